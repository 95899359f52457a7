/*
 * static.h — the embedded web UI.
 *
 * Files are served from memory with a strong ETag (304 on If-None-Match),
 * the gzip copy when the client accepts it, long-lived caching for the
 * content-hashed files under /assets/ and revalidation for the rest. Any
 * other path that is not a file gets index.html, so the UI's own router
 * handles it (and shows its 404 page).
 */
#ifndef SG_STATIC_H
#define SG_STATIC_H

#include <microhttpd.h>

#include "http/request.h"

/* Answers a GET or HEAD outside /api/. */
enum MHD_Result static_serve(sg_req *r);

#endif
