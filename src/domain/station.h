/*
 * station.h — the three-tier network of social work stations (R-NET-1,
 * R-NET-2) and their staff assignments. Readiness is readiness.h,
 * coverage coverage.h, the social workers themselves worker.h.
 *
 * A station belongs to one division of its tier's level: tier "county"
 * (the guidance center) to a county, "township" to a township/street,
 * "village" to a village/community. Who sees which stations (R-ROLE-1,
 * in SQL): the global roles all; civil affairs and township staff those in
 * their division subtrees; provider staff those their organisation
 * operates; social workers and mentors their stations; nobody else. Outside
 * the scope a station does not exist (SG_ENOTFOUND). Who may change what
 * is the permission table (domain/role.h): PERM_STATION_EDIT creates and
 * changes stations, PERM_STATION_MANAGE manages their staff and readiness.
 *
 * A station renders as
 *   {id, division_code, division_name, tier, kind, demonstration, name,
 *    address, opened_on, status, operation, operator:{id, name}|null,
 *    brand, feature, working, created_at, updated_at}
 * and in detail also
 *   areas:[{code, name_zh, name_en}],
 *   staff:[{worker_id, name, qualification, full_time, role, since}],
 *   readiness: (readiness.h).
 * An operator that is an individual has its name masked ("张*").
 *
 * Every write is audited in its own transaction with old and new values;
 * a social worker's name never enters the audit trail (personal data).
 */
#ifndef SG_STATION_H
#define SG_STATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

enum {
	STATION_QUERY_MAX = 32, /* characters of a name search */
	STATION_AREAS_MAX = 5,	/* the catalog's five areas */
	STATION_EXPORT_MAX = 100000
};

/* The allowed values (GET /api/v1/meta/enums). */
extern const struct enum_def station_tiers;	 /* "station.tier" */
extern const struct enum_def station_statuses;	 /* "station.status" */
extern const struct enum_def station_kinds;	 /* "station.kind" */
extern const struct enum_def station_operations; /* "station.operation" */
extern const struct enum_def staff_roles;	 /* "staff.role" */
/* A station's columns and data classes (exports, the public portal). */
extern const struct col_table station_table;

/* What another module needs to know of a station. */
struct station_ref {
	int64_t id;
	char division_code[13];
	char tier[16];
	int64_t operator_org_id; /* 0: none */
	bool working;
};
/* The station within the actor's scope into *out; SG_ENOTFOUND (field
 * "id") outside it. */
int station_ref_get(sg_ctx *ctx, int64_t id, struct station_ref *out);
/* The station in detail, within the scope (for a write's reply). */
int station_detail(sg_ctx *ctx, int64_t id, json_t **out);

/* What a create or an update sets. Strings NULL leave a field as it is
 * (update) or at its default (create); "" clears an optional text
 * (address, opened_on, brand, feature). demonstration -1 and
 * operator_org_id -1 leave them; operator_org_id 0 means none. area_codes
 * (an array of catalog area codes) replaces the station's areas; NULL
 * leaves them. division_code and tier are set at creation only. */
struct station_fields {
	const char *division_code, *tier, *kind, *name, *address, *opened_on, *status;
	const char *operation, *brand, *feature;
	int demonstration;
	int64_t operator_org_id;
	const json_t *area_codes;
};
#define STATION_FIELDS_UNSET                                                                       \
	{                                                                                          \
		.demonstration = -1, .operator_org_id = -1                                         \
	}

/* Creates a station, audited "station.create"; out is the detail.
 * Defaults: status "planned"; kind "comprehensive" for a township station;
 * operation "contract" when an operator is given, else "self_operated".
 * SG_EFORBIDDEN, SG_EINVAL (field named: R-NET-1 for the tier, level and
 * kind, R-NET-2 for the rest, including an operator that is not an
 * organisation the actor sees — said exactly as for an id that names
 * nothing — or not an eligible provider where the station is),
 * SG_ENOTFOUND (field "division_code": no such division in the scope). */
int station_create(sg_ctx *ctx, const struct station_fields *in, json_t **out);
/* Changes the fields given, audited "station.update" with old and new
 * values; out is the detail. Errors as station_create; SG_ENOTFOUND
 * outside the scope. */
int station_update(sg_ctx *ctx, int64_t id, const struct station_fields *in, json_t **out);
/* The station in detail. SG_ENOTFOUND outside the scope. */
int station_get(sg_ctx *ctx, int64_t id, json_t **out);

struct station_filter {
	const char *division;	 /* NULL: any; else this subtree */
	const char *tier;	 /* NULL: any */
	const char *status;	 /* NULL: any */
	const char *q;		 /* NULL: any; else a part of the name */
	int working;		 /* -1: any; 0 or 1 */
	int64_t operator_org_id; /* 0: any */
};
/* {items, next_cursor, total} of rendered stations (not in detail), by
 * id, within the scope; total counts every station the filter selects.
 * SG_EINVAL (field named) for a bad filter. */
int station_list(sg_ctx *ctx, const struct station_filter *f, int64_t cursor, int limit,
		 json_t **out);
/* Every station the filter selects (at most STATION_EXPORT_MAX), rendered
 * as in the list, in *out (an array); audited "station.export" with the
 * filter and the count, committed before the caller builds its file. */
int station_export(sg_ctx *ctx, const struct station_filter *f, json_t **out);

/* Assigns a social worker to a station (role "head" or "staff", NULL:
 * "staff"; since a date, NULL: today), audited "station.staff_assign";
 * out is the station's detail. SG_ENOTFOUND (field "id" or "worker_id"),
 * SG_ECONFLICT (field "worker_id": already there; "role": the station
 * has a head), SG_EFORBIDDEN, SG_EINVAL. */
int station_staff_add(sg_ctx *ctx, int64_t station_id, int64_t worker_id, const char *role,
		      const char *since, json_t **out);
/* Removes a worker from a station, audited "station.staff_remove"; out is
 * the station's detail. SG_ENOTFOUND when not assigned. */
int station_staff_remove(sg_ctx *ctx, int64_t station_id, int64_t worker_id, json_t **out);

/* Inside the caller's write (a contract's signing, domain/contract.h):
 * makes organisation org_id the operator of station id (operation
 * "contract") for contract contract_id, which runs from start_on to
 * end_on. Audited "station.operator_contract" with the old and the new
 * operator and the contract. No scope and no permission of its own: the
 * caller holds the station's project and checked its own. The working
 * flag does not depend on the operator. SG_ENOTFOUND for no station. */
int station_operator_contract(sg_ctx *ctx, int64_t id, int64_t org_id, int64_t contract_id,
			      const char *start_on, const char *end_on);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def station_actions;

#endif
