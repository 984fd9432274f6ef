/*
 * Unit tests of data/bramap (the Brå label -> category mapping) and
 * text_trim_blank (no-break spaces and leaked "&nbsp;" around Brå's labels), and of
 * the same trimming where survey cells hold a label pasted from Excel.
 */
#include <string.h>

#include "testutil.h"
#include "data/bramap.h"
#include "data/codebook.h"
#include "util/text.h"

static void trim_blank(void **state)
{
    (void)state;
    const char *s = "\xc2\xa0\xc2\xa0 &nbsp;Klotter&nbsp;\xc2\xa0\t";
    size_t len = strlen(s);
    text_trim_blank(&s, &len);
    assert_int_equal(len, 7);
    assert_memory_equal(s, "Klotter", 7);
    const char *e = "\xc2\xa0&nbsp;";
    len = strlen(e);
    text_trim_blank(&e, &len);
    assert_int_equal(len, 0);
    /* a no-break space inside a label stays */
    const char *in = "Rån\xc2\xa0grovt";
    len = strlen(in);
    text_trim_blank(&in, &len);
    assert_int_equal(len, strlen("Rån\xc2\xa0grovt"));
}

static const char MAP[] = "[category skadegorelse]\n"
                          "bra = 12 kap. Skadegörelsebrott\n"
                          "bra.2 = Skadegörelse inkl. grov, åverkan (1-3 §)\n"
                          "label.sv = Skadegörelse\n"
                          "detection = victim\n"
                          "[category narkotika]\n"
                          "bra = Brott mot narkotikastrafflagen\n"
                          "[ignore]\n"
                          "bra = Innehav (1-3 a §)\n";

static void lookup(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 20);
    struct bramap *m = bramap_parse("map.ini", MAP, strlen(MAP), &dl);
    assert_non_null(m);
    const struct bramap_category *c = NULL;
    const char *l1 = "\xc2\xa0\xc2\xa0SKADEGÖRELSE INKL. GROV, ÅVERKAN (1-3 §)";
    assert_int_equal(bramap_lookup(m, l1, strlen(l1), &c), BRAMAP_CATEGORY);
    assert_string_equal(c->key, "skadegorelse");
    assert_string_equal(c->label_sv, "Skadegörelse");
    assert_string_equal(c->detection, "victim");
    const char *l2 = "12 kap. Skadegörelsebrott";
    assert_int_equal(bramap_lookup(m, l2, strlen(l2), &c), BRAMAP_CATEGORY);
    assert_string_equal(c->key, "skadegorelse");
    const char *l3 = "&nbsp;Innehav (1-3 a §)";
    assert_int_equal(bramap_lookup(m, l3, strlen(l3), &c), BRAMAP_IGNORED);
    const char *l4 = "Stöld";
    assert_int_equal(bramap_lookup(m, l4, strlen(l4), &c), BRAMAP_UNMAPPED);
    bramap_free(m);
    assert_int_equal(dl.n_errors, 0);
    diag_list_release(&dl);
}

static void check_error(const char *text, const char *want)
{
    struct diag_list dl;
    diag_list_init(&dl, 20);
    struct bramap *m = bramap_parse("bad.ini", text, strlen(text), &dl);
    assert_null(m);
    struct strbuf sb = STRBUF_INIT;
    bool found = false;
    for (size_t i = 0; i < dl.n; i++) {
        strbuf_reset(&sb);
        diag_format(&dl.items[i], &sb);
        found |= strstr(sb.buf, want) != NULL;
    }
    if (!found)
        fail_msg("no message '%s' for:\n%s", want, text);
    strbuf_release(&sb);
    diag_list_release(&dl);
}

static void errors(void **state)
{
    (void)state;
    check_error("[category a]\nbra = X\n[category b]\nbra = x\n",
                "bad.ini:4: the Brå label 'x' is mapped twice (also in [category a])");
    check_error("[category a]\nbra = X\nbar = Y\n", "bad.ini:3: unknown key 'bar' in [category a]");
    check_error("[category a]\nlabel.sv = A\n", "bad.ini:1: [category a] names no Brå label");
    check_error("[category a b]\nbra = X\n", "bad.ini:1: [category a b]: a category key is");
    check_error("[kategori a]\nbra = X\n", "bad.ini:1: unknown section [kategori a]");
    check_error("[category a]\nbra = X\ndetection = polis\n",
                "bad.ini:3: detection 'polis': use police, victim, activity or unknown");
    check_error("; nothing\n", "bad.ini: maps no Brå label");
}

/* Survey answers as label text (pasted from Excel, with a no-break space) map to
 * their codes; unknown text stays an error. */
static void survey_label_cells(void **state)
{
    (void)state;
    static const char cbtext[] = "[survey]\nid = t\ntitle.sv = T\n[columns]\n"
                                 "respondent = ID\nwave.fixed = 2019\n[question T01]\n"
                                 "text.sv = Trygg?\nvalue.1 = Mycket trygg | Very safe\n"
                                 "value.2 = Ganska trygg\nmissing.8 = Vet ej\n";
    struct diag_list dl;
    diag_list_init(&dl, 20);
    struct codebook *cb = codebook_parse("t.ini", cbtext, strlen(cbtext), &dl);
    assert_non_null(cb);
    const struct cb_variable *v = codebook_find(cb, "T01");
    int code = 0;
    const char *cells[] = {"Mycket trygg", " mycket TRYGG ", "Mycket trygg\xc2\xa0",
                           "\xc2\xa0Very safe", "vet ej"};
    const int want[] = {1, 1, 1, 1, 8};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(cb_variable_read(v, cells[i], strlen(cells[i]), &code), CB_CELL_CODE);
        assert_int_equal(code, want[i]);
    }
    assert_int_equal(cb_variable_read(v, "Mycket trygt", 12, &code), CB_CELL_UNKNOWN_TEXT);
    assert_int_equal(cb_variable_read(v, "3", 1, &code), CB_CELL_UNKNOWN_CODE);
    codebook_free(cb);
    diag_list_release(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trim_blank),
        cmocka_unit_test(lookup),
        cmocka_unit_test(errors),
        cmocka_unit_test(survey_label_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
