/*
 * atomicfile — see atomicfile.h.
 */
#define _GNU_SOURCE /* sync_file_range(2): start every file's writeback before waiting */
#include "report/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/io.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The process umask.  umask() can only be read by setting it, which would race with the
 * threads that draw charts (plot.c) creating files; Linux shows it in /proc/self/status
 * without changing it.  Only where that cannot be read is it set and restored. */
static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    if (f) {
        char line[256];
        unsigned m;
        while (fgets(line, sizeof(line), f))
            if (sscanf(line, "Umask: %o", &m) == 1) {
                fclose(f);
                return (mode_t)m;
            }
        fclose(f);
    }
    mode_t m = umask(022);
    umask(m);
    return m;
}

unsigned atomicfile_mode(void)
{
    return 0666 & ~current_umask() & ~(mode_t)S_IWOTH;
}

int atomicfile_open(struct atomicfile *af, const char *path, struct diag_list *dl)
{
    af->path = xstrdup(path);
    af->tmp_path = af->name = af->tmp_name = NULL;
    af->fd = af->dirfd = -1;
    const char *slash = strrchr(path, '/');
    struct strbuf dir = STRBUF_INIT;
    if (slash)
        strbuf_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
    else
        strbuf_addch(&dir, '.');
    af->name = xstrdup(slash ? slash + 1 : path);
    af->dirfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (af->dirfd < 0) {
        diag_error(dl, path, 0, 0, "cannot open its folder for writing%s: %s",
                   errno == ELOOP || errno == ENOTDIR ? " (a symbolic link is not followed)" : "",
                   strerror(errno));
        strbuf_release(&dir);
        atomicfile_abort(af);
        return -1;
    }
    static _Atomic unsigned long counter; /* chart and workbook threads open files too */
    struct strbuf tmp = STRBUF_INIT;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
        static const char letters[] =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        unsigned long long x = (unsigned long long)getpid() * 2654435761u ^
                               (unsigned long long)time(NULL) * 40503u ^ ++counter * 97u ^
                               (unsigned long long)clock();
        strbuf_reset(&tmp);
        strbuf_addf(&tmp, ".%s.tmp-", af->name);
        for (int k = 0; k < 6; k++) {
            strbuf_addch(&tmp, letters[x % 62]);
            x = x / 62 + (unsigned long long)k * 7919u;
        }
        fd = openat(af->dirfd, tmp.buf, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        diag_error(dl, path, 0, 0, "cannot create a temporary file for writing: %s",
                   strerror(errno));
        strbuf_release(&tmp);
        strbuf_release(&dir);
        atomicfile_abort(af);
        return -1;
    }
    af->fd = fd;
    af->tmp_name = strbuf_detach(&tmp);
    strbuf_addf(&dir, "/%s", af->tmp_name);
    af->tmp_path = strbuf_detach(&dir);
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

static int commit(struct atomicfile *af, bool sync_dir, struct diag_list *dl);

int atomicfile_commit(struct atomicfile *af, struct diag_list *dl)
{
    return commit(af, true, dl);
}

int atomicfile_commit_batch(struct atomicfile *af, struct diag_list *dl)
{
    return commit(af, false, dl);
}

void atomicfile_start_writeback(struct atomicfile *af)
{
    if (af->fd >= 0)
        (void)sync_file_range(af->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

void atomicfile_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int commit(struct atomicfile *af, bool sync_dir, struct diag_list *dl)
{
    if (af->fd < 0)
        BUG("atomicfile_commit on a closed file");
    const char *what = NULL;
    if (fchmod(af->fd, atomicfile_mode()) != 0)
        what = "cannot set the file mode";
    else if (fsync(af->fd) != 0)
        what = "cannot flush to disk";
    if (what) {
        diag_error(dl, af->path, 0, 0, "%s: %s", what, strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    int rc = io_close(af->fd); /* EINTR is success: Linux closed it (util/io.h) */
    af->fd = -1;
    if (rc != 0) {
        diag_error(dl, af->path, 0, 0, "cannot close: %s", strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    if (renameat(af->dirfd, af->tmp_name, af->dirfd, af->name) != 0) {
        diag_error(dl, af->path, 0, 0, "cannot rename the temporary file into place: %s",
                   strerror(errno));
        atomicfile_abort(af);
        return -1;
    }
    if (sync_dir)
        fsync(af->dirfd); /* the rename itself survives a power cut */
    free(af->tmp_path);
    af->tmp_path = NULL;
    atomicfile_abort(af);
    return 0;
}


void atomicfile_abort(struct atomicfile *af)
{
    if (af->fd >= 0) {
        close(af->fd);
        af->fd = -1;
    }
    if (af->tmp_path) {
        if (af->dirfd >= 0 && af->tmp_name)
            unlinkat(af->dirfd, af->tmp_name, 0);
        free(af->tmp_path);
        af->tmp_path = NULL;
    }
    free(af->tmp_name);
    af->tmp_name = NULL;
    if (af->dirfd >= 0) {
        close(af->dirfd);
        af->dirfd = -1;
    }
}

void atomicfile_release(struct atomicfile *af)
{
    atomicfile_abort(af);
    free(af->path);
    af->path = NULL;
    free(af->name);
    af->name = NULL;
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

int atomicfile_write_dir(const char *dir, const struct atomicfile_item *items, size_t n,
                         struct diag_list *dl)
{
    struct atomicfile *af = xcalloc(n ? n : 1, sizeof(*af));
    struct strbuf path = STRBUF_INIT;
    int rc = 0;
    size_t i;
    for (i = 0; i < n; i++)
        af[i] = (struct atomicfile)ATOMICFILE_INIT;
    /* every file written under its temporary name first ... */
    for (i = 0; i < n && !rc; i++) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s", dir, items[i].name);
        if (atomicfile_open(&af[i], path.buf, dl) != 0 ||
            atomicfile_write(&af[i], items[i].data, items[i].len, dl) != 0)
            rc = -1;
    }
    /* ... the kernel asked to write them all out (a hint: fsync below is what counts),
     * so the file system allocates and journals them together and each fsync then
     * waits for data already on its way ... */
    for (i = 0; i < n && !rc; i++)
        (void)sync_file_range(af[i].fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    /* ... then each flushed and renamed into place in order (a killed run leaves every
     * name either its old whole file or its new one: the last, e.g. an index, last),
     * and the directory, holding every rename, fsync'ed once */
    for (i = 0; i < n && !rc; i++)
        if (commit(&af[i], i + 1 == n, dl) != 0)
            rc = -1;
    for (i = 0; i < n; i++)
        atomicfile_release(&af[i]);
    free(af);
    strbuf_release(&path);
    return rc;
}
