// tests/lib/server.mjs — start a real `shegong serve` process for the API tests.
//
//   const srv = await startServer();
//   after(() => srv.stop());
//   const admin = await login(srv, 'admin', srv.adminPassword);
//   const r = await admin.get('/api/v1/me');      // {status, headers, json, text}
//
// Every server lives in its own temporary directory (database, key file and
// the SHEGONG_CLOCK_FILE), listens on 127.0.0.1:0 and is killed when the test
// process exits, whatever way it exits. Nothing is shared between test files,
// so the files may run in parallel.
//
// Backends: with SHEGONG_TEST_PG set to a PostgreSQL base URL ending in "/"
// (postgres://user@127.0.0.1:PORT/, as scripts/pg-cluster prints it), every
// server gets a fresh database t_<random> on that cluster, dropped again by
// stop(); otherwise a SQLite file in the temporary directory. srv.backend
// says which ('sqlite' | 'postgres'), srv.sql(text) runs SQL on the
// server's database either way, and startServer({sameDbAs: srv}) (or
// srv.spawnAnother()) starts a second server on the same database.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.SHEGONG_BIN || path.join(REPO, 'build/shegong');

/** PostgreSQL base URL (ends in "/"), or '' for SQLite. */
export const PG_BASE = process.env.SHEGONG_TEST_PG || '';
if (PG_BASE && !/^postgres(ql)?:\/\/.*\/$/.test(PG_BASE)) {
	throw new Error(`SHEGONG_TEST_PG must be a postgres:// URL ending in "/": ${PG_BASE}`);
}
/** 'sqlite' or 'postgres': the backend every startServer() uses. */
export const BACKEND = PG_BASE ? 'postgres' : 'sqlite';
export const IS_PG = BACKEND === 'postgres';
/** For test(name, {skip: …}): a reason on PostgreSQL, false on SQLite. */
export const onlySqlite = (why) => (IS_PG ? `SQLite only: ${why}` : false);
/** For test(name, {skip: …}): a reason on SQLite, false on PostgreSQL. */
export const onlyPostgres = (why) => (IS_PG ? false : `PostgreSQL only (runs when SHEGONG_TEST_PG is set): ${why}`);

// ---------------------------------------------------------------- cleanup --

const children = new Set(); // live child processes
const dirs = new Set(); // temp dirs still to remove
const pgDatabases = new Set(); // PostgreSQL databases still to drop

