/*
 * cmd_import — `trygg import survey|incidents|interventions ...`.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
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
          "recognised by its extension or its first bytes.  A DATA file '-' is read\n"
          "from standard input.\n"
          "\n"
          "Column names are matched without regard to case, blanks, '_' and å/ä/ö, and\n"
          "with Swedish names (Område, Start, Slut, Kostnad per år, Anteckning ...;\n"
          "docs/formats.md lists them).  A column trygg does not read is named in a\n"
          "warning; --strict refuses the file instead.  Counts and costs may be written\n"
          "with digit groups ('380 000').  The same file imported again is not imported\n"
          "twice: trygg says 'already imported as import N' and exits 0.\n"
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
          "  --strict        warnings are errors: a column trygg does not read refuses\n"
          "                  the file\n"
          "  --anonymous-paths  record only the file names, not their paths (by default\n"
          "                  paths are recorded relative to the working directory)\n"
          "  --db PATH       database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -q, --quiet     print nothing on success\n"
          "  -h, --help      this help\n"
          "\n"
          "exit status: 0 imported (or already imported); 1 data refused, or a file\n"
          "that does not exist, may not be read or is not a regular file; 2 usage;\n"
          "3 system error: an I/O error reading a file or writing the database (after\n"
          "1 or 3 the database is unchanged)\n",
          fp);
}

int cmd_import(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"delimiter", required_argument, NULL, 'd'}, {"encoding", required_argument, NULL, 'e'},
        {"replace", no_argument, NULL, 'r'},         {"db", required_argument, NULL, 'D'},
        {"quiet", no_argument, NULL, 'q'},           {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, 'f'},    {"mapping", required_argument, NULL, 'm'},
        {"strict", no_argument, NULL, 'S'},          {"anonymous-paths", no_argument, NULL, 'A'},
        {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    struct import_options io;
    memset(&io, 0, sizeof(io));
    bool quiet = false, bra = false, anonymous = false;
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
        case 'S':
            io.strict = true;
            break;
        case 'A':
            anonymous = true;
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
    int n_stdin = 0;
    for (int i = optind; i < argc; i++)
        n_stdin += !strcmp(argv[i], "-");
    if (n_stdin > 1)
        return cli_usage_error("import %s: standard input ('-') can be read only once", what);

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_WRITE, &dl);
    if (!st) {
        cli_print_diags(&dl);
        diag_list_release(&dl);
        return EXIT_SYSTEM;
    }
    int status = EXIT_OK;
    char *codebook_name = codebook ? cli_recorded_path(codebook, anonymous) : NULL;
    io.codebook_record_as = codebook_name;
    for (int i = optind; i < argc; i++) {
        const char *file = argv[i];
        char *spool = NULL;
        if (!strcmp(file, "-")) {
            if (!(spool = cli_stdin_to_file())) {
                status = EXIT_SYSTEM;
                continue;
            }
            file = spool;
        }
        char *recorded = spool ? strdup("-") : cli_recorded_path(file, anonymous);
        io.record_as = recorded;
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
        const char *shown = spool ? "standard input" : file;
        if (s == IMPORT_OK || s == IMPORT_ALREADY) {
            if (dl.n) /* warnings and notes: a column not read, ... */
                cli_print_diags(&dl);
            if (!quiet && s == IMPORT_ALREADY)
                printf("%s: already imported as import %lld (same SHA-256); nothing to do "
                       "(--replace imports it again)\n",
                       shown, rep.already_imported);
            else if (!quiet)
                printf("imported %s: %s (import #%lld%s)\n", shown, rep.summary, rep.import_id,
                       rep.replaced_imports ? ", replacing the earlier import" : "");
        } else {
            cli_print_diags(&dl);
            fprintf(stderr, "trygg: %s: nothing imported; the database is unchanged\n", shown);
            /* a file that could not be read for an I/O error is a system failure, not
             * refused data (util/io.h) */
            bool system = s == IMPORT_FAILED || diag_system_failed(&dl);
            if (status == EXIT_OK || system)
                status = system ? EXIT_SYSTEM : EXIT_DATA;
        }
        diag_list_clear(&dl);
        free(recorded);
        cli_stdin_release(spool);
    }
    free(codebook_name);
    store_close(st);
    diag_list_release(&dl);
    return cli_finish(status);
}
