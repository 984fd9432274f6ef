/*
 * atomicfile — write a file under a temporary name and rename it into place, so a
 * killed run never leaves a half-written report behind a good name.
 *
 * The temporary file is made with mkstemp in the target's own directory (rename(2)
 * is atomic only within one file system) and is named ".<name>.tmp-XXXXXX", so a
 * listing shows what it was for.  mkstemp creates mode 0600; on commit the file gets
 * the mode an ordinary open(O_CREAT, 0666) would have given it (0666 & ~umask),
 * its data is fsync'ed, then it is renamed over the target.  Abort (or release
 * without commit) removes the temporary file.
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
};

#define ATOMICFILE_INIT { NULL, NULL, -1 }

/* Creates the temporary file next to `path` (borrowed, copied). */
int atomicfile_open(struct atomicfile *af, const char *path, struct diag_list *dl);
/* Appends len bytes (retries short writes and EINTR). */
int atomicfile_write(struct atomicfile *af, const void *data, size_t len, struct diag_list *dl);
/* Sets the mode, fsyncs, closes and renames the temporary file over the target. */
int atomicfile_commit(struct atomicfile *af, struct diag_list *dl);
/* Closes and removes the temporary file, if any.  Safe to call twice. */
void atomicfile_abort(struct atomicfile *af);
/* Aborts if still open and frees the strings; the struct may be reused after
 * re-initialising it with ATOMICFILE_INIT. */
void atomicfile_release(struct atomicfile *af);

/* Convenience: the whole file in one call (open, write, commit; abort on failure). */
int atomicfile_write_all(const char *path, const void *data, size_t len, struct diag_list *dl);

#endif
