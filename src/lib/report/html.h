/*
 * html — renders a report (eval/doc.h) as one self-contained HTML5 page.
 *
 * Self-contained: the CSS is inline, charts are inlined as SVG (read from the charts
 * directory and re-serialised by svg_clean(), ids prefixed per chart), there is no
 * JavaScript, and a Content-Security-Policy in the page forbids scripts and every
 * network load, so the file can be mailed, opened offline and printed.  Each chart
 * also links its SVG file (and its PNG when one was drawn: relative links, for people
 * who want the image).
 * The page reads well on a phone (one column, tables scroll sideways) and prints to
 * A4 (@page, no breaks inside tables, figures and callouts; links and the table of
 * contents' dots hidden).
 *
 * Every text from the doc goes through markup_escape(); nothing in a doc is markup.
 * Tones are shown by colour and also by a symbol and a word (✓ met, ✗ not met,
 * ? inconclusive, i note), so they survive black-and-white printing and colour
 * blindness.  Fixed texts (table of contents, tone words, chart notes) follow
 * doc->lang ("sv", else English).
 */
#ifndef TRYGG_OUT_HTML_H
#define TRYGG_OUT_HTML_H

#include <stdbool.h>

#include "eval/doc.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct html_options {
    /* Directory holding <chart>.svg as written by plot_render(); NULL: no charts are
     * inlined (each chart block then shows its note). */
    const char *charts_dir;
    /* How the page links the chart files, relative to the page; NULL = "charts". */
    const char *charts_href;
    /* Footer line, e.g. "trygg 0.3.0"; NULL = "trygg " TRYGG_VERSION. */
    const char *generator;
    /* The charts were also drawn as <chart>.png (`trygg run --png`): the page links
     * them beside the SVGs. */
    bool png;
};

/* Appends the page for d (borrowed).  A chart whose SVG is missing or unreadable is
 * shown as a note with its text alternative; an unreadable SVG also adds a warning
 * to dl.  opt may be NULL. */
void html_render(const struct doc *d, const struct html_options *opt, struct strbuf *out,
                 struct diag_list *dl);
/* Renders and writes the page to path atomically.  0, or -1 with an error in dl. */
int html_write(const struct doc *d, const struct html_options *opt, const char *path,
               struct diag_list *dl);

/* The word for a tone in a language ("sv" or other = English), e.g. "Not met";
 * "" for TONE_NONE.  Shared with the Markdown writer. */
const char *doc_tone_word(enum doc_tone tone, const char *lang);
/* The word before a callout (a note in the running text, never a criterion's verdict,
 * which only the criteria table's cells carry): "Varning"/"Warning" and
 * "Förbehåll"/"Caution" where a table cell would say "not met" or "inconclusive". */
const char *doc_callout_word(enum doc_tone tone, const char *lang);
/* The symbol for a tone: "✓", "✗", "?", "i", or "" for TONE_NONE. */
const char *doc_tone_symbol(enum doc_tone tone);

#endif
