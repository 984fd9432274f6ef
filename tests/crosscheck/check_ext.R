# tests/crosscheck/check_ext.R — sourced by check.R before its sections are recomputed
# (same environment): --as-of (the data cut as the date allows), [intermittent],
# [activity], [alternative] and `trygg power`, written from docs/analysis.md,
# docs/methods/counts-and-time-series.md §5 and §7, man/trygg-power.1 and METHODS.md.
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(here, "holidays.R"))
ext <- if (is.null(cs$ext)) list() else cs$ext
eval_start <- as.Date(cs$start)

# ------------------------------------------------------------------ daily and monthly data
dly <- if (file.exists(file.path(dir, "daily.csv"))) read.csv(file.path(dir, "daily.csv"), encoding = "UTF-8") else NULL
if (!is.null(dly)) {
  dly$daily <- nchar(dly$datum) == 10
  dly$date <- as.Date(ifelse(dly$daily, dly$datum, paste0(dly$datum, "-01")))
}
month_end <- function(d) { d <- as.Date(format(d, "%Y-%m-01")); as.Date(format(d + 32, "%Y-%m-01")) - 1 }

# ------------------------------------------------------------------ --as-of
# A wave is used when fielded by the date (its year's fieldwork_end, else 31 December);
# a month (and every day of it) only when its last day is on or before the date.
if (!is.null(ext$asof)) {
  asof <- as.Date(ext$asof)
  fwe <- if (is.null(ext$fieldwork_end) || is.na(ext$fieldwork_end)) "12-31" else ext$fieldwork_end
  avail_w <- sort(unique(sv$ar[as.Date(sprintf("%d-%s", sv$ar, fwe)) <= asof]))
  sv <- sv[sv$ar %in% avail_w, ]
  waves_all <- waves_of
  waves_of <- function(s) intersect(waves_all(s), avail_w)
  im <- as.Date(sprintf("%d-%02d-01", 2013 + (inc$t - 1) %/% 12, (inc$t - 1) %% 12 + 1))
  inc <- inc[month_end(im) <= asof, ]
  if (!is.null(dly)) dly <- dly[month_end(dly$date) <= asof, ]
}

# ------------------------------------------------------------------ days of a window
win_from <- function(k) if (is.null(k$from)) as.Date("1900-01-01") else as.Date(paste0(k$from, "-01"))
win_to <- function(k) if (is.null(k$to)) as.Date("2999-12-31") else month_end(as.Date(paste0(k$to, "-01")))
# the daily series of a category over a + set of areas: days every area has, added up
daily_series <- function(cat, ars, k) {
  s <- dly[dly$daily & dly$kategori == cat & dly$omrade %in% ars, ]
  s <- s[s$date >= win_from(k) & s$date <= win_to(k), ]
  cnt <- table(s$date); full <- as.Date(names(cnt)[cnt == length(ars)])
  s <- s[s$date %in% full, ]
  y <- tapply(s$antal, as.character(s$date), sum)
  data.frame(date = as.Date(names(y)), y = as.numeric(y))
}
# the flagged days of the calendar (holidays, eves, extra_days) around the dates x
flag_days <- function(k, x) {
  yrs <- (as.integer(format(min(x), "%Y")) - 1):(as.integer(format(max(x), "%Y")) + 1)
  f <- se_holidays(yrs, eves = identical(k$days, "holidays+eves"))
  if (!is.null(k$extra_days)) f <- c(f, as.Date(trimws(strsplit(k$extra_days, ",")[[1]])))
  sort(unique(f))
}
# flag / comparison day per date
day_kinds <- function(k, x) {
  fd <- flag_days(k, x)
  flag <- x %in% fd
  cmpd <- if (is.null(k$comparison_days)) "weekends" else k$comparison_days
  dw <- as.integer(format(x, "%u"))
  comp <- switch(cmpd, weekends = !flag & dw >= 6, other = !flag,
                 same_weekday = !flag & ((x - 7) %in% fd | (x + 7) %in% fd))
  list(flag = flag, comp = comp, kind = cmpd)
}
pois_ci <- function(x, t) if (t > 0) poisson.test(x, t, conf.level = cl)$conf.int else c(NA, NA)

