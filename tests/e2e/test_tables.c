/*
 * `trygg run --tables` end to end: the report's tables as CSV (report/tables_csv.c).
 *
 * The bundled example is imported and the three bundled evaluations are run with
 * --tables in Swedish and in English.  For each evaluation:
 *   - there is one CSV per table of report.html and per answer distribution, in the
 *     report's order, and index.csv lists them;
 *   - every body row of every table holds the same figures as the report's row: the
 *     digits, minus signs and significance marks of the row, in order, are the same in
 *     report.html and in the CSV (grouping, decimal mark, units and the splitting of
 *     "10,8 % (9,1 till 12,9 %)" into three cells aside) — so no cell the report
 *     withholds carries a number in the CSV, and no figure is lost or added;
 *   - the answer distributions agree with the chart descriptions (whole percent);
 *   - the files are UTF-8 with a BOM, ';' and decimal comma in Swedish, ',' and '.' in
 *     English, every row as many cells as the header.
 * The survey trend tables are checked against results.csv: n, the estimate and its
 * interval (rounded as the report rounds) and the changes with their marks; every
 * subgroup row results.csv withholds has no figure in the CSV.
 *
 * Second, a generated survey with small groups (an area of 3 respondents a wave, a
 * gender group of 3 in one area) whose labels are hostile (=HYPERLINK(...), @SUM(...)
 * with quotes and a semicolon), run with $TRYGG_DISCLOSURE_AUDIT: every row of the
 * tables by year and group is matched, by its respondents (known from the generated
 * data), to the cell the disclosure control decided on; a withheld cell is "too few
 * answers" with no estimate in the CSV, a published one has its exact n.  The hostile
 * labels come out as text (a leading apostrophe), quoted so that the row keeps its
 * cells, and no cell that a spreadsheet would run as a formula is left.
 *
 * Last, `check --tables` and `export tables` are usage errors (the latter naming
 * `run --tables`), and a symbolic link in place of tables/ is refused, nothing written
 * through it.
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char *const EVALS[] = {"trygghetscoach", "fritidsgard", "trygghetsundersokning"};
#define N_EVALS (sizeof(EVALS) / sizeof(*EVALS))

static char *tmpdir, *demo_db;

/* ------------------------------------------------------------------ CSV reading */

struct csv {
    size_t n_rows;
    size_t *n_fields;
    char ***field; /* [row][field] */
};

static void csv_free(struct csv *c)
{
    for (size_t r = 0; r < c->n_rows; r++) {
        for (size_t f = 0; f < c->n_fields[r]; f++)
            free(c->field[r][f]);
        free(c->field[r]);
    }
    free(c->field);
    free(c->n_fields);
    memset(c, 0, sizeof(*c));
}

/* RFC 4180 with delimiter delim; the file must start with a UTF-8 BOM and end in LF. */
static void csv_read(const char *path, char delim, struct csv *out)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        fail_msg("cannot read %s", path);
    if (len < 3 || memcmp(s, "\xEF\xBB\xBF", 3) != 0)
        fail_msg("%s: no UTF-8 byte-order mark", path);
    if (s[len - 1] != '\n')
        fail_msg("%s: does not end in a line feed", path);
    memset(out, 0, sizeof(*out));
    struct strbuf cell = STRBUF_INIT;
    char **row = NULL;
    size_t nf = 0;
    bool quoted = false, was_quoted = false;
    for (size_t i = 3; i < len; i++) {
        char ch = s[i];
        if (quoted) {
            if (ch == '"' && i + 1 < len && s[i + 1] == '"') {
                strbuf_addch(&cell, '"');
                i++;
            } else if (ch == '"') {
                quoted = false;
            } else {
                strbuf_addch(&cell, ch);
            }
            continue;
        }
        if (ch == '"') {
            if (cell.len)
                fail_msg("%s: a quote inside an unquoted cell at byte %zu", path, i);
            quoted = was_quoted = true;
        } else if (ch == delim || ch == '\n') {
            row = realloc(row, (nf + 1) * sizeof(*row));
            row[nf++] = strbuf_detach(&cell);
            was_quoted = false;
            if (ch == '\n') {
                out->field = realloc(out->field, (out->n_rows + 1) * sizeof(*out->field));
                out->n_fields = realloc(out->n_fields, (out->n_rows + 1) * sizeof(size_t));
                out->field[out->n_rows] = row;
                out->n_fields[out->n_rows++] = nf;
                row = NULL;
                nf = 0;
            }
        } else if (ch == '\r') {
            fail_msg("%s: a CR outside quotes", path);
        } else {
            if (was_quoted)
                fail_msg("%s: text after a closing quote at byte %zu", path, i);
            strbuf_addch(&cell, ch);
        }
    }
    strbuf_release(&cell);
    free(s);
    for (size_t r = 1; r < out->n_rows; r++)
        if (out->n_fields[r] != out->n_fields[0])
            fail_msg("%s: row %zu has %zu cells, the header %zu", path, r + 1, out->n_fields[r],
                     out->n_fields[0]);
}

