/* server.c — libmicrohttpd glue: request lifecycle, dispatch, shutdown. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/crypto.h"
#include "base/jsonmem.h"
#include "base/jsonw.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "domain/audit.h"
#include "domain/role.h"
#include "domain/session.h"
#include "http/addr.h"
#include "http/conn.h"
#include "http/metrics.h"
#include "http/response.h"
#include "http/static.h"

enum { DRAIN_MAX_MS = 10000, DB_MAX_THREADS = 256 };

static struct server_config cfg;
static atomic_int in_flight;
static atomic_uint_fast64_t request_seq;
static char request_prefix[9];
static unsigned char metrics_token_digest[DIGEST_LEN];

/* Every pool thread's connection, closed after the daemon stops. */
static pthread_mutex_t dbs_lock = PTHREAD_MUTEX_INITIALIZER;
static db *dbs[DB_MAX_THREADS];
static size_t n_dbs;
static __thread db *thread_db;

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof *c);
	c->listen = "127.0.0.1:8080";
	c->db_url = "shegong.db";
	c->body_max = 1024 * 1024;
	c->conn_max = 4096;
	c->per_ip_max = 256;
	c->timeout_s = 30;
	c->header_timeout_ms = 10000;
	c->body_timeout_ms = 60000;
}

int server_cookie_secure(void)
{
	return cfg.cookie_secure;
}

static db *request_db(sg_err *err)
{
	if (thread_db)
		return thread_db;
	if (db_open(&thread_db, cfg.db_url, false, err) != 0) {
		thread_db = NULL;
		err->code = SG_EBUSY;
		err->retry_after = 5;
		return NULL;
	}
	pthread_mutex_lock(&dbs_lock);
	if (n_dbs < DB_MAX_THREADS)
		dbs[n_dbs++] = thread_db;
	pthread_mutex_unlock(&dbs_lock);
	return thread_db;
}

static bool is_unsafe(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* A query argument must be UTF-8 without NUL: a decoded %00 would cut the
 * value short where it is read as a C string. */
struct arg_check {
	bool ok;
	char field[49]; /* the offending argument's name when it is plain */
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 size_t key_size, const char *value, size_t value_size)
{
	(void)kind;
	struct arg_check *c = cls;
	bool key_ok = utf8_valid(key, key_size) && strlen(key) == key_size;
	if (key_ok && (!value || (utf8_valid(value, value_size) && strlen(value) == value_size)))
		return MHD_YES;
	c->ok = false;
	bool plain = key_ok && key_size < sizeof c->field;
	for (size_t i = 0; plain && i < key_size; i++)
		plain = (key[i] >= 'a' && key[i] <= 'z') || key[i] == '_';
	if (plain)
		memcpy(c->field, key, key_size + 1);
	return MHD_NO;
}

/* Is addr one of the comma-separated entries of list? */
static bool listed(const char *list, const char *addr)
{
	size_t n = strlen(addr);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, ", ");
		if (len == n && strncmp(p, addr, n) == 0)
			return true;
		p += len;
	}
	return false;
}

/* The client's address: the peer, or what a trusted proxy says. */
static const char *client_ip(struct MHD_Connection *c, sg_arena *a)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char text[INET6_ADDRSTRLEN] = "-";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, text,
				  sizeof text);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, text,
				  sizeof text);
	}
	if (cfg.trusted_proxies && listed(cfg.trusted_proxies, text)) {
		/* The proxy appends the address it saw: the last entry. */
		const char *xff =
		    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
		const char *last = xff ? strrchr(xff, ',') : NULL;
		last = last ? last + 1 : xff;
		while (last && *last == ' ')
			last++;
		unsigned char bin[sizeof(struct in6_addr)];
		if (last && strlen(last) < sizeof text &&
		    (inet_pton(AF_INET, last, bin) == 1 || inet_pton(AF_INET6, last, bin) == 1))
			return arena_strdup(a, last);
	}
	return arena_strdup(a, text);
}

