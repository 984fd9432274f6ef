/*
 * results_csv — writes results.csv, one row per estimate (docs/results.md).
 *
 * The header is exactly
 *   evaluation,analysis,outcome,group,method,term,estimate,std_error,conf_low,
 *   conf_high,statistic,df,p_value,p_holm,p_bh,n,note
 * (one line).  UTF-8, RFC 4180 quoting (a cell holding the delimiter, '"', CR or LF
 * is quoted, '"' doubled); lines end in LF (every reader of interest, Excel included,
 * takes it, and `head -1` gives the header without a stray CR).  Numbers are the shortest
 * text that reads back to the same double (util/num.h), never locale-dependent; a
 * number that does not apply (NaN) is an empty cell; infinities are "Inf"/"-Inf".
 *
 * Dialects: CSV_STANDARD (',' and '.') for R, Python and other programs;
 * CSV_SWEDISH (';', decimal comma and a UTF-8 byte-order mark) for Excel with
 * Swedish regional settings, which otherwise reads "0.25" as a date and å ä ö as
 * mojibake.
 *
 * A suppressed row (too few respondents to publish) keeps its identifying text
 * columns; every number, n included, is withheld (empty), and the note says why.
 *
 * Text cells that a spreadsheet would read as a formula — first character '=', '+',
 * '-', '@', TAB or CR — get a leading apostrophe (OWASP's advice on CSV injection).
 * Numeric cells are never changed: a negative estimate stays a number.  Invalid
 * UTF-8 in text becomes U+FFFD.
 */
#ifndef TRYGG_OUT_RESULTS_CSV_H
#define TRYGG_OUT_RESULTS_CSV_H

#include "eval/results.h"
#include "util/diag.h"
#include "util/strbuf.h"

enum csv_dialect {
    CSV_STANDARD = 0, /* ',' and '.' */
    CSV_SWEDISH       /* ';', ',' as decimal mark, UTF-8 BOM */
};

/* The header line (without line end), for tests and documentation. */
extern const char results_csv_header[];

/* "en"/"standard" -> CSV_STANDARD, "sv" -> CSV_SWEDISH; -1 for anything else. */
int csv_dialect_parse(const char *name, enum csv_dialect *out);

/* Appends the whole file (header and rows) for res (borrowed). */
void results_csv_render(const struct results *res, enum csv_dialect dialect,
                        struct strbuf *out);
/* Writes it to path atomically (out/atomicfile.h).  0, or -1 with an error in dl. */
int results_csv_write(const struct results *res, enum csv_dialect dialect, const char *path,
                      struct diag_list *dl);

/* Appends one text cell, neutralised and quoted as above (exposed for tests and for
 * other CSV files trygg writes). */
void csv_text_cell(struct strbuf *out, const char *text, enum csv_dialect dialect);
/* Appends one numeric cell: empty for NaN, shortest round-trip otherwise. */
void csv_number_cell(struct strbuf *out, double x, enum csv_dialect dialect);

#endif
