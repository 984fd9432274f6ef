/*
 * methods — see methods.h.
 *
 * The R calls name the run's confidence level (level = 0.9 ...) so that a reader who
 * reruns them gets the intervals of the report.  They are written for the variables
 * of the documents in docs/methods/, where each is derived in full.
 */
#include "eval/methods.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/format.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct method_doc {
    const char *methods;   /* results.csv method names, space-separated, " x " matched */
    const char *id;        /* anchor */
    const char *head_sv, *head_en;
    const char *what_sv, *what_en;         /* the formula in words */
    const char *assume_sv, *assume_en;     /* its assumptions */
    const char *r;                         /* the R call; %s = the confidence level */
};

static const struct method_doc DOCS[] = {
    {" svyciprop svymean svydiff deff ", "method-survey",
     "Enkätskattningar (vägda)", "Survey estimates (weighted)",
     "Andelen (eller medelvärdet) i varje område och period skattas med vikterna. Standardfelet "
     "räknas med Taylor-linjärisering: skattningen ersätts nära sitt värde med en rak linje, så "
     "att urvalsdesignens strata och kluster kan räknas in. Förändringen är efter minus före, "
     "för andelar i procentenheter; skillnaden i förändring är målområdets förändring minus "
     "jämförelseområdets. Intervallet för en andel räknas på logitskalan, för förändringar med "
     "normalfördelningen.",
     "The share (or mean) in each area and period is estimated with the weights. Its standard "
     "error is found by Taylor linearisation: near its value the estimate is replaced by a "
     "straight line, so that the survey design's strata and clusters can be allowed for. The "
     "change is after minus before, in percentage points for shares; the difference in change "
     "is the target area's change minus the comparison area's. The interval of a share is "
     "computed on the logit scale, that of a change from the normal distribution.",
     "Varje år är ett eget slumpurval med kända vikter; bortfallet är slumpmässigt givet "
     "vikterna; frågan och svarsalternativen betyder samma sak före och efter.",
     "Each year is a random sample of its own with known weights; non-response is random given "
     "the weights; the question and its answer options mean the same before and after.",
     "library(survey); d <- svydesign(ids = ~1, strata = ~interaction(year, stratum), "
     "weights = ~weight, data = answers); est <- svyby(~y, ~cell, d, svymean, covmat = TRUE); "
     "confint(svycontrast(est, c(after = 1, before = -1)), level = %s); "
     "svyciprop(~y, subset(d, cell == \"after\"), method = \"logit\", level = %s)"},
    {" wilson newcombe chisq chisq_kx2 mann_whitney cliff_delta welch_t cohen_d hedges_g ",
     "method-tests", "Kompletterande ovägda test", "Supporting unweighted tests",
     "Samma jämförelse på de svarandes svar utan vikter: skillnaden i andel med Newcombes "
     "intervall och χ²-test, hela svarsfördelningen med χ²-test, Mann–Whitneys test av om ett "
     "svar efter tenderar att vara sämre än ett före, och Cliffs delta (andelen par där svaret "
     "efter är sämre minus andelen där det är bättre).",
     "The same comparison on the respondents' answers without weights: the difference in "
     "share with Newcombe's interval and a chi-square test, the whole answer distribution with "
     "a chi-square test, the Mann–Whitney test of whether an answer after tends to be worse "
     "than one before, and Cliff's delta (the share of pairs where the answer after is worse "
     "minus the share where it is better).",
     "Vikterna räknas inte in i något av testen, så de stöder den vägda skattningen men "
     "ersätter den inte. χ²-testen, Newcombes intervall och Mann–Whitneys test behandlar "
     "svaren som oberoende. Cliffs deltas intervall är ett BCa-bootstrapintervall: i "
     "målområdets tabell dras svaren om inom varje period; per grupp, i jämförelseområdet och "
     "mellan grupper ([compare]) tar det däremot hänsyn till urvalsdesignen: urvalets primära "
     "urvalsenheter (utan kluster: de svarande) dras om inom sina strata, varje period eller "
     "grupp för sig.",
     "None of the tests uses the weights, so they support the weighted estimate but do not "
     "replace it. The chi-square tests, Newcombe's interval and the Mann–Whitney test treat the "
     "answers as independent. Cliff's delta's interval is a BCa bootstrap interval: in the "
     "target area's table the answers are resampled within each period; by group, in the "
     "comparison area and between groups ([compare]) it takes the sampling design into "
     "account: the survey's primary sampling units (without clusters, the respondents) are "
     "resampled within their strata, each period or group separately.",
     "prop.test(c(x_after, x_before), c(n_after, n_before), correct = FALSE, conf.level = %s); "
     "chisq.test(table(period, answer)); wilcox.test(after, before); "
     "b <- boot(units, cliff_delta, R = replicates, strata = stratum); "
     "boot.ci(b, conf = %s, type = \"bca\")"},
    {" power_prop ", "method-power", "Minsta upptäckbara förändring",
     "Smallest detectable change",
     "Den minsta minskning som undersökningen skulle upptäcka med 80\xc2\xa0% styrka på 5\xc2\xa0% "
     "signifikansnivå, med det effektiva antalet svar per period (antalet svar delat med "
     "designeffekten, som mäter hur mycket vikterna och designen ökar osäkerheten).",
     "The smallest fall the survey would detect with 80% power at the 5% significance level, "
     "with the effective number of answers per period (the number of answers divided by the "
     "design effect, which measures how much the weights and design add to the uncertainty).",
     "Två oberoende andelar; designeffekten fångar vikternas och designens inverkan.",
     "Two independent shares; the design effect captures what the weights and design do.",
     "power.prop.test(n = n_effective, p1 = p_before, power = 0.8, sig.level = 0.05)"},
    {" svyglm_trend ", "method-trend-design", "Trend över år (vägd, designbaserad)",
     "Trend over the years (weighted, design-based)",
     "Förändringen i oddset per år (oddskvoten, under 1 = andelen minskar) från en vägd "
     "logistisk regression av svaret på året, på svaren inom de jämförbara åren, med "
     "designbaserade standardfel (som tabellernas andelar) och p från t-fördelningen på "
     "designens frihetsgrader.",
     "The change in the odds per year (the odds ratio, below 1 = the share falls) from a "
     "weighted logistic regression of the answer on the year, on the answers within the "
     "comparable years, with design-based standard errors (as the tables' shares) and p from "
     "the t distribution on the design's degrees of freedom.",
     "En jämn förändring per år på logitskalan; varje år är ett eget slumpurval med kända "
     "vikter; frågan betyder samma sak alla år som jämförs.",
     "An even change per year on the logit scale; each year is a random sample of its own with "
     "known weights; the question means the same in every year compared.",
     "library(survey); d <- svydesign(ids = ~1, strata = ~interaction(year, stratum), "
     "weights = ~weight, data = answers); fit <- svyglm(y ~ year, design = subset(d, "
     "!is.na(y)), family = quasibinomial()); exp(confint(fit, level = %s)[\"year\", ]); "
     "summary(fit)$coefficients[\"year\", ]"},
    {" logit_trend trend_chisq ", "method-trend", "Ovägd trend (i results.csv)",
     "Unweighted trend (in results.csv)",
     "Förändringen i oddset per år (oddskvoten, under 1 = andelen minskar) från en logistisk "
     "regression av andelen på året, och χ²-testet för trend, på de svarandes svar utan vikter.",
     "The change in the odds per year (the odds ratio, below 1 = the share falls) from a "
     "logistic regression of the share on the year, and the chi-square test for trend, on the "
     "respondents' answers without weights.",
     "En jämn förändring per år på logitskalan; svaren oberoende; ovägd, så den stöder den "
     "vägda trenden men ersätter den inte.",
     "An even change per year on the logit scale; independent answers; unweighted, so it "
     "supports the weighted trend but does not replace it.",
     "fit <- glm(cbind(x, n - x) ~ year, family = binomial); "
     "exp(confint.default(fit, level = %s)[\"year\", ]); prop.trend.test(x, n, score = year)"},
    {" poisson_exact ", "method-rate-ratio", "Kvot efter/före", "Rate ratio after/before",
     "Antalet fall per månad efter starten delat med antalet per månad före; när befolkningen "
     "är känd räknas båda per invånare (befolkningen är exponeringen), och kvoten jämför då "
     "risker per invånare, inte antal. Test och intervall är exakta: givet det totala antalet "
     "fall är antalet efter binomialfördelat.",
     "The number of cases per month after the start divided by the number per month before; "
     "when the population is known both are per resident (the population is the exposure), "
     "and the ratio then compares rates per resident, not counts. Test and interval are exact: "
     "given the total number of cases, the number after is binomial.",
     "Fallen är oberoende (Poisson); kvoten tar ingen hänsyn till trend eller säsong, därför "
     "visas tidsseriemodellen bredvid.",
     "Cases are independent (Poisson); the ratio ignores trend and season, which is why the "
     "time-series model is shown beside it.",
     "poisson.test(c(count_after, count_before), c(exposure_after, exposure_before), "
     "conf.level = %s)"},
    {" its_poisson its_quasipoisson its_negbin ", "method-its", "Avbruten tidsserie (ITS)",
     "Interrupted time series (ITS)",
     "En regressionsmodell för antalet per månad med trend, säsong (månad) och, från starten, "
     "ett hopp i nivå (nivåförändringen) och en ändrad lutning (trendförändringen), båda som "
     "kvoter. Det väntade utan insatsen är samma modell med hoppet och lutningsändringen satta "
     "till noll. Den kumulativa effekten (diagrammet under tidsserien) är observerat minus "
     "väntat, summerat månad för månad från starten, med ett intervall för det väntades "
     "osäkerhet (deltametoden); vid periodens slut är den de förhindrade fallen med omvänt "
     "tecken.",
     "A regression model of the count per month with a trend, season (month) and, from the "
     "start, a jump in level (the level change) and a changed slope (the slope change), both "
     "as ratios. The expected course without the measure is the same model with the jump and "
     "the slope change set to zero. The cumulative effect (the chart under the time series) "
     "is observed minus expected, summed month by month from the start, with an interval for "
     "the uncertainty of the expected (the delta method); at the end of the period it is the "
     "prevented cases with the sign turned.",
     "Trenden före hade fortsatt utan insatsen; inget annat som påverkar antalet hände vid "
     "starten; kvasi-Poisson tillåter större spridning än Poisson (överspridning); månaderna "
     "är i övrigt oberoende.",
     "The trend before would have continued without the measure; nothing else that affects "
     "the count happened at the start; quasi-Poisson allows more spread than Poisson "
     "(overdispersion); the months are otherwise independent.",
     "d$post <- as.integer(d$t >= t0); d$tpost <- (d$t - t0) * d$post; "
     "fit <- glm(y ~ t + post + tpost + factor(month) + offset(log(pop)), "
     "family = quasipoisson, data = d)\n# (family poisson or MASS::glm.nb as the spec says; the offset only "
     "with a population)\nexp(confint.default(fit, level = %s)[c(\"post\", \"tpost\"), ])\n"
     "# the cumulative effect from the start, with its delta-method interval\n"
     "after <- d$t >= t0; X0 <- model.matrix(fit); X0[, c(\"post\", \"tpost\")] <- 0\n"
     "cf <- predict(fit, transform(d, post = 0, tpost = 0), type = \"response\")[after]\n"
     "cum <- cumsum(d$y[after] - cf); G <- apply(cf * X0[after, ], 2, cumsum)\n"
     "se <- sqrt(rowSums((G %*% vcov(fit)) * G))\n"
     "cbind(cum, cum + outer(se, c(-1, 1) * qnorm(1 - (1 - %s) / 2)))"},
    {" did_poisson did_quasipoisson did_negbin ", "method-did", "Skillnad i skillnader (DiD)",
     "Difference-in-differences (DiD)",
     "Kvoten efter/före i målområdet delad med samma kvot i jämförelseområdet (en kvot av "
     "kvoter). Under 1: målområdet fick färre fall än jämförelseområdets utveckling förutsäger.",
     "The after/before ratio in the target area divided by the same ratio in the comparison "
     "area (a ratio of rate ratios). Below 1: the target area had fewer cases than the "
     "comparison area's course predicts.",
     "Parallella trender: utan insatsen hade båda områdena förändrats lika mycket relativt "
     "sett; jämförelseområdet påverkas inte av insatsen; spridningen följer utfallets egen "
     "modell (kvasi-Poisson eller negativ binomial), och en spridning under Poissons gör "
     "aldrig intervallet smalare.",
     "Parallel trends: without the measure both areas would have changed by the same "
     "proportion; the comparison area is not affected by the measure; the spread follows the "
     "outcome's own model (quasi-Poisson or negative binomial), and a spread below Poisson's "
     "never narrows the interval.",
     "fit <- glm(y ~ area * post + factor(month), family = quasipoisson, data = both_areas)\n"
     "# (the outcome's family: poisson, quasipoisson or MASS::glm.nb)\n"
     "s <- summary(fit, dispersion = max(1, summary(fit)$dispersion))  # quasi-Poisson\n"
     "b <- s$coefficients[\"area:post\", 1:2]; "
     "exp(b[1] + c(-1, 1) * qnorm(1 - (1 - %s) / 2) * b[2])"},
    {" res res_od ", "method-res", "Relativ effektstorlek (RES)", "Relative effect size (RES)",
     "RES = (a·d)/(b·c), där a och b är målområdets antal före och efter och c och d "
     "jämförelseområdets: jämförelseområdets kvot efter/före delad med målområdets. Över 1: "
     "relativ förbättring i målområdet. Variansen av log RES är 1/a + 1/b + 1/c + 1/d; i den "
     "försiktigare versionen multipliceras den med överspridningen (kvasi-Poisson-"
     "dispersionen) när den är större än 1.",
     "RES = (a·d)/(b·c), where a and b are the target area's counts before and after and c and "
     "d the comparison area's: the comparison area's after/before ratio divided by the target "
     "area's. Above 1: a relative improvement in the target area. The variance of log RES is "
     "1/a + 1/b + 1/c + 1/d; in the more cautious version it is multiplied by the "
     "overdispersion (the quasi-Poisson dispersion) when that exceeds 1.",
     "Som för DiD; fallen är Poisson (eller överspridda med samma faktor i alla fyra celler).",
     "As for DiD; the counts are Poisson (or overdispersed by the same factor in all four "
     "cells).",
     "res <- (a * d) / (b * c); se <- sqrt(1/a + 1/b + 1/c + 1/d); "
     "exp(log(res) + c(-1, 1) * qnorm(1 - (1 - %s) / 2) * se); "
     "phi <- summary(glm(y ~ area * period, family = quasipoisson))$dispersion"},
    {" wdq ", "method-wdq", "Viktad förskjutningskvot (WDQ)",
     "Weighted displacement quotient (WDQ)",
     "Buffertområdets förändring i förhållande till jämförelseområdet delad med målområdets: "
     "WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb), där R är målområdet, D buffertområdet, C "
     "jämförelseområdet, a efter och b före. Över 0: spridning av nytta till buffertområdet; "
     "under 0: förskjutning dit. Kvoten går bara att läsa när målområdet förbättrades.",
     "The buffer area's change relative to the comparison area divided by the target area's: "
     "WDQ = (Da/Ca − Db/Cb) / (Ra/Ca − Rb/Cb), where R is the target, D the buffer, C the "
     "comparison area, a after and b before. Above 0: diffusion of benefit to the buffer; "
     "below 0: displacement into it. It can be read only when the target area improved.",
     "Buffertområdet nås av en eventuell förskjutning men inte av insatsen själv. Kvoten har "
     "inget intervall.",
     "The buffer area receives any displacement but not the measure itself. The quotient has "
     "no interval.",
     "(Da / Ca - Db / Cb) / (Ra / Ca - Rb / Cb)  # by formula; level %s does not apply"},
    {" wdd ", "method-wdd", "Viktad förskjutningsdifferens (WDD)",
     "Weighted displacement difference (WDD)",
     "WDD = (T1 − T0) − (C1 − C0) + (D1 − D0) − (DC1 − DC0) i fall per månad: målområdets "
     "förändring minus jämförelseområdets, plus buffertområdets förändring minus dess "
     "jämförelses. Under 0: färre fall än jämförelseområdet förutsäger. Variansen är summan "
     "av antalen (Poisson).",
     "WDD = (T1 − T0) − (C1 − C0) + (D1 − D0) − (DC1 − DC0) in cases per month: the target "
     "area's change minus the comparison area's, plus the buffer's change minus its "
     "comparison's. Below 0: fewer cases than the comparison area predicts. The variance is "
     "the sum of the counts (Poisson).",
     "Jämförelseområdet visar hur antalet hade ändrats utan insatsen; antalen är oberoende "
     "Poisson.",
     "The comparison area shows how the count would have changed without the measure; the "
     "counts are independent Poisson.",
     "ptools::wdd(control = c(C0, C1), treated = c(T0, T1), disp_control = c(DC0, DC1), "
     "disp_treated = c(D0, D1), alpha = 1 - %s)"},
    {" placebo ", "method-placebo", "Placebotest i tiden", "Placebo in time",
     "Samma tidsseriemodell skattas med påhittade startmånader före den verkliga, bara på "
     "månaderna före starten. p = (1 + antalet påhittade starter med minst lika stor effekt) / "
     "(1 + antalet påhittade starter). Ett litet p betyder att förändringen vid den verkliga "
     "starten sticker ut; ett stort att liknande förändringar sker utan insats.",
     "The same time-series model is fitted with made-up start months before the real one, on "
     "the months before the start only. p = (1 + the number of made-up starts with an effect "
     "at least as large) / (1 + the number of made-up starts). A small p means the change at "
     "the real start stands out; a large one that similar changes happen without any measure.",
     "Månaderna före starten är fria från insatsen; de påhittade starterna är utbytbara med den "
     "verkliga.",
     "The months before the start are free of the measure; the made-up starts are "
     "exchangeable with the real one.",
     "for (s in fake_starts) b[s] <- coef(glm(y ~ t + post_s + tpost_s + factor(month), "
     "family = quasipoisson, data = d[d$t < t0, ]))[\"post_s\"]; "
     "p <- (1 + sum(abs(b) >= abs(b_real))) / (1 + length(b))  # level %s not used"},
    {" synth ", "method-synth", "Syntetiskt jämförelseområde", "Synthetic comparison area",
     "Ett viktat medelvärde av områden utan insatsen (donatorer) som följer målområdet så nära "
     "som möjligt månaderna före starten: vikterna är icke-negativa, summerar till 1 och "
     "minimerar kvadratsumman av skillnaderna före starten. Efter starten är skillnaden mellan "
     "målområdet och det syntetiska området den skattade effekten; kvoten är observerat delat "
     "med syntetiskt efter starten. Hur väl det syntetiska området följer målområdet före "
     "starten (RMSPE, roten ur medelkvadratfelet) visar om skillnaden går att lita på, och "
     "placebotest med varje donator som låtsat målområde visar om en så stor skillnad är "
     "ovanlig.",
     "A weighted mean of areas without the measure (donors) that follows the target as closely "
     "as possible in the months before the start: the weights are non-negative, sum to 1 and "
     "minimise the sum of squared differences before the start. After the start the "
     "difference between the target and the synthetic area is the estimated effect; the ratio "
     "is observed over synthetic after the start. How closely the synthetic area follows the "
     "target before the start (RMSPE, the root mean squared prediction error) shows whether "
     "the difference can be trusted, and placebo tests with each donor as a pretend target "
     "show whether a difference that large is unusual.",
     "Utan insatsen hade målområdet fortsatt följa sin syntetiska kombination; donatorerna "
     "påverkas inte av insatsen och inte av förskjutning från den.",
     "Without the measure the target would have kept following its synthetic combination; "
     "the donors are affected neither by the measure nor by displacement from it.",
     "library(quadprog); J <- ncol(Y); "
     "w <- solve.QP(Dmat = crossprod(Y), dvec = crossprod(Y, y), Amat = cbind(1, diag(J)), "
     "bvec = c(1, rep(0, J)), meq = 1)$solution  # Y: months before x donors; level %s not used"},
    {" intermittent_poisson ", "method-intermittent", "Återkommande dagar (röda dagar)",
     "Recurring days (public holidays)",
     "Antalet per dag i en modell där de utvalda dagarna, perioden efter starten och de utvalda "
     "dagarna efter starten har var sin term, med veckodag och månad: kvoten för de utvalda "
     "dagarna efter starten mot samma dagar åren före, rensad för förändringen på "
     "jämförelsedagarna.",
     "The count per day in a model where the chosen days, the period after the start and the "
     "chosen days after the start each have a term, with weekday and month: the ratio for the "
     "chosen days after the start against the same days in the years before, net of the "
     "change on the comparison days.",
     "Jämförelsedagarna visar vad som hade hänt på de utvalda dagarna utan insatsen; dagarna "
     "är oberoende (Poisson).",
     "The comparison days show what would have happened on the chosen days without the "
     "measure; the days are independent (Poisson).",
     "fit <- glm(y ~ flag + after + exposed + factor(dow) + factor(month), family = poisson); "
     "exp(confint.default(fit, level = %s)[\"exposed\", ])"},
};

