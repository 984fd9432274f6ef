# tests/crosscheck/holidays.R — Swedish public holidays (lag 1989:253 om allmänna
# helgdagar) and the three eves, written from the law's list, for gen_ext.R and
# check_ext.R.  Base R only.
easter <- function(y) {
  # the anonymous Gregorian algorithm (Meeus/Jones/Butcher)
  a <- y %% 19; b <- y %/% 100; c <- y %% 100; d <- b %/% 4; e <- b %% 4
  f <- (b + 8) %/% 25; g <- (b - f + 1) %/% 3; h <- (19 * a + b - d - g + 15) %% 30
  i <- c %/% 4; k <- c %% 4; l <- (32 + 2 * e + 2 * i - h - k) %% 7
  m <- (a + 11 * h + 22 * l) %/% 451
  month <- (h + l - 7 * m + 114) %/% 31; day <- ((h + l - 7 * m + 114) %% 31) + 1
  as.Date(sprintf("%04d-%02d-%02d", y, month, day))
}
# the weekday (1 = Monday .. 7 = Sunday) of `wd` in [first, first + 6]
weekday_in <- function(first, wd) { d <- first + 0:6; d[as.integer(format(d, "%u")) == wd] }
se_holidays <- function(years, eves = FALSE) {
  out <- as.Date(character())
  for (y in years) {
    e <- easter(y); D <- function(md) as.Date(sprintf("%04d-%s", y, md))
    h <- c(D("01-01"), D("01-06"), e - 2, e, e + 1, D("05-01"), e + 39, e + 49, D("06-06"),
           weekday_in(D("06-20"), 6), weekday_in(D("10-31"), 6), D("12-25"), D("12-26"))
    if (eves) h <- c(h, weekday_in(D("06-19"), 5), D("12-24"), D("12-31"))
    out <- c(out, h)
  }
  sort(unique(out))
}
