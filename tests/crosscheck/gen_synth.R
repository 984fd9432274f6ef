# tests/crosscheck/gen_synth.R — the synthetic comparison area of a cross-check case
# (sourced by gen.R).  synth_case(seed, ym, t0) draws, from its own random stream (gen.R's
# draws are unchanged, so every other part of a seed's case stays the same):
#   - a donor pool of 3-12 areas "Givare NN" with monthly counts of the category "synt"
#     (a level, trend, season and population of their own; Poisson or overdispersed);
#   - the target "Syntmål": a mix of 1-3 donors' expected rates (sometimes with a level
#     of its own, so that it lies outside the donors' range: a poor fit), a fall after
#     the start or none, Poisson counts;
#   - sometimes a donor without one month (left out), a donor excluded
#     (donors.exclude), an explicit donor list, scale = count, populations missing
#     (count scale), placebo.max_pre_ratio 0, 2 or the default 5;
# and returns list(rows = data.frame for incidents.csv, section = the [incidents] keys).
synth_case <- function(seed, ym, t0, with_pop) {
  old <- if (exists(".Random.seed", envir = globalenv())) get(".Random.seed", envir = globalenv()) else NULL
  on.exit(if (!is.null(old)) assign(".Random.seed", old, envir = globalenv()))
  set.seed(seed * 7919L + 17L)
  coin <- function(p = 0.5) runif(1) < p
  n <- length(ym); t <- seq_len(n)
  J <- sample(3:12, 1)
  donors <- sprintf("Givare %02d", seq_len(J))
  pop <- round(runif(J, 2000, 30000))
  rate <- sapply(seq_len(J), function(d) {          # per 1,000 residents and month
    lvl <- runif(1, 0.2, 3); tr <- rnorm(1, 0, 0.004); amp <- runif(1, 0, 0.4); ph <- runif(1, 0, 2 * pi)
    lvl * exp(tr * t + amp * sin(2 * pi * t / 12 + ph))
  })
  od <- if (coin(0.3)) 5 else Inf
  cnt <- sapply(seq_len(J), function(d) {
    mu <- rate[, d] * pop[d] / 1000
    if (is.infinite(od)) rpois(n, mu) else rnbinom(n, size = od, mu = mu)
  })
  k <- sample(1:min(3, J), 1); mix <- sample(J, k); w <- as.numeric(rgamma(k, 2)); w <- w / sum(w)
  tpop <- round(runif(1, 5000, 40000))
  trate <- drop(rate[, mix, drop = FALSE] %*% w)
  if (coin(0.2)) trate <- trate * 1.8                # above every donor: a poor fit
  eff <- if (coin(0.6)) runif(1, 0.6, 0.95) else 1
  trate[t >= t0] <- trate[t >= t0] * eff
  tcnt <- rpois(n, trate * tpop / 1000)
  rows <- data.frame(manad = ym, omrade = "Syntmål", kategori = "synt", antal = tcnt)
  if (with_pop) rows$befolkning <- round(tpop * (1 + t / 800))
  for (d in seq_len(J)) {
    r <- data.frame(manad = ym, omrade = donors[d], kategori = "synt", antal = cnt[, d])
    if (with_pop) r$befolkning <- round(pop[d] * (1 + t / 800))
    rows <- rbind(rows, r)
  }
  if (J >= 4 && coin(0.25)) {                         # a donor lacks a month: left out
    miss <- donors[sample(J, 1)]
    m <- sample(t, 1)
    rows <- rows[!(rows$omrade == miss & rows$manad == ym[m]), ]
  }
  keys <- list(category = "synt", area = "Syntmål", comparison = "synthetic")
  if (J >= 4 && coin(0.3)) keys$donors <- paste(sample(donors, sample(3:J, 1)), collapse = " + ")
  else if (J >= 4 && coin(0.3)) keys$donors.exclude <- donors[sample(J, 1)]
  if (with_pop && coin(0.3)) keys$scale <- "count"
  if (coin(0.4)) keys$placebo.max_pre_ratio <- pick(c("0", "2"), 1)
  keys$model <- "rate_ratio"
  # sometimes an [alternative]: another target (a donor) and/or a comparison area (a
  # donor): it re-estimates the rate ratio and the DiD; the synthetic area is the outcome's
  alt <- NULL
  if (coin(0.4)) {
    alt <- list(); tg <- NULL
    if (coin(0.6)) { tg <- donors[sample(J, 1)]; alt$area <- tg }
    if (coin(0.5) || is.null(tg)) { cd <- setdiff(donors, tg); alt$comparison <- cd[sample(length(cd), 1)] }
    alt$title.en <- "Synthetic alternative"
    keys$alternatives <- "alt_s1"
  }
  list(rows = rows, keys = keys, alt = alt)
}
