/*
 * user.c — accounts: create, read, list, update, reset password; each
 * write audited in its own transaction.
 */
#include "domain/user.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/codes.h"
#include "base/crypto.h"
#include "base/jsonv.h"
#include "base/mem.h"
#include "domain/audit.h"
#include "domain/page.h"
#include "domain/password.h"
#include "domain/role.h"
#include "domain/row.h"
#include "domain/session.h"
#include "domain/write.h"

/* The audit actions of this module, in words (GET /api/v1/meta/enums). */
static const struct enum_value user_actions_values[] = {
    {"user.create", "创建账号", "create an account"},
    {"user.update", "修改账号", "change an account"},
    {"user.assign", "分配角色和范围", "assign a role and scope"},
    {"user.password_reset", "重置密码", "reset a password"},
    {"user.unlock", "解除登录锁定", "unlock an account"},
};
const struct enum_def user_actions = ENUM_DEF("audit.action", user_actions_values);

enum { SCOPE_MAX_DIVISIONS = 50, SCOPE_MAX_IDS = 200 };

static const char sql_insert[] =
    "INSERT INTO users (username, display_name, role, password_hash, disabled,"
    " password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id";
static const char sql_get[] =
    "SELECT u.id, u.username, u.display_name, u.role, u.disabled, u.created_at,"
    " u.last_login_at, u.previous_login_at, s.kind, s.ref"
    " FROM users u LEFT JOIN user_scope s ON s.user_id = u.id"
    " WHERE u.id = ? ORDER BY s.kind, s.ref";
static const char sql_find[] = "SELECT id FROM users WHERE username = ?";
static const char sql_count[] = "SELECT COUNT(*) FROM users";
static const char sql_active_admins[] =
    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0";
/* No-op updates that take row locks (a portable SELECT … FOR UPDATE). */
static const char sql_lock_user[] = "UPDATE users SET updated_at = updated_at WHERE id = ?";
static const char sql_lock_admins[] =
    "UPDATE users SET updated_at = updated_at WHERE role = 'admin' AND disabled = 0";
static const char sql_exists[] = "SELECT COUNT(*) FROM users WHERE username = ?";
#define USER_FILTER                                                                                \
	" AND (? IS NULL OR username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')"       \
	" AND (? IS NULL OR role = ?)"
static const char sql_list[] =
    "SELECT id FROM users WHERE id > ?" USER_FILTER " ORDER BY id LIMIT ?";
static const char sql_list_total[] = "SELECT COUNT(*) FROM users WHERE 1 = 1" USER_FILTER;
static const char sql_scope_clear[] = "DELETE FROM user_scope WHERE user_id = ?";
static const char sql_scope_add[] = "INSERT INTO user_scope (user_id, kind, ref) VALUES (?, ?, ?)";
/* R-ROLE-1: the organisations and stations a scope names exist. */
static const char sql_org_exists[] = "SELECT COUNT(*) FROM orgs WHERE id = ?";
static const char sql_station_exists[] = "SELECT COUNT(*) FROM stations WHERE id = ?";
static const char sql_update[] =
    "UPDATE users SET display_name = ?, disabled = ?, updated_at = ? WHERE id = ?";
static const char sql_set_role[] = "UPDATE users SET role = ?, updated_at = ? WHERE id = ?";
static const char sql_set_password[] =
    "UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?";

/* The members of a rendered account and their data classes: all internal
 * (an account's name is what the audit trail is read by); the password
 * hash is never selected, and audit.c redacts any "password" member. */
static const struct column user_columns[] = {
    {"1", NULL, COL_HIDDEN, DC_INTERNAL},
    {"u.id", "id", COL_INT, DC_INTERNAL},
    {"u.username", "username", COL_TEXT, DC_INTERNAL},
    {"u.display_name", "display_name", COL_TEXT, DC_INTERNAL},
    {"u.role", "role", COL_TEXT, DC_INTERNAL},
    {"u.disabled", "disabled", COL_BOOL, DC_INTERNAL},
};
static const struct col_table user_table = {"user", user_columns,
					    sizeof user_columns / sizeof user_columns[0]};

