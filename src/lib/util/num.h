/*
 * num — locale-free number parsing and formatting.
 *
 * Files come from Swedish and English systems: "1,5" and "1.5" are the same number,
 * and the decimal separator is whichever of '.' or ',' occurs once between digits.
 * What is refused, because a silently wrong number is worse than an error: thousands
 * separators ("1 105", "1,105,000"), hexadecimal ("0x10"), "inf"/"nan", several
 * separators ("1,5,2"), overflow ("1e999"), trailing junk.  Surrounding ASCII blanks
 * are ignored.  Formatting gives the shortest text that reads back to the same double
 * and never depends on LC_NUMERIC: evaluators run sv_SE, which writes "0,5".
 */
#ifndef TRYGG_UTIL_NUM_H
#define TRYGG_UTIL_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum num_status {
    NUM_OK = 0,
    NUM_EMPTY,  /* nothing but blanks */
    NUM_SYNTAX, /* not a number in the accepted grammar */
    NUM_RANGE   /* a number, but outside what the type can hold */
};

/* Decimal: [+-]? digits [(.|,) digits]? ([eE][+-]?digits)?  (digits may be absent on
 * one side of the separator: ".5", "5."). */
enum num_status num_parse_double(const char *s, size_t len, double *out);
/* Integer: [+-]? digits, within int64.  "12.0" is a syntax error. */
enum num_status num_parse_int64(const char *s, size_t len, int64_t *out);
/*
 * Digit groups as Swedish Excel and people write them: "380 000", "1 400 000,50"
 * (blank, no-break space U+00A0 or narrow no-break space U+202F between groups of
 * exactly three digits, an optional sign before and an optional decimal part after).
 * Only blanks count as group separators, never ',' or '.', so the reading is
 * unambiguous.  If s has that shape, appends it without the separators to out and
 * returns true; otherwise leaves out unchanged and returns false.
 */
struct strbuf;
bool num_ungroup(const char *s, size_t len, struct strbuf *out);
/* One line of English for a status, e.g. "is not a number". */
const char *num_status_text(enum num_status st);

/* Shortest round-trip text of x into buf (at least NUM_FMT_SIZE bytes); "NaN", "Inf"
 * and "-Inf" for non-finite values.  Returns buf. */
#define NUM_FMT_SIZE 32
char *num_format(double x, char *buf);
/* printf's "%.16G" of x, byte for byte (the text libxlsxwriter gives a number cell),
 * without printf's multi-precision arithmetic for the common magnitudes. */
char *num_format_g16(double x, char *buf);
/* printf-style "%.*f" / "%.*g" but locale-free and with '.' or ',' as decimal mark. */
char *num_format_fixed(double x, int decimals, char decimal_mark, char *buf);

#endif
