/*
 * user.h — staff accounts, their roles and scopes (R-ROLE, R-AUTH-1).
 *
 * The JSON a user renders to never contains the password hash: the
 * renderer does not select it.
 */
#ifndef SG_USER_H
#define SG_USER_H

#include <jansson.h>
#include <stddef.h>

#include "domain/ctx.h"
#include "domain/enums.h"

struct user_new {
	const char *username;
	const char *display_name;
	const char *password;
	size_t password_len;
	int role;	     /* enum role, or -1: none yet */
	const json_t *scope; /* {divisions?, orgs?, stations?} or NULL */
};

struct user_patch {
	const char *display_name; /* NULL: unchanged */
	int disabled;		  /* -1: unchanged, 0 or 1 */
};

/*
 * Separation of duties (三员分立, role.h): accounts are created, renamed,
 * disabled and given passwords by who holds PERM_ACCOUNT_MANAGE; roles
 * and scopes are assigned by who holds PERM_ACCOUNT_ASSIGN; the accounts
 * of the three officers (role_is_officer) and the officer roles need
 * PERM_OFFICERS, which only the command line holds. Nobody changes their
 * own role, scope or disabled flag. Refusals are SG_EFORBIDDEN.
 *
 * A user renders as {id, username, display_name, role (null: none yet),
 * disabled, created_at, last_login_at, previous_login_at,
 * scope:{divisions, orgs, stations}}.
 */

/* Creates an account; *out (may be NULL) receives the user object. A
 * role given (not -1) is assigned at once, which needs
 * PERM_ACCOUNT_ASSIGN too. SG_EINVAL for a bad username, role, scope or
 * password; SG_ECONFLICT when the username is taken. */
int user_create(sg_ctx *ctx, const struct user_new *in, json_t **out);
/* SG_ENOTFOUND when there is no such user. */
int user_get(sg_ctx *ctx, int64_t id, json_t **out);
int user_find(sg_ctx *ctx, const char *username, int64_t *out_id);
/* {items, next_cursor}; q matches username or display name; role -1 = any. */
int user_list(sg_ctx *ctx, const char *q, int role, int64_t cursor, int limit, json_t **out);
/* Changes the display name or disabled flag. Disabling ends the user's
 * sessions; the last active system administrator cannot be disabled
 * (SG_ECONFLICT). */
int user_update(sg_ctx *ctx, int64_t id, const struct user_patch *p, json_t **out);
/* Assigns a role (enum role) and its scope, audited "user.assign";
 * replaces the scope. Ends nothing: the next request sees the new role. */
int user_assign(sg_ctx *ctx, int64_t id, int role, const json_t *scope, json_t **out);
/* Sets a user's password; ends the user's sessions. */
int user_reset_password(sg_ctx *ctx, int64_t id, const char *pw, size_t len);
/* Lifts the login locks of an account — its own and those of every
 * address guessing it — audited "user.unlock". */
int user_unlock(sg_ctx *ctx, int64_t id);
/* How many accounts exist. */
int user_count(sg_ctx *ctx, int64_t *out);
/* Checks a username: 3–32 of [a-z0-9_.-]. */
int user_check_username(const char *name, sg_err *err);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def user_actions;

#endif
