/*
 * num — see num.h.
 *
 * The grammar is checked here by hand; only text that passed it is handed to strtod,
 * so strtod's extra forms (hex floats, "inf", "nan", locale separators) never apply.
 * trygg never sets LC_NUMERIC, so strtod and snprintf use '.'.
 */
#include "util/num.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void trim(const char **s, size_t *len)
{
    while (*len && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len && is_blank((*s)[*len - 1]))
        (*len)--;
}

/* 1e0 .. 1e22: the powers of ten that are exact doubles. */
static const double pow10_exact22[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                         1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Powers of ten that are exact doubles, for Clinger's fast path below. */
static const double pow10_exact[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

/* The common form in one pass: [+-]digits[(.|,)digits], 1 to 15 digits, nothing else
 * (no blanks, no exponent).  Clinger's fast path: the digits as an integer m < 2^53
 * and 10^frac are exact doubles, so the one correctly rounded division m / 10^frac is
 * exactly strtod's correctly rounded result.  Returns false for any other text, which
 * num_parse_double then reads the long way (to the same value where both apply). */
static bool parse_plain(const char *s, size_t len, double *out)
{
    size_t i = 0, digits = 0, frac = 0;
    bool neg = false;
    if (len && (s[0] == '-' || s[0] == '+'))
        neg = s[i++] == '-';
    uint64_t m = 0;
    for (; i < len && is_digit(s[i]) && digits < 16; i++, digits++)
        m = m * 10 + (uint64_t)(s[i] - '0');
    if (i < len && (s[i] == '.' || s[i] == ','))
        for (i++; i < len && is_digit(s[i]) && digits + frac < 16; i++, frac++)
            m = m * 10 + (uint64_t)(s[i] - '0');
    if (i != len || digits + frac == 0 || digits + frac > 15)
        return false;
    double v = (double)m / pow10_exact[frac];
    *out = neg ? -v : v;
    return true;
}

enum num_status num_parse_double(const char *s, size_t len, double *out)
{
    if (parse_plain(s, len, out))
        return NUM_OK;
    trim(&s, &len);
    if (!len)
        return NUM_EMPTY;
    char buf[128];
    if (len >= sizeof(buf))
        return NUM_SYNTAX; /* no legitimate number in our files is this long */
    size_t i = 0, o = 0, int_digits = 0, frac_digits = 0;
    if (s[i] == '+' || s[i] == '-')
        buf[o++] = s[i++];
    while (i < len && is_digit(s[i])) {
        buf[o++] = s[i++];
        int_digits++;
    }
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        buf[o++] = '.';
        i++;
        while (i < len && is_digit(s[i])) {
            buf[o++] = s[i++];
            frac_digits++;
        }
    }
    if (int_digits + frac_digits == 0)
        return NUM_SYNTAX;
    bool has_exp = false;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        has_exp = true;
        buf[o++] = 'e';
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            buf[o++] = s[i++];
        size_t exp_digits = 0;
        while (i < len && is_digit(s[i])) {
            buf[o++] = s[i++];
            exp_digits++;
        }
        if (!exp_digits)
            return NUM_SYNTAX;
    }
    if (i != len)
        return NUM_SYNTAX;
    buf[o] = '\0';
    if (!has_exp && int_digits + frac_digits <= 15) {
        /* Clinger's fast path: at most 15 digits and no exponent, so the digits as an
         * integer m < 2^53 and 10^frac are exact doubles, and the one correctly
         * rounded division m / 10^frac is exactly strtod's correctly rounded result. */
        uint64_t m = 0;
        for (size_t k = 0; k < o; k++)
            if (is_digit(buf[k]))
                m = m * 10 + (uint64_t)(buf[k] - '0');
        double v = (double)m / pow10_exact[frac_digits];
        *out = buf[0] == '-' ? -v : v;
        return NUM_OK;
    }
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end)
        return NUM_SYNTAX;
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0))
        return NUM_RANGE;
    if (errno == ERANGE && v == 0.0) {
        /* underflow: only a true zero mantissa is an exact zero */
        bool nonzero = false;
        for (size_t k = 0; k < o && buf[k] != 'e'; k++)
            if (buf[k] >= '1' && buf[k] <= '9')
                nonzero = true;
        if (nonzero)
            return NUM_RANGE;
    }
    *out = v;
    return NUM_OK;
}

