/*
 * results — see results.h.
 */
#include "eval/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/reason.h"
#include "stats/padjust.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void results_init(struct results *res, const char *evaluation)
{
    memset(res, 0, sizeof(*res));
    res->evaluation = xstrdup(evaluation);
    res->conf_level = NAN;
    res->next_family = 1;
}

double result_row_conf_level(const struct results *res, const struct result_row *row)
{
    if (isnan(row->r.conf_low) && isnan(row->r.conf_high))
        return NAN;
    return row->r.conf_level > 0 && row->r.conf_level < 1 ? row->r.conf_level : res->conf_level;
}

void results_release(struct results *res)
{
    for (size_t i = 0; i < res->n; i++) {
        struct result_row *r = &res->rows[i];
        free(r->analysis);
        free(r->outcome);
        free(r->group);
        free(r->method);
        free(r->term);
        free(r->note);
    }
    free(res->rows);
    for (size_t i = 0; i < res->n_titles; i++) {
        free(res->titles[i].analysis);
        free(res->titles[i].outcome);
        free(res->titles[i].title);
    }
    free(res->titles);
    strmap_release(&res->title_index);
    free(res->evaluation);
    memset(res, 0, sizeof(*res));
}

static void title_key(struct strbuf *key, const char *analysis, const char *outcome)
{
    strbuf_addf(key, "%s\x1f%s", analysis ? analysis : "", outcome ? outcome : "");
}

void results_set_title(struct results *res, const char *analysis, const char *outcome,
                       const char *title)
{
    if (!title)
        return;
    struct strbuf key = STRBUF_INIT;
    title_key(&key, analysis, outcome);
    int64_t at;
    if (strmap_get(&res->title_index, key.buf, key.len, &at)) {
        free(res->titles[at].title);
        res->titles[at].title = xstrdup(title);
    } else {
        res->titles = xgrow(res->titles, sizeof(*res->titles), res->n_titles + 1,
                            &res->titles_alloc);
        struct result_title *t = &res->titles[res->n_titles];
        t->analysis = xstrdup(analysis ? analysis : "");
        t->outcome = xstrdup(outcome ? outcome : "");
        t->title = xstrdup(title);
        strmap_put(&res->title_index, key.buf, key.len, (int64_t)res->n_titles++);
    }
    strbuf_release(&key);
}

const char *results_title(const struct results *res, const char *analysis, const char *outcome)
{
    struct strbuf key = STRBUF_INIT;
    title_key(&key, analysis, outcome);
    int64_t at;
    bool found = strmap_get(&res->title_index, key.buf, key.len, &at);
    strbuf_release(&key);
    return found ? res->titles[at].title : outcome ? outcome : "";
}

void results_reserve(struct results *res, size_t more)
{
    if (res->n + more > res->alloc) {
        res->rows = xrealloc(res->rows, (res->n + more) * sizeof(*res->rows));
        res->alloc = res->n + more;
    }
}

struct result_row *results_add(struct results *res, const char *analysis, const char *outcome,
                               const char *group, const char *method, const char *term,
                               const struct stat_result *r, const char *note)
{
    res->rows = xgrow(res->rows, sizeof(*res->rows), res->n + 1, &res->alloc);
    struct result_row *row = &res->rows[res->n++];
    memset(row, 0, sizeof(*row));
    row->analysis = xstrdup(analysis ? analysis : "");
    row->outcome = xstrdup(outcome ? outcome : "");
    row->group = xstrdup(group ? group : "");
    row->method = xstrdup(method);
    row->term = xstrdup(term);
    row->r = *r;
    row->p_holm = NAN;
    row->p_bh = NAN;
    /* results.csv is the same in both languages: a reason without a note of the
     * caller's is written in English (and by its code, stat_reason_name) */
    const char *text = note && *note ? note : reason_text("en", &r->why);
    row->note = xstrdup(text ? text : "");
    return row;
}

const char *result_row_reason(const struct result_row *row)
{
    return row->suppressed ? "suppressed" : stat_reason_name(row->r.why.code);
}

int results_new_family(struct results *res)
{
    return res->next_family++;
}

void results_adjust(struct results *res)
{
    /* Group the rows that take part by family in one pass (a counting sort, stable), so
     * a run with thousands of families costs linear time, not families x rows. */
    int n_fam = res->next_family > 1 ? res->next_family : 1;
    size_t *first = xcalloc((size_t)n_fam + 1, sizeof(*first));
    for (size_t i = 0; i < res->n; i++) {
        const struct result_row *r = &res->rows[i];
        if (r->family > 0 && r->family < n_fam && !r->suppressed && !isnan(r->r.p_value))
            first[r->family + 1]++;
    }
    for (int f = 0; f < n_fam; f++)
        first[f + 1] += first[f];
    size_t total = first[n_fam];
    size_t *idx = xmalloc((total + 1) * sizeof(*idx));
    size_t *fill = xcalloc((size_t)n_fam + 1, sizeof(*fill));
    for (size_t i = 0; i < res->n; i++) {
        const struct result_row *r = &res->rows[i];
        if (r->family > 0 && r->family < n_fam && !r->suppressed && !isnan(r->r.p_value))
            idx[first[r->family] + fill[r->family]++] = i;
    }
    free(fill);
    double *p = xmalloc((total + 1) * sizeof(*p));
    double *holm = xmalloc((total + 1) * sizeof(*holm));
    double *bh = xmalloc((total + 1) * sizeof(*bh));
    for (int fam = 1; fam < n_fam; fam++) {
        const size_t *rows = idx + first[fam];
        size_t m = first[fam + 1] - first[fam];
        if (!m)
            continue;
        for (size_t k = 0; k < m; k++)
            p[k] = res->rows[rows[k]].r.p_value;
        if (p_adjust_holm(p, m, holm) != 0 || p_adjust_bh(p, m, bh) != 0)
            continue;
        for (size_t k = 0; k < m; k++) {
            res->rows[rows[k]].p_holm = holm[k];
            res->rows[rows[k]].p_bh = bh[k];
        }
    }
    free(p);
    free(holm);
    free(bh);
    free(idx);
    free(first);
}
