/*
 * tablefit — see tablefit.h.
 */
#include "report/tablefit.h"

#include <stdlib.h>
#include <string.h>

#include "report/textwidth.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The two widths a table must fit, in em of its font, and a cell's horizontal padding:
 * A4 less 15 mm margins is 510 pt, at 8.5 pt; padding .3 rem a side (rem = 12 pt).
 * A 1280 px screen: main is 68 rem less 2 rem of padding, at .92 rem; .6 rem a side. */
static const struct {
    double width, pad;
} PAGES[] = {{510.0 / 8.5, 7.2 / 8.5}, {66.0 / 0.92, 1.2 / 0.92}};
/* Estimates may be off by a little (fonts, borders, rounding): fit within this share. */
#define SAFETY 0.95
/* A tone cell's symbol and its margin (.3 rem) before the text. */
#define MARK_EM 1.25

/* The min-content width of the text s as report.html sets it (with soft hyphens or
 * without). */
static double cell_min(tablefit_escape_fn esc, void *ctx, bool hyphenate, const char *s,
                       bool bold)
{
    struct strbuf m = STRBUF_INIT;
    esc(ctx, &m, s ? s : "", hyphenate);
    double w = m.len ? markup_min_width_em(m.buf, m.len, bold) : 0;
    strbuf_release(&m);
    return w;
}

static bool fits(const double *need, size_t n)
{
    for (size_t p = 0; p < sizeof(PAGES) / sizeof(PAGES[0]); p++) {
        double sum = 0;
        for (size_t c = 0; c < n; c++)
            sum += need[c] + PAGES[p].pad;
        if (sum > SAFETY * PAGES[p].width)
            return false;
    }
    return true;
}

bool tablefit_plan(const struct table *t, const unsigned char *cell_tone, tablefit_escape_fn esc,
                   void *ctx, bool *hyphenate)
{
    size_t n = t->n_cols;
    memset(hyphenate, 0, n * sizeof(*hyphenate));
    if (n == 0)
        return false;
    double *whole = xcalloc(n, sizeof(double)), *hyph = xcalloc(n, sizeof(double));
    double *need = xcalloc(n, sizeof(double));
    for (size_t c = 0; c < n; c++) {
        bool num = t->numeric && t->numeric[c];
        /* a number column's head is never hyphenated (html.c), its cells neither */
        whole[c] = cell_min(esc, ctx, false, t->cols[c], true);
        hyph[c] = num ? whole[c] : cell_min(esc, ctx, true, t->cols[c], true);
        for (size_t r = 0; r < t->n_rows; r++) {
            const char *s = table_cell(t, r, c);
            double mark = cell_tone && cell_tone[r * n + c] != 0 ? MARK_EM : 0;
            double w = cell_min(esc, ctx, false, s, false) + mark;
            if (w > whole[c])
                whole[c] = w;
            if (!num)
                w = cell_min(esc, ctx, true, s, false) + mark;
            if (w > hyph[c])
                hyph[c] = w;
        }
        /* the rows' names keep TABLEFIT_FIRST_MIN_EM in every table (html.c) */
        if (c == 0 && !num) {
            if (whole[c] < TABLEFIT_FIRST_MIN_EM)
                whole[c] = TABLEFIT_FIRST_MIN_EM;
            if (hyph[c] < TABLEFIT_FIRST_MIN_EM)
                hyph[c] = TABLEFIT_FIRST_MIN_EM;
        }
        need[c] = whole[c];
    }
    bool anywhere = false;
    while (!fits(need, n)) {
        size_t best = n;
        for (size_t c = 0; c < n; c++)
            if (!hyphenate[c] && hyph[c] < need[c] && (best == n || need[c] > need[best]))
                best = c;
        if (best == n) { /* no column narrows further with soft hyphens */
            anywhere = true;
            break;
        }
        hyphenate[best] = true;
        need[best] = hyph[best];
    }
    if (anywhere) {
        /* Words may now break anywhere, and a text column shrinks to its CSS minimum:
         * every text word wider than that gets its break points, so it breaks at a
         * syllable rather than at whatever letter the edge falls on. */
        for (size_t c = 0; c < n; c++) {
            double floor = c == 0 ? TABLEFIT_FIRST_MIN_EM : TABLEFIT_TEXT_MIN_EM;
            if (!(t->numeric && t->numeric[c]) && hyph[c] < whole[c] && whole[c] > floor)
                hyphenate[c] = true;
        }
    }
    free(whole);
    free(hyph);
    free(need);
    return anywhere;
}

