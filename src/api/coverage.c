/* coverage.c (api) — coverage of a division by working stations
 * (R-NET-3, domain/coverage.h). */
#include <string.h>

#include "api/api.h"
#include "api/export.h"
#include "domain/coverage.h"
#include "domain/page.h"

/* GET /api/v1/divisions/{code}/coverage → 200 coverage; 400 (code), 404
 * (no such division, or outside the caller's subtree; roles without a
 * division scope). */
static int api_division_coverage(sg_req *r)
{
	json_t *out;
	int rc = coverage_get(&r->ctx, req_param_cut(r, 0, 16), &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const struct export_column missing_columns[] = {
    {"行政区划代码 Division code", "code", NULL},
    {"名称 Name", "name", NULL},
};

/* GET /api/v1/divisions/{code}/coverage/missing?tier=township|village
 * &cursor=&limit= → 200 {items:[{code, name}], next_cursor, total}; 400,
 * 404 (as for coverage). */
static int api_coverage_missing(sg_req *r)
{
	int64_t limit = PAGE_DEFAULT;
	json_t *out;
	/* the cursor is a division code, not an id: read it apart */
	const char *cursor = req_query_cut(r, "cursor", 16);
	int rc = req_query_int(r, "limit", 1, PAGE_MAX, "R-IO-1", &limit);
	if (!rc)
		rc =
		    coverage_missing(&r->ctx, req_param_cut(r, 0, 16), req_query_cut(r, "tier", 16),
				     cursor, (int)limit, false, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/divisions/{code}/coverage/missing/export?tier=&format=
 * → 200 a file of every township or village without a working station;
 * 400, 404. Audited. */
static int api_coverage_missing_export(sg_req *r)
{
	json_t *out = NULL;
	const char *tier = req_query_cut(r, "tier", 16);
	int rc = export_format_check(r);
	if (!rc)
		rc = coverage_missing(&r->ctx, req_param_cut(r, 0, 16), tier, NULL, 0, true, &out);
	if (!rc)
		rc = reply_export(r,
				  tier && strcmp(tier, "township") == 0 ? "未覆盖乡镇（街道）"
									: "未覆盖村（社区）",
				  "uncovered", missing_columns, 2, json_object_get(out, "items"));
	json_decref(out);
	return rc;
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route coverage_routes[] = {
    {HTTP_GET, "/api/v1/divisions/{code}/coverage", api_division_coverage, PERM_COVERAGE_READ,
     "read the station coverage of a division"},
    {HTTP_GET, "/api/v1/divisions/{code}/coverage/missing", api_coverage_missing,
     PERM_COVERAGE_READ, "list the townships or villages without a working station"},
    {HTTP_GET, "/api/v1/divisions/{code}/coverage/missing/export", api_coverage_missing_export,
     PERM_COVERAGE_READ, "export the townships or villages without a working station"},
};
const size_t coverage_routes_count = sizeof coverage_routes / sizeof coverage_routes[0];
const struct enum_def *const coverage_enums[] = {&coverage_actions, NULL};
