/*
 * `trygg export` and spreadsheet formulas (CSV injection, OWASP): an export is opened
 * in Excel by evaluators, so a text cell that Excel would run as a formula (first
 * character = + - @ TAB CR) is written with a leading apostrophe, and `trygg import`
 * removes it again, so the export still imports to the same data (util/text.h).
 *   - the guard's two halves are inverse over a set of nasty strings (apostrophes
 *     before a trigger, a lone apostrophe, "'s-Hertogenbosch", empty);
 *   - a survey whose respondent ids, waves, area names, strata and a column name start
 *     with = + - @ (and one holding "''=b"): every text cell of the export that starts
 *     with one of them is guarded, answer codes such as -9 stay numbers, the export
 *     (with its --codebook-out) imports into a new database, and the `--raw` exports of
 *     both databases are byte-identical (the data round-tripped exactly);
 *   - incident counts whose area, category and note start so: the same;
 *   - `--raw` writes the text as stored; `--raw --format sav` is a usage error;
 *   - `trygg info --format csv` guards its text cells too (it wrote them raw).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"
#include "util/text.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("export-guard");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static void guard_is_inverse(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",    "'",     "''",   "=",      "'=",    "''=",     "=1+1",  "'=1+1", "''''@x",
        "+46", "-5",    "-",    "@SUM(A1)", "\tx", "\rx",     "'s-Hertogenbosch",
        "x=1", " =1",   "'a",   "''a",    "'-",    "Centrum", "Söder", "'\t",
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        const char *s = cases[i];
        struct strbuf out = STRBUF_INIT;
        if (text_formula_needs_guard(s, strlen(s)))
            strbuf_addch(&out, '\'');
        strbuf_addstr(&out, s);
        /* what a spreadsheet sees: never a formula */
        const char *p = out.buf;
        if (*p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r')
            fail_msg("'%s' is written as '%s', a formula", s, out.buf);
        const char *back = out.buf;
        size_t len = out.len;
        text_formula_unguard(&back, &len);
        if (len != strlen(s) || memcmp(back, s, len))
            fail_msg("'%s' is written as '%s' and read back as '%.*s'", s, out.buf, (int)len,
                     back);
        strbuf_release(&out);
    }
    /* a reader leaves alone what no export guards */
    const char *s = "'s-Hertogenbosch";
    size_t len = strlen(s);
    text_formula_unguard(&s, &len);
    assert_int_equal(len, strlen("'s-Hertogenbosch"));
}

/* The cells of one CSV line (RFC 4180, as trygg export writes it). */
static size_t split_line(const char **p, char cells[][256], size_t max)
{
    size_t n = 0, k = 0;
    bool quoted = false;
    const char *s = *p;
    cells[0][0] = 0;
    for (; *s; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"')
                s++;
            else if (*s == '"') {
                quoted = false;
                continue;
            }
        } else if (*s == '"') {
            quoted = true;
            continue;
        } else if (*s == ',' || *s == '\n') {
            cells[n][k] = 0;
            n++;
            k = 0;
            if (*s == '\n' || n == max) {
                s++;
                break;
            }
            cells[n][0] = 0;
            continue;
        }
        if (k < 255)
            cells[n][k++] = *s;
    }
    *p = s;
    return n;
}

/* Every cell of `csv` in a column marked text starts with no trigger; text columns:
 * a string of 't' and 'n' (number) per column.  Returns how many were guarded. */
static int check_guarded(const char *csv, const char *kinds, const char *what)
{
    const char *p = csv;
    char cells[16][256];
    int guarded = 0;
    for (long line = 1; *p; line++) {
        size_t n = split_line(&p, cells, 16);
        assert_int_equal(n, strlen(kinds));
        for (size_t i = 0; i < n; i++) {
            char c = cells[i][0];
            bool trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
            if (kinds[i] == 't' || line == 1) {
                if (trigger)
                    fail_msg("%s line %ld column %zu: '%s' would run as a formula", what, line,
                             i + 1, cells[i]);
                guarded += c == '\'' && text_formula_needs_guard(cells[i] + 1, strlen(cells[i] + 1));
            } else if (trigger && strspn(cells[i] + 1, "0123456789.") != strlen(cells[i] + 1))
                fail_msg("%s line %ld column %zu: number cell '%s'", what, line, i + 1, cells[i]);
        }
    }
    return guarded;
}

