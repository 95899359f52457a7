/*
 * worker.h — the social workers (R-TAL-1): the people who staff the
 * stations, whom service records, training, mentors and volunteers will
 * all name.
 *
 * A social worker renders as
 *   {id, name, qualification, certificate_no, employer:{id, name}|null,
 *    full_time, created_at, updated_at}
 * and in detail also stations:[{id, name, tier, role, since}] (those the
 * actor sees). Who sees a worker: the global roles all; civil affairs and
 * township staff those employed by an organisation registered in their
 * subtrees or assigned to a station there; provider staff their
 * organisation's employees and the workers of the stations it operates;
 * social workers and mentors the workers of their stations. Name and certificate number are
 * personal data: never in the audit trail.
 */
#ifndef SG_WORKER_H
#define SG_WORKER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

enum { WORKER_QUERY_MAX = 32 };

extern const struct enum_def worker_qualifications; /* "worker.qualification" */
extern const struct col_table worker_table;

/* What another module needs to know of a worker. */
struct worker_ref {
	int64_t id;
	int64_t employer_org_id; /* 0: none */
	bool full_time, qualified;
};
/* The worker within the actor's scope into *out; SG_ENOTFOUND (field
 * "id") outside it. */
int worker_ref_get(sg_ctx *ctx, int64_t id, struct worker_ref *out);

struct worker_new {
	const char *name;
	const char *qualification;  /* NULL: none */
	const char *certificate_no; /* NULL: none */
	int64_t employer_org_id;    /* 0: none */
	bool full_time;
};
/* Registers a worker (PERM_WORKER_REGISTER), audited
 * "social_worker.create". A global actor: any employer or none. A
 * division scope: an employer registered in their subtree (required).
 * Provider staff: their own organisation (given or not; another one is
 * SG_EINVAL). SG_ENOTFOUND (field "employer_org_id"). */
int worker_create(sg_ctx *ctx, const struct worker_new *in, json_t **out);
/* The worker in detail. SG_ENOTFOUND outside the scope. */
int worker_get(sg_ctx *ctx, int64_t id, json_t **out);
/* {items, next_cursor, total}, by id; employer_org_id 0, qualification
 * NULL ("none": workers without a qualification) and q NULL for any; q is
 * a part of the name (at most WORKER_QUERY_MAX characters; a county's
 * workers are few, so it is matched without an index). */
int worker_list(sg_ctx *ctx, int64_t employer_org_id, const char *qualification, const char *q,
		int64_t cursor, int limit, json_t **out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def worker_actions;

#endif
