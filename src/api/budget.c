/* budget.c (api) — annual budgets (R-PRJ-2) and the purchase rules
 * (R-PROC-1, R-CON-2) within the caller's scope (domain/budget.h,
 * domain/purchase_rule.h). */
#include "api/api.h"
#include "domain/budget.h"
#include "domain/purchase_rule.h"

/* GET /api/v1/budgets?year=&department_id=&limit=&cursor= → 200 {items,
 * next_cursor, total}; 400. */
static int api_budget_list(sg_req *r)
{
	int64_t cursor, year = 0, dep = 0;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = req_query_int(r, "year", 2000, 2100, "R-PRJ-2", &year);
	if (!rc)
		rc = req_query_int(r, "department_id", 1, INT64_MAX, "R-IO-1", &dep);
	if (!rc)
		rc = budget_list(&r->ctx, (int)year, dep, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field create_fields[] = {
    {"department_id", JV_INT, true, 1, 999999999999, "R-PRJ-2"},
    {"year", JV_INT, true, 2000, 2100, "R-PRJ-2"},
    {"amount", JV_INT, true, 0, 1000000000000, "R-PRJ-2"},
    {"source", JV_STRING, false, 0, 200, "R-PRJ-2"},
};

/* POST /api/v1/budgets → 201 budget; 400, 403, 404 (department outside
 * the scope), 409 (the department's year has one). */
static int api_budget_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	rc =
	    budget_create(&r->ctx, jsonv_int(in, "department_id", 0), (int)jsonv_int(in, "year", 0),
			  jsonv_int(in, "amount", 0), jsonv_str(in, "source", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/budgets/{id} → 200 budget with its commitments; 404. */
static int api_budget_get(sg_req *r)
{
	return reply_read(r, budget_get);
}

static const jsonv_field update_fields[] = {
    {"amount", JV_INT, true, 0, 1000000000000, "R-PRJ-2"},
    {"source", JV_STRING, false, 0, 200, "R-PRJ-2"},
};

/* PATCH /api/v1/budgets/{id} → 200 budget; 400, 403, 404, 409 (below what
 * is committed). */
static int api_budget_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	rc = budget_update(&r->ctx, id, jsonv_int(in, "amount", 0), jsonv_str(in, "source", NULL),
			   &out);
	return reply_done(r, rc, in, 200, out);
}

/* GET /api/v1/purchase-rules?region=&year= → 200 {region_code, year,
 * items}; 400. */
static int api_rule_list(sg_req *r)
{
	int64_t year = 0;
	json_t *out;
	int rc = req_query_int(r, "year", 2000, 2100, "R-PROC-1", &year);
	if (!rc)
		rc = purchase_rules_list(&r->ctx, req_query_cut(r, "region", 16), (int)year, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field rule_fields[] = {
    {"code", JV_STRING, true, 1, 64, "R-PROC-1"},
    {"region_code", JV_STRING, false, 2, 12, "R-PROC-1"},
    {"year", JV_INT, false, 2000, 2100, "R-PROC-1"},
    {"value", JV_INT, true, 0, 100000000000000, "R-PROC-1"},
    {"clause", JV_STRING, true, 1, 500, "R-PROC-1"},
};

/* PUT /api/v1/purchase-rules → 200 the row set; 400, 403, 404 (region
 * outside the scope). */
static int api_rule_set(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(rule_fields), &in);
	if (rc)
		return rc;
	rc = purchase_rule_set(&r->ctx, jsonv_str(in, "code", ""),
			       jsonv_str(in, "region_code", NULL), (int)jsonv_int(in, "year", 0),
			       jsonv_int(in, "value", 0), jsonv_str(in, "clause", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route budget_routes[] = {
    {HTTP_GET, "/api/v1/budgets", api_budget_list, PERM_BUDGET_READ, "list budgets"},
    {HTTP_POST, "/api/v1/budgets", api_budget_create, PERM_BUDGET_EDIT, "create a budget"},
    {HTTP_GET, "/api/v1/budgets/{id}", api_budget_get, PERM_BUDGET_READ,
     "read a budget with its commitments"},
    {HTTP_PATCH, "/api/v1/budgets/{id}", api_budget_update, PERM_BUDGET_EDIT, "change a budget"},
    {HTTP_GET, "/api/v1/purchase-rules", api_rule_list, PERM_SIGNED_IN,
     "the purchase rules in force for a region and year"},
    {HTTP_PUT, "/api/v1/purchase-rules", api_rule_set, PERM_PURCHASE_RULES_EDIT,
     "set a purchase rule for a region and year"},
};
const size_t budget_routes_count = sizeof budget_routes / sizeof budget_routes[0];
const struct enum_def *const budget_enums[] = {&budget_actions, &purchase_rule_actions,
					       &purchase_rule_units, NULL};
