/* test_arena.c — the per-request bump allocator (base/arena.h). */
#include "testlib.h"

#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"

static int aligned16(const void *p)
{
	return ((uintptr_t)p & 15u) == 0;
}

/* Many objects of varied sizes, spanning many 16 KiB blocks: each is aligned
 * to 16 and none overlaps another (each keeps the pattern written into it). */
static void test_many_across_blocks(void **state)
{
	enum { N = 20000 };
	sg_arena *a = arena_new();
	unsigned char **ptrs = calloc(N, sizeof *ptrs);
	size_t *sizes = calloc(N, sizeof *sizes);

	(void)state;
	assert_non_null(ptrs);
	assert_non_null(sizes);
	for (size_t i = 0; i < N; i++) {
		sizes[i] = 1 + (i * 7919) % 700; /* 1..700 bytes, mixed */
		ptrs[i] = arena_alloc(a, sizes[i]);
		assert_non_null(ptrs[i]);
		if (!aligned16(ptrs[i]))
			fail_msg("allocation %zu of %zu bytes is not 16-aligned", i, sizes[i]);
		memset(ptrs[i], (int)(i & 0xff), sizes[i]);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < sizes[i]; k++)
			if (ptrs[i][k] != (unsigned char)(i & 0xff))
				fail_msg("allocation %zu was overwritten at byte %zu", i, k);
	free(ptrs);
	free(sizes);
	arena_free(a);
}

/* Alignment holds for every size 0..64 in turn, and for types that need it. */
static void test_alignment_each_size(void **state)
{
	sg_arena *a = arena_new();

	(void)state;
	for (int round = 0; round < 3; round++)
		for (size_t n = 0; n <= 64; n++) {
			void *p = arena_alloc(a, n);
			assert_non_null(p);
			assert_true(aligned16(p));
		}
	long double *ld = arena_alloc(a, sizeof *ld);
	*ld = 1.5L;
	assert_true(*ld == 1.5L);
	max_align_t *m = arena_alloc(a, sizeof *m);
	assert_true(((uintptr_t)m % _Alignof(max_align_t)) == 0);
	arena_free(a);
}

/* Objects larger than a quarter block, larger than a block, and far larger
 * than a block; small objects before and after them stay intact. */
static void test_large(void **state)
{
	static const size_t big[] = {4097, 16 * 1024, 16 * 1024 + 1, 100000, 3 * 1024 * 1024};
	sg_arena *a = arena_new();
	unsigned char *small[2 * sizeof big / sizeof big[0] + 1];
	unsigned char *large[sizeof big / sizeof big[0]];
	size_t ns = 0;

	(void)state;
	small[ns] = arena_alloc(a, 100);
	memset(small[ns++], 0x5a, 100);
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		large[i] = arena_alloc(a, big[i]);
		assert_non_null(large[i]);
		assert_true(aligned16(large[i]));
		memset(large[i], (int)i + 1, big[i]);
		small[ns] = arena_alloc(a, 100);
		assert_true(aligned16(small[ns]));
		memset(small[ns++], 0x5a, 100);
		small[ns] = arena_alloc(a, 33);
		assert_true(aligned16(small[ns]));
		memset(small[ns++], 0x5a, 33);
	}
	for (size_t i = 0; i < sizeof big / sizeof big[0]; i++) {
		assert_int_equal(large[i][0], i + 1);
		assert_int_equal(large[i][big[i] / 2], i + 1);
		assert_int_equal(large[i][big[i] - 1], i + 1);
	}
	for (size_t i = 0; i < ns; i++)
		assert_int_equal(small[i][0], 0x5a);
	/* A large object as the very first allocation of an arena. */
	sg_arena *b = arena_new();
	unsigned char *p = arena_alloc(b, 50000);
	memset(p, 1, 50000);
	unsigned char *q = arena_alloc(b, 10);
	memset(q, 2, 10);
	assert_int_equal(p[49999], 1);
	arena_free(b);
	arena_free(a);
}

static void test_zero_size_and_free_null(void **state)
{
	sg_arena *a = arena_new();

	(void)state;
	assert_non_null(arena_alloc(a, 0));
	assert_non_null(arena_zalloc(a, 0));
	assert_string_equal(arena_strndup(a, "", 0), "");
	arena_free(a);
	arena_free(NULL);
}

