/*
 * incident_data — see incident_data.h.
 */
#include "eval/incident_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store/obsblock.h"
#include "store/series_read.h"
#include "util/strmap.h"
#include "util/xalloc.h"

void name_set_join(const struct name_set *s, struct strbuf *out)
{
    for (size_t i = 0; i < s->n; i++)
        strbuf_addf(out, "%s%s", i ? " + " : "", s->names[i]);
}

struct acc {
    double count;
    double exposure;
    unsigned members;  /* member series with this period */
    unsigned with_exposure;
};

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void note_import(struct series_data *s, long long id)
{
    for (size_t k = 0; k < s->n_imports; k++)
        if (s->imports[k] == id)
            return;
    s->imports = xrealloc(s->imports, (s->n_imports + 1) * sizeof(*s->imports));
    s->imports[s->n_imports++] = id;
}

int series_load(struct store *st, const struct name_set *areas, const struct name_set *categories,
                bool daily, const struct date *from, const struct date *to,
                struct series_data *out, struct diag_list *dl)
{
    memset(out, 0, sizeof(*out));
    out->daily = daily;
    struct series_reader rd;
    if (series_reader_open(&rd, st, dl) != 0) {
        series_reader_close(&rd);
        return -1;
    }
    /* per area: does any category of this area carry exposure?  Exposure (population)
     * is a property of the area, so it is added across areas, not categories. */
    struct strmap periods = STRMAP_INIT; /* day number -> index into accs */
    struct acc *accs = NULL;
    size_t n_acc = 0, alloc_acc = 0;
    long *days = NULL;
    size_t alloc_days = 0;
    struct strbuf lsv = STRBUF_INIT, len_ = STRBUF_INIT;
    struct obs_set set;
    obs_set_init(&set, false);
    int result = 0;
    for (size_t c = 0; c < categories->n; c++) {
        for (size_t a = 0; a < areas->n; a++) {
            struct series_info info;
            int rc = series_reader_find(&rd, areas->names[a], categories->names[c],
                                        daily ? "day" : "month", &info, dl);
            if (rc != 1) {
                if (rc != 0)
                    result = -1;
                continue;
            }
            long long sid = info.id;
            const char *det = info.detection;
            if (!out->detection)
                out->detection = xstrdup(det);
            else if (strcmp(out->detection, det)) {
                free(out->detection);
                out->detection = xstrdup("mixed");
            }
            if (a == 0) {
                strbuf_addf(&lsv, "%s%s", c ? " + " : "", info.label_sv);
                strbuf_addf(&len_, "%s%s", c ? " + " : "", info.label_en);
            }
            out->n_members++;
            if (series_reader_load(&rd, sid, &set, dl) != 0) {
                result = -1;
                continue;
            }
            enum date_kind kind = daily ? DATE_DAY : DATE_MONTH;
            for (size_t i = 0; i < set.n; i++) {
                struct date d = obs_period_decode(kind, set.period[i]);
                if (from && date_month_index(d) < date_month_index(*from))
                    continue;
                if (to && date_month_index(d) > date_month_index(*to))
                    continue;
                long day = date_to_days(d);
                char key[24];
                int kl = snprintf(key, sizeof(key), "%ld", day);
                int64_t idx;
                if (!strmap_get(&periods, key, (size_t)kl, &idx)) {
                    accs = xgrow(accs, sizeof(*accs), n_acc + 1, &alloc_acc);
                    memset(&accs[n_acc], 0, sizeof(*accs));
                    days = xgrow(days, sizeof(*days), n_acc + 1, &alloc_days);
                    days[n_acc] = day;
                    idx = (int64_t)n_acc++;
                    strmap_put(&periods, key, (size_t)kl, idx);
                }
                note_import(out, set.import_id[i]);
                struct acc *ac = &accs[idx];
                ac->count += (double)set.count[i];
                ac->members++;
                /* exposure: once per area (the first category with it) */
                if (c == 0 && !isnan(set.exposure[i])) {
                    ac->exposure += set.exposure[i];
                    ac->with_exposure++;
                }
            }
        }
    }
    series_reader_close(&rd);
    obs_set_release(&set);
    if (result || !n_acc) {
        if (!result)
            result = 1;
        goto out;
    }
    /* order the periods */
    long *sorted = xmalloc(n_acc * sizeof(*sorted));
    memcpy(sorted, days, n_acc * sizeof(*sorted));
    qsort(sorted, n_acc, sizeof(*sorted), cmp_long);
    unsigned members = (unsigned)out->n_members;
    unsigned areas_with_exposure_needed = (unsigned)areas->n;
    bool all_exposure = true;
    out->period = xmalloc(n_acc * sizeof(*out->period));
    out->day = xmalloc(n_acc * sizeof(*out->day));
    out->count = xmalloc(n_acc * sizeof(*out->count));
    double *expo = xmalloc(n_acc * sizeof(*expo));
    size_t n = 0;
    for (size_t k = 0; k < n_acc; k++) {
        char key[24];
        int kl = snprintf(key, sizeof(key), "%ld", sorted[k]);
        int64_t idx;
        strmap_get(&periods, key, (size_t)kl, &idx);
        struct acc *ac = &accs[idx];
        if (ac->members < members) {
            /* a member series lacks this period: not a complete sum */
            out->missing_inside++;
            continue;
        }
        struct date d = date_from_days(sorted[k]);
        if (!daily)
            d.day = 0;
        out->period[n] = d;
        out->day[n] = sorted[k];
        out->count[n] = ac->count;
        expo[n] = ac->exposure;
        if (ac->with_exposure < areas_with_exposure_needed)
            all_exposure = false;
        n++;
    }
    out->n = n;
    if (!daily && n > 1) {
        long span = date_month_index(out->period[n - 1]) - date_month_index(out->period[0]) + 1;
        if (span > (long)n)
            out->missing_inside += (size_t)(span - (long)n);
    }
    if (all_exposure && n)
        out->exposure = expo;
    else
        free(expo);
    free(sorted);
    out->label_sv = strbuf_detach(&lsv);
    out->label_en = strbuf_detach(&len_);
out:
    strbuf_release(&lsv);
    strbuf_release(&len_);
    strmap_release(&periods);
    free(accs);
    free(days);
    return result;
}

void series_release(struct series_data *s)
{
    free(s->period);
    free(s->day);
    free(s->count);
    free(s->exposure);
    free(s->detection);
    free(s->label_sv);
    free(s->label_en);
    free(s->imports);
    memset(s, 0, sizeof(*s));
}

size_t series_index_at(const struct series_data *s, struct date d)
{
    long day = date_to_days(d);
    if (!s->daily) {
        struct date first = d;
        first.day = 1;
        day = date_to_days(first);
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->day[i] >= day)
            return i;
    return s->n;
}
