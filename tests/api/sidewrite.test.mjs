// An audited read holds no write lock while it builds its answer: the
// export of 100,000 organisations writes its audit entry and commits it
// before it renders the rows into a file, so a clerk's write meanwhile
// completes in well under a second, before the export does (db.h "side
// write"). Before, the entry
// turned the request's read snapshot into a write transaction held until
// the file was built (SQLite's write lock; on PostgreSQL the audit_head row
// lock every write needs).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectOk } from '../lib/check.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
const ROWS = 100000;
let srv, civil;

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	const pg = srv.backend === 'postgres';
	const seeded = await srv.sql(
		[
			pg ? '' : 'PRAGMA busy_timeout = 10000;',
			`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})`,
			" INSERT INTO orgs (type, name, uscc, division_code, created_at, updated_at)",
			" SELECT 'social_org', '批量机构' || i, 'BULK' || i, '500110', 0, 0 FROM n;",
		].join('\n'),
	);
	assert.equal(seeded.code, 0, seeded.stderr);
	const admin = await login(srv, 'admin', srv.adminPassword);
	const { password } = await createUser(admin, 'side_civil', { role: 'civil_affairs', scope: { divisions: ['500110'] } });
	civil = await login(srv, 'side_civil', password);
});
after(() => srv?.stop());

describe('side writes of a read', () => {
	// Under the sanitizers every step is several times slower and the two
	// server threads compete with the export for the CPU, so the 1 s bound
	// measures the build, not the lock: the plain SQLite and PostgreSQL
	// passes run it.
	const sanitized = /\/asan\//.test(process.env.SHEGONG_BIN ?? '');
	test('a write during an export of 100,000 rows completes before the export does', { timeout: 120000, skip: sanitized && 'timing under ASan' }, async (t) => {
		const audited = async () => Number((await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'org.export'")).stdout.trim());
		let done = false;
		const started = Date.now();
		const exporting = civil.get('/api/v1/orgs/export?format=xlsx', { timeout: 110000 }).then((r) => {
			done = true;
			return r;
		});
		// the export's audit entry is committed before the file is built:
		// from then on the export holds no write lock
		while (!done && (await audited()) === 0) await new Promise((r) => setTimeout(r, 20));
		assert.equal(done, false, 'the export was still building its file');
		const t0 = Date.now();
		const res = await civil.post('/api/v1/catalog/items', { area_code: 'elderly_services', name_zh: '导出期间新增', division_code: '500110' });
		const ms = Date.now() - t0;
		assert.equal(res.status, 201, res.text);
		assert.equal(done, false, `the write (${ms} ms) waited for the export`);
		// the file takes seconds to build; a write held behind it would too
		// How long it took is reported, not asserted: on this 2-core machine
		// under the whole suite's load it varies from 6 ms to over a second
		// for reasons other than a lock (tests/unit/test_db.c test_side_write
		// proves the lock is gone); make bench is the place for times.
		const exported = await exporting;
		assert.equal(exported.status, 200, exported.text);
		t.diagnostic(`export of ${ROWS} rows: ${Date.now() - started} ms; a write meanwhile: ${ms} ms`);
	});
});
