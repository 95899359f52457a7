/*
 * station.c — the station network (R-NET-1..4) and its social workers
 * (R-TAL-1): stations and their areas, staff and readiness ticks, the
 * readiness checklist, coverage, and the workers themselves. Each write
 * runs in its own transaction with its audit entry and recomputes the
 * stored "working" flag of the stations it can affect.
 *
 * Locking: a write that can change a station's working flag first takes
 * the row locks of its tier's checklist (a no-op UPDATE), then the
 * station's row, and reads after that; a checklist change takes the item's
 * row, then the stations' rows (its recompute). Items before stations in
 * both, so that on PostgreSQL (READ COMMITTED) writers of one tier queue
 * instead of recomputing from a state another one is changing, and never
 * deadlock. SQLite has one writer at a time anyway.
 */
#include "domain/station.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/codes.h"
#include "base/jsonv.h"
#include "base/mem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/org.h"
#include "domain/page.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/scope.h"

enum { CODE_MAX = 12, NAME_MASK_MAX = 256 };

/* Tiers, and the division level each one belongs to (R-NET-1). */
enum tier { TIER_COUNTY, TIER_TOWNSHIP, TIER_VILLAGE, TIER__MAX };
static const char *const tier_names[TIER__MAX] = {"county", "township", "village"};
static const int tier_levels[TIER__MAX] = {DIV_COUNTY, DIV_TOWNSHIP, DIV_VILLAGE};
static const char *const tier_zh[TIER__MAX] = {"县(区)社会工作指导中心", "乡镇(街道)社工站",
					       "村(社区)社工室"};
static const char *const level_zh[DIV__MAX] = {"省级", "地级", "县级", "乡级", "村级"};

static const char *const statuses[] = {"planned", "active", "suspended", "closed"};
static const char *const kinds[] = {"comprehensive", "specialised"};
static const char *const operations[] = {"contract", "self_operated"};
static const char *const staff_roles[] = {"head", "staff"};
static const char *const qualifications[] = {"assistant", "intermediate", "senior"};

/* ------------------------------------------------------------------- SQL */

/* Who sees a station (R-ROLE-1). The role decides which of the three
 * scope kinds applies (an evaluator's organisation scope does not reach
 * stations): scope.h's :actor_div, :actor_org and :actor_st. */
#define STATION_IN_DIVISIONS SCOPE_DIVISION("s.division_code")
#define STATION_OF_ORG	     SCOPE_ORG("s.operator_org_id")
#define STATION_LISTED	     SCOPE_STATION("s.id")
#define STATION_VISIBLE                                                                            \
	"((:actor_div = 1 AND " STATION_IN_DIVISIONS ") OR (:actor_org = 1 AND " STATION_OF_ORG    \
	") OR (:actor_st = 1 AND " STATION_LISTED "))"

/* Who sees a social worker: the employer's division or a station's, for
 * division scopes; the employer or a station's operator, for providers. */
#define EMPLOYER_IN_DIVISIONS SCOPE_DIVISION("o2.division_code")
#define STAFF_IN_DIVISIONS    SCOPE_DIVISION("s2.division_code")
#define EMPLOYER_IS_ORG	      SCOPE_ORG("w.employer_org_id")
#define STAFF_OF_ORG	      SCOPE_ORG("s2.operator_org_id")
#define AT_STATION                                                                                 \
	"EXISTS (SELECT 1 FROM station_staff ss2 JOIN stations s2 ON s2.id = ss2.station_id"       \
	" WHERE ss2.worker_id = w.id AND "
#define WORKER_VISIBLE                                                                             \
	"(:actor_global = 1 OR (:actor_div = 1 AND (EXISTS (SELECT 1 FROM orgs o2"                 \
	" WHERE o2.id = w.employer_org_id AND " EMPLOYER_IN_DIVISIONS                              \
	") OR " AT_STATION STAFF_IN_DIVISIONS ")))"                                                \
	" OR (:actor_org = 1 AND (" EMPLOYER_IS_ORG " OR " AT_STATION STAFF_OF_ORG "))))"

#define STATION_COLS                                                                               \
	"s.id, s.division_code, d.name, s.tier, s.kind, s.demonstration, s.name, s.address,"       \
	" s.opened_on, s.status, s.operation, s.operator_org_id, o.name, o.type, s.brand,"         \
	" s.feature, s.working, s.created_at, s.updated_at"
#define STATION_FROM                                                                               \
	" FROM stations s JOIN divisions d ON d.code = s.division_code"                            \
	" LEFT JOIN orgs o ON o.id = s.operator_org_id"

static const char sql_get[] =
    "SELECT " STATION_COLS STATION_FROM " WHERE s.id = ? AND " STATION_VISIBLE;

/* Lists: by id after the cursor. The subtree is a range of codes (a code
 * is a prefix of the codes below it), which the index on division_code
 * answers. */
#define LIST_FILTERS                                                                               \
	" AND (? IS NULL OR s.tier = ?) AND (? IS NULL OR s.status = ?)"                           \
	" AND (? < 0 OR s.working = ?) AND (? = 0 OR s.operator_org_id = ?) AND s.id > ?"          \
	" ORDER BY s.id LIMIT ?"
#define LIST_FMT "ttttiiiiii"
static const char sql_list[] =
    "SELECT " STATION_COLS STATION_FROM " WHERE " STATION_VISIBLE LIST_FILTERS;
static const char sql_list_range[] =
    "SELECT " STATION_COLS STATION_FROM " WHERE s.division_code >= ? AND s.division_code < ?"
    " AND " STATION_VISIBLE LIST_FILTERS;
/* Name search (db.h "Text search"), as for divisions: three characters or
 * more anywhere in the name, fewer at its start. */
static const char sql_list_contains[] =
    "SELECT " STATION_COLS STATION_FROM " WHERE {contains s.name s.id stations_search}"
    " AND (? IS NULL OR (s.division_code >= ? AND s.division_code < ?))"
    " AND " STATION_VISIBLE LIST_FILTERS;
static const char sql_list_prefix[] =
    "SELECT " STATION_COLS STATION_FROM " WHERE {prefix s.name}"
    " AND (? IS NULL OR (s.division_code >= ? AND s.division_code < ?))"
    " AND " STATION_VISIBLE LIST_FILTERS;
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

/* The computed readiness facts of a station (R-NET-4): its full-time
 * staff, and its staff holding a qualification. STAFF_COUNT is followed
 * by the station (a column or ?) and one of the two conditions. */
#define STAFF_COUNT                                                                                \
	"(SELECT COUNT(*) FROM station_staff ss JOIN social_workers w ON w.id = ss.worker_id"      \
	" WHERE ss.station_id = "
#define FULL_TIME " AND w.full_time = 1)"
#define QUALIFIED " AND w.qualification IS NOT NULL)"
static const char sql_readiness[] =
    "SELECT i.id, i.code, i.name_zh, i.name_en, i.kind, i.threshold, r.met, r.note,"
    " r.checked_at, CASE i.kind WHEN 'min_staff' THEN " STAFF_COUNT "?" FULL_TIME
    " WHEN 'min_qualified' THEN " STAFF_COUNT "?" QUALIFIED " END"
    " FROM readiness_items i LEFT JOIN station_readiness r"
    " ON r.item_id = i.id AND r.station_id = ? WHERE i.tier = ? ORDER BY i.position, i.id";

