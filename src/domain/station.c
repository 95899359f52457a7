/*
 * station.c — the station network (R-NET-1, R-NET-2): stations, their
 * service areas and their staff. Each write goes through write.h in its
 * own transaction with its audit entry, and recomputes the stored
 * "working" flag of the station (readiness.h).
 *
 * Locking: every write to a station takes its tier's checklist items,
 * then the station's row (readiness_lock_station), before it reads;
 * readiness.c says why that order.
 */
#include "domain/station.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/codes.h"
#include "base/jsonv.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/division.h"
#include "domain/eligibility.h"
#include "domain/org.h"
#include "domain/page.h"
#include "domain/readiness.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/worker.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value station_actions_values[] = {
    {"station.create", "设立社工站", "create a station"},
    {"station.update", "修改社工站", "change a station"},
    {"station.staff_assign", "安排社工到站", "assign a worker"},
    {"station.staff_remove", "调离社工", "remove a worker"},
    {"station.export", "导出社工站", "export stations"},
    {"station.operator_contract", "签订合同确定运营机构", "operator set by a contract"},
};
const struct enum_def station_actions = ENUM_DEF("audit.action", station_actions_values);

enum { CODE_MAX = 12, NAME_MASK_MAX = 256 };

static const struct enum_value tier_values[] = {
    {"county", "县（区）社会工作指导中心", "county guidance centre"},
    {"township", "乡镇（街道）社工站", "township station"},
    {"village", "村（社区）社工室", "village room"},
};
const struct enum_def station_tiers = ENUM_DEF("station.tier", tier_values);
/* The division level each tier belongs to (R-NET-1), in tier order. */
static const int tier_levels[] = {DIV_COUNTY, DIV_TOWNSHIP, DIV_VILLAGE};
static const char *const level_zh[DIV__MAX] = {"省级", "地级", "县级", "乡级", "村级"};

static const struct enum_value status_values[] = {
    {"planned", "筹建中", "planned"},
    {"active", "运行中", "active"},
    {"suspended", "暂停", "suspended"},
    {"closed", "已关闭", "closed"},
};
const struct enum_def station_statuses = ENUM_DEF("station.status", status_values);
static const struct enum_value kind_values[] = {
    {"comprehensive", "综合站", "comprehensive"},
    {"specialised", "专项站", "specialised"},
};
const struct enum_def station_kinds = ENUM_DEF("station.kind", kind_values);
static const struct enum_value operation_values[] = {
    {"contract", "购买服务运营", "run under a contract"},
    {"self_operated", "自行运营", "self-operated"},
};
const struct enum_def station_operations = ENUM_DEF("station.operation", operation_values);
static const struct enum_value staff_role_values[] = {
    {"head", "负责人", "head"},
    {"staff", "工作人员", "staff"},
};
const struct enum_def staff_roles = ENUM_DEF("staff.role", staff_role_values);

/* ------------------------------------------------------------------- SQL */

/* Who sees a station (R-ROLE-1): scope.h. */
#define STATION_VISIBLE SCOPE_STATION_SEEN("s")

