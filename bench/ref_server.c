/*
 * ref_server.c — the benchmark's reference: the smallest libmicrohttpd server
 * configured like `shegong serve` (epoll, internal thread pool of one thread
 * per core, the same limits, the two-call idiom), answering every request
 * with one fixed JSON body of the size of GET /api/v1/me's.
 *
 *   ref_server PORT     listens on 127.0.0.1:PORT (0 picks a free port);
 *                       prints the bound port as the first line on stdout;
 *                       stops on SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Shaped like GET /api/v1/me's body (322 bytes there, 322 here). */
static const char body[] =
    "{\"user\":{\"id\":1,\"username\":\"admin\",\"display_name\":\"reference server\","
    "\"role\":\"admin\",\"disabled\":false,\"created_at\":\"2026-11-28T01:00:00.000Z\","
    "\"last_login_at\":\"2026-11-28T01:00:00.000Z\",\"scope\":{\"divisions\":[],"
    "\"orgs\":[],\"stations\":[]},\"role_name\":\"admin\"},"
    "\"csrf_token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}";

static int marker;

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;

	/* First call: mark the request only. Queueing a response here makes
	 * 0.9.75 close the connection after it. */
	if (!*con_cls) {
		*con_cls = &marker;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				"application/json; charset=utf-8");
	enum MHD_Result ok = MHD_queue_response(conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	*con_cls = NULL;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	sigset_t set;
	char *end;
	int sig = 0;

	if (argc != 2) {
		fputs("usage: ref_server PORT\n", stderr);
		return 2;
	}
	long port = strtol(argv[1], &end, 10);
	if (end == argv[1] || *end || port < 0 || port > 65535) {
		fputs("ref_server: PORT must be 0 to 65535\n", stderr);
		return 2;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores > 0 ? (unsigned)cores : 1;

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* Only sigwait() below sees these; the pool threads inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
	    MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "ref_server: cannot listen on 127.0.0.1:%ld\n", port);
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("%u\n", info ? (unsigned)info->port : (unsigned)port);
	fflush(stdout);

	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
