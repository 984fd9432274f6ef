/*
 * bramap — how the crime labels of Brå's statistics-database export map to trygg's
 * incident categories.
 *
 * An INI file (parsed with libinih through data/inifile; docs/formats.md has the
 * format): one `[category KEY]` section per trygg category with one or more Brå
 * labels (`bra = …`, `bra.2 = …`, …: several labels when Brå renamed a category, so
 * the series goes on under the new label and the break stays visible), optional
 * `label.sv`, `label.en` and `detection`; and an optional `[ignore]` section with
 * labels that are deliberately not imported (e.g. totals next to their parts).
 * Labels are matched case-insensitively after trimming blanks and no-break spaces;
 * a label may belong to one section only.  Unknown keys, bad keys and a label given
 * twice are errors at `file:line`.
 */
#ifndef TRYGG_DATA_BRAMAP_H
#define TRYGG_DATA_BRAMAP_H

#include <stddef.h>

#include "util/diag.h"
#include "util/strmap.h"

struct bramap_category {
    char *key;       /* trygg category key: letters, digits, '_', '-' */
    char *label_sv;  /* may be NULL */
    char *label_en;  /* may be NULL */
    char *detection; /* "police", "victim", "activity", "unknown", or NULL */
};

struct bramap {
    char *path;
    struct bramap_category *cats;
    size_t n_cats;
    struct strmap labels; /* folded label -> index into cats, or -1 for [ignore] */
};

/* Loads and checks a mapping file.  Returns a new mapping (free with bramap_free) or
 * NULL with the problems in dl. */
struct bramap *bramap_load(const char *path, struct diag_list *dl);
struct bramap *bramap_parse(const char *name, const char *text, size_t len,
                            struct diag_list *dl);
void bramap_free(struct bramap *m);

enum bramap_result { BRAMAP_UNMAPPED = 0, BRAMAP_CATEGORY, BRAMAP_IGNORED };
/* Looks a Brå label up; *cat (borrowed) is set for BRAMAP_CATEGORY. */
enum bramap_result bramap_lookup(const struct bramap *m, const char *label, size_t len,
                                 const struct bramap_category **cat);

#endif
