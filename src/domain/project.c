/*
 * project.c — purchased service projects: their design, their lists, and
 * the actions that move them (project.h).
 *
 * Locking: an action that commits on the budget (approve) takes the
 * budget's row first, then the project's (domain/budget.c); every other
 * write takes the project's row alone. The lists of a project (items,
 * groups, townships, stations, lines, targets) are replaced whole inside
 * the project's write, never changed on their own.
 */
#include "domain/project.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/utf8.h"
#include "domain/approval.h"
#include "domain/audit.h"
#include "domain/budget.h"
#include "domain/check.h"
#include "domain/page.h"
#include "domain/purchase_rule.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/write.h"

static const struct enum_value project_actions_values[] = {
    {"project.create", "创建项目", "create a project"},
    {"project.update", "修改项目", "change a project"},
    {"project.submit", "提交项目审批", "submit a project"},
    {"project.approve", "审批通过项目", "approve a project"},
    {"project.return", "退回项目", "return a project"},
    {"project.cancel", "撤销项目", "cancel a project"},
    {"project.start", "项目开始服务", "start a project's service"},
    {"project.evaluate", "项目进入评估", "begin a project's evaluation"},
    {"project.close", "项目结项", "close a project"},
    {"project.export", "导出项目", "export projects"},
};
const struct enum_def project_actions = ENUM_DEF("audit.action", project_actions_values);

static const struct enum_value state_values[] = {
    {"draft", "草稿", "draft"},
    {"submitted", "待审批", "submitted"},
    {"approved", "已批准", "approved"},
    {"procuring", "采购中", "procuring"},
    {"contracted", "已签约", "contracted"},
    {"in_service", "服务中", "in service"},
    {"evaluating", "评估中", "evaluating"},
    {"closed", "已结项", "closed"},
    {"cancelled", "已撤销", "cancelled"},
};
const struct enum_def project_states = ENUM_DEF("project.state", state_values);

static const struct enum_value kind_values[] = {
    {"quantity", "数量目标", "quantity"},
    {"scale", "规模目标", "scale"},
    {"quality", "质量目标", "quality"},
    {"effect", "效果目标", "effect"},
};
const struct enum_def project_target_kinds = ENUM_DEF("project.target_kind", kind_values);

static const struct enum_value measure_values[] = {
    {"records", "服务记录自动统计", "from service records"},
    {"survey", "满意度调查", "by a satisfaction survey"},
    {"evaluation", "绩效评估", "by the evaluation"},
};
const struct enum_def project_measures = ENUM_DEF("project.measure", measure_values);

/* The indicators of targets. Those measured from records are computed
 * from service records by their code (R-PRJ-5, the delivery module);
 * "custom" names its own indicator, measured by a survey or the
 * evaluation. */
static const struct indicator {
	const char *code, *kind, *zh, *en, *unit, *measure;
} indicators[] = {
    {"cases", "quantity", "个案服务数", "casework cases", "个", "records"},
    {"groups", "quantity", "小组工作数", "group work groups", "个", "records"},
    {"group_sessions", "quantity", "小组活动节数", "group sessions", "节", "records"},
    {"activities", "quantity", "社区活动场次", "community activities", "场", "records"},
    {"visits", "quantity", "探访服务人次", "service visits", "人次", "records"},
    {"service_hours", "quantity", "服务时长", "service hours", "小时", "records"},
    {"volunteer_hours", "quantity", "志愿服务时长", "volunteer hours", "小时", "records"},
    {"people_served", "scale", "服务对象人数", "people served", "人", "records"},
    {"villages_covered", "scale", "覆盖村（社区）数", "villages covered", "个", "records"},
    {"volunteers", "scale", "参与志愿者人数", "volunteers taking part", "人", "records"},
    {"satisfaction", "quality", "服务对象满意度", "satisfaction", "%", "survey"},
    {"case_closure_rate", "quality", "个案结案率", "case closure rate", "%", "records"},
    {"record_compliance", "quality", "服务记录规范率", "records up to standard", "%", "evaluation"},
    {"custom", NULL, "自定义指标", "custom indicator", NULL, NULL},
};
enum { N_INDICATORS = sizeof indicators / sizeof indicators[0] };
static const struct enum_value indicator_values[N_INDICATORS] = {
    {"cases", "个案服务数", "casework cases"},
    {"groups", "小组工作数", "group work groups"},
    {"group_sessions", "小组活动节数", "group sessions"},
    {"activities", "社区活动场次", "community activities"},
    {"visits", "探访服务人次", "service visits"},
    {"service_hours", "服务时长", "service hours"},
    {"volunteer_hours", "志愿服务时长", "volunteer hours"},
    {"people_served", "服务对象人数", "people served"},
    {"villages_covered", "覆盖村（社区）数", "villages covered"},
    {"volunteers", "参与志愿者人数", "volunteers taking part"},
    {"satisfaction", "服务对象满意度", "satisfaction"},
    {"case_closure_rate", "个案结案率", "case closure rate"},
    {"record_compliance", "服务记录规范率", "records up to standard"},
    {"custom", "自定义指标", "custom indicator"},
};
const struct enum_def project_indicator_enum = ENUM_DEF("project.indicator", indicator_values);

static const struct enum_value action_values[] = {
    {"submit", "提交审批", "submit"},
    {"approve", "审批通过", "approve"},
    {"return", "退回修改", "return"},
    {"cancel", "撤销项目", "cancel"},
    {"start", "开始服务", "start the service"},
    {"evaluate", "进入评估", "begin the evaluation"},
    {"close", "结项", "close"},
};
const struct enum_def project_action_names = ENUM_DEF("project.action", action_values);

json_t *project_indicators(void)
{
	json_t *a = json_array();
	for (size_t i = 0; i < N_INDICATORS; i++) {
		const struct indicator *d = &indicators[i];
		json_array_append_new(a, json_pack("{s:s,s:s?,s:s,s:s,s:s?,s:s?}", "code", d->code,
						   "kind", d->kind, "zh", d->zh, "en", d->en,
						   "unit", d->unit, "measure", d->measure));
	}
	return a;
}

static const struct indicator *indicator_of(const char *code)
{
	for (size_t i = 0; code && i < N_INDICATORS; i++)
		if (strcmp(indicators[i].code, code) == 0)
			return &indicators[i];
	return NULL;
}

int project_action_from_name(const char *name)
{
	return enum_index(&project_action_names, name);
}

/* ------------------------------------------------------------------ reads */

/* Who sees a project (project.h). A provider sees the projects of the
 * tenders it may answer (published, and open to all — no invitations —
 * or inviting it), of its bids, and of its signed contracts. */
/* clang-format off: one clause a line reads better than its reflowing. */
// clang-format off
#define PROJECT_VISIBLE                                                                            \
	"(:actor_global = 1"                                                                       \
	" OR (:actor_div = 1 AND (" SCOPE_DIVISION("p.division_code")                              \
	"   OR EXISTS (SELECT 1 FROM project_townships vt WHERE vt.project_id = p.id"              \
	"     AND " SCOPE_DIVISION("vt.division_code") ")))"                                       \
	" OR (:actor_org = 1 AND ("                                                                \
	"   EXISTS (SELECT 1 FROM tenders vt2 WHERE vt2.project_id = p.id"                         \
	"     AND vt2.status <> 'draft' AND (NOT EXISTS (SELECT 1 FROM tender_invitations vi0"     \
	"       WHERE vi0.tender_id = vt2.id)"                                                     \
	"       OR EXISTS (SELECT 1 FROM tender_invitations vi WHERE vi.tender_id = vt2.id"        \
	"         AND " SCOPE_ORG("vi.org_id") ")))"                                               \
	"   OR EXISTS (SELECT 1 FROM bids vb JOIN tenders vt3 ON vt3.id = vb.tender_id"            \
	"     WHERE vt3.project_id = p.id AND " SCOPE_ORG("vb.org_id") ")"                         \
	"   OR EXISTS (SELECT 1 FROM contracts vc WHERE vc.project_id = p.id"                      \
	"     AND vc.status <> 'draft' AND " SCOPE_ORG("vc.provider_id") "))))"
// clang-format on
/* Who changes it: civil affairs staff of the department's division. */
#define PROJECT_MANAGED SCOPE_DIVISION("p.division_code")

