/*
 * statfile — see statfile.h.  ReadStat calls back per variable and per value; the
 * values of one case arrive in variable order, so a case is collected in a row
 * buffer and handed on when the next case starts (or the file ends).
 */
#include "data/statfile.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/porio.h"
#include "util/io.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/unicode.h"
#include "util/utf8.h"
#include "util/xalloc.h"

const char *statfile_format_name(enum statfile_format f)
{
    switch (f) {
    case STATFILE_SAV:
        return "SPSS .sav";
    case STATFILE_POR:
        return "SPSS portable .por";
    case STATFILE_DTA:
        return "Stata .dta";
    case STATFILE_NONE:
        break;
    }
    return "CSV";
}

enum statfile_format statfile_detect(const char *path)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        if (!strcasecmp(dot, ".sav") || !strcasecmp(dot, ".zsav"))
            return STATFILE_SAV;
        if (!strcasecmp(dot, ".por"))
            return STATFILE_POR;
        if (!strcasecmp(dot, ".dta"))
            return STATFILE_DTA;
    }
    unsigned char buf[600];
    /* a regular file only: a FIFO without a writer blocked fopen forever (`trygg
     * codebook from-sav FIFO`); the reader reports what it is */
    struct diag_list quiet;
    diag_list_init(&quiet, 1);
    FILE *fp = io_fopen_regular(path, NULL, &quiet);
    diag_list_release(&quiet);
    if (!fp)
        return STATFILE_NONE;
    size_t n = fread(buf, 1, sizeof(buf), fp);
    fclose(fp);
    if (n >= 4 && (!memcmp(buf, "$FL2", 4) || !memcmp(buf, "$FL3", 4)))
        return STATFILE_SAV;
    if (n >= 11 && !memcmp(buf, "<stata_dta>", 11))
        return STATFILE_DTA;
    /* Stata 8-12: release byte 113-115 (also 104-112), byte order 1 or 2, type 1 */
    if (n >= 4 && buf[0] >= 104 && buf[0] <= 115 && (buf[1] == 1 || buf[1] == 2) && buf[2] == 1 &&
        buf[3] == 0)
        return STATFILE_DTA;
    for (size_t i = 0; i + 8 <= n; i++)
        if (!memcmp(buf + i, "SPSSPORT", 8))
            return STATFILE_POR;
    return STATFILE_NONE;
}

/* A C0 control character or DEL in a name. */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* ReadStat's message, printable: it quotes bytes of the damaged file (a timestamp, a
 * name), which reached the terminal raw, escape sequences included; control bytes and
 * invalid UTF-8 become \xNN (diag_quote, without its quotes). */
static void add_message(struct strbuf *err, const char *message)
{
    size_t at = err->len;
    diag_quote(err, message, strlen(message), 400);
    memmove(err->buf + at, err->buf + at + 1, err->len - at - 2);
    strbuf_setlen(err, err->len - 2);
}

/*
 * .sav and .dta through reads of trygg's own.  ReadStat's default handlers read once
 * and take a short read for a damaged file, and an I/O error reached the user as
 * "Invalid file, or file has unsupported features" or "did not contain the expected
 * number of rows" (found under fault injection, scripts/fault-soak.sh).  These read until
 * the count or the end of the file (EINTR retried) and keep the errno of a failed call,
 * which the message then gives.
 *
 * Reads go through a buffer: ReadStat asks for a few bytes at a time (a .sav value label
 * is two reads of 8 and 1 bytes and one of its length), so reading the file directly
 * made 480,000 read() calls for 60,000 value labels.  A request as large as the buffer
 * or larger is read straight into the caller's memory after what the buffer holds.  A
 * seek inside the buffered bytes moves in the buffer; any other drops it.
 */
#define PIO_BUFFER_BYTES 65536

struct plainio {
    int fd;
    int err; /* errno of the first failed call, 0 when none */
    bool opened; /* err is of a read or seek of the open file: a system failure */
    off_t file_pos;   /* the descriptor's offset: the end of the buffered bytes */
    size_t pos, len;  /* the next byte to hand out, and the bytes held */
    unsigned char *buf;
};

static int pio_open(const char *path, void *ctx)
{
    struct plainio *io = ctx;
    io->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (io->fd < 0 && !io->err)
        io->err = errno;
    io->opened = io->fd >= 0 && !io->err;
    io->file_pos = 0;
    io->pos = io->len = 0;
    return io->fd;
}

