/*
 * password.c — the password policy of SECURITY.md: length in code points,
 * valid UTF-8, and a refusal of guessable passwords (NIST SP 800-63B 5.1.1.2
 * style: a block list and context words instead of composition rules).
 */
#include "domain/password.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

#define RULE_AUTH "R-AUTH-1"

/* Repeats of a group of at most this many characters are refused. */
#define REPEAT_MAX_PERIOD 4

/* Usernames shorter than this (in characters) are not looked for inside the
 * password: short names such as "li" occur in many good passwords. */
#define USERNAME_MIN_CONTAINED 4

/*
 * Common passwords of at least 12 characters: keyboard walks, digit runs,
 * "password"/"admin" with digits, and the pinyin phrases and lucky numbers
 * Chinese users favour (woaini = 我爱你, 5201314 = 我爱你一生一世,
 * wodemima = 我的密码). Lower-case, sorted by byte value (LC_ALL=C sort),
 * unique: the lookup is a bsearch, and a unit test checks the order.
 */
static const char *const common_passwords[] = {
    "!@#$%^&*()12",	 "!@#$%^&*()_+",	"!@#$1234qwer",	     "!@#$qwer1234",
    "!qaz2wsx3edc",	 "!qaz@wsx#edc",	"000000000000",	     "012345678901",
    "0123456789012",	 "098765432109",	"111111111111",	     "111122223333",
    "111222333444",	 "112233445566",	"11223344556677",    "121212121212",
    "123123123123",	 "123321123321",	"1234!@#$qwer",	     "1234!@#$qwerasdf",
    "123412341234",	 "1234512345123",	"123456123456",	     "123456654321",
    "123456666666",	 "1234567890!@",	"1234567890-=",	     "123456789000",
    "123456789012",	 "1234567890123",	"12345678901234",    "123456789012345",
    "1234567890123456",	 "1234567890a!",	"1234567890ab",	     "1234567890abc",
    "1234567890qw",	 "1234567890qwe",	"123456789123",	     "123456789520",
    "123456789987",	 "12345678aaaa",	"12345678abcd",	     "12345678asdf",
    "12345678qwer",	 "123456888888",	"1234abcd1234",	     "1234qwer1234",
    "1234qwerasdf",	 "1234qwerasdfzxcv",	"123654789000",	     "123654789123",
    "131452013145",	 "1314520131452",	"1314520520520",     "1314520woaini",
    "1314520woaini520",	 "135792468000",	"147147147147",	     "147258369000",
    "147258369123",	 "147258369147",	"147852369000",	     "147852369123",
    "159357123456",	 "159357159357",	"159753159753",	     "168168168168",
    "1q2w3e4r5t6y",	 "1q2w3e4r5t6y7u",	"1q2w3e4r5t6y7u8i",  "1q2w3e4r5t6y7u8i9o0p",
    "1qaz!qaz2wsx",	 "1qaz2wsx!@#$%^",	"1qaz2wsx!qaz",	     "1qaz2wsx#edc",
    "1qaz2wsx123456",	 "1qaz2wsx1234567",	"1qaz2wsx12345678",  "1qaz2wsx1314520",
    "1qaz2wsx1qaz2wsx",	 "1qaz2wsx2024",	"1qaz2wsx2025",	     "1qaz2wsx3edc",
    "1qaz2wsx3edc4rfv",	 "1qaz2wsx5201314",	"1qaz2wsx666666",    "1qaz2wsx888888",
    "1qaz2wsx@123456",	 "1qaz2wsx@2024",	"1qaz2wsx@2025",     "1qaz@wsx#edc",
    "1qaz@wsx3edc",	 "1qazxsw23edc",	"201314201314",	     "246813579000",
    "321321321321",	 "518518518518",	"520131400000",	     "5201314123456",
    "520131452013",	 "5201314520131",	"5201314woaini",     "520520520520",
    "521521521521",	 "666666666666",	"666888666888",	     "741852963000",
    "741852963741",	 "789456123000",	"789456123789",	     "888666888666",
    "888888888888",	 "987654321098",	"9876543210987",     "987654321987",
    "999999999999",	 "a12345678901",	"a123456789012",     "a1234567890b",
    "a123456789a!",	 "a123456a123456",	"a1b2c3d4e5f6",	     "a1b2c3d4e5f6g7",
    "aa1234567890",	 "aa123456789012",	"aaa123456789",	     "abc123!@#$%^",
    "abc123123456",	 "abc1231234567",	"abc12312345678",    "abc1231314520",
    "abc123456789",	 "abc1235201314",	"abc123666666",	     "abc123888888",
    "abc123@123456",	 "abc123abc123",	"abc@12345678",	     "abc@123456789",
    "abcabcabcabc",	 "abcd12345678",	"abcd1234abcd",	     "abcd@1234567",
    "abcdefg12345",	 "abcdefghijkl",	"abcdefghijklmn",    "abcdefghijklmnop",
    "admin#123456",	 "admin1234567",	"admin12345678",     "admin123456789",
    "admin1314520",	 "admin5201314",	"admin@123456",	     "admin@1234567",
    "admin@huawei",	 "adminadmin123",	"adminadmin1234",    "administrator",
    "administrator1",	 "administrator123",	"aini13145200",	     "aini1314520520",
    "alipay123456",	 "asdasdasdasd",	"asdf1234qwer",	     "asdfasdfasdf",
    "asdfgh!@#$%^",	 "asdfgh123456",	"asdfgh1234567",     "asdfgh12345678",
    "asdfgh1314520",	 "asdfgh5201314",	"asdfgh666666",	     "asdfgh888888",
    "asdfgh@123456",	 "asdfghjkl123",	"asdfghjkl1234",     "asdfghjklqwe",
    "baidu1234567",	 "baobao123456",	"baobao520520",	     "baseball1234",
    "batman123456",	 "beijing!@#$%^",	"beijing12345",	     "beijing123456",
    "beijing1234567",	 "beijing12345678",	"beijing1314520",    "beijing5201314",
    "beijing666666",	 "beijing888888",	"beijing@123456",    "beijing@2024",
    "beijing@2025",	 "changeme1234",	"changeme123456",    "charlie12345",
    "china1234567",	 "china12345678",	"china123456789",    "chongqing123",
    "chongqing1234",	 "computer1234",	"dragon123456",	     "football1234",
    "guangzhou123",	 "guangzhou1234",	"guest1234567",	     "hangzhou1234",
    "huawei!@#$%^",	 "huawei123456",	"huawei1234567",     "huawei12345678",
    "huawei1314520",	 "huawei5201314",	"huawei666666",	     "huawei888888",
    "huawei@12345",	 "huawei@123456",	"iloveyou!@#$%^",    "iloveyou1234",
    "iloveyou12345",	 "iloveyou123456",	"iloveyou1234567",   "iloveyou12345678",
    "iloveyou1314",	 "iloveyou1314520",	"iloveyou2024",	     "iloveyou2025",
    "iloveyou5201314",	 "iloveyou520520",	"iloveyou666666",    "iloveyou888888",
    "iloveyou@123456",	 "iloveyou@2024",	"iloveyou@2025",     "iloveyouforever",
    "internet1234",	 "jiayou!@#$%^",	"jiayou123456",	     "jiayou1234567",
    "jiayou12345678",	 "jiayou1314520",	"jiayou5201314",     "jiayou666666",
    "jiayou888888",	 "jiayou@123456",	"jiayoujiayou",	     "jordan231234",
    "laogong1314520",	 "laopo1314520",	"lenovo123456",	     "letmein12345",
    "letmein123456",	 "lijing123456",	"lisi12345678",	     "liuyang123456",
    "master123456",	 "michael12345",	"mima12345678",	     "mima123456789",
    "mimamima1234",	 "monkey123456",	"mypassword12",	     "mypassword123",
    "mypassword1234",	 "mysql1234567",	"newpassword1",	     "newpassword123",
    "nihao1234567",	 "nihao12345678",	"nihao1314520",	     "nihao5201314",
    "nihao@123456",	 "nihaonihao12",	"oracle123456",	     "p@$$w0rd1234",
    "p@ssw0rd1234",	 "p@ssw0rd@123",	"p@ssword1234",	     "pa$$w0rd1234",
    "pass12345678",	 "pass123456789",	"passpass1234",	     "passw0rd1234",
    "password!123",	 "password!@#$%^",	"password#123",	     "password1234",
    "password12345",	 "password123456",	"password1234567",   "password12345678",
    "password123456789", "password1314520",	"password2024",	     "password2025",
    "password5201314",	 "password666666",	"password888888",    "password@123",
    "password@1234",	 "password@123456",	"password@2024",     "password@2025",
    "passwordpassword",	 "postgres1234",	"postgres123456",    "princess1234",
    "q1w2e3r4t5y6",	 "q1w2e3r4t5y6u7",	"qazwsx!@#$%^",	     "qazwsx123456",
    "qazwsx1234567",	 "qazwsx12345678",	"qazwsx1314520",     "qazwsx5201314",
    "qazwsx666666",	 "qazwsx888888",	"qazwsx@123456",     "qazwsxedc123",
    "qazwsxedcrfv",	 "qazwsxedcrfvtgb",	"qianqian1234",	     "qq1234567890",
    "qq12345678900",	 "qweasdzxc123",	"qweasdzxc1234",     "qweqweqweqwe",
    "qwer!@#$asdf",	 "qwer1234asdf",	"qwer1234qwer",	     "qwerty!@#$%^",
    "qwerty123456",	 "qwerty1234567",	"qwerty12345678",    "qwerty1314520",
    "qwerty5201314",	 "qwerty666666",	"qwerty888888",	     "qwerty@123456",
    "qwertyqwerty",	 "qwertyuiop12",	"qwertyuiop123",     "qwertyuiop1234",
    "qwertyuiopasdfgh",	 "qwertyuiopasdfghjkl", "root12345678",	     "root@1234567",
    "root@12345678",	 "rootpassword",	"rootroot1234",	     "sa1234567890",
    "shadow123456",	 "shanghai!@#$%^",	"shanghai1234",	     "shanghai123456",
    "shanghai1234567",	 "shanghai12345678",	"shanghai1314520",   "shanghai2024",
    "shanghai2025",	 "shanghai5201314",	"shanghai666666",    "shanghai888888",
    "shanghai@123456",	 "shanghai@2024",	"shanghai@2025",     "shenzhen1234",
    "shenzhen123456",	 "starwars1234",	"sunshine1234",	     "superman1234",
    "taobao123456",	 "tencent12345",	"test12345678",	     "test123456789",
    "test@1234567",	 "testtest1234",	"tianjin12345",	     "tingting1234",
    "trustno1trustno1",	 "user12345678",	"user@1234567",	     "wangfang123456",
    "wangwei123456",	 "wangwu123456",	"wanmei123456",	     "wechat123456",
    "weixin123456",	 "welcome!@#$%^",	"welcome12345",	     "welcome123456",
    "welcome1234567",	 "welcome12345678",	"welcome1314520",    "welcome5201314",
    "welcome666666",	 "welcome888888",	"welcome@1234",	     "welcome@12345",
    "welcome@123456",	 "welcome@2024",	"welcome@2025",	     "woaibaobao123",
    "woaibeijing1",	 "woailaogong123",	"woailaopo123",	     "woaini!@#$%^",
    "woaini123123",	 "woaini123456",	"woaini1234567",     "woaini12345678",
    "woaini1314520",	 "woaini1314521",	"woaini2024520",     "woaini5201314",
    "woaini520520",	 "woaini666666",	"woaini888888",	     "woaini@123456",
    "woainiwoaini",	 "woaiwojia!@#$%^",	"woaiwojia123",	     "woaiwojia1234",
    "woaiwojia123456",	 "woaiwojia1234567",	"woaiwojia12345678", "woaiwojia1314520",
    "woaiwojia2024",	 "woaiwojia2025",	"woaiwojia520",	     "woaiwojia5201314",
    "woaiwojia666666",	 "woaiwojia888888",	"woaiwojia@123456",  "woaiwojia@2024",
    "woaiwojia@2025",	 "woaizhongguo",	"woaizhongguo1",     "wodemima!@#$%^",
    "wodemima1234",	 "wodemima12345",	"wodemima123456",    "wodemima1234567",
    "wodemima12345678",	 "wodemima1314520",	"wodemima2024",	     "wodemima2025",
    "wodemima5201314",	 "wodemima666666",	"wodemima888888",    "wodemima@123456",
    "wodemima@2024",	 "wodemima@2025",	"woshishui123",	     "woshishui1234",
    "xiaomi123456",	 "xiaoming1234",	"xiaoming123456",    "xiaoxiao1234",
    "zaq12wsxcde3",	 "zaq1xsw2cde3",	"zaq1zaq1zaq1",	     "zhangsan!@#$%^",
    "zhangsan1234",	 "zhangsan123456",	"zhangsan1234567",   "zhangsan12345678",
    "zhangsan1314520",	 "zhangsan2024",	"zhangsan2025",	     "zhangsan5201314",
    "zhangsan666666",	 "zhangsan888888",	"zhangsan@123456",   "zhangsan@2024",
    "zhangsan@2025",	 "zhangwei123456",	"zhifubao1234",	     "zhongguo!@#$%^",
    "zhongguo1234",	 "zhongguo123456",	"zhongguo1234567",   "zhongguo12345678",
    "zhongguo1314520",	 "zhongguo2024",	"zhongguo2025",	     "zhongguo5201314",
    "zhongguo666666",	 "zhongguo888888",	"zhongguo@123456",   "zhongguo@2024",
    "zhongguo@2025",	 "zhongguoren123",	"zxcvbn!@#$%^",	     "zxcvbn123456",
    "zxcvbn1234567",	 "zxcvbn12345678",	"zxcvbn1314520",     "zxcvbn5201314",
    "zxcvbn666666",	 "zxcvbn888888",	"zxcvbn@123456",     "zxcvbnm12345",
    "zxcvbnm123456",	 "zxcvbnmasdfg",	"zxczxczxczxc",
};

