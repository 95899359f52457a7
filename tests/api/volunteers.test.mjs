// Volunteers (R-SVC-3, R-SVC-5, R-PII-1): registration with the phone and
// ID number encrypted and masked, the same person found by the ID
// number's keyed hash (one in the scope answered as it is, one outside
// "registered elsewhere" without saying where, the lookup rate-limited),
// who sees a volunteer (division subtree or a station in it; the
// stations a provider operates; a social worker's stations), the stations
// served and the pairing with social workers, unmasking with a reason,
// the hours from the service records (valid ones, at the stations the
// caller sees) per volunteer, year and station, the certificate of hours
// and the masked export; and that the marker phone and ID number are
// nowhere in clear (database, WAL, server log, export).
//
// Service records are the lead's module: they are inserted here as rows,
// as schema/012_delivery.sql has them (activities: a title and a count).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk, header } from '../lib/check.mjs';
import { idNumber, uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { IS_PG, REPO, login, onlySqlite, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
const MARKER_ID = idNumber('500110', '19900708', 731);
const MARKER_PHONE = '13987650731';
const FACTS = {
	business_scope: '社会工作服务', full_time_staff: 5, qualified_social_workers: 2,
	dishonest: false, tax_record_clean: true, social_insurance_clean: true,
};

let srv, admin, civil, civilBj, township, provider, sw, sw2, swHits;
const ids = {};
const V = '/api/v1/volunteers';

const sql = async (text) => {
	const r = await srv.sql(srv.backend === 'postgres' ? text : `PRAGMA busy_timeout = 10000;\n${text}`);
	assert.equal(r.code, 0, `${text}: ${r.stderr}`);
	return r.stdout.trim().split('\n').at(-1);
};
const insertId = async (text) => Number(await sql(`${text} RETURNING id;`));
const count = async (text) => Number(await sql(text));
/** Every audited value of action, one a line. */
const auditText = async (action) => {
	const r = await srv.sql(`SELECT old_value, new_value FROM audit_log WHERE action = '${action}'`);
	assert.equal(r.code, 0, r.stderr);
	return r.stdout;
};
const audits = (action) => count(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);

/** A valid activity record at station on date, with the volunteers' minutes. */
async function record(station, worker, date, minutes, { status = 'valid', title = '重阳节敬老活动' } = {}) {
	const id = await insertId(
		`INSERT INTO service_records (kind, project_id, station_id, worker_id, item_id, served_on, month, minutes, title, participants, status, created_at, updated_at)` +
			` VALUES ('activity', ${ids.project}, ${station}, ${worker}, ${ids.item}, '${date}', '${date.slice(0, 7)}', 120, '${title}', 30, '${status}', 0, 0)`,
	);
	for (const [v, m] of Object.entries(minutes))
		await sql(`INSERT INTO record_volunteers (record_id, volunteer_id, minutes) VALUES (${id}, ${v}, ${m});`);
	return id;
}

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	const mk = async (name, role, scope) => {
		const { password } = await createUser(admin, name, { role, scope });
		return login(srv, name, password);
	};
	civil = await mk('vl_civil', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('vl_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('vl_gunan', 'township', { divisions: ['500110001'] });
	ids.ngo = expectOk(await civil.post('/api/v1/orgs', {
		type: 'social_org', name: '綦江区同心社会工作服务中心', uscc: uscc('52', '500110', 151), division_code: '500110', ...FACTS,
	}), 201).id;
	for (const kind of ['governance', 'finance']) expectOk(await civil.post(`/api/v1/orgs/${ids.ngo}/documents`, { kind, title: kind }), 201);
	ids.gunan = expectOk(await civil.post('/api/v1/stations', {
		division_code: '500110001', tier: 'township', name: '古南街道社会工作服务站', operation: 'contract', operator_org_id: ids.ngo,
	}), 201).id;
	ids.wenlong = expectOk(await civil.post('/api/v1/stations', { division_code: '500110002', tier: 'township', name: '文龙街道社会工作服务站' }), 201).id;
	ids.bj = expectOk(await admin.post('/api/v1/stations', { division_code: '110101', tier: 'county', name: '东城区社会工作指导中心' }), 201).id;
	ids.w1 = expectOk(await civil.post('/api/v1/social-workers', { name: '王社工', full_time: true, employer_org_id: ids.ngo }), 201).id;
	ids.w2 = expectOk(await admin.post('/api/v1/social-workers', { name: '李社工', full_time: true }), 201).id;
	expectOk(await civil.post(`/api/v1/stations/${ids.gunan}/staff`, { worker_id: ids.w1 }), 201);
	expectOk(await admin.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w2 }), 201);
	provider = await mk('vl_provider', 'provider', { orgs: [ids.ngo] });
	sw = await mk('vl_sw', 'social_worker', { stations: [ids.gunan] });
	sw2 = await mk('vl_sw2', 'social_worker', { stations: [ids.wenlong] });
	swHits = await mk('vl_sw_hits', 'social_worker', { stations: [ids.wenlong] });
	// a draft project and a catalog item for the service records
	const bureau = expectOk(await civil.post('/api/v1/orgs', { type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 5), division_code: '500110' }), 201).id;
	expectOk(await civil.post('/api/v1/budgets', { department_id: bureau, year: 2026, amount: 100000000 }), 201);
	ids.project = expectOk(await civil.post('/api/v1/projects', { name: '古南街道社工站运营项目', department_id: bureau, year: 2026 }), 201).id;
	const cat = expectOk(await civil.get('/api/v1/catalog'));
	for (const a of cat.areas) for (const i of a.items) if (i.code === 'psychological_support') ids.item = i.id;
	assert.ok(ids.item);
});
after(() => srv?.stop());

