// api.js — the one client of the shegong HTTP API (docs/API-CONTRACT.md).
//
// Every request goes through request(): same-origin cookies, JSON bodies,
// the CSRF token on unsafe methods, and failures turned into ApiError. The
// CSRF token is kept here and only here: it arrives with login, GET /me and
// a password change, and nothing else needs to see it.
//
// A 401 means the session has ended (idle timeout, logout elsewhere, a
// disabled account) and the handler set with onUnauthorized() takes the
// user to the login page, except where 401 is an ordinary answer: a wrong
// password at login, and GET /me asked before anyone has logged in.

const BASE = '/api/v1';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = '';
let unauthorizedHandler = null;

/**
 * A failed API call. `code` is the contract's error code ("invalid",
 * "locked", …, or "network" when no response came back), `field` the JSON
 * field at fault (dotted path) or '', `message` and `message_en` the
 * server's texts (either may be ''), `retryAfter` the seconds from a
 * Retry-After header or null.
 */
export class ApiError extends Error {
  constructor({ status = 0, code, field, rule, message, message_en, request_id, retryAfter }) {
    super(message || '');
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || '';
    this.rule = rule || '';
    this.message_en = message_en || '';
    this.requestId = request_id || '';
    this.retryAfter = retryAfter ?? null;
  }
}

// The contract's codes by status, for error responses without a JSON body
// (a proxy in front of the server, say).
const CODE_BY_STATUS = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'too_large',
  429: 'locked',
  500: 'internal',
  503: 'unavailable',
};

/** Register what to do when the session has ended (called once at start). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function errorFromResponse(res) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: fall back to the status alone.
  }
  const info = body && typeof body.error === 'object' && body.error ? body.error : {};
  const retry = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
  return new ApiError({
    ...info,
    status: res.status,
    code: info.code || CODE_BY_STATUS[res.status] || 'unknown',
    retryAfter: Number.isFinite(retry) ? retry : null,
  });
}

function withQuery(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Send one request to the API. Returns the parsed JSON body, or null for
 * 204. Throws ApiError on any non-2xx status or network failure.
 * `expect401` marks the calls whose 401 is an answer and not an ended
 * session.
 */
