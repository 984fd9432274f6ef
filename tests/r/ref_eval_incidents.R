# Reference values for the end-to-end test of the count analyses
# (tests/e2e/test_eval_incidents.c: [incidents], [intermittent]), computed with R 4.2 + MASS.
#   Rscript tests/r/ref_eval_incidents.R          (from the repository root)
# The input series are deterministic formulas, written out the same way in the C test
# (no random numbers, so the two cannot drift apart); this script computes every value
# the test checks and writes tests/r/values/eval_incidents.csv (case,key,value).
#
# Months t = 1..48 are 2016-01..2019-12; the measure starts 2018-01-01 (t0 = 25).
suppressPackageStartupMessages(library(MASS))
rows <- list()
put <- function(case, key, value) {
  v <- if (is.na(value)) "NA" else if (is.infinite(value)) (if (value > 0) "Inf" else "-Inf") else
    sprintf("%.17g", value)
  rows[[length(rows) + 1]] <<- c(case, key, v)
}
put_ratio <- function(case, est, lo, hi, p) {
  put(case, "estimate", est); put(case, "conf_low", lo); put(case, "conf_high", hi)
  put(case, "p_value", p)
}

# ------------------------------------------------------------------ the monthly series
t <- 1:48
month <- (t - 1) %% 12 + 1
post <- as.integer(t >= 25)
tpost <- (t - 25) * post
season <- c(3, 1, 0, -1, -2, -2, 0, 2, 4, 3, 1, 0)[month]
target <- 20 + (t * 7) %% 5 + season + (t * 13) %% 4 - 6 * post
comparison <- 40 + (t * 11) %% 7 + 2 * season - post
buffer <- 15 + (t * 5) %% 6 + season - 2 * post
drugs <- 5 + (t * 3) %% 4 + 6 * post
pop_target <- 10000 + 10 * t
pop_comparison <- 30000 + 20 * t
pop_buffer <- rep(8000, 48)

# ------------------------------------------------------------------ [incidents dist]
# ITS, quasi-Poisson, month dummies, offset log(population)
its <- function(y, pop, family) {
  d <- data.frame(y = y, t = t, post = post, tpost = tpost, month = factor(month), pop = pop)
  glm(y ~ t + post + tpost + month + offset(log(pop)), family = family, data = d)
}
# Wald interval and p-value; a quasi-Poisson dispersion below 1 is taken as 1 (trygg never
# lets too little variation narrow an interval): summary(fit, dispersion = max(1, phi)).
wald <- function(fit, term) {
  s <- summary(fit)
  if (family(fit)$family == "quasipoisson" && s$dispersion < 1) s <- summary(fit, dispersion = 1)
  cf <- s$coefficients
  b <- cf[term, 1]; se <- cf[term, 2]
  c(exp(b), exp(b - qnorm(0.975) * se), exp(b + qnorm(0.975) * se), cf[term, 4])
}
fit <- its(target, pop_target, quasipoisson)
w <- wald(fit, "post"); put_ratio("dist_level_change", w[1], w[2], w[3], w[4])
w <- wald(fit, "tpost"); put_ratio("dist_slope_change", w[1], w[2], w[3], w[4])
# residual autocorrelation of the same fit (deviance residuals, lags 1..12)
r <- residuals(fit, type = "deviance")
lb <- Box.test(r, lag = 12, type = "Ljung-Box")
put("dist_ljung_box", "statistic", lb$statistic); put("dist_ljung_box", "p_value", lb$p.value)
ac <- acf(r, lag.max = 12, plot = FALSE)$acf[2:13]
for (k in 1:12) put("dist_acf", paste0("lag", k), ac[k])
# [incidents hac]: the same model with Newey-West standard errors, lag 3 (sandwich, lmtest)
# [incidents lvl]: effects = level, transition = 2 (2018-01 and 2018-02 left out; the
# model's start is 2018-03), quasi-Poisson, offset log(population)
s0 <- 27; keep <- !(t >= 25 & t < s0)
dl <- data.frame(y = target, t = t, post = as.integer(t >= s0), month = factor(month),
                 pop = pop_target)[keep, ]
