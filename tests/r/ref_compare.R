#!/usr/bin/env Rscript
# Reference values for survey comparisons within a wave ([compare] sections of
# `trygg run`, src/lib/eval/analyze_compare.c and survey_groups.c): groups of one
# design against each other, design-based as
#     svycontrast(svyby(~y, ~g, design, svymean, covmat = TRUE), c(A = 1, B = -1))
# (checked here to equal svyttest(y ~ g, design) in estimate and SE; the test and
# interval are svyttest's: t on the design's degrees of freedom), Holm and BH over
# the pairs of a grouping, and the unweighted two-group tests per pair.  Checked end to
# end by tests/e2e/test_compare.c and in part by tests/unit/test_survey_groups.c.
#
# Run from the repository root:   Rscript tests/r/ref_compare.R
# Writes tests/data/compare/answers.csv and answers_lonely.csv (Swedish CSV: ';' and
# decimal comma) and tests/r/values/compare.csv (case,key,value).  All are committed;
# the test suite never needs R.
#
# Nasty on purpose: strata and clusters (PSUs) that cut across the groups, so groups
# share PSUs and their estimates are correlated; weights from 0.002 to 4000; "Vet ej"
# and empty answers; a background group of two respondents (withheld); an age group
# with one respondent (withheld by default; with --min-cell 1 published, and Welch
# refuses it); a declared
# age group without respondents (empty); two areas where everyone gave the same answer
# to Q2 (zero variance: the difference has SE 0); and a second file where a stratum
# has a single PSU (refused).
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

set.seed(20261205)
dir <- "tests/data/compare"
areas <- c("Åkersberga centrum", "Näset", "Söra", "Ljusterö", "Svinninge")
rows <- list()
id <- 0
for (year in 2018:2019) {
  psu <- 0
  for (stratum in 1:3) {
    for (k in 1:(3 + stratum)) {
      psu <- psu + 1
      n <- sample(10:22, 1)
      for (i in seq_len(n)) {
        id <- id + 1
        area <- sample(1:5, 1, prob = c(0.3, 0.25, 0.2, 0.13, 0.12))
        kon <- sample(1:2, 1)
        age <- sample(1:3, 1)
        p <- c(0.35, 0.22, 0.18, 0.12, 0.10)[area] + (kon == 2) * 0.1 + (age == 1) * 0.05 +
          0.04 * (psu %% 3)
        unsafe <- runif(1) < p
        q1 <- if (unsafe) sample(3:4, 1, prob = c(0.6, 0.4)) else sample(1:2, 1, prob = c(0.4, 0.6))
        r <- runif(1)
        q1 <- if (r < 0.04) 8 else if (r < 0.06) NA else q1
        q2 <- if (area >= 4) 2 else sample(1:2, 1, prob = c(0.3 + 0.05 * area, 0.7 - 0.05 * area))
        w <- round(runif(1, 1, 50), 3)
        u <- runif(1)
        if (u < 0.015) w <- 0.002 else if (u < 0.03) w <- 4000
        rows[[length(rows) + 1]] <- data.frame(LOPNR = id, AR = year, OMRADE = area, KON = kon,
                                               ALDGR = age, VIKT = w, STRATUM = stratum,
                                               KLUSTER = year * 100 + psu, Q1 = q1, Q2 = q2)
      }
    }
  }
}
d <- do.call(rbind, rows)
# two respondents of "Annat" and one of "65+" in 2019
i19 <- which(d$AR == 2019)
d$KON[i19[c(7, 40)]] <- 3
d$ALDGR[i19[25]] <- 4

write_answers <- function(x, file) {
  out <- x
  out$VIKT <- sub(".", ",", sprintf("%.3f", x$VIKT), fixed = TRUE)
  out$Q1 <- ifelse(is.na(x$Q1), "", x$Q1)
  write.table(out, file.path(dir, file), sep = ";", quote = FALSE, row.names = FALSE,
              fileEncoding = "UTF-8")
}
write_answers(d, "answers.csv")
# the same survey with stratum 3 of 2019 reduced to one PSU
lonely <- d[!(d$AR == 2019 & d$STRATUM == 3 & d$KLUSTER != min(d$KLUSTER[d$AR == 2019 & d$STRATUM == 3])), ]
write_answers(lonely, "answers_lonely.csv")

vals <- data.frame(case = character(), key = character(), value = character())
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, x) vals[nrow(vals) + 1, ] <<- c(case, key, fmt(as.numeric(x)))

d$y1 <- ifelse(d$Q1 %in% 1:4, as.numeric(d$Q1 %in% 3:4), NA)  # Q1: unsafe (3, 4)
d$m1 <- ifelse(d$Q1 %in% 1:4, d$Q1, NA)                       # Q1 on its scale
d$y2 <- as.numeric(d$Q2 == 1)                                  # Q2: yes
d$area <- areas[d$OMRADE]

