// projects.js — what the UI knows about a project's path and its fields:
// the states in order (docs/PURCHASE.md §3), the wizard's steps and which
// step each field of the API is on, and the name of a field an error
// names ("lines[1].nature" → 购买内容第 2 项：事项性质). The server decides
// every rule again (src/domain/project.c).

/** The states a project goes through, in order; cancelled stands apart. */
export const STATE_PATH = [
  'draft',
  'submitted',
  'approved',
  'procuring',
  'contracted',
  'in_service',
  'evaluating',
  'closed',
];

/** The wizard's steps (i18n keys under projects.step.). */
export const STEPS = ['basic', 'service', 'targets', 'budget', 'confirm'];

/** The four kinds of target, in the order they are set. */
export const TARGET_KINDS = ['quantity', 'scale', 'quality', 'effect'];

const STEP_OF = {
  name: 'basic',
  code: 'basic',
  department_id: 'basic',
  year: 'basic',
  plan_id: 'basic',
  station_operation: 'basic',
  item_ids: 'service',
  group_codes: 'service',
  township_codes: 'service',
  station_ids: 'service',
  lines: 'service',
  content: 'service',
  standards: 'service',
  requirements: 'service',
  targets: 'targets',
  amount: 'budget',
  service_start: 'budget',
  service_end: 'budget',
  stable: 'budget',
  stable_reason: 'budget',
};

function parse(field) {
  const m = /^([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?$/.exec(String(field ?? ''));
  return m ? { base: m[1], index: m[2] === undefined ? null : Number(m[2]), member: m[3] } : null;
}

/** The index in STEPS of the step where `field` is entered, or -1. */
export function stepOfField(field) {
  const p = parse(field);
  const step = p ? STEP_OF[p.base] : undefined;
  return step ? STEPS.indexOf(step) : -1;
}

/** The name people know `field` by, '' for a field of no form (state, checker). */
export function fieldLabel(t, field) {
  const p = parse(field);
  if (!p || !STEP_OF[p.base]) return '';
  const base = t(`projects.field.${p.base}`);
  if (p.index === null) return base;
  const nth = t('projects.field.nth', { list: base, n: p.index + 1 });
  return p.member
    ? t('projects.field.member', { item: nth, member: t(`projects.member.${p.member}`) })
    : nth;
}
