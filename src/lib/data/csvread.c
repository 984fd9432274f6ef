/*
 * csvread — see csvread.h.
 *
 * Data flow: raw bytes (hashed) -> iconv to UTF-8 if asked -> BOM skipped -> libcsv
 * in strict mode -> field callback (limits, NUL and UTF-8 checks, copy into the
 * record arena) -> record callback (CRLF pairing, empty-line skipping, line numbers;
 * a BOM inside a field refused; every field brought to Unicode NFC, with a warning)
 * -> the caller's callback.  libcsv is given CSV_REPALL_NL so that every line break
 * outside quotes reaches us and line numbers stay exact.
 *
 * Fast path: most lines of a real export are simple — fields without spaces at their
 * ends, quoted fields without doubled quotes or line breaks, valid UTF-8, no NUL.
 * When libcsv stands at a record boundary, such a line is split here from bit masks
 * of a single copy (fast_line, scan_line), giving exactly the fields libcsv would give; any line
 * that is not simple, or is invalid, goes to libcsv unchanged, so every error is
 * still found and reported by the one careful path with the same position.
 */
#include "data/csvread.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_WIDE_SCAN 1 /* scan_line_avx512, chosen at run time */
#endif

#include "util/io.h"
#include "util/unicode.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Warnings about text brought to NFC, per file; then one count of the rest. */
#define CSV_NFC_WARNINGS 5

#define CHUNK_BYTES (256u * 1024u)
/* Zeroed bytes after the text of a chunk: fast_line copies a line in whole 64-byte
 * words, so it may read up to 63 bytes past the chunk's last line. */
#define CHUNK_SLACK 64u
/* libcsv grows a field buffer by its block size: large blocks keep a 1 MiB field
 * from costing thousands of reallocs. */
#define CSV_BLOCK_BYTES (64u * 1024u)

bool csv_encoding_parse(const char *name, enum csv_encoding *out)
{
    static const struct {
        const char *name;
        enum csv_encoding enc;
    } names[] = {
        {"utf-8", CSV_ENC_UTF8},        {"utf8", CSV_ENC_UTF8},
        {"cp1252", CSV_ENC_CP1252},     {"windows-1252", CSV_ENC_CP1252},
        {"windows1252", CSV_ENC_CP1252}, {"latin1", CSV_ENC_LATIN1},
        {"latin-1", CSV_ENC_LATIN1},    {"iso-8859-1", CSV_ENC_LATIN1},
        {"iso8859-1", CSV_ENC_LATIN1},
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcasecmp(name, names[i].name)) {
            *out = names[i].enc;
            return true;
        }
    return false;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
    switch (enc) {
    case CSV_ENC_UTF8:
        return "utf-8";
    case CSV_ENC_CP1252:
        return "cp1252";
    case CSV_ENC_LATIN1:
        return "latin1";
    }
    return "utf-8";
}

bool csv_delimiter_parse(const char *name, char *out)
{
    if (!strcmp(name, ",") || !strcasecmp(name, "comma"))
        *out = ',';
    else if (!strcmp(name, ";") || !strcasecmp(name, "semicolon"))
        *out = ';';
    else if (!strcmp(name, "\t") || !strcasecmp(name, "tab"))
        *out = '\t';
    else
        return false;
    return true;
}

char csv_detect_delimiter(const char *name, const char *data, size_t len, struct diag_list *dl)
{
    static const char candidates[] = {',', ';', '\t'};
    size_t counts[3] = {0, 0, 0};
    bool quoted = false;
    if (utf8_has_bom(data, len)) {
        data += 3;
        len -= 3;
    }
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (size_t k = 0; k < 3; k++)
                if (c == candidates[k])
                    counts[k]++;
    }
    size_t best = 0;
    for (size_t k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    if (counts[best] == 0) {
        diag_error(dl, name, 1, 0,
                   "cannot tell the delimiter: the header line holds no ',', ';' or tab "
                   "(use --delimiter)");
        return 0;
    }
    for (size_t k = 0; k < 3; k++)
        if (k != best && counts[k] == counts[best]) {
            diag_error(dl, name, 1, 0,
                       "cannot tell the delimiter: the header line has as many '%s' as '%s' "
                       "(use --delimiter)",
                       candidates[k] == '\t' ? "tab" : (char[]){candidates[k], 0},
                       candidates[best] == '\t' ? "tab" : (char[]){candidates[best], 0});
            return 0;
        }
    return candidates[best];
}

/* ------------------------------------------------------------------ the reader */

struct reader {
    const char *name;
    const struct csv_options *opt;
    csv_record_fn fn;
    void *ctx;
    struct diag_list *dl;
    struct csv_file_info *info;

