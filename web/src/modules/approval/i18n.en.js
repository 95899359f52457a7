// The approval module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    approvals: 'To do',
  },
  approvals: {
    title: 'To do',
    tabInbox: 'Awaiting my check',
    tabMine: 'Submitted by me',
    tabDone: 'Decided',
    intro:
      'Maker and checker: no one checks what they submitted; another person holding the permission does.',
    filterStatus: 'Outcome',
    kind: 'Matter',
    project: 'Project',
    amount: 'Project amount',
    maker: 'Submitted by',
    madeAt: 'Submitted at',
    status: 'Status',
    checker: 'Checked by',
    decidedAt: 'Decided at',
    reason: 'Reason',
    empty: 'Nothing awaits you',
    emptyMine: 'Nothing submitted by you',
    emptyDone: 'Nothing decided yet',
    approve: 'Approve',
    return: 'Return',
    approveLabel: 'Approve the project “{name}”',
    returnLabel: 'Return the project “{name}”',
    open: 'Open',
  },
};
