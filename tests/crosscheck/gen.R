#!/usr/bin/env Rscript
# tests/crosscheck/gen.R SEED DIR — one random held-out case for `make crosscheck`.
#
# Writes into DIR, from the seed alone (set.seed(SEED), so a case is reproduced
# exactly by its seed):
#   codebook.ini   a codebook with an indicator question (1-4, "Vet ej" 9, empty),
#                  a 1-5 question with a score map, a number question, a yes/no
#                  question, and background variables (gender with a one-respondent
#                  level, a number age with bands, a variable with a declared empty code)
#   survey.csv     respondents of 3-5 yearly waves in four areas: weights only, strata,
#                  or strata with clusters (PSUs); weights from log-normal with a few
#                  extreme ones (x/÷ 100..1000); tiny PSUs; optionally an all-same
#                  answer in one area; optionally a stratum's population for the fpc
#   incidents.csv  monthly counts of two categories in four areas, many zeros, with
#                  populations or without, sometimes a month missing inside a series
#   spec.ini       an evaluation with [survey] (indicator, mean, score, number; with
#                  comparison = DiD, subgroups, placebo), [trend], [compare], [describe]
#                  and [incidents] sections (every model, seasonality, effects,
#                  transition, offset, se = newey-west, comparison, buffer)
#   case.rds       the generator's choices (which spec keys, which areas), for ref.R;
#                  ref.R reads the answers and counts only from the CSV files
# Needs only base R.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: gen.R SEED DIR")
seed <- as.integer(args[1]); dir <- args[2]
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
set.seed(seed)
pick <- function(x, ...) x[sample.int(length(x), ...)]
coin <- function(p = 0.5) runif(1) < p

areas <- c("Norr", "Söder", "Östra hamnen", "Väster")
nwave <- sample(3:5, 1)
waves <- 2015 + seq_len(nwave)
design <- pick(c("weights", "strata", "cluster"), 1)
use_fpc <- design != "weights" && coin(0.35)
extreme <- coin(0.6)
same_area <- if (coin(0.4)) pick(areas, 1) else NA   # everyone there answers Q4 = 2
min_cell <- pick(c(1, 1, 3), 1)
conf_level <- pick(c(0.95, 0.95, 0.9), 1)

