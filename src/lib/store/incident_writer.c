/*
 * incident_writer — see incident_writer.h.
 */
#include "store/incident_writer.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/category.h"

int incident_writer_init(struct incident_writer *w, struct import_job *job, const char *file)
{
    memset(w, 0, sizeof(*w));
    w->job = job;
    w->file = file;
    strmap_init(&w->categories);
    strmap_init(&w->series);
    strbuf_init(&w->q);
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
    w->ins_obs = store_prepare(st,
                               "INSERT INTO observation (series_id, period, count, exposure, "
                               "note, import_id, preliminary, source_label) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               dl);
    w->find_old = store_prepare(st,
                                "SELECT o.import_id, i.file_name, o.preliminary, o.count "
                                "FROM observation o JOIN import i ON i.id = o.import_id "
                                "WHERE o.series_id = ?1 AND o.period = ?2",
                                dl);
    w->upd_obs = store_prepare(st,
                               "UPDATE observation SET count = ?3, exposure = ?4, note = ?5, "
                               "import_id = ?6, preliminary = ?7, source_label = ?8 "
                               "WHERE series_id = ?1 AND period = ?2",
                               dl);
    if (!w->sel_cat || !w->ins_cat || !w->sel_series || !w->ins_series || !w->ins_obs ||
        !w->find_old || !w->upd_obs)
        return -1;
    return 0;
}

void incident_writer_release(struct incident_writer *w)
{
    sqlite3_finalize(w->sel_cat);
    sqlite3_finalize(w->ins_cat);
    sqlite3_finalize(w->sel_series);
    sqlite3_finalize(w->ins_series);
    sqlite3_finalize(w->ins_obs);
    sqlite3_finalize(w->find_old);
    sqlite3_finalize(w->upd_obs);
    strmap_release(&w->categories);
    strmap_release(&w->series);
    strbuf_release(&w->q);
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

/* The series of (area, category, kind), created if new.  Returns 0, 1 if this file
 * already has counts of the other kind for the area and category, or -1 on a database
 * error.  Monthly and daily counts of one area and category are two series (police
 * monthly statistics beside a daily extract, imported from separate files:
 * docs/schema.md); within one file a mix of months and days is taken for a mistake. */
static int series_id(struct incident_writer *w, long long area, long long cat,
                     enum date_kind kind, long long *id)
{
    const char *kind_name = kind == DATE_DAY ? "day" : "month";
    char key[64];
    int klen = snprintf(key, sizeof(key), "%lld:%lld:%s", area, cat, kind_name);
    int64_t v;
    if (strmap_get(&w->series, key, (size_t)klen, &v)) {
        *id = v;
        return 0;
    }
    char other[64];
    int olen = snprintf(other, sizeof(other), "%lld:%lld:%s", area, cat,
                        kind == DATE_DAY ? "month" : "day");
    if (strmap_get(&w->series, other, (size_t)olen, &v))
        return 1;
    sqlite3_bind_int64(w->sel_series, 1, area);
    sqlite3_bind_int64(w->sel_series, 2, cat);
    sqlite3_bind_text(w->sel_series, 3, kind_name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(w->sel_series);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(w->sel_series, 0);
    sqlite3_reset(w->sel_series);
    if (rc == SQLITE_DONE) {
        sqlite3_bind_int64(w->ins_series, 1, area);
        sqlite3_bind_int64(w->ins_series, 2, cat);
        sqlite3_bind_text(w->ins_series, 3, kind_name, -1, SQLITE_STATIC);
        rc = sqlite3_step(w->ins_series);
        sqlite3_reset(w->ins_series);
        if (rc != SQLITE_DONE)
            return store_error(w->job->st, w->job->dl, "adding a series");
        v = sqlite3_last_insert_rowid(w->job->st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(w->job->st, w->job->dl, "looking up a series");
    }
    strmap_put(&w->series, key, (size_t)klen, v);
    *id = v;
    return 0;
}

/* Binds ?1..?8 of the insert or the update (the same numbering). */
static void bind_obs(struct incident_writer *w, sqlite3_stmt *s, long long sid, const char *pbuf,
                     const struct incident_row *r)
{
    sqlite3_bind_int64(s, 1, sid);
    sqlite3_bind_text(s, 2, pbuf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, r->count);
    if (isnan(r->exposure))
        sqlite3_bind_null(s, 4);
    else
        sqlite3_bind_double(s, 4, r->exposure);
    if (r->note && r->note_len)
        sqlite3_bind_text(s, 5, r->note, (int)r->note_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 5);
    sqlite3_bind_int64(s, 6, w->job->import_id);
    sqlite3_bind_int(s, 7, r->preliminary);
    if (r->source_label)
        sqlite3_bind_text(s, 8, r->source_label, (int)r->source_label_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 8);
}

/* The period is already stored: replace a preliminary figure, or say why not. */
static int on_existing(struct incident_writer *w, long long sid, const char *pbuf,
                       const struct incident_row *r)
{
    struct diag_list *dl = w->job->dl;
    sqlite3_bind_int64(w->find_old, 1, sid);
    sqlite3_bind_text(w->find_old, 2, pbuf, -1, SQLITE_STATIC);
    int rc = sqlite3_step(w->find_old);
    long long imp = 0, old_count = 0;
    bool old_prel = false;
    struct strbuf where = STRBUF_INIT, q2 = STRBUF_INIT, q3 = STRBUF_INIT;
    if (rc == SQLITE_ROW) {
        imp = sqlite3_column_int64(w->find_old, 0);
        const char *fname = store_column_text(w->find_old, 1);
        old_prel = sqlite3_column_int(w->find_old, 2) != 0;
        old_count = sqlite3_column_int64(w->find_old, 3);
        if (imp == w->job->import_id)
            strbuf_addstr(&where, "occurs twice in this file");
        else if (!old_prel && r->preliminary)
            strbuf_addf(&where,
                        "is final in the database (from %s, import #%lld); a preliminary "
                        "figure does not replace it",
                        cell_quote(&q2, fname, strlen(fname)), imp);
        else if (!old_prel && old_count != r->count && w->identical_ok)
            strbuf_addf(&where,
                        "is in the database as final with count %lld (from %s, import #%lld), "
                        "here %lld",
                        old_count, cell_quote(&q2, fname, strlen(fname)), imp,
                        (long long)r->count);
        else
            strbuf_addf(&where, "is already in the database (from %s, import #%lld)",
                        cell_quote(&q2, fname, strlen(fname)), imp);
    } else {
        strbuf_addstr(&where, "occurs twice");
    }
    sqlite3_reset(w->find_old);
    int result = 0;
    if (rc == SQLITE_ROW && imp != w->job->import_id && old_prel) {
        bind_obs(w, w->upd_obs, sid, pbuf, r);
        int urc = sqlite3_step(w->upd_obs);
        sqlite3_reset(w->upd_obs);
        if (urc != SQLITE_DONE) {
            w->system_error = true;
            result = store_error(w->job->st, dl, "replacing a preliminary count");
        } else {
            w->rows++;
            w->replaced++;
        }
    } else if (rc == SQLITE_ROW && imp != w->job->import_id && !old_prel && !r->preliminary &&
               old_count == r->count && w->identical_ok) {
        w->unchanged++;
    } else {
        diag_error(dl, w->file, r->line, r->col_period, "period '%s' of area %s, category %s %s",
                   pbuf, cell_quote(&w->q, r->area, r->area_len),
                   cell_quote(&q3, r->category, r->category_len), where.buf);
    }
    strbuf_release(&where);
    strbuf_release(&q2);
    strbuf_release(&q3);
    return result;
}

int incident_writer_put(struct incident_writer *w, const struct incident_row *r)
{
    struct diag_list *dl = w->job->dl;
    long long area_id = 0, cat_id = 0, sid = 0;
    int src = 0;
    if (job_area_id(w->job, r->area, r->area_len, &area_id) != 0 ||
        category_id(w, r, &cat_id) != 0 ||
        (src = series_id(w, area_id, cat_id, r->kind, &sid)) < 0) {
        w->system_error = true;
        return -1;
    }
    char pbuf[16];
    date_format(r->period, pbuf, sizeof(pbuf));
    if (src > 0) {
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
    bind_obs(w, w->ins_obs, sid, pbuf, r);
    int rc = sqlite3_step(w->ins_obs);
    sqlite3_reset(w->ins_obs);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        return on_existing(w, sid, pbuf, r);
    if (rc != SQLITE_DONE) {
        w->system_error = true;
        return store_error(w->job->st, dl, "adding a count");
    }
    w->rows++;
    return 0;
}
