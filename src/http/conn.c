/* conn.c — per-connection deadlines and request-line checks (conn.h). */
#include "http/conn.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"

enum { WATCH_EVERY_MS = 100 };

struct sg_conn {
	sg_conn *prev, *next; /* in the watch list, under watch.lock */
	int fd;
	bool shut;			 /* shut down at its deadline (under watch.lock) */
	atomic_int_fast64_t deadline_ms; /* monotonic; 0: none */
	/* Touched only by the thread that owns the connection. */
	unsigned requests; /* request lines read so far */
	unsigned flags;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	sg_conn *head;
	bool running, stopping;
	struct conn_limits limits;
} watch = {.lock = PTHREAD_MUTEX_INITIALIZER};

static atomic_uint_fast64_t closed_at_deadline;

static int64_t now_ms(void)
{
	return clock_mono_ns() / 1000000;
}

static void due_in(sg_conn *c, int64_t ms)
{
	atomic_store(&c->deadline_ms, ms > 0 ? now_ms() + ms : 0);
}

/* Shuts down every connection past its deadline; returns how many. The
 * list lock keeps each socket open meanwhile: conn_close() takes it, and
 * libmicrohttpd closes the socket only after conn_close(). */
static unsigned sweep(void)
{
	unsigned n = 0;
	int64_t now = now_ms();
	pthread_mutex_lock(&watch.lock);
	for (sg_conn *c = watch.head; c; c = c->next) {
		int64_t d = atomic_load(&c->deadline_ms);
		if (d && now >= d && !c->shut) {
			/* libmicrohttpd then reads end-of-file and closes it. */
			shutdown(c->fd, SHUT_RDWR);
			c->shut = true;
			n++;
		}
	}
	pthread_mutex_unlock(&watch.lock);
	return n;
}

static void *watcher(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&watch.lock);
	while (!watch.stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_EVERY_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&watch.wake, &watch.lock, &until);
		if (watch.stopping)
			break;
		pthread_mutex_unlock(&watch.lock);
		unsigned n = sweep();
		if (n) {
			atomic_fetch_add(&closed_at_deadline, n);
			log_warn("connections closed at their deadline",
				 json_pack("{s:i}", "connections", (int)n));
		}
		pthread_mutex_lock(&watch.lock);
	}
	pthread_mutex_unlock(&watch.lock);
	return NULL;
}

void conn_watch_start(const struct conn_limits *limits)
{
	pthread_mutex_lock(&watch.lock);
	watch.limits = *limits;
	if (!watch.running) {
		pthread_condattr_t attr;
		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		pthread_cond_init(&watch.wake, &attr);
		pthread_condattr_destroy(&attr);
		watch.stopping = false;
		watch.running = pthread_create(&watch.thread, NULL, watcher, NULL) == 0;
	}
	pthread_mutex_unlock(&watch.lock);
}

void conn_watch_stop(void)
{
	pthread_mutex_lock(&watch.lock);
	bool running = watch.running;
	watch.stopping = true;
	pthread_cond_signal(&watch.wake);
	pthread_mutex_unlock(&watch.lock);
	if (running)
		pthread_join(watch.thread, NULL);
	watch.running = false;
}

sg_conn *conn_open(int fd)
{
	sg_conn *c = xcalloc(1, sizeof *c);
	c->fd = fd;
	due_in(c, watch.limits.header_ms);
	pthread_mutex_lock(&watch.lock);
	c->next = watch.head;
	if (watch.head)
		watch.head->prev = c;
	watch.head = c;
	pthread_mutex_unlock(&watch.lock);
	return c;
}

void conn_close(sg_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&watch.lock);
	if (c->prev)
		c->prev->next = c->next;
	else
		watch.head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	pthread_mutex_unlock(&watch.lock);
	free(c);
}

void conn_request_line(sg_conn *c, const char *uri)
{
	if (!c)
		return;
	/* The first request's headers are due header_ms after the accept
	 * (conn_open): trickling the request line does not restart it. */
	if (c->requests++ > 0)
		due_in(c, watch.limits.header_ms);
	c->flags = 0;
	const char *query = strchr(uri, '?');
	size_t path_len = query ? (size_t)(query - uri) : strlen(uri);
	for (size_t i = 0; i + 2 < path_len; i++)
		if (uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0') {
			c->flags |= CONN_PATH_NUL;
			break;
		}
	if (query) {
		size_t args = 1;
		for (const char *p = query + 1; *p; p++)
			args += *p == '&';
		if (args > CONN_ARGS_MAX) {
			c->flags |= CONN_TOO_MANY_ARGS;
			/* libmicrohttpd found the '?' before calling us and parses
			 * what follows it afterwards: end the query right there. */
			((char *)query)[1] = '\0';
		}
	}
}

unsigned conn_take_flags(sg_conn *c)
{
	if (!c)
		return 0;
	unsigned f = c->flags;
	c->flags = 0;
	return f;
}

void conn_headers_done(sg_conn *c)
{
	if (c)
		due_in(c, watch.limits.body_ms);
}

void conn_body_done(sg_conn *c)
{
	if (c)
		atomic_store(&c->deadline_ms, 0);
}

void conn_request_done(sg_conn *c)
{
	if (c)
		due_in(c, watch.limits.idle_ms);
}

uint64_t conn_deadline_count(void)
{
	return atomic_load(&closed_at_deadline);
}
