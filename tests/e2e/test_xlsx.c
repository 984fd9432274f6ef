/*
 * End-to-end test of results.xlsx: the bundled example is imported (as scripts/demo.sh
 * does), the three bundled evaluations are run, and every results.xlsx is read back
 * through LibreOffice (`soffice --headless --convert-to csv` with the filter option
 * that exports every sheet).  Each analysis sheet must hold the rows of results.csv
 * for that analysis with the same text and the same numbers (to the 15 significant
 * digits LibreOffice prints); the provenance and criteria sheets must agree with
 * run.json.  A workbook written in-process from a hand-made evaluation checks the
 * hostile cases: text that looks like a formula stays text, NaN is an empty cell,
 * infinities are "Inf", a suppressed row has no numbers, invalid UTF-8 and control
 * bytes are cleaned, and sheet names are made valid and unique.
 *
 * LibreOffice starts in a few seconds: all workbooks go through ONE conversion, with
 * a private profile (-env:UserInstallation) so a user's running LibreOffice and its
 * settings play no part.  Without LibreOffice (`scripts/install-deps.sh test`
 * installs libreoffice-calc-nogui) the read-back tests are skipped with a message.
 */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "eval/evaluate.h"
#include "report/results_xlsx.h"
#include "util/strbuf.h"

static const char *const EVALS[] = {"trygghetscoach", "fritidsgard", "trygghetsundersokning"};
#define N_EVALS (sizeof(EVALS) / sizeof(*EVALS))

struct env {
    char *dir;
    bool have_lo;
    char lo_why[256];
};
static struct env ENV;

/* ------------------------------------------------------------ a small CSV reader */

struct csv {
    char ***rows; /* rows[i][j] */
    size_t *ncol;
    size_t n;
};

/* RFC 4180: ',' fields, '"' quoting with '""', line breaks inside quotes, LF or CRLF. */
static struct csv *csv_load(const char *path)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text)
        fail_msg("cannot read '%s': %s", path, strerror(errno));
    struct csv *c = calloc(1, sizeof(*c));
    size_t alloc = 0;
    size_t i = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len) {
        if (c->n == alloc) {
            alloc = alloc ? 2 * alloc : 64;
            c->rows = realloc(c->rows, alloc * sizeof(*c->rows));
            c->ncol = realloc(c->ncol, alloc * sizeof(*c->ncol));
        }
        char **row = NULL;
        size_t nf = 0;
        for (;;) {
            struct strbuf f = STRBUF_INIT;
            if (i < len && text[i] == '"') {
                for (i++; i < len; i++) {
                    if (text[i] == '"' && i + 1 < len && text[i + 1] == '"')
                        strbuf_addch(&f, text[i++]);
                    else if (text[i] == '"')
                        break;
                    else
                        strbuf_addch(&f, text[i]);
                }
                i++;
            }
            while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                strbuf_addch(&f, text[i++]);
            row = realloc(row, (nf + 1) * sizeof(*row));
            row[nf++] = strbuf_detach(&f);
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            if (i < len && text[i] == '\r')
                i++;
            if (i < len && text[i] == '\n')
                i++;
            break;
        }
        c->rows[c->n] = row;
        c->ncol[c->n++] = nf;
    }
    free(text);
    return c;
}

static void csv_free(struct csv *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->ncol[i]; j++)
            free(c->rows[i][j]);
        free(c->rows[i]);
    }
    free(c->rows);
    free(c->ncol);
    free(c);
}

static const char *cell(const struct csv *c, size_t r, size_t col)
{
    return r < c->n && col < c->ncol[r] ? c->rows[r][col] : "";
}

/* The column of `name` in the header row; fails the test if there is none. */
static size_t column(const struct csv *c, const char *name, const char *what)
{
    for (size_t j = 0; c->n && j < c->ncol[0]; j++)
        if (!strcmp(c->rows[0][j], name))
            return j;
    fail_msg("%s: no column '%s'", what, name);
    return 0;
}

/* ------------------------------------------------------------ helpers */

