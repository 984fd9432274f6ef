/*
 * interventions — see interventions.h.
 */
#include "store/interventions.h"

#include <math.h>
#include <stdlib.h>

#include "util/xalloc.h"

int interventions_active_in(struct store *st, const char *area, struct date from, struct date to,
                            char ***names, size_t *n, struct diag_list *dl)
{
    *names = NULL;
    *n = 0;
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT DISTINCT i.name FROM intervention i JOIN area a ON a.id = i.area_id "
        "WHERE a.name = ?1 AND i.start_date <= ?3 AND (i.end_date IS NULL OR i.end_date >= ?2) "
        "ORDER BY i.name",
        dl);
    if (!q)
        return -1;
    char f[16], t[16];
    from.day = from.day ? from.day : 1;
    to.day = to.day ? to.day : date_days_in_month(to.year, to.month);
    date_format(from, f, sizeof(f));
    date_format(to, t, sizeof(t));
    sqlite3_bind_text(q, 1, area, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, f, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        *names = xrealloc(*names, (*n + 1) * sizeof(**names));
        (*names)[(*n)++] = xstrdup(store_column_text(q, 0));
    }
    int result = 0;
    if (rc != SQLITE_DONE)
        result = store_error(st, dl, "reading interventions");
    sqlite3_finalize(q);
    return result;
}

/* Column col as text, or NULL where it is NULL. */
static const char *text_or_null(sqlite3_stmt *q, int col)
{
    return sqlite3_column_type(q, col) == SQLITE_NULL ? NULL : store_column_text(q, col);
}

int store_interventions_each(struct store *st, store_intervention_fn fn, void *ctx,
                             struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT i.name, a.name, i.start_date, i.end_date, i.yearly_cost_sek, "
        "i.period_cost_sek, i.title_sv, i.title_en, i.planned_per_month, i.planned_category, "
        "i.import_id FROM intervention i JOIN area a ON a.id = i.area_id "
        "ORDER BY i.start_date, i.name, a.name",
        dl);
    if (!q)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_intervention r = {
            .name = store_column_text(q, 0),
            .area = store_column_text(q, 1),
            .start_date = store_column_text(q, 2),
            .end_date = store_column_text(q, 3),
            .has_yearly_cost = sqlite3_column_type(q, 4) != SQLITE_NULL,
            .yearly_cost_sek = sqlite3_column_double(q, 4),
            .has_period_cost = sqlite3_column_type(q, 5) != SQLITE_NULL,
            .period_cost_sek = sqlite3_column_double(q, 5),
            .title_sv = text_or_null(q, 6),
            .title_en = text_or_null(q, 7),
            .planned_per_month =
                sqlite3_column_type(q, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(q, 8),
            .planned_category = text_or_null(q, 9),
            .import_id = sqlite3_column_int64(q, 10),
        };
        stop = fn(ctx, &r);
    }
    sqlite3_finalize(q);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, "reading interventions");
}
