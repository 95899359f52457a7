/* request.c — what handlers use to read input and reply. */
#include "http/request.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "domain/page.h"
#include "http/server.h"

static int parse_id(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;
	if (len == 0 || len > 18)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v <= 0)
		return -1;
	*out = v;
	return 0;
}

int req_param_id(sg_req *r, size_t i, int64_t *out)
{
	if (i >= r->match.nparams || parse_id(r->match.params[i], r->match.param_lens[i], out) != 0)
		return sg_err_set(&r->ctx.err, SG_ENOTFOUND, "id", NULL, "对象不存在",
				  "no such object");
	return 0;
}

const char *req_param_cut(sg_req *r, size_t i, size_t max)
{
	size_t n = i < r->match.nparams ? r->match.param_lens[i] : 0;
	return arena_strndup(r->ctx.arena, n ? r->match.params[i] : "", n > max ? max : n);
}

const char *req_query(sg_req *r, const char *key)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
	/* The server has checked every argument is valid UTF-8. */
	return v && v[0] ? v : NULL;
}

const char *req_query_cut(sg_req *r, const char *key, size_t max)
{
	const char *v = req_query(r, key);
	return v && strlen(v) > max ? arena_strndup(r->ctx.arena, v, max) : v;
}

int req_query_text(sg_req *r, const char *key, size_t max, const char **out)
{
	*out = req_query(r, key);
	if (*out && strlen(*out) > max)
		return sg_err_setf(&r->ctx.err, SG_EINVAL, key, "R-IO-1", "%s 过长",
				   "%s is too long", key);
	return 0;
}

int req_query_int(sg_req *r, const char *key, int64_t min, int64_t max, const char *rule,
		  int64_t *out)
{
	const char *v = req_query(r, key);
	char *end;
	long long n;

	if (!v)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (*end == '\0' && errno == 0 && n >= min && n <= max) {
		*out = n;
		return 0;
	}
	if (min == 1 && max == INT64_MAX)
		return sg_err_setf(&r->ctx.err, SG_EINVAL, key, rule, "%s 应为正整数",
				   "%s must be a positive integer", key);
	return sg_err_setf(&r->ctx.err, SG_EINVAL, key, rule, "%s 应为 %lld 至 %lld 之间的整数",
			   "%s must be an integer from %lld to %lld", key, (long long)min,
			   (long long)max);
}

int req_page(sg_req *r, int64_t *cursor, int *limit)
{
	const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");
	int64_t v;

	*limit = PAGE_DEFAULT;
	*cursor = 0;
	if (l) {
		if (parse_id(l, strlen(l), &v) != 0 || v > PAGE_MAX)
			return sg_err_setf(&r->ctx.err, SG_EINVAL, "limit", "R-IO-1",
					   "应为 1 至 %d 之间的整数",
					   "must be an integer from 1 to %d", PAGE_MAX);
		*limit = (int)v;
	}
	if (c && parse_id(c, strlen(c), cursor) != 0)
		return sg_err_set(&r->ctx.err, SG_EINVAL, "cursor", "R-IO-1", "分页游标无效",
				  "the cursor is not valid");
	return 0;
}

int req_body(sg_req *r, const jsonv_field *fields, size_t n, json_t **out)
{
	json_t *v = NULL;
	int rc;

	*out = NULL;
	if ((rc = jsonv_parse_object(r->body.p ? r->body.p : "", r->body.len, &v, &r->ctx.err)))
		return rc;
	if ((rc = jsonv_check(v, fields, n, &r->ctx.err))) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return 0;
}

int req_ids_and_body(sg_req *r, int64_t *id, int64_t *id2, const jsonv_field *fields, size_t n,
		     json_t **in)
{
	int rc = req_param_id(r, 0, id);
	if (!rc && id2)
		rc = req_param_id(r, 1, id2);
	if (!rc)
		rc = req_body(r, fields, n, in);
	return rc;
}

int reply_json(sg_req *r, int status, json_t *body)
{
	json_decref(r->reply);
	r->reply = body;
	r->status = status;
	return 0;
}

int reply_empty(sg_req *r, int status)
{
	json_decref(r->reply);
	r->reply = NULL;
	r->status = status;
	return 0;
}

int reply_done(sg_req *r, int rc, json_t *in, int status, json_t *out)
{
	json_decref(in);
	return rc ? rc : reply_json(r, status, out);
}

int reply_text(sg_req *r, int status, const char *type, char *text, size_t len)
{
	json_decref(r->reply);
	r->reply = NULL;
	free(r->text);
	r->text = text;
	r->text_len = len;
	r->text_type = type;
	r->status = status;
	return 0;
}

int reply_html(sg_req *r, char *html, size_t len)
{
	return reply_text(r, 200, "text/html; charset=utf-8", html, len);
}

int reply_download(sg_req *r, const char *type, const char *filename, char *data, size_t len)
{
	r->filename = filename;
	return reply_text(r, 200, type, data, len);
}

int reply_read(sg_req *r, int (*fn)(sg_ctx *ctx, int64_t id, json_t **out))
{
	int64_t id;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = fn(&r->ctx, id, &out);
	return rc ? rc : reply_json(r, 200, out);
}

int reply_read2(sg_req *r, int (*fn)(sg_ctx *ctx, int64_t id, int64_t id2, json_t **out))
{
	int64_t id, id2;
	json_t *out = NULL;
	int rc = req_param_id(r, 0, &id);
	if (!rc)
		rc = req_param_id(r, 1, &id2);
	if (!rc)
		rc = fn(&r->ctx, id, id2, &out);
	return rc ? rc : reply_json(r, 200, out);
}

int reply_download_named(sg_req *r, const char *type, const char *filename,
			 const char *filename_utf8, char *data, size_t len)
{
	r->filename_utf8 = filename_utf8;
	return reply_download(r, type, filename, data, len);
}

void reply_session_cookie(sg_req *r, const char *token)
{
	const char *secure = server_cookie_secure() ? "; Secure" : "";
	if (token && token[0])
		r->set_cookie =
		    arena_printf(r->ctx.arena, "sg_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
				 token, secure);
	else
		r->set_cookie = arena_printf(
		    r->ctx.arena, "sg_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
		    secure);
}
