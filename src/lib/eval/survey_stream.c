/*
 * survey_stream — see survey_stream.h.
 *
 * Per wave: an open-addressing table of the respondents' groups (area, codebook
 * version, stratum, cluster: what a cell shares besides the code), and per question a
 * direct table of cells, group × code (the codes its codebooks declare, when they lie
 * within DENSE_SPAN_MAX of each other, and no answer), whose sums are updated in place;
 * other codes, and groups beyond DENSE_BYTES_MAX, go through a hash of (group, question,
 * code).  A block is counted question by question, so a question's cells stay in the
 * cache; a cell's sums are updated exactly as survey_keycells.c's count_wave() updates
 * them, its respondents in their order.  At the end of a wave each question's cells are
 * put in the order of their first respondents, as count_wave() meets them.
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

size_t survey_stream_refine(const struct spec *spec, const char *survey, const char **ids)
{
    size_t n = 0;
    for (size_t i = 0; i < spec->n_outcomes; i++) {
        const struct outcome *o = &spec->outcomes[i];
        if ((o->kind != OUTCOME_SURVEY && o->kind != OUTCOME_TREND) || !o->survey ||
            strcmp(o->survey, survey))
            continue;
        for (size_t g = 0; g < o->subgroups.n; g++) {
            const char *id = o->subgroups.items[g];
            bool seen = !strcmp(id, "area"); /* by the key itself: no variable */
            for (size_t k = 0; k < n && !seen; k++)
                seen = !strcmp(ids[k], id);
            if (!seen && n < SURVEY_REFINE_MAX)
                ids[n++] = id;
        }
    }
    return n;
}

