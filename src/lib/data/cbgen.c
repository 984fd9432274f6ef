/*
 * cbgen — see cbgen.h.
 */
#include "data/cbgen.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "data/codebook.h"
#include "util/num.h"
#include "util/text.h"
#include "util/xalloc.h"

enum role { ROLE_NONE, ROLE_RESPONDENT, ROLE_WAVE, ROLE_WEIGHT, ROLE_AREA, ROLE_STRATUM,
            ROLE_CLUSTER, ROLE_COUNT };

static const char *const ROLE_KEY[ROLE_COUNT] = {NULL,   "respondent", "wave",   "weight",
                                                 "area", "stratum",    "cluster"};

/* Usual names, compared without case (and Swedish letters folded). */
static const char *const *const ROLE_NAMES[ROLE_COUNT] = {
    NULL,
    (const char *const[]){"lopnr", "löpnr", "lnr", "id", "idnr", "respid", "resp_id",
                          "respondent", "respondentid", "respondent_id", "serial", "caseid",
                          "case_id", NULL},
    (const char *const[]){"ar", "år", "year", "wave", "vag", "våg", "undersokningsar",
                          "undersökningsår", NULL},
    (const char *const[]){"vikt", "weight", "wgt", "weight_final", "kalibreringsvikt",
                          "uppraknvikt", "uppräkningsvikt", "uppraekningsvikt", NULL},
    (const char *const[]){"omrade", "område", "area", "delomrade", "delområde", "stadsdel",
                          "region", NULL},
    (const char *const[]){"stratum", "strata", "strat", NULL},
    (const char *const[]){"kluster", "cluster", "psu", NULL},
};

static const char *const BACKGROUND_PREFIXES[] = {"kon", "kön", "sex", "gender", "alder",
                                                  "ålder", "age", "aldgr", "svarssatt",
                                                  "svarssätt", "mode", "utbildning",
                                                  "education", "fodelseland", "födelseland",
                                                  NULL};

static bool name_is(const char *name, const char *want)
{
    return text_equal_fold(name, strlen(name), want, strlen(want));
}

static bool name_starts(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(name) >= n && text_equal_fold(name, n, prefix, n);
}

static enum role guess_role(const char *name)
{
    for (int r = 1; r < ROLE_COUNT; r++)
        for (const char *const *n = ROLE_NAMES[r]; *n; n++)
            if (name_is(name, *n))
                return (enum role)r;
    return ROLE_NONE;
}

static bool is_background(const char *name)
{
    for (const char *const *p = BACKGROUND_PREFIXES; *p; p++)
        if (name_starts(name, *p))
            return true;
    return false;
}

/* A label as an INI value: one line, no " ;" (a comment start), no '|' (the
 * Swedish/English separator), no surrounding blanks, at most `max` bytes (cut at a
 * character with "…": the draft must be a codebook trygg reads, codebook.h's limits;
 * a Stata label may hold 32,000 bytes). */
static void add_label_max(struct strbuf *out, const char *s, size_t max)
{
    size_t start = out->len;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (out->len - start + 4 + 3 > max && (c & 0xC0) != 0x80) { /* a character, "…" */
            strbuf_addstr(out, "\xE2\x80\xA6"); /* … */
            return;
        }
        if (c < 0x20 || c == 0x7f)
            c = ' ';
        else if (c == '|')
            c = '/';
        else if (c == ';')
            c = ',';
        if (c == ' ' && (out->len == start || out->buf[out->len - 1] == ' '))
            continue;
        strbuf_addch(out, (char)c);
    }
    while (out->len > start && out->buf[out->len - 1] == ' ')
        strbuf_setlen(out, out->len - 1);
}

static void add_label(struct strbuf *out, const char *s)
{
    add_label_max(out, s, CODEBOOK_MAX_TEXT_BYTES);
}

/* An identifier for a section: the name if it is letters, digits, '_', '-' (ASCII),
 * else a cleaned copy. */
static char *section_id(const char *name, bool *changed)
{
    size_t n = strlen(name);
    char *id = xmalloc(n + 2);
    size_t k = 0;
    *changed = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (isalnum(c) || c == '_' || c == '-') {
            id[k++] = (char)c;
        } else {
            *changed = true;
            if (c < 0x80 || c >= 0xc0) /* one '_' per character, not per byte */
                id[k++] = '_';
        }
    }
    if (!k) {
        id[k++] = 'v';
        *changed = true;
    }
    id[k] = '\0';
    return id;
}

static bool in_missing(const struct statfile_var *v, double x)
{
    for (size_t i = 0; i < v->n_missing; i++)
        if (x >= v->missing_lo[i] && x <= v->missing_hi[i])
            return true;
    return false;
}

