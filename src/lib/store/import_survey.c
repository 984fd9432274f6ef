/*
 * import_survey — respondent-level survey answers, checked against their codebook.
 *
 * The codebook is stored with the import (its text, and its variables and codes as
 * tables), so every later analysis reads the data through the codebook it was
 * imported with, even after the codebook file has changed.  Respondents are written
 * in columnar blocks (store/respblock.h); respondent ids are checked for duplicates
 * within each wave, across this file and earlier imports, once all blocks are written.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "data/statfile.h"
#include "store/import.h"
#include "store/import_job.h"
#include "store/respblock.h"
#include "util/num.h"
#include "util/text.h"
#include "util/xalloc.h"

/* The ids of labels met in one column (wave, area, stratum, cluster), remembered from
 * the lookups that made them (a hash map and the database): an open-addressed table of
 * short labels, compared as three zero-padded words, so a row's labels cost a few
 * instructions each instead of a string hash and memcmp.  A label goes into the first
 * free slot of LABEL_PROBES from its own and is never moved, so it is found before an
 * empty slot; a full run leaves it to the careful path (a direct-mapped table lost
 * ~10 % of the 40 strata of the bench file to collisions).  Only labels that were read
 * without an error are remembered, so every error is still found and reported by the
 * one careful path; a label longer than LABEL_KEY_BYTES always takes it. */
#define LABEL_SLOTS 64
#define LABEL_PROBES 8
#define LABEL_KEY_BYTES 24
struct label_cache {
    uint64_t key[LABEL_SLOTS][LABEL_KEY_BYTES / 8];
    unsigned char len[LABEL_SLOTS]; /* 0: an empty slot */
    int64_t value[LABEL_SLOTS];
};

/* n <= 8 bytes as a zero-padded word, made in a register: stored byte by byte into a
 * buffer and loaded back as words, they would wait for the stores every time (a load
 * wider than the stores before it is not forwarded). */
static inline uint64_t label_word(const char *p, size_t n)
{
    uint64_t v = 0;
    if (n >= 8) {
        memcpy(&v, p, 8);
        return v;
    }
    size_t i = 0;
    if (n & 4) {
        uint32_t x;
        memcpy(&x, p, 4);
        v = x;
        i = 4;
    }
    if (n & 2) {
        uint16_t x;
        memcpy(&x, p + i, 2);
        v |= (uint64_t)x << (8 * i);
        i += 2;
    }
    if (n & 1)
        v |= (uint64_t)(unsigned char)p[i] << (8 * i);
    return v;
}

/* Loads a label (1..LABEL_KEY_BYTES bytes) as zero-padded words; returns its home slot. */
static inline size_t label_key(const char *label, size_t len, uint64_t w[LABEL_KEY_BYTES / 8])
{
    w[0] = label_word(label, len < 8 ? len : 8);
    w[1] = len > 8 ? label_word(label + 8, len < 16 ? len - 8 : 8) : 0;
    w[2] = len > 16 ? label_word(label + 16, len - 16) : 0;
    uint64_t h = (w[0] ^ (w[1] * 0x9E3779B97F4A7C15ull) ^ (w[2] * 0xC2B2AE3D27D4EB4Full) ^ len) *
                 0xFF51AFD7ED558CCDull;
    return (size_t)(h >> 58) % LABEL_SLOTS;
}

static inline bool label_get(const struct label_cache *c, const char *label, size_t len, int64_t *value)
{
    if (len == 0 || len > LABEL_KEY_BYTES)
        return false;
    uint64_t w[LABEL_KEY_BYTES / 8];
    size_t home = label_key(label, len, w);
    for (size_t k = 0; k < LABEL_PROBES; k++) {
        size_t i = (home + k) % LABEL_SLOTS;
        if (!c->len[i])
            return false;
        if (c->len[i] == len && c->key[i][0] == w[0] && c->key[i][1] == w[1] &&
            c->key[i][2] == w[2]) {
            *value = c->value[i];
            return true;
        }
    }
    return false;
}

static void label_put(struct label_cache *c, const char *label, size_t len, int64_t value)
{
    if (len == 0 || len > LABEL_KEY_BYTES)
        return;
    uint64_t w[LABEL_KEY_BYTES / 8];
    size_t home = label_key(label, len, w);
    for (size_t k = 0; k < LABEL_PROBES; k++) {
        size_t i = (home + k) % LABEL_SLOTS;
        if (c->len[i] == len && c->key[i][0] == w[0] && c->key[i][1] == w[1] &&
            c->key[i][2] == w[2])
            return; /* there already */
        if (!c->len[i]) {
            memcpy(c->key[i], w, sizeof(w));
            c->len[i] = (unsigned char)len;
            c->value[i] = value;
            return;
        }
    }
}

/* What cells of a variable mean, remembered from cb_variable_read (which depends only
 * on the cell's bytes): every one-byte cell, the empty cell, and longer texts (labels
 * such as "Kvinna" or "16-24") in a label cache.  Only readable cells are remembered;
 * any other goes through cb_variable_read again, which reports it. */
#define CELL_SLOW INT32_MIN
struct cell_memo {
    int32_t empty;      /* the code of an empty cell, or CELL_SLOW */
    struct label_cache texts;
};
/* The code of each one-byte cell, or CELL_SLOW: per variable, apart from the rest of
 * its memo, so the row loop finds a variable's table at a shift of its index. */
typedef int32_t byte_codes[256];

struct survey_import {
    struct import_job job;
    struct codebook *cb;
    const char *file;
    bool header_seen;
    size_t n_columns;
    long col_resp, col_wave, col_area, col_weight, col_stratum, col_cluster;
    long *col_var;
    long long survey_id;
    struct strmap waves;        /* label -> index into builders */
    struct block_builder *builders; /* one open block per wave */
    size_t n_builders, alloc_builders, buffered;
    unsigned long long *wave_rows; /* per builder: respondents, for the summary */
    struct strmap strata, clusters; /* label -> design_unit.id */
    sqlite3_stmt *sel_wave, *ins_wave, *sel_unit, *ins_unit;
    int16_t *answers;
    double *numbers;            /* per number variable (type = number), codebook order */
    size_t n_num;
    struct cell_memo *memo;     /* per codebook variable */
    byte_codes *bytes;          /* per codebook variable */
    size_t *num_index;          /* per codebook variable: its index among the number
                                   variables (type = number) */
    /* wave label -> builder index, area cell -> area id, stratum and cluster label ->
     * design_unit id */
    struct label_cache wave_cache, area_cache, stratum_cache, cluster_cache;
    struct strbuf q;
    unsigned long long rows;
};

