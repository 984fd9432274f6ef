/*
 * The one-pass load into answer-code cells (eval/survey_stream.h) against the row load,
 * on randomized surveys imported with `trygg import`: waves, areas, strata, clusters or
 * none, weights equal, spread or extreme, answers with missing codes, no answers and a
 * question whose codes lie too far apart for the direct table (the hash path), waves
 * of one respondent.
 *
 * Per survey: (1) the loader itself — survey_data_load_stream() keeps only the
 * respondents that open a cell, and every variable's cells per wave equal those that
 * survey_keycells() counts from the full rows (keys, design indices, the first
 * respondent through survey_resp_index(), and the sums bit for bit); (2) end to end —
 * `trygg run` of a random spec ([survey] sections with areas, placebo, each measure;
 * [trend] overall and by area; a small --min-cell so that cells are withheld) gives
 * the same results.csv and report.md with the stream as with TRYGG_SURVEY_ROWS=1; and
 * a run of two specs, one of which needs the rows ([compare]) and makes the disclosure
 * control's classes of other codes, in either order, gives what the rows give.  The
 * specs have comparison areas, subgroups and [trend] groups by one or two background
 * variables (cells refined by their codes) with a level nobody has, a level of one
 * respondent and missing background answers.  A number variable keeps the row load.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "eval/survey_data.h"
#include "eval/survey_keycells.h"
#include "store/store.h"
#include "util/strbuf.h"

static uint64_t rng;

static double unif(void)
{
    rng = rng * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(rng >> 11) / 9007199254740992.0;
}

static size_t pick(size_t n) { return (size_t)(unif() * (double)n) % n; }

static const char *const AREAS[] = {"Norr", "Söder", "Väster", "Öster"};

/* A codebook (with `number`: q3 a number variable) and answers for survey "st". */
static void make_survey(const char *dir, bool clustered, bool number, int wkind)
{
    struct strbuf cb = STRBUF_INIT, csv = STRBUF_INIT;
    strbuf_addf(&cb, "[survey]\nid = st\ntitle.en = Stream test\n\n[columns]\n"
                     "respondent = id\nwave = ar\narea = omrade\nweight = vikt\n"
                     "stratum = stratum\n%s\n"
                     "[background kon]\ntext.en = Sex\nvalue.1 = K | Woman\nvalue.2 = M | Man\n"
                     "value.3 = A | Other\nvalue.4 = U | Unused\nmissing.9 = N | No answer\n\n"
                     "[background grp]\ntext.en = Group\nvalue.1 = X | X\nvalue.2 = Y | Y\n"
                     "value.3 = Z | Z\n\n"
                     "[question q1]\ntext.en = One\nvalue.1 = A | A\nvalue.2 = B | B\n"
                     "value.3 = C | C\nvalue.4 = D | D\nmissing.9 = Vet ej | Don't know\n"
                     "indicator = 3, 4\nindicator.label = Unsafe | Unsafe\n\n"
                     "[question q2]\ntext.en = Two\nvalue.1 = A | A\nvalue.2 = B | B\n"
                     "value.3 = C | C\nvalue.4 = D | D\nvalue.5 = E | E\nreversed = yes\n"
                     "indicator = 1, 2\nindicator.label = Safe | Safe\n\n",
                clustered ? "cluster = kluster\n" : "");
    if (number)
        strbuf_addstr(&cb, "[question q3]\ntext.en = Three\ntype = number\nmin = 0\n"
                           "max = 80\ndecimals = no\n");
    else /* codes too far apart for the direct table */
        strbuf_addstr(&cb, "[question q3]\ntext.en = Three\nvalue.1 = A | A\n"
                           "value.2 = B | B\nvalue.300 = C | C\nmissing.999 = X | X\n"
                           "indicator = 300\nindicator.label = C | C\n");
    strbuf_addf(&csv, "id,ar,omrade,kon,grp,vikt,stratum,%sq1,q2,q3\n", clustered ? "kluster," : "");
    size_t id = 1;
    size_t n_areas = 2 + pick(3), n_strata = 1 + pick(3);
    for (int year = 2016; year <= 2020; year++) {
        size_t m = pick(8) == 0 ? 1 : 20 + pick(150);
        for (size_t k = 0; k < m; k++) {
            size_t h = 1 + pick(n_strata);
            double w = wkind == 0 ? 1 : wkind == 1 ? 0.5 + 3 * unif()
                                                   : (unif() < 0.5 ? 1e-4 : 1e4) * (1 + unif());
            /* sex: a level of one respondent in some waves, missing answers */
            double ks = unif();
            const char *kon = k == 0 && pick(2) ? "3" : ks < 0.05 ? "" : ks < 0.1 ? "9"
                                                      : ks < 0.55 ? "1" : "2";
            strbuf_addf(&csv, "%zu,%d,%s,%s,%s,%.6g,S%zu,", id++, year, AREAS[pick(n_areas)],
                        kon, pick(10) == 0 ? "" : (const char *[]){"1", "2", "3"}[pick(3)], w, h);
            if (clustered)
                strbuf_addf(&csv, "K%zu_%zu,", h, 1 + pick(3));
            double u = unif();
            if (u < 0.05)
                strbuf_addstr(&csv, ",");
            else
                strbuf_addf(&csv, "%s,", u < 0.1 ? "9" : (const char *[]){"1", "2", "3", "4"}[pick(4)]);
            strbuf_addf(&csv, "%zu,", 1 + pick(5));
            if (number)
                strbuf_addf(&csv, "%zu\n", pick(60));
            else
                strbuf_addf(&csv, "%s\n", (const char *[]){"1", "2", "300", "999", ""}[pick(5)]);
        }
    }
    free(put_file_in(dir, "codebook.ini", cb.buf));
    free(put_file_in(dir, "answers.csv", csv.buf));
    strbuf_release(&cb);
    strbuf_release(&csv);
}

