/*
 * The manual pages (man/NAME.1 and man/NAME.5): each renders with groff without a warning
 * (-ww), every command `trygg --help` lists has its page and every trygg-CMD.1 page a
 * command, and the options of each command's --help and of its page's OPTIONS
 * section are the same set (the `--name` tokens of each).
 *
 * A page for a command this binary does not have yet (another engineer's work in
 * progress) is skipped with a message rather than failed.
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "e2eutil.h"
#include "util/strbuf.h"

/* ------------------------------------------------------------ option sets */

struct words {
    char **w;
    size_t n;
};

static void words_add(struct words *s, const char *w, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->w[i]) == len && !strncmp(s->w[i], w, len))
            return;
    s->w = realloc(s->w, (s->n + 1) * sizeof(*s->w));
    s->w[s->n++] = strndup(w, len);
}

static void words_release(struct words *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->w[i]);
    free(s->w);
    s->w = NULL;
    s->n = 0;
}

static bool words_has(const struct words *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->w[i], w))
            return true;
    return false;
}

/* Every "--name" token (name: [a-z][a-z0-9-]*, trailing '-' dropped) of text. */
static void long_options(const char *text, struct words *out)
{
    for (const char *p = text; (p = strstr(p, "--")) != NULL;) {
        const char *s = p + 2;
        size_t n = 0;
        if ((p == text || (p[-1] != '-' && p[-1] != '$')) && s[0] >= 'a' && s[0] <= 'z') {
            while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '-')
                n++;
            while (n && s[n - 1] == '-')
                n--;
            words_add(out, p, n + 2);
        }
        p = s + n;
    }
}

/* ------------------------------------------------------------ rendering */

/* groff's rendering of a page as plain UTF-8 text, minus and hyphen signs as '-'.
 * Fails the test on a warning. Returns a new string. */
static char *render(const char *page)
{
    const char *argv[] = {"groff", "-man", "-Tutf8", "-ww", "-P-cbou", page, NULL};
    struct run_result res;
    int rc = run_program(argv, NULL, &res);
    if (rc < 0)
        fail_msg("cannot run groff (scripts/install-deps.sh test installs groff-base)");
    if (rc != 0 || res.err_len)
        fail_msg("groff %s: exit %d:\n%s", page, rc, res.err);
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = res.out; *p;) {
        if (!strncmp(p, "\xE2\x88\x92", 3) || !strncmp(p, "\xE2\x80\x90", 3)) {
            strbuf_addch(&sb, '-');
            p += 3;
        } else {
            strbuf_addch(&sb, *p++);
        }
    }
    run_result_release(&res);
    if (sb.len < 200)
        fail_msg("groff %s: almost nothing rendered", page);
    return strbuf_detach(&sb);
}

/* The OPTIONS section of a rendered page (a new string). */
static char *options_section(const char *text, const char *page)
{
    const char *p = strstr(text, "\nOPTIONS\n");
    if (!p)
        fail_msg("%s: no OPTIONS section", page);
    p += strlen("\nOPTIONS\n");
    const char *end = p;
    while (*end) {
        const char *nl = strchr(end, '\n');
        if (!nl)
            nl = end + strlen(end);
        if (end[0] != ' ' && end[0] != '\n' && end != nl)
            break; /* the next heading */
        end = *nl ? nl + 1 : nl;
    }
    return strndup(p, (size_t)(end - p));
}

/* ------------------------------------------------------------ the tests */

static void test_pages_render(void **state)
{
    (void)state;
    DIR *d = opendir("man");
    if (!d)
        fail_msg("no man/ directory");
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 3 || de->d_name[len - 2] != '.' || !strchr("15", de->d_name[len - 1]))
            continue;
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "man/%s", de->d_name);
        char *text = render(p.buf);
        /* NAME names the page */
        struct strbuf name = STRBUF_INIT;
        strbuf_add(&name, de->d_name, len - 2);
        strbuf_addstr(&name, " - ");
        if (!strstr(text, name.buf))
            fail_msg("%s: NAME does not start with '%s'", p.buf, name.buf);
        free(text);
        strbuf_release(&name);
        strbuf_release(&p);
        n++;
    }
    closedir(d);
    assert_true(n >= 8);
}