static char *path_of(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *path_of(const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    return strbuf_detach(&sb);
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* True if `prog` is an executable in $PATH. */
static bool in_path(const char *prog)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char *p = path_of("%.*s/%s", (int)n, path, prog);
        bool ok = access(p, X_OK) == 0;
        free(p);
        if (ok)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

/* ------------------------------------------------------------ the hand-made evaluation */

static const char HOSTILE_ANALYSIS[] = "a[b]:c*d?e/f\\g_with_a_rather_long_name_beyond_31";

/* Writes DIR/x/hostile.xlsx from an evaluation built here. */
static void write_hostile(const char *path)
{
    struct evaluation ev;
    memset(&ev, 0, sizeof(ev));
    char id[] = "hostile", lang[] = "en", spec[] = "analysis/hostile.ini";
    char time[] = "2019-06-30T12:00:00Z";
    ev.id = id;
    ev.lang = lang;
    ev.spec_path = spec;
    strcpy(ev.spec_sha256, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    ev.time_utc = time;
    ev.seed = 42;
    ev.min_cell = 5;
    results_init(&ev.results, "hostile");
    struct stat_result r;
    stat_result_init(&r);
    r.estimate = -0.123456789012345;
    r.std_error = 0.0123;
    r.conf_low = -0.15;
    r.conf_high = -0.1;
    r.p_value = 3e-9;
    r.n = 120;
    results_add(&ev.results, "History", "=1+2", "@SUM(1)", "+cmd", "-term", &r,
                "=HYPERLINK(\"http://example.invalid\")");
    stat_result_init(&r);
    r.estimate = INFINITY;
    r.conf_low = -INFINITY;
    r.n = 7;
    results_add(&ev.results, "History", "bad \xff utf8", "ctl\x01here", "m", "t", &r, NULL);
    stat_result_init(&r);
    r.estimate = 0.5;
    r.n = 3;
    struct result_row *sup = results_add(&ev.results, "history", "small", "g", "m", "t", &r,
                                         NULL);
    sup->suppressed = true;
    results_add(&ev.results, HOSTILE_ANALYSIS, "o", "", "m", "t", &r, NULL);
    results_add(&ev.results, "provenance", "o", "", "m", "t", &r, NULL);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    if (results_xlsx_write(&ev, path, &dl) != 0) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < dl.n; i++)
            diag_format(&dl.items[i], &sb);
        fail_msg("results_xlsx_write: %s", sb.buf);
    }
    diag_list_release(&dl);
    results_release(&ev.results);
}

/* ------------------------------------------------------------ setup: one run, one conversion */

static int setup(void **state)
{
    (void)state;
    ENV.dir = make_temp_dir("xlsx");
    char *db = path_of("%s/trygg.db", ENV.dir);
    char *out = path_of("%s/out", ENV.dir);
    import_example(db);

    /* The evaluations (exit 1 would only say that an outcome could not be analysed;
     * the files are written all the same). */
    struct run_result res;
    int rc = run_trygg(&res, db, "run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                       "analysis/trygghetsundersokning.ini", "--out", out, "--lang", "en",
                       "-q", NULL);
    if (rc != 0 && rc != 1)
        fail_msg("trygg run failed (exit %d):\n%s", rc, res.err);
    run_result_release(&res);

    /* Copies with distinct names: LibreOffice names each CSV <file>-<sheet>.csv. */
    char *x = path_of("%s/x", ENV.dir);
    mkdir(x, 0700);
    const char *argv[32];
    size_t k = 0;
    argv[k++] = "timeout";
    argv[k++] = "600";
    argv[k++] = "soffice";
    char *profile = path_of("-env:UserInstallation=file://%s/lo-profile", ENV.dir);
    argv[k++] = profile;
    argv[k++] = "--headless";
    argv[k++] = "--norestore";
    argv[k++] = "--convert-to";
    argv[k++] = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    char *csvdir = path_of("%s/csv", ENV.dir);
    argv[k++] = "--outdir";
    argv[k++] = csvdir;
    char *copies[N_EVALS + 1];
    for (size_t i = 0; i < N_EVALS; i++) {
        char *from = path_of("%s/%s/results.xlsx", out, EVALS[i]);
        copies[i] = path_of("%s/%s.xlsx", x, EVALS[i]);
        copy_file(from, copies[i]);
        free(from);
        argv[k++] = copies[i];
    }
    copies[N_EVALS] = path_of("%s/hostile.xlsx", x);
    write_hostile(copies[N_EVALS]);
    argv[k++] = copies[N_EVALS];
    argv[k] = NULL;

    ENV.have_lo = in_path("soffice");
    if (!ENV.have_lo) {
        snprintf(ENV.lo_why, sizeof(ENV.lo_why),
                 "LibreOffice (soffice) is not installed: results.xlsx not read back "
                 "(scripts/install-deps.sh test installs libreoffice-calc-nogui)");
        fprintf(stderr, "test_xlsx: %s\n", ENV.lo_why);
    } else {
        rc = run_program(argv, NULL, &res);
        if (rc != 0)
            fail_msg("soffice --convert-to csv failed (exit %d):\n%s\n%s", rc, res.out, res.err);
        run_result_release(&res);
    }
    for (size_t i = 0; i <= N_EVALS; i++)
        free(copies[i]);
    free(csvdir);
    free(profile);
    free(x);
    free(db);
    free(out);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(ENV.dir);
    free(ENV.dir);
    return 0;
}

static void need_lo(void)
{
    if (!ENV.have_lo) {
        print_message("[  SKIP    ] %s\n", ENV.lo_why);
        skip();
    }
}

/* ------------------------------------------------------------ the tests */

/* Every part of the zip file is deflated at level 1, not libxlsxwriter's fixed default
 * (report/xlsx_deflate.c): minizip records the level in each central directory entry's
 * general-purpose flags, bits 1-2 = 11 for "super fast" (level 1) and 00 for the
 * default. */
static void check_fast_deflate(const char *path, const unsigned char *z, size_t len)
{
    size_t entries = 0;
    for (size_t i = 0; i + 46 <= len; i++) {
        if (memcmp(z + i, "PK\x01\x02", 4))
            continue;
        unsigned flags = z[i + 8] | (unsigned)z[i + 9] << 8;
        unsigned method = z[i + 10] | (unsigned)z[i + 11] << 8;
        size_t name_len = z[i + 28] | (size_t)z[i + 29] << 8;
        if (i + 46 + name_len > len)
            break;
        if (method != 8 || (flags & 6) != 6)
            fail_msg("%s: part '%.*s' is stored with method %u, flags 0x%x: not deflated at "
                     "level 1", path, (int)name_len, (const char *)z + i + 46, method, flags);
        entries++;
    }
    if (entries < 5)
        fail_msg("%s: only %zu central directory entries found", path, entries);
}

/* Every evaluation wrote results.xlsx, a zip file, and left no temporary file. */
static void test_written_atomically(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_EVALS; i++) {
        char *d = path_of("%s/out/%s", ENV.dir, EVALS[i]);
        char *p = path_of("%s/results.xlsx", d);
        size_t len;
        char *data = slurp(p, &len);
        if (!data)
            fail_msg("%s was not written", p);
        assert_true(len > 4 && !memcmp(data, "PK\x03\x04", 4));
        check_fast_deflate(p, (const unsigned char *)data, len);
        free(data);
        struct run_result res;
        const char *argv[] = {"ls", "-A", d, NULL};
        assert_int_equal(run_program(argv, NULL, &res), 0);
        if (strstr(res.out, ".tmp-"))
            fail_msg("a temporary file was left in %s:\n%s", d, res.out);
        run_result_release(&res);
        free(p);
        free(d);
    }
}

