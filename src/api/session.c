/* session.c (api) — sign in, sign out, who am I, change my password. */
#include "api/api.h"
#include "base/mem.h"
#include "domain/role.h"
#include "domain/session.h"
#include "domain/user.h"

static const jsonv_field login_fields[] = {
    {"username", JV_STRING, true, 1, 64, "R-AUTH-1"},
    {"password", JV_STRING, true, 1, 1024, "R-AUTH-1"},
};

/* {user, csrf_token, permissions}: what the UI shows follows from the
 * permissions (domain/role.h), never from the role's name. */
static json_t *me_body(sg_req *r, json_t *user, const char *csrf)
{
	int role = r->ctx.actor.role;
	json_object_set_new(user, "role_name",
			    json_string(role >= 0 ? role_name_zh(role) : "未分配角色"));
	return json_pack("{s:o,s:s,s:o}", "user", user, "csrf_token", csrf, "permissions",
			 perm_list(role));
}

/* POST /api/v1/session → 200 {user, csrf_token} + cookie; 400, 401, 429. */
static int api_session_create(sg_req *r)
{
	struct session_ticket t;
	json_t *in, *user;
	int rc = req_body(r, FIELDS(login_fields), &in);
	if (rc)
		return rc;
	json_t *pw = json_object_get(in, "password");
	rc = session_login(&r->ctx, jsonv_str(in, "username", ""), json_string_value(pw),
			   json_string_length(pw), &t);
	json_decref(in);
	if (!rc)
		rc = user_get(&r->ctx, t.user_id, &user);
	if (rc) {
		mem_wipe(&t, sizeof t);
		return rc;
	}
	reply_session_cookie(r, t.token);
	reply_json(r, 200, me_body(r, user, t.csrf));
	mem_wipe(&t, sizeof t);
	return 0;
}

/* DELETE /api/v1/session → 204; 401, 403. */
static int api_session_delete(sg_req *r)
{
	int rc = session_logout(&r->ctx);
	if (rc)
		return rc;
	reply_session_cookie(r, NULL);
	return reply_empty(r, 204);
}

/* GET /api/v1/me → 200 {user, csrf_token, permissions}; 401. */
static int api_me_get(sg_req *r)
{
	json_t *user;
	int rc = user_get(&r->ctx, r->ctx.actor.user_id, &user);
	if (rc)
		return rc;
	return reply_json(r, 200, me_body(r, user, r->csrf));
}

static const jsonv_field password_fields[] = {
    {"current_password", JV_STRING, true, 1, 1024, "R-AUTH-1"},
    {"new_password", JV_STRING, true, 0, 0, "R-AUTH-1"},
};

/* POST /api/v1/me/password → 200 {csrf_token} + new cookie; 400, 401, 403. */
static int api_me_password(sg_req *r)
{
	struct session_ticket t;
	json_t *in;
	int rc = req_body(r, FIELDS(password_fields), &in);
	if (rc)
		return rc;
	json_t *cur = json_object_get(in, "current_password");
	json_t *next = json_object_get(in, "new_password");
	rc = session_change_password(&r->ctx, json_string_value(cur), json_string_length(cur),
				     json_string_value(next), json_string_length(next), &t);
	json_decref(in);
	if (rc)
		return rc;
	reply_session_cookie(r, t.token);
	reply_json(r, 200, json_pack("{s:s}", "csrf_token", t.csrf));
	mem_wipe(&t, sizeof t);
	return 0;
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route session_routes[] = {
    {HTTP_POST, "/api/v1/session", api_session_create, PERM_PUBLIC, "sign in"},
    {HTTP_DELETE, "/api/v1/session", api_session_delete, PERM_SIGNED_IN, "sign out"},
    {HTTP_GET, "/api/v1/me", api_me_get, PERM_SIGNED_IN, "who am I"},
    {HTTP_POST, "/api/v1/me/password", api_me_password, PERM_SIGNED_IN, "change my password"},
};
const size_t session_routes_count = sizeof session_routes / sizeof session_routes[0];
const struct enum_def *const session_enums[] = {&session_actions, &role_actions, NULL};
