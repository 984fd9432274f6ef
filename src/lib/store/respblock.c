/*
 * respblock — see respblock.h.
 */
#include "store/respblock.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ------------------------------------------------------------------ byte order */

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static bool host_is_little_endian(void)
{
    const uint16_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* Copies n elements of `size` bytes from little-endian src into host order. */
static void from_le(void *dst, const void *src, size_t n, size_t size)
{
    memcpy(dst, src, n * size);
    if (host_is_little_endian())
        return;
    unsigned char *p = dst;
    for (size_t i = 0; i < n; i++, p += size)
        for (size_t a = 0, b = size - 1; a < b; a++, b--) {
            unsigned char t = p[a];
            p[a] = p[b];
            p[b] = t;
        }
}

/* The same in place, host order -> little-endian (an involution). */
static void to_le(void *buf, size_t n, size_t size)
{
    from_le(buf, buf, n, size);
}

/* ------------------------------------------------------------------ keys */

size_t respblock_encode_key(const char *id, size_t len, unsigned char *out)
{
    bool integer = len > 0 && len <= 19 && (id[0] != '0' || len == 1);
    uint64_t v = 0;
    if (integer) {
        size_t i = 0;
        for (unsigned d; i < len && (d = (unsigned)(unsigned char)id[i] - '0') <= 9; i++)
            v = v * 10 + d;
        integer = i == len;
    }
    if (integer && len == 19 && memcmp(id, "9223372036854775807", 19) > 0)
        integer = false; /* keep the integer form unambiguous */
    if (integer) {
        /* big-endian, byte by byte (written out: GCC makes it one byte swap) */
        out[0] = 0x00;
        out[1] = (unsigned char)(v >> 56);
        out[2] = (unsigned char)(v >> 48);
        out[3] = (unsigned char)(v >> 40);
        out[4] = (unsigned char)(v >> 32);
        out[5] = (unsigned char)(v >> 24);
        out[6] = (unsigned char)(v >> 16);
        out[7] = (unsigned char)(v >> 8);
        out[8] = (unsigned char)v;
        return 9;
    }
    out[0] = 0x01;
    memcpy(out + 1, id, len);
    return len + 1;
}

void respblock_key_text(const unsigned char *key, size_t len, char *buf, size_t size)
{
    if (!size)
        return;
    if (len == 9 && key[0] == 0x00) {
        uint64_t v = 0;
        for (int i = 0; i < 8; i++)
            v = (v << 8) | key[1 + i];
        snprintf(buf, size, "%llu", (unsigned long long)v);
        return;
    }
    size_t n = len > 1 ? len - 1 : 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, key + 1, n);
    buf[n] = '\0';
}

/* memcmp's order, then the shorter first; 8 bytes at a time as big-endian words (a
 * key is mostly 9 bytes: memcmp's call cost more than the comparison). */
static int key_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
            if (host_is_little_endian()) {
                x = __builtin_bswap64(x);
                y = __builtin_bswap64(y);
            }
            return x < y ? -1 : 1;
        }
    }
    for (; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return (alen > blen) - (alen < blen);
}

/* ------------------------------------------------------------------ builder */

void block_builder_init(struct block_builder *b, long long wave_id, size_t n_vars)
{
    memset(b, 0, sizeof(*b));
    b->wave_id = wave_id;
    b->n_vars = n_vars;
}

void block_builder_numbers(struct block_builder *b, size_t n_num)
{
    b->n_num = n_num;
}

void block_builder_release(struct block_builder *b)
{
    free(b->weight);
    free(b->area);
    free(b->stratum);
    free(b->cluster);
    free(b->answers);
    free(b->numbers);
    free(b->keys);
    free(b->key_off);
    free(b->key_len);
    free(b->line);
    memset(b, 0, sizeof(*b));
}

