// Organisations (R-ORG-1, 2), their facts and documents, the eligibility
// decision from rule sets stored as data (R-ORG-3..5), an individual's ID
// number encrypted and masked (SECURITY.md "Personal data"), the list's
// filters, search and export, and the scope of every role (R-ROLE-1).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { idNumber, uscc } from '../lib/codes.mjs';
import { expectError, expectOk, header } from '../lib/check.mjs';
import { createUser } from '../lib/fixtures.mjs';
import { IS_PG, REPO, login, onlySqlite, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
let srv;
let admin;
let civil; // civil affairs of 綦江区 500110
let civilBj; // civil affairs of 东城区 110101
let township; // 古南街道 500110001
let provider; // staff of 心连心
let worker; // a social worker (station scope)
const ids = {};

/** Facts of an organisation that passes every national provider rule. */
const GOOD_PROVIDER = {
	registration_status: 'valid',
	registered_on: '2015-06-01',
	business_scope: '社会工作服务、社区服务、心理咨询',
	full_time_staff: 12,
	qualified_social_workers: 6,
	years_of_service: 8,
	past_projects: 15,
	last_grade: 'excellent',
	dishonest: false,
	tax_record_clean: true,
	social_insurance_clean: true,
};

const audits = async (action) =>
	Number((await srv.sql(`SELECT COUNT(*) FROM audit_log WHERE action = '${action}'`)).stdout.trim());

async function create(agent, body, status = 201) {
	const res = await agent.post('/api/v1/orgs', body);
	return status === 201 ? expectOk(res, 201) : res;
}

async function addDocuments(id) {
	for (const kind of ['governance', 'finance']) {
		expectOk(await civil.post(`/api/v1/orgs/${id}/documents`, { kind, title: `${kind} 制度`, issued_on: '2020-01-01' }), 201);
	}
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
	civil = await mk('org_civil', 'civil_affairs', { divisions: ['500110'] });
	civilBj = await mk('org_civil_bj', 'civil_affairs', { divisions: ['110101'] });
	township = await mk('org_township', 'township', { divisions: ['500110001'] });
	// a social worker's scope names an existing station (R-ROLE-1)
	const room = expectOk(await admin.post('/api/v1/stations', { division_code: '500110001001', tier: 'village', name: '沙溪社区社会工作室' }), 201);
	worker = await mk('org_worker', 'social_worker', { stations: [room.id] });

	ids.xinlianxin = (await create(civil, {
		type: 'social_org', name: '綦江区心连心社会工作服务中心', uscc: uscc('52', '500110', 1),
		division_code: '500110', ...GOOD_PROVIDER,
	})).id;
	await addDocuments(ids.xinlianxin);
	ids.bureau = (await create(civil, {
		type: 'civil_affairs', name: '重庆市綦江区民政局', uscc: uscc('11', '500110', 2), division_code: '500110',
	})).id;
	ids.pi1 = (await create(civil, {
		type: 'public_institution_1', name: '綦江区社会福利院', uscc: uscc('12', '500110', 3),
		division_code: '500110', ...GOOD_PROVIDER,
	})).id;
	await addDocuments(ids.pi1);
	ids.pi2 = (await create(civil, {
		type: 'public_institution_2', name: '綦江区社会工作服务指导站', uscc: uscc('12', '500110', 4),
		division_code: '500110001', ...GOOD_PROVIDER,
	})).id;
	await addDocuments(ids.pi2);
	ids.massFunded = (await create(civil, {
		type: 'mass_org_funded', name: '綦江区妇女联合会', uscc: uscc('13', '500110', 5),
		division_code: '500110', ...GOOD_PROVIDER,
	})).id;
	await addDocuments(ids.massFunded);
	ids.understaffed = (await create(civil, {
		type: 'social_org', name: '綦江区齐跃创新社会工作服务中心', uscc: uscc('52', '500110', 6),
		division_code: '500110', ...GOOD_PROVIDER, qualified_social_workers: 0,
	})).id;
	await addDocuments(ids.understaffed);
	ids.beijing = (await create(admin, {
		type: 'enterprise', name: '北京东城社工服务有限公司', uscc: uscc('91', '110101', 7), division_code: '110101',
	})).id;
	provider = await mk('org_provider', 'provider', { orgs: [ids.xinlianxin] });
});
after(() => srv?.stop());

