/*
 * eval/reason: every reason code a statistic can carry (stats/reasons.h) has a Swedish
 * and an English text, with placeholders the renderer knows, a stable machine name,
 * and numbers written as the report language writes them.  A new code without its
 * texts fails here.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "eval/reason.h"
#include "stats/result.h"

/* The placeholders of a template, each reduced to its kind and argument ("{0}" for
 * "{0.2}", "{0:a|b}" and "{0%}" alike, "{s1}", "{g0}", "{r0}"), sorted and joined, so
 * that the two languages can be checked to use the same arguments. */
static void arguments(const char *t, char *out, size_t size)
{
    char items[32][8];
    size_t n = 0;
    for (const char *p = strchr(t, '{'); p && n < 32; p = strchr(p + 1, '{')) {
        const char *b = p + 1;
        if (*b >= '0' && *b <= '2')
            snprintf(items[n++], 8, "%c", *b);
        else if (*b == 's' && b[1] == '}')
            snprintf(items[n++], 8, "s");
        else
            snprintf(items[n++], 8, "%c%c", b[0], b[1]);
    }
    for (size_t i = 1; i < n; i++) /* insertion sort, then drop repeats */
        for (size_t j = i; j > 0 && strcmp(items[j - 1], items[j]) > 0; j--) {
            char tmp[8];
            memcpy(tmp, items[j], 8);
            memcpy(items[j], items[j - 1], 8);
            memcpy(items[j - 1], tmp, 8);
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(items[i], items[i - 1])) {
            strncat(out, items[i], size - strlen(out) - 1);
            strncat(out, " ", size - strlen(out) - 1);
        }
}

static void every_code_has_both_texts(void **state)
{
    (void)state;
    assert_null(reason_template(STAT_R_NONE, "sv"));
    assert_string_equal(reason_text("sv", &(struct stat_why){STAT_R_NONE, {0, 0, 0}, ""}), "");
    for (int code = 1; code < STAT_R_COUNT; code++) {
        const char *name = stat_reason_name((enum stat_reason)code);
        const char *sv = reason_template((enum stat_reason)code, "sv");
        const char *en = reason_template((enum stat_reason)code, "en");
        if (!sv || !en || !*sv || !*en)
            fail_msg("reason %d (%s) has no %s text in eval/reason.c", code, name,
                     !sv || !*sv ? "Swedish" : "English");
        if (!strcmp(sv, en))
            fail_msg("reason %s: the Swedish text is the English one", name);
        const char *bad;
        if (!reason_template_valid(sv, &bad) || !reason_template_valid(en, &bad))
            fail_msg("reason %s: unknown placeholder at '%s'", name, bad);
        char a[256], b[256];
        arguments(sv, a, sizeof(a));
        arguments(en, b, sizeof(b));
        if (strcmp(a, b))
            fail_msg("reason %s: Swedish uses arguments '%s', English '%s'", name, a, b);
    }
}

static void machine_names_are_stable_tokens(void **state)
{
    (void)state;
    assert_string_equal(stat_reason_name(STAT_R_NONE), "");
    assert_string_equal(stat_reason_name(STAT_R_SVY_EMPTY), "svy_empty");
    assert_string_equal(stat_reason_name(STAT_R_COUNT), "");
    for (int i = 1; i < STAT_R_COUNT; i++) {
        const char *a = stat_reason_name((enum stat_reason)i);
        assert_true(*a);
        for (const char *p = a; *p; p++)
            if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
                fail_msg("reason name '%s' is not [a-z0-9_]", a);
        for (int j = 1; j < i; j++)
            if (!strcmp(a, stat_reason_name((enum stat_reason)j)))
                fail_msg("reason name '%s' is used twice", a);
    }
}

/* Words that mark an English sentence; a Swedish text has none of them outside the
 * quotes of R's and MASS's own messages (kept as R prints them, so they can be
 * searched for). */
static void no_english_words_in_swedish(void **state)
{
    (void)state;
    static const char *const words[] = {"the", "is", "are", "and", "no", "not", "of",
                                        "could", "cannot", "with", "only", "every", "was"};
    for (int code = 1; code < STAT_R_COUNT; code++) {
        struct stat_why w;
        stat_why_set(&w, (enum stat_reason)code, 1, 2, 0);
        stat_why_name(&w, "A\x1f" "B");
        char text[1024];
        snprintf(text, sizeof(text), "%s", reason_text("sv", &w));
        /* blank out R's and MASS's quoted messages */
        for (char *q = text; (q = strstr(q, "R: ")) || (q = strstr(text, "MASS"));) {
            char *end = strpbrk(q, ");");
            memset(q, ' ', end ? (size_t)(end - q) : strlen(q));
        }
        for (char *tok = strtok(text, " ,.;:()'\"=/"); tok; tok = strtok(NULL, " ,.;:()'\"=/"))
            for (size_t k = 0; k < sizeof(words) / sizeof(*words); k++)
                if (!strcmp(tok, words[k]))
                    fail_msg("reason %s: English word '%s' in Swedish: %s",
                             stat_reason_name((enum stat_reason)code), tok,
                             reason_text("sv", &w));
    }
}

