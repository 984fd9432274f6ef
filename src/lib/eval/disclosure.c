/*
 * disclosure — linked-table suppression over atoms (see disclosure.h for the model).
 */
#include "eval/disclosure.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ------------------------------------------------------------------ arithmetic mod 2^61 − 1 */

#define MODP ((UINT64_C(1) << 61) - 1)
__extension__ typedef unsigned __int128 u128;

static uint64_t mmul(uint64_t a, uint64_t b)
{
    u128 z = (u128)a * b;
    uint64_t r = (uint64_t)(z & MODP) + (uint64_t)(z >> 61);
    return r >= MODP ? r - MODP : r;
}

static uint64_t madd(uint64_t a, uint64_t b)
{
    uint64_t r = a + b;
    return r >= MODP ? r - MODP : r;
}

static uint64_t msub(uint64_t a, uint64_t b)
{
    return a >= b ? a - b : a + MODP - b;
}

static uint64_t minv(uint64_t a)
{
    uint64_t r = 1, e = MODP - 2;
    while (e) {
        if (e & 1)
            r = mmul(r, a);
        a = mmul(a, a);
        e >>= 1;
    }
    return r;
}

/* ------------------------------------------------------------------ cells */

struct dcell {
    size_t universe;
    uint64_t hash;
    uint32_t *m;  /* members: respondents, or classes in a universe of classes */
    size_t n_ids; /* entries of m */
    size_t n;     /* respondents */
    bool primary, hidden;
};

/* A class of a universe of classes: the respondents with one key (disclosure.h). */
struct dclass {
    int64_t key[DISCLOSURE_KEY];
    uint32_t count; /* respondents */
    uint32_t first; /* the smallest respondent index */
};

/* What a universe's cells are made of. */
enum umode { U_EMPTY, U_ROWS, U_CLASSES };
struct duni {
    enum umode mode;
    struct dclass *cls;
    size_t n_cls, alloc_cls;
    size_t *slots; /* open addressing over the keys: class index + 1, 0 = empty */
    size_t n_slots;
    char *tag;     /* what the classes' keys were made with (disclosure_classes_tag) */
};

struct disclosure {
    int min_cell;
    bool solved;
    char **universes;
    struct duni *uinfo; /* per universe */
    size_t n_universes, alloc_universes, alloc_uinfo;
    struct dcell *cells;
    size_t n_cells, alloc_cells;
    size_t *slots; /* open addressing: cell index + 1, 0 = empty */
    size_t n_slots;
    struct disclosure_stats st;
};

struct disclosure *disclosure_new(int min_cell)
{
    struct disclosure *ds = xcalloc(1, sizeof(*ds));
    ds->min_cell = min_cell;
    ds->n_slots = 1024;
    ds->slots = xcalloc(ds->n_slots, sizeof(size_t));
    ds->st.exhaustive = true;
    return ds;
}

void disclosure_free(struct disclosure *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->n_universes; i++) {
        free(ds->universes[i]);
        free(ds->uinfo[i].cls);
        free(ds->uinfo[i].slots);
        free(ds->uinfo[i].tag);
    }
    free(ds->universes);
    free(ds->uinfo);
    for (size_t i = 0; i < ds->n_cells; i++)
        free(ds->cells[i].m);
    free(ds->cells);
    free(ds->slots);
    free(ds);
}

bool disclosure_solved(const struct disclosure *ds)
{
    return ds->solved;
}

static size_t universe_index(struct disclosure *ds, const char *key)
{
    for (size_t i = 0; i < ds->n_universes; i++)
        if (!strcmp(ds->universes[i], key))
            return i;
    ds->universes = xgrow(ds->universes, sizeof(*ds->universes), ds->n_universes + 1,
                          &ds->alloc_universes);
    ds->uinfo = xgrow(ds->uinfo, sizeof(*ds->uinfo), ds->n_universes + 1, &ds->alloc_uinfo);
    memset(&ds->uinfo[ds->n_universes], 0, sizeof(*ds->uinfo));
    ds->universes[ds->n_universes] = xstrdup(key);
    return ds->n_universes++;
}

