// Contracts (R-CON-1..3, R-FLOW-1, R-PROC-3): a contract is drafted from a
// final award with the seven clauses of [S1]; submission and signing refuse
// every gap at once (one error per missing clause), a term over the rule
// (12 months, 36 for a stable project), instalments that do not sum to the
// price (the difference named), signing during the award's notice or with
// an objection unanswered, and the maker signing their own (R-FLOW-1).
// Signing moves the project to contracted, makes the price the budget's
// commitment and the provider the operator of the project's stations.
// Amendments never change the provider (转包), never raise the price above
// the award's, and meet the term rule again. Who sees a contract; the
// printable page (escaped, the amount in capital numerals); the export.
//
// The tender, bid, award and objection rows are inserted as SQL, as
// schema/010_purchase.sql has them (the procurement is tenders.test.mjs's).

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk, header } from '../lib/check.mjs';
import { uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv, admin, maker, checker, civilBj, township, townshipOther, provider, provider2;
const ids = {};

const sql = async (text) => {
	const r = await srv.sql(srv.backend === 'postgres' ? text : `PRAGMA busy_timeout = 10000;\n${text}`);
	assert.equal(r.code, 0, `${text}: ${r.stderr}`);
	return r.stdout.trim().split('\n').at(-1);
};
const insertId = async (text) => Number(await sql(`${text} RETURNING id;`));
const count = async (text) => Number(await sql(text));
const audits = (action) => count(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);

const TARGETS = [
	{ kind: 'quantity', indicator: 'cases', target: 40 },
	{ kind: 'scale', indicator: 'people_served', target: 300 },
	{ kind: 'quality', indicator: 'satisfaction', target: 90 },
	{ kind: 'effect', indicator: 'custom', name: '社工站服务群众满意率', unit: '%', measure: 'evaluation', target: 90 },
];
const CLAUSES = {
	subject: '古南街道社会工作服务站运营服务 <script>alert(1)</script> & "引号" \'单引号\'',
	quantity: '全年个案 40 个、小组 6 个、社区活动 12 场',
	quality: '符合《社会工作服务指南》及本合同附件服务标准',
	term: '自 2026 年 3 月 1 日起至 2027 年 2 月 28 日止',
	payment_method: '分两期支付：签订后支付 60%，末期评估良好及以上支付 40%',
	breach_liability: '乙方未达服务标准的，按未完成比例扣减服务费用',
	dispute_resolution: '双方协商解决；协商不成的，向甲方所在地人民法院提起诉讼',
};
const PRICE = 28000000; // 28 万元, the winning bid
const INSTALMENTS = [
	{ amount: 16800000, due_on: '2026-03-15' },
	{ amount: 11200000, evaluation: 'final', min_grade: 'good' },
];

/** A project of the bureau moved to procuring, with a tender, the bid of
 * org at price, and an award whose notice ends on noticeEnd. */
async function awardedProject(name, { org, price = PRICE, noticeEnd = '2026-01-10', stationIds = [], stationOperation = false }) {
	const p = expectOk(
		await maker.post('/api/v1/projects', {
			name,
			department_id: ids.bureau,
			year: 2026,
			amount: 30000000,
			service_start: '2026-03-01',
			service_end: '2027-02-28',
			station_operation: stationOperation,
			item_ids: [ids.item],
			group_codes: ['child_in_difficulty'],
			township_codes: ['500110001'],
			station_ids: stationIds,
			lines: [{ item_id: ids.item, amount: 30000000 }],
			targets: TARGETS,
		}),
		201,
	);
	expectOk(await maker.post(`/api/v1/projects/${p.id}/submit`));
	expectOk(await checker.post(`/api/v1/projects/${p.id}/approve`));
	await sql(`UPDATE projects SET state = 'procuring' WHERE id = ${p.id};`);
	const tender = await insertId(
		`INSERT INTO tenders (project_id, round, method, title, price_weight, deadline, published_on, opened_at, status, created_at, updated_at)` +
			` VALUES (${p.id}, 1, 'open_tender', '${name}', 30, 1767225600000, '2025-12-01', 1767225600000, 'awarded', 1767225600000, 1767225600000)`,
	);
	const bid = await insertId(
		`INSERT INTO bids (tender_id, org_id, price, eligibility, status, rank, submitted_at) VALUES (${tender}, ${org}, ${price}, '{}', 'valid', 1, 1767225600000)`,
	);
	const award = await insertId(
		`INSERT INTO awards (tender_id, bid_id, awarded_at, notice_start, notice_end, status, updated_at)` +
			` VALUES (${tender}, ${bid}, 1767225600000, '2026-01-02', '${noticeEnd}', '${noticeEnd < '2026' ? 'final' : 'in_notice'}', 1767225600000)`,
	);
	return { project: p.id, tender, bid, award };
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
	maker = await mk('ct_maker', 'civil_affairs', { divisions: ['500110'] });
	checker = await mk('ct_checker', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('ct_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('ct_township', 'township', { divisions: ['500110001'] });
	townshipOther = await mk('ct_township2', 'township', { divisions: ['500110002'] });
	ids.bureau = expectOk(
		await maker.post('/api/v1/orgs', { type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 3), division_code: '500110' }),
		201,
	).id;
	ids.ngo = expectOk(
		await maker.post('/api/v1/orgs', { type: 'social_org', name: '綦江区同心社会工作服务中心', uscc: uscc('52', '500110', 131), division_code: '500110' }),
		201,
	).id;
	ids.ngo2 = expectOk(
		await maker.post('/api/v1/orgs', { type: 'social_org', name: '綦江区启航社会工作服务中心', uscc: uscc('52', '500110', 132), division_code: '500110' }),
		201,
	).id;
	provider = await mk('ct_provider', 'provider', { orgs: [ids.ngo] });
	provider2 = await mk('ct_provider2', 'provider', { orgs: [ids.ngo2] });
	expectOk(await maker.post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 100000000 }), 201);
	ids.budget = Number(await sql(`SELECT id FROM budgets WHERE department_id = ${ids.bureau};`));
	const cat = expectOk(await maker.get('/api/v1/catalog'));
	for (const a of cat.areas) for (const i of a.items) if (i.code === 'psychological_support') ids.item = i.id;
	ids.station = expectOk(
		await maker.post('/api/v1/stations', { division_code: '500110001', tier: 'township', name: '古南街道社会工作服务站' }),
		201,
	).id;
	Object.assign(ids, await awardedProject('古南街道社工站运营项目', { org: ids.ngo, stationIds: [ids.station], stationOperation: true }));
});
after(() => srv?.stop());

