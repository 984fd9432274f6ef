/*
 * cmd_run — `trygg run SPEC.ini...`: runs evaluations and writes their reports.
 *
 * Each spec is loaded and checked against the database before anything is computed;
 * a spec that fails does not stop the others, and the exit status says that
 * something failed.  Outputs go to DIR/<evaluation id>/: report.html, report.md,
 * results.csv, results.xlsx, run.json, the charts/ folder (an SVG per chart; with --png
 * also a PNG, for slides and word processors: it costs gnuplot ten times an SVG) and,
 * with --tables, the tables/ folder (the report's tables for spreadsheets,
 * report/tables_csv.h); every file is written to a temporary
 * name and renamed, so a killed run never leaves a half-written report behind a good
 * name.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "eval/disclosure.h"
#include "eval/check.h"
#include "eval/criteria_date.h"
#include "eval/evaluate.h"
#include "eval/spec.h"
#include "report/atomicfile.h"
#include "report/html.h"
#include "report/hyphenate.h"
#include "report/markdown.h"
#include "report/plot.h"
#include "report/results_csv.h"
#include "report/results_xlsx.h"
#include "report/runjson.h"
#include "report/tablefmt.h"
#include "report/tables_csv.h"
#include "util/date.h"
#include "util/io.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define DEFAULT_SEED 20180901UL

static void usage(FILE *fp)
{
    fputs("usage: trygg run SPEC.ini [SPEC.ini ...] [options]\n"
          "       trygg run --check SPEC.ini [SPEC.ini ...] [--format text|csv|json]\n"
          "       trygg check SPEC.ini [SPEC.ini ...]   (the same as run --check)\n"
          "\n"
          "Runs the evaluations declared in analysis specs (docs/analysis.md) and writes,\n"
          "per evaluation, DIR/<id>/report.html, report.md, results.csv, results.xlsx,\n"
          "run.json and charts/*.svg (with --png also charts/*.png).  Each spec is\n"
          "checked against the database before anything is computed; one failing spec\n"
          "does not stop the others.\n"
          "\n"
          "With --check nothing is computed: each spec is checked against the database\n"
          "and the design of each analysis is printed (areas, waves or periods, the\n"
          "respondents or counts each holds, the design level), so criteria can be\n"
          "stated and fixed before any result is seen.\n"
          "\n"
          "options:\n"
          "  --check              check the specs and print their designs; no outcome\n"
          "                       is computed and nothing is written\n"
          "  --format F           with --check: text (default), csv or json\n"
          "  --out DIR            output directory (default: out)\n"
          "  --lang sv|en         report language (default: sv)\n"
          "  --min-cell K         withhold every number drawn from fewer than K\n"
          "                       respondents (default: 5)\n"
          "  --seed N             seed for bootstrap intervals (default: 20180901)\n"
          "  --as-of DATE         the evaluation as it could be made on DATE (YYYY-MM-DD,\n"
          "                       1900-01-01 to 2199-12-31):\n"
          "                       only survey waves fielded and incident months complete\n"
          "                       by then (see trygg-run(1)); a spec's decision_date adds\n"
          "                       what was known then beside the run's own answer\n"
          "  --csv-dialect D      results.csv as 'standard' (',' and '.', default) or 'sv'\n"
          "                       (';' and decimal comma, for Swedish Excel)\n"
          "  --tables             also write DIR/<id>/tables/*.csv: every table of the\n"
          "                       report (weighted shares and means per wave, per group\n"
          "                       and wave, answer distributions, with n, interval and\n"
          "                       marks) as the report shows them after disclosure\n"
          "                       control, one CSV per table and index.csv; Swedish CSV\n"
          "                       (';', decimal comma) with --lang sv, ',' and '.' with\n"
          "                       --lang en, unless --csv-dialect is given\n"
          "  --plots DIR          gnuplot templates (default: $TRYGG_PLOTS, ./plots, then\n"
          "                       the installed ones)\n"
          "  --png                also draw each chart as a PNG at twice the size, for\n"
          "                       slides and word processors (report.md then shows the\n"
          "                       PNGs); by default only SVG, which report.html inlines\n"
          "                       and report.md shows\n"
          "  --no-charts          tables only: draw no charts (gnuplot is not run)\n"
          "  --anonymous-paths    name the spec by its file name only in the reports and\n"
          "                       run.json (by default its path relative to the working\n"
          "                       directory)\n"
          "  --db PATH            database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -q, --quiet          print only problems\n"
          "  -h, --help           this help\n"
          "\n"
          "exit status: 0 all evaluations written (--check: all specs accepted); 1 a spec\n"
          "was refused (or does not exist, may not be read, is not a regular file) or\n"
          "an outcome could not be analysed; 2 usage; 3 system error: an I/O error\n"
          "reading a spec or writing a report, or the database failed\n",
          fp);
}

struct run_options {
    const char *out_dir;
    const char *plots_dir;
    bool no_charts;
    bool png; /* --png: each chart also as charts/<name>.png */
    enum csv_dialect dialect;
    bool dialect_given; /* --csv-dialect: the tables follow it, else the language */
    bool tables;        /* --tables */
    struct eval_options eval;
    bool quiet;
    bool check;
    bool anonymous; /* --anonymous-paths */
    const char *format; /* --check: text, csv, json */
};