#define PROJECT_COLUMNS(X)                                                                         \
	X(PJ_ID, "p.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(PJ_CODE, "p.code", "code", COL_TEXT, DC_PUBLIC)                                          \
	X(PJ_NAME, "p.name", "name", COL_TEXT, DC_PUBLIC)                                          \
	X(PJ_DEPARTMENT_ID, "p.department_id", NULL, COL_HIDDEN, DC_PUBLIC)                        \
	X(PJ_DEPARTMENT_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                               \
	X(PJ_DIVISION, "p.division_code", "division_code", COL_TEXT, DC_PUBLIC)                    \
	X(PJ_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(PJ_YEAR, "p.year", "year", COL_INT, DC_PUBLIC)                                           \
	X(PJ_BUDGET_ID, "p.budget_id", "budget_id", COL_INT, DC_INTERNAL)                          \
	X(PJ_PLAN_ID, "p.plan_id", "plan_id", COL_INT, DC_INTERNAL)                                \
	X(PJ_AMOUNT, "p.amount", "amount", COL_INT, DC_PUBLIC)                                     \
	X(PJ_START, "p.service_start", "service_start", COL_TEXT, DC_PUBLIC)                       \
	X(PJ_END, "p.service_end", "service_end", COL_TEXT, DC_PUBLIC)                             \
	X(PJ_STABLE, "p.stable", "stable", COL_BOOL, DC_PUBLIC)                                    \
	X(PJ_STABLE_REASON, "p.stable_reason", "stable_reason", COL_TEXT, DC_PUBLIC)               \
	X(PJ_STATION_OPERATION, "p.station_operation", "station_operation", COL_BOOL, DC_PUBLIC)   \
	X(PJ_CONTENT, "p.content", "content", COL_TEXT, DC_PUBLIC)                                 \
	X(PJ_STANDARDS, "p.standards", "standards", COL_TEXT, DC_PUBLIC)                           \
	X(PJ_REQUIREMENTS, "p.requirements", "requirements", COL_TEXT, DC_PUBLIC)                  \
	X(PJ_STATE, "p.state", "state", COL_TEXT, DC_PUBLIC)                                       \
	X(PJ_STATE_REASON, "p.state_reason", "state_reason", COL_TEXT, DC_INTERNAL)                \
	X(PJ_SUBMITTED_BY, "p.submitted_by", NULL, COL_HIDDEN, DC_INTERNAL)                        \
	X(PJ_APPROVED_BY, "p.approved_by", NULL, COL_HIDDEN, DC_INTERNAL)                          \
	X(PJ_APPROVED_AT, "p.approved_at", "approved_at", COL_TIME, DC_PUBLIC)                     \
	X(PJ_CREATED_AT, "p.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(PJ_UPDATED_AT, "p.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { PJ__FIRST, PROJECT_COLUMNS(COLUMN_ENUM) PJ__MAX };
const struct col_table project_table = COLUMNS_TABLE("project", PROJECT_COLUMNS, PJ__MAX);

#define PROJECT_SELECT                                                                             \
	"SELECT " COLUMNS_SELECT(PROJECT_COLUMNS) " FROM projects p"                               \
						  " JOIN orgs o ON o.id = p.department_id"         \
						  " JOIN divisions d ON d.code = p.division_code"
static const char sql_get[] = PROJECT_SELECT " WHERE p.id = ? AND " PROJECT_VISIBLE;
static const char sql_get_managed[] = PROJECT_SELECT " WHERE p.id = ? AND " PROJECT_MANAGED;
static const char sql_lock[] = "UPDATE projects SET updated_at = updated_at WHERE id = ?";

/* The list: a year, a state, a division subtree (a code range, as
 * stations), a beneficiary township, a department, and a search in the
 * name or code. The year and the state, the filters a clerk always sets,
 * have a statement each way (filtered or not) so that, filtered, the
 * (year, state, id) index gives the rows in page order and only those
 * are tested against the scope: a county clerk's page of the year's
 * approved projects among 20,000 reads its 51 rows and counts a few
 * hundred, not the table (docs/PERFORMANCE.md). */
#define LIST_WHERE(year, state)                                                                    \
	" WHERE " year " AND " state                                                               \
	" AND (? IS NULL OR (p.division_code >= ? AND p.division_code < ?))"                       \
	" AND (? IS NULL OR EXISTS (SELECT 1 FROM project_townships ft WHERE ft.project_id = p.id" \
	" AND ft.division_code LIKE ? || '%'))"                                                    \
	" AND (? = 0 OR p.department_id = ?)"                                                      \
	" AND (? IS NULL OR p.name LIKE ? ESCAPE '!' OR p.code LIKE ? ESCAPE '!')"                 \
	" AND " PROJECT_VISIBLE
#define LIST_FMT                                                                                   \
	"it"                                                                                       \
	"tttttiittt"
#define ANY_YEAR	 "? = 0"
#define THE_YEAR	 "p.year = ?"
#define ANY_STATE	 "? IS NULL"
#define THE_STATE	 "p.state = ?"
#define LIST_SQL(y, st)	 PROJECT_SELECT LIST_WHERE(y, st) " AND p.id > ? ORDER BY p.id LIMIT ?"
#define COUNT_SQL(y, st) "SELECT COUNT(*) FROM projects p" LIST_WHERE(y, st)
/* [year filtered][state filtered] */
static const char *const sql_list[2][2] = {
    {LIST_SQL(ANY_YEAR, ANY_STATE), LIST_SQL(ANY_YEAR, THE_STATE)},
    {LIST_SQL(THE_YEAR, ANY_STATE), LIST_SQL(THE_YEAR, THE_STATE)},
};
static const char *const sql_count[2][2] = {
    {COUNT_SQL(ANY_YEAR, ANY_STATE), COUNT_SQL(ANY_YEAR, THE_STATE)},
    {COUNT_SQL(THE_YEAR, ANY_STATE), COUNT_SQL(THE_YEAR, THE_STATE)},
};
#define LIST_SQL_OF(table, f) (table)[(f)->year != 0][(f)->state != NULL]

static const char sql_items[] =
    "SELECT ci.id, ci.code, ci.name_zh, ci.area_code FROM project_items pi"
    " JOIN catalog_items ci ON ci.id = pi.item_id WHERE pi.project_id = ? ORDER BY ci.id";
static const char sql_groups[] = "SELECT g.code, g.name_zh FROM project_groups pg"
				 " JOIN target_groups g ON g.code = pg.group_code"
				 " WHERE pg.project_id = ? ORDER BY g.position";
static const char sql_townships[] = "SELECT d.code, d.name FROM project_townships pt"
				    " JOIN divisions d ON d.code = pt.division_code"
				    " WHERE pt.project_id = ? ORDER BY d.code";
static const char sql_stations[] =
    "SELECT s.id, s.name, s.tier, s.division_code FROM project_stations ps"
    " JOIN stations s ON s.id = ps.station_id WHERE ps.project_id = ? ORDER BY s.division_code, "
    "s.id";
static const char sql_lines[] =
    "SELECT l.position, l.item_id, ci.name_zh, l.matter, l.nature, l.amount, l.note, n.name_zh,"
    " n.clause FROM project_lines l LEFT JOIN catalog_items ci ON ci.id = l.item_id"
    " LEFT JOIN negative_list n ON n.code = l.nature WHERE l.project_id = ? ORDER BY l.position";
static const char sql_targets[] =
    "SELECT position, kind, indicator, name, unit, baseline, target, measure"
    " FROM project_targets WHERE project_id = ? ORDER BY position";
static const char sql_user_name[] = "SELECT display_name FROM users WHERE id = ?";

static int no_project(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "项目不存在", "no such project");
}

static json_t *render_row(db_stmt *s)
{
	json_t *o = row_object(s, &project_table, 0);
	json_object_set_new_nocheck(o, "department",
				    json_pack("{s:I,s:s}", "id",
					      (json_int_t)db_int(s, PJ_DEPARTMENT_ID), "name",
					      db_text(s, PJ_DEPARTMENT_NAME)));
	return o;
}

static json_t *item_json(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_int(s, 0), "code", db_text(s, 1),
			 "name_zh", db_text(s, 2), "area_code", db_text(s, 3));
}
static json_t *group_json(db_stmt *s)
{
	return json_pack("{s:s,s:s}", "code", db_text(s, 0), "name_zh", db_text(s, 1));
}
static json_t *township_json(db_stmt *s)
{
	return json_pack("{s:s,s:s}", "code", db_text(s, 0), "name", db_text(s, 1));
}
static json_t *station_json(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_int(s, 0), "name", db_text(s, 1),
			 "tier", db_text(s, 2), "division_code", db_text(s, 3));
}
static json_t *line_json(db_stmt *s)
{
	json_t *item = db_is_null(s, 1) ? json_null()
					: json_pack("{s:I,s:s?}", "id", (json_int_t)db_int(s, 1),
						    "name_zh", db_text(s, 2));
	json_t *negative = db_is_null(s, 7)
			       ? json_null()
			       : json_pack("{s:s,s:s,s:s}", "code", db_text(s, 4), "name_zh",
					   db_text(s, 7), "clause", db_text(s, 8));
	return json_pack("{s:I,s:o,s:o,s:o,s:I,s:s,s:o}", "position", (json_int_t)db_int(s, 0),
			 "item", item, "matter", row_text(s, 3), "nature", row_text(s, 4), "amount",
			 (json_int_t)db_int(s, 5), "note", db_text(s, 6), "negative", negative);
}
static json_t *target_json(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:I,s:s}", "position", (json_int_t)db_int(s, 0),
			 "kind", db_text(s, 1), "indicator", db_text(s, 2), "name", db_text(s, 3),
			 "unit", db_text(s, 4), "baseline", row_int(s, 5), "target",
			 (json_int_t)db_int(s, 6), "measure", db_text(s, 7));
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

