// budget/api.js — the annual budget calls of the API (docs/PURCHASE.md §1),
// through the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';
import { listOrgs } from '../org/api.js';

/** One page of budgets: { items, next_cursor, total }; filter: year, department_id. */
export function listBudgets({ year, department_id, limit, cursor } = {}) {
  return request('GET', '/budgets', { query: { year, department_id, limit, cursor } });
}

/** One budget with its figures and its commitments project by project. */
export function getBudget(id) {
  return request('GET', `/budgets/${encodeURIComponent(id)}`);
}

/** { department_id, year, amount (fen), source? } → the budget. */
export function createBudget(budget) {
  return request('POST', '/budgets', { body: budget });
}

/** { amount (fen), source? } → the budget. */
export function updateBudget(id, changes) {
  return request('PATCH', `/budgets/${encodeURIComponent(id)}`, { body: changes });
}

/** The purchase rules in force for a region and year: { region_code, year, items }. */
export function listPurchaseRules({ region, year } = {}) {
  return request('GET', '/purchase-rules', { query: { region, year } });
}

/**
 * The bodies that may buy services whose name holds `q` (MOF Order No.
 * 102 art. 5: civil affairs departments and other government bodies), in
 * the caller's scope.
 */
export async function findDepartments(q) {
  const [civil, government] = await Promise.all(
    ['civil_affairs', 'government'].map((type) => listOrgs({ type, q, limit: 20 })),
  );
  return [...civil.items, ...government.items];
}
