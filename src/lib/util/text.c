/*
 * text — see text.h.
 */
#include "util/text.h"

#include <string.h>

/* Folds ASCII capitals and the Latin-1 capitals U+00C0..U+00DE (but U+00D7), which
 * UTF-8 writes as C3 80..9E, to lower case.  Folding keeps byte lengths.  A byte
 * after 0xC3 is a continuation byte, because 0xC3 can only be a lead byte. */
static unsigned char fold_at(const unsigned char *s, size_t i)
{
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if (i > 0 && s[i - 1] == 0xC3 && c >= 0x80 && c <= 0x9E && c != 0x97)
        return (unsigned char)(c + 0x20);
    return c;
}

void text_trim(const char **s, size_t *len)
{
    while (*len && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
        (*s)++;
        (*len)--;
    }
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
        (*len)--;
}

void text_trim_blank(const char **s, size_t *len)
{
    for (;;) {
        const char *p = *s;
        size_t n = *len;
        if (n && (p[0] == ' ' || p[0] == '\t'))
            p++, n--;
        else if (n >= 2 && (unsigned char)p[0] == 0xc2 && (unsigned char)p[1] == 0xa0)
            p += 2, n -= 2;
        else if (n >= 6 && !memcmp(p, "&nbsp;", 6))
            p += 6, n -= 6;
        else if (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        else if (n >= 2 && (unsigned char)p[n - 2] == 0xc2 && (unsigned char)p[n - 1] == 0xa0)
            n -= 2;
        else if (n >= 6 && !memcmp(p + n - 6, "&nbsp;", 6))
            n -= 6;
        else
            return;
        *s = p;
        *len = n;
    }
}

void text_fold(struct strbuf *out, const char *s, size_t len)
{
    strbuf_grow(out, len);
    for (size_t i = 0; i < len; i++)
        strbuf_addch(out, fold_at((const unsigned char *)s, i));
}

bool text_equal_fold(const char *a, size_t alen, const char *b, size_t blen)
{
    text_trim(&a, &alen);
    text_trim(&b, &blen);
    if (alen != blen)
        return false;
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    for (size_t i = 0; i < alen; i++)
        if (fold_at(ua, i) != fold_at(ub, i))
            return false;
    return true;
}
