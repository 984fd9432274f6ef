/*
 * gnuplot — the one module that writes gnuplot syntax, and the one that runs gnuplot.
 *
 * Why it is careful (measured with Debian 12's gnuplot 5.4.4, see STYLE.md): inside
 * double quotes gnuplot runs backquoted text as a shell command; a raw newline inside
 * a quoted string ends the command and the next line runs; tic labels given in
 * `set xtics ("label" pos)` are printf formats (a '%n' aborts the script).  So every
 * string that reaches a script goes through gp_quote(), which emits a string
 * expression made of single-quoted literals: control bytes and C1 controls turned
 * into spaces, invalid UTF-8 into U+FFFD, the text capped at GP_QUOTE_MAX bytes (on
 * a character boundary, with "…").  Inside single quotes gnuplot interprets nothing
 * but a doubled quote; trygg does not even rely on that (gnuplot 5.4 misreads three
 * quotes at the start of a literal as an empty string and a new literal — measured)
 * and writes a quote as the constant "'" joined with '.':  it's -> 'it' . "'" . 's'.
 * Long labels may be wrapped the same way, with the constant "\n".  These two
 * double-quoted constants are the only ones trygg writes: no other escape, no
 * backquote.  Numbers are written without the locale (evaluators run sv_SE, which
 * writes "0,5"); non-finite numbers as NaN.
 *
 * gp_run() starts gnuplot with posix_spawnp and the argument vector
 * {"gnuplot", "-d", script} — never through a shell; -d skips the user's ~/.gnuplot —
 * with stdin from /dev/null and stdout discarded, captures stderr for the diagnostic,
 * kills it after a timeout, and checks the exit status.  A missing gnuplot is its own
 * status, so the caller can still write the report with a note instead of charts.
 */
#ifndef TRYGG_OUT_GNUPLOT_H
#define TRYGG_OUT_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"
#include "util/strbuf.h"

/* Bytes of text kept in one literal (a title longer than this is not a title). */
#define GP_QUOTE_MAX 400

enum gp_quote_flags {
    GP_QUOTE_PLAIN = 0,
    /* The literal is a tic label, which gnuplot reads as a printf format: '%' doubled. */
    GP_QUOTE_FORMAT = 1,
    /* A file name: not capped (the caller has refused control bytes beforehand). */
    GP_QUOTE_PATH = 2
};

/* Appends text (NUL-terminated UTF-8 from data; NULL is "") as one single-quoted
 * gnuplot string literal. */
void gp_quote(struct strbuf *out, const char *text, unsigned flags);
/* The same, broken into lines of at most `width` characters at spaces (a longer word
 * keeps a line of its own): the literals are joined as 'line 1' . "\n" . 'line 2',
 * where "\n" is the one double-quoted string trygg writes, a constant.  width 0 is
 * gp_quote().  Returns the number of lines. */
size_t gp_quote_wrapped(struct strbuf *out, const char *text, unsigned flags, size_t width);
/* Appends x as a gnuplot number: shortest round-trip, '.' decimal point, NaN for
 * non-finite values (gnuplot knows NaN as a constant and, with `set datafile missing
 * NaN`, as a missing value in data files). */
void gp_number(struct strbuf *out, double x);

enum gp_status {
    GP_OK = 0,
    GP_NOT_INSTALLED, /* the program was not found in PATH (posix_spawnp: ENOENT) */
    GP_FAILED,        /* gnuplot ran and exited with a non-zero status or a signal */
    GP_TIMEOUT,       /* killed after the time limit */
    GP_SYSTEM         /* pipe/spawn/wait failed */
};

#define GP_TIMEOUT_MS_DEFAULT 60000

struct gp_run_options {
    const char *program;  /* looked up in PATH; NULL = "gnuplot" */
    unsigned timeout_ms;  /* 0 = GP_TIMEOUT_MS_DEFAULT */
};

/*
 * Runs `program -d script` (script borrowed) and waits for it.  On anything but
 * GP_OK an error goes into dl naming the script's purpose `what` (e.g. "chart
 * 'unsafe_night'"), with gnuplot's stderr quoted (at most a few hundred bytes).  When
 * gnuplot succeeds but printed something on stderr, that text becomes a warning.
 * opt may be NULL.
 */
enum gp_status gp_run(const char *script, const char *what, const struct gp_run_options *opt,
                      struct diag_list *dl);

/*
 * The same in two steps, so gnuplot can start (it loads ~80 shared libraries, ~45 ms of
 * CPU) while the caller is still computing what it will draw.  gp_start() spawns
 * `program -d script`, or with script NULL `program -d /dev/stdin` reading its script
 * from a pipe: gnuplot treats it as a script file (it stops at the first error with
 * a non-zero status) and waits for it.  gp_send() writes the script into the pipe and
 * closes it (gnuplot reads to the end, then exits); gp_wait() collects stderr, waits
 * for the exit with the time limit (counted from the gp_wait call) and reports as
 * gp_run().  gp_abort() kills and reaps a process that will not be used.  Every
 * descriptor is close-on-exec, so a gnuplot started beside another never holds the
 * other's pipes open.
 *
 * gp_start_lines() is gp_start(script NULL) with gnuplot's standard output on a pipe
 * too, for a caller that feeds a script piece by piece (gp_write, then gp_close_input)
 * and learns from lines the script prints (`set print '-'`, e.g. that a chart is
 * drawn) when to go on: gp_next_line() returns them one by one, reading stderr
 * meanwhile so that neither pipe fills up; gp_wait() reports that stderr as ever.
 */
struct gp_proc {
    int pid;   /* -1 when none */
    int in_fd; /* the script pipe (script NULL), -1 otherwise or once sent */
    int err_fd;
    int out_fd;        /* gnuplot's stdout (gp_start_lines), -1 otherwise or at its end */
    struct strbuf err; /* stderr read so far (at most a few KB are kept) */
    struct strbuf out; /* stdout read but not yet returned as a line */
};

#define GP_PROC_INIT { -1, -1, -1, -1, STRBUF_INIT, STRBUF_INIT }

/* On anything but GP_OK an error naming `what` goes into dl (as gp_run). */
enum gp_status gp_start(struct gp_proc *p, const char *script, const char *what,
                        const struct gp_run_options *opt, struct diag_list *dl);
enum gp_status gp_start_lines(struct gp_proc *p, const char *what,
                              const struct gp_run_options *opt, struct diag_list *dl);
/* Writes the whole script into the pipe and closes it.  0, or -1 if gnuplot has gone
 * (its status then tells why). */
int gp_send(struct gp_proc *p, const char *text, size_t len);
/* Writes text into the pipe and keeps it open; 0, or -1 if gnuplot has gone. */
int gp_write(struct gp_proc *p, const char *text, size_t len);
/* Closes the pipe: gnuplot runs what it was given, then exits. */
void gp_close_input(struct gp_proc *p);
/* The next line gnuplot printed on its standard output (without the newline) into
 * line: 1; 0 when none came within timeout_ms (0: only what is already there); -1 at
 * the end of its output (it exited or closed it) or without a stdout pipe. */
int gp_next_line(struct gp_proc *p, struct strbuf *line, int timeout_ms);
enum gp_status gp_wait(struct gp_proc *p, const char *what, const struct gp_run_options *opt,
                       struct diag_list *dl);
void gp_abort(struct gp_proc *p);

/* A short English phrase for a status, e.g. "gnuplot is not installed". */
const char *gp_status_text(enum gp_status st);

#endif
