/*
 * purchase_rule.c — the figures of the purchase's rules, national and
 * regional (purchase_rule.h).
 */
#include "domain/purchase_rule.h"

#include <string.h>

#include "base/clock.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/write.h"

static const struct enum_value purchase_rule_actions_values[] = {
    {"purchase_rule.set", "修改采购规则", "set a purchase rule"},
};
const struct enum_def purchase_rule_actions =
    ENUM_DEF("audit.action", purchase_rule_actions_values);

static const struct enum_value unit_values[] = {
    {"fen", "元", "yuan"},
    {"percent", "%", "%"},
    {"working_days", "个工作日", "working days"},
    {"days", "日", "days"},
    {"months", "个月", "months"},
    {"count", "家", "suppliers"},
    {"people", "人", "people"},
    {"flag", "是/否", "yes/no"},
};
const struct enum_def purchase_rule_units = ENUM_DEF("purchase_rule.unit", unit_values);

#define RULE_COLUMNS(X)                                                                            \
	X(PR_ID, "r.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(PR_CODE, "r.code", "code", COL_TEXT, DC_PUBLIC)                                          \
	X(PR_REGION, "r.region_code", "region_code", COL_TEXT, DC_PUBLIC)                          \
	X(PR_YEAR, "r.year", "year", COL_INT, DC_PUBLIC)                                           \
	X(PR_VALUE, "r.value", "value", COL_INT, DC_PUBLIC)                                        \
	X(PR_UNIT, "r.unit", "unit", COL_TEXT, DC_PUBLIC)                                          \
	X(PR_NAME_ZH, "r.name_zh", "name_zh", COL_TEXT, DC_PUBLIC)                                 \
	X(PR_NAME_EN, "r.name_en", "name_en", COL_TEXT, DC_PUBLIC)                                 \
	X(PR_CLAUSE, "r.clause", "clause", COL_TEXT, DC_PUBLIC)                                    \
	X(PR_DEMO, "r.demo", "demo", COL_BOOL, DC_PUBLIC)
enum { PR__FIRST, RULE_COLUMNS(COLUMN_ENUM) PR__MAX };
static const struct col_table rule_table = COLUMNS_TABLE("purchase_rule", RULE_COLUMNS, PR__MAX);

#define RULE_SELECT "SELECT " COLUMNS_SELECT(RULE_COLUMNS) " FROM purchase_rules r"
/* The rows that may set code for region ? and year ?, the one in force
 * first: longest region, then that year before every year. */
#define APPLICABLE                                                                                 \
	" WHERE (r.region_code IS NULL OR ? LIKE r.region_code || '%')"                            \
	" AND (r.year IS NULL OR r.year = ?)"
static const char sql_get[] =
    RULE_SELECT APPLICABLE " AND r.code = ?"
			   " ORDER BY length(COALESCE(r.region_code, '')) DESC,"
			   " CASE WHEN r.year IS NULL THEN 1 ELSE 0 END LIMIT 1";
static const char sql_list[] =
    RULE_SELECT APPLICABLE " ORDER BY r.code, length(COALESCE(r.region_code, '')) DESC,"
			   " CASE WHEN r.year IS NULL THEN 1 ELSE 0 END";
static const char sql_key[] = RULE_SELECT " WHERE r.code = ? AND COALESCE(r.region_code, '') = ?"
					  " AND COALESCE(r.year, 0) = ?";
static const char sql_national[] = RULE_SELECT " WHERE r.code = ? AND r.region_code IS NULL"
					       " AND r.year IS NULL";
static const char sql_get_id[] = RULE_SELECT " WHERE r.id = ?";
static const char sql_update[] =
    "UPDATE purchase_rules SET value = ?, clause = ?, demo = 0, updated_at = ? WHERE id = ?";
static const char sql_insert[] =
    "INSERT INTO purchase_rules (code, region_code, year, value, unit, name_zh, name_en, clause,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

static const char *arena_text(sg_ctx *ctx, db_stmt *s, int col)
{
	return db_is_null(s, col) ? NULL : arena_strdup(ctx->arena, db_text(s, col));
}

static void load(sg_ctx *ctx, db_stmt *s, struct purchase_rule *out)
{
	*out = (struct purchase_rule){
	    .id = db_int(s, PR_ID),
	    .value = db_int(s, PR_VALUE),
	    .code = arena_text(ctx, s, PR_CODE),
	    .unit = arena_text(ctx, s, PR_UNIT),
	    .name_zh = arena_text(ctx, s, PR_NAME_ZH),
	    .name_en = arena_text(ctx, s, PR_NAME_EN),
	    .clause = arena_text(ctx, s, PR_CLAUSE),
	    .region_code = arena_text(ctx, s, PR_REGION),
	    .year = db_is_null(s, PR_YEAR) ? 0 : (int)db_int(s, PR_YEAR),
	    .demo = db_int(s, PR_DEMO) != 0,
	};
}

int purchase_rule_get(sg_ctx *ctx, const char *code, const char *region, int year,
		      struct purchase_rule *out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_get, "tit", region ? region : "",
			  (int64_t)(year ? year : clock_cst_year(ctx->now)), code);
	if (rc)
		return rc;
	if ((rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_setf(&ctx->err, SG_EINTERNAL, "", "", "采购规则 %s 缺失",
					    "the purchase rule %s is missing", code);
	load(ctx, s, out);
	db_reset(s);
	return 0;
}

const char *purchase_rule_cite(sg_ctx *ctx, const struct purchase_rule *r)
{
	return arena_printf(ctx->arena, "%s（%s%s）", r->name_zh, r->clause,
			    r->demo ? "；演示数据" : "");
}

int purchase_rules_list(sg_ctx *ctx, const char *region, int year, json_t **out)
{
	struct reading rd;
	db_stmt *s;
	int rc = 0;

	*out = NULL;
	if (region && (rc = check_division_code(ctx, "region", region)))
		return rc;
	if (!year)
		year = clock_cst_year(ctx->now);
	json_t *items = json_array(), *cur = NULL;
	if (!(rc = read_open(&rd, ctx)))
		rc = db_query(ctx->db, &s, sql_list, "ti", region ? region : "", (int64_t)year);
	/* Rows come grouped by code, the one in force first: it is the item,
	 * the others are what it overrides. */
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *row = row_object(s, &rule_table, 0);
		const char *code = db_text(s, PR_CODE);
		if (cur && strcmp(json_string_value(json_object_get(cur, "code")), code) == 0) {
			json_array_append_new(json_object_get(cur, "overrides"), row);
			continue;
		}
		cur = row;
		json_object_set_new_nocheck(cur, "overrides", json_array());
		json_array_append_new(items, cur);
	}
	if (rc < 0) {
		json_decref(items);
		return read_close(&rd, rc, "读取采购规则失败", "cannot read the purchase rules");
	}
	*out = json_pack("{s:s?,s:i,s:o}", "region_code", region, "year", year, "items", items);
	return read_close(&rd, 0, "读取采购规则失败", "cannot read the purchase rules");
}

static int get_rule(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_get_id, "i", id);
	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : SG_ENOTFOUND;
	*out = row_object(s, &rule_table, 0);
	db_reset(s);
	return 0;
}