    /* the record being built */
    struct strbuf arena;
    long nfc_changed; /* fields brought to NFC (the first CSV_NFC_WARNINGS are named) */
    size_t *offsets, *lens;
    const char **ptrs;
    size_t n_fields, alloc_offsets, alloc_lens, alloc_ptrs;
    long record_line;

    /* line accounting */
    long lines_done;   /* line breaks delivered by libcsv (terminators and in fields) */
    int last_term;     /* last terminator char seen, for CRLF pairing */
    long chunk_line;   /* physical line at the start of the current chunk */
    bool chunk_pending_cr;

    /* fast_line's masks of the line (scan_line) */
    uint64_t *masks;
    size_t alloc_masks;
    /* set by fast_line: every field of the record is below 0xCC byte by byte, so it
     * holds no byte-order mark and is its own NFC (unicode.c) and deliver need not
     * look */
    bool plain;
    /* set by fast_line: ptrs[] point at the fields already (offsets[] are not set) */
    bool have_ptrs;
    /* scan_line_avx512 instead of scan_line (the CPU has it, and no option says
     * otherwise) */
    bool wide_scan;

    int stop; /* non-zero: stop; -1 on a file error */
    bool at_start;
    bool header_done;
};

static void reader_error(struct reader *r, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void reader_error(struct reader *r, long line, long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(r->dl, DIAG_ERROR, r->name, line, col, fmt, ap);
    va_end(ap);
    r->stop = -1;
}

/* Line breaks in text: "\n", "\r\n" and a lone "\r" each count once. */
static long count_breaks(const char *s, size_t len, bool *pending_cr)
{
    long n = 0;
    if (!*pending_cr && !memchr(s, '\r', len)) { /* LF only: a loop the compiler vectorises */
        for (size_t i = 0; i < len; i++)
            n += s[i] == '\n';
        return n;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n') {
            if (!*pending_cr)
                n++;
            *pending_cr = false;
        } else if (c == '\r') {
            n++;
            *pending_cr = true;
        } else {
            *pending_cr = false;
        }
    }
    return n;
}

static void on_field(void *data, size_t len, void *vr)
{
    struct reader *r = vr;
    if (r->stop)
        return;
    if (r->n_fields == 0)
        r->record_line = r->lines_done + 1;
    long col = (long)r->n_fields + 1;
    if (r->n_fields >= CSV_MAX_FIELDS) {
        reader_error(r, r->record_line, col, "more than %d fields on one line", CSV_MAX_FIELDS);
        return;
    }
    if (len > CSV_MAX_FIELD_BYTES) {
        reader_error(r, r->record_line, col, "field longer than %u bytes", CSV_MAX_FIELD_BYTES);
        return;
    }
    const char *s = data ? data : "";
    if (len && memchr(s, '\0', len)) {
        reader_error(r, r->record_line, col, "field contains a NUL byte");
        return;
    }
    size_t bad;
    if (!utf8_valid(s, len, &bad)) {
        if (r->opt->encoding == CSV_ENC_UTF8)
            reader_error(r, r->record_line, col,
                         "not valid UTF-8 (byte 0x%02x); if the file comes from Excel or an "
                         "older system, try --encoding cp1252",
                         (unsigned char)s[bad]);
        else
            reader_error(r, r->record_line, col, "not valid text after conversion");
        return;
    }
    bool pending = false;
    r->lines_done += count_breaks(s, len, &pending);

    r->offsets = xgrow(r->offsets, sizeof(*r->offsets), r->n_fields + 1, &r->alloc_offsets);
    r->lens = xgrow(r->lens, sizeof(*r->lens), r->n_fields + 1, &r->alloc_lens);
    r->offsets[r->n_fields] = r->arena.len;
    r->lens[r->n_fields] = len;
    strbuf_add(&r->arena, s, len);
    strbuf_addch(&r->arena, '\0');
    r->n_fields++;
}

