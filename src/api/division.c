/* division.c (api) — administrative divisions (R-DIV-1): reference data
 * that every signed-in role reads. */

#include "api/api.h"
#include "domain/division.h"
#include "domain/page.h"

/* GET /api/v1/divisions/{code} → 200 division with path; 400 (code), 404. */
static int api_division_get(sg_req *r)
{
	json_t *out;
	int rc = division_get(&r->ctx, req_param_cut(r, 0, 16), &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/divisions?parent=&limit=&cursor= → 200 {items, next_cursor}
 * (no parent: the provinces); GET /api/v1/divisions?q=&limit= → 200
 * {items} (search, default limit 20); 400, 404 (unknown parent). */
static int api_division_list(sg_req *r)
{
	const char *q = req_query(r, "q"), *parent = req_query(r, "parent");
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);

	if (rc)
		return rc;
	if (q) {
		if (parent || cursor)
			return sg_err_set(&r->ctx.err, SG_EINVAL, parent ? "parent" : "cursor",
					  "R-IO-1", "搜索不能与 parent 或 cursor 同用",
					  "a search (q) takes neither parent nor cursor");
		if (!req_query(r, "limit"))
			limit = DIVISION_SEARCH_DEFAULT;
		rc = division_search(&r->ctx, q, limit, &out);
	} else {
		rc = division_children(&r->ctx, parent, cursor, limit, &out);
	}
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route division_routes[] = {
    {HTTP_GET, "/api/v1/divisions", api_division_list, PERM_SIGNED_IN,
     "list the children of a division, or search divisions by name"},
    {HTTP_GET, "/api/v1/divisions/{code}", api_division_get, PERM_SIGNED_IN,
     "read a division and its ancestors"},
};
const size_t division_routes_count = sizeof division_routes / sizeof division_routes[0];
const struct enum_def *const division_enums[] = {&division_actions, NULL};
