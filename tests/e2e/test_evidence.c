/*
 * The first screen read as a steering group reads it, on data unlike the bundled
 * example (REPORTING.md): a survey and incident counts generated here, deterministic,
 * in which things got worse after the measure, an effect is near zero, a criterion is
 * met on its point estimate alone, a comparison area has no data for a category, a
 * question's answer options changed between the waves, and two areas are too small to
 * detect anything.  Each test runs a spec in Swedish and English and checks that the
 * answer says no more, and no less, than the evidence:
 *   - harm is said as plainly as benefit: the answer names the criteria whose interval
 *     shows a clear change the other way, a share difference is read with its
 *     direction ("higher"), and more cases than expected are said as such;
 *   - a cost per prevented case is no number when the interval of the prevented cases
 *     includes none (it is unbounded): only its lower bound is given;
 *   - a rule on the point estimate met while the interval crosses it is flagged, graded
 *     no better than weak, and a point estimate that fails such a rule while the
 *     interval reaches it is inconclusive, not "the whole interval on the wrong side";
 *   - a criterion whose estimate could not be made gets no cost per prevented case
 *     (formerly the rate ratio's, under the criterion's name), and the answer says why
 *     there is no estimate;
 *   - a question whose answer options changed is named beside the criteria judged on it;
 *   - a cost per prevented case from a level-2 estimate that the comparison area does not
 *     bear out (it fell as much) says so;
 *   - a report made after the decision date whose verdicts differ from those of the data
 *     then says so in the answer's first paragraph;
 *   - an interval of a share difference so wide that the smallest detectable change is
 *     over 100 percentage points says that no plausible effect could be detected;
 *   - a police recording change inside the window is not read as the measures' effect
 *     once declared (recording_change): the time series has a level shift of its own,
 *     the after/before ratio that cannot separate it is weak at most, both said beside
 *     the criterion, in results.csv and run.json; a change in the start month or
 *     outside the window is refused at its line;
 *   - sparse counts (about one event a month) and less than a year after the start
 *     lower the certainty, with the numbers that made them;
 *   - numbers as typeset: a rise signed "+", the minus sign U+2212, one count of
 *     decimals for an estimate and its bounds;
 *   - a subgroup estimate the small-cell rule withholds is said to be withheld.
 */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "e2eutil.h"
#include "util/strbuf.h"

struct env {
    char *dir, *db;
};

static struct env *g;

static const char CODEBOOK[] =
    "[survey]\n"
    "id = ts\n"
    "title.sv = Trygghetsenkät Testby\n"
    "title.en = Safety survey Testby\n"
    "version = %s\n"
    "fieldwork_end = 04-30\n"
    "\n[columns]\nrespondent = LOPNR\nwave = AR\narea = OMRADE\nweight = VIKT\n"
    "\n[area]\nvalue.1 = Centrum\nvalue.2 = Väster\nvalue.3 = Norr\nvalue.4 = Liten\n"
    "value.5 = Lillby\n"
    "\n[question Q1]\n"
    "text.sv = Hur trygg känner du dig ute ensam sent en kväll?\n"
    "text.en = How safe do you feel out alone late in the evening?\n"
    "value.1 = Mycket trygg | Very safe\nvalue.2 = Ganska trygg | Fairly safe\n"
    "value.3 = Ganska otrygg | Fairly unsafe\nvalue.4 = Mycket otrygg | Very unsafe\n"
    "%s"
    "missing.8 = Vet ej | Don't know\nmissing.9 = Ej svar | No answer\nempty = 9\n"
    "scale = 1-4\nindicator = 3, 4\nindicator.label = Otrygg | Unsafe\nreversed = no\n"
    "%s";

/* The share unsafe of an area in a year (per mille). */
static int unsafe_permille(int area, int year)
{
    bool after = year >= 2020;
    switch (area) {
    case 1: /* Centrum: worse after */
        return after ? 400 : 200;
    case 2: /* Väster: unchanged */
        return 250;
    case 3: /* Norr: a little better, few answers */
        return after ? 300 : 350;
    default: /* the two tiny areas */
        return (area == 4) == after ? 700 : 300;
    }
}

static int respondents(int area)
{
    return area <= 2 ? 300 : area == 3 ? 40 : 3;
}

