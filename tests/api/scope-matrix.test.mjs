// The scope matrix of SECURITY.md "Access control": every role × objects
// placed at {own, child, parent, sibling, unrelated} of the role's scope ×
// every endpoint that reads or writes one object × its method. Outside the
// scope an object does not exist (404, never 403 — that would confirm it
// exists); a role the route's policy refuses gets 403 wherever the object
// is; lists hold exactly the objects in the scope. Zero deviations.
//
// Positions, for an actor scoped to the township 古南街道 (500110001):
//   own 500110001, child 500110001001 (a community), parent 500110 (the
//   county), sibling 500110002 (文龙街道), unrelated 110101001 (Beijing).
// An organisation is registered and a station of the matching tier
// operated (by that organisation) at each; provider and evaluator staff
// are scoped to the organisation of "own", social workers and mentors to
// the station of "own".

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { uscc } from '../lib/codes.mjs';
import { createUser, ROLES } from '../lib/fixtures.mjs';
import { REPO, login, startServer } from '../lib/server.mjs';

const FIXTURE = path.join(REPO, 'tests/fixtures/divisions');
const POSITIONS = {
	own: '500110001',
	child: '500110001001',
	parent: '500110',
	sibling: '500110002',
	unrelated: '110101001',
};
const TIER_OF = { 6: 'county', 9: 'township', 12: 'village' };
const FACTS = {
	business_scope: '社会工作服务', full_time_staff: 5, qualified_social_workers: 2,
	dishonest: false, tax_record_clean: true, social_insurance_clean: true,
};

let srv;
let admin;
const org = {}; // position → id
const station = {}; // position → id
const flagItem = {}; // tier → a flag item id
const agents = {}; // role → agent

before(async () => {
	srv = await startServer();
	const r = await srv.cli(['import', 'divisions', '--from', FIXTURE]);
	assert.equal(r.code, 0, r.stderr);
	admin = await login(srv, 'admin', srv.adminPassword);
	let serial = 0;
	for (const [pos, code] of Object.entries(POSITIONS)) {
		const o = await admin.post('/api/v1/orgs', {
			type: 'social_org', name: `矩阵测试机构 ${pos}`, uscc: uscc('52', code.slice(0, 6), 500 + serial++),
			division_code: code, ...FACTS,
		});
		assert.equal(o.status, 201, o.text);
		org[pos] = o.json.id;
		for (const kind of ['governance', 'finance']) {
			const d = await admin.post(`/api/v1/orgs/${org[pos]}/documents`, { kind, title: kind });
			assert.equal(d.status, 201, d.text);
		}
		const s = await admin.post('/api/v1/stations', {
			division_code: code, tier: TIER_OF[code.length], name: `矩阵测试站点 ${pos}`,
			operation: 'contract', operator_org_id: org[pos],
		});
		assert.equal(s.status, 201, s.text);
		station[pos] = s.json.id;
	}
	const items = (await admin.get('/api/v1/readiness-items')).json.items;
	for (const tier of ['county', 'township', 'village']) flagItem[tier] = items.find((i) => i.tier === tier && i.kind === 'flag').id;
	const scopes = {
		civil_affairs: { divisions: [POSITIONS.own] },
		township: { divisions: [POSITIONS.own] },
		provider: { orgs: [org.own] },
		evaluator: { orgs: [org.own] },
		social_worker: { stations: [station.own] },
		mentor: { stations: [station.own] },
	};
	agents.admin = admin;
	for (const role of ROLES.filter((x) => x !== 'admin')) {
		const { password } = await createUser(admin, `mx_${role}`, { role, scope: scopes[role] });
		agents[role] = await login(srv, `mx_${role}`, password);
	}
});
after(() => srv?.stop());

