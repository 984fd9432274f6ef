#!/usr/bin/env Rscript
# Reference values for the interrupted time series with a level shift of its own (a
# police recording change, spec key `recording_change`; src/lib/stats/its.c, its_spec.step):
#   step <- as.numeric(t >= s)                      s = the month of the recording change
#   fit  <- glm(y ~ t + post + tpost + step + season, family = poisson | quasipoisson)
#           or MASS::glm.nb
# with tpost = (t - t0) * post, post = t >= t0 (its.h).  The counterfactual keeps the step
# (only post and tpost are set to zero), so the prevented cases are
#   cf <- predict(fit, newdata = transform(d, post = 0, tpost = 0), type = "response")
#   P  <- sum(cf[t >= t0]) - sum(y[t >= t0]),  Var(P) = g' V g,  g = sum cf_t x0_t
# (V = vcov(fit) with the quasi-Poisson dispersion taken as max(1, phi), as its.h).
# Also the level change of the same series without the step term ("naive_*"): what a
# model that does not know the recording change reads as the programme's effect.
#
# Run from the repository root:   Rscript tests/r/ref_its_step.R
# Writes tests/data/stats/its_step.csv (case,t,y,month) and tests/r/values/its_step.csv
# (case,key,value).  Needs r-cran-mass.
suppressPackageStartupMessages(library(MASS))
rows <- list(); data_rows <- list()
fmt <- function(x) { x <- as.numeric(x); if (is.na(x)) "NA" else sprintf("%.17g", x) }
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, fmt(value))

fit_of <- function(f, d, family) {
  if (family == "negbin") return(glm.nb(f, data = d))
  glm(f, data = d, family = if (family == "poisson") poisson else quasipoisson)
}

step_case <- function(nm, y, first_month, t0, s, family, season, harmonics = 0) {
  n <- length(y); t <- 1:n; post <- as.numeric(t >= t0); tpost <- (t - t0) * post
  step <- as.numeric(t >= s)
  month <- (first_month - 1 + 0:(n - 1)) %% 12 + 1
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = nm, t = t, y = y, month = month)
  d <- data.frame(y, t, post, tpost, step, month = factor(month))
  f <- y ~ t + post + tpost + step
  if (season == "months") f <- update(f, . ~ . + month)
  if (season == "harmonic") for (k in 1:harmonics) {
    d[[paste0("s", k)]] <- sin(2 * pi * k * month / 12); d[[paste0("c", k)]] <- cos(2 * pi * k * month / 12)
    f <- update(f, as.formula(paste(". ~ . +", paste0("s", k), "+", paste0("c", k))))
  }
  fit <- fit_of(f, d, family)
  put(nm, "n", n); put(nm, "t0", t0); put(nm, "step", s); put(nm, "first_month", first_month)
  put(nm, "family", c(poisson = 0, quasipoisson = 1, negbin = 2)[[family]])
  put(nm, "season", c(none = 0, months = 1, harmonic = 2)[[season]]); put(nm, "harmonics", harmonics)
  phi <- if (family == "quasipoisson") max(1, summary(fit)$dispersion) else 1
  V <- if (family == "quasipoisson") summary(fit, dispersion = phi)$cov.scaled else vcov(fit)
  z <- qnorm(0.975)
  for (term in c("post", "tpost", "step")) {
    b <- coef(fit)[[term]]; se <- sqrt(V[term, term])
    put(nm, paste0(term, "_rr"), exp(b))
    put(nm, paste0(term, "_lo"), exp(b - z * se)); put(nm, paste0(term, "_hi"), exp(b + z * se))
  }
  X <- model.matrix(fit)
  X0 <- X; X0[, "post"] <- 0; X0[, "tpost"] <- 0
  cf <- as.vector(exp(X0 %*% coef(fit)))
  a <- t >= t0
  g <- colSums(cf[a] * X0[a, , drop = FALSE])
  P <- sum(cf[a]) - sum(y[a]); se <- sqrt(as.numeric(t(g) %*% V %*% g))
  put(nm, "prevented", P); put(nm, "prevented:lo", P - z * se); put(nm, "prevented:hi", P + z * se)
  # the same model without the step: the level change it would report
  naive <- fit_of(update(f, . ~ . - step), d, family)
  put(nm, "naive_post_rr", exp(coef(naive)[["post"]]))
}

set.seed(2212)
tt <- 1:72
# a recording change two years before the start raises every later count by 40 %; the
# programme does nothing: the naive model reads the shift as a rise at the start
step_case("rec_up", rpois(72, exp(2.6 + 0.25 * sin(2 * pi * tt / 12) + log(1.4) * (tt >= 25))),
          1, 43, 25, "quasipoisson", "months")
# a recording change a year after the start lowers the counts; Poisson, one harmonic pair,
# starting in July
step_case("rec_down_after", rpois(72, exp(2.2 + 0.2 * cos(2 * pi * tt / 12) - 0.2 * (tt >= 37) +
                                             log(0.7) * (tt >= 49))),
          7, 37, 49, "poisson", "harmonic", 1)
# overdispersed counts, negative binomial, the change one month before the start
step_case("rec_nb", rnbinom(60, mu = exp(1.8 + 0.5 * (1:60 >= 30)), size = 4),
          1, 31, 30, "negbin", "none")

write.csv(do.call(rbind, data_rows), "tests/data/stats/its_step.csv", row.names = FALSE, quote = FALSE)
con <- file("tests/r/values/its_step.csv", "w")
writeLines("case,key,value", con); writeLines(vapply(rows, paste, "", collapse = ","), con); close(con)
cat("wrote", length(rows), "values\n")