/* Session, CSRF and role checks for a matched route. 0 to go on. */
static int authorize(sg_req *r, const struct route *rt)
{
	const char *cookie = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "sg_session");
	bool public = rt->perm == PERM_PUBLIC;
	int rc;

	if (cookie && cookie[0]) {
		rc = session_resolve(&r->ctx, cookie, strlen(cookie), r->csrf);
		if (rc == SG_EUNAUTH && public) {
			sg_err_clear(&r->ctx.err);
			reply_session_cookie(r, NULL);
		} else if (rc) {
			if (rc == SG_EUNAUTH)
				reply_session_cookie(r, NULL);
			return rc;
		}
	}
	if (public)
		return 0;
	if (!r->ctx.actor.session_id)
		return sg_err_set(&r->ctx.err, SG_EUNAUTH, NULL, "R-AUTH-1", "请先登录",
				  "please sign in");
	if (is_unsafe(r->method)) {
		const char *tok =
		    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
		if (!tok || !crypto_equal(tok, strlen(tok), r->csrf, strlen(r->csrf)))
			return sg_err_set(&r->ctx.err, SG_EFORBIDDEN, "X-CSRF-Token", "R-AUTH-1",
					  "缺少或错误的 CSRF 令牌，请刷新页面后重试",
					  "missing or wrong CSRF token: reload the page and retry");
	}
	return perm_require(&r->ctx, rt->perm);
}

static bool body_is_json(sg_req *r)
{
	const char *ct =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	return ct && strncasecmp(ct, "application/json", 16) == 0 &&
	       (ct[16] == '\0' || ct[16] == ';' || ct[16] == ' ');
}

static enum MHD_Result dispatch_in_arena(sg_req *r);

/* May this request read /metrics? From loopback, from an address of
 * SHEGONG_METRICS_FROM, or with "Authorization: Bearer" and the token of
 * SHEGONG_METRICS_TOKEN (compared as digests, in constant time). The
 * address is the client's as client_ip() found it. */
static bool metrics_allowed(sg_req *r)
{
	const char *ip = r->ctx.actor.ip;
	if (addr_is_loopback(ip) || addr_list_match(cfg.metrics_from, ip))
		return true;
	if (!cfg.metrics_token || !cfg.metrics_token[0])
		return false;
	const char *auth =
	    MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
		return false;
	unsigned char given[DIGEST_LEN];
	if (crypto_digest(DIGEST_SHA256, auth + 7, strlen(auth + 7), given) != 0)
		return false;
	return crypto_equal((const char *)given, sizeof given, (const char *)metrics_token_digest,
			    sizeof metrics_token_digest);
}

static enum MHD_Result no_such_endpoint(sg_req *r)
{
	response_error_plain(r, 404, "not_found", "", "接口不存在", "no such endpoint");
	return response_send(r);
}

/* A handler returned rc < 0 without describing it in err (no code, another
 * code, or no message): a defect, answered with the status of rc and a
 * generic message, and logged (the route and the codes, nothing of the
 * request). In the debug build (SG_DEBUG: the sanitizer build, which runs
 * the API tests) it also aborts, so the test names the route;
 * -DSG_CHECK_ERRORS=0 turns that off. */
#ifndef SG_CHECK_ERRORS
#define SG_CHECK_ERRORS SG_DEBUG
#endif
static void empty_error(const struct route *rt, int rc, const sg_err *err)
{
	log_warn("error without a message",
		 json_pack("{s:s,s:s,s:s,s:s}", "method", http_method_name(rt->method), "route",
			   rt->pattern, "code", sg_err_name(rc), "err_code",
			   sg_err_name(err->code)));
#if SG_CHECK_ERRORS
	fprintf(stderr, "shegong: %s %s returned %s with err %s \"%s\"\n",
		http_method_name(rt->method), rt->pattern, sg_err_name(rc), sg_err_name(err->code),
		err->msg);
	abort();
#endif
}

/* JSON values of the request come from its arena (base/jsonmem.h); they
 * are all released in on_completed, before the arena. */
static enum MHD_Result dispatch(sg_req *r)
{
	jsonmem_use(r->ctx.arena);
	enum MHD_Result ok = dispatch_in_arena(r);
	jsonmem_use(NULL);
	return ok;
}

static enum MHD_Result dispatch_in_arena(sg_req *r)
{
	bool api = strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0 ||
		   strcmp(r->path, "/healthz") == 0 || strcmp(r->path, "/metrics") == 0;
	struct arg_check args = {.ok = true};
	int rc;

