// catalog/api.js — the service catalog calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

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
