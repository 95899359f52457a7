/*
 * api.h — the HTTP handlers, one file per domain module. Each file keeps
 * its handlers static and exports one route array, name_routes[], with its
 * length; routes.c lists the arrays. Each handler's comment lists the
 * statuses it returns.
 */
#ifndef SG_API_H
#define SG_API_H

#include "http/request.h"
#include "domain/enums.h"
#include "http/router.h"

/* Declares a module's route array, its length, and its lists of allowed
 * values (NULL-terminated). */
#define API_MODULE(name)                                                                           \
	extern const struct route name##_routes[];                                                 \
	extern const size_t name##_routes_count;                                                   \
	extern const struct enum_def *const name##_enums[]

API_MODULE(session);
API_MODULE(user);
API_MODULE(division);
API_MODULE(catalog);
API_MODULE(org);
API_MODULE(station);
API_MODULE(readiness);
API_MODULE(worker);
API_MODULE(coverage);
API_MODULE(meta);
API_MODULE(audit);
API_MODULE(ops);

#endif
