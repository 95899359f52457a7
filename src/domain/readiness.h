/*
 * readiness.h — the readiness checklist of the stations (R-NET-4) and the
 * working flag it decides.
 *
 * Each tier has its checklist (readiness_items): "flag" items ticked by a
 * person, and computed items — "min_staff" (full-time staff ≥ threshold)
 * and "min_qualified" (staff holding a qualification ≥ threshold). A
 * station is working iff its status is "active" and every item of its
 * tier passes. A flag item passes when it is ticked and the tick is
 * confirmed: a tick by the station's operator (provider staff) is a claim
 * until township or civil affairs staff confirm it (PERM_READINESS_CONFIRM);
 * a tick by those staff is confirmed as it is made. The stored flag
 * (stations.working) is recomputed in the transaction of every write
 * that can change it (docs/ARCHITECTURE.md "Stations: the working flag").
 *
 * A station's checklist renders as
 *   {working, items:[{id, code, name_zh, name_en, kind, threshold, actual,
 *     met, note, checked_at, ticked_by:{id, name}|null, confirmed_at,
 *     confirmed_by:{id, name}|null, passed}]}
 */
#ifndef SG_READINESS_H
#define SG_READINESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum { READINESS_THRESHOLD_MAX = 99 };

extern const struct enum_def readiness_kinds; /* "readiness.kind" */

/* Takes the locks of a write that can change station id's working flag:
 * its tier's checklist items, then the station's row. */
int readiness_lock_station(sg_ctx *ctx, int64_t station_id);
/* Takes the locks of a new station's tier (before its row exists). */
int readiness_lock_tier(sg_ctx *ctx, const char *tier);
/* Recomputes the working flag of one station. */
int readiness_recompute(sg_ctx *ctx, int64_t station_id);
/* The follow-up of a write to a station's staff or ticks (write.h's
 * after): recomputes its working flag, touches its row, and adds
 * "working" to the audited new value. */
struct write;
int readiness_write_after(struct write *w);
/* The checklist of station id (tier its tier) with its ticks and
 * confirmations, into *out (rendering above, "working" from working). */
int readiness_render(sg_ctx *ctx, int64_t station_id, const char *tier, bool working, json_t **out);

/* Ticks (met) or unticks a flag item of the station's checklist with an
 * optional note, audited "station.readiness_set"; confirmed at once when
 * the actor holds PERM_READINESS_CONFIRM. out is the station's detail.
 * SG_EFORBIDDEN (PERM_STATION_MANAGE), SG_ENOTFOUND (field "item_id": no
 * such item; "id": no such station in the scope), SG_EINVAL (field
 * "item_id": another tier's item, or a computed one). */
int readiness_tick(sg_ctx *ctx, int64_t station_id, int64_t item_id, bool met, const char *note,
		   json_t **out);
/* Confirms the tick of a flag item, audited "station.readiness_confirm";
 * out is the station's detail. SG_EFORBIDDEN (PERM_READINESS_CONFIRM),
 * SG_ENOTFOUND (no such station in the scope, no such item), SG_ECONFLICT
 * (field "item_id": nothing ticked, or confirmed already). */
int readiness_confirm(sg_ctx *ctx, int64_t station_id, int64_t item_id, json_t **out);

/* The checklist: {items:[{id, tier, code, name_zh, name_en, kind,
 * threshold, position}]} of one tier (NULL: all three), in order.
 * SG_EINVAL (field "tier"). */
int readiness_items(sg_ctx *ctx, const char *tier, json_t **out);
/* What the system administrator changes in an item: NULL / -1 leave a
 * field. */
struct readiness_item_patch {
	const char *name_zh, *name_en;
	int threshold;
};
/* Changes an item (PERM_SETTINGS_EDIT) and recomputes "working" for every
 * station of its tier in the same transaction; audited
 * "readiness.item_update" with old and new values and the number of
 * stations whose working flag changed. out is the item. SG_EFORBIDDEN,
 * SG_ENOTFOUND, SG_EINVAL (field "threshold": a flag item has none). */
int readiness_item_update(sg_ctx *ctx, int64_t item_id, const struct readiness_item_patch *p,
			  json_t **out);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def readiness_actions;

#endif
