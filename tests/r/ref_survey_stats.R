#!/usr/bin/env Rscript
# Reference values for the statistics layer, part 1 (src/lib/stats: twogroup,
# descriptive, survey, trend, padjust, power, reliability, bootstrap).
#
# Run from the repository root:   Rscript tests/r/ref_survey_stats.R
# Writes tests/r/values/survey_stats.csv (header case,key,value; one number per row,
# full precision, NA as NA) and the input data files under tests/data/stats/ that the
# C tests read.  Both outputs are committed: the test suite never needs R.
#
# Needs R 4.2 with the Debian packages r-base-core, r-cran-survey, r-cran-psych and
# r-cran-boot (apt-get install r-cran-survey r-cran-psych r-cran-boot).
suppressPackageStartupMessages({
  library(survey)
  library(psych)
  library(boot)
})
options(survey.lonely.psu = "fail", warn = 1)

out_csv  <- "tests/r/values/survey_stats.csv"
data_dir <- "tests/data/stats"
dir.create(data_dir, showWarnings = FALSE, recursive = TRUE)

rows_case <- character(); rows_key <- character(); rows_val <- character()
fmt <- function(x) {
  x <- as.numeric(x)
  if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf")
  else sprintf("%.17g", x)
}
put <- function(case, key, value) {
  stopifnot(length(value) == 1)
  rows_case <<- c(rows_case, case); rows_key <<- c(rows_key, key)
  rows_val <<- c(rows_val, fmt(value))
}
# Writes a data frame of numbers with full precision (NA as NA).
write_data <- function(df, name) {
  f <- file.path(data_dir, name)
  con <- file(f, "w")
  writeLines(paste(names(df), collapse = ","), con)
  cols <- lapply(df, function(v) if (is.numeric(v)) vapply(v, fmt, "") else as.character(v))
  writeLines(do.call(paste, c(cols, sep = ",")), con)
  close(con)
}

# =============================================================== two groups
# Raw samples shared with the C tests: tests/data/stats/samples.csv (case,group,value),
# group 2 = after, 1 = before.
set.seed(20240501)
samples <- list(
  normal  = list(after = round(rnorm(30, 3.2, 1.1), 3), before = round(rnorm(25, 2.7, 0.8), 3)),
  small   = list(after = c(4.1, 5.3), before = c(2.2, 3.9, 3.1)),
  zerovar = list(after = c(3, 3, 3, 3), before = c(1.5, 2.5, 2, 4, 1)),
  bigmean = list(after = 1e6 + round(rnorm(40), 4), before = 1e6 + 0.3 + round(rnorm(35), 4)),
  likert  = list(after = sample(1:4, 120, TRUE, c(.1, .2, .4, .3)),
                 before = sample(1:4, 90, TRUE, c(.2, .3, .3, .2))),
  heavyties = list(after = c(rep(1, 30), rep(2, 2)), before = c(rep(1, 25), 2)),
  one_one = list(after = 5, before = 2),
  alltied = list(after = c(2, 2, 2), before = c(2, 2)),
  withna  = list(after = c(1.5, NA, 2.5, 3.25, NA, 4), before = c(NA, 0.5, 1, 1.75))
)
sd_rows <- do.call(rbind, lapply(names(samples), function(nm) {
  s <- samples[[nm]]
  rbind(data.frame(case = nm, group = 2, value = s$after),
        data.frame(case = nm, group = 1, value = s$before))
}))
write_data(sd_rows, "samples.csv")

# --- Wilson
wilson <- list(w_mid = c(15, 40, .95), w_zero = c(0, 25, .95), w_all = c(25, 25, .95),
               w_one = c(1, 1, .95), w_rare = c(3, 1000, .95), w_half90 = c(500, 1000, .90),
               w_big = c(123457, 400000, .99))
for (nm in names(wilson)) {
  v <- wilson[[nm]]
  pt <- suppressWarnings(prop.test(v[1], v[2], conf.level = v[3], correct = FALSE))
  put(nm, "x", v[1]); put(nm, "n", v[2]); put(nm, "conf", v[3])
  put(nm, "estimate", pt$estimate); put(nm, "lo", pt$conf.int[1]); put(nm, "hi", pt$conf.int[2])
}

