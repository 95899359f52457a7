/*
 * tender.c — tenders, bids, the panel and the scores (tender.h).
 *
 * Locking: a write on a tender takes the project's row (domain/project.c)
 * first, then the tender's; a bid, a panel member or a score is written
 * under both, so that a bid cannot arrive while the tender is opened and
 * a score cannot be written while an award is made (domain/award.c takes
 * the same two).
 */
#include "domain/tender.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/jsonmem.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/award.h"
#include "domain/check.h"
#include "domain/eligibility.h"
#include "domain/page.h"
#include "domain/project.h"
#include "domain/purchase_rule.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

/* ---------------------------------------------------------------- values */

static const struct enum_value method_values[] = {
    {"open_tender", "公开招标", "public tender"},
    {"invited_tender", "邀请招标", "invitational tender"},
    {"competitive_negotiation", "竞争性谈判", "competitive negotiation"},
    {"competitive_consultation", "竞争性磋商", "competitive consultation"},
    {"single_source", "单一来源采购", "single source"},
    {"quotation", "询价", "request for quotation"},
    {"framework", "框架协议采购", "framework agreement"},
};
const struct enum_def tender_methods = ENUM_DEF("tender.method", method_values);

static const struct enum_value status_values[] = {
    {"draft", "草稿", "draft"},		  {"published", "已发布公告", "published"},
    {"opened", "已开标", "opened"},	  {"scored", "已评审", "scored"},
    {"awarded", "已定标", "awarded"},	  {"failed", "采购失败（流标）", "failed"},
    {"cancelled", "已撤销", "cancelled"},
};
const struct enum_def tender_statuses = ENUM_DEF("tender.status", status_values);

/* Government Procurement Law art. 31. */
static const struct enum_value single_source_values[] = {
    {"only_source", "只能从唯一供应商处采购", "only one supplier can provide it"},
    {"emergency", "发生了不可预见的紧急情况，不能从其他供应商处采购",
     "an unforeseeable emergency rules out other suppliers"},
    {"continuity",
     "须保证原有采购项目一致性或者服务配套要求，继续从原供应商处添购，且添购资金总额不超过原合同采"
     "购金额百分之十",
     "consistency with the original purchase; additions within 10% of the original contract"},
};
const struct enum_def tender_single_source_reasons =
    ENUM_DEF("tender.single_source_reason", single_source_values);

static const struct enum_value action_values[] = {
    {"publish", "发布采购公告", "publish the notice"},
    {"open", "开标", "open the bids"},
    {"fail", "宣布采购失败", "declare the tender failed"},
    {"cancel", "撤销", "cancel"},
};
const struct enum_def tender_action_names = ENUM_DEF("tender.action", action_values);

static const struct enum_value bid_status_values[] = {
    {"valid", "有效", "valid"},
    {"invalid", "无效", "set aside"},
    {"withdrawn", "已撤回", "withdrawn"},
};
const struct enum_def bid_statuses = ENUM_DEF("bid.status", bid_status_values);

static const struct enum_value audit_values[] = {
    {"tender.create", "编制采购文件", "draft a tender"},
    {"tender.update", "修改采购文件", "change a tender"},
    {"tender.publish", "发布采购公告", "publish a tender"},
    {"tender.open", "开标", "open a tender"},
    {"tender.fail", "宣布采购失败", "declare a tender failed"},
    {"tender.cancel", "撤销采购文件", "cancel a tender"},
    {"tender.score", "录入评审得分", "score the bids"},
    {"tender.export", "导出采购记录", "export tenders"},
    {"bid.submit", "递交投标（响应）文件", "submit a bid"},
    {"bid.withdraw", "撤回投标", "withdraw a bid"},
    {"bid.reject", "认定投标无效", "set a bid aside"},
    {"panel.add", "确定评审专家", "add a panel member"},
    {"panel.remove", "移出评审专家", "remove a panel member"},
};
const struct enum_def tender_audit_actions = ENUM_DEF("audit.action", audit_values);

/* The methods that score technical items beside the price; the others
 * award to the lowest price. */
static bool method_scores(const char *m)
{
	return strcmp(m, "open_tender") == 0 || strcmp(m, "invited_tender") == 0 ||
	       strcmp(m, "competitive_consultation") == 0 || strcmp(m, "framework") == 0;
}
/* The methods held only with invited providers. */
static bool method_invites(const char *m)
{
	return strcmp(m, "invited_tender") == 0 || strcmp(m, "single_source") == 0;
}

enum {
	TITLE_MAX = 200,
	NOTICE_TEXT_MAX = 20000,
	ITEMS_MAX = 30,
	INVITED_MAX = 50,
	TECHNICAL_MAX = 20000,
	DOCUMENTS_MAX = 50,
	REASON_MIN = 2,
	REASON_MAX = 500,
	MONEY_MAX = 1000000000000,
	DAY_MS = 86400000,
};

/* ----------------------------------------------------------------- scope */

/* Who sees a tender (tender.h): as its project for the divisions' staff;
 * a provider's staff a tender past its draft open to all (no invitations)
 * or inviting their organisation, and any their organisation bid for. */
// clang-format off
#define TENDER_VISIBLE                                                                             \
	"(:actor_global = 1"                                                                       \
	" OR (:actor_div = 1 AND (" SCOPE_DIVISION("p.division_code")                              \
	"   OR EXISTS (SELECT 1 FROM project_townships vt WHERE vt.project_id = p.id"              \
	"     AND " SCOPE_DIVISION("vt.division_code") ")))"                                       \
	" OR (:actor_org = 1 AND ("                                                                \
	"   (t.status NOT IN ('draft', 'cancelled') AND (NOT EXISTS (SELECT 1"                     \
	"     FROM tender_invitations vi0 WHERE vi0.tender_id = t.id)"                             \
	"     OR EXISTS (SELECT 1 FROM tender_invitations vi WHERE vi.tender_id = t.id"            \
	"       AND " SCOPE_ORG("vi.org_id") ")))"                                                 \
	"   OR EXISTS (SELECT 1 FROM bids vb WHERE vb.tender_id = t.id"                            \
	"     AND " SCOPE_ORG("vb.org_id") "))))"
// clang-format on
#define TENDER_MANAGED SCOPE_DIVISION("p.division_code")