/* A random spec the stream suits (rows: also a section that needs the rows). */
static char *make_spec(const char *id, bool rows)
{
    struct strbuf s = STRBUF_INIT;
    strbuf_addf(&s, "[evaluation]\nid = %s\ntitle.en = T\nquestion.en = Q?\nstart = 2018-07-01\n\n", id);
    const char *qs[] = {"q1", "q2", "q3"};
    const char *measures[] = {"", "measure = mean\n", "measure = indicator\n"};
    for (size_t k = 0; k < 3; k++) {
        strbuf_addf(&s, "[survey s%zu]\nsurvey = st\nquestion = %s\n%s", k, qs[k],
                    measures[pick(3)]);
        bool area = pick(2);
        if (area)
            strbuf_addf(&s, "area = %s\n", AREAS[pick(2)]);
        if (area && pick(2))
            strbuf_addf(&s, "comparison = %s\n", AREAS[2 + pick(2)]);
        size_t sub = pick(4);
        if (sub)
            strbuf_addf(&s, "subgroups = %s\n", (const char *[]){"", "kon", "kon, grp", "grp, area"}[sub]);
        strbuf_addf(&s, "before = %s\nafter = 2019..2020\n", pick(2) ? "2016..2018" : "2018");
        if (pick(3) == 0)
            strbuf_addstr(&s, "placebo = no\n");
        strbuf_addch(&s, '\n');
    }
    strbuf_addf(&s, "[trend t1]\nsurvey = st\nquestions = q1, q2\n%s%s\n",
                (const char *[]){"", "by = area\n", "by = kon\n", "by = area, grp\n"}[pick(4)],
                pick(2) ? "baseline = 2016\n" : "");
    if (rows) /* [compare]: the rows; the classes of other codes than the other spec's */
        strbuf_addstr(&s, "[trend g1]\nsurvey = st\nquestions = q1, q2\nby = grp\n\n"
                          "[compare c1]\nsurvey = st\nquestion = q1\nwave = 2019\nby = kon\n\n");
    return strbuf_detach(&s);
}

