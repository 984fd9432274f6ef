/*
 * markdown — see markdown.h.
 */
#include "report/markdown.h"

#include <string.h>
#include <sys/stat.h>

#include "report/atomicfile.h"
#include "report/html.h"
#include "util/utf8.h"

#ifndef TRYGG_VERSION
#define TRYGG_VERSION "0"
#endif

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool blank_or_end(const char *text, size_t len, size_t i)
{
    return i >= len || text[i] == ' ' || text[i] == '\t';
}

/* Whether text[start..len) is one character repeated, blanks allowed ("---", "= ="),
 * which would be a thematic break or a setext underline. */
static bool rule_line(const char *text, size_t start, size_t len, char c)
{
    for (size_t i = start; i < len; i++)
        if (text[i] != c && text[i] != ' ' && text[i] != '\t')
            return false;
    return true;
}

/* Whether the character at text[i] (at the start of a block) would open one:
 * a heading, a block quote, a list item, a thematic break or a setext underline. */
static bool opens_block(const char *text, size_t start, size_t len, size_t i)
{
    char c = text[i];
    if (i == start) {
        if (c == '#' || c == '>')
            return true;
        if (c == '-' || c == '+' || c == '*')
            return blank_or_end(text, len, i + 1) || rule_line(text, start, len, c);
        if (c == '=' || c == '_')
            return rule_line(text, start, len, c);
        return false;
    }
    /* "1." or "12)" followed by a blank opens an ordered list */
    if ((c == '.' || c == ')') && i - start <= 9 && blank_or_end(text, len, i + 1)) {
        for (size_t k = start; k < i; k++)
            if (text[k] < '0' || text[k] > '9')
                return false;
        return true;
    }
    return false;
}

static void escape(struct strbuf *out, const char *text, size_t len, bool block)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0;
    /* Leading blanks would make an indented code block. */
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    size_t start = i;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence_length(text + i, len - i);
            if (!n) {
                strbuf_addstr(out, replacement);
                i++;
            } else if ((n == 2 && c == 0xC2 && (unsigned char)text[i + 1] < 0xA0) ||
                       utf8_is_bidi_control(text + i, n)) {
                strbuf_addch(out, ' ');
                i += n;
            } else {
                strbuf_add(out, text + i, n);
                i += n;
            }
            continue;
        }
        unsigned char next = i + 1 < len ? (unsigned char)text[i + 1] : 0;
        unsigned char prev = i > 0 ? (unsigned char)text[i - 1] : 0;
        bool escape_it;
        if (c < 0x20 || c == 0x7f) {
            strbuf_addch(out, ' ');
            i++;
            continue;
        } else if (block && opens_block(text, start, len, i)) {
            escape_it = true;
        } else if (strchr("\\`*[]|>", (int)c)) {
            escape_it = true; /* emphasis, code, links, table cells */
        } else if (c == '~') {
            /* GFM strikethrough needs a '~' that can close it: one after a word character
             * or beside another '~'; "~1" after a blank or '(' (an R formula) cannot */
            escape_it = word_byte(prev) || prev == '~' || next == '~';
        } else if (c == '_') {
            /* an underscore inside a word ("trygghet_2015") cannot emphasise */
            escape_it = !(word_byte(prev) && word_byte(next));
        } else if (c == '<') {
            /* only "<x", "</", "<!", "<?" can start raw HTML or an autolink */
            escape_it = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                        next == '/' || next == '!' || next == '?';
        } else if (c == '&') {
            /* only "&name;" and "&#..;" are entity references */
            escape_it = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next == '#';
        } else {
            escape_it = false;
        }
        if (escape_it)
            strbuf_addch(out, '\\');
        strbuf_addch(out, (char)c);
        i++;
    }
}

void md_escape(struct strbuf *out, const char *text, size_t len)
{
    escape(out, text, len, true);
}

void md_escape_inline(struct strbuf *out, const char *text, size_t len)
{
    escape(out, text, len, false);
}

