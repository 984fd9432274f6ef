/*
 * spec — an evaluation declared in analysis/NAME.ini: the decision question, the
 * interventions and their cost, the outcome analyses and the decision criteria
 * stated before the data are looked at.  docs/analysis.md documents every key.
 *
 * Loading is in two steps, both before anything is computed: spec_load() checks the
 * file on its own (unknown keys, malformed values, references between sections), and
 * spec_check() checks it against the database (surveys, questions, waves, areas,
 * categories and interventions must exist).  Every problem is an error at file:line.
 */
#ifndef TRYGG_EVAL_SPEC_H
#define TRYGG_EVAL_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "store/store.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/sha256.h"

/* Longest evaluation or section id: the evaluation id names the output folder, and
 * a file name has at most 255 bytes (NAME_MAX). */
#define SPEC_MAX_ID_BYTES 128
/* Sizes beyond which a spec is refused at file:line (man 5 trygg-analysis, LIMITS):
 * far above any real evaluation, low enough that a hostile or generated spec cannot
 * keep a run busy for hours or its report grow to thousands of pages.  Many series are
 * one screening section (area = *), not one section each. */
#define SPEC_MAX_OUTCOMES 200      /* [survey], [trend], [incidents] ... sections */
#define SPEC_MAX_ALTERNATIVES 100  /* [alternative] sections */
#define SPEC_MAX_CRITERIA 200      /* [criterion] sections */
#define SPEC_MAX_ITEMS 2000        /* names in one list or '+' set, ranges expanded */
#define SPEC_MAX_TITLE_BYTES 500   /* title.sv / title.en */
#define SPEC_MAX_TEXT_BYTES 4000   /* question.*, text.*, note.* */

/* A '+'-joined list of names whose data are added up (areas, categories). */
struct name_set {
    char **names;
    size_t n;
    long line; /* where it was given; 0 = not given */
};

struct name_list { /* a ','-separated list */
    char **items;
    size_t n;
    long line;
};

enum outcome_kind {
    OUTCOME_SURVEY,       /* [survey ID]: before/after on one question */
    OUTCOME_TREND,        /* [trend ID]: several waves, several questions, by groups */
    OUTCOME_INCIDENTS,    /* [incidents ID]: counts per month, ITS / rate ratio */
    OUTCOME_INTERMITTENT, /* [intermittent ID]: daily counts on exposed days */
    OUTCOME_ACTIVITY,     /* [activity ID]: evidence that the measure ran */
    OUTCOME_COMPARE,      /* [compare ID]: groups against each other within a wave */
    OUTCOME_DESCRIBE      /* [describe ID]: descriptives of survey variables
                             (analyze_describe.c); no effect estimate */
};

enum survey_measure { MEASURE_DEFAULT, MEASURE_INDICATOR, MEASURE_MEAN, MEASURE_SCORE };

enum incident_model {
    MODEL_RATE_RATIO,
    MODEL_ITS_POISSON,
    MODEL_ITS_QUASIPOISSON,
    MODEL_ITS_NEGBIN
};

enum seasonality { SEASON_MONTHS, SEASON_HARMONIC, SEASON_NONE };

/* The scale a synthetic comparison area is matched on. */
enum synth_scale {
    SYNTH_SCALE_DEFAULT, /* rate when every series has a population, else count */
    SYNTH_SCALE_RATE,    /* per 1,000 residents */
    SYNTH_SCALE_COUNT
};

/* [intermittent] and [activity] with `days`: the days the flagged days are compared
 * with (eval/daykind.h). */
enum comparison_days { COMPARE_WEEKENDS, COMPARE_OTHER_DAYS, COMPARE_SAME_WEEKDAY };

