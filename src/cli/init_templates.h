/*
 * init_templates — the files of a new workspace, embedded in the binary so `trygg
 * init` works wherever trygg is installed.  The sources are templates/init/; the
 * array is generated from them by scripts/embed-templates.sh.
 *
 * In a file's text, "@DATADIR@" stands for the directory of the installed data
 * (chart templates), filled in when the file is written.
 */
#ifndef TRYGG_CLI_INIT_TEMPLATES_H
#define TRYGG_CLI_INIT_TEMPLATES_H

#include <stddef.h>

struct init_template {
    const char *path; /* relative to the workspace, '/'-separated */
    const char *const *lines; /* UTF-8 lines, each with its "\n"; NULL-terminated */
};

extern const struct init_template init_templates[];
extern const size_t init_templates_n;

#endif