/*
 * mkdir -p with the user's umask, but never world-writable.  The folders trygg makes
 * under --out (DIR/<id> and its charts) must be real folders: a symbolic link there is
 * refused, never followed, so a link planted in an output tree cannot send the
 * reports elsewhere.  `from` is the length of the prefix (--out) the user chose, which
 * may itself be a link.
 */
static int make_dirs(const char *path, size_t from, struct diag_list *dl)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, path);
    for (size_t i = 1; i <= sb.len; i++) {
        if (sb.buf[i] != '/' && sb.buf[i] != '\0')
            continue;
        char saved = sb.buf[i];
        sb.buf[i] = '\0';
        if (mkdir(sb.buf, 0777) == 0) {
            struct stat st;
            if (stat(sb.buf, &st) == 0 && (st.st_mode & S_IWOTH))
                chmod(sb.buf, st.st_mode & 07777 & ~(mode_t)S_IWOTH);
        } else if (errno != EEXIST) {
            diag_error(dl, sb.buf, 0, 0, "cannot create directory: %s", strerror(errno));
            strbuf_release(&sb);
            return -1;
        }
        struct stat st;
        if (i > from && lstat(sb.buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
            diag_error(dl, sb.buf, 0, 0,
                       S_ISLNK(st.st_mode)
                           ? "is a symbolic link: trygg does not write reports through links "
                             "(remove it)"
                           : "is not a folder");
            strbuf_release(&sb);
            return -1;
        }
        sb.buf[i] = saved;
    }
    strbuf_release(&sb);
    return 0;
}

/*
 * results.xlsx on the second core.  The workbook is the largest output to write (a
 * screening of 5,800 series: ~10 MB of sheet XML, deflated) and depends on nothing
 * the other outputs write: it reads the finished evaluation, which nothing changes
 * while the outputs are written, and reports into a diagnostic list of its own,
 * merged into the run's once it is done.  Without a thread it is written where it
 * is waited for, after report.md.
 */
struct xlsx_job {
    const struct evaluation *ev;
    char *path;
    struct diag_list dl;
    int rc;
    bool started; /* a thread runs it */
    bool done;
};

static void *xlsx_thread(void *arg)
{
    struct xlsx_job *j = arg;
    j->rc = results_xlsx_write(j->ev, j->path, &j->dl);
    return NULL;
}

