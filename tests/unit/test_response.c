/* test_response.c — turning an SG_E* code into a status and the error
 * body (http/response.c): the status follows the code the handler returned,
 * not what it may or may not have written into err. */
#include "testlib.h"

#include <jansson.h>

#include "http/response.h"

static sg_arena *arena;

static sg_req *new_req(void)
{
	arena = arena_new();
	sg_req *r = arena_zalloc(arena, sizeof *r);
	r->ctx.arena = arena;
	memcpy(r->request_id, "0123456789abcdef", 17);
	return r;
}

static void free_req(sg_req *r)
{
	json_decref(r->reply);
	arena_free(arena);
}

static const char *error_field(sg_req *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(r->reply, "error"), key));
}

/* issue 8: a busy database answers 503 even when nothing filled err. */
static void test_busy_without_message_is_503(void **state)
{
	(void)state;
	sg_req *r = new_req();
	sg_err err = {0};
	response_error(r, SG_EBUSY, &err);
	assert_int_equal(r->status, 503);
	assert_string_equal(error_field(r, "code"), "unavailable");
	assert_string_equal(error_field(r, "message_en"), "the service is busy: try again shortly");
	assert_true(response_error_is_empty(SG_EBUSY, &err));
	free_req(r);
}

/* The status is the returned code's; err of another code is not shown. */
static void test_status_follows_the_returned_code(void **state)
{
	(void)state;
	sg_req *r = new_req();
	sg_err err = {0};
	sg_err_set(&err, SG_EINVAL, "name", "R-ORG-1", "名称无效", "the name is not valid");
	response_error(r, SG_ENOTFOUND, &err);
	assert_int_equal(r->status, 404);
	assert_string_equal(error_field(r, "code"), "not_found");
	assert_string_equal(error_field(r, "field"), "");
	assert_string_equal(error_field(r, "message_en"), "no such object");
	assert_true(response_error_is_empty(SG_ENOTFOUND, &err));
	free_req(r);

	r = new_req();
	response_error(r, SG_EINVAL, &err);
	assert_int_equal(r->status, 400);
	assert_string_equal(error_field(r, "field"), "name");
	assert_string_equal(error_field(r, "rule"), "R-ORG-1");
	assert_string_equal(error_field(r, "message"), "名称无效");
	assert_false(response_error_is_empty(SG_EINVAL, &err));
	free_req(r);
}

/* A 500 or 503 never shows the internal message; a code outside SG_E* is 500. */
static void test_internal_messages_stay_inside(void **state)
{
	(void)state;
	sg_req *r = new_req();
	sg_err err = {0};
	sg_err_set(&err, SG_EINTERNAL, "db", NULL, "SQLITE_CORRUPT at /var/lib", "disk image");
	response_error(r, SG_EINTERNAL, &err);
	assert_int_equal(r->status, 500);
	assert_string_equal(error_field(r, "message_en"), "internal server error");
	assert_string_equal(error_field(r, "field"), "");
	free_req(r);

	r = new_req();
	response_error(r, -1000, &err);
	assert_int_equal(r->status, 500);
	assert_string_equal(error_field(r, "code"), "internal");
	free_req(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_busy_without_message_is_503),
	    cmocka_unit_test(test_status_follows_the_returned_code),
	    cmocka_unit_test(test_internal_messages_stay_inside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