/* Working: active, and no item of the tier fails. A recompute flips the
 * rows whose stored flag differs, and returns them (to count them). */
#define WORKING_EXPR                                                                               \
	"(CASE WHEN stations.status = 'active' AND NOT EXISTS (SELECT 1 FROM readiness_items i"    \
	" WHERE i.tier = stations.tier AND NOT ("                                                  \
	"(i.kind = 'flag' AND EXISTS (SELECT 1 FROM station_readiness r"                           \
	" WHERE r.station_id = stations.id AND r.item_id = i.id AND r.met = 1))"                   \
	" OR (i.kind = 'min_staff' AND " STAFF_COUNT "stations.id" FULL_TIME " >= i.threshold)"    \
	" OR (i.kind = 'min_qualified' AND " STAFF_COUNT "stations.id" QUALIFIED                   \
	" >= i.threshold))) THEN 1 ELSE 0 END)"
static const char sql_recompute[] = "UPDATE stations SET working = 1 - working"
				    " WHERE id = ? AND working <> " WORKING_EXPR " RETURNING id";
static const char sql_recompute_tier[] =
    "UPDATE stations SET working = 1 - working"
    " WHERE tier = ? AND working <> " WORKING_EXPR " RETURNING id";

/* Row locks (a portable SELECT … FOR UPDATE), in the order of the header
 * comment. */
static const char sql_lock_tier[] = "UPDATE readiness_items SET position = position WHERE tier = ?";
static const char sql_lock_tier_of[] = "UPDATE readiness_items SET position = position"
				       " WHERE tier = (SELECT tier FROM stations WHERE id = ?)";
static const char sql_lock[] = "UPDATE stations SET updated_at = updated_at WHERE id = ?";
static const char sql_touch[] = "UPDATE stations SET updated_at = ? WHERE id = ?";

#define DIVISION_IN_SCOPE SCOPE_DIVISION("d.code")
#define ORG_IN_SCOPE	  SCOPE_DIVISION("o.division_code")
static const char sql_division_in_scope[] =
    "SELECT COUNT(*) FROM divisions d WHERE d.code = ? AND " DIVISION_IN_SCOPE;
static const char sql_area_exists[] = "SELECT COUNT(*) FROM catalog_areas WHERE code = ?";
static const char sql_org_exists[] = "SELECT COUNT(*) FROM orgs WHERE id = ?";
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

static const char sql_worker_visible[] =
    "SELECT COUNT(*) FROM social_workers w WHERE w.id = ? AND " WORKER_VISIBLE;
static const char sql_staff_get[] =
    "SELECT role, since FROM station_staff WHERE station_id = ? AND worker_id = ?";
static const char sql_head_count[] =
    "SELECT COUNT(*) FROM station_staff WHERE station_id = ? AND role = 'head'";
static const char sql_staff_insert[] =
    "INSERT INTO station_staff (station_id, worker_id, role, since) VALUES (?, ?, ?, ?)";
static const char sql_staff_delete[] =
    "DELETE FROM station_staff WHERE station_id = ? AND worker_id = ?";

#define ITEM_COLS "id, tier, code, name_zh, name_en, kind, threshold, position"
static const char sql_item[] = "SELECT " ITEM_COLS " FROM readiness_items WHERE id = ?";
static const char sql_items_all[] =
    "SELECT " ITEM_COLS " FROM readiness_items ORDER BY"
    " CASE tier WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END, position, id";
static const char sql_items_tier[] =
    "SELECT " ITEM_COLS " FROM readiness_items WHERE tier = ? ORDER BY position, id";
static const char sql_item_lock[] = "UPDATE readiness_items SET position = position WHERE id = ?";
/* A flag item keeps its NULL threshold whatever is bound. */
static const char sql_item_update[] =
    "UPDATE readiness_items SET name_zh = ?, name_en = ?,"
    " threshold = CASE WHEN kind = 'flag' THEN NULL ELSE ? END WHERE id = ?";
static const char sql_tick_get[] =
    "SELECT met, note FROM station_readiness WHERE station_id = ? AND item_id = ?";
static const char sql_tick[] =
    "INSERT INTO station_readiness (station_id, item_id, met, note, checked_at, checked_by)"
    " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (station_id, item_id) DO UPDATE SET"
    " met = excluded.met, note = excluded.note, checked_at = excluded.checked_at,"
    " checked_by = excluded.checked_by";

/* Coverage (R-NET-3), without sorting or grouping: on SQLite a GROUP BY
 * over the 64,000 codes of a province costs more than everything else
 * together (a temporary b-tree), so every count is a range scan of an
 * index, run once per child of the division (a few dozen at most).
 *
 * The range of the codes below a code c is [c, c || 'A'): codes are
 * digits, which every collation puts before letters. The primary key of
 * divisions answers it (the length of a code tells its level, so the
 * index alone counts); the partial index stations_working answers the
 * stations. */
static const char sql_cov_division[] = "SELECT code, name, level FROM divisions WHERE code = ?";
/* The children with their villages and the divisions (townships,
 * villages) that have a working station of the matching tier. */
#define IN_CHILD(col) col " >= c.code AND " col " < c.code || 'A'"
#define COV_WORKING(tier)                                                                          \
	"(SELECT COUNT(DISTINCT s.division_code) FROM stations s WHERE s.working = 1"              \
	" AND s.tier = '" tier "' AND " IN_CHILD("s.division_code") ")"
static const char sql_cov_children[] =
    "SELECT c.code, c.name, c.level,"
    " (SELECT COUNT(*) FROM divisions v WHERE " IN_CHILD(
	"v.code") " AND length(v.code) = 12),"
		  " " COV_WORKING("township") ", " COV_WORKING(
		      "village") " FROM divisions c WHERE c.parent_code = ? ORDER BY c.code";
/* Whether the division itself (a township or a village) has one. */
static const char sql_cov_self[] =
    "SELECT (SELECT COUNT(*) FROM stations WHERE working = 1 AND tier = 'township'"
    " AND division_code = ?), (SELECT COUNT(*) FROM stations WHERE working = 1"
    " AND tier = 'village' AND division_code = ?)";
/* The townships without a working station, reached down the tree (the
 * parent index: a province's ~2,000 townships and the ~150 divisions
 * above them, not its ~60,000 villages). Their number also gives the
 * townships' total: with a station + without. */
static const char sql_cov_missing_townships[] =
    "WITH RECURSIVE sub(code, name) AS (SELECT code, name FROM divisions WHERE code = ?"
    " UNION ALL SELECT d.code, d.name FROM sub JOIN divisions d ON d.parent_code = sub.code"
    " WHERE length(sub.code) < 9)"
    " SELECT code, name FROM sub WHERE length(code) = 9 AND NOT EXISTS (SELECT 1"
    " FROM stations s WHERE s.working = 1 AND s.tier = 'township'"
    " AND s.division_code = sub.code) ORDER BY code LIMIT ?";
/* The first villages without a room, in code order: the scan stops after
 * LIMIT. level, not length(code): PostgreSQL has statistics on a column
 * (not on an expression), and with them walks the index in order and stops
 * early instead of joining every village of a province and sorting. */
static const char sql_cov_missing_villages[] =
    "SELECT d.code, d.name FROM divisions d WHERE d.code >= ? AND d.code < ? || 'A'"
    " AND d.level = 4 AND NOT EXISTS (SELECT 1 FROM stations s WHERE s.working = 1"
    " AND s.tier = 'village' AND s.division_code = d.code) ORDER BY d.code LIMIT ?";

