/* test_row.c — column tables with data classes (domain/row.h), the
 * allowed-value tables and checks (domain/enums.h, domain/check.h): one
 * declaration gives the select list, the numbers and the rendering; a
 * sensitive column renders masked; the public projection holds public
 * columns only; audit entries lose personal and sensitive members; an
 * enum's refusal never writes past its message, however long the list. */
#include "testlib.h"

#include <string.h>

#include "domain/audit.h"
#include "domain/check.h"
#include "domain/enums.h"
#include "domain/role.h"
#include "domain/row.h"
#include "fixture.h"

#define PERSON_COLUMNS(X)                                                                          \
	X(P_ID, "p.id", "id", COL_INT, DC_PUBLIC)                                                  \
	X(P_NAME, "p.name", "name", COL_TEXT, DC_PERSONAL)                                         \
	X(P_ID_NUMBER, "p.id_number", "id_number", COL_MASKED_ID, DC_SENSITIVE)                    \
	X(P_PHONE, "p.phone", "phone", COL_MASKED_PHONE, DC_SENSITIVE)                             \
	X(P_NOTE, "p.note", "note", COL_TEXT, DC_INTERNAL)                                         \
	X(P_SEEN, "p.seen", "seen", COL_BOOL, DC_PUBLIC)                                           \
	X(P_KEY, "p.secret_key", NULL, COL_HIDDEN, DC_SENSITIVE)
enum { P__FIRST, PERSON_COLUMNS(COLUMN_ENUM) P__MAX };
static const struct col_table person_table = COLUMNS_TABLE("person", PERSON_COLUMNS, P__MAX);
static const char sql_get[] = "SELECT " COLUMNS_SELECT(PERSON_COLUMNS) " FROM people p";

static struct fixture *open_people(void)
{
	struct fixture *f = fixture_open("row");
	fixture_exec(f, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, id_number TEXT,"
			" phone TEXT, note TEXT, seen INTEGER, secret_key TEXT)");
	fixture_exec(f, "INSERT INTO people VALUES (1, '张晓红', '500110198503154271',"
			" '13812345678', '随访', 1, 'k')");
	return f;
}

static void test_one_declaration(void **state)
{
	(void)state;
	assert_int_equal(P_ID, 1); /* column 0 is the leading constant */
	assert_int_equal(person_table.n, P__MAX);
	assert_string_equal(sql_get, "SELECT 1, p.id, p.name, p.id_number, p.phone, p.note, p.seen,"
				     " p.secret_key FROM people p");
	assert_int_equal(row_class_of(&person_table, "phone"), DC_SENSITIVE);
	assert_int_equal(row_class_of(&person_table, "nested"), DC_PUBLIC);
	assert_string_equal(row_class_name(DC_PERSONAL), "personal");
}

static void test_render_masks_and_projects(void **state)
{
	(void)state;
	struct fixture *f = open_people();
	db_stmt *s;
	assert_int_equal(db_query(f->ctx.db, &s, sql_get, NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	json_t *all = row_object(s, &person_table, 0);
	json_t *pub = row_object(s, &person_table, ROW_PUBLIC);
	db_reset(s);
	assert_string_equal(json_string_value(json_object_get(all, "name")), "张晓红");
	assert_string_equal(json_string_value(json_object_get(all, "id_number")),
			    "500110********4271");
	assert_string_equal(json_string_value(json_object_get(all, "phone")), "138****5678");
	assert_true(json_is_true(json_object_get(all, "seen")));
	assert_null(json_object_get(all, "secret_key"));
	/* the public projection: public columns only */
	assert_int_equal(json_object_size(pub), 2);
	assert_non_null(json_object_get(pub, "id"));
	assert_non_null(json_object_get(pub, "seen"));
	char *text = json_dumps(all, 0);
	assert_null(strstr(text, "198503154271"));
	assert_null(strstr(text, "12345678"));
	free(text);
	json_decref(all);
	json_decref(pub);
	fixture_close(f);
}

static void test_audit_redacts_by_class(void **state)
{
	(void)state;
	struct fixture *f = open_people();
	json_t *v =
	    json_pack("{s:i,s:s,s:s,s:s,s:s,s:s}", "id", 1, "name", "张晓红", "phone",
		      "13812345678", "note", "随访", "password", "hunter2-secret", "label", "条目");
	assert_int_equal(
	    audit_append_row(&f->ctx, "person.update", &person_table, "1", NULL, v, AUDIT_OK), 0);
	json_decref(v);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE object_type = "
					  "'person' AND new_value LIKE '%张晓红%'"),
			 0);
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE new_value LIKE "
					  "'%13812345678%' OR new_value LIKE '%hunter2%'"),
			 0);
	/* internal and public members, and members no column declares, stay */
	assert_int_equal(fixture_count(f, "SELECT COUNT(*) FROM audit_log WHERE new_value LIKE "
					  "'%随访%' AND new_value LIKE '%条目%'"),
			 1);
	fixture_close(f);
}

