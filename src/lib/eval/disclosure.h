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
 *
 * Classes.  A cell of a million-respondent survey need not list its respondents: when
 * every cell of a universe is a union of classes — respondents that share a key, e.g.
 * (wave, area, codebook version, answer code) — the universe holds the classes (key,
 * count, first respondent) and each cell the classes it unites.  The atoms are then
 * unions of classes, the same partition as the respondents' lists give, numbered in the
 * same order (by first respondent), so the decision is the same.  A universe is made of
 * respondent lists or of classes; disclosure_universe_to_rows() turns one of classes
 * into one of lists when a cell that is not a union of its classes comes (the caller
 * gives each class's respondents).
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

/* ---------------------------------------------------------------- classes */

#define DISCLOSURE_KEY 4

/* Whether `universe` may take cells of classes (it has no respondent lists). */
bool disclosure_classes_ok(struct disclosure *ds, const char *universe);
/* Whether `universe` may take classes whose keys were made with `tag` (a caller's
 * description of how it makes keys, e.g. which codes they hold): true when it has no
 * classes yet (its classes will be made with `tag`) or has classes made with the same
 * tag; false when it holds respondent lists or classes made with another tag. */
bool disclosure_classes_tag(struct disclosure *ds, const char *universe, const char *tag);
/* The tag of the classes of `universe`, or NULL when it has none. */
const char *disclosure_class_tag(struct disclosure *ds, const char *universe);
/* Whether `universe` is made of classes (has some). */
bool disclosure_has_classes(struct disclosure *ds, const char *universe);
/* The index of the class with `key` (DISCLOSURE_KEY numbers) of `universe`, made with
 * `count` respondents, the first of which is `first`, when new.  SIZE_MAX when the
 * universe holds respondent lists, count is 0, or the class was made before with
 * another count or first respondent (a caller error). */
size_t disclosure_class(struct disclosure *ds, const char *universe, const int64_t *key,
                        uint32_t count, uint32_t first);
/* How many classes `universe` has. */
size_t disclosure_n_classes(struct disclosure *ds, const char *universe);
/* The index of the class with `key`, or SIZE_MAX. */
size_t disclosure_class_find(struct disclosure *ds, const char *universe, const int64_t *key);
/* disclosure_cell() for the cell that unites the classes ids[0..n_ids) (ascending,
 * distinct, from disclosure_class()). */
bool disclosure_cell_classes(struct disclosure *ds, const char *universe, const uint32_t *ids,
                             size_t n_ids);
/* Turns a universe of classes into one of respondent lists: class k's respondents are
 * rows[start[k] .. start[k + 1]) (start has one entry per class and one more).  Every
 * decision stays.  Returns 0, or -1 (nothing changed) when a class's count differs. */
int disclosure_universe_to_rows(struct disclosure *ds, const char *universe,
                                const size_t *start, const uint32_t *rows);

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
