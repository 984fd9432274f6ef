/*
 * criteria_log — when an evaluation's decision criteria were first run.
 *
 * Pre-registered criteria are only worth their date: a report must be able to say
 * that its criteria were stated (run) before the after data were seen, and that they
 * were not changed since.  The first time a run meets an evaluation's criteria (by the
 * SHA-256 of the criteria themselves, not of the whole spec file, so that a changed
 * title or comment does not count) the time is recorded in the table criteria_seen;
 * later runs read it back.  Criteria of the same evaluation first run earlier under
 * another hash are a change, which the report shows as such.
 */
#ifndef TRYGG_STORE_CRITERIA_LOG_H
#define TRYGG_STORE_CRITERIA_LOG_H

#include <stdbool.h>

#include "store/store.h"
#include "util/sha256.h"

struct criteria_seen {
    char first_run_utc[32];      /* when these criteria were first run ("" if unknown) */
    bool first_time;             /* this run is the first with them */
    bool recorded;               /* false: the database could not be written */
    char previous_sha256[SHA256_HEX_SIZE]; /* the evaluation's criteria before, "" if none */
    char previous_first_run_utc[32];
};

/* Looks up (evaluation, criteria_sha256); records it with now_utc when it is new.  A
 * database that cannot be written (read-only) is not an error: out->recorded is then
 * false.  Returns 0, or -1 on other database errors (in dl). */
int criteria_log_see(struct store *st, const char *evaluation, const char *criteria_sha256,
                     const char *spec_sha256, const char *now_utc, struct criteria_seen *out,
                     struct diag_list *dl);

#endif
