// Audit log: every write is recorded, readable by the audit administrator
// only (audit.read; 三员分立: not even the system administrator),
// free of secrets, append-only and hash-chained (`shegong verify`).
// API-CONTRACT "Audit log"; SECURITY "Audit".

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ISO_UTC_RE, expectError, expectOk } from '../lib/check.mjs';
import { createUser, securityAdmin, strongPassword } from '../lib/fixtures.mjs';
import { IS_PG, anon, login, onlyPostgres, startServer, tryLogin } from '../lib/server.mjs';

let srv;
let admin;
let auditor; // init's audit administrator: the one reader of the log
const secrets = new Set(); // passwords, cookies and tokens used in this file

before(async () => {
	srv = await startServer();
	secrets.add(srv.adminPassword);
	admin = await login(srv, 'admin', srv.adminPassword);
	secrets.add(admin.session);
	secrets.add(admin.csrf);
	secrets.add(srv.passwords.auditor);
	auditor = await login(srv, 'auditor', srv.passwords.auditor);
	secrets.add(auditor.session);
	secrets.add(auditor.csrf);
});
after(() => srv?.stop());

const OK = /^ok$/;
const NOT_OK = /^(failed|denied)$/;

async function allEntries(agent = auditor) {
	const items = [];
	let cursor = null;
	do {
		const r = expectOk(await agent.get(`/api/v1/audit?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
		items.push(...r.items);
		cursor = r.next_cursor;
	} while (cursor !== null && items.length < 100000);
	return items;
}

/** The scenario of this file: a few writes of each kind, remembered here. */
const done = {};

describe('what is recorded', () => {
	test('a scenario of logins, user writes, password changes and a logout', async () => {
		const wrong = 'Wrong-password-for-audit-1';
		secrets.add(wrong);
		expectError((await tryLogin(srv, 'admin', wrong)).res, 401, 'unauthorized');
		expectError((await tryLogin(srv, 'nobody_audit', wrong)).res, 401, 'unauthorized');
		for (let i = 0; i < 5; i++) await tryLogin(srv, 'nobody_lock', wrong);
		expectError((await tryLogin(srv, 'nobody_lock', wrong)).res, 429, 'locked');

		const { user, password } = await createUser(admin, 'aud_u', { role: 'civil_affairs', display_name: '审计前' });
		secrets.add(password);
		done.user = user;
		expectOk(await admin.patch(`/api/v1/users/${user.id}`, { display_name: '审计后' }));
		// the security administrator re-assigns the account
		const sec = await securityAdmin(srv);
		secrets.add(sec.session);
		secrets.add(sec.csrf);
		secrets.add(srv.passwords.secadmin);
		expectOk(await sec.put(`/api/v1/users/${user.id}/role`, { role: 'township', scope: { divisions: ['500110001'] } }));
		const reset = strongPassword('audreset');
		secrets.add(reset);
		assert.equal((await admin.post(`/api/v1/users/${user.id}/password`, { password: reset })).status, 204);

		const u = await login(srv, 'aud_u', reset);
		secrets.add(u.session);
		secrets.add(u.csrf);
		const mine = strongPassword('audmine');
		secrets.add(mine);
		const chg = await u.post('/api/v1/me/password', { current_password: reset, new_password: mine });
		expectOk(chg);
		secrets.add(chg.json.csrf_token);
		secrets.add(u.session);
		assert.equal((await u.del('/api/v1/session')).status, 204);
		expectOk(await admin.patch(`/api/v1/users/${user.id}`, { disabled: true }));
	});

	test('GET /api/v1/audit → {items, next_cursor}, newest first, every field of the contract', async () => {
		const r = expectOk(await auditor.get('/api/v1/audit?limit=200'));
		assert.ok(Array.isArray(r.items) && r.items.length >= 8, `${r.items.length} entries`);
		assert.ok('next_cursor' in r);
		const keys = ['id', 'at', 'actor_id', 'actor', 'ip', 'action', 'object_type', 'object_id', 'outcome', 'old_value', 'new_value'];
		for (const x of r.items) {
			for (const k of keys) assert.ok(k in x, `entry lacks ${k}: ${JSON.stringify(x)}`);
			assert.ok(Number.isInteger(x.id));
			assert.match(x.at, ISO_UTC_RE, `at: ${x.at}`);
			assert.ok(x.actor_id === null || Number.isInteger(x.actor_id));
			assert.equal(typeof x.action, 'string');
			assert.match(x.outcome, /^(ok|failed|denied)$/);
		}
		const ids = r.items.map((x) => x.id);
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
		assert.ok(r.items.some((x) => x.ip === '127.0.0.1'), 'the client address is recorded');
		assert.match(r.headers?.get?.('cache-control') ?? 'no-store', /no-store/);
	});

	test('the important actions are there: login, login failure, logout, user create / update / assign / password', async (t) => {
		const items = await allEntries();
		t.diagnostic(`actions: ${[...new Set(items.map((x) => `${x.action}:${x.outcome}`))].join(' ')}`);
		const uid = String(done.user.id);
		const find = (pred, what) => {
			const x = items.find(pred);
			assert.ok(x, `no audit entry for ${what}:\n${items.map((i) => JSON.stringify(i)).join('\n')}`);
			return x;
		};
		find((x) => /login|session/i.test(x.action) && OK.test(x.outcome) && x.actor === 'admin', 'admin login');
		const adminId = String(admin.user.id);
		const failedLogin = (x) => /login|session/i.test(x.action) && NOT_OK.test(x.outcome);
		find((x) => failedLogin(x) && (x.object_id === adminId || JSON.stringify(x).includes('"admin"')), 'failed login of admin');
		// an unknown name has no object id; whether the typed name is kept is the server's choice
		find((x) => failedLogin(x) && (x.object_id === '' || JSON.stringify(x).includes('nobody_audit')), 'failed login of an unknown user');
		find((x) => /logout|session/i.test(x.action) && x.actor === 'aud_u' && /logout|delete|end/i.test(x.action), 'logout');
		find((x) => /lock/i.test(x.action) && NOT_OK.test(x.outcome), 'a refused login of a locked name');
		const created = find((x) => /user/i.test(x.action) && /create|add/i.test(x.action) && x.object_id === uid, 'user create');
		assert.equal(created.actor, 'admin');
		assert.equal(created.outcome, 'ok');
		assert.equal(created.object_type, 'user');
		const upd = find(
			(x) =>
				/user/i.test(x.action) &&
				/update|patch|edit/i.test(x.action) &&
				x.object_id === uid &&
				JSON.stringify(x.old_value ?? '').includes('审计前'),
			'user update with its old value',
		);
		assert.ok(JSON.stringify(upd.new_value ?? '').includes('审计后'), 'and its new value');
		assert.equal(upd.actor, 'admin');
		const assigned = find((x) => x.action === 'user.assign' && x.object_id === uid, 'role assignment');
		assert.equal(assigned.actor, 'secadmin');
		assert.equal(assigned.outcome, 'ok');
		assert.equal(assigned.old_value.role, 'civil_affairs');
		assert.deepEqual(assigned.new_value.scope.divisions, ['500110001']);
		assert.equal(assigned.new_value.role, 'township');
		find((x) => /password/i.test(x.action) && x.object_id === uid && x.actor === 'admin', 'password reset by admin');
		find((x) => /password/i.test(x.action) && x.actor === 'aud_u', 'own password change');
		find((x) => x.object_id === uid && JSON.stringify(x.new_value ?? '').includes('"disabled":true'), 'disable');
	});

	test('no entry contains a password, session token or CSRF token', async () => {
		const text = JSON.stringify(await allEntries());
		assert.ok(secrets.size >= 8);
		for (const s of secrets) {
			assert.ok(s && s.length >= 12, `secret ${s}`);
			assert.ok(!text.includes(s), `the audit log contains a secret (${s.slice(0, 4)}…)`);
		}
		assert.doesNotMatch(text, /\$argon2/);
	});

	test('filters: ?action= and ?actor= return only matching entries; pagination walks everything once', async () => {
		const items = await allEntries();
		const action = items.find((x) => /user/i.test(x.action) && /create|add/i.test(x.action)).action;
		const byAction = expectOk(await auditor.get(`/api/v1/audit?action=${encodeURIComponent(action)}&limit=200`)).items;
		assert.ok(byAction.length >= 1);
		for (const x of byAction) assert.equal(x.action, action);
		const byActor = expectOk(await auditor.get('/api/v1/audit?actor=aud_u&limit=200')).items;
		assert.ok(byActor.length >= 2);
		for (const x of byActor) assert.equal(x.actor, 'aud_u');

		const ids = [];
		let cursor = null;
		do {
			const r = expectOk(await auditor.get(`/api/v1/audit?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
			assert.ok(r.items.length <= 3);
			ids.push(...r.items.map((x) => x.id));
			cursor = r.next_cursor;
		} while (cursor !== null && ids.length < 10000);
		assert.equal(new Set(ids).size, ids.length, 'no entry twice');
		assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first across pages');
		const all = await allEntries();
		assert.ok(ids.length >= all.length - 5 && ids.length <= all.length + 5);
		expectError(await auditor.get('/api/v1/audit?limit=0'), 400, 'invalid', 'limit');
		expectError(await auditor.get('/api/v1/audit?limit=201'), 400, 'invalid', 'limit');
	});
});

