/*
 * criteria_log — see criteria_log.h.
 */
#include "store/criteria_log.h"

#include <stdio.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

int criteria_log_see(struct store *st, const char *evaluation, const char *criteria_sha256,
                     const char *spec_sha256, const char *now_utc, struct criteria_seen *out,
                     struct diag_list *dl)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q = store_prepare(st,
                                    "SELECT first_run_utc FROM criteria_seen "
                                    "WHERE evaluation = ?1 AND criteria_sha256 = ?2",
                                    dl);
    if (!q)
        return -1;
    store_bind_text(q, 1, evaluation);
    store_bind_text(q, 2, criteria_sha256);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        copy(out->first_run_utc, sizeof(out->first_run_utc), store_column_text(q, 0));
        out->recorded = true;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(st, dl, "reading when the criteria were first run");
    if (rc == SQLITE_DONE) {
        copy(out->first_run_utc, sizeof(out->first_run_utc), now_utc);
        out->first_time = true;
        sqlite3_stmt *ins = store_prepare(st,
                                          "INSERT INTO criteria_seen (evaluation, "
                                          "criteria_sha256, spec_sha256, first_run_utc) "
                                          "VALUES (?1, ?2, ?3, ?4)",
                                          dl);
        if (!ins)
            return -1;
        store_bind_text(ins, 1, evaluation);
        store_bind_text(ins, 2, criteria_sha256);
        store_bind_text(ins, 3, spec_sha256);
        store_bind_text(ins, 4, now_utc);
        int irc = sqlite3_step(ins);
        sqlite3_finalize(ins);
        if (irc == SQLITE_DONE)
            out->recorded = true;
        else if ((irc & 0xff) != SQLITE_READONLY && (irc & 0xff) != SQLITE_CANTOPEN &&
                 (irc & 0xff) != SQLITE_PERM)
            return store_error(st, dl, "recording when the criteria were first run");
    }
    /* the evaluation's latest other criteria that were first run before these */
    sqlite3_stmt *p = store_prepare(st,
                                    "SELECT criteria_sha256, first_run_utc FROM criteria_seen "
                                    "WHERE evaluation = ?1 AND criteria_sha256 <> ?2 "
                                    "AND first_run_utc <= ?3 "
                                    "ORDER BY first_run_utc DESC, rowid DESC LIMIT 1",
                                    dl);
    if (!p)
        return -1;
    store_bind_text(p, 1, evaluation);
    store_bind_text(p, 2, criteria_sha256);
    store_bind_text(p, 3, out->first_run_utc);
    rc = sqlite3_step(p);
    if (rc == SQLITE_ROW) {
        copy(out->previous_sha256, sizeof(out->previous_sha256), store_column_text(p, 0));
        copy(out->previous_first_run_utc, sizeof(out->previous_first_run_utc),
             store_column_text(p, 1));
    }
    sqlite3_finalize(p);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_error(st, dl, "reading earlier criteria");
    return 0;
}
