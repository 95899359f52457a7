/*
 * contract.c — contracts, their instalments, signing and amendments
 * (contract.h).
 *
 * Locking: every write on a contract takes the budget's row, then the
 * project's, then the contract's (the order of domain/budget.c and
 * domain/project.c: a signing changes what the budget has committed), and
 * reads under them. A signing then writes the stations of the project
 * (domain/station.h station_operator_contract), whose own writes never
 * take a budget's, project's or contract's row.
 */
#include "domain/contract.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/jsonmem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/approval.h"
#include "domain/audit.h"
#include "domain/award.h"
#include "domain/budget.h"
#include "domain/check.h"
#include "domain/page.h"
#include "domain/print.h"
#include "domain/project.h"
#include "domain/purchase_rule.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/station.h"
#include "domain/write.h"

static const struct enum_value audit_values[] = {
    {"contract.create", "起草合同", "draft a contract"},
    {"contract.update", "修改合同草稿", "change a draft contract"},
    {"contract.instalments", "约定分期支付", "set a contract's instalments"},
    {"contract.submit", "提交合同签订审核", "submit a contract for signing"},
    {"contract.sign", "签订合同", "sign a contract"},
    {"contract.return", "退回合同", "return a contract"},
    {"contract.amend", "提出合同变更", "propose a contract amendment"},
    {"contract.amendment_approve", "批准合同变更", "approve a contract amendment"},
    {"contract.amendment_return", "退回合同变更", "return a contract amendment"},
    {"contract.export", "导出合同", "export contracts"},
};
const struct enum_def contract_audit_actions = ENUM_DEF("audit.action", audit_values);

static const struct enum_value status_values[] = {
    {"draft", "草稿", "draft"},
    {"pending", "待签订（复核）", "awaiting signature"},
    {"signed", "已签订", "signed"},
    {"ended", "已履行完毕", "ended"},
    {"terminated", "已终止", "terminated"},
};
const struct enum_def contract_statuses = ENUM_DEF("contract.status", status_values);

static const struct enum_value instalment_status_values[] = {
    {"planned", "待支付", "planned"},
    {"released", "可支付", "released"},
    {"withheld", "暂缓支付", "withheld"},
    {"paid", "已支付", "paid"},
};
const struct enum_def instalment_statuses = ENUM_DEF("instalment.status", instalment_status_values);

static const struct enum_value evaluation_values[] = {
    {"mid_term", "中期评估", "mid-term evaluation"},
    {"final", "末期评估", "final evaluation"},
};
const struct enum_def instalment_evaluations = ENUM_DEF("instalment.evaluation", evaluation_values);

static const struct enum_value grade_values[] = {
    {"excellent", "优", "excellent"},
    {"good", "良", "good"},
    {"fair", "中", "fair"},
    {"poor", "差", "poor"},
};
const struct enum_def instalment_grades = ENUM_DEF("instalment.min_grade", grade_values);

static const struct enum_value amendment_status_values[] = {
    {"pending", "待复核", "pending"},
    {"approved", "已批准", "approved"},
    {"returned", "已退回", "returned"},
};
const struct enum_def amendment_statuses = ENUM_DEF("amendment.status", amendment_status_values);

static const struct enum_value action_values[] = {
    {"update", "修改草稿", "change the draft"},
    {"instalments", "约定分期支付", "set the instalments"},
    {"submit", "提交签订审核", "submit for signing"},
    {"sign", "签订合同", "sign"},
    {"return", "退回修改", "return"},
    {"amend", "提出变更", "propose an amendment"},
    {"approve", "批准变更", "approve the amendment"},
};
const struct enum_def contract_action_names = ENUM_DEF("contract.action", action_values);

static const struct {
	const char *key, *heading, *en;
} clauses[CLAUSE__MAX] = {
    [CLAUSE_SUBJECT] = {"subject", "一、标的", "subject"},
    [CLAUSE_QUANTITY] = {"quantity", "二、数量", "quantity"},
    [CLAUSE_QUALITY] = {"quality", "三、质量", "quality"},
    [CLAUSE_TERM] = {"term", "四、期限", "term"},
    [CLAUSE_PAYMENT_METHOD] = {"payment_method", "五、资金支付方式", "payment method"},
    [CLAUSE_BREACH_LIABILITY] = {"breach_liability", "六、违约责任", "liability for breach"},
    [CLAUSE_DISPUTE_RESOLUTION] = {"dispute_resolution", "七、解决争议", "dispute resolution"},
};

const char *contract_clause_key(enum contract_clause c)
{
	assert(c >= 0 && c < CLAUSE__MAX);
	return clauses[c].key;
}

const char *contract_clause_heading(enum contract_clause c)
{
	assert(c >= 0 && c < CLAUSE__MAX);
	return clauses[c].heading;
}

enum { CLAUSE_MAX_CHARS = 5000, INSTALMENTS_MAX = 60, REASON_MIN = 2, REASON_MAX = 500 };
#define MONEY_MAX INT64_C(1000000000000)

/* ------------------------------------------------------------------ reads */

/* Who sees a contract (contract.h). */
#define CONTRACT_VISIBLE                                                                           \
	"(:actor_global = 1 OR (:actor_div = 1 AND (" SCOPE_DIVISION(                              \
	    "c.division_code") " OR EXISTS (SELECT 1 FROM project_townships vt"                    \
			       " WHERE vt.project_id = c.project_id AND " SCOPE_DIVISION(          \
				   "vt.division_code") ")))"                                       \
						       " OR (:actor_org = 1 AND " SCOPE_ORG(       \
							   "c.provider_id") "))"
/* Who changes it: civil affairs staff of the project's division. */
#define CONTRACT_MANAGED SCOPE_DIVISION("c.division_code")

