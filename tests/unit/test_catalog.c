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
#include "store/migrate.h"

struct fx {
	char dir[64];
	char path[128];
	sg_ctx ctx;
};

static const char sql_divisions[] =
    "INSERT INTO divisions (code, name, level, parent_code) VALUES"
    " ('50', '重庆市', 0, NULL), ('5001', '市辖区', 1, '50'),"
    " ('500110', '綦江区', 2, '5001'), ('500113', '巴南区', 2, '5001'),"
    " ('64', '宁夏回族自治区', 0, NULL)";
static const char sql_user[] = "INSERT INTO users (id, username, display_name, role, password_hash,"
			       " password_changed_at, created_at, updated_at)"
			       " VALUES (7, 'qijiang', '綦江民政', 'civil_affairs', 'x', 0, 0, 0)";
static const char sql_scope[] =
    "INSERT INTO user_scope (user_id, kind, ref) VALUES (7, 'division', '500110')";

static struct fx *fx_open(void)
{
	struct fx *f = calloc(1, sizeof *f);
	sg_err err;

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/sg-unit-catalog-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	sg_err_clear(&err);
	assert_int_equal(db_open(&f->ctx.db, f->path, true, &err), 0);
	assert_int_equal(migrate_up(f->ctx.db, NULL, &err), 0);
	assert_int_equal(db_run(f->ctx.db, sql_divisions, NULL), 0);
	assert_int_equal(db_run(f->ctx.db, sql_user, NULL), 0);
	assert_int_equal(db_run(f->ctx.db, sql_scope, NULL), 0);
	f->ctx.arena = arena_new();
	f->ctx.now = INT64_C(1767225600000);
	f->ctx.actor = (sg_actor){
	    .username = "qijiang", .ip = "local", .user_id = 7, .role = ROLE_CIVIL_AFFAIRS};
	return f;
}

static void fx_close(struct fx *f)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	db_close(f->ctx.db);
	arena_free(f->ctx.arena);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
}

static int64_t count(struct fx *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_one_int(f->ctx.db, &n, sql, NULL), 0);
	return n;
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
	struct fx *f = fx_open();
	json_t *out;

	assert_int_equal(count(f, "SELECT COUNT(*) FROM catalog_areas"), 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM catalog_items"), 30);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM catalog_items WHERE division_code IS NULL"),
			 30);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM target_groups"), 8);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM negative_list"), 4);

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
	assert_int_equal(json_array_size(nl), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(nl, 0), "clause")),
			    "财政部令第102号《政府购买服务管理办法》第十条");
	json_decref(out);
	fx_close(f);
}

static void test_scope(void **state)
{
	(void)state;
	struct fx *f = fx_open();
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
	    count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_create'"), 1);
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
	    count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_update'"), 1);
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
	    count(f, "SELECT COUNT(*) FROM audit_log WHERE action = 'catalog.item_update'"), 2);
	fx_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_seed),
	    cmocka_unit_test(test_scope),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
