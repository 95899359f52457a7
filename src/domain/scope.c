/* scope.c — the actor's scope as named parameters (scope.h). */
#include "domain/scope.h"

#include <stdarg.h>

#include "domain/role.h"

int64_t scope_global(const sg_actor *a)
{
	return role_is_global(a->role);
}

bool scope_is_divisional(const sg_actor *a)
{
	return role_scope_kind(a->role) == SCOPE_DIVISION;
}

int scope_bind(db_stmt *s, const sg_actor *a)
{
	int64_t global = scope_global(a);
	enum scope_kind k = role_scope_kind(a->role);
	int rc = db_bind_name(s, ":actor_uid", a->user_id);
	if (!rc)
		rc = db_bind_name(s, ":actor_global", global);
	if (!rc)
		rc = db_bind_name(s, ":actor_div", global || k == SCOPE_DIVISION);
	if (!rc)
		rc = db_bind_name(s, ":actor_org", a->role == ROLE_PROVIDER);
	if (!rc)
		rc = db_bind_name(s, ":actor_st", k == SCOPE_STATION);
	return rc;
}

int scope_query(sg_ctx *ctx, db_stmt **out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = db_vquery(ctx->db, out, sql, types, ap);
	va_end(ap);
	if (!rc && (rc = scope_bind(*out, &ctx->actor))) {
		db_reset(*out);
		*out = NULL;
	}
	return rc;
}

int scope_one_int(sg_ctx *ctx, int64_t *out, const char *sql, const char *types, ...)
{
	db_stmt *s;
	va_list ap;
	va_start(ap, types);
	int rc = db_vquery(ctx->db, &s, sql, types, ap);
	va_end(ap);
	if (rc)
		return rc; /* nothing prepared (db_vquery resets what it bound) */
	if ((rc = scope_bind(s, &ctx->actor))) {
		db_reset(s);
		return rc;
	}
	rc = db_step(s);
	if (rc == DB_ROW) {
		*out = db_int(s, 0);
		db_reset(s);
		return 0;
	}
	return rc == DB_DONE ? SG_ENOTFOUND : rc; /* db_step reset it */
}

static const char sql_division_names[] =
    "SELECT d.name FROM user_scope us JOIN divisions d ON d.code = us.ref"
    " WHERE us.user_id = ? AND us.kind = 'division' ORDER BY us.ref LIMIT 2";

const char *scope_division_name(sg_ctx *ctx)
{
	db_stmt *s;
	const char *name = NULL;
	int n = 0, rc = db_query(ctx->db, &s, sql_division_names, "i", ctx->actor.user_id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (n++ == 0)
			name = arena_strdup(ctx->arena, db_text(s, 0));
	return rc >= 0 && n == 1 ? name : "全部";
}
