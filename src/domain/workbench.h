/*
 * workbench.h — the signed-in user's to-do list (工作台): what waits for
 * them across the modules, each entry a count, the first few objects and
 * a link, and the year's budget for those who hold one.
 *
 *   {date, year, sections:[{kind, title_zh, title_en, count, link,
 *     items:[{id, label, detail, due, link}]}], budget:{…}|null}
 *
 * A section appears only for a user who holds its permission and when it
 * has something in it; every query runs in the user's scope, so the list
 * never names an object the user could not open. Kinds, in order:
 *   approvals         approvals waiting for me (approval.read)
 *   notices_ending    awards whose public notice ends within 3 days
 *   objections        objections waiting for a reply (tender.edit)
 *   contracts_due     final awards without a contract, due by the rule
 *                     contract.sign_within_days after the notice (late
 *                     ones first, marked late) (contract.edit)
 *   contracts_ending  signed contracts ending within 30 days
 *                     (contract.read)
 *   stations_not_ready stations not working (station.edit)
 *   townships_uncovered townships without a working station, per scope
 *                     division (coverage.read; division scopes only)
 */
#ifndef SG_WORKBENCH_H
#define SG_WORKBENCH_H

#include <jansson.h>

#include "domain/ctx.h"

enum { WORKBENCH_ITEMS = 5 };

int workbench_get(sg_ctx *ctx, json_t **out);

#endif
