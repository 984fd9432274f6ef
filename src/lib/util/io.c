/*
 * io — see io.h.
 */
#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool io_errno_is_system(int err)
{
    switch (err) {
    case ENOENT:       /* the path names nothing */
    case ENOTDIR:      /* a part of it is not a folder */
    case EACCES:       /* not allowed to read it */
    case EPERM:
    case EISDIR:       /* a folder */
    case ELOOP:        /* symbolic links in a circle */
    case ENAMETOOLONG:
    case ENXIO:        /* a device or socket that cannot be opened so */
    case ENODEV:
    case ETXTBSY:
        return false;
    default:
        return true;
    }
}

bool io_single_thread(void)
{
    const char *threads = getenv("TRYGG_THREADS");
    return threads && !strcmp(threads, "1");
}

int io_close(int fd)
{
    if (close(fd) == 0 || errno == EINTR)
        return 0;
    return -1;
}

int io_fclose(FILE *fp)
{
    int rc = fflush(fp);
    int err = errno;
    if (fclose(fp) != 0 && errno != EINTR && rc == 0) {
        rc = EOF;
        err = errno;
    }
    errno = err;
    return rc == 0 ? 0 : EOF;
}

void io_diag_errno(struct diag_list *dl, const char *file, long line, long column, int err,
                   const char *message)
{
    diag_error(dl, file, line, column, "%s: %s", message, strerror(err));
    if (io_errno_is_system(err))
        dl->n_system++;
}

void io_diag_read_errno(struct diag_list *dl, const char *file, int err, const char *message)
{
    diag_error(dl, file, 0, 0, "%s: %s", message, strerror(err ? err : EIO));
    dl->n_system++;
}

FILE *io_fopen_regular(const char *path, const char *what, struct diag_list *dl)
{
    /* O_NONBLOCK: a FIFO without a writer must not block the open; the flag is
     * taken off again for the regular file read below */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat sb;
    int err = errno;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        err = errno;
        if (fd >= 0)
            io_close(fd);
        char msg[80];
        snprintf(msg, sizeof(msg), "cannot open%s%s", what ? " " : "", what ? what : "");
        io_diag_errno(dl, path, 0, 0, err, msg);
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        io_close(fd);
        diag_error(dl, path, 0, 0, "%s%s%s", what ? what : "", what ? " " : "",
                   S_ISDIR(sb.st_mode) ? "is a directory, not a file"
                                       : "is not a regular file (a device, FIFO or socket)");
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    FILE *fp = fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0 ? NULL : fdopen(fd, "rb");
    if (!fp) {
        err = errno;
        io_close(fd);
        io_diag_errno(dl, path, 0, 0, err, "cannot open");
        return NULL;
    }
    return fp;
}
