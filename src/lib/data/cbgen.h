/*
 * cbgen — a draft codebook written from an SPSS/Stata file's dictionary, for
 * `trygg codebook from-sav`.
 *
 * Variable labels become `text.sv`, value labels `value.CODE`, values inside the
 * file's user-missing definitions `missing.CODE`.  The respondent, wave, weight, area,
 * stratum and cluster columns are guessed from usual names (LOPNR, AR, VIKT, OMRADE,
 * …); what cannot be guessed is filled with a working default and marked `TODO`, so
 * the draft loads with codebook_load() as it is and the user reviews the marked
 * lines.  Variables without value labels (numbers that are not codes) and text
 * variables are listed as comments.  Labels are made safe for the INI syntax (no
 * ` ;` comment starts, no `|`, no line breaks) and made unique within a variable.
 */
#ifndef TRYGG_DATA_CBGEN_H
#define TRYGG_DATA_CBGEN_H

#include "data/statfile.h"
#include "util/strbuf.h"

/* Appends the draft codebook for meta to out; source_name names the file in the
 * header comment and gives the survey id. */
void cbgen_write(const struct statfile_meta *meta, const char *source_name, struct strbuf *out);

#endif
