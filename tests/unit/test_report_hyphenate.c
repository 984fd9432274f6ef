/*
 * report/hyphenate: soft hyphens (U+00AD) at the TeX patterns' break points of the
 * report's language in long plain words, never in numbers, dates, codes, paths, URLs
 * or identifiers; dates and number ranges in a nowrap span; text from data still
 * escaped.  The expected break points are those of Debian 12's hyphen-sv and
 * hyphen-en-us (scripts/install-deps.sh runtime installs them).  And report.html
 * uses it where text is set narrow (table cells, headings, captions, callouts) and
 * nowhere else (the <title>, attributes, number cells, code).
 */
#include <stdio.h>
#include <string.h>

#include "testutil.h"
#include "eval/doc.h"
#include "report/html.h"
#include "report/hyphenate.h"
#include "util/strbuf.h"
#include "util/table.h"

#define SHY "\xC2\xAD"

static struct hyphenator *sv, *en;

static int setup(void **state)
{
    (void)state;
    sv = hyphenator_open("sv", NULL);
    en = hyphenator_open("en", NULL);
    if (!sv || !en) {
        fprintf(stderr, "the hyphenation patterns are missing: scripts/install-deps.sh runtime\n");
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    hyphenator_close(sv);
    hyphenator_close(en);
    return 0;
}

/* Escapes s with h and compares with want, where '|' in want stands for U+00AD. */
static void expect(const struct hyphenator *h, const char *s, const char *want)
{
    struct strbuf got = STRBUF_INIT, w = STRBUF_INIT;
    hyph_escape_str(h, &got, s);
    for (const char *c = want; *c; c++)
        if (*c == '|')
            strbuf_addstr(&w, SHY);
        else
            strbuf_addch(&w, *c);
    if (strcmp(got.buf ? got.buf : "", w.buf))
        fail_msg("'%s': got '%s', want '%s'", s, got.buf ? got.buf : "", w.buf);
    strbuf_release(&got);
    strbuf_release(&w);
}

static void long_words_get_soft_hyphens_at_pattern_points(void **state)
{
    (void)state;
    expect(sv, "Trygghetsundersökningen", "Trygg|hets|under|sökningen");
    expect(sv, "kostnadseffektivitet,", "kost|nads|effek|tivi|tet,");
    /* no piece shorter than four letters between two pattern breaks (patterns:
     * trygg-het-scoach); a compound breaks between its parts */
    expect(sv, "trygghetscoach", "trygg|hets|coach");
    /* nor a break before a one-letter piece (patterns: för-sök-s-pe-ri-o-den) */
    expect(sv, "försöksperioden", "försöks|perio|den");
    expect(sv, "(Jämförelseområdet)", "(Jämfö|relse|områ|det)");
    expect(sv, "Ordningsstörningarna-Narkotikaförsäljning",
           "Ordnings|stör|ning|arna-Narko|tika|försälj|ning");
    expect(sv, "Brå's ordningsstörningarna", "Brå&#39;s ordnings|stör|ning|arna");
    expect(en, "implementation counterfactual comparability",
           "imple|menta|tion coun|terfac|tual compa|rabil|ity");
    /* the language's own patterns: the Swedish ones split English differently */
    expect(sv, "implementation", "imple|menta|tion");
    expect(en, "Trygghetsundersökningen", "Tryg|ghet|sunder|sökni|ngen");
}

/* Swedish compounds break between their parts, where the patterns' syllables cross
 * the boundary ("giva-rområde"), and never leave a piece of one or two letters.  The
 * words are from the bundled reports: the coach evaluation, the youth centre's and the
 * safety survey's. */
static void swedish_compounds_break_between_parts(void **state)
{
    (void)state;
    /* trygghetscoach */
    expect(sv, "givarområde", "givar|område");
    expect(sv, "Givarområdenas", "Givar|områ|denas");
    expect(sv, "beslutskriterier", "besluts|krite|rier");
    expect(sv, "konfidensintervallet", "konfi|dens|inter|vallet");
    expect(sv, "placeboområdenas", "placebo|områ|denas");
    expect(sv, "registeruppgift", "register|uppgift");
    expect(sv, "urvalsenheter", "urvals|enhe|ter");
    expect(sv, "procentenheter", "procent|enhe|ter");
    expect(sv, "medelkvadratfelet", "medel|kvadrat|felet");
    expect(sv, "kvadratsumman", "kvadrat|summan");
    expect(sv, "slumpurval", "slump|urval");
    expect(sv, "effektstorlek", "effekt|stor|lek");
    expect(sv, "Teckenförklaring", "Tecken|förkla|ring");
    expect(sv, "områdeskontor", "områdes|kontor");
    expect(sv, "målområdet", "mål|områ|det"); /* a part of three letters */
    expect(sv, "årskostnaden", "års|kost|naden");
    expect(sv, "polisupptäckta", "polis|upptäckta");
    expect(sv, "bootstrapintervall", "boot|strap|inter|vall");
    expect(sv, "Trygghetscoachkontakter", "Trygg|hets|coach|kontak|ter");
    expect(sv, "bakgrundsvariabel", "bakgrunds|varia|bel"); /* not bakgrund|svar|iabel */
    /* fritidsgard */
    expect(sv, "Bergagården", "Berga|gården");
    expect(sv, "Jämförelsedagarna", "Jämfö|relse|dagarna");
    expect(sv, "utgångsläget", "utgångs|läget");
    /* trygghetsundersokning */
    expect(sv, "Kodboksversionerna", "Kodboks|versio|nerna");
    expect(sv, "svarsfördelningen", "svars|fördel|ningen");
    expect(sv, "oddskvoten", "odds|kvoten");
    expect(sv, "Åldersgrupp", "Ålders|grupp");
    /* not compounds of the list: the patterns alone, as before */
    expect(sv, "sammanfattningen", "samman|fatt|ningen");
    expect(sv, "Misshandeln", "Miss|handeln");
}

/* Every long word of the bundled reports (tests/data/hyphenate/words-LANG.txt), in
 * either language: no piece shorter than three letters. */
static void check_word_list(const struct hyphenator *h, const char *path)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char line[256];
    int words = 0;
    while (fgets(line, sizeof(line), fp)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        words++;
        struct strbuf got = STRBUF_INIT;
        hyph_escape_str(h, &got, line);
        size_t piece = 0;
        for (const char *c = got.buf; ; c++) {
            bool shy = (unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xAD;
            if (shy || !*c) {
                if (piece < 3)
                    fail_msg("%s: '%s' has a piece of %zu letters", path, line, piece);
                if (!*c)
                    break;
                piece = 0;
                c++;
            } else if (((unsigned char)*c & 0xC0) != 0x80) {
                piece++;
            }
        }
        strbuf_release(&got);
    }
    fclose(fp);
    assert_true(words > 100);
}

static void no_short_pieces_in_the_bundled_reports(void **state)
{
    (void)state;
    check_word_list(sv, "tests/data/hyphenate/words-sv.txt");
    check_word_list(en, "tests/data/hyphenate/words-en.txt");
}

/* Patterns read ahead on a thread (hyphenator_prefetch) set text exactly as patterns
 * read when asked; a prefetch of the other language, or one dropped, costs nothing but
 * the reading: the next open reads its own. */
static void prefetched_patterns_hyphenate_alike(void **state)
{
    (void)state;
    const char *word = "Trygghetsundersökningen jämförelseområdet";
    struct strbuf want = STRBUF_INIT;
    hyph_escape_str(sv, &want, word);
    assert_non_null(strstr(want.buf, SHY));
    const char *first[] = {"sv", "en", "sv", NULL};
    for (int round = 0; round < 4; round++) {
        if (first[round % 3])
            hyphenator_prefetch(first[round % 3]);
        if (round == 3)
            hyphenator_prefetch_drop();
        struct hyphenator *h = hyphenator_open("sv", NULL);
        assert_non_null(h);
        struct strbuf got = STRBUF_INIT;
        hyph_escape_str(h, &got, word);
        assert_string_equal(got.buf, want.buf);
        strbuf_release(&got);
        hyphenator_close(h);
    }
    /* a prefetch nobody takes is dropped by the next one and by drop */
    hyphenator_prefetch("en");
    hyphenator_prefetch("en");
    hyphenator_prefetch_drop();
    hyphenator_prefetch_drop();
    strbuf_release(&want);
}

static void short_words_capitals_and_identifiers_stay_whole(void **state)
{
    (void)state;
    expect(sv, "minskning i centrum", "minskning i centrum"); /* < HYPH_MIN_WORD */
    expect(sv, "TRYGGHETSUNDERSÖKNINGEN ÅKERSBERGA", "TRYGGHETSUNDERSÖKNINGEN ÅKERSBERGA");
    expect(sv, "CausalImpactModellen", "CausalImpactModellen");
    expect(sv, "fear_night_centrumområdet", "fear_night_centrumområdet");
    expect(sv, "https://example.org/trygghetsundersokningen",
           "https://example.org/trygghetsundersokningen");
    expect(sv, "analysis/trygghetscoach.ini", "analysis/trygghetscoach.ini");
    expect(sv, "kontroll@trygghetsundersokning.se", "kontroll@trygghetsundersokning.se");
    expect(sv, "q12trygghetsundersökningen", "q12trygghetsundersökningen");
    expect(sv, "a=trygghetsundersökningen", "a=trygghetsundersökningen");
    /* a word that already has a soft hyphen is left as its author set it */
    expect(sv, "Trygghets" SHY "undersökningen", "Trygghets|undersökningen");
    /* a run of letters longer than any word is no word */
    expect(sv, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
           "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
}

static void dates_and_ranges_never_break(void **state)
{
    (void)state;
    expect(sv, "2021-03-01", "<span class=\"nobr\">2021-03-01</span>");
    expect(sv, "från 2018-09-01 till 2020-12-31.",
           "från <span class=\"nobr\">2018-09-01</span> till <span class=\"nobr\">2020-12-31</span>.");
    expect(sv, "2019–2022, 45–64 år, 0,5–1,2 och 2015-01–2020-12",
           "<span class=\"nobr\">2019–2022</span>, <span class=\"nobr\">45–64</span> år, "
           "<span class=\"nobr\">0,5–1,2</span> och <span class=\"nobr\">2015-01–2020-12</span>");
    /* spaced ranges: the numbers, spaces and dash in one span, what follows outside */
    expect(sv, "åren 2019 – 2022, (0,5 - 1,2) och 3 − 1",
           "åren <span class=\"nobr\">2019 – 2022</span>, (<span class=\"nobr\">0,5 - 1,2</span>) "
           "och <span class=\"nobr\">3 − 1</span>");
    expect(sv, "2019 — 2022.", "<span class=\"nobr\">2019 — 2022</span>.");
    /* not a range: words or a dash without a number after it, two spaces */
    expect(sv, "2019 – ungefär 2021 -", "2019 – ungefär 2021 -");
    expect(sv, "år2019 – 2022 och 2019  –  2022", "år2019 – 2022 och 2019  –  2022");
    /* an interval's limits with "till"/"to" between them, signed, with thousands
     * grouped by no-break spaces and a unit glued to the first: one span, so that in
     * a number column it takes one line under its estimate (it took two: "0,648 till"
     * / "1,340") */
    expect(sv, "0,972 (0,648 till 1,340)",
           "0,972 (<span class=\"nobr\">0,648 till 1,340</span>)");
    expect(en, "0.972 (0.648 to 1.340)", "0.972 (<span class=\"nobr\">0.648 to 1.340</span>)");
    expect(sv, "+2,7\u00a0p.e. (\u22120,5 till +5,8\u00a0p.e.)",
           "+2,7\u00a0p.e. (<span class=\"nobr\">\u22120,5 till +5,8</span>\u00a0p.e.)");
    expect(sv, "-3,1 till 1\u00a0400 och 0.3.0",
           "<span class=\"nobr\">-3,1 till 1\u00a0400</span> och 0.3.0");
    expect(sv, "12\u00a0% till 15\u00a0%", "<span class=\"nobr\">12\u00a0% till 15</span>\u00a0%");
    expect(en, "47% to 52%", "<span class=\"nobr\">47% to 52</span>%");
    expect(en, "SEK\u00a094,455 (SEK\u00a049,604 to SEK\u00a0336,785)",
           "SEK\u00a094,455 (<span class=\"nobr\">SEK\u00a049,604 to SEK\u00a0336,785</span>)");
    expect(sv, "95\u00a0785\u00a0kr (44\u00a0526\u00a0kr till \u221e)",
           "95\u00a0785\u00a0kr (<span class=\"nobr\">44\u00a0526\u00a0kr till \u221e</span>)");
    /* not an interval: words around "till", a number alone, a version */
    expect(sv, "från 3 tills vidare, till 5 och 3 till fem, 0.3.0",
           "från 3 tills vidare, till 5 och 3 till fem, 0.3.0");
    /* the same without patterns: dates are kept whole all the same */
    expect(NULL, "Trygghetsundersökningen 2021-03-01",
           "Trygghetsundersökningen <span class=\"nobr\">2021-03-01</span>");
    assert_null(hyphenator_open("sv", "/nonexistent/hyphen"));
}

static void hostile_text_stays_escaped(void **state)
{
    (void)state;
    expect(sv, "<script>alert(1)</script>trygghetsundersökningen",
           "&lt;script&gt;alert(1)&lt;/script&gt;trygghetsundersökningen");
    expect(sv, "Trygghets<b>undersökningen\" onmouseover='x'",
           "Trygghets&lt;b&gt;undersökningen&quot; onmouseover=&#39;x&#39;");
    expect(sv, "\"Trygghetsundersökningen\" & <i>", "&quot;Trygg|hets|under|sökningen&quot; &amp; &lt;i&gt;");
    expect(sv, "2021-03-01<img src=x>", "<span class=\"nobr\">2021-03-01</span>&lt;img src=x&gt;");
    /* invalid UTF-8 and a control become U+FFFD, as markup_escape() makes them */
    expect(sv, "Trygghets\xFFundersökningen \x01", "Trygghets\xEF\xBF\xBDundersökningen \xEF\xBF\xBD");
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* report.html: soft hyphens only where a word would not fit otherwise (tablefit.h):
 * in the text columns of a table too wide for A4 with its words whole, and in a word
 * of a heading, caption or callout too long for a phone's line; nowhere else. */
static void html_hyphenates_where_needed_only(void **state)
{
    (void)state;
    struct doc *d = doc_new("sv", "Trygghetsundersökningen", "Utvärderingsperioden 2019–2022");
    doc_heading(d, 1, "a", "Kostnadseffektivitet");
    doc_heading(d, 2, "b", "Trygghetsundersökningsresultatsammanställningen");
    doc_paragraph(d, "Kostnadseffektiviteten i löptext 2021-03-01.");
    doc_callout(d, TONE_INFO, "Jämförelseområdet saknas");
    /* a table that fits A4 with its words whole: no soft hyphen */
    const char *cols[] = {"Jämförelseområde", "Konfidensintervall"};
    const bool numeric[] = {false, true};
    struct table *t = table_new("t", "Ordningsstörningarna", 2, cols, numeric);
    const char *row[] = {"Ordningsstörningarna", "Konfidensintervallet 2021-03-01"};
    table_add_row(t, row);
    doc_table(d, t, NULL, NULL);
    /* eight columns of long words, one of numbers: too wide whole; the widest text
     * columns get soft hyphens until it fits, the number column never */
    const char *wcols[] = {"Jämförelseområde", "Ordningsstörningarna", "Skattning",
                           "Trygghetsundersökningen", "Kommentar", "Kostnadseffektivitet",
                           "Bedömning"};
    const bool wnum[] = {false, false, true, false, false, false, false};
    struct table *w = table_new("w", "Bred", 7, wcols, wnum);
    const char *wrow[] = {"Narkotikaförsäljningsområdet", "Bilbrandsförebyggandet", "0,648 till 1,340",
                          "Kvartersvandringsgruppen", "Trygghetsvandringarna", "Polisnärvaroförändringen",
                          "Sammanfattningen"};
    table_add_row(w, wrow);
    doc_table(d, w, NULL, NULL);
    /* a table of hashes no hyphen can fit: breaks anywhere */
    const char *hcols[] = {"Fil", "SHA-256"};
    struct table *hs = table_new("h", "Importer", 2, hcols, NULL);
    const char *hrow[] = {"examples/osteraker/trygghet_2015_och_2016_sammanslagna_fran_excel.csv",
                          "10330a7f5c4b6d9ee1f9e365f0c67aaa0a8e42b3f9e4e6bbb1d4a9dee608fa20"
                          "10330a7f5c4b6d9ee1f9e365f0c67aaa0a8e42b3f9e4e6bbb1d4a9dee608fa20"};
    table_add_row(hs, hrow);
    doc_table(d, hs, NULL, NULL);
    doc_code(d, "Trygghetsundersökningen");
    struct strbuf out = STRBUF_INIT;
    struct diag_list dl;
    diag_list_init(&dl, 10);
    html_render(d, NULL, &out, &dl);
    const char *h = out.buf;
    assert_non_null(strstr(h, "<title>Trygghetsundersökningen</title>"));
    assert_non_null(strstr(h, "<h1>Trygghetsundersökningen</h1>"));
    assert_non_null(strstr(h, ">Kostnadseffektivitet<a "));
    /* a word longer than a phone's line does get them in a heading */
    assert_non_null(strstr(h, "Trygg" SHY "hets" SHY "under" SHY));
    assert_non_null(strstr(h, "<p>Kostnadseffektiviteten i löptext <span class=\"nobr\">2021-03-01</span>.</p>"));
    assert_non_null(strstr(h, "Utvärderingsperioden <span class=\"nobr\">2019–2022</span>"));
    assert_non_null(strstr(h, "Jämförelseområdet saknas</div>"));
    assert_non_null(strstr(h, "<caption>Ordningsstörningarna</caption>"));
    assert_non_null(strstr(h, "<th scope=\"col\">Jämförelseområde</th>"));
    assert_non_null(strstr(h, "<td>Ordningsstörningarna</td>"));
    assert_non_null(strstr(h, "<th scope=\"col\" class=\"num\">Konfidensintervall</th>"));
    assert_non_null(strstr(h, "<td class=\"num\">Konfidensintervallet <span class=\"nobr\">2021-03-01</span></td>"));
    /* the wide table: hyphenated where it had to be, its number column whole */
    assert_non_null(strstr(h, "<td>Narko" SHY "tika"));
    assert_non_null(strstr(h, "<td class=\"num\"><span class=\"nobr\">0,648 till 1,340</span></td>"));
    assert_int_equal(count(h, "<table class=\"break-any\">"), 1);
    assert_non_null(strstr(h, "<table class=\"break-any\">\n<caption>Importer"));
    assert_non_null(strstr(h, "<code>Trygghetsundersökningen</code>"));
    assert_non_null(strstr(h, ".nobr{white-space:nowrap}"));
    /* not every column of the wide table: only as many as it takes */
    assert_non_null(strstr(h, "<td>Sammanfattningen</td>"));
    assert_non_null(strstr(h, "<th scope=\"col\">Bedömning</th>"));
    strbuf_release(&out);
    diag_list_release(&dl);
    doc_free(d);
}

/* An English report marks the Swedish names of its data lang="sv" wherever they stand
 * whole (prose, headings, cells, captions, the contents, key-value terms), the longest
 * name first, not inside a longer word, and hyphenates them by the Swedish patterns
 * and compound rules; a Swedish report has no such span. */
static void swedish_names_in_english_reports(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        struct doc *d = doc_new(l ? "sv" : "en", "Safety coaches in Åkersberga centrum", NULL);
        doc_sv_term(d, "Åkersberga centrum");
        doc_sv_term(d, "Åkersberga");
        doc_sv_term(d, "Vallentuna");
        doc_sv_term(d, "Norrgårdsvägen/Söra");
        doc_sv_term(d, "Österskärsområdet");
        doc_heading(d, 1, "a", "Disturbances in Åkersberga centrum");
        doc_heading(d, 1, "b", "Compared with Vallentuna");
        doc_paragraph(d, "Åkersberga centrum and Åkersberga, not Vallentunavägen nor "
                         "Vallentuna2, against (Vallentuna).");
        /* seven wide columns: the area column gets soft hyphens, Swedish ones */
        const char *wcols[] = {"Area", "Counterfactual", "Estimate", "Comparison",
                               "Characteristically", "Representativeness", "Assessment"};
        const bool wnum[] = {false, false, true, false, false, false, false};
        struct table *w = table_new("w", "Areas", 7, wcols, wnum);
        const char *wrow[] = {"Österskärsområdet", "Counterfactually", "0.648 to 1.340",
                              "Norrgårdsvägen/Söra", "Characteristically", "Representativeness",
                              "Incomprehensibilities"};
        table_add_row(w, wrow);
        doc_table(d, w, NULL, NULL);
        struct strbuf out = STRBUF_INIT;
        struct diag_list dl;
        diag_list_init(&dl, 10);
        html_render(d, NULL, &out, &dl);
        const char *h = out.buf;
        if (l == 1) {
            assert_null(strstr(h, "<span lang="));
            assert_non_null(strstr(h, "<html lang=\"sv\">"));
        } else {
            assert_non_null(strstr(h, "<html lang=\"en\">"));
            assert_non_null(strstr(h, "<h1>Safety coaches in <span lang=\"sv\">Åkersberga centrum</span></h1>"));
            assert_non_null(strstr(h, "Disturbances in <span lang=\"sv\">Åkersberga centrum</span><a "));
            /* the contents too */
            assert_non_null(strstr(h, "<a href=\"#a\">Disturbances in <span lang=\"sv\">Åkersberga centrum</span></a>"));
            assert_non_null(strstr(h, "<p><span lang=\"sv\">Åkersberga centrum</span> and "
                                      "<span lang=\"sv\">Åkersberga</span>, not Vallentunavägen nor "
                                      "Vallentuna2, against (<span lang=\"sv\">Vallentuna</span>).</p>"));
            /* in a hyphenated column: the Swedish compound rules, not the English
             * patterns' "Norrgårdsv-ägen" */
            if (!strstr(h, "<td><span lang=\"sv\">Norr" SHY "gårds" SHY "vägen/Söra</span></td>"))
                fail_msg("no Swedish break points in the area cell: %s", strstr(h, "<tbody>"));
            assert_non_null(strstr(h, "<td><span lang=\"sv\">Österskärsområdet</span></td>"));
        }
        strbuf_release(&out);
        diag_list_release(&dl);
        doc_free(d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_words_get_soft_hyphens_at_pattern_points),
        cmocka_unit_test(swedish_compounds_break_between_parts),
        cmocka_unit_test(no_short_pieces_in_the_bundled_reports),
        cmocka_unit_test(prefetched_patterns_hyphenate_alike),
        cmocka_unit_test(short_words_capitals_and_identifiers_stay_whole),
        cmocka_unit_test(dates_and_ranges_never_break),
        cmocka_unit_test(hostile_text_stays_escaped),
        cmocka_unit_test(html_hyphenates_where_needed_only),
        cmocka_unit_test(swedish_names_in_english_reports),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