	if (r->line_flags & CONN_TOO_MANY_ARGS) {
		response_error_plain(r, 400, "invalid", "", "查询参数过多（至多 100 个）",
				     "too many query arguments (at most 100)");
		return response_send(r);
	}
	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &args);
	if (!utf8_valid(r->path, strlen(r->path)) || (r->line_flags & CONN_PATH_NUL) || !args.ok) {
		response_error_plain(
		    r, 400, "invalid", args.field,
		    "网址含有无效字符（须为 UTF-8 编码，且不含 NUL）",
		    "the URL has invalid characters (it must be UTF-8 without NUL)");
		return response_send(r);
	}
	if (!api) {
		r->metrics_route = METRICS_ROUTE_STATIC;
		if (r->method == HTTP_GET || r->method == HTTP_HEAD)
			return static_serve(r);
		memcpy(r->match.allow, "GET, HEAD", sizeof "GET, HEAD");
		response_error_plain(r, 405, "method_not_allowed", "", "不支持此请求方法",
				     "method not allowed");
		return response_send(r);
	}

	/* Not for everyone: to others /metrics is an unknown path. */
	if (strcmp(r->path, "/metrics") == 0 && !metrics_allowed(r))
		return no_such_endpoint(r);
	router_match(r->path, r->method, &r->match);
	if (r->match.index < 0) {
		if (!r->match.path_known)
			return no_such_endpoint(r);
		response_error_plain(r, 405, "method_not_allowed", "", "不支持此请求方法",
				     "method not allowed");
		return response_send(r);
	}
	if (r->too_big) {
		rc = sg_err_setf(&r->ctx.err, SG_ETOOBIG, "", "R-IO-1", "请求体超过 %zu 字节上限",
				 "the request body exceeds the limit of %zu bytes", cfg.body_max);
		response_error(r, rc, &r->ctx.err);
		return response_send(r);
	}
	const struct route *rt = route_at((size_t)r->match.index);
	r->metrics_route = r->match.index;
	r->ctx.db = request_db(&r->ctx.err);
	if (!r->ctx.db) {
		response_error(r, SG_EBUSY, &r->ctx.err);
		return response_send(r);
	}
	if (r->body.len > 0 && !body_is_json(r)) {
		response_error_plain(r, 400, "invalid", "Content-Type",
				     "请求体须为 application/json",
				     "the request body must be application/json");
		return response_send(r);
	}
	/* A GET sees one snapshot of the database; what it writes on the
	 * side (a session's last-seen time, an audited refusal) is kept
	 * whatever the answer. */
	bool reading = r->method == HTTP_GET || r->method == HTTP_HEAD;
	if (reading && (rc = db_begin_read(r->ctx.db))) {
		sg_err_set(&r->ctx.err, rc, NULL, NULL, "数据库暂时不可用",
			   "the database is unavailable");
		response_error(r, rc, &r->ctx.err);
		return response_send(r);
	}
	rc = authorize(r, rt);
	if (!rc)
		rc = rt->handler(r);
	if (reading)
		db_commit(r->ctx.db);
	else if (rc && db_in_transaction(r->ctx.db))
		db_rollback(r->ctx.db); /* a handler bug must not leave one open */
	if (rc) {
		if (response_error_is_empty(rc, &r->ctx.err))
			empty_error(rt, rc, &r->ctx.err);
		response_error(r, rc, &r->ctx.err);
	}
	return response_send(r);
}

static void request_id(char out[17])
{
	static const char hex[] = "0123456789abcdef";
	uint32_t n = (uint32_t)atomic_fetch_add(&request_seq, 1);
	memcpy(out, request_prefix, 8);
	for (int i = 15; i >= 8; i--, n >>= 4)
		out[i] = hex[n & 15];
	out[16] = '\0';
}

