/*
 * backup.c — `shegong backup PATH` and `shegong restore PATH` (R-OPS-1),
 * each followed by a check of the audit chain of what was written.
 *
 * backup runs while servers keep serving. restore replaces the database's
 * contents: stop the servers first; it refuses a database that has accounts
 * unless --force is given.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/audit.h"
#include "domain/user.h"
#include "store/migrate.h"

static int parse(int argc, char **argv, struct cli_common *c, bool *force, const char *usage,
		 const char **path)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"force", no_argument, NULL, 'f'},
	    {0},
	};
	int opt;
	cli_common_defaults(c);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		case 'f':
			if (force) {
				*force = true;
				break;
			}
			/* fall through */
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return 2;
	}
	*path = argv[optind];
	return 0;
}

/* Prints the verdict on d's chain; 0 when intact. */
static int report_chain(db *d, const char *what)
{
	struct audit_verify_result res;
	if (audit_verify(d, &res) != 0) {
		fprintf(stderr, "shegong: the audit log of the %s could not be read\n", what);
		return 1;
	}
	if (res.bad_id) {
		printf("%s: audit chain broken at entry %lld: %s\n", what, (long long)res.bad_id,
		       res.reason);
		return 1;
	}
	printf("%s: audit chain ok: %lld entries\n", what, (long long)res.count);
	return 0;
}

int cmd_backup(int argc, char **argv)
{
	static const char usage[] = "usage: shegong backup PATH [--db PATH|URL]\n";
	struct cli_common c;
	const char *path;
	sg_ctx ctx;
	int rc = parse(argc, argv, &c, NULL, usage, &path);

	if (rc)
		return rc;
	if (cli_open(&c, &ctx, false, true))
		return 1;
	if (db_backup(ctx.db, path, &ctx.err) != 0) {
		cli_print_error(&ctx.err);
		cli_close(&ctx);
		return 1;
	}
	printf("backup written to %s\n", path);
	if (db_is_url(c.db)) {
		/* A dump cannot be opened in place: check the database it came
		 * from; `restore` checks the copy. */
		rc = report_chain(ctx.db, "database");
		cli_close(&ctx);
		return rc;
	}
	cli_close(&ctx);
	struct cli_common copy = {.db = path};
	if (cli_open(&copy, &ctx, false, true))
		return 1;
	rc = report_chain(ctx.db, "backup");
	cli_close(&ctx);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	static const char usage[] = "usage: shegong restore PATH [--db PATH|URL] [--force]\n";
	struct cli_common c;
	const char *path;
	bool force = false;
	int64_t users = 0;
	sg_ctx ctx;
	int rc = parse(argc, argv, &c, &force, usage, &path);

	if (rc)
		return rc;
	if (cli_open(&c, &ctx, !db_is_url(c.db), false))
		return 1;
	/* A database that is not (yet) a shegong database has no accounts. */
	if (!force && migrate_check(ctx.db, &ctx.err) == 0 && user_count(&ctx, &users) == 0 &&
	    users > 0) {
		fprintf(stderr,
			"shegong: the database already has %lld accounts: stop the servers "
			"and give --force to replace it\n",
			(long long)users);
		cli_close(&ctx);
		return 1;
	}
	if (db_restore(ctx.db, path, &ctx.err) != 0) {
		cli_print_error(&ctx.err);
		cli_close(&ctx);
		return 1;
	}
	cli_close(&ctx);
	if (cli_open(&c, &ctx, false, true))
		return 1;
	printf("restored from %s\n", path);
	rc = report_chain(ctx.db, "database");
	cli_close(&ctx);
	return rc;
}
