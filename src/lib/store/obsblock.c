/*
 * obsblock — see obsblock.h.
 */
#include "store/obsblock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ------------------------------------------------------------------ byte order */

/* Little-endian on disk: on a little-endian machine a plain store (GCC did not fold
 * the byte loop into one, and writing the blocks of an import was a tenth of its
 * instructions outside SHA-256). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline void put_u32(unsigned char *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

static inline void put_u64(unsigned char *p, uint64_t v)
{
    memcpy(p, &v, 8);
}
#else
static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
#endif

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

/* ------------------------------------------------------------------ obs_set */

void obs_set_init(struct obs_set *s, bool want_notes)
{
    memset(s, 0, sizeof(*s));
    strbuf_init(&s->notes);
    s->want_notes = want_notes;
}

void obs_set_clear(struct obs_set *s)
{
    s->n = 0;
    strbuf_reset(&s->notes);
}

void obs_set_release(struct obs_set *s)
{
    free(s->mem);
    strbuf_release(&s->notes);
    bool want = s->want_notes;
    memset(s, 0, sizeof(*s));
    strbuf_init(&s->notes);
    s->want_notes = want;
}

/* The six arrays in one allocation, the 8-byte ones first (each a multiple of 8
 * bytes long, so every array is aligned): an import holds a set per series, grown
 * observation by observation, and six reallocs per growth were a fifth of importing
 * 5,800 series (malloc and the page faults of the memory it moved). */
static void reserve(struct obs_set *s, size_t n)
{
    if (n <= s->alloc)
        return;
    size_t a = s->alloc ? s->alloc : 16;
    while (a < n)
        a *= 2;
    size_t per = sizeof(*s->count) + sizeof(*s->exposure) + sizeof(*s->import_id) +
                 sizeof(*s->period) + sizeof(*s->note_off) + sizeof(*s->preliminary);
    if (a > SIZE_MAX / per)
        BUG("obs_set too large");
    unsigned char *mem = xmalloc(a * per), *at = mem;
    int64_t *count = (int64_t *)(void *)at;
    at += a * sizeof(*count);
    double *exposure = (double *)(void *)at;
    at += a * sizeof(*exposure);
    long long *import_id = (long long *)(void *)at;
    at += a * sizeof(*import_id);
    int32_t *period = (int32_t *)(void *)at;
    at += a * sizeof(*period);
    uint32_t *note_off = (uint32_t *)(void *)at;
    at += a * sizeof(*note_off);
    unsigned char *preliminary = at;
    if (s->n) {
        memcpy(count, s->count, s->n * sizeof(*count));
        memcpy(exposure, s->exposure, s->n * sizeof(*exposure));
        memcpy(import_id, s->import_id, s->n * sizeof(*import_id));
        memcpy(period, s->period, s->n * sizeof(*period));
        memcpy(note_off, s->note_off, s->n * sizeof(*note_off));
        memcpy(preliminary, s->preliminary, s->n * sizeof(*preliminary));
    }
    free(s->mem);
    s->mem = mem;
    s->count = count;
    s->exposure = exposure;
    s->import_id = import_id;
    s->period = period;
    s->note_off = note_off;
    s->preliminary = preliminary;
    s->alloc = a;
}

void obs_set_push(struct obs_set *s, int32_t period, int64_t count, double exposure,
                  bool preliminary, long long import_id, const char *note, size_t note_len)
{
    reserve(s, s->n + 1);
    size_t i = s->n++;
    s->period[i] = period;
    s->count[i] = count;
    s->exposure[i] = exposure;
    s->preliminary[i] = preliminary;
    s->import_id[i] = import_id;
    s->note_off[i] = UINT32_MAX;
    if (s->want_notes && note && note_len && s->notes.len + note_len + 1 < UINT32_MAX) {
        s->note_off[i] = (uint32_t)s->notes.len;
        strbuf_add(&s->notes, note, note_len);
        strbuf_addch(&s->notes, '\0');
    }
}

const char *obs_set_note(const struct obs_set *s, size_t i)
{
    return s->note_off[i] == UINT32_MAX ? NULL : s->notes.buf + s->note_off[i];
}

static const struct obs_set *sort_set;

