#!/usr/bin/env Rscript
# Reference values for planning the next survey wave (src/lib/stats/power.c and
# `trygg power`): R's power.prop.test over a grid of baselines, changes, levels,
# powers, one- and two-sided tests, strict = TRUE and FALSE, with proportions near
# 0 and 1.
#
# Run from the repository root:   Rscript tests/r/ref_power.R
# Writes tests/r/values/power.csv (case,key,value; full precision; NA as NA).  The
# file is committed: the test suite never needs R.
#
# Every case has the inputs p1, p2, n, sig, power, one (1 = one-sided), strict and
#   n_req    power.prop.test(p1, p2, power, sig.level, alternative, strict, tol = 1e-12)$n
#   pow      power.prop.test(n, p1, p2, sig.level, alternative, strict)$power
#   p2_up    power.prop.test(n, p1, power, ..., tol = 1e-12)$p2  (NA when > 1: R warns)
#   p2_down  power.prop.test(n, p2 = p1, power, ..., tol = 1e-12)$p1 (NA when < 0)
# The C code solves to 1e-12 (closed form or Brent), so R is asked for tol = 1e-12.
options(warn = 1)
out_csv <- "tests/r/values/power.csv"
rows <- character()
fmt <- function(x) {
  x <- as.numeric(x)
  if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf")
  else sprintf("%.17g", x)
}
put <- function(case, key, value) {
  stopifnot(length(value) == 1)
  rows <<- c(rows, paste(case, key, fmt(value), sep = ","))
}
safe <- function(expr) tryCatch(suppressWarnings(expr), error = function(e) NA_real_)

# baseline, changed proportion, n per group for the power and MDE questions
pairs <- list(c(.30, .25, 400), c(.50, .75, 50), c(.20, .15, 1000), c(.05, .10, 300),
              c(.001, .01, 2000), c(.99, .999, 3000), c(.60, .40, 20), c(.50, .52, 5000),
              c(.90, .97, 150), c(.02, .001, 800), c(.45, .55, 2))
k <- 0
for (pr in pairs) for (sig in c(.05, .01)) for (pw in c(.8, .9)) for (alt in c("two.sided", "one.sided"))
  for (strict in c(FALSE, TRUE)) {
    k <- k + 1
    nm <- sprintf("g%03d", k)
    p1 <- pr[1]; p2 <- pr[2]; n <- pr[3]
    put(nm, "p1", p1); put(nm, "p2", p2); put(nm, "n", n); put(nm, "sig", sig)
    put(nm, "power", pw); put(nm, "one", alt == "one.sided"); put(nm, "strict", strict)
    put(nm, "n_req", power.prop.test(p1 = p1, p2 = p2, power = pw, sig.level = sig,
                                     alternative = alt, strict = strict, tol = 1e-12)$n)
    put(nm, "pow", power.prop.test(n = n, p1 = p1, p2 = p2, sig.level = sig,
                                   alternative = alt, strict = strict)$power)
    up <- safe(power.prop.test(n = n, p1 = p1, power = pw, sig.level = sig,
                               alternative = alt, strict = strict, tol = 1e-12)$p2)
    dn <- safe(power.prop.test(n = n, p2 = p1, power = pw, sig.level = sig,
                               alternative = alt, strict = strict, tol = 1e-12)$p1)
    # uniroot(extendInt = "yes") may leave [p1, 1] or [0, p1], even for the root on
    # the other side of p1 (power depends on |p1 - p2|): no p2 on this side then.
    put(nm, "p2_up", if (!is.na(up) && up >= p1 && up <= 1) up else NA)
    put(nm, "p2_down", if (!is.na(dn) && dn >= 0 && dn <= p1) dn else NA)
  }
# The power when nothing changes is the test's size: alpha/2 plain two-sided, alpha
# one-sided or strict.
put("null_two", "pow", power.prop.test(n = 100, p1 = .3, p2 = .3)$power)
put("null_strict", "pow", power.prop.test(n = 100, p1 = .3, p2 = .3, strict = TRUE)$power)
put("null_one", "pow", power.prop.test(n = 100, p1 = .3, p2 = .3, alternative = "one.sided")$power)
# R's own help-page examples
put("help1", "n_req", power.prop.test(p1 = .50, p2 = .75, power = .90, tol = 1e-12)$n)
put("help2", "pow", power.prop.test(n = 50, p1 = .50, p2 = .75)$power)
put("help3", "p2_up", power.prop.test(n = 50, p1 = .5, power = .90, tol = 1e-12)$p2)
put("help4", "n_req", power.prop.test(p1 = .5, p2 = 0.501, sig.level = .001, power = 0.90,
                                      tol = 1e-12)$n)
put("help5", "pow", power.prop.test(p1 = .5, p2 = 0.501, sig.level = .001, n = 1e6)$power)

writeLines(c("case,key,value", rows), out_csv)
