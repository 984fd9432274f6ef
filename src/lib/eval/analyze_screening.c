/*
 * analyze_screening — one [incidents] section over many series: `area = *` (every
 * area on its own), `category = *` (every category on its own), or both, e.g. every
 * municipality x offence category of a Brå export.
 *
 * Each series is fitted on its own with the section's model (the same interrupted
 * time series as a single [incidents] section, or the exact rate ratio), and the
 * p-values of the level changes (and of the slope changes) are adjusted across the
 * series (Holm and Benjamini-Hochberg): with thousands of series, some will look
 * like an effect by chance.  A screening answers "where did something change?"; it
 * is not the evaluation of one measure, so it has no comparison area, buffer or
 * criteria (spec.c refuses them).
 *
 * Speed: the series are read in one scan of their stored blocks (store/
 * series_scan); each group's observations are collected in a buffer of its own and
 * the group is fitted as soon as its last member series has been read, on either of
 * two threads (each with its own GLM workspace), and its buffer freed for the next
 * group.  So the observations are never all held at once: for 5,800 series they were
 * a 17 MB array whose first touch (page faults and zeroing, ~5 ms a MB on a virtual
 * machine) and growth by copying cost ~8 % of the run.  Groups are summed into dense
 * month arrays and fitted from their own observations only, so the numbers do not
 * depend on which thread fits them or when.  The report shows the series with the
 * strongest evidence, the results file all of them.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "eval/context.h"
#include "eval/count_common.h"
#include "eval/format.h"
#include "stats/counts.h"
#include "stats/its.h"
#include "stats/padjust.h"
#include "store/series_scan.h"
#include "util/io.h"
#include "util/strmap.h"
#include "util/table.h"
#include "util/xalloc.h"

/* Series with the smallest adjusted p-values shown in the report. */
#define SCREENING_SHOWN 20

/* Area x category group: one fitted series, summed over its member series. */
struct group {
    char *area;             /* the area's name, or the area set joined with " + " */
    char *label_sv, *label_en; /* the category (or categories joined) */
    char *category_key;     /* for the results file */
    const char *detection;  /* borrowed from the catalogue */
    unsigned members;       /* member series in the database */
    unsigned exposure_members; /* members that carry the area's population */
    unsigned seen;          /* member series the scan has delivered so far */
    struct obs *obs;        /* its observations in scan order, until it is fitted */
    size_t n_obs, alloc_obs;
    /* the fit */
    size_t n, n_before, n_after, missing;
    double before, after;
    struct stat_result level, slope, rate_ratio;
    bool fitted;
    double p_holm, p_bh;    /* of the main effect */
};

struct obs {
    int32_t month;          /* date_month_index */
    double count, exposure; /* exposure NaN: none, or not the area's carrier */
};

static bool is_every(const struct name_set *s)
{
    return s->n == 1 && !strcmp(s->names[0], "*");
}

static int index_in(const struct name_set *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return (int)i;
    return -1;
}

static enum glm_family family_of(enum incident_model m)
{
    return m == MODEL_ITS_POISSON ? GLM_POISSON
           : m == MODEL_ITS_NEGBIN ? GLM_NEGBIN
                                   : GLM_QUASIPOISSON;
}

/* Work arrays for one group's series, reused across groups. */
struct series_buf {
    double *count, *expo, *y, *pop;
    unsigned *members, *expo_members;
    int *month;
    size_t alloc;
};

static void buf_reserve(struct series_buf *b, size_t n)
{
    if (n <= b->alloc)
        return;
    b->alloc = n;
    b->count = xrealloc(b->count, n * sizeof(*b->count));
    b->expo = xrealloc(b->expo, n * sizeof(*b->expo));
    b->y = xrealloc(b->y, n * sizeof(*b->y));
    b->pop = xrealloc(b->pop, n * sizeof(*b->pop));
    b->members = xrealloc(b->members, n * sizeof(*b->members));
    b->expo_members = xrealloc(b->expo_members, n * sizeof(*b->expo_members));
    b->month = xrealloc(b->month, n * sizeof(*b->month));
}

static void buf_release(struct series_buf *b)
{
    free(b->count);
    free(b->expo);
    free(b->y);
    free(b->pop);
    free(b->members);
    free(b->expo_members);
    free(b->month);
}

