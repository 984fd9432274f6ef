#!/usr/bin/env Rscript
# Reference values for number variables (codebook `type = number`) in `trygg run`:
# the weighted mean with its linearised SE before and after, the difference and the
# difference-in-differences as contrasts (svycontrast on svyby with covmat), the
# difference per age band (an age stored as a number, grouped by the codebook's
# `bands`), the unweighted Welch t-test, and the trend over waves (each wave's mean
# against the baseline).  Checked end to end by tests/e2e/test_numeric.c.
#
# Run from the repository root:   Rscript tests/r/ref_numeric.R
# Writes tests/data/numeric/answers.csv (Swedish CSV: ';' and decimal comma) and
# tests/r/values/numeric.csv (case,key,value).  Both are committed; the test suite never
# needs R.
#
# Awkward on purpose: hours with decimals written with a decimal comma, ages at both
# limits of the range (16 and 84), missing codes 98/99 and -9, empty cells (= -9),
# strata per wave and area, and GGR (times victimised) answered only after: every
# answer before is the missing code 98.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

set.seed(20261205)
dir <- "tests/data/numeric"
rows <- list()
id <- 0
for (year in 2017:2020) {
  for (area in 1:3) {
    n <- c(45, 35, 50)[area] + sample(0:8, 1)
    after <- year >= 2019
    for (i in seq_len(n)) {
      id <- id + 1
      age <- sample(16:84, 1)
      if (i == 1) age <- 16
      if (i == 2) age <- 84
      r <- runif(1)
      if (r < 0.03) age <- 98 else if (r < 0.05) age <- 99
      hours <- round(rgamma(1, shape = 2, rate = 0.4) + (after && area <= 2) * 1.5 +
                       (age < 30) * 2, 2)
      hours <- min(hours, 40)
      if (i == 3) hours <- 0
      if (i == 4 && area == 1 && year == 2017) hours <- 40
      r <- runif(1)
      hours_txt <- if (r < 0.04) "-9" else if (r < 0.07) "" else sub(".", ",", format(hours), fixed = TRUE)
      ggr <- if (after) as.character(rpois(1, 0.6)) else "98"
      w <- round(runif(1, 1, 25), 4)
      rows[[length(rows) + 1]] <- data.frame(LOPNR = id, AR = year, OMRADE = area,
                                             ALDER = age, VIKT = w,
                                             STRATUM = area * 10 + (i %% 2),
                                             TIMMAR = hours_txt, GGR = ggr)
    }
  }
}
d <- do.call(rbind, rows)
out <- d
out$VIKT <- sub(".", ",", sprintf("%.4f", d$VIKT), fixed = TRUE)
write.table(out, file.path(dir, "answers.csv"), sep = ";", quote = FALSE, row.names = FALSE,
            fileEncoding = "UTF-8")

vals <- data.frame(case = character(), key = character(), value = character())
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, x) vals[nrow(vals) + 1, ] <<- c(case, key, fmt(as.numeric(x)))
put_est <- function(case, est, se, lo, hi) {
  put(case, "estimate", est); put(case, "std_error", se)
  put(case, "conf_low", lo); put(case, "conf_high", hi)
}

# the numbers as trygg reads them: decimal comma, missing codes and empty cells -> NA
num <- function(x, missing) {
  v <- suppressWarnings(as.numeric(sub(",", ".", x, fixed = TRUE)))
  v[is.na(v) | v %in% missing] <- NA
  v
}
d$y <- num(d$TIMMAR, -9)
d$g <- num(d$GGR, 98)
d$age <- ifelse(d$ALDER %in% c(98, 99), NA, d$ALDER)
d$band <- cut(d$age, c(15.5, 29.5, 49.5, 64.5, 84.5), labels = c("16-29", "30-49", "50-64", "65-84"))
d$strat <- interaction(d$AR, d$STRATUM, drop = TRUE)
d$place <- ifelse(d$OMRADE %in% 1:2, "T", "C")
d$period <- ifelse(d$AR <= 2018, "before", "after")

contrast_of <- function(b, lv, case, w) {
  v <- setNames(rep(0, length(lv)), lv); v[names(w)] <- w
  s <- svycontrast(b, v)
  est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
  put_est(case, est, se, est - qnorm(0.975) * se, est + qnorm(0.975) * se)
  put(case, "p_value", 2 * pnorm(-abs(est / se)))
}