static uint64_t cell_hash(size_t universe, const uint32_t *m, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603) ^ (uint64_t)universe;
    h = (h ^ n) * UINT64_C(1099511628211);
    for (size_t i = 0; i < n; i++)
        h = (h ^ m[i]) * UINT64_C(1099511628211);
    return h ^ (h >> 29);
}

static void rehash(struct disclosure *ds)
{
    free(ds->slots);
    ds->n_slots *= 2;
    ds->slots = xcalloc(ds->n_slots, sizeof(size_t));
    for (size_t i = 0; i < ds->n_cells; i++) {
        size_t s = ds->cells[i].hash & (ds->n_slots - 1);
        while (ds->slots[s])
            s = (s + 1) & (ds->n_slots - 1);
        ds->slots[s] = i + 1;
    }
}

/* The cell of universe u with the ids m[0..n_ids) (respondents or classes) and n
 * respondents: its decision, registering it when new. */
static bool cell_of(struct disclosure *ds, size_t u, const uint32_t *members, size_t n_ids,
                    size_t n)
{
    uint64_t h = cell_hash(u, members, n_ids);
    size_t s = h & (ds->n_slots - 1);
    while (ds->slots[s]) {
        const struct dcell *c = &ds->cells[ds->slots[s] - 1];
        if (c->hash == h && c->universe == u && c->n_ids == n_ids &&
            !memcmp(c->m, members, n_ids * sizeof(*members)))
            return c->hidden;
        s = (s + 1) & (ds->n_slots - 1);
    }
    ds->cells = xgrow(ds->cells, sizeof(*ds->cells), ds->n_cells + 1, &ds->alloc_cells);
    struct dcell *c = &ds->cells[ds->n_cells];
    c->universe = u;
    c->hash = h;
    c->m = xmalloc(n_ids * sizeof(*members));
    memcpy(c->m, members, n_ids * sizeof(*members));
    c->n_ids = n_ids;
    c->n = n;
    c->primary = n < (size_t)ds->min_cell;
    /* after solving, a cell nobody announced is withheld: its links were never checked */
    c->hidden = c->primary || ds->solved;
    if (ds->solved)
        ds->st.unknown++;
    ds->slots[s] = ++ds->n_cells;
    if (2 * ds->n_cells > ds->n_slots)
        rehash(ds);
    return c->hidden;
}

bool disclosure_cell(struct disclosure *ds, const char *universe, const uint32_t *members,
                     size_t n)
{
    if (n == 0)
        return false;
    size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    if (ui->mode == U_CLASSES) {
        /* a caller error (survey_disclose converts first): nothing is known about how
         * these respondents relate to the universe's cells, so nothing is published */
        ds->st.unknown++;
        return true;
    }
    ui->mode = U_ROWS;
    return cell_of(ds, u, members, n, n);
}

/* ------------------------------------------------------------------ classes */

static uint64_t key_hash(const int64_t *key)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (int k = 0; k < DISCLOSURE_KEY; k++)
        h = (h ^ (uint64_t)key[k]) * UINT64_C(1099511628211);
    return h ^ (h >> 31);
}

static size_t class_slot(const struct duni *ui, const int64_t *key)
{
    size_t s = key_hash(key) & (ui->n_slots - 1);
    while (ui->slots[s] &&
           memcmp(ui->cls[ui->slots[s] - 1].key, key, sizeof(ui->cls[0].key)) != 0)
        s = (s + 1) & (ui->n_slots - 1);
    return s;
}

bool disclosure_classes_ok(struct disclosure *ds, const char *universe)
{
    size_t u = universe_index(ds, universe);
    return ds->uinfo[u].mode != U_ROWS;
}

bool disclosure_classes_tag(struct disclosure *ds, const char *universe, const char *tag)
{
    size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    if (ui->mode == U_ROWS)
        return false;
    if (ui->mode == U_CLASSES)
        return ui->tag && !strcmp(ui->tag, tag);
    free(ui->tag); /* no classes yet: they will be made with this tag */
    ui->tag = xstrdup(tag);
    return true;
}

const char *disclosure_class_tag(struct disclosure *ds, const char *universe)
{
    size_t u = universe_index(ds, universe);
    return ds->uinfo[u].mode == U_CLASSES ? ds->uinfo[u].tag : NULL;
}

