/*
 * cmd_import — `trygg import survey|incidents|interventions ...`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store/import.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg import survey CODEBOOK.ini DATA.csv [DATA.csv ...] [options]\n"
          "       trygg import incidents DATA.csv [DATA.csv ...] [options]\n"
          "       trygg import incidents --format bra [--mapping MAP.ini] EXPORT.csv ...\n"
          "       trygg import interventions DATA.csv [DATA.csv ...] [options]\n"
          "\n"
          "Imports survey answers (checked against their codebook), incident counts per\n"
          "period, area and category, or interventions with their costs.  Each file is one\n"
          "transaction: it is imported whole or not at all, and every problem is reported\n"
          "as file:line:column.  File layouts: docs/formats.md.\n"
          "\n"
          "Survey data may also be an SPSS (.sav, .zsav, .por) or Stata (.dta) file,\n"
          "recognised by its extension or its first bytes.\n"
          "\n"
          "options:\n"
          "  --delimiter C   ',' ';' or 'tab' (default: detected from the header line)\n"
          "  --encoding E    utf-8 (default), cp1252 (Windows-1252, old Excel), latin1;\n"
          "                  with --format bra: latin1 unless the file is valid UTF-8\n"
          "  --format F      incidents: csv (default) or bra (Brå's statistics-database\n"
          "                  export: ISO-8859-1, Swedish months, '2019 prel.', '..')\n"
          "  --mapping FILE  with --format bra: maps Brå's crime labels to categories\n"
          "                  (without it, each label is its own category)\n"
          "  --replace       replace an earlier import of the same file (same SHA-256 or\n"
          "                  the same file name), in the same transaction\n"
          "  --db PATH       database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -q, --quiet     print nothing on success\n"
          "  -h, --help      this help\n"
          "\n"
          "exit status: 0 imported, 1 data refused (database unchanged), 2 usage,\n"
          "3 system error\n",
          fp);
}

int cmd_import(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"delimiter", required_argument, NULL, 'd'}, {"encoding", required_argument, NULL, 'e'},
        {"replace", no_argument, NULL, 'r'},         {"db", required_argument, NULL, 'D'},
        {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, 'f'},    {"mapping", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    struct import_options io;
    memset(&io, 0, sizeof(io));
    bool quiet = false, bra = false;
    const char *mapping = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (!csv_delimiter_parse(optarg, &io.csv.delimiter))
                return cli_usage_error("--delimiter '%s': use ',', ';' or 'tab'", optarg);
            break;
        case 'e':
            if (!csv_encoding_parse(optarg, &io.csv.encoding))
                return cli_usage_error("--encoding '%s': use utf-8, cp1252 or latin1", optarg);
            break;
        case 'f':
            if (!strcmp(optarg, "bra"))
                bra = true;
            else if (strcmp(optarg, "csv"))
                return cli_usage_error("--format '%s': use csv or bra", optarg);
            break;
        case 'm':
            mapping = optarg;
            break;
        case 'r':
            io.replace = true;
            break;
        case 'D':
            opts.db_path = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("import: unknown or incomplete option '%s' (see 'trygg "
                                   "import --help')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("import: say what to import: survey, incidents or interventions "
                               "(see 'trygg import --help')");
    const char *what = argv[optind++];
    const char *codebook = NULL;
    if (!strcmp(what, "survey")) {
        if (optind >= argc)
            return cli_usage_error("import survey: needs CODEBOOK.ini and DATA.csv");
        codebook = argv[optind++];
    } else if (strcmp(what, "incidents") && strcmp(what, "interventions")) {
        return cli_usage_error("import: unknown kind '%s' (survey, incidents or interventions)",
                               what);
    }
    if (optind >= argc)
        return cli_usage_error("import %s: needs a DATA.csv file", what);
    if ((bra || mapping) && strcmp(what, "incidents"))
        return cli_usage_error("import %s: --format bra and --mapping are for incidents", what);
    if (mapping && !bra)
        return cli_usage_error("import incidents: --mapping needs --format bra");

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_WRITE, &dl);
    if (!st) {
        cli_print_diags(&dl);
        diag_list_release(&dl);
        return EXIT_SYSTEM;
    }
    int status = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        const char *file = argv[i];
        struct import_report rep;
        io.csv.progress = cli_progress;
        io.csv.progress_ctx = (void *)file;
        enum import_status s;
        if (codebook)
            s = import_survey(st, codebook, file, &io, &rep, &dl);
        else if (!strcmp(what, "incidents") && bra)
            s = import_incidents_bra(st, file, mapping, &io, &rep, &dl);
        else if (!strcmp(what, "incidents"))
            s = import_incidents(st, file, &io, &rep, &dl);
        else
            s = import_interventions(st, file, &io, &rep, &dl);
        cli_progress_end();
        if (s == IMPORT_OK) {
            if (!quiet)
                printf("imported %s: %s (import #%lld%s)\n", file, rep.summary, rep.import_id,
                       rep.replaced_imports ? ", replacing the earlier import" : "");
        } else {
            cli_print_diags(&dl);
            fprintf(stderr, "trygg: %s: nothing imported; the database is unchanged\n", file);
            if (status == EXIT_OK || s == IMPORT_FAILED)
                status = s == IMPORT_FAILED ? EXIT_SYSTEM : EXIT_DATA;
        }
        diag_list_clear(&dl);
    }
    store_close(st);
    diag_list_release(&dl);
    return cli_finish(status);
}