/* A CSV number in the dialect: [-]digits[<mark>digits]; *x gets its value. */
static bool csv_number(const char *s, char mark, double *x)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p == mark) {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p)
        return false;
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", s);
    char *m = strchr(buf, mark);
    if (m)
        *m = '.';
    if (x)
        *x = strtod(buf, NULL);
    return true;
}

static size_t col_of(const struct csv *c, const char *header)
{
    for (size_t f = 0; f < c->n_fields[0]; f++)
        if (!strcmp(c->field[0][f], header))
            return f;
    fail_msg("no column '%s'", header);
    return 0;
}

/* ------------------------------------------------------------------ report.html */

struct item {
    bool distribution; /* a figure of the answer distribution, else a table */
    size_t n_rows;
    char ***cell; /* [row][col] body cells, tags stripped, entities undone */
    size_t *n_cols;
    char *alt; /* distribution: its description */
};

static char *unhtml(const char *s, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                         {"&quot;", "\""}, {"&#39;", "'"}};
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') { /* a tag: the tone marks' spans */
            const char *e = memchr(s + i, '>', n - i);
            i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
            i += 2; /* a soft hyphen (report/hyphenate.h): not in the CSV's text */
            continue;
        }
        bool done = false;
        for (size_t k = 0; k < 5 && !done; k++) {
            size_t l = strlen(ent[k][0]);
            if (i + l <= n && !memcmp(s + i, ent[k][0], l)) {
                strbuf_addstr(&sb, ent[k][1]);
                i += l;
                done = true;
            }
        }
        if (!done)
            strbuf_addch(&sb, s[i++]);
    }
    return strbuf_detach(&sb);
}

/* The tables and answer distributions of report.html, in order; returns the count. */
static size_t html_items(const char *path, struct item **out)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        fail_msg("cannot read %s", path);
    size_t n = 0;
    *out = NULL;
    const char *p = s;
    for (;;) {
        /* "<div class=\"table-wrap keep\">" (kept on one page in print) or not,
         * "<table>", or "<table class=\"break-any\">" (report/tablefit.h) */
        const char *t = strstr(p, "<div class=\"table-wrap");
        const char *f = strstr(p, "<figure class=\"chart\" id=\"chart-");
        while (f && (!t || f < t)) {
            const char *fe = strstr(f, "</figure>");
            const char *idend = strchr(f + 26, '"');
            if (!fe || !idend)
                fail_msg("%s: a figure without its end", path);
            if (strstr(f, "-distribution-") && strstr(f, "-distribution-") < idend) {
                const char *m = strstr(f, "<div class=\"chart-missing\" role=\"note\">");
                if (!m || m > fe)
                    fail_msg("%s: a distribution without its description (--no-charts)", path);
                m += strlen("<div class=\"chart-missing\" role=\"note\">");
                const char *me = strstr(m, "</div>");
                *out = realloc(*out, (n + 1) * sizeof(**out));
                memset(&(*out)[n], 0, sizeof(**out));
                (*out)[n].distribution = true;
                (*out)[n++].alt = unhtml(m, (size_t)(me - m));
            }
            f = strstr(fe, "<figure class=\"chart\" id=\"chart-");
        }
        if (!t)
            break;
        const char *te = strstr(t, "</table>");
        const char *body = strstr(t, "<tbody>");
        if (!te || !body || body > te)
            fail_msg("%s: a table without its body", path);
        struct item it;
        memset(&it, 0, sizeof(it));
        for (const char *r = strstr(body, "<tr>"); r && r < te; r = strstr(r + 4, "<tr>")) {
            const char *re = strstr(r, "</tr>");
            it.cell = realloc(it.cell, (it.n_rows + 1) * sizeof(*it.cell));
            it.n_cols = realloc(it.n_cols, (it.n_rows + 1) * sizeof(size_t));
            char **cells = NULL;
            size_t nc = 0;
            for (const char *c = strstr(r, "<td"); c && c < re; c = strstr(c + 3, "<td")) {
                const char *ce = strstr(c, "</td>");
                const char *open = strchr(c, '>') + 1;
                cells = realloc(cells, (nc + 1) * sizeof(*cells));
                cells[nc++] = unhtml(open, (size_t)(ce - open));
            }
            it.cell[it.n_rows] = cells;
            it.n_cols[it.n_rows++] = nc;
        }
        *out = realloc(*out, (n + 1) * sizeof(**out));
        (*out)[n++] = it;
        p = te;
    }
    free(s);
    return n;
}

