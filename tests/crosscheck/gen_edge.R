# tests/crosscheck/gen_edge.R — sourced by gen.R after gen_ext.R (same environment), on a
# random stream of its own (gen.R's and gen_ext.R's draws, and so every earlier part of a
# seed's case, are unchanged by it).  Adds:
#   - an edge survey `xe` (xe.ini, xe.csv), waves 2018 (before) and 2019 (after), areas
#     "Mål", "Jämför", "Tredje": the comparison area "Jämför" where every answer is the same
#     (zero variance), a subgroup of one respondent (kon 3, in one or both waves), every
#     weight equal in one wave and weights 1 : 1000 in the other (or equal in both), and
#     questions with ties everywhere (e1 on 1-4 with two answers used, e2 yes/no, e3 a
#     number 0-2); with [survey], [compare] and [describe] sections on it;
#   - a harmonised [trend] and [compare] on gen_ext.R's survey `xh` (across its two
#     codebook versions, or within one);
#   - sometimes a `by` on the Cronbach's alpha [describe] (alpha stays per wave: the
#     docs promise it by wave, not by group);
#   - refuse.ini: a screening with an [alternative] (refused at file:line, exit 1).
# Nothing is added to an --as-of case (the survey sections are left out of those).
edge <- function() {
  old <- if (exists(".Random.seed", envir = globalenv())) get(".Random.seed", envir = globalenv()) else NULL
  on.exit(if (!is.null(old)) assign(".Random.seed", old, envir = globalenv()))
  set.seed(seed * 104729L + 3L)
  coin <- function(p = 0.5) runif(1) < p
  pick <- function(x) x[sample.int(length(x), 1)]
  res <- list(sec = list(), imports = character())
  adds <- function(kind, id, keys) res$sec[[length(res$sec) + 1]] <<- list(kind = kind, id = id, keys = keys)
  # the screening refused with an alternative (a spec of its own; run.sh runs it)
  writeLines(c("[evaluation]", "id = refuse", "title.en = Refused", "question.en = Refused?",
               sprintf("start = %s", start_date), "", "[incidents scr]", "category = synt",
               "area = *", "alternatives = a1", "", "[alternative a1]", "area = Givare 01"),
             file.path(dir, "refuse.ini"), useBytes = TRUE)
  if (any(grepl("^--as-of", run_extra))) return(res)
  # ---------------------------------------------------------------- survey xe
  ea <- c("Mål", "Jämför", "Tredje")
  one_both <- coin(0.5)                     # the one-respondent group in both waves
  w_mode <- pick(c("equal_extreme", "extreme_equal", "equal_equal"))
  rows <- list(); id <- 0
  for (w in 2018:2019) {
    ext_w <- (w == 2018 && w_mode == "extreme_equal") || (w == 2019 && w_mode == "equal_extreme")
    for (a in seq_along(ea)) {
      n <- sample(25:60, 1)
      for (i in seq_len(n)) {
        id <- id + 1
        kon <- sample(1:2, 1)
        if (a == 1 && i == 1 && (w == 2019 || one_both)) kon <- 3
        if (ea[a] == "Jämför") { e1 <- 2; e2 <- 2; e3 <- 1 } else {
          e1 <- sample(2:3, 1, prob = c(0.6 - 0.15 * (w == 2019), 0.4 + 0.15 * (w == 2019)))
          e2 <- sample(1:2, 1); e3 <- sample(0:2, 1)
        }
        vikt <- if (ext_w) (if (i %% 7 == 0) 1000 else 1) else 1
        rows[[length(rows) + 1]] <- data.frame(id = id, ar = w, omrade = ea[a], vikt = vikt,
                                               stratum = "A", kon = kon, e1 = e1, e2 = e2, e3 = e3)
      }
    }
  }
  write.csv(do.call(rbind, rows), file.path(dir, "xe.csv"), row.names = FALSE, fileEncoding = "UTF-8")
  writeLines(c("[survey]", "id = xe", "title.en = Edge survey", "", "[columns]", "respondent = id",
               "wave = ar", "area = omrade", "weight = vikt", "stratum = stratum", "",
               "[background kon]", "text.en = Gender", "value.1 = Man | Man", "value.2 = Kvinna | Woman",
               "value.3 = Annat | Other", "",
               "[question e1]", "text.en = Unsafe?", "value.1 = Mycket trygg | Very safe",
               "value.2 = Ganska trygg | Fairly safe", "value.3 = Ganska otrygg | Fairly unsafe",
               "value.4 = Mycket otrygg | Very unsafe", "indicator = 3, 4", "indicator.label = Otrygg | Unsafe", "",
               "[question e2]", "text.en = Victim?", "value.1 = Ja | Yes", "value.2 = Nej | No",
               "indicator = 1", "indicator.label = Ja | Yes", "",
               "[question e3]", "text.en = Times", "type = number", "min = 0", "max = 10"),
             file.path(dir, "xe.ini"), useBytes = TRUE)
  res$imports <- "survey xe.ini xe.csv"
  for (q in c("e1", "e2", "e3")) {
    k <- list(survey = "xe", question = q, measure = if (q == "e3") "mean" else pick(c("indicator", "mean")),
              before = "2018", after = "2019", area = "Mål")
    if (coin(0.8)) k$comparison <- "Jämför"
    if (coin(0.7)) k$subgroups <- "kon"
    k$placebo <- "no"
    adds("survey", sprintf("x_%s", q), k)
  }
  k <- list(survey = "xe", question = pick(c("e1", "e2", "e3")), wave = pick(c("2019", "2018", "2018..2019")), by = "area")
  k$measure <- if (k$question == "e3") "mean" else pick(c("indicator", "mean"))
  if (coin(0.3)) k$groups <- "Mål, rest"
  adds("compare", "x_ec", k)
  k <- list(survey = "xe", question = k$question, wave = k$wave, by = "kon", measure = k$measure, area = "Mål")
  adds("compare", "x_ek", k)
  adds("describe", "x_ed", list(survey = "xe", variables = "e1, e3", by = pick(c("kon", "area"))))
  # ---------------------------------------------------------------- harmonised trend, compare
  hv <- ext$harm
  k <- list(survey = "xh", questions = "h1")
  hw <- 2016:2019
  k$waves <- pick(c("2016, 2017, 2018, 2019", sprintf("%d, %d", hv$split, hv$split + 1),
                    if (sum(hw > hv$split) >= 2) paste(hw[hw > hv$split], collapse = ", ")))
  if (coin(0.5)) k$by <- "area"
  adds("trend", "x_ht", k)
  k <- list(survey = "xh", question = "h1", by = "area",
            wave = pick(c(as.character(hv$split), as.character(hv$split + 1), sprintf("%d..%d", hv$split, hv$split + 1))))
  if (coin(0.3)) k$pairs <- "first"
  adds("compare", "x_hc", k)
  res$alpha_by <- if (coin(0.5)) pick(c("kon", "area")) else NULL
  res
}
ed <- edge()
if (length(ed$sec)) sec <- c(sec, ed$sec)
if (length(ed$imports)) writeLines(c(imports, ed$imports), file.path(dir, "extra_imports"))
if (!is.null(ed$alpha_by)) for (i in seq_along(sec)) if (sec[[i]]$id == "d_alpha") sec[[i]]$keys$by <- ed$alpha_by