static const struct write_spec rule_write = {
    .table = &rule_table,
    .fail_zh = "保存采购规则失败",
    .fail_en = "the purchase rule could not be saved",
    .snapshot = get_rule,
    .detail = get_rule,
};

/* The range of a figure in unit. */
static int check_value(sg_ctx *ctx, const char *unit, int64_t v)
{
	int64_t max = strcmp(unit, "percent") == 0 ? 100
		      : strcmp(unit, "flag") == 0  ? 1
		      : strcmp(unit, "fen") == 0   ? INT64_C(100000000000000)
						   : 1000;
	if (v >= 0 && v <= max)
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, "value", "R-PROC-1", "value 应为 0 至 %lld",
			   "value must be 0 to %lld", (long long)max);
}

int purchase_rule_set(sg_ctx *ctx, const char *code, const char *region, int year, int64_t value,
		      const char *clause, json_t **out)
{
	struct purchase_rule national, row;
	struct write w;
	db_stmt *s;
	int64_t id = 0;
	int rc = perm_require(ctx, region ? PERM_PURCHASE_RULES_EDIT : PERM_SETTINGS_EDIT);

	*out = NULL;
	if (rc || (rc = check_required(ctx, "clause", "R-PROC-1", clause)) ||
	    (region && (rc = check_division_in_scope(ctx, "region_code", region))))
		return rc;
	if (year && (year < 2000 || year > 2100))
		return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-PROC-1",
				  "year 应为 2000 至 2100 的年份",
				  "year must be from 2000 to 2100");
	/* The national row names the rule and its unit. */
	if ((rc = db_query(ctx->db, &s, sql_national, "t", code)))
		return rc;
	if ((rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_EINVAL, "code", "R-PROC-1",
					   "没有这项采购规则", "no such purchase rule");
	load(ctx, s, &national);
	db_reset(s);
	if ((rc = check_value(ctx, national.unit, value)))
		return rc;
	if ((rc = db_query(ctx->db, &s, sql_key, "tti", code, region ? region : "", (int64_t)year)))
		return rc;
	if ((rc = db_step(s)) == DB_ROW) {
		load(ctx, s, &row);
		db_reset(s);
		id = row.id;
	} else if (rc < 0) {
		return rc;
	}
	rc = id ? write_open(&w, ctx, &rule_write, "purchase_rule.set", id)
		: write_open_new(&w, ctx, &rule_write, "purchase_rule.set");
	if (!rc && id)
		rc = db_run(ctx->db, sql_update, "itii", value, clause, ctx->now, id);
	else if (!rc) {
		rc = db_one_int(ctx->db, &id, sql_insert, "ttIitttti", code, region, (int64_t)year,
				value, national.unit, national.name_zh, national.name_en, clause,
				ctx->now);
		if (!rc)
			rc = write_created(&w, id);
	}
	return write_close(&w, rc, out);
}
