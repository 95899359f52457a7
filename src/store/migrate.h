/*
 * migrate.h — numbered schema migrations embedded in the binary.
 *
 * schema/NNN_name.sql files are applied in order, each in its own
 * transaction, and recorded in schema_migrations. A database whose newest
 * migration is unknown to this binary is refused: an older binary must not
 * write to a newer schema.
 */
#ifndef SG_MIGRATE_H
#define SG_MIGRATE_H

#include "store/db.h"

/* Applies the pending migrations; *applied (may be NULL) receives how many.
 * Returns 0, SG_ECONFLICT for a database newer than the binary, or another
 * negative code. */
int migrate_up(db *d, int *applied, sg_err *err);

/* The version the database is at (0 for a new one). */
int migrate_current(db *d, int64_t *out);

/* The newest migration this binary knows. */
int migrate_latest(void);

/* 0 when the database is at exactly migrate_latest(); SG_ECONFLICT with a
 * message otherwise (run `shegong init` to upgrade). */
int migrate_check(db *d, sg_err *err);

/* The part of a migration script for a backend ("sqlite", "postgres"):
 * drops sections marked for the other backend. Caller frees. */
char *migrate_dialect(const char *script, const char *backend);

#endif
