/*
 * Unit tests for src/lib/data/codebook: a complete codebook read back field by field,
 * every check docs/formats.md lists (each with its file:line and message), reading
 * data cells by code and by label with Swedish case folding, and the INI details that
 * come from libinih: long lines, inline " ;" comments, a byte-order mark.
 */
#include <stdio.h>
#include <string.h>

#include "data/codebook.h"
#include "testutil.h"
#include "util/strbuf.h"

/* The example of docs/formats.md, plus a score map, a group and a reversed scale. */
static const char FULL[] =
    "; Perceived-safety survey, Österåker (SYNTHETIC demo codebook)\n"          /* 1 */
    "[survey]\n"                                                                 /* 2 */
    "id = osteraker\n"                                                           /* 3 */
    "title.sv = Trygghetsundersökning Österåker\n"                               /* 4 */
    "title.en = Perceived-safety survey Österåker\n"                             /* 5 */
    "version = 2019–2022\n"                                                      /* 6 */
    "note = syntetiska data\n"                                                   /* 7 */
    "\n"                                                                         /* 8 */
    "[columns]\n"                                                                /* 9 */
    "respondent = LOPNR\n"                                                       /* 10 */
    "wave = AR\n"                                                                /* 11 */
    "area = OMRADE\n"                                                            /* 12 */
    "weight = VIKT\n"                                                            /* 13 */
    "stratum = STRATUM\n"                                                        /* 14 */
    "cluster = PSU\n"                                                            /* 15 */
    "extra = error\n"                                                            /* 16 */
    "\n"                                                                         /* 17 */
    "[area]\n"                                                                   /* 18 */
    "value.1 = Åkersberga centrum\n"                                             /* 19 */
    "value.2 = Norrgårdsvägen/Söra\n"                                            /* 20 */
    "\n"                                                                         /* 21 */
    "[background KON]\n"                                                         /* 22 */
    "text.sv = Kön\n"                                                            /* 23 */
    "text.en = Gender\n"                                                         /* 24 */
    "value.1 = Man | Man\n"                                                      /* 25 */
    "value.2 = Kvinna | Woman\n"                                                 /* 26 */
    "\n"                                                                         /* 27 */
    "[question T01]\n"                                                           /* 28 */
    "text.sv = Hur trygg eller otrygg känner du dig om du går ut ensam sent en kväll?\n"
    "text.en = How safe or unsafe do you feel if you go out alone late in the evening?\n"
    "value.1 = Mycket trygg | Very safe\n"                                       /* 31 */
    "value.2 = Ganska trygg | Fairly safe\n"                                     /* 32 */
    "value.3 = Ganska otrygg | Fairly unsafe\n"                                  /* 33 */
    "value.4 = Mycket otrygg | Very unsafe\n"                                    /* 34 */
    "value.5 = Går aldrig ut ensam sent | Never goes out alone late\n"           /* 35 */
    "missing.8 = Vet ej | Don't know\n"                                          /* 36 */
    "missing.9 = Ej svar | No answer\n"                                          /* 37 */
    "empty = 9\n"                                                                /* 38 */
    "scale = 1-4\n"                                                              /* 39 */
    "indicator = 3, 4\n"                                                         /* 40 */
    "indicator.label = Otrygg | Unsafe\n"                                        /* 41 */
    "\n"                                                                         /* 42 */
    "[question P01]\n"                                                           /* 43 */
    "column = PROBLEM_1\n"                                                       /* 44 */
    "text.sv = Nedskräpning\n"                                                   /* 45 */
    "value.4 = Mycket stort problem\n"                                           /* 46 */
    "value.3 = Ganska stort problem\n"                                           /* 47 */
    "value.2 = Ganska litet problem\n"                                           /* 48 */
    "value.1 = Inget problem\n"                                                  /* 49 */
    "scale = 1,2,3,4\n"                                                          /* 50 */
    "indicator = 3,4\n"                                                          /* 51 */
    "score = 1:0, 2:2, 3:4, 4:6\n"                                               /* 52 */
    "group = problems\n"                                                         /* 53 */
    "reversed = no\n"                                                            /* 54 */
    "\n"                                                                         /* 55 */
    "[question T04]\n"                                                           /* 56 */
    "text.en = Do you avoid places?\n"                                           /* 57 */
    "value.1 = Ja | Yes\n"                                                       /* 58 */
    "value.2 = Nej | No\n"                                                       /* 59 */
    "reversed = yes\n";                                                          /* 60 */

/* ------------------------------------------------------------ helpers */

static struct codebook *parse_ok(const char *text)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct codebook *cb = codebook_parse("cb.ini", text, strlen(text), &dl);
    if (!cb || dl.n) {
        struct strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < dl.n; i++) {
            diag_format(&dl.items[i], &sb);
            strbuf_addch(&sb, '\n');
        }
        fail_msg("the codebook was refused:\n%s", sb.buf);
    }
    diag_list_release(&dl);
    return cb;
}

/* Parses text that must be refused; returns every message, formatted, one a line. */
static char *parse_errors(const char *text, size_t len)
{
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct codebook *cb = codebook_parse("cb.ini", text, len, &dl);
    if (cb)
        fail_msg("the codebook was accepted:\n%s", text);
    assert_true(dl.n_errors > 0);
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < dl.n; i++) {
        diag_format(&dl.items[i], &sb);
        strbuf_addch(&sb, '\n');
    }
    diag_list_release(&dl);
    return strbuf_detach(&sb);
}

/* FULL with `from` replaced by `to` (once; `from` must occur). */
static char *full_with(const char *from, const char *to)
{
    const char *at = strstr(FULL, from);
    if (!at)
        fail_msg("'%s' is not in the test codebook", from);
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, FULL, (size_t)(at - FULL));
    strbuf_addstr(&sb, to);
    strbuf_addstr(&sb, at + strlen(from));
    return strbuf_detach(&sb);
}

/* Replaces `from` in FULL and expects exactly the messages `expect` (each ending in
 * a newline). */
#define assert_refused(from, to, expect)                                                      \
    do {                                                                                       \
        char *text_ = full_with((from), (to));                                                 \
        char *got_ = parse_errors(text_, strlen(text_));                                       \
        assert_string_equal(got_, (expect));                                                   \
        free(got_);                                                                            \
        free(text_);                                                                           \
    } while (0)

/* ------------------------------------------------------------ the full codebook */

