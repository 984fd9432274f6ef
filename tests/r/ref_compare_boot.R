#!/usr/bin/env Rscript
# Reference values for the bootstrap interval of Cliff's delta in [compare] sections
# (src/lib/eval/survey_boot.c): the design bootstrap that resamples the primary
# sampling units (PSUs) within their strata, or without clusters the respondents
# within their strata, over every unit of the waves compared (units with neither
# group's answers are drawn too), computed with R's boot:
#     b <- boot(units, stat, R, strata = units$strat)      # one row per PSU: its counts
#     boot.ci(b, type = c("perc", "bca"), L = empinf(b, type = "jack"))
# R's random numbers are not trygg's: the C tests compare delta and the acceleration a
# (deterministic: the jackknife) exactly, and the bootstrap SE and the interval ends
# within Monte-Carlo error.
#
# Run from the repository root (needs r-cran-boot):   Rscript tests/r/ref_compare_boot.R
# Reads tests/data/compare/answers.csv (written by ref_compare.R); writes
# tests/r/values/compare_boot.csv (case,key,value).  Checked by tests/e2e/test_compare.c
# (cases centre, pooled) and tests/unit/test_survey_groups.c (cases unit_*).
source("tests/r/design_boot.R") # library(boot), the seed, R, put(), cliffc(), run()

d <- read.csv2("tests/data/compare/answers.csv", encoding = "UTF-8")
d$x <- ifelse(d$Q1 %in% 1:4, d$Q1, NA)
d$strat <- paste(d$AR, d$STRATUM)
# [compare centre]: Åkersberga centrum (area 1) against the rest, 2019, Q1 on its scale
w <- d[d$AR == 2019, ]
run("centre", w$KLUSTER, w$strat, w$x, ifelse(w$OMRADE == 1, "a", "b"))
# [compare pooled]: 2018 and 2019 pooled, men (1) against women (2)
w <- d[d$AR %in% 2018:2019, ]
run("pooled", w$KLUSTER, w$strat, w$x, ifelse(w$KON == 1, "a", ifelse(w$KON == 2, "b", "none")))

# unit (test_survey_groups.c): twelve rows, two strata, six PSUs; A against B, C and
# "none" are everyone else; answers on a 1-4 scale (one without an answer)
u <- data.frame(h = c(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2),
                psu = c(1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6),
                g = c("a", "b", "a", "b", "a", "none", "b", "a", "b", "a", "b", "C"),
                x = c(4, 1, 3, 2, 2, NA, 1, 3, 2, 4, 1, 2))
run("unit_psu", u$psu, u$h, u$x, u$g)
run("unit_rows", seq_len(nrow(u)), u$h, u$x, u$g)

con <- file("tests/r/values/compare_boot.csv", "w")
writeLines("case,key,value", con)
writeLines(vals, con)
close(con)
cat("wrote", length(vals), "reference values\n")
