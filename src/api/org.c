/* org.c (api) — organisations (R-ORG-1, 2), their documents on file, the
 * eligibility decision (R-ORG-3..5), the rule sets, and the list's export
 * as CSV or Excel. Reads are scoped by the domain; writes are for
 * administrators and civil affairs staff. */
#include "api/api.h"
#include "domain/eligibility.h"
#include "api/export.h"
#include "domain/org.h"

/* ?year= (2000..2100) into *year; 0 when absent. */
static int query_year(sg_req *r, int *year)
{
	int64_t v = 0;
	int rc = req_query_int(r, "year", 2000, 2100, "R-ORG-5", &v);
	*year = (int)v;
	return rc;
}

/* ?role= as an enum org_role; required when required. */
static int query_role(sg_req *r, const char *key, bool required, int *role)
{
	const char *v = req_query(r, key);
	*role = v ? org_role_from_name(v) : -1;
	if ((v || required) && *role < 0)
		return sg_err_set(&r->ctx.err, SG_EINVAL, key, "R-ORG-5",
				  "应为 purchaser（购买主体）或 provider（承接主体）",
				  "must be purchaser or provider");
	return 0;
}

/* The list's filters from the query string. */
static int query_filter(sg_req *r, struct org_filter *f)
{
	int rc;
	f->type = req_query(r, "type");
	f->division = req_query(r, "division");
	if ((rc = req_query_text(r, "q", 200, &f->q)) ||
	    (rc = query_role(r, "eligible", false, &f->eligible)))
		return rc;
	return query_year(r, &f->year);
}

/* GET /api/v1/orgs?type=&division=&q=&eligible=&year=&cursor=&limit=
 * → 200 {items, next_cursor}; 400. */
static int api_org_list(sg_req *r)
{
	struct org_filter f;
	int64_t cursor;
	int limit, rc;
	json_t *out;

	if ((rc = query_filter(r, &f)) || (rc = req_page(r, &cursor, &limit)) ||
	    (rc = org_list(&r->ctx, &f, cursor, limit, &out)))
		return rc;
	return reply_json(r, 200, out);
}

/* The export's columns: header and member of the rendered organisation,
 * with the labels of enumerated values. */
static const struct export_column export_columns[] = {
    {"编号 ID", "id", NULL},
    {"名称 Name", "name", NULL},
    {"类型 Type", "type", &org_types},
    {"统一社会信用代码 USCC", "uscc", NULL},
    {"身份证号（遮盖） ID number (masked)", "id_number_masked", NULL},
    {"行政区划 Division", "division_name", NULL},
    {"行政区划代码 Division code", "division_code", NULL},
    {"登记状态 Registration", "registration_status", &org_statuses},
    {"登记日期 Registered on", "registered_on", NULL},
    {"业务范围 Business scope", "business_scope", NULL},
    {"专职人员 Full-time staff", "full_time_staff", NULL},
    {"持证社工 Qualified social workers", "qualified_social_workers", NULL},
    {"服务年限 Years of service", "years_of_service", NULL},
    {"承接项目数 Past projects", "past_projects", NULL},
    {"最近评价等次 Last grade", "last_grade", &org_grades},
    {"严重失信 Dishonest", "dishonest", NULL},
    {"纳税记录良好 Tax record clean", "tax_record_clean", NULL},
    {"社保记录良好 Social insurance clean", "social_insurance_clean", NULL},
    {"治理文件 Governance documents", "governance_documents", NULL},
    {"财务文件 Finance documents", "finance_documents", NULL},
};

/* GET /api/v1/orgs/export?format=csv|xlsx&(the list's filters) → 200 a
 * file; 400. Masked as the list is; audited. */
static int api_org_export(sg_req *r)
{
	struct org_filter f;
	json_t *orgs = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = org_export(&r->ctx, &f, &orgs);
	if (!rc)
		rc = reply_export(r, "组织机构", "orgs", export_columns,
				  sizeof export_columns / sizeof export_columns[0], orgs);
	json_decref(orgs);
	return rc;
}

static const jsonv_field fact_fields[] = {
    {"name", JV_STRING, false, 1, 200, "R-ORG-1"},
    {"division_code", JV_STRING, false, 2, 12, "R-DIV-1"},
    {"registration_status", JV_STRING, false, 1, 20, "R-ORG-4"},
    {"registered_on", JV_STRING, false, 0, 10, "R-ORG-4"},
    {"business_scope", JV_STRING, false, 0, 1000, "R-ORG-4"},
    {"full_time_staff", JV_INT, false, 0, 100000, "R-ORG-4"},
    {"qualified_social_workers", JV_INT, false, 0, 100000, "R-ORG-4"},
    {"years_of_service", JV_INT, false, 0, 200, "R-ORG-4"},
    {"past_projects", JV_INT, false, 0, 100000, "R-ORG-4"},
    {"last_grade", JV_STRING, false, 0, 20, "R-ORG-4"},
    {"dishonest", JV_BOOL, false, 0, 0, "R-ORG-4"},
    {"tax_record_clean", JV_BOOL, false, 0, 0, "R-ORG-4"},
    {"social_insurance_clean", JV_BOOL, false, 0, 0, "R-ORG-4"},
    /* Accepted so that a change names them in its error, never changed. */
    {"type", JV_STRING, false, 1, 40, "R-ORG-1"},
    {"uscc", JV_STRING, false, 18, 18, "R-ORG-2"},
    {"id_number", JV_STRING, false, 18, 18, "R-ORG-2"},
};

