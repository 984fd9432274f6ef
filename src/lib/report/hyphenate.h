/*
 * hyphenate — typesetting of report text for narrow places (table cells, headings,
 * callouts) on A4 and on phones: soft hyphens in long words, dates and number ranges
 * kept on one line.
 *
 * Browsers hyphenate (CSS `hyphens:auto`) only with dictionaries of their own, and
 * Debian's Chromium has none, so a long Swedish compound ("Trygghetsundersökningen",
 * "jämförelseområdet") in a narrow table column was cut between any two letters with
 * no hyphen, or ran out of its cell.  trygg inserts U+00AD SOFT HYPHEN itself, at the
 * break points of the TeX hyphenation patterns of the report's language (libhyphen,
 * Debian's hyphen-sv and hyphen-en-us).  A soft hyphen is invisible unless the line
 * breaks there, and then shows as "-".  It is in the text a reader copies, searches
 * and prints to PDF all the same, so report.html asks for them only where a word would
 * not fit otherwise (report/tablefit.h; a word longer than a phone's line elsewhere).
 * A Swedish compound of known parts breaks between its parts first
 * (report/compound_sv.h), where the patterns' syllables would cross the boundary.
 *
 * Only plain words get them: a whitespace-separated chunk that holds a digit, '_',
 * '.', ':', '@', '=' or the like is a number, date, code, file name, URL or
 * identifier and is left as it is, as are words in capitals (acronyms, codes) and
 * camelCase.  Dates and number ranges ("2021-03-01", "2019–2022", "0,5–1,2", and
 * spaced: "2019 – 2022", "0,5 - 1,2") are wrapped in <span class="nobr">
 * (white-space:nowrap in the page's CSS), so they never break at their hyphens or
 * spaces; their text is unchanged.
 *
 * Element content only: attribute values (title, alt, aria-label, data-*), the
 * <title>, and the CSV, Markdown, JSON and XLSX outputs never pass through here.
 * Escaping is markup_escape()'s, so text from data still cannot become markup.
 */
#ifndef TRYGG_REPORT_HYPHENATE_H
#define TRYGG_REPORT_HYPHENATE_H

#include <stddef.h>

#include "util/strbuf.h"

/* Words shorter than this (in characters) are never hyphenated: they fit a text
 * column (at least 7.5em wide, html.c), and soft hyphens in them only let the
 * table squeeze that column and split "minsk-ning" where it need not. */
#define HYPH_MIN_WORD 10

struct hyphenator;

/* The patterns for lang ("sv" Swedish, other English), read from dir/hyph_sv_SE.dic
 * or dir/hyph_en_US.dic; dir NULL = TRYGG_HYPHEN_DIR (/usr/share/hyphen).  NULL when
 * the file cannot be read: the report is then set without soft hyphens. */
struct hyphenator *hyphenator_open(const char *lang, const char *dir);
void hyphenator_close(struct hyphenator *h);

/* Reading the patterns takes ~15 ms of CPU (libhyphen parses the whole file), on the
 * critical path of writing report.html.  hyphenator_prefetch() starts reading the
 * installed patterns (dir NULL) for lang on a thread while the caller computes; the
 * next hyphenator_open(lang, NULL) of the same language takes them (waiting if they
 * are still being read).  One prefetch at a time: a second one, or
 * hyphenator_prefetch_drop(), drops what the last one read (call it before exit).  With
 * TRYGG_THREADS=1 nothing is prefetched.  Not thread-safe: one thread calls these. */
void hyphenator_prefetch(const char *lang);
void hyphenator_prefetch_drop(void);

/* Appends s[0..len) as markup_escape() does, with soft hyphens in its long plain
 * words (h NULL: none) and every date or number range in a nowrap span. */
void hyph_escape(const struct hyphenator *h, struct strbuf *out, const char *s, size_t len);
/* The same, soft hyphens only in words of at least min_chars characters (at least
 * HYPH_MIN_WORD): text set at the width of the page (headings, callouts) needs them
 * only in a word longer than the narrowest line it may be set in. */
void hyph_escape_min(const struct hyphenator *h, struct strbuf *out, const char *s, size_t len,
                     size_t min_chars);
/* hyph_escape() of a NUL-terminated string (NULL is ""). */
void hyph_escape_str(const struct hyphenator *h, struct strbuf *out, const char *s);

#endif
