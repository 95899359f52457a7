/* test_volunteer.c — volunteers (domain/volunteer.h, R-SVC-3, R-SVC-5):
 * the hours arithmetic (minutes to hours, the totals of the valid records
 * by year and station, at the stations the actor sees), the periods, and
 * the registration rules (the same ID number found by its keyed hash, in
 * the scope or elsewhere; the phone; the reach of a division; a station
 * for actors without a division scope), on a migrated temporary SQLite
 * database. */
#include "testlib.h"

#include <stdio.h>

#include "base/codes.h"
#include "base/jsonv.h"
#include "base/pii.h"
#include "domain/role.h"
#include "domain/volunteer.h"
#include "fixture.h"

/* 7 civil affairs of 綦江区, 8 of 巴南区; 9 provider staff of organisation
 * 3, which operates station 20 (古南); 10 a social worker of station 21
 * (文龙), 11 one of station 20. */
enum { QIJIANG = 7, BANAN = 8, PROVIDER = 9, WENLONG_SW = 10, GUNAN_SW = 11 };
enum { GUNAN = 20, WENLONG = 21, WORKER = 30, OTHER_WORKER = 31 };

static const unsigned char key[KEY_LEN] = {
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20,
};

/* One statement each (fixture_exec runs one). */
static const char *const sql_world[] = {
    "INSERT INTO orgs (id, type, name, uscc, division_code, created_at, updated_at) VALUES"
    " (3, 'social_org', '綦江区同心社会工作服务中心', '52500110MJP000001A', '500110', 0, 0),"
    " (4, 'civil_affairs', '綦江区民政局', '11500110MB0000001X', '500110', 0, 0)",
    "INSERT INTO stations (id, division_code, tier, kind, name, status, operation,"
    " operator_org_id, working, created_at, updated_at) VALUES"
    " (20, '500110001', 'township', 'comprehensive', '古南街道社会工作服务站', 'active',"
    "  'contract', 3, 1, 0, 0),"
    " (21, '500110002', 'township', 'comprehensive', '文龙街道社会工作服务站', 'active',"
    "  'self_operated', NULL, 1, 0, 0)",
    "INSERT INTO social_workers (id, name, full_time, employer_org_id, created_at, updated_at)"
    " VALUES (30, '王社工', 1, 3, 0, 0), (31, '李社工', 1, NULL, 0, 0)",
    "INSERT INTO station_staff (station_id, worker_id, role, since) VALUES"
    " (20, 30, 'staff', '2026-01-01'), (21, 31, 'staff', '2026-01-01')",
    "INSERT INTO budgets (id, department_id, division_code, year, amount, created_at,"
    " updated_at) VALUES (1, 4, '500110', 2026, 100000000, 0, 0)",
    "INSERT INTO projects (id, code, name, department_id, division_code, year, budget_id,"
    " amount, created_at, updated_at) VALUES (1, 'QJ-2026-001', '古南街道社工站运营项目', 4,"
    " '500110', 2026, 1, 0, 0, 0)",
};

static struct fixture *fx_open(void)
{
	struct fixture *f = fixture_open("volunteer");
	fixture_division(f, "50", "重庆市", NULL);
	fixture_division(f, "5001", "市辖区", "50");
	fixture_division(f, "500110", "綦江区", "5001");
	fixture_division(f, "500113", "巴南区", "5001");
	fixture_division(f, "500110001", "古南街道", "500110");
	fixture_division(f, "500110002", "文龙街道", "500110");
	fixture_division(f, "500110001001", "沙溪社区", "500110001");
	fixture_user_with_scope(f, QIJIANG, "qijiang", "綦江民政", ROLE_CIVIL_AFFAIRS, "division",
				"500110");
	fixture_user_with_scope(f, BANAN, "banan", "巴南民政", ROLE_CIVIL_AFFAIRS, "division",
				"500113");
	fixture_user_with_scope(f, PROVIDER, "provider", "承接主体", ROLE_PROVIDER, "org", "3");
	fixture_user_with_scope(f, WENLONG_SW, "wenlong", "文龙社工", ROLE_SOCIAL_WORKER, "station",
				"21");
	fixture_user_with_scope(f, GUNAN_SW, "gunan", "古南社工", ROLE_SOCIAL_WORKER, "station",
				"20");
	for (size_t i = 0; i < sizeof sql_world / sizeof sql_world[0]; i++)
		fixture_exec(f, sql_world[i]);
	assert_int_equal(pii_init(key, PII_SM4_GCM), 0);
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, QIJIANG, "qijiang");
	return f;
}

