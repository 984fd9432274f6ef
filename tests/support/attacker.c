/*
 * attacker — see attacker.h.
 */
#include "attacker.h"

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void attack_init(struct attack_sets *a, size_t n_resp)
{
    memset(a, 0, sizeof(*a));
    a->n_resp = n_resp;
}

void attack_release(struct attack_sets *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->member[i]);
        free(a->label[i]);
    }
    free(a->member);
    free(a->published);
    free(a->label);
    memset(a, 0, sizeof(*a));
}

size_t attack_add(struct attack_sets *a, const uint8_t *member, bool published, const char *label)
{
    if (a->n == a->alloc) {
        a->alloc = a->alloc ? 2 * a->alloc : 64;
        a->member = realloc(a->member, a->alloc * sizeof(*a->member));
        a->published = realloc(a->published, a->alloc * sizeof(*a->published));
        a->label = realloc(a->label, a->alloc * sizeof(*a->label));
    }
    a->member[a->n] = malloc(a->n_resp ? a->n_resp : 1);
    memcpy(a->member[a->n], member, a->n_resp);
    a->published[a->n] = published;
    a->label[a->n] = strdup(label ? label : "");
    return a->n++;
}

static const struct attack_sets *sort_sets;

static int cmp_resp(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    for (size_t s = 0; s < sort_sets->n; s++) {
        int d = (int)sort_sets->member[s][i] - (int)sort_sets->member[s][j];
        if (d)
            return d;
    }
    return i < j ? -1 : i > j;
}

static bool same_sig(const struct attack_sets *a, size_t i, size_t j)
{
    for (size_t s = 0; s < a->n; s++)
        if (a->member[s][i] != a->member[s][j])
            return false;
    return true;
}

/* ||v||² − ||Bᵀv||² for v = indicator of `atoms` (B: na × rank, orthonormal columns). */
static double residual(const gsl_matrix *B, size_t rank, const size_t *atoms, size_t k)
{
    double proj = 0;
    for (size_t c = 0; c < rank; c++) {
        double s = 0;
        for (size_t i = 0; i < k; i++)
            s += gsl_matrix_get(B, atoms[i], c);
        proj += s * s;
    }
    return (double)k - proj;
}

struct dfs {
    const gsl_matrix *B;
    size_t rank;
    const double *size;
    const size_t *small;
    size_t ns;
    int min_cell;
    double tol;
    size_t *pick;
    const size_t *first;
    struct attack_result *out;
};

/* Every union of at most four small atoms with fewer than min_cell respondents. */
static void unions(struct dfs *d, size_t from, size_t c, double tot)
{
    for (size_t i = from; i < d->ns; i++) {
        double t = tot + d->size[d->small[i]];
        if (t >= d->min_cell)
            continue;
        d->pick[c] = d->small[i];
        d->out->unions_checked++;
        if (residual(d->B, d->rank, d->pick, c + 1) < d->tol) {
            if (!d->out->hidden_recovered && !d->out->unions_recovered)
                snprintf(d->out->first, sizeof(d->out->first),
                         "a group of %g respondent(s) (%zu atom(s), respondent %zu among them) "
                         "is derivable",
                         t, c + 1, d->first[d->pick[0]]);
            d->out->unions_recovered++;
        }
        if (c + 1 < 4)
            unions(d, i + 1, c + 1, t);
    }
}

size_t attack_run(const struct attack_sets *a, int min_cell, struct attack_result *out)
{
    memset(out, 0, sizeof(*out));
    /* atoms: respondents in at least one set, grouped by their memberships */
    size_t *order = malloc((a->n_resp + 1) * sizeof(size_t)), m = 0;
    for (size_t i = 0; i < a->n_resp; i++) {
        bool any = false;
        for (size_t s = 0; s < a->n && !any; s++)
            any = a->member[s][i];
        if (any)
            order[m++] = i;
    }
    sort_sets = a;
    qsort(order, m, sizeof(size_t), cmp_resp);
    size_t *atom_of = malloc((a->n_resp + 1) * sizeof(size_t));
    size_t *first = malloc((m + 1) * sizeof(size_t));
    double *size = calloc(m + 1, sizeof(double));
    size_t na = 0;
    for (size_t k = 0; k < m; k++) {
        if (k == 0 || !same_sig(a, order[k - 1], order[k]))
            first[na++] = order[k];
        atom_of[order[k]] = na - 1;
        size[na - 1] += 1;
    }
    out->atoms = na;
    /* Gram matrix of the published sets over the atoms */
    gsl_matrix *G = gsl_matrix_calloc(na ? na : 1, na ? na : 1);
    uint8_t *in = calloc(na + 1, 1);
    size_t *list = malloc((na + 1) * sizeof(size_t));
    for (size_t s = 0; s < a->n; s++) {
        if (!a->published[s])
            continue;
        memset(in, 0, na + 1);
        size_t k = 0;
        for (size_t t = 0; t < na; t++)
            if (a->member[s][first[t]])
                list[k++] = t;
        for (size_t x = 0; x < k; x++)
            for (size_t y = 0; y < k; y++)
                *gsl_matrix_ptr(G, list[x], list[y]) += 1;
    }
    gsl_vector *eval = gsl_vector_alloc(na ? na : 1);
    gsl_matrix *evec = gsl_matrix_alloc(na ? na : 1, na ? na : 1);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(na ? na : 1);
    gsl_eigen_symmv(G, eval, evec, w);
    gsl_eigen_symmv_free(w);
    double maxev = 0;
    for (size_t i = 0; i < na; i++)
        if (gsl_vector_get(eval, i) > maxev)
            maxev = gsl_vector_get(eval, i);
    gsl_matrix *B = gsl_matrix_alloc(na ? na : 1, na ? na : 1);
    size_t rank = 0;
    for (size_t i = 0; i < na; i++)
        if (gsl_vector_get(eval, i) > 1e-9 * (maxev > 1 ? maxev : 1)) {
            for (size_t r = 0; r < na; r++)
                gsl_matrix_set(B, r, rank, gsl_matrix_get(evec, r, i));
            rank++;
        }
    out->rank = rank;
    const double tol = 1e-6;
    /* withheld sets */
    for (size_t s = 0; s < a->n; s++) {
        if (a->published[s])
            continue;
        size_t k = 0;
        for (size_t t = 0; t < na; t++)
            if (a->member[s][first[t]])
                list[k++] = t;
        if (k == 0)
            continue;
        out->hidden_sets++;
        if (residual(B, rank, list, k) < tol) {
            if (!out->hidden_recovered && !out->unions_recovered)
                snprintf(out->first, sizeof(out->first), "withheld set '%s' is derivable",
                         a->label[s]);
            out->hidden_recovered++;
        }
    }
    /* unions of at most four small atoms below min_cell */
    size_t *small = malloc((na + 1) * sizeof(size_t)), ns = 0;
    for (size_t t = 0; t < na; t++)
        if (size[t] < min_cell)
            small[ns++] = t;
    out->small_atoms = ns;
    size_t pick[4];
    struct dfs ctx = {B, rank, size, small, ns, min_cell, tol, pick, first, out};
    unions(&ctx, 0, 0, 0);
    free(small);
    gsl_matrix_free(B);
    gsl_matrix_free(evec);
    gsl_vector_free(eval);
    gsl_matrix_free(G);
    free(in);
    free(list);
    free(order);
    free(atom_of);
    free(first);
    free(size);
    return out->hidden_recovered + out->unions_recovered;
}
