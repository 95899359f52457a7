/*
 * catalog.c — the guidance catalog (R-CAT-1), target groups (R-CAT-2) and
 * the negative list (R-CAT-3): reads, and the items' additions and
 * changes, each audited in its own transaction.
 */
#include "domain/catalog.h"

#include <stdbool.h>
#include <string.h>

#include "base/codes.h"
#include "base/utf8.h"
#include "base/jsonv.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value catalog_actions_values[] = {
    {"catalog.item_create", "新增服务事项", "add a catalog item"},
    {"catalog.item_update", "修改服务事项", "change a catalog item"},
};
const struct enum_def catalog_actions = ENUM_DEF("audit.action", catalog_actions_values);

enum { CODE_MAX_CHARS = 40 };

#define ITEM_COLUMNS(X)                                                                            \
	X(IT_ID, "id", "id", COL_INT, DC_PUBLIC)                                                   \
	X(IT_AREA, "area_code", "area_code", COL_TEXT, DC_PUBLIC)                                  \
	X(IT_CODE, "code", "code", COL_TEXT, DC_PUBLIC)                                            \
	X(IT_NAME_ZH, "name_zh", "name_zh", COL_TEXT, DC_PUBLIC)                                   \
	X(IT_NAME_EN, "name_en", "name_en", COL_TEXT, DC_PUBLIC)                                   \
	X(IT_DESCRIPTION, "description_zh", "description_zh", COL_TEXT, DC_PUBLIC)                 \
	X(IT_POSITION, "position", "position", COL_INT, DC_PUBLIC)                                 \
	X(IT_DIVISION, "division_code", "division_code", COL_TEXT, DC_PUBLIC)                      \
	X(IT_YEAR, "year", "year", COL_INT, DC_PUBLIC)
enum { IT__FIRST, ITEM_COLUMNS(COLUMN_ENUM) IT__MAX };
static const struct col_table item_table = COLUMNS_TABLE("catalog_item", ITEM_COLUMNS, IT__MAX);
#define ITEM_COLS COLUMNS_SELECT(ITEM_COLUMNS)

static const char sql_areas[] =
    "SELECT code, name_zh, name_en, position FROM catalog_areas ORDER BY position, code";
/* The national items and the additions of a division's path: its own and
 * its ancestors' (a code is a prefix of the codes below it). */
static const char sql_items_path[] =
    "SELECT " ITEM_COLS " FROM catalog_items WHERE division_code IS NULL"
    " OR (? LIKE division_code || '%' AND (? = 0 OR year IS NULL OR year = ?))"
    " ORDER BY position, id";
/* The national items and the additions within the actor's scope. */
static const char sql_items_scope[] =
    "SELECT " ITEM_COLS " FROM catalog_items WHERE division_code IS NULL"
    " OR (" SCOPE_DIVISION("division_code") " AND (? = 0 OR year IS NULL OR year = ?))"
					    " ORDER BY position, id";
static const char sql_target_groups[] =
    "SELECT code, name_zh, name_en, position FROM target_groups ORDER BY position, code";
static const char sql_negative_list[] = "SELECT code, name_zh, name_en, clause, position"
					" FROM negative_list ORDER BY position, code";
static const char sql_area_exists[] = "SELECT COUNT(*) FROM catalog_areas WHERE code = ?";
static const char sql_count_area[] = "SELECT COUNT(*) FROM catalog_items WHERE area_code = ?";
/* A code is taken by a national item of the area, or by an addition of
 * the same division for the same year (0: every year). */
static const char sql_code_taken[] =
    "SELECT COUNT(*) FROM catalog_items WHERE area_code = ? AND code = ?"
    " AND (division_code IS NULL OR (division_code = ? AND COALESCE(year, 0) = ?))";
static const char sql_insert[] =
    "INSERT INTO catalog_items (area_code, code, name_zh, name_en, description_zh, position,"
    " division_code, year, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?) RETURNING id";
/* One item, if national or within the actor's scope. */
static const char sql_get[] = "SELECT " ITEM_COLS " FROM catalog_items WHERE id = ?"
			      " AND (division_code IS NULL OR " SCOPE_DIVISION("division_code") ")";
/* A no-op update that takes the row lock (a portable SELECT … FOR UPDATE). */
static const char sql_lock[] = "UPDATE catalog_items SET updated_at = updated_at WHERE id = ?";
static const char sql_update[] = "UPDATE catalog_items SET name_zh = ?, name_en = ?,"
				 " description_zh = ?, position = ?, updated_at = ? WHERE id = ?";

static json_t *render_item(db_stmt *s)
{
	return row_object(s, &item_table, 0);
}

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取服务目录失败",
			   "cannot read the catalog");
	return rc;
}

