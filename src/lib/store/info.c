/*
 * info — see info.h.  Each table is one SQL query; the queries are plain text with
 * no data in them.
 */
#include "store/info.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct listing {
    const char *name;
    const char *title;
    const char *sql;
    size_t n_cols;
    const char *cols[10];
    bool numeric[10];
};

static const struct listing listings[] = {
    {"surveys", "Surveys",
     "SELECT s.key, COALESCE(s.title_sv, s.title_en, ''), "
     "  (SELECT count(*) FROM codebook c WHERE c.survey_id = s.id), "
     "  (SELECT count(*) FROM wave w WHERE w.survey_id = s.id), "
     "  (SELECT COALESCE(sum(b.n), 0) FROM respondent_block b JOIN wave w ON w.id = b.wave_id "
     "   WHERE w.survey_id = s.id) "
     "FROM survey s ORDER BY s.key COLLATE sv",
     5,
     {"survey", "title", "codebooks", "waves", "respondents"},
     {false, false, true, true, true}},
    {"waves", "Respondents per wave and area", NULL, 5,
     {"survey", "wave", "area", "respondents", "weighted"},
     {false, false, false, true, true}},
    {"series", "Incident series",
     "SELECT a.name, c.key, c.detection, s.period_kind, min(b.first_period), "
     "  max(b.last_period), sum(b.n), sum(b.total) "
     "FROM series s JOIN area a ON a.id = s.area_id JOIN category c ON c.id = s.category_id "
     "JOIN series_block b ON b.series_id = s.id "
     "GROUP BY s.id ORDER BY a.name COLLATE sv, c.key COLLATE sv, s.period_kind",
     8,
     {"area", "category", "detection", "period", "first", "last", "periods", "total"},
     {false, false, false, false, false, false, true, true}},
    /* One row per category and the label its source gave it (Brå's crime label):
     * when a category's label changes, the first and last period of each label show
     * the series break. */
    {"categories", "Category labels and the periods they cover",
     "SELECT c.key, COALESCE(c.label_sv, ''), COALESCE(b.source_label, ''), "
     "  min(b.first_period), max(b.last_period), sum(b.n), sum(b.n_preliminary) "
     "FROM series_block b JOIN series s ON s.id = b.series_id "
     "JOIN category c ON c.id = s.category_id "
     "GROUP BY c.id, b.source_label "
     "ORDER BY c.key COLLATE sv, min(b.first_period), b.source_label",
     7,
     {"category", "label", "source_label", "first", "last", "counts", "preliminary"},
     {false, false, false, false, false, true, true}},
    {"interventions", "Interventions",
     "SELECT i.name, a.name, i.start_date, COALESCE(i.end_date, ''), "
     "  COALESCE(printf('%.0f', i.yearly_cost_sek), ''), "
     "  COALESCE(printf('%.0f', i.period_cost_sek), ''), "
     "  COALESCE(printf('%g', i.planned_per_month) || ' ' || i.planned_category, ''), "
     "  COALESCE(i.note, '') "
     "FROM intervention i JOIN area a ON a.id = i.area_id "
     "ORDER BY i.start_date, i.name COLLATE sv",
     8,
     {"name", "area", "start", "end", "yearly_cost_sek", "period_cost_sek", "planned_per_month",
      "note"},
     {false, false, false, false, true, true, false, false}},
    /* Every area name with what uses it; respondents are added from the waves table. */
    {"areas", "Areas",
     "SELECT a.name, 0, (SELECT count(*) FROM series s WHERE s.area_id = a.id), "
     "  (SELECT COALESCE(sum(b.total), 0) FROM series s JOIN series_block b "
     "   ON b.series_id = s.id WHERE s.area_id = a.id), "
     "  (SELECT count(*) FROM intervention i WHERE i.area_id = a.id) "
     "FROM area a ORDER BY a.name COLLATE sv",
     5,
     {"area", "respondents", "series", "counts", "interventions"},
     {false, true, true, true, true}},
    {"imports", "Imports",
     "SELECT id, kind, file_name, sha256, rows, imported_at, trygg_version "
     "FROM import ORDER BY id",
     7,
     {"id", "kind", "file", "sha256", "rows", "imported_at", "version"},
     {true, false, false, false, true, false, false}},
};

/*
 * Respondents per wave and area need the blocks decoded (areas and weights are
 * arrays inside them).  Counts accumulate per (wave, area) in a map; the rows come
 * out in the order of the wave and area query.
 */