#define TENDER_COLUMNS(X)                                                                          \
	X(TD_ID, "t.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(TD_PROJECT_ID, "t.project_id", NULL, COL_HIDDEN, DC_PUBLIC)                              \
	X(TD_PROJECT_CODE, "p.code", NULL, COL_HIDDEN, DC_PUBLIC)                                  \
	X(TD_PROJECT_NAME, "p.name", NULL, COL_HIDDEN, DC_PUBLIC)                                  \
	X(TD_PROJECT_AMOUNT, "p.amount", "budget_amount", COL_INT, DC_PUBLIC)                      \
	X(TD_DIVISION, "p.division_code", "division_code", COL_TEXT, DC_PUBLIC)                    \
	X(TD_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(TD_YEAR, "p.year", "year", COL_INT, DC_PUBLIC)                                           \
	X(TD_ROUND, "t.round", "round", COL_INT, DC_PUBLIC)                                        \
	X(TD_METHOD, "t.method", "method", COL_TEXT, DC_PUBLIC)                                    \
	X(TD_SINGLE_SOURCE, "t.single_source_reason", "single_source_reason", COL_TEXT, DC_PUBLIC) \
	X(TD_TITLE, "t.title", "title", COL_TEXT, DC_PUBLIC)                                       \
	X(TD_REQUIREMENTS, "t.requirements", "requirements", COL_TEXT, DC_PUBLIC)                  \
	X(TD_STANDARDS, "t.standards", "standards", COL_TEXT, DC_PUBLIC)                           \
	X(TD_QUALIFICATIONS, "t.qualifications", "qualifications", COL_TEXT, DC_PUBLIC)            \
	X(TD_PRICE_WEIGHT, "t.price_weight", "price_weight", COL_INT, DC_PUBLIC)                   \
	X(TD_DEADLINE, "t.deadline", "deadline", COL_TIME, DC_PUBLIC)                              \
	X(TD_PUBLISHED_ON, "t.published_on", "published_on", COL_TEXT, DC_PUBLIC)                  \
	X(TD_OPENED_AT, "t.opened_at", "opened_at", COL_TIME, DC_PUBLIC)                           \
	X(TD_STATUS, "t.status", "status", COL_TEXT, DC_PUBLIC)                                    \
	X(TD_STATUS_REASON, "t.status_reason", "status_reason", COL_TEXT, DC_PUBLIC)               \
	X(TD_CREATED_AT, "t.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(TD_UPDATED_AT, "t.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { TD__FIRST, TENDER_COLUMNS(COLUMN_ENUM) TD__MAX };
static const struct col_table tender_table = COLUMNS_TABLE("tender", TENDER_COLUMNS, TD__MAX);

/* A bid is internal: sealed until the opening, never public in full. */
#define BID_COLUMNS(X)                                                                             \
	X(BD_ID, "b.id", "id", COL_INT, DC_INTERNAL)                                               \
	X(BD_ORG_ID, "b.org_id", NULL, COL_HIDDEN, DC_INTERNAL)                                    \
	X(BD_ORG_NAME, "o.name", NULL, COL_HIDDEN, DC_INTERNAL)                                    \
	X(BD_PRICE, "b.price", "price", COL_INT, DC_INTERNAL)                                      \
	X(BD_TECHNICAL, "b.technical", "technical", COL_TEXT, DC_INTERNAL)                         \
	X(BD_DOCUMENTS, "b.documents", NULL, COL_HIDDEN, DC_INTERNAL)                              \
	X(BD_ELIGIBILITY, "b.eligibility", NULL, COL_HIDDEN, DC_INTERNAL)                          \
	X(BD_CHANNEL, "b.channel", "channel", COL_TEXT, DC_INTERNAL)                               \
	X(BD_STATUS, "b.status", "status", COL_TEXT, DC_INTERNAL)                                  \
	X(BD_STATUS_REASON, "b.status_reason", "status_reason", COL_TEXT, DC_INTERNAL)             \
	X(BD_TECH_SCORE, "b.technical_score", "technical_score", COL_INT, DC_INTERNAL)             \
	X(BD_PRICE_SCORE, "b.price_score", "price_score", COL_INT, DC_INTERNAL)                    \
	X(BD_TOTAL, "b.total_score", "total_score", COL_INT, DC_INTERNAL)                          \
	X(BD_RANK, "b.rank", "rank", COL_INT, DC_INTERNAL)                                         \
	X(BD_SUBMITTED_AT, "b.submitted_at", "submitted_at", COL_TIME, DC_INTERNAL)
enum { BD__FIRST, BID_COLUMNS(COLUMN_ENUM) BD__MAX };
static const struct col_table bid_table = COLUMNS_TABLE("bid", BID_COLUMNS, BD__MAX);

#define TENDER_SELECT                                                                              \
	"SELECT " COLUMNS_SELECT(TENDER_COLUMNS) " FROM tenders t"                                 \
						 " JOIN projects p ON p.id = t.project_id"         \
						 " JOIN divisions d ON d.code = p.division_code"
static const char sql_get[] = TENDER_SELECT " WHERE t.id = ? AND " TENDER_VISIBLE;
static const char sql_get_managed[] = TENDER_SELECT " WHERE t.id = ? AND " TENDER_MANAGED;
static const char sql_is_managed[] = "SELECT COUNT(*) FROM tenders t JOIN projects p ON"
				     " p.id = t.project_id WHERE t.id = ? AND " TENDER_MANAGED;
#define LIST_WHERE                                                                                 \
	" WHERE (? IS NULL OR t.status = ?) AND (? IS NULL OR t.method = ?)"                       \
	" AND (? IS NULL OR (p.division_code >= ? AND p.division_code < ?))"                       \
	" AND (? = 0 OR p.year = ?) AND (? = 0 OR t.project_id = ?)"                               \
	" AND (? = 0 OR (t.status = 'published' AND t.deadline > ?)) AND " TENDER_VISIBLE
#define LIST_FMT                                                                                   \
	"ttttttti"                                                                                 \
	"iii"                                                                                      \
	"ii"
static const char sql_list[] = TENDER_SELECT LIST_WHERE " AND t.id > ? ORDER BY t.id LIMIT ?";
static const char sql_count[] = "SELECT COUNT(*) FROM tenders t JOIN projects p ON"
				" p.id = t.project_id" LIST_WHERE;
static const char sql_lock[] = "UPDATE tenders SET updated_at = updated_at WHERE id = ?";
static const char sql_items[] = "SELECT id, position, name, weight, guidance FROM tender_items"
				" WHERE tender_id = ? ORDER BY position";
static const char sql_invited[] =
    "SELECT o.id, o.name FROM tender_invitations i"
    " JOIN orgs o ON o.id = i.org_id WHERE i.tender_id = ? ORDER BY o.id";
#define BID_SELECT                                                                                 \
	"SELECT " COLUMNS_SELECT(BID_COLUMNS) " FROM bids b JOIN orgs o ON o.id = b.org_id"
static const char sql_bids[] = BID_SELECT " WHERE b.tender_id = ?"
					  " ORDER BY COALESCE(b.rank, 1000000), b.id";
static const char sql_my_bids[] =
    BID_SELECT " WHERE b.tender_id = ? AND " SCOPE_ORG("b.org_id") " ORDER BY b.id";
static const char sql_bid_count[] =
    "SELECT COUNT(*) FROM bids WHERE tender_id = ? AND status <> 'withdrawn'";
static const char sql_scores[] =
    "SELECT s.item_id, s.score FROM bid_scores s WHERE s.bid_id = ? ORDER BY s.item_id";
static const char sql_panel[] =
    "SELECT m.id, m.name, m.affiliation, m.affiliation_org_id, o.name, m.expert"
    " FROM panel_members m LEFT JOIN orgs o ON o.id = m.affiliation_org_id"
    " WHERE m.tender_id = ? ORDER BY m.id";

static int no_tender(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "采购项目不存在", "no such tender");
}

static json_t *render_row(db_stmt *s)
{
	json_t *o = row_object(s, &tender_table, 0);
	json_object_set_new_nocheck(
	    o, "project",
	    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_int(s, TD_PROJECT_ID), "code",
		      db_text(s, TD_PROJECT_CODE), "name", db_text(s, TD_PROJECT_NAME)));
	char deadline[17];
	clock_cst_minute(db_int(s, TD_DEADLINE), deadline);
	json_object_set_new_nocheck(o, "deadline_cst", json_string(deadline));
	return o;
}

static json_t *item_json(db_stmt *s)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s}", "id", (json_int_t)db_int(s, 0), "position",
			 (json_int_t)db_int(s, 1), "name", db_text(s, 2), "weight",
			 (json_int_t)db_int(s, 3), "guidance", db_text(s, 4));
}

static json_t *org_json(db_stmt *s)
{
	return json_pack("{s:I,s:s}", "id", (json_int_t)db_int(s, 0), "name", db_text(s, 1));
}

static json_t *panel_json(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:b}", "id", (json_int_t)db_int(s, 0), "name",
			 db_text(s, 1), "affiliation", db_text(s, 2), "affiliation_org",
			 db_is_null(s, 3) ? json_null()
					  : json_pack("{s:I,s:s}", "id", (json_int_t)db_int(s, 3),
						      "name", db_text(s, 4)),
			 "expert", db_int(s, 5) != 0);
}

static json_t *bid_json(db_stmt *s)
{
	json_t *o = row_object(s, &bid_table, 0);
	json_object_set_new_nocheck(o, "org",
				    json_pack("{s:I,s:s}", "id", (json_int_t)db_int(s, BD_ORG_ID),
					      "name", db_text(s, BD_ORG_NAME)));
	json_t *docs = json_loads(db_text(s, BD_DOCUMENTS), 0, NULL);
	json_object_set_new_nocheck(o, "documents", docs ? docs : json_array());
	json_t *el = json_loads(db_text(s, BD_ELIGIBILITY), 0, NULL);
	json_object_set_new_nocheck(o, "eligibility", el ? el : json_null());
	return o;
}

static json_t *score_json(db_stmt *s)
{
	return json_pack("{s:I,s:I}", "item_id", (json_int_t)db_int(s, 0), "score",
			 (json_int_t)db_int(s, 1));
}

/* Each bid's item scores, once the bids are rendered (a query of its own
 * per bid: the bids' statement is finished first). */
static int add_scores(sg_ctx *ctx, json_t *bids)
{
	size_t i;
	json_t *b;
	json_array_foreach(bids, i, b)
	{
		json_t *id = json_object_get(b, "id");
		int rc = row_list_set(ctx->db, b, "scores", sql_scores, json_integer_value(id),
				      score_json);
		if (rc)
			return rc;
	}
	return 0;
}

/* The bids as the actor may see them: the purchaser and the townships
 * all of them once opened, a count before; a provider their own. */
