// user/api.js — the user account calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/** One page of users: { items, next_cursor }. */
export function listUsers({ q, role, limit, cursor } = {}) {
  return request('GET', '/users', { query: { q, role, limit, cursor } });
}

export function createUser(user) {
  return request('POST', '/users', { body: user });
}

export function updateUser(id, changes) {
  return request('PATCH', `/users/${encodeURIComponent(id)}`, { body: changes });
}

export function resetUserPassword(id, password) {
  return request('POST', `/users/${encodeURIComponent(id)}/password`, { body: { password } });
}

/**
 * Give a user a role and its scope (account.assign, the security
 * administrator under 三员分立): PUT /users/{id}/role. Returns the user.
 */
export function assignUserRole(id, { role, scope }) {
  return request('PUT', `/users/${encodeURIComponent(id)}/role`, { body: { role, scope } });
}
