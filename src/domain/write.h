/*
 * write.h — the one way a domain write is made.
 *
 * A write reads as its checks, then its SQL, then one closing call:
 *
 *   int station_update(sg_ctx *ctx, int64_t id, …, json_t **out)
 *   {
 *       struct write w;
 *       int rc = write_open(&w, ctx, &station_write, "station.update", id);
 *       if (!rc) rc = check_…(…);
 *       if (!rc) rc = db_run(ctx->db, sql_update, …);
 *       return write_close(&w, rc, out);
 *   }
 *
 * The helper owns what every write repeats: the transaction (begin, and
 * commit or rollback), the row locks and the old value (the spec's lock
 * and snapshot, both inside the transaction, so the audit entry's old
 * value is the value the write replaces), the module's own follow-up
 * (the spec's after, e.g. recomputing a stored flag), the audit entry of
 * old and new values (redacted by the module's column table: personal
 * and sensitive members never enter the trail), the detail that *out
 * receives (read inside the transaction, so a failed read or commit
 * reports an error and leaves *out NULL, never a committed write as an
 * error), and the default message of a failure that set none.
 *
 * ctx->err is cleared when a write opens: a message left by an earlier
 * call is never reported for this one.
 */
#ifndef SG_WRITE_H
#define SG_WRITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/row.h"

struct write;

/* What a module's writes share. Every function is called inside the
 * write's transaction; NULL members are skipped. */
struct write_spec {
	const struct col_table *table; /* its object type and data classes */
	const char *fail_zh, *fail_en; /* "保存社工站失败" */
	/* Takes the row locks of object id (domain/station.c's lock order). */
	int (*lock)(sg_ctx *ctx, int64_t id);
	/* The value audited before and after the write. */
	int (*snapshot)(sg_ctx *ctx, int64_t id, json_t **out);
	/* Runs after the write's SQL, before the audit entry (it may add to
	 * w->now, set by write_set_now). */
	int (*after)(struct write *w);
	/* What *out receives: the object after the write. */
	int (*detail)(sg_ctx *ctx, int64_t id, json_t **out);
};

struct write {
	sg_ctx *ctx;
	const struct write_spec *spec;
	const char *action; /* audit action, "station.update" */
	int64_t id;	    /* the object; 0 until write_created for a create */
	json_t *old, *now;  /* audited values (owned), NULL: none / the snapshot */
	bool open;	    /* the transaction is open */
	bool custom_now;    /* now was set by write_set_now */
};

/* Begins write action on object id (0: a create, named later by
 * write_created): clears ctx->err, begins the transaction, takes the
 * spec's locks and the old snapshot (an object outside the scope fails
 * with the snapshot's SG_ENOTFOUND). Returns 0 or the failing code; in
 * both cases the write must end with write_close. */
int write_open(struct write *w, sg_ctx *ctx, const struct write_spec *spec, const char *action,
	       int64_t id);
/* As write_open, without locks or snapshot (a create, or a write whose
 * audited values the caller sets itself). */
int write_open_new(struct write *w, sg_ctx *ctx, const struct write_spec *spec, const char *action);
/* Names the object a create made; returns 0. */
int write_created(struct write *w, int64_t id);
/* Sets the audited old / new value instead of the snapshot (consumed). */
void write_set_old(struct write *w, json_t *old);
void write_set_now(struct write *w, json_t *now);
/* The old snapshot (borrowed), or NULL. */
const json_t *write_old(const struct write *w);

/* Ends the write. When rc is 0: the spec's after, the new snapshot, the
 * audit entry, the detail into *out (when out is not NULL), commit. When
 * rc is not 0, or any of those fails: rollback, *out NULL, and ctx->err
 * holds the failure's message (the spec's default when the failure set
 * none). Returns 0 or the code. */
int write_close(struct write *w, int rc, json_t **out);

/* A read that needs one view of the database: read_open clears ctx->err
 * and begins a read snapshot; read_close ends it (only if it began) and
 * returns rc, filling the default message (fail_zh / fail_en) when a
 * failure set none. */
struct reading {
	sg_ctx *ctx;
	bool open;
};
int read_open(struct reading *r, sg_ctx *ctx);
int read_close(struct reading *r, int rc, const char *fail_zh, const char *fail_en);

#endif
