# tests/crosscheck/gen_ext.R — sourced by gen.R after its [incidents] sections (same
# environment, same random stream): daily series, [intermittent], [activity],
# [alternative], --as-of and `trygg power`.  Writes DIR/daily.csv (imported as incidents
# beside incidents.csv) and DIR/power_args (one `trygg power` call per line), and adds to
# gen.R's `sec`, `run_extra` and `ext` (saved in case.rds).
source(file.path(here, "holidays.R"))
ext <- list()

# ------------------------------------------------------------------ daily series
# An outcome category (`ordning`) in areas 1 and 2, a daily activity (`besok`, a youth
# centre closed on some days: no row), and a monthly activity (`patrull`); the days span
# the evaluation's start by a year or more on each side.
s0 <- as.Date(start_date)
dfrom <- s0 - sample(400:1000, 1); dto <- s0 + sample(300:900, 1)
days <- seq(dfrom, dto, by = "day")
years <- as.integer(format(dfrom, "%Y")):as.integer(format(dto, "%Y"))
hol <- se_holidays(years, eves = TRUE)
dow <- as.integer(format(days, "%u")); mon <- as.integer(format(days, "%m"))
isflag <- days %in% hol
rows <- list()
for (a in 1:2) {
  base <- pick(c(0.2, 0.8, 3, 8), 1) * c(1, 0.6)[a]
  rr <- pick(c(1, 0.7, 1.3), 1)
  mu <- base * c(0.8, 0.8, 0.9, 1, 1.3, 1.6, 1.4)[dow] * (1 + 0.2 * sin(2 * pi * mon / 12)) *
    ifelse(isflag, 1.4, 1) * ifelse(isflag & days >= s0, rr, 1)
  y <- if (coin(0.5)) rpois(length(days), mu) else rnbinom(length(days), size = 3, mu = mu)
  keep <- if (coin(0.3)) runif(length(days)) > 0.04 else rep(TRUE, length(days))
  rows[[length(rows) + 1]] <- data.frame(datum = format(days[keep]), omrade = areas[a],
                                         kategori = "ordning", antal = y[keep])
}
# visits: closed on holidays before the start (sometimes), and on some random days
open <- runif(length(days)) > 0.1
if (coin(0.6)) open[isflag & days < s0] <- FALSE
mu <- 30 * c(0.5, 0.5, 0.6, 0.7, 1, 1.5, 1.2)[dow] * ifelse(isflag & days >= s0, 1.5, 1)
rows[[length(rows) + 1]] <- data.frame(datum = format(days[open]), omrade = areas[1],
                                       kategori = "besok", antal = rpois(sum(open), mu[open]))
# monthly patrols: months of the daily span, a month missing sometimes
mseq <- unique(format(days, "%Y-%m"))
pm <- rpois(length(mseq), 12); keepm <- if (coin(0.4)) runif(length(mseq)) > 0.1 else rep(TRUE, length(mseq))
rows[[length(rows) + 1]] <- data.frame(datum = mseq[keepm], omrade = areas[1], kategori = "patrull",
                                       antal = pm[keepm])
write.csv(do.call(rbind, rows), file.path(dir, "daily.csv"), row.names = FALSE, fileEncoding = "UTF-8")
imports <- "incidents daily.csv"
ext$daily <- list(from = dfrom, to = dto)

# ------------------------------------------------------------------ [intermittent]
# a random date inside the span or the evaluation's start
rdate <- function(lo, hi) lo + sample.int(as.integer(hi - lo) + 1, 1) - 1
for (j in seq_len(sample(1:2, 1))) {
  k <- list(category = "ordning", area = pick(c(areas[1], paste(areas[1:2], collapse = " + "), areas[2]), 1))
  k$days <- pick(c("holidays", "holidays+eves"), 1)
  if (coin(0.7)) k$comparison_days <- pick(c("weekends", "other", "same_weekday"), 1)
  if (coin(0.4)) k$extra_days <- paste(format(sort(unique(as.Date(sapply(seq_len(sample(1:3, 1)),
                                        function(i) rdate(dfrom, dto)), origin = "1970-01-01")))), collapse = ", ")
  if (coin(0.5)) k$date <- format(rdate(dfrom + 200, dto - 150))
  # a window (YYYY-MM) inside the span that keeps the change inside it
  if (coin(0.3)) k$from <- format(dfrom + sample(0:120, 1), "%Y-%m")
  if (coin(0.3)) k$to <- format(dto - sample(0:100, 1), "%Y-%m")
  add("intermittent", sprintf("h_%d", j), k)
}

