/*
 * inifile — see inifile.h.
 */
#include "data/inifile.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/io.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/unicode.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct reader {
    struct ini_file *f;
    struct diag_list *dl;
    const char *name;
    const char *text;
    size_t len, pos;
    long line;
    bool at_line_start;
    struct ini_section *current; /* the section the last header opened */
    bool stop;                   /* over a limit (inifile.h): read no further */
    long long_line;              /* the first line longer than libinih reads, 0 = none */
};

static struct ini_section *add_section(struct reader *r, const char *name, size_t len, long line)
{
    const char *s = name;
    size_t n = len;
    text_trim(&s, &n);
    if (r->f->n >= INI_MAX_SECTIONS) {
        diag_error(r->dl, r->name, line, 0,
                   "more than %d sections; the file is read no further (a spec holds at "
                   "most a few hundred)",
                   INI_MAX_SECTIONS);
        r->stop = true;
        return NULL;
    }
    for (size_t i = 0; i < r->f->n; i++)
        if (strlen(r->f->sections[i].name) == n && !memcmp(r->f->sections[i].name, s, n)) {
            diag_error(r->dl, r->name, line, 0, "section [%s] appears twice (first at line %ld)",
                       r->f->sections[i].name, r->f->sections[i].line);
            return NULL;
        }
    r->f->sections = xgrow(r->f->sections, sizeof(*r->f->sections), r->f->n + 1, &r->f->alloc);
    struct ini_section *sec = &r->f->sections[r->f->n++];
    memset(sec, 0, sizeof(*sec));
    sec->name = xstrndup(s, n);
    sec->line = line;
    size_t k = 0;
    while (k < n && s[k] != ' ' && s[k] != '\t')
        k++;
    sec->type = xstrndup(s, k);
    const char *id = s + k;
    size_t idlen = n - k;
    text_trim(&id, &idlen);
    sec->id = xstrndup(id, idlen);
    return sec;
}

static char *line_reader(char *str, int num, void *stream)
{
    struct reader *r = stream;
    if (r->pos >= r->len || num < 2 || r->stop)
        return NULL;
    size_t cap = (size_t)num - 1, n = 0;
    const char *start = r->text + r->pos;
    while (n < cap && r->pos + n < r->len) {
        char c = start[n++];
        /* "\n", "\r\n", or a lone "\r" (a file saved with old Mac line ends: read
         * as one long line, every key after the first would be lost) */
        if (c == '\n' || (c == '\r' && (r->pos + n >= r->len || start[n] != '\n')))
            break;
    }
    memcpy(str, start, n);
    str[n] = '\0';
    if (r->at_line_start) {
        r->line++;
        size_t avail = r->len - r->pos, k = 0;
        if (!r->long_line && text_line_length(start, avail) >= INI_MAX_LINE_BYTES)
            r->long_line = r->line;
        if (r->line == 1 && utf8_has_bom(start, avail))
            k = 3;
        while (k < avail && (start[k] == ' ' || start[k] == '\t'))
            k++;
        if (k < avail && start[k] == '[') {
            size_t a = k + 1, b = a;
            while (b < avail && start[b] != ']' && start[b] != '\n' && start[b] != '\r')
                b++;
            if (b < avail && start[b] == ']')
                r->current = add_section(r, start + a, b - a, r->line);
        }
    }
    r->pos += n;
    r->at_line_start = n > 0 && (start[n - 1] == '\n' || start[n - 1] == '\r');
    return str;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    struct reader *r = user;
    if (!*section) {
        diag_error(r->dl, r->name, r->line, 0, "key '%s' comes before any [section]", key);
        return 1;
    }
    struct ini_section *s = r->current;
    if (!s || strcmp(s->name, section) || r->stop)
        return 1; /* a duplicate section, already reported */
    if (s->n >= INI_MAX_KEYS) {
        diag_error(r->dl, r->name, r->line, 0,
                   "more than %d keys in [%s]; the file is read no further", INI_MAX_KEYS,
                   s->name);
        r->stop = true;
        return 1;
    }
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->entries[i].key, key)) {
            diag_error(r->dl, r->name, r->line, 0,
                       "key '%s' is given twice in [%s] (first at line %ld)", key, s->name,
                       s->entries[i].line);
            return 1;
        }
    s->entries = xgrow(s->entries, sizeof(*s->entries), s->n + 1, &s->alloc);
    struct ini_entry *e = &s->entries[s->n++];
    e->key = xstrdup(key);
    /* one name, one spelling: values (names, labels, titles) are read in NFC */
    size_t nl;
    char *nfc = unicode_nfc(value, strlen(value), &nl);
    if (nfc)
        diag_warning(r->dl, r->name, r->line, 0,
                     "the value of '%s' is not in Unicode NFC (e.g. a decomposed å, ä or ö, "
                     "as macOS writes it): read in its composed form",
                     key);
    e->value = nfc ? nfc : xstrdup(value);
    e->line = r->line;
    e->used = 0;
    return 1;
}

