// rules/index.js — what the purchase rules module adds to the UI: its page and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'rules', routes, messages: { 'zh-CN': zhCN, en } };