# ------------------------------------------------------------ [survey hours]
# svyby(..., na.rm = TRUE, covmat = TRUE) fails on missing answers in R 4.2's survey, so
# the rows without a valid answer form a domain of their own ("miss"): a row outside a
# domain contributes zero to it either way, exactly as na.rm does.
ds <- d
ds$cell <- factor(ifelse(is.na(ds$y), "miss", paste(ds$place, ds$period, sep = "_")))
ds$y0 <- ifelse(is.na(ds$y), 0, ds$y)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = ds)
b <- svyby(~y0, ~cell, des, svymean, covmat = TRUE)
lv <- rownames(as.matrix(coef(b)))
contrast_of(b, lv, "hours.difference", c(T_after = 1, T_before = -1))
contrast_of(b, lv, "hours.comparison_difference", c(C_after = 1, C_before = -1))
contrast_of(b, lv, "hours.did", c(T_after = 1, T_before = -1, C_after = -1, C_before = 1))
for (per in c("before", "after")) {
  sub <- subset(des, place == "T" & period == per)
  m <- svymean(~y, sub, na.rm = TRUE)
  # svymean's interval: normal, as trygg's for a mean
  put_est(paste0("hours.", per), coef(m), SE(m), confint(m)[1], confint(m)[2])
  put(paste0("hours.", per), "n", sum(!is.na(ds$y) & ds$place == "T" & ds$period == per))
}
# by age band (the age is a number; bands from the codebook), within the target areas
ds$acell <- factor(ifelse(ds$place == "T" & !is.na(ds$y) & !is.na(ds$band),
                          paste(ds$band, ds$period, sep = "_"), "other"))
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = ds)
ba <- svyby(~y0, ~acell, des, svymean, covmat = TRUE)
la <- rownames(as.matrix(coef(ba)))
for (band in levels(d$band)) {
  w <- c(1, -1); names(w) <- paste0(band, c("_after", "_before"))
  contrast_of(ba, la, paste0("hours.band.", band), w)
  for (per in c("before", "after"))
    put(paste0("hours.band.", band), paste0("n_", per),
        sum(ds$acell == paste0(band, "_", per)))
}
# unweighted Welch t-test in the target areas, after against before
tb <- ds[ds$place == "T" & !is.na(ds$y), ]
tt <- t.test(tb$y[tb$period == "after"], tb$y[tb$period == "before"])
put("hours.welch", "estimate", tt$estimate[1] - tt$estimate[2])
put("hours.welch", "conf_low", tt$conf.int[1]); put("hours.welch", "conf_high", tt$conf.int[2])
put("hours.welch", "statistic", tt$statistic); put("hours.welch", "df", tt$parameter)
put("hours.welch", "p_value", tt$p.value)

# ------------------------------------------------------------ [survey victim]
# only after: every answer before is the missing code 98
sub <- subset(svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = d),
              place == "T" & period == "after")
m <- svymean(~g, sub, na.rm = TRUE)
put_est("victim.after", coef(m), SE(m), confint(m)[1], confint(m)[2])
put("victim.before", "n", sum(!is.na(d$g) & d$place == "T" & d$period == "before"))

# ------------------------------------------------------------ [trend hours_trend]
dt <- d
dt$wave <- factor(ifelse(is.na(dt$y), "miss", dt$AR))
dt$y0 <- ifelse(is.na(dt$y), 0, dt$y)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = dt)
bw <- svyby(~y0, ~wave, des, svymean, covmat = TRUE)
lw <- rownames(as.matrix(coef(bw)))
for (yr in 2018:2020) {
  w <- c(1, -1); names(w) <- c(as.character(yr), "2017")
  contrast_of(bw, lw, paste0("trend.vs_baseline.", yr), w)
}
for (yr in 2017:2020) {
  m <- svymean(~y, subset(des, AR == yr), na.rm = TRUE)
  put_est(paste0("trend.wave.", yr), coef(m), SE(m), confint(m)[1], confint(m)[2])
}
# svyby(~y, ~band, ...) in 2020: the band means of one wave
bb <- svyby(~y, ~band, subset(des, AR == 2020 & !is.na(y) & !is.na(band)), svymean)
for (k in seq_len(nrow(bb)))
  put_est(paste0("trend.band.2020.", bb$band[k]), bb$y[k], bb$se[k],
          bb$y[k] - qnorm(0.975) * bb$se[k], bb$y[k] + qnorm(0.975) * bb$se[k])