struct outcome {
    enum outcome_kind kind;
    char *id;
    long line;
    char *title_sv, *title_en;   /* may be NULL: derived from the data */
    /* survey and trend */
    char *survey;
    struct name_list questions;  /* [survey]: exactly one; [describe]: `variables`
                                    (questions or background variables) */
    enum survey_measure measure;
    struct name_set area, comparison;
    struct name_list before, after; /* wave labels */
    struct name_list subgroups;  /* background variable ids; [trend] and [describe] `by`
                                    also "area" */
    struct name_list waves;      /* [trend], [compare], [describe]; empty = all */
    bool no_wave;                /* set by an as-of view (asof.h) when every wave listed (or,
                                    without a list, every wave) came after the cutoff: an
                                    empty `waves` then means none, not all */
    char *baseline;              /* [trend]; NULL = first wave */
    /* incidents, intermittent, activity */
    struct name_set categories;  /* summed ([activity]: listed, each on its own) */
    struct name_list activity;   /* [activity] categories */
    struct name_set buffer;
    bool has_date;
    struct date date;            /* intervention date for this outcome */
    long date_line;
    enum incident_model model;
    enum seasonality seasonality;
    int harmonics;
    int its_effects;             /* [incidents] effects: 0 level+slope, 1 level, 2 slope
                                    (stats/its.h enum its_effects) */
    int transition;              /* [incidents] months from the start left out of the fit */
    enum its_offset { OFFSET_AUTO, OFFSET_NONE, OFFSET_POPULATION, OFFSET_PERSON_TIME } offset;
    bool newey_west;             /* [incidents] se = newey-west: HAC standard errors */
    bool has_nw_lag;             /* se.lag given (else floor(4 (n/100)^(2/9))) */
    int nw_lag;
    bool has_from, has_to;
    struct date from, to;
    /* [incidents] recording_change = YYYY-MM: the police changed how the offence is
     * recorded from this month (day 0).  The time-series model takes it as a level
     * shift of its own (stats/its.h, its_spec.step), so it is not read as the
     * programme's effect; the estimates that cannot separate it say so beside the
     * criteria judged on them (docs/analysis.md). */
    bool has_recording_change;
    struct date recording_change;
    long recording_change_line;
    /* recording_change.comparison = same (the default: one police system recorded the
     * comparison area the new way from the same month too) | unchanged (only the
     * target's recording changed): the comparison-area model's own level shift is then
     * common to both areas, or the target's alone (stats/its.h, did_spec.step) */
    bool recording_target_only;
    char *detection;             /* NULL = from the database */
    struct name_list alternatives;
    bool placebo;
    bool screening;              /* [incidents] with area and/or category '*': every
                                    area / category on its own (analyze_screening.c) */
    /* [incidents] comparison = synthetic (analyze_synth.c) */
    bool synthetic;
    long synthetic_line;
    struct name_set donors, donors_exclude; /* donors "*" = every other area */
    enum synth_scale synth_scale;
    double placebo_max_pre_ratio;             /* 0 keeps every placebo area */
    char *days;                  /* [intermittent]: "holidays"; [activity]: NULL or as
                                    [intermittent] (per-day table on those days) */
    struct name_list extra_days; /* [intermittent]: more dates counted as exposed */
    enum comparison_days comparison_days; /* [intermittent], [activity] with days */
    /* [compare] (analyze_compare.c): `question`, `measure`, `wave` (in waves), `by` (in
     * subgroups: "area" and/or background variables), `area` (a restriction) and: */
    struct name_set *groups;     /* `groups`: '+' sets of areas (by = area) or of codes (a
                                    background variable), "rest" = everyone else; NULL =
                                    every area / every level on its own */
    size_t n_groups;
    long groups_line;
    bool pairs_first;            /* pairs = first: each group against the first; else
                                    every pair */
};

struct alternative {
    char *id;
    long line;
    char *title_sv, *title_en;
    struct name_set area, comparison, buffer; /* n == 0: as the outcome has it */
    bool no_buffer;                           /* buffer = none: this definition has none
                                                 (e.g. the buffer joins the target) */
};

enum criterion_bound { BOUND_ESTIMATE, BOUND_CONF_LOW, BOUND_CONF_HIGH };
enum criterion_op { OP_LT, OP_LE, OP_GT, OP_GE };

struct criterion {
    char *id;
    long line;
    char *outcome;     /* an outcome id */
    char *term;        /* e.g. "difference", "level_change"; NULL = the outcome's main term */
    char *group;       /* a subgroup label, NULL = all */
    enum criterion_bound bound;
    enum criterion_op op;
    double value;
    char *rule_text;   /* as written, e.g. "conf_high < 1" */
    char *text_sv, *text_en;
    struct name_set effect_of; /* the measures whose own effect the criterion claims (n == 0:
                                  none; the estimate is the package's); eval/package.h */
};

struct spec {
    char *path;
    char sha256[SHA256_HEX_SIZE];
    char *id;
    char *title_sv, *title_en;
    char *question_sv, *question_en;
    char *note_sv, *note_en;
    struct name_list interventions;
    struct name_set package;    /* [evaluation] package: every measure the estimates measure
                                   (n == 0: found from the interventions table) */
    bool has_start;
    struct date start;
    bool has_decision_date;
    struct date decision_date; /* when the decision is (was) to be made: the report shows
                                  what was known then beside what is known now */
    double conf_level;
    struct outcome *outcomes;
    size_t n_outcomes;
    struct alternative *alternatives;
    size_t n_alternatives;
    struct criterion *criteria;
    size_t n_criteria;
};

/* Reads and checks a spec file on its own.  Returns a new spec (free with spec_free)
 * or NULL with the problems in dl. */
struct spec *spec_load(const char *path, struct diag_list *dl);
void spec_free(struct spec *s);
/* Checks every name against the database; returns 0, -1 (problems in dl), or -2 when
 * the database could not be read (the failure in dl; the spec was not judged). */
int spec_check(const struct spec *s, struct store *st, struct diag_list *dl);

const struct outcome *spec_outcome(const struct spec *s, const char *id);
const struct alternative *spec_alternative(const struct spec *s, const char *id);
/* "sv" or "en" text with fallback to the other language; may return NULL. */
const char *spec_text(const char *sv, const char *en, const char *lang);
const char *outcome_kind_name(enum outcome_kind k);
const char *incident_model_name(enum incident_model m);
/* The main term of an outcome kind (what a criterion refers to by default). */
const char *outcome_main_term(const struct outcome *o);

#endif
