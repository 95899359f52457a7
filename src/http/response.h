/*
 * response.h — turning a finished request into an HTTP response.
 *
 * The one place where SG_E* codes become HTTP statuses (STYLE.md: h2o's
 * h2o_send_error_*), and where the headers every response carries are set.
 */
#ifndef SG_RESPONSE_H
#define SG_RESPONSE_H

#include <microhttpd.h>
#include <stdbool.h>

#include "http/request.h"

/* HTTP status for an SG_E* code. */
int response_status(int code);
/* Sets r->status and r->reply to the uniform error body for the code rc
 * (an SG_E* code; anything else is 500). The status follows rc alone; err
 * gives the field, rule and message only when err->code is rc and it has a
 * message, and never for a 500 or 503 (a 503 always says "busy", and
 * response_send adds Retry-After). */
void response_error(sg_req *r, int rc, const sg_err *err);
/* Is err an empty description of the failure rc (no code, another code, or
 * no message)? A handler that returns such an error has a defect. */
bool response_error_is_empty(int rc, const sg_err *err);
/* The same, for conditions without an sg_err (405, 431, …). */
void response_error_plain(sg_req *r, int status, const char *code, const char *field,
			  const char *zh, const char *en);
/* Builds and queues r's reply. Returns MHD's result. */
enum MHD_Result response_send(sg_req *r);
/* Headers for every response: request id and security headers. */
void response_common_headers(struct MHD_Response *resp, const sg_req *r);

#endif
