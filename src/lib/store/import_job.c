/*
 * import_job — see import_job.h.
 */
#include "store/import_job.h"

#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/io.h"
#include "util/text.h"
#include "util/xalloc.h"

const char *cell_quote(struct strbuf *buf, const char *s, size_t len)
{
    strbuf_reset(buf);
    diag_quote(buf, s, len, 60);
    return buf->buf;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Removes earlier imports of this file: the same kind and SHA-256, or the same kind
 * and file name (a corrected file replacing the one it corrects). */
static int remove_earlier(struct import_job *job, const char *sha256)
{
    sqlite3_stmt *sel = store_prepare(job->st,
                                      "SELECT id, file_name, sha256 FROM import WHERE kind = ?1",
                                      job->dl);
    if (!sel)
        return -1;
    sqlite3_bind_text(sel, 1, job->kind, -1, SQLITE_STATIC);
    long long *ids = NULL;
    size_t n = 0, alloc = 0;
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *fname = store_column_text(sel, 1);
        const char *sha = store_column_text(sel, 2);
        /* by name only when there is one: standard input ("-") names no file */
        const char *name = job->opt->record_as ? job->opt->record_as : job->path;
        if (!strcmp(sha, sha256) ||
            (strcmp(name, "-") && !strcmp(base_name(fname), base_name(name)))) {
            ids = xgrow(ids, sizeof(*ids), n + 1, &alloc);
            ids[n++] = sqlite3_column_int64(sel, 0);
        }
    }
    sqlite3_finalize(sel);
    if (rc != SQLITE_DONE) {
        free(ids);
        return store_error(job->st, job->dl, "looking up earlier imports");
    }
    /* the codebooks they were read with, so a survey import can say what changed */
    sqlite3_stmt *cbs = store_prepare(
        job->st, "SELECT codebook_id FROM import WHERE id = ?1 AND codebook_id IS NOT NULL",
        job->dl);
    if (!cbs) {
        free(ids);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(cbs, 1, ids[i]);
        if (sqlite3_step(cbs) == SQLITE_ROW) {
            job->replaced_codebooks =
                xrealloc(job->replaced_codebooks,
                         (job->n_replaced_codebooks + 1) * sizeof(*job->replaced_codebooks));
            job->replaced_codebooks[job->n_replaced_codebooks++] = sqlite3_column_int64(cbs, 0);
        }
        sqlite3_reset(cbs);
    }
    sqlite3_finalize(cbs);
    sqlite3_stmt *del = store_prepare(job->st, "DELETE FROM import WHERE id = ?1", job->dl);
    if (!del) {
        free(ids);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(del, 1, ids[i]);
        if (sqlite3_step(del) != SQLITE_DONE) {
            sqlite3_finalize(del);
            free(ids);
            return store_error(job->st, job->dl, "removing the earlier import");
        }
        sqlite3_reset(del);
    }
    sqlite3_finalize(del);
    job->rep->replaced_imports = n;
    free(ids);
    return 0;
}

/* Whether an earlier import of this kind has this size; -1 on a database error. */
static int same_size_exists(struct import_job *job)
{
    sqlite3_stmt *s = store_prepare(
        job->st, "SELECT 1 FROM import WHERE kind = ?1 AND size_bytes = ?2 LIMIT 1", job->dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, job->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)job->size_bytes);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(job->st, job->dl, "looking up earlier imports");
    return rc == SQLITE_ROW;
}

