/*
 * cmd_init — `trygg init [DIR]`: a new evaluation workspace.
 *
 * Writes the files of init_templates.h under DIR (default: the current directory):
 * a README for the evaluator, a commented codebook in surveys/, one commented analysis
 * spec per kind of evaluation in analysis/ and a note in plots/ on where the chart
 * templates live.  The templates are embedded in the binary, so init works wherever
 * trygg is installed.
 *
 * Nothing is overwritten unless --force: every target is checked first, and if any
 * exists (or cannot be made, say because a directory on its path is a file) nothing
 * at all is written (exit 1).  Each file is written to a temporary
 * name and renamed (out/atomicfile.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "init_templates.h"
#include "report/atomicfile.h"
#include "util/strbuf.h"

#ifndef TRYGG_DATADIR
#define TRYGG_DATADIR "/usr/local/share/trygg"
#endif

static void usage(FILE *fp)
{
    fputs("usage: trygg init [DIR] [options]\n"
          "\n"
          "Creates an evaluation workspace in DIR (default: the current directory):\n"
          "README.md with the steps, surveys/my-survey.ini (a commented codebook),\n"
          "analysis/before-after.ini, analysis/intermittent.ini and\n"
          "analysis/yearly-survey.ini (one commented spec per kind of evaluation) and\n"
          "plots/README.md (where the chart templates are).  Existing files are left\n"
          "alone: if any of these files exists, nothing is written.\n"
          "\n"
          "options:\n"
          "  --force        overwrite files that exist\n"
          "  -q, --quiet    print nothing on success\n"
          "  -h, --help     this help\n"
          "\n"
          "exit status: 0 created; 1 a file exists (nothing written); 2 usage;\n"
          "3 system error: an I/O error writing\n",
          fp);
}

/* mkdir -p of path's directory part (path borrowed). */
static int make_parent_dirs(const char *path, struct diag_list *dl)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, path);
    int rc = 0;
    for (size_t i = 1; i < sb.len && rc == 0; i++) {
        if (sb.buf[i] != '/')
            continue;
        sb.buf[i] = '\0';
        struct stat st;
        if (mkdir(sb.buf, 0777) != 0 && errno != EEXIST) {
            diag_error(dl, sb.buf, 0, 0, "cannot create directory: %s", strerror(errno));
            rc = -1;
        } else if (stat(sb.buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
            diag_error(dl, sb.buf, 0, 0, "exists and is not a directory");
            rc = -1;
        }
        sb.buf[i] = '/';
    }
    strbuf_release(&sb);
    return rc;
}

/* The file's text with @DATADIR@ filled in. */
static void render(const struct init_template *t, struct strbuf *out)
{
    static const char mark[] = "@DATADIR@";
    for (const char *const *line = t->lines; *line; line++) {
        const char *s = *line, *m;
        while ((m = strstr(s, mark)) != NULL) {
            strbuf_add(out, s, (size_t)(m - s));
            strbuf_addstr(out, TRYGG_DATADIR);
            s = m + sizeof(mark) - 1;
        }
        strbuf_addstr(out, s);
    }
}

static void target(const char *dir, const struct init_template *t, struct strbuf *out)
{
    strbuf_reset(out);
    if (strcmp(dir, "."))
        strbuf_addf(out, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
    strbuf_addstr(out, t->path);
}

int cmd_init(int argc, char **argv, const struct global_options *g)
{
    (void)g;
    static const struct option longopts[] = {
        {"force", no_argument, NULL, 'f'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool force = false, quiet = false;
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            force = true;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            usage(stdout);
            return cli_finish_stdout();
        default:
            return cli_usage_error("init: unknown or incomplete option '%s' (see 'trygg init "
                                   "--help')",
                                   argv[optind - 1]);
        }
    }
    if (argc - optind > 1)
        return cli_usage_error("init: unexpected argument '%s' (one DIR at most)",
                               argv[optind + 1]);
    const char *dir = optind < argc ? argv[optind] : ".";
    if (!*dir)
        return cli_usage_error("init: DIR is empty");

    struct diag_list dl;
    diag_list_init(&dl, 0);
    struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
    int status = EXIT_OK;
    /* First every check, so that a refusal writes nothing. */
    size_t existing = 0;
    for (size_t i = 0; i < init_templates_n; i++) {
        target(dir, &init_templates[i], &path);
        struct stat st;
        if (lstat(path.buf, &st) == 0) {
            if (force && S_ISREG(st.st_mode))
                continue;
            diag_error(&dl, path.buf, 0, 0, "%s",
                       S_ISREG(st.st_mode) ? "exists (use --force to overwrite it)"
                                           : "exists and is not a regular file");
            existing++;
        } else if (errno != ENOENT) {
            diag_error(&dl, path.buf, 0, 0, "cannot be created: %s", strerror(errno));
            existing++;
        }
    }
    if (existing) {
        cli_print_diags(&dl);
        cli_error("init: nothing written");
        status = EXIT_DATA;
        goto out;
    }
    for (size_t i = 0; i < init_templates_n; i++) {
        const struct init_template *t = &init_templates[i];
        target(dir, t, &path);
        strbuf_reset(&text);
        render(t, &text);
        if (make_parent_dirs(path.buf, &dl) != 0 ||
            atomicfile_write_all(path.buf, text.buf, text.len, &dl) != 0) {
            cli_print_diags(&dl);
            status = EXIT_SYSTEM;
            goto out;
        }
        if (!quiet)
            printf("created %s\n", path.buf);
    }
    if (!quiet)
        printf("\nNext: edit %s/surveys/my-survey.ini for your survey, import your data and\n"
               "adapt one of %s/analysis/*.ini (see %s/README.md and 'man trygg').\n",
               dir, dir, dir);
out:
    strbuf_release(&path);
    strbuf_release(&text);
    diag_list_release(&dl);
    return cli_finish(status);
}
