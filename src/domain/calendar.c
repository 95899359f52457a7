/*
 * calendar.c — the working-day calendar (calendar.h): national holidays
 * and make-up working days from the chinese-days package, local days of a
 * region, and the working-day arithmetic of the deadlines.
 *
 * Dates are counted as day numbers (days since 1970-01-01, the proleptic
 * Gregorian calendar of Howard Hinnant's civil algorithms): no time zone
 * and no mktime enter a date. A walk over days reads the calendar's rows a
 * window of WINDOW days at a time, for the division and its ancestors in
 * one statement, and keeps for each day the most specific row.
 */
#include "domain/calendar.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/codes.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/check.h"
#include "domain/role.h"
#include "domain/scope.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value calendar_actions_values[] = {
    {"calendar.import", "导入全国节假日安排", "import the national holidays"},
    {"calendar.day_add", "添加地方节假日安排", "add a local calendar day"},
    {"calendar.day_remove", "删除地方节假日安排", "remove a local calendar day"},
};
const struct enum_def calendar_actions = ENUM_DEF("audit.action", calendar_actions_values);

static const struct enum_value kind_values[] = {
    {"holiday", "节假日", "holiday"},
    {"makeup_workday", "调休上班日", "make-up working day"},
};
const struct enum_def calendar_kinds = ENUM_DEF("calendar.kind", kind_values);
enum { KIND_HOLIDAY, KIND_MAKEUP_WORKDAY };

static const struct enum_value source_values[] = {
    {"chinese-days", "全国安排（国务院办公厅通知）", "national (State Council notice)"},
    {"local", "地方安排", "local"},
};
const struct enum_def calendar_sources = ENUM_DEF("calendar.source", source_values);

enum {
	CODE_MAX = 12,
	CHAIN_MAX = 5, /* a division and its ancestors: the five levels */
	WINDOW = 64,   /* days read by one statement of a walk */
	YEARS = CALENDAR_YEAR_MAX - CALENDAR_YEAR_MIN + 1,
};

/* ------------------------------------------------------------------ dates */

/* The day number of y-m-d (days since 1970-01-01). */
static int64_t days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The day number of a date that clock_date_valid accepted. */
static int64_t day_of(const char *date)
{
	assert(clock_date_valid(date));
	return days_from_civil(digits(date, 4), digits(date + 5, 2), digits(date + 8, 2));
}

/* "YYYY-MM-DD" of day number z (years 0 to 9999). */
static void date_of(int64_t z, char out[11])
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	assert(y >= 0 && y <= 9999);
	const int v[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10,
			  m / 10,   m % 10,	  d / 10,      d % 10};
	static const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
	for (int i = 0; i < 8; i++)
		out[at[i]] = (char)('0' + v[i]);
	out[4] = out[7] = '-';
	out[10] = '\0';
}

static int year_of(int64_t z)
{
	int y, m, d;
	civil_from_days(z, &y, &m, &d);
	return y;
}

/* Monday to Friday. 1970-01-01 was a Thursday. */
static bool weekday(int64_t z)
{
	int w = (int)(((z % 7) + 7 + 4) % 7); /* 0 Sunday … 6 Saturday */
	return w >= 1 && w <= 5;
}

/* ------------------------------------------------------------------- SQL */

#define DAY_COLUMNS(X)                                                                             \
	X(DAY_ID, "c.id", "id", COL_INT, DC_PUBLIC)                                                \
	X(DAY_DATE, "c.date", "date", COL_TEXT, DC_PUBLIC)                                         \
	X(DAY_KIND, "c.kind", "kind", COL_TEXT, DC_PUBLIC)                                         \
	X(DAY_NAME, "c.name", "name", COL_TEXT, DC_PUBLIC)                                         \
	X(DAY_NAME_EN, "c.name_en", "name_en", COL_TEXT, DC_PUBLIC)                                \
	X(DAY_SOURCE, "c.source", "source", COL_TEXT, DC_PUBLIC)                                   \
	X(DAY_DIVISION_CODE, "c.division_code", "division_code", COL_TEXT, DC_PUBLIC)              \
	X(DAY_DIVISION_NAME, "d.name", "division_name", COL_TEXT, DC_PUBLIC)                       \
	X(DAY_BY, "c.created_by", NULL, COL_HIDDEN, DC_INTERNAL)                                   \
	X(DAY_BY_NAME, "u.display_name", NULL, COL_HIDDEN, DC_INTERNAL)                            \
	X(DAY_CREATED_AT, "c.created_at", "created_at", COL_TIME, DC_INTERNAL)
