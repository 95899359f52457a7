/* test_calendar.c — the working-day calendar (domain/calendar.h): the
 * import of the chinese-days format (tests/fixtures/holidays: 2025 and
 * 2026, written out by hand from the State Council's notices), working
 * days around Spring Festival and National Day with their make-up
 * Saturdays and Sundays, a year boundary, a year that was never imported,
 * local days overriding national ones, and the writes' refusals. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/calendar.h"
#include "domain/role.h"
#include "fixture.h"

#define FIXTURE "tests/fixtures/holidays"

static const char sql_days[] = "SELECT COUNT(*) FROM calendar_days";
static const char sql_imports[] = "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.import'";

/* A database with the fixture imported and a few divisions of Chongqing. */
static struct fixture *open_imported(void)
{
	struct fixture *f = fixture_open("calendar");
	struct calendar_import_result r;
	fixture_division(f, "50", "重庆市", NULL);
	fixture_division(f, "5001", "市辖区", "50");
	fixture_division(f, "500110", "綦江区", "5001");
	fixture_division(f, "500111", "大足区", "5001");
	fixture_division(f, "500110001", "古南街道", "500110");
	assert_int_equal(calendar_import(&f->ctx, FIXTURE, &r), 0);
	return f;
}

static const char *end_of(struct fixture *f, const char *division, const char *date, int n)
{
	static char out[11];
	int rc = calendar_add_workdays(&f->ctx, division, date, n, out);
	if (rc)
		fail_msg("calendar_add_workdays(%s, %s, %d): %d %s", division ? division : "NULL",
			 date, n, rc, f->ctx.err.msg_en);
	return out;
}

static bool workday(struct fixture *f, const char *division, const char *date)
{
	bool w = false;
	int rc = calendar_is_workday(&f->ctx, division, date, &w);
	if (rc)
		fail_msg("calendar_is_workday(%s): %d %s", date, rc, f->ctx.err.msg_en);
	return w;
}

static int64_t add_local(struct fixture *f, const char *division, const char *date,
			 const char *kind, const char *name)
{
	struct calendar_day_new d = {
	    .date = date, .kind = kind, .name = name, .division_code = division};
	json_t *out = NULL;
	int rc = calendar_day_add(&f->ctx, &d, &out);
	if (rc)
		fail_msg("calendar_day_add(%s, %s): %d %s", division, date, rc, f->ctx.err.msg_en);
	int64_t id = (int64_t)json_integer_value(json_object_get(out, "id"));
	assert_string_equal(json_string_value(json_object_get(out, "source")), "local");
	json_decref(out);
	return id;
}

static void test_import(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("calendar");
	struct calendar_import_result r;

	/* the directory holding chinese-days.json, as in the package's dist/ */
	assert_int_equal(calendar_import(&f->ctx, FIXTURE, &r), 0);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.year[0].year, 2025);
	assert_int_equal(r.year[0].holidays, 28);
	assert_int_equal(r.year[0].makeup_workdays, 5);
	assert_int_equal(r.year[0].inserted, 33);
	assert_int_equal(r.year[1].year, 2026);
	assert_int_equal(r.year[1].holidays, 33);
	assert_int_equal(r.year[1].makeup_workdays, 6);
	assert_int_equal(fixture_count(f, sql_days), 72);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM calendar_years"), 2);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM calendar_days WHERE date ="
					  " '2025-01-29' AND name = '春节' AND name_en ="
					  " 'Spring Festival' AND kind = 'holiday'"),
			 1);
	/* a make-up day carries the name of the holiday it makes up for */
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM calendar_days WHERE date ="
			     " '2025-02-08' AND name = '春节' AND kind = 'makeup_workday'"),
	    1);
	assert_int_equal(fixture_count(f, sql_imports), 1);

	/* again, naming the file: nothing changes, one more audit entry */
	assert_int_equal(calendar_import(&f->ctx, FIXTURE "/chinese-days.json", &r), 0);
	assert_int_equal(r.year[0].unchanged + r.year[1].unchanged, 72);
	assert_int_equal(r.year[0].inserted + r.year[0].updated + r.year[0].removed, 0);
	assert_int_equal(fixture_count(f, sql_imports), 2);

	/* the file is the truth for its years: a changed day is put back, a
	 * missing one added, one it does not list removed */
	fixture_exec(f, "UPDATE calendar_days SET name = '旧名' WHERE date = '2025-10-06'");
	fixture_exec(f, "DELETE FROM calendar_days WHERE date = '2026-02-14'");
	fixture_exec(f, "INSERT INTO calendar_days (date, kind, name, source, created_at)"
			" VALUES ('2025-03-03', 'holiday', '多余', 'chinese-days', 0)");
	/* a national day of a year the file does not hold stays */
	fixture_exec(f, "INSERT INTO calendar_days (date, kind, name, source, created_at)"
			" VALUES ('2024-10-01', 'holiday', '国庆节', 'chinese-days', 0)");
	assert_int_equal(calendar_import(&f->ctx, FIXTURE, &r), 0);
	assert_int_equal(r.year[0].updated, 1);
	assert_int_equal(r.year[0].removed, 1);
	assert_int_equal(r.year[1].inserted, 1);
	assert_int_equal(fixture_count(f, sql_days), 73);
	assert_int_equal(
	    fixture_count(
		f, "SELECT COUNT(*) FROM calendar_days WHERE name = '多余' OR name = '旧名'"),
	    0);
	fixture_close(f);
}

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void remove_file(const char *dir, const char *name)
{
	char path[160];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	unlink(path);
}

