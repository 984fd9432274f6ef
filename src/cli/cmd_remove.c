/*
 * cmd_remove — `trygg remove import N`: takes a wrong import out of the database with
 * everything derived from it (store/remove.h), in one transaction.
 *
 * A recorded run depends on an import when its run.json (DIR/<evaluation>/run.json
 * under --out, default out) lists an import of the same kind and SHA-256: removing it
 * would leave that report unreproducible, so it is refused unless --force.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/remove.h"
#include "util/num.h"
#include "util/strbuf.h"

static void usage(FILE *fp)
{
    fputs("usage: trygg remove import N [--force] [--out DIR] [--db PATH]\n"
          "\n"
          "Removes import N (see 'trygg info imports') with everything derived from it:\n"
          "its respondents, counts or interventions, and the waves, incident series,\n"
          "codebooks and surveys left without data.  One transaction: all or nothing.\n"
          "Refused when a recorded run (DIR/*/run.json) used the import, unless --force.\n"
          "\n"
          "options:\n"
          "  --force        remove it even if a recorded run used it\n"
          "  --out DIR      where the recorded runs are (default: out)\n"
          "  --db PATH      database (default: $TRYGG_DB, else ./trygg.db)\n"
          "  -q, --quiet    print nothing on success\n"
          "  -h, --help     this help\n"
          "\n"
          "exit status: 0 removed; 1 no such import or a run depends on it (database\n"
          "unchanged); 2 usage; 3 system error: an I/O error or the database failed\n",
          fp);
}

/* Appends to `runs` the run.json files under dir that list an import with this kind
 * and SHA-256. */
static size_t dependent_runs(const char *dir, const struct import_row *imp, struct strbuf *runs)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *e;
    struct strbuf path = STRBUF_INIT;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        strbuf_reset(&path);
        strbuf_addf(&path, "%s/%s/run.json", dir, e->d_name);
        json_error_t err;
        json_t *root = json_load_file(path.buf, 0, &err);
        if (!root)
            continue;
        json_t *imports = json_object_get(json_object_get(root, "inputs"), "imports");
        if (!imports)
            imports = json_object_get(root, "imports");
        size_t i;
        json_t *r;
        bool uses = false;
        json_array_foreach(imports, i, r)
        {
            const char *sha = json_string_value(json_object_get(r, "sha256"));
            const char *kind = json_string_value(json_object_get(r, "kind"));
            if (sha && kind && !strcmp(sha, imp->sha256) && !strcmp(kind, imp->kind))
                uses = true;
        }
        json_decref(root);
        if (uses) {
            strbuf_addf(runs, "%s%s", n ? ", " : "", path.buf);
            n++;
        }
    }
    closedir(d);
    strbuf_release(&path);
    return n;
}

int cmd_remove(int argc, char **argv, const struct global_options *g)
{
    static const struct option longopts[] = {
        {"force", no_argument, NULL, 'f'}, {"out", required_argument, NULL, 'o'},
        {"db", required_argument, NULL, 'D'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},  {NULL, 0, NULL, 0},
    };
    struct global_options opts = *g;
    bool force = false, quiet = false;
    const char *out_dir = "out";
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            force = true;
            break;
        case 'o':
            out_dir = optarg;
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
            return cli_usage_error("remove: unknown or incomplete option '%s' (see 'trygg "
                                   "remove --help')",
                                   argv[optind - 1]);
        }
    }
    if (optind >= argc || strcmp(argv[optind], "import"))
        return cli_usage_error("remove: say what to remove: import N (see 'trygg remove "
                               "--help')");
    if (optind + 2 != argc)
        return cli_usage_error("remove import: needs one import number (see 'trygg info "
                               "imports')");
    int64_t id;
    const char *num = argv[optind + 1];
    if (num[0] == '#')
        num++;
    if (num_parse_int64(num, strlen(num), &id) != NUM_OK || id < 1)
        return cli_usage_error("remove import: '%s' is not an import number", argv[optind + 1]);

    struct diag_list dl;
    diag_list_init(&dl, DIAG_DEFAULT_MAX_ERRORS);
    int status = EXIT_OK;
    struct store *st = store_open(cli_db_path(&opts), STORE_WRITE, &dl);
    struct import_row imp;
    int found = st ? store_import_get(st, (long long)id, &imp, &dl) : -1;
    if (found < 0) {
        cli_print_diags(&dl);
        status = EXIT_SYSTEM;
        goto out;
    }
    if (!found) {
        cli_error("there is no import %lld in %s (see 'trygg info imports')", (long long)id,
                  cli_db_path(&opts));
        status = EXIT_DATA;
        goto out;
    }
    struct strbuf runs = STRBUF_INIT;
    size_t n_runs = dependent_runs(out_dir, &imp, &runs);
    if (n_runs && !force) {
        cli_error("import %lld (%s, %s) was used by %zu recorded run%s: %s; removing it would "
                  "leave %s report%s unreproducible.  Nothing removed; --force removes it "
                  "anyway",
                  (long long)id, imp.kind, imp.file, n_runs, n_runs == 1 ? "" : "s", runs.buf,
                  n_runs == 1 ? "its" : "their", n_runs == 1 ? "" : "s");
        strbuf_release(&runs);
        status = EXIT_DATA;
        goto out;
    }
    strbuf_release(&runs);
    struct remove_report rep;
    if (store_remove_import(st, (long long)id, &rep, &dl) != 0) {
        cli_print_diags(&dl);
        cli_error("nothing removed; the database is unchanged");
        status = EXIT_SYSTEM;
        goto out;
    }
    if (!quiet)
        printf("removed import %lld (%s, %s, %llu row%s, imported %s)%s; also removed as left "
               "empty: %llu wave%s, %llu series, %llu codebook%s, %llu survey%s\n",
               (long long)id, imp.kind, imp.file, imp.rows, imp.rows == 1 ? "" : "s",
               imp.imported_at, n_runs ? " although recorded runs used it (--force)" : "",
               rep.waves, rep.waves == 1 ? "" : "s", rep.series, rep.codebooks,
               rep.codebooks == 1 ? "" : "s", rep.surveys, rep.surveys == 1 ? "" : "s");
out:
    store_close(st);
    diag_list_release(&dl);
    return cli_finish(status);
}
