#!/usr/bin/env Rscript
# Reference values for the survey analyses of `trygg run` ([survey] and [trend],
# src/lib/eval/analyze_survey.c, analyze_trend.c), checked end to end by
# tests/e2e/test_eval_survey.c.
#
# Run from the repository root:   Rscript tests/r/ref_eval_survey.R
# Writes tests/data/eval_survey/answers.csv (the survey: Swedish CSV, ';' and decimal
# comma) and tests/r/values/eval_survey.csv (case,key,value).  Both are committed; the
# test suite never needs R.
#
# The data are made to be awkward: strata per wave and area, weights from 1 to 80
# (a few extreme), "Vet ej" (8) and empty cells, a background group of three
# respondents in the target areas (suppressed, and a second group hidden with it),
# and a comparison area.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

set.seed(20261125)
dir <- "tests/data/eval_survey"
rows <- list()
id <- 0
for (year in 2017:2020) {
  for (area in 1:4) {
    n <- c(70, 55, 90, 40)[area] + sample(0:10, 1)
    after <- year >= 2019
    base <- c(0.38, 0.30, 0.20, 0.15)[area]
    p_unsafe <- base - (if (after && area <= 2) 0.10 else 0) - (if (after && area == 3) 0.03 else 0)
    for (i in seq_len(n)) {
      id <- id + 1
      kon <- sample(1:2, 1)
      unsafe <- runif(1) < p_unsafe + (kon == 2) * 0.08
      q <- if (unsafe) sample(3:4, 1, prob = c(0.65, 0.35)) else sample(1:2, 1, prob = c(0.45, 0.55))
      r <- runif(1)
      q <- if (r < 0.04) 8 else if (r < 0.07) NA else q
      # strata: two per area and wave
      w <- round(runif(1, 1, 30), 4)
      if (runif(1) < 0.02) w <- 80
      rows[[length(rows) + 1]] <- data.frame(LOPNR = id, AR = year, OMRADE = area, KON = kon,
                                             VIKT = w, STRATUM = area * 10 + (i %% 2), Q1 = q)
    }
  }
}
d <- do.call(rbind, rows)
# three respondents of the small group "Annat" in the target areas, before
small <- which(d$OMRADE %in% 1:2 & d$AR %in% 2017:2018)[c(5, 17, 29)]
d$KON[small] <- 3

out <- d
out$VIKT <- sub(".", ",", sprintf("%.4f", d$VIKT), fixed = TRUE)
out$Q1 <- ifelse(is.na(d$Q1), "", d$Q1)
write.table(out, file.path(dir, "answers.csv"), sep = ";", quote = FALSE, row.names = FALSE,
            fileEncoding = "UTF-8")

vals <- data.frame(case = character(), key = character(), value = character())
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, x) vals[nrow(vals) + 1, ] <<- c(case, key, fmt(as.numeric(x)))
put_est <- function(case, est, se, lo, hi) {
  put(case, "estimate", est); put(case, "std_error", se)
  put(case, "conf_low", lo); put(case, "conf_high", hi)
}

d$y <- ifelse(d$Q1 %in% 1:4, as.numeric(d$Q1 %in% 3:4), NA)
d$strat <- interaction(d$AR, d$STRATUM, drop = TRUE)

# ------------------------------------------------------------ [survey s1]
ds <- d[d$AR %in% 2017:2020, ]
ds$place <- ifelse(ds$OMRADE %in% 1:2, "T", ifelse(ds$OMRADE == 3, "C", "O"))
ds$period <- ifelse(ds$AR <= 2018, "before", "after")
# svyby(..., na.rm = TRUE, covmat = TRUE) fails on missing answers in R 4.2's survey, so
# the rows without a valid answer form a domain of their own ("miss") instead: a row
# outside a domain contributes zero to it either way, exactly as na.rm does.
ds$cell <- factor(ifelse(is.na(ds$y), "miss", paste(ds$place, ds$period, sep = "_")))
ds$y0 <- ifelse(is.na(ds$y), 0, ds$y)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = ds)
b <- svyby(~y0, ~cell, des, svymean, covmat = TRUE)
lv <- rownames(coef(b) |> as.matrix())
cf <- function(...) { w <- c(...); v <- setNames(rep(0, length(lv)), lv); v[names(w)] <- w; v }
contrast <- function(case, w) {
  s <- svycontrast(b, w)
  est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
  put_est(case, est, se, est - qnorm(0.975) * se, est + qnorm(0.975) * se)
  put(case, "p_value", 2 * pnorm(-abs(est / se)))
}
contrast("s1.difference", cf(T_after = 1, T_before = -1))
contrast("s1.comparison_difference", cf(C_after = 1, C_before = -1))
contrast("s1.did", cf(T_after = 1, T_before = -1, C_after = -1, C_before = 1))
for (per in c("before", "after")) {
  # the domain with its missing answers, as a user subsets it: degf() counts every
  # respondent of the domain, and svyciprop's t interval uses that
  sub <- subset(des, place == "T" & period == per)
  ci <- svyciprop(~y, sub, method = "logit", na.rm = TRUE)
  put_est(paste0("s1.", per), coef(ci), SE(ci), confint(ci)[1], confint(ci)[2])
  put(paste0("s1.", per), "n", sum(!is.na(ds$y[ds$cell == paste0("T_", per)])))
  m <- svymean(~y, sub, deff = "replace", na.rm = TRUE)
  put(paste0("s1.", per), "deff_replace", deff(m))
}
# subgroups: KON within the target areas
ds$kcell <- factor(ifelse(ds$place == "T" & !is.na(ds$y), paste(ds$KON, ds$period, sep = "_"),
                          "other"))
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = ds)
bk <- svyby(~y0, ~kcell, des, svymean, covmat = TRUE)
lk <- rownames(as.matrix(coef(bk)))
for (k in 1:2) {
  w <- setNames(rep(0, length(lk)), lk)
  w[paste0(k, "_after")] <- 1; w[paste0(k, "_before")] <- -1
  s <- svycontrast(bk, w)
  est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
  put_est(paste0("s1.kon", k), est, se, est - qnorm(0.975) * se, est + qnorm(0.975) * se)
  for (per in c("before", "after"))
    put(paste0("s1.kon", k), paste0("n_", per),
        sum(!is.na(ds$y) & ds$kcell == paste0(k, "_", per)))
}
put("s1.kon3", "n_before", sum(!is.na(ds$y) & ds$kcell == "3_before"))
# unweighted supporting tests in the target areas
tb <- ds[ds$place == "T" & !is.na(ds$y), ]
x <- c(sum(tb$y[tb$period == "after"]), sum(tb$y[tb$period == "before"]))
n <- c(sum(tb$period == "after"), sum(tb$period == "before"))
pt <- prop.test(x, n, correct = FALSE)
put("s1.chisq", "statistic", pt$statistic); put("s1.chisq", "p_value", pt$p.value)
qa <- tb$Q1[tb$period == "after"]; qb <- tb$Q1[tb$period == "before"]
wt <- wilcox.test(qa, qb, exact = FALSE, correct = TRUE)
put("s1.mann_whitney", "statistic", wt$statistic); put("s1.mann_whitney", "p_value", wt$p.value)
ct <- chisq.test(cbind(table(factor(qa, 1:4)), table(factor(qb, 1:4))), correct = FALSE)
put("s1.chisq_kx2", "statistic", ct$statistic); put("s1.chisq_kx2", "p_value", ct$p.value)

