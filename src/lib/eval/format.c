/*
 * format — see format.h.
 */
#include "eval/format.h"

#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static char ring[FORMAT_RING][96];
static unsigned ring_pos;

static char *next_buf(void)
{
    char *b = ring[ring_pos % FORMAT_RING];
    ring_pos++;
    return b;
}

static int is_en(const char *lang)
{
    return lang && !strcmp(lang, "en");
}

static const char *no_interval(const char *lang, char *b);

/* Formats x with decimals, groups the integer part of group_from or more digits, swaps
 * the decimal mark; a plus sign before a positive number when `plus` (a change), none
 * before zero. */
static void format_grouped(char *out, size_t size, const char *lang, double x, int decimals,
                           int plus, size_t group_from);

/* Plain numbers group from five digits: a four-digit count or year reads "2019", "1400"
 * as Swedish and English house styles write them standing alone. */
enum { GROUP_FROM_DEFAULT = 5, GROUP_FROM_AMOUNT = 4 };

static void format_signed(char *out, size_t size, const char *lang, double x, int decimals,
                          int plus)
{
    format_grouped(out, size, lang, x, decimals, plus, GROUP_FROM_DEFAULT);
}

static void format_into(char *out, size_t size, const char *lang, double x, int decimals)
{
    format_signed(out, size, lang, x, decimals, 0);
}

static void format_grouped(char *out, size_t size, const char *lang, double x, int decimals,
                           int plus, size_t group_from)
{
    char raw[64];
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(x));
    int nonzero = strspn(raw, "0.") != strlen(raw);
    int negative = x < 0 && nonzero;
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    const char *group = is_en(lang) ? "," : "\xc2\xa0"; /* NBSP keeps "1 400" on one line */
    char *o = out;
    char *end = out + size - 1;
    if (negative && o + 3 <= end) { /* U+2212 MINUS SIGN, the typographic minus: the
                                       machine-readable writers turn it back to ASCII */
        *o++ = '\xe2';
        *o++ = '\x88';
        *o++ = '\x92';
    } else if (plus && x > 0 && nonzero && o < end) {
        *o++ = '+';
    }
    for (size_t i = 0; i < int_len && o < end; i++) {
        if (i > 0 && (int_len - i) % 3 == 0 && int_len >= group_from) {
            for (const char *g = group; *g && o < end; g++)
                *o++ = *g;
        }
        *o++ = raw[i];
    }
    if (dot && o < end) {
        *o++ = is_en(lang) ? '.' : ',';
        for (const char *d = dot + 1; *d && o < end; d++)
            *o++ = *d;
    }
    *o = '\0';
}