/* The distinct methods of the rows (borrowed), in order of first appearance: a
 * screening has 11,600 rows but one or two methods, and every method note looked at
 * every row (an snprintf and a strstr each: ~2 % of a 5,800-series run). */
static size_t distinct_methods(const struct results *res, const char ***out)
{
    const char **m = NULL;
    size_t n = 0;
    for (size_t i = 0; i < res->n; i++) {
        const char *x = res->rows[i].method;
        if (n && !strcmp(m[n - 1], x)) /* rows come in runs of one method */
            continue;
        size_t k = 0;
        while (k < n && strcmp(m[k], x))
            k++;
        if (k == n) {
            m = xrealloc(m, (n + 1) * sizeof(*m));
            m[n++] = x;
        }
    }
    *out = m;
    return n;
}

static bool has_method(const char *const *methods, size_t n, const char *list)
{
    for (size_t i = 0; i < n; i++) {
        char key[64];
        snprintf(key, sizeof(key), " %s ", methods[i]);
        if (strstr(list, key))
            return true;
    }
    return false;
}

static bool has_activity(const struct results *res)
{
    for (size_t i = 0; i < res->n; i++)
        if (!strcmp(res->rows[i].method, "describe") && !strcmp(res->rows[i].term, "total"))
            return true;
    return false;
}

