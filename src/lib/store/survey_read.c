/*
 * survey_read — see survey_read.h.
 */
#include "store/survey_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int store_survey_find(struct store *st, const char *key, long long *id, char **title_sv,
                      char **title_en, struct diag_list *dl)
{
    *title_sv = *title_en = NULL;
    sqlite3_stmt *q =
        store_prepare(st, "SELECT id, title_sv, title_en FROM survey WHERE key = ?1", dl);
    if (!q)
        return -1;
    sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q), found = 0;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        if (sqlite3_column_type(q, 1) != SQLITE_NULL)
            *title_sv = xstrdup(store_column_text(q, 1));
        if (sqlite3_column_type(q, 2) != SQLITE_NULL)
            *title_en = xstrdup(store_column_text(q, 2));
        found = 1;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(st, dl, "reading the survey");
    return found;
}

/* Runs q (bound to the survey) to the end through row(ctx, q); stops at a non-zero
 * return of row.  Finalizes q. */
static int each_row(struct store *st, sqlite3_stmt *q, int (*row)(void *, sqlite3_stmt *),
                    void *ctx, const char *what, struct diag_list *dl)
{
    int rc, stop = 0;
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW)
        stop = row(ctx, q);
    sqlite3_finalize(q);
    if (stop)
        return stop;
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, what);
}

struct fn_ctx { /* the caller's callback (one of them) and its context */
    store_codebook_fn codebook;
    store_wave_fn wave;
    store_unit_fn unit;
    store_import_fn import;
    void *ctx;
};

static int codebook_row(void *p, sqlite3_stmt *q)
{
    const struct fn_ctx *f = p;
    const char *text = (const char *)sqlite3_column_text(q, 2);
    size_t len = (size_t)sqlite3_column_bytes(q, 2);
    return f->codebook(f->ctx, sqlite3_column_int64(q, 0),
                                      store_column_text(q, 1), text ? text : "", len);
}

