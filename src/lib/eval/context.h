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
#include "eval/format.h"
#include "eval/package.h"
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
    bool has_as_of;       /* use only the data available on `as_of` (trygg run --as-of) */
    struct date as_of;
    /* Surveys loaded by the collecting pass of the run, kept for the pass that publishes
     * (eval_survey_cache_new(), evaluate.h): the respondents are read from the
     * database once per run instead of once per pass.  NULL: evaluation_run() makes its
     * own for the one evaluation. */
    struct eval_survey_cache *survey_cache;
    /* This pass only collects the cells for the disclosure control: its results are
     * thrown away (set by evaluation_run() and by a caller that collects over several
     * evaluations before running them). */
    bool collecting;
};

/* An estimate a criterion may refer to. */
struct recorded {
    char *outcome, *term, *group;
    struct stat_result r;
    bool ratio;           /* a ratio (1 = no change) rather than a difference (0) */
    bool lower_is_better; /* for the plain-language verdict */
    bool share;           /* a share or a difference of shares (read in percentage points) */
    char *label;          /* what it is, in the report language */
};

/* Design strength of an outcome (Maryland Scientific Methods Scale). */
struct design_strength {
    char *outcome;
    int level;
    char *why;            /* in the report language */
    bool days;            /* the comparison is of days, not of areas ([intermittent]) */
    bool police;          /* offences the police detect themselves: a change reads as
                           * police activity (the answer's brief says so) */
};

/*
 * What cost per unit of effect is computed from, for one estimate of one outcome:
 * the cases prevented over the whole period after the start, from the model that
 * gives the estimate (REPORTING.md rule 6).  `term` "" is the outcome's fallback,
 * used for a criterion on a term that has no basis of its own.
 */
struct effect_basis {
    char *outcome;
    char *term;           /* the estimate it belongs to, e.g. "level_change"; "" = any */
    double observed;      /* events observed after the start (counts) */
    double ratio, ratio_low, ratio_high; /* the effect as a rate ratio with CI */
    bool has_prevented;   /* prevented is the model's own: else observed x (1/ratio - 1) */
    struct stat_result prevented; /* sum over the after months of counterfactual - observed,
                                     with its interval */
    struct date from, to; /* the period after the start that `observed` covers */
    char *unit;           /* "reported offences", in the report language */
    /* what `prevented` sums, for the report to say beside the estimate judged (a level
     * change at the start is not the cumulative effect over the after months): an ITS
     * fit's effects (enum its_effects) when its_prevented */
    bool its_prevented;
    int its_effects;
};

/*
 * What the counts behind an [incidents] outcome's estimates are like, for the
 * certainty of the criteria judged on them (evaluate.c): how many events and how many
 * months without any, in the target series (and the comparison series, if any), and
 * the police recording change the spec declares (recording_change), whether it lies
 * inside the months analysed and the time-series model's level shift for it.
 */
struct count_profile {
    char *outcome;
    double events, events_before, events_after; /* target series over the window */
    size_t months, zero_months;
    size_t months_before, months_after; /* of the target series, around the start */
    bool has_comparison;
    double comparison_events;
    size_t comparison_zero_months, comparison_months;
    bool recording;               /* the spec declares a recording change */
    bool recording_inside;        /* it lies inside the target series, after its first month */
    struct date recording_month;  /* day 0 */
    struct stat_result recording_step; /* exp(b_step) of the ITS fit; failed when none */
    /* the comparison-area model's own level shift for it (did_spec.step): common to both
     * areas, or the target's alone (recording_change.comparison = unchanged) */
    bool did_step_in_model, did_step_target_only;
    struct stat_result did_step;       /* exp(b_step) of the DiD fit; failed when none */
};

/* A placebo check "stands out" at this permutation p-value or below. */
#define PLACEBO_STANDS_OUT 0.10

/* A falsification check of one estimate (placebo in time): how the real estimate ranks
 * among the same estimate at made-up start dates before the real one. */
struct placebo_check {
    char *outcome, *term;
    bool done;            /* the check could be made */
    bool passed;          /* the real estimate stands out (permutation p <= 0.10), or no
                             change in the same direction before the start (surveys) */
    double p;             /* permutation-style or test p-value; NaN when not done */
    size_t n_placebo;     /* made-up starts used */
    char *why;            /* why it could not be made (English), "" if done */
};

/* The outcome of a falsification check (placebo in time, placebo areas) of one
 * estimate: the certainty grade of a criterion judged on it reads this.  Analyses
 * record it with eval_record_falsification(). */
