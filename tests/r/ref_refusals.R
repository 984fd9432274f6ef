# Data and reference values for tests/e2e/test_refusals.c: the inputs trygg must
# refuse, or only partly estimate, in the user's words (issue 13, items 2-5 and 7).
#   Rscript tests/r/ref_refusals.R          (from the repository root)
# Writes tests/data/refusals/{answers,answers_psu}.csv (the codebooks and specs next
# to them are hand-written) and tests/r/values/refusals.csv (case,key,value).
#
# Survey "reftest" (no strata), waves 2017-2019, areas 1 = Mål, 2 = Jämför:
#   Q1  varied answers; Jämför has no respondents in 2019 (an empty group);
#   Q2  everyone answers 2 = "Ganska trygg": every answer tied (Mann-Whitney), and the
#       weighted share unsafe is exactly 0 (SE 0, no logit interval);
#   Q3  nobody unsafe in 2017 and 2018, everybody in 2019: perfect separation in the
#       trend over the three years.
# Survey "psutest" (stratum column STRATUM): stratum "Norr" has one respondent in 2019.
suppressPackageStartupMessages(library(survey))
rows <- list()
put <- function(case, key, value) {
  v <- if (is.na(value)) "NA" else sprintf("%.17g", value)
  rows[[length(rows) + 1]] <<- c(case, key, v)
}
dir <- "tests/data/refusals"

d <- do.call(rbind, lapply(2017:2019, function(yr) {
  n_m <- 12; n_j <- if (yr == 2019) 0 else 8
  area <- c(rep(1, n_m), rep(2, n_j)); n <- length(area); i <- seq_len(n)
  data.frame(AR = yr, OMRADE = area, KON = (i %% 2) + 1, VIKT = 1 + (i %% 3),
             Q1 = ((i + yr) %% 4) + 1, Q2 = 2, Q3 = if (yr == 2019) 4 else 1)
}))
d$LOPNR <- seq_len(nrow(d))
d <- d[, c("LOPNR", "AR", "OMRADE", "KON", "VIKT", "Q1", "Q2", "Q3")]
write.table(d, file.path(dir, "answers.csv"), sep = ";", row.names = FALSE, quote = FALSE)

# Q2: the weighted share unsafe (codes 3, 4) in Mål 2018 is exactly 0 with SE 0 (svymean);
# R's svyciprop(method = "logit") fits a GLM that does not converge and returns a
# meaningless interval around 2e-11, which is why trygg gives none.
m18 <- subset(d, AR == 2018 & OMRADE == 1)
des <- svydesign(ids = ~1, weights = ~VIKT, data = transform(m18, u = as.numeric(Q2 %in% 3:4)))
sm <- svymean(~u, des)
put("q2_before", "estimate", coef(sm)[[1]]); put("q2_before", "std_error", SE(sm)[[1]])
ci <- suppressWarnings(attr(svyciprop(~u, des, method = "logit"), "ci"))
put("q2_before", "logit_interval_meaningless", as.numeric(ci[[2]] < 1e-8))
# Mann-Whitney with every answer tied: W = n1 n2 / 2, no test (R: p-value NaN)
m19 <- subset(d, AR == 2019 & OMRADE == 1)
wt <- suppressWarnings(wilcox.test(m19$Q2, m18$Q2, exact = FALSE, correct = TRUE))
put("q2_mw", "statistic", wt$statistic[[1]]); put("q2_mw", "p_worse", wt$statistic[[1]] / (nrow(m19) * nrow(m18)))
put("q2_mw", "p_is_nan", as.numeric(is.nan(wt$p.value)))
# Q3: glm over the years warns of perfect separation ("fitted probabilities numerically
# 0 or 1 occurred"); the slope is meaningless
agg <- aggregate(cbind(x = Q3 %in% 3:4, n = 1) ~ AR, data = d, FUN = sum)
sep <- FALSE
fit <- withCallingHandlers(glm(cbind(x, n - x) ~ AR, family = binomial, data = agg),
                    warning = function(w) { sep <<- TRUE; invokeRestart("muffleWarning") })
put("q3_trend", "separation_warning", as.numeric(sep))

# Survey with strata: "Norr" has one respondent in 2019
p <- do.call(rbind, lapply(2018:2019, function(yr) {
  n_s <- 10; n_n <- if (yr == 2019) 1 else 3
  st <- c(rep("Syd", n_s), rep("Norr", n_n)); i <- seq_along(st)
  data.frame(AR = yr, OMRADE = 1, STRATUM = st, VIKT = 1 + (i %% 2), Q1 = ((i * 3 + yr) %% 4) + 1)
}))
p$LOPNR <- seq_len(nrow(p))
p <- p[, c("LOPNR", "AR", "OMRADE", "STRATUM", "VIKT", "Q1")]
write.table(p, file.path(dir, "answers_psu.csv"), sep = ";", row.names = FALSE, quote = FALSE)
p19 <- subset(p, AR == 2019)
err <- tryCatch({
  svymean(~u, svydesign(ids = ~1, strata = ~STRATUM, weights = ~VIKT,
                        data = transform(p19, u = as.numeric(Q1 %in% 3:4))))
  ""
}, error = function(e) conditionMessage(e))
put("psu", "r_refuses", as.numeric(grepl("has only one PSU", err)))

out <- do.call(rbind, rows)
colnames(out) <- c("case", "key", "value")
write.csv(out, "tests/r/values/refusals.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("wrote tests/r/values/refusals.csv: %d values\n", nrow(out)))
