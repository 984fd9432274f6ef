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
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(size_t));
    for (int pass = 0; pass < 2; pass++) {
        uint32_t **rows = NULL;
        if (pass == 1) {
            rows = xcalloc(nd ? nd : 1, sizeof(uint32_t *));
            for (size_t k = 0; k < nd; k++) {
                rows[k] = xmalloc((count[k] ? count[k] : 1) * sizeof(uint32_t));
                count[k] = 0;
            }
        }
        for (size_t w = 0; w < d->n_waves; w++) {
            if (!sd->waves[w])
                continue;
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                if (isnan(y[i]))
                    continue;
                size_t m = sd->dom(sd->ctx, i, doms);
                for (size_t j = 0; j < m; j++) {
                    size_t k = doms[j];
                    if (pass == 1)
                        rows[k][count[k]] = (uint32_t)i;
                    count[k]++;
                }
            }
        }
        if (pass == 1) {
            for (size_t k = 0; k < nd; k++) {
                /* a cell is known by its members in ascending order; waves need not be
                 * stored in the order they are listed */
                bool sorted = true;
                for (size_t j = 1; j < count[k] && sorted; j++)
                    sorted = rows[k][j - 1] < rows[k][j];
                if (!sorted)
                    qsort(rows[k], count[k], sizeof(uint32_t), cmp_u32);
                hide[k] = survey_disclose_rows(c, d, var, rows[k], count[k]);
                free(rows[k]);
            }
            free(rows);
        }
    }
    free(doms);
    free(count);
}
