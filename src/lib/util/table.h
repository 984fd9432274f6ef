/*
 * table — a small table of text cells: column names, which columns are numeric, rows.
 *
 * The common currency between code that computes listings (`trygg info`, results)
 * and the writers that print them as aligned text, CSV or JSON (out/tablefmt.h).
 * Cells are owned copies; "" is an empty cell.
 */
#ifndef TRYGG_UTIL_TABLE_H
#define TRYGG_UTIL_TABLE_H

#include <stdbool.h>
#include <stddef.h>

struct table {
    char *name;    /* machine name, e.g. "series" */
    char *title;   /* for people, e.g. "Incident series" */
    size_t n_cols;
    char **cols;
    bool *numeric; /* per column: right-aligned in text, a number in JSON */
    char **cells;  /* n_rows * n_cols */
    size_t n_rows, alloc_rows;
};

/* Returns a new table (free with table_free).  `numeric` may be NULL. */
struct table *table_new(const char *name, const char *title, size_t n_cols,
                        const char *const *cols, const bool *numeric);
void table_free(struct table *t);
/* Appends a row of n_cols cells (copied; NULL means empty). */
void table_add_row(struct table *t, const char *const *cells);
const char *table_cell(const struct table *t, size_t row, size_t col);
/* Replaces one cell (copied; NULL means empty); row and col must exist. */
void table_set_cell(struct table *t, size_t row, size_t col, const char *text);

#endif
