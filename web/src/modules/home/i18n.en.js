// The home module's English strings; keys mirror i18n.zh-CN.js.
export default {
  menu: {
    home: 'Workbench',
  },
  home: {
    welcome: 'Welcome, {name}',
    roleLine: 'Role: {role}',
    scopeLine: 'Scope: {scope}',
    previousLogin: 'Previous login: {time} (if this was not you, change your password now)',
    firstLogin: 'This is your first login.',
    quickLinks: 'Quick links',
    health: 'System status',
    healthOk: 'Running normally',
    healthBad: 'Service degraded',
    healthUnreachable: 'Cannot reach the server',
    healthService: 'Service',
    healthCheckedAt: 'Checked at',
    stateOk: 'OK',
    stateBad: 'Failing',
  },
};
