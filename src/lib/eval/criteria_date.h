/*
 * criteria_date — the SHA-256 of an evaluation's decision criteria and the date they
 * were first run (store/criteria_log.h), for the report's provenance, run.json and,
 * when the criteria changed since an earlier run, the summary's caveats.
 */
#ifndef TRYGG_EVAL_CRITERIA_DATE_H
#define TRYGG_EVAL_CRITERIA_DATE_H

#include "eval/context.h"
#include "eval/evaluate.h"

/* The SHA-256 of the criteria as the spec states them (id, outcome, term, group,
 * rule, in order), whatever else of the file changes. */
void criteria_sha256(const struct spec *s, char hex[SHA256_HEX_SIZE]);

/* Fills ev->criteria_* (nothing without criteria); adds a caveat when the evaluation
 * was first run with other criteria.  Returns -1 on a database failure. */
int criteria_date_note(struct eval_ctx *c, struct evaluation *ev);

#endif
