/*
 * catalog — see catalog.h.
 */
#include "store/catalog.h"

#include "util/strbuf.h"

#include <stdio.h>
#include <string.h>

int store_areas(struct store *st, store_area_fn fn, void *ctx, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st, "SELECT id, name FROM area ORDER BY id", dl);
    if (!q)
        return -1;
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW)
        stop = fn(ctx, sqlite3_column_int64(q, 0), store_column_text(q, 1));
    sqlite3_finalize(q);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, "reading areas");
}

int store_imports_get(struct store *st, const long long *ids, size_t n, store_import_row_fn fn,
                      void *ctx, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT id, kind, file_name, sha256, imported_at, "
                                    "trygg_version, rows FROM import WHERE id = ?1",
                                    dl);
    if (!q)
        return -1;
    int stop = 0;
    for (size_t i = 0; i < n && !stop; i++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, ids[i]);
        int rc = sqlite3_step(q);
        if (rc == SQLITE_DONE)
            continue;
        if (rc != SQLITE_ROW) {
            /* a read error is not an import that is not there: the report would name
             * its data without it */
            int err = store_error(st, dl, "reading imports");
            sqlite3_finalize(q);
            return err;
        }
        struct store_import r = {
            .id = sqlite3_column_int64(q, 0),
            .kind = store_column_text(q, 1),
            .file_name = store_column_text(q, 2),
            .sha256 = store_column_text(q, 3),
            .imported_at = store_column_text(q, 4),
            .trygg_version = store_column_text(q, 5),
            .rows = (unsigned long long)sqlite3_column_int64(q, 6),
        };
        stop = fn(ctx, &r);
    }
    sqlite3_finalize(q);
    return stop;
}

int catalog_open(struct catalog *k, struct store *st, struct diag_list *dl)
{
    memset(k, 0, sizeof(*k));
    k->st = st;
    k->area = store_prepare(st, "SELECT 1 FROM area WHERE name = ?1", dl);
    k->category = store_prepare(st, "SELECT 1 FROM category WHERE key = ?1", dl);
    k->survey = store_prepare(st, "SELECT 1 FROM survey WHERE key = ?1", dl);
    k->wave = store_prepare(st,
                            "SELECT 1 FROM wave w JOIN survey s ON s.id = w.survey_id "
                            "WHERE s.key = ?1 AND w.label = ?2",
                            dl);
    k->intervention = store_prepare(st, "SELECT 1 FROM intervention WHERE name = ?1", dl);
    k->variable = store_prepare(
        st,
        "SELECT v.kind FROM variable v JOIN codebook c ON c.id = v.codebook_id "
        "JOIN survey s ON s.id = c.survey_id WHERE s.key = ?1 AND v.key = ?2",
        dl);
    k->code = store_prepare(
        st,
        "SELECT 1 FROM variable_value vv JOIN variable v ON v.id = vv.variable_id "
        "JOIN codebook c ON c.id = v.codebook_id JOIN survey s ON s.id = c.survey_id "
        "WHERE s.key = ?1 AND v.key = ?2 AND vv.code = ?3 AND vv.is_missing = 0",
        dl);
    bool ok = k->area && k->category && k->survey && k->wave && k->intervention && k->variable &&
              k->code;
    return ok ? 0 : -1;
}

void catalog_close(struct catalog *k)
{
    sqlite3_finalize(k->area);
    sqlite3_finalize(k->category);
    sqlite3_finalize(k->survey);
    sqlite3_finalize(k->wave);
    sqlite3_finalize(k->intervention);
    sqlite3_finalize(k->variable);
    sqlite3_finalize(k->code);
    memset(k, 0, sizeof(*k));
}

/* A lookup's step: true on a row; a read error (not "no such row") is kept in k, so
 * that the check says the database failed instead of refusing a name it could not look
 * up. */
static bool step_row(struct catalog *k, sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE && !k->failed) {
        k->failed = true;
        struct strbuf sb = STRBUF_INIT;
        store_error_text(k->st, &sb);
        snprintf(k->error, sizeof(k->error), "%s", sb.buf);
        strbuf_release(&sb);
    }
    return false;
}

/* Whether q, bound to a (and b when not NULL), gives a row.  Leaves q reset. */
static bool has_row(struct catalog *k, sqlite3_stmt *q, const char *a, const char *b)
{
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
    if (b)
        sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
    bool found = step_row(k, q);
    sqlite3_reset(q);
    return found;
}

int catalog_failed(const struct catalog *k, struct diag_list *dl)
{
    if (!k->failed)
        return 0;
    diag_error(dl, k->st ? k->st->path : NULL, 0, 0, "database: looking up names: %s",
               k->error);
    dl->n_system++; /* the database failed (store_describe) */
    return -1;
}

bool catalog_has_area(struct catalog *k, const char *name)
{
    return has_row(k, k->area, name, NULL);
}

bool catalog_has_category(struct catalog *k, const char *key)
{
    return has_row(k, k->category, key, NULL);
}

bool catalog_has_survey(struct catalog *k, const char *key)
{
    return has_row(k, k->survey, key, NULL);
}

bool catalog_has_intervention(struct catalog *k, const char *name)
{
    return has_row(k, k->intervention, name, NULL);
}

bool catalog_has_wave(struct catalog *k, const char *survey, const char *label)
{
    return has_row(k, k->wave, survey, label);
}

bool catalog_variable_kind(struct catalog *k, const char *survey, const char *key, char *kind,
                           size_t size)
{
    sqlite3_stmt *q = k->variable;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, survey, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
    bool found = step_row(k, q);
    if (found && size) {
        const char *t = store_column_text(q, 0);
        size_t len = strlen(t);
        if (len >= size)
            len = size - 1;
        memcpy(kind, t, len);
        kind[len] = '\0';
    }
    sqlite3_reset(q);
    return found;
}

bool catalog_has_answer_code(struct catalog *k, const char *survey, const char *key,
                             int64_t code)
{
    sqlite3_stmt *q = k->code;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, survey, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, code);
    bool found = step_row(k, q);
    sqlite3_reset(q);
    return found;
}
