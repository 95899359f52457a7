/* test_password.c — the password policy (SECURITY.md, R-AUTH-1). */
#include "testlib.h"

#include <stdio.h>

#include "base/utf8.h"
#include "domain/password.h"

/* Check pw as a NUL-terminated string and expect an error naming field with
 * an English message containing want; the message must not repeat the
 * password or the user name. */
static void expect_refused(const char *pw, size_t len, const char *username, const char *want)
{
	sg_err err;

	sg_err_clear(&err);
	assert_int_equal(password_check(pw, len, NULL, username, &err), SG_EINVAL);
	assert_string_equal(err.field, "password");
	assert_string_equal(err.rule, "R-AUTH-1");
	assert_true(err.msg[0] != '\0');
	if (!strstr(err.msg_en, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg_en, want);
	if (pw && len >= 4) {
		char head[5];

		memcpy(head, pw, 4);
		head[4] = '\0';
		if (utf8_valid(head, 4)) {
			assert_null(strstr(err.msg, head));
			assert_null(strstr(err.msg_en, head));
		}
	}
	if (username && strlen(username) >= 4) {
		assert_null(strstr(err.msg, username));
		assert_null(strstr(err.msg_en, username));
	}
}

#define REFUSED(lit, user, want) expect_refused(lit, sizeof(lit) - 1, user, want)

static int accept(const char *pw, const char *username)
{
	sg_err err;
	int rc;

	sg_err_clear(&err);
	rc = password_check(pw, strlen(pw), NULL, username, &err);
	if (rc != 0)
		print_error("unexpectedly refused: %s\n", err.msg_en);
	return rc;
}

/* Fill buf with n code points taken in turn from the characters of set (a
 * string of characters of equal byte length w), NUL-terminated. */
static size_t build(char *buf, size_t cap, const char *set, size_t w, size_t n)
{
	size_t nset = strlen(set) / w, len = 0;

	for (size_t i = 0; i < n; i++) {
		assert_true(len + w < cap);
		memcpy(buf + len, set + (i % nset) * w, w);
		len += w;
	}
	buf[len] = '\0';
	return len;
}

static void test_length_ascii(void **state)
{
	(void)state;
	REFUSED("", NULL, "at least 12");
	REFUSED("abcdefghijk", NULL, "at least 12"); /* 11 */
	REFUSED("Tr0ub4dor&3", NULL, "at least 12");
	assert_int_equal(accept("Tr0ub4dor&3x", NULL), 0); /* 12 */
	assert_int_equal(accept("correct horse battery staple", NULL), 0);
	assert_int_equal(accept("        x   ", NULL), 0); /* spaces count */
	expect_refused(NULL, 0, NULL, "at least 12");
}

static void test_length_cjk(void **state)
{
	(void)state;
	/* 11 CJK characters are 33 bytes, still too short */
	REFUSED("我们一起去看长城和故宫", NULL, "at least 12");
	assert_int_equal(accept("我们一起去看长城和故宫吧", NULL), 0); /* 12 */
	REFUSED("春眠不觉晓ab1", NULL, "at least 12");		       /* 8 */
	assert_int_equal(accept("春眠不觉晓abc1234", NULL), 0);	       /* 12 */
	/* extension B characters are 4 bytes and count as one */
	REFUSED("𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊", NULL, "at least 12"); /* 11 */
	assert_int_equal(accept("𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋", NULL), 0);
}

static void test_length_max(void **state)
{
	static const char ascii[] = "the quick brown fox jumps over a lazy dog 7";
	static const char cjk[] = "天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往";
	static const char extb[] = "𠀀𠀁𠀂𠀃𠀄𠀅𠀆";
	char buf[1024];
	size_t len;

	(void)state;
	len = build(buf, sizeof buf, ascii, 1, 128);
	assert_int_equal(password_check(buf, len, NULL, NULL, NULL), 0);
	len = build(buf, sizeof buf, ascii, 1, 129);
	expect_refused(buf, len, NULL, "at most 128");

	len = build(buf, sizeof buf, cjk, 3, 128);
	assert_int_equal(len, 384);
	assert_int_equal(password_check(buf, len, NULL, NULL, NULL), 0);
	len = build(buf, sizeof buf, cjk, 3, 129);
	expect_refused(buf, len, NULL, "at most 128");

	/* 128 four-byte characters are exactly 512 bytes: the byte pre-check
	 * must not refuse them */
	len = build(buf, sizeof buf, extb, 4, 128);
	assert_int_equal(len, 512);
	assert_int_equal(password_check(buf, len, NULL, NULL, NULL), 0);
	len = build(buf, sizeof buf, extb, 4, 129);
	expect_refused(buf, len, NULL, "at most 128");

	/* far over: refused without looking at the text */
	memset(buf, 0xff, sizeof buf);
	expect_refused(buf, sizeof buf, NULL, "at most 128");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	REFUSED("abcdefghijkl\xff", NULL, "UTF-8");
	REFUSED("abcdefghijkl\xc0\x80", NULL, "UTF-8");
	REFUSED("abcdefghijkl\xed\xa0\x80", NULL, "UTF-8");
	REFUSED("我们一起去看长城和故宫\xe5", NULL, "UTF-8");
	REFUSED("abcdef\0ghijklmn", NULL, "UTF-8"); /* NUL inside */
}

static void test_common(void **state)
{
	(void)state;
	REFUSED("woaini1314520", NULL, "too common");
	REFUSED("WoAiNi1314520", NULL, "too common");
	REFUSED("1qaz2wsx3edc", NULL, "too common");
	REFUSED("1QAZ2WSX3EDC", NULL, "too common");
	REFUSED("1Qaz2Wsx3Edc", NULL, "too common");
	REFUSED("qwertyuiopasdfgh", NULL, "too common");
	REFUSED("QWERTYuiopASDFGH", NULL, "too common");
	REFUSED("123456789012", NULL, "too common");
	REFUSED("Password1234", NULL, "too common");
	REFUSED("PASSWORD1234", NULL, "too common");
	REFUSED("a123456789012", NULL, "too common");
	REFUSED("A123456789012", NULL, "too common");
	REFUSED("P@ssw0rd1234", NULL, "too common");
	REFUSED("Admin@123456", NULL, "too common");
	REFUSED("Huawei@123", NULL, "at least 12"); /* length comes first */
	assert_true(password_is_common("woaini5201314", 13));
	assert_true(password_is_common("WOAINI5201314", 13));
	/* prefixes, extensions and near misses are not hits */
	assert_false(password_is_common("woaini131452", 12));
	assert_false(password_is_common("woaini13145200", 14));
	assert_false(password_is_common("woaini1314520\0", 14));
	assert_false(password_is_common("", 0));
	assert_false(password_is_common(NULL, 0));
	assert_int_equal(accept("woaini1314520 and my cat", NULL), 0);
	assert_int_equal(accept("1qaz2wsx3edc4rfv5tgb6yhn", NULL), 0);
}

/* The list is what the bsearch assumes: sorted by byte value, unique,
 * lower-case, long enough to reach the check, and each entry refused. */
static void test_common_list(void **state)
{
	size_t n = 0;
	const char *const *list = password_common_list(&n);

	(void)state;
	assert_true(n >= 300);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i]);
		sg_err err;

		if (i > 0 && strcmp(list[i - 1], list[i]) >= 0)
			fail_msg("not sorted at %zu: %s, %s", i, list[i - 1], list[i]);
		assert_true(len >= PASSWORD_MIN_CHARS);
		assert_true(utf8_valid(list[i], len));
		for (size_t k = 0; k < len; k++)
			assert_false(list[i][k] >= 'A' && list[i][k] <= 'Z');
		assert_true(password_is_common(list[i], len));
		assert_int_equal(password_check(list[i], len, NULL, NULL, &err), SG_EINVAL);
	}
	assert_non_null(password_common_list(NULL));
}

