/*
 * describe_alpha — see describe_alpha.h.
 */
#include "eval/describe_alpha.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/format.h"
#include "eval/survey_common.h"
#include "stats/reliability.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One wave of one item group: the rows, the alpha, withheld or not. */
static void alpha_wave(struct eval_ctx *c, const struct outcome *o, const struct survey_data *d,
                       const size_t *items, const bool *harm, size_t k, size_t w,
                       enum survey_measure m, bool (*row_ok)(const void *, size_t),
                       const void *ctx, const char *outcome, struct table *tab)
{
    size_t cap = d->wave_end[w] - d->wave_begin[w];
    double *x = xmalloc((cap ? cap : 1) * k * sizeof(double));
    size_t n = 0;
    for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
        if (!row_ok(ctx, i))
            continue;
        double *row = x + n * k;
        bool any = false;
        for (size_t j = 0; j < k; j++) {
            double v = survey_value(d, items[j], i, m, harm[j]);
            const struct cb_variable *cbv = survey_var_of(d, items[j], i);
            /* a higher value is the worse answer on every item (psych's keys) */
            if (cbv && cbv->reversed && !isnan(v))
                v = -v;
            row[j] = v;
            any |= !isnan(v);
        }
        if (any)
            n++;
    }
    struct alpha_result a;
    cronbach_alpha(x, n, k, c->conf, &a);
    free(x);
    char group[128];
    snprintf(group, sizeof group, "wave %s", d->waves[w].label);
    bool hide = n > 0 && n < (size_t)c->opt->min_cell;
    const char *term[2] = {"raw", "standardized"};
    const struct stat_result *r[2] = {&a.raw, &a.std};
    for (int t = 0; t < 2; t++) {
        struct result_row *row =
            results_add(c->res, o->id, outcome, group, "cronbach_alpha", term[t], r[t], NULL);
        row->suppressed = hide;
        if (hide)
            row->note[0] = '\0';
    }
    const char *cells[5];
    cells[0] = d->waves[w].label;
    if (hide) {
        cells[1] = L(c, "för få svar", "too few answers");
        cells[2] = cells[3] = cells[4] = "";
    } else {
        cells[1] = stat_ok(&a.raw) ? fmt_num(c->lang, a.raw.estimate, 2) : "\xe2\x80\x93";
        cells[2] = stat_ok(&a.raw) && !isnan(a.raw.conf_low)
                       ? fmt_text("%s \xe2\x80\x93 %s", fmt_num(c->lang, a.raw.conf_low, 2),
                                  fmt_num(c->lang, a.raw.conf_high, 2))
                       : "\xe2\x80\x93";
        cells[3] = stat_ok(&a.std) ? fmt_num(c->lang, a.std.estimate, 2) : "\xe2\x80\x93";
        cells[4] = fmt_num(c->lang, (double)n, 0);
    }
    table_add_row(tab, cells);
}

void describe_alpha(struct eval_ctx *c, const struct outcome *o, const struct survey_data *d,
                    const size_t *vars, size_t n_vars, const bool *wave_used,
                    bool (*row_ok)(const void *ctx, size_t i), const void *ctx)
{
    enum survey_measure m = o->measure == MEASURE_SCORE ? MEASURE_SCORE : MEASURE_MEAN;
    size_t *items = xmalloc((n_vars ? n_vars : 1) * sizeof(size_t));
    bool *harm = xmalloc((n_vars ? n_vars : 1) * sizeof(bool));
    for (size_t a = 0; a < n_vars; a++) {
        const char *g = survey_var_any(d, vars[a])->group;
        bool first = g != NULL;
        for (size_t b = 0; first && b < a; b++) {
            const char *h = survey_var_any(d, vars[b])->group;
            first = !(h && !strcmp(h, g));
        }
        if (!first)
            continue; /* no group, or its group was done at its first item */
        size_t k = 0;
        for (size_t b = a; b < n_vars; b++) {
            const char *h = survey_var_any(d, vars[b])->group;
            bool dup = false;
            for (size_t e = 0; e < k; e++)
                dup |= items[e] == vars[b];
            if (h && !strcmp(h, g) && !dup) {
                char why[512];
                harm[k] = survey_comparability(d, vars[b], wave_used, why, sizeof why, c->lang) ==
                          COMPARABLE_HARMONIZED;
                items[k++] = vars[b];
            }
        }
        if (k < 2)
            continue;
        char *outcome = xstrdup(fmt_text("index: %s", g));
        struct strbuf head = STRBUF_INIT;
        strbuf_addf(&head, L(c, "Index %s: intern konsistens", "Index %s: internal consistency"),
                    g);
        doc_heading(c->survey, 3, NULL, head.buf);
        strbuf_release(&head);
        struct table *tab = table_new(
            "describe-alpha", L(c, "Cronbachs alfa", "Cronbach's alpha"), 5,
            (const char *const[]){L(c, "År", "Year"), L(c, "Alfa", "Alpha"),
                                  fmt_text("%s", eval_ci(c, CI_ABBR)),
                                  L(c, "Standardiserad alfa", "Standardised alpha"),
                                  L(c, "Svarande", "Respondents")},
            (const bool[]){false, true, true, true, true});
        for (size_t w = 0; w < d->n_waves; w++)
            if (wave_used[w])
                alpha_wave(c, o, d, items, harm, k, w, m, row_ok, ctx, outcome, tab);
        struct strbuf ids = STRBUF_INIT;
        for (size_t e = 0; e < k; e++)
            strbuf_addf(&ids, "%s%s", e ? ", " : "", survey_var_any(d, items[e])->id);
        doc_table(c->survey, tab, NULL,
                  fmt_text(L(c, "Frågorna %s bildar indexet %s i kodboken. Cronbachs alfa (R: "
                                "psych::alpha) på de svarandes värden, frågor där ett högre "
                                "värde är bättre vända först; saknade svar parvis. Intervallet "
                                "är alfa ± z·ase (Duhachek & Iacobucci). Ovägt.",
                                "The questions %s form the index %s in the codebook. "
                                "Cronbach's alpha (R: psych::alpha) on the respondents' values, "
                                "questions where a higher value is better turned round first; "
                                "missing answers pairwise. The interval is alpha ± z·ase "
                                "(Duhachek & Iacobucci). Unweighted."),
                           ids.buf, g));
        strbuf_release(&ids);
        free(outcome);
    }
    free(harm);
    free(items);
}
