// The access log: one JSON line on stderr per request, with method, status and
// duration; never a password, cookie or token. SECURITY "Audit" (no secrets
// in logs, CR/LF escaped).

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { expectOk } from '../lib/check.mjs';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { anon, login, parseJson, rawRequest, startServer, tryLogin } from '../lib/server.mjs';

let srv;
let admin;
const secrets = new Set();

before(async () => {
	srv = await startServer();
	secrets.add(srv.adminPassword);
	admin = await login(srv, 'admin', srv.adminPassword);
	secrets.add(admin.session);
	secrets.add(admin.csrf);
});
after(() => srv?.stop());

const isAccess = (j) => j && typeof j === 'object' && 'method' in j && 'status' in j;
const accessLines = () => srv.logJson().filter(isAccess);
const durationOf = (j) => {
	const k = Object.keys(j).find((key) => /^(dur|ms$|elapsed|latency)/.test(key));
	return k === undefined ? undefined : j[k];
};

describe('access log', () => {
	test('every stderr line is one JSON object with ts, level and msg; the first says "listening"', () => {
		assert.ok(srv.logs.length >= 1);
		for (const line of srv.logs) {
			const j = parseJson(line);
			assert.ok(j && typeof j === 'object' && !Array.isArray(j), `not a JSON object: ${line}`);
			assert.ok('ts' in j && 'level' in j && 'msg' in j, `ts/level/msg: ${line}`);
		}
		const first = JSON.parse(srv.logs[0]);
		assert.equal(first.msg, 'listening');
		assert.equal(first.level, 'info');
		assert.match(first.listen, /^127\.0\.0\.1:\d+$/);
	});

	const cases = [
		['GET', '/healthz', () => anon(srv).get('/healthz')],
		['GET', '/api/v1/me', () => admin.get('/api/v1/me')],
		['GET', '/api/v1/me', () => anon(srv).get('/api/v1/me')],
		['GET', '/api/v1/nope', () => anon(srv).get('/api/v1/nope')],
		['PUT', '/api/v1/session', () => anon(srv).put('/api/v1/session', {})],
		['POST', '/api/v1/session', () => anon(srv).post('/api/v1/session', undefined, { raw: '{"username":' })],
		['POST', '/api/v1/session', () => tryLogin(srv, 'admin', srv.adminPassword).then((x) => x.res)],
		['GET', '/', () => anon(srv).get('/')],
		['GET', '/users', () => anon(srv).get('/users')],
	];
	for (const [method, path, send] of cases) {
		test(`${method} ${path} → exactly one access line with method, status, duration`, async () => {
			const res = await send();
			const rid = res.headers.get('x-request-id');
			assert.ok(rid, 'X-Request-Id');
			const mine = () => srv.logJson().filter((j) => Object.values(j).includes(rid));
			// the line is written when the response is complete, maybe after the client has it
			for (let waited = 0; mine().length === 0 && waited < 3000; waited += 20) await sleep(20);
			await sleep(100); // let a duplicate, if any, arrive
			const lines = mine();
			assert.equal(lines.length, 1, `one line naming request ${rid}, got:\n${lines.map((x) => JSON.stringify(x)).join('\n')}`);
			const j = lines[0];
			assert.ok(isAccess(j));
			assert.equal(j.method, method);
			assert.equal(Number(j.status), res.status);
			const d = durationOf(j);
			assert.equal(typeof d, 'number', `a duration field: ${JSON.stringify(j)}`);
			assert.ok(d >= 0);
			assert.equal(j.path, path, `the path is logged: ${JSON.stringify(j)}`);
		});
	}

	test('the number of access lines equals the number of requests', async () => {
		await sleep(200);
		const n = accessLines().length;
		for (let i = 0; i < 10; i++) await anon(srv).get(i % 2 ? '/healthz' : '/api/v1/nope');
		for (let waited = 0; accessLines().length < n + 10 && waited < 3000; waited += 20) await sleep(20);
		await sleep(150);
		assert.equal(accessLines().length, n + 10);
	});

	test('a URL with an encoded newline cannot forge a log line', async () => {
		const n = srv.logs.length;
		await rawRequest(srv, { path: '/api/v1/nope%0A%7B%22msg%22%3A%22forged%22%7D%0D%0Ax' });
		await rawRequest(srv, { path: '/x%0A%7B%22msg%22%3A%22forged%22%7D', headers: { 'user-agent': 'ua\u0085{"msg":"forged"}' } });
		await sleep(200);
		for (const line of srv.logs.slice(n)) {
			const j = parseJson(line);
			assert.ok(j, `not JSON: ${line}`);
			assert.notEqual(j.msg, 'forged');
		}
	});
});

describe('no secrets in stderr', () => {
	test('passwords, session cookies and CSRF tokens never appear in the logs', async () => {
		const { user, password } = await createUser(admin, 'log_u', { role: 'mentor' });
		secrets.add(password);
		const wrong = 'Wrong-log-password-99';
		secrets.add(wrong);
		await tryLogin(srv, 'log_u', wrong);
		await tryLogin(srv, 'nobody_log', wrong);
		const u = await login(srv, 'log_u', password);
		secrets.add(u.session);
		secrets.add(u.csrf);
		expectOk(await u.get('/api/v1/me'));
		const next = strongPassword('lognext');
		secrets.add(next);
		const chg = await u.post('/api/v1/me/password', { current_password: password, new_password: next });
		expectOk(chg);
		secrets.add(u.session);
		secrets.add(u.csrf);
		const reset = strongPassword('logreset');
		secrets.add(reset);
		await admin.post(`/api/v1/users/${user.id}/password`, { password: reset });
		// a malformed body holding a password is not echoed either
		const echo = 'Echoed-password-in-bad-json-77';
		secrets.add(echo);
		await anon(srv).post('/api/v1/session', undefined, { raw: `{"username":"log_u","password":"${echo}"` });
		await anon(srv).post('/api/v1/session', undefined, { raw: `{"username":"log_u","password":"${echo}","x":1}` });
		await admin.get('/api/v1/me', { headers: { authorization: `Bearer ${echo}` } });
		expectOk(await admin.del('/api/v1/session'), 204);
		await sleep(200);

		const text = srv.logs.join('\n');
		assert.ok(secrets.size >= 10);
		for (const s of secrets) {
			assert.ok(typeof s === 'string' && s.length >= 12, `secret ${s}`);
			assert.ok(!text.includes(s), `stderr contains a secret (${s.slice(0, 4)}…)`);
		}
		assert.doesNotMatch(text, /\$argon2/);
		assert.doesNotMatch(text, /sg_session=/);
	});
});
