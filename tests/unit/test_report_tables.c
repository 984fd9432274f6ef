/*
 * Unit tests for src/lib/report/tables_csv.c: reading the report's number cells
 * (Swedish and English, grouping, minus, units, intervals, marks; what must stay text),
 * and the files written from a document: columns split, units in headers, text cells
 * neutralised and quoted, withheld cells kept as the report prints them, the group
 * label repeated, the answer distribution, index.csv, both dialects, byte for byte;
 * stale tables removed, other files kept.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "eval/doc.h"
#include "report/tables_csv.h"
#include "util/strbuf.h"
#include "util/table.h"

#define NBSP "\xc2\xa0"

static void parse(const char *lang, const char *text, enum tcell_kind kind, const char *v,
                  const char *lo, const char *hi, const char *unit, bool mark)
{
    struct tcell c;
    tables_csv_parse_cell(lang, text, &c);
    if (c.kind != kind || strcmp(c.value, v) || strcmp(c.low, lo) || strcmp(c.high, hi) ||
        strcmp(c.unit, unit) || c.mark != mark)
        fail_msg("%s '%s': got kind %d value '%s' low '%s' high '%s' unit '%s' mark %d", lang,
                 text, c.kind, c.value, c.low, c.high, c.unit, c.mark);
}

static void text(const char *lang, const char *s)
{
    parse(lang, s, TCELL_TEXT, "", "", "", "", false);
}

static void cells_as_the_report_writes_them(void **state)
{
    (void)state;
    /* Swedish: decimal comma, no-break space between thousands */
    parse("sv", "1226", TCELL_NUMBER, "1226", "", "", "", false);
    parse("sv", "11" NBSP "431", TCELL_NUMBER, "11431", "", "", "", false);
    parse("sv", "1" NBSP "400" NBSP "000" NBSP "kr", TCELL_NUMBER, "1400000", "", "", "kr", false);
    parse("sv", "0,953", TCELL_NUMBER, "0.953", "", "", "", false);
    parse("sv", "10,8" NBSP "%", TCELL_NUMBER, "10.8", "", "", "%", false);
    parse("sv", "-1,0 p.e.", TCELL_NUMBER, "-1.0", "", "", "p.e.", false);
    parse("sv", "\xe2\x88\x92" "7,2 p.e.", TCELL_NUMBER, "-7.2", "", "", "p.e.", false);
    parse("sv", "10,8" NBSP "% (9,1 till 12,9" NBSP "%)", TCELL_ESTIMATE, "10.8", "9.1", "12.9",
          "%", false);
    parse("sv", "-5,4 p.e. (-7,7 till -3,1) *", TCELL_ESTIMATE, "-5.4", "-7.7", "-3.1", "p.e.",
          true);
    /* a change is signed both ways: "+0,3 p.e. (−3,7 till +4,4)" */
    parse("sv", "+0,3 p.e. (\xe2\x88\x92" "3,7 till +4,4)", TCELL_ESTIMATE, "0.3", "-3.7", "4.4",
          "p.e.", false);
    parse("sv", "0,928 till 0,978", TCELL_INTERVAL, "", "0.928", "0.978", "", false);
    parse("sv", "9,1 till 12,9" NBSP "%", TCELL_INTERVAL, "", "9.1", "12.9", "%", false);
    parse("sv", "0,593\xe2\x80\x93" "0,864", TCELL_INTERVAL, "", "0.593", "0.864", "", false);
    parse("sv", " 72" NBSP "% ", TCELL_NUMBER, "72", "", "", "%", false);
    parse("sv", "0,0" NBSP "% (inget intervall)", TCELL_NUMBER, "0.0", "", "", "%", false);
    parse("en", "0.0% (no interval) *", TCELL_NUMBER, "0.0", "", "", "%", true);
    /* English: decimal point, comma between thousands */
    parse("en", "11,431", TCELL_NUMBER, "11431", "", "", "", false);
    parse("en", "27.5%", TCELL_NUMBER, "27.5", "", "", "%", false);
    parse("en", "SEK 1,400,000", TCELL_NUMBER, "1400000", "", "", "SEK", false);
    parse("en", "-1.0 pp (-3.6 to 1.6)", TCELL_ESTIMATE, "-1.0", "-3.6", "1.6", "pp", false);
    parse("en", "10.8% (9.1 to 12.9%)", TCELL_ESTIMATE, "10.8", "9.1", "12.9", "%", false);
    parse("en", "2.7 pp (-0.5 to 5.8) *", TCELL_ESTIMATE, "2.7", "-0.5", "5.8", "pp", true);
    /* what stays text: the report's words and anything more than a number */
    text("sv", "för få svar");
    text("en", "too few answers");
    text("sv", "basår");
    text("sv", "\xe2\x80\x93");
    text("sv", "\xc2\xb7");
    text("sv", "< 0,001");
    text("en", "< 0.001");
    text("sv", "");
    text("sv", "12abc");
    text("sv", "16\xe2\x80\x93" "24 år");
    /* an open upper limit (cost per prevented case when the effect may be none) */
    parse("sv", "95" NBSP "785 kr (44" NBSP "526 kr till \xe2\x88\x9e)", TCELL_ESTIMATE,
          "95785", "44526", "\xe2\x88\x9e", "kr", false);
    parse("en", "SEK 95,785 (SEK 44,526 to \xe2\x88\x9e)", TCELL_ESTIMATE, "95785", "44526",
          "\xe2\x88\x9e", "SEK", false);
    text("sv", "-\xe2\x88\x9e till 3");  /* a signed infinity is not a limit the report writes */
    text("sv", "\xe2\x88\x9e" "5");
    text("sv", "10,8 % (9,1 till)");
    text("sv", "10,8 % (hej)");
    text("sv", "1,2,3");
    text("en", "1,23"); /* not a group of three */
    text("sv", "1 400");  /* an ordinary space is not how a report groups thousands */
    text("sv", "10,8 % (9,1 till 12,9 p.e.)"); /* units that disagree */
    text("sv", "=1+2");
    text("sv", "-");
    text("sv", "5 p.e.x");
    /* a number longer than the buffer stays text rather than being cut */
    text("sv", "123456789012345678901234567890123456789012345678901234567890123456789012345");
}