describe('registration', () => {
	test('civil affairs register a volunteer at a station: phone and ID number masked, audited without them', async () => {
		const v = expectOk(await civil.post(V, {
			name: '陈志愿', phone: MARKER_PHONE, id_number: MARKER_ID, skills: '书法、心理疏导', availability: '周末上午', station_ids: [ids.gunan],
		}), 201);
		ids.chen = v.id;
		assert.equal(v.existing, false);
		assert.equal(v.name, '陈志愿');
		assert.equal(v.phone, '139****0731');
		assert.equal(v.id_number, `500110********${MARKER_ID.slice(-4)}`);
		assert.equal(v.division_code, '500110001', 'the station\'s division by default');
		assert.equal(v.division_name, '古南街道');
		assert.equal(v.status, 'active');
		assert.deepEqual(v.stations.map((s) => [s.id, s.name]), [[ids.gunan, '古南街道社会工作服务站']]);
		assert.deepEqual(v.workers, []);
		assert.deepEqual(v.hours, { minutes: 0, records: 0, years: [] });
		const audit = await auditText('volunteer.create');
		assert.doesNotMatch(audit, /陈志愿|0731|书法/);
	});

	test('the same ID number again: the volunteer the caller sees is answered as it is (200, existing)', async () => {
		const again = expectOk(await sw.post(V, { name: '陈志愿', id_number: MARKER_ID.toLowerCase(), station_ids: [ids.gunan] }), 200);
		assert.equal(again.id, ids.chen);
		assert.equal(again.existing, true);
		assert.equal(await count('SELECT COUNT(*) FROM volunteers'), 1);
	});

	test('one the caller does not see is "registered elsewhere" (409), not saying where, audited', async () => {
		const before = await audits('volunteer.registered_elsewhere');
		const res = await sw2.post(V, { name: '陈志愿', id_number: MARKER_ID, station_ids: [ids.wenlong] });
		expectError(res, 409, 'conflict', 'id_number');
		assert.doesNotMatch(res.text, /古南|陈志愿|0731/);
		assert.equal(await audits('volunteer.registered_elsewhere'), before + 1);
		assert.equal(await count('SELECT COUNT(*) FROM volunteers'), 1);
	});

	test('five of those in an hour, and the account is refused before any lookup (429)', async () => {
		for (let i = 0; i < 5; i++) expectError(await swHits.post(V, { name: '陈志愿', id_number: MARKER_ID, station_ids: [ids.wenlong] }), 409, 'conflict', 'id_number');
		expectError(await swHits.post(V, { name: '新人', id_number: idNumber('500110', '19950101', 1), station_ids: [ids.wenlong] }), 429, 'locked', 'id_number');
		// without an ID number nothing is looked up
		expectOk(await swHits.post(V, { name: '无证件志愿者', station_ids: [ids.wenlong] }), 201);
	});

	test('the rules: name, ID number (GB 11643), phone, status, texts, stations', async () => {
		const bad = MARKER_ID.slice(0, 17) + (MARKER_ID[17] === '0' ? '1' : '0');
		expectError(await civil.post(V, { name: '错号', id_number: bad, division_code: '500110001' }), 400, 'invalid', 'id_number');
		expectError(await civil.post(V, { name: '错号', id_number: idNumber('500110', '20990101', 1), division_code: '500110001' }), 400, 'invalid', 'id_number');
		expectError(await civil.post(V, { name: '错号', phone: '12345', division_code: '500110001' }), 400, 'invalid', 'phone');
		expectError(await civil.post(V, { name: '错号', phone: '23912345678', division_code: '500110001' }), 400, 'invalid', 'phone');
		expectError(await civil.post(V, { name: '错号', phone: '1391234567a', division_code: '500110001' }), 400, 'invalid', 'phone');
		expectError(await civil.post(V, { name: '  ', division_code: '500110001' }), 400, 'invalid', 'name');
		expectError(await civil.post(V, { name: '错号', status: 'retired', division_code: '500110001' }), 400, 'invalid', 'status');
		expectError(await civil.post(V, { name: '错号', skills: '长'.repeat(201), division_code: '500110001' }), 400, 'invalid', 'skills');
		expectError(await civil.post(V, { name: '错号' }), 400, 'invalid', 'division_code');
		expectError(await civil.post(V, { name: '错号', station_ids: [ids.gunan, ids.gunan] }), 400, 'invalid', 'station_ids');
		expectError(await civil.post(V, { name: '错号', station_ids: ['x'] }), 400, 'invalid', 'station_ids');
		// a social worker names the station (else they would not see the volunteer)
		expectError(await sw.post(V, { name: '错号', division_code: '500110001' }), 400, 'invalid', 'station_ids');
		expectError(await township.post(V, { name: '无权' }), 403, 'forbidden');
	});

	test('outside the reach: a division or a station the caller does not see is 404', async () => {
		expectError(await civil.post(V, { name: '北京人', division_code: '110101' }), 404, 'not_found', 'division_code');
		expectError(await civil.post(V, { name: '北京人', station_ids: [ids.bj] }), 404, 'not_found', 'station_ids');
		expectError(await sw.post(V, { name: '文龙人', station_ids: [ids.wenlong] }), 404, 'not_found', 'station_ids');
		// a social worker's reach is their stations' subtrees
		expectError(await sw.post(V, { name: '文龙人', division_code: '500110002', station_ids: [ids.gunan] }), 404, 'not_found', 'division_code');
		const village = expectOk(await sw.post(V, { name: '沙溪居民', division_code: '500110001001', station_ids: [ids.gunan] }), 201);
		assert.equal(village.division_code, '500110001001');
		ids.village = village.id;
	});

	test('provider staff register at the stations their organisation operates', async () => {
		const v = expectOk(await provider.post(V, { name: '周志愿', phone: '023-4862 1234', skills: '摄影', station_ids: [ids.gunan] }), 201);
		ids.zhou = v.id;
		assert.equal(v.phone, '023****1234');
		expectError(await provider.post(V, { name: '周志愿', station_ids: [ids.wenlong] }), 404, 'not_found', 'station_ids');
	});

	test('civil affairs register without a station, in their subtree', async () => {
		const v = expectOk(await civil.post(V, { name: '吴文龙', division_code: '500110002', skills: '医疗护理', status: 'inactive' }), 201);
		ids.wu = v.id;
		assert.deepEqual(v.stations, []);
	});
});

