/*
 * ctx.h — what every domain call receives.
 *
 * The actor is who is acting (from the session, or the CLI's "system"), and
 * their scope is applied by domain queries from actor.user_id (see
 * scope.h), so a handler cannot forget it. Everything allocated for the
 * request comes from the arena; err is filled by the failing call.
 */
#ifndef SG_CTX_H
#define SG_CTX_H

#include <jansson.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/err.h"
#include "store/db.h"

typedef struct sg_actor {
	int64_t user_id;      /* 0: nobody signed in (public, CLI) */
	const char *username; /* "-" for public requests, "system" for the CLI */
	int role;	      /* enum role, or -1 */
	int64_t session_id;   /* 0 outside a session */
	const char *ip;	      /* client address, or "local" */
} sg_actor;

typedef struct sg_ctx {
	db *db;
	sg_arena *arena;
	sg_actor actor;
	int64_t now; /* clock_now_ms() when the request began */
	sg_err err;
	/* Members added to the error reply when err describes the failure
	 * (check.h err_add, err_attach): every missing clause of a contract,
	 * the eligibility explanation of a refused bid. Owned; NULL: none. */
	json_t *err_extra;
} sg_ctx;

/* Clears err and drops err_extra: a new call's failure starts afresh. */
void ctx_err_reset(sg_ctx *ctx);

#endif
