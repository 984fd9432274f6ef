# Reference values for the count and time-series statistics (src/lib/stats: glm,
# counts, its, place, exposure, wavetrend), computed with R 4.2 + MASS.
#   Rscript tests/r/ref_count_stats.R          (from the repository root)
# Writes the input data to tests/data/stats/count_stats/*.csv (generated here with a
# fixed seed) and the values to tests/r/values/count_stats.csv (case,key,value; full
# precision; NA as NA).  The C tests read both; they never need R.
suppressPackageStartupMessages(library(MASS))
set.seed(20181101)
datadir <- "tests/data/stats/count_stats"
dir.create(datadir, recursive = TRUE, showWarnings = FALSE)
out <- new.env()
out$rows <- list()
put <- function(case, key, value) {
  v <- if (is.null(value) || length(value) == 0 || is.na(value)) "NA" else
    if (is.infinite(value)) (if (value > 0) "Inf" else "-Inf") else sprintf("%.17g", value)
  out$rows[[length(out$rows) + 1]] <- c(case, key, v)
}
fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
wdata <- function(name, df) {
  lines <- c(paste(names(df), collapse = ","),
             do.call(paste, c(lapply(df, fmt), sep = ",")))
  writeLines(lines, file.path(datadir, paste0(name, ".csv")))
}
quiet <- function(expr) withCallingHandlers(expr, warning = function(w) invokeRestart("muffleWarning"))
clean <- function(s) gsub("[()]", "", s)

# ------------------------------------------------------------------ GLM engine
# Data files: y, [trials], [offset], then the design columns in model.matrix order.
glm_case <- function(name, X, y, family, trials = NULL, offset = NULL, skip = character()) {
  df <- data.frame(y = y)
  if (!is.null(trials)) df$trials <- trials
  if (!is.null(offset)) df$offset <- offset
  colnames(X) <- clean(colnames(X))
  for (j in seq_len(ncol(X))) df[[colnames(X)[j]]] <- X[, j]
  wdata(name, df)
  off <- if (is.null(offset)) rep(0, length(y)) else offset
  # With an intercept column the formula keeps R's own intercept (so glm()/glm.nb()
  # compute the null deviance themselves); the other columns keep our order.
  has_int <- colnames(X)[1] == "Intercept"
  Xn <- if (has_int) X[, -1, drop = FALSE] else X
  f <- if (family == "binomial") cbind(y, trials - y) ~ Xn else y ~ Xn
  if (!has_int) f <- update(f, . ~ . - 1)
  fit <- quiet(switch(family,
    poisson = glm(f, family = poisson, offset = off),
    quasipoisson = glm(f, family = quasipoisson, offset = off),
    binomial = glm(f, family = binomial),
    negbin = if (is.null(offset)) glm.nb(f) else glm.nb(update(f, . ~ . + offset(off)))))
  s <- summary(fit)
  cf <- s$coefficients
  rn <- sub("^\\(Intercept\\)$", "Intercept", rownames(cf))
  rn[rn == "Xn"] <- colnames(Xn)[1]  # a one-column matrix term is named "Xn" alone
  rownames(cf) <- sub("^Xn", "", rn)
  for (nm in colnames(X)) {
    if (nm %in% skip) next
    if (nm %in% rownames(cf)) {
      put(name, paste0("est:", nm), cf[nm, 1]); put(name, paste0("se:", nm), cf[nm, 2])
      put(name, paste0("stat:", nm), cf[nm, 3]); put(name, paste0("p:", nm), cf[nm, 4])
    } else {
      put(name, paste0("est:", nm), NA); put(name, paste0("se:", nm), NA)
    }
  }
  put(name, "deviance", deviance(fit))
  nd <- fit$null.deviance
  put(name, "null_deviance", nd)
  put(name, "df_residual", fit$df.residual)
  put(name, "rank", fit$rank)
  put(name, "iter", fit$iter)
  put(name, "converged", fit$converged)
  put(name, "aic", if (family == "quasipoisson") NA else AIC(fit))
  put(name, "dispersion", s$dispersion)
  if (family == "negbin") {
    put(name, "theta", fit$theta); put(name, "theta_se", fit$SE.theta)
    put(name, "twologlik", fit$twologlik)
  }
  invisible(fit)
}

its_X <- function(n, month, t0, season = 1, K = 0) {
  t <- seq_len(n); post <- as.integer(t >= t0)
  X <- cbind(Intercept = 1, t = t, post = post, tpost = (t - t0) * post)
  if (season == 1) {
    lv <- sort(unique(month))
    for (m in lv[-1]) X <- cbind(X, setNames(as.integer(month == m), paste0("month", m)))
    colnames(X)[-(1:4)] <- paste0("month", lv[-1])
  }
  if (season == 2) for (k in 1:K) {
    X <- cbind(X, sin(2 * pi * k * month / 12), cos(2 * pi * k * month / 12))
    colnames(X)[ncol(X) - 1:0] <- c(paste0("sin", k), paste0("cos", k))
  }
  X
}