describe('who may read it', () => {
	test('audit_admin reads /api/v1/audit (200) and the accounts, but writes none (403); the refusal is audited', async () => {
		// a second audit administrator, made by the command line as officers are
		const { user, password } = await createUser(admin, 'auditor_u', { role: 'audit_admin' });
		const a = await login(srv, 'auditor_u', password);
		const r = expectOk(await a.get('/api/v1/audit?limit=5'));
		assert.ok(r.items.length >= 1);
		expectOk(await a.get('/api/v1/users'));
		const e = expectError(await a.post('/api/v1/users', { username: 'by_auditor', display_name: 'x', password: strongPassword() }), 403, 'forbidden');
		assert.equal(e.rule, 'R-ROLE-1');
		const mine = expectOk(await auditor.get('/api/v1/audit?actor=auditor_u&limit=50')).items;
		const refusal = mine.find((x) => x.actor_id === user.id && x.outcome === 'denied');
		assert.ok(refusal, `authorization failure audited: ${JSON.stringify(mine)}`);
		assert.equal(refusal.action, 'authz.denied');
		assert.equal(refusal.object_type, 'permission');
		assert.equal(refusal.object_id, 'account.manage');
	});

	test('the system administrator and the security administrator do not read it (403, audited as authz.denied audit.read)', async () => {
		const sec = await securityAdmin(srv);
		for (const [a, name] of [[admin, 'admin'], [sec, 'secadmin']]) {
			const e = expectError(await a.get('/api/v1/audit'), 403, 'forbidden');
			assert.equal(e.rule, 'R-ROLE-1');
			const x = expectOk(await auditor.get(`/api/v1/audit?actor=${name}&action=authz.denied&limit=1`)).items[0];
			assert.ok(x, `${name}'s refusal is audited`);
			assert.equal(x.object_id, 'audit.read');
			assert.equal(x.outcome, 'denied');
		}
	});

	test('other roles → 403, no session → 401', async () => {
		for (const role of ['civil_affairs', 'provider', 'social_worker']) {
			const { password } = await createUser(admin, `noaudit_${role}`, { role });
			const a = await login(srv, `noaudit_${role}`, password);
			expectError(await a.get('/api/v1/audit'), 403, 'forbidden');
		}
		expectError(await anon(srv).get('/api/v1/audit'), 401, 'unauthorized');
	});

	test('nobody edits the trail through the API: POST/PATCH/DELETE on /api/v1/audit → 405 (or 404)', async () => {
		const n = (await allEntries()).length;
		for (const [m, p] of [
			['POST', '/api/v1/audit'],
			['PATCH', '/api/v1/audit'],
			['DELETE', '/api/v1/audit'],
			['PATCH', '/api/v1/audit/3'],
			['DELETE', '/api/v1/audit/3'],
		]) {
			const r = await auditor.request(m, p, m === 'DELETE' ? undefined : { action: 'x' });
			assert.ok(r.status === 405 || r.status === 404, `${m} ${p}: ${r.status}`);
			expectError(r, r.status);
		}
		const later = await allEntries();
		assert.ok(later.length >= n);
		assert.ok(later.some((x) => x.id === 3 && x.action !== 'x'));
	});
});