static void write_wave(int year)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "\xef\xbb\xbfLOPNR;AR;OMRADE;VIKT;Q1\r\n");
    int id = 1;
    for (int area = 1; area <= 5; area++) {
        int n = respondents(area), p = unsafe_permille(area, year);
        for (int j = 0; j < n; j++) {
            /* a deterministic spread: the first p per mille of a scrambled order */
            bool unsafe = (j * 379 + year) % 1000 < p;
            int code = unsafe ? 3 + j % 2 : 1 + j % 2;
            if (year >= 2020 && area == 2 && j % 50 == 7)
                code = 5; /* the new answer option, in a few answers */
            strbuf_addf(&sb, "%d;%d;%d;%d,%d;%d\r\n", id++, year, area, 10 + j % 7, j % 10,
                        code);
        }
    }
    char name[32];
    snprintf(name, sizeof(name), "s%d.csv", year);
    free(put_file_in(g->dir, name, sb.buf));
    strbuf_release(&sb);
}

static void write_codebooks(void)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, CODEBOOK, "2017-2019", "", "");
    free(put_file_in(g->dir, "cb_old.ini", sb.buf));
    strbuf_reset(&sb);
    strbuf_addf(&sb, CODEBOOK, "2020-2021", "value.5 = Går aldrig ut | Never goes out\n",
                "harmonize = 5:9\n"
                "change.sv = Svarsalternativet 5 \"Går aldrig ut\" tillkom 2020.\n"
                "change.en = The answer \"Never goes out\" (5) was added in 2020.\n");
    free(put_file_in(g->dir, "cb_new.ini", sb.buf));
    strbuf_release(&sb);
}

static void write_counts(void)
{
    static const int wiggle[12] = {0, 2, -1, 1, -2, 3, -1, 0, 2, -3, 1, -1};
    static const int before_m[6] = {9, 11, 10, 12, 8, 10}, after_m[6] = {9, 10, 10, 11, 8, 10};
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal;befolkning\r\n");
    for (int y = 2016; y <= 2021; y++)
        for (int m = 1; m <= 12; m++) {
            bool after = y * 100 + m >= 201909;
            int k = (y * 12 + m) % 12, h = (y * 12 + m) % 6;
            /* disturbances: a clear rise in Centrum, none in Väster */
            strbuf_addf(&sb, "%d-%02d;Centrum;ordningsstorning;%d;8000\r\n", y, m,
                        (after ? 30 : 20) + wiggle[k]);
            strbuf_addf(&sb, "%d-%02d;Väster;ordningsstorning;%d;8000\r\n", y, m,
                        15 + wiggle[(k + 5) % 12]);
            /* assaults: a fall of about 3 %, nowhere near clear */
            strbuf_addf(&sb, "%d-%02d;Centrum;misshandel;%d;8000\r\n", y, m,
                        after ? after_m[h] : before_m[h]);
            strbuf_addf(&sb, "%d-%02d;Väster;misshandel;%d;8000\r\n", y, m, before_m[(h + 2) % 6]);
            /* criminal damage: both areas fall by a third at the start */
            strbuf_addf(&sb, "%d-%02d;Centrum;skadegorelse;%d;8000\r\n", y, m,
                        (after ? 20 : 30) + wiggle[k]);
            strbuf_addf(&sb, "%d-%02d;Väster;skadegorelse;%d;8000\r\n", y, m,
                        (after ? 20 : 30) + wiggle[(k + 3) % 12]);
            /* robbery: Centrum only, a clear fall; the comparison area has none */
            strbuf_addf(&sb, "%d-%02d;Centrum;ran;%d;8000\r\n", y, m,
                        (after ? 4 : 8) + wiggle[k] / 2);
            /* theft: nothing happens but a recording change in 2020-01 (part of the
             * offences moved to another code): a third fewer recorded from then on */
            strbuf_addf(&sb, "%d-%02d;Centrum;stold;%d;8000\r\n", y, m,
                        (y * 100 + m >= 202001 ? 20 : 30) + wiggle[k]);
            /* weapons: about two a month before, a few after, in Centrum; Väster steady:
             * a clear fall on very few events */
            static const int wb[6] = {1, 3, 2, 2, 1, 3}, wa[6] = {0, 1, 0, 0, 0, 1};
            strbuf_addf(&sb, "%d-%02d;Centrum;vapen;%d;8000\r\n", y, m, after ? wa[h] : wb[h]);
            strbuf_addf(&sb, "%d-%02d;Väster;vapen;%d;8000\r\n", y, m, wb[(h + 1) % 6]);
        }
    free(put_file_in(g->dir, "inc.csv", sb.buf));
    strbuf_release(&sb);
    free(put_file_in(g->dir, "iv.csv",
                     "namn;omrade;start;slut;kostnad_per_ar;kostnad_period;namn_sv;namn_en\r\n"
                     "ordningsvakter;Centrum;2019-09-01;2021-12-31;1200000;;ordningsvakter;"
                     "security guards\r\n"));
}