enum num_status num_parse_int64(const char *s, size_t len, int64_t *out)
{
    trim(&s, &len);
    if (!len)
        return NUM_EMPTY;
    size_t i = 0;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    if (i == len)
        return NUM_SYNTAX;
    uint64_t acc = 0;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    bool overflow = false;
    for (; i < len; i++) {
        if (!is_digit(s[i]))
            return NUM_SYNTAX;
        unsigned d = (unsigned)(s[i] - '0');
        if (acc > (limit - d) / 10)
            overflow = true;
        else
            acc = acc * 10 + d;
    }
    if (overflow)
        return NUM_RANGE;
    if (neg)
        *out = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
    else
        *out = (int64_t)acc;
    return NUM_OK;
}

const char *num_status_text(enum num_status st)
{
    switch (st) {
    case NUM_OK:
        return "is a number";
    case NUM_EMPTY:
        return "is empty";
    case NUM_SYNTAX:
        return "is not a number";
    case NUM_RANGE:
        return "is out of range";
    }
    return "is not a number";
}

/* The shortest of %.15g, %.16g, %.17g that reads back as x, by printf: the
 * definition of num_format's text, and its path for what the fast one below leaves
 * (|x| >= 1e15, subnormal-sized values, digits that cannot be rounded from 17). */
