/*
 * inifile — an INI file read with libinih into sections of (key, value, line).
 *
 * For file formats whose meaning is checked after reading (analysis specs): the
 * reader records where every section and key is, refuses duplicate sections and
 * duplicate keys within a section, and keeps the file's SHA-256.  libinih does the
 * syntax; Debian's build gives its handler no line numbers, so lines are counted by
 * our own line reader (ini_parse_stream).
 */
#ifndef TRYGG_DATA_INIFILE_H
#define TRYGG_DATA_INIFILE_H

#include <stddef.h>

#include "util/diag.h"
#include "util/sha256.h"

/* A hostile file of many small sections or keys must not take hours: the checks for a
 * repeated section or key compare each with those before it.  More than these stop the
 * reading with an error at the line (a spec holds at most a few hundred sections,
 * eval/spec.h; a Brå mapping a few hundred keys). */
#define INI_MAX_SECTIONS 1000
/* The longest line read (libinih's buffer); a longer one is refused at its line. */
#define INI_MAX_LINE_BYTES (1 << 20)
#define INI_MAX_KEYS 5000

struct ini_entry {
    char *key;
    char *value;
    long line;
    int used; /* set by consumers to find unknown keys */
};

struct ini_section {
    char *name;  /* e.g. "survey unsafe_night" */
    char *type;  /* first word: "survey" */
    char *id;    /* the rest, trimmed: "unsafe_night" ("" if none) */
    long line;
    struct ini_entry *entries;
    size_t n, alloc;
};

struct ini_file {
    char *path;
    char sha256[SHA256_HEX_SIZE];
    struct ini_section *sections;
    size_t n, alloc;
};

/* Reads and parses; returns a new ini_file (free with ini_file_free) or NULL with the
 * problems in dl. */
struct ini_file *ini_file_load(const char *path, struct diag_list *dl);
struct ini_file *ini_file_parse(const char *name, const char *text, size_t len,
                                struct diag_list *dl);
void ini_file_free(struct ini_file *f);

/* The entry for key in section s, or NULL; marks it used. */
struct ini_entry *ini_get(struct ini_section *s, const char *key);
/* The value for key, or NULL; marks it used. */
const char *ini_value(struct ini_section *s, const char *key);
/* Adds an "unknown key" error for every entry not marked used. */
void ini_report_unused(const struct ini_file *f, const struct ini_section *s, struct diag_list *dl);

#endif