static void deliver(struct reader *r)
{
    size_t n = r->n_fields;
    /* a record of one empty field is a blank line */
    if (n == 0 || (n == 1 && r->lens[0] == 0))
        goto reset;
    if (!r->have_ptrs) { /* fast_line sets them; libcsv's fields have offsets */
        r->ptrs = xgrow(r->ptrs, sizeof(*r->ptrs), n, &r->alloc_ptrs);
        for (size_t i = 0; i < n; i++)
            r->ptrs[i] = r->arena.buf + r->offsets[i];
    }
    char **owned = NULL;
    size_t n_owned = 0;
    for (size_t i = 0; i < n && !r->plain; i++) {
        /* A byte-order mark belongs at the start of a file only (skipped there); inside
         * it would become part of an id or a name that looks like another. */
        if (unicode_has_bom(r->ptrs[i], r->lens[i])) {
            reader_error(r, r->record_line, (long)i + 1,
                         "a byte-order mark (U+FEFF) inside the file: it is allowed only at "
                         "the very start (was the file joined from several exports?)");
            for (size_t k = 0; k < n_owned; k++)
                free(owned[k]);
            free(owned);
            goto reset;
        }
        /* One name, one spelling: text is read in Unicode NFC (unicode.h). */
        size_t nl;
        char *nfc = unicode_nfc(r->ptrs[i], r->lens[i], &nl);
        if (nfc) {
            if (++r->nfc_changed <= CSV_NFC_WARNINGS)
                diag_add(r->dl, DIAG_WARNING, r->name, r->record_line, (long)i + 1,
                         "text not in Unicode NFC (e.g. a decomposed å, ä or ö, as macOS "
                         "writes it): read in its composed form, so it matches the same name "
                         "written elsewhere");
            owned = xrealloc(owned, (n_owned + 1) * sizeof(*owned));
            owned[n_owned++] = nfc;
            r->ptrs[i] = nfc;
            r->lens[i] = nl;
        }
    }
    struct csv_record rec = {n, r->ptrs, r->lens, r->record_line};
    if (r->header_done && r->info)
        r->info->records++;
    r->header_done = true;
    int rc = r->fn(r->ctx, &rec);
    if (rc)
        r->stop = rc;
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
reset:
    r->plain = false;
    r->have_ptrs = false;
    r->n_fields = 0;
    r->record_line = 0; /* the next record's line is set by its first field */
    strbuf_reset(&r->arena);
}

static void on_record(int c, void *vr)
{
    struct reader *r = vr;
    if (r->stop)
        return;
    if (c == '\n' && r->last_term == '\r' && r->n_fields == 0) {
        r->last_term = '\n';
        if (r->info)
            r->info->crlf = true;
        return;
    }
    if (c == '\n' || c == '\r')
        r->lines_done++;
    r->last_term = c;
    deliver(r);
}

static void *limited_realloc(void *p, size_t n)
{
    if (n > CSV_MAX_FIELD_BYTES + 2 * CSV_BLOCK_BYTES)
        return NULL;
    return realloc(p, n);
}

struct source {
    FILE *fp;           /* reading a file, or */
    const char *data;   /* reading memory */
    size_t len, pos;
    int err; /* errno of a failed read (fread's errno, before anything else clobbers it) */
};

static size_t source_read(struct source *src, char *buf, size_t cap)
{
    if (src->fp) {
        size_t n = fread(buf, 1, cap, src->fp);
        if (n < cap && ferror(src->fp) && !src->err)
            src->err = errno ? errno : EIO;
        return n;
    }
    size_t n = src->len - src->pos < cap ? src->len - src->pos : cap;
    memcpy(buf, src->data + src->pos, n);
    src->pos += n;
    return n;
}

static void parse_error(struct reader *r, struct csv_parser *p, const char *text, size_t done);

/* libcsv's parser state between records (ROW_NOT_BEGUN in libcsv.c; the field is
 * in the public struct csv_parser).  Only then may a line bypass libcsv. */
#define LIBCSV_ROW_NOT_BEGUN 0

/* What scan_line found in a line besides its masks. */
struct line_scan {
    bool very_high;    /* a byte >= 0xCC (a BOM, or text that NFC could change) */
    size_t high_from;  /* the first byte >= 0x80 ... */
    size_t high_to;    /* ... and one past the last; high_from == high_to: none */
};

/* What the masks of a line say beyond its bytes: whether a blank is at a field's
 * edge (returned; bl[] the blanks), the span of bytes >= 0x80 (hi[] those bytes). */
static bool scan_edges(const uint64_t *sep, const uint64_t *bl, const uint64_t *hi,
                       size_t len, size_t *high_from, size_t *high_to)
{
    size_t words = (len + 63) / 64;
    uint64_t edge_any = 0;
    bool seen_high = false;
    *high_from = *high_to = 0;
    for (size_t w = 0; w < words; w++) {
        /* p is an edge when p - 1 or p + 1 is a delimiter or quote, or p is the first
         * or last byte of the line */
        uint64_t before = (sep[w] << 1) | (w ? sep[w - 1] >> 63 : 1);
        uint64_t after = (sep[w] >> 1) | (w + 1 < words ? sep[w + 1] << 63 : 0);
        if (w == words - 1)
            after |= 1ull << ((len - 1) % 64);
        edge_any |= bl[w] & (before | after);
        if (hi[w]) {
            if (!seen_high)
                *high_from = 64 * w + (size_t)__builtin_ctzll(hi[w]);
            seen_high = true;
            *high_to = 64 * w + 64 - (size_t)__builtin_clzll(hi[w]);
        }
    }
    return edge_any != 0;
}