static char *in_dir(const char *name)
{
    return path_in_dir(g->dir, name);
}

static int setup(void **state)
{
    g = calloc(1, sizeof(*g));
    g->dir = make_temp_dir("evidence");
    g->db = in_dir("trygg.db");
    write_codebooks();
    for (int y = 2017; y <= 2021; y++)
        write_wave(y);
    write_counts();
    char *cb_old = in_dir("cb_old.ini"), *cb_new = in_dir("cb_new.ini");
    char *s[5];
    for (int y = 2017; y <= 2021; y++) {
        char name[32];
        snprintf(name, sizeof(name), "s%d.csv", y);
        s[y - 2017] = in_dir(name);
    }
    char *inc = in_dir("inc.csv"), *iv = in_dir("iv.csv");
    const char *a[] = {"import", "survey", "-q", cb_old, s[0], s[1], s[2]};
    run_trygg_ok(g->db, a, 7);
    const char *b[] = {"import", "survey", "-q", cb_new, s[3], s[4]};
    run_trygg_ok(g->db, b, 6);
    const char *c[] = {"import", "incidents", "-q", inc};
    run_trygg_ok(g->db, c, 4);
    const char *d[] = {"import", "interventions", "-q", iv};
    run_trygg_ok(g->db, d, 4);
    free(cb_old);
    free(cb_new);
    for (int i = 0; i < 5; i++)
        free(s[i]);
    free(inc);
    free(iv);
    *state = g;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (!getenv("KEEP")) rm_rf(g->dir);
    free(g->dir);
    free(g->db);
    free(g);
    return 0;
}

static const char HEAD[] = "[evaluation]\n"
                           "id = %s\n"
                           "title.sv = Ordningsvakter i Centrum\n"
                           "title.en = Security guards in Centrum\n"
                           "question.sv = Ska ordningsvakterna finnas kvar?\n"
                           "question.en = Should the security guards be kept?\n"
                           "interventions = ordningsvakter\n"
                           "start = 2019-09-01\n";

/* Runs HEAD(id) + body in lang; returns report.md (fails the test if refused). */
static char *run(const char *id, const char *body, const char *lang)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, HEAD, id);
    strbuf_addstr(&sb, body);
    char *md = NULL, *err = NULL, name[64];
    snprintf(name, sizeof(name), "%s-%s.ini", id, lang);
    int rc = run_spec_in(g->db, g->dir, name, sb.buf, lang, NULL, &md, &err);
    if (rc != 0)
        fail_msg("%s (%s) refused: %s", id, lang, err);
    free(err);
    strbuf_release(&sb);
    assert_non_null(md);
    return md;
}

/* The summary of report.md: from the answer to the first section after it. */
static char *answer_of(const char *md)
{
    const char *a = strstr(md, "\n#### ");
    assert_non_null(a);
    const char *e = strstr(a, "\n## ");
    if (!e)
        e = a + strlen(a);
    char *s = malloc((size_t)(e - a) + 1);
    memcpy(s, a, (size_t)(e - a));
    s[e - a] = '\0';
    return s;
}

static void has(const char *text, const char *what)
{
    if (!strstr(text, what))
        fail_msg("expected \"%s\" in:\n%s", what, text);
}

static void lacks(const char *text, const char *what)
{
    if (strstr(text, what))
        fail_msg("did not expect \"%s\" in:\n%s", what, text);
}

