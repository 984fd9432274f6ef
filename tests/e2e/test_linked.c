/*
 * Linked-table disclosure control, end to end: the attacker of tests/support/attacker.c
 * solves for hidden cells over every number a run of trygg published.
 *
 * The survey: waves 2016–2019; Norr (103 a wave, 3 of them "Annat"), Söder (110) and
 * Lilla byn (3, and 2 in 2017), two respondents a wave without a gender, some "don't
 * know" answers.  One run of four specs publishes:
 *   t  a trend by area and gender over every wave;
 *   nl a section over "Norr + Lilla byn", 2016..2017 pooled against 2018..2019, by gender;
 *   n  a section over "Norr" with the comparison area Söder, same periods;
 *   p  a section over every area, 2017 against 2018..2019 (pooled against trend rows).
 * The test maps every results.csv row (the numbers results.xlsx, report.md's tables and
 * the chart data are drawn from) to the set of respondents it rests on — knowing the
 * data it generated, independently of trygg — and a row with a count published is a
 * published set, a withheld row a hidden one.  The attacker must recover no hidden set
 * and no group below --min-cell.  Control: the same attack on --min-cell 1 outputs
 * (nothing withheld) recovers the small groups, so the attack is real.
 *
 * Second, the decision trygg made (written by $TRYGG_DISCLOSURE_AUDIT: every cell it
 * registered, with its members) is attacked directly, for this run and for the three
 * bundled evaluations on the bundled example.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attacker.h"
#include "e2eutil.h"
#include "util/strbuf.h"

#define MIN_CELL 5
#define WAVES 4
#define FIRST 2016

static char *tmpdir, *db;

static const char *AREAS[] = {"", "Norr", "Söder", "Lilla byn"};
static const char *KON_SV[] = {"", "Man", "Kvinna", "Annat"};

struct resp {
    int wave, area, kon, q; /* wave index; kon 0 = none; q 1, 2 or 9 */
};
static struct resp R[2000];
static size_t NR;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

static const char CODEBOOK[] = "[survey]\nid = link\ntitle.en = Linked\n"
                               "[columns]\nrespondent = ID\nwave = AR\narea = OMRADE\n"
                               "weight = VIKT\n"
                               "[area]\nvalue.1 = Norr\nvalue.2 = Söder\nvalue.3 = Lilla byn\n"
                               "[background KON]\ntext.en = Gender\nvalue.1 = Man | Man\n"
                               "value.2 = Kvinna | Woman\nvalue.3 = Annat | Other\n"
                               "missing.9 = Uppgift saknas | Not given\n"
                               "[question Q1]\ntext.en = Do you feel unsafe?\n"
                               "value.1 = Trygg | Safe\nvalue.2 = Otrygg | Unsafe\n"
                               "missing.9 = Vet ej | Don't know\nindicator = 2\n";

static const char SPEC_T[] = "[evaluation]\nid = lt\ntitle.en = T\nquestion.en = Q?\n"
                             "start = 2018-01-01\n"
                             "[trend t]\nsurvey = link\nquestions = Q1\nby = area, KON\n";
static const char SPEC_NL[] = "[evaluation]\nid = lnl\ntitle.en = NL\nquestion.en = Q?\n"
                              "start = 2018-01-01\n"
                              "[survey nl]\nsurvey = link\nquestion = Q1\n"
                              "area = Norr + Lilla byn\nbefore = 2016..2017\nafter = 2018..2019\n"
                              "subgroups = KON\n";
static const char SPEC_N[] = "[evaluation]\nid = ln\ntitle.en = N\nquestion.en = Q?\n"
                             "start = 2018-01-01\n"
                             "[survey n]\nsurvey = link\nquestion = Q1\narea = Norr\n"
                             "comparison = Söder\nbefore = 2016..2017\nafter = 2018..2019\n";
static const char SPEC_P[] = "[evaluation]\nid = lp\ntitle.en = P\nquestion.en = Q?\n"
                             "start = 2018-01-01\n"
                             "[survey p]\nsurvey = link\nquestion = Q1\n"
                             "before = 2017\nafter = 2018..2019\n";

static void make_data(const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;VIKT;Q1\n");
    unsigned x = 11;
    for (int w = 0; w < WAVES; w++) {
        const int sizes[] = {0, 103, 110, w == 1 ? 2 : 3};
        for (int a = 1; a <= 3; a++)
            for (int k = 0; k < sizes[a]; k++) {
                x = x * 1103515245u + 12345u;
                struct resp r = {w, a, k % 2 ? 1 : 2, (x >> 16) % 3 == 0 ? 2 : 1};
                if (a == 1 && k < 3)
                    r.kon = 3;
                if (a == 2 && k < 2)
                    r.kon = 0;
                if (a == 2 && k >= 100 && k < 104)
                    r.q = 9;
                if (a == 3)
                    r.q = 2;
                R[NR++] = r;
                strbuf_addf(&sb, "%zu;%d;%d;%d;1;%d\n", NR, FIRST + w, a, r.kon ? r.kon : 9, r.q);
            }
    }
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
}