#define STATION_COLUMNS(X)                                                                         \
	X(ST_ID, "s.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(ST_DIVISION_CODE, "s.division_code", "division_code", COL_TEXT, DC_PUBLIC)               \
	X(ST_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                        \
	X(ST_TIER, "s.tier", "tier", COL_TEXT, DC_PUBLIC)                                          \
	X(ST_KIND, "s.kind", "kind", COL_TEXT, DC_PUBLIC)                                          \
	X(ST_DEMONSTRATION, "s.demonstration", "demonstration", COL_BOOL, DC_PUBLIC)               \
	X(ST_NAME, "s.name", "name", COL_TEXT, DC_PUBLIC)                                          \
	X(ST_ADDRESS, "s.address", "address", COL_TEXT, DC_PUBLIC)                                 \
	X(ST_OPENED_ON, "s.opened_on", "opened_on", COL_TEXT, DC_PUBLIC)                           \
	X(ST_STATUS, "s.status", "status", COL_TEXT, DC_PUBLIC)                                    \
	X(ST_OPERATION, "s.operation", "operation", COL_TEXT, DC_PUBLIC)                           \
	X(ST_OPERATOR_ID, "s.operator_org_id", NULL, COL_HIDDEN, DC_PUBLIC)                        \
	X(ST_OPERATOR_NAME, "o.name", NULL, COL_HIDDEN, DC_PUBLIC)                                 \
	X(ST_OPERATOR_TYPE, "o.type", NULL, COL_HIDDEN, DC_PUBLIC)                                 \
	X(ST_BRAND, "s.brand", "brand", COL_TEXT, DC_PUBLIC)                                       \
	X(ST_FEATURE, "s.feature", "feature", COL_TEXT, DC_PUBLIC)                                 \
	X(ST_WORKING, "s.working", "working", COL_BOOL, DC_PUBLIC)                                 \
	X(ST_CREATED_AT, "s.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(ST_UPDATED_AT, "s.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { ST__FIRST, STATION_COLUMNS(COLUMN_ENUM) ST__MAX };
const struct col_table station_table = COLUMNS_TABLE("station", STATION_COLUMNS, ST__MAX);

#define STATION_SELECT "SELECT " COLUMNS_SELECT(STATION_COLUMNS)
#define STATION_FROM                                                                               \
	" FROM stations s JOIN divisions d ON d.code = s.division_code"                            \
	" LEFT JOIN orgs o ON o.id = s.operator_org_id"

static const char sql_get[] = STATION_SELECT STATION_FROM " WHERE s.id = ? AND " STATION_VISIBLE;

/* Lists: by id after the cursor. The subtree is a range of codes (a code
 * is a prefix of the codes below it), which the index on division_code
 * answers; a name search (db.h "Text search") as for divisions: three
 * characters or more anywhere in the name, fewer at its start. One WHERE
 * serves the rows and their total. */
#define LIST_WHERE                                                                                 \
	" WHERE (? IS NULL OR (s.division_code >= ? AND s.division_code < ?))"                     \
	" AND (? IS NULL OR s.tier = ?) AND (? IS NULL OR s.status = ?)"                           \
	" AND (? < 0 OR s.working = ?) AND (? = 0 OR s.operator_org_id = ?)"                       \
	" AND " STATION_VISIBLE
#define LIST_FMT   "tttttttiiii"
#define LIST_PAGE  " AND s.id > ? ORDER BY s.id LIMIT ?"
#define CONTAINS   " AND {contains s.name s.id stations_search}"
#define PREFIX	   " AND {prefix s.name}"
#define COUNT_FROM "SELECT COUNT(*) FROM stations s"
static const char sql_list[] = STATION_SELECT STATION_FROM LIST_WHERE LIST_PAGE;
static const char sql_list_contains[] = STATION_SELECT STATION_FROM LIST_WHERE CONTAINS LIST_PAGE;
static const char sql_list_prefix[] = STATION_SELECT STATION_FROM LIST_WHERE PREFIX LIST_PAGE;
static const char sql_count[] = COUNT_FROM LIST_WHERE;
static const char sql_count_contains[] = COUNT_FROM LIST_WHERE CONTAINS;
static const char sql_count_prefix[] = COUNT_FROM LIST_WHERE PREFIX;
/* The division scopes of an actor: when there is exactly one, a list
 * without a division filter is restricted to it (the same rows, from the
 * index instead of a scan of every station). */
static const char sql_scope_divisions[] = "SELECT ref FROM user_scope WHERE user_id = ?"
					  " AND kind = 'division' ORDER BY ref LIMIT 2";

static const char sql_areas[] =
    "SELECT a.code, a.name_zh, a.name_en FROM station_areas sa"
    " JOIN catalog_areas a ON a.code = sa.area_code WHERE sa.station_id = ?"
    " ORDER BY a.position, a.code";
static const char sql_staff[] =
    "SELECT w.id, w.name, w.qualification, w.full_time, ss.role, ss.since"
    " FROM station_staff ss JOIN social_workers w ON w.id = ss.worker_id"
    " WHERE ss.station_id = ? ORDER BY CASE ss.role WHEN 'head' THEN 0 ELSE 1 END, w.id";

static const char sql_area_exists[] = "SELECT COUNT(*) FROM catalog_areas WHERE code = ?";
static const char sql_insert[] =
    "INSERT INTO stations (division_code, tier, kind, demonstration, name, address, opened_on,"
    " status, operator_org_id, operation, brand, feature, working, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id";
static const char sql_update[] =
    "UPDATE stations SET kind = ?, demonstration = ?, name = ?, address = ?, opened_on = ?,"
    " status = ?, operator_org_id = ?, operation = ?, brand = ?, feature = ?, updated_at = ?"
    " WHERE id = ?";
static const char sql_areas_clear[] = "DELETE FROM station_areas WHERE station_id = ?";
static const char sql_area_add[] =
    "INSERT INTO station_areas (station_id, area_code) VALUES (?, ?)";
static const char sql_staff_get[] =
    "SELECT role, since FROM station_staff WHERE station_id = ? AND worker_id = ?";
static const char sql_head_count[] =
    "SELECT COUNT(*) FROM station_staff WHERE station_id = ? AND role = 'head'";
static const char sql_staff_insert[] =
    "INSERT INTO station_staff (station_id, worker_id, role, since) VALUES (?, ?, ?, ?)";
static const char sql_staff_delete[] =
    "DELETE FROM station_staff WHERE station_id = ? AND worker_id = ?";

/* ---------------------------------------------------------------- render */

/* {id, name} of the operator, an individual's name masked; null for none. */
static json_t *operator_ref(db_stmt *s)
{
	if (db_is_null(s, ST_OPERATOR_ID))
		return json_null();
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, ST_OPERATOR_ID)));
	const char *type = db_text(s, ST_OPERATOR_TYPE);
	if (type && strcmp(type, "individual") == 0) {
		char name[NAME_MASK_MAX];
		if (pii_mask_name(db_text(s, ST_OPERATOR_NAME), db_len(s, ST_OPERATOR_NAME), name,
				  sizeof name) != 0)
			snprintf(name, sizeof name, "*");
		json_object_set_new_nocheck(o, "name", json_string(name));
	} else {
		json_object_set_new_nocheck(o, "name", row_text(s, ST_OPERATOR_NAME));
	}
	return o;
}