#define COMMON_COUNT (sizeof common_passwords / sizeof common_passwords[0])

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool eq_nocase(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_lower((unsigned char)a[i]) != ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

struct common_key {
	const char *s;
	size_t len;
};

/* Orders a key (folded to lower case on the fly) against a list entry by
 * byte value, as the list is sorted. */
static int common_cmp(const void *k, const void *e)
{
	const struct common_key *key = k;
	const char *w = *(const char *const *)e;
	size_t i;

	for (i = 0; i < key->len && w[i]; i++) {
		int a = ascii_lower((unsigned char)key->s[i]);
		int b = (unsigned char)w[i];

		if (a != b)
			return a - b;
	}
	if (i < key->len)
		return 1;
	return w[i] ? -1 : 0;
}

bool password_is_common(const char *pw, size_t len)
{
	struct common_key key = {pw, len};

	if (!pw)
		return false;
	return bsearch(&key, common_passwords, COMMON_COUNT, sizeof common_passwords[0],
		       common_cmp) != NULL;
}

const char *const *password_common_list(size_t *count)
{
	if (count)
		*count = COMMON_COUNT;
	return common_passwords;
}

/* True if the valid UTF-8 text s is one group of 1 to REPEAT_MAX_PERIOD
 * characters repeated (ASCII case ignored): "aaaaaaaaaaaa", "abababababab". */
static bool is_repeated(const char *s, size_t len)
{
	size_t unit = 0;

	for (int period = 1; period <= REPEAT_MAX_PERIOD && unit < len; period++) {
		/* advance unit by one code point */
		unit++;
		while (unit < len && ((unsigned char)s[unit] & 0xC0) == 0x80)
			unit++;
		if (unit >= len || len % unit != 0)
			continue;
		if (eq_nocase(s, s + unit, len - unit))
			return true;
	}
	return false;
}

/* True if needle occurs in hay, ASCII case ignored. */
static bool contains_nocase(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || nlen > hlen)
		return false;
	for (size_t i = 0; i + nlen <= hlen; i++)
		if (eq_nocase(hay + i, needle, nlen))
			return true;
	return false;
}

