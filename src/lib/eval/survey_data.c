/*
 * survey_data — see survey_data.h.
 */
#include "eval/survey_data.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "eval/survey_fpc.h"
#include "eval/survey_keycells.h"
#include "eval/survey_stream.h"
#include "store/survey_read.h"
#include "util/xalloc.h"

static int add_codebook(void *ctx, long long id, const char *file_name, const char *text,
                        size_t len)
{
    struct survey_data *d = ((void **)ctx)[0];
    struct diag_list *dl = ((void **)ctx)[1];
    struct codebook *cb = codebook_parse(file_name, text, len, dl);
    if (!cb)
        return -1;
    d->codebooks = xrealloc(d->codebooks, (d->n_codebooks + 1) * sizeof(*d->codebooks));
    d->codebook_ids = xrealloc(d->codebook_ids, (d->n_codebooks + 1) * sizeof(long long));
    d->codebooks[d->n_codebooks] = cb;
    d->codebook_ids[d->n_codebooks++] = id;
    return 0;
}

static int add_wave(void *ctx, long long id, const char *label, int year)
{
    struct survey_data *d = ctx;
    d->waves = xrealloc(d->waves, (d->n_waves + 1) * sizeof(*d->waves));
    struct survey_wave *w = &d->waves[d->n_waves++];
    w->id = id;
    w->label = xstrdup(label);
    w->year = year;
    return 0;
}

/* The strata's codes, so that a message can name a stratum as the data do. */
static int add_stratum(void *ctx, long long id, const char *label)
{
    struct survey_data *d = ctx;
    size_t n = d->n_stratum_units;
    if ((n & (n - 1)) == 0) { /* at 0, 1, 2, 4, ...: double */
        size_t alloc = n ? 2 * n : 1;
        d->stratum_unit_id = xrealloc(d->stratum_unit_id, alloc * sizeof(int32_t));
        d->stratum_unit_label = xrealloc(d->stratum_unit_label, alloc * sizeof(char *));
    }
    d->stratum_unit_id[n] = (int32_t)id;
    d->stratum_unit_label[n] = xstrdup(label);
    d->n_stratum_units++;
    return 0;
}

const char *survey_stratum_code(const struct survey_data *d, int32_t id)
{
    size_t lo = 0, hi = d->n_stratum_units;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->stratum_unit_id[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->n_stratum_units && d->stratum_unit_id[lo] == id ? d->stratum_unit_label[lo]
                                                                    : NULL;
}

/* p grown to `bytes`.  A large array starts on huge pages where the system has them:
 * a million respondents' columns are tens of megabytes, each 4 KiB page of which is
 * otherwise a page fault (expensive on a virtual machine) when first written. */
static void *grow(void *p, size_t bytes, bool fresh)
{
#if defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    if (fresh && bytes >= huge) {
        size_t size = (bytes + huge - 1) / huge * huge;
        void *q = NULL;
        if (posix_memalign(&q, huge, size) == 0) {
            madvise(q, size, MADV_HUGEPAGE); /* a hint: without it, ordinary pages */
            free(p);
            return q;
        }
    }
#endif
    (void)fresh;
    return xrealloc(p, bytes);
}

static void reserve(struct survey_data *d, size_t need)
{
    if (need <= d->alloc)
        return;
    bool fresh = d->n == 0; /* nothing to keep: the old arrays may go */
    size_t alloc = d->alloc ? 2 * d->alloc : 4096;
    if (alloc < need)
        alloc = need;
    d->wave = grow(d->wave, alloc * sizeof(*d->wave), fresh);
    d->version = grow(d->version, alloc * sizeof(*d->version), fresh);
    d->area = grow(d->area, alloc * sizeof(*d->area), fresh);
    d->weight = grow(d->weight, alloc * sizeof(*d->weight), fresh);
    d->stratum = grow(d->stratum, alloc * sizeof(*d->stratum), fresh);
    d->cluster = grow(d->cluster, alloc * sizeof(*d->cluster), fresh);
    for (size_t v = 0; v < d->n_vars; v++) {
        d->codes[v] = grow(d->codes[v], alloc * sizeof(**d->codes), fresh);
        if (d->num[v])
            d->num[v] = grow(d->num[v], alloc * sizeof(**d->num), fresh);
    }
    d->alloc = alloc;
}

/* The index of the codebook's variable at `position` among its number variables (the
 * order of the block's numbers column). */
static size_t number_index(const struct codebook *cb, size_t position)
{
    size_t k = 0;
    for (size_t i = 0; i < position && i < cb->n_vars; i++)
        k += cb->vars[i].numeric;
    return k;
}

/* Appends the respondents of the iterator's current block (of wave `wave`, codebook
 * version `version`): each variable's codes (and numbers) are read from the store
 * straight into the arrays.  Returns 0, or -1 (in dl). */