static void test_repeated(void **state)
{
	(void)state;
	REFUSED("aaaaaaaaaaaa", NULL, "repeated");
	REFUSED("AaAaAaAaAaAaA", NULL, "repeated");
	REFUSED("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", NULL, "repeated");
	REFUSED("好好好好好好好好好好好好", NULL, "repeated");
	REFUSED("𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀", NULL, "repeated");
	REFUSED("abababababab", NULL, "repeated");
	REFUSED("xyzxyzxyzxyzxyz", NULL, "repeated");
	REFUSED("ab12ab12ab12ab12", NULL, "repeated");
	REFUSED("我爱你我爱你我爱你我爱你", NULL, "repeated");
	REFUSED("        ", NULL, "at least 12");
	REFUSED("            ", NULL, "repeated");
	/* a longer group, or a repeat that does not fill the text, is allowed */
	assert_int_equal(accept("abcdeabcdeabcde", NULL), 0);
	assert_int_equal(accept("aaaaaaaaaaab", NULL), 0);
	assert_int_equal(accept("abababababa!", NULL), 0);
}

static void test_username(void **state)
{
	sg_err err;

	(void)state;
	REFUSED("averylongusername", "averylongusername", "user name");
	REFUSED("AVeryLongUserName", "averylongusername", "user name");
	REFUSED("zhangsan-2024-ok!", "zhangsan", "user name");
	REFUSED("my ZhangSan password", "zhangsan", "user name");
	REFUSED("my zhangsan password", "ZhangSan", "user name");
	REFUSED("2024zhao_liu_station", "zhao", "user name"); /* exactly 4 */
	REFUSED("社工站的张小明同志你好", "张小明", "at least 12");
	REFUSED("社工站的张小明社工同志你好", "张小明社工", "user name");
	/* short user names are not looked for inside */
	assert_int_equal(accept("li is a good password", "li"), 0);
	assert_int_equal(accept("wang's garden 2024", "wan"), 0);
	assert_int_equal(accept("社工站的张小明社工同志你好", "张小明"), 0);
	/* NULL and empty user names skip the rule */
	assert_int_equal(accept("zhangsan-2024-ok!", NULL), 0);
	assert_int_equal(accept("zhangsan-2024-ok!", ""), 0);
	assert_int_equal(accept("zhangsan-2024-ok!", "lisi"), 0);
	/* a user name longer than the password */
	assert_int_equal(accept("zhangsan-2024", "zhangsan-2024-ok!"), 0);
	/* the field is named as asked */
	sg_err_clear(&err);
	assert_int_equal(password_check("zhangsan-2024-ok!", 17, "new_password", "zhangsan", &err),
			 SG_EINVAL);
	assert_string_equal(err.field, "new_password");
	assert_string_equal(err.rule, "R-AUTH-1");
}

