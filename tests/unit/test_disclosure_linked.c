/*
 * Unit tests for src/lib/eval/disclosure: linked-table suppression, attacked by the
 * independent solver of tests/support/attacker.c.
 *
 * Populations are generated (waves × areas × a background group, some respondents
 * without the group or without an answer, some areas and groups tiny), and so are the
 * tables a run would publish over them, as trygg's analyses do: trend rows per wave
 * overall, by area and by group; survey sections over random area sets (overlapping
 * and nested, "Norr + Lilla byn" and "Norr"), with waves pooled into random before and
 * after periods, subgroups in the target area, and per-wave rows.  Every cell is
 * registered, disclosure_solve() decides, and the attacker must recover nothing: no
 * withheld cell and no group below --min-cell (of up to four atoms) is a linear
 * combination of the published cells.  As a control, publishing everything of at least
 * --min-cell respondents (the primary rule alone) is attacked too: the attacker must
 * then succeed in many populations, or the test would prove nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attacker.h"
#include "testutil.h"
#include "eval/disclosure.h"

struct resp {
    int wave, area, group; /* group −1: not answered */
};

struct pop {
    struct resp *r;
    size_t n;
    int waves, areas, groups;
};

static unsigned rnd(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static void make_pop(struct pop *p, unsigned seed)
{
    unsigned s = seed;
    p->waves = 2 + (int)(rnd(&s) % 4);
    p->areas = 2 + (int)(rnd(&s) % 4);
    p->groups = 2 + (int)(rnd(&s) % 2);
    p->n = 0;
    p->r = NULL;
    size_t alloc = 0;
    for (int w = 0; w < p->waves; w++)
        for (int a = 0; a < p->areas; a++) {
            /* areas: some tiny (1–4), most 10–40 */
            int size = rnd(&s) % 4 == 0 ? 1 + (int)(rnd(&s) % 4) : 10 + (int)(rnd(&s) % 30);
            for (int k = 0; k < size; k++) {
                if (p->n == alloc) {
                    alloc = alloc ? 2 * alloc : 256;
                    p->r = realloc(p->r, alloc * sizeof(*p->r));
                }
                int g;
                unsigned x = rnd(&s) % 100;
                if (x < 3)
                    g = -1;                /* no answer to the background question */
                else if (x < 8)
                    g = p->groups - 1;     /* a small group */
                else
                    g = (int)(rnd(&s) % (unsigned)(p->groups - 1));
                p->r[p->n++] = (struct resp){w, a, g};
            }
        }
}

/* Registers (and records for the attacker) one cell given by a predicate. */
struct cells {
    const struct pop *p;
    struct attack_sets sets;
    uint8_t **flags;
    size_t n, alloc;
};

/* A cell: waves in wmask, areas in amask, groups in gmask (bit 31: any group, also
 * none). */
static void cell(struct cells *c, unsigned wmask, unsigned amask, unsigned gmask, const char *label)
{
    const struct pop *p = c->p;
    uint8_t *f = calloc(p->n ? p->n : 1, 1);
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct resp *r = &p->r[i];
        bool g = (gmask >> 31) & 1 ? true : r->group >= 0 && ((gmask >> r->group) & 1);
        if (((wmask >> r->wave) & 1) && ((amask >> r->area) & 1) && g) {
            f[i] = 1;
            k++;
        }
    }
    if (k > 0) {
        if (c->n == c->alloc) {
            c->alloc = c->alloc ? 2 * c->alloc : 64;
            c->flags = realloc(c->flags, c->alloc * sizeof(*c->flags));
        }
        c->flags[c->n++] = f;
        attack_add(&c->sets, f, true, label);
    } else {
        free(f);
    }
}

