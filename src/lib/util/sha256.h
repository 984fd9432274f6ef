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

/*
 * A ring of read buffers whose bytes are hashed on a thread of its own while the
 * caller parses them, so a reader's SHA-256 (a sixth of importing a large file) costs
 * no wall time on a machine with a second core; the CPU time is the same.  The
 * caller takes a buffer (sha256_ring_next), fills it, hands it over
 * (sha256_ring_feed) and may read it until it takes the next one: a buffer is filled
 * again only after the thread has hashed it.  With TRYGG_THREADS=1 (util/io.h) or if
 * no thread can be started, the bytes are hashed on the calling thread, in
 * sha256_ring_feed.  Each buffer has `slack` zeroed bytes past `cap`.
 */
struct sha256_ring;
struct sha256_ring *sha256_ring_start(size_t cap, size_t slack);
/* The next buffer to fill (cap bytes, and the slack): waits until it is hashed. */
char *sha256_ring_next(struct sha256_ring *r);
/* Hands the first n bytes of the buffer sha256_ring_next gave over to be hashed. */
void sha256_ring_feed(struct sha256_ring *r, size_t n);
/* Waits for the last bytes, writes the hash of every byte fed (in order), frees r.  A
 * buffer taken and not fed is not hashed. */
void sha256_ring_end(struct sha256_ring *r, char hex[SHA256_HEX_SIZE]);

#endif
