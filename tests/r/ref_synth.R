# Reference values for the synthetic control (src/lib/stats/synth.c), computed with
# R 4.2 and quadprog (Debian: r-cran-quadprog).
#   Rscript tests/r/ref_synth.R          (from the repository root)
# Writes the input series to tests/data/stats/synth.csv (case,unit,t,y: unit 0 is the
# target, 1..J the donors; t = 1..n) with each case's start in tests/data/stats/
# synth_cases.csv, and the values to tests/r/values/synth.csv (case,key,value).
#
# Weights: w >= 0, sum(w) = 1 minimising sum over the pre-period (t < t0) of
# (y - Y w)^2, by quadprog::solve.QP on D = Y'Y, d = Y'y with the constraints
# cbind(1, diag(J)) (the first an equality).  quadprog needs D positive definite;
# where it is not (identical donors, more donors than pre-period months, a donor of
# zeros), a ridge of 1e-9 * mean(diag(D)) is added; where the weights are then not
# unique the case is marked "unique = 0": the weights are
# then one of many minimisers, and the test compares the objective and the synthetic
# series (which are unique: the objective is strictly convex in Y w), not the weights.
# Gaps, RMSPEs, the post/pre ratio, the cumulative gap and the placebo-in-space
# permutation p-value (Abadie et al. 2010: the share of units, the target included,
# whose post/pre RMSPE ratio is at least the target's) by formula.
suppressPackageStartupMessages(library(quadprog))
set.seed(20170401)
out_rows <- list()
put <- function(case, key, value) {
  v <- if (is.na(value)) "NA" else if (is.infinite(value)) (if (value > 0) "Inf" else "-Inf")
       else sprintf("%.17g", value)
  out_rows[[length(out_rows) + 1]] <<- c(case, key, v)
}
data_rows <- list()
case_rows <- list()

fit_w <- function(y, Y, ridge = FALSE) {
  D <- crossprod(Y)
  if (ridge) D <- D + diag(1e-9 * mean(diag(D)), ncol(Y))
  d <- crossprod(Y, y)
  J <- ncol(Y)
  if (J == 1) return(1)
  s <- solve.QP(Dmat = D, dvec = d, Amat = cbind(1, diag(J)), bvec = c(1, rep(0, J)), meq = 1)
  w <- pmax(s$solution, 0)
  w / sum(w)
}
evaluate <- function(y, Y, t0, w) {
  syn <- as.vector(Y %*% w)
  gap <- y - syn
  pre <- seq_len(t0 - 1)
  post <- t0:length(y)
  rp <- sqrt(mean(gap[pre]^2))
  rq <- sqrt(mean(gap[post]^2))
  # a pre-period fit within 1e-6 of the target's size is exact (round-off, or the
  # ridge quadprog needs, would otherwise make the ratio an arbitrary large number)
  if (rp <= 1e-6 * sqrt(mean(y[pre]^2))) rp <- 0
  list(syn = syn, gap = gap, rmspe_pre = rp, rmspe_post = rq,
       ratio = if (rp > 0) rq / rp else if (rq > 0) Inf else NA,
       cum = sum(gap[post]), post_ratio = sum(y[post]) / sum(syn[post]),
       obj = sum(gap[pre]^2))
}
# A case: target y (n), donors Y (n x J), start t0 (1-based: the first post period).
synth_case <- function(name, y, Y, t0, unique = TRUE, placebo = TRUE, max_pre_ratio = 0,
                       ridge = !unique, ratio_determined = unique) {
  n <- length(y)
  J <- ncol(Y)
  data_rows[[length(data_rows) + 1]] <<- data.frame(case = name, unit = 0, t = seq_len(n), y = y)
  for (j in seq_len(J))
    data_rows[[length(data_rows) + 1]] <<- data.frame(case = name, unit = j, t = seq_len(n), y = Y[, j])
  case_rows[[length(case_rows) + 1]] <<- data.frame(case = name, n = n, j = J, t0 = t0,
                                                    unique = as.integer(unique),
                                                    ratio_determined = as.integer(ratio_determined),
                                                    max_pre_ratio = max_pre_ratio)
  pre <- seq_len(t0 - 1)
  w <- fit_w(y[pre], Y[pre, , drop = FALSE], ridge)
  e <- evaluate(y, Y, t0, w)
  for (j in seq_len(J)) put(name, paste0("w", j), w[j])
  for (i in seq_len(n)) put(name, paste0("syn", i), e$syn[i])
  put(name, "rmspe_pre", e$rmspe_pre)
  put(name, "rmspe_post", e$rmspe_post)
  put(name, "ratio", e$ratio)
  put(name, "cum_gap", e$cum)
  put(name, "post_ratio", e$post_ratio)
  put(name, "objective", e$obj)
  if (J >= 2 && unique) {
    # leave one out: each donor with a weight dropped in turn, the weights refitted
    loo <- c()
    for (k in which(w > 1e-6)) {
      wk <- fit_w(y[pre], Y[pre, -k, drop = FALSE], ridge)
      ek <- evaluate(y, Y[, -k, drop = FALSE], t0, wk)
      if (is.finite(ek$post_ratio)) loo <- c(loo, ek$post_ratio)
    }
    put(name, "loo_refits", length(loo))
    put(name, "loo_low", if (length(loo)) min(loo) else NA)
    put(name, "loo_high", if (length(loo)) max(loo) else NA)
  }
  if (placebo && J >= 2) {
    ratios <- rep(NA_real_, J)
    for (k in seq_len(J)) {
      Yk <- Y[, -k, drop = FALSE]
      wk <- fit_w(Y[pre, k], Yk[pre, , drop = FALSE], ridge)
      ek <- evaluate(Y[, k], Yk, t0, wk)
      keep <- max_pre_ratio <= 0 || ek$rmspe_pre <= max_pre_ratio * e$rmspe_pre
      if (keep && !is.na(ek$ratio)) ratios[k] <- ek$ratio
      put(name, paste0("placebo_ratio", k), if (keep) ek$ratio else NA)
    }
    used <- ratios[!is.na(ratios)]
    units <- length(used) + 1
    rank <- 1 + sum(used >= e$ratio)
    put(name, "n_units", units)
    put(name, "rank", rank)
    put(name, "p_value", rank / units)
  }
}

