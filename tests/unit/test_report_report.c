/*
 * Unit tests for the report writers in src/lib/report: markup escaping, SVG cleaning,
 * the HTML page and the Markdown file, each fed a report whose every text carries a
 * hostile label.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"
#include "sampledoc.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/markup.h"
#include "report/plot.h"
#include "report/svg.h"
#include "util/strbuf.h"

static const char HOSTILE[] =
    "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp; ]]> `x` | *y* [z](http://e) "
    "\"); system(\"touch /tmp/pwned\"); #";

/* Case-insensitive strstr. */
static const char *find_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t k = 0;
        while (k < n && hay[k] && tolower((unsigned char)hay[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return hay;
    }
    return NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static void markup_escape_covers_the_five(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    markup_escape_str(&sb, "<a href=\"x\" title='y'>&amp;</a>\x01\xff\tå");
    assert_string_equal(sb.buf, "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
                                "\xEF\xBF\xBD\xEF\xBF\xBD\tå");
    strbuf_release(&sb);
}

static void svg_clean_keeps_drawing_and_drops_the_rest(void **state)
{
    (void)state;
    const char *in =
        "<?xml version=\"1.0\"?>\n<!-- c -->\n"
        "<svg viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" "
        "xmlns:xlink='http://www.w3.org/1999/xlink'>\n"
        "<title>Gnuplot</title><desc>x</desc>"
        "<script>alert(2)</script><style>*{background:url(http://e/x)}</style>"
        "<defs><circle id='gpPt0' r='1'/></defs>"
        "<g id=\"g1\" fill=\"url(#grad)\" style=\"x\" onclick=\"alert(3)\">"
        "<use xlink:href='#gpPt0'/><use href='http://evil/x#y'/>"
        "<text x=\"1\">a &lt;b> &amp; \"c\" ]]> &#x263A; &#65;</text>"
        "<foreignObject><div>html</div></foreignObject>"
        "<a href=\"javascript:alert(4)\"><text>in a link</text></a>"
        "<path d=\"M0,0 L1,1\" filter=\"url(http://e/f)\"/>"
        "<text><![CDATA[<b>cdata</b>]]></text>"
        "</g></svg>\n";
    struct strbuf out = STRBUF_INIT;
    struct svg_clean_options opt = {"chart-x", "Alt <text>", false};
    const char *why = NULL;
    assert_int_equal(svg_clean(in, strlen(in), &opt, &out, &why), 0);
    const char *s = out.buf;
    assert_null(find_ci(s, "<script"));
    assert_null(find_ci(s, "alert"));
    assert_null(find_ci(s, "<style"));
    assert_null(find_ci(s, "http://e"));
    assert_null(find_ci(s, "evil"));
    assert_null(find_ci(s, "foreignObject"));
    assert_null(find_ci(s, "in a link"));
    assert_null(find_ci(s, "style="));
    assert_null(strstr(s, "Gnuplot"));
    assert_non_null(strstr(s, "<text x=\"1\">a &lt;b&gt; &amp; &quot;c&quot; ]]&gt; \xE2\x98\xBA A</text>"));
    assert_non_null(strstr(s, "<text>&lt;b&gt;cdata&lt;/b&gt;</text>"));
    assert_non_null(strstr(s, "id=\"chart-x-gpPt0\""));
    assert_non_null(strstr(s, "xlink:href=\"#chart-x-gpPt0\""));
    assert_non_null(strstr(s, "fill=\"url(#chart-x-grad)\""));
    assert_non_null(strstr(s, "role=\"img\" aria-label=\"Alt &lt;text&gt;\""));
    assert_non_null(strstr(s, "<title>Alt &lt;text&gt;</title>"));
    assert_non_null(strstr(s, "<path d=\"M0,0 L1,1\"/>"));
    strbuf_release(&out);
}

/* Script in any kept attribute's value is dropped, in any letter case, also where the
 * fast path that skips values without ':' or '(' must not skip (0x1A folds to ':' and
 * 0x08 to '(' in the case-insensitive match); values and text with entities between
 * plain runs come out whole. */
static void svg_clean_drops_script_values(void **state)
{
    (void)state;
    const char *in = "<svg><g fill=\"JaVaScRiPt:x\" stroke=\"red\"/>"
                     "<g fill=\"eXpReSsIoN(1)\" stroke=\"blue\"/>"
                     "<g fill=\"javascript\x1a\" stroke=\"green\"/>"
                     "<g fill=\"expression\x08\" stroke=\"navy\"/>"
                     "<g fill=\"a:b(c)\" stroke=\"tan\"/>"
                     "<text x=\"a&amp;b&#65;c&lt;\">x&amp;y&#x42;z &gt;</text></svg>";
    struct strbuf out = STRBUF_INIT;
    const char *why = NULL;
    assert_int_equal(svg_clean(in, strlen(in), NULL, &out, &why), 0);
    assert_string_equal(out.buf,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        "xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                        "<g stroke=\"red\"/><g stroke=\"blue\"/><g stroke=\"green\"/>"
                        "<g stroke=\"navy\"/><g fill=\"a:b(c)\" stroke=\"tan\"/>"
                        "<text x=\"a&amp;bAc&lt;\">x&amp;yBz &gt;</text></svg>");
    strbuf_release(&out);
}

static void svg_clean_refuses_what_is_not_well_formed(void **state)
{
    (void)state;
    const char *bad[] = {
        "<svg><g></svg>", "<svg>&unknown;</svg>", "<html></html>", "<svg a=b></svg>",
        "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg>&x;</svg>", "<svg></svg><svg></svg>",
        "text<svg></svg>", "<svg>", "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct strbuf out = STRBUF_INIT;
        strbuf_addstr(&out, "keep");
        const char *why = NULL;
        assert_int_equal(svg_clean(bad[i], strlen(bad[i]), NULL, &out, &why), -1);
        assert_non_null(why);
        assert_string_equal(out.buf, "keep");
        strbuf_release(&out);
    }
}

/* Draws the sample doc's charts into dir/charts (for the inlining tests). */
static void draw_charts(const struct doc *d, const char *charts)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct plot_options opt = {"plots", {NULL, 0}, "sv", false};
    enum plot_status st = plot_render_doc(d, charts, &opt, &dl);
    if (st != PLOT_OK)
        diag_print(&dl, stderr, "plot");
    assert_int_equal(st, PLOT_OK);
    diag_list_release(&dl);
}

static void html_escapes_every_block_kind(void **state)
{
    (void)state;
    char *dir = make_temp_dir("html");
    char charts[2048];
    snprintf(charts, sizeof(charts), "%s/charts", dir);
    struct doc *d = sample_doc("sv", HOSTILE);
    draw_charts(d, charts);
    struct html_options opt = {charts, "charts", "trygg test", false};
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    html_render(d, &opt, &out, &dl);
    assert_int_equal(dl.n, 0);
    const char *s = out.buf;
    /* nothing from the data became markup */
    assert_null(find_ci(s, "<script"));
    assert_null(find_ci(s, "<img"));
    /* the escaped text is there, once per text of the doc (and of the charts) */
    const char *escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
                          "&quot;&#39;&amp;amp; ]]&gt; `x` | *y* [z](http://e) "
                          "&quot;); system(&quot;touch /tmp/pwned&quot;); #";
    assert_true(count(s, escaped) >= 20);
    /* structure */
    assert_non_null(strstr(s, "<html lang=\"sv\">"));
    assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(s, "Content-Security-Policy"));
    assert_non_null(strstr(s, "<nav class=\"toc\""));
    assert_non_null(strstr(s, "<a href=\"#summary\">"));
    assert_non_null(strstr(s, "<h2 id=\"summary\">"));
    assert_non_null(strstr(s, "<h3 id=\"results-table\">"));
    assert_non_null(strstr(s, "Varning:</strong>")); /* a callout is a note, not a verdict */
    assert_non_null(strstr(s, "<td class=\"tone-good\"><span class=\"mark\" title=\"Uppfyllt\">"));
    assert_non_null(strstr(s, "<td class=\"num\">42 %</td>"));
    assert_non_null(strstr(s, "<dl class=\"kv\">"));
    assert_non_null(strstr(s, "@media print"));
    assert_non_null(strstr(s, "@page{size:A4"));
    /* five inline charts with their own id prefixes and SVG links; no PNG was drawn,
     * so none is linked */
    assert_int_equal(count(s, "<svg "), 5);
    assert_non_null(strstr(s, "id=\"chart-unsafe_night-gpPt0\""));
    assert_non_null(strstr(s, "id=\"chart-drug_its-gpPt0\""));
    assert_non_null(strstr(s, "<a href=\"charts/unsafe_night.svg\">SVG</a>"));
    assert_null(strstr(s, ".png"));
    assert_null(strstr(s, "<?xml"));
    assert_null(strstr(s, "class=\"chart-missing\""));
    /* no reference to anything outside the page but the chart files */
    assert_null(find_ci(s, " src=\""));
    assert_null(find_ci(s, "https:"));
    assert_null(find_ci(s, "<link"));
    /* a run that drew PNGs too (--png) links both */
    strbuf_reset(&out);
    opt.png = true;
    html_render(d, &opt, &out, &dl);
    assert_non_null(strstr(out.buf, "<a href=\"charts/unsafe_night.png\">PNG</a> · "
                                     "<a href=\"charts/unsafe_night.svg\">SVG</a>"));
    strbuf_release(&out);
    diag_list_release(&dl);
    doc_free(d);
    rm_rf(dir);
    free(dir);
}

