// readiness/api.js — the readiness checklist calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

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
