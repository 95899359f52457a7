/*
 * budget.h — a department's annual budget for purchased services (R-PRJ-2)
 * and the departments that hold one.
 *
 * What a budget has committed, contracted and paid is never stored: it is
 * summed from the projects that draw on it (an approved project commits
 * its amount, its contract's price once signed), their contracts and
 * their paid instalments. A commitment is checked under the budget's row
 * lock (budget_lock), so that two approvals cannot both take the last of
 * it.
 *
 * A budget renders as
 *   {id, department:{id, name}, division_code, division_name, year,
 *    amount, source, committed, contracted, paid, left, created_at,
 *    updated_at}
 * and in detail with commitments:[{project:{id, code, name, state},
 *    amount, contracted, paid}].
 */
#ifndef SG_BUDGET_H
#define SG_BUDGET_H

#include <jansson.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* The purchasing department: an organisation of a type that purchases,
 * registered in one of the actor's divisions, and eligible as purchaser
 * for year (domain/eligibility.h; the refusal carries the explanation). */
struct department_ref {
	int64_t id;
	char division_code[13];
};
/* SG_ENOTFOUND (field: not in the actor's divisions), SG_EINVAL (field:
 * not a purchasing type, or not eligible). */
int department_get(sg_ctx *ctx, const char *field, int64_t id, int year,
		   struct department_ref *out);

/* The figures of a budget, summed now. */
struct budget_figures {
	int64_t amount, committed, contracted, paid, left;
};

/* Takes budget id's row lock (first in a write that commits on it). */
int budget_lock(sg_ctx *ctx, int64_t id);
/* The figures of budget id; SG_ENOTFOUND when there is none. No scope:
 * for modules that already hold the budget's project. */
int budget_figures_get(sg_ctx *ctx, int64_t id, struct budget_figures *out);
/* The budget of department and year: its id, 0 when there is none. */
int budget_of(sg_ctx *ctx, int64_t department_id, int year, int64_t *out);

int budget_create(sg_ctx *ctx, int64_t department_id, int year, int64_t amount, const char *source,
		  json_t **out);
/* Changes the amount (never below what is committed: SG_ECONFLICT naming
 * both) and the source (NULL: unchanged). */
int budget_update(sg_ctx *ctx, int64_t id, int64_t amount, const char *source, json_t **out);
int budget_get(sg_ctx *ctx, int64_t id, json_t **out);
/* {items, next_cursor, total}: the budgets in the actor's divisions, of a
 * year (0: every year) and a department (0: every one). */
int budget_list(sg_ctx *ctx, int year, int64_t department_id, int64_t cursor, int limit,
		json_t **out);

extern const struct enum_def budget_actions;

#endif
