// Account hardening found in review: trusted proxies, guessing the current
// password from a stolen session, lock lifting, the last administrator,
// `user enable`. SECURITY "Authentication and sessions", "Access control".

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { anon, login, rawRequest, startServer, tryLogin } from '../lib/server.mjs';

let srv;
const admin = () => login(srv, 'admin', srv.adminPassword);
/** The audit administrator (made by init): the one reader of the log. */
const auditor = () => login(srv, 'auditor', srv.passwords.auditor);

before(async () => {
	srv = await startServer({ env: { SHEGONG_TRUSTED_PROXIES: '127.0.0.1' } });
});
after(() => srv?.stop());

/** The audit entries of an action, newest first. */
async function auditOf(action) {
	const res = await (await auditor()).get(`/api/v1/audit?action=${action}&limit=200`);
	expectOk(res, 200);
	return res.json.items;
}

describe('client address behind a trusted proxy', () => {
	test('the last X-Forwarded-For entry is the client in the audit log and the access log', async () => {
		const res = await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/session',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
			body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password-123' }),
		});
		assert.equal(res.status, 401);
		const [entry] = await auditOf('session.login_failed');
		assert.equal(entry.ip, '203.0.113.9');
	});

	test('a malformed X-Forwarded-For is ignored: the peer address stands', async () => {
		await rawRequest(srv, {
			method: 'POST',
			path: '/api/v1/session',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': 'not-an-address' },
			body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password-123' }),
		});
		const [entry] = await auditOf('session.login_failed');
		assert.equal(entry.ip, '127.0.0.1');
	});

	// Many failures from one address: tests/api/throttle.test.mjs (a slow-down, never a ban).
});

describe('guessing the current password from a session', () => {
	test('wrong current passwords are audited and lock the account after 5; an admin reset lifts the lock', async () => {
		const pw = strongPassword('guess');
		const { user: u } = await createUser(await admin(), 'guess_target', { role: null, password: pw });
		const victim = await login(srv, 'guess_target', pw);
		for (let i = 0; i < 5; i++) {
			const res = await victim.post('/api/v1/me/password', {
				current_password: `not-the-password-${i}`,
				new_password: strongPassword('new'),
			});
			expectError(res, 400, 'invalid', 'current_password');
		}
		const locked = await victim.post('/api/v1/me/password', { current_password: pw, new_password: strongPassword('new') });
		expectError(locked, 429, 'locked');
		expectError((await tryLogin(srv, 'guess_target', pw)).res, 429, 'locked');
		const failures = (await auditOf('user.password_change_failed')).filter((e) => e.object_id === String(u.id));
		assert.equal(failures.length, 5);
		for (const e of failures) assert.equal(e.outcome, 'failed');

		const fresh = strongPassword('reset');
		const reset = await (await admin()).post(`/api/v1/users/${u.id}/password`, { password: fresh });
		assert.equal(reset.status, 204);
		expectOk((await tryLogin(srv, 'guess_target', fresh)).res, 200);
	});
});

describe('concurrent guesses', () => {
	test('30 concurrent wrong logins get at most 5 password checks; the rest are refused as locked', async () => {
		const pw = strongPassword('conc');
		const { user: u } = await createUser(await admin(), 'conc_target', { role: null, password: pw });
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => tryLogin(srv, 'conc_target', `wrong-password-${i}-xyz`)),
		);
		const statuses = results.map((r) => r.res.status);
		const checked = statuses.filter((st) => st === 401).length;
		assert.ok(checked <= 5, `password checks: ${checked}`);
		assert.equal(statuses.filter((st) => st === 429).length, 30 - checked, statuses.join(','));
		const failed = (await auditOf('session.login_failed')).filter((e) => e.object_id === String(u.id));
		assert.equal(failed.length, checked);
	});
});

describe('the last administrator', () => {
	test('the CLI cannot disable the only active administrator; with two it could', async () => {
		const a = await admin();
		const { user: second } = await createUser(a, 'second_admin', { role: 'admin', password: strongPassword('adm') });
		// an officer's account is the command line's: the API refuses even with two administrators
		expectError(await a.patch(`/api/v1/users/${second.id}`, { disabled: true }), 403, 'forbidden');
		// two active administrators: the CLI may disable one
		const first = await srv.cli(['user', 'disable', 'second_admin']);
		assert.equal(first.code, 0, first.stderr);
		assert.equal(expectOk(await a.get(`/api/v1/users/${second.id}`)).disabled, true);
		// one left: refused, and it keeps working
		const cli = await srv.cli(['user', 'disable', 'admin']);
		assert.notEqual(cli.code, 0);
		assert.match(cli.stderr, /at least one active administrator/);
		expectOk(await a.get('/api/v1/me'), 200);
		const demote = await srv.cli(['user', 'list']);
		assert.match(demote.stdout, /admin\s+admin\s+active/);
	});
});

describe('shegong user enable', () => {
	test('enables a disabled account; the old sessions stay ended', async () => {
		const a = await admin();
		const pw = strongPassword('en');
		const { user: u } = await createUser(a, 'enable_me', { role: null, password: pw });
		const s = await login(srv, 'enable_me', pw);
		expectOk(await a.patch(`/api/v1/users/${u.id}`, { disabled: true }), 200);
		expectError(await s.get('/api/v1/me'), 401, 'unauthorized');
		const cli = await srv.cli(['user', 'enable', 'enable_me']);
		assert.equal(cli.code, 0, cli.stderr);
		expectError(await s.get('/api/v1/me'), 401, 'unauthorized');
		expectOk((await tryLogin(srv, 'enable_me', pw)).res, 200);
		const entries = (await auditOf('user.update')).filter((e) => e.object_id === String(u.id));
		assert.equal(entries[0].actor, 'system');
		assert.equal(entries[0].new_value.disabled, false);
	});
});

describe('errors before any handler name their rule', () => {
	test('unknown route, wrong method and bad Content-Type carry rule R-IO-1', async () => {
		for (const res of [
			await anon(srv).get('/api/v1/nope'),
			await rawRequest(srv, { method: 'PUT', path: '/api/v1/session' }),
			await rawRequest(srv, { method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'text/plain' }, body: 'x' }),
		]) {
			const body = res.json ?? JSON.parse(res.text);
			assert.equal(body.error.rule, 'R-IO-1', res.text);
		}
	});
});