/* report.md without the line that says when it was run. */
static char *report_of(const char *path)
{
    char *md = slurp(path, NULL);
    assert_non_null(md);
    char *at = strstr(md, "**Run at:**");
    if (at)
        for (char *p = at; *p && *p != '\n'; p++)
            *p = ' ';
    return md;
}

/* Runs the specs (by file) in one `trygg run`, the rows forced or not; returns the
 * concatenated results.csv and report.md of each evaluation. */
static char *run_all(const char *db, const char *dir, const char *const *specs,
                     const char *const *ids, size_t n, bool force_rows, const char *tag)
{
    if (force_rows)
        setenv("TRYGG_SURVEY_ROWS", "1", 1);
    else
        unsetenv("TRYGG_SURVEY_ROWS");
    char *out = path_in_dir(dir, tag);
    const char *args[16] = {"run"};
    size_t na = 1;
    for (size_t k = 0; k < n; k++)
        args[na++] = specs[k];
    const char *tail[] = {"--out", out, "--lang", "en", "-q", "--no-charts", "--min-cell", "3"};
    for (size_t k = 0; k < 8; k++)
        args[na++] = tail[k];
    /* a refusal (a stratum with one PSU) is an outcome to compare too */
    struct run_result r;
    int rc = run_trygg_argv(&r, db, args, na);
    unsetenv("TRYGG_SURVEY_ROWS");
    struct strbuf all = STRBUF_INIT;
    strbuf_addf(&all, "exit %d\n%s\n", rc, r.err);
    run_result_release(&r);
    for (size_t k = 0; k < n; k++) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/%s/results.csv", out, ids[k]);
        char *csv = slurp(p.buf, NULL);
        assert_true(csv || rc != 0);
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s/report.md", out, ids[k]);
        char *md = csv ? report_of(p.buf) : NULL;
        strbuf_addf(&all, "== %s\n%s\n%s\n", ids[k], csv ? csv : "", md ? md : "");
        free(csv);
        free(md);
        strbuf_release(&p);
    }
    free(out);
    return strbuf_detach(&all);
}

static void same_text(const char *a, const char *b, const char *what, int round)
{
    if (!strcmp(a, b))
        return;
    size_t line = 1, i = 0;
    while (a[i] && a[i] == b[i])
        line += a[i++] == '\n';
    fail_msg("round %d, %s: the stream and the rows differ at line %zu", round, what, line);
}

/* The loader: stream cells against the rows' cells, bit for bit. */
static bool check_loader(const char *db, int round)
{
    struct diag_list dl;
    diag_list_init(&dl, 10);
    struct store *st = store_open(db, STORE_READ, &dl);
    assert_non_null(st);
    const char *vars[] = {"q1", "q2", "q3", "kon", "grp"}, *refine[] = {"kon", "grp"};
    size_t n_refine = (size_t)round % 3; /* none, sex, sex and group */
    struct survey_data r, s;
    assert_int_equal(survey_data_load_refined(st, "st", vars, 5, refine, n_refine, false, &r, &dl), 0);
    assert_int_equal(survey_data_load_refined(st, "st", vars, 5, refine, n_refine, true, &s, &dl), 0);
    assert_int_equal(r.n_refine, n_refine);
    bool streamed = s.cells_only;
    if (streamed) {
        assert_true(s.n < r.n || r.n < 64);
        assert_int_equal(s.n_waves, r.n_waves);
        for (size_t v = 0; v < 5; v++)
            for (size_t w = 0; w < r.n_waves; w++) {
                const struct survey_keycells *a = survey_keycells(&r, v, w);
                const struct survey_keycells *b = survey_keycells(&s, v, w);
                assert_non_null(b);
                if (!a)
                    continue; /* the rows' own cells refused (clusters of one) */
                if (a->n != b->n)
                    fail_msg("round %d: var %zu wave %zu: %zu cells from the rows, %zu streamed",
                             round, v, w, a->n, b->n);
                for (size_t k = 0; k < a->n; k++) {
                    const struct survey_keycell *x = &a->cell[k], *y = &b->cell[k];
                    assert_true(x->key == y->key);
                    assert_true(x->bg == y->bg);
                    assert_true(x->bg == survey_row_bg(&r, x->first));
                    assert_int_equal(x->stratum, y->stratum);
                    assert_true(x->psu == y->psu);
                    assert_int_equal(x->first, survey_resp_index(&s, y->first));
                    assert_true(memcmp(&x->rows, &y->rows, sizeof(x->rows)) == 0);
                    /* the kept row is the respondent */
                    assert_int_equal(r.area[x->first], s.area[y->first]);
                    for (size_t u = 0; u < 5; u++)
                        assert_int_equal(r.codes[u][x->first], s.codes[u][y->first]);
                    assert_true(r.weight[x->first] == s.weight[y->first]);
                }
            }
    }
    survey_data_release(&r);
    survey_data_release(&s);
    store_close(st);
    diag_list_release(&dl);
    return streamed;
}

