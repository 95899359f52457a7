/* session.c — login with lockout, session lookup, logout, password change. */
#include "domain/session.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/crypto.h"
#include "base/mem.h"
#include "domain/audit.h"
#include "domain/password.h"
#include "domain/role.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value session_actions_values[] = {
    {"session.login", "登录", "sign in"},
    {"session.login_failed", "登录失败", "failed sign-in"},
    {"session.logout", "退出登录", "sign out"},
    {"session.locked", "登录被锁定", "sign-in refused: locked"},
    {"user.password_change", "修改本人密码", "change own password"},
    {"user.password_change_failed", "修改本人密码失败", "failed password change"},
};
const struct enum_def session_actions = ENUM_DEF("audit.action", session_actions_values);

/*
 * Login throttling. Three counters of consecutive failures, in
 * login_throttle:
 *   "user:<name>"         five lock the account for 15 minutes (SECURITY.md:
 *                         423/429 even with the right password);
 *   "pair:<addr>|<name>"  five lock that account for that address, so that
 *                         the owner's successful login (which clears the
 *                         account's counter) does not reopen it to a guesser;
 *   "ip:<addr>"           never a ban: past IP_SLOW_AFTER failures, an
 *                         attempt from the address within a short window after
 *                         its last failure (one second more per failure, at
 *                         most IP_SLOW_MAX_MS) is asked to wait. Behind a NAT
 *                         a whole office shares the address: a guesser there
 *                         slows everyone down for seconds, locks nobody out.
 */
enum {
	TOUCH_MS = 60 * 1000,	    /* last_seen_at is written at most once a minute */
	IP_SLOW_AFTER = 20,	    /* failures from an address before it slows down */
	IP_SLOW_STEP_MS = 1000,	    /* the wait grows by this per failure past that */
	IP_SLOW_MAX_MS = 30 * 1000, /* and stays under this */
	USERNAME_INPUT_MAX = 64,    /* longer input cannot be a username */
	THROTTLE_KEY_MAX = 8 + 64 + 2 + USERNAME_INPUT_MAX + 1,
};

static const char sql_user_by_name[] =
    "SELECT id, password_hash, disabled, role FROM users WHERE username = ?";
static const char sql_throttle_get[] =
    "SELECT failures, locked_until, updated_at FROM login_throttle WHERE key = ?";
static const char sql_throttle_clear_user[] =
    "DELETE FROM login_throttle WHERE key = ? OR (key LIKE 'pair:%' AND key LIKE ? ESCAPE '!')";
static const char sql_throttle_fail[] =
    "INSERT INTO login_throttle (key, failures, locked_until, updated_at) VALUES (?, 1, 0, ?)"
    " ON CONFLICT (key) DO UPDATE SET failures = login_throttle.failures + 1,"
    " updated_at = excluded.updated_at";
static const char sql_throttle_lock[] =
    "UPDATE login_throttle SET failures = 0, locked_until = ? WHERE key = ? AND failures >= ?";
static const char sql_throttle_clear[] = "DELETE FROM login_throttle WHERE key = ?";
/* Undoes the provisional count of a successful attempt. */
static const char sql_throttle_undo[] =
    "UPDATE login_throttle SET failures = failures - 1 WHERE key = ? AND failures > 0";
/* Housekeeping on every login: expired sessions, and failure counts that
 * are neither locking nor recent (so "consecutive" means within 15 min). */
static const char sql_sweep_sessions[] =
    "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";
static const char sql_sweep_throttle[] =
    "DELETE FROM login_throttle WHERE locked_until < ? AND updated_at < ?";
static const char sql_session_insert[] =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, ip)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_last_login[] =
    "UPDATE users SET previous_login_at = last_login_at, last_login_at = ? WHERE id = ?";
static const char sql_resolve[] =
    "SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.username, u.role,"
    " u.disabled FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?";
static const char sql_touch[] = "UPDATE sessions SET last_seen_at = ? WHERE id = ?";
static const char sql_session_delete[] = "DELETE FROM sessions WHERE id = ?";
static const char sql_session_end_all[] = "DELETE FROM sessions WHERE user_id = ? AND id <> ?";
static const char sql_password_of[] = "SELECT username, password_hash FROM users WHERE id = ?";
static const char sql_set_password[] =
    "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?";