static char *format_printf(double x, char *buf)
{
    /* The shortest precision that reads back as x.  Starting at 15 gives the same
     * text as counting up from 1: when k <= 15 digits read back, x is within half an
     * ulp (< 1.2e-16 relative) of that k-digit number, so rounding x to 15 digits
     * gives the same digits and %g drops the zeros after them; and the e-form below
     * uses prec only when the exponent is >= prec, where any prec <= 15 gives 0
     * decimals.  (Counting from 1 cost 15-17 snprintf and strtod calls a number: a
     * screening writes ~100,000 numbers.) */
    int prec = fabs(x) < DBL_MIN ? 1 : 15; /* a subnormal's ulp is no longer ~1e-16 of
                                              it: its shortest text may be shorter */
    for (; prec <= 17; prec++) {
        snprintf(buf, NUM_FMT_SIZE, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    /* %g turns to exponent form as soon as the exponent reaches the precision, so 10
     * would read "1e+01": write the same digits in plain form up to 1e17. */
    const char *e = strchr(buf, 'e');
    if (e) {
        int exp10 = atoi(e + 1);
        if (exp10 >= 0 && exp10 < 17)
            snprintf(buf, NUM_FMT_SIZE, "%.*f", prec - 1 - exp10 > 0 ? prec - 1 - exp10 : 0, x);
    }
    return buf;
}

/*
 * Exact decimal digits without printf.  A finite double is m * 2^-q (m an integer
 * below 2^53, q > 0 for a value that is not a whole number), so x * 10^s is the
 * fraction m * 10^s / 2^q: when m * 10^s fits in 128 bits, its quotient and remainder
 * are x's first digits and what is cut off, exactly.  That holds for 2^-q >= ~1e-6
 * times m's scale, i.e. for nearly every estimate and p-value a run writes (|x| from
 * ~1e-6 up; 149 of ~128,000 numbers of a 5,800-series screening are smaller), and
 * replaces glibc's multi-precision printf (__printf_fp, hack_digit, __mpn_mul: ~5 %
 * of a screening run).  Everything else (false) goes to printf as before.
 */
__extension__ typedef unsigned __int128 num_u128;

static const uint64_t pow10_u64[20] = {1ULL,
                                       10ULL,
                                       100ULL,
                                       1000ULL,
                                       10000ULL,
                                       100000ULL,
                                       1000000ULL,
                                       10000000ULL,
                                       100000000ULL,
                                       1000000000ULL,
                                       10000000000ULL,
                                       100000000000ULL,
                                       1000000000000ULL,
                                       10000000000000ULL,
                                       100000000000000ULL,
                                       1000000000000000ULL,
                                       10000000000000000ULL,
                                       100000000000000000ULL,
                                       1000000000000000000ULL,
                                       10000000000000000000ULL};

/* The prec (1..17) significant digits of ax > 0, not a whole number, correctly rounded
 * with ties to even (what glibc's printf does in the default rounding mode), into
 * d[0..prec), and the decimal exponent of the first: ax ~ d.ddd * 10^exp10.  False
 * where 128 bits do not hold the product (|x| below ~1e-6) or ax is a whole number,
 * subnormal, infinite or NaN. */
static bool exact_digits(double ax, int prec, char *d, int *exp10)
{
    uint64_t bits;
    memcpy(&bits, &ax, sizeof(bits));
    int biased = (int)(bits >> 52) & 0x7ff;
    if (biased == 0 || biased == 0x7ff || prec < 1 || prec > 17)
        return false;
    uint64_t m = (bits & ((1ULL << 52) - 1)) | (1ULL << 52);
    int q = 1075 - biased; /* ax = m / 2^q */
    if (q <= 0)
        return false;
    int tz = __builtin_ctzll(m);
    tz = tz < q ? tz : q;
    m >>= tz;
    q -= tz;
    if (q == 0 || q >= 128)
        return false; /* a whole number, or too small */
    /* floor(log10(ax)) to within one, from the binary exponent (78913 / 2^18 is
     * log10(2) rounded down): the loop below corrects it by the digits' count */
    int e2 = biased - 1023;
    int x10 = e2 >= 0 ? (e2 * 78913) >> 18 : -((-e2 * 78913 + (1 << 18) - 1) >> 18);
    for (int tries = 0; tries < 4; tries++) {
        int s = prec - 1 - x10;
        if (s < 0 || s > 38)
            return false;
        int s1 = s < 19 ? s : 19;
        num_u128 p10 = (num_u128)pow10_u64[s1] * pow10_u64[s - s1];
        if (m > (num_u128)-1 / p10)
            return false; /* m * 10^s does not fit */
        num_u128 num = (num_u128)m * p10;
        num_u128 n = num >> q;
        if (n < pow10_u64[prec - 1]) { /* log10 rounded up across a power of ten */
            x10--;
            continue;
        }
        if (n >= pow10_u64[prec]) {
            x10++;
            continue;
        }
        num_u128 r = num & (((num_u128)1 << q) - 1), half = (num_u128)1 << (q - 1);
        uint64_t v = (uint64_t)n;
        if (r > half || (r == half && (v & 1)))
            v++;
        if (v == pow10_u64[prec]) { /* 99..9 rounded up to 100..0 */
            v = pow10_u64[prec - 1];
            x10++;
        }
        for (int k = prec - 1; k >= 0; k--) {
            d[k] = (char)('0' + v % 10);
            v /= 10;
        }
        *exp10 = x10;
        return true;
    }
    return false;
}

/* The whole number v's decimal digits, after a '-' when neg: %g's text of a whole
 * number below 10^its precision (num_format's and num_format_g16's, which print no
 * exponent there). */
static void whole_text(bool neg, unsigned long long v, char *buf)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char *o = buf;
    if (neg)
        *o++ = '-';
    while (n)
        *o++ = tmp[--n];
    *o = '\0';
}

/* How many of the digits d[0..len) are left without the trailing zeros, which %g
 * drops (at least one). */
static size_t significant_len(const char *d, size_t len)
{
    while (len > 1 && d[len - 1] == '0')
        len--;
    return len;
}

/* %g's text of the digits d[0..len) (no trailing zeros, len >= 1) times 10^exp10,
 * for -300 < exp10 < 15 and a precision above exp10: plain below the precision,
 * with an exponent below 1e-4. */
static void g_text(bool neg, const char *d, size_t len, int exp10, char *buf)
{
    char *o = buf;
    if (neg)
        *o++ = '-';
    if (exp10 < -4) {
        *o++ = d[0];
        if (len > 1) {
            *o++ = '.';
            memcpy(o, d + 1, len - 1);
            o += len - 1;
        }
        unsigned e = (unsigned)-exp10; /* 5..300: at least two digits, as %g writes */
        *o++ = 'e';
        *o++ = '-';
        if (e >= 100)
            *o++ = (char)('0' + e / 100);
        *o++ = (char)('0' + e / 10 % 10);
        *o++ = (char)('0' + e % 10);
        *o = '\0';
        return;
    }
    if (exp10 < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int k = -1; k > exp10; k--)
            *o++ = '0';
        memcpy(o, d, len);
        o += len;
    } else {
        size_t whole = (size_t)exp10 + 1;
        for (size_t k = 0; k < whole; k++)
            *o++ = k < len ? d[k] : '0';
        if (len > whole) {
            *o++ = '.';
            memcpy(o, d + whole, len - whole);
            o += len - whole;
        }
    }
    *o = '\0';
}