static void items_free(struct item *it, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < it[i].n_rows; r++) {
            for (size_t c = 0; c < it[i].n_cols[r]; c++)
                free(it[i].cell[r][c]);
            free(it[i].cell[r]);
        }
        free(it[i].cell);
        free(it[i].n_cols);
        free(it[i].alt);
    }
    free(it);
}

/* The figures of a text: its digits, minus signs (ASCII or U+2212) and '*', in order. */
static void figures(struct strbuf *sb, const char *s)
{
    for (; *s; s++) {
        if (isdigit((unsigned char)*s) || *s == '-' || *s == '*')
            strbuf_addch(sb, *s);
        else if (!strncmp(s, "\xe2\x88\x92", 3)) {
            strbuf_addch(sb, '-');
            s += 2;
        }
    }
}

/* ------------------------------------------------------------------ the bundled runs */

static char *path2(const char *a, const char *b)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", a, b);
    return strbuf_detach(&sb);
}

static void run_bundled(const char *out, const char *lang)
{
    struct run_result res;
    int rc = run_trygg(&res, demo_db, "run", "analysis/trygghetscoach.ini",
                       "analysis/fritidsgard.ini", "analysis/trygghetsundersokning.ini", "--out",
                       out, "--lang", lang, "--no-charts", "--tables", "-q", NULL);
    if (rc != 0)
        fail_msg("run --lang %s exited %d: %s", lang, rc, res.err);
    run_result_release(&res);
}

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("tables");
    demo_db = path2(tmpdir, "demo.db");
    import_example(demo_db);
    char *sv = path2(tmpdir, "sv"), *en = path2(tmpdir, "en");
    run_bundled(sv, "sv");
    run_bundled(en, "en");
    free(sv);
    free(en);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    free(tmpdir);
    free(demo_db);
    return 0;
}