static char dummy_hash[PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	unsigned char r[16];
	char pw[33];
	crypto_random(r, sizeof r);
	hex_encode(r, sizeof r, pw);
	password_hash(pw, strlen(pw), dummy_hash);
}

void session_init(void)
{
	pthread_once(&dummy_once, make_dummy);
}

static void token_hash(const char *token, size_t len, char out[2 * DIGEST_LEN + 1])
{
	unsigned char md[DIGEST_LEN];
	crypto_digest(DIGEST_SHA256, token, len, md);
	hex_encode(md, DIGEST_LEN, out);
}

static int random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char r[32];
	int rc = crypto_random(r, sizeof r);
	if (!rc)
		base64url_encode(r, sizeof r, out);
	mem_wipe(r, sizeof r);
	return rc;
}

/* Opens a session for user_id inside the caller's transaction. */
static int session_open(sg_ctx *ctx, int64_t user_id, struct session_ticket *out)
{
	char th[2 * DIGEST_LEN + 1];
	int rc = random_token(out->token);
	if (!rc)
		rc = random_token(out->csrf);
	if (rc)
		return rc;
	token_hash(out->token, SESSION_TOKEN_LEN, th);
	out->user_id = user_id;
	rc = db_one_int(ctx->db, &out->session_id, sql_session_insert, "titiit", th, user_id,
			out->csrf, ctx->now, ctx->now, ctx->actor.ip ? ctx->actor.ip : "");
	return rc ? rc : db_run(ctx->db, sql_last_login, "ii", ctx->now, user_id);
}

static int sweep(sg_ctx *ctx)
{
	int rc = db_run(ctx->db, sql_sweep_sessions, "ii", ctx->now - SESSION_IDLE_MS,
			ctx->now - SESSION_ABSOLUTE_MS);
	return rc ? rc
		  : db_run(ctx->db, sql_sweep_throttle, "ii", ctx->now, ctx->now - LOGIN_LOCK_MS);
}

