#!/usr/bin/env Rscript
# Reference values for the finite population correction (issue 13, item 8):
# svydesign(ids = ~1 or ~psu, strata = ~stratum, weights = ~w, fpc = ~N), then svymean
# (with deff), svyciprop(method = "logit") and svyby domains, as src/lib/stats/survey.c
# computes them with svy_acc_set_population().
#
# Run from the repository root:   Rscript tests/r/ref_survey_fpc.R
# Writes tests/r/values/survey_fpc.csv (case,key,value) and tests/data/stats/survey_fpc.csv
# (case,y,w,stratum,psu,N,domain; N is the population size of the row's stratum: people
# without clusters, PSUs with clusters).  Both are committed: the tests never need R.
# Needs r-base-core and r-cran-survey.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

out_csv  <- "tests/r/values/survey_fpc.csv"
data_dir <- "tests/data/stats"
rows <- list()
fmt <- function(x) { x <- as.numeric(x)
  if (is.na(x)) "NA" else if (is.infinite(x)) (if (x > 0) "Inf" else "-Inf") else sprintf("%.17g", x) }
put <- function(case, key, value) { stopifnot(length(value) == 1)
  rows[[length(rows) + 1]] <<- c(case, key, fmt(value)) }

svy_one <- function(nm, pre, des) {
  m <- tryCatch(svymean(~y, des, na.rm = TRUE, deff = TRUE), error = function(e) e)
  if (inherits(m, "error")) { put(nm, paste0(pre, "_error"), 1); return(invisible()) }
  y <- des$variables$y
  put(nm, paste0(pre, "_n_valid"), sum(!is.na(y)))
  put(nm, paste0(pre, "_mean"), coef(m)); put(nm, paste0(pre, "_se"), SE(m))
  put(nm, paste0(pre, "_lo"), confint(m)[1]); put(nm, paste0(pre, "_hi"), confint(m)[2])
  put(nm, paste0(pre, "_deff"), suppressWarnings(deff(m)))
  put(nm, paste0(pre, "_df"), degf(des))
  yy <- y[!is.na(y)]
  if (all(yy %in% c(0, 1)) && mean(yy) > 0 && mean(yy) < 1 && degf(des) > 0) {
    ci <- svyciprop(~y, des, method = "logit", na.rm = TRUE)
    put(nm, paste0(pre, "_ci_lo"), attr(ci, "ci")[1]); put(nm, paste0(pre, "_ci_hi"), attr(ci, "ci")[2])
  }
}
# weights = NULL: R derives them from the fpc (N_h / n_h); they are written to the data
# file so that the C test gives the same weights.
fpc_case <- function(nm, d, strata, clus, weighted = TRUE) {
  des <- tryCatch(svydesign(ids = if (clus) ~psu else ~1, strata = if (strata) ~stratum else NULL,
                            weights = if (weighted) ~w else NULL, fpc = ~N, data = d),
                  error = function(e) e)
  put(nm, "has_strata", strata); put(nm, "clustered", clus); put(nm, "n_domains", max(d$domain))
  if (inherits(des, "error")) {
    stopifnot(grepl("FPC implies >100% sampling", conditionMessage(des)))
    put(nm, "design_error", 1)
    return(d)
  }
  d$w <- weights(des)
  svy_one(nm, "all", des)
  for (k in 1:max(d$domain)) svy_one(nm, paste0("d", k), subset(des, domain == k))
  # without the fpc, for the size of the correction
  des0 <- svydesign(ids = if (clus) ~psu else ~1, strata = if (strata) ~stratum else NULL,
                    weights = ~w, data = d)
  se0 <- tryCatch(SE(svymean(~y, des0, na.rm = TRUE)), error = function(e) NA)
  put(nm, "all_se_nofpc", se0)
  d
}

set.seed(1313)
cases <- list()
# stratified, ids = ~1, sampling fractions 10-50 % (a Swedish area survey)
n <- 240; st <- sample(1:4, n, TRUE, prob = c(.4, .3, .2, .1))
Nst <- c(600, 900, 100, 48)
d <- data.frame(y = replace(rbinom(n, 1, 0.2 + 0.08 * st), sample(n, 12), NA), w = NA,
                stratum = st, psu = NA, N = Nst[st], domain = sample(1:3, n, TRUE))