#define WORKER_COLS                                                                                \
	"w.id, w.name, w.qualification, w.certificate_no, w.employer_org_id, o.name, o.type,"      \
	" w.full_time, w.created_at, w.updated_at"
#define WORKER_FROM " FROM social_workers w LEFT JOIN orgs o ON o.id = w.employer_org_id"
static const char sql_worker_get[] =
    "SELECT " WORKER_COLS WORKER_FROM " WHERE w.id = ? AND " WORKER_VISIBLE;
static const char sql_worker_list[] =
    "SELECT " WORKER_COLS WORKER_FROM " WHERE w.id > ? AND (? = 0 OR w.employer_org_id = ?)"
    " AND (? IS NULL OR (? = 'none' AND w.qualification IS NULL) OR w.qualification = ?)"
    " AND (? IS NULL OR w.name LIKE ? ESCAPE '!')"
    " AND " WORKER_VISIBLE " ORDER BY w.id LIMIT ?";
static const char sql_worker_stations[] =
    "SELECT s.id, s.name, s.tier, ss.role, ss.since FROM station_staff ss"
    " JOIN stations s ON s.id = ss.station_id WHERE ss.worker_id = ? AND " STATION_VISIBLE
    " ORDER BY s.id";
static const char sql_worker_insert[] =
    "INSERT INTO social_workers (name, qualification, certificate_no, employer_org_id,"
    " full_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_own_org[] = "SELECT CAST(ref AS INTEGER) FROM user_scope WHERE user_id = ?"
				  " AND kind = 'org' ORDER BY ref LIMIT 1";
static const char sql_org_in_scope[] =
    "SELECT COUNT(*) FROM orgs o WHERE o.id = ? AND " ORG_IN_SCOPE;

/* --------------------------------------------------------------- helpers */

static int index_of(const char *const *names, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(names[i], v) == 0)
			return (int)i;
	return -1;
}
#define INDEX_OF(names, v) index_of(names, sizeof names / sizeof names[0], v)

static int tier_of(const char *name)
{
	return INDEX_OF(tier_names, name);
}

/* {id, name} of an organisation from the columns id, name, type; an
 * individual's name masked; null when id is NULL. */
static json_t *org_ref(db_stmt *s, int col)
{
	if (db_is_null(s, col))
		return json_null();
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, col)));
	const char *type = db_text(s, col + 2);
	if (type && strcmp(type, "individual") == 0) {
		char name[NAME_MASK_MAX];
		if (pii_mask_name(db_text(s, col + 1), db_len(s, col + 1), name, sizeof name) != 0)
			snprintf(name, sizeof name, "*");
		json_object_set_new_nocheck(o, "name", json_string(name));
	} else {
		json_object_set_new_nocheck(o, "name", row_text(s, col + 1));
	}
	return o;
}

/* A station from a row of STATION_COLS. */
static json_t *render_station(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "division_code", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "division_name", json_string(db_text(s, 2)));
	json_object_set_new_nocheck(o, "tier", json_string(db_text(s, 3)));
	json_object_set_new_nocheck(o, "kind", row_text(s, 4));
	json_object_set_new_nocheck(o, "demonstration", json_boolean(db_int(s, 5)));
	json_object_set_new_nocheck(o, "name", json_string(db_text(s, 6)));
	json_object_set_new_nocheck(o, "address", row_text(s, 7));
	json_object_set_new_nocheck(o, "opened_on", row_text(s, 8));
	json_object_set_new_nocheck(o, "status", json_string(db_text(s, 9)));
	json_object_set_new_nocheck(o, "operation", json_string(db_text(s, 10)));
	json_object_set_new_nocheck(o, "operator", org_ref(s, 11));
	json_object_set_new_nocheck(o, "brand", row_text(s, 14));
	json_object_set_new_nocheck(o, "feature", row_text(s, 15));
	json_object_set_new_nocheck(o, "working", json_boolean(db_int(s, 16)));
	json_object_set_new_nocheck(o, "created_at", row_time(s, 17));
	json_object_set_new_nocheck(o, "updated_at", row_time(s, 18));
	return o;
}

/* A readiness item from a row of sql_readiness (station detail). */
static json_t *render_readiness(db_stmt *s)
{
	json_t *o = json_object();
	const char *kind = db_text(s, 4);
	bool flag = strcmp(kind, "flag") == 0;
	bool met = !db_is_null(s, 6) && db_int(s, 6) == 1;
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "code", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "name_zh", json_string(db_text(s, 2)));
	json_object_set_new_nocheck(o, "name_en", json_string(db_text(s, 3)));
	json_object_set_new_nocheck(o, "kind", json_string(kind));
	json_object_set_new_nocheck(o, "threshold", row_int(s, 5));
	json_object_set_new_nocheck(o, "actual", flag ? json_null() : row_int(s, 9));
	json_object_set_new_nocheck(o, "met", flag ? json_boolean(met) : json_null());
	json_object_set_new_nocheck(o, "note", row_text(s, 7));
	json_object_set_new_nocheck(o, "checked_at", row_time(s, 8));
	json_object_set_new_nocheck(o, "passed",
				    json_boolean(flag ? met : db_int(s, 9) >= db_int(s, 5)));
	return o;
}

/* A checklist item from a row of ITEM_COLS. */
static json_t *render_item(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "tier", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "code", json_string(db_text(s, 2)));
	json_object_set_new_nocheck(o, "name_zh", json_string(db_text(s, 3)));
	json_object_set_new_nocheck(o, "name_en", json_string(db_text(s, 4)));
	json_object_set_new_nocheck(o, "kind", json_string(db_text(s, 5)));
	json_object_set_new_nocheck(o, "threshold", row_int(s, 6));
	json_object_set_new_nocheck(o, "position", json_integer(db_int(s, 7)));
	return o;
}

/* A social worker from a row of WORKER_COLS. */
static json_t *render_worker(db_stmt *s)
{
	json_t *o = json_object();
	json_object_set_new_nocheck(o, "id", json_integer(db_int(s, 0)));
	json_object_set_new_nocheck(o, "name", json_string(db_text(s, 1)));
	json_object_set_new_nocheck(o, "qualification", row_text(s, 2));
	json_object_set_new_nocheck(o, "certificate_no", row_text(s, 3));
	json_object_set_new_nocheck(o, "employer", org_ref(s, 4));
	json_object_set_new_nocheck(o, "full_time", json_boolean(db_int(s, 7)));
	json_object_set_new_nocheck(o, "created_at", row_time(s, 8));
	json_object_set_new_nocheck(o, "updated_at", row_time(s, 9));
	return o;
}

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取社工站失败", "cannot read the stations");
	return rc;
}

static int save_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "保存社工站失败",
			   "the station could not be saved");
	return rc;
}

static int no_station(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "社工站不存在", "no such station");
}

static int required(sg_ctx *ctx, const char *field, const char *rule, const char *v)
{
	if (!utf8_blank(v))
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 必填", "%s is required", field);
}

