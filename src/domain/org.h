/*
 * org.h — organisations that purchase and provide services (R-ORG-1, 2),
 * their facts, and who may purchase or provide (R-ORG-3..5).
 *
 * An organisation is registered in a division; civil affairs and township
 * staff see those registered in their division subtree, provider and
 * evaluator staff their own organisation (scope.h). Outside the scope an
 * organisation does not exist (SG_ENOTFOUND).
 *
 * Individuals carry a resident ID number instead of a USCC. It is stored
 * encrypted (base/pii.h), found by its keyed hash, and rendered masked
 * ("id_number_masked"); the name of an individual is masked too. Only
 * org_unmask() reveals them, with a stated reason, audited.
 *
 * An organisation renders as
 *   {id, type, name, uscc, id_number_masked, division_code, division_name,
 *    registration_status, registered_on, business_scope, full_time_staff,
 *    qualified_social_workers, years_of_service, past_projects, last_grade,
 *    dishonest, tax_record_clean, social_insurance_clean,
 *    governance_documents, finance_documents, created_at, updated_at}
 * and in detail also {documents:[{id, kind, title, issued_on}]}.
 *
 * Eligibility is decided by rules that are data (schema/004_org.sql): the
 * rule set of the region and year, each rule testing one fact with an
 * operator against an expected value and citing its clause. Every decision
 * lists every rule that applies to the organisation's type, passed or not.
 */
#ifndef SG_ORG_H
#define SG_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"

enum org_role { ORG_PURCHASER, ORG_PROVIDER, ORG_ROLE__MAX };

/* "purchaser" / "provider" → enum org_role, -1 otherwise. */
int org_role_from_name(const char *name);
/* True for one of the organisation types of R-ORG-1 (GLOSSARY.md). */
bool org_type_valid(const char *type);

/* What a create or an update sets. Strings NULL and integers -1 leave a
 * field as it is (an update) or at its default (a create); "" clears an
 * optional text. */
struct org_fields {
	const char *type, *name, *uscc, *id_number, *division_code;
	const char *registration_status, *registered_on, *business_scope, *last_grade;
	int64_t full_time_staff, qualified_social_workers, years_of_service, past_projects;
	int dishonest, tax_record_clean, social_insurance_clean; /* -1, 0 or 1 */
};
#define ORG_FIELDS_UNSET                                                                           \
	{                                                                                          \
		.full_time_staff = -1, .qualified_social_workers = -1, .years_of_service = -1,     \
		.past_projects = -1, .dishonest = -1, .tax_record_clean = -1,                      \
		.social_insurance_clean = -1                                                       \
	}

/* Creates an organisation, audited "org.create". type, name and
 * division_code are required; uscc for every type but an individual,
 * id_number for an individual (and only then). SG_EINVAL (field named),
 * SG_ENOTFOUND (field "division_code": not in the actor's scope),
 * SG_ECONFLICT (field "uscc" / "id_number": already registered). */
int org_create(sg_ctx *ctx, const struct org_fields *in, json_t **out);
/* Changes the fields given, audited "org.update" with old and new values.
 * The type and the identifying code do not change. */
int org_update(sg_ctx *ctx, int64_t id, const struct org_fields *in, json_t **out);
/* The organisation in detail. SG_ENOTFOUND outside the scope. */
int org_get(sg_ctx *ctx, int64_t id, json_t **out);

struct org_filter {
	const char *type;     /* NULL: any */
	const char *division; /* NULL: any within the scope; else this subtree */
	const char *q;	      /* NULL: any; else a part of the name (never finds an individual) */
	int eligible;	      /* -1: any; else enum org_role: those eligible for it */
	int year;	      /* for eligible: 0 is the current year */
};
/* {items, next_cursor}, by id. With an eligibility filter the rows are
 * decided one by one, and a page may end early (with a cursor) after
 * ORG_SCAN_MAX rows looked at. */
