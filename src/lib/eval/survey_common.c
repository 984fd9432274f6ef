/*
 * survey_common — see survey_common.h.
 */
#include "eval/reason.h"
#include "eval/survey_common.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "eval/doc.h"
#include "eval/survey_keycells.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

const struct cb_variable *survey_var_any(const struct survey_data *d, size_t v)
{
    for (size_t c = 0; c < d->n_codebooks; c++)
        if (d->var_in[c * d->n_vars + v])
            return d->var_in[c * d->n_vars + v];
    return NULL;
}

enum survey_measure survey_measure_for(const struct survey_data *d, size_t v,
                                       enum survey_measure asked)
{
    if (asked != MEASURE_DEFAULT)
        return asked;
    const struct cb_variable *var = survey_var_any(d, v);
    return var && var->has_indicator ? MEASURE_INDICATOR : MEASURE_MEAN;
}

double survey_value(const struct survey_data *d, size_t v, size_t i, enum survey_measure m,
                    bool harmonize)
{
    if (d->codes[v][i] == CODEBOOK_NO_ANSWER)
        return NAN;
    const struct cb_variable *var = survey_var_of(d, v, i);
    if (!var)
        return NAN;
    if (var->numeric) /* the number itself; NaN for a missing code or no answer */
        return m == MEASURE_MEAN || m == MEASURE_DEFAULT ? d->num[v][i] : NAN;
    int code = survey_code(d, v, i, harmonize);
    const struct cb_value *cv = cb_variable_value(var, code);
    if (!cv || cv->missing)
        return NAN;
    switch (m) {
    case MEASURE_DEFAULT:
    case MEASURE_INDICATOR:
        return cv->indicator ? 1.0 : 0.0;
    case MEASURE_MEAN:
        return cv->in_scale ? (double)code : NAN;
    case MEASURE_SCORE:
        return cv->has_score ? cv->score : NAN;
    }
    return NAN;
}

/* Position of code in codes[0..n), or -1. */
static int code_pos(const int *codes, size_t n, int code)
{
    for (size_t j = 0; j < n; j++)
        if (codes[j] == code)
            return (int)j;
    return -1;
}

void survey_code_slot_fill(const struct survey_code_table *t, size_t i,
                           struct survey_code_slot *out)
{
    const struct survey_data *d = t->d;
    out->value = survey_value(d, t->var, i, t->measure, t->harmonize);
    out->pos = d->codes[t->var][i] == CODEBOOK_NO_ANSWER
                   ? -1
                   : code_pos(t->codes, t->n_codes, survey_code(d, t->var, i, t->harmonize));
}

/* Largest table of codes per version: declared codes spread wider fall back. */
#define CODE_TABLE_MAX 4096

void survey_code_table_init(struct survey_code_table *t, const struct survey_data *d, size_t v,
                            enum survey_measure m, bool harmonize, const int *codes,
                            size_t n_codes)
{
    size_t nv = d->n_codebooks ? d->n_codebooks : 1;
    t->d = d;
    t->var = v;
    t->measure = m;
    t->harmonize = harmonize;
    t->lo = xcalloc(nv, sizeof(*t->lo));
    t->n = xcalloc(nv, sizeof(*t->n));
    t->slot = xcalloc(nv, sizeof(*t->slot));
    t->n_codes = codes ? n_codes : 0;
    t->codes = xmalloc((t->n_codes ? t->n_codes : 1) * sizeof(*t->codes));
    if (t->n_codes)
        memcpy(t->codes, codes, t->n_codes * sizeof(*codes));
    for (size_t c = 0; c < d->n_codebooks; c++) {
        const struct cb_variable *var = d->var_in[c * d->n_vars + v];
        if (!var || var->n_values == 0 || var->numeric)
            continue; /* a number variable's value is its number, not its code */
        int lo = var->values[0].code, hi = lo;
        for (size_t k = 1; k < var->n_values; k++) {
            lo = var->values[k].code < lo ? var->values[k].code : lo;
            hi = var->values[k].code > hi ? var->values[k].code : hi;
        }
        if ((long)hi - (long)lo >= CODE_TABLE_MAX || lo <= CODEBOOK_NO_ANSWER)
            continue;
        size_t n = (size_t)(hi - lo) + 1;
        t->lo[c] = lo;
        t->n[c] = n;
        t->slot[c] = xmalloc(n * sizeof(**t->slot));
        for (size_t k = 0; k < n; k++)
            t->slot[c][k].pos = -2; /* asked on first use */
    }
}