n <- 60; month <- rep(1:12, 5)
X <- its_X(n, month, 31)
mu <- exp(1.5 + 0.005 * seq_len(n) - 0.3 * (seq_len(n) >= 31) + 0.2 * sin(2 * pi * month / 12))
pop <- round(20000 * exp(0.001 * seq_len(n)))
y <- rpois(n, mu * pop / 20000)
glm_case("glm_pois_offset", X, y, "poisson", offset = log(pop))
glm_case("glm_pois_plain", X, rpois(n, mu), "poisson")
y <- rpois(n, mu); y[month == 3] <- 0
glm_case("glm_pois_zero_month", X, y, "poisson", skip = "month3")
Xd <- cbind(X[, 1:4], dup = X[, "post"], X[, 5:8])
glm_case("glm_pois_rankdef", Xd, rpois(n, mu), "poisson")
ynb <- rnbinom(n, mu = 8 * mu, size = 3)
glm_case("glm_quasi_overdisp", X, ynb, "quasipoisson")
glm_case("glm_nb_overdisp", X, ynb, "negbin")
glm_case("glm_nb_offset", X, rnbinom(n, mu = mu * pop / 2000, size = 5), "negbin", offset = log(pop / 1000))
Xs <- X[, 1:4]
glm_case("glm_nb_poissonlike", Xs, rep(c(4, 5, 6, 5), 15), "negbin")
glm_case("glm_pois_short", cbind(Intercept = 1, t = 1:6, post = c(0, 0, 0, 1, 1, 1)), c(3, 5, 4, 1, 2, 0), "poisson")
xb <- round(rnorm(40), 3); nb <- sample(20:60, 40, TRUE)
glm_case("glm_binom_trials", cbind(Intercept = 1, x = xb), rbinom(40, nb, plogis(-0.5 + 0.8 * xb)), "binomial", trials = nb)
glm_case("glm_binom_wave", cbind(Intercept = 1, year = 2016:2022), c(120, 131, 118, 140, 152, 149, 163), "binomial", trials = c(800, 790, 805, 812, 820, 799, 801))
# separation: no statuses to compare numerically, but the design must load
wdata("glm_binom_separation", data.frame(y = c(0, 0, 0, 30, 31, 29), trials = c(30, 31, 29, 30, 31, 29), Intercept = 1, year = 2016:2021))

# ------------------------------------------------------------------ exact rate ratio
rr_cases <- list(
  rr_basic = c(10, 12, 25, 12), rr_zero_after = c(0, 6, 8, 12), rr_zero_before = c(7, 6, 0, 12),
  rr_days = c(120, 365, 150, 365), rr_equal = c(3, 1.5, 3, 1.5), rr_large = c(1500, 24, 1600, 30),
  rr_unequal_time = c(14, 8, 30, 24), rr_one = c(1, 3, 0, 2))
for (nm in names(rr_cases)) {
  v <- rr_cases[[nm]]
  pt <- poisson.test(c(v[1], v[3]), c(v[2], v[4]))
  put(nm, "c_after", v[1]); put(nm, "t_after", v[2]); put(nm, "c_before", v[3]); put(nm, "t_before", v[4])
  put(nm, "estimate", unname(pt$estimate)); put(nm, "conf_low", pt$conf.int[1])
  put(nm, "conf_high", pt$conf.int[2]); put(nm, "p_value", pt$p.value)
}

# ------------------------------------------------------------------ ITS
# Data: y, month, [pop].  Parameters as values: t0, family (0 Poisson, 1 quasi,
# 3 NB), season (0 none, 1 months, 2 harmonic), K.
its_case <- function(name, y, month, t0, family, season, K = 0, pop = NULL, skip_effects = FALSE) {
  n <- length(y)
  df <- data.frame(y = y, month = month)
  if (!is.null(pop)) df$pop <- pop
  wdata(name, df)
  put(name, "t0", t0); put(name, "family", c(poisson = 0, quasipoisson = 1, negbin = 3)[[family]])
  put(name, "season", season); put(name, "K", K)
  X <- its_X(n, month, t0, season, K)
  d <- as.data.frame(X[, -1, drop = FALSE])
  d$y <- y
  d$lp <- if (is.null(pop)) 0 else log(pop)
  f <- as.formula(paste("y ~", paste(colnames(X)[-1], collapse = " + "), "+ offset(lp)"))
  fit <- quiet(switch(family, poisson = glm(f, family = poisson, data = d),
    quasipoisson = glm(f, family = quasipoisson, data = d), negbin = glm.nb(f, data = d)))
  cf <- summary(fit)$coefficients
  ci <- confint.default(fit)
  z <- qnorm(0.975)
  for (term in c("t", "post", "tpost")) {
    key <- c(t = "trend", post = "level", tpost = "slope")[[term]]
    if (skip_effects && term != "t") next
    put(name, paste0(key, ":rr"), exp(cf[term, 1])); put(name, paste0(key, ":se"), cf[term, 2])
    put(name, paste0(key, ":lo"), exp(ci[term, 1])); put(name, paste0(key, ":hi"), exp(ci[term, 2]))
    put(name, paste0(key, ":p"), cf[term, 4])
  }
  if (!skip_effects) {
    nd <- d; nd$post <- 0; nd$tpost <- 0
    pc <- predict(fit, nd, type = "link", se.fit = TRUE)
    pf <- predict(fit, d, type = "link", se.fit = TRUE)
    for (i in seq_len(n)) {
      put(name, paste0("cf:", i), exp(pc$fit[i]))
      put(name, paste0("cflo:", i), exp(pc$fit[i] - z * pc$se.fit[i]))
      put(name, paste0("cfhi:", i), exp(pc$fit[i] + z * pc$se.fit[i]))
      put(name, paste0("fit:", i), fitted(fit)[i])
      put(name, paste0("fitlo:", i), exp(pf$fit[i] - z * pf$se.fit[i]))
      put(name, paste0("fithi:", i), exp(pf$fit[i] + z * pf$se.fit[i]))
    }
  }
  invisible(fit)
}
sim_its <- function(n, t0, first = 1, base = 2, step = -0.3, slope = -0.01, amp = 0.3, pop = NULL, size = Inf) {
  t <- seq_len(n); month <- (first - 1 + t - 1) %% 12 + 1; post <- t >= t0
  mu <- exp(base + 0.003 * t + post * (step + slope * (t - t0)) + amp * cos(2 * pi * month / 12))
  if (!is.null(pop)) mu <- mu * pop / mean(pop)
  y <- if (is.finite(size)) rnbinom(n, mu = mu, size = size) else rpois(n, mu)
  list(y = y, month = month)
}
s <- sim_its(72, 37); its_case("its_months_pois", s$y, s$month, 37, "poisson", 1)
popi <- round(15000 * exp(0.002 * (1:84)))
s <- sim_its(84, 49, first = 7, pop = popi); its_case("its_offset_pois", s$y, s$month, 49, "poisson", 1, pop = popi)
s <- sim_its(96, 61, size = 4, base = 2.5); its_case("its_harmonic_quasi", s$y, s$month, 61, "quasipoisson", 2, K = 2)
s <- sim_its(96, 61, size = 3, base = 2.5); its_case("its_months_nb", s$y, s$month, 61, "negbin", 1)
s <- sim_its(20, 11, first = 3); its_case("its_short_harmonic", s$y, s$month, 11, "poisson", 2, K = 1)
s <- sim_its(72, 37); s$y[s$month == 3] <- 0; its_case("its_zero_month", s$y, s$month, 37, "poisson", 1)
s <- sim_its(60, 41, base = 0.5); s$y[41:60] <- 0; its_case("its_post_zero", s$y, s$month, 41, "poisson", 1, skip_effects = TRUE)
s <- sim_its(72, 37, size = 2, base = 2); its_case("its_months_quasi", s$y, s$month, 37, "quasipoisson", 1)
s <- sim_its(48, 25, base = 3); its_case("its_none_season", s$y, s$month, 25, "poisson", 0)

