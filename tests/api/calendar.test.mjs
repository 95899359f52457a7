// The working-day calendar (domain/calendar.h, R-PROC-3): `shegong import
// holidays` of tests/fixtures/holidays (2025 and 2026, the chinese-days
// format), the year's days, the end of a period of working days around
// Spring Festival and National Day, a year that was never imported, local
// days and who may add them, and the audit entries. The server starts
// without the package's data (SHEGONG_HOLIDAYS_DIR names nothing), so the
// calendar holds exactly what the tests import.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, anon, login, newDatabase, removeDir, run, sqlOn, startServer, tempDir } from '../lib/server.mjs';

const HOLIDAYS = path.join(REPO, 'tests/fixtures/holidays');
const DIVISIONS = path.join(REPO, 'tests/fixtures/divisions');
const PACKAGE = path.join(REPO, 'data/node_modules/chinese-days');
const NOWHERE = path.join(REPO, 'tests/fixtures/no-such-dir');

let srv;
let admin;
let clerk; // civil affairs of 綦江区: reads the calendar, may not change it

const auditCount = async (action) => Number((await srv.sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`)).stdout.trim());
const workdays = (query) => admin.get(`/api/v1/calendar/workdays?${query}`);

before(async () => {
	srv = await startServer({ env: { SHEGONG_HOLIDAYS_DIR: NOWHERE } });
	const d = await srv.cli(['import', 'divisions', '--from', DIVISIONS]);
	assert.equal(d.code, 0, d.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	const { password } = await createUser(admin, 'cal_clerk', { role: 'civil_affairs', scope: { divisions: ['500110'] } });
	clerk = await login(srv, 'cal_clerk', password);
});
after(() => srv?.stop());

describe('import', () => {
	test('init without the package imports nothing and says so; no year is known', async () => {
		assert.match(srv.initOutput.stderr, /no holiday data/);
		const y = expectOk(await admin.get('/api/v1/calendar?year=2025'));
		assert.equal(y.imported, false);
		assert.deepEqual(y.years, []);
		const e = expectError(await workdays('from=2025-01-27&n=5'), 400, 'invalid', 'calendar');
		assert.match(e.message, /该年份的节假日安排尚未导入（2025 年）/);
		assert.match(e.message_en, /the holiday calendar of this year has not been imported \(2025\)/);
	});

	test('shegong import holidays PATH: a line per year, then nothing changed; one audit entry each', async () => {
		const first = await srv.cli(['import', 'holidays', HOLIDAYS]);
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stdout, /^holidays 2025: 28 holidays, 5 make-up working days \(33 inserted, 0 updated, 0 removed, 0 unchanged\)$/m);
		assert.match(first.stdout, /^holidays 2026: 33 holidays, 6 make-up working days \(39 inserted, 0 updated, 0 removed, 0 unchanged\)$/m);
		assert.match(first.stdout, /^holidays: 2 years \(2025–2026\): 72 inserted, 0 updated, 0 removed, 0 unchanged$/m);
		const again = await srv.cli(['import', 'holidays', path.join(HOLIDAYS, 'chinese-days.json')]);
		assert.equal(again.code, 0, again.stderr);
		assert.match(again.stdout, /^holidays: 2 years \(2025–2026\): nothing changed \(72 unchanged\)$/m);
		assert.equal(await auditCount('calendar.import'), 2);
		const entry = expectOk(await (await login(srv, 'auditor', srv.passwords.auditor)).get('/api/v1/audit?action=calendar.import&limit=1')).items[0];
		assert.equal(entry.object_type, 'calendar');
		assert.equal(entry.new_value.years['2025'].holidays, 28);
	});

	test('a missing path or a file of another shape → exit 1 naming the file, nothing written', async () => {
		const missing = await srv.cli(['import', 'holidays', NOWHERE]);
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /no-such-dir 不存在 \(holiday file no-such-dir: does not exist\)/);
		assert.doesNotMatch(missing.stderr, /fixtures\//, 'the file\'s name, not its path');
		const dir = tempDir('shegong-holidays-');
		try {
			fs.writeFileSync(path.join(dir, 'chinese-days.json'), '{"holidays":{"2025-02-30":"x,春节,1"},"workdays":{}}');
			const bad = await srv.cli(['import', 'holidays', dir]);
			assert.equal(bad.code, 1);
			assert.match(bad.stderr, /not a date/);
		} finally {
			removeDir(dir);
		}
		const usage = await srv.cli(['import', 'holidays', 'a', 'b']);
		assert.equal(usage.code, 2);
		assert.equal(await auditCount('calendar.import'), 2);
	});

	test('the installed chinese-days package: its layout is read as it is', { skip: !fs.existsSync(path.join(PACKAGE, 'dist/chinese-days.json')) && 'the chinese-days package is not installed (scripts/setup)' }, async () => {
		const dir = tempDir('shegong-pkg-');
		const fresh = await newDatabase(dir);
		try {
			const key = path.join(dir, 'k');
			assert.equal((await run(['init', '--db', fresh.db, '--key-file', key], { env: { SHEGONG_HOLIDAYS_DIR: NOWHERE } })).code, 0);
			// the package's own directory, its dist/, and one year's file
			for (const p of [PACKAGE, path.join(PACKAGE, 'dist'), path.join(PACKAGE, 'dist/years/2025.json')]) {
				const r = await run(['import', 'holidays', p, '--db', fresh.db, '--key-file', key]);
				assert.equal(r.code, 0, r.stderr);
				assert.match(r.stdout, /^holidays 2025: \d+ holidays, \d+ make-up working days/m, p);
			}
			const years = Number((await sqlOn(fresh.db, 'SELECT COUNT(*) FROM calendar_years')).stdout.trim());
			assert.ok(years >= 20, `${years} years`);
			const sf = await sqlOn(fresh.db, "SELECT kind || ' ' || name FROM calendar_days WHERE date = '2025-02-08'");
			assert.equal(sf.stdout.trim(), 'makeup_workday 春节');
		} finally {
			await fresh.drop();
			removeDir(dir);
		}
	});

	test('init --demo imports the holidays where SHEGONG_HOLIDAYS_DIR points', async () => {
		const dir = tempDir('shegong-demo-cal-');
		const fresh = await newDatabase(dir);
		try {
			const r = await run(['init', '--demo', '--db', fresh.db, '--key-file', path.join(dir, 'k')], {
				env: { SHEGONG_DIVISIONS_DIR: DIVISIONS, SHEGONG_HOLIDAYS_DIR: HOLIDAYS },
			});
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stderr, /holidays: 2 years \(2025–2026\): 72 inserted/);
			assert.equal((await sqlOn(fresh.db, 'SELECT COUNT(*) FROM calendar_years')).stdout.trim(), '2');
			// init on the same database again: nothing changes
			const again = await run(['init', '--db', fresh.db, '--key-file', path.join(dir, 'k')], { env: { SHEGONG_HOLIDAYS_DIR: HOLIDAYS } });
			assert.equal(again.code, 0, again.stderr);
			assert.match(again.stderr, /nothing changed \(72 unchanged\)/);
		} finally {
			await fresh.drop();
			removeDir(dir);
		}
	});
});

describe('working days', () => {
	test('GET /api/v1/calendar?year=2025: the national days with their names, by date', async () => {
		const y = expectOk(await clerk.get('/api/v1/calendar?year=2025'));
		assert.equal(y.imported, true);
		assert.deepEqual(y.years, [2025, 2026]);
		assert.equal(y.total, 33);
		assert.equal(y.items.length, 33);
		assert.equal(y.next_cursor, null);
		const dates = y.items.map((d) => d.date);
		assert.deepEqual(dates, [...dates].sort());
		const makeup = y.items.find((d) => d.date === '2025-02-08');
		assert.deepEqual(
			{ kind: makeup.kind, name: makeup.name, name_en: makeup.name_en, source: makeup.source, division_code: makeup.division_code, overridden: makeup.overridden },
			{ kind: 'makeup_workday', name: '春节', name_en: 'Spring Festival', source: 'chinese-days', division_code: null, overridden: false },
		);
		assert.equal(y.items.find((d) => d.date === '2025-10-06').name, '中秋');
	});

	test('GET /api/v1/calendar/workdays: a notice published the day before a holiday of seven days and more', async () => {
		// 2025-01-28 … 02-04 off, Saturday 02-08 worked
		assert.deepEqual(expectOk(await workdays('from=2025-01-27&n=5')), { from: '2025-01-27', n: 5, division_code: null, end: '2025-02-10' });
		// n defaults to 5, the public notice's working days
		assert.equal(expectOk(await workdays('from=2025-01-27')).end, '2025-02-10');
		// 10-01 … 10-08 off, Saturday 10-11 worked
		assert.equal(expectOk(await workdays('from=2025-09-30&n=5')).end, '2025-10-14');
		// the make-up Sunday before it counts
		assert.equal(expectOk(await workdays('from=2025-09-26&n=1')).end, '2025-09-28');
		// 2026: Saturday 02-14 worked, 02-15 … 02-23 off
		assert.equal(expectOk(await workdays('from=2026-02-13&n=5')).end, '2026-02-27');
		// across the year's end: 2026-01-01 … 03 off, Sunday 01-04 worked
		assert.equal(expectOk(await workdays('from=2025-12-29&n=5')).end, '2026-01-06');
		// into a year that was never imported
		const e = expectError(await workdays('from=2026-12-28&n=5'), 400, 'invalid', 'calendar');
		assert.equal(e.rule, 'R-PROC-3');
		assert.match(e.message, /2027/);
	});

	test('bad input names the field', async () => {
		expectError(await workdays('n=5'), 400, 'invalid', 'from');
		expectError(await workdays('from=2025-02-30'), 400, 'invalid', 'from');
		expectError(await workdays('from=2025-01-27&n=0'), 400, 'invalid', 'n');
		expectError(await workdays('from=2025-01-27&n=367'), 400, 'invalid', 'n');
		expectError(await workdays('from=2025-01-27&division=5001101'), 400, 'invalid', 'division');
		expectError(await admin.get('/api/v1/calendar?year=1899'), 400, 'invalid', 'year');
		expectError(await admin.get('/api/v1/calendar?year=abc'), 400, 'invalid', 'year');
		expectError(await admin.get('/api/v1/calendar?division=5'), 400, 'invalid', 'division');
	});

	test('signed-in only', async () => {
		expectError(await anon(srv).get('/api/v1/calendar'), 401, 'unauthorized');
		expectError(await anon(srv).get('/api/v1/calendar/workdays?from=2025-01-27'), 401, 'unauthorized');
	});
});

describe('local days', () => {
	let countyDay;

	test('POST /api/v1/calendar/days: a county\'s own holiday moves its deadlines and its townships\', not its neighbours\'', async () => {
		const d = expectOk(await admin.post('/api/v1/calendar/days', { date: '2025-02-05', kind: 'holiday', name: '綦江区地方假日', division_code: '500110' }), 201);
		assert.equal(d.source, 'local');
		assert.equal(d.division_name, '綦江区');
		assert.equal(d.created_by?.name, '系统管理员');
		countyDay = d.id;
		assert.equal(expectOk(await workdays('from=2025-01-27&division=500110')).end, '2025-02-11');
		assert.equal(expectOk(await workdays('from=2025-01-27&division=500110001')).end, '2025-02-11');
		assert.equal(expectOk(await workdays('from=2025-01-27&division=110101')).end, '2025-02-10');
		assert.equal(expectOk(await workdays('from=2025-01-27')).end, '2025-02-10');
		// the year of the township: the national days and its county's
		const y = expectOk(await clerk.get('/api/v1/calendar?year=2025&division=500110001'));
		assert.equal(y.total, 34);
		assert.equal(y.items.find((x) => x.date === '2025-02-05').name, '綦江区地方假日');
		assert.equal(await auditCount('calendar.day_add'), 1);
	});

	test('the most specific day wins: the province works a holiday, the county keeps it', async () => {
		expectOk(await admin.post('/api/v1/calendar/days', { date: '2025-10-08', kind: 'makeup_workday', name: '重庆市调整', division_code: '50' }), 201);
		expectOk(await admin.post('/api/v1/calendar/days', { date: '2025-10-08', kind: 'holiday', name: '綦江区保留', division_code: '500110' }), 201);
		// from 10-07: 10-08 is worked in Chongqing, not in 綦江区
		assert.equal(expectOk(await workdays('from=2025-10-07&n=1&division=5001')).end, '2025-10-08');
		assert.equal(expectOk(await workdays('from=2025-10-07&n=1&division=500110')).end, '2025-10-09');
		const y = expectOk(await admin.get('/api/v1/calendar?year=2025&division=500110'));
		const day = y.items.filter((x) => x.date === '2025-10-08');
		assert.deepEqual(day.map((x) => [x.source, x.division_code, x.overridden]), [
			['chinese-days', null, true],
			['local', '50', true],
			['local', '500110', false],
		]);
	});

	test('refusals: bad fields, a second day of a date, an unknown division, a national day, no permission', async () => {
		const post = (body) => admin.post('/api/v1/calendar/days', { date: '2025-03-03', kind: 'holiday', name: '测试', division_code: '500110', ...body });
		expectError(await post({ date: '2025-02-30' }), 400, 'invalid', 'date');
		expectError(await post({ kind: 'festival' }), 400, 'invalid', 'kind');
		expectError(await post({ name: '  ' }), 400, 'invalid', 'name');
		expectError(await post({ division_code: '5001101' }), 400, 'invalid', 'division_code');
		expectError(await post({ extra: 1 }), 400, 'invalid', 'extra');
		expectError(await post({ division_code: '500199' }), 404, 'not_found', 'division_code');
		expectError(await post({ date: '2025-02-05' }), 409, 'conflict', 'date');
		const national = expectOk(await admin.get('/api/v1/calendar?year=2025')).items[0].id;
		expectError(await admin.del(`/api/v1/calendar/days/${national}`), 409, 'conflict', 'id');
		expectError(await admin.del('/api/v1/calendar/days/98765432'), 404, 'not_found', 'id');
		// calendar.edit is the system administrator's
		expectError(await clerk.post('/api/v1/calendar/days', { date: '2025-03-03', kind: 'holiday', name: '测试', division_code: '500110' }), 403, 'forbidden');
		expectError(await clerk.del(`/api/v1/calendar/days/${countyDay}`), 403, 'forbidden');
		const me = expectOk(await clerk.get('/api/v1/me'));
		assert.ok(!me.permissions.includes('calendar.edit'));
		assert.ok(expectOk(await admin.get('/api/v1/me')).permissions.includes('calendar.edit'));
	});

	test('DELETE /api/v1/calendar/days/{id}: the day as it was, audited; the deadline moves back', async () => {
		const was = expectOk(await admin.del(`/api/v1/calendar/days/${countyDay}`));
		assert.equal(was.date, '2025-02-05');
		assert.equal(was.name, '綦江区地方假日');
		assert.equal(expectOk(await workdays('from=2025-01-27&division=500110')).end, '2025-02-10');
		expectError(await admin.del(`/api/v1/calendar/days/${countyDay}`), 404, 'not_found', 'id');
		const auditor = await login(srv, 'auditor', srv.passwords.auditor);
		const entry = expectOk(await auditor.get('/api/v1/audit?action=calendar.day_remove&limit=1')).items[0];
		assert.equal(entry.object_type, 'calendar_day');
		assert.equal(entry.old_value.name, '綦江区地方假日');
		assert.equal(entry.new_value, null);
	});

	test('GET /api/v1/meta/enums names the kinds and sources in Chinese', async () => {
		const e = expectOk(await clerk.get('/api/v1/meta/enums'));
		assert.deepEqual(e['calendar.kind'].map((x) => [x.value, x.zh]), [['holiday', '节假日'], ['makeup_workday', '调休上班日']]);
		assert.deepEqual(e['calendar.source'].map((x) => x.value), ['chinese-days', 'local']);
		assert.ok(e['audit.action'].some((x) => x.value === 'calendar.day_add'));
	});
});
