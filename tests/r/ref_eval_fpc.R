#!/usr/bin/env Rscript
# Reference values for the finite population correction end to end (issue 13, item 8),
# checked by tests/e2e/test_eval_fpc.c: the survey of tests/data/eval_survey (answers.csv,
# codebook.ini, spec.ini) with the [population] sections of
# tests/data/eval_fpc/population.ini, as R's survey package computes it with
#   svydesign(ids = ~1, strata = ~interaction(year, stratum), weights = ~VIKT, fpc = ~N)
# and, for a codebook without a weight column, with the weights R derives from the fpc
#   svydesign(ids = ~1, strata = ~..., fpc = ~N)              (weights N_h / n_h).
#
# Run from the repository root:   Rscript tests/r/ref_eval_fpc.R
# Writes tests/r/values/eval_fpc.csv (case,key,value).  Needs r-cran-survey.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

d <- read.csv2("tests/data/eval_survey/answers.csv")
pop <- c("10" = 160, "11" = 95, "20" = 300, "21" = 64, "30" = 470, "31" = 120, "40" = 44, "41" = 230)
d$N <- pop[as.character(d$STRATUM)]
d$N[d$AR == 2020 & d$STRATUM == 10] <- 78
d$N[d$AR == 2020 & d$STRATUM == 40] <- 1000
d$y <- ifelse(d$Q1 %in% 1:4, as.numeric(d$Q1 %in% 3:4), NA)
d$strat <- interaction(d$AR, d$STRATUM, drop = TRUE)
d$place <- ifelse(d$OMRADE %in% 1:2, "T", ifelse(d$OMRADE == 3, "C", "O"))
d$period <- ifelse(d$AR <= 2018, "before", "after")

vals <- data.frame(case = character(), key = character(), value = character())
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, x) vals[nrow(vals) + 1, ] <<- c(case, key, fmt(as.numeric(x)))

for (variant in c("w", "now")) {
  des <- if (variant == "w")
    svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, fpc = ~N, data = d)
  else svydesign(ids = ~1, strata = ~strat, fpc = ~N, data = d)
  for (per in c("before", "after")) {
    ci <- svyciprop(~y, subset(des, place == "T" & period == per), method = "logit", na.rm = TRUE)
    cs <- paste0(variant, ".", per)
    put(cs, "estimate", coef(ci)); put(cs, "std_error", SE(ci))
    put(cs, "conf_low", confint(ci)[1]); put(cs, "conf_high", confint(ci)[2])
  }
  # contrasts on svyby(covmat = TRUE); rows without an answer form their own domain
  # (svyby with covmat fails on NA in R 4.2's survey; a row outside a domain adds 0)
  d$cell <- factor(ifelse(is.na(d$y), "miss", paste(d$place, d$period, sep = "_")))
  d$y0 <- ifelse(is.na(d$y), 0, d$y)
  des2 <- if (variant == "w")
    svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, fpc = ~N, data = d)
  else svydesign(ids = ~1, strata = ~strat, fpc = ~N, data = d)
  b <- svyby(~y0, ~cell, des2, svymean, covmat = TRUE)
  lv <- rownames(as.matrix(coef(b)))
  cf <- function(...) { w <- c(...); v <- setNames(rep(0, length(lv)), lv); v[names(w)] <- w; v }
  for (ct in list(list("difference", cf(T_after = 1, T_before = -1)),
                  list("did", cf(T_after = 1, T_before = -1, C_after = -1, C_before = 1)))) {
    s <- svycontrast(b, ct[[2]])
    est <- as.numeric(coef(s)); se <- as.numeric(SE(s))
    cs <- paste0(variant, ".", ct[[1]])
    put(cs, "estimate", est); put(cs, "std_error", se)
    put(cs, "conf_low", est - qnorm(0.975) * se); put(cs, "conf_high", est + qnorm(0.975) * se)
    put(cs, "p_value", 2 * pnorm(-abs(est / se)))
  }
  # [trend t1] (waves 2017..2020, baseline 2017): the design-based trend of svyglm, whose
  # variance carries the fpc as svymean's does (found by the crosscheck, seed 4: trygg's
  # svyglm_trend had no fpc and its SE was up to twice R's); overall and in area 1
  d$year <- as.numeric(d$AR)
  des3 <- if (variant == "w")
    svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, fpc = ~N, data = d)
  else svydesign(ids = ~1, strata = ~strat, fpc = ~N, data = d)
  for (tc in list(list("trend", quote(!is.na(y))), list("trend_area1", quote(!is.na(y) & OMRADE == 1)))) {
    g <- svyglm(y ~ year, do.call(subset, list(des3, tc[[2]])), family = quasibinomial())
    ci <- confint(g)["year", ]
    cs <- paste0(variant, ".", tc[[1]])
    put(cs, "estimate", exp(coef(g)[["year"]])); put(cs, "std_error", SE(g)[["year"]])
    put(cs, "conf_low", exp(ci[[1]])); put(cs, "conf_high", exp(ci[[2]]))
    put(cs, "p_value", summary(g)$coefficients["year", 4]); put(cs, "df", g$df.residual)
  }
}
write.csv(vals, "tests/r/values/eval_fpc.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values\n")