static void user_key(const char *username, char out[8 + USERNAME_INPUT_MAX + 1])
{
	snprintf(out, 8 + USERNAME_INPUT_MAX + 1, "user:%.*s", USERNAME_INPUT_MAX, username);
	for (char *c = out + 5; *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

/* "pair:<addr>|<name>" (cut to fit). */
static void pair_key(const char *ip, const char *username, char out[THROTTLE_KEY_MAX])
{
	snprintf(out, THROTTLE_KEY_MAX, "pair:%.64s|%.*s", ip ? ip : "", USERNAME_INPUT_MAX,
		 username);
	for (char *c = strchr(out, '|'); c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

int session_unlock(sg_ctx *ctx, const char *username)
{
	char ukey[8 + USERNAME_INPUT_MAX + 1], pattern[2 * USERNAME_INPUT_MAX + 8];
	user_key(username, ukey);
	/* every pair of the account: "%|name", LIKE's metacharacters escaped */
	char *o = pattern;
	*o++ = '%';
	*o++ = '|';
	for (const char *c = ukey + 5; *c && o < pattern + sizeof pattern - 3; c++) {
		if (*c == '%' || *c == '_' || *c == '!')
			*o++ = '!';
		*o++ = *c;
	}
	*o = '\0';
	return db_run(ctx->db, sql_throttle_clear_user, "tt", ukey, pattern);
}

/* Remaining lock in ms for a throttle key, 0 when not locked. */
static int throttle_locked(sg_ctx *ctx, const char *key, int64_t *remaining)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_throttle_get, "t", key);
	*remaining = 0;
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc == DB_ROW) {
		int64_t until = db_int(s, 1);
		if (until > ctx->now)
			*remaining = until - ctx->now;
		db_reset(s);
		return 0;
	}
	return rc;
}

/* The wait asked of an address (ms, 0 for none): past IP_SLOW_AFTER
 * failures, a window after its last failure growing with their number. */
static int address_wait(sg_ctx *ctx, const char *key, int64_t *wait)
{
	db_stmt *s;
	int rc = db_query(ctx->db, &s, sql_throttle_get, "t", key);
	*wait = 0;
	if (rc)
		return rc;
	rc = db_step(s);
	if (rc != DB_ROW)
		return rc;
	int64_t failures = db_int(s, 0), last = db_int(s, 2);
	db_reset(s);
	if (failures > IP_SLOW_AFTER) {
		int64_t window = (failures - IP_SLOW_AFTER) * IP_SLOW_STEP_MS;
		if (window > IP_SLOW_MAX_MS)
			window = IP_SLOW_MAX_MS;
		if (last + window > ctx->now)
			*wait = last + window - ctx->now;
	}
	return 0;
}

static int throttle_fail(sg_ctx *ctx, const char *key, int64_t max)
{
	int rc = db_run(ctx->db, sql_throttle_fail, "ti", key, ctx->now);
	return rc ? rc
		  : db_run(ctx->db, sql_throttle_lock, "iti", ctx->now + LOGIN_LOCK_MS, key, max);
}

static int unauthorized(sg_ctx *ctx)
{
	return sg_err_set(&ctx->err, SG_EUNAUTH, NULL, "R-AUTH-1", "用户名或密码错误",
			  "wrong username or password");
}

int session_login(sg_ctx *ctx, const char *username, const char *pw, size_t len,
		  struct session_ticket *out)
{
	char ukey[8 + USERNAME_INPUT_MAX + 1], ikey[80], pkey[THROTTLE_KEY_MAX];
	char hash[PASSWORD_HASH_MAX] = "";
	int64_t user_id = 0, locked = 0, pair_locked = 0, ip_wait = 0;
	bool disabled = true;
	int role = -1;
	size_t ulen = strlen(username);
	db_stmt *s;
	int rc;

	session_init();
	memset(out, 0, sizeof *out);
	user_key(username, ukey);
	snprintf(ikey, sizeof ikey, "ip:%.64s", ctx->actor.ip ? ctx->actor.ip : "");
	pair_key(ctx->actor.ip, username, pkey);

	/* 1. Claim the attempt: check the locks and count it as a failure
	 * before the slow password check, in one write transaction, so that
	 * concurrent guesses cannot get past the limit. Success clears it. */
	if ((rc = db_begin(ctx->db)))
		goto db_error;
	rc = sweep(ctx);
	if (!rc)
		rc = throttle_locked(ctx, ukey, &locked);
	if (!rc)
		rc = throttle_locked(ctx, pkey, &pair_locked);
	if (!rc)
		rc = address_wait(ctx, ikey, &ip_wait);
	if (pair_locked > locked)
		locked = pair_locked;
	bool refused = locked || ip_wait;
	if (!rc && refused)
		rc = audit_append(ctx, "session.locked", "user", "", NULL, NULL, AUDIT_DENIED);
	if (!rc && !refused)
		rc = throttle_fail(ctx, ukey, LOGIN_MAX_FAILURES);
	if (!rc && !refused)
		rc = throttle_fail(ctx, pkey, LOGIN_MAX_FAILURES);
	/* The address only counts (it never locks): its counter is read
	 * above as a slow-down. */
	if (!rc && !refused)
		rc = throttle_fail(ctx, ikey, INT64_MAX);
	if (!rc && !refused && ulen <= USERNAME_INPUT_MAX &&
	    (rc = db_query(ctx->db, &s, sql_user_by_name, "t", ukey + 5)) == 0) {
		rc = db_step(s);
		if (rc == DB_ROW) {
			user_id = db_int(s, 0);
			snprintf(hash, sizeof hash, "%s", db_text(s, 1));
			disabled = db_int(s, 2) != 0;
			role = role_from_name(db_text(s, 3));
			db_reset(s);
			rc = 0;
		}
	}
	if (rc) {
		db_rollback(ctx->db);
		goto db_error;
	}
	if ((rc = db_commit(ctx->db)))
		goto db_error;
	if (locked) {
		sg_err_set(&ctx->err, SG_ELOCKED, NULL, "R-AUTH-1",
			   "登录失败次数过多，账户已暂时锁定，请稍后再试",
			   "too many failed logins: the account is locked for a while");
		ctx->err.retry_after = (int)((locked + 999) / 1000);
		return SG_ELOCKED;
	}
	if (ip_wait) {
		sg_err_set(&ctx->err, SG_ELOCKED, NULL, "R-AUTH-1",
			   "此网络登录失败次数过多，请稍等几秒再试",
			   "too many failed logins from this network: wait a few seconds");
		ctx->err.retry_after = (int)((ip_wait + 999) / 1000);
		return SG_ELOCKED;
	}

	/* 2. The same work whether or not the user exists. */
	bool ok = password_verify(user_id ? hash : dummy_hash, pw, len) && user_id && !disabled;
	mem_wipe(hash, sizeof hash);

	/* 3. Record the outcome. */
	if ((rc = db_begin(ctx->db)))
		goto db_error;
	if (ok) {
		ctx->actor.user_id = user_id;
		ctx->actor.username = arena_strdup(ctx->arena, ukey + 5);
		ctx->actor.role = role;
		/* The address's counter loses this attempt only: one success
		 * there says nothing of the other names guessed from it. */
		rc = db_run(ctx->db, sql_throttle_clear, "t", ukey);
		if (!rc)
			rc = db_run(ctx->db, sql_throttle_clear, "t", pkey);
		if (!rc)
			rc = db_run(ctx->db, sql_throttle_undo, "t", ikey);
		if (!rc)
			rc = session_open(ctx, user_id, out);
		ctx->actor.session_id = out->session_id;
		if (!rc)
			rc = audit_append(ctx, "session.login", "user", audit_id(ctx, user_id),
					  NULL, NULL, AUDIT_OK);
	} else {
		/* The typed name is not recorded for unknown users: it may be
		 * a password typed into the wrong box. */
		rc = audit_append(ctx, "session.login_failed", "user", audit_id(ctx, user_id), NULL,
				  NULL, AUDIT_FAILED);
	}
	if (rc) {
		db_rollback(ctx->db);
		goto db_error;
	}
	if ((rc = db_commit(ctx->db)))
		goto db_error;
	return ok ? 0 : unauthorized(ctx);
db_error:
	memset(out, 0, sizeof *out);
	return sg_err_set(&ctx->err, rc == SG_EBUSY ? SG_EBUSY : SG_EINTERNAL, NULL, NULL,
			  "登录暂时无法完成，请稍后再试", "signing in failed: try again later");
}

int session_resolve(sg_ctx *ctx, const char *token, size_t len, char csrf[SESSION_TOKEN_LEN + 1])
{
	char th[2 * DIGEST_LEN + 1];
	db_stmt *s;
	int rc;

	if (len != SESSION_TOKEN_LEN)
		return unauthorized(ctx);
	token_hash(token, len, th);
	if ((rc = db_query(ctx->db, &s, sql_resolve, "t", th)))
		return sg_err_set(&ctx->err, rc, NULL, NULL, "会话查询失败",
				  "session lookup failed");
	rc = db_step(s);
	if (rc != DB_ROW) {
		if (rc < 0)
			return sg_err_set(&ctx->err, rc, NULL, NULL, "会话查询失败",
					  "session lookup failed");
		return sg_err_set(&ctx->err, SG_EUNAUTH, NULL, "R-AUTH-1", "请先登录",
				  "please sign in");
	}
	int64_t sid = db_int(s, 0), created = db_int(s, 3), seen = db_int(s, 4);
	bool disabled = db_int(s, 7) != 0;
	ctx->actor.session_id = sid;
	ctx->actor.user_id = db_int(s, 1);
	ctx->actor.username = arena_strdup(ctx->arena, db_text(s, 5));
	ctx->actor.role = role_from_name(db_text(s, 6));
	snprintf(csrf, SESSION_TOKEN_LEN + 1, "%s", db_text(s, 2));
	db_reset(s);

	if (disabled || ctx->now - seen > SESSION_IDLE_MS ||
	    ctx->now - created > SESSION_ABSOLUTE_MS) {
		if (db_begin(ctx->db) == 0) {
			if (db_run(ctx->db, sql_session_delete, "i", sid) == 0)
				db_commit(ctx->db);
			else
				db_rollback(ctx->db);
		}
		ctx->actor.user_id = 0;
		ctx->actor.session_id = 0;
		ctx->actor.role = -1;
		ctx->actor.username = "-";
		return sg_err_set(&ctx->err, SG_EUNAUTH, NULL, "R-AUTH-1", "会话已过期，请重新登录",
				  "the session has expired: please sign in again");
	}
	if (ctx->now - seen > TOUCH_MS)
		if (db_begin(ctx->db) == 0) {
			if (db_run(ctx->db, sql_touch, "ii", ctx->now, sid) == 0)
				db_commit(ctx->db);
			else
				db_rollback(ctx->db);
		}
	return 0;
}

int session_logout(sg_ctx *ctx)
{
	int rc = db_begin(ctx->db);
	if (!rc)
		rc = db_run(ctx->db, sql_session_delete, "i", ctx->actor.session_id);
	if (!rc)
		rc = audit_append(ctx, "session.logout", "user", audit_id(ctx, ctx->actor.user_id),
				  NULL, NULL, AUDIT_OK);
	if (!rc)
		rc = db_commit(ctx->db);
	else
		db_rollback(ctx->db);
	if (rc)
		return sg_err_set(&ctx->err, rc, NULL, NULL, "退出失败", "signing out failed");
	return 0;
}

int session_end_all(sg_ctx *ctx, int64_t user_id, int64_t keep)
{
	return db_run(ctx->db, sql_session_end_all, "ii", user_id, keep);
}

int session_change_password(sg_ctx *ctx, const char *current, size_t current_len, const char *next,
			    size_t next_len, struct session_ticket *out)
{
	char hash[PASSWORD_HASH_MAX] = "", username[64] = "", ukey[8 + USERNAME_INPUT_MAX + 1];
	db_stmt *s;
	int64_t uid = ctx->actor.user_id, locked = 0;
	int rc = db_query(ctx->db, &s, sql_password_of, "i", uid);

	memset(out, 0, sizeof *out);
	if (!rc && (rc = db_step(s)) == DB_ROW) {
		snprintf(username, sizeof username, "%s", db_text(s, 0));
		snprintf(hash, sizeof hash, "%s", db_text(s, 1));
		db_reset(s);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SG_ENOTFOUND;
	}
	if (rc)
		return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败",
				  "cannot read the user");
	/* Guessing the current password from a stolen session counts as
	 * failed logins: it locks the account the same way. */
	user_key(username, ukey);
	if ((rc = throttle_locked(ctx, ukey, &locked)))
		return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败",
				  "cannot read the user");
	if (locked) {
		sg_err_set(&ctx->err, SG_ELOCKED, "current_password", "R-AUTH-1",
			   "密码错误次数过多，账户已暂时锁定，请稍后再试",
			   "too many wrong passwords: the account is locked for a while");
		ctx->err.retry_after = (int)((locked + 999) / 1000);
		return SG_ELOCKED;
	}
	bool ok = password_verify(hash, current, current_len);
	mem_wipe(hash, sizeof hash);
	if (!ok) {
		rc = db_begin(ctx->db);
		if (!rc)
			rc = throttle_fail(ctx, ukey, LOGIN_MAX_FAILURES);
		if (!rc)
			rc = audit_append(ctx, "user.password_change_failed", "user",
					  audit_id(ctx, uid), NULL, NULL, AUDIT_FAILED);
		if (!rc)
			rc = db_commit(ctx->db);
		else
			db_rollback(ctx->db);
		if (rc)
			return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败",
					  "cannot read the user");
		return sg_err_set(&ctx->err, SG_EINVAL, "current_password", "R-AUTH-1",
				  "当前密码不正确", "the current password is wrong");
	}
	if ((rc = password_check(next, next_len, "new_password", username, &ctx->err)))
		return rc;
	if (crypto_equal(current, current_len, next, next_len))
		return sg_err_set(&ctx->err, SG_EINVAL, "new_password", "R-AUTH-1",
				  "新密码不能与当前密码相同",
				  "the new password must differ from the current one");
	if ((rc = password_hash(next, next_len, hash)))
		return sg_err_set(&ctx->err, rc, NULL, NULL, "密码处理失败",
				  "the password could not be processed");
	rc = db_begin(ctx->db);
	if (!rc)
		rc = db_run(ctx->db, sql_set_password, "tiii", hash, ctx->now, ctx->now, uid);
	if (!rc)
		rc = session_end_all(ctx, uid, 0);
	if (!rc)
		rc = session_open(ctx, uid, out);
	if (!rc)
		rc = audit_append(ctx, "user.password_change", "user", audit_id(ctx, uid), NULL,
				  NULL, AUDIT_OK);
	if (!rc)
		rc = db_commit(ctx->db);
	else
		db_rollback(ctx->db);
	mem_wipe(hash, sizeof hash);
	if (rc) {
		memset(out, 0, sizeof *out);
		return sg_err_set(&ctx->err, rc, NULL, NULL, "保存密码失败",
				  "the password could not be saved");
	}
	ctx->actor.session_id = out->session_id;
	return 0;
}
