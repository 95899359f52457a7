// rules/api.js — the purchase rule calls of the API (src/api/budget.c,
// src/domain/purchase_rule.h), through the shared fetch wrapper (http.js:
// CSRF, errors, the ended session).
import { request } from '../../http.js';

export { listPurchaseRules } from '../budget/api.js';

/**
 * Set the figure of rule `code` for a region (region_code; absent: the
 * national figure, settings.edit only) and year (absent: every year),
 * with its clause: { code, region_code?, year?, value, clause } → the row.
 */
export function setPurchaseRule(rule) {
  return request('PUT', '/purchase-rules', { body: rule });
}