/* One 64-byte word of a line's masks, as a scan computes it (bit i: byte 64 w + i). */
struct word_masks {
    uint64_t sep;       /* delimiters and quotes */
    uint64_t quo;       /* quotes */
    uint64_t blank;     /* spaces and tabs */
    uint64_t high;      /* bytes >= 0x80 */
    uint64_t bad;       /* NUL and CR: the line goes to libcsv */
    uint64_t very_high; /* bytes >= 0xCC */
};

/* Stores word w of the masks into m (laid out as scan_line says), with the bits past
 * the line's len bytes cleared in its last word (a vector load reads on to the next
 * multiple of 64), and adds its NUL/CR and >= 0xCC bits to *bad and *very_high.  One
 * copy for both vector scans; inlined, so the words stay in registers. */
static inline void put_word(uint64_t *m, size_t words, size_t w, size_t len,
                            struct word_masks k, uint64_t *bad, uint64_t *very_high)
{
    if (w == words - 1 && len % 64) {
        uint64_t keep = (1ull << (len % 64)) - 1;
        k.sep &= keep;
        k.quo &= keep;
        k.blank &= keep;
        k.high &= keep;
        k.bad &= keep;
        k.very_high &= keep;
    }
    m[w] = k.sep;
    m[words + w] = k.quo;
    m[2 * words + w] = k.blank;
    m[3 * words + w] = k.high;
    *bad |= k.bad;
    *very_high |= k.very_high;
}

/* scan_line's verdict from the stored masks and what the scan folded: fills ls and
 * returns whether fast_line may split the line (no NUL or CR, no blank at a field's
 * edge). */
static inline bool scan_verdict(const uint64_t *m, size_t words, size_t len, uint64_t bad,
                                uint64_t very_high, struct line_scan *ls)
{
    ls->very_high = very_high != 0;
    /* through locals: the size_t outputs could alias the uint64_t masks */
    size_t high_from, high_to;
    bool blank_edge = scan_edges(m, m + 2 * words, m + 3 * words, len, &high_from, &high_to);
    ls->high_from = high_from;
    ls->high_to = high_to;
    return !bad && !blank_edge;
}

#ifdef HAVE_WIDE_SCAN
/* scan_line 64 bytes at a time, on a CPU with AVX-512BW (most x86-64 servers since
 * 2017): a comparison gives a word of the masks at once, where SSE2 needs 16-byte
 * pieces and a movemask each (scan_line was a fifth of the instructions of splitting
 * a line).  The same masks and verdict as scan_line's other paths, which tests compare. */
__attribute__((target("avx512f,avx512bw"))) static bool
scan_line_avx512(const unsigned char *d, size_t len, unsigned char delim, uint64_t *m,
                 struct line_scan *ls)
{
    size_t words = (len + 63) / 64;
    uint64_t bad = 0, very_high = 0;
    const __m512i vd = _mm512_set1_epi8((char)delim), vq = _mm512_set1_epi8('"');
    const __m512i vz = _mm512_setzero_si512(), vcr = _mm512_set1_epi8('\r');
    const __m512i vsp = _mm512_set1_epi8(' '), vtab = _mm512_set1_epi8('\t');
    const __m512i vcb = _mm512_set1_epi8((char)0xCB);
    for (size_t w = 0; w < words; w++) {
        __m512i x = _mm512_loadu_si512((const void *)(d + 64 * w));
        uint64_t q = _mm512_cmpeq_epi8_mask(x, vq);
        struct word_masks wm = {
            .sep = _mm512_cmpeq_epi8_mask(x, vd) | q,
            .quo = q,
            .blank = _mm512_cmpeq_epi8_mask(x, vsp) | _mm512_cmpeq_epi8_mask(x, vtab),
            .high = _mm512_movepi8_mask(x),
            .bad = _mm512_cmpeq_epi8_mask(x, vz) | _mm512_cmpeq_epi8_mask(x, vcr),
            .very_high = _mm512_cmpgt_epu8_mask(x, vcb)};
        put_word(m, words, w, len, wm, &bad, &very_high);
    }
    return scan_verdict(m, words, len, bad, very_high, ls);
}

/* Whether the CPU (as the kernel and, under valgrind, the emulator present it) has
 * AVX-512BW: asked once. */
static bool wide_scan_available(void)
{
    static int have = -1;
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512f");
    }
    return have;
}
#endif