/* The commands `trygg --help` lists. */
static void commands(struct words *out)
{
    struct run_result res;
    assert_int_equal(run_trygg(&res, NULL, "--help", NULL), 0);
    const char *p = strstr(res.out, "commands:\n");
    assert_non_null(p);
    p += strlen("commands:\n");
    while (!strncmp(p, "  ", 2)) {
        const char *s = p + 2;
        size_t n = strcspn(s, " \n");
        words_add(out, s, n);
        p = strchr(p, '\n');
        if (!p)
            break;
        p++;
    }
    run_result_release(&res);
    assert_true(out->n >= 4);
}

static void test_every_command_has_a_page(void **state)
{
    (void)state;
    struct words cmds = {0};
    commands(&cmds);
    for (size_t i = 0; i < cmds.n; i++) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "man/trygg-%s.1", cmds.w[i]);
        size_t len;
        char *text = slurp(p.buf, &len);
        if (!text)
            fail_msg("command '%s' has no manual page %s", cmds.w[i], p.buf);
        free(text);
        /* and trygg(1) lists it */
        char *top = render("man/trygg.1");
        struct strbuf ref = STRBUF_INIT;
        strbuf_addf(&ref, "trygg-%s(1)", cmds.w[i]);
        if (!strstr(top, ref.buf))
            fail_msg("trygg(1) does not list %s", ref.buf);
        free(top);
        strbuf_release(&ref);
        strbuf_release(&p);
    }
    words_release(&cmds);
}

/* --help and the page's OPTIONS agree for `trygg ARGS --help` and page. */
static void check_options(const char *page, const char *cmd)
{
    struct run_result res;
    int rc = cmd ? run_trygg(&res, NULL, cmd, "--help", NULL) : run_trygg(&res, NULL, "--help", NULL);
    if (rc == 2 && strstr(res.err, "unknown command")) {
        print_message("[  SKIP    ] %s: 'trygg %s' is not in this binary yet\n", page, cmd);
        run_result_release(&res);
        return;
    }
    if (rc != 0)
        fail_msg("trygg %s --help: exit %d", cmd ? cmd : "", rc);
    struct words help = {0}, man = {0};
    long_options(res.out, &help);
    run_result_release(&res);
    char *text = render(page);
    char *opts = options_section(text, page);
    long_options(opts, &man);
    for (size_t i = 0; i < help.n; i++)
        if (!words_has(&man, help.w[i]))
            fail_msg("'trygg %s --help' has %s, the OPTIONS of %s do not", cmd ? cmd : "",
                     help.w[i], page);
    for (size_t i = 0; i < man.n; i++)
        if (!words_has(&help, man.w[i]))
            fail_msg("%s documents %s, 'trygg %s --help' does not", page, man.w[i],
                     cmd ? cmd : "");
    assert_true(help.n >= 1);
    words_release(&help);
    words_release(&man);
    free(opts);
    free(text);
}

static void test_options_agree(void **state)
{
    (void)state;
    check_options("man/trygg.1", NULL);
    struct words cmds = {0};
    commands(&cmds);
    /* the pages of every command, including one this binary may not have yet */
    static const char *const pages[] = {"import", "info", "run", "init", "codebook"};
    for (size_t i = 0; i < sizeof(pages) / sizeof(*pages); i++)
        words_add(&cmds, pages[i], strlen(pages[i]));
    for (size_t i = 0; i < cmds.n; i++) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "man/trygg-%s.1", cmds.w[i]);
        check_options(p.buf, cmds.w[i]);
        strbuf_release(&p);
    }
    words_release(&cmds);
}

/* ------------------------------------------------------------ defaults */

