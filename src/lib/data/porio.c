/*
 * porio — see porio.h.  The layout read here is ReadStat's view of a .por file: lines
 * of at most 80 characters, each ended by "\n" or "\r\n", a short line counting as if
 * padded with spaces to 80; 200 characters of vanity header, then the table.
 */
#include "data/porio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/io.h"

#define POR_LINE_LENGTH 80
#define POR_TABLE_AT 200
#define POR_TABLE_LENGTH 256
/* ReadStat maps no character to the positions below 64 (control characters), so
 * bytes there do not compete with the real positions */
#define POR_FIRST_MAPPED 64

int porio_fix_table(unsigned char *head, size_t len)
{
    long where[POR_TABLE_LENGTH]; /* file offset of each position, -1 = padding */
    size_t logical = 0, column = 0;
    for (size_t i = 0; i < len && logical < POR_TABLE_AT + POR_TABLE_LENGTH; i++) {
        unsigned char c = head[i];
        if (c == '\r' || c == '\n') {
            if (c == '\r') {
                if (i + 1 >= len || head[i + 1] != '\n')
                    return 0; /* ReadStat refuses it anyway */
                i++;
            }
            for (; column < POR_LINE_LENGTH; column++, logical++)
                if (logical >= POR_TABLE_AT && logical < POR_TABLE_AT + POR_TABLE_LENGTH)
                    where[logical - POR_TABLE_AT] = -1;
            column = 0;
            continue;
        }
        if (column == POR_LINE_LENGTH)
            return 0;
        if (logical >= POR_TABLE_AT)
            where[logical - POR_TABLE_AT] = (long)i;
        logical++;
        column++;
    }
    if (logical < POR_TABLE_AT + POR_TABLE_LENGTH)
        return 0;

    bool in_table[256] = {false};
    for (int p = 0; p < POR_TABLE_LENGTH; p++)
        in_table[where[p] >= 0 ? head[where[p]] : ' '] = true;
    /* the stand-in for the duplicates: a byte the table does not hold, preferring
     * bytes that UTF-8 text never holds either */
    int spare = -1;
    for (int b = 255; b > 0 && spare < 0; b--)
        if (!in_table[b] && b != '\r' && b != '\n')
            spare = b;
    if (spare < 0)
        return 0;

    bool seen[256] = {false};
    int fixes = 0;
    for (int p = POR_FIRST_MAPPED; p < POR_TABLE_LENGTH; p++) {
        if (where[p] < 0)
            continue; /* padding: a space, which has no byte to change */
        unsigned char b = head[where[p]];
        if (seen[b]) {
            head[where[p]] = (unsigned char)spare;
            fixes++;
        }
        seen[b] = true;
    }
    return fixes;
}

static int porio_open(const char *path, void *ctx)
{
    struct porio *io = ctx;
    io->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (io->fd < 0)
        return -1;
    io->pos = 0;
    io->buf_start = 0;
    io->buf_len = 0;
    ssize_t n;
    do
        n = pread(io->fd, io->head, sizeof(io->head), 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        close(io->fd);
        io->fd = -1;
        return -1;
    }
    io->head_len = (size_t)n;
    porio_fix_table(io->head, io->head_len);
    return io->fd;
}

static int porio_close(void *ctx)
{
    struct porio *io = ctx;
    int rc = io->fd >= 0 ? io_close(io->fd) : 0;
    io->fd = -1;
    return rc;
}

static readstat_off_t porio_seek(readstat_off_t offset, readstat_io_flags_t whence, void *ctx)
{
    struct porio *io = ctx;
    readstat_off_t base = 0;
    if (whence == READSTAT_SEEK_CUR)
        base = io->pos;
    else if (whence == READSTAT_SEEK_END) {
        struct stat st;
        if (fstat(io->fd, &st) != 0)
            return -1;
        base = st.st_size;
    }
    if (base + offset < 0)
        return -1;
    io->pos = base + offset;
    return io->pos;
}

static ssize_t porio_read(void *dst, size_t want, void *ctx)
{
    struct porio *io = ctx;
    unsigned char *out = dst;
    size_t done = 0;
    while (done < want) {
        const unsigned char *from;
        size_t avail;
        if ((size_t)io->pos < io->head_len) {
            from = io->head + io->pos;
            avail = io->head_len - (size_t)io->pos;
        } else {
            if (io->pos < io->buf_start || io->pos >= io->buf_start + (readstat_off_t)io->buf_len) {
                ssize_t n;
                do
                    n = pread(io->fd, io->buf, sizeof(io->buf), io->pos);
                while (n < 0 && errno == EINTR);
                if (n < 0)
                    return -1;
                io->buf_start = io->pos;
                io->buf_len = (size_t)n;
                if (n == 0)
                    break; /* end of file */
            }
            from = io->buf + (io->pos - io->buf_start);
            avail = io->buf_len - (size_t)(io->pos - io->buf_start);
        }
        size_t n = want - done < avail ? want - done : avail;
        memcpy(out + done, from, n);
        done += n;
        io->pos += (readstat_off_t)n;
    }
    return (ssize_t)done;
}

static readstat_error_t porio_update(long file_size, readstat_progress_handler progress,
                                     void *user_ctx, void *ctx)
{
    struct porio *io = ctx;
    if (progress && file_size > 0 && progress((double)io->pos / (double)file_size, user_ctx))
        return READSTAT_ERROR_USER_ABORT;
    return READSTAT_OK;
}

void porio_attach(readstat_parser_t *p, struct porio *io)
{
    io->fd = -1;
    readstat_set_open_handler(p, porio_open);
    readstat_set_close_handler(p, porio_close);
    readstat_set_seek_handler(p, porio_seek);
    readstat_set_read_handler(p, porio_read);
    readstat_set_update_handler(p, porio_update);
    readstat_set_io_ctx(p, io);
}