static void test_no_echo(void **state)
{
	static const char *const pws[] = {"short", "woaini1314520", "aaaaaaaaaaaa",
					  "secret-zhangsan-99", "abcdefghijkl\xff"};
	sg_err err;

	(void)state;
	for (size_t i = 0; i < sizeof pws / sizeof pws[0]; i++) {
		sg_err_clear(&err);
		assert_int_equal(password_check(pws[i], strlen(pws[i]), NULL, "zhangsan", &err),
				 SG_EINVAL);
		assert_null(strstr(err.msg, "short"));
		assert_null(strstr(err.msg_en, "woaini"));
		assert_null(strstr(err.msg_en, "aaaa"));
		assert_null(strstr(err.msg_en, "secret"));
		assert_null(strstr(err.msg_en, "zhangsan"));
		assert_null(strstr(err.msg, "zhangsan"));
		assert_null(strstr(err.msg_en, "abcdefghijkl"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_length_ascii), cmocka_unit_test(test_length_cjk),
	    cmocka_unit_test(test_length_max),	 cmocka_unit_test(test_invalid_utf8),
	    cmocka_unit_test(test_common),	 cmocka_unit_test(test_common_list),
	    cmocka_unit_test(test_repeated),	 cmocka_unit_test(test_username),
	    cmocka_unit_test(test_no_echo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
