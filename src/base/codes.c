/*
 * codes.c — Unified Social Credit Codes (GB 32100-2015 with GB 11714 for the
 * embedded organisation code), resident ID numbers (GB 11643-1999, ISO 7064
 * MOD 11-2) and statistical division codes (R-DIV-1).
 *
 * Every check is a pure function of its input: no allocation, no locale, no
 * reading past len. Messages name the part that is wrong, never its value.
 */
#include "base/codes.h"

#include <stdbool.h>
#include <string.h>

#define RULE_ORG "R-ORG-2"
#define RULE_DIV "R-DIV-1"

/* GB 32100-2015 4.1: digits and upper-case letters without I, O, Z, S, V. */
static const char uscc_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static const int uscc_weights[17] = {1,	 3,  9,	 27, 19, 26, 16, 17, 20,
				     29, 25, 13, 8,  24, 10, 30, 28};

/* GB 11714-1997: weights of the 8 body characters of an organisation code. */
static const int orgcode_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char id_check_chars[] = "10X98765432";

/*
 * Registration authorities (position 1) and the organisation categories each
 * has assigned (position 2), from the code tables published with GB 32100:
 * 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
 * 9 工商 (market regulation), A 中央军委改革和编制办公室, N 农业 (rural
 * collective economic organisations), Y 其他 (always category 1).
 * Civil affairs category 4 is the later assignment for 村(居)民委员会
 * (grassroots self-governing organisations), which SPEC R-ORG-1 lists as
 * providers, so refusing it would lock real organisations out.
 */
static const struct {
	char authority;
	const char *categories;
} uscc_authorities[] = {
    {'1', "1239"}, {'2', "19"}, {'3', "123459"}, {'4', "19"}, {'5', "12349"}, {'6', "129"},
    {'7', "129"},  {'8', "19"}, {'9', "123"},	 {'A', "19"}, {'N', "1239"},  {'Y', "1"},
};

static int digit_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* Index of c in the USCC character set, or -1. */
static int uscc_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = memchr(uscc_charset, c, sizeof uscc_charset - 1);
	return p ? (int)(p - uscc_charset) : -1;
}

/* The USCC check character of 17 characters known to be in the set. */
static char uscc_check_char(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += uscc_value(s[i]) * uscc_weights[i];
	return uscc_charset[(31 - sum % 31) % 31];
}

