# Reference values for the cases prevented over the post period of an interrupted
# time series (src/lib/stats/its.c, prevented_cases; issue 11, item 6), with R 4.2 + MASS.
#   Rscript tests/r/ref_prevented.R          (from the repository root)
# Reads the ITS cases written by ref_count_stats.R (tests/data/stats/count_stats/its_*.csv
# and their t0/family/season/K in tests/r/values/count_stats.csv) and writes
# tests/r/values/prevented.csv (case,key,value).
#   P = sum over t >= t0 of (counterfactual_t - y_t), the counterfactual being the fitted
#   model with post = tpost = 0; Var(P) = g' vcov(fit) g with g = sum cf_t x0_t (the
#   delta method, by formula from the glm output); interval P -/+ qnorm(0.975) se.
#   cum:<k>, cumlo:<k>, cumhi:<k>: the same sum (observed minus counterfactual, so -P at
#   the last month) over the first k months from the start, with its interval.
suppressPackageStartupMessages(library(MASS))
datadir <- "tests/data/stats/count_stats"
vals <- read.csv("tests/r/values/count_stats.csv", colClasses = "character")
par <- function(case, key) as.numeric(vals$value[vals$case == case & vals$key == key])
rows <- list()
put <- function(case, key, v) rows[[length(rows) + 1]] <<- c(case, key, sprintf("%.17g", v))
its_X <- function(n, month, t0, season = 1, K = 0) {
  t <- seq_len(n); post <- as.integer(t >= t0)
  X <- cbind(Intercept = 1, t = t, post = post, tpost = (t - t0) * post)
  if (season == 1) {
    lv <- sort(unique(month))
    for (m in lv[-1]) X <- cbind(X, as.integer(month == m))
    colnames(X)[-(1:4)] <- paste0("month", lv[-1])
  }
  if (season == 2) for (k in 1:K) {
    X <- cbind(X, sin(2 * pi * k * month / 12), cos(2 * pi * k * month / 12))
    colnames(X)[ncol(X) - 1:0] <- c(paste0("sin", k), paste0("cos", k))
  }
  X
}
cases <- c("its_months_pois", "its_offset_pois", "its_harmonic_quasi", "its_months_nb",
           "its_short_harmonic", "its_zero_month", "its_months_quasi", "its_none_season")
for (name in cases) {
  df <- read.csv(file.path(datadir, paste0(name, ".csv")))
  t0 <- par(name, "t0"); family <- par(name, "family"); season <- par(name, "season")
  K <- par(name, "K")
  n <- nrow(df)
  X <- its_X(n, df$month, t0, season, K)
  d <- as.data.frame(X[, -1, drop = FALSE]); d$y <- df$y
  d$lp <- if (is.null(df$pop)) 0 else log(df$pop)
  f <- as.formula(paste("y ~", paste(colnames(X)[-1], collapse = " + "), "+ offset(lp)"))
  fit <- suppressWarnings(switch(as.character(family),
    "0" = glm(f, family = poisson, data = d), "1" = glm(f, family = quasipoisson, data = d),
    "3" = glm.nb(f, data = d)))
  b <- coef(fit); b[is.na(b)] <- 0
  colnames(X)[1] <- "(Intercept)"  # as glm names it
  V <- vcov(fit)
  after <- which(seq_len(n) >= t0)
  X0 <- X[after, , drop = FALSE]; X0[, c("post", "tpost")] <- 0
  cf <- exp(drop(X0 %*% b) + d$lp[after])
  keep <- setdiff(colnames(X), c("post", "tpost"))
  keep <- keep[!is.na(coef(fit)[keep])]
  g <- colSums(cf * X0[, keep, drop = FALSE])
  se <- sqrt(drop(t(g) %*% V[keep, keep] %*% g))
  P <- sum(cf) - sum(df$y[after])
  put(name, "prevented", P); put(name, "prevented:se", se)
  put(name, "prevented:lo", P - qnorm(0.975) * se); put(name, "prevented:hi", P + qnorm(0.975) * se)
  put(name, "sum_cf", sum(cf))
  # the cumulative effect month by month (the chart's cumulative panel): observed minus
  # counterfactual summed from the start to month k after it, with the delta-method
  # interval of the running counterfactual sum
  C <- cumsum(df$y[after] - cf)
  G <- apply(cf * X0[, keep, drop = FALSE], 2, cumsum)
  if (is.null(dim(G))) G <- matrix(G, nrow = 1)
  for (k in seq_along(after)) {
    sek <- sqrt(drop(t(G[k, ]) %*% V[keep, keep] %*% G[k, ]))
    put(name, sprintf("cum:%d", k), C[k])
    put(name, sprintf("cumlo:%d", k), C[k] - qnorm(0.975) * sek)
    put(name, sprintf("cumhi:%d", k), C[k] + qnorm(0.975) * sek)
  }
}
out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/prevented.csv", row.names = FALSE, quote = FALSE)
