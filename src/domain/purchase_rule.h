/*
 * purchase_rule.h — the figures national and regional rules set for the
 * purchase (R-PROC-1, R-PROC-3, R-CON-2): thresholds, price weights,
 * notice periods, contract terms. Each is rule data with its clause
 * (schema/010_purchase.sql seeds the national ones), never a constant in
 * code; a region overrides a figure for every year or for one.
 *
 * The figure in force for a region and year is that of the longest
 * region code that is a prefix of the region (none: the national one),
 * for that year or, failing one, for every year.
 */
#ifndef SG_PURCHASE_RULE_H
#define SG_PURCHASE_RULE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

struct purchase_rule {
	int64_t id;
	int64_t value;
	const char *code, *unit, *name_zh, *name_en, *clause; /* from ctx's arena */
	const char *region_code;			      /* NULL: national */
	int year;					      /* 0: every year */
	bool demo;					      /* a figure invented for the demo */
};

/* The rule code in force for region (a division code; NULL: national)
 * and year (0: the current year) into *out. A code without a national
 * row is a bug: SG_EINTERNAL. No scope: rules are public. */
int purchase_rule_get(sg_ctx *ctx, const char *code, const char *region, int year,
		      struct purchase_rule *out);
/* "（财政部令第87号第五十五条）" style citation of r for messages:
 * "name（clause）" in Chinese, from ctx's arena. */
const char *purchase_rule_cite(sg_ctx *ctx, const struct purchase_rule *r);

/* The rules in force for region and year, and every row that sets one:
 * {region_code, year, items:[{code, name_zh, name_en, unit, value, clause,
 *  region_code, year, demo, id, overrides:[{id, region_code, year, value,
 *  clause, demo}]}]}. region NULL: national. SG_EINVAL for a malformed
 * region. */
int purchase_rules_list(sg_ctx *ctx, const char *region, int year, json_t **out);

/* Sets the figure of code for region (NULL: national, which needs
 * PERM_SETTINGS_EDIT; otherwise a division in the actor's scope) and year
 * (0: every year), with its clause: changes the row of that key or adds
 * it. Audited "purchase_rule.set" with old and new values. SG_EFORBIDDEN,
 * SG_EINVAL (field "code": no such rule; "value": outside its unit's
 * range; "clause": missing), SG_ENOTFOUND (region outside the scope). */
int purchase_rule_set(sg_ctx *ctx, const char *code, const char *region, int year, int64_t value,
		      const char *clause, json_t **out);

extern const struct enum_def purchase_rule_units;
extern const struct enum_def purchase_rule_actions;

#endif
