/*
 * cmd_power — `trygg power`: planning the next survey wave for a share (the share who
 * feel unsafe, who were victimised), as R's power.prop.test.  Of the number per group,
 * the changed share and the power, the one not given is computed; with only the
 * baseline and n, the smallest detectable change up and down.  For a mean (a score, a
 * number of times victimised) with --delta/--sd, as R's power.t.test (two samples): of
 * n, the difference and the power, the one not given.  The statistics are
 * src/lib/stats/power.c; this file reads the command line, applies the design effect
 * and prints text (sv/en), CSV or JSON.
 *
 * The design effect (deff) of a weighted survey: n respondents carry the information
 * of n/deff from a simple random sample, so the n a plan needs is deff times the n of
 * power.prop.test, and the power of n respondents is that of n/deff.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval/reason.h"
#include "stats/power.h"
#include "util/num.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg power --p1 P --p2 P [--power P] [options]     respondents per group\n"
          "       trygg power --p1 P --p2 P --n N [options]           power with n per group\n"
          "       trygg power --p1 P --n N [--power P] [options]      smallest detectable\n"
          "                                                           change, up and down\n"
          "       trygg power --delta D [--sd S] [--power P] [options]  means: respondents\n"
          "       trygg power --delta D [--sd S] --n N [options]      means: power\n"
          "       trygg power --sd S --n N [--power P] [options]      means: smallest\n"
          "                                                           detectable difference\n"
          "\n"
          "Plans the next survey wave for a share (e.g. the share who feel unsafe): a\n"
          "comparison of two independent groups (two waves, two areas) with the normal\n"
          "approximation of R's power.prop.test.  Proportions are written 0.3 or 30%.\n"
          "For a mean (a score, times victimised) give --delta and/or --sd instead of\n"
          "--p1: the two-sample t test of R's power.t.test.\n"
          "Nothing is read from or written to the database.\n"
          "\n"
          "options:\n"
          "  --p1 P          baseline share (this year's, or the comparison group's)\n"
          "  --p2 P          the share to detect\n"
          "  --delta D       means: the difference in means to detect (answer-scale units)\n"
          "  --sd S          means: the standard deviation of the answers in each group\n"
          "                  (default 1: --delta is then in standard deviations)\n"
          "  --n N           respondents per group, as collected (with --deff: before\n"
          "                  the design effect is taken out)\n"
          "  --power P       power, the chance of detecting the change (default 0.8\n"
          "                  when it is not what is computed)\n"
          "  --alpha A       significance level (default 0.05; R: sig.level)\n"
          "  --one-sided     a one-sided test (R: alternative = \"one.sided\")\n"
          "  --strict        two-sided power counts significant results in the wrong\n"
          "                  direction too (R: strict = TRUE)\n"
          "  --deff D        design effect of a weighted survey (default 1): a plan needs\n"
          "                  D times as many respondents, and n respondents count as n/D\n"
          "  --lang sv|en    language of the text (default: sv)\n"
          "  --format F      text (default), csv or json\n"
          "  -h, --help      this help\n"
          "\n"
          "exit status: 0 answered; 1 no answer exists (e.g. no change is detectable with\n"
          "that n); 2 usage (a missing or impossible value); 3 system error: an I/O\n"
          "error writing standard output\n",
          fp);
}

enum solve { SOLVE_N, SOLVE_POWER, SOLVE_P2, SOLVE_DELTA };

/* One answer: a row of the CSV, an element of the JSON, a block of the text. */
struct answer {
    int direction; /* SOLVE_P2: +1 up, −1 down; else 0 */
    struct stat_result r;
    double p2, n, n_eff, power; /* the full plan, given values filled in */
};

struct plan {
    enum solve solve;
    double p1, p2, n, power, deff;
    struct power_prop_opts o;
    bool means;         /* two means (power.t.test): delta and sd instead of p1, p2 */
    double delta, sd;
    bool sv;
    struct answer a[2];
    size_t n_answers;
};

/* "0.3", "0,3" or "30%" (also "30 %"). */
static bool parse_prob(const char *s, double *out)
{
    size_t len = strlen(s);
    double scale = 1;
    while (len > 0 && s[len - 1] == ' ')
        len--;
    if (len > 0 && s[len - 1] == '%') {
        scale = 100;
        len--;
    }
    if (num_parse_double(s, len, out) != NUM_OK)
        return false;
    *out /= scale;
    return true;
}

static bool parse_num(const char *s, double *out)
{
    return num_parse_double(s, strlen(s), out) == NUM_OK;
}

