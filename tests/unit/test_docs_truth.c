/*
 * The reference docs against the code, mechanically, so that they stay true:
 *
 *  - spec keys: for every section type, the keys the parser accepts (src/lib/eval/spec.c,
 *    asked by loading a one-key section: a key it does not read is "unknown key") are
 *    exactly the keys trygg-analysis(5) lists under that section (the .TP tags) and
 *    exactly those docs/analysis.md lists (its "| key |" tables).  The keys tried are
 *    every word either document lists anywhere and every key-shaped string literal of
 *    spec.c, so a key added to the parser without docs fails here.
 *  - reason codes: the codes of docs/results.md's "Reason codes" table are exactly the
 *    machine names results.csv can carry (stats/reasons.h, and `suppressed`).
 *  - methods and terms: every method, term and reason of the bundled evaluations'
 *    results.csv (tests/golden) is named in docs/results.md, and every method of its
 *    method tables is a string the evaluation code writes.
 *
 * Run from the repository root (as every test program is).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "eval/spec.h"
#include "stats/result.h"
#include "testutil.h"
#include "util/strbuf.h"

/* Fails the running test with a message of any length (cmocka cuts its own at a few
 * hundred bytes: the whole list goes to stderr first). */
static void fail_with(const char *what, const char *list)
{
    fprintf(stderr, "%s:\n%s", what, list);
    fail_msg("%s (the list is above)", what);
}

/* ------------------------------------------------------------ word sets */

struct words {
    char **w;
    size_t n;
};

static bool words_has(const struct words *s, const char *w)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->w[i], w))
            return true;
    return false;
}

static void words_addn(struct words *s, const char *w, size_t len)
{
    char *copy = strndup(w, len);
    if (words_has(s, copy)) {
        free(copy);
        return;
    }
    s->w = realloc(s->w, (s->n + 1) * sizeof(*s->w));
    s->w[s->n++] = copy;
}

static void words_add(struct words *s, const char *w) { words_addn(s, w, strlen(w)); }

static void words_release(struct words *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->w[i]);
    free(s->w);
    s->w = NULL;
    s->n = 0;
}

/* Appends to out, one a line, the words of a not in b. */
static void words_minus(const struct words *a, const struct words *b, struct strbuf *out)
{
    for (size_t i = 0; i < a->n; i++)
        if (!words_has(b, a->w[i]))
            strbuf_addf(out, "    %s\n", a->w[i]);
}

/* A spec key's shape: lower-case words of letters, digits and '_' joined by '.'. */
static bool key_shaped(const char *s, size_t len)
{
    if (!len || !islower((unsigned char)s[0]) || s[len - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(islower(c) || isdigit(c) || c == '_' || (c == '.' && s[i + 1] != '.')))
            return false;
    }
    return true;
}

/* ------------------------------------------------------------ the section types */

static const char *const TYPES[] = {"evaluation", "survey",   "trend",       "compare",
                                    "incidents",  "intermittent", "activity", "describe",
                                    "alternative", "criterion"};
#define N_TYPES (sizeof(TYPES) / sizeof(TYPES[0]))

/* The type a heading names ("[survey ID] ...", "`[evaluation]` ..."): its index, or -1. */
static int heading_type(const char *line)
{
    const char *b = strchr(line, '[');
    if (!b)
        return -1;
    b++;
    size_t n = 0;
    while (islower((unsigned char)b[n]))
        n++;
    for (size_t t = 0; t < N_TYPES; t++)
        if (strlen(TYPES[t]) == n && !strncmp(TYPES[t], b, n))
            return (int)t;
    return -1;
}

/* ------------------------------------------------------------ trygg-analysis(5) */

/* The bold words of a man(7) macro line (.B: every argument; .BR/.BI: the 1st, 3rd,
 * ...; .RB/.IB: the 2nd, 4th, ...), "\-" read as "-": each key-shaped word to out. */