#define CONTRACT_COLUMNS(X)                                                                        \
	X(CO_ID, "c.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(CO_CODE, "c.code", "code", COL_TEXT, DC_PUBLIC)                                          \
	X(CO_PROJECT_ID, "c.project_id", NULL, COL_HIDDEN, DC_PUBLIC)                              \
	X(CO_PROJECT_CODE, "p.code", NULL, COL_HIDDEN, DC_PUBLIC)                                  \
	X(CO_PROJECT_NAME, "p.name", NULL, COL_HIDDEN, DC_PUBLIC)                                  \
	X(CO_YEAR, "p.year", "year", COL_INT, DC_PUBLIC)                                           \
	X(CO_AWARD_ID, "c.award_id", "award_id", COL_INT, DC_PUBLIC)                               \
	X(CO_PROVIDER_ID, "c.provider_id", NULL, COL_HIDDEN, DC_PUBLIC)                            \
	X(CO_PROVIDER_NAME, "po.name", NULL, COL_HIDDEN, DC_PUBLIC)                                \
	X(CO_PROVIDER_TYPE, "po.type", NULL, COL_HIDDEN, DC_PUBLIC)                                \
	X(CO_DEPARTMENT_ID, "c.department_id", NULL, COL_HIDDEN, DC_PUBLIC)                        \
	X(CO_DEPARTMENT_NAME, "dep.name", NULL, COL_HIDDEN, DC_PUBLIC)                             \
	X(CO_DIVISION, "c.division_code", "division_code", COL_TEXT, DC_PUBLIC)                    \
	X(CO_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(CO_PRICE, "c.price", "price", COL_INT, DC_PUBLIC)                                        \
	X(CO_START, "c.start_on", "start_on", COL_TEXT, DC_PUBLIC)                                 \
	X(CO_END, "c.end_on", "end_on", COL_TEXT, DC_PUBLIC)                                       \
	X(CO_SIGNED_ON, "c.signed_on", "signed_on", COL_TEXT, DC_PUBLIC)                           \
	X(CO_SUBJECT, "c.subject", "subject", COL_TEXT, DC_PUBLIC)                                 \
	X(CO_QUANTITY, "c.quantity", "quantity", COL_TEXT, DC_PUBLIC)                              \
	X(CO_QUALITY, "c.quality", "quality", COL_TEXT, DC_PUBLIC)                                 \
	X(CO_TERM, "c.term", "term", COL_TEXT, DC_PUBLIC)                                          \
	X(CO_PAYMENT_METHOD, "c.payment_method", "payment_method", COL_TEXT, DC_PUBLIC)            \
	X(CO_BREACH_LIABILITY, "c.breach_liability", "breach_liability", COL_TEXT, DC_PUBLIC)      \
	X(CO_DISPUTE_RESOLUTION, "c.dispute_resolution", "dispute_resolution", COL_TEXT,           \
	  DC_PUBLIC)                                                                               \
	X(CO_STATUS, "c.status", "status", COL_TEXT, DC_PUBLIC)                                    \
	X(CO_VERSION, "c.version", "version", COL_INT, DC_PUBLIC)                                  \
	X(CO_MADE_BY, "c.made_by", NULL, COL_HIDDEN, DC_INTERNAL)                                  \
	X(CO_SIGNED_BY, "c.signed_by", NULL, COL_HIDDEN, DC_INTERNAL)                              \
	X(CO_CREATED_AT, "c.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(CO_UPDATED_AT, "c.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { CO__FIRST, CONTRACT_COLUMNS(COLUMN_ENUM) CO__MAX };
const struct col_table contract_table = COLUMNS_TABLE("contract", CONTRACT_COLUMNS, CO__MAX);
/* The clauses' columns, in clause order. */
static const int clause_cols[CLAUSE__MAX] = {
    CO_SUBJECT,		 CO_QUANTITY,		CO_QUALITY, CO_TERM, CO_PAYMENT_METHOD,
    CO_BREACH_LIABILITY, CO_DISPUTE_RESOLUTION,
};

#define CONTRACT_FROM                                                                              \
	" FROM contracts c JOIN projects p ON p.id = c.project_id"                                 \
	" JOIN orgs po ON po.id = c.provider_id JOIN orgs dep ON dep.id = c.department_id"         \
	" JOIN divisions d ON d.code = c.division_code"
#define CONTRACT_SELECT "SELECT " COLUMNS_SELECT(CONTRACT_COLUMNS) CONTRACT_FROM
static const char sql_get[] = CONTRACT_SELECT " WHERE c.id = ? AND " CONTRACT_VISIBLE;
static const char sql_get_managed[] = CONTRACT_SELECT " WHERE c.id = ? AND " CONTRACT_MANAGED;
static const char sql_is_managed[] =
    "SELECT COUNT(*) FROM contracts c WHERE c.id = ? AND " CONTRACT_MANAGED;

/* The list: a division subtree (the contract's division, or a beneficiary
 * township in it), a status, the project's year, a provider, a project. */
#define LIST_WHERE                                                                                 \
	" WHERE (? IS NULL OR (c.division_code >= ? AND c.division_code < ?)"                      \
	" OR EXISTS (SELECT 1 FROM project_townships ft WHERE ft.project_id = c.project_id"        \
	" AND ft.division_code LIKE ? || '%'))"                                                    \
	" AND (? IS NULL OR c.status = ?) AND (? = 0 OR p.year = ?)"                               \
	" AND (? = 0 OR c.provider_id = ?) AND (? = 0 OR c.project_id = ?)"                        \
	" AND " CONTRACT_VISIBLE
#define LIST_FMT "ttttttiiiiii"
static const char sql_list[] = CONTRACT_SELECT LIST_WHERE " AND c.id > ? ORDER BY c.id LIMIT ?";
static const char sql_count[] =
    "SELECT COUNT(*) FROM contracts c JOIN projects p ON p.id = c.project_id" LIST_WHERE;

static const char sql_award[] =
    "SELECT a.id, a.status, a.notice_start, a.notice_end, b.price,"
    " (SELECT COUNT(*) FROM objections x WHERE x.award_id = a.id AND x.status = 'pending')"
    " FROM awards a JOIN bids b ON b.id = a.bid_id WHERE a.id = ?";
static const char sql_project[] =
    "SELECT p.id, p.code, p.name, p.state, p.stable, p.station_operation FROM projects p"
    " WHERE p.id = ?";
static const char sql_instalments[] =
    "SELECT position, amount, due_on, evaluation, min_grade, status, paid_on"
    " FROM instalments WHERE contract_id = ? ORDER BY position";
static const char sql_amendments[] =
    "SELECT m.id, m.version, m.reason, m.changes, m.status, m.made_by, um.display_name,"
    " m.made_at, m.decided_by, ud.display_name, m.decided_at FROM amendments m"
    " LEFT JOIN users um ON um.id = m.made_by LEFT JOIN users ud ON ud.id = m.decided_by"
    " WHERE m.contract_id = ? ORDER BY m.id";
static const char sql_user_name[] = "SELECT display_name FROM users WHERE id = ?";

static int no_contract(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "合同不存在", "no such contract");
}

/* {id, name} of an organisation; an individual's name masked. */
static json_t *party(db_stmt *s, int id_col, int name_col, int type_col)
{
	const char *name = db_text(s, name_col);
	char masked[256];
	if (type_col && db_text(s, type_col) && strcmp(db_text(s, type_col), "individual") == 0 &&
	    pii_mask_name(name, db_len(s, name_col), masked, sizeof masked) == 0)
		name = masked;
	return json_pack("{s:I,s:s}", "id", (json_int_t)db_int(s, id_col), "name", name);
}

static json_t *render_row(db_stmt *s)
{
	json_t *o = row_object(s, &contract_table, 0);
	json_object_set_new_nocheck(
	    o, "project",
	    json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_int(s, CO_PROJECT_ID), "code",
		      db_text(s, CO_PROJECT_CODE), "name", db_text(s, CO_PROJECT_NAME)));
	json_object_set_new_nocheck(o, "provider",
				    party(s, CO_PROVIDER_ID, CO_PROVIDER_NAME, CO_PROVIDER_TYPE));
	json_object_set_new_nocheck(o, "department",
				    party(s, CO_DEPARTMENT_ID, CO_DEPARTMENT_NAME, 0));
	return o;
}

static json_t *instalment_json(db_stmt *s)
{
	return json_pack("{s:I,s:I,s:o,s:o,s:o,s:s,s:o}", "position", (json_int_t)db_int(s, 0),
			 "amount", (json_int_t)db_int(s, 1), "due_on", row_text(s, 2), "evaluation",
			 row_text(s, 3), "min_grade", row_text(s, 4), "status", db_text(s, 5),
			 "paid_on", row_text(s, 6));
}

static json_t *person(db_stmt *s, int id_col, int name_col)
{
	if (db_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I,s:s?}", "id", (json_int_t)db_int(s, id_col), "name",
			 db_text(s, name_col));
}

static json_t *amendment_json(db_stmt *s)
{
	json_t *changes = json_loads(db_text(s, 3), 0, NULL);
	return json_pack("{s:I,s:I,s:s,s:o,s:s,s:o,s:o,s:o,s:o}", "id", (json_int_t)db_int(s, 0),
			 "version", (json_int_t)db_int(s, 1), "reason", db_text(s, 2), "changes",
			 changes ? changes : json_object(), "status", db_text(s, 4), "made_by",
			 person(s, 5, 6), "made_at", row_time(s, 7), "decided_by", person(s, 8, 9),
			 "decided_at", row_time(s, 10));
}

