// The scope matrix of SECURITY.md "Access control", generated from the
// route table: every route of `shegong routes` whose path names an object
// ({id}, {code}, …) is exercised for every role × an object at each of
// {own, child, parent, sibling, unrelated} of the role's scope. A route
// must have a row in RESOLVERS below (which object, at which position, with
// which body); a route without one fails the test, and so does a row for a
// route the server no longer serves.
//
// The expected status follows from the permission table (`shegong routes`):
//   - the role lacks the route's permission → 403 wherever the object is;
//   - the object is outside the role's scope → 404, exactly the error a
//     missing id gets (same code, field and message: never a hint that it
//     exists);
//   - inside → the row's `ok`: a 2xx, or the 4xx a valid caller gets for
//     that object (unmasking an organisation that is not an individual).
// Lists hold exactly the objects in the scope. Zero deviations.
//
// Positions, for an actor scoped to the township 古南街道 (500110001):
//   own 500110001, child 500110001001 (a community), parent 500110 (the
//   county), sibling 500110002 (文龙街道), unrelated 110101001 (Beijing).
// At each: an organisation registered there, a station of the matching
// tier operated by it, a social worker it employs, a catalog addition, a
// rule set, and (for the account routes) an account. Provider and
// evaluator staff are scoped to the organisation of "own", social workers
// and mentors to the station of "own".

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { uscc } from '../lib/codes.mjs';
import { ROLES, createUser, securityAdmin, strongPassword } from '../lib/fixtures.mjs';
import { fillPath, roleHas, routeKey, routeTable } from '../lib/routes.mjs';
import { REPO, anon, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
const POSITIONS = {
	own: '500110001',
	child: '500110001001',
	parent: '500110',
	sibling: '500110002',
	unrelated: '110101001',
};
const POS = Object.keys(POSITIONS);
const TIER_OF = { 6: 'county', 9: 'township', 12: 'village' };
const tierAt = (pos) => TIER_OF[POSITIONS[pos].length];
const FACTS = {
	business_scope: '社会工作服务', full_time_staff: 5, qualified_social_workers: 2,
	dishonest: false, tax_record_clean: true, social_insurance_clean: true,
};
const MISSING_ID = 98765432; // names nothing
const MISSING_CODE = '500110099'; // a well-formed township code the fixture lacks

let srv;
// the objects at each position
const org = {};
const station = {};
const worker = {};
const catalogItem = {};
const rule = {};
const account = {};
const project = {}; // a draft project of the department at each position
const budget = {}; // that department's 2026 budget
const plan = {}; // and its 2026 plan
const tender = {}; // a published tender of that project inviting the position's organisation
const bid = {}; // that organisation's bid for it
const member = {}; // a member of its panel
const objection = {}; // an objection to its award (in notice)
const flagItem = {}; // tier → a flag item id
const calendarDay = {}; // a local calendar day of the position's division
const contract = {}; // a draft contract of the project at each position, provider org[pos]
const amendment = {}; // a returned amendment of it
const volunteer = {}; // a volunteer registered at the position, serving station[pos]
const volStation = {}; // a second station there (operated by org[pos]), which volunteer[pos] joins and leaves
const pairWorker = {}; // a worker of org[pos] at station[pos], with whom volunteer[pos] pairs and unpairs
const agents = {}; // role → agent

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	const admin = await login(srv, 'admin', srv.adminPassword);
	const ok = async (res, status = 201) => {
		assert.equal(res.status, status, res.text);
		return res.json;
	};
	let serial = 0;
	for (const [pos, code] of Object.entries(POSITIONS)) {
		org[pos] = (await ok(await admin.post('/api/v1/orgs', {
			type: 'social_org', name: `矩阵测试机构 ${pos}`, uscc: uscc('52', code.slice(0, 6), 500 + serial++),
			division_code: code, ...FACTS,
		}))).id;
		for (const kind of ['governance', 'finance']) await ok(await admin.post(`/api/v1/orgs/${org[pos]}/documents`, { kind, title: kind }));
		station[pos] = (await ok(await admin.post('/api/v1/stations', {
			division_code: code, tier: tierAt(pos), name: `矩阵测试站点 ${pos}`, operation: 'contract', operator_org_id: org[pos],
		}))).id;
		worker[pos] = (await ok(await admin.post('/api/v1/social-workers', { name: `矩阵社工 ${pos}`, full_time: true, employer_org_id: org[pos] }))).id;
		catalogItem[pos] = (await ok(await admin.post('/api/v1/catalog/items', {
			area_code: 'elderly_services', code: `mx_${pos}`, name_zh: `矩阵服务 ${pos}`, name_en: `Matrix ${pos}`, division_code: code, year: 2026,
		}))).id;
		const set = await ok(await admin.post('/api/v1/eligibility/rule-sets', {
			code: `mx-${pos}`, region_code: code, name_zh: `矩阵规则 ${pos}`, name_en: `Matrix ${pos}`, source_zh: '测试',
		}));
		const sets = (await ok(await admin.get('/api/v1/eligibility/rule-sets'), 200)).items;
		rule[pos] = sets.find((x) => x.id === set.id).rules[0].id;
		account[pos] = (await createUser(admin, `mx_acct_${pos}`, { role: null })).user.id;
		calendarDay[pos] = (await ok(await admin.post('/api/v1/calendar/days', {
			date: '2026-03-02', kind: 'holiday', name: `矩阵假日 ${pos}`, division_code: code,
		}))).id;
	}
	// a department at each position, with its budget and a draft project,
	// made by civil affairs staff whose scope spans every position
	const { password: buyerPw } = await createUser(admin, 'mx_buyer', { role: 'civil_affairs', scope: { divisions: ['500110', '110101'] } });
	const buyer = await login(srv, 'mx_buyer', buyerPw);
	for (const [pos, code] of Object.entries(POSITIONS)) {
		const dep = (await ok(await buyer.post('/api/v1/orgs', {
			type: 'civil_affairs', name: `矩阵民政部门 ${pos}`, uscc: uscc('11', code.slice(0, 6), 600 + serial++), division_code: code,
		}))).id;
		budget[pos] = (await ok(await buyer.post('/api/v1/budgets', { department_id: dep, year: 2026, amount: 100000000 }))).id;
		project[pos] = (await ok(await buyer.post('/api/v1/projects', { name: `矩阵项目 ${pos}`, department_id: dep, year: 2026 }))).id;
		plan[pos] = (await ok(await buyer.post('/api/v1/plans', { name: `矩阵计划 ${pos}`, department_id: dep, year: 2026 }))).id;
	}
	// the procurement of each position's project, as rows: a published
	// tender inviting the position's organisation, its bid, a panel member
	// and an award in notice with an objection lodged through the API
	// (so that its contact is really encrypted)
	const sqlId = async (q) => Number((await srv.sql(q)).stdout.trim());
	const future = Date.now() + 30 * 86400000;
	for (const pos of POS) {
		tender[pos] = await sqlId(`INSERT INTO tenders (project_id, round, method, title, price_weight, deadline, status, published_on, created_at, updated_at)
			VALUES (${project[pos]}, 1, 'invited_tender', '矩阵采购 ${pos}', 20, ${future}, 'published', '2026-05-11', 0, 0) RETURNING id`);
		await srv.sql(`INSERT INTO tender_invitations (tender_id, org_id) VALUES (${tender[pos]}, ${org[pos]})`);
		bid[pos] = await sqlId(`INSERT INTO bids (tender_id, org_id, price, eligibility, submitted_at) VALUES (${tender[pos]}, ${org[pos]}, 100, '{}', 0) RETURNING id`);
		member[pos] = await sqlId(`INSERT INTO panel_members (tender_id, name, no_conflict, created_at) VALUES (${tender[pos]}, '矩阵专家', 1, 0) RETURNING id`);
		const award = await sqlId(`INSERT INTO awards (tender_id, bid_id, awarded_at, notice_start, notice_end, updated_at)
			VALUES (${tender[pos]}, ${bid[pos]}, 0, '2026-05-11', '2099-12-31', 0) RETURNING id`);
		objection[pos] = (await ok(await anon(srv).post('/api/v1/public/objections', {
			award_id: award, name: '矩阵异议人', contact: '13800000000', content: `矩阵异议内容 ${pos}，请核实。`,
		}))).id;
	}
	// A contract at each position, seeded as rows: a second round of the
	// position's project, awarded to the position's organisation (invited,
	// so that no other provider sees the project), a final award, a draft
	// contract and a returned amendment.
	const insertId = async (text) => {
		const r = await srv.sql(srv.backend === 'postgres' ? `${text} RETURNING id;` : `PRAGMA busy_timeout = 10000;\n${text} RETURNING id;`);
		assert.equal(r.code, 0, `${text}: ${r.stderr}`);
		return Number(r.stdout.trim().split('\n').at(-1));
	};
	for (const pos of POS) {
		const round2 = await insertId(`INSERT INTO tenders (project_id, round, method, title, price_weight, deadline, status, created_at, updated_at) VALUES (${project[pos]}, 2, 'invited_tender', '矩阵采购第二轮', 30, 0, 'awarded', 0, 0)`);
		await srv.sql(`INSERT INTO tender_invitations (tender_id, org_id) VALUES (${round2}, ${org[pos]})`);
		const bid2 = await insertId(`INSERT INTO bids (tender_id, org_id, price, eligibility, submitted_at) VALUES (${round2}, ${org[pos]}, 100000, '{}', 0)`);
		const award = await insertId(`INSERT INTO awards (tender_id, bid_id, awarded_at, notice_start, notice_end, status, updated_at) VALUES (${round2}, ${bid2}, 0, '2026-01-02', '2026-01-09', 'final', 0)`);
		contract[pos] = await insertId(
			`INSERT INTO contracts (code, project_id, award_id, provider_id, department_id, division_code, price, created_at, updated_at)` +
				` SELECT 'MX-HT-${pos}', p.id, ${award}, ${org[pos]}, p.department_id, p.division_code, 100000, 0, 0 FROM projects p WHERE p.id = ${project[pos]}`,
		);
		amendment[pos] = await insertId(`INSERT INTO amendments (contract_id, version, reason, changes, status, made_by, made_at) VALUES (${contract[pos]}, 1, '矩阵变更', '{}', 'returned', 1, 0)`);
	}
	// Volunteers, seeded as rows: one registered at each position serving
	// its station, a second station it joins and leaves, a worker at the
	// first it pairs with and unpairs from.
	for (const pos of POS) {
		volStation[pos] = await insertId(`INSERT INTO stations (division_code, tier, kind, name, status, operation, operator_org_id, working, created_at, updated_at) VALUES ('${POSITIONS[pos]}', '${tierAt(pos)}', ${tierAt(pos) === 'township' ? "'comprehensive'" : 'NULL'}, '矩阵志愿站点 ${pos}', 'active', 'contract', ${org[pos]}, 0, 0, 0)`);
		volunteer[pos] = await insertId(`INSERT INTO volunteers (division_code, name, created_at, updated_at) VALUES ('${POSITIONS[pos]}', '矩阵志愿者', 0, 0)`);
		await srv.sql(`INSERT INTO volunteer_stations (volunteer_id, station_id, since) VALUES (${volunteer[pos]}, ${station[pos]}, '2026-01-01')`);
		pairWorker[pos] = await insertId(`INSERT INTO social_workers (name, full_time, employer_org_id, created_at, updated_at) VALUES ('矩阵结对社工', 1, ${org[pos]}, 0, 0)`);
		await srv.sql(`INSERT INTO station_staff (station_id, worker_id, role, since) VALUES (${station[pos]}, ${pairWorker[pos]}, 'staff', '2026-01-01')`);
	}
	const items = (await ok(await admin.get('/api/v1/readiness-items'), 200)).items;
	for (const tier of ['county', 'township', 'village']) flagItem[tier] = items.find((i) => i.tier === tier && i.kind === 'flag');
	const scopes = {
		civil_affairs: { divisions: [POSITIONS.own] },
		township: { divisions: [POSITIONS.own] },
		provider: { orgs: [org.own] },
		evaluator: { orgs: [org.own] },
		social_worker: { stations: [station.own, volStation.own] },
		mentor: { stations: [station.own] },
	};
	agents.admin = admin;
	agents.security_admin = await securityAdmin(srv);
	agents.audit_admin = await login(srv, 'auditor', srv.passwords.auditor);
	for (const role of Object.keys(scopes)) {
		const { password } = await createUser(admin, `mx_${role}`, { role, scope: scopes[role] });
		agents[role] = await login(srv, `mx_${role}`, password);
	}
	assert.deepEqual(Object.keys(agents).sort(), [...ROLES].sort());
});
after(() => srv?.stop());

