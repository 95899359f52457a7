/* readiness.c (api) — the readiness checklist of the stations (R-NET-4):
 * ticks, their confirmation, and the checklist's items
 * (domain/readiness.h). */
#include "api/api.h"
#include "domain/readiness.h"

static const jsonv_field readiness_fields[] = {
    {"met", JV_BOOL, true, 0, 0, "R-NET-4"},
    {"note", JV_STRING, false, 0, 200, "R-NET-4"},
};

/* PUT /api/v1/stations/{id}/readiness/{item_id} → 200 station in detail;
 * 400 (a computed item, another tier's item), 403, 404. */
static int api_readiness_tick(sg_req *r)
{
	int64_t id, item;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, &item, FIELDS(readiness_fields), &in);
	if (rc)
		return rc;
	rc = readiness_tick(&r->ctx, id, item, jsonv_bool(in, "met", false),
			    jsonv_str(in, "note", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

/* GET /api/v1/readiness-items?tier= → 200 {items}; 400. */
static int api_readiness_item_list(sg_req *r)
{
	json_t *out;
	int rc = readiness_items(&r->ctx, req_query_cut(r, "tier", 16), &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field item_fields[] = {
    {"name_zh", JV_STRING, false, 1, 32, "R-NET-4"},
    {"name_en", JV_STRING, false, 1, 64, "R-NET-4"},
    {"threshold", JV_INT, false, 0, 99, "R-NET-4"},
};

/* PATCH /api/v1/readiness-items/{id} → 200 item (the working flag of the
 * tier's stations recomputed); 400 (a threshold on a ticked item), 403,
 * 404. */
static int api_readiness_item_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(item_fields), &in);
	if (rc)
		return rc;
	struct readiness_item_patch p = {
	    .name_zh = jsonv_str(in, "name_zh", NULL),
	    .name_en = jsonv_str(in, "name_en", NULL),
	    .threshold = jsonv_has(in, "threshold") ? (int)jsonv_int(in, "threshold", 0) : -1,
	};
	rc = readiness_item_update(&r->ctx, id, &p, &out);
	return reply_done(r, rc, in, 200, out);
}

/* POST /api/v1/stations/{id}/readiness/{item_id}/confirm → 200 station in
 * detail; 403, 404, 409 (nothing ticked, confirmed already). */
static int api_readiness_confirm(sg_req *r)
{
	return reply_read2(r, readiness_confirm);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route readiness_routes[] = {
    {HTTP_PUT, "/api/v1/stations/{id}/readiness/{item_id}", api_readiness_tick, PERM_STATION_MANAGE,
     "tick a readiness item of a station"},
    {HTTP_POST, "/api/v1/stations/{id}/readiness/{item_id}/confirm", api_readiness_confirm,
     PERM_READINESS_CONFIRM, "confirm the tick of a readiness item"},
    {HTTP_GET, "/api/v1/readiness-items", api_readiness_item_list, PERM_SIGNED_IN,
     "list the readiness checklist"},
    {HTTP_PATCH, "/api/v1/readiness-items/{id}", api_readiness_item_update, PERM_SETTINGS_EDIT,
     "change a readiness item"},
};
const size_t readiness_routes_count = sizeof readiness_routes / sizeof readiness_routes[0];
const struct enum_def *const readiness_enums[] = {&readiness_actions, &readiness_kinds, NULL};
