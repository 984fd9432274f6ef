# Data and reference values for tests/e2e/test_xc_rows.c: the rows `make crosscheck`
# used to mirror without judging (docs/crosscheck.md).
#   Rscript tests/r/ref_xc_rows.R          (from the repository root)
# Writes tests/data/xcrows/answers.csv (the codebook is hand-written) and
# tests/r/values/xc_rows.csv (case,key,value).
#
# Survey "xcrows", waves 2018 and 2019, areas 1 = Mål, 2 = Annan, weights VIKT; KON
# declares 3 = Annat, which nobody has.
#   N1  whole numbers 0-7 with many ties: Mann-Whitney of the whole target, after
#       against before, as METHODS.md prescribes (wilcox.test, exact = FALSE,
#       correct = TRUE; unweighted, like the subgroups' and [compare]'s rows)
#   N2  decimals, more distinct values than 64 (the path over the answers themselves)
#   N3  everyone answers 3: every value tied, no test (R: p NaN)
#   Q1  indicator: a [trend] over the two waves has no trend test; the change between
#       them (svydiff vs_baseline) is the contrast R's svycontrast gives; R's svyglm
#       over two waves gives only that change on the log-odds scale (recorded here)
suppressPackageStartupMessages(library(survey))
rows <- list()
put <- function(case, key, value) {
  v <- if (is.na(value)) "NA" else sprintf("%.17g", value)
  rows[[length(rows) + 1]] <<- c(case, key, v)
}
dir <- "tests/data/xcrows"
set.seed(20261206)
d <- do.call(rbind, lapply(2018:2019, function(yr) {
  n <- if (yr == 2018) 70 else 83
  area <- rep(1:2, length.out = n)
  data.frame(AR = yr, OMRADE = area, KON = sample(1:2, n, TRUE),
             VIKT = round(exp(rnorm(n, 0, 0.5)), 3),
             Q1 = sample(1:4, n, TRUE, prob = if (yr == 2018) c(.3, .3, .25, .15) else c(.35, .35, .2, .1)),
             N1 = sample(0:7, n, TRUE, prob = if (yr == 2018) c(3, 3, 2, 2, 1, 1, 1, 1) else c(2, 2, 2, 2, 2, 1, 1, 1)),
             N2 = round(rexp(n, if (yr == 2018) 1 / 9 else 1 / 11), 2),
             N3 = 3)
}))
d$N1[c(5, 77)] <- 99            # "Vet ej": left out
d$N2[d$N2 > 80] <- 80
d$Q1[c(3, 90)] <- 9
d$LOPNR <- seq_len(nrow(d))
d <- d[, c("LOPNR", "AR", "OMRADE", "KON", "VIKT", "Q1", "N1", "N2", "N3")]
write.table(d, file.path(dir, "answers.csv"), sep = ";", row.names = FALSE, quote = FALSE)

tgt <- d[d$OMRADE == 1, ]
mw <- function(case, x) {
  a <- tgt[[x]][tgt$AR == 2019]; b <- tgt[[x]][tgt$AR == 2018]
  a <- a[a != 99]; b <- b[b != 99]
  wt <- suppressWarnings(wilcox.test(a, b, exact = FALSE, correct = TRUE))
  put(case, "estimate", wt$statistic[[1]] / (length(a) * length(b)))
  put(case, "statistic", wt$statistic[[1]])
  put(case, "p_value", wt$p.value)
  put(case, "n", length(a) + length(b))
  put(case, "distinct", length(unique(c(a, b))))
}
mw("n1_mw", "N1")
mw("n2_mw", "N2")
mw("n3_mw", "N3")

# the two-wave trend of Q1 (share unsafe, codes 3-4) over both areas
# (the domains of one design over every respondent, each wave a stratum as trygg
# designs a survey of several waves: a missing answer is in neither domain)
dd <- transform(d, y = as.numeric(Q1 %in% 3:4), cell = factor(ifelse(Q1 == 9, ".none", AR)))
dall <- svydesign(ids = ~1, strata = ~AR, weights = ~VIKT, data = dd)  # each wave its own sample
bc <- svyby(~y, ~cell, dall, svymean, covmat = TRUE)
s <- svycontrast(bc, c(`2018` = -1, `2019` = 1, .none = 0))
des <- subset(dall, Q1 != 9)
b <- svyby(~y, ~AR, des, svymean)
put("q1_vs_baseline", "estimate", coef(s)[[1]])
put("q1_vs_baseline", "std_error", SE(s)[[1]])
put("q1_vs_baseline", "conf_low", coef(s)[[1]] - qnorm(0.975) * SE(s)[[1]])
put("q1_vs_baseline", "conf_high", coef(s)[[1]] + qnorm(0.975) * SE(s)[[1]])
# svyglm over two waves: its slope is exactly the log odds ratio between them (a line
# through two points), with df = n - 2 — no evidence of a trend beyond the change
g <- svyglm(y ~ AR, des, family = quasibinomial())
p <- coef(b)
put("q1_svyglm_two", "slope", coef(g)[[2]])
put("q1_svyglm_two", "log_odds_ratio", qlogis(p[[2]]) - qlogis(p[[1]]))

out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/xc_rows.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/xc_rows.csv: %d values\n", nrow(out)))
