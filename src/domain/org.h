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
 * Who may purchase and provide is eligibility.h.
 */
#ifndef SG_ORG_H
#define SG_ORG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"

#include "domain/enums.h"

enum org_role { ORG_PURCHASER, ORG_PROVIDER, ORG_ROLE__MAX };

/* The allowed values (GET /api/v1/meta/enums). */
extern const struct enum_def org_types;		 /* "org.type" */
extern const struct enum_def org_statuses;	 /* "org.registration_status" */
extern const struct enum_def org_grades;	 /* "org.grade" */
extern const struct enum_def org_document_kinds; /* "org.document_kind" */

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

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def org_actions;

#endif
