/*
 * volunteer.c — volunteers (R-SVC-3, R-SVC-5): registration with the
 * sensitive fields encrypted, the stations served and the pairing with
 * social workers, the hours the service records give them, and the
 * certificate of hours. Each write goes through write.h in its own
 * transaction with its audit entry (personal members redacted by
 * volunteer_table's classes).
 *
 * Locking: a write takes the volunteer's row (volunteer_lock) before it
 * reads; no write here locks a station or a worker, so no order with
 * station.c's locks arises.
 */
#include "domain/volunteer.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/codes.h"
#include "base/jsonv.h"
#include "base/mem.h"
#include "base/pii.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/page.h"
#include "domain/print.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/station.h"
#include "domain/worker.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value volunteer_actions_values[] = {
    {"volunteer.create", "登记志愿者", "register a volunteer"},
    {"volunteer.update", "修改志愿者", "change a volunteer"},
    {"volunteer.station_add", "志愿者加入服务站点", "a volunteer joins a station"},
    {"volunteer.station_remove", "志愿者退出服务站点", "a volunteer leaves a station"},
    {"volunteer.pair_add", "社工与志愿者结对", "pair a volunteer with a social worker"},
    {"volunteer.pair_remove", "解除社工与志愿者结对", "end a pairing"},
    {"volunteer.unmask", "查看志愿者敏感信息", "unmask a volunteer"},
    {"volunteer.export", "导出志愿者", "export volunteers"},
    {"volunteer.certificate", "出具志愿服务时长证明", "print a certificate of hours"},
    {"volunteer.registered_elsewhere", "重复登记志愿者（已在别处登记）",
     "a volunteer registered elsewhere"},
};
const struct enum_def volunteer_actions = ENUM_DEF("audit.action", volunteer_actions_values);
static const struct enum_value object_values[] = {
    {"volunteer", "志愿者", "volunteer"},
};
const struct enum_def volunteer_objects = ENUM_DEF("audit.object_type", object_values);

static const struct enum_value status_values[] = {
    {"active", "在册", "active"},
    {"inactive", "暂停服务", "inactive"},
};
const struct enum_def volunteer_statuses = ENUM_DEF("volunteer.status", status_values);

/* The kinds of service record, as the certificate names them. */
static const struct enum_value kind_values[] = {
    {"casework", "个案服务", "casework"},
    {"groupwork", "小组工作", "group work"},
    {"activity", "社区活动", "community activity"},
};
static const struct enum_def kinds = ENUM_DEF("service.kind", kind_values);

#define PHONE_AAD     "volunteers.phone"
#define ID_NUMBER_AAD "volunteers.id_number"
enum {
	PHONE_DIGITS_MIN = 7,
	PHONE_DIGITS_MAX = 15,
	PHONE_ENC_MAX = PHONE_DIGITS_MAX + PII_OVERHEAD,
	ID_NUMBER_ENC_SIZE = ID_NUMBER_LEN + PII_OVERHEAD,
	REASON_MIN = 2,
	REASON_MAX = 200,
	HITS_MAX = 5,		   /* "registered elsewhere" answers an account gets… */
	HITS_WINDOW = 3600 * 1000, /* …per hour */
	NAME_MASK_MAX = 256,
};

/* ------------------------------------------------------------------- SQL */

/* A station the volunteer serves satisfies pred (s2 is the station). */
#define SERVES(pred)                                                                               \
	"EXISTS (SELECT 1 FROM volunteer_stations vs2 JOIN stations s2 ON s2.id = vs2.station_id"  \
	" WHERE vs2.volunteer_id = v.id AND " pred ")"
/* Who sees a volunteer (R-ROLE-1): volunteer.h. */
#define VOLUNTEER_VISIBLE                                                                                                                                            \
	"(:actor_global = 1 OR (:actor_div = 1 AND (" SCOPE_DIVISION(                                                                                                \
	    "v.division_code") " OR " SERVES(SCOPE_DIVISION("s2.division_code")) "))"                                                                                \
										 " OR "                                                                              \
										 "(:actor_org = "                                                                    \
										 "1 AND " SERVES(SCOPE_ORG("s2.operator_org_id")) ") OR (:actor_st = 1 AND " SERVES( \
										     SCOPE_STATION(                                                                  \
											 "s2.id")) "))"

#define VOLUNTEER_COLUMNS(X)                                                                       \
	X(VL_ID, "v.id", "id", COL_INT, DC_INTERNAL)                                               \
	X(VL_NAME, "v.name", "name", COL_TEXT, DC_PERSONAL)                                        \
	X(VL_PHONE, "v.phone_mask", "phone", COL_TEXT, DC_PERSONAL)                                \
	X(VL_ID_NUMBER, "v.id_number_mask", "id_number", COL_TEXT, DC_PERSONAL)                    \
	X(VL_DIVISION_CODE, "v.division_code", "division_code", COL_TEXT, DC_INTERNAL)             \
	X(VL_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_INTERNAL)                      \
	X(VL_SKILLS, "v.skills", "skills", COL_TEXT, DC_PERSONAL)                                  \
	X(VL_AVAILABILITY, "v.availability", "availability", COL_TEXT, DC_PERSONAL)                \
	X(VL_STATUS, "v.status", "status", COL_TEXT, DC_INTERNAL)                                  \
	X(VL_CREATED_AT, "v.created_at", "created_at", COL_TIME, DC_INTERNAL)                      \
	X(VL_UPDATED_AT, "v.updated_at", "updated_at", COL_TIME, DC_INTERNAL)
enum { VL__FIRST, VOLUNTEER_COLUMNS(COLUMN_ENUM) VL__MAX };
const struct col_table volunteer_table = COLUMNS_TABLE("volunteer", VOLUNTEER_COLUMNS, VL__MAX);
/* The column after the table's in a list: the item's minutes. */
enum { VL_MINUTES = VL__MAX };

#define VOLUNTEER_SELECT "SELECT " COLUMNS_SELECT(VOLUNTEER_COLUMNS)
#define VOLUNTEER_FROM	 " FROM volunteers v JOIN divisions d ON d.code = v.division_code"

/* The valid records a volunteer took part in, at the stations the actor
 * sees (s is the record's station). */
#define RECORDS_FROM                                                                               \
	" FROM record_volunteers rv JOIN service_records sr ON sr.id = rv.record_id"               \
	" JOIN stations s ON s.id = sr.station_id"
#define RECORDS_WHERE " sr.status = 'valid' AND " SCOPE_STATION_SEEN("s")
/* A period (from, from, to): "ttt"; a station (0: any): "ii". */
#define PERIOD_WHERE " AND (? IS NULL OR (sr.served_on >= ? AND sr.served_on <= ?))"
#define AT_STATION   " AND (? = 0 OR sr.station_id = ?)"

static const char sql_get[] =
    VOLUNTEER_SELECT VOLUNTEER_FROM " WHERE v.id = ? AND " VOLUNTEER_VISIBLE;
static const char sql_visible[] =
    "SELECT COUNT(*) FROM volunteers v WHERE v.id = ? AND " VOLUNTEER_VISIBLE;
static const char sql_lock[] = "UPDATE volunteers SET updated_at = updated_at WHERE id = ?";

/* Lists: by id after the cursor; one WHERE serves the rows and their
 * total. Name and skill searches match anywhere (a county's volunteers
 * are a few thousand: no index needed). */
#define MINUTES                                                                                    \
	"(SELECT COALESCE(SUM(rv.minutes), 0)" RECORDS_FROM                                        \
	" WHERE rv.volunteer_id = v.id AND " RECORDS_WHERE AT_STATION PERIOD_WHERE ")"
#define LIST_WHERE                                                                                 \
	" WHERE (? = 0 OR EXISTS (SELECT 1 FROM volunteer_stations f WHERE f.volunteer_id = v.id"  \
	" AND f.station_id = ?)) AND (? IS NULL OR v.status = ?)"                                  \
	" AND (? IS NULL OR v.skills LIKE ? ESCAPE '!') AND (? IS NULL OR v.name LIKE ? ESCAPE "   \
	"'!')"                                                                                     \
	" AND " VOLUNTEER_VISIBLE