static void test_import_bad_files(void **state)
{
	(void)state;
	static const struct {
		const char *text, *says;
	} bad[] = {
	    {"[1, 2]", "not a JSON object"},
	    {"{\"holidays\": {\"2025-01-01\": \"New Year's Day,元旦,1\"", "not valid JSON"},
	    {"{\"workdays\": {}}", "has no holidays object"},
	    {"{\"holidays\": {}, \"workdays\": {}}", "holds no day"},
	    {"{\"holidays\": {\"2025-02-30\": \"x,春节,1\"}, \"workdays\": {}}", "not a date"},
	    {"{\"holidays\": {\"2025-02-01\": 3}, \"workdays\": {}}", "name"},
	    {"{\"holidays\": {\"2025-02-01\": \"Spring Festival, ,4\"}, \"workdays\": {}}", "name"},
	    {"{\"holidays\": {\"2025-02-01\": \"x,春节,1\"},"
	     " \"workdays\": {\"2025-02-01\": \"x,春节,1\"}}",
	     "both a holiday and a working day"},
	};
	struct fixture *f = fixture_open("calendar");
	struct calendar_import_result r;

	assert_int_equal(calendar_import(&f->ctx, "/nonexistent/dir", &r), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "file");
	assert_null(strstr(f->ctx.err.msg, "/nonexistent"));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		write_file(f->dir, "chinese-days.json", bad[i].text);
		assert_int_equal(calendar_import(&f->ctx, f->dir, &r), SG_EINVAL);
		assert_string_equal(f->ctx.err.field, "file");
		if (!strstr(f->ctx.err.msg_en, bad[i].says))
			fail_msg("%s: %s, want \"%s\"", bad[i].text, f->ctx.err.msg_en,
				 bad[i].says);
		assert_int_equal(r.n, 0);
	}
	remove_file(f->dir, "chinese-days.json");
	assert_int_equal(fixture_count(f, sql_days), 0);
	assert_int_equal(fixture_count(f, sql_imports), 0);
	fixture_close(f);
}

static void test_spring_festival(void **state)
{
	(void)state;
	struct fixture *f = open_imported();

	/* 2025: 1-28 to 2-04 off; Sunday 1-26 and Saturday 2-08 worked */
	assert_true(workday(f, NULL, "2025-01-26"));
	assert_true(workday(f, NULL, "2025-01-27"));
	assert_false(workday(f, NULL, "2025-01-28"));
	assert_false(workday(f, NULL, "2025-02-03")); /* a Monday of the holiday */
	assert_true(workday(f, NULL, "2025-02-05"));
	assert_true(workday(f, NULL, "2025-02-08"));
	assert_false(workday(f, NULL, "2025-02-09")); /* an ordinary Sunday */
	assert_false(workday(f, NULL, "2025-03-01")); /* an ordinary Saturday */
	assert_true(workday(f, NULL, "2025-03-03"));

	/* a notice published the day before the holiday: 2-05, 06, 07, the
	 * make-up Saturday 2-08, Monday 2-10 */
	assert_string_equal(end_of(f, NULL, "2025-01-27", 5), "2025-02-10");
	/* one published on the make-up Sunday before it */
	assert_string_equal(end_of(f, NULL, "2025-01-26", 1), "2025-01-27");
	assert_string_equal(end_of(f, NULL, "2025-01-26", 2), "2025-02-05");
	/* published on a day of the holiday */
	assert_string_equal(end_of(f, NULL, "2025-02-01", 5), "2025-02-10");
	/* 2026: Saturday 2-14 worked, 2-15 to 2-23 off (nine days) */
	assert_string_equal(end_of(f, NULL, "2026-02-13", 1), "2026-02-14");
	assert_string_equal(end_of(f, NULL, "2026-02-13", 5), "2026-02-27");
	assert_string_equal(end_of(f, NULL, "2026-02-13", 6), "2026-02-28");

	int n = -1;
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-01-27", "2025-02-10", &n),
			 0);
	assert_int_equal(n, 5);
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-01-27", "2025-02-09", &n),
			 0);
	assert_int_equal(n, 4);
	/* 0 when to <= from */
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-02-10", "2025-01-27", &n),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-02-10", "2025-02-10", &n),
			 0);
	assert_int_equal(n, 0);
	fixture_close(f);
}