static int by_period(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int32_t px = sort_set->period[x], py = sort_set->period[y];
    if (px != py)
        return px < py ? -1 : 1;
    return x < y ? -1 : x > y;
}

void obs_set_sort(struct obs_set *s)
{
    size_t n = s->n, i = 1;
    while (i < n && s->period[i - 1] <= s->period[i])
        i++;
    if (i >= n)
        return; /* already in order: one block, or blocks that follow each other */
    size_t *order = xmalloc(n * sizeof(*order));
    for (size_t k = 0; k < n; k++)
        order[k] = k;
    sort_set = s;
    qsort(order, n, sizeof(*order), by_period);
    struct obs_set t;
    obs_set_init(&t, s->want_notes);
    reserve(&t, n);
    for (size_t k = 0; k < n; k++) {
        size_t j = order[k];
        t.period[k] = s->period[j];
        t.count[k] = s->count[j];
        t.exposure[k] = s->exposure[j];
        t.preliminary[k] = s->preliminary[j];
        t.import_id[k] = s->import_id[j];
        t.note_off[k] = s->note_off[j];
    }
    t.n = n;
    strbuf_release(&t.notes);
    t.notes = s->notes; /* the offsets still point into it */
    free(s->mem);
    *s = t;
    free(order);
}

/* ------------------------------------------------------------------ periods */

int32_t obs_period_encode(enum date_kind kind, struct date d)
{
    return kind == DATE_DAY ? (int32_t)date_to_days(d) : (int32_t)date_month_index(d);
}

struct date obs_period_decode(enum date_kind kind, int32_t p)
{
    if (kind == DATE_DAY)
        return date_from_days(p);
    struct date d = {(int)(p / 12), (int)(p % 12) + 1, 0};
    return d;
}

void obs_period_format(enum date_kind kind, int32_t p, char *buf, size_t size)
{
    date_format(obs_period_decode(kind, p), buf, size);
}

/* ------------------------------------------------------------------ blocks */

int obsblock_decode(struct obs_set *s, long long import_id, long long n, const void *period,
                    size_t period_bytes, const void *count, size_t count_bytes,
                    const void *exposure, size_t exposure_bytes, const void *preliminary,
                    size_t preliminary_bytes, const void *note, size_t note_bytes)
{
    if (n < 1 || n > INT32_MAX || period_bytes != (size_t)n * 4 ||
        count_bytes != (size_t)n * 8 || (exposure && exposure_bytes != (size_t)n * 8) ||
        (preliminary && preliminary_bytes != (size_t)n))
        return -1;
    const unsigned char *p = period, *c = count, *e = exposure, *pr = preliminary,
                        *nt = note, *nt_end = nt ? nt + note_bytes : NULL;
    size_t base = s->n;
    reserve(s, base + (size_t)n);
    for (size_t i = 0; i < (size_t)n; i++) {
        size_t k = base + i;
        s->period[k] = (int32_t)get_u32(p + 4 * i);
        s->count[k] = (int64_t)get_u64(c + 8 * i);
        if (e) {
            uint64_t bits = get_u64(e + 8 * i);
            double v;
            memcpy(&v, &bits, sizeof(v));
            s->exposure[k] = v;
        } else {
            s->exposure[k] = NAN;
        }
        s->preliminary[k] = pr ? pr[i] != 0 : 0;
        s->import_id[k] = import_id;
        s->note_off[k] = UINT32_MAX;
        if (nt) {
            if (nt_end - nt < 4)
                goto damaged;
            uint32_t len = get_u32(nt);
            nt += 4;
            if ((size_t)(nt_end - nt) < len)
                goto damaged;
            if (len && s->want_notes && s->notes.len + len + 1 < UINT32_MAX) {
                s->note_off[k] = (uint32_t)s->notes.len;
                strbuf_add(&s->notes, (const char *)nt, len);
                strbuf_addch(&s->notes, '\0');
            }
            nt += len;
        }
    }
    s->n = base + (size_t)n;
    return 0;
damaged:
    return -1;
}

const char obsblock_insert_sql[] =
    "INSERT INTO series_block (series_id, import_id, source_label, n, first_period, "
    "last_period, total, n_preliminary, period, count, exposure, preliminary, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";

