// contract/index.js — what the contract module adds to the UI: its pages
// and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'contract', routes, messages: { 'zh-CN': zhCN, en } };
