/*
 * project.h — purchased service projects (R-PRJ-1, R-PRJ-3, R-PRJ-4,
 * R-CAT-3): what a civil affairs department buys, for whom, where, with
 * which targets, and the state it has reached on the way from a draft to
 * a closed project.
 *
 * States and the named actions between them (each checked, each audited
 * "project.<action>"; docs/PURCHASE.md lists every check):
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved ──(tender published)──▶
 *     ▲                  │                     procuring ──(contract signed)──▶
 *     └─────return───────┘                     contracted ──start──▶ in_service
 *                                              ──evaluate──▶ evaluating ──close──▶ closed
 *   cancel: from any state before closed (with a reason).
 *
 * Approval is maker–checker (R-FLOW-1, domain/approval.h): the person who
 * submitted cannot approve or return. Approving commits the amount on the
 * department's budget (domain/budget.h), refused when the budget has not
 * enough left; cancelling releases it.
 *
 * Who sees a project (R-ROLE-1): civil affairs staff of the purchasing
 * department's division subtree (who alone change it), township staff of
 * a beneficiary township, and provider staff whose organisation bids for
 * it, is invited to or may answer its published tender, or holds its
 * contract. Outside that, a project does not exist.
 */
#ifndef SG_PROJECT_H
#define SG_PROJECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

enum { PROJECT_QUERY_MAX = 64 };

/* A create or update body; NULL / -1 members are left as they are (an
 * update) or take their default (a create). Arrays replace the project's
 * whole list. */
struct project_fields {
	const char *code, *name;
	int64_t department_id; /* create only */
	int year;	       /* create only */
	int64_t plan_id;       /* -1: unchanged; 0: none */
	int64_t amount;	       /* -1: unchanged */
	const char *service_start, *service_end;
	int stable; /* -1: unchanged */
	const char *stable_reason;
	int station_operation; /* -1: unchanged */
	const char *content, *standards, *requirements;
	const json_t *item_ids, *group_codes, *township_codes, *station_ids;
	const json_t *lines;   /* [{item_id} | {matter, nature}, amount?, note?] */
	const json_t *targets; /* [{kind, indicator, name?, unit?, baseline?, target, measure?}] */
};
#define PROJECT_FIELDS_UNSET                                                                       \
	{                                                                                          \
		.plan_id = -1, .amount = -1, .stable = -1, .station_operation = -1                 \
	}

int project_create(sg_ctx *ctx, const struct project_fields *in, json_t **out);
/* A draft only (SG_ECONFLICT otherwise). */
int project_update(sg_ctx *ctx, int64_t id, const struct project_fields *in, json_t **out);
/* In detail: the project with its lists, budget, approvals and the
 * actions the actor may take now ("actions": ["submit", …]). */
int project_get(sg_ctx *ctx, int64_t id, json_t **out);

struct project_filter {
	const char *state, *division, *township, *q;
	int year;
	int64_t department_id;
};
/* {items, next_cursor, total} of the projects the actor sees. */
int project_list(sg_ctx *ctx, const struct project_filter *f, int64_t cursor, int limit,
		 json_t **out);
/* {items} of every matching project (an export; audited). */
int project_export(sg_ctx *ctx, const struct project_filter *f, json_t **out);

enum project_action {
	PROJECT_SUBMIT,
	PROJECT_APPROVE,
	PROJECT_RETURN,
	PROJECT_CANCEL,
	PROJECT_START,
	PROJECT_EVALUATE,
	PROJECT_CLOSE,
	PROJECT_ACTION__MAX
};
/* Takes action on project id (reason: for return and cancel, 2 to 500
 * characters). Refusals name the failed check: SG_ECONFLICT (R-PRJ-4: not
 * in a state that allows it; R-PRJ-2: over budget), SG_EFORBIDDEN
 * (R-FLOW-1: the maker checking), SG_EINVAL (R-CAT-3: a line on the
 * negative list; incomplete for submission, one error per gap). */
int project_act(sg_ctx *ctx, int64_t id, enum project_action a, const char *reason, json_t **out);
/* "submit" → PROJECT_SUBMIT; -1 otherwise. */
int project_action_from_name(const char *name);

/* What other modules need to know of a project the actor sees. */
struct project_ref {
	int64_t id, department_id, budget_id;
	char division_code[13];
	char code[32];
	char state[16];
	int year;
	int64_t amount;
	bool stable, station_operation;
	char service_start[11], service_end[11];
};
/* SG_ENOTFOUND outside the actor's sight. */
int project_ref_get(sg_ctx *ctx, int64_t id, struct project_ref *out);
/* The same, for a project the actor manages (its department's division
 * is in the actor's scope): a write on it by another module. */
int project_ref_managed(sg_ctx *ctx, int64_t id, struct project_ref *out);
/* Takes project id's row lock. */
int project_lock(sg_ctx *ctx, int64_t id);
/* Moves project id from state from to state to inside the caller's
 * write (a tender published, a contract signed); SG_ECONFLICT naming the
 * state when it is not in from. Not audited here: the caller's action
 * is, and it records the move. */
int project_move(sg_ctx *ctx, int64_t id, const char *from, const char *to);

/* GET /api/v1/projects/indicators: the indicators of targets with their
 * kind, unit and how they are measured: [{code, kind, zh, en, unit,
 * measure}]. */
json_t *project_indicators(void);

extern const struct col_table project_table;
extern const struct enum_def project_states;	     /* "project.state" */
extern const struct enum_def project_target_kinds;   /* "project.target_kind" */
extern const struct enum_def project_measures;	     /* "project.measure" */
extern const struct enum_def project_indicator_enum; /* "project.indicator" */
extern const struct enum_def project_actions;	     /* "audit.action" */
extern const struct enum_def project_action_names;   /* "project.action" */

#endif
