// The approval module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    approvals: '待办',
  },
  quick: {
    approvals: '复核他人提交的项目：审批通过或退回修改；查看自己提交事项的进展。',
  },
  approvals: {
    title: '待办',
    tabInbox: '待我审批',
    tabMine: '我提交的',
    tabDone: '已处理',
    intro: '经办—复核：提交人不能复核自己提交的事项，须由另一位有审批权限的人员处理。',
    filterStatus: '结果',
    kind: '事项',
    project: '项目',
    amount: '项目金额',
    maker: '提交人',
    madeAt: '提交时间',
    status: '状态',
    checker: '复核人',
    decidedAt: '处理时间',
    reason: '理由',
    empty: '没有待办事项',
    emptyMine: '没有您提交的事项',
    emptyDone: '没有已处理的事项',
    approve: '通过',
    return: '退回',
    approveLabel: '审批通过项目“{name}”',
    returnLabel: '退回项目“{name}”',
    open: '查看',
  },
};