static int one_of(sg_ctx *ctx, const char *field, const char *rule, const char *v,
		  const char *const *names, size_t n)
{
	if (index_of(names, n, v) >= 0)
		return 0;
	char list[128] = "";
	size_t used = 0;
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
					 names[i]);
	return sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 应为 %s 之一",
			   "%s must be one of %s", field, list);
}
#define ONE_OF(ctx, field, rule, v, names)                                                         \
	one_of(ctx, field, rule, v, names, sizeof names / sizeof names[0])

static int check_date(sg_ctx *ctx, const char *field, const char *rule, const char *v)
{
	if (!v || !v[0] || clock_date_valid(v))
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, rule, "%s 应为日期 YYYY-MM-DD",
			   "%s must be a date YYYY-MM-DD", field);
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

/* The current UTC date, YYYY-MM-DD, from the arena. */
static const char *today(sg_ctx *ctx)
{
	char iso[32];
	clock_iso(ctx->now, iso);
	return arena_strndup(ctx->arena, iso, 10);
}

/* "" → NULL: an optional text being cleared. */
static const char *or_null(const char *v)
{
	return v && v[0] ? v : NULL;
}

/* ------------------------------------------------------------------ reads */

enum { WITH_AREAS = 1, WITH_STAFF = 2, WITH_READINESS = 4, DETAIL = 7 };

/* One station within the actor's scope, with the parts asked for (areas as
 * codes when only WITH_AREAS: the audit snapshot), or SG_ENOTFOUND. */
static int load(sg_ctx *ctx, int64_t id, int parts, json_t **out)
{
	json_t *o = NULL;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		o = render_station(s);
		db_reset(s);
		rc = 0;
	} else if (rc >= 0) {
		return no_station(ctx);
	}
	if (!rc && (parts & WITH_AREAS)) {
		json_t *areas = json_array();
		rc = db_query(ctx->db, &s, sql_areas, "i", id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
			if (parts == WITH_AREAS) {
				json_array_append_new(areas, json_string(db_text(s, 0)));
				continue;
			}
			json_t *a = json_object();
			json_object_set_new_nocheck(a, "code", json_string(db_text(s, 0)));
			json_object_set_new_nocheck(a, "name_zh", json_string(db_text(s, 1)));
			json_object_set_new_nocheck(a, "name_en", json_string(db_text(s, 2)));
			json_array_append_new(areas, a);
		}
		json_object_set_new_nocheck(o, "areas", areas);
	}
	if (rc >= 0 && (parts & WITH_STAFF)) {
		json_t *staff = json_array();
		rc = db_query(ctx->db, &s, sql_staff, "i", id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
			json_t *w = json_object();
			json_object_set_new_nocheck(w, "worker_id", json_integer(db_int(s, 0)));
			json_object_set_new_nocheck(w, "name", json_string(db_text(s, 1)));
			json_object_set_new_nocheck(w, "qualification", row_text(s, 2));
			json_object_set_new_nocheck(w, "full_time", json_boolean(db_int(s, 3)));
			json_object_set_new_nocheck(w, "role", json_string(db_text(s, 4)));
			json_object_set_new_nocheck(w, "since", json_string(db_text(s, 5)));
			json_array_append_new(staff, w);
		}
		json_object_set_new_nocheck(o, "staff", staff);
	}
	if (rc >= 0 && (parts & WITH_READINESS)) {
		json_t *items = json_array();
		const char *tier = json_string_value(json_object_get(o, "tier"));
		rc = db_query(ctx->db, &s, sql_readiness, "iiit", id, id, id, tier);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			json_array_append_new(items, render_readiness(s));
		json_object_set_new_nocheck(o, "readiness",
					    json_pack("{s:O,s:o}", "working",
						      json_object_get(o, "working"), "items",
						      items));
	}
	if (rc < 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

int station_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc;

	*out = NULL;
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	rc = load(ctx, id, DETAIL, out);
	db_commit(ctx->db);
	return rc ? read_failed(ctx, rc) : 0;
}

/* A name search q: NULL, or 1 to STATION_QUERY_MAX characters. */
static int check_query(sg_ctx *ctx, const char *q)
{
	size_t n = q ? utf8_count(q, strlen(q)) : 0;
	if (q && (n < 1 || n > STATION_QUERY_MAX))
		return sg_err_setf(&ctx->err, SG_EINVAL, "q", "R-IO-1", "搜索词应为 1 至 %d 个字",
				   "the search text must be 1 to %d characters", STATION_QUERY_MAX);
	return 0;
}

