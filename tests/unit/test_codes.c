/* test_codes.c — USCC (GB 32100), resident ID numbers (GB 11643) and
 * statistical division codes (R-DIV-1). */
#include "testlib.h"

#include <stdio.h>

#include "base/codes.h"

static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * Valid codes. The first four are published codes of real enterprises (their
 * check characters were recomputed by hand and with an independent script);
 * the rest were built for these tests, one per authority and category the
 * server cares about, with check characters from the same script.
 */
static const char *const uscc_valid[] = {
    "91350100M000100Y43", /* the GB 32100 example in many validators */
    "91110108551385082Q", /* 小米科技有限责任公司 */
    "91440300708461136T", /* 华为技术有限公司 */
    "12100000400000624D", /* a central public institution (机构编制, 事业单位) */
    "111000000000123437", /* 机构编制, 机关 */
    "51500110MJ0000018B", /* 民政, 社会团体 */
    "52500110MJP0000137", /* 民政, 民办非企业单位 (social work agency) */
    "531100005000009472", /* 民政, 基金会 */
    "54500110C12345679B", /* 民政, 村(居)民委员会 */
    "N2500110MA0AB12CX4", /* 农业, 村级集体经济组织 */
    "Y11100001234567880", /* 其他 */
    "92500110MA01XYT05Q", /* 工商, 个体工商户 */
    "93500110MA60QRT08N", /* 工商, 农民专业合作社 */
    "81500110MA5U12346G", /* 工会 */
    "A1110000MB0000A12J", /* 中央军委改革和编制办公室 */
};

#define NVALID (sizeof uscc_valid / sizeof uscc_valid[0])

/* The message must not repeat the input, or any 8-character run of it. */
static void assert_no_echo(const sg_err *err, const char *input, size_t len)
{
	char run[9];

	for (size_t i = 0; i + 8 <= len; i++) {
		memcpy(run, input + i, 8);
		run[8] = '\0';
		assert_null(strstr(err->msg, run));
		assert_null(strstr(err->msg_en, run));
	}
}

/* Check s with uscc_check and expect a failure whose English message
 * contains want. */
