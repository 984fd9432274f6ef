/*
 * mt19937 — the Mersenne Twister (Matsumoto & Nishimura 1998) exactly as GSL's
 * gsl_rng_mt19937: the same seeding (gsl_rng_set; seed 0 means 4357) and the same
 * stream of 32-bit words, and mt19937_uniform() = gsl_rng_uniform() (a word / 2^32).
 * Inline, so that the bootstrap's inner loops (stats/multinom.h) do not pay GSL's call
 * through a function pointer per uniform (about half the cost of a table draw).
 * tests/unit/test_stats_multinom.c checks the stream word for word against GSL's.
 */
#ifndef TRYGG_STATS_MT19937_H
#define TRYGG_STATS_MT19937_H

#include <stdint.h>

#define MT19937_N 624

struct mt19937 {
    uint32_t mt[MT19937_N];
    int mti; /* next word; MT19937_N: twist first */
};

/* Seeds as gsl_rng_set(r, seed) does for gsl_rng_mt19937. */
void mt19937_init(struct mt19937 *m, unsigned long seed);

/* The next MT19937_N words (internal; mt19937_next calls it). */
void mt19937_twist(struct mt19937 *m);

static inline uint32_t mt19937_next(struct mt19937 *m)
{
    if (m->mti >= MT19937_N)
        mt19937_twist(m);
    uint32_t k = m->mt[m->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680u;
    k ^= (k << 15) & 0xefc60000u;
    k ^= k >> 18;
    return k;
}

/* A uniform in [0, 1) with 32 bits, as gsl_rng_uniform. */
static inline double mt19937_uniform(struct mt19937 *m)
{
    return mt19937_next(m) / 4294967296.0;
}

#endif
