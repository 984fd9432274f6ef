/*
 * spec — see spec.h and docs/analysis.md.
 *
 * The file is read into sections by data/inifile (libinih underneath); each section
 * type has a table of the keys it takes.  Values are parsed here, names are checked
 * against the database in spec_check().
 */
#include "eval/spec.h"
#include "eval/survey_numeric.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "data/inifile.h"
#include "eval/package.h"
#include "store/catalog.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ small parsers */

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static void split(const char *value, char sep, char ***items, size_t *n)
{
    *items = NULL;
    *n = 0;
    const char *p = value;
    for (;;) {
        const char *end = strchr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        text_trim(&s, &len);
        *items = xrealloc(*items, (*n + 1) * sizeof(**items));
        (*items)[(*n)++] = xstrndup(s, len);
        if (!end)
            break;
        p = end + 1;
    }
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

struct ctx {
    struct ini_file *f;
    struct diag_list *dl;
    struct spec *spec;
};

static void err(struct ctx *c, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void err(struct ctx *c, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->dl, DIAG_ERROR, c->f->path, line, 0, fmt, ap);
    va_end(ap);
}

/* Splits key's value at sep into *items (n of them, each trimmed) and sets *line; an
 * empty one is an error ("key: an empty <what> in 'value'").  False when the key is
 * absent. */
static bool get_split(struct ctx *c, struct ini_section *s, const char *key, char sep,
                      const char *what, char ***items, size_t *n, long *line)
{
    struct ini_entry *e = ini_get(s, key);
    if (!e)
        return false;
    split(e->value, sep, items, n);
    *line = e->line;
    if (*n > SPEC_MAX_ITEMS) { /* refused; the first ones kept, so the checks stay short */
        err(c, e->line, "%s: %zu names; at most %d in one list", key, *n, SPEC_MAX_ITEMS);
        for (size_t i = SPEC_MAX_ITEMS; i < *n; i++)
            free((*items)[i]);
        *n = SPEC_MAX_ITEMS;
        return true;
    }
    for (size_t i = 0; i < *n; i++)
        if (!*(*items)[i]) {
            err(c, e->line, "%s: an empty %s in '%s'", key, what, e->value);
            break;
        }
    return true;
}

/* A '+' set of names (areas, categories). */
static bool get_set(struct ctx *c, struct ini_section *s, const char *key, struct name_set *out)
{
    return get_split(c, s, key, '+', "name", &out->names, &out->n, &out->line);
}

/* A comma-separated list (questions, waves, groupings). */
static bool get_list(struct ctx *c, struct ini_section *s, const char *key, struct name_list *out)
{
    return get_split(c, s, key, ',', "item", &out->items, &out->n, &out->line);
}

/* Which of names[0 .. n) key's value is: its index, or -1 when the key is absent or
 * (an error at its line: "key = 'value': expected <expected>") is none of them. */
static int get_choice(struct ctx *c, struct ini_section *s, const char *key,
                      const char *const *names, size_t n, const char *expected)
{
    struct ini_entry *e = ini_get(s, key);
    if (!e)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e->value, names[i]))
            return (int)i;
    err(c, e->line, "%s = '%s': expected %s", key, e->value, expected);
    return -1;
}

static char *get_str(struct ini_section *s, const char *key)
{
    const char *v = ini_value(s, key);
    return v && *v ? xstrdup(v) : NULL;
}

static bool get_date(struct ctx *c, struct ini_section *s, const char *key, enum date_kind want,
                     struct date *out, long *line)
{
    struct ini_entry *e = ini_get(s, key);
    if (!e)
        return false;
    enum date_kind k = date_parse(e->value, strlen(e->value), out);
    if (k != want) {
        if (date_outside_range(e->value, strlen(e->value)) == want)
            err(c, e->line, "%s = '%s': outside the %s trygg reads (%s)", key, e->value,
                want == DATE_DAY ? "dates" : "months",
                want == DATE_DAY ? DATE_RANGE_DAYS : DATE_RANGE_MONTHS);
        else
            err(c, e->line, "%s = '%s': expected a %s on the calendar", key, e->value,
                want == DATE_DAY ? "date YYYY-MM-DD" : "month YYYY-MM");
        return false;
    }
    if (line)
        *line = e->line;
    return true;
}

static bool get_bool(struct ctx *c, struct ini_section *s, const char *key, bool dflt)
{
    struct ini_entry *e = ini_get(s, key);
    if (!e)
        return dflt;
    const char *v = e->value;
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "ja"))
        return true;
    if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0") || !strcmp(v, "nej"))
        return false;
    err(c, e->line, "%s = '%s': expected yes or no", key, v);
    return dflt;
}

/* Expands "2015..2018" items of a wave list into the years between. */
static void expand_ranges(struct ctx *c, struct name_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        char *dots = strstr(l->items[i], "..");
        if (!dots)
            continue;
        int64_t a, b;
        if (num_parse_int64(l->items[i], (size_t)(dots - l->items[i]), &a) != NUM_OK ||
            num_parse_int64(dots + 2, strlen(dots + 2), &b) != NUM_OK || b < a || b - a > 200) {
            err(c, l->line, "'%s': a range of waves is written like 2015..2018", l->items[i]);
            continue;
        }
        size_t extra = (size_t)(b - a);
        if (l->n + extra > SPEC_MAX_ITEMS) {
            err(c, l->line, "'%s': more than %d waves in one list", l->items[i], SPEC_MAX_ITEMS);
            return;
        }
        char **items = xcalloc(l->n + extra, sizeof(*items));
        size_t k = 0;
        for (size_t j = 0; j < i; j++)
            items[k++] = l->items[j];
        for (int64_t y = a; y <= b; y++) {
            char buf[24];
            snprintf(buf, sizeof(buf), "%lld", (long long)y);
            items[k++] = xstrdup(buf);
        }
        for (size_t j = i + 1; j < l->n; j++)
            items[k++] = l->items[j];
        free(l->items[i]);
        free(l->items);
        l->items = items;
        i += extra;
        l->n = k;
    }
}

/* ------------------------------------------------------------------ sections */

static void read_evaluation(struct ctx *c, struct ini_section *s)
{
    struct spec *sp = c->spec;
    struct ini_entry *id = ini_get(s, "id");
    if (!id)
        err(c, s->line, "[evaluation] needs an id (letters, digits, '_' and '-')");
    else if (strlen(id->value) > SPEC_MAX_ID_BYTES)
        /* the id names the run's output folder: a longer one fails at the file system */
        err(c, id->line, "id = '%.40s...' is %zu bytes long; at most %d (it names the output "
            "folder)", id->value, strlen(id->value), SPEC_MAX_ID_BYTES);
    else if (!valid_id(id->value))
        err(c, id->line, "id = '%.80s': use letters, digits, '_' and '-'", id->value);
    else
        sp->id = xstrdup(id->value);
    sp->title_sv = get_str(s, "title.sv");
    sp->title_en = get_str(s, "title.en");
    if (!sp->title_sv && !sp->title_en)
        err(c, s->line, "[evaluation] needs a title (title.sv and/or title.en)");
    sp->question_sv = get_str(s, "question.sv");
    sp->question_en = get_str(s, "question.en");
    if (!sp->question_sv && !sp->question_en)
        err(c, s->line, "[evaluation] needs the decision question (question.sv and/or "
                        "question.en)");
    sp->note_sv = get_str(s, "note.sv");
    sp->note_en = get_str(s, "note.en");
    get_list(c, s, "interventions", &sp->interventions);
    get_set(c, s, "package", &sp->package);
    sp->has_start = get_date(c, s, "start", DATE_DAY, &sp->start, NULL);
    sp->has_decision_date =
        get_date(c, s, "decision_date", DATE_DAY, &sp->decision_date, NULL);
    sp->conf_level = 0.95;
    struct ini_entry *cl = ini_get(s, "conf_level");
    if (cl) {
        double v;
        if (num_parse_double(cl->value, strlen(cl->value), &v) != NUM_OK || v < 0.5 || v >= 1)
            err(c, cl->line, "conf_level = '%s': expected a number such as 0.95", cl->value);
        else
            sp->conf_level = v;
    }
}

