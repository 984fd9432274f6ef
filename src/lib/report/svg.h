/*
 * svg — re-serialises an SVG document (gnuplot's output, or a restyled template's)
 * through an allowlist, for the chart files and for inlining into report.html.
 *
 * gnuplot 5.4's svg terminal escapes '<' and '&' in text but not '>', so a label
 * holding "]]>" makes a file no XML parser accepts; a template edited by a user, or a
 * gnuplot built with mouse support, may add <script>.  So nothing is copied through
 * as bytes: the input is tokenised as XML, entities are decoded, and the output is
 * written again with markup_escape().  What survives:
 *   - elements on a list of presentational SVG elements (svg, g, path, text, use,
 *     defs, filter primitives, gradients, ...); anything else (script, style,
 *     foreignObject, animate, a, iframe, unknown names) is dropped with its content;
 *     <title> and <desc> are dropped too (gnuplot's say "Gnuplot" and
 *     "gnuplot_plot_1") and replaced by one <title> with the caller's text;
 *   - attributes on a list of geometry and presentation names; no event handlers, no
 *     style attribute; a reference (href, xlink:href) only to "#id" (or, on <image>,
 *     an inline data:image/png|jpeg|gif); url(...) only as url(#id);
 *   - comments, processing instructions and doctypes are dropped; CDATA is text.
 * Ids and references to them can be given a prefix, so several charts inlined into
 * one page keep unique ids (gnuplot names its symbols gpPt0.. in every file).
 * Input that is not well-formed (mismatched tags, unknown entities, a doctype with
 * an internal subset) is refused as a whole.
 */
#ifndef TRYGG_OUT_SVG_H
#define TRYGG_OUT_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct svg_clean_options {
    const char *id_prefix; /* [A-Za-z0-9_-]; ids become "<prefix>-<id>"; NULL = unchanged */
    const char *label;     /* accessible name: role="img", aria-label and <title>; may be NULL */
    bool xml_declaration;  /* start with <?xml ...?> (a standalone .svg file) */
};

/* Appends the cleaned document to out.  Returns 0, or -1 with the reason in *why (a
 * short English phrase, static) and out unchanged. */
int svg_clean(const char *in, size_t len, const struct svg_clean_options *opt,
              struct strbuf *out, const char **why);

#endif
