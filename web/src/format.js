// format.js — how times and scopes are written for people.
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

/**
 * A one-line description of a scope, e.g. "行政区划：500110、500111"; the
 * translator `t` is passed in so this stays a plain function. An empty
 * scope is written as `t('common.none')`.
 */
export function formatScope(scope, t) {
  const parts = [];
  if (scope?.divisions?.length)
    parts.push(t('scope.divisionsShow', { list: scope.divisions.join(', ') }));
  if (scope?.orgs?.length) parts.push(t('scope.orgsShow', { list: scope.orgs.join(', ') }));
  if (scope?.stations?.length)
    parts.push(t('scope.stationsShow', { list: scope.stations.join(', ') }));
  return parts.length ? parts.join('; ') : t('common.none');
}