/* Every table of one evaluation's report against its CSV files. */
static void check_evaluation(const char *lang, const char *eval)
{
    bool sv = !strcmp(lang, "sv");
    char delim = sv ? ';' : ',', mark = sv ? ',' : '.';
    struct strbuf dir = STRBUF_INIT, p = STRBUF_INIT;
    strbuf_addf(&dir, "%s/%s/%s", tmpdir, lang, eval);
    strbuf_addf(&p, "%s/report.html", dir.buf);
    struct item *items;
    size_t n = html_items(p.buf, &items);
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/tables/index.csv", dir.buf);
    struct csv index;
    csv_read(p.buf, delim, &index);
    assert_string_equal(index.field[0][0], sv ? "Fil" : "File");
    if (index.n_rows - 1 != n)
        fail_msg("%s %s: %zu files in index.csv, %zu tables and distributions in the report",
                 lang, eval, index.n_rows - 1, n);
    size_t rows = 0, numbers = 0, withheld = 0;
    for (size_t i = 0; i < n; i++) {
        strbuf_reset(&p);
        strbuf_addf(&p, "%s/tables/%s", dir.buf, index.field[i + 1][0]);
        struct csv t;
        csv_read(p.buf, delim, &t);
        if (items[i].distribution) {
            /* the rows are the years of the survey, and the first column says so */
            if (strcmp(t.field[0][0], sv ? "År" : "Year"))
                fail_msg("%s: the first column is headed '%s', its rows are years", p.buf,
                         t.field[0][0]);
            /* the description gives each share in whole percent, in the same order */
            const char *a = items[i].alt;
            size_t k = 0;
            for (size_t r = 1; r < t.n_rows; r++)
                for (size_t c = 1; c < t.n_fields[r]; c++) {
                    double x;
                    if (!csv_number(t.field[r][c], mark, &x))
                        fail_msg("%s: '%s' is not a number", p.buf, t.field[r][c]);
                    const char *pc;
                    while ((pc = strchr(a, '%')) != NULL) {
                        const char *b = pc;
                        while (b > a && (b[-1] == ' ' || (unsigned char)b[-1] == 0xA0 ||
                                         (unsigned char)b[-1] == 0xC2))
                            b--;
                        const char *e = b;
                        while (b > a && isdigit((unsigned char)b[-1]))
                            b--;
                        a = pc + 1;
                        if (b < e) {
                            double whole = strtod(b, NULL);
                            if (fabs(whole - x) > 0.5 + 1e-9)
                                fail_msg("%s row %zu: %g in the CSV, %g %% in the report", p.buf,
                                         r + 1, x, whole);
                            k++;
                            break;
                        }
                    }
                    numbers++;
                }
            assert_true(k > 0 && k == (t.n_rows - 1) * (t.n_fields[0] - 1));
        } else {
            if (t.n_rows - 1 != items[i].n_rows)
                fail_msg("%s: %zu rows, the report's table %zu", p.buf, t.n_rows - 1,
                         items[i].n_rows);
            for (size_t r = 0; r < items[i].n_rows; r++) {
                struct strbuf want = STRBUF_INIT, got = STRBUF_INIT;
                char *const *hc = items[i].cell[r];
                for (size_t c = 0; c < items[i].n_cols[r]; c++) {
                    figures(&want, hc[c]);
                    withheld += strstr(hc[c], sv ? "för få svar" : "too few answers") != NULL;
                }
                /* the first cell repeats the label above where the report leaves it empty */
                size_t from = items[i].n_cols[r] && !*hc[0] ? 1 : 0;
                /* a label the report shows is the CSV's label, letter for letter (the
                 * report's soft hyphens are not part of it; a footnote mark "*" may
                 * follow it in the report) */
                const char *lab = t.n_fields[r + 1] ? t.field[r + 1][0] : "";
                if (!from && items[i].n_cols[r] && *lab != '\'' &&
                    (strncmp(hc[0], lab, strlen(lab)) ||
                     strspn(hc[0] + strlen(lab), "* ") != strlen(hc[0] + strlen(lab))))
                    fail_msg("%s row %zu: the report's label '%s', the CSV's '%s'", p.buf, r + 2,
                             hc[0], t.field[r + 1][0]);
                for (size_t c = from; c < t.n_fields[r + 1]; c++) {
                    figures(&got, t.field[r + 1][c]);
                    numbers += csv_number(t.field[r + 1][c], mark, NULL);
                }
                if (strcmp(want.buf ? want.buf : "", got.buf ? got.buf : ""))
                    fail_msg("%s row %zu: the report's figures '%s', the CSV's '%s'", p.buf,
                             r + 2, want.buf ? want.buf : "", got.buf ? got.buf : "");
                strbuf_release(&want);
                strbuf_release(&got);
                rows++;
            }
        }
        /* nothing a spreadsheet would run as a formula */
        for (size_t r = 0; r < t.n_rows; r++)
            for (size_t c = 0; c < t.n_fields[r]; c++) {
                const char *x = t.field[r][c];
                if (strchr("=+-@\t\r", x[0]) && x[0] && !csv_number(x, mark, NULL))
                    fail_msg("%s row %zu: '%s' would be read as a formula", p.buf, r + 1, x);
            }
        csv_free(&t);
    }
    printf("  %s %s: %zu tables and distributions, %zu rows, %zu number cells, %zu withheld "
           "cells: as in the report\n",
           lang, eval, n, rows, numbers, withheld);
    assert_true(rows > 0 && numbers > 0);
    if (!strcmp(eval, "trygghetscoach"))
        assert_true(withheld > 0); /* the age groups the report withholds */
    csv_free(&index);
    items_free(items, n);
    strbuf_release(&dir);
    strbuf_release(&p);
}

static void bundled_tables_are_the_reports(void **state)
{
    (void)state;
    for (size_t e = 0; e < N_EVALS; e++) {
        check_evaluation("sv", EVALS[e]);
        check_evaluation("en", EVALS[e]);
    }
    /* run.json lists the folder */
    char *rj = path2(tmpdir, "sv/trygghetscoach/run.json");
    size_t len;
    char *s = slurp(rj, &len);
    assert_non_null(strstr(s, "\"tables/\""));
    free(s);
    free(rj);
}

/* ------------------------------------------------------------------ against results.csv */

struct results {
    struct results_row *row;
    size_t n;
};

static void results_load(const char *path, struct results *out)
{
    size_t len;
    char *s = slurp(path, &len);
    assert_non_null(s);
    out->row = NULL;
    out->n = 0;
    char *line = strchr(s, '\n') + 1; /* after the header */
    while (*line) {
        char *e = strchr(line, '\n');
        out->row = realloc(out->row, (out->n + 1) * sizeof(*out->row));
        memset(&out->row[out->n], 0, sizeof(*out->row));
        results_split(line, (size_t)(e - line), &out->row[out->n++]);
        line = e + 1;
    }
    free(s);
}

static const struct results_row *find_row(const struct results *rs, const char *outcome,
                                          const char *group, const char *method,
                                          const char *term)
{
    for (size_t i = 0; i < rs->n; i++) {
        const struct results_row *r = &rs->row[i];
        if (!strcmp(r->f[RF_OUTCOME], outcome) && !strcmp(r->f[RF_GROUP], group) &&
            !strcmp(r->f[RF_METHOD], method) && !strcmp(r->f[RF_TERM], term))
            return r;
    }
    return NULL;
}

