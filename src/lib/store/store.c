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

#include "store/iovfs.h"
#include "store/schema.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * What went wrong, in the user's terms, for every SQLite result code a command can meet
 * (one place for every command: import, run, check, export, info, remove ...).  SQLite's
 * own text ("disk I/O error", "database disk image is malformed") follows in brackets.
 * An SQLITE_CORRUPT or SQLITE_NOTADB after a failed read or write of the database's
 * files (iovfs.h) is said as the I/O error it is: the bytes were read wrongly, the file
 * is not known to be damaged (before, a read that failed with EIO reached the user as
 * "database disk image is malformed").
 */
void store_describe(int rc, int err, bool io_failed, const char *sqlite_text, struct strbuf *out)
{
    int primary = rc & 0xff;
    /* a write that failed for want of room, whichever call met it (growing the -shm
     * file is an SQLITE_IOERR_SHMSIZE, not an SQLITE_FULL) */
    if (primary == SQLITE_IOERR && (err == ENOSPC || err == EDQUOT || err == EFBIG))
        primary = SQLITE_FULL;
    if ((primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) && io_failed) {
        strbuf_addf(out,
                    "the disk failed while the database was read (%s): the data read was "
                    "incomplete, which is no sign that the file itself is damaged; check the "
                    "disk (e.g. dmesg), then try again",
                    strerror(err ? err : EIO));
    } else if (primary == SQLITE_IOERR && rc != SQLITE_IOERR_NOMEM) {
        const char *doing;
        switch (rc) {
        case SQLITE_IOERR_READ:
        case SQLITE_IOERR_SHORT_READ:
        case SQLITE_IOERR_CORRUPTFS:
        case SQLITE_IOERR_FSTAT:
        case SQLITE_IOERR_ACCESS:
        case SQLITE_IOERR_SEEK:
        case SQLITE_IOERR_MMAP:
            doing = "reading";
            break;
        case SQLITE_IOERR_FSYNC:
        case SQLITE_IOERR_DIR_FSYNC:
            doing = "syncing (fsync) to the disk";
            break;
        case SQLITE_IOERR_LOCK:
        case SQLITE_IOERR_UNLOCK:
        case SQLITE_IOERR_RDLOCK:
        case SQLITE_IOERR_CHECKRESERVEDLOCK:
        case SQLITE_IOERR_SHMOPEN:
        case SQLITE_IOERR_SHMSIZE:
        case SQLITE_IOERR_SHMLOCK:
        case SQLITE_IOERR_SHMMAP:
            doing = "locking (or sharing through its -shm file)";
            break;
        case SQLITE_IOERR_DELETE:
        case SQLITE_IOERR_DELETE_NOENT:
            doing = "removing its journal after";
            break;
        case SQLITE_IOERR_CLOSE:
        case SQLITE_IOERR_DIR_CLOSE:
            doing = "closing";
            break;
        default: /* WRITE, TRUNCATE, ... */
            doing = "writing";
            break;
        }
        strbuf_addf(out,
                    "the disk failed while %s the database (%s): an I/O error, not damage to "
                    "the data; check the disk (e.g. dmesg), then try again",
                    doing, strerror(err ? err : EIO));
    } else {
        switch (primary) {
        case SQLITE_FULL:
            strbuf_addstr(out, "the disk is full (or a file-size limit was reached): make "
                               "room, then try again");
            break;
        case SQLITE_CANTOPEN:
            strbuf_addf(out,
                        "cannot open the database file or its journal%s%s: check that the "
                        "folder exists and that its files may be read (and, to import, "
                        "written)",
                        err ? ": " : "", err ? strerror(err) : "");
            break;
        case SQLITE_BUSY:
            strbuf_addf(out,
                        "another program (an import, or someone else's trygg) held the "
                        "database for longer than %d s: try again when it has finished",
                        STORE_BUSY_TIMEOUT_MS / 1000);
            break;
        case SQLITE_LOCKED:
            strbuf_addstr(out, "the database is locked by this trygg itself (a fault in "
                               "trygg; please report it)");
            break;
        case SQLITE_READONLY:
            if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
                strbuf_addstr(out, "an import that was stopped left a journal that only a "
                                   "command that may write the database can roll back: run "
                                   "`trygg import` or `trygg remove` where the file and its "
                                   "folder may be written");
            else if (rc == SQLITE_READONLY_DBMOVED)
                strbuf_addstr(out, "the database file was moved or removed while it was open");
            else
                strbuf_addstr(out, "the database may not be written: check the permissions of "
                                   "the file and its folder; commands that only read (info, "
                                   "run) work");
            break;
        case SQLITE_CORRUPT:
            strbuf_addstr(out, "the database file is damaged: restore it from a backup (`sqlite3 "
                               "FILE .recover` may save some of it); nothing was changed");
            break;
        case SQLITE_NOTADB:
            strbuf_addstr(out, "is not a trygg database (not an SQLite file)");
            break;
        case SQLITE_NOMEM:
        case SQLITE_IOERR:
            strbuf_addstr(out, "out of memory");
            break;
        case SQLITE_INTERRUPT:
            strbuf_addstr(out, "interrupted");
            break;
        case SQLITE_TOOBIG:
            strbuf_addstr(out, "a value is larger than the database can hold");
            break;
        default:
            strbuf_addstr(out, sqlite_text ? sqlite_text : sqlite3_errstr(rc));
            return; /* SQLite's own words are the message (a fault in trygg's SQL) */
        }
    }
    strbuf_addf(out, " [SQLite: %s]", sqlite_text && *sqlite_text ? sqlite_text : sqlite3_errstr(rc));
}

