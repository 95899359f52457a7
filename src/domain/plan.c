/*
 * plan.c — annual plans (plan.h).
 *
 * Locking: a plan's writes take the plan's row only. The figures of a
 * plan's detail (its projects, the budget) are read, never written, here.
 */
#include "domain/plan.h"

#include <stdio.h>
#include <string.h>

#include "base/utf8.h"
#include "domain/budget.h"
#include "domain/check.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

static const struct enum_value plan_actions_values[] = {
    {"plan.create", "编制年度计划", "create an annual plan"},
    {"plan.update", "修改年度计划", "change an annual plan"},
    {"plan.publish", "发布年度计划", "publish an annual plan"},
};
const struct enum_def plan_actions = ENUM_DEF("audit.action", plan_actions_values);

static const struct enum_value status_values[] = {
    {"draft", "草稿", "draft"},
    {"published", "已发布", "published"},
};
const struct enum_def plan_statuses = ENUM_DEF("plan.status", status_values);

enum {
	NAME_MAX_CHARS = 100,
	TEXT_MAX_CHARS = 5000,
	AREAS_MAX = 50,
};

#define PLAN_COLUMNS(X)                                                                            \
	X(PL_ID, "pl.id", "id", COL_INT, DC_PUBLIC)                                                \
	X(PL_DEPARTMENT_ID, "pl.department_id", NULL, COL_HIDDEN, DC_PUBLIC)                       \
	X(PL_DEPARTMENT_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                               \
	X(PL_DIVISION, "pl.division_code", "division_code", COL_TEXT, DC_PUBLIC)                   \
	X(PL_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(PL_YEAR, "pl.year", "year", COL_INT, DC_PUBLIC)                                          \
	X(PL_NAME, "pl.name", "name", COL_TEXT, DC_PUBLIC)                                         \
	X(PL_GOALS, "pl.goals", "goals", COL_TEXT, DC_PUBLIC)                                      \
	X(PL_ACTIONS, "pl.actions", "actions", COL_TEXT, DC_PUBLIC)                                \
	X(PL_STATUS, "pl.status", "status", COL_TEXT, DC_PUBLIC)                                   \
	X(PL_CREATED_AT, "pl.created_at", "created_at", COL_TIME, DC_INTERNAL)                     \
	X(PL_UPDATED_AT, "pl.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { PL__FIRST, PLAN_COLUMNS(COLUMN_ENUM) PL__MAX };
static const struct col_table plan_table = COLUMNS_TABLE("plan", PLAN_COLUMNS, PL__MAX);

#define PLAN_SELECT                                                                                \
	"SELECT " COLUMNS_SELECT(PLAN_COLUMNS) " FROM plans pl"                                    \
					       " JOIN orgs o ON o.id = pl.department_id"           \
					       " JOIN divisions d ON d.code = pl.division_code"
/* Managed: the plan's division is in the actor's subtree. Visible: that,
 * or the actor's division lies inside the plan's (a township's staff
 * read their county's plan). */
#define PLAN_MANAGED SCOPE_DIVISION("pl.division_code")
#define PLAN_VISIBLE                                                                               \
	"(:actor_global = 1 OR EXISTS (SELECT 1 FROM user_scope us WHERE us.user_id = :actor_uid"  \
	" AND us.kind = 'division' AND (pl.division_code LIKE us.ref || '%'"                       \
	" OR us.ref LIKE pl.division_code || '%')))"
static const char sql_get[] = PLAN_SELECT " WHERE pl.id = ? AND " PLAN_VISIBLE;
static const char sql_get_managed[] = PLAN_SELECT " WHERE pl.id = ? AND " PLAN_MANAGED;
#define LIST_WHERE                                                                                 \
	" WHERE (? = 0 OR pl.year = ?) AND (? = 0 OR pl.department_id = ?) AND " PLAN_VISIBLE
static const char sql_list[] = PLAN_SELECT LIST_WHERE " AND pl.id > ? ORDER BY pl.id LIMIT ?";
static const char sql_count[] = "SELECT COUNT(*) FROM plans pl" LIST_WHERE;
static const char sql_areas[] = "SELECT a.code, a.name_zh FROM plan_areas pa"
				" JOIN catalog_areas a ON a.code = pa.area_code"
				" WHERE pa.plan_id = ? ORDER BY a.position";
static const char sql_projects[] = "SELECT id, code, name, state, amount FROM projects"
				   " WHERE plan_id = ? ORDER BY id";
static const char sql_targets[] = "SELECT"
				  " SUM(CASE WHEN t.kind = 'quantity' THEN 1 ELSE 0 END),"
				  " SUM(CASE WHEN t.kind = 'scale' THEN 1 ELSE 0 END),"
				  " SUM(CASE WHEN t.kind = 'quality' THEN 1 ELSE 0 END),"
				  " SUM(CASE WHEN t.kind = 'effect' THEN 1 ELSE 0 END)"
				  " FROM project_targets t JOIN projects p ON p.id = t.project_id"
				  " WHERE p.plan_id = ? AND p.state <> 'cancelled'";
static const char sql_lock[] = "UPDATE plans SET updated_at = updated_at WHERE id = ?";
static const char sql_exists[] = "SELECT COUNT(*) FROM plans WHERE department_id = ? AND year = ?";
static const char sql_insert[] =
    "INSERT INTO plans (department_id, division_code, year, name, created_by, created_at,"
    " updated_at) VALUES (?, ?, ?, '', ?, ?, ?) RETURNING id";
static const char sql_update[] =
    "UPDATE plans SET name = COALESCE(?, name), goals = COALESCE(?, goals),"
    " actions = COALESCE(?, actions), updated_at = ? WHERE id = ?";
static const char sql_publish[] =
    "UPDATE plans SET status = 'published', updated_at = ? WHERE id = ?";
static const char sql_del_areas[] = "DELETE FROM plan_areas WHERE plan_id = ?";
static const char sql_add_area[] = "INSERT INTO plan_areas (plan_id, area_code) VALUES (?, ?)";
static const char sql_area_ok[] = "SELECT COUNT(*) FROM catalog_areas WHERE code = ?";

static int no_plan(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "年度计划不存在", "no such plan");
}

static json_t *render_row(db_stmt *s)
{
	json_t *o = row_object(s, &plan_table, 0);
	json_object_set_new_nocheck(o, "department",
				    json_pack("{s:I,s:s}", "id",
					      (json_int_t)db_int(s, PL_DEPARTMENT_ID), "name",
					      db_text(s, PL_DEPARTMENT_NAME)));
	return o;
}

static json_t *area_json(db_stmt *s)
{
	return json_pack("{s:s,s:s}", "code", db_text(s, 0), "name", db_text(s, 1));
}

static json_t *project_json(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:I}", "id", (json_int_t)db_int(s, 0), "code",
			 db_text(s, 1), "name", db_text(s, 2), "state", db_text(s, 3), "amount",
			 (json_int_t)db_int(s, 4));
}

