/*
 * readiness.c — the readiness checklist (R-NET-4): items, ticks and their
 * confirmation, and the stored working flag of the stations.
 *
 * Locking (the order every station write follows): the row locks of the
 * tier's checklist items first (a no-op UPDATE), then the station's row,
 * and reads after that; a checklist change takes the item's row, then the
 * stations' rows (its recompute). Items before stations in both, so that
 * on PostgreSQL (READ COMMITTED) writers of one tier queue instead of
 * recomputing from a state another one is changing, and never deadlock.
 * SQLite has one writer at a time anyway.
 */
#include "domain/readiness.h"

#include <string.h>

#include "base/jsonv.h"
#include "domain/check.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/station.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value readiness_actions_values[] = {
    {"station.readiness_set", "勾选建设标准", "tick a readiness item"},
    {"station.readiness_confirm", "确认建设标准", "confirm a readiness tick"},
    {"readiness.item_update", "修改建设标准条目", "change a readiness item"},
};
const struct enum_def readiness_actions = ENUM_DEF("audit.action", readiness_actions_values);

static const struct enum_value kind_values[] = {
    {"flag", "逐项确认", "ticked"},
    {"min_staff", "专职人员人数", "full-time staff"},
    {"min_qualified", "持证人员人数", "qualified staff"},
};
const struct enum_def readiness_kinds = ENUM_DEF("readiness.kind", kind_values);

/* ------------------------------------------------------------------- SQL */

/* The computed facts of a station: its full-time staff, and its staff
 * holding a qualification. STAFF_COUNT is followed by the station (a
 * column or ?) and one of the two conditions. */
#define STAFF_COUNT                                                                                \
	"(SELECT COUNT(*) FROM station_staff ss JOIN social_workers w ON w.id = ss.worker_id"      \
	" WHERE ss.station_id = "
#define FULL_TIME " AND w.full_time = 1)"
#define QUALIFIED " AND w.qualification IS NOT NULL)"

#define ITEM_COLUMNS(X)                                                                            \
	X(IT_ID, "i.id", "id", COL_INT, DC_PUBLIC)                                                 \
	X(IT_CODE, "i.code", "code", COL_TEXT, DC_PUBLIC)                                          \
	X(IT_NAME_ZH, "i.name_zh", "name_zh", COL_TEXT, DC_PUBLIC)                                 \
	X(IT_NAME_EN, "i.name_en", "name_en", COL_TEXT, DC_PUBLIC)                                 \
	X(IT_KIND, "i.kind", "kind", COL_TEXT, DC_PUBLIC)                                          \
	X(IT_THRESHOLD, "i.threshold", "threshold", COL_INT, DC_PUBLIC)
enum { IT__FIRST, ITEM_COLUMNS(COLUMN_ENUM) IT__MAX };
/* A station's tick of an item, after the item's columns. */
#define TICK_EXTRA(X)                                                                              \
	X(TK_MET, "r.met", NULL, COL_HIDDEN, DC_INTERNAL)                                          \
	X(TK_NOTE, "r.note", "note", COL_TEXT, DC_INTERNAL)                                        \
	X(TK_CHECKED_AT, "r.checked_at", "checked_at", COL_TIME, DC_INTERNAL)                      \
	X(TK_BY, "r.checked_by", NULL, COL_HIDDEN, DC_INTERNAL)                                    \
	X(TK_BY_NAME, "tu.display_name", NULL, COL_HIDDEN, DC_INTERNAL)                            \
	X(TK_CONFIRMED_AT, "r.confirmed_at", "confirmed_at", COL_TIME, DC_INTERNAL)                \
	X(TK_CONFIRMED_BY, "r.confirmed_by", NULL, COL_HIDDEN, DC_INTERNAL)                        \
	X(TK_CONFIRMED_NAME, "cu.display_name", NULL, COL_HIDDEN, DC_INTERNAL)                     \
	X(TK_ACTUAL,                                                                               \
	  "CASE i.kind WHEN 'min_staff' THEN " STAFF_COUNT "?" FULL_TIME                           \
	  " WHEN 'min_qualified' THEN " STAFF_COUNT "?" QUALIFIED " END",                          \
	  "actual", COL_INT, DC_INTERNAL)
