/*
 * survey_numeric — see survey_numeric.h.
 */
#include "eval/survey_numeric.h"

#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "util/xalloc.h"

void survey_numeric_check(struct store *st, const char *path, const struct outcome *o,
                          struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT c.content FROM codebook c JOIN survey s "
                                    "ON s.id = c.survey_id WHERE s.key = ?1 ORDER BY c.id",
                                    dl);
    if (!q)
        return;
    sqlite3_bind_text(q, 1, o->survey, -1, SQLITE_STATIC);
    bool said_measure = false, said_bands = false;
    bool *band_seen = NULL; /* per group name (at most 64 a group): a band of `by` */
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *text = store_column_text(q, 0);
        struct diag_list scratch;
        diag_list_init(&scratch, 1);
        struct codebook *cb = codebook_parse("codebook", text, strlen(text), &scratch);
        diag_list_release(&scratch);
        if (!cb)
            continue;
        for (size_t k = 0; k < o->questions.n && !said_measure; k++) {
            const struct cb_variable *v = codebook_find_series(cb, o->questions.items[k], NULL);
            if (v && v->numeric &&
                (o->measure == MEASURE_INDICATOR || o->measure == MEASURE_SCORE)) {
                diag_error(dl, path, o->line, 0,
                           "[%s]: '%s' is a number variable (type = number): its measure is "
                           "the mean; remove 'measure = %s'",
                           o->id, v->id, o->measure == MEASURE_INDICATOR ? "indicator" : "score");
                said_measure = true;
            }
        }
        for (size_t g = 0; g < o->subgroups.n && !said_bands; g++) {
            const struct cb_variable *v = codebook_find(cb, o->subgroups.items[g]);
            if (v && v->numeric && !v->n_bands) {
                diag_error(dl, path, o->subgroups.line, 0,
                           "'%s' is a number variable without bands, so it cannot group "
                           "respondents; give it bands in the codebook (e.g. bands = 16-29, "
                           "30-49, 50-64, 65-84)",
                           v->id);
                said_bands = true;
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
                if (!band_seen)
                    band_seen = xcalloc(o->n_groups * 64, sizeof(bool));
                if (by && by->numeric && i < 64 &&
                    cb_variable_band_named(by, nm, strlen(nm)) != CODEBOOK_NUMBER)
                    band_seen[g * 64 + i] = true;
            }
        codebook_free(cb);
    }
    sqlite3_finalize(q);
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