# --- two proportions: prop.test (chi-square, Wald CI) and Newcombe method 10
wil <- function(x, n, conf) suppressWarnings(prop.test(x, n, conf.level = conf, correct = FALSE))$conf.int
props <- list(p_mid = c(56, 70, 48, 80), p_zero = c(0, 10, 0, 20), p_all0vs1 = c(10, 10, 0, 10),
              p_same = c(5, 5, 5, 5), p_tiny = c(1, 2, 0, 1), p_large = c(120, 400, 150, 410),
              p_newc = c(1, 29, 2, 33))
for (nm in names(props)) {
  v <- props[[nm]]; x2 <- v[1]; n2 <- v[2]; x1 <- v[3]; n1 <- v[4]; conf <- 0.95
  put(nm, "x2", x2); put(nm, "n2", n2); put(nm, "x1", x1); put(nm, "n1", n1)
  p2 <- x2 / n2; p1 <- x1 / n1; d <- p2 - p1
  c2 <- wil(x2, n2, conf); c1 <- wil(x1, n1, conf)
  put(nm, "diff", d)
  put(nm, "newcombe_lo", d - sqrt((p2 - c2[1])^2 + (c1[2] - p1)^2))
  put(nm, "newcombe_hi", d + sqrt((c2[2] - p2)^2 + (p1 - c1[1])^2))
  pt <- suppressWarnings(prop.test(c(x2, x1), c(n2, n1), correct = FALSE))
  put(nm, "chisq", pt$statistic); put(nm, "p", pt$p.value)
  put(nm, "wald_lo", if (is.finite(pt$statistic)) pt$conf.int[1] else NA)
  put(nm, "wald_hi", if (is.finite(pt$statistic)) pt$conf.int[2] else NA)
}
# Newcombe (1998) Table II, example (e): 56/70 vs 48/80, method 10 = 0.0524 to 0.3339.

# --- Welch t-test, Cohen's d, Hedges' g (on the shared samples)
smd_ref <- function(a, b, conf = 0.95) {
  n2 <- length(a); n1 <- length(b); m <- n1 + n2 - 2
  sp <- sqrt(((n2 - 1) * var(a) + (n1 - 1) * var(b)) / m)
  d <- (mean(a) - mean(b)) / sp
  se <- sqrt((n1 + n2) / (n1 * n2) + d^2 / (2 * (n1 + n2)))
  J <- exp(lgamma(m / 2) - lgamma((m - 1) / 2)) / sqrt(m / 2)
  z <- qnorm((1 + conf) / 2)
  c(d = d, se_d = se, d_lo = d - z * se, d_hi = d + z * se, J = J, g = J * d, se_g = J * se,
    g_lo = J * d - z * J * se, g_hi = J * d + z * J * se)
}
for (nm in c("normal", "small", "zerovar", "bigmean", "likert", "withna")) {
  a <- samples[[nm]]$after; b <- samples[[nm]]$before
  a <- a[!is.na(a)]; b <- b[!is.na(b)]
  tt <- t.test(a, b)
  put(nm, "t_estimate", mean(a) - mean(b)); put(nm, "t_se", tt$stderr)
  put(nm, "t_stat", tt$statistic); put(nm, "t_df", tt$parameter); put(nm, "t_p", tt$p.value)
  put(nm, "t_lo", tt$conf.int[1]); put(nm, "t_hi", tt$conf.int[2])
  tt90 <- t.test(a, b, conf.level = 0.9)
  put(nm, "t90_lo", tt90$conf.int[1]); put(nm, "t90_hi", tt90$conf.int[2])
  s <- smd_ref(a, b)
  for (k in names(s)) put(nm, paste0("smd_", k), s[[k]])
}
# Welch from summary statistics only (moments as the report streams them)
# (the formulas of t.test.default, which needs raw data)
welch_summary <- function(m1, v1, n1, m2, v2, n2) {
  se <- sqrt(v1 / n1 + v2 / n2); df <- se^4 / ((v1 / n1)^2 / (n1 - 1) + (v2 / n2)^2 / (n2 - 1))
  t <- (m1 - m2) / se; q <- qt(.975, df)
  c(stat = t, df = df, p = 2 * pt(-abs(t), df), se = se, lo = (t - q) * se, hi = (t + q) * se)
}
r <- welch_summary(2.61, 0.83, 51234, 2.58, 0.91, 48321)
for (k in names(r)) put("summary1", paste0("t_", k), r[[k]])

