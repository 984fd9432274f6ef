/*
 * tablefit — which columns of a report.html table need break points inside words.
 *
 * A soft hyphen is in the text a reader copies or searches, and Chromium puts every
 * one into a printed PDF's text layer (where some viewers then fail to find
 * "Trygghetsundersökningen"), so report.html has them only where a word would not
 * fit otherwise: in the text columns of a table too wide for the page with its words
 * whole.  Every other table is laid out with each column at least as wide as its
 * longest word (the page's CSS breaks a word only when it must).
 *
 * A table fits when the widest unbreakable piece of each column (textwidth.h, with
 * the column's CSS minimum) plus cell padding sums to at most the text width of A4
 * (180 mm at the 8.5 pt of printed tables) and of a 1280 px screen (66 rem at
 * .92 rem), with a margin.  While it does not, the text column needing the most width
 * is given soft hyphens (its widest piece becomes its widest syllable run).  A table
 * that still does not fit (hashes, paths: pieces no hyphen can break) may break
 * anywhere; its text columns then keep a minimum width and all get soft hyphens.  On
 * a phone a table wider than the screen scrolls sideways inside its box.
 */
#ifndef TRYGG_REPORT_TABLEFIT_H
#define TRYGG_REPORT_TABLEFIT_H

#include <stdbool.h>

#include "util/strbuf.h"
#include "util/table.h"

/* The minimum widths of report.html's CSS, in em of the table's font: a text column
 * of a table that breaks anywhere (without it the column was squeezed to a few
 * letters), and the first column, the rows' names, if text, in every table. */
#define TABLEFIT_TEXT_MIN_EM 7.5
#define TABLEFIT_FIRST_MIN_EM 11

/* Appends the text s as report.html sets it in a cell, with soft hyphens where they
 * may go (hyphenate) or without; ctx is the caller's. */
typedef void (*tablefit_escape_fn)(void *ctx, struct strbuf *out, const char *s, bool hyphenate);

/*
 * Plans t (cell_tone: a tone per cell, marked cells carry a symbol; may be NULL):
 * hyphenate[c] (n_cols entries) tells whether column c's text gets soft hyphens, and
 * the result whether the table must be allowed to break words anywhere.  Cells are
 * measured as esc(ctx, ...) writes them, so a Swedish name in an English report is
 * measured with its Swedish break points (report/langspan.h).
 */
bool tablefit_plan(const struct table *t, const unsigned char *cell_tone, tablefit_escape_fn esc,
                   void *ctx, bool *hyphenate);

/*
 * The height of t printed on A4 (tables at 8.5 pt across the 180 mm text width), in pt,
 * estimated as a browser's automatic table layout sets it: each column gets its
 * longest line if all fit, else its widest word plus a share of the rest in proportion
 * to what more it would take; a cell's text wraps into as many lines as its width
 * needs.  Cells measured as esc(ctx, ..., hyphenate[c]) writes them.  report.html keeps
 * a table no taller than TABLEFIT_KEEP_PT on one page in print.
 */
double tablefit_print_height_pt(const struct table *t, tablefit_escape_fn esc, void *ctx,
                                const bool *hyphenate);
/* About half of A4's text height (263 mm = 745 pt): a table kept whole moves to the next
 * page when it does not fit, leaving at most this much empty. */
#define TABLEFIT_KEEP_PT 400.0

#endif
