// tender/index.js — what the procurement module adds to the UI: its pages
// (one of them public: the objection form) and its strings.
import routes, { publicRoutes } from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'tender', routes, publicRoutes, messages: { 'zh-CN': zhCN, en } };