# ------------------------------------------------------------------ [intermittent]
do_intermittent <- function(id, k) {
  cat_ <- k$category; ars <- sets(k$area)
  s <- daily_series(cat_, ars, k)
  if (!nrow(s)) return()
  change <- if (is.null(k$date)) eval_start else as.Date(k$date)
  dk <- day_kinds(k, s$date)
  d <- s[dk$flag | dk$comp, ]; d$flag <- as.integer(dk$flag[dk$flag | dk$comp])
  d$after <- as.integer(d$date >= change); d$exposed <- d$flag * d$after
  d$month <- factor(as.integer(format(d$date, "%m"))); d$dow <- factor(as.integer(format(d$date, "%u")))
  f <- if (dk$kind == "weekends") y ~ flag + after + exposed + month else y ~ flag + after + exposed + month + dow
  # R's own glm (epsilon 1e-8), which trygg's IRLS reproduces step for step: a few dozen
  # flagged days leave the fit loose enough that epsilon 1e-12 moves a small p by ~1e-4
  # relative (seed 113); with R's default the two agree to ~1e-12
  fit <- glm(f, family = poisson, data = d)
  out <- cat_
  # every exposed-day count zero, or every baseline (flagged before) count zero: R's
  # estimate runs off to infinity with a huge SE; trygg says not_estimable
  # (docs/methods/counts-and-time-series.md §5, the boundary rule), no mde either (seed 4)
  if (sum(d$y[d$exposed == 1]) == 0) {
    need_reason(kf(id, out, "", "intermittent_poisson", "rate_ratio"), "glm_term_zero", nrow(d))
  } else if (sum(d$y[d$flag == 1 & d$after == 0]) == 0) { # the baseline's zeros, said so
    need_reason(kf(id, out, "", "intermittent_poisson", "rate_ratio"), "exp_baseline_zero", nrow(d))
  } else if (fit$converged && !is.na(coef(fit)[["exposed"]])) {
    b <- coef(fit)[["exposed"]]; se <- sqrt(vcov(fit)["exposed", "exposed"])
    ref(id, out, "", "intermittent_poisson", "rate_ratio", list(estimate = exp(b), std_error = se,
        conf_low = exp(b - zq * se), conf_high = exp(b + zq * se), statistic = b / se,
        p_value = 2 * pnorm(-abs(b / se)), n = nrow(d)), tol = TOL_IT)
    zs <- zq + qnorm(0.8)
    ref(id, out, "", "intermittent_poisson", "mde_ratio", list(estimate = exp(-zs * se), std_error = se,
        statistic = zs, n = nrow(d)), tol = TOL_IT)
  }
  # count per day on both kinds of day, year by year, exact Poisson intervals
  yr <- format(s$date, "%Y")
  for (y in sort(unique(yr))) for (kind in c("flagged", "comparison")) {
    sel <- yr == y & (if (kind == "flagged") dk$flag else dk$comp)
    n <- sum(sel); x <- sum(s$y[sel])
    if (n > 0) { ci <- pois_ci(x, n)
      ref(id, out, y, "describe", paste0("per_day_", kind), list(estimate = x / n, conf_low = ci[1], conf_high = ci[2], statistic = x, n = n))
    } else need_reason(kf(id, out, y, "describe", paste0("per_day_", kind)), "no_time_at_risk", 0)
  }
}

# ------------------------------------------------------------------ [activity]
do_activity <- function(id, k) {
  ars <- sets(k$area)
  for (cat_ in trimws(strsplit(k$categories, ",")[[1]])) {
    m <- dly[!dly$daily & dly$kategori == cat_ & dly$omrade %in% ars, ]
    daily <- nrow(m) == 0
    s <- if (daily) dly[dly$daily & dly$kategori == cat_ & dly$omrade %in% ars, ] else m
    s <- s[s$date >= win_from(k) & s$date <= win_to(k), ]
    # a + set: the periods every area has, added up
    cnt <- table(s$date); full <- names(cnt)[cnt == length(ars)]
    s <- s[as.character(s$date) %in% full, ]
    y <- tapply(s$antal, as.character(s$date), sum)
    s <- data.frame(date = as.Date(names(y)), y = as.numeric(y))
    yr <- format(s$date, "%Y")
    for (yy in sort(unique(yr))) ref(id, cat_, yy, "describe", "total", list(estimate = sum(s$y[yr == yy]), n = sum(yr == yy)))
    if (!is.null(k$days) && daily && nrow(s)) {
      dk <- day_kinds(k, s$date)
      for (per in c("before", "after")) for (kind in c("flagged", "comparison")) {
        sel <- (if (per == "before") s$date < eval_start else s$date >= eval_start) & (if (kind == "flagged") dk$flag else dk$comp)
        n <- sum(sel); x <- sum(s$y[sel])
        if (n > 0) { ci <- pois_ci(x, n)
          ref(id, cat_, per, "describe", paste0("per_day_", kind), list(estimate = x / n, conf_low = ci[1], conf_high = ci[2], statistic = x, n = n))
        } else need_reason(kf(id, cat_, per, "describe", paste0("per_day_", kind)), "no_time_at_risk", 0)
      }
    }
  }
}

