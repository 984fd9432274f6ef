/*
 * tables_csv — see tables_csv.h.
 */
#include "report/tables_csv.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/atomicfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ------------------------------------------------------------------ reading a cell */

static bool swedish(const char *lang)
{
    return !lang || strcmp(lang, "en") != 0; /* eval/format.c: anything but "en" is sv */
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Length of a blank at s[i] (space, no-break space, narrow no-break space, thin
 * space), 0 if none. */
static size_t blank_at(const char *s, size_t n, size_t i)
{
    if (i < n && s[i] == ' ')
        return 1;
    if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
        return 2;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89))
        return 3;
    return 0;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
    size_t k;
    while ((k = blank_at(s, n, i)) > 0)
        i += k;
    return i;
}

static bool three_digits(const char *s, size_t n, size_t i)
{
    return i + 3 <= n && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
           (i + 3 == n || !is_digit(s[i + 3]));
}

/* A number as eval/format.c writes it: optional sign (ASCII '-', U+2212, or the '+' of
 * a change, which is dropped), digits grouped by threes (sv: a no-break space, en: a
 * comma), an optional decimal part (sv ',', en '.').  Writes it to out as C text;
 * false (i unchanged) if there is none. */
static bool read_number(const char *s, size_t n, size_t *i, bool sv, char *out, size_t size)
{
    size_t j = *i, o = 0;
    if (j + 1 < n && s[j] == '+' && is_digit(s[j + 1])) {
        j++;
    } else if (j < n && s[j] == '-') {
        out[o++] = '-';
        j++;
    } else if (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x88 &&
               (unsigned char)s[j + 2] == 0x92) {
        out[o++] = '-';
        j += 3;
    }
    if (o == 0 && j + 3 <= n && (unsigned char)s[j] == 0xE2 &&
        (unsigned char)s[j + 1] == 0x88 && (unsigned char)s[j + 2] == 0x9E && size > 4) {
        /* "∞": the open end of an interval (a cost per prevented case whose effect may
         * be none); kept as the sign the report prints, never a made-up number */
        memcpy(out, "\xE2\x88\x9E", 4);
        *i = j + 3;
        return true;
    }
    if (j >= n || !is_digit(s[j]))
        return false;
    while (j < n && is_digit(s[j]) && o + 2 < size)
        out[o++] = s[j++];
    for (;;) { /* groups of three */
        size_t g = sv ? (s[j] == ' ' ? 0 : blank_at(s, n, j)) : (j < n && s[j] == ',' ? 1 : 0);
        if (!g || !three_digits(s, n, j + g) || o + 5 >= size)
            break;
        j += g;
        for (int k = 0; k < 3; k++)
            out[o++] = s[j++];
    }
    if (j + 1 < n && s[j] == (sv ? ',' : '.') && is_digit(s[j + 1])) {
        out[o++] = '.';
        j++;
        while (j < n && is_digit(s[j]) && o + 1 < size)
            out[o++] = s[j++];
    }
    if (j < n && is_digit(s[j]))
        return false; /* longer than the buffer: not a number we copy whole */
    out[o] = '\0';
    *i = j;
    return true;
}

