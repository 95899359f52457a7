// Sessions: login, logout, /me, lockout, timeouts, password change, CSRF.
// API-CONTRACT "Session"; SECURITY "Authentication and sessions".

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk, assertUser, header } from '../lib/check.mjs';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { Agent, IS_PG, anon, login, onlySqlite, parseSetCookie, startServer, tryLogin } from '../lib/server.mjs';

const MIN = 60 * 1000;

let srv;
/** A fresh admin session (the clock tests below expire older ones). */
const admin = () => login(srv, 'admin', srv.adminPassword);
/** An agent replaying a bare cookie value. */
function withCookie(value, csrf) {
	const a = new Agent(srv);
	a.jar.set('sg_session', value);
	a.csrf = csrf ?? null;
	return a;
}
function sessionCookie(res) {
	return res.setCookies.map(parseSetCookie).find((c) => c && c.name === 'sg_session');
}

before(async () => {
	srv = await startServer();
});
after(() => srv?.stop());

describe('login', () => {
	test('POST /api/v1/session right password → 200 {user, csrf_token} + sg_session cookie (HttpOnly, SameSite=Strict, Path=/)', async () => {
		const res = await anon(srv).post('/api/v1/session', { username: 'admin', password: srv.adminPassword });
		expectOk(res, 200);
		assertUser(res.json.user, { username: 'admin', role: 'admin', disabled: false });
		assert.equal(typeof res.json.csrf_token, 'string');
		assert.ok(res.json.csrf_token.length >= 16, 'csrf_token has ≥ 128 bits');
		const c = sessionCookie(res);
		assert.ok(c, `Set-Cookie sg_session: ${res.setCookies}`);
		assert.equal(c.attrs.httponly, true, 'HttpOnly');
		assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict', 'SameSite=Strict');
		assert.equal(c.attrs.path, '/', 'Path=/');
		assert.equal(c.attrs.domain, undefined, 'no Domain attribute');
		assert.match(c.value, /^[A-Za-z0-9_\-+/=.~]{22,}$/, 'token of ≥ 128 bits');
		assert.notEqual(c.value, res.json.csrf_token, 'csrf token is not the session token');
		assert.match(header(res, 'cache-control') ?? '', /no-store/);
	});

	test('GET /api/v1/me with the session → 200 {user, csrf_token}; last_login_at is set', async () => {
		const a = await admin();
		const res = await a.get('/api/v1/me');
		expectOk(res, 200);
		assertUser(res.json.user, { username: 'admin', role: 'admin' });
		assert.equal(typeof res.json.csrf_token, 'string');
		assert.notEqual(res.json.user.last_login_at, null, 'last_login_at after a login');
	});

	test('GET /api/v1/me without a session, or with a made-up cookie → 401 unauthorized', async () => {
		expectError(await anon(srv).get('/api/v1/me'), 401, 'unauthorized');
		expectError(await withCookie('A'.repeat(43)).get('/api/v1/me'), 401, 'unauthorized');
		expectError(await withCookie('').get('/api/v1/me'), 401, 'unauthorized');
	});

	test('every login issues a new session token', async () => {
		const a = await admin();
		const b = await admin();
		assert.notEqual(a.session, b.session);
		// logging in again while holding a session replaces the cookie
		const old = a.session;
		const res = await a.post('/api/v1/session', { username: 'admin', password: srv.adminPassword });
		expectOk(res, 200);
		assert.ok(sessionCookie(res), 'a new Set-Cookie on re-login');
		assert.notEqual(a.session, old, 'session reissued at login');
		expectOk(await a.get('/api/v1/me'), 200);
	});

	test('neither the session token nor a password is stored in the database files (only hashes)', { skip: onlySqlite('reads the database file and its WAL; PostgreSQL: see the next test') }, async () => {
		const { password } = await createUser(await admin(), 'at_rest_u');
		const a = await login(srv, 'at_rest_u', password);
		expectOk(await a.get('/api/v1/me'));
		const bytes = Buffer.concat(
			['', '-wal', '-shm'].filter((s) => fs.existsSync(srv.db + s)).map((s) => fs.readFileSync(srv.db + s)),
		);
		assert.ok(bytes.length > 0);
		for (const secret of [a.session, password, srv.adminPassword]) {
			assert.equal(bytes.indexOf(Buffer.from(secret)), -1, `found in the database: ${secret.slice(0, 4)}…`);
		}
	});

	test('neither the session token nor a password is stored in any table (only hashes)', async () => {
		const { password } = await createUser(await admin(), 'at_rest_sql');
		const a = await login(srv, 'at_rest_sql', password);
		expectOk(await a.get('/api/v1/me'));
		// the sessions table holds a hash of the token, not the token
		const hashes = await srv.sql('SELECT token_hash FROM sessions;');
		assert.equal(hashes.code, 0, hashes.stderr);
		const stored = hashes.stdout.split('\n').filter(Boolean);
		assert.ok(stored.length >= 2, `sessions: ${stored.length}`);
		for (const h of stored) assert.ok(!h.includes(a.session) && !a.session.includes(h), 'a token stored in clear');
		// and no table anywhere holds a token or a password in clear
		const everything = IS_PG
			? "SELECT string_agg(query_to_xml(format('SELECT * FROM %I.%I', schemaname, tablename), true, false, '')::text, E'\\n') FROM pg_tables WHERE schemaname = 'public';"
			: "SELECT group_concat(t, char(10)) FROM (SELECT quote(token_hash) || quote(csrf_token) AS t FROM sessions UNION ALL SELECT username || password_hash FROM users UNION ALL SELECT coalesce(old_value, '') || coalesce(new_value, '') FROM audit_log UNION ALL SELECT key || value FROM settings);";
		const dump = await srv.sql(everything);
		assert.equal(dump.code, 0, dump.stderr);
		assert.match(dump.stdout, /at_rest_sql/, 'the dump covers the users table');
		assert.match(dump.stdout, /\$argon2/, 'the dump covers the password hashes');
		for (const secret of [a.session, password, srv.adminPassword]) {
			assert.ok(!dump.stdout.includes(secret), `found in the database: ${secret.slice(0, 4)}…`);
		}
	});

	test('a session id planted by the client is never adopted (session fixation)', async () => {
		const planted = 'fixated0123456789abcdefghijklmnopqrstuvwxyzAB';
		const a = withCookie(planted);
		const res = await a.post('/api/v1/session', { username: 'admin', password: srv.adminPassword });
		expectOk(res, 200);
		assert.notEqual(sessionCookie(res)?.value, planted);
		expectError(await withCookie(planted).get('/api/v1/me'), 401, 'unauthorized');
	});
});

