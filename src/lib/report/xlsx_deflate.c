/*
 * xlsx_deflate — see xlsx_deflate.h.
 *
 * libxlsxwriter (1.1.4, and every release since) adds each part of the workbook to
 * its zip file with
 *     zipOpenNewFileInZip4_64(zip, name, &info, ..., Z_DEFLATED, Z_DEFAULT_COMPRESSION,
 *                             0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, ...)
 *     zipWriteInFileInZip(zip, buffer, n)      (the part, piece by piece)
 *     zipCloseFileInZip(zip)
 * and offers no setting for the level.  Those functions are minizip's, called through
 * libxlsxwriter's dynamic symbol table, so a definition in trygg's own binary is the
 * one it reaches (the executable comes first in symbol look-up, and the linker exports
 * a definition that a linked shared library refers to).  The ones below pass the calls
 * on to minizip's (the next definitions: dlsym(RTLD_NEXT)) but deflate the part
 * themselves:
 *
 *   - at zlib level 1 instead of the default 6.  Why: a 5,800-series screening writes
 *     ~10 MB of sheet XML, and deflating it at level 6 took ~15 % of the run's CPU;
 *     level 1 takes about a third of that, for a file ~20 % larger (1.55 -> 1.87 MB).
 *   - on both cores.  Even at level 1, deflate was ~60 % of the instructions of writing
 *     that workbook (on its own thread, the run's critical path once the fits are
 *     done), while the other core waited for it.  A part is cut into blocks of BLOCK
 *     bytes as it comes; each pair of blocks is deflated at once, the first on a
 *     second thread, each block its own raw deflate stream ended by a sync flush (an
 *     empty stored block: byte aligned, not final) but the part's last, ended by
 *     Z_FINISH.  Laid end to end they are one valid deflate stream (what pigz does);
 *     the part's CRC-32 is the blocks' combined.  The blocks go to minizip as raw
 *     (already deflated) data with the part's size and CRC.  Two input and two output
 *     buffers and two deflate states serve every block of a workbook: fresh memory is
 *     expensive here (each page's first touch faults; on a virtual machine ~5 ms a MB),
 *     so nothing grows with the part.
 *
 * The XML inside is the same byte for byte; a zip reader inflates any level and any
 * block layout alike.  The cut depends only on the data, not on the threads: with
 * TRYGG_THREADS=1 the pairs are deflated in turn and the file is the same.  Nothing
 * else in trygg writes zip files, and a call that asks for a level or a raw part of its
 * own is passed on unchanged.
 *
 * minizip's header (libminizip-dev) is not needed: the prototypes below are its
 * published ABI (zip.h of minizip 1.1, the version libxlsxwriter links), with the
 * struct pointer as const void *, which is passed through untouched.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "report/xlsx_deflate.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/io.h"
#include "util/xalloc.h"

/* minizip: ZIP_OK, ZIP_INTERNALERROR */
#define XLSX_ZIP_OK 0
#define XLSX_ZIP_INTERNALERROR (-104)
/* zlib's DEF_MEM_LEVEL, what minizip deflates with */
#define XLSX_MEM_LEVEL 8

/* A part is deflated in blocks of this size (its own deflate stream each: a block
 * starts without the previous one's 32 KB window, ~0.1 % more output a block). */
#define BLOCK ((size_t)1 << 20)

typedef int (*zip_open_fn)(void *file, const char *filename, const void *zipfi,
                           const void *extrafield_local, uInt size_extrafield_local,
                           const void *extrafield_global, uInt size_extrafield_global,
                           const char *comment, int method, int level, int raw, int windowBits,
                           int memLevel, int strategy, const char *password,
                           uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                           int zip64);
typedef int (*zip_write_fn)(void *file, const void *buf, unsigned len);
typedef int (*zip_close_fn)(void *file);
typedef int (*zip_close_raw_fn)(void *file, unsigned long long uncompressed_size,
                                uLong crc32);
