#!/usr/bin/env Rscript
# Reference values for the regression-to-the-mean check (src/lib/stats/its.c,
# its_pre_prediction) when a police recording change falls in the twelve predicted
# months (the last year before the start).  The months fitted (1..n_fit) are all recorded
# the old way and cannot estimate the change's shift; it comes from the whole series'
# time-series model with its own step (as ref_its_step.R):
#   full <- glm(y ~ t + post + tpost + step + month, quasipoisson)      b_s, se_s
#   pre  <- glm(y ~ t + month, quasipoisson, subset = 1..n_fit)
#   mu_i = exp(x_i' b_pre + b_s [i >= s]) for the predicted months i
#   S = sum(mu);  Var = phi S + g' V g + (sum_{i >= s} mu_i)^2 se_s^2,  g = sum(mu_i x_i)
# (phi = max(1, dispersion) of `pre`; the two fits taken as independent).
#
# Run from the repository root:   Rscript tests/r/ref_rtm_step.R
# Writes tests/data/stats/rtm_step.csv (case,t,y,month) and tests/r/values/rtm_step.csv.
rows <- list(); data_rows <- list()
fmt <- function(x) { x <- as.numeric(x); if (is.na(x)) "NA" else sprintf("%.17g", x) }
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, fmt(value))

rtm_case <- function(nm, y, t0, s, n_pred = 12) {
  n <- length(y); t <- 1:n; month <- (t - 1) %% 12 + 1
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = nm, t = t, y = y, month = month)
  post <- as.numeric(t >= t0); tpost <- (t - t0) * post; step <- as.numeric(t >= s)
  d <- data.frame(y, t, post, tpost, step, month = factor(month))
  full <- glm(y ~ t + post + tpost + step + month, data = d, family = quasipoisson)
  phi_f <- max(1, summary(full)$dispersion)
  b_s <- coef(full)[["step"]]
  se_s <- sqrt(summary(full, dispersion = phi_f)$cov.scaled["step", "step"])
  n_pre <- t0 - 1; n_fit <- n_pre - n_pred
  dp <- d[1:n_fit, ]
  pre <- glm(y ~ t + month, data = dp, family = quasipoisson)
  phi <- max(1, summary(pre)$dispersion)
  V <- summary(pre, dispersion = phi)$cov.scaled
  nd <- d[(n_fit + 1):n_pre, ]
  X <- model.matrix(~ t + month, data = nd, xlev = list(month = levels(dp$month)))
  shifted <- nd$t >= s
  mu <- as.vector(exp(X %*% coef(pre) + b_s * shifted))
  g <- colSums(mu * X)
  S <- sum(mu); S_step <- sum(mu[shifted])
  v <- phi * S + as.numeric(t(g) %*% V %*% g) + S_step^2 * se_s^2
  z <- qnorm(0.975)
  put(nm, "n", n); put(nm, "t0", t0); put(nm, "step", s)
  put(nm, "step_rr", exp(b_s)); put(nm, "step_se", se_s)
  put(nm, "expected", S); put(nm, "observed", sum(nd$y))
  put(nm, "low", S - z * sqrt(v)); put(nm, "high", S + z * sqrt(v))
}

set.seed(4410)
tt <- 1:72
# the change six months before the start (month 43 of 48 before it) raises the counts
# by 60 %: without it the last year looks unusually high
rtm_case("rec_in_last_year", rpois(72, exp(2.4 + 0.25 * sin(2 * pi * tt / 12) +
                                              log(1.6) * (tt >= 43) + log(0.8) * (tt >= 49))),
         49, 43)
# the change in the first predicted month (37 of 48), lowering the counts
rtm_case("rec_first_predicted", rpois(72, exp(2.9 + 0.2 * cos(2 * pi * tt / 12) +
                                                 log(0.7) * (tt >= 37))),
         49, 37)

write.csv(do.call(rbind, data_rows), "tests/data/stats/rtm_step.csv", row.names = FALSE, quote = FALSE)
con <- file("tests/r/values/rtm_step.csv", "w")
writeLines("case,key,value", con); writeLines(vapply(rows, paste, "", collapse = ","), con); close(con)
cat("wrote", length(rows), "values\n")
