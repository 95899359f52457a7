// orgs.js — what the UI knows about organisations (R-ORG-1..5): the types,
// registration statuses, grades and document kinds of the API, the facts
// the eligibility rules test, and how a rule's fact, value and
// requirement are written for people. Labels come from i18n (`orgType.`,
// `orgStatus.`, `grade.`, `docKind.`, `fact.`).

/** Organisation types of R-ORG-1 (GLOSSARY.md "Organisation types"). */
export const ORG_TYPES = [
  'government',
  'civil_affairs',
  'public_institution_1',
  'public_institution_2',
  'public_institution_business',
  'mass_org_funded',
  'mass_org',
  'enterprise',
  'social_org',
  'rural_collective',
  'self_governing',
  'individual',
  'university',
];

export const REGISTRATION_STATUSES = ['valid', 'revoked', 'deregistered'];
export const GRADES = ['excellent', 'good', 'fair', 'poor'];
export const DOCUMENT_KINDS = ['registration', 'governance', 'finance', 'qualification', 'other'];
/** The two roles an organisation is decided for. */
export const ELIGIBILITY_ROLES = ['provider', 'purchaser'];

/**
 * The facts a rule may test (src/domain/org.c facts[]) and the kind of
 * value each holds: 'type', 'status' and 'grade' take one of the lists
 * above, 'bool' true/false, 'count' a whole number, 'text' free text.
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

/** The values a fact of an enumerated kind may take, or null. */
export function factChoices(fact) {
  switch (FACT_KINDS[fact]) {
    case 'type':
      return ORG_TYPES;
    case 'status':
      return REGISTRATION_STATUSES;
    case 'grade':
      return GRADES;
    default:
      return null;
  }
}

/** The label of one value of an enumerated kind, or null for other kinds. */
function choiceLabel(kind, value, t) {
  switch (kind) {
    case 'type':
      return t(`orgType.${value}`);
    case 'status':
      return t(`orgStatus.${value}`);
    case 'grade':
      return t(`grade.${value}`);
    default:
      return null;
  }
}

/** The label of a value that fact may take (for a select of choices). */
export function choiceText(fact, value, t) {
  return choiceLabel(FACT_KINDS[fact], value, t) ?? String(value);
}

/** The name of a fact; an unknown one is shown as it is. */
export function factName(fact, t, te) {
  return te(`fact.${fact}`) ? t(`fact.${fact}`) : fact;
}

/** A fact's value for people: labels for codes, 是/否, '—' for none. */
export function valueText(fact, value, t) {
  if (value === null || value === undefined || value === '') return t('orgs.noValue');
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  const label = choiceLabel(FACT_KINDS[fact], value, t);
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

/** The roles that may register and change organisations (the server's ORG_EDITORS). */
export function canEditOrgs(user) {
  return user?.role === 'admin' || user?.role === 'civil_affairs';
}

/** The roles that may export the list (the server's ORG_EXPORTERS). */
export function canExportOrgs(user) {
  return canEditOrgs(user) || user?.role === 'township';
}
