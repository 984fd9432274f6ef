/*
 * daykind — see daykind.h.
 */
#include "eval/daykind.h"

#include <string.h>

#include "util/date.h"
#include "util/holidays.h"

static bool is_extra_day(const struct outcome *o, long day)
{
    for (size_t i = 0; i < o->extra_days.n; i++) {
        struct date d;
        const char *s = o->extra_days.items[i];
        if (date_parse(s, strlen(s), &d) == DATE_DAY && date_to_days(d) == day)
            return true;
    }
    return false;
}

bool daykind_flagged(const struct outcome *o, long day)
{
    struct date d = date_from_days(day);
    enum holiday_kind k = holiday_se(d.year, d.month, d.day, NULL);
    bool eves = o->days && !strcmp(o->days, "holidays+eves");
    if (k == HOLIDAY_PUBLIC || (eves && k == HOLIDAY_EVE))
        return true;
    return is_extra_day(o, day);
}

/* Monday = 1 .. Sunday = 7; 1970-01-01 was a Thursday. */
static int weekday(long day)
{
    long w = (day + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

bool daykind_comparison(const struct outcome *o, long day)
{
    if (daykind_flagged(o, day))
        return false;
    switch (o->comparison_days) {
    case COMPARE_WEEKENDS:
        return weekday(day) >= 6;
    case COMPARE_OTHER_DAYS:
        return true;
    case COMPARE_SAME_WEEKDAY:
        return daykind_flagged(o, day - 7) || daykind_flagged(o, day + 7);
    }
    return false;
}

const char *daykind_comparison_words(enum comparison_days k, bool sv)
{
    switch (k) {
    case COMPARE_WEEKENDS:
        return sv ? "lördagar och söndagar som inte är röda dagar"
                  : "Saturdays and Sundays that are not holidays";
    case COMPARE_OTHER_DAYS:
        return sv ? "alla övriga dagar" : "all other days";
    case COMPARE_SAME_WEEKDAY:
        return sv ? "samma veckodag en vecka före och en vecka efter varje röd dag"
                  : "the same weekday one week before and one week after each holiday";
    }
    return "";
}

const char *daykind_comparison_short(enum comparison_days k, bool sv)
{
    switch (k) {
    case COMPARE_WEEKENDS:
        return sv ? "Helger" : "Weekends";
    case COMPARE_OTHER_DAYS:
        return sv ? "Övriga dagar" : "Other days";
    case COMPARE_SAME_WEEKDAY:
        return sv ? "Samma veckodag" : "Same weekday";
    }
    return "";
}

const char *daykind_comparison_key(enum comparison_days k)
{
    switch (k) {
    case COMPARE_WEEKENDS:
        return "weekends";
    case COMPARE_OTHER_DAYS:
        return "other";
    case COMPARE_SAME_WEEKDAY:
        return "same_weekday";
    }
    return "";
}