#define TICK_COLUMNS(X) ITEM_COLUMNS(X) TICK_EXTRA(X)
enum { TK__FIRST = IT__MAX - 1, TICK_EXTRA(COLUMN_ENUM) TK__MAX };
static const struct col_table tick_table = COLUMNS_TABLE("station", TICK_COLUMNS, TK__MAX);

#define CHECKLIST_EXTRA(X)                                                                         \
	X(CL_TIER, "i.tier", "tier", COL_TEXT, DC_PUBLIC)                                          \
	X(CL_POSITION, "i.position", "position", COL_INT, DC_PUBLIC)
#define CHECKLIST_COLUMNS(X) ITEM_COLUMNS(X) CHECKLIST_EXTRA(X)
enum { CL__FIRST = IT__MAX - 1, CHECKLIST_EXTRA(COLUMN_ENUM) CL__MAX };
static const struct col_table item_table =
    COLUMNS_TABLE("readiness_item", CHECKLIST_COLUMNS, CL__MAX);

static const char sql_ticks[] = "SELECT " COLUMNS_SELECT(
    TICK_COLUMNS) " FROM readiness_items i"
		  " LEFT JOIN station_readiness r ON r.item_id = i.id AND r.station_id = ?"
		  " LEFT JOIN users tu ON tu.id = r.checked_by"
		  " LEFT JOIN users cu ON cu.id = r.confirmed_by"
		  " WHERE i.tier = ? ORDER BY i.position, i.id";

/* Working: active, and no item of the tier fails — a flag item passes
 * when its tick is met and confirmed. A recompute flips the rows whose
 * stored flag differs, and returns them (to count them). */
#define WORKING_EXPR                                                                               \
	"(CASE WHEN stations.status = 'active' AND NOT EXISTS (SELECT 1 FROM readiness_items i"    \
	" WHERE i.tier = stations.tier AND NOT ("                                                  \
	"(i.kind = 'flag' AND EXISTS (SELECT 1 FROM station_readiness r"                           \
	" WHERE r.station_id = stations.id AND r.item_id = i.id AND r.met = 1"                     \
	" AND r.confirmed_at IS NOT NULL))"                                                        \
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
static const char sql_lock_station[] = "UPDATE stations SET updated_at = updated_at WHERE id = ?";

static const char sql_item[] =
    "SELECT " COLUMNS_SELECT(CHECKLIST_COLUMNS) " FROM readiness_items i WHERE i.id = ?";
static const char sql_items_all[] = "SELECT " COLUMNS_SELECT(
    CHECKLIST_COLUMNS) " FROM readiness_items i ORDER BY"
		       " CASE i.tier WHEN 'county' THEN 0 WHEN 'township' THEN 1 ELSE 2 END,"
		       " i.position, i.id";
static const char sql_items_tier[] = "SELECT " COLUMNS_SELECT(
    CHECKLIST_COLUMNS) " FROM readiness_items i WHERE i.tier = ? ORDER BY i.position, i.id";
static const char sql_item_lock[] = "UPDATE readiness_items SET position = position WHERE id = ?";
/* A flag item keeps its NULL threshold whatever is bound. */
static const char sql_item_update[] =
    "UPDATE readiness_items SET name_zh = ?, name_en = ?,"
    " threshold = CASE WHEN kind = 'flag' THEN NULL ELSE ? END WHERE id = ?";
static const char sql_tick_get[] = "SELECT met, note, confirmed_at FROM station_readiness"
				   " WHERE station_id = ? AND item_id = ?";
/* A tick replaces the last one; its confirmation is the ticker's own
 * (confirmed NULL: a claim). */
static const char sql_tick[] =
    "INSERT INTO station_readiness (station_id, item_id, met, note, checked_at, checked_by,"
    " confirmed_at, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (station_id, item_id) DO UPDATE SET"
    " met = excluded.met, note = excluded.note, checked_at = excluded.checked_at,"
    " checked_by = excluded.checked_by, confirmed_at = excluded.confirmed_at,"
    " confirmed_by = excluded.confirmed_by";