d$w <- d$N / ave(d$y, d$stratum, FUN = length) * round(runif(n, 0.8, 1.2), 3)
cases$f_strat <- list(d = d, st = TRUE, cl = FALSE)
# the same without weights: R's weights are N_h / n_h
d2 <- d; d2$w <- NA
cases$f_strat_noweight <- list(d = d2, st = TRUE, cl = FALSE, weighted = FALSE)
# continuous outcome, no strata: one population size
n <- 80
d <- data.frame(y = round(rnorm(n, 42, 12), 1), w = 2.5, stratum = NA, psu = NA, N = 200,
                domain = sample(1:2, n, TRUE))
cases$f_srs <- list(d = d, st = FALSE, cl = FALSE)
# clusters within strata: N = PSUs in the population stratum
mk_clus <- function(npsu) {
  out <- list(); p <- 0
  for (h in seq_along(npsu)) for (j in seq_len(npsu[h])) {
    p <- p + 1; m <- sample(5:12, 1); eff <- rnorm(1, 0, 0.7)
    out[[p]] <- data.frame(y = rbinom(m, 1, plogis(-0.3 + eff)), stratum = h, psu = p)
  }
  do.call(rbind, out)
}
d <- mk_clus(c(4, 5, 3)); n <- nrow(d)
d$N <- c(10, 40, 6)[d$stratum]; d$w <- round(runif(n, 5, 30), 2); d$psu <- d$psu
d$domain <- sample(1:2, n, TRUE); d$y[sample(n, 4)] <- NA
cases$f_clus <- list(d = d[, c("y", "w", "stratum", "psu", "N", "domain")], st = TRUE, cl = TRUE)
# a stratum sampled completely (census, f = 0) with a single PSU: no lonely-PSU error in R
d <- mk_clus(c(3, 1, 4)); n <- nrow(d)
d$N <- c(9, 1, 4)[d$stratum]; d$w <- round(runif(n, 2, 9), 2)
d$domain <- ifelse(d$stratum == 2, 2, sample(1:2, n, TRUE))
cases$f_census <- list(d = d[, c("y", "w", "stratum", "psu", "N", "domain")], st = TRUE, cl = TRUE)
# every stratum sampled completely: SE exactly 0
n <- 30; st <- rep(1:2, each = 15)
d <- data.frame(y = rbinom(n, 1, 0.5), w = 1, stratum = st, psu = NA, N = 15, domain = 1)
cases$f_full <- list(d = d, st = TRUE, cl = FALSE)
# the population smaller than the sample: an error in R and in trygg
d <- data.frame(y = c(1, 0, 1, 1, 0), w = 1, stratum = c(1, 1, 1, 2, 2), psu = NA, N = c(2, 2, 2, 10, 10),
                domain = 1)
cases$f_small <- list(d = d, st = TRUE, cl = FALSE)
# a huge population: the correction is negligible, SE ~ the with-replacement SE
n <- 50; d <- data.frame(y = round(runif(n, 1, 4)), w = 1e5, stratum = NA, psu = NA, N = 5e6,
                         domain = sample(1:2, n, TRUE))
cases$f_large <- list(d = d, st = FALSE, cl = FALSE)

out <- list()
for (nm in names(cases)) {
  cs <- cases[[nm]]
  out[[nm]] <- cbind(case = nm, fpc_case(nm, cs$d, cs$st, cs$cl, if (is.null(cs$weighted)) TRUE else cs$weighted))
}
allrows <- do.call(rbind, out)
con <- file(file.path(data_dir, "survey_fpc.csv"), "w")
writeLines("case,y,w,stratum,psu,N,domain", con)
cols <- lapply(allrows[, c("y", "w", "stratum", "psu", "N", "domain")], function(v) vapply(v, fmt, ""))
writeLines(paste(allrows$case, do.call(paste, c(cols, sep = ",")), sep = ","), con)
close(con)

# a contrast of two domains with the fpc (svyby + svycontrast), for the eval layer tests
des <- svydesign(ids = ~1, strata = ~stratum, weights = ~w, fpc = ~N, data = cases$f_strat$d)
b <- svyby(~y, ~domain, subset(des, !is.na(y)), svymean, covmat = TRUE)
ct <- svycontrast(b, c(-1, 1, 0))
put("f_strat", "contrast_d2_d1", coef(ct)); put("f_strat", "contrast_d2_d1_se", SE(ct))

con <- file(out_csv, "w")
writeLines("case,key,value", con)
writeLines(vapply(rows, paste, "", collapse = ","), con)
close(con)
cat("wrote", out_csv, "with", length(rows), "values\n")