#define LIST_FMT "iitttttt"
static const char sql_list[] =
    VOLUNTEER_SELECT ", " MINUTES VOLUNTEER_FROM LIST_WHERE " AND v.id > ? ORDER BY v.id LIMIT ?";
static const char sql_count[] = "SELECT COUNT(*) FROM volunteers v" LIST_WHERE;

static const char sql_stations[] =
    "SELECT s.id, s.name, s.tier, vs.since FROM volunteer_stations vs"
    " JOIN stations s ON s.id = vs.station_id WHERE vs.volunteer_id = ? AND " SCOPE_STATION_SEEN(
	"s") " ORDER BY s.id";
static const char sql_pairs[] =
    "SELECT w.id, w.name, vp.since FROM volunteer_pairs vp"
    " JOIN social_workers w ON w.id = vp.worker_id WHERE vp.volunteer_id = ? ORDER BY w.id";
static const char sql_hours[] =
    "SELECT CAST(SUBSTR(sr.served_on, 1, 4) AS INTEGER), s.id, s.name, SUM(rv.minutes),"
    " COUNT(*)" RECORDS_FROM " WHERE rv.volunteer_id = ? AND " RECORDS_WHERE
    " GROUP BY SUBSTR(sr.served_on, 1, 4), s.id, s.name ORDER BY 1 DESC, 2";

/* The services of a volunteer (list and certificate). */
#define SERVICE_COLS                                                                               \
	"SELECT sr.id, sr.served_on, sr.kind, s.id, s.name, ci.id, ci.name_zh, sr.title,"          \
	" rv.minutes, o.name, o.type"
#define SERVICE_FROM                                                                               \
	RECORDS_FROM " JOIN catalog_items ci ON ci.id = sr.item_id"                                \
		     " LEFT JOIN orgs o ON o.id = s.operator_org_id"
#define SERVICE_WHERE " WHERE rv.volunteer_id = ? AND " RECORDS_WHERE PERIOD_WHERE AT_STATION
enum {
	SV_ID,
	SV_ON,
	SV_KIND,
	SV_STATION,
	SV_STATION_NAME,
	SV_ITEM,
	SV_ITEM_NAME,
	SV_TITLE,
	SV_MINUTES,
	SV_ORG_NAME,
	SV_ORG_TYPE
};
static const char sql_services[] =
    SERVICE_COLS SERVICE_FROM SERVICE_WHERE " AND sr.id > ? ORDER BY sr.id LIMIT ?";
static const char sql_services_dated[] =
    SERVICE_COLS SERVICE_FROM SERVICE_WHERE " ORDER BY sr.served_on, sr.id LIMIT ?";
static const char sql_services_total[] =
    "SELECT COUNT(*), COALESCE(SUM(rv.minutes), 0), MIN(sr.served_on), "
    "MAX(sr.served_on)" RECORDS_FROM SERVICE_WHERE;

static const char sql_station_hours[] =
    "SELECT CAST(SUBSTR(sr.served_on, 1, 4) AS INTEGER), SUM(rv.minutes), COUNT(*),"
    " COUNT(DISTINCT rv.volunteer_id) FROM record_volunteers rv"
    " JOIN service_records sr ON sr.id = rv.record_id WHERE sr.station_id = ?"
    " AND sr.status = 'valid' GROUP BY SUBSTR(sr.served_on, 1, 4) ORDER BY 1 DESC";
static const char sql_station_totals[] =
    "SELECT COALESCE(SUM(rv.minutes), 0), COUNT(*), COUNT(DISTINCT rv.volunteer_id)"
    " FROM record_volunteers rv JOIN service_records sr ON sr.id = rv.record_id"
    " WHERE sr.station_id = ? AND sr.status = 'valid'";
static const char sql_station_name[] = "SELECT name FROM stations WHERE id = ?";

static const char sql_index_find[] = "SELECT id FROM volunteers WHERE id_number_index = ?";
static const char sql_index_taken[] =
    "SELECT COUNT(*) FROM volunteers WHERE id_number_index = ? AND id <> ?";
static const char sql_hits[] = "SELECT COUNT(*) FROM audit_log WHERE actor_id = ?"
			       " AND action = 'volunteer.registered_elsewhere' AND at > ?";
static const char sql_division_exists[] = "SELECT COUNT(*) FROM divisions WHERE code = ?";
/* The division lies in the subtree of a station the actor sees. */
static const char sql_division_reached[] =
    "SELECT COUNT(*) FROM stations s WHERE ? LIKE s.division_code || '%' AND " SCOPE_STATION_SEEN(
	"s");
static const char sql_insert[] =
    "INSERT INTO volunteers (division_code, name, phone_enc, phone_mask, id_number_enc,"
    " id_number_mask, id_number_index, skills, availability, status, created_by, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_update[] =
    "UPDATE volunteers SET division_code = ?, name = ?, skills = ?, availability = ?,"
    " status = ?, updated_at = ? WHERE id = ?";
static const char sql_set_phone[] =
    "UPDATE volunteers SET phone_enc = ?, phone_mask = ? WHERE id = ?";
static const char sql_set_id_number[] = "UPDATE volunteers SET id_number_enc = ?,"
					" id_number_mask = ?, id_number_index = ? WHERE id = ?";
static const char sql_clear[] =
    "SELECT phone_enc, id_number_enc, name FROM volunteers WHERE id = ?";
static const char sql_station_get[] =
    "SELECT since FROM volunteer_stations WHERE volunteer_id = ? AND station_id = ?";
static const char sql_station_insert[] =
    "INSERT INTO volunteer_stations (volunteer_id, station_id, since) VALUES (?, ?, ?)";
static const char sql_station_delete[] =
    "DELETE FROM volunteer_stations WHERE volunteer_id = ? AND station_id = ?";
static const char sql_pair_get[] =
    "SELECT since FROM volunteer_pairs WHERE volunteer_id = ? AND worker_id = ?";
static const char sql_pair_insert[] =
    "INSERT INTO volunteer_pairs (volunteer_id, worker_id, since) VALUES (?, ?, ?)";
static const char sql_pair_delete[] =
    "DELETE FROM volunteer_pairs WHERE volunteer_id = ? AND worker_id = ?";

/* ----------------------------------------------------------------- hours */

const char *volunteer_hours_text(char out[32], int64_t minutes)
{
	if (minutes < 0)
		minutes = 0;
	/* hundredths of an hour, rounded half up */
	int64_t c = (minutes * 100 + 30) / 60;
	int64_t whole = c / 100, frac = c % 100;
	if (frac == 0)
		snprintf(out, 32, "%lld", (long long)whole);
	else if (frac % 10 == 0)
		snprintf(out, 32, "%lld.%lld", (long long)whole, (long long)(frac / 10));
	else
		snprintf(out, 32, "%lld.%02lld", (long long)whole, (long long)frac);
	return out;
}

/* ------------------------------------------------------------------ reads */

static int no_volunteer(sg_ctx *ctx, const char *field)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, field, "R-ROLE-1", "志愿者不存在",
			  "no such volunteer");
}

static int read_failed(sg_ctx *ctx, int rc)
{
	if (ctx->err.code == 0)
		sg_err_set(&ctx->err, rc, NULL, NULL, "读取志愿者失败",
			   "cannot read the volunteers");
	return rc;
}

int volunteer_ref_get(sg_ctx *ctx, int64_t id, const char *field, struct volunteer_ref *out)
{
	int64_t n = 0;
	int rc = scope_one_int(ctx, &n, sql_visible, "i", id);

	memset(out, 0, sizeof *out);
	if (rc)
		return read_failed(ctx, rc);
	if (!n)
		return no_volunteer(ctx, field);
	out->id = id;
	return 0;
}

static json_t *station_item(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)db_int(s, 0), "name", db_text(s, 1),
			 "tier", db_text(s, 2), "since", db_text(s, 3));
}

/* The paired workers the actor sees (worker_ref_get decides, one by one:
 * a volunteer has a few). */