static void xlsx_job_start(struct xlsx_job *j, pthread_t *th, const struct evaluation *ev,
                           const char *dir)
{
    struct strbuf path = STRBUF_INIT;
    strbuf_addf(&path, "%s/results.xlsx", dir);
    j->ev = ev;
    j->path = strbuf_detach(&path);
    diag_list_init(&j->dl, DIAG_DEFAULT_MAX_ERRORS);
    j->rc = -1;
    j->done = false;
    /* TRYGG_THREADS=1: the workbook in turn, on this thread.  Fault-injection tests
     * (tests/e2e/test_faults.c) replay the same faults only when the system calls
     * come in the same order every run. */
    j->started = !io_single_thread() && pthread_create(th, NULL, xlsx_thread, j) == 0;
}

/* Waits for the workbook (or writes it here), moves its messages to dl; returns its
 * status.  Safe to call twice. */
static int xlsx_job_finish(struct xlsx_job *j, pthread_t *th, struct diag_list *dl)
{
    if (!j->path || j->done)
        return j->rc;
    if (j->started)
        pthread_join(*th, NULL);
    else
        xlsx_thread(j);
    j->done = true;
    for (size_t i = 0; i < j->dl.n; i++) {
        const struct diag *d = &j->dl.items[i];
        diag_add(dl, d->level, d->file, d->line, d->column, "%s", d->message);
    }
    diag_list_release(&j->dl);
    free(j->path);
    j->path = NULL;
    return j->rc;
}

static void plot_opts(const struct run_options *ro, struct plot_options *po)
{
    memset(po, 0, sizeof(*po));
    po->plots_dir = ro->plots_dir;
    po->png = ro->png;
}

/* Writes the outputs.  The workbook is written on a thread of its own (above) and
 * the charts by gnuplot processes (pool: started before the evaluation, so they load
 * while it computes) while results.csv and the tables are written; report.html and
 * report.md, which show the charts, come after. */
static int write_outputs(const struct evaluation *ev, const struct run_options *ro,
                         struct plot_pool *pool, struct diag_list *dl, bool *charts_missing)
{
    struct strbuf dir = STRBUF_INIT, charts = STRBUF_INIT, path = STRBUF_INIT;
    strbuf_addf(&dir, "%s/%s", ro->out_dir, ev->id);
    strbuf_addf(&charts, "%s/charts", dir.buf);
    int rc = -1;
    const char *notes[1];
    size_t n_notes = 0;
    struct xlsx_job xj = {0};
    pthread_t xth;
    struct plot_job *job = NULL;
    enum plot_status ps = PLOT_OK;
    if (make_dirs(charts.buf, strlen(ro->out_dir), dl) != 0)
        goto out;
    xlsx_job_start(&xj, &xth, ev, dir.buf);
    struct plot_options po;
    plot_opts(ro, &po);
    if (!ro->no_charts)
        job = plot_begin_doc(ev->doc, charts.buf, &po, pool, dl);

    strbuf_addf(&path, "%s/results.csv", dir.buf);
    if (results_csv_write(&ev->results, ro->dialect, path.buf, dl) != 0)
        goto out;
    if (ro->tables) {
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/tables", dir.buf);
        enum csv_dialect td = ro->dialect_given                   ? ro->dialect
                              : !strcmp(ev->doc->lang, "en") ? CSV_STANDARD
                                                                  : CSV_SWEDISH;
        if (make_dirs(path.buf, strlen(ro->out_dir), dl) != 0 ||
            tables_csv_write(ev->doc, td, path.buf, dl) != 0)
            goto out;
    }

