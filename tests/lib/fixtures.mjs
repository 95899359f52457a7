// tests/lib/fixtures.mjs — users and passwords the API tests create.

import assert from 'node:assert/strict';

/** A scope that fits each role (API-CONTRACT: Users). */
export const SCOPE_FOR = {
	admin: {},
	audit_admin: {},
	civil_affairs: { divisions: ['500110'] },
	township: { divisions: ['500110001'] },
	provider: { orgs: [3] },
	evaluator: { orgs: [4] },
	social_worker: { stations: [7] },
	mentor: { stations: [7, 8] },
};
export const ROLES = Object.keys(SCOPE_FOR);

let n = 0;
/** A password no list contains: 20+ characters, unique per call. The tag
 * must not be a user name (R-AUTH-1 refuses passwords containing it). */
export function strongPassword(tag = 'pw') {
	n += 1;
	return `Tst-${tag}-${process.pid}-${n}-${Math.random().toString(36).slice(2, 10)}-长城`;
}

/**
 * POST /api/v1/users as `admin` and return {user, password}. Throws unless 201.
 */
export async function createUser(admin, username, { role = 'civil_affairs', scope, password, display_name } = {}) {
	const pw = password ?? strongPassword();
	const body = {
		username,
		display_name: display_name ?? `测试 ${username}`,
		role,
		password: pw,
	};
	const sc = scope ?? SCOPE_FOR[role];
	if (sc && Object.keys(sc).length) body.scope = sc;
	const res = await admin.post('/api/v1/users', body);
	assert.equal(res.status, 201, `create ${username}: ${res.status} ${res.text}`);
	return { user: res.json, password: pw };
}