/* The sums of the detail: the amount planned and the targets set. */
static int add_figures(sg_ctx *ctx, json_t *o, int64_t id)
{
	int64_t planned = 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(o, "projects"), i, p)
	{
		if (strcmp(json_string_value(json_object_get(p, "state")), "cancelled") != 0)
			planned += json_integer_value(json_object_get(p, "amount"));
	}
	json_object_set_new_nocheck(o, "planned", json_integer(planned));

	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_targets, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	json_object_set_new_nocheck(
	    o, "targets",
	    json_pack("{s:I,s:I,s:I,s:I}", "quantity", (json_int_t)db_int(s, 0), "scale",
		      (json_int_t)db_int(s, 1), "quality", (json_int_t)db_int(s, 2), "effect",
		      (json_int_t)db_int(s, 3)));
	db_reset(s);
	return 0;
}

/* The department's budget of the year, for those who read budgets. */
static int add_budget(sg_ctx *ctx, json_t *o, int64_t department_id, int year)
{
	int64_t budget_id = 0;
	struct budget_figures f;
	int rc;
	if (!perm_has(ctx, PERM_BUDGET_READ))
		return 0;
	if ((rc = budget_of(ctx, department_id, year, &budget_id)))
		return rc;
	if (!budget_id) {
		json_object_set_new_nocheck(o, "budget", json_null());
		return 0;
	}
	if ((rc = budget_figures_get(ctx, budget_id, &f)))
		return rc;
	json_object_set_new_nocheck(o, "budget",
				    json_pack("{s:I,s:I,s:I,s:I}", "id", (json_int_t)budget_id,
					      "amount", (json_int_t)f.amount, "committed",
					      (json_int_t)f.committed, "left", (json_int_t)f.left));
	return 0;
}

