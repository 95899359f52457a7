/*
 * contract.h — the written contract of an award (R-CON-1..3, R-FLOW-1):
 * its parties, price, service period, the seven mandatory clauses of [S1],
 * the payment instalments, its signing by a second person and its
 * versioned amendments.
 *
 *   draft ──submit──▶ pending ──sign──▶ signed ──(amendments)──▶ signed, version + 1
 *     ▲                  │
 *     └─────return───────┘
 *
 * A contract is made from an award the actor manages (domain/award.h):
 * the purchaser is the project's department, the provider the winning
 * bid's organisation, the price at most (by default) the winning bid's.
 * One live contract per award and per project.
 *
 * Submitting (the maker) and signing (the checker, never the maker:
 * R-FLOW-1) make the same checks (docs/PURCHASE.md "Contracts"): the award
 * is final — its notice is over and no objection waits for a reply, two
 * refusals with their own messages (409, R-PROC-3); then, one error per
 * gap (400, error.errors): each of the seven clauses, the service period
 * and its length under the rule contract.term_months (or
 * contract.term_months_stable for a stable project: R-CON-2, citing the
 * clause), instalments that sum exactly to the price (the difference
 * named in 元). Signing moves the project from procuring to contracted,
 * makes the price the budget's commitment (domain/budget.c sums it from
 * the signed contract) and, for a station-operation project, makes the
 * provider the operator of each of the project's stations
 * (station_operator_contract, audited per station).
 *
 * An amendment of a signed contract (R-CON-3) changes its price, its
 * period, its clauses or its instalments with a reason; it waits for a
 * second person, who applies it (the contract's version goes up) or
 * returns it. The provider is never changed: passing the whole project
 * on (转包) is refused; the price may not rise above the award's; a new
 * period meets the term rule again.
 *
 * Who sees a contract: civil affairs staff of the project's division
 * subtree (who alone change it), township staff of a beneficiary
 * township, provider staff of the provider. Outside that, a contract does
 * not exist (SG_ENOTFOUND).
 *
 * Amounts are integer fen; dates "YYYY-MM-DD" (China time).
 */
#ifndef SG_CONTRACT_H
#define SG_CONTRACT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"
#include "domain/row.h"

/* The seven mandatory clauses, in the order of the contract. */
enum contract_clause {
	CLAUSE_SUBJECT,		   /* 一、标的 */
	CLAUSE_QUANTITY,	   /* 二、数量 */
	CLAUSE_QUALITY,		   /* 三、质量 */
	CLAUSE_TERM,		   /* 四、期限 */
	CLAUSE_PAYMENT_METHOD,	   /* 五、资金支付方式 */
	CLAUSE_BREACH_LIABILITY,   /* 六、违约责任 */
	CLAUSE_DISPUTE_RESOLUTION, /* 七、解决争议 */
	CLAUSE__MAX
};
/* The clause's column and JSON member ("subject") and its heading in the
 * contract ("一、标的"). */
const char *contract_clause_key(enum contract_clause c);
const char *contract_clause_heading(enum contract_clause c);

/* A create or update body: NULL strings and -1 numbers are left as they
 * are (an update) or take their default (a create: the code generated,
 * the price the award's). "" clears a date. */
struct contract_fields {
	int64_t award_id; /* create only */
	const char *code;
	int64_t price; /* fen */
	const char *start_on, *end_on;
	const char *clauses[CLAUSE__MAX];
};
#define CONTRACT_FIELDS_UNSET                                                                      \
	{                                                                                          \
		.price = -1                                                                        \
	}

/* A draft from award fields->award_id. SG_ENOTFOUND (field "award_id":
 * an award outside the actor's management), SG_ECONFLICT (R-PROC-3: the
 * award withdrawn; R-CON-1: the award or the project has a contract
 * already, the code taken; R-PRJ-4: the project is not procuring),
 * SG_EINVAL (the price above the award's: R-CON-1; a date). */
int contract_create(sg_ctx *ctx, const struct contract_fields *in, json_t **out);
/* A draft only (SG_ECONFLICT, field "status", otherwise). */
int contract_update(sg_ctx *ctx, int64_t id, const struct contract_fields *in, json_t **out);
/* Replaces a draft's instalments: [{amount, due_on?, evaluation?
 * ("mid_term" | "final"), min_grade? ("excellent" … "poor")}], an
 * evaluation and its lowest grade named together. SG_EINVAL naming the
 * element (instalments[i].member), or the sum that is not the price
 * (field "instalments", R-CON-2, the difference in 元). */
