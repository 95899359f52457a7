/* test_jsonv.c — request bodies: parsing and declared fields
 * (base/jsonv.h, SECURITY.md "Input", R-IO-1). */
#include "testlib.h"

#include <stdlib.h>

#include "base/jsonv.h"

/* Parse a literal body (its length taken from the literal, so NUL bytes
 * inside count) and expect it refused without echoing any of it. */
static void expect_body_refused(const char *body, size_t len, const char *marker)
{
	json_t *v = (json_t *)1;
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(jsonv_parse_object(body, len, &v, &err), SG_EINVAL);
	assert_null(v);
	assert_int_equal(err.code, SG_EINVAL);
	assert_string_equal(err.field, "");
	assert_string_equal(err.rule, "R-IO-1");
	assert_true(err.msg[0] != '\0');
	assert_true(err.msg_en[0] != '\0');
	if (marker) {
		assert_null(strstr(err.msg, marker));
		assert_null(strstr(err.msg_en, marker));
	}
}

#define REFUSED(lit, marker) expect_body_refused(lit, sizeof(lit) - 1, marker)

static void test_parse_ok(void **state)
{
	static const char body[] = "{\"name\":\"张三\",\"n\":1,\"ok\":true,\"a\":[1,{}],\"o\":{}}";
	json_t *v = NULL;
	sg_err err;

	(void)state;
	sg_err_clear(&err);
	assert_int_equal(jsonv_parse_object(body, sizeof body - 1, &v, &err), 0);
	assert_true(json_is_object(v));
	assert_string_equal(jsonv_str(v, "name", NULL), "张三");
	json_decref(v);
	/* the body need not be NUL-terminated: only len bytes are read */
	assert_int_equal(jsonv_parse_object("{}garbage", 2, &v, &err), 0);
	assert_int_equal(json_object_size(v), 0);
	json_decref(v);
	/* extension B characters and the middle dot round-trip */
	static const char ext[] = "{\"name\":\"𠀀·𪚥\"}";
	assert_int_equal(jsonv_parse_object(ext, sizeof ext - 1, &v, &err), 0);
	assert_string_equal(jsonv_str(v, "name", NULL), "𠀀·𪚥");
	json_decref(v);
}

static void test_parse_invalid_utf8(void **state)
{
	(void)state;
	REFUSED("{\"name\":\"\xff\"}", NULL);
	REFUSED("{\"name\":\"\xc0\xaf\"}", NULL);	  /* overlong '/' */
	REFUSED("{\"name\":\"\xed\xa0\x80\"}", NULL);	  /* surrogate */
	REFUSED("{\"name\":\"\xf4\x90\x80\x80\"}", NULL); /* above U+10FFFF */
	REFUSED("{\"name\":\"\xe5\xbc\"}", NULL);	  /* truncated */
	REFUSED("{\"na\xffme\":1}", NULL);		  /* in a key */
	REFUSED("{\"a\":1}\xff", NULL);			  /* after the object */
	REFUSED("{\"a\":\"x\0y\"}", NULL);		  /* a raw NUL byte */
}

static void test_parse_not_object(void **state)
{
	(void)state;
	REFUSED("[]", NULL);
	REFUSED("[{\"a\":1}]", NULL);
	REFUSED("\"a string\"", NULL);
	REFUSED("42", NULL);
	REFUSED("true", NULL);
	REFUSED("null", NULL);
}

static void test_parse_duplicate_keys(void **state)
{
	(void)state;
	REFUSED("{\"role\":\"provider\",\"role\":\"admin\"}", "admin");
	REFUSED("{\"a\":{\"b\":1,\"b\":2}}", NULL);
	/* keys equal after unescaping are duplicates too */
	REFUSED("{\"role\":1,\"r\\u006fle\":2}", NULL);
}

static void test_parse_bad_json(void **state)
{
	(void)state;
	REFUSED("", NULL);
	REFUSED("{", NULL);
	REFUSED("{\"password\":\"hunter2-secret\" oops}", "hunter2");
	REFUSED("{\"id_number\":\"110101199003070000\",}", "110101");
	REFUSED("{'a':1}", NULL);
	REFUSED("{\"a\":1} {\"b\":2}", NULL);
	REFUSED("{\"a\":01}", NULL);
	REFUSED("{\"a\":NaN}", NULL);
	REFUSED("{\"a\":\"\\u0000\"}", NULL);	/* escaped NUL */
	REFUSED("{\"a\":\"\\ud800\"}", NULL);	/* lone surrogate escape */
	REFUSED("{\"a\":\"tab\there\"}", NULL); /* raw control character */
	REFUSED("{\"a\":1}\x01", NULL);

	/* nesting far deeper than any real body is refused, not a crash */
	enum { DEPTH = 100000 };
	size_t len = 5 + 2 * DEPTH + 1;
	char *deep = malloc(len + 1);
	assert_non_null(deep);
	memcpy(deep, "{\"a\":", 5);
	memset(deep + 5, '[', DEPTH);
	memset(deep + 5 + DEPTH, ']', DEPTH);
	deep[len - 1] = '}';
	deep[len] = '\0';
	expect_body_refused(deep, len, NULL);
	free(deep);
}

