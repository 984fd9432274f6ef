/*
 * The bash completion, completion/trygg.bash: sourced in `bash --norc`, its function
 * _trygg is called with COMP_WORDS/COMP_CWORD set as bash sets them, in a directory
 * holding a few files, and COMPREPLY is compared with what it should be.  The
 * options it offers after `trygg CMD --` must be those `trygg CMD --help` lists.
 *
 * The script bash runs is a constant of this file; the words to complete are passed
 * as arguments, never pasted into it.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "e2eutil.h"
#include "util/strbuf.h"

static char *DIRNAME;

static const char SCRIPT[] =
    "source \"$1\" || exit 9\n"
    "cd \"$2\" || exit 9\n"
    "shift 2\n"
    "COMP_WORDS=(\"$@\")\n"
    "COMP_CWORD=$(($# - 1))\n"
    "COMP_LINE=\"$*\"\n"
    "COMP_POINT=${#COMP_LINE}\n"
    "_trygg\n"
    "printf '%s\\n' \"${COMPREPLY[@]}\" | LC_ALL=C sort\n";

static int setup(void **state)
{
    (void)state;
    DIRNAME = make_temp_dir("completion");
    static const char *const files[] = {"a.ini", "b.csv", "c.sav", "D.INI", "e.txt", "f.db"};
    for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, "%s/%s", DIRNAME, files[i]);
        write_file(sb.buf, "", 0);
        strbuf_release(&sb);
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%s/sub", DIRNAME);
    mkdir(sb.buf, 0700);
    strbuf_release(&sb);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(DIRNAME);
    free(DIRNAME);
    return 0;
}

/* The completions of the words (NULL-terminated; the last is the one being
 * completed), one per line, sorted.  A new string. */
static char *complete_words(const char *first, ...) __attribute__((sentinel));
static char *complete_words(const char *first, ...)
{
    const char *argv[40] = {"bash", "--norc", "--noprofile", "-c", SCRIPT, "bash",
                            "completion/trygg.bash", DIRNAME};
    size_t n = 8;
    va_list ap;
    va_start(ap, first);
    for (const char *w = first; w; w = va_arg(ap, const char *))
        argv[n++] = w;
    va_end(ap);
    argv[n] = NULL;
    struct run_result res;
    int rc = run_program(argv, NULL, &res);
    if (rc != 0)
        fail_msg("bash exited %d:\n%s", rc, res.err);
    char *out = res.out;
    res.out = NULL;
    run_result_release(&res);
    return out;
}

#define EXPECT(want, ...)                                                                  \
    do {                                                                                   \
        char *got_ = complete_words(__VA_ARGS__, NULL);                                    \
        if (strcmp(got_, want))                                                            \
            fail_msg("completing %s:\nwant:\n%sgot:\n%s", #__VA_ARGS__, want, got_);       \
        free(got_);                                                                        \
    } while (0)

static void test_commands_and_values(void **state)
{
    (void)state;
    EXPECT("check\ncodebook\nexport\nhelp\nimport\ninfo\ninit\npower\nremove\nrun\n", "trygg", "");
    EXPECT("remove\nrun\n", "trygg", "r");
    EXPECT("import\n", "trygg", "remove", "");
    EXPECT("survey\nsurveys\n", "trygg", "info", "su");
    EXPECT("--db\n--help\n--version\n", "trygg", "--");
    EXPECT("--lang\n", "trygg", "--db", "x.db", "run", "--l");
    EXPECT("en\nsv\n", "trygg", "run", "--lang", "");
    EXPECT("standard\nsv\n", "trygg", "run", "--csv-dialect", "");
    EXPECT("csv\njson\ntext\n", "trygg", "info", "--format", "");
    EXPECT("areas\ncategories\nimports\ninterventions\nseries\nsurveys\nwaves\n", "trygg", "info",
           "--table", "");
    EXPECT("bra\ncsv\n", "trygg", "import", "incidents", "--format", "");
    EXPECT("cp1252\nlatin1\nutf-8\n", "trygg", "import", "survey", "--encoding", "");
    EXPECT("incidents\ninterventions\nsurvey\n", "trygg", "import", "");
    EXPECT("from-sav\n", "trygg", "codebook", "");
    EXPECT("sub\n", "trygg", "run", "--out", "");
    EXPECT("f.db\nsub\n", "trygg", "--db", "");
}

static void test_files(void **state)
{
    (void)state;
    /* specs after run; a codebook, then data files, after import survey */
    EXPECT("D.INI\na.ini\nsub\n", "trygg", "run", "");
    EXPECT("a.ini\n", "trygg", "run", "analysis.ini", "a");
    EXPECT("D.INI\na.ini\nsub\n", "trygg", "import", "survey", "");
    EXPECT("b.csv\nc.sav\ne.txt\nsub\n", "trygg", "import", "survey", "a.ini", "");
    EXPECT("b.csv\nc.sav\ne.txt\nsub\n", "trygg", "import", "survey", "--encoding", "cp1252",
           "a.ini", "b.csv", "");
    EXPECT("b.csv\ne.txt\nsub\n", "trygg", "import", "incidents", "");
    EXPECT("c.sav\nsub\n", "trygg", "codebook", "from-sav", "");
    EXPECT("sub\n", "trygg", "init", "");
}

/* The long options of text, sorted, one per line (a new string). */
static char *long_options(const char *text)
{
    char *w[64];
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, "--")) != NULL;) {
        const char *s = p + 2;
        size_t k = 0;
        if ((p == text || p[-1] != '-') && s[0] >= 'a' && s[0] <= 'z') {
            while ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= '0' && s[k] <= '9') || s[k] == '-')
                k++;
            while (k && s[k - 1] == '-')
                k--;
            bool seen = false;
            for (size_t i = 0; i < n && !seen; i++)
                seen = strlen(w[i]) == k + 2 && !strncmp(w[i], p, k + 2);
            if (!seen && n < 64)
                w[n++] = strndup(p, k + 2);
        }
        p = s + k;
    }
    for (size_t i = 1; i < n; i++) /* insertion sort, C locale */
        for (size_t j = i; j > 0 && strcmp(w[j - 1], w[j]) > 0; j--) {
            char *t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        strbuf_addf(&sb, "%s\n", w[i]);
        free(w[i]);
    }
    return strbuf_detach(&sb);
}

static void test_options_match_help(void **state)
{
    (void)state;
    static const char *const cmds[] = {"import", "info", "run", "init", "codebook", "power"};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
        struct run_result res;
        int rc = run_trygg(&res, NULL, cmds[i], "--help", NULL);
        if (rc == 2 && strstr(res.err, "unknown command")) {
            print_message("[  SKIP    ] 'trygg %s' is not in this binary yet\n", cmds[i]);
            run_result_release(&res);
            continue;
        }
        assert_int_equal(rc, 0);
        char *want = long_options(res.out);
        run_result_release(&res);
        char *got = complete_words("trygg", cmds[i], "--", NULL);
        if (strcmp(got, want))
            fail_msg("trygg %s: --help lists\n%sthe completion offers\n%s", cmds[i], want, got);
        free(got);
        free(want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands_and_values),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_options_match_help),
    };
    return cmocka_run_group_tests_name("completion", tests, setup, teardown);
}
