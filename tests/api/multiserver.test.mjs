// Several servers on one PostgreSQL database (issue 3): a session opened on
// one server works on the other, writes on one are read on the other, and
// the audit chain stays valid and gap-free with concurrent writers on both.
// Also: a server survives losing its database connections.
// PostgreSQL only (skipped with the reason on SQLite, whose database file
// belongs to one server process).

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk, header } from '../lib/check.mjs';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { anon, login, onlyPostgres, startServer } from '../lib/server.mjs';

const SKIP = onlyPostgres('several servers share one database only on PostgreSQL');

/** The same session (cookie and CSRF token) used against another server. */
function on(agent, srv) {
	const a = agent.clone();
	a.srv = srv;
	a.url = srv.url;
	return a;
}

/** One integer from SQL. */
async function sqlInt(srv, text) {
	const r = await srv.sql(text);
	assert.equal(r.code, 0, r.stderr);
	return Number(r.stdout.trim());
}

/**
 * Send a request; on 503 check Retry-After and try again (up to `tries`).
 * Returns {res, busy: number of 503s seen}.
 */
async function withRetry(fn, tries = 5) {
	let busy = 0;
	for (let i = 0; ; i++) {
		const res = await fn();
		if (res.status !== 503 || i + 1 >= tries) return { res, busy };
		busy += 1;
		assert.match(header(res, 'retry-after') ?? '', /^\d+$/, `503 without Retry-After: ${res.text}`);
		await sleep(50 + 50 * i);
	}
}

/** The server's database errors (sqlstate and message) for a report. */
function dbErrors(...servers) {
	return servers
		.flatMap((s) => s.logJson())
		.filter((j) => /database|db/i.test(j.msg ?? '') && (j.sqlstate !== undefined || j.level === 'error' || j.level === 'warn'))
		.map((j) => JSON.stringify(j));
}