/* What the tests below check bodies against. */
static const jsonv_field fields[] = {
    {"name", JV_STRING, true, 1, 4, NULL},   {"age", JV_INT, false, 0, 150, "R-TEST-1"},
    {"tags", JV_ARRAY, false, 1, 3, NULL},   {"active", JV_BOOL, false, 0, 0, NULL},
    {"meta", JV_OBJECT, false, 0, 0, NULL},  {"note", JV_STRING, false, 0, 0, NULL},
    {"delta", JV_INT, false, -10, -1, NULL},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* Check a JSON text; returns the code and leaves the error in *err. */
static int check(const char *text, sg_err *err)
{
	json_error_t jerr;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &jerr);
	if (!v)
		fail_msg("test body does not parse: %s", jerr.text);
	sg_err_clear(err);
	int rc = jsonv_check(v, fields, NFIELDS, err);
	json_decref(v);
	return rc;
}

static void ok(const char *text)
{
	sg_err err;
	if (check(text, &err) != 0)
		fail_msg("refused %s: field %s: %s", text, err.field, err.msg_en);
}

static void refused(const char *text, const char *field, const char *rule, const char *want_en)
{
	sg_err err;
	int rc = check(text, &err);
	if (rc != SG_EINVAL)
		fail_msg("accepted %s", text);
	assert_int_equal(err.code, SG_EINVAL);
	if (strcmp(err.field, field) != 0)
		fail_msg("%s: field \"%s\", want \"%s\"", text, err.field, field);
	assert_string_equal(err.rule, rule);
	assert_true(err.msg[0] != '\0');
	if (want_en && !strstr(err.msg_en, want_en))
		fail_msg("%s: message \"%s\" lacks \"%s\"", text, err.msg_en, want_en);
}

static void test_check_valid(void **state)
{
	(void)state;
	ok("{\"name\":\"ab\"}");
	ok("{\"name\":\"abcd\",\"age\":30,\"tags\":[1],\"active\":false,\"meta\":{},"
	   "\"note\":\"\",\"delta\":-5}");
	/* unbounded fields take any length */
	ok("{\"name\":\"a\",\"note\":\"a very long note that goes on and on and on and on\"}");
}

static void test_check_unknown_field(void **state)
{
	(void)state;
	refused("{\"name\":\"ab\",\"role\":\"admin\"}", "role", "R-IO-1", "not allowed");
	refused("{\"org_id\":3,\"name\":\"ab\"}", "org_id", "R-IO-1", "not allowed");
	/* field names are case-sensitive */
	refused("{\"Name\":\"ab\"}", "Name", "R-IO-1", "not allowed");
	/* a key that is not a short plain word is not repeated */
	refused("{\"name\":\"ab\",\"a b\":1}", "?", "R-IO-1", NULL);
	refused("{\"name\":\"ab\",\"角色\":1}", "?", "R-IO-1", NULL);
	refused("{\"name\":\"ab\",\"x\\r\\ninjected\":1}", "?", "R-IO-1", NULL);
	refused("{\"name\":\"ab\",\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":1}", "?",
		"R-IO-1", NULL); /* 49 characters */
	/* unknown fields are refused even with a value of null */
	refused("{\"name\":\"ab\",\"role\":null}", "role", "R-IO-1", NULL);
}

static void test_check_wrong_type(void **state)
{
	(void)state;
	refused("{\"name\":5}", "name", "R-IO-1", "must be a string");
	refused("{\"name\":[\"ab\"]}", "name", "R-IO-1", "must be a string");
	refused("{\"name\":\"ab\",\"age\":\"5\"}", "age", "R-TEST-1", "must be an integer");
	refused("{\"name\":\"ab\",\"age\":5.0}", "age", "R-TEST-1", "must be an integer");
	refused("{\"name\":\"ab\",\"age\":true}", "age", "R-TEST-1", "must be an integer");
	refused("{\"name\":\"ab\",\"active\":1}", "active", "R-IO-1", "must be a boolean");
	refused("{\"name\":\"ab\",\"active\":\"true\"}", "active", "R-IO-1", "must be a boolean");
	refused("{\"name\":\"ab\",\"tags\":{}}", "tags", "R-IO-1", "must be an array");
	refused("{\"name\":\"ab\",\"meta\":[]}", "meta", "R-IO-1", "must be an object");
	refused("{\"name\":\"ab\",\"meta\":\"{}\"}", "meta", "R-IO-1", "must be an object");
}

static void test_check_required(void **state)
{
	(void)state;
	refused("{}", "name", "R-IO-1", "required");
	refused("{\"age\":3}", "name", "R-IO-1", "required");
	/* null does not satisfy a required field */
	refused("{\"name\":null}", "name", "R-IO-1", NULL);
}

