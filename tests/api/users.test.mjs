// User administration. API-CONTRACT "Users": accounts are made, renamed,
// disabled and given passwords by the system administrator (account.manage);
// roles and scopes are assigned by the security administrator
// (account.assign, PUT /users/{id}/role); the three officers' accounts are
// the command line's (三员分立).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertUser, expectError, expectOk, normScope } from '../lib/check.mjs';
import { OFFICERS, ROLES, SCOPE_FOR, SEED_ORGS, SEED_STATIONS, createUser, securityAdmin, seedScopeObjects, strongPassword } from '../lib/fixtures.mjs';
import { fillPath, permissionsOf, roleHas, routeKey, routeTable } from '../lib/routes.mjs';
import { anon, login, startServer, tryLogin } from '../lib/server.mjs';

let srv;
let admin;
let adminId;
let sec; // the security administrator (init's secadmin)

before(async () => {
	srv = await startServer();
	admin = await login(srv, 'admin', srv.adminPassword);
	adminId = admin.user.id;
	sec = await securityAdmin(srv);
	// the organisations and stations the scopes below name exist (R-ROLE-1)
	await seedScopeObjects(srv);
});
after(() => srv?.stop());

async function getUser(id) {
	return expectOk(await admin.get(`/api/v1/users/${id}`));
}
/** An account without a role, made by the admin (POST /users). */
async function bare(username) {
	return (await createUser(admin, username, { role: null })).user;
}
async function findByName(username) {
	const list = expectOk(await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}&limit=200`));
	return list.items.find((u) => u.username === username);
}

describe('create', () => {
	for (const role of ROLES) {
		test(`POST /api/v1/users role=${role} scope=${JSON.stringify(SCOPE_FOR[role])} → 201 user`, async () => {
			const username = `r_${role}`;
			const { user } = await createUser(admin, username, { role, display_name: `角色 ${role}` });
			assertUser(user, {
				username,
				role,
				display_name: `角色 ${role}`,
				scope: SCOPE_FOR[role],
				disabled: false,
				last_login_at: null,
			});
			assert.deepEqual(await getUser(user.id), user, 'GET /users/{id} returns the same object');
		});
	}

	const badScopes = [
		['civil_affairs', undefined, 'no scope'],
		['civil_affairs', { divisions: [] }, 'empty divisions'],
		['civil_affairs', { divisions: ['50011'] }, 'a 5-digit code'],
		['civil_affairs', { divisions: ['5001100010001'] }, 'a 13-digit code'],
		['civil_affairs', { divisions: ['50a110'] }, 'a non-digit code'],
		['civil_affairs', { divisions: [500110] }, 'a number instead of a code string'],
		['civil_affairs', { orgs: [3] }, 'orgs for a division role'],
		['township', { divisions: ['500110'], stations: [7] }, 'divisions plus stations'],
		['provider', { orgs: [3, 4] }, 'two orgs'],
		['provider', { orgs: [] }, 'no org'],
		['evaluator', { divisions: ['500110'] }, 'divisions for an org role'],
		['social_worker', { stations: [] }, 'no station'],
		['mentor', { orgs: [3] }, 'orgs for a station role'],
		['mentor', { stations: ['seven'] }, 'a station id that is not a number'],
		['civil_affairs', { divisions: ['500110'], districts: ['x'] }, 'an unknown scope key'],
		['civil_affairs', 'everything', 'scope is not an object'],
	];
	for (const [role, scope, what] of badScopes) {
		test(`PUT /api/v1/users/{id}/role role=${role} with ${what} → 400 field scope; the account keeps no role`, async () => {
			const u = await bare(`bs_${Math.random().toString(36).slice(2, 10)}`);
			const body = { role };
			if (scope !== undefined) body.scope = scope;
			expectError(await sec.put(`/api/v1/users/${u.id}/role`, body), 400, 'invalid', /^scope(\.|$)/);
			assert.deepEqual(await getUser(u.id), u);
		});
	}

	test('POST /api/v1/users {username, display_name, password} → 201 an account without a role or scope', async () => {
		const res = await admin.post('/api/v1/users', { username: 'norole_u', display_name: '未分配', password: strongPassword() });
		const u = expectOk(res, 201);
		assertUser(u, { username: 'norole_u', role: null, scope: {}, disabled: false });
		assert.deepEqual(await getUser(u.id), u);
	});

	test('POST /api/v1/users with a scope → 400 field scope (an unknown field): the admin gives no scope', async () => {
		const body = { username: 'withscope_u', display_name: 'x', password: strongPassword(), scope: { divisions: ['500110'] } };
		expectError(await admin.post('/api/v1/users', body), 400, 'invalid', 'scope');
		assert.equal(await findByName('withscope_u'), undefined);
	});

	const badFields = [
		['username', { username: 'ab' }, 'a 2-character username'],
		['username', { username: 'a'.repeat(33) }, 'a 33-character username'],
		['username', { username: 'Upper_Case' }, 'upper case'],
		['username', { username: 'with space' }, 'a space'],
		['username', { username: '张三' }, 'CJK'],
		['username', { username: 'semi;colon' }, 'a semicolon'],
		['username', { username: undefined }, 'missing'],
		['role', { role: 'root' }, 'an unknown role'],
		['role', { role: 'civil_affairs' }, 'a role (unknown field: roles are assigned by PUT …/role)'],
		['role', { role: 'admin' }, 'an officer role'],
		['password', { password: 'short-pw-11' }, 'an 11-character password'],
		['password', { password: 'password1234' }, 'a common password'],
		['password', { password: undefined }, 'no password'],
		['display_name', { display_name: 7 }, 'a numeric display_name'],
		['id', { id: 1 }, 'an id'],
		['disabled', { disabled: 'no' }, 'disabled as a string'],
		['created_at', { created_at: '2020-01-01T00:00:00Z' }, 'created_at'],
	];
	for (const [field, patch, what] of badFields) {
		test(`POST /api/v1/users with ${what} → 400 field ${field}; not created`, async () => {
			const body = {
				username: `bf_${Math.random().toString(36).slice(2, 10)}`,
				display_name: '字段错误',
				password: strongPassword(),
				...patch,
			};
			for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
			expectError(await admin.post('/api/v1/users', body), 400, 'invalid', field);
			if (typeof body.username === 'string') assert.equal(await findByName(body.username), undefined);
		});
	}

	test('a password containing the user name, or a short group repeated → 400 field password', async () => {
		for (const [username, password] of [
			['wangxiaoming', 'My-wangxiaoming-2024!'],
			['rep_u', 'abcabcabcabcabc'],
			['rep_u2', '我爱你我爱你我爱你我爱你'],
		]) {
			expectError(
				await admin.post('/api/v1/users', { username, display_name: '弱密码', password }),
				400,
				'invalid',
				'password',
			);
			assert.equal(await findByName(username), undefined);
		}
	});

	test('a 32-character username with . - _ is accepted', async () => {
		const username = `a.b-c_${'x'.repeat(26)}`;
		assert.equal(username.length, 32);
		await createUser(admin, username, { role: null });
	});

	test('duplicate username → 409 conflict; the first user is unchanged', async () => {
		const { user } = await createUser(admin, 'dup_u', { role: 'evaluator', display_name: '第一个' });
		const r = await admin.post('/api/v1/users', {
			username: 'dup_u',
			display_name: '第二个',
			password: strongPassword(),
		});
		expectError(r, 409, 'conflict', 'username');
		assert.deepEqual(await getUser(user.id), user);
	});

	test('the created user can log in with the given password', async () => {
		const { user, password } = await createUser(admin, 'newbie_u', { role: 'mentor' });
		const a = await login(srv, 'newbie_u', password);
		const me = expectOk(await a.get('/api/v1/me'));
		assert.equal(me.user.id, user.id);
		assert.equal(me.user.role, 'mentor');
	});
});

describe('list', () => {
	test('q filter + pagination: 7 matching users, limit=3 → pages of 3, 3, 1, each user once, next_cursor null at the end', async () => {
		const made = [];
		for (let i = 1; i <= 7; i++) made.push((await createUser(admin, `pager_${i}`, { role: null })).user.id);
		await createUser(admin, 'other_name', { role: null });
		const seen = [];
		const sizes = [];
		let cursor = null;
		for (let page = 0; page < 10; page++) {
			const qs = `q=pager&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
			const r = expectOk(await admin.get(`/api/v1/users?${qs}`));
			assert.ok(Array.isArray(r.items));
			assert.ok('next_cursor' in r, 'next_cursor is always present');
			sizes.push(r.items.length);
			for (const u of r.items) {
				assertUser(u);
				assert.match(u.username, /pager/);
				seen.push(u.id);
			}
			cursor = r.next_cursor;
			if (cursor === null) break;
			assert.equal(typeof cursor, 'string');
		}
		assert.equal(cursor, null, 'pagination ends');
		assert.deepEqual(sizes, [3, 3, 1]);
		assert.deepEqual([...seen].sort((a, b) => a - b), [...made].sort((a, b) => a - b), 'every user exactly once');
	});

	test('without q: every user appears once across pages of 2', async () => {
		const all = expectOk(await admin.get('/api/v1/users?limit=200'));
		assert.equal(all.next_cursor, null);
		const ids = [];
		let cursor = null;
		do {
			const r = expectOk(await admin.get(`/api/v1/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
			assert.ok(r.items.length <= 2);
			ids.push(...r.items.map((u) => u.id));
			cursor = r.next_cursor;
		} while (cursor !== null && ids.length < 1000);
		assert.equal(new Set(ids).size, ids.length, 'no duplicates');
		assert.deepEqual([...ids].sort((a, b) => a - b), all.items.map((u) => u.id).sort((a, b) => a - b));
	});

	test('a page that ends exactly at the last user has next_cursor null or leads to an empty last page', async () => {
		const count = expectOk(await admin.get('/api/v1/users?q=pager&limit=200')).items.length;
		const r = expectOk(await admin.get(`/api/v1/users?q=pager&limit=${count}`));
		assert.equal(r.items.length, count);
		if (r.next_cursor !== null) {
			const rest = expectOk(await admin.get(`/api/v1/users?q=pager&limit=${count}&cursor=${encodeURIComponent(r.next_cursor)}`));
			assert.deepEqual(rest.items, []);
			assert.equal(rest.next_cursor, null);
		}
	});

	test('role filter: ?role=mentor lists only mentors', async () => {
		const r = expectOk(await admin.get('/api/v1/users?role=mentor&limit=200'));
		assert.ok(r.items.length >= 1);
		for (const u of r.items) assert.equal(u.role, 'mentor');
	});

	test('?role=root → 400 field role', async () => {
		expectError(await admin.get('/api/v1/users?role=root'), 400, 'invalid', 'role');
	});

	test('q is a literal substring: "%" and "_" are not wildcards', async () => {
		assert.deepEqual(expectOk(await admin.get('/api/v1/users?q=%25')).items, []);
		const under = expectOk(await admin.get('/api/v1/users?q=_&limit=200')).items;
		for (const u of under) assert.ok(u.username.includes('_') || u.display_name.includes('_'), u.username);
	});

	test('default limit is 50; limit=200 is allowed', async () => {
		const have = expectOk(await admin.get('/api/v1/users?limit=200')).items.length;
		for (let i = 0; i < 52 - have; i++) {
			// enough users for > 50 in total
			const r = await admin.post('/api/v1/users', {
				username: `bulk_${i}`,
				display_name: `批量 ${i}`,
				password: strongPassword(),
			});
			assert.equal(r.status, 201, r.text);
		}
		const all = expectOk(await admin.get('/api/v1/users?limit=200'));
		assert.ok(all.items.length > 50, `${all.items.length} users`);
		const def = expectOk(await admin.get('/api/v1/users'));
		assert.equal(def.items.length, 50);
		assert.equal(typeof def.next_cursor, 'string');
	});
});

describe('scope names existing organisations and stations (R-ROLE-1)', () => {
	// ids that name nothing: a later organisation or station given one
	// must not fall into an account's scope
	const MISSING_ORG = Math.max(...SEED_ORGS) + 1000;
	const MISSING_STATION = Math.max(...SEED_STATIONS) + 1000;
	const audits = async () => Number((await srv.sql('SELECT COUNT(*) FROM audit_log')).stdout.trim().split('\n').pop());
	const scopeRows = async () => Number((await srv.sql('SELECT COUNT(*) FROM user_scope')).stdout.trim().split('\n').pop());

	for (const [role, scope, what, item] of [
		['provider', { orgs: [MISSING_ORG] }, 'a missing organisation', /^scope\.orgs item 1\b.*no such organisation/],
		['evaluator', { orgs: [MISSING_ORG] }, 'a missing organisation', /^scope\.orgs item 1\b.*no such organisation/],
		['social_worker', { stations: [MISSING_STATION] }, 'a missing station', /^scope\.stations item 1\b.*no such station/],
		['mentor', { stations: [SEED_STATIONS[0], MISSING_STATION] }, 'an existing and a missing station', /^scope\.stations item 2\b.*no such station/],
	]) {
		test(`PUT /api/v1/users/{id}/role role=${role} naming ${what} → 400 field scope; nothing written`, async () => {
			const u = await bare(`ne_${Math.random().toString(36).slice(2, 10)}`);
			const [a0, s0] = [await audits(), await scopeRows()];
			const res = await sec.put(`/api/v1/users/${u.id}/role`, { role, scope });
			const e = expectError(res, 400, 'invalid', 'scope');
			assert.equal(e.rule, 'R-ROLE-1');
			assert.match(e.message_en, item);
			assert.match(e.message, /scope\.(orgs|stations) 第 \d+ 项.*不存在/);
			assert.deepEqual(await getUser(u.id), u);
			assert.equal(await scopeRows(), s0, 'no scope row written');
			assert.equal(await audits(), a0, 'no audit entry');
		});
	}

	test('PUT /api/v1/users/{id}/role naming existing organisations and stations → 200', async () => {
		const { user: p } = await createUser(admin, 'ex_provider', { role: 'provider', scope: { orgs: [SEED_ORGS[2]] } });
		assert.deepEqual(p.scope.orgs, [SEED_ORGS[2]]);
		const { user: m } = await createUser(admin, 'ex_mentor', { role: 'mentor', scope: { stations: SEED_STATIONS } });
		assert.deepEqual([...m.scope.stations].sort((a, b) => a - b), SEED_STATIONS);
	});

	test('PUT …/role naming a missing organisation or station → 400 field scope; role and scope unchanged', async () => {
		const { user: sw } = await createUser(admin, 'ne_patch_sw', { role: 'social_worker' });
		const { user: ca } = await createUser(admin, 'ne_patch_ca', { role: 'civil_affairs' });
		const [a0, s0] = [await audits(), await scopeRows()];
		for (const [u, patch, item] of [
			[sw, { role: 'social_worker', scope: { stations: [MISSING_STATION] } }, /^scope\.stations item 1\b/],
			[sw, { role: 'social_worker', scope: { stations: [SEED_STATIONS[1], MISSING_STATION] } }, /^scope\.stations item 2\b/],
			[sw, { role: 'mentor', scope: { stations: [MISSING_STATION] } }, /^scope\.stations item 1\b/],
			[sw, { role: 'provider', scope: { orgs: [MISSING_ORG] } }, /^scope\.orgs item 1\b/],
			[ca, { role: 'provider', scope: { orgs: [MISSING_ORG] } }, /^scope\.orgs item 1\b/],
			[ca, { role: 'social_worker', scope: { stations: [MISSING_STATION] } }, /^scope\.stations item 1\b/],
		]) {
			const e = expectError(await sec.put(`/api/v1/users/${u.id}/role`, patch), 400, 'invalid', 'scope');
			assert.equal(e.rule, 'R-ROLE-1');
			assert.match(e.message_en, item);
			assert.deepEqual(await getUser(u.id), u, `unchanged after ${JSON.stringify(patch)}`);
		}
		assert.equal(await scopeRows(), s0, 'no scope row written');
		assert.equal(await audits(), a0, 'no audit entry');
		// existing ones are accepted
		const r1 = expectOk(await sec.put(`/api/v1/users/${sw.id}/role`, { role: 'social_worker', scope: { stations: [SEED_STATIONS[1]] } }));
		assertUser(r1, { role: 'social_worker', scope: { stations: [SEED_STATIONS[1]] } });
		const r2 = expectOk(await sec.put(`/api/v1/users/${ca.id}/role`, { role: 'evaluator', scope: { orgs: [SEED_ORGS[1]] } }));
		assertUser(r2, { role: 'evaluator', scope: { orgs: [SEED_ORGS[1]] } });
	});
});

describe('get / patch', () => {
	test('GET /api/v1/users/{unknown id} → 404 not_found', async () => {
		expectError(await admin.get('/api/v1/users/987654'), 404, 'not_found');
	});

	test('PATCH display_name (admin), then PUT …/role with a matching scope (security admin) → 200 user; GET reflects it', async () => {
		const { user } = await createUser(admin, 'patch_u', { role: 'civil_affairs' });
		const r1 = expectOk(await admin.patch(`/api/v1/users/${user.id}`, { display_name: '新名字·测试' }));
		assertUser(r1, { display_name: '新名字·测试', role: 'civil_affairs', scope: SCOPE_FOR.civil_affairs });
		const r2 = expectOk(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'township', scope: { divisions: ['500110001'] } }));
		assertUser(r2, { role: 'township', scope: { divisions: ['500110001'] }, display_name: '新名字·测试' });
		const r3 = expectOk(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'provider', scope: { orgs: [9] } }));
		assertUser(r3, { role: 'provider', scope: { orgs: [9] } });
		assert.deepEqual(await getUser(user.id), r3);
		// the assignment is audited as user.assign with old and new values
		const auditor = await login(srv, 'auditor', srv.passwords.auditor);
		const e = expectOk(await auditor.get('/api/v1/audit?action=user.assign&limit=1')).items[0];
		assert.equal(e.object_id, String(user.id));
		assert.equal(e.actor, 'secadmin');
		assert.equal(e.old_value.role, 'township');
		assert.equal(e.new_value.role, 'provider');
	});

	test('PUT …/role without a fitting scope → 400 field scope; PATCH {role} / {scope} → 400 (unknown fields); unchanged', async () => {
		const { user } = await createUser(admin, 'patch_bad_u', { role: 'civil_affairs' });
		expectError(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'provider' }), 400, 'invalid', /^scope(\.|$)/);
		expectError(
			await sec.put(`/api/v1/users/${user.id}/role`, { role: 'civil_affairs', scope: { divisions: ['123'] } }),
			400,
			'invalid',
			/^scope(\.|$)/,
		);
		expectError(await sec.put(`/api/v1/users/${user.id}/role`, { scope: { divisions: ['500110'] } }), 400, 'invalid', 'role');
		expectError(await admin.patch(`/api/v1/users/${user.id}`, { role: 'township' }), 400, 'invalid', 'role');
		expectError(await admin.patch(`/api/v1/users/${user.id}`, { scope: { divisions: ['500110001'] } }), 400, 'invalid', 'scope');
		expectError(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'township', scope: { divisions: ['500110001'] }, disabled: true }), 400, 'invalid', 'disabled');
		const now = await getUser(user.id);
		assert.equal(now.role, 'civil_affairs');
		assert.deepEqual(normScope(now.scope), normScope(SCOPE_FOR.civil_affairs));
	});

	for (const [field, value] of [
		['username', 'renamed_u'],
		['password', 'Another-password-123'],
		['id', 1],
		['created_at', '2020-01-01T00:00:00Z'],
		['last_login_at', null],
		['role', 'civil_affairs'],
		['scope', { divisions: ['500110'] }],
	]) {
		test(`PATCH {${field}} → 400 field ${field} (no mass assignment); unchanged`, async () => {
			const { user } = await createUser(admin, `ma_${field}`.slice(0, 32), { role: null });
			expectError(await admin.patch(`/api/v1/users/${user.id}`, { [field]: value }), 400, 'invalid', field);
			assert.deepEqual(await getUser(user.id), user);
		});
	}

	test('PUT …/role with an unknown role → 400 field role; unchanged', async () => {
		const user = await bare('patch_role_u');
		expectError(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'superuser' }), 400, 'invalid', 'role');
		expectError(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'system' }), 400, 'invalid', 'role');
		assert.deepEqual(await getUser(user.id), user);
	});

	test('PUT /api/v1/users/{unknown id}/role → 404', async () => {
		expectError(await sec.put('/api/v1/users/987654/role', { role: 'evaluator', scope: { orgs: [3] } }), 404, 'not_found');
	});

	test('PATCH /api/v1/users/{unknown id} → 404', async () => {
		expectError(await admin.patch('/api/v1/users/987654', { display_name: 'x' }), 404, 'not_found');
	});

	test('PATCH {disabled:true} → the user\'s sessions end and login is refused; re-enabling lets them in again', async () => {
		const { user, password } = await createUser(admin, 'dis_u', { role: 'social_worker' });
		const a = await login(srv, 'dis_u', password);
		const b = await login(srv, 'dis_u', password);
		expectOk(await a.get('/api/v1/me'));
		const r = expectOk(await admin.patch(`/api/v1/users/${user.id}`, { disabled: true }));
		assert.equal(r.disabled, true);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		expectError(await b.get('/api/v1/me'), 401, 'unauthorized');
		// a disabled account looks like a wrong password
		const refused = (await tryLogin(srv, 'dis_u', password)).res;
		expectError(refused, 401, 'unauthorized');
		const wrong = (await tryLogin(srv, 'no_such_user_y', password)).res;
		assert.equal(refused.text.replace(refused.json.error.request_id, ''), wrong.text.replace(wrong.json.error.request_id, ''));

		expectOk(await admin.patch(`/api/v1/users/${user.id}`, { disabled: false }));
		expectOk(await (await login(srv, 'dis_u', password)).get('/api/v1/me'));
		// the old sessions stay dead
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
	});

	test('an admin cannot disable, re-role or re-scope themselves → 403; display_name is allowed', async () => {
		expectError(await admin.patch(`/api/v1/users/${adminId}`, { disabled: true }), 403, 'forbidden', 'disabled');
		// roles are not the admin's to give (account.assign), their own least of all
		for (const body of [{ role: 'audit_admin' }, { role: 'civil_affairs', scope: { divisions: ['500110'] } }]) {
			expectError(await admin.put(`/api/v1/users/${adminId}/role`, body), 403, 'forbidden');
		}
		// nor does the security admin change the admin's
		expectError(await sec.put(`/api/v1/users/${adminId}/role`, { role: 'civil_affairs', scope: { divisions: ['500110'] } }), 403, 'forbidden');
		const me = await getUser(adminId);
		assert.equal(me.role, 'admin');
		assert.equal(me.disabled, false);
		expectOk(await admin.get('/api/v1/me'));
		const r = expectOk(await admin.patch(`/api/v1/users/${adminId}`, { display_name: '系统管理员（测试）' }));
		assert.equal(r.display_name, '系统管理员（测试）');
	});

	test('a second admin (made by the CLI) cannot disable themselves; nor can another admin (an officer\'s account) — the CLI can, and their session ends', async () => {
		const { user: second, password } = await createUser(admin, 'admin2_u', { role: 'admin' });
		const a2 = await login(srv, 'admin2_u', password);
		expectError(await a2.patch(`/api/v1/users/${second.id}`, { disabled: true }), 403, 'forbidden');
		expectError(await admin.patch(`/api/v1/users/${second.id}`, { disabled: true }), 403, 'forbidden');
		expectError(await a2.patch(`/api/v1/users/${adminId}`, { disabled: true }), 403, 'forbidden');
		expectError(await admin.post(`/api/v1/users/${second.id}/password`, { password: strongPassword() }), 403, 'forbidden');
		assert.equal((await getUser(second.id)).disabled, false);
		expectOk(await a2.get('/api/v1/me'));
		const r = await srv.cli(['user', 'disable', 'admin2_u']);
		assert.equal(r.code, 0, r.stderr);
		assert.equal((await getUser(second.id)).disabled, true);
		expectError(await a2.get('/api/v1/me'), 401, 'unauthorized');
	});
});

describe('password reset', () => {
	test('POST /api/v1/users/{id}/password → 204; the user\'s sessions end; only the new password works', async () => {
		const { user, password } = await createUser(admin, 'reset_pw_u', { role: 'evaluator' });
		const a = await login(srv, 'reset_pw_u', password);
		const next = strongPassword('reset');
		const r = await admin.post(`/api/v1/users/${user.id}/password`, { password: next });
		assert.equal(r.status, 204, r.text);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		expectError((await tryLogin(srv, 'reset_pw_u', password)).res, 401, 'unauthorized');
		expectOk((await tryLogin(srv, 'reset_pw_u', next)).res, 200);
	});

	test('a reset to a weak password → 400 field password; the old one still works', async () => {
		const { user, password } = await createUser(admin, 'reset_weak_u', { role: 'evaluator' });
		for (const pw of ['short-pw-11', 'password1234', '']) {
			expectError(await admin.post(`/api/v1/users/${user.id}/password`, { password: pw }), 400, 'invalid', 'password');
		}
		expectError(
			await admin.post(`/api/v1/users/${user.id}/password`, { password: strongPassword(), current_password: 'x' }),
			400,
			'invalid',
			'current_password',
		);
		expectOk((await tryLogin(srv, 'reset_weak_u', password)).res, 200);
	});

	test('reset for an unknown id → 404', async () => {
		expectError(await admin.post('/api/v1/users/987654/password', { password: strongPassword() }), 404, 'not_found');
	});
});

describe('access', () => {
	test('without a session: GET/POST/PATCH on /api/v1/users → 401', async () => {
		const a = anon(srv);
		expectError(await a.get('/api/v1/users'), 401, 'unauthorized');
		expectError(await a.get(`/api/v1/users/${adminId}`), 401, 'unauthorized');
		expectError(
			await a.post('/api/v1/users', { username: 'anon_u', display_name: 'x', password: strongPassword() }),
			401,
			'unauthorized',
		);
		expectError(await a.patch(`/api/v1/users/${adminId}`, { disabled: true }), 401, 'unauthorized');
		expectError(await a.put(`/api/v1/users/${adminId}/role`, { role: 'evaluator', scope: { orgs: [3] } }), 401, 'unauthorized');
		expectError(await a.post(`/api/v1/users/${adminId}/password`, { password: strongPassword() }), 401, 'unauthorized');
		assert.equal(await findByName('anon_u'), undefined);
	});

	test('every role but the three officers gets 403 on GET /api/v1/users (account.read)', async () => {
		for (const role of ROLES.filter((r) => !OFFICERS.includes(r))) {
			const { password } = await createUser(admin, `acc_${role}`, { role });
			const a = await login(srv, `acc_${role}`, password);
			expectError(await a.get('/api/v1/users'), 403, 'forbidden');
		}
	});

	test('civil_affairs: create / patch / reset → 403 (with a valid CSRF token) and nothing is written', async () => {
		const { user: ca, password } = await createUser(admin, 'ca_writer', { role: 'civil_affairs' });
		const { user: victim, password: victimPw } = await createUser(admin, 'ca_victim', { role: 'mentor' });
		const a = await login(srv, 'ca_writer', password);
		const auditor = await login(srv, 'auditor', srv.passwords.auditor);
		const auditBefore = expectOk(await auditor.get('/api/v1/audit?limit=1')).items[0]?.id ?? 0;

		let e = expectError(
			await a.post('/api/v1/users', { username: 'ca_made_u', display_name: '越权', password: strongPassword() }),
			403,
			'forbidden',
		);
		assert.notEqual(e.field, 'X-CSRF-Token', 'refused for the role, not for CSRF');
		e = expectError(await a.patch(`/api/v1/users/${victim.id}`, { disabled: true }), 403, 'forbidden');
		e = expectError(await a.put(`/api/v1/users/${ca.id}/role`, { role: 'admin' }), 403, 'forbidden');
		e = expectError(await a.put(`/api/v1/users/${victim.id}/role`, { role: 'evaluator', scope: { orgs: [3] } }), 403, 'forbidden');
		e = expectError(await a.post(`/api/v1/users/${victim.id}/password`, { password: strongPassword() }), 403, 'forbidden');
		expectError(await a.get(`/api/v1/users/${victim.id}`), 403, 'forbidden');

		assert.equal(await findByName('ca_made_u'), undefined, 'no user created');
		assert.equal((await getUser(victim.id)).disabled, false, 'victim not disabled');
		assert.equal((await getUser(ca.id)).role, 'civil_affairs', 'no self-promotion');
		expectOk((await tryLogin(srv, 'ca_victim', victimPw)).res, 200);

		// the audit log shows refusals, never a successful write by ca_writer
		const items = expectOk(await auditor.get('/api/v1/audit?limit=200')).items.filter((x) => x.id > auditBefore);
		const byCa = items.filter((x) => x.actor_id === ca.id);
		assert.ok(byCa.length >= 1, `the refused attempts are audited: ${JSON.stringify(items)}`);
		for (const x of byCa) {
			if (/login|session/i.test(x.action)) continue;
			assert.doesNotMatch(String(x.outcome), /^(ok|success|succeeded)$/i, `a write by ca_writer succeeded: ${JSON.stringify(x)}`);
		}
	});
});

// ------------------------------------------------------------------------
// 三员分立: what each officer may do and, above all, may not.

describe('separation of duties (三员分立)', () => {
	let auditor;
	let ids; // user ids by name: admin, secadmin, auditor
	const denied = async (a, res, perm) => {
		const e = expectError(res, 403, 'forbidden');
		assert.equal(e.rule, 'R-ROLE-1');
		assert.notEqual(e.field, 'X-CSRF-Token');
		return e;
	};
	before(async () => {
		auditor = await login(srv, 'auditor', srv.passwords.auditor);
		ids = {};
		for (const name of ['admin', 'secadmin', 'auditor']) ids[name] = (await findByName(name)).id;
	});

	test('init made the three officers: admin (admin), secadmin (security_admin), auditor (audit_admin), each signing in with their printed password', async () => {
		for (const [name, role] of [['admin', 'admin'], ['secadmin', 'security_admin'], ['auditor', 'audit_admin']]) {
			assert.ok(srv.passwords[name], `init printed ${name}'s password`);
			const u = await getUser(ids[name]);
			assertUser(u, { username: name, role, scope: {}, disabled: false });
			const me = expectOk(await (await login(srv, name, srv.passwords[name])).get('/api/v1/me'));
			assert.equal(me.user.role, role);
		}
	});

	test('the admin cannot reset the auditor\'s (or secadmin\'s) password, sign in as them, rename, disable or demote them', async () => {
		for (const name of ['auditor', 'secadmin']) {
			const before = await getUser(ids[name]);
			const taken = strongPassword('takeover');
			await denied(admin, await admin.post(`/api/v1/users/${ids[name]}/password`, { password: taken }));
			await denied(admin, await admin.patch(`/api/v1/users/${ids[name]}`, { disabled: true }));
			await denied(admin, await admin.patch(`/api/v1/users/${ids[name]}`, { display_name: '改名' }));
			await denied(admin, await admin.put(`/api/v1/users/${ids[name]}/role`, { role: 'evaluator', scope: { orgs: [3] } }));
			assert.deepEqual(await getUser(ids[name]), before, `${name} unchanged`);
			// the password the admin tried does not open the account; the officer's own still does
			expectError((await tryLogin(srv, name, taken)).res, 401, 'unauthorized');
			expectOk((await tryLogin(srv, name, srv.passwords[name])).res);
		}
	});

	test('the admin no longer reads the audit log nor assigns roles; the refusals are audited as authz.denied naming the permission', async () => {
		const u = await bare('adm_assign_u');
		await denied(admin, await admin.get('/api/v1/audit'));
		await denied(admin, await admin.put(`/api/v1/users/${u.id}/role`, { role: 'evaluator', scope: { orgs: [3] } }));
		assert.deepEqual(await getUser(u.id), u);
		const items = expectOk(await auditor.get(`/api/v1/audit?action=authz.denied&actor=admin&limit=20`)).items;
		const perms = items.map((x) => x.object_id);
		assert.ok(perms.includes('audit.read'), JSON.stringify(items.slice(0, 3)));
		assert.ok(perms.includes('account.assign'), JSON.stringify(items.slice(0, 3)));
		for (const x of items) {
			assert.equal(x.object_type, 'permission');
			assert.equal(x.action, 'authz.denied');
		}
	});

	test('the security admin assigns business roles but no officer role: admin / security_admin / audit_admin → 403, nothing written', async () => {
		const u = await bare('sec_officer_u');
		for (const role of OFFICERS) {
			await denied(sec, await sec.put(`/api/v1/users/${u.id}/role`, { role }));
		}
		assert.deepEqual(await getUser(u.id), u);
		const ok = expectOk(await sec.put(`/api/v1/users/${u.id}/role`, { role: 'township', scope: { divisions: ['500110001'] } }));
		assertUser(ok, { role: 'township', scope: { divisions: ['500110001'] } });
		// an account that has a business role cannot be raised to an officer either
		for (const role of OFFICERS) await denied(sec, await sec.put(`/api/v1/users/${u.id}/role`, { role }));
		assert.equal((await getUser(u.id)).role, 'township');
	});

	test('the security admin cannot touch an officer\'s account, nor assign themselves, nor manage accounts', async () => {
		for (const name of ['admin', 'auditor']) {
			const before = await getUser(ids[name]);
			await denied(sec, await sec.put(`/api/v1/users/${ids[name]}/role`, { role: 'civil_affairs', scope: { divisions: ['500110'] } }));
			await denied(sec, await sec.patch(`/api/v1/users/${ids[name]}`, { disabled: true }));
			await denied(sec, await sec.post(`/api/v1/users/${ids[name]}/password`, { password: strongPassword() }));
			assert.deepEqual(await getUser(ids[name]), before);
		}
		const me = await getUser(ids.secadmin);
		for (const body of [{ role: 'civil_affairs', scope: { divisions: ['500110'] } }, { role: 'security_admin' }, { role: 'admin' }]) {
			await denied(sec, await sec.put(`/api/v1/users/${ids.secadmin}/role`, body));
		}
		await denied(sec, await sec.patch(`/api/v1/users/${ids.secadmin}`, { disabled: true }));
		await denied(sec, await sec.post('/api/v1/users', { username: 'sec_made_u', display_name: 'x', password: strongPassword() }));
		const victim = await bare('sec_victim_u');
		await denied(sec, await sec.patch(`/api/v1/users/${victim.id}`, { disabled: true }));
		await denied(sec, await sec.post(`/api/v1/users/${victim.id}/password`, { password: strongPassword() }));
		assert.deepEqual(await getUser(ids.secadmin), me);
		assert.deepEqual(await getUser(victim.id), victim);
		assert.equal(await findByName('sec_made_u'), undefined);
	});

	test('the security admin reads accounts, organisations and stations (to name them in scopes), and nothing else of the business', async () => {
		expectOk(await sec.get('/api/v1/users'));
		expectOk(await sec.get(`/api/v1/users/${ids.auditor}`));
		expectOk(await sec.get('/api/v1/orgs'));
		expectOk(await sec.get('/api/v1/stations'));
		await denied(sec, await sec.get('/api/v1/audit'));
		await denied(sec, await sec.get('/api/v1/social-workers'));
		await denied(sec, await sec.get('/api/v1/divisions/500110/coverage'));
		await denied(sec, await sec.post('/api/v1/orgs', {}));
		await denied(sec, await sec.post('/api/v1/stations', {}));
	});

	test('the audit admin reads the audit log and the accounts only: no stations, workers, coverage, organisations; no account writes', async () => {
		expectOk(await auditor.get('/api/v1/audit?limit=1'));
		expectOk(await auditor.get('/api/v1/users'));
		expectOk(await auditor.get(`/api/v1/users/${ids.admin}`));
		for (const p of ['/api/v1/orgs', '/api/v1/stations', '/api/v1/social-workers', '/api/v1/divisions/500110/coverage', '/api/v1/orgs/export']) {
			await denied(auditor, await auditor.get(p));
		}
		const u = await bare('aud_victim_u');
		await denied(auditor, await auditor.post('/api/v1/users', { username: 'aud_made_u', display_name: 'x', password: strongPassword() }));
		await denied(auditor, await auditor.patch(`/api/v1/users/${u.id}`, { disabled: true }));
		await denied(auditor, await auditor.put(`/api/v1/users/${u.id}/role`, { role: 'evaluator', scope: { orgs: [3] } }));
		await denied(auditor, await auditor.post(`/api/v1/users/${u.id}/password`, { password: strongPassword() }));
		assert.deepEqual(await getUser(u.id), u);
		assert.equal(await findByName('aud_made_u'), undefined);
	});

	test('nobody disables themselves: the security admin and the auditor get 403 like the admin', async () => {
		// they lack account.manage anyway; the route refuses them first
		await denied(auditor, await auditor.patch(`/api/v1/users/${ids.auditor}`, { disabled: true }));
		await denied(sec, await sec.patch(`/api/v1/users/${ids.secadmin}`, { disabled: true }));
		expectOk(await auditor.get('/api/v1/me'));
		expectOk(await sec.get('/api/v1/me'));
	});
});

