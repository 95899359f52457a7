/* fixture.c — the temporary database of the unit tests (fixture.h). */
#include "fixture.h"

#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/role.h"
#include "store/migrate.h"

struct fixture *fixture_open(const char *name)
{
	struct fixture *f = calloc(1, sizeof *f);
	sg_err err;

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/sg-unit-%s-XXXXXX", name);
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	sg_err_clear(&err);
	assert_int_equal(db_open(&f->ctx.db, f->path, true, &err), 0);
	assert_int_equal(migrate_up(f->ctx.db, NULL, &err), 0);
	f->ctx.arena = arena_new();
	f->ctx.now = FIXTURE_NOW;
	fixture_actor(f, ROLE_SYSTEM, 0, "system");
	return f;
}

void fixture_close(struct fixture *f)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	db_close(f->ctx.db);
	json_decref(f->ctx.err_extra);
	arena_free(f->ctx.arena);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
}

void fixture_actor(struct fixture *f, int role, int64_t user_id, const char *username)
{
	f->ctx.actor =
	    (sg_actor){.user_id = user_id, .username = username, .role = role, .ip = "local"};
	sg_err_clear(&f->ctx.err);
}

void fixture_division(struct fixture *f, const char *code, const char *name, const char *parent)
{
	static const char sql[] =
	    "INSERT INTO divisions (code, name, level, parent_code) VALUES (?, ?,"
	    " COALESCE((SELECT level + 1 FROM divisions WHERE code = ?), 0), ?)";
	assert_int_equal(db_run(f->ctx.db, sql, "tttt", code, name, parent, parent), 0);
}

void fixture_user(struct fixture *f, int64_t id, const char *username, const char *display_name,
		  int role)
{
	static const char sql[] =
	    "INSERT INTO users (id, username, display_name, role, password_hash,"
	    " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 0, 0, 0)";
	assert_true(role >= 0 && role < ROLE__MAX);
	assert_int_equal(
	    db_run(f->ctx.db, sql, "ittt", id, username, display_name, role_name(role)), 0);
}

void fixture_user_with_scope(struct fixture *f, int64_t id, const char *username,
			     const char *display_name, int role, const char *kind, const char *ref)
{
	static const char sql[] = "INSERT INTO user_scope (user_id, kind, ref) VALUES (?, ?, ?)";
	fixture_user(f, id, username, display_name, role);
	assert_int_equal(db_run(f->ctx.db, sql, "itt", id, kind, ref), 0);
}

void fixture_exec(struct fixture *f, const char *sql)
{
	assert_int_equal(db_run(f->ctx.db, sql, NULL), 0);
}

int64_t fixture_count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_one_int(f->ctx.db, &n, sql, NULL), 0);
	return n;
}
