// division/api.js — the division calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

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
