/*
 * codebook — what each column and each code of a survey file means.
 *
 * A codebook is an INI file (docs/formats.md has the full format), parsed with
 * libinih.  It names the columns for respondent id, wave, area, weight, stratum and
 * cluster, and describes each question and background variable: texts in Swedish and
 * English, valid codes and missing codes with labels, the codes that make the
 * "unsafe"/"problem" indicator, the ordered scale, an optional score map and whether
 * the scale is reversed.  Loading is strict: an unknown key or a contradiction is an
 * error at `file:line`, because a typo must not silently change an analysis.
 *
 * Variables are kept in file order; a variable's index is its position in the
 * answers blob of the store (store/schema.h).
 */
#ifndef TRYGG_DATA_CODEBOOK_H
#define TRYGG_DATA_CODEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/sha256.h"

/* Codes are -32766..32767: the two lowest 16-bit values mark "no answer" and "a number
 * is in the numbers column" in the stored answers (below), so a declared code of
 * -32767 would be read back as the number marker. */
#define CODEBOOK_CODE_MIN (-32766)
#define CODEBOOK_CODE_MAX 32767
/* The largest survey weight and [population] size: a billion people.  Far above any
 * real one, and low enough that the sums and sums of squares of millions of them stay
 * finite (two weights of 1.7e308 summed to infinity, and the report then said the
 * group had no answers; found by scripts/hostile-hunt.py). */
#define CODEBOOK_MAX_WEIGHT 1e9
/* The answers blob marks "no answer" (an empty cell without an `empty` code) with this. */
#define CODEBOOK_NO_ANSWER INT16_MIN
/* ... and an answer to a `type = number` variable that is a number (not a missing code)
 * with this: the value itself is in the block's numbers column (store/respblock.h). */
#define CODEBOOK_NUMBER (INT16_MIN + 1)
#define CODEBOOK_MAX_VARIABLES 4000
/* Sizes beyond which a codebook is refused at file:line (man 5 trygg-codebook,
 * LIMITS): far above any real survey, low enough that a hostile codebook cannot keep
 * the reader busy for minutes (65,000 codes of one variable took 2 minutes) nor put a
 * table of thousands of rows or a 1 MiB label on every page of a report. */
#define CODEBOOK_MAX_VALUES 1000       /* codes of one variable (value. and missing.) */
#define CODEBOOK_MAX_AREAS 10000       /* [area] codes (Sweden has about 6,000 DeSO) */
#define CODEBOOK_MAX_AREA_BYTES 200    /* an area name (as in incident files) */
#define CODEBOOK_MAX_LABEL_BYTES 1000  /* a value label, both languages */
#define CODEBOOK_MAX_TEXT_BYTES 4000   /* a title, question text or note */
#define CODEBOOK_MAX_SECTIONS (CODEBOOK_MAX_VARIABLES + 1000)
#define CODEBOOK_MAX_KEYS (CODEBOOK_MAX_AREAS + 100) /* keys in one section */

enum cb_kind { CB_QUESTION, CB_BACKGROUND };

struct cb_value {
    int code;
    char *label_sv;  /* never NULL */
    char *label_en;  /* may be NULL: use label_sv */
    bool missing;    /* a missing-value code ("Vet ej") */
    bool indicator;  /* counts as 1 in the indicator */
    bool in_scale;   /* part of the ordered scale (valid codes only) */
    bool has_score;
    double score;
    bool band;       /* a band of a number variable (`bands`): made by the parser,
                        not a code in the data; label "16-29" */
};

/* A band of a `type = number` variable: lo <= x <= hi (bands = 16-29, 30-49, ...). */
struct cb_band {
    double lo, hi;
    int code;        /* the code the band stands for when respondents are grouped */
};

/* One term of a harmonised indicator: `code` counts as 1, or only when variable
 * `cond_var` (of the same codebook) has one of the codes cond_codes. */
struct cb_harm_term {
    int code;
    char *cond_var;   /* NULL: unconditionally */
    int *cond_codes;
    size_t n_cond;
};