describe('drafting', () => {
	test('a draft from a final award: the parties, the winning price, a generated code, audited', async () => {
		const c = expectOk(await maker.post('/api/v1/contracts', { award_id: ids.award }), 201);
		ids.contract = c.id;
		assert.equal(c.status, 'draft');
		assert.equal(c.price, PRICE);
		assert.deepEqual(c.provider, { id: ids.ngo, name: '綦江区同心社会工作服务中心' });
		assert.deepEqual(c.department, { id: ids.bureau, name: '重庆市綦江区民政局' });
		assert.equal(c.project.id, ids.project);
		assert.match(c.code, /-HT01$/);
		assert.equal(c.award.final, true);
		assert.deepEqual(c.actions, ['update', 'instalments', 'submit']);
		assert.deepEqual(c.clauses.map((x) => x.heading), ['一、标的', '二、数量', '三、质量', '四、期限', '五、资金支付方式', '六、违约责任', '七、解决争议']);
		assert.equal(await audits('contract.create'), 1);
	});

	test('one live contract per award; an award outside the scope does not exist', async () => {
		expectError(await maker.post('/api/v1/contracts', { award_id: ids.award }), 409, 'conflict', 'award_id');
		expectError(await civilBj.post('/api/v1/contracts', { award_id: ids.award }), 404, 'not_found', 'award_id');
		expectError(await maker.post('/api/v1/contracts', { award_id: 98765432 }), 404, 'not_found', 'award_id');
		expectError(await township.post('/api/v1/contracts', { award_id: ids.award }), 403, 'forbidden');
	});

	test('the price may not exceed the award\'s (R-CON-1)', async () => {
		const e = expectError(await maker.patch(`/api/v1/contracts/${ids.contract}`, { price: PRICE + 100 }), 400, 'invalid', 'price');
		assert.equal(e.rule, 'R-CON-1');
		assert.match(e.message, /280001\.00 元高于中标（成交）价 280000\.00 元/);
	});

	test('submitting an empty draft → 400 with every missing clause one error (seven at once), the period and the instalments', async () => {
		const e = expectError(await maker.post(`/api/v1/contracts/${ids.contract}/submit`), 400, 'invalid');
		const fields = e.errors.map((x) => x.field);
		assert.deepEqual(fields.filter((f) => f in CLAUSES), Object.keys(CLAUSES));
		for (const f of ['start_on', 'end_on', 'instalments']) assert.ok(fields.includes(f), f);
		assert.ok(e.errors.every((x) => x.message && x.message_en && x.rule));
		assert.match(e.errors.find((x) => x.field === 'dispute_resolution').message, /七、解决争议/);
		assert.equal(expectOk(await maker.get(`/api/v1/contracts/${ids.contract}`)).status, 'draft');
	});

	test('instalments: each names both an evaluation and its grade; the sum must be the price, the difference named in 元 (R-CON-2)', async () => {
		expectError(
			await maker.put(`/api/v1/contracts/${ids.contract}/instalments`, { instalments: [{ amount: PRICE, evaluation: 'final' }] }),
			400,
			'invalid',
			'instalments[0].min_grade',
		);
		expectError(await maker.put(`/api/v1/contracts/${ids.contract}/instalments`, { instalments: [{ amount: 0 }] }), 400, 'invalid', 'instalments[0].amount');
		const e = expectError(
			await maker.put(`/api/v1/contracts/${ids.contract}/instalments`, { instalments: [{ amount: 16800000 }, { amount: 10000000 }] }),
			400,
			'invalid',
			'instalments',
		);
		assert.equal(e.rule, 'R-CON-2');
		assert.match(e.message, /合计 268000\.00 元，与合同价款 280000\.00 元相差 12000\.00 元/);
		const c = expectOk(await maker.put(`/api/v1/contracts/${ids.contract}/instalments`, { instalments: INSTALMENTS }));
		assert.deepEqual(c.instalments.map((i) => [i.amount, i.evaluation, i.min_grade, i.status]), [
			[16800000, null, null, 'planned'],
			[11200000, 'final', 'good', 'planned'],
		]);
		assert.equal(await audits('contract.instalments'), 1);
	});

	test('a term over 12 months is refused citing the rule; a stable project allows 36, not more (R-CON-2)', async () => {
		expectOk(await maker.patch(`/api/v1/contracts/${ids.contract}`, { ...CLAUSES, start_on: '2026-03-01', end_on: '2027-12-31' }));
		let e = expectError(await maker.post(`/api/v1/contracts/${ids.contract}/submit`), 400, 'invalid', 'end_on');
		assert.equal(e.rule, 'R-CON-2');
		assert.equal(e.errors.length, 1);
		assert.match(e.message, /22 个月，超过 12 个月/);
		assert.match(e.message, /第二十二条/);
		await sql(`UPDATE projects SET stable = 1, stable_reason = '社工站运营内容固定、连续性强' WHERE id = ${ids.project};`);
		expectOk(await maker.patch(`/api/v1/contracts/${ids.contract}`, { end_on: '2029-06-30' }));
		e = expectError(await maker.post(`/api/v1/contracts/${ids.contract}/submit`), 400, 'invalid', 'end_on');
		assert.match(e.message, /40 个月，超过 36 个月/);
		await sql(`UPDATE projects SET stable = 0, stable_reason = NULL WHERE id = ${ids.project};`);
		expectError(await maker.patch(`/api/v1/contracts/${ids.contract}`, { end_on: '2026-02-01' }), 400, 'invalid', 'end_on');
		expectOk(await maker.patch(`/api/v1/contracts/${ids.contract}`, { end_on: '2027-02-28' }));
	});
});

