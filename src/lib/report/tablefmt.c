/*
 * tablefmt — see tablefmt.h.
 */
#include "report/tablefmt.h"

#include <stdlib.h>
#include <string.h>

#include "util/num.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Display text of a cell: control bytes and invalid UTF-8 as '?'. */
static void printable(struct strbuf *out, const char *s)
{
    size_t len = strlen(s), i = 0;
    strbuf_reset(out);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            strbuf_addch(out, '?');
            i++;
        } else if (c < 0x80) {
            strbuf_addch(out, (char)c);
            i++;
        } else {
            size_t n = utf8_sequence_length(s + i, len - i);
            /* C1 controls U+0080..U+009F are C2 80..C2 9F */
            if (!n || (n == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0) ||
                utf8_is_bidi_control(s + i, n)) {
                strbuf_addch(out, '?');
                i += n ? n : 1;
            } else {
                strbuf_add(out, s + i, n);
                i += n;
            }
        }
    }
}

void tablefmt_text(FILE *fp, const struct table *t)
{
    size_t *width = xcalloc(t->n_cols, sizeof(*width));
    struct strbuf cell = STRBUF_INIT;
    for (size_t c = 0; c < t->n_cols; c++)
        width[c] = utf8_length(t->cols[c], strlen(t->cols[c]));
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++) {
            printable(&cell, table_cell(t, r, c));
            size_t w = utf8_length(cell.buf, cell.len);
            if (w > width[c])
                width[c] = w;
        }
    fprintf(fp, "%s\n", t->title);
    for (size_t row = 0; row <= t->n_rows + 1; row++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *text;
            if (row == 0)
                text = t->cols[c];
            else if (row == 1)
                text = NULL; /* rule */
            else
                text = table_cell(t, row - 2, c);
            if (!text) {
                for (size_t k = 0; k < width[c]; k++)
                    fputc('-', fp);
            } else {
                printable(&cell, text);
                size_t w = utf8_length(cell.buf, cell.len);
                size_t pad = width[c] - w;
                bool right = t->numeric[c] && row > 1;
                if (right)
                    for (size_t k = 0; k < pad; k++)
                        fputc(' ', fp);
                fputs(cell.buf, fp);
                if (!right && c + 1 < t->n_cols)
                    for (size_t k = 0; k < pad; k++)
                        fputc(' ', fp);
            }
            if (c + 1 < t->n_cols)
                fputs("  ", fp);
        }
        fputc('\n', fp);
    }
    if (!t->n_rows)
        fputs("(none)\n", fp);
    strbuf_release(&cell);
    free(width);
}

static void csv_cell_clean(FILE *fp, const char *s, char delimiter);

/* A CSV cell: control characters (but TAB, LF and CR, which quoting keeps), C1
 * controls, bidirectional overrides and invalid bytes become U+FFFD, so a raw ESC or a
 * right-to-left override from the data never reaches a terminal or a spreadsheet.  A
 * text cell (guard) that a spreadsheet would run as a formula gets a leading apostrophe
 * (util/text.h): `trygg info --format csv > areas.csv` is opened in Excel too. */
static void csv_cell(FILE *fp, const char *raw, char delimiter, bool guard)
{
    struct strbuf clean = STRBUF_INIT;
    size_t len = strlen(raw);
    if (guard && text_formula_needs_guard(raw, len))
        strbuf_addch(&clean, '\'');
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)raw[i];
        size_t n = c < 0x80 ? 1 : utf8_sequence_length(raw + i, len - i);
        if (!n || (n == 1 && ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)) ||
            (n == 2 && c == 0xC2 && (unsigned char)raw[i + 1] < 0xA0) ||
            utf8_is_bidi_control(raw + i, n)) {
            strbuf_addstr(&clean, "\xEF\xBF\xBD");
            i += n ? n : 1;
        } else {
            strbuf_add(&clean, raw + i, n);
            i += n;
        }
    }
    csv_cell_clean(fp, clean.buf, delimiter);
    strbuf_release(&clean);
}

static void csv_cell_clean(FILE *fp, const char *s, char delimiter)
{
    bool quote = strchr(s, delimiter) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r');
    if (!quote) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

void tablefmt_csv(FILE *fp, const struct table *t, char delimiter)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c)
            fputc(delimiter, fp);
        csv_cell(fp, t->cols[c], delimiter, true);
    }
    fputc('\n', fp);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            if (c)
                fputc(delimiter, fp);
            csv_cell(fp, table_cell(t, r, c), delimiter, !t->numeric[c]);
        }
        fputc('\n', fp);
    }
}

json_t *tablefmt_json(const struct table *t)
{
    json_t *arr = json_array();
    for (size_t r = 0; r < t->n_rows; r++) {
        json_t *o = json_object();
        for (size_t c = 0; c < t->n_cols; c++) {
            const char *s = table_cell(t, r, c);
            double v;
            json_t *val;
            if (t->numeric[c] && *s && num_parse_double(s, strlen(s), &v) == NUM_OK)
                val = (v == (double)(long long)v && v > -9e15 && v < 9e15)
                          ? json_integer((json_int_t)v)
                          : json_real(v);
            else if (t->numeric[c] && !*s)
                val = json_null();
            else
                val = json_string(s);
            if (!val) /* invalid UTF-8 cannot reach here: imports validate it */
                val = json_null();
            json_object_set_new(o, t->cols[c], val);
        }
        json_array_append_new(arr, o);
    }
    return arr;
}
