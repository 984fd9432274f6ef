/*
 * table — see table.h.
 */
#include "util/table.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct table *table_new(const char *name, const char *title, size_t n_cols,
                        const char *const *cols, const bool *numeric)
{
    struct table *t = xcalloc(1, sizeof(*t));
    t->name = xstrdup(name);
    t->title = xstrdup(title);
    t->n_cols = n_cols;
    t->cols = xcalloc(n_cols, sizeof(*t->cols));
    t->numeric = xcalloc(n_cols, sizeof(*t->numeric));
    for (size_t i = 0; i < n_cols; i++) {
        t->cols[i] = xstrdup(cols[i]);
        t->numeric[i] = numeric ? numeric[i] : false;
    }
    return t;
}

void table_free(struct table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    for (size_t i = 0; i < t->n_cols; i++)
        free(t->cols[i]);
    free(t->cells);
    free(t->cols);
    free(t->numeric);
    free(t->name);
    free(t->title);
    free(t);
}

void table_add_row(struct table *t, const char *const *cells)
{
    t->cells = xgrow(t->cells, sizeof(*t->cells) * t->n_cols, t->n_rows + 1, &t->alloc_rows);
    for (size_t i = 0; i < t->n_cols; i++)
        t->cells[t->n_rows * t->n_cols + i] = xstrdup(cells[i] ? cells[i] : "");
    t->n_rows++;
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
    return t->cells[row * t->n_cols + col];
}

void table_set_cell(struct table *t, size_t row, size_t col, const char *text)
{
    char **cell = &t->cells[row * t->n_cols + col];
    free(*cell);
    *cell = xstrdup(text ? text : "");
}
