#!/usr/bin/env Rscript
# Reference values for the choice of interrupted-time-series model (issue 13, item 9;
# src/lib/stats/its.c, spec keys effects, transition and offset):
#   effects = level        glm(y ~ t + post + season)
#   effects = slope        glm(y ~ t + tpost + season)
#   effects = level+slope  glm(y ~ t + post + tpost + season)      (the default)
#   transition = L         the L months from the start t0 are left out of the fit, and the
#                          model's start is t0 + L: post = t >= t0 + L,
#                          tpost = (t - (t0 + L)) * post; t keeps counting every month.
#   harmonic:K             sin(2 pi k m / 12), cos(2 pi k m / 12), m = month of year; the
#                          same fit as tsModel::harmonic(m, K, 12) (columns sin1..sinK,
#                          cos1..cosK) and as harmonic(t, K, 12) on the month index, whose
#                          basis spans the same space whatever month the series starts in.
# Run from the repository root:   Rscript tests/r/ref_its_model.R
# Writes tests/data/stats/its_model.csv (case,t,y,pop) and tests/r/values/its_model.csv.
suppressPackageStartupMessages(library(MASS))
rows <- list(); data_rows <- list()
fmt <- function(x) { x <- as.numeric(x); if (is.na(x)) "NA" else sprintf("%.17g", x) }
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, fmt(value))
# tsModel::harmonic, as published (tsModel 0.6): sines for k = 1..K, then cosines
harmonic <- function(x, nfreq, period) {
  input <- 2 * pi * outer(as.numeric(x), seq_len(nfreq)) / period
  cbind(sin(input), cos(input))
}

its_case <- function(nm, y, pop, first_month, t0, family, effects, transition = 0,
                     season = "months", K = 1, basis = "trygg") {
  n <- length(y); t <- 1:n; month <- (first_month - 1 + 0:(n - 1)) %% 12 + 1
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = nm, t = t, y = y,
                                                    pop = if (is.null(pop)) NA else pop)
  s <- t0 + transition
  keep <- !(t >= t0 & t < s)
  d <- data.frame(y = y, t = t, post = as.numeric(t >= s), tpost = (t - s) * (t >= s),
                  month = factor(month))
  X <- switch(effects, level = "t + post", slope = "t + tpost", both = "t + post + tpost")
  if (season == "months") X <- paste(X, "+ month")
  if (season == "harmonic") {
    H <- switch(basis, trygg = do.call(cbind, lapply(1:K, function(k)
                  cbind(sin(2 * pi * k * month / 12), cos(2 * pi * k * month / 12)))),
                tsmodel_month = harmonic(month, K, 12), tsmodel_time = harmonic(t, K, 12))
    colnames(H) <- paste0("h", seq_len(ncol(H))); d <- cbind(d, H)
    X <- paste(X, "+", paste(colnames(H), collapse = " + "))
  }
  if (!is.null(pop)) { d$lp <- log(pop); X <- paste(X, "+ offset(lp)") }
  f <- as.formula(paste("y ~", X)); d <- d[keep, ]
  fit <- if (family == "negbin") glm.nb(f, data = d) else
    glm(f, data = d, family = if (family == "poisson") poisson else quasipoisson)
  put(nm, "n", n); put(nm, "t0", t0); put(nm, "first_month", first_month)
  put(nm, "family", c(poisson = 0, quasipoisson = 1, negbin = 2)[[family]])
  put(nm, "effects", c(both = 0, level = 1, slope = 2)[[effects]]); put(nm, "transition", transition)
  put(nm, "season", c(none = 0, months = 1, harmonic = 2)[[season]]); put(nm, "harmonics", K)
  put(nm, "has_pop", !is.null(pop)); put(nm, "n_used", nrow(d))
  ci <- confint.default(fit)
  for (term in c("t", "post", "tpost")) if (term %in% names(coef(fit))) {
    put(nm, paste0(term, "_rr"), exp(coef(fit)[[term]]))
    put(nm, paste0(term, "_se"), summary(fit)$coefficients[term, 2])
    put(nm, paste0(term, "_lo"), exp(ci[term, 1])); put(nm, paste0(term, "_hi"), exp(ci[term, 2]))
    put(nm, paste0(term, "_p"), summary(fit)$coefficients[term, 4])
  }
  put(nm, "deviance", deviance(fit))
}

set.seed(913)
n <- 48; t <- 1:n
mu <- exp(2.2 + 0.006 * t - 0.35 * (t >= 25) - 0.01 * pmax(0, t - 25) + 0.3 * sin(2 * pi * t / 12))
y <- rpois(n, mu); pop <- round(10000 + 40 * t + rnorm(n, 0, 50))
its_case("level", y, NULL, 1, 25, "poisson", "level")
its_case("slope", y, NULL, 1, 25, "poisson", "slope")
its_case("both", y, NULL, 1, 25, "poisson", "both")
its_case("level_pop", y, pop, 1, 25, "quasipoisson", "level")
# a phase-in of 3 months excluded
its_case("trans3", y, NULL, 1, 25, "quasipoisson", "both", transition = 3)
its_case("trans3_level", y, pop, 1, 25, "poisson", "level", transition = 3)
its_case("trans6_slope_nb", rnbinom(60, mu = exp(1.8 + 0.3 * sin(2 * pi * (1:60) / 12) - 0.3 * ((1:60) >= 31)), size = 4),
         NULL, 3, 31, "negbin", "slope", transition = 6)
# harmonics: trygg's basis, tsModel's on the month of year, tsModel's on the month index
y2 <- rpois(54, exp(2 + 0.4 * sin(2 * pi * (1:54) / 12 + 1) - 0.3 * ((1:54) >= 30)))
its_case("harm_trygg", y2, NULL, 4, 30, "poisson", "both", season = "harmonic", K = 2, basis = "trygg")
its_case("harm_tsmodel_month", y2, NULL, 4, 30, "poisson", "both", season = "harmonic", K = 2, basis = "tsmodel_month")
its_case("harm_tsmodel_time", y2, NULL, 4, 30, "poisson", "both", season = "harmonic", K = 2, basis = "tsmodel_time")

write.csv(do.call(rbind, data_rows), "tests/data/stats/its_model.csv", row.names = FALSE, quote = FALSE)
con <- file("tests/r/values/its_model.csv", "w")
writeLines("case,key,value", con); writeLines(vapply(rows, paste, "", collapse = ","), con); close(con)
cat("wrote", length(rows), "values\n")
