/*
 * make_statfiles OUTDIR — writes the SPSS and Stata test files for
 * tests/e2e/test_statfile.c with ReadStat's own writer (nothing is downloaded), and
 * the same data as CSV with a hand-written codebook:
 *
 *   OUTDIR/survey.sav    SPSS: variable labels, value labels, user-missing 8 and 9
 *                        ("Vet ej", "Ej svar"), system-missing cells, a text variable
 *   OUTDIR/survey.zsav   the same, compressed (ZSAV)
 *   OUTDIR/survey.dta    Stata 118 (value labels; Stata has no user-missing codes,
 *                        so 8 and 9 are plain labelled values there)
 *   OUTDIR/survey.csv    the same cases as CSV, system-missing as empty cells
 *   OUTDIR/survey.ini    a codebook for all of them
 *
 * No .por: the SPSS portable writer of Debian 12's ReadStat 1.1.8 crashes; the .por
 * test file is PSPP's, made from this survey.sav and committed (tests/data/por/).
 * The values come from a fixed formula.  Built by the Makefile ($(BUILD)/tests/).
 */
#include <errno.h>
#include <readstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_CASES 60

struct out {
    FILE *fp;
};

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
    struct out *o = ctx;
    return fwrite(data, 1, len, o->fp) == len ? (ssize_t)len : -1;
}

/* The case's values; t01 == 0 means system-missing. */
struct row {
    int lopnr, ar, omrade, kon, t01, p08;
    double vikt;
    const char *comment;
};

static struct row make_row(int i)
{
    struct row r;
    r.lopnr = 1000 + i;
    r.ar = i < N_CASES / 2 ? 2019 : 2020;
    r.omrade = 1 + (i * 7) % 2;
    r.kon = 1 + (i * 5 / 3) % 2;
    static const int t01[] = {1, 2, 3, 4, 2, 1, 9, 3, 2, 8, 0, 1, 4};
    static const int p08[] = {1, 2, 3, 4, 8, 9, 0, 2};
    r.t01 = t01[i % 13];
    r.p08 = p08[(i * 3) % 8];
    r.vikt = 0.5 + (double)((i * 37) % 20) / 8.0;
    r.comment = i % 4 == 0 ? "lugnt i centrum" : "";
    return r;
}

enum kind { SAV, ZSAV, DTA };

static int write_file(const char *dir, const char *name, enum kind kind)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    struct out o = {fopen(path, "wb")};
    if (!o.fp) {
        fprintf(stderr, "make_statfiles: %s: %s\n", path, strerror(errno));
        return -1;
    }
    readstat_writer_t *w = readstat_writer_init();
    readstat_set_data_writer(w, write_bytes);
    readstat_writer_set_file_label(w, "Trygghetsundersokning (test)");
    readstat_writer_set_file_timestamp(w, 1561939200); /* 2019-07-01 */
    if (kind == ZSAV)
        readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY);

    readstat_label_set_t *l_area = readstat_add_label_set(w, READSTAT_TYPE_INT32, "omrade");
    readstat_label_int32_value(l_area, 1, "Åkersberga centrum");
    readstat_label_int32_value(l_area, 2, "Söra");
    readstat_label_set_t *l_kon = readstat_add_label_set(w, READSTAT_TYPE_INT32, "kon");
    readstat_label_int32_value(l_kon, 1, "Man");
    readstat_label_int32_value(l_kon, 2, "Kvinna");
    readstat_label_set_t *l_t01 = readstat_add_label_set(w, READSTAT_TYPE_INT32, "trygg");
    readstat_label_int32_value(l_t01, 1, "Mycket trygg");
    readstat_label_int32_value(l_t01, 2, "Ganska trygg");
    readstat_label_int32_value(l_t01, 3, "Ganska otrygg");
    readstat_label_int32_value(l_t01, 4, "Mycket otrygg");
    readstat_label_int32_value(l_t01, 8, "Vet ej");
    readstat_label_int32_value(l_t01, 9, "Ej svar");
    readstat_label_set_t *l_p = readstat_add_label_set(w, READSTAT_TYPE_INT32, "problem");
    readstat_label_int32_value(l_p, 1, "Inget problem");
    readstat_label_int32_value(l_p, 2, "Ett litet problem");
    readstat_label_int32_value(l_p, 3, "Ett ganska stort problem");
    readstat_label_int32_value(l_p, 4, "Ett mycket stort problem");
    readstat_label_int32_value(l_p, 8, "Vet ej");
    readstat_label_int32_value(l_p, 9, "Ej svar");

    readstat_type_t num = kind == DTA ? READSTAT_TYPE_INT32 : READSTAT_TYPE_DOUBLE;
    readstat_variable_t *v_id = readstat_add_variable(w, "LOPNR", num, 0);
    readstat_variable_set_label(v_id, "Löpnummer");
    readstat_variable_t *v_ar = readstat_add_variable(w, "AR", num, 0);
    readstat_variable_set_label(v_ar, "År");
    readstat_variable_t *v_om = readstat_add_variable(w, "OMRADE", num, 0);
    readstat_variable_set_label(v_om, "Område");
    readstat_variable_set_label_set(v_om, l_area);
    readstat_variable_t *v_kon = readstat_add_variable(w, "KON", num, 0);
    readstat_variable_set_label(v_kon, "Kön");
    readstat_variable_set_label_set(v_kon, l_kon);
    readstat_variable_t *v_vikt = readstat_add_variable(w, "VIKT", READSTAT_TYPE_DOUBLE, 0);
    readstat_variable_set_label(v_vikt, "Kalibreringsvikt");
    readstat_variable_t *v_t01 = readstat_add_variable(w, "T01", num, 0);
    readstat_variable_set_label(v_t01, "Hur trygg känner du dig ute ensam sent en kväll?");
    readstat_variable_set_label_set(v_t01, l_t01);
    readstat_variable_t *v_p08 = readstat_add_variable(w, "P08", num, 0);
    readstat_variable_set_label(v_p08, "Öppen narkotikaförsäljning");
    readstat_variable_set_label_set(v_p08, l_p);
    readstat_variable_t *v_txt = readstat_add_variable(w, "KOMMENTAR", READSTAT_TYPE_STRING, 20);
    readstat_variable_set_label(v_txt, "Kommentar");
    if (kind != DTA) {
        /* SPSS user-missing: 8 and 9 (a range for T01, two values for P08) */
        readstat_variable_add_missing_double_range(v_t01, 8, 9);
        readstat_variable_add_missing_double_value(v_p08, 8);
        readstat_variable_add_missing_double_value(v_p08, 9);
    }
    readstat_error_t e;
    switch (kind) {
    case DTA:
        readstat_writer_set_file_format_version(w, 118);
        e = readstat_begin_writing_dta(w, &o, N_CASES);
        break;
    default:
        e = readstat_begin_writing_sav(w, &o, N_CASES);
        break;
    }
    for (int i = 0; i < N_CASES && e == READSTAT_OK; i++) {
        struct row r = make_row(i);
        e = readstat_begin_row(w);
        if (kind == DTA) {
            readstat_insert_int32_value(w, v_id, r.lopnr);
            readstat_insert_int32_value(w, v_ar, r.ar);
            readstat_insert_int32_value(w, v_om, r.omrade);
            readstat_insert_int32_value(w, v_kon, r.kon);
        } else {
            readstat_insert_double_value(w, v_id, r.lopnr);
            readstat_insert_double_value(w, v_ar, r.ar);
            readstat_insert_double_value(w, v_om, r.omrade);
            readstat_insert_double_value(w, v_kon, r.kon);
        }
        readstat_insert_double_value(w, v_vikt, r.vikt);
        if (r.t01 == 0)
            readstat_insert_missing_value(w, v_t01);
        else if (kind == DTA)
            readstat_insert_int32_value(w, v_t01, r.t01);
        else
            readstat_insert_double_value(w, v_t01, r.t01);
        if (r.p08 == 0)
            readstat_insert_missing_value(w, v_p08);
        else if (kind == DTA)
            readstat_insert_int32_value(w, v_p08, r.p08);
        else
            readstat_insert_double_value(w, v_p08, r.p08);
        readstat_insert_string_value(w, v_txt, r.comment);
        if (e == READSTAT_OK)
            e = readstat_end_row(w);
    }
    if (e == READSTAT_OK)
        e = readstat_end_writing(w);
    readstat_writer_free(w);
    if (fclose(o.fp) != 0 && e == READSTAT_OK)
        e = READSTAT_ERROR_WRITE;
    if (e != READSTAT_OK) {
        fprintf(stderr, "make_statfiles: %s: %s\n", path, readstat_error_message(e));
        return -1;
    }
    return 0;
}

