/*
 * approval.h — maker–checker (R-FLOW-1): approving a project, signing a
 * contract, approving an amendment and confirming an evaluation need a
 * second person who holds the permission and did not make it.
 *
 * The module whose object waits opens an approval inside its own write
 * (approval_request) and decides it inside the checker's
 * (approval_decide); this module keeps the record and answers the
 * checker's inbox (GET /api/v1/approvals, 待办). The same person is
 * refused with rule R-FLOW-1, whatever their permissions.
 */
#ifndef SG_APPROVAL_H
#define SG_APPROVAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* Opens a pending approval of object kind/object_id (of project_id, in
 * division) made by the actor. SG_ECONFLICT when one is pending. */
int approval_request(sg_ctx *ctx, const char *kind, int64_t object_id, int64_t project_id,
		     const char *division);
/* The pending approval of kind/object_id: refuses the actor when they made
 * it (SG_EFORBIDDEN, field "checker", R-FLOW-1) and SG_ECONFLICT when none
 * is pending. */
int approval_check(sg_ctx *ctx, const char *kind, int64_t object_id);
/* Decides it (after approval_check): status "approved" or "returned"
 * with the reason (NULL for an approval). */
int approval_decide(sg_ctx *ctx, const char *kind, int64_t object_id, const char *status,
		    const char *reason);
/* Withdraws a pending one, if any (its object was cancelled). */
int approval_withdraw(sg_ctx *ctx, const char *kind, int64_t object_id, const char *reason);
/* The object's approvals, oldest first: [{id, kind, status, maker:{id,
 * name}, made_at, checker:{id, name}|null, decided_at, reason}]. */
int approval_history(sg_ctx *ctx, const char *kind, int64_t object_id, json_t **out);

/* The inbox: approvals in the actor's divisions of the kinds the actor
 * may check, of status (NULL: pending), kind (NULL: all); mine: the ones
 * the actor made instead of those waiting for them. {items, next_cursor,
 * total}, each item {id, kind, object_id, status, project:{id, code,
 * name}, maker, made_at, checker, decided_at, reason, link}. */
int approval_list(sg_ctx *ctx, const char *status, const char *kind, bool mine, int64_t cursor,
		  int limit, json_t **out);

extern const struct enum_def approval_kinds;	/* "approval.kind" */
extern const struct enum_def approval_statuses; /* "approval.status" */

#endif
