/*
 * group_tests — see group_tests.h.
 */
#include "eval/reason.h"
#include "eval/group_tests.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/format.h"
#include "stats/twogroup.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void tg_side_add(struct tg_side *s, double value, double scale_code)
{
    if (s->n_vals == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->vals = xrealloc(s->vals, s->cap * sizeof(double));
        s->scale = xrealloc(s->scale, s->cap * sizeof(double));
    }
    s->vals[s->n_vals++] = value;
    s->x += value;
    if (!isnan(scale_code))
        s->scale[s->n_scale++] = scale_code;
}

/* Index of x in v[0..n), or n. */
static size_t find_value(const double *v, size_t n, double x)
{
    size_t j = 0;
    while (j < n && v[j] != x)
        j++;
    return j;
}

bool tg_side_add_count(struct tg_side *s, double value, double scale_code, double count)
{
    size_t j = find_value(s->cval, s->n_cval, value);
    size_t q = isnan(scale_code) ? 0 : find_value(s->sval, s->n_sval, scale_code);
    if (j == TG_MAX_COUNTED || q == TG_MAX_COUNTED)
        return false;
    s->counted = true;
    if (j == s->n_cval) {
        s->cval[s->n_cval] = value;
        s->ccount[s->n_cval++] = 0;
    }
    s->ccount[j] += count;
    s->n_vals += (size_t)count;
    s->x += count * value;
    if (!isnan(scale_code)) {
        if (q == s->n_sval) {
            s->sval[s->n_sval] = scale_code;
            s->scount[s->n_sval++] = 0;
        }
        s->scount[q] += count;
        s->n_scale += (size_t)count;
    }
    return true;
}

void tg_side_release(struct tg_side *s)
{
    free(s->vals);
    free(s->scale);
    memset(s, 0, sizeof(*s));
}

/* The two-group tests name their groups "after" and "before" (stats/twogroup.h); for
 * two groups of one wave they are the first and the second group of a pair, named as
 * the user knows them: the reason's {g} placeholder reads their names from its name
 * argument (eval/reason.h). */
static void name_groups(struct stat_result *r, const char *a, const char *b)
{
    const char *t = reason_template(r->why.code, "en");
    if (!t || !strstr(t, "{g"))
        return;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s\x1f%s", a, b);
    stat_why_name(&r->why, sb.buf);
    strbuf_release(&sb);
}

/* The counts ca, cb of the codes codes[0..k) (in any order), into sa, sb in increasing
 * code order. */
static void scale_order(const double *codes, const double *ca, const double *cb, size_t k,
                        double *sa, double *sb)
{
    for (size_t j = 0; j < k; j++) {
        size_t r = 0; /* rank of codes[j]: the codes are distinct */
        for (size_t q = 0; q < k; q++)
            r += codes[q] < codes[j];
        sa[r] = ca[j];
        sb[r] = cb[j];
    }
}

/* A test's line in the table: interval, p and Holm p are filled in after the family
 * is adjusted. */
struct test_line {
    size_t row;         /* results row */
    size_t table_row;
    bool has_p, has_ci, pct;
    int sdec;           /* a signed difference: its decimals (estimate and interval); -1 */
};

/* How a test's estimate is printed. */
enum tg_style {
    TG_PLAIN,  /* a probability, a statistic: `digits` decimals */
    TG_PP,     /* a difference of shares: signed percentage points */
    TG_DIFF,   /* a difference of means: signed, three significant digits of the largest of
                  estimate and bounds, which group is higher said */
    TG_DELTA,  /* a standardised difference: signed, `digits` decimals, which group is
                  higher said */
    TG_CLIFF   /* Cliff's delta: signed, `digits` decimals, which group answers worse said */
};

/* Decimals for a difference of means and its interval: one count for the three numbers,
 * three significant digits of the largest (the smallest would give "−0,0481 till
 * 0,0234"), the rule the weighted tables of means follow (analyze_survey.c). */