static int waves_table(struct store *st, struct table *t, struct diag_list *dl)
{
    sqlite3_stmt *blocks = store_prepare(st, "SELECT wave_id, n, weight, area FROM respondent_block",
                                         dl);
    if (!blocks)
        return -1;
    struct strmap count = STRMAP_INIT, weight_bits = STRMAP_INIT;
    int rc;
    bool bad = false;
    while ((rc = sqlite3_step(blocks)) == SQLITE_ROW) {
        long long wave = sqlite3_column_int64(blocks, 0), n = sqlite3_column_int64(blocks, 1);
        const unsigned char *w = sqlite3_column_blob(blocks, 2);
        int wb = sqlite3_column_bytes(blocks, 2);
        const unsigned char *a = sqlite3_column_blob(blocks, 3);
        int ab = sqlite3_column_bytes(blocks, 3);
        if (n < 1 || wb != n * 8 || ab != n * 4) {
            bad = true;
            break;
        }
        for (long long i = 0; i < n; i++) {
            uint64_t wbits = 0;
            uint32_t area = 0;
            for (int k = 0; k < 8; k++)
                wbits |= (uint64_t)w[8 * i + k] << (8 * k);
            for (int k = 0; k < 4; k++)
                area |= (uint32_t)a[4 * i + k] << (8 * k);
            double wi;
            memcpy(&wi, &wbits, sizeof(wi));
            char key[48];
            int kl = snprintf(key, sizeof(key), "%lld:%u", wave, area);
            int64_t c = 0, sbits = 0;
            strmap_get(&count, key, (size_t)kl, &c);
            strmap_put(&count, key, (size_t)kl, c + 1);
            double sum = 0;
            if (strmap_get(&weight_bits, key, (size_t)kl, &sbits))
                memcpy(&sum, &sbits, sizeof(sum));
            sum += wi;
            memcpy(&sbits, &sum, sizeof(sum));
            strmap_put(&weight_bits, key, (size_t)kl, sbits);
        }
    }
    sqlite3_finalize(blocks);
    int result = 0;
    if (bad || rc != SQLITE_DONE) {
        result = bad ? (diag_error(dl, st->path, 0, 0, "database: a respondent block is damaged"), -1)
                     : store_error(st, dl, "reading respondents");
        goto out;
    }
    sqlite3_stmt *keys = store_prepare(
        st,
        "SELECT s.key, w.label, w.id, a.id, COALESCE(a.name, '(no area)') "
        "FROM wave w JOIN survey s ON s.id = w.survey_id "
        "CROSS JOIN (SELECT id, name FROM area UNION ALL SELECT 0, NULL) a "
        "ORDER BY s.key COLLATE sv, COALESCE(w.year, 0), w.label, a.name IS NULL, "
        "a.name COLLATE sv",
        dl);
    if (!keys) {
        result = -1;
        goto out;
    }
    while ((rc = sqlite3_step(keys)) == SQLITE_ROW) {
        char key[48];
        int kl = snprintf(key, sizeof(key), "%lld:%lld", sqlite3_column_int64(keys, 2),
                          sqlite3_column_int64(keys, 3));
        int64_t c, sbits = 0;
        if (!strmap_get(&count, key, (size_t)kl, &c))
            continue;
        strmap_get(&weight_bits, key, (size_t)kl, &sbits);
        double sum;
        memcpy(&sum, &sbits, sizeof(sum));
        char nbuf[32], wbuf[32];
        snprintf(nbuf, sizeof(nbuf), "%lld", (long long)c);
        snprintf(wbuf, sizeof(wbuf), "%.2f", sum);
        const char *cells[5] = {store_column_text(keys, 0), store_column_text(keys, 1),
                                store_column_text(keys, 4), nbuf, wbuf};
        table_add_row(t, cells);
    }
    sqlite3_finalize(keys);
    if (rc != SQLITE_DONE)
        result = store_error(st, dl, "listing waves");
out:
    strmap_release(&count);
    strmap_release(&weight_bits);
    return result;
}

int store_info(struct store *st, struct table ***tables, size_t *n, struct diag_list *dl)
{
    size_t count = sizeof(listings) / sizeof(listings[0]);
    struct table **out = xcalloc(count, sizeof(*out));
    for (size_t i = 0; i < count; i++) {
        const struct listing *l = &listings[i];
        out[i] = table_new(l->name, l->title, l->n_cols, l->cols, l->numeric);
        if (!l->sql) {
            if (waves_table(st, out[i], dl) != 0)
                goto fail;
            continue;
        }
        sqlite3_stmt *stmt = store_prepare(st, l->sql, dl);
        if (!stmt)
            goto fail;
        const char *cells[10];
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            for (size_t c = 0; c < l->n_cols; c++)
                cells[c] = store_column_text(stmt, (int)c);
            table_add_row(out[i], cells);
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) {
            store_error(st, dl, "reading what the database holds");
            goto fail;
        }
    }
    /* respondents per area: the sum of the waves table's rows of that area */
    struct table *waves = NULL, *areas = NULL;
    for (size_t i = 0; i < count; i++) {
        if (!strcmp(out[i]->name, "waves"))
            waves = out[i];
        if (!strcmp(out[i]->name, "areas"))
            areas = out[i];
    }
    for (size_t r = 0; waves && areas && r < areas->n_rows; r++) {
        long long sum = 0;
        for (size_t w = 0; w < waves->n_rows; w++)
            if (!strcmp(table_cell(waves, w, 2), table_cell(areas, r, 0)))
                sum += atoll(table_cell(waves, w, 3));
        char buf[32];
        snprintf(buf, sizeof(buf), "%lld", sum);
        free(areas->cells[r * areas->n_cols + 1]);
        areas->cells[r * areas->n_cols + 1] = xstrdup(buf);
    }
    *tables = out;
    *n = count;
    return 0;
fail:
    for (size_t i = 0; i < count; i++)
        table_free(out[i]);
    free(out);
    return -1;
}
