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

/* The primary weight of the character at s[*i] (advancing *i): a-z 'a'..'z', then
 * å ä ö just after z; Latin-1 accented letters as their base; anything else its code
 * point shifted above the letters (so "10" and "Ö" keep a stable place). */
static unsigned long sv_weight(const unsigned char *s, size_t len, size_t *i)
{
    unsigned char c = s[*i];
    if (c < 0x80) {
        (*i)++;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z')
            return 1000 + (unsigned long)(c - 'a') * 4;
        return c; /* digits, blanks and punctuation before letters */
    }
    if (c == 0xc3 && *i + 1 < len) {
        /* the code point U+00C0..U+00FF, upper case folded to lower (À..Þ -> à..þ) */
        unsigned d = 0xc0u | (s[*i + 1] & 0x3fu);
        if (d <= 0xde && d != 0xd7)
            d |= 0x20;
        *i += 2;
        switch (d) {
        case 0xe5: return 1000 + 26 * 4;     /* å */
        case 0xe4: case 0xe6: return 1000 + 27 * 4; /* ä, æ */
        case 0xf6: case 0xf8: return 1000 + 28 * 4; /* ö, ø */
        case 0xe9: case 0xe8: case 0xea: case 0xeb: return 1000 + ('e' - 'a') * 4;
        case 0xfc: return 1000 + ('y' - 'a') * 4;
        case 0xe0: case 0xe1: case 0xe2: return 1000;
        case 0xf3: case 0xf2: case 0xf4: return 1000 + ('o' - 'a') * 4;
        case 0xed: case 0xec: return 1000 + ('i' - 'a') * 4;
        case 0xe7: return 1000 + ('c' - 'a') * 4;
        case 0xf1: return 1000 + ('n' - 'a') * 4;
        default: return 2000 + d;
        }
    }
    /* another multi-byte character: its lead and continuation bytes, after letters */
    unsigned long w = 3000 + c;
    (*i)++;
    while (*i < len && (s[*i] & 0xc0) == 0x80)
        w = w * 64 + (s[(*i)++] & 0x3f);
    return w;
}

int text_collate_sv(const char *a, size_t alen, const char *b, size_t blen)
{
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        unsigned long wa = sv_weight(ua, alen, &i), wb = sv_weight(ub, blen, &j);
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    if (i < alen || j < blen)
        return i < alen ? 1 : -1;
    size_t n = alen < blen ? alen : blen;
    int c = memcmp(a, b, n);
    return c ? c : (alen > blen) - (alen < blen);
}

void text_position(const char *text, size_t offset, long *line, long *column)
{
    long l = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= offset || text[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    *line = l;
    if (column)
        *column = (long)(offset - start) + 1;
}

bool text_formula_needs_guard(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == '\'')
        i++;
    return i < len && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@' ||
                       s[i] == '\t' || s[i] == '\r');
}

void text_formula_unguard(const char **s, size_t *len)
{
    if (*len >= 2 && (*s)[0] == '\'' && text_formula_needs_guard(*s + 1, *len - 1)) {
        (*s)++;
        (*len)--;
    }
}

size_t text_line_length(const char *s, size_t len)
{
    const char *lf = memchr(s, '\n', len);
    size_t n = lf ? (size_t)(lf - s) : len;
    const char *cr = memchr(s, '\r', n);
    return cr ? (size_t)(cr - s) : n;
}