# ------------------------------------------------------------------ survey
rows <- list(); id <- 0
strata_labels <- c("S1", "S2", "S3")
nstrata <- if (design == "weights") 1 else sample(1:3, 1)
for (w in waves) {
  psu <- 0
  for (h in seq_len(nstrata)) {
    npsu <- if (design == "cluster") sample(2:5, 1) else 1
    for (k in seq_len(npsu)) {
      psu <- psu + 1
      n <- if (design == "cluster") sample(c(1, 2, 3, 8:25), 1) else sample(40:120, 1)
      if (design != "cluster" && nstrata > 1) n <- sample(c(2, 3, 20:70), 1)
      for (i in seq_len(n)) {
        id <- id + 1
        a <- sample(1:4, 1, prob = c(0.35, 0.3, 0.2, 0.15))
        after <- w > waves[ceiling(nwave / 2)]
        kon <- sample(1:2, 1)
        age <- round(runif(1, 16, 84))
        grp <- sample(1:3, 1)
        p <- c(0.35, 0.25, 0.2, 0.15)[a] - 0.08 * after * (a <= 2) + 0.08 * (kon == 2) +
          0.03 * (psu %% 3)
        q1 <- if (runif(1) < p) sample(3:4, 1, prob = c(0.6, 0.4)) else sample(1:2, 1)
        r <- runif(1); q1 <- if (r < 0.05) 9 else if (r < 0.08) NA else q1
        q2 <- sample(1:5, 1, prob = c(0.3, 0.3, 0.2, 0.1 + 0.05 * (a == 1), 0.1))
        if (runif(1) < 0.04) q2 <- NA
        q3 <- if (runif(1) < 0.05) 99 else round(rexp(1, 1 / (3 + a + 2 * after)), sample(0:2, 1))
        if (q3 != 99 && q3 > 50) q3 <- 50
        q5 <- if (runif(1) < 0.12) 5 else if (runif(1) < p) sample(3:4, 1) else sample(1:2, 1)
        q4 <- if (!is.na(same_area) && areas[a] == same_area) 2 else sample(1:2, 1, prob = c(0.3, 0.7))
        wt <- exp(rnorm(1, 1, 0.7))
        if (extreme) { u <- runif(1); if (u < 0.01) wt <- wt * 500 else if (u < 0.02) wt <- wt / 300 }
        rows[[length(rows) + 1]] <- data.frame(
          id = id, ar = w, omrade = areas[a], kon = kon, alder = age, grp = grp,
          vikt = signif(wt, 6), stratum = strata_labels[h], psu = w * 100 + psu,
          q1 = q1, q2 = q2, q3 = q3, q4 = q4, q5 = q5)
      }
    }
  }
}
d <- do.call(rbind, rows)
# one respondent of gender 3 in the last wave (a one-respondent domain)
last <- which(d$ar == max(waves))
d$kon[last[sample.int(length(last), 1)]] <- 3
no_weight <- use_fpc && coin(0.3)   # weights derived from the fpc (N_h / n_h)
q2_rev <- coin(0.5)                   # q2: a higher code is the better answer
out <- d
if (no_weight) out$vikt <- NULL
if (design == "weights") out$stratum <- NULL
if (design != "cluster") out$psu <- NULL
out$q1 <- ifelse(is.na(d$q1), "", d$q1)
out$q2 <- ifelse(is.na(d$q2), "", d$q2)
write.csv(out, file.path(dir, "survey.csv"), row.names = FALSE, fileEncoding = "UTF-8")

# ------------------------------------------------------------------ codebook
pop <- NULL; pop_wave <- NULL
cb <- c("[survey]", "id = xs", "title.en = Crosscheck survey", "", "[columns]",
        "respondent = id", "wave = ar", "area = omrade", if (!no_weight) "weight = vikt")
if (design != "weights") cb <- c(cb, "stratum = stratum")
if (design == "cluster") cb <- c(cb, "cluster = psu")
if (use_fpc) {
  # the population of each stratum: PSUs (with clusters) or people, per wave at least
  # the sample; sometimes barely above it (fpc matters a lot)
  cb <- c(cb, "", "[population]")
  pop <- c()
  for (h in unique(d$stratum)) {
    m <- if (design == "cluster") max(tapply(d$psu[d$stratum == h], d$ar[d$stratum == h],
                                             function(x) length(unique(x))))
         else max(table(d$ar[d$stratum == h]))
    N <- if (coin(0.3)) m + sample(0:2, 1) else m * sample(2:20, 1)
    pop[h] <- N
    cb <- c(cb, sprintf("stratum.%s = %d", h, N))
  }
  if (coin(0.4)) {
    # one wave with its own size for one stratum ([population WAVE]); the others fall back
    wv <- pick(waves, 1); h <- pick(unique(d$stratum[d$ar == wv]), 1)
    m <- if (design == "cluster") length(unique(d$psu[d$ar == wv & d$stratum == h])) else sum(d$ar == wv & d$stratum == h)
    N <- if (coin(0.5)) m else m * sample(2:6, 1)
    pop_wave <- list(wave = wv, stratum = h, N = N)
    cb <- c(cb, "", sprintf("[population %d]", wv), sprintf("stratum.%s = %d", h, N))
  }
}
cb <- c(cb, "",
  "[background kon]", "text.en = Gender", "value.1 = Man | Man", "value.2 = Kvinna | Woman",
  "value.3 = Annat | Other", "",
  "[background alder]", "text.en = Age", "type = number", "min = 16", "max = 84",
  "decimals = no", "bands = 16-29, 30-49, 50-64, 65-84", "",
  "[background grp]", "text.en = Group", "value.1 = A", "value.2 = B", "value.3 = C",
  "value.4 = D", "",
  "[question q1]", "text.en = Unsafe at night?", "value.1 = Mycket trygg | Very safe",
  "value.2 = Ganska trygg | Fairly safe", "value.3 = Ganska otrygg | Fairly unsafe",
  "value.4 = Mycket otrygg | Very unsafe", "missing.9 = Vet ej | Don't know",
  "indicator = 3, 4", "indicator.label = Otrygg | Unsafe", "",
  "[question q2]", "text.en = Problems", "value.1 = Inga | None", "value.2 = Små | Small",
  "value.3 = Vissa | Some", "value.4 = Stora | Large", "value.5 = Mycket stora | Very large",
  "indicator = 4, 5", "indicator.label = Stora | Large", "scale = 1-5",
  "score = 1:0, 2:25, 3:50, 4:75, 5:100", if (q2_rev) "reversed = yes", "",
  "[question q5]", "text.en = Safe in the centre?", "value.1 = Mycket trygg | Very safe",
  "value.2 = Ganska trygg | Fairly safe", "value.3 = Ganska otrygg | Fairly unsafe",
  "value.4 = Mycket otrygg | Very unsafe", "value.5 = Vistas ej där | Never there",
  "scale = 1-4", "indicator = 3, 4", "indicator.label = Otrygg | Unsafe", "",
  "[question q3]", "text.en = Times", "type = number", "min = 0", "max = 50",
  "missing.99 = Vet ej | Don't know", "",
  "[question q4]", "text.en = Victim?", "value.1 = Ja | Yes", "value.2 = Nej | No",
  "indicator = 1", "indicator.label = Ja | Yes")
