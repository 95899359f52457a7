/* worker.c (api) — the social workers (R-TAL-1), within the caller's
 * scope (domain/worker.h). */
#include "api/api.h"
#include "domain/worker.h"

/* GET /api/v1/social-workers?employer_org_id=&qualification=&q=&limit=&cursor=
 * → 200 {items, next_cursor, total} (within the caller's scope); 400. */
static int api_social_worker_list(sg_req *r)
{
	int64_t cursor, employer = 0;
	int limit;
	json_t *out;
	int rc = req_page(r, &cursor, &limit);
	if (!rc)
		rc = req_query_int(r, "employer_org_id", 1, INT64_MAX, "R-IO-1", &employer);
	if (!rc)
		rc = worker_list(&r->ctx, employer, req_query_cut(r, "qualification", 16),
				 req_query_cut(r, "q", 4 * WORKER_QUERY_MAX + 4), cursor, limit,
				 &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field worker_fields[] = {
    {"name", JV_STRING, true, 1, 64, "R-TAL-1"},
    {"qualification", JV_STRING, false, 1, 16, "R-TAL-1"},
    {"certificate_no", JV_STRING, false, 1, 40, "R-TAL-1"},
    {"employer_org_id", JV_INT, false, 1, 999999999999, "R-TAL-1"},
    {"full_time", JV_BOOL, true, 0, 0, "R-TAL-1"},
};

/* POST /api/v1/social-workers → 201 worker; 400, 403, 404 (employer
 * outside the scope). */
static int api_social_worker_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(worker_fields), &in);
	if (rc)
		return rc;
	struct worker_new n = {
	    .name = jsonv_str(in, "name", ""),
	    .qualification = jsonv_str(in, "qualification", NULL),
	    .certificate_no = jsonv_str(in, "certificate_no", NULL),
	    .employer_org_id = jsonv_int(in, "employer_org_id", 0),
	    .full_time = jsonv_bool(in, "full_time", false),
	};
	rc = worker_create(&r->ctx, &n, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/social-workers/{id} → 200 worker with stations; 404. */
static int api_social_worker_get(sg_req *r)
{
	return reply_read(r, worker_get);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route worker_routes[] = {
    {HTTP_GET, "/api/v1/social-workers", api_social_worker_list, PERM_WORKER_READ,
     "list social workers"},
    {HTTP_POST, "/api/v1/social-workers", api_social_worker_create, PERM_WORKER_REGISTER,
     "register a social worker"},
    {HTTP_GET, "/api/v1/social-workers/{id}", api_social_worker_get, PERM_WORKER_READ,
     "read a social worker"},
};
const size_t worker_routes_count = sizeof worker_routes / sizeof worker_routes[0];
const struct enum_def *const worker_enums[] = {&worker_actions, &worker_qualifications, NULL};
