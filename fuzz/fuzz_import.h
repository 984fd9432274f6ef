/*
 * fuzz_import — what the three import targets share: a fresh in-memory database per
 * input, the import, and the checks that hold whatever the file held.
 *
 * After every import, refused or not: the database passes PRAGMA integrity_check and
 * foreign_key_check; a refused import left it holding nothing (one transaction); a
 * refused import said why; and an accepted one recorded exactly one row in `import`.
 * An accepted file imported a second time must be recognised as already imported
 * (IMPORT_ALREADY), the database unchanged.
 */
#ifndef TRYGG_FUZZ_IMPORT_H
#define TRYGG_FUZZ_IMPORT_H

#include <stdlib.h>
#include <string.h>

#include "store/import.h"
#include "store/store.h"

enum fuzz_import_kind { FUZZ_SURVEY, FUZZ_INCIDENTS, FUZZ_INTERVENTIONS, FUZZ_BRA };

static long long fuzz_count(struct store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

static void fuzz_check_db(struct store *st)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW ||
        strcmp((const char *)sqlite3_column_text(stmt, 0), "ok") != 0)
        abort();
    sqlite3_finalize(stmt);
    if (fuzz_count(st, "SELECT count(*) FROM pragma_foreign_key_check") != 0)
        abort();
}

static enum import_status fuzz_import_once(struct store *st, enum fuzz_import_kind kind,
                                           const char *codebook, const char *file,
                                           struct diag_list *dl)
{
    struct import_options io;
    memset(&io, 0, sizeof(io));
    struct import_report rep;
    memset(&rep, 0, sizeof(rep));
    switch (kind) {
    case FUZZ_SURVEY:
        return import_survey(st, codebook, file, &io, &rep, dl);
    case FUZZ_INCIDENTS:
        return import_incidents(st, file, &io, &rep, dl);
    case FUZZ_INTERVENTIONS:
        return import_interventions(st, file, &io, &rep, dl);
    case FUZZ_BRA: /* `codebook` is the mapping file here (may be NULL) */
        return import_incidents_bra(st, file, codebook, &io, &rep, dl);
    }
    abort();
}

/* An empty, migrated database, made once per process: store_open() with its
 * migrations costs ~10 ms under ASan, a copy of this one ~1 ms. */
static struct store *fuzz_template;

static void fuzz_template_close(void)
{
    store_close(fuzz_template);
}

/* A fresh in-memory database with the current schema, set up as store_open() sets
 * up a connection (foreign keys on).  Free with store_close(). */
static struct store *fuzz_fresh_store(void)
{
    if (!fuzz_template) {
        struct diag_list dl;
        diag_list_init(&dl, 0);
        fuzz_template = store_open(":memory:", STORE_WRITE, &dl);
        if (!fuzz_template)
            abort();
        diag_list_release(&dl);
        atexit(fuzz_template_close);
    }
    struct store *st = calloc(1, sizeof(*st));
    if (!st || !(st->path = strdup(":memory:")) ||
        sqlite3_open_v2(":memory:", &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        NULL) != SQLITE_OK)
        abort();
    sqlite3_backup *bk = sqlite3_backup_init(st->db, "main", fuzz_template->db, "main");
    if (!bk || sqlite3_backup_step(bk, -1) != SQLITE_DONE || sqlite3_backup_finish(bk) != SQLITE_OK)
        abort();
    sqlite3_extended_result_codes(st->db, 1);
    if (sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
        abort();
    return st;
}

/* Imports `file` (with `codebook` for a survey, the mapping for a Brå export) into a
 * fresh in-memory database and checks the promises above; aborts when one is broken. */
static void fuzz_import(enum fuzz_import_kind kind, const char *codebook, const char *file)
{
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = fuzz_fresh_store();
    enum import_status s = fuzz_import_once(st, kind, codebook, file, &dl);
    fuzz_check_db(st);
    long long imports = fuzz_count(st, "SELECT count(*) FROM import");
    if (s == IMPORT_OK) {
        if (imports != 1 || diag_has_errors(&dl))
            abort();
        diag_list_clear(&dl);
        if (fuzz_import_once(st, kind, codebook, file, &dl) != IMPORT_ALREADY)
            abort(); /* the same file twice */
        fuzz_check_db(st);
        if (fuzz_count(st, "SELECT count(*) FROM import") != 1)
            abort();
    } else if (imports != 0 || !diag_has_errors(&dl)) {
        abort();
    }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < dl.n; i++)
        diag_format(&dl.items[i], &sb);
    strbuf_release(&sb);
    diag_list_release(&dl);
    store_close(st);
}

#endif
