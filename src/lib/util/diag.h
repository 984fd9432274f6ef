/*
 * diag — the list of diagnostics (errors, warnings, notes) that library code fills
 * instead of printing.
 *
 * Bad user input and system failures become entries here, with the file, line and
 * column they concern, so the front end can print them the way compilers do:
 *     trygg: survey.csv:812:5: unknown code '7' for question 'T01'
 * Lines and columns are 1-based; 0 means "not applicable".  For CSV input the column
 * is the field number.  A list can cap the number of errors it stores (an import of a
 * broken million-row file should print twenty precise messages, not a million); the
 * errors beyond the cap are still counted.
 */
#ifndef TRYGG_UTIL_DIAG_H
#define TRYGG_UTIL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

struct diag {
    enum diag_level level;
    char *file;    /* owned; NULL when the message concerns no file */
    long line;     /* 1-based, 0 = none */
    long column;   /* 1-based, 0 = none */
    char *message; /* owned; lower case, problem first, no trailing period */
};

struct diag_list {
    struct diag *items;
    size_t n, alloc;
    size_t max_errors; /* errors stored at most; 0 = no cap */
    size_t n_errors;   /* errors reported, including those not stored */
    size_t n_warnings;
    size_t n_system;   /* errors that are failures of the system, not of the input
                        * (an I/O error reading a file: util/io.h); the command then
                        * exits 3, not 1 */
};

#define DIAG_DEFAULT_MAX_ERRORS 20

void diag_list_init(struct diag_list *dl, size_t max_errors);
void diag_list_release(struct diag_list *dl);
/* Removes every entry and resets the counters. */
void diag_list_clear(struct diag_list *dl);

void diag_add(struct diag_list *dl, enum diag_level level, const char *file, long line,
              long column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diag_vadd(struct diag_list *dl, enum diag_level level, const char *file, long line,
               long column, const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
#define diag_error(dl, file, line, col, ...) diag_add(dl, DIAG_ERROR, file, line, col, __VA_ARGS__)
#define diag_warning(dl, file, line, col, ...) diag_add(dl, DIAG_WARNING, file, line, col, __VA_ARGS__)
#define diag_note(dl, file, line, col, ...) diag_add(dl, DIAG_NOTE, file, line, col, __VA_ARGS__)

static inline bool diag_has_errors(const struct diag_list *dl) { return dl->n_errors > 0; }
/* True when an error was a failure of the system (I/O, memory), not of the input. */
static inline bool diag_system_failed(const struct diag_list *dl) { return dl->n_system > 0; }
/* True once the error cap is reached: a caller may stop looking for more. */
bool diag_full(const struct diag_list *dl);

/* Appends "file:line:column: message" (the parts that apply; warnings and notes get a
 * "warning: " / "note: " prefix before the message). */
void diag_format(const struct diag *d, struct strbuf *out);
/* Prints every entry as "prefix: formatted\n", then a line on errors not shown. */
void diag_print(const struct diag_list *dl, FILE *fp, const char *prefix);

/*
 * Appends a quoted, printable rendering of untrusted text for a message: at most
 * `max_chars` bytes of it, control bytes and invalid UTF-8 shown as \xNN, with "..."
 * when cut.  Data from files can hold terminal escapes; messages must not pass them on.
 */
void diag_quote(struct strbuf *out, const char *text, size_t len, size_t max_chars);

#endif
