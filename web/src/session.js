// session.js — who is logged in and what they may do, shared by the router
// guard, the menu and the views.
//
// The user object and the permissions are those the API returns (GET /me:
// {user, csrf_token, permissions}); nothing here is trusted for access
// control, which the server enforces on every request. The UI decides what
// to offer only by can(permission), never by the role's name.
import { reactive, readonly } from 'vue';
import * as api from './http.js';
import { forgetEnums, loadEnums } from './enums.js';
import { forgetNames } from './composables/useNames.js';

const state = reactive({
  user: null,
  permissions: [],
  // True once the server has answered whether a session exists.
  known: false,
});

export const session = readonly(state);

function take(answer) {
  state.user = answer.user;
  state.permissions = [...(answer.permissions ?? [])];
  state.known = true;
  loadEnums();
}

/** Whether the logged-in user holds `permission` (a name such as 'station.edit'). */
export function can(permission) {
  return state.permissions.includes(permission);
}

/** Ask the server once whether a session exists; later calls are free. */
export async function ensureSession() {
  if (state.known) return;
  try {
    take(await api.getMe());
  } catch (err) {
    state.user = null;
    state.permissions = [];
    // Without an answer (server down) ask again on the next navigation.
    state.known = err.status === 401;
  }
}

/** Log in; throws ApiError with the server's reason on failure. */
export async function logIn(username, password) {
  const answer = await api.login(username, password);
  // The login answer may not list the permissions: /me does.
  take(answer.permissions ? answer : await api.getMe());
}

/**
 * Log out on the server, then here. If the server cannot be reached the
 * session stays (it is still valid there) and the ApiError is thrown.
 */
export async function logOut() {
  await api.logout();
  forgetSession();
}

/** Take in a newer copy of the logged-in user (after editing oneself). */
export function refreshSessionUser(user) {
  if (state.user && user.id === state.user.id) state.user = user;
}

/** Drop the local session after the server has ended it. */
export function forgetSession() {
  state.user = null;
  state.permissions = [];
  state.known = true;
  forgetEnums();
  forgetNames();
}
