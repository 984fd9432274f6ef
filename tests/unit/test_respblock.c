/*
 * Unit tests for the respondent ids of src/lib/store/respblock.c: the duplicate check
 * over the blocks of a wave (ranges that overlap merged, ranges of their own skipped,
 * ids in random order against a count made by brute force, earlier imports, a
 * duplicate inside one block and at the edge of two) and migration 7, which moved
 * the ids out of respondent_block into respondent_keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/respblock.h"
#include "store/schema.h"
#include "store/store.h"
#include "testutil.h"
#include "util/strbuf.h"

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = make_temp_dir("respblock");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static struct store *open_db(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", dir, name);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct store *st = store_open(sb.buf, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
    strbuf_release(&sb);
    assert_int_equal(sqlite3_exec(st->db,
                                  "INSERT INTO survey (id, key) VALUES (1, 's');"
                                  "INSERT INTO wave (id, survey_id, label) VALUES (1, 1, 'W'), "
                                  "(2, 1, 'V');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    return st;
}

static long long query_int(struct store *st, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    long long v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

/* Records import `id` (file "f<id>.csv") and writes the respondents ids[0..n) (line
 * i + 2 each) into wave `wave` in blocks of RESPBLOCK_MAX. */
static void import_ids(struct store *st, long long id, long long wave, const char *const *ids,
                       size_t n)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "INSERT INTO import (id, kind, file_name, sha256, size_bytes, rows, imported_at, "
             "trygg_version) VALUES (%lld, 'survey', 'f%lld.csv', 'h%lld', 1, 0, 'x', 'v')",
             id, id, id);
    assert_int_equal(sqlite3_exec(st->db, sql, NULL, NULL, NULL), SQLITE_OK);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(store_begin(st, &dl), 0);
    struct block_builder b;
    block_builder_init(&b, wave, 1);
    int16_t answer = 1;
    for (size_t i = 0; i < n; i++)
        if (block_builder_add(&b, ids[i], strlen(ids[i]), (long)i + 2, 1.0, 0, 0, 0, &answer,
                              NULL))
            assert_int_equal(block_builder_flush(&b, st, id, false, false, &dl), 0);
    assert_int_equal(block_builder_flush(&b, st, id, false, false, &dl), 0);
    block_builder_release(&b);
    assert_int_equal(store_commit(st, &dl), 0);
    assert_int_equal(dl.n, 0);
    diag_list_release(&dl);
}

/* ids "1".."n" (a new array of new strings), or with a prefix ("a1", ...). */
static char **numbered(size_t n, const char *prefix)
{
    char **ids = malloc(n * sizeof(*ids));
    for (size_t i = 0; i < n; i++) {
        char buf[32];
        snprintf(buf, sizeof(buf), "%s%zu", prefix, i + 1);
        ids[i] = strdup(buf);
    }
    return ids;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

/* The duplicates the check finds for import `id` in wave 1; the messages into out. */
static long check(struct store *st, long long id, struct strbuf *out)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    long long waves[] = {1};
    char file[32];
    snprintf(file, sizeof(file), "f%lld.csv", id);
    long found = respblock_check_duplicates(st, waves, 1, id, file, 1, &dl);
    for (size_t i = 0; out && i < dl.n; i++) {
        diag_format(&dl.items[i], out);
        strbuf_addch(out, '\n');
    }
    if (found >= 0)
        assert_int_equal((size_t)found, dl.n);
    diag_list_release(&dl);
    return found;
}

/* A file numbered in order: each block of the wave holds a range of its own, and
 * the check does not read their ids (a damaged blob would fail it if it did). */