const decide = async (agent, id, role, extra = '') =>
	expectOk(await agent.get(`/api/v1/orgs/${id}/eligibility?role=${role}${extra}`));
const failed = (d) => d.rules.filter((r) => !r.passed).map((r) => r.id);

describe('eligibility (R-ORG-3..5)', () => {
	test('a qualified social organisation may provide; every rule explains itself', async () => {
		const d = await decide(civil, ids.xinlianxin, 'provider');
		assert.equal(d.eligible, true, JSON.stringify(failed(d)));
		assert.equal(d.role, 'provider');
		assert.equal(d.rule_set.code, 'national');
		assert.equal(d.region_code, '500110');
		assert.equal(d.rules.length, 11);
		for (const r of d.rules) {
			assert.equal(r.passed, true, r.id);
			assert.ok(r.clause.length > 0 && r.description_zh.length > 0 && r.description_en.length > 0, r.id);
			assert.ok('value' in r && 'expected' in r && 'fact' in r && 'op' in r, r.id);
		}
		const staff = d.rules.find((r) => r.id === 'provider.full_time_staff');
		assert.deepEqual([staff.fact, staff.value, staff.op, staff.expected], ['full_time_staff', 12, 'ge', 3]);
	});

	test('the same organisation may not purchase: the rule that failed says why', async () => {
		const d = await decide(civil, ids.xinlianxin, 'purchaser');
		assert.equal(d.eligible, false);
		assert.deepEqual(failed(d), ['purchaser.type']);
		assert.match(d.rules[0].clause, /第102号/);
	});

	test('a civil affairs department purchases but does not provide', async () => {
		assert.equal((await decide(civil, ids.bureau, 'purchaser')).eligible, true);
		const p = await decide(civil, ids.bureau, 'provider');
		assert.equal(p.eligible, false);
		assert.ok(failed(p).includes('provider.type'));
	});

	test('a public institution class 1 can neither purchase nor provide', async () => {
		assert.equal((await decide(civil, ids.pi1, 'purchaser')).eligible, false);
		const p = await decide(civil, ids.pi1, 'provider');
		assert.equal(p.eligible, false);
		assert.deepEqual(failed(p), ['provider.type']);
	});

	test('a public institution class 2 can provide', async () => {
		assert.equal((await decide(civil, ids.pi2, 'provider')).eligible, true);
		assert.equal((await decide(civil, ids.pi2, 'purchaser')).eligible, false);
	});

	test('a budget-funded mass organisation can do neither', async () => {
		assert.equal((await decide(civil, ids.massFunded, 'purchaser')).eligible, false);
		assert.deepEqual(failed(await decide(civil, ids.massFunded, 'provider')), ['provider.type']);
	});

	test('a social organisation without qualified staff is refused by that rule', async () => {
		const d = await decide(civil, ids.understaffed, 'provider');
		assert.equal(d.eligible, false);
		assert.deepEqual(failed(d), ['provider.qualified_social_workers']);
		const r = d.rules.find((x) => x.id === 'provider.qualified_social_workers');
		assert.equal(r.value, 0);
		assert.equal(r.expected, 1);
	});

	test('facts change the decision: documents, then a revoked registration', async () => {
		const o = await create(civil, {
			type: 'enterprise', name: '綦江区仁怀社工服务有限公司', uscc: uscc('91', '500110', 8),
			division_code: '500110', ...GOOD_PROVIDER,
		});
		assert.deepEqual(failed(await decide(civil, o.id, 'provider')).sort(), ['provider.finance_documents', 'provider.governance_documents']);
		await addDocuments(o.id);
		assert.equal((await decide(civil, o.id, 'provider')).eligible, true);
		const before = await audits('org.update');
		expectOk(await civil.patch(`/api/v1/orgs/${o.id}`, { registration_status: 'revoked' }));
		assert.equal(await audits('org.update'), before + 1);
		assert.deepEqual(failed(await decide(civil, o.id, 'provider')), ['provider.registration']);
	});

	test('bad role or year → 400 naming the parameter', async () => {
		expectError(await civil.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility`), 400, 'invalid', 'role');
		expectError(await civil.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility?role=buyer`), 400, 'invalid', 'role');
		expectError(await civil.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility?role=provider&year=1999`), 400, 'invalid', 'year');
		expectError(await civil.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility?role=provider&division=abc`), 400, 'invalid', 'division');
	});
});

