#!/usr/bin/env Rscript
# Reference values for the bootstrap interval of Cliff's delta in the supporting tests
# per group of a [survey] section (src/lib/eval/analyze_survey.c, group_cliff_interval):
# after against before within one subgroup (or in the comparison area), with the design
# bootstrap of a [compare] pair (survey_boot.h, stats/codetab.h) over the before and
# after waves: the primary sampling units (PSUs) resampled within their strata, or
# without clusters the respondents within theirs.  Strata and PSUs are per wave (a wave
# is its own sample), so the two periods are resampled independently.  Units with
# neither group's answers (other groups, other areas, no answer) are drawn too.
#     b <- boot(units, stat, R, strata = units$strat)      # one row per unit: its counts
#     boot.ci(b, type = c("perc", "bca"), L = empinf(b, type = "jack"))
# R's random numbers are not trygg's: the C tests compare delta exactly, and the
# bootstrap SE and the interval ends within Monte-Carlo error.
#
# Run from the repository root (needs r-cran-boot):   Rscript tests/r/ref_survey_group_boot.R
# Reads tests/data/eval_survey/answers.csv (no clusters; [survey s1] of its spec.ini) and
# tests/data/compare/answers.csv (clusters; tests/data/compare/survey_groups.ini); writes
# tests/r/values/survey_group_boot.csv (case,key,value).  Checked by
# tests/e2e/test_eval_survey.c (cases s1.*) and tests/e2e/test_compare.c (cases kon.*).
source("tests/r/design_boot.R") # library(boot), the seed, R, put(), cliffc(), run()

# [survey s1] of tests/data/eval_survey/spec.ini: target areas 1 + 2, comparison area 3,
# before 2017-2018, after 2019-2020, subgroups KON; strata per wave, no clusters.
d <- read.table("tests/data/eval_survey/answers.csv", sep = ";", header = TRUE,
                na.strings = "", fileEncoding = "UTF-8")
d <- d[d$AR %in% 2017:2020, ]
d$x <- ifelse(d$Q1 %in% 1:4, d$Q1, NA)
d$strat <- paste(d$AR, d$STRATUM)
after <- d$AR >= 2019
target <- d$OMRADE %in% 1:2
rows <- seq_len(nrow(d))
side <- function(sel) ifelse(sel & after, "a", ifelse(sel & !after, "b", "none"))
run("s1.KON.Kvinna", rows, d$strat, d$x, side(target & d$KON %in% 2))
run("s1.KON.Man", rows, d$strat, d$x, side(target & d$KON %in% 1))
run("s1.comparison", rows, d$strat, d$x, side(d$OMRADE %in% 3))

# [survey kon] of tests/data/compare/survey_groups.ini: every area, before 2018, after
# 2019, subgroups KON; PSUs (KLUSTER) within strata, both per wave.
d <- read.csv2("tests/data/compare/answers.csv", encoding = "UTF-8")
d <- d[d$AR %in% 2018:2019, ]
d$x <- ifelse(d$Q1 %in% 1:4, d$Q1, NA)
d$strat <- paste(d$AR, d$STRATUM)
d$unit <- paste(d$AR, d$KLUSTER)
after <- d$AR == 2019
run("kon.KON.Man", d$unit, d$strat, d$x, side(d$KON %in% 1))
run("kon.KON.Kvinna", d$unit, d$strat, d$x, side(d$KON %in% 2))

con <- file("tests/r/values/survey_group_boot.csv", "w")
writeLines("case,key,value", con)
writeLines(vals, con)
close(con)
cat("wrote", length(vals), "reference values\n")
