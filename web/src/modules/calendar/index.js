// calendar/index.js — what the calendar module adds to the UI: its page and its strings.
import routes from './routes.js';
import zhCN from './i18n.zh-CN.js';
import en from './i18n.en.js';

export default { name: 'calendar', routes, messages: { 'zh-CN': zhCN, en } };
