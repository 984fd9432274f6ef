/*
 * stats_common — small checks shared by the statistics modules of part 1
 * (twogroup, descriptive, survey, trend, power, reliability, bootstrap).
 * Internal: not part of the public statistics API.
 */
#ifndef TRYGG_STATS_COMMON_H
#define TRYGG_STATS_COMMON_H

#include <stdbool.h>

#include "stats/result.h"

/* True if 0 < conf_level < 1; otherwise fails r with STAT_INVALID_INPUT. */
bool stats_check_conf(struct stat_result *r, double conf_level);

#endif