writeLines(cb, file.path(dir, "codebook.ini"), useBytes = TRUE)

# ------------------------------------------------------------------ incidents
nmon <- sample(c(36, 48, 60, 84), 1)
start_y <- 2013; months <- seq_len(nmon)
ym <- sprintf("%04d-%02d", start_y + (months - 1) %/% 12, (months - 1) %% 12 + 1)
t0 <- sample(round(nmon * 0.4):round(nmon * 0.7), 1)
start_date <- sprintf("%s-01", ym[t0])
cats <- c("rån", "skadegorelse")
with_pop <- coin(0.5)
inc <- list()
popgap <- if (with_pop && coin(0.25)) list(area = pick(areas, 1), m = sample(seq_len(nmon), 3)) else NULL
gap <- if (coin(0.25)) list(area = pick(areas, 1), cat = pick(cats, 1), m = sample(5:(nmon - 5), 1)) else NULL
for (a in seq_along(areas)) for (ci in seq_along(cats)) {
  base <- c(6, 2, 0.6, 12)[a] * c(1, 0.4)[ci]
  od <- pick(c(Inf, 5, 1), 1)
  popn <- round(c(20000, 9000, 4000, 30000)[a] * (1 + months / 600))
  mu <- base * exp(0.004 * months + 0.3 * sin(2 * pi * months / 12) - 0.25 * (months >= t0) * (a == 1))
  y <- if (is.infinite(od)) rpois(nmon, mu) else rnbinom(nmon, size = od, mu = mu)
  keep <- rep(TRUE, nmon)
  if (!is.null(gap) && gap$area == areas[a] && gap$cat == cats[ci]) keep[gap$m] <- FALSE
  df <- data.frame(manad = ym, omrade = areas[a], kategori = cats[ci], antal = y)
  if (with_pop) df$befolkning <- popn
  if (with_pop && !is.null(popgap) && popgap$area == areas[a]) df$befolkning[popgap$m] <- NA
  inc[[length(inc) + 1]] <- df[keep, ]
}
inc <- do.call(rbind, inc)
# a synthetic comparison area: areas and a category of its own, from its own random stream
# (tests/crosscheck/gen_synth.R; the draws above and below are not changed by it)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(here, "gen_synth.R"))
syn <- synth_case(seed, ym, t0, with_pop)
inc <- rbind(inc, syn$rows)
write.csv(inc, file.path(dir, "incidents.csv"), row.names = FALSE, fileEncoding = "UTF-8", na = "")

