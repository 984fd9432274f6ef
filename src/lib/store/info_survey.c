/*
 * info_survey — see store_info_survey in info.h.  The queries are plain text; the
 * survey key is bound.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "store/info.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Runs a query with ?1 = key and adds each row (n_cols text columns) to t. */
static int fill(struct store *st, struct table *t, const char *sql, const char *key,
                struct diag_list *dl)
{
    sqlite3_stmt *s = store_prepare(st, sql, dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    const char *cells[16];
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (size_t c = 0; c < t->n_cols && c < 16; c++)
            cells[c] = store_column_text(s, (int)c);
        table_add_row(t, cells);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, "reading the survey");
}

/* The codes of one variable, "1 Mycket trygg; 2 Ganska trygg; missing 9 Ej svar",
 * and its scale and indicator codes as lists. */
static int codes_of(struct store *st, long long var_id, struct strbuf *codes,
                    struct strbuf *scale, struct strbuf *indicator, struct diag_list *dl)
{
    sqlite3_stmt *s = store_prepare(st,
                                    "SELECT code, label_sv, COALESCE(label_en, ''), is_missing, "
                                    "is_indicator, in_scale FROM variable_value "
                                    "WHERE variable_id = ?1 ORDER BY is_missing, code",
                                    dl);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, var_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int code = sqlite3_column_int(s, 0);
        const char *en = store_column_text(s, 2);
        strbuf_addf(codes, "%s%s%d %s%s%s", codes->len ? "; " : "",
                    sqlite3_column_int(s, 3) ? "missing " : "", code, store_column_text(s, 1),
                    *en ? " | " : "", en);
        if (sqlite3_column_int(s, 5))
            strbuf_addf(scale, "%s%d", scale->len ? "," : "", code);
        if (sqlite3_column_int(s, 4))
            strbuf_addf(indicator, "%s%d", indicator->len ? "," : "", code);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, "reading a variable's codes");
}

/* A number variable (type = number) as "number 16 to 84, whole numbers; bands 16-29,
 * 30-49"; the stored codebook text says it (the variable table holds codes only). */
static void number_of(const struct codebook *cb, const char *id, struct strbuf *out)
{
    const struct cb_variable *v = cb ? codebook_find(cb, id) : NULL;
    if (!v || !v->numeric)
        return;
    char range[96], a[NUM_FMT_SIZE], b[NUM_FMT_SIZE];
    cb_variable_range_text(v, range, sizeof(range));
    strbuf_addf(out, "number %s%s", range, v->decimals ? "" : ", whole numbers");
    for (size_t k = 0; k < v->n_bands; k++)
        strbuf_addf(out, "%s%s-%s", k ? ", " : "; bands ", num_format(v->bands[k].lo, a),
                    num_format(v->bands[k].hi, b));
}

