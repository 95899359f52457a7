// The readiness module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    readinessItems: '达标检查项',
  },
  readinessItems: {
    title: '达标检查项',
    intro:
      '站点按“有场地、有设备、有人员、有制度、有服务”逐项检查。人工核验项由核验人员逐站勾选；专职人员下限、持证人员下限按站点人员名单自动计算。',
    recomputeNote:
      '修改人员下限后，系统将立即按新下限重新评定该层级所有站点是否运转中，覆盖率随之变化。',
    tabsLabel: '站点层级',
    tiers: {
      county: '县级指导中心',
      township: '乡镇（街道）社工站',
      village: '村（社区）社工室',
    },
    kinds: {
      flag: '人工核验',
      min_staff: '专职人员下限',
      min_qualified: '持证人员下限',
    },
    tableLabel: '{tier}的达标检查项',
    name: '名称',
    kind: '类型',
    threshold: '下限',
    thresholdShow: '不少于 {n} 人',
    empty: '该层级没有检查项',
    edit: '编辑',
    editLabel: '编辑“{name}”',
    editTitle: '编辑检查项：{name}',
    itemOf: '{tier} · {kind}',
    nameZh: '中文名称',
    nameEn: '英文名称',
    nameZhRequired: '请输入中文名称',
    nameEnRequired: '请输入英文名称',
    thresholdLabel: '人数下限',
    thresholdInvalid: '人数下限应为 0 至 99 的整数',
    thresholdHint: '该层级站点须达到的最少人数。保存后将重新评定该层级所有站点。',
    flagHint: '人工核验项没有人数下限，由核验人员逐站勾选。',
    saved: '已保存“{name}”',
  },
};
