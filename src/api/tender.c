/* tender.c (api) — procurement (R-PROC-1..3): tenders, bids, the panel,
 * scores, the award and its objections, within the caller's scope
 * (domain/tender.h, domain/award.h). */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/award.h"
#include "domain/tender.h"

static int query_filter(sg_req *r, struct tender_filter *f)
{
	int64_t year = 0, project = 0;
	const char *open = req_query(r, "open");
	*f = (struct tender_filter){
	    .status = req_query_cut(r, "status", 16),
	    .method = req_query_cut(r, "method", 32),
	    .division = req_query_cut(r, "division", 16),
	    .open_to_me = open && strcmp(open, "true") == 0,
	};
	if (open && strcmp(open, "true") != 0 && strcmp(open, "false") != 0)
		return sg_err_set(&r->ctx.err, SG_EINVAL, "open", "R-IO-1",
				  "open 应为 true 或 false", "open must be true or false");
	int rc = req_query_int(r, "year", 2000, 2100, "R-IO-1", &year);
	if (!rc)
		rc = req_query_int(r, "project_id", 1, INT64_MAX, "R-IO-1", &project);
	f->year = (int)year;
	f->project_id = project;
	return rc;
}

/* GET /api/v1/tenders?status=&method=&division=&year=&project_id=&open=
 * &limit=&cursor= → 200 {items, next_cursor, total}; 400. */