# ------------------------------------------------------------------ spec
nb <- ceiling(nwave / 2)
before <- waves[seq_len(nb)]; afterw <- waves[(nb + 1):nwave]
if (coin(0.4)) before <- before[length(before)]
if (coin(0.4)) afterw <- afterw[1]
wl <- function(x) if (length(x) > 1 && coin(0.5)) sprintf("%d..%d", min(x), max(x)) else paste(x, collapse = ", ")
target <- if (coin(0.5)) areas[1] else paste(areas[1:2], collapse = " + ")
comp <- if (coin(0.6)) areas[3] else NA
if (!is.na(comp) && coin(0.3)) comp <- paste(areas[3:4], collapse = " + ")
sub <- pick(list(character(), "kon", "alder", c("kon", "grp")), 1)[[1]]
sp <- c("[evaluation]", "id = xcheck", "title.en = Crosscheck", "question.en = Does it agree with R?",
        sprintf("start = %s", start_date))
if (conf_level != 0.95) sp <- c(sp, sprintf("conf_level = %g", conf_level))
sec <- list()
add <- function(kind, id, keys) {
  sec[[length(sec) + 1]] <<- list(kind = kind, id = id, keys = keys)
}
# [survey]: the indicator, the mean, the score, the number question
for (s in list(list("s_q1", "q1", "indicator"), list("s_q2", "q2", pick(c("mean", "score", "indicator"), 1)),
               list("s_q3", "q3", "mean"), list("s_q4", "q4", "indicator"),
               list("s_q5", "q5", pick(c("mean", "indicator"), 1)))) {
  if (s[[1]] != "s_q1" && coin(0.35)) next
  k <- list(survey = "xs", question = s[[2]], measure = s[[3]], before = wl(before), after = wl(afterw))
  if (coin(0.8)) k$area <- target
  if (!is.na(comp) && !is.null(k$area) && coin(0.7)) k$comparison <- comp
  if (length(sub)) k$subgroups <- paste(sub, collapse = ", ")
  k$placebo <- pick(c("yes", "no"), 1)
  add("survey", s[[1]], k)
}
# [trend]
k <- list(survey = "xs", questions = pick(list("q1", "q1, q4", "q2", "q5, q1"), 1)[[1]])
if (coin(0.3)) k$measure <- pick(c("indicator", "mean"), 1)
if (k$questions == "q2" && is.null(k$measure)) k$measure <- "mean"
by <- pick(list(character(), "area", "kon", c("area", "kon")), 1)[[1]]
if (length(by)) k$by <- paste(by, collapse = ", ")
if (coin(0.4)) k$baseline <- waves[2]
if (coin(0.3)) k$waves <- paste(waves[-1], collapse = ", ")
if (!is.null(k$baseline) && !is.null(k$waves)) k$baseline <- NULL
if (coin(0.3) && !("area" %in% by)) k$area <- paste(areas[1:3], collapse = " + ")
add("trend", "t_main", k)
# [compare]
cw <- if (coin(0.3)) wl(waves[(nwave - 1):nwave]) else as.character(max(waves))
k <- list(survey = "xs", question = pick(c("q1", "q2", "q3", "q4", "q5"), 1), wave = cw)
k$measure <- switch(k$question, q1 = "indicator", q2 = pick(c("mean", "score", "indicator"), 1),
                    q3 = "mean", q4 = "indicator", q5 = pick(c("mean", "indicator"), 1))
