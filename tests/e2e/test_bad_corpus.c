/*
 * End-to-end replay of the bad-input corpus, tests/bad/MANIFEST: one cmocka test per
 * line.  Each case imports its file with the real binary into a copy of a database
 * that already holds a good survey, incident and intervention import, then checks
 * the exit status and the message (with its file:line:column), that exactly one
 * fault was reported, the line "nothing imported; the database is unchanged", and
 * that a logical dump of the whole database (schema, every row, every blob, the
 * AUTOINCREMENT counters) is the same as before.  Hostile text that is valid data
 * (status 0 in the manifest) must be stored and shown verbatim by `info --format json`.
 *
 * Files too big to commit (a field of 1 MiB + 1 byte, 5,000 columns, ...) are written
 * at run time into the test's temporary directory; the manifest calls them gen:NAME.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

#define CORPUS "tests/bad"

struct bad_case {
    char *name;   /* as in the manifest */
    char *path;   /* the file to import */
    char *kind;   /* survey, incidents, interventions, codebook */
    int status;
    char *expect; /* %f replaced by path */
    long manifest_line;
};

static char *tmpdir;
static char *template_db; /* the good imports */
static char *baseline;    /* its dump */

/* ------------------------------------------------------------ generated files */

static void gen_field_1mib_plus_1(struct strbuf *sb)
{
    strbuf_addstr(sb, "period,area,category,count,exposure,note\n2021-01,Centrum,narkotika,1,,");
    for (size_t i = 0; i < (1u << 20) + 1; i++)
        strbuf_addch(sb, 'x');
    strbuf_addch(sb, '\n');
}

static void gen_columns_5000(struct strbuf *sb)
{
    strbuf_addstr(sb, "period,area,category,count");
    for (int i = 5; i <= 5000; i++)
        strbuf_addf(sb, ",c%d", i);
    strbuf_addstr(sb, "\n2021-01,Centrum,narkotika,1");
    for (int i = 5; i <= 5000; i++)
        strbuf_addch(sb, ',');
    strbuf_addch(sb, '\n');
}

/* A million columns in the header: refused at field 4097, without reading on. */
static void gen_columns_1000000(struct strbuf *sb)
{
    strbuf_addstr(sb, "period,area,category,count");
    for (int i = 5; i <= 1000000; i++)
        strbuf_addstr(sb, ",c");
    strbuf_addstr(sb, "\n2021-01,Centrum,narkotika,1\n");
}

static void gen_quotes_100k(struct strbuf *sb)
{
    strbuf_addstr(sb, "period,area,category,count\n2021-01,\"");
    for (int i = 0; i < 100000; i++)
        strbuf_addstr(sb, "\"\"");
    strbuf_addstr(sb, "\",narkotika,1\n");
}

static void gen_errors_30(struct strbuf *sb)
{
    strbuf_addstr(sb, "period,area,category,count\n");
    for (int i = 1; i <= 30; i++)
        strbuf_addf(sb, "20%02d-01,Centrum,narkotika,x\n", 30 + i);
}

static const struct {
    const char *name;
    void (*fn)(struct strbuf *);
} generators[] = {
    {"field_1mib_plus_1.csv", gen_field_1mib_plus_1},
    {"columns_5000.csv", gen_columns_5000},
    {"columns_1000000.csv", gen_columns_1000000},
    {"quotes_100k.csv", gen_quotes_100k},
    {"errors_30.csv", gen_errors_30},
};

static char *generate(const char *name)
{
    for (size_t i = 0; i < sizeof(generators) / sizeof(*generators); i++)
        if (!strcmp(generators[i].name, name)) {
            struct strbuf sb = STRBUF_INIT;
            generators[i].fn(&sb);
            char path[4096];
            snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
            write_file(path, sb.buf, sb.len);
            strbuf_release(&sb);
            return strdup(path);
        }
    return NULL;
}

/* ------------------------------------------------------------ the manifest */

static char *replace_f(const char *text, const char *path)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = text; *p; p++) {
        if (p[0] == '%' && p[1] == 'f') {
            strbuf_addstr(&sb, path);
            p++;
        } else {
            strbuf_addch(&sb, *p);
        }
    }
    return strbuf_detach(&sb);
}

static size_t load_manifest(struct bad_case **out)
{
    size_t len;
    char *text = slurp(CORPUS "/MANIFEST", &len);
    if (!text) {
        fprintf(stderr, "cannot read " CORPUS "/MANIFEST\n");
        exit(1);
    }
    struct bad_case *cases = NULL;
    size_t n = 0;
    long lineno = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (*line == '#' || strspn(line, " \t") == strlen(line))
            continue;
        char name[512], kind[64];
        int status, consumed = 0;
        if (sscanf(line, "%511s %63s %d %n", name, kind, &status, &consumed) != 3 || !consumed) {
            fprintf(stderr, CORPUS "/MANIFEST: cannot read line '%s'\n", line);
            exit(1);
        }
        cases = realloc(cases, (n + 1) * sizeof(*cases));
        struct bad_case *c = &cases[n++];
        c->name = strdup(name);
        c->kind = strdup(kind);
        c->status = status;
        c->manifest_line = lineno;
        if (!strncmp(name, "gen:", 4)) {
            c->path = generate(name + 4);
            if (!c->path) {
                fprintf(stderr, CORPUS "/MANIFEST: no generator for '%s'\n", name);
                exit(1);
            }
        } else {
            char path[1024];
            snprintf(path, sizeof(path), CORPUS "/%s", name);
            c->path = strdup(path);
        }
        c->expect = replace_f(line + consumed, c->path);
    }
    free(text);
    *out = cases;
    return n;
}