# --- Mann-Whitney (W as R reports it, tie + continuity correction) and Cliff's delta
mw_put <- function(nm, a, b) {
  w <- suppressWarnings(wilcox.test(a, b, exact = FALSE, correct = TRUE))
  put(nm, "mw_W", w$statistic); put(nm, "mw_p", w$p.value)
  # z as wilcox.test.default computes it
  r <- rank(c(a, b)); nx <- as.double(length(a)); ny <- as.double(length(b))
  NT <- table(r); z <- w$statistic - nx * ny / 2
  S <- sqrt((nx * ny / 12) * ((nx + ny + 1) - sum(NT^3 - NT) / ((nx + ny) * (nx + ny - 1))))
  put(nm, "mw_z", (z - sign(z) * 0.5) / S)
}
cliff_ref <- function(a, b) {
  ta <- table(factor(a, levels = sort(unique(c(a, b)))))
  tb <- table(factor(b, levels = sort(unique(c(a, b)))))
  below <- cumsum(c(0, tb))[seq_along(tb)]; above <- sum(tb) - below - tb
  ta <- as.double(ta); tb <- as.double(tb); below <- as.double(below); above <- as.double(above)
  (sum(ta * below) - sum(ta * above)) / (sum(ta) * sum(tb))
}
for (nm in c("normal", "small", "likert", "heavyties", "one_one", "alltied", "withna", "bigmean")) {
  a <- samples[[nm]]$after; b <- samples[[nm]]$before
  a <- a[is.finite(a)]; b <- b[is.finite(b)]
  mw_put(nm, a, b)
  put(nm, "cliff", mean(sign(outer(a, b, "-"))))
}
# counts of an ordered 4- or 5-point scale (the fast path)
counts <- list(
  c_small = list(a = c(10, 20, 30, 40), b = c(25, 25, 25, 25)),
  c_big   = list(a = c(120000, 300000, 400000, 180000), b = c(150000, 310000, 380000, 160000)),
  c_empty = list(a = c(5, 0, 7, 3, 0), b = c(4, 0, 2, 9, 0)),
  c_two   = list(a = c(3, 1), b = c(1, 4)),
  c_ties  = list(a = c(0, 40, 1), b = c(0, 38, 0))
)
cnt_rows <- do.call(rbind, lapply(names(counts), function(nm) {
  x <- counts[[nm]]
  data.frame(case = nm, category = seq_along(x$a), after = x$a, before = x$b)
}))
write_data(cnt_rows, "counts.csv")
for (nm in names(counts)) {
  x <- counts[[nm]]
  a <- as.double(rep(seq_along(x$a), x$a)); b <- as.double(rep(seq_along(x$b), x$b))
  mw_put(nm, a, b)
  put(nm, "cliff", cliff_ref(a, b))
  tab <- cbind(x$a, x$b); tab <- tab[rowSums(tab) > 0, , drop = FALSE]
  if (nrow(tab) >= 2) {
    ct <- suppressWarnings(chisq.test(tab, correct = FALSE))
    put(nm, "chisq", ct$statistic); put(nm, "chisq_df", ct$parameter); put(nm, "chisq_p", ct$p.value)
  }
}

# =============================================================== p.adjust
padj <- list(pa_basic = c(0.01, 0.04, 0.03, 0.005, 0.2),
             pa_na = c(0.02, NA, 0.5, 0.001, NA, 0.04),
             pa_ties = c(0.03, 0.03, 0.03, 0.5),
             pa_single = 0.2,
             pa_large = c(0.9, 0.8, 0.95, 0.7),
             pa_allna = c(NA, NA),
             pa_tiny = c(1e-300, 2e-10, 0.049, 0.051, 1))
write_data(do.call(rbind, lapply(names(padj), function(nm)
  data.frame(case = nm, i = seq_along(padj[[nm]]), p = padj[[nm]]))), "padjust.csv")
