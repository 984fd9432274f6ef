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
          "\n"
          "Shows what the database holds: surveys, respondents per wave and area,\n"
          "incident series with their date ranges and totals, interventions, imports.\n"
          "\n"
          "options:\n"
          "  --format F     text (aligned tables, default), csv or json\n"
          "  --table NAME   only one table: surveys, waves, series, interventions, imports\n"
          "                 (with --format csv, several tables are separated by a line\n"
          "                 '# NAME' and a blank line)\n"
          "  --db PATH      database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -h, --help     this help\n",
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
    if (optind < argc)
        return cli_usage_error("info: unexpected argument '%s'", argv[optind]);

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    struct store *st = store_open(cli_db_path(&opts), STORE_READ, &dl);
    struct table **tables = NULL;
    size_t n = 0;
    if (!st || store_info(st, &tables, &n, &dl) != 0) {
        cli_print_diags(&dl);
        diag_list_release(&dl);
        store_close(st);
        return EXIT_SYSTEM;
    }
    bool found = !only;
    for (size_t i = 0; i < n; i++)
        if (only && !strcmp(only, tables[i]->name))
            found = true;
    int status = EXIT_OK;
    if (!found) {
        status = cli_usage_error("--table '%s': use surveys, waves, series, interventions or "
                                 "imports",
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
