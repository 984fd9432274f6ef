/*
 * compound_sv — see compound_sv.h.
 */
#include "report/compound_sv.h"

#include <stdlib.h>
#include <string.h>

/* Stems that make Swedish compounds in the reports' domain, as they stand first in a
 * compound (a linking s is the algorithm's; "givar" beside "givare"), with the parts of
 * Swedish place names (öster, skär, berg, näs ...: an English report hyphenates area
 * names as Swedish, report/langspan.h).  Sorted by
 * bytes (strcmp) for bsearch.  A stem belongs here when it is a word of its own: a
 * suffix ("het", "ning") or a short common word that begins many unrelated words
 * ("del", "tal") would split words that are no compounds. */
static const char *const STEMS[] = {
    "aktivitet", "alternativ", "analys", "andel", "anmälan", "anmärkning", "anpassning",
    "ansvar", "antagande", "antal", "arbete", "auto", "avgift", "avgränsning", "avstånd",
    "avvikelse", "bakgrund", "band", "barn", "bedömning", "befolkning", "begränsning",
    "behandling", "berg", "berga", "beräkning", "beslut", "bestämd", "besök", "bilbrand",
    "binomial", "bootstrap", "bostad", "brand", "brott", "budget", "buffert", "butik",
    "bygg", "cell", "centrum", "coach", "dal", "data", "datum", "definition", "delta",
    "design", "diagram", "differens", "dokument", "effekt", "ekonomi", "enhet", "enkät",
    "ersättning", "exponering", "fall", "fel", "fil", "frihet", "fritid", "fråga", "frågor",
    "fält", "förbättring", "fördel", "fördelning", "fördröjning", "förebyggande", "förhand",
    "förklaring", "förlopp", "förmåga", "förskjutning", "förslag", "försäljning",
    "försämring", "försök", "förvaltning", "förväntning", "förändring", "gata", "givar",
    "givare", "grupp", "gräns", "gärde", "gård", "hamn", "handel", "handling", "helg",
    "holm", "huvud", "händelse", "incident", "index", "indikator", "information", "insats",
    "intervall", "intervention", "invånare", "jämförbar", "jämförelse", "kategori",
    "knivlag", "kodbok", "kommun", "kommunal", "konfidens", "kontakt", "kontor", "kontroll",
    "korrelation", "kostnad", "kravall", "kriteri", "kvadrat", "kvartal", "kvarter", "kvot",
    "känslighet", "larm", "linje", "logit", "lokal", "lund", "lutning", "läge", "lägenhet",
    "medel", "metod", "miljö", "minskning", "misshandel", "modell", "mätning", "mål",
    "månad", "mörker", "narkotika", "natt", "nivå", "normal", "norr", "nämnd", "närvaro",
    "näs", "odds", "olycka", "omfattning", "omgivning", "område", "ordning", "oro",
    "osäkerhet", "otrygghet", "park", "pass", "period", "person", "placebo", "plan",
    "plats", "poisson", "polis", "problem", "procent", "prognos", "punkt", "quasi",
    "rapport", "register", "registrering", "regression", "residual", "resultat", "risk",
    "rån", "samband", "samhälle", "samverkan", "sektion", "serie", "signifikans", "sjö",
    "skada", "skadegörelse", "skala", "skattning", "skillnad", "skog", "skola", "skär",
    "skärgård", "slump", "spridning", "stad", "standard", "start", "statistik", "storlek",
    "strand", "stöld", "störning", "summa", "svar", "system", "säkerhet", "säsong", "sätt",
    "söder", "tabell", "tecken", "test", "tid", "tidpunkt", "tillgång", "tjänst", "torp",
    "trafik", "trend", "trygghet", "underlag", "undersökning", "uppföljning", "uppgift",
    "upptäckt", "urval", "utfall", "utgång", "utsatthet", "utveckling", "utvärdering",
    "vandring", "variabel", "variation", "vecka", "verksamhet", "version", "vik", "vikt",
    "väg", "värde", "väster", "våg", "våld", "ändring", "äng", "ålder", "år", "åtgärd",
    "ökning", "öster", "över", "övervakning",
};

#define N_STEMS (sizeof(STEMS) / sizeof(STEMS[0]))
/* At most this many letters of inflection after the last part ("erna", "ernas"). */
#define MAX_ENDING 5
/* Parts of fewer characters are no stems of the list. */
#define MIN_STEM 2

struct key {
    const char *s;
    size_t len;
};

static int cmp_key(const void *k, const void *e)
{
    const struct key *key = k;
    const char *stem = *(const char *const *)e;
    int c = strncmp(key->s, stem, key->len);
    if (c != 0)
        return c;
    return stem[key->len] == '\0' ? 0 : -1; /* the key is a proper prefix: it sorts first */
}

static bool is_stem(const char *s, size_t len)
{
    struct key k = {s, len};
    return bsearch(&k, STEMS, N_STEMS, sizeof(STEMS[0]), cmp_key) != NULL;
}

int compound_sv_split(const char *lc, const size_t *starts, size_t n, bool *bound)
{
    if (n < 2 * MIN_STEM || n > COMPOUND_MAX_CHARS)
        return 0;
    /* Of the ways parts make lc[i..n), the one with the shortest inflection after its
     * last part (slump|urval, not slump + "urval" as an ending; bakgrund|s|variabel,
     * not bakgrund|svar|iabel), and of those the one with the fewest parts: best[i]
     * parts (NONE: no way) and ending[i] letters; next[i]: where its first part ends,
     * its linking s included (n for the last part). */
    enum { NONE = 1 << 20 };
    int best[COMPOUND_MAX_CHARS + 1];
    size_t ending[COMPOUND_MAX_CHARS + 1], next[COMPOUND_MAX_CHARS + 1];
    ending[n] = NONE;
    best[n] = NONE;
    for (size_t i = n; i-- > 0;) {
        best[i] = NONE;
        ending[i] = NONE;
#define BETTER(p, e) ((e) < ending[i] || ((e) == ending[i] && (p) < best[i]))
        for (size_t j = i + MIN_STEM; j <= n; j++) {
            if (!is_stem(lc + starts[i], starts[j] - starts[i]))
                continue;
            /* the last part, maybe inflected */
            if (n - j <= MAX_ENDING && BETTER(1, n - j)) {
                best[i] = 1;
                ending[i] = n - j;
                next[i] = n;
            }
            /* a part followed by more parts, directly or after a linking s */
            if (j < n && best[j] < NONE && BETTER(best[j] + 1, ending[j])) {
                best[i] = best[j] + 1;
                ending[i] = ending[j];
                next[i] = j;
            }
            if (j + 1 < n && lc[starts[j]] == 's' && best[j + 1] < NONE &&
                BETTER(best[j + 1] + 1, ending[j + 1])) {
                best[i] = best[j + 1] + 1;
                ending[i] = ending[j + 1];
                next[i] = j + 1;
            }
        }
#undef BETTER
    }
    if (best[0] >= NONE || best[0] < 2)
        return best[0] >= NONE ? 0 : best[0];
    for (size_t i = 0; next[i] < n; i = next[i])
        bound[next[i] - 1] = true;
    return best[0];
}
