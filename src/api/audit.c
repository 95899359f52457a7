/* audit.c (api) — reading the audit log (roles admin, audit_admin). */
#include "api/api.h"
#include "domain/audit.h"

/* GET /api/v1/audit?action=&actor=&limit=&cursor= → 200 {items, next_cursor}; 400. */
static int api_audit_list(sg_req *r)
{
	int64_t cursor;
	int limit;
	json_t *out;
	const char *action, *actor;
	int rc = req_page(r, &cursor, &limit);

	if (!rc)
		rc = req_query_text(r, "action", 64, &action);
	if (!rc)
		rc = req_query_text(r, "actor", 64, &actor);
	if (!rc)
		rc = audit_list(&r->ctx, action, actor, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route audit_routes[] = {
    {HTTP_GET, "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, "read the audit log"},
};
const size_t audit_routes_count = sizeof audit_routes / sizeof audit_routes[0];
const struct enum_def *const audit_enums[] = {NULL};
