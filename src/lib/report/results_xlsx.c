/*
 * results_xlsx — see results_xlsx.h.
 *
 * libxlsxwriter (behind report/xlsxbook.h) writes each sheet's rows as they come (its
 * constant-memory mode: every sheet is written top to bottom, the header first) and
 * the zip container to a path when the workbook is closed.  We give it the name of an atomicfile's
 * temporary file: it truncates and fills that file, and the commit fsyncs and renames
 * it over results.xlsx.
 */
#include "report/results_xlsx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/atomicfile.h"
#include "report/xlsxbook.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static const char suppressed_note[] = "suppressed: based on too few respondents to publish";

/* The display format of a row's estimate, standard error and interval. */
static enum xlsx_format row_format(double est, double lo, double hi)
{
    double m = 0;
    const double x[] = {est, lo, hi};
    for (size_t i = 0; i < ARRAY_SIZE(x); i++)
        if (isfinite(x[i]) && fabs(x[i]) > m)
            m = fabs(x[i]);
    return xlsx_magnitude_format(m);
}

static void header(struct xlsxbook *b, const char *const *cols, const double *widths, size_t n,
                   size_t last_row)
{
    for (size_t c = 0; c < n; c++) {
        xlsxbook_text(b, 0, c, cols[c], XLSX_HEADER);
        xlsxbook_column_width(b, c, widths[c]);
    }
    xlsxbook_freeze_header(b);
    xlsxbook_autofilter(b, last_row, n - 1);
}

/* outcome is the id (as in results.csv, the same in every language); outcome_title says
 * what it is in the report's language */
static const char *const result_cols[] = {
    "analysis",  "outcome",   "outcome_title", "group",   "method", "term", "estimate",
    "std_error", "conf_low",  "conf_high",     "conf_level", "statistic", "df", "p_value",
    "p_holm",    "p_bh",      "n",             "note",      "reason"};
static const double result_widths[] = {18, 20, 28, 18, 16, 16, 11, 11, 11,
                                       11, 10, 10, 8,  10, 10, 10, 8,  60, 22};

/* One analysis's rows, given as indices into res->rows in their original order; each
 * written as a whole row (xlsxbook_row: the same cells as cell by cell, faster). */
static void analysis_sheet(struct xlsxbook *b, const struct results *res, const size_t *rows,
                           size_t n_rows)
{
    header(b, result_cols, result_widths, ARRAY_SIZE(result_cols), n_rows);
    struct xlsx_cell cells[ARRAY_SIZE(result_cols)];
    size_t row = 0;
    for (size_t k = 0; k < n_rows; k++) {
        const struct result_row *r = &res->rows[rows[k]];
        row++;
        const char *text[] = {r->analysis, r->outcome,
                              results_title(res, r->analysis, r->outcome), r->group,
                              r->method, r->term};
        for (size_t c = 0; c < ARRAY_SIZE(text); c++)
            cells[c] = (struct xlsx_cell){XLSX_CELL_TEXT, text[c], 0, XLSX_TEXT};
        for (size_t c = ARRAY_SIZE(text); c < 17; c++)
            cells[c] = (struct xlsx_cell){XLSX_CELL_NONE, NULL, 0, XLSX_GENERAL};
        if (!r->suppressed) {
            enum xlsx_format f = row_format(r->r.estimate, r->r.conf_low, r->r.conf_high);
            const struct {
                double x;
                enum xlsx_format f;
            } num[] = {
                {r->r.estimate, f},
                {r->r.std_error, f},
                {r->r.conf_low, f},
                {r->r.conf_high, f},
                {result_row_conf_level(res, r), XLSX_GENERAL},
                {r->r.statistic, XLSX_STAT},
                {r->r.df, XLSX_GENERAL},
                {r->r.p_value, XLSX_P},
                {r->p_holm, XLSX_P},
                {r->p_bh, XLSX_P},
                {r->r.n, r->r.n == floor(r->r.n) ? XLSX_WHOLE : XLSX_GENERAL},
            };
            for (size_t c = 0; c < ARRAY_SIZE(num); c++)
                cells[6 + c] = (struct xlsx_cell){XLSX_CELL_NUMBER, NULL, num[c].x, num[c].f};
        }
        const char *note = r->note ? r->note : "";
        if (r->suppressed && !*note)
            note = suppressed_note;
        cells[17] = (struct xlsx_cell){XLSX_CELL_TEXT, note, 0, XLSX_TEXT};
        cells[18] = (struct xlsx_cell){XLSX_CELL_TEXT, result_row_reason(r), 0, XLSX_TEXT};
        xlsxbook_row(b, row, cells, ARRAY_SIZE(cells));
    }
}