static int add_bids(sg_ctx *ctx, json_t *o, int64_t id, const char *status, bool divisional)
{
	bool sealed =
	    strcmp(status, "draft") == 0 || strcmp(status, "published") == 0 ||
	    (strcmp(status, "failed") == 0 && json_is_null(json_object_get(o, "opened_at")));
	int64_t n = 0;
	int rc = db_one_int(ctx->db, &n, sql_bid_count, "i", id);
	if (rc)
		return rc;
	json_object_set_new_nocheck(o, "bid_count", json_integer(n));
	json_object_set_new_nocheck(o, "sealed", json_boolean(sealed));
	if (divisional && !sealed) {
		if ((rc = row_list_set(ctx->db, o, "bids", sql_bids, id, bid_json)))
			return rc;
		return add_scores(ctx, json_object_get(o, "bids"));
	}
	json_object_set_new_nocheck(o, "bids", json_array());
	if (!divisional) {
		db_stmt *s;
		json_t *mine = json_array();
		rc = scope_query(ctx, &s, sql_my_bids, "i", id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			json_array_append_new(mine, bid_json(s));
		json_object_set_new_nocheck(o, "my_bids", mine);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The actions the actor may take now, by name. */
static json_t *actions_for(sg_ctx *ctx, const char *status, bool managed, int64_t deadline,
			   bool has_award)
{
	json_t *a = json_array();
	bool edit = managed && perm_has(ctx, PERM_TENDER_EDIT);
	bool before = ctx->now < deadline;
	if (edit && strcmp(status, "draft") == 0) {
		json_array_append_new(a, json_string("update"));
		json_array_append_new(a, json_string("publish"));
		json_array_append_new(a, json_string("cancel"));
	}
	if (edit && strcmp(status, "published") == 0 && !before)
		json_array_append_new(a, json_string("open"));
	if (edit && (strcmp(status, "published") == 0 || strcmp(status, "opened") == 0))
		json_array_append_new(a, json_string("panel"));
	if (edit && strcmp(status, "opened") == 0)
		json_array_append_new(a, json_string("reject_bid"));
	if (edit && (strcmp(status, "opened") == 0 || strcmp(status, "scored") == 0) && !has_award)
		json_array_append_new(a, json_string("score"));
	if (edit && strcmp(status, "scored") == 0 && !has_award)
		json_array_append_new(a, json_string("award"));
	if (edit && (strcmp(status, "published") == 0 || strcmp(status, "opened") == 0 ||
		     strcmp(status, "scored") == 0))
		json_array_append_new(a, json_string("fail"));
	if (strcmp(status, "published") == 0 && before &&
	    (perm_has(ctx, PERM_BID_SUBMIT) || (managed && perm_has(ctx, PERM_BID_RECORD))))
		json_array_append_new(a, json_string("bid"));
	return a;
}

static int load_with(sg_ctx *ctx, const char *sql, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_tender(ctx);
	json_t *o = render_row(s);
	char status[16];
	snprintf(status, sizeof status, "%s", db_text(s, TD_STATUS));
	int64_t deadline = db_int(s, TD_DEADLINE);
	db_reset(s);

	int64_t managed = sql == sql_get_managed;
	if (!managed && (rc = scope_one_int(ctx, &managed, sql_is_managed, "i", id)))
		goto fail;
	/* Township staff read what the purchaser reads, without acting. */
	bool divisional = scope_global(&ctx->actor) || scope_is_divisional(&ctx->actor);
	json_t *awards = NULL;
	if ((rc = row_list_set(ctx->db, o, "items", sql_items, id, item_json)) ||
	    (rc = row_list_set(ctx->db, o, "invited", sql_invited, id, org_json)) ||
	    (rc = add_bids(ctx, o, id, status, divisional)))
		goto fail;
	if (divisional && (rc = row_list_set(ctx->db, o, "panel", sql_panel, id, panel_json)))
		goto fail;
	if ((rc = award_list_of(ctx, id, managed > 0, &awards)))
		goto fail;
	bool has_award = false;
	size_t i;
	json_t *aw;
	json_array_foreach(awards, i, aw)
	{
		if (strcmp(json_string_value(json_object_get(aw, "status")), "withdrawn") != 0)
			has_award = true;
	}
	json_object_set_new_nocheck(o, "awards", awards);
	json_object_set_new_nocheck(o, "actions",
				    actions_for(ctx, status, managed > 0, deadline, has_award));
	*out = o;
	return 0;
fail:
	json_decref(o);
	return rc;
}

static int load(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load_with(ctx, sql_get, id, out);
}

int tender_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);
	*out = NULL;
	if (!rc)
		rc = load(ctx, id, out);
	return read_close(&rd, rc, "读取采购项目失败", "cannot read the tender");
}

/* ------------------------------------------------------------------ lists */

struct listing {
	const char *division, *hi;
};

static int check_filter(sg_ctx *ctx, const struct tender_filter *f, struct listing *l)
{
	int rc = 0;
	memset(l, 0, sizeof *l);
	if (f->status && (rc = check_enum(ctx, "status", "R-PROC-2", f->status, &tender_statuses)))
		return rc;
	if (f->method && (rc = check_enum(ctx, "method", "R-PROC-1", f->method, &tender_methods)))
		return rc;
	if (f->division && (rc = check_division_code(ctx, "division", f->division)))
		return rc;
	if (f->division) {
		size_t n = strlen(f->division);
		char *hi = arena_strdup(ctx->arena, f->division);
		hi[n - 1]++;
		l->division = f->division;
		l->hi = hi;
	}
	return 0;
}

#define LIST_ARGS(f, l)                                                                            \
	(f)->status, (f)->status, (f)->method, (f)->method, (l)->division, (l)->division, (l)->hi, \
	    (int64_t)(f)->year, (int64_t)(f)->year, (f)->project_id, (f)->project_id,              \
	    (int64_t)(f)->open_to_me, ctx->now

int tender_list(sg_ctx *ctx, const struct tender_filter *f, int64_t cursor, int limit, json_t **out)
{
	struct reading rd;
	struct listing l;
	int64_t total = 0;
	db_stmt *s;
	page pg;
	int rc = check_filter(ctx, f, &l);

	*out = NULL;
	if (rc)
		return rc;
	page_begin(&pg, limit);
	if (!(rc = read_open(&rd, ctx)) &&
	    !(rc = scope_one_int(ctx, &total, sql_count, LIST_FMT, LIST_ARGS(f, &l))))
		rc = scope_query(ctx, &s, sql_list, LIST_FMT "ii", LIST_ARGS(f, &l), cursor,
				 (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, TD_ID), render_row(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取采购项目失败", "cannot read the tenders");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取采购项目失败", "cannot read the tenders");
}

enum { TENDER_EXPORT_MAX = 100000 };

int tender_export(sg_ctx *ctx, const struct tender_filter *f, json_t **out)
{
	struct reading rd;
	struct listing l;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_TENDER_EXPORT);

	*out = NULL;
	if (rc || (rc = check_filter(ctx, f, &l)))
		return rc;
	json_t *all = json_array();
	if (!(rc = read_open(&rd, ctx)))
		rc = scope_query(ctx, &s, sql_list, LIST_FMT "ii", LIST_ARGS(f, &l), (int64_t)0,
				 (int64_t)TENDER_EXPORT_MAX);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(all, render_row(s));
	rc = read_close(&rd, rc < 0 ? rc : 0, "导出采购记录失败", "the export failed");
	if (!rc) {
		json_t *what = json_pack("{s:s?,s:s?,s:s?,s:i,s:I}", "status", f->status, "method",
					 f->method, "division", f->division, "year", f->year,
					 "count", (json_int_t)json_array_size(all));
		rc =
		    audit_append_row(ctx, "tender.export", &tender_table, "", NULL, what, AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(all);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出采购记录失败",
				   "the export failed");
		return rc;
	}
	*out = all;
	return 0;
}

/* ------------------------------------------------------------ references */

static const char sql_ref[] =
    "SELECT t.id, t.project_id, t.status, t.method, p.division_code, p.year FROM tenders t"
    " JOIN projects p ON p.id = t.project_id WHERE t.id = ? AND " TENDER_MANAGED;

int tender_ref_managed(sg_ctx *ctx, int64_t id, struct tender_ref *out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_ref, "i", id);
	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_tender(ctx);
	out->id = db_int(s, 0);
	out->project_id = db_int(s, 1);
	snprintf(out->status, sizeof out->status, "%s", db_text(s, 2));
	snprintf(out->method, sizeof out->method, "%s", db_text(s, 3));
	snprintf(out->division_code, sizeof out->division_code, "%s", db_text(s, 4));
	out->year = (int)db_int(s, 5);
	db_reset(s);
	return 0;
}

int tender_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

int tender_move(sg_ctx *ctx, int64_t id, const char *from, const char *to)
{
	static const char sql_status[] = "SELECT status FROM tenders WHERE id = ?";
	static const char sql_move[] = "UPDATE tenders SET status = ?, updated_at = ? WHERE id = ?";
	db_stmt *s;
	char status[16];
	int rc = db_query(ctx->db, &s, sql_status, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_tender(ctx);
	snprintf(status, sizeof status, "%s", db_text(s, 0));
	db_reset(s);
	if (strcmp(status, from) != 0)
		return sg_err_setf(
		    &ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
		    "采购项目当前为“%s”%.0s，应为“%s”%.0s", "%.0sthe tender is %s, %.0snot %s",
		    enum_zh(&tender_statuses, status), enum_en(&tender_statuses, status),
		    enum_zh(&tender_statuses, from), enum_en(&tender_statuses, from));
	return db_run(ctx->db, sql_move, "tii", to, ctx->now, id);
}

int tender_ranked(sg_ctx *ctx, int64_t id, int rank, int64_t *bid_id, int64_t *org_id,
		  int64_t *price)
{
	static const char sql_rank[] = "SELECT id, org_id, price FROM bids WHERE tender_id = ?"
				       " AND status = 'valid' AND rank = ?";
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_rank, "ii", id, (int64_t)rank);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_ENOTFOUND;
	*bid_id = db_int(s, 0);
	*org_id = db_int(s, 1);
	*price = db_int(s, 2);
	db_reset(s);
	return 0;
}

/* ---------------------------------------------------------------- writes */

/* Locks the tender's project, then the tender (the lock order). */
static int lock_both(sg_ctx *ctx, int64_t id)
{
	static const char sql_project_of[] = "SELECT project_id FROM tenders WHERE id = ?";
	int64_t project_id = 0;
	int rc = db_one_int(ctx->db, &project_id, sql_project_of, "i", id);
	if (rc == SG_ENOTFOUND)
		return no_tender(ctx);
	if (!rc)
		rc = project_lock(ctx, project_id);
	if (!rc)
		rc = tender_lock(ctx, id);
	return rc;
}

/* The audited value: the tender row (no bids: they are sealed). */
static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get_managed, "i", id);
	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_tender(ctx);
	*out = render_row(s);
	db_reset(s);
	return row_list_set(ctx->db, *out, "items", sql_items, id, item_json);
}

static int detail(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load_with(ctx, sql_get_managed, id, out);
}

static const struct write_spec tender_write = {
    .table = &tender_table,
    .fail_zh = "保存采购项目失败",
    .fail_en = "the tender could not be saved",
    .lock = lock_both,
    .snapshot = snapshot,
    .detail = detail,
};

/* The rule code of method m: "method.<m>.<what>" from ctx's arena. */
static int method_rule(sg_ctx *ctx, const char *m, const char *what, const struct project_ref *p,
		       struct purchase_rule *r)
{
	const char *code = arena_printf(ctx->arena, "method.%s.%s", m, what);
	return purchase_rule_get(ctx, code, p->division_code, p->year, r);
}

static const char *yuan(sg_ctx *ctx, int64_t fen)
{
	if (fen % 1000000 == 0)
		return arena_printf(ctx->arena, "%lld 万元", (long long)(fen / 1000000));
	return arena_printf(ctx->arena, "%lld.%02lld 元", (long long)(fen / 100),
			    (long long)(fen % 100));
}

