/* write.c — the transaction, audit and ownership of a domain write
 * (write.h). */
#include "domain/write.h"

#include <assert.h>

#include "domain/audit.h"

/* A failure that set no message (or one left by a call that did not
 * fail this write) gets the default. */
static int fail(sg_ctx *ctx, int rc, const char *zh, const char *en)
{
	assert(rc < 0);
	if (ctx->err.code != rc)
		sg_err_set(&ctx->err, rc, NULL, NULL, zh, en);
	return rc;
}

int write_open_new(struct write *w, sg_ctx *ctx, const struct write_spec *spec, const char *action)
{
	*w = (struct write){.ctx = ctx, .spec = spec, .action = action};
	ctx_err_reset(ctx);
	int rc = db_begin(ctx->db);
	w->open = rc == 0;
	return rc;
}

int write_open(struct write *w, sg_ctx *ctx, const struct write_spec *spec, const char *action,
	       int64_t id)
{
	int rc = write_open_new(w, ctx, spec, action);
	w->id = id;
	if (!rc && id && spec->lock)
		rc = spec->lock(ctx, id);
	if (!rc && id && spec->snapshot)
		rc = spec->snapshot(ctx, id, &w->old);
	return rc;
}

int write_created(struct write *w, int64_t id)
{
	assert(id > 0 && w->id == 0);
	w->id = id;
	return 0;
}

void write_set_old(struct write *w, json_t *old)
{
	json_decref(w->old);
	w->old = old;
}

void write_set_now(struct write *w, json_t *now)
{
	json_decref(w->now);
	w->now = now;
	w->custom_now = true;
}

const json_t *write_old(const struct write *w)
{
	return w->old;
}

int write_close(struct write *w, int rc, json_t **out)
{
	sg_ctx *ctx = w->ctx;
	const struct write_spec *spec = w->spec;
	json_t *detail = NULL;

	if (out)
		*out = NULL;
	if (!rc && spec->after)
		rc = spec->after(w);
	if (!rc && !w->custom_now && spec->snapshot)
		rc = spec->snapshot(ctx, w->id, &w->now);
	if (!rc)
		rc = audit_append_row(ctx, w->action, spec->table, audit_id(ctx, w->id), w->old,
				      w->now, AUDIT_OK);
	if (!rc && out && spec->detail)
		rc = spec->detail(ctx, w->id, &detail);
	if (w->open) {
		if (rc)
			db_rollback(ctx->db);
		else
			rc = db_commit(ctx->db);
	}
	json_decref(w->old);
	json_decref(w->now);
	w->old = w->now = NULL;
	w->open = false;
	if (rc) {
		json_decref(detail);
		return fail(ctx, rc, spec->fail_zh, spec->fail_en);
	}
	if (out)
		*out = detail;
	else
		json_decref(detail);
	return 0;
}

int read_open(struct reading *r, sg_ctx *ctx)
{
	r->ctx = ctx;
	ctx_err_reset(ctx);
	int rc = db_begin_read(ctx->db);
	r->open = rc == 0;
	return rc;
}

int read_close(struct reading *r, int rc, const char *fail_zh, const char *fail_en)
{
	if (r->open) {
		/* A snapshot that a side write turned into a write transaction
		 * commits that write here, whatever the read's outcome. */
		int crc = db_commit(r->ctx->db);
		if (!rc)
			rc = crc;
		r->open = false;
	}
	return rc ? fail(r->ctx, rc, fail_zh, fail_en) : 0;
}
