/*
 * End-to-end test of report.html in a real browser: Debian's headless Chromium loads
 * the page, and the test checks that it logs no console error, throws no exception,
 * makes no network request, lays out on a phone without sideways scrolling, shows
 * all its charts, and paints a non-blank screenshot.
 *
 * Method: Chromium is started with --remote-debugging-pipe (the DevTools protocol as
 * NUL-terminated JSON on file descriptors 3 and 4), never through a shell.  The test
 * enables the Runtime, Log, Page and Network domains and counts
 * Runtime.consoleAPICalled of type error/assert, Runtime.exceptionThrown and
 * Log.entryAdded of level error (failed loads, CSP violations), and
 * Network.requestWillBeSent for anything but file: and data: URLs.  This reads
 * structured events instead of scraping Chromium's log lines, whose format changes
 * between versions.  The method is itself tested: a deliberately bad page with
 * console.error, an uncaught exception and a remote image must be caught.  The
 * screenshot (Page.captureScreenshot) is decoded with libpng and must have enough
 * non-white pixels and luminance variance.
 *
 * The bundled reports (the three analysis/ specs on the bundled example, Swedish and
 * English) are checked where they are read (REPORTING.md rule 11): at 1280 px no
 * element, tables included, is wider than its box or the window; printed to A4
 * (Page.printToPDF with the report's own @page) every character of every table cell
 * is on the paper, and the pages break where a reader expects: a short table on one
 * page, no table's header, first or last row and no heading alone at a page's foot or
 * head (marks in 2 px text, found again in the PDF's pages by pdftotext).  The PDF is read back with poppler's pdftotext, which keeps only
 * the text inside the page, so a column cut at the right edge loses characters.  To
 * make that comparison exact, everything but the tables is hidden before printing
 * (the tables keep their width: it comes from the page, not from their neighbours),
 * and the characters are compared as multisets, which is indifferent to how
 * pdftotext orders the lines of wrapped cells.  The method is tested on a page whose
 * table runs off the paper.
 *
 * `make check` installs chromium and poppler-utils (scripts/install-deps.sh, group
 * test).  Set TRYGG_SCREENSHOT_DIR to keep the screenshots and PDFs.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <png.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2eutil.h"
#include "sampledoc.h"
#include "report/html.h"
#include "report/plot.h"
#include "util/strbuf.h"

extern char **environ;

#define DEADLINE_MS 60000

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ the browser */

struct page_result {
    int console_errors, exceptions, log_errors, network_requests;
    struct strbuf messages; /* what was counted, for the failure message */
    unsigned char *png;
    size_t png_len;
    json_t *eval; /* result of the page check expression */
};

struct browser {
    pid_t pid;
    int to_fd, from_fd;
    char *profile;
    struct strbuf in; /* bytes read, not yet split into messages */
    int next_id;
    long long deadline;
    struct page_result *page; /* events go here */
    const char *session;
};

static const char *chromium_path(void)
{
    return access("/usr/bin/chromium", X_OK) == 0 ? "/usr/bin/chromium" : "chromium";
}