static int run_specs(const char *out, const char *min_cell, const char *audit)
{
    char *o = path_in(out);
    char *s[4] = {path_in("t.ini"), path_in("nl.ini"), path_in("n.ini"), path_in("p.ini")};
    if (audit)
        setenv("TRYGG_DISCLOSURE_AUDIT", audit, 1);
    struct run_result res;
    int rc = run_trygg(&res, db, "run", s[0], s[1], s[2], s[3], "--out", o, "--lang", "en",
                       "--min-cell", min_cell, "--no-charts", NULL);
    if (rc != 0)
        fprintf(stderr, "run failed: %s\n", res.err);
    unsetenv("TRYGG_DISCLOSURE_AUDIT");
    run_result_release(&res);
    for (int i = 0; i < 4; i++)
        free(s[i]);
    free(o);
    return rc;
}

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("linked");
    db = path_in("link.db");
    char *cb = path_in("link.ini"), *data = path_in("link.csv");
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    make_data(data);
    const char *specs[][2] = {{"t.ini", SPEC_T}, {"nl.ini", SPEC_NL}, {"n.ini", SPEC_N},
                              {"p.ini", SPEC_P}};
    for (int i = 0; i < 4; i++) {
        char *p = path_in(specs[i][0]);
        write_file(p, specs[i][1], strlen(specs[i][1]));
        free(p);
    }
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, NULL) != 0) {
        fprintf(stderr, "import failed: %s\n", res.err);
        return -1;
    }
    run_result_release(&res);
    char *audit = path_in("audit.txt");
    if (run_specs("out5", "5", audit) != 0 || run_specs("out1", "1", NULL) != 0)
        return -1;
    free(audit);
    free(cb);
    free(data);
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

/* ------------------------------------------------------------ results.csv → sets */

#define NCOL 19 /* ..., note, reason */
enum { C_ANALYSIS = 1, C_GROUP = 3, C_METHOD = 4, C_TERM = 5, C_ESTIMATE = 6, C_N = 16 };

struct row {
    char *f[NCOL];
};

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

/* Sets are given by masks: waves (bit w), areas (bit a), gender (bit kon, bit 0 = no
 * gender); q must be a valid answer. */
struct sel {
    unsigned waves, areas, kons;
};

static void fill(uint8_t *f, struct sel s)
{
    for (size_t i = 0; i < NR; i++)
        f[i] = ((s.waves >> R[i].wave) & 1) && ((s.areas >> R[i].area) & 1) &&
               ((s.kons >> R[i].kon) & 1) && R[i].q != 9;
}

static int area_of(const char *name)
{
    for (int a = 1; a <= 3; a++)
        if (!strcmp(name, AREAS[a]))
            return a;
    return -1;
}

static int kon_of(const char *label)
{
    for (int k = 1; k <= 3; k++)
        if (!strcmp(label, KON_SV[k]))
            return k;
    return -1;
}

static int wave_of(const char *s)
{
    int y = atoi(s);
    return y - FIRST;
}

#define ALL_W ((1u << WAVES) - 1)
#define ALL_A 0xEu
#define ALL_K 0xFu

/* The set a row rests on; false if the row publishes no count (derived statistics). */
static bool row_set(const struct row *r, struct sel *s)
{
    const char *an = r->f[C_ANALYSIS], *g = r->f[C_GROUP], *m = r->f[C_METHOD],
               *t = r->f[C_TERM];
    *s = (struct sel){ALL_W, ALL_A, ALL_K};
    if (!strcmp(an, "t")) {
        if (!strncmp(g, "wave ", 5)) {
            s->waves = 1u << wave_of(g + 5);
            const char *rest = strstr(g, ", ");
            if (!strcmp(m, "svydiff")) /* against the baseline (the first wave), or the
                                           * year before (every wave has answers here) */
                s->waves |= !strcmp(t, "vs_previous") ? 1u << (wave_of(g + 5) - 1) : 1u;
            if (rest && !strncmp(rest, ", area: ", 8))
                s->areas = 1u << area_of(rest + 8);
            else if (rest && !strncmp(rest, ", KON: ", 7))
                s->kons = 1u << kon_of(rest + 7);
            return true;
        }
        if (!strcmp(m, "trend_chisq") || !strcmp(m, "logit_trend")) {
            if (!strncmp(g, "area: ", 6))
                s->areas = 1u << area_of(g + 6);
            else if (!strncmp(g, "KON: ", 5))
                s->kons = 1u << kon_of(g + 5);
            return true;
        }
        return false;
    }
    unsigned before, after, target;
    unsigned comp = 0;
    if (!strcmp(an, "nl")) {
        before = 3, after = 12, target = 1u << 1 | 1u << 3;
    } else if (!strcmp(an, "n")) {
        before = 3, after = 12, target = 1u << 1, comp = 1u << 2;
    } else if (!strcmp(an, "p")) {
        before = 2, after = 12, target = ALL_A;
    } else {
        return false;
    }
    s->areas = target;
    if (!strcmp(g, "Söder") && comp)
        s->areas = comp;
    else if (!strncmp(g, "KON: ", 5))
        s->kons = 1u << kon_of(g + 5);
    else if (!strncmp(g, "wave ", 5)) {
        s->waves = 1u << wave_of(g + 5);
        return true;
    }
    if (!strcmp(t, "before"))
        s->waves = before;
    else if (!strcmp(t, "after"))
        s->waves = after;
    else if (!strcmp(t, "did"))
        s->waves = before | after, s->areas = target | comp;
    else if (!strcmp(m, "power_prop"))
        return false;
    else
        s->waves = before | after; /* tests and differences over both periods */
    return true;
}

