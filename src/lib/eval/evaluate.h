/*
 * evaluate — runs one evaluation (a checked spec) against the store and produces its
 * results and its report document.
 *
 * Order of work: the interventions and their costs are read; each outcome section is
 * analysed (analyze_*.c) into the survey, incident and implementation parts; then the
 * summary is written first in the report: the decision question, each pre-registered
 * criterion with its estimate, interval and verdict (met / not met / inconclusive),
 * the strength of the design behind it and the cost per unit of effect; last the
 * methods and data section with the provenance of every number.
 */
#ifndef TRYGG_EVAL_EVALUATE_H
#define TRYGG_EVAL_EVALUATE_H

#include <stddef.h>

#include "eval/context.h"
#include "eval/doc.h"
#include "eval/results.h"
#include "eval/spec.h"

struct import_ref {
    long long id;
    char *kind, *file, *sha256, *imported_at, *version;
    unsigned long long rows;
};

enum verdict { VERDICT_MET, VERDICT_NOT_MET, VERDICT_INCONCLUSIVE };

/* How sure the evidence behind a verdict is (EMMIE-style grading, REPORTING.md rule 5):
 * from the design level of the deciding estimate, whether its interval decides, and
 * its falsification checks. */
enum certainty { CERTAINTY_STRONG, CERTAINTY_MODERATE, CERTAINTY_WEAK, CERTAINTY_INSUFFICIENT };

struct criterion_outcome {
    const struct criterion *criterion;
    enum verdict verdict;
    struct stat_result r; /* the estimate judged (NaN if none) */
    bool found;
    bool withheld;        /* no estimate because it is withheld: it rests on fewer
                             respondents than the small-cell rule allows */
    bool ratio, share;    /* the estimate is a ratio (1 = no change); a share difference */
    const char *term;     /* the term judged (borrowed from the spec or a constant) */
    int design_level;     /* of the deciding estimate; 0 if unknown */
    bool design_days;     /* the level-3 comparison is of days, not areas */
    enum certainty certainty;
    int falsified;        /* -1 no check recorded, 0 passed, 1 failed */
    bool point_only;      /* met by a rule on the estimate whose interval also covers values
                             that do not satisfy the rule */
    int wrong_way;        /* a clear change (interval off no change) opposite to the one the
                             rule asks for: +1 a rise where a fall is asked, -1 the reverse */
    double mde;           /* smallest effect this design and data could detect (80 % power),
                             on the estimate's scale: a ratio (< 1) or a difference; NaN */
    /* the other-level estimate of the same outcome (level 3 for a level-2 criterion and
     * the other way round) and whether it disagrees */
    bool has_other;
    int other_level;
    const char *other_term;
    struct stat_result other;
    bool disagrees;
    /* the package the estimate measures */
    char **package;       /* names a report shows, components first */
    bool *package_component;
    size_t n_package;
    bool separated;       /* the design separates the component(s) */
    size_t n_uncosted;    /* package members without a cost */
    /* cost over the after period, from the model that judges the criterion */
    double cost, cost_per_unit, cost_per_unit_low, cost_per_unit_high; /* NaN if none */
    /* why cost_per_unit is not a number although there is a cost (NULL when it is, or
     * when there is no cost): "prevented_includes_zero" -- the prevented cases' interval
     * includes none, so the cost per case has no upper end and only its lower bound
     * (cost_per_unit_low) is given, as the report says; "no_reduction" -- the model puts
     * no cases prevented, so there is no cost per case at all */
    const char *cost_per_unit_reason;
    double cost_component;          /* the components' own cost over the same months */
    struct stat_result prevented;   /* cases prevented (counterfactual - observed) */
    /* what the prevented cases are summed from: an ITS fit's effects (enum its_effects)
     * over the after months when prevented_its, else observed x (1/ratio - 1) from the
     * very ratio judged; has_prevented when prevented holds a number (with or without a
     * cost), observed_after the cases observed over those months */
    bool has_prevented, prevented_its;
    int prevented_effects;
    double observed_after;
    struct date cost_from, cost_to; /* the months both cover */
    char *unit;                     /* "reported offences" */
    /* implementation: months of the after period with nothing delivered */
    size_t gap_months, after_months;
    struct date first_gap, last_gap;
    bool has_delivered;             /* an estimate restricted to delivered months exists */
    struct stat_result delivered;
    /* a police recording change inside the counts judged (spec recording_change) */
    enum recording_handling {
        RECORDING_NONE,       /* none declared, or outside the months analysed */
        RECORDING_IN_MODEL,   /* the time-series model has a level shift of its own for it */
        RECORDING_MIXED_IN,   /* the estimate cannot separate it (after/before ratio) */
        RECORDING_CONTRAST,   /* a comparison-area contrast: removed only if the comparison
                                 area was recorded the same new way from the same month */
        RECORDING_IN_CONTRAST /* the comparison-area model (DiD) has a level shift of its own
                                 for it: common to both areas, or the target's alone
                                 (recording_target_only) */
    } recording;
    bool recording_target_only;
    struct date recording_month;
    struct stat_result recording_step; /* the model's level shift (RECORDING_IN_MODEL,
                                          RECORDING_IN_CONTRAST) */
    /* sparse counts behind the estimate (an [incidents] outcome): events per month and
     * the share of months without any, over the window, in the sparser of the series
     * the estimate uses; `sparse` lowers the certainty one step, `very_sparse` to weak
     * at most (evaluate.c, sparse_grade) */
    bool sparse, very_sparse;
    double events_per_month, zero_month_share, events_before, events_after;
    /* fewer than FEW_SIDE_MONTHS months before or after the start: the model cannot yet
     * tell a lasting change from the season; the certainty is one step lower */
    bool few_months;
    size_t months_before, months_after;
    char *sentence;       /* plain-language verdict */
};

