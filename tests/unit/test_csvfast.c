/*
 * Differential test of csvread's fast path for simple lines: random inputs over an
 * alphabet of the bytes that matter to CSV (delimiters, quotes, blanks, CR, LF, NUL,
 * UTF-8 and invalid bytes) are read twice, with the fast path and with every line
 * given to libcsv (csv_options.no_fast_path), and must give the same records, fields,
 * line numbers, return code and messages.  Also across the reader's 256 KiB chunks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/csvread.h"
#include "testutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A record log: every record rendered into one string, to compare whole runs. */
static int log_fn(void *ctx, const struct csv_record *rec)
{
    struct strbuf *out = ctx;
    strbuf_addf(out, "@%ld n=%zu", rec->line, rec->n_fields);
    for (size_t i = 0; i < rec->n_fields; i++) {
        assert_int_equal(rec->fields[i][rec->lens[i]], '\0');
        strbuf_addf(out, " [%zu:", rec->lens[i]);
        strbuf_add(out, rec->fields[i], rec->lens[i]);
        strbuf_addch(out, ']');
    }
    strbuf_addch(out, '\n');
    return 0;
}

/* mode 0: the fast path as built (64 bytes at a time where the CPU has AVX-512BW, else
 * 16 where SSE2 is there); 1: every line to libcsv; 2: the fast path classifying byte by
 * byte; 3: 16 bytes at a time (SSE2) whatever the CPU has */
static void run(const char *data, size_t len, char delim, int mode, struct strbuf *out)
{
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.delimiter = delim;
    opt.no_fast_path = mode == 1;
    opt.bytewise_scan = mode == 2;
    opt.sse2_scan = mode == 3;
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct csv_file_info info;
    strbuf_reset(out);
    int rc = csv_read_buffer("t.csv", data, len, &opt, log_fn, out, &info, &dl);
    strbuf_addf(out, "rc=%d records=%llu crlf=%d bom=%d delim=%d\n", rc, info.records,
                info.crlf, info.had_bom, info.delimiter);
    for (size_t i = 0; i < dl.n; i++) {
        diag_format(&dl.items[i], out);
        strbuf_addch(out, '\n');
    }
    diag_list_release(&dl);
}

static void compare(const char *data, size_t len, char delim)
{
    struct strbuf fast = STRBUF_INIT, slow = STRBUF_INIT, bytewise = STRBUF_INIT,
                  sse2 = STRBUF_INIT;
    run(data, len, delim, 0, &fast);
    run(data, len, delim, 1, &slow);
    run(data, len, delim, 2, &bytewise);
    run(data, len, delim, 3, &sse2);
    if (strcmp(fast.buf, slow.buf) || strcmp(bytewise.buf, slow.buf) ||
        strcmp(sse2.buf, slow.buf)) {
        struct strbuf q = STRBUF_INIT;
        diag_quote(&q, data, len, 200);
        print_message("input %s (delimiter %d)\n--- fast\n%s--- libcsv\n%s", q.buf, delim,
                      fast.buf, slow.buf);
        strbuf_release(&q);
    }
    assert_string_equal(fast.buf, slow.buf);
    assert_string_equal(bytewise.buf, slow.buf);
    assert_string_equal(sse2.buf, slow.buf);
    strbuf_release(&sse2);
    strbuf_release(&fast);
    strbuf_release(&slow);
    strbuf_release(&bytewise);
}

static const char *const pieces[] = {
    "a", "b", "12", ",", ",", ";", "\t", "\"", "\"", " ", "\r", "\n", "\n", "\r\n",
    "\xc3\xa4", "\xff", "\xc3", "", "x y", "\"q\"", "\"\"",
};

/* ASan makes each read's chunk allocation costly; fewer cases keep the sanitizer
 * suite within its time while the normal build runs them all. */
#if defined(__SANITIZE_ADDRESS__)
#define RANDOM_CASES 10000
#else
#define RANDOM_CASES 60000
#endif

static void random_inputs(void **state)
{
    (void)state;
    unsigned long long seed = 20180601;
    char buf[256];
    for (int iter = 0; iter < RANDOM_CASES; iter++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int n = (int)((seed >> 33) % 24);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = pieces[(seed >> 33) % ARRAY_SIZE(pieces)];
            size_t pl = strlen(p);
            if ((seed >> 20) % 97 == 0) { /* now and then a NUL byte */
                buf[len++] = '\0';
                continue;
            }
            memcpy(buf + len, p, pl);
            len += pl;
        }
        char delim = (seed >> 40) % 3 == 0 ? ';' : (seed >> 40) % 3 == 1 ? ',' : '\t';
        compare(buf, len, delim);
        if (len && (seed >> 45) % 4 == 0)
            compare(buf, len, 0); /* detected delimiter (or the error) */
    }
}