# ------------------------------------------------------------------ [alternative]
# An [incidents] section's alternatives: every estimate again with the alternative's areas
# (the outcome's own where it gives none; buffer = none drops the buffer), rows with
# group = the alternative's id.  The checks of the outcome (describe, placebo in time,
# regression to the mean) are the outcome's own and not repeated (docs/analysis.md: "every
# term": rate_ratio, level_change, slope_change, did, res, wdq, wdd).
alt_sections <- list()
for (s in cs$sections) if (s$kind == "alternative") alt_sections[[s$id]] <- s$keys
do_alternatives <- function(id, k) {
  if (is.null(k$alternatives)) return()
  for (aid in trimws(strsplit(k$alternatives, ",")[[1]])) {
    a <- alt_sections[[aid]]; kk <- as.list(k); kk$alternatives <- NULL
    for (nm in c("area", "comparison", "buffer")) if (!is.null(a[[nm]])) kk[[nm]] <- a[[nm]]
    if (identical(kk$buffer, "none")) kk$buffer <- NULL
    e <- new.env(parent = globalenv())
    e$ref <- function(an, out, grp, meth, term, vals, tol = TOL_CF, boot = character()) {
      # (a synthetic outcome's alternative re-estimates the terms above with its areas;
      # the synthetic area is the outcome's own, not refitted: docs/analysis.md)
      if (meth %in% c("describe", "placebo", "rtm_prediction", "synth")) return(invisible())
      ref(an, out, aid, meth, term, vals, tol, boot)
    }
    e$want_reason <- function(an, out, grp, meth, term, code) want_reason(an, out, aid, meth, term, code)
    e$need_reason <- function(...) invisible()   # (only the outcome's placebo rows use it)
    e$rtm_check <- function(...) invisible()
    e$do_synth <- function(...) invisible()   # (do_synth's own ref() is the outcome's: seed 202)
    f <- do_incidents; environment(f) <- e
    f(id, list2env(kk))
  }
}