static int load_pairs(sg_ctx *ctx, int64_t id, json_t *o)
{
	json_t *a = json_array(), *all = json_array();
	db_stmt *s;
	size_t i;
	json_t *p;
	int rc = db_query(ctx->db, &s, sql_pairs, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(all,
				      json_pack("{s:I,s:s,s:s}", "id", (json_int_t)db_int(s, 0),
						"name", db_text(s, 1), "since", db_text(s, 2)));
	rc = rc < 0 ? rc : 0;
	json_array_foreach(all, i, p)
	{
		struct worker_ref w;
		if (rc)
			break;
		rc = worker_ref_get(ctx, jsonv_int(p, "id", 0), &w);
		if (rc == SG_ENOTFOUND) {
			sg_err_clear(&ctx->err);
			rc = 0;
		} else if (!rc) {
			json_array_append(a, p);
		}
	}
	json_decref(all);
	json_object_set_new_nocheck(o, "workers", a);
	return rc;
}

/* hours: {minutes, records, years:[{year, minutes, records, stations}]} */
static int load_hours(sg_ctx *ctx, int64_t id, json_t *o)
{
	json_t *years = json_array(), *year = NULL;
	int64_t minutes = 0, records = 0, y = 0;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_hours, "i", id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		int64_t m = db_int(s, 3), n = db_int(s, 4);
		if (!year || db_int(s, 0) != y) {
			y = db_int(s, 0);
			year = json_pack("{s:I,s:I,s:I,s:[]}", "year", (json_int_t)y, "minutes",
					 (json_int_t)0, "records", (json_int_t)0, "stations");
			json_array_append_new(years, year);
		}
		json_object_set_new_nocheck(year, "minutes",
					    json_integer(jsonv_int(year, "minutes", 0) + m));
		json_object_set_new_nocheck(year, "records",
					    json_integer(jsonv_int(year, "records", 0) + n));
		json_array_append_new(json_object_get(year, "stations"),
				      json_pack("{s:I,s:s,s:I,s:I}", "id", (json_int_t)db_int(s, 1),
						"name", db_text(s, 2), "minutes", (json_int_t)m,
						"records", (json_int_t)n));
		minutes += m;
		records += n;
	}
	json_object_set_new_nocheck(o, "hours",
				    json_pack("{s:I,s:I,s:o}", "minutes", (json_int_t)minutes,
					      "records", (json_int_t)records, "years", years));
	return rc < 0 ? rc : 0;
}

/* One volunteer within the scope: the row, or (detail) with its
 * stations, workers and hours. */
static int load(sg_ctx *ctx, int64_t id, bool detail, json_t **out)
{
	json_t *v = NULL;
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		v = row_object(s, &volunteer_table, 0);
		db_reset(s);
		rc = 0;
	} else if (rc >= 0) {
		return no_volunteer(ctx, "id");
	}
	if (!rc && detail) {
		json_t *stations = json_array();
		rc = scope_query(ctx, &s, sql_stations, "i", id);
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			json_array_append_new(stations, station_item(s));
		json_object_set_new_nocheck(v, "stations", stations);
		rc = rc < 0 ? rc : 0;
		if (!rc)
			rc = load_pairs(ctx, id, v);
		if (!rc)
			rc = load_hours(ctx, id, v);
	}
	if (rc) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return 0;
}

static int detail(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load(ctx, id, true, out);
}

int volunteer_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct reading rd;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	if (!rc)
		rc = detail(ctx, id, out);
	return read_close(&rd, rc, "读取志愿者失败", "cannot read the volunteers");
}

/* A LIKE pattern matching texts that contain q ("%q%", the LIKE
 * metacharacters escaped by '!'), or NULL for no q. */
