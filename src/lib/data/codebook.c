/*
 * codebook — see codebook.h and docs/formats.md.
 *
 * libinih does the INI syntax.  It does not give the handler line numbers in Debian's
 * build, so we feed it through our own line reader (ini_parse_stream), which counts
 * lines and also notes every [section] header: inih reports keys, not headers, and we
 * need headers to find duplicate and empty sections.  Keys are checked as they come;
 * whatever depends on several keys (indicator codes must be valid codes, `empty` must
 * be a missing code, ...) is checked once the whole file is read.
 */
#include "data/codebook.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/date.h"
#include "util/io.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/text.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_INI_LINE (1 << 20)

/* ------------------------------------------------------------------ helpers */

/* Blanks, and the no-break spaces that cells pasted from Excel carry. */
static void trim_span(const char **s, size_t *len)
{
    text_trim_blank(s, len);
}

bool label_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    return text_equal_fold(a, alen, b, blen);
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return false;
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    static const char *yes[] = {"yes", "true", "1", "ja", "on"};
    static const char *no[] = {"no", "false", "0", "nej", "off"};
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
        if (!strcasecmp(s, yes[i])) {
            *out = true;
            return true;
        }
    for (size_t i = 0; i < ARRAY_SIZE(no); i++)
        if (!strcasecmp(s, no[i])) {
            *out = false;
            return true;
        }
    return false;
}

static bool parse_code(const char *s, size_t len, int *out)
{
    int64_t v;
    if (num_parse_int64(s, len, &v) != NUM_OK || v < CODEBOOK_CODE_MIN || v > CODEBOOK_CODE_MAX)
        return false;
    *out = (int)v;
    return true;
}

/* A trimmed copy of s[0..len). */
static char *trimmed(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    return xstrndup(s, len);
}

/* "3, 4, 5 if T01B = 1|2": the terms of a harmonised indicator; false on a syntax
 * error.  The codes and the variable are checked when the whole file is read. */
static bool parse_harm_terms(struct cb_variable *v, const char *value)
{
    for (size_t i = 0; i < v->n_hterms; i++) {
        free(v->hterms[i].cond_var);
        free(v->hterms[i].cond_codes);
    }
    free(v->hterms);
    v->hterms = NULL;
    v->n_hterms = 0;
    const char *q = value;
    for (;;) {
        const char *end = strchr(q, ',');
        size_t len = end ? (size_t)(end - q) : strlen(q);
        char *item = trimmed(q, len);
        v->hterms = xrealloc(v->hterms, (v->n_hterms + 1) * sizeof(*v->hterms));
        struct cb_harm_term *t = &v->hterms[v->n_hterms++];
        memset(t, 0, sizeof(*t));
        char *cond = strstr(item, " if ");
        bool ok;
        if (!cond) {
            ok = parse_code(item, strlen(item), &t->code);
        } else {
            char *code = trimmed(item, (size_t)(cond - item));
            ok = parse_code(code, strlen(code), &t->code);
            free(code);
            const char *rest = cond + 4;
            const char *eq = strchr(rest, '=');
            if (ok && eq) {
                t->cond_var = trimmed(rest, (size_t)(eq - rest));
                ok = valid_id(t->cond_var);
                const char *c = eq + 1;
                while (ok) {
                    const char *bar = strchr(c, '|');
                    size_t cl = bar ? (size_t)(bar - c) : strlen(c);
                    char *cs = trimmed(c, cl);
                    int cc;
                    ok = parse_code(cs, strlen(cs), &cc);
                    free(cs);
                    if (!ok)
                        break;
                    t->cond_codes = xrealloc(t->cond_codes, (t->n_cond + 1) * sizeof(int));
                    t->cond_codes[t->n_cond++] = cc;
                    if (!bar)
                        break;
                    c = bar + 1;
                }
            } else {
                ok = false;
            }
        }
        free(item);
        if (!ok)
            return false;
        if (!end)
            return true;
        q = end + 1;
    }
}

/* "3, 4", "1-4", "1,2, 5-7": appends codes; false on a syntax error. */
static bool parse_code_list(const char *s, int **codes, size_t *n, size_t *alloc)
{
    const char *p = s;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *item = p;
        trim_span(&item, &len);
        if (!len)
            return false;
        /* a range "A-B": the dash after the first character */
        const char *dash = NULL;
        for (size_t k = 1; k < len; k++)
            if (item[k] == '-') {
                dash = item + k;
                break;
            }
        int lo, hi;
        if (dash) {
            if (!parse_code(item, (size_t)(dash - item), &lo) ||
                !parse_code(dash + 1, len - (size_t)(dash - item) - 1, &hi) || hi < lo ||
                hi - lo > 10000)
                return false;
        } else {
            if (!parse_code(item, len, &lo))
                return false;
            hi = lo;
        }
        for (int c = lo; c <= hi; c++) {
            *codes = xgrow(*codes, sizeof(**codes), *n + 1, alloc);
            (*codes)[(*n)++] = c;
        }
        if (!end)
            return true;
        p = end + 1;
    }
}

/* ------------------------------------------------------------------ parse state */

struct pending_codes {
    int *codes;
    size_t n, alloc;
    long line;
    bool given;
};

struct pending_scores {
    int *codes;
    double *scores;
    size_t n, alloc, alloc2;
    long line;
    bool given;
};

struct var_state {
    struct pending_codes indicator, scale;
    struct pending_scores harmonize; /* codes and targets (as doubles) */
    struct pending_scores score;
    bool has_empty;
    int empty_code;
    long empty_line;
    long column_line; /* of `column = `, 0 when the column is the id */
    /* type = number */
    long type_line, min_line, max_line, decimals_line, bands_line;
    struct cb_band *bands;
    size_t n_bands, alloc_bands;
};

enum section_type { SEC_SURVEY, SEC_COLUMNS, SEC_AREA, SEC_VAR, SEC_POPULATION, SEC_BAD };

struct seen_key {
    char *key;
    long line;
};

struct section {
    char *name;
    enum section_type type;
    long line;          /* of the header; 0 for keys before any header */
    size_t var_index;   /* SEC_VAR */
    struct seen_key *keys;
    size_t n_keys, alloc_keys;
    bool header_dup_reported;
};

struct parse {
    struct codebook *cb;
    struct diag_list *dl;
    const char *name;
    /* line reader */
    const char *text;
    size_t len, pos;
    long line;
    bool at_line_start;
    long long_line; /* the first line longer than libinih reads, 0 = none */
    /* section headers in file order, as the reader saw them */
    struct {
        char *name;
        long line;
    } *headers;
    size_t n_headers, alloc_headers;
    struct section *sections;
    size_t n_sections, alloc_sections;
    struct var_state *vstate;
    size_t alloc_vstate, alloc_vars, alloc_areas, alloc_pops;
    long survey_line, columns_line;
    long col_line[7];  /* line of each [columns] key, in the order of handle_columns */
    bool in_dup_section; /* the keys after a repeated [section] header are skipped */
    bool stop;           /* over a limit (codebook.h): read no further */
    size_t last_section; /* index + 1 of the section the last key was in (0: none) */
    struct strmap area_names; /* folded [area] name -> index: one lookup, not a scan */
};