static bool word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t l = strlen(w);
    if (i + l > n || memcmp(s + i, w, l) != 0)
        return false;
    unsigned char next = i + l < n ? (unsigned char)s[i + l] : 0;
    /* the unit or word ends there: not the start of a longer word */
    return !((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') || next >= 0x80) ||
           blank_at(s, n, i + l);
}

/* A unit after a number: "%", "p.e.", "pp", "kr"; i and unit unchanged if none. */
static void read_unit(const char *s, size_t n, size_t *i, char *unit, size_t size)
{
    static const char *const units[] = {"%", "p.e.", "pp", "kr"};
    size_t j = skip_blanks(s, n, *i);
    for (size_t k = 0; k < sizeof(units) / sizeof(*units); k++) {
        if (word_at(s, n, j, units[k])) {
            snprintf(unit, size, "%s", units[k]);
            *i = j + strlen(units[k]);
            return;
        }
    }
}

/* A number with its unit ("SEK 1,400,000", "10,8 %"). */
static bool read_value(const char *s, size_t n, size_t *i, bool sv, char *num, size_t nsize,
                       char *unit, size_t usize)
{
    size_t j = *i;
    unit[0] = '\0';
    if (word_at(s, n, j, "SEK") && blank_at(s, n, j + 3)) {
        size_t k = skip_blanks(s, n, j + 3);
        if (!read_number(s, n, &k, sv, num, nsize))
            return false;
        snprintf(unit, usize, "SEK");
        *i = k;
        return true;
    }
    if (!read_number(s, n, &j, sv, num, nsize))
        return false;
    read_unit(s, n, &j, unit, usize);
    *i = j;
    return true;
}

/* The word between an interval's limits: "till", "to" or an en dash. */
static bool read_separator(const char *s, size_t n, size_t *i)
{
    size_t j = skip_blanks(s, n, *i);
    if (j + 2 < n && (unsigned char)s[j] == 0xE2 && (unsigned char)s[j + 1] == 0x80 &&
        (unsigned char)s[j + 2] == 0x93) {
        *i = skip_blanks(s, n, j + 3);
        return true;
    }
    size_t b = blank_at(s, n, *i);
    if (!b)
        return false; /* "till"/"to" stand between blanks */
    if (word_at(s, n, j, "till") && blank_at(s, n, j + 4)) {
        *i = skip_blanks(s, n, j + 4);
        return true;
    }
    if (word_at(s, n, j, "to") && blank_at(s, n, j + 2)) {
        *i = skip_blanks(s, n, j + 2);
        return true;
    }
    return false;
}

/* "inget intervall)" / "no interval)" at s[j] (eval/format.c's words for an interval
 * that cannot be given); *end gets the position after the ')'. */
static bool no_interval(const char *s, size_t n, size_t j, size_t *end)
{
    static const char *const words[] = {"inget intervall", "no interval"};
    j = skip_blanks(s, n, j);
    for (size_t k = 0; k < 2; k++) {
        size_t l = strlen(words[k]);
        if (j + l <= n && !memcmp(s + j, words[k], l)) {
            size_t e = skip_blanks(s, n, j + l);
            if (e < n && s[e] == ')') {
                *end = e + 1;
                return true;
            }
        }
    }
    return false;
}

/* The unit of a cell: its parts must agree where they name one. */
static bool merge_unit(char *unit, size_t size, const char *other)
{
    if (!*other)
        return true;
    if (!*unit) {
        snprintf(unit, size, "%s", other);
        return true;
    }
    return strcmp(unit, other) == 0;
}

void tables_csv_parse_cell(const char *lang, const char *text, struct tcell *out)
{
    memset(out, 0, sizeof(*out));
    if (!text)
        return;
    bool sv = swedish(lang);
    size_t n = strlen(text), i = skip_blanks(text, n, 0);
    struct tcell c;
    memset(&c, 0, sizeof(c));
    char u1[16] = "", u2[16] = "", u3[16] = "";
    if (!read_value(text, n, &i, sv, c.value, sizeof(c.value), u1, sizeof(u1)))
        return;
    c.kind = TCELL_NUMBER;
    size_t j = skip_blanks(text, n, i);
    if (j < n && text[j] == '(' && no_interval(text, n, j + 1, &i)) {
        /* "0,0 % (inget intervall)": an estimate whose interval cannot be given; its
         * limits stay empty */
    } else if (j < n && text[j] == '(') { /* estimate (low till high) */
        j = skip_blanks(text, n, j + 1);
        if (!read_value(text, n, &j, sv, c.low, sizeof(c.low), u2, sizeof(u2)) ||
            !read_separator(text, n, &j) ||
            !read_value(text, n, &j, sv, c.high, sizeof(c.high), u3, sizeof(u3)))
            return;
        j = skip_blanks(text, n, j);
        if (j >= n || text[j] != ')')
            return;
        i = j + 1;
        c.kind = TCELL_ESTIMATE;
    } else if (read_separator(text, n, &i)) { /* low till high */
        memcpy(c.low, c.value, sizeof(c.low));
        c.value[0] = '\0';
        memcpy(u2, u1, sizeof(u2));
        u1[0] = '\0';
        if (!read_value(text, n, &i, sv, c.high, sizeof(c.high), u3, sizeof(u3)))
            return;
        c.kind = TCELL_INTERVAL;
    }
    j = skip_blanks(text, n, i);
    if (j < n && text[j] == '*') {
        while (j < n && text[j] == '*')
            j++;
        c.mark = true;
        i = j;
    }
    if (skip_blanks(text, n, i) != n)
        return; /* more than a number: text */
    if (!merge_unit(c.unit, sizeof(c.unit), u1) || !merge_unit(c.unit, sizeof(c.unit), u2) ||
        !merge_unit(c.unit, sizeof(c.unit), u3))
        return;
    *out = c;
}

/* ------------------------------------------------------------------ writing a table */

struct words {
    const char *lower, *upper, *unit, *mark, *category, *file, *section, *table, *note;
};
static const struct words words_sv = {"nedre gräns", "övre gräns", "enhet", "markering",
                                      "Kategori", "Fil", "Avsnitt", "Tabell", "Anmärkning"};
static const struct words words_en = {"lower limit", "upper limit", "unit", "mark",
                                      "Category", "File", "Section", "Table", "Note"};

/* How one column of the report becomes columns of the CSV. */
struct layout {
    bool parse;             /* a number column with at least one number */
    bool value, interval, unit_col, mark;
    char unit[16];          /* shared by every number of the column, or "" */
};

struct sink {
    enum csv_dialect dialect;
    char delim;
    struct strbuf *out;
    bool first; /* no delimiter before the row's first cell */
};

static void cell_sep(struct sink *k)
{
    if (!k->first)
        strbuf_addch(k->out, k->delim);
    k->first = false;
}

static void put_text(struct sink *k, const char *text)
{
    cell_sep(k);
    csv_text_cell(k->out, text, k->dialect);
}

static void put_number(struct sink *k, const char *num)
{
    cell_sep(k);
    for (const char *p = num; *p; p++)
        strbuf_addch(k->out, *p == '.' && k->dialect == CSV_SWEDISH ? ',' : *p);
}

static void end_row(struct sink *k)
{
    strbuf_addch(k->out, '\n');
    k->first = true;
}

/* "Skattning (95 % KI)" -> base "Skattning", paren "95 % KI". */
static void split_header(const char *h, struct strbuf *base, struct strbuf *paren)
{
    size_t n = strlen(h);
    const char *open = n && h[n - 1] == ')' ? strrchr(h, '(') : NULL;
    if (open && open > h && open[-1] == ' ') {
        strbuf_add(base, h, (size_t)(open - h) - 1);
        strbuf_add(paren, open + 1, n - (size_t)(open - h) - 2);
    } else {
        strbuf_addstr(base, h);
    }
}

static void header_cells(struct sink *k, const char *h, const struct layout *l,
                         const struct words *w)
{
    if (!l->parse) {
        put_text(k, h);
        return;
    }
    struct strbuf base = STRBUF_INIT, paren = STRBUF_INIT, unit = STRBUF_INIT, s = STRBUF_INIT;
    if (l->interval)
        split_header(h, &base, &paren);
    else
        strbuf_addstr(&base, h);
    if (*l->unit)
        strbuf_addf(&unit, " (%s)", l->unit);
    if (l->value) {
        strbuf_addf(&s, "%s%s", base.buf, unit.buf);
        put_text(k, s.buf);
    }
    if (l->interval) {
        const char *limit[2] = {w->lower, w->upper};
        for (int j = 0; j < 2; j++) {
            strbuf_reset(&s);
            strbuf_addf(&s, "%s: %s%s%s%s", base.buf, limit[j], paren.len ? " " : "", paren.buf,
                        unit.buf);
            put_text(k, s.buf);
        }
    }
    if (l->unit_col) {
        strbuf_reset(&s);
        strbuf_addf(&s, "%s: %s", base.buf, w->unit);
        put_text(k, s.buf);
    }
    if (l->mark) {
        strbuf_reset(&s);
        strbuf_addf(&s, "%s: %s", base.buf, w->mark);
        put_text(k, s.buf);
    }
    strbuf_release(&base);
    strbuf_release(&paren);
    strbuf_release(&unit);
    strbuf_release(&s);
}

static void body_cells(struct sink *k, const char *text, const struct tcell *c,
                       const struct layout *l)
{
    if (!l->parse) {
        put_text(k, text);
        return;
    }
    if (l->value) {
        if (c->kind == TCELL_TEXT)
            put_text(k, text); /* "för få svar", "basår", "–": as the report prints it */
        else if (c->kind == TCELL_INTERVAL)
            put_text(k, "");
        else
            put_number(k, c->value);
    }
    if (l->interval) {
        bool has = c->kind == TCELL_INTERVAL || c->kind == TCELL_ESTIMATE;
        if (has) {
            put_number(k, c->low);
            put_number(k, c->high);
        } else {
            put_text(k, "");
            put_text(k, "");
        }
    }
    if (l->unit_col)
        put_text(k, c->kind == TCELL_TEXT ? "" : c->unit);
    if (l->mark)
        put_text(k, c->mark ? "*" : "");
}

static bool row_has_content(const struct table *t, size_t r)
{
    for (size_t c = 1; c < t->n_cols; c++) {
        const char *x = table_cell(t, r, c);
        if (x && *x)
            return true;
    }
    return false;
}

static void render_table(const struct table *t, const char *lang, const struct words *w,
                         struct sink *k)
{
    size_t nc = t->n_cols, nr = t->n_rows;
    struct tcell *cells = xcalloc(nc * (nr ? nr : 1), sizeof(*cells));
    struct layout *lay = xcalloc(nc ? nc : 1, sizeof(*lay));
    for (size_t c = 0; c < nc; c++) {
        if (!t->numeric || !t->numeric[c])
            continue;
        struct layout *l = &lay[c];
        bool any_number = false, any_text = false, mixed = false, first_unit = true;
        for (size_t r = 0; r < nr; r++) {
            struct tcell *tc = &cells[r * nc + c];
            const char *text = table_cell(t, r, c);
            tables_csv_parse_cell(lang, text, tc);
            if (tc->kind == TCELL_TEXT) {
                any_text |= text && *text;
                continue;
            }
            any_number = true;
            l->value |= tc->kind != TCELL_INTERVAL;
            l->interval |= tc->kind != TCELL_NUMBER;
            l->mark |= tc->mark;
            if (first_unit)
                snprintf(l->unit, sizeof(l->unit), "%s", tc->unit);
            else if (strcmp(l->unit, tc->unit) != 0)
                mixed = true;
            first_unit = false;
        }
        l->parse = any_number;
        l->value |= any_text; /* the text cells of the column go there */
        if (mixed) {
            l->unit[0] = '\0';
            l->unit_col = true;
        }
    }
    for (size_t c = 0; c < nc; c++)
        header_cells(k, t->cols[c], &lay[c], w);
    end_row(k);
    const char *above = NULL; /* the first column's last label */
    for (size_t r = 0; r < nr; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *text = table_cell(t, r, c);
            /* A group label the report prints once above its rows (the tables by group
             * and year) is repeated on each row, so that a filter or a pivot table in
             * the spreadsheet sees it: it is the cell above, nothing new. */
            if (c == 0 && !lay[0].parse) {
                if (text && *text)
                    above = text;
                else if (above && row_has_content(t, r))
                    text = above;
            }
            body_cells(k, text, &cells[r * nc + c], &lay[c]);
        }
        end_row(k);
    }
    free(cells);
    free(lay);
}