describe('who sees a volunteer', () => {
	const seen = async (agent) => expectOk(await agent.get(`${V}?limit=200`)).items.map((x) => x.id);

	test('civil affairs: their subtree; Beijing: nothing (404 for one)', async () => {
		const got = await seen(civil);
		for (const k of ['chen', 'village', 'zhou', 'wu']) assert.ok(got.includes(ids[k]), k);
		assert.deepEqual(await seen(civilBj), []);
		expectError(await civilBj.get(`${V}/${ids.chen}`), 404, 'not_found', 'id');
		expectError(await civilBj.get(`${V}/98765432`), 404, 'not_found', 'id');
	});

	test('township staff: registered in their township or serving a station there', async () => {
		const got = await seen(township);
		assert.ok(got.includes(ids.chen) && got.includes(ids.zhou) && got.includes(ids.village));
		assert.ok(!got.includes(ids.wu));
		expectError(await township.get(`${V}/${ids.wu}`), 404, 'not_found');
	});

	test('provider staff and social workers: the volunteers of their stations', async () => {
		const p = await seen(provider);
		assert.deepEqual(p.sort(), [ids.chen, ids.village, ids.zhou].sort());
		const s = await seen(sw);
		assert.deepEqual(s.sort(), [ids.chen, ids.village, ids.zhou].sort());
		const s2 = await seen(sw2);
		assert.ok(!s2.includes(ids.chen));
		expectError(await sw2.get(`${V}/${ids.chen}`), 404, 'not_found');
	});
});

