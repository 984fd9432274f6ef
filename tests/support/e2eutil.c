/*
 * e2eutil — see e2eutil.h.
 */
#include "e2eutil.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

int run_trygg_argv(struct run_result *res, const char *db, const char *const *args, size_t n)
{
    const char **argv = calloc(n + 4, sizeof(*argv));
    size_t k = 0;
    argv[k++] = trygg_bin();
    if (db) {
        argv[k++] = "--db";
        argv[k++] = db;
    }
    for (size_t i = 0; i < n; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    int rc = run_program(argv, NULL, res);
    free(argv);
    if (rc < 0)
        fail_msg("cannot run %s: %s", trygg_bin(), strerror(errno));
    return rc;
}

int run_trygg(struct run_result *res, const char *db, ...)
{
    const char *args[64];
    size_t n = 0;
    va_list ap;
    va_start(ap, db);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
        if (n == sizeof(args) / sizeof(*args))
            fail_msg("run_trygg: too many arguments");
        args[n++] = a;
    }
    va_end(ap);
    return run_trygg_argv(res, db, args, n);
}

#define EX "examples/osteraker/"
const char *const EXAMPLE_IMPORTS[][EXAMPLE_IMPORT_ARGS] = {
    {"import", "survey", "surveys/osteraker-2015-2018.ini", EX "trygghet_2015.csv",
     EX "trygghet_2016.csv", "--encoding", "cp1252", NULL},
    {"import", "survey", "surveys/osteraker-2015-2018.ini", EX "trygghet_2017.csv",
     EX "trygghet_2018.csv", NULL},
    {"import", "survey", "surveys/osteraker-2019-2022.ini", EX "trygghet_2019.csv",
     EX "trygghet_2020.csv", EX "trygghet_2021.csv", EX "trygghet_2022.csv", NULL},
    {"import", "incidents", EX "brott_manad.csv", EX "brott_dag_centrum.csv",
     EX "fritidsgard_dag.csv", EX "aktivitet_manad.csv", EX "brott_centrum_lan.csv", NULL},
    {"import", "interventions", EX "insatser.csv", NULL},
};
#undef EX
const size_t N_EXAMPLE_IMPORTS = sizeof(EXAMPLE_IMPORTS) / sizeof(*EXAMPLE_IMPORTS);

void run_trygg_ok(const char *db, const char *const *args, size_t n)
{
    struct run_result res;
    int rc = run_trygg_argv(&res, db, args, n);
    if (rc != 0)
        fail_msg("trygg %s %s %s failed (exit %d):\n%s", n > 0 ? args[0] : "",
                 n > 1 ? args[1] : "", n > 2 ? args[2] : "", rc, res.err);
    run_result_release(&res);
}

void import_example(const char *db)
{
    for (size_t i = 0; i < N_EXAMPLE_IMPORTS; i++) {
        const char *args[EXAMPLE_IMPORT_ARGS + 1];
        size_t n;
        for (n = 0; EXAMPLE_IMPORTS[i][n]; n++)
            args[n] = EXAMPLE_IMPORTS[i][n];
        args[n++] = "-q";
        run_trygg_ok(db, args, n);
    }
}

void copy_file(const char *from, const char *to)
{
    size_t len;
    char *data = slurp(from, &len);
    if (!data)
        fail_msg("cannot read '%s': %s", from, strerror(errno));
    write_file(to, data, len);
    free(data);
}

void copy_db(const char *from, const char *to)
{
    char a[4096], b[4096];
    snprintf(b, sizeof(b), "%s-wal", to);
    unlink(b);
    snprintf(b, sizeof(b), "%s-shm", to);
    unlink(b);
    copy_file(from, to);
    snprintf(a, sizeof(a), "%s-wal", from);
    snprintf(b, sizeof(b), "%s-wal", to);
    if (access(a, F_OK) == 0)
        copy_file(a, b);
}

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;
    /* read-write but never create: a read-only connection to a WAL database needs
     * its -shm file, which a finished import may have removed */
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        char msg[512];
        snprintf(msg, sizeof(msg), "%s", db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        fail_msg("cannot open database '%s': %s", path, msg);
    }
    return db;
}