static const char *contains_pattern(sg_arena *a, const char *q)
{
	if (!q || !*q)
		return NULL;
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

int volunteer_period_make(sg_ctx *ctx, int64_t year, const char *from, const char *to,
			  struct volunteer_period *out)
{
	int rc;
	*out = (struct volunteer_period){NULL, NULL};
	if (from && !*from)
		from = NULL;
	if (to && !*to)
		to = NULL;
	if (year) {
		if (year < 2000 || year > 2100)
			return sg_err_set(&ctx->err, SG_EINVAL, "year", "R-SVC-3",
					  "年度应在 2000 至 2100 之间",
					  "the year must be from 2000 to 2100");
		if (from || to)
			return sg_err_set(&ctx->err, SG_EINVAL, from ? "from" : "to", "R-SVC-3",
					  "按年度或按起止日期，二者择一",
					  "give a year or dates, not both");
		out->from = arena_printf(ctx->arena, "%04lld-01-01", (long long)year);
		out->to = arena_printf(ctx->arena, "%04lld-12-31", (long long)year);
		return 0;
	}
	if ((rc = check_date(ctx, "from", "R-SVC-3", from)) ||
	    (rc = check_date(ctx, "to", "R-SVC-3", to)))
		return rc;
	if (from && to && strcmp(from, to) > 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "to", "R-SVC-3", "截止日期早于起始日期",
				  "the end date is before the start date");
	if (from || to) {
		out->from = from ? from : "0000-01-01";
		out->to = to ? to : "9999-12-31";
	}
	return 0;
}

static int check_filter(sg_ctx *ctx, const struct volunteer_filter *f)
{
	int rc = 0;
	struct station_ref st;
	if (f->status)
		rc = check_enum(ctx, "status", "R-SVC-3", f->status, &volunteer_statuses);
	if (!rc)
		rc = check_query(ctx, "skill", f->skill, VOLUNTEER_QUERY_MAX);
	if (!rc)
		rc = check_query(ctx, "q", f->q, VOLUNTEER_QUERY_MAX);
	if (!rc && f->station_id && (rc = station_ref_get(ctx, f->station_id, &st)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "station_id", "R-ROLE-1", "社工站不存在",
				"no such station");
	return rc;
}

/* The filter's arguments of LIST_WHERE, after MINUTES's (station, period). */
#define MINUTES_ARGS(f)                                                                            \
	(f)->station_id, (f)->station_id, (f)->period.from, (f)->period.from, (f)->period.to
#define LIST_ARGS(f, skill, q)                                                                     \
	(f)->station_id, (f)->station_id, (f)->status, (f)->status, skill, skill, q, q

static json_t *render_item(db_stmt *s)
{
	json_t *o = row_object(s, &volunteer_table, 0);
	json_object_set_new_nocheck(o, "minutes", json_integer(db_int(s, VL_MINUTES)));
	return o;
}

int volunteer_list(sg_ctx *ctx, const struct volunteer_filter *f, int64_t cursor, int limit,
		   json_t **out)
{
	struct reading rd;
	int64_t total = 0;
	db_stmt *s;
	page pg;
	int rc;

	*out = NULL;
	if ((rc = read_open(&rd, ctx)))
		return read_close(&rd, rc, "读取志愿者失败", "cannot read the volunteers");
	if ((rc = check_filter(ctx, f)))
		return read_close(&rd, rc, "读取志愿者失败", "cannot read the volunteers");
	const char *skill = contains_pattern(ctx->arena, f->skill);
	const char *q = contains_pattern(ctx->arena, f->q);
	page_begin(&pg, limit);
	if (!(rc = scope_one_int(ctx, &total, sql_count, LIST_FMT, LIST_ARGS(f, skill, q))))
		rc = scope_query(ctx, &s, sql_list, "iittt" LIST_FMT "ii", MINUTES_ARGS(f),
				 LIST_ARGS(f, skill, q), cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, VL_ID), render_item(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取志愿者失败", "cannot read the volunteers");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return read_close(&rd, 0, "读取志愿者失败", "cannot read the volunteers");
}

/* The item of an export: the name masked too. */
static json_t *render_export(db_stmt *s)
{
	char name[NAME_MASK_MAX];
	json_t *o = render_item(s);
	if (pii_mask_name(db_text(s, VL_NAME), db_len(s, VL_NAME), name, sizeof name) != 0)
		snprintf(name, sizeof name, "*");
	json_object_set_new_nocheck(o, "name", json_string(name));
	return o;
}

int volunteer_export(sg_ctx *ctx, const struct volunteer_filter *f, json_t **out)
{
	struct reading rd;
	json_t *all = json_array();
	db_stmt *s;
	int rc = perm_require(ctx, PERM_VOLUNTEER_READ);

	*out = NULL;
	if (!rc && !(rc = read_open(&rd, ctx))) {
		if (!(rc = check_filter(ctx, f))) {
			const char *skill = contains_pattern(ctx->arena, f->skill);
			const char *q = contains_pattern(ctx->arena, f->q);
			rc = scope_query(ctx, &s, sql_list, "iittt" LIST_FMT "ii", MINUTES_ARGS(f),
					 LIST_ARGS(f, skill, q), (int64_t)0,
					 (int64_t)VOLUNTEER_EXPORT_MAX);
		}
		while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
			json_array_append_new(all, render_export(s));
		rc = read_close(&rd, rc < 0 ? rc : 0, "导出志愿者失败", "the export failed");
	}
	/* The audit entry is its own transaction, committed before the
	 * caller renders the file. */
	if (!rc) {
		json_t *what = json_pack("{s:I,s:s?,s:s?,s:s?,s:s?,s:s?,s:I}", "station_id",
					 (json_int_t)f->station_id, "status", f->status, "skill",
					 f->skill, "q", f->q, "from", f->period.from, "to",
					 f->period.to, "count", (json_int_t)json_array_size(all));
		rc = audit_append(ctx, "volunteer.export", "volunteer", "", NULL, what, AUDIT_OK);
		json_decref(what);
	}
	if (rc) {
		json_decref(all);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导出志愿者失败",
				   "the export failed");
		return rc;
	}
	*out = all;
	return 0;
}

/* --------------------------------------------------------------- services */

static json_t *service_item(db_stmt *s)
{
	return json_pack("{s:I,s:s,s:s,s:{s:I,s:s},s:{s:I,s:s},s:o,s:I}", "id",
			 (json_int_t)db_int(s, SV_ID), "served_on", db_text(s, SV_ON), "kind",
			 db_text(s, SV_KIND), "station", "id", (json_int_t)db_int(s, SV_STATION),
			 "name", db_text(s, SV_STATION_NAME), "item", "id",
			 (json_int_t)db_int(s, SV_ITEM), "name", db_text(s, SV_ITEM_NAME), "title",
			 row_text(s, SV_TITLE), "minutes", (json_int_t)db_int(s, SV_MINUTES));
}

#define SERVICE_ARGS(id, p, station) id, (p)->from, (p)->from, (p)->to, station, station

int volunteer_services(sg_ctx *ctx, int64_t id, const struct volunteer_period *p,
		       int64_t station_id, int64_t cursor, int limit, json_t **out)
{
	struct volunteer_ref ref;
	struct reading rd;
	int64_t records = 0, minutes = 0;
	db_stmt *s;
	page pg;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	if (!rc)
		rc = volunteer_ref_get(ctx, id, "id", &ref);
	if (!rc &&
	    !(rc = scope_query(ctx, &s, sql_services_total,
			       "ittti"
			       "i",
			       SERVICE_ARGS(id, p, station_id))) &&
	    (rc = db_step(s)) == DB_ROW) {
		records = db_int(s, 0);
		minutes = db_int(s, 1);
		db_reset(s);
		rc = 0;
	}
	if (rc)
		return read_close(&rd, rc < 0 ? rc : SG_EINTERNAL, "读取志愿服务记录失败",
				  "cannot read the services");
	page_begin(&pg, limit);
	rc = scope_query(ctx, &s, sql_services,
			 "itttii"
			 "ii",
			 SERVICE_ARGS(id, p, station_id), cursor, (int64_t)limit + 1);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		if (!page_add(&pg, db_int(s, SV_ID), service_item(s))) {
			db_reset(s);
			rc = DB_DONE;
			break;
		}
	if (rc < 0) {
		page_abandon(&pg);
		return read_close(&rd, rc, "读取志愿服务记录失败", "cannot read the services");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(records));
	json_object_set_new_nocheck(*out, "minutes", json_integer(minutes));
	return read_close(&rd, 0, "读取志愿服务记录失败", "cannot read the services");
}

int volunteer_station_hours(sg_ctx *ctx, int64_t station_id, json_t **out)
{
	struct station_ref st;
	struct reading rd;
	json_t *o = NULL, *years = json_array();
	db_stmt *s;
	int rc = read_open(&rd, ctx);

	*out = NULL;
	if (!rc)
		rc = station_ref_get(ctx, station_id, &st);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_station_name, "i", station_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		o = json_pack("{s:{s:I,s:s}}", "station", "id", (json_int_t)station_id, "name",
			      db_text(s, 0));
		db_reset(s);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SG_EINTERNAL; /* the station was there a moment ago */
	}
	if (!rc && !(rc = db_query(ctx->db, &s, sql_station_totals, "i", station_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		json_object_set_new_nocheck(o, "minutes", json_integer(db_int(s, 0)));
		json_object_set_new_nocheck(o, "records", json_integer(db_int(s, 1)));
		json_object_set_new_nocheck(o, "volunteers", json_integer(db_int(s, 2)));
		db_reset(s);
		rc = 0;
	}
	if (!rc)
		rc = db_query(ctx->db, &s, sql_station_hours, "i", station_id);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		json_array_append_new(years, json_pack("{s:I,s:I,s:I,s:I}", "year",
						       (json_int_t)db_int(s, 0), "minutes",
						       (json_int_t)db_int(s, 1), "records",
						       (json_int_t)db_int(s, 2), "volunteers",
						       (json_int_t)db_int(s, 3)));
	if (rc < 0) {
		json_decref(o);
		json_decref(years);
		return read_close(&rd, rc, "读取志愿服务时长失败", "cannot read the hours");
	}
	json_object_set_new_nocheck(o, "years", years);
	*out = o;
	return read_close(&rd, 0, "读取志愿服务时长失败", "cannot read the hours");
}

/* ------------------------------------------------------------ the checks */

/* Digits of a phone number (spaces and '-' dropped) into out: 7 to 15
 * digits, an 11-digit one a mobile number starting with 1. */
static int check_phone(sg_ctx *ctx, const char *v, char out[PHONE_DIGITS_MAX + 1])
{
	size_t n = 0;
	for (const char *c = v; *c; c++) {
		if (*c == ' ' || *c == '-')
			continue;
		if (*c < '0' || *c > '9' || n == PHONE_DIGITS_MAX) {
			n = 0;
			break;
		}
		out[n++] = *c;
	}
	out[n] = '\0';
	if (n >= PHONE_DIGITS_MIN && (n != 11 || out[0] == '1' || out[0] == '0'))
		return 0;
	mem_wipe(out, PHONE_DIGITS_MAX + 1);
	return sg_err_set(&ctx->err, SG_EINVAL, "phone", "R-SVC-3",
			  "联系电话应为 11 位手机号码或带区号的固定电话",
			  "the phone must be an 11-digit mobile number or a landline with its "
			  "area code");
}

static int check_text(sg_ctx *ctx, const char *field, const char *v, size_t max)
{
	if (!v || utf8_count(v, strlen(v)) <= max)
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-SVC-3", "%s 最多 %zu 个字",
			   "%s takes at most %zu characters", field, max);
}

/* The checks that need no database (a registration: every field). */
static int check_fields(sg_ctx *ctx, const struct volunteer_fields *in, bool create)
{
	int rc = 0;
	if (create || in->name) {
		if ((rc = check_required(ctx, "name", "R-SVC-3", in->name)))
			return rc;
		if (utf8_count(in->name, strlen(in->name)) > VOLUNTEER_NAME_MAX)
			return sg_err_setf(
			    &ctx->err, SG_EINVAL, "name", "R-SVC-3", "姓名最多 %d 个字",
			    "the name takes at most %d characters", VOLUNTEER_NAME_MAX);
	}
	if ((rc = check_text(ctx, "skills", in->skills, VOLUNTEER_TEXT_MAX)) ||
	    (rc = check_text(ctx, "availability", in->availability, VOLUNTEER_TEXT_MAX)))
		return rc;
	if (in->status &&
	    (rc = check_enum(ctx, "status", "R-SVC-3", in->status, &volunteer_statuses)))
		return rc;
	if (in->division_code &&
	    (rc = check_division_code(ctx, "division_code", in->division_code)))
		return rc;
	if (in->id_number && in->id_number[0] &&
	    (rc = id_number_check(in->id_number, strlen(in->id_number), clock_yyyymmdd(ctx->now),
				  &ctx->err)))
		return rc;
	return 0;
}

/* The sealed phone (ciphertext and mask) of clear digits. */
struct sealed_phone {
	unsigned char enc[PHONE_ENC_MAX];
	size_t len;
	char mask[PII_PHONE_MASK_SIZE];
};
static int seal_phone(sg_ctx *ctx, const char *v, struct sealed_phone *out)
{
	char digits[PHONE_DIGITS_MAX + 1];
	int rc = check_phone(ctx, v, digits);
	if (rc)
		return rc;
	size_t n = strlen(digits);
	pii_mask_phone(digits, n, out->mask);
	rc = pii_encrypt(PHONE_AAD, digits, n, out->enc, &out->len);
	mem_wipe(digits, sizeof digits);
	return rc ? pii_error(&ctx->err, rc) : 0;
}

/* The sealed ID number (ciphertext, mask and keyed hash) of a checked one. */
struct sealed_id {
	unsigned char enc[ID_NUMBER_ENC_SIZE];
	char mask[PII_ID_MASK_SIZE];
	char index[PII_INDEX_HEX];
};
static int seal_id_number(sg_ctx *ctx, const char *v, struct sealed_id *out)
{
	char id[ID_NUMBER_LEN + 1];
	size_t n;
	memcpy(id, v, ID_NUMBER_LEN + 1);
	id_number_normalise(id, ID_NUMBER_LEN);
	pii_mask_id_number(id, ID_NUMBER_LEN, out->mask);
	int rc = pii_blind_index("id_number", id, ID_NUMBER_LEN, out->index);
	if (!rc)
		rc = pii_encrypt(ID_NUMBER_AAD, id, ID_NUMBER_LEN, out->enc, &n);
	mem_wipe(id, sizeof id);
	return rc ? pii_error(&ctx->err, rc) : 0;
}

static int elsewhere(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ECONFLICT, "id_number", "R-SVC-3",
			  "此人已在别处登记为志愿者，不能重复登记",
			  "this person is already registered as a volunteer elsewhere");
}

/* An account that has had HITS_MAX "registered elsewhere" answers in the
 * last hour is refused before any lookup, so the check cannot be run
 * through a list of ID numbers. */
static int hits_check(sg_ctx *ctx)
{
	int64_t n = 0;
	if (!ctx->actor.user_id)
		return 0;
	int rc =
	    db_one_int(ctx->db, &n, sql_hits, "ii", ctx->actor.user_id, ctx->now - HITS_WINDOW);
	if (rc)
		return read_failed(ctx, rc);
	if (n < HITS_MAX)
		return 0;
	rc = sg_err_set(
	    &ctx->err, SG_ELOCKED, "id_number", "R-PII-1", "查重次数过多，请一小时后再试",
	    "too many registrations of people already registered: try again in an hour");
	ctx->err.retry_after = 3600;
	return rc;
}

/* Each "registered elsewhere" answer is audited in its own transaction
 * (the write it refused rolls back). */
static void hit_audit(sg_ctx *ctx)
{
	sg_err saved = ctx->err;
	audit_append(ctx, "volunteer.registered_elsewhere", "volunteer", "", NULL, NULL,
		     AUDIT_DENIED);
	ctx->err = saved;
}

/* The division is in the actor's reach (volunteer.h). */
static int check_reach(sg_ctx *ctx, const char *code)
{
	int64_t n = 0;
	int rc;
	if (scope_is_divisional(&ctx->actor) || scope_global(&ctx->actor))
		return check_division_in_scope(ctx, "division_code", code);
	if ((rc = db_one_int(ctx->db, &n, sql_division_exists, "t", code)) ||
	    (n && (rc = scope_one_int(ctx, &n, sql_division_reached, "t", code))))
		return read_failed(ctx, rc);
	return n ? 0
		 : sg_err_set(&ctx->err, SG_ENOTFOUND, "division_code", "R-ROLE-1",
			      "行政区划不存在", "no such division");
}

static const char *today(sg_ctx *ctx)
{
	char iso[32];
	clock_iso(ctx->now, iso);
	return arena_strndup(ctx->arena, iso, 10);
}

/* ---------------------------------------------------------------- writes */

static int volunteer_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock, "i", id);
}