/* The method allowed for the project's amount (R-PROC-1). */
static int check_method(sg_ctx *ctx, const struct project_ref *p, const char *m,
			const char *single_source_reason)
{
	struct purchase_rule r;
	int rc = check_enum(ctx, "method", "R-PROC-1", m, &tender_methods);
	if (rc)
		return rc;
	if ((rc = purchase_rule_get(ctx, "procurement.open_tender_threshold", p->division_code,
				    p->year, &r)))
		return rc;
	if (p->amount >= r.value && strcmp(m, "open_tender") != 0)
		return sg_err_setf(
		    &ctx->err, SG_EINVAL, "method", "R-PROC-1",
		    "项目预算 %s 达到公开招标数额标准 %s，应当采用公开招标方式（%s）",
		    "the budget of %s reaches the public-tender threshold of %s: a public tender "
		    "is required (%s)",
		    yuan(ctx, p->amount), yuan(ctx, r.value), purchase_rule_cite(ctx, &r));
	if (strcmp(m, "quotation") == 0) {
		if ((rc = purchase_rule_get(ctx, "method.quotation.services", p->division_code,
					    p->year, &r)))
			return rc;
		if (!r.value)
			return sg_err_setf(
			    &ctx->err, SG_EINVAL, "method", "R-PROC-1",
			    "服务项目不得采用询价方式（%s）",
			    "a service may not be bought by request for quotation (%s)",
			    purchase_rule_cite(ctx, &r));
	}
	if (strcmp(m, "single_source") == 0)
		return single_source_reason
			   ? check_enum(ctx, "single_source_reason", "R-PROC-1",
					single_source_reason, &tender_single_source_reasons)
			   : sg_err_set(&ctx->err, SG_EINVAL, "single_source_reason", "R-PROC-1",
					"单一来源采购须说明《政府采购法》第三十一条规定的情形",
					"single source needs one of the grounds of Government "
					"Procurement Law art. 31");
	return 0;
}

/* The price weight within the rule's range, or 100 for a method that
 * awards to the lowest price. */
static int check_price_weight(sg_ctx *ctx, const struct project_ref *p, const char *m, int w)
{
	struct purchase_rule lo, hi;
	int rc;
	if (!method_scores(m))
		return w == 100 ? 0
				: sg_err_setf(
				      &ctx->err, SG_EINVAL, "price_weight", "R-PROC-2",
				      "%s%.0s以最低报价成交，价格权重应为 100",
				      "%.0s%s awards to the lowest price: the price weight is 100",
				      enum_zh(&tender_methods, m), enum_en(&tender_methods, m));
	if ((rc = purchase_rule_get(ctx, "tender.price_weight_min", p->division_code, p->year,
				    &lo)) ||
	    (rc =
		 purchase_rule_get(ctx, "tender.price_weight_max", p->division_code, p->year, &hi)))
		return rc;
	if (w < lo.value || w > hi.value)
		return sg_err_setf(&ctx->err, SG_EINVAL, "price_weight", "R-PROC-2",
				   "服务项目价格分值比重应为 %lld%% 至 %lld%%（%s）",
				   "the price weight of a service is %lld%% to %lld%% (%s)",
				   (long long)lo.value, (long long)hi.value,
				   purchase_rule_cite(ctx, &lo));
	return 0;
}

static int check_text(sg_ctx *ctx, const char *field, const char *v, size_t max)
{
	if (v && utf8_count(v, strlen(v)) > max)
		return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-PROC-2", "%s 至多 %zu 个字",
				   "%s is at most %zu characters", field, max);
	return 0;
}

static const char sql_del_items[] = "DELETE FROM tender_items WHERE tender_id = ?";
static const char sql_add_item[] =
    "INSERT INTO tender_items (tender_id, position, name, weight, guidance) VALUES (?, ?, ?, ?, ?)";
static const char sql_del_invited[] = "DELETE FROM tender_invitations WHERE tender_id = ?";
static const char sql_add_invited[] =
    "INSERT INTO tender_invitations (tender_id, org_id) VALUES (?, ?)";
static const char sql_org_provides[] =
    "SELECT COUNT(*) FROM orgs WHERE id = ? AND type NOT IN ('civil_affairs', 'government')";

static int replace_items(sg_ctx *ctx, int64_t id, const json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a) || json_array_size(a) > ITEMS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "items", "R-PROC-2",
				   "items 应为至多 %d 项的数组", "items is an array of at most %d",
				   ITEMS_MAX);
	int rc = db_run(ctx->db, sql_del_items, "i", id);
	json_array_foreach(a, i, v)
	{
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *guidance = json_string_value(json_object_get(v, "guidance"));
		json_t *w = json_object_get(v, "weight");
		if (rc)
			break;
		if (!name || utf8_blank(name) || utf8_count(name, strlen(name)) > TITLE_MAX)
			return sg_err_setf(&ctx->err, SG_EINVAL, "items", "R-PROC-2",
					   "评分项第 %zu 项应有 1 至 %d 字的名称",
					   "items[%zu] needs a name of 1 to %d characters", i,
					   TITLE_MAX);
		if (!json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 100)
			return sg_err_setf(&ctx->err, SG_EINVAL, "items", "R-PROC-2",
					   "评分项第 %zu 项的分值应为 1 至 100 的整数",
					   "items[%zu] needs a weight from 1 to 100", i);
		if (guidance && utf8_count(guidance, strlen(guidance)) > NOTICE_TEXT_MAX)
			return sg_err_setf(&ctx->err, SG_EINVAL, "items", "R-PROC-2",
					   "评分项第 %zu 项的评分标准过长",
					   "items[%zu] has a guidance too long", i);
		rc = db_run(ctx->db, sql_add_item, "iitit", id, (int64_t)i + 1, name,
			    json_integer_value(w), guidance ? guidance : "");
	}
	return rc;
}

static int replace_invited(sg_ctx *ctx, int64_t id, const json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a) || json_array_size(a) > INVITED_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "invited_ids", "R-PROC-1",
				   "invited_ids 应为至多 %d 项的数组",
				   "invited_ids is an array of at most %d", INVITED_MAX);
	int rc = db_run(ctx->db, sql_del_invited, "i", id);
	json_array_foreach(a, i, v)
	{
		int64_t n = 0;
		if (rc)
			break;
		if (!json_is_integer(v) ||
		    (rc = db_one_int(ctx->db, &n, sql_org_provides, "i", json_integer_value(v))))
			return rc ? rc
				  : sg_err_setf(&ctx->err, SG_EINVAL, "invited_ids", "R-IO-1",
						"invited_ids 第 %zu 项应为机构编号",
						"invited_ids[%zu] must be an organisation id", i);
		if (!n)
			return sg_err_setf(&ctx->err, SG_EINVAL, "invited_ids", "R-PROC-1",
					   "invited_ids 第 %zu 项不是可承接服务的机构",
					   "invited_ids[%zu] is not an organisation that provides",
					   i);
		if ((rc = db_run(ctx->db, sql_add_invited, "ii", id, json_integer_value(v))) ==
		    SG_ECONFLICT)
			return sg_err_setf(&ctx->err, SG_EINVAL, "invited_ids", "R-IO-1",
					   "invited_ids 第 %zu 项重复",
					   "invited_ids[%zu] is listed twice", i);
	}
	return rc;
}

static const char sql_update[] =
    "UPDATE tenders SET method = COALESCE(?, method),"
    " single_source_reason = CASE WHEN COALESCE(?, method) = 'single_source'"
    "   THEN COALESCE(?, single_source_reason) ELSE NULL END,"
    " title = COALESCE(?, title), requirements = COALESCE(?, requirements),"
    " standards = COALESCE(?, standards), qualifications = COALESCE(?, qualifications),"
    " price_weight = CASE WHEN ? < 0 THEN price_weight ELSE ? END,"
    " deadline = CASE WHEN ? = 0 THEN deadline ELSE ? END, updated_at = ? WHERE id = ?";

/* The checks and SQL of create and update, on the row of tender id. */
static int write_fields(sg_ctx *ctx, int64_t id, const struct project_ref *p,
			const struct tender_fields *in, const json_t *old)
{
	int64_t deadline = 0;
	int rc;
	const char *method =
	    in->method ? in->method : json_string_value(json_object_get(old, "method"));
	const char *ss = in->single_source_reason
			     ? in->single_source_reason
			     : json_string_value(json_object_get(old, "single_source_reason"));
	int weight = in->price_weight >= 0
			 ? in->price_weight
			 : (int)json_integer_value(json_object_get(old, "price_weight"));
	/* A method that changes resets a weight that no longer fits it. */
	if (in->method && in->price_weight < 0 && method_scores(method) != (weight < 100))
		weight = method_scores(method) ? -1 : 100;
	if (weight < 0) {
		struct purchase_rule lo;
		if ((rc = purchase_rule_get(ctx, "tender.price_weight_min", p->division_code,
					    p->year, &lo)))
			return rc;
		weight = (int)lo.value;
	}
	if ((rc = check_method(ctx, p, method, ss)) ||
	    (rc = check_price_weight(ctx, p, method, weight)) ||
	    (rc = check_text(ctx, "title", in->title, TITLE_MAX)) ||
	    (rc = check_text(ctx, "requirements", in->requirements, NOTICE_TEXT_MAX)) ||
	    (rc = check_text(ctx, "standards", in->standards, NOTICE_TEXT_MAX)) ||
	    (rc = check_text(ctx, "qualifications", in->qualifications, NOTICE_TEXT_MAX)))
		return rc;
	if (in->deadline && !clock_cst_parse(in->deadline, &deadline))
		return sg_err_set(&ctx->err, SG_EINVAL, "deadline", "R-PROC-2",
				  "截止时间应为北京时间“2026-05-20T09:30”格式",
				  "the deadline is China time as 2026-05-20T09:30");
	rc = db_run(ctx->db, sql_update, "tttttttiiiiii", in->method, in->method, ss, in->title,
		    in->requirements, in->standards, in->qualifications, (int64_t)weight,
		    (int64_t)weight, deadline, deadline, ctx->now, id);
	if (!rc && in->items)
		rc = replace_items(ctx, id, in->items);
	if (!rc && in->invited_ids)
		rc = replace_invited(ctx, id, in->invited_ids);
	return rc;
}

static const char sql_live[] =
    "SELECT COUNT(*) FROM tenders WHERE project_id = ? AND status NOT IN ('failed', 'cancelled')";
static const char sql_round[] = "SELECT COALESCE(MAX(round), 0) FROM tenders WHERE project_id = ?";
static const char sql_insert[] =
    "INSERT INTO tenders (project_id, round, method, title, price_weight, deadline, created_by,"
    " created_at, updated_at) VALUES (?, ?, 'open_tender', ?, 100, ?, ?, ?, ?) RETURNING id";