static void read_common(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    (void)c;
    o->title_sv = get_str(s, "title.sv");
    o->title_en = get_str(s, "title.en");
}

static void read_window(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    o->has_from = get_date(c, s, "from", DATE_MONTH, &o->from, NULL);
    o->has_to = get_date(c, s, "to", DATE_MONTH, &o->to, NULL);
    if (o->has_from && o->has_to && date_compare(o->to, o->from) < 0)
        err(c, s->line, "[%s]: 'to' comes before 'from'", s->name);
}

/* survey = the survey id, which every survey section needs. */
static void read_survey_key(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    o->survey = get_str(s, "survey");
    if (!o->survey)
        err(c, s->line, "[%s] needs 'survey' (the survey id of its codebook)", s->name);
}

/* question = one question id ([survey] and [compare]), as a list of one. */
static void read_question(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    struct ini_entry *q = ini_get(s, "question");
    if (!q) {
        err(c, s->line, "[%s] needs 'question' (a question id of the codebook)", s->name);
    } else {
        o->questions.items = xcalloc(1, sizeof(char *));
        o->questions.items[0] = xstrdup(q->value);
        o->questions.n = 1;
        o->questions.line = q->line;
    }
}

/* measure = indicator | mean | score ([describe]: mean | score, without indicator). */
static void read_measure(struct ctx *c, struct ini_section *s, struct outcome *o,
                         bool indicator)
{
    static const char *const names[] = {"indicator", "mean", "score"};
    static const enum survey_measure measures[] = {MEASURE_INDICATOR, MEASURE_MEAN,
                                                   MEASURE_SCORE};
    size_t skip = indicator ? 0 : 1;
    int i = get_choice(c, s, "measure", names + skip, ARRAY_SIZE(names) - skip,
                       indicator ? "indicator, mean or score"
                                 : "mean (the codes, or the numbers) or score (the codebook's "
                                   "scores)");
    if (i >= 0)
        o->measure = measures[(size_t)i + skip];
}

static void read_survey(struct ctx *c, struct ini_section *s, struct outcome *o, bool trend)
{
    read_survey_key(c, s, o);
    if (trend) {
        if (!get_list(c, s, "questions", &o->questions))
            err(c, s->line, "[%s] needs 'questions' (question ids, comma-separated)", s->name);
        get_list(c, s, "by", &o->subgroups);
        if (get_list(c, s, "waves", &o->waves))
            expand_ranges(c, &o->waves);
        o->baseline = get_str(s, "baseline");
    } else {
        read_question(c, s, o);
        if (!get_list(c, s, "before", &o->before))
            err(c, s->line, "[%s] needs 'before' (the waves before the intervention)", s->name);
        else
            expand_ranges(c, &o->before);
        if (!get_list(c, s, "after", &o->after))
            err(c, s->line, "[%s] needs 'after' (the waves after the intervention)", s->name);
        else
            expand_ranges(c, &o->after);
        for (size_t i = 0; i < o->before.n; i++)
            for (size_t j = 0; j < o->after.n; j++)
                if (!strcmp(o->before.items[i], o->after.items[j]))
                    err(c, o->after.line, "wave '%s' is both before and after",
                        o->after.items[j]);
        get_list(c, s, "subgroups", &o->subgroups);
        get_set(c, s, "comparison", &o->comparison);
        o->placebo = get_bool(c, s, "placebo", true);
    }
    get_set(c, s, "area", &o->area);
    read_measure(c, s, o, true);
}

/* [describe ID]: descriptives of survey variables (analyze_describe.c). */
static void read_describe(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    read_survey_key(c, s, o);
    if (!get_list(c, s, "variables", &o->questions))
        err(c, s->line,
            "[%s] needs 'variables' (question or background variable ids, comma-separated)",
            s->name);
    get_list(c, s, "by", &o->subgroups);
    if (get_list(c, s, "waves", &o->waves))
        expand_ranges(c, &o->waves);
    get_set(c, s, "area", &o->area);
    for (size_t i = 0; i < o->subgroups.n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(o->subgroups.items[i], o->subgroups.items[j]))
                err(c, o->subgroups.line, "by: '%s' is given twice", o->subgroups.items[i]);
    read_measure(c, s, o, false);
}

/*
 * [compare ID]: groups against each other within one wave (analyze_compare.c).
 * `by` names the groupings (area and/or background variables, each its own table and
 * family of tests); `groups` (only with one grouping) lists the groups as '+' sets of
 * areas or of codes, `rest` standing for everyone else; `pairs` = all | first.
 */
static void read_compare(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    read_survey_key(c, s, o);
    read_question(c, s, o);
    if (!get_list(c, s, "wave", &o->waves))
        err(c, s->line, "[%s] needs 'wave' (the wave whose respondents are compared; a list "
                        "or range pools waves)", s->name);
    else
        expand_ranges(c, &o->waves);
    if (!get_list(c, s, "by", &o->subgroups))
        err(c, s->line, "[%s] needs 'by' (area and/or background variables, e.g. 'by = area' "
                        "or 'by = KON, ALDGR')", s->name);
    bool by_area = false;
    for (size_t i = 0; i < o->subgroups.n; i++) {
        by_area |= !strcmp(o->subgroups.items[i], "area");
        for (size_t j = 0; j < i; j++)
            if (!strcmp(o->subgroups.items[i], o->subgroups.items[j]))
                err(c, o->subgroups.line, "by: '%s' is listed twice", o->subgroups.items[i]);
    }
    get_set(c, s, "area", &o->area);
    if (by_area && o->area.n)
        err(c, o->area.line, "[%s] compares areas (by = area): name them in 'groups' "
                             "rather than restricting the respondents with 'area'", s->name);
    read_measure(c, s, o, true);
    static const char *const pairs[] = {"all", "first"};
    if (get_choice(c, s, "pairs", pairs, ARRAY_SIZE(pairs),
                   "all (every pair of groups) or first (each group against the first)") == 1)
        o->pairs_first = true;
    struct name_list g;
    if (!get_list(c, s, "groups", &g))
        return;
    o->groups_line = g.line;
    if (o->subgroups.n != 1)
        err(c, g.line, "groups: give one grouping in 'by' when you list its groups");
    if (g.n < 2)
        err(c, g.line, "groups = '%s': name at least two groups (e.g. 'Centrum, rest')",
            ini_value(s, "groups"));
    o->groups = xcalloc(g.n ? g.n : 1, sizeof(*o->groups));
    o->n_groups = g.n;
    size_t n_rest = 0;
    bool area = o->subgroups.n == 1 && by_area;
    for (size_t i = 0; i < g.n; i++) {
        struct name_set *gs = &o->groups[i];
        split(g.items[i], '+', &gs->names, &gs->n);
        gs->line = g.line;
        for (size_t k = 0; k < gs->n; k++) {
            const char *nm = gs->names[k];
            if (!*nm) {
                err(c, g.line, "groups: an empty name in '%s'", g.items[i]);
                continue;
            }
            if (!strcmp(nm, "rest")) {
                n_rest++;
                if (gs->n > 1)
                    err(c, g.line, "groups: 'rest' (everyone else) stands alone, not in a '+' "
                                   "set");
                continue;
            }
            int64_t code;
            double lo, hi; /* a band of a number variable, "16-29" (eval/survey_numeric.h) */
            if (!area && o->subgroups.n == 1 &&
                (num_parse_int64(nm, strlen(nm), &code) != NUM_OK || code < -32768 ||
                 code > 32767) &&
                !cb_band_parse(nm, strlen(nm), &lo, &hi))
                err(c, g.line, "groups: '%s' is not a code of %s (groups of a background "
                               "variable are its codes, e.g. 'groups = 1, 2 + 3', or the bands "
                               "of a number variable, e.g. 'groups = 16-29, 65-84')",
                    nm, o->subgroups.items[0]);
            /* a name in two groups would put its respondents on both sides */
            for (size_t j = 0; j <= i; j++)
                for (size_t l = 0; l < o->groups[j].n && (j < i || l < k); l++)
                    if (!strcmp(o->groups[j].names[l], nm)) {
                        err(c, g.line, "groups: '%s' is listed twice; a respondent belongs to "
                                       "one group", nm);
                        j = i + 1;
                        break;
                    }
        }
    }
    if (n_rest > 1)
        err(c, g.line, "groups: 'rest' (everyone else) is given more than once");
    free_strings(g.items, g.n);
}