/* Text at the start of a block (a paragraph, a list item, a quote without a tone). */
static void esc(struct strbuf *out, const char *s)
{
    if (s)
        md_escape(out, s, strlen(s));
}

/* Text inside a block (a table cell, a heading, emphasis, after a bold key). */
static void esc_in(struct strbuf *out, const char *s)
{
    if (s)
        md_escape_inline(out, s, strlen(s));
}

static bool good_chart_name(const char *name)
{
    if (!name || !*name || strlen(name) > 64)
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
            return false;
    return true;
}

static bool chart_exists(const char *dir, const char *name, const char *ext)
{
    if (!dir)
        return false;
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s.%s", dir, name, ext);
    struct stat st;
    bool ok = stat(path.buf, &st) == 0 && S_ISREG(st.st_mode);
    strbuf_release(&path);
    return ok;
}

static void table(struct strbuf *out, const struct doc_block *b, const char *lang)
{
    const struct table *t = b->table;
    if (!t || !t->n_cols)
        return;
    if (t->title && *t->title) {
        strbuf_addstr(out, "**");
        esc_in(out, t->title);
        strbuf_addstr(out, "**\n\n");
    }
    strbuf_addch(out, '|');
    for (size_t c = 0; c < t->n_cols; c++) {
        strbuf_addch(out, ' ');
        esc_in(out, t->cols[c]);
        strbuf_addstr(out, " |");
    }
    strbuf_addstr(out, "\n|");
    for (size_t c = 0; c < t->n_cols; c++)
        strbuf_addstr(out, t->numeric && t->numeric[c] ? " ---: |" : " --- |");
    strbuf_addch(out, '\n');
    bool used[TONE_INFO + 1] = {false};
    for (size_t row = 0; row < t->n_rows; row++) {
        strbuf_addch(out, '|');
        for (size_t c = 0; c < t->n_cols; c++) {
            strbuf_addch(out, ' ');
            unsigned tone = b->cell_tone ? b->cell_tone[row * t->n_cols + c] : TONE_NONE;
            if (tone != TONE_NONE && tone <= TONE_INFO) {
                used[tone] = true;
                strbuf_addf(out, "%s ", doc_tone_symbol((enum doc_tone)tone));
            }
            esc_in(out, table_cell(t, row, c));
            strbuf_addstr(out, " |");
        }
        strbuf_addch(out, '\n');
    }
    bool any = false;
    for (int k = TONE_GOOD; k <= TONE_INFO; k++)
        any |= used[k];
    if (any) {
        strbuf_addch(out, '\n');
        bool first = true;
        for (int k = TONE_GOOD; k <= TONE_INFO; k++)
            if (used[k]) {
                strbuf_addf(out, "%s%s %s", first ? "" : " · ", doc_tone_symbol(k),
                            doc_tone_word(k, lang));
                first = false;
            }
        strbuf_addch(out, '\n');
    }
    if (b->note && *b->note) {
        strbuf_addstr(out, "\n*");
        esc_in(out, b->note);
        strbuf_addstr(out, "*\n");
    }
}