/* |csv - 100 x| within the report's rounding to one decimal */
static void same_pct(const char *csv_cell, double x, const char *what)
{
    double v;
    if (!*csv_cell && isnan(x))
        return; /* no interval, in both */
    if (!csv_number(csv_cell, ',', &v))
        fail_msg("%s: '%s' is not a number", what, csv_cell);
    if (fabs(v - 100 * x) > 0.05 + 1e-9)
        fail_msg("%s: %s in the CSV, %.6f in results.csv", what, csv_cell, 100 * x);
}

static void trend_tables_equal_results(void **state)
{
    (void)state;
    char *dir = path2(tmpdir, "sv/trygghetsundersokning");
    char *rp = path2(dir, "results.csv"), *ip = path2(dir, "tables/index.csv");
    struct results rs;
    results_load(rp, &rs);
    struct csv index;
    csv_read(ip, ';', &index);
    size_t checked = 0, changes = 0, tables = 0;
    for (size_t i = 1; i < index.n_rows; i++) {
        /* "T01: Otrygg per år och område" under the heading "T01: Otrygg" (the outcome) */
        const char *section = index.field[i][1], *title = index.field[i][2];
        const char *outcome = strrchr(section, '>');
        outcome = outcome ? outcome + 2 : section;
        size_t ol = strlen(outcome);
        bool by_group = !strncmp(title, outcome, ol) && !strncmp(title + ol, " per år och ", 12);
        bool by_year = !strcmp(title, "Per år");
        if (!by_group && !by_year)
            continue;
        tables++;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/tables/%s", dir, index.field[i][0]);
        struct csv t;
        csv_read(p.buf, ';', &t);
        size_t cy = col_of(&t, "År"), cn = col_of(&t, "Svar"), ce = col_of(&t, "Skattning (%)"),
               cl = col_of(&t, "Skattning: nedre gräns 95\xc2\xa0% KI (%)"),
               ch = col_of(&t, "Skattning: övre gräns 95\xc2\xa0% KI (%)"),
               cb = col_of(&t, "Mot basåret (p.e.)"),
               cbl = col_of(&t, "Mot basåret: nedre gräns (p.e.)");
        for (size_t r = 1; r < t.n_rows; r++) {
            char **f = t.field[r];
            const struct results_row *row = NULL;
            char group[300];
            if (by_year) {
                snprintf(group, sizeof(group), "wave %s", f[cy]);
                row = find_row(&rs, outcome, group, "svyciprop", "proportion");
            } else {
                /* "wave 2016, area: Åkersberga centrum", "wave 2016, KON: Kvinna" */
                for (size_t k = 0; k < rs.n && !row; k++) {
                    const struct results_row *x = &rs.row[k];
                    snprintf(group, sizeof(group), "wave %s, ", f[cy]);
                    const char *g = x->f[RF_GROUP], *colon = strstr(g, ": ");
                    if (!strcmp(x->f[RF_OUTCOME], outcome) &&
                        !strcmp(x->f[RF_METHOD], "svyciprop") &&
                        !strncmp(g, group, strlen(group)) && colon && !strcmp(colon + 2, f[0]))
                        row = x;
                }
                if (row)
                    snprintf(group, sizeof(group), "%s", row->f[RF_GROUP]);
            }
            if (!row)
                fail_msg("%s row %zu (%s %s): no results.csv row", p.buf, r + 1, f[0], f[cy]);
            assert_string_equal(f[cn], row->f[RF_N]);
            same_pct(f[ce], results_num(row, RF_ESTIMATE), p.buf);
            same_pct(f[cl], results_num(row, RF_LOW), p.buf);
            same_pct(f[ch], results_num(row, RF_HIGH), p.buf);
            checked++;
            const struct results_row *base = find_row(&rs, outcome, group, "svydiff", "vs_baseline");
            if (base) {
                same_pct(f[cb], results_num(base, RF_ESTIMATE), p.buf);
                same_pct(f[cbl], results_num(base, RF_LOW), p.buf);
                /* the mark: significant after Holm */
                size_t cm = t.n_fields[0];
                for (size_t c = 0; c < t.n_fields[0]; c++)
                    if (!strcmp(t.field[0][c], "Mot basåret: markering"))
                        cm = c;
                bool sig = results_num(base, RF_HOLM) < 0.05;
                bool marked = cm < t.n_fields[0] && !strcmp(f[cm], "*");
                if (by_group && sig != marked)
                    fail_msg("%s row %zu: mark '%s', p (Holm) %s", p.buf, r + 1,
                             cm < t.n_fields[0] ? f[cm] : "", base->f[RF_HOLM]);
                changes++;
            } else if (csv_number(f[cb], ',', NULL)) {
                fail_msg("%s row %zu: a change results.csv does not have", p.buf, r + 1);
            }
        }
        csv_free(&t);
        strbuf_release(&p);
    }
    printf("  trygghetsundersokning: %zu tables, %zu estimates and %zu changes equal results.csv\n",
           tables, checked, changes);
    assert_true(tables >= 10 && checked > 100 && changes > 100);
    csv_free(&index);
    free(rs.row);
    free(rp);
    free(ip);
    free(dir);
}

