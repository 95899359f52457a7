// The station network (R-NET-1..4) and its social workers (R-TAL-1):
// stations created and changed by civil affairs staff within their
// division subtree (404 outside it), the operator an eligible provider
// where the station is (R-NET-2), staff and readiness ticks also managed by
// the operating provider, read-only for township staff, social workers and
// mentors, nothing for evaluators; the readiness checklist making a station
// working and the coverage of its division following (R-NET-3, 4); bad
// input naming the field; 403 for roles a route refuses; one audit entry
// per write, without workers' names.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { uscc } from '../lib/codes.mjs';
import { createUser, securityAdmin } from '../lib/fixtures.mjs';
import { REPO, anon, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv;
let admin;
let civil; // civil affairs, 綦江区 500110
let civilBj; // civil affairs, 东城区 110101
let township; // 古南街道 500110001
let provider; // staff of 心连心 (operates the 古南 station)
let evaluator; // an evaluator of the same organisation
let auditor; // audit admin: the audit log only (no station.read, worker.read, coverage.read)
let sec; // security admin: reads every station to name them in scopes
let worker; // a social worker of the 文龙 station
let mentor; // a mentor of the 古南 and 文龙 stations
const ids = {};

/** Facts of an organisation that passes every national provider rule. */
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

const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
const audits = (action) => count(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);
const stationCount = () => count('SELECT COUNT(*) FROM stations');

async function org(body, docs = true) {
	const o = expectOk(await civil.post('/api/v1/orgs', { type: 'social_org', division_code: '500110', ...body }), 201);
	if (docs) {
		for (const kind of ['governance', 'finance']) {
			expectOk(await civil.post(`/api/v1/orgs/${o.id}/documents`, { kind, title: `${kind} 制度` }), 201);
		}
	}
	return o.id;
}

const station = (extra = {}) => ({
	division_code: '500110002',
	tier: 'township',
	name: '文龙街道社会工作服务站',
	...extra,
});

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	const mk = async (name, role, scope) => {
		const { password } = await createUser(admin, name, { role, scope });
		return login(srv, name, password);
	};
	civil = await mk('st_civil', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('st_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('st_township', 'township', { divisions: ['500110001'] });
	auditor = await mk('st_auditor', 'audit_admin');
	sec = await securityAdmin(srv);

	ids.xinlianxin = await org({ name: '綦江区心连心社会工作服务中心', uscc: uscc('52', '500110', 101), ...GOOD_PROVIDER });
	ids.understaffed = await org({
		name: '綦江区齐跃社会工作服务中心',
		uscc: uscc('52', '500110', 102),
		...GOOD_PROVIDER,
		qualified_social_workers: 0,
	});
	provider = await mk('st_provider', 'provider', { orgs: [ids.xinlianxin] });
	evaluator = await mk('st_evaluator', 'evaluator', { orgs: [ids.xinlianxin] });
});
after(() => srv?.stop());

describe('stations', () => {
	test('civil affairs creates a township station → 201 in detail, audited', async () => {
		const before = await audits('station.create');
		const s = expectOk(
			await civil.post(
				'/api/v1/stations',
				station({ status: 'active', demonstration: true, address: '文龙街道九龙大道 8 号', opened_on: '2024-03-01', brand: '文龙邻里', area_codes: ['elderly_services', 'child_welfare'] }),
			),
			201,
		);
		ids.wenlong = s.id;
		assert.deepEqual(Object.keys(s).sort(), [
			'address', 'areas', 'brand', 'created_at', 'demonstration', 'division_code', 'division_name', 'feature', 'id', 'kind',
			'name', 'opened_on', 'operation', 'operator', 'readiness', 'staff', 'status', 'tier', 'updated_at', 'working',
		]);
		assert.equal(s.division_name, '文龙街道');
		assert.equal(s.kind, 'comprehensive');
		assert.equal(s.demonstration, true);
		assert.equal(s.operation, 'self_operated');
		assert.equal(s.operator, null);
		assert.deepEqual(s.areas.map((a) => a.code), ['elderly_services', 'child_welfare']);
		assert.equal(s.areas[0].name_zh, '养老服务');
		assert.deepEqual(s.staff, []);
		assert.equal(s.working, false);
		assert.equal(s.readiness.working, false);
		assert.deepEqual(s.readiness.items.map((i) => i.code), ['site', 'equipment', 'staff', 'qualified_staff', 'rules', 'services']);
		const staffItem = s.readiness.items.find((i) => i.code === 'staff');
		assert.deepEqual({ kind: staffItem.kind, threshold: staffItem.threshold, actual: staffItem.actual, passed: staffItem.passed }, { kind: 'min_staff', threshold: 2, actual: 0, passed: false });
		assert.equal(await audits('station.create'), before + 1);
		const actor = (await srv.sql(`SELECT actor FROM audit_log WHERE action = 'station.create' AND object_id = '${s.id}'`)).stdout.trim();
		assert.equal(actor, 'st_civil');
	});

	test('a contract with an eligible provider → 201 with the operator', async () => {
		const s = expectOk(
			await civil.post('/api/v1/stations', station({ division_code: '500110001', name: '古南街道社会工作服务站', operator_org_id: ids.xinlianxin, status: 'active' })),
			201,
		);
		ids.gunan = s.id;
		assert.equal(s.operation, 'contract');
		assert.deepEqual(s.operator, { id: ids.xinlianxin, name: '綦江区心连心社会工作服务中心' });
		const room = expectOk(await civil.post('/api/v1/stations', { division_code: '500110001001', tier: 'village', name: '沙溪社区社会工作室', feature: '社区花园' }), 201);
		ids.shaxi = room.id;
		assert.equal(room.kind, null);
		assert.equal(room.status, 'planned');
		const bj = expectOk(await admin.post('/api/v1/stations', { division_code: '110101001', tier: 'township', name: '东华门街道社工站' }), 201);
		ids.beijing = bj.id;
		// the users whose scope is a list of stations
		const mk = async (name, role, scope) => {
			const { password } = await createUser(admin, name, { role, scope });
			return login(srv, name, password);
		};
		worker = await mk('st_worker', 'social_worker', { stations: [ids.wenlong] });
		mentor = await mk('st_mentor', 'mentor', { stations: [ids.gunan, ids.wenlong] });
	});

	test('an operator that is not an eligible provider → 400 R-NET-2, nothing created', async () => {
		const [n, a] = [await stationCount(), await audits('station.create')];
		const e = expectError(
			await civil.post('/api/v1/stations', station({ name: '文龙第二站', operator_org_id: ids.understaffed })),
			400,
			'invalid',
			'operator_org_id',
		);
		assert.equal(e.rule, 'R-NET-2');
		assert.match(e.message_en, /not an eligible provider/);
		expectError(await civil.post('/api/v1/stations', station({ operation: 'contract' })), 400, 'invalid', 'operator_org_id');
		expectError(await civil.post('/api/v1/stations', station({ operator_org_id: 99999 })), 400, 'invalid', 'operator_org_id');
		expectError(await civil.post('/api/v1/stations', station({ operation: 'self_operated', operator_org_id: ids.xinlianxin })), 400, 'invalid', 'operator_org_id');
		assert.equal(await stationCount(), n);
		assert.equal(await audits('station.create'), a);
	});

	for (const [body, field] of [
		[station({ tier: 'county' }), 'division_code'],
		[station({ tier: 'village' }), 'division_code'],
		[station({ tier: 'hamlet' }), 'tier'],
		[station({ division_code: '5x' }), 'division_code'],
		[station({ division_code: '500110009' }), 'division_code'],
		[{ division_code: '500110001002', tier: 'village', name: '古南社区社工室', kind: 'specialised' }, 'kind'],
		[{ division_code: '500110001002', tier: 'village', name: '古南社区社工室', demonstration: true }, 'demonstration'],
		[station({ kind: 'general' }), 'kind'],
		[station({ status: 'open' }), 'status'],
		[station({ opened_on: '2024-13-01' }), 'opened_on'],
		[station({ name: '' }), 'name'],
		[station({ name: '　 ' }), 'name'],
		[station({ name: '站'.repeat(65) }), 'name'],
		[station({ name: undefined }), 'name'],
		[station({ area_codes: ['nope'] }), 'area_codes'],
		[station({ area_codes: ['child_welfare', 'child_welfare'] }), 'area_codes'],
		[station({ area_codes: 'child_welfare' }), 'area_codes'],
		[station({ operator_org_id: 0 }), 'operator_org_id'],
		[station({ demonstration: 'yes' }), 'demonstration'],
		[station({ working: true }), 'working'],
	]) {
		test(`bad station → 400 naming ${field}: ${JSON.stringify(body).slice(0, 90)}`, async () => {
			const n = await stationCount();
			const e = expectError(await civil.post('/api/v1/stations', body), field === 'division_code' && body.division_code === '500110009' ? 404 : 400, undefined, field);
			assert.ok(e);
			assert.equal(await stationCount(), n);
		});
	}

	test('PATCH changes the fields given, audited with old and new values', async () => {
		const before = await audits('station.update');
		const s = expectOk(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { feature: '九龙山下', kind: 'specialised', area_codes: ['social_affairs'] }));
		assert.equal(s.feature, '九龙山下');
		assert.equal(s.kind, 'specialised');
		assert.equal(s.brand, '文龙邻里');
		assert.deepEqual(s.areas.map((a) => a.code), ['social_affairs']);
		assert.equal(await audits('station.update'), before + 1);
		const row = (await srv.sql(`SELECT old_value, new_value FROM audit_log WHERE action = 'station.update' AND object_id = '${ids.wenlong}'`)).stdout;
		assert.match(row, /elderly_services/);
		assert.match(row, /九龙山下/);
		expectError(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { tier: 'village' }), 400, 'invalid', 'tier');
		expectError(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { division_code: '500110001' }), 400, 'invalid', 'division_code');
		expectError(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { status: 'gone' }), 400, 'invalid', 'status');
		expectError(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { operator_org_id: ids.understaffed }), 400, 'invalid', 'operator_org_id');
		expectError(await civil.patch(`/api/v1/stations/${ids.shaxi}`, { demonstration: true }), 400, 'invalid', 'demonstration');
		expectError(await civil.patch('/api/v1/stations/999999', { name: '改' }), 404, 'not_found');
		expectError(await civil.patch('/api/v1/stations/abc', { name: '改' }), 404, 'not_found');
		assert.equal(await audits('station.update'), before + 1);
	});

	test('GET /stations lists within the scope, with filters', async () => {
		const names = async (agent, q = '') => expectOk(await agent.get(`/api/v1/stations${q}`)).items.map((s) => s.id);
		assert.deepEqual(await names(civil), [ids.wenlong, ids.gunan, ids.shaxi]);
		assert.deepEqual(await names(admin), [ids.wenlong, ids.gunan, ids.shaxi, ids.beijing]);
		assert.deepEqual(await names(sec), [ids.wenlong, ids.gunan, ids.shaxi, ids.beijing]);
		expectError(await auditor.get('/api/v1/stations'), 403, 'forbidden');
		assert.deepEqual(await names(civil, '?tier=village'), [ids.shaxi]);
		assert.deepEqual(await names(civil, '?division=500110001'), [ids.gunan, ids.shaxi]);
		assert.deepEqual(await names(civil, `?operator_org_id=${ids.xinlianxin}`), [ids.gunan]);
		assert.deepEqual(await names(civil, '?status=planned'), [ids.shaxi]);
		assert.deepEqual(await names(civil, '?working=true'), []);
		assert.deepEqual(await names(civil, '?q=社会工作服务站'), [ids.wenlong, ids.gunan]);
		assert.deepEqual(await names(civil, '?q=古南'), [ids.gunan]);
		assert.deepEqual(await names(civil, '?q=沙溪&division=500110001'), [ids.shaxi]);
		assert.deepEqual(await names(admin, '?q=东华门'), [ids.beijing]);
		assert.deepEqual(await names(civil, '?q=东华门'), []);
		const page = expectOk(await civil.get('/api/v1/stations?limit=2'));
		assert.equal(page.items.length, 2);
		assert.ok(page.next_cursor);
		assert.deepEqual(await names(civil, `?limit=2&cursor=${page.next_cursor}`), [ids.shaxi]);
		assert.equal(page.items[0].staff, undefined, 'the list is not in detail');
		for (const [q, field] of [
			['?tier=hamlet', 'tier'],
			['?status=x', 'status'],
			['?working=maybe', 'working'],
			['?division=5x', 'division'],
			['?operator_org_id=abc', 'operator_org_id'],
			['?q=' + 'x'.repeat(33), 'q'],
			['?limit=0', 'limit'],
		]) {
			expectError(await civil.get(`/api/v1/stations${q}`), 400, 'invalid', field);
		}
		expectError(await anon(srv).get('/api/v1/stations'), 401);
	});

	test('scope: another county 404, township and the worker read only, evaluator nothing', async () => {
		expectError(await civilBj.get(`/api/v1/stations/${ids.wenlong}`), 404, 'not_found');
		expectError(await civilBj.patch(`/api/v1/stations/${ids.wenlong}`, { name: '改' }), 404, 'not_found');
		expectError(await civilBj.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: 1 }), 404, 'not_found');
		expectError(await civilBj.post('/api/v1/stations', station()), 404, 'not_found', 'division_code');
		assert.deepEqual(expectOk(await civilBj.get('/api/v1/stations')).items.map((s) => s.id), [ids.beijing]);

		assert.deepEqual(expectOk(await township.get('/api/v1/stations')).items.map((s) => s.id), [ids.gunan, ids.shaxi]);
		expectOk(await township.get(`/api/v1/stations/${ids.gunan}`));
		expectError(await township.get(`/api/v1/stations/${ids.wenlong}`), 404, 'not_found');
		expectError(await township.patch(`/api/v1/stations/${ids.gunan}`, { name: '改' }), 403, 'forbidden');
		expectError(await township.post('/api/v1/stations', station({ division_code: '500110001001', tier: 'village' })), 403, 'forbidden');

		assert.deepEqual(expectOk(await worker.get('/api/v1/stations')).items.map((s) => s.id), [ids.wenlong]);
		expectOk(await worker.get(`/api/v1/stations/${ids.wenlong}`));
		expectError(await worker.get(`/api/v1/stations/${ids.gunan}`), 404, 'not_found');
		assert.deepEqual(expectOk(await mentor.get('/api/v1/stations')).items.map((s) => s.id), [ids.wenlong, ids.gunan]);

		// the evaluator and the auditor hold no station.read
		for (const agent of [evaluator, auditor]) {
			expectError(await agent.get('/api/v1/stations'), 403, 'forbidden');
			expectError(await agent.get(`/api/v1/stations/${ids.gunan}`), 403, 'forbidden');
		}
		expectOk(await sec.get(`/api/v1/stations/${ids.gunan}`));
	});

	test('roles a route refuses → 403, audited as authz.denied', async () => {
		const before = await audits('authz.denied');
		const calls = [
			['post', '/api/v1/stations', station()],
			['patch', `/api/v1/stations/${ids.gunan}`, { name: '改' }],
		];
		for (const agent of [township, worker, mentor, evaluator, auditor, provider]) {
			for (const [m, p, b] of calls) expectError(await agent[m](p, b), 403, 'forbidden');
		}
		for (const agent of [township, worker, mentor, evaluator, auditor]) {
			expectError(await agent.post(`/api/v1/stations/${ids.gunan}/staff`, { worker_id: 1 }), 403, 'forbidden');
			expectError(await agent.del(`/api/v1/stations/${ids.gunan}/staff/1`), 403, 'forbidden');
			expectError(await agent.put(`/api/v1/stations/${ids.gunan}/readiness/1`, { met: true }), 403, 'forbidden');
			expectError(await agent.post('/api/v1/social-workers', { name: '王五', full_time: true }), 403, 'forbidden');
		}
		for (const agent of [worker, mentor, evaluator]) {
			expectError(await agent.get('/api/v1/social-workers'), 403, 'forbidden');
			expectError(await agent.get('/api/v1/social-workers/1'), 403, 'forbidden');
		}
		for (const agent of [civil, provider, township]) expectError(await agent.patch('/api/v1/readiness-items/1', { threshold: 1 }), 403, 'forbidden');
		assert.ok((await audits('authz.denied')) > before);
	});
});

