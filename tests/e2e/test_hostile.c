/*
 * Hostile text through the whole pipeline: a survey whose codebook carries, in its
 * title, area names, question text, background labels and indicator label, gnuplot
 * commands (system("touch …"), backquotes, `set output`, a quote to break out of a
 * string), HTML and script tags, SQL quotes, spreadsheet formulas (= + - @ leading)
 * and control characters; an evaluation spec whose titles carry the same; and
 * incident data with such area and category names.  It is imported and evaluated
 * (`trygg run`, in English and in Swedish), and then:
 *
 *   - no payload ran: none of the files the payloads would create exists (gnuplot
 *     never expands a backquote or runs system(): every string reaches it as a
 *     single-quoted literal, src/lib/report/gnuplot.c);
 *   - report.html holds no unescaped tag from the data (no "<script", "<img",
 *     "<svg onload"), but does hold the escaped text (so the labels were rendered);
 *   - report.md holds no raw HTML tag from the data;
 *   - every results.csv cell that starts with = + - @ TAB or CR is a number; text
 *     cells that would start so are prefixed with ' (src/lib/report/results_csv.c);
 *   - every chart SVG is free of script, event handlers and javascript: links;
 *   - run.json parses; no output holds a raw control character (ESC) from the data;
 *   - nothing was written outside --out and the database's directory.
 *
 * The bad-input corpus (tests/bad/MANIFEST) covers hostile text at import (stored
 * verbatim, shown escaped), numbers such as 1e999, nan, -0, 0x10, 1,5,2, impossible
 * dates, NUL bytes, invalid UTF-8, a 1 MiB field, a million columns and 100,000
 * doubled quotes.
 */
#include <ctype.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static char *tmpdir;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

/* The payloads name files in the test's own directory ("@D" is replaced by it). */
static const char CODEBOOK[] =
    "[survey]\n"
    "id = hostile\n"
    "title.sv = <script>alert('t')</script> `touch @D/pwned_title`\n"
    "title.en = \"; system(\"touch @D/pwned_title2\"); \"\n"
    "[columns]\n"
    "respondent = ID\n"
    "wave = AR\n"
    "area = OMRADE\n"
    "[area]\n"
    "value.1 = <script>alert(1)</script>\n"
    "value.2 = =cmd|' /C calc'!A0\n"
    "value.3 = Norr'); system(\"touch @D/pwned_area\") # `touch @D/pwned_area2` \x1b[31m\n"
    "[background KON]\n"
    "text.sv = <img src=x onerror=alert(2)>\n"
    "text.en = set output '@D/pwned_output'\n"
    "value.1 = +SUM(1+1) | @SUM(1+1)\n"
    "value.2 = -2+3 | '); DROP TABLE area; --\n"
    "[question Q1]\n"
    "text.sv = Trygg?\\n`touch @D/pwned_q` </title><svg onload=alert(3)>\n"
    "text.en = '\"' . system('touch @D/pwned_q2') . '\"\tTAB\n"
    "value.1 = Trygg <b>safe</b> | Safe <b>\n"
    "value.2 = Otrygg `id` | Unsafe $(id)\n"
    "missing.9 = Vet ej | \"Don't know\"\n"
    "indicator = 2\n"
    "indicator.label = =HYPERLINK(\"http://x\") | @otrygg\n";

static const char SPEC[] = "[evaluation]\n"
                           "id = hostile\n"
                           "title.sv = <script>alert('spec')</script>\n"
                           "title.en = `touch @D/pwned_spec` system(\"touch @D/pwned_spec2\")\n"
                           "question.sv = =1+1\n"
                           "question.en = <iframe src=javascript:alert(4)>\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\n"
                           "survey = hostile\n"
                           "question = Q1\n"
                           "title.en = set output '@D/pwned_s1'\n"
                           "before = 2018\n"
                           "after = 2019\n"
                           "subgroups = KON\n"
                           "[trend t1]\n"
                           "survey = hostile\n"
                           "questions = Q1\n"
                           "by = area, KON\n";

static char *subst_dir(const char *text)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = text; *p; p++) {
        if (p[0] == '@' && p[1] == 'D') {
            strbuf_addstr(&sb, tmpdir);
            p++;
        } else {
            strbuf_addch(&sb, *p);
        }
    }
    return strbuf_detach(&sb);
}