static sg_conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Called with the raw request line, before libmicrohttpd decodes the path
 * and parses the query (conn_request_line). Returns the request's initial
 * context: none, so on_request still sees its first call. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)cls;
	conn_request_line(conn_of(c), uri);
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)version;
	sg_req *r = *con_cls;
	sg_conn *sc = conn_of(conn);

	if (!r) {
		sg_arena *a = arena_new();
		r = arena_zalloc(a, sizeof *r);
		r->ctx.arena = a;
		r->conn = conn;
		r->start_ns = clock_mono_ns();
		r->method = http_method_from(method);
		r->path = arena_strdup(a, url);
		r->ctx.now = clock_now_ms();
		r->ctx.actor.role = -1;
		r->match.index = -1;
		r->metrics_route = METRICS_ROUTE_NONE;
		r->ctx.actor.username = "-";
		r->ctx.actor.ip = client_ip(conn, a);
		request_id(r->request_id);
		buf_init(&r->body, cfg.body_max);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		r->line_flags = conn_take_flags(sc);
		atomic_fetch_add(&in_flight, 1);
		*con_cls = r;
		if (cl && strtoull(cl, NULL, 10) > cfg.body_max) {
			/* Answered at once, without waiting for a body we would
			 * refuse: libmicrohttpd then discards it and closes the
			 * connection. */
			r->too_big = true;
			conn_body_done(sc);
			return dispatch(r);
		}
		conn_headers_done(sc);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (r->too_big || buf_append(&r->body, upload_data, *upload_size) != 0) {
			r->too_big = true;
			buf_free(&r->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	conn_body_done(sc);
	return dispatch(r);
}

/* The access log line, written directly: it is on every request's path. */
static void log_request(const sg_req *r, int64_t ns, bool complete)
{
	const char *route = r->match.index >= 0 ? route_at((size_t)r->match.index)->pattern : "";
	sg_buf line;

	int64_t us = ns / 1000;
	char frac[4] = {(char)('0' + us / 100 % 10), (char)('0' + us / 10 % 10),
			(char)('0' + us % 10), '\0'};

	log_begin(&line, "info", "request");
	buf_puts(&line, ",\"req\":\"");
	buf_puts(&line, r->request_id);
	buf_puts(&line, "\",\"ip\":");
	jsonw_string(&line, r->ctx.actor.ip, strlen(r->ctx.actor.ip));
	buf_puts(&line, ",\"method\":\"");
	buf_puts(&line, http_method_name(r->method));
	buf_puts(&line, "\",\"path\":");
	jsonw_string(&line, r->path, strlen(r->path));
	buf_puts(&line, ",\"status\":");
	jsonw_int(&line, r->status);
	buf_puts(&line, ",\"ms\":");
	jsonw_int(&line, us / 1000);
	buf_puts(&line, ".");
	buf_puts(&line, frac);
	buf_puts(&line, ",\"bytes\":");
	jsonw_int(&line, (int64_t)r->bytes_out);
	buf_puts(&line, ",\"user\":");
	jsonw_int(&line, r->ctx.actor.user_id);
	buf_puts(&line, ",\"route\":");
	jsonw_string(&line, route, strlen(route));
	buf_puts(&line, complete ? ",\"complete\":true" : ",\"complete\":false");
	log_end(&line);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	sg_req *r = *con_cls;
	conn_request_done(conn_of(conn));
	if (!r)
		return;
	int64_t ns = clock_mono_ns() - r->start_ns;
	metrics_request(r->metrics_route, r->status, ns);
	log_request(r, ns, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	json_decref(r->reply);
	json_decref(r->ctx.err_extra);
	free(r->text);
	buf_free(&r->body);
	mem_wipe(r->csrf, sizeof r->csrf);
	arena_free(r->ctx.arena);
	*con_cls = NULL;
	atomic_fetch_sub(&in_flight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? conn_open(ci->connect_fd) : NULL;
		metrics_connection(1);
	} else {
		conn_close(*socket_context);
		*socket_context = NULL;
		metrics_connection(-1);
	}
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char text[256];
	vsnprintf(text, sizeof text, fmt, ap);
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		text[--n] = '\0';
	log_warn("http", json_pack("{s:s}", "detail", text));
}

static int parse_listen(const char *s, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= sizeof host)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host[0] ? host : "127.0.0.1", &sa->sin_addr) == 1 ? 0 : -1;
}

/* Each connection holds a socket: raise the soft limit on open files to
 * what conn_max needs (up to the hard limit), or lower conn_max to what
 * the limit allows. */
static void fit_open_files(void)
{
	enum { SPARE_FILES = 64 }; /* the listener, database files, the log */
	struct rlimit rl;
	rlim_t need = (rlim_t)cfg.conn_max + cfg.threads + SPARE_FILES;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need) {
		unsigned fit = rl.rlim_cur > SPARE_FILES + cfg.threads
				   ? (unsigned)(rl.rlim_cur - SPARE_FILES - cfg.threads)
				   : 1;
		log_warn("open file limit too low",
			 json_pack("{s:i,s:i,s:i}", "limit", (int)rl.rlim_cur, "connections_wanted",
				   (int)cfg.conn_max, "connections", (int)fit));
		cfg.conn_max = fit;
		if (cfg.per_ip_max > fit)
			cfg.per_ip_max = fit;
	}
}