bool survey_stream_suits(const struct spec *spec, const char *survey)
{
    const char *audit = getenv("TRYGG_DISCLOSURE_AUDIT");
    const char *rows = getenv("TRYGG_SURVEY_ROWS");
    if ((audit && *audit) || (rows && !strcmp(rows, "1")))
        return false;
    const char *refine[SURVEY_REFINE_MAX];
    size_t n_refine = survey_stream_refine(spec, survey, refine);
    for (size_t i = 0; i < spec->n_outcomes; i++) {
        const struct outcome *o = &spec->outcomes[i];
        if (!o->survey || strcmp(o->survey, survey))
            continue;
        bool by_cells = true; /* the domains follow the cells */
        for (size_t g = 0; g < o->subgroups.n; g++) {
            const char *id = o->subgroups.items[g];
            bool refined = !strcmp(id, "area");
            for (size_t k = 0; k < n_refine && !refined; k++)
                refined = !strcmp(refine[k], id);
            by_cells &= refined;
        }
        /* subgroups ([survey]) or groups ([trend] by) by the refining background
         * variables, and the comparison area's supporting tests, follow from the cells
         * (analyze_survey.c, analyze_trend.c); [compare], [describe]: passes over the
         * rows */
        if ((o->kind != OUTCOME_SURVEY && o->kind != OUTCOME_TREND) || !by_cells)
            return false;
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
    uint64_t bg; /* the codes of the refining variables (survey_row_bg()) */
    uint32_t g;  /* UINT32_MAX: empty */
};

struct cslot {
    uint64_t key; /* group << 32 | variable << 16 | code; UINT64_MAX: empty */
    uint32_t cell;
};

struct kcells {
    struct survey_keycell *cell;
    size_t n, alloc;
};

/* Codes of a variable counted directly in its group's row of the direct table when
 * declared near each other: [lo, lo + span) and one slot for no answer; other codes
 * (and groups beyond the table) through the hash. */
#define DENSE_SPAN_MAX 128

/* The direct table at most this large (bytes); groups beyond it use the hash. */
#define DENSE_BYTES_MAX ((size_t)16 << 20)

/* A cell of the direct table: its sums in place (first UINT32_MAX: none yet). */
struct dcell {
    struct svy_rows rows;
    uint32_t first;
};

struct ginfo {
    int32_t area, version;
    uint64_t bg;
};

/* A cell opened in the current block: where its `first` is (the block's index of its
 * respondent until the block's kept rows are numbered). */
struct opened {
    uint32_t *dense_first; /* a cell of the direct table, or NULL: */
    uint32_t var, cell;    /* the hashed cell kc[var].cell[cell] */
};

struct stream {
    struct survey_data *d;
    struct gslot *gs;
    size_t gcap, gn;
    struct ginfo *gi; /* per group of the wave */
    size_t gi_alloc;
    /* per group, per variable: its cells by code slot */
    int *lo;
    size_t *span, width;
    struct dcell **dense; /* per variable: groups × (span + 1) cells, so that a
                             variable's cells lie together */
    size_t dense_groups, dense_max;
    struct cslot *cs;
    size_t ccap, cn;
    struct kcells *kc; /* per variable, the current wave's */
    int16_t **buf;     /* per variable, the current block's codes */
    size_t buf_n;
    size_t seen;       /* respondents before the current block (the row load's index) */
    /* per respondent of the block: its group, then its kept row; whether it opens a cell */
    uint32_t *gidx;
    unsigned char *opens;
    size_t blk_alloc;
    struct opened *opened; /* the cells opened in the block */
    size_t opened_alloc;
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
                     int32_t c, uint64_t bg)
{
    uint64_t h = mix(((uint64_t)(uint32_t)a << 32 | (uint32_t)v) ^
                     mix((uint64_t)(uint32_t)s << 32 | (uint32_t)c) ^ mix(bg));
    size_t i = (size_t)h & (cap - 1);
    while (gs[i].g != UINT32_MAX &&
           !(gs[i].area == a && gs[i].version == v && gs[i].stratum == s &&
             gs[i].cluster == c && gs[i].bg == bg))
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
    for (size_t v = 0; v < s->d->n_vars; v++)
        for (size_t k = 0; k < s->dense_groups * (s->span[v] + 1); k++)
            s->dense[v][k].first = UINT32_MAX;
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
            gs[gprobe(gs, cap, o->area, o->version, o->stratum, o->cluster, o->bg)] = *o;
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

/* Counts the block's respondents into the wave's cells, variable by variable (a
 * variable's cells of a wave are few and stay in the cache), each cell's respondents
 * in their order, as survey_keycells.c adds them.  Returns false on a weight that is
 * not positive and finite (the row load reports it with its row). */
static bool count_block(struct stream *s, const struct resp_block *b, size_t w, size_t ver)
{
    struct survey_data *d = s->d;
    size_t nv = d->n_vars, n = b->n;
    if (n > s->blk_alloc) {
        s->gidx = xrealloc(s->gidx, n * sizeof(*s->gidx));
        s->opens = xrealloc(s->opens, n * sizeof(*s->opens));
        s->blk_alloc = n;
    }
    /* each respondent's group */
    for (size_t i = 0; i < n; i++) {
        double wt = b->weight[i];
        if (!(wt > 0) || !isfinite(wt))
            return false;
        int32_t area = b->area[i], st = b->stratum ? b->stratum[i] : 0,
                cl = b->cluster ? b->cluster[i] : 0;
        uint64_t bg = 0; /* as survey_row_bg() */
        for (size_t r = 0; r < d->n_refine; r++)
            bg |= (uint64_t)(uint16_t)s->buf[d->refine[r]][i] << (16 * r);
        size_t gi = gprobe(s->gs, s->gcap, area, (int32_t)ver, st, cl, bg);
        if (s->gs[gi].g == UINT32_MAX) {
            s->gi = xgrow(s->gi, sizeof(*s->gi), s->gn + 1, &s->gi_alloc);
            s->gi[s->gn] = (struct ginfo){area, (int32_t)ver, bg};
            s->gs[gi] = (struct gslot){area, (int32_t)ver, st, cl, bg, (uint32_t)s->gn++};
            if (2 * s->gn > s->gcap)
                ggrow(s);
            gi = gprobe(s->gs, s->gcap, area, (int32_t)ver, st, cl, bg);
        }
        uint32_t g = s->gs[gi].g;
        if (g >= s->dense_groups && g < s->dense_max) {
            size_t ng = s->dense_groups ? 2 * s->dense_groups : 64;
            ng = ng < s->dense_max ? ng : s->dense_max;
            for (size_t v = 0; v < nv; v++) {
                size_t m = s->span[v] + 1;
                s->dense[v] = xrealloc(s->dense[v], ng * m * sizeof(**s->dense));
                for (size_t k = s->dense_groups * m; k < ng * m; k++)
                    s->dense[v][k].first = UINT32_MAX;
            }
            s->dense_groups = ng;
        }
        s->gidx[i] = g;
        s->opens[i] = 0;
    }
    /* the cells, variable by variable (the direct table is not moved from here on) */
    size_t n_opened = 0;
    for (size_t v = 0; v < nv; v++) {
        const int16_t *codes = s->buf[v];
        size_t span = s->span[v];
        struct dcell *dense = s->dense[v];
        long lo = s->lo[v];
        for (size_t i = 0; i < n; i++) {
            double wt = b->weight[i];
            uint32_t g = s->gidx[i];
            int16_t c16 = codes[i];
            size_t k = (size_t)((long)c16 - lo);
            if (c16 == CODEBOOK_NO_ANSWER)
                k = span; /* its own slot after the codes' */
            else if (k >= span)
                k = SIZE_MAX; /* off the declared range: the hash */
            struct svy_rows *r;
            if (g < s->dense_groups && k != SIZE_MAX) {
                struct dcell *dc = &dense[(size_t)g * (span + 1) + k];
                if (dc->first == UINT32_MAX) {
                    *dc = (struct dcell){{.n = 1, .w0 = wt, .sw = wt, .sdw = 0, .sdw2 = 0},
                                         (uint32_t)i};
                    s->opens[i] = 1;
                    s->opened = xgrow(s->opened, sizeof(*s->opened), n_opened + 1,
                                      &s->opened_alloc);
                    s->opened[n_opened++] = (struct opened){&dc->first, 0, 0};
                    continue;
                }
                r = &dc->rows;
            } else {
                struct kcells *kc = &s->kc[v];
                uint16_t code = (uint16_t)c16;
                uint64_t key = (uint64_t)g << 32 | (uint64_t)v << 16 | code;
                size_t ci = cprobe(s->cs, s->ccap, key);
                if (s->cs[ci].key == UINT64_MAX) {
                    const struct ginfo *gf = &s->gi[g];
                    kc->cell = xgrow(kc->cell, sizeof(*kc->cell), kc->n + 1, &kc->alloc);
                    kc->cell[kc->n] = (struct survey_keycell){
                        .key = (uint64_t)(uint32_t)gf->area << 32 |
                               (uint64_t)(uint16_t)gf->version << 16 | code,
                        .bg = gf->bg,
                        .first = (uint32_t)i,
                        .rows = {.n = 1, .w0 = wt, .sw = wt, .sdw = 0, .sdw2 = 0}};
                    s->opens[i] = 1;
                    s->opened = xgrow(s->opened, sizeof(*s->opened), n_opened + 1,
                                      &s->opened_alloc);
                    s->opened[n_opened++] = (struct opened){NULL, (uint32_t)v, (uint32_t)kc->n};
                    s->cs[ci] = (struct cslot){key, (uint32_t)kc->n++};
                    if (2 * ++s->cn > s->ccap)
                        cgrow(s);
                    continue;
                }
                r = &kc->cell[s->cs[ci].cell].rows;
            }
            double dw = wt - r->w0;
            r->n += 1;
            r->sw += wt;
            r->sdw += dw;
            r->sdw2 += dw * dw;
        }
    }
    /* the respondents that opened a cell kept as rows, in their order; the cells they
     * opened told their row (gidx is free again: it holds the row of each) */
    for (size_t i = 0; i < n; i++)
        if (s->opens[i])
            s->gidx[i] = (uint32_t)keep_row(s, b, i, w, ver);
    for (size_t k = 0; k < n_opened; k++) {
        const struct opened *o = &s->opened[k];
        uint32_t *first = o->dense_first ? o->dense_first : &s->kc[o->var].cell[o->cell].first;
        *first = s->gidx[*first];
    }
    return true;
}

static int cmp_first(const void *a, const void *b)
{
    uint32_t x = ((const struct survey_keycell *)a)->first,
             y = ((const struct survey_keycell *)b)->first;
    return (x > y) - (x < y);
}

/* The wave's cells of the direct table joined to the hashed ones, in the order of their
 * first respondents (as survey_keycells.c meets them). */
static void wave_cells(struct stream *s)
{
    size_t nv = s->d->n_vars, ng = s->gn < s->dense_groups ? s->gn : s->dense_groups;
    for (size_t v = 0; v < nv; v++) {
        struct kcells *kc = &s->kc[v];
        for (size_t g = 0; g < ng; g++)
            for (size_t k = 0; k <= s->span[v]; k++) {
                const struct dcell *dc = &s->dense[v][g * (s->span[v] + 1) + k];
                if (dc->first == UINT32_MAX)
                    continue;
                uint16_t code = k == s->span[v] ? (uint16_t)CODEBOOK_NO_ANSWER
                                                : (uint16_t)(s->lo[v] + (int)k);
                kc->cell = xgrow(kc->cell, sizeof(*kc->cell), kc->n + 1, &kc->alloc);
                kc->cell[kc->n++] = (struct survey_keycell){
                    .key = (uint64_t)(uint32_t)s->gi[g].area << 32 |
                           (uint64_t)(uint16_t)s->gi[g].version << 16 | code,
                    .bg = s->gi[g].bg,
                    .first = dc->first,
                    .rows = dc->rows};
            }
        /* a respondent opens at most one cell of a variable: the order is strict (none:
         * no array at all, which qsort may not be given; a wave cut short by a read
         * error of the database, test_faults under UBSan) */
        if (kc->n > 1)
            qsort(kc->cell, kc->n, sizeof(*kc->cell), cmp_first);
    }
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
        s.width += s.span[v] + 1;
    }
    s.dense_max = DENSE_BYTES_MAX / ((s.width ? s.width : 1) * sizeof(**s.dense));
    s.dense = xcalloc(nv ? nv : 1, sizeof(*s.dense));
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
        wave_cells(&s);
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
    for (size_t v = 0; v < nv; v++)
        free(s.dense[v]);
    free(s.dense);
    free(s.gi);
    free(s.gidx);
    free(s.opens);
    free(s.opened);
    if (result != 0) {
        survey_data_release_rows(d); /* back to no rows and no cells, for the row load */
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
