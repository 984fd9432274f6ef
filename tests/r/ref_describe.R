#!/usr/bin/env Rscript
# Reference values for descriptives of survey variables: the weighted quantile with
# its Woodruff interval (src/lib/stats/svyquantile.c) and the [describe] sections of
# `trygg run` (src/lib/eval/analyze_describe.c).
#
# Run from the repository root:   Rscript tests/r/ref_describe.R
# Writes
#   tests/data/stats/svyquantile.csv   designs for the unit test (case,y,w,stratum,psu,domain;
#                                      NA = missing / no strata / no clusters)
#   tests/r/values/describe.csv        case,key,value (full precision, NA as NA)
# Both are committed: the test suite never needs R.
#
# Calls (survey 4.1 as in Debian 12):
#   svyquantile(~y, subset(des, domain == k), quantiles = c(.25, .5, .75),
#               qrule = "math", ci = TRUE, na.rm = TRUE)          (= svyby(..., svyquantile))
#   svymean(~y, sub, na.rm = TRUE), sqrt(coef(svyvar(~y, sub, na.rm = TRUE)))
#   quantile(y, type = 7), mean, sd, min, max, on the valid answers
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

rows <- character()
fmt <- function(x) {
  x <- as.numeric(x)
  if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf")
  else sprintf("%.17g", x)
}
put <- function(case, key, value) {
  stopifnot(length(value) == 1)
  rows <<- c(rows, paste(case, key, fmt(value), sep = ","))
}
probs <- c(q1 = .25, median = .5, q3 = .75)

# One domain of a design: every reference number.  `sub` is subset(des, ...): for a
# design without calibration R's subset keeps only the domain's rows (with the strata's
# sample sizes of the whole design, so the estimates are domain estimates), and `y` holds
# the values of those rows in the same order, which is what the formulas ~y below find.
describe_domain <- function(case, des, sub, y) {
  x <- y[!is.na(y)]
  put(case, "n_valid", length(x)); put(case, "n_missing", sum(is.na(y)))
  if (length(x) == 0) return(invisible())
  put(case, "mean", mean(x)); put(case, "sd", if (length(x) > 1) sd(x) else NA)
  put(case, "min", min(x)); put(case, "max", max(x))
  q7 <- quantile(x, probs, type = 7)
  for (k in seq_along(probs)) put(case, paste0("u_", names(probs)[k]), q7[k])
  m <- svymean(~y, sub, na.rm = TRUE)
  put(case, "wmean", coef(m)); put(case, "wmean_se", SE(m))
  put(case, "wsd", if (length(x) > 1) sqrt(coef(svyvar(~y, sub, na.rm = TRUE))) else NA)
  put(case, "df", degf(subset(sub, !is.na(y))))
  q <- svyquantile(~y, sub, quantiles = probs, qrule = "math", ci = TRUE, na.rm = TRUE)$y
  for (k in seq_along(probs)) {
    nm <- names(probs)[k]
    put(case, paste0(nm), q[k, 1]); put(case, paste0(nm, "_lo"), q[k, 2])
    put(case, paste0(nm, "_hi"), q[k, 3]); put(case, paste0(nm, "_se"), q[k, 4])
  }
}

# =============================================================== unit designs
set.seed(20261205)
designs <- list()
# qa: continuous values, weights 1-5, no strata
designs$qa <- data.frame(y = round(rnorm(40, 50, 12), 2), w = round(runif(40, 1, 5), 3),
                         stratum = NA, psu = NA, domain = 0)
# qb: extreme weights (two respondents stand for 1000 each) and missing answers
y <- round(rexp(60, 0.1), 1); y[c(3, 17, 44)] <- NA
w <- round(runif(60, 1, 3), 2); w[c(10, 50)] <- 1000
designs$qb <- data.frame(y = y, w = w, stratum = NA, psu = NA, domain = 0)
# qc: four strata, coded answers 1-5 with many ties, three domains; domain 2 has one
# respondent, domain 3 holds one value only (all equal)
n <- 80
dc <- data.frame(y = sample(1:5, n, TRUE), w = round(runif(n, 0.5, 20), 3),
                 stratum = rep(1:4, each = n / 4), psu = NA, domain = sample(0:1, n, TRUE))
dc$domain[7] <- 2
dc$domain[c(20, 41, 62, 79)] <- 3; dc$y[c(20, 41, 62, 79)] <- 4
dc$y[c(5, 30)] <- NA
designs$qc <- dc
# qd: clusters (PSUs) within strata, two domains
n <- 90
dd <- data.frame(y = round(rgamma(n, 2, 0.3), 2), w = round(runif(n, 2, 9), 2),
                 stratum = rep(1:3, each = 30), psu = rep(1:18, each = 5),
                 domain = sample(0:1, n, TRUE))
dd$y[c(4, 77)] <- NA
designs$qd <- dd
# qe: the smallest value alone carries more than a quarter of the weight
designs$qe <- data.frame(y = c(1, 2, 3, 4, 5, 6), w = c(10, 1, 1, 1, 1, 1),
                         stratum = NA, psu = NA, domain = 0)
# qf: equal weights, p·W falls exactly on a running sum (the "math" rule's x(k))
designs$qf <- data.frame(y = c(4, 1, 3, 2), w = 2.5, stratum = NA, psu = NA, domain = 0)
# qg: two values, weights 1 and 3
designs$qg <- data.frame(y = c(1, 4), w = c(1, 3), stratum = NA, psu = NA, domain = 0)