static int snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return load(ctx, id, false, out);
}

static const struct write_spec volunteer_write = {
    .table = &volunteer_table,
    .fail_zh = "保存志愿者失败",
    .fail_en = "the volunteer could not be saved",
    .lock = volunteer_lock,
    .snapshot = snapshot,
    .detail = detail,
};
/* A write whose audited values the caller sets (links, unmasking). */
static const struct write_spec part_write = {
    .table = &volunteer_table,
    .fail_zh = "保存志愿者失败",
    .fail_en = "the volunteer could not be saved",
    .lock = volunteer_lock,
    .snapshot = snapshot,
    .detail = detail,
};

/* The stations of a registration: ids of stations the actor sees, each
 * once; the first one's division into *division when none is given. */
static int check_stations(sg_ctx *ctx, const json_t *ids, const char **division)
{
	size_t i, j;
	json_t *a;
	json_array_foreach(ids, i, a)
	{
		struct station_ref st;
		int rc;
		if (!json_is_integer(a) || json_integer_value(a) < 1)
			return sg_err_set(&ctx->err, SG_EINVAL, "station_ids", "R-SVC-3",
					  "服务站点应为社工站编号",
					  "each station must be a station id");
		for (j = 0; j < i; j++)
			if (json_equal(a, json_array_get(ids, j)))
				return sg_err_set(&ctx->err, SG_EINVAL, "station_ids", "R-SVC-3",
						  "服务站点重复", "a station is listed twice");
		if ((rc = station_ref_get(ctx, json_integer_value(a), &st)) == SG_ENOTFOUND)
			return sg_err_set(&ctx->err, SG_ENOTFOUND, "station_ids", "R-ROLE-1",
					  "社工站不存在", "no such station");
		if (rc)
			return rc;
		if (i == 0 && !*division)
			*division = arena_strdup(ctx->arena, st.division_code);
	}
	return 0;
}

/* An existing volunteer of the same ID number: 0 with *found 0 for none,
 * or its id when the actor sees it; SG_ECONFLICT (audited) when not. */
static int find_existing(sg_ctx *ctx, const char *index, int64_t *found)
{
	struct volunteer_ref ref;
	int rc = db_one_int(ctx->db, found, sql_index_find, "t", index);
	if (rc == SG_ENOTFOUND) {
		*found = 0;
		return 0;
	}
	if (rc)
		return read_failed(ctx, rc);
	if ((rc = volunteer_ref_get(ctx, *found, "id_number", &ref)) == SG_ENOTFOUND) {
		elsewhere(ctx);
		hit_audit(ctx);
		return SG_ECONFLICT;
	}
	return rc;
}

