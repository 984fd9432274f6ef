/*
 * Unit tests for src/lib/util: numbers, UTF-8, strbuf, diagnostics.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/diag.h"
#include "util/num.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/utf8.h"

static void parse_double_accepts_both_decimal_marks(void **state)
{
    (void)state;
    double v;
    assert_int_equal(num_parse_double("1,5", 3, &v), NUM_OK);
    assert_true(v == 1.5);
    assert_int_equal(num_parse_double(" 1.25 ", 6, &v), NUM_OK);
    assert_true(v == 1.25);
    assert_int_equal(num_parse_double("-0,5", 4, &v), NUM_OK);
    assert_true(v == -0.5);
    assert_int_equal(num_parse_double(".5", 2, &v), NUM_OK);
    assert_true(v == 0.5);
    assert_int_equal(num_parse_double("2e-3", 4, &v), NUM_OK);
    assert_true(v == 2e-3);
}

static void parse_double_refuses_what_would_be_silently_wrong(void **state)
{
    (void)state;
    double v;
    static const char *syntax[] = {"1,5,2", "0x10", "nan", "inf", "1 105", "1.000,5", "abc",
                                   "1e", "+", "-", ".", "1.5x", "1e5.5", "--1"};
    for (size_t i = 0; i < sizeof(syntax) / sizeof(*syntax); i++)
        assert_int_equal(num_parse_double(syntax[i], strlen(syntax[i]), &v), NUM_SYNTAX);
    assert_int_equal(num_parse_double("1e999", 5, &v), NUM_RANGE);
    assert_int_equal(num_parse_double("1e-999", 6, &v), NUM_RANGE);
    assert_int_equal(num_parse_double("0e-999", 6, &v), NUM_OK);
    assert_int_equal(num_parse_double("   ", 3, &v), NUM_EMPTY);
}

static void parse_int64_limits(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(num_parse_int64("9223372036854775807", 19, &v), NUM_OK);
    assert_true(v == INT64_MAX);
    assert_int_equal(num_parse_int64("-9223372036854775808", 20, &v), NUM_OK);
    assert_true(v == INT64_MIN);
    assert_int_equal(num_parse_int64("9223372036854775808", 19, &v), NUM_RANGE);
    assert_int_equal(num_parse_int64("12.0", 4, &v), NUM_SYNTAX);
    assert_int_equal(num_parse_int64("-0", 2, &v), NUM_OK);
    assert_true(v == 0);
}

static void format_is_shortest_round_trip(void **state)
{
    (void)state;
    char buf[NUM_FMT_SIZE];
    assert_string_equal(num_format(0.1, buf), "0.1");
    assert_string_equal(num_format(1.0 / 3.0, buf), "0.3333333333333333");
    assert_string_equal(num_format(-0.0, buf), "0");
    assert_string_equal(num_format(1e300, buf), "1e+300");
    assert_string_equal(num_format(NAN, buf), "NaN");
    assert_string_equal(num_format_fixed(0.125, 2, ',', buf), "0,12");
    assert_string_equal(num_format_fixed(-0.001, 2, '.', buf), "0.00");
    double x = 0.1 + 0.2;
    assert_true(strtod(num_format(x, buf), NULL) == x);
    assert_string_equal(num_format(150000, buf), "150000");
    assert_string_equal(num_format(1e16, buf), "10000000000000000");
    assert_string_equal(num_format(1e15 + 0.5, buf), "1000000000000000.5");
    assert_string_equal(num_format(1.5e-7, buf), "1.5e-07");
}

/* The reference: the smallest precision from 1 up that reads back, then the same
 * plain-form rewrite as num_format. */
