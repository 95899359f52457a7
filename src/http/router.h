/*
 * router.h — the route table: method, path pattern, handler, permission.
 *
 * Patterns are literal segments and `{name}` parameters, e.g.
 * "/api/v1/users/{id}". The table is the concatenation of the API
 * modules' arrays (api/routes.c); a route is known by its index in it.
 * A route whose permission is PERM_NONE is never served (deny by
 * default); tests enumerate the table to prove every route has one.
 */
#ifndef SG_ROUTER_H
#define SG_ROUTER_H

#include <stddef.h>
#include <stdint.h>

#include "domain/role.h"

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OTHER,
	HTTP__MAX
};

enum { ROUTE_MAX_PARAMS = 4 };

typedef struct sg_req sg_req;

/* A handler returns 0 after reply_*(), or a negative SG_E* code with
 * r->ctx.err filled; the server turns the code into a status. */
typedef int (*route_handler)(sg_req *r);

struct route {
	enum http_method method;
	const char *pattern;
	route_handler handler;
	enum perm perm; /* who may call it (PERM_PUBLIC: anyone) */
	const char *summary;
};

struct enum_def;

/* One API module: its routes, and the lists of allowed values its fields
 * take (NULL-terminated; GET /api/v1/meta/enums serves them). */
struct route_module {
	const struct route *routes;
	const size_t *count;
	const struct enum_def *const *enums;
};

/* The application's modules (api/routes.c). */
extern const struct route_module route_modules[];
extern const size_t route_modules_count;

/* The number of routes, and route i of the table (i < route_count()). */
size_t route_count(void);
const struct route *route_at(size_t i);

struct route_match {
	int index; /* route_at(index), -1 when none */
	const char *params[ROUTE_MAX_PARAMS];
	size_t param_lens[ROUTE_MAX_PARAMS];
	size_t nparams;
	/* When index is -1: 1 if the path exists with other methods (405). */
	int path_known;
	char allow[64]; /* "GET, POST" for the Allow header */
};

/* Matches path (no query string) and method; params point into path. */
void router_match(const char *path, enum http_method method, struct route_match *out);

enum http_method http_method_from(const char *name);
const char *http_method_name(enum http_method m);

#endif