/*
 * Classifies the `len` bytes of d (readable up to the next multiple of 64) into bit
 * masks, 64 bytes a word (m[0..words), m[words..2 words), ...): the delimiters and
 * quotes, the quotes, the blanks, the bytes >= 0x80; bits past len are clear.  With
 * SSE2 (every x86-64) 16 bytes at a time, which is what makes splitting a line cost
 * a few instructions per field instead of a table lookup per byte; otherwise (or with
 * csv_options.bytewise_scan, which tests compare) byte by byte, with the same result.
 * Returns whether the line can be split by fast_line: no NUL, no CR, and no blank at
 * a field's edge (one libcsv might strip).
 */
static bool scan_line(const unsigned char *d, size_t len, unsigned char delim, uint64_t *m,
                      struct line_scan *ls, bool bytewise)
{
    size_t words = (len + 63) / 64;
    uint64_t bad = 0, very_high = 0;
#if defined(__SSE2__)
    if (!bytewise) {
        /* from a register: GCC builds _mm_set1_epi8 of a variable by storing it as a
         * byte and loading it back as 4, a load the store cannot forward to (a stall
         * on every line, ~7 % of an import) */
        const __m128i vd = _mm_set1_epi32((int)(delim * 0x01010101u)), vq = _mm_set1_epi8('"');
        const __m128i vz = _mm_setzero_si128(), vcr = _mm_set1_epi8('\r');
        const __m128i vsp = _mm_set1_epi8(' '), vtab = _mm_set1_epi8('\t');
        const __m128i vcb = _mm_set1_epi8((char)0xCB); /* signed: 0xCC..0xFF are above */
        for (size_t w = 0; w < words; w++) {
            struct word_masks wm = {0};
            for (int k = 0; k < 4; k++) {
                __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(d + 64 * w + 16 * k));
                __m128i isq = _mm_cmpeq_epi8(x, vq);
                __m128i iss = _mm_or_si128(_mm_cmpeq_epi8(x, vd), isq);
                __m128i ist = _mm_or_si128(_mm_cmpeq_epi8(x, vsp), _mm_cmpeq_epi8(x, vtab));
                __m128i isb = _mm_or_si128(_mm_cmpeq_epi8(x, vz), _mm_cmpeq_epi8(x, vcr));
                uint64_t mh = (uint64_t)_mm_movemask_epi8(x);
                wm.sep |= (uint64_t)_mm_movemask_epi8(iss) << (16 * k);
                wm.quo |= (uint64_t)_mm_movemask_epi8(isq) << (16 * k);
                wm.blank |= (uint64_t)_mm_movemask_epi8(ist) << (16 * k);
                wm.bad |= (uint64_t)_mm_movemask_epi8(isb) << (16 * k);
                wm.high |= mh << (16 * k);
                wm.very_high |=
                    ((uint64_t)_mm_movemask_epi8(_mm_cmpgt_epi8(x, vcb)) & mh) << (16 * k);
            }
            put_word(m, words, w, len, wm, &bad, &very_high);
        }
        return scan_verdict(m, words, len, bad, very_high, ls);
    }
#endif
    (void)bytewise;
    uint64_t *sep = m, *quo = m + words, *bl = m + 2 * words, *hi = m + 3 * words;
    memset(m, 0, 4 * words * sizeof(*m));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = d[i];
        uint64_t bit = 1ull << (i % 64);
        if (c == '"')
            quo[i / 64] |= bit;
        if (c == '"' || c == delim)
            sep[i / 64] |= bit;
        if (c == ' ' || c == '\t')
            bl[i / 64] |= bit;
        if (c >= 0x80)
            hi[i / 64] |= bit;
        bad |= c == '\0' || c == '\r';
        very_high |= c >= 0xCC;
    }
    return scan_verdict(m, words, len, bad, very_high, ls);
}

/* The first set bit of m at or after p, or `limit` if there is none before it. */
static inline size_t next_bit(const uint64_t *m, size_t p, size_t limit)
{
    size_t words = (limit + 63) / 64;
    size_t w = p / 64;
    if (w >= words)
        return limit;
    uint64_t x = m[w] & (~0ull << (p % 64));
    while (!x) {
        if (++w >= words)
            return limit;
        x = m[w];
    }
    size_t at = 64 * w + (size_t)__builtin_ctzll(x);
    return at < limit ? at : limit;
}

