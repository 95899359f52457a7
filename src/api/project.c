/* project.c (api) — purchased service projects (R-PRJ-1..4, R-CAT-3) and
 * the approvals inbox (R-FLOW-1), within the caller's scope
 * (domain/project.h, domain/approval.h). */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/approval.h"
#include "domain/project.h"

static int query_filter(sg_req *r, struct project_filter *f)
{
	int64_t year = 0;
	*f = (struct project_filter){
	    .state = req_query_cut(r, "state", 16),
	    .division = req_query_cut(r, "division", 16),
	    .township = req_query_cut(r, "township", 16),
	    .q = req_query_cut(r, "q", 4 * PROJECT_QUERY_MAX + 4),
	};
	int rc = req_query_int(r, "year", 2000, 2100, "R-IO-1", &year);
	if (!rc)
		rc = req_query_int(r, "department_id", 1, INT64_MAX, "R-IO-1", &f->department_id);
	f->year = (int)year;
	return rc;
}

/* GET /api/v1/projects?state=&year=&department_id=&division=&township=&q=
 * &limit=&cursor= → 200 {items, next_cursor, total}; 400. */
static int api_project_list(sg_req *r)
{
	struct project_filter f;
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = project_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

const struct export_column project_export_columns[] = {
    {"项目编号 Code", "code", NULL},
    {"项目名称 Name", "name", NULL},
    {"购买主体 Purchaser", "department.name", NULL},
    {"行政区划 Division", "division_name", NULL},
    {"年度 Year", "year", NULL},
    {"预算金额（分） Amount (fen)", "amount", NULL},
    {"服务开始 Service from", "service_start", NULL},
    {"服务结束 Service to", "service_end", NULL},
    {"状态 State", "state", &project_states},
    {"批准时间 Approved at", "approved_at", NULL},
};
const size_t project_export_columns_count =
    sizeof project_export_columns / sizeof project_export_columns[0];

/* GET /api/v1/projects/export?format=csv|xlsx&(the list's filters) → 200 a
 * file; 400, 403. Audited. */
static int api_project_export(sg_req *r)
{
	struct project_filter f;
	json_t *rows = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = project_export(&r->ctx, &f, &rows);
	if (!rc)
		rc = reply_export(r, "购买服务项目", "projects", project_export_columns,
				  project_export_columns_count, rows);
	json_decref(rows);
	return rc;
}

/* GET /api/v1/projects/indicators → 200 {items:[{code, kind, zh, en, unit,
 * measure}]}. */
static int api_project_indicators(sg_req *r)
{
	return reply_json(r, 200, json_pack("{s:o}", "items", project_indicators()));
}

/* Each body's fields, listed in full (tests/api/openapi.test.mjs). */
static const jsonv_field create_fields[] = {
    {"code", JV_STRING, false, 1, 31, "R-PRJ-1"},
    {"name", JV_STRING, true, 1, 400, "R-PRJ-1"},
    {"department_id", JV_INT, true, 1, 999999999999, "R-PRJ-1"},
    {"year", JV_INT, true, 2000, 2100, "R-PRJ-1"},
    {"plan_id", JV_INT, false, 0, 999999999999, "R-PRJ-1"},
    {"amount", JV_INT, false, 0, 1000000000000, "R-PRJ-2"},
    {"service_start", JV_STRING, false, 0, 10, "R-PRJ-1"},
    {"service_end", JV_STRING, false, 0, 10, "R-PRJ-1"},
    {"stable", JV_BOOL, false, 0, 0, "R-CON-2"},
    {"stable_reason", JV_STRING, false, 0, 500, "R-CON-2"},
    {"station_operation", JV_BOOL, false, 0, 0, "R-PRJ-3"},
    {"content", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"standards", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"requirements", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"item_ids", JV_ARRAY, false, 0, 200, "R-PRJ-1"},
    {"group_codes", JV_ARRAY, false, 0, 200, "R-PRJ-1"},
    {"township_codes", JV_ARRAY, false, 0, 200, "R-PRJ-3"},
    {"station_ids", JV_ARRAY, false, 0, 200, "R-PRJ-3"},
    {"lines", JV_ARRAY, false, 0, 200, "R-CAT-3"},
    {"targets", JV_ARRAY, false, 0, 50, "R-PRJ-1"},
};
static const jsonv_field update_fields[] = {
    {"code", JV_STRING, false, 1, 31, "R-PRJ-1"},
    {"name", JV_STRING, false, 1, 400, "R-PRJ-1"},
    {"plan_id", JV_INT, false, 0, 999999999999, "R-PRJ-1"},
    {"amount", JV_INT, false, 0, 1000000000000, "R-PRJ-2"},
    {"service_start", JV_STRING, false, 0, 10, "R-PRJ-1"},
    {"service_end", JV_STRING, false, 0, 10, "R-PRJ-1"},
    {"stable", JV_BOOL, false, 0, 0, "R-CON-2"},
    {"stable_reason", JV_STRING, false, 0, 500, "R-CON-2"},
    {"station_operation", JV_BOOL, false, 0, 0, "R-PRJ-3"},
    {"content", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"standards", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"requirements", JV_STRING, false, 0, 5000, "R-PRJ-1"},
    {"item_ids", JV_ARRAY, false, 0, 200, "R-PRJ-1"},
    {"group_codes", JV_ARRAY, false, 0, 200, "R-PRJ-1"},
    {"township_codes", JV_ARRAY, false, 0, 200, "R-PRJ-3"},
    {"station_ids", JV_ARRAY, false, 0, 200, "R-PRJ-3"},
    {"lines", JV_ARRAY, false, 0, 200, "R-CAT-3"},
    {"targets", JV_ARRAY, false, 0, 50, "R-PRJ-1"},
};

static struct project_fields fields_of(const json_t *in)
{
	struct project_fields f = PROJECT_FIELDS_UNSET;
	f.code = jsonv_str(in, "code", NULL);
	f.name = jsonv_str(in, "name", NULL);
	f.department_id = jsonv_int(in, "department_id", 0);
	f.year = (int)jsonv_int(in, "year", 0);
	if (jsonv_has(in, "plan_id"))
		f.plan_id = jsonv_int(in, "plan_id", 0);
	if (jsonv_has(in, "amount"))
		f.amount = jsonv_int(in, "amount", 0);
	f.service_start = jsonv_str(in, "service_start", NULL);
	f.service_end = jsonv_str(in, "service_end", NULL);
	if (jsonv_has(in, "stable"))
		f.stable = jsonv_bool(in, "stable", false);
	f.stable_reason = jsonv_str(in, "stable_reason", NULL);
	if (jsonv_has(in, "station_operation"))
		f.station_operation = jsonv_bool(in, "station_operation", false);
	f.content = jsonv_str(in, "content", NULL);
	f.standards = jsonv_str(in, "standards", NULL);
	f.requirements = jsonv_str(in, "requirements", NULL);
	f.item_ids = json_object_get(in, "item_ids");
	f.group_codes = json_object_get(in, "group_codes");
	f.township_codes = json_object_get(in, "township_codes");
	f.station_ids = json_object_get(in, "station_ids");
	f.lines = json_object_get(in, "lines");
	f.targets = json_object_get(in, "targets");
	return f;
}

/* POST /api/v1/projects → 201 project in detail; 400, 403, 404
 * (department outside the scope), 409 (code taken). */
static int api_project_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct project_fields f = fields_of(in);
	rc = project_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/projects/{id} → 200 project in detail; 404. */
static int api_project_get(sg_req *r)
{
	return reply_read(r, project_get);
}

/* PATCH /api/v1/projects/{id} → 200 project; 400, 403, 404, 409 (not a
 * draft). */
static int api_project_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct project_fields f = fields_of(in);
	rc = project_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field action_fields[] = {
    {"reason", JV_STRING, false, 0, 2000, "R-PRJ-4"},
};

/* POST /api/v1/projects/{id}/{submit|approve|return|cancel|start|evaluate
 * |close} → 200 project; 400 (incomplete: one error per gap in "errors";
 * a line on the negative list), 403 (R-FLOW-1: the maker checking), 404,
 * 409 (R-PRJ-4: not in a state for it; R-PRJ-2: over budget). */
static int act(sg_req *r, enum project_action a)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	/* An action without a reason may come without a body. */
	int rc = r->body.len ? req_ids_and_body(r, &id, NULL, FIELDS(action_fields), &in)
			     : req_param_id(r, 0, &id);
	if (rc)
		return rc;
	if (!in)
		in = json_object();
	rc = project_act(&r->ctx, id, a, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}
/* POST /api/v1/projects/{id}/submit → 200 project; 400 (incomplete: one error per gap), 403, 404,
 * 409 (not a draft). */
static int api_project_submit(sg_req *r)
{
	return act(r, PROJECT_SUBMIT);
}
/* POST /api/v1/projects/{id}/approve → 200 project; 400 (a line on the negative list), 403
 * (R-FLOW-1: the maker), 404, 409 (not submitted; over budget). */
static int api_project_approve(sg_req *r)
{
	return act(r, PROJECT_APPROVE);
}
/* POST /api/v1/projects/{id}/return → 200 project; 400 (no reason), 403 (R-FLOW-1: the maker), 404,
 * 409 (not submitted). */
static int api_project_return(sg_req *r)
{
	return act(r, PROJECT_RETURN);
}
/* POST /api/v1/projects/{id}/cancel → 200 project; 400 (no reason), 403, 404, 409 (closed or
 * cancelled). */
static int api_project_cancel(sg_req *r)
{
	return act(r, PROJECT_CANCEL);
}
/* POST /api/v1/projects/{id}/start → 200 project; 400, 403, 404, 409 (not contracted). */
static int api_project_start(sg_req *r)
{
	return act(r, PROJECT_START);
}
/* POST /api/v1/projects/{id}/evaluate → 200 project; 400, 403, 404, 409 (not in service). */
static int api_project_evaluate(sg_req *r)
{
	return act(r, PROJECT_EVALUATE);
}
/* POST /api/v1/projects/{id}/close → 200 project; 400, 403, 404, 409 (not evaluating). */
static int api_project_close(sg_req *r)
{
	return act(r, PROJECT_CLOSE);
}

/* GET /api/v1/approvals?status=&kind=&mine=&limit=&cursor= → 200 {items,
 * next_cursor, total}: what waits for the caller (mine=true: what the
 * caller submitted); 400. */
static int api_approval_list(sg_req *r)
{
	int64_t cursor;
	int limit;
	json_t *out;
	const char *mine = req_query(r, "mine");
	int rc = req_page(r, &cursor, &limit);
	if (!rc && mine && strcmp(mine, "true") != 0 && strcmp(mine, "false") != 0)
		rc = sg_err_set(&r->ctx.err, SG_EINVAL, "mine", "R-IO-1", "mine 应为 true 或 false",
				"mine must be true or false");
	if (!rc)
		rc = approval_list(&r->ctx, req_query_cut(r, "status", 16),
				   req_query_cut(r, "kind", 16), mine && strcmp(mine, "true") == 0,
				   cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route project_routes[] = {
    {HTTP_GET, "/api/v1/projects", api_project_list, PERM_PROJECT_READ, "list projects"},
    {HTTP_POST, "/api/v1/projects", api_project_create, PERM_PROJECT_EDIT, "create a project"},
    {HTTP_GET, "/api/v1/projects/export", api_project_export, PERM_PROJECT_EXPORT,
     "export the projects list as CSV or Excel"},
    {HTTP_GET, "/api/v1/projects/indicators", api_project_indicators, PERM_PROJECT_READ,
     "the indicators of targets"},
    {HTTP_GET, "/api/v1/projects/{id}", api_project_get, PERM_PROJECT_READ, "read a project"},
    {HTTP_PATCH, "/api/v1/projects/{id}", api_project_update, PERM_PROJECT_EDIT,
     "change a draft project"},
    {HTTP_POST, "/api/v1/projects/{id}/submit", api_project_submit, PERM_PROJECT_EDIT,
     "submit a project for approval"},
    {HTTP_POST, "/api/v1/projects/{id}/approve", api_project_approve, PERM_PROJECT_APPROVE,
     "approve a project (checker)"},
    {HTTP_POST, "/api/v1/projects/{id}/return", api_project_return, PERM_PROJECT_APPROVE,
     "return a project to its maker with a reason"},
    {HTTP_POST, "/api/v1/projects/{id}/cancel", api_project_cancel, PERM_PROJECT_EDIT,
     "cancel a project with a reason"},
    {HTTP_POST, "/api/v1/projects/{id}/start", api_project_start, PERM_PROJECT_EDIT,
     "start a contracted project's service"},
    {HTTP_POST, "/api/v1/projects/{id}/evaluate", api_project_evaluate, PERM_PROJECT_EDIT,
     "begin a project's evaluation"},
    {HTTP_POST, "/api/v1/projects/{id}/close", api_project_close, PERM_PROJECT_EDIT,
     "close an evaluated project"},
    {HTTP_GET, "/api/v1/approvals", api_approval_list, PERM_APPROVAL_READ,
     "the approvals waiting for the caller"},
};
const size_t project_routes_count = sizeof project_routes / sizeof project_routes[0];
const struct enum_def *const project_enums[] = {
    &project_actions,  &project_states,		&project_target_kinds,
    &project_measures, &project_indicator_enum, &project_action_names,
    &approval_kinds,   &approval_statuses,	NULL};