void survey_code_table_release(struct survey_code_table *t)
{
    size_t nv = t->d && t->d->n_codebooks ? t->d->n_codebooks : 1;
    for (size_t c = 0; t->slot && c < nv; c++)
        free(t->slot[c]);
    free(t->slot);
    free(t->lo);
    free(t->n);
    free(t->codes);
    memset(t, 0, sizeof(*t));
}

/* A small index for the pair (wave, unit): the first pair seen gets 0, and so on. */
static size_t pair_index(struct strmap *m, int32_t wave, int32_t unit, size_t *next)
{
    int32_t key[2] = {wave, unit};
    int64_t v;
    if (strmap_get(m, (const char *)key, sizeof(key), &v))
        return (size_t)v;
    strmap_put(m, (const char *)key, sizeof(key), (int64_t)*next);
    return (*next)++;
}

/* The same numbering as pair_index, for design_unit ids (small non-negative integers)
 * through a table of waves x ids instead of a hash map: dst[i] for every respondent.
 * Returns false (dst untouched) when the ids are too large for a table. */
static bool pair_index_dense(const struct survey_data *d, const int32_t *unit, size_t *dst)
{
    int32_t max = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (unit[i] < 0)
            return false;
        if (unit[i] > max)
            max = unit[i];
    }
    size_t width = (size_t)max + 1, n_waves = d->n_waves ? d->n_waves : 1;
    if (width > ((size_t)1 << 24) / n_waves)
        return false;
    size_t *table = xmalloc(n_waves * width * sizeof(*table));
    for (size_t k = 0; k < n_waves * width; k++)
        table[k] = SIZE_MAX;
    size_t next = 0;
    for (size_t i = 0; i < d->n; i++) {
        size_t *slot = &table[(size_t)d->wave[i] * width + (size_t)unit[i]];
        if (*slot == SIZE_MAX)
            *slot = next++;
        dst[i] = *slot;
    }
    free(table);
    return true;
}

/* Population size per stratum index, from the respondents' (constant within a wave's
 * stratum: survey_fpc checked it). */
static void design_pop_build(const struct survey_data *d, struct survey_design_index *out)
{
    out->pop = NULL;
    out->n_strata = 0;
    if (!d->pop)
        return;
    for (size_t i = 0; i < d->n; i++)
        if (out->stratum[i] + 1 > out->n_strata)
            out->n_strata = out->stratum[i] + 1;
    out->pop = xmalloc((out->n_strata ? out->n_strata : 1) * sizeof(*out->pop));
    for (size_t h = 0; h < out->n_strata; h++)
        out->pop[h] = INFINITY;
    for (size_t i = 0; i < d->n; i++)
        out->pop[out->stratum[i]] = d->pop[i];
}

static void design_index_build(const struct survey_data *d, struct survey_design_index *out)
{
    struct strmap strata = STRMAP_INIT, psus = STRMAP_INIT;
    size_t n_strata = 0, n_psus = 0;
    out->stratum = xmalloc((d->n ? d->n : 1) * sizeof(*out->stratum));
    out->clustered = d->has_clusters;
    out->psu = out->clustered ? xmalloc((d->n ? d->n : 1) * sizeof(*out->psu)) : NULL;
    bool waves_ok = true;
    for (size_t i = 0; i < d->n && waves_ok; i++)
        waves_ok = d->wave[i] >= 0 && (size_t)d->wave[i] < d->n_waves;
    if (waves_ok && d->has_strata && pair_index_dense(d, d->stratum, out->stratum) &&
        (!out->clustered || pair_index_dense(d, d->cluster, out->psu)))
        return;
    for (size_t i = 0; i < d->n; i++) {
        /* Waves are separate samples: a stratum (or PSU) of one wave is not the same
         * stratum in another, even when the codebook gives it the same code. */
        out->stratum[i] = pair_index(&strata, d->wave[i], d->has_strata ? d->stratum[i] : 0,
                                     &n_strata);
        if (out->clustered)
            out->psu[i] = pair_index(&psus, d->wave[i], d->cluster[i], &n_psus);
    }
    strmap_release(&strata);
    strmap_release(&psus);
}

