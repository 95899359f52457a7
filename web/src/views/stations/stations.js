// stations.js — what the UI knows about the station network (R-NET-1..4)
// and its social workers (R-TAL-1): the tiers, kinds, statuses and ways of
// operating a station, the qualifications of a worker, which division
// level each tier belongs to, and who may do what. The server decides all
// of it again (src/domain/station.c); these only decide what the UI
// offers. Labels come from i18n (`stationTier.`, `stationKind.`,
// `stationStatus.`, `operation.`, `qualification.`, `staffRole.`,
// `readinessKind.`).

/** The three tiers of R-NET-1, top down. */
export const TIERS = ['county', 'township', 'village'];
export const KINDS = ['comprehensive', 'specialised'];
export const STATION_STATUSES = ['planned', 'active', 'suspended', 'closed'];
export const OPERATIONS = ['contract', 'self_operated'];
export const STAFF_ROLES = ['head', 'staff'];
/** Qualification levels of R-TAL-1; 'none' is the UI's word for no value. */
export const QUALIFICATIONS = ['assistant', 'intermediate', 'senior', 'none'];

/** Digits of the division code a station of each tier belongs to (R-NET-1). */
export const TIER_DIGITS = { county: 6, township: 9, village: 12 };
/** The division level each tier belongs to (the i18n key under `level.`). */
export const TIER_LEVEL = { county: 'county', township: 'township', village: 'village' };

/**
 * What is wrong with placing a station of `tier` in the division `code`,
 * or null: { key, params } naming the i18n message. A blank code or tier
 * is left to the required rules.
 */
export function tierDivisionProblem(tier, code) {
  const c = String(code ?? '').trim();
  if (!tier || !c) return null;
  if (!/^\d+$/.test(c)) return { key: 'stations.divisionInvalid' };
  const digits = TIER_DIGITS[tier];
  if (c.length === digits) return null;
  return {
    key: 'stations.divisionTierMismatch',
    params: { digits, tier, level: TIER_LEVEL[tier] },
  };
}

/** The roles that create and change stations (the server's can_edit). */
export function canEditStations(user) {
  return user?.role === 'admin' || user?.role === 'civil_affairs';
}

/**
 * Whether `user` may change the staff and readiness ticks of `station`:
 * the editors, and provider staff of the organisation that operates it
 * (the server's can_manage plus the scope, which a provider only has over
 * the stations its organisation operates).
 */
export function canManageStation(user, station) {
  if (canEditStations(user)) return true;
  if (user?.role !== 'provider' || !station?.operator) return false;
  return (user.scope?.orgs ?? []).includes(station.operator.id);
}

/**
 * The employer a worker registered from `station`'s page gets, or
 * undefined when none may be given: a provider's workers are always its
 * own organisation's (the server sets it); admin and civil affairs
 * register them as employees of the station's operator.
 */
export function workerEmployerFor(user, station) {
  if (user?.role === 'provider') return null;
  if (canEditStations(user) && station?.operator) return station.operator;
  return undefined;
}

/** The percentage text of a ratio 0..1 ("50.0%"), '—' for null. */
export function percentText(ratio, none = '—') {
  if (ratio === null || ratio === undefined) return none;
  return `${(ratio * 100).toFixed(1)}%`;
}