# ------------------------------------------------------------------ placebo in time
placebo_case <- function(name, y, month, t0, min_side, season = 1, K = 0) {
  wdata(name, data.frame(y = y, month = month))
  put(name, "t0", t0); put(name, "min_side", min_side); put(name, "season", season); put(name, "K", K)
  fitb <- function(yy, mm, tt0) {
    X <- its_X(length(yy), mm, tt0, season, K)
    cf <- coef(quiet(glm(yy ~ X - 1, family = poisson)))
    c(cf["Xpost"], cf["Xtpost"])
  }
  real <- fitb(y, month, t0)
  starts <- (min_side + 1):(t0 - min_side)
  pl <- t(sapply(starts, function(s) fitb(y[1:(t0 - 1)], month[1:(t0 - 1)], s)))
  put(name, "real_level", real[1]); put(name, "real_slope", real[2])
  put(name, "n_placebo", length(starts))
  put(name, "p_level", (1 + sum(abs(pl[, 1]) >= abs(real[1]))) / (1 + length(starts)))
  put(name, "p_slope", (1 + sum(abs(pl[, 2]) >= abs(real[2]))) / (1 + length(starts)))
  for (k in seq_along(starts)) {
    put(name, paste0("level:", starts[k]), pl[k, 1]); put(name, paste0("slope:", starts[k]), pl[k, 2])
  }
}
s <- sim_its(84, 49, step = -0.5); placebo_case("placebo_months", s$y, s$month, 49, 12, 1)
s <- sim_its(72, 43, step = -0.1); placebo_case("placebo_harmonic", s$y, s$month, 43, 8, 2, K = 1)

# ------------------------------------------------------------------ difference-in-differences
did_case <- function(name, yt, yc, month, t0, season = TRUE, popt = NULL, popc = NULL, skip = FALSE) {
  n <- length(yt)
  df <- data.frame(y_target = yt, y_control = yc, month = month)
  if (!is.null(popt)) { df$pop_target <- popt; df$pop_control <- popc }
  wdata(name, df)
  put(name, "t0", t0); put(name, "season", as.integer(season))
  if (skip) return(invisible())
  d <- data.frame(y = c(yt, yc), area = rep(1:0, each = n), post = rep(as.integer(seq_len(n) >= t0), 2),
                  month = factor(rep(month, 2)),
                  lp = if (is.null(popt)) 0 else log(c(popt, popc)))
  f <- if (season) y ~ area * post + month + offset(lp) else y ~ area * post + offset(lp)
  fit <- quiet(glm(f, family = poisson, data = d))
  cf <- summary(fit)$coefficients; ci <- confint.default(fit)
  put(name, "ratio:rr", exp(cf["area:post", 1])); put(name, "ratio:se", cf["area:post", 2])
  put(name, "ratio:lo", exp(ci["area:post", 1])); put(name, "ratio:hi", exp(ci["area:post", 2]))
  put(name, "ratio:p", cf["area:post", 4])
  put(name, "control:rr", exp(cf["post", 1]))
  put(name, "target:rr", exp(cf["post", 1] + cf["area:post", 1]))
  V <- vcov(fit); a <- setNames(rep(0, ncol(V)), colnames(V)); a[c("post", "area:post")] <- 1
  put(name, "target:se", sqrt(drop(t(a) %*% V %*% a)))
}
st <- sim_its(72, 37, step = -0.4); sc <- sim_its(72, 37, step = 0)
did_case("did_months", st$y, sc$y, st$month, 37)
pt <- round(12000 * exp(0.002 * 1:72)); pc <- round(30000 * exp(0.001 * 1:72))
st <- sim_its(72, 37, step = -0.3, pop = pt, base = 2.2); sc <- sim_its(72, 37, step = 0, pop = pc, base = 3)
did_case("did_offset", st$y, sc$y, st$month, 37, TRUE, pt, pc)
st <- sim_its(48, 25); sc <- sim_its(48, 25, step = 0.1)
did_case("did_noseason", st$y, sc$y, st$month, 25, FALSE)
st <- sim_its(24, 13, first = 5); sc <- sim_its(24, 13, first = 5, step = 0)
did_case("did_short", st$y, sc$y, st$month, 13)
st <- sim_its(36, 19, base = 0.3); st$y[19:36] <- 0; sc <- sim_its(36, 19)
did_case("did_target_zero_after", st$y, sc$y, st$month, 19, skip = TRUE)