static void full_codebook_round_trip(void **state)
{
    (void)state;
    struct codebook *cb = parse_ok(FULL);
    assert_string_equal(cb->path, "cb.ini");
    assert_string_equal(cb->content, FULL);
    char hex[SHA256_HEX_SIZE];
    sha256_buffer(FULL, strlen(FULL), hex);
    assert_string_equal(cb->sha256, hex);
    assert_string_equal(cb->survey_id, "osteraker");
    assert_string_equal(cb->title_sv, "Trygghetsundersökning Österåker");
    assert_string_equal(cb->title_en, "Perceived-safety survey Österåker");
    assert_string_equal(cb->version, "2019–2022");
    assert_string_equal(cb->note, "syntetiska data");
    assert_string_equal(cb->col_respondent, "LOPNR");
    assert_string_equal(cb->col_wave, "AR");
    assert_null(cb->wave_fixed);
    assert_string_equal(cb->col_area, "OMRADE");
    assert_string_equal(cb->col_weight, "VIKT");
    assert_string_equal(cb->col_stratum, "STRATUM");
    assert_string_equal(cb->col_cluster, "PSU");
    assert_true(cb->extra_is_error);
    assert_true(cb->has_area_section);
    assert_int_equal(cb->n_areas, 2);
    assert_int_equal(cb->areas[1].code, 2);
    assert_string_equal(cb->areas[1].name, "Norrgårdsvägen/Söra");

    assert_int_equal(cb->n_vars, 4); /* in file order: the answers blob depends on it */
    const struct cb_variable *kon = &cb->vars[0], *t01 = &cb->vars[1], *p01 = &cb->vars[2],
                             *t04 = &cb->vars[3];
    assert_string_equal(kon->id, "KON");
    assert_int_equal(kon->kind, CB_BACKGROUND);
    assert_string_equal(kon->column, "KON"); /* the id by default */
    assert_string_equal(kon->text_sv, "Kön");
    assert_int_equal(kon->line, 22);
    assert_ptr_equal(codebook_find(cb, "T01"), t01);
    assert_null(codebook_find(cb, "t01"));

    assert_int_equal(t01->kind, CB_QUESTION);
    assert_int_equal(t01->line, 28);
    assert_string_equal(t01->text_en,
                        "How safe or unsafe do you feel if you go out alone late in the evening?");
    assert_int_equal(t01->n_values, 7);
    assert_true(t01->has_empty_code);
    assert_int_equal(t01->empty_code, 9);
    assert_true(t01->has_indicator);
    assert_string_equal(t01->indicator_label_sv, "Otrygg");
    assert_string_equal(t01->indicator_label_en, "Unsafe");
    assert_false(t01->reversed);
    static const struct {
        int code;
        const char *sv, *en;
        bool missing, indicator, in_scale;
    } want[] = {
        {1, "Mycket trygg", "Very safe", false, false, true},
        {2, "Ganska trygg", "Fairly safe", false, false, true},
        {3, "Ganska otrygg", "Fairly unsafe", false, true, true},
        {4, "Mycket otrygg", "Very unsafe", false, true, true},
        {5, "Går aldrig ut ensam sent", "Never goes out alone late", false, false, false},
        {8, "Vet ej", "Don't know", true, false, false},
        {9, "Ej svar", "No answer", true, false, false},
    };
    for (size_t i = 0; i < 7; i++) {
        const struct cb_value *v = &t01->values[i];
        assert_int_equal(v->code, want[i].code);
        assert_string_equal(v->label_sv, want[i].sv);
        assert_string_equal(v->label_en, want[i].en);
        assert_int_equal(v->missing, want[i].missing);
        assert_int_equal(v->indicator, want[i].indicator);
        assert_int_equal(v->in_scale, want[i].in_scale);
        assert_false(v->has_score);
        assert_ptr_equal(cb_variable_value(t01, want[i].code), v);
    }
    assert_null(cb_variable_value(t01, 6));
    assert_null(cb_variable_value(t01, -1));

    /* values sorted by code whatever the file order; score map; group; column */
    assert_string_equal(p01->column, "PROBLEM_1");
    assert_string_equal(p01->group, "problems");
    assert_null(p01->text_en);
    assert_null(p01->values[0].label_en);
    for (int code = 1; code <= 4; code++) {
        const struct cb_value *v = &p01->values[code - 1];
        assert_int_equal(v->code, code);
        assert_true(v->has_score);
        assert_true(v->score == 2.0 * (code - 1));
        assert_true(v->in_scale);
        assert_int_equal(v->indicator, code >= 3);
    }
    assert_false(p01->has_empty_code);

    /* no scale given: every valid code; no indicator given */
    assert_true(t04->reversed);
    assert_false(t04->has_indicator);
    assert_true(t04->values[0].in_scale && t04->values[1].in_scale);
    codebook_free(cb);
    codebook_free(NULL);
}

static void codebook_load_reads_files(void **state)
{
    (void)state;
    char *dir = make_temp_dir("codebook");
    char path[4096];
    snprintf(path, sizeof(path), "%s/s.ini", dir);
    write_file(path, FULL, strlen(FULL));
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct codebook *cb = codebook_load(path, &dl);
    assert_non_null(cb);
    assert_string_equal(cb->path, path);
    assert_string_equal(cb->content, FULL);
    codebook_free(cb);
    snprintf(path, sizeof(path), "%s/missing.ini", dir);
    assert_null(codebook_load(path, &dl));
    struct strbuf sb = STRBUF_INIT;
    diag_format(&dl.items[0], &sb);
    assert_non_null(strstr(sb.buf, "missing.ini: cannot open codebook: No such file"));
    strbuf_release(&sb);
    diag_list_release(&dl);
    rm_rf(dir);
    free(dir);
}

/* ------------------------------------------------------------ reading data cells */

