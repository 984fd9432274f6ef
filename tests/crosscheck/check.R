#!/usr/bin/env Rscript
# tests/crosscheck/check.R DIR — recompute every statistic of DIR/out/xcheck/results.csv
# in R from the case's CSV files (DIR/survey.csv, DIR/incidents.csv; the spec's choices
# from DIR/case.rds, written by gen.R) and compare them at METHODS.md's tolerances.
#
# Prints one line per disagreement:
#   MISMATCH seed analysis | outcome | group | method | term | column: trygg=… R=… rel=…
#   LOST     … trygg empty without a reason code where R gives a number (or the reverse)
#   MISSING  … a row R computes that results.csv does not have
#   BOOT     … a bootstrap interval/SE outside the Monte-Carlo band (statistical check)
# and a summary line "checked N numbers in M rows; K rows not covered".  Exit status 0
# (the driver counts the lines).  Needs the survey, MASS, sandwich and lmtest packages.
suppressPackageStartupMessages({ library(survey); library(MASS); library(sandwich); library(lmtest); library(quadprog) })
options(survey.lonely.psu = "fail", warn = -1, stringsAsFactors = FALSE)
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
cs <- readRDS(file.path(dir, "case.rds"))
seed <- cs$seed
cl <- cs$conf_level
zq <- qnorm(1 - (1 - cl) / 2)
TOL_CF <- 1e-6   # closed form (METHODS.md)
TOL_IT <- 1e-4   # iterative fits
# R's fits converged tightly (glm's default epsilon 1e-8 leaves p-values of svyglm off by
# ~1e-4 relative; trygg iterates to 1e-12)
GC <- glm.control(epsilon = 1e-12, maxit = 200)
# The count models (ITS, DiD, their placebo and prediction fits) are fitted with R's own
# default control, glm() and glm.nb() as METHODS.md calls them (epsilon 1e-8, 25
# iterations and alternations), which trygg's IRLS reproduces step for step.  A fit
# converged to 1e-12 differs from that default fit by up to ~2e-5 in a standard error (the
# covariance is read at the weights of the last-but-one iterate), which a p-value shows
# multiplied by z^2: seed 2's level change, p = 2.3e-6 at z = -4.73, is 4.3e-4 relative
# apart between R's default and converged fits, while trygg equals the default fit to
# 1e-14 (tests/r/ref_its_conv.R, tests/unit/test_stats_its_conv.c).
GD <- glm.control()

# ------------------------------------------------------------------ reference rows
REF <- new.env(); REF$rows <- list()
# ref(analysis, outcome, group, method, term, list(col = value, ...), tol): one row R computed
ref <- function(an, out, grp, meth, term, vals, tol = TOL_CF, boot = character(), abs = 0) {
  key <- paste(an, out, grp, meth, term, sep = " | ")
  REF$rows[[key]] <- list(vals = vals, tol = tol, boot = boot, abs = abs)
}
# a family of rows for p_holm / p_bh: adjusted at comparison time over the members that
# results.csv publishes (a withheld row leaves its family, as trygg's disclosure control does)
REF$fams <- list()
holm_bh <- function(keys, p) {
  ok <- !is.na(p)
  if (any(ok)) REF$fams[[length(REF$fams) + 1]] <- list(k = keys[ok], p = p[ok])
}
kf <- function(an, out, grp, meth, term) paste(an, out, grp, meth, term, sep = " | ")
# rows trygg must write without a number but with a reason code (judged, not mirrored):
# need_reason(key, codes, n) — the row must exist (MISSING otherwise), its `reason` be one
# of `codes` and, when given, its `n` equal n; its numbers empty (MISMATCH otherwise)
REF$reasons <- list()
need_reason <- function(key, codes, n = NULL) REF$reasons[[key]] <- list(codes = codes, n = n)
# want_reason(key, code) — a row with numbers (compared as any) that is not a normal
# estimate: its `reason` must be `code` (MISMATCH otherwise), e.g. a fit's last iteration
REF$want <- list()
want_reason <- function(an, out, grp, meth, term, code) REF$want[[kf(an, out, grp, meth, term)]] <- code

# ------------------------------------------------------------------ survey data
sv <- read.csv(file.path(dir, "survey.csv"), encoding = "UTF-8", na.strings = "")
if (is.null(sv$stratum)) sv$stratum <- "all"
if (is.null(sv$psu)) sv$psu <- seq_len(nrow(sv))
sv$strat <- interaction(sv$ar, sv$stratum, drop = TRUE)
if (cs$use_fpc) {
  sv$N <- as.numeric(cs$pop[sv$stratum])
  pw <- cs$pop_wave
  if (!is.null(pw)) sv$N[sv$ar == pw$wave & sv$stratum == pw$stratum] <- pw$N
}
no_weight <- isTRUE(cs$no_weight)
areas <- cs$areas
qinfo <- list(
  q1 = list(valid = 1:4, ind = 3:4, label = "Otrygg"),
  q2 = list(valid = 1:5, ind = 4:5, label = "Stora", score = c(0, 25, 50, 75, 100)),
  q3 = list(number = TRUE, miss = 99),
  q4 = list(valid = 1:2, ind = 1, label = "Ja"),
  q5 = list(valid = 1:5, ind = 3:4, label = "Otrygg", scale = 1:4))
if (isTRUE(cs$q2_rev)) qinfo$q2$reversed <- TRUE
kon_lab <- c("Man", "Kvinna", "Annat"); grp_lab <- c("A", "B", "C", "D")
bands <- list(c(16, 29), c(30, 49), c(50, 64), c(65, 84))
band_lab <- sapply(bands, function(b) sprintf("%d-%d", b[1], b[2]))
band_of <- function(x) { r <- rep(NA_character_, length(x)); for (i in seq_along(bands)) r[x >= bands[[i]][1] & x <= bands[[i]][2]] <- band_lab[i]; r }

# the value of question q under measure m (NA when missing); code = the answer on its scale
value_of <- function(q, m) {
  x <- sv[[q]]; qi <- qinfo[[q]]
  if (!is.null(qi$number)) return(ifelse(x == qi$miss, NA, as.numeric(x)))
  ok <- x %in% qi$valid
  sc <- if (is.null(qi$scale)) qi$valid else qi$scale
  switch(m, indicator = ifelse(ok, as.numeric(x %in% qi$ind), NA),
         mean = ifelse(x %in% sc, as.numeric(x), NA),
         score = ifelse(ok, qi$score[pmax(1, x)], NA))
}
code_of <- function(q) { x <- sv[[q]]; qi <- qinfo[[q]]
  if (!is.null(qi$number)) return(ifelse(x == qi$miss, NA, as.numeric(x)))
  # the answer on its scale ordered best to worst (codes outside the scale: NA)
  sc <- if (is.null(qi$scale)) qi$valid else qi$scale
  r <- ifelse(x %in% sc, as.numeric(x), NA)
  if (isTRUE(qi$reversed)) -r else r }
outcome_id <- function(q, m) {
  if (!is.null(qinfo[[q]]$number)) return(paste0(q, ": mean"))
  switch(m, indicator = paste0(q, ": ", qinfo[[q]]$label), mean = paste0(q, ": mean"),
         score = paste0(q, ": score"))
}
sets <- function(s) trimws(strsplit(s, "+", fixed = TRUE)[[1]])
waves_of <- function(s) {
  s <- trimws(strsplit(s, ",")[[1]])
  unlist(lapply(s, function(x) if (grepl("..", x, fixed = TRUE)) { r <- as.integer(strsplit(x, "..", fixed = TRUE)[[1]]); r[1]:r[2] } else as.integer(x)))
}
group_of <- function(var, rows = TRUE) switch(var,
  area = sv$omrade, kon = kon_lab[sv$kon], grp = grp_lab[sv$grp], alder = band_of(sv$alder))
levels_of <- function(var) switch(var, area = sort(areas, method = "radix"), kon = kon_lab,
  grp = grp_lab, alder = band_lab)