cby <- pick(list("area", "kon", "grp", "alder", c("area", "kon")), 1)[[1]]
k$by <- paste(cby, collapse = ", ")
if (length(cby) == 1 && coin(0.5)) {
  k$groups <- switch(cby, area = paste(areas[1], "rest", sep = ", "), kon = "2, 1",
                     grp = "1, 2 + 3, 4", alder = "16-29, 65-84")
}
if (coin(0.3)) k$pairs <- "first"
if (!("area" %in% cby) && coin(0.3)) k$area <- paste(areas[1:3], collapse = " + ")
add("compare", "c_main", k)
# [describe]
k <- list(survey = "xs", variables = pick(c("q2, q3, alder", "q1, q3", "q2", "q5, q2"), 1))
if (coin(0.3)) k$measure <- "score"
if (!is.null(k$measure) && grepl("q3|alder|q1|q5", k$variables)) k$measure <- NULL
db <- pick(list(character(), "kon", "area"), 1)[[1]]
if (length(db)) k$by <- db
if (coin(0.3)) k$waves <- paste(waves[c(1, nwave)], collapse = ", ")
add("describe", "d_main", k)
# [incidents]: one or two sections
for (j in seq_len(sample(1:2, 1))) {
  k <- list(category = pick(c(cats[1], cats[2], paste(cats, collapse = " + ")), 1),
            area = pick(c(areas[1], paste(areas[1:2], collapse = " + ")), 1))
  k$model <- pick(c("its_quasipoisson", "its_poisson", "its_negbin", "rate_ratio"), 1)
  if (coin(0.5)) k$comparison <- areas[4]
  if (!is.null(k$comparison) && coin(0.5)) k$buffer <- areas[3]
  if (k$model != "rate_ratio" && coin(0.4)) k$seasonality <- pick(c("none", "harmonic", "harmonic:2"), 1)
  if (k$model != "rate_ratio" && coin(0.3)) k$effects <- pick(c("level", "slope"), 1)
  if (k$model != "rate_ratio" && coin(0.2)) k$transition <- sample(1:3, 1)
  its <- k$model != "rate_ratio"
  if (its && coin(0.3)) k$se <- "newey-west"
  if (!is.null(k[["se", exact = TRUE]]) && coin(0.5)) k$se.lag <- sample(0:4, 1)
  if (its && with_pop && coin(0.4)) k$offset <- pick(c("none", "population", "person-time"), 1)
  if (coin(0.3)) k$placebo <- "no"
  add("incidents", sprintf("i_%d", j), k)
}
add("incidents", "i_synth", syn$keys)
if (!is.null(syn$alt)) add("alternative", "alt_s1", syn$alt)
# ixc1's part (tests/crosscheck/gen_ext.R): daily series, [intermittent], [activity],
# [alternative], --as-of and `trygg power`
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))))
source(file.path(here, "gen_ext.R"), local = TRUE)
# edge cases and harmonised [trend]/[compare] (tests/crosscheck/gen_edge.R, its own stream)
source(file.path(here, "gen_edge.R"), local = TRUE)
for (s in sec) {
  sp <- c(sp, "", sprintf("[%s %s]", s$kind, s$id))
  for (nm in names(s$keys)) sp <- c(sp, sprintf("%s = %s", nm, s$keys[[nm]]))
}
writeLines(sp, file.path(dir, "spec.ini"), useBytes = TRUE)
writeLines(c(sprintf("--min-cell %d", min_cell), run_extra), file.path(dir, "run_args"))
saveRDS(list(seed = seed, design = design, use_fpc = use_fpc, pop = pop, pop_wave = pop_wave,
             no_weight = no_weight, q2_rev = q2_rev, waves = waves,
             areas = areas, sections = sec, min_cell = min_cell, conf_level = conf_level,
             start = start_date, t0 = t0, nmon = nmon, with_pop = with_pop, ext = ext),
        file.path(dir, "case.rds"))
cat(sprintf("seed %d: %s design, %d waves, %d respondents, fpc %s, %d sections\n", seed, design,
            nwave, nrow(d), use_fpc, length(sec)))
