/*
 * xlsxbook — see xlsxbook.h.  A thin layer over libxlsxwriter (Debian's
 * libxlsxwriter-dev, linked as -lxlsxwriter: it ships no pkg-config file).
 */
#include "report/xlsxbook.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "report/xlsx_deflate.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Excel's longest text cell (characters; we count bytes, which is stricter). */
#define XLSX_MAX_TEXT 32767
#define SHEET_UNITS 31

/* ---------------------------------------------------------------- sheet names */

/* UTF-16 units of a UTF-8 sequence of length len. */
static size_t utf16_units(size_t len)
{
    return len == 4 ? 2 : 1;
}

/* Lower-cases ASCII and the Latin-1 capitals (À..Þ but ×) of a valid UTF-8 name, so
 * "Åsa" and "åsa" compare equal as they do in Excel. */
static void fold(const char *s, struct strbuf *out)
{
    strbuf_reset(out);
    for (size_t i = 0; s[i];) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            strbuf_addch(out, (char)(c + 32));
            i++;
        } else if (c == 0xC3 && s[i + 1]) {
            unsigned char d = (unsigned char)s[i + 1];
            if (d >= 0x80 && d <= 0x9E && d != 0x97)
                d += 0x20;
            strbuf_addch(out, (char)c);
            strbuf_addch(out, (char)d);
            i += 2;
        } else {
            strbuf_addch(out, (char)c);
            i++;
        }
    }
}

static bool name_taken(const char *name, char (*names)[XLSX_SHEET_NAME_SIZE], size_t n)
{
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    fold(name, &a);
    bool taken = !strcmp(a.buf, "history");
    for (size_t i = 0; i < n && !taken; i++) {
        fold(names[i], &b);
        taken = !strcmp(a.buf, b.buf);
    }
    strbuf_release(&a);
    strbuf_release(&b);
    return taken;
}

/* The longest prefix of s (valid UTF-8) of at most `units` UTF-16 units, into out. */
static void cut_units(const char *s, size_t units, char *out)
{
    size_t len = strlen(s), i = 0, u = 0;
    while (i < len) {
        size_t k = utf8_sequence_length(s + i, len - i);
        if (!k || u + utf16_units(k) > units)
            break;
        u += utf16_units(k);
        i += k;
    }
    memcpy(out, s, i);
    out[i] = '\0';
}

/* A valid sheet name for `want` (not yet unique). */
static void clean_sheet_name(const char *want, char out[XLSX_SHEET_NAME_SIZE])
{
    struct strbuf sb = STRBUF_INIT;
    size_t len = want ? strlen(want) : 0;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_sequence_length(want + i, len - i);
        if (!k || (k == 1 && ((unsigned char)want[i] < 0x20 || want[i] == 0x7f ||
                              strchr("[]:*?/\\", want[i])))) {
            strbuf_addch(&sb, '_');
            i++;
        } else {
            strbuf_add(&sb, want + i, k);
            i += k;
        }
    }
    if (!sb.len)
        strbuf_addstr(&sb, "sheet");
    cut_units(sb.buf, SHEET_UNITS, out);
    size_t n = strlen(out);
    if (out[0] == '\'')
        out[0] = '_';
    if (n && out[n - 1] == '\'')
        out[n - 1] = '_';
    strbuf_release(&sb);
}

void xlsx_sheet_names(const char *const *wanted, size_t n, char (*out)[XLSX_SHEET_NAME_SIZE])
{
    for (size_t i = 0; i < n; i++) {
        char base[XLSX_SHEET_NAME_SIZE];
        clean_sheet_name(wanted[i], base);
        strcpy(out[i], base);
        for (unsigned k = 2; name_taken(out[i], out, i); k++) {
            char suffix[16];
            snprintf(suffix, sizeof(suffix), "~%u", k);
            cut_units(base, SHEET_UNITS - strlen(suffix), out[i]);
            size_t m = strlen(out[i]);
            if (m && out[i][m - 1] == '\'')
                out[i][m - 1] = '_';
            strcat(out[i], suffix);
        }
    }
}