int station_list(sg_ctx *ctx, const struct station_filter *f, int64_t cursor, int limit,
		 json_t **out)
{
	const char *division = f->division;
	char hi[CODE_MAX + 1] = "";
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if (division && division_code_check(division, strlen(division), NULL) != 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "division", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	if ((f->tier && (rc = ONE_OF(ctx, "tier", "R-NET-1", f->tier, tier_names))) ||
	    (f->status && (rc = ONE_OF(ctx, "status", "R-NET-2", f->status, statuses))))
		return rc;
	if ((rc = check_query(ctx, f->q)))
		return rc;
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	if (!division && scope_is_divisional(&ctx->actor)) {
		const char *only = NULL;
		int n = 0;
		rc = db_query(ctx->db, &s, sql_scope_divisions, "i", ctx->actor.user_id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			if (n++ == 0)
				only = arena_strdup(ctx->arena, db_text(s, 0));
		if (rc >= 0 && n == 1 && division_code_check(only, strlen(only), NULL) == 0)
			division = only;
	}
	if (division)
		code_successor(division, hi);
	int64_t working = f->working < 0 ? -1 : f->working;
#define FILTER_ARGS                                                                                \
	f->tier, f->tier, f->status, f->status, working, working, f->operator_org_id,              \
	    f->operator_org_id, cursor, (int64_t)limit + 1
	if (rc < 0) {
		/* the scope query failed */
	} else if (f->q) {
		bool contains = utf8_count(f->q, strlen(f->q)) >= 3;
		const char *arg = db_search_arg(
		    ctx->db, contains ? DB_SEARCH_CONTAINS : DB_SEARCH_PREFIX, f->q, ctx->arena);
		rc = scope_query(ctx, &s, contains ? sql_list_contains : sql_list_prefix,
				 "tttt" LIST_FMT, arg, division, division, division ? hi : NULL,
				 FILTER_ARGS);
	} else if (division) {
		rc = scope_query(ctx, &s, sql_list_range, "tt" LIST_FMT, division, hi, FILTER_ARGS);
	} else {
		rc = scope_query(ctx, &s, sql_list, LIST_FMT, FILTER_ARGS);
	}
#undef FILTER_ARGS
	page_begin(&pg, limit);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, 0), render_station(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	db_commit(ctx->db);
	if (rc < 0) {
		page_abandon(&pg);
		return read_failed(ctx, rc);
	}
	*out = page_finish(&pg);
	return 0;
}

/* ----------------------------------------------------------------- writes */

/* Flips the working flag of one station (tier NULL) or of every station of
 * a tier where it is stale; *changed (may be NULL) counts them. */
static int recompute(sg_ctx *ctx, int64_t id, const char *tier, int64_t *changed)
{
	db_stmt *s;
	int64_t n = 0;
	int rc = tier ? db_query(ctx->db, &s, sql_recompute_tier, "t", tier)
		      : db_query(ctx->db, &s, sql_recompute, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		n++;
	if (changed)
		*changed = n;
	return rc < 0 ? rc : 0;
}

/* Takes the locks of a write to station id (see the header comment). */
static int lock_station(sg_ctx *ctx, int64_t id)
{
	int rc = db_run(ctx->db, sql_lock_tier_of, "i", id);
	return rc ? rc : db_run(ctx->db, sql_lock, "i", id);
}

/* The values a station will have after a write. */
struct row {
	const char *division_code, *tier, *kind, *name, *address, *opened_on, *status;
	const char *operation, *brand, *feature;
	int demonstration;
	int64_t operator_org_id; /* 0: none */
};

/* The rules of R-NET-1 and R-NET-2 that need no database. */
static int check_row(sg_ctx *ctx, struct row *r)
{
	int t = tier_of(r->tier), rc;

	if (t < 0)
		return ONE_OF(ctx, "tier", "R-NET-1", r->tier, tier_names);
	int level = division_code_level(r->division_code, strlen(r->division_code));
	if (level < 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	if (level != tier_levels[t]) {
		static const int digits[DIV__MAX] = {2, 4, 6, 9, 12};
		char zh[160], en[160];
		snprintf(zh, sizeof zh, "%s应设在%s行政区划（%d 位代码），所给代码为%s", tier_zh[t],
			 level_zh[tier_levels[t]], digits[tier_levels[t]], level_zh[level]);
		snprintf(en, sizeof en,
			 "a %s station belongs to a %s division (a code of %d "
			 "digits), not a %s one",
			 tier_names[t], division_level_name(tier_levels[t]), digits[tier_levels[t]],
			 division_level_name(level));
		return sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-NET-1", zh, en);
	}
	if (t == TIER_TOWNSHIP) {
		if (!r->kind)
			r->kind = kinds[0];
		if ((rc = ONE_OF(ctx, "kind", "R-NET-1", r->kind, kinds)))
			return rc;
	} else {
		if (r->kind)
			return sg_err_set(
			    &ctx->err, SG_EINVAL, "kind", "R-NET-1",
			    "只有乡镇(街道)社工站分综合、专项",
			    "only township stations are comprehensive or specialised");
		if (r->demonstration == 1)
			return sg_err_set(&ctx->err, SG_EINVAL, "demonstration", "R-NET-1",
					  "只有乡镇(街道)社工站可评为示范站",
					  "only a township station can be a demonstration station");
	}
	if ((rc = required(ctx, "name", "R-NET-2", r->name)) ||
	    (rc = ONE_OF(ctx, "status", "R-NET-2", r->status, statuses)) ||
	    (rc = check_date(ctx, "opened_on", "R-NET-2", r->opened_on)))
		return rc;
	if (!r->operation)
		r->operation = r->operator_org_id ? "contract" : "self_operated";
	if ((rc = ONE_OF(ctx, "operation", "R-NET-2", r->operation, operations)))
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

/* The operator exists and is an eligible provider where the station is
 * (R-ORG-4 through org_is_eligible; the organisation may be registered
 * outside the actor's scope, so no scope check here). */
static int check_operator(sg_ctx *ctx, const struct row *r)
{
	int64_t n = 0;
	bool ok = false;
	int rc = db_one_int(ctx->db, &n, sql_org_exists, "i", r->operator_org_id);
	if (rc)
		return rc;
	if (!n)
		return sg_err_set(&ctx->err, SG_EINVAL, "operator_org_id", "R-NET-2",
				  "承接主体不存在", "no such operator organisation");
	if ((rc = org_is_eligible(ctx, r->operator_org_id, ORG_PROVIDER, r->division_code, 0, &ok)))
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

/* Commits the transaction; when that fails, *out is dropped. */
static int commit_out(sg_ctx *ctx, json_t **out)
{
	int rc = db_commit(ctx->db);
	if (rc) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/* Ends the create or update of station id, its row written: its service
 * areas (when areas is not NULL), the working flag, the audit entry
 * action {old → the station with its areas}, commit, and the station's
 * detail in *out. Rolls back on failure. */
static int end_write(sg_ctx *ctx, int64_t id, const json_t *areas, const char *action,
		     const json_t *old, json_t **out)
{
	json_t *now = NULL;
	int rc;

	if ((areas && (rc = write_areas(ctx, id, areas))) ||
	    (rc = recompute(ctx, id, NULL, NULL)) || (rc = load(ctx, id, WITH_AREAS, &now)) ||
	    (rc = audit_append(ctx, action, "station", audit_id(ctx, id), old, now, AUDIT_OK)) ||
	    (rc = load(ctx, id, DETAIL, out)))
		db_rollback(ctx->db);
	else
		rc = commit_out(ctx, out);
	json_decref(now);
	return rc ? save_failed(ctx, rc) : 0;
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
	int64_t n = 0, id = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_STATION_EDIT)))
		return rc;
	if ((rc = check_row(ctx, &r)))
		return rc;
	if ((rc = db_begin(ctx->db)))
		return save_failed(ctx, rc);
	if ((rc = scope_one_int(ctx, &n, sql_division_in_scope, "t", r.division_code)))
		goto rollback;
	if (!n) {
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "division_code", "R-ROLE-1",
				"行政区划不存在", "no such division");
		goto rollback;
	}
	if ((in->area_codes && (rc = check_areas(ctx, in->area_codes))) ||
	    (r.operator_org_id && (rc = check_operator(ctx, &r))))
		goto rollback;
	if ((rc = db_run(ctx->db, sql_lock_tier, "t", r.tier)) ||
	    (rc = db_one_int(ctx->db, &id, sql_insert, "tttittttItttii", r.division_code, r.tier,
			     r.kind, (int64_t)r.demonstration, r.name, r.address, r.opened_on,
			     r.status, r.operator_org_id, r.operation, r.brand, r.feature, ctx->now,
			     ctx->now)))
		goto rollback;
	return end_write(ctx, id, in->area_codes, "station.create", NULL, out);
rollback:
	db_rollback(ctx->db);
	return save_failed(ctx, rc);
}

int station_update(sg_ctx *ctx, int64_t id, const struct station_fields *in, json_t **out)
{
	json_t *old = NULL;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_STATION_EDIT)))
		return rc;
	if ((rc = db_begin(ctx->db)))
		return save_failed(ctx, rc);
	if ((rc = lock_station(ctx, id)) || (rc = load(ctx, id, WITH_AREAS, &old)))
		goto rollback;
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
	if ((rc = check_row(ctx, &r)) ||
	    (in->area_codes && (rc = check_areas(ctx, in->area_codes))) ||
	    (r.operator_org_id && r.operator_org_id != old_operator &&
	     (rc = check_operator(ctx, &r))))
		goto rollback;
	if ((rc = db_run(ctx->db, sql_update, "tittttItttii", r.kind, (int64_t)r.demonstration,
			 r.name, r.address, r.opened_on, r.status, r.operator_org_id, r.operation,
			 r.brand, r.feature, ctx->now, id)))
		goto rollback;
	rc = end_write(ctx, id, in->area_codes, "station.update", old, out);
	json_decref(old);
	return rc;
rollback:
	db_rollback(ctx->db);
	json_decref(old);
	return save_failed(ctx, rc);
}

/* Begins the write of a station's staff or readiness: the role, the
 * locks, and the station within the scope (its snapshot in *station). */
