/*
 * svg — see svg.h.
 *
 * A small XML tokenizer, enough for what SVG writers emit: start and end tags with
 * quoted attributes, character data with the five predefined entities and numeric
 * references, CDATA, comments, processing instructions, a doctype without an internal
 * subset.  Everything it writes goes through markup_escape().
 */
#include "report/svg.h"

#include <stdlib.h>
#include <string.h>

#include "report/markup.h"
#include "util/xalloc.h"

#define MAX_DEPTH 200
#define MAX_NAME 64

static const char *const kept_elements[] = {
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "clipPath", "mask", "marker", "pattern",
    "linearGradient", "radialGradient", "stop", "image", "filter", "feFlood", "feComposite",
    "feOffset", "feGaussianBlur", "feMerge", "feMergeNode", "feBlend", "feColorMatrix",
};

/* Elements whose tags are left out but whose content is kept (none is needed today;
 * <a> would be one, but a link inside a chart is not something trygg draws). */

static const char *const kept_attributes[] = {
    "id", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height",
    "d", "points", "transform", "viewBox", "preserveAspectRatio", "fill", "fill-opacity",
    "fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-linecap",
    "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset", "stroke-miterlimit",
    "opacity", "color", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift", "dx", "dy",
    "rotate", "textLength", "lengthAdjust", "letter-spacing", "word-spacing",
    "text-decoration", "xml:space", "clip-path", "clip-rule", "clipPathUnits", "mask",
    "filter", "filterUnits", "primitiveUnits", "flood-color", "flood-opacity", "result", "in",
    "in2", "operator", "k1", "k2", "k3", "k4", "mode", "stdDeviation", "values", "type",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "fx", "fy",
    "patternUnits", "patternContentUnits", "patternTransform", "markerWidth", "markerHeight",
    "markerUnits", "refX", "refY", "orient", "visibility", "display", "shape-rendering",
    "text-rendering", "image-rendering", "color-interpolation-filters", "vector-effect",
    "href", "xlink:href", "pointer-events", "overflow",
};

static bool in_list(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (list[i][0] == name[0] && strcmp(list[i], name) == 0)
            return true;
    return false;
}

struct parser {
    const char *s;
    size_t len, pos;
    const struct svg_clean_options *opt;
    struct strbuf *out;
    const char *why;
    char stack[MAX_DEPTH][MAX_NAME];
    bool keep[MAX_DEPTH];
    int depth;
    int drop_depth; /* open elements being dropped (their content with them) */
    bool seen_root;
};

static bool starts(const struct parser *p, const char *lit)
{
    size_t n = strlen(lit);
    return p->len - p->pos >= n && memcmp(p->s + p->pos, lit, n) == 0;
}

/* Moves past the next occurrence of lit; false if there is none. */
static bool skip_past(struct parser *p, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = p->pos; i + n <= p->len; i++)
        if (memcmp(p->s + i, lit, n) == 0) {
            p->pos = i + n;
            return true;
        }
    return false;
}