/* Plan id read with sql; detail adds its projects and figures. */
static int load_with(sg_ctx *ctx, const char *sql, int64_t id, bool detail, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_plan(ctx);
	json_t *o = render_row(s);
	int64_t department_id = db_int(s, PL_DEPARTMENT_ID);
	int year = (int)db_int(s, PL_YEAR);
	db_reset(s);
	rc = row_list_set(ctx->db, o, "areas", sql_areas, id, area_json);
	if (!rc && detail)
		rc = row_list_set(ctx->db, o, "projects", sql_projects, id, project_json);
	if (!rc && detail)
		rc = add_figures(ctx, o, id);
	if (!rc && detail)
		rc = add_budget(ctx, o, department_id, year);
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static int load(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load_with(ctx, sql_get, id, true, out);
}

int plan_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);
	*out = NULL;
	if (!rc)
		rc = load(ctx, id, out);
	return read_close(&rd, rc, "读取年度计划失败", "cannot read the plan");
}

int plan_list(sg_ctx *ctx, int year, int64_t department_id, int64_t cursor, int limit, json_t **out)
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
	if (!rc)
		rc = scope_query(ctx, &s, sql_list, "iiiiii", (int64_t)year, (int64_t)year,
				 department_id, department_id, cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, PL_ID), render_row(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取年度计划失败", "cannot read the plans");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取年度计划失败", "cannot read the plans");
}

/* ----------------------------------------------------------------- writes */

static int plan_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

/* The audited value: the plan with its areas, managed by the actor. */
static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load_with(ctx, sql_get_managed, id, false, out);
}

static const struct write_spec plan_write = {
    .table = &plan_table,
    .fail_zh = "保存年度计划失败",
    .fail_en = "the plan could not be saved",
    .lock = plan_lock,
    .snapshot = snapshot,
    .detail = load,
};

static int check_text(sg_ctx *ctx, const char *field, const char *v, size_t max, bool required)
{
	if (!v)
		return 0;
	size_t n = utf8_count(v, strlen(v));
	if ((required && utf8_blank(v)) || n > max)
		return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-PRJ-1", "%s 应为 %d 至 %zu 个字",
				   "%s is %d to %zu characters", field, required ? 1 : 0, max);
	return 0;
}

static int replace_areas(sg_ctx *ctx, int64_t id, const json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a) || json_array_size(a) > AREAS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "area_codes", "R-IO-1",
				   "area_codes 应为至多 %d 项的数组",
				   "area_codes must be an array of at most %d", AREAS_MAX);
	int rc = db_run(ctx->db, sql_del_areas, "i", id);
	json_array_foreach(a, i, v)
	{
		int64_t n = 0;
		const char *code = json_string_value(v);
		if (!rc && (!code || strlen(code) > 32))
			return sg_err_setf(&ctx->err, SG_EINVAL, "area_codes", "R-IO-1",
					   "area_codes 第 %zu 项应为领域代码",
					   "area_codes[%zu] must be an area code", i);
		if (rc || (rc = db_one_int(ctx->db, &n, sql_area_ok, "t", code)))
			break;
		if (!n)
			return sg_err_setf(&ctx->err, SG_EINVAL, "area_codes", "R-CAT-1",
					   "area_codes 第 %zu 项不是目录中的服务领域",
					   "area_codes[%zu] is not an area of the catalog", i);
		if ((rc = db_run(ctx->db, sql_add_area, "it", id, code)) == SG_ECONFLICT)
			return sg_err_setf(&ctx->err, SG_EINVAL, "area_codes", "R-IO-1",
					   "area_codes 第 %zu 项重复",
					   "area_codes[%zu] is listed twice", i);
	}
	return rc;
}