# ------------------------------------------------------------------ [activity]
k <- list(categories = pick(c("besok", "besok, patrull", "patrull, besok", "patrull"), 1), area = areas[1])
if (coin(0.6)) k$days <- pick(c("holidays", "holidays+eves"), 1)
if (!is.null(k$days) && coin(0.5)) k$comparison_days <- pick(c("weekends", "other", "same_weekday"), 1)
if (!is.null(k$days) && coin(0.3)) k$extra_days <- format(rdate(dfrom, dto))
if (coin(0.3)) k$from <- format(dfrom + sample(0:200, 1), "%Y-%m")
if (coin(0.3)) k$to <- format(dto - sample(0:200, 1), "%Y-%m")
add("activity", "a_main", k)

# ------------------------------------------------------------------ [alternative]
# each [incidents] section sometimes gets one or two other area definitions
nalt <- 0
for (i in seq_along(sec)) {
  # (not a synthetic comparison: gen_synth.R's outcome has its own donor pool)
  if (sec[[i]]$kind != "incidents" || identical(sec[[i]]$keys$comparison, "synthetic") || !coin(0.6)) next
  k <- sec[[i]]$keys; ids <- c()
  for (j in seq_len(sample(1:2, 1))) {
    nalt <- nalt + 1; aid <- sprintf("alt_%d", nalt)
    tgt <- pick(list(areas[2], paste(areas[1:2], collapse = " + "), areas[1], paste(areas[c(1, 3)], collapse = " + ")), 1)[[1]]
    ak <- list()
    if (coin(0.7)) ak$area <- tgt else tgt <- k$area
    used <- strsplit(tgt, " + ", fixed = TRUE)[[1]]
    free <- setdiff(areas, used)
    if (coin(0.4)) ak$comparison <- pick(free, 1)
    cmp <- if (!is.null(ak$comparison)) ak$comparison else k$comparison
    if (!is.null(cmp) && any(strsplit(cmp, " + ", fixed = TRUE)[[1]] %in% used)) {
      ak$comparison <- pick(free, 1); cmp <- ak$comparison }
    buf <- k$buffer
    if (!is.null(buf) && (buf %in% used || identical(buf, cmp))) buf <- NULL
    if (!is.null(cmp) && coin(0.3)) { bf <- setdiff(free, cmp); if (length(bf)) buf <- pick(bf, 1) }
    if (!identical(buf, k$buffer)) ak$buffer <- if (is.null(buf)) "none" else buf
    if (!is.null(k$buffer) && is.null(buf)) ak$buffer <- "none"
    if (!length(ak)) ak$area <- areas[2]
    ak$title.en <- sprintf("Alternative %d", nalt)
    add("alternative", aid, ak); ids <- c(ids, aid)
  }
  sec[[i]]$keys$alternatives <- paste(ids, collapse = ", ")
}

# ------------------------------------------------------------------ --as-of
# Sometimes the evaluation is made as of an earlier date: the last wave not yet fielded
# (its year's fieldwork_end, or 31 December), the incident months after it cut.  The date
# keeps at least one wave after the start in every [survey] and 12 months after the start.
run_extra <- character()
fwe <- if (coin(0.5)) pick(c("04-30", "06-15", "11-30"), 1) else NA
if (!is.na(fwe)) {
  cb <- append(cb, sprintf("fieldwork_end = %s", fwe), after = 2)
  writeLines(cb, file.path(dir, "codebook.ini"), useBytes = TRUE)
}
asof_mode <- pick(c("none", "none", "survey", "counts"), 1)
if (asof_mode == "counts" && t0 + 13 <= nmon - 1) {
  # the incident months cut: a date inside the month series, a year or more after the
  # start, mostly inside a month (that month is not complete); the survey sections are left
  # out (the waves run later than the counts, so the date would leave them without waves)
  m <- sample((t0 + 13):(nmon - 1), 1)
  me <- as.Date(format(as.Date(sprintf("%s-01", ym[m])) + 32, "%Y-%m-01")) - 1
  asof <- me + sample(c(0, 0, 1:27), 1)
  run_extra <- c(run_extra, sprintf("--as-of %s", format(asof)))
  ext$asof <- format(asof)
  sec <- Filter(function(s) !(s$kind %in% c("survey", "trend", "compare", "describe")), sec)
}
if (asof_mode == "survey") {
  fielded <- function(w) as.Date(sprintf("%d-%s", w, if (is.na(fwe)) "12-31" else fwe))
  lastw <- max(waves)
  asof <- fielded(lastw) - sample(1:150, 1)
  if (asof < fielded(lastw - 1)) asof <- fielded(lastw - 1)
  ok <- asof >= as.Date(start_date) + 400 && asof > dfrom + 400
  for (s in sec) if (ok && s$kind == "survey") {
    aw <- s$keys$after; aw <- if (grepl("..", aw, fixed = TRUE)) { r <- as.integer(strsplit(aw, "..", fixed = TRUE)[[1]]); r[1]:r[2] } else as.integer(strsplit(aw, ", ")[[1]])
    if (!any(aw < lastw)) ok <- FALSE
  }
  if (ok) {
    run_extra <- c(run_extra, sprintf("--as-of %s", format(asof)))
    ext$asof <- format(asof); ext$fieldwork_end <- fwe
    # [compare] of the last wave alone would compare nobody: the waves before it
    for (i in seq_along(sec)) if (sec[[i]]$kind == "compare") sec[[i]]$keys$wave <- as.character(lastw - 1)
  }
}
ext$fieldwork_end <- fwe

