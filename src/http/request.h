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
	const char *set_cookie; /* Set-Cookie value, or NULL */
	const char *filename;	/* a download's file name (ASCII), or NULL */
	size_t bytes_out;
};

/* Route parameter i as a positive integer id; SG_ENOTFOUND otherwise
 * (a malformed id names no object). */
int req_param_id(sg_req *r, size_t i, int64_t *out);
/* A query-string argument (decoded, valid UTF-8), or NULL. */
const char *req_query(sg_req *r, const char *key);
/* ?limit= (1..PAGE_MAX, default PAGE_DEFAULT) and ?cursor= (an id). */
int req_page(sg_req *r, int64_t *cursor, int *limit);
/* The body as a JSON object checked against fields. */
int req_body(sg_req *r, const jsonv_field *fields, size_t n, json_t **out);

/* Replies with a JSON body (consumed). Always returns 0. */
int reply_json(sg_req *r, int status, json_t *body);
int reply_empty(sg_req *r, int status);
/* Replies with a text body of a content type; text (malloc'd) is consumed. */
int reply_text(sg_req *r, int status, const char *type, char *text, size_t len);
/* As reply_text, as a download saved under filename (ASCII letters,
 * digits, '-', '_' and '.'; kept for the request's life). */
int reply_download(sg_req *r, const char *type, const char *filename, char *data, size_t len);
/* Sets the session cookie to token (NULL or "" clears it). */
void reply_session_cookie(sg_req *r, const char *token);

#endif
