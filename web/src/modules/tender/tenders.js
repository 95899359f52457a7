// tenders.js — what the UI knows about a tender's path and scheme
// (docs/PURCHASE.md §4): the statuses in order, which methods score
// technical items and which invite, how scores and deadlines are written,
// and the name of a field an error names ("items[1].weight" → 评分项第 2
// 项：分值). The server decides every rule again (src/domain/tender.c).

/** The statuses a tender goes through, in order; failed and cancelled stand apart. */
export const STATUS_PATH = ['draft', 'published', 'opened', 'scored', 'awarded'];

/** Methods that score technical items beside the price (MOF Order No. 87 art. 55). */
export const SCORED_METHODS = [
  'open_tender',
  'invited_tender',
  'competitive_consultation',
  'framework',
];
/** Methods held only with invited organisations. */
export const INVITING_METHODS = ['invited_tender', 'single_source'];

export const scores = (m) => SCORED_METHODS.includes(m);
export const invites = (m) => INVITING_METHODS.includes(m);

/** "85.50" for 8550 hundredths of a point; '' for none. */
export function pointsText(hundredths) {
  if (hundredths === null || hundredths === undefined) return '';
  return (hundredths / 100).toFixed(2);
}

/** "2026-05-22 09:30" for the API's China-time "2026-05-22T09:30". */
export function deadlineText(cst) {
  return cst ? String(cst).replace('T', ' ') : '';
}

const FIELDS = [
  'project_id',
  'method',
  'single_source_reason',
  'title',
  'requirements',
  'standards',
  'qualifications',
  'price_weight',
  'items',
  'invited_ids',
  'deadline',
];

/** The field's base name ("items" for "items[2].weight"), or ''. */
export function baseField(field) {
  const m = /^([a-z_]+)/.exec(String(field ?? ''));
  return m ? m[1] : '';
}

/** The name people know `field` by, '' for a field of no form (status). */
export function fieldLabel(t, field) {
  const base = baseField(field);
  if (!FIELDS.includes(base)) return '';
  const m = /^items\[(\d+)\](?:\.([a-z_]+))?$/.exec(String(field));
  if (m) {
    const nth = t('tenders.field.nthItem', { n: Number(m[1]) + 1 });
    return m[2] ? `${nth}${t(`tenders.field.item_${m[2]}`)}` : nth;
  }
  return t(`tenders.field.${base}`);
}
