// The account module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    account: 'My account',
  },
  account: {
    title: 'My account',
    profile: 'Profile',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    confirmPassword: 'Confirm new password',
    currentRequired: 'Please enter your current password',
    submit: 'Change password',
    changed: 'Password changed; your other sessions have been logged out',
    hint: 'The new password needs 12–128 characters, Chinese allowed; avoid common passwords. Changing it logs out your other sessions.',
  },
};