/* {id, name} of account id into o[key]; null for none. */
static int set_user(sg_ctx *ctx, json_t *o, const char *key, int64_t id)
{
	db_stmt *s;
	int rc = 0;
	json_t *v = json_null();
	if (id && !(rc = db_query(ctx->db, &s, sql_user_name, "i", id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		json_decref(v);
		v = json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", db_text(s, 0));
		db_reset(s);
		rc = 0;
	}
	json_object_set_new_nocheck(o, key, v);
	return rc < 0 ? rc : 0;
}

/* The award of the contract: {id, status, notice_start, notice_end,
 * price, objections_pending, final}. */
static int set_award(sg_ctx *ctx, json_t *o, int64_t award_id)
{
	db_stmt *s;
	char today[11];
	int rc = db_query(ctx->db, &s, sql_award, "i", award_id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	clock_cst_date(ctx->now, today);
	bool final = strcmp(db_text(s, 1), "withdrawn") != 0 && strcmp(today, db_text(s, 3)) > 0 &&
		     db_int(s, 5) == 0;
	json_object_set_new_nocheck(
	    o, "award",
	    json_pack("{s:I,s:s,s:s,s:s,s:I,s:I,s:b}", "id", (json_int_t)db_int(s, 0), "status",
		      db_text(s, 1), "notice_start", db_text(s, 2), "notice_end", db_text(s, 3),
		      "price", (json_int_t)db_int(s, 4), "objections_pending",
		      (json_int_t)db_int(s, 5), "final", final));
	db_reset(s);
	return 0;
}

static int set_project(sg_ctx *ctx, json_t *o, int64_t project_id)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_project, "i", project_id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	json_object_set_new_nocheck(
	    o, "project",
	    json_pack("{s:I,s:s,s:s,s:s,s:b,s:b}", "id", (json_int_t)db_int(s, 0), "code",
		      db_text(s, 1), "name", db_text(s, 2), "state", db_text(s, 3), "stable",
		      db_int(s, 4) != 0, "station_operation", db_int(s, 5) != 0));
	db_reset(s);
	return 0;
}

/* The actions the actor may take on a contract (managed: in their
 * divisions) in status now, made by maker. */
static json_t *actions_for(sg_ctx *ctx, const char *status, int64_t maker, bool managed,
			   bool amendment_pending)
{
	json_t *a = json_array();
	if (!managed)
		return a;
	bool edit = perm_has(ctx, PERM_CONTRACT_EDIT), sign = perm_has(ctx, PERM_CONTRACT_SIGN);
	if (edit && strcmp(status, "draft") == 0) {
		json_array_append_new(a, json_string("update"));
		json_array_append_new(a, json_string("instalments"));
		json_array_append_new(a, json_string("submit"));
	}
	if (sign && maker != ctx->actor.user_id && strcmp(status, "pending") == 0) {
		json_array_append_new(a, json_string("sign"));
		json_array_append_new(a, json_string("return"));
	}
	if (edit && strcmp(status, "signed") == 0 && !amendment_pending)
		json_array_append_new(a, json_string("amend"));
	return a;
}

/* Each amendment's approvals and the actions the actor may take on it;
 * whether one is pending into *pending. */
static int amendments_detail(sg_ctx *ctx, json_t *list, bool managed, bool *pending)
{
	size_t i;
	json_t *m;
	bool sign = managed && perm_has(ctx, PERM_CONTRACT_SIGN);
	*pending = false;
	json_array_foreach(list, i, m)
	{
		json_t *hist = NULL, *acts = json_array();
		int64_t aid = json_integer_value(json_object_get(m, "id"));
		int rc = approval_history(ctx, "amendment", aid, &hist);
		if (rc) {
			json_decref(acts);
			return rc;
		}
		json_object_set_new_nocheck(m, "approvals", hist);
		bool is_pending =
		    strcmp(json_string_value(json_object_get(m, "status")), "pending") == 0;
		json_t *maker = json_object_get(json_object_get(m, "made_by"), "id");
		if (is_pending) {
			*pending = true;
			if (sign && json_integer_value(maker) != ctx->actor.user_id) {
				json_array_append_new(acts, json_string("approve"));
				json_array_append_new(acts, json_string("return"));
			}
		}
		json_object_set_new_nocheck(m, "actions", acts);
	}
	return 0;
}

/* Contract id in detail, read with sql (sql_get or sql_get_managed). */
static int load_with(sg_ctx *ctx, const char *sql, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_contract(ctx);
	json_t *o = render_row(s);
	int64_t made_by = db_int(s, CO_MADE_BY), signed_by = db_int(s, CO_SIGNED_BY),
		award_id = db_int(s, CO_AWARD_ID), project_id = db_int(s, CO_PROJECT_ID);
	char status[16];
	snprintf(status, sizeof status, "%s", db_text(s, CO_STATUS));
	json_t *cl = json_array();
	for (int c = 0; c < CLAUSE__MAX; c++)
		json_array_append_new(cl, json_pack("{s:s,s:s,s:s}", "key", clauses[c].key,
						    "heading", clauses[c].heading, "text",
						    db_text(s, clause_cols[c])));
	json_object_set_new_nocheck(o, "clauses", cl);
	db_reset(s);

	bool managed = sql == sql_get_managed, pending = false;
	if (!managed) {
		int64_t n = 0;
		if ((rc = scope_one_int(ctx, &n, sql_is_managed, "i", id)))
			goto fail;
		managed = n > 0;
	}
	if ((rc = set_project(ctx, o, project_id)) || (rc = set_award(ctx, o, award_id)) ||
	    (rc = row_list_set(ctx->db, o, "instalments", sql_instalments, id, instalment_json)) ||
	    (rc = row_list_set(ctx->db, o, "amendments", sql_amendments, id, amendment_json)) ||
	    (rc = set_user(ctx, o, "made_by", made_by)) ||
	    (rc = set_user(ctx, o, "signed_by", signed_by)))
		goto fail;
	if ((rc = amendments_detail(ctx, json_object_get(o, "amendments"), managed, &pending)))
		goto fail;
	json_t *hist = NULL;
	if ((rc = approval_history(ctx, "contract", id, &hist)))
		goto fail;
	json_object_set_new_nocheck(o, "approvals", hist);
	json_object_set_new_nocheck(o, "actions",
				    actions_for(ctx, status, made_by, managed, pending));
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

int contract_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);
	*out = NULL;
	if (!rc)
		rc = load(ctx, id, out);
	return read_close(&rd, rc, "读取合同失败", "cannot read the contract");
}

/* ------------------------------------------------------------------ lists */

struct listing {
	const char *division, *hi;
};

static int check_filter(sg_ctx *ctx, const struct contract_filter *f, struct listing *l)
{
	int rc = 0;
	memset(l, 0, sizeof *l);
	if (f->status && (rc = check_enum(ctx, "status", "R-CON-1", f->status, &contract_statuses)))
		return rc;
	if (f->division && (rc = check_division_code(ctx, "division", f->division)))
		return rc;
	if (f->division) {
		/* The subtree of a code: codes from it up to the next one. */
		size_t n = strlen(f->division);
		char *hi = arena_strdup(ctx->arena, f->division);
		hi[n - 1]++;
		l->division = f->division;
		l->hi = hi;
	}
	return 0;
}

#define LIST_ARGS(f, l)                                                                            \
	(l)->division, (l)->division, (l)->hi, (l)->division, (f)->status, (f)->status,            \
	    (int64_t)(f)->year, (int64_t)(f)->year, (f)->provider_id, (f)->provider_id,            \
	    (f)->project_id, (f)->project_id

int contract_list(sg_ctx *ctx, const struct contract_filter *f, int64_t cursor, int limit,
		  json_t **out)
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
		if (!page_add(&pg, db_int(s, CO_ID), render_row(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取合同失败", "cannot read the contracts");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取合同失败", "cannot read the contracts");
}

enum { CONTRACT_EXPORT_MAX = 100000 };

int contract_export(sg_ctx *ctx, const struct contract_filter *f, json_t **out)
{
	struct reading rd;
	struct listing l;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_CONTRACT_EXPORT);

	*out = NULL;
	if (rc || (rc = check_filter(ctx, f, &l)))
		return rc;
	json_t *all = json_array();
	if (!(rc = read_open(&rd, ctx)))
		rc = scope_query(ctx, &s, sql_list, LIST_FMT "ii", LIST_ARGS(f, &l), (int64_t)0,
				 (int64_t)CONTRACT_EXPORT_MAX);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(all, render_row(s));
	rc = read_close(&rd, rc < 0 ? rc : 0, "导出合同失败", "the export failed");
	if (!rc) {
		json_t *what = json_pack(
		    "{s:s?,s:s?,s:i,s:I,s:I,s:I}", "status", f->status, "division", f->division,
		    "year", f->year, "provider_id", (json_int_t)f->provider_id, "project_id",
		    (json_int_t)f->project_id, "count", (json_int_t)json_array_size(all));
		rc = audit_append_row(ctx, "contract.export", &contract_table, "", NULL, what,
				      AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(all);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出合同失败", "the export failed");
		return rc;
	}
	*out = all;
	return 0;
}

/* ----------------------------------------------------------------- writes */

static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc = load_with(ctx, sql_get_managed, id, out);
	if (!rc) {
		/* The audited value is the contract, not what the actor may do. */
		json_object_del(*out, "actions");
		json_object_del(*out, "approvals");
		json_object_del(*out, "clauses"); /* the columns hold them */
		json_object_del(*out, "award");
		size_t i;
		json_t *m;
		json_array_foreach(json_object_get(*out, "amendments"), i, m)
		{
			json_object_del(m, "actions");
			json_object_del(m, "approvals");
		}
	}
	return rc;
}

static const char sql_lock_keys[] =
    "SELECT c.project_id, p.budget_id FROM contracts c JOIN projects p ON p.id = c.project_id"
    " WHERE c.id = ?";
static const char sql_lock[] = "UPDATE contracts SET updated_at = updated_at WHERE id = ?";

/* The budget's row, the project's, then the contract's. */
static int lock(sg_ctx *ctx, int64_t id)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_lock_keys, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : 0; /* the snapshot reports it missing */
	int64_t project = db_int(s, 0), budget = db_int(s, 1);
	db_reset(s);
	if ((rc = budget_lock(ctx, budget)) || (rc = project_lock(ctx, project)))
		return rc;
	return db_run(ctx->db, sql_lock, "i", id);
}

static const struct write_spec contract_write = {
    .table = &contract_table,
    .fail_zh = "保存合同失败",
    .fail_en = "the contract could not be saved",
    .lock = lock,
    .snapshot = snapshot,
    .detail = load,
};

/* What the checks and writes need of a contract and its project. */
struct facts {
	int64_t id, award_id, project_id, provider_id, price, made_by, budget_id, amount;
	char status[16], division[13], start[11], end[11];
	const char *clause[CLAUSE__MAX]; /* from the arena */
	int year;
	bool stable, station_operation;
};

static const char sql_facts[] =
    "SELECT c.award_id, c.project_id, c.provider_id, c.price, c.made_by, c.status,"
    " c.division_code, c.start_on, c.end_on, p.year, p.stable, p.station_operation,"
    " p.budget_id, p.amount, c.subject, c.quantity, c.quality, c.term, c.payment_method,"
    " c.breach_liability, c.dispute_resolution FROM contracts c"
    " JOIN projects p ON p.id = c.project_id WHERE c.id = ?";

static int read_facts(sg_ctx *ctx, int64_t id, struct facts *f)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_facts, "i", id);
	memset(f, 0, sizeof *f);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_contract(ctx);
	f->id = id;
	f->award_id = db_int(s, 0);
	f->project_id = db_int(s, 1);
	f->provider_id = db_int(s, 2);
	f->price = db_int(s, 3);
	f->made_by = db_int(s, 4);
	snprintf(f->status, sizeof f->status, "%s", db_text(s, 5));
	snprintf(f->division, sizeof f->division, "%s", db_text(s, 6));
	snprintf(f->start, sizeof f->start, "%s", db_is_null(s, 7) ? "" : db_text(s, 7));
	snprintf(f->end, sizeof f->end, "%s", db_is_null(s, 8) ? "" : db_text(s, 8));
	f->year = (int)db_int(s, 9);
	f->stable = db_int(s, 10) != 0;
	f->station_operation = db_int(s, 11) != 0;
	f->budget_id = db_int(s, 12);
	f->amount = db_int(s, 13);
	for (int c = 0; c < CLAUSE__MAX; c++)
		f->clause[c] = arena_strdup(ctx->arena, db_text(s, 14 + c));
	db_reset(s);
	return 0;
}

/* fen as "300000.00" (from the arena). */

