/*
 * unicode — see unicode.h.
 */
#include "util/unicode.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/xalloc.h"

/* Whether s is certainly in NFC without asking utf8proc: every code point below
 * U+0300 (ASCII, Latin-1 and Latin Extended, so Swedish text) has NFC_Quick_Check =
 * Yes and combining class 0, so a string of them is its own NFC.  In UTF-8 that is
 * every lead byte below 0xCC (continuation bytes 0x80..0xBF pass too).  A full
 * check (~1 µs a cell) made the import of a million Swedish category names slow. */
static bool surely_nfc(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= p[i];
    if (acc < 0x80)
        return true;
    for (size_t i = 0; i < len; i++)
        if (p[i] >= 0xCC)
            return false;
    return true;
}

char *unicode_nfc(const char *s, size_t len, size_t *out_len)
{
    if (surely_nfc(s, len))
        return NULL;
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &dst,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) { /* not valid UTF-8 or out of memory: leave it to the caller's checks */
        free(dst);
        return NULL;
    }
    if ((size_t)n == len && !memcmp(dst, s, len)) {
        free(dst);
        return NULL;
    }
    char *out = xmalloc((size_t)n + 1);
    memcpy(out, dst, (size_t)n);
    out[n] = '\0';
    free(dst);
    *out_len = (size_t)n;
    return out;
}

bool unicode_has_bom(const char *s, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if ((unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBB &&
            (unsigned char)s[i + 2] == 0xBF)
            return true;
    return false;
}
