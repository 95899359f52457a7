/*
 * jsonmem.h — where jansson's memory comes from.
 *
 * While a request is handled, the JSON values it builds (the parsed body,
 * domain objects, the reply) are allocated from the request's arena:
 * a reply of a few dozen values then costs a few pointer bumps instead of
 * dozens of malloc/free pairs, and json_decref frees nothing — the arena
 * goes at the end of the request, after every value of the request has
 * been released. Outside a request (start-up, the CLI), jansson uses the
 * heap as usual.
 *
 * Rule that follows: no JSON value built during a request may outlive it.
 * (The sanitizer build gives each arena object its own malloc, so ASan
 * reports any value used after its request.)
 */
#ifndef SG_JSONMEM_H
#define SG_JSONMEM_H

#include "base/arena.h"

/* Installs the allocator; call once before any JSON value exists. */
void jsonmem_init(void);
/* This thread's JSON values come from a (NULL: the heap) from now on. */
void jsonmem_use(sg_arena *a);
/* Frees a buffer that jansson returned (json_dumps). */
void jsonmem_free(void *p);

#endif
