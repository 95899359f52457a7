/*
 * mem.h — allocation that cannot fail.
 *
 * Running out of memory aborts the process (the Redis zmalloc rule): it
 * removes a class of untestable error branches. Every growable structure
 * has its own hard cap instead (see buf.h).
 */
#ifndef SG_MEM_H
#define SG_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* a ‖ b ‖ c as a new string (c may be NULL). */
char *xconcat(const char *a, const char *b, const char *c);

/* Overwrite n bytes at p in a way the compiler cannot elide (keys,
 * passwords). */
void mem_wipe(void *p, size_t n);

#endif
