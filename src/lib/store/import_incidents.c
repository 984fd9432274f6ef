/*
 * import_incidents — counts per period, area and category (long format).
 *
 * The same layout carries reported crimes, car fires, youth-centre visitors and
 * patrol logs: any count per day or month.  A series is (area, category, period
 * kind); each of its periods may be given once, across all imports.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/category.h"
#include "store/import.h"
#include "store/import_job.h"
#include "util/date.h"
#include "util/num.h"
#include "util/text.h"
#include "util/xalloc.h"

static const char *const PERIOD_NAMES[] = {"period", "month", "manad", "månad", "date",
                                           "datum",  "dag",   "day",   NULL};
static const char *const AREA_NAMES[] = {"area", "omrade", "område", "kommun",
                                         "plats", "region", "place", NULL};
static const char *const CATEGORY_NAMES[] = {"category", "kategori", "brott", "brottstyp", NULL};
static const char *const COUNT_NAMES[] = {"count", "antal", NULL};
static const char *const EXPOSURE_NAMES[] = {"exposure", "population", "befolkning",
                                             "invanare", "invånare",  NULL};
static const char *const NOTE_NAMES[] = {"note", "anmarkning", "anmärkning", "kommentar", NULL};

#define MAX_KEY_BYTES 200

struct incident_import {
    struct import_job job;
    const char *file;
    bool header_seen;
    size_t n_columns;
    long col_period, col_area, col_category, col_count, col_exposure, col_note;
    struct strmap categories; /* key -> category.id */
    struct strmap series;     /* "area_id:category_id:kind" -> series.id */
    sqlite3_stmt *sel_cat, *ins_cat, *sel_series, *ins_series, *ins_obs, *find_dup, *other_kind;
    struct strbuf q, key;
    unsigned long long rows;
    bool system_error;
};

static long require(struct incident_import *ii, const struct header_index *hi,
                    const struct csv_record *rec, const char *const *names, const char *what)
{
    long c = header_index_find(hi, names);
    if (c < 0) {
        struct strbuf list = STRBUF_INIT;
        for (const char *const *n = names; *n; n++)
            strbuf_addf(&list, "%s%s", n == names ? "" : ", ", *n);
        diag_error(ii->job.dl, ii->file, rec->line, 0, "missing the %s column (one of: %s)", what,
                   list.buf);
        strbuf_release(&list);
    }
    return c;
}

static void on_header(struct incident_import *ii, const struct csv_record *rec)
{
    struct header_index hi;
    header_index_build(&hi, rec, ii->file, ii->job.dl);
    ii->n_columns = rec->n_fields;
    ii->col_period = require(ii, &hi, rec, PERIOD_NAMES, "period");
    ii->col_area = require(ii, &hi, rec, AREA_NAMES, "area");
    ii->col_category = require(ii, &hi, rec, CATEGORY_NAMES, "category");
    ii->col_count = require(ii, &hi, rec, COUNT_NAMES, "count");
    ii->col_exposure = header_index_find(&hi, EXPOSURE_NAMES);
    ii->col_note = header_index_find(&hi, NOTE_NAMES);
    header_index_release(&hi);
    ii->header_seen = true;
}