static const char *const scope_keys[] = {"divisions", "orgs", "stations"};
static const char *const scope_kinds[] = {"division", "org", "station"};

int user_check_username(const char *name, sg_err *err)
{
	size_t n = strlen(name);
	bool ok = n >= 3 && n <= 32;
	for (size_t i = 0; ok && i < n; i++) {
		char c = name[i];
		ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		     c == '-';
	}
	if (!ok)
		return sg_err_set(
		    err, SG_EINVAL, "username", "R-AUTH-1",
		    "用户名应为 3 至 32 位小写字母、数字或 _ . -",
		    "the username must be 3 to 32 lower-case letters, digits, _ . or -");
	return 0;
}

static int check_display_name(const char *name, sg_err *err)
{
	/* Spaces alone (ASCII or the ideographic U+3000) name nobody. */
	for (const char *p = name ? name : ""; *p;) {
		if (*p == ' ' || *p == '\t')
			p++;
		else if (strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += 3;
		else
			return 0;
	}
	return sg_err_set(err, SG_EINVAL, "display_name", "R-IO-1", "姓名必填",
			  "the display name is required");
}

/* The scope as stored for a user: {divisions:[…], orgs:[…], stations:[…]}. */
/* Adds one user_scope row to a scope object {divisions, orgs, stations}. */
static void scope_add(json_t *sc, const char *kind, const char *ref)
{
	if (strcmp(kind, "division") == 0)
		json_array_append_new(json_object_get(sc, "divisions"), json_string(ref));
	else
		json_array_append_new(
		    json_object_get(sc, strcmp(kind, "org") == 0 ? "orgs" : "stations"),
		    json_integer(strtoll(ref, NULL, 10)));
}

/* A scope error naming the role in each language. */
static int scope_error(sg_err *err, const char *zh, const char *en, int role, const char *key)
{
	char mzh[160], men[160];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(mzh, sizeof mzh, zh, role_name_zh(role), key);
	snprintf(men, sizeof men, en, role_name(role), key);
#pragma GCC diagnostic pop
	return sg_err_set(err, SG_EINVAL, "scope", "R-ROLE-1", mzh, men);
}

/* Validates a scope for a role (R-ROLE-1): the list the role needs is
 * present, the others are empty. */
static int scope_check(sg_ctx *ctx, int role, const json_t *sc)
{
	sg_err *err = &ctx->err;
	enum scope_kind need = role_scope_kind(role);
	const char *key;
	json_t *v;

	if (sc && !json_is_object(sc))
		return sg_err_set(err, SG_EINVAL, "scope", "R-ROLE-1", "范围应为对象",
				  "the scope must be an object");
	json_object_foreach((json_t *)sc, key, v)
	{
		int k = -1;
		for (int i = 0; i < 3; i++)
			if (strcmp(key, scope_keys[i]) == 0)
				k = i;
		if (k < 0)
			return sg_err_set(err, SG_EINVAL, "scope", "R-ROLE-1",
					  "范围只能包含 divisions、orgs、stations",
					  "the scope may only list divisions, orgs and stations");
		if (!json_is_array(v) ||
		    json_array_size(v) > (k == 0 ? SCOPE_MAX_DIVISIONS : SCOPE_MAX_IDS))
			return sg_err_setf(err, SG_EINVAL, "scope", "R-ROLE-1",
					   "scope.%s 应为不超过 %d 项的数组",
					   "scope.%s must be an array of at most %d items", key,
					   k == 0 ? SCOPE_MAX_DIVISIONS : SCOPE_MAX_IDS);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
		{
			if (k == 0 ? !json_is_string(x) ||
					 division_code_check(json_string_value(x),
							     json_string_length(x), NULL) != 0
				   : !json_is_integer(x) || json_integer_value(x) <= 0)
				return sg_err_setf(err, SG_EINVAL, "scope", "R-ROLE-1",
						   "scope.%s 第 %zu 项无效",
						   "scope.%s item %zu is not valid", key, i + 1);
		}
		if (json_array_size(v) > 0 && (int)need != k + 1)
			return scope_error(err, "角色“%s”的范围不能包含 %s",
					   "the scope of role %s cannot list %s", role, key);
	}
	if (need == SCOPE_NONE)
		return 0;
	size_t n = json_array_size(json_object_get(sc, scope_keys[need - 1]));
	if (n == 0 || ((need == SCOPE_ORG) && n != 1))
		return need == SCOPE_ORG
			   ? scope_error(err, "角色“%s”须指定一个所属机构（scope.%s）",
					 "role %s needs exactly one organisation (scope.%s)", role,
					 scope_keys[need - 1])
			   : scope_error(err, "角色“%s”须指定范围（scope.%s）",
					 "role %s needs a scope (scope.%s)", role,
					 scope_keys[need - 1]);
	return 0;
}

/* Checks that every organisation and station a scope names exists
 * (R-ROLE-1): an id that names nothing would let a later organisation or
 * station given that id fall into the account's scope. Runs inside the
 * write's transaction. Division codes are only format-checked (accounts
 * are often made before the divisions are imported, and a code is not an
 * id that can be reused). */
static int scope_exists(sg_ctx *ctx, const json_t *sc)
{
	for (int k = 1; k < 3; k++) {
		const char *sql = k == 1 ? sql_org_exists : sql_station_exists;
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(sc, scope_keys[k]), i, x)
		{
			int64_t n = 0;
			int rc = db_one_int(ctx->db, &n, sql, "i", (int64_t)json_integer_value(x));
			if (rc)
				return rc;
			if (n == 0)
				return k == 1
					   ? sg_err_setf(&ctx->err, SG_EINVAL, "scope", "R-ROLE-1",
							 "scope.%s 第 %zu 项：机构不存在",
							 "scope.%s item %zu: no such organisation",
							 scope_keys[k], i + 1)
					   : sg_err_setf(&ctx->err, SG_EINVAL, "scope", "R-ROLE-1",
							 "scope.%s 第 %zu 项：服务站不存在",
							 "scope.%s item %zu: no such station",
							 scope_keys[k], i + 1);
		}
	}
	return 0;
}