# the design over the rows `use` (the waves of the analysis); every row in it
design_of <- function(use) {
  d <- sv[use, ]
  ids <- if (cs$design == "cluster") ~psu else ~1
  if (no_weight) svydesign(ids = ids, strata = ~strat, fpc = ~N, data = d)
  else if (cs$use_fpc) svydesign(ids = ids, strata = ~strat, weights = ~vikt, fpc = ~N, data = d)
  else svydesign(ids = ids, strata = ~strat, weights = ~vikt, data = d)
}
# domain estimate: y over the rows `dom` (logical over the design's rows)
dom_est <- function(des, y, dom, share) {
  des$variables$.y <- y; des$variables$.d <- dom
  n <- sum(dom & !is.na(y))
  if (n == 0) return(list(n = 0))
  sub <- des[dom, ]
  m <- svymean(~.y, sub, na.rm = TRUE, deff = "replace")
  r <- list(n = n, est = as.numeric(coef(m)), se = as.numeric(SE(m)), df = degf(sub),
            deff = as.numeric(deff(m)))
  if (share) {
    if (r$est > 0 && r$est < 1 && r$df > 0) {
      if (r$df >= 2) {
        ci <- svyciprop(~.y, sub, method = "logit", na.rm = TRUE, level = cl)
        r$lo <- as.numeric(attr(ci, "ci")[1]); r$hi <- as.numeric(attr(ci, "ci")[2])
      } else {
        # df = 1: confint.svyglm turns the t quantile into a normal level
        # 1 - 2 pnorm(qt(.025, 1)), which rounds to 1 in double precision, and gives
        # (-Inf, Inf) -> (0, NaN). The interval it means, by formula:
        h <- qt(1 - (1 - cl) / 2, r$df) * r$se / (r$est * (1 - r$est))
        r$lo <- plogis(qlogis(r$est) - h); r$hi <- plogis(qlogis(r$est) + h)
      }
    }
  } else {
    r$lo <- r$est - zq * r$se; r$hi <- r$est + zq * r$se
  }
  r
}
# contrast sum_k w_k m_k of domain means; cell: a label per design row (NA = none)
contrast <- function(des, y, cell, w) {
  des$variables$.y0 <- ifelse(is.na(y), 0, y)
  des$variables$.cell <- factor(ifelse(is.na(y) | is.na(cell), ".none", cell))
  b <- svyby(~.y0, ~.cell, des, svymean, covmat = TRUE)
  lv <- rownames(as.matrix(coef(b)))
  if (!all(names(w) %in% lv)) return(NULL)
  cw <- setNames(rep(0, length(lv)), lv); cw[names(w)] <- w
  s <- svycontrast(b, cw)
  est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
  # every answer the same: R's SE is 0 up to rounding (1e-17), trygg's exactly 0 with no test
  if (se < 1e-12) { se <- 0; if (abs(est) < 1e-12) est <- 0
    return(list(est = est, se = 0, lo = est, hi = est, z = NA, p = NA)) }
  list(est = est, se = se, lo = est - zq * se, hi = est + zq * se, z = est / se,
       p = 2 * pnorm(-abs(est / se)))
}
put_dom <- function(an, out, grp, meth, term, r, share) {
  if (r$n == 0) { ref(an, out, grp, meth, term, list(n = 0)); return() }
  v <- list(estimate = r$est, std_error = r$se, n = r$n)
  if (!is.null(r$lo)) { v$conf_low <- r$lo; v$conf_high <- r$hi }
  if (share) v$df <- r$df
  ref(an, out, grp, meth, term, v)
}
put_contrast <- function(an, out, grp, meth, term, r) {
  if (is.null(r)) return()
  ref(an, out, grp, meth, term, list(estimate = r$est, std_error = r$se, conf_low = r$lo,
      conf_high = r$hi, statistic = r$z, p_value = r$p))
}
# ------------------------------------------------------------------ unweighted two-group tests
wilson <- function(x, n) prop.test(x, n, correct = FALSE, conf.level = cl)$conf.int
unweighted <- function(an, out, grp, a, b, share, ca, cb, diffterm, cohen = FALSE, number = FALSE,
                       survey = TRUE) {
  # number variables: no ordinal tests in [survey]; Mann-Whitney "p_higher" in [compare]
  worse_word <- if (number) "p_higher" else "p_worse"
  # a, b: the analysed values (first = after / first group); ca, cb: codes on the scale
  na <- length(a); nb <- length(b)
  if (na == 0 || nb == 0) return(list())
  ps <- list()
  if (share) {
    xa <- sum(a); xb <- sum(b)
    la <- wilson(xa, na); lb <- wilson(xb, nb)
    pa <- xa / na; pb <- xb / nb; d <- pa - pb
    v <- list(estimate = d, conf_low = d - sqrt((pa - la[1])^2 + (lb[2] - pb)^2),
              conf_high = d + sqrt((la[2] - pa)^2 + (pb - lb[1])^2), n = na + nb)
    if (var(c(a, b)) > 0) {
      pt <- prop.test(c(xa, xb), c(na, nb), correct = FALSE)
      v$statistic <- as.numeric(pt$statistic); v$p_value <- pt$p.value; v$df <- 1
    }
    ref(an, out, grp, "newcombe", diffterm, v)
    ps$newcombe <- v$p_value
  } else if (na >= 2 && nb >= 2 && var(c(a, b)) > 0) {
    tt <- t.test(a, b, conf.level = cl)
    v <- list(estimate = mean(a) - mean(b), statistic = as.numeric(tt$statistic),
              df = as.numeric(tt$parameter), p_value = tt$p.value, conf_low = tt$conf.int[1],
              conf_high = tt$conf.int[2], n = na + nb)
    v$std_error <- as.numeric(tt$stderr)
    ref(an, out, grp, "welch_t", diffterm, v)
    ps$welch_t <- tt$p.value
    sp <- sqrt(((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2))
    dd <- (mean(a) - mean(b)) / sp; df <- na + nb - 2
    J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
    if (cohen) ref(an, out, grp, "cohen_d", "d", list(estimate = dd))
    ref(an, out, grp, "hedges_g", "g", list(estimate = dd * J))
  } else if (na < 2 || nb < 2) {
    # a group of one answer has no spread to test against (seed 217's one-respondent group)
    need_reason(kf(an, out, grp, "welch_t", diffterm), "group_too_few_for_spread")
  } else if (length(unique(c(a, b))) == 1) {
    # every answer the same in both groups (a comparison area of one answer): no test (R's
    # t.test stops: "data are essentially constant"), the difference 0 with the reason
    ref(an, out, grp, "welch_t", diffterm, list(estimate = 0, n = na + nb))
    want_reason(an, out, grp, "welch_t", diffterm, "t_identical")
  }
  if (length(ca) && length(cb) && length(unique(c(ca, cb))) > 1) {
    wt <- wilcox.test(ca, cb, exact = FALSE, correct = TRUE)
    ref(an, out, grp, "mann_whitney", worse_word, list(estimate = as.numeric(wt$statistic) / (length(ca) * length(cb)),
        statistic = as.numeric(wt$statistic), p_value = wt$p.value, n = length(ca) + length(cb)))
    ps$mann_whitney <- wt$p.value
    if (!number) ref(an, out, grp, "cliff_delta", "delta", list(estimate = mean(sign(outer(ca, cb, "-"))),
        n = length(ca) + length(cb)), boot = c("std_error", "conf_low", "conf_high"))
    if (!number) {
      lv <- sort(unique(c(ca, cb)))
      tab <- cbind(table(factor(ca, lv)), table(factor(cb, lv)))
      ct <- chisq.test(tab, correct = FALSE)
      ref(an, out, grp, "chisq_kx2", "distribution", list(statistic = as.numeric(ct$statistic),
          df = as.numeric(ct$parameter), p_value = ct$p.value, n = length(ca) + length(cb)))
      ps$chisq_kx2 <- ct$p.value
    }
  } else if (length(ca) && length(cb)) {
    # every answer the same: W = na nb / 2 (wilcox.test's, whose p is NaN), P = 1/2, delta 0
    ref(an, out, grp, "mann_whitney", worse_word, list(estimate = 0.5, statistic = length(ca) * length(cb) / 2,
        n = length(ca) + length(cb)))
    want_reason(an, out, grp, "mann_whitney", worse_word, "mw_all_same")
    if (!number) {
      ref(an, out, grp, "cliff_delta", "delta", list(estimate = 0, n = length(ca) + length(cb)))
      want_reason(an, out, grp, "cliff_delta", "delta", "cliff_all_same")
    }
  }
  ps
}
qinfo_number_flag <- FALSE

# Cliff's delta of [survey]'s whole target: a bootstrap of the answers within each period
# (trygg: BCa, 10,000 replicates through --seed).  Compared statistically, never exactly:
# R's own 2,000 replicates; the SE within 15 %, each BCa limit within 0.3 SE + 0.01.
boot_cliff <- function(an, out, grp, ca, cb) {
  na <- length(ca); nb <- length(cb)
  if (na < 2 || nb < 2 || length(unique(c(ca, cb))) < 2) return()
  x <- c(ca, cb); per <- rep(1:2, c(na, nb))
  stat <- function(v, i) { v <- v[i]; a <- v[per == 1]; b <- v[per == 2]
    u <- sum(rank(c(a, b))[seq_along(a)]) - length(a) * (length(a) + 1) / 2
    2 * u / (length(a) * length(b)) - 1 }
  set.seed(seed)
  bt <- boot::boot(x, stat, R = 2000, strata = per)
  ci <- tryCatch(boot::boot.ci(bt, conf = cl, type = "bca")$bca[4:5], error = function(e) c(NA, NA))
  REF$boot[[kf(an, out, grp, "cliff_delta", "delta")]] <- list(se = sd(bt$t), lo = ci[1], hi = ci[2])
}
REF$boot <- list()

# ------------------------------------------------------------------ [survey]
do_survey <- function(id, k) {
  q <- k$question; m <- k$measure; share <- m == "indicator" && is.null(qinfo[[q]]$number)
  qinfo_number_flag <<- !is.null(qinfo[[q]]$number)
  out <- outcome_id(q, m)
  B <- waves_of(k$before); A <- waves_of(k$after)
  use <- sv$ar %in% c(B, A)
  des <- design_of(use)
  d <- sv[use, ]
  y <- value_of(q, m)[use]; code <- code_of(q)[use]
  tgt <- if (is.null(k$area)) rep(TRUE, nrow(d)) else d$omrade %in% sets(k$area)
  per <- ifelse(d$ar %in% B, "before", "after")
  meth <- if (share) "svyciprop" else "svymean"
  res <- list()
  for (p in c("before", "after")) {
    r <- dom_est(des, y, tgt & per == p, share)
    put_dom(id, out, "", meth, p, r, share)
    if (r$n > 0) ref(id, out, "", "deff", p, list(estimate = r$deff, n = r$n))
    res[[p]] <- r
  }
  cell <- ifelse(tgt, per, NA)
  put_contrast(id, out, "", "svydiff", "difference", contrast(des, y, cell, c(after = 1, before = -1)))
  for (w in sort(unique(c(B, A)))) {
    r <- dom_est(des, y, tgt & d$ar == w, share)
    put_dom(id, out, sprintf("wave %d", w), meth, "wave", r, share)
  }
  ua <- y[tgt & per == "after" & !is.na(y)]; ub <- y[tgt & per == "before" & !is.na(y)]
  ca <- code[tgt & per == "after" & !is.na(y) & !is.na(code)]; cb <- code[tgt & per == "before" & !is.na(y) & !is.na(code)]
  if (share) for (p in c("before", "after")) {
    u <- if (p == "after") ua else ub
    if (length(u)) { ci <- wilson(sum(u), length(u))
      ref(id, out, "", "wilson", p, list(estimate = mean(u), conf_low = ci[1], conf_high = ci[2], n = length(u))) }
  }
  unweighted(id, out, "", ua, ub, share, ca, cb, "difference", cohen = TRUE, number = qinfo_number_flag)
  if (!qinfo_number_flag) boot_cliff(id, out, "", ca, cb)
  # the power of the design to detect a fall
  if (share && res$before$n > 0 && res$after$n > 0) {
    neff <- 2 / (res$before$deff / res$before$n + res$after$deff / res$after$n)
    p1 <- res$before$est
    if (is.finite(neff) && p1 > 0 && p1 < 1) {
      f <- function(p2) power.prop.test(n = neff, p1 = p1, p2 = p2, sig.level = 0.05)$power - 0.8
      p2 <- tryCatch(uniroot(f, c(1e-10, p1 - 1e-10), tol = 1e-12)$root, error = function(e) NA)
      ref(id, out, "", "power_prop", "detectable_p2", list(estimate = p2, n = neff))
    }
  }
  # comparison: its own change, and the difference-in-differences
  if (!is.null(k$comparison)) {
    cmp <- d$omrade %in% sets(k$comparison)
    glab <- k$comparison
    for (p in c("before", "after")) {
      r <- dom_est(des, y, cmp & per == p, share)
      put_dom(id, out, glab, meth, p, r, share)
      if (r$n > 0) ref(id, out, glab, "deff", p, list(estimate = r$deff, n = r$n))
    }
    ccell <- ifelse(cmp, per, NA)
    put_contrast(id, out, glab, "svydiff", "difference", contrast(des, y, ccell, c(after = 1, before = -1)))
    dcell <- ifelse(tgt, paste0("T", per), ifelse(cmp, paste0("C", per), NA))
    put_contrast(id, out, "", "svydiff", "did", contrast(des, y, dcell, c(Tafter = 1, Tbefore = -1, Cafter = -1, Cbefore = 1)))
    va <- y[cmp & per == "after" & !is.na(y)]; vb <- y[cmp & per == "before" & !is.na(y)]
    cca <- code[cmp & per == "after" & !is.na(y) & !is.na(code)]; ccb <- code[cmp & per == "before" & !is.na(y) & !is.na(code)]
    unweighted(id, out, glab, va, vb, share, cca, ccb, "difference", number = qinfo_number_flag)
  }
  # subgroups in the target area
  if (!is.null(k$subgroups)) for (var in trimws(strsplit(k$subgroups, ",")[[1]])) {
    g <- group_of(var)[use]
    keys <- c(); ps <- c(); fam <- list()
    for (lv in levels_of(var)) {
      glab <- sprintf("%s: %s", var, lv)
      ing <- tgt & !is.na(g) & g == lv
      if (sum(ing & !is.na(y)) == 0) { empty_level(id, out, glab, meth); next }
      for (p in c("before", "after")) put_dom(id, out, glab, meth, p, dom_est(des, y, ing & per == p, share), share)
      r <- contrast(des, y, ifelse(ing, per, NA), c(after = 1, before = -1))
      put_contrast(id, out, glab, "svydiff", "difference", r)
      if (!is.null(r)) { keys <- c(keys, kf(id, out, glab, "svydiff", "difference")); ps <- c(ps, r$p) }
      va <- y[ing & per == "after" & !is.na(y)]; vb <- y[ing & per == "before" & !is.na(y)]
      cca <- code[ing & per == "after" & !is.na(y) & !is.na(code)]; ccb <- code[ing & per == "before" & !is.na(y) & !is.na(code)]
      pp <- unweighted(id, out, glab, va, vb, share, cca, ccb, "difference", number = qinfo_number_flag)
      for (t in names(pp)) { fam[[t]]$k <- c(fam[[t]]$k, kf(id, out, glab, t, switch(t, mann_whitney = if (qinfo_number_flag) "p_higher" else "p_worse", chisq_kx2 = "distribution", "difference"))); fam[[t]]$p <- c(fam[[t]]$p, pp[[t]]) }
    }
    holm_bh(keys, ps)
    for (t in names(fam)) holm_bh(fam[[t]]$k, fam[[t]]$p)
  }
  # placebo in time: the last wave before against the earlier ones
  if (is.null(k$placebo) || k$placebo == "yes") if (length(B) >= 2) {
    last <- max(B)
    # the last wave's mean against the mean of the earlier waves' means
    pcell <- ifelse(tgt & d$ar %in% B, as.character(d$ar), NA)
    ew <- setdiff(B, last)
    put_contrast(id, out, "", "placebo", "difference",
                 contrast(des, y, pcell, setNames(c(1, rep(-1 / length(ew), length(ew))), c(last, ew))))
  }
}

# a subgroup level without an answer in the target (no respondents, or none answered):
# its rows say so with n = 0 and the reason (docs/results.md), never no rows at all
empty_level <- function(id, out, glab, meth) {
  for (p in c("before", "after")) need_reason(kf(id, out, glab, meth, p), c("svy_empty", "svy_empty_unanswered"), 0)
  need_reason(kf(id, out, glab, "svydiff", "difference"), c("svy_empty", "svy_empty_unanswered"))
}
# a [trend] over two comparable waves: the three trend rows say why there is no trend
# (a line through two points is the change between them, which vs_baseline gives)
two_wave_trend <- function(id, out) {
  for (m in c("trend_chisq|slope", "logit_trend|odds_ratio", "svyglm_trend|odds_ratio")) {
    mt <- strsplit(m, "|", fixed = TRUE)[[1]]
    need_reason(kf(id, out, "", mt[1], mt[2]), "trend_three_waves")
  }
}

# ------------------------------------------------------------------ [trend]
do_trend <- function(id, k) {
  qs <- trimws(strsplit(k$questions, ",")[[1]])
  W <- if (is.null(k$waves)) sort(unique(sv$ar)) else waves_of(k$waves)
  base <- if (is.null(k$baseline)) min(W) else as.integer(k$baseline)
  use <- sv$ar %in% W
  des <- design_of(use); d <- sv[use, ]
  inarea <- if (is.null(k$area)) rep(TRUE, nrow(d)) else d$omrade %in% sets(k$area)
  by <- if (is.null(k$by)) character() else trimws(strsplit(k$by, ",")[[1]])
  prev_keys <- c(); prev_ps <- c()
  for (q in qs) {
    m <- if (is.null(k$measure)) (if (is.null(qinfo[[q]]$number)) "indicator" else "mean") else k$measure
    share <- m == "indicator" && is.null(qinfo[[q]]$number)
    out <- outcome_id(q, m); y <- value_of(q, m)[use]
    meth <- if (share) "svyciprop" else "svymean"; term <- if (share) "proportion" else "mean"
    for (w in W) put_dom(id, out, sprintf("wave %d", w), meth, term, dom_est(des, y, inarea & d$ar == w, share), share)
    cell <- ifelse(inarea, as.character(d$ar), NA)
    keys <- c(); ps <- c()
    for (w in setdiff(W, base)) {
      r <- contrast(des, y, cell, setNames(c(1, -1), c(w, base)))
      put_contrast(id, out, sprintf("wave %d", w), "svydiff", "vs_baseline", r)
      if (!is.null(r)) { keys <- c(keys, kf(id, out, sprintf("wave %d", w), "svydiff", "vs_baseline")); ps <- c(ps, r$p) }
    }
    holm_bh(keys, ps)
    if (length(W) >= 2) {
      lw <- max(W); pw <- max(W[W < lw])
      r <- contrast(des, y, cell, setNames(c(1, -1), c(lw, pw)))
      put_contrast(id, out, sprintf("wave %d", lw), "svydiff", "vs_previous", r)
      if (!is.null(r)) { prev_keys <- c(prev_keys, kf(id, out, sprintf("wave %d", lw), "svydiff", "vs_previous")); prev_ps <- c(prev_ps, r$p) }
    }
    if (share && length(W) >= 3) trend_tests(id, out, "", y, inarea, d, W)
    if (length(W) >= 3) svyglm_trend(id, out, "", des, y, inarea, d)
    if (share && length(W) == 2) two_wave_trend(id, out)
    for (var in by) {
      g <- group_of(var)[use]
      fam_prev <- list(k = c(), p = c()); fam_base <- list(k = c(), p = c())
      for (lv in levels_of(var)) {
        ing <- inarea & !is.na(g) & g == lv
        glab <- sprintf("%s: %s", var, lv)
        present <- c()
        for (w in W) {
          r <- dom_est(des, y, ing & d$ar == w, share)
          if (r$n > 0) present <- c(present, w)
          put_dom(id, out, sprintf("wave %d, %s", w, glab), meth, term, r, share)
        }
        gcell <- ifelse(ing, as.character(d$ar), NA)
        for (j in seq_along(present)[-1]) {
          w <- present[j]
          r <- contrast(des, y, gcell, setNames(c(1, -1), c(w, present[j - 1])))
          kk <- kf(id, out, sprintf("wave %d, %s", w, glab), "svydiff", "vs_previous")
          put_contrast(id, out, sprintf("wave %d, %s", w, glab), "svydiff", "vs_previous", r)
          if (!is.null(r)) { fam_prev$k <- c(fam_prev$k, kk); fam_prev$p <- c(fam_prev$p, r$p) }
        }
        for (w in present) if (w != base && base %in% present) {
          r <- contrast(des, y, gcell, setNames(c(1, -1), c(w, base)))
          kk <- kf(id, out, sprintf("wave %d, %s", w, glab), "svydiff", "vs_baseline")
          put_contrast(id, out, sprintf("wave %d, %s", w, glab), "svydiff", "vs_baseline", r)
          if (!is.null(r)) { fam_base$k <- c(fam_base$k, kk); fam_base$p <- c(fam_base$p, r$p) }
        }
        if (share && length(W) >= 3) trend_tests(id, out, glab, y, ing, d, W)
        if (length(W) >= 3 && length(present) >= 2) svyglm_trend(id, out, glab, des, y, ing, d)
      }
      holm_bh(fam_prev$k, fam_prev$p); holm_bh(fam_base$k, fam_base$p)
    }
  }
  holm_bh(prev_keys, prev_ps)
}
trend_tests <- function(id, out, grp, y, dom, d, W) {
  ok <- dom & !is.na(y)
  xs <- sapply(W, function(w) sum(y[ok & d$ar == w])); ns <- sapply(W, function(w) sum(ok & d$ar == w))
  sc <- W[ns > 0]; xs <- xs[ns > 0]; ns <- ns[ns > 0]
  if (length(sc) >= 3 && (sum(xs) == 0 || sum(xs) == sum(ns))) {
    # nobody (or everybody) in every wave: the share cannot change (seed 210's area where
    # everyone gives the same answer): slope 0 with its reason, no odds ratio
    ref(id, out, grp, "trend_chisq", "slope", list(estimate = 0))
    want_reason(id, out, grp, "trend_chisq", "slope", "trend_constant")
    need_reason(kf(id, out, grp, "logit_trend", "odds_ratio"), if (sum(xs) == 0) "wt_nobody" else "wt_everybody")
    need_reason(kf(id, out, grp, "svyglm_trend", "odds_ratio"), "svytrend_constant")
    return()
  }
  if (length(sc) < 3) return()
  tt <- prop.trend.test(xs, ns, score = sc)
  ref(id, out, grp, "trend_chisq", "slope", list(statistic = as.numeric(tt$statistic), p_value = tt$p.value))
  g <- glm(cbind(xs, ns - xs) ~ sc, family = binomial, control = GC)
  if (g$converged) {
    ci <- confint.default(g, level = cl)
    ref(id, out, grp, "logit_trend", "odds_ratio", list(estimate = exp(coef(g)[2]), conf_low = exp(ci[2, 1]),
        conf_high = exp(ci[2, 2]), std_error = summary(g)$coefficients[2, 2],
        p_value = summary(g)$coefficients[2, 4]), tol = TOL_IT)
  }
}
svyglm_trend <- function(id, out, grp, des, y, dom, d) {
  des$variables$.y <- y; des$variables$.year <- as.numeric(d$ar)
  sub <- des[dom & !is.na(y), ]
  g <- tryCatch(svyglm(.y ~ .year, sub, family = quasibinomial(), control = GC), error = function(e) NULL)
  if (is.null(g) || !g$converged || !is.finite(coef(g)[2])) return()
  s <- summary(g)$coefficients
  if (!is.finite(s[2, 2])) return()
  ci <- confint(g, level = cl)
  ref(id, out, grp, "svyglm_trend", "odds_ratio", list(estimate = exp(coef(g)[[2]]), std_error = s[2, 2],
      conf_low = exp(ci[2, 1]), conf_high = exp(ci[2, 2]), statistic = s[2, 3], p_value = s[2, 4],
      df = g$df.residual), tol = TOL_IT)
}

# ------------------------------------------------------------------ [compare]
do_compare <- function(id, k) {
  q <- k$question; m <- k$measure; share <- m == "indicator" && is.null(qinfo[[q]]$number)
  qinfo_number_flag <<- !is.null(qinfo[[q]]$number)
  out <- outcome_id(q, m)
  W <- waves_of(k$wave); use <- sv$ar %in% W
  des <- design_of(use); d <- sv[use, ]
  y <- value_of(q, m)[use]; code <- code_of(q)[use]
  inarea <- if (is.null(k$area)) rep(TRUE, nrow(d)) else d$omrade %in% sets(k$area)
  meth <- if (share) "svyciprop" else "svymean"; term <- if (share) "proportion" else "mean"
  for (var in trimws(strsplit(k$by, ",")[[1]])) {
    g0 <- group_of(var)[use]
    if (!is.null(k$groups)) {
      specs <- trimws(strsplit(k$groups, ",")[[1]])
      labs <- c(); memb <- list()
      for (s in specs) {
        if (s == "rest") { labs <- c(labs, if (var == "area") "övriga" else "rest"); memb[[length(memb) + 1]] <- "REST"; next }
        parts <- sets(s)
        lvn <- switch(var, area = parts, kon = kon_lab[as.integer(parts)], grp = grp_lab[as.integer(parts)], alder = parts)
        labs <- c(labs, paste(lvn, collapse = " + ")); memb[[length(memb) + 1]] <- lvn
      }
      used <- unlist(memb[!sapply(memb, function(x) identical(x, "REST"))])
      gg <- rep(NA_character_, nrow(d))
      for (i in seq_along(labs)) {
        if (identical(memb[[i]], "REST")) gg[is.na(g0) | !(g0 %in% used)] <- labs[i]
        else gg[!is.na(g0) & g0 %in% memb[[i]]] <- labs[i]
      }
      if (var != "area") gg[is.na(g0) & !("REST" %in% unlist(memb))] <- NA
    } else {
      labs <- if (var == "area") sort(unique(d$omrade[d$ar %in% W]), method = "radix") else levels_of(var)
      gg <- g0
    }
    gg[!inarea] <- NA
    for (lv in labs) put_dom(id, out, sprintf("%s: %s", var, lv), meth, term,
                             dom_est(des, y, !is.na(gg) & gg == lv, share), share)
    prs <- list()
    if (!is.null(k$pairs) && k$pairs == "first") { for (j in seq_along(labs)[-1]) prs[[length(prs) + 1]] <- c(labs[j], labs[1]) }
    else for (i in seq_along(labs)) for (j in seq_along(labs)) if (i < j) prs[[length(prs) + 1]] <- c(labs[i], labs[j])
    fam <- list()
    for (pr in prs) {
      a <- pr[1]; b <- pr[2]; glab <- sprintf("%s: %s vs %s", var, a, b)
      ina <- !is.na(gg) & gg == a; inb <- !is.na(gg) & gg == b
      if (sum(ina & !is.na(y)) > 0 && sum(inb & !is.na(y)) > 0) {
        r <- contrast(des, y, ifelse(ina, "A", ifelse(inb, "B", NA)), c(A = 1, B = -1))
        v <- list(estimate = r$est, std_error = r$se)
        if (r$se > 0) {
          des$variables$.y <- y; des$variables$.ga <- ina
          tt <- tryCatch(svyttest(.y ~ .ga, des[(ina | inb) & !is.na(y), ]), error = function(e) NULL)
          if (!is.null(tt) && tt$parameter >= 1) {
            # svyttest's estimate is (TRUE − FALSE) = a − b
            v$df <- as.numeric(tt$parameter); v$statistic <- as.numeric(tt$statistic)
            v$p_value <- tt$p.value
            tq <- qt(1 - (1 - cl) / 2, v$df)
            v$conf_low <- r$est - tq * r$se; v$conf_high <- r$est + tq * r$se
            fam$svydiff$k <- c(fam$svydiff$k, kf(id, out, glab, "svydiff", "group_difference")); fam$svydiff$p <- c(fam$svydiff$p, tt$p.value)
          }
        }
        ref(id, out, glab, "svydiff", "group_difference", v)
      }
      va <- y[ina & !is.na(y)]; vb <- y[inb & !is.na(y)]
      cca <- code[ina & !is.na(y) & !is.na(code)]; ccb <- code[inb & !is.na(y) & !is.na(code)]
      pp <- unweighted(id, out, glab, va, vb, share, cca, ccb, "group_difference", number = qinfo_number_flag, survey = FALSE)
      for (t in names(pp)) { fam[[t]]$k <- c(fam[[t]]$k, kf(id, out, glab, t, switch(t, mann_whitney = if (qinfo_number_flag) "p_higher" else "p_worse", chisq_kx2 = "distribution", "group_difference"))); fam[[t]]$p <- c(fam[[t]]$p, pp[[t]]) }
    }
    for (t in names(fam)) holm_bh(fam[[t]]$k, fam[[t]]$p)
  }
}

# ------------------------------------------------------------------ [describe]
do_describe <- function(id, k) {
  W <- if (is.null(k$waves)) sort(unique(sv$ar)) else waves_of(k$waves)
  # as of a date before any of its waves was fielded: no rows (the report says so; seed 203)
  if (!length(W)) return()
  use <- sv$ar %in% W
  des <- design_of(use); d <- sv[use, ]
  m <- if (is.null(k$measure)) "mean" else k$measure
  for (v in trimws(strsplit(k$variables, ",")[[1]])) {
    x <- if (v == "alder") as.numeric(d$alder) else value_of(v, m)[use]
    out <- if (m == "score") paste0(v, ": score") else v
    des$variables$.x <- x
    inarea <- if (is.null(k$area)) rep(TRUE, nrow(d)) else d$omrade %in% sets(k$area)
    groups <- list(list(lab = "", g = inarea))
    if (!is.null(k$by)) { g0 <- group_of(k$by)[use]
      for (lv in levels_of(k$by)) groups[[length(groups) + 1]] <- list(lab = sprintf(", %s: %s", k$by, lv), g = inarea & !is.na(g0) & g0 == lv) }
    for (w in W) for (gr in groups) {
      dom <- d$ar == w & gr$g
      glab <- sprintf("wave %d%s", w, gr$lab)
      xv <- x[dom & !is.na(x)]
      if (sum(dom) == 0) { ref(id, out, glab, "describe", "n_valid", list(n = 0)); next }
      ref(id, out, glab, "describe", "n_missing", list(estimate = sum(dom & is.na(x)), n = sum(dom)))
      if (length(xv) == 0) next
      mv <- list(estimate = mean(xv), n = length(xv))
      if (length(xv) >= 2 && sd(xv) > 0) { tt <- t.test(xv, conf.level = cl); mv$conf_low <- tt$conf.int[1]; mv$conf_high <- tt$conf.int[2] }
      ref(id, out, glab, "describe", "mean", mv)
      if (length(xv) >= 2) ref(id, out, glab, "describe", "sd", list(estimate = sd(xv)))
      ref(id, out, glab, "describe", "min", list(estimate = min(xv)))
      ref(id, out, glab, "describe", "max", list(estimate = max(xv)))
      qq <- quantile(xv, c(.25, .5, .75), type = 7)
      for (j in 1:3) ref(id, out, glab, "describe", c("q1", "median", "q3")[j], list(estimate = qq[[j]]))
      sub <- des[dom, ]
      sm <- svymean(~.x, sub, na.rm = TRUE)
      ref(id, out, glab, "svymean", "mean", list(estimate = coef(sm)[[1]], std_error = SE(sm)[[1]],
          conf_low = coef(sm)[[1]] - zq * SE(sm)[[1]], conf_high = coef(sm)[[1]] + zq * SE(sm)[[1]]))
      sv_ <- tryCatch(svyvar(~.x, sub, na.rm = TRUE), error = function(e) NULL)
      if (!is.null(sv_) && length(xv) >= 2) ref(id, out, glab, "svyvar", "sd", list(estimate = sqrt(coef(sv_)[[1]])))
      sq <- tryCatch(svyquantile(~.x, sub, c(.25, .5, .75), qrule = "math", ci = TRUE, na.rm = TRUE, alpha = 1 - cl),
                     error = function(e) NULL)
      if (!is.null(sq)) {
        qm <- sq[[1]]
        # the share's SE (x <= q) is 0 (a census under the fpc): the interval is q itself.
        # R then reads its rule at p = m exactly and the last bit of m decides between
        # neighbours (e.g. (2, 2) around an estimate of 1): not a statistic, not compared
        for (j in 1:3) {
          des$variables$.le <- as.numeric(x <= qm[j, 1])
          sh <- svymean(~.le, des[dom & !is.na(x), ])
          if (SE(sh)[[1]] < 1e-15) { qm[j, 2] <- qm[j, 1]; qm[j, 3] <- qm[j, 1]; qm[j, 4] <- 0 }
        }
        for (j in 1:3) {
          vv <- list(estimate = qm[j, 1])
          if (is.finite(qm[j, 2])) vv$conf_low <- qm[j, 2]
          if (is.finite(qm[j, 3])) vv$conf_high <- qm[j, 3]
          if (is.finite(qm[j, 4])) vv$std_error <- qm[j, 4]
          ref(id, out, glab, "svyquantile", c("q1", "median", "q3")[j], vv)
        }
      }
    }
  }
}

# ------------------------------------------------------------------ [incidents]
inc <- read.csv(file.path(dir, "incidents.csv"), encoding = "UTF-8")
month_index <- function(ym) { y <- as.integer(substr(ym, 1, 4)); m <- as.integer(substr(ym, 6, 7)); (y - 2013) * 12 + m }
inc$t <- month_index(inc$manad)
series <- function(areas_, cats_) {
  s <- inc[inc$omrade %in% areas_ & inc$kategori %in% cats_, ]
  # months every (area, category) of the set has
  key <- table(s$t); full <- as.integer(names(key)[key == length(areas_) * length(cats_)])
  s <- s[s$t %in% full, ]
  y <- tapply(s$antal, s$t, sum)
  r <- data.frame(t = as.integer(names(y)), y = as.numeric(y))
  if (!is.null(s$befolkning)) {
    # the population of an area is counted once per area (categories share it)
    p1 <- s[!duplicated(s[, c("t", "omrade")]), ]
    r$pop <- as.numeric(tapply(p1$befolkning, p1$t, sum)[as.character(r$t)])
  }
  r$month <- (r$t - 1) %% 12 + 1
  r$year <- 2013 + (r$t - 1) %/% 12
  r
}
days_in <- function(t) { y <- 2013 + (t - 1) %/% 12; m <- (t - 1) %% 12 + 1
  as.numeric(as.Date(sprintf("%04d-%02d-01", y + (m == 12), m %% 12 + 1)) - as.Date(sprintf("%04d-%02d-01", y, m))) }
fit_its <- function(s, k, t0, fam) {
  eff <- if (is.null(k$effects)) "level+slope" else k$effects
  L <- if (is.null(k$transition)) 0 else as.integer(k$transition)
  st <- t0 + L
  s$post <- as.integer(s$t >= st); s$tpost <- (s$t - st) * s$post
  s$tt <- s$t - min(s$t) + 1
  full <- s
  s <- s[s$t < t0 | s$t >= st, ]
  seas <- if (is.null(k$seasonality)) "months" else k$seasonality
  f <- "y ~ tt"
  if (eff != "slope") f <- paste(f, "+ post")
  if (eff != "level") f <- paste(f, "+ tpost")
  if (seas == "months") { lv <- unique(s$month); s$fm <- factor(s$month, levels = lv)
    full$fm <- factor(full$month, levels = lv); f <- paste(f, "+ fm") }
  else if (grepl("^harmonic", seas)) {
    K <- if (seas == "harmonic") 1 else as.integer(sub("harmonic:", "", seas))
    for (j in 1:K) { s[[paste0("s", j)]] <- sin(2 * pi * j * s$month / 12); s[[paste0("c", j)]] <- cos(2 * pi * j * s$month / 12)
      full[[paste0("s", j)]] <- sin(2 * pi * j * full$month / 12); full[[paste0("c", j)]] <- cos(2 * pi * j * full$month / 12)
      f <- paste(f, sprintf("+ s%d + c%d", j, j)) }
  }
  if (!is.null(full$pop)) full$pt <- full$pop * days_in(full$t) / 365.25
  off <- if (is.null(k$offset)) "auto" else k$offset
  if (off == "auto") off <- if (!is.null(s$pop) && all(!is.na(s$pop))) "population" else "none"
  if (off == "population") f <- paste(f, "+ offset(log(pop))")
  if (off == "person-time") { s$pt <- s$pop * days_in(s$t) / 365.25; f <- paste(f, "+ offset(log(pt))") }
  fo <- as.formula(f)
  nbpois <- FALSE; notconv <- FALSE
  if (fam == "negbin") {
    nf <- nb_fit(fo, s); fit <- nf$fit; fam <- nf$fam; nbpois <- fam == "poisson"; notconv <- nf$notconv
  }
  if (fam != "negbin") fit <- glm(fo, family = if (fam == "quasi") quasipoisson else poisson, data = s, control = GD)
  list(fit = fit, data = s, eff = eff, full = full, fam = fam, nbpois = nbpois, notconv = notconv)
}
# glm.nb as trygg reads it (docs/methods/counts-and-time-series.md, "Degenerate input"):
# theta without bound -- MASS's iteration or alternation limit reached with theta above
# 1000 x max(1, the mean fitted count), a NaN step of theta.ml (an error here), theta >
# 1e6 -- is the Poisson model, which trygg fits and names (its_poisson, did_poisson); a
# limit reached with theta below that bound (seed 17: "alternation limit reached", theta
# 936, SE 25,000) is a fit that did not settle: the negative binomial's last iteration,
# every row of it with the reason nb_not_converged (notconv)
nb_fit <- function(fo, dd) {
  warn <- FALSE
  fit <- tryCatch(withCallingHandlers(glm.nb(fo, data = dd, control = GD),
                    warning = function(w) { if (grepl("limit", conditionMessage(w))) warn <<- TRUE
                                            invokeRestart("muffleWarning") }),
                  error = function(e) NULL)
  if (is.null(fit) || fit$theta > 1e6 || (warn && fit$theta > 1000 * max(1, mean(fitted(fit)))))
    return(list(fit = glm(fo, family = poisson, data = dd, control = GD), fam = "poisson", notconv = FALSE))
  list(fit = fit, fam = "negbin", notconv = warn)
}
# the DiD of model = its_negbin: the negative binomial, or the Poisson model (nb_fit)
did_negbin_fit <- function(fo, dd) nb_fit(fo, dd)
# A prediction interval S ± z sqrt(V) whose limits are compared through their parts: the
# centre S and the half-width z sqrt(V), each an iterative fit's number at TOL_IT.  The
# limits themselves are not: a lower limit near 0 is a difference of numbers many times
# larger, and carries their relative error multiplied (trygg fits with glm's default
# epsilon 1e-8, as METHODS.md's glm(); the quasi-Poisson dispersion then differs from
# this script's 1e-12 fit by ~5e-5, which a lower limit 28 times smaller than S shows as
# 1.4e-3: tests/r/ref_rtm_conv.R, tests/unit/test_stats_rtm_conv.c)
REF$parts <- list()
interval_parts <- function(key) REF$parts[[key]] <- TRUE
rtm_check <- function(id, out, r, fit, fam, t0) {
  # regression to the mean: the pre-period model fitted to the months before the last
  # 12 before the start predicts their total
  pre <- r$data[r$data$t < t0, ]
  if (nrow(pre) >= 24) {
    fitd <- pre[pre$t < t0 - 12, ]; prd <- pre[pre$t >= t0 - 12, ]
    fo <- formula(fit); fo <- update(fo, . ~ . - post - tpost)
    fo <- as.formula(gsub("\\+ post|\\+ tpost", "", paste(deparse(formula(fit)), collapse = "")))
    if (!is.null(fitd$fm)) { fitd$fm <- factor(fitd$month); prd$fm <- factor(prd$month, levels = levels(fitd$fm)) }
    f2 <- if (fam == "negbin") tryCatch(glm.nb(fo, data = fitd, control = GD), error = function(e) NULL)
          else glm(fo, family = if (fam == "quasi") quasipoisson else poisson, data = fitd, control = GD)
    if (!is.null(f2) && !any(is.na(coef(f2)))) {
      Xp <- model.matrix(delete.response(terms(f2)), prd)
      offp <- model.offset(model.frame(delete.response(terms(f2)), prd)); if (is.null(offp)) offp <- 0
      mu <- exp(drop(Xp %*% coef(f2)) + offp); S <- sum(mu)
      V2 <- vcov(f2); ph2 <- if (fam == "quasi") max(1, summary(f2)$dispersion) else 1
      if (fam == "quasi") V2 <- V2 / summary(f2)$dispersion * ph2
      gg <- colSums(mu * Xp)
      vv <- (if (fam == "negbin") S + sum(mu^2) / f2$theta else ph2 * S) + drop(t(gg) %*% V2 %*% gg)
      ref(id, out, "", "rtm_prediction", "last_year_before", list(estimate = sum(prd$y),
          conf_low = S - zq * sqrt(vv), conf_high = S + zq * sqrt(vv)), tol = TOL_IT)
      interval_parts(kf(id, out, "", "rtm_prediction", "last_year_before"))
    }
  }
}
do_incidents <- function(id, k) {
  cats_ <- sets(k$category); tg <- sets(k$area)
  out <- paste(cats_, collapse = " + ")
  s <- series(tg, cats_)
  t0 <- cs$t0
  model <- if (is.null(k$model)) "its_quasipoisson" else k$model
  # describe and the exact rate ratio
  b <- s[s$t < t0, ]; a <- s[s$t >= t0, ]
  ref(id, out, "", "describe", "before", list(estimate = sum(b$y), n = nrow(b)))
  ref(id, out, "", "describe", "after", list(estimate = sum(a$y), n = nrow(a)))
  usepop <- !is.null(s$pop) && all(!is.na(s$pop))
  Tb <- if (usepop) sum(b$pop) else nrow(b); Ta <- if (usepop) sum(a$pop) else nrow(a)
  if (sum(a$y) + sum(b$y) > 0) {
    pt <- poisson.test(c(sum(a$y), sum(b$y)), c(Ta, Tb), conf.level = cl)
    ref(id, out, "", "poisson_exact", "rate_ratio", list(estimate = as.numeric(pt$estimate), conf_low = pt$conf.int[1],
        conf_high = pt$conf.int[2], p_value = pt$p.value))
  }
  if ((is.null(k$placebo) || k$placebo == "yes") && sum(a$y) + sum(b$y) > 0) {
    # the exact rate ratio at fake starts in the months before the start, 12 on each side
    pre <- b; lr <- c()
    ts <- pre$t
    for (s0 in ts) {
      bb <- pre[pre$t < s0, ]; aa <- pre[pre$t >= s0, ]
      if (nrow(bb) < 12 || nrow(aa) < 12) next
      if (sum(bb$y) == 0 || sum(aa$y) == 0) next
      Tb2 <- if (usepop) sum(bb$pop) else nrow(bb); Ta2 <- if (usepop) sum(aa$pop) else nrow(aa)
      lr <- c(lr, log((sum(aa$y) / Ta2) / (sum(bb$y) / Tb2)))
    }
    if (length(lr) && sum(a$y) > 0 && sum(b$y) > 0) {
      real <- log((sum(a$y) / Ta) / (sum(b$y) / Tb))
      ref(id, out, "", "placebo", "rate_ratio", list(p_value = (1 + sum(abs(lr) >= abs(real))) / (1 + length(lr)),
          n = length(lr)))
    }
  }
  gaps <- length(s$t) != max(s$t) - min(s$t) + 1
  if (model == "rate_ratio" && !gaps && sum(s$y) > 0) {
    # no ITS: the prediction's model is quasi-Poisson with the spec's season and the
    # population offset when every month has one (offset = auto)
    kk <- new.env(); kk$seasonality <- k$seasonality
    rr <- fit_its(s, kk, t0, "quasi")
    if (!is.null(rr$fit)) rtm_check(id, out, rr, rr$fit, "quasi", t0)
  }
  if (model != "rate_ratio" && !gaps && sum(s$y) > 0) {
    fam <- switch(model, its_poisson = "poisson", its_quasipoisson = "quasi", its_negbin = "negbin")
    r <- fit_its(s, k, t0, fam)
    fit <- r$fit; fam <- r$fam
    if (!is.null(fit) && fit$converged) {
      meth <- if (r$nbpois) "its_poisson" else model
      # a negative binomial that did not settle: its rows are its last iteration's, each
      # with the reason (docs/results.md), the residual diagnostics too
      nc <- function(meth_, term_) if (isTRUE(r$notconv)) want_reason(id, out, "", meth_, term_, "nb_not_converged")
      V <- vcov(fit)
      if (fam == "quasi") { ph <- summary(fit)$dispersion; if (ph < 1) V <- V / ph }
      nw <- !is.null(k$se) && k$se == "newey-west"
      if (nw) {
        L <- if (is.null(k$se.lag)) floor(4 * (nrow(r$data) / 100)^(2 / 9)) else as.integer(k$se.lag)
        V <- NeweyWest(fit, lag = L, prewhite = FALSE)
      }
      cf <- coef(fit)
      for (tm in list(c("post", "level_change"), c("tpost", "slope_change"), c("tt", "pre_trend"))) {
        if (!(tm[1] %in% names(cf)) || is.na(cf[tm[1]])) next
        se <- sqrt(V[tm[1], tm[1]]); est <- cf[[tm[1]]]
        useq <- fam == "quasi" && !nw && summary(fit)$dispersion >= 1
        q <- if (useq) qt(1 - (1 - cl) / 2, fit$df.residual) else zq
        pv <- if (useq) 2 * pt(-abs(est / se), fit$df.residual) else 2 * pnorm(-abs(est / se))
        ref(id, out, "", meth, tm[2], list(estimate = exp(est), std_error = se, conf_low = exp(est - zq * se),
            conf_high = exp(est + zq * se), statistic = est / se, p_value = pv), tol = TOL_IT)
        nc(meth, tm[2])
      }
      # cases prevented over the after period: sum of (counterfactual - observed), the
      # counterfactual with post = tpost = 0, delta-method SE with the model's covariance
      # (every month from the start, the phase-in months of a transition included)
      b <- coef(fit); keep <- names(b)[!is.na(b)]
      nd <- r$full[r$full$t >= t0, ]; nd$post <- 0; nd$tpost <- 0
      if (nrow(nd)) {
        tf <- delete.response(terms(fit))
        X0 <- model.matrix(tf, nd)[, keep, drop = FALSE]
        off <- model.offset(model.frame(tf, nd)); if (is.null(off)) off <- 0
        idx <- seq_len(nrow(nd))
        cfv <- exp(drop(X0 %*% b[keep]) + off)
        Vm <- vcov(fit)[keep, keep]
        if (fam == "quasi" && summary(fit)$dispersion < 1) Vm <- Vm / summary(fit)$dispersion
        g <- colSums(cfv * X0); sp <- sqrt(drop(t(g) %*% Vm %*% g))
        P <- sum(cfv) - sum(nd$y)
        ref(id, out, "", meth, "prevented", list(estimate = P, std_error = sp, conf_low = P - zq * sp,
            conf_high = P + zq * sp, n = length(idx)), tol = TOL_IT)
        nc(meth, "prevented")
      }
      rtm_check(id, out, r, fit, fam, t0)
      # placebo in time: the same terms (no transition) at every fake start with 12
      # months on each side inside the months before the start; rank of |b|
      if ((is.null(k$placebo) || k$placebo == "yes") && isTRUE(r$notconv)) {
        # no real estimate to rank: the rows say why (the effects' reason), no numbers
        for (tm in list(c("post", "level_change"), c("tpost", "slope_change")))
          if (tm[1] %in% names(cf)) need_reason(kf(id, out, "", "placebo", tm[2]), "nb_not_converged")
      } else if (is.null(k$placebo) || k$placebo == "yes") {
        pre <- r$full[r$full$t < t0, ]
        t0i <- t0 - min(r$full$t) + 1
        ss <- if (t0i - 12 >= 13) 13:(t0i - 12) else integer()
        if (length(ss)) {
          bl <- c(); bs <- c()
          fo <- formula(fit)
          for (s0 in ss) {
            pd <- pre; pd$post <- as.integer(pd$tt >= s0); pd$tpost <- (pd$tt - s0) * pd$post
            if (!is.null(pd$fm)) pd$fm <- factor(pd$month, levels = unique(pd$month))
            pf <- if (fam == "negbin") tryCatch(glm.nb(fo, data = pd, control = GD), error = function(e) NULL)
                  else glm(fo, family = if (fam == "quasi") quasipoisson else poisson, data = pd, control = GD)
            if (is.null(pf) || !pf$converged) next
            bl <- c(bl, if ("post" %in% names(coef(pf))) coef(pf)[["post"]] else NA)
            bs <- c(bs, if ("tpost" %in% names(coef(pf))) coef(pf)[["tpost"]] else NA)
          }
          for (tm in list(list("post", "level_change", bl), list("tpost", "slope_change", bs))) {
            if (!(tm[[1]] %in% names(cf)) || is.na(cf[[tm[[1]]]])) next
            bb <- tm[[3]][!is.na(tm[[3]])]
            ref(id, out, "", "placebo", tm[[2]], list(p_value = (1 + sum(abs(bb) >= abs(cf[[tm[[1]]]]))) / (1 + length(bb)),
                n = length(bb)), tol = TOL_IT)
          }
        }
      }
      # Ljung-Box on the deviance residuals
      rr <- residuals(fit, type = "deviance"); h <- min(12, length(rr) - 1)
      bt <- Box.test(rr, lag = h, type = "Ljung-Box")
      ref(id, out, "", "ljung_box", "residuals", list(statistic = as.numeric(bt$statistic), df = h, p_value = bt$p.value), tol = TOL_IT)
      nc("ljung_box", "residuals")
      ac <- acf(rr, lag.max = h, plot = FALSE)$acf[-1]
      for (j in seq_len(h)) { ref(id, out, "", "acf", sprintf("lag%d", j), list(estimate = ac[j]), tol = TOL_IT); nc("acf", sprintf("lag%d", j)) }
    }
  }
  if (identical(k$comparison, "synthetic")) { do_synth(id, out, k, t0); return() }
  # difference-in-differences, RES, WDQ/WDD
  if (!is.null(k$comparison)) {
    cs_ <- series(sets(k$comparison), cats_)
    both <- intersect(s$t, cs_$t)
    st <- s[s$t %in% both, ]; sc <- cs_[cs_$t %in% both, ]
    dd <- rbind(transform(st, area = 1), transform(sc, area = 0))
    dd$post <- as.integer(dd$t >= t0)
    fam <- switch(model, its_quasipoisson = "quasi", its_negbin = "negbin", "poisson")
    seas <- if (is.null(k$seasonality)) "months" else k$seasonality
    f <- "y ~ area * post"; if (seas != "none") { dd$fm <- factor(dd$month); f <- paste(f, "+ fm") }
    if (!is.null(dd$pop) && all(!is.na(dd$pop))) f <- paste(f, "+ offset(log(pop))")
    dnc <- FALSE
    if (fam == "negbin") { nf <- did_negbin_fit(as.formula(f), dd); fit <- nf$fit; fam <- nf$fam; dnc <- nf$notconv }
    else fit <- glm(as.formula(f), family = if (fam == "quasi") quasipoisson else poisson, data = dd, control = GD)
    ab <- sum(st$y[st$t < t0]); aa <- sum(st$y[st$t >= t0]); cb <- sum(sc$y[sc$t < t0]); ca <- sum(sc$y[sc$t >= t0])
    if (!is.null(fit) && fit$converged && min(ab, aa, cb, ca) > 0) {
      meth <- paste0("did_", fam)
      if (fam == "quasi") meth <- "did_quasipoisson"
      V <- vcov(fit); ph <- if (fam == "quasi") summary(fit)$dispersion else 1
      useq <- fam == "quasi" && ph >= 1
      if (fam == "quasi" && ph < 1) V <- V / ph
      est <- coef(fit)[["area:post"]]; se <- sqrt(V["area:post", "area:post"])
      q <- zq   # Wald (normal) interval, as confint.default; the p-value is summary()'s
      ref(id, out, "", meth, "did", list(estimate = exp(est), std_error = se, conf_low = exp(est - q * se),
          conf_high = exp(est + q * se)), tol = TOL_IT)
      for (tm in c("did", "rr_target", "rr_control")) if (dnc) want_reason(id, out, "", meth, tm, "nb_not_converged")
      if (is.null(k$placebo) || k$placebo == "yes") {
        pre <- dd[dd$t < t0, ]; ut <- sort(unique(pre$t)); bl <- c()
        for (s0 in ut) {
          if (sum(ut < s0) < 12 || sum(ut >= s0) < 12) next
          pd <- pre; pd$post <- as.integer(pd$t >= s0)
          if (!is.null(pd$fm)) pd$fm <- factor(pd$month)
          # a fake start whose negative binomial theta diverges is the Poisson fit (as
          # the real one; trygg keeps it, its coefficients being Poisson's)
          pf <- if (fam == "negbin") did_negbin_fit(as.formula(f), pd)$fit
                else glm(as.formula(f), family = if (fam == "quasi") quasipoisson else poisson, data = pd, control = GD)
          if (is.null(pf) || !pf$converged || is.na(coef(pf)[["area:post"]])) next
          bl <- c(bl, coef(pf)[["area:post"]])
        }
        if (length(bl)) ref(id, out, "", "placebo", "did", list(p_value = (1 + sum(abs(bl) >= abs(est))) / (1 + length(bl)),
            n = length(bl)), tol = TOL_IT)
      }
      for (rt in list(list("rr_target", c(post = 1, `area:post` = 1)), list("rr_control", c(post = 1)))) {
        g <- setNames(rep(0, length(coef(fit))), names(coef(fit))); g[names(rt[[2]])] <- rt[[2]]
        e <- sum(g * coef(fit)); se2 <- sqrt(as.numeric(t(g) %*% V %*% g))
        ref(id, out, "", meth, rt[[1]], list(estimate = exp(e), std_error = se2, conf_low = exp(e - q * se2),
            conf_high = exp(e + q * se2)), tol = TOL_IT)
      }
    }
    if (min(ab, aa, cb, ca) > 0) {
      res <- (ab * ca) / (aa * cb); vr <- 1 / ab + 1 / aa + 1 / cb + 1 / ca
      ref(id, out, "", "res", "res", list(estimate = res, std_error = sqrt(vr), conf_low = exp(log(res) - zq * sqrt(vr)),
          conf_high = exp(log(res) + zq * sqrt(vr))))
      q4 <- rbind(transform(st, area = 1), transform(sc, area = 0)); q4$per <- as.integer(q4$t >= t0)
      # the quasi-Poisson dispersion of the four-cell means model, by formula (the glm's
      # fitted means are the cell means only to its convergence tolerance)
      cm <- ave(q4$y, q4$area, q4$per)
      ph <- sum((q4$y - cm)^2 / cm) / (nrow(q4) - 4)
      vr2 <- vr * max(1, ph)
      ref(id, out, "", "res_od", "res", list(estimate = res, std_error = sqrt(vr2), conf_low = exp(log(res) - zq * sqrt(vr2)),
          conf_high = exp(log(res) + zq * sqrt(vr2))))
    }
    if (!is.null(k$buffer)) {
      bs <- series(sets(k$buffer), cats_)
      all3 <- Reduce(intersect, list(s$t, cs_$t, bs$t))
      R_ <- s[s$t %in% all3, ]; C_ <- cs_[cs_$t %in% all3, ]; D_ <- bs[bs$t %in% all3, ]
      Rb <- sum(R_$y[R_$t < t0]); Ra <- sum(R_$y[R_$t >= t0]); Cb <- sum(C_$y[C_$t < t0]); Ca <- sum(C_$y[C_$t >= t0])
      Db <- sum(D_$y[D_$t < t0]); Da <- sum(D_$y[D_$t >= t0])
      if (Cb > 0 && Ca > 0 && Ra / Ca - Rb / Cb != 0)
        ref(id, out, "", "wdq", "wdq", list(estimate = (Da / Ca - Db / Cb) / (Ra / Ca - Rb / Cb)))
      nb_ <- sum(all3 < t0); na_ <- sum(all3 >= t0)
      if (nb_ > 0 && na_ > 0) {
        wdd <- (Ra / na_ - Rb / nb_) - (Ca / na_ - Cb / nb_) + (Da / na_ - Db / nb_)
        v <- (Ra + Ca + Da) / na_^2 + (Rb + Cb + Db) / nb_^2
        ref(id, out, "", "wdd", "wdd", list(estimate = wdd, std_error = sqrt(v), conf_low = wdd - zq * sqrt(v),
            conf_high = wdd + zq * sqrt(v), statistic = wdd / sqrt(v), p_value = 2 * pnorm(-abs(wdd / sqrt(v)))))
      }
    }
  }
}

# ------------------------------------------------------------------ synthetic comparison
# comparison = synthetic (docs/methods/synthetic-control.md): the donors' and the target's
# monthly series on the chosen scale, the weights by quadprog on the months before the
# start (w >= 0, sum 1), the gap, its summaries, the placebo areas (each donor against the
# others, the real target left out; the permutation p of the post/pre RMSPE ratios) and the
# placebo in time (a fake start halfway through the pre-period)
synth_w <- function(y, Y) {
  J <- ncol(Y)
  if (J == 1) return(1)
  D <- crossprod(Y)
  # quadprog needs D positive definite: a ridge of 1e-9 x mean(diag) where it is not
  if (min(eigen(D, symmetric = TRUE, only.values = TRUE)$values) <= 1e-10 * mean(diag(D)))
    D <- D + diag(1e-9 * mean(diag(D)), J)
  w <- quadprog::solve.QP(Dmat = D, dvec = drop(crossprod(Y, y)), Amat = cbind(1, diag(J)),
                          bvec = c(1, rep(0, J)), meq = 1)$solution
  w[w < 1e-10] <- 0   # quadprog leaves ~1e-17 where the active set has an exact 0
  w / sum(w)
}
synth_fit <- function(y, Y, w, t0) {
  syn <- drop(Y %*% w); gap <- y - syn; pre <- seq_len(t0 - 1); post <- setdiff(seq_along(y), pre)
  rp <- sqrt(mean(gap[pre]^2)); if (rp <= 1e-6 * sqrt(mean(y[pre]^2))) rp <- 0
  ro <- sqrt(mean(gap[post]^2))
  list(gap = gap, syn = syn, rmspe_pre = rp, rmspe_post = ro,
       ratio = if (rp > 0) ro / rp else if (ro > 0) Inf else NaN,
       post_ratio = if (sum(syn[post]) > 0) sum(y[post]) / sum(syn[post]) else NA,
       cum = sum(gap[post]))
}
do_synth <- function(id, out, k, t0) {
  all <- inc[inc$kategori == k$category, ]
  tg <- all[all$omrade == k$area, ]; tg <- tg[order(tg$t), ]
  dn <- if (is.null(k$donors)) sort(setdiff(unique(all$omrade), k$area)) else sets(k$donors)
  if (!is.null(k[["donors.exclude", exact = TRUE]])) dn <- setdiff(dn, sets(k[["donors.exclude"]]))
  # a donor that lacks a month the target has is left out
  dn <- dn[sapply(dn, function(a) all(tg$t %in% all$t[all$omrade == a]))]
  pop_all <- !is.null(all$befolkning) && all(!is.na(all$befolkning[all$omrade %in% c(k$area, dn)]))
  rate <- (is.null(k$scale) || k$scale == "rate") && pop_all
  val <- function(a) { s <- all[all$omrade == a, ]; s <- s[match(tg$t, s$t), ]
    if (rate) 1000 * s$antal / s$befolkning else as.numeric(s$antal) }
  y <- val(k$area); Y <- sapply(dn, val); if (!is.matrix(Y)) Y <- matrix(Y, ncol = length(dn))
  ti <- sum(tg$t < t0) + 1               # the first month after the start, 1-based
  if (length(dn) == 0 || ti < 3 || ti > length(y)) return()
  w <- synth_w(y[seq_len(ti - 1)], Y[seq_len(ti - 1), , drop = FALSE])
  f <- synth_fit(y, Y, w, ti)
  # weights: quadprog's solution is exact to ~1e-10; a weight compared absolutely
  for (d in seq_along(dn)) ref(id, out, dn[d], "synth", "weight", list(estimate = w[d]), tol = 1e-6)
  post <- ti:length(y); pc <- if (rate) tg$befolkning[post] / 1000 else 1
  # the gap month by month: a difference near 0 compared on the series' scale
  sc <- max(abs(y), abs(f$syn))
  for (m in seq_along(y)) ref(id, out, sprintf("%04d-%02d", 2013 + (tg$t[m] - 1) %/% 12, (tg$t[m] - 1) %% 12 + 1),
                              "synth", "gap", list(estimate = f$gap[m]), tol = 1e-6, abs = 1e-6 * sc)
  # the placebo areas
  p <- NA; units <- NA
  if (length(dn) >= 2) {
    mx <- if (is.null(k[["placebo.max_pre_ratio", exact = TRUE]])) 5 else as.numeric(k[["placebo.max_pre_ratio"]])
    rk <- 1; units <- 1
    for (d in seq_along(dn)) {
      wd <- synth_w(Y[seq_len(ti - 1), d], Y[seq_len(ti - 1), -d, drop = FALSE])
      fd <- synth_fit(Y[, d], Y[, -d, drop = FALSE], wd, ti)
      if ((mx > 0 && fd$rmspe_pre > mx * f$rmspe_pre) || is.nan(fd$ratio)) next
      units <- units + 1
      if (!is.nan(f$ratio) && fd$ratio >= f$ratio) rk <- rk + 1   # ties count against the target
    }
    p <- if (is.nan(f$ratio)) NA else rk / units
  }
  tol <- 1e-6
  ref(id, out, "", "synth", "post_ratio", list(estimate = f$post_ratio, p_value = p, n = length(post)), tol = tol)
  ref(id, out, "", "synth", "cumulative_gap", list(estimate = f$cum, n = length(post)), tol = tol)
  ref(id, out, "", "synth", "prevented_cases", list(estimate = -sum(f$gap[post] * pc), n = length(post)), tol = tol)
  ref(id, out, "", "synth", "rmspe_pre", list(estimate = f$rmspe_pre, n = ti - 1), tol = tol)
  ref(id, out, "", "synth", "rmspe_post", list(estimate = f$rmspe_post, n = length(post)), tol = tol)
  ref(id, out, "", "synth", "rmspe_ratio", list(estimate = f$ratio, p_value = p, n = units), tol = tol)
  # leave one out (the report's range, results.csv leave_one_out_min/max): each donor with
  # a weight above 1e-6 dropped, the weights refitted on the others, the post-period ratio
  if (length(dn) >= 2) {
    lr <- c()
    for (d in which(w > 1e-6)) {
      wd <- synth_w(y[seq_len(ti - 1)], Y[seq_len(ti - 1), -d, drop = FALSE])
      fd <- synth_fit(y, Y[, -d, drop = FALSE], wd, ti)
      if (is.finite(fd$post_ratio)) lr <- c(lr, fd$post_ratio)
    }
    if (length(lr)) {
      ref(id, out, "", "synth", "leave_one_out_min", list(estimate = min(lr), n = length(lr)), tol = 1e-6)
      ref(id, out, "", "synth", "leave_one_out_max", list(estimate = max(lr), n = length(lr)), tol = 1e-6)
    }
  }
  # placebo in time: weights on the first half of the pre-period, judged on the rest of it
  tf <- (ti - 1) %/% 2
  if (tf >= 2) {
    pre <- seq_len(ti - 1)
    w2 <- synth_w(y[seq_len(tf)], Y[seq_len(tf), , drop = FALSE])
    f2 <- synth_fit(y[pre], Y[pre, , drop = FALSE], w2, tf + 1)
    ref(id, out, "", "synth", "placebo_time_ratio", list(estimate = f2$post_ratio, n = ti - 1 - tf), tol = tol)
  }
}

# ixc1's part (tests/crosscheck/check_ext.R): --as-of, [intermittent], [activity],
# [alternative], `trygg power`
source(file.path(dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))),
                 "check_ext.R"), local = TRUE)