season <- function(n) 3 * sin(2 * pi * (seq_len(n) - 1) / 12)

# basic: 8 donors, 36 months before, 24 after; the target a mix of three donors plus
# noise, falling by 15 % after the start
n <- 60; t0 <- 37; J <- 8
Y <- sapply(seq_len(J), function(j) 40 + 6 * j + season(n) * (1 + j / 4) +
                                       (0.2 * j - 0.8) * seq_len(n) / 6 + rnorm(n, 0, 2))
y <- as.vector(Y[, c(2, 5, 7)] %*% c(0.5, 0.3, 0.2)) + rnorm(n, 0, 1.5)
y[t0:n] <- y[t0:n] * 0.85
synth_case("basic", y, Y, t0)

# the target is donor 4 exactly (before and after): weight 1 on it, no gap
synth_case("donor_is_target", Y[, 4], Y, t0)

# the target above every donor: outside the convex hull, the fit is poor
synth_case("outside_hull", Y[, J] + 25 + rnorm(n, 0, 1), Y, t0)

# a donor with zero counts throughout, and counts as integers (Poisson)
Yz <- cbind(matrix(rpois(n * 5, lambda = rep(c(5, 9, 14, 20, 30), each = n)), n), rep(0, n))
yz <- rpois(n, lambda = 12)
# (D is singular by the zero column, the weights are still unique: a ridge of 1e-9
# lets quadprog solve it)
synth_case("zero_donor", yz, Yz, 25, ridge = TRUE)

# a single donor: weight 1, no placebo possible
synth_case("single_donor", y, Y[, 3, drop = FALSE], t0, placebo = FALSE)

# more donors than pre-period months (singular D): weights not unique
n2 <- 20; t02 <- 11; J2 <- 15
Ys <- sapply(seq_len(J2), function(j) 30 + 2 * j + season(n2) + rnorm(n2, 0, 3))
ys <- as.vector(Ys[, 1:4] %*% c(0.25, 0.25, 0.25, 0.25)) + rnorm(n2, 0, 1)
synth_case("more_donors_than_months", ys, Ys, t02, unique = FALSE)

# two identical donors (singular D): weights not unique, the synthetic series is
Yd <- cbind(Y[, 1:5], Y[, 2])
synth_case("identical_donors", y, Yd, t0, unique = FALSE)

# placebos with a poor pre-period fit left out (k = 2)
synth_case("drop_poor_placebos", y, cbind(Y, Y[, 8] + 60 + rnorm(n, 0, 1), Y[, 1] - 30 + rnorm(n, 0, 1)), t0,
           max_pre_ratio = 2)

# ties in the ranking: three units fit their pre-period exactly (pre RMSPE 0, ratio
# Inf): the target (its pre-period equals donor 2's, after the start 5 higher),
# donor 2 and donor 5 (a twin of donor 2 before the start, 3 lower after): ties count
# against the target, rank 3.  The target's weights between donors 2 and 5 are not
# unique, its ratio is.
Yt <- Y[, 1:5]
Yt[, 5] <- Y[, 2]
Yt[t0:n, 5] <- Y[t0:n, 2] - 3
yt <- Y[, 2]
yt[t0:n] <- yt[t0:n] + 5
synth_case("ties", yt, Yt, t0, unique = FALSE, ratio_determined = TRUE)

dir.create("tests/data/stats", recursive = TRUE, showWarnings = FALSE)
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
d <- do.call(rbind, data_rows)
writeLines(c("case,unit,t,y", paste(d$case, d$unit, d$t, fmt(d$y), sep = ",")),
           "tests/data/stats/synth.csv")
cs <- do.call(rbind, case_rows)
writeLines(c("case,n,j,t0,unique,ratio_determined,max_pre_ratio",
             paste(cs$case, cs$n, cs$j, cs$t0, cs$unique, cs$ratio_determined,
                   fmt(cs$max_pre_ratio), sep = ",")),
           "tests/data/stats/synth_cases.csv")
o <- do.call(rbind, out_rows)
writeLines(c("case,key,value", paste(o[, 1], o[, 2], o[, 3], sep = ",")),
           "tests/r/values/synth.csv")
