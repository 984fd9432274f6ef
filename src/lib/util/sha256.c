/*
 * sha256 — see sha256.h.
 */
#include "util/sha256.h"

#include <errno.h>
#include <stdio.h>

void sha256_begin(struct sha256 *h)
{
    sha256_init(&h->ctx);
}

void sha256_feed(struct sha256 *h, const void *data, size_t len)
{
    sha256_update(&h->ctx, len, data);
}

void sha256_end(struct sha256 *h, char hex[SHA256_HEX_SIZE])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    static const char digits[] = "0123456789abcdef";
    sha256_digest(&h->ctx, sizeof(digest), digest);
    for (size_t i = 0; i < sizeof(digest); i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void sha256_buffer(const void *data, size_t len, char hex[SHA256_HEX_SIZE])
{
    struct sha256 h;
    sha256_begin(&h);
    sha256_feed(&h, data, len);
    sha256_end(&h, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_SIZE])
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    struct sha256 h;
    char buf[1 << 16];
    size_t n;
    sha256_begin(&h);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        sha256_feed(&h, buf, n);
    int err = ferror(fp) ? (errno ? errno : EIO) : 0;
    fclose(fp);
    if (err) {
        errno = err; /* the caller's message gives it (fclose may have changed it) */
        return -1;
    }
    sha256_end(&h, hex);
    return 0;
}