static int pio_close(void *ctx)
{
    struct plainio *io = ctx;
    int rc = io->fd >= 0 ? io_close(io->fd) : 0;
    io->fd = -1;
    io->pos = io->len = 0;
    return rc;
}

/* The offset of the next byte ReadStat reads. */
static off_t pio_tell(const struct plainio *io)
{
    return io->file_pos - (off_t)(io->len - io->pos);
}

static readstat_off_t pio_seek(readstat_off_t offset, readstat_io_flags_t whence, void *ctx)
{
    struct plainio *io = ctx;
    off_t target = -1;
    if (whence == READSTAT_SEEK_SET)
        target = (off_t)offset;
    else if (whence == READSTAT_SEEK_CUR)
        target = pio_tell(io) + (off_t)offset;
    off_t start = io->file_pos - (off_t)io->len; /* the offset of buf[0] */
    if (target >= start && target <= io->file_pos) {
        io->pos = (size_t)(target - start);
        return (readstat_off_t)target;
    }
    off_t r = whence == READSTAT_SEEK_END ? lseek(io->fd, (off_t)offset, SEEK_END)
                                          : target < 0 ? (errno = EINVAL, -1)
                                                       : lseek(io->fd, target, SEEK_SET);
    io->pos = io->len = 0;
    if (r < 0) {
        if (!io->err)
            io->err = errno;
        return -1;
    }
    io->file_pos = r;
    return (readstat_off_t)r;
}

/* read() until n bytes or the end of the file; -1 on a failure (its errno kept). */
static ssize_t pio_read_fd(struct plainio *io, unsigned char *dst, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t k = read(io->fd, dst + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            if (!io->err)
                io->err = errno;
            return -1;
        }
        if (k == 0)
            break; /* the end of the file: ReadStat judges a short count */
        got += (size_t)k;
        io->file_pos += k;
    }
    return (ssize_t)got;
}

static ssize_t pio_read(void *buf, size_t nbyte, void *ctx)
{
    struct plainio *io = ctx;
    unsigned char *out = buf;
    size_t got = io->len - io->pos < nbyte ? io->len - io->pos : nbyte;
    memcpy(out, io->buf + io->pos, got);
    io->pos += got;
    if (got == nbyte)
        return (ssize_t)got;
    if (nbyte - got >= PIO_BUFFER_BYTES) {
        io->pos = io->len = 0;
        ssize_t k = pio_read_fd(io, out + got, nbyte - got);
        return k < 0 ? -1 : (ssize_t)(got + (size_t)k);
    }
    ssize_t k = pio_read_fd(io, io->buf, PIO_BUFFER_BYTES);
    io->pos = 0;
    io->len = k < 0 ? 0 : (size_t)k;
    if (k < 0)
        return -1;
    size_t more = io->len < nbyte - got ? io->len : nbyte - got;
    memcpy(out + got, io->buf, more);
    io->pos = more;
    return (ssize_t)(got + more);
}

static readstat_error_t pio_update(long file_size, readstat_progress_handler progress,
                                   void *user_ctx, void *ctx)
{
    struct plainio *io = ctx;
    if (!progress)
        return READSTAT_OK;
    off_t pos = pio_tell(io);
    if (progress(file_size > 0 ? (double)pos / (double)file_size : 1.0, user_ctx) !=
        READSTAT_HANDLER_OK)
        return READSTAT_ERROR_USER_ABORT;
    return READSTAT_OK;
}

static void pio_attach(readstat_parser_t *p, struct plainio *io)
{
    io->fd = -1;
    io->err = 0;
    io->opened = false;
    io->file_pos = 0;
    io->pos = io->len = 0;
    io->buf = xmalloc(PIO_BUFFER_BYTES);
    readstat_set_open_handler(p, pio_open);
    readstat_set_close_handler(p, pio_close);
    readstat_set_seek_handler(p, pio_seek);
    readstat_set_read_handler(p, pio_read);
    readstat_set_update_handler(p, pio_update);
    readstat_set_io_ctx(p, io);
}

/* *io_err: the errno of a failed read of a .sav or .dta, 0 when none; negated when the
 * file could not even be opened (judged by io_errno_is_system, util/io.h). */
