/*
 * Unit tests for src/lib/data/porio: the correction of a .por translation table.  The
 * headers are built here from a logical stream (200 characters of vanity, then the
 * 256-character table) cut into lines the way writers do; the end-to-end test
 * (tests/e2e/test_statfile.c) imports a real PSPP file through it.
 */
#include <string.h>

#include "data/porio.h"
#include "testutil.h"

#define VANITY 200
#define TABLE 256

/* A table like PSPP 1.6's: '0' in every position it has no byte for, the digits at
 * 64..73 and again at the superscript digits 168..176, letters at 74..125, space at
 * 126, and '(' at 129 and again at 181. */
static void pspp_like_table(unsigned char *t)
{
    memset(t, '0', TABLE);
    for (int d = 0; d < 10; d++)
        t[64 + d] = (unsigned char)('0' + d);
    for (int d = 1; d < 10; d++)
        t[167 + d] = (unsigned char)('0' + d);
    for (int i = 0; i < 26; i++) {
        t[74 + i] = (unsigned char)('A' + i);
        t[100 + i] = (unsigned char)('a' + i);
    }
    t[126] = ' ';
    t[129] = '(';
    t[181] = '(';
}

/* Writes the logical stream (vanity + table + "SPSSPORT") as lines of `width`
 * characters (at most 80) ended by `eol`; returns the length. */
static size_t lay_out(unsigned char *out, const unsigned char *table, size_t width,
                      const char *eol)
{
    unsigned char logical[VANITY + TABLE + 8];
    memset(logical, 'x', VANITY);
    memcpy(logical + VANITY, table, TABLE);
    memcpy(logical + VANITY + TABLE, "SPSSPORT", 8);
    size_t n = 0;
    for (size_t i = 0; i < sizeof(logical); i++) {
        if (i && i % width == 0) {
            memcpy(out + n, eol, strlen(eol));
            n += strlen(eol);
        }
        out[n++] = logical[i];
    }
    return n;
}

/* The table as ReadStat would see it in a laid-out header of lines of 80. */
static void table_of(const unsigned char *head, size_t eol_len, unsigned char *t)
{
    for (size_t p = 0; p < TABLE; p++) {
        size_t logical = VANITY + p;
        t[p] = head[logical + (logical / 80) * eol_len];
    }
}

static void later_duplicates_get_a_spare_byte(void **state)
{
    (void)state;
    static const char *const eols[] = {"\r\n", "\n"};
    for (size_t k = 0; k < 2; k++) {
        unsigned char table[TABLE], head[1024], fixed[TABLE];
        pspp_like_table(table);
        size_t len = lay_out(head, table, 80, eols[k]);
        /* the '0's after 74 (all but 64), the nine superscript digits, the second '(' */
        int zeros_after = 0;
        for (int p = 74; p < TABLE; p++)
            zeros_after += table[p] == '0';
        assert_int_equal(porio_fix_table(head, len), zeros_after + 9 + 1);
        table_of(head, strlen(eols[k]), fixed);
        /* the first position of each byte keeps it; positions below 64 are not read */
        assert_memory_equal(fixed, table, 64 + 10 + 52 + 1);
        assert_int_equal(fixed[129], '(');
        for (int d = 1; d < 10; d++)
            assert_int_equal(fixed[167 + d], 0xFF);
        assert_int_equal(fixed[181], 0xFF);
        /* each byte now has one position at or after 64 */
        int count[256] = {0};
        for (int p = 64; p < TABLE; p++)
            if (fixed[p] != 0xFF)
                assert_int_equal(++count[fixed[p]], 1);
        /* nothing outside the table changed */
        unsigned char again[1024];
        assert_int_equal(lay_out(again, table, 80, eols[k]), len);
        for (size_t i = 0; i < len; i++)
            if (head[i] != again[i]) {
                size_t logical = i - (i / (80 + strlen(eols[k]))) * strlen(eols[k]);
                assert_true(logical >= VANITY && logical < VANITY + TABLE);
            }
    }
}

