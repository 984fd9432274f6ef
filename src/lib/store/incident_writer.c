/*
 * incident_writer — see incident_writer.h.
 */
#include "store/incident_writer.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/category.h"
#include "store/obsblock.h"
#include "util/xalloc.h"

/* A series this file writes to. */
struct wseries {
    long long id;
    enum date_kind kind;
    struct obs_set add;    /* this file's counts, in file order */
    uint32_t *label;       /* per count: index into label_text, UINT32_MAX = none */
    size_t alloc_label;
    int32_t max_period;    /* of every count this file gave it (add and written) */
    bool hashed;           /* its periods are in the period map (else: this file's
                              counts came in ascending order and no stored block of
                              another import has any, so a later period needs no
                              look-up) */
    long long *written;    /* rowids of the blocks of this file's counts written so far
                              (write_series: when the file moved on to another series) */
    size_t n_written, alloc_written;
    bool returned;         /* read back: kept in memory to the end */
};

/* Rows in a run of one series that mark the file as grouped by series (its series are
 * then written as the file leaves them). */
#define STREAM_MIN_RUN 8

/* A block already stored for one of those series (from another import). */
struct oldblock {
    long long rowid, series_id, import_id;
    char *source_label;
    enum date_kind kind;
    struct obs_set set;    /* with notes, so it can be written again */
    unsigned char *gone;   /* per count: replaced by this file */
    bool dirty;
};

/* ------------------------------------------------------------ (series, period) map
 * Open addressing over 64-bit keys (series index << 32 | period); a value is a count
 * of this file (index << 1) or of a stored block ((block << 32 | index) << 1 | 1). */
struct periodmap {
    uint64_t *key, *val;
    unsigned char *used;
    size_t n_slots, n;
    unsigned shift; /* 64 - log2(n_slots) */
};

/* Fibonacci hashing: the top bits of the product */
static size_t pm_slot(const struct periodmap *m, uint64_t key)
{
    uint64_t h = key ^ (key >> 29);
    return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> m->shift);
}

static void pm_grow(struct periodmap *m)
{
    struct periodmap old = *m;
    m->n_slots = old.n_slots ? 2 * old.n_slots : 1024;
    m->shift = old.n_slots ? old.shift - 1 : 64 - 10;
    m->key = xmalloc(m->n_slots * sizeof(*m->key));
    m->val = xmalloc(m->n_slots * sizeof(*m->val));
    m->used = xcalloc(m->n_slots, 1);
    m->n = 0;
    for (size_t i = 0; i < old.n_slots; i++)
        if (old.used[i]) {
            size_t k = pm_slot(m, old.key[i]);
            while (m->used[k])
                k = (k + 1) & (m->n_slots - 1);
            m->used[k] = 1;
            m->key[k] = old.key[i];
            m->val[k] = old.val[i];
            m->n++;
        }
    free(old.key);
    free(old.val);
    free(old.used);
}

/* The slot of key: its own if present, else the empty one it would take. */
static size_t pm_find(struct periodmap *m, uint64_t key, bool *found)
{
    if (2 * (m->n + 1) > m->n_slots)
        pm_grow(m);
    size_t k = pm_slot(m, key);
    while (m->used[k] && m->key[k] != key)
        k = (k + 1) & (m->n_slots - 1);
    *found = m->used[k];
    return k;
}

static void pm_set(struct periodmap *m, size_t slot, uint64_t key, uint64_t val)
{
    if (!m->used[slot]) {
        m->used[slot] = 1;
        m->key[slot] = key;
        m->n++;
    }
    m->val[slot] = val;
}

static uint64_t pm_key(size_t series, int32_t period)
{
    return ((uint64_t)series << 32) | (uint32_t)period;
}

/* ------------------------------------------------------------------ set-up */

