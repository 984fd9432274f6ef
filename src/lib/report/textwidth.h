/*
 * textwidth — how wide report.html's text will be set, estimated before a browser
 * lays it out, so that the report can decide where a table needs break points.
 *
 * The estimate uses the advance widths of DejaVu Sans (regular and bold), the font
 * Debian's Chromium prints the report's font stack with and among the widest sans
 * serifs a reader's browser picks (Segoe UI, Roboto, Helvetica and Liberation Sans are
 * narrower), so a table judged to fit fits in those too.  Widths are in em of the
 * text's own font size; kerning is ignored (it only narrows).
 */
#ifndef TRYGG_REPORT_TEXTWIDTH_H
#define TRYGG_REPORT_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>

/* The width of the UTF-8 text s[0..len) on one line, in em. */
double text_width_em(const char *s, size_t len, bool bold);

/*
 * The widest piece of report.html markup (html[0..len), as hyph_escape() writes it)
 * that a browser cannot break: the min-content width of a table cell holding it, in
 * em.  Lines may break at white space, after a soft hyphen (which then shows as a
 * hyphen, counted in the piece's width) and after a hyphen or dash between two
 * letters; never inside <span class="nobr">.  Tags are skipped and the character
 * references markup_escape() writes are read as their characters.
 */
double markup_min_width_em(const char *html, size_t len, bool bold);

#endif