static void add_hex(struct strbuf *sb, const void *data, int len)
{
    const unsigned char *p = data;
    for (int i = 0; i < len; i++)
        strbuf_addf(sb, "%02x", p[i]);
}

static void dump_query(sqlite3 *db, const char *sql, struct strbuf *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("dump: cannot prepare '%s': %s", sql, sqlite3_errmsg(db));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int n = sqlite3_column_count(st);
        for (int c = 0; c < n; c++) {
            if (c)
                strbuf_addch(out, '|');
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL:
                strbuf_addstr(out, "NULL");
                break;
            case SQLITE_INTEGER:
                strbuf_addf(out, "i%lld", (long long)sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT:
                strbuf_addf(out, "r%.17g", sqlite3_column_double(st, c));
                break;
            case SQLITE_TEXT: {
                const unsigned char *t = sqlite3_column_text(st, c);
                strbuf_addstr(out, "t");
                add_hex(out, t, sqlite3_column_bytes(st, c));
                break;
            }
            default: {
                const void *b = sqlite3_column_blob(st, c);
                strbuf_addstr(out, "b");
                add_hex(out, b, sqlite3_column_bytes(st, c));
                break;
            }
            }
        }
        strbuf_addch(out, '\n');
    }
    if (rc != SQLITE_DONE)
        fail_msg("dump: '%s': %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

char *db_dump(const char *path)
{
    sqlite3 *db = open_db(path);
    struct strbuf out = STRBUF_INIT;
    strbuf_addstr(&out, "# user_version\n");
    dump_query(db, "PRAGMA user_version", &out);
    strbuf_addstr(&out, "# sqlite_schema\n");
    dump_query(db, "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid",
               &out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        fail_msg("dump: %s", sqlite3_errmsg(db));
    char **names = NULL;
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        names = realloc(names, (n + 1) * sizeof(*names));
        names[n++] = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        struct strbuf sql = STRBUF_INIT;
        strbuf_addstr(&sql, "SELECT * FROM \"");
        for (const char *p = names[i]; *p; p++) {
            if (*p == '"')
                strbuf_addch(&sql, '"');
            strbuf_addch(&sql, *p);
        }
        strbuf_addch(&sql, '"');
        strbuf_addf(&out, "# table %s\n", names[i]);
        dump_query(db, sql.buf, &out);
        strbuf_release(&sql);
        free(names[i]);
    }
    free(names);
    sqlite3_close(db);
    return strbuf_detach(&out);
}

void db_check_integrity(const char *path)
{
    sqlite3 *db = open_db(path);
    struct strbuf out = STRBUF_INIT;
    dump_query(db, "PRAGMA integrity_check", &out);
    if (strcmp(out.buf, "t6f6b\n") != 0) /* one row, the text "ok" (hex 6f6b) */
        fail_msg("integrity_check of '%s' failed: %s", path, out.buf);
    strbuf_reset(&out);
    dump_query(db, "PRAGMA foreign_key_check", &out);
    if (out.len)
        fail_msg("foreign_key_check of '%s' found dangling references: %s", path, out.buf);
    strbuf_release(&out);
    sqlite3_close(db);
}

void assert_dump_equal(const char *expected, const char *actual, const char *what)
{
    if (!strcmp(expected, actual))
        return;
    const char *a = expected, *b = actual;
    long line = 1;
    const char *la = a, *lb = b;
    while (*a && *a == *b) {
        if (*a == '\n') {
            line++;
            la = a + 1;
            lb = b + 1;
        }
        a++;
        b++;
    }
    int na = (int)strcspn(la, "\n"), nb = (int)strcspn(lb, "\n");
    fail_msg("%s: the database changed; first difference at dump line %ld:\n"
             "  before: %.*s\n  after:  %.*s",
             what, line, na > 300 ? 300 : na, la, nb > 300 ? 300 : nb, lb);
}

size_t count_lines_starting(const char *text, const char *prefix)
{
    size_t n = 0, plen = strlen(prefix);
    for (const char *p = text; p && *p;) {
        if (!strncmp(p, prefix, plen))
            n++;
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return n;
}

char *path_in_dir(const char *dir, const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", dir, name);
    return strbuf_detach(&sb);
}

char *put_file_in(const char *dir, const char *name, const char *text)
{
    char *p = path_in_dir(dir, name);
    write_file(p, text, strlen(text));
    return p;
}

int run_spec_in(const char *db, const char *dir, const char *name, const char *text,
                const char *lang, char **csv, char **md, char **err)
{
    char *spec = put_file_in(dir, name, text);
    char *out = path_in_dir(dir, "out");
    struct run_result res;
    int st = run_trygg(&res, db, "run", spec, "--out", out, "--lang", lang, "--no-charts",
                       NULL);
    if (err)
        *err = xstrdup(res.err ? res.err : "");
    run_result_release(&res);
    const char *id = strstr(text, "id = ");
    id = id ? id + 5 : "";
    size_t idlen = strcspn(id, "\n");
    struct strbuf p = STRBUF_INIT;
    strbuf_addf(&p, "%s/%.*s/results.csv", out, (int)idlen, id);
    if (csv)
        *csv = st == 0 ? slurp(p.buf, NULL) : NULL;
    strbuf_reset(&p);
    strbuf_addf(&p, "%s/%.*s/report.md", out, (int)idlen, id);
    if (md)
        *md = st == 0 ? slurp(p.buf, NULL) : NULL;
    strbuf_release(&p);
    free(spec);
    free(out);
    return st;
}

size_t results_split(const char *line, size_t len, struct results_row *r)
{
    size_t nf = 0, k = 0;
    bool quoted = false;
    for (size_t i = 0; i <= len && nf < RESULTS_FIELDS; i++) {
        char ch = i < len ? line[i] : ',';
        if (quoted) {
            if (ch == '"' && i + 1 < len && line[i + 1] == '"') {
                if (k < 255)
                    r->f[nf][k++] = '"';
                i++;
            } else if (ch == '"')
                quoted = false;
            else if (k < 255)
                r->f[nf][k++] = ch;
        } else if (ch == '"')
            quoted = true;
        else if (ch == ',') {
            r->f[nf][k] = '\0';
            nf++;
            k = 0;
        } else if (k < 255)
            r->f[nf][k++] = ch;
    }
    return nf;
}

double results_num(const struct results_row *r, int field)
{
    return r->f[field][0] ? strtod(r->f[field], NULL) : NAN;
}

size_t csv_split_record(const char **p, char fields[][512], size_t max)
{
    size_t n = 0, len = 0;
    bool quoted = false;
    const char *s = *p;
    if (!*s)
        return 0;
    fields[0][0] = '\0';
    for (; *s; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"') {
                s++;
            } else if (*s == '"') {
                quoted = false;
                continue;
            }
        } else if (*s == '"') {
            quoted = true;
            continue;
        } else if (*s == ',' || *s == '\n') {
            fields[n][len < 511 ? len : 511] = '\0';
            n++;
            len = 0;
            if (*s == '\n') {
                s++;
                break;
            }
            if (n == max)
                return n;
            fields[n][0] = '\0';
            continue;
        }
        if (len < 511)
            fields[n][len] = *s;
        len++;
    }
    *p = s;
    return n;
}