/*
 * Sums a group's observations month by month and fits it.  As for a single series
 * (incident_data.c): a month where only some member series have a count is not a
 * complete sum and is left out, and a month missing inside the series stops the
 * time-series model (it counts consecutive months); the rate ratio does not need them.
 */
static void fit_group(const struct eval_ctx *c, struct glm_workspace *ws,
                      const struct outcome *o, struct group *g, const struct obs *obs,
                      long start_month, unsigned expo_needed, struct series_buf *b,
                      struct its_result *its)
{
    stat_result_init(&g->level);
    stat_result_init(&g->slope);
    stat_result_init(&g->rate_ratio);
    enum stat_reason why = STAT_R_NONE;
    double why_x = NAN;
    if (!g->n_obs) {
        why = STAT_R_WINDOW_NO_COUNTS;
        goto failed;
    }
    long lo = obs[0].month, hi = obs[0].month;
    for (size_t i = 1; i < g->n_obs; i++) {
        lo = obs[i].month < lo ? obs[i].month : lo;
        hi = obs[i].month > hi ? obs[i].month : hi;
    }
    size_t span = (size_t)(hi - lo + 1);
    buf_reserve(b, span);
    memset(b->count, 0, span * sizeof(*b->count));
    memset(b->expo, 0, span * sizeof(*b->expo));
    memset(b->members, 0, span * sizeof(*b->members));
    memset(b->expo_members, 0, span * sizeof(*b->expo_members));
    for (size_t i = 0; i < g->n_obs; i++) {
        size_t k = (size_t)(obs[i].month - lo);
        b->count[k] += obs[i].count;
        b->members[k]++;
        if (!isnan(obs[i].exposure)) {
            b->expo[k] += obs[i].exposure;
            b->expo_members[k]++;
        }
    }
    /* the complete months, and what is missing among them */
    size_t first = span, last = 0, partial = 0;
    for (size_t k = 0; k < span; k++) {
        if (b->members[k] == g->members) {
            first = first == span ? k : first;
            last = k;
        } else if (b->members[k])
            partial++;
    }
    if (first == span) {
        why = STAT_R_SCREEN_NO_COMMON_MONTH;
        goto failed;
    }
    size_t n = 0;
    bool all_exposure = true;
    for (size_t k = first; k <= last; k++) {
        if (b->members[k] != g->members)
            continue;
        b->y[n] = b->count[k];
        b->pop[n] = b->expo[k];
        b->month[n] = (int)((lo + (long)k) % 12) + 1;
        all_exposure = all_exposure && b->expo_members[k] == expo_needed;
        if (lo + (long)k < start_month)
            g->n_before = n + 1;
        n++;
    }
    g->n = n;
    g->missing = (last - first + 1 - n) + partial;
    g->n_after = n - g->n_before;
    double t_before = 0, t_after = 0;
    for (size_t i = 0; i < n; i++) {
        double t = all_exposure ? b->pop[i] : 1.0;
        if (i < g->n_before) {
            g->before += b->y[i];
            t_before += t;
        } else {
            g->after += b->y[i];
            t_after += t;
        }
    }
    if (!g->n_before || !g->n_after) {
        why = STAT_R_WINDOW_NO_MONTHS;
        why_x = g->n_before ? 1 : 0;
        goto failed;
    }
    if (o->model == MODEL_RATE_RATIO) {
        g->rate_ratio = poisson_rate_ratio_exact(g->after, t_after, g->before, t_before, c->conf);
        g->fitted = stat_ok(&g->rate_ratio);
        return;
    }
    if (g->missing) {
        why = STAT_R_SCREEN_MONTHS_MISSING;
        goto failed;
    }
    struct its_spec sp;
    its_spec_init(&sp);
    sp.n = n;
    sp.y = b->y;
    sp.month = b->month;
    sp.t0 = g->n_before + 1;
    sp.season = o->seasonality == SEASON_MONTHS     ? ITS_SEASON_MONTHS
                : o->seasonality == SEASON_HARMONIC ? ITS_SEASON_HARMONIC
                                                    : ITS_SEASON_NONE;
    sp.harmonics = o->harmonics;
    sp.population = all_exposure ? b->pop : NULL;
    sp.family = family_of(o->model);
    sp.conf_level = c->conf;
    sp.effects_only = true; /* no chart per series */
    its_result_init(its);
    its_fit(&sp, ws, its);
    g->level = its->level_change;
    g->slope = its->slope_change;
    g->fitted = stat_ok(&g->level);
    its_result_release(its);
    return;
failed:
    stat_result_failx(&g->level, STAT_NOT_ESTIMABLE, why, why_x, NAN, NAN);
    stat_result_failx(&g->slope, STAT_NOT_ESTIMABLE, why, why_x, NAN, NAN);
    stat_result_failx(&g->rate_ratio, STAT_NOT_ESTIMABLE, why, why_x, NAN, NAN);
}

