/*
 * cbgen — a draft codebook written from an SPSS/Stata file's dictionary, for
 * `trygg codebook from-sav`.
 *
 * Variable labels become `text.sv`, value labels `value.CODE`, values inside the
 * file's user-missing definitions `missing.CODE`.  The respondent, wave, weight, area,
 * stratum and cluster columns are guessed from usual names (LOPNR, AR, VIKT, OMRADE,
 * …); what cannot be guessed is filled with a working default and marked `TODO`, so
 * the draft loads with codebook_load() as it is and the user reviews the marked
 * lines.  A variable with many distinct numbers in the data and few value labels
 * (an age, a count, hours) is proposed as `type = number` with the range seen in the
 * data (marked TODO) and its user-missing codes; other variables without value
 * labels and text variables are listed as comments.  Labels are made safe for the INI syntax (no
 * ` ;` comment starts, no `|`, no line breaks) and made unique within a variable.
 */
#ifndef TRYGG_DATA_CBGEN_H
#define TRYGG_DATA_CBGEN_H

#include "data/statfile.h"
#include "util/strbuf.h"

/* What the data say about one variable (cbgen_scan): its distinct numbers outside the
 * user-missing definitions (counted up to CBGEN_MANY), their range, and whether any
 * has decimals. */
#define CBGEN_MANY 20
struct cbgen_values {
    size_t n_distinct;  /* at most CBGEN_MANY */
    double distinct[CBGEN_MANY];
    double min, max;
    bool fractional;
};

/* Reads the data of the file at path (after statfile_read_meta) into one
 * cbgen_values per variable of meta (*out, free it).  Returns 0, or -1 with the
 * problem in dl. */
int cbgen_scan(const char *path, const struct statfile_meta *meta, struct cbgen_values **out,
               struct diag_list *dl);

/* Appends the draft codebook for meta to out; source_name names the file in the
 * header comment and gives the survey id; vals (one per variable, may be NULL) are
 * what cbgen_scan found in the data. */
void cbgen_write(const struct statfile_meta *meta, const char *source_name,
                 const struct cbgen_values *vals, struct strbuf *out);

#endif
