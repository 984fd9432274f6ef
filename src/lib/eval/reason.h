/*
 * reason — a statistic's reason (stats/result.h: a stable code with typed arguments)
 * in words, Swedish or English.
 *
 * The statistics library never writes text; this is where its reasons, and the
 * evaluation's own (STAT_REASONS_EVAL), become sentences a report can print.  Each
 * code has one Swedish and one English template; placeholders take the reason's
 * arguments and format numbers as the report language does (eval/format.h):
 *
 *   {0} {1} {2}    num[k]: a whole number as "1 234" / "1,234", else 4 significant digits
 *   {0.2}          num[k] with exactly that many decimals
 *   {0%}           num[k], a share 0..1, as percent ("12 %" / "12%")
 *   {0:a|b|c}      the option num[k] picks (0, 1, 2, ...; the last for larger values):
 *                  before/after, singular/plural
 *   {s}            the name argument (a name from the data); {s0}, {s1}, ... its fields
 *                  separated by '\x1f'
 *   {r0}           the text of the reason whose code is num[k] (without its arguments)
 *   {g0}           a group of a two-group test: num[k] 0 before, 1 after, 2 this one
 *                  ("the after group" / "gruppen efter"), or, when the name holds the
 *                  two groups' names (after '\x1f' before), the group by its name
 *
 * results.csv and run.json carry the code's machine name (stat_reason_name) and the
 * English text, the same whatever the report language.
 */
#ifndef TRYGG_EVAL_REASON_H
#define TRYGG_EVAL_REASON_H

#include <stdbool.h>

#include "stats/result.h"
#include "util/strbuf.h"

/* Appends the reason in `lang` ("en", else Swedish, as eval/format.h); nothing for none. */
void reason_append(struct strbuf *out, const char *lang, const struct stat_why *why);
/* The same in a ring string (eval/format.h: valid for FORMAT_RING further calls,
 * at most 1023 bytes); "" for none. */
const char *reason_text(const char *lang, const struct stat_why *why);
/* A result's reason (r->why): reason_text(lang, &r->why). */
const char *stat_why_text(const char *lang, const struct stat_result *r);
/* The template of a code in `lang`, or NULL if it has none (for tests). */
const char *reason_template(enum stat_reason code, const char *lang);
/* Checks a template's placeholders: false, with the offending text in *bad, when one is
 * not in the grammar above (for tests). */
bool reason_template_valid(const char *tmpl, const char **bad);

#endif