static json_t *render(db_stmt *s)
{
	json_t *o = row_object(s, &station_table, 0);
	json_object_set_new_nocheck(o, "operator", operator_ref(s));
	return o;
}

/* ------------------------------------------------------------------ reads */

enum { WITH_AREAS = 1, WITH_STAFF = 2, WITH_READINESS = 4, DETAIL = 7 };

static int no_station(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "社工站不存在", "no such station");
}

/* Appends the station's areas to o: as codes when codes_only (the audit
 * snapshot), else as {code, name_zh, name_en}. */
static int load_areas(sg_ctx *ctx, int64_t id, bool codes_only, json_t *o)
{
	json_t *areas = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_areas, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    areas, codes_only ? json_string(db_text(s, 0))
				      : json_pack("{s:s,s:s,s:s}", "code", db_text(s, 0), "name_zh",
						  db_text(s, 1), "name_en", db_text(s, 2)));
	json_object_set_new_nocheck(o, "areas", areas);
	return rc < 0 ? rc : 0;
}

static int load_staff(sg_ctx *ctx, int64_t id, json_t *o)
{
	json_t *staff = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_staff, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    staff,
		    json_pack("{s:I,s:s,s:o,s:b,s:s,s:s}", "worker_id", (json_int_t)db_int(s, 0),
			      "name", db_text(s, 1), "qualification", row_text(s, 2), "full_time",
			      db_int(s, 3) != 0, "role", db_text(s, 4), "since", db_text(s, 5)));
	json_object_set_new_nocheck(o, "staff", staff);
	return rc < 0 ? rc : 0;
}

/* One station within the actor's scope, with the parts asked for (areas as
 * codes when only WITH_AREAS: the audit snapshot), or SG_ENOTFOUND. */
static int load(sg_ctx *ctx, int64_t id, int parts, json_t **out)
{
	json_t *o = NULL;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		o = render(s);
		db_reset(s);
		rc = 0;
	} else {
		return rc < 0 ? rc : no_station(ctx);
	}
	if (!rc && (parts & WITH_AREAS))
		rc = load_areas(ctx, id, parts == WITH_AREAS, o);
	if (!rc && (parts & WITH_STAFF))
		rc = load_staff(ctx, id, o);
	if (!rc && (parts & WITH_READINESS)) {
		json_t *r = NULL;
		rc = readiness_render(ctx, id, jsonv_str(o, "tier", ""),
				      jsonv_bool(o, "working", false), &r);
		json_object_set_new_nocheck(o, "readiness", r ? r : json_null());
	}
	if (rc) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

int station_detail(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load(ctx, id, DETAIL, out);
}

/* The audit snapshot of a station: its row and its area codes. */
static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load(ctx, id, WITH_AREAS, out);
}