int catalog_get(sg_ctx *ctx, const char *division, int year, json_t **out)
{
	json_t *areas = json_array(), *by_code = json_object();
	db_stmt *s;
	int rc;

	*out = NULL;
	if (division && division_code_check(division, strlen(division), NULL) != 0) {
		json_decref(areas);
		json_decref(by_code);
		return sg_err_set(&ctx->err, SG_EINVAL, "division", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	}
	struct reading rd;
	if ((rc = read_open(&rd, ctx))) {
		read_close(&rd, rc, "读取服务目录失败", "cannot read the catalog");
		goto fail;
	}
	rc = db_query(ctx->db, &s, sql_areas, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *a = json_object(), *items = json_array();
		json_object_set_new_nocheck(a, "code", json_string(db_text(s, 0)));
		json_object_set_new_nocheck(a, "name_zh", json_string(db_text(s, 1)));
		json_object_set_new_nocheck(a, "name_en", json_string(db_text(s, 2)));
		json_object_set_new_nocheck(a, "position", json_integer(db_int(s, 3)));
		json_object_set_new_nocheck(a, "items", items);
		json_object_set(by_code, db_text(s, 0), items);
		json_array_append_new(areas, a);
	}
	if (rc >= 0)
		rc = division ? db_query(ctx->db, &s, sql_items_path, "tii", division,
					 (int64_t)year, (int64_t)year)
			      : scope_query(ctx, &s, sql_items_scope, "ii", (int64_t)year,
					    (int64_t)year);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *items = json_object_get(by_code, db_text(s, IT_AREA));
		if (items)
			json_array_append_new(items, render_item(s));
	}
	if ((rc = read_close(&rd, rc < 0 ? rc : 0, "读取服务目录失败", "cannot read the catalog")))
		goto fail;
	json_decref(by_code);
	*out = json_pack("{s:o}", "areas", areas);
	return 0;
fail:
	json_decref(areas);
	json_decref(by_code);
	return rc;
}

/* {items:[…]} of a reference table: code, name_zh, name_en, then the
 * remaining columns (keys), text or integer as stored. */
static int list_table(sg_ctx *ctx, const char *sql, const char *const *keys, size_t nkeys,
		      json_t **out)
{
	json_t *items = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql, NULL);

	*out = NULL;
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *o = json_object();
		for (size_t i = 0; i < nkeys; i++)
			json_object_set_new_nocheck(o, keys[i],
						    strcmp(keys[i], "position") == 0
							? json_integer(db_int(s, (int)i))
							: json_string(db_text(s, (int)i)));
		json_array_append_new(items, o);
	}
	if (rc < 0) {
		json_decref(items);
		return read_failed(ctx, rc);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

int catalog_target_groups(sg_ctx *ctx, json_t **out)
{
	static const char *const keys[] = {"code", "name_zh", "name_en", "position"};
	return list_table(ctx, sql_target_groups, keys, sizeof keys / sizeof keys[0], out);
}

int catalog_negative_list(sg_ctx *ctx, json_t **out)
{
	static const char *const keys[] = {"code", "name_zh", "name_en", "clause", "position"};
	return list_table(ctx, sql_negative_list, keys, sizeof keys / sizeof keys[0], out);
}

/* ----------------------------------------------------------------- writes */

/* An item code: a lower-case letter, then lower-case letters, digits or _. */
static int check_code(sg_ctx *ctx, const char *code)
{
	size_t n = strlen(code);
	bool ok = n >= 2 && n <= CODE_MAX_CHARS && code[0] >= 'a' && code[0] <= 'z';
	for (size_t i = 1; ok && i < n; i++)
		ok = (code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
		     code[i] == '_';
	if (ok)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, "code", "R-CAT-1",
			  "事项代码应为 2 至 40 位小写字母、数字或下划线，以字母开头",
			  "an item code is 2 to 40 lower-case letters, digits or _, starting "
			  "with a letter");
}

static int check_position(sg_ctx *ctx, int position)
{
	if (position >= 0 && position <= 9999)
		return 0;
	return sg_err_set(&ctx->err, SG_EINVAL, "position", "R-CAT-1", "排序应为 0 至 9999",
			  "the position must be 0 to 9999");
}

static int national_forbidden(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_EFORBIDDEN, "division_code", "R-CAT-1",
			  "全国默认事项只能由系统管理员修改",
			  "only an administrator changes the national items");
}

/* One item within the actor's scope, or SG_ENOTFOUND. */
static int get_item(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		*out = render_item(s);
		db_reset(s);
		return 0;
	}
	if (rc < 0)
		return rc;
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "服务事项不存在",
			  "no such catalog item");
}

/* A new item's code, when none is given: the area's code and the first
 * free number ("elderly_7"). */
static const char sql_codes_like[] =
    "SELECT COUNT(*) FROM catalog_items WHERE area_code = ? AND code = ?";

