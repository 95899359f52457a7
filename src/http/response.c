/* response.c — statuses, the error body, and common headers. */
#include "http/response.h"

#include <stdio.h>

#include "base/jsonw.h"
#include <stdlib.h>
#include <string.h>

enum { RESPONSE_MAX = 64 * 1024 * 1024 };

int response_status(int code)
{
	switch (code) {
	case SG_OK:
		return 200;
	case SG_EINVAL:
		return 400;
	case SG_EUNAUTH:
		return 401;
	case SG_EFORBIDDEN:
		return 403;
	case SG_ENOTFOUND:
		return 404;
	case SG_ECONFLICT:
		return 409;
	case SG_ETOOBIG:
		return 413;
	case SG_ELOCKED:
		return 429;
	case SG_EBUSY:
		return 503;
	default:
		return 500;
	}
}

void response_error_plain(sg_req *r, int status, const char *code, const char *field,
			  const char *zh, const char *en)
{
	/* Conditions found before any handler are about the request itself. */
	json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "code", code, "field",
			      field ? field : "", "rule", status < 500 ? "R-IO-1" : "", "message",
			      zh, "message_en", en, "request_id", r->request_id);
	json_decref(r->reply);
	r->reply = json_pack("{s:o}", "error", e);
	r->status = status;
}

/* What a status says when the code came without a message of its own. */
static void generic_message(int code, const char **zh, const char **en)
{
	switch (code) {
	case SG_EINVAL:
		*zh = "请求无效", *en = "the request is not valid";
		break;
	case SG_EUNAUTH:
		*zh = "请先登录", *en = "please sign in";
		break;
	case SG_EFORBIDDEN:
		*zh = "无权进行此操作", *en = "you may not do this";
		break;
	case SG_ENOTFOUND:
		*zh = "对象不存在", *en = "no such object";
		break;
	case SG_ECONFLICT:
		*zh = "操作与当前状态冲突", *en = "this conflicts with the current state";
		break;
	case SG_ETOOBIG:
		*zh = "请求过大", *en = "the request is too large";
		break;
	case SG_ELOCKED:
		*zh = "尝试过于频繁，请稍后再试", *en = "too many attempts: try again later";
		break;
	case SG_EBUSY:
		*zh = "服务繁忙，请稍后再试", *en = "the service is busy: try again shortly";
		break;
	default:
		*zh = "服务器内部错误", *en = "internal server error";
		break;
	}
}

bool response_error_is_empty(int rc, const sg_err *err)
{
	return rc < 0 && (err->code != rc || !err->msg[0]);
}

void response_error(sg_req *r, int rc, const sg_err *err)
{
	int code = rc < 0 && rc > SG_ECODE__MIN ? rc : SG_EINTERNAL;
	int status = response_status(code);

	/* err describes this failure only when it carries the same code. */
	if (status == 500 || status == 503 || err->code != code || !err->msg[0]) {
		/* Never leak what went wrong inside. */
		const char *zh, *en;
		generic_message(code, &zh, &en);
		response_error_plain(r, status, sg_err_name(code), "", zh, en);
		if (status < 500)
			json_object_set_new(json_object_get(r->reply, "error"), "rule",
					    json_string(""));
		return;
	}
	response_error_plain(r, status, sg_err_name(code), err->field, err->msg, err->msg_en);
	json_t *e = json_object_get(r->reply, "error");
	json_object_set_new(e, "rule", json_string(err->rule));
	/* What the module added to this failure (domain/check.h err_add). */
	if (err == &r->ctx.err && r->ctx.err_extra)
		json_object_update_missing(e, r->ctx.err_extra);
}

/* attachment; filename="ascii"[; filename*=UTF-8''percent-encoded] */
static const char *disposition(sg_req *r)
{
	const char *ascii = arena_printf(r->ctx.arena, "attachment; filename=\"%s\"", r->filename);
	if (!r->filename_utf8)
		return ascii;
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(r->filename_utf8);
	char *enc = arena_alloc(r->ctx.arena, 3 * n + 1), *o = enc;
	for (const unsigned char *c = (const unsigned char *)r->filename_utf8; *c; c++) {
		/* RFC 5987 attr-char: letters, digits and !#$&+-.^_`|~ */
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("!#$&+-.^_`|~", *c)) {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return arena_printf(r->ctx.arena, "%s; filename*=UTF-8''%s", ascii, enc);
}

void response_common_headers(struct MHD_Response *resp, const sg_req *r)
{
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(
	    resp, "Content-Security-Policy",
	    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
	    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
	    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
	    "form-action 'self'");
}

enum MHD_Result response_send(sg_req *r)
{
	char *text = NULL;
	size_t len = 0;
	struct MHD_Response *resp;

	if (r->reply) {
		sg_buf b;
		buf_init(&b, RESPONSE_MAX);
		buf_reserve(&b, 2048);
		if (jsonw_value(&b, r->reply) == 0 && b.p) {
			text = b.p;
			len = b.len;
		} else {
			buf_free(&b);
			return MHD_NO;
		}
	} else if (r->text) {
		text = r->text;
		len = r->text_len;
		r->text = NULL;
	}
	/* libmicrohttpd sends no body for HEAD. */
	resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	response_common_headers(resp, r);
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->reply)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
					"application/json; charset=utf-8");
	else if (r->text_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->text_type);
	if (r->filename)
		MHD_add_response_header(resp, "Content-Disposition", disposition(r));
	if (r->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	if (r->status == 405 && r->match.allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->match.allow);
	/* A 503 always says when to come back (1 s unless the cause knows better). */
	int retry_after = r->ctx.err.retry_after > 0 ? r->ctx.err.retry_after
			  : r->status == 503	     ? 1
						     : 0;
	if (retry_after > 0 && (r->status == 429 || r->status == 503)) {
		char ra[16];
		snprintf(ra, sizeof ra, "%d", retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
	}
	r->bytes_out = len;
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}