for (nm in names(padj)) {
  h <- p.adjust(padj[[nm]], "holm"); b <- p.adjust(padj[[nm]], "BH")
  for (i in seq_along(h)) { put(nm, paste0("holm_", i), h[i]); put(nm, paste0("bh_", i), b[i]) }
}

# =============================================================== trend in proportions
trend <- list(tr_smokers = list(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82), s = 1:4),
              tr_years = list(x = c(30, 42, 38, 51, 60), n = c(200, 210, 190, 205, 220),
                              s = c(2017, 2018, 2019, 2021, 2023)),
              tr_zero_n = list(x = c(10, 0, 15), n = c(50, 0, 60), s = 1:3),
              tr_two = list(x = c(5, 9), n = c(20, 20), s = 1:2),
              tr_small = list(x = c(0, 1, 3), n = c(5, 5, 5), s = 1:3),
              tr_big = list(x = c(41234, 40211, 39876, 38001, 37555, 36020, 35998),
                            n = c(1e5, 1.01e5, 0.99e5, 1.02e5, 0.98e5, 1e5, 1.03e5),
                            s = 2017:2023))
write_data(do.call(rbind, lapply(names(trend), function(nm) with(trend[[nm]],
  data.frame(case = nm, x = x, n = n, score = s)))), "trend.csv")
for (nm in names(trend)) with(trend[[nm]], {
  t <- suppressWarnings(prop.trend.test(x, n, s))
  put(nm, "chisq", t$statistic); put(nm, "p", t$p.value)
  ok <- n > 0
  put(nm, "slope", coef(lm(y ~ s, data = data.frame(y = x[ok] / n[ok], s = s[ok]), weights = n[ok]))[2])
})

# =============================================================== power.prop.test
pw_n <- list(pw_a = c(.5, .75, .9, .05), pw_b = c(.20, .15, .8, .05), pw_c = c(.30, .32, .8, .05),
             pw_d = c(.01, .03, .9, .01), pw_e = c(.6, .4, .5, .10))
for (nm in names(pw_n)) {
  v <- pw_n[[nm]]
  put(nm, "p1", v[1]); put(nm, "p2", v[2]); put(nm, "power", v[3]); put(nm, "sig", v[4])
  put(nm, "n_default", power.prop.test(p1 = v[1], p2 = v[2], power = v[3], sig.level = v[4])$n)
  put(nm, "n", power.prop.test(p1 = v[1], p2 = v[2], power = v[3], sig.level = v[4], tol = 1e-12)$n)
}
pw_pow <- list(pp_a = c(50, .5, .75, .05), pp_b = c(1000, .30, .33, .05), pp_c = c(10, .1, .9, .01),
               pp_d = c(200, .0, .05, .05), pp_e = c(5, .5, .5, .05))
for (nm in names(pw_pow)) {
  v <- pw_pow[[nm]]
  put(nm, "n", v[1]); put(nm, "p1", v[2]); put(nm, "p2", v[3]); put(nm, "sig", v[4])
  put(nm, "power", power.prop.test(n = v[1], p1 = v[2], p2 = v[3], sig.level = v[4])$power)
}
pw_p2 <- list(pd_a = c(300, .25, .8, .05), pd_b = c(1000, .05, .9, .05), pd_c = c(20, .6, .8, .05),
              pd_d = c(5000, .5, .8, .01), pd_e = c(50, .9, .8, .05))
for (nm in names(pw_p2)) {
  v <- pw_p2[[nm]]
  put(nm, "n", v[1]); put(nm, "p1", v[2]); put(nm, "power", v[3]); put(nm, "sig", v[4])
  up <- suppressWarnings(power.prop.test(n = v[1], p1 = v[2], power = v[3], sig.level = v[4], tol = 1e-12)$p2)
  dn <- suppressWarnings(power.prop.test(n = v[1], p2 = v[2], power = v[3], sig.level = v[4], tol = 1e-12)$p1)
  put(nm, "p2_up", if (up <= 1) up else NA)   # R extends past 1 (with a warning): no answer
  put(nm, "p2_down", if (dn >= 0) dn else NA)
  put(nm, "p2_up_default", if (up <= 1) power.prop.test(n = v[1], p1 = v[2], power = v[3], sig.level = v[4])$p2 else NA)
}

