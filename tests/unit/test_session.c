/* test_session.c — signing in, sessions and accounts (domain/session.h,
 * domain/user.h; R-AUTH-1, R-ROLE-1, SECURITY.md "Authentication") on a
 * migrated temporary database. Argon2 makes each hash cost tens of
 * milliseconds, so the tests sign in only as often as they must. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "domain/audit.h"
#include "domain/role.h"
#include "domain/session.h"
#include "domain/user.h"
#include "store/migrate.h"

#define T0	 INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */
#define MINUTE	 INT64_C(60000)
#define PASSWORD "walnut-harbour-lantern"
#define PWLEN	 (sizeof PASSWORD - 1)

struct fx {
	char dir[64];
	char path[128];
	db *d;
	sg_ctx ctx; /* the CLI: "system", acting as administrator */
	sg_arena *req_arena;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	sg_err err;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/sg-unit-session-XXXXXX");
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
	f->req_arena = arena_new();
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	struct fx *f = *state;
	struct audit_verify_result r;
	char p[160];
	int rc = 0;

	/* whatever a test did, the audit chain is intact */
	if (audit_verify(f->d, &r) != 0 || r.bad_id != 0) {
		fprintf(stderr, "audit chain broken at %lld: %s\n", (long long)r.bad_id, r.reason);
		rc = -1;
	}
	db_close(f->d);
	arena_free(f->ctx.arena);
	arena_free(f->req_arena);
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return rc;
}

/* A request's context: nobody signed in yet, from one client address. */
static sg_ctx req(struct fx *f, int64_t now)
{
	sg_ctx c = {.db = f->d, .arena = f->req_arena, .now = now};
	c.actor = (sg_actor){.user_id = 0, .username = "-", .role = -1, .ip = "192.0.2.7"};
	return c;
}

/* Creates a user as the system; returns the id. scope_json may be NULL. */
static int64_t create_user(struct fx *f, const char *username, int role, const char *scope_json)
{
	json_t *scope = scope_json ? json_loads(scope_json, 0, NULL) : NULL;
	struct user_new in = {.username = username,
			      .display_name = "测试用户",
			      .password = PASSWORD,
			      .password_len = PWLEN,
			      .role = role,
			      .scope = scope};
	json_t *u = NULL;

	sg_err_clear(&f->ctx.err);
	int rc = user_create(&f->ctx, &in, &u);
	if (rc)
		fail_msg("user_create %s: %d %s", username, rc, f->ctx.err.msg_en);
	int64_t id = json_integer_value(json_object_get(u, "id"));
	assert_true(id > 0);
	assert_null(json_object_get(u, "password_hash"));
	assert_null(json_object_get(u, "password"));
	json_decref(u);
	json_decref(scope);
	return id;
}

static int64_t count(struct fx *f, const char *sql, int64_t id)
{
	int64_t n = -1;
	assert_int_equal(db_one_int(f->d, &n, sql, "i", id), 0);
	return n;
}

static const char sql_sessions_of[] = "SELECT COUNT(*) FROM sessions WHERE user_id = ?";

static int login(struct fx *f, int64_t now, const char *user, const char *pw,
		 struct session_ticket *t, sg_err *err)
{
	sg_ctx c = req(f, now);
	int rc = session_login(&c, user, pw, strlen(pw), t);
	if (err)
		*err = c.err;
	return rc;
}

/* Resolves a token at time now; on success *actor receives the actor. */
static int resolve(struct fx *f, int64_t now, const char *token, sg_actor *actor)
{
	sg_ctx c = req(f, now);
	char csrf[SESSION_TOKEN_LEN + 1];
	int rc = session_resolve(&c, token, strlen(token), csrf);
	if (actor)
		*actor = c.actor;
	return rc;
}

