/*
 * hyphenate — see hyphenate.h.
 */
#include "report/hyphenate.h"

#include <hyphen.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "report/compound_sv.h"
#include "report/markup.h"
#include "util/io.h"
#include "util/xalloc.h"

#ifndef TRYGG_HYPHEN_DIR
#define TRYGG_HYPHEN_DIR "/usr/share/hyphen"
#endif

/* Longest word (in characters) given to libhyphen; a longer run of letters is no
 * word of a language (hostile text, a hash spelt in letters) and is left to the
 * page's overflow-wrap. */
#define MAX_WORD 60
/* Break no nearer the ends of a word than this (the Swedish patterns allow one
 * letter at the start, which reads badly: "a-vsikt"). */
#define LEFT_MIN 2
#define RIGHT_MIN 3
/* ...and keep a break only where the part since the last kept one has at least this
 * many letters: the patterns mark every syllable, and a line ending in "un-", "ef-"
 * or a compound cut into three-letter pieces ("trygg-het-scoach") reads badly in
 * print.  Taken greedily from the left, the kept breaks fall mostly on the parts of
 * a compound: "Trygg-hets-under-sökningen", "kost-nads-effek-tivi-tet",
 * "försöks-perio-den". */
#define MIN_FRAGMENT 4
/* A compound breaks between its parts when neither side is shorter than this: "mål-
 * området", "års-kostnaden"; never a piece of one or two letters. */
#define MIN_PART 3

static const char SHY[] = "\xC2\xAD"; /* U+00AD SOFT HYPHEN */

struct hyphenator {
    HyphenDict *dict;
    bool swedish; /* compounds split first (compound_sv.h) */
};

static const char *dict_file(const char *lang)
{
    return lang && strcmp(lang, "sv") == 0 ? "hyph_sv_SE.dic" : "hyph_en_US.dic";
}

static HyphenDict *load_dict(const char *file, const char *dir)
{
    size_t n = strlen(dir ? dir : TRYGG_HYPHEN_DIR) + strlen(file) + 2;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/%s", dir ? dir : TRYGG_HYPHEN_DIR, file);
    HyphenDict *dict = hnj_hyphen_load(path);
    free(path);
    return dict;
}

/* The one prefetch slot (hyphenator_prefetch): the installed patterns of one language
 * being read on a thread.  Used by the run's thread only; the loading thread touches
 * nothing but its own `dict`, read after it is joined. */
static struct {
    bool started;
    const char *file; /* dict_file()'s constant */
    HyphenDict *dict;
    pthread_t thread;
} prefetched;

static void *prefetch_thread(void *arg)
{
    (void)arg;
    prefetched.dict = load_dict(prefetched.file, NULL);
    return NULL;
}

/* Joins the prefetch thread; returns its patterns if they are file's (the slot is
 * then empty), else frees them and returns NULL. */
static HyphenDict *take_prefetched(const char *file)
{
    if (!prefetched.started)
        return NULL;
    pthread_join(prefetched.thread, NULL);
    prefetched.started = false;
    HyphenDict *dict = prefetched.dict;
    prefetched.dict = NULL;
    if (dict && file && strcmp(file, prefetched.file) == 0)
        return dict;
    if (dict)
        hnj_hyphen_free(dict);
    return NULL;
}

void hyphenator_prefetch(const char *lang)
{
    hyphenator_prefetch_drop();
    /* TRYGG_THREADS=1: everything in turn (the fault-injection tests replay their
     * faults only when the system calls come in the same order every run) */
    if (io_single_thread())
        return;
    prefetched.file = dict_file(lang);
    prefetched.dict = NULL;
    prefetched.started = pthread_create(&prefetched.thread, NULL, prefetch_thread, NULL) == 0;
}

void hyphenator_prefetch_drop(void)
{
    take_prefetched(NULL);
}

struct hyphenator *hyphenator_open(const char *lang, const char *dir)
{
    const char *file = dict_file(lang);
    HyphenDict *dict = dir ? NULL : take_prefetched(file);
    if (!dict)
        dict = load_dict(file, dir);
    if (!dict)
        return NULL;
    struct hyphenator *h = xcalloc(1, sizeof(*h));
    h->dict = dict;
    h->swedish = lang && strcmp(lang, "sv") == 0;
    return h;
}

void hyphenator_close(struct hyphenator *h)
{
    if (!h)
        return;
    hnj_hyphen_free(h->dict);
    free(h);
}

/* ------------------------------------------------------------ characters */

