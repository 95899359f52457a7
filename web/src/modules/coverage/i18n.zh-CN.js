// The coverage module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    coverage: '覆盖率',
  },
  coverage: {
    title: '覆盖率',
    division: '行政区划',
    pathLabel: '所在层级',
    definition:
      '覆盖率 = 有运转中站点的乡镇（街道）或村（社区）数 ÷ 总数。站点须为“已运营”且通过达标检查方计入。',
    townshipRatio: '乡镇（街道）站点覆盖率',
    villageRatio: '村（社区）社工室覆盖率',
    withStation: '已覆盖 {with} 个，共 {total} 个',
    countShow: '{with}/{total}',
    noUnits: '无',
    byChild: '{division}下级区划覆盖率',
    chartHint: '点击柱形或下表中的区划名称，查看该区划的覆盖情况。',
    chartSummary: '{division}下级区划覆盖率柱状图。{items}',
    partSeparator: '，',
    itemSeparator: '；',
    child: '区划',
    townships: '乡镇（街道）',
    villages: '村（社区）',
    missingTownships: '尚未覆盖的乡镇（街道）',
    missingVillages: '尚未覆盖的村（社区）',
    missingCount: '共 {n} 个',
    missingFirst: '以下列出前 {n} 个',
    noneMissing: '已全部覆盖',
    covered: '已覆盖',
    uncovered: '未覆盖',
    ratioShow: '{ratio}（{count}）',
  },
};