static enum import_status begin(struct import_job *job, struct store *st, const char *kind,
                                const char *path, const struct import_options *opt,
                                struct import_report *rep, struct diag_list *dl,
                                bool hash_on_read)
{
    memset(job, 0, sizeof(*job));
    memset(rep, 0, sizeof(*rep));
    job->st = st;
    job->dl = dl;
    job->kind = kind;
    job->path = path;
    job->opt = opt;
    job->rep = rep;
    job->errors_at_start = dl->n_errors;
    strmap_init(&job->areas);

    struct stat sb;
    if (stat(path, &sb) != 0) {
        /* ENOENT, EACCES ...: refused (exit 1); EIO ...: a system failure (util/io.h) */
        int err = errno;
        io_diag_errno(dl, path, 0, 0, err, "cannot open");
        return io_errno_is_system(err) ? IMPORT_FAILED : IMPORT_REFUSED;
    }
    if (!S_ISREG(sb.st_mode)) {
        diag_error(dl, path, 0, 0, "is not a regular file");
        return IMPORT_REFUSED;
    }
    job->size_bytes = (unsigned long long)sb.st_size;
    if (store_begin(st, dl) != 0)
        return IMPORT_FAILED;
    job->in_transaction = true;
    /* An import appends: each page it writes is filled once and not read again, so a
     * large page cache only holds pages on their way to the WAL.  A small one (2 MiB
     * instead of 32) keeps the import's memory at ~12 MB and spares the kernel faulting
     * in 30 MB of fresh memory (CPU of a 1M survey import about -15 %); job_release
     * gives the connection its usual cache back. */
    if (store_exec(st, "PRAGMA cache_size = -" STORE_IMPORT_CACHE_KIB, dl) != 0)
        return IMPORT_FAILED;
    job->small_cache = true;
    /* The hash is known before anything is written, so a repeated file is recognised
     * before its rows could clash with the earlier copy's.  A file whose size no
     * earlier import of this kind has cannot be a repeat: its hash can wait for the
     * reader (the transaction holds the write lock, so no such import can appear). */
    int same = hash_on_read ? same_size_exists(job) : 1;
    if (same < 0)
        return IMPORT_FAILED;
    job->hash_pending = same == 0;
    if (job->hash_pending)
        snprintf(rep->sha256, sizeof(rep->sha256), "pending");
    else if (sha256_file(path, rep->sha256) != 0) {
        /* the file was there and regular (stat above): a failed read is a system
         * failure whatever the errno (util/io.h, io_diag_read_errno) */
        io_diag_read_errno(dl, path, errno, "cannot read");
        return IMPORT_FAILED;
    }

    sqlite3_stmt *dup = store_prepare(
        st, "SELECT id, file_name, imported_at FROM import WHERE kind = ?1 AND sha256 = ?2", dl);
    if (!dup)
        return IMPORT_FAILED;
    sqlite3_bind_text(dup, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(dup, 2, rep->sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(dup);
    if (rc == SQLITE_ROW && !opt->replace) {
        /* The same bytes again: nothing to do, and not an error, so a script that
         * replays every import can run twice (the caller says "already imported"). */
        rep->already_imported = sqlite3_column_int64(dup, 0);
        snprintf(rep->summary, sizeof(rep->summary), "already imported as import %lld",
                 rep->already_imported);
        sqlite3_finalize(dup);
        return IMPORT_ALREADY;
    }
    sqlite3_finalize(dup);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        store_error(st, dl, "looking up earlier imports");
        return IMPORT_FAILED;
    }
    if (opt->replace && remove_earlier(job, rep->sha256) != 0)
        return IMPORT_FAILED;

    char now[32];
    store_now_utc(now, sizeof(now));
    sqlite3_stmt *ins = store_prepare(
        st,
        "INSERT INTO import (kind, file_name, sha256, size_bytes, rows, imported_at, "
        "trygg_version) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
        dl);
    if (!ins)
        return IMPORT_FAILED;
    sqlite3_bind_text(ins, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 2, opt->record_as ? opt->record_as : path, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 3, rep->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 4, (sqlite3_int64)job->size_bytes);
    sqlite3_bind_text(ins, 5, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, TRYGG_VERSION, -1, SQLITE_STATIC);
    rc = sqlite3_step(ins);
    sqlite3_finalize(ins);
    if (rc != SQLITE_DONE) {
        store_error(st, dl, "recording the import");
        return IMPORT_FAILED;
    }
    job->import_id = sqlite3_last_insert_rowid(st->db);
    rep->import_id = job->import_id;

    job->sel_area = store_prepare(st, "SELECT id FROM area WHERE name = ?1", dl);
    job->ins_area = store_prepare(st, "INSERT INTO area (name) VALUES (?1)", dl);
    if (!job->sel_area || !job->ins_area)
        return IMPORT_FAILED;
    return IMPORT_OK;
}

enum import_status job_begin(struct import_job *job, struct store *st, const char *kind,
                             const char *path, const struct import_options *opt,
                             struct import_report *rep, struct diag_list *dl)
{
    return begin(job, st, kind, path, opt, rep, dl, false);
}

enum import_status job_begin_hash_on_read(struct import_job *job, struct store *st,
                                          const char *kind, const char *path,
                                          const struct import_options *opt,
                                          struct import_report *rep, struct diag_list *dl)
{
    return begin(job, st, kind, path, opt, rep, dl, true);
}

int job_set_codebook(struct import_job *job, long long codebook_id)
{
    sqlite3_stmt *up = store_prepare(job->st, "UPDATE import SET codebook_id = ?1 WHERE id = ?2",
                                     job->dl);
    if (!up)
        return -1;
    sqlite3_bind_int64(up, 1, codebook_id);
    sqlite3_bind_int64(up, 2, job->import_id);
    int rc = sqlite3_step(up);
    sqlite3_finalize(up);
    return rc == SQLITE_DONE ? 0 : store_error(job->st, job->dl, "recording the codebook");
}

int job_area_id(struct import_job *job, const char *name, size_t len, long long *id)
{
    int64_t v;
    if (strmap_get(&job->areas, name, len, &v)) {
        *id = v;
        return 0;
    }
    sqlite3_bind_text(job->sel_area, 1, name, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(job->sel_area);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(job->sel_area, 0);
    sqlite3_reset(job->sel_area);
    if (rc == SQLITE_DONE) {
        sqlite3_bind_text(job->ins_area, 1, name, (int)len, SQLITE_STATIC);
        rc = sqlite3_step(job->ins_area);
        sqlite3_reset(job->ins_area);
        if (rc != SQLITE_DONE)
            return store_error(job->st, job->dl, "adding an area");
        v = sqlite3_last_insert_rowid(job->st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(job->st, job->dl, "looking up an area");
    }
    strmap_put(&job->areas, name, len, v);
    *id = v;
    return 0;
}

bool job_ragged_row(struct import_job *job, const struct csv_record *rec, size_t n_columns)
{
    if (rec->n_fields == n_columns)
        return false;
    long col = (long)(rec->n_fields < n_columns ? rec->n_fields : n_columns) + 1;
    diag_error(job->dl, job->path, rec->line, col, "the line has %zu field%s, the header has %zu",
               rec->n_fields, rec->n_fields == 1 ? "" : "s", n_columns);
    return true;
}

bool job_failed(const struct import_job *job)
{
    return job->dl->n_errors > job->errors_at_start;
}

static char *options_json(const struct import_job *job, const struct csv_file_info *info)
{
    json_t *o = json_object();
    char delim[2] = {info->delimiter, 0};
    json_object_set_new(o, "delimiter", json_string(info->delimiter == '\t' ? "tab" : delim));
    json_object_set_new(o, "encoding", json_string(csv_encoding_name(job->opt->csv.encoding)));
    json_object_set_new(o, "bom", json_boolean(info->had_bom));
    json_object_set_new(o, "crlf", json_boolean(info->crlf));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

enum import_status job_finish(struct import_job *job, const struct csv_file_info *info)
{
    if (job_failed(job)) {
        store_rollback(job->st);
        job->in_transaction = false;
        return IMPORT_REFUSED;
    }
    char *opts = options_json(job, info);
    if (job->hash_pending) {
        memcpy(job->rep->sha256, info->sha256, sizeof(job->rep->sha256));
        job->hash_pending = false;
    }
    sqlite3_stmt *up = store_prepare(
        job->st, "UPDATE import SET rows = ?1, options = ?2, sha256 = ?4 WHERE id = ?3",
        job->dl);
    if (!up) {
        free(opts);
        return IMPORT_FAILED;
    }
    sqlite3_bind_int64(up, 1, (sqlite3_int64)job->rep->rows);
    sqlite3_bind_text(up, 2, opts ? opts : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(up, 3, job->import_id);
    sqlite3_bind_text(up, 4, job->rep->sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(up);
    sqlite3_finalize(up);
    free(opts);
    if (rc != SQLITE_DONE) {
        store_error(job->st, job->dl, "recording the import");
        return IMPORT_FAILED;
    }
    /* A replaced import can leave series, waves and areas without data. */
    if (job->rep->replaced_imports &&
        store_exec(job->st,
                   "DELETE FROM series WHERE NOT EXISTS "
                   "  (SELECT 1 FROM series_block b WHERE b.series_id = series.id);"
                   "DELETE FROM wave WHERE NOT EXISTS "
                   "  (SELECT 1 FROM respondent_block b WHERE b.wave_id = wave.id);"
                   /* the replaced import's codebook, if no import uses it now: a
                    * replaced codebook is replaced, not kept as another version */
                   "DELETE FROM codebook WHERE NOT EXISTS "
                   "  (SELECT 1 FROM import i WHERE i.codebook_id = codebook.id);",
                   job->dl) != 0)
        return IMPORT_FAILED;
    if (store_commit(job->st, job->dl) != 0)
        return IMPORT_FAILED;
    job->in_transaction = false;
    job->rep->delimiter = info->delimiter;
    return IMPORT_OK;
}

void job_release(struct import_job *job)
{
    if (job->in_transaction)
        store_rollback(job->st);
    job->in_transaction = false;
    if (job->small_cache)
        sqlite3_exec(job->st->db, "PRAGMA cache_size = -" STORE_CACHE_KIB, NULL, NULL, NULL);
    job->small_cache = false;
    sqlite3_finalize(job->sel_area);
    sqlite3_finalize(job->ins_area);
    job->sel_area = job->ins_area = NULL;
    strmap_release(&job->areas);
    free(job->replaced_codebooks);
    job->replaced_codebooks = NULL;
    job->n_replaced_codebooks = 0;
}

/* The key a header name is matched by.  Strict: trimmed and case-folded.  Loose:
 * also without blanks and ASCII punctuation, and å ä à á â -> a, ö ø ó ò -> o,
 * é è -> e, ü -> u, so the spellings people type in Excel meet the documented names. */
static void header_key(struct strbuf *key, const char *s, size_t len, bool loose)
{
    strbuf_reset(key);
    text_trim_blank(&s, &len);
    if (!loose) {
        text_fold(key, s, len);
        return;
    }
    struct strbuf folded = STRBUF_INIT;
    text_fold(&folded, s, len);
    const unsigned char *f = (const unsigned char *)folded.buf;
    for (size_t i = 0; i < folded.len; i++) {
        unsigned char c = f[i];
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                strbuf_addch(key, c);
            continue;
        }
        if (i + 1 < folded.len && c == 0xc2 && f[i + 1] == 0xa0) { /* no-break space */
            i++;
            continue;
        }
        if (i + 1 < folded.len && c == 0xc3) {
            unsigned char d = f[i + 1];
            char to = d == 0xa5 || d == 0xa4 || d == 0xa0 || d == 0xa1 || d == 0xa2 ? 'a'
                      : d == 0xb6 || d == 0xb8 || d == 0xb3 || d == 0xb2             ? 'o'
                      : d == 0xa9 || d == 0xa8                                       ? 'e'
                      : d == 0xbc                                                    ? 'u'
                                                                                     : 0;
            if (to) {
                strbuf_addch(key, to);
                i++;
                continue;
            }
        }
        strbuf_addch(key, c);
    }
    strbuf_release(&folded);
    if (!key->len) /* a name of punctuation only ("#") keeps its strict key */
        text_fold(key, s, len);
}

static void build(struct header_index *hi, const struct csv_record *rec, const char *file,
                  struct diag_list *dl, bool loose)
{
    strmap_init(&hi->names);
    hi->n_columns = rec->n_fields;
    hi->loose = loose;
    hi->used = xcalloc(rec->n_fields ? rec->n_fields : 1, sizeof(*hi->used));
    hi->claimed = xmalloc(sizeof(*hi->claimed));
    strbuf_init(hi->claimed);
    hi->header = rec;
    struct strbuf key = STRBUF_INIT, q = STRBUF_INIT;
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *s = rec->fields[i];
        size_t len = rec->lens[i];
        text_trim_blank(&s, &len);
        text_formula_unguard(&s, &len); /* a guarded name (util/text.h) */
        header_key(&key, s, len, loose);
        int64_t first;
        if (!len) {
            diag_error(dl, file, rec->line, (long)i + 1, "column %zu has no name in the header",
                       i + 1);
        } else if (strmap_get(&hi->names, key.buf, key.len, &first)) {
            diag_error(dl, file, rec->line, (long)i + 1,
                       "column %s appears twice in the header (columns %lld and %zu)",
                       cell_quote(&q, s, len), (long long)first + 1, i + 1);
        } else {
            strmap_put(&hi->names, key.buf, key.len, (int64_t)i);
        }
    }
    strbuf_release(&key);
    strbuf_release(&q);
}

void header_index_build(struct header_index *hi, const struct csv_record *rec, const char *file,
                        struct diag_list *dl)
{
    build(hi, rec, file, dl, false);
}

void header_index_build_loose(struct header_index *hi, const struct csv_record *rec,
                              const char *file, struct diag_list *dl)
{
    build(hi, rec, file, dl, true);
}

/* The column a name maps to, without marking it used. */
static long lookup_quiet(const struct header_index *hi, const char *name, size_t len)
{
    struct strbuf key = STRBUF_INIT;
    header_key(&key, name, len, hi->loose);
    int64_t v;
    long res = strmap_get(&hi->names, key.buf, key.len, &v) ? (long)v : -1;
    strbuf_release(&key);
    return res;
}

static long lookup(const struct header_index *hi, const char *name)
{
    struct strbuf key = STRBUF_INIT;
    header_key(&key, name, strlen(name), hi->loose);
    int64_t v;
    long res = strmap_get(&hi->names, key.buf, key.len, &v) ? (long)v : -1;
    strbuf_release(&key);
    if (res >= 0 && (size_t)res < hi->n_columns)
        hi->used[res] = true;
    return res;
}

long header_index_find1(const struct header_index *hi, const char *name)
{
    strbuf_addf(hi->claimed, "%s%s", hi->claimed->len ? ", " : "", name);
    return lookup(hi, name);
}

long header_index_find(const struct header_index *hi, const char *const *names)
{
    if (*names)
        strbuf_addf(hi->claimed, "%s%s", hi->claimed->len ? ", " : "", *names);
    for (; *names; names++) {
        long c = lookup(hi, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

size_t header_index_unused(const struct header_index *hi, const char *file, const char *kind,
                           bool strict, struct diag_list *dl)
{
    size_t n = 0;
    struct strbuf q = STRBUF_INIT;
    const struct csv_record *rec = hi->header;
    for (size_t i = 0; i < hi->n_columns; i++) {
        if (hi->used[i])
            continue;
        const char *s = rec->fields[i];
        size_t len = rec->lens[i];
        text_trim_blank(&s, &len);
        text_formula_unguard(&s, &len); /* a guarded name (util/text.h) */
        if (!len || lookup_quiet(hi, s, len) != (long)i)
            continue; /* no name, or a name given twice: already an error */
        n++;
        diag_add(dl, strict ? DIAG_ERROR : DIAG_WARNING, file, rec->line, (long)i + 1,
                 "column %s is not read by trygg and is not imported (the %s columns are: %s; "
                 "other accepted names in docs/formats.md); rename or remove it%s",
                 cell_quote(&q, s, len), kind, hi->claimed->buf,
                 strict ? " (--strict)" : ", or --strict refuses such a file");
    }
    strbuf_release(&q);
    return n;
}

void header_index_release(struct header_index *hi)
{
    strmap_release(&hi->names);
    free(hi->used);
    hi->used = NULL;
    if (hi->claimed) {
        strbuf_release(hi->claimed);
        free(hi->claimed);
        hi->claimed = NULL;
    }
}
