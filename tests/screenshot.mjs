// screenshot.mjs — makes docs/screenshot.png for the README: the coverage
// dashboard of 綦江区 on a fresh `shegong init --demo` database, signed in
// as the demo's civil affairs clerk. Run from the repository after `make`:
//
//   node tests/screenshot.mjs
//
// Debian's Chromium, a server on a free port of 127.0.0.1, a temporary
// directory removed afterwards; nothing else is touched.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(REPO, 'build/shegong');
const OUT = join(REPO, 'docs/screenshot.png');

const dir = await mkdtemp(join(tmpdir(), 'shegong-shot-'));
const files = ['--db', join(dir, 'd.db'), '--key-file', join(dir, 'd.key')];
let server;
let browser;
try {
	const init = await promisify(execFile)(BIN, ['init', '--demo', ...files]);
	const password = /username: qijiang\npassword: (\S+)/.exec(init.stdout)?.[1];
	if (!password) throw new Error('init --demo printed no password for qijiang');

	server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', ...files], { stdio: ['ignore', 'ignore', 'pipe'] });
	const [line] = await once(createInterface({ input: server.stderr }), 'line');
	const listen = JSON.parse(line).listen;
	const url = `http://${listen}`;

	browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
	await page.goto(`${url}/login`);
	await page.getByLabel('用户名').fill('qijiang');
	await page.getByLabel('密码').fill(password);
	await page.getByRole('button', { name: '登录' }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/login'));
	await page.goto(`${url}/coverage?division=500110`);
	await page.locator('canvas').first().waitFor();
	await page.waitForTimeout(800); // the chart's entry animation
	await page.screenshot({ path: OUT });
	console.log(`wrote ${OUT}`);
} finally {
	await browser?.close();
	server?.kill('SIGTERM');
	if (server) await once(server, 'exit');
	await rm(dir, { recursive: true, force: true });
}