typedef int (*zip_finish_fn)(void *file, const char *global_comment);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64);
int zipWriteInFileInZip(void *file, const void *buf, unsigned len);
int zipCloseFileInZip(void *file);
int zipClose(void *file, const char *global_comment);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static zip_open_fn real_open;
static zip_write_fn real_write;
static zip_close_fn real_close;
static zip_close_raw_fn real_close_raw;
static zip_finish_fn real_finish;

static void *next_symbol(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

static void resolve(void)
{
    /* (POSIX guarantees a function's address survives the trip through void *) */
    void *p = next_symbol("zipOpenNewFileInZip4_64");
    void *w = next_symbol("zipWriteInFileInZip");
    void *c = next_symbol("zipCloseFileInZip");
    void *r = next_symbol("zipCloseFileInZipRaw64");
    void *f = next_symbol("zipClose");
    if (p && w && c && r && f) {
        memcpy(&real_open, &p, sizeof(real_open));
        memcpy(&real_write, &w, sizeof(real_write));
        memcpy(&real_close, &c, sizeof(real_close));
        memcpy(&real_close_raw, &r, sizeof(real_close_raw));
        memcpy(&real_finish, &f, sizeof(real_finish));
    }
}

bool xlsx_deflate_fast(void)
{
    pthread_once(&once, resolve);
    return real_open != NULL;
}

/* A block: its input, its deflated output and the deflate state that makes it. */
struct block {
    unsigned char *in, *out;
    size_t len, out_cap, out_len;
    bool last;           /* ends the part: Z_FINISH, else a sync flush */
    z_stream zs;
    bool zs_ready;
    uLong crc;
    int rc;              /* Z_OK or a zlib error */
};

/* The part being deflated on this thread (a workbook is written by one thread). */
struct collect {
    void *file;          /* the zip whose part is ours, NULL when none */
    struct block b[2];   /* a pair: b[0] fills first, then b[1] */
    int filling;         /* the block being filled */
    unsigned long long total; /* bytes of the part so far */
    uLong crc;           /* CRC-32 of the part so far */
    int error;           /* the first failure, reported at the close */
};
static _Thread_local struct collect part;

/* Frees the buffers and deflate states (the zip closed, or given up). */
static void part_end(void)
{
    for (int i = 0; i < 2; i++) {
        struct block *k = &part.b[i];
        free(k->in);
        free(k->out);
        if (k->zs_ready)
            deflateEnd(&k->zs);
        memset(k, 0, sizeof(*k));
    }
    part.file = NULL;
    part.filling = 0;
}

/* The block's input as one raw deflate stream, ended as k->last says, and its CRC. */
static void deflate_block(struct block *k)
{
    k->crc = crc32_z(0, k->in, k->len);
    k->out_len = 0;
    if (!k->zs_ready) {
        memset(&k->zs, 0, sizeof(k->zs));
        k->rc = deflateInit2(&k->zs, XLSX_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS,
                             XLSX_MEM_LEVEL, Z_DEFAULT_STRATEGY);
        if (k->rc != Z_OK)
            return;
        k->zs_ready = true;
    } else if ((k->rc = deflateReset(&k->zs)) != Z_OK) {
        return;
    }
    size_t need = deflateBound(&k->zs, k->len) + 64;
    if (k->out_cap < need) {
        free(k->out);
        k->out = xmalloc(need);
        k->out_cap = need;
    }
    /* BLOCK bytes in, at most deflateBound out: one call finishes the block */
    k->zs.next_in = k->in;
    k->zs.avail_in = (uInt)k->len;
    k->zs.next_out = k->out;
    k->zs.avail_out = (uInt)k->out_cap;
    int flush = k->last ? Z_FINISH : Z_SYNC_FLUSH;
    int rc = deflate(&k->zs, flush);
    k->out_len = k->out_cap - k->zs.avail_out;
    k->rc = k->zs.avail_in == 0 && k->zs.avail_out > 0 &&
                    (flush == Z_FINISH ? rc == Z_STREAM_END : rc == Z_OK)
                ? Z_OK
                : Z_BUF_ERROR;
}

static void *block_thread(void *arg)
{
    deflate_block(arg);
    return NULL;
}

/* Deflates the filled blocks (the pair at once: b[0] on a second thread unless
 * TRYGG_THREADS=1) and hands them to minizip in order; `last` ends the part. */
static void flush_blocks(bool last)
{
    int n = part.filling + 1; /* blocks in use: b[0], or b[0] and b[1] */
    for (int i = 0; i < n; i++)
        part.b[i].last = last && i == n - 1;
    pthread_t th;
    bool threaded = n == 2 && !io_single_thread() &&
                    pthread_create(&th, NULL, block_thread, &part.b[0]) == 0;
    if (n == 2 && !threaded)
        deflate_block(&part.b[0]);
    deflate_block(&part.b[n - 1]);
    if (threaded)
        pthread_join(th, NULL);
    for (int i = 0; i < n; i++) {
        struct block *k = &part.b[i];
        if (k->rc != Z_OK && !part.error)
            part.error = XLSX_ZIP_INTERNALERROR;
        part.crc = crc32_combine(part.crc, k->crc, (z_off_t)k->len);
        part.total += k->len;
        if (!part.error) {
            int rc = real_write(part.file, k->out, (unsigned)k->out_len);
            if (rc != XLSX_ZIP_OK)
                part.error = rc;
        }
        k->len = 0;
    }
    part.filling = 0;
}

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64)
{
    if (!xlsx_deflate_fast())
        return XLSX_ZIP_INTERNALERROR; /* no minizip behind us: cannot happen when linked */
    bool ours = method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION && !raw && !password;
    if (ours)
        level = XLSX_DEFLATE_LEVEL;
    if (getenv("TRYGG_SERIALZIP")) ours = false; /* recorded in the part's flags: "super fast" */
    /* ours: raw, so minizip writes the stream deflated here as it is */
    int rc = real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
                       extrafield_global, size_extrafield_global, comment, method, level,
                       ours ? 1 : raw, windowBits, memLevel, strategy, password, crcForCrypting,
                       versionMadeBy, flagBase, zip64);
    if (ours && rc == XLSX_ZIP_OK) {
        part.file = file;
        part.filling = 0;
        part.b[0].len = part.b[1].len = 0;
        part.total = 0;
        part.crc = crc32_z(0, NULL, 0);
        part.error = 0;
    }
    return rc;
}