    ps = plot_finish_doc(job, dl);
    job = NULL;
    *charts_missing = ps != PLOT_OK;
    if (ro->no_charts)
        notes[n_notes++] = "charts not drawn (--no-charts): the report has tables only";
    else if (ps == PLOT_NO_GNUPLOT)
        notes[n_notes++] = "gnuplot is not installed: the report has tables but no charts";
    else if (ps == PLOT_FAILED)
        notes[n_notes++] = "some charts could not be drawn (see the messages)";
    struct html_options ho = {charts.buf, "charts", NULL, ro->png};
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/report.html", dir.buf);
    if (html_write(ev->doc, &ho, path.buf, dl) != 0)
        goto out;
    struct markdown_options mo = {charts.buf, "charts", NULL, ro->png};
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/report.md", dir.buf);
    if (markdown_write(ev->doc, &mo, path.buf, dl) != 0)
        goto out;
    if (xlsx_job_finish(&xj, &xth, dl) != 0)
        goto out;
    /* what this run wrote: the chart files as the formats drawn */
    const char *files[8];
    size_t n_files = 0;
    files[n_files++] = "report.html";
    files[n_files++] = "report.md";
    files[n_files++] = "results.csv";
    files[n_files++] = "results.xlsx";
    files[n_files++] = "run.json";
    if (!ro->no_charts && ps != PLOT_NO_GNUPLOT) {
        files[n_files++] = "charts/*.svg";
        if (ro->png)
            files[n_files++] = "charts/*.png";
    }
    if (ro->tables)
        files[n_files++] = "tables/";
    json_t *j = runjson_build(ev, files, n_files, notes, n_notes);
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    strbuf_reset(&path);
    strbuf_addf(&path, "%s/run.json", dir.buf);
    if (text) {
        struct strbuf t = STRBUF_INIT;
        strbuf_addf(&t, "%s\n", text);
        rc = atomicfile_write_all(path.buf, t.buf, t.len, dl);
        strbuf_release(&t);
        free(text);
    }
out:
    if (job) { /* a write failed while the charts were drawn: let them finish */
        struct diag_list quiet;
        diag_list_init(&quiet, DIAG_DEFAULT_MAX_ERRORS);
        plot_finish_doc(job, &quiet);
        diag_list_release(&quiet);
    }
    xlsx_job_finish(&xj, &xth, dl); /* a failure before it: wait, keep its messages */
    strbuf_release(&dir);
    strbuf_release(&charts);
    strbuf_release(&path);
    return rc;
}

/* --check: loads and checks one spec, prints the design of each analysis; computes
 * nothing.  Returns an exit code. */
static int check_one(struct store *st, const char *spec_path, const struct run_options *ro,
                     json_t *json)
{
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct spec *spec = spec_load(spec_path, &dl);
    int checked = spec ? spec_check(spec, st, &dl) : -1;
    if (checked != 0) {
        cli_print_diags(&dl);
        /* the database failed, or the spec could not be read for an I/O error
         * (util/io.h): not a verdict on the spec */
        if (checked == -1 && diag_system_failed(&dl))
            checked = -3;
        if (checked == -2)
            cli_error("%s: not checked: the database could not be read", spec_path);
        else if (checked == -3)
            cli_error("%s: not checked: the file could not be read", spec_path);
        else
            cli_error("%s: refused (nothing was computed)", spec_path);
        spec_free(spec);
        diag_list_release(&dl);
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "spec", json_string(spec_path));
            json_object_set_new(o, "accepted", json_false());
            json_array_append_new(json, o);
        }
        return checked == -2 || checked == -3 ? EXIT_SYSTEM : EXIT_DATA;
    }
    struct table *designs = NULL, *cells = NULL;
    int status = EXIT_OK;
    if (check_design(spec, st, &designs, &cells, &dl) != 0) {
        cli_print_diags(&dl);
        status = EXIT_SYSTEM;
    } else if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "spec", json_string(spec_path));
        json_object_set_new(o, "evaluation", json_string(spec->id));
        json_object_set_new(o, "accepted", json_true());
        json_object_set_new(o, "sha256", json_string(spec->sha256));
        json_object_set_new(o, "design", tablefmt_json(designs));
        json_object_set_new(o, "cells", tablefmt_json(cells));
        json_array_append_new(json, o);
    } else if (!strcmp(ro->format, "csv")) {
        printf("# %s: design\n", spec_path);
        tablefmt_csv(stdout, designs, ',');
        printf("\n# %s: cells\n", spec_path);
        tablefmt_csv(stdout, cells, ',');
    } else {
        if (dl.n)
            cli_print_diags(&dl);
        printf("%s: evaluation '%s' accepted against the database; nothing was computed\n\n",
               spec_path, spec->id);
        tablefmt_text(stdout, designs);
        fputc('\n', stdout);
        tablefmt_text(stdout, cells);
        fputc('\n', stdout);
    }
    table_free(designs);
    table_free(cells);
    spec_free(spec);
    diag_list_release(&dl);
    return status;
}

