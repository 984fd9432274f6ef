/*
 * mt19937 — see mt19937.h.  Seeding and twist as GSL's rng/mt.c (1998/2002 versions of
 * Matsumoto and Nishimura's reference code).
 */
#include "stats/mt19937.h"

#define M 397
#define UPPER 0x80000000u
#define LOWER 0x7fffffffu
#define MAGIC(y) (((y) & 1u) ? 0x9908b0dfu : 0u)

void mt19937_init(struct mt19937 *m, unsigned long seed)
{
    if (seed == 0)
        seed = 4357;
    m->mt[0] = (uint32_t)(seed & 0xffffffffUL);
    for (int i = 1; i < MT19937_N; i++)
        m->mt[i] = (uint32_t)(1812433253u * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + (uint32_t)i);
    m->mti = MT19937_N;
}

void mt19937_twist(struct mt19937 *m)
{
    uint32_t *mt = m->mt;
    int kk;
    for (kk = 0; kk < MT19937_N - M; kk++) {
        uint32_t y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
        mt[kk] = mt[kk + M] ^ (y >> 1) ^ MAGIC(y);
    }
    for (; kk < MT19937_N - 1; kk++) {
        uint32_t y = (mt[kk] & UPPER) | (mt[kk + 1] & LOWER);
        mt[kk] = mt[kk + (M - MT19937_N)] ^ (y >> 1) ^ MAGIC(y);
    }
    uint32_t y = (mt[MT19937_N - 1] & UPPER) | (mt[0] & LOWER);
    mt[MT19937_N - 1] = mt[M - 1] ^ (y >> 1) ^ MAGIC(y);
    m->mti = 0;
}
