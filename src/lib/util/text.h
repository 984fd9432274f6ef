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
