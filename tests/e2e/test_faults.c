/*
 * I/O failures, end to end, injected with libfiu (fiu-run -x: the POSIX preload
 * library makes chosen system calls fail).  For every fault point below, an import
 * into a database that already holds one, and a run over it, are started with the
 * fault enabled:
 *
 *   - a failed import exits non-zero with a message on stderr, and the database is
 *     exactly as it was (logical dump, integrity_check, foreign keys); an import that
 *     did not hit the fault (exit 0) holds the whole import;
 *   - a failed run exits non-zero with a message; the database is unchanged and every
 *     output file under its real name is whole (report.html ends in </html>, run.json
 *     parses, results.csv ends in a newline).
 * Points: writes, short (torn) writes, fsync and fdatasync, reads, pread, open, close
 * and ftruncate, each always failing, and all of posix/io at once with probabilities
 * 1 %, 5 % and 20 % (several rounds).  The random rounds are the same every run: each
 * has a fixed seed and errno (round_setup), so CI is deterministic; TRYGG_FAULT_SEED=N
 * runs other rounds, and scripts/fault-soak.sh (make fault-soak) explores every command.
 *
 * In the AddressSanitizer build the same faults are injected, with libasan put first
 * in LD_PRELOAD (see sanitizer_preload below).  Without that, the ASan-built trygg
 * died with SIGSEGV before main under every fault point, even with no fault enabled
 * and for `trygg --version`: fiu_posix_preload.so also wraps malloc, and ASan's
 * initialiser (run from _dl_init, before libfiu's constructor has looked up the real
 * malloc) calls dlsym, which calls malloc, which reached libfiu's wrapper and jumped
 * through its still-NULL pointer to the real malloc (gdb: #0 0x0, #1 malloc in
 * fiu_posix_preload.so, #2 _dl_exception_create_format, ... #17 AsanInitInternal).
 * Not a memory error in trygg (valgrind on the normal build with the same faults
 * reports none), and not the runtime writing through the failing write(): ASan and
 * UBSan write their reports with raw system calls.  With libasan first its malloc is
 * the one everybody calls, and write(), pwrite() ... still pass ASan's interceptors
 * on to libfiu's wrappers, so the faults reach trygg with every check on; a
 * sanitizer report in stderr fails the test (it would otherwise count as a "message").
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static char *tmpdir, *db, *cb, *data2, *spec, *trygg_abs;
static char *dump_before;

static char *path_in(const char *name)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/%s", tmpdir, name);
    return strbuf_detach(&sb);
}

static const char CODEBOOK[] = "[survey]\nid = fa\ntitle.en = Faults\n"
                               "[columns]\nrespondent = ID\nwave = AR\narea = OMRADE\n"
                               "[area]\nvalue.1 = Norr\nvalue.2 = Söder\n"
                               "[background KON]\nvalue.1 = Man\nvalue.2 = Kvinna\n"
                               "[question Q1]\ntext.en = Unsafe?\nvalue.1 = Trygg\n"
                               "value.2 = Otrygg\nindicator = 2\n";

static const char SPEC[] = "[evaluation]\nid = fa\ntitle.en = Faults\nquestion.en = Q?\n"
                           "start = 2019-01-01\n"
                           "[survey s1]\nsurvey = fa\nquestion = Q1\nbefore = 2018\n"
                           "after = 2019\nsubgroups = KON\n"
                           "[trend t1]\nsurvey = fa\nquestions = Q1\nby = area\n";

static void write_answers(const char *path, int first_year, int n)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "ID;AR;OMRADE;KON;Q1\n");
    for (int i = 0; i < n; i++)
        strbuf_addf(&sb, "%d;%d;%d;%d;%d\n", i + 1, first_year + i % 2, 1 + (i / 2) % 2,
                    1 + (i / 3) % 2, 1 + (i * 7 / 3) % 2);
    write_file(path, sb.buf, sb.len);
    strbuf_release(&sb);
}

static const char LSAN_SUPP[] = "leak:fiu_run_preload.so\nleak:fiu_posix_preload.so\n";

static bool have_fiu(void)
{
    return access("/usr/bin/fiu-run", X_OK) == 0 ||
           access("/usr/local/bin/fiu-run", X_OK) == 0;
}

static int setup_all(void **state)
{
    (void)state;
    if (!have_fiu()) {
        fprintf(stderr, "fiu-run is not installed (scripts/install-deps.sh test)\n");
        return -1;
    }
    tmpdir = make_temp_dir("faults");
    db = path_in("fa.db");
    cb = path_in("fa.ini");
    spec = path_in("spec.ini");
    char *data1 = path_in("a.csv");
    data2 = path_in("b.csv");
    write_file(cb, CODEBOOK, strlen(CODEBOOK));
    write_file(spec, SPEC, strlen(SPEC));
    /* the ASan build checks leaks too, but not libfiu's own (its constructor keeps a
     * strdup) */
    char *supp = path_in("lsan.supp");
    write_file(supp, LSAN_SUPP, strlen(LSAN_SUPP));
    struct strbuf opt = STRBUF_INIT;
    strbuf_addf(&opt, "suppressions=%s:print_suppressions=0", supp);
    setenv("LSAN_OPTIONS", opt.buf, 1);
    /* one thread: a random round's faults land on the same calls every run (libfiu's
     * draws are shared by the threads, in the order they make their calls) */
    setenv("TRYGG_THREADS", "1", 1);
    strbuf_release(&opt);
    free(supp);
    write_answers(data1, 2018, 400);
    write_answers(data2, 2020, 3000); /* the import the faults hit: big enough to write */
    struct run_result res;
    if (run_trygg(&res, db, "import", "survey", cb, data1, NULL) != 0) {
        fprintf(stderr, "import failed: %s\n", res.err);
        return -1;
    }
    run_result_release(&res);
    dump_before = db_dump(db);
    const char *b = trygg_bin();
    char cwd[2048];
    struct strbuf sb = STRBUF_INIT;
    if (b[0] != '/' && getcwd(cwd, sizeof(cwd)))
        strbuf_addf(&sb, "%s/", cwd);
    strbuf_addstr(&sb, b);
    trygg_abs = strbuf_detach(&sb);
    free(data1);
    return 0;
}

