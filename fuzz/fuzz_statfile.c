/*
 * fuzz_statfile — SPSS (.sav, .zsav, .por) and Stata (.dta) files through ReadStat
 * (src/lib/data/statfile.h): the dictionary (statfile_read_meta) and the cases
 * (statfile_read), as a survey import reads them.  The first input byte picks the
 * format (the extension the file is given); the rest is the file.  The rows must keep
 * csvread's promises: every field NUL-terminated at its length, valid UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "data/statfile.h"
#include "fuzz.h"
#include "util/utf8.h"

static int statfile_check_record(void *ctx, const struct csv_record *rec)
{
    (void)ctx;
    for (size_t i = 0; i < rec->n_fields; i++) {
        const char *f = rec->fields[i];
        size_t len = rec->lens[i];
        if (f[len] != '\0' || memchr(f, '\0', len) || !utf8_valid(f, len, NULL))
            abort();
    }
    return 0;
}

FUZZ_TARGET(statfile)
{
    if (size < 1)
        return 0;
    static const char *const suffix[] = {".sav", ".zsav", ".por", ".dta"};
    static const enum statfile_format format[] = {STATFILE_SAV, STATFILE_SAV, STATFILE_POR,
                                                  STATFILE_DTA};
    int k = data[0] & 3;
    const char *path = fuzz_write_temp(8 + k, suffix[k], data + 1, size - 1);
    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct statfile_meta meta;
    memset(&meta, 0, sizeof(meta));
    if (statfile_read_meta(path, &meta, &dl) == 0)
        for (size_t i = 0; i < meta.n_vars; i++)
            (void)statfile_var_labels(&meta, &meta.vars[i]);
    statfile_meta_release(&meta);
    diag_list_clear(&dl);
    struct csv_file_info info;
    (void)statfile_read(path, format[k], statfile_check_record, NULL, &info, &dl);
    diag_list_release(&dl);
    return 0;
}
