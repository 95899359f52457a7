// session.js — who is logged in, shared by the router guard and the views.
//
// The user object is the one the API returns (GET /me, POST /session);
// nothing here is trusted for access control, which the server enforces on
// every request. The UI only uses the role to decide what to offer.
import { reactive, readonly } from 'vue';
import * as api from './api.js';

const state = reactive({
  user: null,
  // True once the server has answered whether a session exists.
  known: false,
});

export const session = readonly(state);

/** Ask the server once whether a session exists; later calls are free. */
export async function ensureSession() {
  if (state.known) return;
  try {
    state.user = await api.getMe();
    state.known = true;
  } catch (err) {
    state.user = null;
    // Without an answer (server down) ask again on the next navigation.
    state.known = err.status === 401;
  }
}

/** Log in; throws ApiError with the server's reason on failure. */
export async function logIn(username, password) {
  state.user = await api.login(username, password);
  state.known = true;
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
  state.known = true;
}