describe('two servers on one database', { skip: SKIP }, () => {
	let a;
	let b;
	let adminA; // a session opened on A
	const writes = { users: [] };

	before(async () => {
		a = await startServer({ serveArgs: ['--threads', '4'] });
		b = await a.spawnAnother({ serveArgs: ['--threads', '4'] });
		adminA = await login(a, 'admin', a.adminPassword);
	});
	after(async () => {
		await b?.stop();
		await a?.stop();
	});

	test('both serve the same database; B was not initialised again', async () => {
		assert.equal(a.db, b.db);
		assert.notEqual(a.port, b.port);
		expectOk(await anon(b).get('/healthz'));
		assert.equal(await sqlInt(a, "SELECT count(*) FROM users WHERE username = 'admin';"), 1);
	});

	test('a session opened on A works on B: GET /api/v1/me and a write with its CSRF token', async () => {
		const onB = on(adminA, b);
		const me = expectOk(await onB.get('/api/v1/me'));
		assert.equal(me.user.username, 'admin');
		assert.equal(me.csrf_token, adminA.csrf, 'the same CSRF token on both servers');
		const { user } = await createUser(onB, 'ms_by_b', { role: 'civil_affairs', display_name: '乙服务器建' });
		writes.users.push(user);
		// and without the token, B refuses the write like A would
		expectError(await onB.post('/api/v1/users', { username: 'ms_nocsrf' }, { csrf: false }), 403, 'forbidden');
		const onA = expectOk(await adminA.get(`/api/v1/users/${user.id}`));
		assert.equal(onA.display_name, '乙服务器建');
	});

	test('a user created on A is read on B, and logs in on B', async () => {
		const { user, password } = await createUser(adminA, 'ms_by_a', { role: 'audit_admin', display_name: '甲服务器建' });
		writes.users.push(user);
		const onB = on(adminA, b);
		const got = expectOk(await onB.get(`/api/v1/users/${user.id}`));
		assert.equal(got.username, 'ms_by_a');
		assert.equal(got.display_name, '甲服务器建');
		const listed = expectOk(await onB.get('/api/v1/users?q=ms_by_a&limit=200')).items;
		assert.deepEqual(
			listed.map((u) => u.id),
			[user.id],
		);
		const u = await login(b, 'ms_by_a', password);
		expectOk(await u.get('/api/v1/audit?limit=1'));
		expectOk(await on(u, a).get('/api/v1/audit?limit=1'));
	});

	test('an update on B is seen on A at once', async () => {
		const [user] = writes.users;
		expectOk(await on(adminA, b).patch(`/api/v1/users/${user.id}`, { display_name: '乙改名' }));
		assert.equal(expectOk(await adminA.get(`/api/v1/users/${user.id}`)).display_name, '乙改名');
	});

	test('logout on B ends the session on A', async () => {
		const s = await login(a, 'admin', a.adminPassword);
		expectOk(await s.get('/api/v1/me'));
		const onB = on(s, b);
		assert.equal((await onB.del('/api/v1/session')).status, 204);
		expectError(await s.get('/api/v1/me'), 401, 'unauthorized');
		expectError(await on(s, b).get('/api/v1/me'), 401, 'unauthorized');
		expectOk(await adminA.get('/api/v1/me'), 200); // other sessions live on
	});

	test('a password change on A ends the user’s sessions on B', async () => {
		const { user, password } = await createUser(adminA, 'ms_pw', { role: null });
		const onB = await login(b, 'ms_pw', password);
		expectOk(await onB.get('/api/v1/me'));
		assert.equal((await adminA.post(`/api/v1/users/${user.id}/password`, { password: strongPassword('mspw') })).status, 204);
		expectError(await onB.get('/api/v1/me'), 401, 'unauthorized');
	});

	test('a user disabled on B is refused on A', async () => {
		const { user, password } = await createUser(adminA, 'ms_dis', { role: null });
		const s = await login(a, 'ms_dis', password);
		expectOk(await on(adminA, b).patch(`/api/v1/users/${user.id}`, { disabled: true }));
		expectError(await s.get('/api/v1/me'), 401, 'unauthorized');
		expectError((await anon(a).post('/api/v1/session', { username: 'ms_dis', password })), 401, 'unauthorized');
	});

	test('concurrent writers on both servers: 2×30 PATCHes all succeed; verify passes; audit ids are contiguous', async (t) => {
		const N = 30;
		const targets = [];
		for (let i = 0; i < 3; i++) targets.push((await createUser(adminA, `ms_conc${i}`, { role: 'civil_affairs' })).user);

		const before = await sqlInt(a, 'SELECT count(*) FROM audit_log;');
		// two fresh sessions, one on each server (2 audited logins)
		const onA = await login(a, 'admin', a.adminPassword);
		const onB = await login(b, 'admin', a.adminPassword);
		const sent = new Map(); // user id → display names sent
		let busy = 0;
		const fire = (agent, tag, i) => {
			const u = targets[i % targets.length];
			const name = `并发${tag}${i}`;
			if (!sent.has(u.id)) sent.set(u.id, new Set());
			sent.get(u.id).add(name);
			return withRetry(() => agent.patch(`/api/v1/users/${u.id}`, { display_name: name }, { timeout: 30000 }));
		};
		const jobs = [];
		for (let i = 0; i < N; i++) jobs.push(fire(onA, 'A', i), fire(onB, 'B', i));
		const results = await Promise.all(jobs);
		for (const r of results) busy += r.busy;
		const bad = results.filter((r) => r.res.status !== 200);
		assert.deepEqual(
			bad.map((r) => `${r.res.status} ${r.res.text}`),
			[],
			`failed writes\n${dbErrors(a, b).join('\n')}`,
		);
		t.diagnostic(`503 responses retried: ${busy}`);
		if (busy) t.diagnostic(dbErrors(a, b).slice(-10).join('\n'));

		// every write and both logins are in the log, once each
		const after = await sqlInt(a, 'SELECT count(*) FROM audit_log;');
		assert.equal(after - before, 2 * N + 2, `audit entries added: ${after - before}, expected ${2 * N} writes + 2 logins`);
		const span = await a.sql('SELECT min(id), max(id), count(*), count(DISTINCT id) FROM audit_log;');
		const [min, max, count, distinct] = span.stdout.trim().split('|').map(Number);
		assert.equal(min, 1);
		assert.equal(max, count, `ids 1..${max} without gaps (${count} entries)`);
		assert.equal(distinct, count);
		const head = await a.sql('SELECT last_id FROM audit_head;');
		assert.equal(Number(head.stdout.trim()), max, 'audit_head names the newest entry');

		// each user ends with one of the names sent to it
		for (const u of targets) {
			const got = expectOk(await adminA.get(`/api/v1/users/${u.id}`)).display_name;
			assert.ok(sent.get(u.id).has(got), `${u.id}: ${got}`);
		}

		const v = await a.cli(['verify']);
		assert.equal(v.code, 0, v.stdout + v.stderr);
		assert.match(v.stdout, new RegExp(`^audit chain ok: ${count} entries$`, 'm'));
	});

	test('concurrent updates of one user: each audit entry’s old value is the previous entry’s new value', async (t) => {
		// Two servers patch the same user at once. The log must tell the
		// user's history as it happened: the "old" of each update is what
		// the update before it wrote (no stale reads outside the write's
		// transaction), and no update is lost.
		const { user } = await createUser(adminA, 'ms_hist', { role: 'civil_affairs', display_name: '起点' });
		const onB = on(adminA, b);
		const jobs = [];
		for (let i = 0; i < 15; i++) {
			jobs.push(withRetry(() => adminA.patch(`/api/v1/users/${user.id}`, { display_name: `甲${i}` })));
			jobs.push(withRetry(() => onB.patch(`/api/v1/users/${user.id}`, { display_name: `乙${i}` })));
		}
		const results = await Promise.all(jobs);
		assert.deepEqual(results.filter((r) => r.res.status !== 200).map((r) => `${r.res.status} ${r.res.text}`), []);
		const r = await a.sql(
			`SELECT old_value, new_value FROM audit_log WHERE action = 'user.update' AND object_id = '${user.id}' ORDER BY id;`,
		);
		assert.equal(r.code, 0, r.stderr);
		const rows = r.stdout.trim().split('\n').map((line) => line.split('|').map((x) => JSON.parse(x)));
		assert.equal(rows.length, 30);
		let prev = '起点';
		const stale = [];
		for (const [oldv, newv] of rows) {
			if (oldv.display_name !== prev) stale.push(`${oldv.display_name} (was ${prev}) → ${newv.display_name}`);
			prev = newv.display_name;
		}
		t.diagnostic(`stale old values: ${stale.length} of ${rows.length}`);
		assert.deepEqual(stale, [], 'audit old_value differs from the value the previous update wrote');
		assert.equal(expectOk(await adminA.get(`/api/v1/users/${user.id}`)).display_name, prev, 'the last logged value is the current one');
	});

	test('concurrent PATCHes of different fields of one user: none is lost', async (t) => {
		// A disables the user while B renames it (several times, to overlap):
		// B's renames must not write back the `disabled` flag it read before A's
		// update committed.
		const onB = on(adminA, b);
		const lost = [];
		for (let round = 0; round < 6; round++) {
			const { user } = await createUser(adminA, `ms_lost${round}`, { role: 'civil_affairs' });
			const jobs = [];
			for (let i = 0; i < 8; i++) {
				jobs.push(withRetry(() => onB.patch(`/api/v1/users/${user.id}`, { display_name: `改名${round}_${i}` })));
				if (i === 3) jobs.push(withRetry(() => adminA.patch(`/api/v1/users/${user.id}`, { disabled: true })));
			}
			const results = await Promise.all(jobs);
			assert.deepEqual(results.filter((r) => r.res.status !== 200).map((r) => `${r.res.status} ${r.res.text}`), []);
			const now = expectOk(await adminA.get(`/api/v1/users/${user.id}`));
			if (now.disabled !== true) lost.push(`${user.username}: disabled=${now.disabled}`);
		}
		t.diagnostic(`rounds where the disable was lost: ${lost.length} of 6`);
		assert.deepEqual(lost, [], 'an acknowledged PATCH {disabled:true} was overwritten by a concurrent rename');
	});
});