static bool is_space_at(const char *s, size_t len, size_t i, size_t *n)
{
    unsigned char c = (unsigned char)s[i];
    *n = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return true;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
        *n = 2;
        return true;
    }
    if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89)) {
        *n = 3; /* narrow no-break space, thin space */
        return true;
    }
    return false;
}

static bool is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
           cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
           cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN ||
           cat == UTF8PROC_CATEGORY_MC;
}

/* Punctuation that may open or close a plain word: "(kostnadseffektivitet)," */
static bool is_leading(utf8proc_int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '"' || cp == '\'' || cp == 0xAB /* « */ ||
           cp == 0x201C || cp == 0x2018 || cp == 0x201E || cp == 0x201D || cp == 0x2019;
}

static bool is_trailing(utf8proc_int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '"' || cp == '\'' || cp == 0xBB /* » */ ||
           cp == 0x201D || cp == 0x2019 || cp == '.' || cp == ',' || cp == ';' ||
           cp == ':' || cp == '!' || cp == '?' || cp == 0x2026 /* … */;
}

/* Joiners allowed between two letters of a plain word: "ITS-analysen", "före/efter",
 * "Brå's". */
static bool is_joiner(utf8proc_int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == '/' || cp == '\'' || cp == 0x2019;
}

/* Decodes the code point at s[i]; its length in *n, or -1 for invalid UTF-8. */
static utf8proc_int32_t decode(const char *s, size_t len, size_t i, size_t *n)
{
    utf8proc_int32_t cp = -1;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (k <= 0) {
        *n = 1;
        return -1;
    }
    *n = (size_t)k;
    return cp;
}

/* ------------------------------------------------------------ dates, ranges */

static bool digit_at(const char *s, size_t end, size_t i)
{
    return i < end && s[i] >= '0' && s[i] <= '9';
}

/* End of a number at s[i] (a digit): digits, with ',' or '.' between digits. */
static size_t number_end(const char *s, size_t end, size_t i)
{
    while (digit_at(s, end, i) ||
           (i < end && (s[i] == ',' || s[i] == '.') && digit_at(s, end, i + 1)))
        i++;
    return i;
}

/* Length of a range separator at s[i] followed by a digit: '-', U+2011 NON-BREAKING
 * HYPHEN, U+2013 EN DASH; 0 if none. */
static size_t range_sep(const char *s, size_t end, size_t i)
{
    size_t n = 0;
    if (i < end && s[i] == '-')
        n = 1;
    else if (i + 2 < end && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x91))
        n = 3;
    return n && digit_at(s, end, i + n) ? n : 0;
}

/* Escapes s[a..b), every date or number range in it in a nowrap span. */
static void emit_protected(struct strbuf *out, const char *s, size_t a, size_t b)
{
    size_t done = a, i = a;
    while (i < b) {
        if (!digit_at(s, b, i) || (i > a && digit_at(s, b, i - 1))) {
            i++;
            continue;
        }
        size_t j = number_end(s, b, i), sep;
        int parts = 1;
        while ((sep = range_sep(s, b, j)) > 0) {
            j = number_end(s, b, j + sep);
            parts++;
        }
        if (parts > 1) {
            markup_escape(out, s + done, i - done);
            strbuf_addstr(out, "<span class=\"nobr\">");
            markup_escape(out, s + i, j - i);
            strbuf_addstr(out, "</span>");
            done = j;
        }
        i = j;
    }
    markup_escape(out, s + done, b - done);
}

/* ------------------------------------------------------------ words */

/* True if the chunk s[a..b) (no spaces) is plain words: letters joined by '-', '/'
 * or an apostrophe, maybe inside quotes or brackets and followed by punctuation.
 * Anything else (a digit, '_', '.', ':', '@', '=', '%', '#', an existing soft
 * hyphen, invalid UTF-8) makes it a number, code, path, URL or identifier. */
static bool plain_chunk(const char *s, size_t a, size_t b, size_t *core_a, size_t *core_b)
{
    size_t i = a, n;
    while (i < b) { /* opening punctuation */
        utf8proc_int32_t cp = decode(s, b, i, &n);
        if (cp < 0 || !is_leading(cp))
            break;
        i += n;
    }
    *core_a = i;
    size_t last_letter_end = i;
    bool prev_letter = false, joiner_pending = false;
    while (i < b) {
        utf8proc_int32_t cp = decode(s, b, i, &n);
        if (cp < 0)
            return false;
        if (is_letter(cp)) {
            prev_letter = true;
            joiner_pending = false;
            last_letter_end = i + n;
        } else if (prev_letter && is_joiner(cp) && !joiner_pending) {
            joiner_pending = true;
            prev_letter = false;
        } else {
            break; /* the closing punctuation, checked below */
        }
        i += n;
    }
    *core_b = last_letter_end;
    if (*core_b <= *core_a)
        return false;
    /* after the last letter: closing punctuation only (a joiner there is too) */
    for (i = last_letter_end; i < b; i += n) {
        utf8proc_int32_t cp = decode(s, b, i, &n);
        if (cp < 0 || !(is_trailing(cp) || cp == '-'))
            return false;
    }
    return true;
}