# ------------------------------------------------------------------ trygg power
# Each line of power_args against power.prop.test / power.t.test (R's uniroot run to
# 1e-12: its default tolerance, eps^0.25, is a search tolerance of ~1e-4, not a statistic).
POWER <- list(n = 0, bad = 0)
power_check <- function() {
  pf <- file.path(dir, "power_args"); if (!file.exists(pf)) return()
  lines <- readLines(pf)
  for (j in seq_along(lines)) {
    a <- strsplit(lines[j], " +")[[1]]
    opt <- function(nm) { i <- which(a == nm); if (length(i)) as.numeric(a[i + 1]) else NULL }
    has <- function(nm) nm %in% a
    sig <- if (is.null(opt("--alpha"))) 0.05 else opt("--alpha")
    alt <- if (has("--one-sided")) "one.sided" else "two.sided"
    strict <- has("--strict")
    deff <- if (is.null(opt("--deff"))) 1 else opt("--deff")
    pw <- opt("--power"); n <- opt("--n")
    rc <- as.integer(readLines(file.path(dir, sprintf("power-%d.rc", j))))
    tr <- if (rc == 0 || rc == 1) tryCatch(read.csv(file.path(dir, sprintf("power-%d.csv", j)), colClasses = "character"),
                                         error = function(e) NULL) else NULL
    say <- function(what, tv, rv) {
      POWER$n <<- POWER$n + 1
      tvn <- suppressWarnings(as.numeric(tv))
      if (is.na(rv) && (is.na(tvn))) return()
      if (is.na(rv) || is.na(tvn) || abs(tvn - rv) > 1e-6 * max(abs(rv), 1e-8)) {
        cat(sprintf("MISMATCH %d power [%s] | %s: trygg=%s R=%.12g\n", seed, lines[j], what, tv, rv))
        POWER$bad <<- POWER$bad + 1 }
    }
    R <- list()
    if (!is.null(opt("--p1"))) {
      p1 <- opt("--p1"); p2 <- opt("--p2")
      pp <- function(...) tryCatch(power.prop.test(sig.level = sig, alternative = alt, strict = strict, tol = 1e-12, ...),
                                   error = function(e) NULL, warning = function(w) NULL)
      if (!is.null(p2) && is.null(n)) { r <- pp(p1 = p1, p2 = p2, power = if (is.null(pw)) 0.8 else pw)
        R[["n"]] <- list(n = if (is.null(r)) NA else r$n * deff, n_effective = if (is.null(r)) NA else r$n) }
      else if (!is.null(p2)) { r <- pp(n = n / deff, p1 = p1, p2 = p2)
        R[["power"]] <- list(power = if (is.null(r)) NA else r$power, n_effective = n / deff) }
      else {
        pr <- if (is.null(pw)) 0.8 else pw
        r <- pp(n = n / deff, p1 = p1, power = pr)
        R[["p2 up"]] <- if (is.null(r) || r$p2 > 1 || r$p2 < p1) list(p2 = NA) else list(p2 = r$p2, n_effective = n / deff)
        r <- pp(n = n / deff, p2 = p1, power = pr)
        R[["p2 down"]] <- if (is.null(r) || r$p1 < 0 || r$p1 > p1) list(p2 = NA) else list(p2 = r$p1, n_effective = n / deff)
      }
      key <- function(row) if (row$solve == "p2") paste("p2", row$direction) else row$solve
    } else {
      sd <- if (is.null(opt("--sd"))) 1 else opt("--sd"); dl <- opt("--delta")
      pt_ <- function(...) tryCatch(power.t.test(sd = sd, sig.level = sig, alternative = alt, strict = strict, tol = 1e-12,
                                                 type = "two.sample", ...), error = function(e) NULL, warning = function(w) NULL)
      if (!is.null(dl) && is.null(n)) { r <- pt_(delta = dl, power = if (is.null(pw)) 0.8 else pw)
        R[["n"]] <- list(n = if (is.null(r)) NA else r$n * deff, n_effective = if (is.null(r)) NA else r$n) }
      else if (!is.null(dl)) { r <- pt_(n = n / deff, delta = dl)
        R[["power"]] <- list(power = if (is.null(r)) NA else r$power, n_effective = n / deff) }
      else { r <- pt_(n = n / deff, power = if (is.null(pw)) 0.8 else pw)
        R[["delta"]] <- list(delta = if (is.null(r)) NA else r$delta, n_effective = n / deff) }
      key <- function(row) row$solve
    }
    rows <- if (is.null(tr)) list() else split(tr, seq_len(nrow(tr)))
    seen <- c()
    for (row in rows) {
      kk <- key(row); rv <- R[[kk]]; seen <- c(seen, kk)
      if (is.null(rv)) { cat(sprintf("LOST %d power [%s] | row %s that R does not make\n", seed, lines[j], kk)); POWER$bad <<- POWER$bad + 1; next }
      for (col in names(rv)) say(paste(kk, col), row[[col]], rv[[col]])
    }
    for (kk in setdiff(names(R), seen)) if (!all(is.na(unlist(R[[kk]][1])))) {
      cat(sprintf("MISSING %d power [%s] | %s (exit %d): R=%s\n", seed, lines[j], kk, rc, format(unlist(R[[kk]]), digits = 10)))
      POWER$bad <<- POWER$bad + 1 }
  }
}

# ------------------------------------------------------------------ harmonised versions
# Survey xh (gen_ext.R): version 1 (waves <= split) has h1 = 1..4; version 2 adds 5 with
# harmonize = 5:9, harmonized.indicator = "3, 4, 5 if h2 = 1" and h2; mode = svarssatt.
# (docs/methods/evaluations.md "Comparability", man/trygg-codebook.5.)  The main rows are
# check.R's own do_survey on the xh data: when the waves compared span both versions, version
# 2's answers are read through the map (5 -> 9, a missing code); within version 2 alone, 5 is
# a valid answer outside the indicator.  The sensitivity rows:
#   harmonized   the same svycontrast on the harmonised reading (version 1's waves: their own
#                indicator; version 2's: 3, 4, or 5 with h2 = 1; 5 with h2 unanswered left out)
#   common_modes the main reading restricted to the answer modes both periods used, when the
#                periods' modes differ
xh <- NULL
for (f in c("xh1.csv", "xh2.csv")) if (file.exists(file.path(dir, f))) {
  x <- read.csv(file.path(dir, f), encoding = "UTF-8"); if (is.null(x$h2)) x$h2 <- NA
  xh <- rbind(xh, x) }
