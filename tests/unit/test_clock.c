/* test_clock.c — clock_iso and clock_year against the C library's calendar,
 * and clock_date_valid on dates "YYYY-MM-DD". */
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

static void test_year(void **state)
{
	(void)state;
	assert_int_equal(clock_year(0), 1970);
	assert_int_equal(clock_year(-1), 1969);
	assert_int_equal(clock_year(INT64_C(1767225600000)), 2026); /* 2026-01-01T00:00Z */
	assert_int_equal(clock_year(INT64_C(1767225599999)), 2025);
	assert_int_equal(clock_year(INT64_C(951782400123)), 2000); /* 2000-02-29 */
	assert_int_equal(clock_yyyymmdd(INT64_C(951782400123)), 20000229);
	assert_int_equal(clock_yyyymmdd(INT64_C(1767225599999)), 20251231);
	assert_int_equal(clock_yyyymmdd(-1), 19691231);
	assert_int_equal(clock_year(INT64_C(978307199999)), 2000); /* 2000-12-31T23:59:59.999Z */
	assert_int_equal(clock_year(INT64_C(978307200000)), 2001);
	assert_int_equal(clock_year(INT64_C(-2208988800000)), 1900); /* 1900-01-01T00:00Z */
	assert_int_equal(clock_year(INT64_C(-2208988800001)), 1899);
	assert_int_equal(clock_year(INT64_C(4102444800000)), 2100); /* 2100-01-01T00:00Z */
	assert_int_equal(clock_year(INT64_C(4133980799999)), 2100); /* 2100-12-31T23:59:59.999Z */
	assert_int_equal(clock_year(INT64_C(4133980800000)), 2101);
	/* the first and last millisecond of every day from 1901 to 2200 */
	for (int64_t day = -25000; day < 84000; day++) {
		const int64_t ms[] = {day * 86400000, day * 86400000 - 1};
		for (int i = 0; i < 2; i++) {
			time_t secs = (time_t)(ms[i] >= 0 ? ms[i] / 1000 : (ms[i] - 999) / 1000);
			struct tm tm;
			gmtime_r(&secs, &tm);
			assert_int_equal(clock_year(ms[i]), tm.tm_year + 1900);
		}
	}
}

static void test_date_valid_known(void **state)
{
	(void)state;
	static const char *const valid[] = {
	    "2024-02-29", "2000-02-29", "1904-02-29", "2096-02-29", "1900-01-01", "1900-02-28",
	    "2100-12-31", "2100-02-28", "2023-12-31", "1999-01-31", "2026-04-30", "2015-06-01",
	};
	static const char *const invalid[] = {
	    /* leap years: divisible by 4, but by 100 only when by 400 */
	    "1900-02-29",
	    "2100-02-29",
	    "2023-02-29",
	    "2024-02-30",
	    "2000-02-30",
	    /* outside 1900..2100 */
	    "1899-12-31",
	    "2101-01-01",
	    "0000-01-01",
	    "9999-12-31",
	    /* months and days */
	    "2024-04-31",
	    "2024-06-31",
	    "2024-09-31",
	    "2024-11-31",
	    "2024-00-10",
	    "2024-13-01",
	    "2024-01-00",
	    "2024-01-32",
	    "2024-12-32",
	    "2024-99-99",
	    /* separators and widths */
	    "2024/01/01",
	    "2024-01/01",
	    "2024/01-01",
	    "2024.01.01",
	    "2024_01_01",
	    "20240101",
	    "2024-1-01",
	    "2024-01-1",
	    "24-01-01",
	    "02024-01-01",
	    "2024--01-01",
	    "2024-01--1",
	    "2024-+1-01",
	    "+024-01-01",
	    "-024-01-01",
	    "2024-0a-01",
	    "2024-01-0a",
	    "２０２４-01-01",
	    /* trailing or leading characters, truncation */
	    "2024-01-01 ",
	    "2024-01-01T00:00",
	    "2024-01-01Z",
	    "2024-01-011",
	    "2024-01-01\n",
	    " 2024-01-01",
	    "",
	    "2",
	    "2024",
	    "2024-",
	    "2024-01",
	    "2024-01-",
	    "2024-01-0",
	};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
		if (!clock_date_valid(valid[i]))
			fail_msg("\"%s\" refused", valid[i]);
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++)
		if (clock_date_valid(invalid[i]))
			fail_msg("\"%s\" accepted", invalid[i]);
}

/* Every month of 1900..2100 with days 0..32 against the C library: a date
 * is valid when timegm keeps its fields; every year outside is refused. */
static void test_date_valid_matches_libc(void **state)
{
	(void)state;
	char s[40];
	for (int y = 1890; y <= 2110; y++)
		for (int m = 0; m <= 13; m++)
			for (int d = 0; d <= 32; d++) {
				struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d};
				time_t t = timegm(&tm);
				struct tm back;
				gmtime_r(&t, &back);
				bool want = y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 &&
					    back.tm_year == y - 1900 && back.tm_mon == m - 1 &&
					    back.tm_mday == d;
				snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
				if (clock_date_valid(s) != want)
					fail_msg("%s: %s", s, want ? "refused" : "accepted");
			}
}

/* A deadline typed in China time: against timegm, and back. */
static void test_cst_parse(void **state)
{
	(void)state;
	int64_t ms = 0;
	char back[17];
	assert_true(clock_cst_parse("2026-05-20T09:30", &ms));
	struct tm tm = {.tm_year = 126, .tm_mon = 4, .tm_mday = 20, .tm_hour = 1, .tm_min = 30};
	assert_int_equal(ms, (int64_t)timegm(&tm) * 1000);
	clock_cst_minute(ms, back);
	assert_string_equal(back, "2026-05-20T09:30");
	/* Just after midnight in China is the day before in UTC. */
	assert_true(clock_cst_parse("2027-01-01T00:05", &ms));
	clock_cst_minute(ms, back);
	assert_string_equal(back, "2027-01-01T00:05");
	char day[11];
	clock_cst_date(ms, day);
	assert_string_equal(day, "2027-01-01");
	const char *bad[] = {"2026-05-20",
			     "2026-05-20 09:30",
			     "2026-02-30T09:30",
			     "2026-05-20T24:00",
			     "2026-05-20T09:60",
			     "2026-05-20T9:30x",
			     "",
			     "2026-05-20T09:3a"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (clock_cst_parse(bad[i], &ms))
			fail_msg("accepted %s", bad[i]);
	assert_false(clock_cst_parse(NULL, &ms));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_instants),
	    cmocka_unit_test(test_matches_libc),
	    cmocka_unit_test(test_year),
	    cmocka_unit_test(test_date_valid_known),
	    cmocka_unit_test(test_date_valid_matches_libc),
	    cmocka_unit_test(test_cst_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
