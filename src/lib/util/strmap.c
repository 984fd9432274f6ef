/*
 * strmap — see strmap.h.
 */
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static uint64_t hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

void strmap_init(struct strmap *m)
{
    m->slots = NULL;
    m->n_slots = 0;
    m->n = 0;
}

void strmap_release(struct strmap *m)
{
    for (size_t i = 0; i < m->n_slots; i++)
        free(m->slots[i].key);
    free(m->slots);
    strmap_init(m);
}

static struct strmap_entry *find(const struct strmap *m, const char *key, size_t len)
{
    size_t mask = m->n_slots - 1;
    for (size_t i = hash(key, len) & mask;; i = (i + 1) & mask) {
        struct strmap_entry *e = &m->slots[i];
        if (!e->key || (e->len == len && !memcmp(e->key, key, len)))
            return e;
    }
}

bool strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value)
{
    if (!m->n_slots)
        return false;
    struct strmap_entry *e = find(m, key, len);
    if (!e->key)
        return false;
    *value = e->value;
    return true;
}

static void grow(struct strmap *m)
{
    struct strmap old = *m;
    m->n_slots = old.n_slots ? old.n_slots * 2 : 16;
    m->slots = xcalloc(m->n_slots, sizeof(*m->slots));
    for (size_t i = 0; i < old.n_slots; i++)
        if (old.slots[i].key)
            *find(m, old.slots[i].key, old.slots[i].len) = old.slots[i];
    free(old.slots);
}

void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
    if ((m->n + 1) * 4 > m->n_slots * 3)
        grow(m);
    struct strmap_entry *e = find(m, key, len);
    if (!e->key) {
        e->key = xstrndup(key, len);
        e->len = len;
        m->n++;
    }
    e->value = value;
}
