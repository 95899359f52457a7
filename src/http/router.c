/* router.c — segment-by-segment matching over the route table. */
#include "http/router.h"

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

void router_match(const char *path, enum http_method method, struct route_match *out)
{
	memset(out, 0, sizeof *out);
	out->index = -1;
	/* HEAD is served by GET routes. */
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;

	for (size_t i = 0; i < routes_count; i++) {
		struct route_match m = {0};
		if (!match_path(routes[i].pattern, path, &m))
			continue;
		if (routes[i].method == want) {
			m.index = (int)i;
			*out = m;
			return;
		}
		const char *name =
		    routes[i].method == HTTP_GET ? "GET, HEAD" : method_names[routes[i].method];
		size_t used = strlen(out->allow), n = strlen(name);
		if (!strstr(out->allow, method_names[routes[i].method]) &&
		    used + n + 3 < sizeof out->allow) {
			if (used) {
				memcpy(out->allow + used, ", ", 2);
				used += 2;
			}
			memcpy(out->allow + used, name, n + 1);
		}
		out->path_known = 1;
	}
}
