# Reference values for tests/e2e/test_eval_bootstrap.c: the bootstrap interval of
# Cliff's delta that `trygg run` reports for the supporting tests of [survey s1] in
# tests/data/eval_survey/spec.ini (target areas Mål A + Mål B, Q1 on its 1-4 scale,
# before 2017-2018 against after 2019-2020, unweighted), computed with R's boot.
#   Rscript tests/r/ref_eval_bootstrap.R          (from the repository root)
# Needs r-cran-boot (apt-get install r-cran-boot); the C test does not need R.
# R's random numbers are not trygg's: the C test compares the interval ends within a
# few Monte-Carlo standard errors, and the estimate and the acceleration exactly.
suppressPackageStartupMessages(library(boot))
rows <- list()
put <- function(case, key, value) rows[[length(rows) + 1]] <<- c(case, key, sprintf("%.17g", value))

d <- read.csv2("tests/data/eval_survey/answers.csv")
d <- d[d$OMRADE %in% c(1, 2) & d$Q1 %in% 1:4 & d$AR %in% 2017:2020, ]
d$g <- ifelse(d$AR >= 2019, 2, 1) # 2 = after
# Cliff's delta P(after > before) - P(after < before), from the counts per code
cliff <- function(x, g) {
  a <- tabulate(x[g == 2], 4); b <- tabulate(x[g == 1], 4)
  below_b <- cumsum(c(0, b))[1:4]        # before answers lower than each code
  above_b <- sum(b) - cumsum(b)          # before answers higher than each code
  (sum(a * below_b) - sum(a * above_b)) / (sum(a) * sum(b))
}
t0 <- cliff(d$Q1, d$g)
put("s1_cliff", "estimate", t0)
put("s1_cliff", "n_after", sum(d$g == 2)); put("s1_cliff", "n_before", sum(d$g == 1))
set.seed(20181101)
b <- boot(d, function(dd, i) cliff(dd$Q1[i], dd$g[i]), R = 20000, strata = d$g)
L <- empinf(b, type = "jack")
ci <- boot.ci(b, type = c("perc", "bca"), L = L)
put("s1_cliff", "se", sd(b$t[, 1]))
put("s1_cliff", "perc_lo", ci$percent[4]); put("s1_cliff", "perc_hi", ci$percent[5])
put("s1_cliff", "bca_lo", ci$bca[4]); put("s1_cliff", "bca_hi", ci$bca[5])
put("s1_cliff", "a", sum(L^3) / (6 * sum(L^2)^1.5))

out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/eval_bootstrap.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/eval_bootstrap.csv: %d values\n", nrow(out)))