static void test_login_and_resolve(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "alice", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"500110\"]}");
	struct session_ticket t;
	sg_ctx c = req(f, T0 + MINUTE);
	char csrf[SESSION_TOKEN_LEN + 1];

	assert_int_equal(session_login(&c, "alice", PASSWORD, PWLEN, &t), 0);
	assert_int_equal(strlen(t.token), SESSION_TOKEN_LEN);
	assert_int_equal(strlen(t.csrf), SESSION_TOKEN_LEN);
	assert_string_not_equal(t.token, t.csrf);
	assert_int_equal(t.user_id, id);
	assert_true(t.session_id > 0);
	/* the login fills the actor of its own request */
	assert_int_equal(c.actor.user_id, id);
	assert_string_equal(c.actor.username, "alice");
	assert_int_equal(c.actor.role, ROLE_CIVIL_AFFAIRS);

	/* only a hash of the token is stored */
	static const char sql_plain[] = "SELECT COUNT(*) FROM sessions WHERE token_hash = ?"
					" OR instr(token_hash, ?) > 0";
	int64_t n = -1;
	assert_int_equal(db_one_int(f->d, &n, sql_plain, "tt", t.token, t.token), 0);
	assert_int_equal(n, 0);

	c = req(f, T0 + 2 * MINUTE);
	assert_int_equal(session_resolve(&c, t.token, strlen(t.token), csrf), 0);
	assert_int_equal(c.actor.user_id, id);
	assert_string_equal(c.actor.username, "alice");
	assert_int_equal(c.actor.role, ROLE_CIVIL_AFFAIRS);
	assert_int_equal(c.actor.session_id, t.session_id);
	assert_string_equal(csrf, t.csrf);

	/* tokens that are not the session's */
	char forged[SESSION_TOKEN_LEN + 1];
	memcpy(forged, t.token, sizeof forged);
	forged[0] = forged[0] == 'A' ? 'B' : 'A';
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, forged, NULL), SG_EUNAUTH);
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, "", NULL), SG_EUNAUTH);
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, "short", NULL), SG_EUNAUTH);
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, t.csrf, NULL), SG_EUNAUTH);

	/* logout ends the session */
	c = req(f, T0 + 3 * MINUTE);
	assert_int_equal(session_resolve(&c, t.token, strlen(t.token), csrf), 0);
	assert_int_equal(session_logout(&c), 0);
	assert_int_equal(resolve(f, T0 + 3 * MINUTE, t.token, NULL), SG_EUNAUTH);
	assert_int_equal(count(f, sql_sessions_of, id), 0);
}

static void expect_same_err(const sg_err *a, const sg_err *b)
{
	assert_int_equal(a->code, b->code);
	assert_string_equal(a->msg, b->msg);
	assert_string_equal(a->msg_en, b->msg_en);
	assert_string_equal(a->rule, b->rule);
	assert_string_equal(a->field, b->field);
	assert_int_equal(a->retry_after, b->retry_after);
}

/* A wrong password, an unknown user and a disabled user get the same
 * answer, so responses do not tell whether an account exists. */
