/*
 * schema — see schema.h and docs/schema.md.
 *
 * Design notes.  Respondents are stored in columnar blocks of up to 4,096
 * (store/respblock.h), not one row per respondent or per answer: a million
 * respondents with twenty questions would otherwise be a million or twenty million
 * rows, and both import and analysis were dominated by SQLite's per-row cost.  Periods are ISO text ('2019-06' or '2019-06-30'), which sorts
 * correctly.  Every imported row points at its import, so an import can be removed
 * whole (ON DELETE CASCADE) and every number traced to a file and its SHA-256.
 */
#include "store/schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/obsblock.h"
#include "store/respblock.h"
#include "util/xalloc.h"

/* Migration 1: the first schema.  One string per statement. */
static const char *const migration_1[] = {
    "CREATE TABLE import (\n"
    "  id            INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  kind          TEXT NOT NULL CHECK (kind IN ('survey','incidents','interventions')),\n"
    "  file_name     TEXT NOT NULL,\n"
    "  sha256        TEXT NOT NULL,\n"
    "  size_bytes    INTEGER NOT NULL,\n"
    "  rows          INTEGER NOT NULL,\n"
    "  imported_at   TEXT NOT NULL,\n"
    "  trygg_version TEXT NOT NULL,\n"
    "  codebook_id   INTEGER REFERENCES codebook(id),\n"
    "  options       TEXT NOT NULL DEFAULT ''\n"
    ");\n",
    "CREATE UNIQUE INDEX import_kind_sha256 ON import(kind, sha256);\n",
    "CREATE TABLE survey (\n"
    "  id       INTEGER PRIMARY KEY,\n"
    "  key      TEXT NOT NULL UNIQUE,\n"
    "  title_sv TEXT,\n"
    "  title_en TEXT\n"
    ");\n",
    "CREATE TABLE codebook (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  survey_id   INTEGER NOT NULL REFERENCES survey(id),\n"
    "  file_name   TEXT NOT NULL,\n"
    "  sha256      TEXT NOT NULL UNIQUE,\n"
    "  version     TEXT,\n"
    "  content     TEXT NOT NULL,\n"
    "  n_variables INTEGER NOT NULL,\n"
    "  loaded_at   TEXT NOT NULL\n"
    ");\n",
    "CREATE TABLE variable (\n"
    "  id                 INTEGER PRIMARY KEY,\n"
    "  codebook_id        INTEGER NOT NULL REFERENCES codebook(id) ON DELETE CASCADE,\n"
    "  key                TEXT NOT NULL,\n"
    "  kind               TEXT NOT NULL CHECK (kind IN ('question','background')),\n"
    "  position           INTEGER NOT NULL,\n"
    "  column_name        TEXT NOT NULL,\n"
    "  text_sv            TEXT,\n"
    "  text_en            TEXT,\n"
    "  reversed           INTEGER NOT NULL DEFAULT 0,\n"
    "  indicator_label_sv TEXT,\n"
    "  indicator_label_en TEXT,\n"
    "  item_group         TEXT,\n"
    "  UNIQUE (codebook_id, key),\n"
    "  UNIQUE (codebook_id, position)\n"
    ");\n",
    "CREATE TABLE variable_value (\n"
    "  variable_id  INTEGER NOT NULL REFERENCES variable(id) ON DELETE CASCADE,\n"
    "  code         INTEGER NOT NULL,\n"
    "  label_sv     TEXT NOT NULL,\n"
    "  label_en     TEXT,\n"
    "  is_missing   INTEGER NOT NULL,\n"
    "  is_indicator INTEGER NOT NULL,\n"
    "  in_scale     INTEGER NOT NULL,\n"
    "  score        REAL,\n"
    "  PRIMARY KEY (variable_id, code)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE area (\n"
    "  id   INTEGER PRIMARY KEY,\n"
    "  name TEXT NOT NULL UNIQUE\n"
    ");\n",
    "CREATE TABLE wave (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  survey_id INTEGER NOT NULL REFERENCES survey(id),\n"
    "  label     TEXT NOT NULL,\n"
    "  year      INTEGER,\n"
    "  UNIQUE (survey_id, label)\n"
    ");\n",
    "CREATE TABLE design_unit (\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  survey_id INTEGER NOT NULL REFERENCES survey(id),\n"
    "  kind      TEXT NOT NULL CHECK (kind IN ('stratum','cluster')),\n"
    "  label     TEXT NOT NULL,\n"
    "  UNIQUE (survey_id, kind, label)\n"
    ");\n",
    "CREATE TABLE respondent_block (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  import_id  INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
    "  wave_id    INTEGER NOT NULL REFERENCES wave(id),\n"
    "  n          INTEGER NOT NULL CHECK (n BETWEEN 1 AND 4096),\n"
    "  n_vars     INTEGER NOT NULL,\n"
    "  first_line INTEGER NOT NULL,\n"
    "  weight     BLOB NOT NULL,\n"
    "  area       BLOB NOT NULL,\n"
    "  stratum    BLOB,\n"
    "  cluster    BLOB,\n"
    "  answers    BLOB NOT NULL,\n"
    "  keys       BLOB NOT NULL\n"
    ");\n",
    "CREATE INDEX respondent_block_wave ON respondent_block(wave_id);\n",
    "CREATE INDEX respondent_block_import ON respondent_block(import_id);\n",
    "CREATE TABLE category (\n"
    "  id         INTEGER PRIMARY KEY,\n"
    "  key        TEXT NOT NULL UNIQUE,\n"
    "  label_sv   TEXT,\n"
    "  label_en   TEXT,\n"
    "  detection  TEXT NOT NULL DEFAULT 'unknown'\n"
    "             CHECK (detection IN ('police','victim','activity','unknown')),\n"
    "  valid_from TEXT,\n"
    "  valid_to   TEXT\n"
    ");\n",
    "CREATE TABLE series (\n"
    "  id          INTEGER PRIMARY KEY,\n"
    "  area_id     INTEGER NOT NULL REFERENCES area(id),\n"
    "  category_id INTEGER NOT NULL REFERENCES category(id),\n"
    "  period_kind TEXT NOT NULL CHECK (period_kind IN ('month','day')),\n"
    "  UNIQUE (area_id, category_id, period_kind)\n"
    ");\n",
    "CREATE TABLE observation (\n"
    "  series_id INTEGER NOT NULL REFERENCES series(id),\n"
    "  period    TEXT NOT NULL,\n"
    "  count     INTEGER NOT NULL CHECK (count >= 0),\n"
    "  exposure  REAL CHECK (exposure > 0),\n"
    "  note      TEXT,\n"
    "  import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
    "  PRIMARY KEY (series_id, period)\n"
    ") WITHOUT ROWID;\n",
    "CREATE TABLE intervention (\n"
    "  id              INTEGER PRIMARY KEY,\n"
    "  import_id       INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
    "  name            TEXT NOT NULL,\n"
    "  area_id         INTEGER NOT NULL REFERENCES area(id),\n"
    "  start_date      TEXT NOT NULL,\n"
    "  end_date        TEXT,\n"
    "  yearly_cost_sek REAL CHECK (yearly_cost_sek >= 0),\n"
    "  note            TEXT,\n"
    "  UNIQUE (name, area_id, start_date)\n"
    ");\n",
    NULL,
};

