/*
 * import_bra — incident counts from Brå's statistics database ("Databasfil" export),
 * read as it comes (docs/formats.md, "Brå export"; ../shared/DOMAIN.md §3).
 *
 * The export is ISO-8859-1 (converted with iconv by csvread; a file someone already
 * saved as UTF-8 is recognised), `;`-separated, long format with the header
 * `Region;Brott;År;Period;Antal;/100 000 inv` and a trailing `;` on data rows.
 * `År` is a year, `2019 prel.` for preliminary figures; `Period` a Swedish month
 * abbreviation.  `..` (not applicable; also how parent categories of the selected
 * crimes are echoed) is skipped and counted.  Labels may be indented with no-break
 * spaces or a leaked `&nbsp;`, which are trimmed.  Quarters (`Kvartal N`) and
 * yearly figures are refused: trygg's series are monthly or daily, and a quarter
 * must never pass for a month.
 *
 * Crime labels become categories through a mapping file (data/bramap.h); without
 * one, the label itself is the category key.  With a mapping, a label it does not
 * name is an error (once per label), so a typo in the mapping cannot silently drop
 * a crime; labels to leave out go in its [ignore] section.  Every count keeps the
 * Brå label it came under (series_block.source_label), so `trygg info` can show each
 * label's first and last period: a renamed category is a visible series break.
 * Preliminary figures are stored as such and replaced by a later import of the same
 * periods (store/incident_writer.h).  The per-100,000 column is not imported: it is
 * rounded, and exposure is better given from population figures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data/bramap.h"
#include "store/import.h"
#include "store/import_job.h"
#include "store/incident_writer.h"
#include "util/num.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_KEY_BYTES 200
/* A Brå export holds at most 10,000 cells; a file this large is not one. */
#define MAX_SNIFF_BYTES (64u << 20)

struct bra_import {
    struct import_job job;
    struct incident_writer w;
    const struct bramap *map; /* NULL: the label is the key */
    const char *file;
    bool header_seen;
    size_t n_columns;
    long col_region, col_crime, col_year, col_period, col_count;
    struct strmap unmapped; /* folded labels already reported */
    struct strbuf q, q2;
    unsigned long long skipped_na, skipped_ignored, preliminary;
};

static const char *const MONTHS[12][2] = {
    {"jan", "januari"}, {"feb", "februari"}, {"mar", "mars"},      {"apr", "april"},
    {"maj", "maj"},     {"jun", "juni"},     {"jul", "juli"},      {"aug", "augusti"},
    {"sep", "september"}, {"okt", "oktober"}, {"nov", "november"}, {"dec", "december"},
};

static const char *cell(const struct csv_record *rec, long col, size_t *len)
{
    const char *s = rec->fields[col];
    *len = rec->lens[col];
    text_trim_blank(&s, len);
    return s;
}

static bool ci_equal(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && !strncasecmp(s, lit, len);
}

static bool ci_contains(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = 0; i + n <= len; i++)
        if (!strncasecmp(s + i, lit, n))
            return true;
    return false;
}

static void on_header(struct bra_import *bi, const struct csv_record *rec)
{
    struct header_index hi;
    header_index_build(&hi, rec, bi->file, bi->job.dl);
    bi->n_columns = rec->n_fields;
    /* a header with a trailing ';' has an empty last name: not a column */
    if (bi->n_columns > 1 && rec->lens[bi->n_columns - 1] == 0)
        bi->n_columns--;
    static const char *const names[5] = {"Region", "Brott", "År", "Period", "Antal"};
    long *cols[5] = {&bi->col_region, &bi->col_crime, &bi->col_year, &bi->col_period,
                     &bi->col_count};
    for (size_t i = 0; i < 5; i++) {
        *cols[i] = header_index_find1(&hi, names[i]);
        if (*cols[i] < 0)
            diag_error(bi->job.dl, bi->file, rec->line, 0,
                       "missing the '%s' column: a Brå export starts with the line "
                       "'Region;Brott;År;Period;Antal;/100 000 inv'",
                       names[i]);
    }
    header_index_release(&hi);
    bi->header_seen = true;
}

/* "2019" or "2019 prel."; returns false if neither, with *year set (non-zero) when it
 * is one but outside DATE_MIN_YEAR..DATE_MAX_YEAR. */
static bool parse_year(const char *s, size_t len, int *year, bool *prel)
{
    *year = 0;
    if (len < 4)
        return false;
    int64_t y;
    if (num_parse_int64(s, 4, &y) != NUM_OK || y < 0)
        return false;
    const char *rest = s + 4;
    size_t rlen = len - 4;
    text_trim_blank(&rest, &rlen);
    if (rlen && !ci_equal(rest, rlen, "prel.") && !ci_equal(rest, rlen, "prel"))
        return false;
    if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR) {
        *year = y ? (int)y : -1;
        return false;
    }
    *year = (int)y;
    *prel = rlen > 0;
    return true;
}