# ------------------------------------------------------------------ place-based
res_cases <- list(res_basic = c(120, 80, 100, 95), res_small = c(10, 5, 12, 11),
                  res_worse = c(45, 60, 50, 48), res_large = c(1500, 1320, 2100, 2080),
                  res_equal = c(30, 30, 40, 40))
for (nm in names(res_cases)) {
  v <- res_cases[[nm]]; a <- v[1]; b <- v[2]; c <- v[3]; d <- v[4]
  put(nm, "a", a); put(nm, "b", b); put(nm, "c", c); put(nm, "d", d)
  l <- log(a * d / (b * c)); se <- sqrt(1 / a + 1 / b + 1 / c + 1 / d)
  put(nm, "res", exp(l)); put(nm, "se", se)
  put(nm, "lo", exp(l - qnorm(0.975) * se)); put(nm, "hi", exp(l + qnorm(0.975) * se))
  put(nm, "p", 2 * pnorm(-abs(l / se)))
}
resm_case <- function(name, tb, ta, cb, ca) {
  g <- c(rep("tb", length(tb)), rep("ta", length(ta)), rep("cb", length(cb)), rep("ca", length(ca)))
  wdata(name, data.frame(group = match(g, c("tb", "ta", "cb", "ca")), y = c(tb, ta, cb, ca)))
  d <- data.frame(y = c(tb, ta, cb, ca), area = as.integer(g %in% c("tb", "ta")),
                  period = as.integer(g %in% c("ta", "ca")))
  q <- glm(y ~ area * period, family = quasipoisson, data = d)
  phi_glm <- summary(q)$dispersion
  mu <- ave(d$y, g)
  phi <- sum((d$y - mu)^2 / mu) / (nrow(d) - 4)
  l <- -coef(q)[["area:period"]]
  se0 <- sqrt(1 / sum(tb) + 1 / sum(ta) + 1 / sum(cb) + 1 / sum(ca))
  se1 <- se0 * sqrt(max(1, phi))
  put(name, "phi", phi); put(name, "phi_glm", phi_glm)
  put(name, "res", exp(l)); put(name, "se", se0); put(name, "se_inflated", se1)
  put(name, "se_quasi_glm", summary(q)$coefficients["area:period", 2])
  put(name, "lo_inflated", exp(l - qnorm(0.975) * se1)); put(name, "hi_inflated", exp(l + qnorm(0.975) * se1))
  put(name, "p_inflated", 2 * pnorm(-abs(l / se1)))
}
resm_case("resm_overdisp", rnbinom(24, mu = 20, size = 4), rnbinom(12, mu = 14, size = 4), rnbinom(24, mu = 30, size = 4), rnbinom(12, mu = 29, size = 4))
resm_case("resm_poisson", rpois(24, 20), rpois(24, 15), rpois(24, 25), rpois(24, 24))
resm_case("resm_under", rep(c(9, 10, 11), 4), rep(c(7, 8, 9), 4), rep(c(19, 20, 21), 4), rep(c(19, 20, 21), 4))
resm_case("resm_unequal", rnbinom(36, mu = 8, size = 2), rnbinom(18, mu = 5, size = 2), rnbinom(36, mu = 12, size = 2), rnbinom(18, mu = 12, size = 2))
resm_case("resm_short", c(12, 18), c(9, 7), c(20, 25), c(22, 19))

# Weighted Displacement Quotient, Bowers & Johnson (2003) by formula:
# WDQ = (Da/Ca - Db/Cb) / (Ra/Ca - Rb/Cb); total net effect [Rb Ca/Cb - Ra] + [Db Ca/Cb - Da].
# wdq_target_zero: the target had no incidents before (defined: only the control divides);
# wdq_no_success: the target got worse (the quotient is given, flagged unreadable).
wdq_cases <- list(wdq_diffusion = c(100, 60, 80, 70, 200, 190), wdq_displacement = c(100, 60, 80, 95, 200, 190),
                  wdq_big_diffusion = c(50, 40, 60, 30, 300, 310), wdq_small = c(12, 6, 9, 8, 20, 21),
                  wdq_no_success = c(100, 110, 80, 70, 200, 190),
                  wdq_target_zero = c(0, 3, 7, 2, 40, 50), wdq_buffer_zero = c(30, 12, 0, 5, 40, 44),
                  wdq_control_rises = c(20, 20, 15, 15, 30, 60))