/* `*` in a name set: every name of the database on its own (a screening). */
static bool set_is_every(const struct name_set *s)
{
    return s->n == 1 && !strcmp(s->names[0], "*");
}

static bool set_has_every(const struct name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], "*"))
            return true;
    return false;
}

/*
 * [incidents] with `area = *` and/or `category = *` is a screening: every area (or
 * category) fitted on its own, p-values adjusted across them (analyze_screening.c).
 * It compares each series with its own past only, so what needs one target series
 * (a comparison area, a buffer, alternatives) is refused, and so is `*` inside a
 * '+' set, which would mean a sum of everything.
 */
static void check_screening(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    const struct name_set *sets[] = {&o->area, &o->categories, &o->comparison, &o->buffer};
    const char *keys[] = {"area", "category", "comparison", "buffer"};
    for (size_t i = 0; i < ARRAY_SIZE(sets); i++)
        if (set_has_every(sets[i]) && (i >= 2 || !set_is_every(sets[i])))
            err(c, sets[i]->line,
                i >= 2 ? "%s: '*' is not allowed here (a screening has no %s)"
                       : "%s: '*' stands alone (every %s on its own), not in a '+' set",
                keys[i], keys[i]);
    o->screening = set_is_every(&o->area) || set_is_every(&o->categories);
    if (!o->screening)
        return;
    if (o->comparison.n)
        err(c, o->comparison.line,
            "[%s] is a screening (area or category '*'): each series is compared with its own "
            "past, so it takes no comparison area",
            s->name);
    if (o->buffer.n)
        err(c, o->buffer.line, "[%s] is a screening (area or category '*'): it takes no buffer",
            s->name);
    if (o->alternatives.n)
        err(c, o->alternatives.line,
            "[%s] is a screening (area or category '*'): it takes no alternatives", s->name);
}

/*
 * `comparison = synthetic`: a synthetic comparison area from a donor pool
 * (analyze_synth.c).  donors = * (every other area with the category, the default) or
 * a '+' set; donors.exclude = areas left out (neighbours the measure may reach, areas
 * with measures of their own); scale = rate (per 1,000 residents) or count;
 * placebo.max_pre_ratio = K leaves out placebo areas whose pre-period fit is more than
 * K times worse than the target's (default 5; 0 keeps all).
 */
static void read_synthetic(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    bool synthetic = o->comparison.n == 1 && !strcmp(o->comparison.names[0], "synthetic");
    const char *keys[] = {"donors", "donors.exclude", "scale", "placebo.max_pre_ratio", "match"};
    if (!synthetic) {
        for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
            struct ini_entry *e = ini_get(s, keys[i]);
            if (e)
                err(c, e->line, "%s applies to a synthetic comparison area "
                                "(comparison = synthetic)", keys[i]);
        }
        return;
    }
    o->synthetic = true;
    /* the comparison is built, not named: no area "synthetic" is looked up */
    long line = o->comparison.line;
    for (size_t i = 0; i < o->comparison.n; i++)
        free(o->comparison.names[i]);
    free(o->comparison.names);
    memset(&o->comparison, 0, sizeof(o->comparison));
    o->synthetic_line = line;
    if (!get_set(c, s, "donors", &o->donors)) {
        o->donors.names = xcalloc(1, sizeof(char *));
        o->donors.names[0] = xstrdup("*");
        o->donors.n = 1;
        o->donors.line = line;
    } else if (o->donors.n > 1)
        for (size_t i = 0; i < o->donors.n; i++)
            if (!strcmp(o->donors.names[i], "*"))
                err(c, o->donors.line, "donors: '*' stands alone (every other area), not in a "
                                       "'+' set");
    get_set(c, s, "donors.exclude", &o->donors_exclude);
    static const char *const scales[] = {"rate", "count"};
    int scale = get_choice(c, s, "scale", scales, ARRAY_SIZE(scales),
                           "rate (per 1,000 residents) or count");
    o->synth_scale = scale == 0   ? SYNTH_SCALE_RATE
                     : scale == 1 ? SYNTH_SCALE_COUNT
                                  : SYNTH_SCALE_DEFAULT;
    o->placebo_max_pre_ratio = 5;
    struct ini_entry *e = ini_get(s, "placebo.max_pre_ratio");
    if (e && (num_parse_double(e->value, strlen(e->value), &o->placebo_max_pre_ratio) !=
                  NUM_OK ||
              !(o->placebo_max_pre_ratio >= 0) || !isfinite(o->placebo_max_pre_ratio)))
        err(c, e->line, "placebo.max_pre_ratio = '%s': expected a number >= 0 (0 keeps every "
                        "placebo area)",
            e->value);
    e = ini_get(s, "match");
    if (e && strcmp(e->value, "outcome"))
        err(c, e->line,
            "match = '%s': the synthetic area is matched on the outcome in every month before "
            "the start (match = outcome); matching on covariates is not available",
            e->value);
    /* a donor that is also the target, or excluded and named, is a contradiction */
    for (size_t i = 0; i < o->donors.n; i++)
        for (size_t k = 0; k < o->area.n; k++)
            if (!strcmp(o->donors.names[i], o->area.names[k]))
                err(c, o->donors.line, "donors: '%s' is the target area", o->area.names[k]);
    for (size_t i = 0; i < o->donors_exclude.n; i++)
        for (size_t k = 0; k < o->donors.n; k++)
            if (!strcmp(o->donors_exclude.names[i], o->donors.names[k]))
                err(c, o->donors_exclude.line, "donors.exclude: '%s' is also listed in donors",
                    o->donors.names[k]);
}

/* effects, transition and offset: the time-series model (docs/analysis.md). */
static void read_its_model(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    static const char *const effects[] = {"level+slope", "level", "slope"};
    int choice = get_choice(c, s, "effects", effects, ARRAY_SIZE(effects),
                            "level+slope, level or slope");
    if (choice >= 0)
        o->its_effects = choice;
    struct ini_entry *t = ini_get(s, "transition");
    if (t) {
        int64_t k;
        if (num_parse_int64(t->value, strlen(t->value), &k) != NUM_OK || k < 0 || k > 120)
            err(c, t->line, "transition = '%s': expected a whole number of months from 0 to 120",
                t->value);
        else
            o->transition = (int)k;
    }
    static const char *const offsets[] = {"auto", "none", "population", "person-time"};
    choice = get_choice(c, s, "offset", offsets, ARRAY_SIZE(offsets),
                        "auto, none, population or person-time");
    if (choice >= 0)
        o->offset = (enum its_offset)choice;
    struct ini_entry *given[3] = {ini_get(s, "effects"), t, ini_get(s, "offset")};
    for (size_t i = 0; i < 3; i++)
        if (given[i] && o->model == MODEL_RATE_RATIO)
            err(c, given[i]->line,
                "%s applies to the time-series models (model = its_poisson, its_quasipoisson or "
                "its_negbin), not to model = rate_ratio",
                i == 0 ? "effects" : i == 1 ? "transition" : "offset");
}