describe('signing (maker–checker)', () => {
	test('submitting during the award\'s notice → 409 naming its end (R-PROC-3)', async () => {
		await sql(`UPDATE awards SET notice_end = '2099-12-31', status = 'in_notice' WHERE id = ${ids.award};`);
		const e = expectError(await maker.post(`/api/v1/contracts/${ids.contract}/submit`), 409, 'conflict', 'award_id');
		assert.equal(e.rule, 'R-PROC-3');
		assert.match(e.message, /公示期至 2099-12-31 结束，公示期内不得签订合同/);
		await sql(`UPDATE awards SET notice_end = '2026-01-10', status = 'final' WHERE id = ${ids.award};`);
	});

	test('a complete draft is submitted; the checker\'s inbox lists it; its maker may not sign it (403 R-FLOW-1)', async () => {
		const c = expectOk(await maker.post(`/api/v1/contracts/${ids.contract}/submit`));
		assert.equal(c.status, 'pending');
		assert.deepEqual(c.actions, []);
		assert.match(c.made_by.name, /ct_maker/);
		const inbox = expectOk(await checker.get('/api/v1/approvals?kind=contract'));
		assert.ok(inbox.items.some((a) => a.object_id === ids.contract && a.kind === 'contract'));
		assert.deepEqual(expectOk(await checker.get(`/api/v1/contracts/${ids.contract}`)).actions, ['sign', 'return']);
		const e = expectError(await maker.post(`/api/v1/contracts/${ids.contract}/sign`), 403, 'forbidden', 'checker');
		assert.equal(e.rule, 'R-FLOW-1');
		expectError(await maker.patch(`/api/v1/contracts/${ids.contract}`, { subject: '改' }), 409, 'conflict', 'status');
	});

	test('the checker returns it with a reason; the maker submits again', async () => {
		expectError(await checker.post(`/api/v1/contracts/${ids.contract}/return`, {}), 400, 'invalid', 'reason');
		const c = expectOk(await checker.post(`/api/v1/contracts/${ids.contract}/return`, { reason: '违约责任条款请补充扣款比例' }));
		assert.equal(c.status, 'draft');
		assert.equal(c.approvals.at(-1).status, 'returned');
		assert.equal(c.approvals.at(-1).reason, '违约责任条款请补充扣款比例');
		expectOk(await maker.post(`/api/v1/contracts/${ids.contract}/submit`));
	});

	test('signing during the notice and signing with an objection unanswered are two refusals (409 R-PROC-3)', async () => {
		await sql(`UPDATE awards SET notice_end = '2099-12-31', status = 'in_notice' WHERE id = ${ids.award};`);
		let e = expectError(await checker.post(`/api/v1/contracts/${ids.contract}/sign`), 409, 'conflict', 'award_id');
		assert.equal(e.rule, 'R-PROC-3');
		assert.match(e.message, /公示期内不得签订合同/);
		await sql(`UPDATE awards SET notice_end = '2026-01-10', status = 'final' WHERE id = ${ids.award};`);
		const blob = srv.backend === 'postgres' ? "'\\x00'" : "X'00'";
		ids.objection = await insertId(
			`INSERT INTO objections (award_id, name, contact_enc, contact_mask, addr_hash, content, lodged_at, status)` +
				` VALUES (${ids.award}, '王某', ${blob}, '138****0000', 'x', '对评审结果有异议，请复核', 1767225600000, 'pending')`,
		);
		e = expectError(await checker.post(`/api/v1/contracts/${ids.contract}/sign`), 409, 'conflict', 'award_id');
		assert.equal(e.rule, 'R-PROC-3');
		assert.match(e.message, /1 件异议尚未答复，异议处理完毕前不得签订合同/);
		assert.doesNotMatch(e.message, /公示期内/);
		await sql(`UPDATE objections SET status = 'rejected', reply = '经复核维持原结果' WHERE id = ${ids.objection};`);
	});

	test('the checker signs: signed today, the project contracted, the budget commits the price, the provider operates the stations', async () => {
		const before = expectOk(await maker.get(`/api/v1/budgets/${ids.budget}`));
		assert.equal(before.committed, 30000000); // the approved project's amount
		const c = expectOk(await checker.post(`/api/v1/contracts/${ids.contract}/sign`));
		assert.equal(c.status, 'signed');
		assert.match(c.signed_on, /^\d{4}-\d{2}-\d{2}$/);
		assert.match(c.signed_by.name, /ct_checker/);
		assert.equal(c.project.state, 'contracted');
		assert.equal(expectOk(await maker.get(`/api/v1/projects/${ids.project}`)).state, 'contracted');
		const b = expectOk(await maker.get(`/api/v1/budgets/${ids.budget}`));
		assert.equal(b.committed, PRICE);
		assert.equal(b.contracted, PRICE);
		const st = expectOk(await maker.get(`/api/v1/stations/${ids.station}`));
		assert.equal(st.operation, 'contract');
		assert.equal(st.operator.id, ids.ngo);
		assert.equal(await audits('station.operator_contract'), 1);
		assert.equal(await count(`SELECT COUNT(*) FROM audit_log WHERE action = 'contract.sign' AND actor = 'ct_checker'`), 1);
		// the provider now sees the station it operates
		expectOk(await provider.get(`/api/v1/stations/${ids.station}`));
		expectError(await checker.post(`/api/v1/contracts/${ids.contract}/sign`), 409, 'conflict', 'status');
		assert.deepEqual(c.actions, ['amend']);
	});
});

