/*
 * Disclosure control, end to end: a survey where one gender group ("Annat", 3
 * respondents a wave) and one area ("Lilla byn", 3 respondents a wave) are small, an
 * evaluation with subgroups ([survey] subgroups = KON) and a trend by area and gender,
 * run with the default --min-cell 5.  The test then plays the attacker with what was
 * published:
 *
 *   - results.csv: for every one-way table (a period or wave: the published total and
 *     its published parts) it subtracts the published parts from the total.  Whatever
 *     is left must be at least two groups and at least --min-cell respondents, so
 *     neither the small group's count nor its share can be worked out; no published
 *     row of a small group carries a number, and its note states nothing about its
 *     answers (a note like "everyone in this group gave the answer counted (100%)"
 *     was such a leak, fixed in analyze_survey.c and analyze_trend.c);
 *   - report.md: the table rows of the small groups hold no figure, and no chart
 *     description names them;
 *   - run.json: no string in it names a small group together with a figure;
 *   - charts: no SVG names a small group.
 *
 * As a control, the same attack run on the outputs of --min-cell 1 must recover the
 * small group's exact count and share (so the attack is real, not vacuous).
 */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define MIN_CELL 5

static char *tmpdir, *db;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

static const char CODEBOOK[] = "[survey]\n"
                               "id = disc\n"
                               "title.en = Disclosure test\n"
                               "[columns]\n"
                               "respondent = ID\n"
                               "wave = AR\n"
                               "area = OMRADE\n"
                               "weight = VIKT\n"
                               "[area]\n"
                               "value.1 = Norr\n"
                               "value.2 = Söder\n"
                               "value.3 = Lilla byn\n"
                               "[background KON]\n"
                               "text.en = Gender\n"
                               "value.1 = Man | Man\n"
                               "value.2 = Kvinna | Woman\n"
                               "value.3 = Annat | Other\n"
                               "[question Q1]\n"
                               "text.en = Do you feel unsafe?\n"
                               "value.1 = Trygg | Safe\n"
                               "value.2 = Otrygg | Unsafe\n"
                               "missing.9 = Vet ej | Don't know\n"
                               "indicator = 2\n";

static const char SPEC[] = "[evaluation]\n"
                           "id = disc\n"
                           "title.en = Disclosure\n"
                           "question.en = Did the share feeling unsafe change?\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\n"
                           "survey = disc\n"
                           "question = Q1\n"
                           "before = 2018\n"
                           "after = 2019\n"
                           "subgroups = KON\n"
                           "[trend t1]\n"
                           "survey = disc\n"
                           "questions = Q1\n"
                           "by = area, KON\n";

/* Per wave: Norr 120 (the first 3 of them "Annat"), Söder 110, Lilla byn 3; men and
 * women alternate.  Everyone in Lilla byn and every "Annat" feels unsafe, so their
 * share (100%) is exactly what must not come out. */
static void write_data(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;VIKT;Q1\n");
    unsigned x = 7;
    int id = 0;
    for (int wave = 2018; wave <= 2019; wave++) {
        const int sizes[] = {120, 110, 3};
        for (int area = 1; area <= 3; area++)
            for (int k = 0; k < sizes[area - 1]; k++) {
                x = x * 1103515245u + 12345u;
                int kon = area == 1 && k < 3 ? 3 : k % 2 ? 1 : 2;
                int q = area == 3 || kon == 3 ? 2 : (x >> 16) % 3 == 0 ? 2 : 1;
                strbuf_addf(&sb, "%d;%d;%d;%d;1;%d\n", ++id, wave, area, kon, q);
            }
    }
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
}

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("disclosure");
    db = path_in("disc.db");
    char *cb = path_in("disc.ini"), *data = path_in("disc.csv"), *spec = path_in("spec.ini");
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_data(data);
    write_file(spec, SPEC, strlen(SPEC));
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, NULL) != 0) {
        fprintf(stderr, "import failed: %s\n", res.err);
        return -1;
    }
    run_result_release(&res);
    const char *mc[] = {"5", "1"};
    for (int i = 0; i < 2; i++) {
        char out[64];
        snprintf(out, sizeof(out), "out-min%s", mc[i]);
        char *o = path_in(out);
        if (run_trygg(&res, db, "run", spec, "--out", o, "--lang", "en", "--min-cell", mc[i],
                      NULL) != 0) {
            fprintf(stderr, "run --min-cell %s failed: %s\n", mc[i], res.err);
            return -1;
        }
        run_result_release(&res);
        free(o);
    }
    free(cb);
    free(data);
    free(spec);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    free(tmpdir);
    free(db);
    return 0;
}

