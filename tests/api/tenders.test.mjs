// Procurement (R-PROC-1..3): an approved project is tendered — the method
// its amount allows under the rules, the price weight within the rule's
// range, the notice's gaps named at once; providers bid (eligibility at
// bid time with its explanation, sealed until the opening, nothing after
// the deadline); the panel (no member tied to a bidder) scores; the price
// score is the lowest-price method's; the award opens a public notice of
// working days; anyone objects in a real name (the contact encrypted and
// masked, limited per address); an upheld objection withdraws the award
// and the next ranked is awarded; a tender with too few bids fails and a
// new round follows.
//
// The server's clock is set to Monday 2026-05-11 09:00 China time, so the
// working days counted are those of the 2026 calendar of the fixture.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, anon, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
const HOLIDAYS = path.join(REPO, 'tests/fixtures/holidays');
const START = Date.parse('2026-05-11T09:00:00+08:00');
const DAY = 86400000;

let srv;
const users = {}; // name → { agent, password }
const ids = {};
const as = (name) => users[name].agent;

const GOOD_PROVIDER = {
	registration_status: 'valid',
	registered_on: '2015-06-01',
	business_scope: '社会工作服务、社区服务',
	full_time_staff: 12,
	qualified_social_workers: 6,
	years_of_service: 8,
	past_projects: 15,
	last_grade: 'excellent',
	dishonest: false,
	tax_record_clean: true,
	social_insurance_clean: true,
};

