// tests/lib/check.mjs — assertions shared by the API tests.

import assert from 'node:assert/strict';
import { LEAKS } from './server.mjs';

export const STATUS_OF = {
	invalid: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	conflict: 409,
	too_large: 413,
	locked: 429,
	internal: 500,
	unavailable: 503,
};

function headerOf(res, name) {
	const h = res.headers;
	if (!h) return undefined;
	if (typeof h.get === 'function') return h.get(name) ?? undefined;
	const v = h[name.toLowerCase()];
	return Array.isArray(v) ? v.join(', ') : v;
}
export { headerOf as header };

/** The error body carries nothing that helps an attacker. */
export function assertNoLeak(text, what = 'body') {
	for (const re of LEAKS) assert.doesNotMatch(text, re, `${what} leaks ${re}: ${text.slice(0, 400)}`);
}

/**
 * Assert an error response per the contract:
 *   {"error":{"code","field"?,"rule"?,"message","message_en","request_id"}}
 * `field` may be a string (exact), a RegExp, or undefined (not checked).
 */
export function expectError(res, status, code, field) {
	const ctx = `${res.status} ${res.text?.slice(0, 300)}`;
	assert.equal(res.status, status, `status: ${ctx}`);
	const json = res.json ?? (res.text ? JSON.parse(res.text) : undefined);
	assert.ok(json && typeof json.error === 'object', `error body: ${ctx}`);
	const e = json.error;
	if (code !== undefined) assert.equal(e.code, code, `error.code: ${ctx}`);
	assert.equal(STATUS_OF[e.code], res.status, `code ${e.code} does not map to ${res.status}`);
	if (field instanceof RegExp) assert.match(String(e.field), field, `error.field: ${ctx}`);
	else if (field !== undefined) assert.equal(e.field, field, `error.field: ${ctx}`);
	assert.equal(typeof e.message, 'string', `error.message: ${ctx}`);
	assert.ok(e.message.length > 0, `error.message empty: ${ctx}`);
	assert.equal(typeof e.message_en, 'string', `error.message_en: ${ctx}`);
	assert.ok(e.message_en.length > 0, `error.message_en empty: ${ctx}`);
	assert.equal(typeof e.request_id, 'string', `error.request_id: ${ctx}`);
	const rid = headerOf(res, 'x-request-id');
	assert.ok(rid, 'X-Request-Id header');
	assert.equal(e.request_id, rid, 'error.request_id equals X-Request-Id');
	const ct = headerOf(res, 'content-type') ?? '';
	assert.match(ct, /^application\/json/i, `content-type of an error: ${ct}`);
	assertNoLeak(res.text ?? '', 'error body');
	if (status === 405) assert.ok(headerOf(res, 'allow'), '405 has an Allow header');
	if (status === 429) {
		const ra = headerOf(res, 'retry-after');
		assert.ok(ra, '429 has Retry-After');
		assert.match(ra, /^\d+$/, 'Retry-After is delta-seconds');
	}
	return e;
}

/** Assert a 2xx response with the expected status; returns the JSON body. */
export function expectOk(res, status = 200) {
	assert.equal(res.status, status, `expected ${status}, got ${res.status} ${res.text?.slice(0, 400)}`);
	return res.json;
}

/** A body with error.request_id removed, for byte comparisons. */
export function withoutRequestId(text) {
	const j = JSON.parse(text);
	if (j?.error) delete j.error.request_id;
	return JSON.stringify(j);
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Assert the user object shape of the contract. */
export function assertUser(u, expected = {}) {
	assert.equal(typeof u, 'object');
	assert.equal(typeof u.id, 'number', 'user.id is a number');
	assert.ok(Number.isInteger(u.id) && u.id > 0);
	assert.equal(typeof u.username, 'string');
	assert.equal(typeof u.display_name, 'string');
	assert.ok(u.role === null || typeof u.role === 'string', 'user.role is a string, or null for an account without a role');
	assert.equal(typeof u.scope, 'object', 'user.scope is an object');
	assert.equal(typeof u.disabled, 'boolean');
	assert.match(u.created_at, ISO_UTC, 'created_at is ISO-8601 UTC');
	assert.ok(u.last_login_at === null || ISO_UTC.test(u.last_login_at), 'last_login_at');
	for (const k of Object.keys(u)) {
		assert.doesNotMatch(k, /pass|hash|salt|secret|token|totp/i, `user object exposes ${k}`);
	}
	for (const [k, v] of Object.entries(expected)) {
		if (k === 'scope') assert.deepEqual(normScope(u.scope), normScope(v), 'user.scope');
		else assert.deepEqual(u[k], v, `user.${k}`);
	}
}

/** Scope with missing lists as empty lists, for comparison. */
export function normScope(s = {}) {
	return {
		divisions: [...(s?.divisions ?? [])],
		orgs: [...(s?.orgs ?? [])],
		stations: [...(s?.stations ?? [])],
	};
}

export const ISO_UTC_RE = ISO_UTC;
