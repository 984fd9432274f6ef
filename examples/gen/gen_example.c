/*
 * gen_example — writes the SYNTHETIC Österåker example data set into a directory
 * (normally examples/osteraker/; `make example`).
 *
 * Everything here is made up: the files are modelled on the programme "Stoppa
 * droghandeln i Åkersberga Centrum" (Österåker, 2018) and on the magnitudes in
 * shared/DOMAIN.md, but no number is a real figure.  The effects built in (which are
 * real and which are null) are listed in examples/osteraker/README.md; keep that file in
 * step with the constants below.
 *
 * Determinism: one GSL Mersenne Twister (gsl_rng_mt19937) per output file, seeded with
 * SEED + the file's stream number, so changing one file's model leaves the others
 * byte-for-byte the same.  No floating-point number is printed: weights are computed in
 * integer units of 1/10,000 and written with a decimal comma; everything else is a
 * count.  Two runs on the same platform give identical bytes; GSL's samplers use libm,
 * so another C library could in principle round a draw differently.
 *
 * Files (formats in docs/formats.md; quirks on purpose, to exercise the importer):
 *   trygghet_2015.csv, trygghet_2016.csv   Windows-1252, ';', decimal comma, CRLF,
 *                                          OMRADE and KON as label text
 *   trygghet_2017.csv ... trygghet_2022.csv UTF-8 with BOM, ';', decimal comma, CRLF
 *   brott_manad.csv                         UTF-8, ';', LF; months, 10 areas, 7 categories
 *   brott_dag_centrum.csv                   UTF-8, ';', LF; days, centrum, 2 categories
 *                                           (ordningsstorning, misshandel: the same keys as
 *                                           the monthly file; days and months are two
 *                                           series of one category)
 *   fritidsgard_dag.csv                     UTF-8 with BOM, ';', CRLF; open days only
 *   aktivitet_manad.csv                     UTF-8, ';', LF; process data of the measures
 *   brott_centrum_lan.csv                   UTF-8, ';', LF; months, the centres of 20 other
 *                                           municipalities of the county (a donor pool
 *                                           for the synthetic comparison area; no measure)
 *   insatser.csv                            UTF-8, ';', LF; interventions and costs
 * The codebooks surveys/osteraker-2015-2018.ini and surveys/osteraker-2019-2022.ini are
 * written by hand and declare every code written here.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "util/holidays.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* 20180410 (10 April 2018, the day Trygg i Österåker gave the assignment) + 63: the
 * first seed from 20180410 up whose realised data pass examples/gen/check_example.py,
 * i.e. show every built-in effect and null in the simple models a user would fit (a demo
 * must show what its README claims).  Of the seeds 20180410-20180809, 6 passed: the
 * effects are of a realistic size for counts this small, so with another seed some of
 * them drown in the noise (most often the holiday contrast, about 50 incidents on
 * holidays before the change and 35 after, and the small buffer-area series). */
#define SEED 20180473UL

enum { STREAM_SURVEY = 0, STREAM_INCIDENTS = 100, STREAM_YOUTH = 200, STREAM_ACTIVITY = 300,
       STREAM_DONORS = 400 };

#define Y0 2015
#define Y1 2022
#define N_YEAR (Y1 - Y0 + 1)
#define N_MONTH (N_YEAR * 12)
#define N_AREA 9

static const char *const AREA[N_AREA] = {
    "Åkersberga centrum",
    "Norrgårdsvägen/Söra",
    "Tunaberg/Tunagård/Margretelund",
    "Österskär/Täljö/Näsängen",
    "Skärgårdsstaden",
    "Svinninge/Rydbo",
    "Tråsättra/Åkers Runö",
    "Ljusterö/skärgården",
    "Roslags-Kulla/övriga landsbygd",
};
static const char *const COMPARISON = "Vallentuna";
static const char *const YOUTH_CENTRE = "Bergagården";

/* Month index 0 = 2015-01. */
#define MI(y, m) (((y) - Y0) * 12 + (m) - 1)
#define MI_POLICE MI(2018, 6)  /* police 7 days a week, fältare, social rondering */
#define MI_COACHES MI(2018, 9) /* trygghetscoacher start */
#define MI_COACHES_END MI(2019, 12)

/* ------------------------------------------------------------------ small helpers */

