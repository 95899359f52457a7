// http.js — the fetch wrapper every module's api.js calls the shegong HTTP
// API through (docs/API-CONTRACT.md), and the session calls.
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

export const BASE = '/api/v1';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken = '';
let unauthorizedHandler = null;

/**
 * A failed API call. `code` is the contract's error code ("invalid",
 * "locked", …, or "network" when no response came back), `field` the JSON
 * field at fault (dotted path) or '', `message` and `message_en` the
 * server's texts (either may be ''), `retryAfter` the seconds from a
 * Retry-After header or null, `errors` each problem when there are several, `eligibility` the
 * eligibility decision of a refused bidder or null.
 */
export class ApiError extends Error {
  constructor({
    status = 0,
    code,
    field,
    rule,
    message,
    message_en,
    request_id,
    retryAfter,
    errors,
    eligibility,
  }) {
    super(message || '');
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || '';
    this.rule = rule || '';
    this.message_en = message_en || '';
    this.requestId = request_id || '';
    this.retryAfter = retryAfter ?? null;
    // Every problem when the server reports several at once (a submission
    // with gaps): [{ field, rule, message, message_en }]; [] otherwise.
    this.errors = Array.isArray(errors) ? errors : [];
    // An eligibility refusal (R-ORG-4) carries the whole decision, rule by
    // rule ({ eligible, rules: [{ description_zh, passed, clause, … }] }).
    this.eligibility = eligibility && typeof eligibility === 'object' ? eligibility : null;
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

export function withQuery(path, query) {
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
export async function request(method, path, { query, body, expect401 = false } = {}) {
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

/**
 * Fetch `path` (under /api/v1) with `query` as a file and save it as
 * `filename` through a temporary <a download>: a plain link could not name
 * the file in Chinese, nor show the server's error when the export fails
 * (it throws ApiError like request()).
 */
export async function download(path, query, filename) {
  let res;
  try {
    res = await fetch(withQuery(BASE + path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError({ code: 'network' });
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (res.status === 401) unauthorizedHandler?.(err);
    throw err;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the download; let it go afterwards.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// ---- Session -------------------------------------------------------------

/** Log in; returns the user. */
export async function login(username, password) {
  const data = await request('POST', '/session', {
    body: { username, password },
    expect401: true,
  });
  csrfToken = data.csrf_token;
  return data;
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
  return data;
}

/** Change the own password; the server reissues the session and token. */
export async function changePassword(currentPassword, newPassword) {
  const data = await request('POST', '/me/password', {
    body: { current_password: currentPassword, new_password: newPassword },
  });
  csrfToken = data.csrf_token;
}