static int fail_too_long(sg_err *err, const char *field)
{
	return sg_err_setf(err, SG_EINVAL, field, RULE_AUTH, "密码不能超过 %d 个字符",
			   "The password must be at most %d characters long", PASSWORD_MAX_CHARS);
}

int password_check(const char *pw, size_t len, const char *field, const char *username, sg_err *err)
{
	size_t chars;

	if (!field)
		field = "password";
	/* Beyond 4 bytes per character the text cannot be within the limit;
	 * saying so early bounds the work on hostile input. */
	if (len > (size_t)PASSWORD_MAX_CHARS * 4)
		return fail_too_long(err, field);
	if (!pw) {
		pw = "";
		len = 0;
	}
	if (!utf8_valid(pw, len))
		return sg_err_set(
		    err, SG_EINVAL, field, RULE_AUTH, "密码含有无效的字符（不是有效的 UTF-8 文本）",
		    "The password contains invalid characters (not valid UTF-8 text)");
	chars = utf8_count(pw, len);
	if (chars < PASSWORD_MIN_CHARS)
		return sg_err_setf(err, SG_EINVAL, field, RULE_AUTH,
				   "密码至少需要 %d 个字符（一个汉字算一个字符）",
				   "The password must be at least %d characters long (a Chinese "
				   "character counts as one)",
				   PASSWORD_MIN_CHARS);
	if (chars > PASSWORD_MAX_CHARS)
		return fail_too_long(err, field);
	if (is_repeated(pw, len))
		return sg_err_set(err, SG_EINVAL, field, RULE_AUTH,
				  "密码不能是同一个字符或一小组字符的简单重复",
				  "The password must not be one character or a short group of "
				  "characters repeated");
	if (username && username[0]) {
		size_t ulen = strlen(username);
		size_t uchars = utf8_valid(username, ulen) ? utf8_count(username, ulen) : ulen;

		if ((ulen == len && eq_nocase(pw, username, len)) ||
		    (uchars >= USERNAME_MIN_CONTAINED && contains_nocase(pw, len, username, ulen)))
			return sg_err_set(err, SG_EINVAL, field, RULE_AUTH, "密码不能包含用户名",
					  "The password must not contain the user name");
	}
	if (password_is_common(pw, len))
		return sg_err_set(err, SG_EINVAL, field, RULE_AUTH,
				  "这个密码太常见，很容易被猜到，请换一个",
				  "This password is too common and easy to guess; please choose "
				  "another");
	return 0;
}
