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

// Money is integer fen (分) in the API and shown in 元 with two decimals
// and thousands separators, one style everywhere: ¥1,234,567.00.

/** "¥1,234,567.00" for 123456700 fen; '' for a missing amount. */
export function formatMoney(fen) {
  if (fen === null || fen === undefined || fen === '') return '';
  const n = Number(fen);
  if (!Number.isFinite(n)) return String(fen);
  const abs = Math.abs(Math.round(n));
  const yuan = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return `${n < 0 ? '-' : ''}¥${yuan}.${cents}`;
}

/** Whole fen for an amount in 元 (a number or text such as "1,234.5"); null if it is none. */
export function yuanToFen(yuan) {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const n = Number(String(yuan).replace(/[,，\s]/g, ''));
  return Number.isFinite(n) ? Math.round(n * 100) : null;
}

/** 元 for whole fen (for an input), null for none. */
export function fenToYuan(fen) {
  return fen === null || fen === undefined ? null : Number(fen) / 100;
}
