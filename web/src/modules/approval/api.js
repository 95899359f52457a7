// approval/api.js — the maker–checker inbox of the API (docs/PURCHASE.md §4),
// through the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/**
 * One page of approvals: { items, next_cursor, total }. status: pending
 * (the default), approved, returned or withdrawn; mine: true for what the
 * caller submitted (else what waits for the caller, or what they decided).
 */
export function listApprovals({ status, kind, mine, limit, cursor } = {}) {
  return request('GET', '/approvals', {
    query: { status, kind, mine: mine ? 'true' : undefined, limit, cursor },
  });
}
