// Annual plans (R-PRJ-1): one per department and year, with goals, the
// catalog areas it covers, the projects planned under it and the year's
// budget summed live; publishing names every gap at once; who sees and
// who changes a plan.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { uscc } from '../lib/codes.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv, admin, clerk, civilBj, township, townshipElsewhere;
const ids = {};

const audits = async (action) =>
	Number((await srv.sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`)).stdout.trim());

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	const mk = async (name, role, scope) => {
		const { password } = await createUser(admin, name, { role, scope });
		return login(srv, name, password);
	};
	clerk = await mk('pl_clerk', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('pl_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('pl_township', 'township', { divisions: ['500110001'] });
	townshipElsewhere = await mk('pl_township_bj', 'township', { divisions: ['110101001'] });
	const bureau = expectOk(
		await clerk.post('/api/v1/orgs', { type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 7), division_code: '500110' }),
		201,
	);
	ids.bureau = bureau.id;
	const ngo = expectOk(
		await clerk.post('/api/v1/orgs', { type: 'social_org', name: '綦江区阳光社会工作服务中心', uscc: uscc('52', '500110', 107), division_code: '500110' }),
		201,
	);
	ids.ngo = ngo.id;
});
after(() => srv?.stop());

test('a plan is created once per department and year, and publishing names every gap', async () => {
	const before = await audits('plan.create');
	const plan = expectOk(await clerk.post('/api/v1/plans', { department_id: ids.bureau, year: 2026, name: '綦江区2026年政府购买社会工作服务计划' }), 201);
	ids.plan = plan.id;
	assert.equal(plan.status, 'draft');
	assert.equal(plan.department.name, '重庆市綦江区民政局');
	assert.equal(plan.division_name, '綦江区');
	assert.deepEqual(plan.areas, []);
	assert.deepEqual(plan.projects, []);
	assert.equal(plan.planned, 0);
	assert.equal(plan.budget, null, 'no budget yet');
	assert.equal(await audits('plan.create'), before + 1);

	expectError(await clerk.post('/api/v1/plans', { department_id: ids.bureau, year: 2026, name: '又一份' }), 409, 'conflict', 'year');
	expectError(await clerk.post('/api/v1/plans', { department_id: ids.ngo, year: 2026, name: '社会组织的计划' }), 400, 'invalid', 'department_id');

	const gaps = await clerk.post(`/api/v1/plans/${plan.id}/publish`);
	expectError(gaps, 400, 'invalid');
	const fields = (gaps.json.error.errors ?? []).map((e) => e.field).sort();
	assert.deepEqual(fields, ['area_codes', 'goals']);
	assert.equal((await clerk.get(`/api/v1/plans/${plan.id}`)).json.status, 'draft', 'nothing changed');
});

test('areas and goals are changed, checked, then the plan is published once', async () => {
	expectError(await clerk.patch(`/api/v1/plans/${ids.plan}`, { area_codes: ['no_such_area'] }), 400, 'invalid', 'area_codes');
	expectError(await clerk.patch(`/api/v1/plans/${ids.plan}`, { area_codes: ['child_welfare', 'child_welfare'] }), 400, 'invalid', 'area_codes');
	expectError(await clerk.patch(`/api/v1/plans/${ids.plan}`, { name: '   ' }), 400, 'invalid', 'name');
	const p = expectOk(
		await clerk.patch(`/api/v1/plans/${ids.plan}`, {
			goals: '实现镇街社工站全覆盖，困境儿童关爱服务覆盖率达到100%',
			actions: '一季度完成项目立项，二季度完成采购',
			area_codes: ['child_welfare', 'social_assistance'],
		}),
	);
	assert.deepEqual(p.areas.map((a) => a.name), ['社会救助', '儿童福利'], 'in the catalog order, by name');
	const pub = expectOk(await clerk.post(`/api/v1/plans/${ids.plan}/publish`));
	assert.equal(pub.status, 'published');
	expectError(await clerk.post(`/api/v1/plans/${ids.plan}/publish`), 409, 'conflict', 'status');
	assert.equal(await audits('plan.publish'), 1);
});

test("the plan's projects, targets and budget are summed when it is read", async () => {
	expectOk(await clerk.post('/api/v1/budgets', { department_id: ids.bureau, year: 2026, amount: 100000000 }), 201);
	const mkProject = async (name, amount, targets) =>
		expectOk(await clerk.post('/api/v1/projects', { name, department_id: ids.bureau, year: 2026, plan_id: ids.plan, amount, targets }), 201);
	const a = await mkProject('困境儿童关爱', 30000000, [
		{ kind: 'quantity', indicator: 'cases', target: 40 },
		{ kind: 'quality', indicator: 'satisfaction', target: 90 },
	]);
	const b = await mkProject('低保家庭帮扶', 20000000, [{ kind: 'scale', indicator: 'people_served', target: 200 }]);
	expectOk(await clerk.post(`/api/v1/projects/${b.id}/cancel`, { reason: '并入其他项目' }));
	expectError(
		await clerk.post('/api/v1/projects', { name: '没有的计划', department_id: ids.bureau, year: 2026, plan_id: 999999 }),
		400,
		'invalid',
		'plan_id',
	);

	const plan = expectOk(await clerk.get(`/api/v1/plans/${ids.plan}`));
	assert.deepEqual(plan.projects.map((p) => p.id), [a.id, b.id]);
	assert.equal(plan.planned, 30000000, 'a cancelled project is not planned');
	assert.deepEqual(plan.targets, { quantity: 1, scale: 0, quality: 1, effect: 0 });
	assert.equal(plan.budget.amount, 100000000);
	assert.equal(plan.budget.committed, 0, 'nothing approved yet');
});

test('who sees a plan and who changes it', async () => {
	const seen = expectOk(await township.get(`/api/v1/plans/${ids.plan}`));
	assert.equal(seen.id, ids.plan, "a township's staff read their county's plan");
	assert.equal(seen.budget, undefined, 'township staff do not read budgets');
	expectError(await township.patch(`/api/v1/plans/${ids.plan}`, { goals: 'x' }), 403, 'forbidden');
	expectError(await civilBj.get(`/api/v1/plans/${ids.plan}`), 404, 'not_found');
	expectError(await civilBj.patch(`/api/v1/plans/${ids.plan}`, { goals: '改一下' }), 404, 'not_found');
	expectError(await townshipElsewhere.get(`/api/v1/plans/${ids.plan}`), 404, 'not_found');
	expectError(await clerk.get('/api/v1/plans/999999'), 404, 'not_found');

	const list = expectOk(await township.get('/api/v1/plans?year=2026'));
	assert.equal(list.total, 1);
	assert.equal(expectOk(await civilBj.get('/api/v1/plans')).total, 0);
	assert.equal(expectOk(await clerk.get('/api/v1/plans?year=2025')).total, 0);
	assert.equal(expectOk(await clerk.get(`/api/v1/plans?department_id=${ids.bureau}`)).total, 1);
	expectError(await clerk.get('/api/v1/plans?year=1999'), 400, 'invalid', 'year');
});