static int32_t cell_code(const struct cb_variable *v, const char *cell, size_t len)
{
    int code = CODEBOOK_NO_ANSWER;
    enum cb_cell r = cb_variable_read(v, cell, len, &code);
    if (r == CB_CELL_CODE)
        return code;
    return r == CB_CELL_EMPTY ? CODEBOOK_NO_ANSWER : CELL_SLOW;
}

/* A number variable (type = number) remembers nothing: its cells go to read_number. */
static void cell_memo_init(struct cell_memo *m, byte_codes bytes, const struct cb_variable *v)
{
    memset(m, 0, sizeof(*m));
    m->empty = v->numeric ? CELL_SLOW : cell_code(v, "", 0);
    for (int b = 0; b < 256; b++) {
        char c = (char)b;
        bytes[b] = v->numeric ? CELL_SLOW : cell_code(v, &c, 1);
    }
}

/* The answer code of a cell, or CELL_SLOW if the cell is not readable. */
static int32_t read_cell(struct cell_memo *m, const byte_codes bytes, const struct cb_variable *v,
                         const char *cell, size_t len)
{
    if (len == 1)
        return bytes[(unsigned char)cell[0]];
    if (len == 0)
        return m->empty;
    int64_t code;
    if (label_get(&m->texts, cell, len, &code))
        return (int32_t)code;
    int32_t res = cell_code(v, cell, len);
    if (res != CELL_SLOW)
        label_put(&m->texts, cell, len, res);
    return res;
}

