/*
 * report/textwidth: widths of text in em of DejaVu Sans (the fonts' own advance
 * widths), and the widest piece of report.html markup a browser cannot break, which
 * report/tablefit sums to decide whether a table fits A4.
 */
#include <string.h>

#include "testutil.h"
#include "report/textwidth.h"

#define EPS 1e-9

static void widths_are_the_fonts(void **state)
{
    (void)state;
    assert_close_at(text_width_em("iiii", 4, false), 4 * 0.278, 0, EPS, "iiii", __FILE__, __LINE__);
    assert_close_at(text_width_em("M", 1, false), 0.863, 0, EPS, "M", __FILE__, __LINE__);
    assert_close_at(text_width_em("M", 1, true), 0.995, 0, EPS, "M bold", __FILE__, __LINE__);
    /* two bytes, one letter; a soft hyphen takes no room on an unbroken line */
    assert_true(text_width_em("\xC3\xA5", 2, false) > 0.5);
    assert_close_at(text_width_em("a\xC2\xAD" "a", 4, false), 2 * 0.613, 0, EPS, "shy", __FILE__,
                    __LINE__);
    /* a letter outside the table and CJK: wide, never zero */
    assert_true(text_width_em("\xCE\xA9", 2, false) >= 0.7);
    assert_true(text_width_em("\xE6\xBC\xA2", 3, false) >= 1.0);
    /* invalid UTF-8 still counts */
    assert_true(text_width_em("\xFF", 1, false) > 0);
}

static double mw(const char *html, bool bold)
{
    return markup_min_width_em(html, strlen(html), bold);
}

static void min_width_is_the_widest_unbreakable_piece(void **state)
{
    (void)state;
    /* white space breaks */
    assert_close_at(mw("a bb", false), 2 * 0.635, 0, EPS, "a bb",
                    __FILE__, __LINE__);
    /* a soft hyphen: the piece before it gets the hyphen shown at the break */
    assert_close_at(mw("ab\xC2\xAD" "c", false), 0.613 + 0.635 + 0.361, 0, EPS, "ab-|c",
                    __FILE__, __LINE__);
    /* a hyphen between letters breaks after itself: "före-" | "efter" */
    assert_close_at(mw("ii-iiii", false), 4 * 0.278, 0, EPS, "ii-|iiii", __FILE__, __LINE__);
    /* ... but not before a digit, nor inside a nowrap span, spaces included */
    assert_close_at(mw("ii-1", false), 2 * 0.278 + 0.361 + 0.636, 0, EPS, "ii-1", __FILE__,
                    __LINE__);
    assert_close_at(mw("x <span class=\"nobr\">2019 \xE2\x80\x93 2022</span> y", false),
                    8 * 0.636 + 2 * 0.318 + 0.5, 0, EPS, "nobr", __FILE__, __LINE__);
    /* tags take no room; references are their characters */
    assert_close_at(mw("<b>i</b>&amp;i", false), 0.278 * 2 + 0.780, 0, EPS, "&amp;", __FILE__,
                    __LINE__);
    assert_close_at(mw("", false), 0, 0, EPS, "empty", __FILE__, __LINE__);
    /* bold is wider */
    assert_true(mw("Jämförelseområde", true) > mw("Jämförelseområde", false));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(widths_are_the_fonts),
        cmocka_unit_test(min_width_is_the_widest_unbreakable_piece),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
