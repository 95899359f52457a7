/* arena.c — bump allocation in chained blocks. */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#ifndef SG_DEBUG_ARENA
#define SG_DEBUG_ARENA 0
#endif

enum { ARENA_BLOCK = 16 * 1024, ARENA_ALIGN = 16 };

struct block {
	struct block *next;
	size_t used, cap;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct sg_arena {
	struct block *head;
};

/* One standard block kept per thread between requests: a request's first
 * block is then neither malloc'd nor freed (16 KiB chunks are beyond
 * malloc's fast bins and cost a consolidation each time). */
static __thread struct block *spare;

sg_arena *arena_new(void)
{
	return xcalloc(1, sizeof(sg_arena));
}

void arena_free(sg_arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		if (!SG_DEBUG_ARENA && !spare && b->cap == ARENA_BLOCK)
			spare = b;
		else
			free(b);
	}
	free(a);
}

static struct block *block_new(size_t cap, struct block *next)
{
	struct block *b = xmalloc(sizeof *b + cap);
	b->next = next;
	b->used = 0;
	b->cap = cap;
	return b;
}

void *arena_alloc(sg_arena *a, size_t n)
{
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct block *b = a->head;

	if (n > SIZE_MAX / 2) {
		/* Rounding up (or adding the block header) would wrap to a
		 * small block: this is an allocation failure, which aborts
		 * (mem.h). */
		fprintf(stderr, "{\"level\":\"fatal\",\"msg\":\"out of memory\",\"bytes\":%zu}\n",
			n);
		abort();
	}
	if (SG_DEBUG_ARENA) {
		/* One block per object, exactly sized: ASan sees overruns. */
		b = block_new(n, a->head);
		a->head = b;
		b->used = n;
		return b->data;
	}
	if (!b || b->cap - b->used < need) {
		if (need > ARENA_BLOCK / 4) {
			/* Large objects get their own block behind the head so
			 * the head's free space is not wasted. */
			struct block *big = block_new(need, b ? b->next : NULL);
			if (b)
				b->next = big;
			else
				a->head = big;
			big->used = need;
			return big->data;
		}
		if (spare) {
			b = spare;
			spare = NULL;
			b->next = a->head;
			b->used = 0;
		} else {
			b = block_new(ARENA_BLOCK, a->head);
		}
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += need;
	return p;
}

void *arena_zalloc(sg_arena *a, size_t n)
{
	void *p = arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

char *arena_strndup(sg_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(sg_arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(sg_arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(sg_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