const struct survey_design_index *survey_design(struct survey_data *d)
{
    if (!d->design_built) {
        design_index_build(d, &d->design);
        design_pop_build(d, &d->design);
        d->design_built = true;
    }
    return &d->design;
}

/* The finite population correction of the design, on a new accumulator. */
void survey_design_apply_fpc(const struct survey_design_index *x, struct svy_acc *acc)
{
    for (size_t h = 0; x->pop && h < x->n_strata; h++)
        if (isfinite(x->pop[h]))
            svy_acc_set_population(acc, h, x->pop[h]);
}

/* The design a namer describes: the respondents and their stratum indices. */
struct stratum_names {
    const struct survey_data *d;
    const struct survey_design_index *x;
};

/* s cut to at most max bytes at a whole UTF-8 character, into out (max + 1 bytes). */
static const char *clip(const char *s, size_t max, char *out)
{
    size_t len = strlen(s);
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
}

/* svy_stratum_namer: the stratum index h is a (wave, stratum code) pair numbered by
 * design_index_build; the first respondent with that index gives both back.  Only
 * called on the way to a reason, so a scan is cheap enough.  Names only, no words: the
 * reason is put in words in the report's language (eval/reason.h). */
static bool name_stratum(const void *ctx, size_t h, char *buf, size_t size)
{
    const struct stratum_names *sn = ctx;
    const struct survey_data *d = sn->d;
    size_t i = 0;
    while (i < d->n && sn->x->stratum[i] != h)
        i++;
    if (i == d->n) {
        snprintf(buf, size, "?\x1f?");
        return true;
    }
    char wave[16], code[24], col[20];
    clip(d->wave[i] >= 0 && (size_t)d->wave[i] < d->n_waves ? d->waves[d->wave[i]].label : "?",
         sizeof(wave) - 1, wave);
    if (!d->has_strata) {
        snprintf(buf, size, "%s", wave);
        return false;
    }
    const char *c = survey_stratum_code(d, d->stratum[i]);
    clip(c ? c : "?", sizeof(code) - 1, code);
    const struct codebook *cb =
        d->version[i] >= 0 && (size_t)d->version[i] < d->n_codebooks ? d->codebooks[d->version[i]]
                                                                      : NULL;
    if (cb && cb->col_stratum)
        snprintf(buf, size, "'%s' (%s)\x1f%s", code,
                 clip(cb->col_stratum, sizeof(col) - 1, col), wave);
    else
        snprintf(buf, size, "'%s'\x1f%s", code, wave);
    return true;
}

struct survey_cells {
    struct svy_acc *acc;
    struct stratum_names names; /* the accumulator's namer context */
    int rc;
};

