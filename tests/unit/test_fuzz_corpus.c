/*
 * Replays the fuzz corpora (fuzz/corpus/NAME/, seeds and the regression file of every
 * crash the fuzzers found) through the same harness code libFuzzer runs, built here
 * with the ordinary compiler: `make check` runs it in the normal and the ASan+UBSan
 * build, so a fixed crash stays fixed on machines without clang.  A harness aborts
 * when a promise is broken (fuzz/fuzz.h); each file must simply come back.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "testutil.h"

#include "../../fuzz/fuzzutil.c"

#include "../../fuzz/fuzz_bra.c"
#include "../../fuzz/fuzz_codebook.c"
#include "../../fuzz/fuzz_csv.c"
#include "../../fuzz/fuzz_incidents.c"
#include "../../fuzz/fuzz_interventions.c"
#include "../../fuzz/fuzz_spec.c"
#include "../../fuzz/fuzz_statfile.c"
#include "../../fuzz/fuzz_survey.c"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fn on every file of fuzz/corpus/name, in name order; returns the count. */
static size_t replay(const char *name, int (*fn)(const uint8_t *, size_t))
{
    char dir[256];
    snprintf(dir, sizeof(dir), "fuzz/corpus/%s", name);
    DIR *d = opendir(dir);
    if (!d)
        fail_msg("cannot open %s", dir);
    char **files = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        files = realloc(files, (n + 1) * sizeof(*files));
        files[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(files, n, sizeof(*files), cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
        size_t len = 0;
        char *data = slurp(path, &len);
        if (!data)
            fail_msg("cannot read %s", path);
        assert_int_equal(fn((const uint8_t *)data, len), 0);
        free(data);
        free(files[i]);
    }
    free(files);
    return n;
}

#define REPLAY(name)                                      \
    static void replay_##name(void **state)               \
    {                                                     \
        (void)state;                                      \
        assert_true(replay(#name, fuzz_##name) >= 3);     \
    }
REPLAY(csv)
REPLAY(codebook)
REPLAY(spec)
REPLAY(survey)
REPLAY(incidents)
REPLAY(interventions)
REPLAY(bra)
REPLAY(statfile)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replay_csv),       cmocka_unit_test(replay_codebook),
        cmocka_unit_test(replay_spec),      cmocka_unit_test(replay_survey),
        cmocka_unit_test(replay_incidents), cmocka_unit_test(replay_interventions),
        cmocka_unit_test(replay_bra),       cmocka_unit_test(replay_statfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