/*
 * The groups' fits, as the scan completes them.  A group is ready when the scan has
 * delivered every member series it has in the catalogue; it is then fitted, by the
 * scanning thread or by a second one, from its own observations into its own struct
 * group, with a workspace of the fitting thread's own (a fit's numbers do not depend on
 * what a workspace held before), so the results are those of one loop, bit for bit.
 * The scanning thread queues each ready group and fits one itself whenever more than
 * one is waiting, so both cores fit while the blocks are read and only a few groups'
 * observations are held at a time.
 */
struct fitter {             /* one per fitting thread */
    struct glm_workspace *ws;
    struct series_buf buf;
    struct its_result its;
};

struct fit_job {
    const struct eval_ctx *c;
    const struct outcome *o;
    struct group *gs;
    long start_idx;
    unsigned expo_needed;
    /* The queue of ready groups, ready[head .. tail): the scanning thread alone appends
     * (writes ready[tail], then publishes tail), either thread claims by advancing head.
     * Claims and appends take no lock (a lock and a wake-up per group cost ~3 % of a
     * 5,800-series run in futex calls); the mutex and condition variable only put the
     * second thread to sleep when the queue is empty and wake it. */
    bool threaded;
    size_t *ready;
    _Atomic size_t head, tail;
    _Atomic bool done;      /* no group will be queued any more */
    _Atomic bool sleeping;  /* the second thread waits (or is about to) */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Observation buffers of fitted groups, for the scanning thread to reuse: freeing
     * them on the second thread would hand each back to the scanning thread's malloc
     * arena under its lock, and fresh ones are fresh pages.  A stack of buffers
     * (struct spare at the start of each) that either thread pushes onto and the
     * scanning thread empties at once (atomic_exchange: no ABA problem). */
    struct spare *_Atomic spares;
};

struct spare {
    struct spare *next;
    size_t alloc;           /* observations the buffer holds */
};

static void fit_one(struct fit_job *j, struct fitter *f, size_t g)
{
    struct group *gr = &j->gs[g];
    fit_group(j->c, f->ws, j->o, gr, gr->obs, j->start_idx, j->expo_needed, &f->buf, &f->its);
    if (gr->obs) { /* its buffer to the spares */
        _Static_assert(sizeof(struct spare) <= sizeof(struct obs), "a spare fits a buffer");
        struct spare *sp = (struct spare *)(void *)gr->obs;
        sp->alloc = gr->alloc_obs;
        sp->next = atomic_load(&j->spares);
        while (!atomic_compare_exchange_weak(&j->spares, &sp->next, sp))
            ;
    }
    gr->obs = NULL;
    gr->alloc_obs = 0;
}

/* A queued group claimed, or SIZE_MAX when none is queued. */
static size_t claim(struct fit_job *j)
{
    size_t h = atomic_load(&j->head);
    while (h < atomic_load(&j->tail))
        if (atomic_compare_exchange_weak(&j->head, &h, h + 1))
            return j->ready[h];
    return SIZE_MAX;
}

