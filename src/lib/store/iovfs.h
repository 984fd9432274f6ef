/*
 * iovfs — SQLite's default (unix) VFS, passed through with two changes, so that a disk
 * that fails is said as one and never as a damaged database:
 *
 *   - a read that fails with EIO (or ERANGE, ENXIO) is SQLITE_IOERR_READ.  The unix VFS
 *     returns SQLITE_IOERR_CORRUPTFS for those, and SQLite's VDBE then reports
 *     SQLITE_CORRUPT, "database disk image is malformed" (sqlite3.c, abort_due_to_error):
 *     `trygg run` under a random read EIO said the database was damaged while the file
 *     was intact (found by scripts/fault-soak.sh, 2026-12-06);
 *   - every failed call of the files' methods (an I/O error or a full disk, not SQLite's
 *     own short read past the end of a file) is counted, with its errno, so store.c can
 *     tell an SQLITE_CORRUPT or SQLITE_NOTADB that followed a failed read (data read
 *     wrongly, not written wrongly) from a damaged file, and name the errno, which
 *     sqlite3_system_errno() loses once SQLite has turned the code into another.
 *
 * Every call goes to the real VFS's method; nothing else changes.
 */
#ifndef TRYGG_STORE_IOVFS_H
#define TRYGG_STORE_IOVFS_H

#include <sqlite3.h>

/* The name to open connections with (sqlite3_open_v2's zVfs); registers the VFS on the
 * first call (thread-safe). */
const char *iovfs_name(void);

/* Failed calls of the process's database files so far, and the errno of the last one
 * (0 when none). */
unsigned long iovfs_failures(void);
int iovfs_last_errno(void);

#endif