static int parse_month(const char *s, size_t len)
{
    if (len && s[len - 1] == '.')
        len--;
    for (int m = 0; m < 12; m++)
        if (ci_equal(s, len, MONTHS[m][0]) || ci_equal(s, len, MONTHS[m][1]))
            return m + 1;
    return 0;
}

/* A count as Brå writes it: digits, perhaps grouped by blanks or no-break spaces. */
static enum num_status parse_count(const char *s, size_t len, int64_t *out)
{
    char buf[32];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ')
            continue;
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) {
            i++;
            continue;
        }
        if (c < '0' || c > '9' || n + 1 >= sizeof(buf))
            return NUM_SYNTAX;
        buf[n++] = (char)c;
    }
    if (!n)
        return NUM_EMPTY;
    return num_parse_int64(buf, n, out);
}

static bool ends_with_nbsp_entity(const char *s, size_t len)
{
    return len >= 5 && !strncasecmp(s + len - 5, "&nbsp", 5);
}

static int on_row(struct bra_import *bi, const struct csv_record *rec);

/*
 * A `&nbsp;` that leaked into an unquoted label splits it at its ';'.  Fields that
 * end in "&nbsp" are joined again with the next one before the row is read, so
 * "&nbsp;&nbsp;Klotter" is one label (then trimmed) and the columns line up.
 */
static int on_record(void *ctx, const struct csv_record *rec)
{
    struct bra_import *bi = ctx;
    if (!bi->header_seen) {
        on_header(bi, rec);
        return job_failed(&bi->job);
    }
    bool split = false;
    for (size_t i = 0; i + 1 < rec->n_fields && !split; i++)
        split = ends_with_nbsp_entity(rec->fields[i], rec->lens[i]);
    if (!split)
        return on_row(bi, rec);
    size_t n = 0;
    const char **fields = xcalloc(rec->n_fields, sizeof(*fields));
    size_t *lens = xcalloc(rec->n_fields, sizeof(*lens));
    struct strbuf *joined = xcalloc(rec->n_fields, sizeof(*joined));
    for (size_t i = 0; i < rec->n_fields; i++) {
        strbuf_init(&joined[n]);
        strbuf_add(&joined[n], rec->fields[i], rec->lens[i]);
        while (i + 1 < rec->n_fields && ends_with_nbsp_entity(rec->fields[i], rec->lens[i])) {
            i++;
            strbuf_addch(&joined[n], ';');
            strbuf_add(&joined[n], rec->fields[i], rec->lens[i]);
        }
        fields[n] = joined[n].buf;
        lens[n] = joined[n].len;
        n++;
    }
    struct csv_record merged = {n, fields, lens, rec->line};
    int rc = on_row(bi, &merged);
    for (size_t i = 0; i < n; i++)
        strbuf_release(&joined[i]);
    free(joined);
    free(fields);
    free(lens);
    return rc;
}