/* Migration 2: Brå's statistics-database export (store/import_bra.c).  A count may
 * be preliminary ("2019 prel."): a later final figure for the same period replaces
 * it.  source_label keeps the label the source gave the category (e.g. Brå's
 * "Skadegörelse inkl. grov, åverkan (1-3 §)"), so the first and last period of each
 * label -- a series break when a category's label changes -- can be shown. */
static const char *const migration_2[] = {
    "ALTER TABLE observation ADD COLUMN preliminary INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (preliminary IN (0, 1));\n",
    "ALTER TABLE observation ADD COLUMN source_label TEXT;\n",
    NULL,
};

/* Migration 3: interventions as decision evidence (issue 11).  A cost is either a
 * yearly rate (yearly_cost_sek, pro-rated over the days it covers) or an amount for the
 * row's whole period (period_cost_sek, spread evenly over start..end; a budget for a
 * period is not a yearly cost).  title_sv/en are the names a report shows.  A planned
 * delivery (planned_per_month units of the activity category planned_category in the
 * row's area) lets a report set what was delivered against what was planned. */
static const char *const migration_3[] = {
    "ALTER TABLE intervention ADD COLUMN period_cost_sek REAL CHECK (period_cost_sek >= 0);\n",
    "ALTER TABLE intervention ADD COLUMN title_sv TEXT;\n",
    "ALTER TABLE intervention ADD COLUMN title_en TEXT;\n",
    "ALTER TABLE intervention ADD COLUMN planned_per_month REAL CHECK (planned_per_month >= 0);\n",
    "ALTER TABLE intervention ADD COLUMN planned_category TEXT;\n",
    NULL,
};

