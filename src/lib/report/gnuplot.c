/*
 * gnuplot — see gnuplot.h.
 */
/* pipe2(): pipes close-on-exec from birth, while other threads spawn */
#define _GNU_SOURCE
#include "report/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/num.h"
#include "util/utf8.h"

extern char **environ;

/* ------------------------------------------------------------ quoting */

/* The text as it may appear in a literal: at most GP_QUOTE_MAX bytes (cut on a
 * character boundary, then "…"), control bytes and C1 controls as spaces, invalid
 * UTF-8 as U+FFFD. */
static void clean_text(struct strbuf *out, const char *text, bool capped)
{
    static const char ellipsis[] = "\xE2\x80\xA6";    /* U+2026 */
    static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
    size_t len = strlen(text), i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t n = c < 0x80 ? 1 : utf8_sequence_length(text + i, len - i);
        if (capped && out->len + (n ? n : 3) > GP_QUOTE_MAX) {
            strbuf_addstr(out, ellipsis);
            break;
        }
        if (n == 0) {
            strbuf_addstr(out, replacement);
            i++;
        } else if ((n == 1 && (c < 0x20 || c == 0x7f)) ||
                   (n == 2 && c == 0xC2 && (unsigned char)text[i + 1] < 0xA0) ||
                   utf8_is_bidi_control(text + i, n)) {
            strbuf_addch(out, ' ');
            i += n;
        } else {
            strbuf_add(out, text + i, n);
            i += n;
        }
    }
}

/* Emits clean text as a string expression: runs without a quote as single-quoted
 * literals, each quote as the constant "'", joined with gnuplot's '.' operator.  (The
 * doubled quote that gnuplot documents for a quote inside single quotes is misread at
 * the start of a literal: three quotes are taken as an empty string and a new one.) */
static void literal(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
    if (!len) {
        strbuf_addstr(out, "''");
        return;
    }
    bool open = false, first = true;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'') {
            if (open)
                strbuf_addch(out, '\'');
            strbuf_addstr(out, first ? "\"'\"" : " . \"'\"");
            open = false;
            first = false;
            continue;
        }
        if (!open) {
            strbuf_addstr(out, first ? "'" : " . '");
            open = true;
            first = false;
        }
        if (s[i] == '%' && (flags & GP_QUOTE_FORMAT))
            strbuf_addch(out, '%');
        strbuf_addch(out, s[i]);
    }
    if (open)
        strbuf_addch(out, '\'');
}

void gp_quote(struct strbuf *out, const char *text, unsigned flags)
{
    gp_quote_wrapped(out, text, flags, 0);
}

size_t gp_quote_wrapped(struct strbuf *out, const char *text, unsigned flags, size_t width)
{
    struct strbuf clean = STRBUF_INIT;
    clean_text(&clean, text ? text : "", !(flags & GP_QUOTE_PATH));
    if (!width) {
        literal(out, clean.buf, clean.len, flags);
        strbuf_release(&clean);
        return 1;
    }
    /* Greedy: a line takes words while it stays within width characters; a longer
     * word gets a line of its own.  Lines are joined with "\n", a constant. */
    const char *s = clean.buf, *end = clean.buf + clean.len;
    bool first = true;
    size_t lines = 0;
    while (s < end || first) {
        while (s < end && *s == ' ' && !first)
            s++;
        const char *line_end = s, *p = s;
        size_t chars = 0;
        while (p < end) {
            const char *word = p;
            while (p < end && *p == ' ')
                p++;
            while (p < end && *p != ' ')
                p++;
            size_t wchars = utf8_length(word, (size_t)(p - word));
            if (chars && chars + wchars > width)
                break;
            chars += wchars;
            line_end = p;
        }
        if (!first)
            strbuf_addstr(out, " . \"\\n\" . ");
        literal(out, s, (size_t)(line_end - s), flags);
        first = false;
        lines++;
        s = line_end;
    }
    strbuf_release(&clean);
    return lines;
}

void gp_number(struct strbuf *out, double x)
{
    char buf[NUM_FMT_SIZE];
    if (!isfinite(x))
        strbuf_addstr(out, "NaN");
    else
        strbuf_addstr(out, num_format(x, buf));
}