/* The answer distribution (a stacked bar chart): one row per category, the share of
 * each answer in percent with the one decimal the report's tables give shares. */
static void render_stacked(const struct chart *ch, const struct words *w, struct sink *k)
{
    put_text(k, ch->ylabel && *ch->ylabel ? ch->ylabel : w->category);
    struct strbuf h = STRBUF_INIT;
    for (size_t j = 0; j < ch->n_segments; j++) {
        strbuf_reset(&h);
        strbuf_addf(&h, "%s%s", ch->segments[j], ch->percent ? " (%)" : "");
        put_text(k, h.buf);
    }
    strbuf_release(&h);
    end_row(k);
    for (size_t i = 0; i < ch->n_categories; i++) {
        put_text(k, ch->categories[i]);
        for (size_t j = 0; j < ch->n_segments; j++) {
            double v = ch->values[i * ch->n_segments + j] * (ch->percent ? 100 : 1);
            char num[64];
            snprintf(num, sizeof(num), "%.1f", v);
            if (!strcmp(num, "-0.0"))
                snprintf(num, sizeof(num), "0.0");
            put_number(k, num);
        }
        end_row(k);
    }
}

/* ------------------------------------------------------------------ file names */

/* ASCII for a file name: letters folded (å ä → a, ö → o, é → e, ü → u ...), every
 * other run of characters one '-', at most max bytes. */
