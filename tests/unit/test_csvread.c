/*
 * Unit tests for src/lib/data/csvread: dialect detection, BOM, line ends and exact
 * line numbers, quoting, limits, NUL bytes, UTF-8 validation, cp1252/latin1
 * conversion, the SHA-256 of the raw bytes, empty lines, and files larger than the
 * reader's 256 KiB chunk (line accounting across chunk boundaries).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "data/csvread.h"
#include "testutil.h"
#include "util/strbuf.h"

/* ------------------------------------------------------------ capturing records */

struct rec_copy {
    long line;
    size_t n;
    char **fields;
    size_t *lens;
};

struct capture {
    struct rec_copy *recs;
    size_t n, cap; /* cap: allocated records, grown geometrically (ASan makes a
                    * realloc per record quadratic) */
    int stop_at; /* return `stop_value` on this record (1-based), 0 = never */
    int stop_value;
};

static int capture_fn(void *ctx, const struct csv_record *rec)
{
    struct capture *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->recs = realloc(c->recs, c->cap * sizeof(*c->recs));
        assert_non_null(c->recs);
    }
    struct rec_copy *r = &c->recs[c->n++];
    r->line = rec->line;
    r->n = rec->n_fields;
    r->fields = calloc(rec->n_fields, sizeof(*r->fields));
    r->lens = calloc(rec->n_fields, sizeof(*r->lens));
    for (size_t i = 0; i < rec->n_fields; i++) {
        /* the reader promises NUL-terminated fields */
        assert_int_equal(rec->fields[i][rec->lens[i]], '\0');
        r->fields[i] = malloc(rec->lens[i] + 1);
        memcpy(r->fields[i], rec->fields[i], rec->lens[i] + 1);
        r->lens[i] = rec->lens[i];
    }
    if (c->stop_at && (int)c->n == c->stop_at)
        return c->stop_value;
    return 0;
}

static void capture_release(struct capture *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->recs[i].n; k++)
            free(c->recs[i].fields[k]);
        free(c->recs[i].fields);
        free(c->recs[i].lens);
    }
    free(c->recs);
    memset(c, 0, sizeof(*c));
}

/* Reads a buffer with default options (or `opt`); the first diagnostic, formatted,
 * goes to msg (which may be NULL). */
static int read_buf(const char *data, size_t len, const struct csv_options *opt,
                    struct capture *cap, struct csv_file_info *info, struct strbuf *msg)
{
    struct csv_options def;
    memset(&def, 0, sizeof(def));
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    int rc = csv_read_buffer("t.csv", data, len, opt ? opt : &def, capture_fn, cap, info, &dl);
    if (msg) {
        strbuf_reset(msg);
        if (dl.n)
            diag_format(&dl.items[0], msg);
    }
    if (rc == 0)
        assert_int_equal(dl.n_errors, 0);
    else if (rc < 0)
        assert_true(dl.n_errors > 0);
    diag_list_release(&dl);
    return rc;
}

#define READ(str, cap, info, msg) read_buf((str), sizeof(str) - 1, NULL, (cap), (info), (msg))

static void assert_field(const struct capture *c, size_t rec, size_t field, const char *expect)
{
    assert_true(rec < c->n);
    assert_true(field < c->recs[rec].n);
    assert_int_equal(c->recs[rec].lens[field], strlen(expect));
    assert_memory_equal(c->recs[rec].fields[field], expect, strlen(expect));
}

/* ------------------------------------------------------------ dialect */

static char detect(const char *s, struct strbuf *msg)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    char d = csv_detect_delimiter("t.csv", s, strlen(s), &dl);
    strbuf_reset(msg);
    if (dl.n)
        diag_format(&dl.items[0], msg);
    diag_list_release(&dl);
    return d;
}

