/*
 * budget.c — annual budgets and the departments that hold them
 * (budget.h).
 *
 * Locking: a write that commits on a budget (a project's approval, a
 * contract's signing, a budget's change) takes the budget's row first,
 * then the project's (domain/project.c), and sums the commitments under
 * it.
 */
#include "domain/budget.h"

#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/check.h"
#include "domain/eligibility.h"
#include "domain/org.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

static const struct enum_value budget_actions_values[] = {
    {"budget.create", "编制年度预算", "create a budget"},
    {"budget.update", "调整年度预算", "change a budget"},
};
const struct enum_def budget_actions = ENUM_DEF("audit.action", budget_actions_values);

/* The states in which a project draws on its budget (domain/project.c). */
#define COMMITTING "('approved', 'procuring', 'contracted', 'in_service', 'evaluating', 'closed')"
/* A committed project's live contract. */
#define LIVE_CONTRACT "c.project_id = p.id AND c.status IN ('signed', 'ended')"

static const char sql_department[] =
    "SELECT o.type, o.division_code FROM orgs o WHERE o.id = ? AND " SCOPE_DIVISION(
	"o.division_code");
static const char sql_lock[] = "UPDATE budgets SET updated_at = updated_at WHERE id = ?";
static const char sql_figures[] =
    "SELECT b.amount,"
    " (SELECT COALESCE(SUM(COALESCE(c.price, p.amount)), 0) FROM projects p"
    "   LEFT JOIN contracts c ON " LIVE_CONTRACT
    "   WHERE p.budget_id = b.id AND p.state IN " COMMITTING "),"
    " (SELECT COALESCE(SUM(c.price), 0) FROM projects p JOIN contracts c ON " LIVE_CONTRACT
    "   WHERE p.budget_id = b.id),"
    " (SELECT COALESCE(SUM(i.amount), 0) FROM projects p JOIN contracts c ON " LIVE_CONTRACT
    "   JOIN instalments i ON i.contract_id = c.id AND i.status = 'paid'"
    "   WHERE p.budget_id = b.id)"
    " FROM budgets b WHERE b.id = ?";
static const char sql_of[] = "SELECT id FROM budgets WHERE department_id = ? AND year = ?";

