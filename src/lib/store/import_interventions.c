/*
 * import_interventions — the measures being evaluated: name, area, start and end date,
 * cost in SEK and a note; optionally the names a report shows (Swedish, English) and
 * the planned delivery (units per month of an activity category).  One measure may
 * have several rows, one per cost period (e.g. the safety coaches: 1,400,000 SEK for
 * 2018-09..12, 2,352,000 SEK/yr in 2019).  A cost is either a yearly rate or an amount
 * for the row's period (which then needs an end date), never both: a budget for a
 * period is not a yearly cost.
 */
#include <math.h>
#include <string.h>

#include "store/import.h"
#include "store/import_job.h"
#include "util/date.h"
#include "util/num.h"
#include "util/text.h"

/* The synonym table of the format (docs/formats.md): the first name of each list is
 * the documented one.  Names match loosely (header_index_build_loose: case, blanks,
 * '_', and å/ä/ö are ignored), so "Kostnad per år" meets "kostnad_per_ar". */
static const char *const NAME_NAMES[] = {"name", "namn", "insats", "åtgärd", NULL};
static const char *const AREA_NAMES[] = {"area", "område", "stadsdel", "plats", NULL};
static const char *const START_NAMES[] = {"start", "startdatum", "start_date", "från",
                                          "from", NULL};
static const char *const END_NAMES[] = {"end", "slut", "slutdatum", "end_date", "till",
                                        "to", NULL};
static const char *const COST_NAMES[] = {"yearly_cost_sek", "kostnad_per_år", "årskostnad",
                                         "kostnad_kr_per_år", "kostnad_sek_per_år",
                                         "kostnad_per_år_sek", "kostnad_per_år_kr",
                                         "kr_per_år", "yearly_cost", "cost_per_year", "cost",
                                         NULL};
static const char *const NOTE_NAMES[] = {"note",        "notes",   "anteckning", "anteckningar",
                                         "anmärkning", "kommentar", "kommentarer", "notering",
                                         NULL};
static const char *const PERIOD_COST_NAMES[] = {"period_cost_sek", "kostnad_period",
                                                "kostnad_för_perioden", "belopp", NULL};
static const char *const TITLE_SV_NAMES[] = {"title_sv", "namn_sv", "titel_sv", "titel", NULL};
static const char *const TITLE_EN_NAMES[] = {"title_en", "namn_en", "titel_en", NULL};
static const char *const PLANNED_NAMES[] = {"planned_per_month", "planerat_per_månad", NULL};
static const char *const PLAN_CAT_NAMES[] = {"planned_category", "aktivitet",
                                             "aktivitetskategori", "activity", NULL};

struct intervention_import {
    struct import_job job;
    const char *file;
    bool header_seen;
    size_t n_columns;
    long col_name, col_area, col_start, col_end, col_cost, col_note;
    long col_pcost, col_title_sv, col_title_en, col_planned, col_plan_cat;
    sqlite3_stmt *ins, *find_dup;
    struct strbuf q, num;
    unsigned long long rows;
    bool system_error;
};

static long require(struct intervention_import *vi, const struct header_index *hi,
                    const struct csv_record *rec, const char *const *names, const char *what)
{
    long c = header_index_find(hi, names);
    if (c < 0) {
        struct strbuf list = STRBUF_INIT;
        for (const char *const *n = names; *n; n++)
            strbuf_addf(&list, "%s%s", n == names ? "" : ", ", *n);
        diag_error(vi->job.dl, vi->file, rec->line, 0, "missing the %s column (one of: %s)", what,
                   list.buf);
        strbuf_release(&list);
    }
    return c;
}

static const char *cell(const struct csv_record *rec, long col, size_t *len)
{
    if (col < 0) {
        *len = 0;
        return "";
    }
    const char *s = rec->fields[col];
    *len = rec->lens[col];
    text_trim(&s, len);
    return s;
}