/* The level as R writes it: 0.9, 0.95, 0.975. */
static const char *r_level(const struct eval_ctx *c)
{
    return fmt_text("%.10g", c->conf);
}

static void one(const struct eval_ctx *c, struct doc *d, const char *id, const char *head,
                const char *what, const char *assume, const char *r)
{
    doc_heading(d, 3, id, head);
    doc_paragraph(d, "%s", what);
    doc_paragraph(d, L(c, "Antaganden: %s", "Assumptions: %s"), assume);
    doc_paragraph(d, "%s", L(c, "I R:", "In R:"));
    doc_code(d, r);
}

void methods_write(const struct eval_ctx *c, const struct results *res, bool has_cost,
                   struct doc *d)
{
    const char *level = r_level(c);
    char lv[32];
    snprintf(lv, sizeof(lv), "%s", level);
    const char **methods;
    size_t n_methods = distinct_methods(res, &methods);
    for (size_t k = 0; k < sizeof(DOCS) / sizeof(DOCS[0]); k++) {
        const struct method_doc *m = &DOCS[k];
        if (!has_method(methods, n_methods, m->methods))
            continue;
        /* the R call names the level (one or two %s) */
        struct strbuf r = STRBUF_INIT;
        const char *p = m->r;
        for (const char *s; (s = strstr(p, "%s")) != NULL; p = s + 2) {
            strbuf_add(&r, p, (size_t)(s - p));
            strbuf_addstr(&r, lv);
        }
        strbuf_addstr(&r, p);
        /* one statement a line: "; " outside strings and comments becomes a line break */
        bool in_string = false, in_comment = false;
        for (size_t i = 0; i + 1 < r.len; i++) {
            char ch = r.buf[i];
            if (ch == '\n')
                in_comment = false;
            else if (ch == '"' && !in_comment)
                in_string = !in_string;
            else if (ch == '#' && !in_string)
                in_comment = true;
            else if (ch == ';' && r.buf[i + 1] == ' ' && !in_string && !in_comment) {
                r.buf[i] = '\n';
                memmove(r.buf + i + 1, r.buf + i + 2, r.len - i - 1);
                r.len--;
            }
        }
        one(c, d, m->id, L(c, m->head_sv, m->head_en), L(c, m->what_sv, m->what_en),
            L(c, m->assume_sv, m->assume_en), r.buf);
        strbuf_release(&r);
    }
    free(methods);
    if (has_activity(res))
        one(c, d, "method-activity", L(c, "Genomförande (aktivitet)", "Implementation (activity)"),
            L(c, "Summan per år av de registrerade passen, kontakterna eller besöken och "
                 "antalet per månad (eller dag) med data; ingen modell och inget test.",
              "The yearly sum of the recorded shifts, contacts or visits and the number per "
              "month (or day) with data; no model and no test."),
            L(c, "Registreringen är fullständig för de månader som har data.",
              "The records are complete for the months that have data."),
            "aggregate(count ~ year, data = activity, FUN = sum)");
    if (has_cost)
        one(c, d, "method-cost", L(c, "Kostnad per förhindrat fall", "Cost per prevented case"),
            L(c, "Insatsernas kostnad under perioden efter starten (årskostnaden gånger den "
                 "andel av året insatsen pågick, eller periodens belopp) delad med antalet "
                 "förhindrade fall. När kriteriet bedöms med tidsseriemodellen (ITS) är de "
                 "förhindrade fallen summan över månaderna efter starten av vad modellen väntar "
                 "sig utan insatsen minus det observerade, med ett intervall från modellens "
                 "osäkerhet (deltametoden; samma summa som diagrammets kumulativa effekt, med "
                 "omvänt tecken). Annars är de observerat antal efter starten × (1/kvot − 1), "
                 "med kvoten från den skattning som bedömer kriteriet och intervallet från "
                 "kvotens. Omfattar de förhindrade fallens intervall noll (ingen effekt) har kostnaden "
                 "per förhindrat fall ingen övre gräns: den anges då inte som ett tal, bara som "
                 "en undre gräns (kostnaden vid intervallets övre ände), och run.json och "
                 "results.xlsx har inget värde utan ett skäl.",
              "The measures' cost over the period after the start (the yearly cost times the "
              "part of the year they ran, or the period's amount) divided by the number of "
              "prevented cases. When the criterion is judged by the time-series model (ITS), the "
              "prevented cases are the sum over the months after the start of what the model "
              "expects without the measure minus what was observed, with an interval from the "
              "model's uncertainty (the delta method; the same sum as the chart's cumulative "
              "effect, with the sign turned). Otherwise they are the count observed after the "
              "start × (1/ratio − 1), with the ratio of the estimate that judges the criterion "
              "and the interval from the ratio's. If the prevented cases' interval includes zero "
              "(no effect), the cost per prevented case has no upper bound: it is then not given "
              "as a number, only as a lower bound (the cost at the interval's upper end), and "
              "run.json and results.xlsx hold no value but a reason."),
            L(c, "Hela kostnaden hör till effekten som mäts; kvoten gäller hela perioden efter "
                 "starten.",
              "All of the cost belongs to the effect measured; the ratio holds for the whole "
              "period after the start."),
            "# ITS: the counterfactual is the fit with post = tpost = 0 over the months after\n"
            "cf <- predict(fit, newdata = transform(d[after, ], post = 0, tpost = 0), "
            "type = \"response\")\n"
            "prevented <- sum(cf) - sum(d$y[after])\n"
            "# otherwise, from the ratio rr of the estimate that judges the criterion\n"
            "prevented <- observed_after * (1 / rr - 1)\n"
            "cost / prevented\n"
            "cost / (observed_after * (1 / c(rr_low, rr_high) - 1))");

