/* station.c (api) — the station network (R-NET-1..4) and its social
 * workers (R-TAL-1): stations read by every role within its scope,
 * created and changed by civil affairs staff, their staff and readiness
 * ticks also managed by the operating provider; the readiness checklist
 * read by everyone and changed by the administrator; coverage of a
 * division (R-NET-3). */
#include <string.h>

#include "api/api.h"
#include "domain/station.h"

/* GET /api/v1/stations?division=&tier=&status=&working=&operator_org_id=
 * &q=&limit=&cursor= → 200 {items, next_cursor} (within the caller's
 * scope); 400. */
static int api_station_list(sg_req *r)
{
	struct station_filter f = {
	    .division = req_query_cut(r, "division", 16),
	    .tier = req_query_cut(r, "tier", 16),
	    .status = req_query_cut(r, "status", 16),
	    .q = req_query(r, "q"),
	    .working = -1,
	};
	const char *working = req_query(r, "working");
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);

	if (!rc)
		rc =
		    req_query_int(r, "operator_org_id", 1, INT64_MAX, "R-IO-1", &f.operator_org_id);
	if (rc)
		return rc;
	if (working) {
		if (strcmp(working, "true") == 0)
			f.working = 1;
		else if (strcmp(working, "false") == 0)
			f.working = 0;
		else
			return sg_err_set(&r->ctx.err, SG_EINVAL, "working", "R-IO-1",
					  "working 应为 true 或 false",
					  "working must be true or false");
	}
	rc = station_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field create_fields[] = {
    {"division_code", JV_STRING, true, 6, 12, "R-NET-1"},
    {"tier", JV_STRING, true, 1, 16, "R-NET-1"},
    {"kind", JV_STRING, false, 1, 16, "R-NET-1"},
    {"demonstration", JV_BOOL, false, 0, 0, "R-NET-1"},
    {"name", JV_STRING, true, 1, 64, "R-NET-2"},
    {"address", JV_STRING, false, 0, 200, "R-NET-2"},
    {"opened_on", JV_STRING, false, 0, 10, "R-NET-2"},
    {"status", JV_STRING, false, 1, 16, "R-NET-2"},
    {"operation", JV_STRING, false, 1, 16, "R-NET-2"},
    {"operator_org_id", JV_INT, false, 1, 999999999999, "R-NET-2"},
    {"brand", JV_STRING, false, 0, 64, "R-NET-2"},
    {"feature", JV_STRING, false, 0, 200, "R-NET-2"},
    {"area_codes", JV_ARRAY, false, 0, 5, "R-NET-2"},
};

/* The fields of a create or update body (absent ones unset). */
static struct station_fields fields_of(const json_t *in)
{
	struct station_fields f = STATION_FIELDS_UNSET;
	f.division_code = jsonv_str(in, "division_code", NULL);
	f.tier = jsonv_str(in, "tier", NULL);
	f.kind = jsonv_str(in, "kind", NULL);
	f.name = jsonv_str(in, "name", NULL);
	f.address = jsonv_str(in, "address", NULL);
	f.opened_on = jsonv_str(in, "opened_on", NULL);
	f.status = jsonv_str(in, "status", NULL);
	f.operation = jsonv_str(in, "operation", NULL);
	f.brand = jsonv_str(in, "brand", NULL);
	f.feature = jsonv_str(in, "feature", NULL);
	if (jsonv_has(in, "demonstration"))
		f.demonstration = jsonv_bool(in, "demonstration", false);
	if (jsonv_has(in, "operator_org_id"))
		f.operator_org_id = jsonv_int(in, "operator_org_id", 0);
	if (jsonv_has(in, "area_codes"))
		f.area_codes = json_object_get(in, "area_codes");
	return f;
}

/* POST /api/v1/stations → 201 station in detail; 400 (including R-NET-2:
 * the operator is not an eligible provider where the station is), 403,
 * 404 (division_code outside the scope). */
static int api_station_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct station_fields f = fields_of(in);
	rc = station_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/stations/{id} → 200 station in detail; 404. */