static void html_without_charts_shows_notes(void **state)
{
    (void)state;
    struct doc *d = sample_doc("en", NULL);
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    html_render(d, NULL, &out, &dl);
    assert_int_equal(count(out.buf, "class=\"chart-missing\""), 5);
    assert_non_null(strstr(out.buf, "The chart could not be drawn."));
    assert_non_null(strstr(out.buf, "<html lang=\"en\">"));
    assert_non_null(strstr(out.buf, "Warning:</strong>"));
    assert_null(strstr(out.buf, "<svg"));
    strbuf_release(&out);
    diag_list_release(&dl);
    doc_free(d);
}

static void html_unreadable_svg_is_a_warning(void **state)
{
    (void)state;
    char *dir = make_temp_dir("htmlbad");
    char path[4096];
    snprintf(path, sizeof(path), "%s/unsafe_night.svg", dir);
    write_file(path, "<svg><g></svg>", 14);
    struct doc *d = sample_doc("sv", NULL);
    struct html_options opt = {dir, NULL, NULL, false};
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    html_render(d, &opt, &out, &dl);
    assert_int_equal(dl.n_warnings, 1);
    assert_non_null(strstr(dl.items[0].message, "unsafe_night"));
    assert_non_null(strstr(out.buf, "Diagrammet kunde inte ritas."));
    strbuf_release(&out);
    diag_list_release(&dl);
    doc_free(d);
    rm_rf(dir);
    free(dir);
}