static void browser_start(struct browser *b)
{
    memset(b, 0, sizeof(*b));
    strbuf_init(&b->in);
    b->profile = make_temp_dir("chromium-profile");
    int to[2], from[2];
    assert_int_equal(pipe(to), 0);
    assert_int_equal(pipe(from), 0);
    char profile_arg[4200];
    snprintf(profile_arg, sizeof(profile_arg), "--user-data-dir=%s", b->profile);
    const char *argv[] = {chromium_path(), "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-quic", "--no-first-run", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync",
                          "--disable-default-apps", "--disable-extensions", "--mute-audio",
                          "--hide-scrollbars", profile_arg, "--remote-debugging-pipe",
                          "about:blank", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, to[0], 3);
    posix_spawn_file_actions_adddup2(&fa, from[1], 4);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setpgroup(&attr, 0); /* its own group: the test ends all of it */
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    int rc = posix_spawnp(&b->pid, argv[0], &fa, &attr, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(to[0]);
    close(from[1]);
    if (rc != 0)
        fail_msg("cannot start chromium (make check installs it): %s", strerror(rc));
    b->to_fd = to[1];
    b->from_fd = from[0];
    signal(SIGPIPE, SIG_IGN);
    b->deadline = now_ms() + DEADLINE_MS;
}

static void browser_stop(struct browser *b)
{
    close(b->to_fd);
    close(b->from_fd);
    /* Wait a little for a clean exit after Browser.close, then end the group. */
    int status;
    long long until = now_ms() + 5000;
    while (waitpid(b->pid, &status, WNOHANG) == 0 && now_ms() < until) {
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    kill(-b->pid, SIGKILL);
    waitpid(b->pid, &status, 0);
    rm_rf(b->profile);
    free(b->profile);
    strbuf_release(&b->in);
}

static int send_cmd(struct browser *b, const char *method, json_t *params /* stolen */)
{
    int id = ++b->next_id;
    json_t *msg = json_pack("{s:i, s:s, s:o}", "id", id, "method", method, "params",
                            params ? params : json_object());
    if (b->session)
        json_object_set_new(msg, "sessionId", json_string(b->session));
    char *text = json_dumps(msg, JSON_COMPACT);
    size_t len = strlen(text) + 1; /* the NUL ends the message */
    for (size_t off = 0; off < len;) {
        ssize_t n = write(b->to_fd, text + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail_msg("cannot write to chromium: %s", strerror(errno));
        off += (size_t)n;
    }
    free(text);
    json_decref(msg);
    return id;
}

static void note(struct page_result *p, const char *what, const char *text)
{
    strbuf_addf(&p->messages, "  %s: %.300s\n", what, text ? text : "?");
}

static void on_event(struct browser *b, const char *method, json_t *params)
{
    struct page_result *p = b->page;
    if (!p)
        return;
    if (strcmp(method, "Runtime.consoleAPICalled") == 0) {
        const char *type = json_string_value(json_object_get(params, "type"));
        if (type && (strcmp(type, "error") == 0 || strcmp(type, "assert") == 0)) {
            p->console_errors++;
            json_t *arg0 = json_array_get(json_object_get(params, "args"), 0);
            note(p, "console.error", json_string_value(json_object_get(arg0, "value")));
        }
    } else if (strcmp(method, "Runtime.exceptionThrown") == 0) {
        p->exceptions++;
        json_t *d = json_object_get(params, "exceptionDetails");
        json_t *ex = json_object_get(d, "exception");
        note(p, "exception", ex ? json_string_value(json_object_get(ex, "description"))
                               : json_string_value(json_object_get(d, "text")));
    } else if (strcmp(method, "Log.entryAdded") == 0) {
        json_t *e = json_object_get(params, "entry");
        const char *level = json_string_value(json_object_get(e, "level"));
        if (level && strcmp(level, "error") == 0) {
            p->log_errors++;
            note(p, "log", json_string_value(json_object_get(e, "text")));
        }
    } else if (strcmp(method, "Network.requestWillBeSent") == 0) {
        const char *url = json_string_value(json_object_get(json_object_get(params, "request"), "url"));
        if (url && strncmp(url, "file:", 5) != 0 && strncmp(url, "data:", 5) != 0) {
            p->network_requests++;
            note(p, "network", url);
        }
    }
}

/* Reads messages until the response to `id` (returned, new reference) or, with id 0,
 * until the event `event` arrives (returns its params). */
static json_t *wait_for(struct browser *b, int id, const char *event)
{
    for (;;) {
        char *nul;
        while ((nul = memchr(b->in.buf, '\0', b->in.len))) {
            size_t len = (size_t)(nul - b->in.buf);
            json_error_t err;
            json_t *msg = json_loadb(b->in.buf, len, 0, &err);
            memmove(b->in.buf, nul + 1, b->in.len - len - 1);
            strbuf_setlen(&b->in, b->in.len - len - 1);
            if (!msg)
                fail_msg("chromium sent text that is not JSON: %s", err.text);
            json_t *mid = json_object_get(msg, "id");
            const char *method = json_string_value(json_object_get(msg, "method"));
            if (mid && json_integer_value(mid) == id && id) {
                json_t *error = json_object_get(msg, "error");
                if (error)
                    fail_msg("chromium refused command %d: %s", id,
                             json_string_value(json_object_get(error, "message")));
                json_t *res = json_incref(json_object_get(msg, "result"));
                json_decref(msg);
                return res;
            }
            if (method) {
                json_t *params = json_object_get(msg, "params");
                on_event(b, method, params);
                if (!id && event && strcmp(method, event) == 0) {
                    json_t *res = json_incref(params);
                    json_decref(msg);
                    return res;
                }
            }
            json_decref(msg);
        }
        long long left = b->deadline - now_ms();
        if (left <= 0)
            fail_msg("chromium did not answer in time (waiting for %s)", event ? event : "a reply");
        struct pollfd pfd = {b->from_fd, POLLIN, 0};
        int pr = poll(&pfd, 1, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0)
            continue;
        char buf[65536];
        ssize_t n = read(b->from_fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail_msg("chromium closed the DevTools pipe");
        strbuf_add(&b->in, buf, (size_t)n);
    }
}

static json_t *call(struct browser *b, const char *method, json_t *params)
{
    return wait_for(b, send_cmd(b, method, params), NULL);
}

/* Drains events for ms milliseconds (late console messages). */
static void settle(struct browser *b, int ms)
{
    /* Runtime.evaluate of a timer promise: the reply comes after ms, events before. */
    char expr[64];
    snprintf(expr, sizeof(expr), "new Promise(r => setTimeout(r, %d))", ms);
    json_decref(call(b, "Runtime.evaluate",
                     json_pack("{s:s, s:b}", "expression", expr, "awaitPromise", 1)));
}

static unsigned char *base64_decode(const char *s, size_t *len)
{
    static int table[256];
    static bool init;
    if (!init) {
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < 256; i++)
            table[i] = -1;
        for (int i = 0; i < 64; i++)
            table[(unsigned char)alphabet[i]] = i;
        init = true;
    }
    size_t n = strlen(s);
    unsigned char *out = malloc(n / 4 * 3 + 3);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = table[(unsigned char)s[i]];
        if (v < 0)
            continue; /* '=' and line breaks */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    *len = o;
    return out;
}

/* Loads url in a new tab of the given size and fills r. */
static void browse(struct browser *b, const char *url, int width, int height, bool mobile,
                   const char *check_expr, struct page_result *r)
{
    memset(r, 0, sizeof(*r));
    strbuf_init(&r->messages);
    b->session = NULL;
    json_t *t = call(b, "Target.createTarget", json_pack("{s:s}", "url", "about:blank"));
    char *target = strdup(json_string_value(json_object_get(t, "targetId")));
    json_decref(t);
    json_t *s = call(b, "Target.attachToTarget",
                     json_pack("{s:s, s:b}", "targetId", target, "flatten", 1));
    char *session = strdup(json_string_value(json_object_get(s, "sessionId")));
    json_decref(s);
    b->session = session;
    b->page = r;
    json_decref(call(b, "Runtime.enable", NULL));
    json_decref(call(b, "Log.enable", NULL));
    json_decref(call(b, "Network.enable", NULL));
    json_decref(call(b, "Page.enable", NULL));
    json_decref(call(b, "Emulation.setDeviceMetricsOverride",
                     json_pack("{s:i, s:i, s:i, s:b}", "width", width, "height", height,
                               "deviceScaleFactor", 1, "mobile", mobile)));
    json_decref(call(b, "Page.navigate", json_pack("{s:s}", "url", url)));
    json_decref(wait_for(b, 0, "Page.loadEventFired"));
    settle(b, 300);
    if (check_expr) {
        json_t *ev = call(b, "Runtime.evaluate",
                          json_pack("{s:s, s:b}", "expression", check_expr, "returnByValue", 1));
        r->eval = json_incref(json_object_get(json_object_get(ev, "result"), "value"));
        json_decref(ev);
    }
    json_t *shot = call(b, "Page.captureScreenshot", json_pack("{s:s}", "format", "png"));
    r->png = base64_decode(json_string_value(json_object_get(shot, "data")), &r->png_len);
    json_decref(shot);
    b->session = NULL;
    b->page = NULL;
    json_decref(call(b, "Target.closeTarget", json_pack("{s:s}", "targetId", target)));
    free(target);
    free(session);
}

static void page_result_release(struct page_result *r)
{
    strbuf_release(&r->messages);
    free(r->png);
    json_decref(r->eval);
}

/* Opens url in a new tab of the given width (screen media) and attaches to it;
 * returns the target id (free it).  Events go to r. */
static char *open_tab(struct browser *b, const char *url, int width, int height,
                      struct page_result *r)
{
    memset(r, 0, sizeof(*r));
    strbuf_init(&r->messages);
    b->session = NULL;
    json_t *t = call(b, "Target.createTarget", json_pack("{s:s}", "url", "about:blank"));
    char *target = strdup(json_string_value(json_object_get(t, "targetId")));
    json_decref(t);
    json_t *s = call(b, "Target.attachToTarget",
                     json_pack("{s:s, s:b}", "targetId", target, "flatten", 1));
    b->session = strdup(json_string_value(json_object_get(s, "sessionId")));
    json_decref(s);
    b->page = r;
    json_decref(call(b, "Runtime.enable", NULL));
    json_decref(call(b, "Log.enable", NULL));
    json_decref(call(b, "Page.enable", NULL));
    json_decref(call(b, "Emulation.setDeviceMetricsOverride",
                     json_pack("{s:i, s:i, s:i, s:b}", "width", width, "height", height,
                               "deviceScaleFactor", 1, "mobile", 0)));
    json_decref(call(b, "Page.navigate", json_pack("{s:s}", "url", url)));
    json_decref(wait_for(b, 0, "Page.loadEventFired"));
    settle(b, 200);
    return target;
}

static void close_tab(struct browser *b, char *target)
{
    free((char *)b->session);
    b->session = NULL;
    b->page = NULL;
    json_decref(call(b, "Target.closeTarget", json_pack("{s:s}", "targetId", target)));
    free(target);
}

/* Evaluates a JS expression that returns a string; returns a copy (free it). */
static char *eval_string(struct browser *b, const char *expr)
{
    json_t *ev = call(b, "Runtime.evaluate",
                      json_pack("{s:s, s:b}", "expression", expr, "returnByValue", 1));
    const char *v = json_string_value(json_object_get(json_object_get(ev, "result"), "value"));
    if (!v)
        fail_msg("the page check did not return a string: %s", expr);
    char *copy = strdup(v);
    json_decref(ev);
    return copy;
}

/* Elements of main wider than their own box or reaching past the window: a list of
 * "tag.class (right edge)" entries, empty when everything fits.  Charts (svg) scale
 * to their figure and are measured as the figure. */
static const char OVERFLOW_JS[] =
    "Array.from(document.querySelectorAll('main, main *'))"
    " .filter(e => !e.closest('svg'))"
    " .filter(e => (e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)"
    "   || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
    " .slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ('"
    "   + Math.round(e.getBoundingClientRect().right) + ' > '"
    "   + document.documentElement.clientWidth + ')').join('; ')";

/* Hides everything but the tables, returns the text of every table. */
static const char TABLES_ONLY_JS[] =
    "(() => { const tables = Array.from(document.querySelectorAll('main table'));"
    " const keep = new Set();"
    " tables.forEach(t => { for (let e = t; e; e = e.parentElement) keep.add(e); });"
    " document.querySelectorAll('body *').forEach(e => {"
    "   if (!keep.has(e) && !e.closest('table')) e.style.display = 'none'; });"
    " return tables.map(t => t.textContent).join('\\n'); })()";

/* Prints the open tab to PDF (A4 unless the page's @page says otherwise). */
static unsigned char *print_pdf(struct browser *b, size_t *len)
{
    json_t *res = call(b, "Page.printToPDF",
                       json_pack("{s:b, s:b, s:f, s:f, s:b}", "printBackground", 1,
                                 "preferCSSPageSize", 1, "paperWidth", 8.27,
                                 "paperHeight", 11.69, "displayHeaderFooter", 0));
    unsigned char *pdf = base64_decode(json_string_value(json_object_get(res, "data")), len);
    json_decref(res);
    return pdf;
}

/* ------------------------------------------------------------ text as characters */

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0 ||
           c == 0x2009 || c == 0x202F || c == 0x200B || c == 0xAD;
}

static int cmp_code_point(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The code points of UTF-8 text, white space and soft hyphens left out, sorted (a
 * soft hyphen where the line breaks prints as a visible hyphen, report/hyphenate.h). */
static uint32_t *code_points(const char *s, size_t *n)
{
    size_t len = strlen(s), k = 0;
    uint32_t *cp = malloc((len + 1) * sizeof(*cp));
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t v;
        int extra;
        if (c < 0x80) {
            v = c;
            extra = 0;
        } else if ((c & 0xE0) == 0xC0) {
            v = c & 0x1F;
            extra = 1;
        } else if ((c & 0xF0) == 0xE0) {
            v = c & 0x0F;
            extra = 2;
        } else {
            v = c & 0x07;
            extra = 3;
        }
        i++;
        for (int j = 0; j < extra && i < len; j++, i++)
            v = (v << 6) | ((unsigned char)s[i] & 0x3F);
        if (!is_space(v) && v != 0xAD)
            cp[k++] = v;
    }
    qsort(cp, k, sizeof(*cp), cmp_code_point);
    *n = k;
    return cp;
}

/* How many characters of `want` (as a multiset) are not in `have`; the first few
 * are described in missing. */
static size_t missing_chars(const char *want, const char *have, struct strbuf *missing)
{
    size_t nw, nh;
    uint32_t *w = code_points(want, &nw), *h = code_points(have, &nh);
    size_t i = 0, j = 0, lost = 0;
    while (i < nw) {
        if (j < nh && h[j] < w[i]) {
            j++;
        } else if (j < nh && h[j] == w[i]) {
            i++;
            j++;
        } else {
            if (lost < 20)
                strbuf_addf(missing, " U+%04X", (unsigned)w[i]);
            lost++;
            i++;
        }
    }
    free(w);
    free(h);
    return lost;
}

/* Prints the tables of the open tab to PDF and returns how many characters of their
 * text pdftotext does not find on the pages (0: nothing clipped). */
static size_t tables_clipped_in_print(struct browser *b, const char *dir, const char *name,
                                      struct strbuf *missing)
{
    char *text = eval_string(b, TABLES_ONLY_JS);
    size_t len;
    unsigned char *pdf = print_pdf(b, &len);
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s.pdf", dir, name);
    write_file(path, pdf, len);
    const char *keep = getenv("TRYGG_SCREENSHOT_DIR");
    if (keep && *keep) {
        char kept[4200];
        snprintf(kept, sizeof(kept), "%s/%s-tables.pdf", keep, name);
        write_file(kept, pdf, len);
    }
    free(pdf);
    /* -raw: content order, and no joining of words split at a hyphen (the default
     * layout mode drops a hyphen that ends a line) */
    const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
    struct run_result rr;
    int rc = run_program(argv, NULL, &rr);
    if (rc != 0)
        fail_msg("pdftotext failed (make check installs poppler-utils): %d %s", rc,
                 rr.err ? rr.err : "");
    size_t lost = missing_chars(text, rr.out, missing);
    run_result_release(&rr);
    free(text);
    return lost;
}

/* ------------------------------------------------------------ page breaks */

/* Marks, in 2 px text pdftotext still reads, each table's header ("QQ<i>hQQ"), first
 * row (f), second-to-last row (p) and last row (e), and each heading (g) and the
 * start of the block after it (n: in its first caption, term or item, so that a grid
 * or list keeps its layout); tables kept on one page (class keep) are listed in the
 * result as " <i>".  The marks are words of their own that no cell breaks. */
static const char MARK_JS[] =
    "(() => { const mark = (e, s, first) => { if (!e) return;"
    "   const x = document.createElement('span'); x.textContent = ' QQ' + s + 'QQ ';"
    "   x.style.fontSize = '2px'; x.style.whiteSpace = 'nowrap';"
    "   if (first) e.prepend(x); else e.append(x); };"
    " let i = 0, k = 0, out = '';"
    " document.querySelectorAll('main .table-wrap').forEach(w => {"
    "   const t = w.querySelector('table'); if (!t || !t.tHead || !t.tBodies[0]) return;"
    "   const rows = t.tBodies[0].rows; if (!rows.length) return; i++;"
    "   mark(t.tHead.rows[0].cells[0], i + 'h'); mark(rows[0].cells[0], i + 'f');"
    "   mark(rows[rows.length - 1].cells[0], i + 'e');"
    "   mark(rows[Math.max(rows.length - 2, 0)].cells[0], i + 'p');"
    "   if (w.classList.contains('keep')) out += ' ' + i; });"
    " document.querySelectorAll('main h2, main h3, main h4').forEach(h => {"
    "   const next = h.nextElementSibling; if (!next || h.closest('nav')) return; k++;"
    "   mark(h, k + 'g');"
    "   mark(next.querySelector('caption, dt, li, figcaption') || next, k + 'n', true); });"
    " return i + ' ' + k + ' |' + out; })()";

/* The page (0-based) of mark "QQ<n><kind>QQ" in pdftotext's pages (form feeds), -1 if
 * it is not there. */
static int mark_page(const char *text, int n, char kind)
{
    char m[32];
    snprintf(m, sizeof(m), "QQ%d%cQQ", n, kind);
    const char *at = strstr(text, m);
    if (!at)
        return -1;
    int page = 0;
    for (const char *c = text; c < at; c++)
        page += *c == '\f';
    return page;
}

/* Prints the whole page to A4 and describes in `bad` every break a reader would
 * call broken: a table meant to stay whole split across pages, a table's header or first row alone
 * at a page's foot, its last row alone at a page's head, a heading alone at a page's
 * foot.  Returns how many. */
static size_t bad_page_breaks(struct browser *b, const char *dir, const char *name,
                              struct strbuf *bad)
{
    char *marked = eval_string(b, MARK_JS);
    int n_tables = 0, n_heads = 0;
    sscanf(marked, "%d %d", &n_tables, &n_heads);
    const char *shorts = strchr(marked, '|');
    size_t len;
    unsigned char *pdf = print_pdf(b, &len);
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s-full.pdf", dir, name);
    write_file(path, pdf, len);
    const char *keep = getenv("TRYGG_SCREENSHOT_DIR");
    if (keep && *keep) {
        char kept[4200];
        snprintf(kept, sizeof(kept), "%s/%s.pdf", keep, name);
        write_file(kept, pdf, len);
    }
    free(pdf);
    const char *argv[] = {"pdftotext", "-raw", "-enc", "UTF-8", path, "-", NULL};
    struct run_result rr;
    if (run_program(argv, NULL, &rr) != 0)
        fail_msg("pdftotext failed (make check installs poppler-utils)");
    size_t found = 0;
    for (int i = 1; i <= n_tables; i++) {
        int h = mark_page(rr.out, i, 'h'), f = mark_page(rr.out, i, 'f');
        int p = mark_page(rr.out, i, 'p'), e = mark_page(rr.out, i, 'e');
        char key[16];
        snprintf(key, sizeof(key), " %d", i);
        bool is_short = false;
        for (const char *c = shorts ? strstr(shorts, key) : NULL; c && !is_short;
             c = strstr(c + 1, key))
            is_short = c[strlen(key)] == ' ' || c[strlen(key)] == '\0';
        if (h < 0 || f < 0 || p < 0 || e < 0)
            strbuf_addf(bad, " table %d: a mark is not in the PDF;", i);
        else if (is_short && h != e)
            strbuf_addf(bad, " table %d (kept whole) split over pages %d-%d;", i, h + 1, e + 1);
        else if (h != f)
            strbuf_addf(bad, " table %d: header alone on page %d;", i, h + 1);
        else if (p != e)
            strbuf_addf(bad, " table %d: last row alone on page %d;", i, e + 1);
        else
            continue;
        found++;
    }
    for (int k = 1; k <= n_heads; k++) {
        int g = mark_page(rr.out, k, 'g'), nx = mark_page(rr.out, k, 'n');
        if (g >= 0 && nx >= 0 && g != nx) {
            strbuf_addf(bad, " heading %d alone at the foot of page %d;", k, g + 1);
            found++;
        }
    }
    run_result_release(&rr);
    free(marked);
    return found;
}

/* ------------------------------------------------------------ the screenshot */

struct png_stats {
    unsigned width, height;
    double non_white; /* share of pixels that are not near-white */
    double stddev;    /* of luminance, 0..255 */
};

static void png_measure(const unsigned char *data, size_t len, struct png_stats *st)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, data, len))
        fail_msg("the screenshot is not a PNG: %s", img.message);
    img.format = PNG_FORMAT_GRAY;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
    if (!png_image_finish_read(&img, NULL, px, 0, NULL))
        fail_msg("cannot decode the screenshot: %s", img.message);
    size_t n = (size_t)img.width * img.height, non_white = 0;
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        sum += px[i];
        sum2 += (double)px[i] * px[i];
        if (px[i] < 235)
            non_white++;
    }
    st->width = img.width;
    st->height = img.height;
    st->non_white = n ? (double)non_white / n : 0;
    double mean = n ? sum / n : 0;
    st->stddev = n ? sqrt(fmax(0, sum2 / n - mean * mean)) : 0;
    free(px);
    png_image_free(&img);
}