/* True if text and number cells agree: the same text, or numbers equal to the 15
 * significant digits LibreOffice prints. */
static bool same_cell(const char *a, const char *b)
{
    if (!strcmp(a, b))
        return true;
    char *ea, *eb;
    double x = strtod(a, &ea), y = strtod(b, &eb);
    if (!*a || !*b || *ea || *eb)
        return false;
    return fabs(x - y) <= 1e-13 * fmax(fabs(x), fabs(y));
}

static void test_sheets_match_results_csv(void **state)
{
    (void)state;
    need_lo();
    size_t rows_checked = 0, titled = 0;
    for (size_t e = 0; e < N_EVALS; e++) {
        char *p = path_of("%s/out/%s/results.csv", ENV.dir, EVALS[e]);
        struct csv *rc = csv_load(p);
        free(p);
        size_t a_col = column(rc, "analysis", "results.csv");
        size_t o_col = column(rc, "outcome", "results.csv");
        char *jp = path_of("%s/out/%s/run.json", ENV.dir, EVALS[e]);
        json_t *titles = outcome_titles_load(jp);
        free(jp);
        /* Each analysis, in order of first appearance. */
        for (size_t r = 1; r < rc->n; r++) {
            const char *analysis = cell(rc, r, a_col);
            bool first = true;
            for (size_t q = 1; q < r && first; q++)
                first = strcmp(cell(rc, q, a_col), analysis) != 0;
            if (!first)
                continue;
            char *sp = path_of("%s/csv/%s-%s.csv", ENV.dir, EVALS[e], analysis);
            if (!file_exists(sp))
                fail_msg("no sheet '%s' in %s/results.xlsx", analysis, EVALS[e]);
            struct csv *sh = csv_load(sp);
            size_t srow = 1;
            for (size_t q = r; q < rc->n; q++) {
                if (strcmp(cell(rc, q, a_col), analysis))
                    continue;
                /* every results.csv column but `evaluation`, by name */
                for (size_t j = 0; j < rc->ncol[0]; j++) {
                    const char *name = rc->rows[0][j];
                    if (!strcmp(name, "evaluation"))
                        continue;
                    size_t sj = column(sh, name, sp);
                    const char *want = cell(rc, q, j), *have = cell(sh, srow, sj);
                    if (!same_cell(want, have))
                        fail_msg("%s sheet %s row %zu column %s: results.csv has '%s', the "
                                 "workbook '%s'",
                                 EVALS[e], analysis, srow, name, want, have);
                }
                /* the outcome's title in the report language (en), as run.json has it */
                const char *outcome = cell(rc, q, o_col);
                const char *title = outcome_title(titles, analysis, outcome);
                const char *have = cell(sh, srow, column(sh, "outcome_title", sp));
                if (strcmp(have, title ? title : outcome))
                    fail_msg("%s sheet %s row %zu: outcome_title '%s', run.json has '%s'",
                             EVALS[e], analysis, srow, have, title ? title : outcome);
                titled += title && strcmp(title, outcome);
                srow++;
                rows_checked++;
            }
            if (srow != sh->n)
                fail_msg("%s sheet %s: %zu rows, results.csv has %zu", EVALS[e], analysis,
                         sh->n - 1, srow - 1);
            csv_free(sh);
            free(sp);
        }
        csv_free(rc);
        json_decref(titles);
    }
    print_message("compared %zu result rows (%zu with a title other than the id)\n",
                  rows_checked, titled);
    assert_true(rows_checked > 100);
    assert_true(titled > 10);
}