static void test_national_day(void **state)
{
	(void)state;
	struct fixture *f = open_imported();

	/* 2025: 10-01 to 10-08 off (with 中秋 on 10-06); Sunday 9-28 and
	 * Saturday 10-11 worked */
	assert_true(workday(f, NULL, "2025-09-28"));
	assert_false(workday(f, NULL, "2025-10-06"));
	assert_true(workday(f, NULL, "2025-10-11"));
	/* published on the Friday before the make-up Sunday */
	assert_string_equal(end_of(f, NULL, "2025-09-26", 5), "2025-10-10");
	/* published the day before the holiday: 10-09, 10, 11 (Saturday), 13, 14 */
	assert_string_equal(end_of(f, NULL, "2025-09-30", 5), "2025-10-14");
	int n = 0;
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-09-30", "2025-10-14", &n),
			 0);
	assert_int_equal(n, 5);
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-01-01", "2025-12-31", &n),
			 0);
	/* the year's 261 weekdays, less its 18 holidays on weekdays, plus its
	 * 5 make-up days (1-01, a holiday, is not counted either way) */
	assert_int_equal(n, 261 - 18 + 5);
	fixture_close(f);
}

static void test_year_boundary(void **state)
{
	(void)state;
	struct fixture *f = open_imported();

	/* 2025-12-30, 31; 2026-01-01 to 03 off; Sunday 2026-01-04 worked */
	assert_false(workday(f, NULL, "2026-01-03"));
	assert_true(workday(f, NULL, "2026-01-04"));
	assert_string_equal(end_of(f, NULL, "2025-12-29", 5), "2026-01-06");
	assert_string_equal(end_of(f, NULL, "2025-12-31", 1), "2026-01-04");
	int n = 0;
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-12-29", "2026-01-06", &n),
			 0);
	assert_int_equal(n, 5);
	fixture_close(f);
}