w <- wald(glm(y ~ t + post + month + offset(log(pop)), family = quasipoisson, data = dl), "post")
put_ratio("lvl_level_change", w[1], w[2], w[3], w[4])
# [incidents slp]: effects = slope, offset = none, Poisson
ds <- data.frame(y = target, t = t, tpost = tpost, month = factor(month))
w <- wald(glm(y ~ t + tpost + month, family = poisson, data = ds), "tpost")
put_ratio("slp_slope_change", w[1], w[2], w[3], w[4])
# [incidents slp_pl]: the same model with its placebo-in-time check (the crosscheck found
# that effects = slope gave no placebo row at all): months 1..24 before the start, fake
# starts s with 12 months on each side (s = 13 only), rank of |b_tpost| among them and
# the real one: p = (1 + #{|b(s)| >= |b_real|}) / (1 + #fake starts)
b_real <- coef(glm(y ~ t + tpost + month, family = poisson, data = ds))[["tpost"]]
bs <- c()
for (s in 13:(25 - 12)) {
  dpre <- data.frame(y = target, t = t, month = factor(month))[t < 25, ]
  dpre$tpost <- (dpre$t - s) * (dpre$t >= s)
  bs <- c(bs, coef(glm(y ~ t + tpost + month, family = poisson, data = dpre))[["tpost"]])
}
put("slp_pl_placebo", "estimate", exp(b_real))
put("slp_pl_placebo", "p_value", (1 + sum(abs(bs) >= abs(b_real))) / (1 + length(bs)))
put("slp_pl_placebo", "n", length(bs))
# [incidents rtm_none]: Poisson, no season, offset = none: the regression-to-the-mean
# prediction uses the time series' own offset (none), not the population (the crosscheck
# found it took log(population) whatever `offset` said): the model without post and tpost
# on months 1..12, the total of months 13..24 predicted, Var = S + g'Vg
dr <- data.frame(y = target, t = t)
f12 <- glm(y ~ t, family = poisson, data = dr[t <= 12, ], control = glm.control(epsilon = 1e-14, maxit = 100))
X <- cbind(1, t[13:24]); mu <- exp(drop(X %*% coef(f12))); S <- sum(mu)
g <- colSums(mu * X); v <- S + drop(t(g) %*% vcov(f12) %*% g)
put("rtm_none", "estimate", sum(target[13:24]))
put("rtm_none", "conf_low", S - qnorm(0.975) * sqrt(v)); put("rtm_none", "conf_high", S + qnorm(0.975) * sqrt(v))
# [incidents pt]: offset = person-time: population x days in the month / 365.25
days <- as.numeric(diff(seq(as.Date("2016-01-01"), by = "month", length.out = 49)))
dp <- data.frame(y = target, t = t, post = post, tpost = tpost, month = factor(month),
                 pt = pop_target * days / 365.25)
w <- wald(glm(y ~ t + post + tpost + month + offset(log(pt)), family = poisson, data = dp), "post")
put_ratio("pt_level_change", w[1], w[2], w[3], w[4])
suppressPackageStartupMessages({library(sandwich); library(lmtest)})
V <- NeweyWest(fit, lag = 3, prewhite = FALSE)
ct <- coeftest(fit, vcov. = V); ci <- coefci(fit, vcov. = V)
for (tm in c("post", "tpost")) put_ratio(paste0("hac_", c(post = "level_change", tpost = "slope_change")[[tm]]),
  exp(ct[tm, 1]), exp(ci[tm, 1]), exp(ci[tm, 2]), ct[tm, 4])

# exact rate ratio after/before, exposure in population-months
pt <- poisson.test(c(sum(target[post == 1]), sum(target[post == 0])),
                   c(sum(pop_target[post == 1]), sum(pop_target[post == 0])))
put_ratio("dist_rate_ratio", pt$estimate[[1]], pt$conf.int[1], pt$conf.int[2], pt$p.value)

# difference-in-differences: both areas, offsets log(population), in the outcome's family
# (quasi-Poisson for model = its_quasipoisson)
did_fit <- function(yt, yc, popt, popc, family = quasipoisson) {
  d <- data.frame(y = c(yt, yc), area = rep(c(1, 0), each = 48), post = rep(post, 2),
                  month = factor(rep(month, 2)), pop = c(popt, popc))
  glm(y ~ area * post + month + offset(log(pop)), family = family, data = d)
}
w <- wald(did_fit(target, comparison, pop_target, pop_comparison), "area:post")
put_ratio("dist_did", w[1], w[2], w[3], w[4])
put("dist_did", "dispersion", summary(did_fit(target, comparison, pop_target, pop_comparison))$dispersion)
put("dist_level_change", "dispersion", summary(fit)$dispersion)

# RES (Welsh & Farrington) and the quasi-Poisson-inflated version
a <- sum(target[post == 0]); b <- sum(target[post == 1])
cc <- sum(comparison[post == 0]); dd <- sum(comparison[post == 1])
res <- (a * dd) / (b * cc)
se <- sqrt(1 / a + 1 / b + 1 / cc + 1 / dd)
z <- qnorm(0.975)
put_ratio("dist_res", res, exp(log(res) - z * se), exp(log(res) + z * se),
          2 * pnorm(-abs(log(res) / se)))
