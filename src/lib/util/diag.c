/*
 * diag — see diag.h.
 */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"
#include "util/xalloc.h"

void diag_list_init(struct diag_list *dl, size_t max_errors)
{
    memset(dl, 0, sizeof(*dl));
    dl->max_errors = max_errors;
}

void diag_list_clear(struct diag_list *dl)
{
    for (size_t i = 0; i < dl->n; i++) {
        free(dl->items[i].file);
        free(dl->items[i].message);
    }
    dl->n = 0;
    dl->n_errors = 0;
    dl->n_warnings = 0;
    dl->n_system = 0;
}

void diag_list_release(struct diag_list *dl)
{
    diag_list_clear(dl);
    free(dl->items);
    dl->items = NULL;
    dl->alloc = 0;
}

bool diag_full(const struct diag_list *dl)
{
    return dl->max_errors && dl->n_errors >= dl->max_errors;
}

void diag_vadd(struct diag_list *dl, enum diag_level level, const char *file, long line,
               long column, const char *fmt, va_list ap)
{
    if (level == DIAG_ERROR) {
        bool drop = diag_full(dl);
        dl->n_errors++;
        if (drop)
            return;
    } else if (level == DIAG_WARNING) {
        dl->n_warnings++;
    }
    struct strbuf msg = STRBUF_INIT;
    strbuf_vaddf(&msg, fmt, ap);
    dl->items = xgrow(dl->items, sizeof(*dl->items), dl->n + 1, &dl->alloc);
    struct diag *d = &dl->items[dl->n++];
    d->level = level;
    d->file = file ? xstrdup(file) : NULL;
    d->line = line;
    d->column = column;
    d->message = strbuf_detach(&msg);
}

void diag_add(struct diag_list *dl, enum diag_level level, const char *file, long line,
              long column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(dl, level, file, line, column, fmt, ap);
    va_end(ap);
}

void diag_format(const struct diag *d, struct strbuf *out)
{
    if (d->file) {
        strbuf_addstr(out, d->file);
        if (d->line > 0) {
            strbuf_addf(out, ":%ld", d->line);
            if (d->column > 0)
                strbuf_addf(out, ":%ld", d->column);
        }
        strbuf_addstr(out, ": ");
    }
    if (d->level == DIAG_WARNING)
        strbuf_addstr(out, "warning: ");
    else if (d->level == DIAG_NOTE)
        strbuf_addstr(out, "note: ");
    strbuf_addstr(out, d->message);
}

void diag_print(const struct diag_list *dl, FILE *fp, const char *prefix)
{
    struct strbuf line = STRBUF_INIT;
    size_t shown_errors = 0;
    for (size_t i = 0; i < dl->n; i++) {
        strbuf_reset(&line);
        diag_format(&dl->items[i], &line);
        if (prefix)
            fprintf(fp, "%s: %s\n", prefix, line.buf);
        else
            fprintf(fp, "%s\n", line.buf);
        if (dl->items[i].level == DIAG_ERROR)
            shown_errors++;
    }
    if (dl->n_errors > shown_errors)
        fprintf(fp, "%s%s%zu more error%s not shown\n", prefix ? prefix : "", prefix ? ": " : "",
                dl->n_errors - shown_errors, dl->n_errors - shown_errors == 1 ? "" : "s");
    strbuf_release(&line);
}

void diag_quote(struct strbuf *out, const char *text, size_t len, size_t max_chars)
{
    strbuf_addch(out, '\'');
    size_t i = 0;
    while (i < len) {
        if (i >= max_chars) {
            strbuf_addstr(out, "...");
            break;
        }
        unsigned char c = (unsigned char)text[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence_length(text + i, len - i);
            if (n) {
                strbuf_add(out, text + i, n);
                i += n;
                continue;
            }
        }
        if (c < 0x20 || c == 0x7f || c >= 0x80)
            strbuf_addf(out, "\\x%02x", c);
        else if (c == '\\' || c == '\'')
            strbuf_addf(out, "\\%c", c);
        else
            strbuf_addch(out, c);
        i++;
    }
    strbuf_addch(out, '\'');
}
