/*
 * survey_keycells — a wave's respondents for one question as cells of answer codes
 * (survey_keycells.h): one pass over the wave's rows through an open-addressing table
 * on (key, stratum, PSU); cells are appended as they are first met, so they come in
 * the order of their first respondents, the order in which the row path meets them.
 */
#include "eval/survey_keycells.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/survey_common.h"
#include "util/xalloc.h"

static size_t slot_of(const size_t *slot, size_t cap, const struct survey_keycell *cells,
                      uint64_t key, uint64_t bg, size_t h, size_t p)
{
    uint64_t x = key * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)h * UINT64_C(0xC2B2AE3D27D4EB4F) ^
                 (uint64_t)p * UINT64_C(0x165667B19E3779F9) ^ bg * UINT64_C(0xD6E8FEB86659FD93);
    size_t i = (size_t)(x >> 32) & (cap - 1);
    while (slot[i] != SIZE_MAX) {
        const struct survey_keycell *c = &cells[slot[i]];
        if (c->key == key && c->bg == bg && c->stratum == h && c->psu == p)
            break;
        i = (i + 1) & (cap - 1);
    }
    return i;
}

static void count_wave(const struct survey_data *d, size_t var, size_t w,
                       struct survey_keycells *out)
{
    assert(!d->cells_only); /* its cells were counted by the load */
    const struct survey_design_index *x = survey_design((struct survey_data *)d);
    size_t begin = d->wave_begin[w], end = d->wave_end[w], rows = end - begin;
    /* more cells than this and the rows are cheaper (clusters of one or two) */
    size_t max_cells = rows / 2 + 64;
    size_t cap = 1024, alloc = 0;
    size_t *slot = xmalloc(cap * sizeof(*slot));
    memset(slot, 0xff, cap * sizeof(*slot));
    out->usable = true;
    const int16_t *codes = d->codes[var];
    for (size_t i = begin; i < end; i++) {
        double wt = d->weight[i];
        if (!(wt > 0) || !isfinite(wt) || out->n > max_cells || i > UINT32_MAX) {
            out->usable = false;
            break;
        }
        uint64_t key = (uint64_t)(uint32_t)d->area[i] << 32 |
                       (uint64_t)(uint16_t)d->version[i] << 16 | (uint64_t)(uint16_t)codes[i];
        uint64_t bg = survey_row_bg(d, i);
        size_t h = x->stratum[i], p = x->psu ? x->psu[i] : SVY_NONE;
        size_t s = slot_of(slot, cap, out->cell, key, bg, h, p);
        if (slot[s] != SIZE_MAX) {
            struct svy_rows *r = &out->cell[slot[s]].rows;
            double dw = wt - r->w0;
            r->n += 1;
            r->sw += wt;
            r->sdw += dw;
            r->sdw2 += dw * dw;
            continue;
        }
        out->cell = xgrow(out->cell, sizeof(*out->cell), out->n + 1, &alloc);
        out->cell[out->n] = (struct survey_keycell){
            .key = key, .bg = bg, .stratum = h, .psu = p, .first = (uint32_t)i,
            .rows = {.n = 1, .w0 = wt, .sw = wt, .sdw = 0, .sdw2 = 0}};
        slot[s] = out->n++;
        if (2 * out->n > cap) {
            free(slot);
            cap *= 2;
            slot = xmalloc(cap * sizeof(*slot));
            memset(slot, 0xff, cap * sizeof(*slot));
            for (size_t k = 0; k < out->n; k++) {
                const struct survey_keycell *c = &out->cell[k];
                slot[slot_of(slot, cap, out->cell, c->key, c->bg, c->stratum, c->psu)] = k;
            }
        }
    }
    free(slot);
    if (!out->usable) {
        free(out->cell);
        out->cell = NULL;
        out->n = 0;
    } else if (out->n < alloc) {
        out->cell = xrealloc(out->cell, (out->n ? out->n : 1) * sizeof(*out->cell));
    }
}

const struct survey_keycells *survey_keycells(const struct survey_data *d, size_t var,
                                              size_t wave)
{
    if (var >= d->n_vars || wave >= d->n_waves || (d->num && d->num[var]))
        return NULL; /* a number variable's value is its number, not its code */
    struct survey_data *m = (struct survey_data *)d; /* the memo only */
    if (!m->keycells)
        m->keycells = xcalloc(d->n_vars * d->n_waves, sizeof(*m->keycells));
    struct survey_keycells *kc = &m->keycells[var * d->n_waves + wave];
    if (!kc->built) {
        count_wave(d, var, wave, kc);
        kc->built = true;
    }
    return kc->usable ? kc : NULL;
}

bool survey_keycells_cover(const struct survey_data *d, size_t var, const bool *waves)
{
    for (size_t w = 0; w < d->n_waves; w++)
        if (waves[w] && !survey_keycells(d, var, w))
            return false;
    return true;
}

void survey_keycells_release(struct survey_data *d)
{
    if (!d->keycells)
        return;
    for (size_t k = 0; k < d->n_vars * d->n_waves; k++)
        free(d->keycells[k].cell);
    free(d->keycells);
    d->keycells = NULL;
}