    /* A method with no subsection above (one added later) is still named, so the
     * section never leaves a method of the results unmentioned. */
    struct strbuf other = STRBUF_INIT;
    for (size_t i = 0; i < res->n; i++) {
        const char *m = res->rows[i].method;
        char key[80];
        snprintf(key, sizeof(key), " %s ", m);
        bool known = !strcmp(m, "describe");
        for (size_t k = 0; k < sizeof(DOCS) / sizeof(DOCS[0]) && !known; k++)
            known = strstr(DOCS[k].methods, key) != NULL;
        if (known)
            continue;
        /* listed already?  (few such methods: a search of the list is cheap) */
        struct strbuf list = STRBUF_INIT;
        strbuf_addf(&list, ", %s, ", other.buf);
        snprintf(key, sizeof(key), ", %s, ", m);
        if (!strstr(list.buf, key))
            strbuf_addf(&other, "%s%s", other.len ? ", " : "", m);
        strbuf_release(&list);
    }
    if (other.len)
        doc_paragraph(d,
                      L(c, "Övriga metoder i resultaten: %s (beskrivna i docs/results.md och "
                           "docs/methods/).",
                        "Other methods in the results: %s (described in docs/results.md and "
                        "docs/methods/)."),
                      other.buf);
    strbuf_release(&other);