const count = async (sql) => Number((await srv.sql(sql)).stdout.trim());
const audits = (action) => count(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`);

/** Moves the server's clock to `ms` and signs everyone in again. */
async function clockTo(ms) {
	srv.advanceClock(ms - (Date.now() + srv.clockOffset));
	for (const [name, u] of Object.entries(users)) u.agent = await login(srv, name, u.password);
}

async function provider(name, serial, facts = GOOD_PROVIDER) {
	const o = expectOk(await as('tn_maker').post('/api/v1/orgs', {
		type: 'social_org', name, uscc: uscc('52', '500110', serial), division_code: '500110', ...facts,
	}), 201);
	for (const kind of ['governance', 'finance']) {
		expectOk(await as('tn_maker').post(`/api/v1/orgs/${o.id}/documents`, { kind, title: `${kind} 制度`, issued_on: '2020-01-01' }), 201);
	}
	return o.id;
}

/** An approved project of amount fen. */
async function approvedProject(name, amount) {
	const p = expectOk(await as('tn_maker').post('/api/v1/projects', {
		name, department_id: ids.bureau, year: 2026, amount,
		service_start: '2026-07-01', service_end: '2027-06-30',
		content: '为困境儿童提供个案、小组和社区服务', item_ids: [ids.item],
		group_codes: ['child_in_difficulty'], township_codes: ['500110001'],
		lines: [{ item_id: ids.item, amount }],
		targets: [
			{ kind: 'quantity', indicator: 'cases', target: 40 },
			{ kind: 'scale', indicator: 'people_served', target: 300 },
			{ kind: 'quality', indicator: 'satisfaction', target: 90 },
			{ kind: 'effect', indicator: 'custom', name: '困境儿童心理状况改善率', unit: '%', measure: 'evaluation', target: 70 },
		],
	}), 201);
	expectOk(await as('tn_maker').post(`/api/v1/projects/${p.id}/submit`));
	expectOk(await as('tn_checker').post(`/api/v1/projects/${p.id}/approve`));
	return p.id;
}

const NOTICE = {
	requirements: '在古南街道开展困境儿童个案服务不少于40个',
	standards: '按《社会工作服务指南》执行',
	qualifications: '依法登记的社会工作服务机构，具有3名以上持证社工',
};

before(async () => {
	srv = await startServer();
	assert.equal((await srv.cli(['import', 'divisions', '--from', FIXTURE])).code, 0);
	assert.equal((await srv.cli(['import', 'holidays', HOLIDAYS])).code, 0);
	srv.advanceClock(START - Date.now());
	const admin = await login(srv, 'admin', srv.adminPassword);
	const mk = async (name, role, scope) => {
		const { password } = await createUser(admin, name, { role, scope });
		users[name] = { password, agent: await login(srv, name, password) };
	};
	await mk('tn_maker', 'civil_affairs', { divisions: ['500110'] });
	await mk('tn_checker', 'civil_affairs', { divisions: ['500110'] });
	await mk('tn_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	await mk('tn_township', 'township', { divisions: ['500110001'] });
	ids.bureau = expectOk(await as('tn_maker').post('/api/v1/orgs', {
		type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 3), division_code: '500110',
	}), 201).id;
	expectOk(await as('tn_maker').post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 1000000000 }), 201);
	const cat = expectOk(await as('tn_maker').get('/api/v1/catalog'));
	for (const a of cat.areas) for (const i of a.items) if (i.code === 'psychological_support') ids.item = i.id;
	ids.xlx = await provider('綦江区心连心社会工作服务中心', 201);
	ids.qy = await provider('綦江区齐跃创新社会工作服务中心', 202);
	ids.rh = await provider('仁怀社会工作服务中心', 203);
	ids.sun = await provider('綦江区阳光社会工作服务中心', 204);
	ids.bad = await provider('綦江区失信社会服务中心', 205, { ...GOOD_PROVIDER, dishonest: true });
	for (const [name, org] of [['tn_xlx', ids.xlx], ['tn_qy', ids.qy], ['tn_rh', ids.rh], ['tn_sun', ids.sun], ['tn_bad', ids.bad]]) {
		await mk(name, 'provider', { orgs: [org] });
	}
	ids.project = await approvedProject('古南街道困境儿童关爱服务项目', 30000000); // 30 万元
});
after(() => { if (process.env.DUMP_LOG) console.log(srv.stderr.split('\n').filter((l) => !l.includes('"info"')).join('\n')); return srv?.stop(); });

describe('the tender: a method the amount allows, a scheme within the rules', () => {
	test('request for quotation is barred for services, citing the rule', async () => {
		const r = await as('tn_maker').post('/api/v1/tenders', { project_id: ids.project, method: 'quotation' });
		expectError(r, 400, 'invalid', 'method');
		assert.match(r.json.error.message, /询价/);
		assert.match(r.json.error.message, /第三十二条/);
	});

	test('at or above the public-tender threshold only a public tender: the threshold and its source named', async () => {
		const big = await approvedProject('綦江区社会工作服务站运营项目', 500000000); // 500 万元
		const r = await as('tn_maker').post('/api/v1/tenders', { project_id: big, method: 'competitive_consultation', price_weight: 20 });
		expectError(r, 400, 'invalid', 'method');
		assert.match(r.json.error.message, /500 万元/);
		assert.match(r.json.error.message, /400 万元/);
		assert.match(r.json.error.message, /国办发〔2019〕55号/);
		expectOk(await as('tn_maker').post('/api/v1/tenders', { project_id: big, method: 'open_tender', price_weight: 20 }), 201);
	});

	test('a project not yet approved is not tendered; single source needs a ground of art. 31', async () => {
		const draft = expectOk(await as('tn_maker').post('/api/v1/projects', { name: '草稿项目', department_id: ids.bureau, year: 2026, amount: 100000 }), 201);
		expectError(await as('tn_maker').post('/api/v1/tenders', { project_id: draft.id, method: 'open_tender' }), 409, 'conflict', 'project_id');
		expectError(await as('tn_maker').post('/api/v1/tenders', { project_id: ids.project, method: 'single_source' }), 400, 'invalid', 'single_source_reason');
		expectError(await as('tn_maker').post('/api/v1/tenders', { project_id: ids.project, method: 'single_source', single_source_reason: 'cheapest' }), 400, 'invalid', 'single_source_reason');
		expectError(await as('tn_civil_bj').post('/api/v1/tenders', { project_id: ids.project, method: 'open_tender' }), 404, 'not_found', 'project_id');
		expectError(await as('tn_xlx').post('/api/v1/tenders', { project_id: ids.project, method: 'open_tender' }), 403, 'forbidden');
	});

	test('the price weight lies within 10–30 % for a scored method; publishing names every gap', async () => {
		const low = await as('tn_maker').post('/api/v1/tenders', { project_id: ids.project, method: 'competitive_consultation', price_weight: 5 });
		expectError(low, 400, 'invalid', 'price_weight');
		assert.match(low.json.error.message, /10% 至 30%/);
		assert.match(low.json.error.message, /第87号/);
		const t = expectOk(await as('tn_maker').post('/api/v1/tenders', {
			project_id: ids.project, method: 'competitive_consultation', price_weight: 20,
			title: '古南街道困境儿童关爱服务项目竞争性磋商', deadline: '2026-05-15T09:30',
			items: [{ name: '服务方案', weight: 50, guidance: '方案完整、针对性强' }, { name: '团队配置', weight: 20 }],
		}), 201);
		ids.tender = t.id;
		assert.equal(t.status, 'draft');
		assert.equal(t.round, 1);
		assert.deepEqual(t.actions.sort(), ['cancel', 'publish', 'update']);
		const gaps = await as('tn_maker').post(`/api/v1/tenders/${t.id}/publish`);
		expectError(gaps, 400, 'invalid');
		const fields = gaps.json.error.errors.map((e) => e.field).sort();
		assert.deepEqual(fields, ['deadline', 'items', 'qualifications', 'requirements', 'standards']);
		const deadline = gaps.json.error.errors.find((e) => e.field === 'deadline');
		assert.match(deadline.message, /10 日/);
		assert.equal((await as('tn_maker').get(`/api/v1/projects/${ids.project}`)).json.state, 'approved', 'nothing changed');
	});

	test('published, the project is procuring; a published tender is not changed', async () => {
		expectOk(await as('tn_maker').patch(`/api/v1/tenders/${ids.tender}`, {
			...NOTICE, deadline: '2026-05-22T09:30',
			items: [{ name: '服务方案', weight: 50 }, { name: '团队配置', weight: 30 }],
		}));
		const before = await audits('tender.publish');
		const t = expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/publish`));
		assert.equal(t.status, 'published');
		assert.equal(t.published_on, '2026-05-11');
		assert.equal(t.deadline_cst, '2026-05-22T09:30');
		assert.equal(await audits('tender.publish'), before + 1);
		assert.equal((await as('tn_maker').get(`/api/v1/projects/${ids.project}`)).json.state, 'procuring');
		expectError(await as('tn_maker').patch(`/api/v1/tenders/${ids.tender}`, { title: '改' }), 409, 'conflict', 'status');
		expectError(await as('tn_maker').post('/api/v1/tenders', { project_id: ids.project, method: 'open_tender' }), 409, 'conflict', 'project_id');
	});
});

