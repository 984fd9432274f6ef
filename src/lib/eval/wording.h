/*
 * wording — what an estimate says, in words, derived from the estimate and its
 * interval; and a criterion's rule in words.
 *
 * A report must never print a rule beside a number ("above 1: the trend turned
 * upwards" next to 0.980): every reading here is computed from the number it sits
 * beside — its direction and size, and whether the interval excludes no change — so
 * the narrative cannot contradict the table (REPORTING.md rule 9).
 */
#ifndef TRYGG_EVAL_WORDING_H
#define TRYGG_EVAL_WORDING_H

#include "eval/context.h"
#include "util/strbuf.h"

/* What kind of number a reading is about. */
enum reading_kind {
    READ_RATE_RATIO, /* after/before, counts per month (or per resident and month) */
    READ_LEVEL,      /* ITS level change: right after the start, against the expected */
    READ_SLOPE,      /* ITS slope change per month (a ratio per month) */
    READ_DID,        /* ratio of rate ratios, target against comparison */
    READ_RES,        /* relative effect size (the inverse of the DiD ratio) */
    READ_RES_OD,     /* RES with the overdispersion-inflated interval */
    READ_WDQ,        /* weighted displacement quotient */
    READ_WDD         /* weighted displacement difference (cases per month) */
};

/* Appends the reading of r (which must be estimable).  `rate`: the counts are per
 * resident (a population offset), so a rate ratio compares rates, not counts. */
void reading_text(const struct eval_ctx *c, enum reading_kind kind, const struct stat_result *r,
                  bool rate, struct strbuf *out);

/* Whether a ratio is read as a multiple ("2,5 gånger så högt" / "2.5 times as high")
 * rather than as a percentage change: from a doubling on, where "152 % higher" reads as
 * less than it is. */
bool ratio_is_multiple(double rr);

/* Appends the size and direction of a ratio's change: "28 % lower" / "12 % higher"
 * (`decimals` on the percentage), "2.5 times as high" from a doubling on (one decimal,
 * none from ten); with `counts`, "fewer" / "more" / "times as many".  No "about", no
 * "unchanged": the caller says those. */
void ratio_size_text(const struct eval_ctx *c, double rr, int decimals, bool counts,
                     struct strbuf *out);

/* The same against a reference named in words: "28 % lower than expected" / "2.5 times
 * as high as expected" (than_sv/than_en: "väntat"/"expected"). */
void ratio_against_text(const struct eval_ctx *c, double rr, int decimals, const char *than_sv,
                        const char *than_en, struct strbuf *out);

/* Whether the interval of r excludes the value of no change (1 for a ratio, 0 for a
 * difference); false when there is no interval. */
bool interval_excludes(const struct stat_result *r, double no_change);

/* Appends a criterion's rule in words: "the interval's upper bound below 1 (the
 * whole interval shows a fall)".  `ratio`: 1 is no change (else
 * 0); `share_diff`: the values are differences of shares, written in percentage
 * points. */
void rule_words(const struct eval_ctx *c, const struct criterion *cr, bool ratio,
                bool share_diff, struct strbuf *out);

/* Prevented cases (counterfactual - observed, pr's estimate and interval) in words, each
 * end with its direction so no reader needs the sign convention: "89 fewer cases than
 * expected (interval from 13 more to 192 fewer)", "12 more than expected (interval 3 to
 * 20 more)".  `noun` (NULL: "fall"/"cases") names what is counted. */
void cases_vs_expected(const struct eval_ctx *c, const struct stat_result *pr, const char *noun,
                       struct strbuf *sb);

#endif
