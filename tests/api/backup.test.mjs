// shegong backup / restore (R-OPS-1, issue 3), on the backend under test:
// an online backup while the server keeps serving, each followed by a check
// of the audit chain; a restore into an empty database serves the same data.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { expectOk } from '../lib/check.mjs';
import { createUser, strongPassword } from '../lib/fixtures.mjs';
import { IS_PG, login, newDatabase, run, sqlOn, startServer } from '../lib/server.mjs';

let srv;
const admin = () => login(srv, 'admin', srv.adminPassword);
const cleanups = [];

before(async () => {
	srv = await startServer();
});
after(async () => {
	for (const c of cleanups.reverse()) await c();
	await srv?.stop();
});

/** Runs a subcommand against a database other than the server's. */
const cliOn = (db, args, opts = {}) =>
	run([...args, '--db', db, '--key-file', srv.keyFile], { ...opts, env: { SHEGONG_CLOCK_FILE: '' } });

describe('backup', () => {
	test('an online backup while requests are served, then its chain is verified', async () => {
		const a = await admin();
		const pw = strongPassword('bk');
		await createUser(a, 'kept_user', { role: 'audit_admin', password: pw });
		const target = path.join(srv.dir, 'backup-1');
		// requests keep flowing while the backup runs
		const load = Promise.all(Array.from({ length: 40 }, () => a.get('/api/v1/me')));
		const res = await srv.cli(['backup', target]);
		for (const r of await load) expectOk(r, 200);
		assert.equal(res.code, 0, res.stderr);
		assert.match(res.stdout, /backup written to/);
		assert.match(res.stdout, /audit chain ok: \d+ entries/);
		assert.ok(fs.statSync(target).size > 0);
		if (!IS_PG) assert.equal(fs.statSync(target).mode & 0o077, 0, 'the backup is readable by its owner only');
	});

	test('a backup never overwrites an existing file', async () => {
		const target = path.join(srv.dir, 'backup-exists');
		fs.writeFileSync(target, 'precious');
		const res = await srv.cli(['backup', target]);
		assert.notEqual(res.code, 0);
		assert.match(res.stderr, /already exists/);
		assert.equal(fs.readFileSync(target, 'utf8'), 'precious');
	});

	test('wrong usage exits 2', async () => {
		assert.equal((await srv.cli(['backup'])).code, 2);
		assert.equal((await srv.cli(['restore'])).code, 2);
	});
});

describe('restore', () => {
	test('into an empty database: verified, and a server on it has the same accounts', async () => {
		const a = await admin();
		const pw = strongPassword('rs');
		const { user } = await createUser(a, 'restored_user', { role: 'audit_admin', password: pw });
		const target = path.join(srv.dir, 'backup-2');
		assert.equal((await srv.cli(['backup', target])).code, 0);

		const fresh = await newDatabase(srv.dir);
		cleanups.push(fresh.drop);
		const res = await cliOn(fresh.db, ['restore', target]);
		assert.equal(res.code, 0, res.stderr);
		assert.match(res.stdout, /audit chain ok/);
		const list = await cliOn(fresh.db, ['user', 'list']);
		assert.match(list.stdout, /restored_user/);
		const verify = await cliOn(fresh.db, ['verify']);
		assert.equal(verify.code, 0, verify.stdout);
		// the restored data is the backup's: same user id
		const ids = await sqlOn(fresh.db, "SELECT id FROM users WHERE username = 'restored_user'");
		assert.equal(ids.stdout.trim(), String(user.id));
	});

	test('refuses a database that has accounts unless --force', async () => {
		const target = path.join(srv.dir, 'backup-3');
		assert.equal((await srv.cli(['backup', target])).code, 0);
		const other = await newDatabase(srv.dir);
		cleanups.push(other.drop);
		assert.equal((await cliOn(other.db, ['init'])).code, 0);
		const refused = await cliOn(other.db, ['restore', target]);
		assert.notEqual(refused.code, 0);
		assert.match(refused.stderr, /--force/);
		const forced = await cliOn(other.db, ['restore', target, '--force']);
		assert.equal(forced.code, 0, forced.stderr);
		assert.match((await cliOn(other.db, ['user', 'list'])).stdout, /kept_user/);
	});

	test('a restore of a tampered backup says the chain is broken and exits non-zero', { skip: IS_PG && 'the custom-format dump is not edited in place' }, async () => {
		const target = path.join(srv.dir, 'backup-4');
		assert.equal((await srv.cli(['backup', target])).code, 0);
		const t = await sqlOn(target, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'x' WHERE id = 2;");
		assert.equal(t.code, 0, t.stderr);
		const fresh = await newDatabase(srv.dir);
		const res = await cliOn(fresh.db, ['restore', target]);
		assert.notEqual(res.code, 0);
		assert.match(res.stdout, /audit chain broken at entry 2/);
	});

	test('a missing backup file is a clear error and changes nothing', async () => {
		const fresh = await newDatabase(srv.dir);
		cleanups.push(fresh.drop);
		const res = await cliOn(fresh.db, ['restore', path.join(srv.dir, 'no-such-backup')]);
		assert.notEqual(res.code, 0);
		assert.doesNotMatch(res.stderr + res.stdout, /SQLITE|\.c:/);
	});
});
