/*
 * tables_csv — the report's tables as CSV files for spreadsheets (`trygg run --tables`,
 * docs/results.md "The report's tables as CSV").
 *
 * A renderer of the report document, as html.c and markdown.c are: it writes every
 * table the report shows (the weighted survey tables per wave, per group and wave,
 * before and after, the subgroup changes, the supporting tests, the incident tables
 * ...) and the answer distributions the report draws as stacked bars, and nothing
 * else.  Because it reads the very cells the report prints, after the run's
 * disclosure control, a cell the report withholds ("för få svar", "·", an empty
 * estimate) is withheld in the CSV too, and no number appears that the report does
 * not show: the CSV holds the report's figures, rounded as the report rounds them.
 *
 * What changes is the form, so that a spreadsheet can compute with the figures:
 *   - in the columns the report aligns as numbers, a cell that is a number as the
 *     report writes it ("1 226", "10,8 %", "-1,0 p.e.", "0,953") becomes a number
 *     cell in the CSV dialect ("10,8" or "10.8"; no thousands separator, ASCII minus);
 *     an estimate with its interval ("10,8 % (9,1 till 12,9 %)") becomes three
 *     columns (the estimate, the interval's lower and upper limit), an interval alone
 *     ("0,928 till 0,978") two; a unit shared by the column goes to its header
 *     ("Skattning (%)"), mixed units get a unit column; a significance mark ("*")
 *     gets a mark column;
 *   - every other cell (labels, "för få svar", "basår", "–", "< 0,001") is text,
 *     exactly as the report prints it, neutralised against formula injection and
 *     quoted as in results.csv (csv_text_cell: '=', '+', '-', '@', TAB, CR get a
 *     leading apostrophe; control and bidi characters become U+FFFD).
 *
 * Files: NN-<slug>.csv per table, in report order (NN from 01), named after the
 * table's section heading and title in ASCII, and index.csv listing each file with its
 * section, title and the note printed under it.  UTF-8 with a byte-order mark in both
 * dialects (these files are for spreadsheets: Excel reads UTF-8 without one as its
 * legacy code page), LF line ends, RFC 4180 quoting.
 */
#ifndef TRYGG_REPORT_TABLES_CSV_H
#define TRYGG_REPORT_TABLES_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/doc.h"
#include "report/results_csv.h"
#include "util/diag.h"

struct tables_csv_file {
    char *name; /* "03-otrygg-per-ar.csv" */
    char *data;
    size_t len;
};

struct tables_csv {
    struct tables_csv_file *files; /* index.csv last */
    size_t n;
};

/* Renders every table of d (borrowed) into out (release with tables_csv_release). */
void tables_csv_render(const struct doc *d, enum csv_dialect dialect, struct tables_csv *out);
void tables_csv_release(struct tables_csv *t);

/* Renders and writes the files into dir (which must exist; each written atomically),
 * and removes the *.csv files a previous run left there that this run did not write
 * (a table that is gone must not linger beside the new ones).  0, or -1 with an error
 * in dl. */
int tables_csv_write(const struct doc *d, enum csv_dialect dialect, const char *dir,
                     struct diag_list *dl);

/* ------------------------------------------------------------------ exposed for tests */

enum tcell_kind {
    TCELL_TEXT = 0, /* not a number as the report writes one */
    TCELL_NUMBER,   /* "10,8 %" */
    TCELL_INTERVAL, /* "9,1 till 12,9 %" */
    TCELL_ESTIMATE  /* "10,8 % (9,1 till 12,9 %)" */
};

struct tcell {
    enum tcell_kind kind;
    /* numbers as C text: optional '-', digits, optional '.' and digits */
    char value[64], low[64], high[64];
    char unit[16]; /* "%", "p.e.", "pp", "kr", "SEK" or "" */
    bool mark;     /* a trailing "*" (significant) */
};

/* Reads one cell written in the report language lang ("sv": decimal comma, no-break
 * space between thousands; "en": decimal point, comma between thousands). */
void tables_csv_parse_cell(const char *lang, const char *text, struct tcell *out);

#endif