/* R-CON-1: the action needs another status. */
static int wrong_status(sg_ctx *ctx, const char *status, const char *need_zh, const char *need_en)
{
	int i = enum_index(&contract_statuses, status);
	char zh[256], en[256];
	snprintf(zh, sizeof zh, "合同当前为“%s”，%s",
		 i >= 0 ? contract_statuses.values[i].zh : status, need_zh);
	snprintf(en, sizeof en, "the contract is %s: %s",
		 i >= 0 ? contract_statuses.values[i].en : status, need_en);
	return sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-CON-1", zh, en);
}

static int check_reason(sg_ctx *ctx, const char *rule, const char *reason)
{
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (!utf8_blank(reason) && n >= REASON_MIN && n <= REASON_MAX)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, "reason", rule, "请说明理由（2 至 500 字）",
			  "give the reason (2 to 500 characters)");
}

/* R-CON-2: the period start..end (both valid, end not before start) is at
 * most the term the rules allow the project; a refusal is one collected
 * error on field, citing the rule. */
static int check_term(sg_ctx *ctx, const struct facts *f, const char *field, const char *start,
		      const char *end)
{
	struct purchase_rule r;
	int rc = purchase_rule_get(
	    ctx, f->stable ? "contract.term_months_stable" : "contract.term_months", f->division,
	    f->year, &r);
	if (rc)
		return rc;
	int months = clock_term_months(start, end);
	if (months > r.value)
		err_addf(ctx, SG_EINVAL, field, "R-CON-2",
			 "合同履行期限 %d 个月，超过 %lld 个月的上限：%s",
			 "the term of %d months exceeds the %lld months of the rule: %s", months,
			 (long long)r.value, purchase_rule_cite(ctx, &r));
	return 0;
}

/* A price of the contract: positive, at most the award's. */
static int check_price(sg_ctx *ctx, const char *field, const char *rule, int64_t price,
		       int64_t award_price)
{
	if (price <= 0 || price > MONEY_MAX)
		return sg_err_set(&ctx->err, SG_EINVAL, field, rule,
				  "合同价款应为正整数（单位：分）",
				  "the price is a positive integer of fen");
	if (price > award_price)
		return sg_err_setf(&ctx->err, SG_EINVAL, field, rule,
				   "合同价款 %s 元高于中标（成交）价 %s 元",
				   "the price of %s yuan is above the award's %s yuan",
				   print_yuan(ctx, price), print_yuan(ctx, award_price));
	return 0;
}

/* The award's price (the winning bid's). */
static const char sql_award_price[] =
    "SELECT b.price FROM awards a JOIN bids b ON b.id = a.bid_id WHERE a.id = ?";

static int field_err(sg_ctx *ctx, const char *prefix, size_t i, const char *member,
		     const char *rule, const char *zh, const char *en)
{
	char field[80];
	snprintf(field, sizeof field, "%s[%zu].%s", prefix, i, member);
	return sg_err_set(&ctx->err, SG_EINVAL, field, rule, zh, en);
}

/* Instalments [{amount, due_on?, evaluation?, min_grade?}] (field prefix
 * names them in errors), their sum into *sum. */
static int check_instalments(sg_ctx *ctx, const char *prefix, const json_t *a, int64_t *sum)
{
	size_t i;
	json_t *v;
	*sum = 0;
	if (!json_is_array(a) || json_array_size(a) > INSTALMENTS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, prefix, "R-IO-1",
				   "%s 应为至多 %d 项的数组", "%s must be an array of at most %d",
				   prefix, INSTALMENTS_MAX);
	json_array_foreach(a, i, v)
	{
		if (!json_is_object(v)) {
			char field[80];
			snprintf(field, sizeof field, "%s[%zu]", prefix, i);
			return sg_err_set(&ctx->err, SG_EINVAL, field, "R-IO-1", "应为对象",
					  "must be an object");
		}
		json_t *amount = json_object_get(v, "amount"), *due = json_object_get(v, "due_on"),
		       *ev = json_object_get(v, "evaluation"),
		       *gr = json_object_get(v, "min_grade");
		if (!json_is_integer(amount) || json_integer_value(amount) <= 0 ||
		    json_integer_value(amount) > MONEY_MAX)
			return field_err(ctx, prefix, i, "amount", "R-CON-2",
					 "分期金额应为正整数（单位：分）",
					 "an instalment is a positive integer of fen");
		if (due && !json_is_null(due) &&
		    (!json_is_string(due) || !clock_date_valid(json_string_value(due))))
			return field_err(ctx, prefix, i, "due_on", "R-CON-2",
					 "支付日期应为 YYYY-MM-DD 格式的日期",
					 "the due date must be a date YYYY-MM-DD");
		bool has_ev = ev && !json_is_null(ev), has_gr = gr && !json_is_null(gr);
		if (has_ev && enum_index(&instalment_evaluations, json_string_value(ev)) < 0)
			return field_err(ctx, prefix, i, "evaluation", "R-CON-2",
					 "评估应为中期评估或末期评估",
					 "the evaluation is mid_term or final");
		if (has_gr && enum_index(&instalment_grades, json_string_value(gr)) < 0)
			return field_err(ctx, prefix, i, "min_grade", "R-CON-2",
					 "最低等级应为优、良、中或差",
					 "the lowest grade is excellent, good, fair or poor");
		if (has_ev != has_gr)
			return field_err(
			    ctx, prefix, i, has_ev ? "min_grade" : "evaluation", "R-CON-2",
			    "依评估结果支付的分期须同时写明评估（中期或末期）和达到的最低等级",
			    "an instalment that depends on an evaluation names both the "
			    "evaluation and the lowest grade that releases it");
		*sum += json_integer_value(amount);
	}
	return 0;
}

/* R-CON-2: the instalments sum exactly to the price. */
static int sum_err(sg_ctx *ctx, bool collect, const char *field, int64_t sum, int64_t price)
{
	const char *a = print_yuan(ctx, sum), *b = print_yuan(ctx, price),
		   *d = print_yuan(ctx, sum - price);
	if (d[0] == '-')
		d++;
	if (collect)
		return err_addf(ctx, SG_EINVAL, field, "R-CON-2",
				"分期支付金额合计 %s 元，与合同价款 %s 元相差 %s 元",
				"the instalments sum to %s yuan, the price is %s yuan: a "
				"difference of %s yuan",
				a, b, d);
	return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-CON-2",
			   "分期支付金额合计 %s 元，与合同价款 %s 元相差 %s 元",
			   "the instalments sum to %s yuan, the price is %s yuan: a difference of "
			   "%s yuan",
			   a, b, d);
}

static const char sql_del_instalments[] = "DELETE FROM instalments WHERE contract_id = ?";
static const char sql_add_instalment[] =
    "INSERT INTO instalments (contract_id, position, amount, due_on, evaluation, min_grade)"
    " VALUES (?, ?, ?, ?, ?, ?)";

static int write_instalments(sg_ctx *ctx, int64_t id, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = db_run(ctx->db, sql_del_instalments, "i", id);
	json_array_foreach(a, i, v)
	{
		if (rc)
			break;
		rc = db_run(ctx->db, sql_add_instalment, "iiittt", id, (int64_t)i + 1,
			    (int64_t)json_integer_value(json_object_get(v, "amount")),
			    json_string_value(json_object_get(v, "due_on")),
			    json_string_value(json_object_get(v, "evaluation")),
			    json_string_value(json_object_get(v, "min_grade")));
	}
	return rc;
}

static const char sql_code_taken[] = "SELECT COUNT(*) FROM contracts WHERE code = ? AND id <> ?";

/* A contract's public identifier: 1 to 40 characters, not another's. */
static int check_code(sg_ctx *ctx, const char *code, int64_t id)
{
	int64_t n = 0;
	int rc;
	if (utf8_blank(code) || strlen(code) > 40)
		return sg_err_set(&ctx->err, SG_EINVAL, "code", "R-CON-1",
				  "合同编号应为 1 至 40 个字符", "the code is 1 to 40 characters");
	if ((rc = db_one_int(ctx->db, &n, sql_code_taken, "ti", code, id)))
		return rc;
	if (n)
		return sg_err_set(&ctx->err, SG_ECONFLICT, "code", "R-CON-1", "合同编号已被使用",
				  "the code is taken");
	return 0;
}

static const char sql_update[] =
    "UPDATE contracts SET code = COALESCE(?, code),"
    " price = CASE WHEN ? < 0 THEN price ELSE ? END,"
    " start_on = CASE WHEN ? IS NULL THEN start_on WHEN ? = '' THEN NULL ELSE ? END,"
    " end_on = CASE WHEN ? IS NULL THEN end_on WHEN ? = '' THEN NULL ELSE ? END,"
    " subject = COALESCE(?, subject), quantity = COALESCE(?, quantity),"
    " quality = COALESCE(?, quality), term = COALESCE(?, term),"
    " payment_method = COALESCE(?, payment_method),"
    " breach_liability = COALESCE(?, breach_liability),"
    " dispute_resolution = COALESCE(?, dispute_resolution), updated_at = ? WHERE id = ?";
static const char sql_dates[] = "SELECT start_on, end_on FROM contracts WHERE id = ?";

