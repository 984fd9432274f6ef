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

/* Whether the interval of r excludes the value of no change (1 for a ratio, 0 for a
 * difference); false when there is no interval. */
bool interval_excludes(const struct stat_result *r, double no_change);

/* Appends a criterion's rule in words: "the interval's upper bound below 1 (the
 * whole interval shows a fall)".  `ratio`: 1 is no change (else
 * 0); `share_diff`: the values are differences of shares, written in percentage
 * points. */
void rule_words(const struct eval_ctx *c, const struct criterion *cr, bool ratio,
                bool share_diff, struct strbuf *out);

#endif
