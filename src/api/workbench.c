/* workbench.c (api) — the signed-in user's to-do list (domain/workbench.h). */
#include "api/api.h"
#include "domain/workbench.h"

/* GET /api/v1/workbench → 200 {date, year, sections, budget}. */
static int api_workbench(sg_req *r)
{
	json_t *out = NULL;
	int rc = workbench_get(&r->ctx, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route workbench_routes[] = {
    {HTTP_GET, "/api/v1/workbench", api_workbench, PERM_SIGNED_IN,
     "the signed-in user's to-do list"},
};
const size_t workbench_routes_count = sizeof workbench_routes / sizeof workbench_routes[0];
const struct enum_def *const workbench_enums[] = {NULL};
