/*
 * conn.h — what the server keeps per connection: the deadline of the
 * request being read, and what its request line said before
 * libmicrohttpd decoded it.
 *
 * libmicrohttpd 0.9.75 has only an idle timeout (MHD_OPTION_CONNECTION_
 * TIMEOUT), restarted by every byte: a client that trickles a header keeps
 * its connection for ever. Here each request has a total deadline: its
 * headers must be complete within header_ms of the connection's start (or,
 * on a kept-alive connection, of its request line, which must itself come
 * within idle_ms of the previous answer), and its body within body_ms of
 * the headers. A watcher thread shuts down the socket of a connection past
 * its deadline, which makes libmicrohttpd close it (no answer can be sent
 * before the headers are read). While a request is handled and answered
 * there is no deadline.
 *
 * All functions but conn_watch_start/stop are called from libmicrohttpd's
 * callbacks, on the thread that owns the connection.
 */
#ifndef SG_CONN_H
#define SG_CONN_H

#include <stdint.h>

typedef struct sg_conn sg_conn;

struct conn_limits {
	int64_t header_ms; /* request line and headers */
	int64_t body_ms;   /* the body, from the end of the headers */
	int64_t idle_ms;   /* kept alive: until the next request line */
};

/* Flags of the request line (conn_request_line). */
enum {
	CONN_PATH_NUL = 1,	/* the path holds %00 */
	CONN_TOO_MANY_ARGS = 2, /* more than CONN_ARGS_MAX query arguments */
};
enum { CONN_ARGS_MAX = 100 };

/* Starts the watcher thread; conn_watch_stop() ends it (no connection may
 * remain by then). */
void conn_watch_start(const struct conn_limits *limits);
void conn_watch_stop(void);

/* A connection on socket fd was accepted: its headers are due. The result
 * is freed by conn_close(), which must come before the socket is closed. */
sg_conn *conn_open(int fd);
void conn_close(sg_conn *c);

/* The request line of a request was read. Checks the raw URI (query
 * string included): a %00 in the path, or more than CONN_ARGS_MAX query
 * arguments — then the query is cut off where it starts (uri is
 * libmicrohttpd's own buffer, which it parses after this call), so that
 * libmicrohttpd does not run out of memory parsing it and drop the
 * connection without an answer. The flags are kept for conn_take_flags. */
void conn_request_line(sg_conn *c, const char *uri);
/* The flags of the current request's line (0 when c is NULL). */
unsigned conn_take_flags(sg_conn *c);
/* The headers are read: now the body is due. */
void conn_headers_done(sg_conn *c);
/* The request is read: no deadline while it is handled and answered. */
void conn_body_done(sg_conn *c);
/* The answer is sent: the next request line is due within idle_ms. */
void conn_request_done(sg_conn *c);

/* Connections closed at their deadline since the start. */
uint64_t conn_deadline_count(void);

#endif