static void builder_reserve(struct block_builder *b)
{
    if (b->n < b->cap)
        return;
    size_t cap = b->cap ? 2 * b->cap : 64;
    if (cap > RESPBLOCK_MAX)
        cap = RESPBLOCK_MAX;
    b->weight = xrealloc(b->weight, cap * sizeof(*b->weight));
    b->area = xrealloc(b->area, cap * sizeof(*b->area));
    b->stratum = xrealloc(b->stratum, cap * sizeof(*b->stratum));
    b->cluster = xrealloc(b->cluster, cap * sizeof(*b->cluster));
    b->answers = xrealloc(b->answers, cap * (b->n_vars ? b->n_vars : 1) * sizeof(*b->answers));
    if (b->n_num)
        b->numbers = xrealloc(b->numbers, cap * b->n_num * sizeof(*b->numbers));
    b->key_off = xrealloc(b->key_off, cap * sizeof(*b->key_off));
    b->key_len = xrealloc(b->key_len, cap * sizeof(*b->key_len));
    b->line = xrealloc(b->line, cap * sizeof(*b->line));
    b->cap = cap;
}

bool block_builder_add(struct block_builder *b, const char *id, size_t id_len, long line,
                       double weight, int32_t area, int32_t stratum, int32_t cluster,
                       const int16_t *answers, const double *numbers)
{
    builder_reserve(b);
    size_t i = b->n;
    if (!i)
        b->first_line = (size_t)line;
    b->weight[i] = weight;
    b->area[i] = area;
    b->stratum[i] = stratum;
    b->cluster[i] = cluster;
    memcpy(b->answers + i * b->n_vars, answers, b->n_vars * sizeof(*answers));
    if (b->n_num)
        memcpy(b->numbers + i * b->n_num, numbers, b->n_num * sizeof(*numbers));
    b->keys = xgrow(b->keys, 1, b->keys_len + RESPBLOCK_MAX_ID_BYTES + 1, &b->keys_alloc);
    size_t klen = respblock_encode_key(id, id_len, b->keys + b->keys_len);
    b->key_off[i] = (uint32_t)b->keys_len;
    b->key_len[i] = (uint16_t)klen;
    b->keys_len += klen;
    b->line[i] = line > 0 && line <= (long)UINT32_MAX ? (uint32_t)line : 0;
    b->n++;
    return b->n == RESPBLOCK_MAX;
}

struct key_entry {
    const unsigned char *key;
    uint16_t len;
    uint16_t slot;
    uint32_t line;
};

static int cmp_entry(const void *pa, const void *pb)
{
    const struct key_entry *a = pa, *b = pb;
    int c = key_cmp(a->key, a->len, b->key, b->len);
    return c ? c : (a->slot > b->slot) - (a->slot < b->slot);
}

