/* common.c — what the subcommands share: options, opening the database,
 * printing errors, reading secrets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "store/migrate.h"

void cli_common_defaults(struct cli_common *c)
{
	const char *path = getenv("SHEGONG_DB"), *key = getenv("SHEGONG_KEY_FILE");
	c->db = path && *path ? path : "shegong.db";
	c->key_file = key && *key ? key : NULL;
}

bool cli_common_option(struct cli_common *c, int opt, const char *arg)
{
	if (opt == 'd')
		c->db = arg;
	else if (opt == 'k')
		c->key_file = arg;
	else
		return false;
	return true;
}

char *cli_key_path(const struct cli_common *c)
{
	if (c->key_file)
		return xstrdup(c->key_file);
	if (db_is_url(c->db))
		return xstrdup("shegong.key"); /* no file to sit beside */
	return xconcat(c->db, ".key", NULL);
}

void cli_print_error(const sg_err *err)
{
	if (err->field[0])
		fprintf(stderr, "shegong: %s: %s (%s)\n", err->field, err->msg, err->msg_en);
	else
		fprintf(stderr, "shegong: %s (%s)\n", err->msg, err->msg_en);
}

int cli_open(const struct cli_common *c, sg_ctx *ctx, bool create, bool check)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->arena = arena_new();
	ctx->now = clock_now_ms();
	ctx->actor =
	    (sg_actor){.user_id = 0, .username = "system", .role = ROLE_SYSTEM, .ip = "local"};
	if (db_open(&ctx->db, c->db, create, &ctx->err) != 0 ||
	    (check && migrate_check(ctx->db, &ctx->err) != 0)) {
		cli_print_error(&ctx->err);
		cli_close(ctx);
		return 1;
	}
	return 0;
}

void cli_close(sg_ctx *ctx)
{
	db_close(ctx->db);
	json_decref(ctx->err_extra);
	arena_free(ctx->arena);
	ctx->db = NULL;
	ctx->arena = NULL;
}

long cli_read_secret(char *buf, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;

	if (tty) {
		fputs("Password (not shown): ", stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!got)
		return -1;
	size_t n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (n == cap - 1)
		return -1; /* longer than any password we accept */
	if (n && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return (long)n;
}
