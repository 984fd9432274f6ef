/*
 * survey_stream — see survey_stream.h.
 *
 * Per wave two open-addressing tables: respondents' groups (area, codebook version,
 * stratum, cluster: what a cell shares besides the code) and cells (group, variable,
 * code).  A respondent costs one group look-up and one cell look-up per variable; a
 * cell's sums are updated exactly as survey_keycells.c's count_wave() updates them.
 */
#include "eval/survey_stream.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eval/survey_common.h"
#include "eval/survey_keycells.h"
#include "store/survey_read.h"
#include "util/xalloc.h"

bool survey_stream_suits(const struct spec *spec, const char *survey)
{
    const char *audit = getenv("TRYGG_DISCLOSURE_AUDIT");
    const char *rows = getenv("TRYGG_SURVEY_ROWS");
    if ((audit && *audit) || (rows && !strcmp(rows, "1")))
        return false;
    for (size_t i = 0; i < spec->n_outcomes; i++) {
        const struct outcome *o = &spec->outcomes[i];
        if (!o->survey || strcmp(o->survey, survey))
            continue;
        bool by_area_only = true; /* the domains follow the key */
        for (size_t g = 0; g < o->subgroups.n; g++)
            by_area_only &= !strcmp(o->subgroups.items[g], "area");
        switch (o->kind) {
        case OUTCOME_SURVEY:
            /* [survey] skips a `by` that is no variable ("area"); a comparison area
             * has supporting tests on its rows (the placebo in time is a contrast of
             * waves: cells) */
            if (!by_area_only || o->comparison.n > 0)
                return false;
            break;
        case OUTCOME_TREND:
            if (!by_area_only)
                return false;
            break;
        default:
            return false; /* [compare], [describe]: passes over the rows */
        }
    }
    return true;
}

bool survey_stream_codebooks_ok(const struct survey_data *d)
{
    for (size_t k = 0; k < d->n_codebooks; k++) {
        const struct codebook *cb = d->codebooks[k];
        if (cb->mode_var || cb->n_pops > 0)
            return false;
    }
    for (size_t v = 0; v < d->n_vars; v++) {
        if (d->num && d->num[v])
            return false;
        size_t n_codes = 0;
        for (size_t k = 0; k < d->n_codebooks; k++) {
            const struct cb_variable *var = d->var_in[k * d->n_vars + v];
            if (!var)
                continue;
            if (var->numeric)
                return false;
            for (size_t t = 0; t < var->n_hterms; t++)
                if (var->hterms[t].cond_var)
                    return false;
            n_codes += var->n_values;
        }
        /* the supporting tests count at most 64 distinct values from the cells */
        if (n_codes > 64)
            return false;
    }
    return true;
}

struct gslot {
    int32_t area, version, stratum, cluster;
    uint32_t g; /* UINT32_MAX: empty */
};

struct cslot {
    uint64_t key; /* group << 32 | variable << 16 | code; UINT64_MAX: empty */
    uint32_t cell;
};

struct kcells {
    struct survey_keycell *cell;
    size_t n, alloc;
};

/* Codes of a variable looked up directly in its group's row when declared near each
 * other: [lo, lo + span) and one slot for no answer; other codes through the hash. */
#define DENSE_SPAN_MAX 128

