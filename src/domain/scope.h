/*
 * scope.h — R-ROLE-1 in SQL.
 *
 * Domain queries restrict rows to the actor's scope by embedding one of
 * these predicates and binding the actor's user id (and, for the global
 * bypass, whether the actor is unscoped). Rows outside the scope are simply
 * not found: callers answer 404, never 403 (SECURITY.md).
 *
 *   "... WHERE " SCOPE_DIVISION("s.division_code") " AND ..."
 *   binds: "ii", scope_global(&ctx->actor), ctx->actor.user_id
 */
#ifndef SG_SCOPE_H
#define SG_SCOPE_H

#include <stdbool.h>

#include "domain/ctx.h"

/* The division code column col lies in one of the actor's subtrees. */
#define SCOPE_DIVISION(col)                                                                        \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = ?"                       \
	" AND us.kind = 'division' AND " col " LIKE us.ref || '%'))"
/* The organisation id column col is one of the actor's organisations. */
#define SCOPE_ORG(col)                                                                             \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = ?"                       \
	" AND us.kind = 'org' AND us.ref = CAST(" col " AS TEXT)))"
/* The station id column col is one of the actor's stations. */
#define SCOPE_STATION(col)                                                                         \
	"(? = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = ?"                       \
	" AND us.kind = 'station' AND us.ref = CAST(" col " AS TEXT)))"

/* 1 when the actor sees everything (admin, audit admin, the CLI). */
int64_t scope_global(const sg_actor *a);

#endif
