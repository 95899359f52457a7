/* plan.c (api) — annual plans (R-PRJ-1) within the caller's scope
 * (domain/plan.h). */
#include "api/api.h"
#include "domain/plan.h"

/* GET /api/v1/plans?year=&department_id=&limit=&cursor= → 200 {items,
 * next_cursor, total}; 400. */
static int api_plan_list(sg_req *r)
{
	int64_t cursor, year = 0, dep = 0;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = req_query_int(r, "year", 2000, 2100, "R-PRJ-1", &year);
	if (!rc)
		rc = req_query_int(r, "department_id", 1, INT64_MAX, "R-IO-1", &dep);
	if (!rc)
		rc = plan_list(&r->ctx, (int)year, dep, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field create_fields[] = {
    {"department_id", JV_INT, true, 1, 999999999999, "R-PRJ-1"},
    {"year", JV_INT, true, 2000, 2100, "R-PRJ-1"},
    {"name", JV_STRING, true, 1, 400, "R-PRJ-1"},
    {"goals", JV_STRING, false, 0, 20000, "R-PRJ-1"},
    {"actions", JV_STRING, false, 0, 20000, "R-PRJ-1"},
    {"area_codes", JV_ARRAY, false, 0, 50, "R-PRJ-1"},
};
static const jsonv_field update_fields[] = {
    {"name", JV_STRING, false, 1, 400, "R-PRJ-1"},
    {"goals", JV_STRING, false, 0, 20000, "R-PRJ-1"},
    {"actions", JV_STRING, false, 0, 20000, "R-PRJ-1"},
    {"area_codes", JV_ARRAY, false, 0, 50, "R-PRJ-1"},
};

static struct plan_fields fields_of(const json_t *in)
{
	return (struct plan_fields){
	    .department_id = jsonv_int(in, "department_id", 0),
	    .year = (int)jsonv_int(in, "year", 0),
	    .name = jsonv_str(in, "name", NULL),
	    .goals = jsonv_str(in, "goals", NULL),
	    .actions = jsonv_str(in, "actions", NULL),
	    .area_codes = json_object_get(in, "area_codes"),
	};
}

/* POST /api/v1/plans → 201 plan in detail; 400, 403, 404 (department
 * outside the scope), 409 (the department's year has one). */
static int api_plan_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct plan_fields f = fields_of(in);
	rc = plan_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/plans/{id} → 200 plan in detail; 404. */
static int api_plan_get(sg_req *r)
{
	return reply_read(r, plan_get);
}

/* PATCH /api/v1/plans/{id} → 200 plan in detail; 400, 403, 404. */
static int api_plan_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct plan_fields f = fields_of(in);
	rc = plan_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

/* POST /api/v1/plans/{id}/publish → 200 plan in detail; 400 (no goals or
 * no areas: one error per gap in "errors"), 403, 404, 409 (published). */
static int api_plan_publish(sg_req *r)
{
	int64_t id;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (rc)
		return rc;
	rc = plan_publish(&r->ctx, id, &out);
	return reply_done(r, rc, NULL, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route plan_routes[] = {
    {HTTP_GET, "/api/v1/plans", api_plan_list, PERM_PLAN_READ, "list annual plans"},
    {HTTP_POST, "/api/v1/plans", api_plan_create, PERM_PLAN_EDIT, "create an annual plan"},
    {HTTP_GET, "/api/v1/plans/{id}", api_plan_get, PERM_PLAN_READ,
     "read an annual plan with its projects and budget"},
    {HTTP_PATCH, "/api/v1/plans/{id}", api_plan_update, PERM_PLAN_EDIT, "change an annual plan"},
    {HTTP_POST, "/api/v1/plans/{id}/publish", api_plan_publish, PERM_PLAN_EDIT,
     "publish an annual plan"},
};
const size_t plan_routes_count = sizeof plan_routes / sizeof plan_routes[0];
const struct enum_def *const plan_enums[] = {&plan_actions, &plan_statuses, NULL};
