# The design bootstrap of Cliff's delta shared by ref_compare_boot.R and ref_survey_group_boot.R
# (sourced from the repository root): boot over the resampling units within their strata,
# percentile and BCa intervals with jackknife influence values; put() collects case,key,value.
suppressPackageStartupMessages(library(boot))
set.seed(20261206)
R <- 20000
vals <- character()
put <- function(case, key, x) vals <<- c(vals, paste(case, key, sprintf("%.17g", as.numeric(x)), sep = ","))

# Cliff's delta P(a > b) - P(a < b) from the counts per category (ascending scale)
cliffc <- function(ca, cb) {
  k <- length(ca)
  below <- cumsum(c(0, cb))[1:k]
  above <- sum(cb) - cumsum(cb)
  (sum(ca * below) - sum(ca * above)) / (sum(ca) * sum(cb))
}

# unit: the resampling unit of each row; strat: its stratum; x: the answer on the
# scale (NA: none); g: "a", "b" (in [survey], after and before) or anything else
run <- function(case, unit, strat, x, g) {
  lv <- sort(unique(x[!is.na(x) & g %in% c("a", "b")]))
  units <- unique(unit)
  ua <- t(sapply(units, function(u) tabulate(match(x[unit == u & g == "a" & !is.na(x)], lv), length(lv))))
  ub <- t(sapply(units, function(u) tabulate(match(x[unit == u & g == "b" & !is.na(x)], lv), length(lv))))
  us <- sapply(units, function(u) strat[unit == u][1])
  k <- length(lv)
  U <- data.frame(strat = as.integer(factor(us)))
  U$A <- matrix(ua, ncol = k); U$B <- matrix(ub, ncol = k)
  stat <- function(d, i) cliffc(colSums(d$A[i, , drop = FALSE]), colSums(d$B[i, , drop = FALSE]))
  t0 <- stat(U, seq_len(nrow(U)))
  b <- boot(U, stat, R = R, strata = U$strat)
  L <- empinf(b, type = "jack")
  ci <- boot.ci(b, type = c("perc", "bca"), L = L)
  put(case, "estimate", t0)
  put(case, "units", nrow(U))
  put(case, "se", sd(b$t[is.finite(b$t[, 1]), 1]))
  put(case, "perc_lo", ci$percent[4]); put(case, "perc_hi", ci$percent[5])
  put(case, "bca_lo", ci$bca[4]); put(case, "bca_hi", ci$bca[5])
  put(case, "a", sum(L^3) / (6 * sum(L^2)^1.5))
}