static int append_block(struct survey_data *d, struct store_block_iter *it, size_t wave,
                        size_t version, const size_t *position, struct diag_list *dl)
{
    const struct resp_block *b = &it->block;
    reserve(d, d->n + b->n);
    for (size_t i = 0; i < b->n; i++) {
        size_t k = d->n + i;
        d->wave[k] = (int32_t)wave;
        d->version[k] = (int32_t)version;
        d->area[k] = b->area[i];
        d->weight[k] = b->weight[i];
        d->stratum[k] = b->stratum ? b->stratum[i] : 0;
        d->cluster[k] = b->cluster ? b->cluster[i] : 0;
    }
    d->has_strata |= b->stratum != NULL;
    d->has_clusters |= b->cluster != NULL;
    size_t n_vars = d->n_vars;
    for (size_t v = 0; v < n_vars; v++) {
        int16_t *dst = d->codes[v] + d->n;
        const struct cb_variable *var = d->var_in[version * n_vars + v];
        size_t pos = position[version * n_vars + v];
        if (var && pos < b->n_vars) {
            if (store_block_iter_answers(it, pos, dst, dl) != 0)
                return -1;
        } else {
            for (size_t i = 0; i < b->n; i++)
                dst[i] = CODEBOOK_NO_ANSWER;
        }
        if (!d->num[v])
            continue;
        double *num = d->num[v] + d->n;
        size_t k = var && var->numeric ? number_index(d->codebooks[version], pos) : SIZE_MAX;
        bool have = k < b->n_num;
        if (have && store_block_iter_numbers(it, k, num, dl) != 0)
            return -1;
        for (size_t i = 0; i < b->n; i++) {
            if (!have || dst[i] != CODEBOOK_NUMBER)
                num[i] = NAN;
            if (dst[i] == CODEBOOK_NUMBER) /* grouped by its band */
                dst[i] = have ? (int16_t)cb_variable_band(var, num[i]) : CODEBOOK_NO_ANSWER;
        }
    }
    d->n += b->n;
    return 0;
}

static int load(struct store *st, const char *survey, const char *const *vars, size_t n_vars,
                const char *const *refine_ids, size_t n_refine, bool stream,
                struct survey_data *out, struct diag_list *dl)
{
    struct survey_data *d = out;
    memset(d, 0, sizeof(*d));
    d->survey = xstrdup(survey);
    int found = store_survey_find(st, survey, &d->survey_id, &d->title_sv, &d->title_en, dl);
    if (found < 0)
        return -1;
    if (!found) {
        diag_error(dl, st->path, 0, 0, "survey '%s' is not in the database", survey);
        return -1;
    }
    void *cb_ctx[2] = {d, dl};
    if (store_survey_codebooks(st, d->survey_id, add_codebook, cb_ctx, dl) != 0 ||
        store_survey_waves(st, d->survey_id, add_wave, d, dl) != 0 ||
        store_survey_strata(st, d->survey_id, add_stratum, d, dl) != 0)
        return -1;

    d->n_vars = n_vars;
    d->var_ids = xcalloc(n_vars ? n_vars : 1, sizeof(*d->var_ids));
    d->codes = xcalloc(n_vars ? n_vars : 1, sizeof(*d->codes));
    d->num = xcalloc(n_vars ? n_vars : 1, sizeof(*d->num));
    d->var_in = xcalloc((d->n_codebooks ? d->n_codebooks : 1) * (n_vars ? n_vars : 1),
                        sizeof(*d->var_in));
    size_t *position = xcalloc((d->n_codebooks ? d->n_codebooks : 1) * (n_vars ? n_vars : 1),
                               sizeof(*position));
    for (size_t v = 0; v < n_vars; v++) {
        d->var_ids[v] = xstrdup(vars[v]);
        for (size_t c = 0; c < d->n_codebooks; c++)
        {
            d->var_in[c * n_vars + v] =
                codebook_find_series(d->codebooks[c], vars[v], &position[c * n_vars + v]);
            if (d->var_in[c * n_vars + v] && d->var_in[c * n_vars + v]->numeric && !d->num[v])
                d->num[v] = xmalloc(sizeof(**d->num)); /* grown by reserve() */
        }
    }

