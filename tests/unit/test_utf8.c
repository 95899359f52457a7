/* test_utf8.c — strict UTF-8 validation and code point counting. */
#include "testlib.h"

#include <stdbool.h>

#include "base/utf8.h"

#define V(lit) utf8_valid(lit, sizeof(lit) - 1)

/*
 * An independent reference: decode by the bit patterns, then refuse what
 * RFC 3629 refuses (overlong, surrogate, above U+10FFFF) and NUL.
 */
static bool ref_valid(const unsigned char *p, size_t len)
{
	static const unsigned long min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		unsigned long cp;
		size_t n;

		if (c < 0x80) {
			n = 1;
			cp = c;
		} else if ((c & 0xE0) == 0xC0) {
			n = 2;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 3;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i < n)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3F);
		}
		if (cp == 0 || cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

static void test_valid_text(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid(NULL, 0));
	assert_true(V("abc"));
	assert_true(V("\x7f"));
	assert_true(V("张三"));
	assert_true(V("阿依古丽·买买提"));  /* · is U+00B7, C2 B7 */
	assert_true(V("\xc2\x80"));	    /* U+0080, smallest 2-byte */
	assert_true(V("\xdf\xbf"));	    /* U+07FF */
	assert_true(V("\xe0\xa0\x80"));	    /* U+0800, smallest 3-byte */
	assert_true(V("\xed\x9f\xbf"));	    /* U+D7FF, just below surrogates */
	assert_true(V("\xee\x80\x80"));	    /* U+E000, just above */
	assert_true(V("\xef\xbf\xbf"));	    /* U+FFFF */
	assert_true(V("\xf0\x90\x80\x80")); /* U+10000, smallest 4-byte */
	assert_true(V("𠀀"));		    /* U+20000, CJK extension B */
	assert_true(V("\xf0\xa0\x80\x80"));
	assert_true(V("𪚥𠮷"));		    /* more extension B, in names */
	assert_true(V("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last */
}

static void test_overlong(void **state)
{
	(void)state;
	assert_false(V("\xc0\x80")); /* NUL in two bytes (Java's "modified UTF-8") */
	assert_false(V("\xc0\xaf")); /* '/' */
	assert_false(V("\xc1\xbf"));
	assert_false(V("\xe0\x80\x80"));
	assert_false(V("\xe0\x9f\xbf"));
	assert_false(V("\xf0\x80\x80\x80"));
	assert_false(V("\xf0\x8f\xbf\xbf"));
}

static void test_surrogates_and_range(void **state)
{
	(void)state;
	assert_false(V("\xed\xa0\x80"));	     /* U+D800 */
	assert_false(V("\xed\xbf\xbf"));	     /* U+DFFF */
	assert_false(V("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
	assert_false(V("\xf4\x90\x80\x80"));	     /* U+110000 */
	assert_false(V("\xf5\x80\x80\x80"));
	assert_false(V("\xf7\xbf\xbf\xbf"));
	assert_false(V("\xf8\x88\x80\x80\x80")); /* old 5-byte form */
	assert_false(V("\xfc\x84\x80\x80\x80\x80"));
	assert_false(V("\xfe"));
	assert_false(V("\xff"));
}

static void test_truncated_and_stray(void **state)
{
	(void)state;
	assert_false(V("\x80")); /* lone continuation */
	assert_false(V("a\xbf"));
	assert_false(V("\xe4\xb8")); /* 中 is E4 B8 AD */
	assert_false(V("\xe4"));
	assert_false(V("ab\xc2"));
	assert_false(V("\xf0\xa0\x80")); /* 𠀀 without its last byte */
	assert_false(V("\xe4\x41\xad")); /* ASCII inside a sequence */
	assert_false(V("\xe4\xb8\x41"));
	assert_false(V("\xf0\xa0\x41\x80"));
	assert_false(V("\xf0\xa0\x80\x41"));
	assert_false(V("\xc2\xc2\x80"));
	/* valid text followed by a cut sequence: the length is honoured */
	assert_true(utf8_valid("中", 3));
	assert_false(utf8_valid("中", 2));
	assert_false(utf8_valid("中", 1));
}

static void test_nul(void **state)
{
	(void)state;
	assert_false(V("\0"));
	assert_false(V("a\0b"));
	assert_false(V("张\0"));
}

/* Every string of one, two and three bytes agrees with the reference. */
static void test_exhaustive_short(void **state)
{
	unsigned char b[3];

	(void)state;
	for (unsigned i = 0; i < 256; i++) {
		b[0] = (unsigned char)i;
		assert_int_equal(utf8_valid((char *)b, 1), ref_valid(b, 1));
		for (unsigned j = 0; j < 256; j++) {
			b[1] = (unsigned char)j;
			assert_int_equal(utf8_valid((char *)b, 2), ref_valid(b, 2));
			for (unsigned k = 0; k < 256; k++) {
				b[2] = (unsigned char)k;
				if (utf8_valid((char *)b, 3) != ref_valid(b, 3))
					fail_msg("disagree on %02x %02x %02x", i, j, k);
			}
		}
	}
}

/* Four-byte sequences: every lead and second byte, with the last two bytes
 * drawn from the edges of the continuation range and outside it. */
static void test_four_byte_leads(void **state)
{
	static const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0xff};
	unsigned char b[4];

	(void)state;
	for (unsigned i = 0xe0; i < 256; i++) {
		b[0] = (unsigned char)i;
		for (unsigned j = 0; j < 256; j++) {
			b[1] = (unsigned char)j;
			for (size_t k = 0; k < sizeof tails; k++) {
				b[2] = tails[k];
				for (size_t l = 0; l < sizeof tails; l++) {
					b[3] = tails[l];
					if (utf8_valid((char *)b, 4) != ref_valid(b, 4))
						fail_msg("disagree on %02x %02x %02x %02x", i, j,
							 b[2], b[3]);
				}
			}
		}
	}
}

static void test_count(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("abc", 3), 3);
	assert_int_equal(utf8_count("张三", strlen("张三")), 2);
	assert_int_equal(utf8_count("·", strlen("·")), 1);
	assert_int_equal(utf8_count("a𠀀b", strlen("a𠀀b")), 3);
	assert_int_equal(utf8_count("阿依古丽·买买提", strlen("阿依古丽·买买提")), 8);
	assert_int_equal(utf8_count("\xf4\x8f\xbf\xbf\xc2\x80", 6), 2);
}

/* Blank: nothing but ASCII spaces, tabs and the ideographic space. */
static void test_blank(void **state)
{
	(void)state;
	assert_true(utf8_blank(NULL));
	assert_true(utf8_blank(""));
	assert_true(utf8_blank(" \t "));
	assert_true(utf8_blank("\xe3\x80\x80 \xe3\x80\x80"));
	assert_false(utf8_blank(" a "));
	assert_false(utf8_blank("\xe3\x80\x80张"));
	assert_false(utf8_blank("\xe3\x80")); /* a truncated U+3000 is not a space */
	assert_false(utf8_blank("\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_text),
	    cmocka_unit_test(test_overlong),
	    cmocka_unit_test(test_surrogates_and_range),
	    cmocka_unit_test(test_truncated_and_stray),
	    cmocka_unit_test(test_nul),
	    cmocka_unit_test(test_exhaustive_short),
	    cmocka_unit_test(test_four_byte_leads),
	    cmocka_unit_test(test_count),
	    cmocka_unit_test(test_blank),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