const char *fmt_num(const char *lang, double x, int decimals)
{
    char *b = next_buf();
    if (isnan(x))
        return strcpy(b, "\xe2\x80\x93");
    if (isinf(x))
        return strcpy(b, x > 0 ? "\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
    format_into(b, 96, lang, x, decimals);
    return b;
}

const char *fmt_count(const char *lang, double x)
{
    char *b = next_buf();
    if (!isfinite(x))
        return fmt_num(lang, x, 0);
    format_grouped(b, 96, lang, x, 0, 0, GROUP_FROM_AMOUNT);
    return b;
}

const char *fmt_change(const char *lang, double x, int decimals)
{
    char *b = next_buf();
    if (isnan(x))
        return strcpy(b, "\xe2\x80\x93");
    if (isinf(x))
        return strcpy(b, x > 0 ? "+\xe2\x88\x9e" : "\xe2\x88\x92\xe2\x88\x9e");
    format_signed(b, 96, lang, x, decimals, 1);
    return b;
}

static int decimals_for(double x, int sig)
{
    if (x == 0 || !isfinite(x))
        return sig > 1 ? sig - 1 : 0;
    int mag = (int)floor(log10(fabs(x)));
    int d = sig - 1 - mag;
    return d < 0 ? 0 : d > 10 ? 10 : d;
}

const char *fmt_sig(const char *lang, double x, int sig)
{
    return fmt_num(lang, x, decimals_for(x, sig));
}

int fmt_common_decimals(double est, double lo, double hi, int sig)
{
    double v[3] = {est, lo, hi}, small = NAN;
    for (int k = 0; k < 3; k++)
        if (isfinite(v[k]) && v[k] != 0 && !(fabs(v[k]) >= small))
            small = fabs(v[k]);
    return decimals_for(isnan(small) ? 0 : small, sig);
}

const char *fmt_ci_dec(const char *lang, double lo, double hi, int decimals, int sign)
{
    char *b = next_buf();
    if (isnan(lo) && isnan(hi))
        return no_interval(lang, b);
    char a[48], c[48];
    snprintf(a, sizeof(a), "%s", sign ? fmt_change(lang, lo, decimals) : fmt_num(lang, lo, decimals));
    snprintf(c, sizeof(c), "%s", sign ? fmt_change(lang, hi, decimals) : fmt_num(lang, hi, decimals));
    snprintf(b, 96, is_en(lang) ? "%s to %s" : "%s till %s", a, c);
    return b;
}

const char *fmt_pct(const char *lang, double share, int decimals)
{
    char *b = next_buf();
    if (isnan(share))
        return strcpy(b, "\xe2\x80\x93");
    char num[96];
    format_into(num, sizeof(num), lang, share * 100, decimals);
    snprintf(b, 96, is_en(lang) ? "%s%%" : "%s\xc2\xa0%%", num);
    return b;
}

/* An estimate without an interval never reads "– to –": it says so in words. */
static const char *no_interval(const char *lang, char *b)
{
    snprintf(b, 96, "%s", is_en(lang) ? "no interval" : "inget intervall");
    return b;
}

const char *fmt_ci(const char *lang, double lo, double hi, int sig, int pct)
{
    char *b = next_buf();
    char a[96], c[96];
    if (isnan(lo) && isnan(hi))
        return no_interval(lang, b);
    if (pct) {
        snprintf(a, sizeof(a), "%s", isnan(lo) ? "\xe2\x80\x93" : fmt_num(lang, lo * 100, sig));
        snprintf(c, sizeof(c), "%s", isnan(hi) ? "\xe2\x80\x93" : fmt_num(lang, hi * 100, sig));
        snprintf(b, 96, is_en(lang) ? "%s to %s%%" : "%s till %s\xc2\xa0%%", a, c);
        return b;
    }
    /* the same number of decimals on both ends, enough for the smaller one */
    double small = fabs(lo);
    if (isnan(small) || (!isnan(hi) && fabs(hi) < small && hi != 0))
        small = fabs(hi);
    int d = decimals_for(small, sig);
    snprintf(a, sizeof(a), "%s", fmt_num(lang, lo, d));
    snprintf(c, sizeof(c), "%s", fmt_num(lang, hi, d));
    snprintf(b, 96, is_en(lang) ? "%s to %s" : "%s till %s", a, c);
    return b;
}

static const char *pp_unit(const char *lang, int abbr)
{
    if (is_en(lang))
        return abbr ? "pp" : "percentage points";
    return abbr ? "p.e." : "procentenheter";
}

const char *fmt_pp(const char *lang, double diff, int decimals, int abbr)
{
    char *b = next_buf();
    if (isnan(diff))
        return strcpy(b, "\xe2\x80\x93");
    char num[64];
    format_signed(num, sizeof(num), lang, diff * 100, decimals, 1); /* a change: signed */
    snprintf(b, 96, "%s\xc2\xa0%s", num, pp_unit(lang, abbr)); /* no break before the unit */
    return b;
}

const char *fmt_ci_pp(const char *lang, double lo, double hi, int decimals, int abbr)
{
    return fmt_ci_pp_limit(lang, lo, hi, decimals, abbr, 1.0);
}

const char *fmt_ci_pp_limit(const char *lang, double lo, double hi, int decimals, int abbr,
                            double limit)
{
    char *b = next_buf();
    char a[48], c[48];
    if (isnan(lo) && isnan(hi))
        return no_interval(lang, b);
    bool cut = false;
    if (lo < -limit) {
        lo = -limit;
        cut = true;
    }
    if (hi > limit) {
        hi = limit;
        cut = true;
    }
    snprintf(a, sizeof(a), "%s", isnan(lo) ? "\xe2\x80\x93" : fmt_change(lang, lo * 100, decimals));
    snprintf(c, sizeof(c), "%s", isnan(hi) ? "\xe2\x80\x93" : fmt_change(lang, hi * 100, decimals));
    snprintf(b, 96, is_en(lang) ? "%s to %s\xc2\xa0%s%s" : "%s till %s\xc2\xa0%s%s", a, c,
             pp_unit(lang, abbr), cut ? (is_en(lang) ? " (truncated)" : " (avkortat)") : "");
    return b;
}

const char *fmt_p(const char *lang, double p)
{
    char *b = next_buf();
    if (isnan(p))
        return strcpy(b, "\xe2\x80\x93");
    if (p < 0.001) {
        snprintf(b, 96, "<\xc2\xa0%s", is_en(lang) ? "0.001" : "0,001");
        return b;
    }
    /* Two decimals, three below 0.01, decided on the value as three decimals print it:
     * 0.00996 is "0,01" as 0.0104 is, never "0,010" beside "0,01" in one column. */
    double three = round(p * 1000) / 1000;
    snprintf(b, 96, "%s", fmt_num(lang, p, three < 0.01 ? 3 : 2));
    return b;
}

const char *fmt_sek(const char *lang, double x)
{
    char *b = next_buf();
    if (isnan(x))
        return strcpy(b, "\xe2\x80\x93");
    if (isinf(x))
        return strcpy(b, "\xe2\x88\x9e");
    char num[96];
    /* Amounts group from four digits: a cost stands beside its interval's bounds, and
     * "7488 kr (5354 till 12 449 kr)" reads unevenly where "7 488 kr" does not (the
     * Swedish Language Council's rule for numbers in tables and beside larger ones). */
    format_grouped(num, sizeof(num), lang, x, 0, 0, GROUP_FROM_AMOUNT);
    snprintf(b, 96, is_en(lang) ? "SEK\xc2\xa0%s" : "%s\xc2\xa0kr", num);
    return b;
}

const char *fmt_level(const char *lang, double conf)
{
    char *b = next_buf();
    if (!(conf > 0 && conf < 1))
        return strcpy(b, "\xe2\x80\x93");
    double pct = 100 * conf;
    int decimals = fabs(pct - round(pct)) < 1e-9 ? 0 : fabs(pct * 10 - round(pct * 10)) < 1e-9 ? 1 : 2;
    char num[96];
    format_into(num, sizeof(num), lang, pct, decimals);
    snprintf(b, 96, is_en(lang) ? "%s%%" : "%s\xc2\xa0%%", num);
    return b;
}

const char *fmt_ci_label(const char *lang, double conf, enum ci_form form)
{
    char level[32];
    snprintf(level, sizeof(level), "%.31s", fmt_level(lang, conf));
    char *b = next_buf();
    const char *what = form == CI_ABBR ? (is_en(lang) ? "CI" : "KI")
                       : is_en(lang) ? (form == CI_WORDS_PL ? "confidence intervals"
                                                            : "confidence interval")
                                     : "konfidensintervall";
    snprintf(b, 96, "%s %s", level, what);
    return b;
}

static char text_ring[FORMAT_RING][1024];
static unsigned text_pos;

const char *fmt_text(const char *fmt, ...)
{
    char *b = text_ring[text_pos++ % FORMAT_RING];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b, sizeof(text_ring[0]), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(text_ring[0])) {
        /* do not leave half a UTF-8 sequence at the cut */
        size_t end = sizeof(text_ring[0]) - 1, i = end - 1;
        while (i > 0 && ((unsigned char)b[i] & 0xC0) == 0x80)
            i--;
        unsigned char lead = (unsigned char)b[i];
        size_t need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (i + need > end)
            b[i] = '\0';
    }
    return b;
}
