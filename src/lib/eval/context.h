/*
 * context — what every analysis of one evaluation shares while it runs.
 *
 * The runner (evaluate.c) makes one eval_ctx per evaluation, calls the analysis of
 * each outcome, then writes the summary from what the analyses recorded.  An analysis:
 *   - adds rows to `res` (the results file) and blocks to its part of the report
 *     (`survey`, `incidents` or `implementation`), in the report language `lang`;
 *   - records the estimates criteria may refer to (eval_record), the design strength
 *     of the outcome (eval_record_design) and, for counts, what the cost per unit of
 *     effect is computed from (eval_record_effect);
 *   - withholds any number drawn from fewer than `min_cell` respondents, and any
 *     cell the run's disclosure control hides (survey_disclose.h: ask it for every
 *     survey cell before publishing a number of it).
 * An analysis that cannot run at all (no data) says so in the report and the results
 * file; it returns -1 only for database or system failures.
 */
#ifndef TRYGG_EVAL_CONTEXT_H
#define TRYGG_EVAL_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/doc.h"
#include "eval/results.h"
#include "eval/spec.h"
#include "eval/survey_data.h"
#include "stats/glm.h"
#include "store/store.h"
#include "util/date.h"
#include "util/strmap.h"

struct disclosure;

/* Replicates of every bootstrap in a run (resample.h). */
#define EVAL_BOOT_REPLICATES 10000

struct eval_options {
    const char *lang;     /* "sv" or "en" */
    int min_cell;         /* smallest number of respondents a published cell may rest on */
    unsigned long seed;   /* for bootstrap and anything random */
    /* The run's disclosure control (disclosure.h), shared by every evaluation of a run
     * so that cells published by different specs are checked together.  NULL:
     * evaluation_run() makes its own for the one evaluation. */
    struct disclosure *disc;
};

/* An estimate a criterion may refer to. */
struct recorded {
    char *outcome, *term, *group;
    struct stat_result r;
    bool ratio;           /* a ratio (1 = no change) rather than a difference (0) */
    bool lower_is_better; /* for the plain-language verdict */
    char *label;          /* what it is, in the report language */
};

/* Design strength of an outcome (Maryland Scientific Methods Scale). */
struct design_strength {
    char *outcome;
    int level;
    char *why;            /* in the report language */
};

/* What cost per unit of effect is computed from, for one outcome. */
struct effect_basis {
    char *outcome;
    double observed;      /* events observed after the start (counts) */
    double ratio, ratio_low, ratio_high; /* the effect as a rate ratio with CI */
    struct date from, to; /* the period after the start that `observed` covers */
    char *unit;           /* "reported offences", in the report language */
};

struct intervention_cost {
    char *name, *area;
    struct date start, end;
    bool has_end, has_cost;
    double yearly_cost;
};

struct eval_ctx {
    struct store *st;
    const struct spec *spec;
    const struct eval_options *opt;
    const char *lang;
    double conf;                 /* confidence level, e.g. 0.95 */
    struct results *res;
    /* report parts, joined by the runner: summary first */
    struct doc *survey, *incidents, *implementation, *methods;
    struct diag_list *dl;
    struct glm_workspace *ws;
    bool has_start;
    struct date start;           /* the evaluation's start: spec start or earliest intervention */
    struct intervention_cost *interventions;
    size_t n_interventions;
    /* areas: id -> name */
    char **area_names;
    size_t n_area_names;
    /* loaded surveys (all variables the spec names, loaded once) */
    struct survey_data *surveys;
    size_t n_surveys;
    /* what the analyses recorded */
    struct recorded *recorded;
    size_t n_recorded;
    struct design_strength *designs;
    size_t n_designs;
    struct effect_basis *effects;
    size_t n_effects;
    /* provenance: imports whose data were read */
    long long *imports_used;
    size_t n_imports_used;
    /* notes for the methods section and the caveats of the summary */
    char **caveats;
    size_t n_caveats;
    int chart_seq;
    uint64_t n_bootstraps;       /* resamplings so far (resample.h) */
};

/* The text in the report language (with fallback to the other one). */
const char *L(const struct eval_ctx *c, const char *sv, const char *en);
/* The name of an area id ("" for 0). */
const char *eval_area_name(const struct eval_ctx *c, int32_t id);
/* Area ids for a name set; false (and the name in *missing) if one is unknown. */
bool eval_area_ids(const struct eval_ctx *c, const struct name_set *s, int32_t *ids,
                   const char **missing);
/* The survey, loaded once with every variable the spec mentions.  NULL on failure. */
struct survey_data *eval_survey(struct eval_ctx *c, const char *survey);
/* The date an outcome's intervention starts: its own date, else the evaluation's. */
struct date eval_outcome_date(const struct eval_ctx *c, const struct outcome *o);

void eval_record(struct eval_ctx *c, const char *outcome, const char *term, const char *group,
                 const struct stat_result *r, bool ratio, bool lower_is_better,
                 const char *label);
void eval_record_design(struct eval_ctx *c, const char *outcome, int level, const char *why);
void eval_record_effect(struct eval_ctx *c, const struct effect_basis *e);
void eval_note_import(struct eval_ctx *c, long long import_id);
void eval_caveat(struct eval_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A file-name-safe unique chart name: "<outcome>-<what>". */
char *eval_chart_name(struct eval_ctx *c, const char *outcome, const char *what);

/* The analyses (analyze_*.c). */
int analyze_survey(struct eval_ctx *c, const struct outcome *o);
int analyze_trend(struct eval_ctx *c, const struct outcome *o);
int analyze_incidents(struct eval_ctx *c, const struct outcome *o);
int analyze_screening(struct eval_ctx *c, const struct outcome *o);
/* The synthetic comparison area of an [incidents] outcome (comparison = synthetic),
 * after the target's own analysis: weights, effect, placebo tests, report. */
struct series_data;
void analyze_synth(struct eval_ctx *c, const struct outcome *o, const struct series_data *target);
int analyze_intermittent(struct eval_ctx *c, const struct outcome *o);
int analyze_activity(struct eval_ctx *c, const struct outcome *o);

#endif