int tender_create(sg_ctx *ctx, const struct tender_fields *in, json_t **out)
{
	struct project_ref p;
	struct write w;
	int64_t id = 0, live = 0, round = 0;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "method", "R-PROC-1", in->method)))
		return rc;
	rc = write_open_new(&w, ctx, &tender_write, "tender.create");
	if (!rc && !(rc = project_ref_managed(ctx, in->project_id, &p)))
		rc = project_lock(ctx, p.id);
	if (rc == SG_ENOTFOUND)
		sg_err_set(&ctx->err, SG_ENOTFOUND, "project_id", NULL, "项目不存在",
			   "no such project");
	if (!rc && strcmp(p.state, "approved") != 0 && strcmp(p.state, "procuring") != 0)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "project_id", "R-PRJ-4",
				 "项目处于“%s”%.0s状态，批准后方可组织采购",
				 "%.0sthe project is %s: it is procured once approved",
				 enum_zh(&project_states, p.state),
				 enum_en(&project_states, p.state));
	if (!rc)
		rc = db_one_int(ctx->db, &live, sql_live, "i", p.id);
	if (!rc && live)
		rc = sg_err_set(
		    &ctx->err, SG_ECONFLICT, "project_id", "R-PROC-2",
		    "该项目已有进行中的采购，失败或撤销后方可重新组织",
		    "the project has a tender under way: a new round follows its failure");
	if (!rc)
		rc = db_one_int(ctx->db, &round, sql_round, "i", p.id);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "iitiiii", p.id, round + 1,
				in->title ? in->title : p.code,
				/* a deadline 30 days on until one is set */
				ctx->now + 30 * (int64_t)DAY_MS, ctx->actor.user_id, ctx->now,
				ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	if (!rc) {
		/* A new tender's defaults: the method's weight (the rule's
		 * minimum, -1, or 100 for the lowest price). */
		json_t *none =
		    json_pack("{s:s,s:n,s:i}", "method", in->method, "single_source_reason",
			      "price_weight", method_scores(in->method) ? -1 : 100);
		rc = write_fields(ctx, id, &p, in, none);
		json_decref(none);
	}
	return write_close(&w, rc, out);
}

int tender_update(sg_ctx *ctx, int64_t id, const struct tender_fields *in, json_t **out)
{
	struct project_ref p;
	struct write w;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &tender_write, "tender.update", id);
	const json_t *old = write_old(&w);
	if (!rc && strcmp(json_string_value(json_object_get(old, "status")), "draft") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"采购公告发布后不能修改", "a published tender cannot be changed");
	if (!rc)
		rc = project_ref_managed(
		    ctx, json_integer_value(json_object_get(json_object_get(old, "project"), "id")),
		    &p);
	if (!rc)
		rc = write_fields(ctx, id, &p, in, old);
	return write_close(&w, rc, out);
}

/* ---------------------------------------------------------------- actions */

static const char sql_invited_count[] =
    "SELECT COUNT(*) FROM tender_invitations WHERE tender_id = ?";
static const char sql_items_sum[] =
    "SELECT COUNT(*), COALESCE(SUM(weight), 0) FROM tender_items WHERE tender_id = ?";
static const char sql_publish[] = "UPDATE tenders SET status = 'published', published_on = ?,"
				  " updated_at = ? WHERE id = ? AND status = 'draft'";
static const char sql_valid_count[] =
    "SELECT COUNT(*) FROM bids WHERE tender_id = ? AND status = 'valid'";
static const char sql_open[] = "UPDATE tenders SET status = ?, status_reason = ?, opened_at = ?,"
			       " updated_at = ? WHERE id = ?";
static const char sql_end[] =
    "UPDATE tenders SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?";

/* Every gap of the notice before it is published, one error each. */
static int check_publishable(sg_ctx *ctx, int64_t id, const struct project_ref *p, const json_t *t)
{
	const char *method = json_string_value(json_object_get(t, "method"));
	static const char *const texts[][3] = {
	    {"requirements", "请填写服务需求", "the notice needs the service requirements"},
	    {"standards", "请填写服务标准", "the notice needs the service standards"},
	    {"qualifications", "请填写供应商资格条件", "the notice needs the qualifications"},
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = json_string_value(json_object_get(t, texts[i][0]));
		if (!v || utf8_blank(v))
			err_add(ctx, SG_EINVAL, texts[i][0], "R-PROC-2", texts[i][1], texts[i][2]);
	}
	db_stmt *s;
	int64_t n_items = 0, sum = 0, n_invited = 0;
	int weight = (int)json_integer_value(json_object_get(t, "price_weight"));
	int rc = db_query(ctx->db, &s, sql_items_sum, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	n_items = db_int(s, 0);
	sum = db_int(s, 1);
	db_reset(s);
	if (method_scores(method) && (n_items == 0 || sum + weight != 100))
		err_addf(ctx, SG_EINVAL, "items", "R-PROC-2",
			 "评分项分值合计 %lld，加上价格分值 %d 应为 100",
			 "the items' weights sum to %lld: with the price weight %d they make 100",
			 (long long)sum, weight);
	if (!method_scores(method) && n_items)
		err_add(ctx, SG_EINVAL, "items", "R-PROC-2", "最低价成交的采购方式不设技术评分项",
			"a method awarding to the lowest price has no technical items");
	if ((rc = db_one_int(ctx->db, &n_invited, sql_invited_count, "i", id)))
		return rc;
	struct purchase_rule r;
	if ((rc = method_rule(ctx, method, "min_bids", p, &r)))
		return rc;
	if (strcmp(method, "single_source") == 0 && n_invited != 1)
		err_add(ctx, SG_EINVAL, "invited_ids", "R-PROC-1",
			"单一来源采购应邀请且仅邀请一家供应商",
			"single source invites exactly one supplier");
	else if (method_invites(method) && n_invited < r.value)
		err_addf(
		    ctx, SG_EINVAL, "invited_ids", "R-PROC-1", "%s应邀请至少 %lld 家供应商（%s）",
		    "%s invites at least %lld suppliers (%s)", enum_zh(&tender_methods, method),
		    (long long)r.value, purchase_rule_cite(ctx, &r));
	/* The deadline: at least the method's days after today. */
	if ((rc = method_rule(ctx, method, "min_days", p, &r)))
		return rc;
	char today[11], earliest[11];
	clock_cst_date(ctx->now, today);
	clock_cst_date(ctx->now + r.value * (int64_t)DAY_MS, earliest);
	int64_t deadline = 0;
	const char *d = json_string_value(json_object_get(t, "deadline_cst"));
	if (!d || !clock_cst_parse(d, &deadline) || deadline <= ctx->now)
		err_add(ctx, SG_EINVAL, "deadline", "R-PROC-2", "截止时间应晚于现在",
			"the deadline must be in the future");
	else if (r.value > 0) {
		char day[11];
		clock_cst_date(deadline, day);
		if (strcmp(day, earliest) < 0)
			err_addf(ctx, SG_EINVAL, "deadline", "R-PROC-2",
				 "自公告发布之日起至截止时间不得少于 %lld 日，最早为 %s（%s）",
				 "the deadline is at least %lld days after publication, %s at the "
				 "earliest (%s)",
				 (long long)r.value, earliest, purchase_rule_cite(ctx, &r));
	}
	return err_collected(ctx);
}

int tender_act(sg_ctx *ctx, int64_t id, enum tender_action a, const char *reason, json_t **out)
{
	static const char *const audit[TENDER_ACTION__MAX] = {
	    [TENDER_PUBLISH] = "tender.publish",
	    [TENDER_OPEN] = "tender.open",
	    [TENDER_FAIL] = "tender.fail",
	    [TENDER_CANCEL] = "tender.cancel",
	};
	struct project_ref p;
	struct write w;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	assert(a >= 0 && a < TENDER_ACTION__MAX);
	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &tender_write, audit[a], id);
	const json_t *old = write_old(&w);
	const char *status = old ? json_string_value(json_object_get(old, "status")) : "";
	if (!rc)
		rc = project_ref_managed(
		    ctx, json_integer_value(json_object_get(json_object_get(old, "project"), "id")),
		    &p);
	/* The reason, once the tender is known to exist for the actor. */
	if (!rc && (a == TENDER_FAIL || a == TENDER_CANCEL) &&
	    (!reason || utf8_blank(reason) || utf8_count(reason, strlen(reason)) < REASON_MIN ||
	     utf8_count(reason, strlen(reason)) > REASON_MAX))
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "reason", "R-PROC-2",
				 "请说明理由（%d 至 %d 字）", "a reason of %d to %d characters",
				 REASON_MIN, REASON_MAX);
	if (rc)
		return write_close(&w, rc, out);

	char today[11];
	clock_cst_date(ctx->now, today);
	switch (a) {
	case TENDER_PUBLISH:
		if (strcmp(status, "draft") != 0)
			rc = tender_move(ctx, id, "draft", "published");
		else if (!(rc = check_publishable(ctx, id, &p, old)) &&
			 !(rc = db_run(ctx->db, sql_publish, "tii", today, ctx->now, id)) &&
			 strcmp(p.state, "approved") == 0)
			rc = project_move(ctx, p.id, "approved", "procuring");
		break;
	case TENDER_OPEN: {
		int64_t deadline = 0, valid = 0;
		struct purchase_rule r;
		clock_cst_parse(json_string_value(json_object_get(old, "deadline_cst")), &deadline);
		if (strcmp(status, "published") != 0)
			rc = tender_move(ctx, id, "published", "opened");
		else if (ctx->now < deadline)
			rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "deadline", "R-PROC-2",
					 "投标截止时间（%s）未到，不能开标",
					 "the bids are opened after the deadline (%s)",
					 json_string_value(json_object_get(old, "deadline_cst")));
		else if (!(rc = db_one_int(ctx->db, &valid, sql_valid_count, "i", id)) &&
			 !(rc = method_rule(ctx, json_string_value(json_object_get(old, "method")),
					    "min_bids", &p, &r))) {
			/* Too few bids: the tender fails at its opening (流标). */
			bool enough = valid >= r.value;
			const char *why =
			    enough
				? NULL
				: arena_printf(ctx->arena, "有效投标 %lld 家，不足 %lld 家（%s）",
					       (long long)valid, (long long)r.value,
					       purchase_rule_cite(ctx, &r));
			rc = db_run(ctx->db, sql_open, "ttiii", enough ? "opened" : "failed", why,
				    ctx->now, ctx->now, id);
		}
		break;
	}
	case TENDER_FAIL:
		if (strcmp(status, "published") != 0 && strcmp(status, "opened") != 0 &&
		    strcmp(status, "scored") != 0)
			rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
					 "采购项目处于“%s”%.0s状态，不能宣布失败",
					 "%.0sa tender that is %s cannot fail",
					 enum_zh(&tender_statuses, status),
					 enum_en(&tender_statuses, status));
		else
			rc = db_run(ctx->db, sql_end, "ttii", "failed", reason, ctx->now, id);
		break;
	case TENDER_CANCEL:
		if (strcmp(status, "draft") != 0)
			rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
					"只能撤销尚未发布的采购文件",
					"only a draft tender is cancelled");
		else
			rc = db_run(ctx->db, sql_end, "ttii", "cancelled", reason, ctx->now, id);
		break;
	case TENDER_ACTION__MAX:
		break;
	}
	return write_close(&w, rc, out);
}

