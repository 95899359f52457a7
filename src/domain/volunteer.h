/*
 * volunteer.h — volunteers (R-SVC-3, R-SVC-5): their registration, the
 * stations they serve, their pairing with social workers ("social worker
 * + volunteer"), the hours the service records give them, and the
 * certificate of those hours (志愿服务时长证明).
 *
 * A volunteer renders as
 *   {id, name, phone, id_number, division_code, division_name, skills,
 *    availability, status, created_at, updated_at}
 * where phone and id_number are masks (138****5678, 500110********1234)
 * or null: the clear values are stored only encrypted (base/pii.h, the
 * GCM additional data "volunteers.phone" / "volunteers.id_number") and
 * shown only by volunteer_unmask. A list item adds minutes (the hours of
 * the filter, in minutes); the detail adds
 *   stations:[{id, name, tier, since}]   (those the actor sees),
 *   workers:[{id, name, since}]          (the paired social workers the
 *                                         actor sees),
 *   hours:{minutes, records, years:[{year, minutes, records,
 *          stations:[{id, name, minutes, records}]}]}   (newest year first).
 *
 * Who sees a volunteer (R-ROLE-1, in SQL): civil affairs and township
 * staff those registered in their division subtrees or serving a station
 * there; provider staff those serving a station their organisation
 * operates; social workers (and mentors) those serving one of their
 * stations. Outside the scope a volunteer does not exist (SG_ENOTFOUND).
 *
 * Hours (R-SVC-5) are never typed here: they are the minutes of
 * record_volunteers on the valid service records (written by the service
 * record module), counted only at the stations the actor sees — so that
 * what a page shows, and a certificate certifies, is what the actor's
 * own records hold.
 *
 * Name, skills and availability are personal data and phone and ID
 * number sensitive: none of them enters the audit trail or an error.
 */
#ifndef SG_VOLUNTEER_H
#define SG_VOLUNTEER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

enum {
	VOLUNTEER_NAME_MAX = 32,       /* characters */
	VOLUNTEER_TEXT_MAX = 200,      /* characters of skills, availability */
	VOLUNTEER_QUERY_MAX = 32,      /* characters of a name or skill search */
	VOLUNTEER_EXPORT_MAX = 100000, /* rows of an export */
	VOLUNTEER_CERT_MAX = 2000,     /* services listed on a certificate */
	VOLUNTEER_STATIONS_MAX = 20,   /* stations named at registration */
};

extern const struct enum_def volunteer_statuses; /* "volunteer.status" */
extern const struct col_table volunteer_table;

/* What another module needs to know of a volunteer. */
struct volunteer_ref {
	int64_t id;
};
/* The volunteer as the actor sees it; SG_ENOTFOUND (field) outside the scope or missing. */
int volunteer_ref_get(sg_ctx *ctx, int64_t id, const char *field, struct volunteer_ref *out);

/* What a registration or a change sets. NULL leaves a field as it is (a
 * change) or at its default (a registration); "" clears phone and
 * id_number. station_ids (an array of station ids, registration only)
 * are the stations served from today. */
struct volunteer_fields {
	const char *name, *phone, *id_number, *skills, *availability, *status, *division_code;
	const json_t *station_ids;
};

/*
 * Registers a volunteer (PERM_VOLUNTEER_EDIT), audited "volunteer.create".
 * The ID number, when given, is checked (GB 11643) and looked up by its
 * keyed hash first: a volunteer the actor sees is returned as it is
 * (*existing true, nothing written); one the actor does not see is
 * SG_ECONFLICT (field "id_number", "already registered elsewhere", not
 * saying where), audited "volunteer.registered_elsewhere", and an account
 * with five of those in the last hour is refused (SG_ELOCKED) before any
 * lookup. The division must be in the actor's reach: their subtrees, or
 * (provider staff, social workers) the subtree of a station they see; it
 * defaults to the first station's. Actors without a division scope name
 * at least one station (else they could not see what they registered).
 * SG_EINVAL (field named), SG_ENOTFOUND (field "division_code" or
 * "station_ids").
 */
int volunteer_register(sg_ctx *ctx, const struct volunteer_fields *in, bool *existing,
		       json_t **out);
/* Changes the fields given, audited "volunteer.update"; out is the
 * detail. A new ID number is checked as at registration (one taken is
 * SG_ECONFLICT). SG_ENOTFOUND outside the scope. */
int volunteer_update(sg_ctx *ctx, int64_t id, const struct volunteer_fields *in, json_t **out);
/* The volunteer in detail. SG_ENOTFOUND outside the scope. */
int volunteer_get(sg_ctx *ctx, int64_t id, json_t **out);

/* The time a total or a certificate covers: dates YYYY-MM-DD, both
 * included; NULL: open. */
