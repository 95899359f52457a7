/* test_station.c — the station network (domain/station.h, R-NET-1..4,
 * R-TAL-1): a station's tier matches its division's level, a contract
 * needs an eligible provider, the working flag follows the readiness
 * checklist (ticks, staff, thresholds, status), coverage arithmetic, and
 * the scope of reads and writes (R-ROLE-1), on a migrated temporary
 * SQLite database. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/role.h"
#include "domain/coverage.h"
#include "domain/readiness.h"
#include "domain/station.h"
#include "domain/worker.h"
#include "fixture.h"

/* 7 civil affairs of 綦江区, 8 of 巴南区; 9 provider and 10 evaluator staff
 * of organisation 3; 11 a social worker without a scope row; 12 township
 * staff of 古南街道. */
enum { QIJIANG = 7, BANAN = 8, PROVIDER = 9, EVALUATOR = 10, WORKER = 11, GUNAN = 12 };

/* Organisation 3 is an eligible provider (national rules of 004); 4 is
 * on the dishonesty list; 5 is registered in 巴南区. */
static const char sql_orgs[] =
    "INSERT INTO orgs (id, type, name, uscc, division_code, business_scope, full_time_staff,"
    " qualified_social_workers, dishonest, tax_record_clean, social_insurance_clean,"
    " created_at, updated_at) VALUES"
    " (3, 'social_org', '綦江区社会工作服务中心', '52500110MJP000001A', '500110',"
    "  '社会工作服务', 5, 2, 0, 1, 1, 0, 0),"
    " (4, 'social_org', '失信社工机构', '52500110MJP000002B', '500110', '社会工作服务',"
    "  5, 2, 1, 1, 1, 0, 0),"
    " (5, 'social_org', '巴南区社工中心', '52500113MJP000003C', '500113', '社会工作服务',"
    "  5, 2, 0, 1, 1, 0, 0)";
static const char sql_documents[] =
    "INSERT INTO org_documents (org_id, kind, title, created_at) VALUES"
    " (3, 'governance', '章程', 0), (3, 'finance', '财务制度', 0),"
    " (4, 'governance', '章程', 0), (4, 'finance', '财务制度', 0),"
    " (5, 'governance', '章程', 0), (5, 'finance', '财务制度', 0)";

static struct fixture *fx_open(void)
{
	struct fixture *f = fixture_open("station");

	fixture_division(f, "50", "重庆市", NULL);
	fixture_division(f, "5001", "市辖区", "50");
	fixture_division(f, "500110", "綦江区", "5001");
	fixture_division(f, "500113", "巴南区", "5001");
	fixture_division(f, "500110001", "古南街道", "500110");
	fixture_division(f, "500110002", "文龙街道", "500110");
	fixture_division(f, "500113001", "龙洲湾街道", "500113");
	fixture_division(f, "500110001001", "沙溪社区", "500110001");
	fixture_division(f, "500110001002", "古南社区", "500110001");
	fixture_division(f, "500110002001", "綦江河村", "500110002");
	fixture_division(f, "500113001001", "龙洲湾社区", "500113001");
	fixture_user_with_scope(f, QIJIANG, "qijiang", "綦江民政", ROLE_CIVIL_AFFAIRS, "division",
				"500110");
	fixture_user_with_scope(f, BANAN, "banan", "巴南民政", ROLE_CIVIL_AFFAIRS, "division",
				"500113");
	fixture_user_with_scope(f, PROVIDER, "provider", "承接主体", ROLE_PROVIDER, "org", "3");
	fixture_user_with_scope(f, EVALUATOR, "evaluator", "评估机构", ROLE_EVALUATOR, "org", "3");
	fixture_user(f, WORKER, "worker", "社工", ROLE_SOCIAL_WORKER);
	fixture_user_with_scope(f, GUNAN, "gunan", "古南街道", ROLE_TOWNSHIP, "division",
				"500110001");
	fixture_exec(f, sql_orgs);
	fixture_exec(f, sql_documents);
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, QIJIANG, "qijiang");
	return f;
}