static void expect_uscc_error(const char *s, size_t len, const char *want)
{
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(uscc_check(s, len, &err), SG_EINVAL);
	assert_int_equal(err.code, SG_EINVAL);
	assert_string_equal(err.field, "uscc");
	assert_string_equal(err.rule, "R-ORG-2");
	assert_true(err.msg[0] != '\0');
	if (!strstr(err.msg_en, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg_en, want);
	if (s)
		assert_no_echo(&err, s, len);
}

static void test_uscc_valid(void **state)
{
	sg_err err;

	(void)state;
	for (size_t i = 0; i < NVALID; i++) {
		sg_err_clear(&err);
		if (uscc_check(uscc_valid[i], 18, &err) != 0)
			fail_msg("%s refused: %s", uscc_valid[i], err.msg_en);
		assert_int_equal(err.code, 0);
	}
	/* err may be NULL; the input need not be NUL-terminated */
	assert_int_equal(uscc_check("91350100M000100Y43XYZ", 18, NULL), 0);
}

static void test_uscc_make(void **state)
{
	char out[19], first17[18], org[10];

	(void)state;
	for (size_t i = 0; i < NVALID; i++) {
		memcpy(first17, uscc_valid[i], 17);
		first17[17] = '\0';
		memset(out, '#', sizeof out);
		assert_int_equal(uscc_make(out, first17), 0);
		assert_string_equal(out, uscc_valid[i]);

		/* positions 9-16 determine position 17 */
		memcpy(first17, uscc_valid[i] + 8, 8);
		first17[8] = '\0';
		assert_int_equal(orgcode_make(org, first17), 0);
		assert_memory_equal(org, uscc_valid[i] + 8, 9);
		assert_int_equal(org[9], '\0');
	}
	memset(out, '#', sizeof out);
	assert_int_equal(uscc_make(out, "91350100M000100Y"), SG_EINVAL);   /* 16 */
	assert_int_equal(uscc_make(out, "91350100M000100Y43"), SG_EINVAL); /* 18 */
	assert_int_equal(uscc_make(out, "91350100M000100I4"), SG_EINVAL);  /* I */
	assert_int_equal(uscc_make(out, "91350100m000100Y4"), SG_EINVAL);  /* lower */
	assert_int_equal(uscc_make(out, NULL), SG_EINVAL);
	assert_int_equal(uscc_make(NULL, "91350100M000100Y4"), SG_EINVAL);
	assert_int_equal(out[0], '#'); /* untouched on failure */
	assert_int_equal(orgcode_make(org, "M000100"), SG_EINVAL);
	assert_int_equal(orgcode_make(org, "M000100-"), SG_EINVAL);
	assert_int_equal(orgcode_make(org, "m000100Y"), SG_EINVAL);
	/* GB 11714, weights 3 7 9 10 5 8 4 2: check = 11 - sum mod 11, where
	 * 10 is written X and 11 is written 0 */
	assert_int_equal(orgcode_make(org, "00000000"), 0); /* sum 0 -> 11 -> 0 */
	assert_string_equal(org, "000000000");
	assert_int_equal(orgcode_make(org, "00000030"), 0); /* sum 12 -> 10 -> X */
	assert_string_equal(org, "00000030X");
	assert_int_equal(orgcode_make(org, "00000110"), 0); /* sum 12 -> X */
	assert_string_equal(org, "00000110X");
	assert_int_equal(orgcode_make(org, "00000005"), 0); /* sum 10 -> 1 */
	assert_string_equal(org, "000000051");
	assert_int_equal(orgcode_make(org, "00000010"), 0); /* sum 4 -> 7 */
	assert_string_equal(org, "000000107");
	assert_int_equal(orgcode_make(org, "10000000"), 0); /* sum 3 -> 8 */
	assert_string_equal(org, "100000008");
	assert_int_equal(orgcode_make(org, "00000300"), 0); /* sum 24 -> 9 */
	assert_string_equal(org, "000003009");
	assert_int_equal(orgcode_make(org, "0000A000"), 0); /* A = 10: sum 50 -> 5 */
	assert_string_equal(org, "0000A0005");
}

static void test_uscc_length(void **state)
{
	(void)state;
	expect_uscc_error("91350100M000100Y4", 17, "18 characters");
	expect_uscc_error("91350100M000100Y43A", 19, "18 characters");
	expect_uscc_error("", 0, "18 characters");
	expect_uscc_error(NULL, 18, "18 characters");
}

static void test_uscc_charset(void **state)
{
	(void)state;
	expect_uscc_error("91350100M000100I43", 18, "Character 16 ");
	expect_uscc_error("O1350100M000100Y43", 18, "Character 1 ");
	expect_uscc_error("91350100M000100Y4Z", 18, "Character 18 ");
	expect_uscc_error("91350100M000S00Y43", 18, "not allowed");
	expect_uscc_error("91350100M000V00Y43", 18, "not allowed");
	expect_uscc_error("91350100M000100Y4-", 18, "not allowed");
	expect_uscc_error("91350100M000 00Y43", 18, "not allowed");
	expect_uscc_error("91350100M000\0"
			  "00Y43",
			  18, "Character 13 ");
	expect_uscc_error("91350100M000100Y4\xe4", 18, "not allowed");
	expect_uscc_error("91110108551385082q", 18, "lower-case");
	expect_uscc_error("91350100m000100Y43", 18, "lower-case");
}

static void test_uscc_check_char(void **state)
{
	(void)state;
	expect_uscc_error("91350100M000100Y4A", 18, "check character (18th)");
	expect_uscc_error("91350100M000100Y44", 18, "check character (18th)");
	expect_uscc_error("91110108551385082R", 18, "check character (18th)");
	expect_uscc_error("91440300708461136U", 18, "check character (18th)");
}

/* Every single-character substitution and every swap of two adjacent
 * different characters of a valid code is caught (31 is prime and the
 * weights are distinct, so MOD 31 must catch them all). */
static void test_uscc_typos(void **state)
{
	char s[19];

	(void)state;
	for (size_t v = 0; v < NVALID; v++) {
		for (int i = 0; i < 18; i++) {
			for (size_t k = 0; k < sizeof uscc_charset - 1; k++) {
				memcpy(s, uscc_valid[v], 19);
				if (s[i] == uscc_charset[k])
					continue;
				s[i] = uscc_charset[k];
				if (uscc_check(s, 18, NULL) != SG_EINVAL)
					fail_msg("substitution accepted: %s", s);
			}
			if (i == 17)
				continue;
			memcpy(s, uscc_valid[v], 19);
			if (s[i] == s[i + 1])
				continue;
			s[i] = uscc_valid[v][i + 1];
			s[i + 1] = uscc_valid[v][i];
			if (uscc_check(s, 18, NULL) != SG_EINVAL)
				fail_msg("transposition accepted: %s", s);
		}
	}
}

/* Build a code from 17 characters with a correct 18th and expect the error
 * (the check character is right, so a later rule must catch it). */
static void expect_made_error(const char *first17, const char *want)
{
	char s[19];

	assert_int_equal(uscc_make(s, first17), 0);
	expect_uscc_error(s, 18, want);
}

static void test_uscc_structure(void **state)
{
	char s[19];

	(void)state;
	/* position 1: B, 0, C are not registration authorities */
	expect_made_error("B1350100M000100Y4", "registration authority");
	expect_made_error("01350100M000100Y4", "registration authority");
	expect_made_error("C1350100M000100Y4", "registration authority");
	/* position 2: a category its authority did not assign */
	expect_made_error("94350100M000100Y4", "organisation category");
	expect_made_error("99350100M000100Y4", "organisation category");
	expect_made_error("50350100M000100Y4", "organisation category");
	expect_made_error("Y2350100M000100Y4", "organisation category");
	expect_made_error("9A350100M000100Y4", "organisation category");
	expect_made_error("N4350100M000100Y4", "organisation category");
	/* positions 3-8: six digits starting with a province (or 10, national) */
	expect_made_error("913501A0M000100Y4", "division code");
	expect_made_error("91990100M000100Y4", "division code");
	expect_made_error("91000000M000100Y4", "division code");
	expect_made_error("91830000M000100Y4", "division code"); /* only in ID numbers */
	assert_int_equal(uscc_make(s, "91100000M000100Y4"), 0);
	assert_int_equal(uscc_check(s, 18, NULL), 0);
	/* positions 9-17: the organisation code's own check character */
	expect_made_error("91350100M000100Y5", "organisation code");
	expect_made_error("91350100M000100YX", "organisation code");
	expect_made_error("91110108551385083", "organisation code");
	expect_made_error("91110108551385080", "organisation code");
}

static void expect_id_error(const char *s, size_t len, int64_t today, const char *want)
{
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(id_number_check(s, len, today, &err), SG_EINVAL);
	assert_string_equal(err.field, "id_number");
	assert_string_equal(err.rule, "R-ORG-2");
	if (!strstr(err.msg_en, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg_en, want);
	if (s)
		assert_no_echo(&err, s, len); /* covers the date of birth */
}

static const char *const id_valid[] = {
    "11010519491231002X",			/* the GB 11643 example, Beijing Chaoyang */
    "440524188001010014",			/* born 1880 */
    "500110200002291239",			/* 29 Feb 2000, a leap year (divisible by 400) */
    "640102199001011237", "830000199001010012", /* residence permit of a Taiwan resident */
    "650102180001010017",			/* 1800, the earliest year accepted */
};

#define NID (sizeof id_valid / sizeof id_valid[0])

static void test_id_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < NID; i++) {
		sg_err err;

		sg_err_clear(&err);
		if (id_number_check(id_valid[i], 18, 20260101, &err) != 0)
			fail_msg("refused: %s", err.msg_en);
		assert_int_equal(id_number_check(id_valid[i], 18, 0, NULL), 0);
	}
	/* lower-case x is accepted */
	assert_int_equal(id_number_check("11010519491231002x", 18, 0, NULL), 0);
	/* not NUL-terminated */
	assert_int_equal(id_number_check("11010519491231002X999", 18, 0, NULL), 0);
}