static void criteria_sheet(struct xlsxbook *b, const struct evaluation *ev)
{
    static const char *const cols[] = {
        "criterion", "outcome",  "term",      "group",   "rule",         "estimate",
        "conf_low",  "conf_high", "conf_level", "verdict",  "design_level", "cost_sek",
        "cost_per_unit_sek", "cost_per_unit_low_sek", "cost_per_unit_high_sek",
        "cost_per_unit_reason", "summary"};
    static const double widths[] = {20, 20, 14, 12, 16, 11, 11, 11, 10, 14, 12, 14, 16, 16, 16, 22, 80};
    header(b, cols, widths, ARRAY_SIZE(cols), ev->n_criteria);
    size_t row = 0;
    for (size_t i = 0; i < ev->n_criteria; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        const struct criterion *cr = co->criterion;
        row++;
        xlsxbook_text(b, row, 0, cr->id, XLSX_TEXT);
        xlsxbook_text(b, row, 1, cr->outcome, XLSX_TEXT);
        xlsxbook_text(b, row, 2, cr->term, XLSX_TEXT);
        xlsxbook_text(b, row, 3, cr->group, XLSX_TEXT);
        xlsxbook_text(b, row, 4, cr->rule_text, XLSX_TEXT);
        enum xlsx_format f = row_format(co->r.estimate, co->r.conf_low, co->r.conf_high);
        xlsxbook_number(b, row, 5, co->r.estimate, f);
        xlsxbook_number(b, row, 6, co->r.conf_low, f);
        xlsxbook_number(b, row, 7, co->r.conf_high, f);
        if (!isnan(co->r.conf_low) || !isnan(co->r.conf_high))
            xlsxbook_number(b, row, 8, ev->results.conf_level, XLSX_GENERAL);
        xlsxbook_text(b, row, 9, verdict_name(co->verdict), XLSX_TEXT);
        if (co->design_level)
            xlsxbook_number(b, row, 10, co->design_level, XLSX_WHOLE);
        xlsxbook_number(b, row, 11, co->cost, XLSX_THOUSANDS);
        xlsxbook_number(b, row, 12, co->cost_per_unit, XLSX_THOUSANDS);
        xlsxbook_number(b, row, 13, co->cost_per_unit_low, XLSX_THOUSANDS);
        xlsxbook_number(b, row, 14, co->cost_per_unit_high, XLSX_THOUSANDS);
        if (co->cost_per_unit_reason)
            xlsxbook_text(b, row, 15, co->cost_per_unit_reason, XLSX_TEXT);
        xlsxbook_text(b, row, 16, co->sentence, XLSX_TEXT);
    }
}

/* Key/value rows, a blank row, then the imports as a table under their own header. */
static void provenance_sheet(struct xlsxbook *b, const struct evaluation *ev,
                             char (*names)[XLSX_SHEET_NAME_SIZE], const char *const *analyses,
                             size_t n_analyses)
{
    static const char *const cols[] = {"key",    "value", "kind",        "file",
                                       "sha256", "rows",  "imported_at", "trygg_version"};
    static const double widths[] = {22, 40, 12, 36, 66, 8, 22, 14};
    for (size_t c = 0; c < ARRAY_SIZE(cols); c++) {
        if (c < 2)
            xlsxbook_text(b, 0, c, cols[c], XLSX_HEADER);
        xlsxbook_column_width(b, c, widths[c]);
    }
    xlsxbook_freeze_header(b);
    size_t row = 0;
    const char *kv[][2] = {
        {"evaluation", ev->id},       {"trygg_version", TRYGG_VERSION},
        {"time_utc", ev->time_utc},   {"language", ev->lang},
        {"spec_file", ev->spec_path}, {"spec_sha256", ev->spec_sha256},
    };
    for (size_t i = 0; i < ARRAY_SIZE(kv); i++) {
        row++;
        xlsxbook_text(b, row, 0, kv[i][0], XLSX_TEXT);
        xlsxbook_text(b, row, 1, kv[i][1], XLSX_TEXT);
    }
    const struct {
        const char *key;
        double value;
    } nums[] = {
        {"seed", (double)ev->seed},
        {"bootstrap_replicates", (double)ev->boot_replicates},
        {"bootstrap_resamplings", (double)ev->n_bootstraps},
        {"min_cell", ev->min_cell},
        {"conf_level", ev->results.conf_level},
        {"results_rows", (double)ev->results.n},
        {"outcomes_not_analysed", (double)ev->n_failed_outcomes},
    };
    for (size_t i = 0; i < ARRAY_SIZE(nums); i++) {
        row++;
        xlsxbook_text(b, row, 0, nums[i].key, XLSX_TEXT);
        xlsxbook_number(b, row, 1, nums[i].value,
                        strcmp(nums[i].key, "conf_level") ? XLSX_WHOLE : XLSX_GENERAL);
    }
    /* Which sheet holds which analysis, where the name had to change. */
    for (size_t i = 0; i < n_analyses; i++) {
        if (!strcmp(names[i], analyses[i]))
            continue;
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s = %s", names[i], analyses[i]);
        row++;
        xlsxbook_text(b, row, 0, "sheet", XLSX_TEXT);
        xlsxbook_text(b, row, 1, sb.buf, XLSX_TEXT);
        strbuf_release(&sb);
    }
    row += 2;
    static const char *const import_cols[] = {"import", "id"};
    for (size_t c = 0; c < ARRAY_SIZE(cols); c++)
        xlsxbook_text(b, row, c, c < 2 ? import_cols[c] : cols[c], XLSX_HEADER);
    for (size_t i = 0; i < ev->n_imports; i++) {
        const struct import_ref *r = &ev->imports[i];
        row++;
        xlsxbook_text(b, row, 0, "import", XLSX_TEXT);
        xlsxbook_number(b, row, 1, (double)r->id, XLSX_WHOLE);
        xlsxbook_text(b, row, 2, r->kind, XLSX_TEXT);
        xlsxbook_text(b, row, 3, r->file, XLSX_TEXT);
        xlsxbook_text(b, row, 4, r->sha256, XLSX_TEXT);
        xlsxbook_number(b, row, 5, (double)r->rows, XLSX_WHOLE);
        xlsxbook_text(b, row, 6, r->imported_at, XLSX_TEXT);
        xlsxbook_text(b, row, 7, r->version, XLSX_TEXT);
    }
}

