#!/usr/bin/env Rscript
# Reference values for the noncentral t distribution (src/lib/stats/nct.c) and for
# planning a comparison of two means (src/lib/stats/power.c power_t_*, `trygg power
# --delta`): R's pt(t, df, ncp) and power.t.test(type = "two.sample").
#
# Run from the repository root:   Rscript tests/r/ref_power_t.R
# Writes
#   tests/r/values/nct.csv      t,df,ncp,lower,upper  (pt(t, df, ncp, lower.tail = TRUE /
#                               FALSE)) over a grid with both tails, small and fractional
#                               df, large ncp (beyond 37.62, where R switches to the
#                               normal approximation) and df above 4e5 (likewise)
#   tests/r/values/power_t.csv  case,key,value: inputs n, delta, sd, sig, power, one
#                               (1 = one-sided), strict and
#     pow      power.t.test(n, delta, sd, sig.level, alternative, strict)$power
#     n_req    power.t.test(delta, sd, power, ..., tol = 1e-12)$n
#     delta_req power.t.test(n, sd, power, ..., tol = 1e-12)$delta
#   (NA where R stops with an error).  The C code solves with Brent's method to ~1e-13,
#   so R is asked for tol = 1e-12.  Both files are committed: the tests never need R.
options(warn = 1)
fmt <- function(x) {
  x <- as.numeric(x)
  if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf")
  else sprintf("%.17g", x)
}

# ---------------------------------------------------------------- pt(t, df, ncp)
ts <- c(-60, -8, -2.5, -1, -0.3, 0, 1e-3, 0.4, 1, 1.96, 3, 6, 12, 40, 150)
dfs <- c(0.3, 1, 1.5, 2, 3, 4.7, 10, 29, 100, 1000, 3.9e5, 4.1e5, 5e6)
ncps <- c(-39, -12, -3, -0.5, 0, 0.25, 1, 2.8, 7, 15, 30, 37.5, 37.7, 45, 80)
g <- expand.grid(t = ts, df = dfs, ncp = ncps)
lo <- up <- numeric(nrow(g))
for (i in seq_len(nrow(g))) {
  lo[i] <- suppressWarnings(pt(g$t[i], g$df[i], g$ncp[i], lower.tail = TRUE))
  up[i] <- suppressWarnings(pt(g$t[i], g$df[i], g$ncp[i], lower.tail = FALSE))
}
con <- file("tests/r/values/nct.csv", "w")
writeLines("t,df,ncp,lower,upper", con)
writeLines(sprintf("%s,%s,%s,%s,%s", sapply(g$t, fmt), sapply(g$df, fmt), sapply(g$ncp, fmt),
                   sapply(lo, fmt), sapply(up, fmt)), con)
close(con)
cat("wrote", nrow(g), "pt values\n")

# ---------------------------------------------------------------- power.t.test
rows <- character()
put <- function(case, key, value) {
  stopifnot(length(value) == 1)
  rows <<- c(rows, paste(case, key, fmt(value), sep = ","))
}
safe <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NA_real_)
# delta, sd, n (for the power and the detectable difference)
plans <- list(c(0.5, 1, 64), c(0.2, 1, 400), c(1, 2.5, 30), c(2, 1, 2), c(0.05, 1, 5000),
              c(3, 0.7, 3), c(0.01, 1, 1e6), c(-0.4, 1, 100), c(10, 1, 2.5), c(0.8, 1.3, 1.5))
k <- 0
for (pl in plans) for (sig in c(.05, .01)) for (pw in c(.8, .9)) for (alt in c("two.sided", "one.sided"))
  for (strict in c(FALSE, TRUE)) {
    k <- k + 1
    nm <- sprintf("t%03d", k)
    delta <- pl[1]; sd <- pl[2]; n <- pl[3]
    put(nm, "delta", delta); put(nm, "sd", sd); put(nm, "n", n); put(nm, "sig", sig)
    put(nm, "power", pw); put(nm, "one", alt == "one.sided"); put(nm, "strict", strict)
    put(nm, "pow", power.t.test(n = n, delta = delta, sd = sd, sig.level = sig,
                                alternative = alt, strict = strict)$power)
    put(nm, "n_req", safe(power.t.test(delta = delta, sd = sd, power = pw, sig.level = sig,
                                       alternative = alt, strict = strict, tol = 1e-12)$n))
    put(nm, "delta_req", safe(power.t.test(n = n, sd = sd, power = pw, sig.level = sig,
                                           alternative = alt, strict = strict,
                                           tol = 1e-12)$delta))
  }
# R's default tolerance (uniroot, eps^0.25), for the record: the e2e test's plan
put("default", "n_req", power.t.test(delta = 0.5, sd = 1, power = 0.8)$n)
put("default", "delta_req", power.t.test(n = 64, sd = 1, power = 0.8)$delta)
con <- file("tests/r/values/power_t.csv", "w")
writeLines("case,key,value", con)
writeLines(rows, con)
close(con)
cat("wrote", k, "power.t.test plans\n")