# One comparison section: the design of the waves `waves`, the group of each row
# (NA: in none), the value y.  Writes per group: n, estimate, SE (and the logit
# interval for shares) and per pair a vs b: estimate, SE, interval, z, p, and Holm /
# BH over the pairs in `family` (the pairs trygg publishes).
section <- function(name, waves, group, yname, share, pairs, family = seq_along(pairs)) {
  x <- d[d$AR %in% waves, ]
  g <- group[d$AR %in% waves]
  x$y <- x[[yname]]
  x$g <- g
  # svyby(covmat = TRUE) with na.rm fails on missing answers in R 4.2, so the rows
  # without a valid answer, or in no group, form a cell of their own ("none"): a row
  # outside a domain contributes zero to it either way, as na.rm and subset do.
  x$cell <- factor(ifelse(is.na(x$y) | is.na(x$g), "none", as.character(x$g)))
  x$y0 <- ifelse(is.na(x$y), 0, x$y)
  x$strat <- interaction(x$AR, x$STRATUM, drop = TRUE)
  des <- svydesign(ids = ~KLUSTER, strata = ~strat, weights = ~VIKT, data = x)
  b <- svyby(~y0, ~cell, des, svymean, covmat = TRUE)
  lv <- rownames(as.matrix(coef(b)))
  for (gr in unique(na.omit(g))) {
    case <- paste0(name, ".", gr)
    n <- sum(!is.na(x$y) & !is.na(x$g) & x$g == gr)
    put(case, "n", n)
    if (n == 0) next
    sub <- subset(des, !is.na(g) & g == gr)
    m <- svymean(~y, sub, na.rm = TRUE)
    put(case, "estimate", coef(m)); put(case, "std_error", SE(m))
    if (share) {
      p <- coef(m)
      if (p > 0 && p < 1) {
        ci <- svyciprop(~y, sub, method = "logit", na.rm = TRUE)
        put(case, "conf_low", confint(ci)[1]); put(case, "conf_high", confint(ci)[2])
      }
    } else {
      put(case, "conf_low", confint(m)[1]); put(case, "conf_high", confint(m)[2])
    }
  }
  ps <- c()
  for (k in seq_along(pairs)) {
    a <- pairs[[k]][1]; bb <- pairs[[k]][2]
    case <- paste0(name, ".", a, "|", bb)
    w <- setNames(rep(0, length(lv)), lv); w[a] <- 1; w[bb] <- -1
    s <- svycontrast(b, w)
    est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
    put(case, "estimate", est); put(case, "std_error", se)
    if (se > 0) {
      # svyttest on the two groups: the same estimate and standard error, and the test
      # trygg reports, t on the design's degrees of freedom (degf - 1 of the two groups'
      # rows with an answer) with its interval (confint(svyglm), the same t quantile)
      des2 <- update(des, ga = !is.na(g) & g == a)
      tt <- svyttest(y ~ ga, subset(des2, !is.na(g) & g %in% c(a, bb)))
      stopifnot(abs(abs(tt$estimate) - abs(est)) < 1e-9 * max(1, abs(est)),
                abs(tt$estimate / tt$statistic - se) < 1e-9 * max(1, se))
      put(case, "df", tt$parameter)
      put(case, "conf_low", tt$conf.int[1]); put(case, "conf_high", tt$conf.int[2])
      put(case, "statistic", tt$statistic); put(case, "p_value", tt$p.value)
      # svycontrast's z, which trygg reported before (kept for the record)
      put(case, "z_p_value", 2 * pnorm(-abs(est / se)))
      if (k %in% family) ps[case] <- tt$p.value
    }
    # unweighted tests on the answers of the two groups
    ya <- x$y[!is.na(x$y) & !is.na(x$g) & x$g == a]
    yb <- x$y[!is.na(x$y) & !is.na(x$g) & x$g == bb]
    qa <- x$m1[!is.na(x$y) & !is.na(x$g) & x$g == a & !is.na(x$m1)]
    qb <- x$m1[!is.na(x$y) & !is.na(x$g) & x$g == bb & !is.na(x$m1)]
    if (length(ya) > 0 && length(yb) > 0) {
      if (share) {
        if (var(c(ya, yb)) > 0) {
          pt <- prop.test(c(sum(ya), sum(yb)), c(length(ya), length(yb)), correct = FALSE)
          put(case, "chisq_statistic", pt$statistic); put(case, "chisq_p", pt$p.value)
        }
      } else if (length(ya) >= 2 && length(yb) >= 2) {
        t <- t.test(ya, yb)
        put(case, "welch_estimate", diff(rev(t$estimate))); put(case, "welch_statistic", t$statistic)
        put(case, "welch_df", t$parameter); put(case, "welch_p", t$p.value)
        put(case, "welch_conf_low", t$conf.int[1]); put(case, "welch_conf_high", t$conf.int[2])
      }
      if (yname != "y2" && length(unique(c(qa, qb))) > 1) {
        wt <- wilcox.test(qa, qb, exact = FALSE, correct = TRUE)
        put(case, "mw_statistic", wt$statistic); put(case, "mw_p", wt$p.value)
        lv4 <- sort(unique(c(qa, qb)))
        ct <- suppressWarnings(chisq.test(cbind(table(factor(qa, lv4)), table(factor(qb, lv4))),
                                          correct = FALSE))
        put(case, "kx2_statistic", ct$statistic); put(case, "kx2_p", ct$p.value)
        put(case, "cliff", mean(outer(qa, qb, ">")) - mean(outer(qa, qb, "<")))
      }
    }
  }
  if (length(ps)) {
    h <- p.adjust(ps, "holm"); bh <- p.adjust(ps, "BH")
    for (cs in names(ps)) { put(cs, "p_holm", h[cs]); put(cs, "p_bh", bh[cs]) }
  }
}