describe('lists', () => {
	test('filters by station, status, skill text and name, with the total', async () => {
		const st = expectOk(await civil.get(`${V}?station_id=${ids.gunan}`));
		assert.deepEqual(st.items.map((x) => x.id).sort(), [ids.chen, ids.village, ids.zhou].sort());
		assert.equal(st.total, 3);
		const inactive = expectOk(await civil.get(`${V}?status=inactive`));
		assert.deepEqual(inactive.items.map((x) => x.id), [ids.wu]);
		const skill = expectOk(await civil.get(`${V}?skill=${encodeURIComponent('心理')}`));
		assert.deepEqual(skill.items.map((x) => x.id), [ids.chen]);
		const name = expectOk(await civil.get(`${V}?q=${encodeURIComponent('周')}`));
		assert.deepEqual(name.items.map((x) => x.id), [ids.zhou]);
		const item = st.items.find((x) => x.id === ids.chen);
		assert.equal(item.phone, '139****0731');
		assert.equal(item.minutes, 0);
		assert.ok(!('stations' in item), 'items are not in detail');
	});

	test('keyset pages', async () => {
		const p1 = expectOk(await civil.get(`${V}?limit=2`));
		assert.equal(p1.items.length, 2);
		assert.ok(p1.next_cursor);
		const p2 = expectOk(await civil.get(`${V}?limit=2&cursor=${p1.next_cursor}`));
		assert.ok(p2.items[0].id > p1.items[1].id);
		assert.equal(p1.total, p2.total);
	});

	test('bad filters: 400; a station outside the scope: 404', async () => {
		expectError(await civil.get(`${V}?status=gone`), 400, 'invalid', 'status');
		expectError(await civil.get(`${V}?skill=${'长'.repeat(33)}`), 400, 'invalid', 'skill');
		expectError(await civil.get(`${V}?year=1999`), 400, 'invalid', 'year');
		expectError(await civil.get(`${V}?year=2026&from=2026-01-01`), 400, 'invalid', 'from');
		expectError(await civil.get(`${V}?from=2026-02-30`), 400, 'invalid', 'from');
		expectError(await civil.get(`${V}?from=2026-03-01&to=2026-02-01`), 400, 'invalid', 'to');
		expectError(await civil.get(`${V}?station_id=${ids.bj}`), 404, 'not_found', 'station_id');
		expectError(await sw.get(`${V}?station_id=${ids.wenlong}`), 404, 'not_found', 'station_id');
	});
});