describe('logout', () => {
	test('DELETE /api/v1/session → 204; then /me → 401 and the old cookie is dead server-side', async () => {
		const a = await admin();
		const cookie = a.session;
		const csrf = a.csrf;
		const res = await a.del('/api/v1/session');
		assert.equal(res.status, 204, res.text);
		assert.equal(res.text, '');
		const cleared = sessionCookie(res);
		assert.ok(cleared, 'the cookie is cleared');
		assert.ok(cleared.value === '' || cleared.attrs['max-age'] === '0', `Set-Cookie: ${res.setCookies}`);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		// replaying the saved cookie (as a thief would) does not work either
		expectError(await withCookie(cookie, csrf).get('/api/v1/me'), 401, 'unauthorized');
		const again = await withCookie(cookie, csrf).del('/api/v1/session');
		assert.ok(again.status === 401 || again.status === 204, `logout twice: ${again.status}`);
	});
});

describe('failed logins', () => {
	test('wrong password and unknown user → same status, byte-identical bodies apart from request_id', async () => {
		const adm = await admin();
		await createUser(adm, 'enum_u');
		const wrong = (await tryLogin(srv, 'enum_u', 'Wrong-password-123')).res;
		const unknown = (await tryLogin(srv, 'no_such_user_x', 'Wrong-password-123')).res;
		expectError(wrong, 401, 'unauthorized');
		expectError(unknown, 401, 'unauthorized');
		const strip = (r) => r.text.replace(r.json.error.request_id, '');
		assert.equal(strip(wrong), strip(unknown));
		const names = (r) => [...r.headers.keys()].filter((k) => !['date', 'content-length', 'x-request-id'].includes(k)).sort();
		assert.deepEqual(names(wrong), names(unknown), 'same response headers');
		assert.equal(wrong.setCookies.length, 0, 'no cookie on a failed login');
	});

	test('an unknown user costs about as much time as a wrong password (no timing oracle)', async () => {
		const adm = await admin();
		await createUser(adm, 'timing_u');
		const time = async (u) => {
			const t = process.hrtime.bigint();
			const { res } = await tryLogin(srv, u, 'Wrong-password-456');
			assert.equal(res.status, 401);
			return Number(process.hrtime.bigint() - t) / 1e6;
		};
		const median = (xs) => xs.sort((x, y) => x - y)[1];
		const known = [];
		const unknown = [];
		for (let i = 0; i < 3; i++) {
			known.push(await time('timing_u'));
			unknown.push(await time(`timing_ghost_${i}`));
		}
		// Argon2id takes tens of ms; skipping it for unknown users shows as ~1 ms.
		assert.ok(median(unknown) > 0.2 * median(known), `unknown ${unknown} ms vs known ${known} ms`);
	});

	test('5 consecutive failures → 429 locked with Retry-After, even with the right password; 15 min later login works', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'lock_u');
		for (let i = 1; i <= 5; i++) {
			expectError((await tryLogin(srv, 'lock_u', `Wrong-password-${i}0`)).res, 401, 'unauthorized');
		}
		const locked = (await tryLogin(srv, 'lock_u', password)).res;
		expectError(locked, 429, 'locked');
		const ra = Number(header(locked, 'retry-after'));
		assert.ok(ra > 0 && ra <= 15 * 60, `Retry-After ${ra}`);
		assert.equal(locked.setCookies.length, 0, 'no session while locked');
		expectError((await tryLogin(srv, 'lock_u', 'Wrong-password-60')).res, 429, 'locked');

		srv.advanceClock(14 * MIN);
		const still = (await tryLogin(srv, 'lock_u', password)).res;
		expectError(still, 429, 'locked');
		const ra2 = Number(header(still, 'retry-after'));
		assert.ok(ra2 > 0 && ra2 <= 61, `Retry-After after 14 min: ${ra2}`);

		srv.advanceClock(MIN + 2000);
		expectOk((await tryLogin(srv, 'lock_u', password)).res, 200);
	});

	test('a successful login resets the failure count', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'reset_u');
		for (let round = 0; round < 2; round++) {
			for (let i = 0; i < 4; i++) {
				expectError((await tryLogin(srv, 'reset_u', `Wrong-password-${i}00`)).res, 401, 'unauthorized');
			}
			expectOk((await tryLogin(srv, 'reset_u', password)).res, 200);
		}
	});

	test('an unknown username locks like a real one (no enumeration through the lockout)', async () => {
		for (let i = 1; i <= 5; i++) {
			expectError((await tryLogin(srv, 'ghost_lock_u', `Wrong-password-${i}1`)).res, 401, 'unauthorized');
		}
		expectError((await tryLogin(srv, 'ghost_lock_u', 'Wrong-password-61')).res, 429, 'locked');
	});

	test('the lockout is per username: other users can still log in', async () => {
		// lock_u/ghost_lock_u above were locked; admin is unaffected
		expectOk((await tryLogin(srv, 'admin', srv.adminPassword)).res, 200);
	});
});

