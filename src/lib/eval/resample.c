/*
 * resample — see resample.h.
 */
#include "eval/resample.h"

#include "eval/reason.h"

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

bool eval_boot_apply(const struct boot_result *br, const struct boot_options *bo,
                     struct stat_result *r, struct strbuf *note)
{
    const struct stat_result *iv = stat_ok(&br->bca) ? &br->bca : &br->perc;
    if (!stat_ok(iv)) {
        strbuf_addf(note, "; no bootstrap interval: %s", stat_why_text("en", iv));
        return false;
    }
    r->std_error = iv->std_error;
    r->conf_level = iv->conf_level;
    r->conf_low = iv->conf_low;
    r->conf_high = iv->conf_high;
    strbuf_addf(note, "; %s bootstrap interval, %zu replicates (seed %lu)",
                iv == &br->bca ? "BCa" : "percentile", bo->replicates, bo->seed);
    if (iv != &br->bca)
        strbuf_addf(note, ", as BCa is not defined here: %s", stat_why_text("en", &br->bca));
    if (stat_has_why(iv))
        strbuf_addf(note, "; %s", stat_why_text("en", iv));
    return true;
}

struct boot_options eval_boot_options(struct eval_ctx *c)
{
    c->n_bootstraps++;
    struct boot_options o = {.replicates = EVAL_BOOT_REPLICATES,
                             .seed = eval_boot_seed(c->opt->seed, c->n_bootstraps),
                             .conf_level = c->conf};
    return o;
}