# ------------------------------------------------------------ [trend t1]
dt <- d
dt$wave <- factor(ifelse(is.na(dt$y), "miss", dt$AR))
dt$y0 <- ifelse(is.na(dt$y), 0, dt$y)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = dt)
bw <- svyby(~y0, ~wave, des, svymean, covmat = TRUE)
lw <- rownames(as.matrix(coef(bw)))
for (yr in 2018:2020) {
  w <- setNames(rep(0, length(lw)), lw); w[as.character(yr)] <- 1; w["2017"] <- -1
  s <- svycontrast(bw, w)
  est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
  put_est(paste0("t1.vs_baseline.", yr), est, se, est - qnorm(0.975) * se, est + qnorm(0.975) * se)
  put(paste0("t1.vs_baseline.", yr), "p_value", 2 * pnorm(-abs(est / se)))
}
# the summary's latest year against the year before (2020 - 2019)
w <- setNames(rep(0, length(lw)), lw); w["2020"] <- 1; w["2019"] <- -1
s <- svycontrast(bw, w)
est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
put_est("t1.vs_previous.2020", est, se, est - qnorm(0.975) * se, est + qnorm(0.975) * se)
put("t1.vs_previous.2020", "p_value", 2 * pnorm(-abs(est / se)))
for (yr in 2017:2020) {
  ci <- svyciprop(~y, subset(des, AR == yr), method = "logit", na.rm = TRUE)
  put_est(paste0("t1.wave.", yr), coef(ci), SE(ci), confint(ci)[1], confint(ci)[2])
}
ok <- !is.na(d$y)
xs <- tapply(d$y[ok], d$AR[ok], sum); ns <- tapply(d$y[ok], d$AR[ok], length)
tt <- prop.trend.test(xs, ns, score = 2017:2020)
put("t1.trend_chisq", "statistic", tt$statistic); put("t1.trend_chisq", "p_value", tt$p.value)
g <- glm(cbind(xs, ns - xs) ~ I(2017:2020), family = binomial)
put("t1.logit_trend", "estimate", exp(coef(g)[2]))
put("t1.logit_trend", "conf_low", exp(confint.default(g)[2, 1]))
put("t1.logit_trend", "conf_high", exp(confint.default(g)[2, 2]))
# design-based (weighted) trend: svyglm(y ~ year, quasibinomial) on the design of all the
# waves, restricted to the respondents with an answer (a domain: the others stay in
# their strata); the odds ratio per year with confint.svyglm's interval (t on the
# residual df) and summary()'s p-value; overall and for area 1.
dt$year <- as.numeric(as.character(dt$AR))
svytrend <- function(case, dsub) {
  g <- svyglm(y ~ year, dsub, family = quasibinomial())
  b <- coef(g)[["year"]]; se <- SE(g)[["year"]]; ci <- confint(g)["year", ]
  put(case, "estimate", exp(b)); put(case, "log_se", se)
  put(case, "conf_low", exp(ci[[1]])); put(case, "conf_high", exp(ci[[2]]))
  put(case, "p_value", summary(g)$coefficients["year", 4]); put(case, "df", g$df.residual)
}
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = dt)
svytrend("t1.svyglm_trend", subset(des, !is.na(y)))
svytrend("t1.svyglm_trend.area1", subset(des, !is.na(y) & OMRADE == 1))
# by area: the share in area 1 in 2020
ci <- svyciprop(~y, subset(des, AR == 2020 & OMRADE == 1), method = "logit", na.rm = TRUE)
put_est("t1.area1.2020", coef(ci), SE(ci), confint(ci)[1], confint(ci)[2])

write.csv(vals, "tests/r/values/eval_survey.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values\n")
