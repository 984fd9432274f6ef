/*
 * Files and permissions, end to end.  With umask 022, 002, 077 and 000, a database
 * is created by `trygg import` and evaluations are written by `trygg run --out`:
 *
 *   - every file and directory trygg creates has exactly the mode the umask gives
 *     (0666 / 0777 & ~umask) but never world-writable (umask 000 included), and
 *     group-writable only when the user's umask says so;
 *   - no temporary file is left: none in --out (atomicfile's ".NAME.tmp-XXXXXX"),
 *     none in $TMPDIR (the gnuplot working directory is removed);
 *   - nothing is written anywhere but --out and the database (with its -wal/-shm):
 *     the working directory and the input directory are untouched;
 *   - a symbolic link at OUT/ID/charts or OUT/ID is refused (exit non-zero, "symbolic
 *     link"), one at a report's name is replaced, and nothing reaches their targets;
 *   - chart data a killed run left in charts/.trygg-plot-* is removed by the next run;
 *   - a 5,000-character evaluation id is refused at spec.ini:2 with exit 1.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static const char CODEBOOK[] = "[survey]\n"
                               "id = files\n"
                               "title.en = Files\n"
                               "[columns]\n"
                               "respondent = ID\n"
                               "wave = AR\n"
                               "area = OMRADE\n"
                               "[area]\n"
                               "value.1 = Norr\n"
                               "value.2 = Söder\n"
                               "[background KON]\n"
                               "value.1 = Man\n"
                               "value.2 = Kvinna\n"
                               "[question Q1]\n"
                               "text.en = Unsafe?\n"
                               "value.1 = Trygg\n"
                               "value.2 = Otrygg\n"
                               "indicator = 2\n";

static const char SPEC[] = "[evaluation]\n"
                           "id = files\n"
                           "title.en = Files\n"
                           "question.en = Q?\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\n"
                           "survey = files\n"
                           "question = Q1\n"
                           "before = 2018\n"
                           "after = 2019\n"
                           "subgroups = KON\n"
                           "[trend t1]\n"
                           "survey = files\n"
                           "questions = Q1\n"
                           "by = area\n";

static mode_t cur_umask;
static size_t n_checked;
static const char *bad_path;

static int check_mode(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_SL || flag == FTW_SLN)
        return 0;
    /* what the umask gives, but never world-writable (umask 000 included) */
    mode_t want = (S_ISDIR(st->st_mode) ? 0777 : 0666) & ~cur_umask & ~(mode_t)S_IWOTH;
    if (ftw->level == 0 && S_ISDIR(st->st_mode))
        return 0; /* the directory the test made */
    n_checked++;
    if ((st->st_mode & 07777) != want || (st->st_mode & S_IWOTH)) {
        fprintf(stderr, "%s: mode %04o, expected %04o with umask %03o\n", path,
                (unsigned)(st->st_mode & 07777), (unsigned)want, (unsigned)cur_umask);
        bad_path = path;
        return 1;
    }
    const char *base = strrchr(path, '/') + 1;
    if (strstr(base, ".tmp-")) {
        fprintf(stderr, "%s: a temporary file was left behind\n", path);
        bad_path = path;
        return 1;
    }
    return 0;
}

