/* metrics.c — request counters and latency histograms per route. */
#include "http/metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "http/conn.h"
#include "http/router.h"
#include "store/db.h"

static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405,
			       409, 413, 415, 429, 431, 500, 503, 0 /* other */};
enum { N_STATUS = sizeof statuses / sizeof statuses[0] };
static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
enum { N_BUCKET = sizeof bounds / sizeof bounds[0] + 1 };

struct route_stats {
	atomic_uint_fast64_t by_status[N_STATUS];
	atomic_uint_fast64_t buckets[N_BUCKET];
	atomic_uint_fast64_t sum_us;
};

/* Counters are sharded by thread, so that pool threads do not fight over
 * the same cache lines on every request; /metrics adds the shards up. */
enum { SHARDS = 8 };
static struct route_stats *stats; /* SHARDS × (route_count() + 2) */
static atomic_int next_shard;
static __thread int shard = -1;
static atomic_int open_connections;

void metrics_init(void)
{
	if (!stats)
		stats = xcalloc(SHARDS * (route_count() + 2), sizeof *stats);
}

static struct route_stats *slot(int route_index)
{
	if (shard < 0)
		shard = atomic_fetch_add(&next_shard, 1) % SHARDS;
	size_t base = (size_t)shard * (route_count() + 2);
	if (route_index >= 0)
		return &stats[base + (size_t)route_index];
	return &stats[base + route_count() + (route_index == METRICS_ROUTE_STATIC ? 0 : 1)];
}

void metrics_request(int route_index, int status, int64_t ns)
{
	struct route_stats *s = slot(route_index);
	int i = 0;
	while (statuses[i] && statuses[i] != status)
		i++;
	atomic_fetch_add(&s->by_status[i], 1);
	double secs = (double)ns / 1e9;
	int b = 0;
	while (b < N_BUCKET - 1 && secs > bounds[b])
		b++;
	atomic_fetch_add(&s->buckets[b], 1);
	atomic_fetch_add(&s->sum_us, (uint64_t)(ns / 1000));
}

void metrics_connection(int delta)
{
	atomic_fetch_add(&open_connections, delta);
}

static void route_label(int i, char *out, size_t cap)
{
	if (i < (int)route_count())
		snprintf(out, cap, "%s %s", http_method_name(route_at((size_t)i)->method),
			 route_at((size_t)i)->pattern);
	else
		snprintf(out, cap, "%s", i == (int)route_count() ? "static" : "unmatched");
}

/* Route i's counters summed over the shards. */
static struct route_stats *shard_of(int sh, size_t i)
{
	return &stats[(size_t)sh * (route_count() + 2) + i];
}

static uint64_t sum_status(size_t i, int k)
{
	uint64_t sum = 0;
	for (int sh = 0; sh < SHARDS; sh++)
		sum += atomic_load(&shard_of(sh, i)->by_status[k]);
	return sum;
}

static uint64_t sum_bucket(size_t i, int b)
{
	uint64_t sum = 0;
	for (int sh = 0; sh < SHARDS; sh++)
		sum += atomic_load(&shard_of(sh, i)->buckets[b]);
	return sum;
}

static uint64_t sum_us(size_t i)
{
	uint64_t sum = 0;
	for (int sh = 0; sh < SHARDS; sh++)
		sum += atomic_load(&shard_of(sh, i)->sum_us);
	return sum;
}

void metrics_render(sg_buf *o)
{
	char label[128];
	size_t n = route_count() + 2;

	buf_puts(o, "# HELP shegong_http_requests_total HTTP requests by route and status.\n"
		    "# TYPE shegong_http_requests_total counter\n");
	for (size_t i = 0; i < n; i++) {
		route_label((int)i, label, sizeof label);
		for (int k = 0; k < N_STATUS; k++) {
			uint64_t v = sum_status(i, k);
			if (!v)
				continue;
			if (statuses[k])
				buf_printf(o,
					   "shegong_http_requests_total{route=\"%s\",status=\"%d\"}"
					   " %llu\n",
					   label, statuses[k], (unsigned long long)v);
			else
				buf_printf(o,
					   "shegong_http_requests_total{route=\"%s\",status="
					   "\"other\"} %llu\n",
					   label, (unsigned long long)v);
		}
	}
	buf_puts(o, "# HELP shegong_http_request_duration_seconds Time to answer a request.\n"
		    "# TYPE shegong_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < n; i++) {
		uint64_t cum = 0;
		route_label((int)i, label, sizeof label);
		for (int b = 0; b < N_BUCKET; b++)
			cum += sum_bucket(i, b);
		if (!cum)
			continue;
		uint64_t total = cum;
		cum = 0;
		for (int b = 0; b < N_BUCKET; b++) {
			cum += sum_bucket(i, b);
			if (b < N_BUCKET - 1)
				buf_printf(o,
					   "shegong_http_request_duration_seconds_bucket{route=\"%"
					   "s\",le=\"%g\"} %llu\n",
					   label, bounds[b], (unsigned long long)cum);
		}
		buf_printf(
		    o,
		    "shegong_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
		    label, (unsigned long long)total);
		buf_printf(o, "shegong_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
			   label, (double)sum_us(i) / 1e6);
		buf_printf(o, "shegong_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			   label, (unsigned long long)total);
	}
	buf_printf(o,
		   "# HELP shegong_http_open_connections Connections open now.\n"
		   "# TYPE shegong_http_open_connections gauge\n"
		   "shegong_http_open_connections %d\n",
		   atomic_load(&open_connections));
	buf_printf(o,
		   "# HELP shegong_http_deadline_closed_total Connections closed because a "
		   "request's headers or body were not in by their deadline.\n"
		   "# TYPE shegong_http_deadline_closed_total counter\n"
		   "shegong_http_deadline_closed_total %llu\n",
		   (unsigned long long)conn_deadline_count());
	buf_printf(o,
		   "# HELP shegong_db_errors_total Database errors since start.\n"
		   "# TYPE shegong_db_errors_total counter\n"
		   "shegong_db_errors_total %llu\n",
		   (unsigned long long)db_error_count());
}