static void test_id_normalise(void **state)
{
	char s[] = "11010519491231002x";
	char d[] = "440524188001010014";

	(void)state;
	id_number_normalise(s, 18);
	assert_string_equal(s, "11010519491231002X");
	id_number_normalise(s, 18);
	assert_string_equal(s, "11010519491231002X");
	id_number_normalise(d, 18);
	assert_string_equal(d, "440524188001010014");
	id_number_normalise(NULL, 0);
	id_number_normalise(s, 0);
	assert_string_equal(s, "11010519491231002X");
}

static void test_id_make(void **state)
{
	char out[19], first17[18];

	(void)state;
	for (size_t i = 0; i < NID; i++) {
		memcpy(first17, id_valid[i], 17);
		first17[17] = '\0';
		assert_int_equal(id_number_make(out, first17), 0);
		assert_string_equal(out, id_valid[i]);
	}
	assert_int_equal(id_number_make(out, "1101051949123100"), SG_EINVAL);
	assert_int_equal(id_number_make(out, "110105194912310021"), SG_EINVAL);
	assert_int_equal(id_number_make(out, "1101051949123100A"), SG_EINVAL);
	assert_int_equal(id_number_make(out, NULL), SG_EINVAL);
	assert_int_equal(id_number_make(NULL, "11010519491231002"), SG_EINVAL);
}

