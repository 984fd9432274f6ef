/*
 * cli — see cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *cli_db_path(const struct global_options *g)
{
    if (g->db_path && *g->db_path)
        return g->db_path;
    const char *env = getenv("TRYGG_DB");
    if (env && *env)
        return env;
    return "trygg.db";
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("trygg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("trygg: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_print_diags(const struct diag_list *dl)
{
    cli_progress_end();
    diag_print(dl, stderr, "trygg");
}

int cli_finish_stdout(void)
{
    return cli_finish(EXIT_OK);
}

int cli_finish(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "trygg: cannot write to standard output: %s\n", strerror(errno));
        return EXIT_SYSTEM;
    }
    return status;
}

static struct {
    bool started, shown;
    struct timespec start;
} progress;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + 1e-9 * (double)(now.tv_nsec - t->tv_nsec);
}

void cli_progress(void *ctx, unsigned long long done, unsigned long long total)
{
    const char *what = ctx ? ctx : "working";
    if (!progress.started) {
        progress.started = true;
        clock_gettime(CLOCK_MONOTONIC, &progress.start);
        return;
    }
    if (!isatty(STDERR_FILENO) || seconds_since(&progress.start) < 1.0)
        return;
    if (total)
        fprintf(stderr, "\r%s: %3.0f%%", what, 100.0 * (double)done / (double)total);
    else
        fprintf(stderr, "\r%s: %llu", what, done);
    progress.shown = true;
}

void cli_progress_end(void)
{
    if (progress.shown)
        fputs("\r\033[K", stderr);
    progress.started = progress.shown = false;
}
