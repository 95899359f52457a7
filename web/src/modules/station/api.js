// station/api.js — the station and social worker calls of the API (docs/API-CONTRACT.md), through
// the shared fetch wrapper (http.js: CSRF, errors, the ended session).
import { request } from '../../http.js';

/**
 * One page of stations: { items, next_cursor }. The filter: division (a
 * subtree), tier, status, working (true, false or '' for any),
 * operator_org_id, q (part of the name).
 */
export function listStations({ limit, cursor, ...filter } = {}) {
  return request('GET', '/stations', { query: { ...filter, limit, cursor } });
}

/** One station in detail: areas, staff, readiness, operator. */
export function getStation(id) {
  return request('GET', `/stations/${encodeURIComponent(id)}`);
}

export function createStation(station) {
  return request('POST', '/stations', { body: station });
}

/** Change the fields given (division and tier never change). */
export function updateStation(id, changes) {
  return request('PATCH', `/stations/${encodeURIComponent(id)}`, { body: changes });
}

/** Assign a social worker: { worker_id, role?, since? }; returns the station. */
export function addStationStaff(id, assignment) {
  return request('POST', `/stations/${encodeURIComponent(id)}/staff`, { body: assignment });
}

/** Remove a worker from the station; returns the station. */
export function removeStationStaff(id, workerId) {
  return request(
    'DELETE',
    `/stations/${encodeURIComponent(id)}/staff/${encodeURIComponent(workerId)}`,
  );
}

/** Tick or untick a flag item of the readiness checklist; returns the station. */
export function setStationReadiness(id, itemId, { met, note }) {
  return request(
    'PUT',
    `/stations/${encodeURIComponent(id)}/readiness/${encodeURIComponent(itemId)}`,
    { body: { met, note } },
  );
}

/** One page of social workers: { items, next_cursor }. */
export function listSocialWorkers({ employer_org_id, qualification, q, limit, cursor } = {}) {
  return request('GET', '/social-workers', {
    query: { employer_org_id, qualification, q, limit, cursor },
  });
}

/** Register a worker: { name, qualification?, certificate_no?, employer_org_id?, full_time }. */
export function createSocialWorker(worker) {
  return request('POST', '/social-workers', { body: worker });
}

/** One worker with the stations they are assigned to. */
export function getSocialWorker(id) {
  return request('GET', `/social-workers/${encodeURIComponent(id)}`);
}

/**
 * Confirm a provider's tick of a flag item (readiness.confirm: township or
 * civil affairs staff); the item passes only once confirmed. Returns the
 * station.
 */
export function confirmStationReadiness(id, itemId) {
  return request(
    'POST',
    `/stations/${encodeURIComponent(id)}/readiness/${encodeURIComponent(itemId)}/confirm`,
  );
}
