/* test_contract.c — amounts in Chinese capital numerals (大写) as the
 * printable contract writes them: zeros between digits written once, the
 * 万 and 亿 groups, 角 and 分, 整 when nothing follows. */
#include "testlib.h"

#include <stdio.h>

#include "base/err.h"
#include "domain/contract.h"

static void expect_capital(int64_t fen, const char *want)
{
	char got[256];
	assert_int_equal(contract_amount_capital(fen, got, sizeof got), 0);
	if (strcmp(got, want) != 0)
		fail_msg("%lld fen: %s, want %s", (long long)fen, got, want);
}

static void test_known_amounts(void **state)
{
	(void)state;
	expect_capital(0, "零元整");
	expect_capital(5, "伍分");
	expect_capital(50, "伍角整");
	expect_capital(100, "壹元整");
	expect_capital(30000000, "叁拾万元整");
	expect_capital(28000000, "贰拾捌万元整");
	expect_capital(10000000, "壹拾万元整");
	expect_capital(10200000, "壹拾万零贰仟元整");
	expect_capital(100500, "壹仟零伍元整");
	expect_capital(123456, "壹仟贰佰叁拾肆元伍角陆分");
	expect_capital(100006, "壹仟元零陆分");
	expect_capital(101000000, "壹佰零壹万元整");
	expect_capital(1000100000, "壹仟万零壹仟元整");
	expect_capital(400000000, "肆佰万元整");
	expect_capital(INT64_C(12345678900), "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整");
	expect_capital(INT64_C(10000000000), "壹亿元整");
	expect_capital(INT64_C(10000000100), "壹亿零壹元整");
	expect_capital(INT64_C(1000000000000), "壹佰亿元整");
}

static void test_refusals(void **state)
{
	(void)state;
	char small[8];
	assert_int_equal(contract_amount_capital(-1, small, sizeof small), SG_EINVAL);
	assert_int_equal(contract_amount_capital(INT64_C(1000000000001), small, sizeof small),
			 SG_EINVAL);
	assert_int_equal(contract_amount_capital(30000000, small, sizeof small), SG_ETOOBIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_amounts),
	    cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