/* The text of option `opt`'s entry in text: from the line that names it (`  --opt`,
 * `  -q, --opt`; in a rendered page indented further) to the next line that is not
 * indented more than it (the next option, or the text after the list), blanks
 * collapsed.  NULL if no line names it. */
static char *option_entry(const char *text, const char *opt)
{
    size_t olen = strlen(opt);
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        size_t indent = strspn(line, " ");
        const char *o = line + indent;
        if (o[0] == '-' && o[1] != '-' && o[2] == ',' && o[3] == ' ')
            o += 4; /* -q, --quiet */
        if (!strncmp(o, opt, olen) && (o[olen] == ' ' || o + olen == eol)) {
            const char *end = eol;
            while (*end) {
                const char *next = end + 1;
                size_t in = strspn(next, " ");
                if (next[in] && next[in] != '\n' && in <= indent)
                    break;
                end = strchr(next, '\n');
                if (!end)
                    end = next + strlen(next);
            }
            struct strbuf sb = STRBUF_INIT;
            bool blank = false;
            for (const char *c = o + olen; c < end; c++) {
                if (*c == ' ' || *c == '\n') {
                    blank = true;
                    continue;
                }
                if (blank && sb.len)
                    strbuf_addch(&sb, ' ');
                blank = false;
                strbuf_addch(&sb, *c);
            }
            return strbuf_detach(&sb);
        }
        line = *eol ? eol + 1 : eol;
    }
    return NULL;
}

/* The default an option's --help entry states: the word after "(default:" or
 * "(default", '$' and trailing punctuation dropped; or, for "WORD (default)", WORD.
 * Empty when it states none. */
static void stated_default(const char *entry, struct strbuf *out)
{
    strbuf_reset(out);
    const char *d = strstr(entry, "(default");
    if (!d)
        return;
    const char *v = d + strlen("(default");
    if (*v == ')') { /* "utf-8 (default)": the word before */
        const char *b = d;
        while (b > entry && b[-1] == ' ')
            b--;
        const char *e = b;
        while (b > entry && b[-1] != ' ' && b[-1] != '(')
            b--;
        strbuf_add(out, b, (size_t)(e - b));
    } else {
        if (*v == ':')
            v++;
        v += strspn(v, " $");
        strbuf_add(out, v, strcspn(v, " ,;:)"));
    }
    while (out->len && strchr(".,'", out->buf[out->len - 1]))
        strbuf_setlen(out, out->len - 1);
    while (out->len && out->buf[0] == '\'') {
        memmove(out->buf, out->buf + 1, out->len);
        out->len--;
    }
}

/* Whether the page's entry states value as the default: after a "default"/"Default"
 * within 60 bytes and before a ')' or ';' ("(default: out)", "Default: the environment variable TRYGG_DB"),
 * or just before "(default" or "(the default" ("utf-8 (default)"). */
static bool names_default(const char *entry, const char *value)
{
    size_t vlen = strlen(value);
    for (const char *d = entry; (d = strstr(d, "efault")) != NULL; d++) { /* [Dd]efault */
        if (d == entry)
            continue;
        char *window = strndup(d, 60 + vlen); /* to the end of the clause */
        window[strcspn(window, ");")] = '\0';
        bool found = strstr(window, value) != NULL;
        free(window);
        if (found)
            return true;
        const char *b = d - 1; /* back over "(", "(the " to the word before */
        if (b - entry >= 5 && !strncmp(b - 5, "(the ", 5))
            b -= 5;
        else if (b - entry >= 1 && b[-1] == '(')
            b -= 1;
        else
            continue;
        while (b > entry && b[-1] == ' ')
            b--;
        if ((size_t)(b - entry) >= vlen && !strncmp(b - vlen, value, vlen))
            return true;
    }
    return false;
}

