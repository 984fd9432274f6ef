/*
 * Unit tests for src/lib/util/unicode (NFC with libutf8proc) and how the readers use
 * it: a CSV field or an INI value in decomposed Unicode (NFD, as macOS writes "Söder")
 * is read in NFC with a warning at its file:line:column, so it equals the composed
 * spelling byte for byte; a byte-order mark anywhere but at the start of a file is
 * refused at its line.
 */
#include <string.h>

#include "testutil.h"
#include "data/csvread.h"
#include "data/inifile.h"
#include "util/diag.h"
#include "util/unicode.h"

#define SODER_NFC "S\xc3\xb6" "der"   /* ö precomposed (U+00F6) */
#define SODER_NFD "So\xcc\x88" "der"  /* o + combining diaeresis (U+0308) */

static void nfc_of_nfd(void **state)
{
    (void)state;
    size_t n;
    char *s = unicode_nfc(SODER_NFD, strlen(SODER_NFD), &n);
    assert_non_null(s);
    assert_int_equal(n, strlen(SODER_NFC));
    assert_string_equal(s, SODER_NFC);
    free(s);
    /* already NFC, or ASCII: nothing to do */
    assert_null(unicode_nfc(SODER_NFC, strlen(SODER_NFC), &n));
    assert_null(unicode_nfc("Norr", 4, &n));
    assert_null(unicode_nfc("", 0, &n));
    /* Å as A + ring, and a Hangul syllable in parts */
    s = unicode_nfc("A\xcc\x8a", 3, &n);
    assert_string_equal(s, "\xc3\x85");
    free(s);
    assert_true(unicode_has_bom("ab\xef\xbb\xbf", 5));
    assert_false(unicode_has_bom("ab\xef\xbb", 4));
}

struct seen {
    char area[64][32];
    size_t n;
};

static int collect(void *ctx, const struct csv_record *rec)
{
    struct seen *s = ctx;
    if (rec->n_fields >= 2 && s->n < 64) {
        size_t l = rec->lens[1] < 31 ? rec->lens[1] : 31;
        memcpy(s->area[s->n], rec->fields[1], l);
        s->area[s->n][l] = '\0';
        s->n++;
    }
    return 0;
}

static void csv_fields_in_nfc(void **state)
{
    (void)state;
    const char data[] = "ID;AREA\n1;" SODER_NFC "\n2;" SODER_NFD "\n3;\"" SODER_NFD "\"\n4;Norr\n";
    struct csv_options opt = {.delimiter = ';', .encoding = CSV_ENC_UTF8};
    for (int fast = 0; fast < 2; fast++) {
        opt.no_fast_path = fast == 0;
        struct seen s = {.n = 0};
        struct diag_list dl;
        diag_list_init(&dl, 20);
        struct csv_file_info info;
        assert_int_equal(csv_read_buffer("t.csv", data, strlen(data), &opt, collect, &s, &info, &dl),
                         0);
        assert_int_equal(s.n, 5);
        assert_string_equal(s.area[1], SODER_NFC);
        assert_string_equal(s.area[2], SODER_NFC); /* one name, one spelling */
        assert_string_equal(s.area[3], SODER_NFC);
        assert_string_equal(s.area[4], "Norr");
        assert_int_equal(dl.n_errors, 0);
        assert_int_equal(dl.n, 2); /* a warning for each changed field, at its place */
        assert_int_equal(dl.items[0].level, DIAG_WARNING);
        assert_int_equal(dl.items[0].line, 3);
        assert_int_equal(dl.items[0].column, 2);
        assert_non_null(strstr(dl.items[0].message, "NFC"));
        diag_list_release(&dl);
    }
}

static void csv_bom_inside_refused(void **state)
{
    (void)state;
    struct csv_options opt = {.delimiter = ';', .encoding = CSV_ENC_UTF8};
    /* at the start: skipped */
    const char ok[] = "\xef\xbb\xbfID;AREA\n1;Norr\n";
    struct seen s = {.n = 0};
    struct diag_list dl;
    diag_list_init(&dl, 20);
    struct csv_file_info info;
    assert_int_equal(csv_read_buffer("t.csv", ok, strlen(ok), &opt, collect, &s, &info, &dl), 0);
    assert_int_equal(dl.n_errors, 0);
    diag_list_release(&dl);
    /* inside an id (two exports joined): refused at its line and column */
    const char bad[] = "ID;AREA\n1;Norr\n\xef\xbb\xbf" "2;Norr\n";
    for (int fast = 0; fast < 2; fast++) {
        opt.no_fast_path = fast == 0;
        diag_list_init(&dl, 20);
        s.n = 0;
        assert_int_not_equal(
            csv_read_buffer("t.csv", bad, strlen(bad), &opt, collect, &s, &info, &dl), 0);
        assert_int_equal(dl.n_errors, 1);
        assert_int_equal(dl.items[0].line, 3);
        assert_int_equal(dl.items[0].column, 1);
        assert_non_null(strstr(dl.items[0].message, "byte-order mark"));
        diag_list_release(&dl);
    }
}

static void ini_values_in_nfc(void **state)
{
    (void)state;
    const char text[] = "[area]\nvalue.1 = Norr\nvalue.2 = " SODER_NFD "\n";
    struct diag_list dl;
    diag_list_init(&dl, 20);
    struct ini_file *f = ini_file_parse("c.ini", text, strlen(text), &dl);
    assert_non_null(f);
    assert_int_equal(dl.n_errors, 0);
    assert_int_equal(dl.n, 1);
    assert_int_equal(dl.items[0].line, 3);
    struct ini_entry *e = ini_get(&f->sections[0], "value.2");
    assert_non_null(e);
    assert_string_equal(e->value, SODER_NFC);
    ini_file_free(f);
    diag_list_release(&dl);
    /* a BOM inside an INI file */
    const char bad[] = "[area]\nvalue.1 = \xef\xbb\xbfNorr\n";
    diag_list_init(&dl, 20);
    assert_null(ini_file_parse("c.ini", bad, strlen(bad), &dl));
    assert_int_equal(dl.n_errors, 1);
    assert_int_equal(dl.items[0].line, 2);
    diag_list_release(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nfc_of_nfd),
        cmocka_unit_test(csv_fields_in_nfc),
        cmocka_unit_test(csv_bom_inside_refused),
        cmocka_unit_test(ini_values_in_nfc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