static void keep_screenshot(const char *name, const struct page_result *r)
{
    const char *dir = getenv("TRYGG_SCREENSHOT_DIR");
    if (!dir || !*dir)
        return;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    write_file(path, r->png, r->png_len);
}

/* ------------------------------------------------------------ tests */

static const char HOSTILE[] = "<script>console.error('injected')</script>\"); system(\"touch /tmp/pwned\"); #";

static char *file_url(const char *path)
{
    char *url = malloc(strlen(path) + 8);
    sprintf(url, "file://%s", path);
    return url;
}

static void report_loads_cleanly(void **state)
{
    (void)state;
    char *dir = make_temp_dir("browser");
    char charts[2048], html[4096];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    snprintf(html, sizeof(html), "%s/report.html", dir);
    struct doc *d = sample_doc("sv", HOSTILE);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options popt = {"plots", {NULL, 0}, NULL, false};
    assert_int_equal(plot_render_doc(d, charts, &popt, &dl), PLOT_OK);
    struct html_options hopt = {charts, "charts", NULL, false};
    assert_int_equal(html_write(d, &hopt, html, &dl), 0);
    if (dl.n)
        diag_print(&dl, stderr, "report");
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    doc_free(d);

    struct browser b;
    browser_start(&b);
    char *url = file_url(html);
    const char *check =
        "JSON.stringify({svgs: document.querySelectorAll('figure.chart svg').length,"
        " scripts: document.scripts.length, lang: document.documentElement.lang,"
        " overflow: Array.from(document.querySelectorAll('main, main *'))"
        "   .filter(e => !e.closest('.table-wrap') && !e.closest('svg') && e.clientWidth > 0)"
        "   .filter(e => e.scrollWidth > e.clientWidth + 1).length,"
        " hostile: document.body.textContent.includes(\"console.error('injected')\")})";
    struct page_result desk, phone;
    browse(&b, url, 1100, 1400, false, check, &desk);
    browse(&b, url, 390, 844, true, check, &phone);
    json_decref(call(&b, "Browser.close", NULL));
    browser_stop(&b);

    struct page_result *pages[] = {&desk, &phone};
    for (int i = 0; i < 2; i++) {
        struct page_result *r = pages[i];
        if (r->console_errors || r->exceptions || r->log_errors || r->network_requests)
            print_error("report.html (%s):\n%s", i ? "phone" : "desktop", r->messages.buf);
        assert_int_equal(r->console_errors, 0);
        assert_int_equal(r->exceptions, 0);
        assert_int_equal(r->log_errors, 0);
        assert_int_equal(r->network_requests, 0);
        json_error_t err;
        json_t *v = json_loads(json_string_value(r->eval), 0, &err);
        assert_non_null(v);
        assert_int_equal(json_integer_value(json_object_get(v, "svgs")), 5);
        assert_int_equal(json_integer_value(json_object_get(v, "scripts")), 0);
        assert_string_equal(json_string_value(json_object_get(v, "lang")), "sv");
        assert_true(json_is_true(json_object_get(v, "hostile"))); /* shown as text */
        assert_int_equal(json_integer_value(json_object_get(v, "overflow")), 0); /* nothing sticks out */
        json_decref(v);
        struct png_stats st;
        png_measure(r->png, r->png_len, &st);
        assert_int_equal(st.width, i ? 390 : 1100);
        if (st.non_white < 0.02 || st.stddev < 10)
            print_error("screenshot looks blank: %.3f non-white, stddev %.1f\n", st.non_white,
                        st.stddev);
        assert_true(st.non_white >= 0.02);
        assert_true(st.stddev >= 10);
    }
    keep_screenshot("report-desktop.png", &desk);
    keep_screenshot("report-phone.png", &phone);
    page_result_release(&desk);
    page_result_release(&phone);
    free(url);
    rm_rf(dir);
    free(dir);
}

