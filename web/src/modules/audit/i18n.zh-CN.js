// The audit module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    audit: '审计日志',
  },
  audit: {
    title: '审计日志',
    action: '操作类型',
    actor: '操作人',
    actorPlaceholder: '用户名',
    at: '时间（北京时间）',
    ip: 'IP 地址',
    object: '操作对象',
    outcome: '结果',
    details: '变更内容',
    oldValue: '变更前',
    newValue: '变更后',
    noDetails: '无变更内容',
    empty: '没有符合条件的审计记录',
    allActions: '全部操作类型',
    actionCount: '{action}（{n} 条）',
    objectShow: '{type}（编号 {id}）',
    dates: '日期',
    from: '开始日期',
    to: '结束日期',
    rangeTo: '至',
  },
};