bool results_find(const char *csv, const char *analysis, const char *group, const char *method,
                  const char *term, struct results_row *r)
{
    bool header = true;
    for (const char *p = csv; *p;) {
        /* the record ends at the first newline outside quotes */
        const char *end = p;
        bool quoted = false;
        for (; *end && (quoted || *end != '\n'); end++)
            if (*end == '"')
                quoted = !quoted;
        size_t n = results_split(p, (size_t)(end - p), r);
        p = *end ? end + 1 : end;
        if (header) {
            header = false;
            continue;
        }
        if (n == RESULTS_FIELDS && !strcmp(r->f[RF_ANALYSIS], analysis) &&
            !strcmp(r->f[RF_GROUP], group) && !strcmp(r->f[RF_METHOD], method) &&
            !strcmp(r->f[RF_TERM], term))
            return true;
    }
    return false;
}

void results_check_ref(const char *csv, const char *analysis, const char *group,
                       const char *method, const char *term, const char *ref,
                       const char *ref_case, double tol)
{
    struct results_row r;
    if (!results_find(csv, analysis, group, method, term, &r))
        fail_msg("no results row %s / '%s' / %s / %s", analysis, group, method, term);
    assert_close(results_num(&r, RF_ESTIMATE), ref_get(ref, ref_case, "estimate"), tol);
    if (ref_has(ref, ref_case, "std_error"))
        assert_close(results_num(&r, RF_SE), ref_get(ref, ref_case, "std_error"), tol);
    if (ref_has(ref, ref_case, "conf_low")) {
        assert_close(results_num(&r, RF_LOW), ref_get(ref, ref_case, "conf_low"), tol);
        assert_close(results_num(&r, RF_HIGH), ref_get(ref, ref_case, "conf_high"), tol);
    }
    if (ref_has(ref, ref_case, "p_value"))
        assert_close(results_num(&r, RF_P), ref_get(ref, ref_case, "p_value"), tol);
}