static void compute_means(struct plan *p)
{
    struct power_t_opts to = {p->o.sig_level, p->sd, p->o.one_sided, p->o.strict};
    struct answer *a = &p->a[p->n_answers++];
    a->power = p->power;
    a->p2 = p->delta; /* the difference, given or found */
    switch (p->solve) {
    case SOLVE_N:
        a->r = power_t_n(p->delta, p->power, &to);
        a->n_eff = a->r.estimate;
        a->n = a->r.estimate * p->deff;
        break;
    case SOLVE_POWER:
        a->n = p->n;
        a->n_eff = p->n / p->deff;
        a->r = power_t_power(a->n_eff, p->delta, &to);
        a->power = a->r.estimate;
        break;
    default: /* SOLVE_DELTA */
        a->n = p->n;
        a->n_eff = p->n / p->deff;
        a->r = power_t_delta(a->n_eff, p->power, &to);
        a->p2 = a->r.estimate;
        break;
    }
}

static void compute(struct plan *p)
{
    if (p->means) {
        compute_means(p);
        return;
    }
    switch (p->solve) {
    case SOLVE_N: {
        struct answer *a = &p->a[p->n_answers++];
        a->r = power_prop_n_opt(p->p1, p->p2, p->power, &p->o);
        a->p2 = p->p2;
        a->power = p->power;
        a->n_eff = a->r.estimate;
        a->n = a->r.estimate * p->deff;
        break;
    }
    case SOLVE_POWER: {
        struct answer *a = &p->a[p->n_answers++];
        a->n = p->n;
        a->n_eff = p->n / p->deff;
        a->r = power_prop_power_opt(a->n_eff, p->p1, p->p2, &p->o);
        a->p2 = p->p2;
        a->power = a->r.estimate;
        break;
    }
    case SOLVE_DELTA:
    case SOLVE_P2:
        for (int d = 1; d >= -1; d -= 2) {
            struct answer *a = &p->a[p->n_answers++];
            a->direction = d;
            a->n = p->n;
            a->n_eff = p->n / p->deff;
            a->r = power_prop_p2_opt(a->n_eff, p->p1, p->power, d, &p->o);
            a->p2 = a->r.estimate;
            a->power = p->power;
        }
        break;
    }
}

static const char *solve_name(enum solve s)
{
    return s == SOLVE_N ? "n" : s == SOLVE_POWER ? "power" : s == SOLVE_DELTA ? "delta" : "p2";
}

static const char *dir_name(int d)
{
    return d > 0 ? "up" : d < 0 ? "down" : "";
}

static const char *alternative(const struct plan *p)
{
    return p->o.one_sided ? "one.sided" : "two.sided";
}

/* Full precision, locale-free; NaN as empty (CSV) or null (JSON). */
static void put_csv_num(FILE *fp, double x)
{
    char buf[NUM_FMT_SIZE];
    if (isfinite(x))
        fputs(num_format(x, buf), fp);
}