static void cells_by_code_and_label(void **state)
{
    (void)state;
    struct codebook *cb = parse_ok(FULL);
    const struct cb_variable *kon = codebook_find(cb, "KON"), *t01 = codebook_find(cb, "T01");
    int code = -1;
    assert_int_equal(cb_variable_read(kon, "2", 1, &code), CB_CELL_CODE);
    assert_int_equal(code, 2);
    /* one integer grammar for codes and counts: no blanks, no '+' (issue 14) */
    assert_int_equal(cb_variable_read(kon, " 1 ", 3, &code), CB_CELL_LOOSE_NUMBER);
    assert_int_equal(cb_variable_read(kon, " 1", 2, &code), CB_CELL_LOOSE_NUMBER);
    assert_int_equal(cb_variable_read(kon, "+1", 2, &code), CB_CELL_LOOSE_NUMBER);
    assert_int_equal(cb_variable_read(kon, "1", 1, &code), CB_CELL_CODE);
    assert_int_equal(code, 1);
    /* labels in either language, any case, surrounding blanks ignored */
    static const char *const woman[] = {"Kvinna", "KVINNA", "kvinna", " kViNnA\t", "Woman",
                                        "WOMAN"};
    for (size_t i = 0; i < sizeof(woman) / sizeof(*woman); i++) {
        code = -1;
        assert_int_equal(cb_variable_read(kon, woman[i], strlen(woman[i]), &code), CB_CELL_CODE);
        assert_int_equal(code, 2);
    }
    /* Swedish letters fold too */
    code = -1;
    assert_int_equal(cb_variable_read(t01, "GÅR ALDRIG UT ENSAM SENT", 25, &code), CB_CELL_CODE);
    assert_int_equal(code, 5);
    assert_int_equal(cb_variable_read(t01, "Ganska trygt", 12, &code), CB_CELL_UNKNOWN_TEXT);
    assert_int_equal(cb_variable_read(t01, "6", 1, &code), CB_CELL_UNKNOWN_CODE);
    assert_int_equal(cb_variable_read(t01, "40000", 5, &code), CB_CELL_UNKNOWN_CODE);
    assert_int_equal(cb_variable_read(t01, "99999999999999999999", 20, &code),
                     CB_CELL_UNKNOWN_CODE);
    /* an empty cell is the `empty` code, or no answer */
    code = -1;
    assert_int_equal(cb_variable_read(t01, "  ", 2, &code), CB_CELL_CODE);
    assert_int_equal(code, 9);
    assert_int_equal(cb_variable_read(kon, "", 0, &code), CB_CELL_EMPTY);

    /* areas: code or name, case-folded with å ä ö */
    static const char *const akersberga[] = {"1", "Åkersberga centrum", "ÅKERSBERGA CENTRUM",
                                             "åkersberga Centrum", " åkersberga centrum "};
    for (size_t i = 0; i < sizeof(akersberga) / sizeof(*akersberga); i++) {
        const char *name = codebook_area_name(cb, akersberga[i], strlen(akersberga[i]));
        assert_non_null(name);
        assert_string_equal(name, "Åkersberga centrum");
    }
    assert_null(codebook_area_name(cb, "3", 1));
    assert_null(codebook_area_name(cb, "Söder", strlen("Söder")));
    assert_true(label_equal("NORRGÅRDSVÄGEN/SÖRA", strlen("NORRGÅRDSVÄGEN/SÖRA"),
                            "norrgårdsvägen/söra", strlen("norrgårdsvägen/söra")));
    assert_false(label_equal("Åsa", strlen("Åsa"), "Asa", 3));
    codebook_free(cb);

    /* without an [area] section the cell is the name */
    char *text = full_with("[area]\nvalue.1 = Åkersberga centrum\nvalue.2 = Norrgårdsvägen/Söra\n",
                           "");
    cb = parse_ok(text);
    assert_false(cb->has_area_section);
    const char *cell = "Vilken som helst";
    assert_ptr_equal(codebook_area_name(cb, cell, strlen(cell)), cell);
    codebook_free(cb);
    free(text);
}

/* ------------------------------------------------------------ INI details */

static void long_lines_comments_and_bom(void **state)
{
    (void)state;
    /* libinih's default line limit is 200 bytes; trygg raises it */
    struct strbuf longtext = STRBUF_INIT, line = STRBUF_INIT;
    for (int i = 0; i < CODEBOOK_MAX_TEXT_BYTES; i++) /* the longest text allowed */
        strbuf_addch(&longtext, (char)('a' + i % 26));
    strbuf_addf(&line, "text.en = %s\n", longtext.buf);
    char *text = full_with("text.en = Do you avoid places?\n", line.buf);
    struct codebook *cb = parse_ok(text);
    assert_string_equal(codebook_find(cb, "T04")->text_en, longtext.buf);
    codebook_free(cb);
    free(text);
    /* a line of 201 bytes, right past the default limit, and one of 300 */
    for (size_t n = 190; n <= 300; n += 11) {
        strbuf_reset(&line);
        strbuf_addstr(&line, "text.en = ");
        while (line.len < n - 1)
            strbuf_addch(&line, 'x');
        strbuf_addch(&line, '\n');
        text = full_with("text.en = Do you avoid places?\n", line.buf);
        cb = parse_ok(text);
        assert_int_equal(strlen(codebook_find(cb, "T04")->text_en), n - 1 - strlen("text.en = "));
        codebook_free(cb);
        free(text);
    }
    /* an error after a long line is still on the right line */
    strbuf_reset(&line);
    strbuf_addf(&line, "text.en = %s\nindicatr = 1\n", longtext.buf);
    text = full_with("text.en = Do you avoid places?\n", line.buf);
    char *errs = parse_errors(text, strlen(text));
    assert_non_null(strstr(errs, "cb.ini:58: unknown key 'indicatr' in [question T04]"));
    free(errs);
    free(text);
    /* one byte more is refused at its line (a 1 MiB question text would be set on every
     * page of the report) */
    strbuf_reset(&line);
    strbuf_addf(&line, "text.en = %sx\n", longtext.buf);
    text = full_with("text.en = Do you avoid places?\n", line.buf);
    errs = parse_errors(text, strlen(text));
    assert_non_null(strstr(errs, "cb.ini:57: text.en is 4001 bytes long; at most 4000"));
    free(errs);
    free(text);
    strbuf_release(&longtext);
    strbuf_release(&line);

    /* " ;" starts a comment after a value; a ';' inside a word does not */
    text = full_with("value.1 = Ja | Yes\n", "value.1 = Ja | Yes ; the usual answer\n");
    cb = parse_ok(text);
    assert_string_equal(codebook_find(cb, "T04")->values[0].label_en, "Yes");
    codebook_free(cb);
    free(text);
    text = full_with("text.en = Do you avoid places?\n", "text.en = places;streets\n");
    cb = parse_ok(text);
    assert_string_equal(codebook_find(cb, "T04")->text_en, "places;streets");
    codebook_free(cb);
    free(text);
    /* '#' comments at the start of a line */
    text = full_with("reversed = yes\n", "# a comment\nreversed = yes\n");
    cb = parse_ok(text);
    codebook_free(cb);
    free(text);

    /* a byte-order mark (Notepad writes one) */
    struct strbuf bom = STRBUF_INIT;
    strbuf_addstr(&bom, "\xef\xbb\xbf");
    strbuf_addstr(&bom, FULL);
    cb = parse_ok(bom.buf);
    assert_string_equal(cb->survey_id, "osteraker");
    codebook_free(cb);
    /* a BOM then a key on line 1 still counts lines from 1 */
    strbuf_reset(&bom);
    strbuf_addstr(&bom, "\xef\xbb\xbf[survey]\nidd = x\n");
    errs = parse_errors(bom.buf, bom.len);
    assert_non_null(strstr(errs, "cb.ini:2: unknown key 'idd' in [survey]"));
    free(errs);
    strbuf_release(&bom);
    /* CRLF line ends */
    struct strbuf crlf = STRBUF_INIT;
    for (const char *p = FULL; *p; p++) {
        if (*p == '\n')
            strbuf_addch(&crlf, '\r');
        strbuf_addch(&crlf, *p);
    }
    cb = parse_ok(crlf.buf);
    assert_string_equal(codebook_find(cb, "KON")->values[1].label_en, "Woman");
    codebook_free(cb);
    strbuf_release(&crlf);
}

