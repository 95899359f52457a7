// Operations: /healthz, /metrics, request ids, security headers, the embedded
// UI (SPA fallback, ETag, gzip) and a graceful SIGTERM.
// API-CONTRACT "Operations"; SECURITY "Cookie … headers", "SIGTERM drains".

import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { expectError, expectOk, header } from '../lib/check.mjs';
import { anon, login, rawRequest, startServer } from '../lib/server.mjs';

let srv;
let admin;

before(async () => {
	srv = await startServer();
	admin = await login(srv, 'admin', srv.adminPassword);
});
after(() => srv?.stop());

describe('health and metrics', () => {
	test('GET /healthz → 200 {"status":"ok"} and nothing more (issue 8: no version, backend or counts)', async () => {
		const r = await anon(srv).get('/healthz');
		expectOk(r, 200);
		assert.match(header(r, 'content-type'), /^application\/json/);
		assert.deepEqual(r.json, { status: 'ok' });
	});

	// labels may hold braces inside quoted values: route="GET /api/v1/users/{id}"
	const LABELS = String.raw`\{(?:[^}"]|"(?:[^"\\]|\\.)*")*\}`;
	const SAMPLE = new RegExp(String.raw`^([a-zA-Z_:][a-zA-Z0-9_:]*)(${LABELS})? (-?[0-9.eE+-]+|NaN|[+-]Inf)( -?\d+)?$`);

	/** {metric name: sum of its samples} */
	function samples(text) {
		const sums = new Map();
		for (const line of text.split('\n')) {
			const m = SAMPLE.exec(line);
			if (m) sums.set(m[1], (sums.get(m[1]) ?? 0) + Number(m[3]));
		}
		return sums;
	}

	test('GET /metrics → Prometheus text with a request counter and a latency histogram', async () => {
		const r = await anon(srv).get('/metrics');
		assert.equal(r.status, 200);
		assert.match(header(r, 'content-type'), /^text\/plain/);
		const counter = /^# TYPE (\S*request\S*) counter$/m.exec(r.text);
		assert.ok(counter, `a request counter:\n${r.text}`);
		const hist = /^# TYPE (\S+) histogram$/m.exec(r.text);
		assert.ok(hist, `a histogram:\n${r.text}`);
		const h = hist[1];
		assert.match(r.text, new RegExp(`^${h}_bucket\\{.*le="\\+Inf".*\\} \\d+$`, 'm'));
		assert.match(r.text, new RegExp(`^${h}_sum(${LABELS})? \\S+$`, 'm'));
		assert.match(r.text, new RegExp(`^${h}_count(${LABELS})? \\d+$`, 'm'));
		for (const line of r.text.split('\n')) {
			if (line === '' || line.startsWith('#')) continue;
			assert.match(line, SAMPLE, `exposition line: ${line}`);
		}

		const name = counter[1];
		const before = samples(r.text);
		for (let i = 0; i < 5; i++) await anon(srv).get('/healthz');
		const later = samples((await anon(srv).get('/metrics')).text);
		assert.ok(later.get(name) >= before.get(name) + 5, `${name}: ${before.get(name)} → ${later.get(name)}`);
		assert.ok(later.get(`${h}_count`) >= (before.get(`${h}_count`) ?? 0) + 5, `${h}_count grows`);
	});
});

