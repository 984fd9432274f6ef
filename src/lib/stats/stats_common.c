/*
 * stats_common — see stats_common.h.
 */
#include "stats/stats_common.h"

#include <math.h>

bool stats_check_conf(struct stat_result *r, double conf_level)
{
    if (!(conf_level > 0 && conf_level < 1)) {
        stat_result_fail(r, STAT_INVALID_INPUT,
                         "the confidence level must be between 0 and 1 (got %g)", conf_level);
        return false;
    }
    return true;
}
