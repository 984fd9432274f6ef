/*
 * resample — the run's bootstrap: where the evaluations resample (the interval of
 * Cliff's delta), each resampling gets its options here, so that `--seed` changes the
 * replicates and the same seed gives the same bytes.
 *
 * Every resampling draws its own stream: its seed is the run's seed (`--seed`) mixed
 * with the resampling's number in the run (1, 2, ... in the fixed order of the spec's
 * outcomes) by SplitMix64 (Steele, Lea & Flood 2014), so two outcomes do not share
 * their random draws and no seed maps to the generator's "default" 0.  The number of
 * replicates is EVAL_BOOT_REPLICATES; run.json and the report's provenance record the
 * seed, the replicate count and how many resamplings were made.
 */
#ifndef TRYGG_EVAL_RESAMPLE_H
#define TRYGG_EVAL_RESAMPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "eval/context.h"
#include "stats/bootstrap.h"
#include "util/strbuf.h"

/* The options of the run's next resampling (counts it in c->n_bootstraps). */
struct boot_options eval_boot_options(struct eval_ctx *c);

/* Puts a bootstrap's interval on *r — BCa, or the percentile interval where BCa is
 * not defined (Davison & Hinkley 1997, 5.3) — with the replicates' SD as std_error, and
 * says which in *note ("; BCa bootstrap interval, 10000 replicates (seed S)", and why
 * not BCa).  Returns false, with the reason in *note and *r unchanged, when neither
 * interval exists. */
bool eval_boot_apply(const struct boot_result *br, const struct boot_options *bo,
                     struct stat_result *r, struct strbuf *note);

/* SplitMix64's output function: the seed of resampling `k` of a run seeded `seed`
 * (never 0).  Exposed for the tests. */
unsigned long eval_boot_seed(unsigned long seed, uint64_t k);

#endif
