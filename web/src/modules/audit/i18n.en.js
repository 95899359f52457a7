// The audit module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    audit: 'Audit log',
  },
  audit: {
    title: 'Audit log',
    action: 'Action',
    actor: 'Actor',
    actorPlaceholder: 'Username',
    at: 'Time (Beijing)',
    ip: 'IP address',
    object: 'Object',
    outcome: 'Outcome',
    details: 'Changes',
    oldValue: 'Before',
    newValue: 'After',
    noDetails: 'No changes recorded',
    empty: 'No audit entries match',
    allActions: 'All actions',
    actionCount: '{action} ({n})',
    objectShow: '{type} (no. {id})',
    dates: 'Dates',
    from: 'From',
    to: 'To',
    rangeTo: 'to',
  },
};
