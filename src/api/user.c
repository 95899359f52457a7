/* user.c (api) — account administration (role admin). */
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
int api_user_list(sg_req *r)
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
    {"role", JV_STRING, true, 0, 0, "R-ROLE-1"},
    {"password", JV_STRING, true, 0, 0, "R-AUTH-1"},
    {"scope", JV_OBJECT, false, 0, 0, "R-ROLE-1"},
};

/* POST /api/v1/users → 201 user; 400, 409. */
int api_user_create(sg_req *r)
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
	u.scope = json_object_get(in, "scope");
	rc = role_arg(r, jsonv_str(in, "role", ""), &u.role);
	if (!rc)
		rc = user_create(&r->ctx, &u, &out);
	return reply_done(r, rc, in, 201, out);
}

/* GET /api/v1/users/{id} → 200 user; 404. */
int api_user_get(sg_req *r)
{
	int64_t id;
	json_t *out;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = user_get(&r->ctx, id, &out);
	return rc ? rc : reply_json(r, 200, out);
}

static const jsonv_field update_fields[] = {
    {"display_name", JV_STRING, false, 1, 64, NULL},
    {"role", JV_STRING, false, 0, 0, "R-ROLE-1"},
    {"scope", JV_OBJECT, false, 0, 0, "R-ROLE-1"},
    {"disabled", JV_BOOL, false, 0, 0, NULL},
};

/* PATCH /api/v1/users/{id} → 200 user; 400, 403 (own role), 404. */
int api_user_update(sg_req *r)
{
	int64_t id;
	json_t *in = NULL, *out = NULL;
	struct user_patch p = {.role = -1, .disabled = -1};
	int rc = req_ids_and_body(r, &id, NULL, FIELDS(update_fields), &in);
	if (rc)
		return rc;
	p.display_name = jsonv_str(in, "display_name", NULL);
	p.scope = json_object_get(in, "scope");
	if (jsonv_has(in, "disabled"))
		p.disabled = jsonv_bool(in, "disabled", false);
	if (jsonv_has(in, "role"))
		rc = role_arg(r, jsonv_str(in, "role", ""), &p.role);
	if (!rc)
		rc = user_update(&r->ctx, id, &p, &out);
	return reply_done(r, rc, in, 200, out);
}

static const jsonv_field password_fields[] = {
    {"password", JV_STRING, true, 0, 0, "R-AUTH-1"},
};

/* POST /api/v1/users/{id}/password → 204; 400, 404. */
int api_user_password(sg_req *r)
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