static int teardown_all(void **state)
{
    (void)state;
    if (tmpdir)
        rm_rf(tmpdir);
    free(tmpdir);
    free(db);
    free(cb);
    free(data2);
    free(spec);
    free(trygg_abs);
    free(dump_before);
    return 0;
}

#ifdef __SANITIZE_ADDRESS__
void __asan_init(void);

/* The path of the libasan this test (and trygg, built alike) is linked with. */
static const char *sanitizer_preload(void)
{
    void (*fn)(void) = __asan_init;
    void *addr;
    memcpy(&addr, &fn, sizeof(addr)); /* ISO C has no cast from function to object */
    Dl_info info;
    if (!dladdr(addr, &info) || !info.dli_fname || !*info.dli_fname)
        fail_msg("cannot find the path of libasan");
    return info.dli_fname;
}
#endif

/* libfiu draws its random faults from a PRNG seeded with the clock's microseconds
 * unless FIU_PRNG_SEED is set (libfiu/fiu.c: fiu_init reads it, prng_seed leaves a
 * manual seed alone); trygg is single-threaded and its sequence of system calls is the
 * same run after run, so a fixed seed makes a random round the same faults every time.
 * Each round gets its own seed, from TRYGG_FAULT_SEED (default 1000) up: CI replays the
 * same rounds; set TRYGG_FAULT_SEED to explore others (scripts/fault-soak.sh explores
 * every command). */
static unsigned fault_seed0(void)
{
    const char *s = getenv("TRYGG_FAULT_SEED");
    return s && *s ? (unsigned)strtoul(s, NULL, 10) : 1000u;
}