int contract_instalments_set(sg_ctx *ctx, int64_t id, const json_t *items, json_t **out);

/* In detail: the contract with its parties, project, award, clauses (in
 * order), instalments, amendments (each with its approvals and the
 * actions the actor may take on it), approvals and the actions the actor
 * may take now ("actions": ["update", "instalments", "submit", …]). */
int contract_get(sg_ctx *ctx, int64_t id, json_t **out);
/* The printable contract: an HTML page (malloc'd into *out, *len) of A4
 * size with the parties, the price in 元 and in capital numerals, the
 * clauses 一 to 七, the instalments and the signature block. Every value
 * is HTML-escaped. */
int contract_print(sg_ctx *ctx, int64_t id, char **out, size_t *len);

/* fen in Chinese capital numerals (大写) as written on a contract or a
 * cheque: 30000000 → "叁拾万元整", 123456 → "壹仟贰佰叁拾肆元伍角陆分",
 * 100500 → "壹仟零伍元整", 0 → "零元整". 0, or SG_EINVAL for a negative
 * amount (or one above 100 亿元), SG_ETOOBIG when out (n bytes) is too
 * small. */
int contract_amount_capital(int64_t fen, char *out, size_t n);

struct contract_filter {
	const char *status, *division;
	int year;
	int64_t provider_id, project_id;
};
/* {items, next_cursor, total} of the contracts the actor sees. */
int contract_list(sg_ctx *ctx, const struct contract_filter *f, int64_t cursor, int limit,
		  json_t **out);
/* {items} of every matching contract (an export; audited). */
int contract_export(sg_ctx *ctx, const struct contract_filter *f, json_t **out);

enum contract_action {
	CONTRACT_SUBMIT, /* draft → pending: the maker, PERM_CONTRACT_EDIT */
	CONTRACT_SIGN,	 /* pending → signed: the checker, PERM_CONTRACT_SIGN */
	CONTRACT_RETURN, /* pending → draft with a reason: the checker */
	CONTRACT_ACTION__MAX
};
/* Takes action a on contract id (reason: for a return, 2 to 500
 * characters). SG_ECONFLICT (R-CON-1: not in a state for it; R-PROC-3:
 * the award in notice or with an objection pending; R-PRJ-4: the project
 * not procuring; R-PRJ-2: the budget cannot cover a price above the
 * project's amount), SG_EFORBIDDEN (R-FLOW-1: the maker checking),
 * SG_EINVAL (one error per gap: clauses, period, term, instalments). */
int contract_act(sg_ctx *ctx, int64_t id, enum contract_action a, const char *reason, json_t **out);

/* Proposes an amendment of signed contract id: reason (2 to 500
 * characters) and changes {field: new value} of price, start_on, end_on,
 * the clauses and instalments (the whole new list; needed when the price
 * changes). Stored as {field: [old, new]}. SG_EINVAL (field
 * "changes.provider_id", R-CON-3: subcontracting the whole; the price
 * above the award's; the new period over the term; a field that cannot
 * change), SG_ECONFLICT (not signed; an amendment already pending). The
 * reply is the contract in detail. */
int contract_amend(sg_ctx *ctx, int64_t id, const char *reason, const json_t *changes,
		   json_t **out);
/* The checker applies amendment id (the contract's version + 1) or
 * returns it with a reason; never its maker (SG_EFORBIDDEN, R-FLOW-1).
 * SG_ENOTFOUND outside the scope, SG_ECONFLICT when not pending. The
 * reply is the contract in detail. */
int amendment_approve(sg_ctx *ctx, int64_t id, json_t **out);
int amendment_return(sg_ctx *ctx, int64_t id, const char *reason, json_t **out);

extern const struct col_table contract_table;
extern const struct enum_def contract_statuses;	     /* "contract.status" */
extern const struct enum_def instalment_statuses;    /* "instalment.status" */
extern const struct enum_def instalment_evaluations; /* "instalment.evaluation" */
extern const struct enum_def instalment_grades;	     /* "instalment.min_grade" */
extern const struct enum_def amendment_statuses;     /* "amendment.status" */
extern const struct enum_def contract_action_names;  /* "contract.action" */
extern const struct enum_def contract_audit_actions; /* "audit.action" */

#endif