static void the_method_catches_a_bad_page(void **state)
{
    (void)state;
    char *dir = make_temp_dir("browserbad");
    char bad[4096], blank[4096];
    snprintf(bad, sizeof(bad), "%s/bad.html", dir);
    snprintf(blank, sizeof(blank), "%s/blank.html", dir);
    const char *bad_html =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>bad</title></head>"
        "<body><h1>Bad page</h1><p>Lots of text to paint.</p>"
        "<script>console.error('injected error')</script>"
        "<script>undefinedFunction()</script>"
        "<img src=\"http://192.0.2.1/x.png\" alt=\"\"></body></html>";
    write_file(bad, bad_html, strlen(bad_html));
    const char *blank_html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                             "<title>blank</title></head><body></body></html>";
    write_file(blank, blank_html, strlen(blank_html));

    struct browser b;
    browser_start(&b);
    char *bad_url = file_url(bad), *blank_url = file_url(blank);
    struct page_result rb, rw;
    browse(&b, bad_url, 800, 600, false, NULL, &rb);
    browse(&b, blank_url, 800, 600, false, NULL, &rw);
    json_decref(call(&b, "Browser.close", NULL));
    browser_stop(&b);

    assert_int_equal(rb.console_errors, 1);
    assert_int_equal(rb.exceptions, 1);
    assert_true(rb.network_requests >= 1);
    assert_non_null(strstr(rb.messages.buf, "injected error"));
    assert_non_null(strstr(rb.messages.buf, "undefinedFunction"));
    struct png_stats st;
    png_measure(rw.png, rw.png_len, &st);
    assert_true(st.non_white < 0.001 && st.stddev < 1); /* the blank check sees blank */
    assert_int_equal(rw.console_errors + rw.exceptions + rw.log_errors, 0);
    page_result_release(&rb);
    page_result_release(&rw);
    free(bad_url);
    free(blank_url);
    rm_rf(dir);
    free(dir);
}