/* The checks and SQL of create and update, once the row exists. */
static int write_fields(sg_ctx *ctx, int64_t id, const struct contract_fields *in,
			int64_t award_price)
{
	int rc = 0;
	db_stmt *s;
	if (in->code && (rc = check_code(ctx, in->code, id)))
		return rc;
	if (in->price >= 0 && (rc = check_price(ctx, "price", "R-CON-1", in->price, award_price)))
		return rc;
	if ((rc = check_date(ctx, "start_on", "R-CON-1", in->start_on)) ||
	    (rc = check_date(ctx, "end_on", "R-CON-1", in->end_on)))
		return rc;
	for (int c = 0; c < CLAUSE__MAX; c++)
		if (in->clauses[c] &&
		    utf8_count(in->clauses[c], strlen(in->clauses[c])) > CLAUSE_MAX_CHARS) {
			char zh[128], en[128];
			snprintf(zh, sizeof zh, "合同条款“%s”至多 %d 字", clauses[c].heading,
				 CLAUSE_MAX_CHARS);
			snprintf(en, sizeof en, "the clause \"%s\" is at most %d characters",
				 clauses[c].en, CLAUSE_MAX_CHARS);
			return sg_err_set(&ctx->err, SG_EINVAL, clauses[c].key, "R-CON-1", zh, en);
		}
	const char *const *k = in->clauses;
	rc = db_run(ctx->db, sql_update, "tiitttttttttttttii", in->code, in->price, in->price,
		    in->start_on, in->start_on, in->start_on, in->end_on, in->end_on, in->end_on,
		    k[0], k[1], k[2], k[3], k[4], k[5], k[6], ctx->now, id);
	if (rc || (rc = db_query(ctx->db, &s, sql_dates, "i", id)) || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : rc == DB_DONE ? no_contract(ctx) : 0;
	bool bad =
	    !db_is_null(s, 0) && !db_is_null(s, 1) && strcmp(db_text(s, 1), db_text(s, 0)) < 0;
	db_reset(s);
	if (bad)
		return sg_err_set(&ctx->err, SG_EINVAL, "end_on", "R-CON-1",
				  "服务期限的结束日期早于开始日期",
				  "the service period ends before it starts");
	return 0;
}

static const char sql_insert[] =
    "INSERT INTO contracts (code, project_id, award_id, provider_id, department_id,"
    " division_code, price, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
static const char sql_live_of[] =
    "SELECT COUNT(*) FROM contracts WHERE (award_id = ? OR project_id = ?)"
    " AND status <> 'terminated'";
static const char sql_seq[] = "SELECT COUNT(*) FROM contracts WHERE project_id = ?";

int contract_create(sg_ctx *ctx, const struct contract_fields *in, json_t **out)
{
	struct award_ref a;
	struct project_ref p;
	struct write w;
	int64_t id = 0, n = 0;
	int rc = perm_require(ctx, PERM_CONTRACT_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open_new(&w, ctx, &contract_write, "contract.create");
	if (!rc)
		rc = award_ref_managed(ctx, in->award_id, &a);
	if (!rc && strcmp(a.status, "withdrawn") == 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "award_id", "R-PROC-3",
				"该中标（成交）结果已撤销，不能据以签订合同",
				"the award was withdrawn: no contract can be made from it");
	if (!rc && (rc = project_ref_managed(ctx, a.project_id, &p)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "award_id", NULL, "中标（成交）结果不存在",
				"no such award");
	if (!rc && !(rc = budget_lock(ctx, p.budget_id)))
		rc = project_lock(ctx, p.id);
	if (!rc && strcmp(p.state, "procuring") != 0) {
		int i = enum_index(&project_states, p.state);
		char zh[256], en[256];
		snprintf(zh, sizeof zh, "项目当前为“%s”，只有采购中的项目可以起草合同",
			 i >= 0 ? project_states.values[i].zh : p.state);
		snprintf(en, sizeof en,
			 "the project is %s: only a project being procured gets a "
			 "contract",
			 i >= 0 ? project_states.values[i].en : p.state);
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "project", "R-PRJ-4", zh, en);
	}
	if (!rc && !(rc = db_one_int(ctx->db, &n, sql_live_of, "ii", a.id, p.id)) && n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "award_id", "R-CON-1",
				"该中标结果（项目）已有合同",
				"the award (the project) has a contract");
	int64_t price = in->price >= 0 ? in->price : a.price;
	if (!rc)
		rc = check_price(ctx, "price", "R-CON-1", price, a.price);
	/* A code of its own, or the project's code and the contract's number. */
	const char *code = in->code;
	if (!rc && !code && !(rc = db_one_int(ctx->db, &n, sql_seq, "i", p.id)))
		code = arena_printf(ctx->arena, "%s-HT%02lld", p.code, (long long)n + 1);
	if (!rc)
		rc = check_code(ctx, code, 0);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "tiiiitiii", code, p.id, a.id,
				a.provider_id, p.department_id, p.division_code, price, ctx->now,
				ctx->now);
	if (rc == SG_ECONFLICT && ctx->err.code != SG_ECONFLICT) /* the one-per-award index */
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "award_id", "R-CON-1",
				"该中标结果（项目）已有合同",
				"the award (the project) has a contract");
	if (!rc)
		rc = write_created(&w, id);
	if (!rc) {
		struct contract_fields f = *in;
		f.code = NULL; /* checked and inserted above */
		f.price = -1;
		rc = write_fields(ctx, id, &f, a.price);
	}
	return write_close(&w, rc, out);
}

static int award_price_of(sg_ctx *ctx, const struct facts *f, int64_t *out)
{
	return db_one_int(ctx->db, out, sql_award_price, "i", f->award_id);
}

int contract_update(sg_ctx *ctx, int64_t id, const struct contract_fields *in, json_t **out)
{
	struct facts f;
	struct write w;
	int64_t award_price = 0;
	int rc = perm_require(ctx, PERM_CONTRACT_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &contract_write, "contract.update", id);
	if (!rc)
		rc = read_facts(ctx, id, &f);
	if (!rc && strcmp(f.status, "draft") != 0)
		rc = wrong_status(ctx, f.status, "只有草稿可以修改", "only a draft can be changed");
	if (!rc)
		rc = award_price_of(ctx, &f, &award_price);
	if (!rc)
		rc = write_fields(ctx, id, in, award_price);
	return write_close(&w, rc, out);
}

int contract_instalments_set(sg_ctx *ctx, int64_t id, const json_t *items, json_t **out)
{
	struct facts f;
	struct write w;
	int64_t sum = 0;
	int rc = perm_require(ctx, PERM_CONTRACT_EDIT);

	*out = NULL;
	if (rc || (rc = check_instalments(ctx, "instalments", items, &sum)))
		return rc;
	rc = write_open(&w, ctx, &contract_write, "contract.instalments", id);
	if (!rc)
		rc = read_facts(ctx, id, &f);
	if (!rc && strcmp(f.status, "draft") != 0)
		rc = wrong_status(ctx, f.status, "只有草稿可以约定分期支付",
				  "only a draft's instalments can be set");
	if (!rc && sum != f.price)
		rc = sum_err(ctx, false, "instalments", sum, f.price);
	if (!rc)
		rc = write_instalments(ctx, id, items);
	return write_close(&w, rc, out);
}

/* -------------------------------------------------------------- actions */

static const char sql_instalment_sum[] =
    "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM instalments WHERE contract_id = ?";

/* R-PROC-3: a contract is signed only from a final award — the notice
 * over, no objection waiting for its reply: each its own refusal. */
static int check_award(sg_ctx *ctx, const struct facts *f)
{
	struct award_ref a;
	char today[11];
	int rc = award_ref_managed(ctx, f->award_id, &a);
	if (rc)
		return rc;
	clock_cst_date(ctx->now, today);
	if (strcmp(a.status, "withdrawn") == 0)
		return sg_err_set(&ctx->err, SG_ECONFLICT, "award_id", "R-PROC-3",
				  "该中标（成交）结果已撤销，不能签订合同",
				  "the award was withdrawn: the contract cannot be signed");
	if (strcmp(today, a.notice_end) <= 0)
		return sg_err_setf(&ctx->err, SG_ECONFLICT, "award_id", "R-PROC-3",
				   "中标（成交）结果公示期至 %s 结束，公示期内不得签订合同",
				   "the award's public notice runs until %s: no contract may be "
				   "signed during the notice",
				   a.notice_end);
	if (a.objections_pending)
		return sg_err_setf(
		    &ctx->err, SG_ECONFLICT, "award_id", "R-PROC-3",
		    "中标（成交）结果有 %lld 件异议尚未答复，异议处理完毕前不得签订合同",
		    "%lld objection(s) to the award wait for a reply: no contract may "
		    "be signed before they are answered",
		    (long long)a.objections_pending);
	return 0;
}

/* What submission and signing check (docs/PURCHASE.md "Contracts"): the
 * award first (a refusal of its own), then every gap one error. */
