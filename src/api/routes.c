/*
 * routes.c — the route table: the route arrays of the API modules, in
 * the order they are matched. Each row of a module's array names its
 * method, path, handler and the one permission (domain/role.h) a caller
 * must hold. Deny by default: a row with PERM_NONE is never served, and
 * tests/unit/test_router.c fails if one is added.
 *
 * A new module adds its file under src/api/ and one line here.
 */
#include "api/api.h"

#define MODULE(name)                                                                               \
	{                                                                                          \
		name##_routes, &name##_routes_count, name##_enums                                  \
	}

/* clang-format off */
const struct route_module route_modules[] = {
    MODULE(session),
    MODULE(user),
    MODULE(division),
    MODULE(catalog),
    MODULE(org),
    MODULE(station),
    MODULE(readiness),
    MODULE(worker),
    MODULE(coverage),
    MODULE(audit),
    MODULE(meta),
    MODULE(ops),
};
/* clang-format on */
const size_t route_modules_count = sizeof route_modules / sizeof route_modules[0];