describe('two servers: the last active administrator', { skip: SKIP }, () => {
	let a;
	let b;
	before(async () => {
		a = await startServer({ serveArgs: ['--threads', '4'] });
		b = await a.spawnAnother({ serveArgs: ['--threads', '4'] });
	});
	after(async () => {
		await b?.stop();
		await a?.stop();
	});

	test('two administrators cannot disable each other, on two servers at once (三员分立): both stay active', async () => {
		// a second system administrator is the command line's to make
		const password = strongPassword('adm');
		const made = await a.cli(['user', 'add', 'ms_admin2', '--role', 'admin'], { input: `${password}\n` });
		assert.equal(made.code, 0, made.stderr);
		const first = await login(a, 'admin', a.adminPassword);
		const second = await login(b, 'ms_admin2', password);
		const activeAdmins = () => sqlInt(a, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0;");
		for (let round = 0; round < 4; round++) {
			const [rx, ry] = await Promise.all([
				first.patch(`/api/v1/users/${second.user.id}`, { disabled: true }),
				second.patch(`/api/v1/users/${first.user.id}`, { disabled: true }),
			]);
			assert.equal(rx.status, 403, rx.text);
			assert.equal(ry.status, 403, ry.text);
			assert.equal(await activeAdmins(), 2);
		}
	});
});

describe('losing the database connections', { skip: onlyPostgres('terminates the server’s PostgreSQL backends (pg_terminate_backend)') }, () => {
	let srv;
	let admin;
	const terminate = async () => {
		const n = await sqlInt(
			srv,
			'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();',
		);
		return n;
	};

	before(async () => {
		srv = await startServer({ serveArgs: ['--threads', '1'] });
		admin = await login(srv, 'admin', srv.adminPassword);
	});
	after(() => srv?.stop());

	test('terminated backends: the next request gives 200 or 503 with Retry-After (no hang, no crash); then all succeed', async (t) => {
		expectOk(await anon(srv).get('/healthz'));
		const killed = await terminate();
		assert.ok(killed >= 1, `terminated ${killed} backend(s) of the server`);
		const statuses = [];
		for (let i = 0; i < 3; i++) {
			const r = await admin.get('/api/v1/me', { timeout: 10000 });
			statuses.push(r.status);
			if (r.status === 503) {
				assert.match(header(r, 'retry-after') ?? '', /^\d+$/, 'Retry-After on 503');
				assert.equal(r.json?.error?.code, 'unavailable', r.text);
			} else {
				assert.equal(r.status, 200, r.text);
			}
		}
		t.diagnostic(`statuses after the terminate: ${statuses.join(' ')}`);
		assert.ok(statuses.filter((s) => s === 503).length <= 1, `at most one 503 per connection: ${statuses}`);
		assert.equal(statuses.at(-1), 200);
		assert.equal(srv.exitInfo, null, 'the server is still running');
		expectOk(await anon(srv).get('/healthz'), 200);
		// the session survived; writes work and are audited
		const { user } = await createUser(admin, 'after_reconnect', { role: null });
		expectOk(await admin.patch(`/api/v1/users/${user.id}`, { display_name: '重连之后' }));
		await srv.waitForLog((j) => /reconnect/i.test(j.msg ?? ''), 2000);
	});

	test('terminated while idle, first request is /healthz: 503 with Retry-After or 200, then 200', async () => {
		await terminate();
		const first = await anon(srv).get('/healthz', { timeout: 10000 });
		assert.ok(first.status === 200 || first.status === 503, `${first.status} ${first.text}`);
		if (first.status === 503) assert.match(header(first, 'retry-after') ?? '', /^\d+$/);
		expectOk(await anon(srv).get('/healthz'), 200);
		expectOk(await admin.get('/api/v1/me'), 200);
	});

	test('terminated under load (4 threads, 40 concurrent requests): only 200s and 503s with Retry-After; retries succeed', async (t) => {
		const s = await startServer({ serveArgs: ['--threads', '4'] });
		try {
			const adm = await login(s, 'admin', s.adminPassword);
			// warm up every thread's connection
			await Promise.all(Array.from({ length: 16 }, () => anon(s).get('/healthz')));
			const killed = await sqlInt(
				s,
				'SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();',
			);
			assert.ok(killed >= 1);
			const results = await Promise.all(
				Array.from({ length: 40 }, (_, i) =>
					withRetry(() => (i % 2 ? adm.get('/api/v1/me', { timeout: 10000 }) : anon(s).get('/healthz', { timeout: 10000 })), 5),
				),
			);
			const busy = results.reduce((n, r) => n + r.busy, 0);
			t.diagnostic(`backends terminated: ${killed}; 503 responses: ${busy}`);
			assert.deepEqual(results.filter((r) => r.res.status !== 200).map((r) => `${r.res.status} ${r.res.text}`), []);
			assert.ok(busy <= killed, `at most one 503 per lost connection (${busy} > ${killed})`);
			expectOk(await adm.patch(`/api/v1/users/${adm.user.id}`, { display_name: '负载后' }));
			const v = await s.cli(['verify']);
			assert.equal(v.code, 0, v.stdout + v.stderr);
		} finally {
			await s.stop();
		}
	});
});