static int scope_save(sg_ctx *ctx, int64_t id, const json_t *sc)
{
	int rc = db_run(ctx->db, sql_scope_clear, "i", id);
	for (int k = 0; rc == 0 && k < 3; k++) {
		size_t i;
		json_t *x;
		json_array_foreach(json_object_get(sc, scope_keys[k]), i, x)
		{
			char ref[32];
			if (json_is_string(x))
				snprintf(ref, sizeof ref, "%s", json_string_value(x));
			else
				snprintf(ref, sizeof ref, "%lld", (long long)json_integer_value(x));
			rc = db_run(ctx->db, sql_scope_add, "itt", id, scope_kinds[k], ref);
			if (rc)
				break;
		}
	}
	return rc;
}

int user_get(sg_ctx *ctx, int64_t id, json_t **out)
{
	db_stmt *s;
	json_t *u = NULL, *sc = NULL;
	int rc = db_query(ctx->db, &s, sql_get, "i", id);

	*out = NULL;
	/* One row per scope entry (or one with NULLs): the user and the
	 * scope in a single query. */
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW) {
		if (!u) {
			/* Built member by member: json_pack parses its format on
			 * every call, and this is on the path of GET /me. */
			u = json_object();
			sc = json_object();
			json_object_set_new_nocheck(u, "id", json_integer(db_int(s, 0)));
			json_object_set_new_nocheck(u, "username", json_string(db_text(s, 1)));
			json_object_set_new_nocheck(u, "display_name", json_string(db_text(s, 2)));
			json_object_set_new_nocheck(
			    u, "role", db_text(s, 3)[0] ? json_string(db_text(s, 3)) : json_null());
			json_object_set_new_nocheck(u, "disabled", json_boolean(db_int(s, 4)));
			json_object_set_new_nocheck(u, "created_at", row_time(s, 5));
			json_object_set_new_nocheck(u, "last_login_at", row_time(s, 6));
			json_object_set_new_nocheck(u, "previous_login_at", row_time(s, 7));
			json_object_set_new_nocheck(sc, "divisions", json_array());
			json_object_set_new_nocheck(sc, "orgs", json_array());
			json_object_set_new_nocheck(sc, "stations", json_array());
			json_object_set_new_nocheck(u, "scope", sc);
		}
		if (!db_is_null(s, 8))
			scope_add(sc, db_text(s, 8), db_text(s, 9));
	}
	if (rc < 0) {
		json_decref(u);
		return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败",
				  "cannot read the user");
	}
	if (!u)
		return sg_err_set(&ctx->err, SG_ENOTFOUND, "id", NULL, "用户不存在",
				  "no such user");
	*out = u;
	return 0;
}