static char *output(const char *out, const char *file, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s/disc/%s", tmpdir, out, file);
    char *s = slurp(path, len);
    if (!s)
        fail_msg("cannot read %s", path);
    return s;
}

/* ------------------------------------------------------------ results.csv */

#define NCOL 19 /* ..., note, reason */
enum { C_ANALYSIS = 1, C_GROUP = 3, C_METHOD = 4, C_TERM = 5, C_ESTIMATE = 6, C_N = 16,
       C_NOTE = 17 };

struct row {
    char *f[NCOL];
};

/* A small RFC 4180 reader (the file is trygg's own: ',' and '"' quoting). */
static size_t parse_csv(const char *s, struct row **out)
{
    struct row *rows = NULL;
    size_t n = 0, col = 0;
    struct strbuf cell = STRBUF_INIT;
    struct row cur;
    memset(&cur, 0, sizeof(cur));
    bool quoted = false;
    for (const char *p = s; *p; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"')
                strbuf_addch(&cell, *p++);
            else if (*p == '"')
                quoted = false;
            else
                strbuf_addch(&cell, *p);
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == ',' || *p == '\n') {
            if (col < NCOL)
                cur.f[col] = strbuf_detach(&cell);
            else
                strbuf_release(&cell);
            col++;
            if (*p == '\n') {
                assert_int_equal(col, NCOL);
                rows = realloc(rows, (n + 1) * sizeof(*rows));
                rows[n++] = cur;
                memset(&cur, 0, sizeof(cur));
                col = 0;
            }
        } else {
            strbuf_addch(&cell, *p);
        }
    }
    strbuf_release(&cell);
    *out = rows;
    return n;
}

static void free_rows(struct row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < NCOL; k++)
            free(rows[i].f[k]);
    free(rows);
}

static bool is_small(const char *group)
{
    return strstr(group, "Annat") || strstr(group, "Other") || strstr(group, "Lilla byn");
}

static bool has_number(const struct row *r)
{
    for (int k = C_ESTIMATE; k <= C_N; k++)
        if (r->f[k][0])
            return true;
    return false;
}

/*
 * One one-way table: the rows of one analysis and method whose group is `total` (the
 * published whole) or `total` + sep + "VAR: level" (its parts), for one term.  The
 * attacker's result: how many respondents and "unsafe" answers are left over, in how
 * many unpublished groups.  Shares are unweighted here (every weight is 1).
 */
struct attack {
    bool have_total;
    double n_total, x_total;
    double n_left, x_left;
    size_t parts, hidden;
};