bool disclosure_has_classes(struct disclosure *ds, const char *universe)
{
    size_t u = universe_index(ds, universe);
    return ds->uinfo[u].mode == U_CLASSES;
}

size_t disclosure_class(struct disclosure *ds, const char *universe, const int64_t *key,
                        uint32_t count, uint32_t first)
{
    size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    if (ui->mode == U_ROWS || count == 0)
        return SIZE_MAX;
    ui->mode = U_CLASSES;
    if (!ui->slots) {
        ui->n_slots = 256;
        ui->slots = xcalloc(ui->n_slots, sizeof(size_t));
    }
    size_t s = class_slot(ui, key);
    if (ui->slots[s]) {
        const struct dclass *c = &ui->cls[ui->slots[s] - 1];
        /* the same respondents every time (one survey, read in one order) */
        return c->count == count && c->first == first ? ui->slots[s] - 1 : SIZE_MAX;
    }
    ui->cls = xgrow(ui->cls, sizeof(*ui->cls), ui->n_cls + 1, &ui->alloc_cls);
    struct dclass *c = &ui->cls[ui->n_cls];
    memcpy(c->key, key, sizeof(c->key));
    c->count = count;
    c->first = first;
    ui->slots[s] = ++ui->n_cls;
    if (2 * ui->n_cls > ui->n_slots) {
        free(ui->slots);
        ui->n_slots *= 2;
        ui->slots = xcalloc(ui->n_slots, sizeof(size_t));
        for (size_t i = 0; i < ui->n_cls; i++)
            ui->slots[class_slot(ui, ui->cls[i].key)] = i + 1;
    }
    return ui->n_cls - 1;
}

size_t disclosure_n_classes(struct disclosure *ds, const char *universe)
{
    const size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    return ui->mode == U_CLASSES ? ui->n_cls : 0;
}

size_t disclosure_class_find(struct disclosure *ds, const char *universe, const int64_t *key)
{
    const size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    if (ui->mode != U_CLASSES)
        return SIZE_MAX;
    size_t s = class_slot(ui, key);
    return ui->slots[s] ? ui->slots[s] - 1 : SIZE_MAX;
}