int station_ref_get(sg_ctx *ctx, int64_t id, struct station_ref *out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	memset(out, 0, sizeof *out);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_station(ctx);
	out->id = id;
	snprintf(out->division_code, sizeof out->division_code, "%s", db_text(s, ST_DIVISION_CODE));
	snprintf(out->tier, sizeof out->tier, "%s", db_text(s, ST_TIER));
	out->operator_org_id = db_is_null(s, ST_OPERATOR_ID) ? 0 : db_int(s, ST_OPERATOR_ID);
	out->working = db_int(s, ST_WORKING) != 0;
	db_reset(s);
	return 0;
}

int station_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	if (!rc)
		rc = load(ctx, id, DETAIL, out);
	return read_close(&rd, rc, "读取社工站失败", "cannot read the stations");
}

/* The first code after every code that starts with prefix: the prefix
 * with its last digit that is not 9 incremented and the rest dropped
 * ("500119" → "50012"). Prefixes are valid division codes, which start
 * with a province code (below 90), so there is always such a digit. */
static void code_successor(const char *prefix, char out[CODE_MAX + 1])
{
	size_t n = strlen(prefix);
	if (n > CODE_MAX)
		n = CODE_MAX;
	memcpy(out, prefix, n);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == '9')
		out[--n] = '\0';
	if (n > 0)
		out[n - 1]++;
}

static int check_filter(sg_ctx *ctx, const struct station_filter *f)
{
	int rc = 0;
	if (f->division)
		rc = check_division_code(ctx, "division", f->division);
	if (!rc && f->tier)
		rc = check_enum(ctx, "tier", "R-NET-1", f->tier, &station_tiers);
	if (!rc && f->status)
		rc = check_enum(ctx, "status", "R-NET-2", f->status, &station_statuses);
	if (!rc)
		rc = check_query(ctx, "q", f->q, STATION_QUERY_MAX);
	return rc;
}

/* Runs the list (count false) or its total (count true) of filter f. */
struct listing {
	const char *division, *arg;
	char hi[CODE_MAX + 1];
	int64_t working;
};

