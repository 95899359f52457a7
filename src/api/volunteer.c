/* volunteer.c (api) — volunteers (R-SVC-3, R-SVC-5): registration, the
 * stations they serve, their pairing with social workers, their hours
 * and the certificate of hours, within the caller's scope
 * (domain/volunteer.h). */
#include "api/api.h"
#include "api/export.h"
#include "domain/volunteer.h"

/* ?year= or ?from=&to= into *p. */
static int query_period(sg_req *r, struct volunteer_period *p)
{
	int64_t year = 0;
	int rc = req_query_int(r, "year", 1, 9999, "R-SVC-3", &year);
	if (!rc)
		rc = volunteer_period_make(&r->ctx, year, req_query_cut(r, "from", 16),
					   req_query_cut(r, "to", 16), p);
	return rc;
}

/* The list's filters from the query string. */
static int query_filter(sg_req *r, struct volunteer_filter *f)
{
	*f = (struct volunteer_filter){
	    .status = req_query_cut(r, "status", 16),
	    .skill = req_query_cut(r, "skill", 4 * VOLUNTEER_QUERY_MAX + 4),
	    .q = req_query_cut(r, "q", 4 * VOLUNTEER_QUERY_MAX + 4),
	};
	int rc = req_query_int(r, "station_id", 1, INT64_MAX, "R-IO-1", &f->station_id);
	if (!rc)
		rc = query_period(r, &f->period);
	return rc;
}

/* GET /api/v1/volunteers?station_id=&status=&skill=&q=&year=&from=&to=
 * &limit=&cursor= → 200 {items, next_cursor, total} (within the caller's
 * scope; each item's minutes those of the period, at the station when
 * given); 400, 404 (a station outside the scope). */