static const char *kv(const struct csv *c, const char *key)
{
    for (size_t r = 1; r < c->n; r++)
        if (!strcmp(cell(c, r, 0), key))
            return cell(c, r, 1);
    fail_msg("provenance: no key '%s'", key);
    return NULL;
}

static void test_provenance_and_criteria(void **state)
{
    (void)state;
    need_lo();
    for (size_t e = 0; e < N_EVALS; e++) {
        char *jp = path_of("%s/out/%s/run.json", ENV.dir, EVALS[e]);
        json_error_t jerr;
        json_t *run = json_load_file(jp, 0, &jerr);
        if (!run)
            fail_msg("%s: %s", jp, jerr.text);
        char *pp = path_of("%s/csv/%s-provenance.csv", ENV.dir, EVALS[e]);
        struct csv *pv = csv_load(pp);
        assert_string_equal(kv(pv, "evaluation"), EVALS[e]);
        assert_string_equal(kv(pv, "trygg_version"),
                            json_string_value(json_object_get(run, "trygg_version")));
        assert_string_equal(kv(pv, "time_utc"), json_string_value(json_object_get(run, "time_utc")));
        json_t *spec = json_object_get(run, "spec");
        assert_string_equal(kv(pv, "spec_sha256"),
                            json_string_value(json_object_get(spec, "sha256")));
        assert_string_equal(kv(pv, "spec_file"), json_string_value(json_object_get(spec, "file")));
        assert_string_equal(kv(pv, "seed"), "20180901");
        /* the run's confidence level, as run.json has it */
        char level[32];
        snprintf(level, sizeof(level), "%.17g",
                 json_number_value(json_object_get(run, "conf_level")));
        if (!same_cell(level, kv(pv, "conf_level")))
            fail_msg("%s: conf_level %s, run.json %s", EVALS[e], kv(pv, "conf_level"), level);
        /* every import, with its hash */
        json_t *imports = json_object_get(run, "imports");
        size_t i;
        json_t *imp;
        json_array_foreach(imports, i, imp)
        {
            const char *sha = json_string_value(json_object_get(imp, "sha256"));
            bool found = false;
            for (size_t r = 1; r < pv->n && !found; r++)
                found = !strcmp(cell(pv, r, 0), "import") && !strcmp(cell(pv, r, 4), sha);
            if (!found)
                fail_msg("%s: import %s is not on the provenance sheet", EVALS[e], sha);
        }
        /* the criteria sheet: one row per criterion, same verdicts and estimates */
        json_t *crit = json_object_get(run, "criteria");
        if (json_array_size(crit)) {
            char *cp = path_of("%s/csv/%s-criteria.csv", ENV.dir, EVALS[e]);
            struct csv *cs = csv_load(cp);
            assert_int_equal(cs->n - 1, json_array_size(crit));
            json_t *c;
            json_array_foreach(crit, i, c)
            {
                assert_string_equal(cell(cs, i + 1, 0), json_string_value(json_object_get(c, "id")));
                assert_string_equal(cell(cs, i + 1, column(cs, "verdict", cp)),
                                    json_string_value(json_object_get(c, "verdict")));
                json_t *est = json_object_get(c, "estimate");
                const char *have = cell(cs, i + 1, column(cs, "estimate", cp));
                if (json_is_number(est)) {
                    char want[64];
                    snprintf(want, sizeof(want), "%.17g", json_number_value(est));
                    if (!same_cell(want, have))
                        fail_msg("%s criterion %zu: estimate %s, workbook %s", EVALS[e], i,
                                 want, have);
                } else {
                    assert_string_equal(have, "");
                }
            }
            csv_free(cs);
            free(cp);
        } else {
            char *cp = path_of("%s/csv/%s-criteria.csv", ENV.dir, EVALS[e]);
            assert_false(file_exists(cp));
            free(cp);
        }
        csv_free(pv);
        free(pp);
        free(jp);
        json_decref(run);
    }
}