function cleanupSync() {
	for (const child of children) {
		try {
			child.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
	children.clear();
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	dirs.clear();
	for (const name of pgDatabases) {
		spawnSync('psql', [...PSQL_FLAGS, '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, `${PG_BASE}postgres`], {
			stdio: 'ignore',
			timeout: 10000,
		});
	}
	pgDatabases.clear();
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(sig, () => {
		cleanupSync();
		process.exit(128 + os.constants.signals[sig]);
	});
}

/** A fresh temporary directory, removed at process exit at the latest. */
export function tempDir(prefix = 'shegong-api-') {
	const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	dirs.add(d);
	return d;
}

export function removeDir(d) {
	fs.rmSync(d, { recursive: true, force: true });
	dirs.delete(d);
}

// -------------------------------------------------------------- processes --

/**
 * Run the binary to completion.
 * @returns {Promise<{code:number|null, signal:string|null, stdout:string, stderr:string}>}
 */
export function run(args, { input, env = {}, timeout = 20000, bin = BIN } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, {
			env: { ...process.env, ...env },
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		children.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
		child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
		child.on('error', (e) => {
			clearTimeout(timer);
			children.delete(child);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			children.delete(child);
			resolve({ code, signal, stdout, stderr });
		});
		child.stdin.on('error', () => {}); // the program may not read stdin
		if (input !== undefined) child.stdin.end(input);
		else child.stdin.end();
	});
}

// -------------------------------------------------------------- databases --

const PSQL_FLAGS = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At'];

/** true for a postgres:// URL, false for a SQLite path. */
export function isPgUrl(db) {
	return /^postgres(ql)?:\/\//.test(db);
}

/**
 * Run SQL on a database with the engine's own client: `sqlite3 DB` for a
 * file, `psql -v ON_ERROR_STOP=1 -At -c` for a postgres:// URL (several
 * statements in one text run in one transaction there).
 * @returns {Promise<{code:number|null, signal:string|null, stdout:string, stderr:string}>}
 */
export function sqlOn(db, text, { timeout = 20000 } = {}) {
	if (isPgUrl(db)) return run([...PSQL_FLAGS, '-c', text, db], { bin: 'psql', timeout });
	return run([db, text], { bin: 'sqlite3', timeout });
}

function randomName(prefix = 't_') {
	return `${prefix}${crypto.randomBytes(6).toString('hex')}`;
}

/** DROP DATABASE name (PostgreSQL), ending its connections. */
export async function dropDatabase(name) {
	const r = await sqlOn(`${PG_BASE}postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
	pgDatabases.delete(name);
	if (r.code !== 0) throw new Error(`DROP DATABASE ${name} failed: ${r.stderr}`);
}

/** CREATE DATABASE name [TEMPLATE template] on the test cluster; dropped at exit at the latest. */
async function createPgDatabase(name, template) {
	const r = await sqlOn(`${PG_BASE}postgres`, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
	if (r.code !== 0) throw new Error(`CREATE DATABASE ${name} failed: ${r.stderr}`);
	pgDatabases.add(name);
	return `${PG_BASE}${name}`;
}

/**
 * A new empty database of the current backend, for `shegong init`:
 * {db (path or URL), name, drop()}. SQLite: a file name in dir (not
 * created); PostgreSQL: CREATE DATABASE t_<random>.
 */
export async function newDatabase(dir) {
	if (!IS_PG) {
		const name = randomName('x_');
		return { db: path.join(dir, `${name}.db`), name, drop: async () => {} };
	}
	const name = randomName();
	const db = await createPgDatabase(name);
	return { db, name, drop: () => dropDatabase(name) };
}

/** The name of a database on the test cluster, from its URL. */
function pgName(url) {
	return new URL(url).pathname.slice(1);
}

// ---------------------------------------------------------------- servers --

/**
 * Start a server on a fresh database.
 *
 * @param {object} [o]
 * @param {object} [o.env]       extra environment for init and serve
 * @param {string[]} [o.initArgs] extra arguments for `init` (e.g. ['--demo'])
 * @param {string[]} [o.serveArgs] extra arguments for `serve`
 * @param {object} [o.sameDbAs]  another server: serve its database (its key
 *   file, clock file and environment too) without running init. Its stop()
 *   only stops this process; the first server owns the database.
 */
export async function startServer({ env = {}, initArgs = [], serveArgs = [], sameDbAs } = {}) {
	const owner = !sameDbAs;
	let dir, db, keyFile, clockFile, baseEnv, clock, init, adminPassword, passwords, dbName;
	if (sameDbAs) {
		({ dir, db, keyFile, clockFile, adminPassword, passwords, dbName } = sameDbAs);
		clock = sameDbAs._clock;
		baseEnv = { ...sameDbAs.env, ...env };
		init = null;
	} else {
		dir = tempDir();
		keyFile = path.join(dir, 't.key');
		clockFile = path.join(dir, 'clock');
		clock = { offset: 0 };
		fs.writeFileSync(clockFile, '0\n');
		baseEnv = { SHEGONG_CLOCK_FILE: clockFile, ...env };
		try {
			if (IS_PG) {
				dbName = randomName();
				db = await createPgDatabase(dbName);
			} else {
				db = path.join(dir, 't.db');
			}
			init = await run(['init', '--db', db, '--key-file', keyFile, ...initArgs], { env: baseEnv });
		} catch (e) {
			if (dbName) await dropDatabase(dbName).catch(() => {});
			removeDir(dir);
			throw e;
		}
		const m = /^password:\s*(\S+)\s*$/m.exec(init.stdout);
		if (init.code !== 0 || !m) {
			if (dbName) await dropDatabase(dbName).catch(() => {});
			removeDir(dir);
			throw new Error(`shegong init failed (exit ${init.code}):\n${init.stdout}\n${init.stderr}`);
		}
		adminPassword = m[1];
		// init prints "username: X" / "password: Y" for each account it
		// makes: the three officers (admin, secadmin, auditor), then the
		// demo's.
		passwords = {};
		for (const a of init.stdout.matchAll(/^username:\s*(\S+)\s*\npassword:\s*(\S+)\s*$/gm)) passwords[a[1]] = a[2];
	}
	const copies = []; // databases made by copyDb(), dropped by stop()

	const child = spawn(
		BIN,
		['serve', '--listen', '127.0.0.1:0', '--db', db, '--key-file', keyFile, ...serveArgs],
		{ env: { ...process.env, ...baseEnv }, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	children.add(child);

	const logs = []; // every stderr line, in order
	const stdoutChunks = [];
	const waiters = new Set();
	child.stdout.setEncoding('utf8').on('data', (s) => stdoutChunks.push(s));
	readline.createInterface({ input: child.stderr }).on('line', (line) => {
		logs.push(line);
		for (const w of waiters) w();
	});

	let exitInfo = null;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			children.delete(child);
			exitInfo = { code, signal };
			for (const w of waiters) w();
			resolve(exitInfo);
		});
	});

	/** Resolve with the first log line (parsed) for which pred is true. */
	function waitForLog(pred, timeout = 5000) {
		return new Promise((resolve, reject) => {
			let seen = 0;
			const check = () => {
				for (; seen < logs.length; seen++) {
					const j = parseJson(logs[seen]);
					if (j !== undefined && pred(j, logs[seen])) {
						done();
						resolve(j);
						return;
					}
				}
				if (exitInfo) {
					done();
					reject(new Error(`server exited (${JSON.stringify(exitInfo)})\n${logs.join('\n')}`));
				}
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`no matching log line within ${timeout} ms\n${logs.slice(-20).join('\n')}`));
			}, timeout);
			const done = () => {
				clearTimeout(timer);
				waiters.delete(check);
			};
			waiters.add(check);
			check();
		});
	}

	/** Remove what this server owns: its directory and database(s). */
	let removed = false;
	async function removeOwned() {
		if (removed) return;
		removed = true;
		for (const name of copies) await dropDatabase(name).catch(() => {});
		if (owner) {
			if (dbName) await dropDatabase(dbName).catch(() => {});
			removeDir(dir);
		}
	}

	let listening;
	try {
		listening = await waitForLog((j) => j.msg === 'listening', 10000);
	} catch (e) {
		child.kill('SIGKILL');
		await removeOwned();
		throw new Error(`shegong serve did not start: ${e.message}`);
	}
	const listen = String(listening.listen);
	const port = Number(listen.slice(listen.lastIndexOf(':') + 1));
	const url = `http://127.0.0.1:${port}`;

	const srv = {
		url,
		port,
		adminPassword,
		/** The generated password of each account init made, by user name. */
		passwords,
		initOutput: init,
		dir,
		/** the database: a file path (SQLite) or a postgres:// URL */
		db,
		/** the PostgreSQL database name (undefined on SQLite) */
		dbName,
		backend: BACKEND,
		keyFile,
		clockFile,
		env: baseEnv,
		logs,
		child,
		pid: child.pid,
		_clock: clock,
		get stdout() {
			return stdoutChunks.join('');
		},
		/** Every stderr line, as it came (a crash's message among them). */
		get stderr() {
			return logs.join('\n');
		},
		/** Every stderr line that parses as JSON. */
		logJson() {
			return logs.map(parseJson).filter((j) => j !== undefined);
		},
		waitForLog,
		/** Move the server's clock forward by ms (cumulative; shared with sameDbAs servers). */
		advanceClock(ms) {
			clock.offset += ms;
			const tmp = `${clockFile}.${process.pid}.tmp`;
			fs.writeFileSync(tmp, `${clock.offset}\n`);
			fs.renameSync(tmp, clockFile);
			return clock.offset;
		},
		get clockOffset() {
			return clock.offset;
		},
		/** Run the binary against this server's database and key file. */
		cli(args, { input, env: extra = {}, db: dbPath = db, keyFile: key = keyFile, flags = true } = {}) {
			const a = flags ? [...args, '--db', dbPath, '--key-file', key] : args;
			return run(a, {
				input,
				env: { ...baseEnv, SHEGONG_DB: dbPath, SHEGONG_KEY_FILE: key, ...extra },
			});
		},
		/**
		 * Run SQL on this server's database (or on `db`, e.g. a copy) with
		 * sqlite3 or psql; resolves {code, stdout, stderr} (psql: -At, so
		 * one row per line, columns separated by "|").
		 */
		sql(text, { db: target = db } = {}) {
			return sqlOn(target, text);
		},
		/**
		 * A copy of the database (stop the server first): the files with
		 * their WAL (SQLite), or CREATE DATABASE … TEMPLATE (PostgreSQL).
		 * Returns its path or URL; removed by stop().
		 */
		async copyDb() {
			if (IS_PG) {
				const name = `${dbName}_c${copies.length + 1}`;
				const u = await createPgDatabase(name, dbName);
				copies.push(name);
				return u;
			}
			const dst = path.join(dir, `copy${crypto.randomBytes(4).toString('hex')}.db`);
			for (const suffix of ['', '-wal', '-shm']) {
				if (fs.existsSync(db + suffix)) fs.copyFileSync(db + suffix, dst + suffix);
			}
			return dst;
		},
		/** Another `shegong serve` on this server's database (no init). */
		spawnAnother(o = {}) {
			return startServer({ ...o, sameDbAs: srv });
		},
		exited,
		get exitInfo() {
			return exitInfo;
		},
		/** SIGTERM and wait for exit (SIGKILL after timeout). Keeps the directory. */
		async shutdown({ signal = 'SIGTERM', timeout = 10000 } = {}) {
			if (!exitInfo) {
				child.kill(signal);
				const t = setTimeout(() => child.kill('SIGKILL'), timeout);
				await exited;
				clearTimeout(t);
			}
			return exitInfo;
		},
		/**
		 * shutdown() and remove the directory and database (unless started
		 * with sameDbAs: the first server owns them). Throws (after cleaning
		 * up) if the server did not exit 0 or a sanitizer reported on
		 * stderr, so an `after(() => srv.stop())` hook fails the file.
		 */
		async stop({ check = true } = {}) {
			const info = await srv.shutdown();
			await removeOwned();
			if (check) {
				const bad = logs.filter((l) => SANITIZER.test(l) || sqlBug(parseJson(l)));
				if (info.code !== 0 || bad.length) {
					throw new Error(
						`shegong serve ended badly: ${JSON.stringify(info)}\n${(bad.length ? bad : logs.slice(-20)).join('\n')}`,
					);
				}
			}
			return info;
		},
	};
	return srv;
}

export function parseJson(s) {
	try {
		return JSON.parse(s);
	} catch {
		return undefined;
	}
}

const SANITIZER = /AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:/;

/**
 * A logged database error that is a bug in the SQL rather than a state of
 * the database: PostgreSQL SQLSTATE classes other than constraint (23),
 * transaction rollback (40), connection (08), no room (53) and operator
 * intervention (57) — e.g. 42 syntax / undefined object, 22 data, 0A not
 * supported; SQLite SQLITE_ERROR (1), MISUSE (21), MISMATCH (20), RANGE (25).
 * Such a line fails stop() even when every request looked right.
 */
function sqlBug(j) {
	if (!j || j.msg !== 'database error') return false;
	if (typeof j.sqlstate === 'string') return j.sqlstate !== '' && !/^(23|40|08|53|57)/.test(j.sqlstate);
	if (typeof j.rc === 'number') return [1, 20, 21, 25].includes(j.rc & 0xff);
	return false;
}

// ----------------------------------------------------------------- client --

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * An HTTP client that keeps the session cookie and the CSRF token.
 * Requests return {status, headers, json, text, setCookies}.
 * opts: {headers, raw (string|Buffer body sent as is), csrf (false: do not
 * send X-CSRF-Token), cookies (false: send no cookie)}.
 */
export class Agent {
	constructor(srv) {
		this.srv = srv;
		this.url = srv.url ?? srv;
		this.jar = new Map();
		this.csrf = null;
		this.user = null;
	}

	get session() {
		return this.jar.get('sg_session');
	}

	/** A new agent holding the same cookie and token (a second tab). */
	clone() {
		const a = new Agent(this.srv);
		a.jar = new Map(this.jar);
		a.csrf = this.csrf;
		a.user = this.user;
		return a;
	}

	async request(method, p, body, opts = {}) {
		const headers = {};
		let payload;
		if (opts.raw !== undefined) {
			payload = opts.raw;
			headers['content-type'] = 'application/json';
		} else if (body !== undefined) {
			payload = JSON.stringify(body);
			headers['content-type'] = 'application/json';
		}
		if (opts.cookies !== false && this.jar.size) {
			headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
		}
		if (UNSAFE.has(method) && this.csrf && opts.csrf !== false) {
			headers['x-csrf-token'] = this.csrf;
		}
		for (const [k, v] of Object.entries(opts.headers ?? {})) {
			if (v === undefined || v === null) delete headers[k.toLowerCase()];
			else headers[k.toLowerCase()] = v;
		}
		const res = await fetch(this.url + p, {
			method,
			headers,
			body: payload,
			redirect: 'manual',
			signal: AbortSignal.timeout(opts.timeout ?? 15000),
		});
		// The bytes as sent (a download is checked byte for byte), and as
		// text without dropping a BOM the way res.text() would.
		const bytes = Buffer.from(await res.arrayBuffer());
		const text = bytes.toString('utf8');
		const setCookies = res.headers.getSetCookie();
		for (const sc of setCookies) {
			const c = parseSetCookie(sc);
			if (!c) continue;
			const maxAge = c.attrs['max-age'];
			const expires = c.attrs.expires ? Date.parse(c.attrs.expires) : NaN;
			if (c.value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || expires < Date.now()) {
				this.jar.delete(c.name);
			} else {
				this.jar.set(c.name, c.value);
			}
		}
		const json = parseJson(text);
		if (res.ok && json && typeof json.csrf_token === 'string') this.csrf = json.csrf_token;
		if (res.ok && json && json.user && p.startsWith('/api/v1/session')) this.user = json.user;
		return { status: res.status, headers: res.headers, json, text, bytes, setCookies };
	}

	get(p, opts) {
		return this.request('GET', p, undefined, opts);
	}
	post(p, body, opts) {
		return this.request('POST', p, body, opts);
	}
	put(p, body, opts) {
		return this.request('PUT', p, body, opts);
	}
	patch(p, body, opts) {
		return this.request('PATCH', p, body, opts);
	}
	del(p, body, opts) {
		return this.request('DELETE', p, body, opts);
	}
}

/** {name, value, attrs:{lowercased name: value|true}} or null. */
export function parseSetCookie(sc) {
	const parts = sc.split(';').map((s) => s.trim());
	const first = parts.shift();
	const eq = first.indexOf('=');
	if (eq < 0) return null;
	const attrs = {};
	for (const a of parts) {
		if (!a) continue;
		const i = a.indexOf('=');
		if (i < 0) attrs[a.toLowerCase()] = true;
		else attrs[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
	}
	return { name: first.slice(0, eq), value: first.slice(eq + 1), attrs };
}

/** An agent without a session. */
export function anon(srv) {
	return new Agent(srv);
}

/** POST /api/v1/session; returns the response (the agent keeps the cookie). */
export async function tryLogin(srv, username, password, agent = new Agent(srv)) {
	const res = await agent.post('/api/v1/session', { username, password });
	return { agent, res };
}

/** Log in or throw; returns an Agent holding cookie and CSRF token. */
export async function login(srv, username, password) {
	const { agent, res } = await tryLogin(srv, username, password);
	if (res.status !== 200) {
		throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
	}
	return agent;
}

/**
 * A raw HTTP/1.1 request with node:http (no automatic decompression, any
 * header size, any body). Resolves {status, headers, body: Buffer, text}
 * or {error} when the connection breaks before a response.
 */
export function rawRequest(srv, { method = 'GET', path: p = '/', headers = {}, body, chunks } = {}) {
	return new Promise((resolve) => {
		const url = new URL(srv.url ?? srv);
		const req = http.request({
			host: url.hostname,
			port: url.port,
			method,
			path: p,
			headers,
			agent: false,
			timeout: 15000,
		});
		let settled = false;
		const finish = (v) => {
			if (!settled) {
				settled = true;
				resolve(v);
			}
		};
		req.on('response', (res) => {
			const bufs = [];
			res.on('data', (b) => bufs.push(b));
			res.on('end', () => {
				const b = Buffer.concat(bufs);
				finish({ status: res.statusCode, headers: res.headers, body: b, text: b.toString('utf8') });
			});
			res.on('error', (e) => {
				const b = Buffer.concat(bufs);
				finish({ status: res.statusCode, headers: res.headers, body: b, text: b.toString('utf8'), error: e });
			});
		});
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e) => setTimeout(() => finish({ error: e }), 50));
		if (chunks) {
			for (const c of chunks) req.write(c);
			req.end();
		} else {
			req.end(body);
		}
	});
}

// --------------------------------------------------------------- asserts --

/** Words that must never appear in an error body (engine messages of either backend, paths, SQL). */
export const LEAKS = [/SQLITE/i, /postgres(ql)?:\/\//i, /SQLSTATE/i, /\blibpq\b/i, /\bERROR:\s/, /\brelation\s+"/i, /\bduplicate key value\b/i, /\/work\//, /\.c:\d*/, /\bSELECT\s/i, /\bINSERT\s+INTO\b/i, /\bUPDATE\s+\w+\s+SET\b/i, /\bDELETE\s+FROM\b/i, /\bsyntax error\b/i, /\/tmp\//];