static void test_wrong_password_and_unknown_user(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "bob", ROLE_AUDIT_ADMIN, NULL);
	struct session_ticket t;
	sg_err wrong, unknown, disabled;

	memset(&t, 0x55, sizeof t);
	assert_int_equal(login(f, T0, "bob", "not-the-password-at-all", &t, &wrong), SG_EUNAUTH);
	assert_string_equal(t.token, ""); /* nothing usable is handed out */
	assert_int_equal(t.session_id, 0);
	assert_int_equal(login(f, T0, "nobody-here", PASSWORD, &t, &unknown), SG_EUNAUTH);
	expect_same_err(&wrong, &unknown);
	assert_string_equal(wrong.rule, "R-AUTH-1");
	assert_null(strstr(wrong.msg_en, "bob"));
	assert_null(strstr(unknown.msg_en, "nobody"));
	/* an over-long name is answered the same way */
	char longname[200];
	memset(longname, 'z', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(login(f, T0, longname, PASSWORD, &t, &unknown), SG_EUNAUTH);
	expect_same_err(&wrong, &unknown);
	assert_int_equal(count(f, sql_sessions_of, id), 0);

	/* a disabled account with the right password */
	struct user_patch p = {.display_name = NULL, .disabled = 1};
	json_t *u = NULL;
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_update(&f->ctx, id, &p, &u), 0);
	json_decref(u);
	assert_int_equal(login(f, T0, "bob", PASSWORD, &t, &disabled), SG_EUNAUTH);
	expect_same_err(&wrong, &disabled);
	assert_int_equal(count(f, sql_sessions_of, id), 0);

	/* failed logins are audited without the typed name of unknown users */
	static const char sql_failed[] =
	    "SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'"
	    " AND outcome = 'failed' AND id > ?";
	static const char sql_failed_unknown[] =
	    "SELECT COUNT(*) FROM audit_log WHERE action = 'session.login_failed'"
	    " AND object_id = '' AND id > ?";
	assert_int_equal(count(f, sql_failed, 0), 4);
	assert_int_equal(count(f, sql_failed_unknown, 0), 2);
	static const char sql_leak[] =
	    "SELECT COUNT(*) FROM audit_log WHERE instr(object_id, 'nobody') > 0 OR"
	    " instr(COALESCE(new_value, ''), 'not-the-password') > 0 OR ? = 1";
	assert_int_equal(count(f, sql_leak, 0), 0);
}

/* Five failures lock the name for 15 minutes, even against the right
 * password; the lock then expires. */
static void test_lockout(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "carol", ROLE_ADMIN, NULL);
	struct session_ticket t;
	sg_err err;

	for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
		assert_int_equal(login(f, T0 + i * 1000, "carol", "wrong-password-guess", &t, &err),
				 SG_EUNAUTH);
	int64_t locked_at = T0 + (LOGIN_MAX_FAILURES - 1) * 1000;
	assert_int_equal(login(f, locked_at + 1000, "carol", PASSWORD, &t, &err), SG_ELOCKED);
	assert_true(err.retry_after > 0);
	assert_true(err.retry_after <= LOGIN_LOCK_MS / 1000);
	assert_string_equal(err.rule, "R-AUTH-1");
	assert_int_equal(count(f, sql_sessions_of, id), 0);
	/* the name is matched without regard to case */
	assert_int_equal(login(f, locked_at + 2000, "CAROL", PASSWORD, &t, &err), SG_ELOCKED);
	/* still locked just before the 15 minutes are over */
	assert_int_equal(login(f, locked_at + LOGIN_LOCK_MS - 1, "carol", PASSWORD, &t, &err),
			 SG_ELOCKED);
	assert_int_equal(err.retry_after, 1);

	/* past the lock, the right password works */
	assert_int_equal(login(f, locked_at + LOGIN_LOCK_MS + 1, "carol", PASSWORD, &t, &err), 0);
	assert_int_equal(count(f, sql_sessions_of, id), 1);
	/* and the success cleared the count: one failure does not lock again */
	int64_t later = locked_at + LOGIN_LOCK_MS + 2 * MINUTE;
	assert_int_equal(login(f, later, "carol", "wrong-password-guess", &t, &err), SG_EUNAUTH);
	assert_int_equal(login(f, later + 1, "carol", PASSWORD, &t, &err), 0);

	/* an unknown name is throttled the same way */
	for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
		assert_int_equal(login(f, later, "ghost", "wrong-password-guess", &t, &err),
				 SG_EUNAUTH);
	sg_err ghost;
	assert_int_equal(login(f, later + 1, "ghost", PASSWORD, &t, &ghost), SG_ELOCKED);
	assert_true(ghost.retry_after > 0 && ghost.retry_after <= LOGIN_LOCK_MS / 1000);
	/* the lock of one name does not lock another */
	assert_int_equal(login(f, later + 2, "carol", PASSWORD, &t, &err), 0);

	static const char sql_locked[] =
	    "SELECT COUNT(*) FROM audit_log WHERE action = 'session.locked' AND outcome = 'denied'"
	    " AND id > ?";
	assert_int_equal(count(f, sql_locked, 0), 4);
}