static void test_enums_and_checks(void **state)
{
	(void)state;
	struct fixture *f = fixture_open("enum");
	static const struct enum_value few[] = {{"a", "甲", "A"}, {"b", "乙", "B"}};
	static const struct enum_def small = ENUM_DEF("t.small", few);
	assert_int_equal(enum_index(&small, "b"), 1);
	assert_int_equal(enum_index(&small, NULL), -1);
	assert_string_equal(enum_zh(&small, "a"), "甲");
	assert_string_equal(enum_zh(&small, "zz"), "zz");
	assert_int_equal(check_enum(&f->ctx, "kind", "R-X", "b", &small), 0);
	assert_int_equal(check_enum(&f->ctx, "kind", "R-X", "c", &small), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "kind");
	assert_non_null(strstr(f->ctx.err.msg, "“甲”、“乙”"));
	assert_non_null(strstr(f->ctx.err.msg_en, "a, b"));
	/* a list far longer than a message: cut, never written past the end
	 * (ASan watches; the old one_of wrapped past 127 bytes) */
	static struct enum_value many[60];
	for (int i = 0; i < 60; i++)
		many[i] = (struct enum_value){"procurement_method_value", "公开招标方式采购", "x"};
	const struct enum_def big = {"t.big", many, 60};
	assert_int_equal(check_enum(&f->ctx, "method", "R-X", "none", &big), SG_EINVAL);
	assert_true(strlen(f->ctx.err.msg) < sizeof f->ctx.err.msg);
	assert_true(strlen(f->ctx.err.msg_en) < sizeof f->ctx.err.msg_en);
	assert_int_equal(check_money(&f->ctx, "amount", "R-X", -1, 100), SG_EINVAL);
	assert_int_equal(check_money(&f->ctx, "amount", "R-X", 100, 100), 0);
	assert_int_equal(check_date(&f->ctx, "on", "R-X", "2026-02-30"), SG_EINVAL);
	assert_int_equal(check_date(&f->ctx, "on", "R-X", ""), 0);
	assert_int_equal(check_required(&f->ctx, "name", "R-X", " \t"), SG_EINVAL);
	/* a division outside the scope reads as one that does not exist */
	fixture_division(f, "50", "重庆市", NULL);
	fixture_user_with_scope(f, 9, "c", "c", ROLE_CIVIL_AFFAIRS, "division", "11");
	fixture_actor(f, ROLE_CIVIL_AFFAIRS, 9, "c");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(check_division_in_scope(&f->ctx, "division_code", "50"), SG_ENOTFOUND);
	char outside[sizeof f->ctx.err.msg];
	snprintf(outside, sizeof outside, "%s", f->ctx.err.msg);
	assert_int_equal(check_division_in_scope(&f->ctx, "division_code", "51"), SG_ENOTFOUND);
	assert_string_equal(f->ctx.err.msg, outside);
	fixture_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_declaration),
	    cmocka_unit_test(test_render_masks_and_projects),
	    cmocka_unit_test(test_audit_redacts_by_class),
	    cmocka_unit_test(test_enums_and_checks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
