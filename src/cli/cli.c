/*
 * cli — see cli.h.
 */
#include "cli.h"

#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

char *cli_recorded_path(const char *path, bool anonymous)
{
    if (anonymous || !strcmp(path, "-")) {
        const char *slash = strrchr(path, '/');
        return strdup(slash ? slash + 1 : path);
    }
    if (path[0] != '/')
        return strdup(path);
    char cwd[PATH_MAX], real[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)) || !realpath(path, real))
        return strdup(path);
    /* the longest common directory prefix, then one ".." per remaining cwd part */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        bool end_c = cwd[i] == '\0' || cwd[i] == '/';
        bool end_r = real[i] == '\0' || real[i] == '/';
        if (end_c && end_r)
            common = i;
        if (cwd[i] != real[i] || cwd[i] == '\0')
            break;
    }
    if (!strcmp(cwd, "/"))
        common = 0;
    char *out = malloc(strlen(cwd) * 2 + strlen(real) + 4);
    if (!out)
        return strdup(path);
    out[0] = '\0';
    for (const char *c = cwd + common; *c; c++)
        if (*c == '/' && c[1])
            strcat(out, "../");
    const char *rest = real + common;
    strcat(out, *rest == '/' ? rest + 1 : rest);
    return out;
}

char *cli_stdin_to_file(void)
{
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/trygg-stdin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        cli_error("cannot create a temporary directory for standard input: %s", strerror(errno));
        return NULL;
    }
    size_t n = strlen(dir) + sizeof("/stdin");
    char *path = malloc(n);
    if (!path)
        return NULL;
    snprintf(path, n, "%s/stdin", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    bool ok = fd >= 0;
    char buf[65536];
    ssize_t got;
    while (ok && (got = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            ok = false;
            break;
        }
        for (ssize_t off = 0; ok && off < got;) {
            ssize_t w = write(fd, buf + off, (size_t)(got - off));
            if (w < 0 && errno != EINTR)
                ok = false;
            else if (w > 0)
                off += w;
        }
    }
    if (fd >= 0 && io_close(fd) != 0)
        ok = false;
    if (!ok) {
        cli_error("cannot copy standard input to %s: %s", path, strerror(errno));
        cli_stdin_release(path);
        return NULL;
    }
    return path;
}

void cli_stdin_release(char *path)
{
    if (!path)
        return;
    unlink(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
    free(path);
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