static int begin_manage(sg_ctx *ctx, int64_t id, json_t **station)
{
	int rc;
	*station = NULL;
	if ((rc = perm_require(ctx, PERM_STATION_MANAGE)))
		return rc;
	if ((rc = db_begin(ctx->db)))
		return rc;
	if ((rc = lock_station(ctx, id)) || (rc = load(ctx, id, 0, station))) {
		db_rollback(ctx->db);
		return rc;
	}
	return 0;
}

/* Ends such a write: recompute, touch, audit {…, working}, commit, and
 * the station's detail in *out. Rolls back on failure. Takes ownership
 * of old (may be NULL) and now. */
static int end_manage(sg_ctx *ctx, int64_t id, const char *action, json_t *old, json_t *now,
		      json_t **out)
{
	json_t *st = NULL;
	int rc;

	if ((rc = recompute(ctx, id, NULL, NULL)) ||
	    (rc = db_run(ctx->db, sql_touch, "ii", ctx->now, id)) || (rc = load(ctx, id, 0, &st)))
		goto rollback;
	json_object_set_nocheck(now, "working", json_object_get(st, "working"));
	json_decref(st);
	if ((rc = audit_append(ctx, action, "station", audit_id(ctx, id), old, now, AUDIT_OK)) ||
	    (rc = load(ctx, id, DETAIL, out)))
		goto rollback;
	rc = commit_out(ctx, out);
	goto done;
rollback:
	db_rollback(ctx->db);
done:
	json_decref(old);
	json_decref(now);
	return rc ? save_failed(ctx, rc) : 0;
}

int station_staff_add(sg_ctx *ctx, int64_t station_id, int64_t worker_id, const char *role,
		      const char *since, json_t **out)
{
	json_t *station = NULL, *now = NULL;
	int64_t n = 0;
	db_stmt *s;
	int rc;

	*out = NULL;
	if (!role)
		role = "staff";
	if (!since)
		since = today(ctx);
	if ((rc = ONE_OF(ctx, "role", "R-TAL-1", role, staff_roles)) ||
	    (rc = check_date(ctx, "since", "R-TAL-1", since)))
		return rc;
	if ((rc = begin_manage(ctx, station_id, &station)))
		return save_failed(ctx, rc);
	if ((rc = scope_one_int(ctx, &n, sql_worker_visible, "i", worker_id)))
		goto rollback;
	if (!n) {
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", "R-ROLE-1",
				"社会工作者不存在", "no such social worker");
		goto rollback;
	}
	if ((rc = db_query(ctx->db, &s, sql_staff_get, "ii", station_id, worker_id)))
		goto rollback;
	if ((rc = db_step(s)) == DB_ROW) {
		db_reset(s);
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "worker_id", "R-TAL-1",
				"该社会工作者已在本站", "the worker already works at this station");
		goto rollback;
	}
	if (rc < 0)
		goto rollback;
	if (strcmp(role, "head") == 0) {
		if ((rc = db_one_int(ctx->db, &n, sql_head_count, "i", station_id)))
			goto rollback;
		if (n) {
			rc = sg_err_set(&ctx->err, SG_ECONFLICT, "role", "R-TAL-1",
					"本站已有负责人", "the station already has a head");
			goto rollback;
		}
	}
	if ((rc = db_run(ctx->db, sql_staff_insert, "iitt", station_id, worker_id, role, since)))
		goto rollback;
	json_decref(station);
	now = json_pack("{s:I,s:s,s:s}", "worker_id", (json_int_t)worker_id, "role", role, "since",
			since);
	return end_manage(ctx, station_id, "station.staff_assign", NULL, now, out);
rollback:
	db_rollback(ctx->db);
	json_decref(station);
	return save_failed(ctx, rc);
}

int station_staff_remove(sg_ctx *ctx, int64_t station_id, int64_t worker_id, json_t **out)
{
	json_t *station = NULL, *old = NULL, *now = NULL;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = begin_manage(ctx, station_id, &station)))
		return save_failed(ctx, rc);
	json_decref(station);
	if ((rc = db_query(ctx->db, &s, sql_staff_get, "ii", station_id, worker_id)))
		goto rollback;
	if ((rc = db_step(s)) != DB_ROW) {
		if (rc >= 0)
			rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", NULL,
					"该社会工作者不在本站",
					"the worker does not work at this station");
		goto rollback;
	}
	old = json_pack("{s:I,s:s,s:s}", "worker_id", (json_int_t)worker_id, "role", db_text(s, 0),
			"since", db_text(s, 1));
	db_reset(s);
	if ((rc = db_run(ctx->db, sql_staff_delete, "ii", station_id, worker_id)))
		goto rollback;
	now = json_pack("{s:I}", "worker_id", (json_int_t)worker_id);
	return end_manage(ctx, station_id, "station.staff_remove", old, now, out);
rollback:
	db_rollback(ctx->db);
	json_decref(old);
	return save_failed(ctx, rc);
}

int station_readiness_set(sg_ctx *ctx, int64_t station_id, int64_t item_id, bool met,
			  const char *note, json_t **out)
{
	json_t *station = NULL, *old = NULL, *now = NULL;
	const char *code;
	bool same_tier, flag;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = begin_manage(ctx, station_id, &station)))
		return save_failed(ctx, rc);
	if ((rc = db_query(ctx->db, &s, sql_item, "i", item_id)))
		goto rollback;
	if ((rc = db_step(s)) != DB_ROW) {
		if (rc >= 0)
			rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "item_id", NULL,
					"建设标准条目不存在", "no such readiness item");
		goto rollback;
	}
	same_tier = strcmp(db_text(s, 1), jsonv_str(station, "tier", "")) == 0;
	flag = strcmp(db_text(s, 5), "flag") == 0;
	code = arena_strdup(ctx->arena, db_text(s, 2));
	db_reset(s);
	if (!same_tier || !flag) {
		rc = sg_err_set(&ctx->err, SG_EINVAL, "item_id", "R-NET-4",
				!same_tier ? "该条目不属于本站层级的建设标准"
					   : "人员条目按在岗社工自动计算，不能勾选",
				!same_tier
				    ? "the item belongs to another tier's checklist"
				    : "staffing items are computed from the staff, not ticked");
		goto rollback;
	}
	if ((rc = db_query(ctx->db, &s, sql_tick_get, "ii", station_id, item_id)))
		goto rollback;
	if ((rc = db_step(s)) == DB_ROW) {
		old = json_pack("{s:I,s:s,s:b,s:s?}", "item_id", (json_int_t)item_id, "code", code,
				"met", db_int(s, 0) == 1, "note", db_text(s, 1));
		db_reset(s);
	} else if (rc < 0) {
		goto rollback;
	}
	note = or_null(note);
	if ((rc = db_run(ctx->db, sql_tick, "iiitiI", station_id, item_id, (int64_t)met, note,
			 ctx->now, ctx->actor.user_id)))
		goto rollback;
	json_decref(station);
	now = json_pack("{s:I,s:s,s:b,s:s?}", "item_id", (json_int_t)item_id, "code", code, "met",
			met, "note", note);
	return end_manage(ctx, station_id, "station.readiness_set", old, now, out);
rollback:
	db_rollback(ctx->db);
	json_decref(station);
	json_decref(old);
	return save_failed(ctx, rc);
}

/* ------------------------------------------------------------- checklist */