struct stream {
    struct survey_data *d;
    struct gslot *gs;
    size_t gcap, gn;
    /* per group, per variable: its cells by code slot (UINT32_MAX: none yet) */
    int *lo;
    size_t *span, *off, width;
    uint32_t *dense;
    size_t dense_groups;
    struct cslot *cs;
    size_t ccap, cn;
    struct kcells *kc; /* per variable, the current wave's */
    int16_t **buf;     /* per variable, the current block's codes */
    size_t buf_n;
    size_t seen;       /* respondents before the current block (the row load's index) */
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

static size_t gprobe(const struct gslot *gs, size_t cap, int32_t a, int32_t v, int32_t s,
                     int32_t c)
{
    uint64_t h = mix(((uint64_t)(uint32_t)a << 32 | (uint32_t)v) ^
                     mix((uint64_t)(uint32_t)s << 32 | (uint32_t)c));
    size_t i = (size_t)h & (cap - 1);
    while (gs[i].g != UINT32_MAX &&
           !(gs[i].area == a && gs[i].version == v && gs[i].stratum == s && gs[i].cluster == c))
        i = (i + 1) & (cap - 1);
    return i;
}

static size_t cprobe(const struct cslot *cs, size_t cap, uint64_t key)
{
    size_t i = (size_t)mix(key) & (cap - 1);
    while (cs[i].key != UINT64_MAX && cs[i].key != key)
        i = (i + 1) & (cap - 1);
    return i;
}

static void tables_reset(struct stream *s)
{
    if (!s->gs) {
        s->gcap = 1024;
        s->gs = xmalloc(s->gcap * sizeof(*s->gs));
        s->ccap = 4096;
        s->cs = xmalloc(s->ccap * sizeof(*s->cs));
    }
    for (size_t i = 0; i < s->gcap; i++)
        s->gs[i].g = UINT32_MAX;
    for (size_t i = 0; i < s->ccap; i++)
        s->cs[i].key = UINT64_MAX;
    s->gn = s->cn = 0;
    if (s->dense)
        memset(s->dense, 0xff, s->dense_groups * s->width * sizeof(*s->dense));
}

static void ggrow(struct stream *s)
{
    size_t cap = s->gcap * 2;
    struct gslot *gs = xmalloc(cap * sizeof(*gs));
    for (size_t i = 0; i < cap; i++)
        gs[i].g = UINT32_MAX;
    for (size_t i = 0; i < s->gcap; i++)
        if (s->gs[i].g != UINT32_MAX) {
            const struct gslot *o = &s->gs[i];
            gs[gprobe(gs, cap, o->area, o->version, o->stratum, o->cluster)] = *o;
        }
    free(s->gs);
    s->gs = gs;
    s->gcap = cap;
}

static void cgrow(struct stream *s)
{
    size_t cap = s->ccap * 2;
    struct cslot *cs = xmalloc(cap * sizeof(*cs));
    for (size_t i = 0; i < cap; i++)
        cs[i].key = UINT64_MAX;
    for (size_t i = 0; i < s->ccap; i++)
        if (s->cs[i].key != UINT64_MAX)
            cs[cprobe(cs, cap, s->cs[i].key)] = s->cs[i];
    free(s->cs);
    s->cs = cs;
    s->ccap = cap;
}

/* Keeps respondent i of the block (wave w, version ver) as a row; returns its index. */
static size_t keep_row(struct stream *s, const struct resp_block *b, size_t i, size_t w,
                       size_t ver)
{
    struct survey_data *d = s->d;
    if (d->n == d->alloc) {
        size_t alloc = d->alloc ? 2 * d->alloc : 1024;
        d->wave = xrealloc(d->wave, alloc * sizeof(*d->wave));
        d->version = xrealloc(d->version, alloc * sizeof(*d->version));
        d->area = xrealloc(d->area, alloc * sizeof(*d->area));
        d->weight = xrealloc(d->weight, alloc * sizeof(*d->weight));
        d->stratum = xrealloc(d->stratum, alloc * sizeof(*d->stratum));
        d->cluster = xrealloc(d->cluster, alloc * sizeof(*d->cluster));
        d->resp = xrealloc(d->resp, alloc * sizeof(*d->resp));
        for (size_t v = 0; v < d->n_vars; v++)
            d->codes[v] = xrealloc(d->codes[v], alloc * sizeof(**d->codes));
        d->alloc = alloc;
    }
    size_t k = d->n++;
    d->wave[k] = (int32_t)w;
    d->version[k] = (int32_t)ver;
    d->area[k] = b->area[i];
    d->weight[k] = b->weight[i];
    d->stratum[k] = b->stratum ? b->stratum[i] : 0;
    d->cluster[k] = b->cluster ? b->cluster[i] : 0;
    d->resp[k] = (uint32_t)(s->seen + i);
    for (size_t v = 0; v < d->n_vars; v++)
        d->codes[v][k] = s->buf[v][i];
    return k;
}

/* Reads the block's codes of every variable into s->buf. */
static int block_codes(struct stream *s, struct store_block_iter *it, size_t ver,
                       const size_t *position, struct diag_list *dl)
{
    struct survey_data *d = s->d;
    const struct resp_block *b = &it->block;
    if (b->n > s->buf_n) {
        for (size_t v = 0; v < d->n_vars; v++)
            s->buf[v] = xrealloc(s->buf[v], b->n * sizeof(**s->buf));
        s->buf_n = b->n;
    }
    for (size_t v = 0; v < d->n_vars; v++) {
        const struct cb_variable *var = d->var_in[ver * d->n_vars + v];
        size_t pos = position[ver * d->n_vars + v];
        if (var && pos < b->n_vars) {
            if (store_block_iter_answers(it, pos, s->buf[v], dl) != 0)
                return -1;
        } else {
            for (size_t i = 0; i < b->n; i++)
                s->buf[v][i] = CODEBOOK_NO_ANSWER;
        }
    }
    return 0;
}

/* Counts the block's respondents into the wave's cells.  Returns false on a weight
 * that is not positive and finite (the row load reports it with its row). */
static bool count_block(struct stream *s, const struct resp_block *b, size_t w, size_t ver)
{
    struct survey_data *d = s->d;
    size_t nv = d->n_vars;
    for (size_t i = 0; i < b->n; i++) {
        double wt = b->weight[i];
        if (!(wt > 0) || !isfinite(wt))
            return false;
        int32_t area = b->area[i], st = b->stratum ? b->stratum[i] : 0,
                cl = b->cluster ? b->cluster[i] : 0;
        size_t gi = gprobe(s->gs, s->gcap, area, (int32_t)ver, st, cl);
        if (s->gs[gi].g == UINT32_MAX) {
            s->gs[gi] = (struct gslot){area, (int32_t)ver, st, cl, (uint32_t)s->gn++};
            if (2 * s->gn > s->gcap)
                ggrow(s);
            gi = gprobe(s->gs, s->gcap, area, (int32_t)ver, st, cl);
        }
        uint64_t g = s->gs[gi].g;
        if (g >= s->dense_groups) {
            size_t ng = s->dense_groups ? 2 * s->dense_groups : 256;
            s->dense = xrealloc(s->dense, ng * s->width * sizeof(*s->dense));
            memset(s->dense + s->dense_groups * s->width, 0xff,
                   (ng - s->dense_groups) * s->width * sizeof(*s->dense));
            s->dense_groups = ng;
        }
        uint32_t *row = s->dense + g * s->width;
        size_t kept = SIZE_MAX;
        for (size_t v = 0; v < nv; v++) {
            int16_t c16 = s->buf[v][i];
            uint16_t code = (uint16_t)c16;
            struct kcells *kc = &s->kc[v];
            size_t k = (size_t)((long)c16 - s->lo[v]);
            if (c16 == CODEBOOK_NO_ANSWER)
                k = s->span[v]; /* its own slot after the codes' */
            else if (k >= s->span[v])
                k = SIZE_MAX; /* off the declared range: the hash */
            uint32_t *slot = k != SIZE_MAX ? &row[s->off[v] + k] : NULL;
            size_t ci = SIZE_MAX;
            uint64_t key = g << 32 | (uint64_t)v << 16 | code;
            if (!slot)
                ci = cprobe(s->cs, s->ccap, key);
            uint32_t at = slot ? *slot : s->cs[ci].key != UINT64_MAX ? s->cs[ci].cell : UINT32_MAX;
            if (at != UINT32_MAX) {
                struct svy_rows *r = &kc->cell[at].rows;
                double dw = wt - r->w0;
                r->n += 1;
                r->sw += wt;
                r->sdw += dw;
                r->sdw2 += dw * dw;
                continue;
            }
            if (kept == SIZE_MAX)
                kept = keep_row(s, b, i, w, ver);
            kc->cell = xgrow(kc->cell, sizeof(*kc->cell), kc->n + 1, &kc->alloc);
            kc->cell[kc->n] = (struct survey_keycell){
                .key = (uint64_t)(uint32_t)area << 32 | (uint64_t)(uint16_t)ver << 16 | code,
                .first = (uint32_t)kept,
                .rows = {.n = 1, .w0 = wt, .sw = wt, .sdw = 0, .sdw2 = 0}};
            if (slot) {
                *slot = (uint32_t)kc->n++;
                continue;
            }
            s->cs[ci] = (struct cslot){key, (uint32_t)kc->n++};
            if (2 * ++s->cn > s->ccap)
                cgrow(s);
        }
    }
    return true;
}

/* Back to no rows and no cells (for the row load). */
static void unload(struct survey_data *d)
{
    survey_keycells_release(d);
    free(d->wave);
    free(d->version);
    free(d->area);
    free(d->weight);
    free(d->stratum);
    free(d->cluster);
    free(d->resp);
    d->resp = NULL;
    d->wave = d->version = d->area = d->stratum = d->cluster = NULL;
    d->weight = NULL;
    for (size_t v = 0; v < d->n_vars; v++) {
        free(d->codes[v]);
        d->codes[v] = NULL;
    }
    d->n = d->alloc = 0;
    d->has_strata = d->has_clusters = false;
    d->cells_only = false;
    free(d->design.stratum);
    free(d->design.psu);
    free(d->design.pop);
    memset(&d->design, 0, sizeof(d->design));
    d->design_built = false;
}

int survey_stream_blocks(struct survey_data *d, struct store *st, const size_t *position,
                         struct diag_list *dl)
{
    size_t nv = d->n_vars, nw = d->n_waves;
    struct stream s = {.d = d};
    s.kc = xcalloc(nv ? nv : 1, sizeof(*s.kc));
    s.buf = xcalloc(nv ? nv : 1, sizeof(*s.buf));
    s.lo = xcalloc(nv ? nv : 1, sizeof(*s.lo));
    s.span = xcalloc(nv ? nv : 1, sizeof(*s.span));
    s.off = xcalloc(nv ? nv : 1, sizeof(*s.off));
    for (size_t v = 0; v < nv; v++) {
        bool any = false;
        int lo = 0, hi = 0;
        for (size_t k = 0; k < d->n_codebooks; k++) {
            const struct cb_variable *var = d->var_in[k * nv + v];
            for (size_t j = 0; var && j < var->n_values; j++) {
                int c = var->values[j].code;
                lo = !any || c < lo ? c : lo;
                hi = !any || c > hi ? c : hi;
                any = true;
            }
        }
        s.lo[v] = lo;
        s.span[v] = any && hi - lo < DENSE_SPAN_MAX && lo > CODEBOOK_NUMBER
                        ? (size_t)(hi - lo) + 1 : 0;
        s.off[v] = s.width;
        s.width += s.span[v] + 1;
    }
    d->keycells = xcalloc((nv ? nv : 1) * (nw ? nw : 1), sizeof(*d->keycells));
    d->cells_only = true;
    struct store_block_iter it;
    int result = store_block_iter_open(&it, st, dl) != 0 ? -1 : 0;
    for (size_t w = 0; w < nw && result == 0; w++) {
        d->wave_begin[w] = d->n;
        tables_reset(&s);
        size_t rows = 0;
        store_block_iter_wave(&it, d->waves[w].id);
        int rc;
        while (result == 0 && (rc = store_block_iter_next(&it, dl)) == 1) {
            size_t ver = 0;
            while (ver < d->n_codebooks && d->codebook_ids[ver] != it.codebook_id)
                ver++;
            if (ver == d->n_codebooks) {
                diag_error(dl, st->path, 0, 0, "database: block %lld has no codebook",
                           it.block.id);
                result = -1;
            } else if (block_codes(&s, &it, ver, position, dl) != 0) {
                result = -1;
            } else {
                d->has_strata |= it.block.stratum != NULL;
                d->has_clusters |= it.block.cluster != NULL;
                if (s.seen + it.block.n > UINT32_MAX || !count_block(&s, &it.block, w, ver))
                    result = 1;
                rows += it.block.n;
                s.seen += it.block.n;
            }
        }
        if (result == 0 && rc < 0)
            result = -1;
        d->wave_end[w] = d->n;
        /* as survey_keycells.c: more cells than this and the rows are cheaper */
        size_t max_cells = rows / 2 + 64;
        for (size_t v = 0; v < nv; v++) {
            if (s.kc[v].n > max_cells)
                result = result ? result : 1;
            struct survey_keycells *kc = &d->keycells[v * nw + w];
            kc->cell = s.kc[v].cell;
            kc->n = s.kc[v].n;
            kc->usable = kc->built = true;
            s.kc[v] = (struct kcells){0};
        }
    }
    store_block_iter_close(&it);
    for (size_t v = 0; v < nv; v++) {
        free(s.kc[v].cell);
        free(s.buf[v]);
    }
    free(s.kc);
    free(s.buf);
    free(s.gs);
    free(s.cs);
    free(s.lo);
    free(s.span);
    free(s.off);
    free(s.dense);
    if (result != 0) {
        unload(d);
        return result;
    }
    /* the design indices of the kept rows number the strata and PSUs as the full rows
     * would (every new stratum or PSU of a wave opens a cell) */
    const struct survey_design_index *x = survey_design(d);
    for (size_t k = 0; k < nv * nw; k++) {
        struct survey_keycells *kc = &d->keycells[k];
        for (size_t j = 0; j < kc->n; j++) {
            struct survey_keycell *c = &kc->cell[j];
            c->stratum = x->stratum[c->first];
            c->psu = x->psu ? x->psu[c->first] : SVY_NONE;
        }
    }
    return 0;
}
