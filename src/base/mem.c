/* mem.c — allocation that aborts on failure. */
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
	fprintf(stderr, "{\"level\":\"fatal\",\"msg\":\"out of memory\",\"bytes\":%zu}\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t n)
{
	void *p = calloc(count ? count : 1, n ? n : 1);
	if (!p)
		oom(count * n);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void mem_wipe(void *p, size_t n)
{
	if (p && n)
		explicit_bzero(p, n);
}

char *xconcat(const char *a, const char *b, const char *c)
{
	size_t na = strlen(a), nb = strlen(b), nc = c ? strlen(c) : 0;
	char *p = xmalloc(na + nb + nc + 1);
	memcpy(p, a, na);
	memcpy(p + na, b, nb);
	memcpy(p + na + nb, c ? c : "", nc);
	p[na + nb + nc] = '\0';
	return p;
}
