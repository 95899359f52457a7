// rules.js — how a purchase rule's figure and origin read (src/domain/
// purchase_rule.h): the value in its unit (fen as 元, percent as %, a flag
// as 是/否, the others with the unit's name from GET /meta/enums), and
// where the figure comes from (全国 or the region, a year or every year).
import { enumLabel } from '../../enums.js';
import { formatMoney } from '../../format.js';
import { nameOf } from '../../composables/useNames.js';

/** The figure `value` of `unit` as people read it. */
export function ruleValueText(t, unit, value) {
  if (unit === 'fen') return formatMoney(value);
  if (unit === 'flag') return value ? t('common.yes') : t('common.no');
  if (unit === 'percent') return t('rules.percentShow', { value });
  return t('rules.valueShow', { value, unit: enumLabel('purchase_rule.unit', unit) });
}

/** The name of a rule's region: 全国 for none, else the division's name. */
export function regionText(t, code) {
  return code ? (nameOf('division', code) ?? code) : t('rules.national');
}

/** Where a row's figure comes from: "綦江区（2026 年）", "全国（各年度）". */
export function sourceText(t, row) {
  return t('rules.sourceShow', {
    region: regionText(t, row.region_code),
    year: row.year ? t('budgets.yearShow', { year: row.year }) : t('rules.everyYear'),
  });
}
