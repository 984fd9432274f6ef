/*
 * fuzz_spec — the analysis spec (analysis/NAME.ini): spec_load() on its own, then, for a
 * spec that loads, spec_check() against a small database built once per process (a
 * survey with two waves, areas and a background variable, incident series and an
 * intervention), so the names a spec refers to are looked up for real.
 */
#include <stdlib.h>
#include <string.h>

#include "eval/spec.h"
#include "fuzz.h"
#include "store/import.h"

static const char fuzz_spec_codebook[] =
    "[survey]\nid = trygg\ntitle.sv = Trygghet\n"
    "[columns]\nrespondent = id\nwave = ar\narea = omrade\nweight = vikt\n"
    "[area]\nvalue.1 = Centrum\nvalue.2 = Norr\n"
    "[background KON]\nvalue.1 = Man | Man\nvalue.2 = Kvinna | Woman\n"
    "[question T01]\ntext.sv = Trygg?\nvalue.1 = Trygg\nvalue.2 = Otrygg\n"
    "missing.9 = Vet ej\nindicator = 2\n";
static const char fuzz_spec_survey[] =
    "id;ar;omrade;vikt;KON;T01\n1;2017;1;1;1;1\n2;2017;2;1,5;2;2\n3;2017;1;1;2;9\n"
    "1;2019;1;1;1;2\n2;2019;2;2;2;1\n3;2019;2;1;1;1\n";
static const char fuzz_spec_incidents[] =
    "period,area,category,count,exposure\n"
    "2018-11,Centrum,narkotika,4,5000\n2018-12,Centrum,narkotika,6,5000\n"
    "2019-01,Centrum,narkotika,3,5000\n2019-02,Centrum,narkotika,2,5000\n"
    "2018-11,Norr,narkotika,1,3000\n2018-12,Norr,narkotika,2,3000\n"
    "2019-01,Norr,narkotika,2,3000\n2019-02,Norr,narkotika,1,3000\n"
    "2019-01-01,Centrum,besok,40,\n2019-01-02,Centrum,besok,35,\n";
static const char fuzz_spec_interventions[] =
    "name,area,start,end,yearly_cost_sek\ntrygghetscoacher,Centrum,2019-01-01,,2352000\n";

static struct store *fuzz_spec_store;

static void fuzz_spec_close(void)
{
    store_close(fuzz_spec_store);
}

static struct store *fuzz_spec_db(void)
{
    if (fuzz_spec_store)
        return fuzz_spec_store;
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(":memory:", STORE_WRITE, &dl);
    struct import_options io;
    memset(&io, 0, sizeof(io));
    struct import_report rep;
    const char *cb = fuzz_write_temp(4, ".ini", fuzz_spec_codebook, strlen(fuzz_spec_codebook));
    const char *sv = fuzz_write_temp(5, ".csv", fuzz_spec_survey, strlen(fuzz_spec_survey));
    if (!st || import_survey(st, cb, sv, &io, &rep, &dl) != IMPORT_OK)
        abort();
    const char *in = fuzz_write_temp(5, ".csv", fuzz_spec_incidents, strlen(fuzz_spec_incidents));
    if (import_incidents(st, in, &io, &rep, &dl) != IMPORT_OK)
        abort();
    const char *iv =
        fuzz_write_temp(5, ".csv", fuzz_spec_interventions, strlen(fuzz_spec_interventions));
    if (import_interventions(st, iv, &io, &rep, &dl) != IMPORT_OK)
        abort();
    diag_list_release(&dl);
    fuzz_spec_store = st;
    atexit(fuzz_spec_close);
    return st;
}

FUZZ_TARGET(spec)
{
    struct store *st = fuzz_spec_db();
    const char *path = fuzz_write_temp(6, ".ini", data, size);
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct spec *sp = spec_load(path, &dl);
    if (sp) {
        if (diag_has_errors(&dl))
            abort();
        for (size_t i = 0; i < sp->n_outcomes; i++)
            if (spec_outcome(sp, sp->outcomes[i].id) == NULL)
                abort();
        (void)spec_check(sp, st, &dl);
        spec_free(sp);
    } else if (!diag_has_errors(&dl)) {
        abort();
    }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < dl.n; i++)
        diag_format(&dl.items[i], &sb);
    strbuf_release(&sb);
    diag_list_release(&dl);
    return 0;
}
