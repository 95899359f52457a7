/* user.c (api) — account administration: accounts by the system
 * administrator, roles and scopes by the security administrator
 * (三员分立, domain/user.h). */
#include "api/api.h"
#include "domain/role.h"
#include "domain/user.h"

static int role_arg(sg_req *r, const char *name, int *out)
{
	*out = role_from_name(name);
	if (*out < 0)
		return sg_err_set(&r->ctx.err, SG_EINVAL, "role", "R-ROLE-1", "角色无效",
				  "unknown role");
	return 0;
}

/* GET /api/v1/users?q=&role=&limit=&cursor= → 200 {items, next_cursor}; 400. */
static int api_user_list(sg_req *r)
{
	int64_t cursor;
	int limit, role = -1;
	const char *q, *rname = req_query(r, "role");
	json_t *out;
	int rc = req_page(r, &cursor, &limit);

	if (!rc && rname)
		rc = role_arg(r, rname, &role);
	if (!rc)
		rc = req_query_text(r, "q", 64, &q);
	if (!rc)
		rc = user_list(&r->ctx, q, role, cursor, limit, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field create_fields[] = {
    {"username", JV_STRING, true, 3, 32, "R-AUTH-1"},
    {"display_name", JV_STRING, true, 1, 64, NULL},
    {"password", JV_STRING, true, 0, 0, "R-AUTH-1"},
};

/* POST /api/v1/users {username, display_name, password} → 201 user
 * without a role; 400, 403, 409. */
static int api_user_create(sg_req *r)
{
	json_t *in, *out = NULL;
	struct user_new u = {0};
	int rc = req_body(r, FIELDS(create_fields), &in);
	if (rc)
		return rc;
	json_t *pw = json_object_get(in, "password");
	u.username = jsonv_str(in, "username", "");
	u.display_name = jsonv_str(in, "display_name", "");
	u.password = json_string_value(pw);
	u.password_len = json_string_length(pw);
	u.role = -1;
	rc = user_create(&r->ctx, &u, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/users/{id} → 200 user; 404. */
static int api_user_get(sg_req *r)
{
	return reply_read(r, user_get);
}

static const jsonv_field update_fields[] = {
    {"display_name", JV_STRING, false, 1, 64, NULL},
    {"disabled", JV_BOOL, false, 0, 0, NULL},
};

/* PATCH /api/v1/users/{id} {display_name?, disabled?} → 200 user; 400,
 * 403 (an officer's account, or disabling oneself), 404, 409 (the last
 * system administrator). */
static int api_user_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	struct user_patch p = {.disabled = -1};
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	p.display_name = jsonv_str(in, "display_name", NULL);
	if (jsonv_has(in, "disabled"))
		p.disabled = jsonv_bool(in, "disabled", false);
	rc = user_update(&r->ctx, id, &p, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field role_fields[] = {
    {"role", JV_STRING, true, 0, 0, "R-ROLE-1"},
    {"scope", JV_OBJECT, false, 0, 0, "R-ROLE-1"},
};

/* PUT /api/v1/users/{id}/role {role, scope?} → 200 user; 400, 403 (one's
 * own account, an officer's account or role), 404. */
static int api_user_role(sg_req *r)
{
	int64_t id;
	int role = -1;
	json_t *in = NULL, *out = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(role_fields), &in);
	if (rc)
		return rc;
	rc = role_arg(r, jsonv_str(in, "role", ""), &role);
	if (!rc)
		rc = user_assign(&r->ctx, id, role, json_object_get(in, "scope"), &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field password_fields[] = {
    {"password", JV_STRING, true, 0, 0, "R-AUTH-1"},
};

/* POST /api/v1/users/{id}/password → 204; 400, 404. */
static int api_user_password(sg_req *r)
{
	int64_t id;
	json_t *in = NULL;
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(password_fields), &in);
	if (rc)
		return rc;
	json_t *pw = json_object_get(in, "password");
	rc = user_reset_password(&r->ctx, id, json_string_value(pw), json_string_length(pw));
	json_decref(in);
	return rc ? rc : reply_empty(r, 204);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route user_routes[] = {
    {HTTP_GET, "/api/v1/users", api_user_list, PERM_ACCOUNT_READ, "list users"},
    {HTTP_POST, "/api/v1/users", api_user_create, PERM_ACCOUNT_MANAGE, "create a user"},
    {HTTP_GET, "/api/v1/users/{id}", api_user_get, PERM_ACCOUNT_READ, "read a user"},
    {HTTP_PATCH, "/api/v1/users/{id}", api_user_update, PERM_ACCOUNT_MANAGE, "change a user"},
    {HTTP_PUT, "/api/v1/users/{id}/role", api_user_role, PERM_ACCOUNT_ASSIGN,
     "assign a user's role and scope"},
    {HTTP_POST, "/api/v1/users/{id}/password", api_user_password, PERM_ACCOUNT_MANAGE,
     "set a user's password"},
};
const size_t user_routes_count = sizeof user_routes / sizeof user_routes[0];
const struct enum_def *const user_enums[] = {&user_actions, NULL};
