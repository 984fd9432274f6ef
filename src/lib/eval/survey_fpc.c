/*
 * survey_fpc — see survey_fpc.h.
 */
#include "eval/survey_fpc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"
#include "util/xalloc.h"

struct cell { /* one wave × stratum */
    double pop;
    const struct cb_population *from;
    size_t version;
    int32_t wave;
    double n;     /* respondents, or clusters with clusters */
    bool set;     /* pop, from and version are those of the cell's first respondent */
};

int survey_fpc_prepare(struct store *st, struct survey_data *d, struct diag_list *dl)
{
    d->pop = NULL;
    bool any = false;
    for (size_t c = 0; c < d->n_codebooks; c++)
        any |= d->codebooks[c]->n_pops > 0;
    if (!any || d->n == 0)
        return 0;
    (void)st; /* the strata's codes were read with the respondents (survey_data) */
    d->pop = xmalloc(d->n * sizeof(*d->pop));
    struct strmap cells_by_key = STRMAP_INIT, clusters = STRMAP_INIT;
    struct cell *cells = NULL;
    size_t n_cells = 0, alloc = 0;
    size_t *cell_of = xmalloc(d->n * sizeof(*cell_of));
    int result = 0;
    for (size_t i = 0; i < d->n && !result; i++) {
        const struct codebook *cb = d->codebooks[d->version[i]];
        int32_t key[2] = {d->wave[i], d->has_strata ? d->stratum[i] : 0};
        int64_t v;
        if (!strmap_get(&cells_by_key, (const char *)key, sizeof(key), &v)) {
            v = (int64_t)n_cells;
            strmap_put(&cells_by_key, (const char *)key, sizeof(key), v);
            cells = xgrow(cells, sizeof(*cells), n_cells + 1, &alloc);
            memset(&cells[n_cells], 0, sizeof(*cells));
            n_cells++;
        }
        struct cell *c = &cells[v];
        cell_of[i] = (size_t)v;
        const char *wave = d->waves[d->wave[i]].label;
        const char *label = d->stratum[i] ? survey_stratum_code(d, d->stratum[i]) : NULL;
        double pop = INFINITY;
        const struct cb_population *from = NULL;
        if (cb->n_pops > 0) {
            from = codebook_population(cb, wave, strlen(wave), label, label ? strlen(label) : 0);
            if (!from) {
                if (label)
                    diag_error(dl, cb->path, 0, 0,
                               "[population] gives no size for stratum '%s' (wave %s), which "
                               "has respondents; give 'stratum.%s = N' (the finite population "
                               "correction needs every stratum)",
                               label, wave, label);
                else
                    diag_error(dl, cb->path, 0, 0,
                               "[population] gives no size for wave %s; give 'total = N' in "
                               "[population] or [population %s]",
                               wave, wave);
                result = -1;
                break;
            }
            pop = from->size;
        }
        if (!c->set) {
            c->pop = pop;
            c->from = from;
            c->version = (size_t)d->version[i];
            c->wave = d->wave[i];
            c->set = true;
        } else if (c->pop != pop) {
            const struct codebook *cb0 = d->codebooks[c->version];
            diag_error(dl, cb->path, from ? from->line : 0, 0,
                       "wave %s, stratum '%s': this codebook gives the population size %g but "
                       "%s (imported into the same wave) gives %g",
                       wave, label ? label : "(all)", pop, cb0->path, c->pop);
            result = -1;
            break;
        }
        /* sampled units: respondents, or distinct clusters */
        if (d->has_clusters) {
            int32_t ck[3] = {key[0], key[1], d->cluster[i]};
            if (!strmap_get(&clusters, (const char *)ck, sizeof(ck), &v)) {
                strmap_put(&clusters, (const char *)ck, sizeof(ck), 1);
                c->n += 1;
            }
        } else {
            c->n += 1;
        }
        d->pop[i] = pop;
    }
    for (size_t k = 0; k < n_cells && !result; k++) {
        const struct cell *c = &cells[k];
        if (isinf(c->pop) || c->pop >= c->n)
            continue;
        const struct codebook *cb = d->codebooks[c->version];
        diag_error(dl, cb->path, c->from->line, 0,
                   "%s%s = %g is smaller than the %g %s sampled there%s%s; the population size "
                   "is the number of %s in the whole stratum, not in the sample",
                   c->from->stratum ? "stratum." : "total",
                   c->from->stratum ? c->from->stratum : "", c->pop, c->n,
                   d->has_clusters ? "clusters" : "respondents",
                   c->from->wave ? "" : " in wave ", c->from->wave ? "" : d->waves[c->wave].label,
                   d->has_clusters ? "clusters" : "people");
        result = -1;
    }
    if (!result)
        for (size_t i = 0; i < d->n; i++) {
            const struct cell *c = &cells[cell_of[i]];
            if (d->codebooks[d->version[i]]->col_weight == NULL && isfinite(c->pop))
                d->weight[i] = c->pop / c->n; /* svydesign(fpc = ) without weights */
        }
    free(cell_of);
    free(cells);
    strmap_release(&cells_by_key);
    strmap_release(&clusters);
    return result;
}