static readstat_error_t parse(readstat_parser_t *p, const char *path,
                              enum statfile_format fmt, void *ctx, int *io_err)
{
    *io_err = 0;
    struct plainio pio;
    switch (fmt) {
    case STATFILE_SAV: {
        pio_attach(p, &pio);
        readstat_error_t e = readstat_parse_sav(p, path, ctx);
        *io_err = pio.opened ? pio.err : -pio.err;
        free(pio.buf);
        return e;
    }
    case STATFILE_POR: {
        /* through porio: buffered, and the header's table read as SPSS and PSPP do */
        struct porio *io = xmalloc(sizeof(*io));
        porio_attach(p, io);
        readstat_error_t e = readstat_parse_por(p, path, ctx);
        free(io);
        return e;
    }
    case STATFILE_DTA: {
        pio_attach(p, &pio);
        readstat_error_t e = readstat_parse_dta(p, path, ctx);
        *io_err = pio.opened ? pio.err : -pio.err;
        free(pio.buf);
        return e;
    }
    case STATFILE_NONE:
        break;
    }
    return READSTAT_ERROR_PARSE;
}

/* ------------------------------------------------------------------ the data */

struct reader {
    const char *path;
    struct diag_list *dl;
    csv_record_fn fn;
    void *ctx;
    size_t n_vars;
    struct strbuf *cells; /* one per variable */
    const char **fields;
    size_t *lens;
    long row;             /* 0-based case being collected, -1 = none yet */
    bool header_sent;
    int stop;             /* the callback's non-zero value, or -1 */
    unsigned long long records;
    struct strbuf err;
};

/* Text values in Unicode NFC, as every reader gives them (util/unicode.h). */
static void cells_nfc(struct reader *r)
{
    for (size_t i = 0; i < r->n_vars; i++) {
        size_t nl;
        char *nfc = unicode_nfc(r->cells[i].buf, r->cells[i].len, &nl);
        if (nfc) {
            strbuf_reset(&r->cells[i]);
            strbuf_add(&r->cells[i], nfc, nl);
            free(nfc);
        }
    }
}

static int send_header(struct reader *r)
{
    cells_nfc(r);
    r->header_sent = true;
    for (size_t i = 0; i < r->n_vars; i++) {
        r->fields[i] = r->cells[i].buf;
        r->lens[i] = r->cells[i].len;
    }
    struct csv_record rec = {r->n_vars, r->fields, r->lens, 0};
    int rc = r->fn(r->ctx, &rec);
    for (size_t i = 0; i < r->n_vars; i++)
        strbuf_reset(&r->cells[i]);
    return rc;
}

static int send_row(struct reader *r)
{
    cells_nfc(r);
    for (size_t i = 0; i < r->n_vars; i++) {
        r->fields[i] = r->cells[i].buf;
        r->lens[i] = r->cells[i].len;
    }
    struct csv_record rec = {r->n_vars, r->fields, r->lens, r->row + 1};
    r->records++;
    int rc = r->fn(r->ctx, &rec);
    for (size_t i = 0; i < r->n_vars; i++)
        strbuf_reset(&r->cells[i]);
    return rc;
}