void markdown_render(const struct doc *d, const struct markdown_options *opt,
                     struct strbuf *out)
{
    bool sv = d->lang && strcmp(d->lang, "sv") == 0;
    const char *href = opt && opt->charts_href ? opt->charts_href : "charts";
    const char *generator = opt && opt->generator ? opt->generator : "trygg " TRYGG_VERSION;
    strbuf_addstr(out, "# ");
    esc_in(out, d->title);
    strbuf_addstr(out, "\n\n");
    if (d->subtitle && *d->subtitle) {
        strbuf_addch(out, '*');
        esc_in(out, d->subtitle);
        strbuf_addstr(out, "*\n\n");
    }
    for (size_t i = 0; i < d->n; i++) {
        const struct doc_block *b = &d->blocks[i];
        switch (b->kind) {
        case DOC_HEADING: {
            int level = b->level < 1 ? 1 : b->level > 3 ? 3 : b->level;
            for (int k = 0; k <= level; k++)
                strbuf_addch(out, '#');
            strbuf_addch(out, ' ');
            esc_in(out, b->text);
            strbuf_addch(out, '\n');
            break;
        }
        case DOC_PARAGRAPH:
            esc(out, b->text);
            strbuf_addch(out, '\n');
            break;
        case DOC_LIST:
            for (size_t k = 0; k < b->n_items; k++) {
                strbuf_addstr(out, "- ");
                esc(out, b->items[k]);
                strbuf_addch(out, '\n');
            }
            break;
        case DOC_TABLE:
            table(out, b, d->lang);
            break;
        case DOC_CHART: {
            const struct chart *c = b->chart;
            const char *alt = c && c->alt && *c->alt ? c->alt : c ? c->title : "";
            const char *ext = opt && opt->png ? "png" : "svg";
            if (c && good_chart_name(c->name) &&
                chart_exists(opt ? opt->charts_dir : NULL, c->name, ext)) {
                strbuf_addstr(out, "![");
                esc_in(out, alt);
                strbuf_addf(out, "](%s/%s.%s)\n", href, c->name, ext);
            } else {
                strbuf_addstr(out, sv ? "*Diagrammet kunde inte ritas: " :
                                        "*The chart could not be drawn: ");
                esc_in(out, alt);
                strbuf_addstr(out, "*\n");
            }
            if (b->text && *b->text) {
                strbuf_addstr(out, "\n*");
                esc_in(out, b->text);
                strbuf_addstr(out, "*\n");
            }
            break;
        }
        case DOC_CALLOUT:
            strbuf_addstr(out, "> ");
            if (b->tone != TONE_NONE)
                strbuf_addf(out, "**%s %s:** ", doc_tone_symbol(b->tone),
                            doc_callout_word(b->tone, d->lang));
            if (b->tone != TONE_NONE)
                esc_in(out, b->text);
            else
                esc(out, b->text);
            strbuf_addch(out, '\n');
            break;
        case DOC_CODE: {
            /* a fence longer than any run of backticks in the text; no escaping inside */
            size_t run = 0, longest = 0;
            for (const char *p = b->text; p && *p; p++) {
                run = *p == '`' ? run + 1 : 0;
                if (run > longest)
                    longest = run;
            }
            size_t fence = longest < 3 ? 3 : longest + 1;
            for (size_t k = 0; k < fence; k++)
                strbuf_addch(out, '`');
            strbuf_addstr(out, "r\n");
            for (const char *p = b->text; p && *p; p++)
                strbuf_addch(out, (unsigned char)*p < 0x20 && *p != '\n' ? ' ' : *p);
            strbuf_addch(out, '\n');
            for (size_t k = 0; k < fence; k++)
                strbuf_addch(out, '`');
            strbuf_addch(out, '\n');
            break;
        }
        case DOC_KEYVALUE:
            for (size_t k = 0; k < b->n_items; k++) {
                const char *item = b->items[k];
                const char *tab = strchr(item, '\t');
                strbuf_addstr(out, "- **");
                md_escape_inline(out, item, tab ? (size_t)(tab - item) : strlen(item));
                strbuf_addstr(out, ":** ");
                esc_in(out, tab ? tab + 1 : "");
                strbuf_addch(out, '\n');
            }
            break;
        }
        strbuf_addch(out, '\n');
    }
    strbuf_addstr(out, "---\n\n*");
    strbuf_addstr(out, sv ? "Rapporten skapades av " : "Report generated by ");
    esc_in(out, generator);
    strbuf_addstr(out, "*\n");
}

int markdown_write(const struct doc *d, const struct markdown_options *opt, const char *path,
                   struct diag_list *dl)
{
    struct strbuf sb = STRBUF_INIT;
    markdown_render(d, opt, &sb);
    int rc = atomicfile_write_all(path, sb.buf, sb.len, dl);
    strbuf_release(&sb);
    return rc;
}
