// plan/api.js — the annual plan calls of the API (src/api/plan.c,
// src/domain/plan.h), through the shared fetch wrapper (http.js: CSRF,
// errors, the ended session).
import { request } from '../../http.js';

/** One page of plans: { items, next_cursor, total }; filter: year, department_id. */
export function listPlans({ year, department_id, limit, cursor } = {}) {
  return request('GET', '/plans', { query: { year, department_id, limit, cursor } });
}

/** One plan with its projects, the amount planned, its targets and the budget. */
export function getPlan(id) {
  return request('GET', `/plans/${encodeURIComponent(id)}`);
}

/** { department_id, year, name, goals?, actions?, area_codes? } → the plan. */
export function createPlan(plan) {
  return request('POST', '/plans', { body: plan });
}

/** { name?, goals?, actions?, area_codes? } → the plan; area_codes replaces the list. */
export function updatePlan(id, changes) {
  return request('PATCH', `/plans/${encodeURIComponent(id)}`, { body: changes });
}

/** draft → published; refused with every gap (no goals, no areas) at once. */
export function publishPlan(id) {
  return request('POST', `/plans/${encodeURIComponent(id)}/publish`);
}