/* Runs one spec; returns an exit code.  pool: gnuplots started for it before (taken
 * over, freed here), or NULL to start them here. */
static int run_one(struct store *st, const char *spec_path, const struct run_options *ro,
                   struct plot_pool *pool)
{
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    int status = EXIT_OK;
    struct spec *spec = spec_load(spec_path, &dl);
    int checked = spec ? spec_check(spec, st, &dl) : -1;
    if (checked != 0) {
        cli_print_diags(&dl);
        /* the database failed, or the spec could not be read for an I/O error
         * (util/io.h): not a verdict on the spec */
        if (checked == -1 && diag_system_failed(&dl))
            checked = -3;
        if (checked == -2)
            cli_error("%s: not run: the database could not be read", spec_path);
        else if (checked == -3)
            cli_error("%s: not run: the file could not be read", spec_path);
        else
            cli_error("%s: refused before anything was computed", spec_path);
        spec_free(spec);
        diag_list_release(&dl);
        plot_pool_free(pool);
        return checked == -2 || checked == -3 ? EXIT_SYSTEM : EXIT_DATA;
    }
    /* The reports and run.json name the spec as imports name their files: relative to
     * the working directory (an absolute path would tell where the user keeps it), or
     * by its file name only. */
    char *recorded = cli_recorded_path(spec_path, ro->anonymous);
    if (recorded) {
        free(spec->path);
        spec->path = recorded;
    }
    struct plot_options po;
    plot_opts(ro, &po);
    if (!pool && !ro->no_charts)
        pool = plot_pool_start(&po);
    /* the other gnuplots (one per core) load while this evaluation computes: started
     * with the first, they had taken the run's own core during the collecting pass */
    plot_pool_fill(pool);
    hyphenator_prefetch(ro->eval.lang); /* report.html's patterns, read meanwhile */
    struct evaluation ev;
    if (evaluation_run(st, spec, &ro->eval, &ev, &dl) != 0) {
        cli_print_diags(&dl);
        cli_error("%s: the evaluation failed", spec_path);
        status = EXIT_SYSTEM;
    } else {
        bool charts_missing = false;
        if (write_outputs(&ev, ro, pool, &dl, &charts_missing) != 0) {
            cli_print_diags(&dl);
            cli_error("%s: the report could not be written", spec_path);
            status = EXIT_SYSTEM; /* the criteria's first run is not kept (release) */
        } else if (criteria_date_keep(&ev, &dl) != 0) {
            cli_print_diags(&dl);
            cli_error("%s: the report was written, but the date its decision criteria were "
                      "first run could not be kept in the database",
                      spec_path);
            status = EXIT_SYSTEM;
        } else {
            if (dl.n)
                cli_print_diags(&dl);
            if (!ro->quiet) {
                size_t met = 0, not_met = 0, unclear = 0;
                for (size_t i = 0; i < ev.n_criteria; i++) {
                    met += ev.criteria[i].verdict == VERDICT_MET;
                    not_met += ev.criteria[i].verdict == VERDICT_NOT_MET;
                    unclear += ev.criteria[i].verdict == VERDICT_INCONCLUSIVE;
                }
                printf("%s: %s/%s/report.html (%zu result rows; criteria: %zu met, %zu not "
                       "met, %zu inconclusive%s)\n",
                       ev.id, ro->out_dir, ev.id, ev.results.n, met, not_met, unclear,
                       charts_missing ? "; some charts missing" : "");
            }
            if (ev.n_failed_outcomes) {
                cli_error("%s: %zu outcome%s could not be analysed (see the report)", spec_path,
                          ev.n_failed_outcomes, ev.n_failed_outcomes == 1 ? "" : "s");
                status = EXIT_DATA;
            }
        }
        evaluation_release(&ev);
    }
    plot_pool_free(pool);
    hyphenator_prefetch_drop();
    spec_free(spec);
    diag_list_release(&dl);
    return status;
}

