// eligibility/api.js — the eligibility rule calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

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
