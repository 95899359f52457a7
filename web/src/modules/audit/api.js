// audit/api.js — the audit log calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/**
 * One page of audit entries, newest first: { items, next_cursor, total? }.
 * `from` and `to` are days (YYYY-MM-DD, Beijing time), both included.
 */
export function listAudit({ action, actor, from, to, limit, cursor } = {}) {
  return request('GET', '/audit', { query: { action, actor, from, to, limit, cursor } });
}

/** The actions that occur in the log, with how often: { items: [{ action, count }] }. */
export function listAuditActions() {
  return request('GET', '/audit/actions');
}
