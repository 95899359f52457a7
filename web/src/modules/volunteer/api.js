// volunteer/api.js — the volunteer calls of the API (docs/API-CONTRACT.md,
// "Volunteers"), through the shared fetch wrapper (http.js: CSRF, errors,
// the ended session).
import { BASE, request, withQuery } from '../../http.js';

const vid = (id) => encodeURIComponent(id);

/** The list's filters as query parameters (shared by the list and the export). */
export function volunteerFilter({ station_id, skill, status, q, year } = {}) {
  return { station_id, skill, status, q, year };
}

/** One page of volunteers: { items, next_cursor, total }; each item's minutes are the filter's. */
export function listVolunteers({ limit, cursor, ...filter } = {}) {
  return request('GET', '/volunteers', { query: { ...volunteerFilter(filter), limit, cursor } });
}

/** One volunteer in detail: stations, paired workers, hours by year and station. */
export function getVolunteer(id) {
  return request('GET', `/volunteers/${vid(id)}`);
}

/**
 * Register { name, phone?, id_number?, skills?, availability?, division_code?,
 * station_ids? } → the volunteer; `existing` true when one with the same ID
 * number was there already (nothing changed).
 */
export function registerVolunteer(volunteer) {
  return request('POST', '/volunteers', { body: volunteer });
}

/** Change the fields given ("" clears phone or ID number). */
export function updateVolunteer(id, changes) {
  return request('PATCH', `/volunteers/${vid(id)}`, { body: changes });
}

/** The phone and ID number in clear, with the reason (audited). */
export function unmaskVolunteer(id, reason) {
  return request('POST', `/volunteers/${vid(id)}/unmask`, { body: { reason } });
}

export function addVolunteerStation(id, stationId, since) {
  return request('POST', `/volunteers/${vid(id)}/stations`, {
    body: since ? { station_id: stationId, since } : { station_id: stationId },
  });
}

export function removeVolunteerStation(id, stationId) {
  return request('DELETE', `/volunteers/${vid(id)}/stations/${encodeURIComponent(stationId)}`);
}

export function addVolunteerPair(id, workerId, since) {
  return request('POST', `/volunteers/${vid(id)}/workers`, {
    body: since ? { worker_id: workerId, since } : { worker_id: workerId },
  });
}

export function removeVolunteerPair(id, workerId) {
  return request('DELETE', `/volunteers/${vid(id)}/workers/${encodeURIComponent(workerId)}`);
}

/** The services of a period ({ year } or { from, to }): { items, next_cursor, total, minutes }. */
export function listVolunteerServices(id, { year, from, to, station_id, limit, cursor } = {}) {
  return request('GET', `/volunteers/${vid(id)}/services`, {
    query: { year, from, to, station_id, limit, cursor },
  });
}

/** The address of the certificate of hours (an HTML page for A4, opened in a new tab). */
export function certificateUrl(id, { year } = {}) {
  return withQuery(`${BASE}/volunteers/${vid(id)}/certificate`, { year });
}
