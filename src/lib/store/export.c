/*
 * export — see export.h.
 */
#include "store/export.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/obsblock.h"
#include "store/respblock.h"
#include "util/num.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static void add_col(struct survey_export *ex, const char *name, enum export_col_kind kind,
                    size_t var)
{
    ex->cols = xrealloc(ex->cols, (ex->n_cols + 1) * sizeof(*ex->cols));
    ex->kind = xrealloc(ex->kind, (ex->n_cols + 1) * sizeof(*ex->kind));
    ex->var = xrealloc(ex->var, (ex->n_cols + 1) * sizeof(*ex->var));
    ex->cols[ex->n_cols] = name;
    ex->kind[ex->n_cols] = kind;
    ex->var[ex->n_cols] = var;
    ex->n_cols++;
}

int survey_export_open(struct store *st, const char *key, long long codebook_id,
                       const char *wave, struct survey_export *ex, struct diag_list *dl)
{
    memset(ex, 0, sizeof(*ex));
    sqlite3_stmt *s = store_prepare(st,
                                    "SELECT c.id, c.file_name, c.content, COALESCE(c.version, '') "
                                    "FROM codebook c JOIN survey s ON s.id = c.survey_id "
                                    "WHERE s.key = ?1 ORDER BY c.id",
                                    dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    struct strbuf versions = STRBUF_INIT;
    size_t n = 0;
    int rc, result = 0;
    char *name = NULL;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(s, 0);
        strbuf_addf(&versions, "%s%lld (%s%s%s)", n ? ", " : "", id, store_column_text(s, 1),
                    *store_column_text(s, 3) ? ", version " : "", store_column_text(s, 3));
        n++;
        if (codebook_id ? id == codebook_id : n == 1) {
            ex->codebook_id = id;
            free(name);
            name = xstrdup(store_column_text(s, 1));
            free(ex->codebook_text);
            ex->codebook_text = xstrdup(store_column_text(s, 2));
        }
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        result = store_error(st, dl, "reading the codebooks");
    } else if (!n) {
        diag_error(dl, st->path, 0, 0, "there is no survey '%s' (see 'trygg info surveys')", key);
        result = 1;
    } else if (!ex->codebook_id || (!codebook_id && n > 1)) {
        if (codebook_id)
            diag_error(dl, st->path, 0, 0, "survey '%s' has no codebook %lld; its codebooks are: %s",
                       key, codebook_id, versions.buf);
        else
            diag_error(dl, st->path, 0, 0,
                       "survey '%s' has %zu codebook versions: say which with --codebook N (%s)",
                       key, n, versions.buf);
        result = 1;
    }
    strbuf_release(&versions);
    if (result) {
        free(name);
        survey_export_release(ex);
        return result;
    }
    ex->cb = codebook_parse(name, ex->codebook_text, strlen(ex->codebook_text), dl);
    free(name);
    if (!ex->cb) {
        survey_export_release(ex);
        return -1;
    }
    struct codebook *cb = ex->cb;
    add_col(ex, cb->col_respondent, EXPORT_RESPONDENT, 0);
    if (cb->col_wave)
        add_col(ex, cb->col_wave, EXPORT_WAVE, 0);
    if (cb->col_area)
        add_col(ex, cb->col_area, EXPORT_AREA, 0);
    if (cb->col_weight)
        add_col(ex, cb->col_weight, EXPORT_WEIGHT, 0);
    if (cb->col_stratum)
        add_col(ex, cb->col_stratum, EXPORT_STRATUM, 0);
    if (cb->col_cluster)
        add_col(ex, cb->col_cluster, EXPORT_CLUSTER, 0);
    for (size_t i = 0; i < cb->n_vars; i++)
        add_col(ex, cb->vars[i].column, EXPORT_VARIABLE, i);
    ex->wave = wave ? xstrdup(wave) : NULL;

    s = store_prepare(st,
                      "SELECT COALESCE(sum(b.n), 0), count(DISTINCT w.id) FROM respondent_block b "
                      "JOIN import i ON i.id = b.import_id JOIN wave w ON w.id = b.wave_id "
                      "WHERE i.codebook_id = ?1 AND (?2 IS NULL OR w.label = ?2)",
                      dl);
    if (!s) {
        survey_export_release(ex);
        return -1;
    }
    sqlite3_bind_int64(s, 1, ex->codebook_id);
    store_bind_text(s, 2, wave);
    rc = sqlite3_step(s);
    long long waves = 0;
    if (rc == SQLITE_ROW) {
        ex->n_rows = (unsigned long long)sqlite3_column_int64(s, 0);
        waves = sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) {
        survey_export_release(ex);
        return store_error(st, dl, "counting respondents");
    }
    if (wave && !ex->n_rows) {
        diag_error(dl, st->path, 0, 0, "survey '%s' has no wave '%s' read with codebook %lld",
                   key, wave, ex->codebook_id);
        survey_export_release(ex);
        return 1;
    }
    if (cb->wave_fixed && waves > 1 && !wave) {
        diag_error(dl, st->path, 0, 0,
                   "codebook %lld gives the wave as wave.fixed, so its export has no wave "
                   "column: export one wave at a time with --wave",
                   ex->codebook_id);
        survey_export_release(ex);
        return 1;
    }
    return 0;
}

