/*
 * interventions — see interventions.h.
 */
#include "store/interventions.h"

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
