// project/api.js — the purchased service project calls of the API
// (docs/PURCHASE.md §2–3), through the shared fetch wrapper (http.js: CSRF,
// errors, the ended session).
import { request } from '../../http.js';

/** The list's filters as query parameters (shared by the list and the export). */
export function projectFilter({ state, year, department_id, division, township, q } = {}) {
  return { state, year, department_id, division, township, q };
}

/** One page of projects: { items, next_cursor, total }. */
export function listProjects({ limit, cursor, ...filter } = {}) {
  return request('GET', '/projects', { query: { ...projectFilter(filter), limit, cursor } });
}

/** One project in detail: its lists, targets, budget, approvals and `actions`. */
export function getProject(id) {
  return request('GET', `/projects/${encodeURIComponent(id)}`);
}

/** A draft: { name, department_id, year, … } → the project in detail. */
export function createProject(project) {
  return request('POST', '/projects', { body: project });
}

/** Change a draft; each list sent replaces the whole list. */
export function updateProject(id, changes) {
  return request('PATCH', `/projects/${encodeURIComponent(id)}`, { body: changes });
}

/**
 * Take `action` (submit, approve, return, cancel, start, evaluate, close)
 * on the project; return and cancel need a reason. Returns the project.
 */
export function actOnProject(id, action, reason) {
  return request('POST', `/projects/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, {
    body: reason ? { reason } : undefined,
  });
}

/** The indicators of targets: { items: [{ code, kind, zh, en, unit, measure }] }. */
export function listIndicators() {
  return request('GET', '/projects/indicators');
}