struct survey_cells *survey_estimate_cells(const struct survey_data *d, const double *y,
                                           const struct survey_design_index *x,
                                           const struct survey_domains *sd, double conf_level,
                                           struct svy_estimate *est)
{
    struct survey_cells *sc = xcalloc(1, sizeof(*sc));
    sc->acc = svy_acc_new(sd->n_domains, true, x->clustered);
    survey_design_apply_fpc(x, sc->acc);
    sc->names.d = d;
    sc->names.x = x;
    svy_acc_name_strata(sc->acc, name_stratum, &sc->names);
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(*doms));
    if ((sd->by_key || sd->by_cell) && sd->y_by_key && x == &d->design &&
        survey_keycells_cover(d, sd->key_var, sd->waves)) {
        /* the rows of a cell share their domains and value: added at once, in the
         * order of their first rows (as the rows would be) */
        for (size_t w = 0; w < d->n_waves; w++) {
            if (!sd->waves[w])
                continue;
            const struct survey_keycells *kc = survey_keycells(d, sd->key_var, w);
            for (size_t k = 0; k < kc->n; k++) {
                const struct survey_keycell *cell = &kc->cell[k];
                size_t nd = sd->dom(sd->ctx, cell->first, doms);
                if (svy_acc_add_rows(sc->acc, y[cell->first], &cell->rows, cell->stratum,
                                     cell->psu, doms, nd) != 0)
                    sc->rc = -1;
            }
        }
    } else {
        assert(!d->cells_only); /* a pass over the rows: survey_stream.h */
        for (size_t w = 0; w < d->n_waves; w++) {
            if (!sd->waves[w])
                continue;
            for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
                size_t nd = sd->dom(sd->ctx, i, doms);
                if (svy_acc_add(sc->acc, y[i], d->weight[i], x->stratum[i],
                                x->psu ? x->psu[i] : SVY_NONE, doms, nd) != 0)
                    sc->rc = -1;
            }
        }
    }
    for (size_t k = 0; k < sd->n_domains; k++)
        svy_acc_estimate(sc->acc, k, conf_level, &est[k]);
    free(doms);
    return sc;
}

void survey_cells_free(struct survey_cells *sc)
{
    if (!sc)
        return;
    svy_acc_free(sc->acc);
    free(sc);
}

int survey_estimate_domains(const struct survey_data *d, const double *y,
                            const struct survey_design_index *x, const struct survey_domains *sd,
                            double conf_level, struct svy_estimate *est)
{
    struct survey_cells *sc = survey_estimate_cells(d, y, x, sd, conf_level, est);
    int rc = sc->rc;
    survey_cells_free(sc);
    return rc;
}

/* The estimate and n of a contrast, or a failure when a domain used has no estimate:
 * returns false with *r failed. */
static bool contrast_start(const struct survey_domains *sd, const struct svy_estimate *est,
                           const double *coef, struct stat_result *r, double *estimate)
{
    stat_result_init(r);
    double n_used = 0;
    *estimate = 0;
    for (size_t k = 0; k < sd->n_domains; k++) {
        if (coef[k] == 0)
            continue;
        const struct stat_result *m = &est[k].mean;
        n_used += est[k].n_valid;
        if (!stat_ok(m) || !(est[k].sum_weights > 0)) {
            if (stat_has_why(m))
                stat_result_fail_why(r, stat_ok(m) ? STAT_NOT_ESTIMABLE : m->status, &m->why);
            else
                stat_result_fail(r, stat_ok(m) ? STAT_NOT_ESTIMABLE : m->status,
                                 STAT_R_CONTRAST_GROUP_EMPTY);
            r->n = n_used;
            return false;
        }
        *estimate += coef[k] * m->estimate;
    }
    r->n = n_used;
    return true;
}

/* The contrast's interval and test from its standard error. */
static void contrast_finish(struct stat_result *r, double estimate, double se, double conf_level)
{
    double z = gsl_cdf_ugaussian_Pinv(0.5 + conf_level / 2);
    r->estimate = estimate;
    r->std_error = se;
    r->conf_level = conf_level;
    if (se > 0) {
        r->conf_low = estimate - z * se;
        r->conf_high = estimate + z * se;
        r->statistic = estimate / se;
        r->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(r->statistic));
    } else {
        /* Every answer the same in every group: no sampling variation to test. */
        r->conf_low = r->conf_high = estimate;
        stat_result_note(r, STAT_R_CONTRAST_NO_VARIATION);
    }
}