static struct attack attack_table(const struct row *rows, size_t n, const char *analysis,
                                  const char *method, const char *term, const char *total,
                                  const char *part_prefix)
{
    struct attack a;
    memset(&a, 0, sizeof(a));
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        if (strcmp(r->f[C_ANALYSIS], analysis) || strcmp(r->f[C_METHOD], method) ||
            strcmp(r->f[C_TERM], term))
            continue;
        if (!strcmp(r->f[C_GROUP], total) && r->f[C_N][0]) {
            a.have_total = true;
            a.n_total = atof(r->f[C_N]);
            a.x_total = atof(r->f[C_ESTIMATE]) * a.n_total;
        }
    }
    a.n_left = a.n_total;
    a.x_left = a.x_total;
    size_t plen = strlen(part_prefix);
    for (size_t i = 0; i < n; i++) {
        const struct row *r = &rows[i];
        if (strcmp(r->f[C_ANALYSIS], analysis) || strcmp(r->f[C_METHOD], method) ||
            strcmp(r->f[C_TERM], term) || strncmp(r->f[C_GROUP], part_prefix, plen))
            continue;
        a.parts++;
        if (r->f[C_N][0] && r->f[C_ESTIMATE][0]) {
            double ni = atof(r->f[C_N]);
            a.n_left -= ni;
            a.x_left -= atof(r->f[C_ESTIMATE]) * ni;
        } else {
            a.hidden++;
        }
    }
    return a;
}

struct table_def {
    const char *analysis, *method, *term, *total, *part_prefix;
    size_t levels; /* groups in the table, published or not */
};

static const struct table_def TABLES[] = {
    {"s1", "svyciprop", "before", "", "KON: ", 3},
    {"s1", "svyciprop", "after", "", "KON: ", 3},
    {"t1", "svyciprop", "proportion", "wave 2018", "wave 2018, area: ", 3},
    {"t1", "svyciprop", "proportion", "wave 2019", "wave 2019, area: ", 3},
    {"t1", "svyciprop", "proportion", "wave 2018", "wave 2018, KON: ", 3},
    {"t1", "svyciprop", "proportion", "wave 2019", "wave 2019, KON: ", 3},
};

static void results_csv_protects(void **state)
{
    (void)state;
    size_t len;
    char *csv = output("out-min5", "results.csv", &len);
    struct row *rows;
    size_t n = parse_csv(csv, &rows);
    assert_true(n > 10);
    size_t small_rows = 0;
    for (size_t i = 1; i < n; i++) {
        if (!is_small(rows[i].f[C_GROUP]))
            continue;
        small_rows++;
        if (has_number(&rows[i]))
            fail_msg("results.csv publishes a number of the small group '%s' (%s %s)",
                     rows[i].f[C_GROUP], rows[i].f[C_METHOD], rows[i].f[C_TERM]);
        for (const char *p = rows[i].f[C_NOTE]; *p; p++)
            if (isdigit((unsigned char)*p) || *p == '%')
                fail_msg("the note of small group '%s' states a figure: %s", rows[i].f[C_GROUP],
                         rows[i].f[C_NOTE]);
    }
    assert_true(small_rows >= 6);
    for (size_t t = 0; t < sizeof(TABLES) / sizeof(*TABLES); t++) {
        const struct table_def *d = &TABLES[t];
        struct attack a =
            attack_table(rows, n, d->analysis, d->method, d->term, d->total, d->part_prefix);
        assert_true(a.have_total);
        /* groups not listed at all count as hidden too */
        size_t hidden = a.hidden + (d->levels - a.parts);
        if (hidden == 0)
            continue;
        if (hidden < 2 || a.n_left < MIN_CELL)
            fail_msg("%s %s %s '%s': total minus the published parts leaves %g respondents "
                     "(%g unsafe) in %zu group(s): a small group can be worked out",
                     d->analysis, d->method, d->term, d->part_prefix, a.n_left, a.x_left,
                     hidden);
        /* and what is left is never exactly the small group */
        assert_true(fabs(a.n_left - 3) > 0.5);
    }
    free_rows(rows, n);
    free(csv);
}