# ------------------------------------------------------------------ trygg power
pw <- c()
for (j in 1:4) {
  opt <- c()
  if (coin(0.3)) opt <- c(opt, sprintf("--alpha %g", pick(c(0.01, 0.1), 1)))
  if (coin(0.3)) opt <- c(opt, "--one-sided") else if (coin(0.3)) opt <- c(opt, "--strict")
  if (coin(0.3)) opt <- c(opt, sprintf("--deff %g", round(runif(1, 1, 3), 2)))
  p1 <- round(runif(1, 0.02, 0.95), 3); p2 <- round(runif(1, 0.02, 0.95), 3)
  n <- sample(c(20, 150, 400, 1500, 6000), 1)
  pwr <- if (coin(0.3)) round(runif(1, 0.5, 0.95), 2) else NA
  a <- switch(sample(1:6, 1),
    sprintf("--p1 %g --p2 %g", p1, p2),
    sprintf("--p1 %g --p2 %g --n %d", p1, p2, n),
    sprintf("--p1 %g --n %d", p1, n),
    sprintf("--delta %g --sd %g", round(runif(1, 0.05, 1.5), 2), round(runif(1, 0.5, 2), 2)),
    sprintf("--delta %g --sd %g --n %d", round(runif(1, 0.05, 1.5), 2), round(runif(1, 0.5, 2), 2), n),
    sprintf("--sd %g --n %d", round(runif(1, 0.5, 2), 2), n))
  # --power where power is not what is computed (n with p2 or delta)
  if (!is.na(pwr) && !(grepl("--n", a, fixed = TRUE) && grepl("--p2|--delta", a))) a <- paste(a, sprintf("--power %g", pwr))
  pw <- c(pw, paste(c(a, opt), collapse = " "))
}
writeLines(pw, file.path(dir, "power_args"))