/* Long lines with few breaks, so fields and quoted fields straddle the 64-byte words
 * the fast path classifies a line in, and lines end at, before and after a word's end;
 * text that NFC changes (a combining accent) and byte-order marks inside lines. */
static const char *const long_pieces[] = {
    "abcdefghijklmno", "1", ",", ",", ",", ";", "\t", "\"", "\"en, två; tre\"", " ", "\r",
    "\n", "\xc3\xa4", "\xef\xbb\xbf", "e\xcc\x81", "\xf0\x9f\x98\x80", "\xe2\x82", "\"\"",
    "0123456789012345678901234567890", "\"Åkersberga centrum\"",
};

static void random_long_lines(void **state)
{
    (void)state;
    unsigned long long seed = 20261206;
    char buf[4096];
    for (int iter = 0; iter < RANDOM_CASES / 10; iter++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int n = (int)((seed >> 33) % 160);
        for (int k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            const char *p = long_pieces[(seed >> 33) % ARRAY_SIZE(long_pieces)];
            size_t pl = strlen(p);
            if ((seed >> 20) % 997 == 0) {
                buf[len++] = '\0';
                continue;
            }
            if ((seed >> 24) % 53 == 0) { /* a run of plain bytes to move the word edges */
                size_t run = (seed >> 40) % 70;
                memset(buf + len, 'x', run);
                len += run;
                continue;
            }
            memcpy(buf + len, p, pl);
            len += pl;
        }
        char delim = (seed >> 50) % 3 == 0 ? ';' : (seed >> 50) % 3 == 1 ? ',' : '\t';
        compare(buf, len, delim);
    }
    /* simple lines of every length around the word edges */
    struct strbuf sb = STRBUF_INIT;
    for (size_t target = 1; target <= 200; target++) {
        strbuf_reset(&sb);
        strbuf_addstr(&sb, "h1,h2\n");
        for (int q = 0; q < 2; q++) {
            size_t start = sb.len;
            strbuf_addstr(&sb, q ? "\"a,b\"," : "a,");
            while (sb.len - start < target)
                strbuf_addch(&sb, (sb.len - start) % 7 ? 'y' : (q ? ',' : 'z'));
            if (q)
                strbuf_addch(&sb, 'w');
            strbuf_addstr(&sb, target % 2 ? "\n" : "\r\n");
        }
        compare(sb.buf, sb.len, ',');
    }
    /* a blank beside a delimiter or a quote at every place around the word edges: the
     * fast path must leave those lines to libcsv, which strips unquoted blanks */
    static const char *const blanks[] = {", z", " ,z", ",\tz", ",\"a\" ", ", \"a\"", ",z "};
    for (size_t k = 0; k < ARRAY_SIZE(blanks); k++)
        for (size_t at = 0; at <= 140; at++) {
            strbuf_reset(&sb);
            strbuf_addstr(&sb, "h1,h2\n");
            for (size_t i = 0; i < at; i++)
                strbuf_addch(&sb, 'x');
            strbuf_addstr(&sb, blanks[k]);
            strbuf_addstr(&sb, "\n1,2\n");
            compare(sb.buf, sb.len, ',');
        }
    strbuf_release(&sb);
}

/* A file over several chunks, with a quoted line break and errors near the boundaries. */
static void across_chunks(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "id,namn,q1\n");
    for (int i = 1; i < 40000; i++) {
        if (i % 997 == 0)
            strbuf_addf(&sb, "%d,\"två\nrader\",%d\r\n", i, i % 5);
        else if (i % 1499 == 0)
            strbuf_addf(&sb, "%d, \"blank\" ,%d\n", i, i % 5);
        else
            strbuf_addf(&sb, "%d,\"Åkersberga centrum\",%d\n", i, i % 5);
    }
    compare(sb.buf, sb.len, 0);
    strbuf_addstr(&sb, "7,\"open quote,3\n"); /* never closed */
    compare(sb.buf, sb.len, 0);
    sb.buf[300000] = '"'; /* a stray quote past the first chunk */
    compare(sb.buf, sb.len, 0);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_inputs),
        cmocka_unit_test(random_long_lines),
        cmocka_unit_test(across_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