    doc_heading(d, 3, "multiple-comparisons", L(c, "Flera jämförelser", "Multiple comparisons"));
    doc_paragraph(d, "%s",
                  L(c, "Beslutskriterierna är bestämda i förväg och bedöms var för sig på sitt "
                       "eget intervall, utan justering: varje kriterium svarar på sin egen fråga. "
                       "Där en familj av test visas tillsammans – förändringen i varje grupp av "
                       "en bakgrundsvariabel, varje år mot basåret eller mot året före – justeras p-värdena över "
                       "familjen: tabellerna visar Holms justering (som skyddar mot att något "
                       "test i familjen blir falskt signifikant), och results.csv har både "
                       "Holms och Benjamini–Hochbergs (som begränsar andelen falska "
                       "upptäckter) i kolumnerna p_holm och p_bh. Intervallen justeras inte. "
                       "Ett gruppresultat som bara är signifikant utan justering är en "
                       "hypotes, inte ett fynd.",
                    "The decision criteria were set in advance and are judged one by one on "
                    "their own intervals, without adjustment: each answers its own question. "
                    "Where a family of tests is shown together – the change in each group of a "
                    "background variable, each year against the baseline or the year before – the p-values are "
                    "adjusted over the family: the tables show Holm's adjustment (which guards "
                    "against any test in the family being falsely significant), and "
                    "results.csv has both Holm's and Benjamini–Hochberg's (which limits the "
                    "share of false discoveries) in the columns p_holm and p_bh. Intervals are "
                    "not adjusted. A group result that is significant only without adjustment "
                    "is a hypothesis, not a finding."));
    doc_paragraph(d, "%s", L(c, "I R:", "In R:"));
    doc_code(d, "p.adjust(p, method = \"holm\")\np.adjust(p, method = \"BH\")");
}