/* ------------------------------------------------------------------ bids */

#define TENDER_FOR_BID                                                                             \
	"SELECT t.id, t.status, t.deadline, t.project_id, p.division_code, p.year, p.amount,"      \
	" (SELECT COUNT(*) FROM tender_invitations i WHERE i.tender_id = t.id),"                   \
	" (SELECT COUNT(*) FROM tender_invitations i WHERE i.tender_id = t.id AND i.org_id = ?)"   \
	" FROM tenders t JOIN projects p ON p.id = t.project_id WHERE t.id = ? AND "
/* A provider bids for a tender it sees; a clerk records a paper bid for
 * a tender they manage. */
static const char sql_bid_tender_seen[] = TENDER_FOR_BID TENDER_VISIBLE;
static const char sql_bid_tender_managed[] = TENDER_FOR_BID TENDER_MANAGED;
static const char sql_my_org[] =
    "SELECT COUNT(*) FROM orgs o WHERE o.id = ? AND " SCOPE_ORG("o.id");
static const char sql_org_in_division[] =
    "SELECT COUNT(*) FROM orgs o WHERE o.id = ? AND " SCOPE_DIVISION("o.division_code");
static const char sql_bid_upsert[] =
    "INSERT INTO bids (tender_id, org_id, price, technical, documents, eligibility, channel,"
    " status, recorded_by, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'valid', ?, ?)"
    " ON CONFLICT (tender_id, org_id) DO UPDATE SET price = excluded.price,"
    " technical = excluded.technical, documents = excluded.documents,"
    " eligibility = excluded.eligibility, channel = excluded.channel, status = 'valid',"
    " status_reason = NULL, recorded_by = excluded.recorded_by,"
    " submitted_at = excluded.submitted_at RETURNING id";

/* The tender as a bid sees it. */
struct bid_tender {
	int64_t id, deadline, project_id, amount;
	char status[16];
	char division[13];
	int year;
	int64_t invited_total, invited_me;
};

static int bid_tender_get(sg_ctx *ctx, int64_t tender_id, int64_t org_id, bool paper,
			  struct bid_tender *t)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, paper ? sql_bid_tender_managed : sql_bid_tender_seen, "ii",
			     org_id, tender_id);
	memset(t, 0, sizeof *t);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_tender(ctx);
	t->id = db_int(s, 0);
	snprintf(t->status, sizeof t->status, "%s", db_text(s, 1));
	t->deadline = db_int(s, 2);
	t->project_id = db_int(s, 3);
	snprintf(t->division, sizeof t->division, "%s", db_text(s, 4));
	t->year = (int)db_int(s, 5);
	t->amount = db_int(s, 6);
	t->invited_total = db_int(s, 7);
	t->invited_me = db_int(s, 8);
	db_reset(s);
	return 0;
}

/* The bid's tender is open for bids now. */
static int check_open_for_bids(sg_ctx *ctx, const struct bid_tender *t)
{
	char when[17];
	if (strcmp(t->status, "published") != 0)
		return sg_err_setf(&ctx->err, SG_ECONFLICT, "tender_id", "R-PROC-2",
				   "采购项目处于“%s”%.0s状态，不接受投标",
				   "%.0sthe tender is %s: it takes no bids",
				   enum_zh(&tender_statuses, t->status),
				   enum_en(&tender_statuses, t->status));
	if (ctx->now >= t->deadline) {
		clock_cst_minute(t->deadline, when);
		return sg_err_setf(&ctx->err, SG_ECONFLICT, "tender_id", "R-PROC-2",
				   "投标截止时间（%s）已过", "the deadline (%s) has passed", when);
	}
	return 0;
}

static const struct write_spec bid_write = {
    .table = &bid_table,
    .fail_zh = "保存投标失败",
    .fail_en = "the bid could not be saved",
    .lock = lock_both,
};

static int check_documents(sg_ctx *ctx, const json_t *docs)
{
	size_t i;
	json_t *d;
	if (!docs)
		return 0;
	if (!json_is_array(docs) || json_array_size(docs) > DOCUMENTS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "documents", "R-PROC-2",
				   "documents 应为至多 %d 项的数组",
				   "documents is an array of at most %d", DOCUMENTS_MAX);
	json_array_foreach(docs, i, d)
	{
		const char *name = json_string_value(json_object_get(d, "name"));
		json_t *pages = json_object_get(d, "pages");
		if (!json_is_object(d) || !name || utf8_blank(name) ||
		    utf8_count(name, strlen(name)) > TITLE_MAX ||
		    (pages && (!json_is_integer(pages) || json_integer_value(pages) < 0)) ||
		    json_object_size(d) > 3)
			return sg_err_setf(&ctx->err, SG_EINVAL, "documents", "R-PROC-2",
					   "documents 第 %zu 项应为 {name, pages?, note?}",
					   "documents[%zu] must be {name, pages?, note?}", i);
	}
	return 0;
}

int bid_submit(sg_ctx *ctx, int64_t tender_id, const struct bid_fields *in, json_t **out)
{
	struct bid_tender t;
	struct write w;
	int64_t n = 0, bid_id = 0;
	json_t *decision = NULL;
	int rc = perm_require(ctx, in->paper ? PERM_BID_RECORD : PERM_BID_SUBMIT);

	*out = NULL;
	if (rc || (rc = check_money(ctx, "price", "R-PROC-2", in->price, MONEY_MAX)) ||
	    (rc = check_text(ctx, "technical", in->technical, TECHNICAL_MAX)) ||
	    (rc = check_documents(ctx, in->documents)))
		return rc;
	if (in->price <= 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "price", "R-PROC-2", "报价应大于零",
				  "the price must be above zero");
	rc = write_open_new(&w, ctx, &bid_write, "bid.submit");
	/* The bidder: one of the actor's organisations, or for a paper bid
	 * one in the purchaser's divisions. */
	if (!rc)
		rc = scope_one_int(ctx, &n, in->paper ? sql_org_in_division : sql_my_org, "i",
				   in->org_id);
	if (!rc && !n)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "org_id", "R-ROLE-1", "机构不存在",
				"no such organisation");
	if (!rc)
		rc = bid_tender_get(ctx, tender_id, in->org_id, in->paper, &t);
	if (!rc)
		rc = lock_both(ctx, t.id);
	if (!rc)
		rc = check_open_for_bids(ctx, &t);
	if (!rc && t.invited_total > 0 && !t.invited_me)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "org_id", "R-PROC-1",
				"该机构不在本次采购的邀请名单中",
				"the organisation is not among the invited");
	if (!rc && in->price > t.amount)
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "price", "R-PROC-2",
				 "报价 %s 超过项目预算 %s，投标无效",
				 "the price of %s is above the budget of %s: the bid is void",
				 yuan(ctx, in->price), yuan(ctx, t.amount));
	/* Eligibility at bid time, for the project's region and year
	 * (R-ORG-4): refused with the whole decision attached. */
	if (!rc)
		rc = eligibility_decision(ctx, in->org_id, ORG_PROVIDER, t.division, t.year,
					  &decision);
	if (!rc && !json_is_true(json_object_get(decision, "eligible"))) {
		rc = sg_err_set(&ctx->err, SG_EINVAL, "org_id", "R-ORG-4",
				"该机构不具备本项目所在地区、年度的承接主体资格（见资格判定）",
				"the organisation is not an eligible provider for the project's "
				"region and year (see the decision)");
		err_attach(ctx, "eligibility", decision);
		decision = NULL;
	}
	if (!rc) {
		char *docs = json_dumps(in->documents ? in->documents : json_array(), JSON_COMPACT);
		char *el = json_dumps(decision, JSON_COMPACT);
		rc = db_one_int(ctx->db, &bid_id, sql_bid_upsert, "iiittttii", t.id, in->org_id,
				in->price, in->technical ? in->technical : "", docs ? docs : "[]",
				el ? el : "{}", in->paper ? "paper" : "online", ctx->actor.user_id,
				ctx->now);
		jsonmem_free(docs);
		jsonmem_free(el);
	}
	if (!rc) {
		/* The trail names the bid, never its content (sealed). */
		write_created(&w, bid_id);
		write_set_now(&w, json_pack("{s:I,s:I,s:s}", "tender_id", (json_int_t)t.id,
					    "org_id", (json_int_t)in->org_id, "channel",
					    in->paper ? "paper" : "online"));
	}
	json_decref(decision);
	rc = write_close(&w, rc, NULL);
	if (!rc)
		rc = tender_get(ctx, tender_id, out);
	return rc;
}