describe('changes', () => {
	test('phone, skills, status and division change; the audit names no value', async () => {
		const v = expectOk(await sw.patch(`${V}/${ids.village}`, { phone: '13600001111', skills: '手工编织', status: 'inactive' }));
		assert.equal(v.phone, '136****1111');
		assert.equal(v.skills, '手工编织');
		assert.equal(v.status, 'inactive');
		const cleared = expectOk(await sw.patch(`${V}/${ids.village}`, { phone: '', status: 'active', division_code: '500110001' }));
		assert.equal(cleared.phone, null);
		assert.equal(cleared.division_code, '500110001');
		expectError(await sw.patch(`${V}/${ids.village}`, { division_code: '500110002' }), 404, 'not_found', 'division_code');
		const audit = await auditText('volunteer.update');
		assert.doesNotMatch(audit, /1111|手工/);
	});

	test('an ID number added, one taken refused (409), one cleared', async () => {
		const id2 = idNumber('500110', '19880202', 12);
		const v = expectOk(await civil.patch(`${V}/${ids.zhou}`, { id_number: id2 }));
		assert.equal(v.id_number, `500110********${id2.slice(-4)}`);
		expectError(await civil.patch(`${V}/${ids.wu}`, { id_number: id2 }), 409, 'conflict', 'id_number');
		expectError(await civil.patch(`${V}/${ids.wu}`, { id_number: '123' }), 400, 'invalid', 'id_number');
		const same = expectOk(await civil.patch(`${V}/${ids.zhou}`, { id_number: id2 }));
		assert.equal(same.id_number, v.id_number, 'its own number again is no conflict');
		const cleared = expectOk(await civil.patch(`${V}/${ids.zhou}`, { id_number: '' }));
		assert.equal(cleared.id_number, null);
		expectError(await township.patch(`${V}/${ids.zhou}`, { skills: 'x' }), 403, 'forbidden');
		expectError(await sw2.patch(`${V}/${ids.zhou}`, { skills: 'x' }), 404, 'not_found');
		expectError(await civil.patch(`${V}/${ids.zhou}`, { name: '' }), 400, 'invalid', 'name');
	});
});

describe('stations and pairing', () => {
	test('a volunteer starts serving another station: that station\'s worker sees them now', async () => {
		const v = expectOk(await civil.post(`${V}/${ids.chen}/stations`, { station_id: ids.wenlong, since: '2026-02-01' }), 201);
		assert.deepEqual(v.stations.map((s) => [s.id, s.since]), [[ids.gunan, v.stations[0].since], [ids.wenlong, '2026-02-01']]);
		expectOk(await sw2.get(`${V}/${ids.chen}`));
		// a social worker sees only their own stations in it
		const mine = expectOk(await sw2.get(`${V}/${ids.chen}`));
		assert.deepEqual(mine.stations.map((s) => s.id), [ids.wenlong]);
		expectError(await civil.post(`${V}/${ids.chen}/stations`, { station_id: ids.wenlong }), 409, 'conflict', 'station_id');
		expectError(await civil.post(`${V}/${ids.chen}/stations`, { station_id: ids.bj }), 404, 'not_found', 'station_id');
		expectError(await civil.post(`${V}/${ids.chen}/stations`, { station_id: ids.gunan, since: '2026-13-01' }), 400, 'invalid', 'since');
		expectError(await civilBj.post(`${V}/${ids.chen}/stations`, { station_id: ids.bj }), 404, 'not_found', 'id');
	});

	test('stopping: the last station a worker sees stays (409); not serving one is 404', async () => {
		expectError(await sw2.del(`${V}/${ids.chen}/stations/${ids.wenlong}`), 409, 'conflict', 'station_id');
		expectError(await sw2.del(`${V}/${ids.chen}/stations/${ids.gunan}`), 404, 'not_found', 'station_id');
		expectError(await civil.del(`${V}/${ids.wu}/stations/${ids.gunan}`), 404, 'not_found', 'station_id');
		const v = expectOk(await civil.del(`${V}/${ids.chen}/stations/${ids.wenlong}`));
		assert.deepEqual(v.stations.map((s) => s.id), [ids.gunan]);
		expectError(await sw2.get(`${V}/${ids.chen}`), 404, 'not_found');
		assert.equal(await audits('volunteer.station_remove'), 1);
	});

	test('pairing with a social worker the caller sees (a social worker: those of their stations)', async () => {
		const v = expectOk(await sw.post(`${V}/${ids.chen}/workers`, { worker_id: ids.w1 }), 201);
		assert.deepEqual(v.workers.map((w) => [w.id, w.name]), [[ids.w1, '王社工']]);
		expectError(await sw.post(`${V}/${ids.chen}/workers`, { worker_id: ids.w1 }), 409, 'conflict', 'worker_id');
		expectError(await sw.post(`${V}/${ids.chen}/workers`, { worker_id: ids.w2 }), 404, 'not_found', 'worker_id');
		expectError(await sw.post(`${V}/${ids.chen}/workers`, { worker_id: 98765432 }), 404, 'not_found', 'worker_id');
		expectOk(await civil.post(`${V}/${ids.chen}/workers`, { worker_id: ids.w2 }), 201);
		// each sees the pairings with the workers they see
		assert.deepEqual(expectOk(await sw.get(`${V}/${ids.chen}`)).workers.map((w) => w.id), [ids.w1]);
		assert.deepEqual(expectOk(await civil.get(`${V}/${ids.chen}`)).workers.map((w) => w.id), [ids.w1, ids.w2]);
		expectError(await sw.del(`${V}/${ids.chen}/workers/${ids.w2}`), 404, 'not_found', 'worker_id');
		const after = expectOk(await civil.del(`${V}/${ids.chen}/workers/${ids.w2}`));
		assert.deepEqual(after.workers.map((w) => w.id), [ids.w1]);
		expectError(await civil.del(`${V}/${ids.chen}/workers/${ids.w2}`), 404, 'not_found', 'worker_id');
		const audit = await auditText('volunteer.pair_add');
		assert.doesNotMatch(audit, /王社工/);
	});
});