static int64_t id_of(const json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

static bool working_of(const json_t *o)
{
	return json_is_true(json_object_get(o, "working"));
}

/* The id of a checklist item of a tier. */
static int64_t item(struct fixture *f, const char *tier, const char *code)
{
	int64_t id = 0;
	assert_int_equal(db_one_int(f->ctx.db, &id,
				    "SELECT id FROM readiness_items WHERE tier = ? AND code = ?",
				    "tt", tier, code),
			 0);
	return id;
}

/* Creates a station (as the current actor); returns its id. */
static int64_t station(struct fixture *f, const char *division, const char *tier,
		       const char *status, int64_t operator_org_id)
{
	struct station_fields in = STATION_FIELDS_UNSET;
	json_t *out = NULL;
	in.division_code = division;
	in.tier = tier;
	in.name = "测试社工站";
	in.status = status;
	in.operator_org_id = operator_org_id;
	int rc = station_create(&f->ctx, &in, &out);
	if (rc)
		fprintf(stderr, "station_create: %s / %s\n", f->ctx.err.field, f->ctx.err.msg_en);
	assert_int_equal(rc, 0);
	int64_t id = id_of(out);
	json_decref(out);
	return id;
}

/* Registers a worker employed by org (as the current actor). */
static int64_t worker(struct fixture *f, const char *qualification, bool full_time, int64_t org)
{
	struct worker_new in = {.name = "张三",
				.qualification = qualification,
				.employer_org_id = org,
				.full_time = full_time};
	json_t *out = NULL;
	assert_int_equal(worker_create(&f->ctx, &in, &out), 0);
	int64_t id = id_of(out);
	json_decref(out);
	return id;
}

static void staff(struct fixture *f, int64_t st, int64_t w, const char *role)
{
	json_t *out = NULL;
	assert_int_equal(station_staff_add(&f->ctx, st, w, role, NULL, &out), 0);
	json_decref(out);
}

/* Ticks a flag item; returns the station's working flag afterwards. */
static bool tick(struct fixture *f, int64_t st, const char *tier, const char *code, bool met)
{
	json_t *out = NULL;
	assert_int_equal(readiness_tick(&f->ctx, st, item(f, tier, code), met, "已核实", &out), 0);
	bool w = working_of(out);
	json_decref(out);
	return w;
}

static bool stored_working(struct fixture *f, int64_t st)
{
	int64_t w = -1;
	assert_int_equal(
	    db_one_int(f->ctx.db, &w, "SELECT working FROM stations WHERE id = ?", "i", st), 0);
	return w == 1;
}

/* A working station: active, staffed (two full-time, one qualified),
 * every flag ticked. */
static int64_t working_station(struct fixture *f, const char *division, const char *tier)
{
	int64_t st = station(f, division, tier, "active", 0);
	staff(f, st, worker(f, "assistant", true, 3), NULL);
	staff(f, st, worker(f, NULL, true, 3), NULL);
	tick(f, st, tier, "site", true);
	tick(f, st, tier, "equipment", true);
	tick(f, st, tier, "rules", true);
	assert_true(tick(f, st, tier, "services", true));
	return st;
}

static void test_tier_and_operator(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	struct station_fields in = STATION_FIELDS_UNSET;
	json_t *out = NULL;

	/* seeded checklist: six items per tier, township minimums 2 and 1 */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM readiness_items"), 18);
	assert_int_equal(fixture_count(f, "SELECT threshold FROM readiness_items"
					  " WHERE tier = 'township' AND code = 'staff'"),
			 2);

	in.name = "古南街道社工站";
	in.division_code = "500110001";
	in.tier = "county"; /* a 9-digit division is a township */
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "division_code");
	assert_string_equal(f->ctx.err.rule, "R-NET-1");
	in.tier = "village";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "division_code");
	in.tier = "hamlet";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "tier");

	/* kind and demonstration belong to township stations */
	in.tier = "village";
	in.division_code = "500110001001";
	in.kind = "specialised";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "kind");
	in.kind = NULL;
	in.demonstration = 1;
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "demonstration");

	/* a township station: kind defaults to comprehensive, audited */
	in.tier = "township";
	in.division_code = "500110001";
	in.address = "古南街道沙溪路 1 号";
	in.opened_on = "2025-06-01";
	assert_int_equal(station_create(&f->ctx, &in, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "kind")), "comprehensive");
	assert_true(json_is_true(json_object_get(out, "demonstration")));
	assert_string_equal(json_string_value(json_object_get(out, "operation")), "self_operated");
	assert_true(json_is_null(json_object_get(out, "operator")));
	assert_string_equal(json_string_value(json_object_get(out, "division_name")), "古南街道");
	assert_int_equal(
	    json_array_size(json_object_get(json_object_get(out, "readiness"), "items")), 6);
	assert_false(working_of(out));
	int64_t id = id_of(out);
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'station.create'"), 1);

	/* contract: an operator is needed, and must be an eligible provider */
	in = (struct station_fields)STATION_FIELDS_UNSET;
	in.name = "文龙街道社工站";
	in.division_code = "500110002";
	in.tier = "township";
	in.operation = "contract";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "operator_org_id");
	in.operator_org_id = 4; /* dishonest */
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "operator_org_id");
	assert_string_equal(f->ctx.err.rule, "R-NET-2");
	in.operator_org_id = 999;
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "operator_org_id");
	in.operator_org_id = 3;
	assert_int_equal(station_create(&f->ctx, &in, &out), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "operator"), "id")), 3);
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'station.create'"), 2);

	/* a division outside the scope, or unknown: not found */
	in.division_code = "500113001";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");
	in.division_code = "500110009";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_ENOTFOUND);

	/* update: becoming self-operated drops the operator; the old and new
	 * values are audited; a bad status names the field */
	struct station_fields p = STATION_FIELDS_UNSET;
	p.status = "open";
	assert_int_equal(station_update(&f->ctx, id, &p, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "status");
	p.status = NULL;
	p.operator_org_id = 3;
	p.brand = "古南暖心";
	assert_int_equal(station_update(&f->ctx, id, &p, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "operation")), "contract");
	assert_string_equal(json_string_value(json_object_get(out, "brand")), "古南暖心");
	json_decref(out);
	p = (struct station_fields)STATION_FIELDS_UNSET;
	p.operation = "self_operated";
	assert_int_equal(station_update(&f->ctx, id, &p, &out), 0);
	assert_true(json_is_null(json_object_get(out, "operator")));
	assert_string_equal(json_string_value(json_object_get(out, "brand")), "古南暖心");
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'station.update'"
			     " AND old_value IS NOT NULL AND new_value IS NOT NULL"),
	    2);

	/* township staff read, but do not write */
	fixture_actor(f, ROLE_TOWNSHIP, GUNAN, "gunan");
	assert_int_equal(station_get(&f->ctx, id, &out), 0);
	json_decref(out);
	assert_int_equal(station_update(&f->ctx, id, &p, &out), SG_EFORBIDDEN);
	fixture_close(f);
}