int volunteer_register(sg_ctx *ctx, const struct volunteer_fields *in, bool *existing, json_t **out)
{
	struct sealed_phone ph;
	struct sealed_id idn;
	struct write w;
	bool has_phone = in->phone && in->phone[0], has_id = in->id_number && in->id_number[0];
	const char *division = in->division_code;
	int64_t id = 0, found = 0;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	*existing = false;
	memset(&ph, 0, sizeof ph);
	memset(&idn, 0, sizeof idn);
	if (rc || (rc = check_fields(ctx, in, true)))
		return rc;
	if (in->station_ids && json_array_size(in->station_ids) > VOLUNTEER_STATIONS_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "station_ids", "R-SVC-3",
				   "一次最多登记 %d 个服务站点", "at most %d stations at once",
				   VOLUNTEER_STATIONS_MAX);
	if (!scope_is_divisional(&ctx->actor) && !scope_global(&ctx->actor) &&
	    json_array_size(in->station_ids) == 0)
		return sg_err_set(&ctx->err, SG_EINVAL, "station_ids", "R-SVC-3",
				  "请选择志愿者服务的社工站",
				  "name the station the volunteer serves");
	if ((has_phone && (rc = seal_phone(ctx, in->phone, &ph))) ||
	    (has_id && (rc = seal_id_number(ctx, in->id_number, &idn))))
		return rc;
	/* The same person is registered once: one the actor sees is answered
	 * as it is. */
	if (has_id) {
		struct reading rd;
		if ((rc = hits_check(ctx)))
			return rc;
		if (!(rc = read_open(&rd, ctx)) && !(rc = find_existing(ctx, idn.index, &found)) &&
		    found)
			rc = detail(ctx, found, out);
		rc = read_close(&rd, rc, "读取志愿者失败", "cannot read the volunteers");
		if (rc || found) {
			*existing = found && !rc;
			if (*out)
				json_object_set_new_nocheck(*out, "existing", json_true());
			return rc;
		}
	}
	rc = write_open_new(&w, ctx, &volunteer_write, "volunteer.create");
	if (!rc && in->station_ids)
		rc = check_stations(ctx, in->station_ids, &division);
	if (!rc && !division)
		rc = sg_err_set(&ctx->err, SG_EINVAL, "division_code", "R-SVC-3",
				"请选择志愿者所在的行政区划", "give the volunteer's division");
	if (!rc)
		rc = check_reach(ctx, division);
	if (!rc) {
		rc = db_one_int(ctx->db, &id, sql_insert, "ttbtbtttttIii", division, in->name,
				has_phone ? (const void *)ph.enc : NULL, has_phone ? ph.len : 0,
				has_phone ? ph.mask : NULL, has_id ? (const void *)idn.enc : NULL,
				has_id ? sizeof idn.enc : 0, has_id ? idn.mask : NULL,
				has_id ? idn.index : NULL, in->skills ? in->skills : "",
				in->availability ? in->availability : "",
				in->status ? in->status : "active", ctx->actor.user_id, ctx->now,
				ctx->now);
		if (rc == SG_ECONFLICT && has_id) /* a concurrent registration */
			elsewhere(ctx);
	}
	if (!rc)
		rc = write_created(&w, id);
	size_t i;
	json_t *a;
	json_array_foreach(in->station_ids, i, a)
	{
		if (rc)
			break;
		rc = db_run(ctx->db, sql_station_insert, "iit", id, json_integer_value(a),
			    today(ctx));
	}
	mem_wipe(&ph, sizeof ph);
	mem_wipe(&idn, sizeof idn);
	rc = write_close(&w, rc, out);
	if (!rc)
		json_object_set_new_nocheck(*out, "existing", json_false());
	return rc;
}

int volunteer_update(sg_ctx *ctx, int64_t id, const struct volunteer_fields *in, json_t **out)
{
	struct sealed_phone ph;
	struct sealed_id idn;
	struct write w;
	int64_t taken = 0;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	memset(&ph, 0, sizeof ph);
	memset(&idn, 0, sizeof idn);
	if (rc || (rc = check_fields(ctx, in, false)))
		return rc;
	if ((in->phone && in->phone[0] && (rc = seal_phone(ctx, in->phone, &ph))) ||
	    (in->id_number && in->id_number[0] && (rc = seal_id_number(ctx, in->id_number, &idn))))
		return rc;
	if (in->id_number && in->id_number[0] && (rc = hits_check(ctx)))
		return rc;
	rc = write_open(&w, ctx, &volunteer_write, "volunteer.update", id);
	if (rc)
		return write_close(&w, rc, out);
	const json_t *old = write_old(&w);
	const char *division =
	    in->division_code ? in->division_code : jsonv_str(old, "division_code", "");
	if (in->division_code && strcmp(division, jsonv_str(old, "division_code", "")) != 0)
		rc = check_reach(ctx, division);
	if (!rc)
		rc = db_run(
		    ctx->db, sql_update, "tttttii", division,
		    in->name ? in->name : jsonv_str(old, "name", ""),
		    in->skills ? in->skills : jsonv_str(old, "skills", ""),
		    in->availability ? in->availability : jsonv_str(old, "availability", ""),
		    in->status ? in->status : jsonv_str(old, "status", "active"), ctx->now, id);
	if (!rc && in->phone)
		rc = in->phone[0]
			 ? db_run(ctx->db, sql_set_phone, "bti", ph.enc, ph.len, ph.mask, id)
			 : db_run(ctx->db, sql_set_phone, "nni", id);
	if (!rc && in->id_number && in->id_number[0]) {
		if (!(rc = db_one_int(ctx->db, &taken, sql_index_taken, "ti", idn.index, id)) &&
		    taken)
			rc = elsewhere(ctx);
		if (!rc)
			rc = db_run(ctx->db, sql_set_id_number, "btti", idn.enc, sizeof idn.enc,
				    idn.mask, idn.index, id);
		if (rc == SG_ECONFLICT)
			elsewhere(ctx);
	} else if (!rc && in->id_number) {
		rc = db_run(ctx->db, sql_set_id_number, "nnni", id);
	}
	mem_wipe(&ph, sizeof ph);
	mem_wipe(&idn, sizeof idn);
	rc = write_close(&w, rc, out);
	if (rc == SG_ECONFLICT && strcmp(ctx->err.field, "id_number") == 0)
		hit_audit(ctx);
	return rc;
}

/* ------------------------------------------------------------ the links */

int volunteer_station_add(sg_ctx *ctx, int64_t id, int64_t station_id, const char *since,
			  json_t **out)
{
	struct station_ref st;
	struct write w;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	if (!since)
		since = today(ctx);
	if (rc || (rc = check_date(ctx, "since", "R-SVC-3", since)))
		return rc;
	if (!since[0])
		since = today(ctx);
	rc = write_open(&w, ctx, &part_write, "volunteer.station_add", id);
	if (!rc && (rc = station_ref_get(ctx, station_id, &st)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "station_id", "R-ROLE-1", "社工站不存在",
				"no such station");
	if (!rc && !(rc = db_query(ctx->db, &s, sql_station_get, "ii", id, station_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		db_reset(s);
		rc =
		    sg_err_set(&ctx->err, SG_ECONFLICT, "station_id", "R-SVC-3",
			       "该志愿者已在本站服务", "the volunteer already serves this station");
	}
	if (!rc)
		rc = db_run(ctx->db, sql_station_insert, "iit", id, station_id, since);
	if (!rc) {
		write_set_old(&w, NULL);
		write_set_now(&w, json_pack("{s:I,s:s}", "station_id", (json_int_t)station_id,
					    "since", since));
	}
	return write_close(&w, rc, out);
}

/* The link of table sql_link (volunteer, other) as the audited old value
 * {key: other, since}; SG_ENOTFOUND (field key, message zh / en) when
 * there is none. */
static int link_old(struct write *w, const char *sql_link, int64_t id, int64_t other,
		    const char *key, const char *zh, const char *en)
{
	sg_ctx *ctx = w->ctx;
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_link, "ii", id, other);
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		write_set_old(
		    w, json_pack("{s:I,s:s}", key, (json_int_t)other, "since", db_text(s, 0)));
		db_reset(s);
		return 0;
	}
	return rc < 0 ? rc : sg_err_set(&ctx->err, SG_ENOTFOUND, key, NULL, zh, en);
}

int volunteer_station_remove(sg_ctx *ctx, int64_t id, int64_t station_id, json_t **out)
{
	static const char zh[] = "该志愿者不在本站服务",
			  en[] = "the volunteer does not serve this station";
	struct station_ref st;
	struct write w;
	int64_t n = 0;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &part_write, "volunteer.station_remove", id);
	/* a station the actor does not see is one the volunteer does not
	 * serve, as far as they can tell */
	if (!rc && (rc = station_ref_get(ctx, station_id, &st)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "station_id", NULL, zh, en);
	if (!rc)
		rc = link_old(&w, sql_station_get, id, station_id, "station_id", zh, en);
	if (!rc)
		rc = db_run(ctx->db, sql_station_delete, "ii", id, station_id);
	/* Provider staff and social workers see a volunteer through its
	 * stations: the last one they see stays. */
	if (!rc && !(rc = scope_one_int(ctx, &n, sql_visible, "i", id)) && !n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "station_id", "R-SVC-3",
				"这是您能看到的该志愿者的最后一个服务站点，不能移除",
				"this is the last of the volunteer's stations you see: it stays");
	if (!rc)
		write_set_now(&w, json_pack("{s:I}", "station_id", (json_int_t)station_id));
	return write_close(&w, rc, out);
}

static int no_worker(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", "R-ROLE-1", "社会工作者不存在",
			  "no such social worker");
}