int incident_writer_init(struct incident_writer *w, struct import_job *job, const char *file)
{
    memset(w, 0, sizeof(*w));
    w->job = job;
    w->file = file;
    strmap_init(&w->categories);
    strmap_init(&w->series);
    strmap_init(&w->labels);
    strbuf_init(&w->q);
    strbuf_init(&w->last_area);
    strbuf_init(&w->last_cat);
    w->periods = xcalloc(1, sizeof(*w->periods));
    struct store *st = job->st;
    struct diag_list *dl = job->dl;
    w->sel_cat = store_prepare(st, "SELECT id FROM category WHERE key = ?1", dl);
    w->ins_cat = store_prepare(
        st, "INSERT INTO category (key, label_sv, label_en, detection) VALUES (?1, ?2, ?3, ?4)", dl);
    w->sel_series = store_prepare(
        st, "SELECT id FROM series WHERE area_id = ?1 AND category_id = ?2 AND period_kind = ?3",
        dl);
    w->ins_series = store_prepare(
        st, "INSERT INTO series (area_id, category_id, period_kind) VALUES (?1, ?2, ?3)", dl);
    w->ins_block = store_prepare(st, obsblock_insert_sql, dl);
    w->sel_blocks = store_prepare(st,
                                  "SELECT id, import_id, source_label, n, period, count, "
                                  "exposure, preliminary, note FROM series_block "
                                  "WHERE series_id = ?1 ORDER BY id",
                                  dl);
    w->del_block = store_prepare(st, "DELETE FROM series_block WHERE id = ?1", dl);
    w->import_file = store_prepare(st, "SELECT file_name FROM import WHERE id = ?1", dl);
    w->sel_written = store_prepare(st,
                                   "SELECT source_label, n, period, count, exposure, "
                                   "preliminary, note FROM series_block WHERE id = ?1",
                                   dl);
    obs_set_init(&w->spare, true);
    if (!w->sel_cat || !w->ins_cat || !w->sel_series || !w->ins_series || !w->ins_block ||
        !w->sel_blocks || !w->del_block || !w->import_file || !w->sel_written)
        return -1;
    return 0;
}

void incident_writer_release(struct incident_writer *w)
{
    sqlite3_finalize(w->sel_cat);
    sqlite3_finalize(w->ins_cat);
    sqlite3_finalize(w->sel_series);
    sqlite3_finalize(w->ins_series);
    sqlite3_finalize(w->ins_block);
    sqlite3_finalize(w->sel_blocks);
    sqlite3_finalize(w->del_block);
    sqlite3_finalize(w->import_file);
    sqlite3_finalize(w->sel_written);
    for (size_t i = 0; i < w->n_wseries; i++) {
        obs_set_release(&w->wseries[i].add);
        free(w->wseries[i].label);
        free(w->wseries[i].written);
    }
    free(w->wseries);
    obs_set_release(&w->spare);
    free(w->spare_label);
    free(w->idx);
    for (size_t i = 0; i < w->n_old; i++) {
        free(w->old[i].source_label);
        obs_set_release(&w->old[i].set);
        free(w->old[i].gone);
    }
    free(w->old);
    if (w->periods) {
        free(w->periods->key);
        free(w->periods->val);
        free(w->periods->used);
        free(w->periods);
    }
    for (size_t i = 0; i < w->n_labels; i++)
        free(w->label_text[i]);
    free(w->label_text);
    strmap_release(&w->labels);
    strmap_release(&w->categories);
    strmap_release(&w->series);
    strbuf_release(&w->q);
    strbuf_release(&w->last_area);
    strbuf_release(&w->last_cat);
    memset(w, 0, sizeof(*w));
}