static void put(const char *name, const char *text)
{
    char *path = path_in(name), *t = subst_dir(text);
    write_file(path, t, strlen(t));
    free(t);
    free(path);
}

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("hostile");
    put("hostile.ini", CODEBOOK);
    put("spec.ini", SPEC);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;Q1\n");
    unsigned x = 3;
    int id = 0;
    for (int wave = 2018; wave <= 2019; wave++)
        for (int area = 1; area <= 3; area++)
            for (int k = 0; k < 60; k++) {
                x = x * 1103515245u + 12345u;
                strbuf_addf(&sb, "%d;%d;%d;%d;%u\n", ++id, wave, area, 1 + k % 2,
                            1 + (x >> 16) % 2);
            }
    char *data = path_in("answers.csv");
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    char *db = path_in("db/hostile.db"), *dbdir = path_in("db");
    mkdir(dbdir, 0700);
    char *cb = path_in("hostile.ini"), *spec = path_in("spec.ini");
    struct run_result res;
    int rc = run_trygg(&res, db, "import", "survey", cb, data, NULL);
    if (rc != 0) {
        fprintf(stderr, "import failed (%d): %s\n", rc, res.err);
        return -1;
    }
    run_result_release(&res);
    const char *langs[] = {"en", "sv"};
    for (int i = 0; i < 2; i++) {
        char name[32];
        snprintf(name, sizeof(name), "out-%s", langs[i]);
        char *out = path_in(name);
        rc = run_trygg(&res, db, "run", spec, "--out", out, "--lang", langs[i], NULL);
        if (rc != 0 && rc != 1) {
            fprintf(stderr, "run --lang %s: exit %d: %s\n", langs[i], rc, res.err);
            return -1;
        }
        run_result_release(&res);
        free(out);
    }
    free(data);
    free(db);
    free(dbdir);
    free(cb);
    free(spec);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    if (!getenv("TRYGG_TEST_KEEP")) /* keep the outputs to look at them */
        rm_rf(tmpdir);
    free(tmpdir);
    return 0;
}

static char *output(const char *lang, const char *file, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/out-%s/hostile/%s", tmpdir, lang, file);
    char *s = slurp(path, len);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

static const char *const LANGS[] = {"en", "sv"};

/* ------------------------------------------------------------ tests */

static void no_payload_ran(void **state)
{
    (void)state;
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (!strncmp(e->d_name, "pwned", 5))
            fail_msg("a payload from the data ran: %s/%s exists", tmpdir, e->d_name);
    closedir(d);
    assert_int_equal(access("pwned_output", F_OK), -1);
}

/* Only what trygg should write is in the test directory: the inputs, db/, out-*. */
static void nothing_written_elsewhere(void **state)
{
    (void)state;
    static const char *const expected[] = {"hostile.ini", "spec.ini", "answers.csv", "db",
                                           "out-en", "out-sv"};
    DIR *d = opendir(tmpdir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        bool ok = false;
        for (size_t i = 0; i < sizeof(expected) / sizeof(*expected); i++)
            ok |= !strcmp(e->d_name, expected[i]);
        if (!ok)
            fail_msg("trygg wrote '%s' outside --out and the database directory", e->d_name);
    }
    closedir(d);
    /* db/ holds the database and its WAL files only */
    char *dbdir = path_in("db");
    d = opendir(dbdir);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        if (e->d_name[0] != '.' && strncmp(e->d_name, "hostile.db", 10))
            fail_msg("unexpected file next to the database: %s", e->d_name);
    if (d)
        closedir(d);
    free(dbdir);
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, needle, n))
            return true;
    return false;
}

/*
 * Reads markup the way a browser does, enough to find active content: every raw tag's
 * attributes (quoted values skipped whole, so escaped text in an aria-label is inert).
 * Fails on a <script>, <iframe> or <foreignObject> element, an event-handler attribute
 * (on...=) or a javascript: URL.
 */
static void check_markup(const char *what, const char *s)
{
    for (const char *p = s; (p = strchr(p, '<')) != NULL;) {
        p++;
        if (*p == '!' || *p == '?') /* comment, doctype, XML declaration */
            continue;
        if (*p == '/')
            p++;
        const char *name = p;
        while (isalnum((unsigned char)*p) || *p == '-' || *p == ':')
            p++;
        size_t nlen = (size_t)(p - name);
        if ((nlen == 6 && !strncasecmp(name, "script", 6)) ||
            (nlen == 6 && !strncasecmp(name, "iframe", 6)) ||
            (nlen == 13 && !strncasecmp(name, "foreignObject", 13)))
            fail_msg("%s holds a <%.*s> element", what, (int)nlen, name);
        while (*p && *p != '>') {
            while (isspace((unsigned char)*p) || *p == '/')
                p++;
            const char *attr = p;
            while (*p && !isspace((unsigned char)*p) && *p != '=' && *p != '>' && *p != '/')
                p++;
            size_t alen = (size_t)(p - attr);
            if (alen > 2 && !strncasecmp(attr, "on", 2))
                fail_msg("%s: an event handler attribute %.*s", what, (int)alen, attr);
            if (*p != '=')
                continue;
            p++;
            const char *val = p, *end;
            if (*p == '"' || *p == '\'') {
                end = strchr(p + 1, *p);
                if (!end)
                    fail_msg("%s: an unterminated attribute value", what);
                val = p + 1;
                p = end + 1;
            } else {
                while (*p && !isspace((unsigned char)*p) && *p != '>')
                    p++;
                end = p;
            }
            for (const char *q = val; q + 11 <= end; q++)
                if (!strncasecmp(q, "javascript:", 11))
                    fail_msg("%s: a javascript: URL in %.*s", what, (int)alen, attr);
        }
    }
}