enum { ORG_SCAN_MAX = 2000, ORG_EXPORT_MAX = 100000 };
int org_list(sg_ctx *ctx, const struct org_filter *f, int64_t cursor, int limit, json_t **out);
/* Every organisation the filter selects (at most ORG_EXPORT_MAX) as
 * an array of rendered organisations, for an export; audited
 * "org.export" with the filter and the count. */
int org_export(sg_ctx *ctx, const struct org_filter *f, json_t **out);

/* Adds a document on file, audited "org.document_add". kind: registration,
 * governance, finance, qualification or other. */
int org_document_add(sg_ctx *ctx, int64_t org_id, const char *kind, const char *title,
		     const char *issued_on, json_t **out);

/* {id_number, name} of an individual in clear, for an actor whose role may
 * unmask (administrator, civil affairs), with a reason of 2 to 200
 * characters; audited "org.unmask" with the reason (never the value).
 * SG_EFORBIDDEN for other roles, SG_EINVAL for an organisation that is not
 * an individual or a missing reason. */
int org_unmask(sg_ctx *ctx, int64_t id, const char *reason, json_t **out);

/* The decision for organisation id in a role:
 *   {eligible, role, year, region_code, rule_set:{id, code, name_zh,
 *    name_en, region_code, year, source_zh},
 *    rules:[{id, description_zh, description_en, passed, fact, value, op,
 *            expected, clause}]}
 * under the rules of region (NULL: the organisation's division) for year
 * (0: the current year). SG_ENOTFOUND outside the scope. */
int org_eligibility(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
		    json_t **out);
/* Just the verdict, for other modules (a station's operator must be an
 * eligible provider where the station is; a bidder at bid time). Reads the
 * organisation without a scope check: the caller has already checked it. */
int org_is_eligible(sg_ctx *ctx, int64_t id, enum org_role role, const char *region, int year,
		    bool *eligible);

/* What another module needs to know of an organisation. */
struct org_ref {
	int64_t id;
	char type[32];
	char division_code[13];
	bool individual;
};
/* The organisation within the actor's scope — registered in, or serving,
 * one of the actor's divisions, or the actor's own — into *out;
 * SG_ENOTFOUND (field "id") otherwise. */
int org_ref_get(sg_ctx *ctx, int64_t id, struct org_ref *out);
/* Registers the organisation with this USCC as serving division_code (in
 * the actor's scope): it is then seen there, and can operate a station
 * there (仁怀社工 in Qijiang). Audited "org.region_add"; out is the
 * organisation. SG_EFORBIDDEN (PERM_ORG_EDIT), SG_EINVAL (field "uscc"),
 * SG_ENOTFOUND (field "uscc": none registered; "division_code": not in
 * the scope). */
int org_serve_region(sg_ctx *ctx, const char *uscc, const char *division_code, json_t **out);

/* The rule sets with their rules: {items:[{id, code, region_code, year,
 * name_zh, name_en, source_zh, rules:[…]}]}. */
int org_rule_sets(sg_ctx *ctx, json_t **out);
/* A region's own rule set, copied from the one that decides for it now and
 * then changed with PATCH; audited "eligibility.rule_set_create". Civil
 * affairs staff for a region within their scope, or an administrator.
 * SG_ECONFLICT when the region already has a set for that year. */
int org_rule_set_create(sg_ctx *ctx, const char *code, const char *region_code, int year,
			const char *name_zh, const char *name_en, const char *source_zh,
			json_t **out);
/* What a rule's change sets; NULL leaves a field. */
struct org_rule_patch {
	const json_t *expected; /* valid for the rule's operator */
	const char *clause, *description_zh, *description_en;
};
/* Changes a rule, audited "eligibility.rule_update" with old and new
 * values. The national set is an administrator's; a region's set is its
 * civil affairs staff's. SG_EINVAL (field "expected": does not fit the
 * operator; or a blank text), SG_EFORBIDDEN, SG_ENOTFOUND. */
int org_rule_update(sg_ctx *ctx, int64_t rule_id, const struct org_rule_patch *p, json_t **out);

#endif
