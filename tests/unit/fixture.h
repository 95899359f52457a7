/* fixture.h — the temporary database of the unit tests: a migrated SQLite
 * database in a fresh directory under /tmp, an sg_ctx with an arena, the
 * clock and an actor, and helpers that add the divisions and users a test
 * needs. Every helper fails the test when the database refuses. */
#ifndef SG_FIXTURE_H
#define SG_FIXTURE_H

#include <stdint.h>

#include "domain/ctx.h"

/* The fixture's clock: 2026-01-01T00:00:00Z. */
#define FIXTURE_NOW INT64_C(1767225600000)

struct fixture {
	char dir[64];
	char path[128]; /* the database file, in dir */
	sg_ctx ctx;
};

/* A migrated database in /tmp/sg-unit-NAME-XXXXXX, a new arena, the clock
 * at FIXTURE_NOW and the actor "system" (user 0, ROLE_ADMIN, "local"). */
struct fixture *fixture_open(const char *name);
/* Closes the database, frees the arena and removes the database's files
 * and the directory (which must hold nothing else by then). */
void fixture_close(struct fixture *f);

/* Acts as user_id, named username, with role (enum role) from now on, from
 * "local"; clears ctx.err. */
void fixture_actor(struct fixture *f, int role, int64_t user_id, const char *username);

/* A division whose level is its parent's plus one (0 without a parent). */
void fixture_division(struct fixture *f, const char *code, const char *name, const char *parent);
/* A user with role (enum role) and a password hash that matches nothing. */
void fixture_user(struct fixture *f, int64_t id, const char *username, const char *display_name,
		  int role);
/* As fixture_user, with one scope row: kind "division", "org" or "station"
 * and its ref. */
void fixture_user_with_scope(struct fixture *f, int64_t id, const char *username,
			     const char *display_name, int role, const char *kind, const char *ref);

/* Runs sql, which takes no parameters and must succeed. */
void fixture_exec(struct fixture *f, const char *sql);
/* The one integer that sql (no parameters) returns, e.g. a COUNT(*). */
int64_t fixture_count(struct fixture *f, const char *sql);

#endif