static void shortest_by_counting(double x, char *buf)
{
    int prec = 1;
    for (; prec <= 17; prec++) {
        snprintf(buf, NUM_FMT_SIZE, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    const char *e = strchr(buf, 'e');
    if (e) {
        int exp10 = atoi(e + 1);
        if (exp10 >= 0 && exp10 < 17)
            snprintf(buf, NUM_FMT_SIZE, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, x);
    }
}

/* num_format starts at 15 digits and rounds %.16e's 17 digits itself (util/num.c,
 * format_fast); it must write what counting from 1 writes, for short decimals,
 * integers, results of arithmetic, random bit patterns, estimates and p-values at
 * every scale, and values whose digits beyond the 15th or 16th are (nearly) half. */
static void format_matches_counting_from_one(void **state)
{
    (void)state;
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    uint64_t seed = 88172645463325252ULL;
    for (int i = 0; i < 480000; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        double x;
        switch (i % 6) {
        case 0: /* any finite double */
            memcpy(&x, &seed, sizeof(x));
            if (!isfinite(x) || x == 0)
                continue;
            break;
        case 1: /* a short decimal at some scale */
            x = (double)(seed % 100000) / 1000.0 * pow(10, (int)(seed >> 40) % 40 - 20);
            break;
        case 2: /* an integer up to 2^60 */
            x = (double)(seed >> (4 + (seed & 31)));
            break;
        case 3: /* arithmetic */
            x = (double)(seed % 1000003) / (double)(seed % 997 + 1);
            break;
        case 4: /* a random mantissa between 1e-12 and 1e16, either sign */
            x = ((double)(seed >> 11) / 9007199254740992.0 + 0.5) *
                pow(10, (int)(seed % 29) - 12) * (seed & (1u << 5) ? -1 : 1);
            break;
        default: { /* 15 or 16 digits, then a 5 (and maybe more): at or near half */
            char text[48];
            unsigned long long m = (seed >> 8) % 1000000000000000ULL;
            int more = (int)(seed % 3);
            snprintf(text, sizeof(text), "%llu%s%se%d", m + 100000000000000ULL,
                     seed & (1u << 6) ? "1" : "", more == 0 ? "5" : more == 1 ? "49" : "51",
                     (int)((seed >> 3) % 40) - 35);
            x = strtod(text, NULL);
            break;
        }
        }
        if (x == 0)
            continue;
        shortest_by_counting(x, b);
        num_format(x, a);
        if (strcmp(a, b))
            fail_msg("%.17g: num_format '%s', counting '%s'", x, a, b);
    }
}

/* The printf definition of num_format (util/num.c's format_printf): the shortest of
 * %.15g, %.16g, %.17g that reads back, plain up to 1e17. */
static void shortest_by_printf(double x, char *buf)
{
    if (x == 0) {
        strcpy(buf, "0");
        return;
    }
    int prec = fabs(x) < DBL_MIN ? 1 : 15;
    for (; prec <= 17; prec++) {
        snprintf(buf, NUM_FMT_SIZE, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    const char *e = strchr(buf, 'e');
    if (e) {
        int exp10 = atoi(e + 1);
        if (exp10 >= 0 && exp10 < 17)
            snprintf(buf, NUM_FMT_SIZE, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, x);
    }
}

/* A test value: edge cases first, then random ones of several kinds. */
static double some_double(int i, uint64_t *seed)
{
    static const double edges[] = {
        0.0, -0.0, 5e-324, -5e-324, 2.2250738585072009e-308, 2.2250738585072014e-308,
        1e-300, 1e308, -1e308, 1.7976931348623157e308, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3,
        0.1 + 0.2, 1e-5, 1e-4, 9.9999999999999995e-05, 0.0001, 0.001, 1e-6, 1e-7, 1e-8,
        9.999999999999999e-07, 1.0000000000000002, 0.9999999999999999, 9007199254740991.0,
        9007199254740993.0, 4503599627370495.5, 4503599627370496.5, 999999999999999.9,
        999999999999999.8, 99999999999999.99, 1e15, 1e15 + 0.5, 1e16, 1e17, 123456789.125,
        0.95, 0.975, 1.959963984540054, 5e-7, 1.5e-7, 2.5, 0.5, 0.25, 0.125, 1.5, 1e21,
        1e22, 1e23, 8.41e21, 5.0000000000000005e-06, 2.9802322387695312e-08,
        1.1102230246251565e-16, 2.220446049250313e-16, 123.456, -123.456, 1e-310,
    };
    size_t n_edges = sizeof(edges) / sizeof(*edges);
    if ((size_t)i < n_edges)
        return edges[i];
    uint64_t s = *seed;
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    *seed = s;
    double x;
    switch (i % 7) {
    case 0: /* any bit pattern (NaN and infinities included) */
        memcpy(&x, &s, sizeof(x));
        return x;
    case 1: /* a random mantissa at the magnitudes of estimates and p-values */
        return ((double)(s >> 11) / 9007199254740992.0 + 0.5) * pow(10, (int)(s % 40) - 24) *
               (s & (1u << 5) ? -1 : 1);
    case 2: /* a short decimal */
        return (double)(s % 1000000) / 1000.0 * pow(10, (int)(s >> 40) % 30 - 20);
    case 3: /* arithmetic: ratios, as estimates are */
        return (double)(s % 1000003) / (double)(s % 997 + 1);
    case 4: /* exp/log results, as rate ratios and intervals are */
        return exp(((double)(s >> 11) / 9007199254740992.0 - 0.5) * 20);
    case 5: /* near a power of ten, either side */
        x = pow(10, (int)(s % 40) - 25);
        for (int k = (int)((s >> 8) % 5); k > 0; k--)
            x = s & (1u << 7) ? nextafter(x, 0) : nextafter(x, INFINITY);
        return x;
    default: { /* 15 or 16 digits then a 5 (or 49, 51): at or near a tie */
        char text[48];
        unsigned long long m = (s >> 8) % 1000000000000000ULL;
        int more = (int)(s % 3);
        snprintf(text, sizeof(text), "%llu%s%se%d", m + 100000000000000ULL,
                 s & (1u << 6) ? "1" : "", more == 0 ? "5" : more == 1 ? "49" : "51",
                 (int)((s >> 3) % 40) - 35);
        return strtod(text, NULL);
    }
    }
}

/* num_format (exact digits by 128-bit integers, util/num.c) writes what its printf
 * definition writes, byte for byte, on a million values: subnormals, +-0, whole
 * numbers, 1e-300, 1e308, values that need 17 digits, ties and near-ties. */
static void format_matches_printf(void **state)
{
    (void)state;
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 1000000; i++) {
        double x = some_double(i, &seed);
        if (!isfinite(x))
            continue;
        num_format(x, a);
        shortest_by_printf(x, b);
        if (strcmp(a, b))
            fail_msg("%.17g (%a): num_format '%s', printf '%s'", x, x, a, b);
    }
}

/* num_format_g16 is printf's %.16G byte for byte (libxlsxwriter's number cells). */
static void g16_matches_printf(void **state)
{
    (void)state;
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    uint64_t seed = 0x2545F4914F6CDD1DULL;
    for (int i = 0; i < 1000000; i++) {
        double x = some_double(i, &seed);
        num_format_g16(x, a);
        snprintf(b, sizeof(b), "%.16G", x);
        if (strcmp(a, b))
            fail_msg("%.17g: num_format_g16 '%s', printf '%s'", x, a, b);
    }
}

static void utf8_validation(void **state)
{
    (void)state;
    size_t bad;
    assert_true(utf8_valid("\xc3\xa5\xc3\xa4\xc3\xb6", 6, NULL)); /* åäö */
    assert_false(utf8_valid("ab\xe5", 3, &bad));                    /* cp1252 å */
    assert_int_equal(bad, 2);
    assert_false(utf8_valid("\xc0\xaf", 2, NULL));         /* overlong */
    assert_false(utf8_valid("\xed\xa0\x80", 3, NULL));     /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4, NULL)); /* > U+10FFFF */
    assert_true(utf8_has_bom("\xef\xbb\xbfx", 4));
    assert_int_equal(utf8_length("\xc3\xa5x", 3), 2);
}

static void strbuf_basics(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(sb.buf, "");
    strbuf_addstr(&sb, "  hej ");
    strbuf_addf(&sb, "%d", 42);
    strbuf_trim(&sb);
    assert_string_equal(sb.buf, "hej 42");
    strbuf_setlen(&sb, 3);
    assert_string_equal(sb.buf, "hej");
    char *s = strbuf_detach(&sb);
    assert_string_equal(s, "hej");
    free(s);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

static void diag_caps_and_formats(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 2);
    diag_error(&dl, "a.csv", 3, 2, "unknown code %s", "'7'");
    diag_warning(&dl, "a.csv", 4, 0, "odd");
    diag_error(&dl, NULL, 0, 0, "second");
    diag_error(&dl, "a.csv", 9, 1, "third is counted, not stored");
    assert_int_equal(dl.n_errors, 3);
    assert_int_equal(dl.n, 3);
    assert_true(diag_full(&dl));
    struct strbuf sb = STRBUF_INIT;
    diag_format(&dl.items[0], &sb);
    assert_string_equal(sb.buf, "a.csv:3:2: unknown code '7'");
    strbuf_reset(&sb);
    diag_format(&dl.items[1], &sb);
    assert_string_equal(sb.buf, "a.csv:4: warning: odd");
    strbuf_reset(&sb);
    diag_quote(&sb, "a\x1b[2Jb'\xff", 8, 100);
    assert_string_equal(sb.buf, "'a\\x1b[2Jb\\'\\xff'");
    strbuf_release(&sb);
    diag_list_release(&dl);
}

static void sha256_known_vector(void **state)
{
    (void)state;
    char hex[SHA256_HEX_SIZE];
    sha256_buffer("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* The ring hashes every byte fed, in order, on its thread or (TRYGG_THREADS=1) on
 * the caller's: the same hash as sha256_buffer of the bytes joined, for pieces of
 * every size from none to a whole buffer, more of them than the ring has buffers; a
 * buffer taken and not fed is not hashed.  The slack past a buffer is zeroed. */
static void sha256_ring_hashes_what_was_fed(void **state)
{
    (void)state;
    enum { CAP = 1000, SLACK = 64, TOTAL = 200 * CAP };
    unsigned char *all = malloc(TOTAL);
    uint32_t x = 12345;
    for (size_t i = 0; i < TOTAL; i++) {
        x = x * 1103515245u + 12345u;
        all[i] = (unsigned char)(x >> 16);
    }
    for (int single = 0; single < 2; single++) {
        if (single)
            setenv("TRYGG_THREADS", "1", 1);
        struct sha256_ring *r = sha256_ring_start(CAP, SLACK);
        size_t done = 0;
        for (size_t k = 0; done < TOTAL; k++) {
            size_t n = (k * 7919) % (CAP + 1); /* 0 .. CAP */
            if (n > TOTAL - done)
                n = TOTAL - done;
            char *buf = sha256_ring_next(r);
            for (size_t j = 0; j < SLACK; j++)
                assert_int_equal(buf[CAP + j], 0);
            memcpy(buf, all + done, n);
            sha256_ring_feed(r, n);
            done += n;
        }
        memset(sha256_ring_next(r), 'x', CAP); /* taken, not fed */
        char got[SHA256_HEX_SIZE], want[SHA256_HEX_SIZE];
        sha256_ring_end(r, got);
        sha256_buffer(all, TOTAL, want);
        assert_string_equal(got, want);
        if (single)
            unsetenv("TRYGG_THREADS");
    }
    /* nothing fed: the hash of no bytes */
    struct sha256_ring *r = sha256_ring_start(16, 0);
    char got[SHA256_HEX_SIZE];
    sha256_ring_end(r, got);
    assert_string_equal(got, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    free(all);
}

/* Digit groups: blanks, no-break and narrow no-break spaces between groups of three,
 * never ',' or '.'; anything else left alone (and so refused by the parsers). */
static void ungroup_digit_groups(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"380 000", "380000"},
        {"1 250 000,50", "1250000,50"},
        {"1\xc2\xa0" "204", "1204"},
        {"12\xe2\x80\xaf" "345.5", "12345.5"},
        {" -1 000 ", "-1000"},
        {"+999 999", "+999999"},
    };
    static const char *const no[] = {"1 20",   "1000",  "1 0000", "1234 567", "1,000", "1.000.000",
                                     "1 000x", "",      " ",      "1  000",   "a 000", "1 000,",
                                     "1 000 00", "0 000 000,5e3"};
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
        strbuf_reset(&sb);
        if (!num_ungroup(ok[i][0], strlen(ok[i][0]), &sb))
            fail_msg("'%s' not ungrouped", ok[i][0]);
        assert_string_equal(sb.buf, ok[i][1]);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++) {
        strbuf_reset(&sb);
        if (num_ungroup(no[i], strlen(no[i]), &sb))
            fail_msg("'%s' ungrouped as '%s'", no[i], sb.buf);
        assert_int_equal(sb.len, 0);
    }
    strbuf_release(&sb);
}

static int sv(const char *a, const char *b)
{
    return text_collate_sv(a, strlen(a), b, strlen(b));
}

/* Swedish order: å, ä, ö after z; case does not decide before the letters do; é as
 * e; a total order (ties broken by bytes). */
static void swedish_collation_order(void **state)
{
    (void)state;
    static const char *const sorted[] = {"10", "Alby", "alby", "Bergby", "Eda", "Édet", "Ekby",
                                         "zeta", "Zürich", "Åby", "åker", "Ängby", "Öster",
                                         "östra"};
    size_t n = sizeof(sorted) / sizeof(*sorted);
    for (size_t i = 0; i + 1 < n; i++)
        if (sv(sorted[i], sorted[i + 1]) >= 0)
            fail_msg("'%s' should sort before '%s'", sorted[i], sorted[i + 1]);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(sv(sorted[i], sorted[i]), 0);
        for (size_t j = 0; j < n; j++)
            assert_true((sv(sorted[i], sorted[j]) < 0) == (sv(sorted[j], sorted[i]) > 0) ||
                        i == j);
    }
    assert_true(sv("Ab", "ab") != 0);          /* total */
    assert_true(sv("a", "ab") < 0);            /* prefix first */
    assert_true(sv("Ängby", "Åby") > 0);       /* not byte order (Ä < Å in UTF-8) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_double_accepts_both_decimal_marks),
        cmocka_unit_test(parse_double_refuses_what_would_be_silently_wrong),
        cmocka_unit_test(parse_int64_limits),
        cmocka_unit_test(format_is_shortest_round_trip),
        cmocka_unit_test(format_matches_counting_from_one),
        cmocka_unit_test(format_matches_printf),
        cmocka_unit_test(g16_matches_printf),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(strbuf_basics),
        cmocka_unit_test(diag_caps_and_formats),
        cmocka_unit_test(sha256_known_vector),
        cmocka_unit_test(sha256_ring_hashes_what_was_fed),
        cmocka_unit_test(ungroup_digit_groups),
        cmocka_unit_test(swedish_collation_order),
    };
    return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