static void perr(struct parse *p, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void perr(struct parse *p, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(p->dl, DIAG_ERROR, p->name, line, 0, fmt, ap);
    va_end(ap);
}

/* fgets-like reader for inih that counts lines and notes [section] headers. */
static char *line_reader(char *str, int num, void *stream)
{
    struct parse *p = stream;
    if (p->pos >= p->len || num < 2 || p->stop)
        return NULL;
    size_t cap = (size_t)num - 1, n = 0;
    const char *start = p->text + p->pos;
    while (n < cap && p->pos + n < p->len) {
        char c = start[n++];
        /* "\n", "\r\n", or a lone "\r" (old Mac line ends; as data/inifile.c) */
        if (c == '\n' || (c == '\r' && (p->pos + n >= p->len || start[n] != '\n')))
            break;
    }
    memcpy(str, start, n);
    str[n] = '\0';
    if (p->at_line_start) {
        p->line++;
        if (!p->long_line && text_line_length(start, p->len - p->pos) >= MAX_INI_LINE)
            p->long_line = p->line;
        /* note a section header: optional blanks (and a BOM on line 1), then '[' */
        const char *s = start;
        size_t k = 0, avail = p->len - p->pos;
        if (p->line == 1 && utf8_has_bom(s, avail))
            k = 3;
        while (k < avail && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k < avail && s[k] == '[') {
            size_t a = k + 1, b = a;
            while (b < avail && s[b] != ']' && s[b] != '\n' && s[b] != '\r')
                b++;
            if (b < avail && s[b] == ']') {
                const char *nm = s + a;
                size_t nl = b - a;
                trim_span(&nm, &nl);
                if (p->n_headers >= CODEBOOK_MAX_SECTIONS) {
                    perr(p, p->line, "more than %d sections; the codebook is read no further "
                                     "(at most %d variables)",
                         CODEBOOK_MAX_SECTIONS, CODEBOOK_MAX_VARIABLES);
                    p->stop = true;
                    return NULL;
                }
                /* a repeated section is reported here, once, and its keys skipped:
                 * they would only repeat the message as "key given twice" */
                p->in_dup_section = false;
                for (size_t i = 0; i < p->n_headers && !p->in_dup_section; i++)
                    if (strlen(p->headers[i].name) == nl && !memcmp(p->headers[i].name, nm, nl)) {
                        perr(p, p->line, "section [%s] appears twice (first at line %ld)",
                             p->headers[i].name, p->headers[i].line);
                        p->in_dup_section = true;
                    }
                p->headers = xgrow(p->headers, sizeof(*p->headers), p->n_headers + 1,
                                   &p->alloc_headers);
                p->headers[p->n_headers].name = xstrndup(nm, nl);
                p->headers[p->n_headers].line = p->line;
                p->n_headers++;
            }
        }
    }
    p->pos += n;
    p->at_line_start = n > 0 && (start[n - 1] == '\n' || start[n - 1] == '\r');
    return str;
}

static struct section *get_section(struct parse *p, const char *name)
{
    /* the keys of a section come one after another: its header's was the last lookup */
    if (p->last_section && !strcmp(p->sections[p->last_section - 1].name, name))
        return &p->sections[p->last_section - 1];
    for (size_t i = 0; i < p->n_sections; i++)
        if (!strcmp(p->sections[i].name, name)) {
            p->last_section = i + 1;
            return &p->sections[i];
        }
    p->last_section = p->n_sections + 1;
    p->sections = xgrow(p->sections, sizeof(*p->sections), p->n_sections + 1, &p->alloc_sections);
    struct section *s = &p->sections[p->n_sections++];
    memset(s, 0, sizeof(*s));
    s->name = xstrdup(name);
    s->line = p->line;
    for (size_t i = p->n_headers; i-- > 0;)
        if (!strcmp(p->headers[i].name, name)) {
            s->line = p->headers[i].line;
            break;
        }
    struct codebook *cb = p->cb;
    if (!strcmp(name, "survey")) {
        s->type = SEC_SURVEY;
        p->survey_line = s->line;
    } else if (!strcmp(name, "columns")) {
        s->type = SEC_COLUMNS;
        p->columns_line = s->line;
    } else if (!strcmp(name, "area")) {
        s->type = SEC_AREA;
        cb->has_area_section = true;
    } else if (!strcmp(name, "population") || !strncmp(name, "population ", 11)) {
        s->type = SEC_POPULATION;
        const char *w = name + 10;
        while (*w == ' ')
            w++;
        if (name[10] && !*w) {
            perr(p, s->line, "section [%s] needs a wave label after 'population'", name);
            s->type = SEC_BAD;
        }
    } else if (!strncmp(name, "question ", 9) || !strncmp(name, "background ", 11)) {
        bool question = name[0] == 'q';
        const char *id = name + (question ? 9 : 11);
        while (*id == ' ')
            id++;
        if (!valid_id(id)) {
            perr(p, s->line,
                 "section [%s]: the id may hold only ASCII letters, digits, '_' and '-'; "
                 "a data column with another name is read with an ASCII id and a column "
                 "key (e.g. [%s V1] with column = %s)",
                 name, question ? "question" : "background", id);
            s->type = SEC_BAD;
            return s;
        }
        for (size_t i = 0; i < cb->n_vars; i++)
            if (!strcmp(cb->vars[i].id, id)) {
                perr(p, s->line, "variable '%s' is declared twice (first at line %ld)", id,
                     cb->vars[i].line);
                s->type = SEC_BAD;
                return s;
            }
        if (cb->n_vars >= CODEBOOK_MAX_VARIABLES) {
            perr(p, s->line, "more than %d variables", CODEBOOK_MAX_VARIABLES);
            s->type = SEC_BAD;
            return s;
        }
        cb->vars = xgrow(cb->vars, sizeof(*cb->vars), cb->n_vars + 1, &p->alloc_vars);
        p->vstate = xgrow(p->vstate, sizeof(*p->vstate), cb->n_vars + 1, &p->alloc_vstate);
        struct cb_variable *v = &cb->vars[cb->n_vars];
        memset(v, 0, sizeof(*v));
        memset(&p->vstate[cb->n_vars], 0, sizeof(*p->vstate));
        v->id = xstrdup(id);
        v->kind = question ? CB_QUESTION : CB_BACKGROUND;
        v->decimals = true;
        v->line = s->line;
        s->type = SEC_VAR;
        s->var_index = cb->n_vars++;
    } else {
        perr(p, s->line,
             "unknown section [%s] (expected [survey], [columns], [area], [population], "
             "[population WAVE], [question ID] or [background ID])",
             name);
        s->type = SEC_BAD;
    }
    return s;
}

static bool note_key(struct parse *p, struct section *s, const char *key)
{
    if (s->n_keys >= CODEBOOK_MAX_KEYS) {
        perr(p, p->line, "more than %d keys in [%s]; the codebook is read no further",
             CODEBOOK_MAX_KEYS, s->name);
        p->stop = true;
        return false;
    }
    for (size_t i = 0; i < s->n_keys; i++)
        if (!strcmp(s->keys[i].key, key)) {
            perr(p, p->line, "key '%s' is given twice in [%s] (first at line %ld)", key,
                 s->name, s->keys[i].line);
            return false;
        }
    s->keys = xgrow(s->keys, sizeof(*s->keys), s->n_keys + 1, &s->alloc_keys);
    s->keys[s->n_keys].key = xstrdup(key);
    s->keys[s->n_keys].line = p->line;
    s->n_keys++;
    return true;
}

static void set_str(char **dst, const char *value)
{
    free(*dst);
    *dst = xstrdup(value);
}

/* "Svensk etikett | English label" */
static bool split_label(const char *value, char **sv, char **en)
{
    const char *bar = strchr(value, '|');
    const char *a = value;
    size_t alen = bar ? (size_t)(bar - value) : strlen(value);
    trim_span(&a, &alen);
    if (!alen)
        return false;
    *sv = xstrndup(a, alen);
    *en = NULL;
    if (bar) {
        const char *b = bar + 1;
        size_t blen = strlen(b);
        trim_span(&b, &blen);
        if (blen)
            *en = xstrndup(b, blen);
    }
    return true;
}

static void handle_survey(struct parse *p, const char *key, const char *value)
{
    struct codebook *cb = p->cb;
    if (!strcmp(key, "id")) {
        if (!valid_id(value))
            perr(p, p->line, "survey id '%s' may hold only letters, digits, '_' and '-'", value);
        else
            set_str(&cb->survey_id, value);
    } else if (!strcmp(key, "title.sv"))
        set_str(&cb->title_sv, value);
    else if (!strcmp(key, "title.en"))
        set_str(&cb->title_en, value);
    else if (!strcmp(key, "version"))
        set_str(&cb->version, value);
    else if (!strcmp(key, "note"))
        set_str(&cb->note, value);
    else if (!strcmp(key, "fieldwork_end")) {
        int m = 0, d = 0;
        char tail;
        if (sscanf(value, "%2d-%2d%c", &m, &d, &tail) != 2 || strlen(value) != 5 || m < 1 ||
            m > 12 || d < 1 || d > date_days_in_month(2001, m))
            perr(p, p->line, "fieldwork_end = '%s': expected the month and day the fieldwork "
                             "of a wave is over, MM-DD (e.g. 04-30)", value);
        else {
            cb->fieldwork_month = m;
            cb->fieldwork_day = d;
        }
    } else if (!strcmp(key, "mode")) {
        if (!valid_id(value))
            perr(p, p->line, "mode = '%s': expected the id of a [background ID] variable", value);
        else {
            set_str(&cb->mode_var, value);
            cb->mode_line = p->line;
        }
    } else
        perr(p, p->line, "unknown key '%s' in [survey] (expected id, title.sv, title.en, "
                         "version, note, fieldwork_end, mode)", key);
}

static void handle_columns(struct parse *p, const char *key, const char *value)
{
    struct codebook *cb = p->cb;
    static const struct {
        const char *key;
        size_t offset;
    } cols[] = {
        {"respondent", offsetof(struct codebook, col_respondent)},
        {"wave", offsetof(struct codebook, col_wave)},
        {"wave.fixed", offsetof(struct codebook, wave_fixed)},
        {"area", offsetof(struct codebook, col_area)},
        {"weight", offsetof(struct codebook, col_weight)},
        {"stratum", offsetof(struct codebook, col_stratum)},
        {"cluster", offsetof(struct codebook, col_cluster)},
    };
    if (!strcmp(key, "extra")) {
        if (!strcmp(value, "ignore")) {
            cb->extra_is_error = false;
            cb->extra_ignore = true;
        } else if (!strcmp(value, "error"))
            cb->extra_is_error = true;
        else
            perr(p, p->line, "extra = '%s': expected 'ignore' or 'error'", value);
        return;
    }
    for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
        if (!strcmp(key, cols[i].key)) {
            if (!*value) {
                perr(p, p->line, "'%s' needs a column name", key);
                return;
            }
            set_str((char **)((char *)cb + cols[i].offset), value);
            p->col_line[i] = p->line;
            return;
        }
    perr(p, p->line, "unknown key '%s' in [columns] (expected respondent, wave, wave.fixed, "
                     "area, weight, stratum, cluster, extra)", key);
}

static void handle_area(struct parse *p, const char *key, const char *value)
{
    struct codebook *cb = p->cb;
    int code;
    if (strncmp(key, "value.", 6) || !parse_code(key + 6, strlen(key + 6), &code)) {
        perr(p, p->line, "unknown key '%s' in [area] (expected value.CODE = name)", key);
        return;
    }
    const char *name = value;
    size_t nlen = strlen(value);
    trim_span(&name, &nlen);
    if (!nlen) {
        perr(p, p->line, "area code %d needs a name", code);
        return;
    }
    if (nlen > CODEBOOK_MAX_AREA_BYTES) {
        perr(p, p->line, "the name of area code %d is %zu bytes long; at most %d", code, nlen,
             CODEBOOK_MAX_AREA_BYTES);
        return;
    }
    if (cb->n_areas >= CODEBOOK_MAX_AREAS) {
        perr(p, p->line, "more than %d areas", CODEBOOK_MAX_AREAS);
        return;
    }
    /* A number in the area column is read as a code, so a name that is a number could
     * never be written in the data: refuse it rather than read it as another code. */
    int64_t as_number;
    if (num_parse_int64(name, nlen, &as_number) == NUM_OK) {
        perr(p, p->line,
             "area name '%.*s' is a number; numbers in the data are read as area codes, so "
             "give the area a name (e.g. 'Område %.*s')",
             (int)nlen, name, (int)nlen, name);
        return;
    }
    for (size_t i = 0; i < cb->n_areas; i++)
        if (cb->areas[i].code == code) {
            perr(p, p->line, "area code %d is declared twice", code);
            return;
        }
    /* label_equal is equality after case folding (names are trimmed): one lookup of the
     * folded name instead of a comparison with every area before */
    struct strbuf folded = STRBUF_INIT;
    text_fold(&folded, name, nlen);
    int64_t seen;
    if (strmap_get(&p->area_names, folded.buf, folded.len, &seen)) {
        perr(p, p->line, "area name '%s' is used for codes %d and %d", cb->areas[seen].name,
             cb->areas[seen].code, code);
        strbuf_release(&folded);
        return;
    }
    strmap_put(&p->area_names, folded.buf, folded.len, (int64_t)cb->n_areas);
    strbuf_release(&folded);
    cb->areas = xgrow(cb->areas, sizeof(*cb->areas), cb->n_areas + 1, &p->alloc_areas);
    cb->areas[cb->n_areas].code = code;
    cb->areas[cb->n_areas].name = xstrndup(name, nlen);
    cb->n_areas++;
}

static void add_value(struct parse *p, struct cb_variable *v, int code, const char *value,
                      bool missing)
{
    if (v->n_values >= CODEBOOK_MAX_VALUES) {
        perr(p, p->line, "'%s' has more than %d codes", v->id, CODEBOOK_MAX_VALUES);
        return;
    }
    for (size_t i = 0; i < v->n_values; i++)
        if (v->values[i].code == code) {
            perr(p, p->line, "code %d of '%s' is declared twice%s", code, v->id,
                 v->values[i].missing != missing ? " (as a valid and as a missing code)" : "");
            return;
        }
    char *sv, *en;
    if (!split_label(value, &sv, &en)) {
        perr(p, p->line, "code %d of '%s' needs a label ('Svensk etikett | English label')",
             code, v->id);
        return;
    }
    v->values = xrealloc(v->values, (v->n_values + 1) * sizeof(*v->values));
    struct cb_value *cv = &v->values[v->n_values++];
    memset(cv, 0, sizeof(*cv));
    cv->code = code;
    cv->label_sv = sv;
    cv->label_en = en;
    cv->missing = missing;
}

/* A bound of a number variable: "16", "2,5", "2.5", "-9". */
static bool parse_bound(const char *s, size_t len, double *out)
{
    trim_span(&s, &len);
    return len && num_parse_double(s, len, out) == NUM_OK && isfinite(*out);
}

bool cb_band_parse(const char *item, size_t len, double *lo, double *hi)
{
    trim_span(&item, &len);
    /* the dash between the bounds: after the first character, not an exponent's */
    const char *dash = NULL;
    for (size_t k = 1; k < len && !dash; k++)
        if (item[k] == '-' && item[k - 1] != 'e' && item[k - 1] != 'E')
            dash = item + k;
    return dash && parse_bound(item, (size_t)(dash - item), lo) &&
           parse_bound(dash + 1, len - (size_t)(dash - item) - 1, hi);
}

int cb_variable_band_named(const struct cb_variable *v, const char *text, size_t len)
{
    double lo, hi;
    if (!cb_band_parse(text, len, &lo, &hi))
        return CODEBOOK_NUMBER;
    for (size_t k = 0; k < v->n_bands; k++)
        if (v->bands[k].lo == lo && v->bands[k].hi == hi)
            return v->bands[k].code;
    return CODEBOOK_NUMBER;
}

/* bands = 16-29, 30-49 (with decimal commas: 0-2,5; 2,6-10, separated by ';'). */
static bool parse_bands(const char *value, struct var_state *st)
{
    char sep = strchr(value, ';') ? ';' : ',';
    const char *q = value;
    for (;;) {
        const char *end = strchr(q, sep);
        size_t len = end ? (size_t)(end - q) : strlen(q);
        const char *item = q;
        trim_span(&item, &len);
        double lo, hi;
        if (!cb_band_parse(item, len, &lo, &hi))
            return false;
        st->bands = xgrow(st->bands, sizeof(*st->bands), st->n_bands + 1, &st->alloc_bands);
        st->bands[st->n_bands].lo = lo;
        st->bands[st->n_bands].hi = hi;
        st->bands[st->n_bands++].code = 0;
        if (!end)
            return true;
        q = end + 1;
    }
}

/* type, min, max, decimals, bands: the keys of a number variable. */
static void handle_number_key(struct parse *p, struct cb_variable *v, struct var_state *st,
                              const char *key, const char *value)
{
    if (!strcmp(key, "type")) {
        st->type_line = p->line;
        if (!strcmp(value, "number"))
            v->numeric = true;
        else if (!strcmp(value, "code"))
            v->numeric = false;
        else
            perr(p, p->line,
                 "type = '%s': expected 'code' (answers are declared codes, the default) or "
                 "'number' (answers are numbers such as an age, with min, max and missing codes)",
                 value);
    } else if (!strcmp(key, "min") || !strcmp(key, "max")) {
        bool is_min = key[1] == 'i';
        double x;
        if (!parse_bound(value, strlen(value), &x)) {
            perr(p, p->line, "%s = '%s': expected a number", key, value);
            return;
        }
        if (is_min) {
            v->has_min = true;
            v->min = x;
            st->min_line = p->line;
        } else {
            v->has_max = true;
            v->max = x;
            st->max_line = p->line;
        }
    } else if (!strcmp(key, "decimals")) {
        st->decimals_line = p->line;
        if (!parse_bool(value, &v->decimals))
            perr(p, p->line, "decimals = '%s': expected yes or no", value);
    } else {
        st->bands_line = p->line;
        st->n_bands = 0;
        if (!parse_bands(value, st))
            perr(p, p->line,
                 "bands = '%s': expected ranges such as '16-29, 30-49, 50-64, 65-84' (with "
                 "decimal commas, separate them with ';': '0-2,5; 2,6-10')",
                 value);
    }
}

static void handle_var(struct parse *p, struct section *s, const char *key, const char *value)
{
    struct cb_variable *v = &p->cb->vars[s->var_index];
    struct var_state *st = &p->vstate[s->var_index];
    bool question = v->kind == CB_QUESTION;
    int code;
    if (!strcmp(key, "column")) {
        if (!*value)
            perr(p, p->line, "'column' needs a column name");
        else {
            set_str(&v->column, value);
            st->column_line = p->line;
        }
    } else if (!strcmp(key, "text.sv"))
        set_str(&v->text_sv, value);
    else if (!strcmp(key, "text.en"))
        set_str(&v->text_en, value);
    else if (!strncmp(key, "value.", 6) || !strncmp(key, "missing.", 8)) {
        bool missing = key[0] == 'm';
        const char *c = key + (missing ? 8 : 6);
        if (!parse_code(c, strlen(c), &code))
            perr(p, p->line, "'%s': the code must be a whole number from %d to %d", key,
                 CODEBOOK_CODE_MIN, CODEBOOK_CODE_MAX);
        else
            add_value(p, v, code, value, missing);
    } else if (!strcmp(key, "empty")) {
        if (!parse_code(value, strlen(value), &code))
            perr(p, p->line, "empty = '%s': expected a code", value);
        else {
            st->has_empty = true;
            st->empty_code = code;
            st->empty_line = p->line;
        }
    } else if (!strcmp(key, "type") || !strcmp(key, "min") || !strcmp(key, "max") ||
               !strcmp(key, "decimals") || !strcmp(key, "bands")) {
        handle_number_key(p, v, st, key, value);
    } else if (question && !strcmp(key, "indicator")) {
        st->indicator.line = p->line;
        st->indicator.given = true;
        if (!parse_code_list(value, &st->indicator.codes, &st->indicator.n, &st->indicator.alloc))
            perr(p, p->line, "indicator = '%s': expected codes such as '3, 4'", value);
    } else if (question && !strcmp(key, "indicator.label")) {
        char *sv, *en;
        if (!split_label(value, &sv, &en))
            perr(p, p->line, "indicator.label needs a label");
        else {
            free(v->indicator_label_sv);
            free(v->indicator_label_en);
            v->indicator_label_sv = sv;
            v->indicator_label_en = en;
        }
    } else if (question && !strcmp(key, "scale")) {
        st->scale.line = p->line;
        st->scale.given = true;
        if (!parse_code_list(value, &st->scale.codes, &st->scale.n, &st->scale.alloc))
            perr(p, p->line, "scale = '%s': expected codes such as '1-4' or '1, 2, 3, 4'", value);
    } else if (question && !strcmp(key, "reversed")) {
        if (!parse_bool(value, &v->reversed))
            perr(p, p->line, "reversed = '%s': expected yes or no", value);
    } else if (question && !strcmp(key, "score")) {
        st->score.line = p->line;
        st->score.given = true;
        const char *q = value;
        for (;;) {
            const char *end = strchr(q, ',');
            size_t len = end ? (size_t)(end - q) : strlen(q);
            const char *colon = memchr(q, ':', len);
            double sc;
            if (!colon || !parse_code(q, (size_t)(colon - q), &code) ||
                num_parse_double(colon + 1, len - (size_t)(colon - q) - 1, &sc) != NUM_OK) {
                perr(p, p->line, "score = '%s': expected code:score pairs such as '1:0, 2:2'",
                     value);
                break;
            }
            st->score.codes = xgrow(st->score.codes, sizeof(int), st->score.n + 1,
                                    &st->score.alloc);
            st->score.scores = xgrow(st->score.scores, sizeof(double), st->score.n + 1,
                                     &st->score.alloc2);
            st->score.codes[st->score.n] = code;
            st->score.scores[st->score.n++] = sc;
            if (!end)
                break;
            q = end + 1;
        }
    } else if (question && !strcmp(key, "series")) {
        if (!valid_id(value))
            perr(p, p->line, "series = '%s': use letters, digits, '_' and '-'", value);
        else
            set_str(&v->series, value);
    } else if (question && !strcmp(key, "harmonize")) {
        st->harmonize.line = p->line;
        st->harmonize.given = true;
        const char *q = value;
        for (;;) {
            const char *end = strchr(q, ',');
            size_t len = end ? (size_t)(end - q) : strlen(q);
            const char *colon = memchr(q, ':', len);
            int to;
            if (!colon || !parse_code(q, (size_t)(colon - q), &code) ||
                !parse_code(colon + 1, len - (size_t)(colon - q) - 1, &to)) {
                perr(p, p->line, "harmonize = '%s': expected code:code pairs such as '5:9'",
                     value);
                break;
            }
            st->harmonize.codes = xgrow(st->harmonize.codes, sizeof(int), st->harmonize.n + 1,
                                        &st->harmonize.alloc);
            st->harmonize.scores = xgrow(st->harmonize.scores, sizeof(double),
                                         st->harmonize.n + 1, &st->harmonize.alloc2);
            st->harmonize.codes[st->harmonize.n] = code;
            st->harmonize.scores[st->harmonize.n++] = to;
            if (!end)
                break;
            q = end + 1;
        }
    } else if (question && !strcmp(key, "change.sv")) {
        set_str(&v->change_sv, value);
    } else if (question && !strcmp(key, "change.en")) {
        set_str(&v->change_en, value);
    } else if (question && !strcmp(key, "harmonized.label")) {
        char *sv, *en;
        if (!split_label(value, &sv, &en))
            perr(p, p->line, "harmonized.label needs a label");
        else {
            free(v->hlabel_sv);
            free(v->hlabel_en);
            v->hlabel_sv = sv;
            v->hlabel_en = en;
        }
    } else if (question && !strcmp(key, "harmonized.indicator")) {
        v->hterms_line = p->line;
        if (!parse_harm_terms(v, value)) {
            for (size_t k = 0; k < v->n_hterms; k++) {
                free(v->hterms[k].cond_var);
                free(v->hterms[k].cond_codes);
            }
            v->n_hterms = 0; /* no follow-on errors about a half-read rule */
            perr(p, p->line,
                 "harmonized.indicator = '%s': expected codes, each alone or with a condition "
                 "on another variable, such as '3, 4, 5 if T01B = 1' (several codes: 1|2)",
                 value);
        }
    } else if (question && !strcmp(key, "group")) {
        if (!valid_id(value))
            perr(p, p->line, "group = '%s': use letters, digits, '_' and '-'", value);
        else
            set_str(&v->group, value);
    } else if (!question && (!strcmp(key, "indicator") || !strcmp(key, "indicator.label") ||
                             !strcmp(key, "scale") || !strcmp(key, "reversed") ||
                             !strcmp(key, "score") || !strcmp(key, "group") ||
                             !strcmp(key, "series") || !strcmp(key, "harmonize"))) {
        perr(p, p->line, "key '%s' is for questions, not background variables", key);
    } else {
        perr(p, p->line,
             "unknown key '%s' in [%s] (expected column, text.sv, text.en, value.CODE, "
             "missing.CODE, empty, type, min, max, decimals, bands%s)",
             key, s->name,
             question ? ", indicator, indicator.label, scale, reversed, score, group, series, "
                        "harmonize, change.sv, change.en, harmonized.indicator, harmonized.label"
                      : "");
    }
}

/* [population] / [population WAVE]: stratum.LABEL = N or total = N. */
static void handle_population(struct parse *p, const struct section *s, const char *key,
                              const char *value)
{
    struct codebook *cb = p->cb;
    const char *label = NULL;
    size_t llen = 0;
    if (!strncmp(key, "stratum.", 8)) {
        label = key + 8;
        llen = strlen(label);
        trim_span(&label, &llen);
        if (!llen) {
            perr(p, p->line, "'%s' needs a stratum label after 'stratum.'", key);
            return;
        }
    } else if (strcmp(key, "total") != 0) {
        perr(p, p->line,
             "unknown key '%s' in [%s] (expected stratum.LABEL = population size, or total = "
             "population size when the survey has no strata)",
             key, s->name);
        return;
    }
    const char *v = value;
    size_t vlen = strlen(value);
    trim_span(&v, &vlen);
    double size;
    if (num_parse_double(v, vlen, &size) != NUM_OK || !isfinite(size) || size < 1) {
        perr(p, p->line,
             "%s = '%s': a population size must be a number of at least 1 (people, or "
             "clusters when the survey has a cluster column)",
             key, value);
        return;
    }
    if (size > CODEBOOK_MAX_WEIGHT) {
        perr(p, p->line, "%s = '%s': a population size is at most 1000000000 (a billion)", key,
             value);
        return;
    }
    const char *w = s->name + 10;
    while (*w == ' ')
        w++;
    cb->pops = xgrow(cb->pops, sizeof(*cb->pops), cb->n_pops + 1, &p->alloc_pops);
    struct cb_population *pop = &cb->pops[cb->n_pops++];
    pop->wave = *w ? xstrdup(w) : NULL;
    pop->stratum = label ? xstrndup(label, llen) : NULL;
    pop->size = size;
    pop->line = p->line;
    /* the same stratum twice under different spellings (labels match like data cells) */
    for (size_t i = 0; i + 1 < cb->n_pops; i++) {
        const struct cb_population *q = &cb->pops[i];
        bool same_wave = (!q->wave && !pop->wave) ||
                         (q->wave && pop->wave && !strcmp(q->wave, pop->wave));
        if (same_wave && q->stratum && pop->stratum &&
            label_equal(q->stratum, strlen(q->stratum), pop->stratum, strlen(pop->stratum))) {
            perr(p, p->line, "stratum '%s' is given a population size twice in [%s] (line %ld)",
                 pop->stratum, s->name, q->line);
            return;
        }
    }
}

/* Titles, question texts, notes and labels reach every page of a report and its charts
 * (codebook.h: CODEBOOK_MAX_TEXT_BYTES, CODEBOOK_MAX_LABEL_BYTES). */
static bool text_length_ok(struct parse *p, const char *key, const char *value)
{
    size_t len = strlen(value), most = 0;
    if (!strncmp(key, "value.", 6) || !strncmp(key, "missing.", 8))
        most = CODEBOOK_MAX_LABEL_BYTES;
    else if (!strncmp(key, "title.", 6) || !strncmp(key, "text.", 5) || !strcmp(key, "note") ||
             !strncmp(key, "change.", 7) || !strcmp(key, "indicator.label") ||
             !strcmp(key, "harmonized.label"))
        most = CODEBOOK_MAX_TEXT_BYTES;
    if (!most || len <= most)
        return true;
    perr(p, p->line, "%s is %zu bytes long; at most %zu", key, len, most);
    return false;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    struct parse *p = user;
    if (!*section) {
        perr(p, p->line, "key '%s' comes before any [section]", name);
        return 1;
    }
    if (p->in_dup_section || p->stop)
        return 1;
    if (!text_length_ok(p, name, value))
        return 1;
    struct section *s = get_section(p, section);
    if (s->type == SEC_BAD)
        return 1;
    if (!note_key(p, s, name))
        return 1;
    switch (s->type) {
    case SEC_SURVEY:
        handle_survey(p, name, value);
        break;
    case SEC_COLUMNS:
        handle_columns(p, name, value);
        break;
    case SEC_AREA:
        handle_area(p, name, value);
        break;
    case SEC_VAR:
        handle_var(p, s, name, value);
        break;
    case SEC_POPULATION:
        handle_population(p, s, name, value);
        break;
    case SEC_BAD:
        break;
    }
    return 1;
}

/* ------------------------------------------------------------------ final checks */

static int cmp_value(const void *a, const void *b)
{
    const struct cb_value *x = a, *y = b;
    return (x->code > y->code) - (x->code < y->code);
}

static struct cb_value *find_value(struct cb_variable *v, int code)
{
    for (size_t i = 0; i < v->n_values; i++)
        if (v->values[i].code == code)
            return &v->values[i];
    return NULL;
}

/* A number variable: the range, its missing codes outside it, the bands; the bands
 * become codes (values marked `band`) so that grouping by them works as by codes. */
static void finish_number(struct parse *p, struct cb_variable *v, struct var_state *st)
{
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    for (size_t i = 0; i < v->n_values; i++)
        if (!v->values[i].missing) {
            perr(p, v->line,
                 "'%s' is a number variable (type = number): its answers are the numbers in "
                 "the data, so it declares no value.%d; declare missing codes as missing.CODE",
                 v->id, v->values[i].code);
            break;
        }
    if (st->indicator.given || st->scale.given || st->score.given || st->harmonize.given)
        perr(p, v->line,
             "'%s' is a number variable (type = number): indicator, scale, score and harmonize "
             "are for coded answers",
             v->id);
    if (v->has_min && v->has_max && v->min > v->max)
        perr(p, st->max_line, "'%s': max = %s is below min = %s", v->id, num_format(v->max, a),
             num_format(v->min, b));
    if (!v->decimals && ((v->has_min && v->min != floor(v->min)) ||
                         (v->has_max && v->max != floor(v->max))))
        perr(p, st->decimals_line, "'%s': decimals = no, but the range has decimals", v->id);
    /* a missing code inside the range could not be told from an answer */
    for (size_t i = 0; i < v->n_values; i++) {
        const struct cb_value *cv = &v->values[i];
        if (!cv->missing)
            continue;
        bool below = v->has_min && cv->code < v->min, above = v->has_max && cv->code > v->max;
        if (!below && !above)
            perr(p, v->line,
                 "'%s': missing code %d lies inside the range of its answers (%s), so an answer "
                 "%d could not be told from it; give min and max so that the missing codes lie "
                 "outside (e.g. max = 97 with missing.98, missing.99)",
                 v->id, cv->code,
                 v->has_min || v->has_max ? (cb_variable_range_text(v, a, sizeof(a)), a)
                                          : "no min or max given",
                 cv->code);
    }
    for (size_t k = 0; k < st->n_bands; k++) {
        const struct cb_band *bd = &st->bands[k];
        if (bd->lo > bd->hi)
            perr(p, st->bands_line, "'%s': band %s-%s ends below its start", v->id,
                 num_format(bd->lo, a), num_format(bd->hi, b));
        else if (k && bd->lo <= st->bands[k - 1].hi)
            perr(p, st->bands_line,
                 "'%s': band %s-%s starts before the band before it ends; give the bands in "
                 "ascending order, without overlap",
                 v->id, num_format(bd->lo, a), num_format(bd->hi, b));
        else if ((v->has_min && bd->hi < v->min) || (v->has_max && bd->lo > v->max))
            perr(p, st->bands_line, "'%s': band %s-%s lies outside the range", v->id,
                 num_format(bd->lo, a), num_format(bd->hi, b));
    }
    if (!st->n_bands)
        return;
    /* band codes 1..K, moved up past any missing code they would meet */
    int base = 1;
    for (bool moved = true; moved;) {
        moved = false;
        for (size_t i = 0; i < v->n_values; i++)
            if (v->values[i].code >= base && v->values[i].code < base + (int)st->n_bands) {
                base = v->values[i].code + 1;
                moved = true;
            }
    }
    if (base + (int)st->n_bands - 1 > CODEBOOK_CODE_MAX) {
        perr(p, st->bands_line, "'%s': too many bands", v->id);
        return;
    }
    v->bands = xmalloc(st->n_bands * sizeof(*v->bands));
    v->n_bands = st->n_bands;
    for (size_t k = 0; k < st->n_bands; k++) {
        v->bands[k] = st->bands[k];
        v->bands[k].code = base + (int)k;
        v->values = xrealloc(v->values, (v->n_values + 1) * sizeof(*v->values));
        struct cb_value *cv = &v->values[v->n_values++];
        memset(cv, 0, sizeof(*cv));
        cv->code = v->bands[k].code;
        cv->band = true;
        struct strbuf lab = STRBUF_INIT;
        strbuf_addf(&lab, "%s-%s", num_format(v->bands[k].lo, a), num_format(v->bands[k].hi, b));
        cv->label_sv = strbuf_detach(&lab);
    }
}

static void finish_variable(struct parse *p, size_t index)
{
    struct cb_variable *v = &p->cb->vars[index];
    struct var_state *st = &p->vstate[index];
    if (!v->column)
        v->column = xstrdup(v->id);
    size_t n_valid = 0;
    for (size_t i = 0; i < v->n_values; i++)
        n_valid += !v->values[i].missing;
    if (!v->numeric) {
        long line = st->min_line      ? st->min_line
                    : st->max_line    ? st->max_line
                    : st->decimals_line ? st->decimals_line
                                        : st->bands_line;
        if (line)
            perr(p, line, "'%s': min, max, decimals and bands are for a number variable; add "
                          "'type = number'",
                 v->id);
    }
    if (!n_valid && !v->numeric)
        perr(p, v->line, "'%s' declares no valid answer (value.CODE = label)", v->id);
    if (v->kind == CB_QUESTION && !v->text_sv && !v->text_en)
        perr(p, v->line, "question '%s' needs its text (text.sv and/or text.en)", v->id);
    for (size_t i = 0; i < v->n_values; i++)
        for (size_t j = i + 1; j < v->n_values; j++) {
            struct cb_value *a = &v->values[i], *b = &v->values[j];
            bool clash = label_equal(a->label_sv, strlen(a->label_sv), b->label_sv,
                                     strlen(b->label_sv)) ||
                         (a->label_en && b->label_en &&
                          label_equal(a->label_en, strlen(a->label_en), b->label_en,
                                      strlen(b->label_en)));
            if (clash)
                perr(p, v->line, "'%s': codes %d and %d have the same label, so a label in "
                                 "the data could not be read",
                     v->id, a->code, b->code);
        }
    if (v->numeric)
        finish_number(p, v, st);
    if (st->has_empty) {
        struct cb_value *cv = find_value(v, st->empty_code);
        if (!cv || !cv->missing)
            perr(p, st->empty_line, "'%s': empty = %d must be one of its missing codes", v->id,
                 st->empty_code);
        else {
            v->has_empty_code = true;
            v->empty_code = st->empty_code;
        }
    }
    if (st->indicator.given && !v->numeric) {
        v->has_indicator = st->indicator.n > 0;
        for (size_t i = 0; i < st->indicator.n; i++) {
            struct cb_value *cv = find_value(v, st->indicator.codes[i]);
            if (!cv)
                perr(p, st->indicator.line, "'%s': indicator code %d is not one of its codes",
                     v->id, st->indicator.codes[i]);
            else if (cv->missing)
                perr(p, st->indicator.line,
                     "'%s': indicator code %d is a missing code, not a valid answer", v->id,
                     cv->code);
            else
                cv->indicator = true;
        }
        size_t n_ind = 0;
        for (size_t i = 0; i < v->n_values; i++)
            n_ind += v->values[i].indicator;
        if (v->has_indicator && n_ind == n_valid)
            perr(p, st->indicator.line,
                 "'%s': every valid code is an indicator code, so the indicator is always 1",
                 v->id);
    }
    if (st->scale.given && !v->numeric) {
        for (size_t i = 0; i < st->scale.n; i++) {
            struct cb_value *cv = find_value(v, st->scale.codes[i]);
            if (!cv)
                perr(p, st->scale.line, "'%s': scale code %d is not one of its codes", v->id,
                     st->scale.codes[i]);
            else if (cv->missing)
                perr(p, st->scale.line, "'%s': scale code %d is a missing code", v->id, cv->code);
            else
                cv->in_scale = true;
        }
    } else {
        for (size_t i = 0; i < v->n_values; i++)
            v->values[i].in_scale = !v->values[i].missing && !v->values[i].band;
    }
    for (size_t i = 0; i < st->score.n && !v->numeric; i++) {
        struct cb_value *cv = find_value(v, st->score.codes[i]);
        if (!cv || cv->missing)
            perr(p, st->score.line, "'%s': score code %d is not one of its valid codes", v->id,
                 st->score.codes[i]);
        else {
            cv->has_score = true;
            cv->score = st->score.scores[i];
        }
    }
    if (st->harmonize.n && !v->numeric) {
        v->harm_from = xmalloc(st->harmonize.n * sizeof(int));
        v->harm_to = xmalloc(st->harmonize.n * sizeof(int));
        for (size_t i = 0; i < st->harmonize.n; i++) {
            int from = st->harmonize.codes[i], to = (int)st->harmonize.scores[i];
            if (!find_value(v, from) || !find_value(v, to)) {
                perr(p, st->harmonize.line,
                     "'%s': harmonize %d:%d uses a code that is not one of its codes", v->id,
                     from, to);
                continue;
            }
            v->harm_from[v->n_harm] = from;
            v->harm_to[v->n_harm++] = to;
        }
    }
    if (!v->series)
        v->series = xstrdup(v->id);
    if (v->n_values > 1) /* values is NULL when none was declared */
        qsort(v->values, v->n_values, sizeof(*v->values), cmp_value);
    if (v->n_values) {
        int lo = v->values[0].code, hi = v->values[v->n_values - 1].code;
        if (hi - lo < 4096) {
            v->lut_min = lo;
            v->lut_len = (size_t)(hi - lo + 1);
            v->lut = xmalloc(v->lut_len * sizeof(*v->lut));
            for (size_t i = 0; i < v->lut_len; i++)
                v->lut[i] = -1;
            for (size_t i = 0; i < v->n_values; i++)
                v->lut[v->values[i].code - lo] = (int16_t)i;
        }
    }
}

static void check_columns(struct parse *p)
{
    struct codebook *cb = p->cb;
    struct {
        const char *col;
        const char *what;
        long line; /* where the column is named (or the section, for a default) */
    } *all = xmalloc((cb->n_vars + 6) * sizeof(*all));
    size_t n = 0;
    const char *fixed[6] = {cb->col_respondent, cb->col_wave, cb->col_area, cb->col_weight,
                            cb->col_stratum, cb->col_cluster};
    const char *names[6] = {"respondent", "wave", "area", "weight", "stratum", "cluster"};
    static const int key_index[6] = {0, 1, 3, 4, 5, 6}; /* into p->col_line */
    for (int i = 0; i < 6; i++)
        if (fixed[i]) {
            all[n].col = fixed[i];
            all[n].line = p->col_line[key_index[i]];
            all[n++].what = names[i];
        }
    for (size_t i = 0; i < cb->n_vars; i++) {
        all[n].col = cb->vars[i].column;
        all[n].line = p->vstate[i].column_line ? p->vstate[i].column_line : cb->vars[i].line;
        all[n++].what = cb->vars[i].id;
    }
    /* column names match data headers case-insensitively, so compare them that way */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (label_equal(all[i].col, strlen(all[i].col), all[j].col, strlen(all[j].col))) {
                size_t first = all[i].line <= all[j].line ? i : j, second = i + j - first;
                perr(p, all[second].line, "column '%s' is used for both '%s' (line %ld) and '%s'",
                     all[second].col, all[first].what, all[first].line, all[second].what);
            }
    free(all);
}

static void final_checks(struct parse *p)
{
    struct codebook *cb = p->cb;
    if (!p->n_headers) { /* an empty file, or one without a single [section] */
        perr(p, 1, "the codebook has no [section]: it starts with [survey], then [columns] "
                   "and a [question ID] per question (docs/formats.md)");
        return;
    }
    /* empty sections, from the headers the reader saw (repeated ones: line_reader) */
    for (size_t i = 0; i < p->n_headers; i++) {
        bool has_keys = false;
        for (size_t k = 0; k < p->n_sections && !has_keys; k++)
            has_keys = !strcmp(p->sections[k].name, p->headers[i].name);
        if (!has_keys)
            perr(p, p->headers[i].line, "section [%s] is empty", p->headers[i].name);
    }
    for (size_t i = 0; i < cb->n_vars; i++) {
        const struct cb_variable *v = &cb->vars[i];
        for (size_t k = 0; k < v->n_hterms; k++) {
            const struct cb_harm_term *t = &v->hterms[k];
            const struct cb_value *cv = cb_variable_value(v, t->code);
            if (!cv || cv->missing)
                perr(p, v->hterms_line,
                     "'%s': harmonized.indicator code %d is not one of its valid codes", v->id,
                     t->code);
            if (!t->cond_var)
                continue;
            const struct cb_variable *cvar = codebook_find(cb, t->cond_var);
            if (!cvar || cvar == v) {
                perr(p, v->hterms_line,
                     "'%s': harmonized.indicator refers to '%s', which is not another variable "
                     "of this codebook", v->id, t->cond_var);
                continue;
            }
            for (size_t j = 0; j < t->n_cond; j++)
                if (!cb_variable_value(cvar, t->cond_codes[j]))
                    perr(p, v->hterms_line,
                         "'%s': harmonized.indicator: %d is not a code of '%s'", v->id,
                         t->cond_codes[j], t->cond_var);
        }
    }
    if (cb->mode_var) {
        const struct cb_variable *mv = codebook_find(cb, cb->mode_var);
        if (!mv || mv->kind != CB_BACKGROUND)
            perr(p, cb->mode_line, "mode = '%s': there is no [background %s] section", cb->mode_var,
                 cb->mode_var);
    }
    if (!p->survey_line)
        perr(p, 1, "the codebook has no [survey] section (id and title)");
    else if (!cb->survey_id)
        perr(p, p->survey_line, "[survey] needs an id");
    if (p->survey_line && !cb->title_sv && !cb->title_en)
        perr(p, p->survey_line, "[survey] needs a title (title.sv and/or title.en)");
    if (!cb->col_respondent)
        perr(p, p->columns_line, "[columns] needs 'respondent' (the respondent id column)");
    if (!cb->col_wave && !cb->wave_fixed)
        perr(p, p->columns_line, "[columns] needs 'wave' (a column) or 'wave.fixed' (a label)");
    if (cb->col_wave && cb->wave_fixed)
        perr(p, p->columns_line, "[columns] has both 'wave' and 'wave.fixed'; keep one");
    if (cb->has_area_section && !cb->col_area)
        perr(p, p->columns_line, "[area] codes are declared but [columns] names no 'area' column");
    for (size_t i = 0; i < cb->n_pops; i++) {
        const struct cb_population *pop = &cb->pops[i];
        if (pop->stratum && !cb->col_stratum)
            perr(p, pop->line,
                 "a population size for stratum '%s', but [columns] names no 'stratum' column; "
                 "without strata give 'total = N'",
                 pop->stratum);
        else if (!pop->stratum && cb->col_stratum)
            perr(p, pop->line,
                 "'total' is for a survey without strata; [columns] names a stratum column, so "
                 "give each stratum's size as 'stratum.LABEL = N'");
    }
    for (size_t i = 0; i < cb->n_vars; i++)
        finish_variable(p, i);
    size_t n_questions = 0;
    for (size_t i = 0; i < cb->n_vars; i++)
        n_questions += cb->vars[i].kind == CB_QUESTION;
    if (!n_questions)
        perr(p, 0, "the codebook declares no [question ID] section");
    check_columns(p);
}

/* ------------------------------------------------------------------ API */

struct codebook *codebook_parse(const char *name, const char *text, size_t len,
                                struct diag_list *dl)
{
    size_t errors_before = dl->n_errors;
    struct codebook *cb = xcalloc(1, sizeof(*cb));
    cb->path = xstrdup(name);
    cb->content = xstrndup(text, len);
    sha256_buffer(text, len, cb->sha256);

    const char *nul = memchr(text, '\0', len);
    if (nul) {
        long line, col;
        text_position(text, (size_t)(nul - text), &line, &col);
        diag_error(dl, name, line, col, "contains a NUL byte; a codebook is a text file");
        codebook_free(cb);
        return NULL;
    }
    size_t bad;
    if (!utf8_valid(text, len, &bad)) {
        long line;
        text_position(text, bad, &line, NULL);
        diag_error(dl, name, line, 0, "not valid UTF-8 (byte 0x%02x); save the codebook as UTF-8",
                   (unsigned char)text[bad]);
        codebook_free(cb);
        return NULL;
    }

    struct parse p;
    memset(&p, 0, sizeof(p));
    p.cb = cb;
    p.dl = dl;
    p.name = name;
    p.text = text;
    p.len = len;
    p.at_line_start = true;
    strmap_init(&p.area_names);

    /* libinih's run-time switches (Debian builds it with them): long lines, no
     * continuation lines (an indented line must not silently join the one above). */
    ini_allow_multiline = false;
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = MAX_INI_LINE;
    ini_allow_bom = true;
    ini_stop_on_first_error = false;

    int rc = ini_parse_stream(line_reader, &p, handler, &p);
    if (rc > 0 && p.long_line && rc >= p.long_line) /* libinih read it in pieces */
        diag_error(dl, name, p.long_line, 0, "the line is too long: a line holds at most %d bytes",
                   MAX_INI_LINE - 1);
    else if (rc > 0)
        diag_error(dl, name, rc, 0, "expected '[section]' or 'key = value'");
    else if (rc < 0)
        diag_error(dl, name, 0, 0, "cannot parse (out of memory)");
    final_checks(&p);

    for (size_t i = 0; i < p.n_headers; i++)
        free(p.headers[i].name);
    free(p.headers);
    for (size_t i = 0; i < p.n_sections; i++) {
        for (size_t k = 0; k < p.sections[i].n_keys; k++)
            free(p.sections[i].keys[k].key);
        free(p.sections[i].keys);
        free(p.sections[i].name);
    }
    free(p.sections);
    for (size_t i = 0; i < cb->n_vars; i++) {
        free(p.vstate[i].indicator.codes);
        free(p.vstate[i].scale.codes);
        free(p.vstate[i].score.codes);
        free(p.vstate[i].score.scores);
        free(p.vstate[i].harmonize.codes);
        free(p.vstate[i].harmonize.scores);
        free(p.vstate[i].bands);
    }
    free(p.vstate);
    strmap_release(&p.area_names);

    if (dl->n_errors > errors_before) {
        codebook_free(cb);
        return NULL;
    }
    return cb;
}

struct codebook *codebook_load(const char *path, struct diag_list *dl)
{
    FILE *fp = io_fopen_regular(path, "codebook", dl);
    if (!fp)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
        strbuf_add(&sb, buf, n);
        if (sb.len > 64u << 20) {
            fclose(fp);
            strbuf_release(&sb);
            diag_error(dl, path, 0, 0, "codebook larger than 64 MiB");
            return NULL;
        }
    }
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (err) { /* an I/O error: exit 3, not a verdict on the codebook (util/io.h) */
        strbuf_release(&sb);
        io_diag_read_errno(dl, path, err, "cannot read codebook");
        return NULL;
    }
    struct codebook *cb = codebook_parse(path, sb.buf, sb.len, dl);
    strbuf_release(&sb);
    return cb;
}

