/* ops.c (api) — health and metrics for operators and load balancers. */

#include "api/api.h"
#include "http/metrics.h"

/* GET /healthz → 200 {"status":"ok"}; 503 {"status":"unavailable"} when the
 * database does not answer. Public, so it says nothing else: no version,
 * no backend, no counts. */
static int api_healthz(sg_req *r)
{
	bool ok = db_ping(r->ctx.db) == 0;
	if (!ok)
		r->ctx.err.retry_after = 5;
	return reply_json(r, ok ? 200 : 503,
			  json_pack("{s:s}", "status", ok ? "ok" : "unavailable"));
}

/* GET /metrics → 200 text/plain (Prometheus exposition format). Only for
 * loopback, SHEGONG_METRICS_FROM and the bearer token SHEGONG_METRICS_TOKEN;
 * anyone else gets the 404 of an unknown path (http/server.c). */
static int api_metrics(sg_req *r)
{
	sg_buf out;
	buf_init(&out, 4 * 1024 * 1024);
	metrics_render(&out);
	return reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.p, out.len);
}

/* The routes of this module (api/routes.c lists the modules). */
const struct route ops_routes[] = {
    {HTTP_GET, "/healthz", api_healthz, PERM_PUBLIC, "health check"},
    {HTTP_GET, "/metrics", api_metrics, PERM_PUBLIC, "Prometheus metrics"},
};
const size_t ops_routes_count = sizeof ops_routes / sizeof ops_routes[0];
const struct enum_def *const ops_enums[] = {NULL};
