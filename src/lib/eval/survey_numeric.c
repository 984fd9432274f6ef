/*
 * survey_numeric — see survey_numeric.h.
 */
#include "eval/survey_numeric.h"

#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "store/survey_read.h"
#include "util/xalloc.h"

/* What the check has said and seen across the survey's codebook versions. */
struct numeric_check {
    const char *path;
    const struct outcome *o;
    struct diag_list *dl;
    bool said_measure, said_bands;
    bool *band_seen; /* per group name (at most 64 a group): a band of `by` */
};

/* One codebook version (store_codebook_fn). */
static int check_codebook(void *ctx, long long id, const char *file_name, const char *text,
                          size_t len)
{
    (void)id;
    (void)file_name;
    (void)len; /* the text as a C string, as it was always read */
    struct numeric_check *nc = ctx;
    const char *path = nc->path;
    const struct outcome *o = nc->o;
    struct diag_list *dl = nc->dl;
    struct diag_list scratch;
    diag_list_init(&scratch, 1);
    struct codebook *cb = codebook_parse("codebook", text, strlen(text), &scratch);
    diag_list_release(&scratch);
    if (!cb)
        return 0;
    for (size_t k = 0; k < o->questions.n && !nc->said_measure; k++) {
        const struct cb_variable *v = codebook_find_series(cb, o->questions.items[k], NULL);
        if (v && v->numeric &&
            (o->measure == MEASURE_INDICATOR || o->measure == MEASURE_SCORE)) {
            diag_error(dl, path, o->line, 0,
                       "[%s]: '%s' is a number variable (type = number): its measure is "
                       "the mean; remove 'measure = %s'",
                       o->id, v->id, o->measure == MEASURE_INDICATOR ? "indicator" : "score");
            nc->said_measure = true;
        }
    }
    for (size_t g = 0; g < o->subgroups.n && !nc->said_bands; g++) {
        const struct cb_variable *v = codebook_find(cb, o->subgroups.items[g]);
        if (v && v->numeric && !v->n_bands) {
            diag_error(dl, path, o->subgroups.line, 0,
                       "'%s' is a number variable without bands, so it cannot group "
                       "respondents; give it bands in the codebook (e.g. bands = 16-29, "
                       "30-49, 50-64, 65-84)",
                       v->id);
            nc->said_bands = true;
        }
    }
    /* [compare] groups written as bands: the variable's bands in some version */
    const struct cb_variable *by =
        o->subgroups.n == 1 ? codebook_find(cb, o->subgroups.items[0]) : NULL;
    for (size_t g = 0; g < o->n_groups; g++)
        for (size_t i = 0; i < o->groups[g].n; i++) {
            const char *nm = o->groups[g].names[i];
            double lo, hi;
            if (!cb_band_parse(nm, strlen(nm), &lo, &hi))
                continue;
            if (!nc->band_seen)
                nc->band_seen = xcalloc(o->n_groups * 64, sizeof(bool));
            if (by && by->numeric && i < 64 &&
                cb_variable_band_named(by, nm, strlen(nm)) != CODEBOOK_NUMBER)
                nc->band_seen[g * 64 + i] = true;
        }
    codebook_free(cb);
    return 0;
}

void survey_numeric_check(struct store *st, const char *path, const struct outcome *o,
                          struct diag_list *dl)
{
    long long survey_id;
    char *title_sv, *title_en;
    if (store_survey_find(st, o->survey, &survey_id, &title_sv, &title_en, dl) != 1)
        return;
    free(title_sv);
    free(title_en);
    struct numeric_check k = {.path = path, .o = o, .dl = dl};
    store_survey_codebooks(st, survey_id, check_codebook, &k, dl);
    bool *band_seen = k.band_seen;
    for (size_t g = 0; band_seen && g < o->n_groups; g++)
        for (size_t i = 0; i < o->groups[g].n; i++) {
            const char *nm = o->groups[g].names[i];
            double lo, hi;
            if (cb_band_parse(nm, strlen(nm), &lo, &hi) && (i >= 64 || !band_seen[g * 64 + i]))
                diag_error(dl, path, o->groups_line, 0,
                           "groups: '%s' is not one of the bands of '%s' (a number variable's "
                           "groups are its codebook bands, written as there, e.g. 16-29)",
                           nm, o->subgroups.n ? o->subgroups.items[0] : "?");
        }
    free(band_seen);
}
