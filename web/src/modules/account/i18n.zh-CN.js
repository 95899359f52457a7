// The account module's Chinese strings (merged into the UI's messages by i18n/index.js).
export default {
  menu: {
    account: '我的账户',
  },
  account: {
    title: '我的账户',
    profile: '个人信息',
    changePassword: '修改密码',
    currentPassword: '当前密码',
    newPassword: '新密码',
    confirmPassword: '确认新密码',
    currentRequired: '请输入当前密码',
    submit: '修改密码',
    changed: '密码已修改，其他设备上的登录已全部退出',
    hint: '新密码 12–128 个字符，可包含中文；请勿使用常见密码。修改后其他设备上的登录将被退出。',
  },
};