int block_builder_flush(struct block_builder *b, struct store *st, long long import_id,
                        bool has_stratum, bool has_cluster, struct diag_list *dl)
{
    if (!b->n)
        return 0;
    size_t n = b->n, nv = b->n_vars;
    /* keys, sorted */
    struct key_entry *order = xmalloc(n * sizeof(*order));
    for (size_t i = 0; i < n; i++) {
        order[i].key = b->keys + b->key_off[i];
        order[i].len = b->key_len[i];
        order[i].slot = (uint16_t)i;
        order[i].line = b->line[i];
    }
    /* ids usually come in order (a file numbered 1, 2, 3 ...): then one pass proves it */
    size_t in_order = 1;
    while (in_order < n && cmp_entry(&order[in_order - 1], &order[in_order]) < 0)
        in_order++;
    if (in_order < n)
        qsort(order, n, sizeof(*order), cmp_entry);
    /* the block's range of keys, for the duplicate check; none when an id occurs
     * twice in it (the check then merges it with every block of its wave) */
    bool distinct = true;
    for (size_t k = 1; k < n && distinct; k++)
        distinct = key_cmp(order[k - 1].key, order[k - 1].len, order[k].key, order[k].len) != 0;
    unsigned char first[RESPBLOCK_MAX_ID_BYTES + 1], last[RESPBLOCK_MAX_ID_BYTES + 1];
    size_t first_len = order[0].len, last_len = order[n - 1].len;
    memcpy(first, order[0].key, first_len);
    memcpy(last, order[n - 1].key, last_len);
    size_t keys_bytes = b->keys_len + n * 8;
    unsigned char *keys = xmalloc(keys_bytes), *p = keys;
    for (size_t k = 0; k < n; k++) {
        put_u16(p, order[k].len);
        memcpy(p + 2, order[k].key, order[k].len);
        p += 2 + order[k].len;
        put_u32(p, order[k].line);
        put_u16(p + 4, order[k].slot);
        p += 6;
    }
    free(order);
    /* answers, variable-major: four respondents at a time, so each variable's four
     * codes go out in one store */
    int16_t *answers = xmalloc((nv ? nv : 1) * n * sizeof(*answers));
    size_t n4 = n - n % 4;
    for (size_t i = 0; i < n4; i += 4) {
        const int16_t *r0 = b->answers + i * nv, *r1 = r0 + nv, *r2 = r1 + nv, *r3 = r2 + nv;
        for (size_t v = 0; v < nv; v++) {
            int16_t four[4] = {r0[v], r1[v], r2[v], r3[v]};
            memcpy(answers + v * n + i, four, sizeof(four));
        }
    }
    for (size_t v = 0; v < nv; v++)
        for (size_t i = n4; i < n; i++)
            answers[v * n + i] = b->answers[i * nv + v];
    to_le(answers, nv * n, sizeof(*answers));
    /* numbers of the number variables, variable-major too */
    size_t nn = b->n_num;
    double *numbers = nn ? xmalloc(nn * n * sizeof(*numbers)) : NULL;
    for (size_t v = 0; v < nn; v++)
        for (size_t i = 0; i < n; i++)
            numbers[v * n + i] = b->numbers[i * nn + v];
    if (nn)
        to_le(numbers, nn * n, sizeof(*numbers));
    to_le(b->weight, n, sizeof(*b->weight));
    to_le(b->area, n, sizeof(*b->area));
    to_le(b->stratum, n, sizeof(*b->stratum));
    to_le(b->cluster, n, sizeof(*b->cluster));

    static const char sql[] =
        "INSERT INTO respondent_block (import_id, wave_id, n, n_vars, first_line, weight, area, "
        "stratum, cluster, answers, numbers) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
    static const char keys_sql[] =
        "INSERT INTO respondent_keys (block_id, first_key, last_key, keys) "
        "VALUES (?1, ?2, ?3, ?4)";
    sqlite3_stmt *ins = NULL, *ins_keys = NULL;
    int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &ins, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(ins, 1, import_id);
        sqlite3_bind_int64(ins, 2, b->wave_id);
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)n);
        sqlite3_bind_int64(ins, 4, (sqlite3_int64)nv);
        sqlite3_bind_int64(ins, 5, (sqlite3_int64)b->first_line);
        sqlite3_bind_blob(ins, 6, b->weight, (int)(n * sizeof(double)), SQLITE_STATIC);
        sqlite3_bind_blob(ins, 7, b->area, (int)(n * sizeof(int32_t)), SQLITE_STATIC);
        if (has_stratum)
            sqlite3_bind_blob(ins, 8, b->stratum, (int)(n * sizeof(int32_t)), SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 8);
        if (has_cluster)
            sqlite3_bind_blob(ins, 9, b->cluster, (int)(n * sizeof(int32_t)), SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 9);
        sqlite3_bind_blob(ins, 10, answers, (int)(nv * n * sizeof(int16_t)), SQLITE_STATIC);
        if (nn)
            sqlite3_bind_blob(ins, 11, numbers, (int)(nn * n * sizeof(double)), SQLITE_STATIC);
        else
            sqlite3_bind_null(ins, 11);
        rc = sqlite3_step(ins);
    }
    if (rc == SQLITE_DONE) {
        long long block_id = sqlite3_last_insert_rowid(st->db);
        rc = sqlite3_prepare_v3(st->db, keys_sql, -1, SQLITE_PREPARE_PERSISTENT, &ins_keys, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(ins_keys, 1, block_id);
            if (distinct) {
                sqlite3_bind_blob(ins_keys, 2, first, (int)first_len, SQLITE_STATIC);
                sqlite3_bind_blob(ins_keys, 3, last, (int)last_len, SQLITE_STATIC);
            }
            sqlite3_bind_blob(ins_keys, 4, keys, (int)(p - keys), SQLITE_STATIC);
            rc = sqlite3_step(ins_keys);
        }
    }
    sqlite3_finalize(ins);
    sqlite3_finalize(ins_keys);
    free(numbers);
    free(answers);
    free(keys);
    b->n = 0;
    b->keys_len = 0;
    if (rc != SQLITE_DONE)
        return store_error(st, dl, "writing respondents");
    return 0;
}

