/*
 * survey_read — see survey_read.h.
 */
#include "store/survey_read.h"

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
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT DISTINCT b.import_id FROM respondent_block b "
                                    "JOIN wave w ON w.id = b.wave_id WHERE w.survey_id = ?1",
                                    dl);
    if (!q)
        return -1;
    sqlite3_bind_int64(q, 1, survey_id);
    struct fn_ctx f = {.import = fn, .ctx = ctx};
    return each_row(st, q, import_row, &f, "reading imports", dl);
}

int store_block_iter_open(struct store_block_iter *it, struct store *st, struct diag_list *dl)
{
    memset(it, 0, sizeof(*it));
    it->st = st;
    resp_block_init(&it->block);
    /* The index on wave_id gives each wave's blocks in id (import) order without
     * sorting the blobs. */
    it->q = store_prepare(st,
                          "SELECT b.id, b.import_id, b.wave_id, b.n, b.n_vars, b.weight, "
                          "b.area, b.stratum, b.cluster, b.answers, b.numbers, i.codebook_id "
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

int store_block_iter_next(struct store_block_iter *it, struct diag_list *dl)
{
    int rc = sqlite3_step(it->q);
    if (rc == SQLITE_DONE)
        return 0;
    if (rc != SQLITE_ROW)
        return store_error(it->st, dl, "reading respondents");
    if (!respblock_decode(it->q, &it->block)) {
        diag_error(dl, it->st->path, 0, 0, "database: respondent block %lld is damaged",
                   sqlite3_column_int64(it->q, 0));
        return -1;
    }
    it->codebook_id = sqlite3_column_int64(it->q, 11);
    return 1;
}

void store_block_iter_close(struct store_block_iter *it)
{
    sqlite3_finalize(it->q);
    it->q = NULL;
    resp_block_release(&it->block);
}