enum { DAY__FIRST, DAY_COLUMNS(COLUMN_ENUM) DAY__MAX };
const struct col_table calendar_day_table = COLUMNS_TABLE("calendar_day", DAY_COLUMNS, DAY__MAX);

#define DAY_SELECT "SELECT " COLUMNS_SELECT(DAY_COLUMNS)
#define DAY_FROM                                                                                   \
	" FROM calendar_days c LEFT JOIN divisions d ON d.code = c.division_code"                  \
	" LEFT JOIN users u ON u.id = c.created_by"
/* The rows that apply to a division: the national ones and those of the
 * division and its ancestors (the chain, NULL where shorter). */
#define APPLIES	  " (c.division_code IS NULL OR c.division_code IN (?, ?, ?, ?, ?))"
#define CHAIN_FMT "ttttt"

/* A day by id: national days are everyone's, a local day is its
 * division's (R-ROLE-1). */
static const char sql_get[] = DAY_SELECT DAY_FROM
    " WHERE c.id = ? AND (c.division_code IS NULL OR " SCOPE_DIVISION("c.division_code") ")";
/* The days of [from, to) that apply, by date, the most specific last. */
static const char sql_range[] =
    "SELECT c.date, c.kind, c.division_code FROM calendar_days c WHERE c.date >= ? AND c.date < ?"
    " AND" APPLIES " ORDER BY c.date";
static const char sql_year_days[] =
    DAY_SELECT DAY_FROM " WHERE c.date >= ? AND c.date < ? AND" APPLIES
			" ORDER BY c.date, CASE WHEN c.division_code IS NULL THEN 0"
			" ELSE length(c.division_code) END";
static const char sql_year_imported[] = "SELECT COUNT(*) FROM calendar_years WHERE year = ?";
static const char sql_years[] = "SELECT year FROM calendar_years ORDER BY year";

static const char sql_local_exists[] =
    "SELECT COUNT(*) FROM calendar_days WHERE division_code = ? AND date = ?";
static const char sql_insert_local[] =
    "INSERT INTO calendar_days (date, kind, name, name_en, source, division_code, created_by,"
    " created_at) VALUES (?, ?, ?, NULL, 'local', ?, ?, ?) RETURNING id";
static const char sql_delete[] = "DELETE FROM calendar_days WHERE id = ?";

/* The import. */
static const char sql_national_of_year[] =
    "SELECT id, date, kind, name, name_en FROM calendar_days"
    " WHERE division_code IS NULL AND date >= ? AND date < ? ORDER BY date";
static const char sql_insert_national[] =
    "INSERT INTO calendar_days (date, kind, name, name_en, source, division_code, created_by,"
    " created_at) VALUES (?, ?, ?, ?, 'chinese-days', NULL, ?, ?)";
static const char sql_update_national[] =
    "UPDATE calendar_days SET kind = ?, name = ?, name_en = ?, created_by = ?, created_at = ?"
    " WHERE id = ?";
static const char sql_year_get[] =
    "SELECT holidays, makeup_workdays FROM calendar_years WHERE year = ?";
static const char sql_year_insert[] =
    "INSERT INTO calendar_years (year, source, holidays, makeup_workdays, imported_at,"
    " imported_by) VALUES (?, 'chinese-days', ?, ?, ?, ?)";
static const char sql_year_update[] =
    "UPDATE calendar_years SET holidays = ?, makeup_workdays = ?, imported_at = ?,"
    " imported_by = ? WHERE year = ?";

/* --------------------------------------------------------------- helpers */

/* The acting account, 0 (SQL NULL through "I") for the command line. */
static int64_t actor_id(const sg_ctx *ctx)
{
	return ctx->actor.user_id > 0 ? ctx->actor.user_id : 0;
}

