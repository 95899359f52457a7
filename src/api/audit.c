/* audit.c (api) — reading the audit log (the audit administrator). */
#include "api/api.h"
#include "domain/audit.h"

/* GET /api/v1/audit?action=&actor=&from=&to=&limit=&cursor= → 200 {items,
 * next_cursor}; 400. from and to are dates (YYYY-MM-DD, included). */
static int api_audit_list(sg_req *r)
{
	struct audit_filter f = {0};
	int64_t cursor;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);

	if (!rc)
		rc = req_query_text(r, "action", 64, &f.action);
	if (!rc)
		rc = req_query_text(r, "actor", 64, &f.actor);
	if (!rc)
		rc = req_query_text(r, "from", 10, &f.from);
	if (!rc)
		rc = req_query_text(r, "to", 10, &f.to);
	if (!rc)
		rc = audit_list(&r->ctx, &f, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/audit/actions → 200 {items:[{action, count}]}. */
static int api_audit_actions(sg_req *r)
{
	json_t *out;
	int rc = audit_actions(&r->ctx, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route audit_routes[] = {
    {HTTP_GET, "/api/v1/audit", api_audit_list, PERM_AUDIT_READ, "read the audit log"},
    {HTTP_GET, "/api/v1/audit/actions", api_audit_actions, PERM_AUDIT_READ,
     "list the actions the audit log holds, for its filter"},
};
const size_t audit_routes_count = sizeof audit_routes / sizeof audit_routes[0];
const struct enum_def *const audit_enums[] = {&audit_object_types, NULL};