int zipWriteInFileInZip(void *file, const void *buf, unsigned len)
{
    if (!xlsx_deflate_fast())
        return XLSX_ZIP_INTERNALERROR;
    if (!file || file != part.file)
        return real_write(file, buf, len);
    const unsigned char *p = buf;
    while (len && !part.error) {
        struct block *k = &part.b[part.filling];
        if (!k->in)
            k->in = xmalloc(BLOCK);
        size_t take = BLOCK - k->len < len ? BLOCK - k->len : len;
        memcpy(k->in + k->len, p, take);
        k->len += take;
        p += take;
        len -= (unsigned)take;
        if (k->len == BLOCK && len) { /* full, and more to come: the next block, or the pair out */
            if (part.filling == 0)
                part.filling = 1;
            else
                flush_blocks(false);
        }
    }
    int rc = part.error;
    if (rc) /* libxlsxwriter gives the part up: so do we */
        part_end();
    return rc ? rc : XLSX_ZIP_OK;
}

int zipCloseFileInZip(void *file)
{
    if (!xlsx_deflate_fast())
        return XLSX_ZIP_INTERNALERROR;
    if (!file || file != part.file)
        return real_close(file);
    flush_blocks(true);
    int rc = part.error ? part.error : real_close_raw(file, part.total, part.crc);
    if (part.error)
        part_end();
    part.file = NULL; /* the buffers stay for the workbook's next part */
    return rc;
}

/* The zip closed (or freed after a failure): the blocks' buffers and states go. */
int zipClose(void *file, const char *global_comment)
{
    if (!xlsx_deflate_fast())
        return XLSX_ZIP_INTERNALERROR;
    part_end(); /* the workbook is written: its buffers go */
    return real_finish(file, global_comment);
}