static void test_id_length_and_charset(void **state)
{
	(void)state;
	expect_id_error("11010519491231002", 17, 0, "18 characters");
	expect_id_error("11010519491231002X1", 19, 0, "18 characters");
	expect_id_error("110105491231002", 15, 0, "18 characters"); /* old 15-digit */
	expect_id_error("", 0, 0, "18 characters");
	expect_id_error(NULL, 18, 0, "18 characters");
	expect_id_error("1101051949123100X2", 18, 0, "17 digits");
	expect_id_error("11010519491231002Y", 18, 0, "17 digits");
	expect_id_error("X10105194912310021", 18, 0, "17 digits");
	expect_id_error("11010519491231 02X", 18, 0, "17 digits");
	expect_id_error("110105194912\0"
			"1002X",
			18, 0, "17 digits");
	expect_id_error("11010519491231002\xff", 18, 0, "17 digits");
	expect_id_error("１1010519491231002X", 20, 0, "18 characters"); /* full-width */
}

static void test_id_check_digit(void **state)
{
	char s[19];

	(void)state;
	expect_id_error("110105194912310021", 18, 0, "check character");
	expect_id_error("110105194912310020", 18, 0, "check character");
	expect_id_error("44052418800101001X", 18, 0, "check character");
	/* MOD 11-2 catches every single-digit substitution */
	for (size_t v = 0; v < NID; v++) {
		for (int i = 0; i < 17; i++) {
			for (char c = '0'; c <= '9'; c++) {
				memcpy(s, id_valid[v], 19);
				if (s[i] == c)
					continue;
				s[i] = c;
				if (id_number_check(s, 18, 0, NULL) == 0)
					fail_msg("substitution accepted at %d", i);
			}
		}
	}
}

static void expect_made_id_error(const char *first17, int64_t today, const char *want)
{
	char s[19];

	assert_int_equal(id_number_make(s, first17), 0);
	expect_id_error(s, 18, today, want);
}

static void test_id_region(void **state)
{
	static const char *const bad[] = {"00", "10", "16", "20", "24", "30", "38",
					  "40", "47", "49", "55", "60", "66", "70",
					  "72", "80", "84", "90", "91", "99"};
	static const char *const good[] = {"11", "15", "21", "23", "31", "37", "41", "46",
					   "50", "54", "61", "65", "71", "81", "82", "83"};
	char first17[18], s[19];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(first17, sizeof first17, "%s010519900101001", bad[i]);
		expect_made_id_error(first17, 0, "province code");
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		snprintf(first17, sizeof first17, "%s010519900101001", good[i]);
		assert_int_equal(id_number_make(s, first17), 0);
		assert_int_equal(id_number_check(s, 18, 0, NULL), 0);
	}
}

static void test_id_birth_date(void **state)
{
	char s[19];

	(void)state;
	expect_id_error("500110200102291236", 18, 0, "date of birth"); /* 29 Feb 2001 */
	expect_id_error("500110200002301230", 18, 0, "date of birth"); /* 30 Feb */
	expect_id_error("110105199006310012", 18, 0, "date of birth"); /* 31 Jun */
	expect_id_error("110105199013010018", 18, 0, "date of birth"); /* month 13 */
	expect_id_error("110105199000010019", 18, 0, "date of birth"); /* month 0 */
	expect_id_error("110105190002290017", 18, 0, "date of birth"); /* 1900 not leap */
	expect_id_error("650102179912310012", 18, 0, "date of birth"); /* before 1800 */
	expect_made_id_error("11010519900100001", 0, "date of birth"); /* day 0 */
	expect_made_id_error("11010519900132001", 0, "date of birth"); /* 32 Jan */
	expect_made_id_error("11010519900431001", 0, "date of birth"); /* 31 Apr */
	expect_made_id_error("11010520240230001", 0, "date of birth"); /* 30 Feb leap */
	assert_int_equal(id_number_make(s, "11010520240229001"), 0);   /* 29 Feb 2024 */
	assert_int_equal(id_number_check(s, 18, 20260101, NULL), 0);
	assert_int_equal(id_number_make(s, "11010519991231001"), 0);
	assert_int_equal(id_number_check(s, 18, 0, NULL), 0);
}

