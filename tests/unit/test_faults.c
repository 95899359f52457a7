/*
 * test_faults.c — fault injection in the spirit of SQLite's
 * do_faultsim_test (SECURITY.md "Input and memory safety"): a write whose
 * database work fails at any point reports an error, commits nothing, and
 * leaves a database that passes PRAGMA integrity_check, an intact audit
 * chain and a connection that is not stuck in a transaction.
 *
 * Two ways of failing:
 *  - a trigger that RAISE(ABORT)s on a table a write touches last (the audit
 *    log) or in the middle (user_scope);
 *  - the Nth database call failing, for N = 1, 2, … until the write
 *    succeeds. This file defines sqlite3_prepare_v3, sqlite3_step and
 *    sqlite3_exec: the calls of src/store/db_sqlite.c (linked into this
 *    executable) bind to them, and they forward to the library's through
 *    dlsym(RTLD_NEXT) unless the call is the one to fail. Hidden
 *    visibility keeps SQLite's own internal calls away from them.
 */
#include "testlib.h"

#include <dlfcn.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/role.h"
#include "domain/session.h"
#include "domain/user.h"
#include "store/migrate.h"

#define T0	 INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */
#define PASSWORD "walnut-harbour-lantern"
#define PWLEN	 (sizeof PASSWORD - 1)

/* ---- the failing calls ---------------------------------------------- */

static struct {
	int at;		 /* fail the call with this number (1-based); 0: off */
	bool persistent; /* also fail every call after it */
	int calls;	 /* calls since arming */
	int fired;	 /* failures injected */
} fault;

static void fault_arm(int at, bool persistent)
{
	fault.at = at;
	fault.persistent = persistent;
	fault.calls = 0;
	fault.fired = 0;
}

static void fault_disarm(void)
{
	fault.at = 0;
}

/* The error to inject, or SQLITE_OK to make the real call. I/O errors and
 * a busy database alternate, so both mappings are exercised. */
static int fault_next(void)
{
	if (!fault.at)
		return SQLITE_OK;
	fault.calls++;
	if (fault.calls == fault.at || (fault.persistent && fault.calls > fault.at)) {
		fault.fired++;
		return fault.at % 2 ? SQLITE_IOERR_WRITE : SQLITE_BUSY;
	}
	return SQLITE_OK;
}

static void *real_fn(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);
	if (!p) {
		fprintf(stderr, "test_faults: no %s in the SQLite library\n", name);
		abort();
	}
	return p;
}

int sqlite3_prepare_v3(sqlite3 *conn, const char *sql, int nbyte, unsigned int flags,
		       sqlite3_stmt **out, const char **tail)
{
	static int (*real)(sqlite3 *, const char *, int, unsigned int, sqlite3_stmt **,
			   const char **);
	int rc = fault_next();

	if (!real)
		*(void **)&real = real_fn("sqlite3_prepare_v3");
	if (rc != SQLITE_OK) {
		*out = NULL;
		return rc;
	}
	return real(conn, sql, nbyte, flags, out, tail);
}

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	int rc = fault_next();

	if (!real)
		*(void **)&real = real_fn("sqlite3_step");
	return rc != SQLITE_OK ? rc : real(st);
}

int sqlite3_exec(sqlite3 *conn, const char *sql, int (*cb)(void *, int, char **, char **),
		 void *arg, char **errmsg)
{
	static int (*real)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *,
			   char **);
	int rc = fault_next();

	if (!real)
		*(void **)&real = real_fn("sqlite3_exec");
	if (rc != SQLITE_OK) {
		if (errmsg)
			*errmsg = NULL;
		return rc;
	}
	return real(conn, sql, cb, arg, errmsg);
}

/* ---- fixture -------------------------------------------------------- */

struct fx {
	char dir[64];
	char path[128];
	db *d;
	sg_ctx ctx;
};