static void ranges_of_their_own_are_not_read(void **state)
{
    (void)state;
    struct store *st = open_db("own.db");
    char **ids = numbered(10000, "");
    import_ids(st, 1, 1, (const char *const *)ids, 10000);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys"), 3);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys WHERE first_key IS NULL"),
                     0);
    assert_int_equal(check(st, 1, NULL), 0);
    assert_int_equal(sqlite3_exec(st->db, "UPDATE respondent_keys SET keys = x'ff'", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_equal(check(st, 1, NULL), 0);
    free_ids(ids, 10000);
    store_close(st);
}

/* The last block repeats an id of the second: their ranges overlap, the two are
 * merged and the duplicate is named with both lines; the first block (a range of its
 * own) is still not read. */
static void overlapping_ranges_are_merged(void **state)
{
    (void)state;
    struct store *st = open_db("overlap.db");
    char **ids = numbered(10000, "");
    free(ids[9999]);
    ids[9999] = strdup("5000"); /* line 10001; the first 5000 is on line 5001 */
    import_ids(st, 1, 1, (const char *const *)ids, 10000);
    assert_int_equal(sqlite3_exec(st->db,
                                  "UPDATE respondent_keys SET keys = x'ff' WHERE block_id = "
                                  "(SELECT min(block_id) FROM respondent_keys)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(check(st, 1, &out), 1);
    assert_string_equal(out.buf,
                        "f1.csv:10001:1: respondent '5000' occurs twice in wave 'W' (also on "
                        "line 5001)\n");
    strbuf_release(&out);
    free_ids(ids, 10000);
    store_close(st);
}

/* An id twice inside one block leaves its range unknown (NULL): found all the same;
 * and an id shared by the last of one block and the first of the next (ranges that
 * touch). */
static void duplicates_inside_a_block_and_at_an_edge(void **state)
{
    (void)state;
    struct store *st = open_db("inside.db");
    char **ids = numbered(100, "");
    free(ids[60]);
    ids[60] = strdup("17");
    import_ids(st, 1, 1, (const char *const *)ids, 100);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys WHERE first_key IS NULL"),
                     1);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(check(st, 1, &out), 1);
    assert_string_equal(out.buf,
                        "f1.csv:62:1: respondent '17' occurs twice in wave 'W' (also on line 18)\n");
    strbuf_reset(&out);
    free_ids(ids, 100);

    /* 4096 ids 1..4096, then 4096 again and 4097.. in the next block */
    ids = numbered(8192, "");
    for (size_t i = RESPBLOCK_MAX; i < 8192; i++) {
        free(ids[i]);
        char buf[32];
        snprintf(buf, sizeof(buf), "%zu", i);
        ids[i] = strdup(buf);
    }
    import_ids(st, 2, 2, (const char *const *)ids, 8192);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    long long waves[] = {2};
    assert_int_equal(respblock_check_duplicates(st, waves, 1, 2, "f2.csv", 1, &dl), 1);
    diag_format(&dl.items[0], &out);
    assert_string_equal(out.buf,
                        "f2.csv:4098:1: respondent '4096' occurs twice in wave 'V' (also on line "
                        "4097)");
    diag_list_release(&dl);
    strbuf_release(&out);
    free_ids(ids, 8192);
    store_close(st);
}

/* Earlier imports: a new file's ids beside theirs are not read; one it repeats is
 * named with the earlier file and line; duplicates among earlier imports alone are
 * not this import's to report. */
static void earlier_imports(void **state)
{
    (void)state;
    struct store *st = open_db("earlier.db");
    char **a = numbered(5000, "");
    import_ids(st, 1, 1, (const char *const *)a, 5000);
    import_ids(st, 2, 1, (const char *const *)a + 10, 1); /* "11" again, by import 2 */
    char **b = numbered(6000, "");
    import_ids(st, 3, 1, (const char *const *)b + 5000, 1000); /* 5001..6000 */
    assert_int_equal(check(st, 3, NULL), 0);
    const char *again[] = {"7000", "3000"};
    import_ids(st, 4, 1, again, 2);
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(check(st, 4, &out), 1);
    assert_string_equal(out.buf,
                        "f4.csv:3:1: respondent '3000' in wave 'W' is already in the database "
                        "(from 'f1.csv', import #1, line 3001)\n");
    strbuf_release(&out);
    free_ids(a, 5000);
    free_ids(b, 6000);
    store_close(st);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Ids in random order, numbers and text mixed, over several blocks and two imports:
 * every block's range overlaps the others; the count of duplicates is the one a sort
 * of the ids gives (each id n times is n - 1 duplicates, all of them this import's or
 * against the earlier one). */
static void random_ids_against_brute_force(void **state)
{
    (void)state;
    struct store *st = open_db("random.db");
    srand(12345);
    size_t n_old = 3000, n_new = 11000;
    char **all = malloc((n_old + n_new) * sizeof(*all));
    for (size_t i = 0; i < n_old + n_new; i++) {
        char buf[32];
        int v = rand() % 20000;
        if (rand() % 4 == 0)
            snprintf(buf, sizeof(buf), "x%d", v);
        else
            snprintf(buf, sizeof(buf), "%d", v);
        all[i] = strdup(buf);
    }
    /* the earlier import has no id twice */
    size_t kept = 0;
    for (size_t i = 0; i < n_old; i++) {
        bool seen = false;
        for (size_t k = 0; k < kept && !seen; k++)
            seen = !strcmp(all[k], all[i]);
        if (!seen) {
            char *t = all[kept];
            all[kept++] = all[i];
            all[i] = t;
        }
    }
    import_ids(st, 1, 1, (const char *const *)all, kept);
    import_ids(st, 2, 1, (const char *const *)all + n_old, n_new);
    char **sorted = malloc((kept + n_new) * sizeof(*sorted));
    memcpy(sorted, all, kept * sizeof(*sorted));
    memcpy(sorted + kept, all + n_old, n_new * sizeof(*sorted));
    qsort(sorted, kept + n_new, sizeof(*sorted), cmp_str);
    long want = 0;
    for (size_t i = 1; i < kept + n_new; i++)
        want += !strcmp(sorted[i - 1], sorted[i]);
    assert_true(want > 1000);
    assert_int_equal(check(st, 2, NULL), want);
    free(sorted);
    free_ids(all, n_old + n_new);
    store_close(st);
}

/* Migration 7: a database of version 6 (ids in respondent_block's keys column) is
 * upgraded: the ids move to respondent_keys with their ranges (none for a block with
 * an id twice), the column goes, and the duplicate check reads them there. */
static void migration_moves_the_keys(void **state)
{
    (void)state;
    struct store *st = open_db("v6.db");
    char **ids = numbered(5000, "");
    import_ids(st, 1, 1, (const char *const *)ids, 5000);
    const char *twice[] = {"9001", "9002", "9001"};
    import_ids(st, 2, 2, twice, 3);
    long long blob_bytes = query_int(st, "SELECT sum(length(keys)) FROM respondent_keys");
    /* back to version 6's layout */
    assert_int_equal(sqlite3_exec(st->db,
                                  "ALTER TABLE respondent_block ADD COLUMN keys BLOB;"
                                  "UPDATE respondent_block SET keys = (SELECT keys FROM "
                                  "respondent_keys WHERE block_id = respondent_block.id);"
                                  "DROP TABLE respondent_keys;"
                                  "PRAGMA user_version = 6;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    store_close(st);
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/v6.db", dir);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    st = store_open(path.buf, STORE_WRITE, &dl);
    assert_non_null(st);
    assert_int_equal(dl.n, 0);
    assert_int_equal(query_int(st, "PRAGMA user_version"), schema_latest_version());
    assert_int_equal(query_int(st, "SELECT count(*) FROM pragma_table_info('respondent_block') "
                                   "WHERE name = 'keys'"),
                     0);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys"), 3);
    assert_int_equal(query_int(st, "SELECT sum(length(keys)) FROM respondent_keys"), blob_bytes);
    /* ranges: 1..4096, 4097..5000 (as keys: 0x00 + big-endian u64); none for 9001 twice */
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys WHERE first_key = "
                                   "x'000000000000000001' AND last_key = x'000000000000001000'"),
                     1);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys WHERE first_key = "
                                   "x'000000000000001001' AND last_key = x'000000000000001388'"),
                     1);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys WHERE first_key IS NULL "
                                   "AND last_key IS NULL"),
                     1);
    long long waves[] = {2};
    assert_int_equal(respblock_check_duplicates(st, waves, 1, 2, "f2.csv", 1, &dl), 1);
    assert_int_equal(check(st, 1, NULL), 0);
    /* an import removed takes its ids along */
    assert_int_equal(sqlite3_exec(st->db, "DELETE FROM import WHERE id = 1", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(query_int(st, "SELECT count(*) FROM respondent_keys"), 1);
    diag_list_release(&dl);
    strbuf_release(&path);
    free_ids(ids, 5000);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranges_of_their_own_are_not_read),
        cmocka_unit_test(overlapping_ranges_are_merged),
        cmocka_unit_test(duplicates_inside_a_block_and_at_an_edge),
        cmocka_unit_test(earlier_imports),
        cmocka_unit_test(random_ids_against_brute_force),
        cmocka_unit_test(migration_moves_the_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