/* GB 11714 value of a body character: 0-9, A=10 ... Z=35; -1 otherwise. */
static int orgcode_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* The GB 11714 check character of 8 body characters known to be valid. */
static char orgcode_check_char(const char *s)
{
	int sum = 0;
	int c;

	for (int i = 0; i < 8; i++)
		sum += orgcode_value(s[i]) * orgcode_weights[i];
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

static char id_check_char(const char *s)
{
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += digit_value(s[i]) * id_weights[i];
	return id_check_chars[sum % 11];
}

/*
 * Province-level codes of GB/T 2260: 11-15, 21-23, 31-37, 41-46, 50-54,
 * 61-65, 71 (Taiwan), 81 (Hong Kong), 82 (Macao). With_83 adds the 83 that
 * residence permits for Taiwan residents carry in ID numbers.
 */
static bool province_valid(int code, bool with_83)
{
	if ((code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
	    (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
	    (code >= 50 && code <= 54) || (code >= 61 && code <= 65))
		return true;
	if (code == 71 || code == 81 || code == 82)
		return true;
	return with_83 && code == 83;
}

/* The two-digit number at s, or -1 if either is not a digit. */
static int two_digits(const char *s)
{
	int hi = digit_value(s[0]), lo = digit_value(s[1]);

	return hi < 0 || lo < 0 ? -1 : hi * 10 + lo;
}

static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (digit_value(s[i]) < 0)
			return false;
	return true;
}

static bool date_valid(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max;

	if (m < 1 || m > 12 || d < 1)
		return false;
	max = mdays[m - 1] + (m == 2 && leap);
	return d <= max;
}

int uscc_check(const char *s, size_t len, sg_err *err)
{
	const char *cats = NULL;
	int div;

	if (!s || len != USCC_LEN)
		return sg_err_set(err, SG_EINVAL, "uscc", RULE_ORG, "统一社会信用代码应为 18 位",
				  "The unified social credit code must be 18 characters long");
	for (size_t i = 0; i < len; i++) {
		if (uscc_value(s[i]) >= 0)
			continue;
		if (s[i] >= 'a' && s[i] <= 'z')
			return sg_err_setf(
			    err, SG_EINVAL, "uscc", RULE_ORG,
			    "统一社会信用代码第 %zu 位是小写字母，字母应大写",
			    "Character %zu of the unified social credit code is a lower-case "
			    "letter; letters must be upper-case",
			    i + 1);
		return sg_err_setf(
		    err, SG_EINVAL, "uscc", RULE_ORG,
		    "统一社会信用代码第 %zu 位字符无效（只能是数字和除 I、O、Z、S、V "
		    "以外的大写字母）",
		    "Character %zu of the unified social credit code is not allowed "
		    "(digits and upper-case letters other than I, O, Z, S, V only)",
		    i + 1);
	}
	if (uscc_check_char(s) != s[17])
		return sg_err_set(
		    err, SG_EINVAL, "uscc", RULE_ORG,
		    "统一社会信用代码校验码（第 18 位）不正确，请核对是否有抄错的字符",
		    "The check character (18th) of the unified social credit code is "
		    "wrong; please look for a mistyped character");
	for (size_t i = 0; i < sizeof uscc_authorities / sizeof uscc_authorities[0]; i++)
		if (uscc_authorities[i].authority == s[0])
			cats = uscc_authorities[i].categories;
	if (!cats)
		return sg_err_set(
		    err, SG_EINVAL, "uscc", RULE_ORG,
		    "统一社会信用代码第 1 位（登记管理部门代码）无效",
		    "The 1st character of the unified social credit code (registration "
		    "authority) is not a valid authority code");
	/* s[1] is not NUL (it passed the character set), so strchr cannot match
	 * the terminator. */
	if (!strchr(cats, s[1]))
		return sg_err_set(
		    err, SG_EINVAL, "uscc", RULE_ORG,
		    "统一社会信用代码第 2 位（机构类别代码）与登记管理部门不符",
		    "The 2nd character of the unified social credit code (organisation "
		    "category) is not a category of its registration authority");
	div = two_digits(s + 2);
	if (!all_digits(s + 2, 6) || (div != 10 && !province_valid(div, false)))
		return sg_err_set(
		    err, SG_EINVAL, "uscc", RULE_ORG,
		    "统一社会信用代码第 3–8 位（登记管理机关行政区划码）无效",
		    "Characters 3-8 of the unified social credit code (division code of "
		    "the registering authority) are not a valid division code");
	/* Positions 9-17 are in the USCC set, hence valid GB 11714 characters. */
	if (orgcode_check_char(s + 8) != s[16])
		return sg_err_set(err, SG_EINVAL, "uscc", RULE_ORG,
				  "统一社会信用代码第 9–17 位（组织机构代码）的校验位不正确",
				  "The organisation code in characters 9-17 of the unified social "
				  "credit code has a wrong check character");
	return 0;
}

int uscc_make(char out[USCC_LEN + 1], const char *first17)
{
	if (!out || !first17 || strnlen(first17, 18) != 17)
		return SG_EINVAL;
	for (int i = 0; i < 17; i++)
		if (uscc_value(first17[i]) < 0)
			return SG_EINVAL;
	memcpy(out, first17, 17);
	out[17] = uscc_check_char(first17);
	out[18] = '\0';
	return 0;
}

int orgcode_make(char out[10], const char *first8)
{
	if (!out || !first8 || strnlen(first8, 9) != 8)
		return SG_EINVAL;
	for (int i = 0; i < 8; i++)
		if (orgcode_value(first8[i]) < 0)
			return SG_EINVAL;
	memcpy(out, first8, 8);
	out[8] = orgcode_check_char(first8);
	out[9] = '\0';
	return 0;
}

int id_number_check(const char *s, size_t len, int64_t today_yyyymmdd, sg_err *err)
{
	int y, m, d;
	char last;

	if (!s || len != ID_NUMBER_LEN)
		return sg_err_set(err, SG_EINVAL, "id_number", RULE_ORG, "公民身份号码应为 18 位",
				  "The resident ID number must be 18 characters long");
	last = s[17] == 'x' ? 'X' : s[17];
	if (!all_digits(s, 17) || (digit_value(last) < 0 && last != 'X'))
		return sg_err_set(
		    err, SG_EINVAL, "id_number", RULE_ORG,
		    "公民身份号码前 17 位应为数字，第 18 位应为数字或 X",
		    "The resident ID number must be 17 digits followed by a digit or X");
	if (id_check_char(s) != last)
		return sg_err_set(err, SG_EINVAL, "id_number", RULE_ORG,
				  "公民身份号码校验码（第 18 位）不正确，请核对是否有抄错的数字",
				  "The check character (18th) of the resident ID number is wrong; "
				  "please look for a mistyped digit");
	if (!province_valid(two_digits(s), true))
		return sg_err_set(err, SG_EINVAL, "id_number", RULE_ORG,
				  "公民身份号码前 2 位不是有效的省级行政区划代码",
				  "The first 2 digits of the resident ID number are not a valid "
				  "province code");
	y = two_digits(s + 6) * 100 + two_digits(s + 8);
	m = two_digits(s + 10);
	d = two_digits(s + 12);
	if (y < 1800 || !date_valid(y, m, d))
		return sg_err_set(
		    err, SG_EINVAL, "id_number", RULE_ORG,
		    "公民身份号码第 7–14 位不是有效的出生日期",
		    "Digits 7-14 of the resident ID number are not a valid date of birth");
	if (today_yyyymmdd != 0 && (int64_t)y * 10000 + m * 100 + d > today_yyyymmdd)
		return sg_err_set(err, SG_EINVAL, "id_number", RULE_ORG,
				  "公民身份号码中的出生日期晚于今天",
				  "The date of birth in the resident ID number is in the future");
	return 0;
}

void id_number_normalise(char *s, size_t len)
{
	if (s && len > 0 && s[len - 1] == 'x')
		s[len - 1] = 'X';
}

int id_number_make(char out[ID_NUMBER_LEN + 1], const char *first17)
{
	if (!out || !first17 || strnlen(first17, 18) != 17 || !all_digits(first17, 17))
		return SG_EINVAL;
	memcpy(out, first17, 17);
	out[17] = id_check_char(first17);
	out[18] = '\0';
	return 0;
}

int division_code_level(const char *s, size_t len)
{
	int level;

	switch (len) {
	case 2:
		level = DIV_PROVINCE;
		break;
	case 4:
		level = DIV_PREFECTURE;
		break;
	case 6:
		level = DIV_COUNTY;
		break;
	case 9:
		level = DIV_TOWNSHIP;
		break;
	case 12:
		level = DIV_VILLAGE;
		break;
	default:
		return -1;
	}
	if (!s || !all_digits(s, len) || !province_valid(two_digits(s), false))
		return -1;
	return level;
}

int division_code_check(const char *s, size_t len, sg_err *err)
{
	if (!s || (len != 2 && len != 4 && len != 6 && len != 9 && len != 12))
		return sg_err_set(err, SG_EINVAL, "division_code", RULE_DIV,
				  "行政区划代码应为 2、4、6、9 或 12 位数字",
				  "A division code must be 2, 4, 6, 9 or 12 digits long");
	if (!all_digits(s, len))
		return sg_err_set(err, SG_EINVAL, "division_code", RULE_DIV,
				  "行政区划代码只能包含数字",
				  "A division code may contain digits only");
	if (!province_valid(two_digits(s), false))
		return sg_err_set(
		    err, SG_EINVAL, "division_code", RULE_DIV,
		    "行政区划代码前 2 位不是有效的省级代码",
		    "The first 2 digits of the division code are not a valid province "
		    "code");
	return 0;
}