static int check_signable(sg_ctx *ctx, const struct facts *f)
{
	db_stmt *s;
	int rc = check_award(ctx, f);
	if (rc)
		return rc;
	for (int c = 0; c < CLAUSE__MAX; c++)
		if (utf8_blank(f->clause[c])) {
			char zh[128], en[128];
			snprintf(zh, sizeof zh, "请填写合同必备条款“%s”", clauses[c].heading);
			snprintf(en, sizeof en, "the mandatory clause \"%s\" is missing",
				 clauses[c].en);
			err_add(ctx, SG_EINVAL, clauses[c].key, "R-CON-1", zh, en);
		}
	if (!f->start[0])
		err_add(ctx, SG_EINVAL, "start_on", "R-CON-1", "请填写服务期限的开始日期",
			"give the start of the service period");
	if (!f->end[0])
		err_add(ctx, SG_EINVAL, "end_on", "R-CON-1", "请填写服务期限的结束日期",
			"give the end of the service period");
	if (f->start[0] && f->end[0] && strcmp(f->end, f->start) < 0)
		err_add(ctx, SG_EINVAL, "end_on", "R-CON-1", "服务期限的结束日期早于开始日期",
			"the service period ends before it starts");
	else if (f->start[0] && f->end[0] && (rc = check_term(ctx, f, "end_on", f->start, f->end)))
		return rc;
	if ((rc = db_query(ctx->db, &s, sql_instalment_sum, "i", f->id)) ||
	    (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	int64_t count = db_int(s, 0), sum = db_int(s, 1);
	db_reset(s);
	if (!count)
		err_add(ctx, SG_EINVAL, "instalments", "R-CON-2", "请约定分期支付安排",
			"set the payment instalments");
	else if (sum != f->price)
		sum_err(ctx, true, "instalments", sum, f->price);
	return err_collected(ctx);
}

/* R-PRJ-2: a price above the project's amount still fits the budget. */
static int check_budget(sg_ctx *ctx, const struct facts *f)
{
	struct budget_figures b;
	int rc = budget_figures_get(ctx, f->budget_id, &b);
	if (rc || b.left >= 0)
		return rc;
	return sg_err_setf(&ctx->err, SG_ECONFLICT, "price", "R-PRJ-2",
			   "年度预算余额不足：签订后已承诺 %s 元，超出预算 %s 元",
			   "the budget cannot cover it: %s yuan would be committed, %s over the "
			   "budget",
			   print_yuan(ctx, b.committed), print_yuan(ctx, -b.left));
}

static const char sql_project_stations[] =
    "SELECT station_id FROM project_stations WHERE project_id = ? ORDER BY station_id";
enum { STATIONS_MAX = 200 };

/* A station-operation project: the provider operates each of its stations
 * for the contract's term. */
static int operate_stations(sg_ctx *ctx, const struct facts *f)
{
	int64_t ids[STATIONS_MAX];
	size_t n = 0;
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_project_stations, "i", f->project_id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (n < STATIONS_MAX)
			ids[n++] = db_int(s, 0);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if ((rc = station_operator_contract(ctx, ids[i], f->provider_id, f->id, f->start,
						    f->end)))
			return rc;
	return 0;
}

static const char sql_submitted[] = "UPDATE contracts SET status = 'pending', made_by = ?,"
				    " updated_at = ? WHERE id = ?";
static const char sql_signed[] = "UPDATE contracts SET status = 'signed', signed_on = ?,"
				 " signed_by = ?, updated_at = ? WHERE id = ?";
static const char sql_returned[] =
    "UPDATE contracts SET status = 'draft', updated_at = ? WHERE id = ?";

static const struct {
	const char *name, *from, *need_zh, *need_en;
	enum perm perm;
} moves[CONTRACT_ACTION__MAX] = {
    [CONTRACT_SUBMIT] = {"submit", "draft", "只有草稿可以提交签订审核",
			 "only a draft can be submitted", PERM_CONTRACT_EDIT},
    [CONTRACT_SIGN] = {"sign", "pending", "只有待签订的合同可以签订",
		       "only a contract awaiting signature can be signed", PERM_CONTRACT_SIGN},
    [CONTRACT_RETURN] = {"return", "pending", "只有待签订的合同可以退回",
			 "only a contract awaiting signature can be returned", PERM_CONTRACT_SIGN},
};

int contract_act(sg_ctx *ctx, int64_t id, enum contract_action a, const char *reason, json_t **out)
{
	struct write w;
	struct facts f;
	char today[11];
	int rc;

	*out = NULL;
	assert(a >= 0 && a < CONTRACT_ACTION__MAX);
	if ((rc = perm_require(ctx, moves[a].perm)))
		return rc;
	if (a == CONTRACT_RETURN && (rc = check_reason(ctx, "R-FLOW-1", reason)))
		return rc;
	rc = write_open(&w, ctx, &contract_write,
			arena_printf(ctx->arena, "contract.%s", moves[a].name), id);
	if (!rc)
		rc = read_facts(ctx, id, &f);
	if (!rc && strcmp(f.status, moves[a].from) != 0)
		rc = wrong_status(ctx, f.status, moves[a].need_zh, moves[a].need_en);
	clock_cst_date(ctx->now, today);
	switch (rc ? CONTRACT_ACTION__MAX : a) {
	case CONTRACT_SUBMIT:
		if (!(rc = check_signable(ctx, &f)) &&
		    !(rc = db_run(ctx->db, sql_submitted, "iii", ctx->actor.user_id, ctx->now, id)))
			rc = approval_request(ctx, "contract", id, f.project_id, f.division);
		break;
	case CONTRACT_SIGN:
		if (!(rc = approval_check(ctx, "contract", id)) &&
		    !(rc = check_signable(ctx, &f)) &&
		    !(rc = project_move(ctx, f.project_id, "procuring", "contracted")) &&
		    !(rc = db_run(ctx->db, sql_signed, "tiii", today, ctx->actor.user_id, ctx->now,
				  id)) &&
		    !(rc = check_budget(ctx, &f)) &&
		    !(rc = approval_decide(ctx, "contract", id, "approved", NULL)) &&
		    f.station_operation)
			rc = operate_stations(ctx, &f);
		break;
	case CONTRACT_RETURN:
		if (!(rc = approval_check(ctx, "contract", id)) &&
		    !(rc = db_run(ctx->db, sql_returned, "ii", ctx->now, id)))
			rc = approval_decide(ctx, "contract", id, "returned", reason);
		break;
	default:
		break;
	}
	return write_close(&w, rc, out);
}

/* ------------------------------------------------------------ amendments */

static const char sql_pending_amendment[] =
    "SELECT COUNT(*) FROM amendments WHERE contract_id = ? AND status = 'pending'";
static const char sql_next_version[] =
    "SELECT COALESCE(MAX(version), 0) + 1 FROM amendments WHERE contract_id = ?";
static const char sql_insert_amendment[] =
    "INSERT INTO amendments (contract_id, version, reason, changes, made_by, made_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_instalments_plain[] =
    "SELECT amount, due_on, evaluation, min_grade, status FROM instalments"
    " WHERE contract_id = ? ORDER BY position";

/* The contract's instalments as an amendment states them, and whether one
 * of them is no longer planned (released, withheld, paid). */
static int instalments_plain(sg_ctx *ctx, int64_t id, json_t **out, bool *started)
{
	db_stmt *s;
	json_t *a = json_array();
	int rc = db_query(ctx->db, &s, sql_instalments_plain, "i", id);
	*started = false;
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *o = json_pack("{s:I}", "amount", (json_int_t)db_int(s, 0));
		if (!db_is_null(s, 1))
			json_object_set_new_nocheck(o, "due_on", json_string(db_text(s, 1)));
		if (!db_is_null(s, 2)) {
			json_object_set_new_nocheck(o, "evaluation", json_string(db_text(s, 2)));
			json_object_set_new_nocheck(o, "min_grade", json_string(db_text(s, 3)));
		}
		if (strcmp(db_text(s, 4), "planned") != 0)
			*started = true;
		json_array_append_new(a, o);
	}
	if (rc < 0) {
		json_decref(a);
		*out = NULL;
		return rc;
	}
	*out = a;
	return 0;
}

/* The instalments as they are stored, without nulls: [{amount, due_on?,
 * evaluation?, min_grade?}] from a request's list. */
static json_t *instalments_clean(const json_t *a)
{
	size_t i;
	json_t *v, *out = json_array();
	json_array_foreach(a, i, v)
	{
		json_t *o = json_object();
		const char *keys[] = {"amount", "due_on", "evaluation", "min_grade"};
		for (size_t k = 0; k < 4; k++) {
			json_t *x = json_object_get(v, keys[k]);
			if (x && !json_is_null(x))
				json_object_set_nocheck(o, keys[k], x);
		}
		json_array_append_new(out, o);
	}
	return out;
}

static int change_err(sg_ctx *ctx, const char *key, const char *rule, const char *zh,
		      const char *en)
{
	char field[80];
	snprintf(field, sizeof field, "changes.%s", key);
	return sg_err_set(&ctx->err, SG_EINVAL, field, rule, zh, en);
}

/* The diff {field: [old, new]} of changes against contract f, checked
 * (contract.h contract_amend). */
static int amendment_diff(sg_ctx *ctx, const struct facts *f, const json_t *changes, json_t *diff)
{
	const char *key;
	json_t *v;
	int64_t award_price = 0;
	int rc = award_price_of(ctx, f, &award_price);
	const char *start = f->start, *end = f->end;
	int64_t price = f->price;
	const json_t *instalments = NULL;

	if (rc)
		return rc;
	if (!json_is_object(changes) || !json_object_size(changes))
		return sg_err_set(&ctx->err, SG_EINVAL, "changes", "R-CON-3", "请写明变更的内容",
				  "state what changes");
	json_object_foreach((json_t *)changes, key, v)
	{
		int c;
		for (c = 0; c < CLAUSE__MAX && strcmp(key, clauses[c].key) != 0; c++)
			;
		if (strcmp(key, "provider_id") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) != f->provider_id)
				return change_err(
				    ctx, key, "R-CON-3",
				    "不得转包：承接主体不得将合同整体转给其他主体，合同变更不能更换"
				    "承接主体",
				    "subcontracting the whole is not allowed: an amendment cannot "
				    "change the provider");
		} else if (strcmp(key, "price") == 0) {
			if (!json_is_integer(v))
				return change_err(ctx, key, "R-CON-3",
						  "合同价款应为正整数（单位：分）",
						  "the price is a positive integer of fen");
			char field[32] = "changes.price";
			if ((rc = check_price(ctx, field, "R-CON-3", json_integer_value(v),
					      award_price)))
				return rc;
			price = json_integer_value(v);
			if (price != f->price)
				json_object_set_new_nocheck(
				    diff, key,
				    json_pack("[I,I]", (json_int_t)f->price, (json_int_t)price));
		} else if (strcmp(key, "start_on") == 0 || strcmp(key, "end_on") == 0) {
			const char *d = json_string_value(v);
			if (!d || !clock_date_valid(d))
				return change_err(ctx, key, "R-CON-3",
						  "日期应为 YYYY-MM-DD 格式的日期",
						  "a date must be YYYY-MM-DD");
			const char *old = key[0] == 's' ? f->start : f->end;
			if (key[0] == 's')
				start = d;
			else
				end = d;
			if (strcmp(old, d) != 0)
				json_object_set_new_nocheck(
				    diff, key,
				    json_pack("[o,s]", old[0] ? json_string(old) : json_null(), d));
		} else if (c < CLAUSE__MAX) {
			const char *t = json_string_value(v);
			if (utf8_blank(t) || utf8_count(t, strlen(t)) > CLAUSE_MAX_CHARS)
				return change_err(
				    ctx, key, "R-CON-1", "合同必备条款不能为空（至多 5000 字）",
				    "a mandatory clause cannot be empty (at most 5000 "
				    "characters)");
			if (strcmp(t, f->clause[c]) != 0)
				json_object_set_new_nocheck(diff, key,
							    json_pack("[s,s]", f->clause[c], t));
		} else if (strcmp(key, "instalments") == 0) {
			instalments = v;
		} else {
			return change_err(ctx, key, "R-CON-3", "该项不能通过合同变更修改",
					  "this cannot be changed by an amendment");
		}
	}
	if (strcmp(end, start) < 0)
		return change_err(ctx, "end_on", "R-CON-1", "服务期限的结束日期早于开始日期",
				  "the service period ends before it starts");
	if ((json_object_get(diff, "start_on") || json_object_get(diff, "end_on")) &&
	    (rc = check_term(ctx, f, "changes.end_on", start, end)))
		return rc;
	if ((rc = err_collected(ctx)))
		return rc;
	json_t *old_list = NULL;
	bool started = false;
	int64_t sum = 0;
	if ((rc = instalments_plain(ctx, f->id, &old_list, &started)))
		return rc;
	if (instalments) {
		if ((rc = check_instalments(ctx, "changes.instalments", instalments, &sum))) {
			json_decref(old_list);
			return rc;
		}
		json_t *now = instalments_clean(instalments);
		if (!json_equal(now, old_list)) {
			if (started) {
				json_decref(old_list);
				json_decref(now);
				return sg_err_set(
				    &ctx->err, SG_ECONFLICT, "changes.instalments", "R-CON-3",
				    "已放款、暂缓或已支付的分期不能变更",
				    "instalments are released, withheld or paid: they "
				    "cannot change");
			}
			json_object_set_new_nocheck(diff, "instalments",
						    json_pack("[O,o]", old_list, now));
		} else {
			json_decref(now);
		}
	} else {
		size_t i;
		json_t *x;
		json_array_foreach(old_list, i, x) sum +=
		    json_integer_value(json_object_get(x, "amount"));
	}
	json_decref(old_list);
	if (sum != price)
		return sum_err(ctx, false, "changes.instalments", sum, price);
	if (!json_object_size(diff))
		return sg_err_set(&ctx->err, SG_EINVAL, "changes", "R-CON-3",
				  "变更内容与现行合同相同", "nothing differs from the contract");
	return 0;
}