static void html_anchors_are_unique(void **state)
{
    (void)state;
    struct doc *d = doc_new("en", "T", NULL);
    doc_heading(d, 1, "a", "One");
    doc_heading(d, 1, "a", "Two");
    doc_heading(d, 2, "Bad Id!", "Three");
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    html_render(d, NULL, &out, &dl);
    assert_non_null(strstr(out.buf, "<h2 id=\"a\">"));
    assert_non_null(strstr(out.buf, "<h2 id=\"a-2\">"));
    assert_non_null(strstr(out.buf, "<h3 id=\"s3\">"));
    assert_non_null(strstr(out.buf, "<li><a href=\"#a-2\">Two</a><ol>\n<li><a href=\"#s3\">Three</a></li></ol></li>"));
    strbuf_release(&out);
    diag_list_release(&dl);
    doc_free(d);
}

/* The contents list: sections of one level are siblings, not all nested under the
 * first (the bundled reports have no level-1 heading); a level-2 heading after a
 * level-1 one nests under it. */
static void html_toc_nests_only_under_a_parent(void **state)
{
    (void)state;
    struct html_options opt = {NULL, "charts", "trygg test", false};
    struct doc *d = doc_new("sv", "T", "S");
    doc_heading(d, 2, "summary", "Sammanfattning");
    doc_heading(d, 2, "survey", "Enkätresultat");
    doc_heading(d, 2, "methods", "Metoder");
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 0);
    html_render(d, &opt, &out, &dl);
    assert_non_null(strstr(out.buf, "<ol>\n<li><a href=\"#summary\">Sammanfattning</a></li>\n"
                                    "<li><a href=\"#survey\">Enkätresultat</a></li>\n"
                                    "<li><a href=\"#methods\">Metoder</a></li>\n</ol>"));
    assert_null(strstr(out.buf, "<ol><li"));
    doc_free(d);
    strbuf_reset(&out);
    d = doc_new("sv", "T", "S");
    doc_heading(d, 1, "a", "A");
    doc_heading(d, 2, "a1", "A1");
    doc_heading(d, 1, "b", "B");
    html_render(d, &opt, &out, &dl);
    assert_non_null(strstr(out.buf, "<li><a href=\"#a\">A</a><ol>\n<li><a href=\"#a1\">A1</a></ol></li>\n"
                                    "<li><a href=\"#b\">B</a></li>"));
    doc_free(d);
    diag_list_release(&dl);
    strbuf_release(&out);
}

