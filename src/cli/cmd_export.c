/*
 * cmd_export — `trygg export survey ID` and `trygg export incidents`: the data back
 * out of the database (store/export.h), as CSV in the layout trygg imports or, for a
 * survey, as an SPSS .sav written with ReadStat's writer (variable and value labels
 * from the codebook, its missing codes as user-missing values).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report/atomicfile.h"
#include "store/export.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg export survey ID [--codebook N] [--wave W] [--format csv|sav]\n"
          "                    [--output FILE] [--codebook-out FILE.ini] [--raw]\n"
          "       trygg export incidents [--output FILE] [--raw]\n"
          "\n"
          "Writes the data back out, in the layout 'trygg import' reads, so an export\n"
          "imports again to the same estimates.  A survey is exported one codebook\n"
          "version at a time (see 'trygg info survey ID'): the columns its codebook\n"
          "names, respondent ids as written, area names, full-precision weights, answer\n"
          "codes (missing codes as codes, no answer as an empty cell).  As .sav the\n"
          "codebook's question texts and value labels go with it, and its missing codes\n"
          "are user-missing values.\n"
          "\n"
          "A text cell (an id, a name, a note) that a spreadsheet would run as a\n"
          "formula - one starting with = + - @, a tab or a carriage return - is\n"
          "written with an apostrophe in front ('=SUM(A1) is shown as =SUM(A1) and\n"
          "not run); 'trygg import' removes that apostrophe again, so the export\n"
          "still imports to the same data.  Numbers (codes, weights, counts) are\n"
          "written as numbers.\n"
          "\n"
          "The report's tables (weighted survey tables after disclosure control) as CSV\n"
          "are written by the run that writes the report: see the tables option of\n"
          "'trygg run'.\n"
          "\n"
          "options:\n"
          "  --format F        survey: csv (default) or sav\n"
          "  --codebook N      the codebook version (needed when there are several)\n"
          "  --wave W          only this wave\n"
          "  --output FILE     write to FILE (default: standard output, csv only)\n"
          "  --codebook-out F  also write the codebook the export is read with\n"
          "  --raw             CSV: text exactly as stored, without the apostrophe\n"
          "                    (for programs; never open such a file in a spreadsheet)\n"
          "  --db PATH         database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -h, --help        this help\n"
          "\n"
          "exit status: 0 written; 1 no such survey, version or wave; 2 usage;\n"
          "3 system error: an I/O error writing, or the database failed\n",
          fp);
}

/* ------------------------------------------------------------------ CSV */

struct csv_out {
    struct strbuf buf;
    const bool *text; /* per column: a text column (ids, names, notes), not numbers */
    bool raw;         /* --raw: no formula guard */
    bool header_done;
};

/* One cell.  A text cell a spreadsheet would run as a formula gets the apostrophe of
 * util/text.h's guard (the readers of trygg import remove it again); the header's
 * names too.  Numbers (codes, weights, counts) are never changed: -9 stays a number. */
static void csv_field(struct strbuf *sb, const char *s, bool guard)
{
    bool mark = guard && text_formula_needs_guard(s, strlen(s));
    bool quote = strpbrk(s, ",\"\r\n") != NULL || (*s && (s[0] == ' ' || s[strlen(s) - 1] == ' '));
    if (!quote) {
        if (mark)
            strbuf_addch(sb, '\'');
        strbuf_addstr(sb, s);
        return;
    }
    strbuf_addch(sb, '"'); /* the apostrophe inside the quotes: it is the cell's text */
    if (mark)
        strbuf_addch(sb, '\'');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addch(sb, '"');
        strbuf_addch(sb, *s);
    }
    strbuf_addch(sb, '"');
}

static int csv_row(void *ctx, const char *const *cells, size_t n)
{
    struct csv_out *o = ctx;
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_addch(&o->buf, ',');
        csv_field(&o->buf, cells[i], !o->raw && (!o->header_done || o->text[i]));
    }
    strbuf_addch(&o->buf, '\n');
    o->header_done = true;
    return 0;
}

/* ------------------------------------------------------------------ SAV */

struct sav_out {
    const struct survey_export *ex;
    readstat_writer_t *w;
    readstat_variable_t **vars;
    bool header_done;
    struct strbuf bytes;
};

static ssize_t sav_write(const void *data, size_t len, void *ctx)
{
    struct sav_out *o = ctx;
    strbuf_add(&o->bytes, data, len);
    return (ssize_t)len;
}

