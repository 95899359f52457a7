/* contract.c (api) — contracts made from awards, their instalments,
 * maker–checker signing, amendments and the printable contract (R-CON-1..3,
 * R-FLOW-1), within the caller's scope (domain/contract.h). */
#include "api/api.h"
#include "api/export.h"
#include "domain/contract.h"

static int query_filter(sg_req *r, struct contract_filter *f)
{
	int64_t year = 0;
	*f = (struct contract_filter){
	    .status = req_query_cut(r, "status", 16),
	    .division = req_query_cut(r, "division", 16),
	};
	int rc = req_query_int(r, "year", 2000, 2100, "R-IO-1", &year);
	if (!rc)
		rc = req_query_int(r, "provider_id", 1, INT64_MAX, "R-IO-1", &f->provider_id);
	if (!rc)
		rc = req_query_int(r, "project_id", 1, INT64_MAX, "R-IO-1", &f->project_id);
	f->year = (int)year;
	return rc;
}

/* GET /api/v1/contracts?status=&year=&division=&provider_id=&project_id=
 * &limit=&cursor= → 200 {items, next_cursor, total}; 400. */
static int api_contract_list(sg_req *r)
{
	struct contract_filter f;
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = contract_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const struct export_column contract_export_columns[] = {
    {"合同编号 Code", "code", NULL},
    {"项目名称 Project", "project.name", NULL},
    {"项目编号 Project code", "project.code", NULL},
    {"购买主体 Purchaser", "department.name", NULL},
    {"承接主体 Provider", "provider.name", NULL},
    {"行政区划 Division", "division_name", NULL},
    {"年度 Year", "year", NULL},
    {"合同价款（分） Price (fen)", "price", NULL},
    {"服务开始 Service from", "start_on", NULL},
    {"服务结束 Service to", "end_on", NULL},
    {"签订日期 Signed on", "signed_on", NULL},
    {"状态 Status", "status", &contract_statuses},
    {"版本 Version", "version", NULL},
};

/* GET /api/v1/contracts/export?format=csv|xlsx&(the list's filters) → 200 a
 * file; 400, 403. Audited. */
static int api_contract_export(sg_req *r)
{
	struct contract_filter f;
	json_t *rows = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = contract_export(&r->ctx, &f, &rows);
	if (!rc)
		rc = reply_export(
		    r, "政府购买服务合同", "contracts", contract_export_columns,
		    sizeof contract_export_columns / sizeof contract_export_columns[0], rows);
	json_decref(rows);
	return rc;
}

/* Each body's fields, listed in full (tests/api/openapi.test.mjs). */
static const jsonv_field create_fields[] = {
    {"award_id", JV_INT, true, 1, 999999999999, "R-CON-1"},
    {"code", JV_STRING, false, 1, 40, "R-CON-1"},
    {"price", JV_INT, false, 1, 1000000000000, "R-CON-1"},
    {"start_on", JV_STRING, false, 0, 10, "R-CON-1"},
    {"end_on", JV_STRING, false, 0, 10, "R-CON-1"},
    {"subject", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"quantity", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"quality", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"term", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"payment_method", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"breach_liability", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"dispute_resolution", JV_STRING, false, 0, 5000, "R-CON-1"},
};
static const jsonv_field update_fields[] = {
    {"code", JV_STRING, false, 1, 40, "R-CON-1"},
    {"price", JV_INT, false, 1, 1000000000000, "R-CON-1"},
    {"start_on", JV_STRING, false, 0, 10, "R-CON-1"},
    {"end_on", JV_STRING, false, 0, 10, "R-CON-1"},
    {"subject", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"quantity", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"quality", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"term", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"payment_method", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"breach_liability", JV_STRING, false, 0, 5000, "R-CON-1"},
    {"dispute_resolution", JV_STRING, false, 0, 5000, "R-CON-1"},
};

static struct contract_fields fields_of(const json_t *in)
{
	struct contract_fields f = CONTRACT_FIELDS_UNSET;
	f.award_id = jsonv_int(in, "award_id", 0);
	f.code = jsonv_str(in, "code", NULL);
	if (jsonv_has(in, "price"))
		f.price = jsonv_int(in, "price", 0);
	f.start_on = jsonv_str(in, "start_on", NULL);
	f.end_on = jsonv_str(in, "end_on", NULL);
	for (int c = 0; c < CLAUSE__MAX; c++)
		f.clauses[c] = jsonv_str(in, contract_clause_key((enum contract_clause)c), NULL);
	return f;
}

/* POST /api/v1/contracts → 201 contract in detail; 400 (the price above the
 * award's), 403, 404 (an award outside the scope), 409 (the award
 * withdrawn; a contract already; the project not procuring; the code
 * taken). */
static int api_contract_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct contract_fields f = fields_of(in);
	rc = contract_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/contracts/{id} → 200 contract in detail; 404. */
static int api_contract_get(sg_req *r)
{
	return reply_read(r, contract_get);
}

/* PATCH /api/v1/contracts/{id} → 200 contract; 400, 403, 404, 409 (not a
 * draft; the code taken). */
static int api_contract_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct contract_fields f = fields_of(in);
	rc = contract_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field instalments_fields[] = {
    {"instalments", JV_ARRAY, true, 0, 60, "R-CON-2"},
};

/* PUT /api/v1/contracts/{id}/instalments → 200 contract; 400 (an
 * instalment named by its index; the sum not the price, the difference
 * named), 403, 404, 409 (not a draft). */
static int api_contract_instalments(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(instalments_fields), &in);
	if (rc)
		return rc;
	rc = contract_instalments_set(&r->ctx, id, json_object_get(in, "instalments"), &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field reason_fields[] = {
    {"reason", JV_STRING, false, 0, 2000, "R-FLOW-1"},
};

/* POST /api/v1/contracts/{id}/{submit|sign|return}: the action, with a
 * reason for a return. */
static int act(sg_req *r, enum contract_action a)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	/* An action without a reason may come without a body. */
	int rc = r->body.len ? req_ids_and_body(r, &id, NULL, FIELDS(reason_fields), &in)
			     : req_param_id(r, 0, &id);
	if (rc)
		return rc;
	if (!in)
		in = json_object();
	rc = contract_act(&r->ctx, id, a, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}
/* POST /api/v1/contracts/{id}/submit → 200 contract; 400 (one error per gap:
 * each missing clause, the period, the term, the instalments), 403, 404,
 * 409 (not a draft; the award in notice or with an objection pending). */
static int api_contract_submit(sg_req *r)
{
	return act(r, CONTRACT_SUBMIT);
}
/* POST /api/v1/contracts/{id}/sign → 200 contract; 400 (the submission's
 * checks), 403 (R-FLOW-1: the maker), 404, 409 (not pending; the award in
 * notice or with an objection pending; the project not procuring; the
 * budget short). */
static int api_contract_sign(sg_req *r)
{
	return act(r, CONTRACT_SIGN);
}
/* POST /api/v1/contracts/{id}/return → 200 contract; 400 (no reason), 403
 * (R-FLOW-1: the maker), 404, 409 (not pending). */
static int api_contract_return(sg_req *r)
{
	return act(r, CONTRACT_RETURN);
}

/* GET /api/v1/contracts/{id}/print → 200 text/html, the printable
 * contract; 404. */
static int api_contract_print(sg_req *r)
{
	int64_t id;
	char *html = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = contract_print(&r->ctx, id, &html, &len);
	return rc ? rc : reply_html(r, html, len);
}

static const jsonv_field amend_fields[] = {
    {"reason", JV_STRING, true, 2, 500, "R-CON-3"},
    {"changes", JV_OBJECT, true, 0, 0, "R-CON-3"},
};

/* POST /api/v1/contracts/{id}/amendments → 201 contract with the pending
 * amendment; 400 (R-CON-3: subcontracting the whole, the price above the
 * award's, a field that cannot change; R-CON-2: the term, the
 * instalments), 403, 404, 409 (not signed; an amendment pending). */
static int api_contract_amend(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(amend_fields), &in);
	if (rc)
		return rc;
	rc = contract_amend(&r->ctx, id, jsonv_str(in, "reason", NULL),
			    json_object_get(in, "changes"), &out);
	return reply_done(r, rc, in, 201, out);
}

/* POST /api/v1/amendments/{id}/approve → 200 contract, amended; 400 (the
 * term or the price no longer allowed), 403 (R-FLOW-1: the maker), 404,
 * 409 (not pending; the budget short). */
static int api_amendment_approve(sg_req *r)
{
	return reply_read(r, amendment_approve);
}

/* POST /api/v1/amendments/{id}/return → 200 contract; 400 (no reason), 403
 * (R-FLOW-1: the maker), 404, 409 (not pending). */
static int api_amendment_return(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = r->body.len ? req_ids_and_body(r, &id, NULL, FIELDS(reason_fields), &in)
			     : req_param_id(r, 0, &id);
	if (rc)
		return rc;
	if (!in)
		in = json_object();
	rc = amendment_return(&r->ctx, id, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route contract_routes[] = {
    {HTTP_GET, "/api/v1/contracts", api_contract_list, PERM_CONTRACT_READ, "list contracts"},
    {HTTP_POST, "/api/v1/contracts", api_contract_create, PERM_CONTRACT_EDIT,
     "draft a contract from an award"},
    {HTTP_GET, "/api/v1/contracts/export", api_contract_export, PERM_CONTRACT_EXPORT,
     "export the contracts list as CSV or Excel"},
    {HTTP_GET, "/api/v1/contracts/{id}", api_contract_get, PERM_CONTRACT_READ, "read a contract"},
    {HTTP_PATCH, "/api/v1/contracts/{id}", api_contract_update, PERM_CONTRACT_EDIT,
     "change a draft contract"},
    {HTTP_PUT, "/api/v1/contracts/{id}/instalments", api_contract_instalments, PERM_CONTRACT_EDIT,
     "set a draft contract's payment instalments"},
    {HTTP_POST, "/api/v1/contracts/{id}/submit", api_contract_submit, PERM_CONTRACT_EDIT,
     "submit a contract for signing"},
    {HTTP_POST, "/api/v1/contracts/{id}/sign", api_contract_sign, PERM_CONTRACT_SIGN,
     "sign a contract (checker)"},
    {HTTP_POST, "/api/v1/contracts/{id}/return", api_contract_return, PERM_CONTRACT_SIGN,
     "return a contract to its maker with a reason"},
    {HTTP_GET, "/api/v1/contracts/{id}/print", api_contract_print, PERM_CONTRACT_READ,
     "the printable contract (HTML)"},
    {HTTP_POST, "/api/v1/contracts/{id}/amendments", api_contract_amend, PERM_CONTRACT_EDIT,
     "propose an amendment of a signed contract"},
    {HTTP_POST, "/api/v1/amendments/{id}/approve", api_amendment_approve, PERM_CONTRACT_SIGN,
     "approve a contract amendment (checker)"},
    {HTTP_POST, "/api/v1/amendments/{id}/return", api_amendment_return, PERM_CONTRACT_SIGN,
     "return a contract amendment with a reason"},
};
const size_t contract_routes_count = sizeof contract_routes / sizeof contract_routes[0];
const struct enum_def *const contract_enums[] = {
    &contract_audit_actions, &contract_statuses,  &instalment_statuses,	  &instalment_evaluations,
    &instalment_grades,	     &amendment_statuses, &contract_action_names, NULL};