# =============================================================== descriptives
set.seed(7)
desc <- list(
  d_basic = data.frame(x = c(round(rnorm(15, 50, 10), 2), NA, NA), w = 1),
  d_weighted = data.frame(x = c(sample(1:5, 40, TRUE), NA), w = c(round(runif(20, 1, 2), 3), round(runif(21, 90, 100), 3))),
  d_one = data.frame(x = c(NA, 3.5), w = c(2, 4)),
  d_two = data.frame(x = c(1, 4), w = c(1, 3)),
  d_const = data.frame(x = c(2, 2, 2, NA, 2), w = c(10, 20, 30, 40, 50)),
  d_even = data.frame(x = c(7, 1, 3, 5, 9, 11), w = c(1, 2, 3, 4, 5, 6))
)
write_data(do.call(rbind, lapply(names(desc), function(nm) cbind(case = nm, desc[[nm]]))), "describe.csv")
for (nm in names(desc)) {
  d <- desc[[nm]]; x <- d$x[!is.na(d$x)]; dc <- d[!is.na(d$x), ]
  put(nm, "n_valid", length(x)); put(nm, "n_missing", sum(is.na(d$x)))
  put(nm, "mean", mean(x))
  q <- quantile(x, c(.25, .5, .75), type = 7)
  put(nm, "q1", q[1]); put(nm, "median", q[2]); put(nm, "q3", q[3])
  put(nm, "min", min(x)); put(nm, "max", max(x))
  put(nm, "q10", quantile(x, 0.1, type = 7)); put(nm, "q99", quantile(x, 0.99, type = 7))
  if (length(x) >= 2) {
    put(nm, "sd", sd(x))
    if (sd(x) > 0) {
      tt <- t.test(x); put(nm, "se", tt$stderr); put(nm, "lo", tt$conf.int[1]); put(nm, "hi", tt$conf.int[2])
    }
    des <- svydesign(ids = ~1, weights = ~w, data = dc)
    m <- svymean(~x, des)
    put(nm, "wmean", coef(m)); put(nm, "wse", SE(m))
    put(nm, "wlo", confint(m)[1]); put(nm, "whi", confint(m)[2])
    put(nm, "wsd", sqrt(coef(svyvar(~x, des))))
  }
}

# =============================================================== survey designs
# tests/data/stats/survey.csv: case,y,w,stratum,psu,domain (stratum/psu NA when the
# design has none).  Each domain k is estimated as svymean(~y, subset(des, domain == k))
# (identical to svyby(~y, ~domain, des, svymean), checked below) and "all" is the
# whole sample.
svy_one <- function(nm, pre, des) {
  m <- tryCatch(svymean(~y, des, na.rm = TRUE, deff = TRUE), error = function(e) e)
  if (inherits(m, "error")) {
    stopifnot(grepl("has only one PSU", conditionMessage(m)))
    put(nm, paste0(pre, "_lonely"), 1)
    return(invisible())
  }
  y <- des$variables$y
  put(nm, paste0(pre, "_n_valid"), sum(!is.na(y))); put(nm, paste0(pre, "_n_missing"), sum(is.na(y)))
  put(nm, paste0(pre, "_mean"), coef(m)); put(nm, paste0(pre, "_se"), SE(m))
  put(nm, paste0(pre, "_lo"), confint(m)[1]); put(nm, paste0(pre, "_hi"), confint(m)[2])
  put(nm, paste0(pre, "_deff"), suppressWarnings(deff(m)))
  mr <- svymean(~y, des, na.rm = TRUE, deff = "replace")
  put(nm, paste0(pre, "_deff_replace"), deff(mr))
  put(nm, paste0(pre, "_df"), degf(des))
  yy <- y[!is.na(y)]
  if (all(yy %in% c(0, 1)) && mean(yy) > 0 && mean(yy) < 1 && degf(des) > 0) {
    ci <- svyciprop(~y, des, method = "logit", na.rm = TRUE)
    put(nm, paste0(pre, "_ci_lo"), attr(ci, "ci")[1]); put(nm, paste0(pre, "_ci_hi"), attr(ci, "ci")[2])
  }
}
svy_case <- function(nm, d, strata, clus) {
  des <- svydesign(ids = if (clus) ~psu else ~1, strata = if (strata) ~stratum else NULL,
                   weights = ~w, data = d)
  K <- max(d$domain)
  put(nm, "has_strata", strata); put(nm, "clustered", clus); put(nm, "n_domains", K)
  svy_one(nm, "all", des)
  for (k in 1:K) svy_one(nm, paste0("d", k), subset(des, domain == k))
  des
}
set.seed(42)
svy_data <- list()
n <- 300
svy_data$s_srs <- list(d = data.frame(y = replace(rbinom(n, 1, 0.35), sample(n, 15), NA),
  w = round(runif(n, 1, 100), 2), stratum = NA, psu = NA, domain = sample(1:3, n, TRUE)), st = FALSE, cl = FALSE)