static int not_imported(sg_ctx *ctx, int year)
{
	return sg_err_setf(&ctx->err, SG_EINVAL, CALENDAR_FIELD, "R-PROC-3",
			   "该年份的节假日安排尚未导入（%d 年）",
			   "the holiday calendar of this year has not been imported (%d)", year);
}

static int check_day(sg_ctx *ctx, const char *field, const char *date)
{
	if (date && clock_date_valid(date))
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, field, "R-PROC-3", "%s 应为日期 YYYY-MM-DD",
			   "%s must be a date YYYY-MM-DD", field);
}

/* The division (NULL: none) and its ancestors, shortest first, into
 * chain[0..*n); the rest NULL. SG_EINVAL (field "division") for a code
 * that is not one. */
static int division_chain(sg_ctx *ctx, const char *division, char codes[CHAIN_MAX][CODE_MAX + 1],
			  const char *chain[CHAIN_MAX])
{
	static const size_t lengths[CHAIN_MAX] = {2, 4, 6, 9, 12};
	size_t len = division ? strlen(division) : 0;
	int rc;

	for (int i = 0; i < CHAIN_MAX; i++)
		chain[i] = NULL;
	if (!division)
		return 0;
	if ((rc = check_division_code(ctx, "division", division)))
		return rc;
	for (int i = 0; i < CHAIN_MAX && lengths[i] <= len; i++) {
		memcpy(codes[i], division, lengths[i]);
		codes[i][lengths[i]] = '\0';
		chain[i] = codes[i];
	}
	return 0;
}

/* ------------------------------------------------------------------ walks */

/* A walk over days for one division: what each day of the window is, and
 * the last year found imported. */
struct walk {
	sg_ctx *ctx;
	char codes[CHAIN_MAX][CODE_MAX + 1];
	const char *chain[CHAIN_MAX];
	int64_t lo;		  /* the window: days [lo, lo + WINDOW) */
	bool loaded;		  /* the window has been read */
	signed char kind[WINDOW]; /* -1: no row; else KIND_* of the most specific */
	signed char depth[WINDOW];
	int year_ok; /* the last year found imported, 0: none yet */
};

static int walk_begin(struct walk *w, sg_ctx *ctx, const char *division)
{
	*w = (struct walk){.ctx = ctx};
	return division_chain(ctx, division, w->codes, w->chain);
}

/* Reads the window that starts at day lo. */
static int walk_load(struct walk *w, int64_t lo)
{
	char from[11], to[11];
	db_stmt *s;
	int rc;

	date_of(lo, from);
	date_of(lo + WINDOW, to);
	memset(w->kind, -1, sizeof w->kind);
	memset(w->depth, -1, sizeof w->depth);
	w->lo = lo;
	w->loaded = false;
	rc = db_query(w->ctx->db, &s, sql_range, "tt" CHAIN_FMT, from, to, w->chain[0], w->chain[1],
		      w->chain[2], w->chain[3], w->chain[4]);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		const char *date = db_text(s, 0), *code = db_text(s, 2);
		if (!date || !clock_date_valid(date))
			continue; /* the schema's CHECK keeps such rows out */
		int64_t i = day_of(date) - lo;
		int depth = code ? (int)strlen(code) : 0;
		if (i < 0 || i >= WINDOW || depth <= w->depth[i])
			continue;
		w->depth[i] = (signed char)depth;
		w->kind[i] = (signed char)enum_index(&calendar_kinds, db_text(s, 1));
	}
	if (rc < 0)
		return rc;
	w->loaded = true;
	return 0;
}

/* Whether day z is a working day, into *out. */
static int walk_day(struct walk *w, int64_t z, bool *out)
{
	int y = year_of(z), rc;

	if (y != w->year_ok) {
		int64_t n = 0;
		if (y < CALENDAR_YEAR_MIN || y > CALENDAR_YEAR_MAX)
			return not_imported(w->ctx, y);
		if ((rc = db_one_int(w->ctx->db, &n, sql_year_imported, "i", (int64_t)y)))
			return rc;
		if (!n)
			return not_imported(w->ctx, y);
		w->year_ok = y;
	}
	if (!w->loaded || z < w->lo || z >= w->lo + WINDOW)
		if ((rc = walk_load(w, z)))
			return rc;
	int k = w->kind[z - w->lo];
	*out = k == KIND_MAKEUP_WORKDAY || (k != KIND_HOLIDAY && weekday(z));
	return 0;
}

