#!/usr/bin/env Rscript
# Reference values for contrasts between survey domains (src/lib/stats/survey.c,
# svy_acc_contrast: the contrast from the accumulator's cells, without the rows).
#
# Run from the repository root:   Rscript tests/r/ref_survey_contrast.R
# Reads tests/data/stats/survey.csv (written by ref_survey_stats.R) and writes
# tests/r/values/survey_contrast.csv (header case,key,value).  The test suite never
# needs R.
#
#   b <- svyby(~y, ~domain, des, svymean, na.rm = TRUE, covmat = TRUE)
#   svycontrast(b, coef)        the contrast and its linearised standard error
# svyby(covmat = TRUE) stops on missing answers ("number of items to replace"), so the
# contrast is linearised as svycontrast does it: u_i = Σ_k c_k 1[i in k] (y_i − m_k)/W_k
# (0 for a missing y or a row in no domain) and SE(svytotal(~u, des)); where no answer
# is missing the script checks that this equals svycontrast(svyby(...)).
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

d_all <- read.csv("tests/data/stats/survey.csv")
rows <- character()
put <- function(case, key, value)
  rows <<- c(rows, sprintf("%s,%s,%s", case, key,
                           if (is.na(value)) "NA" else sprintf("%.17g", value)))
cases <- list(s_srs = c(FALSE, FALSE), s_strat = c(TRUE, FALSE), s_clus = c(TRUE, TRUE),
              s_clus_nost = c(FALSE, TRUE), s_normw = c(TRUE, FALSE),
              s_lonely = c(TRUE, TRUE), s_const = c(TRUE, FALSE), s_shift = c(TRUE, TRUE),
              s_shift1 = c(TRUE, FALSE))
for (nm in names(cases)) {
  d <- d_all[d_all$case == nm, ]
  st <- cases[[nm]][1]; cl <- cases[[nm]][2]
  des <- svydesign(ids = if (cl) ~psu else ~1, strata = if (st) ~stratum else NULL,
                   weights = ~w, data = d)
  K <- max(d$domain)
  ok <- !is.na(d$y)
  m <- sapply(1:K, function(k) {
    r <- tryCatch(svymean(~y, subset(des, domain == k), na.rm = TRUE), error = function(e) e)
    if (inherits(r, "error")) NA else coef(r)
  })
  W <- sapply(1:K, function(k) sum(d$w[ok & d$domain == k]))
  # after - before (domain 2 - domain 1), and with three domains 1 - 2 * 2 + 3
  co <- list(diff = c(-1, 1, rep(0, K - 2)))
  if (K >= 3) co$curve <- c(1, -2, 1, rep(0, K - 3))
  for (k in names(co)) {
    cf <- co[[k]]
    u <- ifelse(ok, cf[d$domain] * (d$y - m[d$domain]) / W[d$domain], 0)
    des_u <- update(des, u = u)
    s <- tryCatch(svytotal(~u, des_u), error = function(e) e)
    if (inherits(s, "error")) {
      message(nm, ": ", conditionMessage(s))
      stopifnot(grepl("one PSU", conditionMessage(s)))
      put(nm, "lonely", 1)
      break
    }
    put(nm, paste0(k, "_est"), sum(cf * m)); put(nm, paste0(k, "_se"), SE(s))
    if (all(ok)) {
      b <- svyby(~y, ~domain, des, svymean, covmat = TRUE)
      sc <- svycontrast(b, cf)
      stopifnot(abs(coef(sc) - sum(cf * m)) < 1e-12 * max(1, abs(coef(sc))),
                abs(SE(sc) - SE(s)) < 1e-10 * SE(s))
    }
  }
}
writeLines(c("case,key,value", rows), "tests/r/values/survey_contrast.csv")
