/*
 * main — trygg's command table and global options.
 *
 * Each subcommand lives in its own cmd_<name>.c and gets argc/argv after the
 * subcommand name.  Exit codes (documented in the README and trygg(1)):
 *   0 success, 1 data refused or an outcome could not be analysed, 2 usage error,
 *   3 system error (I/O, the database).
 */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "stats/stats.h"
#include "util/hugeheap.h"

static const struct command commands[] = {
    {"codebook", cmd_codebook, "draft a codebook from an SPSS or Stata file"},
    {"export", cmd_export, "write a survey (CSV or SPSS) or the incident counts back out"},
    {"import", cmd_import, "import a survey, incident counts or interventions"},
    {"info", cmd_info, "show what the database holds"},
    {"init", cmd_init, "create a workspace with commented templates to start from"},
    {"power", cmd_power, "plan the next survey wave: respondents, power, detectable change"},
    {"remove", cmd_remove, "remove a wrong import with everything derived from it"},
    {"run", cmd_run, "run evaluations and write their reports"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "usage: trygg [--db PATH] COMMAND [ARGS]\n"
                "       trygg COMMAND --help\n"
                "       trygg help [COMMAND]\n"
                "       trygg check SPEC.ini ...   (check specs against the database, print\n"
                "                                  their designs, compute nothing)\n\n"
                "Turns perceived-safety surveys and incident counts into evidence for\n"
                "crime-prevention decisions.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nglobal options:\n"
                "  --db PATH     database file (default: $TRYGG_DB, else ./trygg.db)\n"
                "  --version     print the version\n"
                "  -h, --help    this help\n\n"
                "exit status (every command): 0 ok; 1 data refused, an input file missing,\n"
                "unreadable or not a regular file, or an analysis failed; 2 usage; 3 system\n"
                "error: an I/O error reading or writing (EIO, a full disk, no memory) or the\n"
                "database failed\n");
}

int main(int argc, char **argv)
{
    struct global_options g = {0};
    int i = 1;
    /* A survey run allocates and frees a respondent-sized array per question (8 MB at
     * 1M respondents).  glibc's defaults hand such blocks back to the kernel on free
     * and fault them in again page by page on the next question: ~40 % of a 1M run's
     * CPU went to those page faults.  Keeping freed memory up to 128 MiB for reuse
     * halves the run and leaves its peak memory as it was (bench/RESULTS.md). */
    mallopt(M_MMAP_THRESHOLD, 128 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
    /* ... and the first 64 MiB of it on huge pages: a page fault is ~20 us here */
    hugeheap_reserve((size_t)64 << 20);
    stats_init();
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return cli_finish_stdout();
        } else if (!strcmp(argv[i], "--version")) {
            printf("trygg %s\n", TRYGG_VERSION);
            return cli_finish_stdout();
        } else if (!strcmp(argv[i], "--db")) {
            if (++i >= argc)
                return cli_usage_error("option '--db' needs a path");
            g.db_path = argv[i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            g.db_path = argv[i] + 5;
        } else {
            return cli_usage_error("unknown option '%s'", argv[i]);
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "check")) /* an alias: cmd_run sees its name */
        return cmd_run(argc - i, argv + i, &g);
    if (!strcmp(argv[i], "help")) { /* `trygg help CMD` = `trygg CMD --help` */
        if (i + 1 >= argc) {
            usage(stdout);
            return cli_finish_stdout();
        }
        char *args[] = {argv[i + 1], (char *)"--help", NULL};
        if (!strcmp(argv[i + 1], "check"))
            return cmd_run(2, args, &g);
        for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++)
            if (!strcmp(argv[i + 1], commands[c].name))
                return commands[c].run(2, args, &g);
        return cli_usage_error("help: unknown command '%s' (see 'trygg --help')", argv[i + 1]);
    }
    for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++)
        if (!strcmp(argv[i], commands[c].name))
            return commands[c].run(argc - i, argv + i, &g);
    return cli_usage_error("unknown command '%s' (see 'trygg --help')", argv[i]);
}
