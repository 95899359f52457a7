// docs/openapi.yaml against the code: every route the server serves — as
// `shegong routes` prints the route table (process.env.SHEGONG_BIN) — is
// documented with its method, and nothing is documented that the table
// lacks; path parameters, security (public / session / session + CSRF)
// and the permission of each operation (x-permission, the route's), the
// statuses each handler's comment lists, the request body fields of each
// handler's jsonv_field table (names, required, types, bounds,
// additionalProperties: false) and the error code enum all match. A
// route's handler is found by its row in the route array of its module
// (src/api/*.c). Adding a route or a body field without documenting it
// fails here. No server needed (the binary is run once).
// ARCHITECTURE "Adding a domain module", step 8.
//
// There is no YAML library among the test dependencies, so the document is
// read by parseYaml() below: the plain subset that docs/openapi.yaml
// promises in its header (block mappings and sequences, quoted and plain
// scalars, flow lists of scalars, `|` blocks). Anything else is an error
// naming the line, not a silent misreading.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { routeTable as serverRoutes } from '../lib/routes.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel) => fs.readFileSync(path.join(REPO, rel), 'utf8');

// ------------------------------------------------------------ YAML subset --

/** Parses the YAML subset described above; throws with the line number. */
export function parseYaml(text) {
	const lines = text.replace(/\r\n?/g, '\n').split('\n');
	let i = 0;
	const fail = (msg, at = i) => {
		throw new Error(`openapi.yaml line ${at + 1}: ${msg}: ${JSON.stringify(lines[at] ?? '')}`);
	};
	const indentOf = (s) => s.length - s.trimStart().length;
	const blank = (s) => s.trim() === '' || s.trimStart().startsWith('#');

	/** Index of the next line with content (skipping blanks and comments). */
	function next() {
		while (i < lines.length && blank(lines[i])) i++;
		if (i < lines.length && /^\s*\t/.test(lines[i])) fail('tab in indentation');
		return i < lines.length ? i : -1;
	}

	function scalar(s, at) {
		s = s.trim();
		if (s.startsWith("'")) {
			const m = /^'((?:[^']|'')*)'$/.exec(s);
			if (!m) fail('bad single-quoted scalar', at);
			return m[1].replace(/''/g, "'");
		}
		if (s.startsWith('"')) {
			try {
				return JSON.parse(s);
			} catch {
				fail('bad double-quoted scalar', at);
			}
		}
		if (s.startsWith('[')) {
			if (!s.endsWith(']')) fail('flow sequence must end on its line', at);
			const inner = s.slice(1, -1).trim();
			if (inner === '') return [];
			const items = [];
			let cur = '';
			let quote = null;
			for (const c of inner) {
				if (quote) {
					cur += c;
					if (c === quote) quote = null;
				} else if (c === "'" || c === '"') {
					quote = c;
					cur += c;
				} else if (c === ',') {
					items.push(cur);
					cur = '';
				} else if ('[]{}'.includes(c)) {
					fail('nested flow collections are not supported', at);
				} else {
					cur += c;
				}
			}
			items.push(cur);
			return items.map((x) => scalar(x, at));
		}
		if (s === '{}') return {};
		if (/^[{&*!|>%@`]/.test(s)) fail('unsupported YAML syntax', at);
		if (/\s#/.test(s) || /:(\s|$)/.test(s)) fail('plain scalar with ": " or " #" must be quoted', at);
		if (s === 'null' || s === '~') return null;
		if (s === 'true') return true;
		if (s === 'false') return false;
		if (/^-?(0|[1-9][0-9]*)$/.test(s)) return Number(s);
		if (/^-?(0|[1-9][0-9]*)\.[0-9]+$/.test(s)) return Number(s);
		return s;
	}

	/** The `|` / `|-` block after the line at index `at` (indent `parent`). */
	function literal(header, parent, at) {
		if (header !== '|' && header !== '|-') fail('only | and |- block scalars are supported', at);
		const body = [];
		let indent = -1;
		while (i < lines.length) {
			const s = lines[i];
			if (s.trim() === '') {
				body.push('');
				i++;
				continue;
			}
			const n = indentOf(s);
			if (n <= parent) break;
			if (indent < 0) indent = n;
			if (n < indent) fail('block scalar line less indented than its first line');
			body.push(s.slice(indent));
			i++;
		}
		while (body.length && body[body.length - 1] === '') body.pop();
		const textOut = body.join('\n');
		return header === '|' && textOut ? `${textOut}\n` : textOut;
	}

	/** A value on the line itself (`rest`) or the block below the line. */
	function value(rest, parent, at) {
		if (rest === '') {
			const k = next();
			if (k < 0 || indentOf(lines[k]) <= parent) return null;
			return block(indentOf(lines[k]));
		}
		if (rest.startsWith('|') || rest.startsWith('>')) return literal(rest, parent, at);
		return scalar(rest, at);
	}

	/** Splits "key: rest" (key plain or quoted); null when not a key line. */
	function keyLine(s) {
		const m = /^('(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^'"\s][^]*?)[ ]*:(?:[ ]+(.*)|)$/.exec(s);
		if (!m) return null;
		const key = m[1].startsWith("'") || m[1].startsWith('"') ? scalar(m[1], i) : m[1];
		return { key: String(key), rest: (m[2] ?? '').trim() };
	}

	function mapping(indent, first) {
		const out = {};
		let pending = first; // "key: rest" split off a "- " line
		for (;;) {
			let kv;
			let at;
			if (pending) {
				kv = pending;
				at = pending.at;
				pending = null;
			} else {
				const k = next();
				if (k < 0) break;
				const n = indentOf(lines[k]);
				if (n < indent) break;
				if (n > indent) fail('unexpected indentation', k);
				const s = lines[k].trim();
				if (s === '-' || s.startsWith('- ')) break;
				kv = keyLine(s);
				if (!kv) fail('expected "key: value"', k);
				at = k;
				i = k + 1;
			}
			if (Object.hasOwn(out, kv.key)) fail(`duplicate key ${kv.key}`, at);
			out[kv.key] = value(kv.rest, indent, at);
		}
		return out;
	}

	function sequence(indent) {
		const out = [];
		for (;;) {
			const k = next();
			if (k < 0) break;
			const n = indentOf(lines[k]);
			if (n < indent) break;
			if (n > indent) fail('unexpected indentation', k);
			const s = lines[k].trim();
			if (!(s === '-' || s.startsWith('- '))) break;
			const rest = s.slice(1).trim();
			i = k + 1;
			const kv = rest.startsWith("'") || rest.startsWith('"') || rest.startsWith('[') ? null : keyLine(rest);
			if (kv) out.push(mapping(indent + 2, { ...kv, at: k }));
			else out.push(value(rest, indent, k));
		}
		return out;
	}

	function block(indent) {
		const k = next();
		const s = lines[k].trim();
		return s === '-' || s.startsWith('- ') ? sequence(indent) : mapping(indent);
	}

	if (next() < 0) return null;
	if (indentOf(lines[i]) !== 0) fail('the document must start at column 0');
	const doc = block(0);
	if (next() >= 0) fail('unexpected content');
	return doc;
}

// ------------------------------------------------------------ the C side --

const stripComments = (c) => c.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');

/** The rows of the route arrays of src/api/*.c:
 * [{file, method, path, handler, perm, summary}] (perm: "PERM_ORG_READ"). */
function moduleRows() {
	const out = [];
	for (const { file, text } of apiSources()) {
		const src = stripComments(text);
		for (const table of src.matchAll(/const struct route (\w+)\[\]\s*=\s*\{([\s\S]*?)\n\};/g)) {
			const entry = /\{\s*HTTP_(\w+)\s*,\s*"([^"]*)"\s*,\s*(\w+)\s*,\s*(PERM_\w+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}/g;
			const rows = [...table[2].matchAll(entry)].map((m) => ({
				file,
				method: m[1].toLowerCase(),
				path: m[2],
				handler: m[3],
				perm: m[4],
				summary: m[5],
			}));
			const n = (table[2].match(/\bHTTP_\w+/g) || []).length;
			assert.equal(rows.length, n, `${file}: a row of ${table[1]} has a shape this test does not read`);
			out.push(...rows);
		}
	}
	return out;
}

/** The route table as the server serves it (`shegong routes`), each route
 * with the handler of its row in its module's array:
 * [{method, path, handler, permission, summary}]. */
function routeTable() {
	const served = serverRoutes().routes;
	assert.ok(served.length > 0, 'shegong routes printed no routes');
	const rows = moduleRows();
	const out = [];
	for (const r of served) {
		const method = r.method.toLowerCase();
		const mine = rows.filter((x) => x.method === method && x.path === r.pattern);
		assert.equal(mine.length, 1, `${r.method} ${r.pattern}: ${mine.length} rows in the route arrays of src/api/*.c`);
		assert.equal(mine[0].summary, r.summary, `${r.method} ${r.pattern}: summary`);
		out.push({ method, path: r.pattern, handler: mine[0].handler, permission: r.permission, summary: r.summary });
	}
	for (const x of rows) {
		assert.ok(out.some((r) => r.method === x.method && r.path === x.path), `${x.file}: ${x.method.toUpperCase()} ${x.path} is in a module array but not served (missing from src/api/routes.c?)`);
	}
	return out;
}

const apiSources = () =>
	fs
		.readdirSync(path.join(REPO, 'src/api'))
		.filter((f) => f.endsWith('.c'))
		.map((f) => ({ file: `src/api/${f}`, text: read(`src/api/${f}`) }));

/** handler name → {file, body, comment, fields|null} */
function handlers() {
	const out = new Map();
	for (const { file, text } of apiSources()) {
		const tables = new Map();
		const tableRe = /static const jsonv_field (\w+)\[\]\s*=\s*\{([\s\S]*?)\};/g;
		for (const t of stripComments(text).matchAll(tableRe)) {
			const fieldRe = /\{\s*"(\w+)"\s*,\s*JV_(\w+)\s*,\s*(true|false)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(?:"[^"]*"|NULL)\s*\}/g;
			const fields = [...t[2].matchAll(fieldRe)].map((f) => ({
				name: f[1],
				type: f[2],
				required: f[3] === 'true',
				min: Number(f[4]),
				max: Number(f[5]),
			}));
			const rows = (t[2].match(/\{/g) || []).length;
			assert.equal(fields.length, rows, `${file}: a row of ${t[1]} has a shape this test does not read`);
			tables.set(t[1], fields);
		}
		const fnRe = /(\/\*(?:(?!\*\/)[\s\S])*\*\/)?\s*(?:static\s+)?int (\w+)\(sg_req \*r\)\s*\{([\s\S]*?)\n\}/g;
		for (const m of text.matchAll(fnRe)) {
			// req_body(r, table, n, …), or with src/api's FIELDS(table) macro,
			// directly or through a helper such as ids_and_body(r, …, FIELDS(table), …)
			const bodyRe = /req_body\(\s*r\s*,\s*(?:FIELDS\(\s*)?(\w+)\s*[,)]|\w+_body\(\s*r\s*,[^;]*?FIELDS\(\s*(\w+)\s*\)/g;
			const bodies = [...m[3].matchAll(bodyRe)].map((b) => b[1] ?? b[2]);
			assert.ok(bodies.length <= 1, `${m[2]} reads its body more than once`);
			let fields = null;
			if (bodies.length) {
				fields = tables.get(bodies[0]);
				assert.ok(fields, `${file}: field table ${bodies[0]} of ${m[2]} not found`);
			}
			out.set(m[2], { file, comment: m[1] || '', fields });
		}
	}
	return out;
}

/** The error codes the server can send. */
function errorCodes() {
	const err = read('src/base/err.c');
	const fn = /const char \*sg_err_name\(int code\)\s*\{([\s\S]*?)\n\}/.exec(err);
	assert.ok(fn, 'sg_err_name not found in src/base/err.c');
	const codes = new Set([...fn[1].matchAll(/return "(\w+)";/g)].map((m) => m[1]));
	codes.delete('ok');
	for (const f of fs.readdirSync(path.join(REPO, 'src/http')).filter((x) => x.endsWith('.c')))
		for (const m of read(`src/http/${f}`).matchAll(/response_error_plain\(\s*\w+\s*,\s*\d+\s*,\s*"(\w+)"/g))
			codes.add(m[1]);
	return codes;
}

// ------------------------------------------------------------ the document --

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

// Read once; a document or table that cannot be read fails every test with
// the reason (rather than the whole file failing to load).
let doc;
let routes;
let loadError;
try {
	doc = parseYaml(read('docs/openapi.yaml'));
	routes = routeTable();
} catch (err) {
	loadError = err;
}
function loaded() {
	if (loadError) throw loadError;
}
/** The routes that are documented (the coverage test reports the others). */
const documented = () => routes.filter((r) => doc.paths?.[r.path]?.[r.method]);

function resolve(node) {
	let n = node;
	for (let hops = 0; n && typeof n === 'object' && typeof n.$ref === 'string'; hops++) {
		assert.ok(hops < 20, `$ref loop at ${node.$ref}`);
		assert.match(n.$ref, /^#\//, `only local $refs: ${n.$ref}`);
		n = n.$ref
			.slice(2)
			.split('/')
			.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), doc);
		assert.ok(n !== undefined, `unresolved $ref ${node.$ref}`);
	}
	return n;
}

/** Every documented operation: [{path, method, op, pathItem}]. */
function operations() {
	const out = [];
	for (const [p, item] of Object.entries(doc.paths || {}))
		for (const m of Object.keys(item)) if (METHODS.includes(m)) out.push({ path: p, method: m, op: item[m], pathItem: item });
	return out;
}

/** The JSON Schema types a (possibly $ref'd / oneOf) schema allows. */
function typesOf(schema) {
	const s = resolve(schema);
	const types = new Set();
	if (!s || typeof s !== 'object') return types;
	if (Array.isArray(s.type)) s.type.forEach((t) => types.add(t));
	else if (typeof s.type === 'string') types.add(s.type);
	for (const k of ['oneOf', 'anyOf', 'allOf']) for (const sub of s[k] || []) typesOf(sub).forEach((t) => types.add(t));
	return types;
}

const JV_TYPE = { STRING: 'string', INT: 'integer', BOOL: 'boolean', OBJECT: 'object', ARRAY: 'array' };

// ------------------------------------------------------------ the tests --

describe('docs/openapi.yaml', () => {
	test('is an OpenAPI 3.1 document whose $refs all resolve', () => {
		loaded();
		assert.match(String(doc.openapi), /^3\.1\.\d+$/);
		assert.ok(doc.info?.title && doc.info?.version, 'info.title and info.version');
		const walk = (n) => {
			if (Array.isArray(n)) n.forEach(walk);
			else if (n && typeof n === 'object') {
				if (typeof n.$ref === 'string') resolve(n);
				Object.values(n).forEach(walk);
			}
		};
		walk(doc);
	});

	test('documents every route of `shegong routes` with its method', () => {
		loaded();
		const missing = routes.filter((r) => !doc.paths?.[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
		assert.deepEqual(missing, [], `routes missing from docs/openapi.yaml: ${missing.join(', ')}`);
	});

	test('documents no path or method that the route table lacks', () => {
		loaded();
		const known = new Set(routes.map((r) => `${r.method} ${r.path}`));
		const extra = operations()
			.filter((o) => !known.has(`${o.method} ${o.path}`))
			.map((o) => `${o.method.toUpperCase()} ${o.path}`);
		assert.deepEqual(extra, [], `documented but not in the route table: ${extra.join(', ')}`);
		for (const p of Object.keys(doc.paths)) assert.ok(routes.some((r) => r.path === p), `path without a route: ${p}`);
	});

	test('each operation has the route summary, a unique operationId, tags and responses', () => {
		loaded();
		const ids = new Set();
		for (const r of documented()) {
			const op = doc.paths[r.path][r.method];
			const where = `${r.method.toUpperCase()} ${r.path}`;
			assert.equal(String(op.summary).toLowerCase(), r.summary.toLowerCase(), `${where}: summary should be the route table's "${r.summary}"`);
			assert.ok(op.operationId && !ids.has(op.operationId), `${where}: operationId missing or repeated`);
			ids.add(op.operationId);
			assert.ok(Array.isArray(op.tags) && op.tags.length, `${where}: tags`);
			assert.ok(op.responses && Object.keys(op.responses).length, `${where}: responses`);
			for (const [status, res] of Object.entries(op.responses)) {
				assert.match(status, /^[1-5]\d\d$/, `${where}: response key ${status}`);
				assert.ok(resolve(res)?.description, `${where} ${status}: description`);
			}
		}
	});

	test('path parameters are declared as required path parameters', () => {
		loaded();
		for (const { path: p, method, op, pathItem } of operations()) {
			const params = [...(pathItem.parameters || []), ...(op.parameters || [])].map(resolve);
			for (const [, name] of p.matchAll(/\{(\w+)\}/g)) {
				const decl = params.find((x) => x.in === 'path' && x.name === name);
				assert.ok(decl, `${method.toUpperCase()} ${p}: path parameter {${name}} not declared`);
				assert.equal(decl.required, true, `${method.toUpperCase()} ${p}: {${name}} must be required`);
			}
			for (const x of params.filter((x) => x.in === 'path'))
				assert.ok(p.includes(`{${x.name}}`), `${method.toUpperCase()} ${p}: declares path parameter ${x.name} not in the path`);
		}
	});

	test('security follows the route\'s permission: public → none, else session (+ CSRF on unsafe methods); x-permission names it', () => {
		loaded();
		const schemes = doc.components?.securitySchemes || {};
		assert.deepEqual(
			{ in: schemes.session?.in, name: schemes.session?.name },
			{ in: 'cookie', name: 'sg_session' },
			'securitySchemes.session is the sg_session cookie',
		);
		assert.deepEqual(
			{ in: schemes.csrf?.in, name: schemes.csrf?.name },
			{ in: 'header', name: 'X-CSRF-Token' },
			'securitySchemes.csrf is the X-CSRF-Token header',
		);
		for (const r of documented()) {
			const op = doc.paths[r.path][r.method];
			const where = `${r.method.toUpperCase()} ${r.path} (${r.permission})`;
			assert.equal(op['x-permission'], r.permission, `${where}: x-permission must be the route's permission`);
			const sec = op.security ?? doc.security;
			assert.ok(Array.isArray(sec), `${where}: security must be stated`);
			if (r.permission === 'public') {
				assert.deepEqual(sec, [], `${where}: a public route has security: []`);
				continue;
			}
			assert.ok(sec.length > 0, `${where}: needs a session`);
			for (const req of sec) {
				assert.ok('session' in req, `${where}: every security alternative needs the session cookie`);
				assert.equal('csrf' in req, UNSAFE.has(r.method), `${where}: CSRF token ${UNSAFE.has(r.method) ? 'required' : 'not used'} on ${r.method.toUpperCase()}`);
			}
		}
	});

	test('responses list the statuses of each handler', () => {
		loaded();
		const hs = handlers();
		for (const r of documented()) {
			const h = hs.get(r.handler);
			const where = `${r.method.toUpperCase()} ${r.path}`;
			assert.ok(h, `${where}: handler ${r.handler} not found in src/api/*.c`);
			const statuses = new Set([...h.comment.matchAll(/\b([1-5]\d\d)\b/g)].map((m) => m[1]));
			assert.ok(statuses.size > 0, `${where}: ${r.handler} has no comment listing its statuses`);
			const pub = r.permission === 'public';
			if (!pub) statuses.add('401');
			// 403: a permission the caller may lack, or a missing CSRF token
			if (!pub && (UNSAFE.has(r.method) || r.permission !== 'signed_in')) statuses.add('403');
			if (h.fields) statuses.add('400').add('413');
			const documented = Object.keys(doc.paths[r.path][r.method].responses);
			const missing = [...statuses].filter((s) => !documented.includes(s));
			assert.deepEqual(missing, [], `${where}: statuses not documented`);
		}
	});

	test('request bodies accept exactly the fields of the jsonv_field tables', () => {
		loaded();
		const hs = handlers();
		for (const r of documented()) {
			const op = doc.paths[r.path][r.method];
			const where = `${r.method.toUpperCase()} ${r.path}`;
			assert.ok(hs.has(r.handler), `${where}: handler ${r.handler} not found in src/api/*.c`);
			const { fields } = hs.get(r.handler);
			if (!fields) {
				assert.equal(op.requestBody, undefined, `${where}: ${r.handler} reads no body, so none should be documented`);
				continue;
			}
			const body = resolve(op.requestBody);
			assert.ok(body, `${where}: requestBody missing (fields ${fields.map((f) => f.name).join(', ')})`);
			assert.equal(body.required, true, `${where}: requestBody.required`);
			const schema = resolve(body.content?.['application/json']?.schema);
			assert.ok(schema, `${where}: application/json schema`);
			assert.equal(schema.type, 'object', `${where}: body is an object`);
			assert.equal(schema.additionalProperties, false, `${where}: additionalProperties: false (unknown fields are refused)`);
			const props = schema.properties || {};
			assert.deepEqual(Object.keys(props).sort(), fields.map((f) => f.name).sort(), `${where}: body fields`);
			assert.deepEqual(
				[...(schema.required || [])].sort(),
				fields.filter((f) => f.required).map((f) => f.name).sort(),
				`${where}: required fields`,
			);
			for (const f of fields) {
				const p = resolve(props[f.name]);
				const types = typesOf(props[f.name]);
				assert.ok(types.has(JV_TYPE[f.type]), `${where}: ${f.name} should allow type ${JV_TYPE[f.type]}, has ${[...types]}`);
				if (f.required) assert.ok(!types.has('null'), `${where}: required ${f.name} cannot be null`);
				else assert.ok(types.has('null'), `${where}: optional ${f.name} may be null (treated as absent)`);
				if (f.min === 0 && f.max === 0) continue;
				const [lo, hi] = { STRING: ['minLength', 'maxLength'], INT: ['minimum', 'maximum'], ARRAY: ['minItems', 'maxItems'] }[f.type] || [];
				assert.ok(lo, `${where}: ${f.name}: bounds on JV_${f.type}`);
				assert.equal(p[lo], f.min, `${where}: ${f.name}.${lo}`);
				assert.equal(p[hi], f.max, `${where}: ${f.name}.${hi}`);
			}
		}
	});

	test('the error object and its code enum match the server', () => {
		loaded();
		const err = resolve(doc.components?.schemas?.Error);
		assert.ok(err, 'components.schemas.Error');
		const inner = resolve(err.properties?.error);
		assert.deepEqual(
			Object.keys(inner.properties).sort(),
			['code', 'field', 'message', 'message_en', 'request_id', 'rule'],
			'error object fields',
		);
		const enumDoc = new Set(resolve(inner.properties.code).enum);
		const enumCode = errorCodes();
		assert.deepEqual([...enumDoc].sort(), [...enumCode].sort(), 'error codes: docs vs src/base/err.c and src/http/*.c');
	});
});