struct stat_result survey_contrast(const struct survey_data *d, const double *y,
                                   const struct survey_design_index *x,
                                   const struct survey_domains *sd, const struct svy_estimate *est,
                                   const double *coef, double conf_level)
{
    struct stat_result r;
    double estimate;
    if (!contrast_start(sd, est, coef, &r, &estimate))
        return r;
    double n_used = r.n;
    /* The linearised contrast u_i, fed as a "mean" over all rows of the design: its
     * weighted mean is 0 by construction, so the accumulator's variance of that mean
     * is Var(Σ w u) / (Σ w)²; multiplying the SE by Σ w gives the contrast's SE. */
    struct svy_acc *acc = svy_acc_new(1, true, x->clustered);
    survey_design_apply_fpc(x, acc);
    struct stratum_names names = {d, x};
    svy_acc_name_strata(acc, name_stratum, &names);
    size_t *doms = xmalloc((sd->max_per_row ? sd->max_per_row : 1) * sizeof(*doms));
    const size_t all = 0;
    double total_w = 0;
    /* the domains and y follow the key: each answer-code cell's rows share u */
    bool by_cells = (sd->by_key || sd->by_cell) && sd->y_by_key && x == &d->design &&
                    survey_keycells_cover(d, sd->key_var, sd->waves);
    for (size_t w = 0; w < d->n_waves && by_cells; w++) {
        const struct survey_keycells *kc = sd->waves[w] ? survey_keycells(d, sd->key_var, w)
                                                        : NULL;
        for (size_t j = 0; kc && j < kc->n; j++) {
            const struct survey_keycell *cell = &kc->cell[j];
            size_t i = cell->first;
            double u = 0;
            if (!isnan(y[i])) {
                size_t nd = sd->dom(sd->ctx, i, doms);
                for (size_t q = 0; q < nd; q++) {
                    size_t k = doms[q];
                    if (coef[k] != 0)
                        u += coef[k] * (y[i] - est[k].mean.estimate) / est[k].sum_weights;
                }
            }
            total_w += cell->rows.sw;
            svy_acc_add_rows(acc, u, &cell->rows, cell->stratum, cell->psu, &all, 1);
        }
    }
    assert(by_cells || !d->cells_only); /* a pass over the rows: survey_stream.h */
    for (size_t w = 0; w < d->n_waves && !by_cells; w++) {
        if (!sd->waves[w])
            continue;
        for (size_t i = d->wave_begin[w]; i < d->wave_end[w]; i++) {
            double u = 0;
            if (!isnan(y[i])) {
                size_t nd = sd->dom(sd->ctx, i, doms);
                for (size_t j = 0; j < nd; j++) {
                    size_t k = doms[j];
                    if (coef[k] != 0)
                        u += coef[k] * (y[i] - est[k].mean.estimate) / est[k].sum_weights;
                }
            }
            total_w += d->weight[i];
            svy_acc_add(acc, u, d->weight[i], x->stratum[i], x->psu ? x->psu[i] : SVY_NONE,
                        &all, 1);
        }
    }
    struct svy_estimate e;
    svy_acc_estimate(acc, 0, conf_level, &e);
    free(doms);
    svy_acc_free(acc);
    if (!stat_ok(&e.mean)) {
        stat_result_fail_why(&r, e.mean.status, &e.mean.why);
        r.n = n_used;
        return r;
    }
    contrast_finish(&r, estimate, e.mean.std_error * total_w, conf_level);
    return r;
}

struct stat_result survey_cells_contrast(const struct survey_cells *sc,
                                         const struct survey_data *d, const double *y,
                                         const struct survey_design_index *x,
                                         const struct survey_domains *sd,
                                         const struct svy_estimate *est, const double *coef,
                                         double conf_level)
{
    struct stat_result r;
    double estimate;
    if (!contrast_start(sd, est, coef, &r, &estimate))
        return r;
    double *mean = xcalloc(sd->n_domains ? sd->n_domains : 1, sizeof(*mean));
    for (size_t k = 0; k < sd->n_domains; k++)
        mean[k] = coef[k] != 0 ? est[k].mean.estimate : 0;
    double se;
    enum stat_status status;
    struct stat_why why;
    int done = svy_acc_contrast(sc->acc, coef, mean, &se, &status, &why);
    free(mean);
    if (!done) /* a row in two of the domains: the rows are needed */
        return survey_contrast(d, y, x, sd, est, coef, conf_level);
    if (status != STAT_OK) {
        double n_used = r.n;
        stat_result_fail_why(&r, status, &why);
        r.n = n_used;
        return r;
    }
    contrast_finish(&r, estimate, se, conf_level);
    return r;
}

