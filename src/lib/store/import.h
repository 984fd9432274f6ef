/*
 * import — loading survey answers, incident counts and interventions into the store.
 *
 * Every import is one transaction: it commits whole or leaves the database exactly as
 * it was.  Rows are validated as they stream past (docs/formats.md lists every rule);
 * the first error stops the inserting but not the checking, so the user sees up to
 * DIAG_DEFAULT_MAX_ERRORS precise `file:line:column` messages in one go.  Each import
 * records its provenance (file name, SHA-256, size, rows, time, trygg version); the
 * same file imported twice is not imported again (IMPORT_ALREADY, not an error)
 * unless `replace` is set, which removes the earlier import of that file (same
 * SHA-256, or same file name) in the same transaction.
 */
#ifndef TRYGG_STORE_IMPORT_H
#define TRYGG_STORE_IMPORT_H

#include <stdbool.h>

#include "data/csvread.h"
#include "store/store.h"

/* The largest count of one period (incidents and Brå): 10^9.  A series holds at most
 * 109,572 periods (the days of 1900-2199), so its counts add up to at most ~1.1e14:
 * exact in a double (2^53 ~ 9.0e15), which every analysis sums in, and far from the end
 * of the 64-bit total a series' block records.  Before, a count could be 2^53 and a
 * series of 1,025 such days overflowed that total (signed overflow; the hunt of round 3). */
#define IMPORT_MAX_COUNT 1000000000LL

enum import_status {
    IMPORT_OK = 0,
    IMPORT_REFUSED = 1, /* the data were refused; the database is unchanged */
    IMPORT_FAILED = 3,  /* a system or database failure; the database is unchanged */
    IMPORT_ALREADY = 4  /* the same file (kind and SHA-256) is already imported: nothing
                         * done; rep->already_imported names the import */
};

struct import_options {
    struct csv_options csv; /* delimiter 0 = detect; encoding; progress callback */
    bool replace;
    bool strict; /* warnings (e.g. a column nothing reads) refuse the file */
    /* The names recorded as the data file's and the codebook's provenance (NULL: the
     * path as given).  The front end passes paths relative to the working directory,
     * or bare file names, so a shared database or report leaks no home directory. */
    const char *record_as, *codebook_record_as;
};

struct import_report {
    long long import_id;
    unsigned long long rows;
    unsigned long long replaced_imports; /* earlier imports removed by `replace` */
    long long already_imported; /* the same file is import N already: nothing done */
    char sha256[SHA256_HEX_SIZE];
    char delimiter;
    char summary[512]; /* one line for the user, e.g. "1,523 respondents in wave 2019" */
};

enum import_status import_survey(struct store *st, const char *codebook_path,
                                 const char *data_path, const struct import_options *opt,
                                 struct import_report *rep, struct diag_list *dl);
enum import_status import_incidents(struct store *st, const char *data_path,
                                    const struct import_options *opt,
                                    struct import_report *rep, struct diag_list *dl);
/* Brå's statistics-database export (docs/formats.md); mapping_path (may be NULL) maps
 * Brå's crime labels to categories (data/bramap.h). */
enum import_status import_incidents_bra(struct store *st, const char *data_path,
                                        const char *mapping_path,
                                        const struct import_options *opt,
                                        struct import_report *rep, struct diag_list *dl);
enum import_status import_interventions(struct store *st, const char *data_path,
                                        const struct import_options *opt,
                                        struct import_report *rep, struct diag_list *dl);

#endif
