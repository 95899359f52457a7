// format.js — how times are written for people (scopes: useNames.js).
//
// Times come from the API in UTC (ISO 8601) and are shown in Beijing time
// whatever the browser's zone, because every office using the system works
// in it and audit times must read the same on every screen.

const beijing = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "2026-11-28 09:00:00" in Asia/Shanghai, or '' for a missing time. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  const part = Object.fromEntries(beijing.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** Today in Beijing time, "2026-12-02". */
export function beijingDate(now = new Date()) {
  return formatTime(now.toISOString()).slice(0, 10);
}