/* Every subgroup results.csv withholds has no figure in the CSV's subgroup tables. */
static void withheld_subgroups_have_no_figure(void **state)
{
    (void)state;
    char *dir = path2(tmpdir, "sv/trygghetscoach");
    char *rp = path2(dir, "results.csv"), *ip = path2(dir, "tables/index.csv");
    struct results rs;
    results_load(rp, &rs);
    struct csv index;
    csv_read(ip, ';', &index);
    size_t hidden_rows = 0, matched = 0;
    for (size_t k = 0; k < rs.n; k++) {
        const struct results_row *x = &rs.row[k];
        if (strcmp(x->f[RF_METHOD], "svyciprop") || strncmp(x->f[RF_NOTE], "suppressed", 10))
            continue;
        const char *colon = strstr(x->f[RF_GROUP], ": ");
        if (!colon)
            continue;
        hidden_rows++;
        /* its numbers are withheld in results.csv */
        assert_true(isnan(results_num(x, RF_ESTIMATE)) && isnan(results_num(x, RF_N)));
        for (size_t i = 1; i < index.n_rows; i++) {
            if (strncmp(index.field[i][2], "Förändring per grupp", 20))
                continue;
            struct strbuf p = STRBUF_INIT;
            strbuf_addf(&p, "%s/tables/%s", dir, index.field[i][0]);
            struct csv t;
            csv_read(p.buf, ';', &t);
            for (size_t r = 1; r < t.n_rows; r++) {
                if (strcmp(t.field[r][0], colon + 2))
                    continue;
                matched++;
                assert_string_equal(t.field[r][col_of(&t, "Svar före")], "för få svar");
                for (size_t c = 1; c < t.n_fields[r]; c++)
                    if (csv_number(t.field[r][c], ',', NULL))
                        fail_msg("%s: '%s' is withheld in results.csv but has %s", p.buf,
                                 t.field[r][0], t.field[r][c]);
            }
            csv_free(&t);
            strbuf_release(&p);
        }
    }
    printf("  trygghetscoach: %zu withheld subgroup rows in results.csv, %zu CSV rows without a "
           "figure\n",
           hidden_rows, matched);
    assert_true(hidden_rows >= 4 && matched >= 2);
    csv_free(&index);
    free(rs.row);
    free(rp);
    free(ip);
    free(dir);
}

/* ------------------------------------------------------------------ small groups */

#define WAVES 4
#define FIRST 2016
static const char *const HOSTILE_AREA =
    "=HYPERLINK(\"http://evil.invalid\",\"klick\") | x";
static const char *const HOSTILE_KON = "@SUM(A1)+1 \"x\"; y";

struct resp {
    int wave, area, kon, q;
};

static const char CODEBOOK_FMT[] =
    "[survey]\nid = hx\ntitle.en = Hostile\n"
    "[columns]\nrespondent = ID\nwave = AR\narea = OMRADE\nweight = VIKT\n"
    "[area]\nvalue.1 = Norr\nvalue.2 = %s\nvalue.3 = Lilla byn\n"
    "[background KON]\ntext.en = Gender\nvalue.1 = Man | Man\nvalue.2 = Kvinna | Woman\n"
    "value.3 = %s | %s\n"
    "[question Q1]\ntext.en = Do you feel unsafe?\nvalue.1 = Trygg | Safe\n"
    "value.2 = Otrygg | Unsafe\nmissing.9 = Vet ej | Don't know\nindicator = 2\n";

static const char SPEC[] = "[evaluation]\nid = hx\ntitle.en = T\nquestion.en = Q?\n"
                           "start = 2018-01-01\n"
                           "[trend t]\nsurvey = hx\nquestions = Q1\nby = area, KON\n"
                           "[survey s]\nsurvey = hx\nquestion = Q1\narea = Norr\n"
                           "before = 2016..2017\nafter = 2018..2019\nsubgroups = KON\n";

/* The audit's cells of the run: hidden flag and sorted members. */
struct acell {
    bool hidden;
    size_t n;
    unsigned *m;
};