/* trygg under fiu-run with one control command (seed: FIU_PRNG_SEED, 0 for none). */
static int run_fiu(struct run_result *res, const char *command, unsigned seed,
                   const char *const *args, size_t n)
{
    char seedbuf[16];
    if (seed) {
        snprintf(seedbuf, sizeof(seedbuf), "%u", seed);
        setenv("FIU_PRNG_SEED", seedbuf, 1);
    } else {
        unsetenv("FIU_PRNG_SEED");
    }
    const char *argv[48];
    size_t k = 0;
    argv[k++] = "fiu-run";
    argv[k++] = "-x";
    argv[k++] = "-f";
    argv[k++] = "";
    argv[k++] = "-c";
    argv[k++] = command;
#ifdef __SANITIZE_ADDRESS__
    /* fiu-run sets LD_PRELOAD to its own libraries; a shell without I/O of its own puts
     * libasan before them and execs trygg (the arguments pass as "$@", never as text) */
    argv[k++] = "/bin/sh";
    argv[k++] = "-c";
    argv[k++] = "LD_PRELOAD=\"$0 $LD_PRELOAD\" exec \"$@\"";
    argv[k++] = sanitizer_preload();
#endif
    argv[k++] = trygg_abs;
    argv[k++] = "--db";
    argv[k++] = db;
    for (size_t i = 0; i < n && k < 47; i++)
        argv[k++] = args[i];
    argv[k] = NULL;
    int rc = run_program(argv, NULL, res);
    if (res->err && (strstr(res->err, "Sanitizer") || strstr(res->err, "runtime error:")))
        fail_msg("%s (FIU_PRNG_SEED=%u): a sanitizer report:\n%s", command, seed, res->err);
    if (rc > 128)
        fail_msg("%s (FIU_PRNG_SEED=%u): trygg died with signal %d:\n%s", command, seed, rc - 128,
                 res->err ? res->err : "");
    /* an I/O error is said as one, never as a damaged or foreign file (SQLite says a
     * read that failed with EIO is "database disk image is malformed": store/iovfs.h) */
    if (res->err && (strstr(res->err, "not an SQLite file") || strstr(res->err, "malformed") ||
                     strstr(res->err, "file is damaged")))
        fail_msg("%s (FIU_PRNG_SEED=%u): an I/O error called the database damaged or a "
                 "foreign file:\n%s",
                 command, seed, res->err);
    return rc;
}

static const char *const POINTS[] = {
    "enable name=posix/io/rw/write",
    "enable name=posix/io/rw/pwrite",
    "enable name=posix/io/rw/pwrite/reduce",
    "enable name=posix/io/rw/write/reduce",
    "enable name=posix/io/sync/fsync",
    "enable name=posix/io/sync/fdatasync",
    "enable name=posix/io/rw/read",
    "enable name=posix/io/rw/pread",
    "enable name=posix/io/oc/open",
    "enable name=posix/io/oc/close",
    "enable name=posix/io/rw/ftruncate",
    "enable_random name=posix/io/*,probability=0.01",
    "enable_random name=posix/io/*,probability=0.05",
    "enable_random name=posix/io/*,probability=0.2",
};
#define RANDOM_ROUNDS 4

/* Round r of point p: its fiu-run command into cmd, and its seed (0 for a point that
 * always fails); the run's rounds start 500 above the import's.  Besides the seed, a
 * random round fixes what libfiu's POSIX wrappers would otherwise draw from random(),
 * which fiu_posix_preload.so seeds with the clock and no setting reaches: the errno of
 * a failed call is given (failinfo; EIO, ENOSPC, EINTR, EFBIG by round: an EINTR makes
 * SQLite retry, which draws again), and the short reads and writes of .../reduce
 * (shortened by a random() amount) are held off by exact entries, which libfiu looks up
 * before the wildcard.  The always-failing /reduce points above stay as they were:
 * every call of theirs is shortened, whatever the amount. */
