/* scope.c — who is unscoped. */
#include "domain/scope.h"

#include "domain/role.h"

int64_t scope_global(const sg_actor *a)
{
	/* The CLI acts as ROLE_ADMIN with user_id 0. */
	return a->role == ROLE_ADMIN || a->role == ROLE_AUDIT_ADMIN;
}