static void test_working(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *out = NULL;

	int64_t st = station(f, "500110001", "township", "active", 0);
	int64_t w1 = worker(f, "intermediate", true, 3), w2 = worker(f, NULL, true, 3);
	int64_t part = worker(f, "senior", false, 3);
	assert_false(tick(f, st, "township", "site", true));
	assert_false(tick(f, st, "township", "equipment", true));
	assert_false(tick(f, st, "township", "rules", true));
	assert_false(tick(f, st, "township", "services", true));
	/* the flags pass, the staffing does not: one full-time worker */
	staff(f, st, w1, "head");
	assert_false(stored_working(f, st));
	/* a part-time qualified worker does not count as full-time staff */
	staff(f, st, part, NULL);
	assert_false(stored_working(f, st));
	/* the second full-time worker completes the checklist */
	staff(f, st, w2, NULL);
	assert_true(stored_working(f, st));
	assert_int_equal(station_get(&f->ctx, st, &out), 0);
	json_t *items = json_object_get(json_object_get(out, "readiness"), "items");
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		assert_true(json_is_true(json_object_get(it, "passed")));
		if (strcmp(json_string_value(json_object_get(it, "code")), "staff") == 0)
			assert_int_equal(json_integer_value(json_object_get(it, "actual")), 2);
		if (strcmp(json_string_value(json_object_get(it, "code")), "qualified_staff") == 0)
			assert_int_equal(json_integer_value(json_object_get(it, "actual")), 2);
	}
	assert_true(json_is_true(json_object_get(json_object_get(out, "readiness"), "working")));
	assert_int_equal(json_array_size(json_object_get(out, "staff")), 3);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(out, "staff"), 0), "role")),
			    "head");
	json_decref(out);

	/* a second head, the same worker twice: conflicts */
	assert_int_equal(station_staff_add(&f->ctx, st, part, "head", NULL, &out), SG_ECONFLICT);
	assert_int_equal(station_staff_add(&f->ctx, st, w2, NULL, NULL, &out), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "worker_id");

	/* unticking one item, then ticking it again */
	assert_false(tick(f, st, "township", "rules", false));
	assert_true(tick(f, st, "township", "rules", true));
	/* a computed item or another tier's item cannot be ticked */
	assert_int_equal(
	    readiness_tick(&f->ctx, st, item(f, "township", "staff"), true, NULL, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "item_id");
	assert_int_equal(readiness_tick(&f->ctx, st, item(f, "village", "site"), true, NULL, &out),
			 SG_EINVAL);

	/* removing a full-time worker stops it; adding one back restarts it */
	assert_int_equal(station_staff_remove(&f->ctx, st, w2, &out), 0);
	assert_false(working_of(out));
	json_decref(out);
	assert_false(stored_working(f, st));
	assert_int_equal(station_staff_remove(&f->ctx, st, w2, &out), SG_ENOTFOUND);
	staff(f, st, w2, NULL);
	assert_true(stored_working(f, st));

	/* the checklist: only the administrator changes it; a threshold of 3
	 * stops every township station with two full-time staff, in the same
	 * transaction, and the audit entry says how many changed */
	struct readiness_item_patch p = {.threshold = 3};
	int64_t staff_item = item(f, "township", "staff");
	assert_int_equal(readiness_item_update(&f->ctx, staff_item, &p, &out), SG_EFORBIDDEN);
	fixture_actor(f, ROLE_ADMIN, 0, "admin");
	assert_int_equal(readiness_item_update(&f->ctx, staff_item, &p, &out), 0);
	assert_int_equal(json_integer_value(json_object_get(out, "threshold")), 3);
	json_decref(out);
	assert_false(stored_working(f, st));
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'readiness.item_update' AND new_value LIKE"
					  " '%\"stations_changed\":1%'"),
			 1);
	p.threshold = 2;
	assert_int_equal(readiness_item_update(&f->ctx, staff_item, &p, &out), 0);
	json_decref(out);
	assert_true(stored_working(f, st));
	/* a flag item has no threshold */
	assert_int_equal(readiness_item_update(&f->ctx, item(f, "township", "site"), &p, &out),
			 SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "threshold");
	/* names change without a threshold */
	struct readiness_item_patch names = {.name_zh = "有场地（不少于 60 平方米）",
					     .threshold = -1};
	assert_int_equal(readiness_item_update(&f->ctx, item(f, "township", "site"), &names, &out),
			 0);
	assert_true(json_is_null(json_object_get(out, "threshold")));
	json_decref(out);
	assert_true(stored_working(f, st));

	/* status: suspending stops it, reactivating restarts it */
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, QIJIANG, "qijiang");
	struct station_fields s = STATION_FIELDS_UNSET;
	s.status = "suspended";
	assert_int_equal(station_update(&f->ctx, st, &s, &out), 0);
	assert_false(working_of(out));
	json_decref(out);
	s.status = "active";
	assert_int_equal(station_update(&f->ctx, st, &s, &out), 0);
	assert_true(working_of(out));
	json_decref(out);

	/* the checklist lists six items per tier */
	assert_int_equal(readiness_items(&f->ctx, "village", &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 6);
	json_decref(out);
	assert_int_equal(readiness_items(&f->ctx, NULL, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 18);
	json_decref(out);
	assert_int_equal(readiness_items(&f->ctx, "hamlet", &out), SG_EINVAL);
	fixture_close(f);
}

static const json_t *child(const json_t *cov, const char *code)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(cov, "children"), i,
			   c) if (strcmp(json_string_value(json_object_get(c, "code")), code) ==
				  0) return c;
	return NULL;
}

