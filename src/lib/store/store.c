/*
 * store — see store.h.
 */
#include "store/store.h"

#include "util/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/schema.h"
#include "util/xalloc.h"

int store_error(struct store *st, struct diag_list *dl, const char *what)
{
    diag_error(dl, st ? st->path : NULL, 0, 0, "database: %s: %s", what,
               st && st->db ? sqlite3_errmsg(st->db) : "cannot open");
    return -1;
}

int store_exec(struct store *st, const char *sql, struct diag_list *dl)
{
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        diag_error(dl, st->path, 0, 0, "database: %s", err ? err : sqlite3_errmsg(st->db));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct diag_list *dl)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
        store_error(st, dl, "prepare");
        return NULL;
    }
    return stmt;
}

int store_bind_text(sqlite3_stmt *stmt, int index, const char *s)
{
    if (!s)
        return sqlite3_bind_null(stmt, index);
    return sqlite3_bind_text(stmt, index, s, -1, SQLITE_TRANSIENT);
}

const char *store_column_text(sqlite3_stmt *stmt, int col)
{
    const unsigned char *s = sqlite3_column_text(stmt, col);
    return s ? (const char *)s : "";
}

int store_begin(struct store *st, struct diag_list *dl)
{
    return store_exec(st, "BEGIN IMMEDIATE", dl);
}

int store_commit(struct store *st, struct diag_list *dl)
{
    return store_exec(st, "COMMIT", dl);
}

void store_rollback(struct store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void store_now_utc(char *buf, size_t size)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store_schema_version(void)
{
    return schema_latest_version();
}

static int collate_sv(void *ctx, int alen, const void *a, int blen, const void *b)
{
    (void)ctx;
    return text_collate_sv(a, (size_t)alen, b, (size_t)blen);
}

struct store *store_open(const char *path, enum store_mode mode, struct diag_list *dl)
{
    struct stat sb;
    if (mode == STORE_READ && stat(path, &sb) != 0) {
        diag_error(dl, path, 0, 0,
                   "no database here; import data first (trygg import ...) or name one with "
                   "--db PATH");
        return NULL;
    }
    /* SQLite creates a database (and its -wal and -shm, which take the database's
     * mode) as 0644 & ~umask; made here first, it gets 0666 & ~umask like any file the
     * user creates, so a group that shares a database through its umask can write it. */
    if (mode == STORE_WRITE && strcmp(path, ":memory:") != 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            close(fd);
    }
    struct store *st = xcalloc(1, sizeof(*st));
    st->path = xstrdup(path);
    int flags = mode == STORE_WRITE ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                    : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
        store_error(st, dl, "cannot open");
        store_close(st);
        return NULL;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    /* ORDER BY name COLLATE sv: names sorted for people, å ä ö after z */
    sqlite3_create_collation(st->db, "sv", SQLITE_UTF8, NULL, collate_sv);
    /* Is it a database at all?  Reading the schema fails on any other file. */
    if (store_exec(st, "SELECT count(*) FROM sqlite_schema", dl) != 0) {
        diag_error(dl, path, 0, 0, "is not a trygg database (not an SQLite file)");
        store_close(st);
        return NULL;
    }
    /* page_size only counts for a new, empty database (it is fixed by the first write,
     * here the switch to WAL): 16 KiB pages carry a respondent block (~300 KB of blobs)
     * in a quarter of the overflow pages and WAL frames of 4 KiB pages, which makes a
     * large import write through ~4x fewer system calls (CPU of a 1M import -20 %).
     * synchronous = NORMAL in WAL mode: a commit is atomic and survives a crash of
     * the process; the WAL is synced at each checkpoint.  cache_size 32 MiB. */
    if (store_exec(st, "PRAGMA foreign_keys = ON", dl) != 0 ||
        (mode == STORE_WRITE && store_exec(st, "PRAGMA page_size = 16384", dl) != 0) ||
        store_exec(st, "PRAGMA synchronous = NORMAL", dl) != 0 ||
        store_exec(st, "PRAGMA cache_size = -32768", dl) != 0) {
        store_close(st);
        return NULL;
    }
    /* WAL lets runs read while an import writes; switching needs no other writer. */
    if (mode == STORE_WRITE && store_exec(st, "PRAGMA journal_mode = WAL", dl) != 0) {
        store_close(st);
        return NULL;
    }
    if (schema_migrate(st, mode == STORE_WRITE, dl) != 0) {
        store_close(st);
        return NULL;
    }
    return st;
}

void store_close(struct store *st)
{
    if (!st)
        return;
    if (st->db) {
        /* Every statement must be finalized by its owner; a leftover is a bug, but
         * close must not fail silently on it. */
        sqlite3_close_v2(st->db);
    }
    free(st->path);
    free(st);
}