/* A document with the kinds of tables a report has. */
static struct doc *sample_doc(const char *lang)
{
    bool sv = !strcmp(lang, "sv");
    struct doc *d = doc_new(lang, "Rapport", NULL);
    doc_heading(d, 1, "survey", sv ? "Enkätresultat" : "Survey results");
    doc_heading(d, 2, "t01", "T01: Otrygg");
    struct table *t = table_new(
        "groups", "T01: Otrygg per år och område", 5,
        (const char *const[]){"Grupp", "År", "Svar",
                              sv ? "Skattning (95" NBSP "% KI)" : "Estimate (95% CI)",
                              sv ? "Mot basåret" : "Against the baseline"},
        (const bool[]){false, true, true, true, true});
    if (sv) {
        table_add_row(t, (const char *const[]){"=HYPERLINK(\"http://x\";\"y\")", "2015", "102",
                                               "9,7" NBSP "% (5,0 till 18,0" NBSP "%)", "basår"});
        table_add_row(t, (const char *const[]){"", "2016", "1" NBSP "108",
                                               "16,1" NBSP "% (9,7 till 25,6" NBSP "%)",
                                               "-6,4 p.e. (-13,6 till 1,3) *"});
        table_add_row(t, (const char *const[]){"Lilla byn; \"by\"\nny rad", "2015", "för få svar",
                                               "\xc2\xb7", "\xe2\x80\x93"});
    } else {
        table_add_row(t, (const char *const[]){"=HYPERLINK(\"http://x\";\"y\")", "2015", "102",
                                               "9.7% (5.0 to 18.0%)", "baseline"});
        table_add_row(t, (const char *const[]){"", "2016", "1,108", "16.1% (9.7 to 25.6%)",
                                               "-6.4 pp (-13.6 to 1.3) *"});
        table_add_row(t, (const char *const[]){"Lilla byn; \"by\"\nny rad", "2015",
                                               "too few answers", "\xc2\xb7", "\xe2\x80\x93"});
    }
    doc_table(d, t, NULL, sv ? "Vägda andelar; * = säker" : "Weighted; * = clear");
    /* mixed units in one column, an interval-only column, a text column with numbers */
    struct table *u = table_new("before_after", sv ? "Före och efter (vägt)" : "Before and after",
                                4, (const char *const[]){"Period", "Svar", "Skattning", "KI"},
                                (const bool[]){false, true, true, true});
    table_add_row(u, (const char *const[]){"-5 år", "1170", sv ? "32,6" NBSP "%" : "32.6%",
                                           sv ? "29,7 till 35,5" NBSP "%" : "29.7 to 35.5%"});
    table_add_row(u, (const char *const[]){"Förändring", "", sv ? "-7,2 p.e." : "-7.2 pp",
                                           sv ? "inget intervall" : "no interval"});
    doc_table(d, u, NULL, NULL);
    struct chart *ch = chart_new(CHART_STACKED, "t01-distribution",
                                 sv ? "Svarsfördelning per år" : "Answers per year");
    chart_set_categories(ch, (const char *const[]){"2016", "2017"}, 2);
    chart_set_segments(ch, (const char *const[]){"Trygg", "@otrygg"}, 2,
                       (const double[]){0.8126, 0.1874, 0.25, 0.75}, 1);
    ch->percent = true;
    doc_chart(d, ch, "Fördelningen");
    /* a chart of another kind is not a table */
    doc_chart(d, chart_new(CHART_BARS_CI, "x", "Staplar"), NULL);
    return d;
}