static int category_id(struct incident_writer *w, const struct incident_row *r, long long *id)
{
    const char *key = r->category;
    size_t len = r->category_len;
    int64_t v;
    if (strmap_get(&w->categories, key, len, &v)) {
        *id = v;
        return 0;
    }
    sqlite3_bind_text(w->sel_cat, 1, key, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(w->sel_cat);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(w->sel_cat, 0);
    sqlite3_reset(w->sel_cat);
    if (rc == SQLITE_DONE) {
        struct category_default d = category_defaults(key, len);
        sqlite3_bind_text(w->ins_cat, 1, key, (int)len, SQLITE_STATIC);
        if (r->label_sv)
            sqlite3_bind_text(w->ins_cat, 2, r->label_sv, -1, SQLITE_STATIC);
        else if (d.label_sv)
            sqlite3_bind_text(w->ins_cat, 2, d.label_sv, -1, SQLITE_STATIC);
        else if (r->source_label)
            sqlite3_bind_text(w->ins_cat, 2, r->source_label, (int)r->source_label_len,
                              SQLITE_STATIC);
        else
            sqlite3_bind_null(w->ins_cat, 2);
        store_bind_text(w->ins_cat, 3, r->label_en ? r->label_en : d.label_en);
        sqlite3_bind_text(w->ins_cat, 4, r->detection ? r->detection : d.detection, -1,
                          SQLITE_STATIC);
        rc = sqlite3_step(w->ins_cat);
        sqlite3_reset(w->ins_cat);
        if (rc != SQLITE_DONE)
            return store_error(w->job->st, w->job->dl, "adding a category");
        v = sqlite3_last_insert_rowid(w->job->st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(w->job->st, w->job->dl, "looking up a category");
    }
    strmap_put(&w->categories, key, len, v);
    *id = v;
    return 0;
}

/* Reads the stored blocks of series w->wseries[ws] into w->old and the period map. */
static int load_old(struct incident_writer *w, size_t ws)
{
    long long sid = w->wseries[ws].id;
    sqlite3_reset(w->sel_blocks);
    sqlite3_bind_int64(w->sel_blocks, 1, sid);
    int rc;
    while ((rc = sqlite3_step(w->sel_blocks)) == SQLITE_ROW) {
        w->old = xgrow(w->old, sizeof(*w->old), w->n_old + 1, &w->alloc_old);
        struct oldblock *b = &w->old[w->n_old];
        memset(b, 0, sizeof(*b));
        b->rowid = sqlite3_column_int64(w->sel_blocks, 0);
        b->series_id = sid;
        b->import_id = sqlite3_column_int64(w->sel_blocks, 1);
        const char *label = (const char *)sqlite3_column_text(w->sel_blocks, 2);
        b->source_label = label ? xstrdup(label) : NULL;
        b->kind = w->wseries[ws].kind;
        obs_set_init(&b->set, true);
        sqlite3_stmt *q = w->sel_blocks;
        if (obsblock_decode(&b->set, b->import_id, sqlite3_column_int64(q, 3),
                            sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
                            sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5),
                            sqlite3_column_blob(q, 6), (size_t)sqlite3_column_bytes(q, 6),
                            sqlite3_column_blob(q, 7), (size_t)sqlite3_column_bytes(q, 7),
                            sqlite3_column_blob(q, 8), (size_t)sqlite3_column_bytes(q, 8)) != 0) {
            obs_set_release(&b->set);
            free(b->source_label);
            sqlite3_reset(w->sel_blocks);
            diag_error(w->job->dl, w->job->st->path, 0, 0,
                       "database: the counts of series %lld are damaged (a block's sizes do "
                       "not fit its length)",
                       sid);
            return -1;
        }
        b->gone = xcalloc(b->set.n ? b->set.n : 1, 1);
        w->wseries[ws].hashed = true;
        size_t bi = w->n_old++;
        for (size_t i = 0; i < b->set.n; i++) {
            bool found;
            uint64_t key = pm_key(ws, b->set.period[i]);
            size_t slot = pm_find(w->periods, key, &found);
            pm_set(w->periods, slot, key, ((((uint64_t)bi) << 32 | i) << 1) | 1);
        }
    }
    sqlite3_reset(w->sel_blocks);
    if (rc != SQLITE_DONE)
        return store_error(w->job->st, w->job->dl, "reading stored counts");
    return 0;
}

/* The series of (area, category, kind) as an index into w->wseries, created if new.
 * Returns 0, 1 if this file already has counts of the other kind for the area and
 * category, or -1 on a database error.  Monthly and daily counts of one area and
 * category are two series (police monthly statistics beside a daily extract,
 * imported from separate files: docs/schema.md); within one file a mix of months and
 * days is taken for a mistake. */
static int series_index(struct incident_writer *w, long long area, long long cat,
                        enum date_kind kind, size_t *index)
{
    struct {
        long long area, cat;
        int kind;
    } key;
    memset(&key, 0, sizeof(key));
    key.area = area;
    key.cat = cat;
    key.kind = kind == DATE_DAY;
    int64_t v;
    if (strmap_get(&w->series, (const char *)&key, sizeof(key), &v)) {
        *index = (size_t)v;
        return 0;
    }
    key.kind = kind != DATE_DAY;
    if (strmap_get(&w->series, (const char *)&key, sizeof(key), &v))
        return 1;
    key.kind = kind == DATE_DAY;
    const char *kind_name = kind == DATE_DAY ? "day" : "month";
    sqlite3_bind_int64(w->sel_series, 1, area);
    sqlite3_bind_int64(w->sel_series, 2, cat);
    sqlite3_bind_text(w->sel_series, 3, kind_name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(w->sel_series);
    long long id = 0;
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(w->sel_series, 0);
    sqlite3_reset(w->sel_series);
    bool existed = rc == SQLITE_ROW;
    if (rc == SQLITE_DONE) {
        sqlite3_bind_int64(w->ins_series, 1, area);
        sqlite3_bind_int64(w->ins_series, 2, cat);
        sqlite3_bind_text(w->ins_series, 3, kind_name, -1, SQLITE_STATIC);
        rc = sqlite3_step(w->ins_series);
        sqlite3_reset(w->ins_series);
        if (rc != SQLITE_DONE)
            return store_error(w->job->st, w->job->dl, "adding a series");
        id = sqlite3_last_insert_rowid(w->job->st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(w->job->st, w->job->dl, "looking up a series");
    }
    w->wseries = xgrow(w->wseries, sizeof(*w->wseries), w->n_wseries + 1, &w->alloc_wseries);
    struct wseries *ws = &w->wseries[w->n_wseries];
    memset(ws, 0, sizeof(*ws));
    ws->id = id;
    ws->kind = kind;
    /* the buffers of the series written last (write_series), so a file of thousands
     * of series grows one set of buffers, not one per series */
    ws->add = w->spare;
    obs_set_init(&w->spare, true);
    ws->label = w->spare_label;
    ws->alloc_label = w->spare_alloc_label;
    w->spare_label = NULL;
    w->spare_alloc_label = 0;
    size_t i = w->n_wseries++;
    strmap_put(&w->series, (const char *)&key, sizeof(key), (int64_t)i);
    if (existed && load_old(w, i) != 0)
        return -1;
    *index = i;
    return 0;
}

static uint32_t label_index(struct incident_writer *w, const char *s, size_t len)
{
    if (!s)
        return UINT32_MAX;
    int64_t v;
    if (strmap_get(&w->labels, s, len, &v))
        return (uint32_t)v;
    w->label_text = xrealloc(w->label_text, (w->n_labels + 1) * sizeof(*w->label_text));
    w->label_text[w->n_labels] = xstrndup(s, len);
    strmap_put(&w->labels, s, len, (int64_t)w->n_labels);
    return (uint32_t)w->n_labels++;
}

/* Adds r to series ws as this file's count; slot is its place in the period map. */
static void add_count(struct incident_writer *w, size_t ws, size_t slot, uint64_t key,
                      int32_t period, const struct incident_row *r)
{
    struct wseries *s = &w->wseries[ws];
    size_t i = s->add.n;
    obs_set_push(&s->add, period, r->count, r->exposure, r->preliminary, w->job->import_id,
                 r->note, r->note ? r->note_len : 0);
    s->label = xgrow(s->label, sizeof(*s->label), i + 1, &s->alloc_label);
    s->label[i] = label_index(w, r->source_label, r->source_label_len);
    if (!i || period > s->max_period)
        s->max_period = period;
    if (s->hashed)
        pm_set(w->periods, slot, key, (uint64_t)i << 1);
    w->rows++;
}

/* Puts series ws's counts so far into the period map: a period arrived out of order. */
static void hash_series(struct incident_writer *w, size_t ws)
{
    struct wseries *s = &w->wseries[ws];
    for (size_t i = 0; i < s->add.n; i++) {
        bool found;
        uint64_t key = pm_key(ws, s->add.period[i]);
        size_t slot = pm_find(w->periods, key, &found);
        pm_set(w->periods, slot, key, (uint64_t)i << 1);
    }
    s->hashed = true;
}

/* The period is already given: by this file, or by a stored block.  Replace a stored
 * preliminary figure, or say why not. */
static int on_existing(struct incident_writer *w, size_t ws, size_t slot, uint64_t key,
                       int32_t period, const char *pbuf, const struct incident_row *r)
{
    struct diag_list *dl = w->job->dl;
    uint64_t v = w->periods->val[slot];
    struct strbuf where = STRBUF_INIT, q2 = STRBUF_INIT, q3 = STRBUF_INIT;
    if (!(v & 1)) {
        strbuf_addstr(&where, "occurs twice in this file");
    } else {
        struct oldblock *b = &w->old[(v >> 1) >> 32];
        size_t i = (size_t)((v >> 1) & 0xffffffffu);
        bool old_prel = b->set.preliminary[i] != 0;
        long long old_count = b->set.count[i], imp = b->import_id;
        if (old_prel) { /* a later figure replaces a preliminary one */
            b->gone[i] = 1;
            b->dirty = true;
            add_count(w, ws, slot, key, period, r);
            w->replaced++;
            goto done;
        }
        if (!r->preliminary && old_count == r->count && w->identical_ok) {
            w->unchanged++;
            goto done;
        }
        const char *fname = "";
        sqlite3_reset(w->import_file);
        sqlite3_bind_int64(w->import_file, 1, imp);
        if (sqlite3_step(w->import_file) == SQLITE_ROW)
            fname = store_column_text(w->import_file, 0);
        if (r->preliminary)
            strbuf_addf(&where,
                        "is final in the database (from %s, import #%lld); a preliminary "
                        "figure does not replace it",
                        cell_quote(&q2, fname, strlen(fname)), imp);
        else if (old_count != r->count && w->identical_ok)
            strbuf_addf(&where,
                        "is in the database as final with count %lld (from %s, import #%lld), "
                        "here %lld",
                        old_count, cell_quote(&q2, fname, strlen(fname)), imp,
                        (long long)r->count);
        else
            strbuf_addf(&where, "is already in the database (from %s, import #%lld)",
                        cell_quote(&q2, fname, strlen(fname)), imp);
        sqlite3_reset(w->import_file);
    }
    diag_error(dl, w->file, r->line, r->col_period, "period '%s' of area %s, category %s %s",
               pbuf, cell_quote(&w->q, r->area, r->area_len),
               cell_quote(&q3, r->category, r->category_len), where.buf);
done:
    strbuf_release(&where);
    strbuf_release(&q2);
    strbuf_release(&q3);
    return 0;
}

static bool same_text(const struct strbuf *b, const char *s, size_t len)
{
    return b->len == len && !memcmp(b->buf, s, len);
}

static int write_series(struct incident_writer *w, size_t ws);
static int read_back(struct incident_writer *w, size_t ws);

int incident_writer_put(struct incident_writer *w, const struct incident_row *r)
{
    struct diag_list *dl = w->job->dl;
    long long area_id = 0, cat_id = 0;
    size_t ws = 0;
    int src = 0;
    /* a file is usually grouped by area and category: the previous row's series */
    if (w->have_last && w->last_kind == r->kind && same_text(&w->last_area, r->area, r->area_len) &&
        same_text(&w->last_cat, r->category, r->category_len)) {
        ws = w->last_series;
    } else {
        if (job_area_id(w->job, r->area, r->area_len, &area_id) != 0 ||
            category_id(w, r, &cat_id) != 0 ||
            (src = series_index(w, area_id, cat_id, r->kind, &ws)) < 0) {
            w->system_error = true;
            return -1;
        }
        /* The file moves on from the previous row's series.  A file grouped by series
         * gave it a run of rows: it is written out now.  A file in period order moves
         * on at every row: its series are kept, as is a series the file came back to
         * after it was written (read back once, kept to the end), so no count is read
         * back more than once. */
        if (src == 0 && w->have_last && ws != w->last_series) {
            struct wseries *prev = &w->wseries[w->last_series];
            if ((w->run >= STREAM_MIN_RUN && !prev->returned &&
                 write_series(w, w->last_series) != 0) ||
                (w->wseries[ws].n_written && read_back(w, ws) != 0)) {
                w->system_error = true;
                return -1;
            }
            w->run = 0;
        }
        if (src == 0) {
            strbuf_reset(&w->last_area);
            strbuf_add(&w->last_area, r->area, r->area_len);
            strbuf_reset(&w->last_cat);
            strbuf_add(&w->last_cat, r->category, r->category_len);
            w->last_series = ws;
            w->last_kind = r->kind;
            w->have_last = true;
        }
    }
    if (src > 0) {
        char pbuf[16];
        date_format(r->period, pbuf, sizeof(pbuf));
        struct strbuf q2 = STRBUF_INIT, q3 = STRBUF_INIT, q4 = STRBUF_INIT;
        diag_error(dl, w->file, r->line, r->col_period,
                   "period %s is a %s, but area %s, category %s already has counts by %s; a "
                   "series is in months or in days, not both",
                   cell_quote(&q4, pbuf, strlen(pbuf)), r->kind == DATE_DAY ? "day" : "month",
                   cell_quote(&q2, r->area, r->area_len),
                   cell_quote(&q3, r->category, r->category_len),
                   r->kind == DATE_DAY ? "month" : "day");
        strbuf_release(&q2);
        strbuf_release(&q3);
        strbuf_release(&q4);
        return 0;
    }
    w->run++;
    int32_t period = obs_period_encode(r->kind, r->period);
    struct wseries *s = &w->wseries[ws];
    if (!s->hashed && (!s->add.n || period > s->max_period)) { /* the usual case */
        add_count(w, ws, 0, 0, period, r);
        return 0;
    }
    if (!s->hashed)
        hash_series(w, ws);
    uint64_t key = pm_key(ws, period);
    bool found;
    size_t slot = pm_find(w->periods, key, &found);
    if (!found) {
        add_count(w, ws, slot, key, period, r);
        return 0;
    }
    char pbuf[16];
    date_format(r->period, pbuf, sizeof(pbuf));
    return on_existing(w, ws, slot, key, period, pbuf, r);
}

/* ------------------------------------------------------------------ writing */

static const struct wseries *sort_ws;

/* By source label, then period: one block per label. */
static int by_label_period(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint32_t lx = sort_ws->label[x], ly = sort_ws->label[y];
    if (lx != ly)
        return lx < ly ? -1 : 1;
    int32_t px = sort_ws->add.period[x], py = sort_ws->add.period[y];
    return (px > py) - (px < py);
}

/* Writes series ws's counts held in memory as blocks (one per source label, in
 * period order), remembers their rowids, and hands the buffers on (w->spare). */
static int write_series(struct incident_writer *w, size_t ws)
{
    struct wseries *s = &w->wseries[ws];
    size_t n = s->add.n;
    if (!n)
        return 0;
    w->idx = xgrow(w->idx, sizeof(*w->idx), n, &w->alloc_idx);
    size_t *ix = w->idx;
    bool ordered = true; /* the usual file: one label, periods ascending */
    for (size_t i = 0; i < n; i++) {
        ix[i] = i;
        if (i && (s->label[i] != s->label[i - 1] || s->add.period[i] <= s->add.period[i - 1]))
            ordered = false;
    }
    if (!ordered) {
        sort_ws = s;
        qsort(ix, n, sizeof(*ix), by_label_period);
    }
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && s->label[ix[b]] == s->label[ix[a]])
            b++;
        uint32_t l = s->label[ix[a]];
        if (obsblock_insert(w->job->st, w->ins_block, s->id, w->job->import_id,
                            l == UINT32_MAX ? NULL : w->label_text[l], s->kind, &s->add, ix + a,
                            b - a, w->job->dl) != 0)
            return -1;
        s->written = xgrow(s->written, sizeof(*s->written), s->n_written + 1, &s->alloc_written);
        s->written[s->n_written++] = sqlite3_last_insert_rowid(w->job->st->db);
        a = b;
    }
    /* the map's entries of this file's counts (a hashed series) point into add: they
     * are set again by read_back before anything looks at them */
    obs_set_clear(&s->add);
    if (!w->spare.alloc) {
        struct obs_set t = w->spare;
        w->spare = s->add;
        s->add = t;
        uint32_t *l = w->spare_label;
        size_t al = w->spare_alloc_label;
        w->spare_label = s->label;
        w->spare_alloc_label = s->alloc_label;
        s->label = l;
        s->alloc_label = al;
    }
    return 0;
}

/* The file came back to series ws after leaving it: its blocks written so far are read
 * back into add (and the period map, if it is hashed) and deleted, to be written again
 * with the counts that follow. */
static int read_back(struct incident_writer *w, size_t ws)
{
    struct wseries *s = &w->wseries[ws];
    sqlite3_stmt *q = w->sel_written;
    for (size_t k = 0; k < s->n_written; k++) {
        sqlite3_reset(q);
        sqlite3_bind_int64(q, 1, s->written[k]);
        if (sqlite3_step(q) != SQLITE_ROW) {
            sqlite3_reset(q);
            return store_error(w->job->st, w->job->dl, "reading counts back");
        }
        size_t from = s->add.n;
        const char *label = (const char *)sqlite3_column_text(q, 0);
        size_t label_len = label ? (size_t)sqlite3_column_bytes(q, 0) : 0;
        if (obsblock_decode(&s->add, w->job->import_id, sqlite3_column_int64(q, 1),
                            sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2),
                            sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3),
                            sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
                            sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5),
                            sqlite3_column_blob(q, 6), (size_t)sqlite3_column_bytes(q, 6)) != 0) {
            sqlite3_reset(q);
            diag_error(w->job->dl, w->job->st->path, 0, 0,
                       "database: the counts of series %lld are damaged (a block's sizes do "
                       "not fit its length)",
                       s->id);
            return -1;
        }
        uint32_t li = label_index(w, label, label_len);
        sqlite3_reset(q);
        s->label = xgrow(s->label, sizeof(*s->label), s->add.n, &s->alloc_label);
        for (size_t i = from; i < s->add.n; i++)
            s->label[i] = li;
        sqlite3_reset(w->del_block);
        sqlite3_bind_int64(w->del_block, 1, s->written[k]);
        int rc = sqlite3_step(w->del_block);
        sqlite3_reset(w->del_block);
        if (rc != SQLITE_DONE)
            return store_error(w->job->st, w->job->dl, "rewriting counts");
    }
    s->n_written = 0;
    s->returned = true;
    if (s->hashed)
        for (size_t i = 0; i < s->add.n; i++) {
            bool found;
            uint64_t key = pm_key(ws, s->add.period[i]);
            size_t slot = pm_find(w->periods, key, &found);
            pm_set(w->periods, slot, key, (uint64_t)i << 1);
        }
    return 0;
}