struct volunteer_period {
	const char *from, *to;
};
/* The period of a year (0: none) or of from / to (NULL: open) into *out
 * (from the arena). SG_EINVAL (field "year", "from" or "to"): a year
 * outside 2000–2100, a year with dates, a date that is not one, from after
 * to. */
int volunteer_period_make(sg_ctx *ctx, int64_t year, const char *from, const char *to,
			  struct volunteer_period *out);

struct volunteer_filter {
	int64_t station_id;		/* 0: any; else serving this station (one the actor sees) */
	const char *status;		/* NULL: any */
	const char *skill;		/* NULL: any; else a part of the skills */
	const char *q;			/* NULL: any; else a part of the name */
	struct volunteer_period period; /* of each item's minutes */
};
/* {items, next_cursor, total} by id, within the scope; each item's
 * minutes are those of the period (at station_id when given). SG_EINVAL
 * for a bad filter, SG_ENOTFOUND (field "station_id") for a station
 * outside the scope. */
int volunteer_list(sg_ctx *ctx, const struct volunteer_filter *f, int64_t cursor, int limit,
		   json_t **out);
/* Every volunteer the filter selects (at most VOLUNTEER_EXPORT_MAX) as
 * list items with the name masked too (a bulk export holds no personal
 * value in clear), in *out (an array); audited "volunteer.export" with the
 * filter and the count. */
int volunteer_export(sg_ctx *ctx, const struct volunteer_filter *f, json_t **out);

/* The volunteer serves station_id from since (NULL: today), audited
 * "volunteer.station_add"; out is the detail. SG_ENOTFOUND (field
 * "station_id": a station the actor does not see), SG_ECONFLICT (already
 * there). */
int volunteer_station_add(sg_ctx *ctx, int64_t id, int64_t station_id, const char *since,
			  json_t **out);
/* No longer serves it, audited "volunteer.station_remove". SG_ENOTFOUND
 * (not serving it, or a station the actor does not see), SG_ECONFLICT
 * when the actor would no longer see the volunteer. */
int volunteer_station_remove(sg_ctx *ctx, int64_t id, int64_t station_id, json_t **out);
/* Pairs the volunteer with social worker worker_id (one the actor sees,
 * worker_ref_get) from since (NULL: today), audited "volunteer.pair_add".
 * SG_ENOTFOUND (field "worker_id"), SG_ECONFLICT (paired already). */
int volunteer_pair_add(sg_ctx *ctx, int64_t id, int64_t worker_id, const char *since, json_t **out);
/* Ends the pairing, audited "volunteer.pair_remove". SG_ENOTFOUND. */
int volunteer_pair_remove(sg_ctx *ctx, int64_t id, int64_t worker_id, json_t **out);

/* {id, name, phone, id_number} in clear (PERM_VOLUNTEER_UNMASK, a reason
 * of 2 to 200 characters), audited "volunteer.unmask" with the reason and
 * the fields shown, never their values. */
int volunteer_unmask(sg_ctx *ctx, int64_t id, const char *reason, json_t **out);

/* The services the volunteer took part in within the period (at
 * station_id when not 0), at the stations the actor sees, by record id:
 * {items:[{id, served_on, kind, station:{id, name}, item:{id, name},
 * title, minutes}], next_cursor, total, minutes}. */
int volunteer_services(sg_ctx *ctx, int64_t id, const struct volunteer_period *p,
		       int64_t station_id, int64_t cursor, int limit, json_t **out);
/* The volunteer hours of station id (one the actor sees): {station:{id,
 * name}, minutes, records, volunteers, years:[{year, minutes, records,
 * volunteers}]} (newest first). SG_ENOTFOUND. */
int volunteer_station_hours(sg_ctx *ctx, int64_t station_id, json_t **out);

/* The certificate of hours (志愿服务时长证明) of the period as a printable
 * HTML page (malloc'd into *out, *len): the fields of the national
 * volunteer service record — the volunteer's name in full and ID number
 * masked, the issuing stations and their organisations, the period, the
 * total hours and each service (date, station, content, hours). Audited
 * "volunteer.certificate" with the period and the totals. */
int volunteer_certificate(sg_ctx *ctx, int64_t id, const struct volunteer_period *p, char **out,
			  size_t *len);

/* Minutes as hours with at most two decimals, rounded half up: "1.5" for
 * 90, "1.67" for 100, "0" for 0 (out has 32 bytes). Returns out. */
const char *volunteer_hours_text(char out[32], int64_t minutes);

/* This module's audit actions and object type, with their labels. */
extern const struct enum_def volunteer_actions; /* "audit.action" */
extern const struct enum_def volunteer_objects; /* "audit.object_type" */

#endif