/* The bullet of the answer that starts with `start`, as a new string. */
static char *item(const char *text, const char *start)
{
    struct strbuf key = STRBUF_INIT;
    strbuf_addf(&key, "\n- %s", start);
    const char *p = strstr(text, key.buf);
    if (!p)
        fail_msg("no item \"%s\" in:\n%s", start, text);
    strbuf_release(&key);
    p += 3;
    size_t n = strcspn(p, "\n");
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static const char WORSE[] =
    "[survey unsafe]\nsurvey = ts\nquestion = Q1\narea = Centrum\ncomparison = Väster\n"
    "before = 2017..2019\nafter = 2020..2021\n"
    "[incidents dist]\ncategory = ordningsstorning\narea = Centrum\ncomparison = Väster\n"
    "model = its_quasipoisson\nfrom = 2016-01\nto = 2021-12\n"
    "[criterion c_unsafe]\noutcome = unsafe\nterm = difference\nrule = conf_high < 0\n"
    "text.sv = Andelen otrygga minskar\ntext.en = The share feeling unsafe falls\n"
    "[criterion c_dist]\noutcome = dist\nterm = level_change\nrule = conf_high < 1\n"
    "text.sv = Ordningsstörningarna minskar\ntext.en = Disturbances fall\n";

/* Things got worse: said in the answer's first lines, with the direction, and the
 * cases above the expected named as such. */
static void harm_said_plainly(void **state)
{
    (void)state;
    char *md = run("worse", WORSE, "sv"), *a = answer_of(md);
    has(a, "Åt motsatt håll: 2 av kriterierna visar en tydlig förändring");
    has(a, "\"Andelen otrygga minskar\" (en ökning); \"Ordningsstörningarna minskar\" (en ökning).");
    char *it = item(a, "Andelen otrygga minskar: inte uppfyllt");
    has(it, "procentenheter högre (95\xc2\xa0% KI");
    free(it);
    /* more cases than expected, with their number and interval, each end's direction
     * said (test_steering.c checks the numbers) */
    has(a, "ingen minskning: ");
    has(a, "fler anmälda brott än väntat (intervall");
    lacks(a, "ingen minskning att räkna kostnad per förhindrat fall på");
    free(a);
    free(md);
    md = run("worse", WORSE, "en");
    a = answer_of(md);
    has(a, "The other way: 2 of the criteria show a clear change");
    /* the criteria table: a rise signed, the minus sign U+2212 where there is one */
    has(md, "| The share feeling unsafe falls | +19.7\xc2\xa0pp | +14.9 to +24.5\xc2\xa0pp |");
    has(a, "\"The share feeling unsafe falls\" (a rise); \"Disturbances fall\" (a rise).");
    it = item(a, "The share feeling unsafe falls: not met");
    has(it, "percentage points higher (95% CI");
    free(it);
    has(a, "no reduction: ");
    has(a, "more reported offences than expected (interval");
    free(a);
    free(md);
}

static const char NEAR_ZERO[] =
    "[incidents assault]\ncategory = misshandel\narea = Centrum\ncomparison = Väster\n"
    "model = rate_ratio\nfrom = 2016-01\nto = 2021-12\n"
    "[criterion c_assault]\noutcome = assault\nterm = rate_ratio\nrule = conf_high < 1\n"
    "text.sv = Misshandeln minskar\ntext.en = Assaults fall\n";

/* An effect near zero: the prevented cases' interval includes none, so a cost per
 * prevented case is unbounded and not given as a number -- in the answer, the
 * criteria table and the criterion's sentence. */
static void cost_of_no_effect_is_no_number(void **state)
{
    (void)state;
    char *md = run("nearzero", NEAR_ZERO, "sv"), *a = answer_of(md);
    has(a, "Misshandeln minskar: oklart");
    has(a, "omfattar också noll förhindrade fall (ingen effekt), så kostnaden per förhindrat "
           "fall har ingen övre gräns och anges inte som ett tal: den kan bara sägas vara minst ");
    has(a, "paketets kostnad under samma månader, 2\xc2\xa0" "802\xc2\xa0" "464\xc2\xa0kr, ger "
           "därför ingen kostnad per förhindrat fall som tal, bara en undre gräns: minst ");
    has(a, "| ingen övre gräns (minst ");
    lacks(a, "per förhindrat fall (intervall");
    lacks(a, "motsvarar");
    free(a);
    free(md);
    md = run("nearzero", NEAR_ZERO, "en");
    a = answer_of(md);
    has(a, "also includes zero prevented cases (no effect), so the cost per prevented case has "
           "no upper bound and is not given as a number: it can only be said to be at least SEK");
    has(a, "| no upper bound (at least SEK");
    lacks(a, "per prevented case (interval");
    lacks(a, "comes to");
    free(a);
    free(md);
}

static const char POINT[] =
    "[survey north]\nsurvey = ts\nquestion = Q1\narea = Norr\n"
    "before = 2017..2019\nafter = 2020..2021\nplacebo = no\n"
    "[criterion c_point]\noutcome = north\nterm = difference\nrule = estimate < 0\n"
    "text.sv = Andelen otrygga i Norr minskar\ntext.en = The share unsafe in Norr falls\n"
    "[criterion c_point10]\noutcome = north\nterm = difference\nrule = estimate < -0.10\n"
    "text.sv = Andelen otrygga i Norr minskar med minst 10 procentenheter\n"
    "text.en = The share unsafe in Norr falls by 10 points or more\n";

/* A rule on the point estimate: met on it while the interval crosses the value is
 * flagged and weak; failed on it while the interval reaches the value is inconclusive. */
static void point_estimate_alone_decides_nothing(void **state)
{
    (void)state;
    char *md = run("point", POINT, "sv"), *a = answer_of(md);
    has(a, "Av 2 förhandsbestämda kriterier är 1 uppfyllt (0 av dem med stark eller måttlig "
           "säkerhet), 0 inte uppfyllda och 1 oklart.");
    char *it = item(a, "Andelen otrygga i Norr minskar: uppfyllt");
    has(it, "svag säkerhet");
    has(it, "Bara punktskattningen uppfyller regeln: intervallet omfattar också värden som inte "
            "gör det, så data avgör inte kriteriet.");
    free(it);
    it = item(a, "Andelen otrygga i Norr minskar med minst 10 procentenheter: oklart");
    free(it);
    has(a, "om \"Andelen otrygga i Norr minskar\" stämmer: bara punktskattningen uppfyller "
           "regeln, inte intervallet");
    lacks(a, "hela intervallet ligger på fel sida av regeln");
    free(a);
    free(md);
    md = run("point", POINT, "en");
    a = answer_of(md);
    it = item(a, "The share unsafe in Norr falls: met");
    has(it, "weak certainty");
    has(it, "Only the point estimate satisfies the rule: the interval also covers values that "
            "do not, so the data do not decide the criterion.");
    free(it);
    it = item(a, "The share unsafe in Norr falls by 10 points or more: inconclusive");
    free(it);
    lacks(a, "the whole interval lies on the wrong side of the rule");
    free(a);
    free(md);
}

static const char NO_COMPARISON_DATA[] =
    "[incidents robbery]\ncategory = ran\narea = Centrum\ncomparison = Väster\n"
    "model = rate_ratio\nfrom = 2016-01\nto = 2021-12\n"
    "[criterion c_rob_did]\noutcome = robbery\nterm = did\nrule = conf_high < 1\n"
    "text.sv = Rånen minskar mer än i Väster\ntext.en = Robberies fall more than in Väster\n";

/* A criterion whose estimate could not be made (the comparison area has no counts of
 * the category) gets no cost per prevented case: the old report showed the rate
 * ratio's cost under the comparison's name. */
static void no_estimate_no_cost(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        const char *lang = l ? "en" : "sv";
        char *md = run("nocomp", NO_COMPARISON_DATA, lang), *a = answer_of(md);
        /* and says why there is nothing to read, not a bare "inconclusive" */
        has(a, l ? "Robberies fall more than in Väster: inconclusive \xe2\x80\x93 no estimate ("
                 : "Rånen minskar mer än i Väster: oklart \xe2\x80\x93 ingen skattning (");
        lacks(a, l ? "Cost: over" : "Kostnad: under");
        lacks(a, l ? "The same model puts" : "Samma modell ger");
        free(a);
        free(md);
    }
}

