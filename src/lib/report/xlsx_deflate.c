/*
 * xlsx_deflate — see xlsx_deflate.h.
 *
 * libxlsxwriter (1.1.4, and every release since) adds each part of the workbook to
 * its zip file with
 *     zipOpenNewFileInZip4_64(zip, name, &info, ..., Z_DEFLATED, Z_DEFAULT_COMPRESSION,
 *                             0, -MAX_WBITS, DEF_MEM_LEVEL, Z_DEFAULT_STRATEGY, ...)
 * and offers no setting for the level.  That function is minizip's, called through
 * libxlsxwriter's dynamic symbol table, so a definition in trygg's own binary is the
 * one it reaches (the executable comes first in symbol look-up, and the linker exports
 * a definition that a linked shared library refers to).  This one passes the call on to
 * minizip's (the next definition: dlsym(RTLD_NEXT)) unchanged but for the level:
 * zlib's default level 6 becomes level 1.  Nothing else in trygg writes zip files, and a
 * call that asks for a level of its own keeps it.
 *
 * Why: a 5,800-series screening writes ~10 MB of sheet XML, and deflating it at level 6
 * took ~15 % of the run's CPU; level 1 takes about a third of that, for a file ~20 %
 * larger (1.55 -> 1.87 MB).  The XML inside is the same byte for byte; a zip reader
 * inflates any level alike.
 *
 * minizip's header (libminizip-dev) is not needed: the prototype below is its
 * published ABI (zip.h of minizip 1.1, the version libxlsxwriter links), with the
 * struct pointer as const void *, which is passed through untouched.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "report/xlsx_deflate.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <zlib.h>

/* minizip: ZIP_INTERNALERROR */
#define XLSX_ZIP_INTERNALERROR (-104)

typedef int (*zip_open_fn)(void *file, const char *filename, const void *zipfi,
                           const void *extrafield_local, uInt size_extrafield_local,
                           const void *extrafield_global, uInt size_extrafield_global,
                           const char *comment, int method, int level, int raw, int windowBits,
                           int memLevel, int strategy, const char *password,
                           uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                           int zip64);

int zipOpenNewFileInZip4_64(void *file, const char *filename, const void *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw,
                            int windowBits, int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase,
                            int zip64);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static zip_open_fn real_open;

static void resolve(void)
{
    void *p = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    /* (POSIX guarantees a function's address survives the trip through void *) */
    if (p)
        memcpy(&real_open, &p, sizeof(real_open));
}

bool xlsx_deflate_fast(void)
{
    pthread_once(&once, resolve);
    return real_open != NULL;
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
    if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION)
        level = XLSX_DEFLATE_LEVEL;
    return real_open(file, filename, zipfi, extrafield_local, size_extrafield_local,
                     extrafield_global, size_extrafield_global, comment, method, level, raw,
                     windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                     flagBase, zip64);
}