static int64_t num(const json_t *o, const char *part, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(o, part), key));
}

static void test_coverage(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *cov = NULL;

	working_station(f, "500110001", "township");
	working_station(f, "500110001001", "village");
	/* a second working room in the same village counts once; a room that
	 * is not working and a county center do not count */
	working_station(f, "500110001001", "village");
	station(f, "500110002001", "village", "active", 0);
	station(f, "500110", "county", "active", 0);

	assert_int_equal(coverage_get(&f->ctx, "500110", &cov), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(cov, "division"), "level")),
	    "county");
	assert_int_equal(num(cov, "townships", "total"), 2);
	assert_int_equal(num(cov, "townships", "with_station"), 1);
	assert_true(json_real_value(json_object_get(json_object_get(cov, "townships"), "ratio")) ==
		    0.5);
	assert_int_equal(num(cov, "villages", "total"), 3);
	assert_int_equal(num(cov, "villages", "with_station"), 1);
	assert_true(json_real_value(json_object_get(json_object_get(cov, "villages"), "ratio")) ==
		    0.3333);
	assert_int_equal(json_array_size(json_object_get(cov, "children")), 2);
	const json_t *gunan = child(cov, "500110001"), *wenlong = child(cov, "500110002");
	assert_non_null(gunan);
	assert_non_null(wenlong);
	assert_int_equal(num(gunan, "townships", "with_station"), 1);
	assert_int_equal(num(gunan, "villages", "total"), 2);
	assert_int_equal(num(gunan, "villages", "with_station"), 1);
	assert_int_equal(num(wenlong, "townships", "with_station"), 0);
	assert_int_equal(num(wenlong, "villages", "total"), 1);
	json_t *mt = json_object_get(cov, "missing_townships");
	assert_int_equal(json_array_size(mt), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(mt, 0), "code")),
			    "500110002");
	assert_int_equal(num(cov, "missing_villages", "count"), 2);
	json_t *mv = json_object_get(json_object_get(cov, "missing_villages"), "items");
	assert_int_equal(json_array_size(mv), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(mv, 0), "code")),
			    "500110001002");
	json_decref(cov);

	/* a township: itself, and its villages as children */
	assert_int_equal(coverage_get(&f->ctx, "500110001", &cov), 0);
	assert_int_equal(num(cov, "townships", "total"), 1);
	assert_int_equal(num(cov, "townships", "with_station"), 1);
	assert_int_equal(num(cov, "villages", "total"), 2);
	assert_int_equal(json_array_size(json_object_get(cov, "children")), 2);
	json_decref(cov);

	/* the scope: civil affairs of 綦江 may not ask for 巴南 or 重庆市;
	 * the administrator may, and sees the two counties as children of
	 * the prefecture */
	assert_int_equal(coverage_get(&f->ctx, "500113", &cov), SG_ENOTFOUND);
	assert_int_equal(coverage_get(&f->ctx, "50", &cov), SG_ENOTFOUND);
	assert_int_equal(coverage_get(&f->ctx, "5x", &cov), SG_EINVAL);
	fixture_actor(f, ROLE_PROVIDER, PROVIDER, "provider");
	assert_int_equal(coverage_get(&f->ctx, "500110", &cov), SG_ENOTFOUND);
	fixture_actor(f, ROLE_ADMIN, 0, "admin");
	assert_int_equal(coverage_get(&f->ctx, "5001", &cov), 0);
	assert_int_equal(num(cov, "townships", "total"), 3);
	assert_int_equal(num(cov, "villages", "total"), 4);
	assert_int_equal(num(cov, "villages", "with_station"), 1);
	assert_non_null(child(cov, "500113"));
	assert_int_equal(num(child(cov, "500113"), "townships", "with_station"), 0);
	json_decref(cov);
	assert_int_equal(coverage_get(&f->ctx, "50", &cov), 0);
	assert_int_equal(json_array_size(json_object_get(cov, "children")), 1);
	json_decref(cov);
	/* a village: no children, ratio 0 or 1 */
	assert_int_equal(coverage_get(&f->ctx, "500110001001", &cov), 0);
	assert_int_equal(num(cov, "villages", "total"), 1);
	assert_int_equal(num(cov, "villages", "with_station"), 1);
	assert_true(json_is_null(json_object_get(json_object_get(cov, "townships"), "ratio")));
	assert_int_equal(json_array_size(json_object_get(cov, "children")), 0);
	json_decref(cov);
	fixture_close(f);
}

