/*
 * series_read — see series_read.h.
 */
#include "store/series_read.h"

#include <string.h>

int series_reader_open(struct series_reader *r, struct store *st, struct diag_list *dl)
{
    memset(r, 0, sizeof(*r));
    r->st = st;
    r->find = store_prepare(
        st,
        "SELECT s.id, c.detection, COALESCE(c.label_sv, c.key), COALESCE(c.label_en, c.key) "
        "FROM series s JOIN area a ON a.id = s.area_id JOIN category c ON c.id = s.category_id "
        "WHERE a.name = ?1 AND c.key = ?2 AND s.period_kind = ?3",
        dl);
    r->obs = store_prepare(st, obsblock_select_sql, dl);
    return r->find && r->obs ? 0 : -1;
}

void series_reader_close(struct series_reader *r)
{
    sqlite3_finalize(r->find);
    sqlite3_finalize(r->obs);
    r->find = r->obs = NULL;
}

int series_reader_find(struct series_reader *r, const char *area, const char *category,
                       const char *period_kind, struct series_info *out, struct diag_list *dl)
{
    sqlite3_stmt *q = r->find;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, area, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, category, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, period_kind, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return store_error(r->st, dl, "looking up a series");
    out->id = sqlite3_column_int64(q, 0);
    out->detection = store_column_text(q, 1);
    out->label_sv = store_column_text(q, 2);
    out->label_en = store_column_text(q, 3);
    return 1;
}

int series_reader_load(struct series_reader *r, long long series_id, struct obs_set *out,
                       struct diag_list *dl)
{
    return obsblock_load_series(r->st, r->obs, series_id, out, dl);
}