static const char SAME_MOVE[] =
    "[incidents damage]\ncategory = skadegorelse\narea = Centrum\ncomparison = Väster\n"
    "model = its_quasipoisson\nfrom = 2016-01\nto = 2021-12\n"
    "[criterion c_damage]\noutcome = damage\nterm = level_change\nrule = conf_high < 1\n"
    "text.sv = Skadegörelsen minskar\ntext.en = Criminal damage falls\n";

/* The comparison area fell as much: the cost per prevented case of the level-2 estimate
 * says that the level-3 estimate does not bear the change out. */
static void cost_of_unconfirmed_change_flagged(void **state)
{
    (void)state;
    char *md = run("samemove", SAME_MOVE, "sv"), *a = answer_of(md);
    char *it = item(a, "Skadegörelsen minskar (tidsserien");
    has(it, "per förhindrat fall (intervall");
    has(it, "; skattningen på nivå 3 bekräftar inte förändringen (se ovan)");
    free(it);
    free(a);
    free(md);
    md = run("samemove", SAME_MOVE, "en");
    a = answer_of(md);
    it = item(a, "Criminal damage falls (time series");
    has(it, "; the level-3 estimate does not bear the change out (see above)");
    free(it);
    free(a);
    free(md);
}

/* The answer options changed between the waves compared: said beside the criterion. */
static void changed_question_beside_criterion(void **state)
{
    (void)state;
    char *md = run("worse", WORSE, "sv"), *a = answer_of(md);
    char *it = item(a, "Andelen otrygga minskar: inte uppfyllt");
    has(it, "Frågan är inte helt jämförbar mellan vågorna som jämförs: Svarsalternativet 5 "
            "\"Går aldrig ut\" tillkom 2020.");
    free(it);
    it = item(a, "Ordningsstörningarna minskar: inte uppfyllt");
    lacks(it, "jämförbar");
    free(it);
    free(a);
    free(md);
    md = run("worse", WORSE, "en");
    a = answer_of(md);
    it = item(a, "The share feeling unsafe falls: not met");
    has(it, "The question is not fully comparable between the waves compared: The answer "
            "\"Never goes out\" (5) was added in 2020.");
    free(it);
    free(a);
    free(md);
}

