/*
 * wording — see wording.h.
 */
#include "eval/wording.h"

#include <math.h>

#include "eval/format.h"

bool interval_excludes(const struct stat_result *r, double no_change)
{
    if (isnan(r->conf_low) || isnan(r->conf_high))
        return false;
    return r->conf_low > no_change || r->conf_high < no_change;
}

/* "; the interval excludes no change" or "; the interval includes no change". */
static void certainty(const struct eval_ctx *c, const struct stat_result *r, double no_change,
                      struct strbuf *out)
{
    if (isnan(r->conf_low) || isnan(r->conf_high)) {
        strbuf_addstr(out, L(c, " (inget intervall)", " (no interval)"));
        return;
    }
    if (interval_excludes(r, no_change))
        strbuf_addstr(out, L(c, "; intervallet utesluter ingen förändring",
                             "; the interval excludes no change"));
    else
        strbuf_addstr(out, L(c, "; intervallet rymmer ingen förändring (kan vara slumpen)",
                             "; the interval includes no change (could be chance)"));
}

bool ratio_is_multiple(double rr)
{
    return isfinite(rr) && rr >= 2;
}

void ratio_size_text(const struct eval_ctx *c, double rr, int decimals, bool counts,
                     struct strbuf *out)
{
    if (ratio_is_multiple(rr)) { /* "152 % higher" reads as less than it is */
        strbuf_addf(out, counts ? L(c, "%s gånger så många", "%s times as many")
                                : L(c, "%s gånger så högt", "%s times as high"),
                    fmt_num(c->lang, rr, rr < 9.95 ? 1 : 0));
        return;
    }
    strbuf_addf(out, "%s %s", fmt_pct(c->lang, fabs(rr - 1), decimals),
                rr < 1 ? (counts ? L(c, "färre", "fewer") : L(c, "lägre", "lower"))
                       : (counts ? L(c, "fler", "more") : L(c, "högre", "higher")));
}

void ratio_against_text(const struct eval_ctx *c, double rr, int decimals, const char *than_sv,
                        const char *than_en, struct strbuf *out)
{
    ratio_size_text(c, rr, decimals, false, out);
    strbuf_addf(out, ratio_is_multiple(rr) ? L(c, " som %s", " as %s") : L(c, " än %s", " than %s"),
                L(c, than_sv, than_en));
}

/* "28 % lower" / "12 % higher" / "2,5 times as high" / "about the same" for a ratio. */
static void ratio_change(const struct eval_ctx *c, double rr, int decimals, struct strbuf *out,
                         bool counts)
{
    double d = rr - 1;
    if (fabs(d) * 100 < 0.5 * pow(10, -decimals))
        strbuf_addstr(out, L(c, "i stort sett oförändrat", "about the same"));
    else
        ratio_size_text(c, rr, decimals, counts, out);
}

void reading_text(const struct eval_ctx *c, enum reading_kind kind, const struct stat_result *r,
                  bool rate, struct strbuf *out)
{
    double x = r->estimate;
    switch (kind) {
    case READ_RATE_RATIO:
        if (rate) {
            strbuf_addstr(out, L(c, "antal per invånare och månad efter mot före: ",
                                 "rate per resident and month after vs before: "));
            ratio_change(c, x, 0, out, false);
        } else {
            strbuf_addstr(out, L(c, "antal per månad efter mot före: ",
                                 "count per month after vs before: "));
            ratio_change(c, x, 0, out, true);
        }
        certainty(c, r, 1, out);
        return;
    case READ_LEVEL:
        strbuf_addstr(out, L(c, "direkt efter starten, mot det väntade: ",
                             "right after the start, against the expected: "));
        ratio_change(c, x, 0, out, false);
        certainty(c, r, 1, out);
        return;
    case READ_SLOPE:
        if (fabs(x - 1) < 0.0005)
            strbuf_addstr(out, L(c, "trenden oförändrad", "the trend unchanged"));
        else
            strbuf_addf(out,
                        x < 1 ? L(c, "trenden vek nedåt: %s lägre per månad än trenden före",
                                  "the trend turned downwards: %s lower a month than the trend "
                                  "before")
                              : L(c, "trenden vek uppåt: %s högre per månad än trenden före",
                                  "the trend turned upwards: %s higher a month than the trend "
                                  "before"),
                        fmt_pct(c->lang, fabs(x - 1), 1));
        certainty(c, r, 1, out);
        return;
    case READ_DID:
        strbuf_addstr(out, L(c, "målområdet mot jämförelseområdets utveckling: ",
                             "the target against the comparison area's change: "));
        ratio_change(c, x, 0, out, false);
        certainty(c, r, 1, out);
        return;
    case READ_RES:
    case READ_RES_OD:
        if (fabs(x - 1) < 0.005)
            strbuf_addstr(out, L(c, "ingen relativ skillnad", "no relative difference"));
        else
            strbuf_addstr(out, x > 1 ? L(c, "relativ förbättring i målområdet",
                                         "relative improvement in the target area")
                                     : L(c, "relativ försämring i målområdet",
                                         "relative worsening in the target area"));
        if (kind == READ_RES_OD)
            strbuf_addstr(out, L(c, ", försiktigare intervall", ", the more cautious interval"));
        certainty(c, r, 1, out);
        return;
    case READ_WDQ:
        if (fabs(x) < 0.005)
            strbuf_addstr(out, L(c, "ingen förskjutning och ingen spridning av nytta",
                                 "neither displacement nor diffusion of benefit"));
        else
            strbuf_addstr(out, x > 0 ? L(c, "spridning av nytta till buffertområdet",
                                         "diffusion of benefit to the buffer area")
                                     : L(c, "förskjutning till buffertområdet",
                                         "displacement into the buffer area"));
        certainty(c, r, 0, out);
        return;
    case READ_WDD:
        if (fabs(x) < 0.005)
            strbuf_addstr(out, L(c, "lika många fall som jämförelseområdet förutsäger",
                                 "as many cases as the comparison area predicts"));
        else
            strbuf_addf(out,
                        x < 0 ? L(c, "%s färre fall per månad än jämförelseområdet förutsäger, "
                                     "buffertområdet inräknat",
                                  "%s fewer cases a month than the comparison area predicts, "
                                  "buffer included")
                              : L(c, "%s fler fall per månad än jämförelseområdet förutsäger, "
                                     "buffertområdet inräknat",
                                  "%s more cases a month than the comparison area predicts, "
                                  "buffer included"),
                        fmt_num(c->lang, fabs(x), 1));
        certainty(c, r, 0, out);
        return;
    }
}