static size_t audit_load(const char *path, struct acell **out)
{
    size_t len;
    char *s = slurp(path, &len);
    if (!s)
        fail_msg("no audit file %s", path);
    size_t n = 0;
    *out = NULL;
    for (char *line = s; *line;) {
        char *e = strchr(line, '\n');
        *e = '\0';
        if (line[0] != '#') {
            char *q = strchr(line, '\t') + 1;
            struct acell c = {atoi(q) != 0, 0, NULL};
            q = strchr(strchr(q, '\t') + 1, '\t') + 1;
            while (*q) {
                c.m = realloc(c.m, (c.n + 1) * sizeof(unsigned));
                c.m[c.n++] = (unsigned)strtoul(q, &q, 10);
                if (*q == ',')
                    q++;
            }
            *out = realloc(*out, (n + 1) * sizeof(**out));
            (*out)[n++] = c;
        }
        line = e + 1;
    }
    free(s);
    return n;
}

static void small_groups_withheld_and_hostile_labels_quoted(void **state)
{
    (void)state;
    char *dir = path2(tmpdir, "small");
    mkdir(dir, 0700);
    char *cb = path2(dir, "hx.ini"), *data = path2(dir, "hx.csv"), *spec = path2(dir, "t.ini"),
         *db = path2(dir, "hx.db"), *audit = path2(dir, "audit.txt");
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, CODEBOOK_FMT, HOSTILE_AREA, HOSTILE_KON, HOSTILE_KON);
    write_file(cb, sb.buf, sb.len);
    write_file(spec, SPEC, strlen(SPEC));
    /* respondents in wave order: the audit numbers them in this order */
    static struct resp R[1000];
    size_t nr = 0;
    unsigned x = 7;
    strbuf_reset(&sb);
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;VIKT;Q1\n");
    for (int w = 0; w < WAVES; w++) {
        const int sizes[] = {0, 100, 110, 3};
        for (int a = 1; a <= 3; a++)
            for (int k = 0; k < sizes[a]; k++) {
                x = x * 1103515245u + 12345u;
                struct resp r = {w, a, a == 1 && k < 3 ? 3 : k % 2 ? 1 : 2,
                                 (x >> 16) % 10 < 3 ? 2 : 1};
                if (a == 2 && k >= 100 && k < 104)
                    r.q = 9;
                R[nr++] = r;
                strbuf_addf(&sb, "%zu;%d;%d;%d;1;%d\n", nr, FIRST + w, a, r.kon, r.q);
            }
    }
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, NULL) != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    const char *langs[] = {"en", "sv"};
    for (int li = 0; li < 2; li++) {
        bool sv = li == 1;
        char *out = path2(dir, langs[li]);
        remove(audit);
        setenv("TRYGG_DISCLOSURE_AUDIT", audit, 1);
        int rc = run_trygg(&res, db, "run", spec, "--out", out, "--lang", langs[li],
                           "--no-charts", "--tables", "-q", NULL);
        unsetenv("TRYGG_DISCLOSURE_AUDIT");
        if (rc != 0)
            fail_msg("run: %s", res.err);
        run_result_release(&res);
        struct acell *cells;
        size_t n_cells = audit_load(audit, &cells);
        char delim = sv ? ';' : ',';
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s/hx/tables/index.csv", out);
        struct csv index;
        csv_read(p.buf, delim, &index);
        size_t matched = 0, hidden = 0, published = 0, labels = 0;
        for (size_t i = 1; i < index.n_rows; i++) {
            strbuf_reset(&p);
            strbuf_addf(&p, "%s/hx/tables/%s", out, index.field[i][0]);
            struct csv t;
            csv_read(p.buf, delim, &t);
            /* the hostile labels: text, whole, with the apostrophe */
            for (size_t r = 1; r < t.n_rows; r++) {
                const char *c0 = t.field[r][0];
                if (c0[0] == '\'' && (!strcmp(c0 + 1, HOSTILE_AREA) || !strcmp(c0 + 1, HOSTILE_KON)))
                    labels++;
                for (size_t c = 0; c < t.n_fields[r]; c++) {
                    const char *v = t.field[r][c];
                    if (v[0] && strchr("=+-@\t\r", v[0]) && !csv_number(v, sv ? ',' : '.', NULL))
                        fail_msg("%s: '%s' would be read as a formula", p.buf, v);
                }
            }
            const char *title = index.field[i][2];
            bool by_area = strstr(title, sv ? "per år och område" : "by year and area") != NULL;
            bool by_kon = strstr(title, sv ? "per år och Gender" : "by year and Gender") != NULL;
            if (by_area || by_kon) {
                size_t cy = col_of(&t, sv ? "År" : "Year"), cn = col_of(&t, sv ? "Svar" : "Answers"),
                       ce = col_of(&t, sv ? "Skattning (%)" : "Estimate (%)");
                for (size_t r = 1; r < t.n_rows; r++) {
                    char **f = t.field[r];
                    int wave = atoi(f[cy]) - FIRST;
                    const char *label = f[0][0] == '\'' ? f[0] + 1 : f[0];
                    int level = 0;
                    static const char *const areas[] = {"", "Norr", NULL, "Lilla byn"};
                    static const char *const kons_en[] = {"", "Man", "Woman", NULL};
                    static const char *const kons_sv[] = {"", "Man", "Kvinna", NULL};
                    for (int l = 1; l <= 3; l++) {
                        const char *name = by_area ? (l == 2 ? HOSTILE_AREA : areas[l])
                                                   : (l == 3 ? HOSTILE_KON
                                                             : (sv ? kons_sv : kons_en)[l]);
                        if (!strcmp(label, name))
                            level = l;
                    }
                    if (!level || wave < 0 || wave >= WAVES)
                        fail_msg("%s row %zu: unknown group '%s' or year", p.buf, r + 1, f[0]);
                    /* the respondents of the cell, as the generator made them */
                    unsigned *m = calloc(nr, sizeof(unsigned));
                    size_t nm = 0;
                    for (size_t k = 0; k < nr; k++)
                        if (R[k].wave == wave && R[k].q != 9 &&
                            (by_area ? R[k].area : R[k].kon) == level)
                            m[nm++] = (unsigned)k;
                    const struct acell *cell = NULL;
                    for (size_t k = 0; k < n_cells && !cell; k++)
                        if (cells[k].n == nm && !memcmp(cells[k].m, m, nm * sizeof(unsigned)))
                            cell = &cells[k];
                    free(m);
                    if (!cell)
                        fail_msg("%s row %zu: no disclosure cell for %s %s", p.buf, r + 1, f[0],
                                 f[cy]);
                    matched++;
                    if (cell->hidden) {
                        hidden++;
                        assert_string_equal(f[cn], sv ? "för få svar" : "too few answers");
                        for (size_t c = 1; c < t.n_fields[r]; c++)
                            if (c != cy && csv_number(f[c], sv ? ',' : '.', NULL))
                                fail_msg("%s row %zu: withheld, but '%s'", p.buf, r + 1, f[c]);
                    } else {
                        published++;
                        char want[32];
                        snprintf(want, sizeof(want), "%zu", nm);
                        assert_string_equal(f[cn], want);
                        assert_true(csv_number(f[ce], sv ? ',' : '.', NULL));
                    }
                }
            }
            csv_free(&t);
        }
        printf("  small groups (%s): %zu rows by year and group matched to their disclosure "
               "cells: %zu withheld, %zu published; %zu hostile labels as text\n",
               langs[li], matched, hidden, published, labels);
        assert_true(hidden >= 8 && published >= 4 && labels >= 8);
        for (size_t k = 0; k < n_cells; k++)
            free(cells[k].m);
        free(cells);
        csv_free(&index);
        strbuf_release(&p);
        free(out);
    }
    free(cb);
    free(data);
    free(spec);
    free(db);
    free(audit);
    free(dir);
}