/* Each default a command's --help states is the one its page's OPTIONS state. */
static void check_defaults(const char *page, const char *cmd, struct strbuf *bad)
{
    struct run_result res;
    int rc = cmd ? run_trygg(&res, NULL, cmd, "--help", NULL) : run_trygg(&res, NULL, "--help", NULL);
    if (rc != 0) {
        run_result_release(&res);
        return; /* check_options says why */
    }
    struct words opts = {0};
    long_options(res.out, &opts);
    char *text = render(page);
    char *section = options_section(text, page);
    struct strbuf value = STRBUF_INIT;
    for (size_t i = 0; i < opts.n; i++) {
        char *help = option_entry(res.out, opts.w[i]);
        if (!help)
            continue;
        stated_default(help, &value);
        char *man = value.len ? option_entry(section, opts.w[i]) : NULL;
        if (value.len && (!man || !names_default(man, value.buf)))
            strbuf_addf(bad, "trygg %s --help: %s defaults to '%s'; %s says: %s\n",
                        cmd ? cmd : "", opts.w[i], value.buf, page, man ? man : "(no entry)");
        free(man);
        free(help);
    }
    strbuf_release(&value);
    free(section);
    free(text);
    words_release(&opts);
    run_result_release(&res);
}

static void test_defaults_agree(void **state)
{
    (void)state;
    struct strbuf bad = STRBUF_INIT;
    check_defaults("man/trygg.1", NULL, &bad);
    struct words cmds = {0};
    commands(&cmds);
    for (size_t i = 0; i < cmds.n; i++) {
        struct strbuf p = STRBUF_INIT;
        strbuf_addf(&p, "man/trygg-%s.1", cmds.w[i]);
        if (access(p.buf, R_OK) == 0)
            check_defaults(p.buf, cmds.w[i], &bad);
        strbuf_release(&p);
    }
    words_release(&cmds);
    if (bad.len)
        fail_msg("defaults differ between --help and the manual pages:\n%s", bad.buf);
    strbuf_release(&bad);
}

/* The readers of the defaults check. */
static void test_default_readers(void **state)
{
    (void)state;
    const char *help = "options:\n  --out DIR      output directory (default: out)\n"
                       "  --encoding E   utf-8 (default), cp1252\n"
                       "                 or latin1\n"
                       "  -q, --quiet    print less (default 0.8\n"
                       "                 or so)\n";
    struct strbuf v = STRBUF_INIT;
    char *e = option_entry(help, "--out");
    assert_string_equal(e, "DIR output directory (default: out)");
    stated_default(e, &v);
    assert_string_equal(v.buf, "out");
    free(e);
    e = option_entry(help, "--encoding");
    assert_string_equal(e, "E utf-8 (default), cp1252 or latin1");
    stated_default(e, &v);
    assert_string_equal(v.buf, "utf-8");
    free(e);
    e = option_entry(help, "--quiet");
    stated_default(e, &v);
    assert_string_equal(v.buf, "0.8");
    free(e);
    assert_null(option_entry(help, "--db"));
    assert_true(names_default("The directory (default: out).", "out"));
    assert_true(names_default("Default: the variable TRYGG_DB, else", "TRYGG_DB"));
    assert_true(names_default("utf-8 (default), cp1252", "utf-8"));
    assert_true(names_default("text (the default), csv", "text"));
    assert_false(names_default("sv|en The language (default: en).", "sv"));
    assert_false(names_default("csv (default) or sav", "sav"));
    strbuf_release(&v);
}

/* The token reader itself. */
static void test_long_options(void **state)
{
    (void)state;
    struct words w = {0};
    long_options("  --db PATH, --csv-dialect D; ---x --Foo $--no -- --min-cell-\n", &w);
    assert_int_equal(w.n, 3);
    assert_true(words_has(&w, "--db"));
    assert_true(words_has(&w, "--csv-dialect"));
    assert_true(words_has(&w, "--min-cell"));
    words_release(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_options),
        cmocka_unit_test(test_pages_render),
        cmocka_unit_test(test_every_command_has_a_page),
        cmocka_unit_test(test_options_agree),
        cmocka_unit_test(test_default_readers),
        cmocka_unit_test(test_defaults_agree),
    };
    return cmocka_run_group_tests_name("man", tests, NULL, NULL);
}
