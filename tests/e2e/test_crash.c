/*
 * Crash safety, end to end: trygg is killed with SIGKILL at many points and must
 * never lose or half-write anything.
 *
 *   import_killed      a large survey import (a generated codebook and 200,000
 *                      respondents; 40,000 under ASan) into a database that already
 *                      holds an import, killed at delays spread over the time a whole
 *                      import takes.  After each kill: PRAGMA integrity_check is "ok",
 *                      foreign keys hold, the new import is there entirely (every
 *                      respondent, one provenance row) or not at all (the database is
 *                      exactly as before, by logical dump), and importing again
 *                      succeeds (or, when the killed import had committed, is refused
 *                      as the same file, and --replace succeeds).
 *   import_killed_fresh  the same import into a database that does not exist yet,
 *                      which its first import writes with a rollback journal instead
 *                      of WAL (store.c): after each kill `trygg info` reads it (rolling
 *                      back the journal the kill left), PRAGMA integrity_check is "ok",
 *                      the import is there entirely or not at all, importing again
 *                      succeeds, and the database is in WAL mode afterwards.
 *   run_killed         `trygg run` of a bundled evaluation on the bundled example,
 *                      killed at delays spread over a whole run, into an empty --out
 *                      and over the outputs of a finished run.  After each kill every
 *                      output under a real name is complete (as many lines as the one
 *                      of a finished run, report.html ending in </html>, run.json
 *                      parsing, charts ending as SVG/PNG end); at the end the database
 *                      is unchanged and a re-run succeeds.  Outputs are written under a temporary name
 *                      and renamed (src/lib/report/atomicfile.c).
 *   concurrent         two imports and a run started at the same moment on one
 *                      database all exit 0 (WAL and the busy timeout: nobody sees
 *                      "database is locked"), three times over.
 *
 * The number of kills is TRYGG_CRASH_KILLS (default 16 per test, 8 under ASan); the
 * survey size TRYGG_CRASH_RESPONDENTS.  Each test prints how many kills landed on a running
 * process and in which state they left the database.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

extern char **environ;

#if defined(__SANITIZE_ADDRESS__)
#define DEFAULT_RESPONDENTS 40000
#define DEFAULT_KILLS 8
#else
#define DEFAULT_RESPONDENTS 200000
#define DEFAULT_KILLS 16
#endif

static char *tmpdir;

static long env_long(const char *name, long def)
{
    const char *s = getenv(name);
    return s && *s ? strtol(s, NULL, 10) : def;
}

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* Starts `trygg --db DB ARGS...` (NULL-terminated) with stdin, stdout and stderr on
 * /dev/null; returns its pid. */
static pid_t spawn_trygg_v(const char *db, const char *const *args)
{
    const char *argv[32];
    size_t k = 0;
    argv[k++] = trygg_bin();
    argv[k++] = "--db";
    argv[k++] = db;
    for (; *args && k < 31; args++)
        argv[k++] = *args;
    argv[k] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        fail_msg("cannot start %s: %s", argv[0], strerror(rc));
    return pid;
}