/* id -> text of a small lookup table (areas, strata, clusters). */
static int load_names(struct store *st, const char *sql, struct strmap *names, char ***owned,
                      size_t *n_owned, struct diag_list *dl)
{
    sqlite3_stmt *s = store_prepare(st, sql, dl);
    if (!s)
        return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        char idbuf[32];
        int kl = snprintf(idbuf, sizeof(idbuf), "%lld", (long long)sqlite3_column_int64(s, 0));
        *owned = xrealloc(*owned, (*n_owned + 1) * sizeof(**owned));
        (*owned)[*n_owned] = xstrdup(store_column_text(s, 1));
        strmap_put(names, idbuf, (size_t)kl, (int64_t)*n_owned);
        (*n_owned)++;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : store_error(st, dl, "reading names");
}

static const char *name_of(const struct strmap *names, char **owned, int32_t id)
{
    if (!id)
        return "";
    char idbuf[32];
    int kl = snprintf(idbuf, sizeof(idbuf), "%d", id);
    int64_t v;
    return strmap_get(names, idbuf, (size_t)kl, &v) ? owned[v] : "";
}

int survey_export_rows(struct store *st, const struct survey_export *ex, export_row_fn fn,
                       void *ctx, struct diag_list *dl)
{
    int result = fn(ctx, ex->cols, ex->n_cols);
    if (result)
        return result;
    struct strmap areas = STRMAP_INIT, units = STRMAP_INIT;
    char **owned = NULL;
    size_t n_owned = 0;
    if (load_names(st, "SELECT id, name FROM area", &areas, &owned, &n_owned, dl) != 0 ||
        load_names(st, "SELECT id, label FROM design_unit", &units, &owned, &n_owned, dl) != 0) {
        result = -1;
        goto out_names;
    }
    sqlite3_stmt *s = store_prepare(
        st,
        /* RESPBLOCK_COLUMNS, qualified (the join has other ids) */
        "SELECT b.id, b.import_id, b.wave_id, b.n, b.n_vars, b.weight, b.area, b.stratum, "
        "  b.cluster, b.answers, b.numbers, k.keys, w.label FROM respondent_block b "
        "JOIN respondent_keys k ON k.block_id = b.id "
        "JOIN import i ON i.id = b.import_id JOIN wave w ON w.id = b.wave_id "
        "WHERE i.codebook_id = ?1 AND (?2 IS NULL OR w.label = ?2) "
        "ORDER BY b.import_id, b.first_line, b.id",
        dl);
    if (!s) {
        result = -1;
        goto out_names;
    }
    sqlite3_bind_int64(s, 1, ex->codebook_id);
    store_bind_text(s, 2, ex->wave);
    struct resp_block blk;
    resp_block_init(&blk);
    const char **cells = xcalloc(ex->n_cols ? ex->n_cols : 1, sizeof(*cells));
    char (*ids)[2 * RESPBLOCK_MAX_ID_BYTES + 8] = NULL;
    char (*nums)[NUM_FMT_SIZE] = xcalloc(ex->n_cols ? ex->n_cols : 1, sizeof(*nums));
    /* per column: the index among the codebook's number variables (type = number), the
     * order of the block's numbers column; SIZE_MAX for the others */
    size_t *num_index = xmalloc((ex->n_cols ? ex->n_cols : 1) * sizeof(*num_index));
    for (size_t c = 0; c < ex->n_cols; c++) {
        num_index[c] = SIZE_MAX;
        if (ex->kind[c] == EXPORT_VARIABLE && ex->cb->vars[ex->var[c]].numeric) {
            num_index[c] = 0;
            for (size_t i = 0; i < ex->var[c]; i++)
                num_index[c] += ex->cb->vars[i].numeric;
        }
    }
    int rc;
    while (!result && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!respblock_decode(s, &blk) || blk.n_vars != ex->cb->n_vars) {
            diag_error(dl, st->path, 0, 0, "database: a respondent block is damaged");
            result = -1;
            break;
        }
        /* the ids, by slot */
        ids = xrealloc(ids, blk.n * sizeof(*ids));
        for (size_t i = 0; i < blk.n; i++)
            ids[i][0] = '\0';
        const unsigned char *k = sqlite3_column_blob(s, 11);
        size_t klen = (size_t)sqlite3_column_bytes(s, 11), off = 0;
        while (off + 2 <= klen) {
            size_t len = (size_t)(k[off] | (k[off + 1] << 8));
            if (off + 2 + len + 6 > klen)
                break;
            size_t slot = (size_t)(k[off + 2 + len + 4] | (k[off + 2 + len + 5] << 8));
            if (slot < blk.n)
                respblock_key_text(k + off + 2, len, ids[slot], sizeof(ids[slot]));
            off += 2 + len + 6;
        }
        const char *wave = store_column_text(s, 12);
        for (size_t r = 0; r < blk.n && !result; r++) {
            for (size_t c = 0; c < ex->n_cols; c++) {
                switch (ex->kind[c]) {
                case EXPORT_RESPONDENT:
                    cells[c] = ids[r];
                    break;
                case EXPORT_WAVE:
                    cells[c] = wave;
                    break;
                case EXPORT_AREA:
                    cells[c] = name_of(&areas, owned, blk.area[r]);
                    break;
                case EXPORT_WEIGHT:
                    cells[c] = num_format(blk.weight[r], nums[c]);
                    break;
                case EXPORT_STRATUM:
                    cells[c] = blk.stratum ? name_of(&units, owned, blk.stratum[r]) : "";
                    break;
                case EXPORT_CLUSTER:
                    cells[c] = blk.cluster ? name_of(&units, owned, blk.cluster[r]) : "";
                    break;
                case EXPORT_VARIABLE: {
                    int16_t code = resp_block_var(&blk, ex->var[c])[r];
                    const double *num = num_index[c] == SIZE_MAX
                                            ? NULL
                                            : resp_block_numbers(&blk, num_index[c]);
                    if (code == CODEBOOK_NO_ANSWER)
                        cells[c] = "";
                    else if (code == CODEBOOK_NUMBER) /* a number variable's value */
                        cells[c] = num ? num_format(num[r], nums[c]) : "";
                    else {
                        snprintf(nums[c], sizeof(nums[c]), "%d", code);
                        cells[c] = nums[c];
                    }
                    break;
                }
                }
            }
            result = fn(ctx, cells, ex->n_cols);
        }
    }
    if (!result && rc != SQLITE_DONE)
        result = store_error(st, dl, "reading respondents");
    sqlite3_finalize(s);
    resp_block_release(&blk);
    free(cells);
    free(ids);
    free(nums);
    free(num_index);
