/*
 * statfile — SPSS (.sav, .zsav, .por) and Stata (.dta) data files, read with
 * ReadStat (Debian libreadstat), as rows of text the way csvread delivers CSV.
 *
 * Record 0 is the header (the variable names, in file order); then one record per
 * case, `line` = the case number (1-based), a field's column = the variable's
 * position (1-based).  Numbers are written without the locale ("2019", "24.5"),
 * whole numbers without a decimal point; a system-missing number (and Stata's
 * extended missing .a–.z) is an empty field; a user-missing SPSS value is its code
 * ("9"), so the codebook's `missing.9` applies as it does for CSV.  Strings are
 * UTF-8 (ReadStat converts from the file's code page).  So the survey importer's
 * checks apply unchanged.
 *
 * statfile_read_meta() reads the dictionary only (variables, their labels, value
 * labels and user-missing definitions) for `trygg codebook from-sav`.
 */
#ifndef TRYGG_DATA_STATFILE_H
#define TRYGG_DATA_STATFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "data/csvread.h"
#include "util/diag.h"

enum statfile_format { STATFILE_NONE = 0, STATFILE_SAV, STATFILE_POR, STATFILE_DTA };

/* The format of the file at path: by its extension (.sav, .zsav, .por, .dta, any
 * case), else by its first bytes; STATFILE_NONE for anything else (CSV). */
enum statfile_format statfile_detect(const char *path);
const char *statfile_format_name(enum statfile_format f);

/*
 * Reads the file and calls fn for the header and each case, as csv_read_file does
 * (same return values: 0, the callback's non-zero value, or -1 with the problem in
 * dl).  info (may be NULL) gets the size, the SHA-256 of the raw bytes and the
 * number of cases; its delimiter is 0.
 */
int statfile_read(const char *path, enum statfile_format fmt, csv_record_fn fn, void *ctx,
                  struct csv_file_info *info, struct diag_list *dl);

/* CSV through csv_read_file, or an SPSS/Stata file through statfile_read. */
int table_read_file(const char *path, const struct csv_options *opt, csv_record_fn fn,
                    void *ctx, struct csv_file_info *info, struct diag_list *dl);

/* ------------------------------------------------------------ the dictionary */

struct statfile_label {
    double value;
    char *label;
};

struct statfile_var {
    char *name;
    char *label;      /* the variable label, or NULL */
    bool is_string;
    char *label_set;  /* the name of its value-label set, or NULL */
    size_t n_missing; /* user-missing definitions: [lo, hi] ranges (lo == hi: one value) */
    double missing_lo[3], missing_hi[3];
};

struct statfile_label_set {
    char *name;
    struct statfile_label *labels;
    size_t n, alloc;
};

struct statfile_meta {
    enum statfile_format format;
    char *file_label;   /* may be NULL */
    time_t created;     /* 0 if unknown */
    long n_cases;       /* -1 if the file does not say */
    struct statfile_var *vars;
    size_t n_vars, alloc_vars;
    struct statfile_label_set *sets;
    size_t n_sets, alloc_sets;
};

/* Reads the dictionary.  Returns 0, or -1 with the problem in dl; release meta with
 * statfile_meta_release either way. */
int statfile_read_meta(const char *path, struct statfile_meta *meta, struct diag_list *dl);
void statfile_meta_release(struct statfile_meta *meta);
/* The label set of a variable, or NULL. */
const struct statfile_label_set *statfile_var_labels(const struct statfile_meta *meta,
                                                     const struct statfile_var *v);

#endif
