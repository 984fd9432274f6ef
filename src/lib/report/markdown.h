/*
 * markdown — renders a report (eval/doc.h) as CommonMark with GitHub's pipe tables,
 * report.md: for reading as plain text, pasting into a wiki or converting with pandoc.
 *
 * Every text from the doc goes through md_escape(), which makes it literal text:
 * ASCII punctuation with a meaning in inline Markdown (\ ` * _ [ ] < > | ~ &) gets a
 * backslash; '#', '+', '-', '=' and "1." at the start of a text, which would open a
 * block, are escaped too; line breaks and other control characters become spaces
 * (a doc text is one paragraph), invalid UTF-8 becomes U+FFFD.  So a label can
 * neither add markup, nor raw HTML, nor break out of a table cell.
 *
 * Charts are images, ![alt](charts/<name>.png), when the PNG exists; otherwise a
 * note.  Callouts are block quotes starting with the tone in bold ("**✗ Not met:**"),
 * key-value blocks are lists with bold keys.
 */
#ifndef TRYGG_OUT_MARKDOWN_H
#define TRYGG_OUT_MARKDOWN_H

#include <stddef.h>

#include "eval/doc.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct markdown_options {
    const char *charts_dir;  /* where <name>.png was written; NULL: charts are notes */
    const char *charts_href; /* link prefix relative to the file; NULL = "charts" */
    const char *generator;   /* footer; NULL = "trygg " TRYGG_VERSION */
};

/* Appends text[0..len) as literal Markdown inline text (see above). */
void md_escape(struct strbuf *out, const char *text, size_t len);

/* Appends the document (d borrowed; opt may be NULL). */
void markdown_render(const struct doc *d, const struct markdown_options *opt,
                     struct strbuf *out);
/* Renders and writes to path atomically.  0, or -1 with an error in dl. */
int markdown_write(const struct doc *d, const struct markdown_options *opt, const char *path,
                   struct diag_list *dl);

#endif
