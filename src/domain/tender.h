/*
 * tender.h — procurement of an approved project (R-PROC-1, R-PROC-2): the
 * tender notice with its method and scoring scheme, the providers' bids,
 * the evaluation panel, the scores and the ranking.
 *
 * A project is tendered in rounds; a round (a tender) goes
 *
 *   draft ──publish──▶ published ──open──▶ opened ──score──▶ scored
 *     ──(award, domain/award.h)──▶ awarded
 *   fail: a published, opened or scored tender with fewer valid bids than
 *         its method needs, or on the purchaser's decision (a reason);
 *   cancel: a draft.
 *
 * Publishing the first round moves the project from approved to procuring
 * (domain/project.h); a failed round leaves it procuring, and the next
 * round is a new tender.
 *
 * The method must be one the project's amount allows under the rules in
 * force for its region and year (domain/purchase_rule.h): at or above the
 * public-tender threshold only a public tender; a method a rule bars for
 * services (value 0) is refused; single source needs one of the reasons
 * of Government Procurement Law art. 31. Each refusal cites the rule.
 *
 * The scoring scheme: methods that score (public and invitational tender,
 * competitive consultation, framework agreement) have a price weight
 * within the rule's range (MOF Order No. 87 art. 55: 10–30 for services)
 * and technical items whose weights make up the rest of 100; the others
 * (competitive negotiation, quotation, single source) award to the lowest
 * price (price weight 100, no items). The price score is the lowest valid
 * bid's price ÷ the bid's price × the price weight.
 *
 * Sealed bids: before the tender is opened (at or after its deadline) the
 * purchaser sees how many bids came in, never who bid or what; a
 * provider's staff see their own organisation's bid only, always.
 *
 * Who sees a tender: as its project (domain/project.h) for the
 * purchaser's and the townships' staff; a provider's staff see a
 * published tender that is open to their organisation (every provider
 * for a public tender, the invited ones otherwise) and any tender their
 * organisation bid for.
 *
 * Scores are integers in hundredths of a point (8550 is 85.50).
 */
#ifndef SG_TENDER_H
#define SG_TENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

/* A create or update body; NULL / -1 members are left as they are (an
 * update of a draft) or take their default (a create). */
struct tender_fields {
	int64_t project_id; /* create only */
	const char *method, *single_source_reason;
	const char *title, *requirements, *standards, *qualifications;
	int price_weight;	   /* -1: unchanged / the rule's minimum */
	const char *deadline;	   /* "2026-05-20T09:30" China time */
	const json_t *items;	   /* [{name, weight, guidance?}] */
	const json_t *invited_ids; /* [org id] */
};
#define TENDER_FIELDS_UNSET                                                                        \
	{                                                                                          \
		.price_weight = -1                                                                 \
	}

int tender_create(sg_ctx *ctx, const struct tender_fields *in, json_t **out);
/* A draft only (SG_ECONFLICT otherwise). */
int tender_update(sg_ctx *ctx, int64_t id, const struct tender_fields *in, json_t **out);
/* In detail: the notice, its items, invitations, the bids as the actor may
 * see them (sealed: {count} only), the panel, the award(s) and the
 * actions the actor may take now. */
int tender_get(sg_ctx *ctx, int64_t id, json_t **out);

struct tender_filter {
	const char *status, *method, *division;
	int year;
	int64_t project_id;
	bool open_to_me; /* a provider: only published tenders they may bid for */
};
/* {items, next_cursor, total} of the tenders the actor sees. */
int tender_list(sg_ctx *ctx, const struct tender_filter *f, int64_t cursor, int limit,
		json_t **out);
/* {items} of every matching tender (an export; audited). */
int tender_export(sg_ctx *ctx, const struct tender_filter *f, json_t **out);

