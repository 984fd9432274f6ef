/* analyze_trend — TEMPORARY placeholder while the analysis is written. */
#include "eval/context.h"

int analyze_trend(struct eval_ctx *c, const struct outcome *o)
{
    (void)c;
    (void)o;
    return 0;
}