/* Waits for pid; returns the exit status, or 128 + the signal that ended it. */
static int wait_status(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            fail_msg("waitpid: %s", strerror(errno));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Runs to the end; returns the exit status and the seconds it took. */
static int run_timed(const char *db, const char *const *args, double *secs)
{
    double t0 = now_s();
    int rc = wait_status(spawn_trygg_v(db, args));
    *secs = now_s() - t0;
    return rc;
}

/* Starts, sleeps `delay` seconds, SIGKILLs.  Returns true if the kill landed (the
 * process was still running), false if it had already exited (status in *rc). */
static bool run_killed_after(const char *db, const char *const *args, double delay, int *rc)
{
    pid_t pid = spawn_trygg_v(db, args);
    sleep_s(delay);
    kill(pid, SIGKILL);
    *rc = wait_status(pid);
    return *rc == 128 + SIGKILL;
}

static long long query_ll(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", db, sqlite3_errmsg(h));
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static long long respondents(const char *db)
{
    return query_ll(db, "SELECT coalesce(sum(n), 0) FROM respondent_block");
}

static long long imports(const char *db)
{
    return query_ll(db, "SELECT count(*) FROM import");
}

/* ------------------------------------------------------------ the large survey */

static const char CODEBOOK[] = "[survey]\n"
                               "id = crash\n"
                               "title.sv = Stor trygghetsmätning\n"
                               "[columns]\n"
                               "respondent = LOPNR\n"
                               "wave = AR\n"
                               "area = OMRADE\n"
                               "weight = VIKT\n"
                               "stratum = STRATUM\n"
                               "[area]\n"
                               "value.1 = Centrum\n"
                               "value.2 = Norr\n"
                               "value.3 = Söder\n"
                               "[background KON]\n"
                               "value.1 = Man | Man\n"
                               "value.2 = Kvinna | Woman\n"
                               "[background ALDGR]\n"
                               "value.1 = 16-29\n"
                               "value.2 = 30-64\n"
                               "value.3 = 65-\n"
                               "[question T01]\n"
                               "text.sv = Hur trygg känner du dig?\n"
                               "value.1 = Mycket trygg\n"
                               "value.2 = Ganska trygg\n"
                               "value.3 = Ganska otrygg\n"
                               "value.4 = Mycket otrygg\n"
                               "missing.9 = Ej svar\n"
                               "empty = 9\n"
                               "indicator = 3, 4\n"
                               "[question P01]\n"
                               "text.sv = Narkotikahandel\n"
                               "value.1 = Ja\n"
                               "value.2 = Nej\n"
                               "missing.8 = Vet ej\n"
                               "indicator = 1\n"
                               "[question P02]\n"
                               "text.sv = Skadegörelse\n"
                               "value.1 = Ja\n"
                               "value.2 = Nej\n"
                               "missing.8 = Vet ej\n"
                               "indicator = 1\n";

static void gen_survey(const char *path, long n, int wave)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "LOPNR;AR;OMRADE;VIKT;STRATUM;KON;ALDGR;T01;P01;P02\n");
    unsigned x = 12345u + (unsigned)wave;
    for (long i = 1; i <= n; i++) {
        x = x * 1103515245u + 12345u;
        unsigned r = x >> 8;
        strbuf_addf(&sb, "%ld;%d;%u;%u,%u;S%u;%u;%u;%u;%u;%s\n", i, wave, 1 + r % 3,
                    1 + r % 40, r % 10, r % 7, 1 + (r >> 3) % 2, 1 + (r >> 5) % 3,
                    1 + (r >> 7) % 4, 1 + (r >> 9) % 2, (r >> 11) % 5 ? "2" : "8");
    }
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
}

static char *codebook_path, *big_survey, *small_survey, *base_db;
static long n_big;

static int setup_all(void **state)
{
    (void)state;
    tmpdir = make_temp_dir("crash");
    n_big = env_long("TRYGG_CRASH_RESPONDENTS", DEFAULT_RESPONDENTS);
    codebook_path = path_in("crash.ini");
    write_file(codebook_path, CODEBOOK, strlen(CODEBOOK));
    big_survey = path_in("survey_2021.csv");
    gen_survey(big_survey, n_big, 2021);
    small_survey = path_in("survey_2019.csv");
    gen_survey(small_survey, 500, 2019);
    /* the database the killed imports start from: one earlier import */
    base_db = path_in("base.db");
    double t;
    const char *args[] = {"import", "survey", codebook_path, small_survey, NULL};
    if (run_timed(base_db, args, &t) != 0)
        fail_msg("the base import failed");
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    rm_rf(tmpdir);
    free(tmpdir);
    free(codebook_path);
    free(big_survey);
    free(small_survey);
    free(base_db);
    return 0;
}

/* ------------------------------------------------------------ killed imports */