static int questions(struct store *st, struct table *t, const char *key, struct diag_list *dl)
{
    sqlite3_stmt *s = store_prepare(
        st,
        "SELECT v.id, c.id, COALESCE(c.version, ''), v.key, v.kind, v.column_name, "
        "  COALESCE(v.text_sv, ''), COALESCE(v.text_en, ''), COALESCE(v.item_group, ''), "
        "  v.reversed, c.content "
        "FROM variable v JOIN codebook c ON c.id = v.codebook_id "
        "JOIN survey s ON s.id = c.survey_id WHERE s.key = ?1 ORDER BY c.id, v.position",
        dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    struct strbuf codes = STRBUF_INIT, scale = STRBUF_INIT, ind = STRBUF_INIT;
    struct codebook *cb = NULL;
    long long cb_id = -1;
    int rc, result = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        strbuf_reset(&codes);
        strbuf_reset(&scale);
        strbuf_reset(&ind);
        if (sqlite3_column_int64(s, 1) != cb_id) {
            cb_id = sqlite3_column_int64(s, 1);
            codebook_free(cb);
            const char *text = store_column_text(s, 10);
            struct diag_list scratch;
            diag_list_init(&scratch, 1);
            cb = codebook_parse("codebook", text, strlen(text), &scratch);
            diag_list_release(&scratch);
        }
        number_of(cb, store_column_text(s, 3), &codes);
        if (codes_of(st, sqlite3_column_int64(s, 0), &codes, &scale, &ind, dl) != 0) {
            result = -1;
            break;
        }
        char cbid[24];
        snprintf(cbid, sizeof(cbid), "%lld", (long long)sqlite3_column_int64(s, 1));
        const char *cells[] = {cbid,
                               store_column_text(s, 2),
                               store_column_text(s, 3),
                               store_column_text(s, 4),
                               store_column_text(s, 5),
                               store_column_text(s, 6),
                               store_column_text(s, 7),
                               codes.buf,
                               scale.buf,
                               ind.buf,
                               store_column_text(s, 8),
                               sqlite3_column_int(s, 9) ? "yes" : "no"};
        table_add_row(t, cells);
    }
    sqlite3_finalize(s);
    codebook_free(cb);
    strbuf_release(&codes);
    strbuf_release(&scale);
    strbuf_release(&ind);
    if (!result && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading the questions");
    return result;
}

int store_info_survey(struct store *st, const char *key, struct table ***tables, size_t *n,
                      struct diag_list *dl)
{
    struct table **all = NULL;
    size_t n_all = 0;
    if (store_info(st, &all, &n_all, dl) != 0)
        return -1;
    int result = 0;
    struct table *survey = NULL, *waves = NULL, *allwaves = NULL;
    for (size_t i = 0; i < n_all; i++) {
        if (!strcmp(all[i]->name, "surveys"))
            survey = all[i];
        if (!strcmp(all[i]->name, "waves"))
            allwaves = all[i];
    }
    size_t row = 0;
    while (survey && row < survey->n_rows && strcmp(table_cell(survey, row, 0), key))
        row++;
    if (!survey || row >= survey->n_rows) {
        struct strbuf have = STRBUF_INIT;
        for (size_t r = 0; survey && r < survey->n_rows; r++)
            strbuf_addf(&have, "%s'%s'", r ? ", " : "", table_cell(survey, r, 0));
        diag_error(dl, st->path, 0, 0, "there is no survey '%s' (the database has %s)", key,
                   have.len ? have.buf : "no surveys");
        strbuf_release(&have);
        result = 1;
        goto out;
    }
    struct table **out = xcalloc(4, sizeof(*out));
    static const char *const scols[] = {"survey", "title", "codebooks", "waves", "respondents"};
    static const bool snum[] = {false, false, true, true, true};
    out[0] = table_new("survey", "Survey", 5, scols, snum);
    const char *srow[5];
    for (size_t c = 0; c < 5; c++)
        srow[c] = table_cell(survey, row, c);
    table_add_row(out[0], srow);

    static const char *const ccols[] = {"codebook", "version", "file", "sha256",
                                        "variables", "loaded_at", "waves"};
    static const bool cnum[] = {true, false, false, false, true, false, false};
    out[1] = table_new("codebooks", "Codebook versions and the waves read with each", 7, ccols,
                       cnum);
    static const char *const qcols[] = {"codebook", "version", "id",    "kind",
                                        "column",   "text_sv", "text_en", "codes",
                                        "scale",    "indicator", "group", "reversed"};
    static const bool qnum[] = {true,  false, false, false, false, false,
                                false, false, false, false, false, false};
    out[2] = table_new("questions", "Questions and background variables", 12, qcols, qnum);
    static const char *const wcols[] = {"wave", "area", "respondents", "weighted"};
    static const bool wnum[] = {false, false, true, true};
    out[3] = waves = table_new("waves", "Respondents per wave and area", 4, wcols, wnum);
    *tables = out;
    *n = 4;
    if (fill(st, out[1],
             "SELECT c.id, COALESCE(c.version, ''), c.file_name, c.sha256, c.n_variables, "
             "  c.loaded_at, COALESCE((SELECT group_concat(label, ', ') FROM "
             "    (SELECT DISTINCT w.label AS label FROM respondent_block b "
             "     JOIN import i ON i.id = b.import_id JOIN wave w ON w.id = b.wave_id "
             "     WHERE i.codebook_id = c.id ORDER BY COALESCE(w.year, 0), w.label)), '') "
             "FROM codebook c JOIN survey s ON s.id = c.survey_id WHERE s.key = ?1 "
             "ORDER BY c.id",
             key, dl) != 0 ||
        questions(st, out[2], key, dl) != 0) {
        for (size_t i = 0; i < 4; i++)
            table_free(out[i]);
        free(out);
        *tables = NULL;
        *n = 0;
        result = -1;
        goto out;
    }
    for (size_t r = 0; allwaves && r < allwaves->n_rows; r++)
        if (!strcmp(table_cell(allwaves, r, 0), key)) {
            const char *w[] = {table_cell(allwaves, r, 1), table_cell(allwaves, r, 2),
                               table_cell(allwaves, r, 3), table_cell(allwaves, r, 4)};
            table_add_row(waves, w);
        }
out:
    for (size_t i = 0; i < n_all; i++)
        table_free(all[i]);
    free(all);
    return result;
}