void codebook_free(struct codebook *cb)
{
    if (!cb)
        return;
    free(cb->mode_var);
    for (size_t i = 0; i < cb->n_vars; i++) {
        struct cb_variable *v = &cb->vars[i];
        for (size_t k = 0; k < v->n_values; k++) {
            free(v->values[k].label_sv);
            free(v->values[k].label_en);
        }
        free(v->values);
        free(v->id);
        free(v->change_sv);
        free(v->change_en);
        for (size_t k = 0; k < v->n_hterms; k++) {
            free(v->hterms[k].cond_var);
            free(v->hterms[k].cond_codes);
        }
        free(v->hterms);
        free(v->hlabel_sv);
        free(v->hlabel_en);
        free(v->column);
        free(v->text_sv);
        free(v->text_en);
        free(v->indicator_label_sv);
        free(v->indicator_label_en);
        free(v->group);
        free(v->series);
        free(v->harm_from);
        free(v->harm_to);
        free(v->lut);
        free(v->bands);
    }
    free(cb->vars);
    for (size_t i = 0; i < cb->n_pops; i++) {
        free(cb->pops[i].wave);
        free(cb->pops[i].stratum);
    }
    free(cb->pops);
    for (size_t i = 0; i < cb->n_areas; i++)
        free(cb->areas[i].name);
    free(cb->areas);
    free(cb->path);
    free(cb->content);
    free(cb->survey_id);
    free(cb->title_sv);
    free(cb->title_en);
    free(cb->version);
    free(cb->note);
    free(cb->col_respondent);
    free(cb->col_wave);
    free(cb->wave_fixed);
    free(cb->col_area);
    free(cb->col_weight);
    free(cb->col_stratum);
    free(cb->col_cluster);
    free(cb);
}