// ------------------------------------------------------------------------
// The permission table decides (`shegong routes`).

describe('permissions', () => {
	const table = routeTable();
	// values for the parameters of every pattern: objects that may or may
	// not exist — a route's permission is checked before anything is read
	const PARAMS = { id: 1, code: '500110', worker_id: 1, item_id: 1, bid_id: 1, member_id: 1, station_id: 1 };
	const bodyFor = (r) => (['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) ? {} : undefined);

	/** An agent for role: the officers of init, or an account made for it. */
	const agents = new Map();
	const passwords = new Map();
	async function agentFor(role) {
		if (!agents.has(role)) {
			let a;
			if (role === 'admin') a = admin;
			else if (role === 'security_admin') a = sec;
			else if (role === 'audit_admin') a = await login(srv, 'auditor', srv.passwords.auditor);
			else {
				const name = `perm_${role ?? 'none'}`;
				const { password } = await createUser(admin, name, { role });
				passwords.set(role, password);
				a = await login(srv, name, password);
			}
			agents.set(role, a);
		}
		return agents.get(role);
	}

	test('shegong routes: every route names a known permission; every role of a permission is a role of the table', () => {
		const names = new Set(table.permissions.map((p) => p.name));
		const roles = new Set(table.roles.map((r) => r.value));
		assert.ok(table.routes.length > 40);
		for (const r of table.routes) assert.ok(names.has(r.permission), `${routeKey(r)}: ${r.permission}`);
		for (const p of table.permissions) for (const role of p.roles) assert.ok(roles.has(role), `${p.name}: ${role}`);
		assert.deepEqual([...roles].sort(), [...ROLES].sort(), 'the fixtures know every role');
	});

	for (const role of ROLES) {
		test(`GET /api/v1/me as ${role}: permissions equal the table's row for ${role}`, async () => {
			const me = expectOk(await (await agentFor(role)).get('/api/v1/me'));
			assert.equal(me.user.role, role);
			assert.deepEqual([...me.permissions].sort(), permissionsOf(role).sort());
		});
	}

	for (const role of ROLES) {
		test(`${role}: every route whose permission ${role} lacks → 403 forbidden (R-ROLE-1), whatever the body`, async () => {
			const a = await agentFor(role);
			for (const r of table.routes) {
				if (roleHas(role, r.permission)) continue;
				const res = await a.request(r.method, fillPath(r.pattern, PARAMS), bodyFor(r));
				const e = expectError(res, 403, 'forbidden');
				assert.equal(e.rule, 'R-ROLE-1', routeKey(r));
				assert.notEqual(e.field, 'X-CSRF-Token', routeKey(r));
			}
		});
	}

	test('an account without a role signs in; /me says role null, "未分配角色", permissions []', async () => {
		const a = await agentFor(null);
		const me = expectOk(await a.get('/api/v1/me'));
		assert.equal(me.user.role, null);
		assert.equal(me.user.role_name, '未分配角色');
		assert.deepEqual(me.permissions, []);
		assert.equal(typeof me.csrf_token, 'string');
	});

	test('an account without a role: 403 on every route but the public and signed_in ones (/me, /me/password, sign-out, the shared reads)', async () => {
		const a = await agentFor(null);
		const open = [];
		for (const r of table.routes) {
			if (r.method === 'DELETE' && r.pattern === '/api/v1/session') continue; // ends the session: below
			const res = await a.request(r.method, fillPath(r.pattern, PARAMS), bodyFor(r));
			if (r.permission === 'public' || r.permission === 'signed_in') {
				assert.notEqual(res.status, 403, `${routeKey(r)} (${r.permission}): ${res.text.slice(0, 200)}`);
				assert.ok(res.status < 500, `${routeKey(r)}: ${res.status}`);
				open.push(routeKey(r));
			} else {
				const e = expectError(res, 403, 'forbidden');
				assert.equal(e.rule, 'R-ROLE-1', routeKey(r));
			}
		}
		for (const k of ['GET /api/v1/me', 'POST /api/v1/me/password']) assert.ok(open.includes(k), k);
		// the shared reads answer 200
		expectOk(await a.get('/api/v1/meta/enums'));
		expectOk(await a.get('/api/v1/readiness-items'));
		// it changes its own password …
		const name = 'perm_none';
		const pw = strongPassword('self');
		const wrong = await a.post('/api/v1/me/password', { current_password: 'not-my-password-1234', new_password: pw });
		expectError(wrong, 400, 'invalid', 'current_password');
		expectOk(await a.post('/api/v1/me/password', { current_password: passwords.get(null), new_password: pw }));
		// … and signs out
		assert.equal((await a.del('/api/v1/session')).status, 204);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		expectOk((await tryLogin(srv, name, pw)).res);
	});
});