static int api_volunteer_list(sg_req *r)
{
	struct volunteer_filter f;
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = volunteer_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The export's columns: every personal value masked (the name too). */
static const struct export_column export_columns[] = {
    {"编号 ID", "id", NULL},
    {"姓名 Name", "name", NULL},
    {"联系电话 Phone", "phone", NULL},
    {"身份证号 ID number", "id_number", NULL},
    {"所在区划 Division", "division_name", NULL},
    {"技能特长 Skills", "skills", NULL},
    {"可服务时间 Availability", "availability", NULL},
    {"状态 Status", "status", &volunteer_statuses},
    {"志愿服务时长（分钟） Minutes", "minutes", NULL},
};

/* GET /api/v1/volunteers/export?format=csv|xlsx&(the list's filters) → 200
 * a file, masked; 400, 403, 404. Audited. */
static int api_volunteer_export(sg_req *r)
{
	struct volunteer_filter f;
	json_t *rows = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = volunteer_export(&r->ctx, &f, &rows);
	if (!rc)
		rc = reply_export(r, "志愿者", "volunteers", export_columns,
				  sizeof export_columns / sizeof export_columns[0], rows);
	json_decref(rows);
	return rc;
}

/* Each body's fields, listed in full (tests/api/openapi.test.mjs). */
static const jsonv_field register_fields[] = {
    {"name", JV_STRING, true, 1, 32, "R-SVC-3"},
    {"phone", JV_STRING, false, 0, 20, "R-SVC-3"},
    {"id_number", JV_STRING, false, 0, 18, "R-SVC-3"},
    {"skills", JV_STRING, false, 0, 200, "R-SVC-3"},
    {"availability", JV_STRING, false, 0, 200, "R-SVC-3"},
    {"status", JV_STRING, false, 1, 16, "R-SVC-3"},
    {"division_code", JV_STRING, false, 2, 12, "R-SVC-3"},
    {"station_ids", JV_ARRAY, false, 0, 20, "R-SVC-3"},
};
static const jsonv_field update_fields[] = {
    {"name", JV_STRING, false, 1, 32, "R-SVC-3"},
    {"phone", JV_STRING, false, 0, 20, "R-SVC-3"},
    {"id_number", JV_STRING, false, 0, 18, "R-SVC-3"},
    {"skills", JV_STRING, false, 0, 200, "R-SVC-3"},
    {"availability", JV_STRING, false, 0, 200, "R-SVC-3"},
    {"status", JV_STRING, false, 1, 16, "R-SVC-3"},
    {"division_code", JV_STRING, false, 2, 12, "R-SVC-3"},
};

static struct volunteer_fields fields_of(const json_t *in)
{
	return (struct volunteer_fields){
	    .name = jsonv_str(in, "name", NULL),
	    .phone = jsonv_str(in, "phone", NULL),
	    .id_number = jsonv_str(in, "id_number", NULL),
	    .skills = jsonv_str(in, "skills", NULL),
	    .availability = jsonv_str(in, "availability", NULL),
	    .status = jsonv_str(in, "status", NULL),
	    .division_code = jsonv_str(in, "division_code", NULL),
	    .station_ids = json_is_array(json_object_get(in, "station_ids"))
			       ? json_object_get(in, "station_ids")
			       : NULL,
	};
}

/* POST /api/v1/volunteers → 201 volunteer in detail (existing false); 200
 * the volunteer the caller sees with the same ID number (existing true,
 * nothing changed); 400, 403, 404 (a division or station outside the
 * scope), 409 (the ID number registered elsewhere), 429 (too many of
 * those in an hour). */
static int api_volunteer_register(sg_req *r)
{
	json_t *in, *out = NULL;
	bool existing = false;
	int rc = req_body(r, FIELDS(register_fields), &in);
	if (rc)
		return rc;
	struct volunteer_fields f = fields_of(in);
	rc = volunteer_register(&r->ctx, &f, &existing, &out);
	return reply_done(r, rc, in, existing ? 200 : 201, out);
}

/* GET /api/v1/volunteers/{id} → 200 volunteer in detail (stations,
 * workers, hours by year and station); 404. */
static int api_volunteer_get(sg_req *r)
{
	return reply_read(r, volunteer_get);
}

/* PATCH /api/v1/volunteers/{id} → 200 volunteer in detail; 400, 403, 404
 * (also a division outside the scope), 409 (the ID number taken), 429. */
static int api_volunteer_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct volunteer_fields f = fields_of(in);
	rc = volunteer_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field unmask_fields[] = {
    {"reason", JV_STRING, false, 0, 200, "R-PII-1"},
};

/* POST /api/v1/volunteers/{id}/unmask → 200 {id, name, phone, id_number}
 * in clear; 400 (no reason), 403, 404. Audited with the reason. */
static int api_volunteer_unmask(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(unmask_fields), &in);
	if (rc)
		return rc;
	rc = volunteer_unmask(&r->ctx, id, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field station_fields[] = {
    {"station_id", JV_INT, true, 1, 999999999999, "R-SVC-3"},
    {"since", JV_STRING, false, 0, 10, "R-SVC-3"},
};

/* POST /api/v1/volunteers/{id}/stations → 201 volunteer in detail; 400,
 * 403, 404 (the volunteer or the station outside the scope), 409 (serving
 * it already). */
static int api_volunteer_station_add(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(station_fields), &in);
	if (rc)
		return rc;
	rc = volunteer_station_add(&r->ctx, id, jsonv_int(in, "station_id", 0),
				   jsonv_str(in, "since", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

/* DELETE /api/v1/volunteers/{id}/stations/{station_id} → 200 volunteer in
 * detail; 403, 404 (not serving it), 409 (the last station the caller
 * sees). */
static int api_volunteer_station_remove(sg_req *r)
{
	return reply_read2(r, volunteer_station_remove);
}

static const jsonv_field pair_fields[] = {
    {"worker_id", JV_INT, true, 1, 999999999999, "R-SVC-3"},
    {"since", JV_STRING, false, 0, 10, "R-SVC-3"},
};

/* POST /api/v1/volunteers/{id}/workers → 201 volunteer in detail; 400,
 * 403, 404 (the volunteer or the worker outside the scope), 409 (paired
 * already). */
static int api_volunteer_pair_add(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(pair_fields), &in);
	if (rc)
		return rc;
	rc = volunteer_pair_add(&r->ctx, id, jsonv_int(in, "worker_id", 0),
				jsonv_str(in, "since", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

/* DELETE /api/v1/volunteers/{id}/workers/{worker_id} → 200 volunteer in
 * detail; 403, 404 (not paired). */
static int api_volunteer_pair_remove(sg_req *r)
{
	return reply_read2(r, volunteer_pair_remove);
}

/* GET /api/v1/volunteers/{id}/services?year=&from=&to=&station_id=&limit=
 * &cursor= → 200 {items, next_cursor, total, minutes}; 400, 404. */
static int api_volunteer_services(sg_req *r)
{
	struct volunteer_period p;
	int64_t id, cursor, station = 0;
	int limit;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = req_query_int(r, "station_id", 1, INT64_MAX, "R-IO-1", &station);
	if (!rc)
		rc = query_period(r, &p);
	if (!rc)
		rc = volunteer_services(&r->ctx, id, &p, station, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/volunteers/{id}/certificate?year=|from=&to= → 200
 * text/html, the certificate of hours to print; 400, 404. Audited. */
static int api_volunteer_certificate(sg_req *r)
{
	struct volunteer_period p;
	int64_t id;
	char *html = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = query_period(r, &p);
	if (!rc)
		rc = volunteer_certificate(&r->ctx, id, &p, &html, &len);
	return rc ? rc : reply_html(r, html, len);
}

/* GET /api/v1/stations/{id}/volunteer-hours → 200 {station, minutes,
 * records, volunteers, years}; 404. */
static int api_station_volunteer_hours(sg_req *r)
{
	return reply_read(r, volunteer_station_hours);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route volunteer_routes[] = {
    {HTTP_GET, "/api/v1/volunteers", api_volunteer_list, PERM_VOLUNTEER_READ, "list volunteers"},
    {HTTP_POST, "/api/v1/volunteers", api_volunteer_register, PERM_VOLUNTEER_EDIT,
     "register a volunteer"},
    {HTTP_GET, "/api/v1/volunteers/export", api_volunteer_export, PERM_VOLUNTEER_READ,
     "export the volunteers list as CSV or Excel (masked)"},
    {HTTP_GET, "/api/v1/volunteers/{id}", api_volunteer_get, PERM_VOLUNTEER_READ,
     "read a volunteer"},
    {HTTP_PATCH, "/api/v1/volunteers/{id}", api_volunteer_update, PERM_VOLUNTEER_EDIT,
     "change a volunteer"},
    {HTTP_POST, "/api/v1/volunteers/{id}/unmask", api_volunteer_unmask, PERM_VOLUNTEER_UNMASK,
     "show a volunteer's phone and ID number, with a reason"},
    {HTTP_POST, "/api/v1/volunteers/{id}/stations", api_volunteer_station_add, PERM_VOLUNTEER_EDIT,
     "a volunteer starts serving a station"},
    {HTTP_DELETE, "/api/v1/volunteers/{id}/stations/{station_id}", api_volunteer_station_remove,
     PERM_VOLUNTEER_EDIT, "a volunteer stops serving a station"},
    {HTTP_POST, "/api/v1/volunteers/{id}/workers", api_volunteer_pair_add, PERM_VOLUNTEER_EDIT,
     "pair a volunteer with a social worker"},
    {HTTP_DELETE, "/api/v1/volunteers/{id}/workers/{worker_id}", api_volunteer_pair_remove,
     PERM_VOLUNTEER_EDIT, "end a volunteer's pairing with a social worker"},
    {HTTP_GET, "/api/v1/volunteers/{id}/services", api_volunteer_services, PERM_VOLUNTEER_READ,
     "the services a volunteer took part in"},
    {HTTP_GET, "/api/v1/volunteers/{id}/certificate", api_volunteer_certificate,
     PERM_VOLUNTEER_READ, "the certificate of a volunteer's hours (HTML)"},
    {HTTP_GET, "/api/v1/stations/{id}/volunteer-hours", api_station_volunteer_hours,
     PERM_VOLUNTEER_READ, "the volunteer hours of a station by year"},
};
const size_t volunteer_routes_count = sizeof volunteer_routes / sizeof volunteer_routes[0];
const struct enum_def *const volunteer_enums[] = {&volunteer_actions, &volunteer_objects,
						  &volunteer_statuses, NULL};