static void wave_fixed(void **state)
{
    (void)state;
    char *text = full_with("wave = AR\n", "wave.fixed = 2021\n");
    struct codebook *cb = parse_ok(text);
    assert_null(cb->col_wave);
    assert_string_equal(cb->wave_fixed, "2021");
    codebook_free(cb);
    free(text);
    assert_refused("wave = AR\n", "wave = AR\nwave.fixed = 2021\n",
                   "cb.ini:9: [columns] has both 'wave' and 'wave.fixed'; keep one\n");
    assert_refused("wave = AR\n", "",
                   "cb.ini:9: [columns] needs 'wave' (a column) or 'wave.fixed' (a label)\n");
}

/* ------------------------------------------------------------ [population] */

static void population_sections(void **state)
{
    (void)state;
    char *text = full_with("[background KON]\n",
                           "[population]\nstratum.Norr = 1200\nstratum.Syd = 850.5\n\n"
                           "[population 2022]\nstratum.Norr = 1300\n\n[background KON]\n");
    struct codebook *cb = parse_ok(text);
    assert_int_equal(cb->n_pops, 3);
    assert_null(cb->pops[0].wave);
    assert_string_equal(cb->pops[0].stratum, "Norr");
    assert_true(cb->pops[0].size == 1200);
    assert_int_equal(cb->pops[0].line, 23);
    assert_true(cb->pops[1].size == 850.5);
    assert_string_equal(cb->pops[2].wave, "2022");
    assert_true(cb->pops[2].size == 1300);
    codebook_free(cb);
    free(text);

    assert_refused("[background KON]\n", "[population]\nstratum.Norr = 0.5\n\n[background KON]\n",
                   "cb.ini:23: stratum.Norr = '0.5': a population size must be a number of at "
                   "least 1 (people, or clusters when the survey has a cluster column)\n");
    assert_refused("[background KON]\n", "[population]\nstratum.Norr = many\n\n[background KON]\n",
                   "cb.ini:23: stratum.Norr = 'many': a population size must be a number of at "
                   "least 1 (people, or clusters when the survey has a cluster column)\n");
    assert_refused("[background KON]\n", "[population]\nstratum.Norr = 10\nstratum.NORR = 12\n"
                   "\n[background KON]\n",
                   "cb.ini:24: stratum 'NORR' is given a population size twice in [population] "
                   "(line 23)\n");
    assert_refused("[background KON]\n", "[population]\ntotal = 5000\n\n[background KON]\n",
                   "cb.ini:23: 'total' is for a survey without strata; [columns] names a stratum "
                   "column, so give each stratum's size as 'stratum.LABEL = N'\n");
    assert_refused("[background KON]\n", "[population]\nsize = 5000\n\n[background KON]\n",
                   "cb.ini:23: unknown key 'size' in [population] (expected stratum.LABEL = "
                   "population size, or total = population size when the survey has no "
                   "strata)\n");
    /* without a stratum column, `total` is the form */
    char *t2 = full_with("stratum = STRATUM\n", "");
    char *t3 = NULL;
    {
        const char *at = strstr(t2, "[background KON]\n");
        struct strbuf sb = STRBUF_INIT;
        strbuf_add(&sb, t2, (size_t)(at - t2));
        strbuf_addstr(&sb, "[population 2021]\ntotal = 4000\n\n");
        strbuf_addstr(&sb, at);
        t3 = strbuf_detach(&sb);
    }
    cb = parse_ok(t3);
    assert_int_equal(cb->n_pops, 1);
    assert_null(cb->pops[0].stratum);
    assert_string_equal(cb->pops[0].wave, "2021");
    codebook_free(cb);
    free(t2);
    free(t3);
}

/* ------------------------------------------------------------ every check */

