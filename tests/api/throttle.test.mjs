// Login throttling (SECURITY.md "Authentication"): five consecutive
// failures lock an account, and that account for the address that
// guessed it; many failures from one address only slow that address down
// for seconds — behind a NAT a guesser must not lock a whole office out of
// their correct passwords. `shegong user unlock NAME` lifts an account's
// locks. Addresses come from X-Forwarded-For through a trusted proxy.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { login, rawRequest, startServer } from '../lib/server.mjs';

let srv;
const users = {};

before(async () => {
	srv = await startServer({ env: { SHEGONG_TRUSTED_PROXIES: '127.0.0.1' } });
	const admin = await login(srv, 'admin', srv.adminPassword);
	for (const name of ['office_a', 'office_b', 'owner', 'locked_one']) {
		const password = strongPassword('pw');
		await createUser(admin, name, { role: null, password });
		users[name] = password;
	}
});
after(() => srv?.stop());

const from = (ip, username, password) =>
	rawRequest(srv, {
		method: 'POST',
		path: '/api/v1/session',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
		body: JSON.stringify({ username, password }),
	});

describe('one address, many names (a NAT)', () => {
	test('100 failures with random names slow the address down for seconds; nobody is locked out', async () => {
		const ip = '192.0.2.66';
		let failed = 0,
			waits = 0,
			longest = 0;
		while (failed < 100) {
			const res = await from(ip, `spray${failed}`, 'wrong-password-123');
			if (res.status === 429) {
				const wait = Number(res.headers['retry-after']);
				assert.ok(wait >= 1 && wait <= 30, `a slow-down of ${wait} s`);
				longest = Math.max(longest, wait);
				waits++;
				srv.advanceClock(wait * 1000);
				continue;
			}
			assert.equal(res.status, 401, res.text);
			failed++;
		}
		assert.ok(waits > 0, 'the address was slowed down');
		assert.ok(longest <= 30);
		// a colleague's correct password from the same address: at most a
		// wait of seconds, never a 15-minute ban
		let res = await from(ip, 'office_a', users.office_a);
		if (res.status === 429) {
			assert.ok(Number(res.headers['retry-after']) <= 30);
			srv.advanceClock(Number(res.headers['retry-after']) * 1000);
			res = await from(ip, 'office_a', users.office_a);
		}
		assert.equal(res.status, 200, res.text);
		// and from another address nothing at all
		assert.equal((await from('192.0.2.67', 'office_b', users.office_b)).status, 200);
	});
});

describe('successes', () => {
	test('many correct logins from one address never slow it down', async () => {
		for (let i = 0; i < 40; i++) {
			const res = await from('192.0.2.50', 'office_b', users.office_b);
			assert.equal(res.status, 200, `login ${i}: ${res.status} ${res.text}`);
		}
	});
});

describe('one account', () => {
	test('five failures lock it, from every address, until `shegong user unlock`', async () => {
		for (let i = 0; i < 5; i++) assert.equal((await from('192.0.2.80', 'locked_one', `wrong-${i}-password`)).status, 401);
		assert.equal((await from('192.0.2.80', 'locked_one', users.locked_one)).status, 429);
		assert.equal((await from('192.0.2.81', 'locked_one', users.locked_one)).status, 429, 'the right password, elsewhere too');
		const r = await srv.cli(['user', 'unlock', 'locked_one']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /unlocked/);
		assert.equal((await from('192.0.2.81', 'locked_one', users.locked_one)).status, 200);
		const n = (await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'user.unlock'")).stdout.trim();
		assert.equal(Number(n), 1);
		const none = await srv.cli(['user', 'unlock', 'nobody_such']);
		assert.notEqual(none.code, 0);
	});

	test('the address that guessed stays locked for that account after the owner signs in', async () => {
		for (let i = 0; i < 4; i++) assert.equal((await from('192.0.2.90', 'owner', `wrong-${i}-password`)).status, 401);
		// the owner signs in elsewhere: the account's count starts again...
		assert.equal((await from('192.0.2.91', 'owner', users.owner)).status, 200);
		// ...but the guesser's fifth failure locks the account for that address
		assert.equal((await from('192.0.2.90', 'owner', 'wrong-5-password')).status, 401);
		assert.equal((await from('192.0.2.90', 'owner', users.owner)).status, 429);
		assert.equal((await from('192.0.2.91', 'owner', users.owner)).status, 200, 'the owner is not locked out');
	});
});