static int check_fields(sg_ctx *ctx, const struct plan_fields *in)
{
	int rc;
	if ((rc = check_text(ctx, "name", in->name, NAME_MAX_CHARS, true)) ||
	    (rc = check_text(ctx, "goals", in->goals, TEXT_MAX_CHARS, false)) ||
	    (rc = check_text(ctx, "actions", in->actions, TEXT_MAX_CHARS, false)))
		return rc;
	return 0;
}

/* The SQL of create and update once the row exists. */
static int write_fields(sg_ctx *ctx, int64_t id, const struct plan_fields *in)
{
	int rc =
	    db_run(ctx->db, sql_update, "tttii", in->name, in->goals, in->actions, ctx->now, id);
	if (!rc && in->area_codes)
		rc = replace_areas(ctx, id, in->area_codes);
	return rc;
}

int plan_create(sg_ctx *ctx, const struct plan_fields *in, json_t **out)
{
	struct department_ref dep;
	struct write w;
	int64_t id = 0, n = 0;
	int rc = perm_require(ctx, PERM_PLAN_EDIT);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "name", "R-PRJ-1", in->name)) ||
	    (rc = check_fields(ctx, in)))
		return rc;
	if (in->year < 2000 || in->year > 2100)
		return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-PRJ-1",
				  "year 应为 2000 至 2100 的年份",
				  "year must be from 2000 to 2100");
	rc = write_open_new(&w, ctx, &plan_write, "plan.create");
	if (!rc)
		rc = department_get(ctx, "department_id", in->department_id, in->year, &dep);
	if (!rc)
		rc =
		    db_one_int(ctx->db, &n, sql_exists, "ii", in->department_id, (int64_t)in->year);
	if (!rc && n)
		rc = sg_err_setf(&ctx->err, SG_ECONFLICT, "year", "R-PRJ-1",
				 "该部门 %d 年度的计划已编制，请修改原计划",
				 "the department already has a plan for %d: change it", in->year);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "itiiii", in->department_id,
				dep.division_code, (int64_t)in->year, ctx->actor.user_id, ctx->now,
				ctx->now);
	if (!rc)
		rc = write_fields(ctx, id, in);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}

int plan_update(sg_ctx *ctx, int64_t id, const struct plan_fields *in, json_t **out)
{
	struct write w;
	int rc = perm_require(ctx, PERM_PLAN_EDIT);

	*out = NULL;
	if (rc || (rc = check_fields(ctx, in)))
		return rc;
	rc = write_open(&w, ctx, &plan_write, "plan.update", id);
	if (!rc)
		rc = write_fields(ctx, id, in);
	return write_close(&w, rc, out);
}

int plan_publish(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct write w;
	int rc = perm_require(ctx, PERM_PLAN_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &plan_write, "plan.publish", id);
	const json_t *old = write_old(&w);
	if (!rc && strcmp(json_string_value(json_object_get(old, "status")), "published") == 0)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "status", "R-PRJ-1", "年度计划已发布",
				"the plan is published already");
	if (!rc) {
		/* One error per gap, as a project's submission does. */
		const char *goals = json_string_value(json_object_get(old, "goals"));
		if (!goals || utf8_blank(goals))
			err_add(ctx, SG_EINVAL, "goals", "R-PRJ-1", "请填写年度目标",
				"the plan needs its goals");
		if (json_array_size(json_object_get(old, "areas")) == 0)
			err_add(ctx, SG_EINVAL, "area_codes", "R-PRJ-1", "请选择计划覆盖的服务领域",
				"the plan needs the areas it covers");
		rc = err_collected(ctx);
	}
	if (!rc)
		rc = db_run(ctx->db, sql_publish, "ii", ctx->now, id);
	return write_close(&w, rc, out);
}