static int calendar_fail(struct reading *rd, int rc)
{
	return read_close(rd, rc, "读取工作日历失败", "cannot read the working-day calendar");
}

int calendar_is_workday(sg_ctx *ctx, const char *division, const char *date, bool *out)
{
	struct reading rd;
	struct walk w;
	int rc;

	assert(ctx && out);
	*out = false;
	if ((rc = read_open(&rd, ctx)))
		return calendar_fail(&rd, rc);
	if (!(rc = check_day(ctx, "date", date)) && !(rc = walk_begin(&w, ctx, division)))
		rc = walk_day(&w, day_of(date), out);
	return calendar_fail(&rd, rc);
}

int calendar_add_workdays(sg_ctx *ctx, const char *division, const char *date, int n, char out[11])
{
	struct reading rd;
	struct walk w;
	int rc;

	assert(ctx && out);
	out[0] = '\0';
	if ((rc = read_open(&rd, ctx)))
		return calendar_fail(&rd, rc);
	rc = check_day(ctx, "date", date);
	if (!rc && (n < 1 || n > CALENDAR_WORKDAYS_MAX))
		rc = sg_err_setf(
		    &ctx->err, SG_EINVAL, "n", "R-PROC-3", "工作日数应为 1 至 %d 的整数",
		    "the number of working days must be 1 to %d", CALENDAR_WORKDAYS_MAX);
	if (!rc)
		rc = walk_begin(&w, ctx, division);
	if (!rc) {
		int64_t z = day_of(date);
		/* Each step either counts a working day or reaches a year that
		 * is not imported (years end at CALENDAR_YEAR_MAX): it ends. */
		for (int counted = 0; !rc && counted < n;) {
			bool work = false;
			if (!(rc = walk_day(&w, ++z, &work)) && work)
				counted++;
		}
		if (!rc)
			date_of(z, out);
	}
	return calendar_fail(&rd, rc);
}

int calendar_workdays_between(sg_ctx *ctx, const char *division, const char *from, const char *to,
			      int *out)
{
	struct reading rd;
	struct walk w;
	int rc;

	assert(ctx && out);
	*out = 0;
	if ((rc = read_open(&rd, ctx)))
		return calendar_fail(&rd, rc);
	if (!(rc = check_day(ctx, "from", from)) && !(rc = check_day(ctx, "to", to)))
		rc = walk_begin(&w, ctx, division);
	if (!rc) {
		int64_t a = day_of(from), b = day_of(to);
		if (b - a > CALENDAR_SPAN_MAX)
			rc = sg_err_setf(
			    &ctx->err, SG_EINVAL, "to", "R-PROC-3", "起止日期相隔不能超过 %d 天",
			    "the dates may be at most %d days apart", CALENDAR_SPAN_MAX);
		int count = 0;
		for (int64_t z = a + 1; !rc && z <= b; z++) {
			bool work = false;
			if (!(rc = walk_day(&w, z, &work)) && work)
				count++;
		}
		if (!rc)
			*out = count;
	}
	return calendar_fail(&rd, rc);
}

/* ------------------------------------------------------------ the API's */

static json_t *user_ref(db_stmt *s, int id_col, int name_col)
{
	if (db_is_null(s, id_col))
		return json_null();
	return json_pack("{s:I,s:o}", "id", (json_int_t)db_int(s, id_col), "name",
			 row_text(s, name_col));
}

static json_t *render(db_stmt *s)
{
	json_t *o = row_object(s, &calendar_day_table, 0);
	json_object_set_new_nocheck(o, "created_by", user_ref(s, DAY_BY, DAY_BY_NAME));
	return o;
}

static int no_day(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "该节假日安排不存在",
			  "no such calendar day");
}

/* One day within the actor's scope (national days: everyone's). */
static int load(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	int rc = scope_query(ctx, &s, sql_get, "i", id);

	*out = NULL;
	if (rc || (rc = db_step(s)) != DB_ROW)
		return rc < 0 ? rc : no_day(ctx);
	*out = render(s);
	db_reset(s);
	return 0;
}

