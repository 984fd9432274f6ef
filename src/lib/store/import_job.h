/*
 * import_job — what the three importers share (internal to src/lib/store).
 *
 * A job hashes the file, opens the transaction, refuses or replaces an earlier import
 * of the same file, writes the provenance row, resolves area names to ids and maps
 * header names to column numbers.  The importers supply the per-row checks.
 */
#ifndef TRYGG_STORE_IMPORT_JOB_H
#define TRYGG_STORE_IMPORT_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "store/import.h"
#include "util/strmap.h"

struct import_job {
    struct store *st;
    struct diag_list *dl;
    const char *kind; /* "survey", "incidents", "interventions" */
    const char *path;
    const struct import_options *opt;
    struct import_report *rep;
    unsigned long long size_bytes;
    long long import_id;
    size_t errors_at_start;
    bool in_transaction;
    bool hash_pending; /* the SHA-256 comes from the reader, at job_finish */
    bool small_cache;  /* the import's page cache is set (STORE_IMPORT_CACHE_KIB) */
    struct strmap areas; /* area name -> area.id */
    long long *replaced_codebooks; /* codebooks of the imports `replace` removed */
    size_t n_replaced_codebooks;
    sqlite3_stmt *sel_area, *ins_area;
};

/* Hashes the file, BEGIN IMMEDIATE, handles an earlier import of the same file,
 * inserts the import row.  codebook_id 0 = none. */
enum import_status job_begin(struct import_job *job, struct store *st, const char *kind,
                             const char *path, const struct import_options *opt,
                             struct import_report *rep, struct diag_list *dl);
/* The same for a caller that reads the file with csv_read_file and hands its info to
 * job_finish: the hash is then taken while the file is read, not in a pass of its own,
 * whenever no earlier import of this kind has the file's size (and so none can have
 * its hash); otherwise the file is hashed first, as job_begin does. */
enum import_status job_begin_hash_on_read(struct import_job *job, struct store *st,
                                          const char *kind, const char *path,
                                          const struct import_options *opt,
                                          struct import_report *rep, struct diag_list *dl);
/* Sets the codebook of the import row. */
int job_set_codebook(struct import_job *job, long long codebook_id);
/* The id of an area, created if new.  Returns 0 or -1 (database error). */
int job_area_id(struct import_job *job, const char *name, size_t len, long long *id);
/* Reports a ragged row, one whose field count differs from the header's, at the
 * first field that is extra or missing.  Returns true if the row is ragged. */
bool job_ragged_row(struct import_job *job, const struct csv_record *rec, size_t n_columns);
/* True once any row error has been reported for this job. */
bool job_failed(const struct import_job *job);
/* Records rows and options, removes rows left orphaned, commits.  On any earlier
 * error rolls back instead and returns IMPORT_REFUSED. */
enum import_status job_finish(struct import_job *job, const struct csv_file_info *info);
/* Rolls back (if needed) and frees; safe after job_finish. */
void job_release(struct import_job *job);

/*
 * Column lookup by header name against the accepted names of each column (a synonym
 * table per format, docs/formats.md).  Names match case-insensitively after trimming
 * blanks; a "loose" index (incidents, interventions: files people type in Excel) also
 * ignores blanks, punctuation and the diacritics of å, ä, ö, é inside names, so
 * "Kostnad per år", "kostnad_per_ar" and "KOSTNAD PER ÅR" are one name.  The index
 * remembers which columns were looked up, so the columns nothing reads can be named
 * (header_index_unused): no column is dropped silently.
 */
struct header_index {
    struct strmap names; /* folded name -> column number (0-based) */
    size_t n_columns;
    bool loose;
    bool *used;             /* per column: claimed by a lookup */
    struct strbuf *claimed; /* the first name of each column looked for, for messages */
    const struct csv_record *header;
};
/* Builds the index from the header record; duplicate names are errors in dl.  The
 * record must stay valid until header_index_unused has been called. */
void header_index_build(struct header_index *hi, const struct csv_record *rec, const char *file,
                        struct diag_list *dl);
void header_index_build_loose(struct header_index *hi, const struct csv_record *rec,
                              const char *file, struct diag_list *dl);
/* The column of the first name that is present, or -1.  Marks the column used. */
long header_index_find(const struct header_index *hi, const char *const *names);
long header_index_find1(const struct header_index *hi, const char *name);
/* Names every column no lookup claimed: a warning (an error when strict), one message
 * per column, saying which columns the format reads.  `kind` names the format
 * ("interventions").  Returns the number of unused columns. */
size_t header_index_unused(const struct header_index *hi, const char *file, const char *kind,
                           bool strict, struct diag_list *dl);
void header_index_release(struct header_index *hi);

/* A quoted, printable rendering of a data cell for messages (at most 60 bytes). */
const char *cell_quote(struct strbuf *buf, const char *s, size_t len);

#endif
