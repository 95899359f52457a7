// days.js — dates of the calendar as the page needs them: weekdays, the
// weeks of a month, and which day of a year is what. Dates are
// "YYYY-MM-DD" strings, handled in UTC so that no time zone moves a day.

/** The ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date) {
  const [y, m, d] = date.split('-').map(Number);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/**
 * The weeks of a month, Monday first: an array of weeks, each of seven
 * dates ("YYYY-MM-DD") or null for the days of the months around it.
 */
export function monthWeeks(year, month) {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const first = isoWeekday(`${year}-${pad(month)}-01`);
  const cells = Array(first - 1).fill(null);
  for (let d = 1; d <= days; d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  const weeks = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** date → the day that applies on it (the one no other replaces). */
export function effectiveDays(items) {
  const map = new Map();
  for (const day of items) if (!day.overridden) map.set(day.date, day);
  return map;
}