static void numbers_and_choices_follow_the_language(void **state)
{
    (void)state;
    struct stat_why w;
    stat_why_set(&w, STAT_R_RES_DISPERSION, 1.554, NAN, NAN);
    assert_string_equal(reason_text("en", &w),
                        "variance multiplied by the dispersion 1.55 of the monthly counts");
    assert_string_equal(reason_text("sv", &w),
                        "variansen multiplicerad med månadsantalens dispersion 1,55");
    stat_why_set(&w, STAT_R_SD_TOO_FEW, 1, NAN, NAN);
    assert_string_equal(reason_text("en", &w),
                        "a standard deviation needs at least 2 valid answers (there is 1)");
    stat_why_set(&w, STAT_R_SD_TOO_FEW, 0, NAN, NAN);
    assert_string_equal(reason_text("en", &w),
                        "a standard deviation needs at least 2 valid answers (there are 0)");
    stat_why_set(&w, STAT_R_WEIGHT_INVALID, 12345, -0.5, NAN);
    assert_string_equal(reason_text("en", &w),
                        "weight 12,345 is \xe2\x88\x92" "0.5; weights must be positive numbers");
    assert_string_equal(reason_text("sv", &w),
                        "vikt 12\xc2\xa0" "345 är \xe2\x88\x92" "0,5; vikter måste vara positiva tal");
    stat_why_set(&w, STAT_R_MEAN_NO_SPREAD, 0.123456, NAN, NAN);
    assert_string_equal(reason_text("sv", &w),
                        "alla giltiga svar är lika (0,1235), så medelvärdet har ingen "
                        "slumpmässig spridning");
    /* a share as percent, the no-break space before % in Swedish */
    stat_why_set(&w, STAT_R_POWER_NO_VARIATION, 1, NAN, NAN);
    assert_string_equal(reason_text("sv", &w),
                        "båda andelarna är 100\xc2\xa0%, vilket inte lämnar någon variation att "
                        "testa");
    /* an option beyond the last takes the last */
    stat_why_set(&w, STAT_R_WINDOW_NO_MONTHS, 7, NAN, NAN);
    assert_string_equal(reason_text("en", &w), "the window has no months after the start");
    stat_why_set(&w, STAT_R_SVY_EMPTY, NAN, NAN, NAN);
    assert_string_equal(reason_text("sv", &w), "tom (inga svarande)");
    assert_string_equal(reason_text("en", &w), "empty (no respondents)");
}

static void names_groups_and_nested_reasons(void **state)
{
    (void)state;
    struct stat_why w;
    stat_why_set(&w, STAT_R_GROUP_EMPTY_COMPARE, 1, NAN, NAN);
    assert_string_equal(reason_text("en", &w),
                        "the after group has no answers, so there is nothing to compare");
    assert_string_equal(reason_text("sv", &w),
                        "gruppen efter har inga svar, så det finns inget att jämföra");
    /* two groups of one wave, by their names (after, before) */
    stat_why_name(&w, "Kvinna\x1fMan");
    assert_string_equal(reason_text("en", &w),
                        "the group 'Kvinna' has no answers, so there is nothing to compare");
    w.num[0] = 0;
    assert_string_equal(reason_text("sv", &w),
                        "gruppen 'Man' har inga svar, så det finns inget att jämföra");
    stat_why_set(&w, STAT_R_GLM_ALIASED_WITH, NAN, NAN, NAN);
    stat_why_name(&w, "post\x1f'tpost', 'month2'");
    assert_string_equal(reason_text("sv", &w),
                        "'post' bär ingen egen information: den är en exakt kopia eller "
                        "kombination av 'tpost', 'month2', så den lämnades utanför (R "
                        "rapporterar NA)");
    stat_why_set(&w, STAT_R_PLACEBO_REAL_UNUSABLE, STAT_R_ITS_NO_MONTHS_BEFORE, NAN, NAN);
    assert_string_equal(reason_text("sv", &w),
                        "den verkliga anpassningen kan inte användas: det finns inga månader "
                        "före insatsens start, så det finns inget att jämföra med");
    /* a name from the data is copied, cut on a character boundary */
    char longname[400];
    memset(longname, 0, sizeof(longname));
    for (size_t i = 0; i + 2 < sizeof(longname) - 1; i += 2)
        memcpy(longname + i, "\xc3\xa5", 2);
    stat_why_set(&w, STAT_R_GROUP_EMPTY_NAMED, NAN, NAN, NAN);
    stat_why_name(&w, longname);
    assert_true(strlen(w.name) < STAT_WHY_NAME_SIZE);
    assert_int_equal(strlen(w.name) % 2, 0);
}

static void a_failed_result_keeps_its_reason(void **state)
{
    (void)state;
    struct stat_result r;
    stat_result_init(&r);
    r.n = 12;
    r.estimate = 3;
    stat_result_failx(&r, STAT_NOT_ESTIMABLE, STAT_R_SD_TOO_FEW, 1, NAN, NAN);
    assert_true(isnan(r.estimate));
    assert_true(r.n == 12);
    assert_int_equal(r.why.code, STAT_R_SD_TOO_FEW);
    struct stat_result s;
    stat_result_init(&s);
    stat_result_fail_why(&s, STAT_SINGLE_PSU, &r.why);
    assert_int_equal(s.status, STAT_SINGLE_PSU);
    assert_string_equal(stat_why_text("en", &s), stat_why_text("en", &r));
    stat_result_fail_why(&s, STAT_NOT_ESTIMABLE, &s.why); /* from itself */
    assert_int_equal(s.why.code, STAT_R_SD_TOO_FEW);
    assert_true(s.why.num[0] == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_has_both_texts),
        cmocka_unit_test(machine_names_are_stable_tokens),
        cmocka_unit_test(no_english_words_in_swedish),
        cmocka_unit_test(numbers_and_choices_follow_the_language),
        cmocka_unit_test(names_groups_and_nested_reasons),
        cmocka_unit_test(a_failed_result_keeps_its_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