struct cb_variable {
    char *id;
    enum cb_kind kind;
    char *column;
    char *text_sv, *text_en;          /* may be NULL */
    struct cb_value *values;          /* sorted by code */
    size_t n_values;
    bool has_empty_code;
    int empty_code;                   /* what an empty cell means, if has_empty_code */
    bool has_indicator;
    char *indicator_label_sv, *indicator_label_en;
    bool reversed;
    char *group;                      /* may be NULL */
    char *series;                     /* comparability series: questions of different
                                         codebook versions with the same series measure
                                         the same thing (default: the id) */
    int *harm_from, *harm_to;         /* harmonize: code harm_from[i] of this version is
                                         read as harm_to[i] when compared with others */
    size_t n_harm;
    char *change_sv, *change_en;      /* change.sv/.en: how this version differs from the
                                         others (stated in the report's summary) */
    struct cb_harm_term *hterms;      /* harmonized.indicator: the indicator as the other
                                         versions' definition is best matched (e.g. the NTU
                                         rule), shown as a sensitivity row */
    size_t n_hterms;
    char *hlabel_sv, *hlabel_en;      /* harmonized.label */
    long hterms_line;
    long line;                        /* where the section starts */
    /* type = number: the answer is a number (age, times victimised, hours), read from
     * the data with its decimals; `values` then holds only the missing codes and the
     * bands.  A cell equal to a missing code is missing before the range is checked. */
    bool numeric;
    bool has_min, has_max;
    double min, max;                  /* the range, inclusive, when given */
    bool decimals;                    /* decimals allowed (default yes) */
    struct cb_band *bands;            /* ascending, disjoint */
    size_t n_bands;
    /* code -> index into values, for codes in [lut_min, lut_min + lut_len) */
    int lut_min;
    size_t lut_len;
    int16_t *lut;                     /* -1 = not declared */
};

struct cb_area {
    int code;
    char *name;
};

/* A population size for the finite population correction ([population] section): the
 * number of people (or, with a cluster column, of clusters) in a stratum of the
 * population the sample was drawn from (R: svydesign(fpc = ~N)). */
struct cb_population {
    char *wave;    /* NULL: every wave imported with this codebook ([population]);
                      else the wave label of a [population WAVE] section */
    char *stratum; /* the stratum label as in the data; NULL for `total` (no strata) */
    double size;
    long line;
};

struct codebook {
    char *path;                     /* as given */
    char *content;                  /* the file's text */
    char sha256[SHA256_HEX_SIZE];
    char *survey_id, *title_sv, *title_en, *version, *note;
    /* [survey] fieldwork_end = MM-DD: the day of a wave's year by which its fieldwork is
     * over (what `trygg run --as-of` counts as fielded); 0 = not declared (31 Dec) */
    int fieldwork_month, fieldwork_day;
    /* [survey] mode = VAR: the background variable that records the answer mode (paper,
     * web, SMS ...); NULL = none.  A change of mode between the waves compared is stated
     * in the report (docs/formats.md) */
    char *mode_var;
    long mode_line;
    char *col_respondent, *col_wave, *wave_fixed, *col_area, *col_weight, *col_stratum,
        *col_cluster;
    bool extra_is_error;
    bool extra_ignore;  /* `extra = ignore` written out: unread columns are a choice */
    bool has_area_section;
    struct cb_area *areas;
    size_t n_areas;
    struct cb_variable *vars;
    size_t n_vars;
    struct cb_population *pops; /* file order */
    size_t n_pops;
};

/*
 * Loads and checks a codebook file.  Returns a new codebook (free with codebook_free)
 * or NULL with the reasons in `dl`.
 */
struct codebook *codebook_load(const char *path, struct diag_list *dl);
/* Same, from text held in memory (e.g. a codebook stored in the database). */
struct codebook *codebook_parse(const char *name, const char *text, size_t len,
                                struct diag_list *dl);
