/*
 * testutil — see testutil.h.
 */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include "eval/reason.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------------ reference values */

struct ref_row {
    char *case_id;
    char *key;
    double value;
};

struct ref_file {
    char *path;
    struct ref_row *rows;
    size_t n;
    const char **cases;
    size_t n_cases;
    struct ref_file *next;
};

static struct ref_file *ref_files;

static double parse_ref_value(const char *s)
{
    if (strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0 || *s == '\0')
        return NAN;
    if (strcmp(s, "Inf") == 0)
        return INFINITY;
    if (strcmp(s, "-Inf") == 0)
        return -INFINITY;
    if (strcmp(s, "TRUE") == 0)
        return 1;
    if (strcmp(s, "FALSE") == 0)
        return 0;
    return strtod(s, NULL);
}

static struct ref_file *ref_open(const char *path)
{
    for (struct ref_file *f = ref_files; f; f = f->next)
        if (strcmp(f->path, path) == 0)
            return f;
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        fail_msg("cannot read reference values '%s': %s", path, strerror(errno));
    struct ref_file *f = calloc(1, sizeof(*f));
    f->path = strdup(path);
    size_t alloc = 0;
    char *save = NULL;
    bool header = true;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (header) {
            header = false;
            continue;
        }
        char *c1 = strchr(line, ',');
        char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        if (!c2)
            continue;
        *c1 = *c2 = '\0';
        /* strip quotes R may add */
        char *cid = line, *key = c1 + 1, *val = c2 + 1;
        if (*cid == '"') { cid++; cid[strlen(cid) - 1] = '\0'; }
        if (*key == '"') { key++; key[strlen(key) - 1] = '\0'; }
        if (*val == '"') { val++; val[strlen(val) - 1] = '\0'; }
        if (f->n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            f->rows = realloc(f->rows, alloc * sizeof(*f->rows));
        }
        f->rows[f->n].case_id = strdup(cid);
        f->rows[f->n].key = strdup(key);
        f->rows[f->n].value = parse_ref_value(val);
        bool seen = f->n_cases && strcmp(f->cases[f->n_cases - 1], cid) == 0;
        for (size_t i = 0; !seen && i < f->n_cases; i++)
            seen = strcmp(f->cases[i], cid) == 0;
        if (!seen) {
            f->cases = realloc(f->cases, (f->n_cases + 1) * sizeof(*f->cases));
            f->cases[f->n_cases++] = f->rows[f->n].case_id;
        }
        f->n++;
    }
    free(text);
    f->next = ref_files;
    ref_files = f;
    return f;
}

static const struct ref_row *ref_find(const char *file, const char *case_id, const char *key)
{
    struct ref_file *f = ref_open(file);
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->rows[i].case_id, case_id) == 0 && strcmp(f->rows[i].key, key) == 0)
            return &f->rows[i];
    return NULL;
}

double ref_get(const char *file, const char *case_id, const char *key)
{
    const struct ref_row *r = ref_find(file, case_id, key);
    if (!r)
        fail_msg("no reference value %s/%s in %s", case_id, key, file);
    return r->value;
}

bool ref_has(const char *file, const char *case_id, const char *key)
{
    return ref_find(file, case_id, key) != NULL;
}

size_t ref_cases(const char *file, const char *const **ids)
{
    struct ref_file *f = ref_open(file);
    *ids = f->cases;
    return f->n_cases;
}

static void fail_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail_at(const char *file, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    print_error("%s\n", msg);
    _fail(file, line);
}

void assert_close_at(double actual, double expected, double rel_tol, double abs_floor,
                     const char *what, const char *file, int line)
{
    if (isnan(expected)) {
        if (!isnan(actual))
            fail_at(file, line, "%s = %.17g, expected NaN/NA", what, actual);
        return;
    }
    if (isinf(expected)) {
        if (actual != expected)
            fail_at(file, line, "%s = %.17g, expected %g", what, actual, expected);
        return;
    }
    double scale = fabs(expected) > abs_floor ? fabs(expected) : abs_floor;
    double err = fabs(actual - expected);
    if (!(err <= rel_tol * scale))
        fail_at(file, line, "%s = %.17g, expected %.17g (relative error %.3g > %.3g)",
                     what, actual, expected, err / scale, rel_tol);
}

