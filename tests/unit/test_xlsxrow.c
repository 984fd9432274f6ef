/*
 * results.xlsx's whole-row writer (report/xlsxbook.c, xlsxbook_row) writes the sheet
 * XML itself instead of libxlsxwriter cell by cell.  It must write the same file: an
 * evaluation of thousands of rows -- random numbers at every magnitude, NaN,
 * infinities, suppressed rows, whole and fractional n, text with & < > " ', leading and
 * trailing blanks, TAB and LF, "_x0041_", control bytes, invalid UTF-8, non-ASCII,
 * empty text, formulas, a text longer than Excel's limit, several analyses -- is
 * written both ways, and every part of the two zip files but docProps/core.xml (its
 * time stamp) must be the same bytes once inflated.  The parts are trygg's deflate
 * (report/xlsx_deflate.c: a sheet of ~5 MB in blocks deflated two at a time): each
 * must inflate to its recorded size and CRC-32.
 */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "eval/evaluate.h"
#include "report/results_xlsx.h"
#include "testutil.h"
#include "util/strbuf.h"

struct part {
    char name[128];
    unsigned char *data;
    size_t len;
};

/* The parts of a zip file, inflated, from its central directory. */
static size_t unzip_parts(const unsigned char *z, size_t len, struct part *parts, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i + 46 <= len && n < max; i++) {
        if (memcmp(z + i, "PK\x01\x02", 4))
            continue;
        unsigned method = z[i + 10] | (unsigned)z[i + 11] << 8;
        size_t csize = z[i + 20] | (size_t)z[i + 21] << 8 | (size_t)z[i + 22] << 16 |
                       (size_t)z[i + 23] << 24;
        size_t usize = z[i + 24] | (size_t)z[i + 25] << 8 | (size_t)z[i + 26] << 16 |
                       (size_t)z[i + 27] << 24;
        size_t name_len = z[i + 28] | (size_t)z[i + 29] << 8;
        size_t off = z[i + 42] | (size_t)z[i + 43] << 8 | (size_t)z[i + 44] << 16 |
                     (size_t)z[i + 45] << 24;
        assert_true(i + 46 + name_len <= len && name_len < sizeof(parts[n].name));
        memcpy(parts[n].name, z + i + 46, name_len);
        parts[n].name[name_len] = '\0';
        assert_true(off + 30 <= len && !memcmp(z + off, "PK\x03\x04", 4));
        size_t data = off + 30 + (z[off + 26] | (size_t)z[off + 27] << 8) +
                      (z[off + 28] | (size_t)z[off + 29] << 8);
        assert_true(data + csize <= len);
        assert_int_equal(method, 8);
        parts[n].data = malloc(usize + 1);
        z_stream s;
        memset(&s, 0, sizeof(s));
        assert_int_equal(inflateInit2(&s, -MAX_WBITS), Z_OK);
        s.next_in = (unsigned char *)(uintptr_t)(z + data);
        s.avail_in = (uInt)csize;
        s.next_out = parts[n].data;
        s.avail_out = (uInt)usize + 1;
        assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
        assert_int_equal(s.total_out, usize);
        inflateEnd(&s);
        /* the CRC-32 the zip records (of blocks deflated on two threads, combined) */
        unsigned long crc = z[i + 16] | (unsigned long)z[i + 17] << 8 |
                            (unsigned long)z[i + 18] << 16 | (unsigned long)z[i + 19] << 24;
        assert_int_equal(crc32(0, parts[n].data, (uInt)usize), crc);
        parts[n].len = usize;
        n++;
    }
    return n;
}