void codebook_free(struct codebook *cb);

/* The variable with this id, or NULL. */
const struct cb_variable *codebook_find(const struct codebook *cb, const char *id);
/* The variable with this id, or else the question whose `series` is `id`; NULL if none.
 * *index (if not NULL) gets its position. */
const struct cb_variable *codebook_find_series(const struct codebook *cb, const char *id,
                                               size_t *index);
/* The code a value of this version stands for when versions are compared
 * (`harmonize`); the code itself when not mapped. */
int cb_variable_harmonize(const struct cb_variable *v, int code);
/* The declared value for `code`, or NULL. */
const struct cb_value *cb_variable_value(const struct cb_variable *v, int code);

enum cb_cell {
    CB_CELL_CODE,         /* *code holds a declared code */
    CB_CELL_EMPTY,        /* empty cell and no `empty` code: no answer */
    CB_CELL_UNKNOWN_CODE, /* a whole number that is not declared */
    CB_CELL_UNKNOWN_TEXT, /* text that is neither a code nor a label */
    CB_CELL_LOOSE_NUMBER  /* a whole number with a '+' sign or blanks ("+3", " 3"):
                             codes are written as counts are, digits only */
};
/*
 * Reads one data cell of variable `v`: a declared code, or the Swedish or English
 * label of one (case and surrounding blanks ignored).  An empty cell becomes the
 * `empty` code when the codebook declares one.
 */
enum cb_cell cb_variable_read(const struct cb_variable *v, const char *text, size_t len,
                              int *code);

enum cb_number {
    CB_NUM_VALUE,       /* *value holds a number within the range */
    CB_NUM_CODE,        /* *code holds a missing code (or the `empty` code) */
    CB_NUM_EMPTY,       /* empty cell and no `empty` code: no answer */
    CB_NUM_NOT_NUMBER,  /* neither a number nor a missing code or its label */
    CB_NUM_BELOW,       /* a number below `min` */
    CB_NUM_ABOVE,       /* a number above `max` */
    CB_NUM_NOT_WHOLE    /* decimals = no and the number has a fraction */
};
/*
 * Reads one data cell of a `type = number` variable: a missing code (by its number,
 * "98" or "98,0", or its label) first, then a number with a decimal point or comma
 * ("34", "2,5", "2.5"), checked against the range.
 */
enum cb_number cb_variable_read_number(const struct cb_variable *v, const char *text, size_t len,
                                       int *code, double *value);
/* Reads a band as written in `bands` or a spec's `groups` ("16-29", "0-2,5"); false if
 * the text is not LO-HI. */
bool cb_band_parse(const char *text, size_t len, double *lo, double *hi);
/* The code of v's band LO-HI (as cb_band_parse reads it), or CODEBOOK_NUMBER if v has
 * no such band. */
int cb_variable_band_named(const struct cb_variable *v, const char *text, size_t len);
/* The band code of a number of variable v, or CODEBOOK_NUMBER when it is in no band. */
int cb_variable_band(const struct cb_variable *v, double x);
/* The range of v as text for messages, "16 to 84", "at least 0", "any number". */
void cb_variable_range_text(const struct cb_variable *v, char *buf, size_t size);

/* The area name for a data cell, using the [area] section if there is one; NULL if
 * the cell is not a declared code or name.  Borrowed from the codebook, or `text`
 * itself when there is no [area] section. */
const char *codebook_area_name(const struct codebook *cb, const char *text, size_t len);

/* The population size that applies to a respondent of wave `wave` in stratum `stratum`
 * (NULL for a survey without strata): the wave's own [population WAVE] section first,
 * then [population]; stratum labels are matched as data cells are.  NULL if none. */
const struct cb_population *codebook_population(const struct codebook *cb, const char *wave,
                                                size_t wave_len, const char *stratum,
                                                size_t stratum_len);

/* Compares two labels the way data cells are matched: case-insensitively (ASCII and
 * the Swedish letters), ignoring surrounding blanks. */
bool label_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
