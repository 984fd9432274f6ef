/*
 * count_common — see count_common.h.
 */
#include "eval/reason.h"
#include "eval/count_common.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "eval/format.h"
#include "store/category.h"
#include "util/xalloc.h"

struct result_row *count_row(struct eval_ctx *c, const char *analysis, const char *outcome,
                             const char *group, const char *method, const char *term,
                             const struct stat_result *r)
{
    if (stat_ok(r))
        return results_add(c->res, analysis, outcome, group, method, term, r, NULL);
    struct strbuf note = STRBUF_INIT;
    strbuf_addf(&note, "%s: %s", stat_status_name(r->status),
                stat_has_why(r) ? stat_why_text("en", r) : "could not be estimated");
    struct result_row *row = results_add(c->res, analysis, outcome, group, method, term, r,
                                         note.buf);
    strbuf_release(&note);
    return row;
}

void count_row_failed(struct eval_ctx *c, const char *analysis, const char *outcome,
                      const char *group, const char *method, const char *term,
                      enum stat_reason why)
{
    /* a reason of the evaluation's own: a code like any statistic's, so results.csv
     * carries it in `reason` (and the note in English, whatever the report language) */
    struct stat_result r;
    stat_result_init(&r);
    stat_result_fail(&r, STAT_NOT_ESTIMABLE, why);
    count_row(c, analysis, outcome, group, method, term, &r);
}

/* A key as words: "car_fires" -> "Car fires", "ordningsstorning" -> "Ordningsstorning"
 * (a key names no diacritics; the label table below gives them where known). */
static void readable_key(const char *key, struct strbuf *sb)
{
    for (const char *p = key; *p; p++) {
        char ch = *p == '_' || *p == '-' ? ' ' : *p;
        if (p == key && ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 32);
        strbuf_addch(sb, ch);
    }
}

static bool has_star(const struct name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], "*"))
            return true;
    return false;
}

/* The derived titles, each kept once for the run (a pure function of the outcome's
 * categories, area and language: a title printed in a heading, a chart and the
 * summary must outlive the format rings, and equal keys give equal text). */
static char **titles;
static size_t n_titles;

static const char *intern(const char *s)
{
    for (size_t i = 0; i < n_titles; i++)
        if (!strcmp(titles[i], s))
            return titles[i];
    titles = xrealloc(titles, (n_titles + 1) * sizeof(*titles));
    titles[n_titles] = xstrdup(s);
    return titles[n_titles++];
}

const char *count_title(const struct eval_ctx *c, const struct outcome *o, const char *fallback)
{
    const char *t = L(c, o->title_sv, o->title_en);
    if (t && *t)
        return t;
    /* no title: the categories' labels (store/category.h) or their keys as words, and
     * the target area, never the raw key ("bilbrand") or the section id */
    if (!o->categories.n || has_star(&o->categories))
        return fallback && *fallback ? fallback : o->id;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < o->categories.n; i++) {
        const char *key = o->categories.names[i];
        struct category_default d = category_defaults(key, strlen(key));
        const char *label = L(c, d.label_sv, d.label_en);
        if (i)
            strbuf_addstr(&sb, " + ");
        if (label && *label)
            strbuf_addstr(&sb, label);
        else
            readable_key(key, &sb);
    }
    if (o->area.n && !has_star(&o->area)) {
        strbuf_addstr(&sb, L(c, " i ", " in "));
        for (size_t i = 0; i < o->area.n; i++)
            strbuf_addf(&sb, "%s%s", i ? " + " : "", o->area.names[i]);
    }
    const char *r = intern(sb.buf);
    strbuf_release(&sb);
    return r;
}

void count_anchor(struct strbuf *out, const char *prefix, const char *id)
{
    strbuf_addf(out, "%s-", prefix);
    for (const char *p = id; *p; p++) {
        char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            strbuf_addch(out, ch);
        else if (ch >= 'A' && ch <= 'Z')
            strbuf_addch(out, ch + 32);
        else
            strbuf_addch(out, '-');
    }
}

static void cells(const struct eval_ctx *c, const struct stat_result *r, int decimals,
                  struct estimate_cells *out)
{
    static const char dash[] = "\xe2\x80\x93";
    bool ok = stat_ok(r);
    /* one count of decimals for an estimate and its bounds: three significant digits of
     * the smallest ("2,520 (0,490 till 16,214)"; each its own read "2,52" beside
     * "0,490 till 16,214") */
    if (decimals < 0 && ok && !isnan(r->conf_low) && !isnan(r->conf_high))
        decimals = fmt_common_decimals(r->estimate, r->conf_low, r->conf_high, 3);
    if (!ok)
        snprintf(out->est, sizeof(out->est), "%s", dash);
    else
        snprintf(out->est, sizeof(out->est), "%s",
                 decimals < 0 ? fmt_sig(c->lang, r->estimate, 3)
                              : fmt_num(c->lang, r->estimate, decimals));
    if (ok && !isnan(r->conf_low) && !isnan(r->conf_high) && decimals < 0)
        snprintf(out->ci, sizeof(out->ci), "%s",
                 fmt_ci(c->lang, r->conf_low, r->conf_high, 3, 0));
    else if (ok && !isnan(r->conf_low) && !isnan(r->conf_high))
        snprintf(out->ci, sizeof(out->ci), "%s %s %s", fmt_num(c->lang, r->conf_low, decimals),
                 L(c, "till", "to"), fmt_num(c->lang, r->conf_high, decimals));
    else
        snprintf(out->ci, sizeof(out->ci), "%s", dash);
    snprintf(out->p, sizeof(out->p), "%s", ok ? fmt_p(c->lang, r->p_value) : dash);
    snprintf(out->note, sizeof(out->note), "%s", stat_why_text(c->lang, r));
}

void count_cells(const struct eval_ctx *c, const struct stat_result *r,
                 struct estimate_cells *out)
{
    cells(c, r, -1, out);
}

void count_cells_fixed(const struct eval_ctx *c, const struct stat_result *r, int decimals,
                       struct estimate_cells *out)
{
    cells(c, r, decimals, out);
}

char *count_outcome_label(const struct name_set *categories)
{
    struct strbuf sb = STRBUF_INIT;
    name_set_join(categories, &sb);
    return strbuf_detach(&sb);
}

void count_day_text(long day, char buf[16])
{
    date_format(date_from_days(day), buf, 16);
}

const char *count_detection(const struct outcome *o, const struct series_data *s)
{
    if (o->detection)
        return o->detection;
    return s && s->detection ? s->detection : "unknown";
}