int volunteer_pair_add(sg_ctx *ctx, int64_t id, int64_t worker_id, const char *since, json_t **out)
{
	struct worker_ref wr;
	struct write w;
	db_stmt *s;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	if (!since)
		since = today(ctx);
	if (rc || (rc = check_date(ctx, "since", "R-SVC-3", since)))
		return rc;
	if (!since[0])
		since = today(ctx);
	rc = write_open(&w, ctx, &part_write, "volunteer.pair_add", id);
	if (!rc && (rc = worker_ref_get(ctx, worker_id, &wr)) == SG_ENOTFOUND)
		rc = no_worker(ctx);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_pair_get, "ii", id, worker_id)) &&
	    (rc = db_step(s)) == DB_ROW) {
		db_reset(s);
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "worker_id", "R-SVC-3",
				"该志愿者已与这名社工结对",
				"the volunteer is paired with this social worker already");
	}
	if (!rc)
		rc = db_run(ctx->db, sql_pair_insert, "iit", id, worker_id, since);
	if (!rc) {
		write_set_old(&w, NULL);
		write_set_now(
		    &w, json_pack("{s:I,s:s}", "worker_id", (json_int_t)worker_id, "since", since));
	}
	return write_close(&w, rc, out);
}

int volunteer_pair_remove(sg_ctx *ctx, int64_t id, int64_t worker_id, json_t **out)
{
	static const char zh[] = "该志愿者未与这名社工结对",
			  en[] = "the volunteer is not paired with this social worker";
	struct worker_ref wr;
	struct write w;
	int rc = perm_require(ctx, PERM_VOLUNTEER_EDIT);

	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &part_write, "volunteer.pair_remove", id);
	if (!rc && (rc = worker_ref_get(ctx, worker_id, &wr)) == SG_ENOTFOUND)
		rc = sg_err_set(&ctx->err, SG_ENOTFOUND, "worker_id", NULL, zh, en);
	if (!rc)
		rc = link_old(&w, sql_pair_get, id, worker_id, "worker_id", zh, en);
	if (!rc)
		rc = db_run(ctx->db, sql_pair_delete, "ii", id, worker_id);
	if (!rc)
		write_set_now(&w, json_pack("{s:I}", "worker_id", (json_int_t)worker_id));
	return write_close(&w, rc, out);
}

/* ------------------------------------------------------------ unmasking */

/* The clear value of ciphertext column col (NULL: null) as a new JSON
 * string; SG_EINTERNAL when it does not decrypt. */
static int clear_of(db_stmt *s, int col, const char *aad, json_t **out)
{
	char plain[64];
	size_t len, n;
	const unsigned char *enc = db_blob(s, col, &len);
	*out = NULL;
	if (!enc) {
		*out = json_null();
		return 0;
	}
	if (len < PII_OVERHEAD || len - PII_OVERHEAD >= sizeof plain ||
	    pii_decrypt(aad, enc, len, plain, &n) != 0)
		return SG_EINTERNAL;
	*out = json_stringn(plain, n);
	mem_wipe(plain, sizeof plain);
	return 0;
}

/* Unmasking writes only its audit entry: no detail. */
static const struct write_spec unmask_write = {
    .table = &volunteer_table,
    .fail_zh = "查看志愿者信息失败",
    .fail_en = "the volunteer could not be shown",
    .lock = volunteer_lock,
    .snapshot = snapshot,
};

int volunteer_unmask(sg_ctx *ctx, int64_t id, const char *reason, json_t **out)
{
	struct write w;
	json_t *phone = NULL, *idn = NULL, *clear = NULL;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_VOLUNTEER_UNMASK)))
		return rc;
	size_t n = reason ? utf8_count(reason, strlen(reason)) : 0;
	if (utf8_blank(reason) || n < REASON_MIN || n > REASON_MAX)
		return sg_err_set(&ctx->err, SG_EINVAL, "reason", "R-PII-1",
				  "请说明查看原因（2 至 200 字）",
				  "state the reason (2 to 200 characters)");
	rc = write_open(&w, ctx, &unmask_write, "volunteer.unmask", id);
	if (!rc && !(rc = db_query(ctx->db, &s, sql_clear, "i", id))) {
		if ((rc = db_step(s)) == DB_ROW) {
			if (!(rc = clear_of(s, 0, PHONE_AAD, &phone)) &&
			    !(rc = clear_of(s, 1, ID_NUMBER_AAD, &idn)))
				clear = json_pack("{s:I,s:s,s:o,s:o}", "id", (json_int_t)id, "name",
						  db_text(s, 2), "phone", phone, "id_number", idn);
			else {
				json_decref(phone);
				rc = sg_err_set(&ctx->err, SG_EINTERNAL, NULL, "R-PII-1",
						"敏感数据无法解密",
						"sensitive data cannot be decrypted");
			}
			db_reset(s);
		} else if (rc == DB_DONE) {
			rc = SG_EINTERNAL; /* the row was there a moment ago, locked */
		}
	}
	if (!rc) {
		/* The entry names the fields seen, never their values. */
		write_set_old(&w, NULL);
		write_set_now(&w, json_pack("{s:s,s:[s,s]}", "reason", reason, "fields", "phone",
					    "id_number"));
	}
	if ((rc = write_close(&w, rc, NULL))) {
		json_decref(clear);
		return rc;
	}
	*out = clear;
	return 0;
}

/* ----------------------------------------------------------- certificate */

/* "2026年03月01日至2026年12月31日" */
static const char *period_zh(sg_ctx *ctx, const char *from, const char *to)
{
	if (!from || !to)
		return "—";
	return arena_printf(ctx->arena, "%s至%s", print_date_zh(ctx, from), print_date_zh(ctx, to));
}

/* The operator's name of a service row, an individual's masked; NULL for
 * a self-operated station. */
static const char *operator_of(sg_ctx *ctx, db_stmt *s)
{
	const char *name = db_text(s, SV_ORG_NAME), *type = db_text(s, SV_ORG_TYPE);
	if (!name)
		return NULL;
	if (type && strcmp(type, "individual") == 0) {
		char masked[NAME_MASK_MAX];
		if (pii_mask_name(name, db_len(s, SV_ORG_NAME), masked, sizeof masked) != 0)
			return "*";
		return arena_strdup(ctx->arena, masked);
	}
	return arena_strdup(ctx->arena, name);
}

struct cert {
	json_t *v;	  /* the volunteer (detail row) */
	json_t *services; /* [{served_on, kind, station, operator, item, title, minutes}] */
	json_t *issuers;  /* ["站名（运营机构）", …], each once */
	int64_t records, minutes;
	const char *first, *last; /* the dates of the services */
};

static void add_issuer(json_t *issuers, const char *station, const char *op, sg_ctx *ctx)
{
	const char *text = op ? arena_printf(ctx->arena, "%s（%s）", station, op) : station;
	size_t i;
	json_t *x;
	json_array_foreach(issuers, i, x) if (strcmp(json_string_value(x), text) == 0) return;
	json_array_append_new(issuers, json_string(text));
}