for (nm in names(wdq_cases)) {
  v <- wdq_cases[[nm]]  # Rb, Ra, Db, Da, Cb, Ca
  for (k in 1:6) put(nm, c("rb", "ra", "db", "da", "cb", "ca")[k], v[k])
  cc <- v[6] / v[5]
  sm <- v[2] / v[6] - v[1] / v[5]; bm <- v[4] / v[6] - v[3] / v[5]
  put(nm, "success", sm); put(nm, "buffer", bm); put(nm, "wdq", bm / sm)
  put(nm, "tne", (v[1] * cc - v[2]) + (v[3] * cc - v[4]))
}

# ptools::wdd (Wheeler & Ratcliffe 2018); ptools is not on Debian, so its formula is
# restated here (ptools 1.x source, with the corrected var_disp parenthesis).
wdd_ref <- function(control, treated, disp_control = c(0, 0), disp_treated = c(0, 0),
                    time_weights = c(1, 1), area_weights = c(1, 1, 1, 1), alpha = 0.1) {
  cw <- time_weights * area_weights[1]; tw <- time_weights * area_weights[2]
  dcw <- time_weights * area_weights[3]; dw <- time_weights * area_weights[4]
  est_local <- (treated[2] / tw[2] - treated[1] / tw[1]) - (control[2] / cw[2] - control[1] / cw[1])
  var_local <- treated[2] / tw[2]^2 + treated[1] / tw[1]^2 + control[2] / cw[2]^2 + control[1] / cw[1]^2
  est_disp <- (disp_treated[2] / dw[2] - disp_treated[1] / dw[1]) - (disp_control[2] / dcw[2] - disp_control[1] / dcw[1])
  var_disp <- disp_treated[2] / dw[2]^2 + disp_treated[1] / dw[1]^2 + disp_control[2] / dcw[2]^2 + disp_control[1] / dcw[1]^2
  tot <- est_local + est_disp; v <- var_local + var_disp; lev <- qnorm(1 - alpha / 2)
  c(Est_Local = est_local, SE_Local = sqrt(var_local), Est_Displace = est_disp, SE_Displace = sqrt(var_disp),
    Est_Total = tot, SE_Total = sqrt(v), Z = tot / sqrt(v), LowCI = tot - lev * sqrt(v), HighCI = tot + lev * sqrt(v))
}
wdd_cases <- list(
  wdd_paper = list(c(308, 318), c(207, 110), c(150, 140), c(178, 157), c(1, 1), c(1, 1, 1, 1), 0.05, TRUE),
  wdd_nobuffer = list(c(20, 20), c(20, 10), c(0, 0), c(0, 0), c(1, 1), c(1, 1, 1, 1), 0.1, FALSE),
  wdd_timeweights = list(c(20, 20), c(20, 10), c(0, 0), c(0, 0), c(2, 1), c(1, 1, 1, 1), 0.05, FALSE),
  wdd_areaweights = list(c(20, 20), c(20, 10), c(30, 30), c(30, 20), c(1, 1), c(2, 1.5, 3, 3.2), 0.05, TRUE),
  wdd_increase = list(c(50, 45), c(40, 62), c(35, 30), c(28, 40), c(1, 1), c(1, 1, 1, 1), 0.05, TRUE))
for (nm in names(wdd_cases)) {
  a <- wdd_cases[[nm]]
  r <- wdd_ref(a[[1]], a[[2]], a[[3]], a[[4]], a[[5]], a[[6]], a[[7]])
  inputs <- c(a[[1]], a[[2]], a[[3]], a[[4]], a[[5]], a[[6]], 1 - a[[7]], a[[8]])
  keys <- c("cb", "ca", "tb", "ta", "dcb", "dca", "db", "da", "tw1", "tw2", "aw1", "aw2", "aw3", "aw4", "conf", "buffer")
  for (k in seq_along(keys)) put(nm, keys[k], inputs[k])
  for (k in names(r)) put(nm, k, r[[k]])
  put(nm, "p", 2 * pnorm(-abs(r[["Z"]])))
}