static void test_idle_expiry(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "dave", ROLE_AUDIT_ADMIN, NULL);
	struct session_ticket t;

	assert_int_equal(login(f, T0, "dave", PASSWORD, &t, NULL), 0);
	/* use within 30 minutes keeps the session alive */
	assert_int_equal(resolve(f, T0 + 29 * MINUTE, t.token, NULL), 0);
	assert_int_equal(resolve(f, T0 + 58 * MINUTE, t.token, NULL), 0);
	/* 31 idle minutes end it, and it stays ended */
	sg_actor a;
	assert_int_equal(resolve(f, T0 + 89 * MINUTE, t.token, &a), SG_EUNAUTH);
	assert_int_equal(a.user_id, 0); /* no actor is left behind */
	assert_int_equal(a.session_id, 0);
	assert_int_equal(resolve(f, T0 + 89 * MINUTE, t.token, NULL), SG_EUNAUTH);
	assert_int_equal(count(f, sql_sessions_of, id), 0);
}

static void test_absolute_expiry(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "erin", ROLE_AUDIT_ADMIN, NULL);
	struct session_ticket t;
	int64_t now = T0;

	assert_int_equal(login(f, T0, "erin", PASSWORD, &t, NULL), 0);
	/* touched every 20 minutes, the session lives exactly 12 hours */
	while (now + 20 * MINUTE <= T0 + SESSION_ABSOLUTE_MS) {
		now += 20 * MINUTE;
		if (resolve(f, now, t.token, NULL) != 0)
			fail_msg("ended after %lld minutes", (long long)(now - T0) / MINUTE);
	}
	assert_int_equal(now, T0 + SESSION_ABSOLUTE_MS);
	assert_int_equal(resolve(f, now + 20 * MINUTE, t.token, NULL), SG_EUNAUTH);
	assert_int_equal(count(f, sql_sessions_of, id), 0);
}

static void test_change_password(void **state)
{
	static const char next[] = "pomegranate-telescope-42";
	struct fx *f = *state;
	int64_t id = create_user(f, "frank", ROLE_AUDIT_ADMIN, NULL);
	struct session_ticket t, other, fresh;
	char csrf[SESSION_TOKEN_LEN + 1];

	assert_int_equal(login(f, T0, "frank", PASSWORD, &t, NULL), 0);
	assert_int_equal(login(f, T0 + 1, "frank", PASSWORD, &other, NULL), 0);
	assert_int_equal(count(f, sql_sessions_of, id), 2);

	sg_ctx c = req(f, T0 + 2 * MINUTE);
	assert_int_equal(session_resolve(&c, t.token, strlen(t.token), csrf), 0);
	/* a wrong current password */
	assert_int_equal(
	    session_change_password(&c, "guess-guess-guess", 17, next, sizeof next - 1, &fresh),
	    SG_EINVAL);
	assert_string_equal(c.err.field, "current_password");
	/* a new password the policy refuses */
	assert_int_equal(session_change_password(&c, PASSWORD, PWLEN, "short", 5, &fresh),
			 SG_EINVAL);
	assert_string_equal(c.err.field, "new_password");
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, t.token, NULL), 0);

	c = req(f, T0 + 3 * MINUTE);
	assert_int_equal(session_resolve(&c, t.token, strlen(t.token), csrf), 0);
	assert_int_equal(
	    session_change_password(&c, PASSWORD, PWLEN, next, sizeof next - 1, &fresh), 0);
	assert_int_equal(strlen(fresh.token), SESSION_TOKEN_LEN);
	/* every old session is over; the new one works */
	assert_int_equal(resolve(f, T0 + 4 * MINUTE, t.token, NULL), SG_EUNAUTH);
	assert_int_equal(resolve(f, T0 + 4 * MINUTE, other.token, NULL), SG_EUNAUTH);
	sg_actor a;
	assert_int_equal(resolve(f, T0 + 4 * MINUTE, fresh.token, &a), 0);
	assert_int_equal(a.user_id, id);
	assert_int_equal(count(f, sql_sessions_of, id), 1);
	/* the old password no longer signs in, the new one does */
	assert_int_equal(login(f, T0 + 5 * MINUTE, "frank", PASSWORD, &t, NULL), SG_EUNAUTH);
	assert_int_equal(login(f, T0 + 5 * MINUTE, "frank", next, &t, NULL), 0);
}

