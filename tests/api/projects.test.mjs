// The purchase's first half (R-PRJ-1..4, R-CAT-3, R-FLOW-1): a civil
// affairs department's budget, its projects with four kinds of targets,
// their submission (every gap one error), the negative list, approval by a
// second person (never the maker) that commits the budget and refuses what
// it cannot cover, return and cancel, the checker's inbox, who sees what,
// the export, and the purchase rules with a regional override.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv, admin, maker, checker, civilBj, township, townshipOther, provider;
const ids = {};

const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
const audits = (action) => count(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);

const TARGETS = [
	{ kind: 'quantity', indicator: 'cases', target: 40 },
	{ kind: 'scale', indicator: 'people_served', baseline: 0, target: 300 },
	{ kind: 'quality', indicator: 'satisfaction', target: 90 },
	{ kind: 'effect', indicator: 'custom', name: '困境儿童心理状况改善率', unit: '%', measure: 'evaluation', target: 70 },
];

async function catalogItem(code) {
	const cat = expectOk(await maker.get('/api/v1/catalog'));
	for (const a of cat.areas) for (const i of a.items) if (i.code === code) return i.id;
	throw new Error(`no item ${code}`);
}

const complete = (extra = {}) => ({
	name: '古南街道困境儿童关爱服务项目',
	department_id: ids.bureau,
	year: 2026,
	amount: 30000000, // 30 万元
	service_start: '2026-03-01',
	service_end: '2027-02-28',
	content: '为古南街道困境儿童提供个案、小组和社区服务',
	item_ids: [ids.item],
	group_codes: ['child_in_difficulty'],
	township_codes: ['500110001'],
	lines: [{ item_id: ids.item, amount: 30000000 }],
	targets: TARGETS,
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
	maker = await mk('pj_maker', 'civil_affairs', { divisions: ['500110'] });
	checker = await mk('pj_checker', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('pj_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('pj_township', 'township', { divisions: ['500110001'] });
	townshipOther = await mk('pj_township2', 'township', { divisions: ['500110002'] });
	const bureau = expectOk(
		await maker.post('/api/v1/orgs', { type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 2), division_code: '500110' }),
		201,
	);
	ids.bureau = bureau.id;
	const ngo = expectOk(
		await maker.post('/api/v1/orgs', { type: 'social_org', name: '綦江区心连心社会工作服务中心', uscc: uscc('52', '500110', 101), division_code: '500110' }),
		201,
	);
	ids.ngo = ngo.id;
	provider = await mk('pj_provider', 'provider', { orgs: [ngo.id] });
	ids.item = await catalogItem('psychological_support');
});
after(() => { if (process.env.DUMP_LOG) for (const l of srv.logJson()) if (l.level !== "info") console.log(JSON.stringify(l)); return srv?.stop(); });

describe('budgets', () => {
	test('civil affairs makes the year budget of its department → 201 with figures', async () => {
		const b = expectOk(await maker.post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 50000000, source: '福彩公益金' }), 201);
		ids.budget = b.id;
		assert.deepEqual(
			{ amount: b.amount, committed: b.committed, contracted: b.contracted, paid: b.paid, left: b.left },
			{ amount: 50000000, committed: 0, contracted: 0, paid: 0, left: 50000000 },
		);
		assert.deepEqual(b.department, { id: ids.bureau, name: '重庆市綦江区民政局' });
		assert.equal(b.division_name, '綦江区');
		assert.deepEqual(b.commitments, []);
	});

	test('a second budget for the same year → 409; not a purchasing body → 400; outside the scope → 404', async () => {
		expectError(await maker.post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 1 }), 409, 'conflict', 'year');
		expectError(await maker.post('/api/v1/budgets', { department_id: ids.ngo, year: 2026, amount: 1 }), 400, 'invalid', 'department_id');
		expectError(await civilBj.post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 1 }), 404, 'not_found', 'department_id');
		expectError(await civilBj.get(`/api/v1/budgets/${ids.budget}`), 404, 'not_found');
		expectError(await township.get(`/api/v1/budgets/${ids.budget}`), 403, 'forbidden');
	});
});

