/*
 * textwidth — see textwidth.h.
 */
#include "report/textwidth.h"

#include <string.h>
#include <utf8proc.h>

/* DejaVu Sans 2.37 advance widths in 1/1000 em, U+0020..U+017F (Latin-1 and Latin
 * Extended-A): regular, then bold.  Read from the fonts' hmtx tables. */
static const unsigned short W_REGULAR[0x160] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
    636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
    1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
    603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
    500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500,
    500, 838, 401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531,
    684, 684, 684, 684, 684, 684, 974, 698, 632, 632, 632, 632, 295, 295, 295, 295,
    775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630,
    613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
    612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592,
    684, 613, 684, 613, 684, 613, 698, 550, 698, 550, 698, 550, 698, 550, 770, 635,
    775, 635, 632, 615, 632, 615, 632, 615, 632, 615, 632, 615, 775, 635, 775, 635,
    775, 635, 775, 635, 752, 634, 916, 695, 295, 278, 295, 278, 295, 278, 295, 278,
    295, 278, 590, 556, 295, 278, 656, 579, 579, 557, 278, 557, 278, 557, 375, 557,
    342, 562, 284, 748, 634, 748, 634, 748, 634, 813, 748, 634, 787, 612, 787, 612,
    787, 612, 1070, 1023, 695, 411, 695, 411, 695, 411, 635, 521, 635, 521, 635, 521,
    635, 521, 611, 392, 611, 392, 611, 392, 732, 634, 732, 634, 732, 634, 732, 634,
    732, 634, 732, 634, 989, 818, 611, 592, 611, 685, 525, 685, 525, 685, 525, 352,
};
static const unsigned short W_BOLD[0x160] = {
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
    1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
    733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
    500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
    348, 456, 696, 696, 636, 696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500,
    500, 838, 438, 438, 500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035, 1035, 580,
    774, 774, 774, 774, 774, 774, 1085, 734, 683, 683, 683, 683, 372, 372, 372, 372,
    838, 837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812, 812, 724, 738, 719,
    675, 675, 675, 675, 675, 675, 1048, 593, 678, 678, 678, 678, 343, 343, 343, 343,
    687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712, 652, 716, 652,
    774, 675, 774, 675, 774, 675, 734, 593, 734, 593, 734, 593, 734, 593, 830, 716,
    838, 716, 683, 678, 683, 678, 683, 678, 683, 678, 683, 678, 821, 716, 821, 716,
    821, 716, 821, 716, 837, 712, 974, 790, 372, 343, 372, 343, 372, 343, 372, 343,
    372, 343, 744, 686, 372, 343, 775, 665, 665, 637, 343, 637, 343, 637, 479, 637,
    557, 642, 371, 837, 712, 837, 712, 837, 712, 983, 837, 712, 850, 687, 850, 687,
    850, 687, 1167, 1094, 770, 493, 770, 493, 770, 493, 720, 595, 720, 595, 720, 595,
    720, 595, 682, 478, 682, 478, 682, 478, 812, 712, 812, 712, 812, 712, 812, 712,
    812, 712, 812, 712, 1103, 924, 724, 652, 724, 725, 582, 725, 582, 725, 582, 435,
};

/* Widths of the few characters outside those blocks that reports use. */
static unsigned other_width(utf8proc_int32_t cp, bool bold)
{
    switch (cp) {
    case 0x2009: /* thin space */
    case 0x202F: /* narrow no-break space */
        return 200;
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
        return bold ? 415 : 361;
    case 0x2013: /* en dash */
        return 500;
    case 0x2014: /* em dash */
    case 0x2026: /* ellipsis */
        return 1000;
    case 0x2018:
    case 0x2019:
        return bold ? 380 : 318;
    case 0x201C:
    case 0x201D:
    case 0x201E:
        return bold ? 657 : 518;
    case 0x2212: /* minus */
    case 0x2248:
    case 0x2264:
    case 0x2265:
    case 0x2713: /* ✓ */
    case 0x2717: /* ✗ */
        return 838;
    case 0x2139:
        return 380;
    case 0x00AD: /* soft hyphen: nothing unless the line breaks there */
        return 0;
    default:
        break;
    }
    if (cp >= 0x2E80) /* CJK and the like: a full em */
        return 1000;
    return bold ? 780 : 700; /* an unknown letter: as wide as a capital */
}