/* ------------------------------------------------------------ running one case */

static int import(struct run_result *res, const char *db, const char *kind, const char *path)
{
    if (!strcmp(kind, "survey"))
        return run_trygg(res, db, "import", "survey", CORPUS "/codebook.ini", path, NULL);
    if (!strcmp(kind, "codebook"))
        return run_trygg(res, db, "import", "survey", path, CORPUS "/survey_2021.csv", NULL);
    if (!strcmp(kind, "incidents") || !strcmp(kind, "interventions"))
        return run_trygg(res, db, "import", kind, path, NULL);
    fail_msg("MANIFEST: unknown kind '%s'", kind);
    return -1;
}

static void run_case(void **state)
{
    const struct bad_case *c = *state;
    char db[4096];
    snprintf(db, sizeof(db), "%s/case.db", tmpdir);
    copy_db(template_db, db);

    struct run_result res;
    int rc = import(&res, db, c->kind, c->path);
    if (rc != c->status)
        fail_msg("%s (MANIFEST line %ld): exit status %d, expected %d\nstdout: %s\nstderr: %s",
                 c->name, c->manifest_line, rc, c->status, res.out, res.err);
    if (c->status == 0) {
        /* hostile but valid text: stored as is, shown verbatim */
        if (res.err_len)
            fail_msg("%s: unexpected stderr: %s", c->name, res.err);
        run_result_release(&res);
        assert_int_equal(run_trygg(&res, db, "info", "--format", "json", NULL), 0);
        if (!strstr(res.out, c->expect))
            fail_msg("%s: `info --format json` does not show\n  %s\nit printed:\n%s", c->name,
                     c->expect, res.out);
        run_result_release(&res);
        db_check_integrity(db);
        return;
    }
    if (!strstr(res.err, c->expect))
        fail_msg("%s (MANIFEST line %ld): expected on stderr\n  %s\ngot\n%s", c->name,
                 c->manifest_line, c->expect, res.err);
    if (!strstr(res.err, "nothing imported; the database is unchanged\n"))
        fail_msg("%s: stderr lacks 'nothing imported; the database is unchanged':\n%s", c->name,
                 res.err);
    /* one fault per file: one message, then the "nothing imported" line (a case about
     * the error cap has more, by design) */
    size_t n_lines = count_lines_starting(res.err, "trygg: ");
    if (!strstr(c->expect, "more errors not shown") && n_lines != 2)
        fail_msg("%s: expected one message and the 'nothing imported' line, got %zu lines:\n%s",
                 c->name, n_lines, res.err);
    if (res.out_len)
        fail_msg("%s: unexpected stdout: %s", c->name, res.out);
    run_result_release(&res);

    char *after = db_dump(db);
    assert_dump_equal(baseline, after, c->name);
    free(after);
    db_check_integrity(db);
}

/* ------------------------------------------------------------ setup */

static void build_template(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/template.db", tmpdir);
    template_db = strdup(path);
    struct run_result res;
    static const char *const goods[][4] = {
        {"import", "survey", CORPUS "/codebook.ini", CORPUS "/good_survey.csv"},
        {"import", "incidents", CORPUS "/good_incidents.csv", NULL},
        {"import", "interventions", CORPUS "/good_interventions.csv", NULL},
    };
    for (size_t i = 0; i < 3; i++) {
        size_t n = goods[i][3] ? 4 : 3;
        if (run_trygg_argv(&res, template_db, goods[i], n) != 0) {
            fprintf(stderr, "the corpus's good file %s does not import:\n%s", goods[i][n - 1],
                    res.err);
            exit(1);
        }
        run_result_release(&res);
    }
    baseline = db_dump(template_db);
}

int main(void)
{
    tmpdir = make_temp_dir("badcorpus");
    struct bad_case *cases;
    size_t n = load_manifest(&cases);
    build_template();
    struct CMUnitTest *tests = calloc(n, sizeof(*tests));
    for (size_t i = 0; i < n; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    int failed = run_dynamic_group("bad_corpus", tests, n);
    rm_rf(tmpdir);
    for (size_t i = 0; i < n; i++) {
        free(cases[i].name);
        free(cases[i].path);
        free(cases[i].kind);
        free(cases[i].expect);
    }
    free(cases);
    free(tests);
    free(tmpdir);
    free(template_db);
    free(baseline);
    return failed;
}