static int sav_row(void *ctx, const char *const *cells, size_t n)
{
    struct sav_out *o = ctx;
    if (!o->header_done) { /* the header row: the variables are already declared */
        o->header_done = true;
        return 0;
    }
    if (readstat_begin_row(o->w) != READSTAT_OK)
        return -1;
    for (size_t c = 0; c < n; c++) {
        readstat_variable_t *v = o->vars[c];
        enum export_col_kind k = o->ex->kind[c];
        readstat_error_t e;
        if (k == EXPORT_VARIABLE || k == EXPORT_WEIGHT) {
            double x;
            if (!*cells[c] || num_parse_double(cells[c], strlen(cells[c]), &x) != NUM_OK)
                e = readstat_insert_missing_value(o->w, v);
            else
                e = readstat_insert_double_value(o->w, v, x);
        } else {
            e = readstat_insert_string_value(o->w, v, cells[c]);
        }
        if (e != READSTAT_OK)
            return -1;
    }
    return readstat_end_row(o->w) == READSTAT_OK ? 0 : -1;
}

/* The widest cell of each string column, for the .sav's declared widths. */
struct widths {
    size_t *w;
};

static int measure(void *ctx, const char *const *cells, size_t n)
{
    struct widths *wd = ctx;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(cells[i]);
        if (l > wd->w[i])
            wd->w[i] = l;
    }
    return 0;
}

static int write_sav(struct store *st, const struct survey_export *ex, const char *path,
                     struct diag_list *dl)
{
    struct widths wd = {xcalloc(ex->n_cols ? ex->n_cols : 1, sizeof(size_t))};
    if (survey_export_rows(st, ex, measure, &wd, dl) != 0) {
        free(wd.w);
        return -1;
    }
    struct sav_out o = {.ex = ex};
    strbuf_init(&o.bytes);
    o.w = readstat_writer_init();
    readstat_set_data_writer(o.w, sav_write);
    readstat_writer_set_file_label(o.w, ex->cb->title_sv ? ex->cb->title_sv : ex->cb->survey_id);
    o.vars = xcalloc(ex->n_cols ? ex->n_cols : 1, sizeof(*o.vars));
    int rc = 0;
    for (size_t c = 0; c < ex->n_cols && !rc; c++) {
        if (ex->kind[c] == EXPORT_VARIABLE) {
            const struct cb_variable *v = &ex->cb->vars[ex->var[c]];
            readstat_label_set_t *set =
                readstat_add_label_set(o.w, READSTAT_TYPE_DOUBLE, v->column);
            for (size_t k = 0; k < v->n_values; k++)
                if (!v->values[k].band) /* bands are not codes of the data */
                    readstat_label_double_value(set, v->values[k].code, v->values[k].label_sv);
            o.vars[c] = readstat_add_variable(o.w, ex->cols[c], READSTAT_TYPE_DOUBLE, 0);
            const char *text = v->text_sv ? v->text_sv : v->text_en;
            if (text)
                readstat_variable_set_label(o.vars[c], text);
            readstat_variable_set_label_set(o.vars[c], set);
            /* a number variable (type = number) is a scale: its values are numbers,
             * labelled only where they are missing codes */
            readstat_variable_set_measure(o.vars[c], v->numeric ? READSTAT_MEASURE_SCALE
                                                                : READSTAT_MEASURE_ORDINAL);
            if (v->numeric && !v->decimals)
                readstat_variable_set_format(o.vars[c], "F8.0");
            else if (v->numeric)
                readstat_variable_set_format(o.vars[c], "F12.6");
            size_t n_missing = 0;
            for (size_t k = 0; k < v->n_values; k++)
                if (v->values[k].missing && n_missing++ < 3) /* SPSS holds three */
                    readstat_variable_add_missing_double_value(o.vars[c], v->values[k].code);
            if (n_missing > 3) {
                diag_warning(dl, NULL, 0, 0,
                             "%s has %zu missing codes; an SPSS file marks at most 3 as "
                             "missing, the others stay labelled codes",
                             v->id, n_missing);
            }
        } else if (ex->kind[c] == EXPORT_WEIGHT) {
            o.vars[c] = readstat_add_variable(o.w, ex->cols[c], READSTAT_TYPE_DOUBLE, 0);
            readstat_variable_set_format(o.vars[c], "F12.6");
        } else {
            size_t width = wd.w[c] ? wd.w[c] : 1;
            o.vars[c] = readstat_add_variable(o.w, ex->cols[c], READSTAT_TYPE_STRING, width);
        }
    }
    free(wd.w);
    readstat_error_t e = readstat_begin_writing_sav(o.w, &o, (long)ex->n_rows);
    if (e == READSTAT_OK)
        rc = survey_export_rows(st, ex, sav_row, &o, dl);
    if (e == READSTAT_OK && !rc)
        e = readstat_end_writing(o.w);
    if (e != READSTAT_OK || rc) {
        diag_error(dl, path, 0, 0, "cannot write the SPSS file: %s",
                   e != READSTAT_OK ? readstat_error_message(e) : "a row could not be written");
        rc = -1;
    } else if (atomicfile_write_all(path, o.bytes.buf, o.bytes.len, dl) != 0) {
        rc = -1;
    }
    readstat_writer_free(o.w);
    free(o.vars);
    strbuf_release(&o.bytes);
    return rc;
}

