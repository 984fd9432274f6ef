/*
 * survey_levels — see survey_levels.h.
 */
#include "eval/survey_levels.h"

#include "util/xalloc.h"

void survey_levels_add(int **levels, size_t *n, int value)
{
    int *l = *levels;
    for (size_t k = 0; k < *n; k++)
        if (l[k] == value)
            return;
    l = xrealloc(l, (*n + 1) * sizeof(int));
    l[(*n)++] = value;
    /* insertion: a grouping has a handful of levels */
    for (size_t k = *n - 1; k > 0 && l[k - 1] > l[k]; k--) {
        int t = l[k];
        l[k] = l[k - 1];
        l[k - 1] = t;
    }
    *levels = l;
}

void survey_levels_of_areas(const struct survey_data *d, const bool *wave_used,
                            const bool *area_ok, size_t n_area_ok, int **levels, size_t *n)
{
    for (size_t w = 0; w < d->n_waves; w++)
        for (size_t i = d->wave_begin[w]; wave_used[w] && i < d->wave_end[w]; i++) {
            int32_t a = d->area[i];
            if (a > 0 && (!area_ok || ((size_t)a < n_area_ok && area_ok[a])))
                survey_levels_add(levels, n, a);
        }
}

void survey_levels_of_variable(const struct survey_data *d, size_t v, int **levels, size_t *n)
{
    for (size_t cb = 0; cb < d->n_codebooks; cb++) {
        const struct cb_variable *var = d->var_in[cb * d->n_vars + v];
        for (size_t k = 0; var && k < var->n_values; k++)
            if (!var->values[k].missing)
                survey_levels_add(levels, n, var->values[k].code);
    }
}
