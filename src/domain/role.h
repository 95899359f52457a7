/*
 * role.h — the roles of SPEC R-ROLE, what each one's scope is made of, and
 * the one permission table that says which roles may do what.
 *
 * Every decision "may this actor do X" is a permission (enum perm) looked
 * up in the table of role.c: the route table names one per route, domain
 * code asks perm_require() for the finer ones, and GET /api/v1/me hands
 * the actor's list to the UI, which shows menus and buttons from it and
 * never tests a role name. Changing who may do what is an edit of that
 * table alone.
 *
 * Separation of duties (三员分立, SECURITY.md) is configuration of the
 * table: the system administrator holds the accounts and the settings,
 * the security administrator assigns roles and scopes, the audit
 * administrator reads the audit log — none holds another's permissions,
 * and none can act on the accounts of the three (role_is_officer): those
 * are created by `init` and managed from the command line.
 */
#ifndef SG_ROLE_H
#define SG_ROLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum role {
	ROLE_ADMIN,	     /* system administrator: accounts and settings */
	ROLE_SECURITY_ADMIN, /* security administrator: roles and scopes */
	ROLE_AUDIT_ADMIN,    /* audit administrator: reads the audit log */
	ROLE_CIVIL_AFFAIRS,  /* civil affairs staff, a division subtree */
	ROLE_TOWNSHIP,	     /* beneficiary township staff, a division subtree */
	ROLE_PROVIDER,	     /* provider staff, one organisation */
	ROLE_SOCIAL_WORKER,  /* station worker, their stations */
	ROLE_MENTOR,	     /* university mentor, their stations */
	ROLE_EVALUATOR,	     /* third-party evaluator, one organisation */
	ROLE_SYSTEM,	     /* the command line: every permission, never assigned */
	ROLE__MAX
};

/* What a role's scope lists (R-ROLE-1). SCOPE_NONE: nothing; such a role
 * is either global (role_is_global) or sees no scoped rows. */
enum scope_kind { SCOPE_NONE, SCOPE_DIVISION, SCOPE_ORG, SCOPE_STATION };

/*
 * Permissions. PERM_NONE denies (a route without a permission is never
 * served); PERM_PUBLIC needs no sign-in; PERM_SIGNED_IN any account, its
 * scope then deciding what it sees. The rest are held by the roles the
 * table of role.c lists. Names ("station.edit") are the API's.
 */
enum perm {
	PERM_NONE,
	PERM_PUBLIC,
	PERM_SIGNED_IN,
	PERM_ACCOUNT_READ,
	PERM_ACCOUNT_MANAGE,
	PERM_ACCOUNT_ASSIGN,
	PERM_OFFICERS,
	PERM_AUDIT_READ,
	PERM_SETTINGS_EDIT,
	PERM_CATALOG_EDIT,
	PERM_ORG_READ,
	PERM_ORG_EDIT,
	PERM_ORG_EXPORT,
	PERM_ORG_UNMASK,
	PERM_ELIGIBILITY_EDIT,
	PERM_STATION_READ,
	PERM_STATION_EDIT,
	PERM_STATION_MANAGE,
	PERM_STATION_EXPORT,
	PERM_READINESS_CONFIRM,
	PERM_WORKER_READ,
	PERM_WORKER_REGISTER,
	PERM_COVERAGE_READ,
	PERM_PURCHASE_RULES_EDIT,
	PERM_PLAN_READ,
	PERM_PLAN_EDIT,
	PERM_BUDGET_READ,
	PERM_BUDGET_EDIT,
	PERM_PROJECT_READ,
	PERM_PROJECT_EDIT,
	PERM_PROJECT_APPROVE,
	PERM_PROJECT_EXPORT,
	PERM_APPROVAL_READ,
	PERM_TENDER_READ,
	PERM_TENDER_EDIT,
	PERM_TENDER_EXPORT,
	PERM_BID_SUBMIT,
	PERM_BID_RECORD,
	PERM_CONTRACT_READ,
	PERM_CONTRACT_EDIT,
	PERM_CONTRACT_SIGN,
	PERM_CONTRACT_EXPORT,
	PERM_CALENDAR_EDIT,
	PERM_BENEFICIARY_READ,
	PERM_BENEFICIARY_EDIT,
	PERM_BENEFICIARY_UNMASK,
	PERM_BENEFICIARY_EXPORT,
	PERM_VOLUNTEER_READ,
	PERM_VOLUNTEER_EDIT,
	PERM_VOLUNTEER_UNMASK,
	PERM_SERVICE_READ,
	PERM_SERVICE_RECORD,
	PERM_SERVICE_EXPORT,
	PERM_LEDGER_IMPORT,
	PERM_CONFIRMATION_READ,
	PERM_CONFIRMATION_DECIDE,
	PERM_CONFIRMATION_ANSWER,
	PERM_PROGRESS_READ,
	PERM__MAX
};

/* "civil_affairs" → ROLE_CIVIL_AFFAIRS; -1 when unknown. */
int role_from_name(const char *name);
const char *role_name(int role);
/* The Chinese name shown to users, e.g. "民政部门". */
const char *role_name_zh(int role);
enum scope_kind role_scope_kind(int role);
/* The role sees every row (the administrators, the command line). */
bool role_is_global(int role);
/* One of the three administrators of 三员分立 (or the command line):
 * created by init, managed only from the command line, never assigned
 * through the API. */
bool role_is_officer(int role);
/* The role may be given to an account through the API. */
bool role_is_assignable(int role);

/* "station.edit"; "" for PERM_NONE. */
const char *perm_name(enum perm p);
/* What the permission allows, in Chinese ("设立和修改社工站"). */
const char *perm_name_zh(enum perm p);
/* Whether role holds p (PERM_PUBLIC and PERM_SIGNED_IN: every role). */
bool role_has(int role, enum perm p);
/* Whether the actor holds p. */
bool perm_has(const sg_ctx *ctx, enum perm p);
/* 0 when the actor holds p; else fills ctx->err with the standard 403
 * (field NULL, rule R-ROLE-1, the permission named in both languages),
 * appends an "authz.denied" audit entry naming the permission, and
 * returns SG_EFORBIDDEN. */
int perm_require(sg_ctx *ctx, enum perm p);
/* The names of the permissions role holds, as a new JSON array. */
json_t *perm_list(int role);

/* The roles as {value, zh, en, assignable} rows (GET /api/v1/meta/enums);
 * assignable false for the officers' roles, which only the command line
 * gives. */
json_t *role_enum(void);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def role_actions;

#endif
