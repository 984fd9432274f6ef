/* analyze_survey — TEMPORARY placeholder while the analysis is written. */
#include "eval/context.h"

int analyze_survey(struct eval_ctx *c, const struct outcome *o)
{
    (void)c;
    (void)o;
    return 0;
}