static void test_disable_ends_sessions(void **state)
{
	struct fx *f = *state;
	int64_t id = create_user(f, "grace", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"500110\"]}");
	struct session_ticket t;
	struct user_patch p = {.display_name = NULL, .disabled = 1};
	json_t *u = NULL;

	assert_int_equal(login(f, T0, "grace", PASSWORD, &t, NULL), 0);
	assert_int_equal(resolve(f, T0 + MINUTE, t.token, NULL), 0);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_update(&f->ctx, id, &p, &u), 0);
	assert_true(json_is_true(json_object_get(u, "disabled")));
	json_decref(u);
	assert_int_equal(count(f, sql_sessions_of, id), 0);
	assert_int_equal(resolve(f, T0 + 2 * MINUTE, t.token, NULL), SG_EUNAUTH);
	/* enabling again does not bring the session back */
	p.disabled = 0;
	assert_int_equal(user_update(&f->ctx, id, &p, &u), 0);
	json_decref(u);
	assert_int_equal(resolve(f, T0 + 3 * MINUTE, t.token, NULL), SG_EUNAUTH);
	/* the scope is kept through the round trip */
	assert_int_equal(user_get(&f->ctx, id, &u), 0);
	assert_string_equal(json_string_value(json_array_get(
				json_object_get(json_object_get(u, "scope"), "divisions"), 0)),
			    "500110");
	json_decref(u);
}

/* At least one active administrator remains: the last one can be neither
 * disabled nor given another role (by the CLI either). */
static void test_last_admin_kept(void **state)
{
	struct fx *f = *state;
	int64_t a = create_user(f, "ivan", ROLE_ADMIN, NULL);
	struct user_patch off = {.disabled = 1};
	json_t *u = NULL;

	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_update(&f->ctx, a, &off, &u), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "disabled");
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_assign(&f->ctx, a, ROLE_AUDIT_ADMIN, NULL, &u), SG_ECONFLICT);
	assert_string_equal(f->ctx.err.field, "role");
	/* with a second administrator, the first may go */
	int64_t b = create_user(f, "judy", ROLE_ADMIN, NULL);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_update(&f->ctx, a, &off, &u), 0);
	json_decref(u);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_assign(&f->ctx, b, ROLE_AUDIT_ADMIN, NULL, &u), SG_ECONFLICT);
}

/* Separation of duties (三员分立): the system administrator manages
 * accounts but assigns no role; the security administrator assigns roles
 * but never an officer's role, never to an officer and never to
 * themselves; nobody disables themselves; the officers' accounts (the
 * audit administrator's above all) are out of the administrator's reach. */