/* ------------------------------------------------------------------ duplicates */

/*
 * Each block's keys are read through a buffer of their own, refilled with one
 * sqlite3_blob_read.  The merge advances all the blocks of a wave together, so every
 * block's current page is wanted at once: with more blocks than the import's small
 * page cache holds pages (~3M respondents in 7 waves), small reads would fetch each
 * page again for every refill (at 4M, 86,000 page reads instead of ~20,000, and the
 * import's CPU time ~4x that at 1M per respondent).  The buffers share CURSOR_BUDGET
 * bytes, each between CURSOR_MIN and CURSOR_MAX: a refill then reads many keys per
 * page fetched, and memory stays bounded.
 */
#define CURSOR_BUDGET (2 << 20)
#define CURSOR_MIN (2 << 10)
#define CURSOR_MAX (64 << 10)

struct cursor {
    sqlite3_blob *blob;
    long long import_id;
    char *file;
    int size, pos;          /* bytes of the blob, bytes consumed */
    unsigned char *buf;     /* buf_cap bytes */
    int buf_cap;
    int buf_len, buf_pos;   /* valid bytes in buf, read position */
    /* the current entry */
    const unsigned char *key;
    uint16_t key_len;
    uint32_t line;
    bool done;
};

static bool cursor_fill(struct cursor *c, int need)
{
    int avail = c->buf_len - c->buf_pos;
    if (avail >= need)
        return true;
    memmove(c->buf, c->buf + c->buf_pos, (size_t)avail);
    c->buf_len = avail;
    c->buf_pos = 0;
    int room = c->buf_cap - avail, left = c->size - c->pos;
    int take = room < left ? room : left;
    if (take > 0) {
        if (sqlite3_blob_read(c->blob, c->buf + avail, take, c->pos) != SQLITE_OK)
            return false;
        c->pos += take;
        c->buf_len += take;
    }
    return c->buf_len >= need;
}

/* Moves to the next entry; sets done at the end. Returns false on a read error or a
 * malformed blob. */
static bool cursor_next(struct cursor *c)
{
    if (c->buf_pos == c->buf_len && c->pos == c->size) {
        c->done = true;
        return true;
    }
    if (!cursor_fill(c, 2))
        return false;
    uint16_t klen = get_u16(c->buf + c->buf_pos);
    if (klen == 0 || klen > RESPBLOCK_MAX_ID_BYTES + 1 || !cursor_fill(c, 2 + klen + 6))
        return false;
    c->key = c->buf + c->buf_pos + 2;
    c->key_len = klen;
    c->line = get_u32(c->buf + c->buf_pos + 2 + klen);
    c->buf_pos += 2 + klen + 6;
    return true;
}

static bool cursor_less(const struct cursor *a, const struct cursor *b)
{
    int c = key_cmp(a->key, a->key_len, b->key, b->key_len);
    return c < 0 || (c == 0 && a->import_id < b->import_id);
}