const SUBTREE = new Set(['own', 'child']);
/** Whether role sees the object of kind ('org' | 'station' | 'coverage') at pos. */
function visible(role, kind, pos) {
	switch (role) {
		case 'admin':
		case 'audit_admin':
			return true;
		case 'civil_affairs':
		case 'township':
			return SUBTREE.has(pos);
		case 'provider': // its organisation, and the stations it operates
			return kind !== 'coverage' && pos === 'own';
		case 'evaluator':
			return kind === 'org' && pos === 'own';
		case 'social_worker':
		case 'mentor':
			return kind === 'station' && pos === 'own';
		default:
			throw new Error(role);
	}
}

/** Every endpoint on one object: method, path, body, the roles its policy
 * admits (null: every signed-in role) and the status of a success. */
const ENDPOINTS = [
	{ kind: 'org', method: 'get', path: (p) => `/api/v1/orgs/${org[p]}`, ok: 200 },
	{ kind: 'org', method: 'get', path: (p) => `/api/v1/orgs/${org[p]}/eligibility?role=provider`, ok: 200 },
	{ kind: 'org', method: 'patch', path: (p) => `/api/v1/orgs/${org[p]}`, body: () => ({ past_projects: 3 }), roles: ['admin', 'civil_affairs'], ok: 200 },
	{ kind: 'org', method: 'post', path: (p) => `/api/v1/orgs/${org[p]}/documents`, body: () => ({ kind: 'other', title: '矩阵' }), roles: ['admin', 'civil_affairs'], ok: 201 },
	{ kind: 'org', method: 'post', path: (p) => `/api/v1/orgs/${org[p]}/unmask`, body: () => ({ reason: '矩阵测试' }), roles: ['admin', 'civil_affairs'], ok: 400 /* not an individual: found, refused */ },
	{ kind: 'station', method: 'get', path: (p) => `/api/v1/stations/${station[p]}`, ok: 200 },
	{ kind: 'station', method: 'patch', path: (p) => `/api/v1/stations/${station[p]}`, body: () => ({ brand: '矩阵品牌' }), roles: ['admin', 'civil_affairs'], ok: 200 },
	{
		kind: 'station', method: 'put',
		path: (p) => `/api/v1/stations/${station[p]}/readiness/${flagItem[TIER_OF[POSITIONS[p].length]]}`,
		body: () => ({ met: true, note: '矩阵' }), roles: ['admin', 'civil_affairs', 'provider'], ok: 200,
	},
	{ kind: 'coverage', method: 'get', path: (p) => `/api/v1/divisions/${POSITIONS[p]}/coverage`, ok: 200 },
];

describe('scope matrix: roles × {own, child, parent, sibling, unrelated} × endpoints', () => {
	for (const role of ROLES) {
		test(`${role}: every endpoint, every position`, async () => {
			const agent = agents[role];
			const deviations = [];
			for (const e of ENDPOINTS) {
				for (const pos of Object.keys(POSITIONS)) {
					const allowed = !e.roles || e.roles.includes(role);
					const want = !allowed ? 403 : visible(role, e.kind, pos) ? e.ok : 404;
					const url = e.path(pos);
					const res = await agent[e.method](url, e.body?.());
					if (res.status !== want) deviations.push(`${e.method.toUpperCase()} ${url} (${pos}): ${res.status}, want ${want} ${res.status >= 400 ? res.text.slice(0, 120) : ''}`);
				}
			}
			assert.deepEqual(deviations, []);
		});

		test(`${role}: lists hold exactly the objects in the scope`, async () => {
			const agent = agents[role];
			for (const [kind, url, ids] of [['org', '/api/v1/orgs?limit=200', org], ['station', '/api/v1/stations?limit=200', station]]) {
				const res = await agent.get(url);
				assert.equal(res.status, 200, res.text);
				const got = new Set(res.json.items.map((x) => x.id));
				const want = Object.keys(POSITIONS).filter((p) => visible(role, kind, p));
				const seen = Object.keys(POSITIONS).filter((p) => got.has(ids[p]));
				assert.deepEqual(seen, want, `${role} ${url}`);
			}
		});
	}
});