const struct cb_population *codebook_population(const struct codebook *cb, const char *wave,
                                                size_t wave_len, const char *stratum,
                                                size_t stratum_len)
{
    for (int pass = 0; pass < 2; pass++)
        for (size_t k = 0; k < cb->n_pops; k++) {
            const struct cb_population *p = &cb->pops[k];
            if (pass == 0 ? !p->wave || strlen(p->wave) != wave_len ||
                                memcmp(p->wave, wave, wave_len) != 0
                          : p->wave != NULL)
                continue;
            if (!stratum ? !p->stratum
                         : p->stratum && label_equal(p->stratum, strlen(p->stratum), stratum,
                                                     stratum_len))
                return p;
        }
    return NULL;
}

const struct cb_variable *codebook_find(const struct codebook *cb, const char *id)
{
    for (size_t i = 0; i < cb->n_vars; i++)
        if (!strcmp(cb->vars[i].id, id))
            return &cb->vars[i];
    return NULL;
}

const struct cb_variable *codebook_find_series(const struct codebook *cb, const char *id,
                                               size_t *index)
{
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < cb->n_vars; i++) {
            const struct cb_variable *v = &cb->vars[i];
            if (!strcmp(pass ? (v->series ? v->series : "") : v->id, id)) {
                if (index)
                    *index = i;
                return v;
            }
        }
    return NULL;
}

