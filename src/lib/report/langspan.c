/*
 * langspan — see langspan.h.
 */
#include "report/langspan.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/xalloc.h"

/* Terms by their first byte, each bucket longest first: a text is scanned once, and
 * at each place where a word starts only the terms beginning with its byte are tried. */
struct langspan {
    char **terms;
    size_t *lens;
    size_t n;
    size_t start[257]; /* bucket b: terms[start[b] .. start[b + 1]) */
};

static int cmp_term(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    unsigned char ca = (unsigned char)a[0], cb = (unsigned char)b[0];
    if (ca != cb)
        return ca < cb ? -1 : 1;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb)
        return la > lb ? -1 : 1; /* longest first */
    return strcmp(a, b);
}

struct langspan *langspan_new(const char *const *terms, size_t n)
{
    size_t k = 0;
    char **t = xcalloc(n ? n : 1, sizeof(*t));
    for (size_t i = 0; i < n; i++)
        if (terms[i] && terms[i][0])
            t[k++] = xstrdup(terms[i]);
    if (k == 0) {
        free(t);
        return NULL;
    }
    qsort(t, k, sizeof(*t), cmp_term);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m > 0 && strcmp(t[m - 1], t[i]) == 0)
            free(t[i]);
        else
            t[m++] = t[i];
    }
    struct langspan *ls = xcalloc(1, sizeof(*ls));
    ls->terms = t;
    ls->n = m;
    ls->lens = xcalloc(m, sizeof(*ls->lens));
    for (size_t i = 0; i < m; i++)
        ls->lens[i] = strlen(t[i]);
    size_t i = 0;
    for (size_t b = 0; b <= 256; b++) {
        while (i < m && (size_t)(unsigned char)t[i][0] < b)
            i++;
        ls->start[b] = i;
    }
    return ls;
}

void langspan_free(struct langspan *ls)
{
    if (!ls)
        return;
    for (size_t i = 0; i < ls->n; i++)
        free(ls->terms[i]);
    free(ls->terms);
    free(ls->lens);
    free(ls);
}

/* A letter, mark or digit: what a word is made of. */
static bool word_cp(utf8proc_int32_t cp)
{
    if (cp < 0)
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

/* Whether the character that starts at s[i] is part of a word. */
static bool word_at(const char *s, size_t len, size_t i)
{
    if (i >= len)
        return false;
    utf8proc_int32_t cp = -1;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp) <= 0)
        return false;
    return word_cp(cp);
}

/* Whether the character that ends just before s[i] is part of a word. */
static bool word_before(const char *s, size_t i)
{
    if (i == 0)
        return false;
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80 && i - k < 4)
        k--;
    return word_at(s, i, k);
}

bool langspan_find(const struct langspan *ls, const char *s, size_t len, size_t from, size_t *a,
                   size_t *b)
{
    if (!ls || !s)
        return false;
    for (size_t i = from; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80 || ls->start[c] == ls->start[c + 1])
            continue;
        if (word_before(s, i))
            continue;
        for (size_t t = ls->start[c]; t < ls->start[c + 1]; t++) {
            size_t n = ls->lens[t];
            if (n <= len - i && memcmp(s + i, ls->terms[t], n) == 0 && !word_at(s, len, i + n)) {
                *a = i;
                *b = i + n;
                return true;
            }
        }
    }
    return false;
}
