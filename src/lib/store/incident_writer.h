/*
 * incident_writer — writes counts per period, area and category for the incident
 * importers (internal to src/lib/store): the plain CSV layout (import_incidents.c)
 * and Brå's statistics-database export (import_bra.c).
 *
 * A series is (area, category, period kind); each of its periods is stored once.
 * When a period is already in the database from an earlier import:
 *   - an earlier *preliminary* figure is replaced by the new one (preliminary or
 *     final), and the observation then belongs to the new import;
 *   - an earlier final figure is kept: a preliminary figure for it is an error, and
 *     so is a different final figure; the same final figure again is an error too
 *     unless `identical_ok` is set (Brå exports of overlapping ranges), when it is
 *     counted as unchanged.
 * Row errors go to the job's diagnostics list at the row's line and column.
 *
 * The counts are stored as blocks (store/obsblock.h), streamed inside the import's
 * transaction: the writer collects a series' counts (~40 bytes a count), checks each
 * period as its row arrives against the file's earlier rows and the series' stored
 * blocks, and, in a file grouped by series (a run of rows per series), writes the
 * series' block (one per source label) as soon as the file moves on to another
 * series, so memory holds one series, not the file.  A series the file comes back to
 * has its written blocks read back and deleted, and is kept to the end; a file in
 * period order (a row per series in turn) has all its series kept to the end, as
 * before.  incident_writer_finish writes what is kept: a series still gets one block
 * per import and source label, and no count is read back more than once.
 * A stored block whose preliminary figures were replaced is written again without
 * them at incident_writer_finish.  A failed import is rolled back with the rest of
 * its transaction, so nothing written is left behind.
 */
#ifndef TRYGG_STORE_INCIDENT_WRITER_H
#define TRYGG_STORE_INCIDENT_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/import_job.h"
#include "store/obsblock.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/strmap.h"

struct incident_writer {
    struct import_job *job;       /* borrowed */
    const char *file;             /* for messages */
    bool identical_ok;            /* the same final figure again is not an error */
    struct strmap categories;     /* key -> category.id */
    struct strmap series;         /* (area_id, category_id, kind) -> index into wseries,
                                     the series this file wrote to (a file is in months or
                                     days per area and category) */
    struct wseries *wseries;      /* incident_writer.c */
    size_t n_wseries, alloc_wseries;
    struct oldblock *old;         /* stored blocks of the series this file touches */
    size_t n_old, alloc_old;
    struct periodmap *periods;    /* (series, period) -> this file's count or a stored one */
    struct strmap labels;         /* source label -> index into label_text */
    char **label_text;
    size_t n_labels;
    struct strbuf last_area, last_cat; /* the previous row's (a file is usually grouped) */
    long long last_area_id, last_cat_id;
    size_t last_series;
    size_t run;                   /* rows of last_series since the file came to it */
    enum date_kind last_kind;
    bool have_last;
    sqlite3_stmt *sel_cat, *ins_cat, *sel_series, *ins_series, *ins_block, *sel_blocks,
        *del_block, *import_file, *sel_written;
    struct obs_set spare;         /* buffers of a written series, for the next new one */
    uint32_t *spare_label;
    size_t spare_alloc_label;
    size_t *idx;                  /* write_series' order */
    size_t alloc_idx;
    struct strbuf q;
    unsigned long long rows;      /* counts written (new or replacing) */
    unsigned long long replaced;  /* of which replaced an earlier preliminary figure */
    unsigned long long unchanged; /* identical final figures already stored */
    bool system_error;
};

/* One count.  Strings are borrowed for the call. */
struct incident_row {
    long line;
    long col_period, col_area, col_category; /* 1-based, for messages */
    const char *area;
    size_t area_len;
    const char *category;
    size_t category_len;
    enum date_kind kind;
    struct date period;
    int64_t count;
    double exposure;       /* NAN = none */
    const char *note;      /* NULL = none */
    size_t note_len;
    bool preliminary;
    const char *source_label; /* NULL = none */
    size_t source_label_len;
    /* used only when the category is new; NULL = the built-in defaults */
    const char *label_sv, *label_en, *detection;
};

/* Prepares the statements.  Returns 0, or -1 with a message in the job's list. */
int incident_writer_init(struct incident_writer *w, struct import_job *job, const char *file);
/* Writes one count.  Returns 0 (written, or refused with a message in the list) or
 * -1 on a database failure (system_error is then set). */
int incident_writer_put(struct incident_writer *w, const struct incident_row *r);
/* Writes the collected counts as blocks; call it once, after the last row, when the
 * import has no errors.  Returns 0 or -1 on a database failure (system_error set). */
int incident_writer_finish(struct incident_writer *w);
void incident_writer_release(struct incident_writer *w);

#endif