static void the_spare_is_a_byte_the_table_does_not_hold(void **state)
{
    (void)state;
    unsigned char table[TABLE], head[1024], fixed[TABLE];
    pspp_like_table(table);
    table[200] = 0xFF; /* 0xFF taken: the next free byte from the top is used */
    table[201] = 0xFE;
    size_t len = lay_out(head, table, 80, "\n");
    assert_true(porio_fix_table(head, len) > 0);
    table_of(head, 1, fixed);
    assert_int_equal(fixed[181], 0xFD);
    assert_int_equal(fixed[200], 0xFF);
    assert_int_equal(fixed[201], 0xFE);
}

static void short_lines_count_as_padded(void **state)
{
    (void)state;
    /* a line of 80 whose last 30 characters are spaces may be written as 50
     * characters: the table that follows must still be found where it is */
    unsigned char table[TABLE], head[1024];
    pspp_like_table(table);
    unsigned char logical[VANITY + TABLE];
    memset(logical, 'x', VANITY);
    memset(logical + 130, ' ', 30);
    memcpy(logical + VANITY, table, TABLE);
    size_t n = 0;
    for (size_t line = 0; line * 80 < sizeof(logical); line++) {
        size_t from = line * 80, to = from + 80 < sizeof(logical) ? from + 80 : sizeof(logical);
        if (line == 1)
            to = 130; /* trailing spaces left out */
        memcpy(head + n, logical + from, to - from);
        n += to - from;
        head[n++] = '\n';
    }
    int fixes = porio_fix_table(head, n);
    assert_true(fixes > 0);
    /* lines: logical 0..79 at bytes 0..79, 80..129 at 81..130, 160..239 at 132..211,
     * 240..319 at 213..292, 320..399 at 294..373 */
    assert_memory_equal(head + 132 + 40, table, 40); /* the table's start, logical 200 */
    assert_int_equal(head[213 + 25], '1');           /* position 65, logical 265 */
    assert_int_equal(head[294 + 48], 0xFF);          /* position 168 (a superscript) */
    assert_int_equal(head[294 + 47], 0xFF);          /* position 167: a '0' stand-in */
}

static void nothing_to_fix_or_not_a_table(void **state)
{
    (void)state;
    unsigned char table[TABLE], head[1024], copy[1024];
    /* no duplicates at or after 64 */
    for (int p = 0; p < TABLE; p++)
        table[p] = (unsigned char)(p < 64 ? '0' : p == 64 ? '0' : (p + 1) % 256);
    size_t len = lay_out(head, table, 80, "\r\n");
    memcpy(copy, head, len);
    assert_int_equal(porio_fix_table(head, len), 0);
    assert_memory_equal(head, copy, len);

    /* cut short, a lone '\r', a line longer than 80: left alone */
    pspp_like_table(table);
    len = lay_out(head, table, 80, "\r\n");
    memcpy(copy, head, len);
    assert_int_equal(porio_fix_table(head, 300), 0);
    assert_memory_equal(head, copy, len);
    head[80 + 1] = 'y'; /* the first "\r\n" becomes "\ry" */
    assert_int_equal(porio_fix_table(head, len), 0);
    len = lay_out(head, table, 81, "\n");
    memcpy(copy, head, len);
    assert_int_equal(porio_fix_table(head, len), 0);
    assert_memory_equal(head, copy, len);
    assert_int_equal(porio_fix_table(head, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(later_duplicates_get_a_spare_byte),
        cmocka_unit_test(the_spare_is_a_byte_the_table_does_not_hold),
        cmocka_unit_test(short_lines_count_as_padded),
        cmocka_unit_test(nothing_to_fix_or_not_a_table),
    };
    return cmocka_run_group_tests_name("porio", tests, NULL, NULL);
}
