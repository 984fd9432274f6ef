/*
 * Unit tests for src/lib/report/gnuplot.c and plot.c: the quoting of strings into gnuplot
 * scripts (read back by a real gnuplot), running gnuplot (missing program, failure,
 * time limit), and drawing every chart kind with hostile labels.
 *
 * `make check` installs gnuplot-nox, so these tests run gnuplot for real; a missing
 * gnuplot is a failure, not a skip.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "eval/chart.h"
#include "eval/doc.h"
#include "report/gnuplot.h"
#include "report/plot.h"
#include "util/date.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The labels of the issue, plus their relatives. */
static const char HOSTILE[] = "\"); system(\"touch /tmp/pwned\"); #";
static const char HOSTILE_BQ[] = "`touch /tmp/pwned2`";

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Runs a gnuplot script given as text; returns its exit status. */
static int run_gnuplot_text(const char *dir, const char *script)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/t.gp", dir);
    write_file(path, script, strlen(script));
    const char *argv[] = {"gnuplot", "-d", path, NULL};
    struct run_result rr;
    int st = run_program(argv, NULL, &rr);
    if (st != 0)
        print_error("gnuplot: %s\n", rr.err);
    run_result_release(&rr);
    return st;
}

/* Quotes `text`, lets gnuplot print the string back, and compares with `expect`. */
static void round_trip(const char *dir, const char *text, unsigned flags, const char *expect)
{
    char out[4096];
    snprintf(out, sizeof(out), "%s/out.txt", dir);
    unlink(out);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "set print '%s'\ns = ", out);
    gp_quote(&sb, text, flags);
    strbuf_addstr(&sb, "\nprint s\nunset print\n");
    assert_int_equal(run_gnuplot_text(dir, sb.buf), 0);
    size_t len;
    char *got = slurp(out, &len);
    assert_non_null(got);
    assert_true(len > 0 && got[len - 1] == '\n');
    got[len - 1] = '\0';
    assert_string_equal(got, expect);
    free(got);
    strbuf_release(&sb);
}

static void quote_literal_forms(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    gp_quote(&sb, "it's", GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "'it' . \"'\" . 's'");
    strbuf_reset(&sb);
    gp_quote(&sb, "''x'", GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "\"'\" . \"'\" . 'x' . \"'\"");
    strbuf_reset(&sb);
    gp_quote(&sb, "a\nb\tc\x01" "d\x7f", GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "'a b c d '");
    strbuf_reset(&sb);
    gp_quote(&sb, "50%", GP_QUOTE_FORMAT);
    assert_string_equal(sb.buf, "'50%%'");
    strbuf_reset(&sb);
    gp_quote(&sb, "50%", GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "'50%'");
    strbuf_reset(&sb);
    gp_quote(&sb, "bad \xff\xfe utf8 \xc3", GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "'bad \xEF\xBF\xBD\xEF\xBF\xBD utf8 \xEF\xBF\xBD'");
    strbuf_reset(&sb);
    gp_quote(&sb, "C1\xc2\x85x", GP_QUOTE_PLAIN); /* NEL */
    assert_string_equal(sb.buf, "'C1 x'");
    strbuf_reset(&sb);
    gp_quote(&sb, NULL, GP_QUOTE_PLAIN);
    assert_string_equal(sb.buf, "''");
    strbuf_reset(&sb);
    size_t lines = gp_quote_wrapped(&sb, "Övriga kommunen utom centrum", GP_QUOTE_PLAIN, 10);
    assert_string_equal(sb.buf, "'Övriga' . \"\\n\" . 'kommunen' . \"\\n\" . 'utom' . \"\\n\" . 'centrum'");
    assert_int_equal(lines, 4);
    strbuf_release(&sb);
}

static void quote_caps_length_on_a_character_boundary(void **state)
{
    (void)state;
    size_t n = 100 * 1024;
    char *big = xmalloc(n + 1);
    for (size_t i = 0; i < n; i += 2) {
        big[i] = (char)0xC3; /* å å å ... */
        big[i + 1] = (char)0xA5;
    }
    big[n] = '\0';
    struct strbuf sb = STRBUF_INIT;
    gp_quote(&sb, big, GP_QUOTE_PLAIN);
    assert_true(sb.len <= GP_QUOTE_MAX + 2 + 3);
    assert_true(sb.buf[0] == '\'' && sb.buf[sb.len - 1] == '\'');
    /* ends with the ellipsis, after whole characters only */
    assert_memory_equal(sb.buf + sb.len - 4, "\xE2\x80\xA6'", 4);
    assert_true((sb.len - 5) % 2 == 0);
    strbuf_release(&sb);
    free(big);
}

/* printf's reading of a template with only "%s" and "%%" in it, without handing
 * printf a format that is not a literal. */
static void fill(char *out, size_t size, const char *tmpl, const char *marker)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *c = tmpl; *c; c++) {
        if (c[0] == '%' && c[1] == 's') {
            strbuf_addstr(&sb, marker);
            c++;
        } else if (c[0] == '%' && c[1] == '%') {
            strbuf_addch(&sb, '%');
            c++;
        } else {
            strbuf_addch(&sb, *c);
        }
    }
    snprintf(out, size, "%s", sb.buf);
    strbuf_release(&sb);
}