# ------------------------------------------------------------------ intermittent exposure
exposure_case <- function(name, dates, y, flag, change, skip = FALSE) {
  wdata(name, data.frame(day = as.numeric(dates), y = y, flag = as.integer(flag)))
  put(name, "change_day", as.numeric(change))
  if (skip) return(invisible())
  after <- as.integer(dates >= change)
  d <- data.frame(y = y, flag = as.integer(flag), after = after, exposed = as.integer(flag & after),
                  dow = factor(as.integer(format(dates, "%u"))), month = factor(as.integer(format(dates, "%m"))))
  fit <- glm(y ~ flag + after + exposed + dow + month, family = poisson, data = d)
  cf <- summary(fit)$coefficients; ci <- confint.default(fit)
  put(name, "rr", exp(cf["exposed", 1])); put(name, "se", cf["exposed", 2])
  put(name, "lo", exp(ci["exposed", 1])); put(name, "hi", exp(ci["exposed", 2])); put(name, "p", cf["exposed", 4])
  put(name, "deviance", deviance(fit))
}
hol <- function(dates) {  # fixed-date Swedish holidays plus the eves (enough for a test)
  md <- format(dates, "%m-%d")
  md %in% c("01-01", "01-06", "05-01", "06-06", "12-24", "12-25", "12-26", "12-31", "06-20", "06-21", "06-22")
}
sim_days <- function(from, to, change, eff) {
  dates <- seq(as.Date(from), as.Date(to), by = "day"); f <- hol(dates)
  dow <- as.integer(format(dates, "%u")); mon <- as.integer(format(dates, "%m"))
  mu <- exp(0.4 + 0.25 * (dow >= 5) + 0.1 * cos(2 * pi * mon / 12) + 0.5 * f + eff * (f & dates >= change))
  list(dates = dates, y = rpois(length(dates), mu), flag = f)
}
ch <- as.Date("2019-01-01")
e <- sim_days("2016-01-01", "2020-12-31", ch, -0.6); exposure_case("exp_effect", e$dates, e$y, e$flag, ch)
e <- sim_days("2017-01-01", "2019-12-31", ch, 0); exposure_case("exp_null", e$dates, e$y, e$flag, ch)
e <- sim_days("2018-03-01", "2019-08-31", ch, -0.3); exposure_case("exp_short", e$dates, e$y, e$flag, ch)
e <- sim_days("2016-01-01", "2020-12-31", as.Date("2020-01-01"), 0.4); exposure_case("exp_late_change", e$dates, e$y, e$flag, as.Date("2020-01-01"))
e <- sim_days("2019-01-01", "2020-12-31", ch, 0); exposure_case("exp_no_baseline", e$dates, e$y, e$flag, ch, skip = TRUE)
e <- sim_days("2017-01-01", "2019-12-31", ch, 0); e$y[e$flag & e$dates >= ch] <- 0
exposure_case("exp_zero_exposed", e$dates, e$y, e$flag, ch, skip = TRUE)

# ------------------------------------------------------------------ logit trend over waves
wave_cases <- list(
  wave_rising = list(2016:2022, c(120, 131, 118, 140, 152, 149, 163), c(800, 790, 805, 812, 820, 799, 801)),
  wave_two = list(c(2017, 2021), c(45, 30), c(300, 310)),
  wave_zero_wave = list(2016:2020, c(0, 3, 5, 4, 9), c(40, 42, 39, 41, 40)),
  wave_empty_wave = list(2016:2020, c(20, 22, 0, 25, 30), c(100, 100, 0, 100, 100)),
  wave_uneven = list(c(2011, 2013, 2017, 2019, 2022), c(310, 280, 295, 250, 240), c(1200, 1150, 1300, 1250, 1190)),
  wave_separation = list(2016:2021, c(0, 0, 0, 30, 31, 29), c(30, 31, 29, 30, 31, 29)))
for (nm in names(wave_cases)) {
  a <- wave_cases[[nm]]
  for (k in seq_along(a[[1]])) {
    put(nm, paste0("year:", k), a[[1]][k]); put(nm, paste0("x:", k), a[[2]][k]); put(nm, paste0("n:", k), a[[3]][k])
  }
  put(nm, "k", length(a[[1]]))
  if (nm == "wave_separation") next
  fit <- glm(cbind(a[[2]], a[[3]] - a[[2]]) ~ a[[1]], family = binomial)
  cf <- summary(fit)$coefficients; ci <- confint.default(fit)
  put(nm, "slope", cf[2, 1]); put(nm, "se", cf[2, 2]); put(nm, "z", cf[2, 3]); put(nm, "p", cf[2, 4])
  put(nm, "or", exp(cf[2, 1])); put(nm, "or_lo", exp(ci[2, 1])); put(nm, "or_hi", exp(ci[2, 2]))
}

# ------------------------------------------------------------------ one Poisson rate
# counts::poisson_rate_exact: the count per day with its exact interval (the youth
# centre's visits and the holiday tables); nasty cases: zero, one, a large count, a
# fractional exposure, another level.
rate_cases <- list(c(0, 13, 0.95), c(1, 13, 0.95), c(37, 13, 0.95), c(7173, 163, 0.95),
                   c(5, 2.5, 0.90), c(0, 1, 0.99),
                   # GSL's gamma quantile alone gives NaN for these (make crosscheck, seed 110)
                   c(16680, 653, 0.95), c(1e6, 30, 0.9), c(16680, 653, 0.999))
for (k in seq_along(rate_cases)) {
  v <- rate_cases[[k]]; nm <- sprintf("rate%d", k)
  ci <- poisson.test(v[1], v[2], conf.level = v[3])$conf.int
  put(nm, "x", v[1]); put(nm, "t", v[2]); put(nm, "conf", v[3])
  put(nm, "estimate", v[1] / v[2]); put(nm, "lo", ci[1]); put(nm, "hi", ci[2])
}