static const char sql_confirm[] = "UPDATE station_readiness SET confirmed_at = ?, confirmed_by = ?"
				  " WHERE station_id = ? AND item_id = ?";
static const char sql_touch[] = "UPDATE stations SET updated_at = ? WHERE id = ?";

/* ----------------------------------------------------------- the flag */

int readiness_lock_station(sg_ctx *ctx, int64_t station_id)
{
	int rc = db_run(ctx->db, sql_lock_tier_of, "i", station_id);
	return rc ? rc : db_run(ctx->db, sql_lock_station, "i", station_id);
}

int readiness_lock_tier(sg_ctx *ctx, const char *tier)
{
	return db_run(ctx->db, sql_lock_tier, "t", tier);
}

/* Flips the working flag of one station (tier NULL) or of every station
 * of a tier where it is stale; *changed (may be NULL) counts them. */
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

int readiness_recompute(sg_ctx *ctx, int64_t station_id)
{
	return recompute(ctx, station_id, NULL, NULL);
}

/* {id, name} of a user from two columns, or null. */
static json_t *user_ref(db_stmt *s, int id_col, int name_col)
{
	if (db_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I,s:s?}", "id", (json_int_t)db_int(s, id_col), "name",
			 db_text(s, name_col));
}

int readiness_render(sg_ctx *ctx, int64_t station_id, const char *tier, bool working, json_t **out)
{
	json_t *items = json_array();
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_ticks, "iiit", station_id, station_id, station_id, tier);

	*out = NULL;
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *o = row_object(s, &tick_table, 0);
		bool flag = strcmp(db_text(s, IT_KIND), "flag") == 0;
		bool met = !db_is_null(s, TK_MET) && db_int(s, TK_MET) == 1;
		bool confirmed = !db_is_null(s, TK_CONFIRMED_AT);
		json_object_set_new_nocheck(o, "met", flag ? json_boolean(met) : json_null());
		if (flag)
			json_object_set_new_nocheck(o, "actual", json_null());
		json_object_set_new_nocheck(o, "ticked_by", user_ref(s, TK_BY, TK_BY_NAME));
		json_object_set_new_nocheck(o, "confirmed_by",
					    user_ref(s, TK_CONFIRMED_BY, TK_CONFIRMED_NAME));
		json_object_set_new_nocheck(
		    o, "passed",
		    json_boolean(flag ? met && confirmed
				      : db_int(s, TK_ACTUAL) >= db_int(s, IT_THRESHOLD)));
		json_array_append_new(items, o);
	}
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	*out = json_pack("{s:b,s:o}", "working", working, "items", items);
	return 0;
}

/* ----------------------------------------------------------- the ticks */

int readiness_write_after(struct write *w)
{
	struct station_ref st;
	int rc = readiness_recompute(w->ctx, w->id);
	if (!rc)
		rc = db_run(w->ctx->db, sql_touch, "ii", w->ctx->now, w->id);
	if (!rc)
		rc = station_ref_get(w->ctx, w->id, &st);
	if (!rc && w->now)
		json_object_set_new_nocheck(w->now, "working", json_boolean(st.working));
	return rc;
}

/* A station's tick or confirmation: the station's locks, the audit values
 * set by the caller, then readiness_write_after; the station's detail for
 * *out. */
static const struct write_spec tick_write = {
    .table = &tick_table,
    .fail_zh = "保存社工站建设情况失败",
    .fail_en = "the station's readiness could not be saved",
    .lock = readiness_lock_station,
    .after = readiness_write_after,
    .detail = station_detail,
};

/* The item of a tick: it exists, is of the station's tier and is ticked
 * by a person; its code into *code. */