/* The actions the actor may take on a project in state now. */
static json_t *actions_for(sg_ctx *ctx, const char *state, int64_t submitted_by, bool managed)
{
	json_t *a = json_array();
	if (!managed)
		return a;
	bool edit = perm_has(ctx, PERM_PROJECT_EDIT), check = perm_has(ctx, PERM_PROJECT_APPROVE);
	bool maker = submitted_by == ctx->actor.user_id;
	if (edit && strcmp(state, "draft") == 0)
		json_array_append_new(a, json_string("submit"));
	if (check && !maker && strcmp(state, "submitted") == 0) {
		json_array_append_new(a, json_string("approve"));
		json_array_append_new(a, json_string("return"));
	}
	if (edit && strcmp(state, "contracted") == 0)
		json_array_append_new(a, json_string("start"));
	if (edit && strcmp(state, "in_service") == 0)
		json_array_append_new(a, json_string("evaluate"));
	if (edit && strcmp(state, "evaluating") == 0)
		json_array_append_new(a, json_string("close"));
	if (edit && strcmp(state, "closed") != 0 && strcmp(state, "cancelled") != 0)
		json_array_append_new(a, json_string("cancel"));
	return a;
}

/* Project id in detail, read with sql (sql_get or sql_get_managed). */
static int load_with(sg_ctx *ctx, const char *sql, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_project(ctx);
	json_t *o = render_row(s);
	int64_t budget_id = db_int(s, PJ_BUDGET_ID), submitted_by = db_int(s, PJ_SUBMITTED_BY),
		approved_by = db_int(s, PJ_APPROVED_BY);
	char state[16];
	snprintf(state, sizeof state, "%s", db_text(s, PJ_STATE));
	db_reset(s);

	bool managed = sql == sql_get_managed;
	if (!managed) {
		int64_t n = 0;
		static const char sql_is_managed[] =
		    "SELECT COUNT(*) FROM projects p WHERE p.id = ? AND " PROJECT_MANAGED;
		if ((rc = scope_one_int(ctx, &n, sql_is_managed, "i", id)))
			goto fail;
		managed = n > 0;
	}
	if ((rc = row_list_set(ctx->db, o, "items", sql_items, id, item_json)) ||
	    (rc = row_list_set(ctx->db, o, "groups", sql_groups, id, group_json)) ||
	    (rc = row_list_set(ctx->db, o, "townships", sql_townships, id, township_json)) ||
	    (rc = row_list_set(ctx->db, o, "stations", sql_stations, id, station_json)) ||
	    (rc = row_list_set(ctx->db, o, "lines", sql_lines, id, line_json)) ||
	    (rc = row_list_set(ctx->db, o, "targets", sql_targets, id, target_json)))
		goto fail;
	if ((rc = set_user(ctx, o, "submitted_by", submitted_by)) ||
	    (rc = set_user(ctx, o, "approved_by", approved_by)))
		goto fail;
	/* The budget's figures for those who read budgets. */
	if (perm_has(ctx, PERM_BUDGET_READ) && managed) {
		struct budget_figures f;
		if ((rc = budget_figures_get(ctx, budget_id, &f)))
			goto fail;
		json_object_set_new_nocheck(
		    o, "budget",
		    json_pack("{s:I,s:I,s:I,s:I}", "id", (json_int_t)budget_id, "amount",
			      (json_int_t)f.amount, "committed", (json_int_t)f.committed, "left",
			      (json_int_t)f.left));
	}
	json_t *hist = NULL;
	if ((rc = approval_history(ctx, "project", id, &hist)))
		goto fail;
	json_object_set_new_nocheck(o, "approvals", hist);
	json_object_set_new_nocheck(o, "actions", actions_for(ctx, state, submitted_by, managed));
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

int project_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);
	*out = NULL;
	if (!rc)
		rc = load(ctx, id, out);
	return read_close(&rd, rc, "读取项目失败", "cannot read the project");
}

static void fill_ref(db_stmt *s, struct project_ref *out)
{
	out->id = db_int(s, PJ_ID);
	out->department_id = db_int(s, PJ_DEPARTMENT_ID);
	out->budget_id = db_int(s, PJ_BUDGET_ID);
	snprintf(out->division_code, sizeof out->division_code, "%s", db_text(s, PJ_DIVISION));
	snprintf(out->code, sizeof out->code, "%s", db_text(s, PJ_CODE));
	snprintf(out->state, sizeof out->state, "%s", db_text(s, PJ_STATE));
	out->year = (int)db_int(s, PJ_YEAR);
	out->amount = db_int(s, PJ_AMOUNT);
	out->stable = db_int(s, PJ_STABLE) != 0;
	out->station_operation = db_int(s, PJ_STATION_OPERATION) != 0;
	snprintf(out->service_start, sizeof out->service_start, "%s",
		 db_is_null(s, PJ_START) ? "" : db_text(s, PJ_START));
	snprintf(out->service_end, sizeof out->service_end, "%s",
		 db_is_null(s, PJ_END) ? "" : db_text(s, PJ_END));
}

static int ref_with(sg_ctx *ctx, const char *sql, int64_t id, struct project_ref *out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql, "i", id);
	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_project(ctx);
	fill_ref(s, out);
	db_reset(s);
	return 0;
}

int project_ref_get(sg_ctx *ctx, int64_t id, struct project_ref *out)
{
	return ref_with(ctx, sql_get, id, out);
}

int project_ref_managed(sg_ctx *ctx, int64_t id, struct project_ref *out)
{
	return ref_with(ctx, sql_get_managed, id, out);
}

int project_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

/* ------------------------------------------------------------------ lists */

struct listing {
	const char *division, *hi, *like;
};

static int check_filter(sg_ctx *ctx, const struct project_filter *f, struct listing *l)
{
	int rc = 0;
	memset(l, 0, sizeof *l);
	if (f->state && (rc = check_enum(ctx, "state", "R-PRJ-4", f->state, &project_states)))
		return rc;
	if (f->division && (rc = check_division_code(ctx, "division", f->division)))
		return rc;
	if (f->township && (rc = check_division_code(ctx, "township", f->township)))
		return rc;
	if ((rc = check_query(ctx, "q", f->q, PROJECT_QUERY_MAX)))
		return rc;
	if (f->division) {
		/* The subtree of a code: codes from it up to the next one. */
		size_t n = strlen(f->division);
		char *hi = arena_strdup(ctx->arena, f->division);
		hi[n - 1]++;
		l->division = f->division;
		l->hi = hi;
	}
	if (f->q && *f->q) {
		size_t n = strlen(f->q);
		char *p = arena_alloc(ctx->arena, 2 * n + 3), *o = p;
		*o++ = '%';
		for (const char *c = f->q; *c; c++) {
			if (*c == '%' || *c == '_' || *c == '!')
				*o++ = '!';
			*o++ = *c;
		}
		*o++ = '%';
		*o = '\0';
		l->like = p;
	}
	return 0;
}

