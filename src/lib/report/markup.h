/*
 * markup — the one escaping function for HTML and XML (the reports' HTML and the
 * charts' SVG), so text from data can never become markup.
 *
 * markup_escape() writes text as character data that is safe both in element content
 * and inside a double- or single-quoted attribute value, in HTML5 and in XML:
 *   & < > " '  become  &amp; &lt; &gt; &quot; &#39;
 * C0 controls other than TAB, LF and CR, DEL and the C1 controls become U+FFFD (XML 1.0
 * forbids most of them, HTML calls them parse errors), as do bytes that are not valid
 * UTF-8, so the output is always valid UTF-8.
 */
#ifndef TRYGG_OUT_MARKUP_H
#define TRYGG_OUT_MARKUP_H

#include <stddef.h>

#include "util/strbuf.h"

/* Appends s[0..len) escaped. */
void markup_escape(struct strbuf *out, const char *s, size_t len);
/* The same for a NUL-terminated string (NULL is ""). */
void markup_escape_str(struct strbuf *out, const char *s);

#endif