bool disclosure_cell_classes(struct disclosure *ds, const char *universe, const uint32_t *ids,
                             size_t n_ids)
{
    if (n_ids == 0)
        return false;
    size_t u = universe_index(ds, universe);
    const struct duni *ui = &ds->uinfo[u];
    size_t n = 0;
    for (size_t i = 0; i < n_ids; i++)
        n += ids[i] < ui->n_cls ? ui->cls[ids[i]].count : 0;
    return cell_of(ds, u, ids, n_ids, n);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

int disclosure_universe_to_rows(struct disclosure *ds, const char *universe,
                                const size_t *start, const uint32_t *rows)
{
    size_t u = universe_index(ds, universe);
    struct duni *ui = &ds->uinfo[u];
    if (ui->mode != U_CLASSES)
        return 0;
    for (size_t k = 0; k < ui->n_cls; k++)
        if (start[k + 1] - start[k] != ui->cls[k].count)
            return -1;
    for (size_t i = 0; i < ds->n_cells; i++) {
        struct dcell *c = &ds->cells[i];
        if (c->universe != u)
            continue;
        uint32_t *m = xmalloc((c->n ? c->n : 1) * sizeof(*m));
        size_t n = 0;
        for (size_t j = 0; j < c->n_ids; j++)
            for (size_t r = start[c->m[j]]; r < start[c->m[j] + 1]; r++)
                m[n++] = rows[r];
        qsort(m, n, sizeof(*m), cmp_u32);
        free(c->m);
        c->m = m;
        c->n_ids = n;
        c->hash = cell_hash(u, m, n);
    }
    /* the cells' hashes changed: place them again */
    memset(ds->slots, 0, ds->n_slots * sizeof(size_t));
    for (size_t i = 0; i < ds->n_cells; i++) {
        size_t s = ds->cells[i].hash & (ds->n_slots - 1);
        while (ds->slots[s])
            s = (s + 1) & (ds->n_slots - 1);
        ds->slots[s] = i + 1;
    }
    free(ui->cls);
    free(ui->slots);
    free(ui->tag);
    memset(ui, 0, sizeof(*ui));
    ui->mode = U_ROWS;
    return 0;
}

/* ------------------------------------------------------------------ one universe */

struct uni {
    struct disclosure *ds;
    size_t *cell;      /* the universe's cells (indices into ds->cells) */
    size_t nc;
    size_t na;         /* atoms */
    double *atom_n;    /* respondents per atom */
    size_t **catoms;   /* per cell: its atoms */
    size_t *ncatoms;
    /* the current elimination */
    size_t *pub;       /* published cells (positions in cell[]) */
    size_t np;
    uint64_t *R;       /* np x na, reduced row echelon form */
    uint64_t *T;       /* np x np: row j of R = Σ_c T[j][c] · cell pub[c] */
    size_t rank;
    long *pivot_row;   /* per atom: the row whose pivot it is, or -1 */
};

/* The classes of ui in the order of their first respondents. */
static const struct duni *order_ui;
static int cmp_first(const void *a, const void *b)
{
    uint32_t x = order_ui->cls[*(const uint32_t *)a].first,
             y = order_ui->cls[*(const uint32_t *)b].first;
    return x < y ? -1 : x > y;
}

/* Atoms: respondents in exactly the same cells.  Refines a partition cell by cell.  In
 * a universe of classes the members are classes (each in the same cells as a whole),
 * an atom is a union of classes and counts their respondents; atoms are numbered in
 * the order of their first respondents either way, so the decision is the one the
 * respondents' own lists would give. */
static void build_atoms(struct uni *u, size_t universe)
{
    struct disclosure *ds = u->ds;
    const struct duni *ui = &ds->uinfo[universe];
    bool classes = ui->mode == U_CLASSES;
    uint32_t maxr = 0;
    for (size_t k = 0; k < u->nc; k++) {
        const struct dcell *c = &ds->cells[u->cell[k]];
        if (c->m[c->n_ids - 1] + 1 > maxr)
            maxr = c->m[c->n_ids - 1] + 1;
    }
    uint32_t *atom = xcalloc(maxr ? maxr : 1, sizeof(uint32_t)); /* 0 = in no cell */
    size_t next = 1, alloc = 1024;
    uint32_t *newid = xcalloc(alloc, sizeof(uint32_t));
    size_t *stamp = xcalloc(alloc, sizeof(size_t));
    for (size_t k = 0; k < u->nc; k++) {
        const struct dcell *c = &ds->cells[u->cell[k]];
        for (size_t i = 0; i < c->n_ids; i++) {
            uint32_t old = atom[c->m[i]];
            if (stamp[old] != k + 1) {
                stamp[old] = k + 1;
                newid[old] = (uint32_t)next++;
                if (next >= alloc) {
                    size_t na = alloc * 2;
                    newid = xrealloc(newid, na * sizeof(uint32_t));
                    stamp = xrealloc(stamp, na * sizeof(size_t));
                    memset(newid + alloc, 0, (na - alloc) * sizeof(uint32_t));
                    memset(stamp + alloc, 0, (na - alloc) * sizeof(size_t));
                    alloc = na;
                }
            }
            atom[c->m[i]] = newid[old];
        }
    }
    /* compact the ids in use, in the order of the first respondents */
    uint32_t *order = NULL;
    if (classes) {
        order = xmalloc((maxr ? maxr : 1) * sizeof(uint32_t));
        for (uint32_t r = 0; r < maxr; r++)
            order[r] = r;
        order_ui = ui;
        qsort(order, maxr, sizeof(uint32_t), cmp_first);
    }
    uint32_t *compact = xcalloc(next, sizeof(uint32_t));
    size_t na = 0;
    for (uint32_t j = 0; j < maxr; j++) {
        uint32_t r = order ? order[j] : j;
        if (atom[r] && !compact[atom[r]])
            compact[atom[r]] = (uint32_t)++na;
    }
    free(order);
    u->na = na;
    u->atom_n = xcalloc(na ? na : 1, sizeof(double));
    for (uint32_t r = 0; r < maxr; r++)
        if (atom[r])
            u->atom_n[compact[atom[r]] - 1] += classes ? ui->cls[r].count : 1;
    u->catoms = xcalloc(u->nc, sizeof(size_t *));
    u->ncatoms = xcalloc(u->nc, sizeof(size_t));
    size_t *seen = xcalloc(na ? na : 1, sizeof(size_t));
    for (size_t k = 0; k < u->nc; k++) {
        const struct dcell *c = &ds->cells[u->cell[k]];
        size_t *list = xmalloc(c->n_ids * sizeof(size_t));
        size_t m = 0;
        for (size_t i = 0; i < c->n_ids; i++) {
            size_t a = compact[atom[c->m[i]]] - 1;
            if (seen[a] != k + 1) {
                seen[a] = k + 1;
                list[m++] = a;
            }
        }
        u->catoms[k] = xrealloc(list, (m ? m : 1) * sizeof(size_t));
        u->ncatoms[k] = m;
    }
    free(seen);
    free(compact);
    free(newid);
    free(stamp);
    free(atom);
}

/* Reduced row echelon form of the published cells' indicator vectors. */
static void eliminate(struct uni *u)
{
    struct disclosure *ds = u->ds;
    free(u->pub);
    free(u->R);
    free(u->T);
    u->pub = xmalloc((u->nc ? u->nc : 1) * sizeof(size_t));
    u->np = 0;
    for (size_t k = 0; k < u->nc; k++)
        if (!ds->cells[u->cell[k]].hidden)
            u->pub[u->np++] = k;
    size_t np = u->np, na = u->na;
    u->R = xcalloc(np * na + 1, sizeof(uint64_t));
    u->T = xcalloc(np * np + 1, sizeof(uint64_t));
    for (size_t j = 0; j < np; j++) {
        size_t k = u->pub[j];
        for (size_t i = 0; i < u->ncatoms[k]; i++)
            u->R[j * na + u->catoms[k][i]] = 1;
        u->T[j * np + j] = 1;
    }
    for (size_t a = 0; a < na; a++)
        u->pivot_row[a] = -1;
    size_t r = 0;
    for (size_t col = 0; col < na && r < np; col++) {
        size_t p = r;
        while (p < np && u->R[p * na + col] == 0)
            p++;
        if (p == np)
            continue;
        if (p != r) {
            for (size_t x = 0; x < na; x++) {
                uint64_t t = u->R[p * na + x];
                u->R[p * na + x] = u->R[r * na + x];
                u->R[r * na + x] = t;
            }
            for (size_t x = 0; x < np; x++) {
                uint64_t t = u->T[p * np + x];
                u->T[p * np + x] = u->T[r * np + x];
                u->T[r * np + x] = t;
            }
        }
        uint64_t inv = minv(u->R[r * na + col]);
        if (inv != 1) {
            for (size_t x = col; x < na; x++)
                u->R[r * na + x] = mmul(u->R[r * na + x], inv);
            for (size_t x = 0; x < np; x++)
                u->T[r * np + x] = mmul(u->T[r * np + x], inv);
        }
        for (size_t o = 0; o < np; o++) {
            uint64_t f = u->R[o * na + col];
            if (o == r || f == 0)
                continue;
            for (size_t x = col; x < na; x++)
                if (u->R[r * na + x])
                    u->R[o * na + x] = msub(u->R[o * na + x], mmul(f, u->R[r * na + x]));
            for (size_t x = 0; x < np; x++)
                if (u->T[r * np + x])
                    u->T[o * np + x] = msub(u->T[o * np + x], mmul(f, u->T[r * np + x]));
        }
        u->pivot_row[col] = (long)r;
        r++;
    }
    u->rank = r;
}

/*
 * Whether the union of `atoms` lies in the row space of the published cells; if so,
 * lambda (np entries) gets the combination of published cells that gives it.
 */
static bool derivable(const struct uni *u, const size_t *atoms, size_t n, uint64_t *lambda,
                      uint64_t *work)
{
    size_t na = u->na, np = u->np;
    memset(work, 0, na * sizeof(uint64_t));
    for (size_t i = 0; i < n; i++)
        work[atoms[i]] = 1;
    /* v − Σ_{pivot c} v[c]·R_row(c) must vanish on the free atoms */
    uint64_t *res = work + na;
    memcpy(res, work, na * sizeof(uint64_t));
    for (size_t i = 0; i < n; i++) {
        long r = u->pivot_row[atoms[i]];
        if (r < 0)
            continue;
        const uint64_t *row = u->R + (size_t)r * na;
        for (size_t x = 0; x < na; x++)
            if (row[x])
                res[x] = msub(res[x], row[x]);
    }
    for (size_t x = 0; x < na; x++)
        if (res[x])
            return false;
    if (lambda) {
        memset(lambda, 0, np * sizeof(uint64_t));
        for (size_t i = 0; i < n; i++) {
            long r = u->pivot_row[atoms[i]];
            if (r < 0)
                continue;
            const uint64_t *t = u->T + (size_t)r * np;
            for (size_t x = 0; x < np; x++)
                if (t[x])
                    lambda[x] = madd(lambda[x], t[x]);
        }
    }
    return true;
}

/* ------------------------------------------------------------------ small unions */

/* A subset of the small atoms (at most HALF_MAX of them). */
#define HALF_MAX 8
struct half {
    size_t atoms[HALF_MAX];
    unsigned size;
    double total;
    uint64_t h;
};

struct search {
    const struct uni *u;
    const size_t *small;
    size_t ns;
    const uint64_t *h; /* per atom */
    unsigned q;
    double limit;      /* totals must stay below this */
    struct half *halves;
    size_t n, alloc, cap;
    bool over;
};

static void enumerate(struct search *s, size_t from, struct half *cur)
{
    for (size_t i = from; i < s->ns && !s->over; i++) {
        size_t a = s->small[i];
        double t = cur->total + s->u->atom_n[a];
        if (t >= s->limit)
            continue;
        if (s->n >= s->cap) {
            s->over = true;
            return;
        }
        struct half nh = *cur;
        nh.atoms[nh.size++] = a;
        nh.total = t;
        nh.h = madd(nh.h, s->h[a]);
        s->halves = xgrow(s->halves, sizeof(*s->halves), s->n + 1, &s->alloc);
        s->halves[s->n++] = nh;
        if (nh.size < s->q)
            enumerate(s, i + 1, &nh);
    }
}

/* Collected violations: atom sets whose union is derivable and must not be. */
struct violations {
    size_t **sets;
    size_t *sizes;
    size_t n, alloc, alloc2;
};

static void add_violation(struct violations *v, const size_t *atoms, size_t n)
{
    v->sets = xgrow(v->sets, sizeof(*v->sets), v->n + 1, &v->alloc);
    v->sizes = xgrow(v->sizes, sizeof(*v->sizes), v->n + 1, &v->alloc2);
    v->sets[v->n] = xmalloc((n ? n : 1) * sizeof(size_t));
    memcpy(v->sets[v->n], atoms, n * sizeof(size_t));
    v->sizes[v->n++] = n;
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s % MODP;
}

/*
 * Unions of small atoms (total below min_cell) that are derivable.  The residual of
 * an atom after reduction by the published rows is hashed to one number by a random
 * functional; a union is derivable only if its atoms' hashes sum to 0, so a
 * meet-in-the-middle search over subsets of at most q atoms finds every candidate of
 * at most 2q atoms, and each candidate is verified exactly.
 */
static void small_unions(struct uni *u, struct violations *viol, uint64_t *work)
{
    struct disclosure *ds = u->ds;
    size_t na = u->na;
    size_t *small = xmalloc((na ? na : 1) * sizeof(size_t));
    size_t ns = 0;
    for (size_t a = 0; a < na; a++)
        if (u->atom_n[a] < ds->min_cell)
            small[ns++] = a;
    if (ns == 0) {
        free(small);
        return;
    }
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)u->nc;
    uint64_t *z = xmalloc(na * sizeof(uint64_t)), *g = xcalloc(u->np + 1, sizeof(uint64_t));
    for (size_t a = 0; a < na; a++)
        z[a] = rng_next(&seed);
    for (size_t r = 0; r < u->rank; r++) {
        const uint64_t *row = u->R + r * na;
        uint64_t acc = 0;
        for (size_t x = 0; x < na; x++)
            if (row[x])
                acc = madd(acc, mmul(row[x], z[x]));
        g[r] = acc;
    }
    uint64_t *h = xcalloc(na, sizeof(uint64_t));
    for (size_t a = 0; a < na; a++)
        h[a] = u->pivot_row[a] >= 0 ? msub(z[a], g[u->pivot_row[a]]) : z[a];

    /* the largest union to look for has min_cell − 1 atoms (each has ≥ 1 respondent) */
    size_t maxsize = (size_t)ds->min_cell - 1;
    unsigned q = (unsigned)((maxsize + 1) / 2);
    if (q > HALF_MAX)
        q = HALF_MAX;
    if (q == 0)
        q = 1;
    struct search s = {.u = u, .small = small, .ns = ns, .h = h, .limit = ds->min_cell,
                       .cap = 2000000};
    for (;;) {
        s.q = q;
        s.n = 0;
        s.over = false;
        struct half root;
        memset(&root, 0, sizeof(root));
        enumerate(&s, 0, &root);
        if (!s.over || q == 1)
            break;
        q--; /* too many: search smaller unions only, and say so */
    }
    if (s.over || 2 * (size_t)q < maxsize)
        ds->st.exhaustive = false;

    /* singles and whole half-subsets */
    for (size_t i = 0; i < s.n; i++)
        if (s.halves[i].h == 0 && derivable(u, s.halves[i].atoms, s.halves[i].size, NULL, work))
            add_violation(viol, s.halves[i].atoms, s.halves[i].size);
    /* left (q atoms) + right (later atoms) */
    size_t nb = 1;
    while (nb < 2 * s.n + 2)
        nb *= 2;
    size_t *head = xmalloc(nb * sizeof(size_t)), *next = xmalloc((s.n + 1) * sizeof(size_t));
    for (size_t b = 0; b < nb; b++)
        head[b] = SIZE_MAX;
    for (size_t i = 0; i < s.n; i++) {
        size_t b = (size_t)(s.halves[i].h * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (nb - 1);
        next[i] = head[b];
        head[b] = i;
    }
    size_t both[2 * HALF_MAX];
    for (size_t i = 0; i < s.n; i++) {
        const struct half *L = &s.halves[i];
        if (L->size != q)
            continue;
        uint64_t want = L->h ? MODP - L->h : 0;
        size_t b = (size_t)(want * UINT64_C(0x9E3779B97F4A7C15) >> 20) & (nb - 1);
        for (size_t j = head[b]; j != SIZE_MAX; j = next[j]) {
            const struct half *R = &s.halves[j];
            if (R->h != want || R->atoms[0] <= L->atoms[L->size - 1] ||
                L->total + R->total >= ds->min_cell)
                continue;
            memcpy(both, L->atoms, L->size * sizeof(size_t));
            memcpy(both + L->size, R->atoms, R->size * sizeof(size_t));
            if (derivable(u, both, L->size + R->size, NULL, work))
                add_violation(viol, both, L->size + R->size);
        }
    }
    free(head);
    free(next);
    free(s.halves);
    free(h);
    free(z);
    free(g);
    free(small);
}

/* The order in which atoms of a small atom list were sorted: positions in `small` are
 * increasing atom indices, so R->atoms[0] > L's last atom means disjoint. */

static void solve_universe(struct disclosure *ds, size_t universe)
{
    struct uni u;
    memset(&u, 0, sizeof(u));
    u.ds = ds;
    u.cell = xmalloc((ds->n_cells ? ds->n_cells : 1) * sizeof(size_t));
    for (size_t i = 0; i < ds->n_cells; i++)
        if (ds->cells[i].universe == universe)
            u.cell[u.nc++] = i;
    if (u.nc == 0) {
        free(u.cell);
        return;
    }
    build_atoms(&u, universe);
    ds->st.atoms += u.na;
    u.pivot_row = xmalloc((u.na ? u.na : 1) * sizeof(long));
    uint64_t *work = xmalloc((2 * u.na + 2) * sizeof(uint64_t));
    uint64_t *lambda = xmalloc((u.nc + 1) * sizeof(uint64_t));
    bool *fresh = xcalloc(u.nc, sizeof(bool));
    for (;;) {
        ds->st.rounds++;
        eliminate(&u);
        struct violations viol;
        memset(&viol, 0, sizeof(viol));
        for (size_t k = 0; k < u.nc; k++)
            if (ds->cells[u.cell[k]].hidden && derivable(&u, u.catoms[k], u.ncatoms[k], NULL, work))
                add_violation(&viol, u.catoms[k], u.ncatoms[k]);
        small_unions(&u, &viol, work);
        if (viol.n == 0) {
            free(viol.sets);
            free(viol.sizes);
            break;
        }
        /* For each violation hide the smallest published cell of the combination that
         * derives it, unless a cell hidden in this round already takes part. */
        memset(fresh, 0, u.nc * sizeof(bool));
        size_t hidden_now = 0;
        for (size_t v = 0; v < viol.n; v++) {
            derivable(&u, viol.sets[v], viol.sizes[v], lambda, work);
            bool broken = false;
            size_t best = SIZE_MAX;
            for (size_t j = 0; j < u.np; j++) {
                if (!lambda[j])
                    continue;
                size_t k = u.pub[j];
                if (fresh[k])
                    broken = true;
                if (best == SIZE_MAX ||
                    ds->cells[u.cell[k]].n < ds->cells[u.cell[u.pub[best]]].n)
                    best = j;
            }
            if (!broken && best != SIZE_MAX) {
                size_t k = u.pub[best];
                fresh[k] = true;
                ds->cells[u.cell[k]].hidden = true;
                ds->st.secondary++;
                hidden_now++;
            }
            free(viol.sets[v]);
        }
        free(viol.sets);
        free(viol.sizes);
        if (hidden_now == 0)
            break; /* cannot happen: a derivable set has a nonzero combination */
    }
    free(fresh);
    free(lambda);
    free(work);
    free(u.pivot_row);
    free(u.pub);
    free(u.R);
    free(u.T);
    for (size_t k = 0; k < u.nc; k++)
        free(u.catoms[k]);
    free(u.catoms);
    free(u.ncatoms);
    free(u.atom_n);
    free(u.cell);
}

int disclosure_solve(struct disclosure *ds)
{
    ds->st.primary = ds->st.secondary = ds->st.atoms = ds->st.rounds = 0;
    for (size_t i = 0; i < ds->n_cells; i++) {
        ds->cells[i].hidden = ds->cells[i].primary;
        ds->st.primary += ds->cells[i].primary;
    }
    for (size_t u = 0; u < ds->n_universes; u++)
        solve_universe(ds, u);
    ds->solved = true;
    return 0;
}

void disclosure_get_stats(const struct disclosure *ds, struct disclosure_stats *st)
{
    *st = ds->st;
    st->universes = ds->n_universes;
    st->cells = ds->n_cells;
}

void disclosure_audit(const struct disclosure *ds, FILE *f)
{
    for (size_t u = 0; u < ds->n_universes; u++)
        fprintf(f, "# universe %zu %s\n", u, ds->universes[u]);
    for (size_t i = 0; i < ds->n_cells; i++) {
        const struct dcell *c = &ds->cells[i];
        const struct duni *ui = &ds->uinfo[c->universe];
        fprintf(f, "%zu\t%d\t%zu\t", c->universe, c->hidden ? 1 : 0, c->n);
        if (ui->mode != U_CLASSES) {
            for (size_t k = 0; k < c->n_ids; k++)
                fprintf(f, "%s%u", k ? "," : "", (unsigned)c->m[k]);
        } else {
            /* the respondents of class j numbered from the classes before it: the same
             * sets up to a renumbering of the respondents */
            bool any = false;
            for (size_t k = 0; k < c->n_ids; k++) {
                size_t from = 0;
                for (size_t j = 0; j < c->m[k]; j++)
                    from += ui->cls[j].count;
                for (size_t r = 0; r < ui->cls[c->m[k]].count; r++) {
                    fprintf(f, "%s%zu", any ? "," : "", from + r);
                    any = true;
                }
            }
        }
        fputc('\n', f);
    }
}