/* The analyses in order of first appearance (borrowed strings) and, for each, the indices
 * of its rows: one pass with a hash map, so a run of thousands of series (a screening of
 * every area and category) costs linear time, not analyses x rows string comparisons.
 * On return (*rows)[(*start)[a] .. (*start)[a + 1]) are analysis a's rows in order. */
static size_t group_by_analysis(const struct results *res, const char ***out, size_t **start,
                                size_t **rows)
{
    const char **list = xcalloc(res->n + 1, sizeof(*list));
    size_t *of_row = xcalloc(res->n + 1, sizeof(*of_row));
    struct strmap seen = STRMAP_INIT;
    size_t n = 0;
    for (size_t i = 0; i < res->n; i++) {
        const char *a = res->rows[i].analysis ? res->rows[i].analysis : "";
        int64_t k;
        if (!strmap_get(&seen, a, strlen(a), &k)) {
            k = (int64_t)n;
            strmap_put(&seen, a, strlen(a), k);
            list[n++] = a;
        }
        of_row[i] = (size_t)k;
    }
    strmap_release(&seen);
    /* counting sort of the row indices by analysis, stable */
    size_t *first = xcalloc(n + 2, sizeof(*first));
    for (size_t i = 0; i < res->n; i++)
        first[of_row[i] + 1]++;
    for (size_t a = 0; a < n; a++)
        first[a + 1] += first[a];
    size_t *fill = xcalloc(n + 1, sizeof(*fill));
    size_t *order = xcalloc(res->n + 1, sizeof(*order));
    for (size_t i = 0; i < res->n; i++)
        order[first[of_row[i]] + fill[of_row[i]]++] = i;
    free(fill);
    free(of_row);
    *out = list;
    *start = first;
    *rows = order;
    return n;
}

int results_xlsx_write(const struct evaluation *ev, const char *path, struct diag_list *dl)
{
    return results_xlsx_write_opt(ev, path, true, dl);
}

int results_xlsx_write_opt(const struct evaluation *ev, const char *path, bool direct_rows,
                           struct diag_list *dl)
{
    const struct results *res = &ev->results;
    const char **analyses = NULL;
    size_t *first = NULL, *rows = NULL;
    size_t n_analyses = group_by_analysis(res, &analyses, &first, &rows);
    /* provenance and criteria come first so that an analysis of that name yields. */
    size_t n_names = n_analyses + 2;
    const char **wanted = xcalloc(n_names, sizeof(*wanted));
    wanted[0] = "provenance";
    wanted[1] = "criteria";
    for (size_t i = 0; i < n_analyses; i++)
        wanted[i + 2] = analyses[i];
    char (*names)[XLSX_SHEET_NAME_SIZE] = xcalloc(n_names, sizeof(*names));
    xlsx_sheet_names(wanted, n_names, names);

    int rc = -1;
    struct atomicfile af = ATOMICFILE_INIT;
    if (atomicfile_open(&af, path, dl) != 0)
        goto out;
    struct xlsxbook *b = xlsxbook_new(af.tmp_path, ev->id, "written by trygg " TRYGG_VERSION);
    if (!b) {
        diag_error(dl, path, 0, 0, "cannot create the workbook: out of memory");
        atomicfile_abort(&af);
        goto out;
    }
    xlsxbook_set_direct(b, direct_rows);
    if (ev->n_criteria) {
        xlsxbook_add_sheet(b, names[1]);
        criteria_sheet(b, ev);
    }
    for (size_t i = 0; i < n_analyses; i++) {
        xlsxbook_add_sheet(b, names[i + 2]);
        analysis_sheet(b, res, rows + first[i], first[i + 1] - first[i]);
    }
    xlsxbook_add_sheet(b, names[0]);
    provenance_sheet(b, ev, names + 2, analyses, n_analyses);
    const char *err = xlsxbook_close(b);
    if (err) {
        diag_error(dl, path, 0, 0, "cannot write the workbook: %s", err);
        atomicfile_abort(&af);
        goto out;
    }
    rc = atomicfile_commit(&af, dl);
out:
    atomicfile_release(&af);
    free(names);
    free(wanted);
    free(analyses);
    free(first);
    free(rows);
    return rc;
}