async function request(method, path, { query, body, expect401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(withQuery(BASE + path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({ code: 'network' });
  }

  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (res.status === 401 && !expect401) {
      csrfToken = '';
      unauthorizedHandler?.(err);
    }
    throw err;
  }
  return res.status === 204 ? null : res.json();
}

// ---- Session -------------------------------------------------------------

/** Log in; returns the user. */
export async function login(username, password) {
  const data = await request('POST', '/session', {
    body: { username, password },
    expect401: true,
  });
  csrfToken = data.csrf_token;
  return data.user;
}

/** End the session on the server; one that has already ended is fine. */
export async function logout() {
  try {
    await request('DELETE', '/session', { expect401: true });
  } catch (err) {
    if (err.status !== 401) throw err;
  }
  csrfToken = '';
}

/** The logged-in user; throws ApiError 401 without a session. */
export async function getMe() {
  const data = await request('GET', '/me', { expect401: true });
  csrfToken = data.csrf_token;
  return data.user;
}

/** Change the own password; the server reissues the session and token. */
export async function changePassword(currentPassword, newPassword) {
  const data = await request('POST', '/me/password', {
    body: { current_password: currentPassword, new_password: newPassword },
  });
  csrfToken = data.csrf_token;
}

// ---- Users (admin) -------------------------------------------------------

/** One page of users: { items, next_cursor }. */
export function listUsers({ q, role, limit, cursor } = {}) {
  return request('GET', '/users', { query: { q, role, limit, cursor } });
}

export function createUser(user) {
  return request('POST', '/users', { body: user });
}

export function updateUser(id, changes) {
  return request('PATCH', `/users/${encodeURIComponent(id)}`, { body: changes });
}

export function resetUserPassword(id, password) {
  return request('POST', `/users/${encodeURIComponent(id)}/password`, { body: { password } });
}

// ---- Audit log (admin, audit_admin) ---------------------------------------

/** One page of audit entries, newest first: { items, next_cursor }. */
export function listAudit({ action, actor, limit, cursor } = {}) {
  return request('GET', '/audit', { query: { action, actor, limit, cursor } });
}

// ---- Divisions (any signed-in role) ----------------------------------------

/** One page of the children of `parent` (none: the provinces): { items, next_cursor }. */
export function listDivisions({ parent, limit, cursor } = {}) {
  return request('GET', '/divisions', { query: { parent, limit, cursor } });
}

/** Divisions whose name matches `q`, each with its path: { items }. */
export function searchDivisions(q, limit) {
  return request('GET', '/divisions', { query: { q, limit } });
}

/** One division: { code, name, level, parent_code, path }. */
export function getDivision(code) {
  return request('GET', `/divisions/${encodeURIComponent(code)}`);
}

// ---- Service catalog (read: any signed-in role) ----------------------------

/** The guiding catalog: { areas: [{ code, name_zh, name_en, position, items }] }. */
export function getCatalog({ division, year } = {}) {
  return request('GET', '/catalog', { query: { division, year } });
}

/** The target groups: { items: [{ code, name_zh, name_en, position }] }. */
export function listTargetGroups() {
  return request('GET', '/target-groups');
}

/** The negative list: { items: [{ code, name_zh, name_en, clause, position }] }. */
export function listNegativeList() {
  return request('GET', '/negative-list');
}

/** Add a catalog item (admin; civil_affairs within their divisions). */
export function createCatalogItem(item) {
  return request('POST', '/catalog/items', { body: item });
}

export function updateCatalogItem(id, changes) {
  return request('PATCH', `/catalog/items/${encodeURIComponent(id)}`, { body: changes });
}

// ---- Organisations (read: within the scope; write: admin, civil_affairs) --

/** The list's filters as query parameters (shared by the list and the export). */
function orgFilter({ type, division, q, eligible, year } = {}) {
  return { type, division, q, eligible, year: eligible ? year : undefined };
}

/** One page of organisations: { items, next_cursor }. */
export function listOrgs({ limit, cursor, ...filter } = {}) {
  return request('GET', '/orgs', { query: { ...orgFilter(filter), limit, cursor } });
}

/**
 * The address of the list's export as a file (`format` csv or xlsx) with
 * the same filters. A plain GET with the session cookie: a link downloads it.
 */
export function orgExportUrl(format, filter) {
  return withQuery(`${BASE}/orgs/export`, { format, ...orgFilter(filter) });
}

/** One organisation with its documents on file. */
export function getOrg(id) {
  return request('GET', `/orgs/${encodeURIComponent(id)}`);
}

export function createOrg(org) {
  return request('POST', '/orgs', { body: org });
}

/** Change the facts, name or division (type and code never change). */
export function updateOrg(id, changes) {
  return request('PATCH', `/orgs/${encodeURIComponent(id)}`, { body: changes });
}

/** Record a document on file: { kind, title, issued_on? }. */
export function addOrgDocument(id, doc) {
  return request('POST', `/orgs/${encodeURIComponent(id)}/documents`, { body: doc });
}

/** An individual's name and ID number in clear, with the reason (audited). */
export function unmaskOrg(id, reason) {
  return request('POST', `/orgs/${encodeURIComponent(id)}/unmask`, { body: { reason } });
}

/** The decision, rule by rule, whether the organisation may act as `role`. */
export function getOrgEligibility(id, { role, year, division } = {}) {
  return request('GET', `/orgs/${encodeURIComponent(id)}/eligibility`, {
    query: { role, year, division },
  });
}

// ---- Eligibility rules (read: any role; write: admin, civil_affairs) ------

/** Every rule set with its rules: { items }. */
export function listRuleSets() {
  return request('GET', '/eligibility/rule-sets');
}

/** A region's own rule set, copied from the one deciding there now. */
export function createRuleSet(set) {
  return request('POST', '/eligibility/rule-sets', { body: set });
}

/** Change a rule's expected value and / or clause. */
export function updateRule(id, changes) {
  return request('PATCH', `/eligibility/rules/${encodeURIComponent(id)}`, { body: changes });
}

// ---- Stations (read: within the scope; write: admin, civil_affairs; staff
// and readiness also the operating provider) --------------------------------

/**
 * One page of stations: { items, next_cursor }. The filter: division (a
 * subtree), tier, status, working (true, false or '' for any),
 * operator_org_id, q (part of the name).
 */
export function listStations({ limit, cursor, ...filter } = {}) {
  return request('GET', '/stations', { query: { ...filter, limit, cursor } });
}

/** One station in detail: areas, staff, readiness, operator. */
export function getStation(id) {
  return request('GET', `/stations/${encodeURIComponent(id)}`);
}

export function createStation(station) {
  return request('POST', '/stations', { body: station });
}

/** Change the fields given (division and tier never change). */
export function updateStation(id, changes) {
  return request('PATCH', `/stations/${encodeURIComponent(id)}`, { body: changes });
}

/** Assign a social worker: { worker_id, role?, since? }; returns the station. */
export function addStationStaff(id, assignment) {
  return request('POST', `/stations/${encodeURIComponent(id)}/staff`, { body: assignment });
}

/** Remove a worker from the station; returns the station. */
export function removeStationStaff(id, workerId) {
  return request(
    'DELETE',
    `/stations/${encodeURIComponent(id)}/staff/${encodeURIComponent(workerId)}`,
  );
}

/** Tick or untick a flag item of the readiness checklist; returns the station. */
export function setStationReadiness(id, itemId, { met, note }) {
  return request(
    'PUT',
    `/stations/${encodeURIComponent(id)}/readiness/${encodeURIComponent(itemId)}`,
    { body: { met, note } },
  );
}

/** The readiness checklist of a tier (none: all three): { items }. */
export function listReadinessItems(tier) {
  return request('GET', '/readiness-items', { query: { tier } });
}

/**
 * Change a checklist item (admin): { name_zh?, name_en?, threshold? } — a
 * threshold only for the computed kinds. Returns the item; the server
 * re-evaluates every station of the item's tier.
 */
export function updateReadinessItem(id, changes) {
  return request('PATCH', `/readiness-items/${encodeURIComponent(id)}`, { body: changes });
}

/** Coverage of a division by working stations (R-NET-3). */
export function getCoverage(code) {
  return request('GET', `/divisions/${encodeURIComponent(code)}/coverage`);
}

// ---- Social workers (read: within the scope; register: admin,
// civil_affairs, provider) ---------------------------------------------------

/** One page of social workers: { items, next_cursor }. */
export function listSocialWorkers({ employer_org_id, qualification, q, limit, cursor } = {}) {
  return request('GET', '/social-workers', {
    query: { employer_org_id, qualification, q, limit, cursor },
  });
}

/** Register a worker: { name, qualification?, certificate_no?, employer_org_id?, full_time }. */
export function createSocialWorker(worker) {
  return request('POST', '/social-workers', { body: worker });
}

/** One worker with the stations they are assigned to. */
export function getSocialWorker(id) {
  return request('GET', `/social-workers/${encodeURIComponent(id)}`);
}

// ---- Operations ----------------------------------------------------------

/**
 * Server health from GET /healthz: { ok, status }. A 503
 * still carries the report, so only a network failure throws.
 */
export async function getHealth() {
  let res;
  try {
    res = await fetch('/healthz', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ code: 'network' });
  }
  let report = {};
  try {
    report = await res.json();
  } catch {
    // A 503 from a proxy may have no JSON body; the status says enough.
  }
  return {
    ok: res.ok,
    status: report.status ?? '',
  };
}
