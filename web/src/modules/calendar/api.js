// calendar/api.js — the working-day calendar calls of the API (docs/API-CONTRACT.md),
// through the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/**
 * The days of a year that apply to a division (none: the national ones):
 * { year, division_code, imported, years, items: [{ id, date, kind, name,
 * name_en, source, division_code, division_name, overridden, … }], total }.
 */
export function getCalendarYear({ year, division } = {}) {
  return request('GET', '/calendar', { query: { year, division } });
}

/** The day a period of `n` working days after `from` ends: { from, n, division_code, end }. */
export function getWorkdaysEnd({ from, n, division } = {}) {
  return request('GET', '/calendar/workdays', { query: { from, n, division } });
}

/** Add a local day { date, kind, name, division_code } (calendar.edit). */
export function addCalendarDay(day) {
  return request('POST', '/calendar/days', { body: day });
}

/** Remove a local day (calendar.edit); resolves with the day as it was. */
export function removeCalendarDay(id) {
  return request('DELETE', `/calendar/days/${encodeURIComponent(id)}`);
}