int user_count(sg_ctx *ctx, int64_t *out)
{
	return db_one_int(ctx->db, out, sql_count, NULL);
}

int user_find(sg_ctx *ctx, const char *username, int64_t *out_id)
{
	int rc = db_one_int(ctx->db, out_id, sql_find, "t", username);
	if (rc == SG_ENOTFOUND)
		return sg_err_set(&ctx->err, rc, "username", NULL, "用户不存在", "no such user");
	return rc;
}

/* The actor may give role to an account: PERM_ACCOUNT_ASSIGN, and for
 * an officer's role PERM_OFFICERS. SG_EINVAL for no such role. */
static int may_assign(sg_ctx *ctx, int role)
{
	int rc = perm_require(ctx, PERM_ACCOUNT_ASSIGN);
	if (rc)
		return rc;
	if (role < 0 || role >= ROLE__MAX || role == ROLE_SYSTEM)
		return sg_err_set(&ctx->err, SG_EINVAL, "role", "R-ROLE-1", "角色无效",
				  "unknown role");
	return role_is_assignable(role) ? 0 : perm_require(ctx, PERM_OFFICERS);
}

static int user_lock(sg_ctx *ctx, int64_t id)
{
	return db_run(ctx->db, sql_lock_user, "i", id);
}

static int user_snapshot(sg_ctx *ctx, int64_t id, json_t **out)
{
	return user_get(ctx, id, out);
}

static const struct write_spec user_write = {
    .table = &user_table,
    .fail_zh = "保存用户失败",
    .fail_en = "the user could not be saved",
    .lock = user_lock,
    .snapshot = user_snapshot,
    .detail = user_snapshot,
};

int user_create(sg_ctx *ctx, const struct user_new *in, json_t **out)
{
	char hash[PASSWORD_HASH_MAX];
	struct write w;
	int64_t id = 0, taken = 0;
	int rc;

	if (out)
		*out = NULL;
	if ((rc = perm_require(ctx, PERM_ACCOUNT_MANAGE)) ||
	    (in->role >= 0 && (rc = may_assign(ctx, in->role))))
		return rc;
	if ((rc = user_check_username(in->username, &ctx->err)) ||
	    (rc = check_display_name(in->display_name, &ctx->err)))
		return rc;
	if (in->role < 0 && in->scope)
		return sg_err_set(&ctx->err, SG_EINVAL, "scope", "R-ROLE-1",
				  "未分配角色的账号没有管辖范围",
				  "an account without a role has no scope");
	if ((in->role >= 0 && (rc = scope_check(ctx, in->role, in->scope))) ||
	    (rc = password_check(in->password, in->password_len, "password", in->username,
				 &ctx->err)))
		return rc;
	if ((rc = password_hash(in->password, in->password_len, hash)))
		return sg_err_set(&ctx->err, rc, NULL, NULL, "密码处理失败",
				  "the password could not be processed");
	rc = write_open_new(&w, ctx, &user_write, "user.create");
	if (!rc && !(rc = db_one_int(ctx->db, &taken, sql_exists, "t", in->username)) && taken)
		rc = sg_err_set(&ctx->err, SG_ECONFLICT, "username", "R-AUTH-1", "用户名已存在",
				"the username is taken");
	if (!rc)
		rc = db_one_int(ctx->db, &id, sql_insert, "ttttiii", in->username, in->display_name,
				in->role >= 0 ? role_name(in->role) : "", hash, ctx->now, ctx->now,
				ctx->now);
	mem_wipe(hash, sizeof hash);
	if (!rc && in->scope && !(rc = scope_exists(ctx, in->scope)))
		rc = scope_save(ctx, id, in->scope);
	if (!rc)
		rc = write_created(&w, id);
	return write_close(&w, rc, out);
}