/* No cell of any line starts a formula, but a number (-3, -0.5). */
static void check_guarded_any(const char *csv, const char *what)
{
    const char *p = csv;
    char cells[32][256];
    for (long line = 1; *p; line++) {
        size_t n = split_line(&p, cells, 32);
        for (size_t i = 0; i < n; i++) {
            char c = cells[i][0];
            bool trigger = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
            if (trigger && strspn(cells[i] + 1, "0123456789.e") != strlen(cells[i] + 1))
                fail_msg("%s line %ld column %zu: '%s' would run as a formula", what, line, i + 1,
                         cells[i]);
        }
    }
}

static char *export_to(const char *db, const char *name, const char *const *args, size_t n)
{
    char *out = path_in_dir(dir, name);
    const char *argv[12];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        argv[k++] = args[i];
    argv[k++] = "--output";
    argv[k++] = out;
    struct run_result res;
    int rc = run_trygg_argv(&res, db, argv, k);
    if (rc != 0)
        fail_msg("trygg export %s: exit %d\n%s", args[1], rc, res.err);
    run_result_release(&res);
    char *text = slurp(out, NULL);
    assert_non_null(text);
    free(out);
    return text;
}

static const char CODEBOOK[] =
    "[survey]\nid = fx\ntitle.en = Formulas\n"
    "[columns]\nrespondent = -id\nwave = ar\narea = omr\nstratum = st\n"
    "[area]\nvalue.1 = =cmd|' /C calc'!A0\nvalue.2 = @SUM(A1)\nvalue.3 = 'Kvarnen\n"
    "value.4 = '-x\nvalue.5 = +Norr\n"
    "[question q1]\ntext.en = Unsafe?\nvalue.1 = Safe\nvalue.2 = Unsafe\n"
    "missing.-9 = Don't know\nindicator = 2\n";

static const char SURVEY[] = "-id,ar,omr,st,q1\n"
                             "=1+1,2020,1,=s,1\n"
                             "+46,2020,2,@s,2\n"
                             "-5,-2021,3,-s,-9\n"
                             "@a,2020,4,+s,1\n"
                             "''=b,2020,5,s,2\n"
                             "'s-Hertogenbosch,2020,1,'s,1\n";

static void survey_round_trip(void **state)
{
    (void)state;
    char *db = path_in_dir(dir, "a.db"), *db2 = path_in_dir(dir, "b.db");
    char *cb = put_file_in(dir, "fx.ini", CODEBOOK), *data = put_file_in(dir, "fx.csv", SURVEY);
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, "-q", NULL) != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);

    char *ini = path_in_dir(dir, "fx-export.ini");
    const char *args[] = {"export", "survey", "fx", "--codebook-out", ini};
    char *csv = export_to(db, "fx-export.csv", args, 5);
    /* respondent, wave, area, stratum are text; q1 is a code */
    int guarded = check_guarded(csv, "ttttn", "export");
    /* the header's -id; ids =1+1 +46 -5 @a '=b (the file's ''=b, read as guarded); wave
     * -2021; areas =cmd... (twice) @SUM(A1) '-x +Norr; strata =s @s -s +s */
    if (guarded != 1 + 5 + 1 + 5 + 4)
        fail_msg("%d cells guarded:\n%s", guarded, csv);
    if (!strstr(csv, "'-5,'-2021,'Kvarnen,'-s,-9\n") || !strstr(csv, "\n''=b,2020,'+Norr,s,2\n") ||
        !strstr(csv, "'s-Hertogenbosch,2020,'=cmd|' /C calc'!A0,'s,1\n"))
        fail_msg("export:\n%s", csv);

    /* it imports into a new database to the same data */
    char *back = put_file_in(dir, "fx-back.csv", csv);
    if (run_trygg(&res, db2, "import", "survey", ini, back, "-q", NULL) != 0)
        fail_msg("import of the export: %s\n%s", res.err, csv);
    run_result_release(&res);
    const char *raw[] = {"export", "survey", "fx", "--raw"};
    char *raw1 = export_to(db, "raw1.csv", raw, 4), *raw2 = export_to(db2, "raw2.csv", raw, 4);
    assert_string_equal(raw1, raw2);
    /* --raw: as stored ("''=b" was read as the guarded "'=b") */
    if (!strstr(raw1, "-id,ar,omr,st,q1\n=1+1,2020,=cmd|' /C calc'!A0,=s,1\n") ||
        !strstr(raw1, "\n'=b,2020,+Norr,s,2\n") || !strstr(raw1, "\n-5,-2021,'Kvarnen,-s,-9\n"))
        fail_msg("raw export:\n%s", raw1);

    const char *bad[] = {"export", "survey", "fx", "--raw", "--format", "sav", "--output", "x.sav"};
    assert_int_equal(run_trygg_argv(&res, db, bad, 8), 2);
    run_result_release(&res);
    free(raw1);
    free(raw2);
    free(back);
    free(csv);
    free(ini);
    free(cb);
    free(data);
    free(db);
    free(db2);
}