static void fx_close(struct fixture *f)
{
	pii_shutdown();
	fixture_close(f);
}

static void as(struct fixture *f, int role, int64_t id)
{
	fixture_actor(f, role, id, "tester");
}

static int64_t id_of(json_t *o)
{
	int64_t id = (int64_t)json_integer_value(json_object_get(o, "id"));
	json_decref(o);
	return id;
}

static void make_id(char out[ID_NUMBER_LEN + 1], const char *first17)
{
	assert_int_equal(id_number_make(out, first17), 0);
}

/* Registers name at station (0: none) with an ID number (NULL: none);
 * returns the code, *id the volunteer. */
static int reg(struct fixture *f, const char *name, int64_t station, const char *idn, int64_t *id,
	       bool *existing)
{
	json_t *st = station ? json_pack("[I]", (json_int_t)station) : NULL, *out = NULL;
	struct volunteer_fields v = {.name = name,
				     .id_number = idn,
				     .division_code = station ? NULL : "500110001",
				     .station_ids = st};
	bool ex = false;
	int rc = volunteer_register(&f->ctx, &v, existing ? existing : &ex, &out);
	json_decref(st);
	*id = rc ? 0 : id_of(out);
	return rc;
}

/* A valid activity at station on date (status valid or void) with one
 * volunteer's minutes. (Static SQL with parameters: statements are cached
 * by the address of their text.) */
static void record(struct fixture *f, int64_t station, const char *date, const char *status,
		   int64_t volunteer, int minutes)
{
	static const char sql_record[] =
	    "INSERT INTO service_records (kind, project_id, station_id, worker_id, item_id,"
	    " served_on, month, minutes, title, participants, status, created_at, updated_at)"
	    " VALUES ('activity', 1, ?, 30, 1, ?, substr(?, 1, 7), 60, '活动', 10, ?, 0, 0)"
	    " RETURNING id";
	static const char sql_minutes[] =
	    "INSERT INTO record_volunteers (record_id, volunteer_id, minutes) VALUES (?, ?, ?)";
	int64_t id = 0;
	assert_int_equal(db_one_int(f->ctx.db, &id, sql_record, "itts", station, date, date, status,
				    strlen(status)),
			 0);
	assert_int_equal(db_run(f->ctx.db, sql_minutes, "iii", id, volunteer, (int64_t)minutes), 0);
}

/* ---- hours arithmetic ---- */

static void test_hours_text(void **state)
{
	(void)state;
	char b[32];
	assert_string_equal(volunteer_hours_text(b, 0), "0");
	assert_string_equal(volunteer_hours_text(b, 60), "1");
	assert_string_equal(volunteer_hours_text(b, 90), "1.5");
	assert_string_equal(volunteer_hours_text(b, 100), "1.67");
	assert_string_equal(volunteer_hours_text(b, 1), "0.02");
	assert_string_equal(volunteer_hours_text(b, 20), "0.33");
	assert_string_equal(volunteer_hours_text(b, 45), "0.75");
	assert_string_equal(volunteer_hours_text(b, 235), "3.92");
	/* half a hundredth rounds up: 0.3 minutes is 0.005 hours */
	assert_string_equal(volunteer_hours_text(b, 597), "9.95");
	assert_string_equal(volunteer_hours_text(b, 1440 * 365), "8760");
	assert_string_equal(volunteer_hours_text(b, -5), "0");
}

static void test_periods(void **state)
{
	struct fixture *f = fx_open();
	struct volunteer_period p;
	(void)state;
	assert_int_equal(volunteer_period_make(&f->ctx, 2026, NULL, NULL, &p), 0);
	assert_string_equal(p.from, "2026-01-01");
	assert_string_equal(p.to, "2026-12-31");
	assert_int_equal(volunteer_period_make(&f->ctx, 0, NULL, NULL, &p), 0);
	assert_null(p.from);
	assert_null(p.to);
	assert_int_equal(volunteer_period_make(&f->ctx, 0, "2026-03-01", "", &p), 0);
	assert_string_equal(p.from, "2026-03-01");
	assert_string_equal(p.to, "9999-12-31");
	assert_int_equal(volunteer_period_make(&f->ctx, 0, NULL, "2026-03-01", &p), 0);
	assert_string_equal(p.from, "0000-01-01");
	assert_int_equal(volunteer_period_make(&f->ctx, 1999, NULL, NULL, &p), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "year");
	assert_int_equal(volunteer_period_make(&f->ctx, 2026, "2026-01-01", NULL, &p), SG_EINVAL);
	assert_int_equal(volunteer_period_make(&f->ctx, 0, "2026-02-29", NULL, &p), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "from");
	assert_int_equal(volunteer_period_make(&f->ctx, 0, "2026-03-02", "2026-03-01", &p),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "to");
	fx_close(f);
}

