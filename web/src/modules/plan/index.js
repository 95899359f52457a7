// plan/index.js — what the annual plan module adds to the UI: its pages and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'plan', routes, messages: { 'zh-CN': zhCN, en } };