static int check_year(sg_ctx *ctx, int year)
{
	if (year >= CALENDAR_YEAR_MIN && year <= CALENDAR_YEAR_MAX)
		return 0;
	return sg_err_setf(&ctx->err, SG_EINVAL, "year", "R-PROC-3", "年份应为 %d 至 %d",
			   "the year must be %d to %d", CALENDAR_YEAR_MIN, CALENDAR_YEAR_MAX);
}

int calendar_year(sg_ctx *ctx, int year, const char *division, json_t **out)
{
	char codes[CHAIN_MAX][CODE_MAX + 1], from[11], to[11];
	const char *chain[CHAIN_MAX];
	struct reading rd;
	json_t *items = json_array(), *years = json_array(), *prev = NULL;
	bool imported = false;
	db_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = read_open(&rd, ctx)) || (rc = check_year(ctx, year)) ||
	    (rc = division_chain(ctx, division, codes, chain)))
		goto done;
	date_of(days_from_civil(year, 1, 1), from);
	date_of(days_from_civil(year + 1, 1, 1), to);
	rc = db_query(ctx->db, &s, sql_years, NULL);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_array_append_new(years, json_integer(db_int(s, 0)));
		imported = imported || db_int(s, 0) == year;
	}
	if (rc < 0)
		goto done;
	rc = db_query(ctx->db, &s, sql_year_days, "tt" CHAIN_FMT, from, to, chain[0], chain[1],
		      chain[2], chain[3], chain[4]);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		json_t *o = render(s);
		/* Rows of one date come least specific first: each is
		 * replaced by the next of its date. */
		bool same = prev && strcmp(json_string_value(json_object_get(prev, "date")),
					   db_text(s, DAY_DATE)) == 0;
		if (same)
			json_object_set_new_nocheck(prev, "overridden", json_true());
		json_object_set_new_nocheck(o, "overridden", json_false());
		json_array_append_new(items, o);
		prev = o;
	}
	if (rc >= 0)
		rc = 0;
done:
	if (rc) {
		json_decref(items);
		json_decref(years);
		return calendar_fail(&rd, rc);
	}
	*out = json_pack("{s:i,s:s?,s:b,s:o,s:I,s:o,s:n}", "year", year, "division_code", division,
			 "imported", imported, "years", years, "total",
			 (json_int_t)json_array_size(items), "items", items, "next_cursor");
	return calendar_fail(&rd, 0);
}

int calendar_workdays(sg_ctx *ctx, const char *division, const char *from, int n, json_t **out)
{
	char end[11];
	int rc;

	*out = NULL;
	if ((rc = check_day(ctx, "from", from)))
		return rc;
	if ((rc = calendar_add_workdays(ctx, division, from, n, end)))
		return rc;
	*out = json_pack("{s:s,s:i,s:s?,s:s}", "from", from, "n", n, "division_code", division,
			 "end", end);
	return 0;
}

/* ---------------------------------------------------------------- writes */

static const struct write_spec day_write = {
    .table = &calendar_day_table,
    .fail_zh = "保存节假日安排失败",
    .fail_en = "the calendar day could not be saved",
    .snapshot = load,
    .detail = load,
};

int calendar_day_add(sg_ctx *ctx, const struct calendar_day_new *in, json_t **out)
{
	struct write w;
	int64_t id = 0, n = 0;
	int rc = perm_require(ctx, PERM_CALENDAR_EDIT);

	assert(in && out);
	*out = NULL;
	if (rc || (rc = check_required(ctx, "date", "R-PROC-3", in->date)) ||
	    (rc = check_day(ctx, "date", in->date)) ||
	    (rc = check_enum(ctx, "kind", "R-PROC-3", in->kind, &calendar_kinds)) ||
	    (rc = check_required(ctx, "name", "R-PROC-3", in->name)) ||
	    (rc = check_division_code(ctx, "division_code", in->division_code)))
		return rc;
	if (utf8_count(in->name, strlen(in->name)) > CALENDAR_NAME_MAX)
		return sg_err_setf(&ctx->err, SG_EINVAL, "name", "R-PROC-3", "名称不能超过 %d 个字",
				   "the name may have at most %d characters", CALENDAR_NAME_MAX);
	rc = write_open_new(&w, ctx, &day_write, "calendar.day_add");
	if (!rc)
		rc = check_division_in_scope(ctx, "division_code", in->division_code);
	if (!rc &&
	    !(rc = db_one_int(ctx->db, &n, sql_local_exists, "tt", in->division_code, in->date)) &&
	    n)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "date", "R-PROC-3",
				"该行政区划这一天已有节假日安排",
				"the division has a calendar day of that date already");
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert_local, "ttttIi", in->date, in->kind,
				in->name, in->division_code, actor_id(ctx), ctx->now);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}