# check.R's functions of one survey run on another survey's data: a copy of each with its
# free names (sv, qinfo, cs, areas, ...) looked up in an environment of that survey first
survey_env <- function(d, qi, ar = areas) {
  d$strat <- interaction(d$ar, d$stratum, drop = TRUE); d$psu <- seq_len(nrow(d))
  if (is.null(d$kon)) d$kon <- 1
  if (is.null(d$grp)) d$grp <- 1
  if (is.null(d$alder)) d$alder <- 16
  e <- new.env(parent = globalenv())
  e$sv <- d; e$no_weight <- FALSE; e$areas <- ar
  e$cs <- cs; e$cs$design <- "strata"; e$cs$use_fpc <- FALSE
  e$qinfo <- qi
  for (fn in c("do_survey", "do_trend", "trend_tests", "svyglm_trend", "two_wave_trend", "empty_level",
               "do_compare", "do_describe", "value_of", "code_of", "design_of", "group_of", "levels_of",
               "outcome_id")) {
    f <- get(fn); environment(f) <- e; assign(fn, f, envir = e) }
  e
}
# xh's answers as an analysis over both versions reads them (span: 5 -> 9, a missing code)
xh_data <- function(span) {
  d <- xh
  if (!is.null(ext$asof)) d <- d[d$ar %in% avail_w, ]
  h1 <- d$h1; if (span) h1[h1 == 5] <- 9
  d$h1 <- h1
  d
}
xh_qinfo <- function(W) {
  hv <- cs$ext$harm; span <- any(W <= hv$split) && any(W > hv$split)
  list(h1 = list(valid = if (span || all(W <= hv$split)) 1:4 else 1:5, ind = 3:4, label = "Otrygg"))
}
# a harmonised [trend] / [compare] (gen_edge.R): check.R's own on the harmonised reading
do_trend_xh <- function(id, k) {
  W <- if (is.null(k$waves)) sort(unique(xh$ar)) else waves_of(k$waves)
  hv <- cs$ext$harm; span <- any(W <= hv$split) && any(W > hv$split)
  survey_env(xh_data(span), xh_qinfo(W))$do_trend(id, k)
}
do_compare_xh <- function(id, k) {
  W <- waves_of(k$wave)
  hv <- cs$ext$harm; span <- any(W <= hv$split) && any(W > hv$split)
  if (is.null(k$measure)) k$measure <- "indicator"
  survey_env(xh_data(span), xh_qinfo(W))$do_compare(id, k)
}
# the edge survey xe (gen_edge.R): zero variance in the comparison area, a one-respondent
# group, equal against extreme weights, ties everywhere
xe <- if (file.exists(file.path(dir, "xe.csv"))) read.csv(file.path(dir, "xe.csv"), encoding = "UTF-8") else NULL
xe_env <- function() survey_env(xe, list(e1 = list(valid = 1:4, ind = 3:4, label = "Otrygg"),
                                         e2 = list(valid = 1:2, ind = 1, label = "Ja"),
                                         e3 = list(number = TRUE, miss = -1)),
                                unique(xe$omrade))   # (read as UTF-8: a literal here is not marked; seed 207)
