# Count models on the SYNTHETIC Österåker example: prints the aggregates and checks that
# the realised data show the effects built into examples/gen/gen_example.c.
# Run by check_example.py:  Rscript check_example.R DATA_DIR HOLIDAYS.csv
# (HOLIDAYS.csv: one column "datum", Swedish public holidays from python3-holidays.)
args <- commandArgs(TRUE)
D <- args[1]
hol <- read.csv(args[2], stringsAsFactors = FALSE)$datum
ok <- TRUE
need <- function(cond, what) if (!isTRUE(cond)) { cat("FAIL:", what, "\n"); ok <<- FALSE }
irr <- function(s, term) sprintf("IRR %.2f (95%% CI %.2f-%.2f, p = %.3g)", exp(s[term, 1]),
  exp(s[term, 1] - 1.96 * s[term, 2]), exp(s[term, 1] + 1.96 * s[term, 2]), s[term, 4])

m <- read.csv2(file.path(D, "brott_manad.csv"), fileEncoding = "UTF-8", stringsAsFactors = FALSE)
m$t <- as.integer(substr(m$manad, 1, 4)) - 2015 + (as.integer(substr(m$manad, 6, 7)) - 1) / 12
m$mon <- factor(substr(m$manad, 6, 7))
m$post <- as.integer(m$manad >= "2018-06")
cats <- sort(unique(m$kategori))
cen <- "Åkersberga centrum"
buf <- "Tunaberg/Tunagård/Margretelund"

cat("\nÖsteråker (9 areas), mean per month 2015-2017:\n")
o <- subset(m, omrade != "Vallentuna" & manad < "2018-01")
print(round(tapply(o$antal, o$kategori, sum) / 36, 1))
cat("\nÅkersberga centrum, mean per month before (2015-01..2018-05) and after (2018-06..2022-12):\n")
cc <- subset(m, omrade == cen)
tab <- tapply(cc$antal, list(cc$kategori, ifelse(cc$post == 1, "after", "before")), mean)
print(round(tab[, c("before", "after")], 2))

did <- function(a, k) {
  d <- subset(m, kategori == k & omrade %in% c(a, "Vallentuna"))
  d$tr <- as.integer(d$omrade == a)
  summary(glm(antal ~ tr * post + mon + t + offset(log(befolkning)),
              family = quasipoisson, data = d))$coefficients
}
cat("\nDifference in differences against Vallentuna (quasi-Poisson: area x after 2018-06,",
    "month, linear trend, log population offset):\n")
res <- list()
for (a in setdiff(sort(unique(m$omrade)), "Vallentuna")) {
  cat(" ", a, "\n")
  for (k in cats) {
    s <- suppressWarnings(did(a, k))
    res[[a]][[k]] <- s
    if (abs(s["tr:post", 1]) < 5) cat(sprintf("    %-17s %s\n", k, irr(s, "tr:post")))
    else cat(sprintf("    %-17s (too few counts to estimate)\n", k))
  }
}
e <- function(a, k) exp(res[[a]][[k]]["tr:post", 1])
p <- function(a, k) res[[a]][[k]]["tr:post", 4]
for (k in c("ordningsstorning", "misshandel"))
  need(e(cen, k) >= 0.62 && e(cen, k) <= 0.85 && p(cen, k) < 0.05, paste("centrum", k, "falls 15-38 %"))
need(e(cen, "narkotika") > 1.2 && p(cen, "narkotika") < 0.05, "centrum narkotika rises (police activity)")
need(e(cen, "skadegorelse") < 1, "centrum skadegorelse falls a little")
need(e(cen, "knivlagen") >= 1 && e(cen, "knivlagen") <= 2, "centrum knivlagen rises somewhat (police activity)")
need(p(cen, "ran") > 0.2 && p(cen, "bilbrand") > 0.2, "centrum ran and bilbrand: no change (null)")
need(all(sapply(cats, function(k) p(buf, k)) > 0.05) &&
     all(sapply(c("ordningsstorning", "misshandel"), function(k) e(buf, k) >= 0.85 && e(buf, k) <= 1.15)),
     "buffer area: no displacement, no big change")
others <- setdiff(sort(unique(m$omrade)), c(cen, buf, "Norrgårdsvägen/Söra", "Vallentuna"))
op <- unlist(lapply(others, function(a) sapply(cats, function(k)
  if (abs(res[[a]][[k]]["tr:post", 1]) < 5) p(a, k) else 1)))
need(all(op > 0.01), "areas 4-9 follow the common trend (no p < 0.01 among 42 tests)")

cat("\nInterrupted time series, centrum alone (quasi-Poisson: level change at 2018-06,",
    "linear trend, month):\n")
its <- list(); its_p <- list()
for (k in cats) {
  s <- summary(glm(antal ~ post + t + mon + offset(log(befolkning)), family = quasipoisson,
                   data = subset(cc, kategori == k)))$coefficients
  its[[k]] <- exp(s["post", 1]); its_p[[k]] <- s["post", 4]
  cat(sprintf("    %-17s %s\n", k, irr(s, "post")))
}
need(its$ordningsstorning <= 0.9 && its$misshandel <= 0.9, "centrum ITS: disorder and violence fall")
need(its$narkotika >= 1.2, "centrum ITS: narkotika rises")
need(its_p$ran > 0.1 && its_p$bilbrand > 0.1, "centrum ITS: ran and bilbrand no change (null)")

dd <- read.csv2(file.path(D, "brott_dag_centrum.csv"), fileEncoding = "UTF-8", stringsAsFactors = FALSE)
s <- aggregate(antal ~ datum, data = dd, sum)
s$holiday <- as.integer(s$datum %in% hol)
s$after <- as.integer(s$datum >= "2018-05-01")
s$dow <- factor(as.POSIXlt(as.Date(s$datum))$wday)
s$mon <- factor(substr(s$datum, 6, 7))
s$yr <- factor(substr(s$datum, 1, 4))
cat("\nCentrum, ordningsstorning + misshandel per day (holiday opening of the fritidsgård",
    "from 2018-05-01):\n")
print(round(tapply(s$antal, list(ifelse(s$holiday == 1, "holiday", "other day"),
                                 ifelse(s$after == 1, "after", "before")), mean)[, c("before", "after")], 3))
h <- summary(glm(antal ~ holiday * after + dow + mon + yr, family = poisson, data = s))$coefficients
cat("  holiday x after (Poisson, weekday + month + year):", irr(h, "holiday:after"), "\n")
need(exp(h["holiday:after", 1]) >= 0.5 && exp(h["holiday:after", 1]) <= 0.75 &&
     h["holiday:after", 4] < 0.05, "fewer incidents on holidays after the change")

cat(if (ok) "\ncount models: all checks passed\n" else "\ncount models: some checks FAILED\n")
quit(status = if (ok) 0 else 1)