enum falsification_status {
    FALSIFICATION_PASSED, /* the real effect stands out against the placebos */
    FALSIFICATION_FAILED  /* similar effects occur without the measure */
};

struct falsification {
    char *outcome, *term;
    enum falsification_status status;
    char *what;           /* e.g. "placebo in time, p = 0.03", report language */
};

/* Delivery of one component that declares a plan: month by month over the data. */
struct delivery {
    char *name;           /* the intervention */
    char *category, *area;/* the activity category delivery is counted in, and where */
    char *label_sv, *label_en; /* the category's names (its id when it has none) */
    size_t n;             /* months, consecutive from month[0] */
    struct date *month;
    double *delivered;    /* NaN: no count for the month */
    double *planned;      /* planned units in the month (0 when not scheduled) */
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
    /* at-a-glance tables for the summary ([trend]: the latest year per question) */
    struct doc *glance;
    struct diag_list *dl;
    struct glm_workspace *ws;
    bool has_start;
    struct date start;           /* the evaluation's start: spec start or earliest intervention */
    struct intervention_cost *interventions; /* every row of the interventions table */
    size_t n_interventions;
    struct delivery *deliveries; /* components with a planned delivery */
    size_t n_deliveries;
    struct falsification *falsifications;
    size_t n_falsifications;
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
    struct count_profile *count_profiles;
    size_t n_count_profiles;
    /* provenance: imports whose data were read */
    long long *imports_used;
    size_t n_imports_used;
    struct placebo_check *placebo_checks;
    size_t n_placebo_checks;
    /* notes for the methods section and the caveats of the summary */
    char **caveats;
    size_t n_caveats;
    /* why an outcome's waves are not fully comparable (REPORTING.md rule 7): outcome id
     * and text, pairs, for the answer beside the criteria judged on it */
    char **comparability;
    size_t n_comparability;
    int chart_seq;
    uint64_t n_bootstraps;       /* resamplings so far (resample.h) */
    /* as of a date (asof.h): the analyses see only the data available then */
    bool has_cutoff;
    struct date cutoff;
    /* the criteria as they stood on the spec's decision date (NULL if not computed) */
    struct evaluation *then;
    /* known_then(): the full run's context, whose loaded surveys this one reads (the
     * as-of view selects waves, it does not change the rows), so the respondents are
     * held once; NULL otherwise */
    struct eval_ctx *surveys_of;
    /* known_then(): only the criteria's estimates are kept, so the checks that feed the
     * report's text and the certainty grade (placebo runs, regression to the mean, the
     * bootstrap interval of Cliff's delta) and the outcomes no criterion names are
     * skipped */
    bool estimates_only;
};

/* The text in the report language (with fallback to the other one). */
const char *L(const struct eval_ctx *c, const char *sv, const char *en)
    __attribute__((format_arg(2), format_arg(3)));
/* The run's interval names, from c->conf ("90 % KI", "90 % konfidensintervall", ...);
 * ring strings (eval/format.h).  No text names a level any other way. */
const char *eval_ci(const struct eval_ctx *c, enum ci_form form);
/* The name of an area id ("" for 0). */
const char *eval_area_name(const struct eval_ctx *c, int32_t id);
/* Area ids for a name set; false (and the name in *missing) if one is unknown. */
bool eval_area_ids(const struct eval_ctx *c, const struct name_set *s, int32_t *ids,
                   const char **missing);
/* The survey, loaded once with every variable the spec mentions.  NULL on failure. */
/* True in the pass that only collects the cells for the disclosure control: its
 * results are thrown away, so work that registers no cell (e.g. a bootstrap) can be
 * skipped. */
bool eval_collecting(const struct eval_ctx *c);
struct survey_data *eval_survey(struct eval_ctx *c, const char *survey);
/* The date an outcome's intervention starts: its own date, else the evaluation's. */
struct date eval_outcome_date(const struct eval_ctx *c, const struct outcome *o);

void eval_record(struct eval_ctx *c, const char *outcome, const char *term, const char *group,
                 const struct stat_result *r, bool ratio, bool lower_is_better,
                 const char *label);
void eval_record_design(struct eval_ctx *c, const char *outcome, int level, const char *why);
/* The same for a comparison of days in the same area (the youth centre's holidays
 * against weekends): labelled as such in the summary, not as a comparison area. */