static size_t count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void with_umask(mode_t mask)
{
    char *dir = make_temp_dir("files");
    struct strbuf in = STRBUF_INIT, dbdir = STRBUF_INIT, out = STRBUF_INIT, tmp = STRBUF_INIT;
    strbuf_addf(&in, "%s/in", dir);
    strbuf_addf(&dbdir, "%s/db", dir);
    strbuf_addf(&out, "%s/out", dir);
    strbuf_addf(&tmp, "%s/tmp", dir);
    mkdir(in.buf, 0700);
    mkdir(tmp.buf, 0700);
    mkdir(dbdir.buf, 0777 & ~mask);
    chmod(dbdir.buf, 0777 & ~mask);

    char cb[4096], data[4096], spec[4096], db[4096];
    snprintf(cb, sizeof(cb), "%s/files.ini", in.buf);
    snprintf(data, sizeof(data), "%s/answers.csv", in.buf);
    snprintf(spec, sizeof(spec), "%s/spec.ini", in.buf);
    snprintf(db, sizeof(db), "%s/trygg.db", dbdir.buf);
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_file(spec, SPEC, strlen(SPEC));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;Q1\n");
    for (int i = 0; i < 200; i++)
        strbuf_addf(&sb, "%d;%d;%d;%d;%d\n", i, 2018 + i % 2, 1 + (i / 2) % 2, 1 + (i / 4) % 2,
                    1 + (i * 7 / 3) % 2);
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    size_t in_before = count_entries(in.buf);
    size_t cwd_before = count_entries(".");

    const char *old_tmp = getenv("TMPDIR");
    char *saved_tmp = old_tmp ? strdup(old_tmp) : NULL;
    setenv("TMPDIR", tmp.buf, 1);
    mode_t old = umask(mask);
    struct run_result res;
    int rc1 = run_trygg(&res, db, "import", "survey", cb, data, NULL);
    if (rc1 != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    int rc2 = run_trygg(&res, db, "run", spec, "--out", out.buf, NULL);
    if (rc2 != 0 && rc2 != 1)
        fail_msg("run: exit %d: %s", rc2, res.err);
    run_result_release(&res);
    umask(old);
    if (saved_tmp) {
        setenv("TMPDIR", saved_tmp, 1);
        free(saved_tmp);
    } else {
        unsetenv("TMPDIR");
    }

    cur_umask = mask;
    n_checked = 0;
    bad_path = NULL;
    if (nftw(dbdir.buf, check_mode, 16, FTW_PHYS) != 0 ||
        nftw(out.buf, check_mode, 16, FTW_PHYS) != 0)
        fail_msg("wrong mode or a leftover temporary file: %s", bad_path ? bad_path : "?");
    assert_true(n_checked >= 5); /* the database, report.html, report.md, results.csv, ... */
    if (count_entries(tmp.buf) != 0)
        fail_msg("trygg left files in $TMPDIR (%s)", tmp.buf);
    assert_int_equal(count_entries(in.buf), in_before);
    assert_int_equal(count_entries("."), cwd_before);
    assert_int_equal(count_entries(dir), 4); /* in, db, out, tmp */
    printf("files: umask %03o: %zu files and directories checked\n", (unsigned)mask, n_checked);

    rm_rf(dir);
    free(dir);
    strbuf_release(&in);
    strbuf_release(&dbdir);
    strbuf_release(&out);
    strbuf_release(&tmp);
}

static void umask_022(void **state)
{
    (void)state;
    with_umask(022);
}

static void umask_002(void **state)
{
    (void)state;
    with_umask(002);
}

static void umask_077(void **state)
{
    (void)state;
    with_umask(077);
}

static void umask_000(void **state)
{
    (void)state;
    with_umask(0);
}

/* ------------------------------------------------------------ links and long ids */

static char *setup_db(const char *dir, char *spec, size_t spec_size)
{
    char cb[4096], data[4096];
    snprintf(cb, sizeof(cb), "%s/files.ini", dir);
    snprintf(data, sizeof(data), "%s/answers.csv", dir);
    snprintf(spec, spec_size, "%s/spec.ini", dir);
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_file(spec, SPEC, strlen(SPEC));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;Q1\n");
    for (int i = 0; i < 200; i++)
        strbuf_addf(&sb, "%d;%d;%d;%d;%d\n", i, 2018 + i % 2, 1 + (i / 2) % 2, 1 + (i / 4) % 2,
                    1 + (i * 7 / 3) % 2);
    write_file(data, sb.buf, sb.len);
    strbuf_release(&sb);
    struct strbuf db = STRBUF_INIT;
    strbuf_addf(&db, "%s/trygg.db", dir);
    struct run_result res;
    if (run_trygg(&res, db.buf, "import", "survey", cb, data, NULL) != 0)
        fail_msg("import: %s", res.err);
    run_result_release(&res);
    return strbuf_detach(&db);
}

/* A symbolic link where trygg writes (OUT/ID/charts, OUT/ID, a report's name) is
 * never followed: the folders are refused, a file's link is replaced. */
static void links_are_not_followed(void **state)
{
    (void)state;
    char *dir = make_temp_dir("links");
    char spec[4096], out[1024], elsewhere[1024], path[4096];
    char *db = setup_db(dir, spec, sizeof(spec));
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", dir);
    mkdir(elsewhere, 0700);
    struct run_result res;
    assert_int_equal(run_trygg(&res, db, "run", spec, "--out", out, "--no-charts", NULL), 0);
    run_result_release(&res);

    /* charts: a link to another folder */
    snprintf(path, sizeof(path), "%s/files/charts", out);
    rm_rf(path);
    assert_int_equal(symlink(elsewhere, path), 0);
    int rc = run_trygg(&res, db, "run", spec, "--out", out, NULL);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(res.err, "symbolic link"));
    run_result_release(&res);
    assert_int_equal(count_entries(elsewhere), 0);
    unlink(path);

    /* a report's name: a link to a file elsewhere is replaced, the file untouched */
    char victim[4096];
    snprintf(victim, sizeof(victim), "%s/victim.txt", elsewhere);
    write_file(victim, "keep\n", 5);
    snprintf(path, sizeof(path), "%s/files/report.md", out);
    unlink(path);
    assert_int_equal(symlink(victim, path), 0);
    assert_int_equal(run_trygg(&res, db, "run", spec, "--out", out, "--no-charts", NULL), 0);
    run_result_release(&res);
    struct stat sb;
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    size_t len;
    char *kept = slurp(victim, &len);
    assert_string_equal(kept, "keep\n");
    free(kept);

    /* the evaluation's folder itself */
    snprintf(path, sizeof(path), "%s/files", out);
    rm_rf(path);
    assert_int_equal(symlink(elsewhere, path), 0);
    rc = run_trygg(&res, db, "run", spec, "--out", out, "--no-charts", NULL);
    assert_int_not_equal(rc, 0);
    assert_non_null(strstr(res.err, "symbolic link"));
    run_result_release(&res);
    assert_int_equal(count_entries(elsewhere), 1); /* victim.txt only */

    free(db);
    rm_rf(dir);
    free(dir);
}