static void import_killed(void **state)
{
    (void)state;
    long kills = env_long("TRYGG_CRASH_KILLS", DEFAULT_KILLS);
    char *db = path_in("import.db");
    const char *args[] = {"import", "survey", codebook_path, big_survey, NULL};
    const char *replace[] = {"import", "survey", "--replace", codebook_path, big_survey, NULL};

    /* how long a whole import takes */
    copy_db(base_db, db);
    double full;
    assert_int_equal(run_timed(db, args, &full), 0);
    assert_int_equal(respondents(db), 500 + n_big);

    char *before = db_dump(base_db);
    long landed = 0, absent = 0, present = 0;
    for (long k = 0; k < kills; k++) {
        copy_db(base_db, db);
        /* from the very start to just past the end, denser where the work is */
        double delay = full * 1.1 * (double)k / (double)(kills > 1 ? kills - 1 : 1);
        int rc;
        bool hit = run_killed_after(db, args, delay, &rc);
        if (!hit && rc != 0)
            fail_msg("import exited with %d before the kill at %.3f s", rc, delay);
        landed += hit;
        db_check_integrity(db);
        long long n = respondents(db), imp = imports(db);
        double t;
        if (n == 500 && imp == 1) {
            absent++;
            char *after = db_dump(db);
            assert_dump_equal(before, after, "a killed import");
            free(after);
            assert_int_equal(run_timed(db, args, &t), 0); /* the re-run */
        } else if (n == 500 + n_big && imp == 2) {
            present++;
            assert_int_equal(run_timed(db, args, &t), 0); /* the same file: already in */
            assert_int_equal(imports(db), 2);
            assert_int_equal(run_timed(db, replace, &t), 0);
        } else {
            fail_msg("kill at %.3f s left %lld respondents in %lld imports (expected %ld in 1 "
                     "or %ld in 2)",
                     delay, n, imp, 500L, 500 + n_big);
        }
        db_check_integrity(db);
        assert_int_equal(respondents(db), 500 + n_big);
        assert_int_equal(imports(db), 2);
    }
    printf("crash: import of %ld respondents (%.2f s): %ld kills, %ld landed on a running "
           "import; afterwards %ld absent, %ld whole; integrity ok and re-run ok every time\n",
           n_big, full, kills, landed, absent, present);
    free(before);
    free(db);
}

/* The journal mode of db, from a connection of its own. */
static char *journal_mode(const char *db)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    char *mode = NULL;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        fail_msg("cannot open %s: %s", db, sqlite3_errmsg(h));
    if (sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        mode = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return mode ? mode : strdup("?");
}

static void remove_db(const char *db)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "%s%s", db, suffixes[i]);
        unlink(p.buf);
        strbuf_release(&p);
    }
}

static void import_killed_fresh(void **state)
{
    (void)state;
    long kills = env_long("TRYGG_CRASH_KILLS", DEFAULT_KILLS);
    char *db = path_in("fresh.db");
    const char *args[] = {"import", "survey", codebook_path, big_survey, NULL};
    const char *info[] = {"info", NULL};

    remove_db(db);
    double full;
    assert_int_equal(run_timed(db, args, &full), 0);
    assert_int_equal(respondents(db), n_big);
    char *mode = journal_mode(db);
    assert_string_equal(mode, "wal");
    free(mode);

    long landed = 0, absent = 0, present = 0, no_file = 0, journals = 0;
    for (long k = 0; k < kills; k++) {
        remove_db(db);
        /* past the end by half: a new database's import varies more with the load */
        double delay = full * 1.5 * (double)k / (double)(kills > 1 ? kills - 1 : 1);
        int rc;
        bool hit = run_killed_after(db, args, delay, &rc);
        if (!hit && rc != 0)
            fail_msg("import exited with %d before the kill at %.3f s", rc, delay);
        landed += hit;
        double t;
        struct stat sb;
        if (stat(db, &sb) != 0) { /* killed before the database was made */
            no_file++;
        } else {
            /* the read path first: it must cope with the journal a kill leaves */
            struct strbuf jp = STRBUF_INIT;
            strbuf_addf(&jp, "%s-journal", db);
            journals += stat(jp.buf, &sb) == 0 && sb.st_size > 0;
            strbuf_release(&jp);
            if (stat(db, &sb) == 0 && sb.st_size > 0)
                assert_int_equal(run_timed(db, info, &t), 0);
            db_check_integrity(db);
            long long tables = query_ll(db, "SELECT count(*) FROM sqlite_schema "
                                            "WHERE name IN ('import', 'respondent_block')");
            long long n = tables == 2 ? respondents(db) : 0, imp = tables == 2 ? imports(db) : 0;
            if (n == 0 && imp == 0)
                absent++;
            else if (n == n_big && imp == 1)
                present++;
            else
                fail_msg("kill at %.3f s left %lld respondents in %lld imports (expected none "
                         "or %ld in 1)",
                         delay, n, imp, n_big);
        }
        int again = run_timed(db, args, &t); /* 0, or "already imported" (also 0) */
        assert_int_equal(again, 0);
        db_check_integrity(db);
        assert_int_equal(respondents(db), n_big);
        assert_int_equal(imports(db), 1);
        mode = journal_mode(db);
        assert_string_equal(mode, "wal");
        free(mode);
    }
    printf("crash: import of %ld respondents into a new database (%.2f s): %ld kills, %ld "
           "landed (%ld left a journal); afterwards %ld without a file, %ld absent, %ld "
           "whole; info, integrity and re-run ok every time, WAL afterwards\n",
           n_big, full, kills, landed, journals, no_file, absent, present);
    free(db);
}

