/*
 * criteria_date — see criteria_date.h.
 */
#include "eval/criteria_date.h"

#include <string.h>

#include "store/criteria_log.h"

static void feed(struct sha256 *h, const char *s)
{
    /* length-prefixed, so that no two lists of fields hash alike */
    size_t len = s ? strlen(s) : 0;
    unsigned char n[8];
    for (int i = 0; i < 8; i++)
        n[i] = (unsigned char)(len >> (8 * i));
    sha256_feed(h, n, sizeof(n));
    if (len)
        sha256_feed(h, s, len);
}

void criteria_sha256(const struct spec *s, char hex[SHA256_HEX_SIZE])
{
    struct sha256 h;
    sha256_begin(&h);
    feed(&h, "trygg criteria 1");
    for (size_t i = 0; i < s->n_criteria; i++) {
        const struct criterion *cr = &s->criteria[i];
        feed(&h, cr->id);
        feed(&h, cr->outcome);
        feed(&h, cr->term);
        feed(&h, cr->group);
        feed(&h, cr->rule_text);
    }
    sha256_end(&h, hex);
}

int criteria_date_note(struct eval_ctx *c, struct evaluation *ev)
{
    if (!c->spec->n_criteria)
        return 0;
    criteria_sha256(c->spec, ev->criteria_sha256);
    struct criteria_seen seen;
    if (criteria_log_see(c->st, ev->id, ev->criteria_sha256, ev->spec_sha256, ev->time_utc,
                         &seen, c->dl) != 0)
        return -1;
    if (seen.first_time && !seen.recorded) {
        /* runs read the database read-only: the one row a run keeps is written through
         * a connection of its own, when the database can be written at all, in a
         * transaction left open until the reports are written (criteria_date_keep):
         * criteria whose report could not be written were not seen by anyone, and a
         * later run must still call itself their first */
        struct diag_list quiet;
        diag_list_init(&quiet, 0);
        struct store *w = store_open(c->st->path, STORE_WRITE, &quiet);
        if (w && store_begin(w, &quiet) == 0) {
            struct criteria_seen again;
            if (criteria_log_see(w, ev->id, ev->criteria_sha256, ev->spec_sha256, ev->time_utc,
                                 &again, &quiet) == 0 &&
                again.recorded) {
                seen = again;
                if (again.first_time) { /* our row: kept with the reports */
                    ev->criteria_pending = w;
                    w = NULL;
                }
            }
            if (w)
                store_rollback(w);
        }
        store_close(w);
        diag_list_release(&quiet);
    }
    memcpy(ev->criteria_first_run_utc, seen.first_run_utc, sizeof(seen.first_run_utc));
    memcpy(ev->criteria_previous_sha256, seen.previous_sha256, sizeof(seen.previous_sha256));
    memcpy(ev->criteria_previous_first_run_utc, seen.previous_first_run_utc,
           sizeof(seen.previous_first_run_utc));
    ev->criteria_recorded = seen.recorded;
    if (seen.previous_sha256[0])
        eval_caveat(c,
                    L(c, "Beslutskriterierna har ändrats: de kördes första gången %s, men "
                         "utvärderingen kördes redan %s med andra kriterier (SHA-256 %.12s…). "
                         "Kriterier som ändras efter att resultat setts är inte längre "
                         "förhandsbestämda.",
                      "The decision criteria have changed: they were first run on %s, but the "
                      "evaluation was already run on %s with other criteria (SHA-256 "
                      "%.12s…). Criteria changed after results were seen are no longer "
                      "pre-registered."),
                    seen.first_run_utc, seen.previous_first_run_utc, seen.previous_sha256);
    return 0;
}

int criteria_date_keep(struct evaluation *ev, struct diag_list *dl)
{
    struct store *w = ev->criteria_pending;
    if (!w)
        return 0;
    ev->criteria_pending = NULL;
    int rc = store_commit(w, dl);
    if (rc != 0)
        store_rollback(w);
    store_close(w);
    return rc;
}

void criteria_date_drop(struct evaluation *ev)
{
    struct store *w = ev->criteria_pending;
    if (!w)
        return;
    ev->criteria_pending = NULL;
    store_rollback(w);
    store_close(w);
}