enum xlsx_format xlsx_magnitude_format(double m)
{
    m = fabs(m);
    if (!isfinite(m) || m >= 1000)
        return XLSX_THOUSANDS;
    if (m >= 100)
        return XLSX_DEC1;
    if (m >= 10)
        return XLSX_DEC2;
    if (m >= 1)
        return XLSX_DEC3;
    if (m == 0 || m >= 0.001)
        return XLSX_DEC4;
    return XLSX_SCI;
}

/* ---------------------------------------------------------------- the workbook */

struct xlsxbook {
    lxw_workbook *wb;
    lxw_worksheet *ws;                 /* the current sheet */
    lxw_format *fmt[XLSX_N_FORMATS];   /* NULL = General */
    lxw_error err;                     /* the first failure */
    bool no_sheet;                     /* a sheet could not be added */
    struct strbuf scratch;
    char **bufs;                       /* each sheet's temporary file buffer (below) */
    size_t n_bufs;
    /* xlsxbook_row's own XML (below) */
    struct strbuf row_xml;
    int32_t xf[XLSX_N_FORMATS];        /* style index per format, -1 until first used */
    long long last_row;                /* the last row written to the sheet, -1 none */
    bool direct_off;                   /* xlsxbook_set_direct(false): for the tests */
};

/* Each sheet's rows go to a temporary file (constant-memory mode) through stdio's
 * default 4 KiB buffer: 2,300 write and as many read system calls for the 10 MB of a
 * 5,800-series screening.  A buffer of this size instead; it must outlive the FILE,
 * which libxlsxwriter closes in workbook_close() or lxw_workbook_free(). */
#define SHEET_FILE_BUFFER ((size_t)256 << 10)

static void free_bufs(struct xlsxbook *b)
{
    for (size_t i = 0; i < b->n_bufs; i++)
        free(b->bufs[i]);
    free(b->bufs);
    b->bufs = NULL;
    b->n_bufs = 0;
}

static void note(struct xlsxbook *b, lxw_error e)
{
    if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
        b->err = e;
}

static lxw_format *number_format(lxw_workbook *wb, const char *code)
{
    lxw_format *f = workbook_add_format(wb);
    if (f)
        format_set_num_format(f, code);
    return f;
}

struct xlsxbook *xlsxbook_new(const char *path, const char *title, const char *comment)
{
    struct xlsxbook *b = xcalloc(1, sizeof(*b));
    strbuf_init(&b->scratch);
    strbuf_init(&b->row_xml);
    for (size_t i = 0; i < XLSX_N_FORMATS; i++)
        b->xf[i] = -1;
    b->last_row = -1;
    /* the parts deflated at level 1 (xlsx_deflate.c); this call links it in */
    (void)xlsx_deflate_fast();
    /* Constant memory: each row goes to the sheet's temporary file when the next one
     * starts, and text is written inline, instead of every cell of every sheet held in
     * trees and every string in a shared-string table until the close (a screening of
     * 5,800 series writes ~200,000 cells).  The callers write rows top to bottom. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL,
                                .use_zip64 = LXW_FALSE};
    b->wb = workbook_new_opt(path, &opt);
    if (!b->wb) {
        strbuf_release(&b->scratch);
        strbuf_release(&b->row_xml);
        free(b);
        return NULL;
    }
    static const char *const codes[XLSX_N_FORMATS] = {
        [XLSX_WHOLE] = "0",          [XLSX_STAT] = "0.000",
        [XLSX_P] = "[<0.0001]\"<0.0001\";0.0000",
        [XLSX_THOUSANDS] = "#,##0",  [XLSX_DEC1] = "0.0",
        [XLSX_DEC2] = "0.00",        [XLSX_DEC3] = "0.000",
        [XLSX_DEC4] = "0.0000",      [XLSX_SCI] = "0.00E+00",
        [XLSX_TEXT] = "@",
    };
    /* Formats with the same code share one lxw_format: libxlsxwriter caches the style
     * index only in the first format of a kind, and looks a duplicate up again (a
     * calloc'ed key, hashed and compared) at every cell it formats -- 4 % of writing
     * a 5,800-series screening, for the statistic column's "0.000" (XLSX_STAT is
     * XLSX_DEC3's code).  The cells carry the same style index either way. */
    for (size_t i = 0; i < XLSX_N_FORMATS; i++) {
        for (size_t k = 0; k < i && codes[i] && !b->fmt[i]; k++)
            if (codes[k] && !strcmp(codes[k], codes[i]))
                b->fmt[i] = b->fmt[k];
        if (codes[i] && !b->fmt[i])
            b->fmt[i] = number_format(b->wb, codes[i]);
    }
    lxw_format *h = b->fmt[XLSX_HEADER] = workbook_add_format(b->wb);
    if (h) {
        format_set_bold(h);
        format_set_bottom(h, LXW_BORDER_THIN);
        format_set_bg_color(h, 0xE7EEF5);
    }
    /* libxlsxwriter takes char * but copies the strings in workbook_set_properties(). */
    struct strbuf t = STRBUF_INIT, c = STRBUF_INIT;
    strbuf_addstr(&t, title ? title : "");
    strbuf_addstr(&c, comment ? comment : "");
    lxw_doc_properties props;
    memset(&props, 0, sizeof(props));
    props.title = t.buf;
    props.comments = c.buf;
    note(b, workbook_set_properties(b->wb, &props));
    strbuf_release(&t);
    strbuf_release(&c);
    return b;
}

