/*
 * csvread — streaming reader for the CSV files users really have.
 *
 * Wraps libcsv with what exports from Swedish systems need: the delimiter (',' or
 * ';') detected from the header line, UTF-8 with or without a byte-order mark, CRLF
 * or LF, quoted fields with embedded line breaks, and Windows-1252 / Latin-1 input
 * converted with iconv when the user says so (and refused with a message that says
 * so when not).  Records are pushed to a callback one at a time, so memory does not
 * grow with the file; the raw bytes are hashed (SHA-256) on the way for provenance.
 *
 * Positions: `line` is the physical line a record starts on (1-based, counting line
 * breaks inside quoted fields); a field's column is its 1-based field number.
 * Limits (a hostile file must not exhaust memory): a field is at most
 * CSV_MAX_FIELD_BYTES, a record at most CSV_MAX_FIELDS fields.
 */
#ifndef TRYGG_DATA_CSVREAD_H
#define TRYGG_DATA_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"
#include "util/sha256.h"

#define CSV_MAX_FIELD_BYTES (1u << 20)
#define CSV_MAX_FIELDS 4096

enum csv_encoding {
    CSV_ENC_UTF8 = 0, /* validated; a BOM is skipped */
    CSV_ENC_CP1252,   /* Windows-1252, converted to UTF-8 */
    CSV_ENC_LATIN1    /* ISO-8859-1, converted to UTF-8 */
};

struct csv_options {
    char delimiter;              /* ',', ';' or '\t'; 0 = detect from the header */
    enum csv_encoding encoding;
    /* Called now and then with bytes read so far and the file size; may be NULL. */
    void (*progress)(void *ctx, unsigned long long done, unsigned long long total);
    void *progress_ctx;
    /* Give every line to libcsv, never to the fast path for simple lines (which yields
     * the same records and messages; tests compare the two). */
    bool no_fast_path;
    /* Classify a line's bytes one at a time, not 16 or 64 at a time (the same records;
     * tests compare them). */
    bool bytewise_scan;
    /* Classify 16 bytes at a time (SSE2) even on a CPU with AVX-512BW, where 64 at a
     * time is the default (the same records; tests compare them). */
    bool sse2_scan;
};

/* Parses "cp1252", "windows-1252", "latin1", "iso-8859-1", "utf-8" (any case).
 * Returns false for anything else. */
bool csv_encoding_parse(const char *name, enum csv_encoding *out);
const char *csv_encoding_name(enum csv_encoding enc);
/* Parses "," ";" "tab" "\t" "comma" "semicolon". */
bool csv_delimiter_parse(const char *name, char *out);

/* One record, borrowed by the callback: valid only during the call.  Every field is
 * NUL-terminated valid UTF-8 without NUL bytes inside. */
struct csv_record {
    size_t n_fields;
    const char *const *fields;
    const size_t *lens;
    long line;
};

/*
 * Called once per non-empty record, the header included (record 0).  Return 0 to go
 * on, non-zero to stop reading (the reader then returns that value).
 */
typedef int (*csv_record_fn)(void *ctx, const struct csv_record *rec);

/* What the reader found out about the file. */
struct csv_file_info {
    char delimiter;
    bool had_bom;
    bool crlf;
    unsigned long long size_bytes;
    unsigned long long records;   /* data records, the header not counted */
    char sha256[SHA256_HEX_SIZE]; /* of the raw file bytes */
};

/*
 * Reads `path` and calls `fn` for each record.  Returns 0 when the whole file was
 * read, the callback's non-zero value if it stopped, or -1 on an error in the file
 * (bad encoding, unterminated quote, a stray quote, a field or record over the
 * limits, an unreadable file), which is added to `dl` with its position.  `info` may
 * be NULL.
 */
int csv_read_file(const char *path, const struct csv_options *opt, csv_record_fn fn,
                  void *ctx, struct csv_file_info *info, struct diag_list *dl);

/* Same, from memory (for tests and fuzzing); `name` is used in messages. */
int csv_read_buffer(const char *name, const char *data, size_t len,
                    const struct csv_options *opt, csv_record_fn fn, void *ctx,
                    struct csv_file_info *info, struct diag_list *dl);

/*
 * Detects the delimiter from the first line of `data` (quotes respected): the one of
 * ',', ';' and TAB that splits it into the most fields.  Returns 0 and adds a message
 * to `dl` when it cannot tell (a tie, or none of them).
 */
char csv_detect_delimiter(const char *name, const char *data, size_t len, struct diag_list *dl);

#endif