static void test_hostile_text_and_sheet_names(void **state)
{
    (void)state;
    need_lo();
    /* "History" is reserved; "history" then clashes with it (case); the long name loses
     * its forbidden characters and is cut to 31; "provenance" yields to the real one. */
    const char *names[] = {"History~2", "history~3", "a_b__c_d_e_f_g_with_a_rather_lo",
                           "provenance~2", "provenance"};
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        char *sp = path_of("%s/csv/hostile-%s.csv", ENV.dir, names[i]);
        if (!file_exists(sp))
            fail_msg("no sheet '%s' in hostile.xlsx", names[i]);
        free(sp);
    }
    char *sp = path_of("%s/csv/hostile-History~2.csv", ENV.dir);
    struct csv *s = csv_load(sp);
    assert_int_equal(s->n, 3);
    /* text that looks like a formula came back as the same text, not as 3 */
    assert_string_equal(cell(s, 1, column(s, "outcome", sp)), "=1+2");
    assert_string_equal(cell(s, 1, column(s, "group", sp)), "@SUM(1)");
    assert_string_equal(cell(s, 1, column(s, "method", sp)), "+cmd");
    assert_string_equal(cell(s, 1, column(s, "term", sp)), "-term");
    assert_string_equal(cell(s, 1, column(s, "note", sp)),
                        "=HYPERLINK(\"http://example.invalid\")");
    /* numbers as numbers, full precision; NaN empty */
    assert_true(same_cell(cell(s, 1, column(s, "estimate", sp)), "-0.123456789012345"));
    assert_true(same_cell(cell(s, 1, column(s, "p_value", sp)), "3e-09"));
    assert_string_equal(cell(s, 1, column(s, "statistic", sp)), "");
    assert_string_equal(cell(s, 1, column(s, "n", sp)), "120");
    /* infinities as text, invalid UTF-8 and control bytes cleaned */
    assert_string_equal(cell(s, 2, column(s, "estimate", sp)), "Inf");
    assert_string_equal(cell(s, 2, column(s, "conf_low", sp)), "-Inf");
    assert_string_equal(cell(s, 2, column(s, "outcome", sp)), "bad \xEF\xBF\xBD utf8");
    assert_string_equal(cell(s, 2, column(s, "group", sp)), "ctl here");
    csv_free(s);
    free(sp);
    /* the suppressed row: text kept, no number, the note says why */
    sp = path_of("%s/csv/hostile-history~3.csv", ENV.dir);
    s = csv_load(sp);
    assert_int_equal(s->n, 2);
    assert_string_equal(cell(s, 1, column(s, "outcome", sp)), "small");
    assert_string_equal(cell(s, 1, column(s, "estimate", sp)), "");
    assert_string_equal(cell(s, 1, column(s, "n", sp)), "");
    assert_non_null(strstr(cell(s, 1, column(s, "note", sp)), "suppressed"));
    csv_free(s);
    free(sp);
    /* the provenance sheet says where the renamed analyses went */
    sp = path_of("%s/csv/hostile-provenance.csv", ENV.dir);
    s = csv_load(sp);
    bool found = false;
    for (size_t r = 1; r < s->n; r++)
        found |= !strcmp(cell(s, r, 0), "sheet") &&
                 strstr(cell(s, r, 1), HOSTILE_ANALYSIS) != NULL;
    assert_true(found);
    assert_string_equal(kv(s, "spec_sha256"),
                        "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    csv_free(s);
    free(sp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_written_atomically),
        cmocka_unit_test(test_sheets_match_results_csv),
        cmocka_unit_test(test_provenance_and_criteria),
        cmocka_unit_test(test_hostile_text_and_sheet_names),
    };
    return cmocka_run_group_tests_name("xlsx", tests, setup, teardown);
}
