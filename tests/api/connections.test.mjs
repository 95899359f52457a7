// Slow clients (issue 8; SECURITY "Durability and availability": slow
// clients don't starve others). Every request has a total deadline for its
// headers and one for its body (SHEGONG_HEADER_TIMEOUT_MS,
// SHEGONG_BODY_TIMEOUT_MS, short here), however steadily its bytes trickle
// in; the connection limit leaves room beyond the per-address cap.
// Bounded: 1,100 sockets, a few seconds.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { expectOk } from '../lib/check.mjs';
import { anon, startServer } from '../lib/server.mjs';

const DEADLINE_MS = 1500;
let srv;

before(async () => {
	srv = await startServer({
		env: { SHEGONG_HEADER_TIMEOUT_MS: String(DEADLINE_MS), SHEGONG_BODY_TIMEOUT_MS: String(DEADLINE_MS) },
	});
});
after(() => srv?.stop());

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A client that sends `head` once connected, then `drip` every `every` ms
 * until the server closes the connection. Resolves `connected` once the
 * connection is up; `closed` with the milliseconds it lived and what it
 * received.
 */
function trickler({ localAddress = '127.0.0.1', head, drip, every = 200 }) {
	const s = net.connect({ port: srv.port, host: '127.0.0.1', localAddress });
	const t0 = Date.now();
	let timer;
	let received = '';
	const connected = new Promise((resolve) => {
		s.on('connect', () => {
			s.write(head);
			timer = setInterval(() => s.writable && s.write(drip), every);
			resolve(true);
		});
		s.on('error', () => resolve(false));
	});
	s.on('data', (d) => (received += d));
	const closed = new Promise((resolve) => {
		s.on('close', () => {
			clearInterval(timer);
			resolve({ ms: Date.now() - t0, received });
		});
	});
	return { socket: s, connected, closed, get open() {
		return !s.destroyed;
	} };
}

describe('slow clients', () => {
	test('1,100 clients trickling headers from five addresses: a normal client is served meanwhile, and each is closed at its deadline', async () => {
		const N = 1100;
		const slow = Array.from({ length: N }, (_, i) =>
			trickler({
				localAddress: `127.0.0.${2 + (i % 5)}`,
				head: 'GET /api/v1/me HTTP/1.1\r\nHost: shegong\r\n',
				drip: 'X-Slow: 1\r\n',
			}),
		);
		try {
			const up = await Promise.all(slow.map((c) => c.connected));
			assert.equal(up.filter(Boolean).length, N, 'every slow client connected');
			await sleep(200); // let the server accept them all and read their first bytes

			const t = Date.now();
			expectOk(await anon(srv).get('/healthz', { timeout: DEADLINE_MS }), 200);
			const servedIn = Date.now() - t;
			const stillOpen = slow.filter((c) => c.open).length;
			assert.ok(stillOpen >= N - 10, `the normal client was served while ${stillOpen} slow ones were open`);
			assert.ok(servedIn < DEADLINE_MS, `served in ${servedIn} ms`);

			// Still sending every 200 ms, they are closed at their deadline,
			// without an answer (the headers never ended).
			const ends = await Promise.race([
				Promise.all(slow.map((c) => c.closed)),
				sleep(DEADLINE_MS + 3000).then(() => null),
			]);
			assert.ok(ends, `still open ${DEADLINE_MS + 3000} ms later: ${slow.filter((c) => c.open).length}`);
			const lived = ends.map((e) => e.ms);
			assert.ok(Math.min(...lived) >= DEADLINE_MS - 300, `closed after ${Math.min(...lived)} ms, before the deadline`);
			assert.ok(ends.every((e) => e.received === ''), 'no answer to headers that never ended');
		} finally {
			for (const c of slow) c.socket.destroy();
		}
		expectOk(await anon(srv).get('/healthz'), 200);
		const deadline = srv.logJson().filter((j) => j.msg === 'connections closed at their deadline');
		assert.ok(deadline.reduce((n, j) => n + j.connections, 0) >= N, 'the closings are logged');
	});

	test('a body trickled a byte at a time is cut at the body deadline', async () => {
		const c = trickler({
			head: 'POST /api/v1/session HTTP/1.1\r\nHost: shegong\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
			drip: ' ',
			every: 100,
		});
		assert.ok(await c.connected);
		const end = await Promise.race([c.closed, sleep(DEADLINE_MS + 3000).then(() => null)]);
		try {
			assert.ok(end, 'still open long after the body deadline');
			assert.ok(end.ms >= DEADLINE_MS - 300, `closed after ${end.ms} ms`);
			assert.doesNotMatch(end.received, /^HTTP\/1\.1 2/);
		} finally {
			c.socket.destroy();
		}
	});

	test('a kept-alive connection may wait longer than the header deadline between requests', async () => {
		const s = net.connect({ port: srv.port, host: '127.0.0.1' });
		let received = '';
		s.on('data', (d) => (received += d));
		const answers = () => (received.match(/HTTP\/1\.1 200 /g) || []).length;
		const waitFor = async (n) => {
			for (let i = 0; i < 50 && answers() < n; i++) await sleep(50);
			return answers();
		};
		try {
			await new Promise((resolve, reject) => s.once('connect', resolve).once('error', reject));
			const req = 'GET /healthz HTTP/1.1\r\nHost: shegong\r\n\r\n';
			s.write(req);
			assert.equal(await waitFor(1), 1);
			await sleep(DEADLINE_MS + 500);
			assert.ok(!s.destroyed, 'an idle kept-alive connection is left to the idle timeout');
			s.write(req);
			assert.equal(await waitFor(2), 2, received);
		} finally {
			s.destroy();
		}
	});
});