static void unknown_sections_and_keys(void **state)
{
    (void)state;
    assert_refused("indicator = 3, 4\n", "indicatr = 3, 4\n",
                   "cb.ini:40: unknown key 'indicatr' in [question T01] (expected column, "
                   "text.sv, text.en, value.CODE, missing.CODE, empty, type, min, max, decimals, bands, indicator, "
                   "indicator.label, scale, reversed, score, group, series, harmonize, "
                   "change.sv, change.en, harmonized.indicator, harmonized.label)\n");
    /* harmonised indicator: syntax, codes and the condition variable */
    assert_refused("indicator = 3, 4\n", "indicator = 3, 4\nharmonized.indicator = 3, 4 if\n",
                   "cb.ini:41: harmonized.indicator = '3, 4 if': expected codes, each alone or "
                   "with a condition on another variable, such as '3, 4, 5 if T01B = 1' "
                   "(several codes: 1|2)\n");
    assert_refused("indicator = 3, 4\n", "indicator = 3, 4\nharmonized.indicator = 3, 6\n",
                   "cb.ini:41: 'T01': harmonized.indicator code 6 is not one of its valid "
                   "codes\n");
    assert_refused("indicator = 3, 4\n",
                   "indicator = 3, 4\nharmonized.indicator = 3, 4 if NOPE = 1\n",
                   "cb.ini:41: 'T01': harmonized.indicator refers to 'NOPE', which is not "
                   "another variable of this codebook\n");
    assert_refused("indicator = 3, 4\n",
                   "indicator = 3, 4\nharmonized.indicator = 3, 4 if KON = 1|7\n",
                   "cb.ini:41: 'T01': harmonized.indicator: 7 is not a code of 'KON'\n");
    {
        char *text = full_with("indicator = 3, 4\n",
                               "indicator = 3, 4\nharmonized.indicator = 3, 4 if KON = 1|2\n"
                               "harmonized.label = Harm | Harm en\nchange.en = Changed\n");
        struct codebook *ok = parse_ok(text);
        const struct cb_variable *t01 = codebook_find(ok, "T01");
        assert_int_equal(t01->n_hterms, 2);
        assert_int_equal(t01->hterms[0].code, 3);
        assert_null(t01->hterms[0].cond_var);
        assert_int_equal(t01->hterms[1].code, 4);
        assert_string_equal(t01->hterms[1].cond_var, "KON");
        assert_int_equal(t01->hterms[1].n_cond, 2);
        assert_int_equal(t01->hterms[1].cond_codes[1], 2);
        assert_string_equal(t01->hlabel_en, "Harm en");
        assert_string_equal(t01->change_en, "Changed");
        codebook_free(ok);
        free(text);
    }
    assert_refused("[background KON]\n", "[backgrund KON]\n",
                   "cb.ini:22: unknown section [backgrund KON] (expected [survey], [columns], "
                   "[area], [population], [population WAVE], [question ID] or "
                   "[background ID])\n");
    assert_refused("note = syntetiska data\n", "notes = syntetiska data\n",
                   "cb.ini:7: unknown key 'notes' in [survey] (expected id, title.sv, title.en, "
                   "version, note, fieldwork_end, mode)\n");
    /* the date a wave's fieldwork is over, and the answer-mode variable */
    assert_refused("note = syntetiska data\n", "fieldwork_end = 2019-04-30\n",
                   "cb.ini:7: fieldwork_end = '2019-04-30': expected the month and day the "
                   "fieldwork of a wave is over, MM-DD (e.g. 04-30)\n");
    assert_refused("note = syntetiska data\n", "fieldwork_end = 02-30\n",
                   "cb.ini:7: fieldwork_end = '02-30': expected the month and day the "
                   "fieldwork of a wave is over, MM-DD (e.g. 04-30)\n");
    assert_refused("note = syntetiska data\n", "mode = T01\n",
                   "cb.ini:7: mode = 'T01': there is no [background T01] section\n");
    {
        char *text = full_with("note = syntetiska data\n",
                               "note = syntetiska data\nfieldwork_end = 04-30\nmode = KON\n");
        struct codebook *ok = parse_ok(text);
        assert_int_equal(ok->fieldwork_month, 4);
        assert_int_equal(ok->fieldwork_day, 30);
        assert_string_equal(ok->mode_var, "KON");
        codebook_free(ok);
        free(text);
    }
    assert_refused("extra = error\n", "extras = error\n",
                   "cb.ini:16: unknown key 'extras' in [columns] (expected respondent, wave, "
                   "wave.fixed, area, weight, stratum, cluster, extra)\n");
    assert_refused("extra = error\n", "extra = warn\n",
                   "cb.ini:16: extra = 'warn': expected 'ignore' or 'error'\n");
    assert_refused("value.2 = Norrgårdsvägen/Söra\n", "name.2 = Norrgårdsvägen/Söra\n",
                   "cb.ini:20: unknown key 'name.2' in [area] (expected value.CODE = name)\n");
    /* question-only keys in a background variable */
    assert_refused("text.en = Gender\n", "text.en = Gender\nindicator = 2\n",
                   "cb.ini:25: key 'indicator' is for questions, not background variables\n");
    /* keys are case-sensitive */
    assert_refused("text.sv = Kön\n", "Text.sv = Kön\n",
                   "cb.ini:23: unknown key 'Text.sv' in [background KON] (expected column, "
                   "text.sv, text.en, value.CODE, missing.CODE, empty, type, min, max, decimals, bands)\n");
    /* a key before any section, a line that is no key = value */
    assert_refused("[survey]\n", "id = x\n[survey]\n",
                   "cb.ini:2: key 'id' comes before any [section]\n");
    assert_refused("[area]\n", "[area]\nvalue.3 Söder\n",
                   "cb.ini:19: expected '[section]' or 'key = value'\n");
    /* invalid ids */
    assert_refused("[question T04]\n", "[question T 04]\n",
                   "cb.ini:56: section [question T 04]: the id may hold only ASCII letters, "
                   "digits, '_' and '-'; a data column with another name is read with an ASCII "
                   "id and a column key (e.g. [question V1] with column = T 04)\n");
    assert_refused("id = osteraker\n", "id = öster åker\n",
                   "cb.ini:3: survey id 'öster åker' may hold only letters, digits, '_' and "
                   "'-'\ncb.ini:2: [survey] needs an id\n");
}

static void duplicates(void **state)
{
    (void)state;
    assert_refused("value.2 = Ganska trygg | Fairly safe\n",
                   "value.2 = Ganska trygg | Fairly safe\nvalue.2 = Lite trygg\n",
                   "cb.ini:33: key 'value.2' is given twice in [question T01] (first at line "
                   "32)\n");
    /* a repeated section: one message at its header, its keys are not reported again */
    assert_refused("[question T04]\n", "[question T01]\ntext.sv = igen\nvalue.1 = Ja\n[question T04]\n",
                   "cb.ini:56: section [question T01] appears twice (first at line 28)\n");
    assert_refused("[area]\n", "[columns]\nweight = W\n[area]\n",
                   "cb.ini:18: section [columns] appears twice (first at line 9)\n");
    /* the same id as question and as background variable */
    assert_refused("[question T04]\n", "[question KON]\n",
                   "cb.ini:56: variable 'KON' is declared twice (first at line 22)\n");
    /* area codes and names */
    assert_refused("value.2 = Norrgårdsvägen/Söra\n", "value.1 = Norrgårdsvägen/Söra\n",
                   "cb.ini:20: key 'value.1' is given twice in [area] (first at line 19)\n");
    assert_refused("value.2 = Norrgårdsvägen/Söra\n", "value.2 = ÅKERSBERGA CENTRUM\n",
                   "cb.ini:20: area name 'Åkersberga centrum' is used for codes 1 and 2\n");
    /* an area name that is a number could not be told from a code in the data (fuzz) */
    assert_refused("value.2 = Norrgårdsvägen/Söra\n", "value.2 = 32767\n",
                   "cb.ini:20: area name '32767' is a number; numbers in the data are read as "
                   "area codes, so give the area a name (e.g. 'Område 32767')\n");
    /* duplicate labels, in either language, after case folding */
    assert_refused("value.4 = Mycket otrygg | Very unsafe\n",
                   "value.4 = GANSKA OTRYGG | Very unsafe\n",
                   "cb.ini:28: 'T01': codes 3 and 4 have the same label, so a label in the data "
                   "could not be read\n");
    assert_refused("value.2 = Nej | No\n", "value.2 = Nej | yes\n",
                   "cb.ini:56: 'T04': codes 1 and 2 have the same label, so a label in the data "
                   "could not be read\n");
    /* a column used twice (names compare case-insensitively, as data headers do) */
    assert_refused("column = PROBLEM_1\n", "column = vikt\n",
                   "cb.ini:44: column 'vikt' is used for both 'weight' (line 13) and 'P01'\n");
    assert_refused("stratum = STRATUM\n", "stratum = t01\n",
                   "cb.ini:28: column 'T01' is used for both 'stratum' (line 14) and 'T01'\n");
}

