// The home module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    home: '工作台',
  },
  home: {
    welcome: '您好，{name}',
    roleLine: '当前角色：{role}',
    scopeLine: '管辖范围：{scope}',
    previousLogin: '上次登录：{time}（如非本人操作，请立即修改密码）',
    firstLogin: '这是您首次登录。',
    quickLinks: '常用功能',
    health: '系统运行状态',
    healthOk: '运行正常',
    healthBad: '服务异常',
    healthUnreachable: '无法连接服务器',
    healthService: '服务',
    healthCheckedAt: '检测时间',
    stateOk: '正常',
    stateBad: '异常',
  },
};