int calendar_day_remove(sg_ctx *ctx, int64_t id, json_t **out)
{
	struct write w;
	json_t *was = NULL;
	int rc = perm_require(ctx, PERM_CALENDAR_EDIT);

	assert(out);
	*out = NULL;
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &day_write, "calendar.day_remove", id);
	if (!rc) {
		const json_t *old = write_old(&w);
		if (!json_is_string(json_object_get(old, "division_code")))
			rc = sg_err_set(
			    &ctx->err, SG_ECONFLICT, "id", "R-PROC-3",
			    "全国节假日安排由导入维护，不能删除",
			    "a national calendar day comes from the import and cannot be "
			    "removed");
		else
			was = json_deep_copy(old);
	}
	if (!rc)
		rc = db_run(ctx->db, sql_delete, "i", id);
	if (!rc)
		write_set_now(&w, NULL); /* the day is gone */
	rc = write_close(&w, rc, NULL);
	if (rc) {
		json_decref(was);
		return rc;
	}
	*out = was;
	return 0;
}

/* ------------------------------------------------------------ the import */

/* One day of the file. */
struct entry {
	char date[11];
	int kind;
	const char *name, *name_en;
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->date, ((const struct entry *)b)->date);
}

static int bad_file(sg_ctx *ctx, const char *file, const char *zh, const char *en)
{
	char mzh[200], men[200];
	snprintf(mzh, sizeof mzh, "节假日文件 %s %s", file, zh);
	snprintf(men, sizeof men, "holiday file %s: %s", file, en);
	return sg_err_set(&ctx->err, SG_EINVAL, "file", "R-PROC-3", mzh, men);
}

/* "English,中文,N" → the Chinese name and the English one: the last field
 * is the number of statutory days, the Chinese name the field before it,
 * the English name the rest (it may hold a comma). "English,中文" and
 * "中文" are taken too. */
static bool split_name(sg_ctx *ctx, const char *v, const char **zh, const char **en)
{
	const char *last = strrchr(v, ','), *start = NULL;
	*en = NULL;
	if (!last) {
		*zh = arena_strdup(ctx->arena, v);
	} else {
		for (const char *p = last; p > v; p--)
			if (p[-1] == ',') {
				start = p;
				break;
			}
		if (start) { /* English,中文,N */
			*zh = arena_strndup(ctx->arena, start, (size_t)(last - start));
			*en = arena_strndup(ctx->arena, v, (size_t)(start - 1 - v));
		} else { /* English,中文 */
			*zh = arena_strdup(ctx->arena, last + 1);
			*en = arena_strndup(ctx->arena, v, (size_t)(last - v));
		}
	}
	size_t n = utf8_count(*zh, strlen(*zh));
	if (*en && (utf8_blank(*en) || utf8_count(*en, strlen(*en)) > 2 * CALENDAR_NAME_MAX))
		*en = NULL;
	return n >= 1 && n <= CALENDAR_NAME_MAX && !utf8_blank(*zh);
}

/* The days of one member ("holidays", "workdays") into v[*n…]. */
static int read_member(sg_ctx *ctx, const char *file, const json_t *doc, const char *key, int kind,
		       struct entry **v, size_t *n, size_t *cap)
{
	const json_t *obj = json_object_get(doc, key), *val;
	const char *date;
	char zh[160], en[160];

