/*
 * store — the SQLite database that holds every survey, incident series and
 * intervention, growing year by year.
 *
 * Opening applies the pragmas every connection needs (foreign keys on, WAL, a busy
 * timeout so two evaluators' runs wait for each other instead of failing on a lock)
 * and brings the schema up to date with the versioned migrations in schema.c
 * (PRAGMA user_version).  The schema itself is documented in docs/schema.md.
 * Errors go to the diagnostics list with the database path as the file name.
 */
#ifndef TRYGG_STORE_STORE_H
#define TRYGG_STORE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "util/diag.h"
#include "util/strbuf.h"

/* How long a connection waits for another writer before giving up. */
#define STORE_BUSY_TIMEOUT_MS 120000
/* SQLite's page cache in KiB (as text, for the PRAGMA): 32 MiB for reading, 2 MiB
 * while an import appends its pages (import_job.c). */
#define STORE_CACHE_KIB "32768"
#define STORE_IMPORT_CACHE_KIB "2048"

enum store_mode {
    STORE_READ,  /* the database must exist; opened read-only (a 0444 file or a
                    read-only directory works); an older schema is upgraded first when
                    the file may be written */
    STORE_WRITE  /* created if missing; migrated */
};

struct store {
    sqlite3 *db;
    char *path;
    bool read_only; /* opened with STORE_READ: SQLITE_OPEN_READONLY (or immutable) */
    bool wal_at_close; /* created by store_open: rollback journal until store_close */
    unsigned long io_failures_at_open; /* iovfs_failures() when opened (iovfs.h) */
};

/* Opens (and for STORE_WRITE creates and migrates) the database.  Returns a new
 * store (free with store_close) or NULL with the reason in dl. */
struct store *store_open(const char *path, enum store_mode mode, struct diag_list *dl);
void store_close(struct store *st);
/* Whether the store was opened read-only (STORE_READ): nothing can be recorded in it. */
bool store_read_only(const struct store *st);

/* The schema version this build writes. */
int store_schema_version(void);

/* Adds "database: <what>: <what happened>" to dl (store_describe), counted as a failure
 * of the system (exit 3) unless it is a fault of trygg's own SQL; returns -1. */
int store_error(struct store *st, struct diag_list *dl, const char *what);
/* The store's last error as store_error says it, appended to out. */
void store_error_text(struct store *st, struct strbuf *out);
/* The message for SQLite result code rc (extended), with errno err of the failed system
 * call (0 if unknown); io_failed: a read or write of the database's files failed before
 * (an SQLITE_CORRUPT or SQLITE_NOTADB is then said as an I/O error).  sqlite_text:
 * SQLite's own message, appended in brackets. */
void store_describe(int rc, int err, bool io_failed, const char *sqlite_text,
                    struct strbuf *out);

/* BEGIN IMMEDIATE (takes the write lock now, waiting up to the busy timeout),
 * COMMIT, ROLLBACK.  Return 0 or -1 with a message in dl. */
int store_begin(struct store *st, struct diag_list *dl);
int store_commit(struct store *st, struct diag_list *dl);
void store_rollback(struct store *st);

/* Prepares a statement; on failure adds a message and returns NULL. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct diag_list *dl);
/* Runs SQL without results (no user data in it: bind values instead). */
int store_exec(struct store *st, const char *sql, struct diag_list *dl);

/* Binds text, or NULL when s is NULL. */
int store_bind_text(sqlite3_stmt *stmt, int index, const char *s);
/* Returns the column as text, "" for NULL. */
const char *store_column_text(sqlite3_stmt *stmt, int col);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void store_now_utc(char *buf, size_t size);

#endif
