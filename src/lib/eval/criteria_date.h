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
 * was first run with other criteria.  When this run is the criteria's first, their row
 * is written in a transaction left open (ev->criteria_pending) for criteria_date_keep.
 * Returns -1 on a database failure. */
int criteria_date_note(struct eval_ctx *c, struct evaluation *ev);

/* Once the reports are written: commits the first run's row (nothing to do when there
 * is none).  Returns 0, or -1 with a message in dl when it could not be kept. */
int criteria_date_keep(struct evaluation *ev, struct diag_list *dl);

/* A run whose reports were not written: the first run's row is rolled back, so the
 * next run is still the criteria's first (evaluation_release calls it). */
void criteria_date_drop(struct evaluation *ev);

#endif
