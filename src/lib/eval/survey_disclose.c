/*
 * survey_disclose — survey cells for the run's disclosure control.
 *
 * Two ways to describe a cell.  When the caller's domains depend on nothing but a
 * respondent's wave, area, codebook version and code of the question (survey_domains.
 * by_key), respondents with the same such key are in the same cells, and a cell is
 * told to the disclosure control as the classes of keys it unites (disclosure.h): one
 * pass that counts the keys, the domains asked once per key, and a cell of a few
 * dozen class numbers instead of a list of a hundred thousand respondents.  Otherwise
 * (subgroups by another variable, values that are valid for only some respondents of a
 * key) each cell lists its respondents; a universe already made of classes is then
 * turned into lists first, so cells of both kinds are never mixed.  A load whose
 * answer-code cells are refined by background variables (survey_keycells.h) makes its
 * classes of those codes too, so that subgroups by them are unions of classes
 * (survey_domains.by_cell); the classes of one universe are all made alike, the
 * universe's tag says how (survey_disclose_tag()), and a load that makes them
 * otherwise lists its cells.
 */
#include "eval/survey_disclose.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval/disclosure.h"
#include "eval/survey_keycells.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The universe of a question: cells of one survey and question are checked together. */
static char *universe_of(const struct survey_data *d, size_t var)
{
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "%s\x1f%s", d->survey, d->var_ids[var]);
    return strbuf_detach(&key);
}


/* The key the disclosure control knows a class by: wave, area, codebook version and
 * code as the database numbers them, the same in every load of the survey; in a load
 * whose cells are refined by background variables (struct survey_data.refine) also
 * their codes bg, packed with the code.  The universe's tag (class_tag()) says which
 * variables: classes of one universe are all made alike. */
static void class_key(const struct survey_data *d, size_t wave, uint64_t k, uint64_t bg,
                      bool refined, int64_t *out)
{
    out[0] = d->waves[wave].id;
    out[1] = (int32_t)(uint32_t)(k >> 32);
    out[2] = d->codebook_ids[(uint16_t)(k >> 16)];
    out[3] = refined ? (int64_t)((uint64_t)(uint16_t)k | bg << 16) : (int16_t)(uint16_t)k;
}

char *survey_disclose_tag(const char *const *refine_ids, size_t n_refine)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t r = 0; r < n_refine; r++)
        strbuf_addf(&sb, "%s%s", r ? "\x1f" : "by\x1f", refine_ids[r]);
    return strbuf_detach(&sb);
}

/* How the load makes class keys. */
static char *class_tag(const struct survey_data *d)
{
    const char *ids[SURVEY_REFINE_MAX];
    for (size_t r = 0; r < d->n_refine; r++)
        ids[r] = d->var_ids[d->refine[r]];
    return survey_disclose_tag(ids, d->n_refine);
}

size_t survey_disclose_tag_vars(struct eval_ctx *c, const char *survey, const char *var,
                                char **ids)
{
    struct disclosure *ds = c->opt->disc;
    if (!ds)
        return 0;
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "%s\x1f%s", survey, var); /* as universe_of() */
    const char *tag = disclosure_class_tag(ds, key.buf);
    strbuf_release(&key);
    size_t n = 0;
    const char *p = tag && *tag ? strchr(tag, '\x1f') : NULL;
    while (p && n < SURVEY_REFINE_MAX) {
        const char *q = strchr(p + 1, '\x1f');
        size_t len = q ? (size_t)(q - p - 1) : strlen(p + 1);
        ids[n] = xmalloc(len + 1);
        memcpy(ids[n], p + 1, len);
        ids[n++][len] = '\0';
        p = q;
    }
    return n;
}

/* ------------------------------------------------------------------ counting keys */

struct kslot {
    uint64_t key, bg;
    uint32_t count; /* 0: empty */
    uint32_t first;
    bool valid;
};