d4 <- data.frame(y = c(target, comparison), area = factor(rep(1:2, each = 48)),
                 period = factor(rep(post, 2)))
phi <- summary(glm(y ~ area * period, family = quasipoisson, data = d4))$dispersion
se_od <- se * sqrt(max(1, phi))
put_ratio("dist_res_od", res, exp(log(res) - z * se_od), exp(log(res) + z * se_od),
          2 * pnorm(-abs(log(res) / se_od)))
put("dist_res_od", "dispersion", phi)

# WDQ (Bowers & Johnson 2003: each area's count relative to the control's, after minus
# before) and WDD as ptools::wdd(control, treated, disp_control = c(0, 0),
# disp_treated, time_weights = c(24, 24))
Rb <- a; Ra <- b; Cb <- cc; Ca <- dd
Db <- sum(buffer[post == 0]); Da <- sum(buffer[post == 1])
put("dist_wdq", "estimate", (Da / Ca - Db / Cb) / (Ra / Ca - Rb / Cb))
tw <- c(24, 24)
wdd <- (Ra / tw[2] - Rb / tw[1]) - (Ca / tw[2] - Cb / tw[1]) + (Da / tw[2] - Db / tw[1])
wdd_var <- Ra / tw[2]^2 + Rb / tw[1]^2 + Ca / tw[2]^2 + Cb / tw[1]^2 + Da / tw[2]^2 + Db / tw[1]^2
put_ratio("dist_wdd", wdd, wdd - z * sqrt(wdd_var), wdd + z * sqrt(wdd_var),
          2 * pnorm(-abs(wdd / sqrt(wdd_var))))

# the alternative: target = Mål + Buffert (counts and populations added up)
fit <- its(target + buffer, pop_target + pop_buffer, quasipoisson)
w <- wald(fit, "post"); put_ratio("alt_wide_level_change", w[1], w[2], w[3], w[4])
w <- wald(did_fit(target + buffer, comparison, pop_target + pop_buffer, pop_comparison),
          "area:post")
put_ratio("alt_wide_did", w[1], w[2], w[3], w[4])

# ------------------------------------------------------------------ [incidents dist_rr]
# the same counts; model = rate_ratio (exposure population-months, as above)
put_ratio("dist_rr_rate_ratio", pt$estimate[[1]], pt$conf.int[1], pt$conf.int[2], pt$p.value)

# ------------------------------------------------------------------ [incidents drugs]
# police-detected, rising; its_poisson, no population
fit <- its(drugs, rep(1, 48), poisson)
w <- wald(fit, "post"); put_ratio("drugs_level_change", w[1], w[2], w[3], w[4])
pt <- poisson.test(c(sum(drugs[post == 1]), sum(drugs[post == 0])), c(24, 24))
put_ratio("drugs_rate_ratio", pt$estimate[[1]], pt$conf.int[1], pt$conf.int[2], pt$p.value)

# ------------------------------------------------------------------ the nasty spec
# [incidents nb_equi]: its_negbin on counts less variable than Poisson counts (Jämför,
# skadegorelse).  MASS::glm.nb's theta runs off to infinity (warning "iteration limit
# reached"), so the model is the Poisson model, which trygg fits and reports.
vandalism <- 10 + (t * 7) %% 5
dv <- data.frame(y = vandalism, t = t, post = post, tpost = tpost, month = factor(month))
nb <- suppressWarnings(glm.nb(y ~ t + post + tpost + month, data = dv))
put("nb_equi", "theta_diverges", as.numeric(nb$theta > 1e5))
fit <- glm(y ~ t + post + tpost + month, family = poisson, data = dv)
w <- wald(fit, "post"); put_ratio("nb_equi_level_change", w[1], w[2], w[3], w[4])
w <- wald(fit, "tpost"); put_ratio("nb_equi_slope_change", w[1], w[2], w[3], w[4])
# [incidents wdq_worse]: target Jämför, control Buffert, buffer Mål; the target got
# worse relative to the control (success measure > 0)
Rb <- sum(comparison[post == 0]); Ra <- sum(comparison[post == 1])
Cb <- sum(buffer[post == 0]); Ca <- sum(buffer[post == 1])
Db <- sum(target[post == 0]); Da <- sum(target[post == 1])
put("wdq_worse", "success", Ra / Ca - Rb / Cb)
put("wdq_worse", "estimate", (Da / Ca - Db / Cb) / (Ra / Ca - Rb / Cb))