/* --tables only where it means something; a link in place of tables/ is refused. */
static void usage_and_links(void **state)
{
    (void)state;
    struct run_result res;
    assert_int_equal(run_trygg(&res, demo_db, "check", "analysis/fritidsgard.ini", "--tables",
                               NULL),
                     2);
    run_result_release(&res);
    /* `trygg export tables` says where the tables come from */
    assert_int_equal(run_trygg(&res, demo_db, "export", "tables", NULL), 2);
    assert_non_null(strstr(res.err, "--tables"));
    run_result_release(&res);
    char *out = path2(tmpdir, "linked"), *elsewhere = path2(tmpdir, "elsewhere");
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/fritidsgard", out);
    mkdir(out, 0700);
    mkdir(p.buf, 0700);
    mkdir(elsewhere, 0700);
    strbuf_addstr(&p, "/tables");
    assert_int_equal(symlink(elsewhere, p.buf), 0);
    int rc = run_trygg(&res, demo_db, "run", "analysis/fritidsgard.ini", "--out", out,
                       "--no-charts", "--tables", "-q", NULL);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(res.err, "symbolic link"));
    run_result_release(&res);
    DIR *d = opendir(elsewhere);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            fail_msg("a file was written through the link: %s", e->d_name);
    closedir(d);
    strbuf_release(&p);
    free(out);
    free(elsewhere);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_tables_are_the_reports),
        cmocka_unit_test(trend_tables_equal_results),
        cmocka_unit_test(withheld_subgroups_have_no_figure),
        cmocka_unit_test(small_groups_withheld_and_hostile_labels_quoted),
        cmocka_unit_test(usage_and_links),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
