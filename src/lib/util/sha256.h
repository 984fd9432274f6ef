/*
 * sha256 — SHA-256 of files and buffers (nettle), as lowercase hex.
 * Import provenance identifies a file by its hash, so the same file imported twice is
 * recognised whatever its name.
 */
#ifndef TRYGG_UTIL_SHA256_H
#define TRYGG_UTIL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include <nettle/sha2.h>

#define SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

struct sha256 {
    struct sha256_ctx ctx;
};

void sha256_begin(struct sha256 *h);
void sha256_feed(struct sha256 *h, const void *data, size_t len);
/* Writes 64 hex digits and a NUL to hex. */
void sha256_end(struct sha256 *h, char hex[SHA256_HEX_SIZE]);
void sha256_buffer(const void *data, size_t len, char hex[SHA256_HEX_SIZE]);
/* Returns 0, or -1 with errno set if the file cannot be read. */
int sha256_file(const char *path, char hex[SHA256_HEX_SIZE]);

#endif