static void csv_quote(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

/* Means: one row, the difference in place of the shares. */
/* The columns a CSV row of means and of proportions share, from n to the note. */
static void print_csv_common(const struct plan *p, const struct answer *a, bool ok)
{
    put_csv_num(stdout, ok ? a->n : NAN);
    putchar(',');
    put_csv_num(stdout, ok ? ceil(a->n) : NAN);
    putchar(',');
    put_csv_num(stdout, ok ? a->n_eff : NAN);
    putchar(',');
    put_csv_num(stdout, p->deff);
    putchar(',');
    put_csv_num(stdout, ok ? a->power : NAN);
    putchar(',');
    put_csv_num(stdout, p->o.sig_level);
    printf(",%s,%s,%s,", alternative(p), p->o.strict ? "true" : "false",
           stat_status_name(a->r.status));
    csv_quote(stdout, stat_why_text("en", &a->r));
    putchar('\n');
}

static void print_csv_means(const struct plan *p)
{
    printf("solve,delta,sd,effect_size,n,n_ceiling,n_effective,deff,power,sig_level,"
           "alternative,strict,status,note\n");
    const struct answer *a = &p->a[0];
    bool ok = stat_ok(&a->r);
    printf("%s,", solve_name(p->solve));
    put_csv_num(stdout, ok ? a->p2 : NAN);
    putchar(',');
    put_csv_num(stdout, p->sd);
    putchar(',');
    put_csv_num(stdout, ok ? a->p2 / p->sd : NAN);
    putchar(',');
    print_csv_common(p, a, ok);
}

static void print_csv(const struct plan *p)
{
    if (p->means) {
        print_csv_means(p);
        return;
    }
    printf("solve,direction,p1,p2,difference,n,n_ceiling,n_effective,deff,power,sig_level,"
           "alternative,strict,status,note\n");
    for (size_t i = 0; i < p->n_answers; i++) {
        const struct answer *a = &p->a[i];
        bool ok = stat_ok(&a->r);
        printf("%s,%s,", solve_name(p->solve), dir_name(a->direction));
        put_csv_num(stdout, p->p1);
        putchar(',');
        put_csv_num(stdout, ok ? a->p2 : NAN);
        putchar(',');
        put_csv_num(stdout, ok ? a->p2 - p->p1 : NAN);
        putchar(',');
        print_csv_common(p, a, ok);
    }
}

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static int print_json(const struct plan *p)
{
    json_t *root = json_object(), *rows = json_array();
    json_object_set_new(root, "method", json_string(p->means ? "power.t.test" : "power.prop.test"));
    json_object_set_new(root, "solve", json_string(solve_name(p->solve)));
    if (p->means) {
        json_object_set_new(root, "type", json_string("two.sample"));
        json_object_set_new(root, "sd", jnum(p->sd));
    } else
        json_object_set_new(root, "p1", jnum(p->p1));
    json_object_set_new(root, "sig_level", jnum(p->o.sig_level));
    json_object_set_new(root, "alternative", json_string(alternative(p)));
    json_object_set_new(root, "strict", json_boolean(p->o.strict));
    json_object_set_new(root, "deff", jnum(p->deff));
    for (size_t i = 0; i < p->n_answers; i++) {
        const struct answer *a = &p->a[i];
        bool ok = stat_ok(&a->r);
        json_t *o = json_object();
        if (a->direction)
            json_object_set_new(o, "direction", json_string(dir_name(a->direction)));
        if (p->means) {
            json_object_set_new(o, "delta", jnum(ok ? a->p2 : NAN));
            json_object_set_new(o, "effect_size", jnum(ok ? a->p2 / p->sd : NAN));
        } else {
            json_object_set_new(o, "p2", jnum(ok ? a->p2 : NAN));
            json_object_set_new(o, "difference", jnum(ok ? a->p2 - p->p1 : NAN));
        }
        json_object_set_new(o, "n", jnum(ok ? a->n : NAN));
        json_object_set_new(o, "n_ceiling", jnum(ok ? ceil(a->n) : NAN));
        json_object_set_new(o, "n_effective", jnum(ok ? a->n_eff : NAN));
        json_object_set_new(o, "power", jnum(ok ? a->power : NAN));
        json_object_set_new(o, "status", json_string(stat_status_name(a->r.status)));
        json_object_set_new(o, "note", json_string(stat_why_text("en", &a->r)));
        json_object_set_new(o, "reason", json_string(stat_reason_name(a->r.why.code)));
        json_array_append_new(rows, o);
    }
    json_object_set_new(root, "results", rows);
    int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
    putchar('\n');
    json_decref(root);
    return rc;
}

/* A number for people: fixed decimals, the language's decimal mark. */
static const char *fx(const struct plan *p, double x, int decimals, char *buf)
{
    return num_format_fixed(x, decimals, p->sv ? ',' : '.', buf);
}

static const char *pct(const struct plan *p, double x, char *buf)
{
    /* one decimal, two below 1 % (rare outcomes) */
    char tmp[NUM_FMT_SIZE];
    double v = 100 * x;
    snprintf(buf, NUM_FMT_SIZE + 4, "%s %%", fx(p, v, fabs(v) < 1 && v != 0 ? 2 : 1, tmp));
    return buf;
}

/* "  label" padded to a column of 32 characters (not bytes: å, ä, ö are two). */
static void label(const char *text)
{
    size_t chars = 0;
    for (const char *c = text; *c; c++)
        chars += ((unsigned char)*c & 0xC0) != 0x80;
    printf("  %s", text);
    for (; chars < 30; chars++)
        putchar(' ');
    putchar(' ');
}

/* The reason an answer does not exist, in the reader's language. */
static void print_reason(const struct plan *p, const struct answer *a)
{
    char b1[NUM_FMT_SIZE + 4], b2[NUM_FMT_SIZE + 4], b3[NUM_FMT_SIZE], b4[NUM_FMT_SIZE];
    if (!p->sv || a->r.status == STAT_NOT_CONVERGED) {
        printf("%s: %s\n", p->sv ? "Obs" : "Note", stat_why_text(p->sv ? "sv" : "en", &a->r));
        return;
    }
    if (p->solve == SOLVE_P2)
        printf("Obs: med %s svarande per grupp upptäcks inte ens en förändring från %s till %s "
               "med styrkan %s.\n",
               fx(p, a->n, 0, b3), pct(p, p->p1, b1), pct(p, a->direction > 0 ? 1 : 0, b2),
               fx(p, p->power, 2, b4));
    else if (p->solve == SOLVE_N)
        printf("Obs: andelarna är lika, så inget urval är stort nog att visa en skillnad.\n");
    else
        printf("Obs: båda andelarna är %s, så det finns ingen variation att testa.\n",
               pct(p, p->p1, b1));
}

/* The significance level and sidedness, the design effect and, unless n is what is
 * solved for, the respondents per group: the head both plans share. */
static void print_level_deff_n(const struct plan *p, bool t_test)
{
    bool sv = p->sv;
    char b1[NUM_FMT_SIZE + 4], b2[NUM_FMT_SIZE + 4];
    const char *side = p->o.one_sided ? (t_test ? (sv ? "ensidigt t-test" : "one-sided t test")
                                                : (sv ? "ensidigt test" : "one-sided test"))
                                      : (t_test ? (sv ? "tvåsidigt t-test" : "two-sided t test")
                                                : (sv ? "tvåsidigt test" : "two-sided test"));
    label(sv ? "signifikansnivå" : "significance level");
    printf("%s, %s%s\n", fx(p, p->o.sig_level, 3, b1), side,
           p->o.strict && !p->o.one_sided
               ? (sv ? " (strikt: båda svansarna räknas)" : " (strict: both tails count)")
               : "");
    if (p->deff != 1) {
        label(sv ? "designeffekt" : "design effect");
        printf("%s\n", fx(p, p->deff, 2, b1));
    }
    if (p->solve != SOLVE_N) {
        label(sv ? "svarande per grupp" : "respondents per group");
        printf("%s", fx(p, p->n, p->n == floor(p->n) ? 0 : 1, b1));
        if (p->deff != 1)
            printf(" (%s %s)", sv ? "effektivt" : "effective", fx(p, p->n / p->deff, 1, b2));
        putchar('\n');
    }
}

/* The answer when n or the power was solved for (same for both plans); false for the
 * other unknowns, which each plan prints in its own terms. */
static bool print_solved_n_or_power(const struct plan *p, const struct answer *a)
{
    bool sv = p->sv, ok = stat_ok(&a->r);
    char b1[NUM_FMT_SIZE + 4], b2[NUM_FMT_SIZE + 4];
    switch (p->solve) {
    case SOLVE_N:
        label(sv ? "svarande per grupp" : "respondents per group");
        if (!ok) {
            puts("–");
            return true;
        }
        printf("%s (%s %s)\n", fx(p, ceil(a->n), 0, b1), sv ? "beräknat" : "computed",
               fx(p, a->n, 1, b2));
        if (p->deff != 1) {
            label(sv ? "  utan designeffekt" : "  without the design effect");
            printf("%s\n", fx(p, a->n_eff, 1, b1));
        }
        return true;
    case SOLVE_POWER:
        label(sv ? "styrka" : "power");
        if (ok)
            printf("%s\n", fx(p, a->power, 3, b1));
        else
            puts("–");
        return true;
    default:
        return false;
    }
}

/* Means (power.t.test): the plan, then the answer. */
static void print_text_means(const struct plan *p)
{
    bool sv = p->sv;
    char b1[NUM_FMT_SIZE + 4], b2[NUM_FMT_SIZE + 4];
    const struct answer *a = &p->a[0];
    bool ok = stat_ok(&a->r);
    puts(sv ? "Planering: jämförelse av två medelvärden (R: power.t.test, två grupper)"
            : "Planning: comparing two means (R: power.t.test, two samples)");
    label(sv ? "standardavvikelse (sd)" : "standard deviation (sd)");
    printf("%s\n", fx(p, p->sd, 3, b1));
    print_level_deff_n(p, true);
    if (p->solve != SOLVE_DELTA) {
        label(sv ? "skillnad att upptäcka (delta)" : "difference to detect (delta)");
        printf("%s (%s %s)\n", fx(p, p->delta, 3, b1), fx(p, p->delta / p->sd, 2, b2),
               sv ? "standardavvikelser" : "standard deviations");
    }
    if (p->solve != SOLVE_POWER) {
        label(sv ? "styrka" : "power");
        printf("%s\n", fx(p, p->power, 2, b1));
    }
    if (!print_solved_n_or_power(p, a)) {
        label(sv ? "minsta upptäckbara skillnad" : "smallest detectable difference");
        if (!ok)
            puts(sv ? "ingen (se nedan)" : "none (see below)");
        else
            printf("%s%s (%s %s)\n", fx(p, a->p2, 3, b1),
                   p->o.one_sided ? "" : (sv ? " uppåt eller nedåt" : " up or down"),
                   fx(p, a->p2 / p->sd, 2, b2),
                   sv ? "standardavvikelser" : "standard deviations");
    }
    if (ok)
        return;
    printf("%s: %s\n", sv ? "Obs" : "Note", stat_why_text(sv ? "sv" : "en", &a->r));
}

static void print_text(const struct plan *p)
{
    if (p->means) {
        print_text_means(p);
        return;
    }
    bool sv = p->sv;
    char b1[NUM_FMT_SIZE + 4], b2[NUM_FMT_SIZE + 4];
    puts(sv ? "Planering: jämförelse av två andelar (R: power.prop.test)"
            : "Planning: comparing two proportions (R: power.prop.test)");
    label(sv ? "andel i utgångsläget (p1)" : "baseline share (p1)");
    printf("%s\n", pct(p, p->p1, b1));
    print_level_deff_n(p, false);
    if (p->solve != SOLVE_P2) {
        label(sv ? "andel att upptäcka (p2)" : "share to detect (p2)");
        printf("%s (%s%s %s)\n", pct(p, p->p2, b1), p->p2 >= p->p1 ? "+" : "−",
               fx(p, fabs(p->p2 - p->p1) * 100, 1, b2), sv ? "procentenheter" : "percentage points");
    }
    if (p->solve != SOLVE_POWER) {
        label(sv ? "styrka" : "power");
        printf("%s\n", fx(p, p->power, 2, b1));
    }
    for (size_t i = 0; i < p->n_answers; i++) {
        const struct answer *a = &p->a[i];
        bool ok = stat_ok(&a->r);
        switch (p->solve) {
        case SOLVE_N:
        case SOLVE_POWER:
            print_solved_n_or_power(p, a);
            break;
        case SOLVE_DELTA: /* means: print_text_means */
        case SOLVE_P2:
            label(a->direction > 0 ? (sv ? "minsta upptäckbara ökning" : "smallest detectable rise")
                                   : (sv ? "minsta upptäckbara minskning"
                                         : "smallest detectable fall"));
            if (!ok) {
                puts(sv ? "ingen (se nedan)" : "none (see below)");
                break;
            }
            printf("%s ", pct(p, a->p2, b1));
            printf("(%s%s %s)\n", a->p2 > p->p1 ? "+" : "−",
                   fx(p, fabs(a->p2 - p->p1) * 100, 1, b2),
                   sv ? "procentenheter" : "percentage points");
            break;
        }
    }
    for (size_t i = 0; i < p->n_answers; i++)
        if (!stat_ok(&p->a[i].r))
            print_reason(p, &p->a[i]);
}

int cmd_power(int argc, char **argv, const struct global_options *g)
{
    (void)g;
    static const struct option longopts[] = {
        {"p1", required_argument, NULL, '1'},    {"p2", required_argument, NULL, '2'},
        {"n", required_argument, NULL, 'n'},     {"power", required_argument, NULL, 'p'},
        {"alpha", required_argument, NULL, 'a'}, {"one-sided", no_argument, NULL, 'o'},
        {"strict", no_argument, NULL, 's'},      {"deff", required_argument, NULL, 'd'},
        {"lang", required_argument, NULL, 'l'},  {"format", required_argument, NULL, 'f'},
        {"delta", required_argument, NULL, 'D'}, {"sd", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
    };
    struct plan p = {.p1 = NAN, .p2 = NAN, .n = NAN, .power = NAN, .deff = 1, .delta = NAN,
                     .sd = NAN,
                     .o = {0.05, false, false}, .sv = true};
    const char *format = "text";
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case '1':
        case '2':
        case 'p':
        case 'a': {
            double v;
            const char *name = c == '1' ? "--p1" : c == '2' ? "--p2" : c == 'p' ? "--power"
                                                                                : "--alpha";
            if (!parse_prob(optarg, &v) || !(v >= 0 && v <= 1))
                return cli_usage_error("%s '%s': give a proportion between 0 and 1 (0.3 or "
                                       "30%%)",
                                       name, optarg);
            *(c == '1' ? &p.p1 : c == '2' ? &p.p2 : c == 'p' ? &p.power : &p.o.sig_level) = v;
            break;
        }
        case 'n':
            if (!parse_num(optarg, &p.n) || !(p.n > 0) || !isfinite(p.n))
                return cli_usage_error("--n '%s': give the number of respondents per group (a "
                                       "positive number)",
                                       optarg);
            break;
        case 'd':
            if (!parse_num(optarg, &p.deff) || !(p.deff > 0) || !isfinite(p.deff))
                return cli_usage_error("--deff '%s': give a positive design effect (1 for a "
                                       "simple random sample)",
                                       optarg);
            break;
        case 'D':
            if (!parse_num(optarg, &p.delta) || !isfinite(p.delta))
                return cli_usage_error("--delta '%s': give the difference in means to detect (a "
                                       "number on the answer scale)",
                                       optarg);
            break;
        case 'S':
            if (!parse_num(optarg, &p.sd) || !(p.sd > 0) || !isfinite(p.sd))
                return cli_usage_error("--sd '%s': give the standard deviation of the answers "
                                       "(a positive number)",
                                       optarg);
            break;
        case 'o':
            p.o.one_sided = true;
            break;
        case 's':
            p.o.strict = true;
            break;
        case 'l':
            if (strcmp(optarg, "sv") && strcmp(optarg, "en"))
                return cli_usage_error("--lang '%s': use sv or en", optarg);
            p.sv = !strcmp(optarg, "sv");
            break;
        case 'f':
            format = optarg;
            if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json"))
                return cli_usage_error("--format '%s': use text, csv or json", format);
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("power: unknown or incomplete option '%s' (see 'trygg power "
                                   "--help')",
                                   argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("power: unexpected argument '%s' (see 'trygg power --help')",
                               argv[optind]);
    p.means = !isnan(p.delta) || !isnan(p.sd);
    if (p.means && (!isnan(p.p1) || !isnan(p.p2)))
        return cli_usage_error("power: --delta and --sd plan a mean, --p1 and --p2 a share; give "
                               "one or the other");
    bool has_p2 = !isnan(p.p2), has_n = !isnan(p.n), has_power = !isnan(p.power);
    if (p.means) {
        bool has_delta = !isnan(p.delta);
        if (isnan(p.sd))
            p.sd = 1;
        if (has_delta && has_n && has_power)
            return cli_usage_error("power: --delta, --n and --power are all given; leave out "
                                   "the one to compute");
        if (has_delta && has_n)
            p.solve = SOLVE_POWER;
        else if (has_delta)
            p.solve = SOLVE_N;
        else if (has_n)
            p.solve = SOLVE_DELTA;
        else
            return cli_usage_error("power: give --delta (to compute n or the power) or --n (to "
                                   "compute the smallest detectable difference)");
    } else {
        if (isnan(p.p1))
            return cli_usage_error("power: give the baseline share with --p1, or the "
                                   "difference in means with --delta (see 'trygg power --help')");
        if (has_p2 && has_n && has_power)
            return cli_usage_error("power: --p2, --n and --power are all given; leave out the "
                                   "one to compute");
        if (has_p2 && has_n)
            p.solve = SOLVE_POWER;
        else if (has_p2)
            p.solve = SOLVE_N;
        else if (has_n)
            p.solve = SOLVE_P2;
        else
            return cli_usage_error("power: give --p2 (to compute n or the power) or --n (to "
                                   "compute the smallest detectable change)");
    }
    if (isnan(p.power))
        p.power = 0.8;
    compute(&p);
    /* Impossible inputs (a power below the test's size, a level of 0) are usage
     * errors; an answer that does not exist is a data refusal. */
    size_t answered = 0;
    for (size_t i = 0; i < p.n_answers; i++) {
        if (p.a[i].r.status == STAT_INVALID_INPUT)
            return cli_usage_error("power: %s", stat_why_text("en", &p.a[i].r));
        answered += stat_ok(&p.a[i].r);
    }
    if (!strcmp(format, "csv"))
        print_csv(&p);
    else if (!strcmp(format, "json"))
        print_json(&p);
    else
        print_text(&p);
    if (answered == 0) {
        cli_error("power: %s", stat_why_text("en", &p.a[0].r));
        return cli_finish(EXIT_DATA);
    }
    return cli_finish(EXIT_OK);
}