static int on_variable(int index, readstat_variable_t *variable, const char *val_labels,
                       void *ctx)
{
    (void)val_labels;
    struct reader *r = ctx;
    if ((size_t)index != r->n_vars) {
        strbuf_addstr(&r->err, "variables out of order");
        return READSTAT_HANDLER_ABORT;
    }
    /* a damaged file can leave a variable without a name (found by fuzzing) */
    const char *name = readstat_variable_get_name(variable);
    if (!name || !*name) {
        strbuf_addf(&r->err, "variable %d has no name", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    if (!utf8_valid(name, strlen(name), NULL)) {
        strbuf_addf(&r->err, "the name of variable %d is not valid UTF-8", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    if (has_control(name)) {
        strbuf_addf(&r->err, "the name of variable %d holds a control character", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    r->cells = xrealloc(r->cells, (r->n_vars + 1) * sizeof(*r->cells));
    strbuf_init(&r->cells[r->n_vars]);
    strbuf_addstr(&r->cells[r->n_vars], name);
    r->n_vars++;
    return READSTAT_HANDLER_OK;
}

/* Writes a number as the CSV reader would have seen it. */
static void format_number(struct strbuf *out, double x)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        strbuf_addf(out, "%lld", (long long)x);
    } else {
        char buf[NUM_FMT_SIZE];
        strbuf_addstr(out, num_format(x, buf));
    }
}

static int on_value(int obs_index, readstat_variable_t *variable, readstat_value_t value,
                    void *ctx)
{
    struct reader *r = ctx;
    if (!r->header_sent) {
        r->fields = xcalloc(r->n_vars ? r->n_vars : 1, sizeof(*r->fields));
        r->lens = xcalloc(r->n_vars ? r->n_vars : 1, sizeof(*r->lens));
        int rc = send_header(r);
        if (rc) {
            r->stop = rc;
            return READSTAT_HANDLER_ABORT;
        }
    }
    if (obs_index != r->row) {
        if (r->row >= 0) {
            int rc = send_row(r);
            if (rc) {
                r->stop = rc;
                return READSTAT_HANDLER_ABORT;
            }
        }
        r->row = obs_index;
    }
    int index = readstat_variable_get_index(variable);
    if (index < 0 || (size_t)index >= r->n_vars)
        return READSTAT_HANDLER_OK;
    struct strbuf *c = &r->cells[index];
    strbuf_reset(c);
    if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value))
        return READSTAT_HANDLER_OK;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        const char *s = readstat_string_value(value);
        if (!s)
            return READSTAT_HANDLER_OK;
        size_t len = strlen(s);
        size_t bad;
        if (!utf8_valid(s, len, &bad)) {
            diag_error(r->dl, r->path, (long)obs_index + 1, (long)index + 1,
                       "the text is not valid UTF-8 after conversion (byte 0x%02x)",
                       (unsigned char)s[bad]);
            return READSTAT_HANDLER_OK;
        }
        strbuf_add(c, s, len);
    } else {
        format_number(c, readstat_double_value(value));
    }
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *message, void *ctx)
{
    struct reader *r = ctx;
    if (!r->err.len)
        add_message(&r->err, message);
    while (r->err.len && (r->err.buf[r->err.len - 1] == '\n' || r->err.buf[r->err.len - 1] == '.'))
        strbuf_setlen(&r->err, r->err.len - 1);
}

/* Size and SHA-256 of the raw file, for provenance. */
static int file_info(const char *path, struct csv_file_info *info, struct diag_list *dl)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        io_diag_errno(dl, path, 0, 0, errno, "cannot open");
        return -1;
    }
    if (info) {
        memset(info, 0, sizeof(*info));
        info->size_bytes = (unsigned long long)sb.st_size;
        if (sha256_file(path, info->sha256) != 0) {
            io_diag_errno(dl, path, 0, 0, errno, "cannot read");
            return -1;
        }
    }
    return 0;
}

int statfile_read(const char *path, enum statfile_format fmt, csv_record_fn fn, void *ctx,
                  struct csv_file_info *info, struct diag_list *dl)
{
    if (file_info(path, info, dl) != 0)
        return -1;
    struct reader r;
    memset(&r, 0, sizeof(r));
    r.path = path;
    r.dl = dl;
    r.fn = fn;
    r.ctx = ctx;
    r.row = -1;
    strbuf_init(&r.err);
    readstat_parser_t *p = readstat_parser_init();
    readstat_set_variable_handler(p, on_variable);
    readstat_set_value_handler(p, on_value);
    readstat_set_error_handler(p, on_error);
    size_t errors = dl->n_errors;
    int io_err;
    readstat_error_t e = parse(p, path, fmt, &r, &io_err);
    readstat_parser_free(p);
    int result = 0;
    if (r.stop) {
        result = r.stop;
    } else if (e != READSTAT_OK && io_err) {
        io_err > 0 ? io_diag_read_errno(dl, path, io_err, "cannot read")
                   : io_diag_errno(dl, path, 0, 0, -io_err, "cannot open");
        result = -1;
    } else if (e != READSTAT_OK) {
        diag_error(dl, path, r.row >= 0 ? r.row + 1 : 0, 0, "cannot read as %s: %s%s%s",
                   statfile_format_name(fmt), readstat_error_message(e),
                   r.err.len ? ": " : "", r.err.buf);
        result = -1;
    } else {
        if (!r.header_sent) {
            r.fields = xcalloc(r.n_vars ? r.n_vars : 1, sizeof(*r.fields));
            r.lens = xcalloc(r.n_vars ? r.n_vars : 1, sizeof(*r.lens));
            result = send_header(&r);
        }
        if (!result && r.row >= 0)
            result = send_row(&r);
        if (!result && dl->n_errors > errors)
            result = -1;
    }
    if (info)
        info->records = r.records;
    for (size_t i = 0; i < r.n_vars; i++)
        strbuf_release(&r.cells[i]);
    free(r.cells);
    free(r.fields);
    free(r.lens);
    strbuf_release(&r.err);
    return result;
}