out_names:
    strmap_release(&areas);
    strmap_release(&units);
    for (size_t i = 0; i < n_owned; i++)
        free(owned[i]);
    free(owned);
    return result;
}

void survey_export_release(struct survey_export *ex)
{
    codebook_free(ex->cb);
    free(ex->codebook_text);
    free(ex->wave);
    free(ex->cols);
    free(ex->kind);
    free(ex->var);
    memset(ex, 0, sizeof(*ex));
}

int store_export_incidents(struct store *st, export_row_fn fn, void *ctx, struct diag_list *dl)
{
    static const char *const head[] = {"period", "area", "category", "count", "exposure", "note"};
    int result = fn(ctx, head, 6);
    if (result)
        return result;
    sqlite3_stmt *s = store_prepare(
        st,
        "SELECT s.id, a.name, c.key, s.period_kind FROM series s "
        "JOIN area a ON a.id = s.area_id JOIN category c ON c.id = s.category_id "
        "WHERE EXISTS (SELECT 1 FROM series_block b WHERE b.series_id = s.id) "
        "ORDER BY a.name COLLATE sv, c.key COLLATE sv, s.period_kind",
        dl);
    sqlite3_stmt *q = store_prepare(st, obsblock_select_sql, dl);
    if (!s || !q) {
        sqlite3_finalize(s);
        sqlite3_finalize(q);
        return -1;
    }
    struct obs_set set;
    obs_set_init(&set, true);
    int rc = SQLITE_DONE;
    const char *cells[6];
    char expo[NUM_FMT_SIZE], period[16], count[24];
    while (!result && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        enum date_kind kind =
            !strcmp(store_column_text(s, 3), "day") ? DATE_DAY : DATE_MONTH;
        if (obsblock_load_series(st, q, sqlite3_column_int64(s, 0), &set, dl) != 0) {
            result = -1;
            break;
        }
        cells[1] = store_column_text(s, 1);
        cells[2] = store_column_text(s, 2);
        for (size_t i = 0; i < set.n && !result; i++) {
            obs_period_format(kind, set.period[i], period, sizeof(period));
            snprintf(count, sizeof(count), "%lld", (long long)set.count[i]);
            const char *note = obs_set_note(&set, i);
            cells[0] = period;
            cells[3] = count;
            cells[4] = isnan(set.exposure[i]) ? "" : num_format(set.exposure[i], expo);
            cells[5] = note ? note : "";
            result = fn(ctx, cells, 6);
        }
    }
    if (!result && rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = store_error(st, dl, "reading counts");
    obs_set_release(&set);
    sqlite3_finalize(s);
    sqlite3_finalize(q);
    return result;
}
