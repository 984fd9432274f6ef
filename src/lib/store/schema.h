/*
 * schema — the database schema as a list of versioned migrations.
 *
 * Migration N takes a database from user_version N-1 to N, inside one transaction.
 * Never edit a migration that has shipped: add a new one.  docs/schema.md documents
 * the resulting tables.
 */
#ifndef TRYGG_STORE_SCHEMA_H
#define TRYGG_STORE_SCHEMA_H

#include <stdbool.h>

#include "store/store.h"

int schema_latest_version(void);
/* Applies the missing migrations.  A database from a newer trygg is refused. */
int schema_migrate(struct store *st, bool may_write, struct diag_list *dl);

/* PRAGMA user_version of the database, or -1 with the problem in dl. */
int schema_user_version(struct store *st, struct diag_list *dl);

#endif