static char *like_pattern(sg_ctx *ctx, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(ctx->arena, 2 * n + 3), *o = p;
	*o++ = '%';
	for (size_t i = 0; i < n; i++) {
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			*o++ = '\\';
		*o++ = q[i];
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int user_list(sg_ctx *ctx, const char *q, int role, int64_t cursor, int limit, json_t **out)
{
	db_stmt *s;
	page pg;
	int64_t ids[PAGE_MAX + 1];
	int n = 0;
	const char *pat = q && q[0] ? like_pattern(ctx, q) : NULL;
	const char *rname = role >= 0 ? role_name(role) : NULL;
	int rc = db_query(ctx->db, &s, sql_list, "ittttti", cursor, pat, pat, pat, rname, rname,
			  (int64_t)limit + 1);

	/* Collect ids first: rendering runs other statements. */
	while (rc >= 0 && (rc = db_step(s)) == DB_ROW)
		ids[n++] = db_int(s, 0);
	*out = NULL;
	if (rc < 0)
		return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败", "cannot list users");
	page_begin(&pg, limit);
	for (int i = 0; i < n; i++) {
		json_t *u;
		if ((rc = user_get(ctx, ids[i], &u))) {
			page_abandon(&pg);
			return rc;
		}
		if (!page_add(&pg, ids[i], u))
			break;
	}
	int64_t total = 0;
	if ((rc = db_one_int(ctx->db, &total, sql_list_total, "ttttt", pat, pat, pat, rname,
			     rname))) {
		page_abandon(&pg);
		return sg_err_set(&ctx->err, rc, NULL, NULL, "读取用户失败", "cannot list users");
	}
	*out = page_finish(&pg);
	json_object_set_new_nocheck(*out, "total", json_integer(total));
	return 0;
}

/* After the write's lock and snapshot: another officer's account needs
 * PERM_OFFICERS (role.h). */
static int may_touch(sg_ctx *ctx, int64_t id, const json_t *old)
{
	if (id != ctx->actor.user_id && role_is_officer(role_from_name(jsonv_str(old, "role", ""))))
		return perm_require(ctx, PERM_OFFICERS);
	return 0;
}

/* The last active system administrator stays one (field names what the
 * write would change). Takes the administrators' row locks first, so two
 * concurrent changes cannot both pass. */
static int keeps_an_admin(sg_ctx *ctx, const json_t *old, const char *field)
{
	int64_t admins = 0;
	int rc;
	if (role_from_name(jsonv_str(old, "role", "")) != ROLE_ADMIN ||
	    json_is_true(json_object_get(old, "disabled")))
		return 0;
	if ((rc = db_run(ctx->db, sql_lock_admins, NULL)) ||
	    (rc = db_one_int(ctx->db, &admins, sql_active_admins, NULL)))
		return rc;
	return admins > 1 ? 0
			  : sg_err_set(&ctx->err, SG_ECONFLICT, field, "R-ROLE-1",
				       "至少须保留一个可用的系统管理员",
				       "at least one active administrator must remain");
}

int user_update(sg_ctx *ctx, int64_t id, const struct user_patch *p, json_t **out)
{
	struct write w;
	int rc;

	*out = NULL;
	if ((rc = perm_require(ctx, PERM_ACCOUNT_MANAGE)) ||
	    (p->display_name && (rc = check_display_name(p->display_name, &ctx->err))))
		return rc;
	rc = write_open(&w, ctx, &user_write, "user.update", id);
	const json_t *old = write_old(&w);
	bool was_disabled = json_is_true(json_object_get(old, "disabled"));
	int disabled = p->disabled >= 0 ? p->disabled : was_disabled;
	if (!rc)
		rc = may_touch(ctx, id, old);
	if (!rc && id == ctx->actor.user_id && disabled != (int)was_disabled)
		rc = sg_err_set(&ctx->err, SG_EFORBIDDEN, "disabled", "R-ROLE-1",
				"不能停用自己的账号（三员分立）",
				"you cannot disable your own account (separation of duties)");
	if (!rc && disabled && !was_disabled)
		rc = keeps_an_admin(ctx, old, "disabled");
	if (!rc)
		rc = db_run(ctx->db, sql_update, "tiii",
			    p->display_name ? p->display_name : jsonv_str(old, "display_name", ""),
			    (int64_t)disabled, ctx->now, id);
	if (!rc && disabled && !was_disabled)
		rc = session_end_all(ctx, id, 0);
	return write_close(&w, rc, out);
}

int user_assign(sg_ctx *ctx, int64_t id, int role, const json_t *scope, json_t **out)
{
	struct write w;
	int rc;

	*out = NULL;
	if ((rc = may_assign(ctx, role)))
		return rc;
	if (id == ctx->actor.user_id)
		return sg_err_set(
		    &ctx->err, SG_EFORBIDDEN, "role", "R-ROLE-1",
		    "不能给自己分配角色或范围（三员分立）",
		    "you cannot assign your own role or scope (separation of duties)");
	if ((rc = scope_check(ctx, role, scope)))
		return rc;
	rc = write_open(&w, ctx, &user_write, "user.assign", id);
	const json_t *old = write_old(&w);
	if (!rc)
		rc = may_touch(ctx, id, old);
	if (!rc && role != ROLE_ADMIN)
		rc = keeps_an_admin(ctx, old, "role");
	if (!rc)
		rc = db_run(ctx->db, sql_set_role, "tii", role_name(role), ctx->now, id);
	if (!rc && !(rc = scope_exists(ctx, scope)))
		rc = scope_save(ctx, id, scope);
	return write_close(&w, rc, out);
}

int user_unlock(sg_ctx *ctx, int64_t id)
{
	struct write w;
	int rc = perm_require(ctx, PERM_ACCOUNT_MANAGE);
	if (rc)
		return rc;
	rc = write_open(&w, ctx, &user_write, "user.unlock", id);
	if (!rc)
		rc = may_touch(ctx, id, write_old(&w));
	if (!rc)
		rc = session_unlock(ctx, jsonv_str(write_old(&w), "username", ""));
	return write_close(&w, rc, NULL);
}

/* A password reset audits no values: the entry says that it happened. */
static const struct write_spec password_write = {
    .table = &user_table,
    .fail_zh = "保存密码失败",
    .fail_en = "the password could not be saved",
    .lock = user_lock,
};

int user_reset_password(sg_ctx *ctx, int64_t id, const char *pw, size_t len)
{
	char hash[PASSWORD_HASH_MAX];
	struct write w;
	json_t *u = NULL;
	int rc = perm_require(ctx, PERM_ACCOUNT_MANAGE);

	if (!rc)
		rc = user_get(ctx, id, &u);
	if (!rc)
		rc = may_touch(ctx, id, u);
	const char *username = arena_strdup(ctx->arena, jsonv_str(u, "username", ""));
	json_decref(u);
	if (rc || (rc = password_check(pw, len, "password", username, &ctx->err)))
		return rc;
	if ((rc = password_hash(pw, len, hash)))
		return sg_err_set(&ctx->err, rc, NULL, NULL, "密码处理失败",
				  "the password could not be processed");
	rc = write_open(&w, ctx, &password_write, "user.password_reset", id);
	if (!rc)
		rc = db_run(ctx->db, sql_set_password, "tiii", hash, ctx->now, ctx->now, id);
	mem_wipe(hash, sizeof hash);
	if (!rc)
		rc = session_end_all(ctx, id, 0);
	if (!rc)
		rc = session_unlock(ctx, username);
	return write_close(&w, rc, NULL);
}