# ------------------------------------------------------------------ minimum detectable ratio
# power::power_mde_ratio: exp(-(qnorm(1 - alpha/2) + qnorm(power)) * se)
mde_cases <- list(c(0.05, 0.05, 0.8), c(0.3566, 0.05, 0.8), c(1.2, 0.10, 0.9), c(0.2, 0.01, 0.5))
for (k in seq_along(mde_cases)) {
  v <- mde_cases[[k]]; nm <- sprintf("mde%d", k)
  put(nm, "se", v[1]); put(nm, "alpha", v[2]); put(nm, "power", v[3])
  put(nm, "ratio", exp(-(qnorm(1 - v[2] / 2) + qnorm(v[3])) * v[1]))
}
# ------------------------------------------------------------------ DiD in the outcome's family
# (issue 11 item 10 / issue 13 item 12).  family: 0 Poisson, 1 quasi-Poisson with a
# dispersion below 1 taken as 1 (summary(fit, dispersion = max(1, phi)), z test then),
# 3 negative binomial (MASS::glm.nb).  Appended with their own seed so the cases above keep
# their random numbers.
set.seed(20261205)
did_family_case <- function(name, yt, yc, month, t0, family, season = TRUE) {
  n <- length(yt)
  wdata(name, data.frame(y_target = yt, y_control = yc, month = month))
  put(name, "t0", t0); put(name, "season", as.integer(season))
  put(name, "family", c(poisson = 0, quasipoisson = 1, negbin = 3)[[family]])
  d <- data.frame(y = c(yt, yc), area = rep(1:0, each = n), post = rep(as.integer(seq_len(n) >= t0), 2),
                  month = factor(rep(month, 2)))
  f <- if (season) y ~ area * post + month else y ~ area * post
  fit <- quiet(switch(family, poisson = glm(f, family = poisson, data = d),
    quasipoisson = glm(f, family = quasipoisson, data = d), negbin = glm.nb(f, data = d)))
  s <- summary(fit)
  if (family == "quasipoisson") {
    put(name, "dispersion", s$dispersion)
    if (s$dispersion < 1) s <- summary(fit, dispersion = 1)
  }
  if (family == "negbin") put(name, "theta", fit$theta)
  cf <- s$coefficients; z <- qnorm(0.975)
  b <- cf["area:post", 1]; se <- cf["area:post", 2]
  put(name, "ratio:rr", exp(b)); put(name, "ratio:se", se)
  put(name, "ratio:lo", exp(b - z * se)); put(name, "ratio:hi", exp(b + z * se))
  put(name, "ratio:p", cf["area:post", 4])
  V <- s$cov.scaled
  put(name, "control:rr", exp(cf["post", 1]))
  put(name, "target:rr", exp(cf["post", 1] + cf["area:post", 1]))
  a <- setNames(rep(0, ncol(V)), colnames(V)); a[c("post", "area:post")] <- 1
  put(name, "target:se", sqrt(drop(t(a) %*% V %*% a)))
}
# overdispersed counts (NB, size 3): quasi-Poisson widens the interval, NB models it
st <- sim_its(72, 37, step = -0.35, size = 3, base = 2.3); sc <- sim_its(72, 37, step = 0, size = 3, base = 2.8)
did_family_case("did_quasi_over", st$y, sc$y, st$month, 37, "quasipoisson")
did_family_case("did_nb_over", st$y, sc$y, st$month, 37, "negbin")
did_family_case("did_pois_over", st$y, sc$y, st$month, 37, "poisson")
# underdispersed counts (rounded means, phi well below 1): the interval stays Poisson's
t <- 1:60; m <- (t - 1) %% 12 + 1
yt <- round(exp(2.5 + 0.2 * cos(2 * pi * m / 12) - 0.3 * (t >= 31)))
yc <- round(exp(3 + 0.2 * cos(2 * pi * m / 12) + 0.002 * t))
did_family_case("did_quasi_under", yt, yc, m, 31, "quasipoisson")
# few months, no season, quasi and NB
st <- sim_its(24, 13, first = 5, size = 5, base = 2); sc <- sim_its(24, 13, first = 5, step = 0, size = 5, base = 2.5)
did_family_case("did_quasi_short", st$y, sc$y, st$month, 13, "quasipoisson", season = FALSE)
did_family_case("did_nb_short", st$y, sc$y, st$month, 13, "negbin", season = FALSE)

# The ITS under the same rule: an underdispersed series, quasi-Poisson level and slope
# changes with the Poisson SE (summary(fit, dispersion = 1)).
its_under <- function(name, y, month, t0) {
  wdata(name, data.frame(y = y, month = month))
  put(name, "t0", t0)
  n <- length(y); tt <- seq_len(n); post <- as.integer(tt >= t0)
  d <- data.frame(y = y, t = tt, post = post, tpost = (tt - t0) * post, month = factor(month))
  fit <- glm(y ~ t + post + tpost + month, family = quasipoisson, data = d)
  s <- summary(fit); put(name, "dispersion", s$dispersion)
  if (s$dispersion < 1) s <- summary(fit, dispersion = 1)
  cf <- s$coefficients; z <- qnorm(0.975)
  for (term in c("post", "tpost")) {
    key <- c(post = "level", tpost = "slope")[[term]]
    b <- cf[term, 1]; se <- cf[term, 2]
    put(name, paste0(key, ":rr"), exp(b)); put(name, paste0(key, ":se"), se)
    put(name, paste0(key, ":lo"), exp(b - z * se)); put(name, paste0(key, ":hi"), exp(b + z * se))
    put(name, paste0(key, ":p"), cf[term, 4])
  }
}
its_under("its_quasi_under", yt, m, 31)

