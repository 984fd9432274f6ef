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

#include <stdbool.h>
#include <stddef.h>

#include "testutil.h"

/* Runs `trygg --db DB ARGS...` (a NULL-terminated list; db NULL = no --db) and
 * returns the exit status; res gets stdout and stderr (release with
 * run_result_release).  Fails the test if the binary cannot be started. */
int run_trygg(struct run_result *res, const char *db, ...) __attribute__((sentinel));
/* Same, arguments as an array of n strings. */
int run_trygg_argv(struct run_result *res, const char *db, const char *const *args, size_t n);

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

/* The number of lines of text that start with prefix. */
size_t count_lines_starting(const char *text, const char *prefix);

#endif
