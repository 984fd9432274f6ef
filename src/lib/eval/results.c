/*
 * results — see results.h.
 */
#include "eval/results.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats/padjust.h"
#include "util/xalloc.h"

void results_init(struct results *res, const char *evaluation)
{
    memset(res, 0, sizeof(*res));
    res->evaluation = xstrdup(evaluation);
    res->next_family = 1;
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
    free(res->evaluation);
    memset(res, 0, sizeof(*res));
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
    const char *text = note && *note ? note : r->message;
    row->note = xstrdup(text ? text : "");
    return row;
}

int results_new_family(struct results *res)
{
    return res->next_family++;
}

void results_adjust(struct results *res)
{
    double *p = xmalloc((res->n + 1) * sizeof(*p));
    double *holm = xmalloc((res->n + 1) * sizeof(*holm));
    double *bh = xmalloc((res->n + 1) * sizeof(*bh));
    size_t *idx = xmalloc((res->n + 1) * sizeof(*idx));
    for (int fam = 1; fam < res->next_family; fam++) {
        size_t m = 0;
        for (size_t i = 0; i < res->n; i++) {
            struct result_row *r = &res->rows[i];
            if (r->family == fam && !r->suppressed && !isnan(r->r.p_value)) {
                p[m] = r->r.p_value;
                idx[m++] = i;
            }
        }
        if (!m)
            continue;
        if (p_adjust_holm(p, m, holm) != 0 || p_adjust_bh(p, m, bh) != 0)
            continue;
        for (size_t k = 0; k < m; k++) {
            res->rows[idx[k]].p_holm = holm[k];
            res->rows[idx[k]].p_bh = bh[k];
        }
    }
    free(p);
    free(holm);
    free(bh);
    free(idx);
}
