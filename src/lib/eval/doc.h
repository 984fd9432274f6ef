/*
 * doc — a report as a sequence of blocks (headings, paragraphs, tables, charts, lists,
 * verdicts), built by the evaluation in one language and rendered by out/ as a
 * self-contained HTML page and as Markdown.
 *
 * All text is plain UTF-8 from code or data; renderers escape it for their target
 * (HTML entities, Markdown punctuation).  No block carries markup.
 */
#ifndef TRYGG_EVAL_DOC_H
#define TRYGG_EVAL_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/chart.h"
#include "util/table.h"

enum doc_tone {
    TONE_NONE = 0,
    TONE_GOOD,      /* e.g. a criterion met */
    TONE_BAD,       /* not met */
    TONE_UNCERTAIN, /* inconclusive */
    TONE_INFO       /* a note to read, e.g. police-detected categories */
};

enum doc_block_kind {
    DOC_HEADING,   /* level 1..3, text, anchor id */
    DOC_PARAGRAPH, /* text */
    DOC_LIST,      /* items */
    DOC_TABLE,     /* table (its title is the caption), optional note, per-cell tones */
    DOC_CHART,     /* chart, caption; files written by out/plot.c */
    DOC_CALLOUT,   /* a highlighted paragraph with a tone (verdicts, warnings) */
    DOC_KEYVALUE,  /* a two-column list of facts (provenance), as items "key\tvalue" */
    DOC_CODE       /* program text shown as it is (an R call), text */
};

struct doc_block {
    enum doc_block_kind kind;
    int level;
    char *id;      /* anchor, [a-z0-9-]; may be NULL */
    char *text;
    char **items;
    size_t n_items;
    struct table *table;
    unsigned char *cell_tone; /* n_rows x n_cols enum doc_tone, or NULL */
    char *note;
    struct chart *chart;
    enum doc_tone tone;
};

struct doc {
    char *lang;     /* "sv" or "en" */
    char *title;
    char *subtitle;
    struct doc_block *blocks;
    size_t n, alloc;
    /* Strings of the data that are Swedish whatever the report's language (area
     * names): an English report.html marks them lang="sv" (report/langspan.h) */
    char **sv_terms;
    size_t n_sv_terms, alloc_sv_terms;
};

struct doc *doc_new(const char *lang, const char *title, const char *subtitle);
void doc_free(struct doc *d);
void doc_heading(struct doc *d, int level, const char *id, const char *text);
void doc_paragraph(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_callout(struct doc *d, enum doc_tone tone, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A paragraph whose text is known only later (a section's main result, which rests on
 * estimates made further down): returns its place for doc_fill.  Every placeholder
 * must be filled; an empty paragraph renders as nothing useful. */
size_t doc_placeholder(struct doc *d);
/* Sets the text of the placeholder at `at` (a callout when tone is not TONE_NONE). */
void doc_fill(struct doc *d, size_t at, enum doc_tone tone, const char *text);
/* Takes ownership of items (an array of n new strings). */
void doc_list(struct doc *d, char **items, size_t n);
/* Takes ownership of the table and tones (NULL = none). */
void doc_table(struct doc *d, struct table *t, unsigned char *cell_tone, const char *note);
/* Takes ownership of the chart. */
void doc_chart(struct doc *d, struct chart *c, const char *caption);
void doc_keyvalue(struct doc *d, const char *const *keys, const char *const *values, size_t n);
/* A string of the data that is Swedish in any report language (an area's name). */
void doc_sv_term(struct doc *d, const char *s);
/* Program text (e.g. the R call that reproduces a number), shown verbatim. */
void doc_code(struct doc *d, const char *text);

#endif
