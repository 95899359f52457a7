// The service catalog (R-CAT-1), target groups (R-CAT-2) and negative list
// (R-CAT-3): the seeded national defaults read by every signed-in role; a
// region's additions added and changed by civil affairs staff within their
// division subtree (404 outside it), national items by the administrator
// only (403 for civil affairs), other roles 403; bad input naming the
// field; one audit entry per write.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { ROLES, createUser } from '../lib/fixtures.mjs';
import { REPO, anon, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv;
let admin;
let civil; // civil affairs, scope 500110 (綦江区)
const others = {}; // every other role

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	const { password } = await createUser(admin, 'cat_civil', { role: 'civil_affairs' });
	civil = await login(srv, 'cat_civil', password);
	for (const role of ROLES.filter((x) => x !== 'admin' && x !== 'civil_affairs')) {
		const u = await createUser(admin, `cat_${role}`, { role });
		others[role] = await login(srv, `cat_${role}`, u.password);
	}
});
after(() => srv?.stop());

const itemsOf = (cat) => cat.areas.flatMap((a) => a.items);
const audits = async (action) =>
	Number((await srv.sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`)).stdout.trim());

const addition = (extra = {}) => ({
	area_code: 'elderly_services',
	code: 'meal_help',
	name_zh: '老年助餐',
	name_en: 'Meals for older people',
	division_code: '500110',
	year: 2026,
	...extra,
});

describe('read', () => {
	test('GET /api/v1/catalog → the five areas with six national items each', async () => {
		const cat = expectOk(await others.social_worker.get('/api/v1/catalog'));
		assert.deepEqual(
			cat.areas.map((a) => a.code),
			['social_assistance', 'elderly_services', 'child_welfare', 'social_affairs', 'charity_volunteer'],
		);
		assert.deepEqual(
			cat.areas.map((a) => a.name_zh),
			['社会救助', '养老服务', '儿童福利', '社会事务', '慈善志愿服务'],
		);
		for (const a of cat.areas) assert.equal(a.items.length, 6, a.code);
		const psy = cat.areas[0].items.find((i) => i.code === 'psychological_support');
		assert.equal(psy.name_zh, '心理疏导');
		assert.equal(psy.division_code, null);
		assert.equal(psy.year, null);
		assert.deepEqual(Object.keys(psy).sort(), ['area_code', 'code', 'description_zh', 'division_code', 'id', 'name_en', 'name_zh', 'position', 'year']);
	});

	test('GET /api/v1/target-groups → the eight of R-CAT-2 in the glossary identifiers', async () => {
		const tg = expectOk(await others.provider.get('/api/v1/target-groups'));
		assert.deepEqual(
			tg.items.map((g) => g.code),
			['dibao', 'tekun', 'elderly', 'orphan', 'left_behind_child', 'child_in_difficulty', 'disabled', 'mental_disorder'],
		);
	});

	test('GET /api/v1/negative-list → the six points of MOF Order No. 102 art. 10, in order, each citing its point', async () => {
		const nl = expectOk(await others.evaluator.get('/api/v1/negative-list'));
		assert.equal(nl.items.length, 6);
		const points = ['一', '二', '三', '四', '五', '六'];
		nl.items.forEach((m, i) => assert.equal(m.clause, `《政府购买服务管理办法》（财政部令第102号）第十条第（${points[i]}）项`));
		assert.ok(nl.items.some((m) => m.name_zh === '货物和工程，以及将工程和服务打包的项目'));
	});

	test('no session → 401; bad division or year → 400 naming the field', async () => {
		for (const p of ['/api/v1/catalog', '/api/v1/target-groups', '/api/v1/negative-list']) expectError(await anon(srv).get(p), 401);
		expectError(await civil.get('/api/v1/catalog?division=5x'), 400, 'invalid', 'division');
		expectError(await civil.get('/api/v1/catalog?year=abc'), 400, 'invalid', 'year');
		expectError(await civil.get('/api/v1/catalog?year=1999'), 400, 'invalid', 'year');
	});
});

describe('write', () => {
	let id;

	test('civil affairs adds an item for a division in scope → 201, audited, in that catalog only', async () => {
		const before = await audits('catalog.item_create');
		const item = expectOk(await civil.post('/api/v1/catalog/items', addition()), 201);
		id = item.id;
		assert.equal(item.division_code, '500110');
		assert.equal(item.year, 2026);
		assert.equal(item.description_zh, null);
		assert.equal(await audits('catalog.item_create'), before + 1);
		const actor = (await srv.sql(`SELECT actor FROM audit_log WHERE action = 'catalog.item_create' AND object_id = '${id}'`)).stdout.trim();
		assert.equal(actor, 'cat_civil');

		const seen = async (q) => itemsOf(expectOk(await others.township.get(`/api/v1/catalog?${q}`))).some((i) => i.id === id);
		assert.equal(await seen('division=500110001&year=2026'), true, 'below the division');
		assert.equal(await seen('division=500110&year=2026'), true);
		assert.equal(await seen('division=500110'), true, 'every year');
		assert.equal(await seen('division=500110&year=2025'), false, 'another year');
		assert.equal(await seen('division=110101&year=2026'), false, 'another division');
		assert.equal(itemsOf(expectOk(await civil.get('/api/v1/catalog'))).some((i) => i.id === id), true, "the actor's scope");
	});

	test('without a code the server makes one; the English name is optional', async () => {
		const a = expectOk(await civil.post('/api/v1/catalog/items', addition({ code: undefined, name_en: undefined, name_zh: '助浴服务' })), 201);
		const b = expectOk(await civil.post('/api/v1/catalog/items', addition({ code: undefined, name_en: undefined, name_zh: '助洁服务' })), 201);
		assert.match(a.code, /^elderly_services_\d+$/);
		assert.notEqual(a.code, b.code);
		assert.equal(a.name_en, '');
	});

	test('the same code for the same division and year → 409', async () => {
		expectError(await civil.post('/api/v1/catalog/items', addition()), 409, 'conflict', 'code');
	});

	test('civil affairs changes its addition → 200, audited with old and new', async () => {
		const before = await audits('catalog.item_update');
		const item = expectOk(await civil.patch(`/api/v1/catalog/items/${id}`, { name_zh: '社区老年助餐', position: 9, description_zh: '为老年人提供助餐服务' }));
		assert.equal(item.name_zh, '社区老年助餐');
		assert.equal(item.name_en, 'Meals for older people');
		assert.equal(item.position, 9);
		assert.equal(item.description_zh, '为老年人提供助餐服务');
		assert.equal(await audits('catalog.item_update'), before + 1);
		const old = (await srv.sql(`SELECT old_value FROM audit_log WHERE action = 'catalog.item_update' AND object_id = '${id}'`)).stdout;
		assert.match(old, /老年助餐/);
	});

	test('outside the scope → 404; a national item by civil affairs → 403; by admin → 200', async () => {
		const before = await audits('catalog.item_create');
		expectError(await civil.post('/api/v1/catalog/items', addition({ division_code: '110101' })), 404, 'not_found', 'division_code');
		expectError(await civil.post('/api/v1/catalog/items', addition({ division_code: '500111' })), 404, 'not_found', 'division_code');
		expectError(await civil.post('/api/v1/catalog/items', addition({ division_code: undefined, year: undefined })), 403, 'forbidden', 'division_code');
		assert.equal(await audits('catalog.item_create'), before);

		const other = expectOk(await admin.post('/api/v1/catalog/items', addition({ division_code: '110101', code: 'beijing_item' })), 201);
		expectError(await civil.patch(`/api/v1/catalog/items/${other.id}`, { name_zh: '改' }), 404, 'not_found');
		expectError(await civil.patch('/api/v1/catalog/items/999999', { name_zh: '改' }), 404, 'not_found');

		const national = expectOk(await civil.get('/api/v1/catalog')).areas[0].items[0];
		expectError(await civil.patch(`/api/v1/catalog/items/${national.id}`, { name_zh: '改' }), 403, 'forbidden');
		const changed = expectOk(await admin.patch(`/api/v1/catalog/items/${national.id}`, { name_en: 'Needs assessment (national)' }));
		assert.equal(changed.name_en, 'Needs assessment (national)');
		const made = expectOk(await admin.post('/api/v1/catalog/items', addition({ division_code: undefined, year: undefined, code: 'new_national' })), 201);
		assert.equal(made.division_code, null);
	});

	test('other roles → 403', async () => {
		for (const [role, agent] of Object.entries(others)) {
			expectError(await agent.post('/api/v1/catalog/items', addition({ code: `x_${role}` })), 403, 'forbidden');
			expectError(await agent.patch(`/api/v1/catalog/items/${id}`, { name_zh: '改' }), 403, 'forbidden');
		}
	});

	for (const [body, field] of [
		[addition({ code: 'Bad Code' }), 'code'],
		[addition({ area_code: 'nope' }), 'area_code'],
		[addition({ name_zh: '' }), 'name_zh'],
		[addition({ name_zh: '   ' }), 'name_zh'],
		[addition({ name_en: 'x'.repeat(129) }), 'name_en'],
		[addition({ year: 1999 }), 'year'],
		[addition({ year: '2026' }), 'year'],
		[addition({ position: -1 }), 'position'],
		[addition({ division_code: '5x' }), 'division_code'],
		[addition({ id: 5 }), 'id'],
	]) {
		test(`bad input → 400 naming ${field}: ${JSON.stringify(body).slice(0, 80)}`, async () => {
			expectError(await civil.post('/api/v1/catalog/items', body), 400, 'invalid', field);
		});
	}

	test('bad patch → 400 naming the field', async () => {
		expectError(await civil.patch(`/api/v1/catalog/items/${id}`, { code: 'renamed' }), 400, 'invalid', 'code');
		expectError(await civil.patch(`/api/v1/catalog/items/${id}`, { name_zh: ' ' }), 400, 'invalid', 'name_zh');
		expectError(await civil.patch(`/api/v1/catalog/items/${id}`, { position: 10000 }), 400, 'invalid', 'position');
	});
});