static int list_prepare(sg_ctx *ctx, const struct station_filter *f, struct listing *l)
{
	db_stmt *s;
	int rc = 0;

	*l = (struct listing){.division = f->division, .working = f->working < 0 ? -1 : f->working};
	if (!l->division && scope_is_divisional(&ctx->actor)) {
		const char *only = NULL;
		int n = 0;
		rc = db_query(ctx->db, &s, sql_scope_divisions, "i", ctx->actor.user_id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			if (n++ == 0)
				only = arena_strdup(ctx->arena, db_text(s, 0));
		if (rc >= 0 && n == 1 && division_code_check(only, strlen(only), NULL) == 0)
			l->division = only;
	}
	if (l->division)
		code_successor(l->division, l->hi);
	if (f->q) {
		bool contains = utf8_count(f->q, strlen(f->q)) >= 3;
		l->arg = db_search_arg(ctx->db, contains ? DB_SEARCH_CONTAINS : DB_SEARCH_PREFIX,
				       f->q, ctx->arena);
	}
	return rc < 0 ? rc : 0;
}

#define LIST_ARGS(f, l)                                                                            \
	(l)->division, (l)->division, (l)->division ? (l)->hi : NULL, (f)->tier, (f)->tier,        \
	    (f)->status, (f)->status, (l)->working, (l)->working, (f)->operator_org_id,            \
	    (f)->operator_org_id

static int list_query(sg_ctx *ctx, const struct station_filter *f, const struct listing *l,
		      db_stmt **s, int64_t cursor, int64_t limit)
{
	bool contains = f->q && utf8_count(f->q, strlen(f->q)) >= 3;
	if (!f->q)
		return scope_query(ctx, s, sql_list, LIST_FMT "ii", LIST_ARGS(f, l), cursor, limit);
	return scope_query(ctx, s, contains ? sql_list_contains : sql_list_prefix, LIST_FMT "tii",
			   LIST_ARGS(f, l), l->arg, cursor, limit);
}

static int list_total(sg_ctx *ctx, const struct station_filter *f, const struct listing *l,
		      int64_t *out)
{
	bool contains = f->q && utf8_count(f->q, strlen(f->q)) >= 3;
	if (!f->q)
		return scope_one_int(ctx, out, sql_count, LIST_FMT, LIST_ARGS(f, l));
	return scope_one_int(ctx, out, contains ? sql_count_contains : sql_count_prefix,
			     LIST_FMT "t", LIST_ARGS(f, l), l->arg);
}

int station_list(sg_ctx *ctx, const struct station_filter *f, int64_t cursor, int limit,
		 json_t **out)
{
	struct reading rd;
	struct listing l;
	int64_t total = 0;
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if ((rc = check_filter(ctx, f)))
		return rc;
	if ((rc = read_open(&rd, ctx)))
		return read_close(&rd, rc, "读取社工站失败", "cannot read the stations");
	page_begin(&pg, limit);
	if (!(rc = list_prepare(ctx, f, &l)) && !(rc = list_total(ctx, f, &l, &total)))
		rc = list_query(ctx, f, &l, &s, cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, ST_ID), render(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取社工站失败", "cannot read the stations");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取社工站失败", "cannot read the stations");
}

int station_export(sg_ctx *ctx, const struct station_filter *f, json_t **out)
{
	struct reading rd;
	struct listing l;
	json_t *all = json_array();
	db_stmt *s;
	int rc = perm_require(ctx, PERM_STATION_EXPORT);

	*out = NULL;
	if (!rc)
		rc = check_filter(ctx, f);
	if (rc) {
		json_decref(all);
		return rc;
	}
	if (!(rc = read_open(&rd, ctx)) && !(rc = list_prepare(ctx, f, &l)))
		rc = list_query(ctx, f, &l, &s, 0, STATION_EXPORT_MAX);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(all, render(s));
	rc = read_close(&rd, rc < 0 ? rc : 0, "导出社工站失败", "the export failed");
	/* The audit entry is its own transaction, committed before the
	 * caller renders the file: no lock is held while it does. */
	json_t *what = NULL;
	if (!rc) {
		what = json_pack("{s:s?,s:s?,s:s?,s:s?,s:I}", "division", f->division, "tier",
				 f->tier, "status", f->status, "q", f->q, "count",
				 (json_int_t)json_array_size(all));
		rc = audit_append_row(ctx, "station.export", &station_table, "", NULL, what,
				      AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(all);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出社工站失败",
				   "the export failed");
		return rc;
	}
	*out = all;
	return 0;
}

/* ----------------------------------------------------------------- writes */

static int station_after(struct write *w)
{
	return readiness_recompute(w->ctx, w->id);
}

static const struct write_spec station_write = {
    .table = &station_table,
    .fail_zh = "保存社工站失败",
    .fail_en = "the station could not be saved",
    .lock = readiness_lock_station,
    .snapshot = snapshot,
    .after = station_after,
    .detail = station_detail,
};

/* The values a station will have after a write. */
struct row {
	const char *division_code, *tier, *kind, *name, *address, *opened_on, *status;
	const char *operation, *brand, *feature;
	int demonstration;
	int64_t operator_org_id; /* 0: none */
};

/* The tier's division level, as its code length in the message. */
static int wrong_level(sg_ctx *ctx, int t, int level)
{
	static const int digits[DIV__MAX] = {2, 4, 6, 9, 12};
	char zh[200], en[160];
	snprintf(zh, sizeof zh, "%s应设在%s行政区划（%d 位代码），所给代码为%s",
		 station_tiers.values[t].zh, level_zh[tier_levels[t]], digits[tier_levels[t]],
		 level_zh[level]);
	snprintf(en, sizeof en,
		 "a %s station belongs to a %s division (a code of %d digits), not a %s one",
		 station_tiers.values[t].value, division_level_name(tier_levels[t]),
		 digits[tier_levels[t]], division_level_name(level));
	return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-NET-1", zh, en);
}

/* The rules of R-NET-1 and R-NET-2 that need no database. */
static int check_row(sg_ctx *ctx, struct row *r)
{
	int t = enum_index(&station_tiers, r->tier), rc;

	if (t < 0)
		return check_enum(ctx, "tier", "R-NET-1", r->tier, &station_tiers);
	if ((rc = check_division_code(ctx, "division_code", r->division_code)))
		return rc;
	int level = division_code_level(r->division_code, strlen(r->division_code));
	if (level != tier_levels[t])
		return wrong_level(ctx, t, level);
	if (tier_levels[t] == DIV_TOWNSHIP) {
		if (!r->kind)
			r->kind = enum_value(&station_kinds, 0);
		if ((rc = check_enum(ctx, "kind", "R-NET-1", r->kind, &station_kinds)))
			return rc;
	} else {
		if (r->kind)
			return sg_err_set(
			    &ctx->err, SG_EINVAL, "kind", "R-NET-1",
			    "只有乡镇（街道）社工站分综合、专项",
			    "only township stations are comprehensive or specialised");
		if (r->demonstration == 1)
			return sg_err_set(&ctx->err, SG_EINVAL, "demonstration", "R-NET-1",
					  "只有乡镇（街道）社工站可评为示范站",
					  "only a township station can be a demonstration station");
	}
	if ((rc = check_required(ctx, "name", "R-NET-2", r->name)) ||
	    (rc = check_enum(ctx, "status", "R-NET-2", r->status, &station_statuses)) ||
	    (rc = check_date(ctx, "opened_on", "R-NET-2", r->opened_on)))
		return rc;
	if (!r->operation)
		r->operation = r->operator_org_id ? "contract" : "self_operated";
	if ((rc = check_enum(ctx, "operation", "R-NET-2", r->operation, &station_operations)))
		return rc;
	if (strcmp(r->operation, "contract") == 0 && !r->operator_org_id)
		return sg_err_set(&ctx->err, SG_EINVAL, "operator_org_id", "R-NET-2",
				  "购买服务运营的社工站须指定承接主体",
				  "a station run under a contract needs an operator organisation");
	if (strcmp(r->operation, "self_operated") == 0 && r->operator_org_id)
		return sg_err_set(&ctx->err, SG_EINVAL, "operator_org_id", "R-NET-2",
				  "自行运营的社工站没有承接主体",
				  "a self-operated station has no operator organisation");
	return 0;
}

/* The operator is an organisation the actor sees (registered in, or
 * serving, their divisions) and an eligible provider where the station
 * is (R-ORG-4). One that the actor does not see answers exactly as an id
 * that names nothing: a refusal must not tell which ids exist. */
static int check_operator(sg_ctx *ctx, const struct row *r)
{
	struct org_ref org;
	bool ok = false;
	int rc = org_ref_get(ctx, r->operator_org_id, &org);
	if (rc == SG_ENOTFOUND)
		return sg_err_set(&ctx->err, SG_EINVAL, "operator_org_id", "R-NET-2",
				  "承接主体不存在", "no such operator organisation");
	if (rc || (rc = eligibility_verdict(ctx, org.id, ORG_PROVIDER, r->division_code, 0, &ok)))
		return rc;
	if (!ok)
		return sg_err_set(
		    &ctx->err, SG_EINVAL, "operator_org_id", "R-NET-2",
		    "该组织不是社工站所在地符合条件的承接主体",
		    "the organisation is not an eligible provider where the station is");
	return 0;
}

/* Area codes: strings naming catalog areas, each once. */
static int check_areas(sg_ctx *ctx, const json_t *areas)
{
	size_t i, j;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		int64_t n = 0;
		int rc;
		if (!json_is_string(a))
			return sg_err_set(&ctx->err, SG_EINVAL, "area_codes", "R-NET-2",
					  "服务领域应为代码字符串",
					  "each area must be an area code string");
		for (j = 0; j < i; j++)
			if (json_equal(a, json_array_get(areas, j)))
				return sg_err_set(&ctx->err, SG_EINVAL, "area_codes", "R-NET-2",
						  "服务领域重复", "an area is listed twice");
		if ((rc = db_one_int(ctx->db, &n, sql_area_exists, "t", json_string_value(a))))
			return rc;
		if (!n)
			return sg_err_set(&ctx->err, SG_EINVAL, "area_codes", "R-CAT-1",
					  "服务领域不存在", "no such catalog area");
	}
	return 0;
}