#define LIST_ARGS(f, l)                                                                            \
	(int64_t)(f)->year, (f)->state, (l)->division, (l)->division, (l)->hi, (f)->township,      \
	    (f)->township, (f)->department_id, (f)->department_id, (l)->like, (l)->like, (l)->like

int project_list(sg_ctx *ctx, const struct project_filter *f, int64_t cursor, int limit,
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
	    !(rc = scope_one_int(ctx, &total, LIST_SQL_OF(sql_count, f), LIST_FMT,
				 LIST_ARGS(f, &l))))
		rc = scope_query(ctx, &s, LIST_SQL_OF(sql_list, f), LIST_FMT "ii", LIST_ARGS(f, &l),
				 cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, PJ_ID), render_row(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取项目失败", "cannot read the projects");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取项目失败", "cannot read the projects");
}

enum { PROJECT_EXPORT_MAX = 100000 };

int project_export(sg_ctx *ctx, const struct project_filter *f, json_t **out)
{
	struct reading rd;
	struct listing l;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_PROJECT_EXPORT);

	*out = NULL;
	if (rc || (rc = check_filter(ctx, f, &l)))
		return rc;
	json_t *all = json_array();
	if (!(rc = read_open(&rd, ctx)))
		rc = scope_query(ctx, &s, LIST_SQL_OF(sql_list, f), LIST_FMT "ii", LIST_ARGS(f, &l),
				 (int64_t)0, (int64_t)PROJECT_EXPORT_MAX);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(all, render_row(s));
	rc = read_close(&rd, rc < 0 ? rc : 0, "导出项目失败", "the export failed");
	if (!rc) {
		json_t *what = json_pack("{s:s?,s:s?,s:s?,s:i,s:I}", "state", f->state, "division",
					 f->division, "q", f->q, "year", f->year, "count",
					 (json_int_t)json_array_size(all));
		rc = audit_append_row(ctx, "project.export", &project_table, "", NULL, what,
				      AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(all);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出项目失败", "the export failed");
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
		/* The audited value is the project, not what the actor may do. */
		json_object_del(*out, "actions");
		json_object_del(*out, "approvals");
		json_object_del(*out, "budget");
	}
	return rc;
}

static const struct write_spec project_write = {
    .table = &project_table,
    .fail_zh = "保存项目失败",
    .fail_en = "the project could not be saved",
    .lock = project_lock,
    .snapshot = snapshot,
    .detail = load,
};

static const char sql_insert[] =
    "INSERT INTO projects (code, name, department_id, division_code, year, budget_id, plan_id,"
    " amount, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
static const char sql_update[] =
    "UPDATE projects SET code = COALESCE(?, code), name = COALESCE(?, name),"
    " plan_id = CASE WHEN ? < 0 THEN plan_id WHEN ? = 0 THEN NULL ELSE ? END,"
    " amount = CASE WHEN ? < 0 THEN amount ELSE ? END,"
    " service_start = CASE WHEN ? IS NULL THEN service_start WHEN ? = '' THEN NULL ELSE ? END,"
    " service_end = CASE WHEN ? IS NULL THEN service_end WHEN ? = '' THEN NULL ELSE ? END,"
    " stable = CASE WHEN ? < 0 THEN stable ELSE ? END,"
    " stable_reason = CASE WHEN ? IS NULL THEN stable_reason WHEN ? = '' THEN NULL ELSE ? END,"
    " station_operation = CASE WHEN ? < 0 THEN station_operation ELSE ? END,"
    " content = COALESCE(?, content), standards = COALESCE(?, standards),"
    " requirements = COALESCE(?, requirements), updated_at = ? WHERE id = ?";
static const char sql_plan_of[] = "SELECT COUNT(*) FROM plans WHERE id = ? AND department_id = ?"
				  " AND year = ?";
static const char sql_code_taken[] = "SELECT COUNT(*) FROM projects WHERE code = ? AND id <> ?";
static const char sql_seq[] = "SELECT COUNT(*) FROM projects WHERE department_id = ? AND year = ?";

static const char sql_del_items[] = "DELETE FROM project_items WHERE project_id = ?";
static const char sql_del_groups[] = "DELETE FROM project_groups WHERE project_id = ?";
static const char sql_del_townships[] = "DELETE FROM project_townships WHERE project_id = ?";
static const char sql_del_stations[] = "DELETE FROM project_stations WHERE project_id = ?";
static const char sql_del_lines[] = "DELETE FROM project_lines WHERE project_id = ?";
static const char sql_del_targets[] = "DELETE FROM project_targets WHERE project_id = ?";
static const char sql_add_item[] = "INSERT INTO project_items (project_id, item_id) VALUES (?, ?)";
static const char sql_add_group[] =
    "INSERT INTO project_groups (project_id, group_code) VALUES (?, ?)";
static const char sql_add_township[] =
    "INSERT INTO project_townships (project_id, division_code) VALUES (?, ?)";
static const char sql_add_station[] =
    "INSERT INTO project_stations (project_id, station_id) VALUES (?, ?)";
static const char sql_add_line[] =
    "INSERT INTO project_lines (project_id, position, item_id, matter, nature, amount, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)";
static const char sql_add_target[] =
    "INSERT INTO project_targets (project_id, position, kind, indicator, name, unit, baseline,"
    " target, measure) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* A catalog item a project of division and year may buy: national, or an
 * addition of the division or an ancestor for that year or every year. */
static const char sql_item_ok[] =
    "SELECT COUNT(*) FROM catalog_items WHERE id = ? AND (division_code IS NULL OR"
    " (? LIKE division_code || '%' AND (year IS NULL OR year = ?)))";
static const char sql_group_ok[] = "SELECT COUNT(*) FROM target_groups WHERE code = ?";
/* A beneficiary township: a township-level division in the department's
 * county (or wider) subtree. */
static const char sql_township_ok[] =
    "SELECT COUNT(*) FROM divisions WHERE code = ? AND level = 3 AND code LIKE ? || '%'";
static const char sql_station_ok[] =
    "SELECT s.division_code FROM stations s WHERE s.id = ? AND " SCOPE_STATION_SEEN("s");
static const char sql_nature[] = "SELECT COUNT(*) FROM negative_list WHERE code = ?";

enum { LIST_MAX = 200 };
#define MONEY_MAX INT64_C(1000000000000)

static int field_err(sg_ctx *ctx, int code, const char *list, size_t i, const char *member,
		     const char *rule, const char *zh, const char *en)
{
	char field[64];
	if (member)
		snprintf(field, sizeof field, "%s[%zu].%s", list, i, member);
	else
		snprintf(field, sizeof field, "%s[%zu]", list, i);
	return sg_err_set(&ctx->err, code, field, rule, zh, en);
}

/* ids must be an array of positive integers. */
static int check_id_array(sg_ctx *ctx, const char *field, const json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a) || json_array_size(a) > LIST_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-IO-1", "%s 应为至多 %d 项的数组",
				   "%s must be an array of at most %d", field, LIST_MAX);
	json_array_foreach(a, i, v) if (!json_is_integer(v) ||
					json_integer_value(v) <=
					    0) return field_err(ctx, SG_EINVAL, field, i, NULL,
								"R-IO-1", "应为正整数",
								"must be a positive integer");
	return 0;
}

static int check_str_array(sg_ctx *ctx, const char *field, const json_t *a)
{
	size_t i;
	json_t *v;
	if (!json_is_array(a) || json_array_size(a) > LIST_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-IO-1", "%s 应为至多 %d 项的数组",
				   "%s must be an array of at most %d", field, LIST_MAX);
	json_array_foreach(a, i, v) if (!json_is_string(v) ||
					json_string_length(v) >
					    32) return field_err(ctx, SG_EINVAL, field, i, NULL,
								 "R-IO-1", "应为代码字符串",
								 "must be a code");
	return 0;
}

/* The state of the project being written, and what the lists need. */
struct draft {
	int64_t id;
	char division[13];
	int year;
};

static int replace_items(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = check_id_array(ctx, "item_ids", a);
	if (!rc)
		rc = db_run(ctx->db, sql_del_items, "i", d->id);
	json_array_foreach(a, i, v)
	{
		int64_t n = 0;
		if (rc || (rc = db_one_int(ctx->db, &n, sql_item_ok, "iti", json_integer_value(v),
					   d->division, (int64_t)d->year)))
			break;
		if (!n)
			return field_err(ctx, SG_EINVAL, "item_ids", i, NULL, "R-CAT-1",
					 "服务事项不在本地区本年度的目录中",
					 "not an item of the catalog of this region and year");
		if ((rc = db_run(ctx->db, sql_add_item, "ii", d->id, json_integer_value(v))) ==
		    SG_ECONFLICT)
			return field_err(ctx, SG_EINVAL, "item_ids", i, NULL, "R-IO-1", "重复",
					 "listed twice");
	}
	return rc;
}