/* Builds the attacker's sets from one results.csv; returns how many rows were mapped. */
static size_t sets_from_results(const char *out, struct attack_sets *a, size_t *hidden)
{
    const char *evals[] = {"lt", "lnl", "ln", "lp"};
    size_t mapped = 0;
    *hidden = 0;
    uint8_t *f = malloc(NR);
    for (int e = 0; e < 4; e++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s/%s/results.csv", tmpdir, out, evals[e]);
        size_t len;
        char *csv = slurp(path, &len);
        if (!csv)
            fail_msg("cannot read %s", path);
        struct row *rows;
        size_t n = parse_csv(csv, &rows);
        for (size_t i = 1; i < n; i++) {
            struct sel s;
            if (!row_set(&rows[i], &s))
                continue;
            fill(f, s);
            bool published = rows[i].f[C_N][0] != '\0';
            bool any = false;
            size_t cnt = 0;
            for (size_t k = 0; k < NR; k++)
                cnt += f[k], any |= f[k];
            if (!any)
                continue;
            /* a published count is the attacker's to check against the truth */
            const char *m = rows[i].f[C_METHOD];
            bool counts = !strcmp(m, "svyciprop") || !strcmp(m, "svymean") ||
                          !strcmp(m, "deff") || !strcmp(m, "svydiff");
            if (counts && published && (size_t)atof(rows[i].f[C_N]) != cnt)
                fail_msg("%s: row %s|%s|%s publishes n = %s; the test's set has %zu",
                         evals[e], rows[i].f[C_GROUP], rows[i].f[C_METHOD], rows[i].f[C_TERM],
                         rows[i].f[C_N], cnt);
            char label[300];
            snprintf(label, sizeof(label), "%s %s|%s|%s", evals[e], rows[i].f[C_GROUP],
                     rows[i].f[C_METHOD], rows[i].f[C_TERM]);
            attack_add(a, f, published, label);
            *hidden += !published;
            mapped++;
        }
        free_rows(rows, n);
        free(csv);
    }
    free(f);
    return mapped;
}

static void results_leak_nothing(void **state)
{
    (void)state;
    struct attack_sets a;
    attack_init(&a, NR);
    size_t hidden;
    size_t mapped = sets_from_results("out5", &a, &hidden);
    printf("  %zu rows mapped, %zu withheld\n", mapped, hidden);
    assert_true(mapped > 60);
    assert_true(hidden >= 10);
    struct attack_result ar;
    size_t rec = attack_run(&a, MIN_CELL, &ar);
    printf("  results of one run of 4 specs: %zu rows mapped to sets, %zu withheld, %zu atoms "
           "(%zu small), %zu small unions attacked: %zu recovered\n",
           mapped, hidden, ar.atoms, ar.small_atoms, ar.unions_checked, rec);
    if (rec)
        fail_msg("the attacker recovered %zu: %s", rec, ar.first);
    attack_release(&a);
}

static void control_attack_succeeds(void **state)
{
    (void)state;
    struct attack_sets a;
    attack_init(&a, NR);
    size_t hidden;
    sets_from_results("out1", &a, &hidden);
    struct attack_result ar;
    size_t rec = attack_run(&a, MIN_CELL, &ar);
    printf("  control (--min-cell 1): %zu small groups recovered\n", rec);
    assert_true(rec >= 4);
    attack_release(&a);
}

/* ------------------------------------------------------------ the audit file */