/* se = model | newey-west and se.lag = N: the standard errors of the time-series
 * effects (docs/analysis.md). */
static void read_its_se(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    static const char *const ses[] = {"model", "newey-west"};
    if (get_choice(c, s, "se", ses, ARRAY_SIZE(ses), "model or newey-west") == 1) {
        o->newey_west = true;
        if (o->model == MODEL_RATE_RATIO)
            err(c, ini_get(s, "se")->line,
                "se = newey-west applies to the time-series models (model = its_poisson, "
                "its_quasipoisson or its_negbin), not to model = rate_ratio");
    }
    struct ini_entry *lag = ini_get(s, "se.lag");
    if (lag) {
        int64_t k;
        if (num_parse_int64(lag->value, strlen(lag->value), &k) != NUM_OK || k < 0 || k > 120)
            err(c, lag->line, "se.lag = '%s': expected a whole number of months from 0 to 120",
                lag->value);
        else if (!o->newey_west)
            err(c, lag->line, "se.lag is the lag of Newey-West standard errors; it needs "
                              "se = newey-west");
        else {
            o->has_nw_lag = true;
            o->nw_lag = (int)k;
        }
    }
}

/*
 * recording_change = YYYY-MM: a change in how the police record the offence (new
 * counting rules, a new crime code, a reclassification) from that month on.  It must
 * lie inside the window, after its first month: a change before the window (or at its
 * first month) leaves no month recorded the old way, so there is nothing to adjust.
 * The start-month and transition checks need the evaluation's start and come in
 * check_contradictions().
 */
static void read_recording_change(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    o->has_recording_change = get_date(c, s, "recording_change", DATE_MONTH,
                                       &o->recording_change, &o->recording_change_line);
    /* how the comparison area was recorded from that month: the same new way (one police
     * system: the comparison-area model's level shift is common to both areas) or the
     * old way (the shift is the target's alone) */
    struct ini_entry *how = ini_get(s, "recording_change.comparison");
    if (how) {
        if (!o->has_recording_change)
            err(c, how->line, "recording_change.comparison says how the comparison area was "
                              "recorded after a recording change; it needs recording_change = "
                              "YYYY-MM");
        else if (!o->comparison.n)
            err(c, how->line, "recording_change.comparison needs a comparison area "
                              "(comparison = AREA)");
        else if (!strcmp(how->value, "unchanged"))
            o->recording_target_only = true;
        else if (strcmp(how->value, "same"))
            err(c, how->line,
                "recording_change.comparison = '%s': expected same (the comparison area was "
                "recorded the new way from the same month: the same police system) or "
                "unchanged (it kept the old way)",
                how->value);
    }
    if (!o->has_recording_change)
        return;
    char m[16];
    snprintf(m, sizeof(m), "%04d-%02d", o->recording_change.year, o->recording_change.month);
    if (o->has_from && date_compare(o->recording_change, o->from) <= 0)
        err(c, o->recording_change_line,
            "recording_change = %s is not after the window's first month (from = %04d-%02d): "
            "every month of the series is then recorded the same way and there is nothing to "
            "adjust (leave the key out, or start the window earlier)",
            m, o->from.year, o->from.month);
    if (o->has_to && date_compare(o->recording_change, o->to) > 0)
        err(c, o->recording_change_line,
            "recording_change = %s comes after the window's last month (to = %04d-%02d): no "
            "month of the series is recorded the new way (leave the key out, or end the "
            "window later)",
            m, o->to.year, o->to.month);
}

static void read_incidents(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    if (!get_set(c, s, "category", &o->categories))
        err(c, s->line, "[%s] needs 'category' (one or more categories joined by '+')", s->name);
    if (!get_set(c, s, "area", &o->area))
        err(c, s->line, "[%s] needs 'area' (one or more areas joined by '+')", s->name);
    get_set(c, s, "comparison", &o->comparison);
    get_set(c, s, "buffer", &o->buffer);
    o->has_date = get_date(c, s, "date", DATE_DAY, &o->date, &o->date_line);
    read_window(c, s, o);
    read_recording_change(c, s, o);
    o->model = MODEL_ITS_QUASIPOISSON;
    static const char *const model_names[] = {"rate_ratio", "its_poisson", "its_quasipoisson",
                                              "its_negbin"};
    static const enum incident_model models[] = {MODEL_RATE_RATIO, MODEL_ITS_POISSON,
                                                 MODEL_ITS_QUASIPOISSON, MODEL_ITS_NEGBIN};
    int m = get_choice(c, s, "model", model_names, ARRAY_SIZE(model_names),
                       "rate_ratio, its_poisson, its_quasipoisson or its_negbin");
    if (m >= 0)
        o->model = models[m];
    o->seasonality = SEASON_MONTHS;
    struct ini_entry *se = ini_get(s, "seasonality");
    if (se) {
        int64_t k;
        if (!strcmp(se->value, "months"))
            o->seasonality = SEASON_MONTHS;
        else if (!strcmp(se->value, "none"))
            o->seasonality = SEASON_NONE;
        else if (!strcmp(se->value, "harmonic")) {
            o->seasonality = SEASON_HARMONIC;
            o->harmonics = 1;
        } else if (!strncmp(se->value, "harmonic:", 9) &&
                   num_parse_int64(se->value + 9, strlen(se->value + 9), &k) == NUM_OK && k >= 1 &&
                   k <= 5) {
            o->seasonality = SEASON_HARMONIC;
            o->harmonics = (int)k;
        } else
            err(c, se->line, "seasonality = '%s': expected months, harmonic, harmonic:K (K = 1..5) "
                             "or none",
                se->value);
    }
    static const char *const detections[] = {"police", "victim", "activity"};
    int d = get_choice(c, s, "detection", detections, ARRAY_SIZE(detections),
                       "police, victim or activity");
    if (d >= 0)
        o->detection = xstrdup(detections[d]);
    get_list(c, s, "alternatives", &o->alternatives);
    o->placebo = get_bool(c, s, "placebo", true);
    check_screening(c, s, o);
    read_synthetic(c, s, o);
    read_its_model(c, s, o);
    read_its_se(c, s, o);
}

/* days, extra_days and comparison_days: the flagged days and what they are compared
 * with (eval/daykind.h). */
static void read_days(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    struct ini_entry *d = ini_get(s, "days");
    o->days = xstrdup(d ? d->value : "holidays");
    if (strcmp(o->days, "holidays") && strcmp(o->days, "holidays+eves"))
        err(c, d ? d->line : s->line, "days = '%s': expected holidays or holidays+eves", o->days);
    static const char *const compared[] = {"weekends", "other", "same_weekday"};
    static const enum comparison_days days[] = {COMPARE_WEEKENDS, COMPARE_OTHER_DAYS,
                                                COMPARE_SAME_WEEKDAY};
    int cd = get_choice(c, s, "comparison_days", compared, ARRAY_SIZE(compared),
                        "weekends, other or same_weekday");
    /* a holiday is like a Sunday, not a Tuesday */
    o->comparison_days = cd >= 0 ? days[cd] : COMPARE_WEEKENDS;
    if (get_list(c, s, "extra_days", &o->extra_days))
        for (size_t i = 0; i < o->extra_days.n; i++) {
            struct date dd;
            const char *day = o->extra_days.items[i];
            if (date_parse(day, strlen(day), &dd) == DATE_DAY)
                continue;
            if (date_outside_range(day, strlen(day)) == DATE_DAY)
                err(c, o->extra_days.line,
                    "extra_days: '%s' is outside the dates trygg reads (" DATE_RANGE_DAYS ")",
                    day);
            else
                err(c, o->extra_days.line, "extra_days: '%s' is not a date YYYY-MM-DD", day);
        }
}

