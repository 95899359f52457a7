/* verify.c — `shegong verify`: walks the audit log's hash chain (R-AUD-1). */
#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "domain/audit.h"

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	struct cli_common c;
	struct audit_verify_result res;
	int opt;
	sg_ctx ctx;

	cli_common_defaults(&c);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg))
			continue;
		switch (opt) {
		default:
			fputs("usage: shegong verify [--db PATH]\n", stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs("usage: shegong verify [--db PATH]\n", stderr);
		return 2;
	}
	if (cli_open(&c, &ctx, false, false))
		return 1;
	int rc = audit_verify(ctx.db, &res);
	cli_close(&ctx);
	if (rc) {
		fputs("shegong: the audit log could not be read\n", stderr);
		return 1;
	}
	if (res.bad_id) {
		printf("audit chain broken at entry %lld: %s\n", (long long)res.bad_id, res.reason);
		return 1;
	}
	printf("audit chain ok: %lld entries\n", (long long)res.count);
	return 0;
}