describe('rule sets are data, per region and year', () => {
	test('GET /api/v1/eligibility/rule-sets lists the national default with its 12 rules', async () => {
		const { items } = expectOk(await provider.get('/api/v1/eligibility/rule-sets'));
		const n = items.find((s) => s.code === 'national');
		assert.equal(n.region_code, null);
		assert.equal(n.rules.length, 12);
		assert.match(n.source_zh, /财政部令第102号/);
	});

	test('a county gets its own set, stricter, and it decides there (and only there)', async () => {
		const set = expectOk(await civil.post('/api/v1/eligibility/rule-sets', {
			code: 'qijiang', region_code: '500110', name_zh: '綦江区承接主体条件', name_en: 'Qijiang provider rules',
			source_zh: '綦江区民政局通知(测试)',
		}), 201);
		assert.equal(set.based_on, 'national');
		const { items } = expectOk(await civil.get('/api/v1/eligibility/rule-sets'));
		const rule = items.find((s) => s.code === 'qijiang').rules.find((r) => r.code === 'provider.full_time_staff');
		const changed = expectOk(await civil.patch(`/api/v1/eligibility/rules/${rule.id}`, {
			expected: 20, clause: '綦江区通知第三条', description_zh: '专职工作人员不少于 20 名', description_en: 'At least 20 full-time staff',
		}));
		assert.equal(changed.expected, 20);
		assert.equal(changed.description_zh, '专职工作人员不少于 20 名');
		expectError(await civil.patch(`/api/v1/eligibility/rules/${rule.id}`, { description_zh: '  ' }), 400, 'invalid', 'description_zh');
		const d = await decide(civil, ids.xinlianxin, 'provider');
		assert.equal(d.rule_set.code, 'qijiang');
		assert.deepEqual(failed(d), ['provider.full_time_staff']);
		assert.equal(d.rules.find((r) => r.id === 'provider.full_time_staff').clause, '綦江区通知第三条');
		// The national rules still decide in Beijing.
		const bj = await decide(civil, ids.xinlianxin, 'provider', '&division=110101');
		assert.equal(bj.rule_set.code, 'national');
		assert.equal(bj.eligible, true);
		// A set for one year wins that year only.
		expectOk(await civil.post('/api/v1/eligibility/rule-sets', {
			code: 'qijiang-2030', region_code: '500110', year: 2030, name_zh: '綦江区 2030', name_en: 'Qijiang 2030', source_zh: '测试',
		}), 201);
		assert.equal((await decide(civil, ids.xinlianxin, 'provider', '&year=2030')).rule_set.code, 'qijiang-2030');
		// Put the threshold back for the other tests.
		expectOk(await civil.patch(`/api/v1/eligibility/rules/${rule.id}`, { expected: 3 }));
		assert.ok((await audits('eligibility.rule_update')) >= 2);
		assert.equal(await audits('eligibility.rule_set_create'), 2);
	});

	test('who may change which rules', async () => {
		const { items } = expectOk(await admin.get('/api/v1/eligibility/rule-sets'));
		const national = items.find((s) => s.code === 'national').rules[3];
		const qijiang = items.find((s) => s.code === 'qijiang').rules[3];
		expectError(await civil.patch(`/api/v1/eligibility/rules/${national.id}`, { expected: 5 }), 403, 'forbidden');
		expectError(await civilBj.patch(`/api/v1/eligibility/rules/${qijiang.id}`, { expected: 5 }), 404, 'not_found');
		expectError(await provider.patch(`/api/v1/eligibility/rules/${qijiang.id}`, { expected: 5 }), 403, 'forbidden');
		expectError(await admin.patch(`/api/v1/eligibility/rules/${qijiang.id}`, { expected: 'many' }), 400, 'invalid', 'expected');
		expectError(await admin.patch(`/api/v1/eligibility/rules/${qijiang.id}`, { expected: 5, other: 1 }), 400, 'invalid', 'other');
		expectError(await admin.patch('/api/v1/eligibility/rules/999999', { expected: 5 }), 404, 'not_found');
		expectError(await civilBj.post('/api/v1/eligibility/rule-sets', {
			code: 'xx', region_code: '500110', name_zh: 'x', name_en: 'x', source_zh: 'x',
		}), 404, 'not_found', 'division_code');
		expectError(await civil.post('/api/v1/eligibility/rule-sets', {
			code: 'qijiang-again', region_code: '500110', name_zh: 'x', name_en: 'x', source_zh: 'x',
		}), 409, 'conflict', 'region_code');
	});
});