/* The totals: valid records only, by year (newest first) and station, at
 * the stations the actor sees; a list's minutes of a year and station. */
static void test_hours_totals(void **state)
{
	struct fixture *f = fx_open();
	int64_t chen = 0, other = 0;
	json_t *v = NULL, *list = NULL;
	(void)state;
	assert_int_equal(reg(f, "陈志愿", GUNAN, NULL, &chen, NULL), 0);
	assert_int_equal(reg(f, "周志愿", GUNAN, NULL, &other, NULL), 0);
	record(f, GUNAN, "2025-12-31", "valid", chen, 90);
	record(f, GUNAN, "2026-01-01", "valid", chen, 100);
	record(f, GUNAN, "2026-06-01", "void", chen, 500);
	record(f, WENLONG, "2026-07-01", "valid", chen, 45);
	record(f, GUNAN, "2026-07-02", "valid", other, 30);

	assert_int_equal(volunteer_get(&f->ctx, chen, &v), 0);
	json_t *h = json_object_get(v, "hours");
	assert_int_equal(jsonv_int(h, "minutes", -1), 235);
	assert_int_equal(jsonv_int(h, "records", -1), 3);
	json_t *years = json_object_get(h, "years");
	assert_int_equal(json_array_size(years), 2);
	assert_int_equal(jsonv_int(json_array_get(years, 0), "year", 0), 2026);
	assert_int_equal(jsonv_int(json_array_get(years, 0), "minutes", 0), 145);
	assert_int_equal(jsonv_int(json_array_get(years, 1), "year", 0), 2025);
	assert_int_equal(jsonv_int(json_array_get(years, 1), "minutes", 0), 90);
	json_t *st = json_object_get(json_array_get(years, 0), "stations");
	assert_int_equal(json_array_size(st), 2);
	assert_int_equal(jsonv_int(json_array_get(st, 0), "id", 0), GUNAN);
	assert_int_equal(jsonv_int(json_array_get(st, 0), "minutes", 0), 100);
	assert_int_equal(jsonv_int(json_array_get(st, 1), "minutes", 0), 45);
	json_decref(v);

	/* the provider sees 古南 only (the station it operates) */
	as(f, ROLE_PROVIDER, PROVIDER);
	assert_int_equal(volunteer_get(&f->ctx, chen, &v), 0);
	assert_int_equal(jsonv_int(json_object_get(v, "hours"), "minutes", -1), 190);
	json_decref(v);

	/* a list's minutes: of the year, at the station */
	as(f, ROLE_CIVIL_AFFAIRS, QIJIANG);
	struct volunteer_filter flt = {.station_id = GUNAN};
	assert_int_equal(volunteer_period_make(&f->ctx, 2026, NULL, NULL, &flt.period), 0);
	assert_int_equal(volunteer_list(&f->ctx, &flt, 0, 50, &list), 0);
	json_t *items = json_object_get(list, "items");
	assert_int_equal(json_array_size(items), 2);
	assert_int_equal(jsonv_int(json_array_get(items, 0), "minutes", -1), 100);
	assert_int_equal(jsonv_int(json_array_get(items, 1), "minutes", -1), 30);
	assert_int_equal(jsonv_int(list, "total", -1), 2);
	json_decref(list);

	/* a station's hours by year */
	assert_int_equal(volunteer_station_hours(&f->ctx, GUNAN, &v), 0);
	assert_int_equal(jsonv_int(v, "minutes", -1), 220);
	assert_int_equal(jsonv_int(v, "records", -1), 3);
	assert_int_equal(jsonv_int(v, "volunteers", -1), 2);
	years = json_object_get(v, "years");
	assert_int_equal(json_array_size(years), 2);
	assert_int_equal(jsonv_int(json_array_get(years, 0), "minutes", 0), 130);
	assert_int_equal(jsonv_int(json_array_get(years, 0), "volunteers", 0), 2);
	json_decref(v);

	/* the services of 2026: the void one left out */
	struct volunteer_period p;
	assert_int_equal(volunteer_period_make(&f->ctx, 2026, NULL, NULL, &p), 0);
	assert_int_equal(volunteer_services(&f->ctx, chen, &p, 0, 0, 50, &v), 0);
	assert_int_equal(jsonv_int(v, "total", -1), 2);
	assert_int_equal(jsonv_int(v, "minutes", -1), 145);
	json_decref(v);
	fx_close(f);
}