static int api_station_get(sg_req *r)
{
	int64_t id;
	json_t *out;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = station_get(&r->ctx, id, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field update_fields[] = {
    {"kind", JV_STRING, false, 1, 16, "R-NET-1"},
    {"demonstration", JV_BOOL, false, 0, 0, "R-NET-1"},
    {"name", JV_STRING, false, 1, 64, "R-NET-2"},
    {"address", JV_STRING, false, 0, 200, "R-NET-2"},
    {"opened_on", JV_STRING, false, 0, 10, "R-NET-2"},
    {"status", JV_STRING, false, 1, 16, "R-NET-2"},
    {"operation", JV_STRING, false, 1, 16, "R-NET-2"},
    {"operator_org_id", JV_INT, false, 1, 999999999999, "R-NET-2"},
    {"brand", JV_STRING, false, 0, 64, "R-NET-2"},
    {"feature", JV_STRING, false, 0, 200, "R-NET-2"},
    {"area_codes", JV_ARRAY, false, 0, 5, "R-NET-2"},
};

/* PATCH /api/v1/stations/{id} → 200 station in detail; 400, 403, 404. */
static int api_station_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct station_fields f = fields_of(in);
	rc = station_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field staff_fields[] = {
    {"worker_id", JV_INT, true, 1, 999999999999, "R-TAL-1"},
    {"role", JV_STRING, false, 1, 16, "R-TAL-1"},
    {"since", JV_STRING, false, 10, 10, "R-TAL-1"},
};

/* POST /api/v1/stations/{id}/staff → 201 station in detail; 400, 403, 404
 * (station or worker outside the scope), 409 (already there; a second
 * head). */
static int api_station_staff_add(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(staff_fields), &in);
	if (rc)
		return rc;
	rc = station_staff_add(&r->ctx, id, jsonv_int(in, "worker_id", 0),
			       jsonv_str(in, "role", NULL), jsonv_str(in, "since", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

/* DELETE /api/v1/stations/{id}/staff/{worker_id} → 200 station in detail;
 * 403, 404 (station outside the scope, worker not at the station). */
static int api_station_staff_remove(sg_req *r)
{
	int64_t id, worker;
	json_t *out;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = req_param_id(r, 1, &worker);
	if (!rc)
		rc = station_staff_remove(&r->ctx, id, worker, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field readiness_fields[] = {
    {"met", JV_BOOL, true, 0, 0, "R-NET-4"},
    {"note", JV_STRING, false, 0, 200, "R-NET-4"},
};

/* PUT /api/v1/stations/{id}/readiness/{item_id} → 200 station in detail;
 * 400 (a computed item, another tier's item), 403, 404. */
static int api_station_readiness_set(sg_req *r)
{
	int64_t id, item;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, &item, FIELDS(readiness_fields), &in);
	if (rc)
		return rc;
	rc = station_readiness_set(&r->ctx, id, item, jsonv_bool(in, "met", false),
				   jsonv_str(in, "note", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

/* GET /api/v1/readiness-items?tier= → 200 {items}; 400. */
static int api_readiness_item_list(sg_req *r)
{
	json_t *out;
	int rc = station_checklist(&r->ctx, req_query_cut(r, "tier", 16), &out);
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
	struct station_item_patch p = {
	    .name_zh = jsonv_str(in, "name_zh", NULL),
	    .name_en = jsonv_str(in, "name_en", NULL),
	    .threshold = jsonv_has(in, "threshold") ? (int)jsonv_int(in, "threshold", 0) : -1,
	};
	rc = station_checklist_update(&r->ctx, id, &p, &out);
	return reply_done(r, rc, in, 200, out);
}

/* GET /api/v1/social-workers?employer_org_id=&qualification=&q=&limit=&cursor=
 * → 200 {items, next_cursor} (within the caller's scope); 400. */
static int api_social_worker_list(sg_req *r)
{
	int64_t cursor, employer = 0;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = req_query_int(r, "employer_org_id", 1, INT64_MAX, "R-IO-1", &employer);
	if (!rc)
		rc = station_worker_list(&r->ctx, employer, req_query_cut(r, "qualification", 16),
					 req_query_cut(r, "q", 4 * STATION_QUERY_MAX + 4), cursor,
					 limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field worker_fields[] = {
    {"name", JV_STRING, true, 1, 64, "R-TAL-1"},
    {"qualification", JV_STRING, false, 1, 16, "R-TAL-1"},
    {"certificate_no", JV_STRING, false, 1, 40, "R-TAL-1"},
    {"employer_org_id", JV_INT, false, 1, 999999999999, "R-TAL-1"},
    {"full_time", JV_BOOL, true, 0, 0, "R-TAL-1"},
};

/* POST /api/v1/social-workers → 201 worker; 400, 403, 404 (employer
 * outside the scope). */
static int api_social_worker_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(worker_fields), &in);
	if (rc)
		return rc;
	struct station_worker_new n = {
	    .name = jsonv_str(in, "name", ""),
	    .qualification = jsonv_str(in, "qualification", NULL),
	    .certificate_no = jsonv_str(in, "certificate_no", NULL),
	    .employer_org_id = jsonv_int(in, "employer_org_id", 0),
	    .full_time = jsonv_bool(in, "full_time", false),
	};
	rc = station_worker_create(&r->ctx, &n, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/social-workers/{id} → 200 worker with stations; 404. */
static int api_social_worker_get(sg_req *r)
{
	int64_t id;
	json_t *out;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = station_worker_get(&r->ctx, id, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/divisions/{code}/coverage → 200 coverage; 400 (code), 404
 * (no such division, or outside the caller's subtree; roles without a
 * division scope). */
static int api_division_coverage(sg_req *r)
{
	json_t *out;
	int rc = station_coverage(&r->ctx, req_param_cut(r, 0, 16), &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route station_routes[] = {
    {HTTP_GET, "/api/v1/divisions/{code}/coverage", api_division_coverage, PERM_COVERAGE_READ,
     "read the station coverage of a division"},
    {HTTP_GET, "/api/v1/stations", api_station_list, PERM_STATION_READ, "list stations"},
    {HTTP_POST, "/api/v1/stations", api_station_create, PERM_STATION_EDIT, "create a station"},
    {HTTP_GET, "/api/v1/stations/{id}", api_station_get, PERM_STATION_READ, "read a station"},
    {HTTP_PATCH, "/api/v1/stations/{id}", api_station_update, PERM_STATION_EDIT,
     "change a station"},
    {HTTP_POST, "/api/v1/stations/{id}/staff", api_station_staff_add, PERM_STATION_MANAGE,
     "assign a social worker to a station"},
    {HTTP_DELETE, "/api/v1/stations/{id}/staff/{worker_id}", api_station_staff_remove,
     PERM_STATION_MANAGE, "remove a social worker from a station"},
    {HTTP_PUT, "/api/v1/stations/{id}/readiness/{item_id}", api_station_readiness_set,
     PERM_STATION_MANAGE, "tick a readiness item of a station"},
    {HTTP_GET, "/api/v1/readiness-items", api_readiness_item_list, PERM_SIGNED_IN,
     "list the readiness checklist"},
    {HTTP_PATCH, "/api/v1/readiness-items/{id}", api_readiness_item_update, PERM_SETTINGS_EDIT,
     "change a readiness item"},
    {HTTP_GET, "/api/v1/social-workers", api_social_worker_list, PERM_WORKER_READ,
     "list social workers"},
    {HTTP_POST, "/api/v1/social-workers", api_social_worker_create, PERM_WORKER_REGISTER,
     "register a social worker"},
    {HTTP_GET, "/api/v1/social-workers/{id}", api_social_worker_get, PERM_WORKER_READ,
     "read a social worker"},
};
const size_t station_routes_count = sizeof station_routes / sizeof station_routes[0];
