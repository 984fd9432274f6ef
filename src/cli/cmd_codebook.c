/*
 * cmd_codebook — `trygg codebook from-sav FILE`: a draft codebook from an SPSS or
 * Stata file's dictionary, on stdout, for the user to review (data/cbgen.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "data/cbgen.h"
#include "data/statfile.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg codebook from-sav FILE.sav > surveys/NAME.ini\n"
          "\n"
          "Writes a draft codebook for an SPSS (.sav, .zsav, .por) or Stata (.dta) file\n"
          "from its variable labels, value labels and user-missing codes: value labels\n"
          "become value.CODE lines, user-missing codes missing.CODE lines.  The respondent,\n"
          "wave, weight and area columns are guessed from usual names (LOPNR, AR, VIKT,\n"
          "OMRADE, ...); guesses and what is left to decide (indicators) are marked TODO.\n"
          "The draft loads as it is; review it before you import with it.\n"
          "Codebook format: docs/formats.md.\n"
          "\n"
          "options:\n"
          "  -h, --help      this help\n"
          "\n"
          "exit status: 0 written; 1 not a readable SPSS or Stata file (or it does not\n"
          "exist, may not be read, is not a regular file); 2 usage; 3 system error: an\n"
          "I/O error reading it or writing standard output\n",
          fp);
}

int cmd_codebook(int argc, char **argv, const struct global_options *g)
{
    (void)g;
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("codebook: unknown or incomplete option '%s' (see 'trygg "
                                   "codebook --help')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("codebook: say what to do: from-sav FILE (see 'trygg codebook "
                               "--help')");
    const char *what = argv[optind++];
    if (strcmp(what, "from-sav"))
        return cli_usage_error("codebook: unknown action '%s' (from-sav)", what);
    if (optind >= argc)
        return cli_usage_error("codebook from-sav: needs an SPSS or Stata FILE");
    if (optind + 1 < argc)
        return cli_usage_error("codebook from-sav: one file at a time");
    const char *file = argv[optind];

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct statfile_meta meta;
    int status = EXIT_OK;
    struct cbgen_values *vals = NULL;
    if (statfile_read_meta(file, &meta, &dl) != 0 || cbgen_scan(file, &meta, &vals, &dl) != 0) {
        cli_print_diags(&dl);
        /* an I/O error reading it is a system failure, not a bad file (util/io.h) */
        status = diag_system_failed(&dl) ? EXIT_SYSTEM : EXIT_DATA;
    } else {
        struct strbuf sb = STRBUF_INIT;
        cbgen_write(&meta, file, vals, &sb);
        fwrite(sb.buf, 1, sb.len, stdout);
        strbuf_release(&sb);
    }
    free(vals);
    statfile_meta_release(&meta);
    diag_list_release(&dl);
    return cli_finish(status);
}