/* A report made after the decision date whose verdicts differ from those of the data
 * then says so in the answer's first paragraph. */
static void known_then_in_the_answer(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "decision_date = 2019-12-31\n%s", WORSE);
    char *md = run("then", sb.buf, "sv"), *a = answer_of(md);
    const char *para = strstr(a, "Av 2 förhandsbestämda kriterier");
    assert_non_null(para);
    char *end = strchr(para, '\n');
    assert_non_null(end);
    *end = '\0';
    has(para, "Vid beslutsdatum 2019-12-31 gav de data som fanns då en annan bedömning för 1 "
              "av kriterierna (se tabellen över vad som var känt då).");
    free(a);
    free(md);
    md = run("then", sb.buf, "en");
    a = answer_of(md);
    has(a, "On the decision date 2019-12-31, the data available then gave a different verdict "
           "for 1 of the criteria");
    free(a);
    free(md);
    strbuf_release(&sb);
}

static const char TINY[] =
    "conf_level = 0.99\n"
    "[survey tiny]\nsurvey = ts\nquestion = Q1\narea = Liten\ncomparison = Lillby\n"
    "before = 2017..2019\nafter = 2020..2021\nplacebo = no\n"
    "[criterion c_tiny]\noutcome = tiny\nterm = did\nrule = conf_high < 0\n"
    "text.sv = Andelen otrygga i Liten minskar mer än i Lillby\n"
    "text.en = The share unsafe in Liten falls more than in Lillby\n";

/* Two areas of three answers a wave: the smallest detectable change is over 100 points,
 * which the answer says means that no plausible effect could be detected. */
static void nothing_detectable_said_so(void **state)
{
    (void)state;
    char *md = run("tiny", TINY, "sv"), *a = answer_of(md);
    has(a, "större än en andel realistiskt kan ändras: data kan inte upptäcka någon rimlig "
           "effekt");
    free(a);
    free(md);
    md = run("tiny", TINY, "en");
    a = answer_of(md);
    has(a, "more than a share can realistically change: the data cannot detect any plausible "
           "effect");
    free(a);
    free(md);
}

static const char RECORDING[] =
    "[incidents theft]\ncategory = stold\narea = Centrum\n"
    "model = its_quasipoisson\nfrom = 2016-01\nto = 2021-12\n%s"
    "[criterion c_theft]\noutcome = theft\nterm = level_change\nrule = conf_high < 1\n"
    "text.sv = Stölderna minskar\ntext.en = Thefts fall\n"
    "[criterion c_theft_rr]\noutcome = theft\nterm = rate_ratio\nrule = conf_high < 1\n"
    "text.sv = Stölderna är färre efter än före\ntext.en = Fewer thefts after than before\n";

/* Runs RECORDING with `extra` in the outcome section; report.md, results.csv. */
static char *run_recording(const char *id, const char *extra, const char *lang, char **csv)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, HEAD, id);
    strbuf_addf(&sb, RECORDING, extra);
    char *md = NULL, *err = NULL, name[64];
    snprintf(name, sizeof(name), "%s-%s.ini", id, lang);
    int rc = run_spec_in(g->db, g->dir, name, sb.buf, lang, csv, &md, &err);
    if (rc != 0)
        fail_msg("%s (%s) refused: %s", id, lang, err);
    free(err);
    strbuf_release(&sb);
    return md;
}

/* A police recording change four months after the start (a third fewer thefts
 * recorded from then on, nothing else happening): undeclared, the time series and the
 * before/after ratio read it as the measures' effect; declared, the time-series model
 * gives it a level shift of its own (not the measures'), the ratio that cannot
 * separate it is weak at most, and both say so beside the criterion. */
