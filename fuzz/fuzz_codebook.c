/*
 * fuzz_codebook — the survey codebook (INI through libinih, then every check of
 * docs/formats.md).  A codebook that loads is then used the way an import uses it:
 * each declared label and code, and a few odd cells, are read back through
 * cb_variable_read(), and must come back as the code they declare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/codebook.h"
#include "fuzz.h"

static void codebook_exercise(const struct codebook *cb)
{
    static const char *const odd[] = {"", " ", "0", "-0", "1e3", "99999", "-32768", "x"};
    for (size_t i = 0; i < cb->n_vars; i++) {
        const struct cb_variable *v = &cb->vars[i];
        if (codebook_find(cb, v->id) == NULL || codebook_find_series(cb, v->id, NULL) == NULL)
            abort();
        for (size_t k = 0; k < v->n_values; k++) {
            const struct cb_value *val = &v->values[k];
            char num[32];
            snprintf(num, sizeof(num), "%d", val->code);
            int code = 0;
            if (cb_variable_read(v, num, strlen(num), &code) != CB_CELL_CODE || code != val->code)
                abort();
            if (cb_variable_value(v, val->code) != val)
                abort();
            (void)cb_variable_read(v, val->label_sv, strlen(val->label_sv), &code);
            if (val->label_en)
                (void)cb_variable_read(v, val->label_en, strlen(val->label_en), &code);
            (void)cb_variable_harmonize(v, val->code);
        }
        for (size_t k = 0; k < sizeof(odd) / sizeof(*odd); k++) {
            int code = 0;
            (void)cb_variable_read(v, odd[k], strlen(odd[k]), &code);
        }
    }
    for (size_t i = 0; i < cb->n_areas; i++)
        if (codebook_area_name(cb, cb->areas[i].name, strlen(cb->areas[i].name)) == NULL)
            abort();
    (void)codebook_area_name(cb, "1", 1);
}

FUZZ_TARGET(codebook)
{
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct codebook *cb = codebook_parse("fuzz.ini", (const char *)data, size, &dl);
    if (cb) {
        if (diag_has_errors(&dl))
            abort();
        codebook_exercise(cb);
        codebook_free(cb);
    } else if (!diag_has_errors(&dl)) {
        abort(); /* refused without saying why */
    }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < dl.n; i++)
        diag_format(&dl.items[i], &sb);
    strbuf_release(&sb);
    diag_list_release(&dl);
    return 0;
}
