# Reference values for tests/unit/test_stats_its_conv.c: why an ITS level change's p-value
# (2.3e-6) was 4.3e-4 relative off R in `make crosscheck` (seed 2).
#   Rscript tests/r/ref_its_conv.R       (from the repository root)
# The series is seed 2's (Norr, rån, 2013-01 .. 2016-09 as of 2016-10-03, start 2015-03:
# month 27), the Poisson ITS y ~ t + post + tpost + month of year.  It is fitted with
# glm's default control (epsilon = 1e-8, maxit = 25: METHODS.md's glm(), which trygg
# follows step for step) and converged further (1e-10, 1e-12, as the cross-check used to
# fit).  Neither trygg nor R stops earlier than the other: both stop after 5 iterations,
# when the relative deviance change falls below 1e-8.  A sixth iteration moves the
# coefficient by 1e-9 but its standard error by 1.8e-5: summary.glm reads the covariance
# from the QR of the last iteration, whose weights are those of the iterate before it.
# At z = -4.73 the p-value's relative change is ~z^2 times the SE's: 4.3e-4.
rows <- list()
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, sprintf("%.17g", value))
y <- c(5, 2, 1, 9, 12, 4, 0, 1, 2, 13, 3, 26, 12, 2, 25, 3, 14, 0, 0, 4, 4, 4, 8, 7, 5, 18,
       1, 3, 0, 7, 1, 6, 3, 2, 3, 2, 7, 2, 12, 15, 2, 6, 1, 3, 1)
t <- seq_along(y); T0 <- 27
d <- data.frame(y = y, tt = t, post = as.integer(t >= T0), fm = factor((t - 1) %% 12 + 1))
d$tpost <- (d$tt - T0) * d$post
for (eps in c(1e-8, 1e-10, 1e-12)) {
  case <- if (eps == 1e-8) "default" else if (eps == 1e-10) "e10" else "tight"
  f <- glm(y ~ tt + post + tpost + fm, family = poisson, data = d,
           control = glm.control(epsilon = eps, maxit = 200))
  s <- coef(summary(f))
  put(case, "iterations", f$iter)
  put(case, "deviance", deviance(f))
  for (tm in list(c("post", "level"), c("tpost", "slope"), c("tt", "trend"))) {
    put(case, paste0(tm[2], ":b"), s[tm[1], 1]); put(case, paste0(tm[2], ":se"), s[tm[1], 2])
    put(case, paste0(tm[2], ":z"), s[tm[1], 3]); put(case, paste0(tm[2], ":p"), s[tm[1], 4])
  }
}
out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/its_conv.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/its_conv.csv: %d values\n", nrow(out)))
