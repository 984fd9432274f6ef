/*
 * strmap — a hash map from byte strings to 64-bit integers (open addressing, linear
 * probing, FNV-1a).  Used for the lookups an import does per row (wave label, area
 * name, series key -> database id), so a hostile file with a million distinct areas
 * costs linear, not quadratic, time.  Keys are copied.
 */
#ifndef TRYGG_UTIL_STRMAP_H
#define TRYGG_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
    char *key; /* NULL = empty slot */
    size_t len;
    int64_t value;
};

struct strmap {
    struct strmap_entry *slots;
    size_t n_slots; /* a power of two, or 0 */
    size_t n;
};

#define STRMAP_INIT { NULL, 0, 0 }

void strmap_init(struct strmap *m);
void strmap_release(struct strmap *m);
/* True and *value set if key is present. */
bool strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value);
/* Inserts or overwrites. */
void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);

#endif
