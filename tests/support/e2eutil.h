/*
 * e2eutil — what the end-to-end tests share: running the trygg binary on a database,
 * copying files, and a logical dump of a database to compare before and after.
 *
 * A dump is text: the schema version, every row of sqlite_schema, then every row of
 * every table (sqlite_sequence included) in storage order, each value with its type
 * and, for text and blobs, its exact bytes in hex.  Two dumps are equal exactly when
 * the databases hold the same schema and the same data, whatever the file's page
 * layout; a refused import must leave the dump unchanged.
 */
#ifndef TRYGG_E2EUTIL_H
#define TRYGG_E2EUTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "testutil.h"

/* Runs `trygg --db DB ARGS...` (a NULL-terminated list; db NULL = no --db) and
 * returns the exit status; res gets stdout and stderr (release with
 * run_result_release).  Fails the test if the binary cannot be started. */
int run_trygg(struct run_result *res, const char *db, ...) __attribute__((sentinel));
/* Same, arguments as an array of n strings. */
int run_trygg_argv(struct run_result *res, const char *db, const char *const *args, size_t n);

/*
 * The bundled example (examples/osteraker) imported as scripts/demo.sh does it: the
 * surveys of 2015 and 2016 (cp1252), of 2017 and 2018 under the 2015-2018 codebook and
 * of 2019-2022 under theirs, the incident, daily, activity and donor-pool counts, and
 * the interventions.  EXAMPLE_IMPORTS[i] is one `trygg import` command's arguments,
 * NULL-terminated.
 */
#define EXAMPLE_IMPORT_ARGS 10
extern const char *const EXAMPLE_IMPORTS[][EXAMPLE_IMPORT_ARGS];
extern const size_t N_EXAMPLE_IMPORTS;
/* Runs every import of the example into db (with -q); fails the test, naming the
 * command and its stderr, unless each exits 0. */
void import_example(const char *db);

/* Runs `trygg --db DB ARGS...` (n arguments); fails the test, with the command and its
 * stderr, unless it exits 0. */
void run_trygg_ok(const char *db, const char *const *args, size_t n);

/* Copies a file (fails the test on error). */
void copy_file(const char *from, const char *to);
/* Copies a database: the main file, and -wal if present; removes a stale -wal/-shm
 * at the destination. */
void copy_db(const char *from, const char *to);

/* Returns a new string (free it) with the logical dump of the database at path;
 * fails the test if it cannot be read. */
char *db_dump(const char *path);
/* Fails the test unless PRAGMA integrity_check says "ok" and foreign_key_check
 * finds nothing. */
void db_check_integrity(const char *path);
/* Fails the test, naming the first differing line, unless the dumps are equal. */
void assert_dump_equal(const char *expected, const char *actual, const char *what);

/* "dir/name" as a new string. */
char *path_in_dir(const char *dir, const char *name);
/* Writes text to dir/name; returns the path (free it). */
char *put_file_in(const char *dir, const char *name, const char *text);

/*
 * Writes the spec `text` to dir/name and runs it: `trygg --db DB run SPEC --out dir/out
 * --lang LANG --no-charts`.  The spec's id is read from its "id = " line.  On exit
 * status 0, *csv and *md (each may be NULL) get results.csv and report.md of the run;
 * otherwise NULL.  *err (may be NULL) gets stderr.  Returns the exit status.
 */
int run_spec_in(const char *db, const char *dir, const char *name, const char *text,
                const char *lang, char **csv, char **md, char **err);

/* One row of a results.csv: its 19 fields (RFC 4180 quotes undone, each cut at 255
 * bytes), numbered as the columns below. */
#define RESULTS_FIELDS 19
enum { RF_EVALUATION, RF_ANALYSIS, RF_OUTCOME, RF_GROUP, RF_METHOD, RF_TERM, RF_ESTIMATE,
       RF_SE, RF_LOW, RF_HIGH, RF_LEVEL, RF_STAT, RF_DF, RF_P, RF_HOLM, RF_BH, RF_N, RF_NOTE,
       RF_REASON };
struct results_row {
    char f[RESULTS_FIELDS][256];
};
/* Splits one line of results.csv; returns the number of fields. */
size_t results_split(const char *line, size_t len, struct results_row *r);
/* A field as a number (NaN when empty). */
double results_num(const struct results_row *r, int field);
/* The record of results.csv text `csv` (header skipped; a quoted field may hold a
 * newline) with these analysis, group, method and term, into *r; false if none. */
bool results_find(const char *csv, const char *analysis, const char *group, const char *method,
                  const char *term, struct results_row *r);
/*
 * Checks that row's estimate against R: reference file `ref`, case `ref_case` (key
 * "estimate"), and std_error, conf_low and conf_high, p_value where the reference has
 * them, each to relative tolerance tol (testutil.h, assert_close).  Fails the test,
 * naming the row, when results.csv has no such row.
 */
void results_check_ref(const char *csv, const char *analysis, const char *group,
                       const char *method, const char *term, const char *ref,
                       const char *ref_case, double tol);

/*
 * A survey imported and an evaluation run on it, as the survey tests set them up:
 * `trygg import survey CODEBOOK ANSWERS` into DIR/TAG.db (the import must succeed),
 * then `trygg run SPEC --out DIR/out-TAG --lang en -q` with the n_extra arguments
 * extra.  Returns the evaluation's results.csv (out-TAG/EVAL_ID/results.csv; free it),
 * or, when the run is refused, NULL with *err (free it) set to its stderr; with err
 * NULL a refused run fails the test.
 */
char *survey_import_run(const char *dir, const char *tag, const char *codebook,
                        const char *answers, const char *spec, const char *eval_id,
                        const char *const *extra, size_t n_extra, char **err);

/* The fixture of a test file on one survey: survey_import_run in a new temporary
 * directory (make_temp_dir(name)) with tag "trygg", which must succeed. */
struct survey_run {
    char *dir; /* the temporary directory */
    char *db;  /* dir/trygg.db */
    char *out; /* dir/out-trygg, the run's --out */
    char *csv; /* the evaluation's results.csv */
};
void survey_run_setup(struct survey_run *e, const char *name, const char *codebook,
                      const char *answers, const char *spec, const char *eval_id,
                      const char *const *extra, size_t n_extra);
/* Removes the directory and frees the strings. */
void survey_run_teardown(struct survey_run *e);

/* run.json's `outcome_titles` (what each outcome id of results.csv is called in the
 * report language) of the run.json at path; fails the test if it has none.  Release
 * with json_decref. */
json_t *outcome_titles_load(const char *run_json);
/* The title of (analysis, outcome) in titles, or NULL. */
const char *outcome_title(json_t *titles, const char *analysis, const char *outcome);

/* Splits one CSV record (RFC 4180 quoting; a quoted field may hold a newline) at *p
 * into at most max fields, each cut at 511 bytes; advances *p past it.  Returns the
 * number of fields (0 at the end of the text). */
size_t csv_split_record(const char **p, char fields[][512], size_t max);

/* The number of lines of text that start with prefix. */
size_t count_lines_starting(const char *text, const char *prefix);

#endif
