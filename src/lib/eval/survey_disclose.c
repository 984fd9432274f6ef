/*
 * survey_disclose — survey cells for the run's disclosure control.
 */
#include "eval/survey_disclose.h"

#include <math.h>
#include <stdlib.h>

#include "eval/disclosure.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

bool survey_disclose_rows(struct eval_ctx *c, const struct survey_data *d, size_t var,
                          const uint32_t *rows, size_t n)
{
    struct disclosure *ds = c->opt->disc;
    if (!ds)
        return n > 0 && n < (size_t)c->opt->min_cell;
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "%s\x1f%s", d->survey, d->var_ids[var]);
    bool hide = disclosure_cell(ds, key.buf, rows, n);
    strbuf_release(&key);
    return hide;
}

void survey_disclose_domains(struct eval_ctx *c, const struct survey_data *d, size_t var,
                             const double *y, const struct survey_domains *sd, bool *hide)
{
    size_t nd = sd->n_domains;
    size_t *count = xcalloc(nd ? nd : 1, sizeof(size_t));
    size_t *cap = xcalloc(nd ? nd : 1, sizeof(size_t));
    uint32_t **rows = xcalloc(nd ? nd : 1, sizeof(uint32_t *));
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(size_t));
    /* one pass: each domain's members, in arrays that double as they fill */
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!sd->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            if (isnan(y[i]))
                continue;
            size_t m = sd->dom(sd->ctx, i, doms);
            for (size_t j = 0; j < m; j++) {
                size_t k = doms[j];
                if (count[k] == cap[k]) {
                    cap[k] = cap[k] ? 2 * cap[k] : 256;
                    rows[k] = xrealloc(rows[k], cap[k] * sizeof(uint32_t));
                }
                rows[k][count[k]++] = (uint32_t)i;
            }
        }
    }
    for (size_t k = 0; k < nd; k++) {
        /* a cell is known by its members in ascending order; waves need not be
         * stored in the order they are listed */
        bool sorted = true;
        for (size_t j = 1; j < count[k] && sorted; j++)
            sorted = rows[k][j - 1] < rows[k][j];
        if (!sorted)
            qsort(rows[k], count[k], sizeof(uint32_t), cmp_u32);
        static const uint32_t none = 0; /* an empty cell still has a members pointer */
        hide[k] = survey_disclose_rows(c, d, var, rows[k] ? rows[k] : &none, count[k]);
        free(rows[k]);
    }
    free(rows);
    free(cap);
    free(doms);
    free(count);
}