static void contradictions(void **state)
{
    (void)state;
    /* a code both valid and missing */
    assert_refused("missing.8 = Vet ej | Don't know\n", "missing.4 = Vet ej | Don't know\n",
                   "cb.ini:36: code 4 of 'T01' is declared twice (as a valid and as a missing "
                   "code)\n");
    /* indicator codes */
    assert_refused("indicator = 3, 4\n", "indicator = 3, 6\n",
                   "cb.ini:40: 'T01': indicator code 6 is not one of its codes\n");
    assert_refused("indicator = 3, 4\n", "indicator = 3, 8\n",
                   "cb.ini:40: 'T01': indicator code 8 is a missing code, not a valid answer\n");
    assert_refused("indicator = 3, 4\n", "indicator = 1-5\n",
                   "cb.ini:40: 'T01': every valid code is an indicator code, so the indicator is "
                   "always 1\n");
    assert_refused("indicator = 3, 4\n", "indicator = 3 4\n",
                   "cb.ini:40: indicator = '3 4': expected codes such as '3, 4'\n");
    /* scale codes */
    assert_refused("scale = 1-4\n", "scale = 1-6\n",
                   "cb.ini:39: 'T01': scale code 6 is not one of its codes\n");
    assert_refused("scale = 1-4\n", "scale = 1-4, 9\n",
                   "cb.ini:39: 'T01': scale code 9 is a missing code\n");
    assert_refused("scale = 1-4\n", "scale = 4-1\n",
                   "cb.ini:39: scale = '4-1': expected codes such as '1-4' or '1, 2, 3, 4'\n");
    /* score codes */
    assert_refused("score = 1:0, 2:2, 3:4, 4:6\n", "score = 1:0, 2:2, 3:4, 5:6\n",
                   "cb.ini:52: 'P01': score code 5 is not one of its valid codes\n");
    assert_refused("score = 1:0, 2:2, 3:4, 4:6\n", "score = 1=0\n",
                   "cb.ini:52: score = '1=0': expected code:score pairs such as '1:0, 2:2'\n");
    /* empty must be a missing code */
    assert_refused("empty = 9\n", "empty = 1\n",
                   "cb.ini:38: 'T01': empty = 1 must be one of its missing codes\n");
    assert_refused("empty = 9\n", "empty = 7\n",
                   "cb.ini:38: 'T01': empty = 7 must be one of its missing codes\n");
    assert_refused("empty = 9\n", "empty = nio\n", "cb.ini:38: empty = 'nio': expected a code\n");
    /* codes are whole numbers in -32766..32767 (-32767 and -32768 mark a number and no
     * answer in the stored blocks) */
    assert_refused("value.5 = Går", "value.5.0 = Går",
                   "cb.ini:35: 'value.5.0': the code must be a whole number from -32766 to "
                   "32767\n");
    assert_refused("value.5 = Går", "value.32768 = Går",
                   "cb.ini:35: 'value.32768': the code must be a whole number from -32766 to "
                   "32767\n");
    assert_refused("value.5 = Går", "value.-32767 = Går",
                   "cb.ini:35: 'value.-32767': the code must be a whole number from -32766 to "
                   "32767\n");
    char *text = full_with("value.5 = Går", "value.-32766 = Går");
    struct codebook *cb = parse_ok(text);
    assert_int_equal(codebook_find(cb, "T01")->values[0].code, -32766);
    codebook_free(cb);
    free(text);
    /* a label is required */
    assert_refused("value.5 = Går aldrig ut ensam sent | Never goes out alone late\n",
                   "value.5 = | Never\n",
                   "cb.ini:35: code 5 of 'T01' needs a label ('Svensk etikett | English "
                   "label')\n");
    assert_refused("reversed = yes\n", "reversed = kanske\n",
                   "cb.ini:60: reversed = 'kanske': expected yes or no\n");
}

static void missing_parts(void **state)
{
    (void)state;
    assert_refused("id = osteraker\n", "", "cb.ini:2: [survey] needs an id\n");
    assert_refused("title.sv = Trygghetsundersökning Österåker\ntitle.en = Perceived-safety "
                   "survey Österåker\n",
                   "", "cb.ini:2: [survey] needs a title (title.sv and/or title.en)\n");
    assert_refused("respondent = LOPNR\n", "",
                   "cb.ini:9: [columns] needs 'respondent' (the respondent id column)\n");
    assert_refused("area = OMRADE\n", "",
                   "cb.ini:9: [area] codes are declared but [columns] names no 'area' column\n");
    assert_refused("[background KON]\n", "[background ALDER]\n\n[background KON]\n",
                   "cb.ini:22: section [background ALDER] is empty\n");
    assert_refused("value.1 = Man | Man\nvalue.2 = Kvinna | Woman\n", "missing.9 = Ej svar\n",
                   "cb.ini:22: 'KON' declares no valid answer (value.CODE = label)\n");
    assert_refused("text.en = Do you avoid places?\n", "",
                   "cb.ini:56: question 'T04' needs its text (text.sv and/or text.en)\n");
    assert_refused("column = PROBLEM_1\n", "column =\n", "cb.ini:44: 'column' needs a column name\n");
    /* no question at all */
    const char *only_background = "[survey]\nid = x\ntitle.sv = X\n[columns]\nrespondent = id\n"
                                  "wave.fixed = 2020\n[background KON]\nvalue.1 = Man\n";
    char *errs = parse_errors(only_background, strlen(only_background));
    assert_string_equal(errs, "cb.ini: the codebook declares no [question ID] section\n");
    free(errs);
    /* an empty file: one message, at line 1 (it had none, and four unplaced ones) */
    errs = parse_errors("", 0);
    assert_string_equal(errs, "cb.ini:1: the codebook has no [section]: it starts with "
                              "[survey], then [columns] and a [question ID] per question "
                              "(docs/formats.md)\n");
    free(errs);
    /* no [survey] section: said at line 1 (was "cb.ini: [survey] needs an id") */
    const char *no_survey = "[columns]\nrespondent = id\nwave.fixed = 2020\n"
                            "[question Q]\ntext.sv = Q\nvalue.1 = Ja\n";
    errs = parse_errors(no_survey, strlen(no_survey));
    assert_string_equal(errs, "cb.ini:1: the codebook has no [survey] section (id and title)\n");
    free(errs);
}

