/*
 * plot — draws a chart (eval/chart.h) as charts/<name>.svg — and, when asked
 * (plot_options.png, `trygg run --png`), also as charts/<name>.png at twice the size —
 * with gnuplot and a user-editable template, plots/<kind>.gp.
 *
 * Why the PNG is optional: encoding it costs gnuplot ~48 ms a chart (libpng's row
 * filters and zlib), ten times the SVG's ~4 ms, and the report inlines the SVG;
 * report.md links the SVG, which GitHub, pandoc, editors and browsers show.  The PNG
 * is for slides and word processors.  A run without it removes a <name>.png an earlier
 * run left for a chart it draws, so the folder never holds a PNG older than its SVG.
 *
 * For each chart trygg makes a private directory (mkdtemp, 0700) inside the charts
 * directory — not the shared $TMPDIR — holding a data file of numbers only and a
 * generated script; it is removed when the chart is done, and one a killed run left is
 * removed by the next run into the same folder.  The script sets variables — file names,
 * titles and labels (each through gp_quote()), category and series labels as gnuplot
 * arrays, ranges, the intervention marker — and then loads the template once with the
 * svg terminal and, for a PNG, once more with pngcairo.  No label ever goes into a data
 * file.  The variables a template can use are listed in plots/README.md.  gnuplot
 * writes to temporary files in the charts directory; the SVG is then re-serialised
 * through svg_clean() (it is what report.html inlines) and the files are renamed into
 * place only when everything succeeded.  The private directory is removed afterwards.
 *
 * Templates are looked up in, first match wins: the directory the caller gives; else
 * $TRYGG_PLOTS; else ./plots; else the installed TRYGG_DATADIR/plots.
 */
#ifndef TRYGG_OUT_PLOT_H
#define TRYGG_OUT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "eval/chart.h"
#include "eval/doc.h"
#include "report/gnuplot.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct plot_options {
    const char *plots_dir;      /* template directory; NULL = look it up (above) */
    struct gp_run_options gnuplot; /* program and time limit; zeroed = defaults */
    const char *lang;           /* "sv": decimal comma and Swedish month names; NULL =
                                   the doc's language (plot_render_doc), else English */
    bool png;                   /* also draw <name>.png at twice the size (see above) */
};

enum plot_status {
    PLOT_OK = 0,
    PLOT_NO_GNUPLOT, /* gnuplot is not installed: the report goes out without charts */
    PLOT_FAILED      /* a chart could not be drawn (reason in the diagnostics) */
};

/* The file name of a chart kind's template, e.g. "bars_ci.gp". */
const char *plot_template_name(enum chart_kind kind);

/* Finds the directory holding the template for `kind` (see above).  Returns a new
 * absolute path (free it), or NULL with an error in dl. */
char *plot_find_templates(const char *plots_dir, enum chart_kind kind, struct diag_list *dl);

/* Checks what the renderer relies on: the name is [a-z0-9_-]{1,64}, arrays agree in
 * length, a stacked chart has its values.  0, or -1 with an error in dl. */
int plot_check(const struct chart *c, struct diag_list *dl);

/*
 * Appends the generated gnuplot script for c: variables, then the loads of
 * `template_path`.  data_path, svg_path and png_path are the files it reads and
 * writes; png_path NULL draws no PNG.  All borrowed.  (Exposed so tests can read what
 * gnuplot is given.)
 */
void plot_script(const struct chart *c, const char *template_dir, const char *template_path,
                 const char *data_path, const char *svg_path, const char *png_path,
                 const char *lang, struct strbuf *out);
/* Appends the data file for c: one block per series (segments for CHART_STACKED),
 * blocks separated by two blank lines, numbers only, NaN where a value is missing. */
void plot_data(const struct chart *c, struct strbuf *out);

/* Draws c into charts_dir/<name>.svg and, with opt->png, .png (charts_dir is created
 * if missing; its parent must exist).  opt may be NULL (SVG only). */
enum plot_status plot_render(const struct chart *c, const char *charts_dir,
                             const struct plot_options *opt, struct diag_list *dl);

/* Draws every chart in d, with one gnuplot process per core (at most four).  Once
 * gnuplot is found missing it tries no further chart and returns PLOT_NO_GNUPLOT;
 * otherwise PLOT_FAILED if any chart failed.  plot_begin_doc + plot_finish_doc. */
enum plot_status plot_render_doc(const struct doc *d, const char *charts_dir,
                                 const struct plot_options *opt, struct diag_list *dl);

/*
 * The same in steps, so that a run's other work overlaps gnuplot's:
 *
 *   plot_pool_start() starts one gnuplot process before the charts are known
 *   (gp_start_lines, the script through a pipe): it loads its ~80 libraries, ~45 ms
 *   of CPU, on the other core while the run computes; plot_pool_fill() starts the
 *   others (one per core, at most four), later, so that two processes loading at once
 *   do not take the run's own core.  NULL is never returned; a gnuplot that could not
 *   be started is started again, and reported, when drawing.
 *   plot_begin_doc() hands the charts to the pool's processes (or new ones when pool
 *   is NULL or was not filled), each fed by a thread of its own, which writes a
 *   chart's script and data, gives it to its gnuplot, writes the next while gnuplot
 *   draws, and installs each chart (its SVG cleaned, flushed, renamed into place) as
 *   soon as gnuplot prints that it is drawn; the caller goes on (results.csv, the
 *   tables) meanwhile.  charts_dir is copied; d and opt's strings must live until
 *   plot_finish_doc, and d must not change until then.
 *   plot_finish_doc() waits for them, draws alone what did not come out (to name the
 *   failure), flushes the folder once and returns the status plot_render_doc would;
 *   it frees the job.
 *   plot_pool_free() stops the processes plot_begin_doc did not take (all of them if
 *   it was never called); NULL is allowed.
 */
struct plot_pool;
struct plot_job;
struct plot_pool *plot_pool_start(const struct plot_options *opt);
void plot_pool_fill(struct plot_pool *pool);
void plot_pool_free(struct plot_pool *pool);
struct plot_job *plot_begin_doc(const struct doc *d, const char *charts_dir,
                                const struct plot_options *opt, struct plot_pool *pool,
                                struct diag_list *dl);
enum plot_status plot_finish_doc(struct plot_job *job, struct diag_list *dl);

#endif