void xlsxbook_add_sheet(struct xlsxbook *b, const char *name)
{
    b->ws = workbook_add_worksheet(b->wb, name);
    b->last_row = -1;
    if (!b->ws) {
        b->no_sheet = true;
        return;
    }
    /* nothing is written to the file before the first row: setvbuf may still be called */
    if (b->ws->optimize_tmpfile) {
        char *buf = xmalloc(SHEET_FILE_BUFFER);
        if (setvbuf(b->ws->optimize_tmpfile, buf, _IOFBF, SHEET_FILE_BUFFER) == 0) {
            b->bufs = xrealloc(b->bufs, (b->n_bufs + 1) * sizeof(*b->bufs));
            b->bufs[b->n_bufs++] = buf;
        } else {
            free(buf);
        }
    }
}

/* Whether s starts with "_xHHHH_": Excel reads that, in any string cell, as the
 * character U+HHHH (OOXML's escape for what XML cannot hold), so "_x0041_" from the data
 * showed as "A" and "_x003D_cmd" as "=cmd".  libxlsxwriter writes such text as it is. */
static bool ooxml_escape_like(const char *s)
{
    if (s[0] != '_' || s[1] != 'x')
        return false;
    for (int i = 2; i < 6; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return s[6] == '_';
}

/* Valid UTF-8 (U+FFFD for bad bytes), no control bytes but TAB and LF, "_xHHHH_" kept
 * as text (its '_' written as Excel's escape of itself, "_x005F_"), at most XLSX_MAX_TEXT
 * bytes, cut on a character boundary.  Borrowed until the next call (text itself when
 * nothing needs cleaning). */
static const char *clean_text(struct xlsxbook *b, const char *text)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    /* printable ASCII without "_x" (nearly every cell of a results sheet) has nothing
     * to clean */
    size_t plain = 0;
    if (text)
        while ((unsigned char)text[plain] >= 0x20 && (unsigned char)text[plain] < 0x7f &&
               !(text[plain] == '_' && text[plain + 1] == 'x'))
            plain++;
    if (text && !text[plain] && plain <= XLSX_MAX_TEXT)
        return text;
    struct strbuf *sb = &b->scratch;
    strbuf_reset(sb);
    size_t len = text ? strlen(text) : 0;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_sequence_length(text + i, len - i);
        if (sb->len + (k ? k : sizeof(replacement) - 1) > XLSX_MAX_TEXT)
            break;
        if (!k) {
            strbuf_addstr(sb, replacement);
            i++;
        } else if ((k == 1 && ((unsigned char)text[i] < 0x20 || text[i] == 0x7f) &&
                    text[i] != '\t' && text[i] != '\n') ||
                   (k == 2 && (unsigned char)text[i] == 0xC2 &&
                    (unsigned char)text[i + 1] < 0xA0) ||
                   utf8_is_bidi_control(text + i, k)) {
            strbuf_addch(sb, ' ');
            i += k;
        } else if (utf8_is_minus_sign(text + i, len - i)) {
            strbuf_addch(sb, '-'); /* ASCII minus: "-0.07" in a text cell stays a number */
            i += k;
        } else if (ooxml_escape_like(text + i)) {
            if (sb->len + 7 > XLSX_MAX_TEXT)
                break;
            strbuf_addstr(sb, "_x005F_"); /* the '_': shown as written */
            i++;
        } else {
            strbuf_add(sb, text + i, k);
            i += k;
        }
    }
    return sb->buf;
}