/*
 * Splits one line (`len` bytes, its '\n' excluded; s is read in whole 64-byte words,
 * which a chunk's CHUNK_SLACK allows) the way libcsv would, if it is
 * simple: every field is either unquoted, without '"', and without a space or tab at
 * either end (libcsv strips those), or quoted from its first to its last byte with no
 * '"' inside (no doubled quotes) and no line break; no NUL, no '\r' but a last one
 * before the '\n', at most CSV_MAX_FIELDS fields, valid UTF-8.  Then it delivers the
 * record as libcsv's callbacks would (on_record with '\r' and '\n' for CRLF) and
 * returns true.  Otherwise it returns false having changed nothing that matters: the
 * caller gives the line to libcsv.
 *
 * The line is copied once into the arena, classified by scan_line, and its fields
 * are found from the masks.  Checks that libcsv makes field by field are made for the
 * whole line at once, more strictly where that is cheaper (a stricter check only sends
 * a line to libcsv): a blank beside any delimiter or quote, or at either end, sends
 * the line to libcsv (an unquoted field's ends are among those places); UTF-8 is
 * checked over the span of bytes >= 0x80: the delimiter and quotes are ASCII, which
 * no multi-byte sequence contains, so the line is valid exactly when each field is.
 */
static bool fast_line(struct reader *r, const char *s, size_t len)
{
    bool crlf = len && s[len - 1] == '\r';
    if (crlf)
        len--;
    if (len == 0) { /* a blank line: libcsv reports only the terminator(s) */
        if (crlf)
            on_record('\r', r);
        on_record('\n', r);
        return true;
    }
    if (len > CSV_MAX_FIELD_BYTES)
        return false;
    size_t words = (len + 63) / 64;
    r->masks = xgrow(r->masks, sizeof(*r->masks), 4 * words, &r->alloc_masks);
    const uint64_t *sep = r->masks, *quo = r->masks + words;
    /* The line is classified and split where it lies in the chunk (src: read in whole
     * words, as CHUNK_SLACK allows), and copied only for its fields' terminators (d).
     * Reading the copy instead made every line wait: loads of bytes just stored by
     * memcpy's wider, overlapping stores are not forwarded and wait for the stores to
     * reach the cache (perf: ~6 % of an import at the first load). */
    const unsigned char *src = (const unsigned char *)s;
    const unsigned char delim = (unsigned char)r->opt->delimiter;
    struct line_scan ls;
    /* (the verdict returned, not stored beside the other findings: GCC tested such
     * flags as one word, a load wider than the byte stores just before it, which the
     * CPU cannot forward -- perf: a stall on every line) */
    bool simple;
#ifdef HAVE_WIDE_SCAN
    if (r->wide_scan)
        simple = scan_line_avx512(src, len, delim, r->masks, &ls);
    else
#endif
        simple = scan_line(src, len, delim, r->masks, &ls, r->opt->bytewise_scan);
    if (!simple)
        return false; /* NUL, or CR inside the line; a blank libcsv might strip */
    if (ls.high_to > ls.high_from &&
        !utf8_valid(s + ls.high_from, ls.high_to - ls.high_from, NULL))
        return false;
    strbuf_reset(&r->arena);
    strbuf_grow(&r->arena, len + 1);
    unsigned char *d = (unsigned char *)r->arena.buf;
    memcpy(d, s, len);
    d[len] = '\0';
    /* a field ends at a delimiter or the end, so there are at most as many fields as
     * bytes, or as delimiters and quotes, and one: room for them all at once, none
     * checked in the loop (a line that might have too many goes to libcsv, which says
     * so) */
    size_t most = len + 1;
    if (most > CSV_MAX_FIELDS) { /* a long line: count them (a call without -mpopcnt) */
        most = 1;
        for (size_t k = 0; k < words; k++)
            most += (size_t)__builtin_popcountll(sep[k]);
        if (most > CSV_MAX_FIELDS)
            return false;
    }
    if (most > r->alloc_ptrs)
        r->ptrs = xgrow(r->ptrs, sizeof(*r->ptrs), most, &r->alloc_ptrs);
    if (most > r->alloc_lens)
        r->lens = xgrow(r->lens, sizeof(*r->lens), most, &r->alloc_lens);
    const char **ptr = r->ptrs;
    size_t *lens = r->lens;
    size_t n = 0, i = 0;
    /* bits: the delimiters and quotes of word w at or after i; no bit is set at or
     * past len, so a bit found is a position inside the line */
    size_t w = 0;
    uint64_t bits = sep[0];
    for (;;) {
        size_t start, j;
        if (src[i] == '"') { /* (src[len] is the line's '\r' or '\n', no quote) */
            start = i + 1;
            j = next_bit(quo, start, len);
            if (j >= len)
                return false; /* closed on a later line, or never */
            d[j] = '\0';
            i = j + 1;
            if (i < len && src[i] != delim)
                return false; /* a doubled quote, or text after the closing quote */
            w = i / 64;
            bits = w < words ? sep[w] & (~0ull << (i % 64)) : 0;
        } else {
            start = i;
            while (!bits) {
                if (++w >= words)
                    break;
                bits = sep[w];
            }
            if (bits) {
                j = 64 * w + (size_t)__builtin_ctzll(bits);
                if (src[j] != delim)
                    return false; /* '"' in an unquoted field */
            } else {
                j = len;
            }
            i = j;
        }
        ptr[n] = (const char *)d + start;
        lens[n] = j - start;
        n++;
        if (i >= len)
            break;
        d[i++] = '\0'; /* the delimiter ends the field; a last one, an empty field */
        bits &= bits - 1; /* that delimiter's bit, the lowest left */
    }
    r->record_line = r->lines_done + 1;
    r->n_fields = n;
    r->plain = !ls.very_high;
    r->have_ptrs = true;
    if (crlf)
        on_record('\r', r);
    on_record('\n', r);
    return true;
}