static void test_scope(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	struct station_filter all = {.working = -1};
	json_t *out = NULL;

	int64_t contracted = station(f, "500110001", "township", "active", 3);
	int64_t own = station(f, "500110002", "township", "planned", 0);
	int64_t w = worker(f, "assistant", true, 3);
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	json_decref(out);
	struct station_filter q = {.working = -1, .q = "社工站"};
	assert_int_equal(station_list(&f->ctx, &q, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	json_decref(out);
	q.q = "巴南";
	assert_int_equal(station_list(&f->ctx, &q, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	struct station_filter sub = {.working = -1, .division = "500110002", .status = "planned"};
	assert_int_equal(station_list(&f->ctx, &sub, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	assert_int_equal(id_of(json_array_get(json_object_get(out, "items"), 0)), own);
	json_decref(out);

	/* civil affairs of another county: nothing exists */
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, BANAN, "banan");
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	assert_int_equal(station_get(&f->ctx, contracted, &out), SG_ENOTFOUND);
	struct station_fields p = STATION_FIELDS_UNSET;
	p.name = "改";
	assert_int_equal(station_update(&f->ctx, contracted, &p, &out), SG_ENOTFOUND);
	assert_int_equal(station_staff_add(&f->ctx, contracted, w, NULL, NULL, &out), SG_ENOTFOUND);
	assert_int_equal(worker_get(&f->ctx, w, &out), SG_ENOTFOUND);
	assert_int_equal(worker_list(&f->ctx, 0, NULL, NULL, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	/* ... nor may it register a worker of an organisation outside it */
	struct worker_new nw = {.name = "李四", .employer_org_id = 3, .full_time = true};
	assert_int_equal(worker_create(&f->ctx, &nw, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "employer_org_id");

	/* the provider sees and manages the station it operates, only */
	fixture_actor(f, ROLE_PROVIDER, PROVIDER, "provider");
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	assert_int_equal(id_of(json_array_get(json_object_get(out, "items"), 0)), contracted);
	json_decref(out);
	assert_int_equal(station_get(&f->ctx, own, &out), SG_ENOTFOUND);
	assert_int_equal(station_staff_add(&f->ctx, own, w, NULL, NULL, &out), SG_ENOTFOUND);
	staff(f, contracted, w, NULL);
	assert_int_equal(
	    readiness_tick(&f->ctx, contracted, item(f, "township", "site"), true, NULL, &out), 0);
	json_decref(out);
	assert_int_equal(station_update(&f->ctx, contracted, &p, &out), SG_EFORBIDDEN);
	struct station_fields in = STATION_FIELDS_UNSET;
	in.division_code = "500110001001";
	in.tier = "village";
	in.name = "沙溪社区社工室";
	assert_int_equal(station_create(&f->ctx, &in, &out), SG_EFORBIDDEN);
	/* its workers: registered as its own employees, whatever it asks */
	nw.employer_org_id = 0;
	assert_int_equal(worker_create(&f->ctx, &nw, &out), 0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(out, "employer"), "id")), 3);
	json_decref(out);
	nw.employer_org_id = 5;
	assert_int_equal(worker_create(&f->ctx, &nw, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "employer_org_id");
	assert_int_equal(worker_list(&f->ctx, 0, NULL, NULL, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	json_decref(out);
	/* the audit entry of a worker carries no name */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action ="
					  " 'social_worker.create' AND (new_value LIKE '%张三%'"
					  " OR new_value LIKE '%李四%')"),
			 0);
	assert_int_equal(
	    fixture_count(f,
			  "SELECT COUNT(*) FROM audit_log WHERE action = 'social_worker.create'"),
	    2);

	/* an evaluator of the same organisation sees no station */
	fixture_actor(f, ROLE_EVALUATOR, EVALUATOR, "evaluator");
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
	json_decref(out);
	assert_int_equal(station_get(&f->ctx, contracted, &out), SG_ENOTFOUND);

	/* a social worker sees their station, read only */
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)own);
	assert_int_equal(
	    db_run(f->ctx.db,
		   "INSERT INTO user_scope (user_id, kind, ref) VALUES (11, 'station', ?)", "t",
		   ref),
	    0);
	fixture_actor(f, ROLE_SOCIAL_WORKER, WORKER, "worker");
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	assert_int_equal(station_get(&f->ctx, own, &out), 0);
	json_decref(out);
	assert_int_equal(
	    readiness_tick(&f->ctx, own, item(f, "township", "site"), true, NULL, &out),
	    SG_EFORBIDDEN);

	/* township staff of 古南 see the station there, and its worker */
	fixture_actor(f, ROLE_TOWNSHIP, GUNAN, "gunan");
	assert_int_equal(station_list(&f->ctx, &all, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	assert_int_equal(worker_get(&f->ctx, w, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "stations")), 1);
	json_decref(out);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tier_and_operator),
	    cmocka_unit_test(test_working),
	    cmocka_unit_test(test_coverage),
	    cmocka_unit_test(test_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
