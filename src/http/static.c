/* static.c — serving web_assets[] (build/gen/assets.c). */
#include "http/static.h"

#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "http/response.h"

static int by_name(const void *key, const void *elem)
{
	return strcmp(key, ((const struct embedded_file *)elem)->name);
}

static const struct embedded_file *find(const char *path)
{
	return bsearch(path, web_assets, web_assets_count, sizeof web_assets[0], by_name);
}

static bool accepts_gzip(struct MHD_Connection *c)
{
	const char *ae =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	return ae && strstr(ae, "gzip");
}

enum MHD_Result static_serve(sg_req *r)
{
	const struct embedded_file *f = NULL;
	bool hashed = strncmp(r->path, "/assets/", 8) == 0;

	if (strcmp(r->path, "/") != 0)
		f = find(r->path);
	if (!f && !hashed)
		f = find("/index.html");
	if (!f) {
		response_error_plain(r, 404, "not_found", "", "文件不存在", "no such file");
		return response_send(r);
	}

	const char *inm =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	bool gz = f->gz && accepts_gzip(r->conn);
	const char *etag = gz ? f->gz_etag : f->etag;
	bool fresh = inm && strcmp(inm, etag) == 0;
	const void *data = gz ? f->gz : f->data;
	size_t len = fresh ? 0 : gz ? f->gzlen : f->len;

	/* For HEAD, libmicrohttpd sends these headers (with the real
	 * Content-Length) and no body. */
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	response_common_headers(resp, r);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
				hashed ? "public, max-age=31536000, immutable" : "no-cache");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	if (!fresh)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, f->type);
	if (gz && !fresh)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	r->status = fresh ? 304 : 200;
	r->bytes_out = r->method == HTTP_HEAD ? 0 : len;
	enum MHD_Result ok = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}