/* Migration 4: when each evaluation's decision criteria were first run
 * (store/criteria_log.c), by the SHA-256 of the criteria; a report shows the date and
 * any earlier criteria of the same evaluation. */
static const char *const migration_4[] = {
    "CREATE TABLE criteria_seen (\n"
    "  evaluation      TEXT NOT NULL,\n"
    "  criteria_sha256 TEXT NOT NULL,\n"
    "  spec_sha256     TEXT NOT NULL,\n"
    "  first_run_utc   TEXT NOT NULL,\n"
    "  PRIMARY KEY (evaluation, criteria_sha256)\n"
    ");\n",
    NULL,
};

/* Migration 5: number variables (codebook `type = number`): their values at full
 * precision, f64 per respondent and number variable (store/respblock.h); NULL in the
 * blocks of a codebook without number variables. */
static const char *const migration_5[] = {
    "ALTER TABLE respondent_block ADD COLUMN numbers BLOB;\n",
    NULL,
};

/* Migration 6: counts as blocks, one row per series, import and source label
 * (store/obsblock.h), instead of one row per period: importing and reading a Brå
 * export of every municipality x category cost one B-tree insert per month.  The
 * rows of the observation table are moved into blocks by move_observations (C: a
 * block is arrays SQL cannot build), then the table is dropped. */
static const char *const migration_6[] = {
    "CREATE TABLE series_block (\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  series_id     INTEGER NOT NULL REFERENCES series(id),\n"
    "  import_id     INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,\n"
    "  source_label  TEXT,\n"
    "  n             INTEGER NOT NULL CHECK (n >= 1),\n"
    "  first_period  TEXT NOT NULL,\n"
    "  last_period   TEXT NOT NULL,\n"
    "  total         INTEGER NOT NULL CHECK (total >= 0),\n"
    "  n_preliminary INTEGER NOT NULL DEFAULT 0,\n"
    "  period        BLOB NOT NULL,\n"
    "  count         BLOB NOT NULL,\n"
    "  exposure      BLOB,\n"
    "  preliminary   BLOB,\n"
    "  note          BLOB\n"
    ");\n",
    "CREATE INDEX series_block_series ON series_block(series_id);\n",
    "CREATE INDEX series_block_import ON series_block(import_id);\n",
    NULL,
};

/* Moves observation's rows into series_block: the rows of one (series, import,
 * source label) in period order become one block. */
static int move_observations(struct store *st, struct diag_list *dl)
{
    sqlite3_stmt *q = store_prepare(
        st,
        "SELECT o.series_id, o.import_id, o.source_label, s.period_kind, o.period, o.count, "
        "o.exposure, o.preliminary, o.note FROM observation o JOIN series s ON s.id = "
        "o.series_id ORDER BY o.series_id, o.import_id, o.source_label, o.period",
        dl);
    sqlite3_stmt *ins = store_prepare(st, obsblock_insert_sql, dl);
    if (!q || !ins) {
        sqlite3_finalize(q);
        sqlite3_finalize(ins);
        return -1;
    }
    struct obs_set set;
    obs_set_init(&set, true);
    size_t *idx = NULL, alloc_idx = 0;
    long long cur_series = 0, cur_import = 0;
    char *cur_label = NULL;
    enum date_kind cur_kind = DATE_MONTH;
    int rc, result = 0;
    bool more = true;
    while (more && !result) {
        rc = sqlite3_step(q);
        more = rc == SQLITE_ROW;
        const char *label = more ? (const char *)sqlite3_column_text(q, 2) : NULL;
        bool same = more && set.n && sqlite3_column_int64(q, 0) == cur_series &&
                    sqlite3_column_int64(q, 1) == cur_import &&
                    ((!label && !cur_label) || (label && cur_label && !strcmp(label, cur_label)));
        if (set.n && !same) { /* the block so far is complete */
            idx = xgrow(idx, sizeof(*idx), set.n, &alloc_idx);
            for (size_t i = 0; i < set.n; i++)
                idx[i] = i;
            result = obsblock_insert(st, ins, cur_series, cur_import, cur_label, cur_kind, &set,
                                     idx, set.n, dl);
            obs_set_clear(&set);
        }
        if (!more || result)
            break;
        if (!set.n) {
            cur_series = sqlite3_column_int64(q, 0);
            cur_import = sqlite3_column_int64(q, 1);
            free(cur_label);
            cur_label = label ? xstrdup(label) : NULL;
            cur_kind = !strcmp(store_column_text(q, 3), "day") ? DATE_DAY : DATE_MONTH;
        }
        const char *ptext = store_column_text(q, 4);
        struct date d;
        if (date_parse(ptext, strlen(ptext), &d) == DATE_NONE) {
            diag_error(dl, st->path, 0, 0,
                       "database: period '%s' of series %lld is not a date; the database "
                       "cannot be upgraded",
                       ptext, cur_series);
            result = -1;
            break;
        }
        const char *note = (const char *)sqlite3_column_text(q, 8);
        obs_set_push(&set, obs_period_encode(cur_kind, d), sqlite3_column_int64(q, 5),
                     sqlite3_column_type(q, 6) == SQLITE_NULL ? NAN
                                                              : sqlite3_column_double(q, 6),
                     sqlite3_column_int(q, 7) != 0, cur_import, note, note ? strlen(note) : 0);
    }
    if (!result && rc != SQLITE_DONE && rc != SQLITE_ROW)
        result = store_error(st, dl, "reading counts to upgrade the database");
    free(cur_label);
    free(idx);
    obs_set_release(&set);
    sqlite3_finalize(q);
    sqlite3_finalize(ins);
    if (!result)
        result = store_exec(st, "DROP TABLE observation", dl);
    return result;
}

