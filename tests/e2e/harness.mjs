// harness.mjs — what the browser tests share: a real shegong server on a
// fresh database, Debian's Chromium driven by playwright-core, a small
// API client for setting up data, and the axe check.
//
// The binary is $SHEGONG_BIN, or build/shegong of this repository; it
// serves the UI it embedded from web/dist when it was built.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = process.env.SHEGONG_BIN
  ? resolve(process.env.SHEGONG_BIN)
  : join(REPO, 'build/shegong');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Resolve with the first line `stream` prints, or reject after `ms`. */
function firstLine(stream, ms) {
  return new Promise((resolveLine, reject) => {
    const lines = createInterface({ input: stream });
    const finish = (settle, value) => {
      clearTimeout(timer);
      lines.removeAllListeners();
      lines.close();
      settle(value);
    };
    const timer = setTimeout(
      () => finish(reject, new Error(`shegong serve said nothing within ${ms} ms`)),
      ms,
    );
    lines.once('line', (line) => finish(resolveLine, line));
    lines.once('close', () => finish(reject, new Error('shegong serve exited before listening')));
  });
}

/**
 * Start `shegong serve` on a new database made by `shegong init` in a temp
 * directory; `env` adds variables to the environment of init, serve and
 * cli() (e.g. SHEGONG_HOLIDAYS_DIR: HOLIDAYS_FIXTURE, which init imports).
 * Returns { url, db, adminPassword, cli(args), stop() }; cli() runs another
 * shegong command on the same database, stop() ends the server and
 * removes the directory.
 */
export async function startServer({ env: extra = {} } = {}) {
  const env = { ...process.env, ...extra };
  const dir = await mkdtemp(join(tmpdir(), 'shegong-e2e-'));
  const files = ['--db', join(dir, 't.db'), '--key-file', join(dir, 't.key')];
  const { stdout } = await promisify(execFile)(BIN, ['init', ...files], { timeout: 30_000, env });
  const adminPassword = /^password:\s*(\S+)\s*$/m.exec(stdout)?.[1];
  if (!adminPassword) throw new Error(`shegong init printed no password:\n${stdout}`);
  // init prints "username: X" / "password: Y" for each of the three
  // officers (admin, secadmin, auditor)
  const passwords = {};
  for (const m of stdout.matchAll(/^username:\s*(\S+)\s*\npassword:\s*(\S+)\s*$/gm)) passwords[m[1]] = m[2];

  const server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0', ...files], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env,
  });
  const exited = once(server, 'exit');
  let listen;
  try {
    const line = await firstLine(server.stderr, 15_000);
    const log = JSON.parse(line);
    if (log.msg !== 'listening' || !log.listen)
      throw new Error(`unexpected first log line: ${line}`);
    listen = log.listen;
  } catch (err) {
    server.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  // Keep reading the log so that a full pipe never blocks the server.
  server.stderr.resume();

  return {
    url: `http://${listen}`,
    // the SQLite file, for rows other modules write (sqlite3 DB "…")
    db: join(dir, 't.db'),
    adminPassword,
    passwords,
    /** Run another shegong command on the server's database and key. */
    cli(args) {
      return promisify(execFile)(BIN, [...args, ...files], { timeout: 30_000, env });
    },
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless. playwright-core gives every launch a fresh
 * temporary profile (user-data-dir) and deletes it on close; no browser is
 * downloaded.
 */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A minimal API client for setting up test data: logs in as `username`
 * and sends JSON with the session cookie and CSRF token.
 */
export async function apiSession(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  return async function call(method, path, body) {
    const r = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

/**
 * A staff account with a role, made as the system makes one (三员分立): the
 * system administrator (`admin`, an apiSession) creates it without a role,
 * the security administrator (secadmin, made by init) assigns the role and
 * scope of body. Resolves like the call: {status, body} — 201 and the user
 * with its role, or the first refusal.
 */
export async function staffAccount(server, admin, body) {
  const { role, scope, ...account } = body;
  const made = await admin('POST', '/users', account);
  if (made.status !== 201 || !role) return made;
  const sec = await apiSession(server.url, 'secadmin', server.passwords.secadmin);
  const assigned = await sec('PUT', `/users/${made.body.id}/role`, scope ? { role, scope } : { role });
  return assigned.status === 200 ? { status: 201, body: assigned.body } : assigned;
}

/** The small divisions fixture (tests/fixtures/divisions): 北京市 and 重庆市. */
export const DIVISIONS_FIXTURE = join(REPO, 'tests/fixtures/divisions');

/** The holidays fixture (tests/fixtures/holidays, chinese-days): 2025 and 2026. */
export const HOLIDAYS_FIXTURE = join(REPO, 'tests/fixtures/holidays');

let stationsMade = 0;

/**
 * Create `n` village social work rooms through the API as `admin` (an
 * apiSession of an administrator) and return their ids: a social worker's
 * or mentor's scope may name only existing stations (R-ROLE-1). Imports
 * DIVISIONS_FIXTURE first with server.cli() unless it is there already.
 */
export async function makeStations(server, admin, n = 1) {
  const village = '500110001001';
  if ((await admin('GET', `/divisions/${village}`)).status === 404)
    await server.cli(['import', 'divisions', '--from', DIVISIONS_FIXTURE]);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const res = await admin('POST', '/stations', {
      division_code: village,
      tier: 'village',
      name: `测试社会工作室${++stationsMade}`,
    });
    if (res.status !== 201)
      throw new Error(`create a station: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  return ids;
}

/**
 * Run axe (WCAG 2.0/2.1 A and AA rules) on the page once its transitions
 * have ended (a half-faded element has no fair contrast) and return the
 * serious and critical violations, each as a readable line.
 */
export async function seriousViolations(page) {
  // Vue's transition classes, and any finite CSS animation or transition
  // still running (a message fading in has no fair contrast either;
  // spinners run forever and are left out).
  await page.waitForFunction(
    () =>
      !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]') &&
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity) &&
      // and no message toast is on screen: it lies over whatever is open
      // (a dialog's overlay included), where axe cannot tell its
      // background and reports its text; its colours are the theme's
      // (theme.css: success text on its tint is 5.3:1) and it goes in 3 s
      !document.querySelector('.el-message'),
  );
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/**
 * Open a select and pick the option `name` (typing `text` first if given).
 * On a loaded machine the previous list may still be closing, and an
 * option of it would be clicked instead: wait until none is shown (a
 * multiple select's list stays open between picks on purpose).
 */
export async function pick(page, select, name, text) {
  await page.locator('.el-select-dropdown:not(.is-multiple):visible').waitFor({ state: 'hidden' });
  await select.click();
  if (text) await page.keyboard.type(text);
  await page.getByRole('option', { name }).last().click();
}
