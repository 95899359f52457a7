/*
 * role.h — the roles of SPEC R-ROLE and what each one's scope is made of.
 *
 * A route's access policy is a bit set of roles (POLICY_ROLE(r)), plus
 * POLICY_PUBLIC and POLICY_AUTH (any signed-in role). A policy of 0 denies:
 * the router refuses routes without one.
 */
#ifndef SG_ROLE_H
#define SG_ROLE_H

#include <stdint.h>

enum role {
	ROLE_ADMIN,	    /* system operator: accounts and settings */
	ROLE_AUDIT_ADMIN,   /* reads the audit log, changes nothing (三员分立) */
	ROLE_CIVIL_AFFAIRS, /* civil affairs staff, a division subtree */
	ROLE_TOWNSHIP,	    /* beneficiary township staff, a division subtree */
	ROLE_PROVIDER,	    /* provider staff, one organisation */
	ROLE_SOCIAL_WORKER, /* station worker, their stations */
	ROLE_MENTOR,	    /* university mentor, their stations */
	ROLE_EVALUATOR,	    /* third-party evaluator, one organisation */
	ROLE__MAX
};

/* What a role's scope lists (R-ROLE-1). */
enum scope_kind { SCOPE_NONE, SCOPE_DIVISION, SCOPE_ORG, SCOPE_STATION };

#define POLICY_ROLE(r) (UINT32_C(1) << (r))
#define POLICY_AUTH    ((UINT32_C(1) << ROLE__MAX) - 1)
#define POLICY_PUBLIC  (UINT32_C(1) << 31)

/* "civil_affairs" → ROLE_CIVIL_AFFAIRS; -1 when unknown. */
int role_from_name(const char *name);
const char *role_name(int role);
/* The Chinese name shown to users, e.g. "民政部门". */
const char *role_name_zh(int role);
enum scope_kind role_scope_kind(int role);

#endif
