/*
 * plan.h — a civil affairs department's annual plan for purchased
 * services (R-PRJ-1): the target system and action plan of the year [S1]
 * — its goals, the catalog areas it covers, the projects planned under it
 * and the year's budget.
 *
 * A plan is one per department and year. Its projects are the projects
 * that name it (project.plan_id, domain/project.h); its budget is the
 * department's budget of the year (domain/budget.h). Neither is copied:
 * the plan's figures are summed when it is read. A draft plan is the
 * department's own; publishing it (plan_publish) makes it the plan the
 * department works to, and it stays changeable, each change audited.
 *
 * A plan renders in a list as
 *   {id, department:{id, name}, division_code, division_name, year, name,
 *    goals, actions, status, created_at, updated_at}
 * and in detail also with areas:[{code, name}],
 *   projects:[{id, code, name, state, amount}], planned (the amount of
 *   the projects not cancelled), targets:{quantity, scale, quality,
 *   effect} (how many targets of each kind the projects set), and
 *   budget:{id, amount, committed, left} or null.
 *
 * Who sees a plan: civil affairs staff of the department's division
 * subtree (who alone change it), and township staff of a township inside
 * it (the county's plan is theirs too).
 */
#ifndef SG_PLAN_H
#define SG_PLAN_H

#include <jansson.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* A create or update body; NULL members are left as they are (an update)
 * or empty (a create). area_codes replaces the plan's whole list. */
struct plan_fields {
	int64_t department_id; /* create only */
	int year;	       /* create only */
	const char *name, *goals, *actions;
	const json_t *area_codes;
};

/* SG_ECONFLICT when the department has a plan for the year. */
int plan_create(sg_ctx *ctx, const struct plan_fields *in, json_t **out);
int plan_update(sg_ctx *ctx, int64_t id, const struct plan_fields *in, json_t **out);
/* draft → published; SG_ECONFLICT when published already, SG_EINVAL
 * (one error per gap) when the plan has no goals or no areas. */
int plan_publish(sg_ctx *ctx, int64_t id, json_t **out);
int plan_get(sg_ctx *ctx, int64_t id, json_t **out);
/* {items, next_cursor, total}: the plans the actor sees, of a year (0:
 * every year) and a department (0: every one). */
int plan_list(sg_ctx *ctx, int year, int64_t department_id, int64_t cursor, int limit,
	      json_t **out);

extern const struct enum_def plan_actions, plan_statuses;

#endif