	if (!json_is_object(obj)) {
		snprintf(zh, sizeof zh, "缺少 %s 对象", key);
		snprintf(en, sizeof en, "has no %s object", key);
		return bad_file(ctx, file, zh, en);
	}
	json_object_foreach((json_t *)obj, date, val)
	{
		struct entry e = {.kind = kind};
		if (!clock_date_valid(date)) {
			snprintf(zh, sizeof zh, "%s 中有不是日期的键", key);
			snprintf(en, sizeof en, "%s has a key that is not a date", key);
			return bad_file(ctx, file, zh, en);
		}
		if (!json_is_string(val) ||
		    !split_name(ctx, json_string_value(val), &e.name, &e.name_en)) {
			snprintf(zh, sizeof zh, "%s 中 %.10s 的名称无效", key, date);
			snprintf(en, sizeof en, "%s: the name of %.10s is not valid", key, date);
			return bad_file(ctx, file, zh, en);
		}
		memcpy(e.date, date, 11);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 512;
			*v = xrealloc(*v, *cap * sizeof **v);
		}
		(*v)[(*n)++] = e;
	}
	return 0;
}

/* The file of path: path itself, or HOLIDAYS_FILE in the directory path
 * or in its dist/ (the package's own directory). Caller frees. */
static char *holiday_file(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return xstrdup(path);
	char *file = xconcat(path, "/", HOLIDAYS_FILE);
	if (stat(file, &st) == 0)
		return file;
	free(file);
	return xconcat(path, "/dist/", HOLIDAYS_FILE);
}

/* Reads and checks the file into v[0..*n), sorted by date. */
static int read_file(sg_ctx *ctx, const char *path, const char *file, json_t **doc,
		     struct entry **v, size_t *n)
{
	size_t cap = 0;
	json_error_t jerr;
	int rc;

	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return bad_file(ctx, file, "不存在", "does not exist");
	*doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!*doc)
		return jerr.line < 0 ? bad_file(ctx, file, "无法读取", "cannot be read")
				     : bad_file(ctx, file, "不是有效的 JSON", "is not valid JSON");
	if (!json_is_object(*doc))
		return bad_file(ctx, file, "应为 JSON 对象", "is not a JSON object");
	if ((rc = read_member(ctx, file, *doc, "holidays", KIND_HOLIDAY, v, n, &cap)) ||
	    (rc = read_member(ctx, file, *doc, "workdays", KIND_MAKEUP_WORKDAY, v, n, &cap)))
		return rc;
	if (*n == 0)
		return bad_file(ctx, file, "没有任何日期", "holds no day");
	qsort(*v, *n, sizeof **v, entry_cmp);
	for (size_t i = 1; i < *n; i++)
		if (strcmp((*v)[i - 1].date, (*v)[i].date) == 0) {
			char zh[160], en[160];
			snprintf(zh, sizeof zh, "%.10s 既是节假日又是调休上班日", (*v)[i].date);
			snprintf(en, sizeof en, "%.10s is both a holiday and a working day",
				 (*v)[i].date);
			return bad_file(ctx, file, zh, en);
		}
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Writes the days e[0..n) of one year, the file's truth for that year. */
static int import_year(sg_ctx *ctx, int year, const struct entry *e, size_t n,
		       struct calendar_import_year *r)
{
	char from[11], to[11];
	db_stmt *s;
	struct have {
		int64_t id;
		char date[11];
		int kind;
		const char *name, *name_en;
	} *have = NULL;
	size_t nhave = 0, cap = 0, i = 0, j = 0;
	int64_t by = actor_id(ctx);
	int rc;

