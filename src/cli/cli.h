/*
 * cli.h — the `shegong` subcommands. Each returns the process exit status:
 * 0 success, 1 failure, 2 wrong usage.
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include <jansson.h>

#include "domain/ctx.h"

/* Options every subcommand shares, from flags or the environment. */
struct cli_common {
	const char *db;	      /* --db, SHEGONG_DB, default "shegong.db" */
	const char *key_file; /* --key-file, SHEGONG_KEY_FILE, default <db>.key */
};

int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_export(int argc, char **argv);

/* The options every subcommand takes, for its getopt_long table. */
// clang-format off
#define CLI_COMMON_OPTIONS \
	{"db", required_argument, NULL, 'd'}, {"key-file", required_argument, NULL, 'k'}
// clang-format on
/* Takes one of the common options; false when opt is another. */
bool cli_common_option(struct cli_common *c, int opt, const char *arg);

/* Fills defaults from the environment. */
void cli_common_defaults(struct cli_common *c);
/* Opens the database for a command run by the operator: ctx acts as the
 * local system administrator. Prints the error and returns non-zero on
 * failure; with check, also refuses a schema that needs `init`. */
int cli_open(const struct cli_common *c, sg_ctx *ctx, bool create, bool check);
void cli_close(sg_ctx *ctx);
/* The key file's path: --key-file, or the database's path + ".key".
 * Caller frees. */
char *cli_key_path(const struct cli_common *c);
/* Prints err to stderr as "shegong: <zh> (<en>)". */
void cli_print_error(const sg_err *err);
/* Reads one line (without the newline) from stdin into buf; the
 * number of bytes, or -1. */
long cli_read_secret(char *buf, size_t cap);
/* Creates an account with a generated password and prints both once
 * (init.c). */
int cli_create_account(sg_ctx *ctx, const char *username, const char *display, int role,
		       const json_t *scope);
/* The three officers' accounts of a new database (三员分立): admin,
 * secadmin and auditor, each printed once (init.c). */
int cli_create_officers(sg_ctx *ctx);
/* The national holidays of the chinese-days package (`init`), when it is
 * installed ($SHEGONG_HOLIDAYS_DIR or HOLIDAYS_DIR_DEFAULT); a note on
 * stderr when it is not (import.c). */
int cli_import_holidays_installed(sg_ctx *ctx);
/* The demo accounts and data of `shegong init --demo` (demo.c). */
int demo_create(sg_ctx *ctx);
/* The id of demo organisation key ("qj_bureau"), 0 when it was not
 * made (its division was not imported). */
int64_t demo_org_id(const char *key);
/* Its purchases: plans, budgets, projects, tenders (demo_purchase.c). */
int demo_purchase(sg_ctx *ctx);
/* Its volunteers at 古南街道's station, paired with its social workers
 * (demo_volunteer.c); run after demo_purchase. */
int demo_volunteer(sg_ctx *ctx);
/* The id of demo volunteer key ("chen", "li", "zhang", "wang", "liu",
 * "zhao", "sun"), 0 when it was not made; valid in the process that ran
 * demo_volunteer. */
int64_t demo_volunteer_id(const char *key);

#endif
