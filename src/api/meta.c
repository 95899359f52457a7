/* meta.c (api) — what the UI reads once instead of keeping copies: the
 * allowed values of every field with their labels. */
#include "api/api.h"
#include "domain/role.h"

/* GET /api/v1/meta/enums → 200 {"station.tier":[{value, zh, en}], …,
 * "role":[…]}: every module's lists (api/routes.c). */
static int api_meta_enums(sg_req *r)
{
	json_t *out = json_object();
	/* Lists of one name from several modules (each module's
	 * "audit.action") are joined. */
	for (size_t m = 0; m < route_modules_count; m++)
		for (const struct enum_def *const *e = route_modules[m].enums; e && *e; e++) {
			json_t *have = json_object_get(out, (*e)->name);
			if (have) {
				json_t *more = enum_json(*e);
				json_array_extend(have, more);
				json_decref(more);
			} else
				json_object_set_new(out, (*e)->name, enum_json(*e));
		}
	json_object_set_new(out, "role", role_enum());
	return reply_json(r, 200, out);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route meta_routes[] = {
    {HTTP_GET, "/api/v1/meta/enums", api_meta_enums, PERM_SIGNED_IN,
     "the allowed values of every field, with their labels"},
};
const size_t meta_routes_count = sizeof meta_routes / sizeof meta_routes[0];
const struct enum_def *const meta_enums[] = {NULL};