const char *survey_code_label(const struct survey_data *d, size_t v, int code, const char *lang)
{
    bool en = lang && !strcmp(lang, "en");
    for (size_t c = 0; c < d->n_codebooks; c++) {
        const struct cb_variable *var = d->var_in[c * d->n_vars + v];
        const struct cb_value *cv = var ? cb_variable_value(var, code) : NULL;
        if (cv)
            return en && cv->label_en ? cv->label_en : cv->label_sv;
    }
    return NULL;
}

void survey_document_fpc(struct eval_ctx *c, const struct survey_data *d, const char *what)
{
    if (!d->pop)
        return;
    bool derived = false;
    for (size_t k = 0; k < d->n_codebooks; k++)
        derived |= d->codebooks[k]->n_pops > 0 && !d->codebooks[k]->col_weight;
    doc_paragraph(c->methods,
                  L(c, "%s: ändlighetskorrektion efter kodbokens populationsstorlekar per "
                       "stratum (R: svydesign(..., fpc = ~N)); varje stratums varians "
                       "multipliceras med 1 − n/N.%s",
                    "%s: finite population correction from the codebook's population sizes "
                    "per stratum (R: svydesign(..., fpc = ~N)); each stratum's variance is "
                    "multiplied by 1 − n/N.%s"),
                  what,
                  derived ? L(c, " Utan viktkolumn är vikten N/n i varje stratum, som R "
                                 "härleder den ur fpc.",
                              " Without a weight column the weight is N/n in each stratum, as "
                              "R derives it from the fpc.")
                          : "");
}

bool survey_refuse_single_psu(struct eval_ctx *c, const struct outcome *o,
                              const struct svy_estimate *est, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const struct stat_result *r = &est[k].mean;
        if (r->status != STAT_SINGLE_PSU)
            continue;
        doc_callout(c->survey, TONE_UNCERTAIN,
                    L(c, "Urvalsdesignen kan inte skatta osäkerheten, så frågan analyseras "
                         "inte: %s.",
                      "The sampling design cannot estimate the uncertainty, so the question "
                      "is not analysed: %s."),
                    stat_why_text(c->lang, r));
        diag_error(c->dl, c->spec->path, o->line, 0, "[%s]: %s", o->id, stat_why_text("en", r));
        return true;
    }
    return false;
}

char *survey_outcome_id(const struct cb_variable *cbv, enum survey_measure m, const char *label)
{
    struct strbuf sb = STRBUF_INIT;
    if (m == MEASURE_INDICATOR) {
        if (!label)
            label = cbv->indicator_label_sv;
        strbuf_addf(&sb, "%s: %s", cbv->id, label ? label : "indicator");
    } else
        strbuf_addf(&sb, "%s: %s", cbv->id, m == MEASURE_SCORE ? "score" : "mean");
    return strbuf_detach(&sb);
}

int survey_outcome_open(struct eval_ctx *c, const struct outcome *o, struct survey_data **out)
{
    struct survey_data *d = eval_survey(c, o->survey);
    *out = d;
    if (!d)
        return -2;
    int vi = survey_var_index(d, o->questions.items[0]);
    const char *title = spec_text(o->title_sv, o->title_en, c->lang);
    doc_heading(c->survey, 3, o->id, title ? title : o->questions.items[0]);
    if (vi < 0 || !survey_var_any(d, (size_t)vi)) {
        doc_callout(c->survey, TONE_UNCERTAIN,
                    L(c, "Frågan %s finns inte i de importerade svaren.",
                      "The question %s is not in the imported answers."),
                    o->questions.items[0]);
        return -1;
    }
    return vi;
}