enum tender_action {
	TENDER_PUBLISH, /* draft → published; the project approved → procuring */
	TENDER_OPEN,	/* published → opened, at or after the deadline */
	TENDER_FAIL,	/* → failed, with a reason */
	TENDER_CANCEL,	/* a draft → cancelled, with a reason */
	TENDER_ACTION__MAX
};
/* Takes action on tender id. Opening with fewer valid bids than the
 * method needs fails the tender instead (the reply says so: status
 * "failed"). SG_ECONFLICT (R-PROC-2: not in a state for it, before the
 * deadline), SG_EINVAL (the publication's checks, one error per gap). */
int tender_act(sg_ctx *ctx, int64_t id, enum tender_action a, const char *reason, json_t **out);

/* A bid: org_id is the bidder (a provider's own organisation; for a paper
 * bid recorded by the purchaser, any organisation in the region). */
struct bid_fields {
	int64_t org_id;
	int64_t price; /* fen */
	const char *technical;
	const json_t *documents; /* [{name, pages?, note?}] metadata only */
	bool paper;		 /* recorded by the purchaser from a paper bid */
};
/* Submits (or, before the deadline, replaces) the organisation's bid.
 * SG_ECONFLICT (R-PROC-2: not published, at or after the deadline),
 * SG_EINVAL (field "org_id", R-ORG-4: not eligible as a provider for the
 * project's region and year — the decision attached as "eligibility";
 * R-PROC-1: not invited), SG_ENOTFOUND (a tender not open to the
 * organisation). */
int bid_submit(sg_ctx *ctx, int64_t tender_id, const struct bid_fields *in, json_t **out);
/* Withdraws the organisation's bid before the deadline. */
int bid_withdraw(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, json_t **out);
/* After opening, the purchaser sets a bid aside (qualification not met,
 * …) with a reason; it is not scored or ranked. */
int bid_reject(sg_ctx *ctx, int64_t tender_id, int64_t bid_id, const char *reason, json_t **out);

/* A member of the evaluation panel. An organisation among the bidders is
 * refused (field "affiliation_org_id", R-PROC-2), as is a member
 * without the declaration of no conflict. */
struct panel_fields {
	const char *name, *affiliation;
	int64_t affiliation_org_id; /* 0: none */
	bool expert, no_conflict;
};
int panel_add(sg_ctx *ctx, int64_t tender_id, const struct panel_fields *in, json_t **out);
int panel_remove(sg_ctx *ctx, int64_t tender_id, int64_t member_id, json_t **out);

/* The panel's technical scores, [{bid_id, items:[{item_id, score}]}] in
 * hundredths of a point, each at most its item's weight × 100, for every
 * valid bid and item (one error per gap). Computes the price scores, the
 * totals and the ranking (ties: the lower price, then the higher
 * technical score, then the earlier bid) and moves the tender to scored.
 * Needs a panel of at least the rule's size. Scoring again replaces the
 * scores while no award is made. */
int tender_score(sg_ctx *ctx, int64_t tender_id, const json_t *scores, json_t **out);

/* What the award and the contract need of a tender the actor manages. */
struct tender_ref {
	int64_t id, project_id;
	char status[16];
	char method[32];
	char division_code[13];
	int year;
};
/* SG_ENOTFOUND outside the actor's management. */
int tender_ref_managed(sg_ctx *ctx, int64_t id, struct tender_ref *out);
/* Takes tender id's row lock (after the project's). */
int tender_lock(sg_ctx *ctx, int64_t id);
/* Moves tender id from status from to to inside the caller's write. */
int tender_move(sg_ctx *ctx, int64_t id, const char *from, const char *to);
/* The valid bid ranked rank (1: the first) of tender id: its id, org and
 * price; SG_ENOTFOUND when there is none. */
int tender_ranked(sg_ctx *ctx, int64_t id, int rank, int64_t *bid_id, int64_t *org_id,
		  int64_t *price);

extern const struct enum_def tender_methods;		   /* "tender.method" */
extern const struct enum_def tender_statuses;		   /* "tender.status" */
extern const struct enum_def tender_single_source_reasons; /* "tender.single_source_reason" */
extern const struct enum_def tender_action_names;	   /* "tender.action" */
extern const struct enum_def bid_statuses;		   /* "bid.status" */
extern const struct enum_def tender_audit_actions;	   /* "audit.action" */

#endif