static const char *file_data(const struct tables_csv *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->files[i].name, name))
            return t->files[i].data;
    fail_msg("no file %s", name);
    return NULL;
}

static void swedish_files_byte_for_byte(void **state)
{
    (void)state;
    struct doc *d = sample_doc("sv");
    struct tables_csv t;
    tables_csv_render(d, CSV_SWEDISH, &t);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.files[0].name, "01-t01-otrygg-per-ar-och-omrade.csv");
    assert_string_equal(t.files[1].name, "02-t01-otrygg-fore-och-efter-vagt.csv");
    assert_string_equal(t.files[2].name, "03-t01-otrygg-svarsfordelning-per-ar.csv");
    assert_string_equal(t.files[3].name, "index.csv");
    assert_string_equal(
        t.files[0].data,
        "\xEF\xBB\xBFGrupp;År;Svar;Skattning (%);Skattning: nedre gräns 95" NBSP "% KI (%);"
        "Skattning: övre gräns 95" NBSP "% KI (%);Mot basåret (p.e.);Mot basåret: nedre gräns "
        "(p.e.);Mot basåret: övre gräns (p.e.);Mot basåret: markering\n"
        "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";2015;102;9,7;5,0;18,0;basår;;;\n"
        "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\";2016;1108;16,1;9,7;25,6;-6,4;-13,6;1,3;*\n"
        "\"Lilla byn; \"\"by\"\"\nny rad\";2015;för få svar;\xc2\xb7;;;\xe2\x80\x93;;;\n");
    assert_string_equal(t.files[1].data,
                        "\xEF\xBB\xBFPeriod;Svar;Skattning;Skattning: enhet;KI (%);"
                        "KI: nedre gräns (%);KI: övre gräns (%)\n"
                        "'-5 år;1170;32,6;%;;29,7;35,5\n"
                        "Förändring;;-7,2;p.e.;inget intervall;;\n");
    assert_string_equal(t.files[2].data, "\xEF\xBB\xBFKategori;Trygg (%);'@otrygg (%)\n"
                                         "2016;81,3;18,7\n2017;25,0;75,0\n");
    assert_string_equal(file_data(&t, "index.csv"),
                        "\xEF\xBB\xBF"
                        "Fil;Avsnitt;Tabell;Anmärkning\n"
                        "01-t01-otrygg-per-ar-och-omrade.csv;Enkätresultat > T01: Otrygg;"
                        "T01: Otrygg per år och område;\"Vägda andelar; * = säker\"\n"
                        "02-t01-otrygg-fore-och-efter-vagt.csv;Enkätresultat > T01: Otrygg;"
                        "Före och efter (vägt);\n"
                        "03-t01-otrygg-svarsfordelning-per-ar.csv;Enkätresultat > T01: Otrygg;"
                        "Svarsfördelning per år;Fördelningen\n");
    tables_csv_release(&t);
    doc_free(d);
}