static int write_text(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp || fputs(text, fp) == EOF || fclose(fp) != 0) {
        fprintf(stderr, "make_statfiles: %s: %s\n", path, strerror(errno));
        return -1;
    }
    return 0;
}

static const char CODEBOOK[] =
    "; The codebook of the files make_statfiles writes.\n"
    "[survey]\n"
    "id = statfile\n"
    "title.sv = Trygghetsundersökning (test)\n"
    "[columns]\n"
    "respondent = LOPNR\n"
    "wave = AR\n"
    "area = OMRADE\n"
    "weight = VIKT\n"
    "[area]\n"
    "value.1 = Åkersberga centrum\n"
    "value.2 = Söra\n"
    "[background KON]\n"
    "text.sv = Kön\n"
    "value.1 = Man\n"
    "value.2 = Kvinna\n"
    "[question T01]\n"
    "text.sv = Hur trygg känner du dig ute ensam sent en kväll?\n"
    "value.1 = Mycket trygg\n"
    "value.2 = Ganska trygg\n"
    "value.3 = Ganska otrygg\n"
    "value.4 = Mycket otrygg\n"
    "missing.8 = Vet ej\n"
    "missing.9 = Ej svar\n"
    "indicator = 3, 4\n"
    "[question P08]\n"
    "text.sv = Öppen narkotikaförsäljning\n"
    "value.1 = Inget problem\n"
    "value.2 = Ett litet problem\n"
    "value.3 = Ett ganska stort problem\n"
    "value.4 = Ett mycket stort problem\n"
    "missing.8 = Vet ej\n"
    "missing.9 = Ej svar\n"
    "indicator = 3, 4\n";

static int write_csv(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/survey.csv", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fprintf(fp, "LOPNR;AR;OMRADE;KON;VIKT;T01;P08;KOMMENTAR\n");
    for (int i = 0; i < N_CASES; i++) {
        struct row r = make_row(i);
        char t01[8] = "", p08[8] = "";
        if (r.t01)
            snprintf(t01, sizeof(t01), "%d", r.t01);
        if (r.p08)
            snprintf(p08, sizeof(p08), "%d", r.p08);
        fprintf(fp, "%d;%d;%d;%d;%.17g;%s;%s;%s\n", r.lopnr, r.ar, r.omrade, r.kon, r.vikt, t01,
                p08, r.comment);
    }
    return fclose(fp) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_statfiles OUTDIR\n");
        return 2;
    }
    const char *dir = argv[1];
    if (write_file(dir, "survey.sav", SAV) || write_file(dir, "survey.zsav", ZSAV) ||
write_file(dir, "survey.dta", DTA) ||
        write_csv(dir) || write_text(dir, "survey.ini", CODEBOOK))
        return 1;
    return 0;
}