/* A table that runs off the paper and off a 1280 px window must be caught by both
 * checks; the same table allowed to wrap must pass them. */
static void the_method_catches_a_clipped_table(void **state)
{
    (void)state;
    char *dir = make_temp_dir("browserclip");
    struct strbuf cells = STRBUF_INIT;
    for (int i = 0; i < 8; i++)
        strbuf_addf(&cells, "<td>Kolumn%02d innehåll som är långt</td>", i);
    const char *const styles[] = {"td{white-space:nowrap}", ""};
    for (int k = 0; k < 2; k++) {
        struct strbuf html = STRBUF_INIT;
        strbuf_addf(&html, "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\">"
                           "<title>t</title><style>@page{size:A4;margin:15mm}%s</style></head>"
                           "<body><main><p>Text</p><div class=\"table-wrap\"><table><tr>%s</tr>"
                           "</table></div></main></body></html>",
                    styles[k], cells.buf);
        char path[4200];
        snprintf(path, sizeof(path), "%s/page%d.html", dir, k);
        write_file(path, html.buf, html.len);
        strbuf_release(&html);
        char *url = file_url(path);
        struct browser b;
        browser_start(&b);
        struct page_result r;
        char *target = open_tab(&b, url, 1280, 900, &r);
        char *overflow = eval_string(&b, OVERFLOW_JS);
        struct strbuf missing = STRBUF_INIT;
        size_t lost = tables_clipped_in_print(&b, dir, k ? "wraps" : "clipped", &missing);
        close_tab(&b, target);
        json_decref(call(&b, "Browser.close", NULL));
        browser_stop(&b);
        if (k == 0) {
            assert_true(*overflow != '\0'); /* wider than the window */
            assert_true(lost > 100);        /* most of the row is off the paper */
        } else {
            if (*overflow || lost)
                print_error("wrapping table: overflow '%s', %zu characters lost:%s\n", overflow,
                            lost, missing.buf);
            assert_string_equal(overflow, "");
            assert_int_equal(lost, 0);
        }
        strbuf_release(&missing);
        page_result_release(&r);
        free(overflow);
        free(url);
    }
    strbuf_release(&cells);
    rm_rf(dir);
    free(dir);
}