static const char sql_bid_of[] =
    "SELECT b.id, b.org_id, b.status FROM bids b WHERE b.id = ? AND b.tender_id = ?";
static const char sql_bid_status[] =
    "UPDATE bids SET status = ?, status_reason = ?, rank = NULL WHERE id = ?";

/* Bid bid_id of tender tender_id: its organisation and status. */
static int bid_get(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, int64_t *org_id, char status[16])
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_bid_of, "ii", bid_id, tender_id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "bid_id", NULL, "投标不存在",
					   "no such bid");
	*org_id = db_int(s, 1);
	snprintf(status, 16, "%s", db_text(s, 2));
	db_reset(s);
	return 0;
}

int bid_withdraw(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, json_t **out)
{
	struct bid_tender t;
	struct write w;
	int64_t org_id = 0, mine = 0;
	char status[16];
	int rc = perm_require(ctx, PERM_BID_SUBMIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open_new(&w, ctx, &bid_write, "bid.withdraw");
	if (!rc)
		rc = bid_tender_get(ctx, tender_id, 0, false, &t);
	if (!rc)
		rc = lock_both(ctx, t.id);
	if (!rc)
		rc = bid_get(ctx, tender_id, bid_id, &org_id, status);
	/* Another organisation's bid does not exist for the actor. */
	if (!rc && !(rc = scope_one_int(ctx, &mine, sql_my_org, "i", org_id)) && !mine)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "bid_id", NULL, "投标不存在",
				"no such bid");
	if (!rc)
		rc = check_open_for_bids(ctx, &t);
	if (!rc && strcmp(status, "valid") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "bid_id", "R-PROC-2", "该投标已撤回",
				"the bid is withdrawn already");
	if (!rc)
		rc = db_run(ctx->db, sql_bid_status, "tti", "withdrawn", NULL, bid_id);
	if (!rc) {
		write_created(&w, bid_id);
		write_set_now(&w, json_pack("{s:I,s:I,s:s}", "tender_id", (json_int_t)tender_id,
					    "org_id", (json_int_t)org_id, "status", "withdrawn"));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, tender_id, out);
}

int bid_reject(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, const char *reason, json_t **out)
{
	struct tender_ref t;
	struct write w;
	int64_t org_id = 0;
	char status[16];
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	if (!reason || utf8_blank(reason) || utf8_count(reason, strlen(reason)) > REASON_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "reason", "R-PROC-2",
				   "请说明投标无效的理由（至多 %d 字）",
				   "a reason of at most %d characters", REASON_MAX);
	rc = write_open_new(&w, ctx, &bid_write, "bid.reject");
	if (!rc)
		rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = lock_both(ctx, t.id);
	if (!rc && strcmp(t.status, "opened") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"开标后、评审前方可认定投标无效",
				"a bid is set aside after the opening, before the scoring");
	if (!rc)
		rc = bid_get(ctx, tender_id, bid_id, &org_id, status);
	if (!rc && strcmp(status, "valid") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "bid_id", "R-PROC-2", "该投标不是有效投标",
				"the bid is not a valid one");
	if (!rc)
		rc = db_run(ctx->db, sql_bid_status, "tti", "invalid", reason, bid_id);
	if (!rc) {
		write_created(&w, bid_id);
		write_set_now(&w, json_pack("{s:I,s:I,s:s,s:s}", "tender_id", (json_int_t)tender_id,
					    "org_id", (json_int_t)org_id, "status", "invalid",
					    "reason", reason));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, tender_id, out);
}

/* ----------------------------------------------------------------- panel */

static const char sql_panel_insert[] =
    "INSERT INTO panel_members (tender_id, name, affiliation_org_id, affiliation, expert,"
    " no_conflict, created_at) VALUES (?, ?, ?, ?, ?, 1, ?) RETURNING id";
static const char sql_bidder[] = "SELECT COUNT(*) FROM bids WHERE tender_id = ? AND org_id = ?"
				 " AND status <> 'withdrawn'";
static const char sql_panel_delete[] = "DELETE FROM panel_members WHERE id = ? AND tender_id = ?";
static const char sql_member_exists[] =
    "SELECT COUNT(*) FROM panel_members WHERE id = ? AND tender_id = ?";
static const char sql_org_exists[] = "SELECT COUNT(*) FROM orgs WHERE id = ?";
/* A member tied to a bidder, once bids are in: the first, or none. */
static const char sql_conflicted[] =
    "SELECT m.name, o.name FROM panel_members m JOIN bids b ON b.tender_id = m.tender_id"
    " AND b.org_id = m.affiliation_org_id AND b.status <> 'withdrawn'"
    " JOIN orgs o ON o.id = b.org_id WHERE m.tender_id = ? ORDER BY m.id LIMIT 1";

static const struct write_spec panel_write = {
    .table = &tender_table,
    .fail_zh = "保存评审专家失败",
    .fail_en = "the panel could not be saved",
    .lock = lock_both,
};

int panel_add(sg_ctx *ctx, int64_t tender_id, const struct panel_fields *in, json_t **out)
{
	struct tender_ref t;
	struct write w;
	int64_t n = 0, id = 0;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "name", "R-PROC-2", in->name)) ||
	    (rc = check_text(ctx, "name", in->name, 50)) ||
	    (rc = check_text(ctx, "affiliation", in->affiliation, TITLE_MAX)))
		return rc;
	if (!in->no_conflict)
		return sg_err_set(&ctx->err, SG_EINVAL, "no_conflict", "R-PROC-2",
				  "评审专家须声明与供应商不存在利害关系",
				  "a panel member declares no tie to any supplier");
	rc = write_open_new(&w, ctx, &panel_write, "panel.add");
	if (!rc)
		rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = lock_both(ctx, t.id);
	if (!rc && strcmp(t.status, "published") != 0 && strcmp(t.status, "opened") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"公告发布后、评审前确定评审专家",
				"the panel is formed after publication, before the scoring");
	if (!rc && in->affiliation_org_id > 0) {
		if (!(rc = db_one_int(ctx->db, &n, sql_org_exists, "i", in->affiliation_org_id)) &&
		    !n)
			rc = sg_err_set(&ctx->err, SG_EINVAL, "affiliation_org_id", "R-IO-1",
					"所在机构不存在", "no such organisation");
		if (!rc &&
		    !(rc = db_one_int(ctx->db, &n, sql_bidder, "ii", t.id,
				      in->affiliation_org_id)) &&
		    n)
			rc = sg_err_set(&ctx->err, SG_EINVAL, "affiliation_org_id", "R-PROC-2",
					"评审专家所在机构参与了本次投标，应当回避",
					"the member works for a bidder and must stand aside");
	}
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_panel_insert, "itItii", t.id, in->name,
				in->affiliation_org_id > 0 ? in->affiliation_org_id : (int64_t)0,
				in->affiliation ? in->affiliation : "", (int64_t)in->expert,
				ctx->now);
	if (!rc) {
		write_created(&w, t.id);
		write_set_now(&w, json_pack("{s:I,s:I}", "tender_id", (json_int_t)t.id, "member_id",
					    (json_int_t)id));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, tender_id, out);
}

int panel_remove(sg_ctx *ctx, int64_t tender_id, int64_t member_id, json_t **out)
{
	struct tender_ref t;
	struct write w;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open_new(&w, ctx, &panel_write, "panel.remove");
	if (!rc)
		rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = lock_both(ctx, t.id);
	if (!rc && strcmp(t.status, "published") != 0 && strcmp(t.status, "opened") != 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"评审后不能调整评审专家", "the panel is fixed once scored");
	int64_t n = 0;
	if (!rc && !(rc = db_one_int(ctx->db, &n, sql_member_exists, "ii", member_id, t.id)) && !n)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "member_id", NULL, "评审专家不存在",
				"no such panel member");
	if (!rc)
		rc = db_run(ctx->db, sql_panel_delete, "ii", member_id, t.id);
	if (!rc) {
		write_created(&w, t.id);
		write_set_now(&w, json_pack("{s:I,s:I}", "tender_id", (json_int_t)t.id, "member_id",
					    (json_int_t)member_id));
	}
	rc = write_close(&w, rc, NULL);
	return rc ? rc : tender_get(ctx, tender_id, out);
}

/* --------------------------------------------------------------- scoring */

enum { BIDS_MAX = 200 };

struct scored {
	int64_t id, org_id, price, submitted_at;
	const char *org_name;
	int64_t technical, price_score, total;
	int rank;
	bool seen; /* listed in the scores */
};

/* The ranking order (tender.h): the higher total, the lower price, the
 * higher technical score, the earlier bid. */
