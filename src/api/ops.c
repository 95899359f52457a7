/* ops.c (api) — health and metrics for operators and load balancers. */

#include "api/api.h"
#include "http/metrics.h"

/* GET /healthz → 200 {status, db, version}; 503 when the database fails. */
int api_healthz(sg_req *r)
{
	bool ok = db_ping(r->ctx.db) == 0;
	if (!ok)
		r->ctx.err.retry_after = 5;
	return reply_json(r, ok ? 200 : 503,
			  json_pack("{s:s,s:s,s:s,s:s}", "status", ok ? "ok" : "unavailable", "db",
				    ok ? "ok" : "error", "backend", db_backend_name(r->ctx.db),
				    "version", SG_VERSION));
}

/* GET /metrics → 200 text/plain (Prometheus exposition format). */
int api_metrics(sg_req *r)
{
	sg_buf out;
	buf_init(&out, 4 * 1024 * 1024);
	metrics_render(&out);
	return reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.p, out.len);
}