static void bold_keys(const char *line, struct words *out)
{
    int first;
    if (!strncmp(line, ".B ", 3))
        first = -1;
    else if (!strncmp(line, ".BR ", 4) || !strncmp(line, ".BI ", 4))
        first = 0;
    else if (!strncmp(line, ".RB ", 4) || !strncmp(line, ".IB ", 4))
        first = 1;
    else
        return;
    const char *p = strchr(line, ' ');
    for (int arg = 0;; arg++) {
        while (*p == ' ')
            p++;
        if (!*p || *p == '\n')
            break;
        struct strbuf a = STRBUF_INIT;
        bool quoted = *p == '"';
        if (quoted)
            p++;
        for (; *p && *p != '\n' && (quoted ? *p != '"' : *p != ' '); p++) {
            if (p[0] == '\\' && p[1] == '-') {
                strbuf_addch(&a, '-');
                p++;
            } else {
                strbuf_addch(&a, *p);
            }
        }
        if (quoted && *p == '"')
            p++;
        if (first < 0 || arg % 2 == first) {
            /* a bold argument may hold several words ("area = *") */
            for (size_t i = 0; i < a.len;) {
                size_t n = strcspn(a.buf + i, " ");
                if (key_shaped(a.buf + i, n))
                    words_addn(out, a.buf + i, n);
                i += n + (i + n < a.len);
            }
        }
        strbuf_release(&a);
    }
}

/* The keys trygg-analysis(5) documents per section type: the bold words of each .TP
 * tag under a ".SS [type ...]" heading. */
static void man_keys(struct words keys[N_TYPES])
{
    char *text = slurp("man/trygg-analysis.5", NULL);
    assert_non_null(text);
    int type = -1;
    bool tag = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, ".SH", 3)) {
            type = -1;
        } else if (!strncmp(line, ".SS", 3)) {
            type = heading_type(line);
        } else if (!strncmp(line, ".TP", 3)) {
            tag = true;
            continue;
        } else if (tag && type >= 0) {
            bold_keys(line, &keys[type]);
        }
        tag = false;
    }
    free(text);
}

/* ------------------------------------------------------------ docs/analysis.md */

/* The backquoted key-shaped words of a Markdown table cell. */
static void cell_keys(const char *cell, size_t len, struct words *out)
{
    const char *end = cell + len;
    for (const char *p = cell; p < end; p++) {
        if (*p != '`')
            continue;
        const char *q = memchr(p + 1, '`', (size_t)(end - p - 1));
        if (!q)
            break;
        if (key_shaped(p + 1, (size_t)(q - p - 1)))
            words_addn(out, p + 1, (size_t)(q - p - 1));
        p = q;
    }
}

/* The keys docs/analysis.md documents per section type: the first column of each
 * "| key | ..." table under a heading that names the section. */
static void md_keys(struct words keys[N_TYPES])
{
    char *text = slurp("docs/analysis.md", NULL);
    assert_non_null(text);
    int type = -1;
    bool in_table = false;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#') {
            type = heading_type(line);
            in_table = false;
        } else if (!strncmp(line, "| key |", 7)) {
            in_table = true;
        } else if (line[0] != '|') {
            in_table = false;
        } else if (in_table && type >= 0) {
            const char *end = strchr(line + 1, '|');
            if (end)
                cell_keys(line + 1, (size_t)(end - line - 1), &keys[type]);
        }
    }
    free(text);
}

/* ------------------------------------------------------------ what the parser accepts */

static char *g_dir;

static int setup(void **state)
{
    (void)state;
    g_dir = make_temp_dir("docstruth");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(g_dir);
    free(g_dir);
    return 0;
}

/* Whether spec.c reads `key` in a section of type TYPES[t]: a section holding that key
 * alone is loaded and must not say "unknown key 'key'" (it says other things: the
 * section lacks what it needs, the value "1" is no area in a database). */