	*r = (struct calendar_import_year){.year = year};
	for (size_t k = 0; k < n; k++) {
		if (e[k].kind == KIND_HOLIDAY)
			r->holidays++;
		else
			r->makeup_workdays++;
	}
	date_of(days_from_civil(year, 1, 1), from);
	date_of(days_from_civil(year + 1, 1, 1), to);
	rc = db_query(ctx->db, &s, sql_national_of_year, "tt", from, to);
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (nhave == cap) {
			cap = cap ? cap * 2 : 64;
			have = xrealloc(have, cap * sizeof *have);
		}
		struct have *h = &have[nhave++];
		h->id = db_int(s, 0);
		snprintf(h->date, sizeof h->date, "%s", db_text(s, 1));
		h->kind = enum_index(&calendar_kinds, db_text(s, 2));
		h->name = arena_strdup(ctx->arena, db_text(s, 3));
		h->name_en = db_is_null(s, 4) ? NULL : arena_strdup(ctx->arena, db_text(s, 4));
	}
	if (rc >= 0)
		rc = 0;
	/* Both sorted by date: a merge. */
	while (!rc && (i < n || j < nhave)) {
		int c = i == n ? 1 : j == nhave ? -1 : strcmp(e[i].date, have[j].date);
		if (c < 0) {
			rc = db_run(ctx->db, sql_insert_national, "ttttIi", e[i].date,
				    enum_value(&calendar_kinds, e[i].kind), e[i].name, e[i].name_en,
				    by, ctx->now);
			r->inserted++;
			i++;
		} else if (c > 0) {
			rc = db_run(ctx->db, sql_delete, "i", have[j].id);
			r->removed++;
			j++;
		} else {
			if (have[j].kind != e[i].kind || !same_text(have[j].name, e[i].name) ||
			    !same_text(have[j].name_en, e[i].name_en)) {
				rc = db_run(ctx->db, sql_update_national, "tttIii",
					    enum_value(&calendar_kinds, e[i].kind), e[i].name,
					    e[i].name_en, by, ctx->now, have[j].id);
				r->updated++;
			} else {
				r->unchanged++;
			}
			i++;
			j++;
		}
	}
	free(have);
	if (rc)
		return rc;
	/* The year: marked imported, its counts kept; untouched when nothing
	 * changed. */
	if ((rc = db_query(ctx->db, &s, sql_year_get, "i", (int64_t)year)))
		return rc;
	if ((rc = db_step(s)) == DB_ROW) {
		bool same = db_int(s, 0) == r->holidays && db_int(s, 1) == r->makeup_workdays;
		db_reset(s);
		if (same && !r->inserted && !r->updated && !r->removed)
			return 0;
		return db_run(ctx->db, sql_year_update, "iiiIi", (int64_t)r->holidays,
			      (int64_t)r->makeup_workdays, ctx->now, by, (int64_t)year);
	}
	if (rc < 0)
		return rc;
	return db_run(ctx->db, sql_year_insert, "iiiiI", (int64_t)year, (int64_t)r->holidays,
		      (int64_t)r->makeup_workdays, ctx->now, by);
}

int calendar_import(sg_ctx *ctx, const char *path, struct calendar_import_result *out)
{
	struct entry *v = NULL;
	size_t n = 0;
	json_t *doc = NULL, *counts = NULL;
	char *file = holiday_file(path);
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	int rc;

	assert(ctx && path && out);
	memset(out, 0, sizeof *out);
	sg_err_clear(&ctx->err);
	if ((rc = read_file(ctx, file, base, &doc, &v, &n)))
		goto done;
	if ((rc = perm_require(ctx, PERM_CALENDAR_EDIT)))
		goto done;
	if ((rc = db_begin(ctx->db)))
		goto done;
	counts = json_object();
	for (size_t i = 0; i < n && !rc;) {
		int year = digits(v[i].date, 4);
		size_t k = i;
		while (k < n && digits(v[k].date, 4) == year)
			k++;
		struct calendar_import_year *r = &out->year[out->n++];
		assert(out->n <= YEARS);
		rc = import_year(ctx, year, v + i, k - i, r);
		char key[16];
		snprintf(key, sizeof key, "%d", year);
		json_object_set_new(counts, key,
				    json_pack("{s:i,s:i,s:i,s:i,s:i,s:i}", "holidays", r->holidays,
					      "makeup_workdays", r->makeup_workdays, "inserted",
					      r->inserted, "updated", r->updated, "removed",
					      r->removed, "unchanged", r->unchanged));
		i = k;
	}
	if (!rc) {
		json_t *what = json_pack("{s:s,s:O}", "file", base, "years", counts);
		rc = audit_append(ctx, "calendar.import", "calendar", "", NULL, what, AUDIT_OK);
		json_decref(what);
	}
	if (rc)
		db_rollback(ctx->db);
	else
		rc = db_commit(ctx->db);
done:
	json_decref(counts);
	json_decref(doc);
	free(v);
	free(file);
	if (rc) {
		memset(out, 0, sizeof *out);
		if (ctx->err.code != rc)
			sg_err_set(&ctx->err, rc, NULL, NULL, "导入节假日安排失败",
				   "the holidays could not be imported");
	}
	return rc;
}