static long days_from_civil(int y, int m, int d)
{
    long yy = (long)y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void civil_from_days(long days, int *y, int *m, int *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ISO weekday, 1 = Monday ... 7 = Sunday. */
static int weekday(long days)
{
    return (int)((((days % 7) + 7) % 7 + 3) % 7) + 1;
}

static int days_in_month(int y, int m)
{
    return (int)(days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) -
                 days_from_civil(y, m, 1));
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static double clamp01(double p)
{
    return p < 0.02 ? 0.02 : p > 0.98 ? 0.98 : p;
}

static gsl_rng *rng_stream(unsigned long stream)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        BUG("gsl_rng_alloc failed");
    gsl_rng_set(r, SEED + stream);
    return r;
}

/* Poisson with a mean-one gamma frailty of the given shape (mild overdispersion). */
static unsigned poisson_od(gsl_rng *r, double mean, double shape)
{
    if (mean <= 0)
        return 0;
    double g = shape > 0 ? gsl_ran_gamma(r, shape, 1.0 / shape) : 1.0;
    return gsl_ran_poisson(r, mean * g);
}

static void write_file_in(const char *dir, const char *name, const struct strbuf *sb)
{
    struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
    strbuf_addf(&path, "%s/%s", dir, name);
    strbuf_addf(&tmp, "%s.tmp", path.buf);
    FILE *fp = fopen(tmp.buf, "wb");
    if (!fp || fwrite(sb->buf, 1, sb->len, fp) != sb->len || fclose(fp) != 0) {
        fprintf(stderr, "gen-example: cannot write %s: %s\n", tmp.buf, strerror(errno));
        exit(1);
    }
    if (rename(tmp.buf, path.buf) != 0) {
        fprintf(stderr, "gen-example: cannot rename %s: %s\n", tmp.buf, strerror(errno));
        exit(1);
    }
    printf("  %-24s %8zu bytes\n", name, sb->len);
    strbuf_release(&path);
    strbuf_release(&tmp);
}

/* UTF-8 -> Windows-1252 for the few letters the labels use. */
static void add_cp1252(struct strbuf *sb, const char *s)
{
    static const struct {
        const char *utf8;
        char cp;
    } map[] = {
        {"å", '\xe5'}, {"ä", '\xe4'}, {"ö", '\xf6'}, {"Å", '\xc5'},
        {"Ä", '\xc4'}, {"Ö", '\xd6'}, {"é", '\xe9'},
    };
    while (*s) {
        if ((unsigned char)*s < 0x80) {
            strbuf_addch(sb, *s++);
            continue;
        }
        size_t i;
        for (i = 0; i < ARRAY_SIZE(map); i++) {
            size_t n = strlen(map[i].utf8);
            if (!strncmp(s, map[i].utf8, n)) {
                strbuf_addch(sb, map[i].cp);
                s += n;
                break;
            }
        }
        if (i == ARRAY_SIZE(map))
            BUG("no cp1252 mapping for byte 0x%02x", (unsigned char)*s);
    }
}

/* A number held in units of 1/10,000, written with a decimal comma: "23,4817". */
static void add_decimal_comma(struct strbuf *sb, long units)
{
    strbuf_addf(sb, "%ld,%04ld", units / 10000, units % 10000);
}

/* ------------------------------------------------------------------ population */

/* Österåker, 31 December of 2014 ... 2022 (≈44,000 around 2017, 45,574 at the end of
 * 2019, 48,234 at the end of 2021: DOMAIN.md §5). */
static const double KOMMUN_POP[N_YEAR + 1] = {41700, 42600, 43500, 44300, 44900,
                                              45574, 46900, 48234, 48900};
/* Area shares at the start of 2015 and at the end of 2022 (Skärgårdsstaden grows). */
static const double SHARE_2015[N_AREA] = {0.122, 0.102, 0.142, 0.160, 0.065,
                                          0.102, 0.122, 0.062, 0.123};
static const double SHARE_2022[N_AREA] = {0.118, 0.098, 0.138, 0.162, 0.095,
                                          0.098, 0.118, 0.057, 0.116};

/* t = years since 2015-01-01. */
static double kommun_pop(double t)
{
    if (t <= 0)
        return KOMMUN_POP[0];
    if (t >= N_YEAR)
        return KOMMUN_POP[N_YEAR];
    int i = (int)t;
    return KOMMUN_POP[i] + (t - i) * (KOMMUN_POP[i + 1] - KOMMUN_POP[i]);
}

static double area_pop(int a, double t)
{
    double f = t / N_YEAR;
    double sum = 0, mine = 0;
    for (int i = 0; i < N_AREA; i++) {
        double s = SHARE_2015[i] + f * (SHARE_2022[i] - SHARE_2015[i]);
        sum += s;
        if (i == a)
            mine = s;
    }
    return kommun_pop(t) * mine / sum;
}

static double comparison_pop(double t)
{
    return 32400 + t * (34600 - 32400) / N_YEAR;
}

static double month_mid(int mi)
{
    return (mi + 0.5) / 12.0;
}

/* ------------------------------------------------------------------ survey model */

/* Share of the population 16-84 in each age group; sex 50/50. */
static const double AGE_POP[4] = {0.13, 0.32, 0.33, 0.22};
/* Response propensity by sex (0 man, 1 woman) and age group. */
static const double RESPONSE[2][4] = {{0.22, 0.35, 0.52, 0.66}, {0.30, 0.45, 0.60, 0.68}};
/* Share of each year's sample per area: small and treated areas are oversampled. */
static const double ALLOC[N_AREA] = {0.16, 0.13, 0.12, 0.09, 0.09, 0.09, 0.10, 0.11, 0.11};
static const int N_RESP[N_YEAR] = {1180, 1236, 1412, 1527, 1864, 1958, 1642, 1318};
#define ADULT_SHARE 0.77 /* 16-84 of the whole population */

enum kind {
    K_ORD4,  /* 1..4, higher = worse; event = 3,4 */
    K_AVOID, /* 1 Ja ofta, 2 Ja ibland, 3 Nej; event = 1,2 */
    K_YESNO, /* 1 Ja, 2 Nej; event = 1 */
    K_VICT,  /* 1 Nej, 2 Ja en gång, 3 Ja flera gånger; event = 2,3 */
    K_EXPO   /* 1 Ja flera gånger, 2 Ja någon gång, 3 Nej; event = 1,2 */
};
enum latent { L_FEAR, L_PERC, L_TRUST, L_VICT, L_EXPO, N_LATENT };

/* Year profiles: multipliers on an area's base share, 2015 ... 2022.  The survey is
 * fielded in March-April, so the 2018 wave is before the measures (May-Sept 2018). */
static const double FLAT[N_YEAR] = {1, 1, 1, 1, 1, 1, 1, 1};
static const double T01_A1[N_YEAR] = {0.90, 0.97, 1.03, 1.10, 0.90, 0.77, 0.70, 0.67};
static const double T01_A2[N_YEAR] = {0.93, 0.97, 1.03, 1.07, 0.93, 0.83, 0.80, 0.77};
static const double FALL[N_YEAR] = {0.97, 0.99, 1.01, 1.03, 0.85, 0.78, 0.75, 0.73};
static const double FALL_SMALL[N_YEAR] = {1, 1, 1, 1, 0.93, 0.90, 0.90, 0.90};
static const double DIFFUSE[N_YEAR] = {1, 1, 1, 1, 0.97, 0.96, 0.96, 0.96};
static const double P08_A1[N_YEAR] = {0.85, 0.94, 1.06, 1.15, 0.72, 0.55, 0.45, 0.38};
static const double P08_A2[N_YEAR] = {0.90, 0.95, 1.05, 1.10, 0.80, 0.70, 0.65, 0.60};
static const double P07_A1[N_YEAR] = {0.92, 0.97, 1.03, 1.08, 0.80, 0.68, 0.62, 0.58};
static const double A01_ALL[N_YEAR] = {0, 0, 0, 0, 1.00, 0.82, 0.74, 0.70};

struct item {
    const char *id;
    enum kind kind;
    enum latent lat;
    double sigma;  /* loading on the person's latent trait */
    double c1, c3; /* K_ORD4: cut points below and above the 2|3 cut at 0 */
    double sex_f;  /* + for women, - for men (logit) */
    double age[4];
    double base[N_AREA]; /* population share with the event, before the measures */
    const double *prof[3]; /* profiles of areas 1, 2, 3 (others flat) */
    double p_dk;           /* "Vet ej" (8) */
    int first_year;
};

#define AGE0 {0, 0, 0, 0}
/* clang-format off */
static const struct item ITEMS[] = {
    {"T01", K_ORD4, L_FEAR, 0.5, -1.6, 1.3, 0.43, {0.20, -0.05, -0.10, 0.15},
     {.30, .27, .16, .09, .08, .09, .12, .05, .06}, {T01_A1, T01_A2, FLAT}, 0.010, Y0},
    {"T02", K_AVOID, L_FEAR, 0.6, 0, 1.3, 0.30, {0.15, 0, -0.05, -0.05},
     {.30, .28, .20, .14, .13, .14, .16, .10, .10}, {FALL, FALL_SMALL, FLAT}, 0.010, Y0},
    {"T03", K_AVOID, L_FEAR, 0.6, 0, 1.3, 0.30, {0.10, 0, -0.05, 0.05},
     {.21, .20, .14, .10, .09, .10, .11, .07, .07}, {FALL, FALL_SMALL, FLAT}, 0.010, Y0},
    {"T04", K_YESNO, L_FEAR, 0.6, 0, 0, 0.30, {0.20, 0, -0.05, -0.10},
     {.45, .42, .30, .22, .20, .22, .25, .12, .13}, {FALL, FALL_SMALL, FLAT}, 0.030, Y0},
    {"O01", K_ORD4, L_FEAR, 0.8, -1.2, 1.5, 0.30, {-0.20, 0.05, 0.10, 0},
     {.14, .15, .17, .21, .19, .21, .18, .16, .17}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"O02", K_ORD4, L_FEAR, 0.8, -1.4, 1.5, 0.45, {0.20, 0, -0.10, 0},
     {.14, .13, .09, .06, .06, .06, .07, .04, .04}, {FALL_SMALL, FALL_SMALL, FLAT}, 0.010, Y0},
    {"O03", K_ORD4, L_FEAR, 0.8, -1.4, 1.5, 0.35, {0.10, 0, -0.05, 0.05},
     {.10, .09, .06, .05, .05, .05, .05, .03, .03}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"O04", K_ORD4, L_FEAR, 0.8, -1.2, 1.5, 0.10, {-0.20, 0.10, 0.10, -0.10},
     {.14, .17, .12, .08, .07, .08, .10, .06, .07}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"O05", K_ORD4, L_FEAR, 0.8, -1.4, 1.5, 0.35, {-0.10, 0.15, 0, -0.10},
     {.18, .18, .18, .18, .18, .18, .18, .18, .18}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"O06", K_ORD4, L_FEAR, 0.6, -2.5, 1.6, 0.20, {-0.20, -0.10, 0.10, 0.20},
     {.45, .45, .45, .45, .45, .45, .45, .45, .45}, {FLAT, FLAT, FLAT}, 0.020, Y0},
    {"P01", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, AGE0,
     {.30, .26, .16, .10, .08, .10, .14, .10, .09}, {FALL_SMALL, FLAT, FLAT}, 0.030, Y0},
    {"P02", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.05, AGE0,
     {.22, .20, .10, .05, .04, .05, .08, .03, .03}, {FLAT, FLAT, FLAT}, 0.040, Y0},
    {"P03", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.05, AGE0,
     {.26, .24, .12, .06, .05, .06, .10, .04, .04}, {FALL_SMALL, FALL_SMALL, FLAT}, 0.050, Y0},
    {"P04", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.25, AGE0,
     {.30, .30, .28, .26, .20, .26, .28, .30, .32}, {FLAT, FLAT, FLAT}, 0.040, Y0},
    {"P05", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, {-0.10, 0, 0, 0.10},
     {.36, .30, .16, .07, .06, .07, .11, .03, .04}, {FALL, FALL, DIFFUSE}, 0.060, Y0},
    {"P06", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, AGE0,
     {.20, .16, .08, .04, .03, .04, .06, .03, .03}, {FLAT, FLAT, FLAT}, 0.050, Y0},
    {"P07", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, AGE0,
     {.30, .24, .10, .04, .03, .04, .06, .02, .02}, {P07_A1, FALL, DIFFUSE}, 0.065, Y0},
    {"P08", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, {0.10, 0, 0, -0.10},
     {.33, .22, .08, .04, .03, .04, .05, .02, .02}, {P08_A1, P08_A2, DIFFUSE}, 0.080, Y0},
    {"P09", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.05, AGE0,
     {.12, .16, .10, .06, .05, .06, .08, .04, .05}, {FLAT, FLAT, FLAT}, 0.060, Y0},
    {"P10", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.10, AGE0,
     {.20, .17, .08, .04, .03, .04, .06, .02, .02}, {FALL, FALL_SMALL, FLAT}, 0.060, Y0},
    {"P11", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.05, {-0.20, 0, 0.10, 0.10},
     {.30, .32, .30, .28, .24, .28, .30, .22, .25}, {FLAT, FLAT, FLAT}, 0.040, Y0},
    {"P12", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.15, AGE0,
     {.16, .13, .06, .03, .02, .03, .04, .02, .02}, {FALL_SMALL, FLAT, FLAT}, 0.080, Y0},
    {"P13", K_ORD4, L_PERC, 0.8, -1.6, 1.5, 0.05, {-0.10, 0.05, 0.05, 0},
     {.28, .30, .34, .38, .30, .38, .36, .30, .35}, {FLAT, FLAT, FLAT}, 0.030, Y0},
    {"F01", K_ORD4, L_TRUST, 0.7, -3.0, 1.8, -0.05, {0.30, 0.10, -0.05, -0.25},
     {.30, .30, .26, .22, .22, .22, .24, .24, .24}, {FLAT, FLAT, FLAT}, 0.080, Y0},
    {"U01", K_VICT, L_VICT, 0.6, 0, 1.2, -0.20, {0.80, 0.30, -0.20, -0.80},
     {.05, .05, .035, .025, .025, .025, .03, .02, .02}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"U02", K_VICT, L_VICT, 0.6, 0, 1.2, 0, {0.50, 0.20, -0.10, -0.50},
     {.09, .09, .06, .05, .05, .05, .06, .04, .04}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"U03", K_VICT, L_VICT, 0.6, 0, 1.2, 0, {0.40, 0.10, -0.10, -0.30},
     {.12, .12, .10, .09, .09, .09, .10, .07, .08}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"U04", K_VICT, L_VICT, 0.6, 0, 1.2, 0, {0.10, 0.10, 0, -0.20},
     {.10, .12, .09, .08, .07, .08, .09, .06, .07}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"U05", K_VICT, L_VICT, 0.6, 0, 1.2, 0, {-0.20, 0, 0.05, 0.15},
     {.07, .07, .07, .07, .07, .07, .07, .07, .07}, {FLAT, FLAT, FLAT}, 0.010, Y0},
    {"A01", K_EXPO, L_EXPO, 0.5, 0, 1.0, 0, {0.30, 0, -0.05, -0.20},
     {.62, .50, .35, .20, .18, .20, .22, .10, .10}, {A01_ALL, A01_ALL, A01_ALL}, 0.040, 2019},
};
/* clang-format on */
#define N_ITEMS ARRAY_SIZE(ITEMS)
enum { IT_T01 = 0 };

static double target_share(const struct item *it, int a, int yi)
{
    const double *prof = it->kind == K_EXPO ? A01_ALL : a < 3 ? it->prof[a] : FLAT;
    double p = it->base[a] * prof[yi];
    return p < 0.002 ? 0.002 : p > 0.98 ? 0.98 : p;
}

/* The intercept that makes the population share with the event (over sex, age and a
 * N(0, sigma^2) person effect) equal to the target. */
static double calibrate(const struct item *it, double target)
{
    enum { GRID = 81 };
    static double u[GRID], w[GRID];
    static bool ready;
    if (!ready) {
        double sum = 0;
        for (int i = 0; i < GRID; i++) {
            u[i] = -5.0 + 10.0 * i / (GRID - 1);
            w[i] = exp(-0.5 * u[i] * u[i]);
            sum += w[i];
        }
        for (int i = 0; i < GRID; i++)
            w[i] /= sum;
        ready = true;
    }
    double lo = -15, hi = 15;
    for (int iter = 0; iter < 60; iter++) {
        double mid = 0.5 * (lo + hi), share = 0;
        for (int s = 0; s < 2; s++)
            for (int g = 0; g < 4; g++) {
                double off = mid + (s ? it->sex_f : -it->sex_f) + it->age[g];
                double e = 0;
                for (int i = 0; i < GRID; i++)
                    e += w[i] * logistic(off + it->sigma * u[i]);
                share += 0.5 * AGE_POP[g] * e;
            }
        if (share < target)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

struct resp {
    int area, sex, age, mode;
    long weight; /* units of 1/10,000 */
    int code[N_ITEMS + 2]; /* items, then T01B, U06 */
    bool empty[N_ITEMS + 2]; /* written as an empty cell instead of 9 */
};
#define C_T01B N_ITEMS
#define C_U06 (N_ITEMS + 1)

static int draw_item(gsl_rng *r, const struct item *it, double eta)
{
    double L = eta + gsl_ran_logistic(r, 1.0);
    switch (it->kind) {
    case K_ORD4:
        return L < it->c1 ? 1 : L < 0 ? 2 : L < it->c3 ? 3 : 4;
    case K_AVOID:
        return L < 0 ? 3 : L < it->c3 ? 2 : 1;
    case K_YESNO:
        return L < 0 ? 2 : 1;
    case K_VICT:
        return L < 0 ? 1 : L < it->c3 ? 2 : 3;
    case K_EXPO:
        return L < 0 ? 3 : L < it->c3 ? 2 : 1;
    }
    BUG("unknown item kind");
}

/* Largest-remainder rounding of n * share[i] (shares summing to 1) with a floor. */
static void apportion(int n, const double *share, int k, int floor_n, int *out)
{
    double rem[16];
    int used = 0;
    for (int i = 0; i < k; i++) {
        double x = n * share[i];
        out[i] = (int)x;
        rem[i] = x - out[i];
        if (out[i] < floor_n) {
            out[i] = floor_n;
            rem[i] = -1;
        }
        used += out[i];
    }
    while (used < n) {
        int best = 0;
        for (int i = 1; i < k; i++)
            if (rem[i] > rem[best])
                best = i;
        out[best]++;
        rem[best] = -2;
        used++;
    }
}

static void gen_survey(const char *dir, int year)
{
    gsl_rng *r = rng_stream(STREAM_SURVEY + (unsigned long)(year - Y0));
    int yi = year - Y0;
    int n = N_RESP[yi];
    bool v2019 = year >= 2019;
    struct resp *rs = xcalloc((size_t)n, sizeof(*rs));

    /* Intercepts for this year. */
    double alpha[N_ITEMS][N_AREA];
    for (size_t i = 0; i < N_ITEMS; i++)
        for (int a = 0; a < N_AREA; a++)
            alpha[i][a] = calibrate(&ITEMS[i], target_share(&ITEMS[i], a, yi));

    int n_area[N_AREA];
    apportion(n, ALLOC, N_AREA, 0, n_area);
    int k = 0;
    for (int a = 0; a < N_AREA; a++) {
        /* Respondents per sex x age cell: population x response propensity. */
        double cellp[8], sum = 0;
        for (int c = 0; c < 8; c++)
            sum += cellp[c] = 0.5 * AGE_POP[c % 4] * RESPONSE[c / 4][c % 4];
        for (int c = 0; c < 8; c++)
            cellp[c] /= sum;
        int n_cell[8];
        apportion(n_area[a], cellp, 8, 3, n_cell);
        /* Weights: the cell's population over its respondents, a calibration jitter,
         * then scaled so the area's weights add up to its population 16-84. */
        long total = lround(area_pop(a, yi + 0.25) * ADULT_SHARE) * 10000L;
        int first = k;
        double *w = xcalloc((size_t)n_area[a], sizeof(double));
        double wsum = 0;
        for (int c = 0; c < 8; c++)
            for (int j = 0; j < n_cell[c]; j++, k++) {
                struct resp *p = &rs[k];
                p->area = a;
                p->sex = c / 4;
                p->age = c % 4;
                double cellpop = 0.5 * AGE_POP[c % 4];
                double x = cellpop / n_cell[c] * exp(0.22 * gsl_ran_ugaussian(r));
                w[k - first] = x;
                wsum += x;
            }
        long used = 0;
        int biggest = first;
        for (int i = first; i < k; i++) {
            rs[i].weight = lround(w[i - first] / wsum * (double)total);
            used += rs[i].weight;
            if (rs[i].weight > rs[biggest].weight)
                biggest = i;
        }
        rs[biggest].weight += total - used; /* exact area total */
        free(w);
    }
    if (k != n)
        BUG("apportion gave %d of %d respondents", k, n);

    static const double WEB[N_YEAR] = {0.25, 0.30, 0.38, 0.42, 0.48, 0.50, 0.52, 0.55};
    static const double SMS[N_YEAR] = {0, 0, 0, 0, 0, 0.12, 0.15, 0.18};
    for (int i = 0; i < n; i++) {
        struct resp *p = &rs[i];
        double web = WEB[yi] * (p->age == 3 ? 0.5 : p->age == 0 ? 1.3 : 1.0);
        double u = gsl_rng_uniform(r);
        p->mode = u < SMS[yi] ? 3 : u < SMS[yi] + web ? 2 : 1;

        double z[N_LATENT];
        for (int l = 0; l < N_LATENT; l++)
            z[l] = gsl_ran_ugaussian(r);
        z[L_PERC] = 0.4 * z[L_FEAR] + sqrt(1 - 0.16) * z[L_PERC];
        double nonresp = gsl_rng_uniform(r) < 0.15 ? 0.06 : 0.008;
        if (p->mode == 1)
            nonresp *= 1.3;

        for (size_t q = 0; q < N_ITEMS + 2; q++)
            p->code[q] = 7; /* not asked / not applicable until set */
        bool victim = false;
        for (size_t q = 0; q < N_ITEMS; q++) {
            const struct item *it = &ITEMS[q];
            if (year < it->first_year)
                continue;
            double eta = alpha[q][p->area] + (p->sex ? it->sex_f : -it->sex_f) +
                         it->age[p->age] + it->sigma * z[it->lat];
            int code = draw_item(r, it, eta);
            double dk = it->p_dk * (p->age == 3 ? 1.5 : p->age == 0 ? 0.8 : 1.0);
            if ((!strcmp(it->id, "P08") || !strcmp(it->id, "P12")) && p->area >= 7)
                dk *= 1.3;
            double nr = nonresp * (it->id[0] == 'P' ? 1.2 : 1.0);
            double v = gsl_rng_uniform(r);
            if (v < nr) {
                code = 9;
                p->empty[q] = gsl_rng_uniform(r) < 0.6;
            } else if (v < nr + dk) {
                code = 8;
            }
            if (q == IT_T01 && v2019 && code <= 4) {
                /* From 2019 "Går aldrig ut ensam sent" is an answer: mostly the
                 * oldest, somewhat more women and the fearful.  Some of them would
                 * have answered 3 or 4 before: the simple T01 in {3,4} share drops a
                 * little in every area because of the instrument, not of the world. */
                double q5 = 0.025 * (p->age == 3 ? 3.0 : 1.0) * (p->sex ? 1.3 : 1.0) *
                            (code >= 3 ? 1.6 : 1.0);
                if (gsl_rng_uniform(r) < q5) {
                    int fear = code >= 3;
                    code = 5;
                    double pb = fear ? 0.80 : 0.25;
                    double b = gsl_rng_uniform(r);
                    p->code[C_T01B] = b < 0.02 ? 8 : b < 0.02 + pb * 0.98 ? 1 : 2;
                }
            }
            if (it->kind == K_VICT && (code == 2 || code == 3))
                victim = true;
            p->code[q] = code;
        }
        if (victim) {
            double b = gsl_rng_uniform(r);
            if (b < nonresp * 1.5) {
                p->code[C_U06] = 9;
                p->empty[C_U06] = gsl_rng_uniform(r) < 0.6;
            } else
                p->code[C_U06] = b < 0.05 ? 8 : b < 0.05 + 0.36 ? 1 : 2;
        }
    }

    /* Delivery order: shuffled, then numbered in increasing LOPNR (unique within the
     * year, not across years). */
    gsl_ran_shuffle(r, rs, (size_t)n, sizeof(*rs));
    int *pool = xcalloc((size_t)n * 4, sizeof(int));
    int *ids = xcalloc((size_t)n, sizeof(int));
    for (int i = 0; i < n * 4; i++)
        pool[i] = i + 1;
    gsl_ran_choose(r, ids, (size_t)n, pool, (size_t)n * 4, sizeof(int));

    /* The columns of this year's file: T01B follows T01 from 2019, U06 follows U05. */
    size_t cols[N_ITEMS + 2], n_cols = 0;
    for (size_t q = 0; q < N_ITEMS; q++) {
        if (year < ITEMS[q].first_year)
            continue;
        cols[n_cols++] = q;
        if (q == IT_T01 && v2019)
            cols[n_cols++] = C_T01B;
        if (!strcmp(ITEMS[q].id, "U05"))
            cols[n_cols++] = C_U06;
    }

    bool old = year <= 2016; /* old Excel export: cp1252 and labels */
    const char *eol = "\r\n";
    struct strbuf sb = STRBUF_INIT;
    if (!old)
        strbuf_addstr(&sb, "\xef\xbb\xbf");
    strbuf_addstr(&sb, "LOPNR;AR;OMRADE;KON;ALDGR;SVARSSATT;VIKT;STRATUM");
    for (size_t j = 0; j < n_cols; j++)
        strbuf_addf(&sb, ";%s", cols[j] == C_T01B ? "T01B"
                                : cols[j] == C_U06 ? "U06"
                                                   : ITEMS[cols[j]].id);
    strbuf_addstr(&sb, eol);
    for (int i = 0; i < n; i++) {
        const struct resp *p = &rs[i];
        strbuf_addf(&sb, "%d;%d;", ids[i], year);
        if (old) {
            /* Labels as pasted by users: now and then in lower case or with a
             * trailing blank, which the codebook matching must forgive. */
            add_cp1252(&sb, AREA[p->area]);
            if (gsl_rng_uniform(r) < 0.005)
                strbuf_addch(&sb, ' ');
            strbuf_addch(&sb, ';');
            const char *kon = p->sex ? "Kvinna" : "Man";
            if (gsl_rng_uniform(r) < 0.01)
                kon = p->sex ? "kvinna" : "man";
            strbuf_addstr(&sb, kon);
        } else {
            strbuf_addf(&sb, "%d;%d", p->area + 1, p->sex + 1);
        }
        strbuf_addf(&sb, ";%d;%d;", p->age + 1, p->mode);
        add_decimal_comma(&sb, p->weight);
        strbuf_addf(&sb, ";%d", p->area + 1);
        for (size_t j = 0; j < n_cols; j++) {
            int code = p->code[cols[j]];
            strbuf_addch(&sb, ';');
            if (!(code == 9 && p->empty[cols[j]]))
                strbuf_addf(&sb, "%d", code);
        }
        strbuf_addstr(&sb, eol);
    }
    char name[32];
    snprintf(name, sizeof name, "trygghet_%d.csv", year);
    write_file_in(dir, name, &sb);
    strbuf_release(&sb);
    free(pool);
    free(ids);
    free(rs);
    gsl_rng_free(r);
}

/* ------------------------------------------------------------------ incidents */

enum cat { NARK, SKAD, MISS, RAN, BIL, ORD, KNIV, N_CAT };
static const char *const CAT[N_CAT] = {"narkotika", "skadegorelse", "misshandel", "ran",
                                       "bilbrand", "ordningsstorning", "knivlagen"};
/* Österåker monthly mean in 2015 before season and trend (DOMAIN.md §2 "demo"). */
static const double CAT_BASE[N_CAT] = {30, 36, 20, 1.0, 0.8, 28, 3.2};
/* Each area's share of the kommun's count (rows add up to 1). */
static const double CAT_SHARE[N_CAT][N_AREA] = {
    {.40, .15, .10, .07, .04, .06, .08, .03, .07}, /* narkotika: centrum carries it */
    {.22, .14, .13, .12, .06, .09, .11, .05, .08}, /* skadegorelse */
    {.30, .15, .12, .09, .05, .07, .10, .04, .08}, /* misshandel */
    {.35, .20, .12, .07, .04, .06, .08, .03, .05}, /* ran */
    {.15, .25, .15, .10, .04, .08, .12, .03, .08}, /* bilbrand: Söra */
    {.35, .14, .11, .08, .04, .07, .10, .04, .07}, /* ordningsstorning */
    {.45, .15, .10, .06, .03, .05, .07, .03, .06}, /* knivlagen */
};
/* Vallentuna (≈34,000) relative to Österåker's kommun total. */
static const double COMPARISON_FACTOR[N_CAT] = {0.55, 0.72, 0.70, 0.70, 0.75, 0.68, 0.55};
static const double SEASON[N_CAT][12] = {
    {0.96, 0.96, 1.00, 1.00, 1.04, 1.04, 0.98, 1.00, 1.04, 1.02, 0.98, 0.98},
    {0.90, 0.85, 0.95, 1.00, 1.06, 1.10, 1.06, 1.10, 1.05, 1.05, 0.95, 0.93},
    {0.88, 0.80, 0.86, 0.96, 1.12, 1.22, 1.18, 1.12, 1.00, 0.94, 0.86, 1.06},
    {1.10, 1.00, 1.00, 0.95, 0.95, 1.00, 0.95, 0.95, 1.00, 1.00, 1.05, 1.10},
    {1.90, 0.80, 0.80, 0.80, 0.85, 0.90, 0.95, 0.95, 0.85, 0.90, 0.90, 1.60},
    {0.88, 0.80, 0.86, 0.96, 1.12, 1.22, 1.18, 1.12, 1.00, 0.94, 0.86, 1.06},
    {0.90, 0.90, 0.95, 1.00, 1.10, 1.15, 1.10, 1.05, 1.00, 0.95, 0.90, 0.95},
};
/* Day-of-week factors (Monday ... Sunday, mean 1) for the daily centrum series. */
static const double DOW[2][7] = {
    {0.75, 0.70, 0.75, 0.90, 1.35, 1.50, 1.05}, /* ordningsstorning */
    {0.80, 0.75, 0.80, 0.90, 1.25, 1.45, 1.05}, /* misshandel */
};
#define FRAILTY_SHAPE 30.0
#define HOLIDAY_EFFECT 0.60 /* centrum disorder and violence on holidays from 2018-05-01 */

static double season(int c, int m)
{
    double s = 0;
    for (int i = 0; i < 12; i++)
        s += SEASON[c][i];
    return SEASON[c][m - 1] * 12.0 / s;
}

/* The common trend every area and the comparison kommun share. */
static double trend(int c, int mi)
{
    double t = month_mid(mi);
    double f = 1;
    switch (c) {
    case NARK: f = 1 + 0.06 * (t < 4.5 ? t : 4.5); break;
    case SKAD: f = 1 - 0.02 * t; break;
    case MISS: f = 1 - 0.012 * t; break;
    case ORD: f = 1 + 0.01 * t; break;
    case KNIV: f = 1 + 0.03 * t; break;
    default: break;
    }
    if (mi >= MI(2020, 4) && mi <= MI(2021, 9)) { /* pandemic: less nightlife everywhere */
        if (c == MISS)
            f *= 0.88;
        else if (c == RAN)
            f *= 0.90;
        else if (c == ORD)
            f *= 0.94;
    }
    return f;
}

/* The built-in effects of the measures (area -1 = the comparison kommun). */
static double effect(int a, int c, int mi)
{
    if (a == 0) { /* Åkersberga centrum */
        switch (c) {
        case ORD: return mi >= MI_COACHES ? 0.74 : mi >= MI_POLICE ? 0.86 : 1;
        case MISS: return mi >= MI_COACHES ? 0.77 : mi >= MI_POLICE ? 0.88 : 1;
        case SKAD: return mi >= MI_POLICE ? 0.90 : 1;
        case KNIV: return mi >= MI_POLICE ? 1.30 : 1;
        case NARK: /* more police, more detected: an activity signal */
            if (mi < MI_POLICE)
                return 1;
            if (mi <= MI(2019, 12))
                return 1.50;
            return mi <= MI(2020, 12) ? 1.35 : mi <= MI(2021, 12) ? 1.22 : 1.12;
        default: return 1;
        }
    }
    if (a == 1) { /* Norrgårdsvägen/Söra: coaches also work here */
        switch (c) {
        case ORD: return mi >= MI_COACHES ? 0.88 : 1;
        case MISS: return mi >= MI_COACHES ? 0.90 : 1;
        case SKAD: return mi >= MI_COACHES ? 0.95 : 1;
        default: return 1;
        }
    }
    if (a == 2) { /* buffer zone: no displacement, a slight diffusion of benefit */
        switch (c) {
        case ORD: return mi >= MI_POLICE ? 0.96 : 1;
        case MISS: return mi >= MI_POLICE ? 0.97 : 1;
        default: return 1;
        }
    }
    return 1;
}

static double holiday_factor(int y, int m, int d)
{
    const char *name;
    if (holiday_se(y, m, d, &name) == HOLIDAY_NONE)
        return 1;
    double f = !strcmp(name, "Nyårsdagen")       ? 2.4
             : !strcmp(name, "Midsommarafton")   ? 2.2
             : !strcmp(name, "Första maj")       ? 2.0
             : !strcmp(name, "Nyårsafton")       ? 1.8
                                                 : 1.3;
    if (days_from_civil(y, m, d) >= days_from_civil(2018, 5, 1))
        f *= HOLIDAY_EFFECT; /* youths at the open fritidsgård instead of the square */
    return f;
}

static void gen_incidents(const char *dir)
{
    gsl_rng *r = rng_stream(STREAM_INCIDENTS);
    /* counts[area 0..9 (9 = comparison)][cat][month] */
    static unsigned counts[N_AREA + 1][N_CAT][N_MONTH];
    long day0 = days_from_civil(Y0, 1, 1), day1 = days_from_civil(Y1, 12, 31);
    size_t n_days = (size_t)(day1 - day0 + 1);
    unsigned *daily[2];
    daily[0] = xcalloc(n_days, sizeof(unsigned));
    daily[1] = xcalloc(n_days, sizeof(unsigned));

    for (int mi = 0; mi < N_MONTH; mi++) {
        int y = Y0 + mi / 12, m = mi % 12 + 1;
        double t = month_mid(mi);
        for (int a = 0; a <= N_AREA; a++) {
            for (int c = 0; c < N_CAT; c++) {
                double lambda;
                if (a < N_AREA)
                    lambda = CAT_BASE[c] * CAT_SHARE[c][a] * area_pop(a, t) / area_pop(a, 0);
                else
                    lambda = CAT_BASE[c] * COMPARISON_FACTOR[c] * comparison_pop(t) /
                             comparison_pop(0);
                lambda *= season(c, m) * trend(c, mi) * effect(a < N_AREA ? a : -1, c, mi);
                double frailty = gsl_ran_gamma(r, FRAILTY_SHAPE, 1.0 / FRAILTY_SHAPE);
                if (a == 0 && (c == ORD || c == MISS)) {
                    /* Centrum disorder and violence day by day; the month is their sum. */
                    int s = c == ORD ? 0 : 1, dim = days_in_month(y, m);
                    unsigned sum = 0;
                    for (int d = 1; d <= dim; d++) {
                        long day = days_from_civil(y, m, d);
                        double mu = lambda * frailty / dim * DOW[s][weekday(day) - 1] *
                                    holiday_factor(y, m, d);
                        unsigned x = gsl_ran_poisson(r, mu);
                        daily[s][day - day0] = x;
                        sum += x;
                    }
                    counts[a][c][mi] = sum;
                } else {
                    counts[a][c][mi] = gsl_ran_poisson(r, lambda * frailty);
                }
            }
        }
    }

    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal;befolkning\n");
    for (int a = 0; a <= N_AREA; a++)
        for (int c = 0; c < N_CAT; c++)
            for (int mi = 0; mi < N_MONTH; mi++) {
                double t = month_mid(mi);
                long pop = lround(a < N_AREA ? area_pop(a, t) : comparison_pop(t));
                strbuf_addf(&sb, "%d-%02d;%s;%s;%u;%ld\n", Y0 + mi / 12, mi % 12 + 1,
                            a < N_AREA ? AREA[a] : COMPARISON, CAT[c], counts[a][c][mi], pop);
            }
    write_file_in(dir, "brott_manad.csv", &sb);

    strbuf_reset(&sb);
    strbuf_addstr(&sb, "datum;omrade;kategori;antal\n");
    for (size_t i = 0; i < n_days; i++) {
        int y, m, d;
        civil_from_days(day0 + (long)i, &y, &m, &d);
        strbuf_addf(&sb, "%d-%02d-%02d;%s;ordningsstorning;%u\n", y, m, d, AREA[0],
                    daily[0][i]);
        strbuf_addf(&sb, "%d-%02d-%02d;%s;misshandel;%u\n", y, m, d, AREA[0],
                    daily[1][i]);
    }
    write_file_in(dir, "brott_dag_centrum.csv", &sb);
    strbuf_release(&sb);
    free(daily[0]);
    free(daily[1]);
    gsl_rng_free(r);
}

/* ------------------------------------------------------------------ donor pool */

/* The town centres of other municipalities of the county: the donor pool of the
 * synthetic comparison area.  No measure runs in them.  Each centre has its own size,
 * its own level of disorder and violence per resident around centrum's (x 0.55 to
 * 1.65, so centrum lies inside their range), its own drift and a share of the common
 * trend and season; the pandemic dip of 2020-21 is common to all. */
#define N_DONOR 20
static const char *const DONOR[N_DONOR] = {
    "Täby centrum",       "Vallentuna centrum", "Norrtälje centrum",   "Sollentuna centrum",
    "Upplands Väsby centrum", "Märsta centrum",  "Jakobsberg",          "Kista",
    "Sundbyberg centrum", "Solna centrum",      "Mörby centrum",       "Vaxholm centrum",
    "Lidingö centrum",    "Nacka Forum",        "Gustavsberg centrum", "Handen",
    "Tumba centrum",      "Södertälje centrum", "Nynäshamn centrum",   "Sigtuna centrum"};

static void gen_donor_pool(const char *dir)
{
    gsl_rng *r = rng_stream(STREAM_DONORS);
    static const int cats[2] = {ORD, MISS};
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal;befolkning\n");
    for (int k = 0; k < N_DONOR; k++) {
        double pop0 = 3500 + 9000 * gsl_rng_uniform(r);     /* residents of the centre */
        double growth = 0.004 + 0.02 * gsl_rng_uniform(r);  /* a year */
        double level[2], drift[2], share_trend = 0.6 + 0.8 * gsl_rng_uniform(r);
        for (int i = 0; i < 2; i++) {
            level[i] = 0.55 + 1.10 * gsl_rng_uniform(r);       /* x centrum's rate */
            drift[i] = -0.03 + 0.06 * gsl_rng_uniform(r);      /* a year */
        }
        double season_amp = 0.6 + 0.8 * gsl_rng_uniform(r);
        for (int i = 0; i < 2; i++) {
            int c = cats[i];
            for (int mi = 0; mi < N_MONTH; mi++) {
                int m = mi % 12 + 1;
                double t = month_mid(mi);
                double pop = pop0 * (1 + growth * t);
                /* centrum's rate per resident in 2015, before season and trend */
                double rate0 = CAT_BASE[c] * CAT_SHARE[c][0] / area_pop(0, 0);
                double tr = trend(c, mi);
                double lambda = rate0 * level[i] * pop * (1 + drift[i] * t) *
                                (1 + season_amp * (season(c, m) - 1)) *
                                (1 + share_trend * (tr - 1));
                double frailty = gsl_ran_gamma(r, FRAILTY_SHAPE, 1.0 / FRAILTY_SHAPE);
                strbuf_addf(&sb, "%d-%02d;%s;%s;%u;%ld\n", Y0 + mi / 12, m, DONOR[k], CAT[c],
                            gsl_ran_poisson(r, lambda * frailty), lround(pop));
            }
        }
    }
    write_file_in(dir, "brott_centrum_lan.csv", &sb);
    strbuf_release(&sb);
    gsl_rng_free(r);
}

/* ------------------------------------------------------------------ youth centre */

static void gen_youth_centre(const char *dir)
{
    gsl_rng *r = rng_stream(STREAM_YOUTH);
    /* Ordinary evenings: 25 + Binomial(35, p); p by weekday (Mon..Sat) and month. */
    static const double P_DAY[6] = {0.32, 0.34, 0.38, 0.40, 0.62, 0.55};
    static const double P_MONTH[12] = {0.03,  0.05,  0.03, 0,    -0.02, -0.06,
                                       -0.12, -0.06, 0,    0.03, 0.04,  0};
    long day0 = days_from_civil(Y0, 1, 1), day1 = days_from_civil(Y1, 12, 31);
    long change = days_from_civil(2018, 5, 1);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "\xef\xbb\xbf" "datum;omrade;kategori;antal\r\n");
    for (long day = day0; day <= day1; day++) {
        int y, m, d;
        civil_from_days(day, &y, &m, &d);
        int wd = weekday(day);
        const char *name;
        bool hol = holiday_se(y, m, d, &name) != HOLIDAY_NONE;
        bool open = hol ? day >= change : wd <= 6;
        if (!open)
            continue;
        unsigned visitors, incidents;
        if (hol) {
            double p = !strcmp(name, "Julafton")                                   ? 0.25
                     : !strcmp(name, "Juldagen") || !strcmp(name, "Nyårsdagen")    ? 0.30
                     : !strcmp(name, "Midsommarafton") || !strcmp(name, "Nyårsafton") ? 0.55
                                                                                   : 0.45;
            visitors = 40 + gsl_ran_binomial(r, clamp01(p + 0.15 * gsl_ran_ugaussian(r)), 50);
            incidents = gsl_ran_binomial(r, 0.14, 2);
        } else {
            /* the evening's own pull (weather, events) on top of weekday and season */
            double p = P_DAY[wd - 1] + P_MONTH[m - 1] + 0.004 * (y - Y0) +
                       0.15 * gsl_ran_ugaussian(r);
            visitors = 25 + gsl_ran_binomial(r, clamp01(p), 35);
            incidents = gsl_ran_binomial(r, wd >= 5 ? 0.12 : 0.08, 2);
        }
        strbuf_addf(&sb, "%d-%02d-%02d;%s;besok;%u\r\n", y, m, d, YOUTH_CENTRE, visitors);
        strbuf_addf(&sb, "%d-%02d-%02d;%s;incident_gard;%u\r\n", y, m, d, YOUTH_CENTRE,
                    incidents);
    }
    write_file_in(dir, "fritidsgard_dag.csv", &sb);
    strbuf_release(&sb);
    gsl_rng_free(r);
}

/* ------------------------------------------------------------------ process data */

static void gen_activity(const char *dir)
{
    gsl_rng *r = rng_stream(STREAM_ACTIVITY);
    /* Night-walk evenings per year, spread over the months (Valborg, end of school in
     * June, summer and New Year weigh more); 2018 is extended from May. */
    static const unsigned WALK_YEAR[N_YEAR] = {48, 52, 55, 78, 84, 58, 62, 60};
    static const double WALK_MONTH[12] = {0.6, 0.6, 0.7, 0.9, 1.2, 1.4,
                                          1.2, 1.2, 1.1, 0.9, 0.7, 1.1};
    static const double FIELD_MONTH[12] = {0.90, 0.95, 1.00, 1.00, 1.10, 1.15,
                                           0.80, 1.00, 1.05, 1.05, 1.00, 0.95};
    unsigned walks[N_MONTH];
    for (int yi = 0; yi < N_YEAR; yi++) {
        double w[12];
        for (int m = 0; m < 12; m++)
            w[m] = WALK_MONTH[m] * (Y0 + yi == 2018 && m >= 4 ? 1.6 : 1.0);
        gsl_ran_multinomial(r, 12, WALK_YEAR[yi], w, &walks[yi * 12]);
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "manad;omrade;kategori;antal\n");
    for (int mi = 0; mi < N_MONTH; mi++) {
        int y = Y0 + mi / 12, m = mi % 12 + 1;
        unsigned pass = 0, contacts = 0;
        if (mi >= MI_COACHES && mi <= MI_COACHES_END) {
            double p = m == 7 ? 0.15 : m == 12 ? 0.35 : 0.5;
            pass = 25 + gsl_ran_binomial(r, p, 10);
            double busy = 0.2 + 0.6 * gsl_rng_uniform(r); /* how lively the month was */
            for (unsigned i = 0; i < pass; i++)
                contacts += 15 + gsl_ran_binomial(r, busy, 20);
        }
        double field = (mi >= MI_POLICE ? (y >= 2019 ? 500 : 480) : 260) * FIELD_MONTH[m - 1];
        unsigned fc = poisson_od(r, field, 80);
        strbuf_addf(&sb, "%d-%02d;%s;coach_pass;%u\n", y, m, AREA[0], pass);
        strbuf_addf(&sb, "%d-%02d;%s;coach_kontakter;%u\n", y, m, AREA[0], contacts);
        strbuf_addf(&sb, "%d-%02d;%s;nattvandring_kvallar;%u\n", y, m, AREA[0], walks[mi]);
        strbuf_addf(&sb, "%d-%02d;%s;faltare_kontakter;%u\n", y, m, AREA[0], fc);
    }
    write_file_in(dir, "aktivitet_manad.csv", &sb);
    strbuf_release(&sb);
    gsl_rng_free(r);
}

static void gen_interventions(const char *dir)
{
    /* The plan's 2018 budgets and the 2019 figures (shared/seed).  The 2018 amounts are
     * what the plan budgeted for 2018, written as the cost column although the measure
     * ran part of the year (see README: the format has no per-period total). */
    static const char *const ROWS[] = {
        "forstarkt_social_rondering;Åkersberga centrum;2018-06-01;2018-12-31;600000;"
        "Förstärkt social rondering, budget 2018",
        "utokad_nattvandring;Åkersberga centrum;2018-05-01;2019-12-31;200000;"
        "Fler nattvandrargrupper och fler kvällar, budget 2018",
        "trygghetscoacher;Åkersberga centrum;2018-09-01;2018-12-31;1400000;"
        "4 trygghetscoacher heltid (projekt), budget 2018 för hela året",
        "trygghetscoacher;Åkersberga centrum;2019-01-01;2019-12-31;2352000;"
        "4 trygghetscoacher, försöksverksamhet, utvärdering vid halvårsskiftet 2019",
        "lokalhyra_omradeskontor;Åkersberga centrum;2018-06-01;;120000;"
        "Lokalhyra för områdeskontor i Åkersberga centrum",
        "fritidsgard_roda_dagar;Bergagården;2018-05-01;;600000;"
        "Utökat öppethållande: fritidsgården öppen på röda dagar",
        "faltare_utokning;Åkersberga centrum;2018-06-01;2018-12-31;700000;"
        "Två fältare till, kvällar och helger, budget 2018",
        "faltare_utokning;Åkersberga centrum;2019-01-01;;1200000;"
        "Utökning fältarna från 2019",
        "forstarkning_trygg_i_osteraker;Åkersberga centrum;2019-01-01;;600000;"
        "Förstärkning av Trygg i Österåker (samordning), från 2019",
        "polisnarvaro_7_dagar;Åkersberga centrum;2018-06-01;;;"
        "Polisens närvaro 7 dagar i veckan (ingen kommunal kostnad)",
    };
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "namn;omrade;start;slut;kostnad_per_ar;anteckning\n");
    for (size_t i = 0; i < ARRAY_SIZE(ROWS); i++)
        strbuf_addf(&sb, "%s\n", ROWS[i]);
    write_file_in(dir, "insatser.csv", &sb);
    strbuf_release(&sb);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen-example DIRECTORY\n");
        return 2;
    }
    const char *dir = argv[1];
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "gen-example: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    printf("gen-example: SYNTHETIC Österåker data, seed %lu, into %s/\n", SEED, dir);
    for (int y = Y0; y <= Y1; y++)
        gen_survey(dir, y);
    gen_incidents(dir);
    gen_donor_pool(dir);
    gen_youth_centre(dir);
    gen_activity(dir);
    gen_interventions(dir);
    return 0;
}