static void fx_connect(struct fx *f)
{
	sg_err err;

	assert_int_equal(db_open(&f->d, f->path, true, &err), 0);
	f->ctx.db = f->d;
}

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	sg_err err;

	fault_disarm();
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sg-unit-faults-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (db_open(&f->d, f->path, true, &err) || migrate_up(f->d, NULL, &err) ||
	    audit_set_digest(f->d, "sm3", &err))
		return -1;
	f->ctx.db = f->d;
	f->ctx.arena = arena_new();
	f->ctx.now = T0;
	f->ctx.actor =
	    (sg_actor){.user_id = 0, .username = "system", .role = ROLE_SYSTEM, .ip = "local"};
	session_init(); /* the dummy hash, once, outside the loops */
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	struct fx *f = *state;
	char p[160];

	fault_disarm();
	db_close(f->d);
	arena_free(f->ctx.arena);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* What a failed write must leave unchanged. */
struct snapshot {
	int64_t users, scopes, sessions, audit, throttle, disabled;
	char head[100];
};

static int64_t one_int(db *d, const char *sql)
{
	int64_t v = -1;
	if (db_one_int(d, &v, sql, NULL) != 0)
		fail_msg("query failed: %s", sql);
	return v;
}

static void take(db *d, struct snapshot *s)
{
	static const char sql_head[] = "SELECT last_id, last_hash FROM audit_head";
	db_stmt *st;

	memset(s, 0, sizeof *s);
	s->users = one_int(d, "SELECT COUNT(*) FROM users");
	s->scopes = one_int(d, "SELECT COUNT(*) FROM user_scope");
	s->sessions = one_int(d, "SELECT COUNT(*) FROM sessions");
	s->audit = one_int(d, "SELECT COUNT(*) FROM audit_log");
	s->throttle =
	    one_int(d, "SELECT COALESCE(SUM(failures), 0) + COUNT(*) FROM login_throttle");
	s->disabled = one_int(d, "SELECT COALESCE(SUM(disabled), 0) FROM users");
	assert_int_equal(db_query(d, &st, sql_head, NULL), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(s->head, sizeof s->head, "%lld:%.64s", (long long)db_int(st, 0), db_text(st, 1));
	db_reset(st);
}

/* session_login counts an attempt as failed before it checks the password
 * (so concurrent guesses cannot pass the limit): when recording the outcome
 * fails, the attempt stays counted. Failure counts may then grow, never
 * shrink. */
static bool throttle_may_grow;

static void expect_same(const struct snapshot *a, const struct snapshot *b, const char *what)
{
	bool throttle_ok =
	    throttle_may_grow ? b->throttle >= a->throttle : a->throttle == b->throttle;
	if (a->users != b->users || a->scopes != b->scopes || a->sessions != b->sessions ||
	    a->audit != b->audit || !throttle_ok || a->disabled != b->disabled ||
	    strcmp(a->head, b->head) != 0)
		fail_msg("%s changed the database: users %lld→%lld scopes %lld→%lld sessions "
			 "%lld→%lld audit %lld→%lld throttle %lld→%lld disabled %lld→%lld",
			 what, (long long)a->users, (long long)b->users, (long long)a->scopes,
			 (long long)b->scopes, (long long)a->sessions, (long long)b->sessions,
			 (long long)a->audit, (long long)b->audit, (long long)a->throttle,
			 (long long)b->throttle, (long long)a->disabled, (long long)b->disabled);
}

/* The database is sound and the connection usable: integrity check, the
 * audit chain, and a fresh write transaction can begin and commit (it could
 * not if the engine were still inside the failed one). */
static void expect_sound(struct fx *f)
{
	struct audit_verify_result r;
	db_stmt *s;

	assert_false(db_in_transaction(f->d));
	assert_int_equal(db_begin(f->d), 0);
	assert_int_equal(db_commit(f->d), 0);
	assert_int_equal(db_query(f->d, &s, "PRAGMA integrity_check", NULL), 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_text(s, 0), "ok");
	db_reset(s);
	assert_int_equal(audit_verify(f->d, &r), 0);
	if (r.bad_id != 0)
		fail_msg("audit chain broken at %lld: %s", (long long)r.bad_id, r.reason);
}

/* The error a failed call reports: set, with a message, and nothing of the
 * engine in it. */
static void expect_reported(const sg_ctx *c, int rc)
{
	assert_true(rc < 0);
	assert_int_equal(c->err.code, rc);
	assert_true(c->err.msg[0] != '\0');
	assert_true(c->err.msg_en[0] != '\0');
	assert_null(strstr(c->err.msg_en, "SQLITE"));
	assert_null(strstr(c->err.msg_en, "sqlite"));
	assert_null(strstr(c->err.msg_en, "INSERT"));
	assert_null(strstr(c->err.msg_en, "injected"));
	assert_null(strstr(c->err.msg_en, "/tmp"));
}

static int create(struct fx *f, const char *username, const char *scope_json)
{
	json_t *scope = scope_json ? json_loads(scope_json, 0, NULL) : NULL;
	struct user_new in = {.username = username,
			      .display_name = "测试用户",
			      .password = PASSWORD,
			      .password_len = PWLEN,
			      .role = scope_json ? ROLE_CIVIL_AFFAIRS : ROLE_ADMIN,
			      .scope = scope};
	json_t *u = NULL;

	sg_err_clear(&f->ctx.err);
	int rc = user_create(&f->ctx, &in, &u);
	json_decref(u);
	json_decref(scope);
	return rc;
}

static void script(struct fx *f, const char *sql)
{
	sg_err err;
	if (db_exec_script(f->d, sql, &err) != 0)
		fail_msg("script failed: %s", sql);
}

/* ---- failing by trigger --------------------------------------------- */

/* The last step of user_create's transaction fails: nothing is written. */
static void test_trigger_audit_insert_fails(void **state)
{
	struct fx *f = *state;
	struct snapshot before, after;

	assert_int_equal(create(f, "first", NULL), 0);
	script(f, "CREATE TRIGGER inject BEFORE INSERT ON audit_log"
		  " BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	take(f->d, &before);
	int rc = create(f, "second", "{\"divisions\":[\"500110\",\"500112\"]}");
	expect_reported(&f->ctx, rc);
	take(f->d, &after);
	expect_same(&before, &after, "a failed user_create");
	assert_int_equal(after.users, 1);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM users WHERE username = 'second'"), 0);
	script(f, "DROP TRIGGER inject;");
	expect_sound(f);
	/* the same request succeeds once the fault is gone */
	assert_int_equal(create(f, "second", "{\"divisions\":[\"500110\",\"500112\"]}"), 0);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM user_scope"), 2);
	expect_sound(f);
}

/* A step in the middle fails (the scope, after the user row). */
static void test_trigger_scope_insert_fails(void **state)
{
	struct fx *f = *state;
	struct snapshot before, after;

	script(f, "CREATE TRIGGER inject BEFORE INSERT ON user_scope"
		  " WHEN NEW.ref = '500112' BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	take(f->d, &before);
	/* the first scope row is written, the second fails */
	int rc = create(f, "scoped", "{\"divisions\":[\"500110\",\"500112\"]}");
	expect_reported(&f->ctx, rc);
	take(f->d, &after);
	expect_same(&before, &after, "a failed user_create");
	assert_int_equal(after.users, 0);
	expect_sound(f);
	script(f, "DROP TRIGGER inject;");
	assert_int_equal(create(f, "scoped", "{\"divisions\":[\"500110\",\"500112\"]}"), 0);
	expect_sound(f);
}

/* Disabling a user ends their sessions; if the audit entry cannot be
 * written, the user stays enabled and keeps the sessions. */
static void test_trigger_update_fails(void **state)
{
	static const char sql_session[] =
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip)"
	    " VALUES (?, ?, 'c', 0, 0, 'x')";
	struct fx *f = *state;
	struct snapshot before, after;
	int64_t id = 0;
	json_t *u = NULL;

	assert_int_equal(create(f, "target", "{\"divisions\":[\"500110\"]}"), 0);
	assert_int_equal(user_find(&f->ctx, "target", &id), 0);
	assert_int_equal(db_run(f->d, sql_session, "ti", "h1", id), 0);
	assert_int_equal(db_run(f->d, sql_session, "ti", "h2", id), 0);
	script(f, "CREATE TRIGGER inject BEFORE INSERT ON audit_log"
		  " BEGIN SELECT RAISE(ABORT, 'injected'); END;");
	take(f->d, &before);
	json_t *sc = json_pack("{s:[s]}", "divisions", "500112");
	struct user_patch p = {.display_name = "新名字", .disabled = 1};
	sg_err_clear(&f->ctx.err);
	int rc = user_update(&f->ctx, id, &p, &u);
	expect_reported(&f->ctx, rc);
	assert_null(u);
	take(f->d, &after);
	expect_same(&before, &after, "a failed user_update");
	assert_int_equal(after.sessions, 2);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM user_scope WHERE ref = '500110'"), 1);
	assert_int_equal(
	    one_int(f->d, "SELECT COUNT(*) FROM users WHERE display_name = '测试用户'"), 1);
	script(f, "DROP TRIGGER inject;");
	expect_sound(f);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_update(&f->ctx, id, &p, &u), 0);
	json_decref(u);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM sessions"), 0);
	json_decref(sc);
	expect_sound(f);
}

/* ---- failing the Nth call ------------------------------------------- */

enum { MAX_CALLS = 400 };

/*
 * Runs op with call N failing, for N = 1, 2, … until op runs without a
 * fault firing; after each failure checks that op reported it and changed
 * nothing. In persistent mode every call from N on fails and the connection
 * is replaced afterwards (as a server would after a broken connection).
 * Returns how many calls op makes when nothing fails.
 */
static int faultsim(struct fx *f, bool persistent, int (*op)(struct fx *), const char *what,
		    void (*prepare)(struct fx *))
{
	struct snapshot before, after;
	int n;

	for (n = 1; n <= MAX_CALLS; n++) {
		if (prepare)
			prepare(f);
		take(f->d, &before);
		f->ctx.arena = f->ctx.arena ? f->ctx.arena : arena_new();
		fault_arm(n, persistent);
		int rc = op(f);
		int fired = fault.fired;
		fault_disarm();
		if (!fired) {
			if (rc != 0)
				fail_msg("%s failed without a fault: %d %s", what, rc,
					 f->ctx.err.msg_en);
			print_message("%s: %d database calls, each failed in turn\n", what, n - 1);
			return n - 1;
		}
		if (rc == 0)
			fail_msg("%s succeeded although call %d failed", what, n);
		expect_reported(&f->ctx, rc);
		if (persistent) {
			db_close(f->d);
			fx_connect(f);
		}
		take(f->d, &after);
		char label[96];
		snprintf(label, sizeof label, "%s with call %d failing", what, n);
		expect_same(&before, &after, label);
		expect_sound(f);
	}
	fail_msg("%s still failing after %d calls", what, MAX_CALLS);
	return -1;
}

static int op_create(struct fx *f)
{
	return create(f, "newcomer", "{\"divisions\":[\"500110\",\"500112\"]}");
}

static void test_nth_call_user_create(void **state)
{
	struct fx *f = *state;

	int calls = faultsim(f, false, op_create, "user_create", NULL);
	assert_true(calls >= 8);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM users WHERE username = 'newcomer'"),
			 1);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM user_scope"), 2);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM audit_log"), 1);
	expect_sound(f);
}