/* The width of s written by esc on one line (its max-content width), in em. */
static double cell_max(tablefit_escape_fn esc, void *ctx, bool hyphenate, const char *s,
                       bool bold)
{
    struct strbuf m = STRBUF_INIT;
    esc(ctx, &m, s ? s : "", hyphenate);
    /* the text without markup: tags skipped, soft hyphens (invisible) dropped */
    struct strbuf plain = STRBUF_INIT;
    bool tag = false;
    for (size_t i = 0; i < m.len; i++) {
        char c = m.buf[i];
        if (c == '<')
            tag = true;
        else if (c == '>' && tag)
            tag = false;
        else if (!tag && !((unsigned char)c == 0xC2 && i + 1 < m.len &&
                           (unsigned char)m.buf[i + 1] == 0xAD && ++i))
            strbuf_addch(&plain, c);
    }
    double w = plain.len ? text_width_em(plain.buf, plain.len, bold) : 0;
    strbuf_release(&m);
    strbuf_release(&plain);
    return w;
}

/* Lines a text of width w em takes in a column of width col em (words wrap, so a
 * little more than the ratio). */
static double lines_in(double w, double col)
{
    if (w <= col || col <= 0)
        return 1;
    double n = w / col * 1.12;
    return n < 2 ? 2 : (double)(long)(n + 0.999);
}

double tablefit_print_height_pt(const struct table *t, tablefit_escape_fn esc, void *ctx,
                                const bool *hyphenate)
{
    size_t n = t->n_cols;
    if (n == 0)
        return 0;
    const double font = 8.5, line = font * 1.55, pad_v = 4.8 + 1; /* pt; padding, rule */
    const double width = PAGES[0].width, pad = PAGES[0].pad; /* em of 8.5 pt */
    double *lo = xcalloc(n, sizeof(double)), *hi = xcalloc(n, sizeof(double));
    double *col = xcalloc(n, sizeof(double));
    for (size_t c = 0; c < n; c++) {
        bool h = hyphenate && hyphenate[c];
        lo[c] = cell_min(esc, ctx, h, t->cols[c], true);
        hi[c] = cell_max(esc, ctx, h, t->cols[c], true);
        for (size_t r = 0; r < t->n_rows; r++) {
            const char *s = table_cell(t, r, c);
            double a = cell_min(esc, ctx, h, s, false), b = cell_max(esc, ctx, h, s, false);
            if (a > lo[c])
                lo[c] = a;
            if (b > hi[c])
                hi[c] = b;
        }
        if (c == 0 && !(t->numeric && t->numeric[c]) && lo[c] < TABLEFIT_FIRST_MIN_EM)
            lo[c] = TABLEFIT_FIRST_MIN_EM;
        if (hi[c] < lo[c])
            hi[c] = lo[c];
    }
    double sum_lo = 0, sum_hi = 0, room = width - (double)n * pad;
    for (size_t c = 0; c < n; c++) {
        sum_lo += lo[c];
        sum_hi += hi[c];
    }
    for (size_t c = 0; c < n; c++) {
        if (sum_hi <= room)
            col[c] = hi[c];
        else if (sum_lo >= room || sum_hi <= sum_lo)
            col[c] = lo[c];
        else
            col[c] = lo[c] + (hi[c] - lo[c]) * (room - sum_lo) / (sum_hi - sum_lo);
    }
    double height = 0;
    for (long r = -1; r < (long)t->n_rows; r++) { /* -1: the header */
        double most = 1;
        for (size_t c = 0; c < n; c++) {
            bool h = hyphenate && hyphenate[c];
            const char *s = r < 0 ? t->cols[c] : table_cell(t, (size_t)r, c);
            double k = lines_in(cell_max(esc, ctx, h, s, r < 0), col[c]);
            if (k > most)
                most = k;
        }
        height += most * line + pad_v;
    }
    if (t->title && *t->title)
        height += 2 * 10.5 * 1.55; /* the caption, maybe two lines */
    free(lo);
    free(hi);
    free(col);
    return height;
}