static int write_areas(sg_ctx *ctx, int64_t id, const json_t *areas)
{
	size_t i;
	json_t *a;
	int rc = db_run(ctx->db, sql_areas_clear, "i", id);
	json_array_foreach(areas, i, a)
	{
		if (rc)
			break;
		rc = db_run(ctx->db, sql_area_add, "it", id, json_string_value(a));
	}
	return rc;
}

/* "" → NULL: an optional text being cleared. */
static const char *or_null(const char *v)
{
	return v && v[0] ? v : NULL;
}

int station_create(sg_ctx *ctx, const struct station_fields *in, json_t **out)
{
	struct row r = {
	    .division_code = in->division_code ? in->division_code : "",
	    .tier = in->tier ? in->tier : "",
	    .kind = or_null(in->kind),
	    .name = in->name,
	    .address = or_null(in->address),
	    .opened_on = or_null(in->opened_on),
	    .status = in->status ? in->status : "planned",
	    .operation = or_null(in->operation),
	    .brand = or_null(in->brand),
	    .feature = or_null(in->feature),
	    .demonstration = in->demonstration == 1,
	    .operator_org_id = in->operator_org_id > 0 ? in->operator_org_id : 0,
	};
	struct write w;
	int64_t id = 0;
	int rc = perm_require(ctx, PERM_STATION_EDIT);

	*out = NULL;
	if (rc || (rc = check_row(ctx, &r)))
		return rc;
	rc = write_open_new(&w, ctx, &station_write, "station.create");
	if (!rc)
		rc = check_division_in_scope(ctx, "division_code", r.division_code);
	if (!rc && in->area_codes)
		rc = check_areas(ctx, in->area_codes);
	if (!rc && r.operator_org_id)
		rc = check_operator(ctx, &r);
	if (!rc)
		rc = readiness_lock_tier(ctx, r.tier);
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "tttittttItttii", r.division_code, r.tier,
				r.kind, (int64_t)r.demonstration, r.name, r.address, r.opened_on,
				r.status, r.operator_org_id, r.operation, r.brand, r.feature,
				ctx->now, ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	if (!rc && in->area_codes)
		rc = write_areas(ctx, id, in->area_codes);
	return write_close(&w, rc, out);
}

