/*
 * format — numbers as a report in Swedish or English writes them.
 *
 * Swedish: decimal comma, a space between thousands ("1 400 000", "0,85",
 * "27,5 %"); English: "1,400,000", "0.85", "27.5%".  The returned strings live in a
 * small ring of buffers, so several can be used in one printf call; they are valid
 * until FORMAT_RING further calls.  Negative numbers take the true minus sign U+2212
 * ("−7,2") in both languages, as typeset text should; the machine-readable files
 * (results.csv, run.json, the workbook, run --tables CSVs) never keep it: their
 * writers turn U+2212 back into ASCII "-" (util/utf8.h utf8_is_minus_sign), and
 * results.csv's numbers come from util/num.h, not from here.  A change (a difference,
 * fmt_pp, fmt_change) is signed both ways: "+3,1" for a rise, "−3,1" for a fall.
 */
#ifndef TRYGG_EVAL_FORMAT_H
#define TRYGG_EVAL_FORMAT_H

#define FORMAT_RING 16

/* A number with `decimals` decimals and thousands grouping; "–" for NaN. */
const char *fmt_num(const char *lang, double x, int decimals);
/* A whole count in a table column: grouped from four digits ("7 173" beside "10 382",
 * as amounts are), where fmt_num writes a four-digit number standing alone ungrouped. */
const char *fmt_count(const char *lang, double x);
/* A number with about `sig` significant digits (for estimates such as 0.873 or 12.4). */
const char *fmt_sig(const char *lang, double x, int sig);
/* A change, signed both ways: "+3,1", "−3,1", "0,0" (no sign on zero). */
const char *fmt_change(const char *lang, double x, int decimals);
/* The decimals that give the smallest nonzero of an estimate and its bounds `sig`
 * significant digits: one count of decimals for the three, so that "0,159 (0,0741
 * till 0,341)" never mixes them. */
int fmt_common_decimals(double est, double lo, double hi, int sig);
/* An interval "a till b" / "a to b" with `decimals` on both ends, signed as changes
 * when `sign`; "inget intervall" / "no interval" when both are NaN. */
const char *fmt_ci_dec(const char *lang, double lo, double hi, int decimals, int sign);
/* A share 0..1 as percent with `decimals` decimals: "27,5 %" / "27.5%". */
const char *fmt_pct(const char *lang, double share, int decimals);
/* A confidence interval "0,71–0,92" with `sig` significant digits; as percent when
 * pct is set.  "–" parts for NaN. */
const char *fmt_ci(const char *lang, double lo, double hi, int sig, int pct);
/* A difference of two shares (0..1 scale) in percentage points, signed: "−7,2 p.e." /
 * "+7.2 pp" when abbr (table cells), else "−7,2 procentenheter" / "+7.2 percentage
 * points" (sentences).  Never "%": a change from 30 % to 25 % is 5 points, not 5 %. */
const char *fmt_pp(const char *lang, double diff, int decimals, int abbr);
/* Its interval in the same unit, signed: "−11,3 till −3,1 p.e." / "−11.3 to +3.1 pp". */
const char *fmt_ci_pp(const char *lang, double lo, double hi, int decimals, int abbr);
/* The same, for a quantity that can be at most `limit` on the 0..1 scale (fmt_ci_pp: 1,
 * a change in one share; 2, a difference of two changes): a Wald interval that runs
 * past it is printed cut there and marked "(avkortat)" / "(truncated)" -- never beyond
 * what is possible, never cut silently. */
const char *fmt_ci_pp_limit(const char *lang, double lo, double hi, int decimals, int abbr,
                            double limit);
/* A p-value, one rule for every p in a report (a column never mixes "0,010" and
 * "0,01"): two decimals ("0,25", "0,01"), three when it prints below 0,01 with three
 * ("0,003"; 0.00996 is "0,01"), and "< 0,001" below 0.001, with a no-break space. */
const char *fmt_p(const char *lang, double p);
/* Kronor: "1 400 000 kr" / "SEK 1,400,000".  Every unit these functions write (%,
 * p.e./pp, kr/SEK) is joined to its number by a no-break space, so that "47 %" or
 * "−7,2 p.e." never breaks across lines in HTML or Markdown. */
const char *fmt_sek(const char *lang, double x);

/* A confidence level 0..1 as printed: "90 %" / "90%", "97,5 %" / "97.5%" (at most
 * two decimals, none when whole). */
const char *fmt_level(const char *lang, double conf);

/* How an interval is named.  Every heading, caption and sentence that names an
 * interval's level takes it from here, fed by the run's level, so that a spec with
 * conf_level = 0.90 cannot print "95 %" anywhere. */
enum ci_form {
    CI_ABBR,     /* "90 % KI" / "90% CI" (table headings) */
    CI_WORDS,    /* "90 % konfidensintervall" / "90% confidence interval" */
    CI_WORDS_PL  /* "90 % konfidensintervall" / "90% confidence intervals" */
};
const char *fmt_ci_label(const char *lang, double conf, enum ci_form form);

/* printf into the ring (at most 1023 bytes; longer output is cut at a UTF-8
 * boundary).  For short labels built from checked format strings. */
const char *fmt_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
