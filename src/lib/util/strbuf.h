/*
 * strbuf — a growable, always NUL-terminated byte string.
 *
 * Invariants: `buf` is never NULL after strbuf_init() (it points at a shared empty
 * string until the first append), `buf[len] == '\0'`, and `len < alloc` whenever
 * alloc > 0.  The bytes may contain NULs; `len` is authoritative.
 * Lifecycle (git's words): strbuf_init() / strbuf_release(); strbuf_reset() empties
 * without freeing; strbuf_detach() hands the buffer to the caller (free with free()).
 */
#ifndef TRYGG_UTIL_STRBUF_H
#define TRYGG_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    size_t alloc; /* bytes allocated, 0 while buf points at the shared empty string */
    size_t len;   /* bytes in use, excluding the terminating NUL */
    char *buf;
};

#define STRBUF_INIT { 0, 0, strbuf_empty }
extern char strbuf_empty[];

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Strips ASCII white space at both ends. */
void strbuf_trim(struct strbuf *sb);

#endif
