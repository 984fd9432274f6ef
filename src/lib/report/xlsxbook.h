/*
 * xlsxbook — the one place trygg talks to libxlsxwriter: a workbook of plain sheets
 * with text and number cells in a few fixed formats.
 *
 * Kept apart from the results model because libxlsxwriter's headers declare global
 * names (chart_add_series, ...) that clash with trygg's; only this file includes them.
 *
 * Invariants that make every workbook valid, whatever the data:
 *   - text is only ever written as a string cell, never as a formula: "=cmd|..." from
 *     data stays inert text;
 *   - text is made valid for XML: invalid UTF-8 becomes U+FFFD, control bytes other
 *     than TAB and LF become spaces, and it is cut (on a character boundary) at
 *     Excel's 32,767 characters;
 *   - a NaN number is no cell at all (empty); an infinity is the text "Inf"/"-Inf";
 *   - sheet names must come from xlsx_sheet_names(), which makes them valid and unique.
 *
 * Errors: the first failure of any call is remembered and returned by
 * xlsxbook_close(); the calls themselves need no checking.
 */
#ifndef TRYGG_OUT_XLSXBOOK_H
#define TRYGG_OUT_XLSXBOOK_H

#include <stdbool.h>
#include <stddef.h>

/* Room for a sheet name: 31 UTF-16 units are at most 31 * 3 bytes of UTF-8 (a 4-byte
 * sequence counts as two units), and the NUL. */
#define XLSX_SHEET_NAME_SIZE 96

enum xlsx_format {
    XLSX_GENERAL,  /* Excel's General */
    XLSX_TEXT,     /* text ("@") */
    XLSX_HEADER,   /* bold, shaded, a rule below */
    XLSX_WHOLE,    /* "0" */
    XLSX_STAT,     /* "0.000" */
    XLSX_P,        /* "0.0000", "<0.0001" below 0.0001 */
    XLSX_THOUSANDS, /* "#,##0" */
    XLSX_DEC1,     /* "0.0" */
    XLSX_DEC2,     /* "0.00" */
    XLSX_DEC3,     /* "0.000" */
    XLSX_DEC4,     /* "0.0000" */
    XLSX_SCI,      /* "0.00E+00" */
    XLSX_N_FORMATS
};

/* The format that shows about four significant digits of numbers up to magnitude m
 * (the largest absolute value of a row's estimate and interval). */
enum xlsx_format xlsx_magnitude_format(double m);

/* Makes n valid, unique sheet names out of the wanted ones (borrowed), in order: the
 * characters [ ] : * ? / \ and control bytes become '_', so does a leading or trailing
 * apostrophe; at most 31 UTF-16 units; unique without regard to case (ASCII and
 * Latin-1 letters), a clash getting "~2", "~3", ...; never "History" (reserved by
 * Excel); an empty name becomes "sheet". */
void xlsx_sheet_names(const char *const *wanted, size_t n, char (*out)[XLSX_SHEET_NAME_SIZE]);

struct xlsxbook;

/* Returns a new workbook that will be written to path (borrowed, copied) by
 * xlsxbook_close(); title and comment are document properties.  NULL if out of
 * memory. */
struct xlsxbook *xlsxbook_new(const char *path, const char *title, const char *comment);
/* Adds a sheet (name from xlsx_sheet_names()) and makes it the current one. */
void xlsxbook_add_sheet(struct xlsxbook *b, const char *name);
/* Cells of the current sheet (row and column 0-based), written top to bottom: a row is
 * flushed when a later one starts (libxlsxwriter's constant-memory mode), so a cell
 * above it is refused and xlsxbook_close() reports the failure. */
void xlsxbook_text(struct xlsxbook *b, size_t row, size_t col, const char *text,
                   enum xlsx_format f);
void xlsxbook_number(struct xlsxbook *b, size_t row, size_t col, double x, enum xlsx_format f);
/* A cell of a whole row: text (borrowed), a number, or none. */
enum xlsx_cell_kind { XLSX_CELL_NONE, XLSX_CELL_TEXT, XLSX_CELL_NUMBER };
struct xlsx_cell {
    enum xlsx_cell_kind kind;
    const char *text;
    double number;
    enum xlsx_format format;
};
/* Row `row` of the current sheet, cells[c] in column c: the same cells, and the same
 * file, as xlsxbook_text and xlsxbook_number for each, at a fraction of the cost (the
 * row's XML is written here, not by libxlsxwriter cell by cell; xlsxbook.c).  Rows top
 * to bottom, after any row written cell by cell. */
void xlsxbook_row(struct xlsxbook *b, size_t row, const struct xlsx_cell *cells, size_t n);
/* Tests: false makes xlsxbook_row write cell by cell through libxlsxwriter, the
 * reference its own XML is compared with. */
void xlsxbook_set_direct(struct xlsxbook *b, bool on);
/* Column width in characters. */
void xlsxbook_column_width(struct xlsxbook *b, size_t col, double width);
/* Freezes the first row of the current sheet. */
void xlsxbook_freeze_header(struct xlsxbook *b);
/* An autofilter over rows 0..last_row, columns 0..last_col. */
void xlsxbook_autofilter(struct xlsxbook *b, size_t last_row, size_t last_col);
/* Writes the file and frees b.  Returns NULL, or a message (static) of the first
 * failure. */
const char *xlsxbook_close(struct xlsxbook *b);
/* Frees b without writing anything.  NULL is a no-op. */
void xlsxbook_discard(struct xlsxbook *b);

#endif