static void *fit_worker(void *arg)
{
    struct fit_job *j = arg;
    struct fitter f = {glm_workspace_new(128, 16), {0}, {0}};
    for (;;) {
        size_t g = claim(j);
        if (g != SIZE_MAX) {
            fit_one(j, &f, g);
            continue;
        }
        /* empty: sleep until a group is queued or the scan ends.  `sleeping` is set
         * before the queue is looked at again, and the scanning thread publishes
         * before it looks at `sleeping` (both sequentially consistent), so one of the
         * two always sees the other. */
        pthread_mutex_lock(&j->mu);
        atomic_store(&j->sleeping, true);
        while (atomic_load(&j->head) >= atomic_load(&j->tail) && !atomic_load(&j->done))
            pthread_cond_wait(&j->cv, &j->mu);
        atomic_store(&j->sleeping, false);
        bool over = atomic_load(&j->done) && atomic_load(&j->head) >= atomic_load(&j->tail);
        pthread_mutex_unlock(&j->mu);
        if (over)
            break;
    }
    buf_release(&f.buf);
    glm_workspace_free(f.ws);
    return NULL;
}

/* Queued groups the second thread is woken for (a wake-up is a system call, and a
 * thread woken for every group went back to sleep thousands of times a run), and
 * beyond which the scanning thread fits one itself. */
#define WAKE_AT 16
#define HELP_AT 32

static void wake(struct fit_job *j, size_t queued)
{
    if (queued >= WAKE_AT && atomic_load(&j->sleeping)) {
        pthread_mutex_lock(&j->mu);
        pthread_cond_signal(&j->cv);
        pthread_mutex_unlock(&j->mu);
    }
}

/* Group g has all its member series: fitted now (one thread), or queued, and then one
 * queued group fitted here if more than one waits. */
static void group_ready(struct fit_job *j, struct fitter *f, size_t g)
{
    if (!j->threaded) {
        fit_one(j, f, g);
        return;
    }
    size_t t = atomic_load(&j->tail);
    j->ready[t] = g;
    atomic_store(&j->tail, t + 1);
    size_t queued = t + 1 - atomic_load(&j->head);
    wake(j, queued);
    if (queued > HELP_AT && (g = claim(j)) != SIZE_MAX)
        fit_one(j, f, g);
}

/* No more groups will be queued: the scanning thread helps empty the queue. */
static void queue_close(struct fit_job *j, struct fitter *f)
{
    if (!j->threaded)
        return;
    pthread_mutex_lock(&j->mu);
    atomic_store(&j->done, true);
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    for (size_t g; (g = claim(j)) != SIZE_MAX;)
        fit_one(j, f, g);
}

struct scan_ctx {
    const struct series_catalog *cat;
    const size_t *group_of;  /* per catalogue index: group, or SIZE_MAX = not selected */
    const bool *exposure_member;
    size_t next;             /* catalogue index of the current series (ids ascending) */
    long from, to;           /* month window, LONG_MIN/LONG_MAX when open */
    struct group *gs;
    size_t n_obs;            /* observations collected in all */
    long long *imports;
    size_t n_imports;
    struct fit_job *job;
    struct fitter *fitter;   /* the scanning thread's */
    struct spare *spares;    /* taken from job->spares, not yet reused */
};

/* A spare buffer for a group's first series, or NULL (then malloc). */
static struct spare *take_spare(struct scan_ctx *sc)
{
    if (!sc->spares)
        sc->spares = atomic_exchange(&sc->job->spares, NULL);
    struct spare *sp = sc->spares;
    if (sp)
        sc->spares = sp->next;
    return sp;
}

static void free_spares(struct spare *sp)
{
    while (sp) {
        struct spare *next = sp->next;
        free(sp);
        sp = next;
    }
}