    for (size_t r = 0; r < n_refine && d->n_refine < SURVEY_REFINE_MAX; r++)
        for (size_t v = 0; v < n_vars; v++)
            if (!strcmp(vars[v], refine_ids[r])) {
                d->refine[d->n_refine++] = v;
                break;
            }
    d->wave_begin = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(*d->wave_begin));
    d->wave_end = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(*d->wave_end));
    if (stream && survey_stream_codebooks_ok(d)) {
        int rc = survey_stream_blocks(d, st, position, dl);
        if (rc != 1) {
            free(position);
            return rc;
        }
        /* the data do not suit the cells (survey_stream.h): the rows, as usual */
    }

    /* the arrays at their final size at once: no copies while growing, and the pages
     * of a million-respondent survey faulted in once */
    long long total = store_survey_respondents(st, d->survey_id, dl);
    if (total < 0) {
        free(position);
        return -1;
    }
    if (total > 0)
        reserve(d, (size_t)total);

    /* Block by block, wave by wave (in the order of d->waves): the rows of each wave
     * are then contiguous, [wave_begin[w], wave_end[w]), so an analysis of two waves
     * out of fifteen reads only their rows. */
    struct store_block_iter it;
    if (store_block_iter_open(&it, st, dl) != 0) {
        store_block_iter_close(&it);
        free(position);
        return -1;
    }
    int result = 0;
    for (size_t wave = 0; wave < d->n_waves && !result; wave++) {
        d->wave_begin[wave] = d->n;
        store_block_iter_wave(&it, d->waves[wave].id);
        int rc;
        while ((rc = store_block_iter_next(&it, dl)) == 1) {
            size_t version = 0;
            while (version < d->n_codebooks && d->codebook_ids[version] != it.codebook_id)
                version++;
            if (version == d->n_codebooks) {
                diag_error(dl, st->path, 0, 0, "database: block %lld has no codebook",
                           it.block.id);
                result = -1;
                break;
            }
            if (append_block(d, &it, wave, version, position, dl) != 0) {
                result = -1;
                break;
            }
        }
        if (rc < 0)
            result = -1;
        d->wave_end[wave] = d->n;
    }
    store_block_iter_close(&it);
    free(position);
    if (!result)
        result = survey_fpc_prepare(st, d, dl);
    return result;
}

int survey_data_load(struct store *st, const char *survey, const char *const *vars,
                     size_t n_vars, struct survey_data *out, struct diag_list *dl)
{
    return load(st, survey, vars, n_vars, NULL, 0, false, out, dl);
}

int survey_data_load_stream(struct store *st, const char *survey, const char *const *vars,
                            size_t n_vars, struct survey_data *out, struct diag_list *dl)
{
    return load(st, survey, vars, n_vars, NULL, 0, true, out, dl);
}

int survey_data_load_refined(struct store *st, const char *survey, const char *const *vars,
                             size_t n_vars, const char *const *refine_ids, size_t n_refine,
                             bool stream, struct survey_data *out, struct diag_list *dl)
{
    return load(st, survey, vars, n_vars, refine_ids, n_refine, stream, out, dl);
}

void survey_data_release_rows(struct survey_data *d)
{
    survey_keycells_release(d);
    free(d->wave);
    free(d->version);
    free(d->area);
    free(d->weight);
    free(d->stratum);
    free(d->cluster);
    free(d->resp);
    d->wave = d->version = d->area = d->stratum = d->cluster = NULL;
    d->weight = NULL;
    d->resp = NULL;
    for (size_t v = 0; v < d->n_vars; v++) {
        free(d->codes[v]);
        d->codes[v] = NULL;
        if (d->num && d->num[v]) { /* a number variable keeps its (empty) array */
            free(d->num[v]);
            d->num[v] = xmalloc(sizeof(**d->num));
        }
    }
    d->n = d->alloc = 0;
    d->has_strata = d->has_clusters = false;
    d->cells_only = false;
    free(d->design.stratum);
    free(d->design.psu);
    free(d->design.pop);
    memset(&d->design, 0, sizeof(d->design));
    d->design_built = false;
    free(d->pop);
    d->pop = NULL;
}

void survey_data_release(struct survey_data *d)
{
    free(d->survey);
    free(d->title_sv);
    free(d->title_en);
    for (size_t i = 0; i < d->n_waves; i++)
        free(d->waves[i].label);
    free(d->waves);
    for (size_t i = 0; i < d->n_codebooks; i++)
        codebook_free(d->codebooks[i]);
    free(d->codebooks);
    free(d->codebook_ids);
    survey_data_release_rows(d);
    for (size_t v = 0; v < d->n_vars; v++) {
        free(d->var_ids[v]);
        if (d->num)
            free(d->num[v]);
    }
    free(d->num);
    free(d->var_ids);
    free(d->codes);
    free(d->var_in);
    free(d->wave_begin);
    free(d->wave_end);
    for (size_t i = 0; i < d->n_stratum_units; i++)
        free(d->stratum_unit_label[i]);
    free(d->stratum_unit_id);
    free(d->stratum_unit_label);
    memset(d, 0, sizeof(*d));
}

int survey_var_index(const struct survey_data *d, const char *id)
{
    for (size_t v = 0; v < d->n_vars; v++)
        if (!strcmp(d->var_ids[v], id))
            return (int)v;
    return -1;
}