/* The tables of a generated run over population p. */
static void generate_cells(struct cells *c, unsigned seed)
{
    const struct pop *p = c->p;
    unsigned s = seed * 7919u + 17;
    unsigned all_w = (1u << p->waves) - 1, all_a = (1u << p->areas) - 1;
    const unsigned ANY = 1u << 31;
    char label[128];
    /* trend: per wave overall, by area, by group */
    for (int w = 0; w < p->waves; w++) {
        snprintf(label, sizeof(label), "trend wave %d", w);
        cell(c, 1u << w, all_a, ANY, label);
        for (int a = 0; a < p->areas; a++) {
            snprintf(label, sizeof(label), "trend wave %d area %d", w, a);
            cell(c, 1u << w, 1u << a, ANY, label);
        }
        for (int g = 0; g < p->groups; g++) {
            snprintf(label, sizeof(label), "trend wave %d group %d", w, g);
            cell(c, 1u << w, all_a, 1u << g, label);
        }
    }
    /* survey sections over random area sets and pooled periods */
    int sections = 1 + (int)(rnd(&s) % 3);
    for (int k = 0; k < sections; k++) {
        unsigned target = 1 + rnd(&s) % all_a;
        unsigned split = 1 + rnd(&s) % (unsigned)(p->waves - 1); /* before: waves < split */
        unsigned before = (1u << split) - 1, after = all_w & ~before;
        if (rnd(&s) % 2) /* sometimes a shorter before period */
            before &= ~1u;
        if (!before)
            before = 1u << (split - 1);
        unsigned periods[2] = {before, after};
        for (int per = 0; per < 2; per++) {
            snprintf(label, sizeof(label), "section %d target period %d", k, per);
            cell(c, periods[per], target, ANY, label);
            for (int g = 0; g < p->groups; g++) {
                snprintf(label, sizeof(label), "section %d target period %d group %d", k, per, g);
                cell(c, periods[per], target, 1u << g, label);
            }
        }
        for (int w = 0; w < p->waves; w++) {
            snprintf(label, sizeof(label), "section %d target wave %d", k, w);
            cell(c, 1u << w, target, ANY, label);
        }
        unsigned comp = all_a & ~target;
        if (comp && rnd(&s) % 2) {
            comp &= 1 + rnd(&s) % all_a;
            for (int per = 0; per < 2 && comp; per++) {
                snprintf(label, sizeof(label), "section %d comparison period %d", k, per);
                cell(c, periods[per], comp, ANY, label);
            }
        }
    }
}

static void cells_release(struct cells *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->flags[i]);
    free(c->flags);
    attack_release(&c->sets);
}

/* Runs disclosure over the cells; marks the attacker's sets published or not. */
static void decide(struct cells *c, int min_cell, bool primary_only,
                   struct disclosure_stats *st)
{
    struct disclosure *ds = disclosure_new(min_cell);
    uint32_t *m = malloc((c->p->n ? c->p->n : 1) * sizeof(uint32_t));
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && !primary_only)
            disclosure_solve(ds);
        for (size_t k = 0; k < c->n; k++) {
            size_t nm = 0;
            for (size_t i = 0; i < c->p->n; i++)
                if (c->flags[k][i])
                    m[nm++] = (uint32_t)i;
            bool hide = disclosure_cell(ds, "u", m, nm);
            if (pass == 1)
                c->sets.published[k] = !hide;
        }
    }
    if (st)
        disclosure_get_stats(ds, st);
    free(m);
    disclosure_free(ds);
}

static void generated_runs_leak_nothing(void **state)
{
    (void)state;
    size_t runs = 0, control_leaks = 0, secondary = 0, hidden_total = 0, checked = 0;
    for (unsigned seed = 1; seed <= 60; seed++) {
        struct pop p;
        make_pop(&p, seed);
        struct cells c = {.p = &p};
        attack_init(&c.sets, p.n);
        generate_cells(&c, seed);
        const int mc[] = {3, 5};
        for (int m = 0; m < 2; m++) {
            struct attack_result ar;
            decide(&c, mc[m], true, NULL);
            if (attack_run(&c.sets, mc[m], &ar) > 0)
                control_leaks++;
            struct disclosure_stats st;
            decide(&c, mc[m], false, &st);
            assert_int_equal(st.unknown, 0);
            assert_true(st.exhaustive);
            secondary += st.secondary;
            size_t rec = attack_run(&c.sets, mc[m], &ar);
            if (rec)
                fail_msg("seed %u, min-cell %d: %zu recovered (%s); %zu atoms, %zu cells, "
                         "%zu hidden",
                         seed, mc[m], rec, ar.first, ar.atoms, c.n, ar.hidden_sets);
            hidden_total += ar.hidden_sets;
            checked += ar.unions_checked;
            runs++;
        }
        cells_release(&c);
        free(p.r);
    }
    printf("  %zu generated runs: %zu withheld cells (%zu secondary), %zu small unions "
           "attacked, 0 recovered; primary rule alone: %zu runs leak\n",
           runs, hidden_total, secondary, checked, control_leaks);
    /* the attack is real: without linked suppression most runs leak */
    assert_true(control_leaks >= runs / 3);
    assert_true(secondary > 0);
}