const SUBTREE = new Set(['own', 'child']);
const GLOBAL = new Set(['admin', 'security_admin', 'audit_admin']);

/**
 * Whether role's scope holds the object of kind at pos (R-ROLE-1) —
 * asked only when the role holds the route's permission.
 *   org: registered in the subtrees, or the actor's own organisation;
 *   station: in the subtrees, operated by the actor's organisation, or one
 *     of the actor's stations;
 *   worker: employed by an organisation the actor sees, or at its stations;
 *   volunteer: registered in the subtrees, or serving a station the actor
 *     sees (a provider's, a social worker's);
 *   division-scoped settings (coverage, catalog additions, rule sets): in
 *     the subtrees;
 *   global: the objects nobody's scope limits (divisions, accounts, the
 *     national checklist).
 */
function visible(role, kind, pos) {
	if (kind === 'global' || GLOBAL.has(role)) return true;
	switch (role) {
		case 'civil_affairs':
		case 'township': // and the plans of the divisions above (their county's); contracts by the project's division
			return SUBTREE.has(pos) || (kind === 'plan' && pos === 'parent');
		case 'provider': // its organisation, its employees, the stations it operates, the tenders inviting it and their projects, its contracts, their volunteers
			return ['org', 'station', 'worker', 'tender', 'project', 'contract', 'volunteer'].includes(kind) && pos === 'own';
		case 'evaluator':
			return kind === 'org' && pos === 'own';
		case 'social_worker':
		case 'mentor':
			return ['station', 'volunteer'].includes(kind) && pos === 'own';
		default:
			throw new Error(role);
	}
}

