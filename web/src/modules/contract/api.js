// contract/api.js — the contract calls of the API (docs/PURCHASE.md §6),
// through the shared fetch wrapper (http.js: CSRF, errors, the ended
// session).
import { BASE, request } from '../../http.js';

const cid = (id) => `/contracts/${encodeURIComponent(id)}`;

/** The list's filters as query parameters (shared by the list and the export). */
export function contractFilter({ status, year, division, provider_id, project_id } = {}) {
  return { status, year, division, provider_id, project_id };
}

/** One page of contracts: { items, next_cursor, total }. */
export function listContracts({ limit, cursor, ...filter } = {}) {
  return request('GET', '/contracts', { query: { ...contractFilter(filter), limit, cursor } });
}

/** A contract in detail: parties, project, award, clauses in order, instalments, amendments, approvals, `actions`. */
export function getContract(id) {
  return request('GET', cid(id));
}

/** A draft from a final award: { award_id, … } → the contract. */
export function createContract(body) {
  return request('POST', '/contracts', { body });
}

/** Change a draft: code, price (fen), start_on, end_on and the seven clauses. */
export function updateContract(id, changes) {
  return request('PATCH', cid(id), { body: changes });
}

/** Replace a draft's instalments: [{ amount, due_on?, evaluation?, min_grade? }]. */
export function putInstalments(id, instalments) {
  return request('PUT', `${cid(id)}/instalments`, { body: { instalments } });
}

/** submit, sign, return (reason) → the contract. */
export function actOnContract(id, action, reason) {
  return request('POST', `${cid(id)}/${encodeURIComponent(action)}`, {
    body: reason ? { reason } : undefined,
  });
}

/** Propose an amendment of a signed contract: reason, changes { field: new value } → the contract. */
export function amendContract(id, reason, changes) {
  return request('POST', `${cid(id)}/amendments`, { body: { reason, changes } });
}

/** approve, return (reason) a pending amendment → the contract. */
export function actOnAmendment(id, action, reason) {
  return request('POST', `/amendments/${encodeURIComponent(id)}/${encodeURIComponent(action)}`, {
    body: reason ? { reason } : undefined,
  });
}

/** The address of the printable contract (an HTML page for A4, opened in a new tab). */
export function printUrl(id) {
  return `${BASE}${cid(id)}/print`;
}