void rule_words(const struct eval_ctx *c, const struct criterion *cr, bool ratio,
                bool share_diff, struct strbuf *out)
{
    switch (cr->bound) {
    case BOUND_ESTIMATE:
        strbuf_addstr(out, L(c, "skattningen", "the estimate"));
        break;
    case BOUND_CONF_LOW:
        strbuf_addstr(out, L(c, "intervallets nedre gräns", "the interval's lower bound"));
        break;
    case BOUND_CONF_HIGH:
        strbuf_addstr(out, L(c, "intervallets övre gräns", "the interval's upper bound"));
        break;
    }
    const char *op = "";
    switch (cr->op) {
    case OP_LT:
        op = L(c, "under", "below");
        break;
    case OP_LE:
        op = L(c, "högst", "at most");
        break;
    case OP_GT:
        op = L(c, "över", "above");
        break;
    case OP_GE:
        op = L(c, "minst", "at least");
        break;
    }
    /* the value as written: no more decimals than it has ("1", "0.05", "-2.5") */
    double shown = share_diff ? cr->value * 100 : cr->value;
    int decimals = 0;
    while (decimals < 6 && fabs(shown * pow(10, decimals) - round(shown * pow(10, decimals))) > 1e-9)
        decimals++;
    const char *value = fmt_num(c->lang, shown, decimals);
    if (share_diff && cr->value != 0)
        value = fmt_text("%s %s", value, L(c, "procentenheter", "percentage points"));
    strbuf_addf(out, " %s %s", op, value);
    /* what a bound beyond "no change" means */
    double none = ratio ? 1 : 0;
    if (cr->value == none && cr->bound != BOUND_ESTIMATE) {
        bool below = cr->op == OP_LT || cr->op == OP_LE;
        if (cr->bound == BOUND_CONF_HIGH && below)
            strbuf_addstr(out, L(c, " (hela intervallet visar en minskning)",
                                 " (the whole interval shows a fall)"));
        else if (cr->bound == BOUND_CONF_LOW && !below)
            strbuf_addstr(out, L(c, " (hela intervallet visar en ökning)",
                                 " (the whole interval shows a rise)"));
    }
}

/* A number of cases against what was expected, in words with its direction: "89 fewer"
 * or "12 more" ("0" when it rounds to none). */
static void cases_word(const struct eval_ctx *c, double x, struct strbuf *sb)
{
    double r = round(x);
    if (r == 0)
        strbuf_addstr(sb, "0");
    else
        strbuf_addf(sb, "%s %s", fmt_num(c->lang, fabs(r), 0),
                    r > 0 ? L(c, "färre", "fewer") : L(c, "fler", "more"));
}

/*
 * Prevented cases (counterfactual - observed) with their interval, each end said with
 * its direction, so no reader has to know the sign convention: "89 fewer than expected
 * (interval from 13 more to 192 fewer)", "90 fewer than expected (interval 25 to 172
 * fewer)", "12 more than expected (interval 3 to 20 more)".
 */
void cases_vs_expected(const struct eval_ctx *c, const struct stat_result *pr, const char *noun,
                       struct strbuf *sb)
{
    if (!noun || !*noun)
        noun = L(c, "fall", "cases");
    cases_word(c, pr->estimate, sb);
    if (round(pr->estimate) != 0)
        strbuf_addf(sb, L(c, " %s än väntat", " %s than expected"), noun);
    else
        strbuf_addf(sb, L(c, " %s fler eller färre än väntat", " %s more or fewer than expected"),
                    noun);
    if (!isfinite(pr->conf_low) || !isfinite(pr->conf_high))
        return;
    double lo = round(pr->conf_low), hi = round(pr->conf_high);
    if (lo > 0 || hi < 0) { /* one direction: "interval 25 to 172 fewer" */
        double a = lo > 0 ? lo : -hi, b = lo > 0 ? hi : -lo;
        strbuf_addf(sb, L(c, " (intervall %s till %s %s)", " (interval %s to %s %s)"),
                    fmt_num(c->lang, a, 0), fmt_num(c->lang, b, 0),
                    lo > 0 ? L(c, "färre", "fewer") : L(c, "fler", "more"));
        return;
    }
    strbuf_addstr(sb, L(c, " (intervall från ", " (interval from "));
    cases_word(c, lo, sb);
    strbuf_addstr(sb, L(c, " till ", " to "));
    cases_word(c, hi, sb);
    strbuf_addch(sb, ')');
}