describe('social workers (R-TAL-1)', () => {
	test('civil affairs registers workers of an organisation in its area → 201, audited without the name', async () => {
		const before = await audits('social_worker.create');
		const w = expectOk(
			await civil.post('/api/v1/social-workers', { name: '王小红', qualification: 'intermediate', certificate_no: 'S2020500110001', employer_org_id: ids.xinlianxin, full_time: true }),
			201,
		);
		ids.w1 = w.id;
		assert.equal(w.name, '王小红');
		assert.deepEqual(w.employer, { id: ids.xinlianxin, name: '綦江区心连心社会工作服务中心' });
		assert.equal(w.full_time, true);
		assert.deepEqual(w.stations, []);
		ids.w2 = expectOk(await civil.post('/api/v1/social-workers', { name: '李建国', employer_org_id: ids.understaffed, full_time: true }), 201).id;
		ids.w3 = expectOk(await civil.post('/api/v1/social-workers', { name: '赵兼职', qualification: 'senior', employer_org_id: ids.understaffed, full_time: false }), 201).id;
		assert.equal(await audits('social_worker.create'), before + 3);
		assert.equal(await count("SELECT COUNT(*) FROM audit_log WHERE new_value LIKE '%王小红%' OR new_value LIKE '%S2020500110001%'"), 0);
	});

	test('the provider registers its own employees only', async () => {
		const w = expectOk(await provider.post('/api/v1/social-workers', { name: '陈社工', qualification: 'assistant', full_time: true }), 201);
		ids.w4 = w.id;
		assert.equal(w.employer.id, ids.xinlianxin);
		expectError(await provider.post('/api/v1/social-workers', { name: '陈社工', employer_org_id: ids.understaffed, full_time: true }), 400, 'invalid', 'employer_org_id');
		assert.deepEqual(expectOk(await provider.get('/api/v1/social-workers')).items.map((x) => x.id), [ids.w1, ids.w4]);
		expectError(await provider.get(`/api/v1/social-workers/${ids.w2}`), 404, 'not_found');
	});

	test('GET /api/v1/social-workers?q= finds a part of the name, within the scope', async () => {
		const byName = async (agent, q) =>
			expectOk(await agent.get(`/api/v1/social-workers?q=${encodeURIComponent(q)}`)).items.map((x) => x.id);
		assert.deepEqual(await byName(civil, '建国'), [ids.w2]);
		assert.deepEqual(await byName(civil, '社工'), [ids.w4]);
		assert.deepEqual(await byName(provider, '建国'), [], 'another organisation\'s worker stays out of sight');
		assert.deepEqual(await byName(civil, '%'), [], 'LIKE metacharacters are literal');
		assert.deepEqual(await byName(civil, '_'), []);
		expectError(await civil.get(`/api/v1/social-workers?q=${'字'.repeat(33)}`), 400, 'invalid', 'q');
	});

	test('bad input → 400 naming the field; another county → 404', async () => {
		for (const [body, field] of [
			[{ full_time: true }, 'name'],
			[{ name: ' ', full_time: true }, 'name'],
			[{ name: '王五' }, 'full_time'],
			[{ name: '王五', full_time: 'yes' }, 'full_time'],
			[{ name: '王五', full_time: true, qualification: 'expert' }, 'qualification'],
			[{ name: '王五', full_time: true }, 'employer_org_id'],
			[{ name: '王五', full_time: true, certificate_no: 'x'.repeat(41), employer_org_id: ids.xinlianxin }, 'certificate_no'],
			[{ name: '王五', full_time: true, employer_org_id: ids.xinlianxin, id_number: '1' }, 'id_number'],
		]) {
			expectError(await civil.post('/api/v1/social-workers', body), 400, 'invalid', field);
		}
		expectError(await civilBj.post('/api/v1/social-workers', { name: '王五', full_time: true, employer_org_id: ids.xinlianxin }), 404, 'not_found', 'employer_org_id');
		expectError(await civilBj.get(`/api/v1/social-workers/${ids.w1}`), 404, 'not_found');
		assert.deepEqual(expectOk(await civilBj.get('/api/v1/social-workers')).items, []);
		expectError(await civil.get('/api/v1/social-workers?qualification=expert'), 400, 'invalid', 'qualification');
		assert.deepEqual(expectOk(await civil.get('/api/v1/social-workers?qualification=none')).items.map((x) => x.id), [ids.w2]);
		assert.deepEqual(expectOk(await civil.get(`/api/v1/social-workers?employer_org_id=${ids.understaffed}`)).items.map((x) => x.id), [ids.w2, ids.w3]);
		expectOk(await admin.get(`/api/v1/social-workers/${ids.w1}`));
		// neither officer of 三员分立 but the admin reads workers
		for (const agent of [auditor, sec]) {
			expectError(await agent.get(`/api/v1/social-workers/${ids.w1}`), 403, 'forbidden');
			expectError(await agent.get('/api/v1/social-workers'), 403, 'forbidden');
		}
	});
});