static int category_id(struct incident_import *ii, const char *key, size_t len, long long *id)
{
    int64_t v;
    if (strmap_get(&ii->categories, key, len, &v)) {
        *id = v;
        return 0;
    }
    sqlite3_bind_text(ii->sel_cat, 1, key, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(ii->sel_cat);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(ii->sel_cat, 0);
    sqlite3_reset(ii->sel_cat);
    if (rc == SQLITE_DONE) {
        struct category_default d = category_defaults(key, len);
        sqlite3_bind_text(ii->ins_cat, 1, key, (int)len, SQLITE_STATIC);
        store_bind_text(ii->ins_cat, 2, d.label_sv);
        store_bind_text(ii->ins_cat, 3, d.label_en);
        sqlite3_bind_text(ii->ins_cat, 4, d.detection, -1, SQLITE_STATIC);
        rc = sqlite3_step(ii->ins_cat);
        sqlite3_reset(ii->ins_cat);
        if (rc != SQLITE_DONE)
            return store_error(ii->job.st, ii->job.dl, "adding a category");
        v = sqlite3_last_insert_rowid(ii->job.st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(ii->job.st, ii->job.dl, "looking up a category");
    }
    strmap_put(&ii->categories, key, len, v);
    *id = v;
    return 0;
}

/* The series of (area, category, kind), created if new.  Returns 0, 1 if the area and
 * category already have counts of the other kind (a series is in months or in days,
 * in this file and the database together), or -1 on a database error. */
static int series_id(struct incident_import *ii, long long area, long long cat, enum date_kind kind,
                     long long *id)
{
    const char *kind_name = kind == DATE_DAY ? "day" : "month";
    char key[64];
    int klen = snprintf(key, sizeof(key), "%lld:%lld:%s", area, cat, kind_name);
    int64_t v;
    if (strmap_get(&ii->series, key, (size_t)klen, &v)) {
        *id = v;
        return 0;
    }
    sqlite3_bind_int64(ii->other_kind, 1, area);
    sqlite3_bind_int64(ii->other_kind, 2, cat);
    sqlite3_bind_text(ii->other_kind, 3, kind == DATE_DAY ? "month" : "day", -1, SQLITE_STATIC);
    int orc = sqlite3_step(ii->other_kind);
    sqlite3_reset(ii->other_kind);
    if (orc == SQLITE_ROW)
        return 1;
    if (orc != SQLITE_DONE)
        return store_error(ii->job.st, ii->job.dl, "looking up a series");
    sqlite3_bind_int64(ii->sel_series, 1, area);
    sqlite3_bind_int64(ii->sel_series, 2, cat);
    sqlite3_bind_text(ii->sel_series, 3, kind_name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(ii->sel_series);
    if (rc == SQLITE_ROW)
        v = sqlite3_column_int64(ii->sel_series, 0);
    sqlite3_reset(ii->sel_series);
    if (rc == SQLITE_DONE) {
        sqlite3_bind_int64(ii->ins_series, 1, area);
        sqlite3_bind_int64(ii->ins_series, 2, cat);
        sqlite3_bind_text(ii->ins_series, 3, kind_name, -1, SQLITE_STATIC);
        rc = sqlite3_step(ii->ins_series);
        sqlite3_reset(ii->ins_series);
        if (rc != SQLITE_DONE)
            return store_error(ii->job.st, ii->job.dl, "adding a series");
        v = sqlite3_last_insert_rowid(ii->job.st->db);
    } else if (rc != SQLITE_ROW) {
        return store_error(ii->job.st, ii->job.dl, "looking up a series");
    }
    strmap_put(&ii->series, key, (size_t)klen, v);
    *id = v;
    return 0;
}

static const char *trimmed(const struct csv_record *rec, long col, size_t *len)
{
    const char *s = rec->fields[col];
    *len = rec->lens[col];
    text_trim(&s, len);
    return s;
}

static int on_record(void *ctx, const struct csv_record *rec)
{
    struct incident_import *ii = ctx;
    struct diag_list *dl = ii->job.dl;
    if (!ii->header_seen) {
        on_header(ii, rec);
        return job_failed(&ii->job);
    }
    if (job_ragged_row(&ii->job, rec, ii->n_columns))
        return 0; /* go on: the rest of the file is checked too */
    size_t before = dl->n_errors;
    long line = rec->line;
    size_t plen, alen, clen, nlen;
    const char *ptext = trimmed(rec, ii->col_period, &plen);
    struct date period;
    enum date_kind kind = date_parse(ptext, plen, &period);
    if (kind == DATE_NONE) {
        bool shape = (plen == 7 || plen == 10) && ptext[4] == '-';
        diag_error(dl, ii->file, line, ii->col_period + 1,
                   shape ? "period %s is not on the calendar"
                         : "period %s is neither a month (YYYY-MM) nor a date (YYYY-MM-DD)",
                   cell_quote(&ii->q, ptext, plen));
    }
    const char *area = trimmed(rec, ii->col_area, &alen);
    if (!alen)
        diag_error(dl, ii->file, line, ii->col_area + 1, "the area is empty");
    else if (alen > MAX_KEY_BYTES)
        diag_error(dl, ii->file, line, ii->col_area + 1, "the area name is longer than %d bytes",
                   MAX_KEY_BYTES);
    const char *cat = trimmed(rec, ii->col_category, &clen);
    if (!clen)
        diag_error(dl, ii->file, line, ii->col_category + 1, "the category is empty");
    else if (clen > MAX_KEY_BYTES)
        diag_error(dl, ii->file, line, ii->col_category + 1,
                   "the category is longer than %d bytes", MAX_KEY_BYTES);
    const char *ctext = trimmed(rec, ii->col_count, &nlen);
    int64_t count = 0;
    enum num_status ns = num_parse_int64(ctext, nlen, &count);
    if (ns == NUM_EMPTY)
        diag_error(dl, ii->file, line, ii->col_count + 1, "the count is empty");
    else if (ns == NUM_OK && count < 0)
        diag_error(dl, ii->file, line, ii->col_count + 1, "count %s is negative",
                   cell_quote(&ii->q, ctext, nlen));
    else if (ns == NUM_OK && (ctext[0] == '-' || ctext[0] == '+'))
        diag_error(dl, ii->file, line, ii->col_count + 1,
                   "count %s has a sign; write a count as digits only",
                   cell_quote(&ii->q, ctext, nlen));
    else if (ns == NUM_OK && count > (1LL << 53))
        diag_error(dl, ii->file, line, ii->col_count + 1, "count %s is implausibly large",
                   cell_quote(&ii->q, ctext, nlen));
    else if (ns != NUM_OK) {
        /* say what is wrong with a decimal number: "-1.5", "1.5", "12.0" or "1e3" */
        double d;
        bool decimal = ns == NUM_SYNTAX && num_parse_double(ctext, nlen, &d) == NUM_OK;
        diag_error(dl, ii->file, line, ii->col_count + 1, "count %s %s",
                   cell_quote(&ii->q, ctext, nlen),
                   !decimal          ? num_status_text(ns)
                   : d < 0           ? "is negative"
                   : d != floor(d)   ? "is not a whole number"
                                     : "must be written as digits only (no decimals or exponent)");
    }
    double exposure = NAN;
    if (ii->col_exposure >= 0) {
        size_t elen;
        const char *etext = trimmed(rec, ii->col_exposure, &elen);
        if (elen) {
            enum num_status es = num_parse_double(etext, elen, &exposure);
            if (es != NUM_OK)
                diag_error(dl, ii->file, line, ii->col_exposure + 1, "exposure %s %s",
                           cell_quote(&ii->q, etext, elen), num_status_text(es));
            else if (!(exposure > 0))
                diag_error(dl, ii->file, line, ii->col_exposure + 1,
                           "exposure %s must be greater than 0 (leave it empty if unknown)",
                           cell_quote(&ii->q, etext, elen));
        }
    }
    if (dl->n_errors > before || job_failed(&ii->job))
        return 0;

    long long area_id = 0, cat_id = 0, sid = 0;
    int src = 0;
    if (job_area_id(&ii->job, area, alen, &area_id) != 0 ||
        category_id(ii, cat, clen, &cat_id) != 0 ||
        (src = series_id(ii, area_id, cat_id, kind, &sid)) < 0) {
        ii->system_error = true;
        return IMPORT_FAILED;
    }
    if (src > 0) {
        struct strbuf q2 = STRBUF_INIT, q3 = STRBUF_INIT;
        diag_error(dl, ii->file, line, ii->col_period + 1,
                   "period %s is a %s, but area %s, category %s already has counts by %s; a "
                   "series is in months or in days, not both",
                   cell_quote(&ii->q, ptext, plen), kind == DATE_DAY ? "day" : "month",
                   cell_quote(&q2, area, alen), cell_quote(&q3, cat, clen),
                   kind == DATE_DAY ? "month" : "day");
        strbuf_release(&q2);
        strbuf_release(&q3);
        return 0;
    }
    char pbuf[16];
    date_format(period, pbuf, sizeof(pbuf));
    sqlite3_stmt *ins = ii->ins_obs;
    sqlite3_bind_int64(ins, 1, sid);
    sqlite3_bind_text(ins, 2, pbuf, -1, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 3, count);
    if (isnan(exposure))
        sqlite3_bind_null(ins, 4);
    else
        sqlite3_bind_double(ins, 4, exposure);
    if (ii->col_note >= 0) {
        size_t tlen;
        const char *note = trimmed(rec, ii->col_note, &tlen);
        if (tlen)
            sqlite3_bind_text(ins, 5, note, (int)tlen, SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 5);
    } else {
        sqlite3_bind_null(ins, 5);
    }
    sqlite3_bind_int64(ins, 6, ii->job.import_id);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE) {
        sqlite3_bind_int64(ii->find_dup, 1, sid);
        sqlite3_bind_text(ii->find_dup, 2, pbuf, -1, SQLITE_STATIC);
        struct strbuf where = STRBUF_INIT, q2 = STRBUF_INIT;
        if (sqlite3_step(ii->find_dup) == SQLITE_ROW) {
            long long imp = sqlite3_column_int64(ii->find_dup, 0);
            const char *fname = store_column_text(ii->find_dup, 1);
            if (imp == ii->job.import_id)
                strbuf_addstr(&where, "occurs twice in this file");
            else
                strbuf_addf(&where, "is already in the database (from %s, import #%lld)",
                            cell_quote(&q2, fname, strlen(fname)), imp);
        } else {
            strbuf_addstr(&where, "occurs twice");
        }
        sqlite3_reset(ii->find_dup);
        struct strbuf q3 = STRBUF_INIT;
        diag_error(dl, ii->file, line, ii->col_period + 1,
                   "period '%s' of area %s, category %s %s", pbuf,
                   cell_quote(&ii->q, area, alen), cell_quote(&q3, cat, clen), where.buf);
        strbuf_release(&where);
        strbuf_release(&q2);
        strbuf_release(&q3);
        return 0;
    }
    if (rc != SQLITE_DONE) {
        store_error(ii->job.st, dl, "adding a count");
        ii->system_error = true;
        return IMPORT_FAILED;
    }
    ii->rows++;
    return 0;
}

enum import_status import_incidents(struct store *st, const char *data_path,
                                    const struct import_options *opt,
                                    struct import_report *rep, struct diag_list *dl)
{
    struct incident_import ii;
    memset(&ii, 0, sizeof(ii));
    ii.file = data_path;
    strbuf_init(&ii.q);
    strbuf_init(&ii.key);
    strmap_init(&ii.categories);
    strmap_init(&ii.series);
    struct csv_file_info info;
    enum import_status status = job_begin(&ii.job, st, "incidents", data_path, opt, rep, dl);
    if (status != IMPORT_OK)
        goto out;
    ii.sel_cat = store_prepare(st, "SELECT id FROM category WHERE key = ?1", dl);
    ii.ins_cat = store_prepare(
        st, "INSERT INTO category (key, label_sv, label_en, detection) VALUES (?1, ?2, ?3, ?4)", dl);
    ii.sel_series = store_prepare(
        st, "SELECT id FROM series WHERE area_id = ?1 AND category_id = ?2 AND period_kind = ?3",
        dl);
    ii.ins_series = store_prepare(
        st, "INSERT INTO series (area_id, category_id, period_kind) VALUES (?1, ?2, ?3)", dl);
    ii.ins_obs = store_prepare(st,
                               "INSERT INTO observation (series_id, period, count, exposure, "
                               "note, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               dl);
    ii.find_dup = store_prepare(st,
                                "SELECT o.import_id, i.file_name FROM observation o "
                                "JOIN import i ON i.id = o.import_id "
                                "WHERE o.series_id = ?1 AND o.period = ?2",
                                dl);
    ii.other_kind = store_prepare(st,
                                  "SELECT 1 FROM series s WHERE s.area_id = ?1 AND "
                                  "s.category_id = ?2 AND s.period_kind = ?3 AND EXISTS "
                                  "(SELECT 1 FROM observation o WHERE o.series_id = s.id)",
                                  dl);
    if (!ii.sel_cat || !ii.ins_cat || !ii.sel_series || !ii.ins_series || !ii.ins_obs ||
        !ii.find_dup || !ii.other_kind) {
        status = IMPORT_FAILED;
        goto out;
    }
    int rc = csv_read_file(data_path, &opt->csv, on_record, &ii, &info, dl);
    if (rc == IMPORT_FAILED && ii.system_error) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!ii.header_seen && !job_failed(&ii.job))
        diag_error(dl, data_path, 1, 0, "the file is empty (no header line)");
    else if (!job_failed(&ii.job) && ii.rows == 0)
        diag_error(dl, data_path, 2, 0, "the file has a header but no counts");
    rep->rows = ii.rows;
    snprintf(rep->summary, sizeof(rep->summary), "%llu count%s in %zu series", ii.rows,
             ii.rows == 1 ? "" : "s", ii.series.n);
    status = job_finish(&ii.job, &info);
out:
    sqlite3_finalize(ii.sel_cat);
    sqlite3_finalize(ii.ins_cat);
    sqlite3_finalize(ii.sel_series);
    sqlite3_finalize(ii.ins_series);
    sqlite3_finalize(ii.ins_obs);
    sqlite3_finalize(ii.find_dup);
    sqlite3_finalize(ii.other_kind);
    job_release(&ii.job);
    strbuf_release(&ii.q);
    strbuf_release(&ii.key);
    strmap_release(&ii.categories);
    strmap_release(&ii.series);
    return status;
}