static void test_check_string_length_code_points(void **state)
{
	(void)state;
	refused("{\"name\":\"\"}", "name", "R-IO-1", "1 to 4 characters");
	ok("{\"name\":\"张\"}");
	ok("{\"name\":\"张三李四\"}"); /* 4 characters, 12 bytes */
	refused("{\"name\":\"张三李四王\"}", "name", "R-IO-1", "1 to 4 characters");
	ok("{\"name\":\"𠀀𠀁𠀂𠀃\"}"); /* 4 characters, 16 bytes */
	refused("{\"name\":\"𠀀𠀁𠀂𠀃𠀄\"}", "name", "R-IO-1", NULL);
	ok("{\"name\":\"a张𠀀·\"}");	     /* mixed widths */
	ok("{\"name\":\"\\u5f20\\u4e09\"}"); /* escapes count as what they encode */
	refused("{\"name\":\"abcde\"}", "name", "R-IO-1", NULL);
}

static void test_check_int_bounds(void **state)
{
	(void)state;
	refused("{\"name\":\"a\",\"age\":-1}", "age", "R-TEST-1", "between 0 and 150");
	ok("{\"name\":\"a\",\"age\":0}");
	ok("{\"name\":\"a\",\"age\":150}");
	refused("{\"name\":\"a\",\"age\":151}", "age", "R-TEST-1", "between 0 and 150");
	refused("{\"name\":\"a\",\"age\":9223372036854775807}", "age", "R-TEST-1", NULL);
	refused("{\"name\":\"a\",\"age\":-9223372036854775808}", "age", "R-TEST-1", NULL);
	/* negative ranges */
	ok("{\"name\":\"a\",\"delta\":-10}");
	ok("{\"name\":\"a\",\"delta\":-1}");
	refused("{\"name\":\"a\",\"delta\":0}", "delta", "R-IO-1", NULL);
	refused("{\"name\":\"a\",\"delta\":-11}", "delta", "R-IO-1", NULL);
}

static void test_check_array_bounds(void **state)
{
	(void)state;
	refused("{\"name\":\"a\",\"tags\":[]}", "tags", "R-IO-1", "1 to 3 items");
	ok("{\"name\":\"a\",\"tags\":[1]}");
	ok("{\"name\":\"a\",\"tags\":[1,\"x\",null]}");
	refused("{\"name\":\"a\",\"tags\":[1,2,3,4]}", "tags", "R-IO-1", "1 to 3 items");
}

static void test_check_null_optional(void **state)
{
	(void)state;
	ok("{\"name\":\"ab\",\"age\":null,\"tags\":null,\"active\":null,\"meta\":null,"
	   "\"note\":null,\"delta\":null}");
}

static void test_check_not_object(void **state)
{
	sg_err err;

	(void)state;
	assert_int_equal(check("[]", &err), SG_EINVAL);
	assert_string_equal(err.field, "");
	assert_string_equal(err.rule, "R-IO-1");
	assert_int_equal(check("\"x\"", &err), SG_EINVAL);
	sg_err_clear(&err);
	assert_int_equal(jsonv_check(NULL, fields, NFIELDS, &err), SG_EINVAL);
	/* err may be NULL */
	json_t *v = json_object();
	assert_int_equal(jsonv_check(v, fields, NFIELDS, NULL), SG_EINVAL);
	json_decref(v);
}

static void test_accessors(void **state)
{
	json_t *v = json_pack("{s:s,s:I,s:b,s:n,s:i}", "s", "text", "i", (json_int_t)-42, "b", 1,
			      "z", "big", 7);

	(void)state;
	assert_non_null(v);
	assert_string_equal(jsonv_str(v, "s", "d"), "text");
	assert_string_equal(jsonv_str(v, "i", "d"), "d"); /* wrong type: the default */
	assert_string_equal(jsonv_str(v, "missing", "d"), "d");
	assert_null(jsonv_str(v, "z", NULL));
	assert_int_equal(jsonv_int(v, "i", 0), -42);
	assert_int_equal(jsonv_int(v, "s", 9), 9);
	assert_int_equal(jsonv_int(v, "missing", 9), 9);
	assert_true(jsonv_bool(v, "b", false));
	assert_false(jsonv_bool(v, "missing", false));
	assert_true(jsonv_bool(v, "big", true)); /* an integer is not a boolean */
	assert_true(jsonv_has(v, "s"));
	assert_false(jsonv_has(v, "z")); /* null counts as absent */
	assert_false(jsonv_has(v, "missing"));
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_ok),
	    cmocka_unit_test(test_parse_invalid_utf8),
	    cmocka_unit_test(test_parse_not_object),
	    cmocka_unit_test(test_parse_duplicate_keys),
	    cmocka_unit_test(test_parse_bad_json),
	    cmocka_unit_test(test_check_valid),
	    cmocka_unit_test(test_check_unknown_field),
	    cmocka_unit_test(test_check_wrong_type),
	    cmocka_unit_test(test_check_required),
	    cmocka_unit_test(test_check_string_length_code_points),
	    cmocka_unit_test(test_check_int_bounds),
	    cmocka_unit_test(test_check_array_bounds),
	    cmocka_unit_test(test_check_null_optional),
	    cmocka_unit_test(test_check_not_object),
	    cmocka_unit_test(test_accessors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
