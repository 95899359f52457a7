// The command line: usage errors, init, user add/list/disable/passwd, verify.
// API-CONTRACT "CLI".

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk } from '../lib/check.mjs';
import { seedScopeObjects, strongPassword } from '../lib/fixtures.mjs';
import { IS_PG, PG_BASE, login, newDatabase, removeDir, run, sqlOn, startServer, tempDir, tryLogin } from '../lib/server.mjs';

let srv;
let admin;

before(async () => {
	srv = await startServer();
	admin = await login(srv, 'admin', srv.adminPassword);
});
after(() => srv?.stop());

async function apiUser(username) {
	const r = expectOk(await admin.get(`/api/v1/users?q=${encodeURIComponent(username)}&limit=200`));
	return r.items.find((u) => u.username === username);
}

describe('usage', () => {
	for (const args of [[], ['--bogus'], ['frobnicate'], ['serve', '--bogus'], ['init', '--nope'], ['user'], ['user', 'frob'], ['user', 'add']]) {
		test(`shegong ${args.join(' ') || '(no arguments)'} → exit 2 with usage`, async () => {
			const r = await run(args, { env: { SHEGONG_DB: path.join(srv.dir, 'never.db') } });
			assert.equal(r.code, 2, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
			assert.match(r.stdout + r.stderr, /usage/i);
			assert.ok(!fs.existsSync(path.join(srv.dir, 'never.db')), 'no database created on a usage error');
		});
	}

	test('shegong help → exit 0, usage on stdout naming the subcommands', async () => {
		const r = await run(['help']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /usage/i);
		for (const word of ['init', 'serve', 'user', 'verify']) assert.match(r.stdout, new RegExp(`\\b${word}\\b`));
	});

	test('shegong version → exit 0 and a version', async () => {
		const r = await run(['version']);
		assert.equal(r.code, 0, r.stderr);
		assert.ok(r.stdout.trim().length > 0);
	});
});

describe('init', () => {
	test('a fresh init prints "username: admin" and a generated password once; the key file is 0600', async () => {
		const dir = tempDir();
		const fresh = await newDatabase(dir); // SQLite: a new file; PostgreSQL: an empty database
		const key = path.join(dir, 'x.key');
		const r = await run(['init', '--db', fresh.db, '--key-file', key]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^username: admin$/m);
		const m = /^password: (\S+)$/m.exec(r.stdout);
		assert.ok(m, r.stdout);
		assert.ok([...m[1]].length >= 12, 'generated password of ≥ 12 characters');
		assert.ok(!r.stderr.includes(m[1]), 'the password is not on stderr');
		assert.equal(fs.statSync(key).mode & 0o777, 0o600, 'key file mode 0600');
		assert.ok(fs.statSync(key).size >= 16, 'key file holds a key');
		if (!IS_PG) assert.equal(fs.statSync(fresh.db).mode & 0o077, 0, 'database not readable by others');
		const v = await run(['verify', '--db', fresh.db, '--key-file', key]);
		assert.equal(v.code, 0, v.stderr);
		// two inits generate different passwords
		const dir2 = tempDir();
		const fresh2 = await newDatabase(dir2);
		const r2 = await run(['init', '--db', fresh2.db, '--key-file', path.join(dir2, 'x.key')]);
		assert.equal(r2.code, 0, r2.stderr);
		assert.notEqual(/^password: (\S+)$/m.exec(r2.stdout)?.[1], m[1]);
		await fresh.drop();
		await fresh2.drop();
		removeDir(dir);
		removeDir(dir2);
	});

	test('init on an existing database creates no second admin, prints no password and keeps the key', async (t) => {
		const keyBefore = fs.readFileSync(srv.keyFile);
		const r = await srv.cli(['init'], { flags: false });
		const again = await run(['init', '--db', srv.db, '--key-file', srv.keyFile]);
		t.diagnostic(`init on an existing database: exit ${again.code}; ${again.stdout.trim()} ${again.stderr.trim()}`);
		for (const x of [r, again]) {
			assert.doesNotMatch(x.stdout + x.stderr, /password:/i);
			assert.ok(x.code === 0 || x.code === 1, `exit ${x.code}`);
			assert.ok(x.code === 1 ? x.stderr.length > 0 : true, 'says why it refused');
		}
		assert.deepEqual(fs.readFileSync(srv.keyFile), keyBefore, 'the key file is untouched');
		const admins = expectOk(await admin.get('/api/v1/users?role=admin&limit=200')).items;
		assert.equal(admins.length, 1);
		expectOk((await tryLogin(srv, 'admin', srv.adminPassword)).res, 200);
	});

	test('init makes the three officers of 三员分立: admin, secadmin (security_admin), auditor (audit_admin), each password printed once', async () => {
		assert.deepEqual([...srv.initOutput.stdout.matchAll(/^username: (\S+)$/gm)].map((m) => m[1]), ['admin', 'secadmin', 'auditor']);
		assert.equal([...srv.initOutput.stdout.matchAll(/^password: \S{20}$/gm)].length, 3);
		for (const [name, role] of [['admin', 'admin'], ['secadmin', 'security_admin'], ['auditor', 'audit_admin']]) {
			const u = await apiUser(name);
			assert.equal(u?.role, role, name);
			expectOk((await tryLogin(srv, name, srv.passwords[name])).res);
		}
	});

	test('init --demo: accounts with their passwords once, the seed provinces\' divisions, organisations and stations', async () => {
		const dir = tempDir('shegong-demo-');
		const fresh = await newDatabase(dir);
		try {
			const r = await run(['init', '--demo', '--db', fresh.db, '--key-file', path.join(dir, 'k')], {
				env: { SHEGONG_DIVISIONS_DIR: path.resolve('tests/fixtures/divisions') },
			});
			assert.equal(r.code, 0, r.stderr);
			// Ningxia's and Baoshan's accounts need their divisions, absent here
			assert.deepEqual([...r.stdout.matchAll(/^username: (\S+)$/gm)].map((m) => m[1]), ['admin', 'secadmin', 'auditor', 'qijiang', 'qijiang_review', 'gunan', 'xinlianxin']);
			assert.equal([...r.stdout.matchAll(/^password: \S{20}$/gm)].length, 7);
			// the fixture holds Chongqing (50) but not Ningxia (64) or Shanghai (31)
			assert.match(r.stderr, /provinces 64,50,31: [1-9]\d* imported/);
			const n = await sqlOn(fresh.db, "SELECT COUNT(*) FROM divisions WHERE code LIKE '50%'");
			assert.ok(Number(n.stdout.trim()) > 0, n.stdout);
			// Qijiang's organisations, and the stations whose divisions the fixture has:
			// the guidance center, 古南 and 文龙 (demonstration) and 古南's community rooms
			const orgs = await sqlOn(fresh.db, "SELECT name FROM orgs WHERE name LIKE '%心连心%' OR name LIKE '%齐跃%' OR name LIKE '%仁怀%' ORDER BY id");
			assert.equal(orgs.stdout.trim().split('\n').length, 3, orgs.stdout);
			const st = await sqlOn(fresh.db, 'SELECT tier, demonstration, working FROM stations ORDER BY id');
			assert.deepEqual(st.stdout.trim().split('\n'), ['county|0|1', 'township|1|1', 'township|1|1', 'village|0|1', 'village|0|1']);
			// the purchases (issue 9) of the townships the fixture has: 古南's
			// awarded long ago, its contract signed and the project closed;
			// 文龙's awarded today with an objection waiting
			const pj = await sqlOn(fresh.db, "SELECT p.state || '|' || t.status || '|' || a.status FROM projects p JOIN tenders t ON t.project_id = p.id JOIN awards a ON a.tender_id = t.id ORDER BY p.id");
			assert.deepEqual(pj.stdout.trim().split('\n'), ['closed|awarded|in_notice', 'procuring|awarded|in_notice']);
			const signed = await sqlOn(fresh.db, "SELECT COUNT(*) FROM contracts WHERE status = 'signed'");
			assert.equal(signed.stdout.trim(), '1');
			const bids = await sqlOn(fresh.db, "SELECT COUNT(*) FROM bids b JOIN orgs o ON o.id = b.org_id WHERE o.name LIKE '%诚信缺失%'");
			assert.equal(bids.stdout.trim(), '0', 'the ineligible bidder was refused');
			const obj = await sqlOn(fresh.db, "SELECT status FROM objections");
			assert.equal(obj.stdout.trim(), 'pending');
			const plan = await sqlOn(fresh.db, "SELECT status FROM plans");
			assert.equal(plan.stdout.trim(), 'published');
			// 古南's volunteers (issue 10), invented: every ID number of sequence 000,
			// every one paired but two, registered by 心连心's staff
			const vol = await sqlOn(fresh.db, "SELECT COUNT(*) || '|' || SUM(CASE WHEN substr(id_number_mask, 15, 3) = '000' THEN 1 ELSE 0 END) FROM volunteers");
			assert.equal(vol.stdout.trim(), '7|7');
			const pairs = await sqlOn(fresh.db, 'SELECT COUNT(DISTINCT volunteer_id) FROM volunteer_pairs');
			assert.equal(pairs.stdout.trim(), '5');
			const by = await sqlOn(fresh.db, "SELECT DISTINCT actor FROM audit_log WHERE action = 'volunteer.create'");
			assert.equal(by.stdout.trim(), 'xinlianxin');
		} finally {
			await fresh.drop();
			removeDir(dir);
		}
	});
});

describe('user', () => {
	let password;

	test('user add NAME --role civil_affairs --division 500110 (password on stdin) → exit 0; the user logs in', async () => {
		password = strongPassword('cli');
		const r = await srv.cli(['user', 'add', 'cli_u', '--role', 'civil_affairs', '--display-name', '命令行 用户', '--division', '500110'], {
			input: `${password}\n`,
		});
		assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
		assert.ok(!(r.stdout + r.stderr).includes(password), 'the password is not echoed');
		const u = await apiUser('cli_u');
		assert.ok(u, 'created');
		assert.equal(u.role, 'civil_affairs');
		assert.equal(u.display_name, '命令行 用户');
		assert.deepEqual(u.scope.divisions, ['500110']);
		const a = await login(srv, 'cli_u', password); // the trailing newline is not part of the password
		expectOk(await a.get('/api/v1/me'));
	});

	test('user add with --org and repeated --station', async () => {
		await seedScopeObjects(srv); // organisation 3, stations 7 and 8 exist (R-ROLE-1)
		let r = await srv.cli(['user', 'add', 'cli_prov', '--role', 'provider', '--org', '3'], { input: `${strongPassword()}\n` });
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual((await apiUser('cli_prov')).scope.orgs, [3]);
		r = await srv.cli(['user', 'add', 'cli_sw', '--role', 'social_worker', '--station', '7', '--station', '8'], {
			input: `${strongPassword()}\n`,
		});
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual([...(await apiUser('cli_sw')).scope.stations].sort(), [7, 8]);
	});

	test('user add naming a missing organisation or station → non-zero exit naming it, nothing created (R-ROLE-1)', async () => {
		await seedScopeObjects(srv);
		for (const [args, item] of [
			[['user', 'add', 'cli_noorg', '--role', 'provider', '--org', '5'], /scope\.orgs (item 1|第 1 项)/],
			[['user', 'add', 'cli_nost', '--role', 'social_worker', '--station', '7', '--station', '99'], /scope\.stations (item 2|第 2 项)/],
		]) {
			const before = expectOk(await admin.get('/api/v1/users?limit=200')).items.length;
			const r = await srv.cli(args, { input: `${strongPassword()}\n` });
			assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}: ${r.stdout}\n${r.stderr}`);
			assert.match(r.stderr, item);
			assert.match(r.stderr, /no such|不存在/);
			assert.equal(expectOk(await admin.get('/api/v1/users?limit=200')).items.length, before);
			assert.equal(await apiUser(args[2]), undefined);
		}
	});

	test('user add with a CJK password from stdin', async () => {
		const pw = '社会工作服务质量评估体系';
		const r = await srv.cli(['user', 'add', 'cli_cjk', '--role', 'audit_admin'], { input: `${pw}\n` });
		assert.equal(r.code, 0, r.stderr);
		expectOk((await tryLogin(srv, 'cli_cjk', pw)).res, 200);
	});

	for (const [what, args, input] of [
		['a short password', ['user', 'add', 'cli_short', '--role', 'audit_admin'], 'short-pw-11\n'],
		['a common password', ['user', 'add', 'cli_common', '--role', 'audit_admin'], 'password1234\n'],
		['no password at all', ['user', 'add', 'cli_nopw', '--role', 'audit_admin'], ''],
		['an unknown role', ['user', 'add', 'cli_role', '--role', 'root'], `${strongPassword()}\n`],
		['a role without its scope', ['user', 'add', 'cli_noscope', '--role', 'township'], `${strongPassword()}\n`],
		['a bad division code', ['user', 'add', 'cli_baddiv', '--role', 'township', '--division', '12345'], `${strongPassword()}\n`],
		['a bad username', ['user', 'add', 'Bad Name', '--role', 'audit_admin'], `${strongPassword()}\n`],
		['a taken username', ['user', 'add', 'admin', '--role', 'audit_admin'], `${strongPassword()}\n`],
	]) {
		test(`user add with ${what} → non-zero exit, nothing created`, async () => {
			const before = expectOk(await admin.get('/api/v1/users?limit=200')).items.length;
			const r = await srv.cli(args, { input });
			assert.notEqual(r.code, 0, `${r.stdout}\n${r.stderr}`);
			assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}`);
			assert.ok(r.stderr.length > 0, 'an error message on stderr');
			if (input.trim()) assert.ok(!(r.stdout + r.stderr).includes(input.trim()), 'the password is not echoed');
			assert.equal(expectOk(await admin.get('/api/v1/users?limit=200')).items.length, before);
		});
	}

	test('user list shows every user', async () => {
		const r = await srv.cli(['user', 'list']);
		assert.equal(r.code, 0, r.stderr);
		for (const name of ['admin', 'cli_u', 'cli_prov', 'cli_sw']) assert.match(r.stdout, new RegExp(`\\b${name}\\b`));
		assert.doesNotMatch(r.stdout, /\$argon2/);
	});

	test('user list works with SHEGONG_DB / SHEGONG_KEY_FILE and no flags', async () => {
		const r = await srv.cli(['user', 'list'], { flags: false });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /\bcli_u\b/);
	});

	test('user passwd NAME (stdin) → exit 0; only the new password works; sessions end', async () => {
		const a = await login(srv, 'cli_u', password);
		const next = strongPassword('clinext');
		const r = await srv.cli(['user', 'passwd', 'cli_u'], { input: `${next}\n` });
		assert.equal(r.code, 0, r.stderr);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		expectError((await tryLogin(srv, 'cli_u', password)).res, 401, 'unauthorized');
		expectOk((await tryLogin(srv, 'cli_u', next)).res, 200);
		password = next;
		const weak = await srv.cli(['user', 'passwd', 'cli_u'], { input: 'short-pw-11\n' });
		assert.notEqual(weak.code, 0);
		expectOk((await tryLogin(srv, 'cli_u', next)).res, 200);
	});

	test('user disable NAME → exit 0; the running server refuses the user and ends their session', async () => {
		const a = await login(srv, 'cli_u', password);
		const r = await srv.cli(['user', 'disable', 'cli_u']);
		assert.equal(r.code, 0, r.stderr);
		expectError(await a.get('/api/v1/me'), 401, 'unauthorized');
		expectError((await tryLogin(srv, 'cli_u', password)).res, 401, 'unauthorized');
		assert.equal((await apiUser('cli_u')).disabled, true);
		const listed = await srv.cli(['user', 'list']);
		assert.match(listed.stdout, /cli_u.*disabled|disabled.*cli_u/i);
	});

	test('user add makes officers too (the command line acts as "system"): security_admin and audit_admin accounts sign in with their roles', async () => {
		for (const [name, role] of [['cli_sec', 'security_admin'], ['cli_aud', 'audit_admin'], ['cli_adm', 'admin']]) {
			const pw = strongPassword('cliofficer');
			const r = await srv.cli(['user', 'add', name, '--role', role], { input: `${pw}\n` });
			assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
			const me = expectOk(await (await login(srv, name, pw)).get('/api/v1/me'));
			assert.equal(me.user.role, role);
		}
		// an officer takes no scope
		const bad = await srv.cli(['user', 'add', 'cli_sec2', '--role', 'security_admin', '--division', '500110'], { input: `${strongPassword()}\n` });
		assert.notEqual(bad.code, 0, `${bad.stdout}\n${bad.stderr}`);
		assert.equal(await apiUser('cli_sec2'), undefined);
	});

	test('user disable of an unknown name → exit 1', async () => {
		const r = await srv.cli(['user', 'disable', 'no_such_user_cli']);
		assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
	});

	test('CLI writes are audited (actor "system")', async () => {
		const auditor = await login(srv, 'auditor', srv.passwords.auditor);
		const items = expectOk(await auditor.get('/api/v1/audit?limit=200')).items;
		const id = String((await apiUser('cli_u')).id);
		const mine = items.filter((x) => x.object_id === id && x.actor === 'system');
		assert.ok(mine.length >= 3, `add, passwd and disable of cli_u: ${JSON.stringify(mine)}`);
	});

	test('verify → exit 0 "audit chain ok: N entries"', async () => {
		const r = await srv.cli(['verify']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /^audit chain ok: \d+ entries$/m);
	});

	test('a database that does not exist → exit 1 and a message, not a new empty database', async () => {
		if (IS_PG) {
			const name = `t_missing_${process.pid}`;
			const missing = `${PG_BASE}${name}`;
			const r = await srv.cli(['user', 'list'], { db: missing });
			assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
			assert.ok(r.stderr.length > 0);
			const v = await srv.cli(['verify'], { db: missing });
			assert.notEqual(v.code, 0);
			// init works on an existing empty database only: it does not create one
			const i = await run(['init', '--db', missing, '--key-file', path.join(srv.dir, 'missing.key')]);
			assert.equal(i.code, 1, `${i.stdout}\n${i.stderr}`);
			assert.doesNotMatch(i.stdout, /password:/);
			const exists = await sqlOn(`${PG_BASE}postgres`, `SELECT count(*) FROM pg_database WHERE datname = '${name}';`);
			assert.equal(exists.code, 0, exists.stderr);
			assert.equal(exists.stdout.trim(), '0', 'no database created');
			return;
		}
		const missing = path.join(srv.dir, 'missing', 'none.db');
		const r = await srv.cli(['user', 'list'], { db: missing });
		assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
		assert.ok(r.stderr.length > 0);
		assert.ok(!fs.existsSync(missing));
		const v = await srv.cli(['verify'], { db: path.join(srv.dir, 'none.db') });
		assert.notEqual(v.code, 0);
		assert.ok(!fs.existsSync(path.join(srv.dir, 'none.db')), 'verify does not create a database');
	});
});
