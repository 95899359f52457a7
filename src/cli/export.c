/*
 * export.c (cli) — `shegong export projects [--format csv|xlsx] [--out PATH]
 * [--state S] [--year Y] [--division CODE]`: the list of the web UI's
 * export, for a clerk's script or an archive. Runs as the command line
 * (every row; audited "project.export" like an export from the UI).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/export.h"
#include "base/sheet.h"
#include "cli/cli.h"
#include "domain/project.h"

static const char export_usage[] =
    "usage: shegong export projects [--format csv|xlsx] [--out PATH] [--state STATE]\n"
    "                               [--year YEAR] [--division CODE]\n"
    "  writes to standard output without --out\n";

static int export_projects(struct cli_common *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"format", required_argument, NULL, 'F'},
	    {"out", required_argument, NULL, 'o'},
	    {"state", required_argument, NULL, 's'},
	    {"year", required_argument, NULL, 'y'},
	    {"division", required_argument, NULL, 'v'},
	    {0},
	};
	struct project_filter f = {0};
	const char *format_name = "csv", *out_path = NULL;
	int opt;
	sg_ctx ctx;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		case 'F':
			format_name = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 's':
			f.state = optarg;
			break;
		case 'y':
			f.year = (int)strtol(optarg, NULL, 10);
			break;
		case 'v':
			f.division = optarg;
			break;
		default:
			fputs(export_usage, stderr);
			return 2;
		}
	}
	int format = sheet_format_from_name(format_name);
	if (optind != argc || format < 0) {
		fputs(export_usage, stderr);
		return 2;
	}
	if (cli_open(c, &ctx, false, true))
		return 1;
	json_t *rows = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	int rc = project_export(&ctx, &f, &rows);
	if (!rc)
		rc = export_render(format, "购买服务项目", project_export_columns,
				   project_export_columns_count, rows, &data, &len, &ctx.err);
	if (!rc) {
		FILE *out = out_path ? fopen(out_path, "wb") : stdout;
		if (!out || fwrite(data, 1, len, out) != len || (out_path && fclose(out) != 0)) {
			fprintf(stderr, "shegong: cannot write %s\n",
				out_path ? out_path : "stdout");
			rc = SG_EINTERNAL;
		} else {
			fprintf(stderr, "projects: %zu exported\n", json_array_size(rows));
		}
	} else {
		cli_print_error(&ctx.err);
	}
	free(data);
	json_decref(rows);
	cli_close(&ctx);
	return rc ? 1 : 0;
}

int cmd_export(int argc, char **argv)
{
	struct cli_common c;
	cli_common_defaults(&c);
	if (argc >= 2 && strcmp(argv[1], "projects") == 0)
		return export_projects(&c, argc - 1, argv + 1);
	fputs(export_usage, stderr);
	return 2;
}
