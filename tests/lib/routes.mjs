// tests/lib/routes.mjs — the route table and the permission table as the
// server itself prints them (`shegong routes`, src/cli/routes.c):
//
//   {routes:[{method, pattern, permission, summary}],
//    permissions:[{name, zh, roles:[…]}], roles:[{value, zh, en}]}
//
// "public" needs no sign-in, "signed_in" any account (an account without a
// role included); every other permission is held by the roles listed.

import { spawnSync } from 'node:child_process';
import { BIN } from './server.mjs';

let cached;

/** The parsed output of `shegong routes` (read once per process). */
export function routeTable() {
	if (!cached) {
		const r = spawnSync(BIN, ['routes'], { encoding: 'utf8', timeout: 20000 });
		if (r.status !== 0) throw new Error(`${BIN} routes failed (exit ${r.status}): ${r.stderr}`);
		cached = JSON.parse(r.stdout);
	}
	return cached;
}

/** Whether role (a role name, or null: an account without a role) holds
 * permission name. */
export function roleHas(role, name, table = routeTable()) {
	if (name === 'public' || name === 'signed_in') return true;
	if (role === null || role === undefined) return false;
	const p = table.permissions.find((x) => x.name === name);
	if (!p) throw new Error(`unknown permission ${name}`);
	return p.roles.includes(role);
}

/** The permissions GET /api/v1/me lists for role: every one it holds
 * besides "public" and "signed_in", in table order. */
export function permissionsOf(role, table = routeTable()) {
	return table.permissions.filter((p) => p.name !== 'public' && p.name !== 'signed_in' && roleHas(role, p.name, table)).map((p) => p.name);
}

/** A pattern with its {name} parameters filled from values (by name). */
export function fillPath(pattern, values) {
	return pattern.replace(/\{(\w+)\}/g, (_, k) => {
		if (!(k in values)) throw new Error(`no value for {${k}} in ${pattern}`);
		return encodeURIComponent(String(values[k]));
	});
}

/** "METHOD pattern", the key tests use for a route. */
export const routeKey = (r) => `${r.method} ${r.pattern}`;