static void read_intermittent(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    if (!get_set(c, s, "category", &o->categories))
        err(c, s->line, "[%s] needs 'category'", s->name);
    if (!get_set(c, s, "area", &o->area))
        err(c, s->line, "[%s] needs 'area'", s->name);
    o->has_date = get_date(c, s, "date", DATE_DAY, &o->date, &o->date_line);
    read_window(c, s, o);
    read_days(c, s, o);
}

static void read_activity(struct ctx *c, struct ini_section *s, struct outcome *o)
{
    if (!get_list(c, s, "categories", &o->activity))
        err(c, s->line, "[%s] needs 'categories' (activity categories, comma-separated)", s->name);
    if (!get_set(c, s, "area", &o->area))
        err(c, s->line, "[%s] needs 'area'", s->name);
    read_window(c, s, o);
    /* Optional: the activity per day on the flagged days and the comparison days. */
    if (ini_get(s, "days") || ini_get(s, "comparison_days") || ini_get(s, "extra_days"))
        read_days(c, s, o);
}

static void read_alternative(struct ctx *c, struct ini_section *s, struct alternative *a)
{
    a->title_sv = get_str(s, "title.sv");
    a->title_en = get_str(s, "title.en");
    get_set(c, s, "area", &a->area);
    get_set(c, s, "comparison", &a->comparison);
    const char *nb = ini_value(s, "buffer");
    if (nb && !strcmp(nb, "none"))
        a->no_buffer = true;
    else
        get_set(c, s, "buffer", &a->buffer);
    if (!a->area.n && !a->comparison.n && !a->buffer.n && !a->no_buffer)
        err(c, s->line, "[%s] changes nothing: give area, comparison and/or buffer", s->name);
}

static void read_criterion(struct ctx *c, struct ini_section *s, struct criterion *cr)
{
    cr->outcome = get_str(s, "outcome");
    if (!cr->outcome)
        err(c, s->line, "[%s] needs 'outcome' (the id of an outcome section)", s->name);
    cr->term = get_str(s, "term");
    cr->group = get_str(s, "group");
    cr->text_sv = get_str(s, "text.sv");
    cr->text_en = get_str(s, "text.en");
    get_set(c, s, "effect_of", &cr->effect_of);
    struct ini_entry *r = ini_get(s, "rule");
    if (!r) {
        err(c, s->line, "[%s] needs 'rule', e.g. 'conf_high < 1'", s->name);
        return;
    }
    cr->rule_text = xstrdup(r->value);
    const char *p = r->value;
    static const struct {
        const char *name;
        enum criterion_bound b;
    } bounds[] = {{"conf_high", BOUND_CONF_HIGH}, {"conf_low", BOUND_CONF_LOW},
                  {"estimate", BOUND_ESTIMATE}};
    size_t i;
    for (i = 0; i < ARRAY_SIZE(bounds); i++)
        if (!strncmp(p, bounds[i].name, strlen(bounds[i].name))) {
            cr->bound = bounds[i].b;
            p += strlen(bounds[i].name);
            break;
        }
    while (*p == ' ')
        p++;
    bool ok = i < ARRAY_SIZE(bounds);
    if (ok) {
        if (!strncmp(p, "<=", 2)) {
            cr->op = OP_LE;
            p += 2;
        } else if (!strncmp(p, ">=", 2)) {
            cr->op = OP_GE;
            p += 2;
        } else if (*p == '<') {
            cr->op = OP_LT;
            p++;
        } else if (*p == '>') {
            cr->op = OP_GT;
            p++;
        } else
            ok = false;
    }
    if (ok && num_parse_double(p, strlen(p), &cr->value) != NUM_OK)
        ok = false;
    if (!ok)
        err(c, r->line,
            "rule = '%s': expected 'conf_high|conf_low|estimate <|<=|>|>= NUMBER', e.g. "
            "'conf_high < 1'",
            r->value);
}

/* ------------------------------------------------------------------ contradictions */

/* A name listed twice in one '+' set would count its data twice. */
static void check_repeats(struct ctx *c, const struct name_set *s, const char *key,
                          const char *where)
{
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->names[i], s->names[j])) {
                err(c, s->line,
                    "%s%s: '%s' is listed twice; its data would be counted twice (name it "
                    "once)",
                    where, key, s->names[i]);
                return;
            }
}

/* The first name of b that is also in a, or NULL. */
static const char *shared_name(const struct name_set *a, const struct name_set *b)
{
    for (size_t i = 0; i < b->n; i++)
        for (size_t j = 0; j < a->n; j++)
            if (!strcmp(b->names[i], a->names[j]))
                return b->names[i];
    return NULL;
}

/*
 * Target, comparison and buffer areas must be disjoint: an area that is both target
 * and comparison makes the contrast compare the area with itself (a difference-in-
 * differences of exactly 1), and a buffer that is also target or comparison counts
 * the same incidents on both sides of the displacement measures.  `where` names the
 * alternative when the sets come from one ("" for the outcome itself); the error is
 * at the line of the later set of the pair.
 */
static void check_disjoint(struct ctx *c, const struct name_set *area,
                           const struct name_set *comparison, const struct name_set *buffer,
                           const bool *from_alt, const char *where)
{
    static const char *const names[3] = {"area", "comparison", "buffer"};
    static const char *const roles[3] = {"target area", "comparison area", "buffer area"};
    const struct name_set *sets[3] = {area, comparison, buffer};
    for (int b = 1; b < 3; b++)
        for (int a = 0; a < b; a++) {
            if (!sets[a] || !sets[b] || !sets[a]->n || !sets[b]->n)
                continue;
            if (from_alt && !from_alt[a] && !from_alt[b])
                continue; /* both the outcome's own: reported for the outcome */
            const char *n = shared_name(sets[a], sets[b]);
            if (!n)
                continue;
            const struct name_set *later = sets[a]->line > sets[b]->line ? sets[a] : sets[b];
            err(c, later->line,
                "%s'%s' is both in the %s (%s, line %ld) and in the %s (%s, line %ld); a place "
                "cannot be compared with itself",
                where, n, roles[a], names[a], sets[a]->line, roles[b], names[b], sets[b]->line);
        }
}

static const struct name_set *set_or(const struct name_set *alt, const struct name_set *dflt)
{
    return alt->n ? alt : dflt;
}

/* Repeats within every set and overlaps between the sets of every outcome, also as
 * each of its alternatives redraws them. */
/*
 * A recording change in the month the measure starts (or in its transition months,
 * which the model leaves out) is a level shift at the same moment as the measure's
 * own: the two cannot be told apart, the level change would not be estimable, and a
 * before/after comparison would credit the measure with the recording change.  That
 * is refused rather than reported as an effect.
 */
static void check_recording_change(struct ctx *c, const struct outcome *o)
{
    if (!o->has_recording_change)
        return;
    if (o->screening) {
        err(c, o->recording_change_line,
            "recording_change is not available in a screening (area or category '*'); name "
            "the area and category in an [incidents] section of their own");
        return;
    }
    const struct spec *sp = c->spec;
    if (!o->has_date && !sp->has_start)
        return; /* the missing start is reported elsewhere */
    struct date start = o->has_date ? o->date : sp->start;
    int rc = o->recording_change.year * 12 + o->recording_change.month;
    int st = start.year * 12 + start.month;
    if (rc == st)
        err(c, o->recording_change_line,
            "recording_change = %04d-%02d is the month the measure starts (%04d-%02d-%02d): a "
            "level shift from the new recording and one from the measure in the same month "
            "cannot be told apart, so no estimate from these counts could say what the "
            "measure did; check the month of the change, or judge the measure on a "
            "comparison area recorded the same way",
            o->recording_change.year, o->recording_change.month, start.year, start.month,
            start.day);
    else if (o->transition > 0 && rc > st && rc < st + o->transition)
        err(c, o->recording_change_line,
            "recording_change = %04d-%02d falls in the %d transition months from the start "
            "(%04d-%02d), which the time-series model leaves out: its level shift could not "
            "be told from the measure's",
            o->recording_change.year, o->recording_change.month, o->transition, start.year,
            start.month);
}