/* ------------------------------------------------------------------ by outcome */

/* The remainder after the ": " at p[k] if another paragraph ends with exactly ": " and
 * that remainder; the index of that paragraph, else -1. */
static long same_tail(const struct doc *d, size_t i, const char *tail)
{
    size_t tl = strlen(tail);
    for (size_t j = i + 1; j < d->n; j++) {
        const struct doc_block *b = &d->blocks[j];
        if (b->kind != DOC_PARAGRAPH || !b->text)
            continue;
        size_t n = strlen(b->text);
        if (n > tl + 2 && !strcmp(b->text + n - tl, tail) && !strncmp(b->text + n - tl - 2, ": ", 2))
            return (long)j;
    }
    return -1;
}

void methods_merge_by_outcome(struct doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        struct doc_block *b = &d->blocks[i];
        if (b->kind != DOC_PARAGRAPH || !b->text)
            continue;
        /* the earliest ": " whose remainder another paragraph shares: the longest
         * common method text (a title may itself hold ": ") */
        for (const char *p = strstr(b->text, ": "); p; p = strstr(p + 1, ": ")) {
            const char *tail = p + 2;
            if (!*tail || same_tail(d, i, tail) < 0)
                continue;
            struct strbuf titles = STRBUF_INIT, text = STRBUF_INIT;
            strbuf_add(&titles, b->text, (size_t)(p - b->text));
            char *shared = xstrdup(tail);
            size_t tl = strlen(shared);
            long j;
            while ((j = same_tail(d, i, shared)) >= 0) {
                struct doc_block *o = &d->blocks[j];
                size_t title_len = strlen(o->text) - tl - 2;
                strbuf_addstr(&titles, "; ");
                strbuf_add(&titles, o->text, title_len);
                free(o->text);
                o->text = NULL; /* merged: dropped below */
            }
            strbuf_addf(&text, "%s: %s", titles.buf, shared);
            free(b->text);
            b->text = strbuf_detach(&text);
            strbuf_release(&titles);
            free(shared);
            break;
        }
    }
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->blocks[i].kind == DOC_PARAGRAPH && !d->blocks[i].text) {
            free(d->blocks[i].id);
            continue;
        }
        d->blocks[k++] = d->blocks[i];
    }
    d->n = k;
}

