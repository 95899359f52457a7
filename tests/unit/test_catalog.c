/* test_catalog.c — the service catalog (domain/catalog.h, R-CAT-1..3): the
 * seeded national defaults, the regional additions as seen per division
 * and year, and the scope of writes (civil affairs staff within their
 * division subtree; national items by an administrator only), on a
 * migrated temporary SQLite database. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/catalog.h"
#include "domain/role.h"
#include "fixture.h"

static struct fixture *fx_open(void)
{
	struct fixture *f = fixture_open("catalog");

	fixture_division(f, "50", "重庆市", NULL);
	fixture_division(f, "5001", "市辖区", "50");
	fixture_division(f, "500110", "綦江区", "5001");
	fixture_division(f, "500113", "巴南区", "5001");
	fixture_division(f, "64", "宁夏回族自治区", NULL);
	fixture_user_with_scope(f, 7, "qijiang", "綦江民政", ROLE_CIVIL_AFFAIRS, "division",
				"500110");
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, 7, "qijiang");
	return f;
}

/* The number of items of all areas of a catalog. */
static size_t items_of(const json_t *cat)
{
	size_t i, n = 0;
	json_t *a;
	json_array_foreach(json_object_get(cat, "areas"), i, a) n +=
	    json_array_size(json_object_get(a, "items"));
	return n;
}

static void test_seed(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	json_t *out;

	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM catalog_areas"), 5);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM catalog_items"), 30);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM catalog_items WHERE division_code IS NULL"), 30);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM target_groups"), 8);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM negative_list"),
			 6); /* MOF Order No. 102 art. 10, all six points */

	assert_int_equal(catalog_get(&f->ctx, NULL, 0, &out), 0);
	json_t *areas = json_object_get(out, "areas");
	assert_int_equal(json_array_size(areas), 5);
	assert_string_equal(json_string_value(json_object_get(json_array_get(areas, 0), "code")),
			    "social_assistance");
	assert_int_equal(items_of(out), 30);
	json_decref(out);

	assert_int_equal(catalog_target_groups(&f->ctx, &out), 0);
	json_t *tg = json_object_get(out, "items");
	assert_int_equal(json_array_size(tg), 8);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tg, 0), "code")),
			    "dibao");
	assert_string_equal(json_string_value(json_object_get(json_array_get(tg, 2), "code")),
			    "elderly");
	json_decref(out);

	assert_int_equal(catalog_negative_list(&f->ctx, &out), 0);
	json_t *nl = json_object_get(out, "items");
	assert_int_equal(json_array_size(nl), 6);
	assert_string_equal(json_string_value(json_object_get(json_array_get(nl, 0), "clause")),
			    "《政府购买服务管理办法》（财政部令第102号）第十条第（一）项");
	json_decref(out);
	fixture_close(f);
}

static void test_scope(void **state)
{
	(void)state;
	struct fixture *f = fx_open();
	struct catalog_item_new in = {.area_code = "elderly_services",
				      .code = "meal_help",
				      .name_zh = "助餐服务",
				      .name_en = "Meal help",
				      .division_code = "500110",
				      .year = 2026};
	json_t *out = NULL;

	/* in scope: added, audited, seen in the catalog of the division and of
	 * that year, not in another division's nor in another year's */
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), 0);
	int64_t id = json_integer_value(json_object_get(out, "id"));
	assert_string_equal(json_string_value(json_object_get(out, "division_code")), "500110");
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_create'"),
	    1);
	assert_int_equal(catalog_get(&f->ctx, "500110", 2026, &out), 0);
	assert_int_equal(items_of(out), 31);
	json_decref(out);
	assert_int_equal(catalog_get(&f->ctx, "500110", 2025, &out), 0);
	assert_int_equal(items_of(out), 30);
	json_decref(out);
	assert_int_equal(catalog_get(&f->ctx, "500113", 2026, &out), 0);
	assert_int_equal(items_of(out), 30);
	json_decref(out);
	assert_int_equal(catalog_get(&f->ctx, NULL, 0, &out), 0);
	assert_int_equal(items_of(out), 31);
	json_decref(out);

	/* the same code again for that division and year: a conflict */
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "code");

	/* outside the scope: not found; national: forbidden */
	in.division_code = "500113";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.field, "division_code");
	in.division_code = NULL;
	in.year = 0;
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), SG_EFORBIDDEN);

	/* bad input names the field */
	in.division_code = "500110";
	in.code = "Bad Code";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "code");
	assert_string_equal(f->ctx.err.rule, "R-CAT-1");
	in.code = "meal_help2";
	in.area_code = "nope";
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_add(&f->ctx, &in, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "area_code");

	/* update: own addition yes, a national item no (403), another
	 * region's addition not found */
	struct catalog_item_patch p = {.name_zh = "老年助餐", .position = 3};
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_update(&f->ctx, id, &p, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "name_zh")), "老年助餐");
	assert_string_equal(json_string_value(json_object_get(out, "name_en")), "Meal help");
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_update'"),
	    1);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_update(&f->ctx, 1, &p, &out), SG_EFORBIDDEN);
	assert_int_equal(db_run(f->ctx.db,
				"UPDATE catalog_items SET division_code = '500113' WHERE id = ?",
				"i", id),
			 0);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_update(&f->ctx, id, &p, &out), SG_ENOTFOUND);

	/* an administrator changes national items */
	f->ctx.actor.role = ROLE_ADMIN;
	sg_err_clear(&f->ctx.err);
	assert_int_equal(catalog_item_update(&f->ctx, 1, &p, &out), 0);
	json_decref(out);
	assert_int_equal(
	    fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_update'"),
	    2);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed),
	    cmocka_unit_test(test_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
