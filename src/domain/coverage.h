/*
 * coverage.h — the share of townships and villages with a working station
 * (R-NET-3), the figure the county's dashboard and the province's report
 * read.
 */
#ifndef SG_COVERAGE_H
#define SG_COVERAGE_H

#include <jansson.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum {
	COVERAGE_MISSING_MAX = 200,	/* villages listed as missing in the answer */
	COVERAGE_TOWNSHIPS_MAX = 20000, /* townships listed (a province has < 5,000) */
	COVERAGE_EXPORT_MAX = 100000	/* divisions in an export of the missing */
};

/* Coverage of a division:
 *   {division:{code, name, level},
 *    townships:{total, with_station, ratio}, villages:{…},
 *    children:[{code, name, level, townships:{…}, villages:{…}}],
 *    missing_townships:[{code, name}],
 *    missing_villages:{count, items:[{code, name}]}}
 * where with_station counts the townships (villages) that have at least
 * one working station of the township (village) tier; ratio is
 * with_station / total rounded to 4 places, null when total is 0;
 * children are the divisions one level down; missing_villages lists the
 * first COVERAGE_MISSING_MAX in code order (coverage_missing pages
 * through all). Who may ask: PERM_COVERAGE_READ (the route) for a
 * division within the scope; outside it SG_ENOTFOUND (field "code"), as
 * for a division that does not exist. SG_EINVAL (field "code") for a
 * malformed code. */
int coverage_get(sg_ctx *ctx, const char *division_code, json_t **out);

/* The townships ("township") or villages ("village") below a division
 * without a working station of that tier, in code order after cursor (a
 * code, NULL for the first page): {items:[{code, name}], next_cursor,
 * total}. limit 0 with export: every one (at most COVERAGE_EXPORT_MAX),
 * audited "coverage.export" (committed before the caller builds its
 * file). Errors as coverage_get; SG_EINVAL (field "tier"). */
int coverage_missing(sg_ctx *ctx, const char *division_code, const char *tier, const char *cursor,
		     int limit, bool export, json_t **out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def coverage_actions;

#endif