int station_update(sg_ctx *ctx, int64_t id, const struct station_fields *in, json_t **out)
{
	struct write w;
	int rc = perm_require(ctx, PERM_STATION_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &station_write, "station.update", id);
	if (rc)
		return write_close(&w, rc, out);
	const json_t *old = write_old(&w);
	const json_t *op = json_object_get(old, "operator");
	int64_t old_operator = json_is_object(op) ? jsonv_int(op, "id", 0) : 0;
	struct row r = {
	    .division_code = jsonv_str(old, "division_code", ""),
	    .tier = jsonv_str(old, "tier", ""),
	    .kind = in->kind ? or_null(in->kind) : jsonv_str(old, "kind", NULL),
	    .name = in->name ? in->name : jsonv_str(old, "name", ""),
	    .address = in->address ? or_null(in->address) : jsonv_str(old, "address", NULL),
	    .opened_on = in->opened_on ? or_null(in->opened_on) : jsonv_str(old, "opened_on", NULL),
	    .status = in->status ? in->status : jsonv_str(old, "status", ""),
	    .operation = or_null(in->operation),
	    .brand = in->brand ? or_null(in->brand) : jsonv_str(old, "brand", NULL),
	    .feature = in->feature ? or_null(in->feature) : jsonv_str(old, "feature", NULL),
	    .demonstration = in->demonstration >= 0 ? in->demonstration
						    : jsonv_bool(old, "demonstration", false),
	    .operator_org_id = in->operator_org_id >= 0 ? in->operator_org_id : old_operator,
	};
	/* Without a new operation, a change of operator decides it; otherwise
	 * the station keeps its own. */
	if (!r.operation && in->operator_org_id < 0)
		r.operation = jsonv_str(old, "operation", NULL);
	else if (r.operation && strcmp(r.operation, "self_operated") == 0 &&
		 in->operator_org_id < 0)
		r.operator_org_id = 0; /* becoming self-operated drops the operator */
	if (!(rc = check_row(ctx, &r)) && in->area_codes)
		rc = check_areas(ctx, in->area_codes);
	if (!rc && r.operator_org_id && r.operator_org_id != old_operator)
		rc = check_operator(ctx, &r);
	if (!rc)
		rc = db_run(ctx->db, sql_update, "tittttItttii", r.kind, (int64_t)r.demonstration,
			    r.name, r.address, r.opened_on, r.status, r.operator_org_id,
			    r.operation, r.brand, r.feature, ctx->now, id);
	if (!rc && in->area_codes)
		rc = write_areas(ctx, id, in->area_codes);
	return write_close(&w, rc, out);
}

/* -------------------------------------------------------------- the staff */

/* A change of a station's staff: the station's locks, the audit values set
 * by the caller, the working flag recomputed and audited with them. */
static const struct write_spec staff_write = {
    .table = &station_table,
    .fail_zh = "保存社工站人员失败",
    .fail_en = "the station's staff could not be saved",
    .lock = readiness_lock_station,
    .after = readiness_write_after,
    .detail = station_detail,
};