static void run_ok(const char *db, const char *const *args, size_t n)
{
    struct run_result r;
    int rc = run_trygg_argv(&r, db, args, n);
    if (rc != 0)
        print_error("%s", r.err);
    assert_int_equal(rc, 0);
    run_result_release(&r);
}

/* The three bundled reports in both languages: at 1280 px nothing is wider than the
 * window or its box (tables included), and printed on A4 no character of any table is
 * lost at the edge of the paper. */
static void bundled_reports_fit_screen_and_paper(void **state)
{
    (void)state;
    char *dir = make_temp_dir("browserbundled");
    char db[4200];
    snprintf(db, sizeof(db), "%s/trygg.db", dir);
    import_example(db);
    static const char *const langs[] = {"sv", "en"};
    static const char *const evals[] = {"trygghetscoach", "fritidsgard", "trygghetsundersokning"};
    struct browser b;
    browser_start(&b);
    b.deadline = now_ms() + 4 * DEADLINE_MS; /* six pages on one browser */
    for (int l = 0; l < 2; l++) {
        char out[4300];
        snprintf(out, sizeof(out), "%s/%s", dir, langs[l]);
        const char *run[] = {"run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                             "analysis/trygghetsundersokning.ini", "--out", out, "--lang",
                             langs[l], "-q"};
        run_ok(db, run, 9);
        for (int e = 0; e < 3; e++) {
            char html[4400], name[64];
            snprintf(html, sizeof(html), "%s/%s/report.html", out, evals[e]);
            snprintf(name, sizeof(name), "%s-%s", evals[e], langs[l]);
            char *url = file_url(html);
            struct page_result r, r2;
            char *target = open_tab(&b, url, 1280, 900, &r);
            char *overflow = eval_string(&b, OVERFLOW_JS);
            struct strbuf missing = STRBUF_INIT, breaks = STRBUF_INIT;
            size_t lost = tables_clipped_in_print(&b, dir, name, &missing);
            close_tab(&b, target);
            /* a fresh tab: the check above hid everything but the tables */
            target = open_tab(&b, url, 1280, 900, &r2);
            size_t broken = bad_page_breaks(&b, dir, name, &breaks);
            close_tab(&b, target);
            if (broken)
                print_error("%s on A4: %zu bad page breaks:%s\n", name, broken, breaks.buf);
            assert_int_equal(broken, 0);
            strbuf_release(&breaks);
            page_result_release(&r2);
            if (*overflow)
                print_error("%s at 1280 px: wider than the window or its box: %s\n", name,
                            overflow);
            if (lost)
                print_error("%s on A4: %zu characters of the tables are not on the paper:%s\n",
                            name, lost, missing.buf);
            assert_string_equal(overflow, "");
            assert_int_equal(lost, 0);
            assert_int_equal(r.console_errors + r.exceptions + r.log_errors, 0);
            strbuf_release(&missing);
            page_result_release(&r);
            free(overflow);
            free(url);
        }
    }
    json_decref(call(&b, "Browser.close", NULL));
    browser_stop(&b);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_method_catches_a_bad_page),
        cmocka_unit_test(report_loads_cleanly),
        cmocka_unit_test(the_method_catches_a_clipped_table),
        cmocka_unit_test(bundled_reports_fit_screen_and_paper),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