describe('registering organisations (R-ORG-1, 2)', () => {
	const base = (extra = {}) => ({ type: 'social_org', name: '测试社工中心', uscc: uscc('52', '500110', 100), division_code: '500110', ...extra });

	test('bad input → 400 naming the field, nothing written', async () => {
		const before = await audits('org.create');
		const good = uscc('52', '500110', 100);
		const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
		expectError(await create(civil, base({ uscc: wrongCheck }), 400), 400, 'invalid', 'uscc');
		expectError(await create(civil, base({ uscc: undefined }), 400), 400, 'invalid', 'uscc');
		expectError(await create(civil, base({ type: 'club' }), 400), 400, 'invalid', 'type');
		expectError(await create(civil, base({ name: '   ' }), 400), 400, 'invalid', 'name');
		expectError(await create(civil, base({ registered_on: '2021-02-30' }), 400), 400, 'invalid', 'registered_on');
		expectError(await create(civil, base({ last_grade: 'superb' }), 400), 400, 'invalid', 'last_grade');
		expectError(await create(civil, base({ full_time_staff: -1 }), 400), 400, 'invalid', 'full_time_staff');
		expectError(await create(civil, base({ id_number: idNumber('500110', '19800101', 1) }), 400), 400, 'invalid', 'id_number');
		expectError(await create(civil, base({ division_code: '5001x' }), 400), 400, 'invalid', 'division_code');
		expectError(await create(civil, base({ colour: 'red' }), 400), 400, 'invalid', 'colour');
		expectError(await create(civil, { type: 'individual', name: '张三', division_code: '500110' }, 400), 400, 'invalid', 'id_number');
		expectError(await create(civil, { type: 'individual', name: '张三', division_code: '500110', id_number: '500110198001011230' }, 400), 400, 'invalid', 'id_number');
		assert.equal(await audits('org.create'), before);
		assert.equal(Number((await srv.sql("SELECT COUNT(*) FROM orgs WHERE name = '测试社工中心'")).stdout.trim()), 0);
	});

	test('a USCC registers once → 409', async () => {
		const o = await create(civil, base({ uscc: uscc('52', '500110', 101) }));
		assert.equal(o.name, '测试社工中心');
		expectError(await create(civil, base({ uscc: uscc('52', '500110', 101), name: '另一个' }), 409), 409, 'conflict', 'uscc');
	});

	test('outside the scope: a division elsewhere is 404, other roles 403', async () => {
		expectError(await create(civilBj, base({ uscc: uscc('52', '500110', 102) }), 404), 404, 'not_found', 'division_code');
		expectError(await create(provider, base({ uscc: uscc('52', '500110', 103) }), 403), 403, 'forbidden');
		expectError(await create(township, base({ uscc: uscc('52', '500110', 104) }), 403), 403, 'forbidden');
	});

	test('the type and code do not change; the facts do, audited with old and new', async () => {
		expectError(await civil.patch(`/api/v1/orgs/${ids.bureau}`, { type: 'enterprise' }), 400, 'invalid', 'type');
		expectError(await civil.patch(`/api/v1/orgs/${ids.bureau}`, { uscc: uscc('11', '500110', 9) }), 400, 'invalid', 'uscc');
		const o = expectOk(await civil.patch(`/api/v1/orgs/${ids.bureau}`, { full_time_staff: 40, business_scope: '' }));
		assert.equal(o.full_time_staff, 40);
		assert.equal(o.business_scope, null);
		const row = (await srv.sql("SELECT old_value, new_value FROM audit_log WHERE action = 'org.update' ORDER BY id DESC LIMIT 1")).stdout;
		assert.match(row, /"full_time_staff":0/);
		assert.match(row, /"full_time_staff":40/);
		expectError(await civilBj.patch(`/api/v1/orgs/${ids.bureau}`, { full_time_staff: 1 }), 404, 'not_found');
		expectError(await provider.patch(`/api/v1/orgs/${ids.xinlianxin}`, { full_time_staff: 100 }), 403, 'forbidden');
	});

	test('documents on file: bad kind or date → 400; counted in the facts', async () => {
		expectError(await civil.post(`/api/v1/orgs/${ids.bureau}/documents`, { kind: 'poem', title: 'x' }), 400, 'invalid', 'kind');
		expectError(await civil.post(`/api/v1/orgs/${ids.bureau}/documents`, { kind: 'finance', title: 'x', issued_on: '20200101' }), 400, 'invalid', 'issued_on');
		expectError(await civilBj.post(`/api/v1/orgs/${ids.bureau}/documents`, { kind: 'finance', title: 'x' }), 404, 'not_found');
		expectOk(await civil.post(`/api/v1/orgs/${ids.bureau}/documents`, { kind: 'finance', title: '财务管理制度' }), 201);
		const o = expectOk(await civil.get(`/api/v1/orgs/${ids.bureau}`));
		assert.equal(o.finance_documents, 1);
		assert.deepEqual(o.documents.map((d) => [d.kind, d.title]), [['finance', '财务管理制度']]);
	});
});

