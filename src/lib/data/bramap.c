/*
 * bramap — see bramap.h.
 */
#include "data/bramap.h"

#include <stdlib.h>
#include <string.h>

#include "data/inifile.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

static bool valid_key(const char *s)
{
    if (!*s || strlen(s) > 200)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}

static bool is_label_key(const char *key)
{
    return !strcmp(key, "bra") || (!strncmp(key, "bra.", 4) && key[4]);
}

/* The folded form of a label, as the lookup table keys it. */
static void fold_label(struct strbuf *out, const char *s, size_t len)
{
    text_trim_blank(&s, &len);
    strbuf_reset(out);
    text_fold(out, s, len);
}

/* Adds the labels of section s with value idx; a label already mapped is an error. */
static void add_labels(struct bramap *m, const struct ini_file *f, struct ini_section *s,
                       int64_t idx, struct diag_list *dl)
{
    struct strbuf key = STRBUF_INIT;
    bool any = false;
    for (size_t i = 0; i < s->n; i++) {
        struct ini_entry *e = &s->entries[i];
        if (!is_label_key(e->key))
            continue;
        e->used = 1;
        any = true;
        fold_label(&key, e->value, strlen(e->value));
        int64_t old;
        if (!key.len)
            diag_error(dl, f->path, e->line, 0, "'%s' in [%s] is empty", e->key, s->name);
        else if (strmap_get(&m->labels, key.buf, key.len, &old))
            diag_error(dl, f->path, e->line, 0,
                       "the Brå label '%s' is mapped twice (also in [%s%s])", e->value,
                       old < 0 ? "" : "category ", old < 0 ? "ignore" : m->cats[old].key);
        else
            strmap_put(&m->labels, key.buf, key.len, idx);
    }
    if (!any)
        diag_error(dl, f->path, s->line, 0, "[%s] names no Brå label (bra = …)", s->name);
    strbuf_release(&key);
}

static char *opt_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static struct bramap *build(struct ini_file *f, struct diag_list *dl)
{
    size_t errors = dl->n_errors;
    struct bramap *m = xcalloc(1, sizeof(*m));
    m->path = xstrdup(f->path);
    strmap_init(&m->labels);
    m->cats = xcalloc(f->n ? f->n : 1, sizeof(*m->cats));
    for (size_t i = 0; i < f->n; i++) {
        struct ini_section *s = &f->sections[i];
        if (!strcmp(s->name, "ignore")) {
            add_labels(m, f, s, -1, dl);
        } else if (!strcmp(s->type, "category")) {
            if (!valid_key(s->id)) {
                diag_error(dl, f->path, s->line, 0,
                           "[%s]: a category key is letters, digits, '_' and '-' (e.g. "
                           "[category narkotika])",
                           s->name);
                continue;
            }
            for (size_t k = 0; k < m->n_cats; k++)
                if (!strcmp(m->cats[k].key, s->id))
                    diag_error(dl, f->path, s->line, 0, "category '%s' appears twice", s->id);
            struct bramap_category *c = &m->cats[m->n_cats];
            c->key = xstrdup(s->id);
            c->label_sv = opt_dup(ini_value(s, "label.sv"));
            c->label_en = opt_dup(ini_value(s, "label.en"));
            struct ini_entry *d = ini_get(s, "detection");
            if (d) {
                static const char *const ok[] = {"police", "victim", "activity", "unknown"};
                bool found = false;
                for (size_t k = 0; k < 4; k++)
                    found |= !strcmp(d->value, ok[k]);
                if (!found)
                    diag_error(dl, f->path, d->line, 0,
                               "detection '%s': use police, victim, activity or unknown",
                               d->value);
                c->detection = xstrdup(d->value);
            }
            add_labels(m, f, s, (int64_t)m->n_cats, dl);
            m->n_cats++;
        } else {
            diag_error(dl, f->path, s->line, 0,
                       "unknown section [%s] (expected [category KEY] or [ignore])", s->name);
            continue;
        }
        ini_report_unused(f, s, dl);
    }
    if (dl->n_errors == errors && m->labels.n == 0)
        diag_error(dl, f->path, 0, 0, "maps no Brå label; add a [category KEY] section");
    if (dl->n_errors > errors) {
        bramap_free(m);
        return NULL;
    }
    return m;
}

struct bramap *bramap_load(const char *path, struct diag_list *dl)
{
    struct ini_file *f = ini_file_load(path, dl);
    if (!f)
        return NULL;
    struct bramap *m = build(f, dl);
    ini_file_free(f);
    return m;
}

struct bramap *bramap_parse(const char *name, const char *text, size_t len,
                            struct diag_list *dl)
{
    struct ini_file *f = ini_file_parse(name, text, len, dl);
    if (!f)
        return NULL;
    struct bramap *m = build(f, dl);
    ini_file_free(f);
    return m;
}

void bramap_free(struct bramap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_cats; i++) {
        free(m->cats[i].key);
        free(m->cats[i].label_sv);
        free(m->cats[i].label_en);
        free(m->cats[i].detection);
    }
    free(m->cats);
    free(m->path);
    strmap_release(&m->labels);
    free(m);
}

enum bramap_result bramap_lookup(const struct bramap *m, const char *label, size_t len,
                                 const struct bramap_category **cat)
{
    struct strbuf key = STRBUF_INIT;
    fold_label(&key, label, len);
    int64_t v;
    bool found = strmap_get(&m->labels, key.buf, key.len, &v);
    strbuf_release(&key);
    if (!found)
        return BRAMAP_UNMAPPED;
    if (v < 0)
        return BRAMAP_IGNORED;
    *cat = &m->cats[v];
    return BRAMAP_CATEGORY;
}