int station_staff_add(sg_ctx *ctx, int64_t station_id, int64_t worker_id, const char *role,
		      const char *since, json_t **out)
{
	struct station_ref st;
	struct worker_ref wr;
	struct write w;
	int64_t n = 0;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_STATION_MANAGE);

	*out = NULL;
	if (!role)
		role = "staff";
	if (!since) {
		char iso[32];
		clock_iso(ctx->now, iso);
		since = arena_strndup(ctx->arena, iso, 10);
	}
	if (rc || (rc = check_enum(ctx, "role", "R-TAL-1", role, &staff_roles)) ||
	    (rc = check_date(ctx, "since", "R-TAL-1", since)))
		return rc;
	rc = write_open(&w, ctx, &staff_write, "station.staff_assign", station_id);
	if (!rc)
		rc = station_ref_get(ctx, station_id, &st);
	if (!rc && (rc = worker_ref_get(ctx, worker_id, &wr)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", "R-ROLE-1",
				"社会工作者不存在", "no such social worker");
	if (!rc && !(rc = db_query(ctx->db, &s, sql_staff_get, "ii", station_id, worker_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		db_reset(s);
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "worker_id", "R-TAL-1",
				"该社会工作者已在本站", "the worker already works at this station");
	}
	if (!rc && strcmp(role, "head") == 0 &&
	    !(rc = db_one_int(ctx->db, &n, sql_head_count, "i", station_id)) && n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "role", "R-TAL-1", "本站已有负责人",
				"the station already has a head");
	if (!rc)
		rc = db_run(ctx->db, sql_staff_insert, "iitt", station_id, worker_id, role, since);
	if (!rc)
		write_set_now(&w, json_pack("{s:I,s:s,s:s}", "worker_id", (json_int_t)worker_id,
					    "role", role, "since", since));
	return write_close(&w, rc, out);
}

int station_staff_remove(sg_ctx *ctx, int64_t station_id, int64_t worker_id, json_t **out)
{
	struct station_ref st;
	struct write w;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_STATION_MANAGE);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &staff_write, "station.staff_remove", station_id);
	if (!rc)
		rc = station_ref_get(ctx, station_id, &st);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_staff_get, "ii", station_id, worker_id))) {
		rc = db_step(s);
		if (rc == DB_ROW) {
			write_set_old(&w,
				      json_pack("{s:I,s:s,s:s}", "worker_id", (json_int_t)worker_id,
						"role", db_text(s, 0), "since", db_text(s, 1)));
			db_reset(s);
			rc = 0;
		} else if (rc == DB_DONE) {
			rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", NULL,
					"该社会工作者不在本站",
					"the worker does not work at this station");
		}
	}
	if (!rc)
		rc = db_run(ctx->db, sql_staff_delete, "ii", station_id, worker_id);
	if (!rc)
		write_set_now(&w, json_pack("{s:I}", "worker_id", (json_int_t)worker_id));
	return write_close(&w, rc, out);
}

/* ---------------------------------------------------- contract operation */

static const char sql_operator_of[] =
    "SELECT operator_org_id, operation FROM stations WHERE id = ?";
static const char sql_operator_set[] = "UPDATE stations SET operator_org_id = ?,"
				       " operation = 'contract', updated_at = ? WHERE id = ?";

int station_operator_contract(sg_ctx *ctx, int64_t id, int64_t org_id, int64_t contract_id,
			      const char *start_on, const char *end_on)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_operator_of, "i", id);
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "station_id", NULL,
					   "社工站不存在", "no such station");
	json_t *old = json_pack(
	    "{s:o,s:s}", "operator",
	    db_is_null(s, 0) ? json_null() : json_pack("{s:I}", "id", (json_int_t)db_int(s, 0)),
	    "operation", db_text(s, 1));
	db_reset(s);
	rc = db_run(ctx->db, sql_operator_set, "iii", org_id, ctx->now, id);
	if (!rc) {
		json_t *now =
		    json_pack("{s:{s:I},s:s,s:{s:I,s:s?,s:s?}}", "operator", "id",
			      (json_int_t)org_id, "operation", "contract", "contract", "id",
			      (json_int_t)contract_id, "start_on", start_on, "end_on", end_on);
		rc = audit_append_row(ctx, "station.operator_contract", &station_table,
				      audit_id(ctx, id), old, now, AUDIT_OK);
		json_decref(now);
	}
	json_decref(old);
	return rc;
}
