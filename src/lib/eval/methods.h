/*
 * methods — the report's methods section and glossary.
 *
 * Every kind of analysis whose rows are in the results (survey estimates, supporting
 * tests, trends, rate ratio, interrupted time series, difference-in-differences,
 * RES, WDQ, WDD, placebo in time, holidays, activity, cost per case) gets a
 * subsection with the formula in words, its assumptions and the R call that
 * reproduces it; then the policy for multiple comparisons.  What is shown follows
 * from the results, so a report cannot describe a method it did not use, nor use one
 * it does not describe (REPORTING.md rule 10).
 *
 * The glossary lists every abbreviation and technical term the report uses, found by
 * reading the finished document.
 */
#ifndef TRYGG_EVAL_METHODS_H
#define TRYGG_EVAL_METHODS_H

#include "eval/context.h"
#include "eval/doc.h"

/* Appends the methods subsections and the multiple-comparison policy to d.
 * `has_cost`: some criterion has a cost per prevented case. */
void methods_write(const struct eval_ctx *c, const struct results *res, bool has_cost,
                   struct doc *d);

/* The by-outcome methods paragraphs ("<outcome>: <method text>") say the same method
 * once: paragraphs whose method text is the same are merged into one that names all
 * their outcomes ("A; B: <method text>"), at the first one's place. */
void methods_merge_by_outcome(struct doc *d);

/* Appends a glossary of the terms that occur in d (a heading and a key-value list);
 * nothing when none occurs. */
void methods_glossary(const struct eval_ctx *c, struct doc *d);

#endif
