// tender/api.js — the procurement calls of the API (docs/PURCHASE.md §4),
// through the shared fetch wrapper (http.js: CSRF, errors, the ended
// session).
import { request } from '../../http.js';

const tid = (id) => `/tenders/${encodeURIComponent(id)}`;

/** The list's filters as query parameters (shared by the list and the export). */
export function tenderFilter({ status, method, year, division, project_id, open } = {}) {
  return { status, method, year, division, project_id, open: open === 'true' ? 'true' : undefined };
}

/** One page of tenders: { items, next_cursor, total }. */
export function listTenders({ limit, cursor, ...filter } = {}) {
  return request('GET', '/tenders', { query: { ...tenderFilter(filter), limit, cursor } });
}

/** A tender in detail: items, invitations, bids as the caller may see them, panel, awards, `actions`. */
export function getTender(id) {
  return request('GET', tid(id));
}

/** A draft for an approved project: { project_id, method, … } → the tender. */
export function createTender(body) {
  return request('POST', '/tenders', { body });
}

/** Change a draft; each list sent replaces the whole list. */
export function updateTender(id, changes) {
  return request('PATCH', tid(id), { body: changes });
}

/** publish, open, fail (reason), cancel (reason) → the tender. */
export function actOnTender(id, action, reason) {
  return request('POST', `${tid(id)}/${encodeURIComponent(action)}`, {
    body: reason ? { reason } : undefined,
  });
}

/** The provider's own bid { org_id, price (fen), technical, documents } → the tender. */
export function submitBid(id, bid) {
  return request('POST', `${tid(id)}/bids`, { body: bid });
}

/** A paper bid recorded by the purchaser → the tender. */
export function recordPaperBid(id, bid) {
  return request('POST', `${tid(id)}/paper-bids`, { body: bid });
}

export function withdrawBid(id, bidId) {
  return request('POST', `${tid(id)}/bids/${encodeURIComponent(bidId)}/withdraw`);
}

export function rejectBid(id, bidId, reason) {
  return request('POST', `${tid(id)}/bids/${encodeURIComponent(bidId)}/reject`, {
    body: { reason },
  });
}

/** { name, affiliation, affiliation_org_id?, expert, no_conflict } → the tender. */
export function addPanelMember(id, member) {
  return request('POST', `${tid(id)}/panel`, { body: member });
}

export function removePanelMember(id, memberId) {
  return request('DELETE', `${tid(id)}/panel/${encodeURIComponent(memberId)}`);
}

/** [{ bid_id, items: [{ item_id, score }] }] in hundredths of a point → the tender ranked. */
export function putScores(id, scores) {
  return request('PUT', `${tid(id)}/scores`, { body: { scores } });
}

/** The first ranked (no bid_id) or another with a reason → the tender. */
export function makeAward(id, { bid_id, reason } = {}) {
  const body = {};
  if (bid_id) body.bid_id = bid_id;
  if (reason) body.reason = reason;
  return request('POST', `${tid(id)}/award`, { body });
}

/** { status: upheld | rejected, reply } → the tender. */
export function replyObjection(id, status, reply) {
  return request('POST', `/objections/${encodeURIComponent(id)}/reply`, {
    body: { status, reply },
  });
}

/** The objector's name and contact in clear, with the reason (audited): { id, name, contact }. */
export function revealObjectionContact(id, reason) {
  return request('POST', `/objections/${encodeURIComponent(id)}/contact`, { body: { reason } });
}

/** Anyone, no account: { award_id, name, contact, content } → { id, status, notice_end }. */
export function lodgeObjection(body) {
  return request('POST', '/public/objections', { body });
}

/** The purchase rules in force for a region and year: code → { value, clause, … }. */
export async function purchaseRules(region, year) {
  const res = await request('GET', '/purchase-rules', { query: { region, year } });
  return Object.fromEntries(res.items.map((r) => [r.code, r]));
}