static bool accepts(size_t t, const char *key)
{
    struct strbuf text = STRBUF_INIT, path = STRBUF_INIT, unknown = STRBUF_INIT;
    if (!strcmp(TYPES[t], "evaluation"))
        strbuf_addf(&text, "[evaluation]\n%s = 1\n", key);
    else
        strbuf_addf(&text, "[%s x]\n%s = 1\n", TYPES[t], key);
    strbuf_addf(&path, "%s/spec.ini", g_dir);
    write_file(path.buf, text.buf, text.len);
    strbuf_addf(&unknown, "unknown key '%s'", key);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct spec *sp = spec_load(path.buf, &dl);
    bool known = true, loaded = false;
    for (size_t i = 0; i < dl.n; i++) {
        struct strbuf m = STRBUF_INIT;
        diag_format(&dl.items[i], &m);
        known &= !strstr(m.buf, unknown.buf);
        strbuf_release(&m);
    }
    loaded = dl.n > 0 || sp; /* the file was read: no I/O error hides the answer */
    assert_true(loaded);
    spec_free(sp);
    diag_list_release(&dl);
    strbuf_release(&text);
    strbuf_release(&path);
    strbuf_release(&unknown);
    return known;
}

/* Every key-shaped string literal of spec.c: the keys it reads are among them. */
static void source_literals(struct words *out)
{
    char *text = slurp("src/lib/eval/spec.c", NULL);
    assert_non_null(text);
    for (char *p = text; (p = strchr(p, '"')) != NULL;) {
        char *q = strchr(p + 1, '"');
        if (!q)
            break;
        if (key_shaped(p + 1, (size_t)(q - p - 1)))
            words_addn(out, p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
    free(text);
}

static void spec_keys_are_documented(void **state)
{
    (void)state;
    struct words man[N_TYPES] = {{0}}, md[N_TYPES] = {{0}}, tried = {0};
    man_keys(man);
    md_keys(md);
    source_literals(&tried);
    for (size_t t = 0; t < N_TYPES; t++) {
        for (size_t i = 0; i < man[t].n; i++)
            words_add(&tried, man[t].w[i]);
        for (size_t i = 0; i < md[t].n; i++)
            words_add(&tried, md[t].w[i]);
    }
    /* the test's own reading: enough keys found, and a word spec.c never reads refused */
    assert_true(tried.n > 60);
    assert_false(accepts(4, "no_such_key"));
    assert_true(accepts(4, "category"));

    struct strbuf bad = STRBUF_INIT;
    for (size_t t = 0; t < N_TYPES; t++) {
        struct words accepted = {0};
        for (size_t i = 0; i < tried.n; i++)
            if (accepts(t, tried.w[i]))
                words_add(&accepted, tried.w[i]);
        struct strbuf d = STRBUF_INIT;
        words_minus(&accepted, &man[t], &d);
        if (d.len)
            strbuf_addf(&bad, "[%s]: accepted but not in trygg-analysis(5):\n%s", TYPES[t],
                        d.buf);
        strbuf_reset(&d);
        words_minus(&man[t], &accepted, &d);
        if (d.len)
            strbuf_addf(&bad, "[%s]: in trygg-analysis(5) but refused as unknown:\n%s",
                        TYPES[t], d.buf);
        strbuf_reset(&d);
        words_minus(&accepted, &md[t], &d);
        if (d.len)
            strbuf_addf(&bad, "[%s]: accepted but not in docs/analysis.md:\n%s", TYPES[t],
                        d.buf);
        strbuf_reset(&d);
        words_minus(&md[t], &accepted, &d);
        if (d.len)
            strbuf_addf(&bad, "[%s]: in docs/analysis.md but refused as unknown:\n%s", TYPES[t],
                        d.buf);
        strbuf_release(&d);
        if (!accepted.n)
            strbuf_addf(&bad, "[%s]: no key accepted (the probe is broken)\n", TYPES[t]);
        words_release(&accepted);
    }
    if (bad.len)
        fail_with("spec keys and their docs differ", bad.buf);
    strbuf_release(&bad);
    for (size_t t = 0; t < N_TYPES; t++) {
        words_release(&man[t]);
        words_release(&md[t]);
    }
    words_release(&tried);
}

/* ------------------------------------------------------------ docs/results.md */

/* The backquoted words of text outside its ``` blocks. */
static void md_code_words(const char *text, struct words *out)
{
    bool fence = false;
    const char *line = text;
    while (*line) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len >= 3 && !strncmp(line, "```", 3))
            fence = !fence;
        else if (!fence)
            for (const char *p = line; p < line + len; p++) {
                if (*p != '`')
                    continue;
                const char *q = memchr(p + 1, '`', (size_t)(line + len - p - 1));
                if (!q)
                    break;
                words_addn(out, p + 1, (size_t)(q - p - 1));
                p = q;
            }
        line += len + (eol != NULL);
    }
}

