/*
 * stats — the statistics layer: pure functions over plain arrays, on GSL.
 *
 * Nothing here touches the database or prints.  Call stats_init() once before using
 * any method: it turns off GSL's default error handler (which calls abort()), so
 * every GSL failure comes back as a status code that the methods turn into a
 * stat_result with a message.
 */
#ifndef TRYGG_STATS_STATS_H
#define TRYGG_STATS_STATS_H

void stats_init(void);

#endif