static unsigned round_setup(size_t p, int r, unsigned offset, char *cmd, size_t size)
{
    static const int errnos[] = {5 /* EIO */, 28 /* ENOSPC */, 4 /* EINTR */, 27 /* EFBIG */};
    if (!strstr(POINTS[p], "random")) {
        snprintf(cmd, size, "%s", POINTS[p]);
        return 0;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s,failinfo=%d", POINTS[p], errnos[r % 4]);
    static const char *const reduce[] = {"read", "pread", "readv", "write", "pwrite", "writev"};
    for (size_t i = 0; i < sizeof(reduce) / sizeof(*reduce); i++)
        strbuf_addf(&sb, "\nenable_random name=posix/io/rw/%s/reduce,probability=0", reduce[i]);
    if (sb.len >= size)
        fail_msg("fiu-run command too long");
    memcpy(cmd, sb.buf, sb.len + 1);
    strbuf_release(&sb);
    return fault_seed0() + offset + (unsigned)(p * RANDOM_ROUNDS) + (unsigned)r;
}

static size_t n_faults, n_failed, n_unreached;

static void check_db_unchanged(const char *point, unsigned seed)
{
    char what[1200];
    snprintf(what, sizeof(what), "%s (FIU_PRNG_SEED=%u)", point, seed);
    db_check_integrity(db);
    char *now = db_dump(db);
    assert_dump_equal(dump_before, now, what);
    free(now);
}

static void import_faults(void **state)
{
    (void)state;
    size_t failed = 0, unreached = 0, tried = 0;
    for (size_t p = 0; p < sizeof(POINTS) / sizeof(*POINTS); p++) {
        int rounds = strstr(POINTS[p], "random") ? RANDOM_ROUNDS : 1;
        for (int r = 0; r < rounds; r++) {
            tried++;
            const char *args[] = {"import", "survey", cb, data2};
            struct run_result res;
            char cmd[1024];
            unsigned seed = round_setup(p, r, 0, cmd, sizeof(cmd));
            int rc = run_fiu(&res, cmd, seed, args, 4);
            if (rc == 0) {
                /* the fault was not hit: the import is whole; take it out again */
                unreached++;
                printf("  import not reached by: %s (seed %u)\n", POINTS[p], seed);
                db_check_integrity(db);
                run_result_release(&res);
                /* start again from the database of one import for the next fault */
                char wal[4200], shm[4200];
                snprintf(wal, sizeof(wal), "%s-wal", db);
                snprintf(shm, sizeof(shm), "%s-shm", db);
                unlink(db);
                unlink(wal);
                unlink(shm);
                struct run_result r2;
                char *data1 = path_in("a.csv");
                assert_int_equal(run_trygg(&r2, db, "import", "survey", cb, data1, NULL), 0);
                run_result_release(&r2);
                free(data1);
                char *now = db_dump(db);
                free(dump_before);
                dump_before = now;
                continue;
            }
            failed++;
            if (!res.err || !*res.err)
                fail_msg("%s (FIU_PRNG_SEED=%u): import exit %d without a message", cmd,
                         seed, rc);
            run_result_release(&res);
            check_db_unchanged(cmd, seed);
        }
    }
    printf("  import: %zu faults injected: %zu failed cleanly (non-zero exit, message, database "
           "as it was), %zu not reached (import whole)\n",
           tried, failed, unreached);
    n_faults += tried;
    n_failed += failed;
    n_unreached += unreached;
    assert_true(failed >= tried / 2);
}

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t k = strlen(suffix);
    return len >= k && !memcmp(s + len - k, suffix, k);
}

static void outputs_whole(const char *out)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof(path), "%s/fa/report.html", out);
    char *s = slurp(path, &len);
    if (s && !ends_with(s, len, "</html>\n"))
        fail_msg("%s is cut short", path);
    free(s);
    snprintf(path, sizeof(path), "%s/fa/results.csv", out);
    s = slurp(path, &len);
    if (s && len && s[len - 1] != '\n')
        fail_msg("%s is cut short", path);
    free(s);
    snprintf(path, sizeof(path), "%s/fa/run.json", out);
    s = slurp(path, &len);
    if (s) {
        json_error_t err;
        json_t *j = json_loadb(s, len, 0, &err);
        if (!j)
            fail_msg("%s does not parse: %s", path, err.text);
        json_decref(j);
    }
    free(s);
}