describe('unmasking', () => {
	test('needs the permission and a reason, and is audited without the values', async () => {
		expectError(await provider.post(`${V}/${ids.chen}/unmask`, { reason: '联系志愿者' }), 403, 'forbidden');
		expectError(await township.post(`${V}/${ids.chen}/unmask`, { reason: '联系志愿者' }), 403, 'forbidden');
		expectError(await sw.post(`${V}/${ids.chen}/unmask`, {}), 400, 'invalid', 'reason');
		expectError(await sw.post(`${V}/${ids.chen}/unmask`, { reason: ' ' }), 400, 'invalid', 'reason');
		expectError(await sw2.post(`${V}/${ids.chen}/unmask`, { reason: '联系志愿者' }), 404, 'not_found');
		const u = expectOk(await sw.post(`${V}/${ids.chen}/unmask`, { reason: '通知参加重阳节活动' }));
		assert.deepEqual(u, { id: ids.chen, name: '陈志愿', phone: MARKER_PHONE, id_number: MARKER_ID });
		const none = expectOk(await civil.post(`${V}/${ids.wu}/unmask`, { reason: '核对身份' }));
		assert.equal(none.phone, null);
		assert.equal(none.id_number, null);
		const audit = await auditText('volunteer.unmask');
		assert.match(audit, /通知参加重阳节活动/);
		assert.doesNotMatch(audit, new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
	});
});

describe('hours (R-SVC-5)', () => {
	before(async () => {
		await record(ids.gunan, ids.w1, '2025-10-29', { [ids.chen]: 90, [ids.zhou]: 60 });
		await record(ids.gunan, ids.w1, '2026-03-05', { [ids.chen]: 100 }, { title: '学雷锋<志愿>服务&日' });
		await record(ids.gunan, ids.w1, '2026-04-10', { [ids.chen]: 30 }, { status: 'void' });
		await record(ids.wenlong, ids.w2, '2026-05-01', { [ids.chen]: 45 });
	});

	test('the detail: the valid records by year and station, at the stations the caller sees', async () => {
		const v = expectOk(await civil.get(`${V}/${ids.chen}`));
		assert.equal(v.hours.minutes, 235);
		assert.equal(v.hours.records, 3);
		assert.deepEqual(v.hours.years.map((y) => [y.year, y.minutes, y.records]), [[2026, 145, 2], [2025, 90, 1]]);
		assert.deepEqual(v.hours.years[0].stations.map((s) => [s.id, s.minutes]), [[ids.gunan, 100], [ids.wenlong, 45]]);
		const mine = expectOk(await sw.get(`${V}/${ids.chen}`));
		assert.equal(mine.hours.minutes, 190, 'not the record at 文龙');
		assert.deepEqual(mine.hours.years.map((y) => [y.year, y.minutes]), [[2026, 100], [2025, 90]]);
	});

	test('the list: each volunteer\'s minutes of the year, at the station', async () => {
		const all = expectOk(await civil.get(`${V}?limit=200`)).items;
		assert.equal(all.find((x) => x.id === ids.chen).minutes, 235);
		const y = expectOk(await civil.get(`${V}?year=2026&limit=200`)).items;
		assert.equal(y.find((x) => x.id === ids.chen).minutes, 145);
		assert.equal(y.find((x) => x.id === ids.zhou).minutes, 0);
		const st = expectOk(await civil.get(`${V}?station_id=${ids.gunan}&year=2025`)).items;
		assert.equal(st.find((x) => x.id === ids.chen).minutes, 90);
		assert.equal(st.find((x) => x.id === ids.zhou).minutes, 60);
		const span = expectOk(await civil.get(`${V}?from=2026-03-01&to=2026-03-31&limit=200`)).items;
		assert.equal(span.find((x) => x.id === ids.chen).minutes, 100);
	});

	test('the services of a year, page by page, with the total', async () => {
		const s = expectOk(await civil.get(`${V}/${ids.chen}/services?year=2026`));
		assert.equal(s.total, 2);
		assert.equal(s.minutes, 145);
		assert.deepEqual(s.items.map((x) => [x.served_on, x.station.name, x.minutes]), [['2026-03-05', '古南街道社会工作服务站', 100], ['2026-05-01', '文龙街道社会工作服务站', 45]]);
		assert.equal(s.items[0].kind, 'activity');
		assert.equal(s.items[0].item.name, '心理疏导');
		assert.equal(s.items[0].title, '学雷锋<志愿>服务&日');
		const p1 = expectOk(await civil.get(`${V}/${ids.chen}/services?limit=1`));
		assert.equal(p1.items.length, 1);
		const p2 = expectOk(await civil.get(`${V}/${ids.chen}/services?limit=1&cursor=${p1.next_cursor}`));
		assert.ok(p2.items[0].id > p1.items[0].id);
		const at = expectOk(await civil.get(`${V}/${ids.chen}/services?station_id=${ids.wenlong}`));
		assert.deepEqual(at.items.map((x) => x.minutes), [45]);
		expectOk(await sw.get(`${V}/${ids.chen}/services`)).items.forEach((x) => assert.equal(x.station.id, ids.gunan));
		expectError(await civilBj.get(`${V}/${ids.chen}/services`), 404, 'not_found');
		expectError(await civil.get(`${V}/${ids.chen}/services?year=3000`), 400, 'invalid', 'year');
	});

	test('a station\'s hours by year: minutes, records, volunteers', async () => {
		const h = expectOk(await civil.get(`/api/v1/stations/${ids.gunan}/volunteer-hours`));
		assert.deepEqual(h.station, { id: ids.gunan, name: '古南街道社会工作服务站' });
		assert.equal(h.minutes, 250);
		assert.equal(h.records, 3);
		assert.equal(h.volunteers, 2);
		assert.deepEqual(h.years, [{ year: 2026, minutes: 100, records: 1, volunteers: 1 }, { year: 2025, minutes: 150, records: 2, volunteers: 2 }]);
		expectError(await sw2.get(`/api/v1/stations/${ids.gunan}/volunteer-hours`), 404, 'not_found');
		expectError(await civil.get(`/api/v1/stations/${ids.bj}/volunteer-hours`), 404, 'not_found');
	});
});

describe('the certificate of hours', () => {
	test('an A4 page: the name in full, the ID number masked, the period, the hours, each service; audited', async () => {
		const before = await audits('volunteer.certificate');
		const res = await township.get(`${V}/${ids.chen}/certificate?year=2026`);
		assert.equal(res.status, 200, res.text);
		assert.match(header(res, 'content-type'), /^text\/html/);
		const html = res.text;
		assert.match(html, /志愿服务时长证明/);
		assert.match(html, /陈志愿/);
		assert.match(html, new RegExp(`500110\\*{8}${MARKER_ID.slice(-4)}`));
		assert.doesNotMatch(html, new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
		assert.match(html, /2026年01月01日至2026年12月31日/);
		assert.match(html, /1\.67 小时（100 分钟）/, 'the township sees 古南 only: 100 minutes');
		assert.match(html, /古南街道社会工作服务站（綦江区同心社会工作服务中心）/);
		assert.match(html, /社区活动：心理疏导（学雷锋&lt;志愿&gt;服务&amp;日）/);
		assert.doesNotMatch(html, /<志愿>/);
		assert.match(html, /@page\{size:A4/);
		assert.equal(await audits('volunteer.certificate'), before + 1);
		const all = (await civil.get(`${V}/${ids.chen}/certificate`)).text;
		assert.match(all, /3\.92 小时（235 分钟）/);
		assert.match(all, /2025年10月29日至2026年05月01日/);
		const empty = (await civil.get(`${V}/${ids.wu}/certificate?year=2026`)).text;
		assert.match(empty, /本期间无志愿服务记录/);
		assert.match(empty, /未登记/);
		expectError(await sw2.get(`${V}/${ids.chen}/certificate`), 404, 'not_found');
		expectError(await civil.get(`${V}/${ids.chen}/certificate?from=x`), 400, 'invalid', 'from');
	});
});

describe('export', () => {
	test('CSV: every personal value masked, the name too; audited', async () => {
		const before = await audits('volunteer.export');
		const res = await civil.get(`${V}/export?format=csv&station_id=${ids.gunan}`);
		assert.equal(res.status, 200, res.text);
		assert.match(header(res, 'content-type'), /^text\/csv/);
		ids.csv = res.text;
		assert.match(res.text, /姓名 Name/);
		assert.match(res.text, /陈\*\*/);
		assert.doesNotMatch(res.text, /陈志愿/);
		assert.match(res.text, /139\*\*\*\*0731/);
		assert.match(res.text, /在册/);
		assert.doesNotMatch(res.text, new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
		assert.equal(await audits('volunteer.export'), before + 1);
		const x = await civil.get(`${V}/export?format=xlsx`);
		assert.equal(x.status, 200);
		ids.xlsx = x.bytes;
		expectError(await civil.get(`${V}/export?format=pdf`), 400, 'invalid', 'format');
	});
});

describe('the marker phone and ID number are nowhere in clear', () => {
	test('database file, WAL, server log, exports', { skip: onlySqlite('reads the database files') }, async () => {
		const dump = (await srv.sql('SELECT * FROM volunteers; SELECT * FROM audit_log;')).stdout;
		assert.doesNotMatch(dump, new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
		for (const f of fs.readdirSync(srv.dir)) {
			const p = path.join(srv.dir, f);
			if (!fs.statSync(p).isFile()) continue;
			const bytes = fs.readFileSync(p);
			assert.equal(bytes.includes(Buffer.from(MARKER_ID)), false, `${f} holds the ID number`);
			assert.equal(bytes.includes(Buffer.from(MARKER_PHONE)), false, `${f} holds the phone`);
		}
		assert.doesNotMatch(srv.logs.join('\n'), new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
		assert.equal(ids.xlsx.includes(Buffer.from(MARKER_PHONE)), false);
	});

	test('on PostgreSQL the stored values are ciphertext', { skip: IS_PG ? false : 'PostgreSQL only' }, async () => {
		const dump = (await srv.sql('SELECT * FROM volunteers')).stdout;
		assert.doesNotMatch(dump, new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
		assert.doesNotMatch(srv.logs.join('\n'), new RegExp(`${MARKER_ID}|${MARKER_PHONE}`));
	});
});