#define BUDGET_COLUMNS(X)                                                                          \
	X(BU_ID, "b.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(BU_DEPARTMENT_ID, "b.department_id", NULL, COL_HIDDEN, DC_PUBLIC)                        \
	X(BU_DEPARTMENT_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                               \
	X(BU_DIVISION, "b.division_code", "division_code", COL_TEXT, DC_PUBLIC)                    \
	X(BU_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(BU_YEAR, "b.year", "year", COL_INT, DC_PUBLIC)                                           \
	X(BU_AMOUNT, "b.amount", "amount", COL_INT, DC_PUBLIC)                                     \
	X(BU_SOURCE, "b.source", "source", COL_TEXT, DC_PUBLIC)                                    \
	X(BU_CREATED_AT, "b.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(BU_UPDATED_AT, "b.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { BU__FIRST, BUDGET_COLUMNS(COLUMN_ENUM) BU__MAX };
static const struct col_table budget_table = COLUMNS_TABLE("budget", BUDGET_COLUMNS, BU__MAX);

#define BUDGET_SELECT                                                                              \
	"SELECT " COLUMNS_SELECT(BUDGET_COLUMNS) " FROM budgets b"                                 \
						 " JOIN orgs o ON o.id = b.department_id"          \
						 " JOIN divisions d ON d.code = b.division_code"
#define VISIBLE SCOPE_DIVISION("b.division_code")
static const char sql_get[] = BUDGET_SELECT " WHERE b.id = ? AND " VISIBLE;
#define LIST_WHERE " WHERE (? = 0 OR b.year = ?) AND (? = 0 OR b.department_id = ?) AND " VISIBLE
static const char sql_list[] = BUDGET_SELECT LIST_WHERE " AND b.id > ? ORDER BY b.id LIMIT ?";
static const char sql_count[] = "SELECT COUNT(*) FROM budgets b" LIST_WHERE;
static const char sql_commitments[] =
    "SELECT p.id, p.code, p.name, p.state, p.amount, c.price,"
    " (SELECT COALESCE(SUM(i.amount), 0) FROM instalments i WHERE i.contract_id = c.id"
    "   AND i.status = 'paid')"
    " FROM projects p LEFT JOIN contracts c ON " LIVE_CONTRACT
    " WHERE p.budget_id = ? AND p.state IN " COMMITTING " ORDER BY p.id";
static const char sql_insert[] =
    "INSERT INTO budgets (department_id, division_code, year, amount, source, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_update[] =
    "UPDATE budgets SET amount = ?, source = COALESCE(?, source), updated_at = ? WHERE id = ?";
static const char sql_exists[] =
    "SELECT COUNT(*) FROM budgets WHERE department_id = ? AND year = ?";

/* The organisation types that purchase (MOF Order No. 102 art. 5). */
static bool purchasing_type(const char *type)
{
	return type && (strcmp(type, "civil_affairs") == 0 || strcmp(type, "government") == 0);
}

int department_get(sg_ctx *ctx, const char *field, int64_t id, int year, struct department_ref *out)
{
	db_stmt *s;
	char type[32];
	bool eligible = false;
	int rc = db_query(ctx->db, &s, sql_department, "i", id);

	memset(out, 0, sizeof *out);
	if (!rc)
		rc = scope_bind(s, &ctx->actor);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, field, "R-ROLE-1",
					   "购买主体不存在", "no such department");
	snprintf(type, sizeof type, "%s", db_text(s, 0));
	snprintf(out->division_code, sizeof out->division_code, "%s", db_text(s, 1));
	db_reset(s);
	out->id = id;
	if (!purchasing_type(type))
		return sg_err_set(&ctx->err, SG_EINVAL, field, "R-ORG-3",
				  "购买主体应为民政部门或其他国家机关",
				  "the purchaser must be a civil affairs department or another "
				  "government body");
	if ((rc = eligibility_verdict(ctx, id, ORG_PURCHASER, out->division_code, year, &eligible)))
		return rc;
	if (!eligible)
		return sg_err_set(&ctx->err, SG_EINVAL, field, "R-ORG-4",
				  "该机关不具备购买主体资格（见资格判定）",
				  "this body is not an eligible purchaser (see its eligibility)");
	return 0;
}

int budget_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

int budget_figures_get(sg_ctx *ctx, int64_t id, struct budget_figures *out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_figures, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_ENOTFOUND;
	out->amount = db_int(s, 0);
	out->committed = db_int(s, 1);
	out->contracted = db_int(s, 2);
	out->paid = db_int(s, 3);
	out->left = out->amount - out->committed;
	db_reset(s);
	return 0;
}

int budget_of(sg_ctx *ctx, int64_t department_id, int year, int64_t *out)
{
	int rc = db_one_int(ctx->db, out, sql_of, "ii", department_id, (int64_t)year);
	if (rc == SG_ENOTFOUND) {
		*out = 0;
		return 0;
	}
	return rc;
}

static void set_figures(json_t *o, const struct budget_figures *f)
{
	json_object_set_new_nocheck(o, "committed", json_integer(f->committed));
	json_object_set_new_nocheck(o, "contracted", json_integer(f->contracted));
	json_object_set_new_nocheck(o, "paid", json_integer(f->paid));
	json_object_set_new_nocheck(o, "left", json_integer(f->left));
}

static int no_budget(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "预算不存在", "no such budget");
}

/* Budget id in the actor's scope, in detail. */
static int load(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	json_t *o = NULL;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_budget(ctx);
	/* The figures are a query of their own: finish this row first. */
	json_t *row = row_object(s, &budget_table, 0);
	json_object_set_new_nocheck(row, "department",
				    json_pack("{s:I,s:s}", "id",
					      (json_int_t)db_int(s, BU_DEPARTMENT_ID), "name",
					      db_text(s, BU_DEPARTMENT_NAME)));
	db_reset(s);
	struct budget_figures f;
	if ((rc = budget_figures_get(ctx, id, &f))) {
		json_decref(row);
		return rc;
	}
	set_figures(row, &f);
	o = row;
	json_t *list = json_array();
	rc = db_query(ctx->db, &s, sql_commitments, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    list, json_pack("{s:{s:I,s:s,s:s,s:s},s:I,s:o,s:I}", "project", "id",
				    (json_int_t)db_int(s, 0), "code", db_text(s, 1), "name",
				    db_text(s, 2), "state", db_text(s, 3), "amount",
				    (json_int_t)(db_is_null(s, 5) ? db_int(s, 4) : db_int(s, 5)),
				    "contracted",
				    db_is_null(s, 5) ? json_null() : json_integer(db_int(s, 5)),
				    "paid", (json_int_t)db_int(s, 6)));
	json_object_set_new_nocheck(o, "commitments", list);
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

int budget_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);
	*out = NULL;
	if (!rc)
		rc = load(ctx, id, out);
	return read_close(&rd, rc, "读取预算失败", "cannot read the budget");
}

