/*
 * utf8 — validation of UTF-8 text (RFC 3629: no overlongs, no surrogates, at most
 * U+10FFFF) and the byte-order mark.
 */
#ifndef TRYGG_UTIL_UTF8_H
#define TRYGG_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length of the valid UTF-8 sequence starting at s (1..4), or 0 if it is invalid or
 * cut off by `avail`. */
size_t utf8_sequence_length(const char *s, size_t avail);
/* True if s[0..len) is valid UTF-8; otherwise *bad_at (if not NULL) gets the offset
 * of the first invalid byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad_at);
/* Number of code points in valid UTF-8 text (invalid bytes count one each). */
size_t utf8_length(const char *s, size_t len);
/* True if the n-byte sequence at s is a bidirectional formatting character (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): in a report they would reorder the
 * text around them (a "right-to-left override" makes "exe.txt" read "txt.exe"), so
 * every writer replaces them as it replaces control characters. */
bool utf8_is_bidi_control(const char *s, size_t n);
/* True if s[0..avail) starts with U+2212 MINUS SIGN (E2 88 92).  Machine-readable
 * outputs write it as ASCII '-', so that a number in a text cell still reads as a
 * number when pasted into a spreadsheet. */
bool utf8_is_minus_sign(const char *s, size_t avail);
/* The UTF-8 byte-order mark EF BB BF. */
bool utf8_has_bom(const char *s, size_t len);

#endif
