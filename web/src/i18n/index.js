// i18n/index.js — the UI language: vue-i18n instance, Element Plus locale,
// <html lang>, and the user's choice remembered in localStorage.
//
// zh-CN is the default; en is the only other language. Every string shown
// to a user goes through t(); error messages from the server come in both
// languages and are picked here by apiErrorText().
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';
import elementEn from 'element-plus/es/locale/lang/en';
import zhCN from './zh-CN.js';
import en from './en.js';
import { modules } from '../modules/index.js';

const STORAGE_KEY = 'shegong.locale';
export const LOCALES = ['zh-CN', 'en'];
const ELEMENT_LOCALES = { 'zh-CN': elementZhCn, en: elementEn };

function storedLocale() {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return LOCALES.includes(saved) ? saved : 'zh-CN';
  } catch {
    // Storage can be blocked by browser policy; the default still works.
    return 'zh-CN';
  }
}

/** `into` with every key of `from` added, objects merged key by key. */
function merge(into, from) {
  for (const [key, value] of Object.entries(from)) {
    if (value && typeof value === 'object' && into[key] && typeof into[key] === 'object')
      merge(into[key], value);
    else into[key] = value;
  }
  return into;
}

// The shared strings, then each module's (a module may add to a shared
// group such as `menu`).
const messages = { 'zh-CN': structuredClone(zhCN), en: structuredClone(en) };
for (const m of modules) for (const lang of LOCALES) merge(messages[lang], m.messages[lang]);

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages,
});

document.documentElement.lang = i18n.global.locale.value;

/** The Element Plus locale object matching the current UI language. */
export const elementLocale = computed(() => ELEMENT_LOCALES[i18n.global.locale.value]);

/** Switch the UI language, remember it and update <html lang>. */
export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return;
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered across visits, but switched for this one.
  }
}

/**
 * The text to show for an error thrown by api.js: the server's message in
 * the current language, else the other language, else a generic message
 * for the error code.
 */
export function apiErrorText(err) {
  const { t, te, locale } = i18n.global;
  const [first, second] =
    locale.value === 'en' ? [err.message_en, err.message] : [err.message, err.message_en];
  if (first) return first;
  if (second) return second;
  if (err.code && te(`error.${err.code}`)) return t(`error.${err.code}`);
  return t('error.unknown', { status: err.status });
}