/*
 * The same cells told as classes (disclosure.h): respondents with the same (wave, area,
 * group) are in the same cells, so each cell is the union of the classes of its
 * respondents.  `mode` 0: every cell as classes; 1: the first half as classes, then the
 * universe turned into respondent lists (disclosure_universe_to_rows) and the rest as
 * lists.  The published flags go to published[] (c->n entries).
 */
static void decide_classes(struct cells *c, int min_cell, int mode, bool *published,
                           struct disclosure_stats *st)
{
    const struct pop *p = c->p;
    size_t nk = (size_t)p->waves * (size_t)p->areas * (size_t)(p->groups + 1);
    size_t *key = malloc((p->n ? p->n : 1) * sizeof(size_t));
    for (size_t i = 0; i < p->n; i++)
        key[i] = ((size_t)p->r[i].wave * (size_t)p->areas + (size_t)p->r[i].area) *
                     (size_t)(p->groups + 1) +
                 (size_t)(p->r[i].group + 1);
    uint32_t *count = calloc(nk, sizeof(uint32_t)), *first = malloc(nk * sizeof(uint32_t));
    for (size_t i = p->n; i-- > 0;) {
        count[key[i]]++;
        first[key[i]] = (uint32_t)i;
    }
    struct disclosure *ds = disclosure_new(min_cell);
    uint32_t *m = malloc((p->n ? p->n : 1) * sizeof(uint32_t));
    size_t *id = malloc(nk * sizeof(size_t));
    /* the classes numbered against the order of their first respondents (last key
     * first), as a run whose first cells are late waves numbers them */
    for (size_t q = nk; q-- > 0;) {
        int64_t kk[DISCLOSURE_KEY] = {(int64_t)q, 7, -1, 0};
        if (count[q])
            assert_true(disclosure_class(ds, "u", kk, count[q], first[q]) != SIZE_MAX);
    }
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            disclosure_solve(ds);
        for (size_t k = 0; k < c->n; k++) {
            bool hide;
            if (disclosure_classes_ok(ds, "u") && (mode == 0 || k < c->n / 2)) {
                /* the classes of the cell's respondents, in the order of the keys'
                 * first respondents (any order would do: ids are sorted) */
                for (size_t q = 0; q < nk; q++)
                    id[q] = SIZE_MAX;
                size_t nm = 0;
                for (size_t i = 0; i < p->n; i++) {
                    if (!c->flags[k][i] || id[key[i]] != SIZE_MAX)
                        continue;
                    int64_t kk[DISCLOSURE_KEY] = {(int64_t)key[i], 7, -1, 0};
                    id[key[i]] = disclosure_class(ds, "u", kk, count[key[i]], first[key[i]]);
                    assert_true(id[key[i]] != SIZE_MAX);
                    m[nm++] = (uint32_t)id[key[i]];
                }
                for (size_t a = 1; a < nm; a++) /* ascending */
                    for (size_t b = a; b > 0 && m[b - 1] > m[b]; b--) {
                        uint32_t t = m[b];
                        m[b] = m[b - 1];
                        m[b - 1] = t;
                    }
                hide = disclosure_cell_classes(ds, "u", m, nm);
            } else {
                if (disclosure_has_classes(ds, "u")) {
                    /* each class's respondents, ascending */
                    size_t nc = disclosure_n_classes(ds, "u");
                    size_t *start = calloc(nc + 1, sizeof(size_t));
                    uint32_t *rows = malloc((p->n ? p->n : 1) * sizeof(uint32_t));
                    size_t at = 0;
                    for (size_t cl = 0; cl < nc; cl++) {
                        start[cl] = at;
                        for (size_t i = 0; i < p->n; i++) {
                            int64_t kk[DISCLOSURE_KEY] = {(int64_t)key[i], 7, -1, 0};
                            if (disclosure_class_find(ds, "u", kk) == cl)
                                rows[at++] = (uint32_t)i;
                        }
                    }
                    start[nc] = at;
                    assert_int_equal(disclosure_universe_to_rows(ds, "u", start, rows), 0);
                    assert_false(disclosure_has_classes(ds, "u"));
                    free(start);
                    free(rows);
                }
                size_t nm = 0;
                for (size_t i = 0; i < p->n; i++)
                    if (c->flags[k][i])
                        m[nm++] = (uint32_t)i;
                hide = disclosure_cell(ds, "u", m, nm);
            }
            if (pass == 1)
                published[k] = !hide;
        }
    }
    disclosure_get_stats(ds, st);
    free(id);
    free(m);
    free(count);
    free(first);
    free(key);
    disclosure_free(ds);
}