void xlsxbook_text(struct xlsxbook *b, size_t row, size_t col, const char *text,
                   enum xlsx_format f)
{
    if (!b->ws)
        return;
    const char *t = clean_text(b, text);
    if (*t) /* worksheet_write_string: always a string cell, never a formula */
        note(b, worksheet_write_string(b->ws, (lxw_row_t)row, (lxw_col_t)col, t, b->fmt[f]));
    if ((long long)row > b->last_row)
        b->last_row = (long long)row;
}

void xlsxbook_number(struct xlsxbook *b, size_t row, size_t col, double x, enum xlsx_format f)
{
    if (!b->ws || isnan(x))
        return;
    if (isinf(x))
        xlsxbook_text(b, row, col, x > 0 ? "Inf" : "-Inf", XLSX_TEXT);
    else
        note(b, worksheet_write_number(b->ws, (lxw_row_t)row, (lxw_col_t)col, x, b->fmt[f]));
    if ((long long)row > b->last_row)
        b->last_row = (long long)row;
}

/* ---------------------------------------------------------------- whole rows */

/*
 * xlsxbook_row writes a row's XML itself, into the sheet's temporary file where
 * libxlsxwriter's constant-memory mode writes its rows, byte for byte what
 * libxlsxwriter would write for the same cells (test_xlsxrow compares the two):
 *     <row r="2"><c r="A2" s="2" t="inlineStr"><is><t>text</t></is></c>
 *     <c r="G2" s="4"><v>%.16G</v></c>...</row>
 * and widens the sheet's dimensions as libxlsxwriter does per cell.  Why: for the
 * ~200,000 cells of a 5,800-series screening, libxlsxwriter allocates a cell and a copy
 * of each text, names the column, escapes and prints every cell with fprintf and each
 * number with printf's multi-precision %.16G: ~40 % of writing results.xlsx, on the
 * run's critical path (the workbook is the longest output, on a thread of its own).
 * Here a row is one buffer, the numbers are num_format_g16 (the same text), one fwrite.
 *
 * The rest stays libxlsxwriter's: the sheet's head and tail, dimensions, panes,
 * autofilter, styles and the zip.  A row it must escape in ways not reproduced here
 * (text with TAB or LF after clean_text, or "_x" that could read as an escape), a row
 * out of order or out of range, goes cell by cell through libxlsxwriter as before and
 * is flushed at once, so the file stays in row order.
 */

/* libxlsxwriter's style index of a format (0 = none), looked up at first use, in the
 * order libxlsxwriter would look it up: it numbers the styles as they are first used. */
static int32_t style_index(struct xlsxbook *b, enum xlsx_format f)
{
    if (!b->fmt[f])
        return 0;
    if (b->xf[f] < 0)
        b->xf[f] = lxw_format_get_xf_index(b->fmt[f]);
    return b->xf[f];
}

static bool plain_text(const char *t)
{
    for (const unsigned char *p = (const unsigned char *)t; *p; p++)
        if (*p < 0x20 || (p[0] == '_' && p[1] == 'x'))
            return false;
    return true;
}

/* Whether rows can be written here: a sheet in constant-memory mode whose rows go to
 * its temporary file, a row below every written one. */
static bool row_direct(struct xlsxbook *b, size_t row, size_t n)
{
    lxw_worksheet *ws = b->ws;
    return !b->direct_off && ws->optimize && ws->optimize_tmpfile &&
           ws->file == ws->optimize_tmpfile && ws->optimize_row && row < LXW_ROW_MAX &&
           n <= LXW_COL_MAX && (long long)row > b->last_row;
}