/* The chart data of a killed run (a private folder in charts/) is removed by the next
 * run; nothing goes to $TMPDIR. */
static void stale_chart_data_is_cleaned(void **state)
{
    (void)state;
    char *dir = make_temp_dir("stale");
    char spec[4096], out[1024], stale[2048], file[4096];
    char *db = setup_db(dir, spec, sizeof(spec));
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(stale, sizeof(stale), "%s/files/charts/.trygg-plot-AbC123", out);
    char charts[4096];
    snprintf(charts, sizeof(charts), "%s/files/charts", out);
    char parent[4096];
    snprintf(parent, sizeof(parent), "%s/files", out);
    mkdir(out, 0777);
    mkdir(parent, 0777);
    mkdir(charts, 0777);
    mkdir(stale, 0700);
    snprintf(file, sizeof(file), "%s/data.dat", stale);
    write_file(file, "1 2\n", 4);
    struct timeval old[2] = {{time(NULL) - 3600, 0}, {time(NULL) - 3600, 0}};
    utimes(stale, old);
    struct run_result res;
    int rc = run_trygg(&res, db, "run", spec, "--out", out, NULL);
    assert_true(rc == 0 || rc == 1);
    run_result_release(&res);
    struct stat sb;
    if (stat(charts, &sb) == 0 && count_entries(charts) > 0) /* gnuplot drew the charts */
        assert_int_not_equal(stat(stale, &sb), 0);
    free(db);
    rm_rf(dir);
    free(dir);
}

/* An id longer than a file name may be is refused at its line, nothing computed. */
static void long_id_refused_at_line(void **state)
{
    (void)state;
    char *dir = make_temp_dir("longid");
    char spec[4096], out[4096];
    char *db = setup_db(dir, spec, sizeof(spec));
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "[evaluation]\nid = ");
    for (int i = 0; i < 5000; i++)
        strbuf_addch(&sb, 'a');
    strbuf_addstr(&sb, "\ntitle.en = Long\nquestion.en = Q?\nstart = 2019-01-01\n"
                       "[survey s1]\nsurvey = files\nquestion = Q1\nbefore = 2018\n"
                       "after = 2019\n");
    write_file(spec, sb.buf, sb.len);
    strbuf_release(&sb);
    snprintf(out, sizeof(out), "%s/out", dir);
    struct run_result res;
    int rc = run_trygg(&res, db, "run", spec, "--out", out, NULL);
    assert_int_equal(rc, 1);
    char want[4200];
    snprintf(want, sizeof(want), "%s:2:", spec);
    if (!strstr(res.err, want) || !strstr(res.err, "at most"))
        fail_msg("expected %s ... at most: %s", want, res.err);
    run_result_release(&res);
    free(db);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(umask_022),
        cmocka_unit_test(umask_002),
        cmocka_unit_test(umask_077),
        cmocka_unit_test(umask_000),
        cmocka_unit_test(links_are_not_followed),
        cmocka_unit_test(stale_chart_data_is_cleaned),
        cmocka_unit_test(long_id_refused_at_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