static uint64_t rng(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static double some_number(uint64_t *s)
{
    uint64_t r = rng(s);
    switch (r % 9) {
    case 0:
        return NAN;
    case 1:
        return r & 16 ? INFINITY : -INFINITY;
    case 2: { /* any finite bit pattern */
        uint64_t b = rng(s);
        double x;
        memcpy(&x, &b, sizeof(x));
        return isfinite(x) ? x : 0.5;
    }
    case 3:
        return (double)(r >> 40) - (double)(r >> 41); /* whole */
    case 4:
        return 0.0;
    default: /* estimates and p-values at every magnitude */
        return ((double)(rng(s) >> 11) / 9007199254740992.0 + 0.1) *
               pow(10, (int)(r % 30) - 20) * (r & 32 ? -1 : 1);
    }
}

static const char *const TEXTS[] = {
    "every_series", "level_change", "its_poisson", "a & b", "<tag>", "x > y", "\"quoted\"",
    "it's", " leading", "trailing ", " both ", "tab\there", "line\nbreak", "\ttab first",
    "_x0041_ escape-like", "ctl\x01" "byte", "bad \xff utf8", "Örebro län", "ordningsstörning",
    "=1+2", "@SUM(1)", "+cmd", "-term", "", "\xe2\x80\xae" "bidi", "nbsp\xc2\xa0" "x",
    "0114", "x_y", "\x7f" "del",
};
#define N_TEXTS (sizeof(TEXTS) / sizeof(*TEXTS))

static const char *some_text(uint64_t *s)
{
    return TEXTS[rng(s) % N_TEXTS];
}

static void build(struct evaluation *ev, struct strbuf *longtext)
{
    memset(ev, 0, sizeof(*ev));
    static char id[] = "rows", lang[] = "en", spec[] = "analysis/rows.ini";
    static char time[] = "2019-06-30T12:00:00Z";
    ev->id = id;
    ev->lang = lang;
    ev->spec_path = spec;
    strcpy(ev->spec_sha256, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    ev->time_utc = time;
    ev->seed = 42;
    ev->min_cell = 5;
    results_init(&ev->results, "rows");
    for (size_t i = 0; i < 40000; i++)
        strbuf_addch(longtext, (char)('a' + i % 26));
    uint64_t s = 88172645463325252ULL;
    const char *analyses[] = {"every_series", "second", "a[b]:c"};
    for (size_t i = 0; i < 6000; i++) {
        struct stat_result r;
        stat_result_init(&r);
        r.estimate = some_number(&s);
        r.std_error = some_number(&s);
        r.conf_low = some_number(&s);
        r.conf_high = some_number(&s);
        r.statistic = some_number(&s);
        r.df = rng(&s) % 3 ? NAN : some_number(&s);
        r.p_value = some_number(&s);
        r.n = rng(&s) % 4 ? (double)(rng(&s) % 1000) : some_number(&s);
        const char *note = rng(&s) % 5 ? NULL : i == 77 ? longtext->buf : some_text(&s);
        struct result_row *row =
            results_add(&ev->results, analyses[i < 4000 ? 0 : i < 5000 ? 1 : 2],
                        some_text(&s), some_text(&s), some_text(&s), some_text(&s), &r, note);
        row->p_holm = some_number(&s);
        row->p_bh = some_number(&s);
        row->suppressed = rng(&s) % 50 == 0;
        if (rng(&s) % 7 == 0)
            results_set_title(&ev->results, row->analysis, row->outcome, some_text(&s));
    }
}

/* Every part of the two files the same once inflated, but docProps/core.xml (its time
 * stamp). */
static void compare_parts(const char *a, const char *b)
{
    size_t la, lb;
    unsigned char *za = (unsigned char *)slurp(a, &la), *zb = (unsigned char *)slurp(b, &lb);
    assert_non_null(za);
    assert_non_null(zb);
    struct part pa[32], pb[32];
    size_t na = unzip_parts(za, la, pa, 32), nb = unzip_parts(zb, lb, pb, 32);
    assert_int_equal(na, nb);
    assert_true(na >= 10); /* three analysis sheets, provenance, styles, ... */
    size_t sheets = 0;
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(pa[i].name, pb[i].name);
        if (!strcmp(pa[i].name, "docProps/core.xml"))
            continue;
        sheets += !strncmp(pa[i].name, "xl/worksheets/", 14);
        if (pa[i].len != pb[i].len || memcmp(pa[i].data, pb[i].data, pa[i].len)) {
            size_t k = 0;
            while (k < pa[i].len && k < pb[i].len && pa[i].data[k] == pb[i].data[k])
                k++;
            size_t from = k > 80 ? k - 80 : 0;
            fail_msg("%s: %s differs from %s at byte %zu:\n%.200s\n%.200s", pa[i].name, a, b,
                     k, (const char *)pa[i].data + from, (const char *)pb[i].data + from);
        }
    }
    assert_int_equal(sheets, 4);
    for (size_t i = 0; i < na; i++) {
        free(pa[i].data);
        free(pb[i].data);
    }
    free(za);
    free(zb);
}

static void write_both_ways_the_same(void **state)
{
    (void)state;
    char *dir = make_temp_dir("xlsxrow");
    struct strbuf longtext = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
    strbuf_addf(&a, "%s/direct.xlsx", dir);
    strbuf_addf(&b, "%s/cells.xlsx", dir);
    struct evaluation ev;
    build(&ev, &longtext);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(results_xlsx_write_opt(&ev, a.buf, true, &dl), 0);
    assert_int_equal(results_xlsx_write_opt(&ev, b.buf, false, &dl), 0);
    assert_int_equal(dl.n, 0);
    compare_parts(a.buf, b.buf);
    diag_list_release(&dl);
    results_release(&ev.results);
    strbuf_release(&longtext);
    strbuf_release(&a);
    strbuf_release(&b);
    rm_rf(dir);
    free(dir);
}

/* Text that reads like OOXML's escape "_xHHHH_" stays text: Excel shows "_x0041_" in
 * a string cell as "A" and "_x003D_cmd" as "=cmd" (hunt round 3: libxlsxwriter writes
 * both as they are).  The '_' is written as Excel's escape of itself, "_x005F_"; text
 * that only looks similar ("_x12_", "_xZZZZ_") is written as it is.  On both paths. */
static void escape_like_text_stays_text(void **state)
{
    (void)state;
    static const char *const texts[] = {"_x0041_", "_x003D_cmd", "a_x00e5_b", "_x12_",
                                        "_xZZZZ_", "__x0041__", "_x0041_\tand tab"};
    char *dir = make_temp_dir("xlsxesc");
    for (int direct = 0; direct < 2; direct++) {
        struct evaluation ev;
        memset(&ev, 0, sizeof(ev));
        static char id[] = "esc", lang[] = "en", spec[] = "esc.ini", time[] = "2019-06-30T12:00:00Z";
        ev.id = id;
        ev.lang = lang;
        ev.spec_path = spec;
        ev.time_utc = time;
        results_init(&ev.results, "esc");
        for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
            struct stat_result r;
            stat_result_init(&r);
            r.estimate = (double)i;
            results_add(&ev.results, "esc", texts[i], "g", "m", "t", &r, NULL);
        }
        struct strbuf path = STRBUF_INIT;
        strbuf_addf(&path, "%s/esc%d.xlsx", dir, direct);
        struct diag_list dl;
        diag_list_init(&dl, 0);
        assert_int_equal(results_xlsx_write_opt(&ev, path.buf, direct, &dl), 0);
        size_t len;
        unsigned char *z = (unsigned char *)slurp(path.buf, &len);
        struct part parts[32];
        size_t n = unzip_parts(z, len, parts, 32);
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            if (strncmp(parts[i].name, "xl/worksheets/", 14)) {
                free(parts[i].data);
                continue;
            }
            parts[i].data[parts[i].len] = '\0';
            /* the sheet as Excel reads its strings: "_xHHHH_" is U+HHHH, left to right */
            struct strbuf dec = STRBUF_INIT;
            const char *x = (const char *)parts[i].data;
            for (size_t k = 0; k < parts[i].len;) {
                if (k + 7 <= parts[i].len && x[k] == '_' && x[k + 1] == 'x' &&
                    isxdigit((unsigned char)x[k + 2]) && isxdigit((unsigned char)x[k + 3]) &&
                    isxdigit((unsigned char)x[k + 4]) && isxdigit((unsigned char)x[k + 5]) &&
                    x[k + 6] == '_') {
                    char hex[5] = {x[k + 2], x[k + 3], x[k + 4], x[k + 5], 0};
                    unsigned long c = strtoul(hex, NULL, 16);
                    if (c < 0x80)
                        strbuf_addch(&dec, (char)c);
                    else
                        strbuf_addstr(&dec, "\xEF\xBF\xBD"); /* not in these texts */
                    k += 7;
                } else {
                    strbuf_addch(&dec, x[k++]);
                }
            }
            if (strstr(dec.buf, ">m<")) { /* the analysis sheet */
                found = true;
                for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
                    char want[64];
                    snprintf(want, sizeof(want), ">%s<", texts[t]);
                    if (!strstr(dec.buf, want))
                        fail_msg("%s (direct %d): '%s' is not read back as written", parts[i].name,
                                 direct, texts[t]);
                }
                assert_non_null(strstr(x, "_x005F_x0041_")); /* and escaped, not dropped */
            }
            strbuf_release(&dec);
            free(parts[i].data);
        }
        assert_true(found);
        free(z);
        diag_list_release(&dl);
        results_release(&ev.results);
        strbuf_release(&path);
    }
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_both_ways_the_same),
        cmocka_unit_test(escape_like_text_stays_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