static void hostile_strings_come_back_as_text(void **state)
{
    (void)state;
    char *dir = make_temp_dir("gpquote");
    char marker[4096], expect[8192];
    snprintf(marker, sizeof(marker), "%s/pwned", dir);
    struct { const char *fmt; const char *expect_fmt; unsigned flags; } cases[] = {
        {"\"); system(\"touch %s\"); #", NULL, 0},
        {"`touch %s`", NULL, 0},
        {"' . system('touch %s') . '", NULL, 0},
        {"''' %s", NULL, 0},
        {"", NULL, 0},
        {"'", NULL, 0},
        {"$(touch %s)", NULL, 0},
        {"x'\nsystem('touch %s')\n#", "x' system('touch %s') #", 0},
        {"a\\' . system(\"touch %s\") . '\\", NULL, 0},
        {"%%n%%s 50%% '%s'", NULL, 0},
        {"%%n%%s 50%% '%s'", NULL, GP_QUOTE_FORMAT},
        {"{/Symbol a}^2_x @ & %s", NULL, 0},
        /* a right-to-left override becomes a blank, as control characters do (issue 14) */
        {"Åkersberga «centrum» %s \xE2\x80\xAE", "Åkersberga «centrum» %s  ", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char text[8192];
        fill(text, sizeof(text), cases[i].fmt, marker);
        fill(expect, sizeof(expect), cases[i].expect_fmt ? cases[i].expect_fmt : cases[i].fmt,
             marker);
        if (cases[i].flags & GP_QUOTE_FORMAT) {
            /* printed by `print`, not used as a format: the doubled % shows */
            struct strbuf e = STRBUF_INIT;
            for (const char *c = expect; *c; c++) {
                if (*c == '%')
                    strbuf_addch(&e, '%');
                strbuf_addch(&e, *c);
            }
            round_trip(dir, text, cases[i].flags, e.buf);
            strbuf_release(&e);
        } else {
            round_trip(dir, text, cases[i].flags, expect);
        }
        assert_false(exists(marker));
    }
    rm_rf(dir);
    free(dir);
}

static void tic_labels_with_percent_are_safe_as_formats(void **state)
{
    (void)state;
    char *dir = make_temp_dir("gptic");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "set terminal svg noenhanced\nset output '%s/t.svg'\nset xtics (", dir);
    gp_quote(&sb, "%n %s 50% ok", GP_QUOTE_FORMAT);
    strbuf_addstr(&sb, " 1)\nplot [0:2] x\nunset output\n");
    assert_int_equal(run_gnuplot_text(dir, sb.buf), 0);
    char path[4096];
    snprintf(path, sizeof(path), "%s/t.svg", dir);
    char *svg = slurp(path, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "%n %s 50% ok"));
    free(svg);
    strbuf_release(&sb);
    rm_rf(dir);
    free(dir);
}

static void number_is_locale_free(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    gp_number(&sb, 0.1);
    strbuf_addch(&sb, ' ');
    gp_number(&sb, -2.5e-300);
    strbuf_addch(&sb, ' ');
    gp_number(&sb, NAN);
    strbuf_addch(&sb, ' ');
    gp_number(&sb, INFINITY);
    assert_string_equal(sb.buf, "0.1 -2.5e-300 NaN NaN");
    strbuf_release(&sb);
}

static void run_reports_missing_program(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct gp_run_options opt = {"trygg-no-such-gnuplot", 0};
    assert_int_equal(gp_run("/dev/null", "chart 'x'", &opt, &dl), GP_NOT_INSTALLED);
    assert_int_equal(dl.n_errors, 1);
    assert_non_null(strstr(dl.items[0].message, "not installed"));
    diag_list_release(&dl);
}