/* Never weekends alone: a year not imported is an error, named. */
static void test_missing_year(void **state)
{
	(void)state;
	struct fixture *f = open_imported();
	char out[11] = "x";
	bool w = true;
	int n = 7;

	assert_int_equal(calendar_add_workdays(&f->ctx, NULL, "2026-12-28", 5, out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, CALENDAR_FIELD);
	assert_string_equal(f->ctx.err.rule, "R-PROC-3");
	assert_non_null(strstr(f->ctx.err.msg, "该年份的节假日安排尚未导入"));
	assert_non_null(strstr(f->ctx.err.msg, "2027"));
	assert_non_null(strstr(f->ctx.err.msg_en, "the holiday calendar of this year has not been "
						  "imported (2027)"));
	assert_string_equal(out, "");
	/* within 2026 it still answers */
	assert_string_equal(end_of(f, NULL, "2026-12-28", 3), "2026-12-31");

	assert_int_equal(calendar_is_workday(&f->ctx, NULL, "2024-05-06", &w), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, CALENDAR_FIELD);
	assert_non_null(strstr(f->ctx.err.msg_en, "(2024)"));
	assert_false(w);
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2026-12-25", "2027-01-05", &n),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, CALENDAR_FIELD);
	assert_int_equal(n, 0);
	/* a local day does not make a year known */
	add_local(f, "500110", "2027-01-04", "holiday", "地方假日");
	assert_int_equal(calendar_is_workday(&f->ctx, "500110", "2027-01-05", &w), SG_EINVAL);
	/* a year in the calendar with no day at all is not imported either */
	fixture_exec(f, "DELETE FROM calendar_years WHERE year = 2026");
	assert_int_equal(calendar_is_workday(&f->ctx, NULL, "2026-03-02", &w), SG_EINVAL);
	fixture_close(f);
}

static void test_local_override(void **state)
{
	(void)state;
	struct fixture *f = open_imported();

	/* a county's own holiday on a national working day */
	add_local(f, "500110", "2025-02-05", "holiday", "綦江区地方假日");
	assert_false(workday(f, "500110", "2025-02-05"));
	assert_false(workday(f, "500110001", "2025-02-05")); /* under it */
	assert_true(workday(f, "500111", "2025-02-05"));     /* its neighbour */
	assert_true(workday(f, NULL, "2025-02-05"));
	assert_string_equal(end_of(f, "500110", "2025-01-27", 5), "2025-02-11");
	assert_string_equal(end_of(f, "500110001", "2025-01-27", 5), "2025-02-11");
	assert_string_equal(end_of(f, "500111", "2025-01-27", 5), "2025-02-10");
	assert_string_equal(end_of(f, NULL, "2025-01-27", 5), "2025-02-10");

	/* the province works a national holiday; the county keeps it: the
	 * most specific day wins */
	add_local(f, "50", "2025-02-04", "makeup_workday", "重庆市调整");
	add_local(f, "500110", "2025-02-04", "holiday", "綦江区保留");
	assert_true(workday(f, "50", "2025-02-04"));
	assert_true(workday(f, "500111", "2025-02-04"));
	assert_false(workday(f, "500110", "2025-02-04"));
	assert_false(workday(f, "500110001", "2025-02-04"));
	assert_false(workday(f, NULL, "2025-02-04"));
	/* a township works an ordinary Saturday */
	add_local(f, "500110001", "2025-03-01", "makeup_workday", "古南街道调休");
	assert_true(workday(f, "500110001", "2025-03-01"));
	assert_false(workday(f, "500110", "2025-03-01"));

	/* the year view of the township: national and local days, those
	 * replaced by a more specific one marked */
	json_t *y = NULL;
	assert_int_equal(calendar_year(&f->ctx, 2025, "500110001", &y), 0);
	assert_true(json_is_true(json_object_get(y, "imported")));
	assert_int_equal(json_integer_value(json_object_get(y, "total")), 33 + 4);
	json_t *items = json_object_get(y, "items"), *it;
	size_t i;
	int overridden = 0, local = 0;
	json_array_foreach(items, i, it)
	{
		const char *date = json_string_value(json_object_get(it, "date"));
		bool over = json_is_true(json_object_get(it, "overridden"));
		overridden += over;
		local += json_is_string(json_object_get(it, "division_code"));
		/* 2-04: the national holiday, the province's working day, the
		 * county's holiday: the first two replaced */
		if (strcmp(date, "2025-02-04") == 0 && !over)
			assert_string_equal(json_string_value(json_object_get(it, "name")),
					    "綦江区保留");
	}
	assert_int_equal(overridden, 2);
	assert_int_equal(local, 4);
	json_decref(y);
	/* the national view holds the national days only */
	assert_int_equal(calendar_year(&f->ctx, 2025, NULL, &y), 0);
	assert_int_equal(json_integer_value(json_object_get(y, "total")), 33);
	assert_int_equal(json_array_size(json_object_get(y, "years")), 2);
	json_decref(y);
	assert_int_equal(calendar_year(&f->ctx, 2024, NULL, &y), 0);
	assert_false(json_is_true(json_object_get(y, "imported")));
	assert_int_equal(json_integer_value(json_object_get(y, "total")), 0);
	json_decref(y);
	fixture_close(f);
}

static void test_bad_input(void **state)
{
	(void)state;
	struct fixture *f = open_imported();
	char out[11];
	bool w;
	int n;
	json_t *o = NULL;

	assert_int_equal(calendar_is_workday(&f->ctx, NULL, "2025-02-30", &w), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "date");
	assert_int_equal(calendar_is_workday(&f->ctx, NULL, NULL, &w), SG_EINVAL);
	assert_int_equal(calendar_is_workday(&f->ctx, "5", "2025-02-03", &w), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "division");
	assert_int_equal(calendar_add_workdays(&f->ctx, NULL, "2025-02-03", 0, out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "n");
	assert_int_equal(calendar_add_workdays(&f->ctx, NULL, "2025-02-03", 367, out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "n");
	assert_string_equal(end_of(f, NULL, "2025-01-01", CALENDAR_WORKDAYS_MAX), "2026-06-26");
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2025-01-01", "x", &n),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "to");
	assert_int_equal(calendar_workdays_between(&f->ctx, NULL, "2000-01-01", "2025-01-01", &n),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "to");
	assert_int_equal(calendar_year(&f->ctx, 1899, NULL, &o), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "year");
	assert_int_equal(calendar_workdays(&f->ctx, NULL, "2025-13-01", 5, &o), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "from");
	assert_int_equal(calendar_workdays(&f->ctx, "500110", "2025-01-27", 5, &o), 0);
	assert_string_equal(json_string_value(json_object_get(o, "end")), "2025-02-10");
	json_decref(o);
	fixture_close(f);
}

static void test_local_day_writes(void **state)
{
	(void)state;
	struct fixture *f = open_imported();
	struct calendar_day_new d = {
	    .date = "2025-05-06", .kind = "holiday", .name = "地方假日", .division_code = "500110"};
	json_t *o = NULL;

	int64_t id = add_local(f, "500110", "2025-05-06", "holiday", "地方假日");
	assert_int_equal(calendar_day_add(&f->ctx, &d, &o), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "date");
	/* the same date in another division is another day */
	d.division_code = "500111";
	assert_int_equal(calendar_day_add(&f->ctx, &d, &o), 0);
	json_decref(o);

	struct calendar_day_new bad[] = {
	    {"2025-05-32", "holiday", "x", "500110"},  {NULL, "holiday", "x", "500110"},
	    {"2025-05-07", "festival", "x", "500110"}, {"2025-05-07", "holiday", " ", "500110"},
	    {"2025-05-07", "holiday", "x", "5001101"}, {"2025-05-07", "holiday", "x", NULL},
	};
	static const char *const fields[] = {"date", "date",	      "kind",
					     "name", "division_code", "division_code"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(calendar_day_add(&f->ctx, &bad[i], &o), SG_EINVAL);
		assert_string_equal(f->ctx.err.field, fields[i]);
		assert_null(o);
	}
	d.division_code = "500112"; /* well formed, no such division */
	assert_int_equal(calendar_day_add(&f->ctx, &d, &o), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");

	/* only the holders of calendar.edit; refusals are audited */
	fixture_user_with_scope(f, 7, "clerk", "綦江区民政局", ROLE_CIVIL_AFFAIRS, "division",
				"500110");
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, 7, "clerk");
	d.division_code = "500110";
	d.date = "2025-05-08";
	assert_int_equal(calendar_day_add(&f->ctx, &d, &o), SG_EFORBIDDEN);
	assert_int_equal(calendar_day_remove(&f->ctx, id, &o), SG_EFORBIDDEN);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'authz.denied'"), 2);
	fixture_actor(f, ROLE_ADMIN, 0, "admin");

	/* a national day is the import's */
	int64_t national =
	    fixture_count(f, "SELECT id FROM calendar_days WHERE date = '2025-05-01'");
	assert_int_equal(calendar_day_remove(&f->ctx, national, &o), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "id");
	assert_int_equal(calendar_day_remove(&f->ctx, 999999, &o), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "id");

	assert_true(workday(f, "500110", "2025-05-07"));
	assert_false(workday(f, "500110", "2025-05-06"));
	assert_int_equal(calendar_day_remove(&f->ctx, id, &o), 0);
	assert_string_equal(json_string_value(json_object_get(o, "date")), "2025-05-06");
	json_decref(o);
	assert_true(workday(f, "500110", "2025-05-06"));
	assert_int_equal(calendar_day_remove(&f->ctx, id, &o), SG_ENOTFOUND);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'calendar.day_add' AND outcome = 'ok'"),
			 2);
	assert_int_equal(fixture_count(f,
				       "SELECT COUNT(*) FROM audit_log WHERE action ="
				       " 'calendar.day_remove' AND old_value LIKE '%2025-05-06%'"),
			 1);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import),	     cmocka_unit_test(test_import_bad_files),
	    cmocka_unit_test(test_spring_festival),  cmocka_unit_test(test_national_day),
	    cmocka_unit_test(test_year_boundary),    cmocka_unit_test(test_missing_year),
	    cmocka_unit_test(test_local_override),   cmocka_unit_test(test_bad_input),
	    cmocka_unit_test(test_local_day_writes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