int cb_variable_harmonize(const struct cb_variable *v, int code)
{
    for (size_t i = 0; i < v->n_harm; i++)
        if (v->harm_from[i] == code)
            return v->harm_to[i];
    return code;
}

const struct cb_value *cb_variable_value(const struct cb_variable *v, int code)
{
    if (v->lut) {
        if (code < v->lut_min || (size_t)(code - v->lut_min) >= v->lut_len)
            return NULL;
        int16_t i = v->lut[code - v->lut_min];
        return i < 0 ? NULL : &v->values[i];
    }
    size_t lo = 0, hi = v->n_values;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->values[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n_values && v->values[lo].code == code ? &v->values[lo] : NULL;
}

/* One integer grammar for codes and counts: digits, with a '-' for a negative code;
 * no '+' and no blanks (a quoted " 3"), which a count would not be allowed either. */
static bool loose_integer(size_t len, const char *trimmed, size_t tlen)
{
    int64_t x;
    if (!tlen || num_parse_int64(trimmed, tlen, &x) != NUM_OK)
        return false;
    return tlen != len || trimmed[0] == '+';
}

enum cb_cell cb_variable_read(const struct cb_variable *v, const char *text, size_t len,
                              int *code)
{
    size_t raw_len = len;
    trim_span(&text, &len);
    if (loose_integer(raw_len, text, len))
        return CB_CELL_LOOSE_NUMBER;
    if (!len) {
        if (v->has_empty_code) {
            *code = v->empty_code;
            return CB_CELL_CODE;
        }
        return CB_CELL_EMPTY;
    }
    int64_t x;
    enum num_status st = num_parse_int64(text, len, &x);
    if (st == NUM_OK || st == NUM_RANGE) {
        if (st == NUM_OK && x >= CODEBOOK_CODE_MIN && x <= CODEBOOK_CODE_MAX &&
            cb_variable_value(v, (int)x)) {
            *code = (int)x;
            return CB_CELL_CODE;
        }
        return CB_CELL_UNKNOWN_CODE;
    }
    for (size_t i = 0; i < v->n_values; i++) {
        const struct cb_value *cv = &v->values[i];
        if (label_equal(text, len, cv->label_sv, strlen(cv->label_sv)) ||
            (cv->label_en && label_equal(text, len, cv->label_en, strlen(cv->label_en)))) {
            *code = cv->code;
            return CB_CELL_CODE;
        }
    }
    return CB_CELL_UNKNOWN_TEXT;
}

const char *codebook_area_name(const struct codebook *cb, const char *text, size_t len)
{
    if (!cb->has_area_section)
        return text;
    const char *t = text;
    size_t tl = len;
    trim_span(&t, &tl);
    int64_t x;
    if (loose_integer(len, t, tl))
        return NULL; /* "+3" or " 3": not an area code (one integer grammar) */
    if (num_parse_int64(t, tl, &x) == NUM_OK) {
        for (size_t i = 0; i < cb->n_areas; i++)
            if (cb->areas[i].code == x)
                return cb->areas[i].name;
        return NULL;
    }
    for (size_t i = 0; i < cb->n_areas; i++)
        if (label_equal(t, tl, cb->areas[i].name, strlen(cb->areas[i].name)))
            return cb->areas[i].name;
    return NULL;
}

/* ------------------------------------------------------------------ number variables */

void cb_variable_range_text(const struct cb_variable *v, char *buf, size_t size)
{
    char a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    if (v->has_min && v->has_max)
        snprintf(buf, size, "%s to %s", num_format(v->min, a), num_format(v->max, b));
    else if (v->has_min)
        snprintf(buf, size, "at least %s", num_format(v->min, a));
    else if (v->has_max)
        snprintf(buf, size, "at most %s", num_format(v->max, b));
    else
        snprintf(buf, size, "any number");
}

enum cb_number cb_variable_read_number(const struct cb_variable *v, const char *text, size_t len,
                                       int *code, double *value)
{
    trim_span(&text, &len);
    if (!len) {
        if (v->has_empty_code) {
            *code = v->empty_code;
            return CB_NUM_CODE;
        }
        return CB_NUM_EMPTY;
    }
    double x;
    enum num_status st = num_parse_double(text, len, &x);
    /* a missing code first, by its number ("98", "98,0") or its label ("Vet ej") */
    for (size_t i = 0; i < v->n_values; i++) {
        const struct cb_value *cv = &v->values[i];
        if (!cv->missing)
            continue;
        if ((st == NUM_OK && x == (double)cv->code) ||
            label_equal(text, len, cv->label_sv, strlen(cv->label_sv)) ||
            (cv->label_en && label_equal(text, len, cv->label_en, strlen(cv->label_en)))) {
            *code = cv->code;
            return CB_NUM_CODE;
        }
    }
    if (st != NUM_OK || !isfinite(x))
        return CB_NUM_NOT_NUMBER;
    *value = x;
    if (v->has_min && x < v->min)
        return CB_NUM_BELOW;
    if (v->has_max && x > v->max)
        return CB_NUM_ABOVE;
    if (!v->decimals && x != floor(x))
        return CB_NUM_NOT_WHOLE;
    if (x == 0)
        *value = 0; /* -0 reads as 0 */
    return CB_NUM_VALUE;
}

int cb_variable_band(const struct cb_variable *v, double x)
{
    size_t lo = 0, hi = v->n_bands;
    while (lo < hi) { /* the first band whose end is at or above x */
        size_t mid = lo + (hi - lo) / 2;
        if (v->bands[mid].hi < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < v->n_bands && v->bands[lo].lo <= x ? v->bands[lo].code : CODEBOOK_NUMBER;
}
