/*
 * num_parse_double's fast path (at most 15 digits, no exponent: one exact division)
 * must give bit for bit what strtod gives.  Random decimals of every length and
 * point position, with '.' and ',' and signs, are compared with strtod's result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util/num.h"

static unsigned long long next(unsigned long long *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static void same_as_strtod(void **state)
{
    (void)state;
    unsigned long long seed = 42;
    char text[64], ref[64];
    for (int iter = 0; iter < 400000; iter++) {
        size_t n = 1 + next(&seed) % 17; /* up to 17 digits: both paths */
        size_t point = next(&seed) % (n + 2); /* n + 1: no point */
        int sign = (int)(next(&seed) % 4);
        size_t t = 0, r = 0;
        if (sign == 1)
            text[t++] = ref[r++] = '-';
        else if (sign == 2)
            text[t++] = ref[r++] = '+';
        for (size_t k = 0; k <= n; k++) {
            if (k == point) {
                text[t++] = next(&seed) % 2 ? ',' : '.';
                ref[r++] = '.';
            }
            if (k < n) {
                char d = (char)('0' + next(&seed) % 10);
                if (next(&seed) % 3 == 0)
                    d = next(&seed) % 2 ? '0' : '9'; /* runs of 0 and 9 */
                text[t++] = ref[r++] = d;
            }
        }
        text[t] = ref[r] = '\0';
        double got = 0, want = strtod(ref, NULL);
        enum num_status st = num_parse_double(text, t, &got);
        if (st != NUM_OK || memcmp(&got, &want, sizeof(got)) != 0)
            print_message("%s: got %.17g (status %d), strtod %.17g\n", text, got, st, want);
        assert_int_equal(st, NUM_OK);
        assert_memory_equal(&got, &want, sizeof(got));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_as_strtod),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
