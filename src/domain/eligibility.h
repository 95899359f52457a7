/*
 * eligibility.h — who may purchase and who may provide (R-ORG-3..5),
 * decided by rules that are data (schema/004_org.sql): the rule set of
 * the region and year, each rule testing one fact of the organisation
 * with an operator against an expected value and citing its clause.
 *
 * The facts a rule may name are a table of their own (eligibility.c):
 * each fact's name, as stored in the rules, and the column of orgs it is
 * read from. Renaming a field of the API changes no stored rule; a rule
 * naming a fact that does not exist fails for every organisation.
 *
 * Every decision lists every rule that applies to the organisation's
 * type, passed or not, with the value it looked at, and the rules that do
 * not apply to that type: nothing is decided that cannot be explained.
 */
#ifndef SG_ELIGIBILITY_H
#define SG_ELIGIBILITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/org.h"

extern const struct enum_def eligibility_ops;	/* "eligibility.op" */
extern const struct enum_def eligibility_roles; /* "eligibility.role" */
extern const struct enum_def eligibility_facts; /* "eligibility.fact" */

/* The decision for organisation id in a role:
 *   {eligible, role, year, region_code, roles:[…], org:{id, name, type},
 *    rule_set:{id, code, name_zh, name_en, region_code, year, source_zh},
 *    rules:[{id, description_zh, description_en, passed, fact, value, op,
 *            expected, clause}],
 *    not_applicable:[{id, description_zh, description_en, clause}]}
 * under the rules of region (NULL: the organisation's division) for year
 * (0: the current year); roles are those the organisation's type can hold
 * (a rule applies to it in that role). SG_ENOTFOUND outside the scope. */
int eligibility_decision(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
			 json_t **out);
/* Just the verdict, for other modules (a station's operator must be an
 * eligible provider where the station is; a bidder at bid time). Reads the
 * organisation without a scope check: the caller has already checked it. */
int eligibility_verdict(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
			bool *eligible);

/* Rule sets loaded while a list decides row by row, one per division seen
 * (a page rarely spans more than a few). */
struct eligibility_cache;
struct eligibility_cache *eligibility_cache_new(void);
void eligibility_cache_free(struct eligibility_cache *c);
/* The verdict for organisation id registered in division, with the
 * cached rule set of that division. */
int eligibility_check(sg_ctx *ctx, struct eligibility_cache *c, int64_t id, const char *division,
		      enum org_role role, int year, bool *eligible);

/* The rule sets with their rules: {items:[{id, code, region_code, year,
 * name_zh, name_en, source_zh, rules:[…]}]}. */
int eligibility_rule_sets(sg_ctx *ctx, json_t **out);
/* A region's own rule set, copied from the one that decides for it now and
 * then changed with PATCH; audited "eligibility.rule_set_create".
 * PERM_ELIGIBILITY_EDIT for a region within the scope; the national set
 * PERM_SETTINGS_EDIT. SG_ECONFLICT when the region already has a set for
 * that year. */
int eligibility_rule_set_create(sg_ctx *ctx, const char *code, const char *region_code, int year,
				const char *name_zh, const char *name_en, const char *source_zh,
				json_t **out);
/* What a rule's change sets; NULL leaves a field. */
struct eligibility_rule_patch {
	const json_t *expected; /* valid for the rule's operator */
	const char *clause, *description_zh, *description_en;
};
/* Changes a rule, audited "eligibility.rule_update" with old and new
 * values. As eligibility_rule_set_create for who may. SG_EINVAL (field
 * "expected": does not fit the operator; or a blank text), SG_EFORBIDDEN,
 * SG_ENOTFOUND. */
int eligibility_rule_update(sg_ctx *ctx, int64_t rule_id, const struct eligibility_rule_patch *p,
			    json_t **out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def eligibility_actions;

#endif
