/*
 * langspan — the strings of a report that are in Swedish whatever the report's
 * language: names from the data (areas, places) and labels the codebook has only in
 * Swedish.
 *
 * An English report says "Åkersberga centrum" and "Norrgårdsvägen/Söra" as they
 * are; set as English they would be hyphenated by English rules ("Norrgårds-vä-
 * gen" at the English patterns' points) and read out by a screen reader with English
 * sounds.  report.html marks each such string <span lang="sv"> and hyphenates it
 * with the Swedish patterns and compound rules (report/hyphenate.h).
 *
 * A term is found where it stands as a whole: not inside a longer word
 * ("Vallentuna" in "Vallentunavägen" is not marked), the longest term first where
 * terms overlap ("Åkersberga centrum" before "Åkersberga").
 */
#ifndef TRYGG_REPORT_LANGSPAN_H
#define TRYGG_REPORT_LANGSPAN_H

#include <stdbool.h>
#include <stddef.h>

struct langspan;

/* A matcher for the n terms (copied; empty ones and duplicates are dropped).  NULL
 * when there is no term. */
struct langspan *langspan_new(const char *const *terms, size_t n);
void langspan_free(struct langspan *ls);

/* The first term in s[from..len) standing as a whole: true with its bytes in
 * [*a, *b). */
bool langspan_find(const struct langspan *ls, const char *s, size_t len, size_t from, size_t *a,
                   size_t *b);

#endif