describe('projects', () => {
	test('a draft with little in it is created, with a generated code, audited', async () => {
		const before = await audits('project.create');
		const p = expectOk(await maker.post('/api/v1/projects', { name: '草稿项目', department_id: ids.bureau, year: 2026 }), 201);
		ids.sparse = p.id;
		assert.equal(p.state, 'draft');
		assert.match(p.code, /^500110-2026-\d{3}$/);
		assert.deepEqual(p.actions, ['submit', 'cancel']);
		assert.equal(p.budget.left, 50000000);
		assert.equal(await audits('project.create'), before + 1);
	});

	test('submitting an incomplete draft → 400 with one error per gap', async () => {
		const res = await maker.post(`/api/v1/projects/${ids.sparse}/submit`);
		const e = expectError(res, 400, 'invalid');
		const fields = e.errors.map((x) => x.field);
		for (const f of ['amount', 'service_start', 'service_end', 'item_ids', 'group_codes', 'township_codes', 'lines']) assert.ok(fields.includes(f), f);
		assert.equal(fields.filter((f) => f === 'targets').length, 4);
		assert.ok(e.errors.every((x) => x.message && x.message_en && x.rule));
		assert.equal(expectOk(await maker.get(`/api/v1/projects/${ids.sparse}`)).state, 'draft');
	});

	test('bad lists name the element: unknown item, township outside the area, custom target measured from records', async () => {
		expectError(await maker.patch(`/api/v1/projects/${ids.sparse}`, { item_ids: [999999] }), 400, 'invalid', 'item_ids[0]');
		expectError(await maker.patch(`/api/v1/projects/${ids.sparse}`, { township_codes: ['110101001'] }), 400, 'invalid', 'township_codes[0]');
		expectError(
			await maker.patch(`/api/v1/projects/${ids.sparse}`, { targets: [{ kind: 'effect', indicator: 'custom', name: 'x', unit: '个', measure: 'records', target: 1 }] }),
			400,
			'invalid',
			'targets[0].measure',
		);
		expectError(await maker.patch(`/api/v1/projects/${ids.sparse}`, { targets: [{ kind: 'scale', indicator: 'cases', target: 1 }] }), 400, 'invalid', 'targets[0].indicator');
		expectError(await maker.patch(`/api/v1/projects/${ids.sparse}`, { lines: [{ matter: '购买办公设备', nature: 'nonsense' }] }), 400, 'invalid', 'lines[0].nature');
		expectError(await maker.patch(`/api/v1/projects/${ids.sparse}`, { service_start: '2026-02-30' }), 400, 'invalid', 'service_start');
	});

	test('a term over 12 months without the stable flag is refused at submission (R-CON-2)', async () => {
		const p = expectOk(await maker.post('/api/v1/projects', complete({ name: '三年项目', service_end: '2028-02-28', amount: 1000 , lines: [{ item_id: ids.item }]})), 201);
		const e = expectError(await maker.post(`/api/v1/projects/${p.id}/submit`), 400, 'invalid', 'service_end');
		assert.equal(e.rule, 'R-CON-2');
		assert.match(e.message, /第二十二条/);
		expectOk(await maker.patch(`/api/v1/projects/${p.id}`, { stable: true, stable_reason: '社工站运营服务内容固定、连续性强' }));
		expectOk(await maker.post(`/api/v1/projects/${p.id}/submit`));
		ids.stable = p.id;
	});

	test('a matter on the negative list blocks submission, naming the line and the clause (R-CAT-3)', async () => {
		const p = expectOk(
			await maker.post('/api/v1/projects', complete({ name: '含劳务派遣的项目', lines: [{ item_id: ids.item }, { matter: '派遣 3 名工作人员到民政办', nature: 'staffing_posts' }] })),
			201,
		);
		ids.negative = p.id;
		assert.equal(p.lines[1].negative.code, 'staffing_posts');
		const e = expectError(await maker.post(`/api/v1/projects/${p.id}/submit`), 400, 'invalid', 'lines[1].nature');
		assert.equal(e.rule, 'R-CAT-3');
		assert.match(e.message, /第十条第（五）项/);
		assert.equal(expectOk(await maker.get(`/api/v1/projects/${p.id}`)).state, 'draft');
	});

	test('a complete project is submitted; its maker may not approve it (R-FLOW-1)', async () => {
		const p = expectOk(await maker.post('/api/v1/projects', complete({ code: 'QJ-2026-001', station_ids: [] })), 201);
		ids.main = p.id;
		assert.equal(p.code, 'QJ-2026-001');
		assert.deepEqual(p.targets.map((t) => [t.kind, t.measure, t.unit]), [
			['quantity', 'records', '个'],
			['scale', 'records', '人'],
			['quality', 'survey', '%'],
			['effect', 'evaluation', '%'],
		]);
		const s = expectOk(await maker.post(`/api/v1/projects/${p.id}/submit`));
		assert.equal(s.state, 'submitted');
		assert.deepEqual(s.actions, ['cancel']);
		assert.equal(s.approvals.length, 1);
		assert.equal(s.approvals[0].status, 'pending');
		const e = expectError(await maker.post(`/api/v1/projects/${p.id}/approve`), 403, 'forbidden', 'checker');
		assert.equal(e.rule, 'R-FLOW-1');
		expectError(await maker.patch(`/api/v1/projects/${p.id}`, { name: '改名' }), 409, 'conflict', 'state');
	});

	test('the inbox lists it for the checker, not for the maker (who sees it under mine)', async () => {
		const inbox = expectOk(await checker.get('/api/v1/approvals?status=pending'));
		assert.ok(inbox.items.some((a) => a.object_id === ids.main && a.kind === 'project'));
		assert.equal(inbox.total, inbox.items.length);
		const makers = expectOk(await maker.get('/api/v1/approvals'));
		assert.ok(!makers.items.some((a) => a.object_id === ids.main));
		const mine = expectOk(await maker.get('/api/v1/approvals?mine=true'));
		assert.ok(mine.items.some((a) => a.object_id === ids.main));
		assert.equal(expectOk(await civilBj.get('/api/v1/approvals')).total, 0);
		expectError(await checker.get('/api/v1/approvals?status=nonsense'), 400, 'invalid', 'status');
	});

	test('the checker approves: the budget commits the amount, the audit names both', async () => {
		const p = expectOk(await checker.post(`/api/v1/projects/${ids.main}/approve`));
		assert.equal(p.state, 'approved');
		assert.match(p.approved_by.name, /pj_checker/);
		assert.match(p.submitted_by.name, /pj_maker/);
		const b = expectOk(await maker.get(`/api/v1/budgets/${ids.budget}`));
		// the stable project of 1000 fen waits for approval: only this one is committed
		assert.equal(b.committed, 30000000);
		assert.equal(b.left, 20000000);
		assert.deepEqual(b.commitments.map((c) => [c.project.code, c.amount]), [['QJ-2026-001', 30000000]]);
		assert.equal(await count(`SELECT COUNT(*) FROM audit_log WHERE action = 'project.approve' AND object_id = '${ids.main}' AND actor = 'pj_checker'`), 1);
		const done = expectOk(await checker.get('/api/v1/approvals?status=approved'));
		assert.ok(done.items.some((a) => a.object_id === ids.main && /pj_checker/.test(a.checker.name)));
	});

	test('a project the budget cannot cover → 409 naming the budget, the amount and the shortfall', async () => {
		const p = expectOk(await maker.post('/api/v1/projects', complete({ name: '超预算项目', amount: 25000000 })), 201);
		const e = expectError(await maker.post(`/api/v1/projects/${p.id}/submit`), 409, 'conflict', 'amount');
		assert.equal(e.rule, 'R-PRJ-2');
		assert.match(e.message, /重庆市綦江区民政局 2026 年度预算余额 200000\.00 元，本项目需 250000\.00 元，缺口 50000\.00 元/);
		ids.over = p.id;
	});

	test('return sends it back with a reason; cancelling an approved project releases its commitment', async () => {
		const p = expectOk(await maker.post('/api/v1/projects', complete({ name: '退回的项目', amount: 100 })), 201);
		expectOk(await maker.post(`/api/v1/projects/${p.id}/submit`));
		expectError(await checker.post(`/api/v1/projects/${p.id}/return`, {}), 400, 'invalid', 'reason');
		const back = expectOk(await checker.post(`/api/v1/projects/${p.id}/return`, { reason: '目标值偏低，请调整' }));
		assert.equal(back.state, 'draft');
		assert.equal(back.state_reason, '目标值偏低，请调整');
		assert.equal(back.approvals.at(-1).status, 'returned');
		// cancel the approved main project: the budget is whole again, the over-budget one now fits
		expectOk(await maker.post(`/api/v1/projects/${ids.main}/cancel`, { reason: '街道已另行安排' }));
		assert.equal(expectOk(await maker.get(`/api/v1/budgets/${ids.budget}`)).committed, 0);
		expectOk(await maker.post(`/api/v1/projects/${ids.over}/submit`));
		expectError(await maker.post(`/api/v1/projects/${ids.main}/cancel`, { reason: '再次撤销' }), 409, 'conflict', 'state');
		expectError(await maker.post(`/api/v1/projects/${ids.main}/start`), 409, 'conflict', 'state');
	});

	test('a budget cannot drop below what is committed', async () => {
		expectOk(await checker.post(`/api/v1/projects/${ids.over}/approve`));
		expectError(await maker.patch(`/api/v1/budgets/${ids.budget}`, { amount: 100 }), 409, 'conflict', 'amount');
		expectOk(await maker.patch(`/api/v1/budgets/${ids.budget}`, { amount: 60000000 }));
	});

	test('who sees it: the beneficiary township reads it without actions; another township, another county and a provider not bidding do not', async () => {
		const t = expectOk(await township.get(`/api/v1/projects/${ids.over}`));
		assert.deepEqual(t.actions, []);
		assert.equal(t.budget, undefined);
		expectError(await townshipOther.get(`/api/v1/projects/${ids.over}`), 404, 'not_found');
		expectError(await civilBj.get(`/api/v1/projects/${ids.over}`), 404, 'not_found');
		expectError(await provider.get(`/api/v1/projects/${ids.over}`), 404, 'not_found');
		expectError(await township.post(`/api/v1/projects/${ids.over}/cancel`, { reason: '试试' }), 403, 'forbidden');
		expectError(await civilBj.post(`/api/v1/projects/${ids.over}/cancel`, { reason: '试试看' }), 404, 'not_found');
		const list = expectOk(await township.get('/api/v1/projects'));
		assert.ok(list.items.every((p) => p.division_code === '500110'));
		assert.equal(list.total, list.items.length);
		assert.equal(expectOk(await civilBj.get('/api/v1/projects')).total, 0);
		assert.equal(expectOk(await provider.get('/api/v1/projects')).total, 0);
	});

	test('the list filters by state, year, township and text, pages by cursor, and exports', async () => {
		const all = expectOk(await maker.get('/api/v1/projects'));
		assert.ok(all.total >= 6);
		const approved = expectOk(await maker.get('/api/v1/projects?state=approved'));
		assert.deepEqual(approved.items.map((p) => p.id), [ids.over]);
		assert.equal(expectOk(await maker.get('/api/v1/projects?q=QJ-2026')).total, 1);
		assert.equal(expectOk(await maker.get('/api/v1/projects?year=2025')).total, 0);
		assert.ok(expectOk(await maker.get('/api/v1/projects?township=500110001')).total >= 4);
		const p1 = expectOk(await maker.get('/api/v1/projects?limit=2'));
		assert.equal(p1.items.length, 2);
		const p2 = expectOk(await maker.get(`/api/v1/projects?limit=2&cursor=${p1.next_cursor}`));
		assert.ok(p2.items[0].id > p1.items[1].id);
		expectError(await maker.get('/api/v1/projects?state=nonsense'), 400, 'invalid', 'state');
		const csv = await maker.get('/api/v1/projects/export?format=csv');
		assert.equal(csv.status, 200);
		const text = csv.text;
		assert.match(text, /项目编号 Code/);
		assert.match(text, /已批准/);
		assert.equal(await audits('project.export'), 1);
		// the command line writes the same list (and audits it)
		const cli = await srv.cli(['export', 'projects', '--format', 'csv', '--state', 'approved']);
		assert.equal(cli.code, 0, cli.stderr);
		assert.match(cli.stdout, /超预算项目/);
		assert.doesNotMatch(cli.stdout, /草稿项目/);
		assert.match(cli.stderr, /projects: 1 exported/);
		assert.equal(await audits('project.export'), 2);
		const bad = await srv.cli(['export', 'projects', '--state', 'nonsense']);
		assert.equal(bad.code, 1);
		assert.match(bad.stderr, /state/);
	});

	test('the indicators come with their kind, unit and measure', async () => {
		const list = expectOk(await township.get('/api/v1/projects/indicators')).items;
		assert.deepEqual(list.find((i) => i.code === 'cases'), { code: 'cases', kind: 'quantity', zh: '个案服务数', en: 'casework cases', unit: '个', measure: 'records' });
		assert.equal(list.find((i) => i.code === 'custom').kind, null);
	});
});