static int replace_groups(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = check_str_array(ctx, "group_codes", a);
	if (!rc)
		rc = db_run(ctx->db, sql_del_groups, "i", d->id);
	json_array_foreach(a, i, v)
	{
		int64_t n = 0;
		if (rc || (rc = db_one_int(ctx->db, &n, sql_group_ok, "t", json_string_value(v))))
			break;
		if (!n)
			return field_err(ctx, SG_EINVAL, "group_codes", i, NULL, "R-CAT-2",
					 "没有这类服务对象", "no such target group");
		if ((rc = db_run(ctx->db, sql_add_group, "it", d->id, json_string_value(v))) ==
		    SG_ECONFLICT)
			return field_err(ctx, SG_EINVAL, "group_codes", i, NULL, "R-IO-1", "重复",
					 "listed twice");
	}
	return rc;
}

static int replace_townships(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = check_str_array(ctx, "township_codes", a);
	if (!rc)
		rc = db_run(ctx->db, sql_del_townships, "i", d->id);
	json_array_foreach(a, i, v)
	{
		int64_t n = 0;
		if (rc || (rc = db_one_int(ctx->db, &n, sql_township_ok, "tt", json_string_value(v),
					   d->division)))
			break;
		if (!n)
			return field_err(ctx, SG_EINVAL, "township_codes", i, NULL, "R-PRJ-3",
					 "受益乡镇（街道）应为购买主体辖区内的乡级行政区划",
					 "a beneficiary township must be a township of the "
					 "purchaser's area");
		if ((rc = db_run(ctx->db, sql_add_township, "it", d->id, json_string_value(v))) ==
		    SG_ECONFLICT)
			return field_err(ctx, SG_EINVAL, "township_codes", i, NULL, "R-IO-1",
					 "重复", "listed twice");
	}
	return rc;
}

/* A station of a beneficiary township (or a village under it); called
 * after the townships are written. */
static const char sql_station_in_townships[] =
    "SELECT COUNT(*) FROM project_townships WHERE project_id = ? AND ? LIKE division_code || '%'";

static int replace_stations(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	db_stmt *s;
	int rc = check_id_array(ctx, "station_ids", a);
	if (!rc)
		rc = db_run(ctx->db, sql_del_stations, "i", d->id);
	json_array_foreach(a, i, v)
	{
		char division[13];
		int64_t n = 0;
		if (rc || (rc = scope_query(ctx, &s, sql_station_ok, "i", json_integer_value(v))))
			break;
		if ((rc = db_step(s)) != DB_ROW) {
			if (rc < 0)
				break;
			return field_err(ctx, SG_ENOTFOUND, "station_ids", i, NULL, "R-ROLE-1",
					 "社工站不存在", "no such station");
		}
		snprintf(division, sizeof division, "%s", db_text(s, 0));
		db_reset(s);
		if ((rc = db_one_int(ctx->db, &n, sql_station_in_townships, "it", d->id, division)))
			break;
		if (!n)
			return field_err(ctx, SG_EINVAL, "station_ids", i, NULL, "R-PRJ-3",
					 "社工站应在受益乡镇（街道）内",
					 "a station must lie in a beneficiary township");
		if ((rc = db_run(ctx->db, sql_add_station, "ii", d->id, json_integer_value(v))) ==
		    SG_ECONFLICT)
			return field_err(ctx, SG_EINVAL, "station_ids", i, NULL, "R-IO-1", "重复",
					 "listed twice");
	}
	return rc;
}

static int replace_lines(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = 0;
	if (!json_is_array(a) || json_array_size(a) > LIST_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "lines", "R-IO-1",
				   "lines 应为至多 %d 项的数组",
				   "lines must be an array of at most %d", LIST_MAX);
	if ((rc = db_run(ctx->db, sql_del_lines, "i", d->id)))
		return rc;
	json_array_foreach(a, i, v)
	{
		if (!json_is_object(v))
			return field_err(ctx, SG_EINVAL, "lines", i, NULL, "R-IO-1", "应为对象",
					 "must be an object");
		json_t *item = json_object_get(v, "item_id"),
		       *amount = json_object_get(v, "amount");
		const char *matter = json_string_value(json_object_get(v, "matter"));
		const char *nature = json_string_value(json_object_get(v, "nature"));
		const char *note = json_string_value(json_object_get(v, "note"));
		int64_t fen = amount ? json_integer_value(amount) : 0, n = 0;
		if (amount && (!json_is_integer(amount) || fen < 0 || fen > MONEY_MAX))
			return field_err(ctx, SG_EINVAL, "lines", i, "amount", "R-PRJ-2",
					 "金额应为非负整数（单位：分）",
					 "the amount must be a non-negative integer of fen");
		if (note && utf8_count(note, strlen(note)) > 500)
			return field_err(ctx, SG_EINVAL, "lines", i, "note", "R-IO-1",
					 "说明至多 500 字", "the note is at most 500 characters");
		if (item && (matter || nature))
			return field_err(ctx, SG_EINVAL, "lines", i, NULL, "R-CAT-3",
					 "每项内容为服务目录事项或所申报的事项之一，不能兼有",
					 "a line is a catalog item or a declared matter, not both");
		if (item) {
			if (!json_is_integer(item) ||
			    (rc = db_one_int(ctx->db, &n, sql_item_ok, "iti",
					     json_integer_value(item), d->division,
					     (int64_t)d->year)))
				return rc ? rc
					  : field_err(ctx, SG_EINVAL, "lines", i, "item_id",
						      "R-IO-1", "应为正整数",
						      "must be a positive integer");
			if (!n)
				return field_err(
				    ctx, SG_EINVAL, "lines", i, "item_id", "R-CAT-1",
				    "服务事项不在本地区本年度的目录中",
				    "not an item of the catalog of this region and year");
		} else {
			if (utf8_blank(matter) || utf8_count(matter, strlen(matter)) > 200)
				return field_err(ctx, SG_EINVAL, "lines", i, "matter", "R-CAT-3",
						 "请填写所申报的事项（至多 200 字）",
						 "name the matter (at most 200 characters)");
			if (!nature)
				return field_err(ctx, SG_EINVAL, "lines", i, "nature", "R-CAT-3",
						 "请说明事项性质", "state the matter's nature");
			if (strcmp(nature, "service") != 0 &&
			    ((rc = db_one_int(ctx->db, &n, sql_nature, "t", nature)) || !n))
				return rc ? rc
					  : field_err(ctx, SG_EINVAL, "lines", i, "nature",
						      "R-CAT-3",
						      "事项性质应为“服务”或负面清单中的一项",
						      "the nature is \"service\" or an item of the "
						      "negative list");
		}
		rc = db_run(ctx->db, sql_add_line, "iiIttit", d->id, (int64_t)i + 1,
			    item ? json_integer_value(item) : 0, item ? NULL : matter,
			    item ? NULL : nature, fen, note ? note : "");
		if (rc)
			return rc;
	}
	return 0;
}