int tg_diff_decimals(double est, double lo, double hi)
{
    double m = 0;
    const double v[3] = {est, lo, hi};
    for (int k = 0; k < 3; k++)
        if (isfinite(v[k]) && fabs(v[k]) > m)
            m = fabs(v[k]);
    if (m == 0)
        return 2;
    int d = 2 - (int)floor(log10(m));
    return d < 0 ? 0 : d > 6 ? 6 : d;
}

/* "+0,42 (högre efter)" / "−0,31 (first group lower)": a signed difference and which side
 * is higher (none when it rounds to zero); `worse`: the number is on a scale where
 * positive means worse answers (Cliff's delta), said as worse/better. */
const char *tg_signed_estimate(const struct eval_ctx *c, double est, int decimals,
                               bool before_after, bool worse, const char *first)
{
    const char *num = fmt_change(c->lang, est, decimals);
    if (!isfinite(est) || round(est * pow(10, decimals)) == 0)
        return num;
    bool up = est > 0;
    if (before_after)
        return fmt_text("%s (%s)", num,
                        worse ? (up ? L(c, "sämre efter", "worse after")
                                    : L(c, "bättre efter", "better after"))
                              : (up ? L(c, "högre efter", "higher after")
                                    : L(c, "lägre efter", "lower after")));
    if (!first)
        first = L(c, "första gruppen", "the first group");
    if (worse)
        return fmt_text(up ? L(c, "%s (sämre i %s)", "%s (worse in %s)")
                           : L(c, "%s (bättre i %s)", "%s (better in %s)"),
                        num, first);
    return fmt_text(up ? L(c, "%s (%s högre)", "%s (%s higher)")
                       : L(c, "%s (%s lägre)", "%s (%s lower)"),
                    num, first);
}

struct run {
    struct eval_ctx *c;
    const struct tg_table *tt;
    struct table *t;
    struct test_line *lines;
    size_t nl;
};

static void add_test(struct run *u, const struct tg_pair *p, const char *method, const char *term,
                     const char *name, const struct stat_result *r0, const char *caption,
                     int family, enum tg_style style, int digits)
{
    bool pct = style == TG_PP;
    struct eval_ctx *c = u->c;
    struct stat_result rr = *r0, *r = &rr;
    const struct tg_side *A = p->first, *B = p->second;
    if ((A->n_vals == 0 || B->n_vals == 0) && u->tt->before_after) {
        stat_result_failx(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_NO_ANSWERS_SIDE,
                          A->n_vals == 0 ? 1 : 0, NAN, NAN);
    } else if (A->n_vals == 0 || B->n_vals == 0) {
        stat_result_fail(r, STAT_NOT_ESTIMABLE, STAT_R_GROUP_EMPTY_NAMED);
        stat_why_name(&r->why, (A->n_vals == 0 ? A : B)->name);
    } else if (!u->tt->before_after)
        name_groups(r, A->name, B->name);
    struct strbuf note = STRBUF_INIT;
    if (stat_has_why(r))
        strbuf_addf(&note, "%s; ", stat_why_text("en", r)); /* results.csv: English */
    strbuf_addstr(&note, caption);
    struct result_row *row = results_add(c->res, u->tt->analysis, u->tt->outcome, p->group,
                                         method, term, r, note.buf);
    strbuf_release(&note);
    row->suppressed = p->hide;
    if (p->hide) { /* a withheld row keeps no message that could describe the small group */
        row->note[0] = '\0';
        return;
    }
    if (family && !isnan(r->p_value))
        row->family = family;
    const char *est = "";
    int sdec = style == TG_DIFF                          ? tg_diff_decimals(r->estimate, r->conf_low,
                                                                          r->conf_high)
               : style == TG_DELTA || style == TG_CLIFF ? digits
                                                        : -1;
    if (!stat_ok(r))
        est = fmt_text(L(c, "gjordes inte: %s", "not done: %s"), stat_why_text(c->lang, r));
    else if (!isnan(r->estimate) && sdec >= 0)
        est = tg_signed_estimate(c, r->estimate, sdec, u->tt->before_after, style == TG_CLIFF,
                                 p->first_label);
    else if (!isnan(r->estimate))
        est = pct ? fmt_pp(c->lang, r->estimate, 1, 1) : fmt_num(c->lang, r->estimate, digits);
    else if (!isnan(r->statistic)) /* a chi-square test has a statistic, no estimate */
        est = fmt_text("χ² = %s", fmt_num(c->lang, r->statistic, 2));
    table_add_row(u->t, (const char *const[]){p->text, name, est, "", "", ""});
    u->lines = xrealloc(u->lines, (u->nl + 1) * sizeof(*u->lines));
    u->lines[u->nl++] = (struct test_line){c->res->n - 1, u->t->n_rows - 1, !isnan(r->p_value),
                                           stat_ok(r) && !isnan(r->conf_low), pct, sdec};
}

