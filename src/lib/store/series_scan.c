/*
 * series_scan — see series_scan.h.
 */
#include "store/series_scan.h"

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

int series_scan(struct store *st, const char *period_kind,
                int (*fn)(void *ctx, const struct scanned_obs *obs), void *ctx,
                struct diag_list *dl)
{
    /* observation is WITHOUT ROWID with the key (series_id, period): this reads it in
     * key order, one series after the other, with no sort. */
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT o.series_id, o.period, o.count, o.exposure, o.import_id FROM series s "
        "JOIN observation o ON o.series_id = s.id WHERE s.period_kind = ?1 "
        "ORDER BY o.series_id, o.period",
        dl);
    if (!q)
        return -1;
    sqlite3_bind_text(q, 1, period_kind, -1, SQLITE_STATIC);
    int rc = SQLITE_DONE, stop = 0;
    while (!stop && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct scanned_obs o;
        o.series_id = sqlite3_column_int64(q, 0);
        o.period = store_column_text(q, 1);
        o.period_len = (size_t)sqlite3_column_bytes(q, 1);
        o.count = sqlite3_column_int64(q, 2);
        o.has_exposure = sqlite3_column_type(q, 3) != SQLITE_NULL;
        o.exposure = o.has_exposure ? sqlite3_column_double(q, 3) : 0;
        o.import_id = sqlite3_column_int64(q, 4);
        stop = fn(ctx, &o);
    }
    int result = stop;
    if (!stop && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading the counts");
    sqlite3_finalize(q);
    return result;
}