/* ------------------------------------------------------------------ glossary */

struct term {
    const char *trigger_sv, *trigger_en; /* a text that shows the term is used */
    const char *term_sv, *term_en;
    const char *text_sv, *text_en;
};

static const struct term TERMS[] = {
    {"konfidensintervall", "confidence interval", "Konfidensintervall (KI)",
     "Confidence interval (CI)",
     "Ett intervall räknat så att det vid upprepade undersökningar skulle innehålla det sanna "
     "värdet så ofta som nivån anger (t.ex. 95\xc2\xa0%). Utesluter intervallet ingen förändring (0 "
     "för skillnader, 1 för kvoter) är förändringen statistiskt säkerställd.",
     "An interval computed so that over repeated studies it would contain the true value as "
     "often as its level says (e.g. 95%). If it excludes no change (0 for differences, 1 for "
     "ratios) the change is statistically clear."},
    {"p.e.", " pp", "Procentenheter (p.e.)", "Percentage points (pp)",
     "Skillnaden mellan två andelar: från 30\xc2\xa0% till 25\xc2\xa0% är \xe2\x88\x92" "5 "
     "procentenheter (men \xe2\x88\x92" "17\xc2\xa0%).",
     "The difference between two shares: from 30% to 25% is \xe2\x88\x92" "5 percentage points "
     "(but \xe2\x88\x92" "17%)."},
    {"p-värde", "p-value", "p-värde", "p-value",
     "Sannolikheten att få en minst lika stor skillnad om det i själva verket inte fanns "
     "någon. Ett litet p-värde (under 0,05) talar emot slumpen.",
     "The probability of a difference at least this large if there were in fact none. A small "
     "p-value (below 0.05) speaks against chance."},
    {"Holm", "Holm", "Holm, Benjamini–Hochberg (BH)", "Holm, Benjamini–Hochberg (BH)",
     "Justeringar av p-värden när flera test görs tillsammans; se Flera jämförelser.",
     "Adjustments of p-values when several tests are made together; see Multiple comparisons."},
    {"kvot", "ratio", "Kvot", "Ratio",
     "Ett tal delat med ett annat: 1 är ingen förändring, 0,75 är 25\xc2\xa0% lägre, 1,20 är 20\xc2\xa0% "
     "högre.",
     "One number divided by another: 1 is no change, 0.75 is 25% lower, 1.20 is 20% higher."},
    {"kvot av kvoter", "ratio of rate ratios", "Kvot av kvoter",
     "Ratio of rate ratios",
     "Målområdets kvot efter/före delad med jämförelseområdets; se DiD.",
     "The target area's after/before ratio divided by the comparison area's; see DiD."},
    {"DiD", "DiD", "DiD (skillnad i skillnader)", "DiD (difference-in-differences)",
     "Förändringen i målområdet jämförd med förändringen i ett jämförelseområde, så att det som "
     "hände i båda inte tillskrivs insatsen.",
     "The change in the target area compared with the change in a comparison area, so that "
     "what happened in both is not credited to the measure."},
    {"RES", "RES", "RES (relativ effektstorlek)", "RES (relative effect size)",
     "Jämförelseområdets kvot efter/före delad med målområdets; över 1 är en relativ "
     "förbättring i målområdet.",
     "The comparison area's after/before ratio divided by the target area's; above 1 is a "
     "relative improvement in the target area."},
    {"WDQ", "WDQ", "WDQ (viktad förskjutningskvot)", "WDQ (weighted displacement quotient)",
     "Hur buffertområdet ändrades jämfört med målområdet: över 0 spreds nyttan dit, under 0 "
     "flyttade problemen dit.",
     "How the buffer area changed against the target area: above 0 the benefit spread there, "
     "below 0 the problems moved there."},
    {"WDD", "WDD", "WDD (viktad förskjutningsdifferens)",
     "WDD (weighted displacement difference)",
     "Fall per månad färre (under 0) eller fler än jämförelseområdet förutsäger, "
     "buffertområdet inräknat.",
     "Cases per month fewer (below 0) or more than the comparison area predicts, buffer "
     "included."},
    {"buffertområde", "buffer", "Buffertområde", "Buffer area",
     "Området runt målområdet dit problem kan flytta (förskjutning) eller nyttan spridas.",
     "The area around the target where problems may move (displacement) or the benefit "
     "spread."},
    {"tidsserie", "time series", "Avbruten tidsserie (ITS)", "Interrupted time series (ITS)",
     "En modell av antalet månad för månad som skattar trenden före starten och hur nivån och "
     "trenden ändrades vid den.",
     "A model of the count month by month that estimates the trend before the start and how "
     "the level and the trend changed at it."},
    {"Nivåförändring", "Level change", "Nivåförändring", "Level change",
     "Hur mycket antalet direkt efter starten skiljer sig från det modellen väntade sig "
     "utan insatsen, som kvot.",
     "How far the count right after the start differs from what the model expected without "
     "the measure, as a ratio."},
    {"Trendförändring", "Slope change", "Trendförändring", "Slope change",
     "Hur den månatliga trenden ändrades från starten, som kvot per månad (under 1: trenden "
     "vek nedåt).",
     "How the monthly trend changed from the start, as a ratio per month (below 1: the trend "
     "turned downwards)."},
    {"överspridning", "overdispersion", "Överspridning (kvasi-Poisson)",
     "Overdispersion (quasi-Poisson)",
     "När antalen varierar mer än ren slump (Poisson) tillåter; intervallen breddas då.",
     "When counts vary more than pure chance (Poisson) allows; the intervals are widened."},
    {"Taylor", "Taylor", "Taylor-linjärisering", "Taylor linearisation",
     "Ett sätt att räkna standardfel för vägda skattningar: skattningen ersätts nära sitt "
     "värde med en rak linje så att urvalsdesignen kan räknas in.",
     "A way to compute standard errors of weighted estimates: near its value the estimate is "
     "replaced by a straight line so that the survey design can be allowed for."},
    {"Maryland", "Maryland", "Maryland-skalan", "Maryland scale",
     "Designens styrka 1–5 (Sherman m.fl. 1997): 2 = före–efter utan jämförelse, 3 = med "
     "jämförelseområde, 5 = slumpad försöksplan.",
     "The design's strength 1–5 (Sherman et al. 1997): 2 = before–after without comparison, "
     "3 = with a comparison area, 5 = randomised."},
    {"Placebo", "Placebo", "Placebotest", "Placebo test",
     "Samma analys med påhittade startdatum före den verkliga starten; visar om förändringar "
     "av samma storlek är vanliga utan insats.",
     "The same analysis with made-up start dates before the real start; shows whether "
     "changes of that size are common without any measure."},
    {"RMSPE", "RMSPE", "RMSPE", "RMSPE",
     "Roten ur medelkvadratfelet: hur långt det syntetiska jämförelseområdet i genomsnitt ligger "
     "från målområdet, i samma enhet som serien.",
     "The root mean squared prediction error: how far the synthetic comparison area lies from "
     "the target on average, in the series' own unit."},
    {"syntetisk", "synthetic", "Syntetiskt jämförelseområde", "Synthetic comparison area",
     "En viktad kombination av områden utan insatsen som följer målområdet före starten; se "
     "Metoder.",
     "A weighted combination of areas without the measure that follows the target before the "
     "start; see Methods."},
    {"Oddskvot", "Odds ratio", "Oddskvot", "Odds ratio",
     "Hur oddset (andel ja / andel nej) ändras, t.ex. per år; under 1 minskar andelen.",
     "How the odds (share yes / share no) change, e.g. per year; below 1 the share falls."},
    {"effektivt", "effectively", "Effektivt antal svar", "Effective number of answers",
     "Antalet svar delat med designeffekten: så många svar ett enkelt slumpurval skulle "
     "behöva för samma säkerhet.",
     "The number of answers divided by the design effect: how many answers a simple random "
     "sample would need for the same precision."},
    {"Newcombe", "Newcombe", "Newcombes intervall", "Newcombe's interval",
     "Ett intervall för skillnaden mellan två andelar som fungerar även nära 0 och 100\xc2\xa0%.",
     "An interval for the difference of two shares that works also near 0 and 100%."},
    {"Cliff", "Cliff", "Cliffs delta", "Cliff's delta",
     "Andelen par (ett svar efter, ett före) där svaret efter är sämre minus andelen där det "
     "är bättre; 0 = ingen skillnad.",
     "The share of pairs (one answer after, one before) where the answer after is worse "
     "minus the share where it is better; 0 = no difference."},
    {"Mann–Whitney", "Mann–Whitney", "Mann–Whitney", "Mann–Whitney",
     "Sannolikheten att ett slumpvis svar efter är sämre än ett slumpvis svar före; 0,5 = "
     "ingen skillnad.",
     "The probability that a random answer after is worse than a random answer before; 0.5 = "
     "no difference."},
};

