/* serve.c — `shegong serve`: checks the database and key, then serves. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "cli/cli.h"
#include "domain/keys.h"
#include "http/addr.h"
#include "http/server.h"

/* A duration in milliseconds from the environment variable name, from 100
 * to 3600000; *out keeps its default when the variable is unset. */
static int env_ms(const char *name, int64_t *out)
{
	const char *v = getenv(name);
	char *end;
	if (!v || !*v)
		return 0;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (*end || errno || n < 100 || n > 3600000) {
		fprintf(stderr,
			"shegong: %s 应为 100 至 3600000 之间的毫秒数 (%s must be 100 to 3600000 "
			"milliseconds)\n",
			name, name);
		return -1;
	}
	*out = n;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"listen", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"log-file", required_argument, NULL, 'L'},
	    {0},
	};
	struct cli_common c;
	struct server_config sc;
	const char *listen = getenv("SHEGONG_LISTEN");
	const char *log_path = getenv("SHEGONG_LOG_FILE");
	int opt;
	sg_ctx ctx;

	cli_common_defaults(&c);
	server_config_defaults(&sc);
	if (listen && *listen)
		sc.listen = listen;
	sc.trusted_proxies = getenv("SHEGONG_TRUSTED_PROXIES");
	if (env_ms("SHEGONG_HEADER_TIMEOUT_MS", &sc.header_timeout_ms) ||
	    env_ms("SHEGONG_BODY_TIMEOUT_MS", &sc.body_timeout_ms))
		return 2;
	sc.cookie_secure =
	    getenv("SHEGONG_COOKIE_SECURE") && strcmp(getenv("SHEGONG_COOKIE_SECURE"), "1") == 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		if (cli_common_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case 'l':
			sc.listen = optarg;
			break;
		case 'L':
			log_path = optarg;
			break;
		case 't':
			sc.threads = (unsigned)strtoul(optarg, &end, 10);
			if (*end || sc.threads > 256) {
				fputs("shegong: --threads must be 0 to 256\n", stderr);
				return 2;
			}
			break;
		default:
			fputs("usage: shegong serve [--listen ADDR:PORT] [--threads N] [--log-file "
			      "PATH] "
			      "[--db PATH] [--key-file PATH]\n",
			      stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs("usage: shegong serve [--listen ADDR:PORT] [--threads N]\n", stderr);
		return 2;
	}
	if (log_path && *log_path && log_open_file(log_path) != 0) {
		fprintf(stderr, "shegong: 无法打开日志文件 (cannot open the log file) %s: %s\n",
			log_path, strerror(errno));
		return 1;
	}
	char *key_file = cli_key_path(&c);
	if (cli_open(&c, &ctx, false, true)) {
		free(key_file);
		return 1;
	}
	int rc = keys_open(ctx.db, key_file, &ctx.err);
	free(key_file);
	if (rc) {
		cli_print_error(&ctx.err);
		cli_close(&ctx);
		return 1;
	}
	cli_close(&ctx);
	char bad[64];
	addr_list *metrics_from = NULL;
	if (addr_list_parse(&metrics_from, getenv("SHEGONG_METRICS_FROM"), bad, sizeof bad)) {
		fprintf(
		    stderr,
		    "shegong: SHEGONG_METRICS_FROM 中的“%s”不是 IP 地址或网段 (\"%s\" is not an "
		    "address or a network such as 10.20.30.0/24)\n",
		    bad, bad);
		return 2;
	}
	sc.metrics_from = metrics_from;
	sc.metrics_token = getenv("SHEGONG_METRICS_TOKEN");
	if (sc.metrics_token && *sc.metrics_token && strlen(sc.metrics_token) < 16) {
		fputs("shegong: SHEGONG_METRICS_TOKEN 至少 16 个字符 (must be at least 16 "
		      "characters)\n",
		      stderr);
		addr_list_free(metrics_from);
		return 2;
	}
	sc.db_url = c.db;
	rc = server_run(&sc) ? 1 : 0;
	addr_list_free(metrics_from);
	return rc;
}