/* A size the arena cannot represent must not wrap to a small block: the
 * process aborts like any other allocation failure (mem.h). */
static void test_overflowing_size_aborts(void **state)
{
	static const size_t sizes[] = {SIZE_MAX, SIZE_MAX - 7, SIZE_MAX - 40};

	(void)state;
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* The child's stderr would carry the fatal log line. */
			if (!freopen("/dev/null", "w", stderr))
				_exit(3);
			sg_arena *a = arena_new();
			unsigned char *p = arena_alloc(a, sizes[i]);
			p[0] = 1;
			_exit(0); /* reached only if a wrapped size was accepted */
		}
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			fail_msg("arena_alloc(%zu) returned instead of aborting", sizes[i]);
	}
}

static void test_strndup(void **state)
{
	sg_arena *a = arena_new();
	const char *src = "hello, 世界 and more";

	(void)state;
	char *s = arena_strndup(a, src, 5);
	assert_string_equal(s, "hello");
	assert_true(aligned16(s));
	s = arena_strndup(a, src, strlen(src));
	assert_string_equal(s, src);
	assert_ptr_not_equal(s, src);
	/* the copy is exactly the bytes asked for: the 3-byte 世 whole */
	s = arena_strndup(a, src, 10);
	assert_int_equal(strlen(s), 10);
	assert_memory_equal(s, "hello, \xe4\xb8\x96", 10);
	s = arena_strdup(a, "");
	assert_string_equal(s, "");
	/* a long string over a block boundary */
	char *big = malloc(40000);
	assert_non_null(big);
	memset(big, 'x', 39999);
	big[39999] = '\0';
	s = arena_strdup(a, big);
	assert_int_equal(strlen(s), 39999);
	assert_memory_equal(s, big, 40000);
	free(big);
	arena_free(a);
}

static char *vp(sg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *vp(sg_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

static void test_printf(void **state)
{
	sg_arena *a = arena_new();

	(void)state;
	assert_string_equal(arena_printf(a, "%d-%s-%lld", 42, "ab", (long long)-7), "42-ab--7");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	assert_string_equal(arena_printf(a, "用户 %s 的编号 %03d", "张三", 7),
			    "用户 张三 的编号 007");
	assert_string_equal(vp(a, "%s=%u", "k", 9u), "k=9");
	/* longer than a block: sized by a first vsnprintf pass */
	char *s = arena_printf(a, "[%30000d]", 5);
	assert_int_equal(strlen(s), 30002);
	assert_int_equal(s[0], '[');
	assert_int_equal(s[30000], '5');
	assert_int_equal(s[30001], ']');
	s = vp(a, "%*s|", 20000, "z");
	assert_int_equal(strlen(s), 20001);
	assert_true(aligned16(s));
	arena_free(a);
}

static void test_zalloc_zeroes(void **state)
{
	(void)state;
	/* Dirty memory first, so that a reused heap chunk is not already 0. */
	for (int round = 0; round < 3; round++) {
		sg_arena *dirty = arena_new();
		for (int i = 0; i < 64; i++)
			memset(arena_alloc(dirty, 1000), 0xa5, 1000);
		memset(arena_alloc(dirty, 70000), 0xa5, 70000);
		arena_free(dirty);

		sg_arena *a = arena_new();
		for (int i = 0; i < 64; i++) {
			unsigned char *p = arena_zalloc(a, 1000);
			for (size_t k = 0; k < 1000; k++)
				assert_int_equal(p[k], 0);
			memset(p, 0xff, 1000); /* neighbours must stay zero */
		}
		unsigned char *big = arena_zalloc(a, 70000);
		for (size_t k = 0; k < 70000; k++)
			if (big[k] != 0)
				fail_msg("byte %zu of a zalloc'd block is %d", k, big[k]);
		unsigned char *odd = arena_zalloc(a, 13);
		for (size_t k = 0; k < 13; k++)
			assert_int_equal(odd[k], 0);
		arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_many_across_blocks),
	    cmocka_unit_test(test_alignment_each_size),
	    cmocka_unit_test(test_large),
	    cmocka_unit_test(test_zero_size_and_free_null),
	    cmocka_unit_test(test_overflowing_size_aborts),
	    cmocka_unit_test(test_strndup),
	    cmocka_unit_test(test_printf),
	    cmocka_unit_test(test_zalloc_zeroes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
