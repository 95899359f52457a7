/* jsonmem.c — jansson allocation from the request arena. */
#include "base/jsonmem.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>

/* Each block starts with a tag saying where it came from, so that freeing
 * works for values made before or outside a request too. 16 bytes keep
 * the alignment of the block behind it. */
enum { HEADER = 16, FROM_HEAP = 0, FROM_ARENA = 1 };

static __thread sg_arena *current;
static bool installed;

static void *jm_malloc(size_t n)
{
	unsigned char *p;
	if (current) {
		p = arena_alloc(current, n + HEADER);
		p[0] = FROM_ARENA;
	} else {
		p = malloc(n + HEADER);
		if (!p)
			return NULL;
		p[0] = FROM_HEAP;
	}
	return p + HEADER;
}

static void jm_free(void *ptr)
{
	if (!ptr)
		return;
	unsigned char *p = (unsigned char *)ptr - HEADER;
	if (p[0] == FROM_HEAP)
		free(p);
}

void jsonmem_init(void)
{
	json_set_alloc_funcs(jm_malloc, jm_free);
	installed = true;
}

void jsonmem_use(sg_arena *a)
{
	current = a;
}

void jsonmem_free(void *p)
{
	if (installed)
		jm_free(p);
	else
		free(p);
}