/* ------------------------------------------------------------ killed runs */

static char *example_db;

/* The bundled evaluation of the youth centres: surveys, daily and monthly counts, charts
 * through gnuplot, in under a second (the other two take several seconds each, too
 * long to run dozens of times under ASan). */
static const char *const RUN_SPECS[] = {"analysis/fritidsgard.ini"};

static size_t count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n;
}

static bool ends_with_trimmed(const char *s, size_t len, const char *suffix)
{
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\r'))
        len--;
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

/* Checks one output file under its real name: it is complete. `ref` is the same file
 * of a finished run (NULL if that run has no such file: then it must not exist). */
static void check_complete(const char *path, const char *ref)
{
    size_t len, rlen;
    char *s = slurp(path, &len);
    if (!s)
        fail_msg("cannot read %s", path);
    char *r = ref ? slurp(ref, &rlen) : NULL;
    if (!r)
        fail_msg("%s: a killed run wrote a file the finished run does not have", path);
    const char *base = strrchr(path, '/') + 1;
    const char *dot = strrchr(base, '.');
    if (!strcmp(base, "report.html") && !ends_with_trimmed(s, len, "</html>"))
        fail_msg("%s is cut short", path);
    if (dot && !strcmp(dot, ".svg") && !ends_with_trimmed(s, len, "</svg>"))
        fail_msg("%s is cut short", path);
    if (dot && !strcmp(dot, ".png") &&
        (len < 12 || memcmp(s + len - 8, "IEND\xae\x42\x60\x82", 8) != 0))
        fail_msg("%s is cut short", path);
    if (dot && !strcmp(dot, ".json")) {
        json_error_t err;
        json_t *j = json_loadb(s, len, 0, &err);
        if (!j)
            fail_msg("%s is not JSON (%s): cut short", path, err.text);
        json_decref(j);
    }
    if (dot && (!strcmp(dot, ".csv") || !strcmp(dot, ".md") || !strcmp(dot, ".html")) &&
        count_lines(s, len) != count_lines(r, rlen))
        fail_msg("%s has %zu lines, a finished run writes %zu: cut short", path,
                 count_lines(s, len), count_lines(r, rlen));
    free(s);
    free(r);
}

/* Walks out/ (two levels: EVAL/ and EVAL/charts/); checks every file whose name does
 * not start with '.' against the reference tree.  Returns the number checked. */
static size_t check_tree(const char *out, const char *ref)
{
    size_t n = 0;
    char cmd_dirs[2][8] = {"", "charts"};
    for (size_t e = 0; e < sizeof(RUN_SPECS) / sizeof(*RUN_SPECS); e++) {
        const char *spec = strrchr(RUN_SPECS[e], '/') + 1;
        char name[64];
        snprintf(name, sizeof(name), "%.*s", (int)(strchr(spec, '.') - spec), spec);
        for (int d = 0; d < 2; d++) {
            char dir[4096];
            snprintf(dir, sizeof(dir), "%s/%s/%s", out, name, cmd_dirs[d]);
            DIR *dh = opendir(dir);
            for (struct dirent *de; dh && (de = readdir(dh)) != NULL;) {
                const char *f = de->d_name;
                if (f[0] == '.' || !strcmp(f, "charts"))
                    continue;
                char p[8192], rp[8192];
                snprintf(p, sizeof(p), "%s/%s", dir, f);
                snprintf(rp, sizeof(rp), "%s/%s/%s/%s", ref, name, cmd_dirs[d], f);
                check_complete(p, access(rp, R_OK) == 0 ? rp : NULL);
                n++;
            }
            if (dh)
                closedir(dh);
        }
    }
    return n;
}

static void run_killed(void **state)
{
    (void)state;
    long kills = env_long("TRYGG_CRASH_KILLS", DEFAULT_KILLS);
    example_db = path_in("example.db");
    import_example(example_db);
    char *ref = path_in("out-ref"), *out = path_in("out-killed");
    /* --png: the PNGs too must never be cut short */
    const char *args[] = {"run", RUN_SPECS[0], "--out", ref, "--lang", "en", "--seed", "1",
                          "--png", NULL};
    double full;
    assert_int_equal(run_timed(example_db, args, &full), 0);
    char *before = db_dump(example_db);
    size_t ref_files = check_tree(ref, ref);
    assert_true(ref_files >= 3);

    /* killed into an empty --out: whatever has its real name is whole */
    long landed = 0;
    size_t files_checked = 0;
    args[3] = out;
    for (long k = 0; k < kills; k++) {
        rm_rf(out);
        double delay = full * 1.1 * (double)k / (double)(kills > 1 ? kills - 1 : 1);
        int rc;
        bool hit = run_killed_after(example_db, args, delay, &rc);
        if (!hit && rc != 0)
            fail_msg("run exited with %d before the kill at %.3f s", rc, delay);
        landed += hit;
        files_checked += check_tree(out, ref);
    }
    /* killed over the outputs of a finished run: every file stays whole */
    double t;
    rm_rf(out);
    assert_int_equal(run_timed(example_db, args, &t), 0);
    for (long k = 0; k < kills; k++) {
        double delay = full * 1.1 * (double)k / (double)(kills > 1 ? kills - 1 : 1);
        int rc;
        landed += run_killed_after(example_db, args, delay, &rc);
        assert_int_equal(check_tree(out, ref), ref_files);
    }
    /* a re-run succeeds; the database was never changed */
    assert_int_equal(run_timed(example_db, args, &t), 0);
    assert_int_equal(check_tree(out, ref), ref_files);
    db_check_integrity(example_db);
    char *after = db_dump(example_db);
    assert_dump_equal(before, after, "killed runs");
    free(after);
    printf("crash: run of %s (%.2f s, %zu output files): %ld kills, %ld landed on a running "
           "run; %zu files of killed runs checked, none cut short; database unchanged\n",
           RUN_SPECS[0], full, ref_files, 2 * kills, landed, files_checked);
    free(before);
    free(ref);
    free(out);
}

/* ------------------------------------------------------------ concurrency */

static void concurrent(void **state)
{
    (void)state;
    if (!example_db) {
        example_db = path_in("example.db");
        import_example(example_db);
    }
    char *db = path_in("concurrent.db");
    char *out = path_in("out-concurrent");
    char *inc = path_in("incidents_extra.csv");
    long long base_imports = imports(example_db);
    for (int round = 0; round < 3; round++) {
        copy_db(example_db, db);
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, "period,area,category,count\n");
        for (int m = 1; m <= 12; m++)
            strbuf_addf(&sb, "2023-%02d,Centrum,extra%d,%d\n", m, round, m);
        write_file(inc, sb.buf, sb.len);
        strbuf_release(&sb);
        const char *a1[] = {"import", "survey", codebook_path, big_survey, NULL};
        const char *a2[] = {"import", "incidents", inc, NULL};
        const char *a3[] = {"run", RUN_SPECS[0], "--out", out, NULL};
        pid_t p1 = spawn_trygg_v(db, a1), p2 = spawn_trygg_v(db, a2), p3 = spawn_trygg_v(db, a3);
        int r1 = wait_status(p1), r2 = wait_status(p2), r3 = wait_status(p3);
        if (r1 || r2 || r3)
            fail_msg("round %d: import survey %d, import incidents %d, run %d (all must be 0)",
                     round, r1, r2, r3);
        db_check_integrity(db);
        assert_int_equal(imports(db), base_imports + 2);
    }
    /* into a database that does not exist yet: whichever creates it writes it with a
     * rollback journal (store.c), the other waits for it and switches it to WAL */
    for (int round = 0; round < 3; round++) {
        remove_db(db);
        const char *a1[] = {"import", "survey", codebook_path, big_survey, NULL};
        const char *a2[] = {"import", "survey", codebook_path, small_survey, NULL};
        pid_t p1 = spawn_trygg_v(db, a1), p2 = spawn_trygg_v(db, a2);
        int r1 = wait_status(p1), r2 = wait_status(p2);
        if (r1 || r2)
            fail_msg("new database, round %d: import survey %d and %d (both must be 0)", round,
                     r1, r2);
        db_check_integrity(db);
        assert_int_equal(imports(db), 2);
        assert_int_equal(respondents(db), 500 + n_big);
        char *mode = journal_mode(db);
        assert_string_equal(mode, "wal");
        free(mode);
    }
    printf("crash: 3 rounds of two imports and a run started at once, 3 rounds of two "
           "imports into a new database: all exited 0\n");
    free(db);
    free(out);
    free(inc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_killed),
        cmocka_unit_test(import_killed_fresh),
        cmocka_unit_test(run_killed),
        cmocka_unit_test(concurrent),
    };
    int rc = cmocka_run_group_tests(tests, setup_all, teardown_all);
    free(example_db);
    return rc;
}