/* The patterns' breaks raw[] (after character k) thinned to those a reader expects:
 * a break is kept where the piece since the last kept one has at least MIN_FRAGMENT
 * letters.  A break whose next one is a single letter away is the patterns guessing
 * at a compound's linking s ("för-sök-s-pe-ri-o-den"): the break after that letter is
 * kept instead ("försöks-perio-den"). */
static void pattern_breaks(const bool *raw, size_t nchars, bool *after)
{
    for (size_t c = 0, since = 0; c + 1 < nchars; c++) {
        since++; /* letters since the last kept break, character c included */
        after[c] = raw[c];
        if (!after[c])
            continue;
        if (since < MIN_FRAGMENT || (c + 2 < nchars && raw[c + 1]))
            after[c] = false;
        else
            since = 0;
    }
}

/* A compound split into parts (part_end[k]: a part ends after character k): a break
 * between every two parts that leaves no piece under MIN_PART letters, and inside a
 * part the patterns' breaks as pattern_breaks() keeps them, each also at least
 * MIN_FRAGMENT letters before the end of its part (RIGHT_MIN before the word's end):
 * "giva-rområde", "beslut-skriterier" and "regis-ter-uppgift" are the patterns'
 * syllables across a boundary, dropped. */
static void compound_breaks(const bool *raw, const bool *part_end, size_t nchars, bool *after)
{
    long last = -1; /* the character after which the last break was kept */
    for (size_t c = 0; c + 1 < nchars; c++) {
        after[c] = false;
        size_t piece = (size_t)((long)c - last); /* letters since the last break */
        if (part_end[c]) {
            if (piece >= MIN_PART && nchars - 1 - c >= MIN_PART) {
                after[c] = true;
                last = (long)c;
            }
            continue;
        }
        if (!raw[c])
            continue;
        size_t end = c + 1; /* the last character of c's part */
        while (end < nchars - 1 && !part_end[end])
            end++;
        size_t room = end + 1 == nchars ? RIGHT_MIN : MIN_FRAGMENT; /* before the part's end */
        if (piece >= MIN_FRAGMENT && end - c >= room && !(c + 2 < nchars && raw[c + 1])) {
            after[c] = true;
            last = (long)c;
        }
    }
}

/* Appends the run of letters s[a..b) (valid UTF-8, nchars characters) with soft
 * hyphens where the patterns allow a standard break. */