int budget_list(sg_ctx *ctx, int year, int64_t department_id, int64_t cursor, int limit,
		json_t **out)
{
	struct reading rd;
	int64_t total = 0;
	db_stmt *s;
	page pg;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	page_begin(&pg, limit);
	if (!rc)
		rc = scope_one_int(ctx, &total, sql_count, "iiii", (int64_t)year, (int64_t)year,
				   department_id, department_id);
	/* Each row's figures are a query of their own: read the page's ids
	 * first, then render each. */
	int64_t ids[PAGE_MAX + 1];
	int n = 0;
	if (!rc)
		rc = scope_query(ctx, &s, sql_list, "iiiiii", (int64_t)year, (int64_t)year,
				 department_id, department_id, cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		ids[n++] = db_int(s, BU_ID);
	for (int i = 0; rc >= 0 && i < n; i++) {
		json_t *o;
		if ((rc = load(ctx, ids[i], &o)) == 0) {
			json_object_del(o, "commitments");
			if (!page_add(&pg, ids[i], o))
				break; /* the extra row: another page exists */
		}
	}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取预算失败", "cannot read the budgets");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取预算失败", "cannot read the budgets");
}

static int budget_snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc = load(ctx, id, out);
	if (!rc)
		json_object_del(*out, "commitments");
	return rc;
}

static const struct write_spec budget_write = {
    .table = &budget_table,
    .fail_zh = "保存预算失败",
    .fail_en = "the budget could not be saved",
    .lock = budget_lock,
    .snapshot = budget_snapshot,
    .detail = load,
};

static int check_year(sg_ctx *ctx, int year)
{
	if (year >= 2000 && year <= 2100)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-PRJ-2", "year 应为 2000 至 2100 的年份",
			  "year must be from 2000 to 2100");
}

enum { AMOUNT_MAX_FEN = 1000000000000 }; /* 100 亿元 */

int budget_create(sg_ctx *ctx, int64_t department_id, int year, int64_t amount, const char *source,
		  json_t **out)
{
	struct department_ref dep;
	struct write w;
	int64_t id = 0, n = 0;
	int rc = perm_require(ctx, PERM_BUDGET_EDIT);

	*out = NULL;
	if (rc || (rc = check_year(ctx, year)) ||
	    (rc = check_money(ctx, "amount", "R-PRJ-2", amount, AMOUNT_MAX_FEN)))
		return rc;
	rc = write_open_new(&w, ctx, &budget_write, "budget.create");
	if (!rc)
		rc = department_get(ctx, "department_id", department_id, year, &dep);
	if (!rc)
		rc = db_one_int(ctx->db, &n, sql_exists, "ii", department_id, (int64_t)year);
	if (!rc && n)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "year", "R-PRJ-2",
				 "该部门 %d 年度的预算已编制，请调整原预算",
				 "the department already has a budget for %d: change it", year);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "itiitii", department_id,
				dep.division_code, (int64_t)year, amount, source ? source : "",
				ctx->now, ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}

int budget_update(sg_ctx *ctx, int64_t id, int64_t amount, const char *source, json_t **out)
{
	struct budget_figures f;
	struct write w;
	int rc = perm_require(ctx, PERM_BUDGET_EDIT);

	*out = NULL;
	if (rc || (rc = check_money(ctx, "amount", "R-PRJ-2", amount, AMOUNT_MAX_FEN)))
		return rc;
	rc = write_open(&w, ctx, &budget_write, "budget.update", id);
	if (!rc)
		rc = budget_figures_get(ctx, id, &f);
	if (!rc && amount < f.committed)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "amount", "R-PRJ-2",
				 "预算不能低于已承诺的 %lld.%02lld 元",
				 "the budget cannot be less than the %lld.%02lld yuan committed",
				 (long long)(f.committed / 100), (long long)(f.committed % 100));
	if (!rc)
		rc = db_run(ctx->db, sql_update, "itii", amount, source, ctx->now, id);
	return write_close(&w, rc, out);
}