static int replace_targets(sg_ctx *ctx, const struct draft *d, const json_t *a)
{
	size_t i;
	json_t *v;
	int rc = 0;
	if (!json_is_array(a) || json_array_size(a) > 50)
		return sg_err_set(&ctx->err, SG_EINVAL, "targets", "R-IO-1",
				  "targets 应为至多 50 项的数组",
				  "targets must be an array of at most 50");
	if ((rc = db_run(ctx->db, sql_del_targets, "i", d->id)))
		return rc;
	json_array_foreach(a, i, v)
	{
		if (!json_is_object(v))
			return field_err(ctx, SG_EINVAL, "targets", i, NULL, "R-IO-1", "应为对象",
					 "must be an object");
		const char *kind = json_string_value(json_object_get(v, "kind"));
		const char *code = json_string_value(json_object_get(v, "indicator"));
		const char *name = json_string_value(json_object_get(v, "name"));
		const char *unit = json_string_value(json_object_get(v, "unit"));
		const char *measure = json_string_value(json_object_get(v, "measure"));
		json_t *target = json_object_get(v, "target"),
		       *baseline = json_object_get(v, "baseline");
		if (enum_index(&project_target_kinds, kind) < 0)
			return field_err(ctx, SG_EINVAL, "targets", i, "kind", "R-PRJ-1",
					 "目标类别应为数量、规模、质量或效果",
					 "the kind is quantity, scale, quality or effect");
		const struct indicator *ind = indicator_of(code);
		if (!ind)
			return field_err(ctx, SG_EINVAL, "targets", i, "indicator", "R-PRJ-1",
					 "没有这项指标", "no such indicator");
		if (ind->kind && strcmp(ind->kind, kind) != 0)
			return field_err(ctx, SG_EINVAL, "targets", i, "indicator", "R-PRJ-1",
					 "该指标不属于此类目标",
					 "the indicator is not of this kind of target");
		if (!ind->kind) { /* custom: its own name, unit and measure */
			if (utf8_blank(name) || utf8_count(name, strlen(name)) > 64)
				return field_err(ctx, SG_EINVAL, "targets", i, "name", "R-PRJ-1",
						 "请填写指标名称（至多 64 字）",
						 "name the indicator (at most 64 characters)");
			if (utf8_blank(unit) || utf8_count(unit, strlen(unit)) > 16)
				return field_err(ctx, SG_EINVAL, "targets", i, "unit", "R-PRJ-1",
						 "请填写计量单位", "give the unit");
			if (!measure || strcmp(measure, "records") == 0 ||
			    enum_index(&project_measures, measure) < 0)
				return field_err(
				    ctx, SG_EINVAL, "targets", i, "measure", "R-PRJ-5",
				    "自定义指标由满意度调查或绩效评估测量；自动统计须选用系统指标",
				    "a custom indicator is measured by a survey or the evaluation; "
				    "one computed from records needs a system indicator");
		} else {
			name = name && !utf8_blank(name) ? name : ind->zh;
			unit = ind->unit;
			measure = ind->measure;
		}
		int64_t max = strcmp(unit, "%") == 0 ? 100 : 100000000;
		if (!json_is_integer(target) || json_integer_value(target) < 0 ||
		    json_integer_value(target) > max)
			return field_err(ctx, SG_EINVAL, "targets", i, "target", "R-PRJ-1",
					 "目标值应为非负整数（百分比不超过 100）",
					 "the target is a non-negative integer (at most 100 for a "
					 "percentage)");
		if (baseline && !json_is_null(baseline) &&
		    (!json_is_integer(baseline) || json_integer_value(baseline) < 0 ||
		     json_integer_value(baseline) > max))
			return field_err(ctx, SG_EINVAL, "targets", i, "baseline", "R-PRJ-1",
					 "基线值应为非负整数",
					 "the baseline is a non-negative integer");
		bool has_base = baseline && json_is_integer(baseline);
		if (has_base)
			rc = db_run(ctx->db, sql_add_target, "iittttiit", d->id, (int64_t)i + 1,
				    kind, ind->code, name, unit, json_integer_value(baseline),
				    json_integer_value(target), measure);
		else
			rc = db_run(ctx->db, sql_add_target, "iittttnit", d->id, (int64_t)i + 1,
				    kind, ind->code, name, unit, json_integer_value(target),
				    measure);
		if (rc)
			return rc;
	}
	return 0;
}

/* A project's public identifier: 1 to 31 characters, not another's. */
static int check_code(sg_ctx *ctx, const char *code, int64_t id)
{
	int64_t n = 0;
	int rc;
	if (utf8_blank(code) || strlen(code) > 31)
		return sg_err_set(&ctx->err, SG_EINVAL, "code", "R-PRJ-1",
				  "项目编号应为 1 至 31 个字符", "the code is 1 to 31 characters");
	if ((rc = db_one_int(ctx->db, &n, sql_code_taken, "ti", code, id)))
		return rc;
	if (n)
		return sg_err_set(&ctx->err, SG_ECONFLICT, "code", "R-PRJ-1", "项目编号已被使用",
				  "the code is taken");
	return 0;
}

/* The checks and SQL shared by create and update, after the row exists. */
static int write_fields(sg_ctx *ctx, const struct draft *d, const struct project_fields *in)
{
	int rc = 0;
	if (in->code && (rc = check_code(ctx, in->code, d->id)))
		return rc;
	if (in->name && (utf8_blank(in->name) || utf8_count(in->name, strlen(in->name)) > 100))
		return sg_err_set(&ctx->err, SG_EINVAL, "name", "R-PRJ-1",
				  "项目名称应为 1 至 100 个字", "the name is 1 to 100 characters");
	if (in->amount >= 0 && (rc = check_money(ctx, "amount", "R-PRJ-2", in->amount, MONEY_MAX)))
		return rc;
	if ((rc = check_date(ctx, "service_start", "R-PRJ-1", in->service_start)) ||
	    (rc = check_date(ctx, "service_end", "R-PRJ-1", in->service_end)))
		return rc;
	if (in->plan_id > 0) {
		int64_t n = 0, dep = 0;
		static const char sql_dep[] = "SELECT department_id FROM projects WHERE id = ?";
		if ((rc = db_one_int(ctx->db, &dep, sql_dep, "i", d->id)) ||
		    (rc = db_one_int(ctx->db, &n, sql_plan_of, "iii", in->plan_id, dep,
				     (int64_t)d->year)))
			return rc;
		if (!n)
			return sg_err_set(&ctx->err, SG_EINVAL, "plan_id", "R-PRJ-1",
					  "年度计划应为本部门本年度的计划",
					  "the plan must be the department's plan of the year");
	}
	rc = db_run(ctx->db, sql_update, "ttiiiiittttttiitttiitttii", in->code, in->name,
		    in->plan_id, in->plan_id, in->plan_id, in->amount, in->amount,
		    in->service_start, in->service_start, in->service_start, in->service_end,
		    in->service_end, in->service_end, (int64_t)in->stable, (int64_t)in->stable,
		    in->stable_reason, in->stable_reason, in->stable_reason,
		    (int64_t)in->station_operation, (int64_t)in->station_operation, in->content,
		    in->standards, in->requirements, ctx->now, d->id);
	if (rc == SG_ECONFLICT) /* the CHECK: stable needs its reason */
		return sg_err_set(&ctx->err, SG_EINVAL, "stable_reason", "R-CON-2",
				  "长期稳定服务须说明理由",
				  "a stable, continuous service needs its reason");
	if (rc)
		return rc;
	if (in->item_ids && (rc = replace_items(ctx, d, in->item_ids)))
		return rc;
	if (in->group_codes && (rc = replace_groups(ctx, d, in->group_codes)))
		return rc;
	if (in->township_codes && (rc = replace_townships(ctx, d, in->township_codes)))
		return rc;
	if (in->station_ids && (rc = replace_stations(ctx, d, in->station_ids)))
		return rc;
	if (in->lines && (rc = replace_lines(ctx, d, in->lines)))
		return rc;
	if (in->targets && (rc = replace_targets(ctx, d, in->targets)))
		return rc;
	return 0;
}

int project_create(sg_ctx *ctx, const struct project_fields *in, json_t **out)
{
	struct department_ref dep;
	struct write w;
	int64_t id = 0, budget = 0, seq = 0;
	int rc = perm_require(ctx, PERM_PROJECT_EDIT);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "name", "R-PRJ-1", in->name)))
		return rc;
	if (in->year < 2000 || in->year > 2100)
		return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-PRJ-1",
				  "year 应为 2000 至 2100 的年份",
				  "year must be from 2000 to 2100");
	rc = write_open_new(&w, ctx, &project_write, "project.create");
	if (!rc)
		rc = department_get(ctx, "department_id", in->department_id, in->year, &dep);
	if (!rc)
		rc = budget_of(ctx, dep.id, in->year, &budget);
	if (!rc && !budget)
		rc =
		    sg_err_setf(&ctx->err, SG_EINVAL, "year", "R-PRJ-2",
				"该部门尚未编制 %d 年度预算，请先编制预算",
				"the department has no budget for %d yet: make it first", in->year);
	/* A code of its own, or the next of the department's year. */
	const char *code = in->code;
	if (!rc && !code) {
		rc = db_one_int(ctx->db, &seq, sql_seq, "ii", dep.id, (int64_t)in->year);
		code = arena_printf(ctx->arena, "%s-%d-%03lld", dep.division_code, in->year,
				    (long long)seq + 1);
	}
	if (!rc)
		rc = check_code(ctx, code, 0);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "ttitiiIiiii", code, in->name, dep.id,
				dep.division_code, (int64_t)in->year, budget, (int64_t)0,
				in->amount > 0 ? in->amount : (int64_t)0, ctx->actor.user_id,
				ctx->now, ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	if (!rc) {
		struct draft d = {.id = id, .year = in->year};
		snprintf(d.division, sizeof d.division, "%s", dep.division_code);
		struct project_fields f = *in;
		f.code = NULL; /* checked and inserted above; the name is checked here */
		rc = write_fields(ctx, &d, &f);
	}
	return write_close(&w, rc, out);
}

