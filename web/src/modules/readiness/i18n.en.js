// The readiness module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    readinessItems: 'Readiness checklist',
  },
  readinessItems: {
    title: 'Readiness checklist',
    intro:
      'Every station is checked for the "five haves": a site, equipment, staff, rules and services. Items checked by hand are ticked station by station; the minimums of full-time and qualified staff are counted from the station\'s staff.',
    recomputeNote:
      'When a minimum changes, every station of the tier is re-evaluated against it at once, and the coverage follows.',
    tabsLabel: 'Station tier',
    tiers: {
      county: 'County guidance centers',
      township: 'Township (street) stations',
      village: 'Village (community) rooms',
    },
    kinds: {
      flag: 'Checked by hand',
      min_staff: 'Minimum full-time staff',
      min_qualified: 'Minimum qualified staff',
    },
    tableLabel: 'Readiness checklist of {tier}',
    name: 'Name',
    kind: 'Type',
    threshold: 'Minimum',
    thresholdShow: 'at least {n}',
    empty: 'This tier has no checklist items',
    edit: 'Edit',
    editLabel: 'Edit "{name}"',
    editTitle: 'Edit checklist item: {name}',
    itemOf: '{tier} · {kind}',
    nameZh: 'Chinese name',
    nameEn: 'English name',
    nameZhRequired: 'Enter the Chinese name',
    nameEnRequired: 'Enter the English name',
    thresholdLabel: 'Minimum number of staff',
    thresholdInvalid: 'The minimum must be a whole number from 0 to 99',
    thresholdHint:
      'The fewest staff a station of this tier must have. Saving re-evaluates every station of the tier.',
    flagHint: 'An item checked by hand has no minimum; it is ticked station by station.',
    saved: 'Saved "{name}"',
  },
};