int store_survey_codebooks(struct store *st, long long survey_id, store_codebook_fn fn,
                           void *ctx, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(
        st, "SELECT id, file_name, content FROM codebook WHERE survey_id = ?1 ORDER BY id", dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    struct fn_ctx f = {.codebook = fn, .ctx = ctx};
    return each_row(st, q, codebook_row, &f, "reading codebooks", dl);
}

static int wave_row(void *p, sqlite3_stmt *q)
{
    const struct fn_ctx *f = p;
    return f->wave(f->ctx, sqlite3_column_int64(q, 0), store_column_text(q, 1),
                                  sqlite3_column_int(q, 2));
}

int store_survey_waves(struct store *st, long long survey_id, store_wave_fn fn, void *ctx,
                       struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT id, label, COALESCE(year, 0) FROM wave "
                                    "WHERE survey_id = ?1 ORDER BY year IS NULL, year, id",
                                    dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    struct fn_ctx f = {.wave = fn, .ctx = ctx};
    return each_row(st, q, wave_row, &f, "reading waves", dl);
}

static int unit_row(void *p, sqlite3_stmt *q)
{
    const struct fn_ctx *f = p;
    return f->unit(f->ctx, sqlite3_column_int64(q, 0), store_column_text(q, 1));
}

int store_survey_strata(struct store *st, long long survey_id, store_unit_fn fn, void *ctx,
                        struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT id, label FROM design_unit "
                                    "WHERE survey_id = ?1 AND kind = 'stratum' ORDER BY id",
                                    dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    struct fn_ctx f = {.unit = fn, .ctx = ctx};
    return each_row(st, q, unit_row, &f, "reading strata", dl);
}

long long store_survey_respondents(struct store *st, long long survey_id, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT COALESCE(sum(b.n), 0) FROM respondent_block b "
                                    "JOIN wave w ON w.id = b.wave_id WHERE w.survey_id = ?1",
                                    dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    long long n = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return n >= 0 ? n : store_error(st, dl, "counting respondents");
}

static int import_row(void *p, sqlite3_stmt *q)
{
    const struct fn_ctx *f = p;
    return f->import(f->ctx, sqlite3_column_int64(q, 0));
}

int store_survey_imports(struct store *st, long long survey_id, store_import_fn fn, void *ctx,
                         struct diag_list *dl)
{
    /* The imports with a block of the survey, found through the index on import_id and
     * one block each: a scan of the blocks would read every block's first page (and
     * keep them in the page cache: memory that grows with the survey). */
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT i.id FROM import i WHERE i.kind = 'survey' AND "
        "CASE WHEN i.codebook_id IN (SELECT id FROM codebook WHERE survey_id = ?1) "
        "THEN EXISTS (SELECT 1 FROM respondent_block b JOIN wave w ON w.id = b.wave_id "
        "WHERE b.import_id = i.id AND w.survey_id = ?1) ELSE 0 END ORDER BY i.id",
        dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    struct fn_ctx f = {.import = fn, .ctx = ctx};
    return each_row(st, q, import_row, &f, "reading imports", dl);
}

/* Copies n elements of `size` bytes from little-endian src into host order (src may be
 * dst). */
static void le_to_host(void *dst, const void *src, size_t n, size_t size)
{
    if (dst != src)
        memcpy(dst, src, n * size);
    const uint16_t one = 1;
    if (*(const unsigned char *)&one == 1)
        return;
    unsigned char *p = dst;
    for (size_t i = 0; i < n; i++, p += size)
        for (size_t a = 0, b = size - 1; a < b; a++, b--) {
            unsigned char t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
}

int store_block_iter_open(struct store_block_iter *it, struct store *st, struct diag_list *dl)
{
    memset(it, 0, sizeof(*it));
    it->st = st;
    resp_block_init(&it->block);
    /* Each page of the blocks is read once: a small page cache, reused page after page,
     * instead of tens of megabytes of fresh memory (a page fault per page) that hold
     * pages nobody reads again.  Restored by store_block_iter_close(). */
    it->cache_size = 0;
    sqlite3_stmt *cs = NULL;
    if (sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &cs, NULL) == SQLITE_OK &&
        sqlite3_step(cs) == SQLITE_ROW)
        it->cache_size = sqlite3_column_int64(cs, 0);
    sqlite3_finalize(cs);
    if (it->cache_size)
        sqlite3_exec(st->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
    /* The index on wave_id gives each wave's blocks in id (import) order without
     * sorting the blobs.  The answers and numbers are not selected (only their sizes,
     * which SQLite reads from the record header): store_block_iter_answers() reads the
     * slices a caller asks for straight into its arrays. */
    it->q = store_prepare(st,
                          "SELECT b.id, b.import_id, b.wave_id, b.n, b.n_vars, b.weight, "
                          "b.area, b.stratum, b.cluster, length(b.answers), "
                          "length(b.numbers), i.codebook_id "
                          "FROM respondent_block b JOIN import i ON i.id = b.import_id "
                          "WHERE b.wave_id = ?1 ORDER BY b.id",
                          dl);
    return it->q ? 0 : -1;
}

void store_block_iter_wave(struct store_block_iter *it, long long wave_id)
{
    sqlite3_reset(it->q);
    sqlite3_bind_int64(it->q, 1, wave_id);
}

/* The current row's respondent columns into it->block (answers and numbers NULL);
 * false when the sizes do not agree (a damaged block). */
static bool decode_columns(struct store_block_iter *it)
{
    sqlite3_stmt *q = it->q;
    struct resp_block *out = &it->block;
    long long n = sqlite3_column_int64(q, 3), nv = sqlite3_column_int64(q, 4);
    if (n < 1 || n > RESPBLOCK_MAX || nv < 0 || nv > 100000)
        return false;
    size_t un = (size_t)n, unv = (size_t)nv;
    bool has_stratum = sqlite3_column_type(q, 7) != SQLITE_NULL;
    bool has_cluster = sqlite3_column_type(q, 8) != SQLITE_NULL;
    const void *w = sqlite3_column_blob(q, 5);
    size_t wb = (size_t)sqlite3_column_bytes(q, 5);
    const void *a = sqlite3_column_blob(q, 6);
    size_t ab = (size_t)sqlite3_column_bytes(q, 6);
    const void *s = has_stratum ? sqlite3_column_blob(q, 7) : NULL;
    size_t sb = has_stratum ? (size_t)sqlite3_column_bytes(q, 7) : 0;
    const void *c = has_cluster ? sqlite3_column_blob(q, 8) : NULL;
    size_t cb = has_cluster ? (size_t)sqlite3_column_bytes(q, 8) : 0;
    long long ansb = sqlite3_column_int64(q, 9);
    bool has_numbers = sqlite3_column_type(q, 10) != SQLITE_NULL;
    long long numb = has_numbers ? sqlite3_column_int64(q, 10) : 0;
    if (wb != un * 8 || ab != un * 4 || (has_stratum && sb != un * 4) ||
        (has_cluster && cb != un * 4) || ansb < 0 || (size_t)ansb != un * unv * 2 ||
        numb < 0 || (size_t)numb % (un * 8) != 0 || (size_t)numb / (un * 8) > unv)
        return false;
    size_t need = un * 8 + 3 * un * 4 + 8;
    if (need > out->mem_alloc) {
        free(out->mem);
        out->mem = xmalloc(need);
        out->mem_alloc = need;
    }
    unsigned char *p = out->mem;
    out->weight = (double *)(void *)p;
    p += un * 8;
    out->area = (int32_t *)(void *)p;
    p += un * 4;
    out->stratum = has_stratum ? (int32_t *)(void *)p : NULL;
    p += un * 4;
    out->cluster = has_cluster ? (int32_t *)(void *)p : NULL;
    le_to_host(out->weight, w, un, 8);
    le_to_host(out->area, a, un, 4);
    if (has_stratum)
        le_to_host(out->stratum, s, un, 4);
    if (has_cluster)
        le_to_host(out->cluster, c, un, 4);
    out->answers = NULL;
    out->numbers = NULL;
    out->id = sqlite3_column_int64(q, 0);
    out->import_id = sqlite3_column_int64(q, 1);
    out->wave_id = sqlite3_column_int64(q, 2);
    out->n = un;
    out->n_vars = unv;
    out->n_num = (size_t)numb / (un * 8);
    return true;
}

int store_block_iter_next(struct store_block_iter *it, struct diag_list *dl)
{
    int rc = sqlite3_step(it->q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return store_error(it->st, dl, "reading respondents");
    if (!decode_columns(it)) {
        diag_error(dl, it->st->path, 0, 0, "database: respondent block %lld is damaged",
                   sqlite3_column_int64(it->q, 0));
        return -1;
    }
    it->codebook_id = sqlite3_column_int64(it->q, 11);
    return 1;
}

/* Reads `bytes` bytes at `offset` of column `col` of the current block through the
 * blob handle *h (opened on first use, moved to the block after that). */
static int read_slice(struct store_block_iter *it, sqlite3_blob **h, const char *col,
                      void *dst, size_t bytes, size_t offset, struct diag_list *dl)
{
    int rc = *h ? sqlite3_blob_reopen(*h, it->block.id)
                : sqlite3_blob_open(it->st->db, "main", "respondent_block", col, it->block.id,
                                    0, h);
    if (rc == SQLITE_OK)
        rc = sqlite3_blob_read(*h, dst, (int)bytes, (int)offset);
    if (rc != SQLITE_OK)
        return store_error(it->st, dl, "reading respondents");
    return 0;
}

int store_block_iter_answers(struct store_block_iter *it, size_t var, int16_t *dst,
                             struct diag_list *dl)
{
    const struct resp_block *b = &it->block;
    if (var >= b->n_vars) {
        diag_error(dl, it->st->path, 0, 0, "database: respondent block %lld is damaged", b->id);
        return -1;
    }
    if (read_slice(it, &it->answers_blob, "answers", dst, b->n * 2, var * b->n * 2, dl) != 0)
        return -1;
    le_to_host(dst, dst, b->n, 2);
    return 0;
}

int store_block_iter_numbers(struct store_block_iter *it, size_t k, double *dst,
                             struct diag_list *dl)
{
    const struct resp_block *b = &it->block;
    if (k >= b->n_num) {
        diag_error(dl, it->st->path, 0, 0, "database: respondent block %lld is damaged", b->id);
        return -1;
    }
    if (read_slice(it, &it->numbers_blob, "numbers", dst, b->n * 8, k * b->n * 8, dl) != 0)
        return -1;
    le_to_host(dst, dst, b->n, 8);
    return 0;
}

void store_block_iter_close(struct store_block_iter *it)
{
    sqlite3_blob_close(it->answers_blob);
    sqlite3_blob_close(it->numbers_blob);
    it->answers_blob = it->numbers_blob = NULL;
    sqlite3_finalize(it->q);
    it->q = NULL;
    resp_block_release(&it->block);
    if (it->cache_size) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", it->cache_size);
        sqlite3_exec(it->st->db, sql, NULL, NULL, NULL);
        it->cache_size = 0;
    }
}
