/*
 * main.c — `shegong`: one binary for the server, set-up and operations
 * (R-OPS-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/jsonmem.h"
#include "base/keyfile.h"
#include "base/log.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "store/migrate.h"

static const char usage[] =
    "usage: shegong <command> [options]\n"
    "\n"
    "commands:\n"
    "  init [--demo] [--audit-digest sm3|sha256] [--pii-cipher sm4-gcm|aes-256-gcm]\n"
    "                                              create or upgrade the database\n"
    "  serve [--listen ADDR:PORT] [--threads N]    serve the web UI and the API\n"
    "  user add NAME --role ROLE [--display-name TEXT] [--division CODE]...\n"
    "                [--org ID] [--station ID]...  (password on standard input)\n"
    "  user passwd|disable|enable|unlock NAME | user list\n"
    "  verify                                      check the audit log's hash chain\n"
    "  backup PATH                                 online copy of the database, then verify it\n"
    "  restore PATH [--force]                      replace the database with a copy, then verify\n"
    "  import divisions [--province CODE[,CODE...]] [--from DIR]\n"
    "                                              load the administrative divisions (R-DIV-1)\n"
    "  export projects [--format csv|xlsx] [--out PATH] [--state S] [--year Y] [--division CODE]\n"
    "                                              the projects list, as the web UI exports it\n"
    "  import holidays [PATH]                      load the national holidays and make-up\n"
    "                                              working days (chinese-days)\n"
    "  routes                                      the route and permission tables as JSON\n"
    "  version | help\n"
    "\n"
    "common options (or environment):\n"
    "  --db PATH|URL      SHEGONG_DB        SQLite file (default shegong.db) or\n"
    "                                       postgres://user@host:port/dbname\n"
    "  --key-file PATH    SHEGONG_KEY_FILE  key file (default <db>.key, or shegong.key)\n"
    "  --listen ADDR:PORT SHEGONG_LISTEN    (serve; default 127.0.0.1:8080)\n";

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
    {"init", cmd_init},	    {"serve", cmd_serve},   {"user", cmd_user},
    {"verify", cmd_verify}, {"backup", cmd_backup}, {"restore", cmd_restore},
    {"import", cmd_import}, {"routes", cmd_routes}, {"export", cmd_export},
};

int main(int argc, char **argv)
{
	/* The database, its WAL and the key file hold personal data: nobody
	 * but the service account reads them. */
	umask(077);
	jsonmem_init();
	clock_init();
	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("shegong %s (schema %d)\n", SG_VERSION, migrate_latest());
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "shegong: unknown command '%s'\n\n%s", argv[1], usage);
	return 2;
}