/* Cells told as classes, or as classes first and lists after, get the decision their
 * respondent lists get, cell for cell. */
static void classes_decide_as_lists(void **state)
{
    (void)state;
    size_t runs = 0, secondary = 0;
    for (unsigned seed = 1; seed <= 60; seed++) {
        struct pop p;
        make_pop(&p, seed);
        struct cells c = {.p = &p};
        attack_init(&c.sets, p.n);
        generate_cells(&c, seed);
        bool *pub = malloc((c.n ? c.n : 1) * sizeof(bool));
        const int mc[] = {3, 5};
        for (int m = 0; m < 2; m++) {
            struct disclosure_stats st;
            decide(&c, mc[m], false, &st);
            secondary += st.secondary;
            for (int mode = 0; mode < 2; mode++) {
                struct disclosure_stats sc;
                decide_classes(&c, mc[m], mode, pub, &sc);
                for (size_t k = 0; k < c.n; k++)
                    if (pub[k] != c.sets.published[k])
                        fail_msg("seed %u, min-cell %d, mode %d: cell %zu %s as classes, %s "
                                 "as a list",
                                 seed, mc[m], mode, k, pub[k] ? "published" : "withheld",
                                 c.sets.published[k] ? "published" : "withheld");
                assert_int_equal(sc.cells, st.cells);
                assert_int_equal(sc.atoms, st.atoms);
                assert_int_equal(sc.primary, st.primary);
                assert_int_equal(sc.secondary, st.secondary);
                assert_int_equal(sc.unknown, 0);
                runs++;
            }
        }
        free(pub);
        cells_release(&c);
        free(p.r);
    }
    printf("  %zu runs told as classes: the decisions of the lists (%zu secondary "
           "suppressions among them)\n",
           runs, secondary);
    assert_true(secondary > 0);
}