/*
 * Whether a candidate of fewer than 17 digits reads back as x (strtod(text) == x),
 * decided without strtod where x's 17 correctly rounded digits make it certain.  n17
 * is those digits as an integer and cand the candidate's padded to 17 digits (10^17
 * when its rounding carried into a new digit), both in units u = 10^(exp10 - 16): x
 * lies within half a unit of n17, so the candidate's distance from x is |cand - n17|
 * +/- 0.5 units.  It reads back if that distance is below half the gap to x's
 * neighbouring doubles (on either side: the gaps differ at a power of two) and does
 * not if it is above; the gaps and u are computed in doubles, so a margin of 1e-6
 * leaves every case near the border to strtod, as the texts compare exactly anyway.
 */
static bool reads_back(double ax, int exp10, unsigned long long n17, unsigned long long cand,
                       const char *text, double x)
{
    double delta = (double)(cand > n17 ? cand - n17 : n17 - cand); /* exact: < 2^53 */
    double up = nextafter(ax, INFINITY) - ax, down = ax - nextafter(ax, 0);
    /* 10^(exp10 - 16): exact powers for the common magnitudes (an approximation would
     * do, the margins below leave the borders to strtod) */
    double u = exp10 - 16 >= -22 && exp10 - 16 <= 0 ? 1.0 / pow10_exact22[16 - exp10]
                                                    : pow(10, exp10 - 16);
    double h_lo = fmin(up, down) / 2 / u, h_hi = fmax(up, down) / 2 / u;
    if (delta + 0.5 < h_lo * (1 - 1e-6))
        return true;
    if (delta - 0.5 > h_hi * (1 + 1e-6))
        return false;
    return strtod(text, NULL) == x;
}

/*
 * num_format's text with one printf instead of two or three and their strtod: x's 17
 * significant digits (%.16e, correctly rounded) are rounded to 15 and 16 here.  That
 * is x's own rounding unless the digits cut off are exactly half ("50" below 15, "5"
 * below 16): 17 digits are x rounded once, so a cut-off part of 49 or less means x's
 * was below half and 51 or more above it (a carry of the 17-digit rounding is in the
 * digits already).  Whether a candidate reads back is decided from the digits where
 * that is certain and by strtod as the printf path checks them otherwise (reads_back:
 * the strtod calls were ~2 % of a 5,800-series screening), and a half goes to that
 * path.  Returns false where it cannot answer.
 * Byte for byte the printf path's text: test_util compares the two on millions of
 * values.
 */
static bool format_fast(double x, char *buf)
{
    double ax = fabs(x);
    if (!(ax >= 1e-290 && ax < 1e15))
        return false;
    bool neg = x < 0;
    if (ax == floor(ax)) { /* a whole number below 1e15: its digits, as %.15g writes them */
        whole_text(neg, (unsigned long long)ax, buf);
        return true;
    }
    char d17[17];
    int exp10;
    if (!exact_digits(ax, 17, d17, &exp10)) {
        char e17[40];
        snprintf(e17, sizeof(e17), "%.16e", ax); /* d.dddddddddddddddde[+-]XX */
        if (e17[1] != '.' || e17[18] != 'e')
            return false;
        d17[0] = e17[0];
        memcpy(d17 + 1, e17 + 2, 16);
        exp10 = atoi(e17 + 19);
    }
    unsigned long long n17 = 0;
    for (int k = 0; k < 17; k++)
        n17 = n17 * 10 + (unsigned long long)(d17[k] - '0');
    for (int prec = 15; prec <= 17; prec++) {
        char d[18];
        int e = exp10;
        memcpy(d, d17, (size_t)prec);
        if (prec < 17) {
            int cut = prec == 15 ? (d17[15] - '0') * 10 + (d17[16] - '0') : d17[16] - '0';
            int half = prec == 15 ? 50 : 5;
            if (cut == half)
                return false;
            if (cut > half) {
                int k = prec - 1;
                while (k >= 0 && d[k] == '9')
                    d[k--] = '0';
                if (k < 0) { /* 99..9 -> 100..0 */
                    d[0] = '1';
                    e++;
                } else {
                    d[k]++;
                }
            }
        }
        if (e >= 15)
            return false; /* %g's exponent form, which the printf path writes plainly */
        g_text(neg, d, significant_len(d, (size_t)prec), e, buf);
        if (prec == 17)
            return true;
        unsigned long long cand = 0;
        if (e > exp10) { /* carried: 10..0 of the next power */
            cand = 100000000000000000ULL;
        } else {
            for (int k = 0; k < 17; k++)
                cand = cand * 10 + (unsigned long long)(k < prec ? d[k] - '0' : 0);
        }
        if (reads_back(ax, exp10, n17, cand, buf, x))
            return true;
    }
    return false;
}