struct evaluation {
    char *id;
    char *lang;
    struct results results;
    struct doc *doc;
    /* provenance */
    char *spec_path;
    char spec_sha256[SHA256_HEX_SIZE];
    char *time_utc;
    unsigned long seed;
    size_t boot_replicates;   /* replicates of each bootstrap */
    size_t n_bootstraps;      /* bootstraps made in the run (0: --seed changed nothing) */
    int min_cell;
    struct import_ref *imports;
    size_t n_imports;
    struct criterion_outcome *criteria;
    size_t n_criteria;
    /* the criteria's hash and when they were first run (eval/criteria_date.h); "" when
     * the spec has no criteria */
    char criteria_sha256[SHA256_HEX_SIZE];
    char criteria_first_run_utc[32];
    char criteria_previous_sha256[SHA256_HEX_SIZE]; /* earlier other criteria, "" if none */
    char criteria_previous_first_run_utc[32];
    bool criteria_recorded; /* false: the database could not be written */
    /* the write connection whose open transaction holds this run's criteria_seen row
     * until the reports are written (eval/criteria_date.h); NULL when none */
    struct store *criteria_pending;
    size_t n_failed_outcomes; /* outcome sections that could not be analysed at all */
};

/* Surveys kept between the passes of a run (struct eval_options.survey_cache): a
 * survey loaded while collecting the disclosure cells is handed to the pass that
 * publishes, which frees it. */
struct eval_survey_cache *eval_survey_cache_new(void);
void eval_survey_cache_free(struct eval_survey_cache *cache);

/* Runs the evaluation.  Returns 0 (even if some estimates could not be made: those
 * carry messages), or -1 on a database or system failure (problems in dl; ev then holds
 * nothing to release). */
int evaluation_run(struct store *st, const struct spec *spec, const struct eval_options *opt,
                   struct evaluation *ev, struct diag_list *dl);
void evaluation_release(struct evaluation *ev);
/* Appends the disclosure decision to the file named by $TRYGG_DISCLOSURE_AUDIT, if set
 * (for the tests' independent attacker; docs/hardening.md). */
void evaluation_audit_disclosure(const struct disclosure *ds);
const char *verdict_name(enum verdict v);
/* "strong", "moderate", "weak", "insufficient". */
const char *certainty_name(enum certainty c);

#endif