static int tick_item(sg_ctx *ctx, const struct station_ref *st, int64_t item_id, const char **code)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_item, "i", item_id);
	if (rc)
		return rc;
	if ((rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc
			      : sg_err_set(&ctx->err, SG_ENOTFOUND, "item_id", NULL,
					   "建设标准条目不存在", "no such readiness item");
	bool same_tier = strcmp(db_text(s, CL_TIER), st->tier) == 0;
	bool flag = strcmp(db_text(s, IT_KIND), "flag") == 0;
	*code = arena_strdup(ctx->arena, db_text(s, IT_CODE));
	db_reset(s);
	if (!same_tier || !flag)
		return sg_err_set(&ctx->err, SG_EINVAL, "item_id", "R-NET-4",
				  !same_tier ? "该条目不属于本站层级的建设标准"
					     : "人员条目按在岗社工自动计算，不能勾选",
				  !same_tier
				      ? "the item belongs to another tier's checklist"
				      : "staffing items are computed from the staff, not ticked");
	return 0;
}

/* The tick of station_id's item item_id as an audit value into *out
 * (NULL when there is none); *ticked and *confirmed say what it is. */
static int tick_get(sg_ctx *ctx, int64_t station_id, int64_t item_id, const char *code,
		    json_t **out, bool *ticked, bool *confirmed)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_tick_get, "ii", station_id, item_id);

	*out = NULL;
	*ticked = *confirmed = false;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : 0;
	*ticked = db_int(s, 0) == 1;
	*confirmed = !db_is_null(s, 2);
	*out = json_pack("{s:I,s:s,s:b,s:s?,s:b}", "item_id", (json_int_t)item_id, "code", code,
			 "met", *ticked, "note", db_text(s, 1), "confirmed", *confirmed);
	db_reset(s);
	return 0;
}

/* The start of a tick's write (its permission checked already): the write opened on the
 * station (its locks), the station in the scope, the item a flag item of
 * its tier (its code into *code), the tick as it is now (audited as the
 * old value; *ticked and *confirmed say what it is). */
static int tick_open(struct write *w, sg_ctx *ctx, const char *action, int64_t station_id,
		     int64_t item_id, const char **code, bool *ticked, bool *confirmed)
{
	struct station_ref st;
	json_t *old = NULL;
	int rc = write_open(w, ctx, &tick_write, action, station_id);
	if (!rc)
		rc = station_ref_get(ctx, station_id, &st);
	if (!rc)
		rc = tick_item(ctx, &st, item_id, code);
	if (!rc && !(rc = tick_get(ctx, station_id, item_id, *code, &old, ticked, confirmed)))
		write_set_old(w, old);
	return rc;
}

int readiness_tick(sg_ctx *ctx, int64_t station_id, int64_t item_id, bool met, const char *note,
		   json_t **out)
{
	struct write w;
	const char *code = NULL;
	bool ticked, confirmed;
	/* A tick by who may confirm is confirmed as it is made. */
	bool confirmer = perm_has(ctx, PERM_READINESS_CONFIRM);
	int rc = perm_require(ctx, PERM_STATION_MANAGE);

	*out = NULL;
	if (rc)
		return rc;
	note = note && note[0] ? note : NULL;
	rc = tick_open(&w, ctx, "station.readiness_set", station_id, item_id, &code, &ticked,
		       &confirmed);
	if (!rc)
		rc = db_run(ctx->db, sql_tick, "iiitiIII", station_id, item_id, (int64_t)met, note,
			    ctx->now, ctx->actor.user_id, confirmer ? ctx->now : (int64_t)0,
			    confirmer ? ctx->actor.user_id : (int64_t)0);
	if (!rc)
		write_set_now(&w, json_pack("{s:I,s:s,s:b,s:s?,s:b}", "item_id",
					    (json_int_t)item_id, "code", code, "met", met, "note",
					    note, "confirmed", confirmer));
	return write_close(&w, rc, out);
}

int readiness_confirm(sg_ctx *ctx, int64_t station_id, int64_t item_id, json_t **out)
{
	struct write w;
	const char *code = NULL;
	bool ticked = false, confirmed = false;
	int rc = perm_require(ctx, PERM_READINESS_CONFIRM);

	*out = NULL;
	if (rc)
		return rc;
	rc = tick_open(&w, ctx, "station.readiness_confirm", station_id, item_id, &code, &ticked,
		       &confirmed);
	if (!rc && !ticked)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "item_id", "R-NET-4",
				"该条目尚未勾选，无需确认",
				"the item is not ticked: nothing to confirm");
	if (!rc && confirmed)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "item_id", "R-NET-4", "该条目已确认",
				"the tick is confirmed already");
	if (!rc)
		rc = db_run(ctx->db, sql_confirm, "iiii", ctx->now, ctx->actor.user_id, station_id,
			    item_id);
	if (!rc)
		write_set_now(&w, json_pack("{s:I,s:s,s:b}", "item_id", (json_int_t)item_id, "code",
					    code, "confirmed", true));
	return write_close(&w, rc, out);
}

