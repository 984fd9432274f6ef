#!/usr/bin/env Rscript
# Reference values for the residual autocorrelation and the Newey–West standard errors
# of the interrupted time series (issue 13, item 10; src/lib/stats/its.c):
#   fit <- glm(y ~ t + post + tpost + season, family = poisson | quasipoisson)  or MASS::glm.nb
#   r   <- residuals(fit, type = "deviance")
#   acf(r, lag.max = h, plot = FALSE)$acf[2:(h + 1)];  Box.test(r, lag = h, type = "Ljung-Box")
#       with h = min(12, n - 1)
#   coeftest(fit, vcov. = NeweyWest(fit, lag = L, prewhite = FALSE))   (sandwich, lmtest)
# tpost = (t - t0) * post, post = t >= t0, as its.h.
#
# Run from the repository root:   Rscript tests/r/ref_its_hac.R
# Writes tests/data/stats/its_hac.csv (case,t,y,month) and tests/r/values/its_hac.csv
# (case,key,value).  Needs r-cran-mass, r-cran-sandwich, r-cran-lmtest.
suppressPackageStartupMessages({library(MASS); library(sandwich); library(lmtest)})
rows <- list(); data_rows <- list()
fmt <- function(x) { x <- as.numeric(x); if (is.na(x)) "NA" else sprintf("%.17g", x) }
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, fmt(value))

its_case <- function(nm, y, first_month, t0, family, season, harmonics = 0, lag) {
  n <- length(y); t <- 1:n; post <- as.numeric(t >= t0); tpost <- (t - t0) * post
  month <- (first_month - 1 + 0:(n - 1)) %% 12 + 1
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = nm, t = t, y = y, month = month)
  d <- data.frame(y, t, post, tpost, month = factor(month))
  f <- y ~ t + post + tpost
  if (season == "months") f <- update(f, . ~ . + month)
  if (season == "harmonic") for (k in 1:harmonics) {
    d[[paste0("s", k)]] <- sin(2 * pi * k * month / 12); d[[paste0("c", k)]] <- cos(2 * pi * k * month / 12)
    f <- update(f, as.formula(paste(". ~ . +", paste0("s", k), "+", paste0("c", k))))
  }
  fit <- if (family == "negbin") glm.nb(f, data = d) else
    glm(f, data = d, family = if (family == "poisson") poisson else quasipoisson)
  put(nm, "n", n); put(nm, "t0", t0); put(nm, "first_month", first_month)
  put(nm, "family", c(poisson = 0, quasipoisson = 1, negbin = 2)[[family]])
  put(nm, "season", c(none = 0, months = 1, harmonic = 2)[[season]]); put(nm, "harmonics", harmonics)
  put(nm, "lag", lag)
  r <- residuals(fit, type = "deviance")
  h <- min(12, n - 1)
  a <- acf(r, lag.max = h, plot = FALSE)$acf[2:(h + 1)]
  for (k in 1:h) put(nm, paste0("acf", k), a[k])
  lb <- Box.test(r, lag = h, type = "Ljung-Box")
  put(nm, "lb_lags", h); put(nm, "lb_q", lb$statistic); put(nm, "lb_p", lb$p.value)
  ct <- coeftest(fit, vcov. = NeweyWest(fit, lag = lag, prewhite = FALSE))
  for (term in c("t", "post", "tpost")) {
    put(nm, paste0(term, "_est"), ct[term, 1]); put(nm, paste0(term, "_se"), ct[term, 2])
    put(nm, paste0(term, "_z"), ct[term, 3]); put(nm, paste0(term, "_p"), ct[term, 4])
    ci <- coefci(fit, vcov. = NeweyWest(fit, lag = lag, prewhite = FALSE), parm = term)
    put(nm, paste0(term, "_lo"), ci[1]); put(nm, paste0(term, "_hi"), ci[2])
  }
}

set.seed(1310)
ar_counts <- function(n, base, rho, eff, t0) {
  e <- as.numeric(arima.sim(list(ar = rho), n, sd = 0.25))
  t <- 1:n
  rpois(n, exp(base + 0.004 * t + eff * (t >= t0) + 0.25 * sin(2 * pi * t / 12) + e))
}
# autocorrelated Poisson counts, month dummies
its_case("ar_pois", ar_counts(48, 2.5, 0.7, -0.3, 25), 1, 25, "poisson", "months", lag = 3)
# the same kind, quasi-Poisson with two harmonic pairs, starting in April; plain sandwich
its_case("ar_quasi_hc0", ar_counts(60, 2, 0.6, -0.2, 37), 4, 37, "quasipoisson", "harmonic", 2, lag = 0)
its_case("ar_quasi_l6", ar_counts(60, 2, 0.6, -0.2, 37), 4, 37, "quasipoisson", "harmonic", 2, lag = 6)
# overdispersed, negative binomial; the rule-of-thumb lag floor(4 (n/100)^(2/9))
y <- rnbinom(72, mu = exp(1.5 + 0.3 * sin(2 * pi * (1:72) / 12) - 0.4 * ((1:72) >= 40)), size = 3)
its_case("nb", y, 7, 40, "negbin", "months", lag = floor(4 * (72 / 100)^(2 / 9)))
# independent counts, short series, no season: little autocorrelation
its_case("short", rpois(14, 6), 1, 8, "poisson", "none", lag = 2)
# fewer months than 13: acf up to n - 1
its_case("tiny", c(3, 5, 2, 6, 4, 1, 0, 2, 1, 3), 1, 6, "poisson", "none", lag = 1)
# many zeros
its_case("zeros", c(0, 0, 1, 0, 2, 0, 0, 1, 0, 0, 3, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1), 1, 13,
         "poisson", "none", lag = 2)
# underdispersed quasi-Poisson (rounded means, phi far below 1; no random numbers): the
# model-based SEs take max(1, phi) (its.h), but the sandwich has no dispersion in it
# (bread.glm's phi and estfun.glm's 1/phi cancel), so R's NeweyWest(fit) is the same
# whatever phi is and trygg applies no floor under HAC
tt <- 1:48
its_case("under_quasi", round(exp(2.5 + 0.2 * cos(2 * pi * tt / 12) + 0.003 * tt - 0.3 * (tt >= 25))),
         1, 25, "quasipoisson", "months", lag = 3)
put("under_quasi", "dispersion", summary(glm(y ~ t + post + tpost + month, family = quasipoisson,
  data = data.frame(y = round(exp(2.5 + 0.2 * cos(2 * pi * tt / 12) + 0.003 * tt - 0.3 * (tt >= 25))),
                    t = tt, post = as.numeric(tt >= 25), tpost = (tt - 25) * (tt >= 25),
                    month = factor((tt - 1) %% 12 + 1))))$dispersion)

write.csv(do.call(rbind, data_rows), "tests/data/stats/its_hac.csv", row.names = FALSE, quote = FALSE)
con <- file("tests/r/values/its_hac.csv", "w")
writeLines("case,key,value", con); writeLines(vapply(rows, paste, "", collapse = ","), con); close(con)
cat("wrote", length(rows), "values\n")
