/*
 * attacker — an independent check of disclosure control: given every set of
 * respondents whose count (and statistics) a run published, and the sets it withheld,
 * how many withheld sets and how many small groups can a reader work out?
 *
 * Written apart from src/lib/eval/disclosure.c on purpose (floating point, GSL):
 * atoms are the respondents with the same membership in every set; a set is derivable
 * when its indicator over the atoms lies in the row space of the published sets (any
 * linear combination of published counts and sums), tested by projecting on an
 * orthonormal basis of that row space (the eigenvectors of MᵀM with a nonzero
 * eigenvalue).  Recovered are: withheld sets with respondents that are derivable, and
 * every union of at most four atoms with 1 … min_cell − 1 respondents that is.
 */
#ifndef TRYGG_TEST_ATTACKER_H
#define TRYGG_TEST_ATTACKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct attack_sets {
    size_t n_resp;     /* respondents 0 .. n_resp − 1 */
    size_t n, alloc;
    uint8_t **member;  /* n sets of n_resp flags */
    bool *published;
    char **label;
};

void attack_init(struct attack_sets *a, size_t n_resp);
void attack_release(struct attack_sets *a);
/* Adds a set (flags copied); returns its index. */
size_t attack_add(struct attack_sets *a, const uint8_t *member, bool published, const char *label);

struct attack_result {
    size_t atoms, small_atoms, rank;
    size_t hidden_sets, hidden_recovered;
    size_t unions_checked, unions_recovered;
    char first[512];   /* what the first recovery was */
};

/* Runs the attack; returns the number of recoveries (hidden_recovered + unions_recovered). */
size_t attack_run(const struct attack_sets *a, int min_cell, struct attack_result *out);

#endif
