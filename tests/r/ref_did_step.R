#!/usr/bin/env Rscript
# Reference values for the comparison-area model (difference in differences of monthly
# counts, src/lib/stats/its.c did_fit) with a police recording change (spec key
# `recording_change`; did_spec.step):
#   both areas recorded the new way from month s (the same police system):
#     glm(y ~ area + post + step + season + area:post),    step = [t >= s]
#   only the target area (recording_change.comparison = unchanged):
#     glm(y ~ area + post + area:step + season + area:post)
# with area = 1 for the target, post = [t >= t0], family poisson | quasipoisson
# (dispersion taken as max(1, phi), as its.h) | MASS::glm.nb.  The ratio of rate ratios
# is exp(b[area:post]); the step's ratio exp(b[step]) or exp(b[area:step]).  Also the
# ratio of the same model without the step ("naive_did"): what a comparison that does
# not know the change reports.
#
# Run from the repository root:   Rscript tests/r/ref_did_step.R
# Writes tests/data/stats/did_step.csv (case,t,y_target,y_control,month) and
# tests/r/values/did_step.csv (case,key,value).  Needs r-cran-mass.
suppressPackageStartupMessages(library(MASS))
rows <- list(); data_rows <- list()
fmt <- function(x) { x <- as.numeric(x); if (is.na(x)) "NA" else sprintf("%.17g", x) }
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, fmt(value))

fit_of <- function(f, d, family) {
  if (family == "negbin") return(glm.nb(f, data = d))
  glm(f, data = d, family = if (family == "poisson") poisson else quasipoisson)
}

did_step_case <- function(nm, yt, yc, t0, s, target_only, family, season) {
  n <- length(yt); t <- 1:n
  month <- (0:(n - 1)) %% 12 + 1
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = nm, t = t, y_target = yt,
                                                    y_control = yc, month = month)
  d <- data.frame(y = c(yt, yc), area = rep(c(1, 0), each = n), t = rep(t, 2),
                  month = factor(rep(month, 2)))
  d$post <- as.numeric(d$t >= t0)
  d$step <- as.numeric(d$t >= s) * (if (target_only) d$area else 1)
  f <- if (season) y ~ area + post + step + month + area:post else y ~ area + post + step + area:post
  fit <- fit_of(f, d, family)
  put(nm, "n", n); put(nm, "t0", t0); put(nm, "step", s); put(nm, "target_only", as.numeric(target_only))
  put(nm, "family", c(poisson = 0, quasipoisson = 1, negbin = 2)[[family]])
  put(nm, "season", as.numeric(season))
  phi <- if (family == "quasipoisson") max(1, summary(fit)$dispersion) else 1
  V <- if (family == "quasipoisson") summary(fit, dispersion = phi)$cov.scaled else vcov(fit)
  z <- qnorm(0.975)
  for (term in c("area:post", "step")) {
    b <- coef(fit)[[term]]; se <- sqrt(V[term, term])
    key <- if (term == "step") "step" else "did"
    put(nm, paste0(key, "_rr"), exp(b))
    put(nm, paste0(key, "_lo"), exp(b - z * se)); put(nm, paste0(key, "_hi"), exp(b + z * se))
  }
  naive <- fit_of(update(f, . ~ . - step), d, family)
  put(nm, "naive_did_rr", exp(coef(naive)[["area:post"]]))
}

set.seed(3107)
tt <- 1:72
season <- 0.2 * sin(2 * pi * tt / 12)
# a national recording change two years before the start raises both areas' counts by
# 35 %; the measure lowers the target's by 20 %
did_step_case("common_up",
              rpois(72, exp(2.8 + season + log(1.35) * (tt >= 25) + log(0.8) * (tt >= 49))),
              rpois(72, exp(2.5 + season + log(1.35) * (tt >= 25))),
              49, 25, FALSE, "quasipoisson", TRUE)
# the change half a year after the start, Poisson, no season
did_step_case("common_after",
              rpois(60, exp(2.3 + log(0.75) * (1:60 >= 31) + log(0.7) * (1:60 >= 37))),
              rpois(60, exp(2.0 + log(0.7) * (1:60 >= 37))),
              31, 37, FALSE, "poisson", FALSE)
# only the target's police area changed its recording (a year before the start): the
# comparison area keeps the old way; negative binomial
did_step_case("target_only_nb",
              rnbinom(72, mu = exp(2.4 + season + log(1.5) * (tt >= 25) + log(0.85) * (tt >= 37)), size = 6),
              rnbinom(72, mu = exp(2.2 + season), size = 6),
              37, 25, TRUE, "negbin", TRUE)

write.csv(do.call(rbind, data_rows), "tests/data/stats/did_step.csv", row.names = FALSE, quote = FALSE)
con <- file("tests/r/values/did_step.csv", "w")
writeLines("case,key,value", con); writeLines(vapply(rows, paste, "", collapse = ","), con); close(con)
cat("wrote", length(rows), "values\n")
