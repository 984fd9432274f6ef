/*
 * results_xlsx — writes results.xlsx, the workbook an evaluator opens in Excel or
 * LibreOffice, with libxlsxwriter.
 *
 * Sheets, in this order:
 *   criteria     the pre-registered decision criteria with estimate, interval, verdict,
 *                design level and cost per unit (only if the spec has criteria);
 *   one sheet per analysis (the spec section id, results rows in results.csv order)
 *                with the columns of results.csv less `evaluation`:
 *                analysis,outcome,group,method,term,estimate,std_error,conf_low,
 *                conf_high,statistic,df,p_value,p_holm,p_bh,n,note,reason;
 *   provenance   trygg version, time, language, seed, min-cell, the spec file and its
 *                SHA-256, and every import the results rest on (file, SHA-256, rows).
 *
 * Every sheet has its header row frozen and an autofilter.  Numbers are numeric cells
 * holding 16 significant digits (libxlsxwriter's %.16G, which report/xlsxbook's row
 * writer reproduces byte for byte; results.csv has the shortest text that reads back as
 * the double); only the display is rounded: estimate, standard error and
 * interval share a format with about four significant digits chosen by the row's
 * magnitude, p-values show four decimals or "<0.0001", n shows whole numbers.  A number
 * that does not apply (NaN) is an empty cell; infinities are the text "Inf"/"-Inf"
 * (as in results.csv; xlsx has no infinite number).  A suppressed row keeps its text
 * columns, every number is left empty and the note says why.
 *
 * Text is only ever written as string cells, never formulas, so "=cmd|..." from data
 * stays inert text (out/xlsxbook.h says how text and sheet names are made valid);
 * an analysis id that is not a valid sheet name gets a cleaned name, and the
 * provenance sheet says which sheet holds which analysis.
 *
 * The file is written under a temporary name in the target's directory and renamed
 * (out/atomicfile.h).
 */
#ifndef TRYGG_OUT_RESULTS_XLSX_H
#define TRYGG_OUT_RESULTS_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/evaluate.h"
#include "util/diag.h"

/* Writes the workbook for ev (borrowed) to path atomically.  0, or -1 with an error
 * in dl. */
int results_xlsx_write(const struct evaluation *ev, const char *path, struct diag_list *dl);
/* The same; direct_rows false writes the analysis sheets cell by cell through
 * libxlsxwriter, the reference the tests compare the whole-row writer with
 * (report/xlsxbook.h). */
int results_xlsx_write_opt(const struct evaluation *ev, const char *path, bool direct_rows,
                           struct diag_list *dl);

#endif
