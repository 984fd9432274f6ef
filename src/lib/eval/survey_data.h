/*
 * survey_data — the respondents of one survey, loaded from the store for analysis.
 *
 * One load reads every block of the survey once and keeps, per respondent, the wave,
 * area, weight, stratum and cluster, and the codes of the variables asked for (in
 * whichever codebook version each respondent was imported with: a variable is found
 * by its id or its `series`).  Codes are as imported; survey_code_harmonized() gives
 * the code a respondent's answer stands for when codebook versions are compared.
 * Everything an analysis needs to interpret a code (valid, missing, indicator, in the
 * scale, score) comes from the respondent's own codebook version.
 */
#ifndef TRYGG_EVAL_SURVEY_DATA_H
#define TRYGG_EVAL_SURVEY_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "data/codebook.h"
#include "store/store.h"

struct survey_wave {
    long long id;
    char *label;
    int year;  /* 0 if the label is not a year */
};

/* Strata and PSUs of the respondents, as small indices unique within each wave (built
 * by survey_common on first use and kept with the data). */
struct survey_design_index {
    size_t *stratum; /* n: wave × stratum */
    size_t *psu;     /* n: wave × cluster, or NULL when the survey has no clusters */
    bool clustered;
    /* finite population correction: pop[h] is the population size of stratum index h
     * (INFINITY: none), for h < n_strata; NULL when the survey declares no population */
    double *pop;
    size_t n_strata;
};

/* At most this many background variables refine the answer-code cells. */
#define SURVEY_REFINE_MAX 3

struct survey_data {
    char *survey;            /* survey key */
    long long survey_id;
    char *title_sv, *title_en;
    /* waves in order (year, then import order) */
    struct survey_wave *waves;
    size_t n_waves;
    /* codebook versions of the survey */
    struct codebook **codebooks;
    long long *codebook_ids;
    size_t n_codebooks;
    /* variables loaded: ids as asked for */
    char **var_ids;
    size_t n_vars;
    /* per codebook version and variable: the codebook variable, or NULL if absent */
    const struct cb_variable **var_in; /* n_codebooks x n_vars */
    /* respondents */
    size_t n, alloc;
    int32_t *wave;      /* index into waves */
    int32_t *version;   /* index into codebooks */
    int32_t *area;      /* area id, 0 = none */
    double *weight;
    int32_t *stratum;   /* design_unit id, 0 = none */
    int32_t *cluster;   /* design_unit id, 0 = none */
    int16_t **codes;    /* n_vars arrays of n codes (CODEBOOK_NO_ANSWER = no answer or
                           the variable is absent from that version); for a number
                           variable (type = number) the code of the band the number
                           falls in, CODEBOOK_NUMBER when in none, or a missing code */
    double **num;       /* n_vars arrays of n numbers, for a variable that is a number
                           variable in some codebook version (NaN: no number); NULL
                           for the others */
    bool has_strata, has_clusters;
    double *pop;        /* population size of the respondent's stratum (INFINITY: none),
                           from the codebooks' [population] sections (eval/survey_fpc.h);
                           NULL when no codebook declares one */
    /* the rows of wave w are [wave_begin[w], wave_end[w]): blocks are read wave by
     * wave, so a loop over the waves an analysis uses touches only their rows */
    size_t *wave_begin, *wave_end;
    struct survey_design_index design; /* see survey_design() */
    bool design_built;
    /* per variable × wave, the answer-code cells of eval/survey_keycells.h, counted on
     * first use (NULL until then) */
    struct survey_keycells *keycells;
    /* the variables (indices) whose codes refine every answer-code cell besides the
     * key (survey_keycells.h): the background variables of the run's subgroups, so
     * that a subgroup's respondents are a union of cells; set by the load */
    size_t refine[SURVEY_REFINE_MAX];
    size_t n_refine;
    /* loaded by survey_data_load_stream() into cells (eval/survey_stream.h): the rows
     * are only the respondents that open a cell, standing for their cells; a pass over
     * them is no pass over the respondents */
    bool cells_only;
    /* with cells_only, per kept row: its respondent's index in the row load (the
     * disclosure control knows respondents by it, whichever load a run makes); NULL
     * otherwise */
    uint32_t *resp;
    /* the strata's codes as the user's data wrote them (design_unit id -> label), for
     * messages: ids ascending */
    int32_t *stratum_unit_id;
    char **stratum_unit_label;
    size_t n_stratum_units;
};

/*
 * Loads the survey with key `survey` and the variables `vars` (question or background
 * ids or series names).  Returns 0, or -1 with the problem in dl.  Release with
 * survey_data_release().
 */
int survey_data_load(struct store *st, const char *survey, const char *const *vars,
                     size_t n_vars, struct survey_data *out, struct diag_list *dl);
/* The same, read in one pass into the answer-code cells of every variable and wave
 * without a row per respondent when the codebooks and data allow it
 * (eval/survey_stream.h; d->cells_only then), else as survey_data_load(). */
int survey_data_load_stream(struct store *st, const char *survey, const char *const *vars,
                            size_t n_vars, struct survey_data *out, struct diag_list *dl);
/* survey_data_load() or, with `stream`, survey_data_load_stream(), the answer-code
 * cells refined by the codes of the variables refine_ids[0..n_refine) (each one of
 * `vars`; at most SURVEY_REFINE_MAX, the others ignored). */
int survey_data_load_refined(struct store *st, const char *survey, const char *const *vars,
                             size_t n_vars, const char *const *refine_ids, size_t n_refine,
                             bool stream, struct survey_data *out, struct diag_list *dl);
void survey_data_release(struct survey_data *d);
/* Frees the respondents' rows, their cells and the design index, keeping the survey's
 * description (codebooks, waves, variables): back to a load with no rows yet. */
void survey_data_release_rows(struct survey_data *d);

/* Index of a loaded variable, or -1. */
int survey_var_index(const struct survey_data *d, const char *id);
/* The index respondent (row) i has in the row load: i itself unless cells_only. */
static inline uint32_t survey_resp_index(const struct survey_data *d, size_t i)
{
    return d->resp ? d->resp[i] : (uint32_t)i;
}
/* The user's code of a stratum (a design_unit id of `stratum`), or NULL. */
const char *survey_stratum_code(const struct survey_data *d, int32_t id);
/* Index of a wave by label, or -1. */
int survey_wave_index(const struct survey_data *d, const char *label);
/* The codebook variable that describes respondent i's answer to variable v (NULL if
 * that version lacks it). */
static inline const struct cb_variable *survey_var_of(const struct survey_data *d, size_t v,
                                                      size_t i)
{
    return d->var_in[(size_t)d->version[i] * d->n_vars + v];
}
/* The respondent's code for variable v, mapped through `harmonize` when `harmonize`
 * is true. */
int survey_code(const struct survey_data *d, size_t v, size_t i, bool harmonize);

/*
 * Comparability of variable v across the waves marked in `use` (n_waves flags): the
 * raw signature (valid codes, indicator codes, scale) of each codebook version in use.
 * COMPARABLE_SAME: one signature; COMPARABLE_HARMONIZED: equal after `harmonize`;
 * COMPARABLE_NO: not comparable.  `why` gets a sentence (may be NULL).
 */
enum comparability { COMPARABLE_SAME, COMPARABLE_HARMONIZED, COMPARABLE_NO };
enum comparability survey_comparability(const struct survey_data *d, size_t v, const bool *use,
                                        char *why, size_t why_size, const char *lang);

#endif