static const char sql_state[] = "SELECT state, division_code, year FROM projects WHERE id = ?";

/* The project's state, division and year, into d and state. */
static int read_draft(sg_ctx *ctx, int64_t id, struct draft *d, char state[16])
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_state, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_project(ctx);
	snprintf(state, 16, "%s", db_text(s, 0));
	d->id = id;
	snprintf(d->division, sizeof d->division, "%s", db_text(s, 1));
	d->year = (int)db_int(s, 2);
	db_reset(s);
	return 0;
}

/* R-PRJ-4: the action needs another state; need_zh / need_en say which. */
static int wrong_state(sg_ctx *ctx, const char *state, const char *need_zh, const char *need_en)
{
	int i = enum_index(&project_states, state);
	char zh[256], en[256];
	snprintf(zh, sizeof zh, "项目当前为“%s”，%s", i >= 0 ? project_states.values[i].zh : state,
		 need_zh);
	snprintf(en, sizeof en, "the project is %s: %s",
		 i >= 0 ? project_states.values[i].en : state, need_en);
	return sg_err_set(&ctx->err, SG_ECONFLICT, "state", "R-PRJ-4", zh, en);
}

int project_update(sg_ctx *ctx, int64_t id, const struct project_fields *in, json_t **out)
{
	struct draft d;
	struct write w;
	char state[16];
	int rc = perm_require(ctx, PERM_PROJECT_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &project_write, "project.update", id);
	if (!rc)
		rc = read_draft(ctx, id, &d, state);
	if (!rc && strcmp(state, "draft") != 0)
		rc = wrong_state(ctx, state, "只有草稿可以修改", "only a draft can be changed");
	if (!rc)
		rc = write_fields(ctx, &d, in);
	return write_close(&w, rc, out);
}

/* -------------------------------------------------------------- actions */

static const char sql_set_state[] =
    "UPDATE projects SET state = ?, state_reason = ?, updated_at = ? WHERE id = ?";
static const char sql_submitted[] = "UPDATE projects SET state = 'submitted', state_reason = NULL,"
				    " submitted_by = ?, updated_at = ? WHERE id = ?";
static const char sql_approved[] = "UPDATE projects SET state = 'approved', approved_by = ?,"
				   " approved_at = ?, updated_at = ? WHERE id = ?";
static const char sql_facts[] =
    "SELECT p.name, p.amount, p.service_start, p.service_end, p.stable, p.stable_reason,"
    " (SELECT COUNT(*) FROM project_items WHERE project_id = p.id),"
    " (SELECT COUNT(*) FROM project_townships WHERE project_id = p.id),"
    " (SELECT COUNT(*) FROM project_lines WHERE project_id = p.id),"
    " (SELECT COUNT(*) FROM project_targets WHERE project_id = p.id AND kind = 'quantity'),"
    " (SELECT COUNT(*) FROM project_targets WHERE project_id = p.id AND kind = 'scale'),"
    " (SELECT COUNT(*) FROM project_targets WHERE project_id = p.id AND kind = 'quality'),"
    " (SELECT COUNT(*) FROM project_targets WHERE project_id = p.id AND kind = 'effect'),"
    " (SELECT COUNT(*) FROM project_groups WHERE project_id = p.id),"
    " p.budget_id, p.submitted_by, p.division_code, p.year"
    " FROM projects p WHERE p.id = ?";
static const char sql_negative_lines[] =
    "SELECT l.position, l.matter, n.name_zh, n.clause FROM project_lines l"
    " JOIN negative_list n ON n.code = l.nature WHERE l.project_id = ? ORDER BY l.position";
static const char sql_budget_name[] =
    "SELECT o.name, b.year FROM budgets b JOIN orgs o ON o.id = b.department_id WHERE b.id = ?";

/* R-CAT-3: a line whose nature is on the negative list bars the project
 * (one error per line). */
static int check_negative(sg_ctx *ctx, int64_t id)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_negative_lines, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		char field[64];
		snprintf(field, sizeof field, "lines[%lld].nature", (long long)db_int(s, 0) - 1);
		err_addf(ctx, SG_EINVAL, field, "R-CAT-3",
			 "第 %lld 项“%s”属于负面清单事项“%s”，不得作为政府购买服务内容（%s）",
			 "line %lld \"%s\" is on the negative list (\"%s\") and may not be bought "
			 "(%s)",
			 (long long)db_int(s, 0), db_text(s, 1), db_text(s, 2), db_text(s, 3));
	}
	if (rc < 0)
		return rc;
	return err_collected(ctx);
}

struct facts {
	int64_t amount, budget_id, submitted_by;
	char division[13];
	int year;
};

/* What submission needs (docs/PURCHASE.md, "Submit"): every gap is one
 * error, so the form marks them all. */
static int check_complete(sg_ctx *ctx, int64_t id, struct facts *f)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_facts, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_project(ctx);
	f->amount = db_int(s, 1);
	f->budget_id = db_int(s, 14);
	f->submitted_by = db_int(s, 15);
	snprintf(f->division, sizeof f->division, "%s", db_text(s, 16));
	f->year = (int)db_int(s, 17);
	char start[11] = "", end[11] = "";
	if (!db_is_null(s, 2))
		snprintf(start, sizeof start, "%s", db_text(s, 2));
	if (!db_is_null(s, 3))
		snprintf(end, sizeof end, "%s", db_text(s, 3));
	bool stable = db_int(s, 4) != 0;
	int64_t items = db_int(s, 6), towns = db_int(s, 7), lines = db_int(s, 8),
		groups = db_int(s, 13);
	int64_t kinds[4] = {db_int(s, 9), db_int(s, 10), db_int(s, 11), db_int(s, 12)};
	db_reset(s);

	if (f->amount <= 0)
		err_add(ctx, SG_EINVAL, "amount", "R-PRJ-2", "请填写项目预算金额",
			"give the project's budget amount");
	if (!start[0])
		err_add(ctx, SG_EINVAL, "service_start", "R-PRJ-1", "请填写服务期限的开始日期",
			"give the start of the service period");
	if (!end[0])
		err_add(ctx, SG_EINVAL, "service_end", "R-PRJ-1", "请填写服务期限的结束日期",
			"give the end of the service period");
	if (start[0] && end[0] && strcmp(end, start) < 0)
		err_add(ctx, SG_EINVAL, "service_end", "R-PRJ-1", "服务期限的结束日期早于开始日期",
			"the service period ends before it starts");
	if (start[0] && end[0] && strcmp(end, start) >= 0) {
		struct purchase_rule term;
		if ((rc = purchase_rule_get(
			 ctx, stable ? "contract.term_months_stable" : "contract.term_months",
			 f->division, f->year, &term)))
			return rc;
		int months = clock_term_months(start, end);
		if (months > term.value)
			err_addf(ctx, SG_EINVAL, "service_end", "R-CON-2",
				 "服务期限 %d 个月，超过 %lld 个月（%s）",
				 "the service period of %d months exceeds %lld months (%s)", months,
				 (long long)term.value, term.clause);
	}
	if (!items)
		err_add(ctx, SG_EINVAL, "item_ids", "R-PRJ-1", "请选择至少一项服务目录事项",
			"choose at least one catalog item");
	if (!groups)
		err_add(ctx, SG_EINVAL, "group_codes", "R-PRJ-1", "请选择服务对象",
			"choose the target groups");
	if (!towns)
		err_add(ctx, SG_EINVAL, "township_codes", "R-PRJ-3", "请选择受益乡镇（街道）",
			"choose the beneficiary townships");
	if (!lines)
		err_add(ctx, SG_EINVAL, "lines", "R-PRJ-1", "请填写购买内容",
			"list what is bought");
	for (size_t k = 0; k < 4; k++)
		if (!kinds[k]) {
			char zh[64], en[64];
			snprintf(zh, sizeof zh, "请设定%s", kind_values[k].zh);
			snprintf(en, sizeof en, "the project needs a target of kind \"%s\"",
				 kind_values[k].en);
			err_add(ctx, SG_EINVAL, "targets", "R-PRJ-1", zh, en);
		}
	return err_collected(ctx);
}

