/*
 * results_csv — see results_csv.h.
 */
#include "report/results_csv.h"

#include <math.h>
#include <string.h>

#include "report/atomicfile.h"
#include "util/num.h"
#include "util/utf8.h"
#include "util/xalloc.h"

const char results_csv_header[] =
    "evaluation,analysis,outcome,group,method,term,estimate,std_error,conf_low,conf_high,"
    "conf_level,statistic,df,p_value,p_holm,p_bh,n,note,reason";

/* Default note for a suppressed row that carries none. */
static const char suppressed_note[] =
    "suppressed: based on too few respondents to publish";

int csv_dialect_parse(const char *name, enum csv_dialect *out)
{
    if (!name)
        return -1;
    if (strcmp(name, "en") == 0 || strcmp(name, "standard") == 0) {
        *out = CSV_STANDARD;
        return 0;
    }
    if (strcmp(name, "sv") == 0) {
        *out = CSV_SWEDISH;
        return 0;
    }
    return -1;
}

static char delimiter(enum csv_dialect d)
{
    return d == CSV_SWEDISH ? ';' : ',';
}

void csv_text_cell(struct strbuf *out, const char *text, enum csv_dialect dialect)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    if (!text)
        text = "";
    size_t len = strlen(text);
    struct strbuf cell = STRBUF_INIT;
    if (len && (strchr("=+-@\t\r", text[0]) || utf8_is_minus_sign(text, len)))
        strbuf_addch(&cell, '\''); /* a spreadsheet would run it as a formula */
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence_length(text + i, len - i);
        unsigned char c = (unsigned char)text[i];
        if (!n) {
            strbuf_addstr(&cell, replacement);
            i++;
        } else if (utf8_is_minus_sign(text + i, len - i)) {
            strbuf_addch(&cell, '-'); /* ASCII minus in machine-readable files */
            i += n;
        } else if ((n == 1 && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) ||
                   (n == 2 && c == 0xC2 && (unsigned char)text[i + 1] < 0xA0) ||
                   utf8_is_bidi_control(text + i, n)) {
            /* control characters and bidirectional overrides from the data */
            strbuf_addstr(&cell, replacement);
            i += n;
        } else {
            strbuf_add(&cell, text + i, n);
            i += n;
        }
    }
    char delim = delimiter(dialect);
    bool quote = false;
    for (size_t i = 0; i < cell.len && !quote; i++)
        quote = cell.buf[i] == delim || cell.buf[i] == '"' || cell.buf[i] == '\n' ||
                cell.buf[i] == '\r';
    if (!quote) {
        strbuf_add(out, cell.buf, cell.len);
    } else {
        strbuf_addch(out, '"');
        for (size_t i = 0; i < cell.len; i++) {
            if (cell.buf[i] == '"')
                strbuf_addch(out, '"');
            strbuf_addch(out, cell.buf[i]);
        }
        strbuf_addch(out, '"');
    }
    strbuf_release(&cell);
}

void csv_number_cell(struct strbuf *out, double x, enum csv_dialect dialect)
{
    if (isnan(x))
        return;
    char buf[NUM_FMT_SIZE];
    num_format(x, buf);
    if (dialect == CSV_SWEDISH) {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = ',';
    }
    strbuf_addstr(out, buf);
}

void results_csv_render(const struct results *res, enum csv_dialect dialect,
                        struct strbuf *out)
{
    char delim = delimiter(dialect);
    if (dialect == CSV_SWEDISH) {
        strbuf_addstr(out, "\xEF\xBB\xBF");
        for (const char *h = results_csv_header; *h; h++)
            strbuf_addch(out, *h == ',' ? ';' : *h);
    } else {
        strbuf_addstr(out, results_csv_header);
    }
    strbuf_addch(out, '\n');
    for (size_t i = 0; i < res->n; i++) {
        const struct result_row *r = &res->rows[i];
        const char *text[] = {res->evaluation, r->analysis, r->outcome,
                              r->group,        r->method,   r->term};
        for (size_t k = 0; k < ARRAY_SIZE(text); k++) {
            csv_text_cell(out, text[k], dialect);
            strbuf_addch(out, delim);
        }
        const double num[] = {r->r.estimate, r->r.std_error, r->r.conf_low, r->r.conf_high,
                              result_row_conf_level(res, r), r->r.statistic, r->r.df, r->r.p_value, r->p_holm, r->p_bh,
                              r->r.n};
        for (size_t k = 0; k < ARRAY_SIZE(num); k++) {
            if (!r->suppressed)
                csv_number_cell(out, num[k], dialect);
            strbuf_addch(out, delim);
        }
        const char *note = r->note ? r->note : "";
        if (r->suppressed && !*note)
            note = suppressed_note;
        csv_text_cell(out, note, dialect);
        strbuf_addch(out, delim);
        csv_text_cell(out, result_row_reason(r), dialect);
        strbuf_addch(out, '\n');
    }
}

int results_csv_write(const struct results *res, enum csv_dialect dialect, const char *path,
                      struct diag_list *dl)
{
    struct strbuf sb = STRBUF_INIT;
    results_csv_render(res, dialect, &sb);
    int rc = atomicfile_write_all(path, sb.buf, sb.len, dl);
    strbuf_release(&sb);
    return rc;
}