static int rank_cmp(const void *pa, const void *pb)
{
	const struct scored *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	if (a->price != b->price)
		return a->price < b->price ? -1 : 1;
	if (a->technical != b->technical)
		return a->technical > b->technical ? -1 : 1;
	if (a->submitted_at != b->submitted_at)
		return a->submitted_at < b->submitted_at ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static const char sql_valid_bids[] =
    "SELECT b.id, b.org_id, b.price, b.submitted_at, o.name FROM bids b"
    " JOIN orgs o ON o.id = b.org_id WHERE b.tender_id = ? AND b.status = 'valid' ORDER BY b.id";
static const char sql_item_weights[] =
    "SELECT id, weight, name FROM tender_items WHERE tender_id = ? ORDER BY position";
static const char sql_panel_count[] = "SELECT COUNT(*) FROM panel_members WHERE tender_id = ?";
static const char sql_award_live[] =
    "SELECT COUNT(*) FROM awards WHERE tender_id = ? AND status <> 'withdrawn'";
static const char sql_del_scores[] =
    "DELETE FROM bid_scores WHERE bid_id IN (SELECT id FROM bids WHERE tender_id = ?)";
static const char sql_add_score[] =
    "INSERT INTO bid_scores (bid_id, item_id, score) VALUES (?, ?, ?)";
static const char sql_set_scores[] = "UPDATE bids SET technical_score = ?, price_score = ?,"
				     " total_score = ?, rank = ? WHERE id = ?";
static const char sql_unrank[] =
    "UPDATE bids SET technical_score = NULL, price_score = NULL, total_score = NULL,"
    " rank = NULL WHERE tender_id = ? AND status <> 'valid'";

/* The panel may score: large enough, nobody tied to a bidder. */
static int check_panel(sg_ctx *ctx, const struct tender_ref *t, const struct project_ref *p)
{
	struct purchase_rule r;
	int64_t n = 0;
	db_stmt *s;
	int rc = method_rule(ctx, t->method, "panel_min", p, &r);
	if (!rc)
		rc = db_one_int(ctx->db, &n, sql_panel_count, "i", t->id);
	if (!rc && n < r.value)
		return sg_err_setf(&ctx->err, SG_ECONFLICT, "panel", "R-PROC-2",
				   "评审小组 %lld 人，不足 %lld 人（%s）",
				   "the panel has %lld members, fewer than %lld (%s)", (long long)n,
				   (long long)r.value, purchase_rule_cite(ctx, &r));
	if (rc || (rc = db_query(ctx->db, &s, sql_conflicted, "i", t->id)))
		return rc;
	if ((rc = db_step(s)) == DB_ROW) {
		/* A member's name is said to the purchaser who recorded it. */
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "panel", "R-PROC-2",
				 "评审专家%s所在机构（%s）参与了投标，应当回避",
				 "a panel member (%s) works for a bidder (%s) and must stand aside",
				 db_text(s, 0), db_text(s, 1));
		db_reset(s);
		return rc;
	}
	return rc < 0 ? rc : 0;
}

/* The item scores of one bid, each checked; every gap one error. */
static int read_bid_scores(sg_ctx *ctx, struct scored *b, const json_t *entry,
			   const int64_t *item_ids, const int64_t *weights, char *const *names,
			   int n_items, int64_t *scores)
{
	const json_t *items = json_object_get(entry, "items");
	for (int k = 0; k < n_items; k++)
		scores[k] = -1;
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		json_t *item = json_object_get(v, "item_id"), *score = json_object_get(v, "score");
		int k = 0;
		while (k < n_items &&
		       (!json_is_integer(item) || json_integer_value(item) != item_ids[k]))
			k++;
		if (k == n_items)
			return sg_err_setf(
			    &ctx->err, SG_EINVAL, "scores", "R-PROC-2",
			    "投标 %lld 的第 %zu 个得分不是本项目的评分项",
			    "a score of bid %lld (%zu) is not for an item of the tender",
			    (long long)b->id, i + 1);
		if (!json_is_integer(score) || json_integer_value(score) < 0 ||
		    json_integer_value(score) > weights[k] * 100)
			return sg_err_setf(&ctx->err, SG_EINVAL, "scores", "R-PROC-2",
					   "%s在“%s”上的得分应为 0 至 %lld 分",
					   "the score of %s on \"%s\" is 0 to %lld points",
					   b->org_name, names[k], (long long)weights[k]);
		scores[k] = json_integer_value(score);
	}
	b->technical = 0;
	for (int k = 0; k < n_items; k++) {
		if (scores[k] < 0)
			err_addf(ctx, SG_EINVAL, "scores", "R-PROC-2", "缺少%s在“%s”上的得分",
				 "the score of %s on \"%s\" is missing", b->org_name, names[k]);
		else
			b->technical += scores[k];
	}
	return 0;
}

int tender_score(sg_ctx *ctx, int64_t tender_id, const json_t *scores, json_t **out)
{
	struct tender_ref t;
	struct project_ref p;
	struct write w;
	struct scored bids[BIDS_MAX];
	int64_t item_ids[ITEMS_MAX], weights[ITEMS_MAX], live = 0;
	char *names[ITEMS_MAX];
	int n_bids = 0, n_items = 0;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_TENDER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	if (!json_is_array(scores) || json_array_size(scores) > BIDS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "scores", "R-IO-1",
				   "scores 应为至多 %d 项的数组",
				   "scores is an array of at most %d", BIDS_MAX);
	rc = write_open(&w, ctx, &tender_write, "tender.score", tender_id);
	if (!rc)
		rc = tender_ref_managed(ctx, tender_id, &t);
	if (!rc)
		rc = project_ref_managed(ctx, t.project_id, &p);
	if (!rc && strcmp(t.status, "opened") != 0 && strcmp(t.status, "scored") != 0)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				 "采购项目处于“%s”%.0s状态，开标后方可评审",
				 "%.0sthe tender is %s: bids are scored after the opening",
				 enum_zh(&tender_statuses, t.status),
				 enum_en(&tender_statuses, t.status));
	if (!rc && !(rc = db_one_int(ctx->db, &live, sql_award_live, "i", t.id)) && live)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PROC-2",
				"已确定中标（成交）供应商，不能重新评审",
				"an award is made: the scores are final");
	if (!rc)
		rc = check_panel(ctx, &t, &p);
	if (rc)
		return write_close(&w, rc, out);

	rc = db_query(ctx->db, &s, sql_valid_bids, "i", t.id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW && n_bids < BIDS_MAX) {
		struct scored *b = &bids[n_bids++];
		memset(b, 0, sizeof *b);
		b->id = db_int(s, 0);
		b->org_id = db_int(s, 1);
		b->price = db_int(s, 2);
		b->submitted_at = db_int(s, 3);
		b->org_name = arena_strdup(ctx->arena, db_text(s, 4));
	}
	if (rc == DB_ROW)
		db_reset(s);
	if (rc >= 0)
		rc = db_query(ctx->db, &s, sql_item_weights, "i", t.id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW && n_items < ITEMS_MAX) {
		item_ids[n_items] = db_int(s, 0);
		weights[n_items] = db_int(s, 1);
		names[n_items++] = arena_strdup(ctx->arena, db_text(s, 2));
	}
	if (rc == DB_ROW)
		db_reset(s);
	if (rc < 0)
		return write_close(&w, rc, out);
	rc = 0;
	if (n_bids == 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "scores", "R-PROC-2", "没有有效投标可评审",
				"no valid bid to score");

	/* Each entry names a valid bid once; each valid bid has its scores. */
	int64_t *all_scores =
	    arena_alloc(ctx->arena, sizeof(int64_t) * (size_t)BIDS_MAX * ITEMS_MAX);
	size_t i;
	json_t *entry;
	json_array_foreach(scores, i, entry)
	{
		json_t *id = json_object_get(entry, "bid_id");
		int k = 0;
		if (rc)
			break;
		while (k < n_bids && (!json_is_integer(id) || json_integer_value(id) != bids[k].id))
			k++;
		if (k == n_bids || bids[k].seen)
			rc = sg_err_setf(&ctx->err, SG_EINVAL, "scores", "R-PROC-2",
					 "scores 第 %zu 项不是本项目尚未评分的有效投标",
					 "scores[%zu] is not a valid bid of the tender scored once",
					 i);
		else {
			bids[k].seen = true;
			rc = read_bid_scores(ctx, &bids[k], entry, item_ids, weights, names,
					     n_items, all_scores + (size_t)k * ITEMS_MAX);
		}
	}
	for (int k = 0; !rc && k < n_bids; k++)
		if (!bids[k].seen && n_items > 0)
			err_addf(ctx, SG_EINVAL, "scores", "R-PROC-2", "缺少%s的评分",
				 "the scores of %s are missing", bids[k].org_name);
	if (!rc)
		rc = err_collected(ctx);
	if (rc)
		return write_close(&w, rc, out);

	/* The lowest-price method (MOF Order No. 87 art. 55): the lowest
	 * valid price ÷ the price × the price weight, rounded half up, in
	 * hundredths of a point. */
	int weight = (int)json_integer_value(json_object_get(write_old(&w), "price_weight"));
	int64_t lowest = bids[0].price;
	for (int k = 1; k < n_bids; k++)
		if (bids[k].price < lowest)
			lowest = bids[k].price;
	for (int k = 0; k < n_bids; k++) {
		bids[k].price_score =
		    (lowest * weight * 100 * 2 + bids[k].price) / (2 * bids[k].price);
		bids[k].total = bids[k].technical + bids[k].price_score;
	}
	/* The scores are written in bid order, then ranked. */
	if (!(rc = db_run(ctx->db, sql_del_scores, "i", t.id)))
		rc = db_run(ctx->db, sql_unrank, "i", t.id);
	for (int k = 0; !rc && k < n_bids; k++)
		for (int j = 0; !rc && j < n_items; j++)
			rc = db_run(ctx->db, sql_add_score, "iii", bids[k].id, item_ids[j],
				    all_scores[(size_t)k * ITEMS_MAX + j]);
	qsort(bids, (size_t)n_bids, sizeof bids[0], rank_cmp);
	json_t *ranking = json_array();
	for (int k = 0; !rc && k < n_bids; k++) {
		bids[k].rank = k + 1;
		rc = db_run(ctx->db, sql_set_scores, "iiiii", bids[k].technical,
			    bids[k].price_score, bids[k].total, (int64_t)bids[k].rank, bids[k].id);
		json_array_append_new(
		    ranking, json_pack("{s:I,s:I,s:I,s:i}", "bid_id", (json_int_t)bids[k].id,
				       "org_id", (json_int_t)bids[k].org_id, "total",
				       (json_int_t)bids[k].total, "rank", bids[k].rank));
	}
	if (!rc && strcmp(t.status, "opened") == 0)
		rc = tender_move(ctx, t.id, "opened", "scored");
	if (!rc)
		write_set_now(
		    &w, json_pack("{s:I,s:o}", "tender_id", (json_int_t)t.id, "ranking", ranking));
	else
		json_decref(ranking);
	return write_close(&w, rc, out);
}