static int64_t target_id;

static int op_disable(struct fx *f)
{
	json_t *u = NULL;
	struct user_patch p = {.display_name = "改名", .disabled = 1};

	sg_err_clear(&f->ctx.err);
	int rc = user_update(&f->ctx, target_id, &p, &u);
	json_decref(u);
	return rc;
}

static int op_assign(struct fx *f)
{
	json_t *u = NULL;
	json_t *sc = json_pack("{s:[s,s]}", "divisions", "500112", "500113");

	sg_err_clear(&f->ctx.err);
	int rc = user_assign(&f->ctx, target_id, ROLE_TOWNSHIP, sc, &u);
	json_decref(u);
	json_decref(sc);
	return rc;
}

static void prepare_target(struct fx *f)
{
	static const char sql_session[] =
	    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip)"
	    " VALUES (?, ?, 'c', 0, 0, 'x')";

	assert_int_equal(create(f, "target", "{\"divisions\":[\"500110\"]}"), 0);
	assert_int_equal(user_find(&f->ctx, "target", &target_id), 0);
	assert_int_equal(db_run(f->d, sql_session, "ti", "h1", target_id), 0);
	assert_int_equal(db_run(f->d, sql_session, "ti", "h2", target_id), 0);
}

static void expect_disabled(struct fx *f)
{
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM users WHERE disabled = 1"
				       " AND display_name = '改名'"),
			 1);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM user_scope"), 1);
	expect_sound(f);
}