static void run_faults(void **state)
{
    (void)state;
    char *out = path_in("out");
    struct run_result res;
    /* a finished run first, so that killed files would have something to replace */
    assert_int_equal(run_trygg(&res, db, "run", spec, "--out", out, "--no-charts", NULL), 0);
    run_result_release(&res);
    size_t failed = 0, unreached = 0, tried = 0;
    for (size_t p = 0; p < sizeof(POINTS) / sizeof(*POINTS); p++) {
        int rounds = strstr(POINTS[p], "random") ? RANDOM_ROUNDS : 1;
        for (int r = 0; r < rounds; r++) {
            tried++;
            const char *args[] = {"run", spec, "--out", out, "--no-charts"};
            char cmd[1024];
            unsigned seed = round_setup(p, r, 500, cmd, sizeof(cmd));
            int rc = run_fiu(&res, cmd, seed, args, 5);
            if (rc == 0) {
                unreached++;
                printf("  run not reached by: %s (seed %u)\n", POINTS[p], seed);
            } else {
                failed++;
                if (!res.err || !*res.err)
                    fail_msg("%s (FIU_PRNG_SEED=%u): run exit %d without a message", cmd,
                             seed, rc);
            }
            run_result_release(&res);
            check_db_unchanged(cmd, seed);
            outputs_whole(out);
        }
    }
    printf("  run: %zu faults injected: %zu failed cleanly (non-zero exit, message, database "
           "unchanged, every output whole), %zu not reached\n",
           tried, failed, unreached);
    n_faults += tried;
    n_failed += failed;
    n_unreached += unreached;
    assert_true(failed >= tried / 2);
    free(out);
}

/* An SPSS file read through faults (ReadStat's own reads took a short read for a
 * damaged file, and an I/O error was reported as "Invalid file, or file has unsupported
 * features"): short reads are read on, a failed read is said as one. */
static void statfile_faults(void **state)
{
    (void)state;
    char *sav = path_in("fa.sav");
    char *fresh = path_in("sav.db");
    struct run_result res;
    assert_int_equal(run_trygg(&res, db, "export", "survey", "fa", "--format", "sav", "--output",
                               sav, NULL),
                     0);
    run_result_release(&res);
    char *keep = db;
    db = fresh; /* run_fiu imports into a database of its own */
    const char *args[] = {"import", "survey", cb, sav};
    int rc = run_fiu(&res, "enable name=posix/io/rw/read/reduce", 0, args, 4);
    if (rc != 0)
        fail_msg("short reads of a .sav: exit %d: %s", rc, res.err ? res.err : "");
    run_result_release(&res);
    unlink(fresh);
    rc = run_fiu(&res, "enable name=posix/io/rw/read,failinfo=5", 0, args, 4);
    assert_int_equal(rc, 3); /* an I/O error: a system failure, not a bad file */
    if (!res.err || !strstr(res.err, "cannot read: Input/output error") ||
        strstr(res.err, "Invalid file"))
        fail_msg("a failed read of a .sav is not said as one: %s", res.err ? res.err : "");
    run_result_release(&res);
    db = keep;
    free(sav);
    free(fresh);
}

/*
 * An input file that cannot be read for an I/O error is a system failure (exit 3, as
 * trygg(1) defines it), not refused data (exit 1): a script must not conclude that
 * the file is bad.  Before, every unreadable input exited 1.  The fault is libfiu's
 * fread failing with EIO, so the first file read fails: the incidents data, the
 * survey's codebook, a spec (run and check); a .sav through read().  A file that does
 * not exist or is a directory stays exit 1.  The database is unchanged throughout.
 */
