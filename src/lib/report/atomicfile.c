/*
 * atomicfile — see atomicfile.h.
 */
#include "report/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* The process umask.  umask() can only be read by setting it; trygg is single-threaded
 * and this is restored at once. */
static mode_t current_umask(void)
{
    mode_t m = umask(022);
    umask(m);
    return m;
}

int atomicfile_open(struct atomicfile *af, const char *path, struct diag_list *dl)
{
    af->path = xstrdup(path);
    af->tmp_path = NULL;
    af->fd = -1;
    const char *slash = strrchr(path, '/');
    struct strbuf tmp = STRBUF_INIT;
    if (slash) {
        strbuf_add(&tmp, path, (size_t)(slash - path) + 1);
        strbuf_addf(&tmp, ".%s.tmp-XXXXXX", slash + 1);
    } else {
        strbuf_addf(&tmp, ".%s.tmp-XXXXXX", path);
    }
    int fd = mkstemp(tmp.buf);
    if (fd < 0) {
        diag_error(dl, path, 0, 0, "cannot create a temporary file for writing: %s",
                   strerror(errno));
        strbuf_release(&tmp);
        return -1;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC); /* not inherited by gnuplot or chromium */
    af->fd = fd;
    af->tmp_path = strbuf_detach(&tmp);
    return 0;
}

int atomicfile_write(struct atomicfile *af, const void *data, size_t len, struct diag_list *dl)
{
    if (af->fd < 0)
        BUG("atomicfile_write on a closed file");
    const char *p = data;
    while (len) {
        ssize_t n = write(af->fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            diag_error(dl, af->path, 0, 0, "cannot write: %s", strerror(errno));
            atomicfile_abort(af);
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int atomicfile_commit(struct atomicfile *af, struct diag_list *dl)
{
    if (af->fd < 0)
        BUG("atomicfile_commit on a closed file");
    const char *what = NULL;
    if (fchmod(af->fd, 0666 & ~current_umask()) != 0)
        what = "cannot set the file mode";
    else if (fsync(af->fd) != 0)
        what = "cannot flush to disk";
    if (what) {
        diag_error(dl, af->path, 0, 0, "%s: %s", what, strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    int rc = close(af->fd);
    af->fd = -1;
    if (rc != 0) {
        diag_error(dl, af->path, 0, 0, "cannot close: %s", strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    if (rename(af->tmp_path, af->path) != 0) {
        diag_error(dl, af->path, 0, 0, "cannot rename the temporary file into place: %s",
                   strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    free(af->tmp_path);
    af->tmp_path = NULL;
    return 0;
}

void atomicfile_abort(struct atomicfile *af)
{
    if (af->fd >= 0) {
        close(af->fd);
        af->fd = -1;
    }
    if (af->tmp_path) {
        unlink(af->tmp_path);
        free(af->tmp_path);
        af->tmp_path = NULL;
    }
}

void atomicfile_release(struct atomicfile *af)
{
    atomicfile_abort(af);
    free(af->path);
    af->path = NULL;
}

int atomicfile_write_all(const char *path, const void *data, size_t len, struct diag_list *dl)
{
    struct atomicfile af = ATOMICFILE_INIT;
    int rc = -1;
    if (atomicfile_open(&af, path, dl) == 0 && atomicfile_write(&af, data, len, dl) == 0 &&
        atomicfile_commit(&af, dl) == 0)
        rc = 0;
    atomicfile_release(&af);
    return rc;
}
