/* test_buf.c — the growable buffer with a hard cap (base/buf.h). */
#include "testlib.h"

#include <stdlib.h>

#include "base/buf.h"
#include "base/err.h"

static void test_init_empty(void **state)
{
	sg_buf b;

	(void)state;
	buf_init(&b, 100);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	/* an empty append still leaves a NUL-terminated buffer */
	assert_int_equal(buf_append(&b, "", 0), 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	buf_free(&b);
	assert_null(b.p);
	buf_free(&b); /* twice is harmless */
}

/* One byte at a time and in chunks: the contents stay exact and
 * NUL-terminated, and the capacity always covers len + 1. */
static void test_growth(void **state)
{
	enum { N = 100000 };
	sg_buf b;

	(void)state;
	buf_init(&b, 1 << 20);
	for (size_t i = 0; i < N; i++) {
		char c = (char)('a' + i % 26);
		assert_int_equal(buf_append(&b, &c, 1), 0);
		assert_int_equal(b.len, i + 1);
		assert_true(b.cap >= b.len + 1);
		assert_int_equal(b.p[b.len], '\0');
	}
	for (size_t i = 0; i < N; i++)
		if (b.p[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is wrong after growth", i);
	assert_int_equal(strlen(b.p), N);

	/* a single append far larger than the current capacity */
	char *chunk = malloc(300000);
	assert_non_null(chunk);
	memset(chunk, 'Z', 300000);
	assert_int_equal(buf_append(&b, chunk, 300000), 0);
	assert_int_equal(b.len, N + 300000);
	assert_int_equal(b.p[N - 1], (char)('a' + (N - 1) % 26));
	assert_int_equal(b.p[N], 'Z');
	assert_int_equal(b.p[b.len - 1], 'Z');
	assert_int_equal(b.p[b.len], '\0');
	free(chunk);

	/* binary data with NUL bytes inside is kept as is */
	sg_buf bin;
	buf_init(&bin, 64);
	assert_int_equal(buf_append(&bin, "a\0b\0c", 5), 0);
	assert_int_equal(bin.len, 5);
	assert_memory_equal(bin.p, "a\0b\0c", 6);
	buf_free(&bin);
	buf_free(&b);
}

/* Past the cap: SG_ETOOBIG, and nothing of the refused append is kept. */
static void test_cap(void **state)
{
	sg_buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_append(&b, "abcdef", 6), SG_ETOOBIG);
	assert_int_equal(b.len, 5);
	assert_string_equal(b.p, "12345");
	assert_int_equal(buf_puts(&b, "67890"), 0); /* exactly the cap */
	assert_int_equal(b.len, 10);
	assert_string_equal(b.p, "1234567890");
	assert_int_equal(buf_append(&b, "", 0), 0); /* nothing more is fine */
	assert_int_equal(buf_append(&b, "x", 1), SG_ETOOBIG);
	assert_int_equal(buf_printf(&b, "%d", 1), SG_ETOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.p, "1234567890");
	/* a huge length cannot wrap the check */
	assert_int_equal(buf_append(&b, "x", SIZE_MAX), SG_ETOOBIG);
	assert_int_equal(buf_append(&b, "x", SIZE_MAX - 5), SG_ETOOBIG);
	assert_string_equal(b.p, "1234567890");
	buf_free(&b);

	/* a cap of 0 takes nothing */
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "a"), SG_ETOOBIG);
	assert_int_equal(b.len, 0);
	buf_free(&b);

	/* a cap above the first allocation: growth stops at the cap */
	buf_init(&b, 1000);
	char k[1000];
	memset(k, 'k', sizeof k);
	assert_int_equal(buf_append(&b, k, 600), 0);
	assert_int_equal(buf_append(&b, k, 401), SG_ETOOBIG);
	assert_int_equal(b.len, 600);
	assert_int_equal(buf_append(&b, k, 400), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.p[1000], '\0');
	buf_free(&b);
}

static void test_printf(void **state)
{
	sg_buf b;

	(void)state;
	buf_init(&b, 1 << 16);
	assert_int_equal(buf_printf(&b, "%s=%d;", "a", 1), 0);
	assert_int_equal(buf_printf(&b, "%s=%lld", "中文", (long long)-2), 0);
	assert_string_equal(b.p, "a=1;中文=-2");
	buf_reset(&b);

	/* 511 characters fit the stack buffer; 512 and more take the heap */
	for (int n = 505; n <= 520; n++) {
		buf_reset(&b);
		assert_int_equal(buf_printf(&b, "<%*d>", n - 2, n), 0);
		assert_int_equal(b.len, (size_t)n);
		assert_int_equal(b.p[0], '<');
		assert_int_equal(b.p[n - 1], '>');
		assert_int_equal(strlen(b.p), (size_t)n);
	}
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, "head:"), 0);
	assert_int_equal(buf_printf(&b, "%5000s|%s", "x", "tail"), 0);
	assert_int_equal(b.len, 5 + 5000 + 5);
	assert_memory_equal(b.p, "head:", 5);
	assert_int_equal(b.p[5 + 4999], 'x');
	assert_string_equal(b.p + 5 + 5000, "|tail");
	buf_free(&b);

	/* a long printf over the cap is refused whole */
	buf_init(&b, 1000);
	assert_int_equal(buf_puts(&b, "keep"), 0);
	assert_int_equal(buf_printf(&b, "%2000d", 1), SG_ETOOBIG);
	assert_int_equal(buf_printf(&b, "%997d", 1), SG_ETOOBIG);
	assert_string_equal(b.p, "keep");
	assert_int_equal(buf_printf(&b, "%996d", 1), 0);
	assert_int_equal(b.len, 1000);
	buf_free(&b);
}

static void test_reset(void **state)
{
	sg_buf b;

	(void)state;
	buf_init(&b, 64);
	buf_reset(&b); /* before any storage exists */
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "0123456789012345678901234567890123456789"), 0);
	size_t cap = b.cap;
	char *p = b.p;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.p, "");
	assert_int_equal(b.cap, cap); /* storage is kept */
	assert_ptr_equal(b.p, p);
	/* the cap applies afresh after a reset */
	char k[64];
	memset(k, 'r', sizeof k);
	assert_int_equal(buf_append(&b, k, 64), 0);
	assert_int_equal(buf_append(&b, "x", 1), SG_ETOOBIG);
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(b.p, "again");
	/* after buf_free the buffer is empty, keeps its cap and can be reused */
	buf_free(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 64);
	assert_int_equal(buf_puts(&b, "reused"), 0);
	assert_string_equal(b.p, "reused");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_empty), cmocka_unit_test(test_growth),
	    cmocka_unit_test(test_cap),	       cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