static void test_separation_of_duties(void **state)
{
	struct fx *f = *state;
	int64_t admin = create_user(f, "henry", ROLE_ADMIN, NULL);
	int64_t sec = create_user(f, "sam", ROLE_SECURITY_ADMIN, NULL);
	int64_t aud = create_user(f, "alice", ROLE_AUDIT_ADMIN, NULL);
	int64_t clerk = create_user(f, "carl", ROLE_TOWNSHIP, "{\"divisions\":[\"500110001\"]}");
	sg_ctx c = req(f, T0);
	json_t *u = NULL;
	json_t *sc = json_pack("{s:[s]}", "divisions", "500110");
	struct user_patch off = {.disabled = 1};

	c.actor = (sg_actor){.user_id = admin, .username = "henry", .role = ROLE_ADMIN, .ip = "x"};
	/* not the administrator's to assign, not even to others */
	assert_int_equal(user_assign(&c, clerk, ROLE_CIVIL_AFFAIRS, sc, &u), SG_EFORBIDDEN);
	assert_null(u);
	assert_string_equal(c.err.rule, "R-ROLE-1");
	/* the audit administrator's account: no password, no disabling */
	sg_err_clear(&c.err);
	assert_int_equal(user_reset_password(&c, aud, PASSWORD "x", PWLEN + 1), SG_EFORBIDDEN);
	sg_err_clear(&c.err);
	assert_int_equal(user_update(&c, aud, &off, &u), SG_EFORBIDDEN);
	/* nor oneself */
	sg_err_clear(&c.err);
	assert_int_equal(user_update(&c, admin, &off, &u), SG_EFORBIDDEN);
	assert_string_equal(c.err.field, "disabled");
	/* an account created through the API has no role */
	struct user_new nu = {.username = "newbie",
			      .display_name = "新人",
			      .password = PASSWORD,
			      .password_len = PWLEN,
			      .role = -1};
	sg_err_clear(&c.err);
	assert_int_equal(user_create(&c, &nu, &u), 0);
	assert_true(json_is_null(json_object_get(u, "role")));
	int64_t newbie = json_integer_value(json_object_get(u, "id"));
	json_decref(u);
	nu.username = "newbie2";
	nu.role = ROLE_TOWNSHIP;
	sg_err_clear(&c.err);
	assert_int_equal(user_create(&c, &nu, &u), SG_EFORBIDDEN);
	/* the own display name is fine */
	struct user_patch name = {.display_name = "亨利", .disabled = -1};
	sg_err_clear(&c.err);
	assert_int_equal(user_update(&c, admin, &name, &u), 0);
	json_decref(u);

	c.actor =
	    (sg_actor){.user_id = sec, .username = "sam", .role = ROLE_SECURITY_ADMIN, .ip = "x"};
	sg_err_clear(&c.err);
	assert_int_equal(user_assign(&c, newbie, ROLE_CIVIL_AFFAIRS, sc, &u), 0);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "civil_affairs");
	json_decref(u);
	/* never an officer's role, never an officer, never oneself */
	sg_err_clear(&c.err);
	assert_int_equal(user_assign(&c, clerk, ROLE_ADMIN, NULL, &u), SG_EFORBIDDEN);
	sg_err_clear(&c.err);
	assert_int_equal(user_assign(&c, aud, ROLE_CIVIL_AFFAIRS, sc, &u), SG_EFORBIDDEN);
	sg_err_clear(&c.err);
	assert_int_equal(user_assign(&c, sec, ROLE_CIVIL_AFFAIRS, sc, &u), SG_EFORBIDDEN);
	/* and no account management */
	sg_err_clear(&c.err);
	assert_int_equal(user_update(&c, clerk, &off, &u), SG_EFORBIDDEN);
	json_decref(sc);
	/* nothing changed */
	assert_int_equal(user_get(&f->ctx, aud, &u), 0);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "audit_admin");
	assert_false(json_is_true(json_object_get(u, "disabled")));
	json_decref(u);
	assert_int_equal(user_get(&f->ctx, clerk, &u), 0);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "township");
	json_decref(u);
}