static int collect(void *vctx, long long series_id, const struct obs_set *s)
{
    struct scan_ctx *sc = vctx;
    /* the catalogue and the scan are both in series-id order */
    while (sc->next < sc->cat->n && sc->cat->id[sc->next] < series_id)
        sc->next++;
    if (sc->next >= sc->cat->n || sc->cat->id[sc->next] != series_id)
        return 0; /* a series added since the catalogue was read */
    size_t g = sc->group_of[sc->next];
    if (g == SIZE_MAX)
        return 0;
    struct group *gr = &sc->gs[g];
    bool expo = sc->exposure_member[sc->next];
    long long last_import = -1;
    size_t before = gr->n_obs;
    /* room for this series and, when the group has more members, as many again each */
    if (!gr->obs) {
        struct spare *sp = take_spare(sc);
        if (sp) {
            gr->alloc_obs = sp->alloc;
            gr->obs = (struct obs *)(void *)sp;
        }
    }
    if (gr->n_obs + s->n > gr->alloc_obs) {
        size_t want = gr->n_obs + s->n * (gr->members - gr->seen);
        gr->obs = xgrow(gr->obs, sizeof(*gr->obs), want ? want : 1, &gr->alloc_obs);
    }
    for (size_t i = 0; i < s->n; i++) {
        long m = s->period[i]; /* a monthly series: date_month_index */
        if (m < sc->from || m > sc->to)
            continue;
        struct obs *ob = &gr->obs[gr->n_obs++];
        ob->month = (int32_t)m;
        ob->count = (double)s->count[i];
        ob->exposure = expo ? s->exposure[i] : NAN;
        if (s->import_id[i] == last_import)
            continue;
        last_import = s->import_id[i];
        bool seen = false;
        for (size_t k = 0; k < sc->n_imports && !seen; k++)
            seen = sc->imports[k] == last_import;
        if (!seen) {
            sc->imports = xrealloc(sc->imports, (sc->n_imports + 1) * sizeof(*sc->imports));
            sc->imports[sc->n_imports++] = last_import;
        }
    }
    sc->n_obs += gr->n_obs - before;
    if (++gr->seen == gr->members)
        group_ready(sc->job, sc->fitter, g);
    return 0;
}

/* Below this many selected series a second thread costs more than it saves. */
#define SCREENING_THREAD_MIN_SERIES 128

/*
 * Scans the series, fitting each group as it completes (above).  Groups with a member
 * series that has no counts at all are fitted after the scan, from what they have.
 * Returns series_scan's result; every group is fitted either way.
 */
static int scan_and_fit(struct eval_ctx *c, const struct outcome *o, struct scan_ctx *sc,
                        size_t n_groups, size_t n_selected, long start_idx,
                        unsigned expo_needed)
{
    struct fit_job j = {c, o, sc->gs, start_idx, expo_needed, false, NULL, 0, 0, false, false,
                        PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL};
    struct fitter mine = {c->ws, {0}, {0}};
    sc->job = &j;
    sc->fitter = &mine;
    /* TRYGG_THREADS=1 (as for the workbook, cmd_run.c): one thread, so that fault
     * injection replays its faults in the same order every run */
    bool one = io_single_thread();
    pthread_t th;
    if (!one && n_selected >= SCREENING_THREAD_MIN_SERIES && n_groups > 1) {
        j.ready = xmalloc(n_groups * sizeof(*j.ready));
        j.threaded = pthread_create(&th, NULL, fit_worker, &j) == 0;
    }
    int rc = series_scan(c->st, "month", collect, sc, c->dl);
    queue_close(&j, &mine);
    if (j.threaded)
        pthread_join(th, NULL);
    for (size_t g = 0; g < n_groups; g++)
        if (sc->gs[g].seen < sc->gs[g].members)
            fit_one(&j, &mine, g);
    buf_release(&mine.buf);
    free_spares(sc->spares);
    free_spares(atomic_load(&j.spares));
    sc->spares = NULL;
    free(j.ready);
    pthread_mutex_destroy(&j.mu);
    pthread_cond_destroy(&j.cv);
    return rc;
}
static const struct stat_result *main_of(const struct outcome *o, const struct group *g)
{
    return o->model == MODEL_RATE_RATIO ? &g->rate_ratio : &g->level;
}

/* Holm and BH over the groups whose main effect has a p-value (the same families
 * results_adjust forms from the rows, computed here for the report's table). */
static size_t adjust(const struct outcome *o, struct group *gs, size_t n)
{
    double *p = xmalloc((n + 1) * sizeof(*p)), *h = xmalloc((n + 1) * sizeof(*h)),
           *bh = xmalloc((n + 1) * sizeof(*bh));
    size_t *idx = xmalloc((n + 1) * sizeof(*idx));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        gs[i].p_holm = gs[i].p_bh = NAN;
        const struct stat_result *r = main_of(o, &gs[i]);
        if (stat_ok(r) && !isnan(r->p_value)) {
            p[m] = r->p_value;
            idx[m++] = i;
        }
    }
    if (m && p_adjust_holm(p, m, h) == 0 && p_adjust_bh(p, m, bh) == 0)
        for (size_t k = 0; k < m; k++) {
            gs[idx[k]].p_holm = h[k];
            gs[idx[k]].p_bh = bh[k];
        }
    free(p);
    free(h);
    free(bh);
    free(idx);
    return m;
}