int contract_amend(sg_ctx *ctx, int64_t id, const char *reason, const json_t *changes, json_t **out)
{
	struct write w;
	struct facts f;
	int64_t n = 0, version = 0, aid = 0;
	int rc = perm_require(ctx, PERM_CONTRACT_EDIT);

	*out = NULL;
	if (rc || (rc = check_reason(ctx, "R-CON-3", reason)))
		return rc;
	json_t *diff = json_object();
	rc = write_open(&w, ctx, &contract_write, "contract.amend", id);
	if (!rc)
		rc = read_facts(ctx, id, &f);
	if (!rc && strcmp(f.status, "signed") != 0)
		rc = wrong_status(ctx, f.status, "只有已签订的合同可以变更",
				  "only a signed contract can be amended");
	if (!rc && !(rc = db_one_int(ctx->db, &n, sql_pending_amendment, "i", id)) && n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-FLOW-1",
				"已有待复核的合同变更", "an amendment is already pending");
	if (!rc)
		rc = amendment_diff(ctx, &f, changes, diff);
	if (!rc)
		rc = db_one_int(ctx->db, &version, sql_next_version, "i", id);
	if (!rc) {
		char *text = json_dumps(diff, JSON_COMPACT | JSON_SORT_KEYS);
		rc = db_one_int(ctx->db, &aid, sql_insert_amendment, "iittii", id, version, reason,
				text, ctx->actor.user_id, ctx->now);
		jsonmem_free(text);
	}
	if (!rc)
		rc = approval_request(ctx, "amendment", aid, f.project_id, f.division);
	json_decref(diff);
	return write_close(&w, rc, out);
}

static const char sql_amendment_of[] =
    "SELECT m.contract_id FROM amendments m JOIN contracts c ON c.id = m.contract_id"
    " WHERE m.id = ? AND " CONTRACT_MANAGED;
static const char sql_amendment[] = "SELECT status, changes FROM amendments WHERE id = ?";
static const char sql_apply[] =
    "UPDATE contracts SET price = COALESCE(?, price), start_on = COALESCE(?, start_on),"
    " end_on = COALESCE(?, end_on), subject = COALESCE(?, subject),"
    " quantity = COALESCE(?, quantity), quality = COALESCE(?, quality),"
    " term = COALESCE(?, term), payment_method = COALESCE(?, payment_method),"
    " breach_liability = COALESCE(?, breach_liability),"
    " dispute_resolution = COALESCE(?, dispute_resolution), version = version + 1,"
    " updated_at = ? WHERE id = ?";
static const char sql_decide_amendment[] =
    "UPDATE amendments SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?";

/* The new value of member key of an amendment's diff, or NULL. */
static const json_t *new_value(const json_t *diff, const char *key)
{
	return json_array_get(json_object_get(diff, key), 1);
}

/* Opens the checker's write on amendment id's contract: the contract's
 * locks and old value, the amendment's changes (owned) into *diff. */
static int open_amendment(struct write *w, sg_ctx *ctx, const char *action, int64_t id,
			  struct facts *f, json_t **diff)
{
	db_stmt *s;
	int64_t cid = 0;
	json_t *old = NULL;
	*diff = NULL;
	int rc = write_open_new(w, ctx, &contract_write, action);
	if (!rc && (rc = scope_one_int(ctx, &cid, sql_amendment_of, "i", id)) == SG_ENOTFOUND)
		return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "合同变更不存在",
				  "no such amendment");
	if (!rc)
		rc = lock(ctx, cid);
	if (!rc && !(rc = snapshot(ctx, cid, &old)))
		write_set_old(w, old);
	if (!rc)
		rc = write_created(w, cid);
	if (!rc)
		rc = read_facts(ctx, cid, f);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_amendment, "i", id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		bool pending = strcmp(db_text(s, 0), "pending") == 0;
		*diff = json_loads(db_text(s, 1), 0, NULL);
		db_reset(s);
		rc = !*diff ? SG_EINTERNAL
		     : pending
			 ? 0
			 : sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-FLOW-1",
				      "该合同变更不在待复核状态", "the amendment is not pending");
	} else if (rc == DB_DONE) {
		rc = SG_EINTERNAL;
	}
	if (!rc)
		rc = approval_check(ctx, "amendment", id);
	return rc;
}

int amendment_approve(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct write w;
	struct facts f;
	json_t *diff = NULL;
	int rc = perm_require(ctx, PERM_CONTRACT_SIGN);

	*out = NULL;
	if (rc)
		return rc;
	rc = open_amendment(&w, ctx, "contract.amendment_approve", id, &f, &diff);
	if (!rc && strcmp(f.status, "signed") != 0)
		rc = wrong_status(ctx, f.status, "只有已签订的合同可以变更",
				  "only a signed contract can be amended");
	/* Checked again under the locks: the award's price, the term rule. */
	const json_t *price = new_value(diff, "price");
	int64_t award_price = 0;
	if (!rc && price && !(rc = award_price_of(ctx, &f, &award_price)))
		rc = check_price(ctx, "changes.price", "R-CON-3", json_integer_value(price),
				 award_price);
	const char *start = json_string_value(new_value(diff, "start_on"));
	const char *end = json_string_value(new_value(diff, "end_on"));
	if (!rc && (start || end) &&
	    !(rc = check_term(ctx, &f, "changes.end_on", start ? start : f.start,
			      end ? end : f.end)))
		rc = err_collected(ctx);
	if (!rc) {
		const char *k[CLAUSE__MAX];
		for (int c = 0; c < CLAUSE__MAX; c++)
			k[c] = json_string_value(new_value(diff, clauses[c].key));
		rc = db_run(ctx->db, sql_apply, "Itttttttttii",
			    price ? (int64_t)json_integer_value(price) : (int64_t)0, start, end,
			    k[0], k[1], k[2], k[3], k[4], k[5], k[6], ctx->now, f.id);
	}
	const json_t *instalments = new_value(diff, "instalments");
	if (!rc && instalments)
		rc = write_instalments(ctx, f.id, instalments);
	if (!rc && price)
		rc = check_budget(ctx, &f);
	if (!rc)
		rc = db_run(ctx->db, sql_decide_amendment, "tiii", "approved", ctx->actor.user_id,
			    ctx->now, id);
	if (!rc)
		rc = approval_decide(ctx, "amendment", id, "approved", NULL);
	json_decref(diff);
	return write_close(&w, rc, out);
}