/* Decimal digits of v, as printf's %zu / %d of a non-negative number. */
static void add_uint(struct strbuf *sb, size_t v)
{
    char tmp[24];
    size_t k = sizeof(tmp);
    do {
        tmp[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    strbuf_add(sb, tmp + k, sizeof(tmp) - k);
}

/* <c r="G12": the column's letters as lxw_col_to_name (A..Z, AA..), the row 1-based. */
static void add_ref(struct strbuf *sb, size_t col, size_t row)
{
    char name[8];
    size_t k = sizeof(name);
    for (size_t c = col + 1; c; c = (c - 1) / 26)
        name[--k] = (char)('A' + (c - 1) % 26);
    strbuf_add(sb, "<c r=\"", 6);
    strbuf_add(sb, name + k, sizeof(name) - k);
    add_uint(sb, row + 1);
    strbuf_addch(sb, '"');
}

static void add_style(struct strbuf *sb, int32_t s)
{
    if (s > 0) {
        strbuf_add(sb, " s=\"", 4);
        add_uint(sb, (size_t)s);
        strbuf_addch(sb, '"');
    } else if (s < 0) { /* not a style index libxlsxwriter gives; as it would print it */
        strbuf_addf(sb, " s=\"%d\"", (int)s);
    }
}

/* lxw_escape_data: &, < and > in element text. */
static void add_escaped(struct strbuf *sb, const char *t)
{
    for (const char *p = t;;) {
        size_t k = strcspn(p, "&<>");
        strbuf_add(sb, p, k);
        p += k;
        if (!*p)
            break;
        strbuf_addstr(sb, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : "&gt;");
        p++;
    }
}

static bool is_c_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static void add_text_cell(struct xlsxbook *b, struct strbuf *sb, size_t row, size_t col,
                          const char *t, enum xlsx_format f)
{
    add_ref(sb, col, row);
    add_style(sb, style_index(b, f));
    size_t at = sb->len;
    strbuf_addstr(sb, " t=\"inlineStr\"><is><t>");
    size_t from = sb->len;
    add_escaped(sb, t);
    /* leading or trailing white space is kept by xml:space (of the escaped text) */
    if (is_c_space(sb->buf[from]) || is_c_space(sb->buf[sb->len - 1])) {
        struct strbuf tail = STRBUF_INIT;
        strbuf_add(&tail, sb->buf + from, sb->len - from);
        strbuf_setlen(sb, at);
        strbuf_addstr(sb, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
        strbuf_add(sb, tail.buf, tail.len);
        strbuf_release(&tail);
    }
    strbuf_addstr(sb, "</t></is></c>");
}

/* The row cell by cell through libxlsxwriter, flushed at once. */
static void row_by_cells(struct xlsxbook *b, size_t row, const struct xlsx_cell *cells,
                         size_t n)
{
    for (size_t c = 0; c < n; c++) {
        if (cells[c].kind == XLSX_CELL_TEXT)
            xlsxbook_text(b, row, c, cells[c].text, cells[c].format);
        else if (cells[c].kind == XLSX_CELL_NUMBER)
            xlsxbook_number(b, row, c, cells[c].number, cells[c].format);
    }
    if (b->ws->optimize)
        lxw_worksheet_write_single_row(b->ws); /* now, before any later row */
}

void xlsxbook_row(struct xlsxbook *b, size_t row, const struct xlsx_cell *cells, size_t n)
{
    if (!b->ws)
        return;
    if (!row_direct(b, row, n)) {
        row_by_cells(b, row, cells, n);
        return;
    }
    lxw_worksheet *ws = b->ws;
    /* rows libxlsxwriter holds (the header) go first; nothing held: no-op */
    lxw_worksheet_write_single_row(ws);
    struct strbuf *sb = &b->row_xml;
    strbuf_reset(sb);
    size_t min_col = SIZE_MAX, max_col = 0;
    for (size_t c = 0; c < n; c++) {
        const struct xlsx_cell *x = &cells[c];
        const char *t = NULL;
        enum xlsx_format f = x->format;
        if (x->kind == XLSX_CELL_TEXT) {
            t = clean_text(b, x->text);
            if (!plain_text(t)) { /* libxlsxwriter's escaping: the row goes its way */
                row_by_cells(b, row, cells, n);
                return;
            }
        } else if (x->kind == XLSX_CELL_NUMBER && isinf(x->number)) {
            t = x->number > 0 ? "Inf" : "-Inf";
            f = XLSX_TEXT;
        } else if (x->kind != XLSX_CELL_NUMBER || isnan(x->number)) {
            continue;
        }
        if (t && !*t)
            continue;
        if (min_col == SIZE_MAX)
            min_col = c;
        max_col = c;
        if (t) {
            add_text_cell(b, sb, row, c, t, f);
        } else {
            char num[NUM_FMT_SIZE];
            add_ref(sb, c, row);
            add_style(sb, style_index(b, f));
            strbuf_addstr(sb, "><v>");
            strbuf_addstr(sb, num_format_g16(x->number, num));
            strbuf_addstr(sb, "</v></c>");
        }
    }
    if (min_col == SIZE_MAX)
        return; /* no cell: libxlsxwriter writes no row either */
    strbuf_addstr(sb, "</row>");
    char head[40] = "<row r=\"";
    size_t hl = 8; /* <row r=" */
    char digits[24];
    size_t k = sizeof(digits);
    for (size_t v = row + 1; v; v /= 10)
        digits[--k] = (char)('0' + v % 10);
    memcpy(head + hl, digits + k, sizeof(digits) - k);
    hl += sizeof(digits) - k;
    head[hl++] = '"';
    head[hl++] = '>';
    if (fwrite(head, 1, hl, ws->optimize_tmpfile) != hl ||
        fwrite(sb->buf, 1, sb->len, ws->optimize_tmpfile) != sb->len)
        note(b, LXW_ERROR_CREATING_TMPFILE);
    /* as libxlsxwriter's _check_dimensions does per cell */
    if ((lxw_row_t)row < ws->dim_rowmin)
        ws->dim_rowmin = (lxw_row_t)row;
    if ((lxw_row_t)row > ws->dim_rowmax)
        ws->dim_rowmax = (lxw_row_t)row;
    if ((lxw_col_t)min_col < ws->dim_colmin)
        ws->dim_colmin = (lxw_col_t)min_col;
    if ((lxw_col_t)max_col > ws->dim_colmax)
        ws->dim_colmax = (lxw_col_t)max_col;
    /* libxlsxwriter's current row: it refuses a cell above it, as for its own rows */
    ws->optimize_row->row_num = (lxw_row_t)row;
    b->last_row = (long long)row;
}

void xlsxbook_set_direct(struct xlsxbook *b, bool on)
{
    b->direct_off = !on;
}

void xlsxbook_column_width(struct xlsxbook *b, size_t col, double width)
{
    if (b->ws)
        note(b, worksheet_set_column(b->ws, (lxw_col_t)col, (lxw_col_t)col, width, NULL));
}

void xlsxbook_freeze_header(struct xlsxbook *b)
{
    if (b->ws)
        worksheet_freeze_panes(b->ws, 1, 0);
}

void xlsxbook_autofilter(struct xlsxbook *b, size_t last_row, size_t last_col)
{
    if (b->ws)
        note(b, worksheet_autofilter(b->ws, 0, 0, (lxw_row_t)last_row, (lxw_col_t)last_col));
}

const char *xlsxbook_close(struct xlsxbook *b)
{
    const char *msg = NULL;
    if (b->no_sheet || b->err != LXW_NO_ERROR) {
        msg = b->no_sheet ? "a worksheet could not be added" : lxw_strerror(b->err);
        lxw_workbook_free(b->wb);
    } else {
        lxw_error e = workbook_close(b->wb);
        if (e != LXW_NO_ERROR)
            msg = lxw_strerror(e);
    }
    free_bufs(b);
    strbuf_release(&b->scratch);
    strbuf_release(&b->row_xml);
    free(b);
    return msg;
}

void xlsxbook_discard(struct xlsxbook *b)
{
    if (!b)
        return;
    lxw_workbook_free(b->wb);
    free_bufs(b);
    strbuf_release(&b->scratch);
    strbuf_release(&b->row_xml);
    free(b);
}
