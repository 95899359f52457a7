// roles.js — the scope each role takes (the roles and their names: enums.js).
//
// Scope by role (API contract, SPEC R-ROLE-1): civil_affairs and township
// are limited to division subtrees, provider and evaluator to exactly one
// organisation, social_worker and mentor to stations; admin and
// the officers have an empty scope. The server's role list (GET
// /meta/enums "role") may say so itself in each entry's `scope`; this
// table stands in until it does.
import { enumEntry } from '../../enums.js';

const SCOPE_KIND = {
  civil_affairs: 'divisions',
  township: 'divisions',
  provider: 'org',
  evaluator: 'org',
  social_worker: 'stations',
  mentor: 'stations',
};

/** 'divisions', 'org', 'stations', or null for a role without scope. */
export function scopeKind(role) {
  const served = enumEntry('role', role)?.scope;
  if (served !== undefined)
    return { division: 'divisions', org: 'org', station: 'stations' }[served] ?? null;
  return SCOPE_KIND[role] ?? null;
}

/** The form-item props of the scope inputs (ScopeFields.vue). */
export const SCOPE_FIELDS = ['scope.divisions', 'scope.org', 'scope.stations'];

/**
 * The editable form of a scope: division codes as strings (typed as
 * tags), station ids and the one organisation id as numbers (picked).
 */
export function scopeFormFromApi(scope) {
  return {
    divisions: [...(scope?.divisions ?? [])],
    org: scope?.orgs?.[0],
    stations: [...(scope?.stations ?? [])],
  };
}

/** The API scope object for `role` from a scope form; {} for no scope. */
export function scopeForApi(role, form) {
  switch (scopeKind(role)) {
    case 'divisions':
      return { divisions: [...form.divisions] };
    case 'org':
      return { orgs: form.org === undefined || form.org === null ? [] : [form.org] };
    case 'stations':
      return { stations: form.stations.map(Number) };
    default:
      return {};
  }
}

/**
 * The form field that a server error about `field` belongs to, for a user
 * of `role`: "scope.orgs" → "scope.org", any scope field → the scope input
 * the role shows. Other fields map to themselves.
 */
export function formFieldOf(field, role) {
  if (field !== 'scope' && !field.startsWith('scope.')) return field;
  const kind = scopeKind(role);
  return kind ? `scope.${kind}` : field;
}
