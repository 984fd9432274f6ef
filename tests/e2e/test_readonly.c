/*
 * Read-only databases, end to end: commands that only read (info, run) open the
 * database read-only, so an archived 0444 file or a database in a directory the user
 * may not write can be inspected and run; the database stays byte for byte as it was.
 *
 *   - a 0444 database in a writable directory: `info` and `run` exit 0, the reports
 *     are written, the file is unchanged;
 *   - the database in a 0555 directory (no -shm can be created: opened immutable):
 *     the same;
 *   - `import` into the 0444 database is refused with a message (exit 3), nothing
 *     changed.
 * Root may write anything, so as root trygg runs as the unprivileged user 65534
 * (setpriv); as any other user the file modes do it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static char *tmpdir;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

static const char CODEBOOK[] = "[survey]\nid = ro\ntitle.en = RO\n"
                               "[columns]\nrespondent = ID\nwave = AR\narea = OMRADE\n"
                               "[area]\nvalue.1 = Norr\nvalue.2 = Söder\n"
                               "[question Q1]\ntext.en = Unsafe?\nvalue.1 = Trygg\n"
                               "value.2 = Otrygg\nindicator = 2\n";

static const char SPEC[] = "[evaluation]\nid = ro\ntitle.en = RO\nquestion.en = Q?\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\nsurvey = ro\nquestion = Q1\nbefore = 2018\n"
                           "after = 2019\n";

/* Runs trygg (as user 65534 when we are root); returns the exit status. */
static int run_as_user(struct run_result *res, const char *const *args, size_t n)
{
    const char *argv[32];
    size_t k = 0;
    char bin[4096];
    const char *b = trygg_bin();
    if (b[0] != '/') {
        char cwd[2048];
        if (!getcwd(cwd, sizeof(cwd)))
            fail_msg("getcwd");
        snprintf(bin, sizeof(bin), "%s/%s", cwd, b);
        b = bin;
    }
    if (geteuid() == 0) {
        argv[k++] = "setpriv";
        argv[k++] = "--reuid=65534";
        argv[k++] = "--regid=65534";
        argv[k++] = "--clear-groups";
    }
    argv[k++] = b;
    for (size_t i = 0; i < n && k < 31; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    return run_program(argv, NULL, res);
}

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("readonly");
    chmod(tmpdir, 0755);
    char *cb = path_in("ro.ini"), *data = path_in("ro.csv"), *spec = path_in("spec.ini");
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_file(spec, SPEC, strlen(SPEC));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;Q1\n");
    for (int i = 0; i < 200; i++)
        strbuf_addf(&sb, "%d;%d;%d;%d\n", i + 1, 2018 + i % 2, 1 + i % 3 % 2, 1 + i % 5 % 2);
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    /* the database in its own directory, so that directory can be made read-only */
    char *dbdir = path_in("dbdir");
    mkdir(dbdir, 0755);
    char *db = path_in("dbdir/ro.db");
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data, NULL) != 0) {
        fprintf(stderr, "import failed: %s\n", res.err);
        return -1;
    }
    run_result_release(&res);
    /* checkpoint and leave no -wal/-shm behind, as an archived database would be */
    if (run_trygg(&res, db, "info", NULL) != 0)
        return -1;
    run_result_release(&res);
    char *out = path_in("out");
    mkdir(out, 0777);
    chmod(out, 0777);
    free(out);
    free(cb);
    free(data);
    free(spec);
    free(dbdir);
    free(db);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    char *dbdir = path_in("dbdir");
    chmod(dbdir, 0755);
    free(dbdir);
    rm_rf(tmpdir);
    free(tmpdir);
    return 0;
}

static void info_and_run(const char *what)
{
    char *db = path_in("dbdir/ro.db"), *spec = path_in("spec.ini"), *out = path_in("out");
    char *before = db_dump(db);
    struct stat sb0, sb1;
    assert_int_equal(stat(db, &sb0), 0);
    struct run_result res;
    const char *info[] = {"--db", db, "info"};
    int rc = run_as_user(&res, info, 3);
    if (rc != 0)
        fail_msg("%s: info exit %d: %s", what, rc, res.err);
    run_result_release(&res);
    const char *run[] = {"--db", db, "run", spec, "--out", out, "--no-charts", "--lang", "en"};
    rc = run_as_user(&res, run, 9);
    if (rc != 0)
        fail_msg("%s: run exit %d: %s", what, rc, res.err);
    run_result_release(&res);
    char *report = path_in("out/ro/report.md");
    size_t len;
    char *text = slurp(report, &len);
    assert_non_null(text);
    free(text);
    free(report);
    assert_int_equal(stat(db, &sb1), 0);
    assert_true(sb0.st_mtime == sb1.st_mtime && sb0.st_size == sb1.st_size);
    char *after = db_dump(db);
    assert_dump_equal(before, after, what);
    free(before);
    free(after);
    free(db);
    free(spec);
    free(out);
}

static void read_only_file(void **state)
{
    (void)state;
    char *db = path_in("dbdir/ro.db");
    assert_int_equal(chmod(db, 0444), 0);
    info_and_run("a 0444 database");
    /* an import must be refused, and say why */
    char *cb = path_in("ro.ini"), *data = path_in("ro.csv");
    struct run_result res;
    const char *imp[] = {"--db", db, "import", "survey", cb, data};
    int rc = run_as_user(&res, imp, 6);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(res.err, "ro.db"));
    run_result_release(&res);
    chmod(db, 0644);
    free(cb);
    free(data);
    free(db);
}

static void read_only_directory(void **state)
{
    (void)state;
    char *dbdir = path_in("dbdir");
    assert_int_equal(chmod(dbdir, 0555), 0);
    info_and_run("a database in a 0555 directory");
    chmod(dbdir, 0755);
    free(dbdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(read_only_file),
        cmocka_unit_test(read_only_directory),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
