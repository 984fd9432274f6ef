/*
 * series_scan — see series_scan.h.
 */
#include "store/series_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int series_catalog_load(struct store *st, const char *period_kind, struct series_catalog *cat,
                        struct diag_list *dl)
{
    memset(cat, 0, sizeof(*cat));
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT s.id, a.name, c.key, COALESCE(c.label_sv, c.key), COALESCE(c.label_en, c.key), "
        "c.detection FROM series s JOIN area a ON a.id = s.area_id "
        "JOIN category c ON c.id = s.category_id WHERE s.period_kind = ?1 ORDER BY s.id",
        dl);
    if (!q)
        return -1;
    sqlite3_bind_text(q, 1, period_kind, -1, SQLITE_STATIC);
    size_t alloc = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (cat->n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            cat->id = xrealloc(cat->id, alloc * sizeof(*cat->id));
            cat->area = xrealloc(cat->area, alloc * sizeof(*cat->area));
            cat->category = xrealloc(cat->category, alloc * sizeof(*cat->category));
            cat->label_sv = xrealloc(cat->label_sv, alloc * sizeof(*cat->label_sv));
            cat->label_en = xrealloc(cat->label_en, alloc * sizeof(*cat->label_en));
            cat->detection = xrealloc(cat->detection, alloc * sizeof(*cat->detection));
        }
        size_t i = cat->n++;
        cat->id[i] = sqlite3_column_int64(q, 0);
        cat->area[i] = xstrdup(store_column_text(q, 1));
        cat->category[i] = xstrdup(store_column_text(q, 2));
        cat->label_sv[i] = xstrdup(store_column_text(q, 3));
        cat->label_en[i] = xstrdup(store_column_text(q, 4));
        cat->detection[i] = xstrdup(store_column_text(q, 5));
    }
    int result = 0;
    if (rc != SQLITE_DONE) {
        result = store_error(st, dl, "listing the count series");
        series_catalog_release(cat);
    }
    sqlite3_finalize(q);
    return result;
}

void series_catalog_release(struct series_catalog *cat)
{
    for (size_t i = 0; i < cat->n; i++) {
        free(cat->area[i]);
        free(cat->category[i]);
        free(cat->label_sv[i]);
        free(cat->label_en[i]);
        free(cat->detection[i]);
    }
    free(cat->id);
    free(cat->area);
    free(cat->category);
    free(cat->label_sv);
    free(cat->label_en);
    free(cat->detection);
    memset(cat, 0, sizeof(*cat));
}

static void restore_cache(struct store *st, long long cache_size)
{
    if (cache_size) {
        char sql[64];
        snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", cache_size);
        sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    }
}

int series_scan(struct store *st, const char *period_kind,
                int (*fn)(void *ctx, long long series_id, const struct obs_set *obs), void *ctx,
                struct diag_list *dl)
{
    /* Each page of the blocks is read once (as the survey block iterator reads them,
     * survey_read.c): a small page cache, reused page after page, instead of the
     * connection's tens of megabytes of fresh memory, a page fault per page for pages
     * nobody reads again (a 5,800-series screening reads ~16 MB).  Restored below. */
    long long cache_size = 0;
    sqlite3_stmt *cs = NULL;
    if (sqlite3_prepare_v2(st->db, "PRAGMA cache_size", -1, &cs, NULL) == SQLITE_OK &&
        sqlite3_step(cs) == SQLITE_ROW)
        cache_size = sqlite3_column_int64(cs, 0);
    sqlite3_finalize(cs);
    if (cache_size)
        sqlite3_exec(st->db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT b.series_id, b.import_id, b.n, b.period, b.count, b.exposure "
        "FROM series_block b JOIN series s ON s.id = b.series_id WHERE s.period_kind = ?1 "
        "ORDER BY b.series_id",
        dl);
    if (!q) {
        restore_cache(st, cache_size);
        return -1;
    }
    sqlite3_bind_text(q, 1, period_kind, -1, SQLITE_STATIC);
    struct obs_set set;
    obs_set_init(&set, false);
    long long cur = 0;
    int rc = SQLITE_DONE, stop = 0;
    bool more = true;
    while (!stop && more) {
        rc = sqlite3_step(q);
        more = rc == SQLITE_ROW;
        long long sid = more ? sqlite3_column_int64(q, 0) : 0;
        if (set.n && (!more || sid != cur)) {
            obs_set_sort(&set);
            stop = fn(ctx, cur, &set);
            obs_set_clear(&set);
        }
        if (!more || stop)
            break;
        cur = sid;
        if (obsblock_decode(&set, sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
                            sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3),
                            sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
                            sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5), NULL,
                            0, NULL, 0) != 0) {
            diag_error(dl, st->path, 0, 0,
                       "database: the counts of series %lld are damaged (a block's sizes do "
                       "not fit its length)",
                       sid);
            stop = -1;
        }
    }
    int result = stop;
    if (!stop && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading the counts");
    obs_set_release(&set);
    sqlite3_finalize(q);
    restore_cache(st, cache_size);
    return result;
}
