/*
 * routes.c (cli) — `shegong routes`: the route table and the permission
 * table as JSON, for operators reviewing who may do what and for the tests
 * that are generated from them (tests/api/scope-matrix.test.mjs,
 * tests/api/openapi.test.mjs):
 *
 *   {routes:[{method, pattern, permission, summary}],
 *    permissions:[{name, zh, roles:[…]}], roles:[{value, zh, en}]}
 *
 * permission "public" needs no sign-in, "signed_in" any account.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/jsonmem.h"
#include "cli/cli.h"
#include "domain/role.h"
#include "http/router.h"

int cmd_routes(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs("usage: shegong routes\n", stderr);
		return 2;
	}
	json_t *routes = json_array(), *perms = json_array();
	for (size_t i = 0; i < route_count(); i++) {
		const struct route *r = route_at(i);
		json_array_append_new(routes, json_pack("{s:s,s:s,s:s,s:s}", "method",
							http_method_name(r->method), "pattern",
							r->pattern, "permission",
							perm_name(r->perm), "summary", r->summary));
	}
	for (int p = PERM_PUBLIC; p < PERM__MAX; p++) {
		json_t *holders = json_array();
		for (int role = 0; role < ROLE__MAX; role++)
			if (role != ROLE_SYSTEM && role_has(role, (enum perm)p))
				json_array_append_new(holders, json_string(role_name(role)));
		json_array_append_new(
		    perms, json_pack("{s:s,s:s,s:o}", "name", perm_name((enum perm)p), "zh",
				     perm_name_zh((enum perm)p), "roles", holders));
	}
	json_t *all = json_pack("{s:o,s:o,s:o}", "routes", routes, "permissions", perms, "roles",
				role_enum());
	char *text = json_dumps(all, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(all);
	if (!text)
		return 1;
	puts(text);
	jsonmem_free(text);
	return 0;
}
