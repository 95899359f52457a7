/*
 * catalog.h — the guidance catalog of purchasable services (R-CAT-1), the
 * target groups (R-CAT-2) and the negative list (R-CAT-3).
 *
 * Reference data that every signed-in role reads. The national items are
 * seeded by schema/003_catalog.sql and changed by an administrator only;
 * civil affairs staff add and change their region's additions (items with
 * a division_code in their division subtree). An item renders as
 *   {id, area_code, code, name_zh, name_en, description_zh, position,
 *    division_code, year}
 * with division_code and year null for a national item.
 */
#ifndef SG_CATALOG_H
#define SG_CATALOG_H

#include <jansson.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum { CATALOG_YEAR_MIN = 2000, CATALOG_YEAR_MAX = 2100 };

/* The areas in order, each with its items: {areas:[{code, name_zh,
 * name_en, position, items:[item…]}]}. division NULL: the national items
 * and the additions within the actor's scope; otherwise the national items
 * and the additions of that division and its ancestors. year 0: additions
 * of every year; otherwise those of that year or of every year.
 * SG_EINVAL (field "division", R-DIV-1) for a malformed code. */
int catalog_get(sg_ctx *ctx, const char *division, int year, json_t **out);

/* {items:[{code, name_zh, name_en, position}]}, in order. */
int catalog_target_groups(sg_ctx *ctx, json_t **out);

/* {items:[{code, name_zh, name_en, clause, position}]}, in order. */
int catalog_negative_list(sg_ctx *ctx, json_t **out);

struct catalog_item_new {
	const char *area_code, *code, *name_zh, *name_en;
	const char *description_zh; /* NULL: none */
	const char *division_code;  /* NULL: a national item (admin only) */
	int year;		    /* 0: every year */
	int position;
};

/* Adds an item, audited "catalog.item_create". SG_EINVAL (field named,
 * R-CAT-1), SG_EFORBIDDEN (a national item by a non-administrator),
 * SG_ENOTFOUND (field "division_code": no such division in the actor's
 * scope), SG_ECONFLICT (field "code": taken in that area). */
int catalog_item_add(sg_ctx *ctx, const struct catalog_item_new *in, json_t **out);

/* The fields an update may change; NULL / -1 leave one as it is;
 * description_zh "" clears it. */
struct catalog_item_patch {
	const char *name_zh, *name_en, *description_zh;
	int position;
};

/* Changes an item, audited "catalog.item_update" with old and new values.
 * SG_ENOTFOUND for an item outside the actor's scope, SG_EFORBIDDEN for a
 * national item changed by a non-administrator, SG_EINVAL. */
int catalog_item_update(sg_ctx *ctx, int64_t id, const struct catalog_item_patch *p, json_t **out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def catalog_actions;

#endif
