/*
 * chart — see chart.h.
 */
#include "eval/chart.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct chart *chart_new(enum chart_kind kind, const char *name, const char *title)
{
    struct chart *c = xcalloc(1, sizeof(*c));
    c->kind = kind;
    c->name = xstrdup(name);
    c->title = xstrdup(title ? title : "");
    c->xlabel = xstrdup("");
    c->ylabel = xstrdup("");
    c->alt = xstrdup("");
    return c;
}

static double *dup_array(const double *a, size_t n)
{
    if (!a)
        return NULL;
    double *d = xmalloc((n ? n : 1) * sizeof(*d));
    memcpy(d, a, n * sizeof(*d));
    return d;
}

struct chart_series *chart_add_series(struct chart *c, const char *label, size_t n,
                                      const double *x, const double *y, const double *lo,
                                      const double *hi, int style)
{
    c->series = xrealloc(c->series, (c->n_series + 1) * sizeof(*c->series));
    struct chart_series *s = &c->series[c->n_series++];
    s->label = xstrdup(label ? label : "");
    s->n = n;
    s->x = dup_array(x, n);
    s->y = dup_array(y, n);
    s->lo = dup_array(lo, n);
    s->hi = dup_array(hi, n);
    s->style = style;
    return s;
}

static char **dup_strings(const char *const *s, size_t n)
{
    char **d = xcalloc(n ? n : 1, sizeof(*d));
    for (size_t i = 0; i < n; i++)
        d[i] = xstrdup(s[i] ? s[i] : "");
    return d;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i]);
    free(s);
}

void chart_set_categories(struct chart *c, const char *const *labels, size_t n)
{
    free_strings(c->categories, c->n_categories);
    c->categories = dup_strings(labels, n);
    c->n_categories = n;
}

void chart_set_segments(struct chart *c, const char *const *labels, size_t n,
                        const double *values, size_t center)
{
    free_strings(c->segments, c->n_segments);
    free(c->values);
    c->segments = dup_strings(labels, n);
    c->n_segments = n;
    c->values = dup_array(values, c->n_categories * n);
    c->diverging_center = center;
}

void chart_free(struct chart *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n_series; i++) {
        struct chart_series *s = &c->series[i];
        free(s->label);
        free(s->x);
        free(s->y);
        free(s->lo);
        free(s->hi);
    }
    free(c->series);
    free_strings(c->categories, c->n_categories);
    free_strings(c->segments, c->n_segments);
    free(c->values);
    free(c->name);
    free(c->title);
    free(c->xlabel);
    free(c->ylabel);
    free(c->alt);
    free(c->marker_label);
    free(c);
}