# ------------------------------------------------------------------ census after period
# tests/data/eval_fpc/population_census.ini: [population] as above, and the waves after the
# start (2019, 2020) sampled completely in the target's strata (N_h = n_h: no sampling
# error, deff 0).  The detectable difference (power_prop / detectable_p2) then rests on
# the before period alone: n_eff = harmonic mean of n/deff with n/0 = Inf, i.e. twice the
# before period's n/deff (found by the crosscheck, seed 20: trygg took a deff of 0 as 1,
# n_eff 116 where R's n/deff gives 323).
cen <- d
nh <- table(cen$AR, cen$STRATUM)
lines <- c("; tests/r/ref_eval_fpc.R: the waves after the start sampled completely in the",
           "; target's strata (N = n), the other strata and waves as population.ini.",
           readLines("tests/data/eval_fpc/population.ini")[-(1:4)])
lines <- lines[!grepl("^\\[population 2020\\]|^stratum.10 = 78|^stratum.40 = 1000", lines)]
for (yr in c("2019", "2020")) {
  lines <- c(lines, "", sprintf("[population %s]", yr))
  for (h in c("10", "11", "20", "21")) lines <- c(lines, sprintf("stratum.%s = %d", h, nh[yr, h]))
}
writeLines(lines, "tests/data/eval_fpc/population_census.ini")
cen$N <- pop[as.character(cen$STRATUM)]
for (yr in 2019:2020) for (h in c(10, 11, 20, 21))
  cen$N[cen$AR == yr & cen$STRATUM == h] <- nh[as.character(yr), as.character(h)]
dc <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, fpc = ~N, data = cen)
m_b <- svymean(~y, subset(dc, place == "T" & period == "before"), na.rm = TRUE, deff = "replace")
m_a <- svymean(~y, subset(dc, place == "T" & period == "after"), na.rm = TRUE, deff = "replace")
stopifnot(SE(m_a)[[1]] == 0)
n_b <- sum(!is.na(cen$y) & cen$place == "T" & cen$period == "before")
neff <- 2 / (deff(m_b)[[1]] / n_b + 0)       # 1/Inf = 0 for the census period
p1 <- coef(m_b)[[1]]
p2 <- uniroot(function(p2) power.prop.test(n = neff, p1 = p1, p2 = p2)$power - 0.8,
              c(1e-9, p1 - 1e-9), tol = 1e-14)$root
vals[nrow(vals) + 1, ] <- c("census.power", "estimate", fmt(p2))
vals[nrow(vals) + 1, ] <- c("census.power", "n", fmt(neff))
write.csv(vals, "tests/r/values/eval_fpc.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values (with the census case)\n")