/* The store's last error, described (store_describe); whether it is a failure of the
 * system (every database error but a fault in trygg's own SQL is). */
static bool last_error(struct store *st, const char *sqlite_text, struct strbuf *out)
{
    if (!st || !st->db) {
        strbuf_addstr(out, "cannot open");
        return true;
    }
    int rc = sqlite3_extended_errcode(st->db);
    bool io_failed = iovfs_failures() != st->io_failures_at_open;
    int err = io_failed ? iovfs_last_errno() : sqlite3_system_errno(st->db);
    store_describe(rc, err, io_failed, sqlite_text ? sqlite_text : sqlite3_errmsg(st->db), out);
    int primary = rc & 0xff;
    return primary != SQLITE_ERROR && primary != SQLITE_MISUSE && primary != SQLITE_RANGE &&
           primary != SQLITE_CONSTRAINT && primary != SQLITE_MISMATCH &&
           primary != SQLITE_SCHEMA && primary != SQLITE_OK;
}

void store_error_text(struct store *st, struct strbuf *out)
{
    last_error(st, NULL, out);
}

int store_error(struct store *st, struct diag_list *dl, const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    bool system = last_error(st, NULL, &sb);
    diag_error(dl, st ? st->path : NULL, 0, 0, "database: %s: %s", what, sb.buf);
    if (system)
        dl->n_system++;
    strbuf_release(&sb);
    return -1;
}

int store_exec(struct store *st, const char *sql, struct diag_list *dl)
{
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        struct strbuf sb = STRBUF_INIT;
        bool system = last_error(st, err, &sb);
        diag_error(dl, st->path, 0, 0, "database: %s", sb.buf);
        if (system)
            dl->n_system++;
        strbuf_release(&sb);
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
    if (sqlite3_exec(st->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL) ==
        SQLITE_OK)
        return true;
    if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_NOTADB &&
        iovfs_failures() == st->io_failures_at_open)
        diag_error(dl, st->path, 0, 0, "is not a trygg database (not an SQLite file)");
    else
        store_error(st, dl, "reading its schema");
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
    st->io_failures_at_open = iovfs_failures();
    if (dir_writable) {
        rc = sqlite3_open_v2(path, &st->db, flags, iovfs_name());
    } else {
        char *uri = immutable_uri(path);
        rc = sqlite3_open_v2(uri, &st->db, flags | SQLITE_OPEN_URI, iovfs_name());
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
    st->io_failures_at_open = iovfs_failures();
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOFOLLOW, iovfs_name()) != SQLITE_OK) {
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