# ------------------------------------------------------------------ [intermittent hol]
# Daily counts 2016-01-01..2019-12-31 in the target area; Swedish public holidays
# computed here independently of trygg's util/holidays.c.
easter <- function(y) { # Anonymous Gregorian algorithm (Meeus/Jones/Butcher)
  a <- y %% 19; b <- y %/% 100; c <- y %% 100; d <- b %/% 4; e <- b %% 4
  f <- (b + 8) %/% 25; g <- (b - f + 1) %/% 3; h <- (19 * a + b - d - g + 15) %% 30
  i <- c %/% 4; k <- c %% 4; l <- (32 + 2 * e + 2 * i - h - k) %% 7
  m <- (a + 11 * h + 22 * l) %/% 451
  as.Date(sprintf("%d-%02d-%02d", y, (h + l - 7 * m + 114) %/% 31, ((h + l - 7 * m + 114) %% 31) + 1))
}
saturday_in <- function(from) { # the Saturday in the 7 days from `from`
  days <- from + 0:6
  days[format(days, "%u") == "6"]
}
holidays <- function(y) {
  e <- easter(y)
  fixed <- as.Date(sprintf("%d-%s", y, c("01-01", "01-06", "05-01", "06-06", "12-25", "12-26")))
  c(fixed, e - 2, e, e + 1, e + 39, e + 49,
    saturday_in(as.Date(sprintf("%d-06-20", y))), saturday_in(as.Date(sprintf("%d-10-31", y))))
}
days <- seq(as.Date("2016-01-01"), as.Date("2019-12-31"), by = "day")
i <- seq_along(days) - 1
hol <- days %in% do.call(c, lapply(2016:2019, holidays))
after <- as.integer(days >= as.Date("2018-01-01"))
dow <- as.integer(format(days, "%u"))
y <- (i * 7) %% 3 + ifelse(hol, ifelse(after == 1, 1, 3), 0) + as.integer(dow >= 6)
put("hol", "n_holidays", sum(hol))
put("hol", "total", sum(y))
d <- data.frame(y = y, flag = as.integer(hol), after = after, exposed = as.integer(hol) * after,
                dow = factor(dow), month = factor(as.integer(format(days, "%m"))))
# comparison_days = other: every other day, with day-of-week terms
fit <- glm(y ~ flag + after + exposed + dow + month, family = poisson, data = d)
w <- wald(fit, "exposed"); put_ratio("hol_rate_ratio", w[1], w[2], w[3], w[4])
mde <- function(fit) exp(-(qnorm(0.975) + qnorm(0.8)) * summary(fit)$coefficients["exposed", 2])
put("hol", "mde_ratio", mde(fit))

# [intermittent hol_we]: the default comparison days, Saturdays and Sundays that are
# not holidays; a holiday is taken to behave like a weekend day (no day-of-week terms)
we <- hol | (dow >= 6)
fit <- glm(y ~ flag + after + exposed + month, family = poisson, data = d[we, ])
w <- wald(fit, "exposed"); put_ratio("hol_we_rate_ratio", w[1], w[2], w[3], w[4])
put("hol_we", "mde_ratio", mde(fit))
put("hol_we", "n_days", sum(we))
# per year: count per day with the exact Poisson interval (poisson.test)
yr <- as.integer(format(days, "%Y"))
for (year in 2016:2019) {
  for (kind in c("flagged", "comparison")) {
    sel <- yr == year & (if (kind == "flagged") hol else (we & !hol))
    pt <- poisson.test(sum(y[sel]), sum(sel))
    case <- sprintf("hol_we_%d_%s", year, kind)
    put(case, "estimate", sum(y[sel]) / sum(sel))
    put(case, "conf_low", pt$conf.int[1]); put(case, "conf_high", pt$conf.int[2])
    put(case, "n", sum(sel))
  }
}

# [intermittent hol_sw]: the same weekday one week before and after each holiday
# (holidays of the neighbouring years count: a comparison day near New Year)
allhol <- do.call(c, lapply(2015:2020, holidays))
sw <- hol | (!hol & ((days - 7) %in% allhol | (days + 7) %in% allhol))
fit <- glm(y ~ flag + after + exposed + dow + month, family = poisson, data = d[sw, ])
w <- wald(fit, "exposed"); put_ratio("hol_sw_rate_ratio", w[1], w[2], w[3], w[4])
put("hol_sw", "mde_ratio", mde(fit))
put("hol_sw", "n_days", sum(sw))

# ------------------------------------------------------------------ write
out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
dir.create("tests/r/values", showWarnings = FALSE, recursive = TRUE)
write.csv(out, "tests/r/values/eval_incidents.csv", row.names = FALSE, quote = FALSE)
cat("wrote tests/r/values/eval_incidents.csv:", nrow(out), "values\n")