static void delimiter_detection(void **state)
{
    (void)state;
    struct strbuf msg = STRBUF_INIT;
    assert_int_equal(detect("a,b,c\n1;2;3;4;5\n", &msg), ','); /* the header line decides */
    assert_int_equal(detect("a;b;c\n", &msg), ';');
    assert_int_equal(detect("a\tb\tc\r\n", &msg), '\t');
    assert_int_equal(detect("a;b,c;d\n", &msg), ';');
    /* a delimiter inside quotes does not count */
    assert_int_equal(detect("\"a,b,c\";d;e\n", &msg), ';');
    /* a byte-order mark is not part of the header */
    assert_int_equal(detect("\xef\xbb\xbf" "a;b\n", &msg), ';');
    /* ties are refused */
    assert_int_equal(detect("a;b,c\n", &msg), 0);
    assert_string_equal(msg.buf, "t.csv:1: cannot tell the delimiter: the header line has as "
                                 "many ';' as ',' (use --delimiter)");
    assert_int_equal(detect("a\tb,c\n", &msg), 0);
    assert_non_null(strstr(msg.buf, "as many 'tab' as ','"));
    assert_int_equal(detect("a,b;c\td\n", &msg), 0); /* a three-way tie */
    assert_int_equal(detect("abc\n1,2\n", &msg), 0);
    assert_string_equal(msg.buf, "t.csv:1: cannot tell the delimiter: the header line holds no "
                                 "',', ';' or tab (use --delimiter)");
    strbuf_release(&msg);
}

static void delimiter_option_overrides_detection(void **state)
{
    (void)state;
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.delimiter = ';';
    struct capture cap = {0};
    struct csv_file_info info;
    static const char data[] = "a,b;c\n1,5;2\n";
    assert_int_equal(read_buf(data, sizeof(data) - 1, &opt, &cap, &info, NULL), 0);
    assert_int_equal(info.delimiter, ';');
    assert_field(&cap, 0, 0, "a,b");
    assert_field(&cap, 1, 0, "1,5");
    capture_release(&cap);
}

static void option_names(void **state)
{
    (void)state;
    enum csv_encoding e;
    assert_true(csv_encoding_parse("CP1252", &e) && e == CSV_ENC_CP1252);
    assert_true(csv_encoding_parse("windows-1252", &e) && e == CSV_ENC_CP1252);
    assert_true(csv_encoding_parse("iso-8859-1", &e) && e == CSV_ENC_LATIN1);
    assert_true(csv_encoding_parse("latin1", &e) && e == CSV_ENC_LATIN1);
    assert_true(csv_encoding_parse("utf-8", &e) && e == CSV_ENC_UTF8);
    assert_false(csv_encoding_parse("ebcdic", &e));
    assert_string_equal(csv_encoding_name(CSV_ENC_CP1252), "cp1252");
    char d;
    assert_true(csv_delimiter_parse("tab", &d) && d == '\t');
    assert_true(csv_delimiter_parse(";", &d) && d == ';');
    assert_true(csv_delimiter_parse("comma", &d) && d == ',');
    assert_false(csv_delimiter_parse("|", &d));
}

/* ------------------------------------------------------------ BOM, line ends, lines */

static void bom_is_skipped(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct csv_file_info info;
    assert_int_equal(READ("\xef\xbb\xbf" "id;namn\n1;Åsa\n", &cap, &info, NULL), 0);
    assert_true(info.had_bom);
    assert_int_equal(info.delimiter, ';');
    assert_field(&cap, 0, 0, "id");
    assert_field(&cap, 1, 1, "Åsa");
    capture_release(&cap);
    assert_int_equal(READ("id;namn\n1;x\n", &cap, &info, NULL), 0);
    assert_false(info.had_bom);
    capture_release(&cap);
}