static int bool_or_unset(const json_t *in, const char *key)
{
	return jsonv_has(in, key) ? jsonv_bool(in, key, false) : -1;
}

static int64_t int_or_unset(const json_t *in, const char *key)
{
	return jsonv_has(in, key) ? jsonv_int(in, key, 0) : -1;
}

static struct org_fields fields_of(const json_t *in)
{
	struct org_fields f = {
	    .type = jsonv_str(in, "type", NULL),
	    .name = jsonv_str(in, "name", NULL),
	    .uscc = jsonv_str(in, "uscc", NULL),
	    .id_number = jsonv_str(in, "id_number", NULL),
	    .division_code = jsonv_str(in, "division_code", NULL),
	    .registration_status = jsonv_str(in, "registration_status", NULL),
	    .registered_on = jsonv_str(in, "registered_on", NULL),
	    .business_scope = jsonv_str(in, "business_scope", NULL),
	    .last_grade = jsonv_str(in, "last_grade", NULL),
	    .full_time_staff = int_or_unset(in, "full_time_staff"),
	    .qualified_social_workers = int_or_unset(in, "qualified_social_workers"),
	    .years_of_service = int_or_unset(in, "years_of_service"),
	    .past_projects = int_or_unset(in, "past_projects"),
	    .dishonest = bool_or_unset(in, "dishonest"),
	    .tax_record_clean = bool_or_unset(in, "tax_record_clean"),
	    .social_insurance_clean = bool_or_unset(in, "social_insurance_clean"),
	};
	return f;
}

/* POST /api/v1/orgs → 201 org; 400, 403, 404 (division outside the
 * scope), 409 (the code is registered). */
static int api_org_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(fact_fields), &in);
	if (rc)
		return rc;
	struct org_fields f = fields_of(in);
	rc = org_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/orgs/{id} → 200 org with documents; 404. */
static int api_org_get(sg_req *r)
{
	return reply_read(r, org_get);
}

/* PATCH /api/v1/orgs/{id} → 200 org; 400, 403, 404. */
static int api_org_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(fact_fields), &in);
	if (rc)
		return rc;
	struct org_fields f = fields_of(in);
	rc = org_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field document_fields[] = {
    {"kind", JV_STRING, true, 1, 20, "R-ORG-4"},
    {"title", JV_STRING, true, 1, 200, "R-ORG-4"},
    {"issued_on", JV_STRING, false, 0, 10, "R-ORG-4"},
};