power_check()
for (s in cs$sections) {
  if (s$kind == "alternative") next   # recomputed with its [incidents] section
  sid <- if (is.null(s$keys$survey)) "" else s$keys$survey
  f <- switch(s$kind, survey = switch(sid, xh = do_survey_xh, xe = do_xe("survey"), do_survey),
              trend = if (sid == "xh") do_trend_xh else do_trend,
              compare = switch(sid, xh = do_compare_xh, xe = do_xe("compare"), do_compare),
              describe = if (sid == "xe") do_xe("describe") else do_describe_alpha,   # do_describe, and the item group's alpha
              incidents = function(id, k) { do_incidents(id, k); do_alternatives(id, k) },
              intermittent = do_intermittent, activity = do_activity)
  # the keys as an environment: `$` on a list matches partially (k$se would find seasonality)
  tryCatch(f(s$id, list2env(s$keys)), error = function(e) cat(sprintf("RERROR %d %s: %s\n", seed, s$id, conditionMessage(e))))
}

# ------------------------------------------------------------------ compare
rs <- read.csv(file.path(dir, "out", "xcheck", "results.csv"), encoding = "UTF-8", colClasses = "character")
rs$key <- paste(rs$analysis, rs$outcome, rs$group, rs$method, rs$term, sep = " | ")
num <- function(x) if (is.null(x) || x == "") NA_real_ else as.numeric(x)
cols <- c("estimate", "std_error", "conf_low", "conf_high", "statistic", "df", "p_value", "p_holm", "p_bh", "n")
nchk <- 0; nbad <- 0; covered <- rep(FALSE, nrow(rs))
for (f in REF$fams) {
  pub <- sapply(f$k, function(k) { i <- which(rs$key == k); length(i) > 0 && rs$reason[i[1]] != "suppressed" })
  if (!any(pub)) next
  h <- p.adjust(f$p[pub], "holm"); b <- p.adjust(f$p[pub], "BH")
  for (j in seq_along(which(pub))) { k <- f$k[pub][j]
    REF$rows[[k]]$vals$p_holm <- h[j]; REF$rows[[k]]$vals$p_bh <- b[j] }
}
relf <- function(a, b) abs(a - b) / max(abs(b), 1e-300)
# the centre and half-width of a row's interval against R's (interval_parts); returns
# the number of disagreements printed
compare_parts <- function(key, rr, row) {
  lo <- num(row$conf_low); hi <- num(row$conf_high)
  rl <- rr$vals$conf_low; rh <- rr$vals$conf_high
  if (is.na(lo) || is.na(hi)) {
    if (row$reason != "") return(0)
    cat(sprintf("LOST %d %s | conf_low/conf_high: trygg empty\n", seed, key)); return(1)
  }
  nchk <<- nchk + 2; bad <- 0
  for (p in list(list("centre", (lo + hi) / 2, (rl + rh) / 2), list("half-width", (hi - lo) / 2, (rh - rl) / 2)))
    if (abs(p[[2]] - p[[3]]) > rr$tol * max(abs(p[[2]]), abs(p[[3]])) + 1e-12) {
      cat(sprintf("MISMATCH %d %s | interval %s: trygg=%.12g R=%.12g rel=%.2e\n", seed, key, p[[1]], p[[2]], p[[3]], relf(p[[2]], p[[3]])))
      bad <- bad + 1 }
  bad
}
for (key in names(REF$rows)) {
  rr <- REF$rows[[key]]
  i <- which(rs$key == key)
  if (length(i) == 0) {
    # without disclosure control (min-cell 1) every row R computes must be there; an
    # empty group (n = 0) may have no row
    if (cs$min_cell == 1 && !identical(names(rr$vals), "n")) { cat(sprintf("MISSING %d %s\n", seed, key)); nbad <- nbad + 1 }
    next
  }
  i <- i[1]; covered[i] <- TRUE
  if (rs$reason[i] == "suppressed") next
  wr <- REF$want[[key]]
  if (!is.null(wr) && rs$reason[i] != wr) {
    cat(sprintf("MISMATCH %d %s | reason: trygg=%s, want %s\n", seed, key, rs$reason[i], wr)); nbad <- nbad + 1 }
  parts <- isTRUE(REF$parts[[key]])
  if (parts) nbad <- nbad + compare_parts(key, rr, rs[i, ])
  for (col in names(rr$vals)) {
    if (parts && col %in% c("conf_low", "conf_high")) next
    rv <- as.numeric(rr$vals[[col]]); tv <- num(rs[[col]][i])
    boot <- col %in% rr$boot
    if (is.na(rv) && is.na(tv)) next
    nchk <- nchk + 1
    if (is.na(tv) || is.na(rv)) {
      if (is.na(tv) && rs$reason[i] != "") next        # trygg says why
      cat(sprintf("LOST %d %s | %s: trygg=%s R=%s reason=%s\n", seed, key, col, rs[[col]][i], format(rv, digits = 10), rs$reason[i]))
      nbad <- nbad + 1; next
    }
    if (is.infinite(rv) || is.infinite(tv)) { if (rv != tv) { cat(sprintf("MISMATCH %d %s | %s: trygg=%s R=%s\n", seed, key, col, tv, rv)); nbad <- nbad + 1 }; next }
    tol <- if (col %in% c("p_value", "p_holm", "p_bh")) max(rr$tol, 1e-6) else rr$tol
    d <- abs(tv - rv); ok <- d <= tol * max(abs(rv), abs(tv)) || d <= max(1e-12, rr$abs)
    if (col %in% c("p_value", "p_holm", "p_bh") && d <= 1e-10) ok <- TRUE
    # an autocorrelation is a correlation: near 0 its relative error is not a measure; the
    # fit's own convergence (glm's epsilon 1e-8, which trygg reproduces and R's default
    # uses) moves it by ~1e-5 on its scale (seed 21: lags of 0.01 at 5e-4 relative)
    if (grepl(" | acf | ", key, fixed = TRUE) && d <= 1e-4) ok <- TRUE
    if (!ok) {
      cat(sprintf("MISMATCH %d %s | %s: trygg=%.12g R=%.12g rel=%.2e\n", seed, key, col, tv, rv, relf(tv, rv)))
      nbad <- nbad + 1
    }
  }
}
for (key in names(REF$boot)) {
  i <- which(rs$key == key); if (length(i) == 0) next
  i <- i[1]; b <- REF$boot[[key]]
  if (rs$reason[i] == "suppressed" || rs$std_error[i] == "") next
  se <- num(rs$std_error[i]); lo <- num(rs$conf_low[i]); hi <- num(rs$conf_high[i])
  nchk <- nchk + 1
  if (abs(se - b$se) > 0.15 * b$se) {
    cat(sprintf("BOOT %d %s | std_error: trygg=%.6g R=%.6g (R: 2000 replicates)\n", seed, key, se, b$se)); nbad <- nbad + 1 }
  for (lim in list(list("conf_low", lo, b$lo), list("conf_high", hi, b$hi))) {
    if (is.na(lim[[3]]) || is.na(lim[[2]])) next
    if (abs(lim[[2]] - lim[[3]]) > 0.3 * b$se + 0.01) {
      cat(sprintf("BOOT %d %s | %s: trygg=%.6g R=%.6g (BCa; R: 2000 replicates)\n", seed, key, lim[[1]], lim[[2]], lim[[3]]))
      nbad <- nbad + 1 }
  }
}
for (key in names(REF$reasons)) {
  rr <- REF$reasons[[key]]
  i <- which(rs$key == key)
  if (length(i) == 0) { cat(sprintf("MISSING %d %s (a row with reason %s)\n", seed, key, paste(rr$codes, collapse = "/"))); nbad <- nbad + 1; next }
  i <- i[1]; covered[i] <- TRUE
  if (rs$reason[i] == "suppressed") next
  nchk <- nchk + 1
  nums <- unlist(rs[i, setdiff(cols, c("n", "p_holm", "p_bh"))])
  bad <- !(rs$reason[i] %in% rr$codes) || (!is.null(rr$n) && num(rs$n[i]) != rr$n) ||
    (rs$estimate[i] != "" && !identical(rr$codes, "trend_three_waves"))
  if (identical(rr$codes, "trend_three_waves")) bad <- bad || any(nums != "")
  if (bad) { cat(sprintf("MISMATCH %d %s | reason: trygg=%s n=%s estimate=%s, want %s%s\n", seed, key, rs$reason[i], rs$n[i],
                         rs$estimate[i], paste(rr$codes, collapse = "/"), if (is.null(rr$n)) "" else sprintf(" n=%d", rr$n)))
             nbad <- nbad + 1 }
}
# rows trygg has that no reference covers
# (a row with no number and a reason says why it has none: nothing to compare)
hasnum <- apply(rs[, setdiff(cols, "n")], 1, function(v) any(v != ""))
unc <- rs[!covered & rs$reason != "suppressed" & hasnum, ]
if (nzchar(Sys.getenv("CROSSCHECK_VERBOSE")))
  for (j in seq_len(nrow(unc))) cat(sprintf("UNCOVERED %d %s\n", seed, unc$key[j]))
tab <- table(paste(unc$method, unc$term))
cat(sprintf("SUMMARY %d checked %d numbers in %d rows; %d disagreements; %d of %d rows not covered: %s\n",
            seed, nchk, sum(covered), nbad, nrow(unc), nrow(rs),
            paste(sprintf("%s (%d)", names(tab), as.integer(tab)), collapse = ", ")))