static void recording_change_not_an_effect(void **state)
{
    (void)state;
    char *csv = NULL, *md = run_recording("rec0", "", "sv", &csv), *a = answer_of(md);
    /* undeclared: the ratio reads the recording change as a clear fall, with moderate
     * certainty */
    char *it = item(a, "Stölderna är färre efter än före: uppfyllt");
    has(it, "måttlig säkerhet");
    lacks(it, "registreringen");
    free(it);
    free(a);
    free(md);
    free(csv);
    for (int l = 0; l < 2; l++) {
        const char *lang = l ? "en" : "sv";
        md = run_recording("rec1", "recording_change = 2020-01\n", lang, &csv);
        a = answer_of(md);
        it = item(a, l ? "Thefts fall: " : "Stölderna minskar: ");
        lacks(it, l ? ": met" : ": uppfyllt");
        has(it, l ? "The police changed how the offences are recorded in 2020-01: the "
                    "time-series model has a level shift of its own at that month (ratio 0.6"
                  : "Polisen ändrade registreringen av brotten 2020-01: tidsseriemodellen har "
                    "ett eget nivåskifte den månaden (kvot 0,6");
        free(it);
        it = item(a, l ? "Fewer thefts after than before: met" : "Stölderna är färre efter än "
                                                                "före: uppfyllt");
        has(it, l ? "weak certainty" : "svag säkerhet");
        has(it, l ? "this estimate cannot tell the change from the measures' effect, so the "
                    "certainty is weak at most."
                  : "den här skattningen kan inte skilja ändringen från insatsernas effekt, så "
                    "säkerheten är högst svag.");
        free(it);
        /* the model's own level shift is in results.csv */
        struct results_row r;
        assert_true(results_find(csv, "theft", "", "its_quasipoisson", "recording_change", &r));
        double rr = results_num(&r, RF_ESTIMATE);
        assert_true(rr > 0.55 && rr < 0.8);
        assert_true(results_num(&r, RF_HIGH) < 1);
        free(a);
        free(md);
        free(csv);
    }
    /* run.json: the month and what each estimate does with it */
    char *path = in_dir("out/rec1/run.json");
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    assert_non_null(root);
    json_t *cr = json_object_get(root, "criteria");
    const char *want[2] = {"level_shift_in_model", "not_separated"};
    for (size_t i = 0; i < 2; i++) {
        json_t *rc = json_object_get(json_array_get(cr, i), "recording_change");
        assert_string_equal(json_string_value(json_object_get(rc, "month")), "2020-01");
        assert_string_equal(json_string_value(json_object_get(rc, "handling")), want[i]);
    }
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(cr, 1), "certainty")), "weak");
    json_decref(root);
    free(path);
}

/* A recording change the counts cannot be judged with: in the start month (no estimate
 * could tell the two level shifts apart) or outside the window: refused at its line. */
static void recording_change_refused(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *msg;
    } cases[] = {
        {"recording_change = 2019-09\n",
         ":15: recording_change = 2019-09 is the month the measure starts (2019-09-01)"},
        {"recording_change = 2016-01\n",
         ":15: recording_change = 2016-01 is not after the window's first month"},
        {"recording_change = 2022-03\n",
         ":15: recording_change = 2022-03 comes after the window's last month"},
        {"recording_change = 2020\n", ":15: recording_change = '2020': expected a month"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_addf(&sb, HEAD, "recbad");
        strbuf_addf(&sb, RECORDING, cases[i].extra);
        char *err = NULL;
        int rc = run_spec_in(g->db, g->dir, "recbad.ini", sb.buf, "en", NULL, NULL, &err);
        assert_int_equal(rc, 1);
        has(err, cases[i].msg);
        free(err);
        strbuf_release(&sb);
    }
}

static const char SPARSE[] =
    "[incidents weapons]\ncategory = vapen\narea = Centrum\ncomparison = Väster\n"
    "model = its_quasipoisson\nfrom = 2016-01\nto = 2021-12\n"
    "[criterion c_weapons]\noutcome = weapons\nterm = did\nrule = conf_high < 1\n"
    "text.sv = Vapenbrotten minskar mer än i Väster\n"
    "text.en = Weapon offences fall more than in Väster\n";

/* About one event a month, nine after the start: a clear fall by the interval, but the
 * certainty is weak at most, and the answer says why, with the numbers. */
static void sparse_counts_claim_less(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        const char *lang = l ? "en" : "sv";
        char *md = run("sparse", SPARSE, lang), *a = answer_of(md);
        char *it = item(a, l ? "Weapon offences fall more than in Väster: met"
                             : "Vapenbrotten minskar mer än i Väster: uppfyllt");
        has(it, l ? "weak certainty" : "svag säkerhet");
        /* one count of decimals for the estimate and its bounds */
        has(it, l ? "(ratio 0.1589, 95% CI 0.0741 to 0.3408)"
                  : "(kvot 0,1589, 95\xc2\xa0% KI 0,0741 till 0,3408)");
        has(it, l ? " Sparse data: 1.4 events a month on average, 26% of the months without "
                    "any, 89 before and 9 after the start; intervals from so few events are "
                    "less reliable, so the certainty is weak at most."
                  : " Glesa data: i genomsnitt 1,4 händelser per månad, 26\xc2\xa0% av "
                    "månaderna utan någon, 89 före och 9 efter starten");
        free(it);
        free(a);
        free(md);
    }
    char *path = in_dir("out/sparse/run.json");
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    assert_non_null(root);
    json_t *c0 = json_array_get(json_object_get(root, "criteria"), 0);
    json_t *counts = json_object_get(c0, "counts");
    assert_string_equal(json_string_value(json_object_get(counts, "sparse")), "very_sparse");
    assert_true(json_real_value(json_object_get(counts, "events_after")) == 9);
    json_decref(root);
    free(path);
}

