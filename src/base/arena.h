/*
 * arena.h — a per-request bump allocator.
 *
 * Everything a request allocates comes from its arena and is freed at once
 * when the request ends (h2o's req->pool). Built with SG_DEBUG_ARENA=1 (the
 * sanitizer build), every allocation is a separate malloc so that ASan and
 * valgrind still see each object and its bounds.
 */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct sg_arena sg_arena;

/* A new arena; never NULL. */
sg_arena *arena_new(void);
/* Frees the arena and everything allocated from it; NULL is a no-op. */
void arena_free(sg_arena *a);

/* n bytes aligned for any type, uninitialised; never NULL. */
void *arena_alloc(sg_arena *a, size_t n);
/* n zeroed bytes. */
void *arena_zalloc(sg_arena *a, size_t n);
/* A NUL-terminated copy of the first n bytes of s. */
char *arena_strndup(sg_arena *a, const char *s, size_t n);
char *arena_strdup(sg_arena *a, const char *s);
/* A formatted string. */
char *arena_printf(sg_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(sg_arena *a, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