int cmd_run(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},         {"lang", required_argument, NULL, 'l'},
        {"min-cell", required_argument, NULL, 'm'},    {"seed", required_argument, NULL, 's'},
        {"csv-dialect", required_argument, NULL, 'c'}, {"plots", required_argument, NULL, 'p'},
        {"no-charts", no_argument, NULL, 'n'},       {"check", no_argument, NULL, 'C'},
        {"png", no_argument, NULL, 'P'},
        {"tables", no_argument, NULL, 'T'},
        {"format", required_argument, NULL, 'F'},
        {"as-of", required_argument, NULL, 'a'},
        {"anonymous-paths", no_argument, NULL, 'A'},
        {"db", required_argument, NULL, 'D'},          {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},              {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    struct run_options ro;
    memset(&ro, 0, sizeof(ro));
    ro.out_dir = "out";
    ro.eval.lang = "sv";
    ro.eval.min_cell = 5;
    ro.eval.seed = DEFAULT_SEED;
    ro.plots_dir = getenv("TRYGG_PLOTS");
    ro.format = "text";
    ro.check = !strcmp(argv[0], "check"); /* `trygg check` = `trygg run --check` */
    int c;
    int64_t v;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (!*optarg)
                return cli_usage_error("--out needs a directory");
            ro.out_dir = optarg;
            break;
        case 'l':
            if (strcmp(optarg, "sv") && strcmp(optarg, "en"))
                return cli_usage_error("--lang '%s': use sv or en", optarg);
            ro.eval.lang = optarg;
            break;
        case 'm':
            if (num_parse_int64(optarg, strlen(optarg), &v) != NUM_OK || v < 1 || v > 100000)
                return cli_usage_error("--min-cell '%s': use a whole number from 1", optarg);
            ro.eval.min_cell = (int)v;
            break;
        case 's':
            if (num_parse_int64(optarg, strlen(optarg), &v) != NUM_OK || v < 0 ||
                (uint64_t)v > ULONG_MAX)
                return cli_usage_error("--seed '%s': use a whole number of 0 or more", optarg);
            ro.eval.seed = (unsigned long)v;
            break;
        case 'c': {
            enum csv_dialect d;
            if (csv_dialect_parse(optarg, &d) != 0)
                return cli_usage_error("--csv-dialect '%s': use standard or sv", optarg);
            ro.dialect = d;
            ro.dialect_given = true;
            break;
        }
        case 'p':
            ro.plots_dir = optarg;
            break;
        case 'n':
            ro.no_charts = true;
            break;
        case 'P':
            ro.png = true;
            break;
        case 'C':
            ro.check = true;
            break;
        case 'T':
            ro.tables = true;
            break;
        case 'A':
            ro.anonymous = true;
            break;
        case 'F':
            if (strcmp(optarg, "text") && strcmp(optarg, "csv") && strcmp(optarg, "json"))
                return cli_usage_error("--format '%s': use text, csv or json", optarg);
            ro.format = optarg;
            break;
        case 'a':
            if (date_parse(optarg, strlen(optarg), &ro.eval.as_of) != DATE_DAY)
                return date_outside_range(optarg, strlen(optarg)) == DATE_DAY
                           ? cli_usage_error("--as-of '%s': outside the dates trygg reads "
                                             "(" DATE_RANGE_DAYS ")",
                                             optarg)
                           : cli_usage_error("--as-of '%s': use a date YYYY-MM-DD", optarg);
            ro.eval.has_as_of = true;
            break;
        case 'D':
            opts.db_path = optarg;
            break;
        case 'q':
            ro.quiet = true;
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("run: unknown or incomplete option '%s' (see 'trygg run "
                                   "--help')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("%s: name at least one evaluation spec (analysis/NAME.ini)",
                               ro.check ? "check" : "run");
    if (ro.check && ro.tables)
        return cli_usage_error("check: --tables is for a run (--check writes nothing)");
    if (ro.png && ro.no_charts)
        return cli_usage_error("run: --png draws the charts as PNG too; --no-charts draws none");
    if (ro.check && ro.png)
        return cli_usage_error("check: --png is for a run (--check writes nothing)");
    if (!ro.check && strcmp(ro.format, "text"))
        return cli_usage_error("run: --format is for --check (reports are written as files)");
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_READ, &dl);
    if (!st) {
        cli_print_diags(&dl);
        diag_list_release(&dl);
        return EXIT_SYSTEM;
    }
    diag_list_release(&dl);
    /* Disclosure control over every table of the run: the cells of all specs are
     * collected first (their problems are reported by the real run below), decided
     * together, and only then anything is written. */
    ro.eval.disc = disclosure_new(ro.eval.min_cell);
    ro.eval.survey_cache = eval_survey_cache_new(); /* respondents read once per run */
    /* The first evaluation's gnuplots start now, before the collecting pass: each
     * loads its ~80 libraries (~45 ms of CPU) on the other core while the specs are
     * read and computed. */
    struct plot_pool *first_pool = NULL;
    if (!ro.check && !ro.no_charts) {
        struct plot_options po;
        plot_opts(&ro, &po);
        first_pool = plot_pool_start(&po);
    }
    ro.eval.collecting = true;
    /* A spec whose collecting pass failed on the database announced none or only some of
     * its cells: published after the decision, its unannounced cells would be withheld
     * and the report would say less than the data do, as if that were all.  It is not
     * run (exit 3, the failure said here). */
    bool *collect_failed = xcalloc((size_t)argc, sizeof(*collect_failed));
    for (int i = optind; i < argc; i++) {
        struct diag_list scratch;
        diag_list_init(&scratch, DIAG_DEFAULT_MAX_ERRORS);
        struct spec *spec = spec_load(argv[i], &scratch);
        int checked = spec ? spec_check(spec, st, &scratch) : -1;
        if (checked == 0) {
            struct evaluation pre;
            if (evaluation_run(st, spec, &ro.eval, &pre, &scratch) != 0)
                checked = -2;
            evaluation_release(&pre);
        }
        if (checked == -2 && !ro.check) {
            collect_failed[i] = true;
            cli_print_diags(&scratch);
            cli_error("%s: the evaluation failed", argv[i]);
        }
        spec_free(spec);
        diag_list_release(&scratch);
    }
    ro.eval.collecting = false;
    disclosure_solve(ro.eval.disc);
    evaluation_audit_disclosure(ro.eval.disc);
    struct disclosure_stats dst;
    disclosure_get_stats(ro.eval.disc, &dst);
    if (!dst.exhaustive)
        fprintf(stderr,
                "trygg: warning: --min-cell %d: too many small groups to check every "
                "combination of them; groups of up to a few atoms were checked "
                "(docs/methods/evaluations.md)\n",
                ro.eval.min_cell);
    int status = EXIT_OK;
    json_t *json = ro.check && !strcmp(ro.format, "json") ? json_array() : NULL;
    for (int i = optind; i < argc; i++) {
        struct plot_pool *pool = i == optind ? first_pool : NULL;
        int s = collect_failed[i] ? EXIT_SYSTEM
                : ro.check        ? check_one(st, argv[i], &ro, json)
                                  : run_one(st, argv[i], &ro, pool);
        if (collect_failed[i])
            plot_pool_free(pool);
        if (s == EXIT_SYSTEM || (s != EXIT_OK && status == EXIT_OK))
            status = s;
    }
    free(collect_failed);
    disclosure_free(ro.eval.disc);
    eval_survey_cache_free(ro.eval.survey_cache);
    if (json) {
        json_dumpf(json, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(json);
    }
    store_close(st);
    return cli_finish(status);
}
