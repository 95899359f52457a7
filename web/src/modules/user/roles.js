// roles.js — the eight roles of the contract and the scope each one takes.
//
// Scope by role (API contract, SPEC R-ROLE-1): civil_affairs and township
// are limited to division subtrees, provider and evaluator to exactly one
// organisation, social_worker and mentor to stations; admin and
// audit_admin have an empty scope. Role names shown to people come from
// i18n under `role.<name>`.

export const ROLES = [
  'admin',
  'audit_admin',
  'civil_affairs',
  'township',
  'provider',
  'social_worker',
  'mentor',
  'evaluator',
];

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
  return SCOPE_KIND[role] ?? null;
}

/** The form-item props of the scope inputs (ScopeFields.vue). */
export const SCOPE_FIELDS = ['scope.divisions', 'scope.org', 'scope.stations'];

/**
 * The editable form of a scope: division codes and station ids as strings
 * (they are typed as tags), the one organisation id as a number.
 */
export function scopeFormFromApi(scope) {
  return {
    divisions: [...(scope?.divisions ?? [])],
    org: scope?.orgs?.[0],
    stations: (scope?.stations ?? []).map(String),
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
