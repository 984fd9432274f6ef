/*
 * doc — see doc.h.
 */
#include "eval/doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

struct doc *doc_new(const char *lang, const char *title, const char *subtitle)
{
    struct doc *d = xcalloc(1, sizeof(*d));
    d->lang = xstrdup(lang);
    d->title = xstrdup(title ? title : "");
    d->subtitle = xstrdup(subtitle ? subtitle : "");
    return d;
}

void doc_free(struct doc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        struct doc_block *b = &d->blocks[i];
        free(b->id);
        free(b->text);
        for (size_t k = 0; k < b->n_items; k++)
            free(b->items[k]);
        free(b->items);
        table_free(b->table);
        free(b->cell_tone);
        free(b->note);
        chart_free(b->chart);
    }
    free(d->blocks);
    for (size_t i = 0; i < d->n_sv_terms; i++)
        free(d->sv_terms[i]);
    free(d->sv_terms);
    free(d->lang);
    free(d->title);
    free(d->subtitle);
    free(d);
}

static struct doc_block *add(struct doc *d, enum doc_block_kind kind)
{
    d->blocks = xgrow(d->blocks, sizeof(*d->blocks), d->n + 1, &d->alloc);
    struct doc_block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    return b;
}

void doc_sv_term(struct doc *d, const char *s)
{
    if (!s || !*s)
        return;
    d->sv_terms = xgrow(d->sv_terms, sizeof(*d->sv_terms), d->n_sv_terms + 1, &d->alloc_sv_terms);
    d->sv_terms[d->n_sv_terms++] = xstrdup(s);
}

void doc_heading(struct doc *d, int level, const char *id, const char *text)
{
    struct doc_block *b = add(d, DOC_HEADING);
    b->level = level;
    b->id = id ? xstrdup(id) : NULL;
    b->text = xstrdup(text);
}

void doc_paragraph(struct doc *d, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    add(d, DOC_PARAGRAPH)->text = strbuf_detach(&sb);
}

void doc_callout(struct doc *d, enum doc_tone tone, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct doc_block *b = add(d, DOC_CALLOUT);
    b->text = strbuf_detach(&sb);
    b->tone = tone;
}

size_t doc_placeholder(struct doc *d)
{
    add(d, DOC_PARAGRAPH)->text = xstrdup("");
    return d->n - 1;
}

void doc_fill(struct doc *d, size_t at, enum doc_tone tone, const char *text)
{
    if (at >= d->n || d->blocks[at].kind != DOC_PARAGRAPH || d->blocks[at].text[0])
        return; /* not a placeholder (a caller's bug; nothing to overwrite) */
    struct doc_block *b = &d->blocks[at];
    free(b->text);
    b->text = xstrdup(text ? text : "");
    if (tone != TONE_NONE) {
        b->kind = DOC_CALLOUT;
        b->tone = tone;
    }
}

void doc_list(struct doc *d, char **items, size_t n)
{
    struct doc_block *b = add(d, DOC_LIST);
    b->items = items;
    b->n_items = n;
}

void doc_table(struct doc *d, struct table *t, unsigned char *cell_tone, const char *note)
{
    struct doc_block *b = add(d, DOC_TABLE);
    b->table = t;
    b->cell_tone = cell_tone;
    b->note = note ? xstrdup(note) : NULL;
}

void doc_chart(struct doc *d, struct chart *c, const char *caption)
{
    struct doc_block *b = add(d, DOC_CHART);
    b->chart = c;
    b->text = xstrdup(caption ? caption : "");
}

void doc_keyvalue(struct doc *d, const char *const *keys, const char *const *values, size_t n)
{
    struct doc_block *b = add(d, DOC_KEYVALUE);
    b->items = xcalloc(n ? n : 1, sizeof(*b->items));
    b->n_items = n;
    for (size_t i = 0; i < n; i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s\t%s", keys[i], values[i]);
        b->items[i] = strbuf_detach(&sb);
    }
}

void doc_code(struct doc *d, const char *text)
{
    add(d, DOC_CODE)->text = xstrdup(text ? text : "");
}
