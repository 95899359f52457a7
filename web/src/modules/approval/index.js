// approval/index.js — what the approval module adds to the UI: its pages and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'approval', routes, messages: { 'zh-CN': zhCN, en } };