describe('password change', () => {
	test('POST /api/v1/me/password → 200 {csrf_token} + new cookie; other sessions end; old password refused', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'pwchg_u');
		const a = await login(srv, 'pwchg_u', password);
		const b = await login(srv, 'pwchg_u', password);
		const oldCookie = a.session;
		const oldCsrf = a.csrf;
		const next = strongPassword('next');
		const res = await a.post('/api/v1/me/password', { current_password: password, new_password: next });
		expectOk(res, 200);
		assert.equal(typeof res.json.csrf_token, 'string');
		assert.notEqual(res.json.csrf_token, oldCsrf, 'a new csrf token');
		const c = sessionCookie(res);
		assert.ok(c, 'a new session cookie');
		assert.notEqual(c.value, oldCookie);
		assert.equal(c.attrs.httponly, true);

		expectOk(await a.get('/api/v1/me'), 200); // this session continues with the new cookie
		expectError(await b.get('/api/v1/me'), 401, 'unauthorized'); // the other one ended
		expectError(await withCookie(oldCookie, oldCsrf).get('/api/v1/me'), 401, 'unauthorized');
		// the old token no longer passes the CSRF check of the new session
		const stale = a.clone();
		stale.csrf = oldCsrf;
		expectError(await stale.del('/api/v1/session'), 403, 'forbidden', 'X-CSRF-Token');

		expectError((await tryLogin(srv, 'pwchg_u', password)).res, 401, 'unauthorized');
		expectOk((await tryLogin(srv, 'pwchg_u', next)).res, 200);
	});

	test('wrong current_password → 400 field current_password; nothing changes', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'pwbad_u');
		const a = await login(srv, 'pwbad_u', password);
		const b = await login(srv, 'pwbad_u', password);
		const res = await a.post('/api/v1/me/password', {
			current_password: 'Not-the-password-1',
			new_password: strongPassword(),
		});
		expectError(res, 400, 'invalid', 'current_password');
		expectOk(await a.get('/api/v1/me'), 200);
		expectOk(await b.get('/api/v1/me'), 200);
		expectOk((await tryLogin(srv, 'pwbad_u', password)).res, 200);
	});

	// R-AUTH-1: 12–128 code points, CJK allowed, not a common password.
	const refused = [
		['11 characters', 'Abcdefgh-11'],
		['11 CJK characters (33 bytes)', '社会工作服务质量评估体'],
		['11 characters of CJK extension B (44 bytes)', '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊'],
		['129 characters', 'x'.repeat(64) + 'Y'.repeat(65)],
		['a common password', 'password1234'],
		['a common password (digits)', '123456789012'],
		['empty', ''],
	];
	test('new_password breaking R-AUTH-1 → 400 field new_password; the old one still works', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'pwrule_u');
		const a = await login(srv, 'pwrule_u', password);
		for (const [what, pw] of refused) {
			const res = await a.post('/api/v1/me/password', { current_password: password, new_password: pw });
			const e = expectError(res, 400, 'invalid', 'new_password');
			assert.ok(e, what);
		}
		expectError(await a.post('/api/v1/me/password', { current_password: password }), 400, 'invalid', 'new_password');
		expectError(
			await a.post('/api/v1/me/password', { current_password: password, new_password: 123456789012345 }),
			400,
			'invalid',
			'new_password',
		);
		expectOk(await a.get('/api/v1/me'), 200);
		expectOk((await tryLogin(srv, 'pwrule_u', password)).res, 200);
	});

	test('12 CJK characters, 12 extension-B characters, 64 and 128 characters are accepted', async () => {
		const adm = await admin();
		let { password } = await createUser(adm, 'pwok_u');
		const a = await login(srv, 'pwok_u', password);
		const accepted = [
			'社会工作服务质量评估体系',
			'𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋',
			'欧阳·娜娜的社工服务记录-' + 'q'.repeat(51),
			'z'.repeat(60) + '长城长城' + 'k'.repeat(64),
		];
		for (const pw of accepted) {
			assert.ok([...pw].length >= 12 && [...pw].length <= 128, pw);
			const res = await a.post('/api/v1/me/password', { current_password: password, new_password: pw });
			expectOk(res, 200);
			password = pw;
			expectOk((await tryLogin(srv, 'pwok_u', pw)).res, 200);
		}
	});
});