static int api_tender_list(sg_req *r)
{
	struct tender_filter f;
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = tender_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

const struct export_column tender_export_columns[] = {
    {"项目编号 Project code", "project.code", NULL},
    {"项目名称 Project", "project.name", NULL},
    {"采购文件 Title", "title", NULL},
    {"轮次 Round", "round", NULL},
    {"采购方式 Method", "method", &tender_methods},
    {"行政区划 Division", "division_name", NULL},
    {"年度 Year", "year", NULL},
    {"预算金额（分） Budget (fen)", "budget_amount", NULL},
    {"公告日期 Published", "published_on", NULL},
    {"截止时间 Deadline", "deadline_cst", NULL},
    {"状态 Status", "status", &tender_statuses},
};
const size_t tender_export_columns_count =
    sizeof tender_export_columns / sizeof tender_export_columns[0];

/* GET /api/v1/tenders/export?format=csv|xlsx&(the list's filters) → 200 a
 * file; 400, 403. Audited. */
static int api_tender_export(sg_req *r)
{
	struct tender_filter f;
	json_t *rows = NULL;
	int rc = export_format_check(r);
	if (!rc)
		rc = query_filter(r, &f);
	if (!rc)
		rc = tender_export(&r->ctx, &f, &rows);
	if (!rc)
		rc = reply_export(r, "政府采购记录", "tenders", tender_export_columns,
				  tender_export_columns_count, rows);
	json_decref(rows);
	return rc;
}

/* Each body's fields, listed in full (tests/api/openapi.test.mjs). */
static const jsonv_field create_fields[] = {
    {"project_id", JV_INT, true, 1, 999999999999, "R-PROC-1"},
    {"method", JV_STRING, true, 1, 32, "R-PROC-1"},
    {"single_source_reason", JV_STRING, false, 1, 32, "R-PROC-1"},
    {"title", JV_STRING, false, 1, 800, "R-PROC-2"},
    {"requirements", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"standards", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"qualifications", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"price_weight", JV_INT, false, 0, 100, "R-PROC-2"},
    {"deadline", JV_STRING, false, 16, 16, "R-PROC-2"},
    {"items", JV_ARRAY, false, 0, 30, "R-PROC-2"},
    {"invited_ids", JV_ARRAY, false, 0, 50, "R-PROC-1"},
};
static const jsonv_field update_fields[] = {
    {"method", JV_STRING, false, 1, 32, "R-PROC-1"},
    {"single_source_reason", JV_STRING, false, 1, 32, "R-PROC-1"},
    {"title", JV_STRING, false, 1, 800, "R-PROC-2"},
    {"requirements", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"standards", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"qualifications", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"price_weight", JV_INT, false, 0, 100, "R-PROC-2"},
    {"deadline", JV_STRING, false, 16, 16, "R-PROC-2"},
    {"items", JV_ARRAY, false, 0, 30, "R-PROC-2"},
    {"invited_ids", JV_ARRAY, false, 0, 50, "R-PROC-1"},
};

static struct tender_fields fields_of(const json_t *in)
{
	struct tender_fields f = TENDER_FIELDS_UNSET;
	f.project_id = jsonv_int(in, "project_id", 0);
	f.method = jsonv_str(in, "method", NULL);
	f.single_source_reason = jsonv_str(in, "single_source_reason", NULL);
	f.title = jsonv_str(in, "title", NULL);
	f.requirements = jsonv_str(in, "requirements", NULL);
	f.standards = jsonv_str(in, "standards", NULL);
	f.qualifications = jsonv_str(in, "qualifications", NULL);
	if (jsonv_has(in, "price_weight"))
		f.price_weight = (int)jsonv_int(in, "price_weight", 0);
	f.deadline = jsonv_str(in, "deadline", NULL);
	f.items = json_object_get(in, "items");
	f.invited_ids = json_object_get(in, "invited_ids");
	if (json_is_null(f.items))
		f.items = NULL;
	if (json_is_null(f.invited_ids))
		f.invited_ids = NULL;
	return f;
}

/* POST /api/v1/tenders → 201 tender in detail; 400 (R-PROC-1: a method
 * the amount or the rules do not allow; R-PROC-2), 403, 404 (project
 * outside the scope), 409 (the project not approved; a tender under
 * way). */
static int api_tender_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct tender_fields f = fields_of(in);
	rc = tender_create(&r->ctx, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/tenders/{id} → 200 tender in detail (bids sealed until the
 * opening); 404. */
static int api_tender_get(sg_req *r)
{
	return reply_read(r, tender_get);
}

/* PATCH /api/v1/tenders/{id} → 200 tender; 400, 403, 404, 409 (not a
 * draft). */
static int api_tender_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct tender_fields f = fields_of(in);
	rc = tender_update(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field action_fields[] = {
    {"reason", JV_STRING, false, 0, 2000, "R-PROC-2"},
};

static int act(sg_req *r, enum tender_action a)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = r->body.len ? req_ids_and_body(r, &id, NULL, FIELDS(action_fields), &in)
			     : req_param_id(r, 0, &id);
	if (rc)
		return rc;
	if (!in)
		in = json_object();
	rc = tender_act(&r->ctx, id, a, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}
/* POST /api/v1/tenders/{id}/publish → 200 tender; 400 (the notice
 * incomplete: one error per gap), 403, 404, 409 (not a draft). */
static int api_tender_publish(sg_req *r)
{
	return act(r, TENDER_PUBLISH);
}
/* POST /api/v1/tenders/{id}/open → 200 tender (opened, or failed with
 * too few valid bids); 400, 403, 404, 409 (not published; before the
 * deadline). */
static int api_tender_open(sg_req *r)
{
	return act(r, TENDER_OPEN);
}
/* POST /api/v1/tenders/{id}/fail → 200 tender; 400 (no reason), 403, 404,
 * 409 (a draft, awarded or ended tender). */
static int api_tender_fail(sg_req *r)
{
	return act(r, TENDER_FAIL);
}
/* POST /api/v1/tenders/{id}/cancel → 200 tender; 400 (no reason), 403,
 * 404, 409 (published already). */
static int api_tender_cancel(sg_req *r)
{
	return act(r, TENDER_CANCEL);
}

static const jsonv_field bid_fields[] = {
    {"org_id", JV_INT, true, 1, 999999999999, "R-PROC-2"},
    {"price", JV_INT, true, 1, 1000000000000, "R-PROC-2"},
    {"technical", JV_STRING, false, 0, 80000, "R-PROC-2"},
    {"documents", JV_ARRAY, false, 0, 50, "R-PROC-2"},
};

/* Submits the bid of body in for tender id (consumed). */
static int bid(sg_req *r, int64_t id, json_t *in, bool paper)
{
	json_t *out = NULL;
	const json_t *docs = json_object_get(in, "documents");
	struct bid_fields f = {
	    .org_id = jsonv_int(in, "org_id", 0),
	    .price = jsonv_int(in, "price", 0),
	    .technical = jsonv_str(in, "technical", NULL),
	    .documents = json_is_null(docs) ? NULL : docs,
	    .paper = paper,
	};
	int rc = bid_submit(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 201, out);
}
/* POST /api/v1/tenders/{id}/bids → 201 tender as the bidder sees it;
 * 400 (R-ORG-4: not eligible, the decision in "eligibility"; R-PROC-1:
 * not invited; R-PROC-2: over the budget), 403, 404 (a tender not open
 * to the organisation), 409 (not published; past the deadline). */
static int api_bid_submit(sg_req *r)
{
	int64_t id;
	json_t *in = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(bid_fields), &in);
	return rc ? rc : bid(r, id, in, false);
}
/* POST /api/v1/tenders/{id}/paper-bids → 201 tender; 400, 403, 404,
 * 409: a paper bid received before the deadline, recorded by the
 * purchaser. */
static int api_bid_record(sg_req *r)
{
	int64_t id;
	json_t *in = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(bid_fields), &in);
	return rc ? rc : bid(r, id, in, true);
}

/* POST /api/v1/tenders/{id}/bids/{bid_id}/withdraw → 200 tender; 403,
 * 404, 409 (past the deadline; withdrawn). */
static int api_bid_withdraw(sg_req *r)
{
	int64_t id, bid_id;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = req_param_id(r, 1, &bid_id);
	if (rc)
		return rc;
	rc = bid_withdraw(&r->ctx, id, bid_id, &out);
	return reply_done(r, rc, NULL, 200, out);
}

static const jsonv_field reject_fields[] = {
    {"reason", JV_STRING, true, 1, 2000, "R-PROC-2"},
};

/* POST /api/v1/tenders/{id}/bids/{bid_id}/reject → 200 tender; 400, 403,
 * 404, 409 (not opened; not a valid bid). */
static int api_bid_reject(sg_req *r)
{
	int64_t id, bid_id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, &bid_id, FIELDS(reject_fields), &in);
	if (rc)
		return rc;
	rc = bid_reject(&r->ctx, id, bid_id, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field panel_fields[] = {
    {"name", JV_STRING, true, 1, 200, "R-PROC-2"},
    {"affiliation", JV_STRING, false, 0, 800, "R-PROC-2"},
    {"affiliation_org_id", JV_INT, false, 1, 999999999999, "R-PROC-2"},
    {"expert", JV_BOOL, false, 0, 0, "R-PROC-2"},
    {"no_conflict", JV_BOOL, true, 0, 0, "R-PROC-2"},
};

/* POST /api/v1/tenders/{id}/panel → 201 tender; 400 (R-PROC-2: tied to
 * a bidder; no declaration), 403, 404, 409 (scored already). */
static int api_panel_add(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(panel_fields), &in);
	if (rc)
		return rc;
	struct panel_fields f = {
	    .name = jsonv_str(in, "name", NULL),
	    .affiliation = jsonv_str(in, "affiliation", NULL),
	    .affiliation_org_id = jsonv_int(in, "affiliation_org_id", 0),
	    .expert = jsonv_bool(in, "expert", true),
	    .no_conflict = jsonv_bool(in, "no_conflict", false),
	};
	rc = panel_add(&r->ctx, id, &f, &out);
	return reply_done(r, rc, in, 201, out);
}

/* DELETE /api/v1/tenders/{id}/panel/{member_id} → 200 tender; 403, 404,
 * 409 (scored already). */
static int api_panel_remove(sg_req *r)
{
	int64_t id, member;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = req_param_id(r, 1, &member);
	if (rc)
		return rc;
	rc = panel_remove(&r->ctx, id, member, &out);
	return reply_done(r, rc, NULL, 200, out);
}

static const jsonv_field score_fields[] = {
    {"scores", JV_ARRAY, true, 0, 200, "R-PROC-2"},
};

/* PUT /api/v1/tenders/{id}/scores → 200 tender with the ranking; 400
 * (a score out of range; one error per missing score), 403, 404, 409
 * (not opened; the panel too small or tied to a bidder; an award
 * made). */
static int api_tender_score(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(score_fields), &in);
	if (rc)
		return rc;
	rc = tender_score(&r->ctx, id, json_object_get(in, "scores"), &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field award_fields[] = {
    {"bid_id", JV_INT, false, 1, 999999999999, "R-PROC-2"},
    {"reason", JV_STRING, false, 0, 2000, "R-PROC-2"},
};

/* POST /api/v1/tenders/{id}/award → 201 tender with the award in notice;
 * 400 (another than the first ranked without a reason; the calendar of
 * the year not imported), 403, 404, 409 (not scored; an award in
 * force). */
static int api_award_make(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = r->body.len ? req_ids_and_body(r, &id, NULL, FIELDS(award_fields), &in)
			     : req_param_id(r, 0, &id);
	if (rc)
		return rc;
	if (!in)
		in = json_object();
	rc = award_make(&r->ctx, id, jsonv_int(in, "bid_id", 0), jsonv_str(in, "reason", NULL),
			&out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/tenders/{id}/award-notice → 200 text/html, the award notice
 * to print (中标（成交）结果公告); 403, 404 (no award in force). */
static int api_award_notice(sg_req *r)
{
	int64_t id;
	char *html = NULL;
	size_t len = 0;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = award_notice_print(&r->ctx, id, &html, &len);
	return rc ? rc : reply_html(r, html, len);
}

static const jsonv_field lodge_fields[] = {
    {"award_id", JV_INT, true, 1, 999999999999, "R-PROC-3"},
    {"name", JV_STRING, true, 1, 200, "R-PROC-3"},
    {"contact", JV_STRING, true, 1, 100, "R-PROC-3"},
    {"content", JV_STRING, true, 1, 20000, "R-PROC-3"},
};

/* POST /api/v1/public/objections → 201 {id, award_id, status,
 * notice_end}; 400 (anonymous; no contact), 404 (no award in notice),
 * 409 (the notice is over), 429 (too many from the address). */
static int api_objection_lodge(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(lodge_fields), &in);
	if (rc)
		return rc;
	rc = objection_lodge(&r->ctx, jsonv_int(in, "award_id", 0), jsonv_str(in, "name", NULL),
			     jsonv_str(in, "contact", NULL), jsonv_str(in, "content", NULL), &out);
	return reply_done(r, rc, in, 201, out);
}

static const jsonv_field reply_fields[] = {
    {"status", JV_STRING, true, 1, 16, "R-PROC-3"},
    {"reply", JV_STRING, true, 1, 8000, "R-PROC-3"},
};

/* POST /api/v1/objections/{id}/reply → 200 tender; 400, 403, 404, 409
 * (replied already). */
static int api_objection_reply(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(reply_fields), &in);
	if (rc)
		return rc;
	rc = objection_reply(&r->ctx, id, jsonv_str(in, "status", ""), jsonv_str(in, "reply", NULL),
			     &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field contact_fields[] = {
    {"reason", JV_STRING, true, 1, 800, "R-PII"},
};

/* POST /api/v1/objections/{id}/contact → 200 {id, name, contact}; 400,
 * 403, 404. Audited with the reason. */
static int api_objection_contact(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(contact_fields), &in);
	if (rc)
		return rc;
	rc = objection_contact(&r->ctx, id, jsonv_str(in, "reason", NULL), &out);
	return reply_done(r, rc, in, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route tender_routes[] = {
    {HTTP_GET, "/api/v1/tenders", api_tender_list, PERM_TENDER_READ, "list tenders"},
    {HTTP_POST, "/api/v1/tenders", api_tender_create, PERM_TENDER_EDIT,
     "draft a tender for an approved project"},
    {HTTP_GET, "/api/v1/tenders/export", api_tender_export, PERM_TENDER_EXPORT,
     "export the tenders list as CSV or Excel"},
    {HTTP_GET, "/api/v1/tenders/{id}", api_tender_get, PERM_TENDER_READ, "read a tender"},
    {HTTP_PATCH, "/api/v1/tenders/{id}", api_tender_update, PERM_TENDER_EDIT,
     "change a draft tender"},
    {HTTP_POST, "/api/v1/tenders/{id}/publish", api_tender_publish, PERM_TENDER_EDIT,
     "publish the tender notice"},
    {HTTP_POST, "/api/v1/tenders/{id}/open", api_tender_open, PERM_TENDER_EDIT,
     "open the bids after the deadline"},
    {HTTP_POST, "/api/v1/tenders/{id}/fail", api_tender_fail, PERM_TENDER_EDIT,
     "declare a tender failed"},
    {HTTP_POST, "/api/v1/tenders/{id}/cancel", api_tender_cancel, PERM_TENDER_EDIT,
     "cancel a draft tender"},
    {HTTP_POST, "/api/v1/tenders/{id}/bids", api_bid_submit, PERM_BID_SUBMIT,
     "submit the organisation's bid"},
    {HTTP_POST, "/api/v1/tenders/{id}/paper-bids", api_bid_record, PERM_BID_RECORD,
     "record a paper bid"},
    {HTTP_POST, "/api/v1/tenders/{id}/bids/{bid_id}/withdraw", api_bid_withdraw, PERM_BID_SUBMIT,
     "withdraw the organisation's bid"},
    {HTTP_POST, "/api/v1/tenders/{id}/bids/{bid_id}/reject", api_bid_reject, PERM_TENDER_EDIT,
     "set a bid aside after the opening"},
    {HTTP_POST, "/api/v1/tenders/{id}/panel", api_panel_add, PERM_TENDER_EDIT,
     "add a member to the evaluation panel"},
    {HTTP_DELETE, "/api/v1/tenders/{id}/panel/{member_id}", api_panel_remove, PERM_TENDER_EDIT,
     "remove a member of the evaluation panel"},
    {HTTP_PUT, "/api/v1/tenders/{id}/scores", api_tender_score, PERM_TENDER_EDIT,
     "record the panel's scores and rank the bids"},
    {HTTP_POST, "/api/v1/tenders/{id}/award", api_award_make, PERM_TENDER_EDIT,
     "award the tender and open its public notice"},
    {HTTP_GET, "/api/v1/tenders/{id}/award-notice", api_award_notice, PERM_TENDER_EDIT,
     "the award notice to print"},
    {HTTP_POST, "/api/v1/public/objections", api_objection_lodge, PERM_PUBLIC,
     "lodge an objection to an award in notice"},
    {HTTP_POST, "/api/v1/objections/{id}/reply", api_objection_reply, PERM_TENDER_EDIT,
     "reply to an objection"},
    {HTTP_POST, "/api/v1/objections/{id}/contact", api_objection_contact, PERM_TENDER_EDIT,
     "reveal an objector's name and contact, with a reason"},
};
const size_t tender_routes_count = sizeof tender_routes / sizeof tender_routes[0];
const struct enum_def *const tender_enums[] = {&tender_methods,
					       &tender_statuses,
					       &tender_single_source_reasons,
					       &tender_action_names,
					       &bid_statuses,
					       &tender_audit_actions,
					       &award_statuses,
					       &objection_statuses,
					       &award_audit_actions,
					       NULL};