char *survey_import_run(const char *dir, const char *tag, const char *codebook,
                        const char *answers, const char *spec, const char *eval_id,
                        const char *const *extra, size_t n_extra, char **err)
{
    struct strbuf db = STRBUF_INIT, out = STRBUF_INIT, csv = STRBUF_INIT;
    strbuf_addf(&db, "%s/%s.db", dir, tag);
    strbuf_addf(&out, "%s/out-%s", dir, tag);
    const char *import[] = {"import", "survey", codebook, answers};
    run_trygg_ok(db.buf, import, 4);
    const char *args[32] = {"run", spec, "--out", out.buf, "--lang", "en", "-q"};
    size_t n = 7;
    assert_true(n_extra <= 32 - n);
    for (size_t i = 0; i < n_extra; i++)
        args[n++] = extra[i];
    struct run_result r;
    int rc = run_trygg_argv(&r, db.buf, args, n);
    char *result = NULL;
    if (err)
        *err = NULL;
    if (rc == 0) {
        strbuf_addf(&csv, "%s/%s/results.csv", out.buf, eval_id);
        result = slurp(csv.buf, NULL);
        assert_non_null(result);
    } else if (err) {
        *err = strdup(r.err);
    } else {
        fail_msg("trygg run %s refused (exit %d): %s", spec, rc, r.err);
    }
    run_result_release(&r);
    strbuf_release(&db);
    strbuf_release(&out);
    strbuf_release(&csv);
    return result;
}

void survey_run_setup(struct survey_run *e, const char *name, const char *codebook,
                      const char *answers, const char *spec, const char *eval_id,
                      const char *const *extra, size_t n_extra)
{
    e->dir = make_temp_dir(name);
    e->db = path_in_dir(e->dir, "trygg.db");
    e->out = path_in_dir(e->dir, "out-trygg");
    e->csv = survey_import_run(e->dir, "trygg", codebook, answers, spec, eval_id, extra, n_extra,
                               NULL);
}

void survey_run_teardown(struct survey_run *e)
{
    rm_rf(e->dir);
    free(e->dir);
    free(e->db);
    free(e->out);
    free(e->csv);
}

json_t *outcome_titles_load(const char *run_json)
{
    json_error_t err;
    json_t *run = json_load_file(run_json, 0, &err);
    if (!run)
        fail_msg("%s: %s", run_json, err.text);
    json_t *t = json_incref(json_object_get(run, "outcome_titles"));
    json_decref(run);
    if (!json_is_array(t))
        fail_msg("%s has no outcome_titles array", run_json);
    return t;
}

const char *outcome_title(json_t *titles, const char *analysis, const char *outcome)
{
    size_t i;
    json_t *t;
    json_array_foreach(titles, i, t)
    {
        if (!strcmp(json_string_value(json_object_get(t, "analysis")), analysis) &&
            !strcmp(json_string_value(json_object_get(t, "outcome")), outcome))
            return json_string_value(json_object_get(t, "title"));
    }
    return NULL;
}