n <- 400; st <- sample(1:5, n, TRUE, prob = c(.1, .2, .3, .25, .15))
svy_data$s_strat <- list(d = data.frame(y = replace(round(rnorm(n, 3 + st * 0.2, 1), 2), sample(n, 10), NA),
  w = round(runif(n, 5, 500), 1), stratum = st, psu = NA, domain = sample(1:4, n, TRUE)), st = TRUE, cl = FALSE)
mk_clus <- function(npsu, binary = TRUE, base = 0) {
  rows <- list(); p <- 0
  for (h in seq_along(npsu)) for (j in seq_len(npsu[h])) {
    p <- p + 1; m <- sample(8:15, 1); eff <- rnorm(1, 0, 0.6)
    y <- if (binary) rbinom(m, 1, plogis(-0.5 + eff)) else base + round(rnorm(m, eff, 1), 3)
    rows[[p]] <- data.frame(y = y, stratum = h, psu = p)
  }
  do.call(rbind, rows)
}
d <- mk_clus(c(3, 4, 5, 3, 4, 6)); n <- nrow(d)
d$w <- round(runif(n, 20, 200), 1); d$y[sample(n, 6)] <- NA
d$domain <- ifelse(d$stratum <= 3, sample(1:3, n, TRUE), sample(1:2, n, TRUE))
svy_data$s_clus <- list(d = d[, c("y", "w", "stratum", "psu", "domain")], st = TRUE, cl = TRUE)
d <- mk_clus(25, binary = FALSE); d$y <- pmin(5, pmax(1, round(3 + d$y))); n <- nrow(d)
d$w <- round(runif(n, 1, 50), 2); d$stratum <- NA; d$domain <- sample(1:2, n, TRUE)
svy_data$s_clus_nost <- list(d = d[, c("y", "w", "stratum", "psu", "domain")], st = FALSE, cl = TRUE)
n <- 150
svy_data$s_normw <- list(d = data.frame(y = rbinom(n, 1, 0.4), w = round(runif(n, 0.2, 1.8), 3),
  stratum = sample(1:3, n, TRUE), psu = NA, domain = sample(1:3, n, TRUE)), st = TRUE, cl = FALSE)
d <- mk_clus(c(3, 2, 4, 1)); n <- nrow(d); d$w <- round(runif(n, 10, 30), 1)
d$domain <- ifelse(d$stratum == 4, 2, sample(1:2, n, TRUE))
svy_data$s_lonely <- list(d = d[, c("y", "w", "stratum", "psu", "domain")], st = TRUE, cl = TRUE)
n <- 60; st <- rep(1:2, each = 30); dom <- sample(1:2, n, TRUE)
svy_data$s_const <- list(d = data.frame(y = ifelse(dom == 1, 1, rbinom(n, 1, 0.5)),
  w = round(runif(n, 1, 9), 2), stratum = st, psu = NA, domain = dom), st = TRUE, cl = FALSE)