# ------------------------------------------------------------ one answer after
# tests/data/numeric/small_2021.csv and small_2022.csv (written by hand, committed): the
# range limits 16 and 84 and 40, a decimal point and comma, missing codes by number and
# by label, an empty cell (= -9); after there is a single valid answer (3,5), so its
# SE is 0 and Welch's t-test is refused.
sm <- rbind(read.csv2(file.path(dir, "small_2021.csv"), colClasses = "character"),
            read.csv2(file.path(dir, "small_2022.csv"), colClasses = "character"))
sm$y <- num(sm$TIMMAR, -9)
sm$VIKT <- as.numeric(sub(",", ".", sm$VIKT, fixed = TRUE))
sm$strat <- interaction(sm$AR, sm$STRATUM, drop = TRUE)
sm$cell <- factor(ifelse(is.na(sm$y), "miss", sm$AR))
sm$y0 <- ifelse(is.na(sm$y), 0, sm$y)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = sm)
for (yr in c("2021", "2022")) {
  m <- svymean(~y, subset(des, AR == yr), na.rm = TRUE)
  put_est(paste0("small.", yr), coef(m), SE(m), confint(m)[1], confint(m)[2])
  put(paste0("small.", yr), "n", sum(!is.na(sm$y) & sm$AR == yr))
}
bs <- svyby(~y0, ~cell, des, svymean, covmat = TRUE)
contrast_of(bs, rownames(as.matrix(coef(bs))), "small.difference", c("2022" = 1, "2021" = -1))


# ------------------------------------------------------------ [compare] by age band
# groups within waves (i13c's [compare]): the band means of 2020 against each other, the
# difference a contrast of svyby with covmat (svyttest(y ~ g) gives the same estimate and
# SE, and the test trygg reports: t on the design's df), and Welch
# unweighted; then 2019..2020 pooled (each wave its own sample), 16-29 against 65-84.
dc <- d
dc$y0 <- ifelse(is.na(dc$y), 0, dc$y)
for (pooled in c(FALSE, TRUE)) {
  waves <- if (pooled) c(2019, 2020) else 2020
  dc$gcell <- factor(ifelse(dc$AR %in% waves & !is.na(dc$y) & !is.na(dc$band),
                            as.character(dc$band), "other"))
  des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = dc)
  bg <- svyby(~y0, ~gcell, des, svymean, covmat = TRUE)
  lg <- rownames(as.matrix(coef(bg)))
  pairs <- if (pooled) list(c("16-29", "65-84")) else combn(levels(d$band), 2, simplify = FALSE)
  for (pr in pairs) {
    key <- paste0(if (pooled) "cmp2." else "cmp1.", pr[1], "_", pr[2])
    w <- c(1, -1); names(w) <- pr
    contrast_of(bg, lg, key, w)
    # [compare] tests the difference as svyttest does: t on the design's degrees of
    # freedom, the interval with the same t quantile (overrides the z values above)
    dc$ga <- dc$gcell == pr[1]
    dt <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = dc)
    tt <- svyttest(y ~ ga, subset(dt, gcell %in% pr))
    stopifnot(abs(tt$estimate - vals$value[vals$case == key & vals$key == "estimate"]
                  |> as.numeric()) < 1e-9)
    vals <- vals[!(vals$case == key & vals$key %in% c("conf_low", "conf_high", "p_value")), ]
    put(key, "conf_low", tt$conf.int[1]); put(key, "conf_high", tt$conf.int[2])
    put(key, "p_value", tt$p.value); put(key, "df", tt$parameter)
    a <- dc$y[dc$gcell == pr[1]]; b <- dc$y[dc$gcell == pr[2]]
    tt <- t.test(a, b)
    put(paste0(key, ".welch"), "estimate", tt$estimate[1] - tt$estimate[2])
    put(paste0(key, ".welch"), "statistic", tt$statistic)
    put(paste0(key, ".welch"), "df", tt$parameter)
    put(paste0(key, ".welch"), "p_value", tt$p.value)
  }
}

write.csv(vals, "tests/r/values/numeric.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values\n")
