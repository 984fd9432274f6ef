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

/* Is it a database at all?  Reading the schema fails on any other file; it also fails
 * on an I/O error, which store_exec has named and which is no reason to call the file
 * something else. */
static bool schema_readable(struct store *st, struct diag_list *dl)
{
    if (store_exec(st, "SELECT count(*) FROM sqlite_schema", dl) == 0)
        return true;
    if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_NOTADB)
        diag_error(dl, st->path, 0, 0, "is not a trygg database (not an SQLite file)");
    return false;
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

/* The directory a path is in ("." for a bare name). */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

/* "file:PATH?immutable=1" with the characters a URI path cannot hold escaped. */
static char *immutable_uri(const char *path)
{
    size_t n = strlen(path);
    char *u = xmalloc(3 * n + 32), *o = u;
    o += sprintf(o, "file:");
    for (const char *p = path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            o += sprintf(o, "%%%02X", (unsigned char)*p);
        else
            *o++ = *p;
    }
    strcpy(o, "?immutable=1");
    return u;
}

/*
 * For commands that only read: the database is opened read-only, so a 0444 file, an
 * archived copy or a shared read-only directory can be inspected and run.  In WAL
 * mode a reader needs the -shm file, which SQLite cannot create in a directory it may
 * not write; there the database is opened as immutable (nothing can be writing it,
 * since no writer could create its -wal there either).  A database with an older
 * schema is first upgraded through a writing connection when it may be written, and
 * refused with a message when not.
 */
static struct store *open_read(const char *path, struct diag_list *dl)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        diag_error(dl, path, 0, 0,
                   "no database here; import data first (trygg import ...) or name one with "
                   "--db PATH");
        return NULL;
    }
    char *dir = dir_of(path);
    bool dir_writable = access(dir, W_OK) == 0;
    free(dir);
    struct store *st = xcalloc(1, sizeof(*st));
    st->path = xstrdup(path);
    st->read_only = true;
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW;
    int rc;
    if (dir_writable) {
        rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    } else {
        char *uri = immutable_uri(path);
        rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI, NULL);
        free(uri);
    }
    if (rc != SQLITE_OK) {
        store_error(st, dl, "cannot open");
        store_close(st);
        return NULL;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    sqlite3_create_collation(st->db, "sv", SQLITE_UTF8, NULL, collate_sv);
    /* A first import into a new database writes it with a rollback journal (see
     * store_open); killed midway, it leaves that journal "hot", and a read-only
     * connection may not roll it back.  A writing connection does, on its first read,
     * as any later import would: then the database is read again. */
    if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) ==
            SQLITE_READONLY_ROLLBACK &&
        dir_writable && access(path, W_OK) == 0) {
        store_close(st);
        struct store *w = store_open(path, STORE_WRITE, dl);
        if (!w)
            return NULL;
        store_close(w);
        return open_read(path, dl);
    }
    if (!schema_readable(st, dl)) {
        store_close(st);
        return NULL;
    }
    if (store_exec(st, "PRAGMA foreign_keys = ON", dl) != 0 ||
        store_exec(st, "PRAGMA cache_size = -" STORE_CACHE_KIB, dl) != 0) {
        store_close(st);
        return NULL;
    }
    int v = schema_user_version(st, dl);
    if (v < 0) {
        store_close(st);
        return NULL;
    }
    if (v > 0 && v < store_schema_version()) {
        /* an older schema: upgrade it (a write) if the database may be written */
        store_close(st);
        if (!dir_writable || access(path, W_OK) != 0) {
            diag_error(dl, path, 0, 0,
                       "has schema version %d and this trygg needs %d, but it is read-only: "
                       "upgrade it once where it can be written (any trygg command on a "
                       "writable copy)",
                       v, store_schema_version());
            return NULL;
        }
        struct store *w = store_open(path, STORE_WRITE, dl);
        if (!w)
            return NULL;
        store_close(w);
        return open_read(path, dl);
    }
    if (schema_migrate(st, false, dl) != 0) {
        store_close(st);
        return NULL;
    }
    return st;
}

bool store_read_only(const struct store *st)
{
    return st->read_only;
}

/*
 * PRAGMA journal_mode = WAL, waiting for another writer as long as the busy timeout
 * says.  SQLite's busy handler does not wait here when the other writer has only
 * begun (it holds the RESERVED lock, which a connection that already reads may not
 * wait for), as the first import into a new database does while it writes with a
 * rollback journal; so the switch is retried.
 */
static int switch_to_wal(struct store *st, struct diag_list *dl)
{
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (long waited = 0;; waited += 20) {
        int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_BUSY || waited >= STORE_BUSY_TIMEOUT_MS)
            return rc == SQLITE_OK ? 0 : store_error(st, dl, "switching to WAL");
        nanosleep(&pause, NULL);
    }
}