int station_checklist(sg_ctx *ctx, const char *tier, json_t **out)
{
	json_t *items;
	db_stmt *s;
	int rc;

	*out = NULL;
	if (tier && (rc = ONE_OF(ctx, "tier", "R-NET-4", tier, tier_names)))
		return rc;
	rc = tier ? db_query(ctx->db, &s, sql_items_tier, "t", tier)
		  : db_query(ctx->db, &s, sql_items_all, NULL);
	items = json_array();
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, render_item(s));
	if (rc < 0) {
		json_decref(items);
		return read_failed(ctx, rc);
	}
	*out = json_pack("{s:o}", "items", items);
	return 0;
}

/* One checklist item, or SG_ENOTFOUND. */
static int get_item(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_item, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		*out = render_item(s);
		db_reset(s);
		return 0;
	}
	if (rc < 0)
		return rc;
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "建设标准条目不存在",
			  "no such readiness item");
}

int station_checklist_update(sg_ctx *ctx, int64_t item_id, const struct station_item_patch *p,
			     json_t **out)
{
	json_t *old = NULL, *now = NULL;
	int64_t changed = 0;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_SETTINGS_EDIT)))
		return rc;
	if ((p->name_zh && (rc = required(ctx, "name_zh", "R-NET-4", p->name_zh))) ||
	    (p->name_en && (rc = required(ctx, "name_en", "R-NET-4", p->name_en))))
		return rc;
	if (p->threshold > STATION_THRESHOLD_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "threshold", "R-NET-4",
				   "人数下限应为 0 至 %d", "the threshold must be 0 to %d",
				   STATION_THRESHOLD_MAX);
	if ((rc = db_begin(ctx->db)))
		return save_failed(ctx, rc);
	if ((rc = db_run(ctx->db, sql_item_lock, "i", item_id)) ||
	    (rc = get_item(ctx, item_id, &old)))
		goto rollback;
	bool flag = strcmp(jsonv_str(old, "kind", ""), "flag") == 0;
	if (flag && p->threshold >= 0) {
		rc = sg_err_set(&ctx->err, SG_EINVAL, "threshold", "R-NET-4",
				"勾选条目没有人数下限", "a ticked item has no threshold");
		goto rollback;
	}
	const char *tier = arena_strdup(ctx->arena, jsonv_str(old, "tier", ""));
	if ((rc = db_run(ctx->db, sql_item_update, "ttii",
			 p->name_zh ? p->name_zh : jsonv_str(old, "name_zh", ""),
			 p->name_en ? p->name_en : jsonv_str(old, "name_en", ""),
			 p->threshold >= 0 ? (int64_t)p->threshold : jsonv_int(old, "threshold", 0),
			 item_id)) ||
	    (rc = recompute(ctx, 0, tier, &changed)) || (rc = get_item(ctx, item_id, &now)))
		goto rollback;
	json_t *logged = json_deep_copy(now);
	json_object_set_new_nocheck(logged, "stations_changed", json_integer(changed));
	rc = audit_append(ctx, "readiness.item_update", "readiness_item", audit_id(ctx, item_id),
			  old, logged, AUDIT_OK);
	json_decref(logged);
	if (rc)
		goto rollback;
	json_decref(old);
	if ((rc = db_commit(ctx->db))) {
		json_decref(now);
		return save_failed(ctx, rc);
	}
	*out = now;
	return 0;
rollback:
	db_rollback(ctx->db);
	json_decref(old);
	json_decref(now);
	return save_failed(ctx, rc);
}

/* -------------------------------------------------------------- coverage */

struct cov_counts {
	int64_t townships, townships_with, villages, villages_with;
};

struct cov_child {
	const char *code, *name;
	int level;
	struct cov_counts n;
};

static json_t *share(int64_t total, int64_t with)
{
	json_t *ratio = total ? json_real((double)((with * 20000 + total) / (2 * total)) / 10000.0)
			      : json_null();
	return json_pack("{s:I,s:I,s:o}", "total", (json_int_t)total, "with_station",
			 (json_int_t)with, "ratio", ratio);
}

static void counts_into(json_t *o, const struct cov_counts *n)
{
	json_object_set_new_nocheck(o, "townships", share(n->townships, n->townships_with));
	json_object_set_new_nocheck(o, "villages", share(n->villages, n->villages_with));
}

/* The child whose code starts code (children are in code order and of
 * one length), or NULL. */
static struct cov_child *child_of(struct cov_child *v, size_t n, const char *code)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(v[mid].code, code, strlen(v[mid].code));
		if (c == 0)
			return &v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Appends [{code, name}] from the rows of a query of those two columns. */
static int code_names(db_stmt *s, json_t *out)
{
	int rc;
	while ((rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    out, json_pack("{s:s,s:s}", "code", db_text(s, 0), "name", db_text(s, 1)));
	return rc < 0 ? rc : 0;
}

int station_coverage(sg_ctx *ctx, const char *code, json_t **out)
{
	struct cov_counts total = {0};
	struct cov_child *children = NULL;
	size_t nchildren = 0, cap = 0;
	json_t *division = NULL, *mt = json_array(), *mv = json_array();
	int64_t n = 0;
	db_stmt *s;
	int rc;

	*out = NULL;
	if (division_code_check(code, strlen(code), NULL) != 0) {
		json_decref(mt);
		json_decref(mv);
		return sg_err_set(&ctx->err, SG_EINVAL, "code", "R-DIV-1",
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "a division code is 2, 4, 6, 9 or 12 digits");
	}
	bool global = scope_global(&ctx->actor);
	bool divisional = scope_is_divisional(&ctx->actor);
	if ((rc = db_begin_read(ctx->db)))
		goto done;
	if (!global && divisional)
		rc = scope_one_int(ctx, &n, sql_division_in_scope, "t", code);
	if (!rc && (global || n)) {
		rc = db_query(ctx->db, &s, sql_cov_division, "t", code);
		if (!rc && (rc = db_step(s)) == DB_ROW) {
			const char *lv = division_level_name((int)db_int(s, 2));
			division = json_pack("{s:s,s:s,s:s?}", "code", db_text(s, 0), "name",
					     db_text(s, 1), "level", lv);
			db_reset(s);
			rc = 0;
		}
	}
	if (rc < 0 || !division)
		goto done;
	rc = db_query(ctx->db, &s, sql_cov_children, "t", code);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (nchildren == cap) {
			cap = cap ? 2 * cap : 64;
			children = xrealloc(children, cap * sizeof *children);
		}
		struct cov_child *c = &children[nchildren++];
		*c = (struct cov_child){
		    .code = arena_strdup(ctx->arena, db_text(s, 0)),
		    .name = arena_strdup(ctx->arena, db_text(s, 1)),
		    .level = (int)db_int(s, 2),
		    .n = {.villages = db_int(s, 3),
			  .townships_with = db_int(s, 4),
			  .villages_with = db_int(s, 5)},
		};
		total.villages += c->n.villages;
		total.townships_with += c->n.townships_with;
		total.villages_with += c->n.villages_with;
	}
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_self, "tt", code, code)) == 0 &&
	    (rc = db_step(s)) == DB_ROW) {
		total.townships_with += db_int(s, 0) > 0;
		total.villages_with += db_int(s, 1) > 0;
		db_reset(s);
		rc = 0;
	}
	if (strlen(code) == 12)
		total.villages++;
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_missing_townships, "ti", code,
				      (int64_t)COVERAGE_TOWNSHIPS_MAX)) == 0)
		rc = code_names(s, mt);
	if (rc >= 0 && (rc = db_query(ctx->db, &s, sql_cov_missing_villages, "tti", code, code,
				      (int64_t)COVERAGE_MISSING_MAX)) == 0)
		rc = code_names(s, mv);
