/*
 * audit.h — the append-only, hash-chained audit log (R-AUD-1).
 *
 * Every write of the system calls audit_append() inside the transaction of
 * the write, so the change and its entry commit or roll back together.
 * Values are JSON objects; keys that name personal or secret data (see
 * audit.c) are replaced by "[redacted]" before they are stored.
 */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <jansson.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* Outcomes. */
#define AUDIT_OK     "ok"
#define AUDIT_DENIED "denied"
#define AUDIT_FAILED "failed"

/* Appends one entry for ctx->actor. old_value and new_value may be NULL;
 * they are not consumed. Opens its own transaction when none is open.
 * Returns 0 or a negative code. */
int audit_append(sg_ctx *ctx, const char *action, const char *object_type, const char *object_id,
		 const json_t *old_value, const json_t *new_value, const char *outcome);

/* As audit_append, for an object whose members are the columns of table
 * (domain/row.h): the members of personal and sensitive columns are
 * redacted from old_value and new_value, and the object type is the
 * table's. */
struct col_table;
int audit_append_row(sg_ctx *ctx, const char *action, const struct col_table *table,
		     const char *object_id, const json_t *old_value, const json_t *new_value,
		     const char *outcome);

/* An integer id as an object_id (allocated from ctx's arena); "" for 0. */
const char *audit_id(sg_ctx *ctx, int64_t id);

/* Sets the chain's digest ("sm3" or "sha256") in a new database; fails
 * once entries exist. */
int audit_set_digest(db *d, const char *name, sg_err *err);

struct audit_verify_result {
	int64_t count;	/* entries checked */
	int64_t bad_id; /* first broken entry, 0 when the chain is intact */
	char reason[160];
};

/* Walks the whole chain. Returns 0 when it could be read (check
 * out->bad_id), or a negative code. */
int audit_verify(db *d, struct audit_verify_result *out);

/* What the log is read by: NULL / 0 for any. from and to are dates
 * (YYYY-MM-DD, both included) as the UI shows them, in China Standard
 * Time. */
struct audit_filter {
	const char *action, *actor, *from, *to;
};
/* Newest first, keyset-paginated (cursor = last id seen, 0 for the first
 * page). Renders {items:[…], next_cursor}. SG_EINVAL (field "from" /
 * "to") for a date that is not one. */
int audit_list(sg_ctx *ctx, const struct audit_filter *f, int64_t cursor, int limit, json_t **out);
/* The actions the log holds, for the action picker: {items:[{action,
 * count}]}, by action. */
int audit_actions(sg_ctx *ctx, json_t **out);

/* The kinds of object entries name ("audit.object_type"). */
extern const struct enum_def audit_object_types;

#endif