static const struct group *sort_base;
static const struct outcome *sort_outcome;

/* By BH-adjusted p, then by p, then by name: the strongest evidence first. */
static int by_evidence(const void *a, const void *b)
{
    const struct group *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
    double px = isnan(x->p_bh) ? 2 : x->p_bh, py = isnan(y->p_bh) ? 2 : y->p_bh;
    if (px != py)
        return px < py ? -1 : 1;
    double rx = main_of(sort_outcome, x)->p_value, ry = main_of(sort_outcome, y)->p_value;
    rx = isnan(rx) ? 2 : rx;
    ry = isnan(ry) ? 2 : ry;
    if (rx != ry)
        return rx < ry ? -1 : 1;
    int k = strcmp(x->area, y->area);
    return k ? k : strcmp(x->category_key, y->category_key);
}

static void report(struct eval_ctx *c, const struct outcome *o, struct group *gs, size_t n,
                   size_t n_tested, const char *start)
{
    size_t fitted = 0, falls = 0, rises = 0;
    for (size_t i = 0; i < n; i++) {
        fitted += gs[i].fitted;
        const struct stat_result *r = main_of(o, &gs[i]);
        if (!isnan(gs[i].p_bh) && gs[i].p_bh < 1 - c->conf) {
            falls += r->estimate < 1;
            rises += r->estimate > 1;
        }
    }
    const char *model = o->model == MODEL_RATE_RATIO ? L(c, "kvot efter/före (exakt test)",
                                                         "rate ratio after/before (exact test)")
                                                     : L(c, "avbruten tidsserie (nivåförändring)",
                                                         "interrupted time series (level change)");
    doc_paragraph(c->incidents,
                  L(c, "Screening av %s serier (område × kategori), var och en för sig: %s med "
                       "start %s. %s serier kunde skattas. p-värdena är justerade över "
                       "serierna (Holm och Benjamini–Hochberg), eftersom några av så många "
                       "serier ser ut att ha förändrats av en slump.",
                    "Screening of %s series (area × category), each on its own: %s with the "
                    "start on %s. %s series could be estimated. The p-values are adjusted "
                    "across the series (Holm and Benjamini–Hochberg), because some of so many "
                    "series will look changed by chance."),
                  fmt_num(c->lang, (double)n, 0), model, start,
                  fmt_num(c->lang, (double)fitted, 0));
    char level[16];
    snprintf(level, sizeof(level), "%s", fmt_level(c->lang, 1 - c->conf));
    doc_callout(c->incidents, falls + rises ? TONE_INFO : TONE_NONE,
                L(c, "Efter justering (Benjamini–Hochberg, %s) minskade %s serier och ökade "
                     "%s. Ett screeningresultat pekar ut var det är värt att titta närmare; det "
                     "är ingen utvärdering av en insats (nivå 2 per serie, utan "
                     "jämförelseområde).",
                  "After adjustment (Benjamini–Hochberg, %s) %s series fell and %s rose. A "
                  "screening points to where a closer look is worthwhile; it is not the "
                  "evaluation of a measure (level 2 per series, no comparison area)."),
                level, fmt_num(c->lang, (double)falls, 0), fmt_num(c->lang, (double)rises, 0));
    if (!n_tested)
        return;
    size_t *order = xmalloc(n * sizeof(*order));
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    sort_base = gs;
    sort_outcome = o;
    qsort(order, n, sizeof(*order), by_evidence);
    char ci_col[64];
    snprintf(ci_col, sizeof(ci_col), "%s", eval_ci(c, CI_WORDS));
    const char *cols[] = {L(c, "Område", "Area"), L(c, "Kategori", "Category"),
                          L(c, "Kvot", "Ratio"), ci_col, L(c, "p-värde", "p-value"),
                          "p (Holm)", "p (BH)"};
    bool numeric[] = {false, false, true, false, true, true, true};
    char title[160];
    size_t shown = n_tested < SCREENING_SHOWN ? n_tested : SCREENING_SHOWN;
    snprintf(title, sizeof(title),
             L(c, "De %zu serierna med starkast belägg för en förändring (alla i results.csv)",
               "The %zu series with the strongest evidence of a change (all in results.csv)"),
             shown);
    struct table *t = table_new("screening", title, 7, cols, numeric);
    for (size_t k = 0; k < shown; k++) {
        const struct group *g = &gs[order[k]];
        struct estimate_cells cells;
        count_cells(c, main_of(o, g), &cells);
        char holm[32], bh[32];
        snprintf(holm, sizeof(holm), "%s", fmt_p(c->lang, g->p_holm));
        snprintf(bh, sizeof(bh), "%s", fmt_p(c->lang, g->p_bh));
        const char *row[] = {g->area, L(c, g->label_sv, g->label_en), cells.est, cells.ci,
                             cells.p, holm, bh};
        table_add_row(t, row);
    }
    doc_table(c->incidents, t, NULL,
              L(c, "Kvot under 1: färre fall än trenden före starten förutsåg (nivåförändring) "
                   "eller än före starten (kvot efter/före).",
                "A ratio below 1: fewer cases than the trend before the start predicted (level "
                "change) or than before the start (rate ratio after/before)."));
    free(order);
}