static void unreadable_input_is_a_system_error(void **state)
{
    (void)state;
    char *inc = path_in("inc.csv");
    static const char INC[] = "period,area,category,count\n2019-01,Norr,rån,3\n";
    write_file(inc, INC, strlen(INC));
    char *out = path_in("out-eio");
    static const char EIO_FREAD[] = "enable name=posix/stdio/rw/fread,failinfo=5";
    struct {
        const char *args[6];
        size_t n;
        const char *said; /* on stderr */
    } cases[] = {
        {{"import", "incidents", inc}, 3, "inc.csv: cannot read: Input/output error"},
        {{"import", "survey", cb, data2}, 4, "fa.ini: cannot read codebook: Input/output error"},
        {{"run", spec, "--out", out, "--no-charts"}, 5, "spec.ini: cannot read: Input/output error"},
        {{"check", spec}, 2, "spec.ini: cannot read: Input/output error"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct run_result res;
        int rc = run_fiu(&res, EIO_FREAD, 0, cases[i].args, cases[i].n);
        if (rc != 3 || !res.err || !strstr(res.err, cases[i].said))
            fail_msg("%s under fread EIO: exit %d (want 3), stderr: %s", cases[i].args[0], rc,
                     res.err ? res.err : "");
        run_result_release(&res);
        check_db_unchanged(EIO_FREAD, 0);
    }
    /* a read of a file that opened fails with an errno that at open() would be the path's
     * fault (ENXIO, EACCES): still a system failure (make fault-soak found "cannot read
     * codebook: No such device or address" exiting 1) */
    static const char *const NOT_PATH[] = {"enable name=posix/stdio/rw/fread,failinfo=6",
                                           "enable name=posix/stdio/rw/fread,failinfo=13"};
    for (size_t f = 0; f < 2; f++)
        for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
            struct run_result res;
            int rc = run_fiu(&res, NOT_PATH[f], 0, cases[i].args, cases[i].n);
            if (rc != 3 || !res.err || !strstr(res.err, "cannot read"))
                fail_msg("%s under %s: exit %d (want 3), stderr: %s", cases[i].args[0],
                         NOT_PATH[f], rc, res.err ? res.err : "");
            run_result_release(&res);
            check_db_unchanged(NOT_PATH[f], 0);
        }
    /* the path's own faults stay "refused" */
    struct run_result res;
    assert_int_equal(run_trygg(&res, db, "import", "incidents", "no-such-file.csv", NULL), 1);
    assert_non_null(strstr(res.err, "no-such-file.csv: cannot open: No such file or directory"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, db, "import", "incidents", tmpdir, NULL), 1);
    assert_non_null(strstr(res.err, "is not a regular file"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, db, "run", tmpdir, "--out", out, NULL), 1);
    assert_non_null(strstr(res.err, "is a directory, not a file"));
    run_result_release(&res);
    /* a FIFO without a writer as codebook or spec: refused at once (it blocked the
     * open forever before) */
    char *fifo = path_in("fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(run_trygg(&res, db, "run", fifo, "--out", out, NULL), 1);
    assert_non_null(strstr(res.err, "fifo: is not a regular file"));
    run_result_release(&res);
    assert_int_equal(run_trygg(&res, db, "import", "survey", fifo, data2, NULL), 1);
    assert_non_null(strstr(res.err, "fifo: codebook is not a regular file"));
    run_result_release(&res);
    unlink(fifo);
    free(fifo);
    check_db_unchanged("a missing file, a directory and a FIFO", 0);
    free(inc);
    free(out);
}

/*
 * The database's own failures, on every command, are said as what they are (store.c,
 * store_describe; one place for all commands).  A read of the database that fails with
 * EIO: exit 3, "the disk failed while reading the database (Input/output error)", never
 * "database disk image is malformed" (SQLite's word for it: make fault-soak found `run`
 * saying so under random read errors, 2026-12-06).  A full disk under an import: "the
 * disk is full ... make room".  A database really damaged (a page overwritten): "the
 * database file is damaged: restore it from a backup".  Each exit 3, the database as it
 * was.
 */
static void database_failures_said_as_such(void **state)
{
    (void)state;
    char *inc = path_in("inc-db.csv");
    static const char INC[] = "period,area,category,count\n2019-01,Norr,rån,3\n";
    write_file(inc, INC, strlen(INC));
    char *out = path_in("out-dbfail");
    char *csv = path_in("export-dbfail.csv");
    struct {
        const char *args[7];
        size_t n;
    } cases[] = {
        {{"info"}, 1},
        {{"info", "survey", "fa"}, 3},
        {{"run", spec, "--out", out, "--no-charts"}, 5},
        {{"check", spec}, 2},
        {{"export", "survey", "fa", "--output", csv}, 5},
        {{"import", "incidents", inc}, 3},
        {{"import", "survey", cb, data2}, 4},
        {{"remove", "import", "1"}, 3},
    };
    static const char EIO_PREAD[] = "enable name=posix/io/rw/pread,failinfo=5";
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct run_result res;
        int rc = run_fiu(&res, EIO_PREAD, 0, cases[i].args, cases[i].n);
        if (rc != 3 || !res.err || !strstr(res.err, "the disk failed while") ||
            !strstr(res.err, "Input/output error"))
            fail_msg("%s under a read EIO of the database: exit %d (want 3), stderr: %s",
                     cases[i].args[0], rc, res.err ? res.err : "");
        run_result_release(&res);
        check_db_unchanged(EIO_PREAD, 0);
    }
    /* reads that fail at random once the database is open (the page reads of a run):
     * SQLite's SQLITE_CORRUPT, "database disk image is malformed" before (run_fiu fails
     * on that word); each failure exit 3 and said as the disk's */
    size_t after_open = 0;
    for (unsigned seed = 1; seed <= 24; seed++) {
        const char *args[] = {"run", spec, "--out", out, "--no-charts"};
        struct run_result r;
        int rc = run_fiu(&r, "enable_random name=posix/io/rw/pread,probability=0.05,failinfo=5",
                         seed, args, 5);
        if (rc != 0 && (rc != 3 || !strstr(r.err, "the disk failed while")))
            fail_msg("run under random read EIO (seed %u): exit %d, stderr: %s", seed, rc, r.err);
        if (rc == 3 && !strstr(r.err, "cannot open"))
            after_open++;
        run_result_release(&r);
        check_db_unchanged("random pread EIO", seed);
    }
    printf("  random read EIO: %zu of 24 runs failed after the database was open\n", after_open);
    assert_true(after_open >= 3);
    /* a full disk while an import writes */
    const char *imp[] = {"import", "survey", cb, data2};
    struct run_result res;
    int rc = run_fiu(&res, "enable name=posix/io/rw/pwrite,failinfo=28", 0, imp, 4);
    if (rc != 3 || !res.err || !strstr(res.err, "the disk is full") ||
        !strstr(res.err, "make room"))
        fail_msg("an import onto a full disk: exit %d (want 3), stderr: %s", rc,
                 res.err ? res.err : "");
    run_result_release(&res);
    check_db_unchanged("pwrite ENOSPC", 0);
    /* a database really damaged: a page of the respondent blocks overwritten */
    char *bad = path_in("damaged.db");
    copy_db(db, bad);
    size_t len;
    char *bytes = slurp(bad, &len);
    assert_non_null(bytes);
    assert_true(len > 3 * 16384);
    memset(bytes + 16384, 0x5a, len - 16384); /* every page but the first */
    write_file(bad, bytes, len);
    free(bytes);
    const char *info[] = {"info", "survey", "fa"};
    rc = run_trygg(&res, bad, info[0], info[1], info[2], NULL);
    if (rc != 3 || !strstr(res.err, "the database file is damaged: restore it from a backup") ||
        strstr(res.err, "disk failed"))
        fail_msg("a damaged database: exit %d (want 3), stderr: %s", rc, res.err);
    run_result_release(&res);
    free(bad);
    free(inc);
    free(out);
    free(csv);
}

