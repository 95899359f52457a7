// The division module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    divisions: '行政区划',
  },
  divisions: {
    title: '行政区划',
    tree: '区划层级',
    treeLabel: '行政区划树，按方向键浏览，按回车展开或查看详情',
    search: '区划名称',
    searchPlaceholder: '输入名称，如：綦江区',
    searchResults: '查询结果',
    searchEmpty: '没有名称匹配的行政区划',
    name: '名称',
    code: '区划代码',
    level: '层级',
    parent: '上级区划',
    path: '所属路径',
    details: '区划详情',
    detailsEmpty: '在左侧树中或查询结果中选择一个区划以查看详情',
    view: '查看',
    more: '下级区划较多，仅显示前 {n} 个，其余请使用上方查询',
    emptyTitle: '尚未导入行政区划数据',
    emptyText: '行政区划由系统管理员在服务器上使用以下命令导入，导入后即可在此浏览和查询：',
  },
};