static void heap_down(struct cursor **h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && cursor_less(h[l], h[m]))
            m = l;
        if (r < n && cursor_less(h[r], h[m]))
            m = r;
        if (m == i)
            return;
        struct cursor *t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void report_dup(struct diag_list *dl, long long import_id, const char *file,
                       long column, const struct cursor *prev, uint32_t prev_line, const struct cursor *cur,
                       const char *wave_label)
{
    char id[RESPBLOCK_MAX_ID_BYTES + 1];
    respblock_key_text(cur->key, cur->key_len, id, sizeof(id));
    struct strbuf q = STRBUF_INIT, w = STRBUF_INIT, f = STRBUF_INIT;
    diag_quote(&q, id, strlen(id), 60);
    diag_quote(&w, wave_label, strlen(wave_label), 40);
    if (prev->import_id == import_id && cur->import_id == import_id) {
        uint32_t a = prev_line < cur->line ? prev_line : cur->line;
        uint32_t b = prev_line < cur->line ? cur->line : prev_line;
        diag_error(dl, file, b, column, "respondent %s occurs twice in wave %s (also on line %u)",
                   q.buf, w.buf, a);
    } else {
        const struct cursor *old = prev->import_id == import_id ? cur : prev;
        uint32_t here = prev->import_id == import_id ? prev_line : cur->line;
        uint32_t there = old == prev ? prev_line : cur->line;
        diag_quote(&f, old->file, strlen(old->file), 80);
        diag_error(dl, file, here, column,
                   "respondent %s in wave %s is already in the database (from %s, import #%lld, "
                   "line %u)",
                   q.buf, w.buf, f.buf, old->import_id, there);
    }
    strbuf_release(&q);
    strbuf_release(&w);
    strbuf_release(&f);
}

/* A block of the wave being checked, with its range of keys. */
struct wave_block {
    long long id, import_id;
    char *file;
    unsigned char *first, *last; /* the smallest and largest key; NULL: not known */
    size_t first_len, last_len;
};

static int cmp_first(const void *pa, const void *pb)
{
    const struct wave_block *a = pa, *b = pb;
    return key_cmp(a->first, a->first_len, b->first, b->first_len);
}

/* Merges the sorted keys of blocks[0..n) and reports every key that occurs twice
 * where one of the two is of import `import_id`.  Returns the number found, or -1. */
static long merge_blocks(struct store *st, const struct wave_block *blocks, size_t n,
                         long long import_id, const char *file, long column,
                         const char *wave_label, struct diag_list *dl)
{
    struct cursor *cursors = xcalloc(n ? n : 1, sizeof(*cursors));
    size_t cap = n ? CURSOR_BUDGET / n : CURSOR_MAX;
    cap = cap < CURSOR_MIN ? CURSOR_MIN : cap > CURSOR_MAX ? CURSOR_MAX : cap;
    bool failed = false;
    for (size_t i = 0; i < n && !failed; i++) {
        struct cursor *c = &cursors[i];
        c->import_id = blocks[i].import_id;
        c->file = blocks[i].file;
        if (sqlite3_blob_open(st->db, "main", "respondent_keys", "keys", blocks[i].id, 0,
                              &c->blob) != SQLITE_OK) {
            failed = true;
            break;
        }
        c->size = sqlite3_blob_bytes(c->blob);
        /* a blob smaller than the buffer needs no more */
        size_t want = c->size < (int)cap ? (size_t)c->size + 1 : cap;
        c->buf = xmalloc(want);
        c->buf_cap = (int)want;
    }
    struct cursor **heap = xmalloc((n ? n : 1) * sizeof(*heap));
    size_t h = 0;
    for (size_t i = 0; i < n && !failed; i++) {
        if (!cursor_next(&cursors[i]))
            failed = true;
        else if (!cursors[i].done)
            heap[h++] = &cursors[i];
    }
    for (size_t i = h / 2; i-- > 0;)
        heap_down(heap, h, i);
    /* the previous entry: key copied, since its cursor's buffer moves on */
    unsigned char prev_key[RESPBLOCK_MAX_ID_BYTES + 2];
    size_t prev_len = 0;
    struct cursor prev_meta;
    uint32_t prev_line = 0;
    bool have_prev = false;
    long found = 0;
    while (h && !failed) { /* to the end: every duplicate is counted */
        struct cursor *c = heap[0];
        if (have_prev && key_cmp(prev_key, prev_len, c->key, c->key_len) == 0 &&
            (prev_meta.import_id == import_id || c->import_id == import_id)) {
            report_dup(dl, import_id, file, column, &prev_meta, prev_line, c, wave_label);
            found++;
        }
        memcpy(prev_key, c->key, c->key_len);
        prev_len = c->key_len;
        prev_meta.import_id = c->import_id;
        prev_meta.file = c->file;
        prev_line = c->line;
        have_prev = true;
        if (!cursor_next(c)) {
            failed = true;
            break;
        }
        if (c->done)
            heap[0] = heap[--h];
        heap_down(heap, h, 0);
    }
    for (size_t i = 0; i < n; i++) {
        if (cursors[i].blob)
            sqlite3_blob_close(cursors[i].blob);
        free(cursors[i].buf);
    }
    free(cursors);
    free(heap);
    return failed ? -1 : found;
}