static bool is_code(double x)
{
    return x == floor(x) && x >= CODEBOOK_CODE_MIN && x <= CODEBOOK_CODE_MAX;
}

struct code_line {
    int code;
    bool missing;
    const char *label; /* NULL: none in the file */
};

static int cmp_code(const void *a, const void *b)
{
    const struct code_line *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

/* Collects the codes of a variable: its labelled values and its discrete user-missing
 * values (and small ranges).  Returns the number of valid (non-missing) codes. */
static size_t collect_codes(const struct statfile_meta *m, const struct statfile_var *v,
                            struct code_line **out, size_t *n_out, size_t *skipped,
                            size_t *over)
{
    *over = 0;
    const struct statfile_label_set *set = statfile_var_labels(m, v);
    size_t n = 0, alloc = 0, valid = 0;
    struct code_line *codes = NULL;
    *skipped = 0;
    for (size_t i = 0; set && i < set->n; i++) {
        double x = set->labels[i].value;
        if (!is_code(x)) {
            (*skipped)++;
            continue;
        }
        codes = xgrow(codes, sizeof(*codes), n + 1, &alloc);
        codes[n].code = (int)x;
        codes[n].missing = in_missing(v, x);
        codes[n].label = set->labels[i].label;
        valid += !codes[n].missing;
        n++;
    }
    for (size_t r = 0; r < v->n_missing; r++) {
        double lo = v->missing_lo[r], hi = v->missing_hi[r];
        if (!is_code(lo) || !is_code(hi) || hi - lo > 20)
            continue;
        for (int c = (int)lo; c <= (int)hi; c++) {
            bool have = false;
            for (size_t i = 0; i < n && !have; i++)
                have = codes[i].code == c;
            if (have)
                continue;
            codes = xgrow(codes, sizeof(*codes), n + 1, &alloc);
            codes[n++] = (struct code_line){c, true, NULL};
        }
    }
    if (n)
        qsort(codes, n, sizeof(*codes), cmp_code);
    if (n > CODEBOOK_MAX_VALUES) { /* the most a codebook holds (codebook.h) */
        *over = n - CODEBOOK_MAX_VALUES;
        n = CODEBOOK_MAX_VALUES;
        valid = 0;
        for (size_t i = 0; i < n; i++)
            valid += !codes[i].missing;
    }
    *out = codes;
    *n_out = n;
    return valid;
}

/* Writes `value.CODE = label` / `missing.CODE = label` lines, labels unique. */
static void write_codes(struct strbuf *out, const struct code_line *codes, size_t n)
{
    struct strbuf lab = STRBUF_INIT;
    char **seen = xcalloc(n ? n : 1, sizeof(*seen));
    for (size_t i = 0; i < n; i++) {
        strbuf_reset(&lab);
        if (codes[i].label) /* room for the " (CODE)" that makes it unique */
            add_label_max(&lab, codes[i].label, CODEBOOK_MAX_LABEL_BYTES - 16);
        if (!lab.len)
            strbuf_addf(&lab, "%s %d", codes[i].missing ? "Saknas" : "Kod", codes[i].code);
        for (size_t k = 0; k < i; k++)
            if (seen[k] && text_equal_fold(seen[k], strlen(seen[k]), lab.buf, lab.len)) {
                strbuf_addf(&lab, " (%d)", codes[i].code);
                break;
            }
        seen[i] = xstrdup(lab.buf);
        strbuf_addf(out, "%s.%d = %s\n", codes[i].missing ? "missing" : "value", codes[i].code,
                    lab.buf);
    }
    for (size_t i = 0; i < n; i++)
        free(seen[i]);
    free(seen);
    strbuf_release(&lab);
}

struct scan {
    const struct statfile_meta *m;
    struct cbgen_values *vals;
    bool header_seen;
};

static int scan_row(void *ctx, const struct csv_record *rec)
{
    struct scan *sc = ctx;
    if (!sc->header_seen) {
        sc->header_seen = true;
        return 0;
    }
    for (size_t i = 0; i < rec->n_fields && i < sc->m->n_vars; i++) {
        const struct statfile_var *v = &sc->m->vars[i];
        struct cbgen_values *cv = &sc->vals[i];
        double x;
        if (v->is_string || num_parse_double(rec->fields[i], rec->lens[i], &x) != NUM_OK ||
            !isfinite(x) || in_missing(v, x))
            continue;
        bool first = cv->n_distinct == 0;
        if (first || x < cv->min)
            cv->min = x;
        if (first || x > cv->max)
            cv->max = x;
        cv->fractional |= x != floor(x);
        bool known = false;
        for (size_t k = 0; k < cv->n_distinct && !known; k++)
            known = cv->distinct[k] == x;
        if (!known && cv->n_distinct < CBGEN_MANY)
            cv->distinct[cv->n_distinct++] = x;
    }
    return 0;
}

int cbgen_scan(const char *path, const struct statfile_meta *meta, struct cbgen_values **out,
               struct diag_list *dl)
{
    struct scan sc = {meta, xcalloc(meta->n_vars ? meta->n_vars : 1, sizeof(*sc.vals)), false};
    int rc = statfile_read(path, meta->format, scan_row, &sc, NULL, dl);
    if (rc != 0) {
        free(sc.vals);
        *out = NULL;
        return -1;
    }
    *out = sc.vals;
    return 0;
}

/* A number variable rather than codes: many distinct numbers in the data, and value
 * labels (if any) for only a few of them. */
static bool looks_numeric(const struct cbgen_values *cv, size_t labelled)
{
    return cv && cv->n_distinct >= CBGEN_MANY && labelled * 4 < cv->n_distinct;
}

static void write_number(struct strbuf *out, const struct cbgen_values *cv,
                         const struct code_line *codes, size_t n)
{
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    strbuf_addf(out, "type = number   ; TODO: %d different numbers or more in the data, not "
                     "codes\n",
                CBGEN_MANY);
    strbuf_addf(out, "min = %s   ; TODO: the smallest seen in the data; the lowest possible "
                     "answer\n",
                num_format(cv->min, a));
    strbuf_addf(out, "max = %s   ; TODO: the largest seen in the data; the highest possible "
                     "answer\n",
                num_format(cv->max, b));
    if (!cv->fractional)
        strbuf_addstr(out, "decimals = no\n");
    /* only the missing codes that lie outside the range: one inside would be refused */
    struct code_line *miss = xmalloc((n ? n : 1) * sizeof(*miss));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (codes[i].missing && (codes[i].code < cv->min || codes[i].code > cv->max))
            miss[k++] = codes[i];
    write_codes(out, miss, k);
    free(miss);
    strbuf_addstr(out, "; TODO: bands = LO-HI, LO-HI, ...   (groups for breakdowns, e.g. "
                       "16-29, 30-49, 50-64, 65-84)\n");
}

void cbgen_write(const struct statfile_meta *m, const char *source_name,
                 const struct cbgen_values *vals, struct strbuf *out)
{
    const char *base = strrchr(source_name, '/');
    base = base ? base + 1 : source_name;
    char *stem = xstrdup(base);
    char *dot = strrchr(stem, '.');
    if (dot && dot != stem)
        *dot = '\0';
    bool changed;
    char *survey_id = section_id(stem, &changed);
    for (char *p = survey_id; *p; p++)
        *p = (char)tolower((unsigned char)*p);

    /* the columns: the first variable with a usual name for each role */
    long role_var[ROLE_COUNT];
    for (int r = 0; r < ROLE_COUNT; r++)
        role_var[r] = -1;
    for (size_t i = 0; i < m->n_vars; i++) {
        enum role r = guess_role(m->vars[i].name);
        if (r != ROLE_NONE && role_var[r] < 0)
            role_var[r] = (long)i;
    }
    bool respondent_guessed = role_var[ROLE_RESPONDENT] < 0 && m->n_vars > 0;
    if (respondent_guessed)
        role_var[ROLE_RESPONDENT] = 0;

    strbuf_addf(out,
                "; Codebook drafted by `trygg codebook from-sav %s` from the file's variable\n"
                "; labels, value labels and user-missing codes.  Review it before importing:\n"
                "; every line marked TODO is a guess, and an indicator (the codes that count\n"
                "; as unsafe or a problem) is for you to choose.  Format: docs/formats.md.\n",
                base);
    strbuf_addstr(out, "\n[survey]\n");
    strbuf_addf(out, "id = %s\n", survey_id);
    strbuf_addstr(out, "title.sv = ");
    if (m->file_label)
        add_label(out, m->file_label);
    else
        add_label(out, stem);
    strbuf_addstr(out, "\n; TODO: title.en = …\n");

    strbuf_addstr(out, "\n[columns]\n");
    for (int r = ROLE_RESPONDENT; r < ROLE_COUNT; r++) {
        if (role_var[r] >= 0) {
            strbuf_addf(out, "%s = %s", ROLE_KEY[r], m->vars[role_var[r]].name);
            if (r == ROLE_RESPONDENT && respondent_guessed)
                strbuf_addstr(out, "   ; TODO: no usual id name (LOPNR, ID, …): the first "
                                   "variable; check it is unique per respondent");
            strbuf_addch(out, '\n');
        } else if (r == ROLE_WAVE) {
            int year = 0;
            if (m->created > 0) {
                struct tm tm;
                time_t t = m->created;
                if (gmtime_r(&t, &tm))
                    year = tm.tm_year + 1900;
            }
            if (year)
                strbuf_addf(out, "wave.fixed = %d   ; TODO: the year the file was written; set "
                                 "the survey's wave (or wave = COLUMN)\n",
                            year);
            else
                strbuf_addstr(out, "wave.fixed = TODO   ; the survey's wave, e.g. 2019 (or "
                                   "wave = COLUMN)\n");
        } else {
            strbuf_addf(out, "; %s = COLUMN   ; TODO if the file has one\n", ROLE_KEY[r]);
        }
    }

    /* the area section, from the area variable's value labels */
    if (role_var[ROLE_AREA] >= 0) {
        const struct statfile_var *v = &m->vars[role_var[ROLE_AREA]];
        struct code_line *codes;
        size_t n, skipped, over;
        collect_codes(m, v, &codes, &n, &skipped, &over);
        bool any = false;
        for (size_t i = 0; i < n; i++)
            any |= !codes[i].missing && codes[i].label;
        if (any) {
            strbuf_addstr(out, "\n[area]\n");
            for (size_t i = 0; i < n; i++)
                if (!codes[i].missing && codes[i].label) {
                    strbuf_addf(out, "value.%d = ", codes[i].code);
                    add_label_max(out, codes[i].label, CODEBOOK_MAX_AREA_BYTES);
                    strbuf_addch(out, '\n');
                }
            if (over)
                strbuf_addf(out, "; TODO: %zu more labelled codes left out (a codebook holds "
                                 "at most %d per variable)\n",
                            over, CODEBOOK_MAX_VALUES);
        }
        free(codes);
    }

    struct strbuf notes = STRBUF_INIT;
    for (size_t i = 0; i < m->n_vars; i++) {
        bool role = false;
        for (int r = 1; r < ROLE_COUNT; r++)
            role |= role_var[r] == (long)i;
        if (role)
            continue;
        const struct statfile_var *v = &m->vars[i];
        if (v->is_string) {
            strbuf_addf(&notes, "; %s: text, not imported\n", v->name);
            continue;
        }
        struct code_line *codes;
        size_t n, skipped, over;
        size_t valid = collect_codes(m, v, &codes, &n, &skipped, &over);
        if (looks_numeric(vals ? &vals[i] : NULL, valid)) {
            char *id = section_id(v->name, &changed);
            strbuf_addf(out, "\n[%s %s]\n", is_background(v->name) ? "background" : "question",
                        id);
            if (changed)
                strbuf_addf(out, "column = %s\n", v->name);
            strbuf_addstr(out, "text.sv = ");
            add_label(out, v->label ? v->label : v->name);
            strbuf_addch(out, '\n');
            write_number(out, &vals[i], codes, n);
            free(id);
            free(codes);
            continue;
        }
        if (!valid) {
            strbuf_addf(&notes, "; %s", v->name);
            if (v->label) {
                strbuf_addstr(&notes, " (");
                add_label(&notes, v->label);
                strbuf_addch(&notes, ')');
            }
            strbuf_addstr(&notes, ": no value labels; to use it, add a section with its codes "
                                  "(value.CODE = label)\n");
            free(codes);
            continue;
        }
        char *id = section_id(v->name, &changed);
        strbuf_addf(out, "\n[%s %s]\n", is_background(v->name) ? "background" : "question", id);
        if (changed)
            strbuf_addf(out, "column = %s\n", v->name);
        strbuf_addstr(out, "text.sv = ");
        add_label(out, v->label ? v->label : v->name);
        strbuf_addch(out, '\n');
        write_codes(out, codes, n);
        if (over)
            strbuf_addf(out, "; TODO: %zu more labelled codes left out (a codebook holds at "
                             "most %d per variable): a number variable (type = number)?\n",
                        over, CODEBOOK_MAX_VALUES);
        if (skipped)
            strbuf_addf(out, "; %zu value label%s not whole-number codes left out\n", skipped,
                        skipped == 1 ? "" : "s");
        if (!is_background(v->name))
            strbuf_addstr(out, "; TODO: indicator = CODES   (the codes that count as unsafe or "
                               "a problem)\n");
        free(id);
        free(codes);
    }
    if (notes.len) {
        strbuf_addstr(out, "\n; Not in this codebook (review):\n");
        strbuf_add(out, notes.buf, notes.len);
    }
    strbuf_release(&notes);
    free(stem);
    free(survey_id);
}
