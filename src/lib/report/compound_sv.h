/*
 * compound_sv — where a Swedish compound word joins its parts, for hyphenation.
 *
 * TeX's Swedish patterns mark syllables, and a Swedish syllable takes the consonant
 * before a vowel: at a compound boundary where the second part starts with a vowel
 * or the first ends in a linking s the patterns break inside the wrong part
 * ("giva-rområde", "beslut-skriterier", "konfi-densin-tervall").  Readers expect a
 * compound to break between its parts ("givar-område", "besluts-kriterier"), so
 * report/hyphenate splits a word into parts first when it can.
 *
 * A word splits when it is made wholly of parts from a list of stems of the report's
 * domain (safety, crime, surveys, statistics, municipalities; compound_sv.c), each
 * part but the last maybe followed by a linking s, and the last maybe followed by an
 * inflection of at most five letters ("område|t", "kriteri|erna").  Of the ways a word
 * splits, the one leaving the shortest inflection is taken, and of those the one with
 * the fewest parts.  A word that does not split is left
 * to the patterns alone.  The list is deliberately a list of whole stems, not of
 * prefixes, so a word is split only where both sides are known words.
 */
#ifndef TRYGG_REPORT_COMPOUND_SV_H
#define TRYGG_REPORT_COMPOUND_SV_H

#include <stdbool.h>
#include <stddef.h>

/* Longest word considered, in characters. */
#define COMPOUND_MAX_CHARS 60

/*
 * lc: the word's letters in lower case, UTF-8; starts[k] the byte offset of its
 * character k (k = 0..n, starts[n] the length), n <= COMPOUND_MAX_CHARS.  When the
 * word splits into two or more parts, sets bound[k] for each character k that ends a
 * part (a linking s belongs to the part before it) and returns the number of parts;
 * otherwise returns 0 or 1 and leaves bound alone.
 */
int compound_sv_split(const char *lc, const size_t *starts, size_t n, bool *bound);

#endif