/* ------------------------------------------------------------ checklist */

int readiness_items(sg_ctx *ctx, const char *tier, json_t **out)
{
	struct reading rd;
	db_stmt *s;
	int rc;

	*out = NULL;
	if (tier && (rc = check_enum(ctx, "tier", "R-NET-4", tier, &station_tiers)))
		return rc;
	json_t *items = json_array();
	rc = read_open(&rd, ctx);
	if (!rc)
		rc = tier ? db_query(ctx->db, &s, sql_items_tier, "t", tier)
			  : db_query(ctx->db, &s, sql_items_all, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(items, row_object(s, &item_table, 0));
	if (rc < 0) {
		json_decref(items);
		return read_close(&rd, rc, "读取建设标准失败",
				  "cannot read the readiness checklist");
	}
	*out = json_pack("{s:o}", "items", items);
	return read_close(&rd, 0, "读取建设标准失败", "cannot read the readiness checklist");
}

/* One checklist item, or SG_ENOTFOUND. */
static int item_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_item, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		*out = row_object(s, &item_table, 0);
		db_reset(s);
		return 0;
	}
	if (rc < 0)
		return rc;
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "建设标准条目不存在",
			  "no such readiness item");
}

static int item_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_item_lock, "i", id);
}

/* Recomputes every station of the item's tier; the count joins the
 * audited new value. */
static int item_after(struct write *w)
{
	int64_t changed = 0;
	const char *tier = jsonv_str(write_old(w), "tier", "");
	int rc = recompute(w->ctx, 0, tier, &changed);
	if (!rc && w->now)
		json_object_set_new_nocheck(w->now, "stations_changed", json_integer(changed));
	return rc;
}

/* The after hook needs the new value first: the snapshot is taken here. */
static int item_after_snapshot(struct write *w)
{
	json_t *now = NULL;
	int rc = item_get(w->ctx, w->id, &now);
	if (!rc) {
		write_set_now(w, now);
		rc = item_after(w);
	}
	return rc;
}

static const struct write_spec item_write = {
    .table = &item_table,
    .fail_zh = "保存建设标准失败",
    .fail_en = "the readiness item could not be saved",
    .lock = item_lock,
    .snapshot = item_get,
    .after = item_after_snapshot,
    .detail = item_get,
};

int readiness_item_update(sg_ctx *ctx, int64_t item_id, const struct readiness_item_patch *p,
			  json_t **out)
{
	struct write w;
	int rc = perm_require(ctx, PERM_SETTINGS_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &item_write, "readiness.item_update", item_id);
	const json_t *old = write_old(&w);
	if (!rc && p->name_zh)
		rc = check_required(ctx, "name_zh", "R-NET-4", p->name_zh);
	if (!rc && p->name_en)
		rc = check_required(ctx, "name_en", "R-NET-4", p->name_en);
	if (!rc && p->threshold > READINESS_THRESHOLD_MAX)
		rc = sg_err_setf(&ctx->err, SG_EINVAL, "threshold", "R-NET-4",
				 "人数下限应为 0 至 %d", "the threshold must be 0 to %d",
				 READINESS_THRESHOLD_MAX);
	if (!rc && p->threshold >= 0 && strcmp(jsonv_str(old, "kind", ""), "flag") == 0)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "threshold", "R-NET-4",
				"勾选条目没有人数下限", "a ticked item has no threshold");
	if (!rc)
		rc = db_run(ctx->db, sql_item_update, "ttii",
			    p->name_zh ? p->name_zh : jsonv_str(old, "name_zh", ""),
			    p->name_en ? p->name_en : jsonv_str(old, "name_en", ""),
			    p->threshold >= 0 ? (int64_t)p->threshold
					      : jsonv_int(old, "threshold", 0),
			    item_id);
	return write_close(&w, rc, out);
}
