/*
 * server.h — the HTTP server (libmicrohttpd, epoll thread pool).
 *
 * Each pool thread has its own database connection, opened on first use.
 * A request is read with the two-call idiom (mark it on the first call,
 * answer on a later one: answering on the first makes libmicrohttpd 0.9.75
 * close keep-alive connections). server_run() returns after SIGTERM or
 * SIGINT, once requests in flight have finished.
 */
#ifndef SG_SERVER_H
#define SG_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct server_config {
	const char *listen; /* "127.0.0.1:8080"; port 0 picks a free one */
	const char *db_url;
	unsigned threads;    /* 0: the number of cores */
	size_t body_max;     /* bytes; 413 above */
	unsigned conn_max;   /* connections in all */
	unsigned per_ip_max; /* connections per client address */
	unsigned timeout_s;  /* idle connection timeout */
	/* Total deadlines of a request (http/conn.h): its headers from the
	 * connection's start (or its request line when kept alive), its body
	 * from the end of the headers. Past them the connection is closed. */
	int64_t header_timeout_ms;
	int64_t body_timeout_ms;
	bool cookie_secure; /* behind TLS: mark cookies Secure */
	/* Comma-separated addresses of reverse proxies whose X-Forwarded-For
	 * is believed (its last entry is the client); NULL: none. */
	const char *trusted_proxies;
	/* Who may read /metrics besides loopback: networks (http/addr.h), or
	 * NULL; and a bearer token, or NULL. Everyone else gets a 404. */
	const struct addr_list *metrics_from;
	const char *metrics_token;
};

void server_config_defaults(struct server_config *c);
/* Serves until SIGTERM/SIGINT. Returns 0, or 1 if it could not start. */
int server_run(const struct server_config *c);
int server_cookie_secure(void);

#endif
