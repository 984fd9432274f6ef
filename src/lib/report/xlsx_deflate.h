/*
 * xlsx_deflate — results.xlsx compressed at zlib level 1 instead of libxlsxwriter's
 * fixed default level 6 (a third of the deflate time for a ~20 % larger file), and on
 * both cores (blocks deflated two at a time); the workbook's XML is unchanged.  How,
 * and why it needs no patched library: xlsx_deflate.c.
 */
#ifndef TRYGG_REPORT_XLSX_DEFLATE_H
#define TRYGG_REPORT_XLSX_DEFLATE_H

#include <stdbool.h>

/* The level every part of a workbook is deflated at. */
#define XLSX_DEFLATE_LEVEL 1

/* True if the level above is in force (minizip's function was found behind ours).
 * xlsxbook_new() calls it, which also links this file into every program that writes
 * a workbook. */
bool xlsx_deflate_fast(void);

#endif
