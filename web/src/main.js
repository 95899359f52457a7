// main.js — start the UI: language, router, and what happens when the
// server says the session has ended.
import { createApp } from 'vue';
import 'element-plus/es/components/message/style/css';
import './styles/theme.css';
import App from './App.vue';
import { i18n } from './i18n/index.js';
import { router } from './router.js';
import { onUnauthorized } from './http.js';
import { forgetSession } from './session.js';

onUnauthorized(() => {
  forgetSession();
  const current = router.currentRoute.value;
  if (current.name !== 'login') {
    router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
  }
});

createApp(App).use(i18n).use(router).mount('#app');
