/*
 * category — what trygg knows about incident categories before anyone tells it.
 *
 * Offences that the police mostly find themselves (drug offences, knife-law and
 * weapons offences, drink driving) rise when enforcement rises; a report must read a
 * rise in such a category as police activity, not as failure.  Activity counts
 * (coach shifts, visitors) are not offences at all.  This table gives the default
 * `detection` of a category key and its Swedish and English labels; an analysis spec
 * can override it.
 */
#ifndef TRYGG_STORE_CATEGORY_H
#define TRYGG_STORE_CATEGORY_H

#include <stddef.h>

struct category_default {
    const char *detection; /* "police", "victim", "activity" or "unknown" */
    const char *label_sv;  /* NULL if unknown */
    const char *label_en;
};

/* The defaults for a category key (matched on known keys and prefixes). */
struct category_default category_defaults(const char *key, size_t len);

#endif