static int on_row(struct bra_import *bi, const struct csv_record *rec)
{
    struct diag_list *dl = bi->job.dl;
    /* data rows end with ';': one empty field more than the header */
    size_t n = rec->n_fields;
    if (n == bi->n_columns + 1 && rec->lens[n - 1] == 0)
        n--;
    if (n != bi->n_columns) {
        long col = (long)(n < bi->n_columns ? n : bi->n_columns) + 1;
        diag_error(dl, bi->file, rec->line, col, "the line has %zu field%s, the header has %zu",
                   n, n == 1 ? "" : "s", bi->n_columns);
        return 0;
    }
    long line = rec->line;
    size_t rlen, blen, ylen, plen, clen;
    const char *region = cell(rec, bi->col_region, &rlen);
    const char *crime = cell(rec, bi->col_crime, &blen);
    const char *ytext = cell(rec, bi->col_year, &ylen);
    const char *ptext = cell(rec, bi->col_period, &plen);
    const char *ctext = cell(rec, bi->col_count, &clen);

    /* ".." = not applicable; parents of the selected crimes are echoed this way */
    if (ci_equal(ctext, clen, "..")) {
        bi->skipped_na++;
        return 0;
    }
    size_t before = dl->n_errors;
    if (!rlen)
        diag_error(dl, bi->file, line, bi->col_region + 1, "the region is empty");
    else if (rlen > MAX_KEY_BYTES)
        diag_error(dl, bi->file, line, bi->col_region + 1,
                   "the region name is longer than %d bytes", MAX_KEY_BYTES);
    if (!blen)
        diag_error(dl, bi->file, line, bi->col_crime + 1, "the crime label is empty");
    else if (blen > MAX_KEY_BYTES)
        diag_error(dl, bi->file, line, bi->col_crime + 1,
                   "the crime label is longer than %d bytes", MAX_KEY_BYTES);

    int year = 0, month = 0;
    bool prel = false;
    if (ci_equal(ytext, ylen, "År") || ci_equal(ytext, ylen, "\xc3\x85r")) {
        diag_error(dl, bi->file, line, bi->col_year + 1,
                   "the file holds yearly figures (År %s, Period %s); trygg keeps monthly "
                   "counts: choose months in Brå's menu and export again",
                   cell_quote(&bi->q, ytext, ylen), cell_quote(&bi->q2, ptext, plen));
    } else if (!parse_year(ytext, ylen, &year, &prel)) {
        if (year)
            diag_error(dl, bi->file, line, bi->col_year + 1,
                       "year %s is outside the years trygg reads (%d to %d)",
                       cell_quote(&bi->q, ytext, ylen), DATE_MIN_YEAR, DATE_MAX_YEAR);
        else
            diag_error(dl, bi->file, line, bi->col_year + 1,
                       "year %s is neither a year (2019) nor a preliminary year (2019 prel.)",
                       cell_quote(&bi->q, ytext, ylen));
    }
    if (ci_contains(ptext, plen, "kvartal")) {
        diag_error(dl, bi->file, line, bi->col_period + 1,
                   "period %s is a quarter; trygg keeps monthly counts and does not read a "
                   "quarter as a month: choose months (Jan … Dec) in Brå's menu and export "
                   "again",
                   cell_quote(&bi->q, ptext, plen));
    } else if (!(month = parse_month(ptext, plen))) {
        diag_error(dl, bi->file, line, bi->col_period + 1,
                   "period %s is not a Swedish month (Jan Feb Mar Apr Maj Jun Jul Aug Sep "
                   "Okt Nov Dec)",
                   cell_quote(&bi->q, ptext, plen));
    }
    int64_t count = 0;
    enum num_status ns = parse_count(ctext, clen, &count);
    if (ns == NUM_EMPTY)
        diag_error(dl, bi->file, line, bi->col_count + 1, "the count is empty");
    else if (ns == NUM_OK && count > IMPORT_MAX_COUNT)
        diag_error(dl, bi->file, line, bi->col_count + 1,
                   "count %s is implausibly large (at most 1,000,000,000 in one period)",
                   cell_quote(&bi->q, ctext, clen));
    else if (ns != NUM_OK)
        diag_error(dl, bi->file, line, bi->col_count + 1,
                   "count %s is not a whole number ≥ 0 (or '..' for not applicable)",
                   cell_quote(&bi->q, ctext, clen));

    const struct bramap_category *cat = NULL;
    if (bi->map && blen) {
        enum bramap_result r = bramap_lookup(bi->map, crime, blen, &cat);
        if (r == BRAMAP_IGNORED) {
            if (dl->n_errors == before)
                bi->skipped_ignored++;
            return 0;
        }
        if (r == BRAMAP_UNMAPPED) {
            struct strbuf key = STRBUF_INIT;
            text_fold(&key, crime, blen);
            int64_t seen;
            if (!strmap_get(&bi->unmapped, key.buf, key.len, &seen)) {
                strmap_put(&bi->unmapped, key.buf, key.len, line);
                diag_error(dl, bi->file, line, bi->col_crime + 1,
                           "crime %s is not in the mapping %s: add it to a [category KEY] "
                           "section (bra = …) or to [ignore]",
                           cell_quote(&bi->q, crime, blen), bi->map->path);
            }
            /* later rows of the same label are not repeated: the first names it */
            strbuf_release(&key);
            return 0;
        }
    }
    if (dl->n_errors > before || job_failed(&bi->job))
        return 0;

    struct incident_row r = {
        .line = line,
        .col_period = bi->col_period + 1,
        .col_area = bi->col_region + 1,
        .col_category = bi->col_crime + 1,
        .area = region,
        .area_len = rlen,
        .category = cat ? cat->key : crime,
        .category_len = cat ? strlen(cat->key) : blen,
        .kind = DATE_MONTH,
        .period = {year, month, 0},
        .count = count,
        .exposure = NAN,
        .preliminary = prel,
        .source_label = crime,
        .source_label_len = blen,
        .label_sv = cat ? cat->label_sv : NULL,
        .label_en = cat ? cat->label_en : NULL,
        .detection = cat ? cat->detection : NULL,
    };
    unsigned long long rows_before = bi->w.rows;
    if (incident_writer_put(&bi->w, &r) != 0)
        return IMPORT_FAILED;
    if (prel && bi->w.rows > rows_before)
        bi->preliminary++;
    return 0;
}

