/*
 * category — see category.h.  Keys follow Brå's categories as DOMAIN.md lists them;
 * matching is on a prefix so "narkotika_innehav" inherits from "narkotika".
 */
#include "store/category.h"

#include <string.h>

static const struct {
    const char *prefix;
    struct category_default d;
} known[] = {
    {"narkotika", {"police", "Narkotikabrott", "Drug offences"}},
    {"knivlagen", {"police", "Brott mot knivlagen", "Knife-law offences"}},
    {"kniv", {"police", "Knivbrott", "Knife offences"}},
    {"vapen", {"police", "Vapenbrott", "Weapons offences"}},
    {"rattfylleri", {"police", "Rattfylleri", "Drink driving"}},
    {"trafik", {"police", "Trafikbrott", "Traffic offences"}},
    {"skadegorelse", {"victim", "Skadegörelse", "Criminal damage"}},
    {"klotter", {"victim", "Klotter", "Graffiti"}},
    {"bilbrand", {"victim", "Bilbränder", "Car fires"}},
    {"misshandel", {"victim", "Misshandel", "Assault"}},
    {"olaga_hot", {"victim", "Olaga hot", "Unlawful threats"}},
    {"ran", {"victim", "Rån", "Robbery"}},
    {"stold", {"victim", "Stöld", "Theft"}},
    {"inbrott", {"victim", "Inbrott", "Burglary"}},
    {"bostadsinbrott", {"victim", "Bostadsinbrott", "Residential burglary"}},
    {"ordningsstorning", {"victim", "Ordningsstörningar", "Disturbances"}},
    {"samtliga", {"victim", "Samtliga brott", "All offences"}},
    {"besok", {"activity", "Besök", "Visitors"}},
    {"coach_pass", {"activity", "Trygghetscoachpass", "Safety-coach shifts"}},
    {"coach_kontakter", {"activity", "Trygghetscoachkontakter", "Safety-coach contacts"}},
    {"coach", {"activity", "Trygghetscoacher", "Safety coaches"}},
    {"nattvandring", {"activity", "Nattvandring", "Night walking"}},
    {"faltare", {"activity", "Fältarbete", "Youth field work"}},
    {"pass", {"activity", "Pass", "Shifts"}},
    {"incident_gard", {"victim", "Incidenter på fritidsgården", "Incidents at the youth centre"}},
};

struct category_default category_defaults(const char *key, size_t len)
{
    size_t best = 0, best_len = 0;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        size_t pl = strlen(known[i].prefix);
        if (pl <= len && pl > best_len && !memcmp(key, known[i].prefix, pl) &&
            (pl == len || key[pl] == '_' || key[pl] == '-')) {
            best = i;
            best_len = pl;
        }
    }
    if (best_len)
        return known[best].d;
    struct category_default unknown = {"unknown", NULL, NULL};
    return unknown;
}
