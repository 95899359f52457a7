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

#endif