do_xe <- function(kind) function(id, k) {
  e <- xe_env()
  switch(kind, survey = e$do_survey(id, k), compare = e$do_compare(id, k), describe = e$do_describe(id, k))
}
do_survey_xh <- function(id, k) {
  if (is.null(k$measure)) k$measure <- "indicator"   # the default with an indicator
  hv <- cs$ext$harm; B <- waves_of(k$before); A <- waves_of(k$after)
  W <- c(B, A); span <- any(W <= hv$split) && any(W > hv$split)
  d <- xh_data(span)
  e <- survey_env(d, list(h1 = list(valid = if (span || all(W <= hv$split)) 1:4 else 1:5, ind = 3:4, label = "Otrygg")))
  e$do_survey(id, k)
  # the sensitivity rows
  use <- d$ar %in% W; dd <- d[use, ]
  des <- e$design_of(use)
  per <- ifelse(dd$ar %in% B, "before", "after")
  tgt <- if (is.null(k$area)) rep(TRUE, nrow(dd)) else dd$omrade %in% sets(k$area)
  cmp <- if (is.null(k$comparison)) rep(FALSE, nrow(dd)) else dd$omrade %in% sets(k$comparison)
  x <- xh$h1[use]; v2 <- dd$ar > hv$split
  yh <- ifelse(x %in% 1:4, as.numeric(x %in% 3:4), NA)
  yh[v2 & x == 5] <- ifelse(dd$h2[v2 & x == 5] == 1, 1, ifelse(dd$h2[v2 & x == 5] == 2, 0, NA))
  ym <- e$value_of("h1", "indicator")[use]
  sens <- function(grp, y, keep) {
    put_contrast(id, "h1: Otrygg", grp, "svydiff", "difference",
                 contrast(des, y, ifelse(tgt & keep, per, NA), c(after = 1, before = -1)))
    if (!is.null(k$comparison))
      put_contrast(id, "h1: Otrygg", grp, "svydiff", "did",
                   contrast(des, y, ifelse(tgt & keep, paste0("T", per), ifelse(cmp & keep, paste0("C", per), NA)),
                            c(Tafter = 1, Tbefore = -1, Cafter = -1, Cbefore = 1)))
  }
  if (any(v2)) sens("harmonized", yh, rep(TRUE, nrow(dd)))
  mb <- unique(dd$svarssatt[per == "before"]); ma <- unique(dd$svarssatt[per == "after"])
  if (!setequal(mb, ma)) sens("common_modes", ym, dd$svarssatt %in% intersect(mb, ma))
}

# ------------------------------------------------------------------ Cronbach's alpha
# psych::alpha(x, keys = the reversed items) by its definition (psych is not in Debian):
# C = cov(x, use = "pairwise"), R = cov2cor(C), raw = k/(k-1)(1 - tr C / sum C),
# std = k/(k-1)(1 - k / sum R), ase = sqrt(Q / nrow(x)) (Duhachek & Iacobucci 2004); items
# without variation left out.  Rows: the wave's respondents in the areas who answered at
# least one item (describe_alpha.h).
alpha_psych <- function(x) {
  C <- cov(x, use = "pairwise.complete.obs")
  ok <- !is.na(diag(C)) & diag(C) > 0
  x <- x[, ok, drop = FALSE]; C <- C[ok, ok, drop = FALSE]; k <- ncol(x)
  if (k < 2 || any(is.na(C))) return(NULL)
  R <- cov2cor(C); tr <- sum(diag(C)); s <- sum(C)
  Q <- 2 * k^2 / ((k - 1)^2 * s^3) * (s * (sum(diag(C %*% C)) + tr^2) - 2 * tr * sum(C %*% C))
  list(raw = k / (k - 1) * (1 - tr / s), std = k / (k - 1) * (1 - k / sum(R)), ase = sqrt(Q / nrow(x)))
}
do_describe_alpha <- function(id, k) {
  do_describe(id, k)
  vars <- intersect(trimws(strsplit(k$variables, ",")[[1]]), c("q1", "q2", "q5"))
  if (length(vars) < 2) return()
  W <- if (is.null(k$waves)) sort(unique(sv$ar)) else waves_of(k$waves)
  inarea <- if (is.null(k$area)) rep(TRUE, nrow(sv)) else sv$omrade %in% sets(k$area)
  x <- sapply(vars, function(q) { v <- value_of(q, "mean"); if (isTRUE(qinfo[[q]]$reversed)) -v else v })
  for (w in W) {
    xs <- x[sv$ar == w & inarea, , drop = FALSE]
    xs <- xs[rowSums(!is.na(xs)) > 0, , drop = FALSE]
    a <- if (nrow(xs)) alpha_psych(xs) else NULL
    if (is.null(a)) next
    ref(id, "index: idx", sprintf("wave %d", w), "cronbach_alpha", "raw", list(estimate = a$raw, std_error = a$ase,
        conf_low = a$raw - zq * a$ase, conf_high = a$raw + zq * a$ase, n = nrow(xs)))
    ref(id, "index: idx", sprintf("wave %d", w), "cronbach_alpha", "standardized", list(estimate = a$std, n = nrow(xs)))
  }
}