static unsigned char_width(utf8proc_int32_t cp, bool bold)
{
    if (cp == 0xAD)
        return 0;
    if (cp >= 0x20 && cp < 0x180) {
        /* each table indexed on its own: UBSan's object-size check misjudged the
         * bounds of a conditional over the two arrays */
        size_t i = (size_t)(cp - 0x20);
        return bold ? W_BOLD[i] : W_REGULAR[i];
    }
    return other_width(cp, bold);
}

double text_width_em(const char *s, size_t len, bool bold)
{
    double w = 0;
    size_t i = 0;
    while (i < len) {
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            cp = 0xFFFD;
            k = 1;
        }
        w += char_width(cp, bold);
        i += (size_t)k;
    }
    return w / 1000.0;
}

static bool letter(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LM;
}

/* The character of the reference at s[i] ('&'), its length in *n; -1 if none. */
static utf8proc_int32_t reference(const char *s, size_t len, size_t i, size_t *n)
{
    static const struct {
        const char *name;
        utf8proc_int32_t cp;
    } refs[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'},
                {"&#39;", '\''}, {"&nbsp;", 0xA0}, {"&shy;", 0xAD}};
    for (size_t k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
        size_t m = strlen(refs[k].name);
        if (i + m <= len && memcmp(s + i, refs[k].name, m) == 0) {
            *n = m;
            return refs[k].cp;
        }
    }
    return -1;
}

/* True if the tag t[0..n) names the class nobr. */
static bool has_nobr_class(const char *t, size_t n)
{
    for (size_t k = 0; k + 4 <= n; k++)
        if (memcmp(t + k, "nobr", 4) == 0)
            return true;
    return false;
}

double markup_min_width_em(const char *html, size_t len, bool bold)
{
    double widest = 0, piece = 0;
    int nobr = 0;                 /* depth of nowrap spans */
    utf8proc_int32_t prev = 0;    /* the last character of the piece */
    bool break_pending = false;   /* a break after prev if a letter follows */
    size_t i = 0;
    while (i < len) {
        if (html[i] == '<') { /* a tag: only nowrap spans matter */
            const char *end = memchr(html + i, '>', len - i);
            size_t tl = end ? (size_t)(end - (html + i)) + 1 : len - i;
            if (tl >= 5 && memcmp(html + i, "<span", 5) == 0)
                nobr += has_nobr_class(html + i, tl);
            else if (tl >= 7 && memcmp(html + i, "</span>", 7) == 0 && nobr > 0)
                nobr--;
            i += tl;
            continue;
        }
        size_t n = 1;
        utf8proc_int32_t cp = -1;
        if (html[i] == '&')
            cp = reference(html, len, i, &n);
        if (cp < 0) {
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)html + i,
                                                  (utf8proc_ssize_t)(len - i), &cp);
            if (k <= 0) {
                cp = 0xFFFD;
                k = 1;
            }
            n = (size_t)k;
        }
        i += n;
        if (!nobr && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')) {
            if (piece > widest)
                widest = piece;
            piece = 0;
            prev = 0;
            break_pending = false;
            continue;
        }
        if (break_pending && letter(cp)) { /* "före-|efter": the hyphen stays before */
            if (piece > widest)
                widest = piece;
            piece = 0;
        }
        break_pending = false;
        if (cp == 0xAD) { /* the line may end here, with a hyphen */
            if (!nobr) {
                double with_hyphen = piece + char_width('-', bold) / 1000.0;
                if (with_hyphen > widest)
                    widest = with_hyphen;
                piece = 0;
            }
            continue;
        }
        piece += char_width(cp, bold) / 1000.0;
        if (!nobr && (cp == '-' || cp == 0x2010 || cp == 0x2013 || cp == 0x2014) && letter(prev))
            break_pending = true;
        prev = cp;
    }
    return piece > widest ? piece : widest;
}
