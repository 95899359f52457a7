/*
 * session.h — signing in and out (R-AUTH-1, SECURITY.md "Authentication").
 *
 * Tokens are 256 random bits from the OS; only their SHA-256 is stored.
 * Sessions end after 30 minutes idle or 12 hours in all, and server-side on
 * logout, disable and password change. Five consecutive failures for a
 * username lock it for 15 minutes; unknown usernames are throttled the same
 * way, so the responses cannot tell whether an account exists.
 */
#ifndef SG_SESSION_H
#define SG_SESSION_H

#include <jansson.h>
#include <stddef.h>

#include "domain/ctx.h"
#include "domain/enums.h"

enum {
	SESSION_TOKEN_LEN = 43, /* base64url of 32 bytes */
	SESSION_IDLE_MS = 30 * 60 * 1000,
	SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000,
	LOGIN_MAX_FAILURES = 5,
	LOGIN_LOCK_MS = 15 * 60 * 1000,
};

struct session_ticket {
	char token[SESSION_TOKEN_LEN + 1]; /* for the cookie; never stored */
	char csrf[SESSION_TOKEN_LEN + 1];
	int64_t session_id;
	int64_t user_id;
};

/* Checks the password and opens a session. SG_EUNAUTH for a wrong password,
 * an unknown or a disabled user (one message for all); SG_ELOCKED with
 * err.retry_after while locked. Audited either way. */
int session_login(sg_ctx *ctx, const char *username, const char *pw, size_t len,
		  struct session_ticket *out);

/* Finds the session of a cookie token and fills ctx->actor; csrf receives
 * its CSRF token. SG_EUNAUTH when unknown, expired or the user is
 * disabled. */
int session_resolve(sg_ctx *ctx, const char *token, size_t len, char csrf[SESSION_TOKEN_LEN + 1]);

/* Ends the actor's session. */
int session_logout(sg_ctx *ctx);

/* Ends every session of a user except `keep` (0: all). Runs inside the
 * caller's transaction. */
int session_end_all(sg_ctx *ctx, int64_t user_id, int64_t keep);

/* The signed-in user changes their password: checks the current one,
 * ends all their sessions and opens a new one in *out. SG_EINVAL with field
 * current_password when it is wrong. */
int session_change_password(sg_ctx *ctx, const char *current, size_t current_len, const char *next,
			    size_t next_len, struct session_ticket *out);

/* Lifts a login lock (an administrator set a new password). Runs inside
 * the caller's transaction. */
int session_unlock(sg_ctx *ctx, const char *username);

/* Warms up the dummy hash used to answer unknown usernames in constant
 * time. Call once at start-up. */
void session_init(void);

/* This module's audit actions with their labels ("audit.action"). */
extern const struct enum_def session_actions;

#endif
