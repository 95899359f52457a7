/* router.c — segment-by-segment matching over the route table. */
#include "http/router.h"

#include <assert.h>
#include <stdbool.h>
#include <string.h>

static const char *const method_names[HTTP__MAX] = {"GET",   "HEAD",   "POST", "PUT",
						    "PATCH", "DELETE", "OTHER"};

enum http_method http_method_from(const char *name)
{
	for (int i = 0; i < HTTP_OTHER; i++)
		if (strcmp(name, method_names[i]) == 0)
			return (enum http_method)i;
	return HTTP_OTHER;
}

const char *http_method_name(enum http_method m)
{
	return m < HTTP__MAX ? method_names[m] : "OTHER";
}

size_t route_count(void)
{
	size_t n = 0;
	for (size_t m = 0; m < route_modules_count; m++)
		n += *route_modules[m].count;
	return n;
}

const struct route *route_at(size_t i)
{
	for (size_t m = 0; m < route_modules_count; m++) {
		if (i < *route_modules[m].count)
			return &route_modules[m].routes[i];
		i -= *route_modules[m].count;
	}
	assert(!"route index out of range");
	return NULL;
}

/* Does path match pattern? Fills params on success. */
static int match_path(const char *pattern, const char *path, struct route_match *m)
{
	const char *p = pattern, *s = path;
	size_t n = 0;

	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++;
		s++;
		const char *pe = strchr(p, '/'), *se = strchr(s, '/');
		size_t plen = pe ? (size_t)(pe - p) : strlen(p);
		size_t slen = se ? (size_t)(se - s) : strlen(s);
		if (plen > 1 && p[0] == '{') {
			if (slen == 0 || n == ROUTE_MAX_PARAMS)
				return 0;
			m->params[n] = s;
			m->param_lens[n] = slen;
			n++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return 0;
		}
		p += plen;
		s += slen;
	}
	if (*p || *s)
		return 0;
	m->nparams = n;
	return 1;
}

/* Matches route rt (index i) against path; true when it answers the
 * method. A route of the path with another method adds to out's Allow. */
static bool match_one(const struct route *rt, size_t i, const char *path, enum http_method want,
		      struct route_match *out)
{
	struct route_match m = {0};
	if (!match_path(rt->pattern, path, &m))
		return false;
	if (rt->method == want) {
		m.index = (int)i;
		*out = m;
		return true;
	}
	const char *name = rt->method == HTTP_GET ? "GET, HEAD" : method_names[rt->method];
	size_t used = strlen(out->allow), n = strlen(name);
	if (!strstr(out->allow, method_names[rt->method]) && used + n + 3 < sizeof out->allow) {
		if (used) {
			memcpy(out->allow + used, ", ", 2);
			used += 2;
		}
		memcpy(out->allow + used, name, n + 1);
	}
	out->path_known = 1;
	return false;
}

void router_match(const char *path, enum http_method method, struct route_match *out)
{
	memset(out, 0, sizeof *out);
	out->index = -1;
	/* HEAD is served by GET routes. */
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	size_t i = 0;

	for (size_t mod = 0; mod < route_modules_count; mod++)
		for (size_t k = 0; k < *route_modules[mod].count; k++, i++)
			if (match_one(&route_modules[mod].routes[k], i, path, want, out))
				return;
}
