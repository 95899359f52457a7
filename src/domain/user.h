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

struct user_new {
	const char *username;
	const char *display_name;
	const char *password;
	size_t password_len;
	int role;	     /* enum role */
	const json_t *scope; /* {divisions?, orgs?, stations?} or NULL */
};

struct user_patch {
	const char *display_name; /* NULL: unchanged */
	int role;		  /* -1: unchanged */
	const json_t *scope;	  /* NULL: unchanged */
	int disabled;		  /* -1: unchanged, 0 or 1 */
};

/* Creates an account; *out (may be NULL) receives the user object.
 * SG_EINVAL for a bad username, role, scope or password; SG_ECONFLICT when
 * the username is taken. */
int user_create(sg_ctx *ctx, const struct user_new *in, json_t **out);
/* SG_ENOTFOUND when there is no such user. */
int user_get(sg_ctx *ctx, int64_t id, json_t **out);
int user_find(sg_ctx *ctx, const char *username, int64_t *out_id);
/* {items, next_cursor}; q matches username or display name; role -1 = any. */
int user_list(sg_ctx *ctx, const char *q, int role, int64_t cursor, int limit, json_t **out);
/* SG_EFORBIDDEN when an administrator changes their own role, scope or
 * disabled flag (separation of duties). Disabling ends the user's
 * sessions. */
int user_update(sg_ctx *ctx, int64_t id, const struct user_patch *p, json_t **out);
/* An administrator sets a user's password; ends the user's sessions. */
int user_reset_password(sg_ctx *ctx, int64_t id, const char *pw, size_t len);
/* How many accounts exist. */
int user_count(sg_ctx *ctx, int64_t *out);
/* Checks a username: 3–32 of [a-z0-9_.-]. */
int user_check_username(const char *name, sg_err *err);

#endif