struct ktable {
    struct kslot *s;
    size_t cap, used;
};

static size_t kprobe(const struct ktable *t, uint64_t key, uint64_t bg)
{
    size_t i = (size_t)(((key ^ bg * UINT64_C(0xC2B2AE3D27D4EB4F)) * UINT64_C(0x9E3779B97F4A7C15)) >> 40) &
               (t->cap - 1);
    while (t->s[i].count && (t->s[i].key != key || t->s[i].bg != bg))
        i = (i + 1) & (t->cap - 1);
    return i;
}

static void kgrow(struct ktable *t)
{
    struct kslot *old = t->s;
    size_t n = t->cap;
    t->cap = n ? 2 * n : 64;
    t->s = xcalloc(t->cap, sizeof(*t->s));
    for (size_t i = 0; i < n; i++)
        if (old[i].count)
            t->s[kprobe(t, old[i].key, old[i].bg)] = old[i];
    free(old);
}

/* A key of one wave: the class it stands for. */
struct kclass {
    size_t wave;
    struct kslot k;
};

static int cmp_first(const void *a, const void *b)
{
    uint32_t x = ((const struct kclass *)a)->k.first, y = ((const struct kclass *)b)->k.first;
    return x < y ? -1 : x > y;
}

/*
 * The cells of sd as classes, when the universe takes them and every key's respondents
 * are all valid or all not: hide[] set and true.  False (nothing registered) otherwise.
 */