describe('who may read /metrics (issue 8)', () => {
	const TOKEN = 'metrics-token-0123456789abcdef';
	let m; // behind a trusted proxy on 127.0.0.1, so X-Forwarded-For names the client
	before(async () => {
		m = await startServer({
			env: {
				SHEGONG_TRUSTED_PROXIES: '127.0.0.1',
				SHEGONG_METRICS_FROM: '198.51.100.0/24, 192.0.2.7, 2001:db8::/32',
				SHEGONG_METRICS_TOKEN: TOKEN,
			},
		});
	});
	after(() => m?.stop());

	const from = (ip, headers = {}, method = 'GET', p = '/metrics') =>
		rawRequest(m, { method, path: p, headers: { 'x-forwarded-for': ip, ...headers } });
	/** The body of an error without its request id, to compare two. */
	const shape = (r) => {
		const e = JSON.parse(r.text).error;
		delete e.request_id;
		return e;
	};

	test('loopback, a listed address or network, or the bearer token: 200', async () => {
		for (const r of [
			await anon(m).get('/metrics'),
			await from('198.51.100.20'),
			await from('192.0.2.7'),
			await from('2001:db8::5'),
			await from('203.0.113.9', { authorization: `Bearer ${TOKEN}` }),
			await from('203.0.113.9', { authorization: `bearer ${TOKEN}` }),
		]) {
			assert.equal(r.status, 200, r.text?.slice(0, 200));
			assert.match(r.text, /^# TYPE shegong_http_requests_total counter$/m);
		}
	});

	test('anyone else gets exactly the 404 of an unknown path', async () => {
		const unknown = await from('203.0.113.9', {}, 'GET', '/api/v1/no-such-endpoint');
		assert.equal(unknown.status, 404);
		for (const r of [
			await from('203.0.113.9'),
			await from('198.51.101.1'),
			await from('192.0.2.8'),
			await from('2001:db9::1'),
			await from('203.0.113.9', { authorization: `Bearer ${TOKEN}x` }),
			await from('203.0.113.9', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }),
			await from('203.0.113.9', { authorization: TOKEN }),
			await from('203.0.113.9', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }),
			await from('203.0.113.9', {}, 'POST'),
			await from('203.0.113.9', {}, 'HEAD'),
		]) {
			assert.equal(r.status, 404, r.text);
			if (r.text) assert.deepEqual(shape(r), shape(unknown));
			assert.equal(r.headers['content-type'], unknown.headers['content-type']);
			assert.equal(r.headers.allow, undefined);
		}
		// and it is counted and logged as an unknown path, not as /metrics
		await sleep(100);
		const line = m.logJson().filter((j) => j.msg === 'request' && j.path === '/metrics' && j.status === 404).pop();
		assert.equal(line.route, '');
		assert.equal(line.ip, '203.0.113.9');
	});

	test('/healthz stays public', async () => {
		const r = await from('203.0.113.9', {}, 'GET', '/healthz');
		assert.equal(r.status, 200);
		assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
	});

	test('a bad SHEGONG_METRICS_FROM or a short token stops serve with a message', async () => {
		const bad = await m.cli(['serve', '--listen', '127.0.0.1:0'], { env: { SHEGONG_METRICS_FROM: '10.0.0.0/8, intranet' } });
		assert.equal(bad.code, 2, bad.stderr);
		assert.match(bad.stderr, /"intranet" is not an address or a network/);
		const short = await m.cli(['serve', '--listen', '127.0.0.1:0'], { env: { SHEGONG_METRICS_TOKEN: 'short' } });
		assert.equal(short.code, 2, short.stderr);
		assert.match(short.stderr, /at least 16 characters/);
	});
});

