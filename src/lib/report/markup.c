/*
 * markup — see markup.h.
 */
#include "report/markup.h"

#include <string.h>

#include "util/utf8.h"

static bool plain_ascii(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
}

void markup_escape(struct strbuf *out, const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    size_t i = 0;
    while (i < len) {
        /* a run of printable ASCII that needs no escape goes in one copy */
        size_t run = i;
        while (run < len && plain_ascii((unsigned char)s[run]))
            run++;
        if (run > i) {
            strbuf_add(out, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '&': strbuf_addstr(out, "&amp;"); break;
            case '<': strbuf_addstr(out, "&lt;"); break;
            case '>': strbuf_addstr(out, "&gt;"); break;
            case '"': strbuf_addstr(out, "&quot;"); break;
            case '\'': strbuf_addstr(out, "&#39;"); break;
            case '\t': case '\n': case '\r': strbuf_addch(out, (char)c); break;
            default:
                if (c < 0x20 || c == 0x7f)
                    strbuf_addstr(out, replacement);
                else
                    strbuf_addch(out, (char)c);
            }
            i++;
            continue;
        }
        size_t n = utf8_sequence_length(s + i, len - i);
        if (!n) {
            strbuf_addstr(out, replacement);
            i++;
        } else if ((n == 2 && c == 0xC2 && (unsigned char)s[i + 1] < 0xA0) ||
                   utf8_is_bidi_control(s + i, n)) {
            strbuf_addstr(out, replacement); /* C1 control, bidirectional override */
            i += n;
        } else {
            strbuf_add(out, s + i, n);
            i += n;
        }
    }
}

void markup_escape_str(struct strbuf *out, const char *s)
{
    if (s)
        markup_escape(out, s, strlen(s));
}
