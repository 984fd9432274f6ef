/*
 * cmd_info — `trygg info`: what the database holds.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report/tablefmt.h"
#include "store/info.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg info [--format text|csv|json] [--table NAME] [--db PATH]\n"
          "       trygg info imports|area|category|surveys|waves|series|interventions\n"
          "       trygg info survey ID\n"
          "\n"
          "Shows what the database holds: surveys, respondents per wave and area,\n"
          "incident series with their date ranges and totals, category labels, areas,\n"
          "interventions, imports (with the full SHA-256 of each file).  Names are\n"
          "sorted the Swedish way (å, ä, ö after z).\n"
          "\n"
          "  info TABLE     one table, as --table TABLE ('area' and 'category' are the\n"
          "                 tables 'areas' and 'categories')\n"
          "  info survey ID one survey in detail: its codebook versions and the waves read\n"
          "                 with each, every question with its text, codes, missing\n"
          "                 codes, scale and indicator codes, respondents per wave and area\n"
          "\n"
          "options:\n"
          "  --format F     text (aligned tables, default), csv or json\n"
          "  --table NAME   only one table: surveys, waves, series, categories, areas,\n"
          "                 interventions, imports\n"
          "                 (with --format csv, several tables are separated by a line\n"
          "                 '# NAME' and a blank line)\n"
          "  --db PATH      database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -h, --help     this help\n"
          "\n"
          "exit status: 0 success; 1 no such survey; 2 usage; 3 system error: no\n"
          "database, or an I/O error reading it or writing standard output\n",
          fp);
}

int cmd_info(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"table", required_argument, NULL, 't'},
        {"db", required_argument, NULL, 'D'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    const char *format = "text", *only = NULL;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            format = optarg;
            if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json"))
                return cli_usage_error("--format '%s': use text, csv or json", format);
            break;
        case 't':
            only = optarg;
            break;
        case 'D':
            opts.db_path = optarg;
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("info: unknown or incomplete option '%s' (see 'trygg info "
                                   "--help')",
                                   argv[optind - 1]);
        }
    }
    const char *survey = NULL;
    if (optind < argc) {
        const char *topic = argv[optind++];
        if (!strcmp(topic, "survey")) {
            if (optind >= argc)
                return cli_usage_error("info survey: name the survey (see 'trygg info "
                                       "surveys')");
            survey = argv[optind++];
        } else {
            only = !strcmp(topic, "area")       ? "areas"
                   : !strcmp(topic, "category") ? "categories"
                   : !strcmp(topic, "import")   ? "imports"
                   : !strcmp(topic, "intervention") ? "interventions"
                                                    : topic;
        }
    }
    if (optind < argc)
        return cli_usage_error("info: unexpected argument '%s'", argv[optind]);
    static const char *const known[] = {"surveys", "waves",         "series", "categories",
                                        "areas",   "interventions", "imports"};
    bool valid = !only;
    for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
        valid = valid || !strcmp(only, known[i]);
    if (!valid)
        return cli_usage_error("info: unknown table '%s': use surveys, waves, series, "
                               "categories, areas, interventions, imports or survey ID",
                               only);

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_READ, &dl);
    struct table **tables = NULL;
    size_t n = 0;
    int got = st ? (survey ? store_info_survey(st, survey, &tables, &n, &dl)
                           : store_info(st, &tables, &n, &dl))
                 : -1;
    if (got != 0) {
        cli_print_diags(&dl);
        diag_list_release(&dl);
        store_close(st);
        return got > 0 ? EXIT_DATA : EXIT_SYSTEM;
    }
    bool found = !only;
    for (size_t i = 0; i < n; i++)
        if (only && !strcmp(only, tables[i]->name))
            found = true;
    int status = EXIT_OK;
    if (!found) {
        status = cli_usage_error("--table '%s': use surveys, waves, series, categories, areas, "
                                 "interventions or imports (or: info survey ID)",
                                 only);
    } else if (!strcmp(format, "json")) {
        json_t *root = json_object();
        json_object_set_new(root, "database", json_string(cli_db_path(&opts)));
        for (size_t i = 0; i < n; i++)
            if (!only || !strcmp(only, tables[i]->name))
                json_object_set_new(root, tables[i]->name, tablefmt_json(tables[i]));
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(root);
    } else {
        bool first = true;
        for (size_t i = 0; i < n; i++) {
            if (only && strcmp(only, tables[i]->name))
                continue;
            if (!first)
                fputc('\n', stdout);
            first = false;
            if (!strcmp(format, "csv")) {
                if (!only)
                    printf("# %s\n", tables[i]->name);
                tablefmt_csv(stdout, tables[i], ',');
            } else {
                tablefmt_text(stdout, tables[i]);
            }
        }
    }
    for (size_t i = 0; i < n; i++)
        table_free(tables[i]);
    free(tables);
    store_close(st);
    diag_list_release(&dl);
    return cli_finish(status);
}