void eval_record_design_days(struct eval_ctx *c, const char *outcome, int level, const char *why);
/* Marks the outcome's design records as offences the police detect themselves. */
void eval_record_police(struct eval_ctx *c, const char *outcome);
void eval_record_effect(struct eval_ctx *c, const struct effect_basis *e);
void eval_record_falsification(struct eval_ctx *c, const char *outcome, const char *term,
                               enum falsification_status status, const char *what);
/*
 * Months of [from, to] in which a component with a planned delivery delivered nothing
 * (no count or 0).  Returns the number of such months over all components (0 when
 * none declares a plan); *first_gap and *last_gap bound them, *last_delivered is the
 * last month in [from, to] with something delivered by every planned component (its
 * year 0 when none), *months the months of [from, to] that have delivery data.
 */
size_t eval_delivery_gaps(const struct eval_ctx *c, struct date from, struct date to,
                          struct date *first_gap, struct date *last_gap,
                          struct date *last_delivered, size_t *months);
void eval_note_import(struct eval_ctx *c, long long import_id);
/* Records the placebo-in-time check of an estimate (p NaN and `why` when it could not be
 * made).  A check that was made also feeds eval_record_falsification() (`passed`: p <=
 * PLACEBO_STANDS_OUT for made-up starts; no clear change the same way for surveys), the one hook the certainty grade reads; this richer record is what
 * the summary's caveats name (failed, not possible and why, or none). */
void eval_record_placebo(struct eval_ctx *c, const char *outcome, const char *term,
                         bool done, bool passed, double p, size_t n_placebo, const char *why);
/* The placebo check recorded for an estimate, or NULL. */
const struct placebo_check *eval_placebo_check(const struct eval_ctx *c, const char *outcome,
                                               const char *term);
void eval_caveat(struct eval_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Notes that the waves an outcome compares are not fully comparable (a question's
 * wording or codes changed), in words; the answer states it beside every criterion
 * judged on that outcome. */
void eval_note_comparability(struct eval_ctx *c, const char *outcome, const char *text);
/* Records the counts behind an outcome (copied; outcome duplicated).  The first record
 * of an outcome is kept: later ones come from the restricted or alternative windows. */
void eval_record_counts(struct eval_ctx *c, const struct count_profile *p);
/* The outcome's count profile, or NULL. */
const struct count_profile *eval_count_profile(const struct eval_ctx *c, const char *outcome);
/* A file-name-safe unique chart name: "<outcome>-<what>". */
char *eval_chart_name(struct eval_ctx *c, const char *outcome, const char *what);

/* Planned vs delivered (delivery.c): loads the deliveries of the components that
 * declare a plan (0, or -1 on a database error), writes their tables into the
 * implementation part, frees them. */
int eval_load_deliveries(struct eval_ctx *c);
/* The unit a component's plan counts, in words and the report's language, lower case
 * ("trygghetscoachpass"): the name of its activity category, else the category id. */
const char *eval_delivery_unit(const struct eval_ctx *c, const char *name, const char *category);
void eval_report_deliveries(struct eval_ctx *c);
void eval_deliveries_release(struct eval_ctx *c);

/* The analyses (analyze_*.c). */
int analyze_survey(struct eval_ctx *c, const struct outcome *o);
int analyze_trend(struct eval_ctx *c, const struct outcome *o);
int analyze_incidents(struct eval_ctx *c, const struct outcome *o);
int analyze_screening(struct eval_ctx *c, const struct outcome *o);
/* What a synthetic comparison found, for the section's main result. */
struct synth_summary {
    bool done;            /* weights fitted, post_ratio computed */
    bool poor;            /* poor fit before the start, or the target outside the donors' range */
    double post_ratio;    /* observed / synthetic over the post period */
    double p_value;       /* permutation p from the placebo areas; NaN without them */
    size_t rank, n_units; /* the target's rank among the placebo areas (1 = largest change) */
    double prevented;     /* synthetic - observed over the post period, in cases */
    size_t months_after;
};
/* The synthetic comparison area of an [incidents] outcome (comparison = synthetic),
 * after the target's own analysis: weights, effect, placebo tests, report; *out (may be
 * NULL) gets what it found. */
struct series_data;
void analyze_synth(struct eval_ctx *c, const struct outcome *o, const struct series_data *target,
                   struct synth_summary *out);
int analyze_intermittent(struct eval_ctx *c, const struct outcome *o);
int analyze_activity(struct eval_ctx *c, const struct outcome *o);
int analyze_compare(struct eval_ctx *c, const struct outcome *o);
/* [describe]: descriptives of survey variables per wave and group (analyze_describe.c). */
int analyze_describe(struct eval_ctx *c, const struct outcome *o);

#endif