int amendment_return(sg_ctx *ctx, int64_t id, const char *reason, json_t **out)
{
	struct write w;
	struct facts f;
	json_t *diff = NULL;
	int rc = perm_require(ctx, PERM_CONTRACT_SIGN);

	*out = NULL;
	if (rc || (rc = check_reason(ctx, "R-FLOW-1", reason)))
		return rc;
	rc = open_amendment(&w, ctx, "contract.amendment_return", id, &f, &diff);
	if (!rc)
		rc = db_run(ctx->db, sql_decide_amendment, "tiii", "returned", ctx->actor.user_id,
			    ctx->now, id);
	if (!rc)
		rc = approval_decide(ctx, "amendment", id, "returned", reason);
	json_decref(diff);
	return write_close(&w, rc, out);
}

/* ------------------------------------------------------------------ print */

/* The digits and units of amounts in capital numerals (大写). */
static const char *const capital_digits[10] = {"零", "壹", "贰", "叁", "肆",
					       "伍", "陆", "柒", "捌", "玖"};
static const char *const capital_units[4] = {"", "拾", "佰", "仟"};
static const char *const capital_groups[3] = {"", "万", "亿"};

int contract_amount_capital(int64_t fen, char *out, size_t n)
{
	sg_buf b;
	int rc = 0;
	if (fen < 0 || fen > MONEY_MAX || n == 0)
		return SG_EINVAL;
	buf_init(&b, n - 1);
	int64_t yuan_part = fen / 100;
	int jiao = (int)(fen / 10 % 10), cents = (int)(fen % 10);
	if (yuan_part > 0) {
		/* Groups of four digits, from the highest; a zero (or run of
		 * zeros) between digits is written once as 零. */
		int groups[3] = {(int)(yuan_part / 100000000), (int)(yuan_part / 10000 % 10000),
				 (int)(yuan_part % 10000)};
		bool started = false, zero = false;
		for (int g = 0; g < 3; g++) {
			int v = groups[g];
			if (v == 0) {
				if (started)
					zero = true;
				continue;
			}
			for (int d = 3; d >= 0; d--) {
				int digit = v /
					    (d == 3   ? 1000
					     : d == 2 ? 100
					     : d == 1 ? 10
						      : 1) %
					    10;
				if (digit == 0) {
					if (started)
						zero = true;
					continue;
				}
				if (zero)
					rc = rc ? rc : buf_puts(&b, "零");
				zero = false;
				started = true;
				rc = rc ? rc : buf_puts(&b, capital_digits[digit]);
				rc = rc ? rc : buf_puts(&b, capital_units[d]);
			}
			rc = rc ? rc : buf_puts(&b, capital_groups[2 - g]);
		}
		rc = rc ? rc : buf_puts(&b, "元");
	}
	if (jiao == 0 && cents == 0) {
		rc = rc ? rc : buf_puts(&b, yuan_part > 0 ? "整" : "零元整");
	} else {
		if (jiao) {
			rc = rc ? rc : buf_puts(&b, capital_digits[jiao]);
			rc = rc ? rc : buf_puts(&b, "角");
		} else if (yuan_part > 0) {
			rc = rc ? rc : buf_puts(&b, "零");
		}
		if (cents) {
			rc = rc ? rc : buf_puts(&b, capital_digits[cents]);
			rc = rc ? rc : buf_puts(&b, "分");
		} else {
			rc = rc ? rc : buf_puts(&b, "整");
		}
	}
	if (!rc)
		snprintf(out, n, "%s", b.p ? b.p : "");
	buf_free(&b);
	return rc;
}

static int print_html(sg_ctx *ctx, const json_t *c, sg_buf *b)
{
	char capital[256];
	int rc;
	int64_t price = json_integer_value(json_object_get(c, "price"));
	const char *code = json_string_value(json_object_get(c, "code"));
	const json_t *project = json_object_get(c, "project");
	const char *dep =
	    json_string_value(json_object_get(json_object_get(c, "department"), "name"));
	const char *prov =
	    json_string_value(json_object_get(json_object_get(c, "provider"), "name"));
	if ((rc = contract_amount_capital(price, capital, sizeof capital)))
		return rc;
#define PUT(s)	    (rc = rc ? rc : buf_puts(b, s))
#define ESC(s)	    (rc = rc ? rc : print_escaped(b, s, false))
#define ESC_TEXT(s) (rc = rc ? rc : print_escaped(b, s, true))
	rc = print_begin(b, arena_printf(ctx->arena, "政府购买服务合同 %s", code));
	PUT("<h1>政府购买服务合同</h1>\n<p class=\"code\">合同编号：");
	ESC(code);
	if (json_integer_value(json_object_get(c, "version")) > 1) {
		PUT("（第 ");
		PUT(arena_printf(ctx->arena, "%lld",
				 (long long)json_integer_value(json_object_get(c, "version"))));
		PUT(" 版）");
	}
	PUT("</p>\n<p>项目名称：");
	ESC(json_string_value(json_object_get(project, "name")));
	PUT("（项目编号：");
	ESC(json_string_value(json_object_get(project, "code")));
	PUT("）</p>\n<p>甲方（购买主体）：");
	ESC(dep);
	PUT("</p>\n<p>乙方（承接主体）：");
	ESC(prov);
	PUT("</p>\n<p>合同价款：人民币 ");
	PUT(print_yuan(ctx, price));
	PUT(" 元（大写：");
	ESC(capital);
	PUT("）</p>\n<p>服务期限：");
	PUT(print_date_zh(ctx, json_string_value(json_object_get(c, "start_on"))));
	PUT("至");
	PUT(print_date_zh(ctx, json_string_value(json_object_get(c, "end_on"))));
	PUT("</p>\n");
	for (int k = 0; k < CLAUSE__MAX; k++) {
		PUT("<h2>");
		PUT(clauses[k].heading);
		PUT("</h2>\n<p>");
		ESC_TEXT(json_string_value(json_object_get(c, clauses[k].key)));
		PUT("</p>\n");
	}
	PUT("<h2>附：分期支付安排</h2>\n<table><thead><tr><th>期次</th><th>金额（元）</th>"
	    "<th>大写</th><th>支付时间</th><th>支付条件</th></tr></thead><tbody>\n");
	size_t i;
	json_t *ins;
	json_array_foreach(json_object_get(c, "instalments"), i, ins)
	{
		int64_t amount = json_integer_value(json_object_get(ins, "amount"));
		const char *due = json_string_value(json_object_get(ins, "due_on"));
		const char *ev = json_string_value(json_object_get(ins, "evaluation"));
		const char *gr = json_string_value(json_object_get(ins, "min_grade"));
		if (!rc && (rc = contract_amount_capital(amount, capital, sizeof capital)))
			break;
		PUT(arena_printf(ctx->arena,
				 "<tr><td>第 %zu 期</td><td class=\"amount\">%s</td><td>", i + 1,
				 print_yuan(ctx, amount)));
		ESC(capital);
		PUT("</td><td>");
		PUT(due ? print_date_zh(ctx, due) : "—");
		PUT("</td><td>");
		if (ev) {
			ESC(enum_zh(&instalment_evaluations, ev));
			PUT("等级达到“");
			ESC(enum_zh(&instalment_grades, gr));
			PUT("”及以上");
		} else {
			PUT("按合同约定");
		}
		PUT("</td></tr>\n");
	}
	PUT("</tbody></table>\n<div class=\"signatures\"><div><p>甲方（盖章）：");
	ESC(dep);
	PUT("</p><p>法定代表人或授权代表（签字）：</p><p>日期：");
	PUT(print_date_zh(ctx, json_string_value(json_object_get(c, "signed_on"))));
	PUT("</p></div><div><p>乙方（盖章）：");
	ESC(prov);
	PUT("</p><p>法定代表人或授权代表（签字）：</p><p>日期：");
	PUT(print_date_zh(ctx, json_string_value(json_object_get(c, "signed_on"))));
	PUT("</p></div></div>\n");
	rc = rc ? rc : print_end(b);
#undef PUT
#undef ESC
#undef ESC_TEXT
	return rc;
}

int contract_print(sg_ctx *ctx, int64_t id, char **out, size_t *len)
{
	json_t *c = NULL;
	sg_buf b;
	int rc = contract_get(ctx, id, &c);

	*out = NULL;
	*len = 0;
	if (rc)
		return rc;
	buf_init(&b, PRINT_MAX);
	rc = print_html(ctx, c, &b);
	json_decref(c);
	if (rc) {
		buf_free(&b);
		return sg_err_set(&ctx->err, rc, NULL, NULL, "生成合同文本失败",
				  "the contract could not be printed");
	}
	*out = b.p;
	*len = b.len;
	return 0;
}