describe('who sees a contract', () => {
	test('the provider its own, the beneficiary township; another provider, another township and another county: 404', async () => {
		const p = expectOk(await provider.get(`/api/v1/contracts/${ids.contract}`));
		assert.deepEqual(p.actions, []);
		expectOk(await township.get(`/api/v1/contracts/${ids.contract}`));
		for (const who of [provider2, townshipOther, civilBj]) expectError(await who.get(`/api/v1/contracts/${ids.contract}`), 404, 'not_found', 'id');
		expectError(await provider2.get(`/api/v1/contracts/${ids.contract}/print`), 404, 'not_found');
		assert.deepEqual(expectOk(await provider.get('/api/v1/contracts')).items.map((c) => c.id), [ids.contract]);
		assert.equal(expectOk(await provider2.get('/api/v1/contracts')).total, 0);
		assert.equal(expectOk(await civilBj.get('/api/v1/contracts')).total, 0);
		assert.equal(expectOk(await township.get('/api/v1/contracts')).total, 1);
		assert.equal(expectOk(await townshipOther.get('/api/v1/contracts')).total, 0);
		expectError(await provider.post(`/api/v1/contracts/${ids.contract}/amendments`, { reason: '试试看', changes: { subject: 'x' } }), 403, 'forbidden');
	});

	test('the list filters by status, year, provider, project and division', async () => {
		const q = async (s) => expectOk(await maker.get(`/api/v1/contracts${s}`)).total;
		assert.equal(await q(''), 1);
		assert.equal(await q('?status=signed'), 1);
		assert.equal(await q('?status=draft'), 0);
		assert.equal(await q('?year=2026'), 1);
		assert.equal(await q('?year=2025'), 0);
		assert.equal(await q(`?provider_id=${ids.ngo}`), 1);
		assert.equal(await q(`?provider_id=${ids.ngo2}`), 0);
		assert.equal(await q(`?project_id=${ids.project}`), 1);
		assert.equal(await q('?division=500110001'), 1);
		assert.equal(await q('?division=500110002'), 0);
		expectError(await maker.get('/api/v1/contracts?status=nonsense'), 400, 'invalid', 'status');
	});
});

