/*
 * markdown — renders a report (eval/doc.h) as CommonMark with GitHub's pipe tables,
 * report.md: for reading as plain text, pasting into a wiki or converting with pandoc.
 *
 * Every text from the doc goes through md_escape() (text that starts a block: a
 * paragraph, a list item) or md_escape_inline() (table cells, headings, emphasis),
 * which make it literal text while escaping only what Markdown would read as markup,
 * so that numbers stay readable in the plain file ("0.932", "-0.07", "< 0.001"):
 *   - always \ ` * [ ] | > (emphasis, code, links, table cells);
 *   - '~' after a word character or beside another '~' (one that could close a
 *     strikethrough; "~1" in an R formula cannot);
 *   - '_' unless inside a word ("trygghet_2015" cannot emphasise);
 *   - '<' before a letter, '/', '!' or '?' (raw HTML, autolinks); '&' before a letter
 *     or '#' (entity references);
 *   - at the start of a block only: '#', '>', '-', '+' or '*' followed by a blank,
 *     a line of one repeated '-', '=', '_' or '*', and "1." or "1)" followed by a
 *     blank (headings, quotes, lists, rules);
 * line breaks and other control characters become spaces (a doc text is one
 * paragraph), invalid UTF-8 becomes U+FFFD.  So a label can neither add markup, nor
 * raw HTML, nor break out of a table cell.
 *
 * Charts are images, ![alt](charts/<name>.svg) — GitHub, pandoc, editors and browsers
 * show SVG — or ![alt](charts/<name>.png) when the run drew PNGs too (`--png`, for
 * pandoc to Word without an SVG converter), when that file exists; otherwise a note.  Callouts are block quotes starting with the tone in bold ("**✗ Not met:**"),
 * key-value blocks are lists with bold keys.
 */
#ifndef TRYGG_OUT_MARKDOWN_H
#define TRYGG_OUT_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/doc.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct markdown_options {
    const char *charts_dir;  /* where <name>.svg was written; NULL: charts are notes */
    const char *charts_href; /* link prefix relative to the file; NULL = "charts" */
    const char *generator;   /* footer; NULL = "trygg " TRYGG_VERSION */
    bool png;                /* link <name>.png (drawn with --png) instead of the SVG */
};

/* Appends text[0..len) as literal Markdown text that starts a block (see above). */
void md_escape(struct strbuf *out, const char *text, size_t len);
/* The same for text inside a block, where block markers mean nothing. */
void md_escape_inline(struct strbuf *out, const char *text, size_t len);

/* Appends the document (d borrowed; opt may be NULL). */
void markdown_render(const struct doc *d, const struct markdown_options *opt,
                     struct strbuf *out);
/* Renders and writes to path atomically.  0, or -1 with an error in dl. */
int markdown_write(const struct doc *d, const struct markdown_options *opt, const char *path,
                   struct diag_list *dl);

#endif