/* A codebook saved with old Mac line ends (a lone CR): read line by line like any
 * other.  Before, it was one long line: every key after [survey] was lost and the
 * refusal ("[survey] needs an id") named no line. */
static void cr_only_line_ends(void **state)
{
    (void)state;
    const char *lf = "[survey]\nid = x\ntitle.sv = X\n[columns]\nrespondent = id\n"
                     "wave.fixed = 2020\n[question Q]\ntext.sv = Q\nvalue.1 = Ja\n"
                     "value.2 = Nej\n";
    struct strbuf cr = STRBUF_INIT;
    for (const char *c = lf; *c; c++)
        strbuf_addch(&cr, *c == '\n' ? '\r' : *c);
    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct codebook *cb = codebook_parse("cb.ini", cr.buf, cr.len, &dl);
    assert_non_null(cb);
    assert_int_equal(dl.n_errors, 0);
    assert_string_equal(cb->survey_id, "x");
    assert_int_equal(cb->n_vars, 1);
    codebook_free(cb);
    /* and an error in such a file names its line */
    strbuf_reset(&cr);
    for (const char *c = lf; *c; c++)
        strbuf_addch(&cr, *c == '\n' ? '\r' : *c);
    strbuf_addstr(&cr, "bogus\r");
    cb = codebook_parse("cb.ini", cr.buf, cr.len, &dl);
    assert_null(cb);
    assert_true(dl.n > 0);
    assert_int_equal(dl.items[0].line, 11);
    diag_list_release(&dl);
    strbuf_release(&cr);
}

static void bytes_that_are_not_text(void **state)
{
    (void)state;
    static const char nul[] = "[survey]\nid = x\0y\n";
    char *errs = parse_errors(nul, sizeof(nul) - 1);
    /* where: line and column (it named the file alone) */
    assert_string_equal(errs, "cb.ini:2:7: contains a NUL byte; a codebook is a text file\n");
    free(errs);
    static const char latin1[] = "[survey]\nid = x\ntitle.sv = \xd6ster\xe5ker\n";
    errs = parse_errors(latin1, sizeof(latin1) - 1);
    assert_string_equal(errs, "cb.ini:3: not valid UTF-8 (byte 0xd6); save the codebook as UTF-8\n");
    free(errs);
}

static void many_errors_in_one_go(void **state)
{
    (void)state;
    /* the loader reports every problem, not just the first */
    char *a = full_with("indicator = 3, 4\n", "indicatr = 3, 4\n");
    const char *at = strstr(a, "empty = 9\n");
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, a, (size_t)(at - a));
    strbuf_addstr(&sb, "empty = 1\n");
    strbuf_addstr(&sb, at + strlen("empty = 9\n"));
    char *errs = parse_errors(sb.buf, sb.len);
    assert_string_equal(errs, "cb.ini:40: unknown key 'indicatr' in [question T01] (expected "
                              "column, text.sv, text.en, value.CODE, missing.CODE, empty, type, min, "
                              "max, decimals, bands, indicator, indicator.label, scale, reversed, score, group, series, "
                              "harmonize, change.sv, change.en, harmonized.indicator, harmonized.label)\n"
                              "cb.ini:38: 'T01': empty = 1 must be one of its missing codes\n");
    free(errs);
    free(a);
    strbuf_release(&sb);
}

/* ------------------------------------------------------------ number variables */

/* A background age in bands, whole numbers, missing codes above the range; hours with
 * decimals and a negative missing code. */
static const char NUMBERS[] =
    "[survey]\n"                                /* 1 */
    "id = n\n"                                  /* 2 */
    "title.en = Numbers\n"                      /* 3 */
    "[columns]\n"                               /* 4 */
    "respondent = ID\n"                         /* 5 */
    "wave = AR\n"                               /* 6 */
    "[background ALDER]\n"                      /* 7 */
    "type = number\n"                           /* 8 */
    "min = 16\n"                                /* 9 */
    "max = 84\n"                                /* 10 */
    "decimals = no\n"                           /* 11 */
    "missing.1 = Vet ej | Don't know\n"         /* 12: below the range, meets band code 1 */
    "missing.99 = Ej svar\n"                    /* 13 */
    "empty = 99\n"                              /* 14 */
    "bands = 16-29, 30-49, 50-64, 65-84\n"      /* 15 */
    "[question H]\n"                            /* 16 */
    "text.sv = Timmar\n"                        /* 17 */
    "type = number\n"                           /* 18 */
    "min = 0\n"                                 /* 19 */
    "max = 2,5\n"                               /* 20 */
    "missing.-9 = Vet ej\n"                     /* 21 */
    "bands = 0-0,5; 0,75-2,5\n";                /* 22 */