/* The first-column codes of the table under the "## Reason codes" heading. */
static void reason_table(const char *text, struct words *out)
{
    const char *h = strstr(text, "\n## Reason codes");
    assert_non_null(h);
    const char *end = strstr(h + 1, "\n## ");
    for (const char *line = strstr(h, "\n| `"); line && (!end || line < end);
         line = strstr(line + 1, "\n| `")) {
        const char *b = line + 4, *q = strchr(b, '`');
        if (q)
            words_addn(out, b, (size_t)(q - b));
    }
}

static void reason_codes_are_documented(void **state)
{
    (void)state;
    char *text = slurp("docs/results.md", NULL);
    assert_non_null(text);
    struct words doc = {0}, code = {0};
    reason_table(text, &doc);
    for (int r = 1; r < STAT_R_COUNT; r++)
        words_add(&code, stat_reason_name((enum stat_reason)r));
    words_add(&code, "suppressed"); /* results.c: a withheld row */
    struct strbuf d = STRBUF_INIT;
    words_minus(&code, &doc, &d);
    if (d.len)
        fail_with("reason codes results.csv can carry that docs/results.md does not list", d.buf);
    words_minus(&doc, &code, &d);
    if (d.len)
        fail_with("reason codes docs/results.md lists that no code has", d.buf);
    strbuf_release(&d);
    words_release(&doc);
    words_release(&code);
    free(text);
}

/* One field of a CSV line at *p (RFC 4180 quoting), into f; moves *p past its comma. */
static void csv_field(const char **p, struct strbuf *f)
{
    strbuf_reset(f);
    const char *s = *p;
    if (*s == '"') {
        for (s++; *s; s++) {
            if (*s == '"' && s[1] == '"') {
                strbuf_addch(f, '"');
                s++;
            } else if (*s == '"') {
                s++;
                break;
            } else {
                strbuf_addch(f, *s);
            }
        }
    } else {
        for (; *s && *s != ',' && *s != '\n'; s++)
            strbuf_addch(f, *s);
    }
    if (*s == ',')
        s++;
    *p = s;
}

/* The method (column 5), term (6) and reason (19) of every row of a results.csv. */
static void golden_vocabulary(const char *path, struct words *methods, struct words *terms,
                              struct words *reasons)
{
    char *text = slurp(path, NULL);
    assert_non_null(text);
    const char *p = strchr(text, '\n'); /* past the header */
    assert_non_null(p);
    struct strbuf f = STRBUF_INIT;
    for (p++; *p;) {
        for (int col = 1; col <= 19; col++) {
            csv_field(&p, &f);
            if (col == 5)
                words_add(methods, f.buf);
            else if (col == 6)
                words_add(terms, f.buf);
            else if (col == 19 && f.len)
                words_add(reasons, f.buf);
        }
        while (*p && *p != '\n')
            p++;
        if (*p)
            p++;
    }
    strbuf_release(&f);
    free(text);
}

/* A term written as one of a numbered series ("lag1" ... "lag12"), which the docs name
 * by its first and last. */
static bool numbered_series(const struct words *doc, const char *term)
{
    size_t n = strcspn(term, "0123456789");
    if (!n || !term[n] || strspn(term + n, "0123456789") != strlen(term + n))
        return false;
    char first[64];
    snprintf(first, sizeof(first), "%.*s1", (int)n, term);
    return words_has(doc, first);
}