describe('headers', () => {
	async function variety() {
		return [
			['GET /healthz', await anon(srv).get('/healthz')],
			['GET /', await anon(srv).get('/')],
			['GET /api/v1/me 200', await admin.get('/api/v1/me')],
			['GET /api/v1/me 401', await anon(srv).get('/api/v1/me')],
			['GET /api/v1/users 200', await admin.get('/api/v1/users')],
			['GET /api/v1/nope 404', await anon(srv).get('/api/v1/nope')],
			['PUT /api/v1/session 405', await anon(srv).put('/api/v1/session', {})],
			['POST /api/v1/session 400', await anon(srv).post('/api/v1/session', undefined, { raw: '{' })],
			['POST /api/v1/users 403 csrf', await admin.post('/api/v1/users', {}, { csrf: false })],
		];
	}

	test('every response has a unique X-Request-Id', async () => {
		const ids = new Set();
		for (const [what, r] of await variety()) {
			const id = header(r, 'x-request-id');
			assert.ok(id && id.length >= 8, `${what}: X-Request-Id ${id}`);
			assert.ok(!ids.has(id), `${what}: repeated id ${id}`);
			ids.add(id);
		}
		const m = await rawRequest(srv, { path: '/metrics' });
		assert.ok(m.headers['x-request-id'], '/metrics has X-Request-Id');
	});

	test('security headers (CSP, nosniff, Referrer-Policy) on the API, the UI and errors', async () => {
		for (const [what, r] of await variety()) {
			const csp = header(r, 'content-security-policy');
			assert.ok(csp, `${what}: Content-Security-Policy`);
			assert.match(csp, /default-src/, `${what}: CSP ${csp}`);
			assert.equal(header(r, 'x-content-type-options'), 'nosniff', `${what}: nosniff`);
			assert.ok(header(r, 'referrer-policy'), `${what}: Referrer-Policy`);
		}
	});

	test('clickjacking is refused: CSP frame-ancestors or X-Frame-Options', async () => {
		for (const [what, r] of await variety()) {
			const csp = header(r, 'content-security-policy') ?? '';
			const xfo = header(r, 'x-frame-options') ?? '';
			assert.ok(/frame-ancestors 'none'|frame-ancestors 'self'/.test(csp) || /^(deny|sameorigin)$/i.test(xfo), what);
		}
	});

	test('no CORS: a foreign Origin gets no Access-Control-Allow-* headers', async () => {
		const r = await admin.get('/api/v1/me', { headers: { origin: 'https://evil.example' } });
		assert.equal(header(r, 'access-control-allow-origin'), undefined);
		assert.equal(header(r, 'access-control-allow-credentials'), undefined);
		const pre = await rawRequest(srv, {
			method: 'OPTIONS',
			path: '/api/v1/users',
			headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
		});
		assert.equal(pre.headers['access-control-allow-origin'], undefined);
		assert.ok(pre.status >= 400, `preflight: ${pre.status}`);
	});

	test('API responses have Cache-Control: no-store', async () => {
		for (const [what, r] of await variety()) {
			if (!what.includes('/api/')) continue;
			assert.match(header(r, 'cache-control') ?? '', /no-store/, `${what}: Cache-Control`);
		}
	});
});

