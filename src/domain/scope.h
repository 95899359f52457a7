/*
 * scope.h — R-ROLE-1 in SQL.
 *
 * Domain queries restrict rows to the actor's scope by embedding these
 * predicates, which name the actor's facts as parameters; scope_query()
 * (or scope_bind() after db_query) binds them by name, so a statement's
 * own `?` stay the only positional ones. Rows outside the scope are simply
 * not found: callers answer 404, never 403 (SECURITY.md).
 *
 *   "... WHERE s.id = ? AND " SCOPE_DIVISION("s.division_code")
 *   scope_query(ctx, &s, sql, "i", id)
 *
 * The names:
 *   :actor_uid     the account's id (0 for the command line)
 *   :actor_global  1 when the role sees every row (role_is_global)
 *   :actor_div     1 when the role's scope is division subtrees (or global)
 *   :actor_org     1 when it is one organisation that operates stations
 *                  (provider staff; an evaluator's organisation reaches
 *                  no station)
 *   :actor_st      1 when it is a list of stations (social workers, mentors)
 */
#ifndef SG_SCOPE_H
#define SG_SCOPE_H

#include <stdbool.h>

#include "domain/ctx.h"

/* The division code column col lies in one of the actor's subtrees. */
#define SCOPE_DIVISION(col)                                                                        \
	"(:actor_global = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = :actor_uid"  \
	" AND us.kind = 'division' AND " col " LIKE us.ref || '%'))"
/* The organisation id column col is one of the actor's organisations. */
#define SCOPE_ORG(col)                                                                             \
	"(:actor_global = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = :actor_uid"  \
	" AND us.kind = 'org' AND us.ref = CAST(" col " AS TEXT)))"
/* The station id column col is one of the actor's stations. */
#define SCOPE_STATION(col)                                                                         \
	"(:actor_global = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = :actor_uid"  \
	" AND us.kind = 'station' AND us.ref = CAST(" col " AS TEXT)))"

/* The station of table alias s (s.id, s.division_code,
 * s.operator_org_id) is one the actor sees: in their divisions, operated
 * by their organisation (provider staff; an evaluator's organisation
 * reaches no station), or listed in their scope. */
#define SCOPE_STATION_SEEN(s)                                                                              \
	"((:actor_div = 1 AND " SCOPE_DIVISION(                                                            \
	    s                                                                                              \
	    ".division_code") ") OR (:actor_org = 1 AND " SCOPE_ORG(s                                      \
								    ".operator_org_id") ") OR "            \
											"(:actor_"         \
											"st = 1 "          \
											"AND"              \
											" " SCOPE_STATION( \
											    s              \
											    ".id") "))"

/* 1 when the actor sees everything (the administrators, the CLI). */
int64_t scope_global(const sg_actor *a);
/* Whether the actor's scope is made of division subtrees (civil affairs
 * and township staff). */
bool scope_is_divisional(const sg_actor *a);

/* The name of the actor's one division (綦江区), for the title of what
 * they export; "全部" for an actor with none or several (from the arena). */
const char *scope_division_name(sg_ctx *ctx);

/* Binds the actor names above that statement s holds. */
int scope_bind(db_stmt *s, const sg_actor *a);
/* db_query, then scope_bind with ctx's actor. */
int scope_query(sg_ctx *ctx, db_stmt **out, const char *sql, const char *types, ...);
/* db_one_int with the actor's names bound. */
int scope_one_int(sg_ctx *ctx, int64_t *out, const char *sql, const char *types, ...);

#endif