const tick = (pos) => flagItem[tierAt(pos)].id;

/**
 * One row per route that names an object: the kind of object (for
 * visible()), the path parameters at a position, the parameters naming a
 * missing object (the 404 every outside position must equal), the body,
 * and `ok`: the status (or statuses) of a caller inside the scope.
 */
const RESOLVERS = {
	'GET /api/v1/users/{id}': { kind: 'global', params: (p) => ({ id: account[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/users/{id}': { kind: 'global', params: (p) => ({ id: account[p] }), missing: { id: MISSING_ID }, body: () => ({ display_name: '矩阵账号' }), ok: 200 },
	'PUT /api/v1/users/{id}/role': {
		kind: 'global', params: (p) => ({ id: account[p] }), missing: { id: MISSING_ID },
		body: (p) => ({ role: 'township', scope: { divisions: [POSITIONS[p]] } }), ok: 200,
	},
	'POST /api/v1/users/{id}/password': { kind: 'global', params: (p) => ({ id: account[p] }), missing: { id: MISSING_ID }, body: () => ({ password: strongPassword('mx') }), ok: 204 },
	'GET /api/v1/divisions/{code}': { kind: 'global', params: (p) => ({ code: POSITIONS[p] }), missing: { code: MISSING_CODE }, ok: 200 },
	'PATCH /api/v1/catalog/items/{id}': {
		kind: 'division', params: (p) => ({ id: catalogItem[p] }), missing: { id: MISSING_ID }, body: (p) => ({ name_zh: `矩阵服务 ${p}` }), ok: 200,
	},
	'GET /api/v1/orgs/{id}': { kind: 'org', params: (p) => ({ id: org[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/orgs/{id}': { kind: 'org', params: (p) => ({ id: org[p] }), missing: { id: MISSING_ID }, body: () => ({ past_projects: 3 }), ok: 200 },
	'POST /api/v1/orgs/{id}/documents': { kind: 'org', params: (p) => ({ id: org[p] }), missing: { id: MISSING_ID }, body: () => ({ kind: 'other', title: '矩阵' }), ok: 201 },
	// not an individual: found, then refused for the field
	'POST /api/v1/orgs/{id}/unmask': { kind: 'org', params: (p) => ({ id: org[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵测试' }), ok: 400 },
	'GET /api/v1/orgs/{id}/eligibility': { kind: 'org', params: (p) => ({ id: org[p] }), missing: { id: MISSING_ID }, query: '?role=provider', ok: 200 },
	'PATCH /api/v1/eligibility/rules/{id}': { kind: 'division', params: (p) => ({ id: rule[p] }), missing: { id: MISSING_ID }, body: () => ({ clause: '矩阵条款' }), ok: 200 },
	'GET /api/v1/stations/{id}': { kind: 'station', params: (p) => ({ id: station[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/stations/{id}': { kind: 'station', params: (p) => ({ id: station[p] }), missing: { id: MISSING_ID }, body: () => ({ brand: '矩阵品牌' }), ok: 200 },
	// the worker employed at the same position: seen exactly when the station is;
	// the DELETE below takes the assignment away again, role by role
	'POST /api/v1/stations/{id}/staff': { kind: 'station', params: (p) => ({ id: station[p] }), missing: { id: MISSING_ID }, body: (p) => ({ worker_id: worker[p] }), ok: 201 },
	'DELETE /api/v1/stations/{id}/staff/{worker_id}': {
		kind: 'station', params: (p) => ({ id: station[p], worker_id: worker[p] }), get missing() { return { id: MISSING_ID, worker_id: worker.own }; }, ok: 200,
	},
	'PUT /api/v1/stations/{id}/readiness/{item_id}': {
		kind: 'station', params: (p) => ({ id: station[p], item_id: tick(p) }), get missing() { return { id: MISSING_ID, item_id: flagItem.township.id }; },
		body: () => ({ met: true, note: '矩阵' }), ok: 200,
	},
	// 200 for a provider's claim, 409 when the tick is confirmed already
	// (an admin's or a clerk's tick confirms itself)
	'POST /api/v1/stations/{id}/readiness/{item_id}/confirm': {
		kind: 'station', params: (p) => ({ id: station[p], item_id: tick(p) }), get missing() { return { id: MISSING_ID, item_id: flagItem.township.id }; }, ok: [200, 409],
	},
	// a flag item of the position's tier; the national checklist is global
	'PATCH /api/v1/readiness-items/{id}': {
		kind: 'global', params: (p) => ({ id: tick(p) }), missing: { id: MISSING_ID }, body: (p) => ({ name_zh: flagItem[tierAt(p)].name_zh }), ok: 200,
	},
	// a local day of the position's division (calendar.edit: the system
	// administrator alone, who removes each once; a second role holding the
	// permission would find it gone)
	'DELETE /api/v1/calendar/days/{id}': { kind: 'division', params: (p) => ({ id: calendarDay[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'GET /api/v1/social-workers/{id}': { kind: 'worker', params: (p) => ({ id: worker[p] }), missing: { id: MISSING_ID }, ok: 200 },
	// Projects and budgets lie in their department's division. The actions
	// meet a draft: submitting it is refused as incomplete (400), the
	// checks of other states as a conflict (409); the first cancel
	// succeeds and the project stays cancelled (the PATCH after it: 409).
	'GET /api/v1/projects/{id}': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/projects/{id}': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, body: () => ({ content: '矩阵内容' }), ok: [200, 409] },
	'POST /api/v1/projects/{id}/submit': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: [400, 409] },
	'POST /api/v1/projects/{id}/approve': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/projects/{id}/return': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵理由' }), ok: 409 },
	'POST /api/v1/projects/{id}/cancel': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵理由' }), ok: [200, 409] },
	'POST /api/v1/projects/{id}/start': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/projects/{id}/evaluate': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/projects/{id}/close': { kind: 'project', params: (p) => ({ id: project[p] }), missing: { id: MISSING_ID }, ok: 409 },
	// Tenders as their projects; a provider's staff the one inviting their
	// organisation. Each row leaves the tender published (its bid
	// withdrawn, its panel member removed, its objection answered).
	'GET /api/v1/tenders/{id}': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/tenders/{id}': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ title: '改' }), ok: 409 },
	'POST /api/v1/tenders/{id}/publish': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/tenders/{id}/open': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/tenders/{id}/fail': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: 'x' }), ok: 400 },
	'POST /api/v1/tenders/{id}/cancel': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: 'x' }), ok: 400 },
	'POST /api/v1/tenders/{id}/bids': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ org_id: org.own, price: 1 }), ok: 400 },
	'POST /api/v1/tenders/{id}/paper-bids': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ org_id: org.own, price: 1 }), ok: 400 },
	'POST /api/v1/tenders/{id}/bids/{bid_id}/withdraw': { kind: 'tender', params: (p) => ({ id: tender[p], bid_id: bid[p] }), missing: { id: MISSING_ID, bid_id: MISSING_ID }, ok: 200 },
	'POST /api/v1/tenders/{id}/bids/{bid_id}/reject': { kind: 'tender', params: (p) => ({ id: tender[p], bid_id: bid[p] }), missing: { id: MISSING_ID, bid_id: MISSING_ID }, body: () => ({ reason: '矩阵理由' }), ok: 409 },
	'POST /api/v1/tenders/{id}/panel': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ name: '矩阵专家二', no_conflict: true }), ok: 201 },
	'DELETE /api/v1/tenders/{id}/panel/{member_id}': { kind: 'tender', params: (p) => ({ id: tender[p], member_id: member[p] }), missing: { id: MISSING_ID, member_id: MISSING_ID }, ok: 200 },
	'PUT /api/v1/tenders/{id}/scores': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, body: () => ({ scores: [] }), ok: 409 },
	'POST /api/v1/tenders/{id}/award': { kind: 'tender', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'GET /api/v1/tenders/{id}/award-notice': { kind: 'division', params: (p) => ({ id: tender[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'POST /api/v1/objections/{id}/reply': { kind: 'tender', params: (p) => ({ id: objection[p] }), missing: { id: MISSING_ID }, body: () => ({ status: 'rejected', reply: '矩阵答复' }), ok: [200, 409] },
	'POST /api/v1/objections/{id}/contact': { kind: 'tender', params: (p) => ({ id: objection[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵原因' }), ok: 200 },
	// A plan is read from below too: a township's staff read their county's.
	'GET /api/v1/plans/{id}': { kind: 'plan', params: (p) => ({ id: plan[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/plans/{id}': { kind: 'division', params: (p) => ({ id: plan[p] }), missing: { id: MISSING_ID }, body: () => ({ actions: '矩阵行动' }), ok: 200 },
	'POST /api/v1/plans/{id}/publish': { kind: 'division', params: (p) => ({ id: plan[p] }), missing: { id: MISSING_ID }, ok: 400 },
	'GET /api/v1/budgets/{id}': { kind: 'division', params: (p) => ({ id: budget[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/budgets/{id}': { kind: 'division', params: (p) => ({ id: budget[p] }), missing: { id: MISSING_ID }, body: () => ({ amount: 100000000 }), ok: 200 },
	// Contracts lie in their project's division; a provider sees its own.
	// The draft stays a draft: submitting it is refused as incomplete
	// (400), signing and returning as not pending (409), amending as not
	// signed (409); the seeded amendment is returned already (409).
	'GET /api/v1/contracts/{id}': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/contracts/{id}': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, body: () => ({ subject: '矩阵标的' }), ok: 200 },
	'PUT /api/v1/contracts/{id}/instalments': {
		kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, body: () => ({ instalments: [{ amount: 100000 }] }), ok: 200,
	},
	'POST /api/v1/contracts/{id}/submit': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, ok: 400 },
	'POST /api/v1/contracts/{id}/sign': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/contracts/{id}/return': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵理由' }), ok: 409 },
	'GET /api/v1/contracts/{id}/print': { kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'POST /api/v1/contracts/{id}/amendments': {
		kind: 'contract', params: (p) => ({ id: contract[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵理由', changes: { subject: '矩阵' } }), ok: 409,
	},
	'POST /api/v1/amendments/{id}/approve': { kind: 'contract', params: (p) => ({ id: amendment[p] }), missing: { id: MISSING_ID }, ok: 409 },
	'POST /api/v1/amendments/{id}/return': { kind: 'contract', params: (p) => ({ id: amendment[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵理由' }), ok: 409 },
	// Volunteers: the first role holding volunteer.edit inside joins the
	// second station and leaves it again, pairs with the worker and
	// unpairs; unmasking a volunteer with no phone or ID number shows nulls.
	'GET /api/v1/volunteers/{id}': { kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'PATCH /api/v1/volunteers/{id}': { kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, body: () => ({ skills: '矩阵技能' }), ok: 200 },
	'POST /api/v1/volunteers/{id}/unmask': { kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, body: () => ({ reason: '矩阵测试' }), ok: 200 },
	'POST /api/v1/volunteers/{id}/stations': {
		kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, body: (p) => ({ station_id: volStation[p] }), ok: 201,
	},
	'DELETE /api/v1/volunteers/{id}/stations/{station_id}': {
		kind: 'volunteer', params: (p) => ({ id: volunteer[p], station_id: volStation[p] }), get missing() { return { id: MISSING_ID, station_id: volStation.own }; }, ok: 200,
	},
	'POST /api/v1/volunteers/{id}/workers': {
		kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, body: (p) => ({ worker_id: pairWorker[p] }), ok: 201,
	},
	'DELETE /api/v1/volunteers/{id}/workers/{worker_id}': {
		kind: 'volunteer', params: (p) => ({ id: volunteer[p], worker_id: pairWorker[p] }), get missing() { return { id: MISSING_ID, worker_id: pairWorker.own }; }, ok: 200,
	},
	'GET /api/v1/volunteers/{id}/services': { kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'GET /api/v1/volunteers/{id}/certificate': { kind: 'volunteer', params: (p) => ({ id: volunteer[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'GET /api/v1/stations/{id}/volunteer-hours': { kind: 'station', params: (p) => ({ id: station[p] }), missing: { id: MISSING_ID }, ok: 200 },
	'GET /api/v1/divisions/{code}/coverage': { kind: 'division', params: (p) => ({ code: POSITIONS[p] }), missing: { code: MISSING_CODE }, ok: 200 },
	'GET /api/v1/divisions/{code}/coverage/missing': {
		kind: 'division', params: (p) => ({ code: POSITIONS[p] }), missing: { code: MISSING_CODE }, query: '?tier=village', ok: 200,
	},
	'GET /api/v1/divisions/{code}/coverage/missing/export': {
		kind: 'division', params: (p) => ({ code: POSITIONS[p] }), missing: { code: MISSING_CODE }, query: '?tier=village&format=csv', ok: 200,
	},
};

/** The routes of the table that name an object. */
const objectRoutes = () => routeTable().routes.filter((r) => /\{\w+\}/.test(r.pattern));

/** The 404 a caller gets for a missing object, to compare with outside. */
const sameAs404 = (e) => e && { code: e.code, field: e.field, message: e.message, message_en: e.message_en, rule: e.rule };

describe('scope matrix: roles × {own, child, parent, sibling, unrelated} × the routes of the table', () => {
	test('every route of `shegong routes` that names an object has a resolver, and every resolver a route', () => {
		const served = objectRoutes().map(routeKey);
		assert.ok(served.length >= 20, `${served.length} routes`);
		const missing = served.filter((k) => !(k in RESOLVERS));
		assert.deepEqual(missing, [], `routes the scope matrix does not cover (add them to RESOLVERS): ${missing.join(', ')}`);
		const stale = Object.keys(RESOLVERS).filter((k) => !served.includes(k));
		assert.deepEqual(stale, [], `resolvers for routes the server does not serve: ${stale.join(', ')}`);
	});

	for (const role of ROLES) {
		test(`${role}: every route, every position`, async () => {
			const agent = agents[role];
			const deviations = [];
			for (const r of objectRoutes()) {
				const e = RESOLVERS[routeKey(r)];
				if (!e) continue; // reported by the coverage test
				const allowed = roleHas(role, r.permission);
				let notFound; // the 404 of a missing object, for this role
				if (allowed) {
					const res = await agent.request(r.method, fillPath(r.pattern, e.missing) + (e.query ?? ''), e.body?.('own'));
					if (res.status !== 404) deviations.push(`${routeKey(r)} with a missing object: ${res.status}, want 404 ${res.text.slice(0, 160)}`);
					notFound = sameAs404(res.json?.error);
				}
				for (const pos of POS) {
					const inside = allowed && visible(role, e.kind, pos);
					const want = !allowed ? [403] : inside ? [e.ok].flat() : [404];
					const url = fillPath(r.pattern, e.params(pos)) + (e.query ?? '');
					const res = await agent.request(r.method, url, e.body?.(pos));
					const where = `${r.method} ${url} (${r.permission}, ${pos})`;
					if (!want.includes(res.status)) {
						deviations.push(`${where}: ${res.status}, want ${want.join(' or ')} ${res.status >= 400 ? res.text.slice(0, 160) : ''}`);
						continue;
					}
					if (res.status === 403 && res.json?.error?.rule !== 'R-ROLE-1') deviations.push(`${where}: 403 without rule R-ROLE-1: ${res.text.slice(0, 160)}`);
					if (allowed && !inside) {
						const got = sameAs404(res.json?.error);
						if (JSON.stringify(got) !== JSON.stringify(notFound)) {
							deviations.push(`${where}: the 404 differs from a missing object's: ${JSON.stringify(got)} vs ${JSON.stringify(notFound)}`);
						}
					}
				}
			}
			assert.deepEqual(deviations, []);
		});
	}

	// the lists of scoped objects: exactly those in the scope, or 403
	const LISTS = [
		['GET', '/api/v1/orgs', 'org', () => org],
		['GET', '/api/v1/stations', 'station', () => station],
		['GET', '/api/v1/social-workers', 'worker', () => worker],
		['GET', '/api/v1/projects', 'project', () => project],
		['GET', '/api/v1/tenders', 'tender', () => tender],
		['GET', '/api/v1/budgets', 'division', () => budget],
		['GET', '/api/v1/plans', 'plan', () => plan],
		['GET', '/api/v1/contracts', 'contract', () => contract],
		['GET', '/api/v1/volunteers', 'volunteer', () => volunteer],
	];
	for (const role of ROLES) {
		test(`${role}: lists hold exactly the objects in the scope`, async () => {
			const agent = agents[role];
			for (const [method, pattern, kind, ids] of LISTS) {
				const r = routeTable().routes.find((x) => x.method === method && x.pattern === pattern);
				assert.ok(r, `${method} ${pattern} is served`);
				const res = await agent.get(`${pattern}?limit=200`);
				if (!roleHas(role, r.permission)) {
					assert.equal(res.status, 403, `${role} ${pattern}: ${res.text}`);
					continue;
				}
				assert.equal(res.status, 200, res.text);
				const got = new Set(res.json.items.map((x) => x.id));
				const want = POS.filter((p) => visible(role, kind, p));
				const seen = POS.filter((p) => got.has(ids()[p]));
				assert.deepEqual(seen, want, `${role} ${pattern}`);
			}
		});
	}
});
