/* test_addr.c — address lists with CIDR prefixes (http/addr.h), as
 * SHEGONG_METRICS_FROM uses them. */
#include "testlib.h"

#include "http/addr.h"

static addr_list *parse_ok(const char *text)
{
	addr_list *l = NULL;
	char bad[64] = "";
	assert_int_equal(addr_list_parse(&l, text, bad, sizeof bad), 0);
	return l;
}

static void test_exact_and_networks(void **state)
{
	(void)state;
	addr_list *l = parse_ok("192.0.2.7, 10.20.30.0/24,2001:db8::/32 ,172.16.0.0/12");
	assert_true(addr_list_match(l, "192.0.2.7"));
	assert_false(addr_list_match(l, "192.0.2.8"));
	assert_true(addr_list_match(l, "10.20.30.0"));
	assert_true(addr_list_match(l, "10.20.30.255"));
	assert_false(addr_list_match(l, "10.20.31.1"));
	assert_true(addr_list_match(l, "172.31.255.1"));
	assert_false(addr_list_match(l, "172.32.0.1"));
	assert_true(addr_list_match(l, "2001:db8:ffff::1"));
	assert_false(addr_list_match(l, "2001:db9::1"));
	/* families never mix */
	assert_false(addr_list_match(l, "::ffff:192.0.2.7"));
	assert_false(addr_list_match(l, "not-an-address"));
	assert_false(addr_list_match(l, "-"));
	assert_false(addr_list_match(NULL, "192.0.2.7"));
	addr_list_free(l);

	l = parse_ok("0.0.0.0/0");
	assert_true(addr_list_match(l, "203.0.113.9"));
	addr_list_free(l);
	l = parse_ok("10.1.2.3/31");
	assert_true(addr_list_match(l, "10.1.2.2"));
	assert_false(addr_list_match(l, "10.1.2.4"));
	addr_list_free(l);
}

static void test_bad_entries_are_named(void **state)
{
	(void)state;
	const char *bad_lists[] = {
	    "10.0.0.0/33", "10.0.0.1/",	 "10.0.0.1/x", "10.0.0.256", "192.0.2.7, example.org",
	    "::1/129",	   "10.0.0.0/-1"};
	for (size_t i = 0; i < sizeof bad_lists / sizeof bad_lists[0]; i++) {
		addr_list *l = NULL;
		char bad[64] = "";
		assert_int_equal(addr_list_parse(&l, bad_lists[i], bad, sizeof bad), -1);
		assert_null(l);
		assert_true(bad[0] != '\0');
	}
	addr_list *l = NULL;
	char bad[64];
	addr_list_parse(&l, "192.0.2.7, example.org", bad, sizeof bad);
	assert_string_equal(bad, "example.org");
	assert_int_equal(addr_list_parse(&l, " , ", bad, sizeof bad), 0);
	assert_null(l);
}

static void test_loopback(void **state)
{
	(void)state;
	assert_true(addr_is_loopback("127.0.0.1"));
	assert_true(addr_is_loopback("127.255.0.9"));
	assert_true(addr_is_loopback("::1"));
	assert_false(addr_is_loopback("128.0.0.1"));
	assert_false(addr_is_loopback("::2"));
	assert_false(addr_is_loopback("-"));
	assert_false(addr_is_loopback(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exact_and_networks),
	    cmocka_unit_test(test_bad_entries_are_named),
	    cmocka_unit_test(test_loopback),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