/* POST /api/v1/orgs/{id}/documents → 201 document; 400, 403, 404. */
static int api_org_document_add(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(document_fields), &in);
	if (rc)
		return rc;
	rc = org_document_add(&r->ctx, id, jsonv_str(in, "kind", ""), jsonv_str(in, "title", ""),
			      jsonv_str(in, "issued_on", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

static const jsonv_field unmask_fields[] = {
    {"reason", JV_STRING, true, 2, 200, "R-PII"},
};

static const jsonv_field region_fields[] = {
    {"uscc", JV_STRING, true, 18, 18, "R-ORG-2"},
    {"division_code", JV_STRING, true, 2, 12, "R-DIV-1"},
};

/* POST /api/v1/orgs/regions {uscc, division_code} → 200 organisation
 * (now seen in that division); 400, 403, 404 (no organisation with the
 * USCC; the division outside the scope). */
static int api_org_region_add(sg_req *r)
{
	json_t *in = NULL, *out = NULL;
	int rc = req_body(r, FIELDS(region_fields), &in);
	if (rc)
		return rc;
	rc = org_serve_region(&r->ctx, jsonv_str(in, "uscc", ""),
			      jsonv_str(in, "division_code", ""), &out);
	return reply_done(r, rc, in, 200, out);
}

/* POST /api/v1/orgs/{id}/unmask {reason} → 200 {id, name, id_number};
 * 400, 403, 404. */
static int api_org_unmask(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(unmask_fields), &in);
	if (rc)
		return rc;
	rc = org_unmask(&r->ctx, id, jsonv_str(in, "reason", ""), &out);
	return reply_done(r, rc, in, 200, out);
}

/* GET /api/v1/orgs/{id}/eligibility?role=&year=&division= → 200
 * decision; 400, 404. */
static int api_org_eligibility(sg_req *r)
{
	int64_t id;
	int role, year, rc;
	json_t *out;

	if ((rc = req_param_id(r, 0, &id)) || (rc = query_role(r, "role", true, &role)) ||
	    (rc = query_year(r, &year)) ||
	    (rc = eligibility_decision(&r->ctx, id, (enum org_role)role, req_query(r, "division"),
				       year, &out)))
		return rc;
	return reply_json(r, 200, out);
}

/* GET /api/v1/eligibility/rule-sets → 200 {items}. */
static int api_rule_set_list(sg_req *r)
{
	json_t *out;
	int rc = eligibility_rule_sets(&r->ctx, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field rule_set_fields[] = {
    {"code", JV_STRING, true, 2, 40, "R-ORG-5"},
    {"region_code", JV_STRING, true, 2, 12, "R-DIV-1"},
    {"year", JV_INT, false, 2000, 2100, "R-ORG-5"},
    {"name_zh", JV_STRING, true, 1, 100, "R-ORG-5"},
    {"name_en", JV_STRING, true, 1, 200, "R-ORG-5"},
    {"source_zh", JV_STRING, true, 1, 500, "R-ORG-5"},
};

/* POST /api/v1/eligibility/rule-sets → 201 rule set; 400, 403, 404, 409. */
static int api_rule_set_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(rule_set_fields), &in);
	if (rc)
		return rc;
	rc = eligibility_rule_set_create(
	    &r->ctx, jsonv_str(in, "code", ""), jsonv_str(in, "region_code", ""),
	    (int)jsonv_int(in, "year", 0), jsonv_str(in, "name_zh", ""),
	    jsonv_str(in, "name_en", ""), jsonv_str(in, "source_zh", ""), &out);
	return reply_done(r, rc, in, 201, out);
}

/* The fields besides "expected", which may be any JSON value: the domain
 * checks it against the rule's operator. */
static const jsonv_field rule_fields[] = {
    {"clause", JV_STRING, false, 1, 200, "R-ORG-5"},
    {"description_zh", JV_STRING, false, 1, 200, "R-ORG-5"},
    {"description_en", JV_STRING, false, 1, 400, "R-ORG-5"},
};

/* PATCH /api/v1/eligibility/rules/{id} {expected?, clause?, description_zh?,
 * description_en?} → 200 rule;
 * 400, 403, 404. */
static int api_rule_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL, *expected;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = jsonv_parse_object(r->body.p ? r->body.p : "", r->body.len, &in, &r->ctx.err);
	if (rc)
		return rc;
	expected = json_incref(json_object_get(in, "expected"));
	json_object_del(in, "expected");
	rc = jsonv_check(in, FIELDS(rule_fields), &r->ctx.err);
	if (!rc) {
		struct eligibility_rule_patch p = {
		    .expected = expected,
		    .clause = jsonv_str(in, "clause", NULL),
		    .description_zh = jsonv_str(in, "description_zh", NULL),
		    .description_en = jsonv_str(in, "description_en", NULL),
		};
		rc = eligibility_rule_update(&r->ctx, id, &p, &out);
	}
	json_decref(expected);
	return reply_done(r, rc, in, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route org_routes[] = {
    {HTTP_GET, "/api/v1/orgs", api_org_list, PERM_ORG_READ,
     "list the organisations within the scope"},
    {HTTP_POST, "/api/v1/orgs", api_org_create, PERM_ORG_EDIT, "register an organisation"},
    {HTTP_POST, "/api/v1/orgs/regions", api_org_region_add, PERM_ORG_EDIT,
     "register an organisation from elsewhere as serving a division"},
    {HTTP_GET, "/api/v1/orgs/export", api_org_export, PERM_ORG_EXPORT,
     "export the organisations list as CSV or Excel"},
    {HTTP_GET, "/api/v1/orgs/{id}", api_org_get, PERM_ORG_READ, "read an organisation"},
    {HTTP_PATCH, "/api/v1/orgs/{id}", api_org_update, PERM_ORG_EDIT,
     "change an organisation's facts"},
    {HTTP_POST, "/api/v1/orgs/{id}/documents", api_org_document_add, PERM_ORG_EDIT,
     "record a document on file"},
    {HTTP_POST, "/api/v1/orgs/{id}/unmask", api_org_unmask, PERM_ORG_UNMASK,
     "see an individual's ID number and name, with a reason"},
    {HTTP_GET, "/api/v1/orgs/{id}/eligibility", api_org_eligibility, PERM_ORG_READ,
     "decide whether an organisation may purchase or provide, rule by rule"},
    {HTTP_GET, "/api/v1/eligibility/rule-sets", api_rule_set_list, PERM_SIGNED_IN,
     "list the eligibility rule sets with their rules"},
    {HTTP_POST, "/api/v1/eligibility/rule-sets", api_rule_set_create, PERM_ELIGIBILITY_EDIT,
     "give a region its own rule set"},
    {HTTP_PATCH, "/api/v1/eligibility/rules/{id}", api_rule_update, PERM_ELIGIBILITY_EDIT,
     "change a rule's threshold, clause or description"},
};
const size_t org_routes_count = sizeof org_routes / sizeof org_routes[0];
const struct enum_def *const org_enums[] = {
    &org_actions,	 &eligibility_actions, &org_types,	   &org_statuses,      &org_grades,
    &org_document_kinds, &eligibility_ops,     &eligibility_roles, &eligibility_facts, NULL};