static void expect_create_refused(struct fx *f, const char *username, int role,
				  const char *scope_json, int code, const char *field)
{
	json_t *scope = scope_json ? json_loads(scope_json, 0, NULL) : NULL;
	struct user_new in = {.username = username,
			      .display_name = "测试",
			      .password = PASSWORD,
			      .password_len = PWLEN,
			      .role = role,
			      .scope = scope};
	json_t *u = NULL;
	int64_t before = -1, after = -1;

	if (scope_json)
		assert_non_null(scope);
	assert_int_equal(user_count(&f->ctx, &before), 0);
	sg_err_clear(&f->ctx.err);
	int rc = user_create(&f->ctx, &in, &u);
	if (rc != code)
		fail_msg("%s %s: got %d (%s), want %d", role_name(role),
			 scope_json ? scope_json : "(no scope)", rc, f->ctx.err.msg_en, code);
	assert_null(u);
	assert_string_equal(f->ctx.err.field, field);
	assert_int_equal(user_count(&f->ctx, &after), 0);
	assert_int_equal(after, before);
	json_decref(scope);
}

static void test_scope_rules(void **state)
{
	struct fx *f = *state;

	/* R-ROLE-1: each role lists what its scope is made of, and only that */
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"divisions\":[\"500110\"]}", SG_EINVAL,
			      "scope");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[1,2]}", SG_EINVAL, "scope");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[]}", SG_EINVAL, "scope");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, NULL, SG_EINVAL, "scope");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[0]}", SG_EINVAL, "scope");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[\"3\"]}", SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, NULL, SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{}", SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[]}", SG_EINVAL,
			      "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"orgs\":[3]}", SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"50011\"]}",
			      SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"990110\"]}",
			      SG_EINVAL, "scope"); /* no province 99 */
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"5001a0\"]}",
			      SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[500110]}", SG_EINVAL,
			      "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS, "{\"divisions\":\"500110\"}",
			      SG_EINVAL, "scope");
	expect_create_refused(f, "civ1", ROLE_CIVIL_AFFAIRS,
			      "{\"divisions\":[\"500110\"],\"extra\":[1]}", SG_EINVAL, "scope");
	expect_create_refused(f, "sw1", ROLE_SOCIAL_WORKER, "{\"orgs\":[3]}", SG_EINVAL, "scope");
	expect_create_refused(f, "adm1", ROLE_ADMIN, "{\"divisions\":[\"500110\"]}", SG_EINVAL,
			      "scope");
	expect_create_refused(f, "adm1", ROLE_AUDIT_ADMIN, "{\"stations\":[1]}", SG_EINVAL,
			      "scope");
	expect_create_refused(f, "adm1", ROLE_ADMIN, "[]", SG_EINVAL, "scope");
	/* the organisations and stations named exist (R-ROLE-1): an id that
	 * names nothing would let a later one given that id into the scope */
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[3]}", SG_EINVAL, "scope");
	expect_create_refused(f, "sw1", ROLE_SOCIAL_WORKER, "{\"stations\":[7]}", SG_EINVAL,
			      "scope");
	sg_err err;
	assert_int_equal(
	    db_exec_script(f->d,
			   "INSERT INTO divisions (code, name, level, parent_code) VALUES"
			   " ('50', '重庆市', 0, NULL), ('5001', '市辖区', 1, '50'),"
			   " ('500110', '綦江区', 2, '5001');"
			   "INSERT INTO orgs (id, type, name, uscc, division_code, created_at,"
			   " updated_at) VALUES (3, 'social_org', '机构', 'U3', '500110', 0, 0);"
			   "INSERT INTO stations (id, division_code, tier, name, status, operation,"
			   " working, created_at, updated_at) VALUES (7, '500110', 'county',"
			   " '中心', 'active', 'self_operated', 0, 0, 0);",
			   &err),
	    0);
	expect_create_refused(f, "sw1", ROLE_SOCIAL_WORKER, "{\"stations\":[7,8]}", SG_EINVAL,
			      "scope");
	assert_string_equal(f->ctx.err.msg_en, "scope.stations item 2: no such station");
	expect_create_refused(f, "prov1", ROLE_PROVIDER, "{\"orgs\":[4]}", SG_EINVAL, "scope");
	assert_string_equal(f->ctx.err.msg_en, "scope.orgs item 1: no such organisation");
	assert_true(create_user(f, "sw1", ROLE_SOCIAL_WORKER, "{\"stations\":[7]}") > 0);
	/* other input */
	expect_create_refused(f, "Upper", ROLE_ADMIN, NULL, SG_EINVAL, "username");
	expect_create_refused(f, "ab", ROLE_ADMIN, NULL, SG_EINVAL, "username");
	expect_create_refused(f, "张三", ROLE_ADMIN, NULL, SG_EINVAL, "username");
	expect_create_refused(f, "okname", ROLE__MAX, NULL, SG_EINVAL, "role");
	expect_create_refused(f, "okname", ROLE_SYSTEM, NULL, SG_EINVAL, "role");

	/* every division level of R-DIV-1 is a valid scope: 2, 4, 6, 9, 12 digits
	 * (changed on an existing account, which costs no password hash) */
	int64_t id = create_user(f, "civil", ROLE_CIVIL_AFFAIRS, "{\"divisions\":[\"500110\"]}");
	static const char *const good[] = {"{\"divisions\":[\"50\"]}", "{\"divisions\":[\"5001\"]}",
					   "{\"divisions\":[\"500110\",\"500112\"]}",
					   "{\"divisions\":[\"500110001\"]}",
					   "{\"divisions\":[\"500110001001\"]}"};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		json_t *sc = json_loads(good[i], 0, NULL), *u = NULL;
		sg_err_clear(&f->ctx.err);
		if (user_assign(&f->ctx, id, ROLE_CIVIL_AFFAIRS, sc, &u) != 0)
			fail_msg("scope %s refused: %s", good[i], f->ctx.err.msg_en);
		json_decref(u);
		json_decref(sc);
	}
	/* a role change without a fitting scope is refused; with one naming a
	 * missing organisation too, and nothing is written; with one it works */
	json_t *u = NULL;
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_assign(&f->ctx, id, ROLE_PROVIDER, NULL, &u), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "scope");
	json_t *sc = json_pack("{s:[i]}", "orgs", 4);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_assign(&f->ctx, id, ROLE_PROVIDER, sc, &u), SG_EINVAL);
	assert_string_equal(f->ctx.err.field, "scope");
	assert_string_equal(f->ctx.err.rule, "R-ROLE-1");
	json_decref(sc);
	assert_int_equal(user_get(&f->ctx, id, &u), 0);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "civil_affairs");
	json_decref(u);
	u = NULL;
	sc = json_pack("{s:[i]}", "orgs", 3);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_assign(&f->ctx, id, ROLE_PROVIDER, sc, &u), 0);
	json_t *stored = json_object_get(u, "scope");
	assert_int_equal(json_array_size(json_object_get(stored, "divisions")), 0);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(stored, "orgs"), 0)), 3);
	json_decref(u);
	json_decref(sc);
}

static void test_duplicate_username(void **state)
{
	struct fx *f = *state;

	create_user(f, "ivy", ROLE_ADMIN, NULL);
	expect_create_refused(f, "ivy", ROLE_AUDIT_ADMIN, NULL, SG_ECONFLICT, "username");
	int64_t id = 0;
	assert_int_equal(user_find(&f->ctx, "ivy", &id), 0);
	json_t *u = NULL;
	assert_int_equal(user_get(&f->ctx, id, &u), 0);
	assert_string_equal(json_string_value(json_object_get(u, "role")), "admin");
	json_decref(u);
	sg_err_clear(&f->ctx.err);
	assert_int_equal(user_find(&f->ctx, "nobody", &id), SG_ENOTFOUND);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_login_and_resolve),
	    T(test_wrong_password_and_unknown_user),
	    T(test_lockout),
	    T(test_idle_expiry),
	    T(test_absolute_expiry),
	    T(test_change_password),
	    T(test_disable_ends_sessions),
	    T(test_separation_of_duties),
	    T(test_last_admin_kept),
	    T(test_scope_rules),
	    T(test_duplicate_username),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
