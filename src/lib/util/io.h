/*
 * io — opening, reading and closing files the way every command needs it, and telling
 * a file the user named wrongly from a system that failed.
 *
 * The exit status depends on the difference (trygg(1), EXIT STATUS): a file that does
 * not exist, may not be read, is a directory or is not a regular file is the input's
 * problem (exit 1, like bad data); an I/O error while reading it (EIO from a failing
 * disk, ENOMEM, EMFILE, ...) is the system's (exit 3): the same command may work
 * tomorrow, and a script must not conclude that the file is bad.
 */
#ifndef TRYGG_UTIL_IO_H
#define TRYGG_UTIL_IO_H

#include <stdbool.h>
#include <stdio.h>

#include "util/diag.h"

/* True when errno value `err` is a failure of the system (I/O error, memory, file
 * descriptors, a full disk ...), false when it is about the path named (ENOENT,
 * EACCES, EISDIR, ELOOP, ENAMETOOLONG, ...). */
bool io_errno_is_system(int err);

/* close(2) that treats EINTR as success.  On Linux the descriptor is released even
 * when close is interrupted, so it must not be retried (another thread may already
 * have the number); POSIX leaves its state unspecified, and for the files trygg
 * writes every byte was already handed over (and fsync'ed) before.  Returns 0 or -1
 * with errno set. */
int io_close(int fd);

/* Flushes, then closes a stdio stream; a close interrupted by a signal (EINTR) is
 * success as for io_close, a failed flush is not.  Returns 0 or EOF with errno. */
int io_fclose(FILE *fp);

/* Opens `path` for reading, only if it is a regular file: a directory, FIFO, socket
 * or device (/dev/zero) is refused with "is a directory" / "is not a regular file"
 * (a FIFO without a writer would otherwise block forever).  `what` names the file in
 * messages ("codebook", or NULL).  On failure adds an error to dl (io_diag_errno for
 * errno failures, so an I/O error counts as a system failure) and returns NULL. */
FILE *io_fopen_regular(const char *path, const char *what, struct diag_list *dl);

/* Adds "[what: ]message: strerror(err)" as an error at file:line:column and, when
 * io_errno_is_system(err), counts it as a system failure (diag_system_failed). */
void io_diag_errno(struct diag_list *dl, const char *file, long line, long column, int err,
                   const char *message);
/* The same for a read of a file that is open already: whatever its errno (libfiu's
 * failing fread gave ENXIO, which at open() means "a device that cannot be opened so"),
 * a failed read is a system failure, never a verdict on the file (found by
 * scripts/fault-soak.sh: "cannot read codebook: No such device or address", exit 1). */
void io_diag_read_errno(struct diag_list *dl, const char *file, int err, const char *message);

/* True when the environment sets TRYGG_THREADS=1: every part of trygg that would do
 * I/O on a thread of its own (the workbook writer, the gnuplot feeders, the screening
 * fits ...) does it in turn on the calling thread instead, so that a fault-injection
 * run (tests/e2e/test_faults.c, scripts/fault-soak.sh) meets the same system calls in
 * the same order every time and replays its faults.  A new thread must ask this. */
bool io_single_thread(void);

#endif