describe('bids: eligible at bid time, sealed, before the deadline', () => {
	test('providers bid for their own organisation; a price over the budget is void', async () => {
		const b = (who, org, price) => as(who).post(`/api/v1/tenders/${ids.tender}/bids`, { org_id: org, price, technical: '服务方案……', documents: [{ name: '响应文件', pages: 48 }] });
		const r1 = expectOk(await b('tn_xlx', ids.xlx, 28000000), 201);
		assert.equal(r1.my_bids.length, 1);
		assert.equal(r1.my_bids[0].price, 28000000);
		assert.equal(r1.my_bids[0].eligibility.eligible, true, 'the decision is kept with the bid');
		expectOk(await b('tn_qy', ids.qy, 25000000), 201);
		expectError(await b('tn_rh', ids.rh, 30000001), 400, 'invalid', 'price');
		expectOk(await b('tn_rh', ids.rh, 29000000), 201);
		expectError(await b('tn_xlx', ids.qy, 20000000), 404, 'not_found', 'org_id');
		// a bid replaced before the deadline
		const again = expectOk(await b('tn_xlx', ids.xlx, 27500000), 201);
		assert.equal(again.my_bids[0].price, 27500000);
	});

	test('an ineligible provider is refused with the whole decision: every rule, the failing ones, their clauses', async () => {
		const r = await as('tn_bad').post(`/api/v1/tenders/${ids.tender}/bids`, { org_id: ids.bad, price: 20000000 });
		expectError(r, 400, 'invalid', 'org_id');
		assert.equal(r.json.error.rule, 'R-ORG-4');
		const d = r.json.error.eligibility;
		assert.equal(d.eligible, false);
		assert.ok(d.rules.length > 5);
		const failing = d.rules.filter((x) => !x.passed);
		assert.ok(failing.some((x) => x.fact === 'dishonest'), JSON.stringify(failing));
		for (const x of failing) assert.ok(x.clause.length > 0);
		assert.equal(await count(`SELECT COUNT(*) FROM bids WHERE org_id = ${ids.bad}`), 0);
	});

	test('sealed: the purchaser sees how many, a bidder only its own', async () => {
		const mine = expectOk(await as('tn_maker').get(`/api/v1/tenders/${ids.tender}`));
		assert.equal(mine.sealed, true);
		assert.equal(mine.bid_count, 3);
		assert.deepEqual(mine.bids, []);
		const xlx = expectOk(await as('tn_xlx').get(`/api/v1/tenders/${ids.tender}`));
		assert.deepEqual(xlx.my_bids.map((x) => x.org.id), [ids.xlx]);
		assert.deepEqual(xlx.bids, []);
		assert.equal(xlx.panel, undefined, 'a bidder does not see the panel');
		// the trail names the bid, never its price
		const trail = (await srv.sql("SELECT new_value FROM audit_log WHERE action = 'bid.submit'")).stdout;
		assert.doesNotMatch(trail, /27500000|25000000/);
	});

	test('a paper bid is recorded by the purchaser; bids are not opened before the deadline', async () => {
		const t = expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/paper-bids`, { org_id: ids.sun, price: 26000000, documents: [{ name: '纸质响应文件', pages: 60 }] }), 201);
		assert.equal(t.bid_count, 4);
		const r = await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/open`);
		expectError(r, 409, 'conflict', 'deadline');
		assert.match(r.json.error.message, /2026-05-22T09:30/);
	});

	test('the panel: a member tied to a bidder stands aside; a member declares no conflict', async () => {
		const add = (body) => as('tn_maker').post(`/api/v1/tenders/${ids.tender}/panel`, body);
		const tied = await add({ name: '王评审', affiliation: '心连心', affiliation_org_id: ids.xlx, no_conflict: true });
		expectError(tied, 400, 'invalid', 'affiliation_org_id');
		expectError(await add({ name: '李评审', no_conflict: false }), 400, 'invalid', 'no_conflict');
		for (const name of ['张教授', '刘教授']) expectOk(await add({ name, affiliation: '重庆师范大学', no_conflict: true }), 201);
	});
});