int survey_wave_index(const struct survey_data *d, const char *label)
{
    for (size_t w = 0; w < d->n_waves; w++)
        if (!strcmp(d->waves[w].label, label))
            return (int)w;
    return -1;
}

int survey_code(const struct survey_data *d, size_t v, size_t i, bool harmonize)
{
    int code = d->codes[v][i];
    if (!harmonize || code == CODEBOOK_NO_ANSWER)
        return code;
    const struct cb_variable *var = survey_var_of(d, v, i);
    return var ? cb_variable_harmonize(var, code) : code;
}

/* Signature of a variable in one version: "valid codes / indicator codes / scale", with
 * codes mapped through harmonize when asked. */
static void signature(const struct cb_variable *var, bool harmonize, struct strbuf *out)
{
    strbuf_reset(out);
    for (int part = 0; part < 3; part++) {
        /* collect mapped codes of this part, sorted, unique */
        int codes[512];
        size_t n = 0;
        for (size_t i = 0; i < var->n_values && n < 512; i++) {
            const struct cb_value *cv = &var->values[i];
            bool in = part == 0 ? !cv->missing : part == 1 ? cv->indicator : cv->in_scale;
            if (!in)
                continue;
            int c = harmonize ? cb_variable_harmonize(var, cv->code) : cv->code;
            const struct cb_value *target = cb_variable_value(var, c);
            if (harmonize && (!target || target->missing))
                continue; /* mapped onto a missing code: no longer part of the scale */
            bool dup = false;
            for (size_t k = 0; k < n; k++)
                dup |= codes[k] == c;
            if (!dup)
                codes[n++] = c;
        }
        for (size_t a = 1; a < n; a++)
            for (size_t b = a; b > 0 && codes[b - 1] > codes[b]; b--) {
                int t = codes[b];
                codes[b] = codes[b - 1];
                codes[b - 1] = t;
            }
        strbuf_addch(out, part ? '/' : '[');
        for (size_t k = 0; k < n; k++)
            strbuf_addf(out, "%s%d", k ? "," : "", codes[k]);
    }
    strbuf_addch(out, ']');
}

enum comparability survey_comparability(const struct survey_data *d, size_t v, const bool *use,
                                        char *why, size_t why_size, const char *lang)
{
    bool en = lang && !strcmp(lang, "en");
    /* which versions answer in the waves in use */
    bool *in_use = xcalloc(d->n_codebooks ? d->n_codebooks : 1, sizeof(*in_use));
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; use[w] && i < d->wave_end[w]; i++)
            in_use[d->version[i]] = true;
    enum comparability result = COMPARABLE_SAME;
    struct strbuf first = STRBUF_INIT, cur = STRBUF_INIT;
    const struct cb_variable *ref = NULL;
    for (int harm = 0; harm < 2; harm++) {
        bool same = true;
        ref = NULL;
        for (size_t c = 0; c < d->n_codebooks; c++) {
            const struct cb_variable *var = d->var_in[c * d->n_vars + v];
            if (!in_use[c] || !var)
                continue;
            signature(var, harm, &cur);
            if (!ref) {
                ref = var;
                strbuf_reset(&first);
                strbuf_add(&first, cur.buf, cur.len);
            } else if (strcmp(first.buf, cur.buf)) {
                same = false;
            }
        }
        if (same) {
            result = harm ? COMPARABLE_HARMONIZED : COMPARABLE_SAME;
            break;
        }
        result = COMPARABLE_NO;
    }
    if (why && why_size) {
        if (result == COMPARABLE_SAME)
            snprintf(why, why_size, "%s", "");
        else if (result == COMPARABLE_HARMONIZED)
            snprintf(why, why_size,
                     /* not "comparable": a mapped answer option is still a change (the
                        summary states a declared one; issue 11 item 7) */
                     en ? "The answer options of '%s' differ between codebook versions; the "
                          "codebook maps them (harmonize) for the comparison, which is only as "
                          "comparable as that mapping."
                        : "Svarsalternativen för '%s' skiljer sig mellan kodboksversionerna; "
                          "kodboken översätter dem (harmonize) för jämförelsen, som bara är så "
                          "jämförbar som översättningen.",
                     d->var_ids[v]);
        else
            snprintf(why, why_size,
                     en ? "The answer options of '%s' changed between codebook versions and the "
                          "codebook gives no mapping, so these waves are not comparable."
                        : "Svarsalternativen för '%s' ändrades mellan kodboksversionerna och "
                          "kodboken anger ingen översättning, så åren är inte jämförbara.",
                     d->var_ids[v]);
    }
    strbuf_release(&first);
    strbuf_release(&cur);
    free(in_use);
    return result;
}
