// tests/lib/fixtures.mjs — users and passwords the API tests create.

import assert from 'node:assert/strict';
import { login } from './server.mjs';

/** A scope that fits each role (API-CONTRACT: Users). */
export const SCOPE_FOR = {
	admin: {},
	security_admin: {},
	audit_admin: {},
	civil_affairs: { divisions: ['500110'] },
	township: { divisions: ['500110001'] },
	provider: { orgs: [3] },
	evaluator: { orgs: [4] },
	social_worker: { stations: [7] },
	mentor: { stations: [7, 8] },
};
export const ROLES = Object.keys(SCOPE_FOR);
/** The three officers of 三员分立: their accounts are the command line's. */
export const OFFICERS = ['admin', 'security_admin', 'audit_admin'];

/** The organisation and station ids the API tests name in scopes
 * (SCOPE_FOR, and a few tests' own): seedScopeObjects() makes them exist. */
export const SEED_ORGS = [3, 4, 9];
export const SEED_STATIONS = [7, 8];

/**
 * Make the organisations and stations of SEED_ORGS / SEED_STATIONS exist on a
 * test server's database (srv.sql: sqlite3 or psql), so that scopes naming
 * them are accepted (R-ROLE-1: a scope names only existing organisations and
 * stations). Plain INSERTs with explicit ids, each a no-op when the row is
 * there: the divisions they sit in are those of tests/fixtures/divisions
 * (11 北京市 › 1101 › 110101 东城区, same names and levels), so a later
 * `import divisions` finds them unchanged. Stations are 'planned' county
 * centres, never working. On PostgreSQL the identity sequences are moved past
 * the ids so that later API inserts do not collide.
 */
export async function seedScopeObjects(srv) {
	const pg = srv.backend === 'postgres';
	const orgs = SEED_ORGS.map((id) => `(${id}, 'social_org', '测试机构 ${id}', 'TESTSEEDORG${id}', '110101', 0, 0)`);
	const stations = SEED_STATIONS.map((id) => `(${id}, '110101', 'county', '测试中心 ${id}', 'planned', 'self_operated', 0, 0, 0)`);
	const text = [
		// sqlite3 has no busy timeout by default; the server may be writing
		pg ? '' : 'PRAGMA busy_timeout = 10000;',
		"INSERT INTO divisions (code, name, level, parent_code) VALUES ('11', '北京市', 0, NULL) ON CONFLICT DO NOTHING;",
		"INSERT INTO divisions (code, name, level, parent_code) VALUES ('1101', '市辖区', 1, '11') ON CONFLICT DO NOTHING;",
		"INSERT INTO divisions (code, name, level, parent_code) VALUES ('110101', '东城区', 2, '1101') ON CONFLICT DO NOTHING;",
		`INSERT INTO orgs (id, type, name, uscc, division_code, created_at, updated_at) VALUES ${orgs.join(', ')} ON CONFLICT DO NOTHING;`,
		`INSERT INTO stations (id, division_code, tier, name, status, operation, working, created_at, updated_at) VALUES ${stations.join(', ')} ON CONFLICT DO NOTHING;`,
		pg ? "SELECT setval(pg_get_serial_sequence('orgs', 'id'), (SELECT MAX(id) FROM orgs));" : '',
		pg ? "SELECT setval(pg_get_serial_sequence('stations', 'id'), (SELECT MAX(id) FROM stations));" : '',
	].join('\n');
	const r = await srv.sql(text);
	assert.equal(r.code, 0, `seedScopeObjects: ${r.stderr}`);
}

/** Whether a scope names organisations or stations. */
const namesObjects = (sc) => Boolean(sc?.orgs?.length || sc?.stations?.length);

let n = 0;
/** A password no list contains: 20+ characters, unique per call. The tag
 * must not be a user name (R-AUTH-1 refuses passwords containing it). */
export function strongPassword(tag = 'pw') {
	n += 1;
	return `Tst-${tag}-${process.pid}-${n}-${Math.random().toString(36).slice(2, 10)}-长城`;
}

/** The security administrator of a test server (made by init), signed in
 * once per server. */
const securityAdmins = new WeakMap();
export async function securityAdmin(srv) {
	let a = securityAdmins.get(srv);
	if (!a) {
		assert.ok(srv.passwords?.secadmin, 'the server has no secadmin password (init output)');
		a = login(srv, 'secadmin', srv.passwords.secadmin);
		securityAdmins.set(srv, a);
	}
	return a;
}

/**
 * An account with a role, made as the system would (三员分立): POST
 * /api/v1/users as `admin` (no role), then PUT /api/v1/users/{id}/role as
 * the server's security administrator. An officer's role (admin,
 * security_admin, audit_admin) is given only by the command line, so those
 * accounts are made with `shegong user add`. Returns {user, password};
 * throws unless each step succeeds. When no scope is given and the role's
 * default scope (SCOPE_FOR) names organisations or stations, they are made
 * to exist first (seedScopeObjects) on admin's server; an explicit scope is
 * sent as is. role null: an account without a role.
 */
export async function createUser(admin, username, { role = 'civil_affairs', scope, password, display_name } = {}) {
	const pw = password ?? strongPassword();
	const dn = display_name ?? `测试 ${username}`;
	const srv = admin.srv;
	if (OFFICERS.includes(role)) {
		const r = await srv.cli(['user', 'add', username, '--role', role, '--display-name', dn], { input: `${pw}\n` });
		assert.equal(r.code, 0, `user add ${username}: ${r.stderr}`);
		const found = await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}`);
		const user = found.json?.items?.find((u) => u.username === username);
		assert.ok(user, `user ${username} made by the CLI is not listed: ${found.status} ${found.text}`);
		return { user, password: pw };
	}
	const res = await admin.post('/api/v1/users', { username, display_name: dn, password: pw });
	assert.equal(res.status, 201, `create ${username}: ${res.status} ${res.text}`);
	if (role === null) return { user: res.json, password: pw };
	const sc = scope ?? SCOPE_FOR[role];
	if (scope === undefined && namesObjects(sc) && typeof srv?.sql === 'function') await seedScopeObjects(srv);
	const body = { role };
	if (sc && Object.keys(sc).length) body.scope = sc;
	const sec = await securityAdmin(srv);
	const assigned = await sec.put(`/api/v1/users/${res.json.id}/role`, body);
	assert.equal(assigned.status, 200, `assign ${role} to ${username}: ${assigned.status} ${assigned.text}`);
	return { user: assigned.json, password: pw };
}
