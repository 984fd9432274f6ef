/*
 * Control and bidirectional-override characters from the data never reach an output
 * raw.  A codebook names an area with an ANSI escape (ESC [31m) and one with a
 * right-to-left override (U+202E) and an isolate (U+2066), and a survey title with a
 * C1 control (U+009B, the 8-bit CSI); after an import and a run, none of those bytes is
 * in `info` (text, csv), report.html, report.md, results.csv, the XLSX's sheets or the
 * charts — they are replaced (U+FFFD or a blank) — while the rest of each name is
 * there.
 */
#include <stdio.h>
#include <string.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char CODEBOOK[] = "[survey]\nid = ctl\ntitle.en = Controls \xc2\x9b" "2J survey\n"
                               "[columns]\nrespondent = ID\nwave = AR\narea = OMRADE\n"
                               "[area]\nvalue.1 = Norr\x1b[31mRed\n"
                               "value.2 = Lilla \xe2\x80\xae" "nyb\n"
                               "value.3 = Iso \xe2\x81\xa6" "late\n"
                               "[question Q1]\ntext.en = Unsafe?\nvalue.1 = Trygg\n"
                               "value.2 = Otrygg\nindicator = 2\n";

static const char SPEC[] = "[evaluation]\nid = ctl\ntitle.en = Controls\nquestion.en = Q?\n"
                           "start = 2019-01-01\n"
                           "[trend t1]\nsurvey = ctl\nquestions = Q1\nby = area\n";

static const char *const BAD[] = {"\x1b", "\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa6"};

static void no_raw(const char *what, const char *text, size_t len)
{
    for (size_t k = 0; k < sizeof(BAD) / sizeof(*BAD); k++) {
        size_t bl = strlen(BAD[k]);
        for (size_t i = 0; i + bl <= len; i++)
            if (!memcmp(text + i, BAD[k], bl))
                fail_msg("%s holds a raw control or override character (byte 0x%02x at %zu)",
                         what, (unsigned char)BAD[k][0], i);
    }
}

static void controls_are_neutralised(void **state)
{
    (void)state;
    char *dir = make_temp_dir("controls");
    char cb[4096], data[4096], spec[4096], db[4096], out[4096], path[4200];
    snprintf(cb, sizeof(cb), "%s/ctl.ini", dir);
    snprintf(data, sizeof(data), "%s/ctl.csv", dir);
    snprintf(spec, sizeof(spec), "%s/spec.ini", dir);
    snprintf(db, sizeof(db), "%s/ctl.db", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_file(spec, SPEC, strlen(SPEC));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;Q1\n");
    for (int i = 0; i < 300; i++)
        strbuf_addf(&sb, "%d;%d;%d;%d\n", i + 1, 2017 + i % 3, 1 + i % 3, 1 + i * 7 % 3 % 2);
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, NULL) != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    const char *formats[] = {"text", "csv"};
    for (int f = 0; f < 2; f++) {
        assert_int_equal(run_trygg(&res, db, "info", "--format", formats[f], NULL), 0);
        no_raw(formats[f], res.out, strlen(res.out));
        assert_non_null(strstr(res.out, "Red")); /* the rest of the name is there */
        run_result_release(&res);
    }
    if (run_trygg(&res, db, "run", spec, "--out", out, "--lang", "en", NULL) != 0)
        fail_msg("run: %s", res.err);
    run_result_release(&res);
    const char *files[] = {"report.html", "report.md", "results.csv"};
    for (size_t k = 0; k < 3; k++) {
        snprintf(path, sizeof(path), "%s/ctl/%s", out, files[k]);
        size_t len;
        char *s = k == 0 ? slurp_html(path, &len) : slurp(path, &len);
        assert_non_null(s);
        no_raw(files[k], s, len);
        assert_non_null(strstr(s, "nyb"));
        free(s);
    }
    /* the charts and the workbook's XML (unzip -p prints every member) */
    snprintf(path, sizeof(path), "%s/ctl/charts", out);
    const char *grep[] = {"grep", "-rlP", "--include=*.svg", "\\x1b|\\xc2\\x9b|\\xe2\\x80\\xae|\\xe2\\x81\\xa6", path,
                          NULL};
    int rc = run_program(grep, NULL, &res);
    if (rc == 0)
        fail_msg("a chart holds a raw control character: %s", res.out);
    run_result_release(&res);
    snprintf(path, sizeof(path), "%s/ctl/results.xlsx", out);
    const char *unzip[] = {"unzip", "-p", path, NULL};
    if (run_program(unzip, NULL, &res) == 0)
        no_raw("results.xlsx", res.out, strlen(res.out));
    run_result_release(&res);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(controls_are_neutralised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