static void emit_word(const struct hyphenator *h, struct strbuf *out, const char *s, size_t a,
                      size_t b, size_t nchars)
{
    HyphenDict *dict = h->dict;
    /* the word lowercased in the dictionary's encoding (UTF-8 or ISO 8859-1), and for
     * each of its bytes the index of the character it ends (-1 inside a character) */
    char word[MAX_WORD * 4 + 1];
    int ends[MAX_WORD * 4 + 1];
    /* ...and in lower case UTF-8, for the compound parts; starts[k]: character k */
    char lcu[MAX_WORD * 4 + 1];
    size_t starts[MAX_WORD + 1], lculen = 0;
    size_t wlen = 0, k = 0;
    bool upper_inside = false, ok = true;
    for (size_t i = a, n; i < b && ok; i += n, k++) {
        utf8proc_int32_t cp = decode(s, b, i, &n);
        if (k > 0 && utf8proc_get_property(cp)->category == UTF8PROC_CATEGORY_LU)
            upper_inside = true; /* an acronym, a code or camelCase: not a word */
        utf8proc_int32_t lc = utf8proc_tolower(cp);
        {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(lc, enc);
            starts[k] = lculen;
            for (utf8proc_ssize_t q = 0; q < m && m > 0; q++)
                lcu[lculen++] = (char)enc[q];
        }
        if (dict->utf8) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(lc, enc);
            if (m <= 0) {
                ok = false;
                break;
            }
            for (utf8proc_ssize_t q = 0; q < m; q++) {
                ends[wlen] = q == m - 1 ? (int)k : -1;
                word[wlen++] = (char)enc[q];
            }
        } else if (lc > 0 && lc <= 0xFF) {
            ends[wlen] = (int)k;
            word[wlen++] = (char)lc;
        } else {
            ok = false; /* a letter the ISO 8859-1 patterns cannot hold */
        }
    }
    if (!ok || upper_inside) {
        markup_escape(out, s + a, b - a);
        return;
    }
    word[wlen] = '\0';
    starts[nchars] = lculen;
    lcu[lculen] = '\0';
    char hyphens[MAX_WORD * 4 + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    bool after[MAX_WORD] = {false}; /* a soft hyphen after character k */
    if (hnj_hyphen_hyphenate3(dict, word, (int)wlen, hyphens, NULL, &rep, &pos, &cut, LEFT_MIN,
                              RIGHT_MIN, LEFT_MIN, RIGHT_MIN) == 0) {
        for (size_t i = 0; i + 1 < wlen; i++)
            /* a non-standard break (a letter changes: "tt" -> "t-t") cannot be a
             * soft hyphen; it is left out */
            if ((hyphens[i] & 1) && ends[i] >= 0 && (size_t)ends[i] + 1 < nchars &&
                !(rep && rep[i]))
                after[ends[i]] = true;
    }
    bool raw[MAX_WORD];
    memcpy(raw, after, sizeof(raw));
    bool part_end[MAX_WORD] = {false};
    if (h->swedish && compound_sv_split(lcu, starts, nchars, part_end) >= 2)
        compound_breaks(raw, part_end, nchars, after);
    else
        pattern_breaks(raw, nchars, after);
    if (rep) {
        for (size_t i = 0; i < wlen; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    k = 0;
    for (size_t i = a, n; i < b; i += n, k++) {
        decode(s, b, i, &n);
        markup_escape(out, s + i, n);
        if (after[k])
            strbuf_addstr(out, SHY);
    }
}

/* Escapes the plain chunk's core s[a..b) with soft hyphens in its long words. */
static void emit_words(const struct hyphenator *h, struct strbuf *out, const char *s, size_t a,
                       size_t b, size_t min_chars)
{
    size_t i = a, n;
    while (i < b) {
        utf8proc_int32_t cp = decode(s, b, i, &n);
        if (!is_letter(cp)) {
            markup_escape(out, s + i, n);
            i += n;
            continue;
        }
        size_t start = i, nchars = 0;
        while (i < b && is_letter(decode(s, b, i, &n))) {
            i += n;
            nchars++;
        }
        if (nchars >= min_chars && nchars <= MAX_WORD)
            emit_word(h, out, s, start, i, nchars);
        else
            markup_escape(out, s + start, i - start);
    }
}

/* Length of a dash standing alone between spaces in a spaced range ("2019 – 2022"):
 * '-', U+2013 EN DASH, U+2014 EM DASH, U+2212 MINUS SIGN; 0 if none. */
static size_t spaced_dash(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '-')
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 &&
        (((unsigned char)s[i + 1] == 0x80 &&
          ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) ||
         ((unsigned char)s[i + 1] == 0x88 && (unsigned char)s[i + 2] == 0x92)))
        return 3;
    return 0;
}

/* Length of a sign at s[i] before a number: '-', '+', U+2212 MINUS SIGN; 0 if none. */
static size_t sign_len(const char *s, size_t len, size_t i)
{
    if (i < len && (s[i] == '-' || s[i] == '+'))
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x88 &&
        (unsigned char)s[i + 2] == 0x92)
        return 3;
    return 0;
}

/* Length of a no-break space at s[i] (U+00A0, U+202F NARROW NO-BREAK SPACE); 0 if none. */
static size_t nbsp_len(const char *s, size_t len, size_t i)
{
    if (i + 1 < len && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xAF)
        return 3;
    return 0;
}

/* End of a number at s[i] (a digit) with its thousands grouped by no-break spaces
 * ("12 449"); where eval/format.h writes them the number cannot break anyway. */
static size_t grouped_end(const char *s, size_t len, size_t i)
{
    size_t j = number_end(s, len, i), n;
    while ((n = nbsp_len(s, len, j)) > 0 && digit_at(s, len, j + n) &&
           digit_at(s, len, j + n + 1) && digit_at(s, len, j + n + 2) &&
           !digit_at(s, len, j + n + 3))
        j = number_end(s, len, j + n);
    return j;
}

/* Length of the word separating an interval's limits at s[i] ("till", "to", as
 * eval/format.h writes "0,648 till 1,340"), followed by a space; 0 if none. */
static size_t range_word(const char *s, size_t len, size_t i)
{
    size_t n;
    if (i + 4 < len && memcmp(s + i, "till", 4) == 0 && is_space_at(s, len, i + 4, &n))
        return 4;
    if (i + 2 < len && memcmp(s + i, "to", 2) == 0 && is_space_at(s, len, i + 2, &n))
        return 2;
    return 0;
}