static void number_variables(void **state)
{
    (void)state;
    struct codebook *cb = parse_ok(NUMBERS);
    const struct cb_variable *age = codebook_find(cb, "ALDER"), *h = codebook_find(cb, "H");
    assert_true(age->numeric && h->numeric);
    assert_true(age->has_min && age->has_max && age->min == 16 && age->max == 84);
    assert_false(age->decimals);
    assert_true(h->decimals && h->max == 2.5);
    /* bands: codes 2..5 (1 is a missing code), labelled by their bounds */
    assert_int_equal(age->n_bands, 4);
    assert_int_equal(age->bands[0].code, 2);
    assert_int_equal(age->bands[3].code, 5);
    const struct cb_value *b = cb_variable_value(age, 3);
    assert_non_null(b);
    assert_true(b->band && !b->missing);
    assert_string_equal(b->label_sv, "30-49");
    assert_int_equal(h->n_bands, 2);
    assert_true(h->bands[1].lo == 0.75 && h->bands[1].hi == 2.5);
    assert_string_equal(cb_variable_value(h, h->bands[0].code)->label_sv, "0-0.5");

    int code = 0;
    double x = 0;
#define READ(v, text) cb_variable_read_number((v), (text), strlen(text), &code, &x)
    assert_int_equal(READ(age, "16"), CB_NUM_VALUE);
    assert_true(x == 16);
    assert_int_equal(READ(age, " 84 "), CB_NUM_VALUE); /* the upper limit is in the range */
    assert_true(x == 84);
    assert_int_equal(READ(age, "15"), CB_NUM_BELOW);
    assert_int_equal(READ(age, "85"), CB_NUM_ABOVE);
    assert_int_equal(READ(age, "30,5"), CB_NUM_NOT_WHOLE);
    assert_int_equal(READ(age, "30.0"), CB_NUM_VALUE);
    assert_int_equal(READ(age, "abc"), CB_NUM_NOT_NUMBER);
    assert_int_equal(READ(age, "1 000"), CB_NUM_NOT_NUMBER);
    /* missing codes before the range check: by number and by label, both languages */
    assert_int_equal(READ(age, "1"), CB_NUM_CODE);
    assert_int_equal(code, 1);
    assert_int_equal(READ(age, "99,0"), CB_NUM_CODE);
    assert_int_equal(code, 99);
    assert_int_equal(READ(age, "don't KNOW"), CB_NUM_CODE);
    assert_int_equal(code, 1);
    assert_int_equal(READ(age, ""), CB_NUM_CODE); /* empty = 99 */
    assert_int_equal(code, 99);
    assert_int_equal(READ(h, ""), CB_NUM_EMPTY);
    assert_int_equal(READ(h, "2,5"), CB_NUM_VALUE);
    assert_true(x == 2.5);
    assert_int_equal(READ(h, "0.125"), CB_NUM_VALUE);
    assert_true(x == 0.125);
    assert_int_equal(READ(h, "-9"), CB_NUM_CODE);
    assert_int_equal(READ(h, "-0,5"), CB_NUM_BELOW);
    assert_int_equal(READ(h, "2,51"), CB_NUM_ABOVE);
#undef READ
    /* band of a number: inclusive bounds; between bands (0.6) or outside: none */
    assert_int_equal(cb_variable_band(age, 16), 2);
    assert_int_equal(cb_variable_band(age, 29), 2);
    assert_int_equal(cb_variable_band(age, 30), 3);
    assert_int_equal(cb_variable_band(age, 84), 5);
    assert_int_equal(cb_variable_band(h, 0.5), h->bands[0].code);
    assert_int_equal(cb_variable_band(h, 0.6), CODEBOOK_NUMBER);
    assert_int_equal(cb_variable_band(h, 0.75), h->bands[1].code);
    codebook_free(cb);
}

static void number_variable_errors(void **state)
{
    (void)state;
    static const char head[] = "[survey]\nid = n\ntitle.en = N\n[columns]\nrespondent = ID\n"
                               "wave = AR\n[question Q]\ntext.sv = q\n";
    static const struct {
        const char *body, *expect;
    } cases[] = {
        {"type = number\nvalue.1 = a\n",
         "cb.ini:7: 'Q' is a number variable (type = number): its answers are the numbers in "
         "the data, so it declares no value.1; declare missing codes as missing.CODE\n"},
        {"type = number\nmin = 0\nmax = 99\nmissing.99 = x\n",
         "cb.ini:7: 'Q': missing code 99 lies inside the range of its answers (0 to 99), so an "
         "answer 99 could not be told from it; give min and max so that the missing codes lie "
         "outside (e.g. max = 97 with missing.98, missing.99)\n"},
        {"type = number\nmissing.9 = x\n",
         "cb.ini:7: 'Q': missing code 9 lies inside the range of its answers (no min or max "
         "given), so an answer 9 could not be told from it; give min and max so that the "
         "missing codes lie outside (e.g. max = 97 with missing.98, missing.99)\n"},
        {"type = number\nmin = 5\nmax = 3\n", "cb.ini:11: 'Q': max = 3 is below min = 5\n"},
        {"type = numeric\n",
         "cb.ini:9: type = 'numeric': expected 'code' (answers are declared codes, the "
         "default) or 'number' (answers are numbers such as an age, with min, max and missing "
         "codes)\n"
         "cb.ini:7: 'Q' declares no valid answer (value.CODE = label)\n"},
        {"value.1 = a\nmin = 0\n",
         "cb.ini:10: 'Q': min, max, decimals and bands are for a number variable; add 'type = "
         "number'\n"},
        {"type = number\nmin = x\n", "cb.ini:10: min = 'x': expected a number\n"},
        {"type = number\nbands = 1-5, 5-9\n",
         "cb.ini:10: 'Q': band 5-9 starts before the band before it ends; give the bands in "
         "ascending order, without overlap\n"},
        {"type = number\nbands = 16-\n",
         "cb.ini:10: bands = '16-': expected ranges such as '16-29, 30-49, 50-64, 65-84' (with "
         "decimal commas, separate them with ';': '0-2,5; 2,6-10')\n"},
        {"type = number\nmin = 0\nmax = 10\nbands = 20-30\n",
         "cb.ini:12: 'Q': band 20-30 lies outside the range\n"},
        {"type = number\nindicator = 1\n",
         "cb.ini:7: 'Q' is a number variable (type = number): indicator, scale, score and "
         "harmonize are for coded answers\n"},
        {"type = number\ndecimals = no\nmin = 0,5\n",
         "cb.ini:10: 'Q': decimals = no, but the range has decimals\n"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addstr(&sb, head);
        strbuf_addstr(&sb, cases[i].body);
        char *got = parse_errors(sb.buf, sb.len);
        assert_string_equal(got, cases[i].expect);
        free(got);
        strbuf_release(&sb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_codebook_round_trip),
        cmocka_unit_test(codebook_load_reads_files),
        cmocka_unit_test(cells_by_code_and_label),
        cmocka_unit_test(long_lines_comments_and_bom),
        cmocka_unit_test(wave_fixed),
        cmocka_unit_test(unknown_sections_and_keys),
        cmocka_unit_test(population_sections),
        cmocka_unit_test(duplicates),
        cmocka_unit_test(contradictions),
        cmocka_unit_test(missing_parts),
        cmocka_unit_test(bytes_that_are_not_text),
        cmocka_unit_test(cr_only_line_ends),
        cmocka_unit_test(many_errors_in_one_go),
        cmocka_unit_test(number_variables),
        cmocka_unit_test(number_variable_errors),
    };
    return cmocka_run_group_tests_name("codebook", tests, NULL, NULL);
}