describe('readiness and coverage (R-NET-3, R-NET-4)', () => {
	const coverage = async (agent = civil, code = '500110') => expectOk(await agent.get(`/api/v1/divisions/${code}/coverage`));
	const detail = async (id, agent = civil) => expectOk(await agent.get(`/api/v1/stations/${id}`));
	const item = (s, code) => s.readiness.items.find((i) => i.code === code);

	test('coverage before: no working station', async () => {
		const c = await coverage();
		assert.deepEqual(c.division, { code: '500110', name: '綦江区', level: 'county' });
		assert.deepEqual(c.townships, { total: 2, with_station: 0, ratio: 0 });
		assert.deepEqual(c.villages, { total: 3, with_station: 0, ratio: 0 });
		assert.deepEqual(c.children.map((x) => x.code), ['500110001', '500110002']);
		assert.deepEqual(c.missing_townships, [{ code: '500110001', name: '古南街道' }, { code: '500110002', name: '文龙街道' }]);
		assert.equal(c.missing_villages.count, 3);
		assert.equal(c.missing_villages.items.length, 3);
	});

	test('staff and ticks make the 文龙 station working; coverage follows', async () => {
		const [assign, tick] = [await audits('station.staff_assign'), await audits('station.readiness_set')];
		let s = expectOk(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w1, role: 'head', since: '2025-01-01' }), 201);
		assert.deepEqual(s.staff, [{ worker_id: ids.w1, name: '王小红', qualification: 'intermediate', full_time: true, role: 'head', since: '2025-01-01' }]);
		s = expectOk(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w3 }), 201);
		assert.equal(item(s, 'staff').actual, 1, 'a part-time worker is not full-time staff');
		assert.equal(item(s, 'qualified_staff').actual, 2);
		s = expectOk(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w2 }), 201);
		assert.equal(item(s, 'staff').passed, true);
		assert.equal(s.working, false, 'the flags are not ticked yet');
		for (const code of ['site', 'equipment', 'rules']) {
			s = expectOk(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, code).id}`, { met: true, note: '现场核查' }));
			assert.equal(s.working, false);
		}
		assert.equal(item(s, 'site').met, true);
		assert.equal(item(s, 'site').note, '现场核查');
		assert.match(item(s, 'site').checked_at, /^\d{4}-\d\d-\d\dT/);
		s = expectOk(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, 'services').id}`, { met: true }));
		assert.equal(s.working, true);
		assert.equal(s.readiness.working, true);
		assert.ok(s.readiness.items.every((i) => i.passed));
		assert.equal(await audits('station.staff_assign'), assign + 3);
		assert.equal(await audits('station.readiness_set'), tick + 4);
		assert.equal(await count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'station.%' AND (new_value LIKE '%王小红%' OR old_value LIKE '%王小红%')"), 0);

		const c = await coverage();
		assert.deepEqual(c.townships, { total: 2, with_station: 1, ratio: 0.5 });
		assert.deepEqual(c.missing_townships, [{ code: '500110001', name: '古南街道' }]);
		const wl = c.children.find((x) => x.code === '500110002');
		assert.deepEqual(wl.townships, { total: 1, with_station: 1, ratio: 1 });
		assert.deepEqual(wl.villages, { total: 1, with_station: 0, ratio: 0 });
		assert.deepEqual(expectOk(await civil.get('/api/v1/stations?working=true')).items.map((x) => x.id), [ids.wenlong]);
		const w = expectOk(await civil.get(`/api/v1/social-workers/${ids.w1}`));
		assert.deepEqual(w.stations, [{ id: ids.wenlong, name: '文龙街道社会工作服务站', tier: 'township', role: 'head', since: '2025-01-01' }]);
	});

	test('staff and readiness errors name the field', async () => {
		const s = await detail(ids.wenlong);
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w1 }), 409, 'conflict', 'worker_id');
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w4, role: 'head' }), 409, 'conflict', 'role');
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w4, role: 'boss' }), 400, 'invalid', 'role');
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w4, since: '2025-02-30' }), 400, 'invalid', 'since');
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: 999999 }), 404, 'not_found', 'worker_id');
		expectError(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, {}), 400, 'invalid', 'worker_id');
		expectError(await civil.del(`/api/v1/stations/${ids.wenlong}/staff/${ids.w4}`), 404, 'not_found', 'worker_id');
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, 'staff').id}`, { met: true }), 400, 'invalid', 'item_id');
		const village = expectOk(await civil.get('/api/v1/readiness-items?tier=village')).items[0];
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${village.id}`, { met: true }), 400, 'invalid', 'item_id');
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/9999`, { met: true }), 404, 'not_found', 'item_id');
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, 'site').id}`, { met: 'yes' }), 400, 'invalid', 'met');
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, 'site').id}`, {}), 400, 'invalid', 'met');
		expectError(await civil.put(`/api/v1/stations/${ids.wenlong}/readiness/${item(s, 'site').id}`, { met: true, note: 'x'.repeat(201) }), 400, 'invalid', 'note');
		assert.equal((await detail(ids.wenlong)).working, true, 'nothing changed');
	});

	test('the provider manages the staff and readiness of the station it operates', async () => {
		let s = expectOk(await provider.post(`/api/v1/stations/${ids.gunan}/staff`, { worker_id: ids.w4 }), 201);
		assert.equal(s.staff.length, 1);
		s = expectOk(await provider.put(`/api/v1/stations/${ids.gunan}/readiness/${item(s, 'site').id}`, { met: true }));
		assert.equal(item(s, 'site').met, true);
		expectError(await provider.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w4 }), 404, 'not_found');
		expectError(await provider.post(`/api/v1/stations/${ids.gunan}/staff`, { worker_id: ids.w2 }), 404, 'not_found', 'worker_id');
		s = expectOk(await provider.del(`/api/v1/stations/${ids.gunan}/staff/${ids.w4}`));
		assert.deepEqual(s.staff, []);
		assert.deepEqual(expectOk(await provider.get('/api/v1/stations')).items.map((x) => x.id), [ids.gunan]);
	});

	test('removing a full-time worker stops the station; coverage drops', async () => {
		const before = await audits('station.staff_remove');
		let s = expectOk(await civil.del(`/api/v1/stations/${ids.wenlong}/staff/${ids.w2}`));
		assert.equal(s.working, false);
		assert.equal(await audits('station.staff_remove'), before + 1);
		assert.deepEqual((await coverage()).townships, { total: 2, with_station: 0, ratio: 0 });
		s = expectOk(await civil.post(`/api/v1/stations/${ids.wenlong}/staff`, { worker_id: ids.w2 }), 201);
		assert.equal(s.working, true);
		assert.equal((await coverage()).townships.with_station, 1);
	});

	test('the checklist: read by all, a threshold changed by the administrator recomputes the tier', async () => {
		const list = expectOk(await worker.get('/api/v1/readiness-items?tier=township')).items;
		assert.equal(list.length, 6);
		assert.equal(expectOk(await worker.get('/api/v1/readiness-items')).items.length, 18);
		expectError(await worker.get('/api/v1/readiness-items?tier=hamlet'), 400, 'invalid', 'tier');
		const staff = list.find((i) => i.code === 'staff');
		const site = list.find((i) => i.code === 'site');
		const before = await audits('readiness.item_update');
		const changed = expectOk(await admin.patch(`/api/v1/readiness-items/${staff.id}`, { threshold: 3 }));
		assert.equal(changed.threshold, 3);
		assert.equal((await detail(ids.wenlong)).working, false);
		assert.equal((await coverage()).townships.with_station, 0);
		assert.equal(await audits('readiness.item_update'), before + 1);
		assert.match((await srv.sql("SELECT new_value FROM audit_log WHERE action = 'readiness.item_update'")).stdout, /"stations_changed":1/);
		expectOk(await admin.patch(`/api/v1/readiness-items/${staff.id}`, { threshold: 2 }));
		assert.equal((await detail(ids.wenlong)).working, true);
		expectError(await admin.patch(`/api/v1/readiness-items/${site.id}`, { threshold: 1 }), 400, 'invalid', 'threshold');
		expectError(await admin.patch(`/api/v1/readiness-items/${staff.id}`, { threshold: 100 }), 400, 'invalid', 'threshold');
		expectError(await admin.patch(`/api/v1/readiness-items/${staff.id}`, { code: 'x' }), 400, 'invalid', 'code');
		expectError(await admin.patch('/api/v1/readiness-items/9999', { name_zh: '改' }), 404, 'not_found');
		const renamed = expectOk(await admin.patch(`/api/v1/readiness-items/${site.id}`, { name_zh: '有场地（60 平方米以上）' }));
		assert.equal(renamed.name_zh, '有场地（60 平方米以上）');
		assert.equal(renamed.threshold, null);
	});

	test('suspending the station stops it', async () => {
		let s = expectOk(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { status: 'suspended' }));
		assert.equal(s.working, false);
		s = expectOk(await civil.patch(`/api/v1/stations/${ids.wenlong}`, { status: 'active' }));
		assert.equal(s.working, true);
	});

	test('coverage: the scope of the asker, bad codes', async () => {
		assert.equal((await coverage(admin, '50')).townships.with_station, 1);
		assert.equal((await coverage(admin, '5001')).children[0].code, '500110');
		const t = await coverage(township, '500110001');
		assert.deepEqual(t.townships, { total: 1, with_station: 0, ratio: 0 });
		assert.deepEqual(t.children.map((c) => c.code), ['500110001001', '500110001002']);
		expectError(await township.get('/api/v1/divisions/500110/coverage'), 404, 'not_found');
		expectError(await civilBj.get('/api/v1/divisions/500110/coverage'), 404, 'not_found');
		expectError(await civil.get('/api/v1/divisions/50/coverage'), 404, 'not_found');
		// roles without coverage.read are refused by the route, before any scope
		for (const agent of [provider, worker, mentor, evaluator, auditor, sec]) expectError(await agent.get('/api/v1/divisions/500110/coverage'), 403, 'forbidden');
		expectError(await civil.get('/api/v1/divisions/5x/coverage'), 400, 'invalid', 'code');
		expectError(await admin.get('/api/v1/divisions/500199/coverage'), 404, 'not_found');
		expectError(await anon(srv).get('/api/v1/divisions/500110/coverage'), 401);
		// the division itself is still read at /divisions/{code}
		assert.equal(expectOk(await civil.get('/api/v1/divisions/500110')).name, '綦江区');
	});
});