static void slug(struct strbuf *out, const char *text, size_t max)
{
    static const struct {
        const char *from, *to;
    } fold[] = {{"å", "a"}, {"ä", "a"}, {"ö", "o"}, {"Å", "a"}, {"Ä", "a"}, {"Ö", "o"},
                {"é", "e"}, {"É", "e"}, {"è", "e"}, {"ü", "u"}, {"Ü", "u"}, {"æ", "ae"},
                {"ø", "o"}, {"Æ", "ae"}, {"Ø", "o"}};
    size_t start = out->len;
    bool dash = false;
    for (const char *p = text ? text : ""; *p && out->len - start < max;) {
        char ch = *p;
        const char *to = NULL;
        char ascii[2] = {0, 0};
        size_t adv = 1;
        if ((unsigned char)ch >= 0x80) {
            for (size_t k = 0; k < sizeof(fold) / sizeof(*fold) && !to; k++) {
                size_t l = strlen(fold[k].from);
                if (!strncmp(p, fold[k].from, l)) {
                    to = fold[k].to;
                    adv = l;
                }
            }
            if (!to)
                while (p[adv] && ((unsigned char)p[adv] & 0xC0) == 0x80)
                    adv++;
        } else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            ascii[0] = ch;
            to = ascii;
        } else if (ch >= 'A' && ch <= 'Z') {
            ascii[0] = (char)(ch - 'A' + 'a');
            to = ascii;
        }
        if (to) {
            if (dash)
                strbuf_addch(out, '-');
            strbuf_addstr(out, to);
            dash = false;
        } else if (out->len > start) {
            dash = true;
        }
        p += adv;
    }
    /* cut at the end of a word when the text was longer */
    if (out->len - start >= max) {
        size_t cut = out->len;
        while (cut > start && out->buf[cut - 1] != '-')
            cut--;
        if (cut > start + max / 2)
            strbuf_setlen(out, cut - 1);
    }
    while (out->len > start && out->buf[out->len - 1] == '-')
        strbuf_setlen(out, out->len - 1);
}