static void golden_vocabulary_is_documented(void **state)
{
    (void)state;
    static const char *const goldens[] = {"tests/golden/trygghetscoach.results.csv",
                                          "tests/golden/fritidsgard.results.csv",
                                          "tests/golden/trygghetsundersokning.results.csv"};
    char *text = slurp("docs/results.md", NULL);
    assert_non_null(text);
    struct words doc = {0}, methods = {0}, terms = {0}, reasons = {0};
    md_code_words(text, &doc);
    for (size_t i = 0; i < sizeof(goldens) / sizeof(goldens[0]); i++)
        golden_vocabulary(goldens[i], &methods, &terms, &reasons);
    assert_true(methods.n > 20); /* the reading found the columns */
    struct strbuf bad = STRBUF_INIT, d = STRBUF_INIT;
    words_minus(&methods, &doc, &d);
    if (d.len)
        strbuf_addf(&bad, "methods:\n%s", d.buf);
    strbuf_reset(&d);
    for (size_t i = 0; i < terms.n; i++)
        if (!words_has(&doc, terms.w[i]) && !numbered_series(&doc, terms.w[i]))
            strbuf_addf(&d, "    %s\n", terms.w[i]);
    if (d.len)
        strbuf_addf(&bad, "terms:\n%s", d.buf);
    strbuf_reset(&d);
    words_minus(&reasons, &doc, &d);
    if (d.len)
        strbuf_addf(&bad, "reasons:\n%s", d.buf);
    if (bad.len)
        fail_with("results.csv of the bundled evaluations has what docs/results.md does not name",
                  bad.buf);
    strbuf_release(&bad);
    strbuf_release(&d);
    words_release(&doc);
    words_release(&methods);
    words_release(&terms);
    words_release(&reasons);
    free(text);
}

/* Every string literal of the evaluation code (src/lib/eval/ *.c). */
static void eval_literals(struct words *out)
{
    DIR *dir = opendir("src/lib/eval");
    assert_non_null(dir);
    for (struct dirent *de; (de = readdir(dir)) != NULL;) {
        size_t n = strlen(de->d_name);
        if (n < 3 || strcmp(de->d_name + n - 2, ".c"))
            continue;
        struct strbuf name = STRBUF_INIT;
        strbuf_addf(&name, "src/lib/eval/%s", de->d_name);
        char *text = slurp(name.buf, NULL);
        strbuf_release(&name);
        assert_non_null(text);
        for (char *p = text; (p = strchr(p, '"')) != NULL;) {
            char *q = strchr(p + 1, '"');
            if (!q)
                break;
            words_addn(out, p + 1, (size_t)(q - p - 1));
            p = q + 1;
        }
        free(text);
    }
    closedir(dir);
}

/* The first-column words of every "| method | term |" table of docs/results.md. */
static void documented_methods(const char *text, struct words *out)
{
    bool in_table = false;
    for (const char *line = text; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (!strncmp(line, "| method | term |", 17))
            in_table = true;
        else if (line[0] != '|')
            in_table = false;
        else if (in_table && strncmp(line, "| ---", 5)) {
            const char *end = memchr(line + 1, '|', len - 1);
            struct words cell = {0};
            if (end)
                cell_keys(line + 1, (size_t)(end - line - 1), &cell);
            for (size_t i = 0; i < cell.n; i++)
                words_add(out, cell.w[i]);
            words_release(&cell);
        }
        line = eol ? eol + 1 : NULL;
    }
}

static void documented_methods_exist(void **state)
{
    (void)state;
    char *text = slurp("docs/results.md", NULL);
    assert_non_null(text);
    struct words methods = {0}, literals = {0};
    documented_methods(text, &methods);
    eval_literals(&literals);
    assert_true(methods.n > 20);
    struct strbuf d = STRBUF_INIT;
    words_minus(&methods, &literals, &d);
    if (d.len)
        fail_with("methods docs/results.md lists that src/lib/eval/ never writes", d.buf);
    strbuf_release(&d);
    words_release(&methods);
    words_release(&literals);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_keys_are_documented),
        cmocka_unit_test(reason_codes_are_documented),
        cmocka_unit_test(golden_vocabulary_is_documented),
        cmocka_unit_test(documented_methods_exist),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
