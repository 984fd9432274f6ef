/*
 * atomicfile — write a file under a temporary name and rename it into place, so a
 * killed run never leaves a half-written report behind a good name.
 *
 * The target's directory is opened once (O_DIRECTORY | O_NOFOLLOW: a symbolic link
 * in its place is refused, not followed), and the temporary file is created in it
 * with openat(O_CREAT | O_EXCL | O_NOFOLLOW) (rename(2) is atomic only within one
 * file system), named ".<name>.tmp-XXXXXX", so a listing shows what it was for.  It
 * is created 0600; on commit it gets the mode an ordinary open(O_CREAT, 0666) would
 * have given it (0666 & ~umask), but never world-writable whatever the umask; its
 * data is fsync'ed, it is renamed over the target with renameat (a symbolic link
 * at the target's name is replaced, never followed), and the directory is fsync'ed.
 * Abort (or release without commit) removes the temporary file.
 *
 * Another process may fill the temporary file by name (gnuplot's `set output`): keep
 * the atomicfile open while it runs; commit then fsyncs whatever it wrote.
 *
 * Errors (system failures) go into the diagnostics list with the target path; the
 * functions return 0 on success and -1 on failure.  After a failure the struct is
 * already cleaned up (temporary removed) and only atomicfile_release() is needed.
 */
#ifndef TRYGG_OUT_ATOMICFILE_H
#define TRYGG_OUT_ATOMICFILE_H

#include <stddef.h>

#include "util/diag.h"

struct atomicfile {
    char *path;     /* the target (owned copy) */
    char *tmp_path; /* the temporary file, NULL when none is open */
    int fd;         /* open on tmp_path, -1 when none */
    int dirfd;      /* the target's directory, -1 when none */
    char *name, *tmp_name; /* the target's and the temporary file's names in it */
};

#define ATOMICFILE_INIT { NULL, NULL, -1, -1, NULL, NULL }

/* The mode a file trygg creates gets: 0666 & ~umask, without write for others. */
unsigned atomicfile_mode(void);

/* Creates the temporary file next to `path` (borrowed, copied). */
int atomicfile_open(struct atomicfile *af, const char *path, struct diag_list *dl);
/* Appends len bytes (retries short writes and EINTR). */
int atomicfile_write(struct atomicfile *af, const void *data, size_t len, struct diag_list *dl);
/* Sets the mode, fsyncs, closes and renames the temporary file over the target. */
int atomicfile_commit(struct atomicfile *af, struct diag_list *dl);
/* The same without flushing the directory: for many files renamed into one folder,
 * which the caller then flushes once with atomicfile_sync_dir (a folder's flush costs
 * as much as a file's; a report's charts are dozens of files). */
int atomicfile_commit_batch(struct atomicfile *af, struct diag_list *dl);
/* Asks the kernel to start writing out what was written so far (a hint, no wait; a
 * failure is ignored: commit's fsync is what counts).  For many files committed in a
 * row: started together, the file system allocates and journals them in one go and
 * each commit then waits for data already on its way. */
void atomicfile_start_writeback(struct atomicfile *af);
/* fsyncs a directory (a failure is ignored, as commit's own: the renames are done). */
void atomicfile_sync_dir(const char *dir);
/* Closes and removes the temporary file, if any.  Safe to call twice. */
void atomicfile_abort(struct atomicfile *af);
/* Aborts if still open and frees the strings; the struct may be reused after
 * re-initialising it with ATOMICFILE_INIT. */
void atomicfile_release(struct atomicfile *af);

/* Convenience: the whole file in one call (open, write, commit; abort on failure). */
int atomicfile_write_all(const char *path, const void *data, size_t len, struct diag_list *dl);

/* Many whole files into one directory with as few waits for the disk as it takes:
 * all are written under temporary names, their writeback started together, then
 * each is fsync'ed and renamed into place in the order given, and the directory is
 * fsync'ed once after the last rename (atomicfile_write_all() per file fsyncs the
 * directory every time: 80 tables took 0.2 s).  Every name ends as its old whole file
 * or its new one; on an error the files not yet renamed are removed and -1 returned
 * (the ones renamed before it stay, whole). */
struct atomicfile_item {
    const char *name; /* in dir, no '/' */
    const void *data;
    size_t len;
};
int atomicfile_write_dir(const char *dir, const struct atomicfile_item *items, size_t n,
                         struct diag_list *dl);

#endif