/* A stored block whose preliminary figures this file replaced: written again with
 * the rest, or removed when none is left. */
static int rewrite_old(struct incident_writer *w, const struct oldblock *b, size_t **idx,
                       size_t *alloc)
{
    sqlite3_reset(w->del_block);
    sqlite3_bind_int64(w->del_block, 1, b->rowid);
    int rc = sqlite3_step(w->del_block);
    sqlite3_reset(w->del_block);
    if (rc != SQLITE_DONE)
        return store_error(w->job->st, w->job->dl, "replacing preliminary counts");
    *idx = xgrow(*idx, sizeof(**idx), b->set.n ? b->set.n : 1, alloc);
    size_t m = 0;
    for (size_t i = 0; i < b->set.n; i++)
        if (!b->gone[i])
            (*idx)[m++] = i;
    if (!m)
        return 0;
    return obsblock_insert(w->job->st, w->ins_block, b->series_id, b->import_id,
                           b->source_label, b->kind, &b->set, *idx, m, w->job->dl);
}

int incident_writer_finish(struct incident_writer *w)
{
    int result = 0;
    for (size_t i = 0; i < w->n_wseries && !result; i++)
        result = write_series(w, i);
    for (size_t i = 0; i < w->n_old && !result; i++)
        if (w->old[i].dirty)
            result = rewrite_old(w, &w->old[i], &w->idx, &w->alloc_idx);
    if (result)
        w->system_error = true;
    return result;
}
