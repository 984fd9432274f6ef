# Reference values for tests/unit/test_stats_rtm_conv.c: why rtm_prediction's lower
# limit was 1e-4..5e-4 (relative) off R in `make crosscheck` (seeds 3, 124, 132).
#   Rscript tests/r/ref_rtm_conv.R       (from the repository root)
# The series is crosscheck seed 3's (Norr + Söder, skadegorelse, 2013-01 .. 2015-12, the
# 36 months before the start): the quasi-Poisson model with month of year fitted to the
# first 24 predicts the total of the last 12; the interval is
#   S ± z sqrt(phi S + g' V g),  S = sum(mu), g = sum(mu x), phi = max(1, dispersion)
# (docs/methods/counts-and-time-series.md).  It is fitted twice: with glm's default
# control (epsilon = 1e-8, as trygg and METHODS.md's `glm(...)`), and converged to
# epsilon = 1e-12 as `make crosscheck` fits.  The quasi-Poisson dispersion (Pearson
# X2 / df) is not stationary at the optimum, so the 1e-8 stop leaves it ~5e-5 off;
# the variance moves with it, and the lower limit, a difference of numbers ~28 times
# larger than itself, shows it 28 times larger.
rows <- list()
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, sprintf("%.17g", value))
y <- c(3, 9, 9, 8, 0, 1, 0, 6, 5, 1, 0, 2, 4, 7, 4, 4, 5, 9, 4, 0, 3, 2, 8, 6,
       1, 6, 4, 8, 5, 3, 2, 0, 2, 2, 1, 10)
t <- seq_along(y); month <- (t - 1) %% 12 + 1
d <- data.frame(y = y, tt = t, fm = factor(month))
fitd <- d[1:24, ]; prd <- d[25:36, ]
z <- qnorm(0.95)   # conf_level = 0.9, as the case
for (eps in c(1e-8, 1e-12)) {
  case <- if (eps == 1e-8) "default" else "tight"
  f <- glm(y ~ tt + fm, family = quasipoisson, data = fitd, control = glm.control(epsilon = eps, maxit = 200))
  X <- model.matrix(~ tt + fm, prd)
  mu <- exp(drop(X %*% coef(f))); S <- sum(mu)
  disp <- summary(f)$dispersion; ph <- max(1, disp)
  V <- vcov(f) / disp * ph
  g <- colSums(mu * X)
  v <- ph * S + drop(t(g) %*% V %*% g)
  put(case, "expected", S); put(case, "dispersion", disp); put(case, "half", z * sqrt(v))
  put(case, "conf_low", S - z * sqrt(v)); put(case, "conf_high", S + z * sqrt(v))
  put(case, "iterations", f$iter)
  put(case, "observed", sum(prd$y))
}
out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/rtm_conv.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/rtm_conv.csv: %d values\n", nrow(out)))