# [compare centre]: Åkersberga centrum against the rest of the municipality, 2019
section("centre", 2019, ifelse(d$OMRADE == 1, "Åkersberga centrum", "övriga"), "y1", TRUE,
        list(c("Åkersberga centrum", "övriga")))
# [compare areas]: every area on its own (in name order), every pair, 2019
an <- sort(areas, method = "radix")  # byte order, as trygg orders names
prs <- list(); for (i in 1:4) for (j in (i + 1):5) prs[[length(prs) + 1]] <- c(an[i], an[j])
section("areas", 2019, d$area, "y1", TRUE, prs)
# [compare kon]: women and men in the centre and Näset, 2019 (groups = 2, 1: women first)
section("kon", 2019, ifelse(d$OMRADE %in% 1:2 & d$KON %in% 1:2, c("Man", "Kvinna")[pmin(d$KON, 2)], NA),
        "y1", TRUE, list(c("Kvinna", "Man")))
# [compare age]: the age groups against the first (pairs = first), mean on the scale,
# 2019; 65+ has one respondent (published with --min-cell 1, as the e2e test runs the
# numbers; Welch refuses it) and 85+ (code 5) none (empty)
age <- c("16–24", "25–44", "45–64", "65+")[d$ALDGR]
section("age", 2019, age, "m1", FALSE,
        list(c("25–44", "16–24"), c("45–64", "16–24"), c("65+", "16–24")))
# [compare zero]: Q2, where everyone in Ljusterö and Svinninge answered no, 2019
section("zero", 2019, ifelse(d$OMRADE %in% c(2, 4, 5), areas[d$OMRADE], NA), "y2", TRUE,
        list(c("Ljusterö", "Svinninge"), c("Ljusterö", "Näset"), c("Svinninge", "Näset")))
# [compare pooled]: 2018 and 2019 pooled (each its own sample), women against men,
# the mean on the scale
section("pooled", 2018:2019, ifelse(d$KON %in% 1:2, c("Man", "Kvinna")[pmin(d$KON, 2)], NA), "m1",
        FALSE, list(c("Man", "Kvinna")))


# ------------------------------------------------------------ unit (test_survey_groups.c)
# Twelve rows, two strata, six PSUs; group C has one respondent; weights 0.002 to 4000.
u <- data.frame(y = c(1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1),
                w = c(0.002, 3, 4000, 2, 5, 1, 7, 2.5, 1, 3, 9, 4),
                h = c(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2),
                psu = c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6),
                g = c("A", "B", "A", "B", "A", "none", "B", "A", "B", "A", "B", "C"))
ud <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = u)
ub <- svyby(~y, ~g, ud, svymean, covmat = TRUE)
for (gr in c("A", "B", "C")) {
  m <- svymean(~y, subset(ud, g == gr))
  put(paste0("unit.", gr), "estimate", coef(m)); put(paste0("unit.", gr), "std_error", SE(m))
}
for (pr in list(c("A", "B"), c("A", "C"), c("C", "B"))) {
  w <- setNames(rep(0, 4), c("A", "B", "C", "none")); w[pr[1]] <- 1; w[pr[2]] <- -1
  s <- svycontrast(ub, w)
  case <- paste0("unit.", pr[1], "|", pr[2])
  put(case, "estimate", coef(s)); put(case, "std_error", SE(s))
  ud2 <- update(ud, ga = g == pr[1])
  tt <- svyttest(y ~ ga, subset(ud2, g %in% pr))
  put(case, "df", tt$parameter); put(case, "statistic", tt$statistic)
  put(case, "p_value", tt$p.value)
  # at the level 0.90: the interval uses the same t quantile
  m <- svyglm(y ~ ga, subset(ud2, g %in% pr))
  ci <- confint(m, parm = 2, level = 0.90)
  put(case, "conf_low90", ci[1]); put(case, "conf_high90", ci[2])
}
# D (the rows of PSUs 1 and 2) against E (PSU 4): three PSUs in two strata, degf 1,
# svyttest's df 0: R's p and interval are NaN
u$g2 <- ifelse(u$psu %in% 1:2, "D", ifelse(u$psu == 4, "E", "none"))
ud <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = u)
tt <- suppressWarnings(svyttest(y ~ I(g2 == "D"), subset(ud, g2 %in% c("D", "E"))))
put("unit.D|E", "estimate", tt$estimate); put("unit.D|E", "std_error", tt$estimate / tt$statistic)
put("unit.D|E", "df", tt$parameter); put("unit.D|E", "p_value", tt$p.value)
write.csv(vals, "tests/r/values/compare.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values (with the unit cases)\n")