static bool is_name_start(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(struct parser *p)
{
    while (p->pos < p->len && is_space(p->s[p->pos]))
        p->pos++;
}

static bool read_name(struct parser *p, char name[MAX_NAME])
{
    size_t start = p->pos;
    if (p->pos >= p->len || !is_name_start(p->s[p->pos]))
        return false;
    while (p->pos < p->len && is_name_char(p->s[p->pos]))
        p->pos++;
    size_t n = p->pos - start;
    if (n >= MAX_NAME)
        return false;
    memcpy(name, p->s + start, n);
    name[n] = '\0';
    return true;
}

static void add_codepoint(struct strbuf *sb, unsigned long cp)
{
    if (cp < 0x80) {
        strbuf_addch(sb, (char)cp);
    } else if (cp < 0x800) {
        strbuf_addch(sb, (char)(0xC0 | (cp >> 6)));
        strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        strbuf_addch(sb, (char)(0xE0 | (cp >> 12)));
        strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
    } else {
        strbuf_addch(sb, (char)(0xF0 | (cp >> 18)));
        strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
        strbuf_addch(sb, (char)(0x80 | (cp & 0x3F)));
    }
}

/* Decodes character data s[0..n) (entities) into dec.  -1 on an unknown or broken
 * reference. */
static int decode(const char *s, size_t n, struct strbuf *dec)
{
    static const struct { const char *name; char c; } ents[] = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''},
    };
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '&') { /* up to the next reference in one copy */
            const char *amp = memchr(s + i, '&', n - i);
            size_t run = amp ? (size_t)(amp - (s + i)) : n - i;
            strbuf_add(dec, s + i, run);
            i += run - 1;
            continue;
        }
        const char *semi = memchr(s + i, ';', n - i);
        if (!semi || semi - (s + i) > 12)
            return -1;
        size_t elen = (size_t)(semi - (s + i)) - 1; /* between & and ; */
        const char *e = s + i + 1;
        bool done = false;
        if (elen >= 2 && e[0] == '#') {
            unsigned long cp = 0;
            bool hex = e[1] == 'x';
            size_t k = hex ? 2 : 1;
            if (k >= elen)
                return -1;
            for (; k < elen; k++) {
                char c = e[k];
                int d;
                if (c >= '0' && c <= '9')
                    d = c - '0';
                else if (hex && c >= 'a' && c <= 'f')
                    d = c - 'a' + 10;
                else if (hex && c >= 'A' && c <= 'F')
                    d = c - 'A' + 10;
                else
                    return -1;
                cp = cp * (hex ? 16 : 10) + (unsigned long)d;
                if (cp > 0x10FFFF)
                    return -1;
            }
            if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                cp = 0xFFFD;
            add_codepoint(dec, cp);
            done = true;
        } else {
            for (size_t k = 0; k < ARRAY_SIZE(ents); k++)
                if (strlen(ents[k].name) == elen && memcmp(ents[k].name, e, elen) == 0) {
                    strbuf_addch(dec, ents[k].c);
                    done = true;
                }
        }
        if (!done)
            return -1;
        i = (size_t)(semi - s);
    }
    return 0;
}

static bool text_allowed_here(const struct parser *p)
{
    return p->seen_root && p->depth > 0 && p->drop_depth == 0;
}

static void emit_text(struct parser *p, const char *s, size_t n)
{
    markup_escape(p->out, s, n);
}

/* url(#x) -> url(#<prefix>-x); false if the value has a url() to anything else. */
static bool rewrite_urls(const struct parser *p, const char *v, struct strbuf *o)
{
    const char *prefix = p->opt ? p->opt->id_prefix : NULL;
    while (*v) {
        const char *u = strstr(v, "url(");
        if (!u) {
            strbuf_addstr(o, v);
            break;
        }
        strbuf_add(o, v, (size_t)(u - v) + 4);
        v = u + 4;
        while (*v == ' ' || *v == '\'' || *v == '"')
            v++;
        if (*v != '#')
            return false;
        strbuf_addch(o, '#');
        if (prefix)
            strbuf_addf(o, "%s-", prefix);
        v++;
    }
    return true;
}

static bool case_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] && (hay[k] | 0x20) == needle[k])
            k++;
        if (k == n)
            return true;
    }
    return false;
}

/* Writes one attribute of a kept element, if it passes. */
static void emit_attribute(struct parser *p, const char *elem, const char *name,
                           const char *value)
{
    if (!in_list(kept_attributes, ARRAY_SIZE(kept_attributes), name))
        return;
    const char *prefix = p->opt ? p->opt->id_prefix : NULL;
    struct strbuf v = STRBUF_INIT;
    if (strcmp(name, "id") == 0) {
        if (prefix)
            strbuf_addf(&v, "%s-", prefix);
        strbuf_addstr(&v, value);
    } else if (strcmp(name, "href") == 0 || strcmp(name, "xlink:href") == 0) {
        if (value[0] == '#') {
            strbuf_addch(&v, '#');
            if (prefix)
                strbuf_addf(&v, "%s-", prefix);
            strbuf_addstr(&v, value + 1);
        } else if (strcmp(elem, "image") == 0 &&
                   (strncmp(value, "data:image/png;base64,", 22) == 0 ||
                    strncmp(value, "data:image/jpeg;base64,", 23) == 0 ||
                    strncmp(value, "data:image/gif;base64,", 22) == 0)) {
            strbuf_addstr(&v, value);
        } else {
            strbuf_release(&v);
            return;
        }
    } else if (!rewrite_urls(p, value, &v) ||
               /* neither can be there without ':' or '(' (or what case_contains folds
                * to them: 0x1A, 0x08) */
               (strpbrk(value, ":(\x1a\x08") &&
                (case_contains(value, "javascript:") || case_contains(value, "expression(")))) {
        strbuf_release(&v);
        return;
    }
    strbuf_addch(p->out, ' ');
    strbuf_addstr(p->out, name);
    strbuf_addstr(p->out, "=\"");
    markup_escape(p->out, v.buf, v.len);
    strbuf_addch(p->out, '"');
    strbuf_release(&v);
}

