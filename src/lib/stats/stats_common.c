/*
 * stats_common — see stats_common.h.
 */
#include "stats/stats_common.h"

#include <math.h>

bool stats_check_conf(struct stat_result *r, double conf_level)
{
    if (!(conf_level > 0 && conf_level < 1)) {
        stat_result_failx(r, STAT_INVALID_INPUT, STAT_R_CONF_LEVEL_GOT, conf_level, NAN, NAN);
        return false;
    }
    return true;
}