d <- mk_clus(c(4, 3, 5), binary = FALSE, base = 1e6); n <- nrow(d)
d$w <- round(exp(runif(n, 0, log(100))), 3); d$domain <- sample(1:3, n, TRUE)
svy_data$s_shift <- list(d = d[, c("y", "w", "stratum", "psu", "domain")], st = TRUE, cl = TRUE)
d$psu <- NA
svy_data$s_shift1 <- list(d = d[, c("y", "w", "stratum", "psu", "domain")], st = TRUE, cl = FALSE)
svy_data$s_tiny <- list(d = data.frame(y = c(2, 5, 3, NA), w = c(10, 20, 30, 5), stratum = NA, psu = NA,
  domain = c(1, 2, 2, 1)), st = FALSE, cl = FALSE)
write_data(do.call(rbind, lapply(names(svy_data), function(nm) cbind(case = nm, svy_data[[nm]]$d))), "survey.csv")
for (nm in names(svy_data)) {
  des <- svy_case(nm, svy_data[[nm]]$d, svy_data[[nm]]$st, svy_data[[nm]]$cl)
  if (nm == "s_clus") { # subset() per domain is what svyby does
    b <- svyby(~y, ~domain, des, svymean, na.rm = TRUE, deff = TRUE)
    for (k in 1:3) {
      stopifnot(abs(b$y[k] - as.numeric(rows_val[rows_case == nm & rows_key == paste0("d", k, "_mean")])) < 1e-12)
      stopifnot(abs(b$se[k] - as.numeric(rows_val[rows_case == nm & rows_key == paste0("d", k, "_se")])) < 1e-12)
    }
    bc <- svyby(~y, ~domain, des, svyciprop, method = "logit", vartype = "ci", na.rm = TRUE)
    stopifnot(abs(bc$ci_l[1] - as.numeric(rows_val[rows_case == nm & rows_key == "d1_ci_lo"])) < 1e-12)
  }
}
# difference between two independent waves (normal, as METHODS.md defines it)
wd <- function(m2, s2, m1, s1) { d <- m2 - m1; se <- sqrt(s1^2 + s2^2)
  c(diff = d, se = se, lo = d - qnorm(.975) * se, hi = d + qnorm(.975) * se, z = d / se, p = 2 * pnorm(-abs(d / se))) }
r <- wd(0.3412, 0.0151, 0.2980, 0.0143)
for (k in names(r)) put("wave_diff", k, r[[k]])

# =============================================================== Cronbach's alpha
# tests/data/stats/reliability.csv: case,row,item,value (long form of an n x k matrix)
set.seed(11)
likert_items <- function(n, k, r = 0.5) {
  f <- rnorm(n)
  sapply(1:k, function(j) pmin(5, pmax(1, round(3 + sqrt(r) * f + sqrt(1 - r) * rnorm(n)))))
}
rel <- list(rel_basic = likert_items(200, 5),
            rel_na = { m <- likert_items(150, 4); m[sample(length(m), 60)] <- NA; m },
            rel_two = likert_items(50, 2, 0.3),
            rel_zerovar = { m <- likert_items(60, 4); m[, 4] <- 3; m },
            rel_neg = { m <- likert_items(80, 3, 0.6); m[, 3] <- 6 - m[, 3]; m },
            rel_small = matrix(c(1, 2, 2, 2, 3, 4, 4, 4, 5), 3, 3))
write_data(do.call(rbind, lapply(names(rel), function(nm) {
  m <- rel[[nm]]
  data.frame(case = nm, row = rep(seq_len(nrow(m)), ncol(m)), item = rep(seq_len(ncol(m)), each = nrow(m)),
             value = as.vector(m))
})), "reliability.csv")
for (nm in names(rel)) {
  a <- suppressWarnings(suppressMessages(psych::alpha(as.data.frame(rel[[nm]]), warnings = FALSE)))
  put(nm, "raw", a$total$raw_alpha); put(nm, "std", a$total$std.alpha); put(nm, "ase", a$total$ase)
  put(nm, "items_used", nrow(a$item.stats))
}