char *num_format(double x, char *buf)
{
    if (isnan(x))
        return strcpy(buf, "NaN");
    if (isinf(x))
        return strcpy(buf, x > 0 ? "Inf" : "-Inf");
    if (x == 0.0)
        return strcpy(buf, "0"); /* -0.0 too: no "-0" in published numbers */
    if (format_fast(x, buf))
        return buf;
    return format_printf(x, buf);
}

char *num_format_g16(double x, char *buf)
{
    double ax = fabs(x);
    if (!(ax >= 1e-300 && ax < 1e15)) { /* zero, NaN, infinities and the far ends */
        snprintf(buf, NUM_FMT_SIZE, "%.16G", x);
        return buf;
    }
    bool neg = x < 0;
    if (ax == floor(ax)) { /* a whole number below 1e15: its digits, as %.16G writes them */
        whole_text(neg, (unsigned long long)ax, buf);
        return buf;
    }
    char d[16];
    int exp10;
    if (!exact_digits(ax, 16, d, &exp10)) {
        snprintf(buf, NUM_FMT_SIZE, "%.16G", x);
        return buf;
    }
    /* not a whole number, so below 2^53 < 1e16: %G's plain form unless below 1e-4 */
    g_text(neg, d, significant_len(d, 16), exp10, buf);
    char *e = strchr(buf, 'e');
    if (e)
        *e = 'E';
    return buf;
}

char *num_format_fixed(double x, int decimals, char decimal_mark, char *buf)
{
    if (!isfinite(x))
        return num_format(x, buf);
    if (decimals < 0)
        decimals = 0;
    if (decimals > 15)
        decimals = 15;
    snprintf(buf, NUM_FMT_SIZE, "%.*f", decimals, x);
    if (strcmp(buf, "-0") == 0 || (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1)))
        memmove(buf, buf + 1, strlen(buf)); /* "-0.00" reads as a negative number */
    if (decimal_mark != '.') {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = decimal_mark;
    }
    return buf;
}

/* The byte length of a group separator at s[i] (blank, U+00A0, U+202F), or 0. */
static size_t group_sep(const unsigned char *s, size_t i, size_t len)
{
    if (s[i] == ' ')
        return 1;
    if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0xa0)
        return 2;
    if (s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0xaf)
        return 3;
    return 0;
}

bool num_ungroup(const char *text, size_t len, struct strbuf *out)
{
    const unsigned char *s = (const unsigned char *)text;
    while (len && (s[0] == ' ' || s[0] == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    size_t i = 0;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        i++;
    size_t lead = 0;
    while (i + lead < len && s[i + lead] >= '0' && s[i + lead] <= '9')
        lead++;
    if (lead < 1 || lead > 3)
        return false;
    size_t j = i + lead, groups = 0;
    for (;;) {
        size_t sep = j < len ? group_sep(s, j, len) : 0;
        if (!sep)
            break;
        size_t k = j + sep, d = 0;
        while (k + d < len && s[k + d] >= '0' && s[k + d] <= '9')
            d++;
        if (d != 3)
            return false;
        j = k + 3;
        groups++;
    }
    if (!groups)
        return false;
    if (j < len) { /* a decimal part: one separator, then digits only */
        if (s[j] != '.' && s[j] != ',')
            return false;
        size_t d = 0;
        while (j + 1 + d < len && s[j + 1 + d] >= '0' && s[j + 1 + d] <= '9')
            d++;
        if (!d || j + 1 + d != len)
            return false;
    }
    for (size_t k = 0; k < len;) {
        size_t sep = k > 0 ? group_sep(s, k, len) : 0;
        if (sep && k < j) {
            k += sep;
            continue;
        }
        strbuf_addch(out, (char)s[k]);
        k++;
    }
    return true;
}