/* Feeds converted UTF-8 text to libcsv, or simple lines to fast_line; reports parse
 * errors with exact positions. */
static void feed(struct reader *r, struct csv_parser *p, const char *text, size_t len)
{
    if (r->stop || !len)
        return;
    if (r->at_start) {
        r->at_start = false;
        if (utf8_has_bom(text, len)) {
            if (r->info)
                r->info->had_bom = true;
            text += 3;
            len -= 3;
        }
    }
    size_t pos = 0, n_lf = 0;
    while (pos < len && !r->stop) {
        const char *line_start = text + pos;
        const char *nl = memchr(line_start, '\n', len - pos);
        size_t seg = nl ? (size_t)(nl - line_start) + 1 : len - pos;
        n_lf += nl != NULL;
        if (nl && !r->opt->no_fast_path && p->pstate == LIBCSV_ROW_NOT_BEGUN && r->n_fields == 0 &&
            fast_line(r, line_start, seg - 1)) {
            pos += seg;
            continue;
        }
        size_t done = csv_parse(p, line_start, seg, on_field, on_record, r);
        if (done != seg && !r->stop) {
            parse_error(r, p, text, pos + done);
            break;
        }
        pos += seg;
    }
    if (pos == len && !r->chunk_pending_cr && !memchr(text, '\r', len))
        r->chunk_line += (long)n_lf; /* LF only: the lines are counted already */
    else
        r->chunk_line += count_breaks(text, len, &r->chunk_pending_cr);
}

/* Reports libcsv's error at byte `done` of the current chunk `text`. */
static void parse_error(struct reader *r, struct csv_parser *p, const char *text, size_t done)
{
    {
        bool pending = r->chunk_pending_cr;
        long line = r->chunk_line + count_breaks(text, done, &pending);
        int err = csv_error(p);
        if (err == CSV_EPARSE)
            reader_error(r, line, (long)r->n_fields + 1,
                         "stray quote: a '\"' inside an unquoted field, or text after a "
                         "closing quote");
        else if (err == CSV_ENOMEM || err == CSV_ETOOBIG)
            reader_error(r, line, (long)r->n_fields + 1, "field longer than %u bytes",
                         CSV_MAX_FIELD_BYTES);
        else
            reader_error(r, line, (long)r->n_fields + 1, "cannot parse: %s",
                         csv_strerror(err));
    }
}

static int read_source(const char *name, struct source *src, unsigned long long total,
                       const struct csv_options *opt_in, csv_record_fn fn, void *ctx,
                       struct csv_file_info *info, struct diag_list *dl)
{
    struct csv_options opt = *opt_in;
    struct csv_file_info local_info;
    if (!info)
        info = &local_info;
    memset(info, 0, sizeof(*info));
    info->size_bytes = total;

    struct reader r;
    memset(&r, 0, sizeof(r));
    r.name = name;
    r.opt = &opt;
    r.fn = fn;
    r.ctx = ctx;
    r.dl = dl;
    r.info = info;
    r.at_start = true;
    r.chunk_line = 1;
#ifdef HAVE_WIDE_SCAN
    r.wide_scan = !opt.bytewise_scan && !opt.sse2_scan && wide_scan_available();
#endif
    strbuf_init(&r.arena);

