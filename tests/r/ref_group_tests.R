#!/usr/bin/env Rscript
# Reference values for the unweighted supporting tests of a [survey] section per
# subgroup and for the comparison area (issue 13, item 11: "the unweighted two-group
# tests per subgroup, not only for the target area"), src/lib/eval/survey_group_tests.c,
# checked end to end by tests/e2e/test_eval_survey.c on the survey and spec of
# tests/r/ref_eval_survey.R (tests/data/eval_survey: [survey s1], target areas 1 + 2,
# comparison area 3, before 2017-2018, after 2019-2020, subgroups KON).
#
# Run from the repository root after ref_eval_survey.R:   Rscript tests/r/ref_group_tests.R
# Writes tests/r/values/group_tests.csv (case,key,value).  The test suite never needs R.
d <- read.table("tests/data/eval_survey/answers.csv", sep = ";", header = TRUE,
                na.strings = "", fileEncoding = "UTF-8")
d$Q1[d$Q1 %in% c(8, 9)] <- NA
d$y <- ifelse(is.na(d$Q1), NA, as.numeric(d$Q1 %in% 3:4))
d$period <- ifelse(d$AR <= 2018, "before", "after")

vals <- data.frame(case = character(), key = character(), value = character())
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, x) vals[nrow(vals) + 1, ] <<- c(case, key, fmt(as.numeric(x)))

# after against before within one group of respondents
tests <- function(case, rows) {
  x <- d[rows & !is.na(d$y), ]
  ya <- x$y[x$period == "after"]; yb <- x$y[x$period == "before"]
  put(case, "n", nrow(x))
  pt <- prop.test(c(sum(ya), sum(yb)), c(length(ya), length(yb)), correct = FALSE)
  put(case, "chisq_statistic", pt$statistic); put(case, "chisq_p", pt$p.value)
  put(case, "diff", mean(ya) - mean(yb))
  qa <- x$Q1[x$period == "after"]; qb <- x$Q1[x$period == "before"]
  wt <- wilcox.test(qa, qb, exact = FALSE, correct = TRUE)
  put(case, "mw_statistic", wt$statistic); put(case, "mw_p", wt$p.value)
  put(case, "mw_estimate", wt$statistic / (length(qa) * length(qb)))
  lv <- sort(unique(c(qa, qb)))
  ct <- suppressWarnings(chisq.test(cbind(table(factor(qa, lv)), table(factor(qb, lv))),
                                    correct = FALSE))
  put(case, "kx2_statistic", ct$statistic); put(case, "kx2_p", ct$p.value)
  put(case, "cliff", mean(outer(qa, qb, ">")) - mean(outer(qa, qb, "<")))
  c(pt$p.value, wt$p.value)
}
target <- d$OMRADE %in% 1:2
p_man <- tests("s1.KON.Man", target & d$KON == 1)
p_kvinna <- tests("s1.KON.Kvinna", target & d$KON == 2)
# Holm and BH over the groups published (the three "Annat" respondents and, to protect
# them, the men are withheld by the disclosure control: the family is the women alone)
put("s1.KON.Kvinna", "chisq_p_holm", p.adjust(p_kvinna[1], "holm"))
invisible(tests("s1.comparison", d$OMRADE == 3))

write.csv(vals, "tests/r/values/group_tests.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(vals), "reference values\n")