int obsblock_insert(struct store *st, sqlite3_stmt *ins, long long series_id,
                    long long import_id, const char *source_label, enum date_kind kind,
                    const struct obs_set *s, const size_t *idx, size_t n,
                    struct diag_list *dl)
{
    bool any_expo = false, any_note = false;
    long long n_prel = 0, total = 0;
    size_t note_bytes = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        any_expo = any_expo || !isnan(s->exposure[i]);
        n_prel += s->preliminary[i] != 0;
        total += s->count[i];
        const char *note = obs_set_note(s, i);
        if (note) {
            any_note = true;
            note_bytes += strlen(note);
        }
    }
    unsigned char *pb = xmalloc(n * 4), *cb = xmalloc(n * 8);
    unsigned char *eb = any_expo ? xmalloc(n * 8) : NULL;
    unsigned char *prb = n_prel ? xmalloc(n) : NULL;
    unsigned char *nb = any_note ? xmalloc(n * 4 + note_bytes) : NULL;
    size_t nbl = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = idx[k];
        put_u32(pb + 4 * k, (uint32_t)s->period[i]);
        put_u64(cb + 8 * k, (uint64_t)s->count[i]);
        if (eb) {
            uint64_t bits;
            memcpy(&bits, &s->exposure[i], sizeof(bits));
            put_u64(eb + 8 * k, bits);
        }
        if (prb)
            prb[k] = s->preliminary[i] != 0;
        if (nb) {
            const char *note = obs_set_note(s, i);
            size_t len = note ? strlen(note) : 0;
            put_u32(nb + nbl, (uint32_t)len);
            memcpy(nb + nbl + 4, note ? note : "", len);
            nbl += 4 + len;
        }
    }
    char first[16], last[16];
    obs_period_format(kind, s->period[idx[0]], first, sizeof(first));
    obs_period_format(kind, s->period[idx[n - 1]], last, sizeof(last));
    sqlite3_bind_int64(ins, 1, series_id);
    sqlite3_bind_int64(ins, 2, import_id);
    store_bind_text(ins, 3, source_label);
    sqlite3_bind_int64(ins, 4, (sqlite3_int64)n);
    sqlite3_bind_text(ins, 5, first, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 6, last, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(ins, 7, total);
    sqlite3_bind_int64(ins, 8, n_prel);
    sqlite3_bind_blob(ins, 9, pb, (int)(n * 4), free);
    sqlite3_bind_blob(ins, 10, cb, (int)(n * 8), free);
    if (eb)
        sqlite3_bind_blob(ins, 11, eb, (int)(n * 8), free);
    else
        sqlite3_bind_null(ins, 11);
    if (prb)
        sqlite3_bind_blob(ins, 12, prb, (int)n, free);
    else
        sqlite3_bind_null(ins, 12);
    if (nb)
        sqlite3_bind_blob(ins, 13, nb, (int)nbl, free);
    else
        sqlite3_bind_null(ins, 13);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    sqlite3_clear_bindings(ins);
    if (rc != SQLITE_DONE)
        return store_error(st, dl, "adding counts");
    return 0;
}

const char obsblock_select_sql[] =
    "SELECT import_id, n, period, count, exposure, preliminary, note FROM series_block "
    "WHERE series_id = ?1";

int obsblock_load_series(struct store *st, sqlite3_stmt *q, long long series_id,
                         struct obs_set *out, struct diag_list *dl)
{
    obs_set_clear(out);
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, series_id);
    int rc, result = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (obsblock_decode(
                out, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2),
                sqlite3_column_blob(q, 3), (size_t)sqlite3_column_bytes(q, 3),
                sqlite3_column_blob(q, 4), (size_t)sqlite3_column_bytes(q, 4),
                sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5),
                out->want_notes ? sqlite3_column_blob(q, 6) : NULL,
                out->want_notes ? (size_t)sqlite3_column_bytes(q, 6) : 0) != 0) {
            diag_error(dl, st->path, 0, 0,
                       "database: the counts of series %lld are damaged (a block's sizes do "
                       "not fit its length)",
                       series_id);
            result = -1;
            break;
        }
    }
    if (!result && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading counts");
    sqlite3_reset(q);
    if (!result)
        obs_set_sort(out);
    return result;
}