static void report_html_escapes(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *html = output(LANGS[l], "report.html", &len);
        static const char *const bad[] = {"<script", "<img src=x", "<svg onload", "<iframe",
                                          "<b>safe", "</title><svg"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
            if (contains_ci(html, bad[i]))
                fail_msg("report.html (%s) holds an unescaped '%s'", LANGS[l], bad[i]);
        check_markup("report.html", html);
        assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert_null(memchr(html, '\x1b', len));
        free(html);
    }
}

static void report_md_escapes(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *md = output(LANGS[l], "report.md", &len);
        /* Markdown passes raw HTML through: every '<' from the data must be escaped
         * (\\<), and the only raw tags are the writer's own (none with attributes). */
        static const char *const bad[] = {"<script", "<img", "<svg", "<iframe", "<b>"};
        for (const char *p = md; (p = strchr(p, '<')) != NULL; p++)
            if (p == md || p[-1] != '\\')
                for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
                    if (!strncasecmp(p, bad[i], strlen(bad[i])))
                        fail_msg("report.md (%s) holds a raw '%s'", LANGS[l], bad[i]);
        assert_non_null(strstr(md, "\\<script\\>alert(1)\\</script\\>"));
        assert_null(memchr(md, '\x1b', len));
        free(md);
    }
}

/* Splits one line of results.csv (trygg's own quoting) into cells. */
static size_t csv_cells(const char **p, char cells[][4096], size_t max)
{
    size_t n = 0, k = 0;
    bool quoted = false;
    for (; **p; (*p)++) {
        char c = **p;
        if (quoted) {
            if (c == '"' && (*p)[1] == '"') {
                (*p)++;
            } else if (c == '"') {
                quoted = false;
                continue;
            }
        } else if (c == '"') {
            quoted = true;
            continue;
        } else if (c == ',' || c == '\n') {
            if (n < max)
                cells[n][k < 4095 ? k : 4095] = '\0';
            n++;
            k = 0;
            if (c == '\n') {
                (*p)++;
                return n;
            }
            continue;
        }
        if (n < max && k < 4095)
            cells[n][k] = c;
        k++;
    }
    return n;
}

static bool is_number(const char *s)
{
    if (!*s)
        return false;
    char *end;
    strtod(s, &end);
    return *end == '\0' && !isspace((unsigned char)*s);
}

static void results_csv_neutralises_formulas(void **state)
{
    (void)state;
    static char cells[32][4096];
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *csv = output(LANGS[l], "results.csv", &len);
        size_t rows = 0;
        for (const char *p = csv; *p;) {
            size_t n = csv_cells(&p, cells, 32);
            rows++;
            for (size_t i = 0; i < n && i < 32; i++) {
                const char *c = cells[i];
                if (strchr("=+-@\t\r", c[0]) && c[0] && !is_number(c))
                    fail_msg("results.csv (%s) line %zu: cell '%s' would run as a formula",
                             LANGS[l], rows, c);
            }
        }
        assert_true(rows > 10);
        /* the hostile labels were written (as text after "KON: " / "area: ") */
        assert_non_null(strstr(csv, "KON: +SUM(1+1)"));
        assert_non_null(strstr(csv, "area: =cmd|' /C calc'!A0"));
        free(csv);
    }
}

static void charts_are_clean(void **state)
{
    (void)state;
    size_t svgs = 0;
    for (int l = 0; l < 2; l++) {
        char dir[4096];
        snprintf(dir, sizeof(dir), "%s/out-%s/hostile/charts", tmpdir, LANGS[l]);
        DIR *d = opendir(dir);
        if (!d)
            continue; /* no chart templates found: nothing to check */
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            size_t nl = strlen(e->d_name);
            if (nl < 4 || strcmp(e->d_name + nl - 4, ".svg"))
                continue;
            char path[8192];
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
            size_t len;
            char *svg = slurp(path, &len);
            assert_non_null(svg);
            check_markup(path, svg);
            if (contains_ci(svg, "<svg onload") || contains_ci(svg, "<img src=x"))
                fail_msg("%s holds a raw tag from the data", path);
            assert_null(memchr(svg, '\x1b', len));
            svgs++;
            free(svg);
        }
        closedir(d);
    }
    printf("hostile: %zu chart SVGs checked\n", svgs);
}

static void run_json_parses(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        size_t len;
        char *js = output(LANGS[l], "run.json", &len);
        json_error_t err;
        json_t *root = json_loadb(js, len, 0, &err);
        if (!root)
            fail_msg("run.json (%s): %s", LANGS[l], err.text);
        json_decref(root);
        free(js);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_payload_ran),
        cmocka_unit_test(nothing_written_elsewhere),
        cmocka_unit_test(report_html_escapes),
        cmocka_unit_test(report_md_escapes),
        cmocka_unit_test(results_csv_neutralises_formulas),
        cmocka_unit_test(charts_are_clean),
        cmocka_unit_test(run_json_parses),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