static int generate_code(sg_ctx *ctx, const struct catalog_item_new *in, const char **out)
{
	int64_t taken = 0, n = 0;
	int rc = db_one_int(ctx->db, &n, sql_count_area, "t", in->area_code);
	for (int64_t k = n + 1; !rc && k < n + 1000; k++) {
		const char *code = arena_printf(ctx->arena, "%s_%lld", in->area_code, (long long)k);
		if ((rc = db_one_int(ctx->db, &taken, sql_codes_like, "tt", in->area_code, code)))
			break;
		if (!taken) {
			*out = code;
			return 0;
		}
	}
	return rc ? rc : SG_EINTERNAL;
}

static int check_new(sg_ctx *ctx, const struct catalog_item_new *in)
{
	int rc;
	if ((rc = check_required(ctx, "area_code", "R-CAT-1", in->area_code)) ||
	    (in->code && in->code[0] && (rc = check_code(ctx, in->code))) ||
	    (rc = check_required(ctx, "name_zh", "R-CAT-1", in->name_zh)) ||
	    (rc = check_position(ctx, in->position)))
		return rc;
	if (in->year && (in->year < CATALOG_YEAR_MIN || in->year > CATALOG_YEAR_MAX))
		return sg_err_setf(&ctx->err, SG_EINVAL, "year", "R-CAT-1", "年度应为 %d 至 %d",
				   "the year must be %d to %d", CATALOG_YEAR_MIN, CATALOG_YEAR_MAX);
	if (!in->division_code) {
		if (in->year)
			return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-CAT-1",
					  "全国默认事项不分年度，年度须与行政区划同用",
					  "national items have no year: give a year with a "
					  "division_code");
		if (!perm_has(ctx, PERM_SETTINGS_EDIT))
			return national_forbidden(ctx);
	} else if ((rc = check_division_code(ctx, "division_code", in->division_code))) {
		return rc;
	}
	return 0;
}

static int item_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

static const struct write_spec item_write = {
    .table = &item_table,
    .fail_zh = "保存服务事项失败",
    .fail_en = "the catalog item could not be saved",
    .lock = item_lock,
    .snapshot = get_item,
    .detail = get_item,
};

int catalog_item_add(sg_ctx *ctx, const struct catalog_item_new *in, json_t **out)
{
	struct write w;
	const char *code = in->code && in->code[0] ? in->code : NULL;
	int64_t n = 0, id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_CATALOG_EDIT)) || (rc = check_new(ctx, in)))
		return rc;
	rc = write_open_new(&w, ctx, &item_write, "catalog.item_create");
	if (!rc && !(rc = db_one_int(ctx->db, &n, sql_area_exists, "t", in->area_code)) && !n)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "area_code", "R-CAT-1", "服务领域不存在",
				"no such catalog area");
	if (!rc && in->division_code)
		rc = check_division_in_scope(ctx, "division_code", in->division_code);
	if (!rc && !code)
		rc = generate_code(ctx, in, &code);
	if (!rc &&
	    !(rc = db_one_int(ctx->db, &n, sql_code_taken, "ttti", in->area_code, code,
			      in->division_code, (int64_t)in->year)) &&
	    n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "code", "R-CAT-1",
				"该领域已有此代码的服务事项",
				"the area already has an item with this code");
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "tttttitiii", in->area_code, code,
				in->name_zh, in->name_en ? in->name_en : "",
				in->description_zh && in->description_zh[0] ? in->description_zh
									    : NULL,
				(int64_t)in->position, in->division_code, (int64_t)in->year,
				ctx->now, ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}

int catalog_item_update(sg_ctx *ctx, int64_t id, const struct catalog_item_patch *p, json_t **out)
{
	struct write w;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_CATALOG_EDIT)) ||
	    (p->name_zh && (rc = check_required(ctx, "name_zh", "R-CAT-1", p->name_zh))) ||
	    (p->position >= 0 && (rc = check_position(ctx, p->position))))
		return rc;
	rc = write_open(&w, ctx, &item_write, "catalog.item_update", id);
	const json_t *old = write_old(&w);
	if (!rc && json_is_null(json_object_get(old, "division_code")) &&
	    !perm_has(ctx, PERM_SETTINGS_EDIT))
		rc = national_forbidden(ctx);
	const char *desc =
	    p->description_zh ? p->description_zh : jsonv_str(old, "description_zh", NULL);
	if (!rc)
		rc = db_run(ctx->db, sql_update, "tttiii",
			    p->name_zh ? p->name_zh : jsonv_str(old, "name_zh", ""),
			    p->name_en ? p->name_en : jsonv_str(old, "name_en", ""),
			    desc && desc[0] ? desc : NULL,
			    p->position >= 0 ? (int64_t)p->position : jsonv_int(old, "position", 0),
			    ctx->now, id);
	return write_close(&w, rc, out);
}
