// orgs.js — what the UI knows about organisations (R-ORG-1..5): the types,
// registration statuses, grades and document kinds of the API, the facts
// the eligibility rules test, and how a rule's fact, value and
// requirement are written for people. Values and their names come from
// enums.js; the facts' names from i18n (`fact.`).

import { enumLabel, enumValues } from '../../enums.js';

/**
 * The facts a rule may test (src/domain/org.c facts[]) and the kind of
 * value each holds: 'type', 'status' and 'grade' take one of the
 * enumerations of enums.js, 'bool' true/false, 'count' a whole number, 'text' free text.
 */
export const FACT_KINDS = {
  type: 'type',
  registration_status: 'status',
  business_scope: 'text',
  full_time_staff: 'count',
  qualified_social_workers: 'count',
  years_of_service: 'count',
  past_projects: 'count',
  last_grade: 'grade',
  dishonest: 'bool',
  tax_record_clean: 'bool',
  social_insurance_clean: 'bool',
  governance_documents: 'count',
  finance_documents: 'count',
};

/** The enumeration (enums.js) of each enumerated kind of fact. */
const ENUM_OF_KIND = {
  type: 'org.type',
  status: 'org.registration_status',
  grade: 'org.grade',
};

/** The values a fact of an enumerated kind may take, or null. */
export function factChoices(fact) {
  switch (FACT_KINDS[fact]) {
    case 'type':
    case 'status':
    case 'grade':
      return enumValues(ENUM_OF_KIND[FACT_KINDS[fact]]);
    default:
      return null;
  }
}

/** The label of one value of an enumerated kind, or null for other kinds. */
function choiceLabel(kind, value) {
  return ENUM_OF_KIND[kind] ? enumLabel(ENUM_OF_KIND[kind], value) : null;
}

/** The label of a value that fact may take (for a select of choices). */
export function choiceText(fact, value, t) {
  return choiceLabel(FACT_KINDS[fact], value) ?? String(value);
}

/** The name of a fact; an unknown one is shown as it is. */
export function factName(fact, t, te) {
  return te(`fact.${fact}`) ? t(`fact.${fact}`) : fact;
}

/** A fact's value for people: labels for codes, 是/否, '—' for none. */
export function valueText(fact, value, t) {
  if (value === null || value === undefined || value === '') return t('orgs.noValue');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  const label = choiceLabel(FACT_KINDS[fact], value);
  return label ?? String(value);
}

/**
 * What a rule requires, readably: "≥ 3", "= 有效", "属于：企业、社会组织",
 * "包含“社会工作”". Lists use the labels of their fact's choices.
 */
export function requirementText(op, expected, fact, t) {
  const one = (v) => valueText(fact, v, t);
  const list = (vs) => (Array.isArray(vs) ? vs.map(one).join(t('orgs.listSeparator')) : one(vs));
  switch (op) {
    case 'ge':
      return `≥ ${expected}`;
    case 'le':
      return `≤ ${expected}`;
    case 'eq':
      return t('requirement.eq', { value: one(expected) });
    case 'ne':
      return t('requirement.ne', { value: one(expected) });
    case 'in':
      return t('requirement.in', { list: list(expected) });
    case 'not_in':
      return t('requirement.notIn', { list: list(expected) });
    case 'contains':
      return t('requirement.contains', { text: String(expected) });
    default:
      return `${op} ${JSON.stringify(expected)}`;
  }
}

/** The identifying code shown for an organisation: USCC or masked ID. */
export function orgCode(org) {
  return org.type === 'individual' ? org.id_number_masked : org.uscc;
}