/* The control: without suppression the same attack finds the small groups. */
static void attack_works_without_suppression(void **state)
{
    (void)state;
    size_t len;
    char *csv = output("out-min1", "results.csv", &len);
    struct row *rows;
    size_t n = parse_csv(csv, &rows);
    size_t found = 0;
    for (size_t t = 0; t < sizeof(TABLES) / sizeof(*TABLES); t++) {
        const struct table_def *d = &TABLES[t];
        for (size_t i = 0; i < n; i++) {
            const struct row *r = &rows[i];
            if (!strcmp(r->f[C_ANALYSIS], d->analysis) && !strcmp(r->f[C_METHOD], d->method) &&
                !strcmp(r->f[C_TERM], d->term) &&
                !strncmp(r->f[C_GROUP], d->part_prefix, strlen(d->part_prefix)) &&
                is_small(r->f[C_GROUP]) && r->f[C_N][0] && atof(r->f[C_N]) == 3)
                found++;
        }
        /* or by subtraction, when the small group's own row is not estimable */
        struct attack a =
            attack_table(rows, n, d->analysis, d->method, d->term, d->total, d->part_prefix);
        if (a.hidden == 1 && fabs(a.n_left - 3) < 0.5 && fabs(a.x_left - 3) < 1e-6)
            found++;
    }
    free_rows(rows, n);
    free(csv);
    if (found < 4)
        fail_msg("with --min-cell 1 the attack recovered the small group in only %zu tables; "
                 "the test would prove nothing",
                 found);
}

/* ------------------------------------------------------------ report.md, run.json, charts */

static void report_md_protects(void **state)
{
    (void)state;
    size_t len;
    char *md = output("out-min5", "report.md", &len);
    size_t small_lines = 0;
    char *save = NULL;
    /* A table by group and year names the group on its first row only: the rows after
     * it with an empty first cell are the same group's.  A cell that is only a year
     * (the wave) is a label, not a figure. */
    bool in_small = false;
    for (char *line = strtok_r(md, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        bool continued = line[0] == '|' && !strncmp(line, "|  |", 4);
        if (line[0] != '|')
            in_small = false;
        else if (!continued)
            in_small = is_small(line);
        if (!is_small(line) && !(continued && in_small))
            continue;
        small_lines++;
        if (line[0] == '!')
            fail_msg("a chart description names a small group: %s", line);
        if (line[0] == '|')
            for (const char *p = line; *p; p++) {
                if (*p == '|' && p[1] == ' ' && isdigit((unsigned char)p[2]) &&
                    isdigit((unsigned char)p[5]) && !strncmp(p + 6, " |", 2) &&
                    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4])) {
                    p += 5; /* "| 2018 |": the year */
                    continue;
                }
                if (isdigit((unsigned char)*p))
                    fail_msg("report.md publishes a figure of a small group: %s", line);
            }
    }
    assert_true(small_lines >= 2);
    free(md);
}

static void json_walk(json_t *j, const char *path)
{
    if (json_is_string(j)) {
        const char *s = json_string_value(j);
        if (is_small(s))
            for (const char *p = s; *p; p++)
                if (isdigit((unsigned char)*p) || *p == '%')
                    fail_msg("run.json %s names a small group with a figure: %s", path, s);
    } else if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            if (is_small(k))
                fail_msg("run.json has a key naming a small group: %s", k);
            json_walk(v, k);
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) json_walk(v, path);
    }
}

static void run_json_and_charts_protect(void **state)
{
    (void)state;
    size_t len;
    char *js = output("out-min5", "run.json", &len);
    json_error_t err;
    json_t *root = json_loadb(js, len, 0, &err);
    if (!root)
        fail_msg("run.json: %s", err.text);
    json_walk(root, "");
    json_decref(root);
    free(js);

    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/out-min5/disc/charts", tmpdir);
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return; /* no charts drawn (gnuplot templates not found) */
    const char *argv[] = {"grep", "-rlE", "Annat|Other|Lilla byn", dir, NULL};
    struct run_result res;
    int rc = run_program(argv, NULL, &res);
    if (rc == 0)
        fail_msg("a chart names a small group:\n%s", res.out);
    assert_int_equal(rc, 1); /* grep: nothing found */
    run_result_release(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_csv_protects),
        cmocka_unit_test(attack_works_without_suppression),
        cmocka_unit_test(report_md_protects),
        cmocka_unit_test(run_json_and_charts_protect),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
