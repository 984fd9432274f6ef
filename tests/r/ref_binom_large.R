# Reference values for the exact binomial and Poisson rate-ratio tests on large counts
# (src/lib/stats/counts.c: binom_test_exact, poisson_rate_ratio_exact), where the
# two-sided p-value's count of equally-or-less likely outcomes is found by bisection
# on the distribution's monotone tail instead of a loop over every outcome.
# Run: Rscript tests/r/ref_binom_large.R > tests/r/values/binom_large.csv
cases <- list(
  # id, x, n, p
  list("b_low", 1499000, 3000000, 0.5003),      # x below n p: the loop over the upper tail
  list("b_high", 1502600, 3000000, 0.5),        # x above n p: the lower tail
  list("b_skew", 2101000, 7000000, 0.3),
  list("b_far", 250000, 2500000, 0.1002)
)
cat("case,key,value\n")
for (cs in cases) {
  t <- binom.test(cs[[2]], cs[[3]], cs[[4]])
  cat(sprintf("%s,x,%.17g\n%s,n,%.17g\n%s,p,%.17g\n", cs[[1]], cs[[2]], cs[[1]], cs[[3]], cs[[1]], cs[[4]]))
  cat(sprintf("%s,p_value,%.17g\n%s,conf_low,%.17g\n%s,conf_high,%.17g\n", cs[[1]], t$p.value,
              cs[[1]], t$conf.int[1], cs[[1]], t$conf.int[2]))
}