done:
	db_commit(ctx->db);
	if (rc < 0 || !division) {
		free(children);
		json_decref(division);
		json_decref(mt);
		json_decref(mv);
		if (rc < 0)
			return read_failed(ctx, rc);
		return sg_err_set(&ctx->err, SG_ENOTFOUND, "code", "R-ROLE-1", "行政区划不存在",
				  "no such division");
	}
	/* Every township is missing or has a station. */
	size_t i;
	json_t *t;
	total.townships = total.townships_with + (int64_t)json_array_size(mt);
	for (i = 0; i < nchildren; i++)
		children[i].n.townships = children[i].n.townships_with;
	json_array_foreach(mt, i, t)
	{
		struct cov_child *c =
		    child_of(children, nchildren, json_string_value(json_object_get(t, "code")));
		if (c)
			c->n.townships++;
	}
	json_t *o = json_object(), *kids = json_array();
	json_object_set_new_nocheck(o, "division", division);
	counts_into(o, &total);
	for (i = 0; i < nchildren; i++) {
		json_t *c =
		    json_pack("{s:s,s:s,s:s?}", "code", children[i].code, "name", children[i].name,
			      "level", division_level_name(children[i].level));
		counts_into(c, &children[i].n);
		json_array_append_new(kids, c);
	}
	free(children);
	json_object_set_new_nocheck(o, "children", kids);
	json_object_set_new_nocheck(o, "missing_townships", mt);
	json_object_set_new_nocheck(o, "missing_villages",
				    json_pack("{s:I,s:o}", "count",
					      (json_int_t)(total.villages - total.villages_with),
					      "items", mv));
	*out = o;
	return 0;
}

/* -------------------------------------------------------- social workers */

static int no_worker(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "社会工作者不存在",
			  "no such social worker");
}

/* One worker within the actor's scope, with the stations the actor sees. */
static int load_worker(sg_ctx *ctx, int64_t id, json_t **out)
{
	json_t *w = NULL;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_worker_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		w = render_worker(s);
		db_reset(s);
		rc = 0;
	} else if (rc >= 0) {
		return no_worker(ctx);
	}
	json_t *stations = json_array();
	if (!rc)
		rc = scope_query(ctx, &s, sql_worker_stations, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(
		    stations, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)db_int(s, 0),
					"name", db_text(s, 1), "tier", db_text(s, 2), "role",
					db_text(s, 3), "since", db_text(s, 4)));
	json_object_set_new_nocheck(w, "stations", stations);
	if (rc < 0) {
		json_decref(w);
		return rc;
	}
	*out = w;
	return 0;
}

int station_worker_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	int rc;

	*out = NULL;
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	rc = load_worker(ctx, id, out);
	db_commit(ctx->db);
	return rc ? read_failed(ctx, rc) : 0;
}

/* A LIKE pattern matching names that contain q: "%q%" with the LIKE
 * metacharacters escaped by '!'. */
static const char *contains_pattern(sg_arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *o = p;
	*o++ = '%';
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '!')
			*o++ = '!';
		*o++ = *c;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int station_worker_list(sg_ctx *ctx, int64_t employer_org_id, const char *qualification,
			const char *q, int64_t cursor, int limit, json_t **out)
{
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if (qualification && strcmp(qualification, "none") != 0 &&
	    (rc = ONE_OF(ctx, "qualification", "R-TAL-1", qualification, qualifications)))
		return rc;
	if ((rc = check_query(ctx, q)))
		return rc;
	if ((rc = db_begin_read(ctx->db)))
		return read_failed(ctx, rc);
	const char *like = q && *q ? contains_pattern(ctx->arena, q) : NULL;
	rc = scope_query(ctx, &s, sql_worker_list, "iiittttti", cursor, employer_org_id,
			 employer_org_id, qualification, qualification, qualification, like, like,
			 (int64_t)limit + 1);
	page_begin(&pg, limit);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, 0), render_worker(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	db_commit(ctx->db);
	if (rc < 0) {
		page_abandon(&pg);
		return read_failed(ctx, rc);
	}
	*out = page_finish(&pg);
	return 0;
}

/* The employer given to a worker this actor registers (R-ROLE-1). */
static int employer_for(sg_ctx *ctx, int64_t asked, int64_t *out)
{
	int64_t n = 0;
	int rc;

	*out = asked;
	if (role_scope_kind(ctx->actor.role) == SCOPE_ORG) {
		if ((rc = db_one_int(ctx->db, out, sql_own_org, "i", ctx->actor.user_id)) &&
		    rc != SG_ENOTFOUND)
			return rc;
		if (rc == SG_ENOTFOUND || (asked && asked != *out))
			return sg_err_set(
			    &ctx->err, SG_EINVAL, "employer_org_id", "R-ROLE-1",
			    "承接主体只能登记本机构的社会工作者",
			    "provider staff register their own organisation's workers");
		return 0;
	}
	if (!asked) {
		if (scope_global(&ctx->actor))
			return 0;
		return sg_err_set(&ctx->err, SG_EINVAL, "employer_org_id", "R-TAL-1",
				  "请指定社会工作者的工作单位（本辖区登记的组织）",
				  "give the worker's employer (an organisation registered in "
				  "your area)");
	}
	if ((rc = scope_one_int(ctx, &n, sql_org_in_scope, "i", asked)))
		return rc;
	if (!n)
		return sg_err_set(&ctx->err, SG_ENOTFOUND, "employer_org_id", "R-ROLE-1",
				  "组织不存在", "no such organisation");
	return 0;
}

int station_worker_create(sg_ctx *ctx, const struct station_worker_new *in, json_t **out)
{
	int64_t id = 0, employer = 0;
	json_t *logged = NULL;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_WORKER_REGISTER)))
		return rc;
	if ((rc = required(ctx, "name", "R-TAL-1", in->name)) ||
	    (in->qualification &&
	     (rc = ONE_OF(ctx, "qualification", "R-TAL-1", in->qualification, qualifications))))
		return rc;
	if ((rc = db_begin(ctx->db)))
		return save_failed(ctx, rc);
	if ((rc = employer_for(ctx, in->employer_org_id, &employer)) ||
	    (rc = db_one_int(ctx->db, &id, sql_worker_insert, "tttIiii", in->name,
			     in->qualification, or_null(in->certificate_no), employer,
			     (int64_t)in->full_time, ctx->now, ctx->now)))
		goto rollback;
	/* The audit trail gets no name and no certificate number. */
	logged =
	    json_pack("{s:I,s:s?,s:o,s:b}", "id", (json_int_t)id, "qualification",
		      in->qualification, "employer_org_id",
		      employer ? json_integer(employer) : json_null(), "full_time", in->full_time);
	if ((rc = audit_append(ctx, "social_worker.create", "social_worker", audit_id(ctx, id),
			       NULL, logged, AUDIT_OK)) ||
	    (rc = load_worker(ctx, id, out)))
		goto rollback;
	json_decref(logged);
	if ((rc = commit_out(ctx, out)))
		return save_failed(ctx, rc);
	return 0;
rollback:
	db_rollback(ctx->db);
	json_decref(logged);
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "保存社会工作者失败",
			   "the social worker could not be saved");
	return rc;
}