describe('purchase rules', () => {
	test('the national figures with their clauses; a region overrides one; the national row needs the administrator', async () => {
		const nat = expectOk(await maker.get('/api/v1/purchase-rules'));
		const days = nat.items.find((i) => i.code === 'notice.working_days');
		assert.equal(days.value, 5);
		assert.equal(days.unit, 'working_days');
		const weight = nat.items.find((i) => i.code === 'tender.price_weight_max');
		assert.match(weight.clause, /第87号/);
		expectOk(await maker.put('/api/v1/purchase-rules', { code: 'procurement.open_tender_threshold', region_code: '500110', value: 200000000, clause: '重庆市政府采购限额标准（演示）' }));
		const qj = expectOk(await maker.get('/api/v1/purchase-rules?region=500110001'));
		const t = qj.items.find((i) => i.code === 'procurement.open_tender_threshold');
		assert.equal(t.value, 200000000);
		assert.equal(t.region_code, '500110');
		assert.equal(t.overrides.length, 1);
		assert.equal(t.overrides[0].region_code, null);
		expectError(await maker.put('/api/v1/purchase-rules', { code: 'notice.working_days', value: 3, clause: 'x' }), 403, 'forbidden');
		expectError(await civilBj.put('/api/v1/purchase-rules', { code: 'notice.working_days', region_code: '500110', value: 3, clause: 'x' }), 404, 'not_found', 'region_code');
		expectError(await maker.put('/api/v1/purchase-rules', { code: 'tender.price_weight_max', region_code: '500110', value: 300, clause: 'x' }), 400, 'invalid', 'value');
		expectError(await maker.put('/api/v1/purchase-rules', { code: 'nonsense', region_code: '500110', value: 3, clause: 'x' }), 400, 'invalid', 'code');
		expectOk(await admin.put('/api/v1/purchase-rules', { code: 'notice.working_days', value: 5, clause: days.clause }));
		assert.equal(await audits('purchase_rule.set'), 2);
	});
});