out <- do.call(rbind, lapply(names(designs), function(nm) cbind(case = nm, designs[[nm]])))
con <- file("tests/data/stats/svyquantile.csv", "w")
writeLines("case,y,w,stratum,psu,domain", con)
writeLines(paste(out$case, vapply(out$y, fmt, ""), vapply(out$w, fmt, ""),
                 vapply(out$stratum, fmt, ""), vapply(out$psu, fmt, ""),
                 vapply(out$domain, fmt, ""), sep = ","), con)
close(con)

for (nm in names(designs)) {
  d <- designs[[nm]]
  des <- if (all(is.na(d$stratum))) svydesign(ids = ~1, weights = ~w, data = d)
         else if (all(is.na(d$psu))) svydesign(ids = ~1, strata = ~stratum, weights = ~w, data = d)
         else svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = d)
  for (k in sort(unique(d$domain))) {
    sub <- subset(des, domain == k)
    case <- paste0(nm, "_d", k)
    r <- tryCatch({ describe_domain(case, des, sub, d$y[d$domain == k]); TRUE },
                  error = function(e) { message(case, ": ", conditionMessage(e)); FALSE })
  }
}
# more probabilities on qa (the C test asks for each)
d <- designs$qa; des <- svydesign(ids = ~1, weights = ~w, data = d)
for (p in c(0.01, 0.1, 0.9, 0.99)) {
  q <- svyquantile(~y, des, quantiles = p, qrule = "math", ci = TRUE)$y
  case <- sprintf("qa_p%02d", round(100 * p))
  put(case, "p", p); put(case, "q", q[1, 1]); put(case, "lo", q[1, 2]); put(case, "hi", q[1, 3])
}
# quantile type 7 with ties, n = 1, all equal, even n
q7 <- list(t1 = c(3, 1, 2, 2, 2, 5, 5, 1), t2 = 7, t3 = c(4, 4, 4), t4 = c(7, 1, 3, 5, 9, 11))
for (nm in names(q7)) for (p in c(0, .1, .25, .5, .75, .9, 1))
  put(nm, sprintf("p%03d", round(1000 * p)), quantile(q7[[nm]], p, type = 7))

# =============================================================== [describe] end to end
# The survey of tests/data/eval_survey (tests/r/ref_eval_survey.R), described by
# tests/e2e/test_describe.c: Q1 (codes 1-4; 8 = Don't know) per wave, in areas 1 and 2,
# overall and by KON.
a <- read.table("tests/data/eval_survey/answers.csv", sep = ";", header = TRUE,
                dec = ",", na.strings = "")
a$v <- ifelse(a$Q1 %in% 1:4, a$Q1, NA)
a$strat <- interaction(a$AR, a$STRATUM, drop = TRUE)
des <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = a)
for (yr in sort(unique(a$AR))) {
  sel <- a$AR == yr & a$OMRADE %in% 1:2
  describe_domain(sprintf("e_%d", yr), des, subset(des, AR == yr & OMRADE %in% 1:2), a$v[sel])
  for (k in sort(unique(a$KON[sel]))) {
    s2 <- sel & a$KON == k
    describe_domain(sprintf("e_%d_kon%d", yr, k), des,
                    subset(des, AR == yr & OMRADE %in% 1:2 & KON == k), a$v[s2])
  }
}

# =============================================================== [describe] of number variables
# The survey of tests/data/numeric (tests/r/ref_numeric.R): TIMMAR (hours with decimals,
# missing code -9, empty = -9) and GGR (times victimised; every answer before 2019 is the
# missing code 98, so those waves have no valid answer), per wave over all areas and by
# area; tests/e2e/test_describe.c.
nd <- read.table("tests/data/numeric/answers.csv", sep = ";", header = TRUE,
                 colClasses = "character", na.strings = character())
numv <- function(x, missing) {
  v <- suppressWarnings(as.numeric(sub(",", ".", x, fixed = TRUE)))
  v[is.na(v) | v %in% missing] <- NA
  v
}
nd$TIMMAR <- numv(nd$TIMMAR, -9)
nd$GGR <- numv(nd$GGR, 98)
nd$AR <- as.integer(nd$AR); nd$OMRADE <- as.integer(nd$OMRADE)
nd$VIKT <- as.numeric(sub(",", ".", nd$VIKT, fixed = TRUE))
nd$strat <- interaction(nd$AR, nd$STRATUM, drop = TRUE)
ndes <- svydesign(ids = ~1, strata = ~strat, weights = ~VIKT, data = nd)
for (v in c("TIMMAR", "GGR")) {
  for (yr in sort(unique(nd$AR))) {
    sel <- nd$AR == yr
    describe_domain(sprintf("n_%s_%d", v, yr), ndes, subset(ndes, AR == yr), nd[[v]][sel])
    for (k in sort(unique(nd$OMRADE))) {
      describe_domain(sprintf("n_%s_%d_a%d", v, yr, k), ndes,
                      subset(ndes, AR == yr & OMRADE == k), nd[[v]][sel & nd$OMRADE == k])
    }
  }
}

writeLines(c("case,key,value", rows), "tests/r/values/describe.csv")
