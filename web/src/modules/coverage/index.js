// coverage/index.js — what the coverage module adds to the UI: its pages and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'coverage', routes, messages: { 'zh-CN': zhCN, en } };
