/* audit.c (api) — reading the audit log (roles admin, audit_admin). */
#include "api/api.h"
#include "domain/audit.h"

/* GET /api/v1/audit?action=&actor=&limit=&cursor= → 200 {items, next_cursor}; 400. */
int api_audit_list(sg_req *r)
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
