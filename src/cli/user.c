/*
 * user.c (cli) — `shegong user add|passwd|disable|enable|list`. Passwords are read
 * from standard input, never from an argument (arguments are visible to
 * every local user in /proc).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "domain/user.h"

static const char user_usage[] =
    "usage: shegong user add NAME --role ROLE [--display-name TEXT] [--division CODE]...\n"
    "                        [--org ID] [--station ID]...   (password on standard input)\n"
    "       shegong user passwd NAME                        (password on standard input)\n"
    "       shegong user disable NAME | shegong user enable NAME\n"
    "       shegong user unlock NAME                        (forget its failed logins)\n"
    "       shegong user list\n";

enum { SECRET_MAX = 1100 };

static int read_password(char *pw, long *len)
{
	*len = cli_read_secret(pw, SECRET_MAX);
	if (*len <= 0) {
		fputs("shegong: expected the password on standard input\n", stderr);
		return 1;
	}
	return 0;
}

static int add_id(json_t *scope, const char *key, const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return -1;
	json_array_append_new(json_object_get(scope, key), json_integer(v));
	return 0;
}

static int user_add(struct cli_common *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {"role", required_argument, NULL, 'r'},
	    {"display-name", required_argument, NULL, 'n'},
	    {"division", required_argument, NULL, 'v'},
	    {"org", required_argument, NULL, 'o'},
	    {"station", required_argument, NULL, 's'},
	    {0},
	};
	json_t *scope = json_pack("{s:[],s:[],s:[]}", "divisions", "orgs", "stations");
	const char *role = NULL, *display = NULL;
	int opt, status = 2;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		case 'r':
			role = optarg;
			break;
		case 'n':
			display = optarg;
			break;
		case 'v':
			json_array_append_new(json_object_get(scope, "divisions"),
					      json_string(optarg));
			break;
		case 'o':
		case 's':
			if (add_id(scope, opt == 'o' ? "orgs" : "stations", optarg)) {
				fprintf(stderr, "shegong: --%s needs a positive number\n",
					opt == 'o' ? "org" : "station");
				goto done;
			}
			break;
		default:
			fputs(user_usage, stderr);
			goto done;
		}
	}
	if (optind != argc - 1 || !role) {
		fputs(user_usage, stderr);
		goto done;
	}
	const char *name = argv[optind];
	struct user_new u = {.username = name,
			     .display_name = display ? display : name,
			     .role = role_from_name(role),
			     .scope = scope};
	if (u.role < 0) {
		fprintf(stderr, "shegong: unknown role (admin, security_admin, audit_admin, "
				"civil_affairs, township, "
				"provider, social_worker, mentor, evaluator)\n");
		goto done;
	}
	char pw[SECRET_MAX];
	long len;
	sg_ctx ctx;
	status = 1;
	if (read_password(pw, &len))
		goto done;
	u.password = pw;
	u.password_len = (size_t)len;
	if (cli_open(c, &ctx, false, true) == 0) {
		if (user_create(&ctx, &u, NULL) == 0) {
			printf("created user %s (%s)\n", name, role_name_zh(u.role));
			status = 0;
		} else {
			cli_print_error(&ctx.err);
		}
		cli_close(&ctx);
	}
	mem_wipe(pw, sizeof pw);
done:
	json_decref(scope);
	return status;
}

enum one_op { OP_PASSWD, OP_DISABLE, OP_ENABLE, OP_UNLOCK };

/* passwd, disable, enable, unlock: one user by name. */
static int user_one(struct cli_common *c, int argc, char **argv, enum one_op op)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	char pw[SECRET_MAX];
	long len = 0;
	int64_t id;
	int opt, rc;
	sg_ctx ctx;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		default:
			fputs(user_usage, stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fputs(user_usage, stderr);
		return 2;
	}
	bool passwd = op == OP_PASSWD;
	if (passwd && read_password(pw, &len))
		return 1;
	if (cli_open(c, &ctx, false, true))
		return 1;
	rc = user_find(&ctx, argv[optind], &id);
	if (!rc && passwd) {
		rc = user_reset_password(&ctx, id, pw, (size_t)len);
	} else if (!rc && op == OP_UNLOCK) {
		rc = user_unlock(&ctx, id);
	} else if (!rc) {
		json_t *out = NULL;
		struct user_patch p = {.disabled = op == OP_DISABLE};
		rc = user_update(&ctx, id, &p, &out);
		json_decref(out);
	}
	mem_wipe(pw, sizeof pw);
	if (rc)
		cli_print_error(&ctx.err);
	else
		printf(op == OP_PASSWD	  ? "password of %s changed; their sessions ended\n"
		       : op == OP_DISABLE ? "user %s disabled; their sessions ended\n"
		       : op == OP_UNLOCK  ? "user %s unlocked: failed logins forgotten\n"
					  : "user %s enabled\n",
		       argv[optind]);
	cli_close(&ctx);
	return rc ? 1 : 0;
}

static int user_list_cmd(struct cli_common *c, int argc, char **argv)
{
	static const struct option opts[] = {
	    CLI_COMMON_OPTIONS,
	    {0},
	};
	int64_t cursor = 0;
	int opt, rc = 0;
	sg_ctx ctx;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(c, opt, optarg))
			continue;
		switch (opt) {
		default:
			fputs(user_usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(user_usage, stderr);
		return 2;
	}
	if (cli_open(c, &ctx, false, true))
		return 1;
	printf("%-6s %-24s %-14s %-9s %s\n", "ID", "USERNAME", "ROLE", "STATUS", "NAME");
	do {
		json_t *pg = NULL, *u;
		size_t i;
		rc = user_list(&ctx, NULL, -1, cursor, 200, &pg);
		if (rc)
			break;
		json_array_foreach(json_object_get(pg, "items"), i, u)
		{
			printf("%-6lld %-24s %-14s %-9s %s\n",
			       (long long)json_integer_value(json_object_get(u, "id")),
			       json_string_value(json_object_get(u, "username")),
			       json_is_string(json_object_get(u, "role"))
				   ? json_string_value(json_object_get(u, "role"))
				   : "-",
			       json_is_true(json_object_get(u, "disabled")) ? "disabled" : "active",
			       json_string_value(json_object_get(u, "display_name")));
		}
		const char *next = json_string_value(json_object_get(pg, "next_cursor"));
		cursor = next ? strtoll(next, NULL, 10) : 0;
		json_decref(pg);
	} while (cursor);
	if (rc)
		cli_print_error(&ctx.err);
	cli_close(&ctx);
	return rc ? 1 : 0;
}

int cmd_user(int argc, char **argv)
{
	struct cli_common c;
	cli_common_defaults(&c);
	if (argc < 2) {
		fputs(user_usage, stderr);
		return 2;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		return user_add(&c, argc - 1, argv + 1);
	if (strcmp(sub, "passwd") == 0)
		return user_one(&c, argc - 1, argv + 1, OP_PASSWD);
	if (strcmp(sub, "disable") == 0)
		return user_one(&c, argc - 1, argv + 1, OP_DISABLE);
	if (strcmp(sub, "enable") == 0)
		return user_one(&c, argc - 1, argv + 1, OP_ENABLE);
	if (strcmp(sub, "unlock") == 0)
		return user_one(&c, argc - 1, argv + 1, OP_UNLOCK);
	if (strcmp(sub, "list") == 0)
		return user_list_cmd(&c, argc - 1, argv + 1);
	fputs(user_usage, stderr);
	return 2;
}