describe('amendments (R-CON-3)', () => {
	const amend = (body) => maker.post(`/api/v1/contracts/${ids.contract}/amendments`, body);

	test('passing the whole project to another provider (转包) is refused', async () => {
		const e = expectError(await amend({ reason: '原承接主体人手不足', changes: { provider_id: ids.ngo2 } }), 400, 'invalid', 'changes.provider_id');
		assert.equal(e.rule, 'R-CON-3');
		assert.match(e.message, /不得转包/);
	});

	test('the price may not rise above the award\'s; a new period meets the term rule; unknown fields are refused', async () => {
		let e = expectError(await amend({ reason: '增加服务内容', changes: { price: PRICE + 1 } }), 400, 'invalid', 'changes.price');
		assert.equal(e.rule, 'R-CON-3');
		e = expectError(await amend({ reason: '延长服务期', changes: { end_on: '2027-12-31' } }), 400, 'invalid', 'changes.end_on');
		assert.equal(e.rule, 'R-CON-2');
		expectError(await amend({ reason: '改编号啦', changes: { code: 'X' } }), 400, 'invalid', 'changes.code');
		expectError(await amend({ reason: '降价但不调分期', changes: { price: PRICE - 1000000 } }), 400, 'invalid', 'changes.instalments');
		expectError(await amend({ reason: '没有变化', changes: { subject: CLAUSES.subject } }), 400, 'invalid', 'changes');
	});

	test('an amendment waits for a second person, who applies it: the version goes up, the diff is kept as [old, new]', async () => {
		const c = expectOk(
			await amend({
				reason: '服务内容调整，价款相应调减',
				changes: { quantity: '全年个案 36 个、小组 6 个、社区活动 12 场', price: 27000000, instalments: [{ amount: 16800000 }, { amount: 10200000, evaluation: 'final', min_grade: 'good' }] },
			}),
			201,
		);
		const m = c.amendments.at(-1);
		ids.amendment = m.id;
		assert.equal(m.status, 'pending');
		assert.equal(m.version, 1);
		assert.deepEqual(m.changes.price, [PRICE, 27000000]);
		assert.deepEqual(m.changes.quantity, [CLAUSES.quantity, '全年个案 36 个、小组 6 个、社区活动 12 场']);
		assert.equal(c.version, 1);
		assert.deepEqual(c.actions, []);
		expectError(await amend({ reason: '第二个变更', changes: { term: '改' } }), 409, 'conflict', 'status');
		const e = expectError(await maker.post(`/api/v1/amendments/${ids.amendment}/approve`), 403, 'forbidden', 'checker');
		assert.equal(e.rule, 'R-FLOW-1');
		expectError(await civilBj.post(`/api/v1/amendments/${ids.amendment}/approve`), 404, 'not_found', 'id');
		const done = expectOk(await checker.post(`/api/v1/amendments/${ids.amendment}/approve`));
		assert.equal(done.version, 2);
		assert.equal(done.price, 27000000);
		assert.equal(done.quantity, '全年个案 36 个、小组 6 个、社区活动 12 场');
		assert.deepEqual(done.instalments.map((i) => i.amount), [16800000, 10200000]);
		assert.equal(done.amendments.at(-1).status, 'approved');
		assert.match(done.amendments.at(-1).decided_by.name, /ct_checker/);
		assert.equal(expectOk(await maker.get(`/api/v1/budgets/${ids.budget}`)).committed, 27000000);
		expectError(await checker.post(`/api/v1/amendments/${ids.amendment}/approve`), 409, 'conflict', 'status');
		assert.equal(await audits('contract.amendment_approve'), 1);
	});

	test('the checker returns one with a reason', async () => {
		const c = expectOk(await amend({ reason: '争议解决方式改为仲裁', changes: { dispute_resolution: '提交重庆仲裁委员会仲裁' } }), 201);
		const id = c.amendments.at(-1).id;
		assert.equal(c.amendments.at(-1).version, 2);
		expectError(await checker.post(`/api/v1/amendments/${id}/return`, {}), 400, 'invalid', 'reason');
		const back = expectOk(await checker.post(`/api/v1/amendments/${id}/return`, { reason: '仲裁条款须双方另行协商' }));
		assert.equal(back.amendments.at(-1).status, 'returned');
		assert.equal(back.amendments.at(-1).approvals.at(-1).reason, '仲裁条款须双方另行协商');
		assert.equal(back.version, 2);
		assert.equal(back.dispute_resolution, CLAUSES.dispute_resolution);
	});
});