/* A spaced range or interval whose first number (maybe signed) is the chunk
 * s[num..end): "2019 – 2022", "0,648 till 1,340", "−3,6 to +4,8", "12 % till 15 %",
 * "SEK 49,604 to SEK 336,785" (the chunk is then "SEK").
 * After the first number may come a unit glued to it by a no-break space ("%",
 * "p.e."), then one space, a dash or "till"/"to", one space and a number, maybe
 * signed.  Returns the end of the second number, or 0 if no such range is there.
 * Kept on one line, an interval in a narrow number column takes at most two lines
 * (the estimate above it): its limits broken apart it took three ("0,648 till" /
 * "1,340" under the estimate). */
static size_t spaced_range_end(const char *s, size_t len, size_t num, size_t end)
{
    size_t n1, n2, d, p = num + sign_len(s, end, num), q;
    if (end - num == 3 && memcmp(s + num, "SEK", 3) == 0 && (n1 = nbsp_len(s, len, end)) > 0 &&
        digit_at(s, len, end + n1)) { /* English amounts: "SEK 49,604 to SEK 336,785" */
        q = grouped_end(s, len, end + n1);
    } else {
        if (!digit_at(s, end, p))
            return 0;
        q = number_end(s, end, p);
        if (q + 1 == end && s[q] == '%') /* English "47% to 52%" */
            q = end;
        else if (q != end)
            return 0;
        else
            q = grouped_end(s, len, p);
    }
    if ((n1 = nbsp_len(s, len, q)) > 0 && !digit_at(s, len, q + n1)) {
        /* a unit: up to the next space, no more than a few characters */
        size_t u = q + n1, k = 0;
        while (u < len && !is_space_at(s, len, u, &n2) && k < 8) {
            u++;
            k++;
        }
        if (k == 0 || k >= 8)
            return 0;
        q = u;
    }
    if (!is_space_at(s, len, q, &n1))
        return 0;
    q += n1;
    if (!(d = spaced_dash(s, len, q)) && !(d = range_word(s, len, q)))
        return 0;
    q += d;
    if (!is_space_at(s, len, q, &n2))
        return 0;
    q += n2;
    if (q + 3 < len && memcmp(s + q, "SEK", 3) == 0 && (n1 = nbsp_len(s, len, q + 3)) > 0)
        q += 3 + n1;
    q += sign_len(s, len, q);
    if (q + 2 < len && memcmp(s + q, "\xE2\x88\x9E", 3) == 0) /* ∞, an open limit */
        return q + 3;
    if (!digit_at(s, len, q))
        return 0;
    return grouped_end(s, len, q);
}

void hyph_escape_min(const struct hyphenator *h, struct strbuf *out, const char *s, size_t len,
                     size_t min_chars)
{
    if (min_chars < HYPH_MIN_WORD)
        min_chars = HYPH_MIN_WORD;
    size_t i = 0;
    while (i < len) {
        size_t n;
        if (is_space_at(s, len, i, &n)) {
            markup_escape(out, s + i, n);
            i += n;
            continue;
        }
        size_t a = i;
        while (i < len && !is_space_at(s, len, i, &n))
            i++;
        /* "2019 – 2022", "(0,5 – 1,2)": the range, spaces and dash, on one line */
        size_t num = a;
        while (num < i) { /* opening punctuation before the first number */
            utf8proc_int32_t cp = decode(s, i, num, &n);
            if (cp < 0 || !is_leading(cp))
                break;
            num += n;
        }
        size_t range_end = spaced_range_end(s, len, num, i);
        if (range_end) {
            markup_escape(out, s + a, num - a);
            strbuf_addstr(out, "<span class=\"nobr\">");
            markup_escape(out, s + num, range_end - num);
            strbuf_addstr(out, "</span>");
            i = range_end; /* what follows the second number is a chunk of its own */
            continue;
        }
        size_t ca, cb;
        if (h && plain_chunk(s, a, i, &ca, &cb)) {
            markup_escape(out, s + a, ca - a);
            emit_words(h, out, s, ca, cb, min_chars);
            markup_escape(out, s + cb, i - cb);
        } else {
            emit_protected(out, s, a, i);
        }
    }
}

void hyph_escape(const struct hyphenator *h, struct strbuf *out, const char *s, size_t len)
{
    hyph_escape_min(h, out, s, len, HYPH_MIN_WORD);
}

void hyph_escape_str(const struct hyphenator *h, struct strbuf *out, const char *s)
{
    if (s)
        hyph_escape(h, out, s, strlen(s));
}
