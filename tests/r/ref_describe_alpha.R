#!/usr/bin/env Rscript
# Reference values for Cronbach's alpha of a codebook item group in a [describe]
# section (src/lib/eval/describe_alpha.c), checked by tests/e2e/test_describe_alpha.c.
#
# Run from the repository root:   Rscript tests/r/ref_describe_alpha.R
# Writes (all committed: the test suite never needs R)
#   tests/data/describe_alpha/codebook.ini, answers.csv   the survey
#   tests/r/values/describe_alpha.csv                     case,key,value
#
# The survey: three waves, areas 1-3; items I1, I2 (reversed = yes: a higher code is
# better), I3 in the group `idx`, I4 in the group `other` (alone in the section: no
# alpha), X without a group.  Missing answers ("Vet ej" 9, empty) scattered, so the
# covariances are pairwise; in 2018 I3 has one answer only (no variance: left out, alpha
# of the two others); 2019 has 3 respondents in the areas (withheld at --min-cell 5);
# a respondent without any item answer is not a row.
#
# psych::alpha(x, keys = "I2") with its defaults (psych is not in Debian; its formulas):
#   C = cov(x, use = "pairwise"), R = cov2cor(C), k items with variance
#   raw = k/(k-1) (1 - tr C / sum C), std = k/(k-1) (1 - k / sum R)
#   ase = sqrt(Q / nrow(x)), Q = 2k^2/((k-1)^2 (sum C)^3) (sum C (tr C^2 + (tr C)^2) - 2 tr C sum(C C))
# keys turns I2 round (max + min - x); alpha is the same with -x, which trygg uses.
set.seed(20261206)
dir.create("tests/data/describe_alpha", showWarnings = FALSE)
n <- c(`2017` = 40, `2018` = 30, `2019` = 3)
rows <- list(); id <- 0
for (w in names(n)) for (i in seq_len(n[[w]])) {
  id <- id + 1
  z <- rnorm(1)
  item <- function(s) pmin(4, pmax(1, round(2.5 + s * z + rnorm(1, 0, 0.9))))
  i1 <- item(0.8); i2 <- 5 - item(0.7); i3 <- item(0.5); i4 <- item(0.6); x <- item(0.2)
  if (runif(1) < 0.1) i1 <- 9
  if (runif(1) < 0.1) i2 <- NA
  if (w == "2018") i3 <- if (i == 1) 3 else NA
  rows[[length(rows) + 1]] <- data.frame(id = id, ar = as.integer(w), omrade = if (w == "2019") 1 else sample(1:3, 1, prob = c(0.5, 0.3, 0.2)),
                                         vikt = 1, I1 = i1, I2 = i2, I3 = i3, I4 = i4, X = x)
}
d <- do.call(rbind, rows)
# one respondent in area 1 of 2017 answers none of the items
d[d$ar == 2017 & d$omrade == 1, c("I1", "I2", "I3")][1, ] <- c(9, NA, NA)
# area 3 is outside the section
out <- d; for (v in c("I1", "I2", "I3", "I4", "X")) out[[v]] <- ifelse(is.na(d[[v]]), "", d[[v]])
write.table(out, "tests/data/describe_alpha/answers.csv", sep = ";", row.names = FALSE, quote = FALSE)
q <- function(id, extra) c(sprintf("[question %s]", id), sprintf("text.en = Item %s", id),
                           "value.1 = Aldrig | Never", "value.2 = Sällan | Rarely", "value.3 = Ofta | Often",
                           "value.4 = Alltid | Always", "missing.9 = Vet ej | Don't know", extra, "")
writeLines(c("; written by tests/r/ref_describe_alpha.R", "[survey]", "id = alphatest", "title.en = Alpha test", "",
             "[columns]", "respondent = id", "wave = ar", "area = omrade", "weight = vikt", "",
             "[area]", "value.1 = Norr", "value.2 = Söder", "value.3 = Väster", "",
             q("I1", "group = idx"), q("I2", c("group = idx", "reversed = yes")), q("I3", "group = idx"),
             q("I4", "group = other"), q("X", character())),
           "tests/data/describe_alpha/codebook.ini")

rows <- character()
fmt <- function(x) if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(case, key, value) rows <<- c(rows, paste(case, key, fmt(value), sep = ","))
alpha_psych <- function(x) {
  C <- cov(x, use = "pairwise.complete.obs")
  ok <- !is.na(diag(C)) & diag(C) > 0
  C <- C[ok, ok, drop = FALSE]; k <- ncol(C)
  R <- cov2cor(C); tr <- sum(diag(C)); s <- sum(C)
  Q <- 2 * k^2 / ((k - 1)^2 * s^3) * (s * (sum(diag(C %*% C)) + tr^2) - 2 * tr * sum(C %*% C))
  list(raw = k / (k - 1) * (1 - tr / s), std = k / (k - 1) * (1 - k / sum(R)), ase = sqrt(Q / nrow(x)), k = k)
}
for (w in c(2017, 2018)) {
  s <- d[d$ar == w & d$omrade %in% 1:2, ]
  x <- cbind(I1 = ifelse(s$I1 == 9, NA, s$I1), I2 = -s$I2, I3 = s$I3)
  x <- x[rowSums(!is.na(x)) > 0, , drop = FALSE]
  a <- alpha_psych(x)
  case <- sprintf("w%d", w)
  put(case, "raw", a$raw); put(case, "std", a$std); put(case, "ase", a$ase)
  put(case, "low95", a$raw - qnorm(0.975) * a$ase); put(case, "high95", a$raw + qnorm(0.975) * a$ase)
  put(case, "n", nrow(x)); put(case, "items", a$k)
}
writeLines(c("case,key,value", rows), "tests/r/values/describe_alpha.csv")