int analyze_screening(struct eval_ctx *c, const struct outcome *o)
{
    /* Counts of incidents are not respondents: a screening registers no disclosure
     * cell and no criterion may refer to it (spec.c), so the collecting pass, whose
     * results are thrown away, has nothing to learn from it.  Skipping it halves a
     * screening run (5,800 fits once, not twice). */
    if (eval_collecting(c))
        return 0;
    struct strbuf anchor = STRBUF_INIT;
    count_anchor(&anchor, "incidents", o->id);
    doc_heading(c->incidents, 3, anchor.buf,
                count_title(c, o, L(c, "Screening av serier", "Screening of series")));
    strbuf_release(&anchor);

    bool each_area = is_every(&o->area), each_cat = is_every(&o->categories);
    struct series_catalog cat;
    if (series_catalog_load(c->st, "month", &cat, c->dl) != 0)
        return -1;
    /* which catalogue series belong to which group */
    size_t *group_of = xmalloc((cat.n + 1) * sizeof(*group_of));
    bool *expo_member = xcalloc(cat.n + 1, sizeof(*expo_member));
    struct strmap keys = STRMAP_INIT;
    /* at most one group per catalogue series: allocated once (~1 KB a group), as
     * growing it by copies faulted in twice the pages */
    struct group *gs = xmalloc((cat.n + 1) * sizeof(*gs));
    size_t n_groups = 0, n_selected = 0;
    struct strbuf key = STRBUF_INIT;
    for (size_t i = 0; i < cat.n; i++) {
        group_of[i] = SIZE_MAX;
        int ai = each_area ? 0 : index_in(&o->area, cat.area[i]);
        int ci = each_cat ? 0 : index_in(&o->categories, cat.category[i]);
        /* activity counts (shifts, contacts) say whether a measure ran, not what
         * happened: `category = *` means every crime or incident category */
        if (ai < 0 || ci < 0 || (each_cat && !strcmp(cat.detection[i], "activity")))
            continue;
        strbuf_reset(&key);
        strbuf_addf(&key, "%s", each_area ? cat.area[i] : "");
        strbuf_addch(&key, '\x1f');
        strbuf_addf(&key, "%s", each_cat ? cat.category[i] : "");
        int64_t g;
        if (!strmap_get(&keys, key.buf, key.len, &g)) {
            struct group *ng = &gs[n_groups];
            memset(ng, 0, sizeof(*ng));
            struct strbuf sb = STRBUF_INIT;
            if (each_area)
                strbuf_addstr(&sb, cat.area[i]);
            else
                name_set_join(&o->area, &sb);
            ng->area = strbuf_detach(&sb);
            if (each_cat) {
                ng->label_sv = xstrdup(cat.label_sv[i]);
                ng->label_en = xstrdup(cat.label_en[i]);
                ng->category_key = xstrdup(cat.category[i]);
            } else {
                name_set_join(&o->categories, &sb);
                ng->category_key = strbuf_detach(&sb);
                ng->label_sv = xstrdup(ng->category_key);
                ng->label_en = xstrdup(ng->category_key);
            }
            ng->detection = cat.detection[i];
            g = (int64_t)n_groups++;
            strmap_put(&keys, key.buf, key.len, g);
        }
        group_of[i] = (size_t)g;
        gs[g].members++;
        n_selected++;
        /* the area's population is carried once per area: by its first category */
        expo_member[i] = each_cat || ci == 0;
        gs[g].exposure_members += expo_member[i];
    }
    strbuf_release(&key);
    strmap_release(&keys);

    struct date start = eval_outcome_date(c, o);
    struct date start_month = start;
    start_month.day = 0;
    long start_idx = date_month_index(start_month);
    unsigned expo_needed = each_area ? 1 : (unsigned)o->area.n;
    struct scan_ctx sc = {&cat, group_of, expo_member, 0, LONG_MIN, LONG_MAX,
                          gs, 0, NULL, 0, NULL, NULL, NULL};
    if (o->has_from)
        sc.from = date_month_index(o->from);
    if (o->has_to)
        sc.to = date_month_index(o->to);
    int result = 0;
    if (n_groups &&
        scan_and_fit(c, o, &sc, n_groups, n_selected, start_idx, expo_needed) != 0) {
        result = -1;
        goto out;
    }
    if (!n_groups || !sc.n_obs) {
        doc_callout(c->incidents, TONE_UNCERTAIN, "%s",
                    L(c, "Det finns inga månadsvisa antal för de valda områdena och kategorierna "
                         "i perioden; inget kunde skattas.",
                      "There are no monthly counts for the chosen areas and categories in the "
                      "window; nothing could be estimated."));
        count_row_failed(c, o->id, "*", "*", incident_model_name(o->model), "level_change",
                         STAT_R_SCREEN_NO_COUNTS);
        result = 1;
        goto out;
    }
    for (size_t k = 0; k < sc.n_imports; k++)
        eval_note_import(c, sc.imports[k]);

    /* the results file: every series, the main effects adjusted as one family each */
    const char *method = o->model == MODEL_RATE_RATIO ? "poisson_exact"
                                                      : incident_model_name(o->model);
    results_reserve(c->res, o->model == MODEL_RATE_RATIO ? n_groups : 2 * n_groups);
    int fam_main = results_new_family(c->res);
    int fam_slope = o->model == MODEL_RATE_RATIO ? 0 : results_new_family(c->res);
    struct strbuf outcome = STRBUF_INIT;
    for (size_t g = 0; g < n_groups; g++) {
        strbuf_reset(&outcome);
        strbuf_addstr(&outcome, gs[g].category_key);
        results_set_title(c->res, o->id, outcome.buf, L(c, gs[g].label_sv, gs[g].label_en));
        if (o->model == MODEL_RATE_RATIO) {
            count_row(c, o->id, outcome.buf, gs[g].area, method, "rate_ratio",
                      &gs[g].rate_ratio)->family = fam_main;
        } else {
            count_row(c, o->id, outcome.buf, gs[g].area, method, "level_change",
                      &gs[g].level)->family = fam_main;
            count_row(c, o->id, outcome.buf, gs[g].area, method, "slope_change",
                      &gs[g].slope)->family = fam_slope;
        }
    }
    strbuf_release(&outcome);
    size_t n_tested = adjust(o, gs, n_groups);
    char start_text[16];
    date_format(start, start_text, sizeof(start_text));
    report(c, o, gs, n_groups, n_tested, start_text);
    eval_record_design(c, o->id, 2,
                       L(c, "screening: varje serie före/efter med sin egen trend, utan "
                            "jämförelseområde",
                         "screening: each series before/after against its own trend, without a "
                         "comparison area"));
out:
    for (size_t g = 0; g < n_groups; g++) {
        free(gs[g].area);
        free(gs[g].label_sv);
        free(gs[g].label_en);
        free(gs[g].category_key);
        free(gs[g].obs);
    }
    free(gs);
    free(group_of);
    free(expo_member);
    free(sc.imports);
    series_catalog_release(&cat);
    return result;
}