int server_run(const struct server_config *c)
{
	struct sockaddr_in sa;
	sigset_t set;
	int sig = 0;
	unsigned char rnd[4];

	cfg = *c;
	if (!cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		cfg.threads = n > 0 ? (unsigned)n : 1;
	}
	if (parse_listen(cfg.listen, &sa) != 0) {
		log_error("bad listen address", json_pack("{s:s}", "listen", cfg.listen));
		return 1;
	}
	if (cfg.metrics_token && cfg.metrics_token[0])
		crypto_digest(DIGEST_SHA256, cfg.metrics_token, strlen(cfg.metrics_token),
			      metrics_token_digest);
	crypto_random(rnd, sizeof rnd);
	hex_encode(rnd, sizeof rnd, request_prefix);
	metrics_init();
	session_init();
	log_async_start();
	fit_open_files();
	conn_watch_start(&(struct conn_limits){.header_ms = cfg.header_timeout_ms,
					       .body_ms = cfg.body_timeout_ms,
					       .idle_ms = (int64_t)cfg.timeout_s * 1000});

	/* Threads started from here on inherit the blocked signals, so only
	 * sigwait() below sees them. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, cfg.threads,
	    MHD_OPTION_CONNECTION_LIMIT, cfg.conn_max, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    cfg.per_ip_max, MHD_OPTION_CONNECTION_TIMEOUT, cfg.timeout_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, on_request_line, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE,
	    1, MHD_OPTION_END);
	if (!d) {
		log_error("cannot listen", json_pack("{s:s}", "listen", cfg.listen));
		conn_watch_stop();
		log_async_stop();
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char bound[96];
	char host[INET_ADDRSTRLEN];
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
	snprintf(bound, sizeof bound, "%s:%u", host, info ? info->port : ntohs(sa.sin_port));
	/* /healthz no longer tells: the version and backend are in the log. */
	bool pg = strncmp(cfg.db_url, "postgres://", 11) == 0 ||
		  strncmp(cfg.db_url, "postgresql://", 13) == 0;
	log_info("listening",
		 json_pack("{s:s,s:i,s:s,s:s,s:i}", "listen", bound, "threads", (int)cfg.threads,
			   "version", SG_VERSION, "backend", pg ? "postgres" : "sqlite",
			   "connections", (int)cfg.conn_max));

	/* SIGHUP: reopen the log file (logrotate has renamed it). */
	while (sigwait(&set, &sig) == 0 && sig == SIGHUP) {
		if (log_reopen() == 0)
			log_info("log reopened", NULL);
		else
			log_error("cannot reopen the log file",
				  json_pack("{s:s}", "detail", strerror(errno)));
	}
	log_info("stopping", json_pack("{s:s,s:i}", "signal", sig == SIGTERM ? "TERM" : "INT",
				       "in_flight", atomic_load(&in_flight)));
	MHD_quiesce_daemon(d);
	for (int waited = 0; atomic_load(&in_flight) > 0 && waited < DRAIN_MAX_MS; waited += 10)
		nanosleep(&(struct timespec){.tv_nsec = 10 * 1000000}, NULL);
	MHD_stop_daemon(d);
	conn_watch_stop();
	for (size_t i = 0; i < n_dbs; i++)
		db_close(dbs[i]);
	n_dbs = 0;
	log_info("stopped", NULL);
	log_async_stop();
	return 0;
}
