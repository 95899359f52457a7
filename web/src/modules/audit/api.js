// audit/api.js — the audit log calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/** One page of audit entries, newest first: { items, next_cursor }. */
export function listAudit({ action, actor, limit, cursor } = {}) {
  return request('GET', '/audit', { query: { action, actor, limit, cursor } });
}
