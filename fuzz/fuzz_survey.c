/*
 * fuzz_survey — survey import: codebook + data file into an in-memory database.
 *
 * Input: a codebook, a line "----", then the data file.  Without the separator the
 * whole input is the data file and the codebook is the one below (the shape of the
 * bundled Österåker codebook: area section, labels, missing and empty codes), so most
 * mutations land in the data, where most of the code is.
 */
#include "fuzz.h"
#include "fuzz_import.h"

static const char fuzz_survey_codebook[] =
    "[survey]\n"
    "id = fuzz\n"
    "title.sv = Trygghetsundersökning\n"
    "[columns]\n"
    "respondent = LOPNR\n"
    "wave = AR\n"
    "area = OMRADE\n"
    "weight = VIKT\n"
    "stratum = STRATUM\n"
    "[area]\n"
    "value.1 = Åkersberga centrum\n"
    "value.2 = Söra\n"
    "[background KON]\n"
    "value.1 = Man | Man\n"
    "value.2 = Kvinna | Woman\n"
    "[question T01]\n"
    "text.sv = Hur trygg känner du dig?\n"
    "value.1 = Mycket trygg | Very safe\n"
    "value.2 = Ganska trygg | Fairly safe\n"
    "value.3 = Ganska otrygg | Fairly unsafe\n"
    "value.4 = Mycket otrygg | Very unsafe\n"
    "value.5 = Går aldrig ut | Never goes out\n"
    "missing.8 = Vet ej | Don't know\n"
    "missing.9 = Ej svar | No answer\n"
    "empty = 9\n"
    "scale = 1-4\n"
    "indicator = 3, 4\n"
    "harmonize = 5:9\n"
    "[question P08]\n"
    "text.sv = Narkotikahandel\n"
    "value.1 = Mycket | A lot\n"
    "value.2 = Ganska | Somewhat\n"
    "value.3 = Inte alls | Not at all\n"
    "score = 1:6, 2:3, 3:0\n"
    "group = problem\n";

FUZZ_TARGET(survey)
{
    const uint8_t *cb = (const uint8_t *)fuzz_survey_codebook, *csv = data;
    size_t cblen = sizeof(fuzz_survey_codebook) - 1, csvlen = size;
    fuzz_split(data, size, &cb, &cblen, &csv, &csvlen);
    const char *cb_path = fuzz_write_temp(0, ".ini", cb, cblen);
    const char *csv_path = fuzz_write_temp(1, ".csv", csv, csvlen);
    fuzz_import(FUZZ_SURVEY, cb_path, csv_path);
    return 0;
}