static bool disclose_classes(struct eval_ctx *c, const struct survey_data *d, size_t var,
                             const double *y, const struct survey_domains *sd, bool *hide,
                             const char *universe)
{
    struct disclosure *ds = c->opt->disc;
    /* The audit of a run (TRYGG_DISCLOSURE_AUDIT, evaluate.h) lists each cell's
     * respondents by their index in the survey, which a universe of classes does not
     * hold: audited runs tell every cell as a list (the decisions are the same). */
    const char *audit = getenv("TRYGG_DISCLOSURE_AUDIT");
    if ((!sd->by_key && !sd->by_cell) || (audit && *audit))
        return false;
    char *tag = class_tag(d);
    bool tag_ok = disclosure_classes_tag(ds, universe, tag);
    free(tag);
    if (!tag_ok)
        return false; /* lists, or classes made of other codes: list the cell */
    bool refined = d->n_refine > 0;
    struct kclass *cls = NULL;
    size_t n_cls = 0, alloc_cls = 0;
    struct ktable t = {0};
    kgrow(&t);
    bool ok = true;
    /* the wave's answer-code cells hold the keys' counts when y follows the key */
    bool cells = (!y || (sd->y_by_key && sd->key_var == var)) &&
                 survey_keycells_cover(d, var, sd->waves);
    for (size_t w = 0; w < d->n_waves && ok; w++) {
        if (!sd->waves[w])
            continue;
        memset(t.s, 0, t.cap * sizeof(*t.s));
        t.used = 0;
        const struct survey_keycells *kc = cells ? survey_keycells(d, var, w) : NULL;
        for (size_t j = 0; kc && j < kc->n; j++) {
            /* cells come in the order of their first rows: a key's first cell has its
             * first respondent */
            const struct survey_keycell *cell = &kc->cell[j];
            size_t s = kprobe(&t, cell->key, cell->bg);
            struct kslot *ks = &t.s[s];
            if (ks->count) {
                ks->count += (uint32_t)cell->rows.n;
                continue;
            }
            *ks = (struct kslot){.key = cell->key,
                                 .bg = cell->bg,
                                 .count = (uint32_t)cell->rows.n,
                                 .first = cell->first,
                                 .valid = !y || !isnan(y[cell->first])};
            if (2 * ++t.used > t.cap)
                kgrow(&t);
        }
        for (size_t i = d->wave_begin[w]; !kc && i < d->wave_end[w]; i++) {
            uint64_t key = survey_row_key(d, var, i), bg = survey_row_bg(d, i);
            size_t s = kprobe(&t, key, bg);
            bool valid = !y || !isnan(y[i]);
            struct kslot *ks = &t.s[s];
            if (ks->count) {
                if (ks->valid != valid) {
                    ok = false; /* the key does not decide who is in the cells */
                    break;
                }
                ks->count++;
                continue;
            }
            *ks = (struct kslot){
                .key = key, .bg = bg, .count = 1, .first = (uint32_t)i, .valid = valid};
            if (2 * ++t.used > t.cap)
                kgrow(&t);
        }
        for (size_t s = 0; ok && s < t.cap; s++)
            if (t.s[s].count && t.s[s].valid) {
                cls = xgrow(cls, sizeof(*cls), n_cls + 1, &alloc_cls);
                cls[n_cls++] = (struct kclass){.wave = w, .k = t.s[s]};
            }
    }
    free(t.s);
    if (!ok) {
        free(cls);
        return false;
    }
    /* in respondent order, so that classes are numbered alike by every caller */
    qsort(cls, n_cls, sizeof(*cls), cmp_first);
    size_t nd = sd->n_domains;
    size_t *count = xcalloc(nd ? nd : 1, sizeof(size_t));
    uint32_t **ids = xcalloc(nd ? nd : 1, sizeof(uint32_t *));
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(size_t));
    for (size_t j = 0; j < n_cls; j++) {
        size_t m = sd->dom(sd->ctx, cls[j].k.first, doms);
        if (m == 0)
            continue;
        int64_t key[DISCLOSURE_KEY];
        class_key(d, cls[j].wave, cls[j].k.key, cls[j].k.bg, refined, key);
        /* the class is known by its first respondent as the row load numbers them (a
         * load into cells keeps fewer rows: survey_stream.h) */
        size_t id = disclosure_class(ds, universe, key, cls[j].k.count,
                                     survey_resp_index(d, cls[j].k.first));
        if (id == SIZE_MAX) {
            ok = false; /* not the respondents the universe knows: list them */
            break;
        }
        for (size_t q = 0; q < m; q++) {
            size_t k = doms[q];
            ids[k] = xrealloc(ids[k], (count[k] + 1) * sizeof(uint32_t));
            ids[k][count[k]++] = (uint32_t)id;
        }
    }
    for (size_t k = 0; k < nd; k++) {
        if (ok) {
            if (count[k] > 1)
                qsort(ids[k], count[k], sizeof(uint32_t), cmp_u32);
            hide[k] = disclosure_cell_classes(ds, universe, ids[k], count[k]);
        }
        free(ids[k]);
    }
    free(ids);
    free(count);
    free(doms);
    free(cls);
    return ok;
}

/* A universe of classes made into one of respondent lists (a cell that is no union of
 * its classes is coming): each class's respondents from the data. */
