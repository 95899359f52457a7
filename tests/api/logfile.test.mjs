// The log file and SIGHUP (issue 8; OPERATIONS "Logs"): with
// SHEGONG_LOG_FILE the server appends its lines to that file, and on SIGHUP
// opens the path again, so that logrotate can rename the file and the next
// lines go to a new one.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { BIN, newDatabase, parseJson, run, tempDir } from '../lib/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];
after(async () => {
	for (const c of cleanups.reverse()) await c();
});

/** The JSON lines of a file ([] while it does not exist). */
function lines(file) {
	if (!fs.existsSync(file)) return [];
	return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(parseJson);
}

/** The first line of file for which pred holds, waiting up to 5 s. */
async function waitLine(file, pred) {
	for (let i = 0; i < 100; i++) {
		const hit = lines(file).find((j) => j && pred(j));
		if (hit) return hit;
		await sleep(50);
	}
	throw new Error(`no such line in ${path.basename(file)}:\n${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(no file)'}`);
}

describe('the log file', () => {
	test('lines go to SHEGONG_LOG_FILE; after a rename and SIGHUP they go to a new file at the same path', async () => {
		const dir = tempDir();
		const { db, drop } = await newDatabase(dir);
		cleanups.push(drop);
		const key = path.join(dir, 't.key');
		const init = await run(['init', '--db', db, '--key-file', key]);
		assert.equal(init.code, 0, init.stderr);

		const log = path.join(dir, 'shegong.log');
		const child = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', '--db', db, '--key-file', key], {
			env: { ...process.env, SHEGONG_LOG_FILE: log },
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
		const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
		cleanups.push(() => child.kill('SIGKILL'));

		const listening = await waitLine(log, (j) => j.msg === 'listening');
		const url = `http://127.0.0.1:${String(listening.listen).split(':').pop()}`;
		assert.equal((await fetch(`${url}/api/v1/before-rotation`)).status, 404);
		await waitLine(log, (j) => j.msg === 'request' && j.path === '/api/v1/before-rotation');
		assert.equal(fs.statSync(log).mode & 0o777, 0o600, 'the log file is private');

		// logrotate: rename, then SIGHUP
		fs.renameSync(log, `${log}.1`);
		child.kill('SIGHUP');
		await waitLine(log, (j) => j.msg === 'log reopened');
		assert.equal((await fetch(`${url}/api/v1/after-rotation`)).status, 404);
		await waitLine(log, (j) => j.msg === 'request' && j.path === '/api/v1/after-rotation');

		const old = lines(`${log}.1`);
		assert.ok(old.some((j) => j.msg === 'request' && j.path === '/api/v1/before-rotation'));
		assert.ok(!old.some((j) => j.path === '/api/v1/after-rotation'), 'nothing new in the renamed file');
		assert.ok(!lines(log).some((j) => j.path === '/api/v1/before-rotation'), 'the new file starts after the rotation');

		// A SIGHUP without a rename keeps writing to the same file; SIGTERM still stops.
		child.kill('SIGHUP');
		await sleep(100);
		child.kill('SIGTERM');
		const end = await exited;
		assert.deepEqual(end, { code: 0, signal: null }, stderr);
		await waitLine(log, (j) => j.msg === 'stopped');
		assert.equal(lines(log).filter((j) => j.msg === 'log reopened').length, 2);
		assert.doesNotMatch(stderr, /"msg":"request"/, 'no access log on standard error');
	});

	test('a log file that cannot be opened stops serve with a message', async () => {
		const dir = tempDir();
		const { db, drop } = await newDatabase(dir);
		cleanups.push(drop);
		const key = path.join(dir, 't.key');
		assert.equal((await run(['init', '--db', db, '--key-file', key])).code, 0);
		const r = await run(['serve', '--listen', '127.0.0.1:0', '--db', db, '--key-file', key, '--log-file', path.join(dir, 'no/such/dir/x.log')]);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /cannot open the log file/);
	});
});