static void check_contradictions(struct ctx *c)
{
    struct spec *sp = c->spec;
    for (size_t i = 0; i < sp->n_outcomes; i++) {
        const struct outcome *o = &sp->outcomes[i];
        check_recording_change(c, o);
        check_repeats(c, &o->area, "area", "");
        check_repeats(c, &o->comparison, "comparison", "");
        check_repeats(c, &o->buffer, "buffer", "");
        check_repeats(c, &o->categories, "category", "");
        if (o->kind == OUTCOME_ACTIVITY) {
            struct name_set acts = {o->activity.items, o->activity.n, o->activity.line};
            check_repeats(c, &acts, "categories", "");
        }
        check_disjoint(c, &o->area, &o->comparison, &o->buffer, NULL, "");
        for (size_t k = 0; k < o->alternatives.n; k++) {
            const struct alternative *a = spec_alternative(sp, o->alternatives.items[k]);
            if (!a)
                continue;
            char where[200];
            snprintf(where, sizeof(where), "with [alternative %.60s] for [%s %.60s]: ", a->id,
                     outcome_kind_name(o->kind), o->id);
            bool from_alt[3] = {a->area.n > 0, a->comparison.n > 0, a->buffer.n > 0};
            check_disjoint(c, set_or(&a->area, &o->area), set_or(&a->comparison, &o->comparison),
                           a->no_buffer ? NULL : set_or(&a->buffer, &o->buffer), from_alt, where);
        }
    }
    for (size_t i = 0; i < sp->n_alternatives; i++) {
        const struct alternative *a = &sp->alternatives[i];
        check_repeats(c, &a->area, "area", "");
        check_repeats(c, &a->comparison, "comparison", "");
        check_repeats(c, &a->buffer, "buffer", "");
    }
}

/* ------------------------------------------------------------------ load */

/* Titles and texts reach every page of the report, its charts and results.csv: a 1 MiB
 * title would be set on each (spec.h, SPEC_MAX_TITLE_BYTES). */
static void check_text_lengths(struct ctx *c, const struct ini_section *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct ini_entry *e = &s->entries[i];
        bool title = !strncmp(e->key, "title.", 6);
        bool text = !strncmp(e->key, "question.", 9) || !strncmp(e->key, "text.", 5) ||
                    !strncmp(e->key, "note.", 5);
        size_t most = title ? SPEC_MAX_TITLE_BYTES : SPEC_MAX_TEXT_BYTES, len = strlen(e->value);
        if ((title || text) && len > most)
            err(c, e->line, "%s is %zu bytes long; at most %zu", e->key, len, most);
    }
}

struct spec *spec_load(const char *path, struct diag_list *dl)
{
    size_t errors = dl->n_errors;
    struct ini_file *f = ini_file_load(path, dl);
    if (!f)
        return NULL;
    struct spec *sp = xcalloc(1, sizeof(*sp));
    sp->path = xstrdup(path);
    memcpy(sp->sha256, f->sha256, sizeof(sp->sha256));
    sp->conf_level = 0.95;
    struct ctx c = {f, dl, sp};
    bool seen_eval = false;
    for (size_t i = 0; i < f->n; i++) {
        struct ini_section *s = &f->sections[i];
        const char *t = s->type;
        check_text_lengths(&c, s);
        bool outcome = !strcmp(t, "survey") || !strcmp(t, "trend") || !strcmp(t, "incidents") ||
                       !strcmp(t, "intermittent") || !strcmp(t, "activity") ||
                       !strcmp(t, "compare") ||
                       !strcmp(t, "describe");
        if (!strcmp(t, "evaluation")) {
            if (seen_eval) { /* a second one would silently replace the first's keys */
                err(&c, s->line, "a second [evaluation] section: a spec file holds one "
                                 "evaluation");
                continue;
            }
            if (*s->id)
                err(&c, s->line, "[evaluation] takes no id after the word");
            seen_eval = true;
            read_evaluation(&c, s);
        } else if (outcome || !strcmp(t, "alternative") || !strcmp(t, "criterion")) {
            if (strlen(s->id) > SPEC_MAX_ID_BYTES) {
                err(&c, s->line, "[%s %.40s...]: the id is %zu bytes long; at most %d", t, s->id,
                    strlen(s->id), SPEC_MAX_ID_BYTES);
                continue;
            }
            if (!valid_id(s->id)) {
                err(&c, s->line, "[%s] needs an id: [%s NAME] with letters, digits, '_' and '-'",
                    s->name, t);
                continue;
            }
            for (size_t j = 0; j < sp->n_outcomes; j++)
                if (!strcmp(sp->outcomes[j].id, s->id))
                    err(&c, s->line, "outcome id '%s' is used twice (first at line %ld)", s->id,
                        sp->outcomes[j].line);
            size_t have = outcome ? sp->n_outcomes
                          : !strcmp(t, "alternative") ? sp->n_alternatives : sp->n_criteria;
            size_t most = outcome ? SPEC_MAX_OUTCOMES
                          : !strcmp(t, "alternative") ? SPEC_MAX_ALTERNATIVES : SPEC_MAX_CRITERIA;
            if (have >= most) {
                err(&c, s->line,
                    "[%s %s]: more than %zu %s sections; a report of that many is unreadable "
                    "(many series go in one section with area = * or category = *, a "
                    "screening; or split the evaluation into several spec files)",
                    t, s->id, most, outcome ? "outcome" : t);
                break;
            }
            if (outcome) {
                sp->outcomes = xrealloc(sp->outcomes, (sp->n_outcomes + 1) * sizeof(*sp->outcomes));
                struct outcome *o = &sp->outcomes[sp->n_outcomes++];
                memset(o, 0, sizeof(*o));
                o->id = xstrdup(s->id);
                o->line = s->line;
                read_common(&c, s, o);
                if (!strcmp(t, "survey")) {
                    o->kind = OUTCOME_SURVEY;
                    read_survey(&c, s, o, false);
                } else if (!strcmp(t, "trend")) {
                    o->kind = OUTCOME_TREND;
                    read_survey(&c, s, o, true);
                } else if (!strcmp(t, "incidents")) {
                    o->kind = OUTCOME_INCIDENTS;
                    read_incidents(&c, s, o);
                } else if (!strcmp(t, "intermittent")) {
                    o->kind = OUTCOME_INTERMITTENT;
                    read_intermittent(&c, s, o);
                } else if (!strcmp(t, "compare")) {
                    o->kind = OUTCOME_COMPARE;
                    read_compare(&c, s, o);
                } else if (!strcmp(t, "describe")) {
                    o->kind = OUTCOME_DESCRIBE;
                    read_describe(&c, s, o);
                } else {
                    o->kind = OUTCOME_ACTIVITY;
                    read_activity(&c, s, o);
                }
            } else if (!strcmp(t, "alternative")) {
                sp->alternatives =
                    xrealloc(sp->alternatives, (sp->n_alternatives + 1) * sizeof(*sp->alternatives));
                struct alternative *a = &sp->alternatives[sp->n_alternatives++];
                memset(a, 0, sizeof(*a));
                a->id = xstrdup(s->id);
                a->line = s->line;
                read_alternative(&c, s, a);
            } else {
                sp->criteria = xrealloc(sp->criteria, (sp->n_criteria + 1) * sizeof(*sp->criteria));
                struct criterion *cr = &sp->criteria[sp->n_criteria++];
                memset(cr, 0, sizeof(*cr));
                cr->id = xstrdup(s->id);
                cr->line = s->line;
                read_criterion(&c, s, cr);
            }
        } else {
            err(&c, s->line,
                "unknown section [%s] (expected [evaluation], [survey ID], [trend ID], "
                "[compare ID], [incidents ID], [intermittent ID], [activity ID], [describe ID], "
                "[alternative ID] or [criterion ID])",
                s->name);
            continue;
        }
        ini_report_unused(f, s, dl);
    }
    if (!seen_eval) /* at line 1, where it belongs */
        err(&c, 1, "the file has no [evaluation] section");
    if (seen_eval && !sp->n_outcomes)
        err(&c, 0, "the evaluation declares no outcome ([survey ID], [incidents ID], ...)");

