/*
 * utf8 — see utf8.h.
 */
#include "util/utf8.h"

size_t utf8_sequence_length(const char *str, size_t avail)
{
    const unsigned char *s = (const unsigned char *)str;
    if (!avail)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* no overlongs */
        else if (c == 0xED)
            hi = 0x9F; /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else
        return 0;
    if (avail < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_at)
{
    size_t i = 0;
    while (i < len) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_sequence_length(s + i, len - i);
        if (!n) {
            if (bad_at)
                *bad_at = i;
            return false;
        }
        i += n;
    }
    return true;
}

size_t utf8_length(const char *s, size_t len)
{
    size_t i = 0, count = 0;
    while (i < len) {
        size_t n = utf8_sequence_length(s + i, len - i);
        i += n ? n : 1;
        count++;
    }
    return count;
}

bool utf8_has_bom(const char *s, size_t len)
{
    return len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
           (unsigned char)s[2] == 0xBF;
}

bool utf8_is_bidi_control(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 2)
        return u[0] == 0xD8 && u[1] == 0x9C; /* U+061C arabic letter mark */
    if (n != 3 || u[0] != 0xE2)
        return false;
    if (u[1] == 0x80)
        return u[2] == 0x8E || u[2] == 0x8F || (u[2] >= 0xAA && u[2] <= 0xAE);
    return u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9;
}

bool utf8_is_minus_sign(const char *s, size_t avail)
{
    return avail >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x88 &&
           (unsigned char)s[2] == 0x92;
}
