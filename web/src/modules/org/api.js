// org/api.js — the organisation calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/** The list's filters as query parameters (shared by the list and the export). */
export function orgFilter({ type, division, q, eligible, year } = {}) {
  return { type, division, q, eligible, year: eligible ? year : undefined };
}

/** One page of organisations: { items, next_cursor }. */
export function listOrgs({ limit, cursor, ...filter } = {}) {
  return request('GET', '/orgs', { query: { ...orgFilter(filter), limit, cursor } });
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
