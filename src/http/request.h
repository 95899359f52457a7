/*
 * request.h — one HTTP request as handlers see it, and how they reply.
 *
 * The server fills a request (route parameters, the validated body, the
 * actor and scope in ctx) before calling the handler; handlers validate
 * input, call the domain, and reply with one of the reply_* functions.
 */
#ifndef SG_REQUEST_H
#define SG_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/jsonv.h"
#include "domain/ctx.h"
#include "domain/session.h"
#include "http/router.h"

struct MHD_Connection;

struct sg_req {
	struct MHD_Connection *conn;
	enum http_method method;
	const char *path;
	sg_buf body;
	bool too_big;
	unsigned line_flags; /* CONN_* of its request line (http/conn.h) */
	sg_ctx ctx;
	struct route_match match;
	int metrics_route; /* route index, or METRICS_ROUTE_STATIC / _NONE */
	char csrf[SESSION_TOKEN_LEN + 1];
	char request_id[17];
	int64_t start_ns;

	/* The reply. */
	int status;
	json_t *reply; /* body, or NULL */
	char *text;    /* a non-JSON body (malloc'd), or NULL */
	size_t text_len;
	const char *text_type;
	const char *set_cookie;	   /* Set-Cookie value, or NULL */
	const char *filename;	   /* a download's file name (ASCII), or NULL */
	const char *filename_utf8; /* the name people see (RFC 6266 filename*), or NULL */
	size_t bytes_out;
};

/* A table of body fields and its length, for req_body, req_ids_and_body
 * and jsonv_check: req_body(r, FIELDS(create_fields), &in). */
#define FIELDS(table) table, sizeof table / sizeof table[0]

/* Route parameter i as a positive integer id; SG_ENOTFOUND otherwise
 * (a malformed id names no object). */
int req_param_id(sg_req *r, size_t i, int64_t *out);
/* Route parameter i as a NUL-terminated string (in the arena) cut to max
 * bytes: a long one then fails the domain's check. */
const char *req_param_cut(sg_req *r, size_t i, size_t max);
/* A query-string argument (decoded, valid UTF-8), or NULL. */
const char *req_query(sg_req *r, const char *key);
/* As req_query, cut to max bytes (in the arena): a long one then fails
 * the domain's check. */
const char *req_query_cut(sg_req *r, const char *key, size_t max);
/* As req_query into *out; SG_EINVAL (R-IO-1, the key's field) when longer
 * than max bytes. */
int req_query_text(sg_req *r, const char *key, size_t max, const char **out);
/* A decimal integer argument from min to max into *out; 0 with *out
 * untouched when absent, SG_EINVAL under rule naming the key otherwise
 * (min 1 and max INT64_MAX read as "a positive integer"). */
int req_query_int(sg_req *r, const char *key, int64_t min, int64_t max, const char *rule,
		  int64_t *out);
/* ?limit= (1..PAGE_MAX, default PAGE_DEFAULT) and ?cursor= (an id). */
int req_page(sg_req *r, int64_t *cursor, int *limit);
/* The body as a JSON object checked against fields. */
int req_body(sg_req *r, const jsonv_field *fields, size_t n, json_t **out);
/* Route parameter 0 as *id (and 1 as *id2, when id2 is not NULL), then
 * the body checked against fields into *in: the first failure's code. */
int req_ids_and_body(sg_req *r, int64_t *id, int64_t *id2, const jsonv_field *fields, size_t n,
		     json_t **in);

/* Replies with a JSON body (consumed). Always returns 0. */
int reply_json(sg_req *r, int status, json_t *body);
int reply_empty(sg_req *r, int status);
/* Drops the body in (may be NULL), then replies with out and status, or
 * returns the error rc (out unused). */
int reply_done(sg_req *r, int rc, json_t *in, int status, json_t *out);
/* The handler of GET …/{id}: route parameter 0 as the id, fn reads the
 * object, the reply is 200 with it (or fn's error). */
int reply_read(sg_req *r, int (*fn)(sg_ctx *ctx, int64_t id, json_t **out));
/* The same for …/{id}/…/{id2} routes with no body: fn(ctx, id, id2, &out),
 * 200 with out. */
int reply_read2(sg_req *r, int (*fn)(sg_ctx *ctx, int64_t id, int64_t id2, json_t **out));
/* Replies with a text body of a content type; text (malloc'd) is consumed. */
int reply_text(sg_req *r, int status, const char *type, char *text, size_t len);
/* An HTML page (text/html; charset=utf-8) with status 200; html (malloc'd)
 * is consumed. */
int reply_html(sg_req *r, char *html, size_t len);
/* As reply_text, as a download saved under filename (ASCII letters,
 * digits, '-', '_' and '.'; kept for the request's life). */
int reply_download(sg_req *r, const char *type, const char *filename, char *data, size_t len);
/* As reply_download, with the name browsers save it under in UTF-8
 * (组织机构_綦江区_2026-12-02.xlsx; Content-Disposition filename*), the
 * ASCII one kept for clients without RFC 6266. */
int reply_download_named(sg_req *r, const char *type, const char *filename,
			 const char *filename_utf8, char *data, size_t len);
/* Sets the session cookie to token (NULL or "" clears it). */
void reply_session_cookie(sg_req *r, const char *token);

#endif