static void test_nth_call_user_assign(void **state)
{
	struct fx *f = *state;

	prepare_target(f);
	int calls = faultsim(f, false, op_assign, "user_assign", NULL);
	assert_true(calls >= 8);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM users WHERE role = 'township'"), 1);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM user_scope"), 2);
	expect_sound(f);
}

static void test_nth_call_user_update(void **state)
{
	struct fx *f = *state;

	prepare_target(f);
	int calls = faultsim(f, false, op_disable, "user_update", NULL);
	assert_true(calls >= 8);
	expect_disabled(f);
}

static void test_nth_call_user_update_persistent(void **state)
{
	struct fx *f = *state;

	prepare_target(f);
	int calls = faultsim(f, true, op_disable, "user_update (persistent)", NULL);
	assert_true(calls >= 8);
	expect_disabled(f);
}

static int op_login(struct fx *f)
{
	struct session_ticket t;
	sg_ctx c = {.db = f->d, .arena = f->ctx.arena, .now = T0};

	c.actor = (sg_actor){.user_id = 0, .username = "-", .role = -1, .ip = "192.0.2.9"};
	int rc = session_login(&c, "member", PASSWORD, PWLEN, &t);
	f->ctx.err = c.err;
	if (rc)
		assert_string_equal(t.token, ""); /* no token without a session */
	return rc;
}

