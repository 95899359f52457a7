// stations.js — what the UI knows about the station network (R-NET-1..4)
// and its social workers (R-TAL-1): the tiers, kinds, statuses and ways of
// operating a station, the qualifications of a worker, which division
// level each tier belongs to, and who may do what. The server decides all
// of it again (src/domain/station.c); these only decide what the UI
// offers. The values and their names come from enums.js.
import { can } from '../../session.js';

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

/**
 * Whether the logged-in user may change the staff and readiness ticks of
 * `station`: those who edit stations, and those holding station.manage
 * whose scope is the organisation that operates it (a provider over the
 * stations it operates; the server decides the same by scope).
 */
export function canManageStation(user, station) {
  if (!can('station.manage')) return false;
  if (can('station.edit')) return true;
  return Boolean(station?.operator && (user?.scope?.orgs ?? []).includes(station.operator.id));
}

/**
 * The employer a worker registered from `station`'s page gets, or
 * undefined when none may be given: a user whose scope is one
 * organisation registers that organisation's workers (the server sets
 * it); those who edit stations register them as employees of the
 * station's operator.
 */
export function workerEmployerFor(user, station) {
  if (!can('worker.register')) return undefined;
  if ((user?.scope?.orgs ?? []).length) return null;
  if (can('station.edit') && station?.operator) return station.operator;
  return undefined;
}