/* Writes bytes to path (atomically) or to standard output. */
static int emit(const char *path, const struct strbuf *sb, struct diag_list *dl)
{
    if (path)
        return atomicfile_write_all(path, sb->buf, sb->len, dl);
    fwrite(sb->buf, 1, sb->len, stdout);
    return 0;
}

int cmd_export(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},       {"codebook", required_argument, NULL, 'c'},
        {"wave", required_argument, NULL, 'w'},         {"output", required_argument, NULL, 'o'},
        {"codebook-out", required_argument, NULL, 'C'}, {"db", required_argument, NULL, 'D'},
        {"raw", no_argument, NULL, 'r'},                {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    const char *format = "csv", *wave = NULL, *output = NULL, *cb_out = NULL;
    long long codebook_id = 0;
    bool raw = false;
    int64_t v;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "csv") && strcmp(optarg, "sav"))
                return cli_usage_error("--format '%s': use csv or sav", optarg);
            format = optarg;
            break;
        case 'c':
            if (num_parse_int64(optarg, strlen(optarg), &v) != NUM_OK || v < 1)
                return cli_usage_error("--codebook '%s': use a codebook number (see 'trygg "
                                       "info survey ID')",
                                       optarg);
            codebook_id = v;
            break;
        case 'w':
            wave = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'C':
            cb_out = optarg;
            break;
        case 'D':
            opts.db_path = optarg;
            break;
        case 'r':
            raw = true;
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("export: unknown or incomplete option '%s' (see 'trygg "
                                   "export --help')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("export: say what to export: survey ID or incidents");
    const char *what = argv[optind++];
    const char *key = NULL;
    if (!strcmp(what, "survey")) {
        if (optind >= argc)
            return cli_usage_error("export survey: name the survey (see 'trygg info surveys')");
        key = argv[optind++];
    } else if (!strcmp(what, "tables")) {
        /* the disclosure control is decided over every spec of one run: only the run
         * that writes a report knows which of its cells are withheld */
        return cli_usage_error("export tables: the report's tables are written by the run "
                               "that writes the report, with exactly its cells: trygg run "
                               "SPEC.ini --tables (see 'trygg run --help')");
    } else if (strcmp(what, "incidents")) {
        return cli_usage_error("export: unknown kind '%s' (survey or incidents)", what);
    }
    if (optind < argc)
        return cli_usage_error("export: unexpected argument '%s'", argv[optind]);
    if (raw && strcmp(format, "csv"))
        return cli_usage_error("export: --raw is for CSV (a .sav holds text as text)");
    if (!key && (strcmp(format, "csv") || wave || codebook_id || cb_out))
        return cli_usage_error("export incidents: --format, --wave, --codebook and "
                               "--codebook-out are for surveys");
    if (!strcmp(format, "sav") && !output)
        return cli_usage_error("export survey --format sav: name the file with --output");

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_READ, &dl);
    int status = EXIT_OK;
    if (!st) {
        status = EXIT_SYSTEM;
        goto out;
    }
    if (!key) {
        /* period, area, category, count, exposure, note */
        static const bool text[] = {false, true, true, false, false, true};
        struct csv_out o = {.text = text, .raw = raw};
        strbuf_init(&o.buf);
        if (store_export_incidents(st, csv_row, &o, &dl) != 0 || emit(output, &o.buf, &dl) != 0)
            status = EXIT_SYSTEM;
        strbuf_release(&o.buf);
        goto out;
    }
    struct survey_export ex;
    int r = survey_export_open(st, key, codebook_id, wave, &ex, &dl);
    if (r) {
        status = r > 0 ? EXIT_DATA : EXIT_SYSTEM;
        goto out;
    }
    if (cb_out && atomicfile_write_all(cb_out, ex.codebook_text, strlen(ex.codebook_text), &dl))
        status = EXIT_SYSTEM;
    else if (!strcmp(format, "sav")) {
        if (write_sav(st, &ex, output, &dl) != 0)
            status = EXIT_SYSTEM;
    } else {
        bool *text = xcalloc(ex.n_cols ? ex.n_cols : 1, sizeof(*text));
        for (size_t i = 0; i < ex.n_cols; i++)
            text[i] = ex.kind[i] != EXPORT_WEIGHT && ex.kind[i] != EXPORT_VARIABLE;
        struct csv_out o = {.text = text, .raw = raw};
        strbuf_init(&o.buf);
        if (survey_export_rows(st, &ex, csv_row, &o, &dl) != 0 || emit(output, &o.buf, &dl) != 0)
            status = EXIT_SYSTEM;
        strbuf_release(&o.buf);
        free(text);
    }
    survey_export_release(&ex);
out:
    if (dl.n)
        cli_print_diags(&dl);
    store_close(st);
    diag_list_release(&dl);
    return cli_finish(status);
}
