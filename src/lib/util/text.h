/*
 * text — small text helpers shared by the readers: trimming blanks and the case
 * folding used to match column names and labels ("KÖN" = "kön"), which covers ASCII
 * and the Latin-1 letters (å ä ö é ü ...) that Swedish files use.
 */
#ifndef TRYGG_UTIL_TEXT_H
#define TRYGG_UTIL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

/* Moves *s and *len past ASCII blanks (space, tab) at both ends. */
/* The 1-based line and column (in bytes) of byte `offset` of `text`: "\n", "\r\n" and a
 * lone "\r" (old Mac files) each end a line, as the CSV and INI readers count them. */
void text_position(const char *text, size_t offset, long *line, long *column);

void text_trim(const char **s, size_t *len);
/* Like text_trim, and also trims no-break spaces (U+00A0 in UTF-8) and the HTML
 * entity "&nbsp;", which exports from web applications (Brå's statistics database)
 * and text pasted from Excel carry as indentation. */
void text_trim_blank(const char **s, size_t *len);
/*
 * The spreadsheet formula guard (CSV injection, OWASP): a text cell that Excel or
 * LibreOffice would run as a formula starts with '=', '+', '-', '@', TAB or CR.  trygg's
 * CSV exports write such a cell with a leading apostrophe (the spreadsheets' own "this
 * is text" mark), and its readers take that apostrophe away again, so an export imports
 * back to the same text.  To keep that exact, a cell that already starts with
 * apostrophes followed by one of those characters gets one more on export, and a reader
 * removes exactly one.  Any other cell, a lone apostrophe or "'s-Hertogenbosch"
 * included, is written and read as it is.
 */
/* True when s (after zero or more apostrophes) starts with = + - @ TAB or CR: the
 * exporter writes it with one more apostrophe in front. */
bool text_formula_needs_guard(const char *s, size_t len);
/* When s is such a cell with at least one apostrophe in front, drops the first
 * apostrophe (the reader's side).  Otherwise leaves s as it is. */
void text_formula_unguard(const char **s, size_t *len);
/* The bytes of the line at s (of at most len bytes) before its line break: "\n", "\r"
 * or the end. */
size_t text_line_length(const char *s, size_t len);
/* Appends the case-folded text (same byte length as the input). */
void text_fold(struct strbuf *out, const char *s, size_t len);
/* Equal after trimming and case folding. */
bool text_equal_fold(const char *a, size_t alen, const char *b, size_t blen);

/*
 * Swedish collation for names shown to people: letters compare without regard to
 * case, å, ä and ö come after z (in that order), é/è sort as e, ü as y, à/á as a;
 * digits and other characters by their code point.  Ties are broken byte-wise, so the
 * order is total.  Like strcmp: <0, 0, >0.
 */
int text_collate_sv(const char *a, size_t alen, const char *b, size_t blen);

#endif
