/*
 * sampledoc — a report with every block kind and every chart kind, for the tests of
 * the writers in src/lib/report (unit tests and the headless-browser test).  Every text
 * in it contains `hostile` (NULL: plain Swedish texts), so a test can check that each
 * block kind escapes it.
 */
#ifndef TRYGG_TEST_SAMPLEDOC_H
#define TRYGG_TEST_SAMPLEDOC_H

#include "eval/doc.h"

/* Returns a new doc (free with doc_free). */
struct doc *sample_doc(const char *lang, const char *hostile);

#endif