describe('append-only and hash-chained (shegong verify)', () => {
	let count;
	// Tampering needs the protection lifted first: SQLite drops the trigger;
	// PostgreSQL grants the withdrawn rights back and disables the triggers
	// (the test user is a superuser of the throwaway cluster).
	const unprotect = IS_PG
		? {
				update: 'GRANT UPDATE, DELETE ON audit_log TO CURRENT_USER; ALTER TABLE audit_log DISABLE TRIGGER USER;',
				delete: 'GRANT UPDATE, DELETE ON audit_log TO CURRENT_USER; ALTER TABLE audit_log DISABLE TRIGGER USER;',
			}
		: { update: 'DROP TRIGGER audit_log_no_update;', delete: 'DROP TRIGGER audit_log_no_delete;' };
	const verify = async (db) => {
		const r = await srv.cli(['verify'], { db });
		return { ...r, out: r.stdout + r.stderr };
	};

	before(async () => {
		const info = await srv.shutdown();
		assert.equal(info.code, 0, `clean exit on SIGTERM: ${JSON.stringify(info)}`);
		const r = await srv.sql('SELECT count(*) FROM audit_log;');
		assert.equal(r.code, 0, r.stderr);
		count = Number(r.stdout.trim());
		assert.ok(count >= 10, `${count} entries`);
	});

	test('an untouched database: exit 0, "audit chain ok: N entries"', async () => {
		const r = await verify(await srv.copyDb());
		assert.equal(r.code, 0, r.out);
		assert.match(r.out, new RegExp(`audit chain ok: ${count} entries`));
	});

	test('the triggers refuse UPDATE and DELETE on audit_log', async () => {
		const db = await srv.copyDb();
		const u = await srv.sql("UPDATE audit_log SET action='x' WHERE id=3;", { db });
		assert.notEqual(u.code, 0, 'UPDATE refused');
		assert.match(u.stderr, /append-only/);
		const d = await srv.sql('DELETE FROM audit_log WHERE id=3;', { db });
		assert.notEqual(d.code, 0, 'DELETE refused');
		assert.match(d.stderr, /append-only/);
		if (IS_PG) {
			const t = await srv.sql('TRUNCATE audit_log;', { db });
			assert.notEqual(t.code, 0, 'TRUNCATE refused');
			assert.match(t.stderr, /append-only/);
		}
		const r = await verify(db);
		assert.equal(r.code, 0, r.out);
		assert.match(r.out, new RegExp(`audit chain ok: ${count} entries`));
	});

	test('PostgreSQL: nobody holds UPDATE, DELETE or TRUNCATE on audit_log, and the triggers are enabled', { skip: onlyPostgres('privileges') }, async () => {
		const grants = await srv.sql(
			"SELECT count(*) FROM pg_class c, aclexplode(c.relacl) a WHERE c.relname = 'audit_log' AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE');",
		);
		assert.equal(grants.code, 0, grants.stderr);
		assert.equal(grants.stdout.trim(), '0', 'no role may change the log');
		const acl = await srv.sql("SELECT relacl IS NOT NULL FROM pg_class WHERE relname = 'audit_log';");
		assert.equal(acl.stdout.trim(), 't', 'the default (owner-may-all) rights were replaced');
		const trig = await srv.sql(
			"SELECT string_agg(tgname || '=' || tgenabled::text, ' ' ORDER BY tgname) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid IN ('audit_log'::regclass, 'audit_head'::regclass);",
		);
		assert.equal(trig.code, 0, trig.stderr);
		assert.equal(trig.stdout.trim(), 'audit_head_no_delete=O audit_log_no_delete=O audit_log_no_truncate=O audit_log_no_update=O');
	});

	test('an edited entry: verify exits 1 naming entry 3', async () => {
		const db = await srv.copyDb();
		const s = await srv.sql(`${unprotect.update} UPDATE audit_log SET action='x' WHERE id=3;`, { db });
		assert.equal(s.code, 0, s.stderr);
		const r = await verify(db);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /audit chain broken at entry 3\b/);
	});

	test('an edited outcome (denied → ok) is detected too', async () => {
		const db = await srv.copyDb();
		const s = await srv.sql(
			`${unprotect.update} UPDATE audit_log SET outcome='ok' WHERE id=(SELECT min(id) FROM audit_log WHERE outcome<>'ok');`,
			{ db },
		);
		assert.equal(s.code, 0, s.stderr);
		const r = await verify(db);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /audit chain broken at entry \d+/);
	});

	test('a deleted middle entry: verify exits 1 naming entry 3 or the one after it', async () => {
		const db = await srv.copyDb();
		const s = await srv.sql(`${unprotect.delete} DELETE FROM audit_log WHERE id=3;`, { db });
		assert.equal(s.code, 0, s.stderr);
		const r = await verify(db);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /audit chain broken at entry [34]\b/);
	});

	test('two entries swapped: verify exits 1 naming entry 2', async () => {
		const db = await srv.copyDb();
		const s = await srv.sql(
			`${unprotect.update} UPDATE audit_log SET id=-2 WHERE id=2; UPDATE audit_log SET id=2 WHERE id=3; UPDATE audit_log SET id=3 WHERE id=-2;`,
			{ db },
		);
		assert.equal(s.code, 0, s.stderr);
		const r = await verify(db);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /audit chain broken at entry 2\b/);
	});

	test('the newest entry cut off: verify exits 1', async () => {
		const db = await srv.copyDb();
		const s = await srv.sql(`${unprotect.delete} DELETE FROM audit_log WHERE id=(SELECT max(id) FROM audit_log);`, { db });
		assert.equal(s.code, 0, s.stderr);
		const r = await verify(db);
		assert.equal(r.code, 1, r.out);
		assert.match(r.out, /audit chain broken at entry \d+/);
	});

	test('the original database still verifies', async () => {
		const r = await verify(srv.db);
		assert.equal(r.code, 0, r.out);
		assert.match(r.out, new RegExp(`audit chain ok: ${count} entries`));
	});
});