    iconv_t cd = (iconv_t)-1;
    if (opt.encoding != CSV_ENC_UTF8) {
        cd = iconv_open("UTF-8", opt.encoding == CSV_ENC_CP1252 ? "CP1252" : "ISO-8859-1");
        if (cd == (iconv_t)-1) {
            diag_error(dl, name, 0, 0, "cannot convert from %s: %s",
                       csv_encoding_name(opt.encoding), strerror(errno));
            return -1;
        }
    }

    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL);
    csv_set_realloc_func(&p, limited_realloc);
    csv_set_blk_size(&p, CSV_BLOCK_BYTES);

    /* the raw bytes are hashed on a thread of their own while they are parsed here */
    struct sha256_ring *hash = sha256_ring_start(CHUNK_BYTES, CHUNK_SLACK);
    char *raw;
    char *conv = cd != (iconv_t)-1 ? xcalloc(3 * CHUNK_BYTES + 16 + CHUNK_SLACK, 1) : NULL;
    unsigned long long done_bytes = 0;
    bool first = true;
    size_t n;
    while (!r.stop && (n = source_read(src, raw = sha256_ring_next(hash), CHUNK_BYTES)) > 0) {
        sha256_ring_feed(hash, n);
        done_bytes += n;
        const char *text = raw;
        size_t text_len = n;
        if (conv) {
            char *in = raw, *out = conv;
            size_t in_left = n, out_left = 3 * CHUNK_BYTES + 16;
            if (iconv(cd, &in, &in_left, &out, &out_left) == (size_t)-1) {
                /* single-byte encodings: only undefined bytes (EILSEQ) can fail */
                bool pending = r.chunk_pending_cr;
                long line = r.chunk_line + count_breaks(conv, (size_t)(out - conv), &pending);
                reader_error(&r, line, 0, "byte 0x%02x is not a character in %s",
                             (unsigned char)*in, csv_encoding_name(opt.encoding));
                break;
            }
            text = conv;
            text_len = (size_t)(out - conv);
        }
        if (first) {
            first = false;
            if (!opt.delimiter) {
                opt.delimiter = csv_detect_delimiter(name, text, text_len, dl);
                if (!opt.delimiter) {
                    r.stop = -1;
                    break;
                }
            }
            csv_set_delim(&p, (unsigned char)opt.delimiter);
            info->delimiter = opt.delimiter;
        }
        feed(&r, &p, text, text_len);
        if (opt.progress)
            opt.progress(opt.progress_ctx, done_bytes, total);
    }
    if (!r.stop && src->fp && ferror(src->fp)) {
        /* an I/O error, not a fault of the file: the command exits 3 (util/io.h) */
        io_diag_read_errno(r.dl, r.name, src->err, "cannot read");
        r.stop = -1;
    }
    /* A file cut short or written to while it was read (an export still running, a
     * copy still arriving): what was read is neither the file as it was nor as it is,
     * and a cut at a line break reads as a whole file.  Refused (hunt round 3: a file
     * truncated to a third while it was imported was imported as that third).  Files
     * whose size says nothing (procfs: 0) are not judged. */
    if (!r.stop && src->fp && total > 0 && done_bytes != total) {
        reader_error(&r, 0, 0,
                     "the file changed while it was read (%llu bytes when opened, %llu "
                     "read): read it again once it is complete",
                     total, done_bytes);
        r.stop = -1;
    }
    if (!r.stop) {
        if (csv_fini(&p, on_field, on_record, &r) != 0 && !r.stop)
            reader_error(&r, r.record_line ? r.record_line : r.lines_done + 1,
                         (long)r.n_fields + 1,
                         "a quoted field is never closed (missing '\"' before the end of "
                         "the file)");
        else if (!r.stop)
            deliver(&r); /* a last record without a line break */
    }
    if (r.nfc_changed > CSV_NFC_WARNINGS)
        diag_add(r.dl, DIAG_WARNING, r.name, 0, 0,
                 "%ld more fields were not in Unicode NFC and were read in their composed "
                 "form",
                 r.nfc_changed - CSV_NFC_WARNINGS);
    sha256_ring_end(hash, info->sha256); /* (the buffer of the read that found the end
                                              was taken and not fed: nothing to hash) */

    csv_free(&p);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    free(conv);
    free(r.offsets);
    free(r.lens);
    free(r.ptrs);
    free(r.masks);
    strbuf_release(&r.arena);
    return r.stop;
}

int csv_read_file(const char *path, const struct csv_options *opt, csv_record_fn fn,
                  void *ctx, struct csv_file_info *info, struct diag_list *dl)
{
    FILE *fp = io_fopen_regular(path, NULL, dl);
    if (!fp)
        return -1;
    struct stat st;
    unsigned long long total = fstat(fileno(fp), &st) == 0 ? (unsigned long long)st.st_size : 0;
    struct source src = {fp, NULL, 0, 0, 0};
    int rc = read_source(path, &src, total, opt, fn, ctx, info, dl);
    fclose(fp);
    return rc;
}

int csv_read_buffer(const char *name, const char *data, size_t len,
                    const struct csv_options *opt, csv_record_fn fn, void *ctx,
                    struct csv_file_info *info, struct diag_list *dl)
{
    struct source src = {NULL, data, len, 0, 0};
    return read_source(name, &src, len, opt, fn, ctx, info, dl);
}