/* Migration 7: the respondent ids of a block (store/respblock.h) in a table of their
 * own, with the block's smallest and largest id.  In respondent_block they followed
 * ~230 KB of answers, so reading them walked the row's chain of overflow pages (the
 * duplicate check of a 1M import read the whole database back); the ranges let the
 * check skip blocks whose ids no other block of the wave can hold. */
static const char *const migration_7[] = {
    "CREATE TABLE respondent_keys (\n"
    "  block_id  INTEGER PRIMARY KEY REFERENCES respondent_block(id) ON DELETE CASCADE,\n"
    "  first_key BLOB,\n"
    "  last_key  BLOB,\n"
    "  keys      BLOB NOT NULL\n"
    ");\n",
    NULL,
};

static int move_keys(struct store *st, struct diag_list *dl)
{
    if (respblock_move_keys(st, dl) != 0)
        return -1;
    return store_exec(st, "ALTER TABLE respondent_block DROP COLUMN keys", dl);
}

struct migration {
    const char *const *sql;
    int (*after)(struct store *st, struct diag_list *dl); /* NULL = SQL only */
};

static const struct migration migrations[] = {
    {migration_1, NULL}, {migration_2, NULL}, {migration_3, NULL},
    {migration_4, NULL}, {migration_5, NULL}, {migration_6, move_observations},
    {migration_7, move_keys},
};

int schema_latest_version(void)
{
    return (int)(sizeof(migrations) / sizeof(migrations[0]));
}

int schema_user_version(struct store *st, struct diag_list *dl)
{
    sqlite3_stmt *stmt = store_prepare(st, "PRAGMA user_version", dl);
    if (!stmt)
        return -1;
    int v = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        v = sqlite3_column_int(stmt, 0);
    else
        store_error(st, dl, "reading the schema version");
    sqlite3_finalize(stmt);
    return v;
}

int schema_migrate(struct store *st, bool may_write, struct diag_list *dl)
{
    int latest = schema_latest_version();
    int v = schema_user_version(st, dl);
    if (v < 0)
        return -1;
    if (v == latest)
        return 0;
    if (v > latest) {
        diag_error(dl, st->path, 0, 0,
                   "the database has schema version %d, written by a newer trygg; this one "
                   "knows versions up to %d",
                   v, latest);
        return -1;
    }
    if (!may_write && v == 0) {
        diag_error(dl, st->path, 0, 0, "is empty; import data first (trygg import ...)");
        return -1;
    }
    if (store_begin(st, dl) != 0)
        return -1;
    /* Another process may have migrated while we waited for the lock. */
    v = schema_user_version(st, dl);
    for (int m = v; m >= 0 && m < latest; m++) {
        char pragma[64];
        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m + 1);
        for (const char *const *stmt = migrations[m].sql; *stmt; stmt++)
            if (store_exec(st, *stmt, dl) != 0) {
                store_rollback(st);
                return -1;
            }
        if (migrations[m].after && migrations[m].after(st, dl) != 0) {
            store_rollback(st);
            return -1;
        }
        if (store_exec(st, pragma, dl) != 0) {
            store_rollback(st);
            return -1;
        }
    }
    return v < 0 ? (store_rollback(st), -1) : store_commit(st, dl);
}