/* ------------------------------------------------------------------ the document */

struct builder {
    struct tables_csv *out;
    const struct doc *d;
    const struct words *w;
    enum csv_dialect dialect;
    struct strbuf index;
    const char *heads[4]; /* the current heading of each level 1..3 */
    size_t number, width;
};

static void begin_file(struct strbuf *sb)
{
    strbuf_addstr(sb, "\xEF\xBB\xBF");
}

static void add_file(struct builder *b, const char *title, const char *note,
                     struct strbuf *content)
{
    b->number++;
    const char *head = NULL;
    for (int l = 3; l >= 1 && !head; l--)
        head = b->heads[l];
    struct strbuf name = STRBUF_INIT, t = STRBUF_INIT, h = STRBUF_INIT;
    strbuf_addf(&name, "%0*zu", (int)b->width, b->number);
    slug(&t, title, 60);
    slug(&h, head, 40);
    /* the heading when the title does not already name it ("T01: Otrygg per år och
     * område" under "T01: Otrygg") */
    if (h.len && strncmp(t.buf, h.buf, h.len) != 0) {
        strbuf_addch(&name, '-');
        strbuf_addstr(&name, h.buf);
    }
    if (t.len) {
        strbuf_addch(&name, '-');
        strbuf_addstr(&name, t.buf);
    }
    strbuf_addstr(&name, ".csv");
    struct tables_csv *o = b->out;
    o->files = xrealloc(o->files, (o->n + 1) * sizeof(*o->files));
    o->files[o->n].len = content->len;
    o->files[o->n].data = strbuf_detach(content);
    o->files[o->n].name = xstrdup(name.buf);
    o->n++;
    /* its line in index.csv */
    struct sink k = {b->dialect, b->dialect == CSV_SWEDISH ? ';' : ',', &b->index, true};
    struct strbuf section = STRBUF_INIT;
    for (int l = 1; l <= 3; l++)
        if (b->heads[l])
            strbuf_addf(&section, "%s%s", section.len ? " > " : "", b->heads[l]);
    put_text(&k, name.buf);
    put_text(&k, section.buf);
    put_text(&k, title ? title : "");
    put_text(&k, note ? note : "");
    end_row(&k);
    strbuf_release(&section);
    strbuf_release(&name);
    strbuf_release(&t);
    strbuf_release(&h);
}

