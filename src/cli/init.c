/*
 * init.c — `shegong init`: create or upgrade the database, create the key
 * file, and create the first administrator with a generated password
 * printed once (there is no default password; 等保 8.1.4.2). The national
 * holidays are imported when the chinese-days package is installed
 * (import.c), on a new database and on an upgrade alike.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/crypto.h"
#include "base/keyfile.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "domain/audit.h"
#include "domain/division.h"
#include "domain/keys.h"
#include "domain/role.h"
#include "domain/user.h"
#include "store/migrate.h"

/* A password of 20 characters from 120 random bits. */
static int generate_password(char out[21])
{
	unsigned char r[15];
	char b64[21];
	int rc = crypto_random(r, sizeof r);
	base64url_encode(r, sizeof r, b64);
	memcpy(out, b64, 21);
	mem_wipe(r, sizeof r);
	return rc;
}

int cli_create_account(sg_ctx *ctx, const char *username, const char *display, int role,
		       const json_t *scope)
{
	char pw[21];
	struct user_new u = {.username = username,
			     .display_name = display,
			     .role = role,
			     .scope = scope,
			     .password = pw,
			     .password_len = 20};
	if (generate_password(pw) != 0)
		return SG_EINTERNAL;
	int rc = user_create(ctx, &u, NULL);
	if (!rc)
		printf("username: %s\npassword: %s\n", username, pw);
	mem_wipe(pw, sizeof pw);
	return rc;
}

int cli_create_officers(sg_ctx *ctx)
{
	/* Separation of duties (三员分立): three accounts, none of which can
	 * do another's work (domain/role.h). */
	int rc = cli_create_account(ctx, "admin", "系统管理员", ROLE_ADMIN, NULL);
	if (!rc)
		rc = cli_create_account(ctx, "secadmin", "安全管理员", ROLE_SECURITY_ADMIN, NULL);
	if (!rc)
		rc = cli_create_account(ctx, "auditor", "审计管理员", ROLE_AUDIT_ADMIN, NULL);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"demo", no_argument, NULL, 'D'},
	    {"audit-digest", required_argument, NULL, 'a'},
	    {"pii-cipher", required_argument, NULL, 'p'},
	    {0},
	};
	struct cli_common c;
	const char *digest = "sm3", *cipher = NULL;
	bool demo = false, key_created = false;
	int64_t users = 0;
	int applied = 0, opt, rc;
	sg_ctx ctx;

	cli_common_defaults(&c);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&c, opt, optarg))
			continue;
		switch (opt) {
		case 'D':
			demo = true;
			break;
		case 'a':
			digest = optarg;
			break;
		case 'p':
			cipher = optarg;
			break;
		default:
			fputs("usage: shegong init [--demo] [--audit-digest sm3|sha256] "
			      "[--pii-cipher sm4-gcm|aes-256-gcm] [--db PATH] [--key-file PATH]\n",
			      stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs("usage: shegong init [--demo] [--audit-digest sm3|sha256] "
		      "[--pii-cipher sm4-gcm|aes-256-gcm]\n",
		      stderr);
		return 2;
	}
	char *key_file = cli_key_path(&c);
	if (cli_open(&c, &ctx, true, false)) {
		free(key_file);
		return 1;
	}
	int64_t version = 0;
	rc = migrate_current(ctx.db, &version);
	if (!rc && version > 0 && access(key_file, F_OK) != 0) {
		/* A new key would make the existing encrypted fields unreadable. */
		rc = sg_err_set(&ctx.err, SG_ECONFLICT, "key_file", NULL,
				"数据库已存在但找不到其密钥文件：请从备份恢复密钥文件",
				"the database exists but its key file is missing: restore the key "
				"file from your backup");
	}
	if (!rc)
		rc = keyfile_ensure(key_file, &key_created, &ctx.err);
	if (!rc)
		rc = migrate_up(ctx.db, &applied, &ctx.err);
	if (!rc)
		rc = user_count(&ctx, &users);
	if (!rc && users == 0) {
		rc = audit_set_digest(ctx.db, digest, &ctx.err);
		if (!rc)
			rc = keys_set_cipher(ctx.db, cipher ? cipher : "sm4-gcm", &ctx.err);
		if (!rc)
			rc = keys_open(ctx.db, key_file, &ctx.err);
		if (!rc)
			rc = cli_create_officers(&ctx);
		if (!rc)
			rc = cli_import_holidays_installed(&ctx);
		if (!rc && demo)
			rc = demo_create(&ctx);
		if (!rc)
			printf("Keep these passwords: they are shown only once.\n");
	} else if (!rc) {
		/* An existing database keeps its cipher once values are encrypted
		 * under it: say so rather than ignore the option. */
		if (cipher)
			rc = keys_set_cipher(ctx.db, cipher, &ctx.err);
		/* An upgrade, or a newer package: the import changes what the
		 * package changed, and only that. */
		if (!rc)
			rc = cli_import_holidays_installed(&ctx);
	}
	if (rc) {
		if (!ctx.err.msg[0])
			sg_err_set(&ctx.err, rc, NULL, NULL, "初始化失败", "initialisation failed");
		cli_print_error(&ctx.err);
	} else {
		fprintf(stderr,
			"shegong: database %s ready (schema %d, %d migration%s applied)%s\n",
			db_is_url(c.db) ? "(PostgreSQL)" : c.db, migrate_latest(), applied,
			applied == 1 ? "" : "s", key_created ? "; key file created" : "");
	}
	free(key_file);
	cli_close(&ctx);
	return rc ? 1 : 0;
}