/* R-PRJ-2: the budget has the amount left, under its lock. */
static int check_budget(sg_ctx *ctx, const struct facts *f)
{
	struct budget_figures b;
	db_stmt *s;
	int rc = budget_figures_get(ctx, f->budget_id, &b);
	if (rc || f->amount <= b.left)
		return rc;
	char name[160] = "";
	int year = f->year;
	if ((rc = db_query(ctx->db, &s, sql_budget_name, "i", f->budget_id)) ||
	    (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_EINTERNAL;
	snprintf(name, sizeof name, "%s", db_text(s, 0));
	year = (int)db_int(s, 1);
	db_reset(s);
	int64_t short_by = f->amount - b.left;
	return sg_err_setf(&ctx->err, SG_ECONFLICT, "amount", "R-PRJ-2",
			   "%s %d 年度预算余额 %lld.%02lld 元，本项目需 %lld.%02lld 元，缺口 "
			   "%lld.%02lld 元",
			   "the %s budget of %d has %lld.%02lld yuan left; the project needs "
			   "%lld.%02lld, short by %lld.%02lld",
			   name, year, (long long)(b.left / 100), (long long)(b.left % 100),
			   (long long)(f->amount / 100), (long long)(f->amount % 100),
			   (long long)(short_by / 100), (long long)(short_by % 100));
}

static int check_reason(sg_ctx *ctx, const char *reason)
{
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (!utf8_blank(reason) && n >= 2 && n <= 500)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, "reason", "R-PRJ-4", "请说明理由（2 至 500 字）",
			  "give the reason (2 to 500 characters)");
}

/* The actions' needed state and permission. */
static const struct {
	const char *name, *from, *to, *need_zh, *need_en;
	enum perm perm;
} moves[PROJECT_ACTION__MAX] = {
    [PROJECT_SUBMIT] = {"submit", "draft", "submitted", "只有草稿可以提交审批",
			"only a draft can be submitted", PERM_PROJECT_EDIT},
    [PROJECT_APPROVE] = {"approve", "submitted", "approved", "只有待审批的项目可以审批",
			 "only a submitted project can be approved", PERM_PROJECT_APPROVE},
    [PROJECT_RETURN] = {"return", "submitted", "draft", "只有待审批的项目可以退回",
			"only a submitted project can be returned", PERM_PROJECT_APPROVE},
    [PROJECT_CANCEL] = {"cancel", NULL, "cancelled", "已结项或已撤销的项目不能撤销",
			"a closed or cancelled project cannot be cancelled", PERM_PROJECT_EDIT},
    [PROJECT_START] = {"start", "contracted", "in_service", "只有已签约的项目可以开始服务",
		       "only a contracted project can start", PERM_PROJECT_EDIT},
    [PROJECT_EVALUATE] = {"evaluate", "in_service", "evaluating", "只有服务中的项目可以进入评估",
			  "only a project in service can be evaluated", PERM_PROJECT_EDIT},
    [PROJECT_CLOSE] = {"close", "evaluating", "closed", "只有评估中的项目可以结项",
		       "only a project being evaluated can be closed", PERM_PROJECT_EDIT},
};

static const char sql_budget_of_project[] = "SELECT budget_id FROM projects WHERE id = ?";
static const char sql_started_contract[] =
    "SELECT COUNT(*) FROM contracts WHERE project_id = ? AND status = 'signed' AND start_on <= ?";

/* Approve takes the budget's lock before the project's. */
static int lock_for_approval(sg_ctx *ctx, int64_t id)
{
	int64_t budget = 0;
	int rc = db_one_int(ctx->db, &budget, sql_budget_of_project, "i", id);
	if (rc == SG_ENOTFOUND)
		return 0; /* the snapshot reports the project missing */
	if (!rc)
		rc = budget_lock(ctx, budget);
	return rc ? rc : project_lock(ctx, id);
}

static const struct write_spec approve_write = {
    .table = &project_table,
    .fail_zh = "保存项目失败",
    .fail_en = "the project could not be saved",
    .lock = lock_for_approval,
    .snapshot = snapshot,
    .detail = load,
};

int project_act(sg_ctx *ctx, int64_t id, enum project_action a, const char *reason, json_t **out)
{
	struct write w;
	struct draft d;
	struct facts f;
	char state[16];
	int rc;

	*out = NULL;
	assert(a >= 0 && a < PROJECT_ACTION__MAX);
	if ((rc = perm_require(ctx, moves[a].perm)))
		return rc;
	if ((a == PROJECT_RETURN || a == PROJECT_CANCEL) && (rc = check_reason(ctx, reason)))
		return rc;
	rc = write_open(&w, ctx, a == PROJECT_APPROVE ? &approve_write : &project_write,
			arena_printf(ctx->arena, "project.%s", moves[a].name), id);
	if (!rc)
		rc = read_draft(ctx, id, &d, state);
	if (!rc) {
		bool ok = moves[a].from
			      ? strcmp(state, moves[a].from) == 0
			      : strcmp(state, "closed") != 0 && strcmp(state, "cancelled") != 0;
		if (!ok)
			rc = wrong_state(ctx, state, moves[a].need_zh, moves[a].need_en);
	}
	switch (rc ? PROJECT_ACTION__MAX : a) {
	case PROJECT_SUBMIT:
		if (!(rc = check_complete(ctx, id, &f)) && !(rc = check_negative(ctx, id)) &&
		    !(rc = check_budget(ctx, &f)) &&
		    !(rc = db_run(ctx->db, sql_submitted, "iii", ctx->actor.user_id, ctx->now, id)))
			rc = approval_request(ctx, "project", id, id, d.division);
		break;
	case PROJECT_APPROVE:
		if (!(rc = approval_check(ctx, "project", id)) &&
		    !(rc = check_complete(ctx, id, &f)) && !(rc = check_negative(ctx, id)) &&
		    !(rc = check_budget(ctx, &f)) &&
		    !(rc = db_run(ctx->db, sql_approved, "iiii", ctx->actor.user_id, ctx->now,
				  ctx->now, id)))
			rc = approval_decide(ctx, "project", id, "approved", NULL);
		break;
	case PROJECT_RETURN:
		if (!(rc = approval_check(ctx, "project", id)) &&
		    !(rc = db_run(ctx->db, sql_set_state, "ttii", "draft", reason, ctx->now, id)))
			rc = approval_decide(ctx, "project", id, "returned", reason);
		break;
	case PROJECT_CANCEL:
		if (!(rc = db_run(ctx->db, sql_set_state, "ttii", "cancelled", reason, ctx->now,
				  id)))
			rc = approval_withdraw(ctx, "project", id, reason);
		break;
	case PROJECT_START: {
		/* The service starts on the contract's start date. */
		char today[11];
		int64_t n = 0;
		clock_cst_date(ctx->now, today);
		if (!(rc = db_one_int(ctx->db, &n, sql_started_contract, "it", id, today)) && !n)
			rc = sg_err_set(&ctx->err, SG_ECONFLICT, "state", "R-PRJ-4",
					"合同约定的服务开始日期未到",
					"the contract's start date has not come");
		if (!rc)
			rc = db_run(ctx->db, sql_set_state, "tnii", "in_service", ctx->now, id);
		break;
	}
	case PROJECT_EVALUATE:
	case PROJECT_CLOSE:
		rc = db_run(ctx->db, sql_set_state, "tnii", moves[a].to, ctx->now, id);
		break;
	default:
		break;
	}
	return write_close(&w, rc, out);
}

int project_move(sg_ctx *ctx, int64_t id, const char *from, const char *to)
{
	struct draft d;
	char state[16];
	int rc = read_draft(ctx, id, &d, state);
	if (rc)
		return rc;
	if (strcmp(state, from) != 0)
		return sg_err_setf(&ctx->err, SG_ECONFLICT, "project", "R-PRJ-4",
				   "项目当前为“%s”，应为“%s”", "the project is %s, not %s",
				   enum_zh(&project_states, state), enum_zh(&project_states, from));
	return db_run(ctx->db, sql_set_state, "tnii", to, ctx->now, id);
}