struct store *store_open(const char *path, enum store_mode mode, struct diag_list *dl)
{
    if (mode == STORE_READ && strcmp(path, ":memory:") != 0)
        return open_read(path, dl);
    /* Writing needs the file and its folder (for the -wal and -shm) writable: say so
     * plainly instead of SQLite's "attempt to write a readonly database". */
    struct stat sb;
    if (strcmp(path, ":memory:") != 0 && lstat(path, &sb) == 0) {
        char *dir = dir_of(path);
        bool dir_ok = access(dir, W_OK) == 0;
        free(dir);
        if (access(path, W_OK) != 0 || !dir_ok) {
            diag_error(dl, path, 0, 0,
                       "is read-only (%s): nothing can be imported into it; commands that "
                       "only read (info, run) work",
                       dir_ok ? "the file may not be written" : "its folder may not be written");
            return NULL;
        }
    }
    /* SQLite creates a database (and its -wal and -shm, which take the database's
     * mode) as 0644 & ~umask; made here first, it gets 0666 & ~umask like any file the
     * user creates, so a group that shares a database through its umask can write it
     * (but others never can). */
    bool created = false;
    if (mode == STORE_WRITE && strcmp(path, ":memory:") != 0) {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            created = true;
            /* never world-writable, whatever the umask (umask 000 would leave it so) */
            struct stat fs;
            if (fstat(fd, &fs) == 0 && (fs.st_mode & S_IWOTH))
                fchmod(fd, fs.st_mode & 07777 & ~(mode_t)S_IWOTH);
            close(fd);
        }
    }
    struct store *st = xcalloc(1, sizeof(*st));
    st->path = xstrdup(path);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
        store_error(st, dl, "cannot open");
        store_close(st);
        return NULL;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
    /* ORDER BY name COLLATE sv: names sorted for people, å ä ö after z */
    sqlite3_create_collation(st->db, "sv", SQLITE_UTF8, NULL, collate_sv);
    if (!schema_readable(st, dl)) {
        store_close(st);
        return NULL;
    }
    /* page_size only counts for a new, empty database (it is fixed by the first write,
     * here the switch to WAL): 16 KiB pages carry a respondent block (~300 KB of blobs)
     * in a quarter of the overflow pages and WAL frames of 4 KiB pages, which makes a
     * large import write through ~4x fewer system calls (CPU of a 1M import -20 %).
     * synchronous = FULL in WAL mode: the WAL is synced at every commit, so an import
     * that reported success survives a power cut too (NORMAL would survive only a crash
     * of the process, and could lose the last committed import); an import commits
     * once, so this costs one fsync.  cache_size 32 MiB. */
    if (store_exec(st, "PRAGMA foreign_keys = ON", dl) != 0 ||
        (mode == STORE_WRITE && store_exec(st, "PRAGMA page_size = 16384", dl) != 0) ||
        store_exec(st, "PRAGMA synchronous = FULL", dl) != 0 ||
        store_exec(st, "PRAGMA cache_size = -" STORE_CACHE_KIB, dl) != 0) {
        store_close(st);
        return NULL;
    }
    /* WAL lets runs read while an import writes; switching needs no other writer.
     * A database this call created stays in SQLite's rollback-journal mode until it is
     * closed (store_close switches it): its first import then writes every page once,
     * into the database, where WAL writes it twice (into the WAL at commit, into the
     * database at the checkpoint) -- the pages it appends are new, so the journal
     * holds only the few pages of the schema it changes (CPU of a 1M survey import
     * about -25 %).  It is as atomic and crash-safe (synchronous = FULL: a killed or
     * failed import is rolled back, by the next connection that writes, or here).  The
     * only difference: runs wait for the first import to finish instead of reading an
     * empty database meanwhile.  Any other writer that opens it switches it to WAL
     * first (waiting for the import, through the busy timeout). */
    if (mode == STORE_WRITE && !created && switch_to_wal(st, dl) != 0) {
        store_close(st);
        return NULL;
    }
    st->wal_at_close = created;
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
        /* A database created by store_open: WAL from now on (store_open says why not
         * before).  Not possible inside a transaction (a failed command's, rolled back
         * by the close) or while another process reads it (waited for briefly, not
         * for the whole busy timeout); then the next connection that writes switches
         * it. */
        if (st->wal_at_close && sqlite3_get_autocommit(st->db)) {
            sqlite3_busy_timeout(st->db, 500);
            sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        }
        /* Every statement must be finalized by its owner; a leftover is a bug, but
         * close must not fail silently on it. */
        sqlite3_close_v2(st->db);
    }
    free(st->path);
    free(st);
}