    /* references within the file */
    for (size_t i = 0; i < sp->n_criteria; i++) {
        struct criterion *cr = &sp->criteria[i];
        if (!cr->outcome)
            continue;
        const struct outcome *o = spec_outcome(sp, cr->outcome);
        if (!o)
            err(&c, cr->line, "criterion '%s': no outcome section with id '%s'", cr->id,
                cr->outcome);
        else if (o->screening)
            err(&c, cr->line,
                "criterion '%s': outcome '%s' is a screening of many series (area or category "
                "'*'); a criterion needs one estimate: give the area and category of the "
                "series it is about in an [incidents] section of its own",
                cr->id, cr->outcome);
        else if (o->kind == OUTCOME_ACTIVITY || o->kind == OUTCOME_TREND ||
                 o->kind == OUTCOME_COMPARE ||
                 o->kind == OUTCOME_DESCRIBE)
            err(&c, cr->line,
                "criterion '%s': outcome '%s' is an [%s] section; criteria apply to [survey], "
                "[incidents] and [intermittent] outcomes",
                cr->id, cr->outcome, outcome_kind_name(o->kind));
    }
    check_contradictions(&c);
    for (size_t i = 0; i < sp->n_outcomes; i++) {
        struct outcome *o = &sp->outcomes[i];
        for (size_t k = 0; k < o->alternatives.n; k++)
            if (!spec_alternative(sp, o->alternatives.items[k]))
                err(&c, o->alternatives.line, "no [alternative %s] section",
                    o->alternatives.items[k]);
        if ((o->kind == OUTCOME_INCIDENTS || o->kind == OUTCOME_INTERMITTENT) && !o->has_date &&
            !sp->has_start && !sp->interventions.n)
            err(&c, o->line,
                "[%s %s] needs a 'date' (or the evaluation a 'start' or 'interventions')",
                outcome_kind_name(o->kind), o->id);
    }
    ini_file_free(f);
    if (dl->n_errors > errors) {
        spec_free(sp);
        return NULL;
    }
    return sp;
}

static void free_set(struct name_set *s)
{
    free_strings(s->names, s->n);
}

static void free_list(struct name_list *l)
{
    free_strings(l->items, l->n);
}

void spec_free(struct spec *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; i < sp->n_outcomes; i++) {
        struct outcome *o = &sp->outcomes[i];
        free(o->id);
        free(o->title_sv);
        free(o->title_en);
        free(o->survey);
        free_list(&o->questions);
        free_set(&o->area);
        free_set(&o->comparison);
        free_list(&o->before);
        free_list(&o->after);
        free_list(&o->subgroups);
        free_list(&o->waves);
        free(o->baseline);
        free_set(&o->categories);
        free_list(&o->activity);
        free_set(&o->buffer);
        free_set(&o->donors);
        free_set(&o->donors_exclude);
        free(o->detection);
        free_list(&o->alternatives);
        free(o->days);
        free_list(&o->extra_days);
        for (size_t g = 0; g < o->n_groups; g++)
            free_set(&o->groups[g]);
        free(o->groups);
    }
    free(sp->outcomes);
    for (size_t i = 0; i < sp->n_alternatives; i++) {
        struct alternative *a = &sp->alternatives[i];
        free(a->id);
        free(a->title_sv);
        free(a->title_en);
        free_set(&a->area);
        free_set(&a->comparison);
        free_set(&a->buffer);
    }
    free(sp->alternatives);
    for (size_t i = 0; i < sp->n_criteria; i++) {
        struct criterion *cr = &sp->criteria[i];
        free(cr->id);
        free(cr->outcome);
        free(cr->term);
        free(cr->group);
        free(cr->rule_text);
        free(cr->text_sv);
        free(cr->text_en);
        free_set(&cr->effect_of);
    }
    free(sp->criteria);
    free_list(&sp->interventions);
    free_set(&sp->package);
    free(sp->path);
    free(sp->id);
    free(sp->title_sv);
    free(sp->title_en);
    free(sp->question_sv);
    free(sp->question_en);
    free(sp->note_sv);
    free(sp->note_en);
    free(sp);
}

const struct outcome *spec_outcome(const struct spec *s, const char *id)
{
    for (size_t i = 0; i < s->n_outcomes; i++)
        if (!strcmp(s->outcomes[i].id, id))
            return &s->outcomes[i];
    return NULL;
}

const struct alternative *spec_alternative(const struct spec *s, const char *id)
{
    for (size_t i = 0; i < s->n_alternatives; i++)
        if (!strcmp(s->alternatives[i].id, id))
            return &s->alternatives[i];
    return NULL;
}

const char *spec_text(const char *sv, const char *en, const char *lang)
{
    if (lang && !strcmp(lang, "en"))
        return en ? en : sv;
    return sv ? sv : en;
}

const char *outcome_kind_name(enum outcome_kind k)
{
    switch (k) {
    case OUTCOME_SURVEY:
        return "survey";
    case OUTCOME_TREND:
        return "trend";
    case OUTCOME_INCIDENTS:
        return "incidents";
    case OUTCOME_INTERMITTENT:
        return "intermittent";
    case OUTCOME_ACTIVITY:
        return "activity";
    case OUTCOME_COMPARE:
        return "compare";
    case OUTCOME_DESCRIBE:
        return "describe";
    }
    return "?";
}

const char *incident_model_name(enum incident_model m)
{
    switch (m) {
    case MODEL_RATE_RATIO:
        return "rate_ratio";
    case MODEL_ITS_POISSON:
        return "its_poisson";
    case MODEL_ITS_QUASIPOISSON:
        return "its_quasipoisson";
    case MODEL_ITS_NEGBIN:
        return "its_negbin";
    }
    return "?";
}

const char *outcome_main_term(const struct outcome *o)
{
    switch (o->kind) {
    case OUTCOME_SURVEY:
        return o->comparison.n ? "did" : "difference";
    case OUTCOME_INCIDENTS:
        return o->model == MODEL_RATE_RATIO ? "rate_ratio"
               : o->its_effects == 2         ? "slope_change"
                                             : "level_change";
    case OUTCOME_INTERMITTENT:
        return "rate_ratio";
    case OUTCOME_TREND:
    case OUTCOME_ACTIVITY:
    case OUTCOME_COMPARE:
    case OUTCOME_DESCRIBE:
        return "";
    }
    return "";
}

/* ------------------------------------------------------------------ check against the db */

struct check {
    struct store *st;
    struct diag_list *dl;
    const char *path;
    struct catalog cat; /* the names the database has (store/catalog.h) */
};

static void check_areas(struct check *k, const struct name_set *s, const char *what)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], "*") && !catalog_has_area(&k->cat, s->names[i]))
            diag_error(k->dl, k->path, s->line, 0,
                       "%s '%s' is not in the database (see 'trygg info --table waves' and "
                       "'--table series' for the area names it has)",
                       what, s->names[i]);
}

static void check_categories(struct check *k, const struct name_set *cats, const struct name_set *areas)
{
    for (size_t i = 0; i < cats->n; i++) {
        if (strcmp(cats->names[i], "*") && !catalog_has_category(&k->cat, cats->names[i])) {
            diag_error(k->dl, k->path, cats->line, 0,
                       "category '%s' is not in the database (see 'trygg info --table series')",
                       cats->names[i]);
            continue;
        }
        (void)areas;
    }
}

static void check_intervention_names(struct check *k, const struct name_set *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!catalog_has_intervention(&k->cat, s->names[i]))
            diag_error(k->dl, k->path, s->line, 0,
                       "%s: intervention '%s' is not in the database (see 'trygg info --table "
                       "interventions')",
                       key, s->names[i]);
}