static void english_files_byte_for_byte(void **state)
{
    (void)state;
    struct doc *d = sample_doc("en");
    struct tables_csv t;
    tables_csv_render(d, CSV_STANDARD, &t);
    assert_int_equal(t.n, 4);
    assert_string_equal(
        t.files[0].data,
        "\xEF\xBB\xBFGrupp,År,Svar,Estimate (%),Estimate: lower limit 95% CI (%),"
        "Estimate: upper limit 95% CI (%),Against the baseline (pp),Against the baseline: lower "
        "limit (pp),Against the baseline: upper limit (pp),Against the baseline: mark\n"
        "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",2015,102,9.7,5.0,18.0,baseline,,,\n"
        "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\",2016,1108,16.1,9.7,25.6,-6.4,-13.6,1.3,*\n"
        "\"Lilla byn; \"\"by\"\"\nny rad\",2015,too few answers,\xc2\xb7,,,\xe2\x80\x93,,,\n");
    assert_string_equal(t.files[2].data, "\xEF\xBB\xBF" "Category,Trygg (%),'@otrygg (%)\n"
                                         "2016,81.3,18.7\n2017,25.0,75.0\n");
    assert_true(strncmp(file_data(&t, "index.csv"), "\xEF\xBB\xBF" "File,Section,Table,Note\n",
                        27) == 0);
    tables_csv_release(&t);
    /* an English report in the Swedish dialect: its numbers read, written with ',' */
    tables_csv_render(d, CSV_SWEDISH, &t);
    assert_non_null(strstr(t.files[0].data, ";2016;1108;16,1;9,7;25,6;-6,4;-13,6;1,3;*\n"));
    tables_csv_release(&t);
    doc_free(d);
}

static int count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL)
        n += e->d_name[0] != '.';
    closedir(dp);
    return n;
}

static void write_replaces_old_tables_only(void **state)
{
    (void)state;
    char *dir = make_temp_dir("tables");
    struct strbuf p = STRBUF_INIT;
    const char *old[] = {"07-old-table.csv", "mine.csv", "notes.txt"};
    for (size_t i = 0; i < 3; i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/%s", dir, old[i]);
        write_file(p.buf, "x", 1);
    }
    struct doc *d = sample_doc("sv");
    struct diag_list dl;
    diag_list_init(&dl, 10);
    assert_int_equal(tables_csv_write(d, CSV_SWEDISH, dir, &dl), 0);
    assert_int_equal(dl.n, 0);
    /* the 4 new files and the user's own two; the old table is gone */
    assert_int_equal(count_entries(dir), 6);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/07-old-table.csv", dir);
    assert_int_equal(access(p.buf, F_OK), -1);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/01-t01-otrygg-per-ar-och-omrade.csv", dir);
    size_t len;
    char *got = slurp(p.buf, &len);
    assert_non_null(got);
    assert_true(len > 3 && !memcmp(got, "\xEF\xBB\xBFGrupp;", 9));
    free(got);
    /* a folder that is not there: an error, nothing written */
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/missing", dir);
    assert_int_equal(tables_csv_write(d, CSV_SWEDISH, p.buf, &dl), -1);
    assert_true(dl.n > 0);
    diag_list_release(&dl);
    doc_free(d);
    strbuf_release(&p);
    free(dir);
}

static void many_tables_are_numbered_to_sort(void **state)
{
    (void)state;
    struct doc *d = doc_new("en", "R", NULL);
    for (int i = 0; i < 120; i++) {
        struct table *t = table_new("x", i == 5 ? "" : "A table", 1, (const char *const[]){"n"},
                                    (const bool[]){true});
        table_add_row(t, (const char *const[]){"1"});
        doc_table(d, t, NULL, NULL);
    }
    struct tables_csv t;
    tables_csv_render(d, CSV_STANDARD, &t);
    assert_int_equal(t.n, 121);
    assert_string_equal(t.files[0].name, "001-a-table.csv");
    assert_string_equal(t.files[5].name, "006.csv");
    assert_string_equal(t.files[119].name, "120-a-table.csv");
    tables_csv_release(&t);
    doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cells_as_the_report_writes_them),
        cmocka_unit_test(swedish_files_byte_for_byte),
        cmocka_unit_test(english_files_byte_for_byte),
        cmocka_unit_test(write_replaces_old_tables_only),
        cmocka_unit_test(many_tables_are_numbered_to_sort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
