// Administrative divisions (R-DIV-1): `shegong import divisions` of the small
// fixture in tests/fixtures/divisions, then read, children, search, bad
// input, 404 and 401. Any signed-in role may read divisions.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, anon, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv;
let worker; // a social worker: the narrowest role still reads divisions

before(async () => {
	srv = await startServer();
});
after(() => srv?.stop());

// The worker's station must exist (R-ROLE-1), and createUser makes it exist
// in a division of the fixture: so the worker is made after the import,
// which then finds the divisions as the fixture has them.
async function makeWorker() {
	if (worker) return;
	const admin = await login(srv, 'admin', srv.adminPassword);
	const { password } = await createUser(admin, 'div_worker', { role: 'social_worker' });
	worker = await login(srv, 'div_worker', password);
}

const q = (text) => `/api/v1/divisions?q=${encodeURIComponent(text)}`;

describe('import', () => {
	test('shegong import divisions: 13 inserted, then nothing changed; one audit entry each', async () => {
		const first = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /13 inserted, 0 updated, 0 unchanged/);
		assert.equal(first.stderr, '', 'no progress output when stderr is not a terminal');
		const again = await srv.cli(['import', 'divisions'], { env: { SHEGONG_DIVISIONS_DIR: FIXTURE } });
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /nothing changed \(13 unchanged\)/);
		const r = await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'division.import'");
		assert.equal(r.stdout.trim(), '2');
	});

	test('bad --province and a missing directory → exit 1, nothing written', async () => {
		for (const p of ['5', '50,', '50;11', ',50', '50,1', '99', '50,,11']) {
			const bad = await srv.cli(['import', 'divisions', '--from', FIXTURE, '--province', p]);
			assert.equal(bad.code, 1, p);
			assert.match(bad.stderr, /province/, p);
		}
		// a list of provinces is read in one pass; both are there already
		const two = await srv.cli(['import', 'divisions', '--from', FIXTURE, '--province', '50,11']);
		assert.equal(two.code, 0, two.stderr);
		assert.match(two.stdout, /nothing changed \(13 unchanged\)/);
		const missing = await srv.cli(['import', 'divisions', '--from', path.join(FIXTURE, 'nope')]);
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /provinces\.json/);
		const r = await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'division.import'");
		assert.equal(r.stdout.trim(), '3');
	});
});

describe('read', () => {
	before(makeWorker);

	test('GET /api/v1/divisions/{code} → the division and its ancestors', async () => {
		const d = expectOk(await worker.get('/api/v1/divisions/500110001002'));
		assert.deepEqual(d, {
			code: '500110001002',
			name: '古南社区居委会',
			level: 'village',
			parent_code: '500110001',
			path: [
				{ code: '50', name: '重庆市', level: 'province' },
				{ code: '5001', name: '市辖区', level: 'prefecture' },
				{ code: '500110', name: '綦江区', level: 'county' },
				{ code: '500110001', name: '古南街道', level: 'township' },
			],
		});
		const p = expectOk(await worker.get('/api/v1/divisions/50'));
		assert.equal(p.parent_code, null);
		assert.deepEqual(p.path, []);
	});

	for (const bad of ['5', '5001101', '50011x', '0011', '5001100010011']) {
		test(`GET /api/v1/divisions/${bad} → 400 field code, rule R-DIV-1`, async () => {
			const e = expectError(await worker.get(`/api/v1/divisions/${bad}`), 400, 'invalid', 'code');
			assert.equal(e.rule, 'R-DIV-1');
		});
	}

	test('an unknown code → 404', async () => {
		expectError(await worker.get('/api/v1/divisions/500111'), 404, 'not_found');
	});

	test('no session → 401', async () => {
		expectError(await anon(srv).get('/api/v1/divisions/50'), 401);
		expectError(await anon(srv).get('/api/v1/divisions'), 401);
		expectError(await anon(srv).get(q('綦江区')), 401);
	});
});

describe('children', () => {
	before(makeWorker);

	test('no parent → the provinces', async () => {
		const page = expectOk(await worker.get('/api/v1/divisions'));
		assert.deepEqual(
			page.items.map((d) => d.code),
			['11', '50'],
		);
		assert.equal(page.next_cursor, null);
	});

	test('parent, limit and cursor page through the children in code order', async () => {
		const p1 = expectOk(await worker.get('/api/v1/divisions?parent=500110&limit=1'));
		assert.deepEqual(p1.items, [{ code: '500110001', name: '古南街道', level: 'township', parent_code: '500110' }]);
		assert.equal(p1.next_cursor, '500110001');
		const p2 = expectOk(await worker.get(`/api/v1/divisions?parent=500110&limit=1&cursor=${p1.next_cursor}`));
		assert.deepEqual(
			p2.items.map((d) => d.code),
			['500110002'],
		);
		assert.equal(p2.next_cursor, null);
	});

	test('a village has no children; a malformed parent → 400; an unknown parent → 404', async () => {
		assert.deepEqual(expectOk(await worker.get('/api/v1/divisions?parent=500110001002')).items, []);
		const e = expectError(await worker.get('/api/v1/divisions?parent=50a'), 400, 'invalid', 'parent');
		assert.equal(e.rule, 'R-DIV-1');
		expectError(await worker.get('/api/v1/divisions?parent=5101'), 404, 'not_found', 'parent');
		expectError(await worker.get('/api/v1/divisions?limit=0'), 400, 'invalid', 'limit');
		expectError(await worker.get('/api/v1/divisions?cursor=x'), 400, 'invalid', 'cursor');
	});
});

describe('search', () => {
	before(makeWorker);

	const codes = (page) => page.items.map((d) => d.code);

	test('three characters or more: anywhere in a name, higher levels first, with the path', async () => {
		const r = expectOk(await worker.get(q('綦江区')));
		assert.deepEqual(codes(r), ['500110']);
		assert.deepEqual(
			r.items[0].path.map((d) => d.name),
			['重庆市', '市辖区'],
		);
		assert.deepEqual(codes(expectOk(await worker.get(q('居委会')))), ['110101001001', '500110001001', '500110001002']);
		assert.deepEqual(codes(expectOk(await worker.get(q('南社区')))), ['500110001002']);
		assert.deepEqual(codes(expectOk(await worker.get(`${q('居委会')}&limit=1`))), ['110101001001']);
	});

	test('one or two characters: the start of a name', async () => {
		assert.deepEqual(codes(expectOk(await worker.get(q('綦江')))), ['500110', '500110002001']);
		assert.deepEqual(codes(expectOk(await worker.get(q('古南')))), ['500110001', '500110001002']);
		assert.deepEqual(codes(expectOk(await worker.get(q('东')))), ['110101', '110101001']);
		assert.deepEqual(codes(expectOk(await worker.get(q('南街')))), []);
	});

	test("the engines' query syntax is plain text", async () => {
		for (const text of ['"古南', '古*', '%', '_', 'a OR b', '古南%', "'; --"]) {
			assert.deepEqual(codes(expectOk(await worker.get(q(text)))), [], text);
		}
	});

	test('bad search input → 400 naming the field', async () => {
		expectError(await worker.get(q('长'.repeat(33))), 400, 'invalid', 'q');
		expectError(await worker.get(`${q('綦江')}&parent=50`), 400, 'invalid', 'parent');
		expectError(await worker.get(`${q('綦江')}&cursor=50`), 400, 'invalid', 'cursor');
	});
});
