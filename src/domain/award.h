/*
 * award.h — the award of a scored tender, its public notice (公示期) and
 * the objections lodged during it (R-PROC-3).
 *
 * An award goes to the first ranked valid bid, or to another with a
 * recorded reason. It is then in notice for the number of working days
 * the rule "notice.working_days" sets for the project's region and year
 * (domain/calendar.h counts them, holidays and make-up working days
 * included): the notice starts the day after the award and ends at the
 * end of its last working day, China time.
 *
 * During the notice anyone may lodge an objection in writing, with a real
 * name and a contact (no account needed; refused anonymous; limited per
 * address). The name is personal data and the contact sensitive: the
 * contact is encrypted (base/pii.h), neither is ever published or
 * audited. The purchaser replies to each: upheld withdraws the award (the
 * tender is scored again: the next ranked may be awarded, or the tender
 * fails); rejected leaves it.
 *
 * A contract may be made only from an award that is final: its notice is
 * over and no objection waits for a reply (award_ref.final).
 */
#ifndef SG_AWARD_H
#define SG_AWARD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* Awards tender tender_id to bid_id (0: the first ranked); a bid other
 * than the first ranked needs reason. SG_ECONFLICT (R-PROC-2: the tender
 * not scored, an award in force), SG_EINVAL (reason; a bid not valid).
 * The reply is the tender in detail. */
int award_make(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, const char *reason, json_t **out);

/* What a contract needs of the award of a tender the actor manages. */
struct award_ref {
	int64_t id, tender_id, project_id, bid_id;
	int64_t provider_id; /* the winning bid's organisation */
	int64_t price;	     /* the winning bid's price, fen */
	char status[16];     /* "in_notice", "final", "withdrawn" */
	char notice_end[11]; /* the last working day of the notice */
	int64_t awarded_at;  /* epoch ms */
	int64_t objections_pending;
	bool final; /* the notice is over and no objection is pending */
};
/* SG_ENOTFOUND outside the actor's management. */
int award_ref_managed(sg_ctx *ctx, int64_t id, struct award_ref *out);

/* A public objection to award award_id: name (2 to 50 characters, a real
 * name: refused empty or "匿名"), contact (a phone number or an e-mail
 * address), content (10 to 5,000 characters). SG_ENOTFOUND (no such
 * award in notice), SG_ECONFLICT (the notice is over), SG_ELOCKED (too
 * many from the address). The reply holds the objection's id and the
 * day the notice ends, never the name or contact. */
int objection_lodge(sg_ctx *ctx, int64_t award_id, const char *name, const char *contact,
		    const char *content, json_t **out);
/* The purchaser's reply: status "upheld" or "rejected", reply 2 to 2,000
 * characters. Upheld withdraws the award. The reply is the tender. */
int objection_reply(sg_ctx *ctx, int64_t objection_id, const char *status, const char *reply,
		    json_t **out);
/* Reveals an objection's contact to the purchaser (PERM_TENDER_EDIT) with
 * a reason, audited with the reason, never the value. */
int objection_contact(sg_ctx *ctx, int64_t objection_id, const char *reason, json_t **out);

/* The awards of tender id, newest first, with their objections (contact
 * masked) for the purchaser, without objections for others:
 * [{id, bid_id, org:{id, name}, price, reason, status, awarded_at,
 *   notice_start, notice_end, final, objections:[…]}]. */
int award_list_of(sg_ctx *ctx, int64_t tender_id, bool purchaser, json_t **out);

/* The award notice of tender id (中标（成交）结果公告) as a printable HTML
 * page into *out (a heap buffer the caller frees), for the purchaser:
 * the project, the method, the provider and amount (in figures and in
 * capital numerals), the panel, the notice period in working days and
 * how to object. SG_ENOTFOUND when the tender (in the actor's
 * management) has no award in force. */
int award_notice_print(sg_ctx *ctx, int64_t tender_id, char **out, size_t *len);

extern const struct enum_def award_statuses;	  /* "award.status" */
extern const struct enum_def objection_statuses;  /* "objection.status" */
extern const struct enum_def award_audit_actions; /* "audit.action" */

#endif