static int fail(struct parser *p, const char *why)
{
    p->why = why;
    return -1;
}

static int parse_tag(struct parser *p)
{
    p->pos++; /* '<' */
    if (p->pos < p->len && p->s[p->pos] == '/') {
        p->pos++;
        char name[MAX_NAME];
        if (!read_name(p, name))
            return fail(p, "a broken end tag");
        skip_space(p);
        if (p->pos >= p->len || p->s[p->pos] != '>')
            return fail(p, "a broken end tag");
        p->pos++;
        if (p->depth == 0 || strcmp(p->stack[p->depth - 1], name) != 0)
            return fail(p, "mismatched tags");
        p->depth--;
        if (!p->keep[p->depth])
            p->drop_depth--;
        else if (p->drop_depth == 0) {
            strbuf_addstr(p->out, "</");
            strbuf_addstr(p->out, name);
            strbuf_addch(p->out, '>');
        }
        return 0;
    }
    char name[MAX_NAME];
    if (!read_name(p, name))
        return fail(p, "a broken start tag");
    if (!p->seen_root && strcmp(name, "svg") != 0)
        return fail(p, "the document is not an SVG image");
    if (p->seen_root && p->depth == 0)
        return fail(p, "content after the root element");
    bool root = !p->seen_root;
    p->seen_root = true;
    bool keep = p->drop_depth == 0 && in_list(kept_elements, ARRAY_SIZE(kept_elements), name);
    bool emit = keep;
    if (emit) {
        strbuf_addch(p->out, '<');
        strbuf_addstr(p->out, name);
    }
    struct strbuf raw = STRBUF_INIT, dec = STRBUF_INIT;
    bool self_closing = false;
    int rc = 0;
    for (;;) {
        bool had_space = p->pos < p->len && is_space(p->s[p->pos]);
        skip_space(p);
        if (p->pos >= p->len) {
            rc = fail(p, "an unterminated tag");
            break;
        }
        if (p->s[p->pos] == '>') {
            p->pos++;
            break;
        }
        if (starts(p, "/>")) {
            p->pos += 2;
            self_closing = true;
            break;
        }
        char aname[MAX_NAME];
        if (!had_space || !read_name(p, aname)) {
            rc = fail(p, "a broken attribute");
            break;
        }
        skip_space(p);
        if (p->pos >= p->len || p->s[p->pos] != '=') {
            rc = fail(p, "an attribute without a value");
            break;
        }
        p->pos++;
        skip_space(p);
        if (p->pos >= p->len || (p->s[p->pos] != '"' && p->s[p->pos] != '\'')) {
            rc = fail(p, "an unquoted attribute value");
            break;
        }
        char q = p->s[p->pos++];
        const char *end = memchr(p->s + p->pos, q, p->len - p->pos);
        if (!end) {
            rc = fail(p, "an unterminated attribute value");
            break;
        }
        strbuf_reset(&raw);
        strbuf_add(&raw, p->s + p->pos, (size_t)(end - (p->s + p->pos)));
        p->pos = (size_t)(end - p->s) + 1;
        if (memchr(raw.buf, '<', raw.len)) {
            rc = fail(p, "'<' in an attribute value");
            break;
        }
        strbuf_reset(&dec);
        if (decode(raw.buf, raw.len, &dec) != 0) {
            rc = fail(p, "an unknown entity");
            break;
        }
        if (memchr(dec.buf, '\0', dec.len))
            continue;
        if (emit && !(root && (strcmp(aname, "role") == 0 || strncmp(aname, "aria-", 5) == 0)))
            emit_attribute(p, name, aname, dec.buf);
    }
    strbuf_release(&raw);
    strbuf_release(&dec);
    if (rc)
        return rc;
    const char *label = p->opt ? p->opt->label : NULL;
    if (root) {
        strbuf_addstr(p->out, " xmlns=\"http://www.w3.org/2000/svg\""
                              " xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
        if (label) {
            strbuf_addstr(p->out, " role=\"img\" aria-label=\"");
            markup_escape_str(p->out, label);
            strbuf_addch(p->out, '"');
        }
    }
    if (emit && self_closing && !(root && label)) {
        strbuf_addstr(p->out, "/>");
        return 0;
    }
    if (emit) {
        strbuf_addch(p->out, '>');
        if (root && label) {
            strbuf_addstr(p->out, "<title>");
            markup_escape_str(p->out, label);
            strbuf_addstr(p->out, "</title>");
        }
        if (self_closing) {
            strbuf_addf(p->out, "</%s>", name);
            return 0;
        }
    }
    if (self_closing)
        return 0;
    if (p->depth >= MAX_DEPTH)
        return fail(p, "elements nested too deeply");
    memcpy(p->stack[p->depth], name, sizeof(name));
    p->keep[p->depth] = keep;
    p->depth++;
    if (!keep)
        p->drop_depth++;
    return 0;
}

int svg_clean(const char *in, size_t len, const struct svg_clean_options *opt,
              struct strbuf *out, const char **why)
{
    struct parser *p = xcalloc(1, sizeof(*p));
    struct strbuf dec = STRBUF_INIT;
    size_t start_len = out->len;
    p->s = in;
    p->len = len;
    p->opt = opt;
    p->out = out;
    int rc = 0;
    if (opt && opt->xml_declaration)
        strbuf_addstr(out, "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n");
    if (opt && opt->id_prefix)
        for (const char *c = opt->id_prefix; *c; c++)
            if (!is_name_char(*c) || *c == ':' || *c == '.')
                BUG("svg id prefix '%s' is not [A-Za-z0-9_-]", opt->id_prefix);
    if (memchr(in, '\0', len))
        rc = fail(p, "a NUL byte");
    while (rc == 0 && p->pos < p->len) {
        if (p->s[p->pos] != '<') {
            const char *lt = memchr(p->s + p->pos, '<', p->len - p->pos);
            size_t n = lt ? (size_t)(lt - (p->s + p->pos)) : p->len - p->pos;
            strbuf_reset(&dec);
            if (decode(p->s + p->pos, n, &dec) != 0) {
                rc = fail(p, "an unknown entity");
                break;
            }
            if (text_allowed_here(p))
                emit_text(p, dec.buf, dec.len);
            else {
                for (size_t k = 0; k < dec.len; k++)
                    if (!is_space(dec.buf[k]) && !(p->depth > 0))
                        rc = fail(p, "text outside the root element");
            }
            p->pos += n;
        } else if (starts(p, "<!--")) {
            if (!skip_past(p, "-->"))
                rc = fail(p, "an unterminated comment");
        } else if (starts(p, "<?")) {
            if (!skip_past(p, "?>"))
                rc = fail(p, "an unterminated processing instruction");
        } else if (starts(p, "<![CDATA[")) {
            size_t from = p->pos + 9;
            if (!skip_past(p, "]]>"))
                rc = fail(p, "an unterminated CDATA section");
            else if (text_allowed_here(p))
                emit_text(p, p->s + from, p->pos - 3 - from);
        } else if (starts(p, "<!")) {
            const char *gt = memchr(p->s + p->pos, '>', p->len - p->pos);
            const char *sq = memchr(p->s + p->pos, '[', p->len - p->pos);
            if (!gt || (sq && sq < gt) || p->seen_root)
                rc = fail(p, "a doctype trygg does not read");
            else
                p->pos = (size_t)(gt - p->s) + 1;
        } else {
            rc = parse_tag(p);
        }
    }
    if (rc == 0 && (!p->seen_root || p->depth != 0))
        rc = fail(p, p->seen_root ? "unclosed elements" : "no <svg> element");
    if (rc == 0 && opt && opt->xml_declaration)
        strbuf_addch(out, '\n');
    if (rc != 0) {
        strbuf_setlen(out, start_len);
        if (why)
            *why = p->why;
    }
    strbuf_release(&dec);
    free(p);
    return rc;
}