static void classes_to_rows(struct eval_ctx *c, const struct survey_data *d, size_t var,
                            const char *universe)
{
    struct disclosure *ds = c->opt->disc;
    assert(!d->cells_only); /* as survey_disclose_domains() */
    size_t nc = disclosure_n_classes(ds, universe);
    /* the classes' keys were made with the refining variables their tag names (another
     * load of the survey may have made them: eval_survey() loads those variables too) */
    const char *tag = disclosure_class_tag(ds, universe);
    size_t refine[SURVEY_REFINE_MAX], n_refine = 0;
    bool refined = tag && *tag;
    if (refined) {
        const char *p = strchr(tag, '\x1f');
        while (p && n_refine < SURVEY_REFINE_MAX) {
            const char *q = strchr(p + 1, '\x1f');
            size_t len = q ? (size_t)(q - p - 1) : strlen(p + 1);
            for (size_t v = 0; v < d->n_vars; v++)
                if (strlen(d->var_ids[v]) == len && !memcmp(d->var_ids[v], p + 1, len)) {
                    refine[n_refine++] = v;
                    break;
                }
            p = q;
        }
    }
    size_t *start = xcalloc(nc + 2, sizeof(size_t));
    size_t *of = xmalloc((d->n ? d->n : 1) * sizeof(size_t));
    for (size_t w = 0; w < d->n_waves; w++) {
        uint64_t last = 0, last_bg = 0;
        size_t last_id = SIZE_MAX;
        bool have = false;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            uint64_t k = survey_row_key(d, var, i), bg = 0;
            for (size_t r = 0; r < n_refine; r++)
                bg |= (uint64_t)(uint16_t)d->codes[refine[r]][i] << (16 * r);
            if (!have || k != last || bg != last_bg) {
                int64_t key[DISCLOSURE_KEY];
                class_key(d, w, k, bg, refined, key);
                last = k;
                last_bg = bg;
                last_id = disclosure_class_find(ds, universe, key);
                have = true;
            }
            of[i] = last_id;
            if (last_id != SIZE_MAX)
                start[last_id + 2]++;
        }
    }
    for (size_t k = 0; k < nc; k++)
        start[k + 2] += start[k + 1];
    uint32_t *rows = xmalloc((start[nc + 1] ? start[nc + 1] : 1) * sizeof(uint32_t));
    for (size_t i = 0; i < d->n; i++)
        if (of[i] != SIZE_MAX)
            rows[start[of[i] + 1]++] = (uint32_t)i;
    /* start[k] is now where class k begins */
    disclosure_universe_to_rows(ds, universe, start, rows);
    free(rows);
    free(of);
    free(start);
}

bool survey_disclose_rows(struct eval_ctx *c, const struct survey_data *d, size_t var,
                          const uint32_t *rows, size_t n)
{
    struct disclosure *ds = c->opt->disc;
    if (!ds)
        return n > 0 && n < (size_t)c->opt->min_cell;
    char *universe = universe_of(d, var);
    if (n > 0 && disclosure_has_classes(ds, universe))
        classes_to_rows(c, d, var, universe);
    bool hide = disclosure_cell(ds, universe, rows, n);
    free(universe);
    return hide;
}

void survey_disclose_domains(struct eval_ctx *c, const struct survey_data *d, size_t var,
                             const double *y, const struct survey_domains *sd, bool *hide)
{
    size_t nd = sd->n_domains;
    if (c->opt->disc) {
        char *universe = universe_of(d, var);
        bool done = disclose_classes(c, d, var, y, sd, hide, universe);
        free(universe);
        if (done)
            return;
    }
    /* a load into cells keeps no rows to list: survey_stream_suits() admits only
     * analyses whose cells are unions of classes, and eval_survey() loads rows when a
     * universe of the survey is already one of rows */
    assert(!d->cells_only);
    size_t *count = xcalloc(nd ? nd : 1, sizeof(size_t));
    size_t *cap = xcalloc(nd ? nd : 1, sizeof(size_t));
    uint32_t **rows = xcalloc(nd ? nd : 1, sizeof(uint32_t *));
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(size_t));
    /* one pass: each domain's members, in arrays that double as they fill */
    for (size_t w = 0; w < d->n_waves; w++) {
        if (!sd->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            if (y && isnan(y[i]))
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

bool survey_disclose_classes_open(struct eval_ctx *c, const char *survey,
                                  const char *const *vars, size_t n_vars, const char *tag)
{
    struct disclosure *ds = c->opt->disc;
    for (size_t v = 0; ds && v < n_vars; v++) {
        struct strbuf key = STRBUF_INIT;
        strbuf_addf(&key, "%s\x1f%s", survey, vars[v]); /* as universe_of() */
        bool ok = disclosure_classes_tag(ds, key.buf, tag);
        strbuf_release(&key);
        if (!ok)
            return false;
    }
    return true;
}
