/*
 * resample — see resample.h.
 */
#include "eval/resample.h"

unsigned long eval_boot_seed(unsigned long seed, uint64_t k)
{
    uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ULL * k;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    /* GSL's MT19937 uses the low 32 bits and treats 0 as "default": avoid both
     * collapsing two runs and the default */
    unsigned long s = (unsigned long)(z & 0xFFFFFFFFULL);
    return s ? s : 1;
}

struct boot_options eval_boot_options(struct eval_ctx *c)
{
    c->n_bootstraps++;
    struct boot_options o = {.replicates = EVAL_BOOT_REPLICATES,
                             .seed = eval_boot_seed(c->opt->seed, c->n_bootstraps),
                             .conf_level = c->conf};
    return o;
}