/* Before each attempt: exactly the one earlier failure (attempts that
 * failed while recording their outcome stay counted and would lock). */
static void one_failure_on_record(struct fx *f)
{
	assert_int_equal(db_exec_script(f->d,
					"UPDATE login_throttle SET failures = 1, locked_until = 0;"
					"DELETE FROM login_throttle WHERE key NOT IN"
					" ('user:member', 'ip:192.0.2.9');",
					NULL),
			 0);
}

static void test_nth_call_login(void **state)
{
	struct fx *f = *state;

	assert_int_equal(create(f, "member", NULL), 0);
	/* an earlier failure, so that a successful login has a count to clear */
	struct session_ticket t;
	sg_ctx c = {.db = f->d, .arena = f->ctx.arena, .now = T0};
	c.actor = (sg_actor){.user_id = 0, .username = "-", .role = -1, .ip = "192.0.2.9"};
	assert_int_equal(session_login(&c, "member", "not-the-password-x", 18, &t), SG_EUNAUTH);

	throttle_may_grow = true;
	int calls = faultsim(f, false, op_login, "session_login", one_failure_on_record);
	throttle_may_grow = false;
	assert_true(calls >= 6);
	assert_int_equal(one_int(f->d, "SELECT COUNT(*) FROM sessions"), 1);
	/* the account's and the pair's counts are cleared; the address keeps
	 * its own (a success says nothing of other names guessed from it) */
	assert_int_equal(
	    one_int(f->d, "SELECT COUNT(*) FROM login_throttle WHERE key NOT LIKE 'ip:%'"), 0);
	expect_sound(f);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_trigger_audit_insert_fails), T(test_trigger_scope_insert_fails),
	    T(test_trigger_update_fails),	T(test_nth_call_user_create),
	    T(test_nth_call_user_update),	T(test_nth_call_user_update_persistent),
	    T(test_nth_call_user_assign),	T(test_nth_call_login),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