/* ---- registration rules ---- */

static void test_same_person(void **state)
{
	struct fixture *f = fx_open();
	char idn[ID_NUMBER_LEN + 1], lower[ID_NUMBER_LEN + 1];
	int64_t a = 0, b = 0;
	bool existing = true;
	(void)state;
	make_id(idn, "50011019900101123");
	assert_int_equal(reg(f, "陈志愿", GUNAN, idn, &a, &existing), 0);
	assert_false(existing);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'volunteer.create'"),
			 1);
	/* the social worker of 古南 sees them: answered as they are */
	as(f, ROLE_SOCIAL_WORKER, GUNAN_SW);
	memcpy(lower, idn, sizeof idn);
	if (lower[17] == 'X')
		lower[17] = 'x';
	assert_int_equal(reg(f, "陈志愿", GUNAN, lower, &b, &existing), 0);
	assert_true(existing);
	assert_int_equal(b, a);
	/* the one of 文龙 does not: registered elsewhere, audited */
	as(f, ROLE_SOCIAL_WORKER, WENLONG_SW);
	assert_int_equal(reg(f, "陈志愿", WENLONG, idn, &b, &existing), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "id_number");
	assert_null(strstr(f->ctx.err.msg, "古南"));
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM volunteers"), 1);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'volunteer.registered_elsewhere'"),
			 1);
	/* five in the hour, and the lookup is refused */
	for (int i = 0; i < 4; i++)
		assert_int_equal(reg(f, "陈志愿", WENLONG, idn, &b, NULL), SG_ECONFLICT);
	assert_int_equal(reg(f, "陈志愿", WENLONG, idn, &b, NULL), SG_ELOCKED);
	assert_int_equal(f->ctx.err.retry_after, 3600);
	/* the stored values are ciphertexts and masks */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM volunteers WHERE"
					  " length(id_number_enc) = 47 AND id_number_mask LIKE"
					  " '500110********%' AND length(id_number_index) = 64"),
			 1);
	fx_close(f);
}

