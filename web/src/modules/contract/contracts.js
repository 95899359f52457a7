// contracts.js — what the UI knows about a contract (docs/PURCHASE.md §6):
// the seven clauses of [S1] in their order, how long a service period is,
// the sum of the instalments, and the name of a field an error names
// ("instalments[1].min_grade" → 第 2 期：评估等级; "changes.price" → 合同价款).
// The server decides every rule again (src/domain/contract.c).

/** The seven mandatory clauses, in the order of the contract (一、标的 … 七、解决争议). */
export const CLAUSES = [
  'subject',
  'quantity',
  'quality',
  'term',
  'payment_method',
  'breach_liability',
  'dispute_resolution',
];

/** The fields a draft changes (PATCH), clauses included. */
export const DRAFT_FIELDS = ['code', 'price', 'start_on', 'end_on', ...CLAUSES];

/** What an amendment may change, and the provider it may not (R-CON-3). */
export const AMEND_FIELDS = [
  'provider_id',
  'price',
  'start_on',
  'end_on',
  ...CLAUSES,
  'instalments',
];

/** The sum of the instalments' amounts (fen); rows without an amount count 0. */
export function instalmentSum(rows) {
  return rows.reduce((s, r) => s + (Number(r.amount) || 0), 0);
}

/**
 * Months of the period from `start` to `end` ("YYYY-MM-DD") as the server
 * counts them (base/clock.c clock_term_months): whole months, and a month
 * begun counts as one — 2026-03-01 to 2027-02-28 is 12 months. null when
 * either is missing or the end is before the start.
 */
export function periodMonths(start, end) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/;
  const a = m.exec(start ?? '');
  const b = m.exec(end ?? '');
  if (!a || !b || end < start) return null;
  const [ay, am, ad] = a.slice(1).map(Number);
  const [by, bm, bd] = b.slice(1).map(Number);
  return (by - ay) * 12 + (bm - am) + (bd >= ad ? 1 : 0);
}

/** The field without "changes." and its index ("instalments" for "changes.instalments[2].amount"). */
export function baseField(field) {
  const f = String(field ?? '').replace(/^changes\./, '');
  const m = /^([a-z_]+)/.exec(f);
  return m ? m[1] : '';
}

/** The instalment an error names (0-based), or -1. */
export function instalmentIndex(field) {
  const m = /instalments\[(\d+)\]/.exec(String(field ?? ''));
  return m ? Number(m[1]) : -1;
}

const LABELLED = [...DRAFT_FIELDS, 'provider_id', 'instalments', 'award_id', 'checker', 'reason'];

/** The name people know `field` by, '' for a field of no form (status). */
export function fieldLabel(t, field) {
  const base = baseField(field);
  if (!LABELLED.includes(base)) return '';
  const m = /instalments\[(\d+)\](?:\.([a-z_]+))?$/.exec(String(field));
  if (m) {
    const nth = t('contracts.field.nthInstalment', { n: Number(m[1]) + 1 });
    return m[2] ? `${nth}${t(`contracts.field.instalment_${m[2]}`)}` : nth;
  }
  return t(`contracts.field.${base}`);
}
