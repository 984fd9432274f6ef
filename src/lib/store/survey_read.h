/*
 * survey_read — what an analysis reads of a survey, without SQL outside store/: the
 * survey, its codebook versions, waves and strata, and its respondents block by block
 * (a block iterator over the columnar respondent_block rows of one wave, respblock.h).
 *
 * The schema of these tables is known here and in respblock.c only (docs/schema.md);
 * eval/ asks for rows through these functions.  Text is returned in strings the caller
 * frees; a callback gets each row of a list, so nothing grows with the survey but the
 * caller's own arrays.
 */
#ifndef TRYGG_STORE_SURVEY_READ_H
#define TRYGG_STORE_SURVEY_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/respblock.h"
#include "store/store.h"

/* The survey with key `key`: 1 (id and titles set; titles NULL when absent, caller
 * frees), 0 when there is none, -1 on a database error (in dl). */
int store_survey_find(struct store *st, const char *key, long long *id, char **title_sv,
                      char **title_en, struct diag_list *dl);

/* Each codebook version of the survey in import order: fn(ctx, id, file name, text,
 * length); a non-zero return stops and is returned.  Returns 0, or -1 on a database
 * error. */
typedef int (*store_codebook_fn)(void *ctx, long long id, const char *file_name,
                                 const char *text, size_t len);
int store_survey_codebooks(struct store *st, long long survey_id, store_codebook_fn fn,
                           void *ctx, struct diag_list *dl);

/* Each wave of the survey in analysis order (year, then import order; waves without a
 * year last): fn(ctx, id, label, year or 0). */
typedef int (*store_wave_fn)(void *ctx, long long id, const char *label, int year);
int store_survey_waves(struct store *st, long long survey_id, store_wave_fn fn, void *ctx,
                       struct diag_list *dl);

/* Each stratum of the survey (design units of kind 'stratum'), ids ascending: fn(ctx, id,
 * the code as the data wrote it). */
typedef int (*store_unit_fn)(void *ctx, long long id, const char *label);
int store_survey_strata(struct store *st, long long survey_id, store_unit_fn fn, void *ctx,
                        struct diag_list *dl);

/* Respondents stored for the survey (every wave), or -1 on a database error. */
long long store_survey_respondents(struct store *st, long long survey_id, struct diag_list *dl);

/* Each import that stored respondents of the survey: fn(ctx, import id). */
typedef int (*store_import_fn)(void *ctx, long long import_id);
int store_survey_imports(struct store *st, long long survey_id, store_import_fn fn, void *ctx,
                         struct diag_list *dl);

/* The blocks of one wave in import order.  A block's weights, areas, strata and
 * clusters are decoded into it->block; its answers and numbers are not (block.answers
 * and block.numbers are NULL; n_vars and n_num say how many there are): the caller
 * reads the variables it needs with store_block_iter_answers() / _numbers(), straight
 * from SQLite's pages into its own arrays (one copy, and none of the variables it does
 * not need). */
struct store_block_iter {
    struct store *st;
    sqlite3_stmt *q;
    struct resp_block block; /* the current block (respblock.h) */
    long long codebook_id;   /* the codebook version its import used */
    sqlite3_blob *answers_blob, *numbers_blob; /* incremental I/O, moved block to block */
    long long cache_size; /* the connection's page cache size to restore (0: none) */
};
/* Returns 0, or -1 on a database error; release with store_block_iter_close(). */
int store_block_iter_open(struct store_block_iter *it, struct store *st, struct diag_list *dl);
/* Starts over at the first block of wave `wave_id`. */
void store_block_iter_wave(struct store_block_iter *it, long long wave_id);
/* The next block into it->block: 1, 0 at the end, -1 on a database error or a damaged
 * block (in dl). */
int store_block_iter_next(struct store_block_iter *it, struct diag_list *dl);
/* The codes of the variable at codebook position `var` of the current block into dst
 * (block.n codes, host order).  Returns 0, or -1 (in dl). */
int store_block_iter_answers(struct store_block_iter *it, size_t var, int16_t *dst,
                             struct diag_list *dl);
/* The k-th number variable's numbers of the current block into dst (block.n). */
int store_block_iter_numbers(struct store_block_iter *it, size_t k, double *dst,
                             struct diag_list *dl);
void store_block_iter_close(struct store_block_iter *it);

#endif