struct ini_file *ini_file_parse(const char *name, const char *text, size_t len,
                                struct diag_list *dl)
{
    size_t errors = dl->n_errors;
    struct ini_file *f = xcalloc(1, sizeof(*f));
    f->path = xstrdup(name);
    sha256_buffer(text, len, f->sha256);
    size_t bad;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        long line, col;
        text_position(text, (size_t)(nul - text), &line, &col);
        diag_error(dl, name, line, col, "contains a NUL byte; expected a text file");
        ini_file_free(f);
        return NULL;
    }
    /* a byte-order mark is skipped at the start; anywhere else it would become part of
     * a name */
    for (size_t i = utf8_has_bom(text, len) ? 3 : 1; i + 2 < len; i++)
        if ((unsigned char)text[i] == 0xEF && (unsigned char)text[i + 1] == 0xBB &&
            (unsigned char)text[i + 2] == 0xBF) {
            long line;
            text_position(text, i, &line, NULL);
            diag_error(dl, name, line, 0,
                       "a byte-order mark (U+FEFF) inside the file: it is allowed only at the "
                       "very start");
            ini_file_free(f);
            return NULL;
        }
    if (!utf8_valid(text, len, &bad)) {
        long line;
        text_position(text, bad, &line, NULL);
        diag_error(dl, name, line, 0, "not valid UTF-8 (byte 0x%02x); save the file as UTF-8",
                   (unsigned char)text[bad]);
        ini_file_free(f);
        return NULL;
    }
    struct reader r = {f, dl, name, text, len, 0, 0, true, NULL, false, 0};
    ini_allow_multiline = false;
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = INI_MAX_LINE_BYTES;
    ini_allow_bom = true;
    ini_stop_on_first_error = false;
    int rc = ini_parse_stream(line_reader, &r, handler, &r);
    if (rc > 0 && r.long_line && rc >= r.long_line) /* libinih read it in pieces */
        diag_error(dl, name, r.long_line, 0, "the line is too long: a line holds at most %d bytes",
                   INI_MAX_LINE_BYTES - 1);
    else if (rc > 0)
        diag_error(dl, name, rc, 0, "expected '[section]' or 'key = value'");
    else if (rc < 0)
        diag_error(dl, name, 0, 0, "cannot parse (out of memory)");
    if (dl->n_errors > errors) {
        ini_file_free(f);
        return NULL;
    }
    return f;
}

struct ini_file *ini_file_load(const char *path, struct diag_list *dl)
{
    FILE *fp = io_fopen_regular(path, NULL, dl);
    if (!fp)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0 && sb.len <= (16u << 20))
        strbuf_add(&sb, buf, n);
    int err = ferror(fp) ? errno : 0;
    fclose(fp);
    if (err || sb.len > (16u << 20)) {
        if (err) /* an I/O error: exit 3, not a verdict on the file (util/io.h) */
            io_diag_read_errno(dl, path, err, "cannot read");
        else
            diag_error(dl, path, 0, 0, "larger than 16 MiB");
        strbuf_release(&sb);
        return NULL;
    }
    struct ini_file *f = ini_file_parse(path, sb.buf, sb.len, dl);
    strbuf_release(&sb);
    return f;
}

void ini_file_free(struct ini_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        struct ini_section *s = &f->sections[i];
        for (size_t k = 0; k < s->n; k++) {
            free(s->entries[k].key);
            free(s->entries[k].value);
        }
        free(s->entries);
        free(s->name);
        free(s->type);
        free(s->id);
    }
    free(f->sections);
    free(f->path);
    free(f);
}

struct ini_entry *ini_get(struct ini_section *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->entries[i].key, key)) {
            s->entries[i].used = 1;
            return &s->entries[i];
        }
    return NULL;
}

const char *ini_value(struct ini_section *s, const char *key)
{
    struct ini_entry *e = ini_get(s, key);
    return e ? e->value : NULL;
}

void ini_report_unused(const struct ini_file *f, const struct ini_section *s, struct diag_list *dl)
{
    for (size_t i = 0; i < s->n; i++)
        if (!s->entries[i].used)
            diag_error(dl, f->path, s->entries[i].line, 0, "unknown key '%s' in [%s]",
                       s->entries[i].key, s->name);
}
