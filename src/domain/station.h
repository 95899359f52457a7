/*
 * station.h — the three-tier network of social work stations (R-NET-1..4)
 * and the social workers who staff them (R-TAL-1).
 *
 * A station belongs to one division of its tier's level: tier "county"
 * (the guidance center) to a county, "township" to a township/street,
 * "village" to a village/community. Who sees which stations (R-ROLE-1,
 * in SQL): admin and audit admin all; civil affairs and township staff
 * those in their division subtrees; provider staff those their
 * organisation operates; social workers and mentors their stations;
 * evaluators none. Outside the scope a station does not exist
 * (SG_ENOTFOUND). Civil affairs staff (and the administrator) create and
 * change stations; provider staff also manage the staff and readiness
 * ticks of the stations they operate; township staff, social workers and
 * mentors only read (SG_EFORBIDDEN).
 *
 * A station renders as
 *   {id, division_code, division_name, tier, kind, demonstration, name,
 *    address, opened_on, status, operation, operator:{id, name}|null,
 *    brand, feature, working, created_at, updated_at}
 * and in detail also
 *   areas:[{code, name_zh, name_en}],
 *   staff:[{worker_id, name, qualification, full_time, role, since}],
 *   readiness:{working, items:[{id, code, name_zh, name_en, kind,
 *     threshold, actual, met, note, checked_at, passed}]}.
 * An operator that is an individual has its name masked ("张*").
 *
 * Readiness (R-NET-4): the checklist of the station's tier
 * (readiness_items) holds "flag" items, ticked by a person, and computed
 * items: "min_staff" (full-time staff ≥ threshold) and "min_qualified"
 * (staff holding a qualification ≥ threshold). A station is working iff
 * its status is "active" and every item passes; the stored flag is
 * recomputed in the transaction of every write that can change it.
 *
 * Every write is audited in its own transaction with old and new values;
 * a social worker's name and certificate number never enter the audit
 * trail (personal data).
 */
#ifndef SG_STATION_H
#define SG_STATION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"

enum {
	STATION_QUERY_MAX = 32, /* characters of a name search */
	STATION_AREAS_MAX = 5,	/* the catalog's five areas */
	STATION_THRESHOLD_MAX = 99,
	COVERAGE_MISSING_MAX = 200,    /* villages listed as missing */
	COVERAGE_TOWNSHIPS_MAX = 20000 /* townships listed (a province has < 5,000) */
};

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
 * SG_EFORBIDDEN (a role other than admin and civil affairs), SG_EINVAL
 * (field named: R-NET-1 for the tier, level and kind, R-NET-2 for the
 * rest, including an operator that is not an eligible provider where the
 * station is), SG_ENOTFOUND (field "division_code": no such division in
 * the actor's scope). */
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
/* {items, next_cursor} of rendered stations (not in detail), by id, within
 * the scope. SG_EINVAL (field named) for a bad filter. */
int station_list(sg_ctx *ctx, const struct station_filter *f, int64_t cursor, int limit,
		 json_t **out);

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
/* Ticks (met) or unticks a flag item of the station's checklist with an
 * optional note, audited "station.readiness_set"; out is the station's
 * detail. SG_ENOTFOUND (field "item_id": no such item), SG_EINVAL (field
 * "item_id": another tier's item, or a computed one). */
int station_readiness_set(sg_ctx *ctx, int64_t station_id, int64_t item_id, bool met,
			  const char *note, json_t **out);

/* The checklist: {items:[{id, tier, code, name_zh, name_en, kind,
 * threshold, position}]} of one tier (NULL: all three), in order.
 * SG_EINVAL (field "tier"). */
int station_checklist(sg_ctx *ctx, const char *tier, json_t **out);
/* What an administrator changes in an item: NULL / -1 leave a field. */
struct station_item_patch {
	const char *name_zh, *name_en;
	int threshold;
};
/* Changes an item (administrator only) and recomputes "working" for every
 * station of its tier in the same transaction; audited
 * "readiness.item_update" with old and new values and the number of
 * stations whose working flag changed. out is the item. SG_EFORBIDDEN,
 * SG_ENOTFOUND, SG_EINVAL (field "threshold": a flag item has none). */
int station_checklist_update(sg_ctx *ctx, int64_t item_id, const struct station_item_patch *p,
			     json_t **out);

/* Coverage of a division (R-NET-3):
 *   {division:{code, name, level},
 *    townships:{total, with_station, ratio}, villages:{…},
 *    children:[{code, name, level, townships:{…}, villages:{…}}],
 *    missing_townships:[{code, name}],
 *    missing_villages:{count, items:[{code, name}]}}
 * where with_station counts the townships (villages) that have at least
 * one working station of the township (village) tier; ratio is
 * with_station / total rounded to 4 places, null when total is 0;
 * children are the divisions one level down; missing_villages lists the
 * first COVERAGE_MISSING_MAX in code order. Admin and audit admin may ask
 * for any division, civil affairs and township staff for one within their
 * subtrees, nobody else (SG_ENOTFOUND, as outside the scope). SG_EINVAL
 * (field "code") for a malformed code. */
int station_coverage(sg_ctx *ctx, const char *division_code, json_t **out);

/* ------------------------------------------------------- social workers
 *
 * A social worker renders as
 *   {id, name, qualification, certificate_no, employer:{id, name}|null,
 *    full_time, created_at, updated_at}
 * and in detail also stations:[{id, name, tier, role, since}] (those the
 * actor sees). Who sees a worker: admin and audit admin all; civil affairs
 * and township staff those employed by an organisation registered in their
 * subtrees or assigned to a station there; provider staff their
 * organisation's employees and the workers of the stations it operates.
 */
struct station_worker_new {
	const char *name;
	const char *qualification;  /* NULL: none */
	const char *certificate_no; /* NULL: none */
	int64_t employer_org_id;    /* 0: none */
	bool full_time;
};
/* Registers a worker, audited "social_worker.create" (without name and
 * certificate number). Admin: any employer or none. Civil affairs: an
 * employer registered in their subtree (required). Provider: their own
 * organisation (given or not; another one is SG_EINVAL). SG_EFORBIDDEN
 * for other roles; SG_ENOTFOUND (field "employer_org_id"). */
int station_worker_create(sg_ctx *ctx, const struct station_worker_new *in, json_t **out);
/* The worker in detail. SG_ENOTFOUND outside the scope. */
int station_worker_get(sg_ctx *ctx, int64_t id, json_t **out);
/* {items, next_cursor}, by id; employer_org_id 0, qualification NULL
 * ("none": workers without a qualification) and q NULL for any; q is a
 * part of the name (at most STATION_QUERY_MAX characters; a county's
 * workers are few, so it is matched without an index). */
int station_worker_list(sg_ctx *ctx, int64_t employer_org_id, const char *qualification,
			const char *q, int64_t cursor, int limit, json_t **out);

#endif
