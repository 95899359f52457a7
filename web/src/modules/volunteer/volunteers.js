// volunteers.js — what the UI knows about volunteers beyond the API's
// values: hours written as people read them, and whose scope is made of
// divisions (they pick a volunteer's division; the others name a station,
// whose division it defaults to).
import { session } from '../../session.js';

/**
 * Minutes as hours with at most two decimals, rounded half up, as the
 * certificate writes them (src/domain/volunteer.c volunteer_hours_text):
 * "1.5" for 90, "1.67" for 100, "0" for none.
 */
export function hoursText(minutes) {
  const m = Math.max(0, Math.trunc(Number(minutes) || 0));
  const c = Math.floor((m * 100 + 30) / 60);
  const whole = Math.floor(c / 100);
  const frac = c % 100;
  if (frac === 0) return String(whole);
  if (frac % 10 === 0) return `${whole}.${frac / 10}`;
  return `${whole}.${String(frac).padStart(2, '0')}`;
}

/** Whether the signed-in user's scope is division subtrees (civil affairs, township). */
export function divisionalUser() {
  return (session.user?.scope?.divisions ?? []).length > 0;
}

/** The years offered for the hours: this one and the four before. */
export function recentYears(now = new Date()) {
  const y = now.getFullYear();
  return [y, y - 1, y - 2, y - 3, y - 4];
}
