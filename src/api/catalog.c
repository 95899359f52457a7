/* catalog.c (api) — the guidance catalog (R-CAT-1), target groups
 * (R-CAT-2) and negative list (R-CAT-3): read by every signed-in role;
 * items added and changed by civil affairs staff (their region's
 * additions) and administrators (also the national items). */
#include "api/api.h"
#include "domain/catalog.h"

/* GET /api/v1/catalog?division=&year= → 200 {areas:[{…, items}]}; 400. */
static int api_catalog_get(sg_req *r)
{
	int64_t year = 0;
	json_t *out;
	int rc = req_query_int(r, "year", CATALOG_YEAR_MIN, CATALOG_YEAR_MAX, "R-CAT-1", &year);
	if (!rc)
		rc = catalog_get(&r->ctx, req_query_cut(r, "division", 16), (int)year, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/target-groups → 200 {items}. */
static int api_target_group_list(sg_req *r)
{
	json_t *out;
	int rc = catalog_target_groups(&r->ctx, &out);
	return rc ? rc : reply_json(r, 200, out);
}

/* GET /api/v1/negative-list → 200 {items}. */
static int api_negative_list(sg_req *r)
{
	json_t *out;
	int rc = catalog_negative_list(&r->ctx, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field create_fields[] = {
    {"area_code", JV_STRING, true, 1, 40, "R-CAT-1"},
    {"code", JV_STRING, false, 0, 40, "R-CAT-1"},
    {"name_zh", JV_STRING, true, 1, 64, "R-CAT-1"},
    {"name_en", JV_STRING, false, 0, 128, "R-CAT-1"},
    {"description_zh", JV_STRING, false, 0, 500, "R-CAT-1"},
    {"position", JV_INT, false, 0, 9999, "R-CAT-1"},
    {"division_code", JV_STRING, false, 2, 12, "R-DIV-1"},
    {"year", JV_INT, false, 2000, 2100, "R-CAT-1"},
};

/* POST /api/v1/catalog/items → 201 item; 400, 403 (a national item by
 * civil affairs staff), 404 (division_code outside the scope), 409. */
static int api_catalog_item_create(sg_req *r)
{
	json_t *in, *out = NULL;
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	struct catalog_item_new n = {
	    .area_code = jsonv_str(in, "area_code", ""),
	    .code = jsonv_str(in, "code", ""),
	    .name_zh = jsonv_str(in, "name_zh", ""),
	    .name_en = jsonv_str(in, "name_en", ""),
	    .description_zh = jsonv_str(in, "description_zh", NULL),
	    .division_code = jsonv_str(in, "division_code", NULL),
	    .year = (int)jsonv_int(in, "year", 0),
	    .position = (int)jsonv_int(in, "position", 0),
	};
	rc = catalog_item_add(&r->ctx, &n, &out);
	return reply_done(r, rc, in, 201, out);
}

static const jsonv_field update_fields[] = {
    {"name_zh", JV_STRING, false, 1, 64, "R-CAT-1"},
    {"name_en", JV_STRING, false, 1, 128, "R-CAT-1"},
    {"description_zh", JV_STRING, false, 0, 500, "R-CAT-1"},
    {"position", JV_INT, false, 0, 9999, "R-CAT-1"},
};

/* PATCH /api/v1/catalog/items/{id} → 200 item; 400, 403 (a national item
 * by civil affairs staff), 404 (outside the scope). */
static int api_catalog_item_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	struct catalog_item_patch p = {
	    .name_zh = jsonv_str(in, "name_zh", NULL),
	    .name_en = jsonv_str(in, "name_en", NULL),
	    .description_zh = jsonv_str(in, "description_zh", NULL),
	    .position = jsonv_has(in, "position") ? (int)jsonv_int(in, "position", 0) : -1,
	};
	rc = catalog_item_update(&r->ctx, id, &p, &out);
	return reply_done(r, rc, in, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route catalog_routes[] = {
    {HTTP_GET, "/api/v1/catalog", api_catalog_get, PERM_SIGNED_IN, "read the service catalog"},
    {HTTP_POST, "/api/v1/catalog/items", api_catalog_item_create, PERM_CATALOG_EDIT,
     "add a catalog item"},
    {HTTP_PATCH, "/api/v1/catalog/items/{id}", api_catalog_item_update, PERM_CATALOG_EDIT,
     "change a catalog item"},
    {HTTP_GET, "/api/v1/target-groups", api_target_group_list, PERM_SIGNED_IN,
     "list the target groups"},
    {HTTP_GET, "/api/v1/negative-list", api_negative_list, PERM_SIGNED_IN,
     "list the matters that may not be bought"},
};
const size_t catalog_routes_count = sizeof catalog_routes / sizeof catalog_routes[0];
const struct enum_def *const catalog_enums[] = {&catalog_actions, NULL};