static int store_codebook(struct survey_import *si, long long *codebook_id, bool *is_new)
{
    *is_new = false;
    struct store *st = si->job.st;
    struct diag_list *dl = si->job.dl;
    struct codebook *cb = si->cb;

    sqlite3_stmt *s = store_prepare(
        st,
        "INSERT INTO survey (key, title_sv, title_en) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (key) DO UPDATE SET title_sv = excluded.title_sv, "
        "title_en = excluded.title_en RETURNING id",
        dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, cb->survey_id, -1, SQLITE_STATIC);
    store_bind_text(s, 2, cb->title_sv);
    store_bind_text(s, 3, cb->title_en);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return store_error(st, dl, "recording the survey");
    }
    si->survey_id = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);

    s = store_prepare(st, "SELECT id, survey_id FROM codebook WHERE sha256 = ?1", dl);
    if (!s)
        return -1;
    sqlite3_bind_text(s, 1, cb->sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *codebook_id = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
        return 0;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return store_error(st, dl, "looking up the codebook");

    char now[32];
    store_now_utc(now, sizeof(now));
    s = store_prepare(st,
                      "INSERT INTO codebook (survey_id, file_name, sha256, version, content, "
                      "n_variables, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      dl);
    if (!s)
        return -1;
    sqlite3_bind_int64(s, 1, si->survey_id);
    const char *cb_name = si->job.opt->codebook_record_as;
    sqlite3_bind_text(s, 2, cb_name ? cb_name : cb->path, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, cb->sha256, -1, SQLITE_STATIC);
    store_bind_text(s, 4, cb->version);
    sqlite3_bind_text(s, 5, cb->content, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)cb->n_vars);
    sqlite3_bind_text(s, 7, now, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return store_error(st, dl, "recording the codebook");
    *codebook_id = sqlite3_last_insert_rowid(st->db);
    *is_new = true;

    sqlite3_stmt *var = store_prepare(
        st,
        "INSERT INTO variable (codebook_id, key, kind, position, column_name, text_sv, text_en, "
        "reversed, indicator_label_sv, indicator_label_en, item_group) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        dl);
    sqlite3_stmt *val = store_prepare(
        st,
        "INSERT INTO variable_value (variable_id, code, label_sv, label_en, is_missing, "
        "is_indicator, in_scale, score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        dl);
    int result = 0;
    for (size_t i = 0; var && val && i < cb->n_vars && !result; i++) {
        const struct cb_variable *v = &cb->vars[i];
        sqlite3_bind_int64(var, 1, *codebook_id);
        sqlite3_bind_text(var, 2, v->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(var, 3, v->kind == CB_QUESTION ? "question" : "background", -1,
                          SQLITE_STATIC);
        sqlite3_bind_int64(var, 4, (sqlite3_int64)i);
        sqlite3_bind_text(var, 5, v->column, -1, SQLITE_STATIC);
        store_bind_text(var, 6, v->text_sv);
        store_bind_text(var, 7, v->text_en);
        sqlite3_bind_int(var, 8, v->reversed);
        store_bind_text(var, 9, v->indicator_label_sv);
        store_bind_text(var, 10, v->indicator_label_en);
        store_bind_text(var, 11, v->group);
        if (sqlite3_step(var) != SQLITE_DONE) {
            result = store_error(st, dl, "recording a codebook variable");
            break;
        }
        sqlite3_reset(var);
        long long var_id = sqlite3_last_insert_rowid(st->db);
        for (size_t k = 0; k < v->n_values; k++) {
            const struct cb_value *cv = &v->values[k];
            if (cv->band) /* made from `bands`, not a code of the data */
                continue;
            sqlite3_bind_int64(val, 1, var_id);
            sqlite3_bind_int(val, 2, cv->code);
            sqlite3_bind_text(val, 3, cv->label_sv, -1, SQLITE_STATIC);
            store_bind_text(val, 4, cv->label_en);
            sqlite3_bind_int(val, 5, cv->missing);
            sqlite3_bind_int(val, 6, cv->indicator);
            sqlite3_bind_int(val, 7, cv->in_scale);
            if (cv->has_score)
                sqlite3_bind_double(val, 8, cv->score);
            else
                sqlite3_bind_null(val, 8);
            if (sqlite3_step(val) != SQLITE_DONE) {
                result = store_error(st, dl, "recording a codebook value");
                break;
            }
            sqlite3_reset(val);
        }
    }
    if (!var || !val)
        result = -1;
    sqlite3_finalize(var);
    sqlite3_finalize(val);
    return result;
}

/* Names the codes a variable accepts, for messages: "1-4, missing 8, 9". */
static void describe_codes(const struct cb_variable *v, struct strbuf *out)
{
    bool first = true;
    for (int pass = 0; pass < 2; pass++) {
        bool any = false;
        for (size_t i = 0; i < v->n_values; i++) {
            const struct cb_value *cv = &v->values[i];
            if (cv->missing != (pass == 1))
                continue;
            if (!any && pass == 1)
                strbuf_addstr(out, first ? "missing " : "; missing ");
            else if (!first)
                strbuf_addstr(out, ", ");
            /* collapse runs a, a+1, ..., b */
            size_t j = i;
            while (j + 1 < v->n_values && v->values[j + 1].missing == cv->missing &&
                   v->values[j + 1].code == v->values[j].code + 1)
                j++;
            if (j > i + 1) {
                strbuf_addf(out, "%d-%d", cv->code, v->values[j].code);
                i = j;
            } else {
                strbuf_addf(out, "%d", cv->code);
            }
            any = true;
            first = false;
        }
    }
}

static long find_column(struct survey_import *si, const struct header_index *hi,
                        const struct csv_record *rec, const char *column, const char *role)
{
    long c = header_index_find1(hi, column);
    if (c < 0)
        diag_error(si->job.dl, si->file, rec->line, 0,
                   "missing column %s (the codebook %s names it for %s)",
                   cell_quote(&si->q, column, strlen(column)), si->cb->path, role);
    return c;
}

static int on_header(struct survey_import *si, const struct csv_record *rec)
{
    struct codebook *cb = si->cb;
    struct header_index hi;
    header_index_build(&hi, rec, si->file, si->job.dl);
    si->n_columns = rec->n_fields;
    si->col_resp = find_column(si, &hi, rec, cb->col_respondent, "the respondent id");
    si->col_wave = cb->col_wave ? find_column(si, &hi, rec, cb->col_wave, "the wave") : -1;
    si->col_area = cb->col_area ? find_column(si, &hi, rec, cb->col_area, "the area") : -1;
    si->col_weight = cb->col_weight ? find_column(si, &hi, rec, cb->col_weight, "the weight") : -1;
    si->col_stratum =
        cb->col_stratum ? find_column(si, &hi, rec, cb->col_stratum, "the stratum") : -1;
    si->col_cluster =
        cb->col_cluster ? find_column(si, &hi, rec, cb->col_cluster, "the cluster") : -1;
    si->col_var = xmalloc((cb->n_vars ? cb->n_vars : 1) * sizeof(*si->col_var));
    si->memo = xmalloc((cb->n_vars ? cb->n_vars : 1) * sizeof(*si->memo));
    si->bytes = xmalloc((cb->n_vars ? cb->n_vars : 1) * sizeof(*si->bytes));
    si->num_index = xmalloc((cb->n_vars ? cb->n_vars : 1) * sizeof(*si->num_index));
    for (size_t i = 0, k = 0; i < cb->n_vars; i++) {
        cell_memo_init(&si->memo[i], si->bytes[i], &cb->vars[i]);
        si->num_index[i] = k;
        k += cb->vars[i].numeric;
    }
    for (size_t i = 0; i < cb->n_vars; i++) {
        struct strbuf role = STRBUF_INIT;
        strbuf_addf(&role, "%s '%s'", cb->vars[i].kind == CB_QUESTION ? "question" : "variable",
                    cb->vars[i].id);
        si->col_var[i] = find_column(si, &hi, rec, cb->vars[i].column, role.buf);
        strbuf_release(&role);
    }
    /* Columns the codebook does not name: refused with extra = error, listed in a
     * note with an explicit extra = ignore, otherwise in a warning (--strict: an
     * error), so no column is dropped without the user hearing of it. */
    bool *used = xcalloc(rec->n_fields ? rec->n_fields : 1, sizeof(*used));
    long fixed[] = {si->col_resp, si->col_wave, si->col_area, si->col_weight, si->col_stratum,
                    si->col_cluster};
    for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
        if (fixed[i] >= 0)
            used[fixed[i]] = true;
    for (size_t i = 0; i < cb->n_vars; i++)
        if (si->col_var[i] >= 0)
            used[si->col_var[i]] = true;
    if (cb->extra_is_error) {
        for (size_t i = 0; i < rec->n_fields; i++)
            if (!used[i])
                diag_error(si->job.dl, si->file, rec->line, (long)i + 1,
                           "column %s is not in the codebook (which says extra = error)",
                           cell_quote(&si->q, rec->fields[i], rec->lens[i]));
    } else if (!job_failed(&si->job)) {
        struct strbuf names = STRBUF_INIT;
        size_t n_unused = 0;
        long first = 0;
        for (size_t i = 0; i < rec->n_fields; i++) {
            if (used[i] || !rec->lens[i])
                continue;
            if (!n_unused++)
                first = (long)i + 1;
            if (n_unused <= 12) {
                strbuf_addstr(&names, n_unused > 1 ? ", " : "");
                diag_quote(&names, rec->fields[i], rec->lens[i], 40);
            }
        }
        if (n_unused > 12)
            strbuf_addf(&names, " and %zu more", n_unused - 12);
        bool strict = si->job.opt->strict && !cb->extra_ignore;
        if (n_unused)
            diag_add(si->job.dl,
                     strict              ? DIAG_ERROR
                     : cb->extra_ignore ? DIAG_NOTE
                                        : DIAG_WARNING,
                     si->file, rec->line, first,
                     "%zu column%s not in the codebook %s not imported: %s%s", n_unused,
                     n_unused == 1 ? "" : "s", n_unused == 1 ? "is" : "are", names.buf,
                     cb->extra_ignore ? " (the codebook says extra = ignore)"
                     : strict         ? " (--strict; add them to the codebook or write extra = "
                                        "ignore under [columns])"
                                      : " (add them to the codebook, or write extra = ignore "
                                        "under [columns] to say they are left out on purpose)");
        strbuf_release(&names);
    }
    free(used);
    header_index_release(&hi);
    si->header_seen = true;
    return 0;
}

/* Blocks buffered across all waves before everything is written out, so a file
 * that cycles through many waves cannot hold unbounded memory. */
#define MAX_BUFFERED_ROWS 65536

static int flush_all(struct survey_import *si)
{
    for (size_t i = 0; i < si->n_builders; i++)
        if (block_builder_flush(&si->builders[i], si->job.st, si->job.import_id,
                                si->cb->col_stratum != NULL, si->cb->col_cluster != NULL,
                                si->job.dl) != 0)
            return -1;
    si->buffered = 0;
    return 0;
}

/* The open block of a wave, creating the wave row if it is new. */
static struct block_builder *wave_builder(struct survey_import *si, const char *label, size_t len)
{
    int64_t index;
    if (label_get(&si->wave_cache, label, len, &index))
        return &si->builders[index];
    if (strmap_get(&si->waves, label, len, &index)) {
        label_put(&si->wave_cache, label, len, index);
        return &si->builders[index];
    }
    long long id = 0;
    sqlite3_bind_int64(si->sel_wave, 1, si->survey_id);
    sqlite3_bind_text(si->sel_wave, 2, label, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(si->sel_wave);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(si->sel_wave, 0);
    sqlite3_reset(si->sel_wave);
    if (rc == SQLITE_DONE) {
        int64_t year;
        sqlite3_bind_int64(si->ins_wave, 1, si->survey_id);
        sqlite3_bind_text(si->ins_wave, 2, label, (int)len, SQLITE_STATIC);
        if (num_parse_int64(label, len, &year) == NUM_OK && year >= 1900 && year <= 2100)
            sqlite3_bind_int64(si->ins_wave, 3, year);
        else
            sqlite3_bind_null(si->ins_wave, 3);
        rc = sqlite3_step(si->ins_wave);
        sqlite3_reset(si->ins_wave);
        if (rc != SQLITE_DONE) {
            store_error(si->job.st, si->job.dl, "adding a wave");
            return NULL;
        }
        id = sqlite3_last_insert_rowid(si->job.st->db);
    } else if (rc != SQLITE_ROW) {
        store_error(si->job.st, si->job.dl, "looking up a wave");
        return NULL;
    }
    size_t alloc = si->alloc_builders;
    si->builders = xgrow(si->builders, sizeof(*si->builders), si->n_builders + 1,
                         &si->alloc_builders);
    si->wave_rows = xgrow(si->wave_rows, sizeof(*si->wave_rows), si->n_builders + 1, &alloc);
    si->wave_rows[si->n_builders] = 0;
    block_builder_init(&si->builders[si->n_builders], id, si->cb->n_vars);
    block_builder_numbers(&si->builders[si->n_builders], si->n_num);
    strmap_put(&si->waves, label, len, (int64_t)si->n_builders);
    label_put(&si->wave_cache, label, len, (int64_t)si->n_builders);
    return &si->builders[si->n_builders++];
}

/* The id of a stratum or cluster label, created if new. */
static int unit_id(struct survey_import *si, const char *kind, const char *label, size_t len,
                   int32_t *id)
{
    struct strmap *units = kind[0] == 's' ? &si->strata : &si->clusters;
    struct label_cache *cache = kind[0] == 's' ? &si->stratum_cache : &si->cluster_cache;
    int64_t v;
    int result = 0;
    if (label_get(cache, label, len, &v)) {
        *id = (int32_t)v;
        return 0;
    }
    if (!strmap_get(units, label, len, &v)) {
        sqlite3_bind_int64(si->sel_unit, 1, si->survey_id);
        sqlite3_bind_text(si->sel_unit, 2, kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(si->sel_unit, 3, label, (int)len, SQLITE_STATIC);
        int rc = sqlite3_step(si->sel_unit);
        if (rc == SQLITE_ROW)
            v = sqlite3_column_int64(si->sel_unit, 0);
        sqlite3_reset(si->sel_unit);
        if (rc == SQLITE_DONE) {
            sqlite3_bind_int64(si->ins_unit, 1, si->survey_id);
            sqlite3_bind_text(si->ins_unit, 2, kind, -1, SQLITE_STATIC);
            sqlite3_bind_text(si->ins_unit, 3, label, (int)len, SQLITE_STATIC);
            rc = sqlite3_step(si->ins_unit);
            sqlite3_reset(si->ins_unit);
            v = sqlite3_last_insert_rowid(si->job.st->db);
        }
        if (rc != SQLITE_DONE && rc != SQLITE_ROW)
            result = store_error(si->job.st, si->job.dl, "recording a stratum or cluster");
        else if (v > INT32_MAX)
            result = store_error(si->job.st, si->job.dl, "too many strata or clusters");
        else
            strmap_put(units, label, len, v);
    }
    if (!result)
        label_put(cache, label, len, v);
    *id = (int32_t)v;
    return result;
}

/* The missing codes of a number variable for messages: "missing 98, 99". */
static void describe_missing(const struct cb_variable *v, struct strbuf *out)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n_values; i++)
        if (v->values[i].missing)
            strbuf_addf(out, "%s%d", n++ ? ", " : "; missing ", v->values[i].code);
}

/* One cell of a number variable (type = number): its answer code (CODEBOOK_NUMBER with
 * the value in *number, a missing code, or CODEBOOK_NO_ANSWER; *number is then NaN).
 * A missing code is recognised before the range is checked; anything else that is not
 * a number within the range is an error at file:line:column. */
static int16_t read_number(struct survey_import *si, const struct cb_variable *v,
                           const struct csv_record *rec, long line, long c, double *number)
{
    int code = CODEBOOK_NO_ANSWER;
    double x = NAN;
    *number = NAN;
    enum cb_number r = cb_variable_read_number(v, rec->fields[c], rec->lens[c], &code, &x);
    if (r == CB_NUM_VALUE) {
        *number = x;
        return CODEBOOK_NUMBER;
    }
    if (r == CB_NUM_CODE)
        return (int16_t)code;
    if (r == CB_NUM_EMPTY)
        return CODEBOOK_NO_ANSWER;
    char range[96];
    cb_variable_range_text(v, range, sizeof(range));
    struct strbuf miss = STRBUF_INIT;
    describe_missing(v, &miss);
    const char *cell = rec->fields[c];
    size_t clen = rec->lens[c];
    text_trim(&cell, &clen);
    const char *q = cell_quote(&si->q, cell, clen);
    switch (r) {
    case CB_NUM_NOT_NUMBER:
        diag_error(si->job.dl, si->file, line, c + 1,
                   "answer %s for '%s' is not a number (expected a number, %s%s)", q, v->id,
                   range, miss.buf);
        break;
    case CB_NUM_BELOW:
    case CB_NUM_ABOVE:
        diag_error(si->job.dl, si->file, line, c + 1,
                   "answer %s for '%s' is %s its range (%s%s)", q, v->id,
                   r == CB_NUM_BELOW ? "below" : "above", range, miss.buf);
        break;
    default:
        diag_error(si->job.dl, si->file, line, c + 1,
                   "answer %s for '%s' has decimals, but the codebook says decimals = no", q, v->id);
        break;
    }
    strbuf_release(&miss);
    return CODEBOOK_NO_ANSWER;
}

/* The answer code of variable i's cell in rec (line `line`) when it is not a one-byte
 * code: a number variable's value (into si->numbers), a label, an empty cell, or an
 * error reported at file:line:column (the code is then CODEBOOK_NO_ANSWER). */
static int16_t read_answer(struct survey_import *si, const struct csv_record *rec, long line,
                           size_t i)
{
    struct diag_list *dl = si->job.dl;
    const struct cb_variable *v = &si->cb->vars[i];
    long c = si->col_var[i];
    if (v->numeric)
        return read_number(si, v, rec, line, c, &si->numbers[si->num_index[i]]);
    int32_t fast = read_cell(&si->memo[i], si->bytes[i], v, rec->fields[c], rec->lens[c]);
    if (fast != CELL_SLOW)
        return (int16_t)fast;
    int code = CODEBOOK_NO_ANSWER;
    enum cb_cell r = cb_variable_read(v, rec->fields[c], rec->lens[c], &code);
    if (r == CB_CELL_EMPTY)
        code = CODEBOOK_NO_ANSWER;
    else if (r == CB_CELL_LOOSE_NUMBER) {
        diag_error(dl, si->file, line, c + 1,
                   "code %s for '%s': write a code as digits only, without a '+' sign or "
                   "blanks (as a count)",
                   cell_quote(&si->q, rec->fields[c], rec->lens[c]), v->id);
    } else if (r != CB_CELL_CODE) {
        struct strbuf codes = STRBUF_INIT;
        describe_codes(v, &codes);
        const char *cell = rec->fields[c];
        size_t clen = rec->lens[c];
        text_trim(&cell, &clen);
        diag_error(dl, si->file, line, c + 1, "%s %s is not declared for '%s' (codes: %s)",
                   r == CB_CELL_UNKNOWN_CODE ? "code" : "answer",
                   cell_quote(&si->q, cell, clen), v->id, codes.buf);
        strbuf_release(&codes);
    }
    return (int16_t)code;
}

/* text_trim and the formula guard's apostrophe dropped (util/text.h: a text cell of
 * `trygg export` or another spreadsheet-safe export), without the calls for the usual
 * cell, which neither starts nor ends with a space or a tab nor starts with a '. */
static inline void trim_cell(const char **s, size_t *len)
{
    if (*len && (*s)[0] != ' ' && (*s)[0] != '\t' && (*s)[0] != '\'' &&
        (*s)[*len - 1] != ' ' && (*s)[*len - 1] != '\t')
        return;
    text_trim(s, len);
    text_formula_unguard(s, len);
}

static int on_record(void *ctx, const struct csv_record *rec)
{
    struct survey_import *si = ctx;
    struct diag_list *dl = si->job.dl;
    struct codebook *cb = si->cb;
    if (!si->header_seen) {
        on_header(si, rec);
        return job_failed(&si->job) ? 1 : 0;
    }
    if (job_ragged_row(&si->job, rec, si->n_columns))
        return 0; /* go on: the rest of the file is checked too */
    size_t errors_before = dl->n_errors;
    long line = rec->line;

    const char *ext = rec->fields[si->col_resp];
    size_t ext_len = rec->lens[si->col_resp];
    trim_cell(&ext, &ext_len);
    if (!ext_len)
        diag_error(dl, si->file, line, si->col_resp + 1, "the respondent id is empty");
    else if (ext_len > RESPBLOCK_MAX_ID_BYTES)
        diag_error(dl, si->file, line, si->col_resp + 1,
                   "the respondent id is longer than %d bytes", RESPBLOCK_MAX_ID_BYTES);

    const char *wlabel = cb->wave_fixed;
    size_t wlen = wlabel ? strlen(wlabel) : 0;
    if (si->col_wave >= 0) {
        wlabel = rec->fields[si->col_wave];
        wlen = rec->lens[si->col_wave];
        trim_cell(&wlabel, &wlen);
        if (!wlen)
            diag_error(dl, si->file, line, si->col_wave + 1, "the wave is empty");
    }

    const char *area = NULL, *area_cell = NULL;
    size_t area_len = 0, area_cell_len = 0;
    int64_t area_known = 0; /* the area's id, from the cache; 0: look it up */
    if (si->col_area >= 0) {
        const char *cell = rec->fields[si->col_area];
        size_t clen = rec->lens[si->col_area];
        trim_cell(&cell, &clen);
        if (clen && !label_get(&si->area_cache, cell, clen, &area_known)) {
            area_cell = cell;
            area_cell_len = clen;
            area = codebook_area_name(cb, cell, clen);
            if (!area)
                diag_error(dl, si->file, line, si->col_area + 1,
                           "area %s is not declared in the codebook's [area] section",
                           cell_quote(&si->q, cell, clen));
            else
                area_len = area == cell ? clen : strlen(area);
        }
    }

    double weight = 1.0;
    if (si->col_weight >= 0) {
        const char *cell = rec->fields[si->col_weight];
        size_t clen = rec->lens[si->col_weight];
        enum num_status ns = num_parse_double(cell, clen, &weight);
        if (ns == NUM_EMPTY)
            diag_error(dl, si->file, line, si->col_weight + 1, "the weight is empty");
        else if (ns != NUM_OK)
            diag_error(dl, si->file, line, si->col_weight + 1, "weight %s %s",
                       cell_quote(&si->q, cell, clen), num_status_text(ns));
        else if (!(weight > 0))
            diag_error(dl, si->file, line, si->col_weight + 1,
                       "weight %s must be greater than 0", cell_quote(&si->q, cell, clen));
        else if (weight > CODEBOOK_MAX_WEIGHT) /* sums would overflow (codebook.h) */
            diag_error(dl, si->file, line, si->col_weight + 1,
                       "weight %s is larger than 1000000000 (a billion people for one "
                       "respondent)",
                       cell_quote(&si->q, cell, clen));
    }

    const char *stratum = NULL, *cluster = NULL;
    size_t stratum_len = 0, cluster_len = 0;
    if (si->col_stratum >= 0) {
        stratum = rec->fields[si->col_stratum];
        stratum_len = rec->lens[si->col_stratum];
        trim_cell(&stratum, &stratum_len);
        if (!stratum_len)
            diag_error(dl, si->file, line, si->col_stratum + 1, "the stratum is empty");
    }
    /* a codebook with population sizes must give one for every stratum it meets, or the
     * finite population correction could not be applied when the survey is analysed */
    if (cb->n_pops > 0 && wlen && (!stratum || stratum_len) &&
        !codebook_population(cb, wlabel, wlen, stratum, stratum_len)) {
        if (stratum) {
            struct strbuf wq = STRBUF_INIT; /* si->q holds the stratum */
            diag_error(dl, si->file, line, si->col_stratum + 1,
                       "the codebook's [population] gives no size for stratum %s (wave %s); "
                       "add a line 'stratum.LABEL = N' for it",
                       cell_quote(&si->q, stratum, stratum_len), cell_quote(&wq, wlabel, wlen));
            strbuf_release(&wq);
        } else
            diag_error(dl, si->file, line, 0,
                       "the codebook's [population] gives no size for wave %s; add "
                       "'total = N'",
                       cell_quote(&si->q, wlabel, wlen));
    }
    if (si->col_cluster >= 0) {
        cluster = rec->fields[si->col_cluster];
        cluster_len = rec->lens[si->col_cluster];
        trim_cell(&cluster, &cluster_len);
        if (!cluster_len)
            diag_error(dl, si->file, line, si->col_cluster + 1, "the cluster is empty");
    }

    /* most cells are one byte of a code: straight from the variable's table (a
     * number variable's holds none); any other cell from read_answer */
    const long *cols = si->col_var;
    const char *const *fields = rec->fields;
    const size_t *lens = rec->lens;
    byte_codes *bytes = si->bytes;
    int16_t *answers = si->answers;
    for (size_t i = 0, nv = cb->n_vars; i < nv; i++) {
        long c = cols[i];
        int32_t code = lens[c] == 1 ? bytes[i][(unsigned char)fields[c][0]] : CELL_SLOW;
        answers[i] = code != CELL_SLOW ? (int16_t)code : read_answer(si, rec, line, i);
    }

    if (dl->n_errors > errors_before || job_failed(&si->job))
        return 0; /* keep checking, stop writing */

    long long area_id = area_known;
    int32_t stratum_id = 0, cluster_id = 0;
    struct block_builder *b = wave_builder(si, wlabel, wlen);
    if (!b || (area && job_area_id(&si->job, area, area_len, &area_id) != 0))
        return IMPORT_FAILED;
    if (area)
        label_put(&si->area_cache, area_cell, area_cell_len, area_id);
    if ((stratum && unit_id(si, "stratum", stratum, stratum_len, &stratum_id) != 0) ||
        (cluster && unit_id(si, "cluster", cluster, cluster_len, &cluster_id) != 0))
        return IMPORT_FAILED;
    if (area_id > INT32_MAX) {
        store_error(si->job.st, dl, "too many areas");
        return IMPORT_FAILED;
    }
    bool full = block_builder_add(b, ext, ext_len, line, weight, (int32_t)area_id, stratum_id,
                                  cluster_id, si->answers, si->numbers);
    si->buffered++;
    if (full && block_builder_flush(b, si->job.st, si->job.import_id, cb->col_stratum != NULL,
                                    cb->col_cluster != NULL, dl) != 0)
        return IMPORT_FAILED;
    if (si->buffered >= MAX_BUFFERED_ROWS && flush_all(si) != 0)
        return IMPORT_FAILED;
    si->rows++;
    si->wave_rows[b - si->builders]++;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct strmap_entry *x = *(const struct strmap_entry *const *)a;
    const struct strmap_entry *y = *(const struct strmap_entry *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void summarize(struct survey_import *si)
{
    struct strbuf sb = STRBUF_INIT, q = STRBUF_INIT;
    strbuf_addf(&sb, "%llu respondent%s", si->rows, si->rows == 1 ? "" : "s");
    /* waves (label -> builder index) with their counts */
    struct strmap wave_rows;
    strmap_init(&wave_rows);
    for (size_t i = 0; i < si->waves.n_slots; i++) {
        const struct strmap_entry *w = &si->waves.slots[i];
        if (w->key && si->wave_rows[w->value])
            strmap_put(&wave_rows, w->key, w->len, (int64_t)si->wave_rows[w->value]);
    }
    const struct strmap_entry **e = xmalloc((wave_rows.n + 1) * sizeof(*e));
    size_t n = 0;
    for (size_t i = 0; i < wave_rows.n_slots; i++)
        if (wave_rows.slots[i].key)
            e[n++] = &wave_rows.slots[i];
    qsort(e, n, sizeof(*e), cmp_entry);
    for (size_t i = 0; i < n && i < 8; i++) {
        strbuf_reset(&q);
        diag_quote(&q, e[i]->key, e[i]->len, 40);
        strbuf_addf(&sb, "%s%s: %lld", i ? ", " : " (wave ", q.buf, (long long)e[i]->value);
    }
    if (n > 8)
        strbuf_addstr(&sb, ", ...");
    if (n)
        strbuf_addch(&sb, ')');
    strbuf_addf(&sb, ", survey '%s'", si->cb->survey_id);
    snprintf(si->job.rep->summary, sizeof(si->job.rep->summary), "%s", sb.buf);
    free(e);
    strmap_release(&wave_rows);
    strbuf_release(&sb);
    strbuf_release(&q);
}

/* Whether import `id` was read with a codebook of the same bytes as cb. */
static bool same_codebook(struct store *st, long long id, const struct codebook *cb,
                          struct diag_list *dl)
{
    sqlite3_stmt *s = store_prepare(st,
                                    "SELECT c.sha256 FROM import i JOIN codebook c "
                                    "ON c.id = i.codebook_id WHERE i.id = ?1",
                                    dl);
    if (!s)
        return false;
    sqlite3_bind_int64(s, 1, id);
    bool same = sqlite3_step(s) == SQLITE_ROW && !strcmp(store_column_text(s, 0), cb->sha256);
    sqlite3_finalize(s);
    return same;
}

/* Says what changed between the codebook an import was read with before (`old`) and
 * the one it is read with now: variables added or dropped, codes added, dropped or
 * relabelled, indicator and scale codes, the version.  Notes in dl, at most 20. */
static void codebook_changes(const struct codebook *old, const struct codebook *cb,
                             const char *file, struct diag_list *dl)
{
    size_t said = 0;
#define CHANGE(...)                                                                        \
    do {                                                                                   \
        if (said++ < 20)                                                                   \
            diag_note(dl, file, 0, 0, __VA_ARGS__);                                        \
    } while (0)
    const char *ov = old->version ? old->version : "", *nv = cb->version ? cb->version : "";
    if (strcmp(ov, nv))
        CHANGE("codebook replaced: version '%s' is now '%s'", ov, nv);
    for (size_t i = 0; i < old->n_vars; i++) {
        const struct cb_variable *a = &old->vars[i], *b = NULL;
        for (size_t j = 0; j < cb->n_vars && !b; j++)
            if (!strcmp(cb->vars[j].id, a->id))
                b = &cb->vars[j];
        if (!b) {
            CHANGE("codebook replaced: '%s' is gone", a->id);
            continue;
        }
        struct strbuf d = STRBUF_INIT;
        for (size_t k = 0; k < a->n_values; k++) {
            const struct cb_value *x = &a->values[k], *y = NULL;
            for (size_t m = 0; m < b->n_values && !y; m++)
                if (b->values[m].code == x->code)
                    y = &b->values[m];
            if (!y)
                strbuf_addf(&d, "%scode %d dropped", d.len ? "; " : "", x->code);
            else if (strcmp(x->label_sv, y->label_sv) || x->missing != y->missing ||
                     x->indicator != y->indicator || x->in_scale != y->in_scale)
                strbuf_addf(&d, "%scode %d: '%s'%s%s%s -> '%s'%s%s%s", d.len ? "; " : "",
                            x->code, x->label_sv, x->missing ? " missing" : "",
                            x->indicator ? " indicator" : "", x->in_scale ? " scale" : "",
                            y->label_sv, y->missing ? " missing" : "",
                            y->indicator ? " indicator" : "", y->in_scale ? " scale" : "");
        }
        for (size_t m = 0; m < b->n_values; m++) {
            bool known = false;
            for (size_t k = 0; k < a->n_values && !known; k++)
                known = a->values[k].code == b->values[m].code;
            if (!known)
                strbuf_addf(&d, "%scode %d '%s' added", d.len ? "; " : "", b->values[m].code,
                            b->values[m].label_sv);
        }
        if (strcmp(a->column, b->column))
            strbuf_addf(&d, "%scolumn '%s' -> '%s'", d.len ? "; " : "", a->column, b->column);
        /* a number variable: its type, range and decimals (its bands show as codes) */
        char ra[96], rb[96];
        cb_variable_range_text(a, ra, sizeof(ra));
        cb_variable_range_text(b, rb, sizeof(rb));
        if (a->numeric != b->numeric)
            strbuf_addf(&d, "%stype %s -> %s", d.len ? "; " : "", a->numeric ? "number" : "code",
                        b->numeric ? "number" : "code");
        else if (a->numeric && (strcmp(ra, rb) || a->decimals != b->decimals))
            strbuf_addf(&d, "%srange %s%s -> %s%s", d.len ? "; " : "", ra,
                        a->decimals ? "" : ", whole numbers", rb,
                        b->decimals ? "" : ", whole numbers");
        if (d.len)
            CHANGE("codebook replaced: %s: %s", a->id, d.buf);
        strbuf_release(&d);
    }
    for (size_t j = 0; j < cb->n_vars; j++) {
        bool known = false;
        for (size_t i = 0; i < old->n_vars && !known; i++)
            known = !strcmp(old->vars[i].id, cb->vars[j].id);
        if (!known)
            CHANGE("codebook replaced: '%s' added", cb->vars[j].id);
    }
    if (said > 20)
        diag_note(dl, file, 0, 0, "codebook replaced: %zu more changes", said - 20);
#undef CHANGE
}

/* After --replace: what changed against each codebook the replaced imports used. */
static void report_replaced_codebooks(struct survey_import *si, long long codebook_id)
{
    for (size_t i = 0; i < si->job.n_replaced_codebooks; i++) {
        long long old_id = si->job.replaced_codebooks[i];
        if (old_id == codebook_id)
            continue;
        sqlite3_stmt *s = store_prepare(
            si->job.st, "SELECT file_name, content FROM codebook WHERE id = ?1", si->job.dl);
        if (!s)
            return;
        sqlite3_bind_int64(s, 1, old_id);
        if (sqlite3_step(s) == SQLITE_ROW) {
            const char *text = store_column_text(s, 1);
            struct diag_list scratch;
            diag_list_init(&scratch, 1);
            struct codebook *old =
                codebook_parse(store_column_text(s, 0), text, strlen(text), &scratch);
            diag_list_release(&scratch);
            if (old) {
                codebook_changes(old, si->cb, si->file, si->job.dl);
                codebook_free(old);
            }
        }
        sqlite3_finalize(s);
    }
}

/* A codebook version new to a survey that has others is said aloud, with the list,
 * so a version is never added silently. */
static void report_versions(struct store *st, const struct codebook *cb, const char *file,
                            bool new_codebook, struct diag_list *dl)
{
    if (!new_codebook)
        return;
    sqlite3_stmt *s = store_prepare(st,
                                    "SELECT c.id, COALESCE(c.version, ''), c.file_name "
                                    "FROM codebook c JOIN survey s ON s.id = c.survey_id "
                                    "WHERE s.key = ?1 ORDER BY c.id",
                                    dl);
    if (!s)
        return;
    sqlite3_bind_text(s, 1, cb->survey_id, -1, SQLITE_STATIC);
    struct strbuf list = STRBUF_INIT;
    size_t n = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        strbuf_addf(&list, "%s%lld '%s' (%s)", n ? ", " : "",
                    (long long)sqlite3_column_int64(s, 0), store_column_text(s, 1),
                    store_column_text(s, 2));
        n++;
    }
    sqlite3_finalize(s);
    if (n > 1)
        diag_note(dl, file, 0, 0,
                  "a new codebook version of survey '%s': it now has %zu (%s); 'trygg info "
                  "survey %s' shows which waves each reads",
                  cb->survey_id, n, list.buf, cb->survey_id);
    strbuf_release(&list);
}

enum import_status import_survey(struct store *st, const char *codebook_path,
                                 const char *data_path, const struct import_options *opt,
                                 struct import_report *rep, struct diag_list *dl)
{
    struct survey_import si;
    memset(&si, 0, sizeof(si));
    si.file = data_path;
    strbuf_init(&si.q);
    strmap_init(&si.waves);
    strmap_init(&si.strata);
    strmap_init(&si.clusters);
    si.cb = codebook_load(codebook_path, dl);
    if (!si.cb) {
        memset(rep, 0, sizeof(*rep));
        return IMPORT_REFUSED;
    }
    enum import_status status =
        job_begin_hash_on_read(&si.job, st, "survey", data_path, opt, rep, dl);
    long long codebook_id = 0;
    struct csv_file_info info;
    if (status == IMPORT_ALREADY && !same_codebook(st, rep->already_imported, si.cb, dl)) {
        diag_error(dl, data_path, 0, 0,
                   "this file was already imported as import %lld, with another codebook; use "
                   "--replace to import it again with %s (its answers are then checked "
                   "against this codebook)",
                   rep->already_imported, si.cb->path);
        status = IMPORT_REFUSED;
    }
    if (status != IMPORT_OK)
        goto out;
    bool new_codebook = false;
    if (store_codebook(&si, &codebook_id, &new_codebook) != 0 ||
        job_set_codebook(&si.job, codebook_id) != 0) {
        status = IMPORT_FAILED;
        goto out;
    }
    si.sel_wave = store_prepare(st, "SELECT id FROM wave WHERE survey_id = ?1 AND label = ?2", dl);
    si.ins_wave = store_prepare(st, "INSERT INTO wave (survey_id, label, year) VALUES (?1, ?2, ?3)",
                                dl);
    si.sel_unit = store_prepare(
        st, "SELECT id FROM design_unit WHERE survey_id = ?1 AND kind = ?2 AND label = ?3", dl);
    si.ins_unit = store_prepare(
        st, "INSERT INTO design_unit (survey_id, kind, label) VALUES (?1, ?2, ?3)", dl);
    if (!si.sel_wave || !si.ins_wave || !si.sel_unit || !si.ins_unit) {
        status = IMPORT_FAILED;
        goto out;
    }
    si.answers = xmalloc((si.cb->n_vars ? si.cb->n_vars : 1) * sizeof(*si.answers));
    for (size_t i = 0; i < si.cb->n_vars; i++)
        si.n_num += si.cb->vars[i].numeric;
    si.numbers = xmalloc((si.n_num ? si.n_num : 1) * sizeof(*si.numbers));
    /* CSV, or SPSS/Stata through ReadStat with the same rows (data/statfile.h) */
    int rc = table_read_file(data_path, &opt->csv, on_record, &si, &info, dl);
    if (rc == IMPORT_FAILED) { /* a database failure, not the data */
        status = IMPORT_FAILED;
        goto out;
    }
    if (!si.header_seen && !job_failed(&si.job))
        diag_error(dl, data_path, 1, 0, "the file is empty (no header line)");
    else if (!job_failed(&si.job) && si.rows == 0)
        diag_error(dl, data_path, 2, 0, "the file has a header but no respondents");
    if (!job_failed(&si.job)) {
        if (flush_all(&si) != 0) {
            status = IMPORT_FAILED;
            goto out;
        }
        /* the blocks are written: their buffers (~300 KB a wave) make room for the
         * duplicate check's (respblock.c, CURSOR_BUDGET) */
        long long *waves = xmalloc((si.n_builders + 1) * sizeof(*waves));
        for (size_t i = 0; i < si.n_builders; i++) {
            waves[i] = si.builders[i].wave_id;
            block_builder_release(&si.builders[i]);
        }
        long dups = respblock_check_duplicates(st, waves, si.n_builders, si.job.import_id,
                                               data_path, si.col_resp + 1, dl);
        free(waves);
        if (dups < 0) {
            status = IMPORT_FAILED;
            goto out;
        }
    }
    rep->rows = si.rows;
    if (!job_failed(&si.job)) {
        summarize(&si);
        report_replaced_codebooks(&si, codebook_id);
    }
    status = job_finish(&si.job, &info);
    if (status == IMPORT_OK)
        report_versions(st, si.cb, data_path, new_codebook, dl);
out:
    sqlite3_finalize(si.sel_wave);
    sqlite3_finalize(si.ins_wave);
    sqlite3_finalize(si.sel_unit);
    sqlite3_finalize(si.ins_unit);
    for (size_t i = 0; i < si.n_builders; i++)
        block_builder_release(&si.builders[i]);
    free(si.builders);
    strmap_release(&si.strata);
    strmap_release(&si.clusters);
    job_release(&si.job);
    codebook_free(si.cb);
    free(si.col_var);
    free(si.answers);
    free(si.numbers);
    strbuf_release(&si.q);
    strmap_release(&si.waves);
    free(si.wave_rows);
    free(si.memo);
    free(si.bytes);
    free(si.num_index);
    return status;
}