describe('CSRF', () => {
	test('POST /api/v1/users without X-CSRF-Token → 403 field X-CSRF-Token; no user created', async () => {
		const a = await admin();
		const body = { username: 'csrf_victim', display_name: '跨站', role: 'audit_admin', password: strongPassword() };
		expectError(await a.post('/api/v1/users', body, { csrf: false }), 403, 'forbidden', 'X-CSRF-Token');
		expectError(
			await a.post('/api/v1/users', body, { headers: { 'x-csrf-token': 'wrong-token' } }),
			403,
			'forbidden',
			'X-CSRF-Token',
		);
		expectError(await a.post('/api/v1/users', body, { headers: { 'x-csrf-token': '' } }), 403, 'forbidden', 'X-CSRF-Token');
		const list = expectOk(await a.get('/api/v1/users?q=csrf_victim'));
		assert.deepEqual(list.items, []);
		expectError((await tryLogin(srv, 'csrf_victim', body.password)).res, 401, 'unauthorized');
	});

	test('PATCH /api/v1/users/{id} without X-CSRF-Token → 403; unchanged', async () => {
		const a = await admin();
		const { user } = await createUser(a, 'csrf_patch_u', { display_name: '原名' });
		expectError(
			await a.patch(`/api/v1/users/${user.id}`, { display_name: '改名', disabled: true }, { csrf: false }),
			403,
			'forbidden',
			'X-CSRF-Token',
		);
		const now = expectOk(await a.get(`/api/v1/users/${user.id}`));
		assert.equal(now.display_name, '原名');
		assert.equal(now.disabled, false);
	});

	test('DELETE /api/v1/session without X-CSRF-Token → 403; the session lives on', async () => {
		const a = await admin();
		expectError(await a.del('/api/v1/session', undefined, { csrf: false }), 403, 'forbidden', 'X-CSRF-Token');
		expectOk(await a.get('/api/v1/me'), 200);
	});

	test('POST /api/v1/me/password without X-CSRF-Token → 403; the password is unchanged', async () => {
		const adm = await admin();
		const { password } = await createUser(adm, 'csrf_pw_u');
		const a = await login(srv, 'csrf_pw_u', password);
		const res = await a.post('/api/v1/me/password', { current_password: password, new_password: strongPassword() }, { csrf: false });
		expectError(res, 403, 'forbidden', 'X-CSRF-Token');
		expectOk((await tryLogin(srv, 'csrf_pw_u', password)).res, 200);
	});

	test("another session's token does not pass", async () => {
		const a = await admin();
		const b = await admin();
		const mixed = a.clone();
		mixed.csrf = b.csrf;
		assert.notEqual(a.csrf, b.csrf, 'tokens are per session');
		expectError(await mixed.del('/api/v1/session'), 403, 'forbidden', 'X-CSRF-Token');
		expectOk(await a.get('/api/v1/me'), 200);
	});
});

// These move the server clock, so they run last and log in afresh.
describe('session timeouts (SHEGONG_CLOCK_FILE)', () => {
	test('idle timeout: activity keeps a session alive; 31 idle minutes → 401', async () => {
		const a = await admin();
		srv.advanceClock(29 * MIN);
		expectOk(await a.get('/api/v1/me'), 200);
		srv.advanceClock(29 * MIN);
		expectOk(await a.get('/api/v1/me'), 200);
		srv.advanceClock(31 * MIN);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		// a new login works again
		expectOk(await (await admin()).get('/api/v1/me'), 200);
	});

	test('absolute timeout: 12 h after login → 401 even while active', async () => {
		const a = await admin();
		for (let i = 1; i <= 28; i++) {
			srv.advanceClock(25 * MIN); // 28 × 25 min = 11 h 40 min
			const r = await a.get('/api/v1/me');
			assert.equal(r.status, 200, `after ${i * 25} min: ${r.status}`);
		}
		srv.advanceClock(25 * MIN); // 12 h 05 min
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
	});
});