/* ------------------------------------------------------------ running */

const char *gp_status_text(enum gp_status st)
{
    switch (st) {
    case GP_OK:
        return "gnuplot succeeded";
    case GP_NOT_INSTALLED:
        return "gnuplot is not installed";
    case GP_FAILED:
        return "gnuplot failed";
    case GP_TIMEOUT:
        return "gnuplot did not finish in time";
    case GP_SYSTEM:
        return "gnuplot could not be run";
    }
    return "gnuplot failed";
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Keeps at most this much of gnuplot's stderr (the first lines carry the error). */
#define ERR_KEEP 4096
/* ...and quotes this much of it into a message. */
#define ERR_SHOW 600

static void add_stderr(struct strbuf *msg, const struct strbuf *err)
{
    size_t len = err->len;
    while (len && (err->buf[len - 1] == '\n' || err->buf[len - 1] == ' '))
        len--;
    if (!len)
        return;
    strbuf_addstr(msg, ": ");
    diag_quote(msg, err->buf, len, ERR_SHOW);
}

/* Starts gnuplot (see gp_start); with lines, its stdout is a pipe (p->out_fd). */
static enum gp_status spawn(struct gp_proc *p, const char *script, bool lines, const char *what,
                            const struct gp_run_options *opt, struct diag_list *dl)
{
    const char *program = opt && opt->program ? opt->program : "gnuplot";
    p->pid = -1;
    p->in_fd = p->err_fd = p->out_fd = -1;
    strbuf_init(&p->err);
    strbuf_init(&p->out);
    /* O_CLOEXEC from the start: another thread may be spawning a gnuplot right now */
    int efd[2] = {-1, -1}, ifd[2] = {-1, -1}, ofd[2] = {-1, -1};
    if (pipe2(efd, O_CLOEXEC) != 0 || (!script && pipe2(ifd, O_CLOEXEC) != 0) ||
        (lines && pipe2(ofd, O_CLOEXEC) != 0)) {
        diag_error(dl, NULL, 0, 0, "cannot run gnuplot for %s: pipe: %s", what, strerror(errno));
        for (int i = 0; i < 2; i++) {
            if (efd[i] >= 0)
                close(efd[i]);
            if (ifd[i] >= 0)
                close(ifd[i]);
            if (ofd[i] >= 0)
                close(ofd[i]);
        }
        return GP_SYSTEM;
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (script)
        posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    else
        posix_spawn_file_actions_adddup2(&fa, ifd[0], 0);
    if (lines)
        posix_spawn_file_actions_adddup2(&fa, ofd[1], 1);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, efd[1], 2);
    /* The child gets default signal dispositions for what a caller may have ignored. */
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &def);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    char *const argv[] = {(char *)program, (char *)"-d",
                          (char *)(script ? script : "/dev/stdin"), NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, program, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(efd[1]);
    if (!script)
        close(ifd[0]);
    if (lines)
        close(ofd[1]);
    if (rc != 0) {
        close(efd[0]);
        if (!script)
            close(ifd[1]);
        if (lines)
            close(ofd[0]);
        if (rc == ENOENT) {
            diag_error(dl, NULL, 0, 0, "cannot draw %s: '%s' is not installed (Debian: "
                       "apt-get install gnuplot-nox)", what, program);
            return GP_NOT_INSTALLED;
        }
        diag_error(dl, NULL, 0, 0, "cannot run '%s' for %s: %s", program, what, strerror(rc));
        return GP_SYSTEM;
    }
    p->pid = (int)pid;
    p->err_fd = efd[0];
    p->in_fd = script ? -1 : ifd[1];
    p->out_fd = lines ? ofd[0] : -1;
    return GP_OK;
}

enum gp_status gp_start(struct gp_proc *p, const char *script, const char *what,
                        const struct gp_run_options *opt, struct diag_list *dl)
{
    return spawn(p, script, false, what, opt, dl);
}

enum gp_status gp_start_lines(struct gp_proc *p, const char *what,
                              const struct gp_run_options *opt, struct diag_list *dl)
{
    return spawn(p, NULL, true, what, opt, dl);
}

static int pump(struct gp_proc *p, long long wait_ms, bool keep_out);

int gp_write(struct gp_proc *p, const char *text, size_t len)
{
    if (p->in_fd < 0)
        return -1;
    /* A gnuplot that died would raise SIGPIPE: block it on this thread while writing
     * and take a pending one back, so the write just fails with EPIPE. */
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    /* Without blocking, and reading what gnuplot prints while the pipe is full: a
     * gnuplot stuck writing to a full stderr or stdout pipe would never read its
     * script, and a blocking write would wait for it for ever. */
    int flags = fcntl(p->in_fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        fcntl(p->in_fd, F_SETFL, flags | O_NONBLOCK);
    int rc = 0;
    while (len) {
        ssize_t n = write(p->in_fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pl[3] = {{p->in_fd, POLLOUT, 0}, {p->err_fd, POLLIN, 0},
                                   {p->out_fd, POLLIN, 0}};
            if (poll(pl, 3, 1000) > 0 && (pl[1].revents || pl[2].revents))
                pump(p, 0, true);
            continue;
        }
        if (n <= 0) {
            rc = -1;
            break;
        }
        text += n;
        len -= (size_t)n;
    }
    if (rc != 0) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

void gp_close_input(struct gp_proc *p)
{
    if (p->in_fd >= 0)
        close(p->in_fd);
    p->in_fd = -1;
}

int gp_send(struct gp_proc *p, const char *text, size_t len)
{
    int rc = gp_write(p, text, len);
    gp_close_input(p);
    return rc;
}

void gp_abort(struct gp_proc *p)
{
    if (p->in_fd >= 0)
        close(p->in_fd);
    if (p->err_fd >= 0)
        close(p->err_fd);
    if (p->out_fd >= 0)
        close(p->out_fd);
    if (p->pid > 0) {
        kill((pid_t)p->pid, SIGKILL);
        int ws;
        while (waitpid((pid_t)p->pid, &ws, 0) < 0 && errno == EINTR)
            ;
    }
    p->pid = p->in_fd = p->err_fd = p->out_fd = -1;
    strbuf_release(&p->err);
    strbuf_release(&p->out);
}

enum gp_status gp_run(const char *script, const char *what, const struct gp_run_options *opt,
                      struct diag_list *dl)
{
    struct gp_proc p = GP_PROC_INIT;
    enum gp_status st = gp_start(&p, script, what, opt, dl);
    return st == GP_OK ? gp_wait(&p, what, opt, dl) : st;
}

/* Reads what gnuplot has written on stderr (kept in p->err, up to ERR_KEEP bytes) and
 * on stdout (into p->out when keep_out, else dropped), waiting up to wait_ms for
 * something to come; a pipe at its end is closed.  The number of pipes that had
 * something (or their end), 0 when none within the wait, -1 when both are closed. */
static int pump(struct gp_proc *p, long long wait_ms, bool keep_out)
{
    struct pollfd pl[2];
    int n = 0;
    if (p->err_fd >= 0)
        pl[n++] = (struct pollfd){p->err_fd, POLLIN, 0};
    if (p->out_fd >= 0)
        pl[n++] = (struct pollfd){p->out_fd, POLLIN, 0};
    if (!n)
        return -1;
    int pr = poll(pl, (nfds_t)n, (int)(wait_ms < 0 ? 0 : wait_ms > 1000 ? 1000 : wait_ms));
    if (pr <= 0)
        return 0; /* nothing yet, or EINTR: the caller asks again */
    char buf[4096];
    for (int i = 0; i < n; i++) {
        if (!pl[i].revents)
            continue;
        bool is_err = pl[i].fd == p->err_fd;
        ssize_t got = read(pl[i].fd, buf, sizeof(buf));
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got <= 0) {
            close(pl[i].fd);
            if (is_err)
                p->err_fd = -1;
            else
                p->out_fd = -1;
        } else if (is_err) {
            if (p->err.len < ERR_KEEP)
                strbuf_add(&p->err, buf, (size_t)got);
        } else if (keep_out) {
            strbuf_add(&p->out, buf, (size_t)got);
        }
    }
    return pr;
}

int gp_next_line(struct gp_proc *p, struct strbuf *line, int timeout_ms)
{
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        char *nl = p->out.len ? memchr(p->out.buf, '\n', p->out.len) : NULL;
        if (nl || (p->out_fd < 0 && p->out.len)) { /* a last line without its newline too */
            size_t k = nl ? (size_t)(nl - p->out.buf) : p->out.len;
            strbuf_reset(line);
            strbuf_add(line, p->out.buf, k);
            size_t rest = p->out.len - (nl ? k + 1 : k);
            memmove(p->out.buf, p->out.buf + p->out.len - rest, rest);
            strbuf_setlen(&p->out, rest);
            return 1;
        }
        if (p->out_fd < 0)
            return -1;
        long long left = deadline - now_ms();
        if (pump(p, left, true) == 0 && left <= 0)
            return 0;
    }
}

enum gp_status gp_wait(struct gp_proc *p, const char *what, const struct gp_run_options *opt,
                       struct diag_list *dl)
{
    unsigned timeout_ms = opt && opt->timeout_ms ? opt->timeout_ms : GP_TIMEOUT_MS_DEFAULT;
    if (p->in_fd >= 0) { /* a script never sent: gnuplot reads an empty one */
        close(p->in_fd);
        p->in_fd = -1;
    }
    pid_t pid = (pid_t)p->pid;
    p->pid = -1;
    long long deadline = now_ms() + timeout_ms;
    bool timed_out = false;
    /* to the end of stderr (and of stdout, dropped: gnuplot must not block on it) */
    while (p->err_fd >= 0 || p->out_fd >= 0) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        pump(p, left, false);
    }
    if (p->err_fd >= 0)
        close(p->err_fd);
    if (p->out_fd >= 0)
        close(p->out_fd);
    p->err_fd = p->out_fd = -1;
    struct strbuf err = p->err;
    strbuf_init(&p->err);
    strbuf_release(&p->out);

    /* stderr closed (or time is up): wait for the exit, still within the deadline.
     * gnuplot closes stderr as it exits, a moment before it can be reaped: the first
     * waits are short (0.1 ms, doubling to 10 ms), so a finished gnuplot is not
     * waited for 10 ms. */
    int wstatus = 0;
    bool reaped = false;
    long nap_ns = 100 * 1000L;
    while (!timed_out) {
        pid_t w = waitpid(pid, &wstatus, WNOHANG);
        if (w == pid) {
            reaped = true;
            break;
        }
        if (w < 0 && errno != EINTR)
            break;
        if (now_ms() >= deadline) {
            timed_out = true;
            break;
        }
        struct timespec ts = {0, nap_ns};
        nanosleep(&ts, NULL);
        if (nap_ns < 10 * 1000000L)
            nap_ns = nap_ns * 2 > 10 * 1000000L ? 10 * 1000000L : nap_ns * 2;
    }
    if (!reaped) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
    }

    enum gp_status st = GP_OK;
    struct strbuf msg = STRBUF_INIT;
    if (timed_out) {
        st = GP_TIMEOUT;
        strbuf_addf(&msg, "gnuplot did not finish drawing %s within %u s and was stopped", what,
                    timeout_ms / 1000);
    } else if (!reaped) {
        st = GP_SYSTEM;
        strbuf_addf(&msg, "cannot wait for gnuplot drawing %s", what);
    } else if (WIFSIGNALED(wstatus)) {
        st = GP_FAILED;
        strbuf_addf(&msg, "gnuplot was killed by signal %d while drawing %s",
                    WTERMSIG(wstatus), what);
    } else if (WEXITSTATUS(wstatus) != 0) {
        st = GP_FAILED;
        strbuf_addf(&msg, "gnuplot failed (exit status %d) drawing %s", WEXITSTATUS(wstatus),
                    what);
    }
    if (st != GP_OK) {
        add_stderr(&msg, &err);
        diag_error(dl, NULL, 0, 0, "%s", msg.buf);
    } else if (err.len) {
        strbuf_addf(&msg, "gnuplot warned while drawing %s", what);
        add_stderr(&msg, &err);
        diag_warning(dl, NULL, 0, 0, "%s", msg.buf);
    }
    strbuf_release(&msg);
    strbuf_release(&err);
    return st;
}