static void test_rules(void **state)
{
	struct fixture *f = fx_open();
	char idn[ID_NUMBER_LEN + 1];
	json_t *out = NULL;
	bool ex = false;
	int64_t id = 0;
	(void)state;
	make_id(idn, "50011019900101123");
	idn[17] = idn[17] == '0' ? '1' : '0';
	assert_int_equal(reg(f, "错号", 0, idn, &id, NULL), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "id_number");
	struct volunteer_fields phone = {
	    .name = "电话", .phone = "139-8765-0731", .division_code = "500110001"};
	assert_int_equal(volunteer_register(&f->ctx, &phone, &ex, &out), 0);
	assert_string_equal(jsonv_str(out, "phone", ""), "139****0731");
	json_decref(out);
	static const char *const bad_phones[] = {"12345", "23912345678", "1391234567a",
						 "1234567890123456", "电话号码"};
	for (size_t i = 0; i < sizeof bad_phones / sizeof bad_phones[0]; i++) {
		phone.phone = bad_phones[i];
		assert_int_equal(volunteer_register(&f->ctx, &phone, &ex, &out), SG_EINVAL);
		assert_string_equal(f->ctx.err.field, "phone");
	}
	struct volunteer_fields nameless = {.name = " ", .division_code = "500110001"};
	assert_int_equal(volunteer_register(&f->ctx, &nameless, &ex, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "name");
	/* the reach: 巴南 staff do not reach 古南 */
	as(f, ROLE_CIVIL_AFFAIRS, BANAN);
	assert_int_equal(reg(f, "越界", 0, NULL, &id, NULL), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");
	assert_int_equal(reg(f, "越界", GUNAN, NULL, &id, NULL), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "station_ids");
	/* a social worker names a station of theirs; the division defaults to it */
	as(f, ROLE_SOCIAL_WORKER, WENLONG_SW);
	assert_int_equal(reg(f, "无站", 0, NULL, &id, NULL), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "station_ids");
	assert_int_equal(reg(f, "文龙人", WENLONG, NULL, &id, NULL), 0);
	assert_int_equal(volunteer_get(&f->ctx, id, &out), 0);
	assert_string_equal(jsonv_str(out, "division_code", ""), "500110002");
	json_decref(out);
	/* a township staffer holds no volunteer.edit */
	fixture_actor(f, ROLE_TOWNSHIP, 99, "township");
	assert_int_equal(reg(f, "无权", GUNAN, NULL, &id, NULL), SG_EFORBIDDEN);
	fx_close(f);
}

/* Links: a station the actor sees; the last one through which they see
 * the volunteer stays; pairing with a worker they see. */
static void test_links(void **state)
{
	struct fixture *f = fx_open();
	json_t *out = NULL;
	int64_t id = 0;
	(void)state;
	as(f, ROLE_SOCIAL_WORKER, GUNAN_SW);
	assert_int_equal(reg(f, "陈志愿", GUNAN, NULL, &id, NULL), 0);
	assert_int_equal(volunteer_station_add(&f->ctx, id, WENLONG, NULL, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "station_id");
	assert_int_equal(volunteer_station_remove(&f->ctx, id, GUNAN, &out), SG_ECONFLICT);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM volunteer_stations"), 1);
	assert_int_equal(volunteer_pair_add(&f->ctx, id, OTHER_WORKER, NULL, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "worker_id");
	assert_int_equal(volunteer_pair_add(&f->ctx, id, WORKER, "2026-03-01", &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "workers")), 1);
	json_decref(out);
	assert_int_equal(volunteer_pair_add(&f->ctx, id, WORKER, NULL, &out), SG_ECONFLICT);
	/* civil affairs add 文龙: its social worker sees the volunteer now */
	as(f, ROLE_CIVIL_AFFAIRS, QIJIANG);
	assert_int_equal(volunteer_station_add(&f->ctx, id, WENLONG, NULL, &out), 0);
	json_decref(out);
	as(f, ROLE_SOCIAL_WORKER, WENLONG_SW);
	struct volunteer_ref ref;
	assert_int_equal(volunteer_ref_get(&f->ctx, id, "volunteer_id", &ref), 0);
	assert_int_equal(ref.id, id);
	/* 文龙's worker cannot see 古南: for them the volunteer does not serve it */
	assert_int_equal(volunteer_station_remove(&f->ctx, id, GUNAN, &out), SG_ENOTFOUND);
	/* 古南's worker would lose the volunteer: refused; civil affairs may */
	as(f, ROLE_SOCIAL_WORKER, GUNAN_SW);
	assert_int_equal(volunteer_station_remove(&f->ctx, id, GUNAN, &out), SG_ECONFLICT);
	as(f, ROLE_CIVIL_AFFAIRS, QIJIANG);
	assert_int_equal(volunteer_station_remove(&f->ctx, id, GUNAN, &out), 0);
	json_decref(out);
	as(f, ROLE_SOCIAL_WORKER, GUNAN_SW);
	assert_int_equal(volunteer_ref_get(&f->ctx, id, "volunteer_id", &ref), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "volunteer_id");
	assert_int_equal(ref.id, 0);
	fx_close(f);
}

static void test_unmask(void **state)
{
	struct fixture *f = fx_open();
	char idn[ID_NUMBER_LEN + 1];
	json_t *out = NULL;
	bool ex = false;
	(void)state;
	make_id(idn, "50011019900101123");
	json_t *st = json_pack("[i]", GUNAN);
	struct volunteer_fields v = {
	    .name = "陈志愿", .phone = "13987650731", .id_number = idn, .station_ids = st};
	assert_int_equal(volunteer_register(&f->ctx, &v, &ex, &out), 0);
	json_decref(st);
	int64_t id = id_of(out);
	as(f, ROLE_PROVIDER, PROVIDER);
	assert_int_equal(volunteer_unmask(&f->ctx, id, "联系", &out), SG_EFORBIDDEN);
	as(f, ROLE_SOCIAL_WORKER, GUNAN_SW);
	assert_int_equal(volunteer_unmask(&f->ctx, id, "x", &out), SG_EINVAL);
	assert_int_equal(volunteer_unmask(&f->ctx, id, "通知参加活动", &out), 0);
	assert_string_equal(jsonv_str(out, "phone", ""), "13987650731");
	assert_string_equal(jsonv_str(out, "id_number", ""), idn);
	json_decref(out);
	as(f, ROLE_SOCIAL_WORKER, WENLONG_SW);
	assert_int_equal(volunteer_unmask(&f->ctx, id, "通知参加活动", &out), SG_ENOTFOUND);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'volunteer.unmask' AND new_value LIKE '%通知参加活动%'"
					  " AND new_value NOT LIKE '%13987650731%'"),
			 1);
	fx_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hours_text),	 cmocka_unit_test(test_periods),
	    cmocka_unit_test(test_hours_totals), cmocka_unit_test(test_same_person),
	    cmocka_unit_test(test_rules),	 cmocka_unit_test(test_links),
	    cmocka_unit_test(test_unmask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
