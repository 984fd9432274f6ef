/*
 * iovfs — see iovfs.h.  The shim's file object holds a pointer to the real one, which
 * follows it in the same allocation (szOsFile is the sum of both sizes); the method
 * tables copy the real file's version, so SQLite sees the same capabilities (WAL needs
 * version 2, memory-mapped I/O version 3).
 */
#include "store/iovfs.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

struct iofile {
    sqlite3_file base;
    sqlite3_file *real;
};

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim;
static atomic_ulong n_failures;
static atomic_int last_errno;

#define REAL(f) (((struct iofile *)(f))->real)

/* Counts a failed call: the errno is read at once, before anything else can set it
 * (the unix VFS returns straight after the failing system call). */
static int note(int rc)
{
    int err = errno;
    int primary = rc & 0xff;
    if (rc == SQLITE_IOERR_CORRUPTFS)
        rc = SQLITE_IOERR_READ; /* the disk failed; the file is not known to be damaged */
    if ((primary == SQLITE_IOERR && rc != SQLITE_IOERR_SHORT_READ) || primary == SQLITE_FULL) {
        atomic_store(&last_errno, err);
        atomic_fetch_add(&n_failures, 1);
    }
    return rc;
}

static int x_close(sqlite3_file *f)
{
    return note(REAL(f)->pMethods->xClose(REAL(f)));
}

static int x_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    return note(REAL(f)->pMethods->xRead(REAL(f), buf, n, off));
}

static int x_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    return note(REAL(f)->pMethods->xWrite(REAL(f), buf, n, off));
}

static int x_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return note(REAL(f)->pMethods->xTruncate(REAL(f), size));
}

static int x_sync(sqlite3_file *f, int flags)
{
    return note(REAL(f)->pMethods->xSync(REAL(f), flags));
}

static int x_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return note(REAL(f)->pMethods->xFileSize(REAL(f), size));
}

static int x_lock(sqlite3_file *f, int level)
{
    return note(REAL(f)->pMethods->xLock(REAL(f), level));
}

static int x_unlock(sqlite3_file *f, int level)
{
    return note(REAL(f)->pMethods->xUnlock(REAL(f), level));
}

static int x_check_reserved_lock(sqlite3_file *f, int *out)
{
    return note(REAL(f)->pMethods->xCheckReservedLock(REAL(f), out));
}

static int x_file_control(sqlite3_file *f, int op, void *arg)
{
    return REAL(f)->pMethods->xFileControl(REAL(f), op, arg);
}

static int x_sector_size(sqlite3_file *f)
{
    return REAL(f)->pMethods->xSectorSize(REAL(f));
}

static int x_device_characteristics(sqlite3_file *f)
{
    return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f));
}

static int x_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **pp)
{
    return note(REAL(f)->pMethods->xShmMap(REAL(f), region, size, extend, pp));
}

static int x_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return note(REAL(f)->pMethods->xShmLock(REAL(f), offset, n, flags));
}

static void x_shm_barrier(sqlite3_file *f)
{
    REAL(f)->pMethods->xShmBarrier(REAL(f));
}

static int x_shm_unmap(sqlite3_file *f, int delete_flag)
{
    return note(REAL(f)->pMethods->xShmUnmap(REAL(f), delete_flag));
}

static int x_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return note(REAL(f)->pMethods->xFetch(REAL(f), off, n, pp));
}

static int x_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return note(REAL(f)->pMethods->xUnfetch(REAL(f), off, p));
}

#define METHODS(version)                                                                    \
    {                                                                                       \
        version, x_close, x_read, x_write, x_truncate, x_sync, x_file_size, x_lock,         \
            x_unlock, x_check_reserved_lock, x_file_control, x_sector_size,                 \
            x_device_characteristics, version >= 2 ? x_shm_map : NULL,                      \
            version >= 2 ? x_shm_lock : NULL, version >= 2 ? x_shm_barrier : NULL,          \
            version >= 2 ? x_shm_unmap : NULL, version >= 3 ? x_fetch : NULL,               \
            version >= 3 ? x_unfetch : NULL                                                 \
    }

static const sqlite3_io_methods methods[3] = {METHODS(1), METHODS(2), METHODS(3)};

static int x_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
                  int *out_flags)
{
    (void)vfs;
    struct iofile *p = (struct iofile *)f;
    p->real = (sqlite3_file *)(p + 1);
    p->real->pMethods = NULL;
    int rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out_flags);
    const sqlite3_io_methods *m = p->real->pMethods;
    if (!m)
        f->pMethods = NULL;
    else
        f->pMethods = &methods[m->iVersion >= 3 ? 2 : m->iVersion <= 1 ? 0 : 1];
    return note(rc);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    shim = *real_vfs;
    shim.zName = "trygg";
    shim.pNext = NULL;
    shim.szOsFile = (int)sizeof(struct iofile) + real_vfs->szOsFile;
    shim.xOpen = x_open;
    sqlite3_vfs_register(&shim, 0);
}

const char *iovfs_name(void)
{
    pthread_once(&once, init);
    return shim.zName;
}

unsigned long iovfs_failures(void)
{
    return atomic_load(&n_failures);
}

int iovfs_last_errno(void)
{
    return atomic_load(&last_errno);
}