static unsigned char *copy_key(sqlite3_stmt *s, int col, size_t *len)
{
    int bytes = sqlite3_column_bytes(s, col);
    const void *p = sqlite3_column_blob(s, col);
    if (!p || bytes < 1 || bytes > RESPBLOCK_MAX_ID_BYTES + 1) {
        *len = 0;
        return NULL;
    }
    *len = (size_t)bytes;
    unsigned char *k = xmalloc((size_t)bytes);
    memcpy(k, p, (size_t)bytes);
    return k;
}

/*
 * The duplicates of one wave.  Two equal keys lie in blocks whose ranges (smallest to
 * largest key) overlap, so the blocks are sorted by their smallest key and cut into
 * runs whose ranges overlap one another; only a run of several blocks with one of
 * this import is merged (a block on its own has no key twice: its range is known only
 * then).  A file numbered in order fills each block of a wave with a range of ids of
 * its own, so its keys are not read back at all; ids in random order make one run of
 * every block, merged as a whole.  A block whose range is not known (an id twice in
 * it) makes the whole wave one run.
 */
static long check_wave(struct store *st, long long wave_id, long long import_id, const char *file,
                       long column, struct diag_list *dl)
{
    sqlite3_stmt *sel = store_prepare(st,
                                      "SELECT b.id, b.import_id, i.file_name, w.label, "
                                      "k.first_key, k.last_key "
                                      "FROM respondent_block b "
                                      "JOIN respondent_keys k ON k.block_id = b.id "
                                      "JOIN import i ON i.id = b.import_id "
                                      "JOIN wave w ON w.id = b.wave_id WHERE b.wave_id = ?1",
                                      dl);
    if (!sel)
        return -1;
    sqlite3_bind_int64(sel, 1, wave_id);
    struct wave_block *blocks = NULL;
    size_t n = 0, alloc = 0;
    char *wave_label = NULL;
    bool all_known = true;
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        blocks = xgrow(blocks, sizeof(*blocks), n + 1, &alloc);
        struct wave_block *b = &blocks[n++];
        b->id = sqlite3_column_int64(sel, 0);
        b->import_id = sqlite3_column_int64(sel, 1);
        b->file = xstrdup(store_column_text(sel, 2));
        if (!wave_label)
            wave_label = xstrdup(store_column_text(sel, 3));
        b->first = copy_key(sel, 4, &b->first_len);
        b->last = copy_key(sel, 5, &b->last_len);
        if (!b->first || !b->last)
            all_known = false;
    }
    sqlite3_finalize(sel);
    const char *label = wave_label ? wave_label : "";
    long found = 0;
    if (rc != SQLITE_DONE)
        found = -1;
    else if (!all_known)
        found = merge_blocks(st, blocks, n, import_id, file, column, label, dl);
    else {
        qsort(blocks, n, sizeof(*blocks), cmp_first);
        for (size_t start = 0, end; start < n && found >= 0; start = end) {
            const struct wave_block *top = &blocks[start]; /* the largest last key so far */
            bool ours = blocks[start].import_id == import_id;
            for (end = start + 1; end < n && key_cmp(blocks[end].first, blocks[end].first_len,
                                                     top->last, top->last_len) <= 0;
                 end++) {
                ours = ours || blocks[end].import_id == import_id;
                if (key_cmp(blocks[end].last, blocks[end].last_len, top->last, top->last_len) > 0)
                    top = &blocks[end];
            }
            if (end - start > 1 && ours) {
                long f = merge_blocks(st, blocks + start, end - start, import_id, file, column,
                                      label, dl);
                found = f < 0 ? -1 : found + f;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        free(blocks[i].file);
        free(blocks[i].first);
        free(blocks[i].last);
    }
    free(blocks);
    free(wave_label);
    if (found < 0)
        return store_error(st, dl, "checking respondent ids");
    return found;
}

long respblock_check_duplicates(struct store *st, const long long *wave_ids, size_t n_waves,
                                long long import_id, const char *file, long column,
                                struct diag_list *dl)
{
    long total = 0;
    for (size_t i = 0; i < n_waves; i++) {
        long found = check_wave(st, wave_ids[i], import_id, file, column, dl);
        if (found < 0)
            return -1;
        total += found;
    }
    return total;
}

/* ------------------------------------------------------------------ upgrading */

int respblock_move_keys(struct store *st, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(st, "SELECT id, keys FROM respondent_block ORDER BY id", dl);
    sqlite3_stmt *ins = store_prepare(st,
                                      "INSERT INTO respondent_keys (block_id, first_key, "
                                      "last_key, keys) VALUES (?1, ?2, ?3, ?4)",
                                      dl);
    int rc = SQLITE_DONE, result = (q && ins) ? 0 : -1;
    while (!result && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(q, 0);
        const unsigned char *k = sqlite3_column_blob(q, 1);
        size_t len = (size_t)sqlite3_column_bytes(q, 1), off = 0;
        const unsigned char *first = NULL, *prev = NULL;
        size_t first_len = 0, prev_len = 0;
        bool sorted = true, distinct = true;
        while (sorted && off + 2 <= len) {
            size_t kl = get_u16(k + off);
            if (kl == 0 || kl > RESPBLOCK_MAX_ID_BYTES + 1 || off + 2 + kl + 6 > len)
                break;
            const unsigned char *key = k + off + 2;
            if (prev) {
                int c = key_cmp(prev, prev_len, key, kl);
                sorted = c <= 0;
                distinct = distinct && c != 0;
            } else {
                first = key;
                first_len = kl;
            }
            prev = key;
            prev_len = kl;
            off += 2 + kl + 6;
        }
        if (!first || !sorted || off != len) {
            diag_error(dl, st->path, 0, 0,
                       "database: the respondent ids of block %lld are damaged; the "
                       "database cannot be upgraded",
                       id);
            result = -1;
            break;
        }
        sqlite3_bind_int64(ins, 1, id);
        if (distinct) {
            sqlite3_bind_blob(ins, 2, first, (int)first_len, SQLITE_STATIC);
            sqlite3_bind_blob(ins, 3, prev, (int)prev_len, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(ins, 2);
            sqlite3_bind_null(ins, 3);
        }
        sqlite3_bind_blob(ins, 4, k, (int)len, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE)
            result = store_error(st, dl, "moving respondent ids to upgrade the database");
        sqlite3_reset(ins);
    }
    if (!result && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading respondent ids to upgrade the database");
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    return result;
}

/* ------------------------------------------------------------------ reading */

void resp_block_init(struct resp_block *b)
{
    memset(b, 0, sizeof(*b));
}

void resp_block_release(struct resp_block *b)
{
    free(b->mem);
    memset(b, 0, sizeof(*b));
}

bool respblock_decode(sqlite3_stmt *stmt, struct resp_block *out)
{
    long long n = sqlite3_column_int64(stmt, 3), nv = sqlite3_column_int64(stmt, 4);
    if (n < 1 || n > RESPBLOCK_MAX || nv < 0 || nv > 100000)
        return false;
    size_t un = (size_t)n, unv = (size_t)nv;
    bool has_stratum = sqlite3_column_type(stmt, 7) != SQLITE_NULL;
    bool has_cluster = sqlite3_column_type(stmt, 8) != SQLITE_NULL;
    const void *w = sqlite3_column_blob(stmt, 5);
    int wb = sqlite3_column_bytes(stmt, 5);
    const void *a = sqlite3_column_blob(stmt, 6);
    int ab = sqlite3_column_bytes(stmt, 6);
    const void *s = has_stratum ? sqlite3_column_blob(stmt, 7) : NULL;
    int sb = has_stratum ? sqlite3_column_bytes(stmt, 7) : 0;
    const void *c = has_cluster ? sqlite3_column_blob(stmt, 8) : NULL;
    int cb = has_cluster ? sqlite3_column_bytes(stmt, 8) : 0;
    const void *ans = sqlite3_column_blob(stmt, 9);
    int ansb = sqlite3_column_bytes(stmt, 9);
    bool has_numbers = sqlite3_column_type(stmt, 10) != SQLITE_NULL;
    const void *num = has_numbers ? sqlite3_column_blob(stmt, 10) : NULL;
    size_t numb = has_numbers ? (size_t)sqlite3_column_bytes(stmt, 10) : 0;
    if ((size_t)wb != un * 8 || (size_t)ab != un * 4 || (has_stratum && (size_t)sb != un * 4) ||
        (has_cluster && (size_t)cb != un * 4) || (size_t)ansb != un * unv * 2 ||
        numb % (un * 8) != 0 || numb / (un * 8) > unv)
        return false;
    size_t unn = numb / (un * 8);
    /* one allocation, each array 8-byte aligned: doubles first */
    size_t need = un * 8 + unn * un * 8 + 3 * un * 4 + un * unv * 2 + 16;
    if (need > out->mem_alloc) {
        free(out->mem);
        out->mem = xmalloc(need);
        out->mem_alloc = need;
    }
    unsigned char *p = out->mem;
    out->weight = (double *)(void *)p;
    p += un * 8;
    out->numbers = unn ? (double *)(void *)p : NULL;
    p += unn * un * 8;
    out->area = (int32_t *)(void *)p;
    p += un * 4;
    out->stratum = has_stratum ? (int32_t *)(void *)p : NULL;
    p += un * 4;
    out->cluster = has_cluster ? (int32_t *)(void *)p : NULL;
    p += un * 4;
    out->answers = (int16_t *)(void *)p;
    from_le(out->weight, w, un, 8);
    from_le(out->area, a, un, 4);
    if (has_stratum)
        from_le(out->stratum, s, un, 4);
    if (has_cluster)
        from_le(out->cluster, c, un, 4);
    if (unv)
        from_le(out->answers, ans, un * unv, 2);
    if (unn)
        from_le(out->numbers, num, un * unn, 8);
    out->id = sqlite3_column_int64(stmt, 0);
    out->import_id = sqlite3_column_int64(stmt, 1);
    out->wave_id = sqlite3_column_int64(stmt, 2);
    out->n = un;
    out->n_vars = unv;
    out->n_num = unn;
    return true;
}
