/*
 * group_tests — the unweighted two-group tests of survey answers, for a list of pairs
 * of groups of respondents, as a table of the report and rows of the results file.
 *
 * A pair is a first group against a second: in a [compare] section two groups of one
 * wave (analyze_compare.c), in a [survey] section the answers after against the answers
 * before within one subgroup or the comparison area (analyze_survey.c, "the unweighted
 * tests per subgroup, not only for the target area").  Per pair: for a share the
 * difference with Newcombe's interval and the chi-square test (R: prop.test(correct =
 * FALSE)), for a mean Welch's t and Hedges' g (t.test); for answers on an ordered scale
 * the chi-square test of the two answer distributions (chisq.test), Mann–Whitney with
 * the probability that an answer in the first group is worse (wilcox.test(exact =
 * FALSE, correct = TRUE)) and Cliff's delta; for values without a scale Mann–Whitney on
 * the values.  Each test is a family over the pairs (Holm and Benjamini–Hochberg).  A
 * pair that is withheld (either group) publishes no number; a test that cannot be done
 * says why, naming the group.
 */
#ifndef TRYGG_EVAL_GROUP_TESTS_H
#define TRYGG_EVAL_GROUP_TESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/context.h"
#include "util/strbuf.h"

/* The answers of one group: one entry per answer (tg_side_add), or counted — each
 * distinct value and scale code with how many answers have it (tg_side_add_count; from
 * answer-code cells, eval/survey_keycells.h).  A pair's two sides are of one kind. */
#define TG_MAX_COUNTED 64
struct tg_side {
    double *vals;      /* the analysed value of each valid answer */
    double *scale;     /* the scale code of each answer on the scale, higher = worse */
    size_t n_vals, n_scale, cap;
    double x;          /* indicator: answers counted */
    const char *name;  /* in messages of the results file (Swedish label, or "after") */
    bool counted;
    double cval[TG_MAX_COUNTED], ccount[TG_MAX_COUNTED]; /* counted: values, counts */
    double sval[TG_MAX_COUNTED], scount[TG_MAX_COUNTED]; /* counted: scale codes, counts */
    size_t n_cval, n_sval;
};

/* Adds an answer: its value, and its scale code (NaN when not on a scale). */
void tg_side_add(struct tg_side *s, double value, double scale_code);
/* Adds `count` answers with one value and scale code to a counted side.  Returns false
 * (nothing added) when the side would hold more than TG_MAX_COUNTED distinct values or
 * scale codes: the caller then gives the answers one by one. */
bool tg_side_add_count(struct tg_side *s, double value, double scale_code, double count);
void tg_side_release(struct tg_side *s);

struct tg_pair {
    struct tg_side *first, *second;
    const char *group;   /* results "group" */
    const char *text;    /* the row label in the report */
    bool hide;           /* withheld by the disclosure control */
    const char *first_label; /* the first group's name in the report language, for "which
                                group is higher" (NULL: "the first group") */
};

struct tg_table {
    const char *analysis, *outcome; /* results "analysis" and "outcome" */
    enum survey_measure measure;    /* MEASURE_INDICATOR: a share */
    bool before_after;              /* the pairs are after against before */
    const char *title;              /* table title (report language) */
    const char *caption;            /* table note (report language) */
    /* optional: puts an interval on Cliff's delta of pair k (*cd, estimate set) and says
     * how it was made in *note (appended); NULL: delta has no interval */
    void (*cliff_interval)(void *ctx, size_t pair, struct stat_result *cd, struct strbuf *note);
    void *ctx;
};

/* Runs the tests of every pair, adds the results rows (each test a family) and the
 * table (nothing when no pair is published). */
void tg_run(struct eval_ctx *c, const struct tg_table *tt, const struct tg_pair *pairs,
            size_t np);

/* Decimals for a difference of means and its interval (one count for all three). */
int tg_diff_decimals(double est, double lo, double hi);
/* A signed difference with which side is higher in words: "+0,42 (högre efter)"
 * (before_after) or "−0,31 (first group lower)"; with `worse` (positive = worse answers,
 * Cliff's delta) "−0,090 (bättre efter)"; two groups of one wave: "+1,8 (16-29 högre)"
 * with first the first group's name (NULL: "the first group"); a ring buffer of
 * eval/format.h. */
const char *tg_signed_estimate(const struct eval_ctx *c, double est, int decimals,
                               bool before_after, bool worse, const char *first);

#endif