# ------------------------------------------------------------------ harmonised versions
# A second survey (`xh`) in two codebook versions: version 2 adds answer 5 to h1 ("never
# goes out alone late") with `harmonize = 5:9`, a `change.en`, and a `harmonized.indicator`
# that counts 5 as unsafe when the follow-up question h2 says it is because of fear; an
# answer-mode variable (`mode`) whose mode 3 exists only in the later waves (sometimes).
hw <- 2016:2019; split <- pick(c(2017, 2018), 1)
mode3_from <- pick(c(split + 1, 2019, 2099), 1)
hr <- list(); hid <- 0
for (w in hw) for (h in 1:2) {
  n <- sample(60:160, 1)
  for (i in seq_len(n)) {
    hid <- hid + 1
    a <- sample(1:4, 1, prob = c(0.4, 0.3, 0.15, 0.15))
    md <- if (w >= mode3_from) sample(1:3, 1, prob = c(0.3, 0.4, 0.3)) else sample(1:2, 1)
    p <- c(0.3, 0.25, 0.2, 0.2)[a] - 0.06 * (w > split) * (a == 1) + 0.05 * (md == 3)
    x <- if (runif(1) < p) sample(3:4, 1) else sample(1:2, 1)
    if (w > split && runif(1) < 0.12) x <- 5
    if (runif(1) < 0.04) x <- 9
    f <- if (x == 5) { u <- runif(1); if (u < 0.55) 1 else if (u < 0.92) 2 else 8 } else 7
    hr[[length(hr) + 1]] <- data.frame(id = hid, ar = w, omrade = areas[a], vikt = signif(exp(rnorm(1, 0.5, 0.5)), 6),
                                       stratum = c("A", "B")[h], svarssatt = md, h1 = x, h2 = f)
  }
}
hd <- do.call(rbind, hr)
v1 <- hd[hd$ar <= split, setdiff(names(hd), "h2")]; v2 <- hd[hd$ar > split, ]
write.csv(v1, file.path(dir, "xh1.csv"), row.names = FALSE, fileEncoding = "UTF-8")
write.csv(v2, file.path(dir, "xh2.csv"), row.names = FALSE, fileEncoding = "UTF-8")
hcb <- function(ver) {
  c("[survey]", "id = xh", "title.en = Harmonised survey", sprintf("version = %d", ver), "mode = svarssatt", "",
    "[columns]", "respondent = id", "wave = ar", "area = omrade", "weight = vikt", "stratum = stratum", "",
    "[background svarssatt]", "text.en = Answer mode", "value.1 = Papper | Paper", "value.2 = Webb | Web",
    "value.3 = SMS | SMS link", "",
    "[question h1]", "text.en = Unsafe out alone late?", "value.1 = Mycket trygg | Very safe",
    "value.2 = Ganska trygg | Fairly safe", "value.3 = Ganska otrygg | Fairly unsafe",
    "value.4 = Mycket otrygg | Very unsafe",
    if (ver == 2) c("value.5 = Går aldrig ut | Never goes out", "harmonize = 5:9",
                    "change.en = Answer 5 was added in version 2.",
                    "harmonized.indicator = 3, 4, 5 if h2 = 1",
                    "harmonized.label = NTU-regeln | NTU rule"),
    "missing.9 = Vet ej | Don't know", "indicator = 3, 4", "indicator.label = Otrygg | Unsafe",
    if (ver == 2) c("", "[question h2]", "text.en = Because unsafe?", "value.1 = Ja | Yes",
                    "value.2 = Nej | No", "missing.7 = Ej aktuell | Not applicable",
                    "missing.8 = Vet ej | Don't know", "indicator = 1", "indicator.label = Ja | Yes"))
}
writeLines(hcb(1), file.path(dir, "xh1.ini"), useBytes = TRUE)
writeLines(hcb(2), file.path(dir, "xh2.ini"), useBytes = TRUE)
imports <- c(imports, "survey xh1.ini xh1.csv", "survey xh2.ini xh2.csv")
writeLines(imports, file.path(dir, "extra_imports"))
ext$harm <- list(split = split, mode3_from = mode3_from)
if (!any(grepl("^--as-of", run_extra))) for (j in seq_len(sample(1:2, 1))) {
  # before and after: across the versions mostly, sometimes both in one version
  bw <- pick(list(2016, 2016:2017, 2017, hw[hw <= split]), 1)[[1]]
  aw <- pick(list(2019, 2018:2019, hw[hw > split], 2018), 1)[[1]]
  if (coin(0.2)) { bw <- 2018; aw <- 2019 }
  if (max(bw) >= min(aw)) { bw <- 2016; aw <- 2019 }
  k <- list(survey = "xh", question = "h1", before = paste(bw, collapse = ", "), after = paste(aw, collapse = ", "))
  if (coin(0.8)) k$area <- pick(c(areas[1], paste(areas[1:2], collapse = " + ")), 1)
  if (!is.null(k$area) && coin(0.6)) k$comparison <- pick(c(areas[3], paste(areas[3:4], collapse = " + ")), 1)
  k$placebo <- pick(c("yes", "no"), 1)
  add("survey", sprintf("x_h%d", j), k)
}

# ------------------------------------------------------------------ Cronbach's alpha
# q1, q2 and q5 form the item group `idx` (q2 reversed in some cases); a [describe] of
# them (and sometimes q3, no group) gets Cronbach's alpha per wave
cb <- unlist(lapply(cb, function(l) if (l %in% c("[question q1]", "[question q2]", "[question q5]")) c(l, "group = idx") else l))
writeLines(cb, file.path(dir, "codebook.ini"), useBytes = TRUE)
if (!any(sapply(sec, function(s) s$kind == "survey")) && length(run_extra)) {
  # an as-of case without survey sections: none here either
} else {
  k <- list(survey = "xs", variables = pick(c("q1, q2, q5", "q5, q3, q1", "q2, q1", "q1, q2, q3, q5"), 1))
  if (coin(0.5)) k$waves <- paste(sort(sample(waves, sample(1:length(waves), 1))), collapse = ", ")
  if (coin(0.4)) k$area <- pick(c(areas[1], paste(areas[1:2], collapse = " + ")), 1)
  add("describe", "d_alpha", k)
}