static void incidents_round_trip(void **state)
{
    (void)state;
    char *db = path_in_dir(dir, "i.db"), *db2 = path_in_dir(dir, "i2.db");
    char *data = put_file_in(dir, "inc.csv",
                             "period,area,category,count,exposure,note\n"
                             "2021-01,\"=HYPERLINK(\"\"http://x.invalid\"\")\",@SUM(A1),3,100,-2+3\n"
                             "2021-02,\"=HYPERLINK(\"\"http://x.invalid\"\")\",@SUM(A1),4,,+46\n"
                             "2021-01,'-Norr,rån,1,,'s\n"
                             "2021-01,Söder,+cmd,2,1000.5,\n");
    struct run_result res;
    if (run_trygg(&res, db, "import", "incidents", data, "-q", NULL) != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    const char *args[] = {"export", "incidents"};
    char *csv = export_to(db, "inc-export.csv", args, 2);
    /* period, area, category, count, exposure, note */
    int guarded = check_guarded(csv, "nttnnt", "incidents export");
    if (!strstr(csv, "2021-01,\"'=HYPERLINK(\"\"http://x.invalid\"\")\",'@SUM(A1),3,100,'-2+3\n"))
        fail_msg("export:\n%s", csv);
    assert_int_equal(guarded, 2 + 2 + 2 + 1 + 1);
    char *back = put_file_in(dir, "inc-back.csv", csv);
    if (run_trygg(&res, db2, "import", "incidents", back, "-q", NULL) != 0)
        fail_msg("import of the export: %s\n%s", res.err, csv);
    run_result_release(&res);
    /* `trygg info --format csv` is opened in spreadsheets too: the names guarded, the
     * counts numbers */
    if (run_trygg(&res, db, "info", "--format", "csv", "--table", "series", NULL) != 0)
        fail_msg("info: %s", res.err);
    if (!strstr(res.out, "\"'=HYPERLINK(\"\"http://x.invalid\"\")\"") ||
        !strstr(res.out, "'@SUM(A1)") || !strstr(res.out, "'-Norr") || !strstr(res.out, "'+cmd"))
        fail_msg("info --format csv:\n%s", res.out);
    check_guarded_any(res.out, "info --format csv");
    run_result_release(&res);
    const char *raw[] = {"export", "incidents", "--raw"};
    char *raw1 = export_to(db, "iraw1.csv", raw, 3), *raw2 = export_to(db2, "iraw2.csv", raw, 3);
    assert_string_equal(raw1, raw2);
    if (!strstr(raw1, ",@SUM(A1),3,100,-2+3\n") || !strstr(raw1, "2021-01,-Norr,rån,1,,'s\n"))
        fail_msg("raw export:\n%s", raw1);
    free(raw1);
    free(raw2);
    free(back);
    free(csv);
    free(data);
    free(db);
    free(db2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(guard_is_inverse),
        cmocka_unit_test(survey_round_trip),
        cmocka_unit_test(incidents_round_trip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
