/*
 * asof — see asof.h.
 */
#include "eval/asof.h"

#include <stdlib.h>
#include <string.h>

#include "eval/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct date asof_last_month(struct date d)
{
    struct date m = {d.year, d.month, 0};
    if (d.day < date_days_in_month(d.year, d.month)) {
        if (--m.month < 1) {
            m.month = 12;
            m.year--;
        }
    }
    return m;
}

bool asof_wave_fielded(const struct survey_data *d, int w, struct date *out)
{
    const struct survey_wave *wv = &d->waves[w];
    if (wv->year <= 0)
        return false;
    int month = 12, day = 31;
    /* the codebook version the wave's respondents were imported with */
    if (d->wave_begin && d->wave_begin[w] < d->wave_end[w]) {
        const struct codebook *cb = d->codebooks[d->version[d->wave_begin[w]]];
        if (cb->fieldwork_month) {
            month = cb->fieldwork_month;
            day = cb->fieldwork_day;
            if (day > date_days_in_month(wv->year, month))
                day = date_days_in_month(wv->year, month);
        }
    }
    out->year = wv->year;
    out->month = month;
    out->day = day;
    return true;
}

/* The items of `in` fielded by `when`; the left-out ones are added to `gone`. */
static char **filter_waves(const struct survey_data *d, const struct name_list *in,
                           struct date when, size_t *n_out, struct strbuf *gone)
{
    char **out = xcalloc(in->n ? in->n : 1, sizeof(char *));
    *n_out = 0;
    for (size_t i = 0; i < in->n; i++) {
        int w = survey_wave_index(d, in->items[i]);
        struct date f;
        if (w >= 0 && asof_wave_fielded(d, w, &f) && date_compare(f, when) > 0) {
            strbuf_addf(gone, "%s%s", gone->len ? ", " : "", in->items[i]);
            continue;
        }
        out[(*n_out)++] = in->items[i];
    }
    return out;
}

int asof_view_make(struct eval_ctx *c, const struct outcome *o, struct date when,
                   struct asof_view *v)
{
    memset(v, 0, sizeof(*v));
    v->o = *o;
    char day[16];
    date_format(when, day, sizeof(day));
    if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND || o->kind == OUTCOME_COMPARE ||
        o->kind == OUTCOME_DESCRIBE) {
        struct survey_data *d = o->survey ? eval_survey(c, o->survey) : NULL;
        if (!d)
            return o->survey ? -1 : 0;
        struct strbuf gone = STRBUF_INIT;
        size_t n;
        v->before = filter_waves(d, &o->before, when, &n, &gone);
        v->o.before.items = v->before;
        v->o.before.n = n;
        v->after = filter_waves(d, &o->after, when, &n, &gone);
        v->o.after.items = v->after;
        v->o.after.n = n;
        if (o->kind == OUTCOME_TREND || o->kind == OUTCOME_COMPARE ||
            o->kind == OUTCOME_DESCRIBE) {
            /* no list = every wave: list those fielded by the date */
            struct name_list all = {NULL, 0, o->line};
            if (!o->waves.n) {
                all.items = xcalloc(d->n_waves ? d->n_waves : 1, sizeof(char *));
                for (size_t w = 0; w < d->n_waves; w++)
                    all.items[all.n++] = d->waves[w].label;
            }
            v->waves = filter_waves(d, o->waves.n ? &o->waves : &all, when, &n, &gone);
            v->o.waves.items = v->waves;
            v->o.waves.n = n;
            v->o.no_wave = n == 0;
            free(all.items);
        }
        if (gone.len) {
            struct strbuf sb = STRBUF_INIT;
            bool one = !strchr(gone.buf, ',');
            strbuf_addf(&sb,
                        one ? L(c, "Som det såg ut %s: vågen %s var inte genomförd då och ingår inte.",
                                "As of %s: the wave %s had not been fielded then and is left out.")
                            : L(c, "Som det såg ut %s: vågorna %s var inte genomförda då och ingår "
                                   "inte.",
                                "As of %s: the waves %s had not been fielded then and are left out."),
                        day, gone.buf);
            if (o->kind == OUTCOME_SURVEY && o->after.n && !v->o.after.n)
                strbuf_addf(&sb, " %s",
                            L(c, "Ingen våg efter starten var genomförd då, så förändringen kan "
                                 "inte skattas för det datumet.",
                              "No wave after the start had been fielded then, so the change "
                              "cannot be estimated as of that date."));
            v->note = strbuf_detach(&sb);
        }
        strbuf_release(&gone);
        return 0;
    }
    /* counts: the months complete by the date */
    struct date last = asof_last_month(when);
    if (!o->has_to || date_compare(last, o->to) < 0) {
        v->o.has_to = true;
        v->o.to = last;
        char m[16];
        date_format(last, m, sizeof(m));
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb,
                    L(c, "Som det såg ut %s: bara månader till och med %s ingår.",
                      "As of %s: only the months up to %s are used."),
                    day, m);
        v->note = strbuf_detach(&sb);
    }
    return 0;
}

void asof_view_release(struct asof_view *v)
{
    free(v->before);
    free(v->after);
    free(v->waves);
    free(v->note);
    memset(v, 0, sizeof(*v));
}