static void test_id_future(void **state)
{
	(void)state;
	/* born 31 Dec 2099: fine without a date, refused with one */
	assert_int_equal(id_number_check("110105209912310010", 18, 0, NULL), 0);
	expect_id_error("110105209912310010", 18, 20260101, "future");
	/* born 15 Jan 2026: fine on that day, refused the day before */
	assert_int_equal(id_number_check("110105202601150011", 18, 20260115, NULL), 0);
	assert_int_equal(id_number_check("110105202601150011", 18, 20260116, NULL), 0);
	expect_id_error("110105202601150011", 18, 20260114, "future");
}

static void test_division_valid(void **state)
{
	static const struct {
		const char *code;
		int level;
	} ok[] = {
	    {"11", DIV_PROVINCE},	   {"50", DIV_PROVINCE},
	    {"65", DIV_PROVINCE},	   {"82", DIV_PROVINCE},
	    {"5001", DIV_PREFECTURE},	   {"500110", DIV_COUNTY},
	    {"640102", DIV_COUNTY},	   {"500110001", DIV_TOWNSHIP},
	    {"500110001001", DIV_VILLAGE}, {"110105001000", DIV_VILLAGE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		size_t len = strlen(ok[i].code);
		sg_err err;

		sg_err_clear(&err);
		assert_int_equal(division_code_check(ok[i].code, len, &err), 0);
		assert_int_equal(division_code_level(ok[i].code, len), ok[i].level);
	}
	assert_int_equal(division_code_check("500110XYZ", 6, NULL), 0);
	assert_int_equal(division_code_level("500110XYZ", 6), DIV_COUNTY);
}

static void expect_div_error(const char *s, size_t len, const char *want)
{
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(division_code_check(s, len, &err), SG_EINVAL);
	assert_string_equal(err.field, "division_code");
	assert_string_equal(err.rule, "R-DIV-1");
	if (!strstr(err.msg_en, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg_en, want);
	assert_int_equal(division_code_level(s, len), -1);
}

static void test_division_invalid(void **state)
{
	static const char *const bad_len[] = {"",	    "1",	   "500",
					      "50011",	    "5001100",	   "50011000",
					      "5001100010", "50011000100", "5001100010010"};

	(void)state;
	for (size_t i = 0; i < sizeof bad_len / sizeof bad_len[0]; i++)
		expect_div_error(bad_len[i], strlen(bad_len[i]), "2, 4, 6, 9 or 12");
	expect_div_error(NULL, 6, "2, 4, 6, 9 or 12");
	expect_div_error("5001a0", 6, "digits only");
	expect_div_error("50011O", 6, "digits only");
	expect_div_error("-50011", 6, "digits only");
	expect_div_error("5001 0", 6, "digits only");
	expect_div_error("50\0"
			 "110",
			 6, "digits only");
	expect_div_error("５0", 4, "digits only"); /* full-width digit, 3 bytes */
	expect_div_error("99", 2, "province");
	expect_div_error("00", 2, "province");
	expect_div_error("100000", 6, "province");
	expect_div_error("830000", 6, "province");
	expect_div_error("990110001001", 12, "province");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_uscc_valid),
	    cmocka_unit_test(test_uscc_make),
	    cmocka_unit_test(test_uscc_length),
	    cmocka_unit_test(test_uscc_charset),
	    cmocka_unit_test(test_uscc_check_char),
	    cmocka_unit_test(test_uscc_typos),
	    cmocka_unit_test(test_uscc_structure),
	    cmocka_unit_test(test_id_valid),
	    cmocka_unit_test(test_id_normalise),
	    cmocka_unit_test(test_id_make),
	    cmocka_unit_test(test_id_length_and_charset),
	    cmocka_unit_test(test_id_check_digit),
	    cmocka_unit_test(test_id_region),
	    cmocka_unit_test(test_id_birth_date),
	    cmocka_unit_test(test_id_future),
	    cmocka_unit_test(test_division_valid),
	    cmocka_unit_test(test_division_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