void tg_run(struct eval_ctx *c, const struct tg_table *tt, const struct tg_pair *pairs, size_t np)
{
    bool ba = tt->before_after;
    struct run u = {.c = c, .tt = tt};
    u.t = table_new(ba ? "group_tests" : "compare_tests", tt->title, 6,
                    (const char *const[]){ba ? L(c, "Grupp", "Group")
                                             : L(c, "Jämförelse", "Comparison"),
                                          L(c, "Test", "Test"), L(c, "Skattning", "Estimate"),
                                          eval_ci(c, CI_ABBR), L(c, "p", "p"),
                                          L(c, "p (Holm)", "p (Holm)")},
                    (const bool[]){false, false, true, true, true, true});
    int fam_share = results_new_family(c->res), fam_welch = results_new_family(c->res),
        fam_dist = results_new_family(c->res), fam_mw = results_new_family(c->res);
    const char *diff_term = ba ? "difference" : "group_difference";
    for (size_t k = 0; k < np; k++) {
        const struct tg_pair *p = &pairs[k];
        const struct tg_side *A = p->first, *B = p->second;
        if (p->hide) /* one line for the pair; its results rows are withheld below */
            table_add_row(u.t, (const char *const[]){p->text, L(c, "för få svar", "too few answers"),
                                                     "", "", "", ""});
        if (tt->measure == MEASURE_INDICATOR) {
            struct stat_result r = prop_diff_newcombe(A->x, (double)A->n_vals, B->x,
                                                      (double)B->n_vals, c->conf);
            add_test(&u, p, "newcombe", diff_term,
                     L(c, "Skillnad i andel (Newcombe), χ²-test",
                       "Difference in share (Newcombe), chi-square test"),
                     &r,
                     ba ? "difference of the unweighted shares, after minus before; Newcombe "
                          "interval, Pearson chi-square test"
                        : "difference of the unweighted shares, first group minus second; "
                          "Newcombe interval, Pearson chi-square test",
                     fam_share, TG_PP, 0);
        } else {
            struct stat_result w;
            struct smd_result s;
            double ma, va, na, mb, vb, nb;
            if (!A->counted || !B->counted) {
                w = welch_ttest(A->vals, A->n_vals, B->vals, B->n_vals, c->conf);
                smd(A->vals, A->n_vals, B->vals, B->n_vals, c->conf, &s);
            } else if (moments_counts(A->cval, A->ccount, A->n_cval, &ma, &va, &na) &&
                       moments_counts(B->cval, B->ccount, B->n_cval, &mb, &vb, &nb)) {
                /* from the counts: as supporting_tests() of analyze_survey.c */
                w = welch_ttest_summary(ma, va, na, mb, vb, nb, c->conf);
                smd_summary(ma, va, na, mb, vb, nb, c->conf, &s);
            } else { /* not reached: a code's value is finite; as the arrays would refuse it */
                double inf = INFINITY;
                w = welch_ttest(&inf, 1, &inf, 1, c->conf);
                smd(&inf, 1, &inf, 1, c->conf, &s);
            }
            add_test(&u, p, "welch_t", diff_term,
                     L(c, "Skillnad i medelvärde (Welch t)", "Difference in means (Welch t)"), &w,
                     ba ? "difference of the unweighted means, after minus before"
                        : "difference of the unweighted means, first group minus second",
                     fam_welch, TG_DIFF, 0);
            add_test(&u, p, "hedges_g", "g", L(c, "Hedges g", "Hedges' g"), &s.g,
                     ba ? "standardised difference, after minus before"
                        : "standardised difference, first group minus second",
                     0, TG_DELTA, 2);
        }
        /* answers on an ordered scale: the whole distribution and its shift */
        size_t nd = 0;
        double codes[64];
        bool more = false; /* more than 64 codes: the tests read the answers themselves */
        for (int s = 0; s < 2; s++) {
            const struct tg_side *G = s ? B : A;
            for (size_t i = 0; G->counted && i < G->n_sval; i++) {
                size_t j = find_value(codes, nd, G->sval[i]);
                if (j == nd && nd < 64)
                    codes[nd++] = G->sval[i];
                else if (j == nd)
                    more = true; /* not reached: two sides of at most 64 codes of one scale */
            }
            for (size_t i = 0; !G->counted && i < G->n_scale; i++) {
                bool dup = false;
                for (size_t j = 0; j < nd && !dup; j++)
                    dup = codes[j] == G->scale[i];
                if (!dup && nd < 64)
                    codes[nd++] = G->scale[i];
                else if (!dup)
                    more = true;
            }
        }
        if (nd >= 1) {
            double ca[64] = {0}, cb[64] = {0};
            for (int s = 0; s < 2; s++) {
                const struct tg_side *G = s ? B : A;
                for (size_t i = 0; G->counted && i < G->n_sval; i++) {
                    size_t j = find_value(codes, nd, G->sval[i]);
                    if (j < nd)
                        (s ? cb : ca)[j] += G->scount[i];
                }
                for (size_t i = 0; !G->counted && i < G->n_scale; i++)
                    for (size_t j = 0; j < nd; j++)
                        if (codes[j] == G->scale[i])
                            (s ? cb : ca)[j] += 1;
            }
            struct stat_result chi = chisq_kx2(ca, cb, nd);
            add_test(&u, p, "chisq_kx2", "distribution",
                     L(c, "Hela svarsfördelningen (χ²)", "Whole answer distribution (chi-square)"),
                     &chi,
                     ba ? "chi-square test of the answer distributions after and before"
                        : "chi-square test of the answer distributions of the two groups",
                     fam_dist, TG_PLAIN, 2);
            /* Mann-Whitney and Cliff's delta from the counts in scale order (stats/codetab.h):
             * the same bits as from the answers (twogroup.h counts them the same way), in
             * O(codes) instead of a sort of every answer */
            double sa[64], sb[64];
            scale_order(codes, ca, cb, nd, sa, sb);
            struct stat_result mw =
                more ? mann_whitney(A->scale, A->n_scale, B->scale, B->n_scale, NULL)
                     : mann_whitney_counts(sa, sb, nd, NULL);
            add_test(&u, p, "mann_whitney", "p_worse",
                     ba ? L(c, "Mann–Whitney: sannolikhet att ett svar efter är sämre",
                            "Mann–Whitney: probability that an answer after is worse")
                        : L(c, "Mann–Whitney: sannolikhet att ett svar i första gruppen är sämre",
                            "Mann–Whitney: probability that an answer in the first group is "
                            "worse"),
                     &mw,
                     ba ? "estimate: probability that an answer after is worse than one before "
                          "(ties half)"
                        : "estimate: probability that an answer in the first group is worse "
                          "than one in the second (ties half)",
                     fam_mw, TG_PLAIN, 3);
            struct stat_result cd = more ? cliff_delta(A->scale, A->n_scale, B->scale, B->n_scale)
                                         : cliff_delta_counts(sa, sb, nd);
            struct strbuf cap = STRBUF_INIT;
            strbuf_addstr(&cap, ba ? "positive: answers after tend to be worse than before"
                                   : "positive: answers in the first group tend to be worse");
            if (tt->cliff_interval && !p->hide && stat_ok(&cd))
                tt->cliff_interval(tt->ctx, k, &cd, &cap);
            else
                strbuf_addstr(&cap, " (no interval)");
            add_test(&u, p, "cliff_delta", "delta",
                     ba ? L(c, "Cliffs delta (positivt = sämre efter)",
                            "Cliff's delta (positive = worse after)")
                        : L(c, "Cliffs delta (positivt = sämre i första gruppen)",
                            "Cliff's delta (positive = worse in the first group)"),
                     &cd, cap.buf, 0, TG_CLIFF, 3);
            strbuf_release(&cap);
        } else if (tt->measure != MEASURE_INDICATOR) {
            struct stat_result mw;
            if (A->counted && B->counted) {
                /* the values in increasing order with each side's counts (as scale codes) */
                double vv[2 * TG_MAX_COUNTED], va[2 * TG_MAX_COUNTED] = {0},
                                               vb[2 * TG_MAX_COUNTED] = {0};
                size_t nv = 0;
                for (int s = 0; s < 2; s++) {
                    const struct tg_side *G = s ? B : A;
                    for (size_t i = 0; i < G->n_cval; i++)
                        if (find_value(vv, nv, G->cval[i]) == nv)
                            vv[nv++] = G->cval[i];
                }
                double ca[2 * TG_MAX_COUNTED] = {0}, cb[2 * TG_MAX_COUNTED] = {0};
                for (size_t i = 0; i < A->n_cval; i++)
                    ca[find_value(vv, nv, A->cval[i])] += A->ccount[i];
                for (size_t i = 0; i < B->n_cval; i++)
                    cb[find_value(vv, nv, B->cval[i])] += B->ccount[i];
                for (size_t j = 0; j < nv; j++) { /* rank of each value: they are distinct */
                    size_t r = 0;
                    for (size_t q = 0; q < nv; q++)
                        r += vv[q] < vv[j];
                    va[r] = ca[j];
                    vb[r] = cb[j];
                }
                mw = mann_whitney_counts(va, vb, nv, NULL);
            } else {
                mw = mann_whitney(A->vals, A->n_vals, B->vals, B->n_vals, NULL);
            }
            add_test(&u, p, "mann_whitney", "p_higher",
                     ba ? L(c, "Mann–Whitney: sannolikhet att ett värde efter är högre",
                            "Mann–Whitney: probability that a value after is higher")
                        : L(c, "Mann–Whitney: sannolikhet att ett värde i första gruppen är "
                               "högre",
                            "Mann–Whitney: probability that a value in the first group is "
                            "higher"),
                     &mw,
                     ba ? "estimate: probability that a value after is higher than one before "
                          "(ties half)"
                        : "estimate: probability that a value in the first group is higher "
                          "than one in the second (ties half)",
                     fam_mw, TG_PLAIN, 3);
        }
    }
    results_adjust(c->res);
    for (size_t k = 0; k < u.nl; k++) {
        const struct result_row *rr = &c->res->rows[u.lines[k].row];
        if (u.lines[k].has_ci)
            table_set_cell(u.t, u.lines[k].table_row, 3,
                           u.lines[k].pct
                               ? fmt_ci_pp(c->lang, rr->r.conf_low, rr->r.conf_high, 1, 1)
                           : u.lines[k].sdec >= 0
                               ? fmt_ci_dec(c->lang, rr->r.conf_low, rr->r.conf_high,
                                            u.lines[k].sdec, 1)
                               : fmt_ci(c->lang, rr->r.conf_low, rr->r.conf_high, 3, 0));
        if (u.lines[k].has_p) {
            table_set_cell(u.t, u.lines[k].table_row, 4, fmt_p(c->lang, rr->r.p_value));
            if (!isnan(rr->p_holm))
                table_set_cell(u.t, u.lines[k].table_row, 5, fmt_p(c->lang, rr->p_holm));
        }
    }
    free(u.lines);
    if (u.t->n_rows)
        doc_table(c->survey, u.t, NULL, tt->caption);
    else
        table_free(u.t);
}
