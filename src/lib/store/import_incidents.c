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

#include "store/import.h"
#include "store/import_job.h"
#include "store/incident_writer.h"
#include "util/date.h"
#include "util/num.h"
#include "util/text.h"
#include "util/xalloc.h"

/* The synonym table of the format (docs/formats.md): the first name of each list is
 * the documented one.  Names match loosely (header_index_build_loose: case, blanks,
 * '_', and å/ä/ö are ignored). */
static const char *const PERIOD_NAMES[] = {"period", "month", "månad", "date", "datum", "dag",
                                           "day",    "år_månad", "tidsperiod", NULL};
static const char *const AREA_NAMES[] = {"area",  "område", "kommun", "plats",
                                         "region", "place", "stadsdel", NULL};
static const char *const CATEGORY_NAMES[] = {"category", "kategori", "brott", "brottstyp",
                                             "händelsetyp", NULL};
static const char *const COUNT_NAMES[] = {"count", "antal", "antal_brott", "number", NULL};
static const char *const EXPOSURE_NAMES[] = {"exposure", "population", "befolkning", "invånare",
                                             "antal_invånare", NULL};
static const char *const NOTE_NAMES[] = {"note",        "notes",   "anteckning", "anteckningar",
                                         "anmärkning", "kommentar", "kommentarer", "notering",
                                         NULL};

#define MAX_KEY_BYTES 200

struct incident_import {
    struct import_job job;
    struct incident_writer w;
    const char *file;
    bool header_seen;
    size_t n_columns;
    long col_period, col_area, col_category, col_count, col_exposure, col_note;
    struct strbuf q, num, num2;
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
    header_index_build_loose(&hi, rec, ii->file, ii->job.dl);
    ii->n_columns = rec->n_fields;
    ii->col_period = require(ii, &hi, rec, PERIOD_NAMES, "period");
    ii->col_area = require(ii, &hi, rec, AREA_NAMES, "area");
    ii->col_category = require(ii, &hi, rec, CATEGORY_NAMES, "category");
    ii->col_count = require(ii, &hi, rec, COUNT_NAMES, "count");
    ii->col_exposure = header_index_find(&hi, EXPOSURE_NAMES);
    ii->col_note = header_index_find(&hi, NOTE_NAMES);
    if (!job_failed(&ii->job)) /* a missing column's message lists the names */
        header_index_unused(&hi, ii->file, "incidents", ii->job.opt->strict, ii->job.dl);
    header_index_release(&hi);
    ii->header_seen = true;
}

static inline const char *trimmed(const struct csv_record *rec, long col, size_t *len)
{
    const char *s = rec->fields[col];
    size_t n = rec->lens[col];
    *len = n;
    /* the usual cell neither starts nor ends with a blank nor starts with the
     * export's apostrophe: no call */
    if (n && s[0] != ' ' && s[0] != '\t' && s[0] != '\'' && s[n - 1] != ' ' &&
        s[n - 1] != '\t')
        return s;
    text_trim(&s, len);
    text_formula_unguard(&s, len); /* '=x: the text =x (util/text.h) */
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
        enum date_kind outside = date_outside_range(ptext, plen);
        if (outside != DATE_NONE)
            diag_error(dl, ii->file, line, ii->col_period + 1,
                       "period %s is outside the %s trygg reads (%s)",
                       cell_quote(&ii->q, ptext, plen), outside == DATE_DAY ? "dates" : "months",
                       outside == DATE_DAY ? DATE_RANGE_DAYS : DATE_RANGE_MONTHS);
        else
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
    /* "12 345": digit groups.  A cell num_parse_int64 reads has no separator inside, so
     * it is not grouped: the groups are looked for only in a cell it does not read. */
    int64_t count = 0;
    enum num_status ns = num_parse_int64(ctext, nlen, &count);
    if (ns != NUM_OK && ns != NUM_EMPTY) {
        strbuf_reset(&ii->num);
        if (num_ungroup(ctext, nlen, &ii->num)) {
            ctext = ii->num.buf;
            nlen = ii->num.len;
            ns = num_parse_int64(ctext, nlen, &count);
        }
    }
    if (ns == NUM_EMPTY)
        diag_error(dl, ii->file, line, ii->col_count + 1, "the count is empty");
    else if (ns == NUM_OK && count < 0)
        diag_error(dl, ii->file, line, ii->col_count + 1, "count %s is negative",
                   cell_quote(&ii->q, ctext, nlen));
    else if (ns == NUM_OK && (ctext[0] == '-' || ctext[0] == '+'))
        diag_error(dl, ii->file, line, ii->col_count + 1,
                   "count %s has a sign; write a count as digits only",
                   cell_quote(&ii->q, ctext, nlen));
    else if (ns == NUM_OK && count > IMPORT_MAX_COUNT)
        diag_error(dl, ii->file, line, ii->col_count + 1,
                   "count %s is implausibly large (at most 1,000,000,000 in one period)",
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
            /* digit groups as for the count: only in a cell num_parse_double does not
             * read (which has no separator inside) */
            enum num_status es = num_parse_double(etext, elen, &exposure);
            if (es != NUM_OK) {
                strbuf_reset(&ii->num2);
                if (num_ungroup(etext, elen, &ii->num2)) {
                    etext = ii->num2.buf;
                    elen = ii->num2.len;
                    es = num_parse_double(etext, elen, &exposure);
                }
            }
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

    struct incident_row r = {
        .line = line,
        .col_period = ii->col_period + 1,
        .col_area = ii->col_area + 1,
        .col_category = ii->col_category + 1,
        .area = area,
        .area_len = alen,
        .category = cat,
        .category_len = clen,
        .kind = kind,
        .period = period,
        .count = count,
        .exposure = exposure,
    };
    if (ii->col_note >= 0)
        r.note = trimmed(rec, ii->col_note, &r.note_len);
    if (incident_writer_put(&ii->w, &r) != 0)
        return IMPORT_FAILED;
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
    strbuf_init(&ii.num);
    strbuf_init(&ii.num2);
    struct csv_file_info info;
    enum import_status status =
        job_begin_hash_on_read(&ii.job, st, "incidents", data_path, opt, rep, dl);
    if (status != IMPORT_OK) {
        strbuf_release(&ii.q);
        strbuf_release(&ii.num);
        strbuf_release(&ii.num2);
        job_release(&ii.job);
        return status;
    }
    if (incident_writer_init(&ii.w, &ii.job, data_path) != 0) {
        status = IMPORT_FAILED;
        goto out;
    }
    int rc = csv_read_file(data_path, &opt->csv, on_record, &ii, &info, dl);
    if (rc == IMPORT_FAILED && ii.w.system_error) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!job_failed(&ii.job) && incident_writer_finish(&ii.w) != 0) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!ii.header_seen && !job_failed(&ii.job))
        diag_error(dl, data_path, 1, 0, "the file is empty (no header line)");
    else if (!job_failed(&ii.job) && ii.w.rows == 0)
        diag_error(dl, data_path, 2, 0, "the file has a header but no counts");
    rep->rows = ii.w.rows;
    snprintf(rep->summary, sizeof(rep->summary), "%llu count%s in %zu series%s", ii.w.rows,
             ii.w.rows == 1 ? "" : "s", ii.w.series.n,
             ii.w.replaced ? " (replacing preliminary figures)" : "");
    status = job_finish(&ii.job, &info);
out:
    incident_writer_release(&ii.w);
    job_release(&ii.job);
    strbuf_release(&ii.q);
    strbuf_release(&ii.num);
    strbuf_release(&ii.num2);
    return status;
}
