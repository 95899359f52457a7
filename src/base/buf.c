/* buf.c — capped growable buffer. */
#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/mem.h"

void buf_init(sg_buf *b, size_t max)
{
	b->p = NULL;
	b->len = b->cap = 0;
	b->max = max;
}

int buf_append(sg_buf *b, const void *data, size_t n)
{
	if (n > b->max - b->len)
		return SG_ETOOBIG;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int buf_puts(sg_buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_printf(sg_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SG_EINTERNAL;
	if ((size_t)n < sizeof small)
		return buf_append(b, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = buf_append(b, big, (size_t)n);
	free(big);
	return rc;
}

void buf_reserve(sg_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap && n <= b->max - b->len) {
		b->p = xrealloc(b->p, b->len + n + 1);
		b->cap = b->len + n + 1;
	}
}

void buf_reset(sg_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_free(sg_buf *b)
{
	free(b->p);
	buf_init(b, b->max);
}