static size_t attack_audit(const char *path, const char *what)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        fail_msg("no audit file %s", path);
    /* the largest respondent index */
    size_t maxr = 0;
    for (char *p = s; *p; p++)
        if (*p == ',' || *p == '\t') {
            size_t v = strtoul(p + 1, NULL, 10);
            if (v > maxr)
                maxr = v;
        }
    size_t total = 0, universes = 0, cells = 0, hidden = 0;
    for (int u = 0;; u++) {
        struct attack_sets a;
        attack_init(&a, maxr + 1);
        uint8_t *f = calloc(maxr + 1, 1);
        char *save = NULL, *copy = strdup(s);
        for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (line[0] == '#')
                continue;
            char *e;
            long uu = strtol(line, &e, 10);
            if (uu != u)
                continue;
            int hid = atoi(e + 1);
            char *mem = strchr(strchr(e + 1, '\t') + 1, '\t') + 1;
            memset(f, 0, maxr + 1);
            for (char *q = mem; *q;) {
                f[strtoul(q, &q, 10)] = 1;
                if (*q == ',')
                    q++;
            }
            attack_add(&a, f, !hid, line);
            hidden += hid;
        }
        free(copy);
        free(f);
        if (a.n == 0) {
            attack_release(&a);
            break;
        }
        struct attack_result ar;
        size_t rec = attack_run(&a, MIN_CELL, &ar);
        if (rec)
            fail_msg("%s, universe %d: recovered %zu: %.200s", what, u, rec, ar.first);
        total += rec;
        universes++;
        cells += a.n;
        attack_release(&a);
    }
    printf("  %s: %zu universes, %zu cells (%zu withheld): 0 recovered\n", what, universes,
           cells, hidden);
    free(s);
    return total;
}

static void audit_of_run_leaks_nothing(void **state)
{
    (void)state;
    char *audit = path_in("audit.txt");
    assert_int_equal(attack_audit(audit, "audit of the 4-spec run"), 0);
    free(audit);
}

static void bundled_evaluations_leak_nothing(void **state)
{
    (void)state;
    char *bdb = path_in("demo.db"), *audit = path_in("audit-bundled.txt"),
         *out = path_in("bundled");
    struct run_result res;
    import_example(bdb);
    setenv("TRYGG_DISCLOSURE_AUDIT", audit, 1);
    int rc = run_trygg(&res, bdb, "run", "analysis/trygghetscoach.ini", "analysis/fritidsgard.ini",
                       "analysis/trygghetsundersokning.ini", "--out", out, "--no-charts", NULL);
    unsetenv("TRYGG_DISCLOSURE_AUDIT");
    assert_int_equal(rc, 0);
    run_result_release(&res);
    assert_int_equal(attack_audit(audit, "bundled evaluations"), 0);
    free(bdb);
    free(audit);
    free(out);
}

/* The bundled safety-coach spec with within-wave comparisons added ([compare], issue 13
 * item 11): by area and by age group in one wave, and the target areas against the rest in
 * pooled waves.  More published cells may move the secondary suppression to other cells;
 * whatever it picks, the attacker must recover nothing. */
static void bundled_with_comparisons_leaks_nothing(void **state)
{
    (void)state;
    size_t len;
    char *spec = slurp("analysis/trygghetscoach.ini", &len);
    assert_non_null(spec);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, spec);
    strbuf_addstr(&sb, "\n[compare unsafe_where_2018]\nsurvey = osteraker\nquestion = T01\n"
                       "wave = 2018\nby = area\ngroups = Åkersberga centrum, rest\n"
                       "\n[compare unsafe_age_2019]\nsurvey = osteraker\nquestion = T01\n"
                       "wave = 2019\nby = ALDGR\n"
                       "\n[compare unsafe_where_pooled]\nsurvey = osteraker\nquestion = T01\n"
                       "wave = 2016..2018\nby = area\n"
                       "groups = Åkersberga centrum + Norrgårdsvägen/Söra, rest\n");
    free(spec);
    char *ini = put_file_in(tmpdir, "coach-compare.ini", sb.buf);
    strbuf_release(&sb);
    char *bdb = path_in("demo.db"), *audit = path_in("audit-compare.txt"),
         *out = path_in("bundled-compare");
    setenv("TRYGG_DISCLOSURE_AUDIT", audit, 1);
    struct run_result res;
    int rc = run_trygg(&res, bdb, "run", ini, "--out", out, "--no-charts", NULL);
    unsetenv("TRYGG_DISCLOSURE_AUDIT");
    if (rc != 0)
        fail_msg("run exited %d: %s", rc, res.err);
    run_result_release(&res);
    assert_int_equal(attack_audit(audit, "coach spec with comparisons"), 0);
    free(ini);
    free(bdb);
    free(audit);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(results_leak_nothing),
        cmocka_unit_test(control_attack_succeeds),
        cmocka_unit_test(audit_of_run_leaks_nothing),
        cmocka_unit_test(bundled_evaluations_leak_nothing),
        cmocka_unit_test(bundled_with_comparisons_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