static bool text_has(const char *s, const char *needle)
{
    return s && needle && strstr(s, needle);
}

static bool doc_has(const struct doc *d, const char *needle)
{
    for (size_t i = 0; i < d->n; i++) {
        const struct doc_block *b = &d->blocks[i];
        if (text_has(b->text, needle) || text_has(b->note, needle))
            return true;
        for (size_t k = 0; k < b->n_items; k++)
            if (text_has(b->items[k], needle))
                return true;
        if (b->table) {
            const struct table *t = b->table;
            if (text_has(t->title, needle))
                return true;
            for (size_t k = 0; k < t->n_cols; k++)
                if (text_has(t->cols[k], needle))
                    return true;
            for (size_t k = 0; k < t->n_rows * t->n_cols; k++)
                if (text_has(t->cells[k], needle))
                    return true;
        }
    }
    return false;
}

void methods_glossary(const struct eval_ctx *c, struct doc *d)
{
    const char **keys = xcalloc(sizeof(TERMS) / sizeof(TERMS[0]), sizeof(*keys));
    const char **values = xcalloc(sizeof(TERMS) / sizeof(TERMS[0]), sizeof(*values));
    size_t n = 0;
    for (size_t k = 0; k < sizeof(TERMS) / sizeof(TERMS[0]); k++) {
        const struct term *t = &TERMS[k];
        if (!doc_has(d, L(c, t->trigger_sv, t->trigger_en)))
            continue;
        keys[n] = L(c, t->term_sv, t->term_en);
        values[n] = L(c, t->text_sv, t->text_en);
        n++;
    }
    if (n) {
        doc_heading(d, 2, "glossary", L(c, "Ordlista", "Glossary"));
        doc_keyvalue(d, keys, values, n);
    }
    free(keys);
    free(values);
}