describe('the embedded UI', () => {
	let index;
	let assets = [];
	before(async () => {
		index = await rawRequest(srv, { path: '/' });
		assets = [...index.text.matchAll(/(?:src|href)="(\/[^"/][^"]*)"/g)].map((m) => m[1]).filter((p) => !p.startsWith('//'));
	});

	test('GET / → 200 text/html (the UI)', () => {
		assert.equal(index.status, 200);
		assert.match(index.headers['content-type'], /^text\/html/);
		assert.match(index.text, /<!doctype html>/i);
	});

	for (const p of ['/users', '/users/12/edit', '/audit?x=1', '/login']) {
		test(`GET ${p} (a SPA route) → 200 index.html`, async () => {
			const r = await rawRequest(srv, { path: p });
			assert.equal(r.status, 200);
			assert.match(r.headers['content-type'], /^text\/html/);
			assert.equal(r.text, index.text);
		});
	}

	test('the UI references its assets and they are served with the right type', async () => {
		assert.ok(assets.length >= 1, `assets in index.html: ${index.text.slice(0, 500)}`);
		for (const p of assets) {
			const r = await rawRequest(srv, { path: p });
			assert.equal(r.status, 200, `${p}: ${r.status}`);
			if (p.endsWith('.js')) assert.match(r.headers['content-type'], /javascript/);
			if (p.endsWith('.css')) assert.match(r.headers['content-type'], /^text\/css/);
			assert.equal(r.headers['x-content-type-options'], 'nosniff');
		}
	});

	test('a static asset has an ETag; If-None-Match → 304 without a body', async () => {
		const p = assets.find((a) => a.endsWith('.js')) ?? assets[0] ?? '/';
		const r = await rawRequest(srv, { path: p });
		const etag = r.headers.etag;
		assert.ok(etag, `${p}: ETag`);
		const again = await rawRequest(srv, { path: p, headers: { 'if-none-match': etag } });
		assert.equal(again.status, 304);
		assert.equal(again.body.length, 0);
		assert.equal(again.headers.etag, etag);
		const other = await rawRequest(srv, { path: p, headers: { 'if-none-match': '"something-else"' } });
		assert.equal(other.status, 200);
		assert.deepEqual(other.body, r.body);
	});

	test('Accept-Encoding: gzip → Content-Encoding: gzip of the same bytes; Vary: Accept-Encoding', async () => {
		const p = assets.find((a) => a.endsWith('.js')) ?? assets[0] ?? '/';
		const plain = await rawRequest(srv, { path: p });
		assert.equal(plain.headers['content-encoding'], undefined, 'no gzip unless asked');
		const gz = await rawRequest(srv, { path: p, headers: { 'accept-encoding': 'gzip, deflate, br' } });
		assert.equal(gz.status, 200);
		assert.equal(gz.headers['content-encoding'], 'gzip');
		assert.match(gz.headers.vary ?? '', /accept-encoding/i);
		assert.deepEqual(zlib.gunzipSync(gz.body), plain.body);
		if (gz.headers.etag && plain.headers.etag) {
			assert.notEqual(gz.headers.etag, plain.headers.etag, 'gzip and identity have different ETags');
		}
	});

	test('path traversal never reaches the file system', async () => {
		for (const p of [
			'/../../../../etc/passwd',
			'/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
			'/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
			'/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
			'/..%5c..%5c..%5cetc%5cpasswd',
		]) {
			const r = await rawRequest(srv, { path: p });
			assert.ok(r.status, `${p}: ${r.error}`);
			assert.ok(r.status < 500, `${p}: ${r.status}`);
			assert.doesNotMatch(r.text, /root:.*:0:0:/, p);
		}
	});

	test('/api/… is never answered by the UI', async () => {
		const r = await anon(srv).get('/api/v1/users/12/edit');
		assert.match(header(r, 'content-type'), /^application\/json/);
		assert.ok(r.status === 401 || r.status === 404, `${r.status}`);
	});
});

describe('SIGTERM', () => {
	test('a request in flight when SIGTERM arrives is answered; the process exits 0', async () => {
		const s = await startServer();
		try {
			const body = Buffer.from(JSON.stringify({ username: 'admin', password: s.adminPassword }));
			const sock = net.connect(s.port, '127.0.0.1');
			await once(sock, 'connect');
			let data = '';
			sock.setEncoding('utf8').on('data', (d) => (data += d));
			const closed = once(sock, 'close');
			sock.write(
				'POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
					`Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
			);
			sock.write(body.subarray(0, body.length - 1));
			await sleep(150); // the server has accepted the connection and read the headers
			sock.write(body.subarray(body.length - 1)); // the login (Argon2, ~30 ms) starts now
			s.child.kill('SIGTERM');
			await Promise.race([closed, sleep(10000)]);
			assert.match(data, /^HTTP\/1\.[01] 200 /, `response: ${data.slice(0, 300)}`);
			assert.match(data, /csrf_token/);
			const info = await Promise.race([s.exited, sleep(10000).then(() => 'timeout')]);
			assert.deepEqual(info, { code: 0, signal: null }, 'exit status 0 after SIGTERM');
		} finally {
			await s.stop({ check: false });
		}
	});

	test('an idle server exits 0 on SIGTERM promptly', async () => {
		const s = await startServer();
		const t = Date.now();
		const info = await s.stop();
		assert.deepEqual(info, { code: 0, signal: null });
		assert.ok(Date.now() - t < 5000, `took ${Date.now() - t} ms`);
	});
});
