/*
 * fuzz_csv — the CSV dialect detector and reader (src/lib/data/csvread.h).
 *
 * The first input byte picks the options (delimiter: detect, ',', ';' or tab; the
 * encoding: UTF-8, Windows-1252 or Latin-1); the rest is the file.  Besides "no
 * crash", the target checks the reader's promises to its callers and aborts when one
 * is broken: every field NUL-terminated at its length, valid UTF-8 without NUL bytes,
 * at most CSV_MAX_FIELDS fields of at most CSV_MAX_FIELD_BYTES, lines that never go
 * backwards.  It is also differential: the file is read a second time with every line
 * given to libcsv (csv_options.no_fast_path), and the records, fields, lines, return
 * code and messages must be the same as the fast path's for simple lines gave.
 */
#include <stdlib.h>
#include <string.h>

#include "data/csvread.h"
#include "fuzz.h"
#include "util/strbuf.h"
#include "util/utf8.h"

struct csv_check {
    long last_line;
    unsigned long long records;
    struct strbuf log; /* every record, rendered, to compare the two readings */
};

static int csv_check_record(void *ctx, const struct csv_record *rec)
{
    struct csv_check *c = ctx;
    if (rec->n_fields == 0 || rec->n_fields > CSV_MAX_FIELDS || rec->line < 1 ||
        rec->line < c->last_line)
        abort();
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *f = rec->fields[i];
        size_t len = rec->lens[i];
        if (len > CSV_MAX_FIELD_BYTES || f[len] != '\0' || memchr(f, '\0', len) ||
            !utf8_valid(f, len, NULL))
            abort();
    }
    c->last_line = rec->line;
    c->records++;
    strbuf_addf(&c->log, "@%ld n=%zu", rec->line, rec->n_fields);
    for (size_t i = 0; i < rec->n_fields; i++) {
        strbuf_addf(&c->log, " [%zu:", rec->lens[i]);
        strbuf_add(&c->log, rec->fields[i], rec->lens[i]);
        strbuf_addch(&c->log, ']');
    }
    strbuf_addch(&c->log, '\n');
    return 0;
}

/* Reads the file with the options given; the records and messages go to c->log. */
static int read_logged(const char *text, size_t len, const struct csv_options *opt,
                       struct csv_check *c)
{
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct csv_file_info info;
    int rc = csv_read_buffer("fuzz.csv", text, len, opt, csv_check_record, c, &info, &dl);
    if (rc == 0 && info.records + 1 < c->records)
        abort();
    strbuf_addf(&c->log, "rc=%d records=%llu crlf=%d bom=%d delim=%d\n", rc, info.records,
                info.crlf, info.had_bom, info.delimiter);
    for (size_t i = 0; i < dl.n; i++) {
        diag_format(&dl.items[i], &c->log);
        strbuf_addch(&c->log, '\n');
    }
    diag_list_release(&dl);
    return rc;
}

FUZZ_TARGET(csv)
{
    if (size < 1)
        return 0;
    static const char delims[] = {0, ',', ';', '\t'};
    struct csv_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.delimiter = delims[data[0] & 3];
    opt.encoding = (enum csv_encoding)((data[0] >> 2) % 3);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    char d = csv_detect_delimiter("fuzz.csv", text, len, &dl);
    if (d != 0 && d != ',' && d != ';' && d != '\t')
        abort();
    diag_list_clear(&dl);

    diag_list_release(&dl);

    struct csv_check fast = {0, 0, STRBUF_INIT}, slow = {0, 0, STRBUF_INIT};
    read_logged(text, len, &opt, &fast);
    opt.no_fast_path = true;
    read_logged(text, len, &opt, &slow);
    if (strcmp(fast.log.buf, slow.log.buf))
        abort(); /* the fast path split a line otherwise than libcsv */
    strbuf_release(&fast.log);
    strbuf_release(&slow.log);
    return 0;
}