static void run_reports_failure_with_stderr(void **state)
{
    (void)state;
    char *dir = make_temp_dir("gpfail");
    char path[4096];
    snprintf(path, sizeof(path), "%s/bad.gp", dir);
    write_file(path, "this is not gnuplot\n", 20);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(gp_run(path, "chart 'bad'", NULL, &dl), GP_FAILED);
    assert_int_equal(dl.n_errors, 1);
    assert_non_null(strstr(dl.items[0].message, "chart 'bad'"));
    assert_non_null(strstr(dl.items[0].message, "invalid command"));
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void run_kills_after_timeout(void **state)
{
    (void)state;
    char *dir = make_temp_dir("gpslow");
    char path[4096];
    snprintf(path, sizeof(path), "%s/slow.gp", dir);
    write_file(path, "pause 30\n", 9);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct gp_run_options opt = {NULL, 300};
    assert_int_equal(gp_run(path, "chart 'slow'", &opt, &dl), GP_TIMEOUT);
    assert_int_equal(dl.n_errors, 1);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* A gnuplot started ahead with its script through the pipe: it runs what it is sent
 * as a script file (the first error is a failure with its line), an unsent script is
 * an empty one, a process never used is killed and reaped, a script that outlasts its
 * time limit (counted from gp_wait) is stopped. */
static void piped_script_runs_like_a_file(void **state)
{
    (void)state;
    char *dir = make_temp_dir("gppipe");
    char out[4096];
    snprintf(out, sizeof(out), "%s/out.txt", dir);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "set print '%s'\nprint 6*7\nunset print\n", out);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct gp_proc p = GP_PROC_INIT;
    assert_int_equal(gp_start(&p, NULL, "test", NULL, &dl), GP_OK);
    assert_true(p.pid > 0 && p.in_fd >= 0);
    assert_int_equal(gp_send(&p, sb.buf, sb.len), 0);
    assert_int_equal(gp_wait(&p, "test", NULL, &dl), GP_OK);
    assert_int_equal(dl.n, 0);
    size_t len = 0;
    char *text = slurp(out, &len);
    assert_non_null(text);
    assert_string_equal(text, "42\n");
    free(text);

    const char *bad = "print 1\nthis is not gnuplot\nprint 2\n";
    assert_int_equal(gp_start(&p, NULL, "chart 'bad'", NULL, &dl), GP_OK);
    gp_send(&p, bad, strlen(bad));
    assert_int_equal(gp_wait(&p, "chart 'bad'", NULL, &dl), GP_FAILED);
    assert_int_equal(dl.n_errors, 1);
    assert_non_null(strstr(dl.items[0].message, "line 2: invalid command"));

    assert_int_equal(gp_start(&p, NULL, "test", NULL, &dl), GP_OK);
    assert_int_equal(gp_wait(&p, "test", NULL, &dl), GP_OK); /* nothing sent */
    assert_int_equal(gp_start(&p, NULL, "test", NULL, &dl), GP_OK);
    gp_abort(&p);
    assert_int_equal(p.pid, -1);
    gp_abort(&p); /* twice is harmless */

    struct gp_run_options slow = {NULL, 300};
    assert_int_equal(gp_start(&p, NULL, "chart 'slow'", &slow, &dl), GP_OK);
    gp_send(&p, "pause 30\n", 9);
    assert_int_equal(gp_wait(&p, "chart 'slow'", &slow, &dl), GP_TIMEOUT);
    assert_int_equal(dl.n_errors, 2);

    struct gp_run_options missing = {"trygg-no-such-gnuplot", 0};
    assert_int_equal(gp_start(&p, NULL, "test", &missing, &dl), GP_NOT_INSTALLED);
    assert_int_equal(p.pid, -1);
    strbuf_release(&sb);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* ------------------------------------------------------------ charts */

static void set_text(char **field, const char *text)
{
    free(*field);
    *field = xstrdup(text);
}

static struct chart *sample_chart(enum chart_kind kind, const char *name)
{
    struct chart *c = chart_new(kind, name, HOSTILE);
    set_text(&c->xlabel, HOSTILE_BQ);
    set_text(&c->ylabel, "y <&> \"q\"");
    set_text(&c->alt, "Alt text");
    const char *cats[] = {HOSTILE, "Åkersberga"};
    double y[] = {0.4, 0.3}, lo[] = {0.35, 0.25}, hi[] = {0.45, 0.35};
    switch (kind) {
    case CHART_BARS_CI:
    case CHART_FOREST:
    case CHART_TREND:
        chart_set_categories(c, cats, 2);
        chart_add_series(c, HOSTILE_BQ, 2, NULL, y, lo, hi, 0);
        chart_add_series(c, "second", 2, NULL, lo, NULL, NULL, 0);
        if (kind == CHART_FOREST) {
            c->reference = 1;
            c->log_scale = true;
        }
        c->percent = kind != CHART_FOREST;
        break;
    case CHART_TIMESERIES: {
        double x[24], v[24], f[24], l[24], h[24];
        for (int i = 0; i < 24; i++) {
            x[i] = 17532 + 30.4 * i;
            v[i] = 10 + (i % 5);
            f[i] = 12;
            l[i] = 10;
            h[i] = 14;
        }
        chart_add_series(c, HOSTILE_BQ, 24, x, v, NULL, NULL, 0);
        chart_add_series(c, "fitted", 24, x, f, NULL, NULL, 1);
        chart_add_series(c, "counterfactual", 24, x, f, l, h, 2);
        c->x_dates = true;
        c->has_marker = true;
        c->marker_x = 17532 + 30.4 * 12;
        c->marker_label = xstrdup(HOSTILE);
        break;
    }
    case CHART_STACKED: {
        chart_set_categories(c, cats, 2);
        const char *segs[] = {HOSTILE_BQ, "b", "c"};
        double v[] = {0.3, 0.5, 0.2, 0.25, 0.5, 0.25};
        chart_set_segments(c, segs, 3, v, 1);
        break;
    }
    }
    return c;
}

static size_t count_entries(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.' || (prefix && strncmp(e->d_name, prefix, strlen(prefix)) == 0))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
                n++;
    closedir(d);
    return n;
}

static void every_kind_draws_hostile_labels_as_text(void **state)
{
    (void)state;
    unlink("/tmp/pwned");
    unlink("/tmp/pwned2");
    char *dir = make_temp_dir("plot");
    char charts[2048];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    static const char *const names[] = {"bars", "ts", "stacked", "forest", "trend"};
    enum chart_kind kinds[] = {CHART_BARS_CI, CHART_TIMESERIES, CHART_STACKED, CHART_FOREST,
                               CHART_TREND};
    for (size_t k = 0; k < 5; k++) {
        struct chart *c = sample_chart(kinds[k], names[k]);
        struct diag_list dl;
        diag_list_init(&dl, 0);
        struct plot_options opt = {"plots", {NULL, 0}, "sv", true}; /* and the PNG */
        enum plot_status st = plot_render(c, charts, &opt, &dl);
        if (st != PLOT_OK || dl.n)
            diag_print(&dl, stderr, names[k]);
        assert_int_equal(st, PLOT_OK);
        assert_int_equal(dl.n, 0); /* not even a warning */
        diag_list_release(&dl);
        chart_free(c);

        char path[4096];
        snprintf(path, sizeof(path), "%s/%s.svg", charts, names[k]);
        size_t len;
        char *svg = slurp(path, &len);
        assert_non_null(svg);
        /* the title, XML-escaped, as text */
        assert_non_null(strstr(svg, "&quot;); system(&quot;touch /tmp/pwned&quot;); #"));
        if (kinds[k] != CHART_STACKED && kinds[k] != CHART_TIMESERIES)
            assert_non_null(strstr(svg, "`touch /tmp/pwned2`"));
        assert_null(strstr(svg, "<script"));
        assert_non_null(strstr(svg, "aria-label=\"Alt text\""));
        free(svg);
        snprintf(path, sizeof(path), "%s/%s.png", charts, names[k]);
        char *png = slurp(path, &len);
        assert_non_null(png);
        assert_true(len > 1000 && memcmp(png, "\x89PNG", 4) == 0);
        free(png);
    }
    assert_false(exists("/tmp/pwned"));
    assert_false(exists("/tmp/pwned2"));
    /* exactly the ten files, no temporary left behind */
    assert_int_equal(count_entries(charts, "."), 10);
    rm_rf(dir);
    free(dir);
}

static void missing_gnuplot_is_its_own_status(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotnogp");
    char charts[2048];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    struct chart *c = sample_chart(CHART_BARS_CI, "bars");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {"trygg-no-such-gnuplot", 0}, NULL, false};
    assert_int_equal(plot_render(c, charts, &opt, &dl), PLOT_NO_GNUPLOT);
    assert_int_equal(count_entries(charts, "."), 0);
    chart_free(c);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void bad_names_and_templates_are_refused(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct chart *c = sample_chart(CHART_BARS_CI, "../escape");
    assert_int_equal(plot_render(c, "/nonexistent", NULL, &dl), PLOT_FAILED);
    assert_int_equal(dl.n_errors, 1);
    chart_free(c);
    c = sample_chart(CHART_BARS_CI, "ok");
    struct plot_options opt = {"tests", {NULL, 0}, NULL, false};
    assert_int_equal(plot_render(c, "/nonexistent", &opt, &dl), PLOT_FAILED);
    assert_int_equal(dl.n_errors, 2);
    assert_non_null(strstr(dl.items[1].message, "bars_ci.gp"));
    chart_free(c);
    diag_list_release(&dl);
}

static void template_lookup_order(void **state)
{
    (void)state;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    setenv("TRYGG_PLOTS", "plots", 1);
    char *dir = plot_find_templates(NULL, CHART_FOREST, &dl);
    assert_non_null(dir);
    assert_true(dir[0] == '/');
    free(dir);
    setenv("TRYGG_PLOTS", "tests", 1);
    assert_null(plot_find_templates(NULL, CHART_FOREST, &dl));
    unsetenv("TRYGG_PLOTS");
    dir = plot_find_templates(NULL, CHART_FOREST, &dl); /* ./plots */
    assert_non_null(dir);
    free(dir);
    diag_list_release(&dl);
}

static void data_file_holds_numbers_only(void **state)
{
    (void)state;
    for (int k = CHART_BARS_CI; k <= CHART_TREND; k++) {
        struct chart *c = sample_chart((enum chart_kind)k, "x");
        struct strbuf sb = STRBUF_INIT;
        plot_data(c, &sb);
        for (size_t i = 0; i < sb.len; i++)
            assert_non_null(strchr("0123456789.-+eNa \n", sb.buf[i]));
        strbuf_release(&sb);
        chart_free(c);
    }
}

/* plot_render_doc draws every chart of a document through a few shared gnuplot
 * processes: each chart comes out byte for byte as when drawn alone (no setting leaks
 * from one chart into the next), and a chart whose template fails is reported against
 * its own name while every other chart is still drawn. */
static struct doc *doc_of_every_kind(void)
{
    struct doc *d = doc_new("en", "t", NULL);
    static const char *const names[] = {"bars", "ts", "stacked", "forest", "trend", "bars2"};
    enum chart_kind kinds[] = {CHART_BARS_CI, CHART_TIMESERIES, CHART_STACKED, CHART_FOREST,
                               CHART_TREND, CHART_BARS_CI};
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
        doc_chart(d, sample_chart(kinds[k], names[k]), "caption");
    return d;
}

static void doc_charts_match_single_renders(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotdoc");
    char batch[2048], single[2048];
    snprintf(batch, sizeof(batch), "%s/batch", dir);
    snprintf(single, sizeof(single), "%s/single", dir);
    struct doc *d = doc_of_every_kind();
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "sv", true};
    assert_int_equal(plot_render_doc(d, batch, &opt, &dl), PLOT_OK);
    assert_int_equal(dl.n, 0);
    assert_int_equal(count_entries(batch, "."), 12);
    for (size_t i = 0; i < d->n; i++) {
        if (d->blocks[i].kind != DOC_CHART)
            continue;
        const struct chart *c = d->blocks[i].chart;
        assert_int_equal(plot_render(c, single, &opt, &dl), PLOT_OK);
        for (int png = 0; png <= 1; png++) {
            char a[4096], b[4096];
            snprintf(a, sizeof(a), "%s/%s.%s", batch, c->name, png ? "png" : "svg");
            snprintf(b, sizeof(b), "%s/%s.%s", single, c->name, png ? "png" : "svg");
            size_t la, lb;
            char *x = slurp(a, &la), *y = slurp(b, &lb);
            assert_non_null(x);
            assert_non_null(y);
            assert_int_equal(la, lb);
            assert_memory_equal(x, y, la);
            free(x);
            free(y);
        }
    }
    doc_free(d);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static size_t count_str(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* By default a document's charts are SVG only; a run without PNGs removes the PNGs an
 * earlier run drew of its charts (they would show that run's numbers) and leaves any
 * other file alone; the script loads the template once, with the svg terminal. */
static void doc_charts_are_svg_unless_png_is_asked(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotsvg");
    char charts[2048], path[4096];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    struct doc *d = doc_of_every_kind();
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "en", true};
    assert_int_equal(plot_render_doc(d, charts, &opt, &dl), PLOT_OK);
    assert_int_equal(count_entries(charts, "."), 12);
    snprintf(path, sizeof(path), "%s/other.png", charts);
    write_file(path, "x", 1);
    opt.png = false;
    assert_int_equal(plot_render_doc(d, charts, &opt, &dl), PLOT_OK);
    assert_int_equal(dl.n, 0);
    assert_int_equal(count_entries(charts, "."), 7); /* six SVGs and other.png */
    for (size_t i = 0; i < d->n; i++) {
        const struct chart *c = d->blocks[i].chart;
        snprintf(path, sizeof(path), "%s/%s.svg", charts, c->name);
        size_t len = 0;
        char *svg = slurp(path, &len);
        assert_non_null(svg);
        assert_true(len > 1000 && strstr(svg, "<svg") != NULL);
        free(svg);
        snprintf(path, sizeof(path), "%s/%s.png", charts, c->name);
        assert_false(exists(path));
    }
    struct strbuf sb = STRBUF_INIT;
    plot_script(d->blocks[0].chart, "/t", "/t/bars_ci.gp", "/d", "/s", NULL, "en", &sb);
    assert_int_equal(count_str(sb.buf, "load trygg_template"), 1);
    assert_null(strstr(sb.buf, "pngcairo"));
    strbuf_reset(&sb);
    plot_script(d->blocks[0].chart, "/t", "/t/bars_ci.gp", "/d", "/s", "/p", "en", &sb);
    assert_int_equal(count_str(sb.buf, "load trygg_template"), 2);
    assert_non_null(strstr(sb.buf, "pngcairo"));
    strbuf_release(&sb);
    doc_free(d);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* report.html sets a chart at the width of the text (A4 less 15 mm margins: 180 mm in
 * print), so a font of f px in an SVG w px wide prints at f * 180 / w mm.  The
 * smallest font-size of an SVG in pt at that width (0 if it names none). */
#define PRINT_WIDTH_MM 180.0
static double smallest_print_pt(const char *svg)
{
    const char *vb = strstr(svg, "viewBox=\"");
    double x0, y0, w = 0, h;
    if (!vb || sscanf(vb + 9, "%lf %lf %lf %lf", &x0, &y0, &w, &h) != 4 || w <= 0)
        return 0;
    double smallest = INFINITY;
    for (const char *p = strstr(svg, "font-size=\""); p; p = strstr(p + 1, "font-size=\"")) {
        double f = strtod(p + 11, NULL);
        if (f > 0 && f < smallest)
            smallest = f;
    }
    return isfinite(smallest) ? smallest * PRINT_WIDTH_MM / w / 25.4 * 72 : 0;
}

/* Every chart kind's text (titles, tics, legends, value labels, the intervention's
 * label, small multiples' panel titles) prints at 8 pt or more on A4. */
static void every_kind_prints_its_text_at_8pt(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotpt");
    char charts[2048], path[4096];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    struct doc *d = doc_of_every_kind();
    /* small multiples (one panel per series) and a cumulative-effect panel */
    struct chart *many = sample_chart(CHART_TREND, "multiples");
    double y[] = {0.4, 0.3}, lo[] = {0.35, 0.25}, hi[] = {0.45, 0.35};
    for (int s = 0; s < 4; s++)
        chart_add_series(many, "group", 2, NULL, y, lo, hi, 0);
    doc_chart(d, many, "caption");
    struct chart *cum = sample_chart(CHART_TIMESERIES, "cumulative");
    cum->zero_line = true;
    doc_chart(d, cum, "caption");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "sv", false};
    assert_int_equal(plot_render_doc(d, charts, &opt, &dl), PLOT_OK);
    for (size_t i = 0; i < d->n; i++) {
        const struct chart *c = d->blocks[i].chart;
        snprintf(path, sizeof(path), "%s/%s.svg", charts, c->name);
        char *svg = slurp(path, NULL);
        assert_non_null(svg);
        double pt = smallest_print_pt(svg);
        if (pt < 8)
            fail_msg("chart %s: its smallest text prints at %.1f pt on A4", c->name, pt);
        free(svg);
    }
    doc_free(d);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* A pool started before the charts are known draws what plot_render_doc draws, byte
 * for byte; with more processes than charts the others are stopped; a pool that is
 * never used is freed; a pool that found no gnuplot makes the document's status
 * PLOT_NO_GNUPLOT. */
static void doc_charts_through_a_pool(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotpool");
    char direct[2048], pooled[2048], one[2048];
    snprintf(direct, sizeof(direct), "%s/direct", dir);
    snprintf(pooled, sizeof(pooled), "%s/pooled", dir);
    snprintf(one, sizeof(one), "%s/one", dir);
    struct doc *d = doc_of_every_kind();
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "sv", true};
    assert_int_equal(plot_render_doc(d, direct, &opt, &dl), PLOT_OK);
    struct plot_pool *pool = plot_pool_start(&opt);
    struct plot_job *job = plot_begin_doc(d, pooled, &opt, pool, &dl);
    assert_int_equal(plot_finish_doc(job, &dl), PLOT_OK);
    plot_pool_free(pool);
    assert_int_equal(dl.n, 0);
    assert_int_equal(count_entries(pooled, "."), 12);
    for (size_t i = 0; i < d->n; i++) {
        for (int png = 0; png <= 1; png++) {
            char a[4096], b[4096];
            const char *name = d->blocks[i].chart->name;
            snprintf(a, sizeof(a), "%s/%s.%s", direct, name, png ? "png" : "svg");
            snprintf(b, sizeof(b), "%s/%s.%s", pooled, name, png ? "png" : "svg");
            size_t la, lb;
            char *x = slurp(a, &la), *y = slurp(b, &lb);
            assert_non_null(x);
            assert_non_null(y);
            assert_int_equal(la, lb);
            assert_memory_equal(x, y, la);
            free(x);
            free(y);
        }
    }
    doc_free(d);

    /* one chart, a pool of (up to) four */
    d = doc_new("en", "t", NULL);
    doc_chart(d, sample_chart(CHART_BARS_CI, "only"), "caption");
    opt.png = false;
    pool = plot_pool_start(&opt);
    assert_int_equal(plot_finish_doc(plot_begin_doc(d, one, &opt, pool, &dl), &dl), PLOT_OK);
    plot_pool_free(pool);
    assert_int_equal(count_entries(one, "."), 1);
    plot_pool_free(plot_pool_start(&opt)); /* never used */
    plot_pool_free(NULL);

    struct plot_options none = {"plots", {"trygg-no-such-gnuplot", 0}, "en", false};
    pool = plot_pool_start(&none);
    assert_int_equal(plot_finish_doc(plot_begin_doc(d, one, &none, pool, &dl), &dl),
                     PLOT_NO_GNUPLOT);
    plot_pool_free(pool);
    doc_free(d);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

static void doc_broken_chart_costs_no_other(void **state)
{
    (void)state;
    char *dir = make_temp_dir("plotbroken");
    char tpl[2048], charts[2048], tmp[2048];
    snprintf(tpl, sizeof(tpl), "%s/plots", dir);
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    snprintf(tmp, sizeof(tmp), "%s/tmp", dir);
    mkdir(tpl, 0700);
    mkdir(tmp, 0700);
    static const char *const files[] = {"bars_ci.gp", "timeseries.gp", "stacked.gp",
                                        "trend.gp", "style.gp"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char src[4096], dst[4096];
        snprintf(src, sizeof(src), "plots/%s", files[i]);
        snprintf(dst, sizeof(dst), "%s/%s", tpl, files[i]);
        size_t len;
        char *text = slurp(src, &len);
        assert_non_null(text);
        write_file(dst, text, len);
        free(text);
    }
    char bad[4096];
    snprintf(bad, sizeof(bad), "%s/forest.gp", tpl);
    const char *broken = "this_is_not_a_gnuplot_command\n";
    write_file(bad, broken, strlen(broken));
    char *old_tmp = getenv("TMPDIR") ? xstrdup(getenv("TMPDIR")) : NULL;
    setenv("TMPDIR", tmp, 1);

    struct doc *d = doc_of_every_kind();
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {tpl, {NULL, 0}, NULL, false};
    assert_int_equal(plot_render_doc(d, charts, &opt, &dl), PLOT_FAILED);
    assert_int_equal(dl.n_errors, 1);
    assert_non_null(strstr(dl.items[0].message, "'forest'"));
    assert_int_equal(count_entries(charts, "."), 5); /* the five others, SVG only */
    char path[4096];
    snprintf(path, sizeof(path), "%s/trend.svg", charts);
    assert_true(exists(path));
    snprintf(path, sizeof(path), "%s/forest.svg", charts);
    assert_false(exists(path));
    assert_int_equal(count_entries(tmp, "."), 0); /* no private directory left */

    if (old_tmp)
        setenv("TMPDIR", old_tmp, 1);
    else
        unsetenv("TMPDIR");
    free(old_tmp);
    doc_free(d);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* A monthly time series over n months from 2015-01. */
static struct chart *monthly_chart(int months, double scale)
{
    struct chart *c = chart_new(CHART_TIMESERIES, "ts", "T");
    double *x = calloc((size_t)months, sizeof(double)), *y = calloc((size_t)months, sizeof(double));
    for (int i = 0; i < months; i++) {
        struct date d = {2015 + i / 12, i % 12 + 1, 1};
        x[i] = (double)date_to_days(d);
        y[i] = scale * (i % 4);
    }
    chart_add_series(c, "obs", (size_t)months, x, y, NULL, NULL, 0);
    c->x_dates = true;
    free(x);
    free(y);
    return c;
}

/* Date axes: six years get one label a year (no run-together month stamps), the
 * range starts at the data, not months before; a short series gets month names in
 * the report's language; Swedish charts draw a decimal comma; many trend series are
 * drawn as small multiples. */
static void chart_axes_follow_the_language(void **state)
{
    (void)state;
    struct chart *c = monthly_chart(72, 1);
    struct strbuf sb = STRBUF_INIT;
    plot_script(c, "/t", "/t/timeseries.gp", "/d", "/s", "/p", "sv", &sb);
    assert_non_null(strstr(sb.buf, "trygg_decimal_comma = 1\n"));
    for (int y = 2015; y <= 2020; y++) {
        char want[64];
        snprintf(want, sizeof(want), "= '%d'\n", y);
        assert_int_equal(count_str(sb.buf, want), 1);
    }
    assert_null(strstr(sb.buf, "'2021'")); /* no tic after the last point */
    assert_null(strstr(sb.buf, "'2014'")); /* nor before the first */
    /* the range: half a month either side of the data */
    struct date first = {2015, 1, 1}, last = {2020, 12, 1};
    char want[128];
    struct strbuf num = STRBUF_INIT;
    gp_number(&num, ((double)date_to_days(first) - 15) * 86400.0);
    snprintf(want, sizeof(want), "trygg_xmin = %s\n", num.buf);
    assert_non_null(strstr(sb.buf, want));
    strbuf_reset(&num);
    gp_number(&num, ((double)date_to_days(last) + 15) * 86400.0);
    snprintf(want, sizeof(want), "trygg_xmax = %s\n", num.buf);
    assert_non_null(strstr(sb.buf, want));
    strbuf_release(&num);
    strbuf_release(&sb);
    chart_free(c);

    c = monthly_chart(8, 1);
    strbuf_init(&sb);
    plot_script(c, "/t", "/t/timeseries.gp", "/d", "/s", "/p", "sv", &sb);
    assert_non_null(strstr(sb.buf, "'jan 2015'"));
    assert_non_null(strstr(sb.buf, "'maj'"));
    strbuf_release(&sb);
    strbuf_init(&sb);
    plot_script(c, "/t", "/t/timeseries.gp", "/d", "/s", "/p", "en", &sb);
    assert_non_null(strstr(sb.buf, "'Jan 2015'"));
    assert_non_null(strstr(sb.buf, "'May'"));
    assert_non_null(strstr(sb.buf, "trygg_decimal_comma = 0\n"));
    strbuf_release(&sb);
    chart_free(c);

    /* the drawn chart: "0,2" on the y axis in Swedish, "0.2" in English */
    char *dir = make_temp_dir("plotaxes");
    static const char *const langs[] = {"sv", "en"};
    for (int l = 0; l < 2; l++) {
        c = monthly_chart(24, 0.5);
        struct diag_list dl;
        diag_list_init(&dl, 0);
        struct plot_options opt = {"plots", {NULL, 0}, langs[l], false};
        assert_int_equal(plot_render(c, dir, &opt, &dl), PLOT_OK);
        diag_list_release(&dl);
        chart_free(c);
        char path[4096];
        snprintf(path, sizeof(path), "%s/ts.svg", dir);
        size_t len;
        char *svg = slurp(path, &len);
        assert_non_null(svg);
        assert_non_null(strstr(svg, l == 0 ? " 0,2<" : " 0.2<"));
        assert_null(strstr(svg, l == 0 ? " 0.2<" : " 0,2<"));
        assert_non_null(strstr(svg, l == 0 ? ">okt<" : ">Oct<"));
        assert_non_null(strstr(svg, ">2016<"));
        free(svg);
    }
    rm_rf(dir);
    free(dir);

    /* nine series: small multiples */
    c = chart_new(CHART_TREND, "t9", "T");
    const char *cats[] = {"2015", "2016"};
    chart_set_categories(c, cats, 2);
    double y[] = {0.1, 0.2}, lo[] = {0.05, 0.1}, hi[] = {0.2, 0.3};
    for (int s = 0; s < 9; s++)
        chart_add_series(c, "area", 2, NULL, y, lo, hi, 0);
    strbuf_init(&sb);
    plot_script(c, "/t", "/t/trend.gp", "/d", "/s", "/p", "sv", &sb);
    assert_non_null(strstr(sb.buf, "trygg_small_multiples = 1\n"));
    assert_non_null(strstr(sb.buf, "trygg_panel_ymax = 0.3"));
    strbuf_release(&sb);
    chart_free(c);
}

/* A cumulative-effect panel: values below zero keep their axis (not pinned at zero),
 * zero is drawn, the decimal comma holds for negative tics, the series' band is drawn,
 * and the x axis spans what the chart above it spans (has_xspan), not just its points.
 * The numbers reach gnuplot only through the data file. */
static void cumulative_panel_has_a_signed_axis_and_the_chart_span(void **state)
{
    (void)state;
    struct chart *c = chart_new(CHART_TIMESERIES, "cum", "T");
    double x[12], y[12], lo[12], hi[12];
    for (int i = 0; i < 12; i++) {
        struct date d = {2019, i + 1, 1};
        x[i] = (double)date_to_days(d);
        y[i] = -0.25 * i;
        lo[i] = y[i] - 0.1 * i;
        hi[i] = y[i] + 0.1 * i;
    }
    chart_add_series(c, "cum", 12, x, y, lo, hi, 1);
    c->x_dates = true;
    c->zero_line = true;
    c->has_xspan = true;
    struct date from = {2015, 1, 1}, to = {2020, 12, 1};
    c->x_from = (double)date_to_days(from);
    c->x_to = (double)date_to_days(to);
    struct strbuf sb = STRBUF_INIT;
    plot_script(c, "/t", "/t/timeseries.gp", "/d", "/s", "/p", "sv", &sb);
    assert_non_null(strstr(sb.buf, "trygg_zero_line = 1\n"));
    assert_non_null(strstr(sb.buf, "= '2015'\n")); /* the span, not only 2019 */
    assert_non_null(strstr(sb.buf, "= '2020'\n"));
    assert_null(strstr(sb.buf, "-0.25")); /* values are in the data file only */
    strbuf_release(&sb);

    char *dir = make_temp_dir("plotcum");
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "sv", false};
    assert_int_equal(plot_render(c, dir, &opt, &dl), PLOT_OK);
    diag_list_release(&dl);
    char path[4096];
    snprintf(path, sizeof(path), "%s/cum.svg", dir);
    char *svg = slurp(path, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, ">-2<"));   /* below zero on the axis */
    assert_non_null(strstr(svg, ">-0,5<")); /* with a decimal comma */
    assert_non_null(strstr(svg, ">2015<"));
    free(svg);
    rm_rf(dir);
    free(dir);
    chart_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quote_literal_forms),
        cmocka_unit_test(cumulative_panel_has_a_signed_axis_and_the_chart_span),
        cmocka_unit_test(quote_caps_length_on_a_character_boundary),
        cmocka_unit_test(hostile_strings_come_back_as_text),
        cmocka_unit_test(tic_labels_with_percent_are_safe_as_formats),
        cmocka_unit_test(number_is_locale_free),
        cmocka_unit_test(run_reports_missing_program),
        cmocka_unit_test(run_reports_failure_with_stderr),
        cmocka_unit_test(run_kills_after_timeout),
        cmocka_unit_test(piped_script_runs_like_a_file),
        cmocka_unit_test(every_kind_draws_hostile_labels_as_text),
        cmocka_unit_test(missing_gnuplot_is_its_own_status),
        cmocka_unit_test(bad_names_and_templates_are_refused),
        cmocka_unit_test(template_lookup_order),
        cmocka_unit_test(data_file_holds_numbers_only),
        cmocka_unit_test(chart_axes_follow_the_language),
        cmocka_unit_test(doc_charts_match_single_renders),
        cmocka_unit_test(doc_charts_are_svg_unless_png_is_asked),
        cmocka_unit_test(doc_charts_through_a_pool),
        cmocka_unit_test(every_kind_prints_its_text_at_8pt),
        cmocka_unit_test(doc_broken_chart_costs_no_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
