/*
 * remove — see remove.h.
 */
#include "store/remove.h"

#include <stdio.h>
#include <string.h>

int store_import_get(struct store *st, long long id, struct import_row *out,
                     struct diag_list *dl)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *s = store_prepare(
        st, "SELECT kind, file_name, sha256, imported_at, rows FROM import WHERE id = ?1", dl);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = id;
        snprintf(out->kind, sizeof(out->kind), "%s", store_column_text(s, 0));
        snprintf(out->file, sizeof(out->file), "%s", store_column_text(s, 1));
        snprintf(out->sha256, sizeof(out->sha256), "%s", store_column_text(s, 2));
        snprintf(out->imported_at, sizeof(out->imported_at), "%s", store_column_text(s, 3));
        out->rows = (unsigned long long)sqlite3_column_int64(s, 4);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(st, dl, "reading the import");
    return rc == SQLITE_ROW;
}

/* Runs one statement of the cleanup and adds the rows it removed to *count. */
static int sweep(struct store *st, const char *sql, unsigned long long *count,
                 struct diag_list *dl)
{
    if (store_exec(st, sql, dl) != 0)
        return -1;
    if (count)
        *count += (unsigned long long)sqlite3_changes(st->db);
    return 0;
}

int store_remove_import(struct store *st, long long id, struct remove_report *rep,
                        struct diag_list *dl)
{
    memset(rep, 0, sizeof(*rep));
    if (store_begin(st, dl) != 0)
        return -1;
    sqlite3_stmt *del = store_prepare(st, "DELETE FROM import WHERE id = ?1", dl);
    if (!del) {
        store_rollback(st);
        return -1;
    }
    sqlite3_bind_int64(del, 1, id);
    int rc = sqlite3_step(del);
    sqlite3_finalize(del);
    if (rc != SQLITE_DONE) {
        store_error(st, dl, "removing the import");
        store_rollback(st);
        return -1;
    }
    if (sweep(st,
              "DELETE FROM series WHERE NOT EXISTS "
              "(SELECT 1 FROM series_block b WHERE b.series_id = series.id)",
              &rep->series, dl) != 0 ||
        sweep(st,
              "DELETE FROM wave WHERE NOT EXISTS "
              "(SELECT 1 FROM respondent_block b WHERE b.wave_id = wave.id)",
              &rep->waves, dl) != 0 ||
        sweep(st,
              "DELETE FROM codebook WHERE NOT EXISTS "
              "(SELECT 1 FROM import i WHERE i.codebook_id = codebook.id)",
              &rep->codebooks, dl) != 0 ||
        sweep(st,
              "DELETE FROM design_unit WHERE survey_id IN (SELECT id FROM survey s WHERE "
              "NOT EXISTS (SELECT 1 FROM codebook c WHERE c.survey_id = s.id) AND "
              "NOT EXISTS (SELECT 1 FROM wave w WHERE w.survey_id = s.id))",
              NULL, dl) != 0 ||
        sweep(st,
              "DELETE FROM survey WHERE "
              "NOT EXISTS (SELECT 1 FROM codebook c WHERE c.survey_id = survey.id) AND "
              "NOT EXISTS (SELECT 1 FROM wave w WHERE w.survey_id = survey.id)",
              &rep->surveys, dl) != 0) {
        store_rollback(st);
        return -1;
    }
    return store_commit(st, dl);
}
