# Reference values for tests/e2e/test_did_negbin.c: a difference-in-differences with
# model = its_negbin on counts that vary less than Poisson counts, so that the negative
# binomial's theta diverges (MASS::glm.nb warns "iteration limit reached" or
# "alternation limit reached", or theta.ml stops on a NaN Newton step: "missing value where
# TRUE/FALSE needed"); the model is then the Poisson model, which trygg fits
# and reports as did_poisson, as it does for the single-area ITS (its_poisson).
#   Rscript tests/r/ref_did_negbin.R      (from the repository root)
# The series are the formulas of the C test (48 months 2016-01 .. 2019-12, start 2018-01).
suppressPackageStartupMessages(library(MASS))
rows <- list()
put <- function(case, key, value) {
  v <- if (is.na(value)) "NA" else sprintf("%.17g", value)
  rows[[length(rows) + 1]] <<- c(case, key, v)
}
t <- 1:48; T0 <- 25; month <- (t - 1) %% 12 + 1
target <- 10 + (t * 7) %% 5 - ifelse(t >= T0, 2, 0)
control <- 12 + (t * 3) %% 4 + ifelse(t >= T0, 1, 0)
d <- data.frame(y = c(target, control), area = rep(c(1, 0), each = 48),
                post = as.integer(rep(t, 2) >= T0), fm = factor(rep(month, 2)))
f <- y ~ area * post + fm
GC <- glm.control(epsilon = 1e-12, maxit = 200)
# 1 when glm.nb's theta diverges: the iteration limit, a NaN step, or theta > 1e6
diverges <- function(f, data) {
  warned <- ""
  fit <- tryCatch(withCallingHandlers(glm.nb(f, data = data, control = GC),
                    warning = function(w) { warned <<- conditionMessage(w); invokeRestart("muffleWarning") }),
                  error = function(e) NULL)
  as.numeric(is.null(fit) || grepl("limit reached", warned) || fit$theta > 1e6)
}
put("nb", "diverges", diverges(f, d))
# the Poisson model: what the diverging negative binomial tends to
po <- glm(f, family = poisson, data = d, control = GC)
V <- vcov(po); b <- coef(po); z <- qnorm(0.975)
ci <- function(case, g) {
  e <- sum(g * b[names(g)]); se <- sqrt(drop(t(g) %*% V[names(g), names(g)] %*% g))
  put(case, "estimate", exp(e)); put(case, "std_error", se)
  put(case, "conf_low", exp(e - z * se)); put(case, "conf_high", exp(e + z * se))
  put(case, "p_value", 2 * pnorm(-abs(e / se)))
}
ci("did", c(`area:post` = 1))
ci("rr_target", c(post = 1, `area:post` = 1))
ci("rr_control", c(post = 1))

# the single-area ITS of the target: y ~ t + post + tpost + month, the same divergence
s <- data.frame(y = target, tt = t, post = as.integer(t >= T0), tpost = pmax(0, t - T0) * (t >= T0),
                fm = factor(month))
put("its_nb", "diverges", diverges(y ~ tt + post + tpost + fm, s))
poi <- glm(y ~ tt + post + tpost + fm, family = poisson, data = s, control = GC)
se <- sqrt(vcov(poi)["post", "post"])
put("its_level", "estimate", exp(coef(poi)[["post"]])); put("its_level", "std_error", se)
put("its_level", "conf_low", exp(coef(poi)[["post"]] - z * se))
put("its_level", "conf_high", exp(coef(poi)[["post"]] + z * se))

out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/did_negbin.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/did_negbin.csv: %d values\n", nrow(out)))
