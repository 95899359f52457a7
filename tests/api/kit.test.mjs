// What the module kit (issue 8) adds to the station network: the allowed
// values served once (GET /meta/enums), a provider's readiness tick as a
// claim that counts only once township or civil affairs staff confirm it,
// an operator that must be an organisation the clerk sees (one from
// elsewhere registered for the county by its USCC), the stations export,
// totals on lists, and the uncovered townships and villages past 200.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { idNumber, uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv, admin, civil, township, provider, civilBj;
const ids = {};

const GOOD_PROVIDER = {
	registration_status: 'valid',
	business_scope: '社会工作服务、社区服务',
	full_time_staff: 12,
	qualified_social_workers: 6,
	last_grade: 'good',
	dishonest: false,
	tax_record_clean: true,
	social_insurance_clean: true,
};

async function org(agent, body) {
	const o = expectOk(await agent.post('/api/v1/orgs', { type: 'social_org', ...GOOD_PROVIDER, ...body }), 201);
	for (const kind of ['governance', 'finance'])
		expectOk(await agent.post(`/api/v1/orgs/${o.id}/documents`, { kind, title: `${kind} 制度` }), 201);
	return o;
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
	civil = await mk('kit_civil', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('kit_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('kit_township', 'township', { divisions: ['500110001'] });
	ids.xlx = (await org(civil, { name: '綦江区心连心社会工作服务中心', division_code: '500110', uscc: uscc('52', '500110', 301) })).id;
	ids.bj = await org(civilBj, { name: '东城区阳光社会工作服务中心', division_code: '110101', uscc: uscc('52', '110101', 302) });
	provider = await mk('kit_provider', 'provider', { orgs: [ids.xlx] });
	const st = expectOk(
		await civil.post('/api/v1/stations', {
			division_code: '500110001',
			tier: 'township',
			name: '古南街道社会工作服务站',
			status: 'active',
			operator_org_id: ids.xlx,
		}),
		201,
	);
	ids.station = st.id;
	// staff enough for the computed items
	for (const [i, q] of [[1, 'assistant'], [2, null]]) {
		const w = expectOk(
			await civil.post('/api/v1/social-workers', { name: `社工${i}`, full_time: true, employer_org_id: ids.xlx, ...(q ? { qualification: q } : {}) }),
			201,
		);
		expectOk(await civil.post(`/api/v1/stations/${ids.station}/staff`, { worker_id: w.id }), 201);
	}
});

after(() => srv?.stop());

describe('allowed values, served once', () => {
	test('GET /api/v1/meta/enums lists each module\'s values with Chinese and English labels', async () => {
		const e = expectOk(await civil.get('/api/v1/meta/enums'));
		for (const name of ['station.tier', 'station.status', 'station.kind', 'station.operation', 'staff.role', 'worker.qualification', 'readiness.kind', 'role']) {
			assert.ok(Array.isArray(e[name]) && e[name].length > 0, name);
			for (const v of e[name]) assert.ok(v.value && v.zh && v.en, `${name}: ${JSON.stringify(v)}`);
		}
		assert.deepEqual(e['station.tier'].map((v) => v.value), ['county', 'township', 'village']);
		assert.equal(e['station.tier'][1].zh, '乡镇（街道）社工站');
		assert.ok(e.role.some((v) => v.value === 'security_admin' && v.zh === '安全管理员'));
		assert.ok(!e.role.some((v) => v.value === 'system'));
	});

	test('a bad value is refused with the allowed ones named in Chinese', async () => {
		const r = await civil.get('/api/v1/stations?tier=city');
		expectError(r, 400, 'invalid', 'tier');
		assert.match(r.json.error.message, /“乡镇（街道）社工站”/);
		assert.match(r.json.error.message_en, /county, township, village/);
	});
});

describe('readiness: a provider\'s tick is a claim until it is confirmed', () => {
	const items = async () => expectOk(await civil.get(`/api/v1/stations/${ids.station}`)).readiness;
	const flagItems = async () => (await items()).items.filter((i) => i.kind === 'flag');

	test('the provider ticks every flag item: the station does not count as working', async () => {
		for (const it of await flagItems()) {
			const st = expectOk(await provider.put(`/api/v1/stations/${ids.station}/readiness/${it.id}`, { met: true }));
			const mine = st.readiness.items.find((x) => x.id === it.id);
			assert.equal(mine.met, true);
			assert.equal(mine.passed, false, 'a claim does not pass');
			assert.equal(mine.confirmed_by, null);
			assert.equal(mine.ticked_by.name, '测试 kit_provider');
		}
		const r = await items();
		assert.equal(r.working, false);
		const cov = expectOk(await civil.get('/api/v1/divisions/500110001/coverage'));
		assert.equal(cov.townships.with_station, 0);
	});

	test('the provider cannot confirm; the township confirms each, and the station works', async () => {
		const [first] = await flagItems();
		expectError(await provider.post(`/api/v1/stations/${ids.station}/readiness/${first.id}/confirm`), 403, 'forbidden');
		let st;
		for (const it of await flagItems()) {
			st = expectOk(await township.post(`/api/v1/stations/${ids.station}/readiness/${it.id}/confirm`));
			const mine = st.readiness.items.find((x) => x.id === it.id);
			assert.equal(mine.passed, true);
			assert.equal(mine.confirmed_by.name, '测试 kit_township');
			assert.ok(mine.confirmed_at);
		}
		assert.equal(st.working, true);
		// a second confirmation, or one of an unticked item, is a conflict
		expectError(await township.post(`/api/v1/stations/${ids.station}/readiness/${first.id}/confirm`), 409, 'conflict', 'item_id');
		const audit = (await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'station.readiness_confirm'")).stdout.trim();
		assert.equal(Number(audit), (await flagItems()).length);
	});

	test('a provider\'s new tick is a claim again; a civil affairs tick is confirmed as it is made', async () => {
		const [first] = await flagItems();
		let st = expectOk(await provider.put(`/api/v1/stations/${ids.station}/readiness/${first.id}`, { met: true, note: '重新确认' }));
		assert.equal(st.working, false);
		st = expectOk(await civil.put(`/api/v1/stations/${ids.station}/readiness/${first.id}`, { met: true }));
		assert.equal(st.working, true);
		assert.equal(st.readiness.items.find((x) => x.id === first.id).confirmed_by.name, '测试 kit_civil');
	});

	test('outside the scope the station does not exist', async () => {
		const [first] = await flagItems();
		expectError(await civilBj.post(`/api/v1/stations/${ids.station}/readiness/${first.id}/confirm`), 404, 'not_found');
	});
});

describe('an operator the clerk sees', () => {
	test('an organisation of another county answers exactly like an id that names nothing', async () => {
		const other = await civil.patch(`/api/v1/stations/${ids.station}`, { operator_org_id: ids.bj.id });
		const none = await civil.patch(`/api/v1/stations/${ids.station}`, { operator_org_id: 99999 });
		expectError(other, 400, 'invalid', 'operator_org_id');
		expectError(none, 400, 'invalid', 'operator_org_id');
		assert.equal(other.json.error.message, none.json.error.message);
		assert.equal(other.json.error.message_en, none.json.error.message_en);
		assert.ok(!other.text.includes('阳光'), 'the reply names no organisation');
	});

	test('registered for the county by its USCC, it may run the station', async () => {
		expectError(await civil.post('/api/v1/orgs/regions', { uscc: ids.bj.uscc, division_code: '110101' }), 404, 'not_found', 'division_code');
		expectError(await civil.post('/api/v1/orgs/regions', { uscc: uscc('52', '500110', 999), division_code: '500110' }), 404, 'not_found', 'uscc');
		const o = expectOk(await civil.post('/api/v1/orgs/regions', { uscc: ids.bj.uscc, division_code: '500110' }));
		assert.equal(o.id, ids.bj.id);
		expectOk(await civil.get(`/api/v1/orgs/${ids.bj.id}`));
		const st = expectOk(await civil.patch(`/api/v1/stations/${ids.station}`, { operator_org_id: ids.bj.id }));
		assert.equal(st.operator.name, '东城区阳光社会工作服务中心');
		expectOk(await civil.patch(`/api/v1/stations/${ids.station}`, { operator_org_id: ids.xlx }));
	});
});

describe('lists and exports', () => {
	test('the stations list carries its total; the export has Chinese labels and is audited', async () => {
		const l = expectOk(await civil.get('/api/v1/stations?limit=1'));
		assert.equal(l.total, 1);
		// organisations: the total of the filter, within the scope
		const orgs = expectOk(await civil.get('/api/v1/orgs?limit=1&type=social_org'));
		assert.equal(orgs.items.length, 1);
		assert.ok(orgs.total >= 2, `total ${orgs.total}`);
		const all = expectOk(await civil.get('/api/v1/orgs?limit=200&type=social_org'));
		assert.equal(all.total, all.items.length);
		assert.equal(expectOk(await civil.get('/api/v1/orgs?eligible=provider')).total, null, 'no total when each row is decided');
		const csv = await civil.get('/api/v1/stations/export?format=csv');
		assert.equal(csv.status, 200, csv.text);
		assert.match(csv.headers.get('content-disposition'), /stations-\d{4}-\d{2}-\d{2}\.csv/);
		assert.match(csv.text, /乡镇（街道）社工站/);
		assert.match(csv.text, /运行中/);
		assert.doesNotMatch(csv.text, /,township,|,active,/);
		const x = await civil.get('/api/v1/stations/export?format=xlsx');
		assert.equal(x.status, 200);
		expectError(await civil.get('/api/v1/stations/export?format=pdf'), 400, 'invalid', 'format');
		const n = (await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'station.export'")).stdout.trim();
		assert.equal(Number(n), 2);
	});

	test('the uncovered villages page through all of them, with their total, and export', async () => {
		const first = expectOk(await civil.get('/api/v1/divisions/500110/coverage/missing?tier=village&limit=2'));
		assert.equal(first.items.length, Math.min(2, first.total));
		const seen = new Set(first.items.map((i) => i.code));
		let cursor = first.next_cursor;
		while (cursor) {
			const p = expectOk(await civil.get(`/api/v1/divisions/500110/coverage/missing?tier=village&limit=2&cursor=${cursor}`));
			for (const i of p.items) {
				assert.ok(!seen.has(i.code), 'no village twice');
				seen.add(i.code);
			}
			cursor = p.next_cursor;
		}
		assert.equal(seen.size, first.total);
		const cov = expectOk(await civil.get('/api/v1/divisions/500110/coverage'));
		assert.equal(first.total, cov.missing_villages.count);
		const t = expectOk(await civil.get('/api/v1/divisions/500110/coverage/missing?tier=township'));
		assert.ok(t.items.length <= 50, 'a page of at most the default 50');
		expectError(await civil.get('/api/v1/divisions/500110/coverage/missing?tier=township&limit=0'), 400, 'invalid', 'limit');
		assert.equal(t.total, cov.townships.total - cov.townships.with_station);
		const csv = await civil.get('/api/v1/divisions/500110/coverage/missing/export?tier=village&format=csv');
		assert.equal(csv.status, 200);
		assert.equal(csv.text.trim().split('\n').length - 1, first.total);
		expectError(await civil.get('/api/v1/divisions/500110/coverage/missing?tier=county'), 400, 'invalid', 'tier');
		expectError(await civilBj.get('/api/v1/divisions/500110/coverage/missing?tier=village'), 404, 'not_found', 'code');
	});
});

describe('a person registered twice (R-ORG-2, duplicate benefits)', () => {
	test('elsewhere: said without where or by whom, audited, and limited per account', async () => {
		const person = (id, name = '王某某') => ({ type: 'individual', name, division_code: '110101', id_number: id });
		const id = idNumber('500110', '19800101', 11);
		expectOk(await civil.post('/api/v1/orgs', { type: 'individual', name: '李某某', division_code: '500110', id_number: id }), 201);
		const r = await civilBj.post('/api/v1/orgs', person(id));
		expectError(r, 409, 'conflict', 'id_number');
		assert.match(r.json.error.message, /已在别处登记/);
		for (const leak of ['綦江', '500110', 'kit_civil', '李']) assert.ok(!r.text.includes(leak), `the answer names ${leak}`);
		const hits = async () => Number((await srv.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'org.person_registered_elsewhere'")).stdout.trim());
		assert.equal(await hits(), 1);
		for (let i = 0; i < 4; i++) expectError(await civilBj.post('/api/v1/orgs', person(id)), 409, 'conflict', 'id_number');
		assert.equal(await hits(), 5);
		// the sixth try in the hour is refused before any lookup, even for a new number
		const locked = await civilBj.post('/api/v1/orgs', person(idNumber('110101', '19900101', 12)));
		expectError(locked, 429, 'locked', 'id_number');
		assert.ok(Number(locked.headers.get('retry-after')) > 0);
		// another account is not held back; an organisation is not either
		expectOk(await civil.post('/api/v1/orgs', { type: 'individual', name: '赵某某', division_code: '500110', id_number: idNumber('500110', '19700101', 13) }), 201);
	});
});

describe('eligibility explains itself (R-ORG-5)', () => {
	test('the national set cites national rules only, in full-width Chinese', async () => {
		const sets = expectOk(await civil.get('/api/v1/eligibility/rule-sets')).items;
		const national = sets.find((s) => s.code === 'national');
		assert.ok(national);
		assert.doesNotMatch(national.source_zh, /宁夏/);
		for (const r of national.rules) {
			assert.doesNotMatch(r.clause, /宁夏/, r.code);
			assert.doesNotMatch(r.description_zh, /[,;()"]/, r.code);
		}
	});

	test('a decision says which roles the type can hold and which rules do not apply', async () => {
		const bureau = expectOk(
			await civil.post('/api/v1/orgs', { type: 'civil_affairs', name: '綦江区民政局', division_code: '500110', uscc: uscc('11', '500110', 401) }),
			201,
		);
		const d = expectOk(await civil.get(`/api/v1/orgs/${bureau.id}/eligibility?role=purchaser`));
		assert.deepEqual(d.roles, ['purchaser']);
		assert.equal(d.eligible, true);
		const p = expectOk(await civil.get(`/api/v1/orgs/${ids.xlx}/eligibility?role=provider`));
		assert.ok(p.roles.includes('provider'));
		assert.ok(Array.isArray(p.not_applicable));
		// an individual provider skips the rules for organisations, and is told so
		const person = expectOk(await civil.post('/api/v1/orgs', { type: 'individual', name: '钱某某', division_code: '500110', id_number: idNumber('500110', '19750101', 21) }), 201);
		const pi = expectOk(await civil.get(`/api/v1/orgs/${person.id}/eligibility?role=provider`));
		assert.ok(pi.not_applicable.some((r) => r.id === 'provider.business_scope'));
		assert.ok(!pi.rules.some((r) => r.id === 'provider.business_scope'));
		assert.equal(pi.org.name, '钱**');
	});
});

describe('a USCC fits its organisation\'s type (GB 32100)', () => {
	test('an enterprise code (91…) for a social organisation is refused, naming the field', async () => {
		const r = await civil.post('/api/v1/orgs', { type: 'social_org', name: '某社工中心', division_code: '500110', uscc: uscc('91', '500110', 501) });
		expectError(r, 400, 'invalid', 'uscc');
		assert.match(r.json.error.message, /“91”.*社会组织/);
		expectOk(await civil.post('/api/v1/orgs', { type: 'enterprise', name: '某企业', division_code: '500110', uscc: uscc('91', '500110', 502) }), 201);
	});
});
