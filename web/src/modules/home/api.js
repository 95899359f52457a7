// home/api.js — the health and workbench calls of the API
// (docs/API-CONTRACT.md), through the shared fetch wrapper (http.js: CSRF,
// errors, the ended session).
import { ApiError, request } from '../../http.js';

/**
 * Server health from GET /healthz: { ok, status }. A 503
 * still carries the report, so only a network failure throws.
 */
export async function getHealth() {
  let res;
  try {
    res = await fetch('/healthz', {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ code: 'network' });
  }
  let report = {};
  try {
    report = await res.json();
  } catch {
    // A 503 from a proxy may have no JSON body; the status says enough.
  }
  return {
    ok: res.ok,
    status: report.status ?? '',
  };
}

/**
 * The signed-in user's to-do list from GET /workbench: { date, year,
 * sections: [{ kind, title_zh, title_en, count, link, items }], budget }.
 * budget is absent without budget.read and null when the year has none.
 */
export function getWorkbench() {
  return request('GET', '/workbench');
}
