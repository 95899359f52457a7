/* station.c (api) — the station network (R-NET-1, R-NET-2): stations and
 * their staff, within the caller's scope (domain/station.h). */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/station.h"

/* The list's filters from the query string. */
static int query_filter(sg_req *r, struct station_filter *f)
{
	*f = (struct station_filter){
	    .division = req_query_cut(r, "division", 16),
	    .tier = req_query_cut(r, "tier", 16),
	    .status = req_query_cut(r, "status", 16),
	    .q = req_query(r, "q"),
	    .working = -1,
	};
	const char *working = req_query(r, "working");
	int rc = req_query_int(r, "operator_org_id", 1, INT64_MAX, "R-IO-1", &f->operator_org_id);
	if (rc || !working)
		return rc;
	if (strcmp(working, "true") == 0)
		f->working = 1;
	else if (strcmp(working, "false") == 0)
		f->working = 0;
	else
		return sg_err_set(&r->ctx.err, SG_EINVAL, "working", "R-IO-1",
				  "working 应为 true 或 false", "working must be true or false");
	return 0;
}

/* GET /api/v1/stations?division=&tier=&status=&working=&operator_org_id=
 * &q=&limit=&cursor= → 200 {items, next_cursor, total} (within the
 * caller's scope); 400. */
static int api_station_list(sg_req *r)
{
	struct station_filter f;
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);

	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = station_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The export's columns: header and member of the rendered station, with
 * the labels of enumerated values. */
static const struct export_column export_columns[] = {
    {"编号 ID", "id", NULL},
    {"名称 Name", "name", NULL},
    {"层级 Tier", "tier", &station_tiers},
    {"类型 Kind", "kind", &station_kinds},
    {"示范站 Demonstration", "demonstration", NULL},
    {"行政区划 Division", "division_name", NULL},
    {"行政区划代码 Division code", "division_code", NULL},
    {"地址 Address", "address", NULL},
    {"启用日期 Opened on", "opened_on", NULL},
    {"状态 Status", "status", &station_statuses},
    {"运营方式 Operation", "operation", &station_operations},
    {"承接主体 Operator", "operator.name", NULL},
    {"品牌 Brand", "brand", NULL},
    {"特色 Feature", "feature", NULL},
    {"正常运转 Working", "working", NULL},
};

/* GET /api/v1/stations/export?format=csv|xlsx&(the list's filters) → 200
 * a file; 400, 403. Audited. */
static int api_station_export(sg_req *r)
{
	struct station_filter f;
	json_t *rows = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = station_export(&r->ctx, &f, &rows);
	if (!rc)
		rc = reply_export(r, "社工站", "stations", export_columns,
				  sizeof export_columns / sizeof export_columns[0], rows);
	json_decref(rows);
	return rc;
}

/* Each body's fields, listed in full: the tables are what
 * tests/api/openapi.test.mjs compares the API description with. */
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
	return reply_read(r, station_get);
}

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
	return reply_read2(r, station_staff_remove);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route station_routes[] = {
    {HTTP_GET, "/api/v1/stations", api_station_list, PERM_STATION_READ, "list stations"},
    {HTTP_POST, "/api/v1/stations", api_station_create, PERM_STATION_EDIT, "create a station"},
    {HTTP_GET, "/api/v1/stations/export", api_station_export, PERM_STATION_EXPORT,
     "export the stations list as CSV or Excel"},
    {HTTP_GET, "/api/v1/stations/{id}", api_station_get, PERM_STATION_READ, "read a station"},
    {HTTP_PATCH, "/api/v1/stations/{id}", api_station_update, PERM_STATION_EDIT,
     "change a station"},
    {HTTP_POST, "/api/v1/stations/{id}/staff", api_station_staff_add, PERM_STATION_MANAGE,
     "assign a social worker to a station"},
    {HTTP_DELETE, "/api/v1/stations/{id}/staff/{worker_id}", api_station_staff_remove,
     PERM_STATION_MANAGE, "remove a social worker from a station"},
};
const size_t station_routes_count = sizeof station_routes / sizeof station_routes[0];
const struct enum_def *const station_enums[] = {&station_actions,
						&station_tiers,
						&station_statuses,
						&station_kinds,
						&station_operations,
						&staff_roles,
						NULL};
