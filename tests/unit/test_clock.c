/* test_clock.c — clock_iso against the C library's calendar. */
#include "testlib.h"

#include <stdio.h>
#include <time.h>

#include "base/clock.h"

static void expect_like_libc(int64_t ms)
{
	char got[32], want[40];
	time_t secs = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;
	gmtime_r(&secs, &tm);
	strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(want + 19, sizeof want - 19, ".%03dZ", (int)(ms - (int64_t)secs * 1000));
	clock_iso(ms, got);
	assert_string_equal(got, want);
}

static void test_known_instants(void **state)
{
	(void)state;
	char out[32];
	clock_iso(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000Z");
	clock_iso(951782400123, out); /* a leap day */
	assert_string_equal(out, "2000-02-29T00:00:00.123Z");
	clock_iso(1795829272595, out);
	assert_string_equal(out, "2026-11-28T01:27:52.595Z");
	clock_iso(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59.999Z");
}

static void test_matches_libc(void **state)
{
	(void)state;
	/* every day boundary and noon from 1901 to 2200, and odd milliseconds */
	for (int64_t day = -25000; day < 84000; day += 1) {
		expect_like_libc(day * 86400000);
		expect_like_libc(day * 86400000 + 43200000 + 987);
		expect_like_libc(day * 86400000 - 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_instants),
	    cmocka_unit_test(test_matches_libc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
