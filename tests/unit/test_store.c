/*
 * Unit tests for src/lib/store/store.c and schema.c: creating and migrating a
 * database from empty, reopening it, refusing files that are not trygg databases
 * (not SQLite, or written by a newer trygg), and the connection settings every
 * import relies on (WAL, foreign keys, the busy timeout).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/criteria_log.h"
#include "store/import.h"
#include "store/obsblock.h"
#include "store/store.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("store");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static char *db_path(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

static long long query_int(struct store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    long long v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static char *query_text(struct store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    char *v = strdup((const char *)sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return v;
}

/* The first diagnostic, formatted (a new string). */
static char *first_message(const struct diag_list *dl)
{
    assert_true(dl->n > 0);
    struct strbuf sb = STRBUF_INIT;
    diag_format(&dl->items[0], &sb);
    return strbuf_detach(&sb);
}

static void migrates_from_empty(void **state)
{
    (void)state;
    char *path = db_path("new.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(dl.n, 0);
    assert_true(store_schema_version() >= 1);
    assert_int_equal(query_int(st, "PRAGMA user_version"), store_schema_version());
    static const char *const tables[] = {"import",      "survey",         "codebook",
                                         "variable",    "variable_value", "area",
                                         "wave",        "design_unit",    "respondent_block",
                                         "category",    "series",         "series_block",
                                         "intervention", "criteria_seen"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
                 tables[i]);
        if (query_int(st, sql) != 1)
            fail_msg("table '%s' is missing", tables[i]);
    }
    /* the connection settings: the connection that created the database writes it
     * with a rollback journal (each page once) and switches it to WAL as it closes */
    char *mode = query_text(st, "PRAGMA journal_mode");
    assert_string_equal(mode, "delete");
    free(mode);
    assert_int_equal(query_int(st, "PRAGMA foreign_keys"), 1);
    /* foreign keys are enforced, not just declared */
    assert_int_not_equal(sqlite3_exec(st->db,
                                      "INSERT INTO wave (survey_id, label) VALUES (12345, 'x')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    store_close(st);
    st = store_open(path, STORE_READ, &dl); /* which does not switch it itself */
    assert_non_null(st);
    mode = query_text(st, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    store_close(st);
    store_close(NULL);
    diag_list_release(&dl);
    free(path);
}

static void reopening_keeps_data(void **state)
{
    (void)state;
    char *path = db_path("reopen.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(store_begin(st, &dl), 0);
    assert_int_equal(store_exec(st, "INSERT INTO area (name) VALUES ('Åkersberga')", &dl), 0);
    assert_int_equal(store_commit(st, &dl), 0);
    /* a rolled-back transaction leaves nothing behind */
    assert_int_equal(store_begin(st, &dl), 0);
    assert_int_equal(store_exec(st, "INSERT INTO area (name) VALUES ('Söder')", &dl), 0);
    store_rollback(st);
    store_rollback(st); /* harmless outside a transaction */
    store_close(st);

    /* again for writing: no migration runs twice */
    st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(query_int(st, "SELECT count(*) FROM area"), 1);
    store_close(st);
    /* and for reading */
    st = store_open(path, STORE_READ, &dl);
    assert_non_null(st);
    char *name = query_text(st, "SELECT name FROM area");
    assert_string_equal(name, "Åkersberga");
    free(name);
    assert_int_equal(query_int(st, "PRAGMA foreign_keys"), 1);
    store_close(st);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    free(path);
}

static void reading_needs_a_database(void **state)
{
    (void)state;
    char *path = db_path("absent.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_null(store_open(path, STORE_READ, &dl));
    char *msg = first_message(&dl);
    assert_non_null(strstr(msg, "absent.db: no database here; import data first (trygg import "
                                "...) or name one with --db PATH"));
    free(msg);
    assert_int_not_equal(access(path, F_OK), 0); /* reading did not create it */
    diag_list_clear(&dl);

    /* an empty SQLite file (created by someone else) is not read as a database */
    char *empty = db_path("empty.db");
    sqlite3 *db;
    assert_int_equal(sqlite3_open(empty, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); DROP TABLE t", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_null(store_open(empty, STORE_READ, &dl));
    msg = first_message(&dl);
    assert_non_null(strstr(msg, "empty.db: is empty; import data first (trygg import ...)"));
    free(msg);
    diag_list_release(&dl);
    free(path);
    free(empty);
}

static void not_sqlite_is_refused(void **state)
{
    (void)state;
    char *path = db_path("survey.csv");
    static const char csv[] = "id,year,T01\n1,2019,3\n2,2019,4\n";
    write_file(path, csv, sizeof(csv) - 1);
    for (int mode = 0; mode < 2; mode++) {
        struct diag_list dl;
        diag_list_init(&dl, 0);
        assert_null(store_open(path, mode ? STORE_WRITE : STORE_READ, &dl));
        struct strbuf all = STRBUF_INIT;
        for (size_t i = 0; i < dl.n; i++) {
            diag_format(&dl.items[i], &all);
            strbuf_addch(&all, '\n');
        }
        assert_non_null(strstr(all.buf, "survey.csv: is not a trygg database (not an SQLite "
                                        "file)\n"));
        strbuf_release(&all);
        diag_list_release(&dl);
    }
    /* the file is untouched */
    size_t len;
    char *after = slurp(path, &len);
    assert_int_equal(len, sizeof(csv) - 1);
    assert_memory_equal(after, csv, len);
    free(after);
    free(path);
}

static void newer_schema_is_refused(void **state)
{
    (void)state;
    char *path = db_path("future.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    char sql[64];
    int future = store_schema_version() + 1;
    snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", future);
    assert_int_equal(store_exec(st, sql, &dl), 0);
    store_close(st);
    for (int mode = 0; mode < 2; mode++) {
        assert_null(store_open(path, mode ? STORE_WRITE : STORE_READ, &dl));
        char *msg = first_message(&dl);
        char want[256];
        snprintf(want, sizeof(want),
                 "future.db: the database has schema version %d, written by a newer trygg; "
                 "this one knows versions up to %d",
                 future, store_schema_version());
        assert_non_null(strstr(msg, want));
        free(msg);
        diag_list_clear(&dl);
    }
    /* and it was not downgraded */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(stmt, 0), future);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    diag_list_release(&dl);
    free(path);
}

static void errors_name_the_database(void **state)
{
    (void)state;
    char *path = db_path("errors.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(store_exec(st, "INSERT INTO nosuchtable VALUES (1)", &dl), -1);
    char *msg = first_message(&dl);
    assert_non_null(strstr(msg, "errors.db: database: no such table: nosuchtable"));
    free(msg);
    diag_list_clear(&dl);
    assert_null(store_prepare(st, "SELEC 1", &dl));
    msg = first_message(&dl);
    assert_non_null(strstr(msg, "errors.db: database: prepare: "));
    free(msg);
    /* bind helpers */
    sqlite3_stmt *stmt = store_prepare(st, "SELECT ?1, ?2", &dl);
    assert_non_null(stmt);
    store_bind_text(stmt, 1, "'); DROP TABLE area; --");
    store_bind_text(stmt, 2, NULL);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal(store_column_text(stmt, 0), "'); DROP TABLE area; --");
    assert_string_equal(store_column_text(stmt, 1), "");
    sqlite3_finalize(stmt);
    char now[32];
    store_now_utc(now, sizeof(now));
    assert_int_equal(strlen(now), 20);
    assert_int_equal(now[10], 'T');
    assert_int_equal(now[19], 'Z');
    store_close(st);
    diag_list_release(&dl);
    free(path);
}

/* Every SQLite result code a command can meet is said in the user's terms, one place
 * for all commands (store_describe).  Before, SQLite's words went out as they were: a
 * read that failed with EIO said "database disk image is malformed", a held lock
 * "database is locked". */
static void describe(int rc, int err, bool io_failed, const char *sqlite_text, const char *want,
                     const char *not_want)
{
    struct strbuf sb = STRBUF_INIT;
    store_describe(rc, err, io_failed, sqlite_text, &sb);
    if (!strstr(sb.buf, want) || (not_want && strstr(sb.buf, not_want)))
        fail_msg("code %d (errno %d, io_failed %d): '%s' (want '%s'%s%s)", rc, err, io_failed,
                 sb.buf, want, not_want ? ", not " : "", not_want ? not_want : "");
    strbuf_release(&sb);
}

static void errors_say_what_happened(void **state)
{
    (void)state;
    describe(SQLITE_IOERR_READ, EIO, true, "disk I/O error",
             "the disk failed while reading the database (Input/output error)", "damaged");
    describe(SQLITE_IOERR_CORRUPTFS, EIO, true, NULL, "the disk failed while reading", NULL);
    describe(SQLITE_IOERR_WRITE, EIO, true, NULL, "failed while writing", NULL);
    /* no room, whichever call met it (growing the -shm file is SQLITE_IOERR_SHMSIZE) */
    describe(SQLITE_IOERR_SHMSIZE, ENOSPC, true, NULL, "the disk is full", "disk failed");
    describe(SQLITE_IOERR_WRITE, EDQUOT, true, NULL, "the disk is full", NULL);
    describe(SQLITE_IOERR_FSYNC, EIO, true, NULL, "syncing", NULL);
    describe(SQLITE_IOERR_SHMMAP, EIO, true, NULL, "locking", NULL);
    describe(SQLITE_IOERR_NOMEM, 0, false, NULL, "out of memory", NULL);
    /* SQLite turns a read that failed with EIO into SQLITE_CORRUPT: after a failed read
     * it is the disk, without one the file */
    describe(SQLITE_CORRUPT, EIO, true, "database disk image is malformed",
             "the disk failed while the database was read (Input/output error)", "damaged:");
    describe(SQLITE_CORRUPT, 0, false, "database disk image is malformed",
             "the database file is damaged: restore it from a backup", "disk failed");
    describe(SQLITE_NOTADB, EIO, true, NULL, "the disk failed", "not an SQLite");
    describe(SQLITE_NOTADB, 0, false, NULL, "is not a trygg database (not an SQLite file)", NULL);
    describe(SQLITE_FULL, 0, false, "database or disk is full",
             "the disk is full (or a file-size limit was reached): make room", NULL);
    describe(SQLITE_CANTOPEN, ENOENT, false, NULL,
             "cannot open the database file or its journal: No such file or directory", NULL);
    describe(SQLITE_BUSY, 0, false, "database is locked",
             "another program (an import, or someone else's trygg) held the database for "
             "longer than 120 s",
             NULL);
    describe(SQLITE_BUSY_SNAPSHOT, 0, false, NULL, "another program", NULL);
    describe(SQLITE_LOCKED, 0, false, NULL, "locked by this trygg itself", NULL);
    describe(SQLITE_READONLY, 0, false, NULL, "may not be written: check the permissions", NULL);
    describe(SQLITE_READONLY_ROLLBACK, 0, false, NULL, "left a journal", NULL);
    describe(SQLITE_READONLY_DBMOVED, 0, false, NULL, "moved or removed while it was open",
             NULL);
    describe(SQLITE_INTERRUPT, 0, false, NULL, "interrupted", NULL);
    describe(SQLITE_TOOBIG, 0, false, NULL, "larger than the database can hold", NULL);
    /* SQLite's own text follows in brackets; a fault of trygg's SQL is SQLite's text alone */
    describe(SQLITE_FULL, 0, false, "database or disk is full", "[SQLite: database or disk is full]",
             NULL);
    describe(SQLITE_ERROR, 0, false, "no such table: x", "no such table: x", "[SQLite");

    /* a lock held longer than the busy timeout, through store_begin: said, and a
     * failure of the system (exit 3), not of the input */
    char *path = db_path("busy.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *a = store_open(path, STORE_WRITE, &dl);
    struct store *b = store_open(path, STORE_WRITE, &dl);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(store_begin(a, &dl), 0);
    sqlite3_busy_timeout(b->db, 20);
    assert_int_equal(store_begin(b, &dl), -1);
    char *msg = first_message(&dl);
    if (!strstr(msg, "busy.db: database: another program") || strstr(msg, "database is locked:"))
        fail_msg("a held lock: %s", msg);
    assert_true(diag_system_failed(&dl));
    free(msg);
    store_rollback(a);
    store_close(b);
    store_close(a);
    diag_list_release(&dl);
    /* a fault of trygg's own SQL is not counted as the system's */
    diag_list_init(&dl, 0);
    struct store *c = store_open(path, STORE_WRITE, &dl);
    assert_int_equal(store_exec(c, "SELECT * FROM nosuchtable", &dl), -1);
    assert_false(diag_system_failed(&dl));
    store_close(c);
    diag_list_release(&dl);
    free(path);
}

/* The first run of an evaluation's criteria is recorded once; a later change of the
 * criteria is seen as such; a read-only database is not an error. */
static void criteria_first_run_is_kept(void **state)
{
    (void)state;
    char *path = db_path("criteria.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    struct criteria_seen s;
    assert_int_equal(criteria_log_see(st, "ev", "aaa", "spec1", "2026-01-01T10:00:00Z", &s, &dl), 0);
    assert_true(s.first_time && s.recorded);
    assert_string_equal(s.first_run_utc, "2026-01-01T10:00:00Z");
    assert_string_equal(s.previous_sha256, "");
    /* the same criteria later (another spec file hash): the first date stays */
    assert_int_equal(criteria_log_see(st, "ev", "aaa", "spec2", "2026-02-01T10:00:00Z", &s, &dl), 0);
    assert_false(s.first_time);
    assert_string_equal(s.first_run_utc, "2026-01-01T10:00:00Z");
    assert_string_equal(s.previous_sha256, "");
    /* other criteria: new date, and the earlier ones are named */
    assert_int_equal(criteria_log_see(st, "ev", "bbb", "spec3", "2026-03-01T10:00:00Z", &s, &dl), 0);
    assert_true(s.first_time);
    assert_string_equal(s.first_run_utc, "2026-03-01T10:00:00Z");
    assert_string_equal(s.previous_sha256, "aaa");
    assert_string_equal(s.previous_first_run_utc, "2026-01-01T10:00:00Z");
    /* another evaluation is independent */
    assert_int_equal(criteria_log_see(st, "other", "bbb", "spec3", "2026-04-01T10:00:00Z", &s, &dl), 0);
    assert_true(s.first_time);
    assert_string_equal(s.previous_sha256, "");
    assert_int_equal(query_int(st, "SELECT count(*) FROM criteria_seen"), 3);
    store_close(st);
    /* read-only: looked up, not recorded, no error */
    sqlite3 *ro;
    assert_int_equal(sqlite3_open_v2(path, &ro, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    struct store fake = {0};
    fake.db = ro;
    fake.path = path;
    assert_int_equal(criteria_log_see(&fake, "ev", "ccc", "s", "2026-05-01T10:00:00Z", &s, &dl), 0);
    assert_true(s.first_time);
    assert_false(s.recorded);
    assert_string_equal(s.previous_sha256, "bbb");
    assert_int_equal(criteria_log_see(&fake, "ev", "aaa", "s", "2026-05-01T10:00:00Z", &s, &dl), 0);
    assert_true(s.recorded);
    assert_string_equal(s.first_run_utc, "2026-01-01T10:00:00Z");
    sqlite3_close(ro);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    free(path);
}

/*
 * Migration 6 moves the one-row-per-period observation table of versions 1-5 into
 * blocks (store/obsblock.h): a database made at version 5 with counts of a monthly
 * and a daily series, two imports, a source label, a note, a preliminary figure and
 * a missing exposure reads back the same after the upgrade.
 */
static void migrates_observations_to_blocks(void **state)
{
    (void)state;
    char *path = db_path("v4.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    /* back to version 5's layout */
    assert_int_equal(
        sqlite3_exec(
            st->db,
            "DROP TABLE series_block;"
            "DROP TABLE respondent_keys;" /* and before migration 7 */
            "ALTER TABLE respondent_block ADD COLUMN keys BLOB;"
            "CREATE TABLE observation (series_id INTEGER NOT NULL REFERENCES series(id),"
            "  period TEXT NOT NULL, count INTEGER NOT NULL CHECK (count >= 0),"
            "  exposure REAL CHECK (exposure > 0), note TEXT,"
            "  import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,"
            "  preliminary INTEGER NOT NULL DEFAULT 0 CHECK (preliminary IN (0, 1)),"
            "  source_label TEXT, PRIMARY KEY (series_id, period)) WITHOUT ROWID;"
            "INSERT INTO import (id, kind, file_name, sha256, size_bytes, rows, imported_at,"
            "  trygg_version) VALUES (1, 'incidents', 'a.csv', 'aa', 1, 4, 'x', 'v'),"
            "  (2, 'incidents', 'b.csv', 'bb', 1, 1, 'x', 'v');"
            "INSERT INTO area (id, name) VALUES (1, 'Norr');"
            "INSERT INTO category (id, key) VALUES (1, 'rån');"
            "INSERT INTO series (id, area_id, category_id, period_kind) VALUES"
            "  (1, 1, 1, 'month'), (2, 1, 1, 'day');"
            "INSERT INTO observation VALUES"
            "  (1, '2019-03', 7, 1000.5, NULL, 1, 0, NULL),"
            "  (1, '2019-01', 5, NULL, 'stängt', 1, 0, NULL),"
            "  (1, '2019-02', 0, 1000, NULL, 2, 1, 'Rån (prel.)'),"
            "  (2, '1969-12-31', 3, NULL, NULL, 1, 0, NULL),"
            "  (2, '2020-02-29', 4, NULL, NULL, 1, 0, NULL);"
            "PRAGMA user_version = 5;",
            NULL, NULL, NULL),
        SQLITE_OK);
    store_close(st);
    st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(dl.n, 0);
    assert_int_equal(query_int(st, "PRAGMA user_version"), store_schema_version());
    assert_int_equal(
        query_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'observation'"), 0);
    /* (series 1, import 1), (series 1, import 2, label), (series 2, import 1) */
    assert_int_equal(query_int(st, "SELECT count(*) FROM series_block"), 3);
    assert_int_equal(query_int(st, "SELECT sum(total) FROM series_block"), 19);
    assert_int_equal(query_int(st, "SELECT n_preliminary FROM series_block WHERE import_id = 2"),
                     1);
    char *t = query_text(st, "SELECT first_period || '..' || last_period || ' ' || n FROM "
                             "series_block WHERE series_id = 1 AND import_id = 1");
    assert_string_equal(t, "2019-01..2019-03 2");
    free(t);
    t = query_text(st, "SELECT source_label FROM series_block WHERE import_id = 2");
    assert_string_equal(t, "Rån (prel.)");
    free(t);
    t = query_text(st, "SELECT first_period || '..' || last_period FROM series_block "
                       "WHERE series_id = 2");
    assert_string_equal(t, "1969-12-31..2020-02-29");
    free(t);
    /* the counts themselves, merged across the blocks in period order */
    sqlite3_stmt *q = store_prepare(st, obsblock_select_sql, &dl);
    assert_non_null(q);
    struct obs_set set;
    obs_set_init(&set, true);
    assert_int_equal(obsblock_load_series(st, q, 1, &set, &dl), 0);
    assert_int_equal(set.n, 3);
    char buf[16];
    static const char *const months[] = {"2019-01", "2019-02", "2019-03"};
    static const long long counts[] = {5, 0, 7}, imports[] = {1, 2, 1};
    for (size_t i = 0; i < 3; i++) {
        obs_period_format(DATE_MONTH, set.period[i], buf, sizeof(buf));
        assert_string_equal(buf, months[i]);
        assert_int_equal(set.count[i], counts[i]);
        assert_int_equal(set.import_id[i], imports[i]);
        assert_int_equal(set.preliminary[i], i == 1);
    }
    assert_true(isnan(set.exposure[0]));
    assert_true(set.exposure[1] == 1000 && set.exposure[2] == 1000.5);
    assert_string_equal(obs_set_note(&set, 0), "stängt");
    assert_null(obs_set_note(&set, 1));
    assert_int_equal(obsblock_load_series(st, q, 2, &set, &dl), 0);
    assert_int_equal(set.n, 2);
    obs_period_format(DATE_DAY, set.period[0], buf, sizeof(buf));
    assert_string_equal(buf, "1969-12-31");
    obs_period_format(DATE_DAY, set.period[1], buf, sizeof(buf));
    assert_string_equal(buf, "2020-02-29");
    assert_int_equal(set.count[1], 4);
    sqlite3_finalize(q);
    obs_set_release(&set);
    store_close(st);
    diag_list_release(&dl);
    free(path);
}

/* A block whose sizes do not fit its count is reported, not read past its end. */
static void damaged_block_is_refused(void **state)
{
    (void)state;
    struct obs_set set;
    obs_set_init(&set, true);
    unsigned char period[8] = {0}, count[16] = {0}, note[6] = {9, 0, 0, 0, 'a', 'b'};
    assert_int_equal(obsblock_decode(&set, 1, 2, period, 8, count, 16, NULL, 0, NULL, 0, NULL, 0),
                     0);
    assert_int_equal(set.n, 2);
    assert_int_equal(obsblock_decode(&set, 1, 2, period, 7, count, 16, NULL, 0, NULL, 0, NULL, 0),
                     -1);
    assert_int_equal(obsblock_decode(&set, 1, 2, period, 8, count, 8, NULL, 0, NULL, 0, NULL, 0),
                     -1);
    assert_int_equal(obsblock_decode(&set, 1, 0, period, 0, count, 0, NULL, 0, NULL, 0, NULL, 0),
                     -1);
    /* a note longer than the blob */
    assert_int_equal(obsblock_decode(&set, 1, 1, period, 4, count, 8, NULL, 0, NULL, 0, note, 6),
                     -1);
    obs_set_release(&set);
}

/* Appends months first..last (2020-01 = 1) of area to sb, count = month * mult. */
static void add_months(struct strbuf *sb, const char *area, int first, int last, int mult)
{
    for (int m = first; first <= last ? m <= last : m >= last; m += first <= last ? 1 : -1)
        strbuf_addf(sb, "%04d-%02d,%s,rån,%d\n", 2020 + (m - 1) / 12, (m - 1) % 12 + 1, area,
                    m * mult);
}

/* The counts of the series of area, in period order, must be first..last * mult. */
static void check_series(struct store *st, const char *area, int first, int last, int mult)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT s.id FROM series s JOIN area a ON a.id = s.area_id WHERE a.name = '%s'",
             area);
    long long id = query_int(st, sql);
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM series_block WHERE series_id = %lld", id);
    assert_int_equal(query_int(st, sql), 1); /* one block per series and import */
    sqlite3_stmt *q = store_prepare(st, obsblock_select_sql, &dl);
    assert_non_null(q);
    struct obs_set set;
    obs_set_init(&set, true);
    assert_int_equal(obsblock_load_series(st, q, id, &set, &dl), 0);
    assert_int_equal(set.n, (size_t)(last - first + 1));
    for (size_t i = 0; i < set.n; i++) {
        assert_int_equal(set.period[i], set.period[0] + (int32_t)i);
        assert_int_equal(set.count[i], (first + (long long)i) * mult);
    }
    obs_set_release(&set);
    sqlite3_finalize(q);
    diag_list_release(&dl);
}

/* The incident import streams: in a file grouped by series, a series is written when
 * the file moves on to the next one.  A series the file comes back to is read back
 * and written again at the end, whole (one block per series and import, counts in
 * period order); a period given twice is still found across the gap; series of a file
 * in period order are kept to the end. */
static void incidents_stream_series_the_file_returns_to(void **state)
{
    (void)state;
    char *path = db_path("stream.db");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(path, STORE_WRITE, &dl);
    assert_non_null(st);
    struct import_options opt;
    memset(&opt, 0, sizeof(opt));
    struct import_report rep;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "period,area,category,count\n");
    add_months(&sb, "Norr", 1, 10, 1);   /* written when Söder starts */
    add_months(&sb, "Söder", 1, 10, 2);  /* written when Norr comes back */
    add_months(&sb, "Norr", 11, 20, 1);  /* read back, kept */
    add_months(&sb, "Öst", 12, 1, 3);    /* written, descending */
    add_months(&sb, "Söder", 11, 11, 2); /* read back, kept */
    for (int m = 1; m <= 12; m++) {      /* in period order: kept */
        add_months(&sb, "Väst", m, m, 4);
        add_months(&sb, "Syd", m, m, 5);
    }
    add_months(&sb, "Norr", 21, 30, 1); /* kept since it came back */
    char *good = db_path("good.csv");
    write_file(good, sb.buf, sb.len);
    assert_int_equal(import_incidents(st, good, &opt, &rep, &dl), IMPORT_OK);
    assert_int_equal(dl.n_errors, 0);
    assert_int_equal(rep.rows, 30 + 11 + 12 + 24);
    assert_int_equal(query_int(st, "SELECT count(*) FROM series_block"), 5);
    check_series(st, "Norr", 1, 30, 1);
    check_series(st, "Söder", 1, 11, 2);
    check_series(st, "Öst", 1, 12, 3);
    check_series(st, "Väst", 1, 12, 4);
    check_series(st, "Syd", 1, 12, 5);
    char *t = query_text(st, "SELECT group_concat(a.name, ' ') FROM (SELECT * FROM "
                             "series_block ORDER BY id) b JOIN series s ON s.id = b.series_id "
                             "JOIN area a ON a.id = s.area_id");
    /* Öst was written when the file left it; the rest at the end */
    assert_string_equal(t, "Öst Norr Söder Väst Syd");
    free(t);

    /* a period given twice with another series between: found, at its line, and the
     * database is as it was */
    long long blocks = query_int(st, "SELECT count(*) FROM series_block");
    strbuf_reset(&sb);
    strbuf_addstr(&sb, "period,area,category,count\n");
    add_months(&sb, "Mitt", 1, 10, 1);
    add_months(&sb, "Kust", 1, 10, 1);
    add_months(&sb, "Mitt", 11, 12, 1);
    add_months(&sb, "Mitt", 4, 4, 1); /* line 24 */
    char *dup = db_path("dup.csv");
    write_file(dup, sb.buf, sb.len);
    assert_int_equal(import_incidents(st, dup, &opt, &rep, &dl), IMPORT_REFUSED);
    char *m = first_message(&dl);
    if (!strstr(m, ":24:1: period '2020-04' of area 'Mitt', category 'rån' occurs twice"))
        fail_msg("%s", m);
    free(m);
    assert_int_equal(query_int(st, "SELECT count(*) FROM series_block"), blocks);
    assert_int_equal(query_int(st, "SELECT count(*) FROM import"), 1);
    store_close(st);
    diag_list_release(&dl);
    strbuf_release(&sb);
    free(good);
    free(dup);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(migrates_from_empty),
        cmocka_unit_test(migrates_observations_to_blocks),
        cmocka_unit_test(damaged_block_is_refused),
        cmocka_unit_test(incidents_stream_series_the_file_returns_to),
        cmocka_unit_test(reopening_keeps_data),
        cmocka_unit_test(reading_needs_a_database),
        cmocka_unit_test(not_sqlite_is_refused),
        cmocka_unit_test(newer_schema_is_refused),
        cmocka_unit_test(errors_name_the_database),
        cmocka_unit_test(errors_say_what_happened),
        cmocka_unit_test(criteria_first_run_is_kept),
    };
    return cmocka_run_group_tests_name("store", tests, setup, teardown);
}
