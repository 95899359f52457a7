// coverage/api.js — the coverage calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/** Coverage of a division by working stations (R-NET-3). */
export function getCoverage(code) {
  return request('GET', `/divisions/${encodeURIComponent(code)}/coverage`);
}