static bool read_date(struct intervention_import *vi, const struct csv_record *rec, long col,
                      const char *what, struct date *d)
{
    size_t len;
    const char *s = cell(rec, col, &len);
    if (!len) {
        diag_error(vi->job.dl, vi->file, rec->line, col + 1, "the %s date is empty", what);
        return false;
    }
    if (date_parse(s, len, d) != DATE_DAY) {
        if (date_outside_range(s, len) == DATE_DAY)
            diag_error(vi->job.dl, vi->file, rec->line, col + 1,
                       "%s date %s is outside the dates trygg reads (" DATE_RANGE_DAYS ")",
                       what, cell_quote(&vi->q, s, len));
        else
            diag_error(vi->job.dl, vi->file, rec->line, col + 1,
                       "%s date %s is not a date (YYYY-MM-DD) on the calendar", what,
                       cell_quote(&vi->q, s, len));
        return false;
    }
    return true;
}

/* A number >= 0 in an optional column (NaN and *len 0 when empty). */
static double read_amount(struct intervention_import *vi, const struct csv_record *rec, long col,
                          const char *what, size_t *len)
{
    const char *text = cell(rec, col, len);
    double v = NAN;
    if (!*len)
        return v;
    strbuf_reset(&vi->num); /* "1 400 000" as an evaluator types it, like the yearly cost */
    enum num_status ns = num_ungroup(text, *len, &vi->num)
                             ? num_parse_double(vi->num.buf, vi->num.len, &v)
                             : num_parse_double(text, *len, &v);
    if (ns != NUM_OK)
        diag_error(vi->job.dl, vi->file, rec->line, col + 1, "%s %s %s", what,
                   cell_quote(&vi->q, text, *len), num_status_text(ns));
    else if (v < 0)
        diag_error(vi->job.dl, vi->file, rec->line, col + 1, "%s %s is negative", what,
                   cell_quote(&vi->q, text, *len));
    return v;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s, size_t len)
{
    if (len)
        sqlite3_bind_text(st, i, s, (int)len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int on_record(void *ctx, const struct csv_record *rec)
{
    struct intervention_import *vi = ctx;
    struct diag_list *dl = vi->job.dl;
    if (!vi->header_seen) {
        struct header_index hi;
        header_index_build_loose(&hi, rec, vi->file, dl);
        vi->n_columns = rec->n_fields;
        vi->col_name = require(vi, &hi, rec, NAME_NAMES, "name");
        vi->col_area = require(vi, &hi, rec, AREA_NAMES, "area");
        vi->col_start = require(vi, &hi, rec, START_NAMES, "start");
        vi->col_end = header_index_find(&hi, END_NAMES);
        vi->col_cost = header_index_find(&hi, COST_NAMES);
        vi->col_note = header_index_find(&hi, NOTE_NAMES);
        vi->col_pcost = header_index_find(&hi, PERIOD_COST_NAMES);
        vi->col_title_sv = header_index_find(&hi, TITLE_SV_NAMES);
        vi->col_title_en = header_index_find(&hi, TITLE_EN_NAMES);
        vi->col_planned = header_index_find(&hi, PLANNED_NAMES);
        vi->col_plan_cat = header_index_find(&hi, PLAN_CAT_NAMES);
        if (!job_failed(&vi->job)) /* a missing column's message lists the names */
            header_index_unused(&hi, vi->file, "interventions", vi->job.opt->strict, dl);
        header_index_release(&hi);
        vi->header_seen = true;
        return job_failed(&vi->job);
    }
    if (job_ragged_row(&vi->job, rec, vi->n_columns))
        return 0; /* go on: the rest of the file is checked too */
    size_t before = dl->n_errors;
    size_t nlen, alen, elen, clen, tlen;
    const char *name = cell(rec, vi->col_name, &nlen);
    if (!nlen)
        diag_error(dl, vi->file, rec->line, vi->col_name + 1, "the name is empty");
    const char *area = cell(rec, vi->col_area, &alen);
    if (!alen)
        diag_error(dl, vi->file, rec->line, vi->col_area + 1, "the area is empty");
    struct date start = {0, 0, 0}, end = {0, 0, 0};
    bool has_start = read_date(vi, rec, vi->col_start, "start", &start);
    cell(rec, vi->col_end, &elen);
    bool has_end = elen && read_date(vi, rec, vi->col_end, "end", &end);
    if (has_start && has_end && date_compare(end, start) < 0) {
        char sb[16], eb[16];
        date_format(start, sb, sizeof(sb));
        date_format(end, eb, sizeof(eb));
        diag_error(dl, vi->file, rec->line, vi->col_end + 1,
                   "end date '%s' is before the start date '%s'", eb, sb);
    }
    const char *ctext = cell(rec, vi->col_cost, &clen);
    double cost = NAN;
    if (clen) {
        strbuf_reset(&vi->num);
        enum num_status ns = num_ungroup(ctext, clen, &vi->num)
                                 ? num_parse_double(vi->num.buf, vi->num.len, &cost)
                                 : num_parse_double(ctext, clen, &cost);
        if (ns != NUM_OK)
            diag_error(dl, vi->file, rec->line, vi->col_cost + 1, "yearly cost %s %s",
                       cell_quote(&vi->q, ctext, clen), num_status_text(ns));
        else if (cost < 0)
            diag_error(dl, vi->file, rec->line, vi->col_cost + 1, "yearly cost %s is negative",
                       cell_quote(&vi->q, ctext, clen));
    }
    size_t plen, tsvlen, tenlen, pllen, pclen;
    double pcost = read_amount(vi, rec, vi->col_pcost, "period cost", &plen);
    if (plen && clen)
        diag_error(dl, vi->file, rec->line, vi->col_pcost + 1,
                   "both a yearly cost and a period cost: give one (a yearly rate, or the amount "
                   "for the whole period start..end)");
    else if (plen && !elen)
        diag_error(dl, vi->file, rec->line, vi->col_pcost + 1,
                   "a period cost needs an end date (the amount is spread over start..end)");
    const char *title_sv = cell(rec, vi->col_title_sv, &tsvlen);
    const char *title_en = cell(rec, vi->col_title_en, &tenlen);
    double planned = read_amount(vi, rec, vi->col_planned, "planned delivery per month", &pllen);
    const char *plan_cat = cell(rec, vi->col_plan_cat, &pclen);
    if (pllen && !pclen)
        diag_error(dl, vi->file, rec->line, vi->col_planned + 1,
                   "a planned delivery needs the activity category it is counted in");
    else if (pclen && !pllen)
        diag_error(dl, vi->file, rec->line, vi->col_plan_cat + 1,
                   "an activity category needs the planned delivery per month");
    const char *note = cell(rec, vi->col_note, &tlen);
    if (dl->n_errors > before || job_failed(&vi->job))
        return 0;

    long long area_id = 0;
    if (job_area_id(&vi->job, area, alen, &area_id) != 0) {
        vi->system_error = true;
        return IMPORT_FAILED;
    }
    char sbuf[16], ebuf[16];
    date_format(start, sbuf, sizeof(sbuf));
    date_format(end, ebuf, sizeof(ebuf));
    sqlite3_stmt *ins = vi->ins;
    sqlite3_bind_int64(ins, 1, vi->job.import_id);
    sqlite3_bind_text(ins, 2, name, (int)nlen, SQLITE_STATIC);
    sqlite3_bind_int64(ins, 3, area_id);
    sqlite3_bind_text(ins, 4, sbuf, -1, SQLITE_STATIC);
    if (has_end)
        sqlite3_bind_text(ins, 5, ebuf, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(ins, 5);
    if (isnan(cost))
        sqlite3_bind_null(ins, 6);
    else
        sqlite3_bind_double(ins, 6, cost);
    if (tlen)
        sqlite3_bind_text(ins, 7, note, (int)tlen, SQLITE_STATIC);
    else
        sqlite3_bind_null(ins, 7);
    if (isnan(pcost))
        sqlite3_bind_null(ins, 8);
    else
        sqlite3_bind_double(ins, 8, pcost);
    bind_text_or_null(ins, 9, title_sv, tsvlen);
    bind_text_or_null(ins, 10, title_en, tenlen);
    if (isnan(planned))
        sqlite3_bind_null(ins, 11);
    else
        sqlite3_bind_double(ins, 11, planned);
    bind_text_or_null(ins, 12, plan_cat, pclen);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        struct strbuf q2 = STRBUF_INIT, where = STRBUF_INIT, q3 = STRBUF_INIT;
        sqlite3_bind_text(vi->find_dup, 1, name, (int)nlen, SQLITE_STATIC);
        sqlite3_bind_int64(vi->find_dup, 2, area_id);
        sqlite3_bind_text(vi->find_dup, 3, sbuf, -1, SQLITE_STATIC);
        if (sqlite3_step(vi->find_dup) == SQLITE_ROW &&
            sqlite3_column_int64(vi->find_dup, 0) != vi->job.import_id) {
            const char *fname = store_column_text(vi->find_dup, 1);
            strbuf_addf(&where, "is already in the database (from %s, import #%lld)",
                        cell_quote(&q3, fname, strlen(fname)),
                        (long long)sqlite3_column_int64(vi->find_dup, 0));
        } else {
            strbuf_addstr(&where, "occurs twice in this file");
        }
        sqlite3_reset(vi->find_dup);
        diag_error(dl, vi->file, rec->line, vi->col_start + 1,
                   "intervention %s in %s starting %s %s", cell_quote(&vi->q, name, nlen),
                   cell_quote(&q2, area, alen), sbuf, where.buf);
        strbuf_release(&q2);
        strbuf_release(&q3);
        strbuf_release(&where);
        return 0;
    }
    if (rc != SQLITE_DONE) {
        store_error(vi->job.st, dl, "adding an intervention");
        vi->system_error = true;
        return IMPORT_FAILED;
    }
    vi->rows++;
    return 0;
}

enum import_status import_interventions(struct store *st, const char *data_path,
                                        const struct import_options *opt,
                                        struct import_report *rep, struct diag_list *dl)
{
    struct intervention_import vi;
    memset(&vi, 0, sizeof(vi));
    vi.file = data_path;
    strbuf_init(&vi.q);
    strbuf_init(&vi.num);
    struct csv_file_info info;
    enum import_status status = job_begin(&vi.job, st, "interventions", data_path, opt, rep, dl);
    if (status != IMPORT_OK)
        goto out;
    vi.ins = store_prepare(st,
                           "INSERT INTO intervention (import_id, name, area_id, start_date, "
                           "end_date, yearly_cost_sek, note, period_cost_sek, title_sv, "
                           "title_en, planned_per_month, planned_category) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           dl);
    vi.find_dup = store_prepare(st,
                                "SELECT v.import_id, i.file_name FROM intervention v "
                                "JOIN import i ON i.id = v.import_id "
                                "WHERE v.name = ?1 AND v.area_id = ?2 AND v.start_date = ?3",
                                dl);
    if (!vi.ins || !vi.find_dup) {
        status = IMPORT_FAILED;
        goto out;
    }
    int rc = csv_read_file(data_path, &opt->csv, on_record, &vi, &info, dl);
    if (rc == IMPORT_FAILED && vi.system_error) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!vi.header_seen && !job_failed(&vi.job))
        diag_error(dl, data_path, 1, 0, "the file is empty (no header line)");
    else if (!job_failed(&vi.job) && vi.rows == 0)
        diag_error(dl, data_path, 2, 0, "the file has a header but no interventions");
    rep->rows = vi.rows;
    snprintf(rep->summary, sizeof(rep->summary), "%llu intervention row%s", vi.rows,
             vi.rows == 1 ? "" : "s");
    status = job_finish(&vi.job, &info);
out:
    sqlite3_finalize(vi.ins);
    sqlite3_finalize(vi.find_dup);
    job_release(&vi.job);
    strbuf_release(&vi.q);
    strbuf_release(&vi.num);
    return status;
}