/* ------------------------------------------------------------ files */

char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t alloc = 1 << 16, n = 0;
    char *buf = malloc(alloc + 1);
    size_t got;
    while ((got = fread(buf + n, 1, alloc - n, fp)) > 0) {
        n += got;
        if (n == alloc) {
            alloc *= 2;
            buf = realloc(buf, alloc + 1);
        }
    }
    fclose(fp);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *html_unhyphenate(char *s)
{
    static const char open[] = "<span class=\"nobr\">", close[] = "</span>";
    static const char open_sv[] = "<span lang=\"sv\">"; /* report/langspan.h */
    if (!s)
        return NULL;
    size_t o = 0, nobr = 0;
    for (size_t i = 0; s[i];) {
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD) {
            i += 2;
        } else if (!strncmp(s + i, open, sizeof(open) - 1)) {
            i += sizeof(open) - 1;
            nobr++;
        } else if (!strncmp(s + i, open_sv, sizeof(open_sv) - 1)) {
            i += sizeof(open_sv) - 1; /* holds text and nobr spans only */
            nobr++;
        } else if (nobr && !strncmp(s + i, close, sizeof(close) - 1)) {
            i += sizeof(close) - 1; /* a nobr span holds text only: this closes it */
            nobr--;
        } else {
            s[o++] = s[i++];
        }
    }
    s[o] = '\0';
    return s;
}

char *slurp_html(const char *path, size_t *len)
{
    char *s = html_unhyphenate(slurp(path, NULL));
    if (s && len)
        *len = strlen(s);
    return s;
}

void write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        fail_msg("cannot write '%s': %s", path, strerror(errno));
    if (len && fwrite(data, 1, len, fp) != len)
        fail_msg("cannot write '%s': %s", path, strerror(errno));
    if (fclose(fp) != 0)
        fail_msg("cannot close '%s': %s", path, strerror(errno));
}

char *make_temp_dir(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof(path), "%s/trygg-test-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", tag);
    if (!mkdtemp(path))
        fail_msg("mkdtemp: %s", strerror(errno));
    return strdup(path);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void rm_rf(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* ------------------------------------------------------------ processes */

static void append(char **buf, size_t *len, size_t *alloc, const char *data, size_t n)
{
    if (*len + n + 1 > *alloc) {
        while (*len + n + 1 > *alloc)
            *alloc = *alloc ? 2 * *alloc : 4096;
        *buf = realloc(*buf, *alloc);
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}

int run_program(const char *const argv[], const char *stdin_path, struct run_result *res)
{
    memset(res, 0, sizeof(*res));
    int out_pipe[2], err_pipe[2];
    if (pipe(out_pipe) || pipe(err_pipe))
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, stdin_path ? stdin_path : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
    posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        close(err_pipe[0]);
        return -1;
    }
    size_t out_alloc = 0, err_alloc = 0;
    append(&res->out, &res->out_len, &out_alloc, "", 0);
    append(&res->err, &res->err_len, &err_alloc, "", 0);
    struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof(buf));
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else if (i == 0)
                append(&res->out, &res->out_len, &out_alloc, buf, (size_t)n);
            else
                append(&res->err, &res->err_len, &err_alloc, buf, (size_t)n);
        }
    }
    int wstatus;
    while (waitpid(pid, &wstatus, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(wstatus))
        res->status = WEXITSTATUS(wstatus);
    else if (WIFSIGNALED(wstatus))
        res->status = 128 + WTERMSIG(wstatus);
    return res->status;
}

void run_result_release(struct run_result *res)
{
    free(res->out);
    free(res->err);
    memset(res, 0, sizeof(*res));
}

const char *trygg_bin(void)
{
    const char *bin = getenv("TRYGG_BIN");
    return bin && *bin ? bin : "build/trygg";
}

int run_dynamic_group(const char *name, struct CMUnitTest *tests, size_t count)
{
    return _cmocka_run_group_tests(name, tests, count, NULL, NULL);
}

const char *why_en(const struct stat_why *why)
{
    return reason_text("en", why);
}