# ------------------------------------------------------------------ placebo in time for the DiD
# (issue 11 item 8).  Only the months before the real start, both areas; every fake start s
# with min_side months on each side; the same DiD model; p as for the ITS placebo.
did_placebo_case <- function(name, yt, yc, month, t0, min_side, family = "quasipoisson") {
  wdata(name, data.frame(y_target = yt, y_control = yc, month = month))
  put(name, "t0", t0); put(name, "min_side", min_side); put(name, "season", 1)
  put(name, "family", c(poisson = 0, quasipoisson = 1, negbin = 3)[[family]])
  fitb <- function(a, b, mm, tt0) {
    n <- length(a)
    d <- data.frame(y = c(a, b), area = rep(1:0, each = n), post = rep(as.integer(seq_len(n) >= tt0), 2),
                    month = factor(rep(mm, 2)))
    fit <- quiet(switch(family, poisson = glm(y ~ area * post + month, family = poisson, data = d),
      quasipoisson = glm(y ~ area * post + month, family = quasipoisson, data = d),
      negbin = glm.nb(y ~ area * post + month, data = d)))
    coef(fit)[["area:post"]]
  }
  real <- fitb(yt, yc, month, t0)
  pre <- 1:(t0 - 1)
  starts <- (min_side + 1):(t0 - min_side)
  pl <- sapply(starts, function(s) fitb(yt[pre], yc[pre], month[pre], s))
  put(name, "real_level", real); put(name, "n_placebo", length(starts))
  put(name, "p_level", (1 + sum(abs(pl) >= abs(real))) / (1 + length(starts)))
  for (k in seq_along(starts)) put(name, paste0("level:", starts[k]), pl[k])
}
st <- sim_its(84, 49, step = -0.5, size = 5, base = 2.4); sc <- sim_its(84, 49, step = 0, size = 5, base = 2.9)
did_placebo_case("did_placebo_quasi", st$y, sc$y, st$month, 49, 12)
did_placebo_case("did_placebo_nb", st$y, sc$y, st$month, 49, 12, "negbin")

# ------------------------------------------------------------------ regression to the mean
# (issue 11 item 8).  The pre-period's trend and season fitted on months 1..n_fit (the
# months before the last `n_pred` before the start), the total of the next n_pred months
# predicted with a prediction interval: mean S = sum(mu), Var = phi * S (Poisson part,
# phi = max(1, dispersion) for quasi-Poisson, 1 for Poisson; NB: S + sum(mu^2)/theta) +
# g' V g (the estimate's part, g = sum(mu * x)), interval S +/- z sqrt(Var).
rtm_case <- function(name, y, month, n_fit, n_pred, family) {
  wdata(name, data.frame(y = y, month = month))
  put(name, "n_fit", n_fit); put(name, "n_pred", n_pred)
  put(name, "family", c(poisson = 0, quasipoisson = 1, negbin = 3)[[family]])
  tt <- seq_along(y)
  d <- data.frame(y = y, t = tt, month = factor(month))
  fd <- d[1:n_fit, ]; nd <- d[(n_fit + 1):(n_fit + n_pred), ]
  fit <- quiet(switch(family, poisson = glm(y ~ t + month, family = poisson, data = fd),
    quasipoisson = glm(y ~ t + month, family = quasipoisson, data = fd),
    negbin = glm.nb(y ~ t + month, data = fd)))
  X <- model.matrix(~ t + month, data = rbind(fd, nd))[(n_fit + 1):(n_fit + n_pred), , drop = FALSE]
  mu <- drop(exp(X %*% coef(fit)))
  phi <- if (family == "quasipoisson") max(1, summary(fit)$dispersion) else 1
  V <- vcov(fit) / (if (family == "quasipoisson") summary(fit)$dispersion else 1) * phi
  g <- colSums(mu * X)
  S <- sum(mu)
  pv <- if (family == "negbin") S + sum(mu^2) / fit$theta else phi * S
  v <- pv + drop(t(g) %*% V %*% g)
  put(name, "expected", S); put(name, "observed", sum(nd$y))
  put(name, "lo", S - qnorm(0.975) * sqrt(v)); put(name, "hi", S + qnorm(0.975) * sqrt(v))
}
s <- sim_its(60, 61, base = 2.5); s$y[49:60] <- round(s$y[49:60] * 1.6)
rtm_case("rtm_high_quasi", s$y, s$month, 48, 12, "quasipoisson")
rtm_case("rtm_high_pois", s$y, s$month, 48, 12, "poisson")
s <- sim_its(60, 61, base = 2.5, size = 6)
rtm_case("rtm_usual_nb", s$y, s$month, 48, 12, "negbin")

# ------------------------------------------------------------------ IRLS step near aliasing
# A column that is all but a copy of another (after the columns before it, its residual is
# ~5e-7 of its norm: just above the QR's tolerance of 1e-7, so R keeps it, with a huge SE).
# trygg solves the IRLS steps before the last by Cholesky of X'WX only when every column
# keeps 1e-4 of its norm (src/lib/stats/glm.c, chol_step): here the normal equations would
# lose about 1e-16 / (5e-7)^2 ~ 4e-4 of the answer, so every step goes to R's QR, and the
# rank, the estimates and the huge SEs must be R's.
set.seed(1507)
Xna <- cbind(X[, 1:2], tnear = X[, "t"] + rnorm(n, sd = 2e-5), X[, 3:8])
glm_case("glm_pois_near_alias", Xna, rpois(n, mu), "poisson")

rows <- do.call(rbind, out$rows)
dir.create("tests/r/values", recursive = TRUE, showWarnings = FALSE)
writeLines(c("case,key,value", paste(rows[, 1], rows[, 2], rows[, 3], sep = ",")),
           "tests/r/values/count_stats.csv")
cat(nrow(rows), "reference values written to tests/r/values/count_stats.csv\n")
