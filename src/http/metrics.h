/*
 * metrics.h — counters for GET /metrics (Prometheus text format).
 *
 * Lock-free: each request adds to atomic counters indexed by route and by
 * status class; rendering reads them without stopping the world.
 */
#ifndef SG_METRICS_H
#define SG_METRICS_H

#include <stdint.h>

#include "base/buf.h"

/* Pseudo routes after the table's own: static files, and unmatched. */
enum { METRICS_ROUTE_STATIC = -2, METRICS_ROUTE_NONE = -1 };

void metrics_init(void);
void metrics_request(int route_index, int status, int64_t duration_ns);
void metrics_connection(int delta);
/* Appends the exposition text. */
void metrics_render(sg_buf *out);

#endif
