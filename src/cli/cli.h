/*
 * cli — what the subcommands share: the command table entry, global options, exit
 * codes, option parsing helpers and printing of diagnostics.
 */
#ifndef TRYGG_CLI_H
#define TRYGG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "util/diag.h"

enum exit_code {
    EXIT_OK = 0,
    EXIT_DATA = 1,   /* data refused, or an evaluation failed */
    EXIT_USAGE = 2,  /* bad command line */
    EXIT_SYSTEM = 3  /* I/O, database or other system failure */
};

struct global_options {
    const char *db_path; /* --db, or NULL: then $TRYGG_DB, then ./trygg.db */
};

struct command {
    const char *name;
    int (*run)(int argc, char **argv, const struct global_options *g);
    const char *summary;
};

int cmd_codebook(int argc, char **argv, const struct global_options *g);
int cmd_import(int argc, char **argv, const struct global_options *g);
int cmd_info(int argc, char **argv, const struct global_options *g);
int cmd_init(int argc, char **argv, const struct global_options *g);
int cmd_power(int argc, char **argv, const struct global_options *g);
int cmd_run(int argc, char **argv, const struct global_options *g);
int cmd_remove(int argc, char **argv, const struct global_options *g);
int cmd_export(int argc, char **argv, const struct global_options *g);

/* The database path the user chose. */
const char *cli_db_path(const struct global_options *g);
/* Prints "trygg: <message>" and a hint, returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "trygg: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints every diagnostic with the "trygg" prefix. */
void cli_print_diags(const struct diag_list *dl);
/* Flushes stdout and reports a write error (e.g. /dev/full) as EXIT_SYSTEM. */
int cli_finish_stdout(void);
/* Combines a command's status with stdout's: a failed write turns success into
 * EXIT_SYSTEM. */
int cli_finish(int status);

/*
 * The name a file is recorded under in the database's provenance: with `anonymous`
 * its file name only; otherwise the path relative to the working directory (an
 * absolute path is rewritten, with "../" where needed), so neither the database nor
 * a shared report names anyone's home directory.  Returns a new string.
 */
char *cli_recorded_path(const char *path, bool anonymous);

/*
 * "-" as a file: standard input is copied to a private temporary file (the importers
 * hash a file and may read it twice).  Returns the temporary path (a new string) or
 * NULL with a message printed; cli_stdin_release removes the file and its directory.
 */
char *cli_stdin_to_file(void);
void cli_stdin_release(char *path);

/*
 * Progress on stderr for long work: nothing unless stderr is a terminal and the work
 * has run for more than a second.  Matches the library's progress callback type.
 */
void cli_progress(void *ctx, unsigned long long done, unsigned long long total);
void cli_progress_end(void);

#endif
