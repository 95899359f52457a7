/* audit.c (api) — reading the audit log (roles admin, audit_admin). */
#include <string.h>

#include "api/api.h"
#include "domain/audit.h"

/* GET /api/v1/audit?action=&actor=&limit=&cursor= → 200 {items, next_cursor}; 400. */
int api_audit_list(sg_req *r)
{
	int64_t cursor;
	int limit;
	json_t *out;
	const char *action = req_query(r, "action"), *actor = req_query(r, "actor");
	int rc = req_page(r, &cursor, &limit);

	if (!rc && ((action && strlen(action) > 64) || (actor && strlen(actor) > 64)))
		rc = sg_err_set(&r->ctx.err, SG_EINVAL,
				action && strlen(action) > 64 ? "action" : "actor", "R-IO-1",
				"筛选条件过长", "the filter is too long");
	if (!rc)
		rc = audit_list(&r->ctx, action, actor, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}