/* ISO-8859-1 as Brå serves it, unless the file is valid UTF-8 with non-ASCII text
 * (someone already converted it) or the user named an encoding. */
static enum csv_encoding sniff_encoding(const char *path, enum csv_encoding given)
{
    if (given != CSV_ENC_UTF8)
        return given;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return CSV_ENC_LATIN1; /* the reader reports the error */
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while (sb.len < MAX_SNIFF_BYTES && (n = fread(buf, 1, sizeof(buf), fp)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(fp);
    bool non_ascii = false;
    for (size_t i = 0; i < sb.len && !non_ascii; i++)
        non_ascii = (unsigned char)sb.buf[i] >= 0x80;
    /* a cut at MAX_SNIFF_BYTES may split a sequence: look at whole lines only */
    size_t len = sb.len;
    if (len >= MAX_SNIFF_BYTES)
        while (len && sb.buf[len - 1] != '\n')
            len--;
    bool utf8 = non_ascii && utf8_valid(sb.buf, len, NULL);
    strbuf_release(&sb);
    return utf8 ? CSV_ENC_UTF8 : CSV_ENC_LATIN1;
}

enum import_status import_incidents_bra(struct store *st, const char *data_path,
                                        const char *mapping_path,
                                        const struct import_options *opt,
                                        struct import_report *rep, struct diag_list *dl)
{
    struct bra_import bi;
    memset(&bi, 0, sizeof(bi));
    bi.file = data_path;
    struct bramap *map = NULL;
    if (mapping_path) {
        map = bramap_load(mapping_path, dl);
        if (!map) {
            memset(rep, 0, sizeof(*rep));
            return IMPORT_REFUSED;
        }
    }
    bi.map = map;
    struct import_options o = *opt;
    if (!o.csv.delimiter)
        o.csv.delimiter = ';';
    o.csv.encoding = sniff_encoding(data_path, opt->csv.encoding);
    strbuf_init(&bi.q);
    strbuf_init(&bi.q2);
    strmap_init(&bi.unmapped);
    struct csv_file_info info;
    enum import_status status = job_begin(&bi.job, st, "incidents", data_path, &o, rep, dl);
    if (status != IMPORT_OK)
        goto out_job;
    if (incident_writer_init(&bi.w, &bi.job, data_path) != 0) {
        status = IMPORT_FAILED;
        goto out;
    }
    bi.w.identical_ok = true;
    int rc = csv_read_file(data_path, &o.csv, on_record, &bi, &info, dl);
    if (rc == IMPORT_FAILED && bi.w.system_error) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!job_failed(&bi.job) && incident_writer_finish(&bi.w) != 0) {
        status = IMPORT_FAILED;
        goto out;
    }
    if (!bi.header_seen && !job_failed(&bi.job))
        diag_error(dl, data_path, 1, 0, "the file is empty (no header line)");
    else if (!job_failed(&bi.job) && bi.w.rows == 0 && bi.w.unchanged == 0)
        diag_error(dl, data_path, 2, 0,
                   "the file holds no counts (%llu not applicable '..', %llu ignored by the "
                   "mapping)",
                   bi.skipped_na, bi.skipped_ignored);
    rep->rows = bi.w.rows;
    struct strbuf sum = STRBUF_INIT;
    strbuf_addf(&sum, "%llu count%s in %zu series", bi.w.rows, bi.w.rows == 1 ? "" : "s",
                bi.w.series.n);
    if (bi.preliminary || bi.w.replaced || bi.w.unchanged) {
        strbuf_addf(&sum, " (");
        const char *sep = "";
        if (bi.preliminary)
            strbuf_addf(&sum, "%s%llu preliminary", sep, bi.preliminary), sep = ", ";
        if (bi.w.replaced)
            strbuf_addf(&sum, "%s%llu replacing preliminary figures", sep, bi.w.replaced),
                sep = ", ";
        if (bi.w.unchanged)
            strbuf_addf(&sum, "%s%llu already in the database", sep, bi.w.unchanged);
        strbuf_addch(&sum, ')');
    }
    strbuf_addf(&sum, "; skipped %llu not applicable ('..')", bi.skipped_na);
    if (map)
        strbuf_addf(&sum, ", %llu ignored by the mapping", bi.skipped_ignored);
    snprintf(rep->summary, sizeof(rep->summary), "%s", sum.buf);
    strbuf_release(&sum);
    status = job_finish(&bi.job, &info);
out:
    incident_writer_release(&bi.w);
out_job:
    job_release(&bi.job);
    strbuf_release(&bi.q);
    strbuf_release(&bi.q2);
    strmap_release(&bi.unmapped);
    bramap_free(map);
    return status;
}
