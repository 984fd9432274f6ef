/*
 * respblock — survey respondents stored in columnar blocks.
 *
 * One row of the respondent_block table holds up to RESPBLOCK_MAX respondents of one
 * wave from one import, column by column: weights, areas, strata, clusters and the
 * answers to every codebook variable (variable-major, so an analysis of one question
 * reads one contiguous slice).  A million respondents are ~250 rows instead of a
 * million, which is what makes import and analysis fast; see docs/schema.md.
 *
 * Respondent ids are kept per block as a sorted list of keys (with the file line and
 * the slot in the block) in a row of their own (respondent_keys, with the block's
 * smallest and largest key), so duplicates within a wave, across blocks and imports,
 * are found by a streaming merge (respblock_check_duplicates) in memory that does not
 * grow with the number of respondents, of only the blocks whose ranges overlap; an
 * analysis reading the answers never walks past them.
 *
 * All numbers are little-endian: weight f64, area/stratum/cluster i32 (0 = none),
 * answers i16 (CODEBOOK_NO_ANSWER = no answer), numbers f64.
 *
 * Number variables (codebook `type = number`: ages, counts, hours) keep their value at
 * full precision in the `numbers` column: f64 per respondent for each number variable
 * of the codebook, in codebook order, variable-major (NULL when the codebook has
 * none).  Their i16 answer holds CODEBOOK_NUMBER when the value is there, else a
 * missing code or CODEBOOK_NO_ANSWER (and the number is NaN), so a reader that knows
 * only codes still sees who answered and who did not.  A key is 0x00 + the id as a
 * big-endian u64 when the id is written as a plain integer ("1523"; not "0123"),
 * otherwise 0x01 + the id's UTF-8 bytes; keys sort with memcmp, shorter first.  A
 * keys entry is u16 key length, key bytes, u32 line, u16 slot.
 */
#ifndef TRYGG_STORE_RESPBLOCK_H
#define TRYGG_STORE_RESPBLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define RESPBLOCK_MAX 4096
#define RESPBLOCK_MAX_ID_BYTES 255

/* ------------------------------------------------------------------ writing */

struct block_builder {
    long long wave_id;
    size_t n_vars;
    size_t n, cap;
    double *weight;
    int32_t *area, *stratum, *cluster;
    int16_t *answers;     /* row-major while building: n x n_vars */
    size_t n_num;         /* number variables (block_builder_numbers) */
    double *numbers;      /* row-major while building: n x n_num */
    unsigned char *keys;  /* encoded keys, back to back */
    size_t keys_len, keys_alloc;
    uint32_t *key_off;    /* per row: offset into keys */
    uint16_t *key_len;
    uint32_t *line;
    size_t first_line;
};

void block_builder_init(struct block_builder *b, long long wave_id, size_t n_vars);
void block_builder_release(struct block_builder *b);
/* Declares how many number variables each respondent has (before the first add). */
void block_builder_numbers(struct block_builder *b, size_t n_num);
/* Encodes an id as a key into out (at least RESPBLOCK_MAX_ID_BYTES + 1 bytes); returns
 * its length.  The id must be 1..RESPBLOCK_MAX_ID_BYTES bytes. */
size_t respblock_encode_key(const char *id, size_t len, unsigned char *out);
/* Renders a key back as text for messages into buf. */
void respblock_key_text(const unsigned char *key, size_t len, char *buf, size_t size);
/* Appends one respondent; answers has n_vars codes, numbers n_num values (NULL when
 * n_num is 0).  Returns true when the block is full and must be flushed. */
bool block_builder_add(struct block_builder *b, const char *id, size_t id_len, long line,
                       double weight, int32_t area, int32_t stratum, int32_t cluster,
                       const int16_t *answers, const double *numbers);
/* Writes the block (if not empty) as a respondent_block row and empties the builder.
 * has_stratum/has_cluster say whether those columns exist for this survey. */
int block_builder_flush(struct block_builder *b, struct store *st, long long import_id,
                        bool has_stratum, bool has_cluster, struct diag_list *dl);

/* Finds respondent ids that occur twice in a wave, across every block of the waves
 * given.  Each duplicate that involves import `import_id` is reported to dl (file =
 * `file` for that import's rows, column = `column`, the respondent id's field).
 * Returns the number of duplicates, or -1 on a database error. */
long respblock_check_duplicates(struct store *st, const long long *wave_ids, size_t n_waves,
                                long long import_id, const char *file, long column,
                                struct diag_list *dl);

/* Migration 7 (store/schema.c): copies each block's keys from the keys column of
 * respondent_block, which it had until then, into respondent_keys with their range.
 * Returns 0, or -1 with an error in dl. */
int respblock_move_keys(struct store *st, struct diag_list *dl);

/* ------------------------------------------------------------------ reading */

struct resp_block {
    long long id, import_id, wave_id;
    size_t n, n_vars;
    double *weight;   /* n */
    int32_t *area;    /* n */
    int32_t *stratum; /* n, or NULL when the survey has no strata */
    int32_t *cluster; /* n, or NULL when the survey has no clusters */
    int16_t *answers; /* n_vars x n, variable-major */
    double *numbers;  /* n_num x n, variable-major: the number variables in codebook
                         order; NULL when n_num is 0 */
    size_t n_num;
    /* owned storage, reused from block to block */
    void *mem;
    size_t mem_alloc;
};

/* Decodes the current row of a statement selecting RESPBLOCK_COLUMNS (in this order)
 * into aligned, host-order arrays owned by `out` (valid until the next decode or
 * resp_block_release).  Returns false if the blobs are inconsistent. */
#define RESPBLOCK_COLUMNS                                                                  \
    "id, import_id, wave_id, n, n_vars, weight, area, stratum, cluster, answers, numbers"
void resp_block_init(struct resp_block *b);
bool respblock_decode(sqlite3_stmt *stmt, struct resp_block *out);
void resp_block_release(struct resp_block *b);
/* The codes of variable `var` (position in the codebook) in block b. */
static inline const int16_t *resp_block_var(const struct resp_block *b, size_t var)
{
    return b->answers + var * b->n;
}
/* The numbers of the k-th number variable of the block's codebook, or NULL. */
static inline const double *resp_block_numbers(const struct resp_block *b, size_t k)
{
    return k < b->n_num ? b->numbers + k * b->n : NULL;
}

#endif
