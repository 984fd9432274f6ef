/*
 * strbuf — see strbuf.h.
 */
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

char strbuf_empty[1];

void strbuf_init(struct strbuf *sb)
{
    sb->alloc = 0;
    sb->len = 0;
    sb->buf = strbuf_empty;
}

void strbuf_release(struct strbuf *sb)
{
    if (sb->alloc)
        free(sb->buf);
    strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
    strbuf_setlen(sb, 0);
}

char *strbuf_detach(struct strbuf *sb)
{
    char *res = sb->alloc ? sb->buf : xstrdup("");
    strbuf_init(sb);
    return res;
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->alloc)
        return;
    if (!sb->alloc) {
        size_t alloc = 0;
        char *p = xgrow(NULL, 1, sb->len + extra + 1, &alloc);
        memcpy(p, sb->buf, sb->len + 1);
        sb->buf = p;
        sb->alloc = alloc;
        return;
    }
    sb->buf = xgrow(sb->buf, 1, sb->len + extra + 1, &sb->alloc);
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    if (len)
        memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, int c)
{
    strbuf_grow(sb, 1);
    sb->buf[sb->len++] = (char)c;
    sb->buf[sb->len] = '\0';
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        BUG("vsnprintf failed for format '%s'", fmt);
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
    if (len > sb->len)
        BUG("strbuf_setlen beyond length (%zu > %zu)", len, sb->len);
    if (!sb->alloc)
        return; /* only the empty string can be shared */
    sb->len = len;
    sb->buf[len] = '\0';
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void strbuf_trim(struct strbuf *sb)
{
    size_t start = 0, end = sb->len;
    while (start < end && is_space(sb->buf[start]))
        start++;
    while (end > start && is_space(sb->buf[end - 1]))
        end--;
    if (!sb->alloc)
        return;
    memmove(sb->buf, sb->buf + start, end - start);
    strbuf_setlen(sb, end - start);
}