int table_read_file(const char *path, const struct csv_options *opt, csv_record_fn fn,
                    void *ctx, struct csv_file_info *info, struct diag_list *dl)
{
    enum statfile_format fmt = statfile_detect(path);
    if (fmt == STATFILE_NONE)
        return csv_read_file(path, opt, fn, ctx, info, dl);
    return statfile_read(path, fmt, fn, ctx, info, dl);
}

/* ------------------------------------------------------------ the dictionary */

struct meta_reader {
    struct statfile_meta *meta;
    struct strbuf err;
};

/* A copy of a label from the file, NULL if empty; bytes that are not UTF-8 (a damaged
 * or mislabelled file) become '?', so the drafted codebook is always valid text. */
static char *dup_or_null(const char *s)
{
    if (!s || !*s)
        return NULL;
    char *copy = xstrdup(s);
    size_t len = strlen(copy), at = 0, bad;
    while (!utf8_valid(copy + at, len - at, &bad)) {
        copy[at + bad] = '?';
        at += bad + 1;
    }
    return copy;
}

static int meta_on_metadata(readstat_metadata_t *m, void *ctx)
{
    struct meta_reader *mr = ctx;
    mr->meta->file_label = dup_or_null(readstat_get_file_label(m));
    mr->meta->created = readstat_get_creation_time(m);
    mr->meta->n_cases = readstat_get_row_count(m);
    return READSTAT_HANDLER_OK;
}

static double value_number(readstat_value_t v)
{
    return readstat_value_type_class(v) == READSTAT_TYPE_CLASS_STRING ? NAN
                                                                      : readstat_double_value(v);
}