static void stream_equals_rows(void **state)
{
    (void)state;
    rng = 20261206;
    size_t streamed = 0, rounds = 16;
    for (int round = 0; round < (int)rounds; round++) {
        char *dir = make_temp_dir("stream");
        make_survey(dir, pick(2), false, (int)pick(3));
        char *db = path_in_dir(dir, "t.db");
        char *cb = path_in_dir(dir, "codebook.ini"), *ans = path_in_dir(dir, "answers.csv");
        const char *import[] = {"import", "survey", cb, ans, "-q"};
        run_trygg_ok(db, import, 5);
        streamed += check_loader(db, round);

        char *a = make_spec("ea", false), *b = make_spec("eb", true);
        char *pa = put_file_in(dir, "a.ini", a), *pb = put_file_in(dir, "b.ini", b);
        const char *one[] = {pa}, *ids1[] = {"ea"};
        char *x = run_all(db, dir, one, ids1, 1, true, "o1"), *y = run_all(db, dir, one, ids1, 1, false, "o2");
        same_text(x, y, "one spec", round);
        free(x);
        free(y);
        /* a spec that needs the rows beside one that does not, both orders: the
         * disclosure control sees both loads of the survey */
        const char *two[] = {pa, pb}, *ids2[] = {"ea", "eb"};
        const char *owt[] = {pb, pa}, *ids3[] = {"eb", "ea"};
        x = run_all(db, dir, two, ids2, 2, true, "o3");
        y = run_all(db, dir, two, ids2, 2, false, "o4");
        same_text(x, y, "two specs", round);
        free(x);
        free(y);
        x = run_all(db, dir, owt, ids3, 2, true, "o5");
        y = run_all(db, dir, owt, ids3, 2, false, "o6");
        same_text(x, y, "two specs, rows first", round);
        free(x);
        free(y);
        free(a);
        free(b);
        free(pa);
        free(pb);
        free(cb);
        free(ans);
        free(db);
        rm_rf(dir);
        free(dir);
    }
    /* most designs stream (a wave with a cell per respondent does not) */
    assert_true(streamed >= rounds / 2);
}

static void number_variable_keeps_rows(void **state)
{
    (void)state;
    rng = 7;
    char *dir = make_temp_dir("streamnum");
    make_survey(dir, false, true, 1);
    char *db = path_in_dir(dir, "t.db");
    char *cb = path_in_dir(dir, "codebook.ini"), *ans = path_in_dir(dir, "answers.csv");
    const char *import[] = {"import", "survey", cb, ans, "-q"};
    run_trygg_ok(db, import, 5);
    assert_false(check_loader(db, 0));
    free(cb);
    free(ans);
    free(db);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stream_equals_rows),
        cmocka_unit_test(number_variable_keeps_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