describe('opening, scoring, award', () => {
	test('after the deadline no bid is taken; the opening shows every bid', async () => {
		await clockTo(Date.parse('2026-05-22T10:00:00+08:00'));
		const late = await as('tn_sun').post(`/api/v1/tenders/${ids.tender}/bids`, { org_id: ids.sun, price: 20000000 });
		expectError(late, 409, 'conflict', 'tender_id');
		assert.match(late.json.error.message, /已过/);
		const t = expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/open`));
		assert.equal(t.status, 'opened');
		assert.equal(t.sealed, false);
		assert.equal(t.bids.length, 4);
		const xlx = expectOk(await as('tn_xlx').get(`/api/v1/tenders/${ids.tender}`));
		assert.deepEqual(xlx.bids, [], 'never a competitor\'s bid');
	});

	test('scoring needs the panel of the rule and every score; the price score is the lowest-price method', async () => {
		const t = expectOk(await as('tn_maker').get(`/api/v1/tenders/${ids.tender}`));
		const [plan, team] = t.items.map((i) => i.id);
		const bid = Object.fromEntries(t.bids.map((b) => [b.org.id, b.id]));
		const sheet = (scores) => ({ scores });
		const full = [
			{ bid_id: bid[ids.xlx], items: [{ item_id: plan, score: 4500 }, { item_id: team, score: 2800 }] },
			{ bid_id: bid[ids.qy], items: [{ item_id: plan, score: 4000 }, { item_id: team, score: 2500 }] },
			{ bid_id: bid[ids.rh], items: [{ item_id: plan, score: 3500 }, { item_id: team, score: 2000 }] },
			{ bid_id: bid[ids.sun], items: [{ item_id: plan, score: 3000 }, { item_id: team, score: 2000 }] },
		];
		const small = await as('tn_maker').put(`/api/v1/tenders/${ids.tender}/scores`, sheet(full));
		expectError(small, 409, 'conflict', 'panel');
		assert.match(small.json.error.message, /不足 3 人/);
		expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/panel`, { name: '陈科长', affiliation: '綦江区民政局', expert: false, no_conflict: true }), 201);

		const gaps = await as('tn_maker').put(`/api/v1/tenders/${ids.tender}/scores`, sheet(full.slice(0, 2).concat([{ bid_id: bid[ids.rh], items: [{ item_id: plan, score: 3500 }] }])));
		expectError(gaps, 400, 'invalid', 'scores');
		assert.equal(gaps.json.error.errors.length, 2, 'a missing item and a missing bid');
		expectError(await as('tn_maker').put(`/api/v1/tenders/${ids.tender}/scores`, sheet([{ bid_id: bid[ids.xlx], items: [{ item_id: plan, score: 5001 }] }])), 400, 'invalid', 'scores');

		const scored = expectOk(await as('tn_maker').put(`/api/v1/tenders/${ids.tender}/scores`, sheet(full)));
		assert.equal(scored.status, 'scored');
		const by = Object.fromEntries(scored.bids.map((b) => [b.org.id, b]));
		// lowest valid price 25 万: 25/27.5 × 20 = 18.18; 25/25 × 20 = 20; 25/29 × 20 = 17.24; 25/26 × 20 = 19.23
		assert.equal(by[ids.xlx].price_score, 1818);
		assert.equal(by[ids.qy].price_score, 2000);
		assert.equal(by[ids.rh].price_score, 1724);
		assert.equal(by[ids.sun].price_score, 1923);
		assert.equal(by[ids.xlx].total_score, 7300 + 1818);
		assert.deepEqual(scored.bids.map((b) => b.org.id), [ids.xlx, ids.qy, ids.rh, ids.sun], 'ranked by total');
		assert.deepEqual(scored.bids.map((b) => b.rank), [1, 2, 3, 4]);
		ids.bids = bid;
	});

	test('an award to other than the first ranked needs a reason; the award opens a notice of 5 working days', async () => {
		expectError(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/award`, { bid_id: ids.bids[ids.qy] }), 400, 'invalid', 'reason');
		const t = expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/award`), 201);
		assert.equal(t.status, 'awarded');
		const [a] = t.awards;
		ids.award = a.id;
		assert.equal(a.org.id, ids.xlx);
		assert.equal(a.status, 'in_notice');
		assert.equal(a.notice_start, '2026-05-22');
		assert.equal(a.notice_end, '2026-05-29', 'Friday + 5 working days');
		assert.equal(a.notice_running, true);
		assert.equal(a.final, false);
		expectError(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/award`), 409, 'conflict', 'status');
		expectError(await as('tn_maker').put(`/api/v1/tenders/${ids.tender}/scores`, { scores: [] }), 409, 'conflict', 'status');
	});
});

describe('objections during the notice (R-PROC-3)', () => {
	const lodge = (body) => anon(srv).post('/api/v1/public/objections', body);
	const OBJ = { name: '张三', contact: '13812345678', content: '中标人的持证社工人数与其响应文件不符，请核实。' };

	test('in writing, in a real name, with a contact — no account needed', async () => {
		expectError(await lodge({ ...OBJ, award_id: ids.award, name: '匿名' }), 400, 'invalid', 'name');
		expectError(await lodge({ ...OBJ, award_id: ids.award, contact: 'call me' }), 400, 'invalid', 'contact');
		expectError(await lodge({ ...OBJ, award_id: ids.award, content: '不服' }), 400, 'invalid', 'content');
		expectError(await lodge({ ...OBJ, award_id: 999999 }), 404, 'not_found', 'award_id');
		const r = expectOk(await lodge({ ...OBJ, award_id: ids.award }), 201);
		assert.equal(r.status, 'pending');
		assert.equal(r.notice_end, '2026-05-29');
		assert.equal(JSON.stringify(r).includes('13812345678'), false);
		ids.objection = r.id;
	});

	test('the contact is encrypted and masked; the trail holds neither name nor contact', async () => {
		assert.equal(await count("SELECT COUNT(*) FROM objections WHERE contact_mask = '138****5678'"), 1);
		assert.equal(await count("SELECT COUNT(*) FROM objections WHERE CAST(contact_enc AS TEXT) LIKE '%13812345678%'"), 0);
		const trail = (await srv.sql("SELECT COALESCE(new_value, '') || COALESCE(old_value, '') FROM audit_log WHERE action LIKE 'objection.%'")).stdout;
		assert.doesNotMatch(trail, /13812345678|张三/);
		const t = expectOk(await as('tn_maker').get(`/api/v1/tenders/${ids.tender}`));
		const [o] = t.awards[0].objections;
		assert.equal(o.name, '张*');
		assert.equal(o.contact, '138****5678');
		assert.equal(t.awards[0].objections_pending, 1);
		const xlx = expectOk(await as('tn_xlx').get(`/api/v1/tenders/${ids.tender}`));
		assert.equal(xlx.awards[0].objections, undefined, 'a bidder does not read the objections');
		const wb = expectOk(await as('tn_maker').get('/api/v1/workbench'));
		const waiting = wb.sections.find((x) => x.kind === 'objections');
		assert.equal(waiting.count, 1);
		assert.equal(waiting.items[0].link, `/tenders/${ids.tender}`);
		assert.equal(waiting.items[0].label, '古南街道困境儿童关爱服务项目');
		assert.equal(expectOk(await as('tn_xlx').get('/api/v1/workbench')).sections.find((x) => x.kind === 'objections'), undefined);
	});

	test('the purchaser reveals the contact with a reason, audited with the reason only', async () => {
		expectError(await as('tn_maker').post(`/api/v1/objections/${ids.objection}/contact`, { reason: '' }), 400, 'invalid', 'reason');
		const c = expectOk(await as('tn_maker').post(`/api/v1/objections/${ids.objection}/contact`, { reason: '电话联系异议人核实情况' }));
		assert.equal(c.contact, '13812345678');
		assert.equal(c.name, '张三');
		assert.equal(await audits('objection.unmask'), 1);
		expectError(await as('tn_civil_bj').post(`/api/v1/objections/${ids.objection}/contact`, { reason: '看看' }), 404, 'not_found');
	});

	test('an address lodges at most 5 an hour', async () => {
		for (let i = 0; i < 4; i++) expectOk(await lodge({ ...OBJ, award_id: ids.award, contact: 'zhang@example.com' }), 201);
		const r = await lodge({ ...OBJ, award_id: ids.award });
		expectError(r, 429, 'locked');
		assert.equal(await count('SELECT COUNT(*) FROM objections'), 5);
	});

	test('upheld: the award is withdrawn, the next ranked is awarded in a new notice', async () => {
		expectError(await as('tn_maker').post(`/api/v1/objections/${ids.objection}/reply`, { status: 'pending', reply: '处理中' }), 400, 'invalid', 'status');
		const t = expectOk(await as('tn_maker').post(`/api/v1/objections/${ids.objection}/reply`, { status: 'upheld', reply: '经核实，中标人持证社工人数不符，异议成立。' }));
		assert.equal(t.status, 'scored');
		assert.equal(t.awards[0].status, 'withdrawn');
		const by = Object.fromEntries(t.bids.map((b) => [b.org.id, b]));
		assert.equal(by[ids.xlx].status, 'invalid');
		assert.equal(by[ids.qy].rank, 1, 'the next ranked moves up');
		expectError(await as('tn_maker').post(`/api/v1/objections/${ids.objection}/reply`, { status: 'rejected', reply: '再答复' }), 409, 'conflict', 'status');
		// the others, answered: rejected
		const rest = t.awards[0].objections.filter((o) => o.status === 'pending');
		assert.equal(rest.length, 4);
		for (const o of rest) expectOk(await as('tn_maker').post(`/api/v1/objections/${o.id}/reply`, { status: 'rejected', reply: '与前一异议相同，已处理。' }));
		const again = expectOk(await as('tn_maker').post(`/api/v1/tenders/${ids.tender}/award`), 201);
		assert.equal(again.awards[0].org.id, ids.qy);
		assert.equal(again.awards[0].status, 'in_notice');
		ids.award2 = again.awards[0].id;
	});

	test('the award notice prints: the provider, the amount in capital numerals, the panel, the notice period', async () => {
		const r = await as('tn_maker').get(`/api/v1/tenders/${ids.tender}/award-notice`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get?.('content-type') ?? r.headers['content-type'], /^text\/html/);
		assert.match(r.text, /中标（成交）结果公告/);
		assert.match(r.text, /綦江区齐跃创新社会工作服务中心/);
		assert.match(r.text, /250000\.00 元（大写：贰拾伍万元整）/);
		assert.match(r.text, /竞争性磋商/);
		assert.match(r.text, /张教授（重庆师范大学）/);
		assert.match(r.text, /（5 个工作日）/);
		assert.match(r.text, new RegExp(`/public/objection\\?award=${ids.award2}`));
		expectError(await as('tn_civil_bj').get(`/api/v1/tenders/${ids.tender}/award-notice`), 404, 'not_found');
		expectError(await as('tn_township').get(`/api/v1/tenders/${ids.tender}/award-notice`), 403, 'forbidden');
	});

	test('after the notice no objection is taken and the award is final', async () => {
		await clockTo(Date.parse('2026-06-01T09:00:00+08:00'));
		const r = await lodge({ ...OBJ, award_id: ids.award2 });
		expectError(r, 409, 'conflict', 'award_id');
		assert.match(r.json.error.message, /2026-05-29/);
		const t = expectOk(await as('tn_maker').get(`/api/v1/tenders/${ids.tender}`));
		assert.equal(t.awards[0].final, true);
		assert.equal(t.awards[0].notice_running, false);
	});

	test('the workbench: the contract to sign within 30 days of the notice, and the year\'s budget', async () => {
		const wb = expectOk(await as('tn_maker').get('/api/v1/workbench'));
		assert.equal(wb.date, '2026-06-01');
		const due = wb.sections.find((x) => x.kind === 'contracts_due');
		assert.equal(due.count, 1);
		assert.equal(due.items[0].due, '2026-06-28', 'the notice ended 2026-05-29; 30 days (GPL art. 46)');
		assert.equal(due.items[0].detail, null);
		assert.equal(wb.sections.find((x) => x.kind === 'objections'), undefined, 'all answered');
		assert.equal(wb.budget.year, 2026);
		assert.equal(wb.budget.amount, 1000000000);
		assert.equal(wb.budget.left, wb.budget.amount - wb.budget.committed);
		assert.ok(wb.budget.committed >= 30000000);
		const tw = expectOk(await as('tn_township').get('/api/v1/workbench'));
		assert.equal(tw.budget, undefined, 'township staff hold no budget');
		assert.equal(tw.sections.find((x) => x.kind === 'contracts_due'), undefined);
		await clockTo(Date.parse('2026-07-01T09:00:00+08:00'));
		const late = expectOk(await as('tn_maker').get('/api/v1/workbench')).sections.find((x) => x.kind === 'contracts_due');
		assert.equal(late.items[0].detail, '已逾期');
	});
});

describe('who sees a tender', () => {
	test('the township of the project reads it; another county and an uninvited provider do not', async () => {
		const tw = expectOk(await as('tn_township').get(`/api/v1/tenders/${ids.tender}`));
		assert.equal(tw.bids.length, 4);
		assert.deepEqual(tw.actions, []);
		expectError(await as('tn_civil_bj').get(`/api/v1/tenders/${ids.tender}`), 404, 'not_found');
		const list = expectOk(await as('tn_township').get('/api/v1/tenders'));
		assert.ok(list.items.some((x) => x.id === ids.tender));
		assert.equal(expectOk(await as('tn_civil_bj').get('/api/v1/tenders')).total, 0);
	});

	test('an invitational tender is seen and answered by the invited only; too few bids fail it; a new round follows', async () => {
		await clockTo(Date.parse('2026-06-01T09:00:00+08:00'));
		const p = await approvedProject('文龙街道老年人关爱服务项目', 20000000);
		const t = expectOk(await as('tn_maker').post('/api/v1/tenders', {
			project_id: p, method: 'invited_tender', price_weight: 30, title: '邀请招标', ...NOTICE,
			deadline: '2026-06-25T09:30', items: [{ name: '服务方案', weight: 70 }], invited_ids: [ids.xlx, ids.qy],
		}), 201);
		const short = await as('tn_maker').post(`/api/v1/tenders/${t.id}/publish`);
		expectError(short, 400, 'invalid', 'invited_ids');
		assert.match(short.json.error.errors[0].message, /至少 3 家/);
		expectOk(await as('tn_maker').patch(`/api/v1/tenders/${t.id}`, { invited_ids: [ids.xlx, ids.qy, ids.rh] }));
		expectOk(await as('tn_maker').post(`/api/v1/tenders/${t.id}/publish`));
		expectError(await as('tn_sun').get(`/api/v1/tenders/${t.id}`), 404, 'not_found');
		expectError(await as('tn_sun').post(`/api/v1/tenders/${t.id}/bids`, { org_id: ids.sun, price: 100 }), 404, 'not_found');
		assert.ok(expectOk(await as('tn_rh').get('/api/v1/tenders?open=true')).items.some((x) => x.id === t.id));
		expectOk(await as('tn_xlx').post(`/api/v1/tenders/${t.id}/bids`, { org_id: ids.xlx, price: 19000000 }), 201);
		await clockTo(Date.parse('2026-06-25T10:00:00+08:00'));
		const opened = expectOk(await as('tn_maker').post(`/api/v1/tenders/${t.id}/open`));
		assert.equal(opened.status, 'failed');
		assert.match(opened.status_reason, /有效投标 1 家，不足 3 家/);
		const round2 = expectOk(await as('tn_maker').post('/api/v1/tenders', { project_id: p, method: 'competitive_negotiation', title: '第二轮：竞争性谈判' }), 201);
		assert.equal(round2.round, 2);
		assert.equal(round2.price_weight, 100, 'negotiation awards to the lowest price');
	});

	test('the list filters, and exports with Chinese headers, audited', async () => {
		const list = expectOk(await as('tn_maker').get('/api/v1/tenders?status=failed'));
		assert.equal(list.total, 1);
		expectError(await as('tn_maker').get('/api/v1/tenders?method=auction'), 400, 'invalid', 'method');
		const before = await audits('tender.export');
		const csv = await as('tn_maker').get('/api/v1/tenders/export?format=csv');
		assert.equal(csv.status, 200);
		assert.match(csv.text, /采购方式 Method/);
		assert.match(csv.text, /竞争性磋商/);
		assert.equal(await audits('tender.export'), before + 1);
	});
});
