// volunteer/index.js — what the volunteer module adds to the UI: its pages and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'volunteer', routes, messages: { 'zh-CN': zhCN, en } };