static void line_ends_and_numbers(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct csv_file_info info;
    /* LF */
    assert_int_equal(READ("a,b\n1,2\n3,4\n", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 3);
    assert_int_equal(cap.recs[2].line, 3);
    assert_false(info.crlf);
    assert_int_equal(info.records, 2);
    capture_release(&cap);
    /* CRLF */
    assert_int_equal(READ("a,b\r\n1,2\r\n3,4\r\n", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 3);
    assert_int_equal(cap.recs[1].line, 2);
    assert_int_equal(cap.recs[2].line, 3);
    assert_field(&cap, 2, 1, "4"); /* no CR left in the field */
    assert_true(info.crlf);
    capture_release(&cap);
    /* a lone CR (old Mac) ends a line too */
    assert_int_equal(READ("a,b\r1,2\r3,4\r", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 3);
    assert_int_equal(cap.recs[2].line, 3);
    assert_field(&cap, 2, 1, "4");
    capture_release(&cap);
    /* mixed, and no line break after the last record */
    assert_int_equal(READ("a,b\r\n1,2\n3,4\r5,6", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 4);
    assert_int_equal(cap.recs[3].line, 4);
    assert_field(&cap, 3, 1, "6");
    capture_release(&cap);
}

static void empty_lines_are_skipped(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct csv_file_info info;
    assert_int_equal(READ("a,b\n\n1,2\r\n\r\n\n3,4\n\n", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 3);
    assert_int_equal(cap.recs[0].line, 1);
    assert_int_equal(cap.recs[1].line, 3);
    assert_int_equal(cap.recs[2].line, 6);
    assert_int_equal(info.records, 2);
    capture_release(&cap);
    /* libcsv drops blanks around unquoted fields, so a line of blanks is empty too;
     * a quoted blank is a record */
    assert_int_equal(READ("a,b\n  \t \n\" \"\n", &cap, &info, NULL), 0);
    assert_int_equal(cap.n, 2);
    assert_int_equal(cap.recs[1].line, 3);
    assert_int_equal(cap.recs[1].n, 1);
    assert_field(&cap, 1, 0, " ");
    capture_release(&cap);
}

static void quoted_fields(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct csv_file_info info;
    /* the delimiter, "" and line breaks inside quotes; blanks are kept inside quotes
     * and dropped around unquoted fields */
    assert_int_equal(READ("a,b,c\n\"x,y\",\" sa \"\"hej\"\"\", z  y \n"
                          "\"two\nlines\",\"three\r\nlines\r\nhere\",\"\"\n"
                          "after,the,quotes\n",
                          &cap, &info, NULL),
                     0);
    assert_int_equal(cap.n, 4);
    assert_field(&cap, 1, 0, "x,y");
    assert_field(&cap, 1, 1, " sa \"hej\"");
    assert_field(&cap, 1, 2, "z  y");
    assert_int_equal(cap.recs[2].line, 3);
    assert_field(&cap, 2, 0, "two\nlines");
    assert_field(&cap, 2, 1, "three\r\nlines\r\nhere");
    assert_field(&cap, 2, 2, "");
    /* that record holds three line breaks, so it ends on line 6 and the next is on 7 */
    assert_int_equal(cap.recs[3].line, 7);
    capture_release(&cap);
    /* a lone CR inside quotes counts as a line break as well */
    assert_int_equal(READ("a,b\n\"x\ry\",1\n2,3\n", &cap, &info, NULL), 0);
    assert_int_equal(cap.recs[2].line, 4);
    capture_release(&cap);
}

static void unterminated_quote(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    static const char *const want =
        "a quoted field is never closed (missing '\"' before the end of the file)";
    /* in a later field */
    assert_int_equal(READ("a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:3:2: "));
    assert_non_null(strstr(msg.buf, want));
    assert_int_equal(cap.n, 2); /* the records before it were delivered */
    capture_release(&cap);
    /* in the first field: the line is this record's, not the previous one's */
    assert_int_equal(READ("a,b\n1,2\n\"3,4\n5,6\n", &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:3:1: a quoted field is never closed (missing '\"' "
                                 "before the end of the file)");
    capture_release(&cap);
    /* after an empty line */
    assert_int_equal(READ("a,b\n\n\n\"x", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:4:1: "));
    capture_release(&cap);
    strbuf_release(&msg);
}

static void stray_quote(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    assert_int_equal(READ("a,b,c\n1,2,3\n4,5\"x,6\n", &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:3:2: stray quote: a '\"' inside an unquoted field, or "
                                 "text after a closing quote");
    capture_release(&cap);
    /* text after a closing quote */
    assert_int_equal(READ("a,b\n\"x\"y,1\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:2:1: stray quote"));
    capture_release(&cap);
    /* after a multi-line quoted field the position is the physical line */
    assert_int_equal(READ("a,b\n\"1\n2\",3\n4,x\"\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:4:2: stray quote"));
    capture_release(&cap);
    strbuf_release(&msg);
}

/* ------------------------------------------------------------ limits and bytes */

static void field_size_limit(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf data = STRBUF_INIT, msg = STRBUF_INIT;
    /* exactly at the limit: fine, also quoted */
    strbuf_addstr(&data, "a,b\n1,\"");
    for (size_t i = 0; i < CSV_MAX_FIELD_BYTES; i++)
        strbuf_addch(&data, 'x');
    strbuf_addstr(&data, "\"\n2,3\n");
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, &msg), 0);
    assert_int_equal(cap.n, 3);
    assert_int_equal(cap.recs[1].lens[1], CSV_MAX_FIELD_BYTES);
    assert_int_equal(cap.recs[2].line, 3);
    capture_release(&cap);
    /* one byte more: refused, without reading on */
    strbuf_reset(&data);
    strbuf_addstr(&data, "a,b\n1,2\n3,");
    for (size_t i = 0; i < CSV_MAX_FIELD_BYTES + 1; i++)
        strbuf_addch(&data, 'y');
    strbuf_addstr(&data, "\n");
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:3:2: field longer than 1048576 bytes");
    assert_int_equal(cap.n, 2);
    capture_release(&cap);
    strbuf_release(&data);
    strbuf_release(&msg);
}

static void field_count_limit(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf data = STRBUF_INIT, msg = STRBUF_INIT;
    for (int i = 0; i < CSV_MAX_FIELDS; i++)
        strbuf_addf(&data, "%sc%d", i ? "," : "", i);
    strbuf_addch(&data, '\n');
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, &msg), 0);
    assert_int_equal(cap.recs[0].n, CSV_MAX_FIELDS);
    capture_release(&cap);
    /* a million columns: refused at the first field over the limit */
    strbuf_reset(&data);
    strbuf_addstr(&data, "a,b\n");
    for (int i = 0; i < 1000000; i++)
        strbuf_addch(&data, ',');
    strbuf_addch(&data, '\n');
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:2:4097: more than 4096 fields on one line");
    capture_release(&cap);
    strbuf_release(&data);
    strbuf_release(&msg);
}

static void nul_bytes(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    static const char data[] = "a,b\n1,x\0y\n";
    assert_int_equal(read_buf(data, sizeof(data) - 1, NULL, &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:2:2: field contains a NUL byte");
    capture_release(&cap);
    static const char quoted[] = "a,b\n\"\0\",1\n";
    assert_int_equal(read_buf(quoted, sizeof(quoted) - 1, NULL, &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:2:1: field contains a NUL byte");
    capture_release(&cap);
    strbuf_release(&msg);
}

static void invalid_utf8(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    /* "Söder" in Windows-1252 */
    assert_int_equal(READ("id;omrade\n1;S\xf6" "der\n", &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:2:2: not valid UTF-8 (byte 0xf6); if the file comes "
                                 "from Excel or an older system, try --encoding cp1252");
    capture_release(&cap);
    /* overlong, surrogate, truncated sequences */
    assert_int_equal(READ("a,b\n\xc0\xaf,1\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:2:1: not valid UTF-8 (byte 0xc0)"));
    capture_release(&cap);
    assert_int_equal(READ("a,b\n1,\xed\xa0\x80\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:2:2: not valid UTF-8 (byte 0xed)"));
    capture_release(&cap);
    assert_int_equal(READ("a,b\n1,x\xe2\x82\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:2:2: not valid UTF-8 (byte 0xe2)"));
    capture_release(&cap);
    /* in the header */
    assert_int_equal(READ("a,\xff\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:1:2: not valid UTF-8 (byte 0xff)"));
    capture_release(&cap);
    strbuf_release(&msg);
}

/* Lines the fast splitter takes: a field of code points below U+0300 (Swedish text)
 * is passed as it is; a byte-order mark inside a field is an error and decomposed
 * text is read in NFC, as on the libcsv path (a quoted field with '""' goes there). */
static void fast_lines_check_bom_and_nfc(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    assert_int_equal(READ("a,b\n\xc3\x85kersberga,1\n", &cap, NULL, &msg), 0);
    assert_field(&cap, 1, 0, "\xc3\x85kersberga");
    capture_release(&cap);
    assert_int_equal(READ("a,b\n1,x\xef\xbb\xbfy\n", &cap, NULL, &msg), -1);
    assert_non_null(strstr(msg.buf, "t.csv:2:2: a byte-order mark (U+FEFF) inside the file"));
    capture_release(&cap);
    /* "Söder" with o + U+0308, unquoted and quoted */
    assert_int_equal(READ("a,b\nSo\xcc\x88" "der,\"So\xcc\x88" "der\"\n", &cap, NULL, &msg), 0);
    assert_field(&cap, 1, 0, "S\xc3\xb6" "der");
    assert_field(&cap, 1, 1, "S\xc3\xb6" "der");
    capture_release(&cap);
    strbuf_release(&msg);
}

static void cp1252_and_latin1(void **state)
{
    (void)state;
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    struct capture cap = {0};
    struct strbuf msg = STRBUF_INIT;
    struct csv_file_info info;
    /* å ä ö, Å, the euro sign (cp1252 only) and a typographic dash */
    static const char data[] = "namn;belopp\n\xe5\xe4\xf6 \xc5;\x80 5 \x96 6\n";
    opt.encoding = CSV_ENC_CP1252;
    assert_int_equal(read_buf(data, sizeof(data) - 1, &opt, &cap, &info, &msg), 0);
    assert_field(&cap, 1, 0, "åäö Å");
    assert_field(&cap, 1, 1, "€ 5 – 6");
    capture_release(&cap);
    /* the SHA-256 is of the bytes in the file, not of the converted text */
    char hex[SHA256_HEX_SIZE];
    sha256_buffer(data, sizeof(data) - 1, hex);
    assert_string_equal(info.sha256, hex);
    /* latin1 maps 0x80 to the control character U+0080 */
    opt.encoding = CSV_ENC_LATIN1;
    assert_int_equal(read_buf(data, sizeof(data) - 1, &opt, &cap, NULL, &msg), 0);
    assert_field(&cap, 1, 0, "åäö Å");
    assert_field(&cap, 1, 1, "\xc2\x80 5 \xc2\x96 6");
    capture_release(&cap);
    /* 0x81 is not a character in cp1252 */
    static const char undefined[] = "a;b\n1;2\nx\x81y;3\n";
    opt.encoding = CSV_ENC_CP1252;
    assert_int_equal(read_buf(undefined, sizeof(undefined) - 1, &opt, &cap, NULL, &msg), -1);
    assert_string_equal(msg.buf, "t.csv:3: byte 0x81 is not a character in cp1252");
    capture_release(&cap);
    opt.encoding = CSV_ENC_LATIN1;
    assert_int_equal(read_buf(undefined, sizeof(undefined) - 1, &opt, &cap, NULL, &msg), 0);
    assert_field(&cap, 2, 0, "x\xc2\x81y");
    capture_release(&cap);
    strbuf_release(&msg);
}

static void sha256_of_raw_bytes(void **state)
{
    (void)state;
    struct capture cap = {0};
    struct csv_file_info info;
    static const char data[] = "\xef\xbb\xbf" "a,b\r\n1,2\r\n";
    assert_int_equal(READ(data, &cap, &info, NULL), 0);
    char hex[SHA256_HEX_SIZE];
    sha256_buffer(data, sizeof(data) - 1, hex);
    assert_string_equal(info.sha256, hex); /* BOM and CRs included */
    assert_int_equal(info.size_bytes, sizeof(data) - 1);
    capture_release(&cap);

    /* the same from a file, and as sha256_file() computes it */
    char *dir = make_temp_dir("csvread");
    char path[4096];
    snprintf(path, sizeof(path), "%s/x.csv", dir);
    write_file(path, data, sizeof(data) - 1);
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(csv_read_file(path, &opt, capture_fn, &cap, &info, &dl), 0);
    assert_string_equal(info.sha256, hex);
    char hex2[SHA256_HEX_SIZE];
    assert_int_equal(sha256_file(path, hex2), 0);
    assert_string_equal(hex2, hex);
    capture_release(&cap);
    rm_rf(dir);
    free(dir);
    diag_list_release(&dl);
}

static void callback_can_stop(void **state)
{
    (void)state;
    struct capture cap = {0};
    cap.stop_at = 2;
    cap.stop_value = 7;
    assert_int_equal(READ("a,b\n1,2\n3,4\n", &cap, NULL, NULL), 7);
    assert_int_equal(cap.n, 2);
    capture_release(&cap);
}

static void files_that_cannot_be_read(void **state)
{
    (void)state;
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    struct capture cap = {0};
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(csv_read_file("tests/no/such/file.csv", &opt, capture_fn, &cap, NULL, &dl),
                     -1);
    struct strbuf msg = STRBUF_INIT;
    diag_format(&dl.items[0], &msg);
    assert_string_equal(msg.buf, "tests/no/such/file.csv: cannot open: No such file or directory");
    diag_list_clear(&dl);
    assert_int_equal(csv_read_file("tests", &opt, capture_fn, &cap, NULL, &dl), -1);
    strbuf_reset(&msg);
    diag_format(&dl.items[0], &msg);
    assert_string_equal(msg.buf, "tests: is a directory, not a file");
    /* an empty file: no records, no error (the importers say what is missing) */
    diag_list_clear(&dl);
    assert_int_equal(csv_read_buffer("e.csv", "", 0, &opt, capture_fn, &cap, NULL, &dl), 0);
    assert_int_equal(cap.n, 0);
    strbuf_release(&msg);
    diag_list_release(&dl);
}

/* A file cut short or written to while it is read: refused, whatever the cut (hunt
 * round 3: a file truncated to a third while it was imported was imported as that
 * third, since the cut fell on a line break).  The callback changes the file once it has
 * the first record; the reader has then read one chunk of 256 KiB of the 2 MB. */
struct changer {
    const char *path;
    int how; /* 0 shrink, 1 grow */
    long records;
};

static int change_fn(void *ctx, const struct csv_record *rec)
{
    (void)rec;
    struct changer *c = ctx;
    if (c->records++ == 1) {
        if (c->how == 0) {
            assert_int_equal(truncate(c->path, 1000000 - 1000000 % 10), 0);
        } else {
            FILE *fp = fopen(c->path, "a");
            assert_non_null(fp);
            fputs("123456789\n", fp);
            fclose(fp);
        }
    }
    return 0;
}

static void file_changing_while_read(void **state)
{
    (void)state;
    char *dir = make_temp_dir("csvread-change");
    char path[4096];
    snprintf(path, sizeof(path), "%s/x.csv", dir);
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    for (int how = 0; how < 2; how++) {
        struct strbuf data = STRBUF_INIT;
        strbuf_addstr(&data, "a,b,cc\n"); /* 7 bytes, then lines of 10 */
        while (data.len < 2000000)
            strbuf_addstr(&data, "12,34,567\n");
        write_file(path, data.buf, data.len);
        struct changer c = {path, how, 0};
        struct diag_list dl;
        diag_list_init(&dl, 0);
        assert_int_equal(csv_read_file(path, &opt, change_fn, &c, NULL, &dl), -1);
        assert_true(dl.n > 0);
        struct strbuf msg = STRBUF_INIT;
        diag_format(&dl.items[dl.n - 1], &msg);
        if (!strstr(msg.buf, "x.csv: the file changed while it was read"))
            fail_msg("%s: %s", how ? "grown" : "cut", msg.buf);
        strbuf_release(&msg);
        diag_list_release(&dl);
        strbuf_release(&data);
    }
    rm_rf(dir);
    free(dir);
}

/* ------------------------------------------------------------ beyond one chunk */

struct progress_log {
    int calls;
    unsigned long long last_done, total;
};

static void progress_fn(void *ctx, unsigned long long done, unsigned long long total)
{
    struct progress_log *p = ctx;
    assert_true(done >= p->last_done);
    p->calls++;
    p->last_done = done;
    p->total = total;
}

/* A file of about 1 MB with line breaks inside quotes, CRLF pairs and an error far
 * from the start: positions stay exact across the reader's 256 KiB chunks. */
static void positions_across_chunks(void **state)
{
    (void)state;
    struct strbuf data = STRBUF_INIT, msg = STRBUF_INIT;
    strbuf_addstr(&data, "n,text\r\n");
    long line = 1;
    for (int i = 0; i < 20000; i++) {
        if (i % 7 == 0) {
            strbuf_addf(&data, "%d,\"multi\r\nline %d\"\r\n", i, i);
            line += 2;
        } else {
            strbuf_addf(&data, "%d,plain text for row %d .......................\r\n", i, i);
            line += 1;
        }
    }
    strbuf_addstr(&data, "last,row\r\n");
    line++;
    struct capture cap = {0};
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    struct progress_log plog = {0, 0, 0};
    opt.progress = progress_fn;
    opt.progress_ctx = &plog;
    struct csv_file_info info;
    assert_true(data.len > 3 * 256 * 1024);
    assert_int_equal(read_buf(data.buf, data.len, &opt, &cap, &info, &msg), 0);
    assert_int_equal(cap.n, 20002);
    assert_int_equal(cap.recs[cap.n - 1].line, line);
    assert_field(&cap, cap.n - 1, 0, "last");
    assert_int_equal(info.records, 20001);
    assert_true(info.crlf);
    assert_true(plog.calls >= 4);
    assert_int_equal(plog.last_done, data.len);
    assert_int_equal(plog.total, data.len);
    /* every record's line is one more than the previous one's last line */
    for (size_t i = 2; i + 1 < cap.n; i++) {
        long prev_breaks = 0;
        for (size_t k = 0; k < cap.recs[i - 1].lens[1]; k++)
            prev_breaks += cap.recs[i - 1].fields[1][k] == '\n';
        assert_int_equal(cap.recs[i].line, cap.recs[i - 1].line + 1 + prev_breaks);
    }
    capture_release(&cap);

    /* a stray quote on the last line */
    strbuf_setlen(&data, data.len - strlen("last,row\r\n"));
    strbuf_addstr(&data, "last,ro\"w\r\n");
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, &msg), -1);
    char want[64];
    snprintf(want, sizeof(want), "t.csv:%ld:2: stray quote", line);
    assert_non_null(strstr(msg.buf, want));
    capture_release(&cap);
    strbuf_release(&data);
    strbuf_release(&msg);
}

/* A CRLF pair split by the chunk boundary counts as one line break. */
static void crlf_split_by_chunk_boundary(void **state)
{
    (void)state;
    struct strbuf data = STRBUF_INIT;
    strbuf_addstr(&data, "a,b\r\n");
    const size_t chunk = 256 * 1024;
    long line = 1;
    while (data.len < chunk - 40) {
        strbuf_addstr(&data, "1,2\r\n");
        line++;
    }
    /* pad the next record so that its \r is the chunk's last byte */
    size_t pad = chunk - data.len - strlen("3,") - 1;
    strbuf_addstr(&data, "3,");
    for (size_t i = 0; i < pad; i++)
        strbuf_addch(&data, 'z');
    strbuf_addstr(&data, "\r\n");
    line++;
    assert_int_equal(data.buf[chunk - 1], '\r');
    strbuf_addstr(&data, "4,\"x\r\ny\"\r\n5,6\r\n");
    line += 3;
    struct capture cap = {0};
    assert_int_equal(read_buf(data.buf, data.len, NULL, &cap, NULL, NULL), 0);
    assert_int_equal(cap.recs[cap.n - 1].line, line);
    assert_int_equal(cap.recs[cap.n - 2].line, line - 2);
    capture_release(&cap);
    strbuf_release(&data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(delimiter_detection),
        cmocka_unit_test(delimiter_option_overrides_detection),
        cmocka_unit_test(option_names),
        cmocka_unit_test(bom_is_skipped),
        cmocka_unit_test(line_ends_and_numbers),
        cmocka_unit_test(empty_lines_are_skipped),
        cmocka_unit_test(quoted_fields),
        cmocka_unit_test(unterminated_quote),
        cmocka_unit_test(stray_quote),
        cmocka_unit_test(field_size_limit),
        cmocka_unit_test(field_count_limit),
        cmocka_unit_test(nul_bytes),
        cmocka_unit_test(invalid_utf8),
        cmocka_unit_test(fast_lines_check_bom_and_nfc),
        cmocka_unit_test(cp1252_and_latin1),
        cmocka_unit_test(sha256_of_raw_bytes),
        cmocka_unit_test(callback_can_stop),
        cmocka_unit_test(files_that_cannot_be_read),
        cmocka_unit_test(file_changing_while_read),
        cmocka_unit_test(positions_across_chunks),
        cmocka_unit_test(crlf_split_by_chunk_boundary),
    };
    return cmocka_run_group_tests_name("csvread", tests, NULL, NULL);
}