static void md_escape_makes_text_literal(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    const char *in = "# a *b* _c_ `d` [e](f) <g> | h & i ~ \\ j &amp; <!x";
    md_escape(&sb, in, strlen(in));
    assert_string_equal(sb.buf,
                        "\\# a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| h & i ~ \\\\ j "
                        "\\&amp; \\<!x");
    strbuf_reset(&sb);
    md_escape(&sb, "  1. item\nsecond line", 21);
    assert_string_equal(sb.buf, "1\\. item second line");
    /* only what Markdown would read as markup: numbers stay as they are */
    static const struct {
        const char *in, *block, *inline_;
    } cases[] = {
        {"-5 och +3 = 2. okej", "-5 och +3 = 2. okej", "-5 och +3 = 2. okej"},
        {"0.932", "0.932", "0.932"},
        {"-0.0719 to -0.0309", "-0.0719 to -0.0309", "-0.0719 to -0.0309"},
        {"< 0.001", "< 0.001", "< 0.001"},
        {"2018. Then", "2018\\. Then", "2018. Then"},
        {"12) x", "12\\) x", "12) x"},
        {"- item", "\\- item", "- item"},
        {"+ item", "\\+ item", "+ item"},
        {"---", "\\---", "---"},
        {"===", "\\===", "==="},
        {"> quote", "\\> quote", "\\> quote"},
        {"trygghet_2015.csv", "trygghet_2015.csv", "trygghet_2015.csv"},
        {"_x_ a_ _b", "\\_x\\_ a\\_ \\_b", "\\_x\\_ a\\_ \\_b"},
        {"Öst_är", "Öst_är", "Öst_är"},
        {"a & b; &#60;", "a & b; \\&#60;", "a & b; \\&#60;"},
        {"1 < 2 </a>", "1 < 2 \\</a\\>", "1 < 2 \\</a\\>"},
        {"svyby(~y, ~cell) a~b ~~c", "svyby(~y, ~cell) a\\~b \\~\\~c", "svyby(~y, ~cell) a\\~b \\~\\~c"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        strbuf_reset(&sb);
        md_escape(&sb, cases[i].in, strlen(cases[i].in));
        assert_string_equal(sb.buf, cases[i].block);
        strbuf_reset(&sb);
        md_escape_inline(&sb, cases[i].in, strlen(cases[i].in));
        assert_string_equal(sb.buf, cases[i].inline_);
    }
    strbuf_release(&sb);
}

static void markdown_escapes_every_block_kind(void **state)
{
    (void)state;
    char *dir = make_temp_dir("md");
    char png[4096];
    snprintf(png, sizeof(png), "%s/unsafe_night.svg", dir);
    write_file(png, "<svg/>", 6);
    snprintf(png, sizeof(png), "%s/drug_its.png", dir);
    write_file(png, "\x89PNG", 4);
    struct doc *d = sample_doc("sv", HOSTILE);
    struct markdown_options opt = {dir, "charts", "trygg test", false};
    struct strbuf out = STRBUF_INIT;
    /* with --png the PNG is linked, when it exists (drug_its's; unsafe_night has none) */
    opt.png = true;
    markdown_render(d, &opt, &out);
    assert_non_null(strstr(out.buf, "](charts/drug_its.png)\n"));
    assert_null(strstr(out.buf, "unsafe_night.png"));
    assert_null(strstr(out.buf, ".svg)"));
    strbuf_reset(&out);
    /* by default the SVG (a stale PNG beside it is not linked) */
    opt.png = false;
    markdown_render(d, &opt, &out);
    const char *s = out.buf;
    assert_null(strstr(s, ".png)"));
    /* every '<', '[', '|' and '`' from the data is escaped */
    for (const char *p = strstr(s, "<script"); p; p = strstr(p + 1, "<script"))
        assert_true(p > s && p[-1] == '\\');
    for (const char *p = strstr(s, "[z]"); p; p = strstr(p + 1, "[z]"))
        assert_true(0);
    assert_null(strstr(s, " `x` "));
    assert_non_null(strstr(s, "\\<script\\>alert(1)\\</script\\>"));
    /* a table row keeps its four cells: no unescaped | from the data */
    assert_non_null(strstr(s, "| Område \\<script\\>"));
    assert_non_null(strstr(s, "| ---: |"));
    assert_non_null(strstr(s, "| \xE2\x9C\x93 Uppfyllt |"));
    assert_non_null(strstr(s, "> **\xE2\x9C\x97 Varning:** Kriteriet uppfylldes inte."));
    assert_non_null(strstr(s, "![Stapeldiagram \\<script\\>"));
    assert_non_null(strstr(s, "](charts/unsafe_night.svg)\n"));
    assert_non_null(strstr(s, "*Diagrammet kunde inte ritas: Narkotikabrott per månad*"));
    assert_non_null(strstr(s, "- **Indata:** sha256:abc"));
    assert_non_null(strstr(s, "## Sammanfattning"));
    assert_non_null(strstr(s, "### Tabell"));
    strbuf_release(&out);
    doc_free(d);
    rm_rf(dir);
    free(dir);
}

static void writers_write_files_atomically(void **state)
{
    (void)state;
    char *dir = make_temp_dir("writers");
    char html[4096], md[4096];
    snprintf(html, sizeof(html), "%s/report.html", dir);
    snprintf(md, sizeof(md), "%s/report.md", dir);
    struct doc *d = sample_doc("en", NULL);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    assert_int_equal(html_write(d, NULL, html, &dl), 0);
    assert_int_equal(markdown_write(d, NULL, md, &dl), 0);
    struct stat st;
    assert_int_equal(stat(html, &st), 0);
    assert_true(st.st_size > 1000);
    assert_int_equal(stat(md, &st), 0);
    char bad[4096];
    snprintf(bad, sizeof(bad), "%s/missing/report.html", dir);
    assert_int_equal(html_write(d, NULL, bad, &dl), -1);
    assert_int_equal(dl.n_errors, 1);
    diag_list_release(&dl);
    doc_free(d);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(markup_escape_covers_the_five),
        cmocka_unit_test(svg_clean_keeps_drawing_and_drops_the_rest),
        cmocka_unit_test(svg_clean_drops_script_values),
        cmocka_unit_test(svg_clean_refuses_what_is_not_well_formed),
        cmocka_unit_test(html_escapes_every_block_kind),
        cmocka_unit_test(html_without_charts_shows_notes),
        cmocka_unit_test(html_unreadable_svg_is_a_warning),
        cmocka_unit_test(html_anchors_are_unique),
        cmocka_unit_test(html_toc_nests_only_under_a_parent),
        cmocka_unit_test(md_escape_makes_text_literal),
        cmocka_unit_test(markdown_escapes_every_block_kind),
        cmocka_unit_test(writers_write_files_atomically),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
