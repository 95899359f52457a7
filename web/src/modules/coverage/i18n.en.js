// The coverage module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    coverage: 'Coverage',
  },
  coverage: {
    title: 'Coverage',
    division: 'Division',
    pathLabel: 'Division path',
    definition:
      'Coverage = townships (villages) with a working station ÷ all townships (villages). A station counts when it is in operation and passes its readiness checklist.',
    townshipRatio: 'Townships (streets) with a station',
    villageRatio: 'Villages (communities) with a room',
    withStation: '{with} of {total} covered',
    countShow: '{with}/{total}',
    noUnits: 'n/a',
    byChild: 'Coverage by division under {division}',
    chartHint: 'Click a bar, or a name in the table, to see that division.',
    chartSummary: 'Bar chart of coverage by division under {division}. {items}',
    partSeparator: ', ',
    itemSeparator: '; ',
    child: 'Division',
    townships: 'Townships',
    villages: 'Villages',
    missingTownships: 'Townships without a station',
    missingVillages: 'Villages without a room',
    missingCount: '{n} in all',
    missingFirst: 'The first {n} are listed',
    noneMissing: 'All covered',
    covered: 'Covered',
    uncovered: 'Not covered',
    ratioShow: '{ratio} ({count})',
  },
};
