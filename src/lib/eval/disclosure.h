/*
 * disclosure — the one place that decides which survey cells a run may publish.
 *
 * A cell is a set of respondents (of one survey, answering one question) whose count
 * and statistics a table, chart or results row would publish: a wave in an area, a
 * subgroup before a measure, waves pooled into a period, an area set.  Cells of
 * different tables overlap and nest, so publishing each cell that has at least
 * --min-cell respondents is not enough: a total minus its published parts, or a cell
 * over "Norr + Lilla byn" minus one over "Norr", isolates a small group, and the
 * shares of the two give that group's answers.
 *
 * The model (as τ-ARGUS and sdcTable do for linked tables): the respondents of a
 * universe (survey × question) fall into atoms, the finest partition the registered
 * cells induce (respondents that lie in exactly the same cells).  Each published cell
 * is the indicator vector of its atoms; a reader can derive exactly the counts, sums
 * and shares of the sets whose indicator lies in the row space of the published cells
 * (any linear combination of published n and of published x = share · n).  The rule:
 *
 *   - a cell with 1 … min_cell − 1 respondents is hidden (primary suppression);
 *   - no hidden cell lies in the row space of the published ones, and no union of
 *     atoms with 1 … min_cell − 1 respondents does (so no sum or difference of
 *     published numbers isolates a small group, nor its shares or means);
 *   - complementary cells are hidden, the smallest contributing cell first, until
 *     both hold (secondary suppression).
 * Row spaces are computed exactly, modulo the prime 2^61 − 1 (reduced row echelon
 * form); small unions are found by a meet-in-the-middle search over the atoms with
 * fewer than min_cell respondents, every candidate verified exactly.
 *
 * Use: a run registers every cell it would publish (collecting pass), then
 * disclosure_solve() decides, and a second pass asks again and gets the final answer
 * for each cell (evaluate.c runs the evaluations twice).  Cells are identified by their
 * members, so the same set published by two analyses is one cell.
 */
#ifndef TRYGG_EVAL_DISCLOSURE_H
#define TRYGG_EVAL_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct disclosure;

struct disclosure *disclosure_new(int min_cell);
void disclosure_free(struct disclosure *ds);

/*
 * A cell of `universe` (any string: cells of different universes are never compared)
 * with the respondents `members` (indices, ascending, distinct; n may be 0).  Returns
 * true when the cell's numbers must be withheld: while collecting, when 0 < n <
 * min_cell; after disclosure_solve(), the decision (a cell not seen while collecting
 * is withheld if it has any member).  An empty cell is never withheld: it has nothing
 * to hide.
 */
bool disclosure_cell(struct disclosure *ds, const char *universe, const uint32_t *members,
                     size_t n);

/* Decides which cells are hidden; afterwards disclosure_cell() answers with the
 * decision.  Returns 0. */
int disclosure_solve(struct disclosure *ds);
bool disclosure_solved(const struct disclosure *ds);

struct disclosure_stats {
    size_t universes, cells, atoms;
    size_t primary;     /* hidden because small */
    size_t secondary;   /* hidden so that no small group can be derived */
    size_t unknown;     /* asked after solving but not seen while collecting (hidden) */
    size_t rounds;      /* elimination rounds */
    bool exhaustive;    /* every union of small atoms below min_cell was checked */
};
void disclosure_get_stats(const struct disclosure *ds, struct disclosure_stats *st);

/*
 * Writes every cell, for an independent audit (tests): one line per cell,
 *   universe-index <TAB> hidden(0/1) <TAB> n <TAB> member,member,...
 * preceded by "# universe <index> <key>" lines.
 */
void disclosure_audit(const struct disclosure *ds, FILE *f);

#endif
