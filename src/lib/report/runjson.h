/*
 * runjson — run.json: the machine-readable provenance and verdicts of one evaluation
 * run (trygg version, the spec file and its SHA-256, the imports used with their
 * hashes, seed, time, language, min-cell, and each criterion with its estimate,
 * interval and verdict).
 */
#ifndef TRYGG_OUT_RUNJSON_H
#define TRYGG_OUT_RUNJSON_H

#include <jansson.h>

#include "eval/evaluate.h"

/* Returns a new JSON object (json_decref it).  `files` are the output files written
 * (relative names), n_files of them; `notes` extra messages (may be NULL). */
json_t *runjson_build(const struct evaluation *ev, const char *const *files, size_t n_files,
                      const char *const *notes, size_t n_notes);

#endif