/*
 * close() interrupted by a signal (EINTR) is not a failure: Linux has released the
 * descriptor (retrying could close another thread's file) and every byte was written
 * and fsync'ed before.  Before, every output of a run whose close() met EINTR was
 * "cannot close: Interrupted system call", exit 3.
 */
static void close_eintr_is_success(void **state)
{
    (void)state;
    char *out = path_in("out-eintr");
    const char *args[] = {"run", spec, "--out", out, "--no-charts"};
    struct run_result res;
    int rc = run_fiu(&res, "enable name=posix/io/oc/close,failinfo=4", 0, args, 5);
    if (rc != 0)
        fail_msg("a run whose close() calls meet EINTR: exit %d: %s", rc, res.err ? res.err : "");
    run_result_release(&res);
    outputs_whole(out);
    check_db_unchanged("close EINTR", 0);
    free(out);
}

/*
 * The date a spec's decision criteria were first run (criteria_seen) is kept only
 * with a written report: a run whose report could not be written showed nobody the
 * results, so the next run must still be the criteria's first.  Before, the row was
 * written while evaluating, before the report.  Here the report fails because --out
 * lies under a plain file.
 */
static int criteria_rows(const char *path)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "SELECT count(*) FROM criteria_seen", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW)
        fail_msg("%s: cannot count criteria_seen: %s", path, sqlite3_errmsg(h));
    int n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return n;
}

