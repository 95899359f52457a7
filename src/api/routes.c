/*
 * routes.c — the route table: the route arrays of the API modules, in
 * the order they are matched. Each row of a module's array names its
 * method, path, handler and the one permission (domain/role.h) a caller
 * must hold. Deny by default: a row with PERM_NONE is never served, and
 * tests/unit/test_router.c fails if one is added.
 *
 * A new module adds its file under src/api/ — handlers, its name_routes[]
 * and name_enums[] (API_MODULE in api.h says their types) — and one line
 * to MODULES below.
 */
#include "api/api.h"

/* The modules, in the order their routes are matched. */
#define MODULES(X)                                                                                 \
	X(session)                                                                                 \
	X(user)                                                                                    \
	X(division)                                                                                \
	X(catalog)                                                                                 \
	X(org)                                                                                     \
	X(station)                                                                                 \
	X(readiness)                                                                               \
	X(worker)                                                                                  \
	X(coverage)                                                                                \
	X(plan)                                                                                    \
	X(budget)                                                                                  \
	X(project)                                                                                 \
	X(tender)                                                                                  \
	X(contract)                                                                                \
	X(volunteer)                                                                               \
	X(workbench)                                                                               \
	X(calendar)                                                                                \
	X(audit)                                                                                   \
	X(meta)                                                                                    \
	X(ops)

#define DECLARE(name) API_MODULE(name);
#define ENTRY(name)   {name##_routes, &name##_routes_count, name##_enums},
MODULES(DECLARE)
const struct route_module route_modules[] = {MODULES(ENTRY)};
const size_t route_modules_count = sizeof route_modules / sizeof route_modules[0];