static int meta_on_variable(int index, readstat_variable_t *variable, const char *val_labels,
                            void *ctx)
{
    struct meta_reader *mr = ctx;
    struct statfile_meta *m = mr->meta;
    const char *name = readstat_variable_get_name(variable);
    if (!name || !*name) { /* a damaged file (found by fuzzing) */
        strbuf_addf(&mr->err, "variable %d has no name", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    if (!utf8_valid(name, strlen(name), NULL)) {
        strbuf_addf(&mr->err, "the name of variable %d is not valid UTF-8", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    /* a newline in a name would write lines of its own into the drafted codebook
     * (`column = NAME`): a .dta can hold one, found by scripts/hostile-hunt.py */
    if (has_control(name)) {
        strbuf_addf(&mr->err, "the name of variable %d holds a control character", index + 1);
        return READSTAT_HANDLER_ABORT;
    }
    m->vars = xgrow(m->vars, sizeof(*m->vars), m->n_vars + 1, &m->alloc_vars);
    struct statfile_var *v = &m->vars[m->n_vars++];
    memset(v, 0, sizeof(*v));
    v->name = xstrdup(name);
    v->label = dup_or_null(readstat_variable_get_label(variable));
    v->is_string = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING;
    v->label_set = dup_or_null(val_labels);
    int nm = readstat_variable_get_missing_ranges_count(variable);
    for (int i = 0; i < nm && v->n_missing < 3; i++) {
        double lo = value_number(readstat_variable_get_missing_range_lo(variable, i));
        double hi = value_number(readstat_variable_get_missing_range_hi(variable, i));
        if (isnan(lo) || isnan(hi))
            continue;
        v->missing_lo[v->n_missing] = lo;
        v->missing_hi[v->n_missing] = hi;
        v->n_missing++;
    }
    return READSTAT_HANDLER_SKIP_VARIABLE;
}

static int meta_on_value_label(const char *val_labels, readstat_value_t value, const char *label,
                               void *ctx)
{
    struct meta_reader *mr = ctx;
    struct statfile_meta *m = mr->meta;
    double x = value_number(value);
    if (isnan(x) || !label || !val_labels)
        return READSTAT_HANDLER_OK; /* string and tagged-missing labels are not codes */
    struct statfile_label_set *set = NULL;
    for (size_t i = 0; i < m->n_sets && !set; i++)
        if (!strcmp(m->sets[i].name, val_labels))
            set = &m->sets[i];
    if (!set) {
        m->sets = xgrow(m->sets, sizeof(*m->sets), m->n_sets + 1, &m->alloc_sets);
        set = &m->sets[m->n_sets++];
        memset(set, 0, sizeof(*set));
        set->name = xstrdup(val_labels);
    }
    set->labels = xgrow(set->labels, sizeof(*set->labels), set->n + 1, &set->alloc);
    set->labels[set->n].value = x;
    set->labels[set->n].label = *label ? dup_or_null(label) : xstrdup("");
    set->n++;
    return READSTAT_HANDLER_OK;
}

static void meta_on_error(const char *message, void *ctx)
{
    struct meta_reader *mr = ctx;
    if (!mr->err.len)
        add_message(&mr->err, message);
}

int statfile_read_meta(const char *path, struct statfile_meta *meta, struct diag_list *dl)
{
    memset(meta, 0, sizeof(*meta));
    meta->n_cases = -1;
    meta->format = statfile_detect(path);
    struct stat sb;
    if (meta->format != STATFILE_NONE && (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))) {
        /* named .sav but a FIFO, device or folder: said as such, never opened (a FIFO
         * would block) */
        FILE *fp = io_fopen_regular(path, NULL, dl);
        if (fp)
            fclose(fp);
        return -1;
    }
    if (meta->format == STATFILE_NONE) {
        FILE *fp = io_fopen_regular(path, NULL, dl);
        if (fp) {
            fclose(fp);
            diag_error(dl, path, 0, 0,
                       "is not an SPSS (.sav, .zsav, .por) or Stata (.dta) file");
        }
        return -1;
    }
    struct meta_reader mr = {meta, STRBUF_INIT};
    readstat_parser_t *p = readstat_parser_init();
    readstat_set_metadata_handler(p, meta_on_metadata);
    readstat_set_variable_handler(p, meta_on_variable);
    readstat_set_value_label_handler(p, meta_on_value_label);
    readstat_set_error_handler(p, meta_on_error);
    int io_err;
    readstat_error_t e = parse(p, path, meta->format, &mr, &io_err);
    readstat_parser_free(p);
    int result = 0;
    if (e != READSTAT_OK && io_err) {
        io_err > 0 ? io_diag_read_errno(dl, path, io_err, "cannot read")
                   : io_diag_errno(dl, path, 0, 0, -io_err, "cannot open");
        result = -1;
    } else if (e != READSTAT_OK) {
        while (mr.err.len && (mr.err.buf[mr.err.len - 1] == '\n' || mr.err.buf[mr.err.len - 1] == '.'))
            strbuf_setlen(&mr.err, mr.err.len - 1);
        diag_error(dl, path, 0, 0, "cannot read as %s: %s%s%s", statfile_format_name(meta->format),
                   readstat_error_message(e), mr.err.len ? ": " : "", mr.err.buf);
        result = -1;
    }
    strbuf_release(&mr.err);
    return result;
}

void statfile_meta_release(struct statfile_meta *meta)
{
    for (size_t i = 0; i < meta->n_vars; i++) {
        free(meta->vars[i].name);
        free(meta->vars[i].label);
        free(meta->vars[i].label_set);
    }
    free(meta->vars);
    for (size_t i = 0; i < meta->n_sets; i++) {
        for (size_t k = 0; k < meta->sets[i].n; k++)
            free(meta->sets[i].labels[k].label);
        free(meta->sets[i].labels);
        free(meta->sets[i].name);
    }
    free(meta->sets);
    free(meta->file_label);
    memset(meta, 0, sizeof(*meta));
}

const struct statfile_label_set *statfile_var_labels(const struct statfile_meta *meta,
                                                     const struct statfile_var *v)
{
    if (!v->label_set)
        return NULL;
    for (size_t i = 0; i < meta->n_sets; i++)
        if (!strcmp(meta->sets[i].name, v->label_set))
            return &meta->sets[i];
    return NULL;
}