static void failed_report_keeps_no_criteria_date(void **state)
{
    (void)state;
    static const char CRIT[] = "[criterion c1]\noutcome = s1\nterm = difference\n"
                               "rule = conf_high < 0\ntext.en = Fewer unsafe\n";
    struct strbuf text = STRBUF_INIT;
    strbuf_addstr(&text, SPEC);
    strbuf_addstr(&text, CRIT);
    char *crit = path_in("crit.ini");
    write_file(crit, text.buf, text.len);
    strbuf_release(&text);
    char *db2 = path_in("crit.db");
    copy_db(db, db2);
    char *file = path_in("plain-file");
    write_file(file, "x", 1);
    char *bad_out = path_in("plain-file/out");
    struct run_result res;
    int rc = run_trygg(&res, db2, "run", crit, "--out", bad_out, "--no-charts", NULL);
    if (rc != 3 || !strstr(res.err, "the report could not be written"))
        fail_msg("a run into an impossible --out: exit %d: %s", rc, res.err);
    run_result_release(&res);
    if (criteria_rows(db2) != 0)
        fail_msg("a run whose report failed recorded its criteria as seen");
    char *good_out = path_in("out-crit");
    assert_int_equal(run_trygg(&res, db2, "run", crit, "--out", good_out, "--no-charts", "-q",
                               NULL),
                     0);
    run_result_release(&res);
    if (criteria_rows(db2) != 1)
        fail_msg("a run whose report was written did not record its criteria");
    struct strbuf rj = STRBUF_INIT;
    strbuf_addf(&rj, "%s/fa/run.json", good_out);
    char *json = slurp(rj.buf, NULL);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"first_run_recorded\": true"));
    free(json);
    strbuf_release(&rj);
    free(crit);
    free(db2);
    free(file);
    free(bad_out);
    free(good_out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_faults),
        cmocka_unit_test(run_faults),
        cmocka_unit_test(statfile_faults),
        cmocka_unit_test(unreadable_input_is_a_system_error),
        cmocka_unit_test(database_failures_said_as_such),
        cmocka_unit_test(close_eintr_is_success),
        cmocka_unit_test(failed_report_keeps_no_criteria_date),
    };
    int rc = cmocka_run_group_tests(tests, setup_all, teardown_all);
    printf("faults: %zu injected, %zu failed cleanly, %zu not reached\n", n_faults, n_failed,
           n_unreached);
    return rc;
}