describe('the printable contract and the export', () => {
	test('print: an A4 HTML page, every value escaped, the clauses in order, the price in capital numerals, both signature blocks', async () => {
		const res = await provider.get(`/api/v1/contracts/${ids.contract}/print`);
		assert.equal(res.status, 200);
		assert.match(header(res, 'content-type'), /^text\/html; charset=utf-8/);
		const html = res.text;
		assert.doesNotMatch(html, /<script>alert/);
		assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;引号&quot; &#39;单引号&#39;/);
		assert.match(html, /@page\{size:A4/);
		assert.match(html, /人民币 270000\.00 元（大写：贰拾柒万元整）/);
		assert.match(html, /壹拾万零贰仟元整/); // the second instalment, 102000 元
		const at = ['一、标的', '二、数量', '三、质量', '四、期限', '五、资金支付方式', '六、违约责任', '七、解决争议'].map((h) => html.indexOf(`<h2>${h}</h2>`));
		assert.ok(at.every((x, i) => x > 0 && (i === 0 || x > at[i - 1])), `clauses in order: ${at}`);
		assert.match(html, /甲方（盖章）：重庆市綦江区民政局/);
		assert.match(html, /乙方（盖章）：綦江区同心社会工作服务中心/);
		assert.match(html, /末期评估等级达到“良”及以上/);
		assert.match(html, /（第 2 版）/);
	});

	test('export as CSV with Chinese labels, audited; a provider may not export', async () => {
		const res = await maker.get('/api/v1/contracts/export?format=csv');
		assert.equal(res.status, 200);
		assert.match(res.text, /合同编号 Code/);
		assert.match(res.text, /已签订/);
		assert.match(res.text, /綦江区同心社会工作服务中心/);
		assert.equal(await audits('contract.export'), 1);
		expectError(await provider.get('/api/v1/contracts/export?format=csv'), 403, 'forbidden');
		expectError(await maker.get('/api/v1/contracts/export?format=pdf'), 400, 'invalid', 'format');
	});

	test('the enums are served with Chinese labels', async () => {
		const e = expectOk(await maker.get('/api/v1/meta/enums'));
		assert.equal(e['contract.status'].find((x) => x.value === 'signed').zh, '已签订');
		assert.equal(e['instalment.min_grade'].find((x) => x.value === 'good').zh, '良');
		for (const a of ['contract.create', 'contract.sign', 'contract.amend', 'contract.amendment_approve', 'station.operator_contract'])
			assert.ok(e['audit.action'].some((x) => x.value === a), a);
	});
});