static bool wanted(const struct doc_block *bl)
{
    return (bl->kind == DOC_TABLE && bl->table) ||
           (bl->kind == DOC_CHART && bl->chart && bl->chart->kind == CHART_STACKED &&
            bl->chart->values && bl->chart->n_categories && bl->chart->n_segments);
}

void tables_csv_render(const struct doc *d, enum csv_dialect dialect, struct tables_csv *out)
{
    memset(out, 0, sizeof(*out));
    struct builder b = {out, d, swedish(d->lang) ? &words_sv : &words_en, dialect,
                        STRBUF_INIT, {NULL, NULL, NULL, NULL}, 0, 2};
    size_t total = 0;
    for (size_t i = 0; i < d->n; i++)
        total += wanted(&d->blocks[i]);
    for (size_t t = total; t >= 100; t /= 10)
        b.width++;
    char delim = dialect == CSV_SWEDISH ? ';' : ',';
    begin_file(&b.index);
    struct sink ik = {dialect, delim, &b.index, true};
    put_text(&ik, b.w->file);
    put_text(&ik, b.w->section);
    put_text(&ik, b.w->table);
    put_text(&ik, b.w->note);
    end_row(&ik);
    for (size_t i = 0; i < d->n; i++) {
        const struct doc_block *bl = &d->blocks[i];
        if (bl->kind == DOC_HEADING) {
            int l = bl->level < 1 ? 1 : bl->level > 3 ? 3 : bl->level;
            b.heads[l] = bl->text;
            for (int m = l + 1; m <= 3; m++)
                b.heads[m] = NULL;
            continue;
        }
        if (!wanted(bl))
            continue;
        struct strbuf content = STRBUF_INIT;
        begin_file(&content);
        struct sink k = {dialect, delim, &content, true};
        if (bl->kind == DOC_TABLE) {
            render_table(bl->table, d->lang, b.w, &k);
            add_file(&b, bl->table->title, bl->note, &content);
        } else {
            render_stacked(bl->chart, b.w, &k);
            add_file(&b, bl->chart->title, bl->text, &content);
        }
        strbuf_release(&content);
    }
    out->files = xrealloc(out->files, (out->n + 1) * sizeof(*out->files));
    out->files[out->n].name = xstrdup("index.csv");
    out->files[out->n].len = b.index.len;
    out->files[out->n].data = strbuf_detach(&b.index);
    out->n++;
}

void tables_csv_release(struct tables_csv *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->files[i].name);
        free(t->files[i].data);
    }
    free(t->files);
    t->files = NULL;
    t->n = 0;
}

/* A name this writer gives: index.csv or NN-[a-z0-9-]*.csv. */
static bool our_name(const char *name)
{
    if (!strcmp(name, "index.csv"))
        return true;
    size_t n = strlen(name);
    if (n < 5 || strcmp(name + n - 4, ".csv") != 0 || !is_digit(name[0]))
        return false;
    for (size_t i = 0; i < n - 4; i++)
        if (!(is_digit(name[i]) || (name[i] >= 'a' && name[i] <= 'z') || name[i] == '-'))
            return false;
    return true;
}

int tables_csv_write(const struct doc *d, enum csv_dialect dialect, const char *dir,
                     struct diag_list *dl)
{
    struct tables_csv t;
    tables_csv_render(d, dialect, &t);
    /* one batch: index.csv is the last file, so it is renamed in after every table it
     * lists */
    struct atomicfile_item *items = xcalloc(t.n ? t.n : 1, sizeof(*items));
    for (size_t i = 0; i < t.n; i++)
        items[i] = (struct atomicfile_item){t.files[i].name, t.files[i].data, t.files[i].len};
    int rc = atomicfile_write_dir(dir, items, t.n, dl);
    free(items);
    if (!rc) {
        DIR *dp = opendir(dir);
        struct dirent *e;
        while (dp && (e = readdir(dp)) != NULL) {
            if (!our_name(e->d_name))
                continue;
            bool written = false;
            for (size_t i = 0; i < t.n && !written; i++)
                written = !strcmp(t.files[i].name, e->d_name);
            if (!written && unlinkat(dirfd(dp), e->d_name, 0) != 0 && errno != ENOENT) {
                diag_error(dl, dir, 0, 0, "cannot remove the old table %s: %s", e->d_name,
                           strerror(errno));
                rc = -1;
            }
        }
        if (dp)
            closedir(dp);
    }
    tables_csv_release(&t);
    return rc;
}