describe('an individual: the ID number is sensitive data', () => {
	const MARKER = idNumber('500110', '19850315', 427);
	let person;

	before(async () => {
		person = await create(civil, {
			type: 'individual', name: '张晓红', id_number: MARKER, division_code: '500110001',
			qualified_social_workers: 1, dishonest: false, tax_record_clean: true, social_insurance_clean: true,
		});
	});

	test('rendered masked: ID number and name', async () => {
		assert.equal(person.id_number_masked, `${MARKER.slice(0, 6)}********${MARKER.slice(14)}`);
		assert.equal(person.name, '张**');
		assert.equal(person.uscc, null);
		const list = expectOk(await civil.get('/api/v1/orgs?type=individual'));
		assert.equal(list.items.length, 1);
		assert.doesNotMatch(JSON.stringify(list), new RegExp(MARKER));
		assert.doesNotMatch(JSON.stringify(list), /张晓红/);
	});

	test('a qualified individual may provide', async () => {
		const d = await decide(civil, person.id, 'provider');
		assert.equal(d.eligible, true, JSON.stringify(failed(d)));
		assert.ok(!d.rules.some((r) => r.id === 'provider.full_time_staff'), 'staff rules do not apply to a person');
	});

	test('the same ID number registers once → 409 naming id_number', async () => {
		const res = await create(civil, { type: 'individual', name: '张晓红', id_number: MARKER, division_code: '500110' }, 409);
		expectError(res, 409, 'conflict', 'id_number');
	});

	test('unmasking needs the permission and a reason, and is audited without the value', async () => {
		expectError(await township.post(`/api/v1/orgs/${person.id}/unmask`, { reason: '核对身份' }), 403, 'forbidden');
		expectError(await civil.post(`/api/v1/orgs/${person.id}/unmask`, {}), 400, 'invalid', 'reason');
		expectError(await civil.post(`/api/v1/orgs/${person.id}/unmask`, { reason: '  ' }), 400, 'invalid', 'reason');
		expectError(await civil.post(`/api/v1/orgs/${ids.bureau}/unmask`, { reason: '核对身份' }), 400, 'invalid', 'id');
		expectError(await civilBj.post(`/api/v1/orgs/${person.id}/unmask`, { reason: '核对身份' }), 404, 'not_found');
		const u = expectOk(await civil.post(`/api/v1/orgs/${person.id}/unmask`, { reason: '核对承接资格' }));
		assert.equal(u.id_number, MARKER);
		assert.equal(u.name, '张晓红');
		const audit = (await srv.sql("SELECT new_value FROM audit_log WHERE action = 'org.unmask'")).stdout;
		assert.match(audit, /核对承接资格/);
		assert.doesNotMatch(audit, new RegExp(MARKER));
	});

	test('the ID number is nowhere in the clear: database, WAL, audit log, server log', { skip: onlySqlite('reads the database files') }, async () => {
		const dump = (await srv.sql('SELECT * FROM orgs; SELECT * FROM audit_log;')).stdout;
		assert.doesNotMatch(dump, new RegExp(MARKER));
		for (const f of fs.readdirSync(srv.dir)) {
			const p = path.join(srv.dir, f);
			if (!fs.statSync(p).isFile()) continue;
			assert.equal(fs.readFileSync(p).includes(Buffer.from(MARKER)), false, `${f} holds the ID number`);
		}
		assert.doesNotMatch(srv.logs.join('\n'), new RegExp(MARKER));
	});

	test('on PostgreSQL too, the stored value is ciphertext', { skip: IS_PG ? false : 'PostgreSQL only' }, async () => {
		const dump = (await srv.sql('SELECT * FROM orgs')).stdout;
		assert.doesNotMatch(dump, new RegExp(MARKER));
		assert.doesNotMatch(srv.logs.join('\n'), new RegExp(MARKER));
	});
});