/* The question must be a variable of at least one codebook of the survey. */
/* A variable of any kind ([describe] variables: a question or a background variable). */
static void check_variable(struct check *k, const char *survey, const char *id, long line)
{
    char kind[16];
    if (!catalog_variable_kind(&k->cat, survey, id, kind, sizeof(kind)))
        diag_error(k->dl, k->path, line, 0,
                   "variable '%s' is not in any codebook of survey '%s' (see 'trygg info survey "
                   "%s')",
                   id, survey, survey);
}

static void check_question(struct check *k, const char *survey, const char *question, long line,
                           bool background)
{
    char kind[16];
    if (!catalog_variable_kind(&k->cat, survey, question, kind, sizeof(kind)))
        diag_error(k->dl, k->path, line, 0, "%s '%s' is not in any codebook of survey '%s'",
                   background ? "background variable" : "question", question, survey);
    else if (background && strcmp(kind, "background"))
        diag_error(k->dl, k->path, line, 0,
                   "'%s' is a question, not a background variable; subgroups come from "
                   "[background ...] sections",
                   question);
    else if (!background && strcmp(kind, "question"))
        diag_error(k->dl, k->path, line, 0, "'%s' is a background variable, not a question",
                   question);
}

/* The codes of a [compare] section's groups must be declared, non-missing codes of its
 * background variable. */
static void check_group_codes(struct check *k, const struct outcome *o)
{
    if (o->subgroups.n != 1 || !strcmp(o->subgroups.items[0], "area") || !o->n_groups)
        return;
    for (size_t g = 0; g < o->n_groups; g++)
        for (size_t i = 0; i < o->groups[g].n; i++) {
            const char *nm = o->groups[g].names[i];
            int64_t code;
            if (!strcmp(nm, "rest") || num_parse_int64(nm, strlen(nm), &code) != NUM_OK)
                continue;
            if (!catalog_has_answer_code(&k->cat, o->survey, o->subgroups.items[0], code))
                diag_error(k->dl, k->path, o->groups_line, 0,
                           "groups: %s is not a code of '%s' that counts as an answer in any "
                           "codebook of survey '%s'",
                           nm, o->subgroups.items[0], o->survey);
        }
}

static int check_names(const struct spec *s, struct store *st, struct diag_list *dl,
                       struct diag_list *sys, bool *db_failed);

/* The problems are gathered apart first: when the database could not be read, a name
 * that could not be looked up is not a problem of the spec, and only the failure is
 * said (-2, a system error, not a refusal). */
int spec_check(const struct spec *s, struct store *st, struct diag_list *dl)
{
    struct diag_list found;
    diag_list_init(&found, dl->max_errors);
    bool db_failed = false;
    int rc = check_names(s, st, &found, dl, &db_failed);
    if (db_failed) {
        diag_list_release(&found);
        return -2;
    }
    size_t copied = 0;
    for (size_t i = 0; i < found.n; i++) {
        const struct diag *d = &found.items[i];
        diag_add(dl, d->level, d->file, d->line, d->column, "%s", d->message);
        copied += d->level == DIAG_ERROR;
    }
    dl->n_errors += found.n_errors - copied; /* those the cap left out, still counted */
    diag_list_release(&found);
    return rc;
}

/* The spec's problems into dl, a database failure into sys (*db_failed). */
static int check_names(const struct spec *s, struct store *st, struct diag_list *dl,
                       struct diag_list *sys, bool *db_failed)
{
    size_t errors = dl->n_errors;
    struct check k = {.st = st, .dl = dl, .path = s->path};
    if (catalog_open(&k.cat, st, sys) != 0) {
        *db_failed = true;
        goto out;
    }
    for (size_t i = 0; i < s->interventions.n; i++)
        if (!catalog_has_intervention(&k.cat, s->interventions.items[i]))
            diag_error(dl, s->path, s->interventions.line, 0,
                       "intervention '%s' is not in the database (see 'trygg info --table "
                       "interventions')",
                       s->interventions.items[i]);
    check_intervention_names(&k, &s->package, "package");
    for (size_t i = 0; i < s->n_criteria; i++)
        check_intervention_names(&k, &s->criteria[i].effect_of, "effect_of");
    for (size_t i = 0; i < s->n_outcomes; i++) {
        const struct outcome *o = &s->outcomes[i];
        check_areas(&k, &o->area, "area");
        check_areas(&k, &o->comparison, "comparison area");
        check_areas(&k, &o->buffer, "buffer area");
        if (o->synthetic) {
            if (!(o->donors.n == 1 && !strcmp(o->donors.names[0], "*")))
                check_areas(&k, &o->donors, "donor area");
            check_areas(&k, &o->donors_exclude, "excluded donor area");
        }
        if (o->kind == OUTCOME_SURVEY || o->kind == OUTCOME_TREND ||
            o->kind == OUTCOME_COMPARE ||
            o->kind == OUTCOME_DESCRIBE) {
            if (!o->survey)
                continue;
            if (!catalog_has_survey(&k.cat, o->survey)) {
                diag_error(dl, s->path, o->line, 0,
                           "survey '%s' is not in the database (import it with 'trygg import "
                           "survey')",
                           o->survey);
                continue;
            }
            for (size_t q = 0; q < o->questions.n; q++)
                if (o->kind == OUTCOME_DESCRIBE)
                    check_variable(&k, o->survey, o->questions.items[q], o->questions.line);
                else
                    check_question(&k, o->survey, o->questions.items[q], o->questions.line,
                                   false);
            survey_numeric_check(st, s->path, o, dl);
            for (size_t g = 0; g < o->subgroups.n; g++)
                if (strcmp(o->subgroups.items[g], "area"))
                    check_question(&k, o->survey, o->subgroups.items[g], o->subgroups.line, true);
            const struct name_list *lists[] = {&o->before, &o->after, &o->waves};
            for (size_t l = 0; l < 3; l++)
                for (size_t w = 0; w < lists[l]->n; w++)
                    if (!catalog_has_wave(&k.cat, o->survey, lists[l]->items[w]))
                        diag_error(dl, s->path, lists[l]->line, 0,
                                   "survey '%s' has no wave '%s'", o->survey,
                                   lists[l]->items[w]);
            if (o->kind == OUTCOME_COMPARE && o->subgroups.n == 1 &&
                !strcmp(o->subgroups.items[0], "area"))
                for (size_t g = 0; g < o->n_groups; g++)
                    if (!(o->groups[g].n == 1 && !strcmp(o->groups[g].names[0], "rest")))
                        check_areas(&k, &o->groups[g], "area");
            if (o->kind == OUTCOME_COMPARE)
                check_group_codes(&k, o);
            if (o->baseline && !catalog_has_wave(&k.cat, o->survey, o->baseline))
                diag_error(dl, s->path, o->line, 0, "survey '%s' has no wave '%s' (baseline)",
                           o->survey, o->baseline);
        } else if (o->kind == OUTCOME_ACTIVITY) {
            struct name_set cats = {o->activity.items, o->activity.n, o->activity.line};
            check_categories(&k, &cats, &o->area);
        } else {
            check_categories(&k, &o->categories, &o->area);
        }
    }
    for (size_t i = 0; i < s->n_alternatives; i++) {
        const struct alternative *a = &s->alternatives[i];
        check_areas(&k, &a->area, "area");
        check_areas(&k, &a->comparison, "comparison area");
        check_areas(&k, &a->buffer, "buffer area");
    }
    /* component claims only when the names are right (issue 11: packages) */
    if (dl->n_errors == errors)
        package_check_claims(s, st, dl);
out:
    if (catalog_failed(&k.cat, sys) != 0)
        *db_failed = true;
    catalog_close(&k.cat);
    return dl->n_errors > errors ? -1 : 0;
}