# =============================================================== bootstrap
# (1) Exact: boot.ci(type = c("perc", "bca")) on given replicates t and influence values
#     L (tests/data/stats/boot_rep.csv: case,kind,value with kind 1 = t, 2 = L).
set.seed(99)
fake_boot <- function(t, t0) {
  b <- boot(data = 1:10, statistic = function(d, i) mean(d[i]), R = length(t))
  b$t <- matrix(t, ncol = 1); b$t0 <- t0; b
}
brep <- list(bt_int = list(t = 0.3 + 0.1 * rnorm(1999) + 0.05 * rexp(1999), t0 = 0.33, L = rnorm(50) + rexp(50), conf = 0.95),
             bt_interp = list(t = rgamma(1000, 3), t0 = 2.8, L = rnorm(80), conf = 0.95),
             bt_extreme = list(t = rnorm(20), t0 = 0.1, L = rexp(15) - 1, conf = 0.95),
             bt_conf90 = list(t = rbeta(999, 2, 5), t0 = 0.3, L = rnorm(30, 0, 2) + rexp(30), conf = 0.90),
             bt_ties = list(t = round(rnorm(500, 0.2, 0.05), 2), t0 = 0.2, L = round(rnorm(40), 1), conf = 0.95))
write_data(do.call(rbind, lapply(names(brep), function(nm) with(brep[[nm]],
  data.frame(case = nm, kind = c(rep(1, length(t)), rep(2, length(L))), value = c(t, L))))), "boot_rep.csv")
for (nm in names(brep)) with(brep[[nm]], {
  ci <- suppressWarnings(boot.ci(fake_boot(t, t0), conf = conf, type = c("perc", "bca"), L = L))
  put(nm, "t0", t0); put(nm, "conf", conf)
  put(nm, "perc_lo", ci$percent[4]); put(nm, "perc_hi", ci$percent[5])
  put(nm, "bca_lo", ci$bca[4]); put(nm, "bca_hi", ci$bca[5])
  put(nm, "a", sum(L^3) / (6 * sum(L^2)^1.5)); put(nm, "w", qnorm(sum(t < t0) / length(t)))
})
# (2) Monte-Carlo: boot() itself, R = 20000, L = jackknife, on
#     Cliff's delta between two groups of a 4-point scale (stratified by group) and
#     the mean of a skewed sample (one group).  The C tests compare with a tolerance
#     of a few Monte-Carlo standard errors; a (deterministic) at TOL_CLOSED.
boot_mc <- function(nm, b) {
  L <- empinf(b, type = "jack")
  ci <- boot.ci(b, type = c("perc", "bca"), L = L)
  put(nm, "t0", b$t0); put(nm, "se", sd(b$t[, 1])); put(nm, "R", b$R)
  put(nm, "perc_lo", ci$percent[4]); put(nm, "perc_hi", ci$percent[5])
  put(nm, "bca_lo", ci$bca[4]); put(nm, "bca_hi", ci$bca[5])
  put(nm, "a", sum(L^3) / (6 * sum(L^2)^1.5)); put(nm, "w", qnorm(mean(b$t[, 1] < b$t0)))
}
cnt_a <- c(30, 70, 120, 80); cnt_b <- c(45, 80, 90, 35)
put("bm_cliff", "k", 4)
for (j in 1:4) { put("bm_cliff", paste0("after_", j), cnt_a[j]); put("bm_cliff", paste0("before_", j), cnt_b[j]) }
lik <- data.frame(x = c(rep(1:4, cnt_a), rep(1:4, cnt_b)), g = c(rep(2, sum(cnt_a)), rep(1, sum(cnt_b))))
cliff_stat <- function(d, i) { dd <- d[i, ]; cliff_ref(dd$x[dd$g == 2], dd$x[dd$g == 1]) }
set.seed(2024)
boot_mc("bm_cliff", boot(lik, cliff_stat, R = 20000, strata = lik$g))
skew <- data.frame(x = round(rexp(80, 1 / 3), 3))
write_data(cbind(case = "bm_mean", skew), "boot_mean.csv")
boot_mc("bm_mean", boot(skew, function(d, i) mean(d$x[i]), R = 20000))

# ================================================================ output
res <- data.frame(case = rows_case, key = rows_key, value = rows_val)
stopifnot(!any(duplicated(paste(res$case, res$key))))
write.table(res, out_csv, sep = ",", quote = FALSE, row.names = FALSE)
cat("wrote", nrow(res), "reference values to", out_csv, "\n")