describe('lists, search and export', () => {
	test('civil affairs see their subtree; filters by type, division, eligibility', async () => {
		const all = expectOk(await civil.get('/api/v1/orgs?limit=200'));
		assert.ok(all.items.length >= 8);
		assert.ok(all.items.every((o) => o.division_code.startsWith('500110')));
		const types = expectOk(await civil.get('/api/v1/orgs?type=public_institution_1'));
		assert.deepEqual(types.items.map((o) => o.id), [ids.pi1]);
		const sub = expectOk(await civil.get('/api/v1/orgs?division=500110001'));
		assert.ok(sub.items.some((o) => o.id === ids.pi2));
		assert.ok(sub.items.every((o) => o.division_code.startsWith('500110001')));
		const providers = expectOk(await civil.get('/api/v1/orgs?eligible=provider&limit=200'));
		const got = providers.items.map((o) => o.id);
		assert.ok(got.includes(ids.xinlianxin) && got.includes(ids.pi2));
		for (const bad of [ids.pi1, ids.massFunded, ids.understaffed, ids.bureau]) assert.ok(!got.includes(bad), String(bad));
		const purchasers = expectOk(await civil.get('/api/v1/orgs?eligible=purchaser'));
		assert.deepEqual(purchasers.items.map((o) => o.id), [ids.bureau]);
	});

	test('search by a Chinese substring, and by two characters', async () => {
		const s = expectOk(await civil.get(`/api/v1/orgs?q=${encodeURIComponent('心连心')}`));
		assert.deepEqual(s.items.map((o) => o.id), [ids.xinlianxin]);
		const t = expectOk(await civil.get(`/api/v1/orgs?q=${encodeURIComponent('綦江')}`));
		assert.ok(t.items.length >= 5);
		const none = expectOk(await civil.get(`/api/v1/orgs?q=${encodeURIComponent('东城')}`));
		assert.deepEqual(none.items, [], 'the search stays in the scope');
	});

	test('keyset pages', async () => {
		const p1 = expectOk(await civil.get('/api/v1/orgs?limit=2'));
		assert.equal(p1.items.length, 2);
		assert.ok(p1.next_cursor);
		const p2 = expectOk(await civil.get(`/api/v1/orgs?limit=2&cursor=${p1.next_cursor}`));
		assert.ok(p2.items[0].id > p1.items[1].id);
	});

	test('bad filters → 400', async () => {
		expectError(await civil.get('/api/v1/orgs?type=club'), 400, 'invalid', 'type');
		expectError(await civil.get('/api/v1/orgs?eligible=maybe'), 400, 'invalid', 'eligible');
		expectError(await civil.get('/api/v1/orgs?division=12345'), 400, 'invalid', 'division');
	});

	test('CSV export: UTF-8 with BOM, a header row, one row per organisation, audited', async () => {
		const before = await audits('org.export');
		const res = await civil.get('/api/v1/orgs/export?format=csv&type=social_org');
		assert.equal(res.status, 200, res.text);
		assert.match(header(res, 'content-type'), /^text\/csv/);
		assert.match(header(res, 'content-disposition'), /attachment; filename="orgs-\d{4}-\d{2}-\d{2}\.csv"/);
		// the name a browser saves: 组织机构_綦江区_YYYY-MM-DD.csv
		const star = /filename\*=UTF-8''(\S+)/.exec(header(res, 'content-disposition'));
		assert.match(decodeURIComponent(star[1]), /^组织机构_綦江区_\d{4}-\d{2}-\d{2}\.csv$/);
		assert.equal(res.text.charCodeAt(0), 0xfeff);
		const lines = res.text.slice(1).trim().split('\r\n');
		assert.match(lines[0], /^编号 ID,名称 Name,类型 Type,统一社会信用代码 USCC/);
		const expected = expectOk(await civil.get('/api/v1/orgs?type=social_org&limit=200')).items.length;
		assert.equal(lines.length - 1, expected);
		assert.ok(lines.some((l) => l.includes('綦江区心连心社会工作服务中心')));
		assert.equal(await audits('org.export'), before + 1);
	});

	test('Excel export is an xlsx file; the individual stays masked', async () => {
		const res = await civil.get('/api/v1/orgs/export?format=xlsx');
		assert.equal(res.status, 200);
		assert.match(header(res, 'content-type'), /spreadsheetml\.sheet/);
		assert.deepEqual([...res.bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
		const csv = await civil.get('/api/v1/orgs/export?format=csv&type=individual');
		assert.doesNotMatch(csv.text, /张晓红/);
		assert.match(csv.text, /500110\*{8}/);
		expectError(await civil.get('/api/v1/orgs/export?format=pdf'), 400, 'invalid', 'format');
		expectError(await provider.get('/api/v1/orgs/export?format=csv'), 403, 'forbidden');
	});
});

describe('scope (R-ROLE-1): outside it an organisation does not exist', () => {
	test('civil affairs of another county: 404 for read, eligibility and list', async () => {
		expectError(await civilBj.get(`/api/v1/orgs/${ids.xinlianxin}`), 404, 'not_found');
		expectError(await civilBj.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility?role=provider`), 404, 'not_found');
		const list = expectOk(await civilBj.get('/api/v1/orgs'));
		assert.deepEqual(list.items.map((o) => o.id), [ids.beijing]);
	});

	test('a township sees the organisations registered in its township only', async () => {
		const list = expectOk(await township.get('/api/v1/orgs?limit=200'));
		assert.ok(list.items.length >= 1);
		assert.ok(list.items.every((o) => o.division_code.startsWith('500110001')));
		expectError(await township.get(`/api/v1/orgs/${ids.bureau}`), 404, 'not_found');
	});

	test('provider staff see their own organisation and nothing else', async () => {
		const list = expectOk(await provider.get('/api/v1/orgs'));
		assert.deepEqual(list.items.map((o) => o.id), [ids.xinlianxin]);
		expectOk(await provider.get(`/api/v1/orgs/${ids.xinlianxin}`));
		expectOk(await provider.get(`/api/v1/orgs/${ids.xinlianxin}/eligibility?role=provider`));
		expectError(await provider.get(`/api/v1/orgs/${ids.bureau}`), 404, 'not_found');
	});

	test('a social worker sees no organisation; the administrator sees all', async () => {
		assert.deepEqual(expectOk(await worker.get('/api/v1/orgs')).items, []);
		expectError(await worker.get(`/api/v1/orgs/${ids.xinlianxin}`), 404, 'not_found');
		const all = expectOk(await admin.get('/api/v1/orgs?limit=200'));
		assert.ok(all.items.some((o) => o.id === ids.beijing) && all.items.some((o) => o.id === ids.xinlianxin));
	});
});