static int cert_read(sg_ctx *ctx, int64_t id, const struct volunteer_period *p, struct cert *c)
{
	db_stmt *s;
	int rc = load(ctx, id, false, &c->v);
	if (!rc &&
	    !(rc = scope_query(ctx, &s, sql_services_total, "itttii",
			       SERVICE_ARGS(id, p, (int64_t)0))) &&
	    (rc = db_step(s)) == DB_ROW) {
		c->records = db_int(s, 0);
		c->minutes = db_int(s, 1);
		c->first = db_is_null(s, 2) ? NULL : arena_strdup(ctx->arena, db_text(s, 2));
		c->last = db_is_null(s, 3) ? NULL : arena_strdup(ctx->arena, db_text(s, 3));
		db_reset(s);
		rc = 0;
	}
	if (!rc)
		rc = scope_query(ctx, &s, sql_services_dated,
				 "itttii"
				 "i",
				 SERVICE_ARGS(id, p, (int64_t)0), (int64_t)VOLUNTEER_CERT_MAX);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		const char *op = operator_of(ctx, s);
		const char *kind = enum_zh(&kinds, db_text(s, SV_KIND));
		const char *title = db_text(s, SV_TITLE);
		const char *content =
		    title ? arena_printf(ctx->arena, "%s：%s（%s）", kind, db_text(s, SV_ITEM_NAME),
					 title)
			  : arena_printf(ctx->arena, "%s：%s", kind, db_text(s, SV_ITEM_NAME));
		add_issuer(c->issuers, db_text(s, SV_STATION_NAME), op, ctx);
		json_array_append_new(
		    c->services, json_pack("{s:s,s:s,s:s,s:I}", "served_on", db_text(s, SV_ON),
					   "station", db_text(s, SV_STATION_NAME), "content",
					   content, "minutes", (json_int_t)db_int(s, SV_MINUTES)));
	}
	return rc < 0 ? rc : 0;
}

static int cert_html(sg_ctx *ctx, const struct cert *c, const struct volunteer_period *p, sg_buf *b)
{
	char hours[32];
	const char *from = p->from && strcmp(p->from, "0000-01-01") != 0 ? p->from : c->first;
	const char *to = p->to && strcmp(p->to, "9999-12-31") != 0 ? p->to : c->last;
	const char *idn = jsonv_str(c->v, "id_number", NULL);
	size_t i;
	json_t *x;
	sg_buf issuers;
	int rc;

	buf_init(&issuers, 64 * 1024);
	json_array_foreach(c->issuers, i, x)
	{
		if (i)
			buf_puts(&issuers, "、");
		buf_puts(&issuers, json_string_value(x));
	}
	buf_append(&issuers, "", 1);
#define ESC(s) (rc = rc ? rc : print_escaped(b, (s), false))
#define PUT(s) (rc = rc ? rc : buf_puts(b, (s)))
	rc = print_begin(
	    b, arena_printf(ctx->arena, "志愿服务时长证明 %s", jsonv_str(c->v, "name", "")));
	PUT("<h1>志愿服务时长证明</h1>\n<p class=\"code\">编号：");
	ESC(arena_printf(ctx->arena, "ZY-%lld-%lld", (long long)jsonv_int(c->v, "id", 0),
			 (long long)(ctx->now / 1000)));
	PUT("</p>\n<p>兹证明志愿者 <strong>");
	ESC(jsonv_str(c->v, "name", ""));
	PUT("</strong>（身份证号：");
	ESC(idn ? idn : "未登记");
	PUT("）于 ");
	ESC(period_zh(ctx, from, to));
	PUT(" 期间参加志愿服务 ");
	ESC(arena_printf(ctx->arena, "%lld", (long long)c->records));
	PUT(" 次，累计志愿服务时长 <strong>");
	ESC(volunteer_hours_text(hours, c->minutes));
	PUT(" 小时</strong>。</p>\n<table><tbody>\n<tr><th>志愿者姓名</th><td>");
	ESC(jsonv_str(c->v, "name", ""));
	PUT("</td><th>公民身份号码</th><td>");
	ESC(idn ? idn : "未登记");
	PUT("</td></tr>\n<tr><th>服务时间</th><td colspan=\"3\">");
	ESC(period_zh(ctx, from, to));
	PUT("</td></tr>\n<tr><th>服务时长合计</th><td colspan=\"3\">");
	ESC(arena_printf(ctx->arena, "%s 小时（%lld 分钟）",
			 volunteer_hours_text(hours, c->minutes), (long long)c->minutes));
	PUT("</td></tr>\n<tr><th>记录出具单位</th><td colspan=\"3\">");
	ESC(json_array_size(c->issuers) ? issuers.p : "—");
	PUT("</td></tr>\n</tbody></table>\n<h2>志愿服务记录</h2>\n<table><thead><tr>"
	    "<th>服务日期</th><th>服务站点</th><th>服务内容</th><th>时长（小时）</th>"
	    "</tr></thead><tbody>\n");
	json_array_foreach(c->services, i, x)
	{
		PUT("<tr><td>");
		ESC(print_date_zh(ctx, jsonv_str(x, "served_on", NULL)));
		PUT("</td><td>");
		ESC(jsonv_str(x, "station", ""));
		PUT("</td><td>");
		ESC(jsonv_str(x, "content", ""));
		PUT("</td><td class=\"amount\">");
		ESC(volunteer_hours_text(hours, jsonv_int(x, "minutes", 0)));
		PUT("</td></tr>\n");
	}
	if (!json_array_size(c->services))
		PUT("<tr><td colspan=\"4\">本期间无志愿服务记录</td></tr>\n");
	PUT("</tbody></table>\n");
	if (c->records > (int64_t)json_array_size(c->services))
		ESC(arena_printf(ctx->arena, "另有 %lld 条记录未列出，已计入合计。",
				 (long long)(c->records - (int64_t)json_array_size(c->services))));
	PUT("<p>本证明依据《志愿服务记录与证明出具办法（试行）》，根据上述单位的服务记录出具，"
	    "所列时长为志愿者实际提供志愿服务的时间。</p>\n<div "
	    "class=\"issuer\"><p>出具单位（盖章）："
	    "　　　　　　　　</p><p>经办人：　　　　　　　　</p><p>出具日期：");
	char date[11];
	clock_cst_date(ctx->now, date);
	ESC(print_date_zh(ctx, date));
	PUT("</p></div>\n");
#undef ESC
#undef PUT
	buf_free(&issuers);
	return rc ? rc : print_end(b);
}

int volunteer_certificate(sg_ctx *ctx, int64_t id, const struct volunteer_period *p, char **out,
			  size_t *len)
{
	struct cert c = {.services = json_array(), .issuers = json_array()};
	struct reading rd;
	sg_buf b;
	int rc = perm_require(ctx, PERM_VOLUNTEER_READ);

	*out = NULL;
	*len = 0;
	if (!rc && !(rc = read_open(&rd, ctx)))
		rc = read_close(&rd, cert_read(ctx, id, p, &c), "读取志愿服务记录失败",
				"cannot read the services");
	if (!rc) {
		json_t *what =
		    json_pack("{s:s?,s:s?,s:I,s:I}", "from", p->from, "to", p->to, "records",
			      (json_int_t)c.records, "minutes", (json_int_t)c.minutes);
		rc = audit_append(ctx, "volunteer.certificate", "volunteer", audit_id(ctx, id),
				  NULL, what, AUDIT_OK);
		json_decref(what);
		if (rc && ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "出具证明失败",
				   "the certificate could not be made");
	}
	if (!rc) {
		buf_init(&b, PRINT_MAX);
		if ((rc = cert_html(ctx, &c, p, &b))) {
			buf_free(&b);
			sg_err_set(&ctx->err, rc, NULL, NULL, "生成证明失败",
				   "the certificate could not be printed");
		} else {
			*out = b.p;
			*len = b.len;
		}
	}
	json_decref(c.v);
	json_decref(c.services);
	json_decref(c.issuers);
	return rc;
}
