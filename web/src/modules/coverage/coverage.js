// coverage.js — how a coverage figure (R-NET-3: {total, with_station,
// ratio}) is written for people.

/** The percentage text of a ratio 0..1 ("50.0%"), `none` for null. */
export function percentText(ratio, none = '—') {
  if (ratio === null || ratio === undefined) return none;
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * "50.0%（1/2）"; for a single township or village "已覆盖" or "未覆盖" (a
 * percentage of one says nothing more); "无" when there are none.
 */
export function coverageText(cell, t) {
  if (!cell.total) return t('coverage.noUnits');
  if (cell.total === 1) return cell.with_station ? t('coverage.covered') : t('coverage.uncovered');
  return t('coverage.ratioShow', {
    ratio: percentText(cell.ratio),
    count: t('coverage.countShow', { with: cell.with_station, total: cell.total }),
  });
}
