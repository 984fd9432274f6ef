/*
 * runjson — see runjson.h.
 */
#include "report/runjson.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"

static json_t *number_or_null(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* Strings from data are valid UTF-8 (imports check it); jansson refuses anything else,
 * so a NULL from json_string becomes JSON null rather than a crash. */
static json_t *str(const char *s)
{
    if (!s)
        return json_null();
    /* ASCII minus in machine-readable files (U+2212 makes a number text) */
    struct strbuf sb = STRBUF_INIT;
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        if (utf8_is_minus_sign(s + i, len - i)) {
            strbuf_addch(&sb, '-');
            i += 2;
        } else {
            strbuf_addch(&sb, s[i]);
        }
    }
    json_t *j = json_string(sb.buf ? sb.buf : "");
    strbuf_release(&sb);
    return j ? j : json_null();
}

json_t *runjson_build(const struct evaluation *ev, const char *const *files, size_t n_files,
                      const char *const *notes, size_t n_notes)
{
    json_t *o = json_object();
    json_object_set_new(o, "evaluation", str(ev->id));
    json_object_set_new(o, "trygg_version", str(TRYGG_VERSION));
    json_object_set_new(o, "time_utc", str(ev->time_utc));
    json_object_set_new(o, "language", str(ev->lang));
    json_object_set_new(o, "seed", json_integer((json_int_t)ev->seed));
    /* what the seed drives: the bootstrap intervals (eval/resample.h) */
    json_t *boot = json_object();
    json_object_set_new(boot, "seed", json_integer((json_int_t)ev->seed));
    json_object_set_new(boot, "replicates", json_integer((json_int_t)ev->boot_replicates));
    json_object_set_new(boot, "resamplings", json_integer((json_int_t)ev->n_bootstraps));
    json_object_set_new(boot, "interval", str("BCa (percentile where BCa is not defined)"));
    json_object_set_new(o, "bootstrap", boot);
    json_object_set_new(o, "min_cell", json_integer(ev->min_cell));
    json_object_set_new(o, "conf_level", number_or_null(ev->results.conf_level));
    json_t *spec = json_object();
    json_object_set_new(spec, "file", str(ev->spec_path));
    json_object_set_new(spec, "sha256", str(ev->spec_sha256));
    json_object_set_new(o, "spec", spec);
    if (ev->criteria_sha256[0]) {
        json_t *cj = json_object();
        json_object_set_new(cj, "sha256", str(ev->criteria_sha256));
        json_object_set_new(cj, "first_run_utc", str(ev->criteria_first_run_utc));
        json_object_set_new(cj, "first_run_recorded", json_boolean(ev->criteria_recorded));
        json_object_set_new(cj, "changed_from_sha256", ev->criteria_previous_sha256[0]
                                                           ? str(ev->criteria_previous_sha256)
                                                           : json_null());
        json_object_set_new(cj, "changed_from_first_run_utc",
                            ev->criteria_previous_sha256[0]
                                ? str(ev->criteria_previous_first_run_utc)
                                : json_null());
        json_object_set_new(o, "criteria_registration", cj);
    }
    json_t *imports = json_array();
    for (size_t i = 0; i < ev->n_imports; i++) {
        const struct import_ref *r = &ev->imports[i];
        json_t *j = json_object();
        json_object_set_new(j, "id", json_integer(r->id));
        json_object_set_new(j, "kind", str(r->kind));
        json_object_set_new(j, "file", str(r->file));
        json_object_set_new(j, "sha256", str(r->sha256));
        json_object_set_new(j, "rows", json_integer((json_int_t)r->rows));
        json_object_set_new(j, "imported_at", str(r->imported_at));
        json_object_set_new(j, "trygg_version", str(r->version));
        json_array_append_new(imports, j);
    }
    json_object_set_new(o, "imports", imports);
    json_t *criteria = json_array();
    for (size_t i = 0; i < ev->n_criteria; i++) {
        const struct criterion_outcome *co = &ev->criteria[i];
        const struct criterion *cr = co->criterion;
        json_t *j = json_object();
        json_object_set_new(j, "id", str(cr->id));
        json_object_set_new(j, "outcome", str(cr->outcome));
        json_object_set_new(j, "term", str(cr->term));
        json_object_set_new(j, "rule", str(cr->rule_text));
        json_object_set_new(j, "estimate", number_or_null(co->r.estimate));
        json_object_set_new(j, "conf_low", number_or_null(co->r.conf_low));
        json_object_set_new(j, "conf_high", number_or_null(co->r.conf_high));
        json_object_set_new(j, "conf_level", !isnan(co->r.conf_low) || !isnan(co->r.conf_high)
                                                 ? number_or_null(ev->results.conf_level)
                                                 : json_null());
        json_object_set_new(j, "verdict", str(verdict_name(co->verdict)));
        /* why it could not be judged (or a caveat): a stable code, as results.csv */
        json_object_set_new(j, "reason", co->r.why.code != STAT_R_NONE
                                             ? str(stat_reason_name(co->r.why.code))
                                             : json_null());
        json_object_set_new(j, "design_level",
                            co->design_level ? json_integer(co->design_level) : json_null());
        json_object_set_new(j, "cost_sek", number_or_null(co->cost));
        json_object_set_new(j, "cost_per_unit_sek", number_or_null(co->cost_per_unit));
        json_object_set_new(j, "cost_per_unit_low_sek", number_or_null(co->cost_per_unit_low));
        json_object_set_new(j, "cost_per_unit_high_sek", number_or_null(co->cost_per_unit_high));
        /* why there is a cost but no cost per prevented case (the report's words) */
        json_object_set_new(j, "cost_per_unit_reason", str(co->cost_per_unit_reason));
        /* issue 11: what the estimate measures, how sure, what was delivered */
        json_object_set_new(j, "certainty", str(certainty_name(co->certainty)));
        json_t *pkg = json_array();
        for (size_t k = 0; k < co->n_package; k++)
            json_array_append_new(pkg, str(co->package[k]));
        json_object_set_new(j, "package", pkg);
        json_object_set_new(j, "component_separated", json_boolean(co->separated));
        json_object_set_new(j, "component_cost_sek", number_or_null(co->cost_component));
        bool prev = !isnan(co->cost) && stat_ok(&co->prevented);
        json_object_set_new(j, "prevented", number_or_null(prev ? co->prevented.estimate : NAN));
        json_object_set_new(j, "prevented_low", number_or_null(prev ? co->prevented.conf_low : NAN));
        json_object_set_new(j, "prevented_high",
                            number_or_null(prev ? co->prevented.conf_high : NAN));
        json_object_set_new(j, "months_without_delivery", json_integer((json_int_t)co->gap_months));
        /* the counts behind the estimate: sparse counts and a recording change, each of
         * which may have lowered the certainty (docs/results.md) */
        if (!isnan(co->events_per_month)) {
            json_t *sp = json_object();
            json_object_set_new(sp, "events_per_month", number_or_null(co->events_per_month));
            json_object_set_new(sp, "zero_month_share", number_or_null(co->zero_month_share));
            json_object_set_new(sp, "events_before", number_or_null(co->events_before));
            json_object_set_new(sp, "events_after", number_or_null(co->events_after));
            json_object_set_new(sp, "sparse", str(co->very_sparse ? "very_sparse"
                                                  : co->sparse    ? "sparse"
                                                                  : "no"));
            json_object_set_new(j, "counts", sp);
        } else {
            json_object_set_new(j, "counts", json_null());
        }
        if (co->recording != RECORDING_NONE) {
            json_t *rc = json_object();
            char m[16];
            snprintf(m, sizeof(m), "%04d-%02d", co->recording_month.year,
                     co->recording_month.month);
            json_object_set_new(rc, "month", str(m));
            json_object_set_new(
                rc, "handling",
                str(co->recording == RECORDING_IN_MODEL      ? "level_shift_in_model"
                    : co->recording == RECORDING_IN_CONTRAST ? (co->recording_target_only
                                                                    ? "level_shift_in_contrast_target"
                                                                    : "level_shift_in_contrast_common")
                    : co->recording == RECORDING_CONTRAST    ? "contrast_if_recorded_alike"
                                                             : "not_separated"));
            bool step = co->recording == RECORDING_IN_MODEL ||
                        co->recording == RECORDING_IN_CONTRAST;
            json_object_set_new(rc, "step_ratio",
                                number_or_null(step ? co->recording_step.estimate : NAN));
            json_object_set_new(rc, "step_conf_low",
                                number_or_null(step ? co->recording_step.conf_low : NAN));
            json_object_set_new(rc, "step_conf_high",
                                number_or_null(step ? co->recording_step.conf_high : NAN));
            json_object_set_new(j, "recording_change", rc);
        } else {
            json_object_set_new(j, "recording_change", json_null());
        }
        json_object_set_new(j, "minimum_detectable", number_or_null(co->mde));
        json_object_set_new(j, "summary", str(co->sentence));
        json_array_append_new(criteria, j);
    }
    json_object_set_new(o, "criteria", criteria);
    json_object_set_new(o, "outcomes_not_analysed", json_integer((json_int_t)ev->n_failed_outcomes));
    json_object_set_new(o, "results_rows", json_integer((json_int_t)ev->results.n));
    /* what the outcome ids of results.csv are called in the report language */
    json_t *titles = json_array();
    for (size_t i = 0; i < ev->results.n_titles; i++) {
        const struct result_title *t = &ev->results.titles[i];
        json_t *j = json_object();
        json_object_set_new(j, "analysis", str(t->analysis));
        json_object_set_new(j, "outcome", str(t->outcome));
        json_object_set_new(j, "title", str(t->title));
        json_array_append_new(titles, j);
    }
    json_object_set_new(o, "outcome_titles", titles);
    json_t *jf = json_array();
    for (size_t i = 0; i < n_files; i++)
        json_array_append_new(jf, str(files[i]));
    json_object_set_new(o, "files", jf);
    json_t *jn = json_array();
    for (size_t i = 0; i < n_notes; i++)
        json_array_append_new(jn, str(notes[i]));
    json_object_set_new(o, "notes", jn);
    return o;
}
