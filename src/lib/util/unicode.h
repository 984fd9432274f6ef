/*
 * unicode — Unicode normalisation of text read from files (libutf8proc).
 *
 * The same name can arrive in two spellings that look identical: "Söder" with a
 * precomposed ö (NFC, what most Windows and Linux tools write) or with o + a combining
 * diaeresis (NFD, from macOS and some web-survey tools).  Compared byte by byte they
 * would be two areas, two answer labels, two categories.  Everything trygg reads as
 * text (CSV fields, codebook and spec values) is brought to NFC at import, so one
 * name is one name; the readers warn when a value changed.
 */
#ifndef TRYGG_UTIL_UNICODE_H
#define TRYGG_UTIL_UNICODE_H

#include <stdbool.h>
#include <stddef.h>

/* If the valid UTF-8 text s[0..len) is not in NFC, returns its NFC form (malloc'd,
 * NUL-terminated, length in *out_len); NULL when it already is (pure ASCII always
 * is: that case costs one pass over the bytes). */
char *unicode_nfc(const char *s, size_t len, size_t *out_len);

/* True if s[0..len) holds a byte-order mark U+FEFF (EF BB BF) anywhere. */
bool unicode_has_bom(const char *s, size_t len);

#endif