static const char FEW_MONTHS_AFTER[] =
    "[incidents early]\ncategory = ordningsstorning\narea = Centrum\n"
    "model = its_quasipoisson\nfrom = 2016-01\nto = 2019-12\n"
    "[criterion c_early]\noutcome = early\nterm = rate_ratio\nrule = conf_low > 1\n"
    "text.sv = Ordningsstörningarna ökar\ntext.en = Disturbances rise\n";

/* Four months after the start: a clear rise by its interval, but less than a year on
 * one side cannot tell a lasting change from the season; one step lower, said so; and
 * one met criterion "is met" (not "1 are met"). */
static void few_months_claim_less(void **state)
{
    (void)state;
    char *md = run("early", FEW_MONTHS_AFTER, "en"), *a = answer_of(md);
    has(a, "The one pre-registered criterion is met.");
    char *it = item(a, "Disturbances rise: met");
    has(it, "Only 44 months before and 4 after the start: with less than a year on one side a "
            "lasting change cannot be told from the season, so the certainty is one step lower.");
    has(it, "weak certainty");
    free(it);
    free(a);
    free(md);
    md = run("early", FEW_MONTHS_AFTER, "sv");
    a = answer_of(md);
    has(a, "Bara 44 månader före och 4 efter starten");
    free(a);
    free(md);
}

/* A criterion on a subgroup whose estimate the small-cell rule withholds (the bundled
 * example: the youngest in Åkersberga centrum, one after wave) is said to be withheld,
 * not "the analysis gave no estimate". */
static const char WITHHELD_SPEC[] =
    "[evaluation]\nid = withheld\ntitle.en = Young\nquestion.en = Safer?\n"
    "title.sv = Unga\nquestion.sv = Tryggare?\n"
    "interventions = trygghetscoacher\nstart = 2018-09-01\n"
    "[survey young]\nsurvey = osteraker\nquestion = T01\narea = Åkersberga centrum\n"
    "before = 2017..2018\nafter = 2019..2019\nsubgroups = ALDGR\nplacebo = no\n"
    "[criterion c_young]\noutcome = young\nterm = difference\ngroup = ALDGR: 16–24 år\n"
    "rule = conf_high < 0\ntext.sv = Färre unga känner sig otrygga\n"
    "text.en = Fewer young people feel unsafe\n";

static void withheld_said_so(void **state)
{
    (void)state;
    char *db = in_dir("example.db");
    import_example(db);
    for (int l = 0; l < 2; l++) {
        char *md = NULL, *err = NULL;
        int rc = run_spec_in(db, g->dir, "withheld.ini", WITHHELD_SPEC, l ? "en" : "sv", NULL,
                             &md, &err);
        if (rc != 0)
            fail_msg("refused: %s", err);
        free(err);
        char *a = answer_of(md);
        has(a, l ? "Fewer young people feel unsafe: inconclusive \xe2\x80\x93 the estimate is "
                   "not published: it rests on too few respondents (fewer than 5 in a cell"
                 : "Färre unga känner sig otrygga: oklart \xe2\x80\x93 skattningen publiceras "
                   "inte: den bygger på för få svarande (färre än 5 i en cell");
        lacks(a, l ? "the analysis gave no estimate" : "analysen gav ingen skattning");
        free(a);
        free(md);
    }
    free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(harm_said_plainly),
        cmocka_unit_test(cost_of_no_effect_is_no_number),
        cmocka_unit_test(point_estimate_alone_decides_nothing),
        cmocka_unit_test(no_estimate_no_cost),
        cmocka_unit_test(changed_question_beside_criterion),
        cmocka_unit_test(cost_of_unconfirmed_change_flagged),
        cmocka_unit_test(known_then_in_the_answer),
        cmocka_unit_test(nothing_detectable_said_so),
        cmocka_unit_test(recording_change_not_an_effect),
        cmocka_unit_test(recording_change_refused),
        cmocka_unit_test(sparse_counts_claim_less),
        cmocka_unit_test(few_months_claim_less),
        cmocka_unit_test(withheld_said_so),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
