/*
 * xalloc — allocation that never returns NULL, and BUG() for broken invariants.
 *
 * Running out of memory is not something a statistics run can recover from in a
 * useful way, so the x* functions print a message and abort instead of making every
 * caller test for NULL.  BUG() marks a programmer error (an invariant the code itself
 * broke), never bad input: bad input goes to the diagnostics list (diag.h).
 */
#ifndef TRYGG_UTIL_XALLOC_H
#define TRYGG_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of `count` elements of `size` bytes to hold at least `need`;
 * updates *alloc.  Overflow-checked. */
void *xgrow(void *ptr, size_t size, size_t need, size_t *alloc);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

_Noreturn void bug_at(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