/* A class made again must be the same respondents; a universe of lists takes none. */
static void classes_guarded(void **state)
{
    (void)state;
    struct disclosure *ds = disclosure_new(5);
    int64_t k1[DISCLOSURE_KEY] = {1, 2, 3, 4}, k2[DISCLOSURE_KEY] = {1, 2, 3, 5};
    assert_int_equal(disclosure_class(ds, "u", k1, 10, 0), 0);
    assert_int_equal(disclosure_class(ds, "u", k2, 3, 4), 1);
    assert_int_equal(disclosure_class(ds, "u", k1, 10, 0), 0);
    assert_true(disclosure_class(ds, "u", k1, 11, 0) == SIZE_MAX);
    assert_true(disclosure_class(ds, "u", k1, 0, 0) == SIZE_MAX);
    uint32_t ids[2] = {0, 1};
    assert_false(disclosure_cell_classes(ds, "u", ids, 2)); /* 13 respondents */
    assert_true(disclosure_cell_classes(ds, "u", ids + 1, 1)); /* 3 */
    assert_false(disclosure_cell_classes(ds, "u", ids, 0));
    uint32_t rows[13];
    for (uint32_t r = 0; r < 13; r++)
        rows[r] = r;
    /* a list into a universe of classes: withheld, nothing is known about it */
    assert_true(disclosure_cell(ds, "u", rows, 13));
    size_t bad[3] = {0, 9, 13}; /* class 0 with 9 respondents: refused */
    assert_int_equal(disclosure_universe_to_rows(ds, "u", bad, rows), -1);
    assert_true(disclosure_has_classes(ds, "u"));
    size_t start[3] = {0, 10, 13};
    assert_int_equal(disclosure_universe_to_rows(ds, "u", start, rows), 0);
    assert_false(disclosure_classes_ok(ds, "u"));
    assert_true(disclosure_class(ds, "u", k1, 10, 0) == SIZE_MAX);
    assert_false(disclosure_cell(ds, "u", rows, 13)); /* the cell of both classes */
    assert_true(disclosure_cell(ds, "u", rows + 10, 3));
    struct disclosure_stats st;
    disclosure_get_stats(ds, &st);
    assert_int_equal(st.cells, 2);
    assert_true(disclosure_classes_ok(ds, "v")); /* other universes are their own */
    disclosure_free(ds);
}

/* The case: a section over "Norr + Lilla byn" and one over "Norr". */
static void overlapping_area_sets(void **state)
{
    (void)state;
    struct pop p = {.waves = 2, .areas = 2, .groups = 2};
    p.r = malloc(300 * sizeof(*p.r));
    for (int w = 0; w < 2; w++) {
        for (int k = 0; k < 103; k++)
            p.r[p.n++] = (struct resp){w, 0, k % 2};
        for (int k = 0; k < 3; k++)
            p.r[p.n++] = (struct resp){w, 1, k % 2};
    }
    struct cells c = {.p = &p};
    attack_init(&c.sets, p.n);
    cell(&c, 3, 3, 1u << 31, "Norr + Lilla byn, both waves");
    cell(&c, 3, 1, 1u << 31, "Norr, both waves");
    cell(&c, 1, 3, 1u << 31, "Norr + Lilla byn, wave 0");
    cell(&c, 1, 1, 1u << 31, "Norr, wave 0");
    cell(&c, 2, 3, 1u << 31, "Norr + Lilla byn, wave 1");
    cell(&c, 2, 1, 1u << 31, "Norr, wave 1");
    struct attack_result ar;
    decide(&c, 5, true, NULL);
    assert_true(attack_run(&c.sets, 5, &ar) > 0); /* each pair gives Lilla byn away */
    decide(&c, 5, false, NULL);
    assert_int_equal(attack_run(&c.sets, 5, &ar), 0);
    /* something of each pair had to go */
    size_t published = 0;
    for (size_t k = 0; k < c.n; k++)
        published += c.sets.published[k];
    assert_true(published >= 1 && published < c.n);
    cells_release(&c);
    free(p.r);
}

/* A cell seen first after solving is withheld; empty cells never are. */
static void unknown_and_empty(void **state)
{
    (void)state;
    struct disclosure *ds = disclosure_new(5);
    uint32_t m[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    assert_false(disclosure_cell(ds, "u", m, 10));
    assert_true(disclosure_cell(ds, "u", m, 3));
    assert_false(disclosure_cell(ds, "u", m, 0));
    disclosure_solve(ds);
    assert_true(disclosure_cell(ds, "u", m, 3));
    assert_false(disclosure_cell(ds, "u", m + 1, 0));
    assert_true(disclosure_cell(ds, "u", m + 1, 8)); /* not seen before */
    struct disclosure_stats st;
    disclosure_get_stats(ds, &st);
    assert_int_equal(st.unknown, 1);
    disclosure_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generated_runs_leak_nothing),
        cmocka_unit_test(overlapping_area_sets),
        cmocka_unit_test(unknown_and_empty),
        cmocka_unit_test(classes_decide_as_lists),
        cmocka_unit_test(classes_guarded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
